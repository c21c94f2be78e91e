//! The typed API beyond the corpus: round trips of derived types, interfaces, the registry,
//! union selection and pickled bytes.

use chrono::{DateTime, TimeDelta, Utc};
use flyte_types::ErrorKind;
use flyte_types::engine::{FlyteInputs, FlyteType, Pickled, TypeEngine, typed_interface};
use flyte_types::idl::core::Literal;
use flyte_types::msgpack::Msg;
use flyte_types::value::PickleData;
use proptest::prelude::*;
use prost::Message;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, flyte_types::engine::FlyteType)]
enum Level {
    Low,
    High,
}

#[derive(Debug, Clone, PartialEq, flyte_types::engine::FlyteType)]
struct Point {
    x: i64,
    y: f64,
}

#[derive(Debug, Clone, PartialEq, flyte_types::engine::FlyteType)]
struct Record {
    id: i64,
    name: String,
    point: Point,
    points: Vec<Point>,
    tags: BTreeMap<String, i64>,
    note: Option<String>,
    level: Level,
    created: DateTime<Utc>,
    took: TimeDelta,
}

#[derive(Debug, Clone, PartialEq, flyte_types::engine::FlyteType)]
#[flyte(pydantic)]
struct PRecord {
    id: i64,
    point: Point,
    level: Level,
    note: Option<String>,
    created: DateTime<Utc>,
    took: TimeDelta,
}

fn point() -> impl Strategy<Value = Point> {
    (
        any::<i64>(),
        any::<f64>().prop_filter("NaN != NaN", |f| !f.is_nan()),
    )
        .prop_map(|(x, y)| Point { x, y })
}

fn datetime() -> impl Strategy<Value = DateTime<Utc>> {
    (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000)
        .prop_map(|(s, us)| DateTime::<Utc>::from_timestamp(s, us * 1000).unwrap())
}

fn timedelta() -> impl Strategy<Value = TimeDelta> {
    // mashumaro carries timedeltas as float seconds, which keep every microsecond only while
    // |d| < 2^31 s (68 years); beyond, Python loses them too.
    (-2_147_483_648_000_000i64..2_147_483_648_000_000).prop_map(TimeDelta::microseconds)
}

fn record() -> impl Strategy<Value = Record> {
    (
        any::<i64>(),
        ".{0,12}",
        point(),
        prop::collection::vec(point(), 0..4),
        prop::collection::btree_map(".{0,6}", any::<i64>(), 0..4),
        prop::option::of(".{0,8}"),
        prop_oneof![Just(Level::Low), Just(Level::High)],
        datetime(),
        timedelta(),
    )
        .prop_map(
            |(id, name, point, points, tags, note, level, created, took)| Record {
                id,
                name,
                point,
                points,
                tags,
                note,
                level,
                created,
                took,
            },
        )
}

fn round_trip<T: FlyteType + PartialEq + std::fmt::Debug>(value: &T) -> T {
    let bytes = flyte_types::wire::encode_canonical(&value.to_literal().unwrap());
    T::from_literal(&Literal::decode(bytes.as_slice()).unwrap()).unwrap()
}

proptest! {
    #[test]
    fn derived_dataclasses_round_trip(r in record()) {
        prop_assert_eq!(round_trip(&r), r.clone());
        prop_assert_eq!(round_trip(&vec![r.clone()]), vec![r.clone()]);
        prop_assert_eq!(round_trip(&Some(r.clone())), Some(r));
    }

    #[test]
    fn derived_pydantic_models_round_trip(id in any::<i64>(), p in point(), note in prop::option::of(".{0,8}"),
                                          created in datetime(), took in timedelta()) {
        let r = PRecord { id, point: p, level: Level::High, note, created, took };
        prop_assert_eq!(round_trip(&r), r);
    }

    #[test]
    fn the_dynamic_value_reads_what_the_typed_api_writes(r in record()) {
        // Both layers agree: decoding the typed literal as a Value and encoding that Value again
        // gives the same bytes.
        let ty = Record::literal_type();
        let lit = r.to_literal().unwrap();
        let value = flyte_types::value::decode(&ty, &lit).unwrap();
        let again = value.to_literal(&ty).unwrap();
        prop_assert_eq!(flyte_types::wire::encode_canonical(&again), flyte_types::wire::encode_canonical(&lit));
    }
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteInputs)]
struct SummarizeInputs {
    x: i64,
    s: String,
    xs: Vec<f64>,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteInputs)]
struct SummarizeOutputs {
    o0: f64,
}

#[test]
fn inputs_structs_give_named_literals_and_interfaces() {
    let inputs = SummarizeInputs {
        x: 42,
        s: "hello".into(),
        xs: vec![1.5, 2.0, -3.25],
    };
    let named = inputs.to_named_literals().unwrap();
    assert_eq!(
        named.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["x", "s", "xs"]
    );
    // The order of the literals does not matter when reading.
    let mut shuffled = named.clone();
    shuffled.reverse();
    assert_eq!(
        SummarizeInputs::from_named_literals(&shuffled).unwrap(),
        inputs
    );
    assert_eq!(
        SummarizeInputs::from_literal_map(&inputs.to_literal_map().unwrap()).unwrap(),
        inputs
    );

    // The bytes are the SDK's own inputs.pb for summarize(42, "hello", [1.5, 2.0, -3.25]).
    let golden =
        crate::corpus::read(crate::corpus::interop().join("task-io/01_inputs_basic/inputs.pb"));
    let file = flyte_types::idl::task::Inputs {
        literals: named
            .into_iter()
            .map(|(name, value)| flyte_types::idl::task::NamedLiteral {
                name,
                value: Some(value),
            })
            .collect(),
        ..Default::default()
    };
    assert_eq!(flyte_types::wire::encode_canonical(&file), golden);

    let interface = typed_interface::<SummarizeInputs, SummarizeOutputs>();
    let keys: Vec<&str> = interface
        .inputs
        .as_ref()
        .unwrap()
        .variables
        .iter()
        .map(|v| v.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["s", "x", "xs"],
        "variables sorted by name, as Flyte 2 serializes them"
    );
}

#[test]
fn input_errors_name_the_input() {
    let mut named = SummarizeInputs {
        x: 1,
        s: "a".into(),
        xs: vec![],
    }
    .to_named_literals()
    .unwrap();
    named[0].1 = "not an int".to_literal().unwrap();
    let err = SummarizeInputs::from_named_literals(&named).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"at x: expected INTEGER, found string "not an int""#
    );
    named.remove(0);
    let err = SummarizeInputs::from_named_literals(&named).unwrap_err();
    assert_eq!(err.to_string(), r#"missing required field "x""#);
    named.push(("extra".into(), 1i64.to_literal().unwrap()));
    let err = SummarizeInputs::from_named_literals(&named).unwrap_err();
    assert_eq!(err.to_string(), r#"unknown field "extra""#);
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct A {
    v: i64,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct B {
    v: i64,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Same {
    A(A),
    B(B),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Shape {
    Point(Point),
    Level(Level),
}

#[test]
fn union_selection_needs_exactly_one_variant() {
    // A plain literal that both structurally identical variants accept is ambiguous.
    let err = Same::from_literal(&A { v: 1 }.to_literal().unwrap()).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::AmbiguousVariant { candidates } if candidates.len() == 2),
        "{err}"
    );
    // The tagged union literal names its variant: no ambiguity.
    assert_eq!(
        Same::from_literal(&Same::B(B { v: 2 }).to_literal().unwrap()).unwrap(),
        Same::B(B { v: 2 })
    );
    // No variant: every candidate and why it failed.
    let err = Shape::from_literal(&true.to_literal().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no union variant accepts the value: variant 0 (Object-Dataclass-Transformer): expected a msgpack \
         binary, found another scalar; variant 1 (DefaultEnumTransformer): expected STRING, found boolean true"
    );
}

#[test]
fn unknown_enum_names_are_errors_and_v1_values_are_read() {
    let err = Level::from_literal(&"MEDIUM".to_literal().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#""MEDIUM" is not one of the enum values ["LOW", "HIGH"]"#
    );
    assert_eq!(
        Level::from_literal(&"high".to_literal().unwrap()).unwrap(),
        Level::High
    );
}

#[test]
fn out_of_range_integers_are_refused() {
    let err = u64::MAX.to_literal().unwrap_err();
    assert_eq!(
        err.to_string(),
        "integer 18446744073709551615 (beyond int64) is out of range"
    );
    let err = u8::from_literal(&300i64.to_literal().unwrap()).unwrap_err();
    assert_eq!(err.to_string(), "300 for u8 is out of range");
}

#[test]
fn bytes_pickle_exactly_as_flyte2() {
    for case in ["bytes_pickle", "bytes_pickle_small"] {
        let dir = crate::corpus::interop()
            .join("flyte2")
            .join(case)
            .display()
            .to_string();
        let lit = Literal::decode(
            std::fs::read(format!("{dir}/literal.pb"))
                .unwrap()
                .as_slice(),
        )
        .unwrap();
        let pickled = Pickled::from_literal(&lit).unwrap();
        let bytes = pickled.to_bytes().unwrap();
        let again = Pickled::from_bytes(&bytes).unwrap();
        assert_eq!(again, pickled, "{case}");
        let ty = std::fs::read(format!("{dir}/type.pb")).unwrap();
        assert_eq!(
            flyte_types::wire::encode_canonical(&Pickled::literal_type()),
            ty,
            "{case}: type.pb"
        );
    }
    assert_eq!(
        Pickled::from_bytes(b"hello").unwrap().to_bytes().unwrap(),
        b"hello"
    );
    let big = vec![7u8; 5000];
    assert_eq!(Pickled::from_bytes(&big).unwrap().to_bytes().unwrap(), big);
    let err = Pickled::from_bytes(&vec![0u8; 20_000]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unsupported(_)), "{err}");
    let other = Pickled {
        data: PickleData::Inline(vec![0x80, 0x05, b'N', b'.']),
        hash: None,
    };
    assert_eq!(
        other.to_bytes().unwrap_err().to_string(),
        "expected a pickled bytes object, found another pickle"
    );
}

struct Celsius(f64);

#[test]
fn the_registry_handles_custom_and_opaque_types() {
    let mut engine = TypeEngine::new();
    let err = engine.to_literal(&Celsius(1.0)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unsupported type: no transformer for integration::engine_api::Celsius"),
        "{err}"
    );

    engine.register_opaque::<Celsius>(
        |c| c.0.to_le_bytes().to_vec(),
        |b| {
            b.try_into()
                .map(|a: [u8; 8]| Celsius(f64::from_le_bytes(a)))
                .map_err(|_| "8 bytes".to_string())
        },
    );
    let lit = engine.to_literal(&Celsius(21.5)).unwrap();
    assert_eq!(engine.from_literal::<Celsius>(&lit).unwrap().0, 21.5);
    assert_eq!(
        engine.literal_type_of::<Celsius>().unwrap(),
        Pickled::literal_type()
    );

    engine.register::<Record>();
    let found = engine.transformer_for(&Record::literal_type()).unwrap();
    assert_eq!(found.name(), "integration::engine_api::Record");
    assert!(
        engine
            .transformer_named("integration::engine_api::Record")
            .is_some()
    );
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Short {
    x: i64,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Long {
    x: i64,
    label: String,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum ShortOrLong {
    Short(Short),
    Long(Long),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Pick {
    v: ShortOrLong,
}

/// The typed reading of `lit` as `T` and the dynamic reading with `T`'s type: both succeed
/// with the same canonical value, or both fail with the same error kind.
fn same_verdict<T: FlyteType + std::fmt::Debug>(
    what: &str,
    lit: &Literal,
) -> Result<String, String> {
    use flyte_types::value;
    let ty = T::literal_type();
    let typed = T::from_literal(lit);
    let dynamic = value::decode(&ty, lit);
    match (typed, dynamic) {
        (Ok(t), Ok(d)) => {
            let t = value::decode(&ty, &t.to_literal().unwrap())
                .unwrap()
                .to_json();
            assert_eq!(t, d.to_json(), "{what}: typed and dynamic values differ");
            Ok(t.to_string())
        }
        (Err(t), Err(d)) => {
            assert_eq!(
                std::mem::discriminant(t.kind()),
                std::mem::discriminant(d.kind()),
                "{what}: typed error {t} vs dynamic error {d}"
            );
            Err(t.kind().to_string())
        }
        (t, d) => panic!("{what}: typed {t:?} vs dynamic {d:?}"),
    }
}

/// A struct payload `{"v": v}`.
fn field_v(v: Msg) -> Literal {
    flyte_types::engine::msgpack_literal(&Msg::Map(vec![(Msg::Str("v".into()), v)])).unwrap()
}

/// A struct payload `{"v": s}`.
fn field_v_text(s: &str) -> Literal {
    field_v(Msg::Str(s.into()))
}

#[test]
fn typed_and_dynamic_paths_select_union_variants_alike() {
    let plain = |v: i64| v.to_literal().unwrap();
    let a = A { v: 1 }.to_literal().unwrap();
    // Plain literals for a union: exactly one variant may read them.
    assert!(same_verdict::<Same>("plain struct, two variants read it", &a).is_err());
    assert!(
        same_verdict::<Shape>(
            "plain bool, no variant reads it",
            &true.to_literal().unwrap()
        )
        .is_err()
    );
    assert_eq!(
        same_verdict::<Shape>("plain enum name", &"HIGH".to_literal().unwrap()),
        Ok("\"HIGH\"".into())
    );
    assert!(same_verdict::<Shape>("plain int", &plain(3)).is_err());
    // Tagged union literals name their variant.
    assert_eq!(
        same_verdict::<Same>("tagged B", &Same::B(B { v: 2 }).to_literal().unwrap()),
        Ok(r#"{"v":2}"#.into())
    );
    // A union inside a dataclass: mashumaro's rule, the first variant that reads. Short reads
    // Long's payload (the key it does not know is dropped), as Python reads it too
    // (extra-cases/dm_dc_union_subset_first_wins).
    let long = Pick {
        v: ShortOrLong::Long(Long {
            x: 7,
            label: "l".into(),
        }),
    };
    assert_eq!(
        same_verdict::<Pick>(
            "struct field union, Long payload",
            &long.to_literal().unwrap()
        ),
        Ok(r#"{"v":{"x":7}}"#.into())
    );
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum FloatOrInt {
    F(f64),
    I(i64),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum IntOrFloat {
    I(i64),
    F(f64),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum BoolOrInt {
    B(bool),
    I(i64),
}

macro_rules! holders {
    ($($name:ident: $union:ty, $($attr:meta)?;)*) => {$(
        #[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
        $(#[$attr])?
        struct $name {
            v: $union,
        }
    )*};
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Hold {
    #[flyte(value = "on-hold")]
    OnHold,
    #[flyte(value = "active")]
    Active,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum HoldOrText {
    H(Hold),
    T(String),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum BoolOrText {
    B(bool),
    T(String),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum IntOrText {
    I(i64),
    T(String),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum PairOrText {
    P((String, String)),
    T(String),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
#[flyte(named_tuple)]
struct Pair {
    a: String,
    b: String,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum NamedPairOrText {
    P(Pair),
    T(String),
}

holders! {
    DcPairOrText: PairOrText, ;
    DcNamedPairOrText: NamedPairOrText, ;
    PyBoolOrText: BoolOrText, flyte(pydantic);
    PyIntOrText: IntOrText, flyte(pydantic);
    DcIntOrText: IntOrText, ;
    DcHoldOrText: HoldOrText, ;
    PyHoldOrText: HoldOrText, flyte(pydantic);
    DcFloatOrInt: FloatOrInt, ;
    PyFloatOrInt: FloatOrInt, flyte(pydantic);
    DcIntOrFloat: IntOrFloat, ;
    PyIntOrFloat: IntOrFloat, flyte(pydantic);
    DcBoolOrInt: BoolOrInt, ;
    PyBoolOrInt: BoolOrInt, flyte(pydantic);
}

/// A union of scalars inside a struct, read by the struct's own SDK reader on both paths:
/// mashumaro tries a scalar variant only for a value of its kind first (`Union[float, int]`
/// keeps an int an int), pydantic the exact kind, then a float for an int, then lax.
#[test]
fn typed_and_dynamic_paths_read_scalar_unions_in_structs_alike() {
    let one = field_v(Msg::Int(1));
    let one_f = field_v(Msg::F64(1.0));
    let t = field_v(Msg::Bool(true));
    // Union[float, int] of 1: the int (exact) in both styles; the typed path read 1.0 before.
    assert_eq!(
        same_verdict::<DcFloatOrInt>("dc float|int 1", &one),
        Ok(r#"{"v":1}"#.into())
    );
    assert_eq!(
        DcFloatOrInt::from_literal(&one).unwrap().v,
        FloatOrInt::I(1)
    );
    assert_eq!(
        PyFloatOrInt::from_literal(&one).unwrap().v,
        FloatOrInt::I(1)
    );
    assert_eq!(
        same_verdict::<PyFloatOrInt>("py float|int 1", &one),
        Ok(r#"{"v":1}"#.into())
    );
    // Union[int, float] of 1.0: the float.
    assert_eq!(
        DcIntOrFloat::from_literal(&one_f).unwrap().v,
        IntOrFloat::F(1.0)
    );
    assert_eq!(
        PyIntOrFloat::from_literal(&one_f).unwrap().v,
        IntOrFloat::F(1.0)
    );
    assert_eq!(
        same_verdict::<DcIntOrFloat>("dc int|float 1.0", &one_f),
        Ok(r#"{"v":1.0}"#.into())
    );
    assert_eq!(
        same_verdict::<PyIntOrFloat>("py int|float 1.0", &one_f),
        Ok(r#"{"v":1.0}"#.into())
    );
    // Union[bool, int]: 1 is the int, True the bool.
    assert_eq!(DcBoolOrInt::from_literal(&one).unwrap().v, BoolOrInt::I(1));
    assert_eq!(PyBoolOrInt::from_literal(&one).unwrap().v, BoolOrInt::I(1));
    assert_eq!(PyBoolOrInt::from_literal(&t).unwrap().v, BoolOrInt::B(true));
    assert_eq!(
        same_verdict::<DcBoolOrInt>("dc bool|int 1", &one),
        Ok(r#"{"v":1}"#.into())
    );
    assert_eq!(
        same_verdict::<PyBoolOrInt>("py bool|int 1", &one),
        Ok(r#"{"v":1}"#.into())
    );
    assert_eq!(
        same_verdict::<PyBoolOrInt>("py bool|int true", &t),
        Ok(r#"{"v":true}"#.into())
    );
}

/// An enum variant of a union inside a struct takes what the struct's reader takes: a member's
/// value in a dataclass (a name is the `str` variant's), in a model the exact type first (any
/// text is the `str` variant's).
#[test]
fn typed_and_dynamic_paths_read_enum_unions_in_structs_alike() {
    let (name, value) = (field_v_text("OnHold"), field_v_text("on-hold"));
    assert_eq!(
        DcHoldOrText::from_literal(&name).unwrap().v,
        HoldOrText::T("OnHold".into())
    );
    assert_eq!(
        same_verdict::<DcHoldOrText>("dc enum|str name", &name),
        Ok(r#"{"v":"OnHold"}"#.into())
    );
    assert_eq!(
        DcHoldOrText::from_literal(&value).unwrap().v,
        HoldOrText::H(Hold::OnHold)
    );
    assert_eq!(
        same_verdict::<DcHoldOrText>("dc enum|str value", &value),
        Ok(r#"{"v":"on-hold"}"#.into())
    );
    assert_eq!(
        PyHoldOrText::from_literal(&value).unwrap().v,
        HoldOrText::T("on-hold".into())
    );
    assert_eq!(
        same_verdict::<PyHoldOrText>("py enum|str value", &value),
        Ok(r#"{"v":"on-hold"}"#.into())
    );
}

/// pydantic's lax mode in a union field, on both paths: `1` is `True` for a bool variant, a
/// whole float an int for an int variant; mashumaro has no such step.
#[test]
fn typed_and_dynamic_paths_read_pydantic_lax_unions_alike() {
    let (one, two_f) = (field_v(Msg::Int(1)), field_v(Msg::F64(2.0)));
    assert_eq!(
        PyBoolOrText::from_literal(&one).unwrap().v,
        BoolOrText::B(true)
    );
    assert_eq!(
        same_verdict::<PyBoolOrText>("py bool|str 1", &one),
        Ok(r#"{"v":true}"#.into())
    );
    assert_eq!(
        PyIntOrText::from_literal(&two_f).unwrap().v,
        IntOrText::I(2)
    );
    assert_eq!(
        same_verdict::<PyIntOrText>("py int|str 2.0", &two_f),
        Ok(r#"{"v":2}"#.into())
    );
    assert!(same_verdict::<DcIntOrText>("dc int|str 2.0", &two_f).is_err());
}

/// mashumaro indexes a str for a tuple variant listed first: `"xyz"` is `("x", "y")` for
/// `Union[tuple[str, str], str]`, while `"x"` is too short and stays the str.
#[test]
fn typed_and_dynamic_paths_index_a_str_for_a_tuple_variant_alike() {
    assert_eq!(
        DcPairOrText::from_literal(&field_v_text("xyz")).unwrap().v,
        PairOrText::P(("x".into(), "y".into()))
    );
    assert_eq!(
        same_verdict::<DcPairOrText>("dc tuple|str xyz", &field_v_text("xyz")),
        Ok(r#"{"v":["x","y"]}"#.into())
    );
    assert_eq!(
        same_verdict::<DcPairOrText>("dc tuple|str x", &field_v_text("x")),
        Ok(r#"{"v":"x"}"#.into())
    );
    // A NamedTuple is a tuple to mashumaro too.
    assert_eq!(
        DcNamedPairOrText::from_literal(&field_v_text("xyz"))
            .unwrap()
            .v,
        NamedPairOrText::P(Pair {
            a: "x".into(),
            b: "y".into()
        })
    );
    assert_eq!(
        same_verdict::<DcNamedPairOrText>("dc namedtuple|str xyz", &field_v_text("xyz")),
        Ok(r#"{"v":["x","y"]}"#.into())
    );
}

/// A struct payload's keys as the SDK reads them (msgpack with `strict_map_key=False`, then
/// mashumaro / pydantic looking fields up by name): a key that is not a string names no field
/// and is dropped; a map or array key cannot be hashed, so no such document reads. Both paths.
#[test]
fn non_string_keys_of_a_struct_payload_on_both_paths() {
    let with_key = |extra: Msg| {
        flyte_types::engine::msgpack_literal(&Msg::Map(vec![
            (Msg::Str("x".into()), Msg::Int(7)),
            (extra, Msg::Int(1)),
        ]))
        .unwrap()
    };
    let int_key = with_key(Msg::Int(5));
    assert_eq!(Short::from_literal(&int_key).unwrap(), Short { x: 7 });
    assert_eq!(
        same_verdict::<Short>("int key", &int_key),
        Ok(r#"{"x":7}"#.into())
    );
    let map_key = with_key(Msg::Map(vec![]));
    assert_eq!(
        Short::from_literal(&map_key).unwrap_err().to_string(),
        "expected a map key that is a string, number, boolean, nil or bytes, found map"
    );
    assert_eq!(
        same_verdict::<Short>("map key", &map_key),
        Err("expected a map key that is a string, number, boolean, nil or bytes, found map".into())
    );
}
