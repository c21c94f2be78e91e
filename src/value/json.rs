//! The canonical JSON form of a [`Value`], and the strict comparison the corpus defines
//! (`1`, `1.0` and `true` differ; `-0.0` is not `0.0`; objects compare as sets of keys).

use super::types::column_type_text;
use super::{PickleData, Value};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Map, Value as Json, json};

impl Value {
    /// The canonical JSON form (shared/interop/README.md): floats always with a `.` or an
    /// exponent, NaN / ±Infinity as strings, bytes as `{"$bytes": base64}`, datetimes as
    /// RFC 3339 `…Z`, durations as `{"seconds", "nanos"}`, handles as `$file` / `$dir` /
    /// `$dataframe` / `$pickle` objects.
    ///
    /// A map's entries go into a `serde_json::Map`, whose order is the build's (sorted, unless
    /// `serde_json`'s `preserve_order` is on); `serde_json::to_string(&value)` writes them in
    /// their order whatever the build.
    pub fn to_json(&self) -> Json {
        match self {
            Value::None => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::UInt(u) => Json::from(*u),
            Value::Float(f) => float_json(*f),
            Value::String(s) => Json::String(s.clone()),
            Value::Bytes(b) => json!({ "$bytes": B64.encode(b) }),
            Value::Datetime(t) => Json::String(t.to_canonical()),
            Value::Duration(d) => json!({ "seconds": d.seconds, "nanos": d.nanos }),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Value::File(f) => json!({ "$file": blob_json(&f.uri, &f.format, &f.hash) }),
            Value::Dir(d) => json!({ "$dir": blob_json(&d.uri, &d.format, &d.hash) }),
            Value::DataFrame(df) => {
                let columns: Vec<Json> = df
                    .columns()
                    .iter()
                    .map(|c| json!([c.name, column_type_text(c.literal_type.as_ref())]))
                    .collect();
                let mut obj = Map::new();
                obj.insert("uri".into(), json!(df.uri));
                obj.insert("format".into(), json!(df.format()));
                obj.insert("columns".into(), Json::Array(columns));
                with_hash(&mut obj, &df.hash);
                json!({ "$dataframe": obj })
            }
            Value::Pickle(p) => {
                let mut obj = Map::new();
                match &p.data {
                    PickleData::Inline(bytes) => {
                        obj.insert("inline".into(), json!(B64.encode(bytes)))
                    }
                    PickleData::Uri(uri) => obj.insert("uri".into(), json!(uri)),
                };
                with_hash(&mut obj, &p.hash);
                json!({ "$pickle": obj })
            }
        }
    }
}

/// A float as canonical JSON: a number, or `"NaN"` / `"Infinity"` / `"-Infinity"`.
pub(crate) fn float_json(f: f64) -> Json {
    match serde_json::Number::from_f64(f) {
        Some(n) => Json::Number(n),
        None if f.is_nan() => Json::String("NaN".into()),
        None if f > 0.0 => Json::String("Infinity".into()),
        None => Json::String("-Infinity".into()),
    }
}

/// `{"uri", "format"[, "hash"]}`: the canonical form has no `name` (a File or Dir with a name of
/// its own makes the decoder note that the canonical value does not determine the bytes).
fn blob_json(uri: &str, format: &str, hash: &Option<String>) -> Json {
    let mut obj = Map::new();
    obj.insert("uri".into(), json!(uri));
    obj.insert("format".into(), json!(format));
    with_hash(&mut obj, hash);
    Json::Object(obj)
}

fn with_hash(obj: &mut Map<String, Json>, hash: &Option<String>) {
    if let Some(h) = hash {
        obj.insert("hash".into(), json!(h));
    }
}

/// Compares two canonical JSON documents strictly. Returns `None` when equal, or the path of
/// the first difference and what differs there (`$.items[2]: 1 vs 1.0`).
pub fn canonical_diff(expected: &Json, actual: &Json) -> Option<String> {
    diff_at("$", expected, actual)
}

fn diff_at(path: &str, a: &Json, b: &Json) -> Option<String> {
    let differ = || Some(format!("{path}: expected {a}, found {b}"));
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let same = match (x.is_f64(), y.is_f64()) {
                (true, true) => x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits),
                (false, false) => x.as_i128() == y.as_i128(),
                _ => false,
            };
            if same { None } else { differ() }
        }
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!(
                    "{path}: expected {} elements, found {}",
                    x.len(),
                    y.len()
                ));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| diff_at(&format!("{path}[{i}]"), p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            if let Some(k) = x.keys().find(|k| !y.contains_key(*k)) {
                return Some(format!("{path}: missing key {k:?}"));
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                return Some(format!("{path}: unexpected key {k:?}"));
            }
            x.iter()
                .find_map(|(k, p)| diff_at(&format!("{path}.{k}"), p, &y[k]))
        }
        _ if a == b => None,
        _ => differ(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_their_canonical_text() {
        let text: Vec<String> = [
            3.0,
            -0.0,
            1e-300,
            0.25585920061159095,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]
        .iter()
        .map(|f| Value::Float(*f).to_json().to_string())
        .collect();
        assert_eq!(
            text,
            [
                "3.0",
                "-0.0",
                "1e-300",
                "0.25585920061159095",
                "\"NaN\"",
                "\"Infinity\"",
                "\"-Infinity\""
            ]
        );
    }

    #[test]
    fn comparison_is_strict() {
        let parse = |s: &str| serde_json::from_str::<Json>(s).unwrap();
        assert_eq!(canonical_diff(&parse("[1, 2.5]"), &parse("[1, 2.5]")), None);
        assert_eq!(
            canonical_diff(&parse(r#"{"a":1,"b":2}"#), &parse(r#"{"b":2,"a":1}"#)),
            None
        );
        assert_eq!(
            canonical_diff(&parse("1"), &parse("1.0")),
            Some("$: expected 1, found 1.0".into())
        );
        assert_eq!(
            canonical_diff(&parse("0.0"), &parse("-0.0")),
            Some("$: expected 0.0, found -0.0".into())
        );
        assert_eq!(
            canonical_diff(&parse("[true]"), &parse("[1]")),
            Some("$[0]: expected true, found 1".into())
        );
        assert_eq!(
            canonical_diff(&parse(r#"{"a":{"x":1}}"#), &parse(r#"{"a":{"y":1}}"#)),
            Some("$.a: missing key \"x\"".into())
        );
    }
}
