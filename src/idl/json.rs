//! `google.protobuf.Struct` ↔ JSON: the one pair of converters (schemas in
//! `LiteralType.metadata`, generic struct values, type annotations).
//!
//! | `Struct` side | JSON side |
//! | --- | --- |
//! | `number_value` | a JSON number; NaN and ±infinity (which JSON numbers cannot hold) as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, protojson's spelling of such doubles |
//! | `null_value`, or a `Value` with no kind set | `null` (Python's `json_format` reads an unset `Value` as `None`) |
//! | `string_value`, `bool_value`, `list_value`, `struct_value` | string, boolean, array, object |
//!
//! JSON to `Struct` makes every number a double, as Python does.

use prost_types::value::Kind;
use prost_types::{ListValue, Struct, Value};
use serde_json::{Map, Value as Json};

/// `st` as a JSON object, or `None` when it nests deeper than `max_depth` (each `Struct` and
/// `Value` counts one level): the caller reports its own limit.
pub fn struct_to_json(st: &Struct, max_depth: usize) -> Option<Json> {
    struct_at(st, 0, max_depth)
}

fn struct_at(st: &Struct, depth: usize, max_depth: usize) -> Option<Json> {
    if depth > max_depth {
        return None;
    }
    st.fields
        .iter()
        .map(|(k, v)| Some((k.clone(), value_at(v, depth + 1, max_depth)?)))
        .collect::<Option<Map<_, _>>>()
        .map(Json::Object)
}

fn value_at(v: &Value, depth: usize, max_depth: usize) -> Option<Json> {
    if depth > max_depth {
        return None;
    }
    Some(match &v.kind {
        None | Some(Kind::NullValue(_)) => Json::Null,
        Some(Kind::BoolValue(b)) => Json::Bool(*b),
        Some(Kind::StringValue(s)) => Json::String(s.clone()),
        Some(Kind::NumberValue(n)) => match serde_json::Number::from_f64(*n) {
            Some(num) => Json::Number(num),
            None if n.is_nan() => Json::String("NaN".into()),
            None if *n > 0.0 => Json::String("Infinity".into()),
            None => Json::String("-Infinity".into()),
        },
        Some(Kind::StructValue(s)) => struct_at(s, depth + 1, max_depth)?,
        Some(Kind::ListValue(l)) => Json::Array(
            l.values
                .iter()
                .map(|x| value_at(x, depth + 1, max_depth))
                .collect::<Option<_>>()?,
        ),
    })
}

/// A JSON object as a `Struct` (numbers become doubles).
pub fn json_to_struct(o: &Map<String, Json>) -> Struct {
    Struct {
        fields: o
            .iter()
            .map(|(k, v)| (k.clone(), json_to_value(v)))
            .collect(),
    }
}

/// A JSON value as a `google.protobuf.Value` (numbers become doubles).
pub fn json_to_value(j: &Json) -> Value {
    let kind = match j {
        Json::Null => Kind::NullValue(0),
        Json::Bool(b) => Kind::BoolValue(*b),
        Json::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Kind::StringValue(s.clone()),
        Json::Array(a) => Kind::ListValue(ListValue {
            values: a.iter().map(json_to_value).collect(),
        }),
        Json::Object(o) => Kind::StructValue(json_to_struct(o)),
    };
    Value { kind: Some(kind) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn non_finite_numbers_and_unset_values_follow_protojson() {
        let st = Struct {
            fields: [
                ("nan", Kind::NumberValue(f64::NAN)),
                ("inf", Kind::NumberValue(f64::INFINITY)),
                ("ninf", Kind::NumberValue(f64::NEG_INFINITY)),
                ("x", Kind::NumberValue(1.5)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value { kind: Some(v) }))
            .chain([("unset".to_string(), Value { kind: None })])
            .collect(),
        };
        assert_eq!(
            struct_to_json(&st, 4),
            Some(
                json!({"nan": "NaN", "inf": "Infinity", "ninf": "-Infinity", "x": 1.5, "unset": null})
            )
        );
    }

    #[test]
    fn nesting_beyond_the_limit_is_none_and_json_round_trips() {
        let doc = json!({"a": {"b": [1, {"c": true}]}, "s": "t"});
        let st = json_to_struct(doc.as_object().unwrap());
        assert_eq!(
            struct_to_json(&st, 6),
            Some(json!({"a": {"b": [1.0, {"c": true}]}, "s": "t"}))
        );
        // root 0, value a 1, its Struct 2, value b 3, list item 4, {c} 5, true 6: 5 cuts it.
        assert_eq!(struct_to_json(&st, 5), None);
    }
}
