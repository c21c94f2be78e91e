//! Derived shapes checked against what the real Flyte 2 SDK wrote for the equivalent Python
//! (tests/data/extra-cases): doc comments as field descriptions (pydantic's
//! `Field(description=...)`, mashumaro's `field(metadata={"description": ...})`), and the
//! `typed_dict` / `named_tuple` attributes (Flyte 2's TypedDict and NamedTuple wrapper models).

#![cfg(feature = "derive")]

use chrono::{DateTime, TimeZone, Utc};
use flyte_types::engine::{FlyteType, StructField, StructStyle};
use flyte_types::msgpack::Msg;
use flyte_types::wire::encode_canonical;
use std::collections::BTreeMap;

use crate::sdk_support;
use sdk_support::{case_file, reads_as, writes_as};

/// Python's `DocPoint` dataclass.
#[derive(Debug, PartialEq, FlyteType)]
struct DocPoint {
    /// Horizontal position.
    x: i64,
    /// What it is called.
    /// Second line.
    #[flyte(default)]
    label: Option<String>,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct DocInner {
    /// The a.
    a: i64,
}

/// Python's `DocModel(BaseModel)`. (A struct's own doc comment is not written: Flyte 2's
/// dataclasses have none, and this one stands for a model without a docstring.)
#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct DocModel {
    /// Who.
    name: String,
    /// Nested, by reference.
    inner: DocInner,
    ///   Maybe a number.
    ///
    #[flyte(default)]
    maybe: Option<i64>,
    plain: i64,
}

#[test]
fn doc_comments_are_field_descriptions_in_both_styles() {
    let p = DocPoint {
        x: 3,
        label: Some("p".into()),
    };
    writes_as("doc_dc_descriptions", &p);
    reads_as("doc_dc_descriptions", &p);
    let m = DocModel {
        name: "n".into(),
        inner: DocInner { a: 1 },
        maybe: None,
        plain: 2,
    };
    writes_as("doc_pyd_descriptions", &m);
    reads_as("doc_pyd_descriptions", &m);
}

// ---- TypedDict --------------------------------------------------------------------------------

/// `class Movie(TypedDict): title: str; year: int; rating: float`.
#[derive(Debug, PartialEq, FlyteType)]
#[flyte(typed_dict)]
struct Movie {
    title: String,
    year: i64,
    rating: f64,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(typed_dict)]
struct Tags {
    key: String,
    values: Vec<String>,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(typed_dict)]
struct Record {
    id: i64,
    tags: Vec<Tags>,
    when: DateTime<Utc>,
    extra: BTreeMap<String, Option<i64>>,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(typed_dict, title = "Partial")]
struct PartialDict {
    a: i64,
    b: String,
    c: Vec<f64>,
}

#[test]
fn typed_dicts_are_the_sdks_wrapper_models() {
    let movie = Movie {
        title: "Heat".into(),
        year: 1995,
        rating: 8.3,
    };
    let golden = |f: &str| {
        std::fs::read(sdk_support::shared().join(format!("interop/flyte2/typeddict_movie/{f}")))
            .unwrap()
    };
    assert_eq!(encode_canonical(&Movie::literal_type()), golden("type.pb"));
    assert_eq!(movie.to_literal_bytes().unwrap(), golden("literal.pb"));
    assert_eq!(
        Movie::read_literal_bytes(&golden("literal.pb")).unwrap(),
        movie
    );

    let record = Record {
        id: 1,
        tags: vec![Tags {
            key: "k".into(),
            values: vec!["v1".into(), "v2".into()],
        }],
        when: Utc.with_ymd_and_hms(2022, 2, 22, 22, 22, 22).unwrap(),
        extra: [("n".to_string(), None), ("m".to_string(), Some(3))].into(),
    };
    // The SDK's dict keeps the order {"n", "m"}; a BTreeMap writes "m" first, so only the type
    // is byte-compared here.
    assert_eq!(
        encode_canonical(&Record::literal_type()),
        case_file("typeddict_nested", "type.pb")
    );
    reads_as("typeddict_nested", &record);

    let partial = PartialDict {
        a: 0,
        b: String::new(),
        c: vec![1e-3],
    };
    writes_as("typeddict_total_false_full", &partial);
    reads_as("typeddict_total_false_full", &partial);
}

// ---- NamedTuple -------------------------------------------------------------------------------

/// `class Point(NamedTuple): x: int; y: float; label: str`.
#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(named_tuple)]
struct Point {
    x: i64,
    y: f64,
    label: String,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(named_tuple)]
struct Span {
    start_at: i64,
    end_at: i64,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(named_tuple)]
struct Track {
    name: String,
    span: Span,
}

#[test]
fn named_tuples_are_the_sdks_wrapper_models_and_arrays_when_nested() {
    let point = Point {
        x: 1,
        y: 2.5,
        label: "p".into(),
    };
    let golden = |f: &str| {
        std::fs::read(sdk_support::shared().join(format!("interop/flyte2/namedtuple_point/{f}")))
            .unwrap()
    };
    assert_eq!(encode_canonical(&Point::literal_type()), golden("type.pb"));
    assert_eq!(point.to_literal_bytes().unwrap(), golden("literal.pb"));
    assert_eq!(
        Point::read_literal_bytes(&golden("literal.pb")).unwrap(),
        point
    );

    let track = Track {
        name: "t".into(),
        span: Span {
            start_at: 3,
            end_at: 7,
        },
    };
    writes_as("namedtuple_in_namedtuple", &track);
    reads_as("namedtuple_in_namedtuple", &track);
    // Nested, the tuple is its items in order.
    assert_eq!(
        track.span.to_msg(StructStyle::Pydantic).unwrap(),
        Msg::Array(vec![Msg::Int(3), Msg::Int(7)])
    );
    let err = Span::from_msg(&Msg::Array(vec![Msg::Int(3)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected an array of 2 items, found 1 items"
    );
    let err = Span::from_msg(&Msg::Array(vec![Msg::Int(3), Msg::Str("x".into())])).unwrap_err();
    assert_eq!(err.to_string(), "at end_at: expected an integer, found str");
    // On its own, a missing field is named.
    let lit = flyte_types::engine::msgpack_literal(&Msg::Map(vec![(
        Msg::Str("start_at".into()),
        Msg::Int(1),
    )]))
    .unwrap();
    assert_eq!(
        Span::from_literal(&lit).unwrap_err().to_string(),
        "missing required field \"end_at\""
    );
}

/// `@dataclass class Annotated_: span: Span; tags: Tags`: mashumaro inlines both, the
/// NamedTuple as an untitled array schema, the TypedDict as an untitled closed object.
#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(title = "Annotated_")]
struct AnnotatedDc {
    span: Span,
    tags: Tags,
}

#[test]
fn named_tuples_and_typed_dicts_inside_a_dataclass_are_mashumaros() {
    let v = AnnotatedDc {
        span: Span {
            start_at: 3,
            end_at: 7,
        },
        tags: Tags {
            key: "k".into(),
            values: vec!["v".into()],
        },
    };
    writes_as("wire/dc_namedtuple_typeddict_fields", &v);
    reads_as("wire/dc_namedtuple_typeddict_fields", &v);
}
