//! `flyte_types::serde`: serde + schemars types as the Flyte structs Flyte 2 writes for the
//! equivalent dataclasses, against bytes the real SDK wrote (tests/data/extra-cases/serde_dc_*,
//! block "serde types" of gen_extra_cases.py) and read back by the real SDK (py_decode.py).

#![cfg(all(feature = "serde-types", feature = "derive"))]

use chrono::{DateTime, TimeZone, Utc};
use flyte_types::engine::Bytes;
use flyte_types::engine::FlyteType;
use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::msgpack::Msg;
use flyte_types::serde::{self as flyte_serde, Serde};
use flyte_types::value;
use flyte_types::wire::encode_canonical;
use proptest::prelude::*;
use prost::Message;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::sdk_support;
use sdk_support::{case_file, literal as sdk_literal};

fn sdk_type(case: &str) -> LiteralType {
    LiteralType::decode(case_file(case, "type.pb").as_slice()).unwrap()
}

/// `ty` is the SDK's `type.pb`, byte for byte (the schemas compared first, for a readable diff).
fn type_is_sdks(ty: &LiteralType, case: &str) {
    let schema = |t: &LiteralType| {
        flyte_types::idl::struct_to_json(t.metadata.as_ref().unwrap(), 128).unwrap()
    };
    assert_eq!(schema(ty), schema(&sdk_type(case)), "{case}: schema");
    assert_eq!(
        encode_canonical(ty),
        case_file(case, "type.pb"),
        "{case}: type.pb"
    );
}

// ---- the Rust side of the SDK's dataclasses (gen_extra_cases.py, SERDE_DC_ORDER) ----------

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Inner {
    a: i64,
    label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Cat {
    name: String,
    lives: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Dog {
    name: String,
    good: bool,
}

// Python's `Union[Cat, Dog]` (a doc comment would be the schema's `description`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
enum Pet {
    Cat(Cat),
    Dog(Dog),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Order {
    inner: Inner,
    items: Vec<i32>,
    mapping: BTreeMap<String, f64>,
    color: Color,
    #[serde(with = "flyte_serde::datetime")]
    #[schemars(with = "DateTime<Utc>")]
    when: DateTime<Utc>,
    raw: Bytes,
    small: u8,
    ratio: f32,
    pair: (i64, String),
    tags: Vec<Option<String>>,
    pet: Pet,
    by_day: BTreeMap<String, Vec<Inner>>,
    note: Option<String>,
    maybe_inner: Option<Inner>,
}

fn when() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).unwrap() + chrono::TimeDelta::microseconds(10)
}

fn inner(a: i64, label: &str) -> Inner {
    Inner {
        a,
        label: label.into(),
    }
}

/// The value of the case serde_dc_order.
fn order() -> Order {
    Order {
        inner: inner(7, "in"),
        items: vec![1, 2, 3],
        mapping: [("k1".to_string(), 1.0), ("k2".to_string(), -0.5)].into(),
        color: Color::Green,
        when: when(),
        raw: Bytes(vec![0x00, 0x10, 0xff]),
        small: 200,
        ratio: 0.5,
        pair: (4, "four".into()),
        tags: vec![Some("a".into()), None],
        pet: Pet::Dog(Dog {
            name: "rex".into(),
            good: true,
        }),
        by_day: [("mon".to_string(), vec![inner(1, "x")])].into(),
        note: None,
        maybe_inner: Some(inner(2, "y")),
    }
}

#[test]
fn a_serde_type_writes_the_sdk_dataclass_bytes() {
    let case = "serde_dc_order";
    type_is_sdks(&flyte_serde::literal_type::<Order>(), case);
    let literal = flyte_serde::to_literal(&order()).unwrap();
    assert_eq!(
        encode_canonical(&literal),
        case_file(case, "literal.pb"),
        "literal.pb"
    );
}

#[test]
fn a_serde_type_reads_the_literal() {
    assert_eq!(
        flyte_serde::from_literal::<Order>(&sdk_literal("serde_dc_order")).unwrap(),
        order()
    );
    assert_eq!(
        flyte_serde::from_literal::<Inner>(&sdk_literal("serde_dc_inner")).unwrap(),
        inner(7, "in")
    );
}

/// A derived struct with a serde type as a field: Python's `Job(name: str, order: Order)`.
#[derive(Debug, Clone, PartialEq, FlyteType)]
struct Job {
    name: String,
    order: Serde<Order>,
}

#[test]
fn a_serde_field_of_a_derived_struct_writes_the_sdk_bytes() {
    let case = "serde_dc_job";
    let job = Job {
        name: "j1".into(),
        order: Serde(order()),
    };
    type_is_sdks(&Job::literal_type(), case);
    assert_eq!(
        job.to_literal_bytes().unwrap(),
        case_file(case, "literal.pb"),
        "literal.pb"
    );
    assert_eq!(Job::from_literal(&sdk_literal(case)).unwrap(), job);
    assert_eq!(
        Job::read_literal_bytes(&case_file(case, "literal.pb")).unwrap(),
        job
    );
    // On its own, `Serde<T>` is `T`'s struct.
    type_is_sdks(&Serde::<Order>::literal_type(), "serde_dc_order");
    assert_eq!(
        Serde::<Order>::from_literal(&sdk_literal("serde_dc_order")).unwrap(),
        Serde(order())
    );
}

// Python's `Node(value: int, children: List[Node], parent_hint: Optional[Node] = None)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Node {
    value: i64,
    children: Vec<Node>,
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
fn a_recursive_serde_type_writes_the_sdk_bytes() {
    let case = "typed_dc_recursive_tree";
    let tree = Node {
        value: 1,
        children: vec![
            leaf(2),
            Node {
                children: vec![leaf(4)],
                ..leaf(3)
            },
        ],
        parent_hint: Some(Box::new(leaf(0))),
    };
    type_is_sdks(&flyte_serde::literal_type::<Node>(), case);
    let literal = flyte_serde::to_literal(&tree).unwrap();
    assert_eq!(
        encode_canonical(&literal),
        case_file(case, "literal.pb"),
        "literal.pb"
    );
    assert_eq!(
        flyte_serde::from_literal::<Node>(&sdk_literal(case)).unwrap(),
        tree
    );
}

// `Inner` with doc comments and another integer width: not the dataclass's bytes (schemars
// writes each doc comment as a `description`), but castable to and from it, as propeller
// compares schemas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "Inner")]
struct DocumentedInner {
    /// How many.
    a: u32,
    /// What it is called.
    label: String,
}

#[test]
fn a_documented_serde_type_is_castable_to_and_from_the_sdk_dataclass() {
    let ours = flyte_serde::literal_type::<DocumentedInner>();
    let sdk = sdk_type("serde_dc_inner");
    assert_ne!(encode_canonical(&ours), encode_canonical(&sdk));
    assert_eq!(
        flyte_serde::json_schema::<DocumentedInner>(),
        json!({
            "type": "object",
            "title": "Inner",
            "properties": {
                "a": {"type": "integer", "description": "How many."},
                "label": {"type": "string", "description": "What it is called."},
            },
            "required": ["a", "label"],
            "additionalProperties": false,
        })
    );
    flyte_types::cast::is_castable(&ours, &sdk).unwrap();
    flyte_types::cast::is_castable(&sdk, &ours).unwrap();
    // And an Order is not an Inner.
    let err = flyte_types::cast::is_castable(&flyte_serde::literal_type::<Order>(), &sdk)
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"a\" is missing upstream"), "{err}");
}

// ---- msgpack choices -------------------------------------------------------------------------

fn msgpack_of<T: Serialize>(value: &T) -> Vec<u8> {
    let literal = flyte_serde::to_literal(value).unwrap();
    let Some(flyte_types::idl::core::literal::Value::Scalar(s)) = literal.value else {
        panic!("not a scalar")
    };
    let Some(flyte_types::idl::core::scalar::Value::Binary(b)) = s.value else {
        panic!("not a binary")
    };
    assert_eq!(b.tag, "msgpack");
    b.value
}

#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
enum Event {
    Start,
    Count(u64),
    Move { dx: i8 },
    Pair(i16, i16),
}

#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Numbers {
    f: f32,
    big: u64,
    neg: i64,
    unit: (),
    events: Vec<Event>,
    plain_bytes: Vec<u8>,
}

#[test]
fn msgpack_is_what_python_writes_for_the_equivalent_value() {
    let n = Numbers {
        f: 1.5,
        big: u64::MAX,
        neg: -33,
        unit: (),
        events: vec![
            Event::Start,
            Event::Count(1),
            Event::Move { dx: -1 },
            Event::Pair(1, 2),
        ],
        plain_bytes: vec![1, 255],
    };
    let mut want = vec![0x86];
    want.extend(b"\xa1f\xcb\x3f\xf8\0\0\0\0\0\0"); // f32 as float64
    want.extend(b"\xa3big\xcf\xff\xff\xff\xff\xff\xff\xff\xff"); // uint64
    want.extend(b"\xa3neg\xd0\xdf"); // int8
    want.extend(b"\xa4unit\xc0");
    want.extend(b"\xa6events\x94\xa5Start\x81\xa5Count\x01\x81\xa4Move\x81\xa2dx\xff");
    want.extend(b"\x81\xa4Pair\x92\x01\x02");
    want.extend(b"\xabplain_bytes\x92\x01\xcc\xff"); // a Vec<u8> is a list of ints
    assert_eq!(msgpack_of(&n), want);
    let back: Numbers = flyte_serde::from_literal(&flyte_serde::to_literal(&n).unwrap()).unwrap();
    assert_eq!(back, n);
}

#[test]
fn bin_reads_into_a_vec_of_bytes_and_ints_into_floats() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
    struct Loose {
        data: Vec<u8>,
        x: f64,
    }
    let literal = flyte_types::engine::msgpack_literal(&Msg::Map(vec![
        (Msg::Str("data".into()), Msg::Bin(vec![0, 7])),
        (Msg::Str("x".into()), Msg::Int(3)),
    ]))
    .unwrap();
    assert_eq!(
        flyte_serde::from_literal::<Loose>(&literal).unwrap(),
        Loose {
            data: vec![0, 7],
            x: 3.0
        }
    );
}

#[test]
fn chrono_serde_text_is_rfc3339_with_z() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
    struct At {
        when: DateTime<Utc>,
    }
    let bytes = msgpack_of(&At { when: when() });
    assert_eq!(bytes, b"\x81\xa4when\xbb2024-05-06T07:08:09.000010Z");
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn errors_name_the_path_and_what_was_expected() {
    let err = flyte_serde::to_literal(&5i64).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected a struct or map (a Flyte struct is an object), found int"
    );

    #[derive(Serialize)]
    struct Keys {
        by_pair: HashMap<(i32, i32), i32>,
    }
    let err = flyte_serde::to_literal(&Keys {
        by_pair: [((1, 2), 3)].into(),
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at by_pair: expected a string or integer map key, found array"
    );

    #[derive(Serialize)]
    struct Huge {
        n: Vec<i128>,
    }
    let err = flyte_serde::to_literal(&Huge {
        n: vec![0, -(1 << 64)],
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at n[1]: integer -18446744073709551616 (beyond int64 and uint64) is out of range"
    );

    // Reading: serde's message, at the path of the value it refused.
    let mut doc = order();
    doc.by_day
        .insert("tue".into(), vec![inner(1, "x"), inner(2, "y")]);
    let literal = flyte_serde::to_literal(&doc).unwrap();
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        by_day: BTreeMap<String, Vec<StrictInner>>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct StrictInner {
        a: i64,
        label: u8,
    }
    let err = flyte_serde::from_literal::<Strict>(&literal).unwrap_err();
    assert_eq!(
        err.to_string(),
        "at by_day.mon[0].label: serde: invalid type: string \"x\", expected u8"
    );
    let err = flyte_serde::from_literal::<Order>(
        &flyte_types::engine::msgpack_literal(&Msg::Map(vec![(
            Msg::Str("inner".into()),
            Msg::Ext(1, vec![0]),
        )]))
        .unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at inner: expected a msgpack value serde can read, found an extension"
    );
    let not_struct = value::encode(
        &flyte_serde::literal_type::<Inner>(),
        &json!({"a": 1, "label": "x"}),
    )
    .unwrap();
    assert_eq!(
        flyte_serde::from_literal::<Inner>(&not_struct).unwrap(),
        inner(1, "x")
    );
    let int = <i64 as FlyteType>::to_literal(&3).unwrap();
    assert_eq!(
        flyte_serde::from_literal::<Inner>(&int)
            .unwrap_err()
            .to_string(),
        "expected a msgpack binary, found another scalar"
    );
}

// ---- the real SDK reads what we write --------------------------------------------------------

/// A case folder for py_decode.py: our type and literal, the SDK case's value.json and case.json
/// (python_type, python_defs): what the SDK decoded from its own literal of the same value.
fn write_case(out: &Path, name: &str, sdk_case: &str, ty: &LiteralType, literal: &Literal) {
    let dir = out.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("type.pb"), encode_canonical(ty)).unwrap();
    std::fs::write(dir.join("literal.pb"), encode_canonical(literal)).unwrap();
    for f in ["value.json", "case.json"] {
        std::fs::write(dir.join(f), case_file(sdk_case, f)).unwrap();
    }
}

/// The plain chrono serde form of `Order`'s datetime (`…Z`): mashumaro reads it too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct OrderChrono {
    inner: Inner,
    items: Vec<i32>,
    mapping: HashMap<String, f64>,
    color: Color,
    when: DateTime<Utc>,
    raw: Bytes,
    small: u8,
    ratio: f32,
    pair: (i64, String),
    tags: Vec<Option<String>>,
    pet: Pet,
    by_day: HashMap<String, Vec<Inner>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    maybe_inner: Option<Inner>,
}

#[test]
fn the_sdk_decodes_our_literals_into_the_dataclasses() {
    let Some(python) = sdk_support::python("the Flyte 2 SDK decoding serde types") else {
        return;
    };
    let out = std::env::temp_dir().join(format!("flyte-types-serde-{}", std::process::id()));
    let o = order();
    write_case(
        &out,
        "order",
        "serde_dc_order",
        &flyte_serde::literal_type::<Order>(),
        &flyte_serde::to_literal(&o).unwrap(),
    );
    let chrono_form = OrderChrono {
        inner: o.inner.clone(),
        items: o.items.clone(),
        mapping: o.mapping.clone().into_iter().collect(),
        color: o.color,
        when: o.when,
        raw: o.raw.clone(),
        small: o.small,
        ratio: o.ratio,
        pair: o.pair.clone(),
        tags: o.tags.clone(),
        pet: o.pet.clone(),
        by_day: o.by_day.clone().into_iter().collect(),
        note: None,
        maybe_inner: o.maybe_inner.clone(),
    };
    write_case(
        &out,
        "order_chrono_hashmap_skipped_none",
        "serde_dc_order",
        &flyte_serde::literal_type::<OrderChrono>(),
        &flyte_serde::to_literal(&chrono_form).unwrap(),
    );
    let job = Job {
        name: "j1".into(),
        order: Serde(o),
    };
    write_case(
        &out,
        "job",
        "serde_dc_job",
        &Job::literal_type(),
        &job.to_literal().unwrap(),
    );
    write_case(
        &out,
        "documented_inner",
        "serde_dc_inner",
        &flyte_serde::literal_type::<DocumentedInner>(),
        &flyte_serde::to_literal(&DocumentedInner {
            a: 7,
            label: "in".into(),
        })
        .unwrap(),
    );
    assert_eq!(sdk_support::py_decode(&python, &out), "4 passed, 0 failed");
    std::fs::remove_dir_all(&out).unwrap();
}

// ---- round trips -------------------------------------------------------------------------------

fn any_inner() -> impl Strategy<Value = Inner> {
    (any::<i64>(), "[a-z]{0,5}").prop_map(|(a, label)| Inner { a, label })
}

fn any_order() -> impl Strategy<Value = Order> {
    (
        (
            any_inner(),
            proptest::collection::vec(any::<i32>(), 0..4),
            proptest::collection::btree_map("[a-z]{1,3}", -1e12f64..1e12, 0..3),
            prop_oneof![Just(Color::Red), Just(Color::Green)],
            // Whole microseconds, years 1970-2100.
            (0i64..4_102_444_800, 0u32..1_000_000),
            proptest::collection::vec(any::<u8>(), 0..6),
            any::<u8>(),
        ),
        (
            -1e6f32..1e6,
            (any::<i64>(), "[a-z]{0,3}"),
            proptest::collection::vec(proptest::option::of("[a-z]{0,3}"), 0..3),
            prop_oneof![
                ("[a-z]{0,3}", any::<i64>())
                    .prop_map(|(name, lives)| Pet::Cat(Cat { name, lives })),
                ("[a-z]{0,3}", any::<bool>()).prop_map(|(name, good)| Pet::Dog(Dog { name, good })),
            ],
            proptest::collection::btree_map(
                "[a-z]{1,3}",
                proptest::collection::vec(any_inner(), 0..2),
                0..2,
            ),
            proptest::option::of("[a-z]{0,3}"),
            proptest::option::of(any_inner()),
        ),
    )
        .prop_map(
            |(
                (inner, items, mapping, color, (s, us), raw, small),
                (ratio, pair, tags, pet, by_day, note, maybe_inner),
            )| Order {
                inner,
                items,
                mapping,
                color,
                when: DateTime::from_timestamp(s, us * 1000).unwrap(),
                raw: Bytes(raw),
                small,
                ratio,
                pair,
                tags,
                pet,
                by_day,
                note,
                maybe_inner,
            },
        )
}

proptest! {
    #[test]
    fn serde_types_round_trip_through_literals(o in any_order()) {
        let literal = flyte_serde::to_literal(&o).unwrap();
        prop_assert_eq!(flyte_serde::from_literal::<Order>(&literal).unwrap(), o.clone());
        // The literal decodes with its own type into the same value the type's serde gives.
        let decoded = value::decode(&flyte_serde::literal_type::<Order>(), &literal).unwrap();
        prop_assert_eq!(decoded.to_json()["inner"].clone(), serde_json::to_value(&o.inner).unwrap());
    }

    #[test]
    fn serde_types_round_trip_through_value(o in any_order()) {
        let v = value::to_value(&o).unwrap();
        prop_assert_eq!(value::from_value::<Order>(v).unwrap(), o);
    }

    #[test]
    fn derived_structs_with_serde_fields_round_trip(o in any_order(), name in "[a-z]{0,4}") {
        let job = Job { name, order: Serde(o) };
        let bytes = job.to_literal_bytes().unwrap();
        prop_assert_eq!(Job::read_literal_bytes(&bytes).unwrap(), job.clone());
        prop_assert_eq!(Job::from_literal(&job.to_literal().unwrap()).unwrap(), job);
    }
}

#[test]
fn the_schema_is_mashumaros_for_every_shape() {
    #[derive(Serialize, Deserialize, JsonSchema)]
    struct Shapes {
        u: u8,
        f: f32,
        counts: HashMap<String, u64>,
        maybe: Option<i64>,
        #[serde(default)]
        d: i32,
        nested: Vec<Option<Inner>>,
        event: Event,
    }
    assert_eq!(
        flyte_serde::json_schema::<Shapes>(),
        json!({
            "type": "object",
            "title": "Shapes",
            "properties": {
                "u": {"type": "integer"},
                "f": {"type": "number"},
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}, "propertyNames": {"type": "string"}},
                "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null},
                "d": {"type": "integer", "default": 0},
                "nested": {"type": "array", "items": {"anyOf": [
                    {"type": "object", "title": "Inner", "properties": {"a": {"type": "integer"}, "label": {"type": "string"}},
                     "required": ["a", "label"], "additionalProperties": false},
                    {"type": "null"}]}},
                "event": {"oneOf": [
                    {"enum": ["Start"]},
                    {"type": "object", "properties": {"Count": {"type": "integer"}}, "required": ["Count"], "additionalProperties": false},
                    {"type": "object", "properties": {"Move": {"type": "object", "properties": {"dx": {"type": "integer"}},
                        "required": ["dx"], "additionalProperties": false}}, "required": ["Move"], "additionalProperties": false},
                    {"type": "object", "properties": {"Pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "integer"}],
                        "minItems": 2, "maxItems": 2}}, "required": ["Pair"], "additionalProperties": false},
                ]},
            },
            "required": ["u", "f", "counts", "nested", "event"],
            "additionalProperties": false,
        })
    );
    let _: Json = flyte_serde::raw_schema::<Shapes>();
}

/// A task's inputs with a serde type among them.
#[derive(Debug, PartialEq, flyte_types::engine::FlyteInputs)]
struct TaskInputs {
    order: Serde<Order>,
    n: i64,
}

#[test]
fn a_serde_type_is_a_task_input() {
    use flyte_types::engine::FlyteInputs;
    let vars = TaskInputs::variables();
    assert_eq!(vars[0].0, "order");
    type_is_sdks(&vars[0].1, "serde_dc_order");
    let inputs = TaskInputs {
        order: Serde(order()),
        n: 3,
    };
    let named = inputs.to_named_literals().unwrap();
    assert_eq!(named[0].0, "order");
    assert_eq!(
        encode_canonical(&named[0].1),
        case_file("serde_dc_order", "literal.pb")
    );
    assert_eq!(TaskInputs::from_named_literals(&named).unwrap(), inputs);
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
enum Step {
    Stop,
    Wait(u32),
    Go { to: String, speed: Option<f64> },
    Turn(i8, i8),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
struct Plan {
    steps: Vec<Step>,
    by_name: HashMap<String, Step>,
    marker: (),
    nested: Option<Option<bool>>,
    big: u64,
    bytes: Bytes,
    chars: Vec<char>,
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Stop),
        any::<u32>().prop_map(Step::Wait),
        ("[a-z]{0,3}", proptest::option::of(-1e9f64..1e9))
            .prop_map(|(to, speed)| Step::Go { to, speed }),
        (any::<i8>(), any::<i8>()).prop_map(|(a, b)| Step::Turn(a, b)),
    ]
}

proptest! {
    #[test]
    fn enums_with_data_maps_and_odd_shapes_round_trip(
        steps in proptest::collection::vec(any_step(), 0..4),
        by_name in proptest::collection::hash_map("[a-z]{1,3}", any_step(), 0..3),
        nested in proptest::option::of(proptest::option::of(any::<bool>())),
        big in any::<u64>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..8),
        chars in proptest::collection::vec(any::<char>(), 0..3),
    ) {
        // `Some(None)` is nil on the wire, as Python's `None`: it reads back as `None`.
        let want_nested = nested.flatten().map(Some);
        let plan = Plan { steps, by_name, marker: (), nested, big, bytes: Bytes(bytes), chars };
        let back: Plan = flyte_serde::from_literal(&flyte_serde::to_literal(&plan).unwrap()).unwrap();
        prop_assert_eq!(back, Plan { nested: want_nested, ..plan });
    }
}

#[test]
fn hostile_payloads_are_refused_by_the_decoders_limits() {
    // 300 nested arrays: past the msgpack decoder's depth limit (256), refused before serde runs.
    let mut bytes = vec![0x81, 0xa5];
    bytes.extend(b"steps");
    bytes.extend(std::iter::repeat_n(0x91, 300));
    bytes.push(0xc0);
    let literal = Literal {
        value: Some(flyte_types::idl::core::literal::Value::Scalar(Box::new(
            flyte_types::idl::core::Scalar {
                value: Some(flyte_types::idl::core::scalar::Value::Binary(
                    flyte_types::idl::core::Binary {
                        value: bytes,
                        tag: "msgpack".into(),
                    },
                )),
            },
        ))),
        ..Default::default()
    };
    let err = flyte_serde::from_literal::<Plan>(&literal).unwrap_err();
    assert!(
        matches!(err.kind(), flyte_types::ErrorKind::Msgpack { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "msgpack at byte 262: containers nested deeper than 256"
    );
    // A length that claims more than the bytes present.
    let mut literal = literal;
    if let Some(flyte_types::idl::core::literal::Value::Scalar(s)) = &mut literal.value
        && let Some(flyte_types::idl::core::scalar::Value::Binary(b)) = &mut s.value
    {
        b.value = vec![
            0x81, 0xa5, b's', b't', b'e', b'p', b's', 0xdd, 0xff, 0xff, 0xff, 0xff,
        ];
    }
    let err = flyte_serde::from_literal::<Plan>(&literal).unwrap_err();
    assert!(
        matches!(err.kind(), flyte_types::ErrorKind::Msgpack { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "msgpack at byte 7: unexpected end of input: needed 4294967295 bytes, 0 available"
    );
}
