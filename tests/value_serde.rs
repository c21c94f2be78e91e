//! `Value` speaks serde (canonical JSON shape), and serde types go to and from `Value`.

use flyte_types::value::{self, Timestamp, Value};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: i64,
    note: Option<String>,
    ratio: f64,
    tags: Vec<String>,
    scores: BTreeMap<String, i64>,
    status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Active,
    OnHold,
}

fn order() -> impl Strategy<Value = Order> {
    (
        any::<i64>(),
        proptest::option::of("[a-z]{0,6}"),
        -1e9f64..1e9,
        proptest::collection::vec("[a-z]{0,4}", 0..4),
        proptest::collection::btree_map("[a-z]{1,4}", any::<i64>(), 0..4),
        prop_oneof![Just(Status::Active), Just(Status::OnHold)],
    )
        .prop_map(|(id, note, ratio, tags, scores, status)| Order {
            id,
            note,
            ratio,
            tags,
            scores,
            status,
        })
}

proptest! {
    #[test]
    fn serde_types_round_trip_through_value(o in order()) {
        let v = value::to_value(&o).unwrap();
        prop_assert_eq!(value::from_value::<Order>(v).unwrap(), o);
    }

    #[test]
    fn json_like_values_round_trip_through_serde(o in order()) {
        let v = value::to_value(&o).unwrap();
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}

#[test]
fn to_value_keeps_field_order_and_serde_names() {
    let o = Order {
        id: 7,
        note: None,
        ratio: 0.5,
        tags: vec![],
        scores: BTreeMap::new(),
        status: Status::OnHold,
    };
    assert_eq!(
        value::to_value(&o).unwrap(),
        Value::Map(vec![
            ("id".into(), Value::Int(7)),
            ("note".into(), Value::None),
            ("ratio".into(), Value::Float(0.5)),
            ("tags".into(), Value::List(vec![])),
            ("scores".into(), Value::Map(vec![])),
            ("status".into(), Value::String("on-hold".into())),
        ])
    );
}

#[test]
fn value_serializes_as_its_canonical_json() {
    let v = Value::Map(vec![
        (
            "when".into(),
            Value::Datetime(Timestamp::new(1, 500_000_000).unwrap()),
        ),
        ("raw".into(), Value::Bytes(vec![0, 255])),
        ("nan".into(), Value::Float(f64::NAN)),
    ]);
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"when":"1970-01-01T00:00:01.500000Z","raw":{"$bytes":"AP8="},"nan":"NaN"}"#
    );
    // Without a type, the datetime comes back as its string; bytes as bytes.
    let back: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(
        back,
        Value::Map(vec![
            (
                "when".into(),
                Value::String("1970-01-01T00:00:01.500000Z".into())
            ),
            ("raw".into(), Value::Bytes(vec![0, 255])),
            ("nan".into(), Value::String("NaN".into())),
        ])
    );
    // A datetime reads as its canonical RFC 3339 string (what chrono's serde impls take).
    #[derive(Deserialize, Debug, PartialEq)]
    struct When {
        when: String,
    }
    let when = Value::Map(vec![(
        "when".into(),
        Value::Datetime(Timestamp::new(1, 500_000_000).unwrap()),
    )]);
    assert_eq!(
        value::from_value::<When>(when).unwrap(),
        When {
            when: "1970-01-01T00:00:01.500000Z".into()
        }
    );
}

#[test]
fn errors_say_what_serde_refused() {
    assert_eq!(
        value::from_value::<Order>(Value::Int(3))
            .unwrap_err()
            .to_string(),
        "serde: invalid type: integer `3`, expected struct Order"
    );
    // uint64 is carried (Python's msgpack writes it); a map key that is not a string is not.
    assert_eq!(value::to_value(&u64::MAX).unwrap(), Value::UInt(u64::MAX));
    assert_eq!(
        value::from_value::<u64>(Value::UInt(u64::MAX)).unwrap(),
        u64::MAX
    );
    assert_eq!(
        value::to_value(&BTreeMap::from([((1, 2), 3)]))
            .unwrap_err()
            .to_string(),
        "serde: key must be a string"
    );
    // Reading keeps the path inside the value, as the msgpack bridge does.
    #[derive(Deserialize, Debug)]
    struct Xs {
        #[allow(dead_code)]
        xs: Vec<i64>,
    }
    let bad = Value::Map(vec![(
        "xs".into(),
        Value::List(vec![Value::Int(1), Value::String("two".into())]),
    )]);
    assert_eq!(
        value::from_value::<Xs>(bad).unwrap_err().to_string(),
        "at xs[1]: serde: invalid type: string \"two\", expected i64"
    );
}

/// A map that writes its entries as given, repeated keys included (serde allows it).
struct Entries(Vec<(&'static str, i64)>);

impl Serialize for Entries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Map entries keep their order and their number on every serde path, whatever serde_json's map
/// type is in the build: a `serde_json::Map` in between would sort them (without its
/// `preserve_order`) and would always merge a repeated key, so a repeated key tells.
#[test]
fn serde_paths_keep_map_entries_as_they_are() {
    let entries = vec![
        ("b".to_string(), Value::Int(1)),
        ("a".to_string(), Value::Int(2)),
        ("b".to_string(), Value::Int(3)),
    ];
    let text = r#"{"b":1,"a":2,"b":3}"#;
    assert_eq!(
        serde_json::to_string(&Value::Map(entries.clone())).unwrap(),
        text
    );
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap(),
        Value::Map(entries.clone())
    );
    assert_eq!(
        value::to_value(&Entries(vec![("b", 1), ("a", 2), ("b", 3)])).unwrap(),
        Value::Map(entries)
    );
    // Integer and boolean keys are written as their text, as serde_json writes them.
    assert_eq!(
        value::to_value(&BTreeMap::from([(2, "x"), (-1, "y")])).unwrap(),
        Value::Map(vec![
            ("-1".into(), Value::String("y".into())),
            ("2".into(), Value::String("x".into())),
        ])
    );
    assert_eq!(
        value::to_value(&BTreeMap::from([(true, 1)])).unwrap(),
        Value::Map(vec![("true".into(), Value::Int(1))])
    );
    // A float stays the float (serde_json's own `to_value` would make NaN a null).
    assert!(matches!(value::to_value(&f64::NAN).unwrap(), Value::Float(f) if f.is_nan()));
    // Data-carrying enum variants are serde's external tagging.
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Shape {
        Circle(f64),
        Rect { w: i64, h: i64 },
        Pair(i64, i64),
    }
    assert_eq!(
        value::to_value(&vec![
            Shape::Circle(1.5),
            Shape::Rect { w: 2, h: 3 },
            Shape::Pair(4, 5)
        ])
        .unwrap(),
        Value::List(vec![
            Value::Map(vec![("Circle".into(), Value::Float(1.5))]),
            Value::Map(vec![(
                "Rect".into(),
                Value::Map(vec![
                    ("w".into(), Value::Int(2)),
                    ("h".into(), Value::Int(3))
                ])
            )]),
            Value::Map(vec![(
                "Pair".into(),
                Value::List(vec![Value::Int(4), Value::Int(5)])
            )]),
        ])
    );
}
