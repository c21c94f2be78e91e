//! Property round trips for the families `value_roundtrip.rs` does not generate: dataclasses
//! and pydantic models with nested types (a nested model, lists, maps, optionals, an enum,
//! datetimes, a date, a duration and bytes inside the struct), lists and dicts of models,
//! unions (of scalars, of a scalar and a list, of dataclasses), int and str enums,
//! NamedTuple / TypedDict / tuple wrappers, and nested untyped dicts.
//!
//! Each case is canonical JSON for a golden-corpus type, generated to fit it. Properties:
//! `Value::from_json` accepts it and gives back the same canonical JSON; `Value → Literal →
//! bytes → Value` gives it back too; `value::encode` gives the same bytes; and the bytes are a
//! fixed point of decode → encode. proptest shrinks a failure to the smallest such JSON.

use flyte_types::idl::core::LiteralType;
use flyte_types::value::{self, Duration, Timestamp, Value, canonical_diff};
use flyte_types::wire;
use proptest::prelude::*;
use prost::Message;
use serde_json::{Map, Value as Json, json};

fn corpus_type(case: &str) -> LiteralType {
    let path = crate::corpus::interop()
        .join("flyte2")
        .join(case)
        .join("type.pb");
    LiteralType::decode(crate::corpus::read(path).as_slice()).unwrap()
}

fn float() -> impl Strategy<Value = Json> {
    any::<f64>().prop_map(|f| Value::Float(f).to_json())
}
fn int() -> impl Strategy<Value = Json> {
    any::<i64>().prop_map(Json::from)
}
fn text() -> impl Strategy<Value = Json> {
    ".{0,12}".prop_map(Json::String)
}
/// A datetime a Python `datetime` can hold (microseconds, years 1..=9999), canonical text.
fn datetime() -> impl Strategy<Value = Json> {
    (-62_135_596_800i64..253_402_300_799, 0i32..1_000_000)
        .prop_map(|(s, us)| Value::Datetime(Timestamp::new(s, us * 1000).unwrap()).to_json())
}
/// A `date`: midnight UTC.
fn date() -> impl Strategy<Value = Json> {
    (-719_162i64..2_932_896)
        .prop_map(|d| Value::Datetime(Timestamp::new(d * 86_400, 0).unwrap()).to_json())
}
/// A `timedelta` a struct field holds exactly: whole microseconds, within float precision.
fn struct_duration() -> impl Strategy<Value = Json> {
    (-1_000_000_000i64..1_000_000_000, 0i32..1_000_000).prop_map(|(s, us)| {
        let us = if s < 0 { -us } else { us };
        Value::Duration(Duration::new(s, us * 1000).unwrap()).to_json()
    })
}
fn bytes_json(utf8_only: bool) -> BoxedStrategy<Json> {
    if utf8_only {
        ".{0,8}"
            .prop_map(|s| Value::Bytes(s.into_bytes()).to_json())
            .boxed()
    } else {
        prop::collection::vec(any::<u8>(), 0..16)
            .prop_map(|b| Value::Bytes(b).to_json())
            .boxed()
    }
}
fn optional(s: impl Strategy<Value = Json>) -> impl Strategy<Value = Json> {
    prop::option::of(s).prop_map(|o| o.unwrap_or(Json::Null))
}
fn object(fields: Vec<(&'static str, Json)>) -> Json {
    Json::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// `Inner{a: int, label: str}` (dataclass or pydantic alike).
fn inner() -> impl Strategy<Value = Json> {
    (int(), text()).prop_map(|(a, label)| object(vec![("a", a), ("label", label)]))
}

/// `Complex` / `PComplex`: every field kind a struct carries.
fn complex(colors: &'static [&'static str], pydantic: bool) -> impl Strategy<Value = Json> {
    (
        (
            inner(),
            prop::collection::vec(int(), 0..4),
            prop::collection::btree_map(".{0,6}", float(), 0..4),
            optional(int()),
            optional(text()),
            prop::sample::select(colors),
        ),
        (
            datetime(),
            datetime(),
            date(),
            struct_duration(),
            bytes_json(pydantic),
        ),
    )
        .prop_map(
            |(
                (inner, items, mapping, maybe, maybe_missing, color),
                (when, naive, day, took, raw),
            )| {
                object(vec![
                    ("inner", inner),
                    ("items", Json::Array(items)),
                    (
                        "mapping",
                        Json::Object(mapping.into_iter().collect::<Map<_, _>>()),
                    ),
                    ("maybe", maybe),
                    ("maybe_missing", maybe_missing),
                    ("color", json!(color)),
                    ("when", when),
                    ("naive_when", naive),
                    ("day", day),
                    ("took", took),
                    ("raw", raw),
                ])
            },
        )
}

/// Nested untyped dicts: JSON-like values with string keys, bytes included.
fn untyped(depth: u32) -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        int(),
        float(),
        text(),
        bytes_json(false),
    ];
    leaf.prop_recursive(depth, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::btree_map("[a-z]{1,5}", inner, 0..5)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
    .prop_map(|v| json!({"root": v, "other": [v.clone(), {"k": v}]}))
}

/// `(corpus case, canonical JSON for its type)`.
fn family_case() -> impl Strategy<Value = (&'static str, Json)> {
    prop_oneof![
        complex(&["red", "green", "blue"], false).prop_map(|j| ("dc_complex", j)),
        complex(&["BLUE", "GREEN", "RED"], true).prop_map(|j| ("pyd_complex", j)),
        prop::collection::vec((int(), float(), text(), any::<bool>()), 0..4).prop_map(|v| (
            "list_dataclass",
            Json::Array(
                v.into_iter()
                    .map(|(i, f, s, b)| {
                        object(vec![("i", i), ("f", f), ("s", s), ("b", json!(b))])
                    })
                    .collect()
            )
        )),
        prop::collection::btree_map(".{0,6}", inner(), 0..4)
            .prop_map(|m| ("dict_str_dataclass", Json::Object(m.into_iter().collect()))),
        prop::collection::vec((int(), float()), 0..4).prop_map(|v| (
            "list_pydantic",
            Json::Array(
                v.into_iter()
                    .map(|(id, w)| object(vec![("id", id), ("weight", w)]))
                    .collect()
            )
        )),
        optional(float().prop_map(|r| object(vec![("radius", r)])))
            .prop_map(|j| ("optional_dataclass_value", j)),
        prop_oneof![int(), text()].prop_map(|j| ("union_int_str_int", j)),
        prop_oneof![
            float(),
            prop::collection::vec(int(), 0..4).prop_map(Json::Array)
        ]
        .prop_map(|j| ("union_float_list_list", j)),
        (text(), any::<i64>(), any::<bool>(), any::<bool>()).prop_map(
            |(name, lives, good, cat)| {
                let j = if cat {
                    object(vec![("name", name), ("lives", json!(lives))])
                } else {
                    object(vec![("name", name), ("good", json!(good))])
                };
                ("union_dataclasses_cat", j)
            }
        ),
        prop::sample::select(&["LOW", "HIGH"][..]).prop_map(|p| ("enum_intenum", json!(p))),
        prop::sample::select(&["RED", "GREEN", "BLUE"][..]).prop_map(|c| ("enum_color", json!(c))),
        (int(), float(), text()).prop_map(|(x, y, label)| (
            "namedtuple_point",
            object(vec![("x", x), ("y", y), ("label", label)])
        )),
        (text(), int(), float()).prop_map(|(title, year, rating)| (
            "typeddict_movie",
            object(vec![("title", title), ("year", year), ("rating", rating)])
        )),
        (int(), text(), float()).prop_map(|(a, b, c)| ("tuple_int_str_float", json!([a, b, c]))),
        untyped(3).prop_map(|j| ("dict_untyped_mixed", j)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn struct_union_enum_and_wrapper_families_round_trip((case, json) in family_case()) {
        let ty = corpus_type(case);
        let v = Value::from_json(&ty, &json)
            .map_err(|e| TestCaseError::fail(format!("{case}: {json} refused: {e}")))?;
        prop_assert_eq!(canonical_diff(&json, &v.to_json()), None, "{}: read back", case);

        let literal = v.to_literal(&ty).unwrap();
        let bytes = wire::encode_canonical(&literal);
        prop_assert_eq!(&wire::encode_canonical(&value::encode(&ty, &json).unwrap()), &bytes);

        let mut decoder = value::Decoder::new();
        let back = decoder.decode(&ty, &flyte_types::idl::core::Literal::decode(bytes.as_slice()).unwrap()).unwrap();
        prop_assert_eq!(canonical_diff(&json, &back.to_json()), None, "{}: decoded", case);
        prop_assert!(decoder.lossy_notes().is_empty(), "{}: {:?}", case, decoder.lossy_notes());

        let again = wire::encode_canonical(&back.to_literal(&ty).unwrap());
        prop_assert_eq!(again, bytes, "{}: not a fixed point", case);
    }
}
