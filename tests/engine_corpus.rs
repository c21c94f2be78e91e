//! The typed API against the golden corpus: Rust types equivalent to the Python ones give
//! exactly `type.pb` and `literal.pb`, and read them back (flytekit v1 variants too).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use flyte_types::engine::{Bytes, FlyteType};
use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::wire::encode_canonical;
use prost::Message;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

fn case_file(sdk: &str, case: &str, file: &str) -> Vec<u8> {
    crate::corpus::read(crate::corpus::interop().join(sdk).join(case).join(file))
}

/// `T`'s type and `value`'s literal are the corpus bytes, and the literal reads back to `value`.
fn check<T: FlyteType + PartialEq + Debug>(case: &str, value: T) {
    let want_type = case_file("flyte2", case, "type.pb");
    assert_eq!(
        encode_canonical(&T::literal_type()),
        want_type,
        "{case}: type.pb"
    );
    let want_literal = case_file("flyte2", case, "literal.pb");
    assert_eq!(
        encode_canonical(&value.to_literal().unwrap()),
        want_literal,
        "{case}: literal.pb"
    );
    let read = T::from_literal(&Literal::decode(want_literal.as_slice()).unwrap()).unwrap();
    assert_eq!(read, value, "{case}: from_literal");
}

/// flytekit v1 wrote `case`: it reads back to `value`.
fn check_v1<T: FlyteType + PartialEq + Debug>(case: &str, value: T) {
    let bytes = case_file("flytekit1", case, "literal.pb");
    assert_eq!(
        T::from_literal(&Literal::decode(bytes.as_slice()).unwrap()).unwrap(),
        value,
        "flytekit1/{case}"
    );
}

#[test]
#[allow(clippy::approx_constant)] // the corpus value is 3.14159, not π
fn primitives() {
    check("int_42", 42i64);
    check("int_int64_max", i64::MAX);
    check("int_zero", 0i64);
    check("float_pi", 3.14159f64);
    check("str_hello", "hello, flyte".to_string());
    check("str_empty", String::new());
    check("bool_true", true);
    check("none_value", ());
    let nan = f64::from_literal(
        &Literal::decode(case_file("flyte2", "float_nan", "literal.pb").as_slice()).unwrap(),
    );
    assert!(nan.unwrap().is_nan());
    check_v1("int_42", 42i32);
    check_v1("float_pi", 3.14159f64);
}

#[test]
fn datetimes_and_durations() {
    check(
        "datetime_utc_micros",
        DateTime::<Utc>::from_timestamp(1_689_337_845, 123_456_000).unwrap(),
    );
    check(
        "datetime_pre_epoch",
        DateTime::<Utc>::from_timestamp(-1, 500_000_000).unwrap(),
    );
    check(
        "datetime_naive",
        NaiveDate::from_ymd_opt(2024, 1, 2)
            .unwrap()
            .and_hms_opt(3, 4, 5)
            .unwrap(),
    );
    check(
        "date_leap_day",
        NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
    );
    check(
        "timedelta_positive",
        TimeDelta::new(93_784, 500_000_000).unwrap(),
    );
    check_v1(
        "timedelta_positive",
        TimeDelta::new(93_784, 500_000_000).unwrap(),
    );
}

#[test]
fn lists_maps_and_optionals() {
    check("list_int", vec![1i64, 2, 3]);
    check(
        "list_str",
        vec!["alpha".to_string(), String::new(), "gamma".into()],
    );
    check("list_empty", Vec::<i64>::new());
    check(
        "list_list_float",
        vec![vec![1.5f64, 2.0], vec![], vec![-0.25]],
    );
    check("list_optional_int", vec![Some(1i64), None, Some(3)]);
    check(
        "dict_str_int",
        BTreeMap::from([("a".to_string(), 1i64), ("b".into(), 2), ("c".into(), -3)]),
    );
    check("dict_empty", HashMap::<String, i64>::new());
    check(
        "dict_str_list_str",
        HashMap::from([
            ("x".to_string(), vec!["1".to_string(), "2".into()]),
            ("y".into(), vec![]),
        ]),
    );
    check(
        "dict_str_optional_str",
        BTreeMap::from([("a".to_string(), Some("x".to_string())), ("b".into(), None)]),
    );
    check("optional_int_value", Some(7i64));
    check("optional_int_none", None::<i64>);
    check("optional_list_none", None::<Vec<i64>>);
    check("union_pep604_int_none", Some(11i64));
    check(
        "dict_int_keys",
        BTreeMap::from([(1i64, "one".to_string()), (2, "two".into())]),
    );
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Color {
    Red,
    Green,
    Blue,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Priority {
    #[flyte(value = 1)]
    Low,
    #[flyte(value = 3)]
    High,
}

#[test]
fn enums() {
    check("enum_color", Color::Green);
    check("enum_intenum", Priority::High);
    check_v1("enum_color", Color::Green); // flytekit v1 writes the value "green"
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Flat {
    i: i64,
    f: f64,
    s: String,
    b: bool,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
#[flyte(pydantic, title = "PFlat")]
struct PFlat {
    i: i64,
    f: f64,
    s: String,
    b: bool,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Inner {
    a: i64,
    label: String,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Complex {
    inner: Inner,
    items: Vec<i64>,
    mapping: BTreeMap<String, f64>,
    maybe: Option<i64>,
    maybe_missing: Option<String>,
    color: Color,
    when: DateTime<Utc>,
    naive_when: NaiveDateTime,
    day: NaiveDate,
    took: TimeDelta,
    raw: Bytes,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
#[flyte(pydantic)]
struct PInner {
    a: i64,
    label: String,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
#[flyte(pydantic)]
struct PComplex {
    inner: PInner,
    items: Vec<i64>,
    mapping: BTreeMap<String, f64>,
    maybe: Option<i64>,
    maybe_missing: Option<String>,
    color: Color,
    when: DateTime<Utc>,
    naive_when: NaiveDateTime,
    day: NaiveDate,
    took: TimeDelta,
    raw: Bytes,
}

fn complex_parts() -> (DateTime<Utc>, NaiveDateTime, NaiveDate, TimeDelta) {
    (
        DateTime::<Utc>::from_timestamp(1_714_979_289, 10_000).unwrap(),
        NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        NaiveDate::from_ymd_opt(2021, 12, 25).unwrap(),
        TimeDelta::new(90, 250_000).unwrap(),
    )
}

#[test]
fn dataclasses() {
    check(
        "dc_flat",
        Flat {
            i: 1,
            f: 2.5,
            s: "x".into(),
            b: true,
        },
    );
    check_v1(
        "dc_flat",
        Flat {
            i: 1,
            f: 2.5,
            s: "x".into(),
            b: true,
        },
    );
    let (when, naive_when, day, took) = complex_parts();
    let complex = Complex {
        inner: Inner {
            a: 7,
            label: "in".into(),
        },
        items: vec![1, 2, 3],
        mapping: BTreeMap::from([("k1".into(), 1.0), ("k2".into(), -0.5)]),
        maybe: Some(42),
        maybe_missing: None,
        color: Color::Blue,
        when,
        naive_when,
        day,
        took,
        raw: Bytes(vec![0x00, 0x10, 0xff]),
    };
    check("dc_complex", complex);
    check(
        "list_dataclass",
        vec![
            Flat {
                i: 1,
                f: 1.0,
                s: "one".into(),
                b: true,
            },
            Flat {
                i: 2,
                f: 2.0,
                s: "two".into(),
                b: false,
            },
        ],
    );
    check(
        "dict_str_dataclass",
        BTreeMap::from([
            (
                "first".to_string(),
                Inner {
                    a: 1,
                    label: "a".into(),
                },
            ),
            (
                "second".into(),
                Inner {
                    a: 2,
                    label: "b".into(),
                },
            ),
        ]),
    );
}

#[test]
fn pydantic_models() {
    check(
        "pyd_flat",
        PFlat {
            i: 1,
            f: 2.5,
            s: "x".into(),
            b: true,
        },
    );
    let (when, naive_when, day, took) = complex_parts();
    check(
        "pyd_complex",
        PComplex {
            inner: PInner {
                a: 7,
                label: "in".into(),
            },
            items: vec![1, 2, 3],
            mapping: BTreeMap::from([("k1".into(), 1.0), ("k2".into(), -0.5)]),
            maybe: Some(42),
            maybe_missing: None,
            color: Color::Blue,
            when,
            naive_when,
            day,
            took,
            raw: Bytes(vec![0x00, 0x10, 0x7f]),
        },
    );
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Cat {
    name: String,
    lives: i64,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Dog {
    name: String,
    good: bool,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum Pet {
    Cat(Cat),
    Dog(Dog),
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
enum IntOrStr {
    Int(i64),
    Str(String),
}

#[test]
fn unions() {
    check(
        "union_dataclasses_cat",
        Pet::Cat(Cat {
            name: "tom".into(),
            lives: 9,
        }),
    );
    check(
        "union_dataclasses_dog",
        Pet::Dog(Dog {
            name: "rex".into(),
            good: true,
        }),
    );
    check("union_int_str_int", IntOrStr::Int(5));
    check("union_int_str_str", IntOrStr::Str("five".into()));
    check_v1(
        "union_dataclasses_cat",
        Pet::Cat(Cat {
            name: "tom".into(),
            lives: 9,
        }),
    );
}

#[test]
fn tuples() {
    check("tuple_int_str_float", (1i64, "a".to_string(), 2.5f64));
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct WithDefaults {
    a: i64,
    #[flyte(default = "default-b".to_string())]
    b: String,
    #[flyte(default = 0.5)]
    ratio: f64,
    #[flyte(default_factory)]
    tags: Vec<String>,
    #[flyte(default)]
    opt: Option<i64>,
}

#[test]
fn defaults_are_in_the_schema_and_fill_missing_fields() {
    check(
        "dc_defaults_omitted",
        WithDefaults {
            a: 1,
            b: "default-b".into(),
            ratio: 0.5,
            tags: vec![],
            opt: None,
        },
    );
    // A payload without the defaulted fields reads with the defaults.
    let lit = flyte_types::engine::msgpack_literal(&flyte_types::msgpack::Msg::Map(vec![(
        flyte_types::msgpack::Msg::Str("a".into()),
        flyte_types::msgpack::Msg::Int(5),
    )]))
    .unwrap();
    assert_eq!(
        WithDefaults::from_literal(&lit).unwrap(),
        WithDefaults {
            a: 5,
            b: "default-b".into(),
            ratio: 0.5,
            tags: vec![],
            opt: None
        }
    );
}

#[test]
fn types_are_what_the_registry_guesses_back() {
    let engine = flyte_types::engine::TypeEngine::new();
    let guessed = engine.transformer_for(&Vec::<i64>::literal_type()).unwrap();
    assert_eq!(guessed.name(), "alloc::vec::Vec<i64>");
    let _: LiteralType = Complex::literal_type();
}
