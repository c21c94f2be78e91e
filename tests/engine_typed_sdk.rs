//! The typed path against bytes the real Flyte 2 SDK wrote (tests/data/extra-cases, block
//! "typed path" of gen_extra_cases.py): schema evolution (a key the Rust type does not know, a
//! field the writer did not know yet) and enums inside structs (values in a dataclass, names in
//! a pydantic model), read exactly as mashumaro and pydantic read them.

#![cfg(feature = "derive")]

use flyte_types::engine::{FlyteType, StructField};
use flyte_types::idl::core::Literal;
use flyte_types::msgpack::Msg;
use flyte_types::wire::encode_canonical;
use prost::Message;
use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::sdk_support;
use sdk_support::{literal, reads_as, refuses, writes_as};

/// Python's `Status(str, Enum)` of the cases.
#[derive(Debug, Clone, Copy, PartialEq, Default, FlyteType)]
enum Status {
    #[default]
    Active,
    #[flyte(value = "on-hold")]
    OnHold,
    Closed,
}

/// Python's `Level(IntEnum)`.
#[derive(Debug, Clone, Copy, PartialEq, FlyteType)]
enum Level {
    #[flyte(value = 1)]
    Low,
    #[flyte(value = 5)]
    Mid,
    #[flyte(value = 10)]
    High,
}

// ---------------------------------------------------------------- schema evolution

/// The reader's version: no `loyalty_tier`; `visits` and `status` have defaults.
#[derive(Debug, PartialEq, FlyteType)]
struct Customer {
    name: String,
    #[flyte(default)]
    visits: i64,
    #[serde(default)]
    status: Status,
}

#[derive(Debug, PartialEq, FlyteType)]
#[serde(deny_unknown_fields)]
struct StrictCustomer {
    name: String,
    visits: i64,
    status: Status,
}

#[derive(Debug, PartialEq, FlyteType)]
struct CustomerNoDefaults {
    name: String,
    visits: i64,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic, title = "PCustomer")]
struct PCustomer {
    name: String,
    #[flyte(default = 0)]
    visits: i64,
    #[flyte(default)]
    status: Status,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic, deny_unknown_fields)]
struct PStrictCustomer {
    name: String,
    visits: i64,
    status: Status,
}

#[test]
fn a_key_the_reader_does_not_know_is_ignored() {
    // {"name": "Ada", "visits": 3, "status": "on-hold", "loyalty_tier": "gold"}
    let want = Customer {
        name: "Ada".into(),
        visits: 3,
        status: Status::OnHold,
    };
    reads_as("typed_dc_newer_writer", &want);
    // pydantic writes the member name: {"status": "ON_HOLD", ...}
    let want = PCustomer {
        name: "Ada".into(),
        visits: 3,
        status: Status::OnHold,
    };
    reads_as("typed_pyd_newer_writer", &want);
}

#[test]
fn deny_unknown_fields_refuses_it() {
    refuses::<StrictCustomer>("typed_dc_newer_writer", r#"unknown field "loyalty_tier""#);
    refuses::<PStrictCustomer>("typed_pyd_newer_writer", r#"unknown field "loyalty_tier""#);
}

#[test]
fn an_older_payload_reads_with_the_defaults() {
    // {"name": "Ada"}
    let want = Customer {
        name: "Ada".into(),
        visits: 0,
        status: Status::Active,
    };
    reads_as("typed_dc_older_writer", &want);
    let want = PCustomer {
        name: "Ada".into(),
        visits: 0,
        status: Status::Active,
    };
    reads_as("typed_pyd_older_writer", &want);
    // Without a default the field is required, as in Python.
    refuses::<CustomerNoDefaults>(
        "typed_dc_older_writer",
        r#"missing required field "visits""#,
    );
}

// ---------------------------------------------------------------- enums inside structs

#[derive(Debug, PartialEq, FlyteType)]
struct Step {
    status: Status,
}

#[derive(Debug, PartialEq, FlyteType)]
struct Workflow {
    current: Option<Status>,
    levels: Vec<Level>,
    by_name: BTreeMap<String, Status>,
    steps: Vec<Step>,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PStep {
    status: Status,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PWorkflow {
    current: Option<Status>,
    levels: Vec<Level>,
    by_name: BTreeMap<String, Status>,
    steps: Vec<PStep>,
}

fn workflow() -> Workflow {
    Workflow {
        current: Some(Status::OnHold),
        levels: vec![Level::Low, Level::High],
        by_name: BTreeMap::from([("a".to_string(), Status::Closed)]),
        steps: vec![Step {
            status: Status::Active,
        }],
    }
}

fn p_workflow() -> PWorkflow {
    let w = workflow();
    PWorkflow {
        current: w.current,
        levels: w.levels,
        by_name: w.by_name,
        steps: vec![PStep {
            status: Status::Active,
        }],
    }
}

#[test]
fn enums_in_a_dataclass_are_values_written_and_read() {
    // mashumaro: {"current": "on-hold", "levels": [1, 10], "by_name": {"a": "closed"},
    // "steps": [{"status": "active"}]}
    writes_as("typed_dc_enum_containers", &workflow());
    reads_as("typed_dc_enum_containers", &workflow());
}

#[test]
fn enums_in_a_pydantic_model_are_names_written_and_read() {
    // Flyte's pydantic transformer: {"current": "ON_HOLD", "levels": ["LOW", "HIGH"],
    // "by_name": {"a": "CLOSED"}, "steps": [{"status": "ACTIVE"}]}
    writes_as("typed_pyd_enum_containers", &p_workflow());
    reads_as("typed_pyd_enum_containers", &p_workflow());
}

/// The SDK's payload of `case` with `edit` applied, as a literal of the same shape.
fn edited(case: &str, edit: impl FnOnce(&mut Vec<(Msg, Msg)>)) -> Vec<u8> {
    let lit = literal(case);
    let mut msg = flyte_types::engine::literal_msg(&lit).unwrap();
    let Msg::Map(entries) = &mut msg else {
        panic!("{case}: not a map")
    };
    edit(entries);
    encode_canonical(&flyte_types::engine::msgpack_literal(&msg).unwrap())
}

fn set(entries: &mut [(Msg, Msg)], key: &str, value: Msg) {
    let slot = entries
        .iter_mut()
        .find(|(k, _)| *k == Msg::Str(key.into()))
        .unwrap();
    slot.1 = value;
}

#[test]
fn a_dataclass_refuses_member_names_and_lists_the_values() {
    // mashumaro reads `Status(v)`: "ON_HOLD" is refused there
    // (InvalidFieldValue: Field "current" of type Optional[Status] in Workflow has invalid value).
    let names = edited("typed_dc_enum_containers", |e| {
        set(e, "current", Msg::Str("ON_HOLD".into()))
    });
    let message =
        r#"at current: "ON_HOLD" is not one of the enum values ["active", "on-hold", "closed"]"#;
    let lit = Literal::decode(names.as_slice()).unwrap();
    assert_eq!(
        Workflow::from_literal(&lit).unwrap_err().to_string(),
        message
    );
    assert_eq!(
        Workflow::read_literal_bytes(&names)
            .unwrap_err()
            .to_string(),
        message
    );
    // An IntEnum member name inside a list: refused too, the values listed.
    let names = edited("typed_dc_enum_containers", |e| {
        set(
            e,
            "levels",
            Msg::Array(vec![Msg::Int(1), Msg::Str("HIGH".into())]),
        )
    });
    assert_eq!(
        Workflow::read_literal_bytes(&names)
            .unwrap_err()
            .to_string(),
        r#"at levels[1]: "HIGH" is not one of the enum values ["1", "5", "10"]"#
    );
}

#[test]
fn a_pydantic_model_reads_names_and_values_and_lists_the_names() {
    // Flyte's pydantic transformer looks a string up by name, then by value.
    let values = edited("typed_pyd_enum_containers", |e| {
        set(e, "current", Msg::Str("on-hold".into()));
        set(e, "levels", Msg::Array(vec![Msg::Int(1), Msg::Int(10)]));
    });
    assert_eq!(
        PWorkflow::read_literal_bytes(&values).unwrap(),
        p_workflow()
    );
    let unknown = edited("typed_pyd_enum_containers", |e| {
        set(e, "current", Msg::Str("paused".into()))
    });
    assert_eq!(
        PWorkflow::read_literal_bytes(&unknown)
            .unwrap_err()
            .to_string(),
        r#"at current: "paused" is not one of the enum values ["ACTIVE", "ON_HOLD", "CLOSED"]"#
    );
}

#[test]
fn a_dataclass_nested_in_a_model_reads_by_its_own_rule() {
    // The struct whose field it is decides: a dataclass nested in a model still refuses names.
    #[derive(Debug, PartialEq, FlyteType)]
    #[flyte(pydantic)]
    struct Outer {
        step: Step,
    }
    let msg = Msg::Map(vec![(
        Msg::Str("step".into()),
        Msg::Map(vec![(Msg::Str("status".into()), Msg::Str("ACTIVE".into()))]),
    )]);
    assert_eq!(
        Outer::from_msg(&msg).unwrap_err().to_string(),
        r#"at step.status: "ACTIVE" is not one of the enum values ["active", "on-hold", "closed"]"#
    );
}

// ---------------------------------------------------------------- Rust shapes (issue 20)

/// `Node` of the case: a tree through `Vec` and `Option<Box<…>>`.
#[derive(Debug, PartialEq, FlyteType)]
struct Node {
    value: i64,
    children: Vec<Node>,
    #[flyte(default)]
    parent_hint: Option<Box<Node>>,
}

fn leaf(value: i64) -> Node {
    Node {
        value,
        children: vec![],
        parent_hint: None,
    }
}

#[test]
fn a_recursive_struct_through_box() {
    // mashumaro: {"$defs": {"Node": {...}}, "$ref": "#/$defs/Node"}
    let tree = Node {
        value: 1,
        children: vec![
            leaf(2),
            Node {
                value: 3,
                children: vec![leaf(4)],
                parent_hint: None,
            },
        ],
        parent_hint: Some(Box::new(leaf(0))),
    };
    writes_as("typed_dc_recursive_tree", &tree);
    reads_as("typed_dc_recursive_tree", &tree);
}

/// A newtype: the field's type and bytes (serde's `transparent`).
#[derive(Debug, Clone, Copy, PartialEq, FlyteType)]
struct OrderId(i64);

#[derive(Debug, PartialEq, FlyteType)]
#[serde(transparent)]
struct Label {
    text: String,
}

#[derive(Debug, PartialEq, FlyteType)]
struct Cursor {
    order_id: OrderId,
    label: Label,
}

/// Python's `Page(Generic[T])`, read as `Page[Cursor]`.
#[derive(Debug, PartialEq, FlyteType)]
struct Page<T> {
    items: Vec<T>,
    total: i64,
}

#[test]
fn generic_structs_and_newtypes() {
    let cursor = |id, text: &str| Cursor {
        order_id: OrderId(id),
        label: Label { text: text.into() },
    };
    let page = Page {
        items: vec![cursor(7, "a"), cursor(9, "b")],
        total: 2,
    };
    writes_as("typed_dc_generic_page", &page);
    reads_as("typed_dc_generic_page", &page);
    // A newtype at the top level is its field: an INTEGER literal.
    assert_eq!(OrderId::literal_type(), i64::literal_type());
    assert_eq!(
        OrderId(7).to_literal_bytes().unwrap(),
        7i64.to_literal_bytes().unwrap()
    );
    assert_eq!(
        OrderId::read_literal_bytes(&7i64.to_literal_bytes().unwrap()).unwrap(),
        OrderId(7)
    );
    // Through Rc / Arc the bytes are the inner type's.
    let shared = std::sync::Arc::new(cursor(1, "x"));
    assert_eq!(
        shared.to_literal_bytes().unwrap(),
        cursor(1, "x").to_literal_bytes().unwrap()
    );
    assert_eq!(
        std::rc::Rc::<Cursor>::from_literal(&cursor(1, "x").to_literal().unwrap()).unwrap(),
        std::rc::Rc::new(cursor(1, "x"))
    );
}

/// Python's `Any`, untyped `dict` and `Dict[str, Any]` fields.
#[derive(Debug, PartialEq, FlyteType)]
struct Loose {
    anything: serde_json::Value,
    blob: flyte_types::value::Value,
    data: BTreeMap<String, serde_json::Value>,
    big: u64,
}

#[test]
fn any_fields_hold_what_python_wrote() {
    use flyte_types::value::Value;
    let want = Loose {
        anything: serde_json::json!({"a": [1, 2.5, null, "x"]}),
        blob: Value::Map(vec![("k".into(), Value::Bytes(vec![0, 0xff]))]),
        data: BTreeMap::from([("x".to_string(), serde_json::json!(1))]),
        big: (1 << 63) - 1,
    };
    reads_as("typed_dc_any_fields", &want);
    // The msgpack is the SDK's; the schema differs only where Rust cannot say `dict` vs
    // `Dict[str, Any]` from `Value` (both are `{}` here): compare the payload.
    assert_eq!(
        flyte_types::engine::literal_msg(&want.to_literal().unwrap()).unwrap(),
        flyte_types::engine::literal_msg(&literal("typed_dc_any_fields")).unwrap()
    );
    // serde_json::Value cannot hold bytes: refused with a pointer to `Value`.
    #[derive(Debug, PartialEq, FlyteType)]
    struct JsonOnly {
        blob: serde_json::Value,
    }
    assert_eq!(
        JsonOnly::from_literal(&literal("typed_dc_any_fields"))
            .unwrap_err()
            .to_string(),
        "at blob.k: expected a JSON value (serde_json::Value; use flyte_types::value::Value to \
         hold more), found bytes"
    );
}

#[test]
fn u64_above_int64_is_msgpack_uint64_as_python_writes_it() {
    #[derive(Debug, PartialEq, FlyteType)]
    struct Big {
        n: u64,
    }
    // Python: msgpack.packb(2**64 - 1) == b"\xcf" + b"\xff" * 8; 2**63 is cf 80 00 ...
    for (n, tail) in [
        (u64::MAX, [0xff; 8]),
        (1 << 63, [0x80, 0, 0, 0, 0, 0, 0, 0]),
    ] {
        let v = Big { n };
        let msg = flyte_types::engine::literal_msg(&v.to_literal().unwrap()).unwrap();
        let bytes = flyte_types::msgpack::to_vec(&msg).unwrap();
        let mut want = vec![0x81, 0xa1, b'n', 0xcf];
        want.extend_from_slice(&tail);
        assert_eq!(bytes, want);
        assert_eq!(
            Big::read_literal_bytes(&v.to_literal_bytes().unwrap()).unwrap(),
            v
        );
        assert_eq!(Big::from_literal(&v.to_literal().unwrap()).unwrap(), v);
    }
}

/// The rules above are the SDK's: its own readers, run on the same payloads
/// (tests/data/sdk_struct_reads.py), refuse and accept exactly these.
#[test]
fn the_sdk_reads_these_payloads_the_same_way() {
    let Some(python) = sdk_support::python("the Flyte 2 SDK check") else {
        return;
    };
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sdk_struct_reads.py"
    );
    let run = std::process::Command::new(&python)
        .arg(script)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            // A member name inside a dataclass: mashumaro refuses it (as Workflow does above).
            "refused InvalidFieldValue",
            "refused InvalidFieldValue",
            // Values inside a pydantic model: read (as PWorkflow does above).
            "ok current=<Status.ON_HOLD: 'on-hold'> levels=[<Level.LOW: 1>, <Level.HIGH: 10>] \
             by_name={'a': <Status.CLOSED: 'closed'>} steps=[PStep(status=<Status.ACTIVE: 'active'>)]",
            "refused ValidationError",
            // A dataclass inside a model keeps mashumaro's rule for its own fields.
            "refused ValidationError",
            // Unknown keys ignored, a missing field with a default filled.
            "ok Customer(name='Ada', visits=3)",
            "ok Customer(name='Ada', visits=0)",
        ]
    );
}

// ---------------------------------------------------------------- union fields

#[derive(Debug, PartialEq, FlyteType)]
enum StrsOrStr {
    L(Vec<String>),
    S(String),
}

#[derive(Debug, PartialEq, FlyteType)]
enum IntsOrStr {
    L(Vec<i64>),
    S(String),
}

#[derive(Debug, PartialEq, FlyteType)]
struct Td {
    f0: i64,
}

#[derive(Debug, PartialEq, FlyteType)]
enum StrsOrTd {
    L(Vec<String>),
    T(Td),
}

/// Three fields of the case's `Spans` (the others are keys this reader does not know).
#[derive(Debug, PartialEq, FlyteType)]
struct UnionSpans {
    words: StrsOrStr,
    digits: IntsOrStr,
    keys: StrsOrTd,
}

/// mashumaro reads a str for a list variant listed first as its characters (each converted:
/// `int("1")`), and a map as its keys: what the SDK read back is in the case's value.json.
#[test]
fn a_dataclass_union_field_iterates_a_str_or_a_map_for_a_list_variant() {
    reads_as(
        "dc_union_sdk_reads",
        &UnionSpans {
            words: StrsOrStr::L(vec!["a".into(), "b".into(), "c".into()]),
            digits: IntsOrStr::L(vec![1, 2, 3]),
            keys: StrsOrTd::L(vec!["f0".into()]),
        },
    );
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PCard {
    last4: String,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PTransfer {
    last4: String,
    booked: chrono::DateTime<chrono::Utc>,
    delay: chrono::TimeDelta,
}

#[derive(Debug, PartialEq, FlyteType)]
enum PMethod {
    Card(PCard),
    Transfer(PTransfer),
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PPayment {
    method: PMethod,
    fallback: Option<PMethod>,
    history: Vec<PMethod>,
}

/// pydantic's smart union: PCard reads a PTransfer payload too (extra keys are ignored), and
/// the model that sets the most of the map's keys wins.
#[test]
fn a_pydantic_union_field_takes_the_model_setting_the_most_keys() {
    use chrono::TimeZone;
    let at = |y, mo, d, h, mi, s| chrono::Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
    reads_as(
        "dm_pyd_union_most_fields",
        &PPayment {
            method: PMethod::Transfer(PTransfer {
                last4: "1111".into(),
                booked: at(2024, 1, 2, 3, 4, 5),
                delay: chrono::TimeDelta::seconds(3),
            }),
            fallback: Some(PMethod::Card(PCard {
                last4: "2222".into(),
            })),
            history: vec![
                PMethod::Card(PCard { last4: "3".into() }),
                PMethod::Transfer(PTransfer {
                    last4: "4".into(),
                    booked: at(2020, 2, 29, 0, 0, 0),
                    delay: chrono::TimeDelta::minutes(5),
                }),
            ],
        },
    );
}

#[derive(Debug, PartialEq, FlyteType)]
enum IntsOrMap {
    L(Vec<i64>),
    M(BTreeMap<String, i64>),
}

#[derive(Debug, PartialEq, FlyteType)]
struct KeysAsInts {
    v: IntsOrMap,
}

#[derive(Debug, PartialEq, FlyteType)]
enum StrsOrMap {
    L(Vec<String>),
    M(BTreeMap<String, i64>),
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PListOrStr {
    v: IntsOrStr,
    w: StrsOrMap,
}

/// mashumaro's `list[int]` variant iterates a dict's keys and converts them (`int("22")`);
/// pydantic takes the exact kinds instead: the str variant for a str, the dict one for a map.
#[test]
fn a_union_field_iterates_only_under_mashumaro() {
    reads_as(
        "dc_union_dict_keys_as_ints",
        &KeysAsInts {
            v: IntsOrMap::L(vec![1, 22]),
        },
    );
    reads_as(
        "pyd_union_list_or_str_text",
        &PListOrStr {
            v: IntsOrStr::S("123".into()),
            w: StrsOrMap::M(BTreeMap::from([("a".into(), 1)])),
        },
    );
}
