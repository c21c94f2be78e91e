//! Hostile input, every decoder: each case is refused with an exact error kind (or read exactly),
//! without a panic, a stack overflow, a hang or an allocation a length merely claims. The cases
//! already in `value_bad_input.rs` (100,000-deep protobuf literal and msgpack payload through
//! the value layer, 4 GiB protobuf / msgpack lengths there, an offloaded literal pointing at
//! itself or at nothing, an out-of-range timestamp) are not repeated here.
//!
//! Peak memory of this whole binary is recorded in `fuzz/README.md` (`/usr/bin/time -v`).

use flyte_types::ErrorKind;
use flyte_types::idl::core::{
    Binary, Literal, LiteralMap, LiteralOffloadedMetadata, LiteralType, Primitive, Scalar,
    SimpleType, TypeStructure, Union, UnionType, literal, literal_type::Type, primitive, scalar,
};
use flyte_types::msgpack::{self, Limits, Msg, MsgpackErrorKind};
use flyte_types::storage::LocalFiles;
use flyte_types::value::{self, __fuzz, Decoder, Value};
use flyte_types::wire::{self, WireErrorKind};
use prost::Message;
use serde_json::{Value as Json, json};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

fn simple(s: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(s as i32)),
        ..Default::default()
    }
}
fn tagged(mut t: LiteralType, tag: &str) -> LiteralType {
    t.structure = Some(TypeStructure {
        tag: tag.into(),
        ..Default::default()
    });
    t
}
fn union_of(variants: Vec<LiteralType>) -> LiteralType {
    LiteralType {
        r#type: Some(Type::UnionType(UnionType { variants })),
        ..Default::default()
    }
}
fn scalar_lit(v: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        ..Default::default()
    }
}
fn prim(p: primitive::Value) -> Literal {
    scalar_lit(scalar::Value::Primitive(Primitive { value: Some(p) }))
}
fn untyped_dict() -> LiteralType {
    simple(SimpleType::Struct)
}
/// A STRUCT type whose metadata is `schema` (a dataclass unless `pydantic`).
fn schema_type(schema: Json, pydantic: bool) -> LiteralType {
    let Json::Object(o) = schema else {
        panic!("a schema is an object")
    };
    __fuzz::schema_type(&o, pydantic)
}
/// Where the msgpack decoder stopped, and why.
fn msgpack_failure(err: &flyte_types::Error) -> (usize, &MsgpackErrorKind) {
    match err.kind() {
        ErrorKind::Msgpack { offset, kind } => (*offset, kind),
        other => panic!("not a msgpack error: {other:?}"),
    }
}
fn kind_of(r: Result<Value, flyte_types::Error>) -> ErrorKind {
    r.expect_err("hostile input must be refused").kind().clone()
}
/// The error's kind, and its whole message (the cause included).
fn refusal(r: Result<Value, flyte_types::Error>) -> (ErrorKind, String) {
    let err = r.expect_err("hostile input must be refused");
    (err.kind().clone(), err.to_string())
}
/// `f` must finish well within `limit` (a hang shows up as a failure, not a stuck run).
fn quick<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, more than {limit:?}");
    out
}

// ---------------------------------------------------------------- 100,000-deep nesting

#[test]
fn a_literal_type_nested_100000_deep_is_a_protobuf_error() {
    // LiteralType{collection_type(3): LiteralType{…}} 100,000 levels: prost stops at 100.
    let mut lens = vec![0u64];
    for _ in 0..100_000 {
        let m = *lens.last().unwrap();
        lens.push(1 + prost::encoding::encoded_len_varint(m) as u64 + m);
    }
    let mut bytes = Vec::new();
    for m in lens.iter().rev().skip(1) {
        bytes.push(0x1a);
        prost::encoding::encode_varint(*m, &mut bytes);
    }
    let err = LiteralType::decode(bytes.as_slice()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
    let err = wire::canonicalize(&bytes, "flyteidl2.core.LiteralType").unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Wire {
                kind: WireErrorKind::DepthLimit { limit: 100 },
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_msgpack_array_nested_100000_deep_hits_the_depth_limit_exactly() {
    let mut payload = vec![0x91; 100_000];
    payload.push(0xc0);
    let err = msgpack::decode(&payload).unwrap_err();
    assert_eq!(
        msgpack_failure(&err),
        (256, &MsgpackErrorKind::DepthLimit(256))
    );
    // Python's own limit is configurable and refused the same way.
    let err = msgpack::decode_with(
        &payload,
        &Limits {
            max_depth: Limits::PYTHON_MAX_DEPTH,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert_eq!(msgpack_failure(&err).1, &MsgpackErrorKind::DepthLimit(1024));
    // 256 levels are read, and the value layer walks them without overflowing the stack.
    let mut payload = vec![0x81, 0xa1, b'a'];
    payload.extend(vec![0x91; 254]);
    payload.push(0xc0);
    let v = value::decode(&untyped_dict(), &__fuzz::msgpack_literal(payload)).unwrap();
    assert!(matches!(v, Value::Map(_)));
}

#[test]
fn a_json_schema_nested_100000_deep_is_refused_in_every_form() {
    // As JSON text (what a schema arrives as from a console): serde_json stops at 128.
    let text = format!(
        "{}{}",
        "{\"items\":".repeat(100_000),
        "{}".to_string() + &"}".repeat(100_000)
    );
    let err = serde_json::from_str::<Json>(&text).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
    // As LiteralType.metadata bytes: Struct{fields{"items": Value{struct_value: …}}} nests two
    // messages per level (three with the map entry), so prost stops long before 100,000.
    let mut st = prost_types::Struct::default();
    for _ in 0..40 {
        st = prost_types::Struct {
            fields: [(
                "items".to_string(),
                prost_types::Value {
                    kind: Some(prost_types::value::Kind::StructValue(st)),
                },
            )]
            .into(),
        };
    }
    let deep = LiteralType {
        metadata: Some(st),
        ..untyped_dict()
    };
    assert!(LiteralType::decode(deep.encode_to_vec().as_slice()).is_err());
    // Built in memory (no parser limit; 1,000 levels, as Rust drops nested values recursively):
    // the metadata Struct is read 128 levels deep at most,
    let mut schema = json!({"type": "integer"});
    for _ in 0..1_000 {
        schema = json!({"type": "array", "items": schema});
    }
    let ty = schema_type(schema, false);
    let kind = kind_of(value::decode(&ty, &__fuzz::msgpack_literal(vec![0x90])));
    assert_eq!(kind, ErrorKind::DepthLimit(128));
    // and a schema compiles 64 levels deep at most, `$ref` hops included.
    let mut defs = serde_json::Map::new();
    for i in 0..100 {
        defs.insert(
            format!("A{i}"),
            json!({"type": "array", "items": {"$ref": format!("#/$defs/A{}", i + 1)}}),
        );
    }
    let ty = schema_type(json!({"$defs": defs, "$ref": "#/$defs/A0"}), false);
    let kind = kind_of(value::decode(&ty, &__fuzz::msgpack_literal(vec![0x90])));
    assert_eq!(kind, ErrorKind::DepthLimit(64));
}

#[test]
fn a_30000_long_ref_chain_is_a_depth_error_not_a_stack_overflow() {
    // D0 → D1 → … → D29999, each only `{"$ref": next}`. The root lists them last to first, so
    // every definition compiles shallowly and the chain exists only at walk time.
    // (Built straight into the metadata Struct, to keep the test's own copies small. 30,000,
    // not 100,000: a one-entry prost Struct is a whole BTreeMap node, about 1 KiB, and the
    // suite stays under 256 MiB; the 100,000-deep forms are the JSON text and protobuf above.)
    use prost_types::value::Kind;
    let n = 30_000;
    let text = |s: String| prost_types::Value {
        kind: Some(Kind::StringValue(s)),
    };
    let obj = |k: &str, v: prost_types::Value| prost_types::Value {
        kind: Some(Kind::StructValue(prost_types::Struct {
            fields: [(k.to_string(), v)].into(),
        })),
    };
    let defs = (0..n)
        .map(|i| {
            let body = if i + 1 < n {
                obj("$ref", text(format!("#/$defs/D{}", i + 1)))
            } else {
                obj("type", text("integer".into()))
            };
            (format!("D{i}"), body)
        })
        .collect();
    let any_of = (0..n)
        .rev()
        .map(|i| obj("$ref", text(format!("#/$defs/D{i}"))))
        .collect();
    let x = obj(
        "anyOf",
        prost_types::Value {
            kind: Some(Kind::ListValue(prost_types::ListValue { values: any_of })),
        },
    );
    let mut ty = schema_type(json!({"type": "object"}), false);
    let fields = &mut ty.metadata.as_mut().unwrap().fields;
    fields.insert(
        "$defs".into(),
        prost_types::Value {
            kind: Some(Kind::StructValue(prost_types::Struct { fields: defs })),
        },
    );
    fields.insert("properties".into(), obj("x", x));
    let payload = msgpack::to_vec(&Msg::Map(vec![(
        Msg::Str("x".into()),
        Msg::Str("s".into()),
    )]))
    .unwrap();
    // 256 levels of the walk fit half a MiB of stack, in a debug build too (a `$ref` hop
    // costs the walk's own small frame, not a union's).
    let (kind, err) = on_a_stack_of(512 * 1024, move || {
        let kind = quick(Duration::from_secs(20), || {
            kind_of(value::decode(&ty, &__fuzz::msgpack_literal(payload)))
        });
        let err = quick(Duration::from_secs(20), || {
            value::encode(&ty, &json!({"x": "s"})).unwrap_err()
        });
        (kind, err)
    });
    assert_eq!(kind, ErrorKind::DepthLimit(256));
    assert_eq!(err.kind(), &ErrorKind::DepthLimit(256));
}

/// `f` run on a thread of `bytes` of stack (a stack overflow aborts the test binary).
fn on_a_stack_of<T: Send + 'static>(bytes: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

// ---------------------------------------------------------------- lengths claiming 4 GiB

#[test]
fn length_fields_claiming_4_gib_fail_before_allocating_in_every_decoder() {
    // msgpack bin32 / str32 / array32 / map32 claiming 2^32 - 1 with a byte behind them.
    for (payload, needed) in [
        (vec![0xc6, 0xff, 0xff, 0xff, 0xff, 0x00], 0xffff_ffff_u64),
        (vec![0xdb, 0xff, 0xff, 0xff, 0xff, 0x61], 0xffff_ffff),
        (vec![0xdd, 0xff, 0xff, 0xff, 0xff, 0x01], 0xffff_ffff),
        (vec![0xdf, 0xff, 0xff, 0xff, 0xff, 0x01], 0x1_ffff_fffe),
    ] {
        let err = msgpack::decode(&payload).unwrap_err();
        assert_eq!(
            msgpack_failure(&err).1,
            &MsgpackErrorKind::UnexpectedEof {
                needed,
                available: 1
            },
            "{payload:02x?}"
        );
    }
    // A protobuf string field (Primitive.string_value, field 3) claiming 4 GiB - 1.
    let mut bytes = vec![0x0a, 0x0a, 0x0a, 0x08, 0x1a];
    prost::encoding::encode_varint(0xffff_ffff, &mut bytes);
    bytes.push(b'x');
    let kind = refusal(value::decode_bytes(&simple(SimpleType::String), &bytes));
    assert!(
        matches!(&kind, (ErrorKind::Protobuf { .. }, m) if m.contains("buffer underflow")),
        "{kind:?}"
    );
    // The canonical rewriter checks the same length against what is there.
    let mut bytes = vec![0x12];
    prost::encoding::encode_varint(0xffff_ffff, &mut bytes);
    bytes.extend([0x0a, 0x00]);
    let err = wire::canonicalize(&bytes, "flyteidl2.core.Literal").unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Wire {
                kind: WireErrorKind::UnexpectedEof {
                    needed: 0xffff_ffff,
                    available: 2,
                    ..
                },
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn an_offloaded_literal_above_the_size_cap_is_refused_unread() {
    let dir = std::env::temp_dir().join(format!("flyte-types-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.pb");
    // A sparse file of 1001 MiB: its size is known without reading (or storing) a byte.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1001 * 1024 * 1024)
        .unwrap();
    let uri = path.display().to_string();
    let ty = simple(SimpleType::Integer);
    let stub = Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: uri.clone(),
                size_bytes: 1,
                inferred_type: Some(ty.clone()),
            },
        ))),
        ..Default::default()
    };
    let store = LocalFiles::new();
    let err = Decoder::with_store(&store).decode(&ty, &stub).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Offloaded { uri: u } if *u == uri)
            && err
                .to_string()
                .contains("more than the limit of 1048576000"),
        "{err}"
    );
    // Two offloaded literals pointing at each other are a cycle too.
    let (a, b) = (dir.join("a.pb"), dir.join("b.pb"));
    let to = |p: &std::path::Path| Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: p.display().to_string(),
                ..Default::default()
            },
        ))),
        ..Default::default()
    };
    std::fs::write(&a, to(&b).encode_to_vec()).unwrap();
    std::fs::write(&b, to(&a).encode_to_vec()).unwrap();
    let err = Decoder::with_store(&store)
        .decode(&ty, &to(&a))
        .unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::OffloadCycle(a.display().to_string())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- invalid UTF-8

#[test]
fn invalid_utf8_is_refused_in_protobuf_strings_and_msgpack_str() {
    // Literal{scalar{primitive{string_value: ff fe}}}
    let bytes = [0x0a, 0x06, 0x0a, 0x04, 0x1a, 0x02, 0xff, 0xfe];
    let kind = refusal(value::decode_bytes(&simple(SimpleType::String), &bytes));
    assert!(
        matches!(&kind, (ErrorKind::Protobuf { .. }, m) if m.contains("UTF-8")),
        "{kind:?}"
    );
    // The same in a LiteralMap key (map<string, Literal>).
    let bytes = [0x1a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0xc3, 0x28];
    let kind = refusal(value::decode_bytes(
        &LiteralType {
            r#type: Some(Type::MapValueType(Box::new(simple(SimpleType::Integer)))),
            ..Default::default()
        },
        &bytes,
    ));
    assert!(
        matches!(&kind, (ErrorKind::Protobuf { .. }, m) if m.contains("UTF-8")),
        "{kind:?}"
    );
    // msgpack: {"a": str "\xff"} and a key that is not UTF-8.
    for payload in [
        vec![0x81, 0xa1, b'a', 0xa1, 0xff],
        vec![0x81, 0xa2, 0xc3, 0x28, 0x01],
    ] {
        let err = msgpack::decode(&payload).unwrap_err();
        assert_eq!(msgpack_failure(&err).1, &MsgpackErrorKind::InvalidUtf8);
        let kind = refusal(value::decode(
            &untyped_dict(),
            &__fuzz::msgpack_literal(payload),
        ));
        assert!(
            matches!(&kind, (ErrorKind::Msgpack { .. }, m) if m.contains("invalid UTF-8")),
            "{kind:?}"
        );
    }
    // Invalid UTF-8 in pydantic's bytes-as-string form cannot be written: refused, not mangled.
    let ty = schema_type(
        json!({"type": "object", "properties": {"b": {"type": "string", "format": "binary"}}}),
        true,
    );
    let err = value::encode(&ty, &json!({"b": {"$bytes": "//4="}})).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
}

// ---------------------------------------------------------------- NaN and -0.0

#[test]
fn nan_and_negative_zero_keep_their_bits_as_values_and_are_noted_as_keys() {
    let nan = f64::from_bits(0x7ff8_0000_0000_0001); // a NaN with a payload
    let doc = Msg::Map(vec![
        (Msg::Str("nan".into()), Msg::F64(nan)),
        (Msg::Str("neg0".into()), Msg::F64(-0.0)),
        (Msg::F64(f64::NAN), Msg::Int(1)),
        (Msg::F64(-0.0), Msg::Int(2)),
    ]);
    let payload = msgpack::to_vec(&doc).unwrap();
    // The codec keeps every bit.
    assert_eq!(
        msgpack::to_vec(&msgpack::decode(&payload).unwrap()).unwrap(),
        payload
    );
    let mut d = Decoder::new();
    let v = d
        .decode(&untyped_dict(), &__fuzz::msgpack_literal(payload))
        .unwrap();
    assert_eq!(
        v.to_json(),
        json!({"nan": "NaN", "neg0": -0.0, "\"NaN\"": 1, "-0.0": 2})
    );
    let Value::Map(entries) = &v else { panic!() };
    assert!(matches!(entries[1].1, Value::Float(z) if z == 0.0 && z.is_sign_negative()));
    assert_eq!(
        d.lossy_notes(),
        [
            "float \"NaN\" without a schema (canonical JSON reads it back as a string)",
            "map key \"NaN\" is not a string on the wire",
            "map key -0.0 is not a string on the wire"
        ]
    );
    // Protobuf float literals: NaN and -0.0 round-trip as floats, canonically "NaN" and -0.0.
    for f in [f64::NAN, -0.0] {
        let lit = prim(primitive::Value::FloatValue(f));
        let v = value::decode(&simple(SimpleType::Float), &lit).unwrap();
        let back = value::encode(&simple(SimpleType::Float), &v.to_json()).unwrap();
        assert_eq!(wire::encode_canonical(&back), wire::encode_canonical(&lit));
    }
    // A JSON `-0` is an integer zero, not a float: refused for a float.
    let err = value::encode(&simple(SimpleType::Float), &json!(-0)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
}

// ---------------------------------------------------------------- integers beyond int64

#[test]
fn uint64_beyond_int64_in_msgpack_is_carried() {
    // Python's msgpack writes ints above int64 as uint64: {"big": 2^64 - 1}.
    let payload = [
        0x81, 0xa3, b'b', b'i', b'g', 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ];
    assert_eq!(
        msgpack::decode(&payload).unwrap(),
        Msg::Map(vec![(Msg::Str("big".into()), Msg::UInt(u64::MAX))])
    );
    let v = value::decode(&untyped_dict(), &__fuzz::msgpack_literal(payload.to_vec())).unwrap();
    assert_eq!(v, Value::Map(vec![("big".into(), Value::UInt(u64::MAX))]));
    // A dataclass int field holding 2^63 (a Python int has no bound).
    let ty = schema_type(
        json!({"type": "object", "properties": {"i": {"type": "integer"}}, "required": ["i"]}),
        false,
    );
    let payload = [0x81, 0xa1, b'i', 0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0];
    let v = value::decode(&ty, &__fuzz::msgpack_literal(payload.to_vec())).unwrap();
    assert_eq!(v.to_json(), json!({"i": 9223372036854775808u64}));
    // ... and written back as the same uint64 from its canonical JSON.
    let back = value::encode(&ty, &v.to_json()).unwrap();
    assert_eq!(
        wire::encode_canonical(&back),
        wire::encode_canonical(&__fuzz::msgpack_literal(payload.to_vec()))
    );
    // The same number as a uint64 map key: its text, noted.
    let payload = [
        0x81, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    ];
    let mut d = Decoder::new();
    let v = d
        .decode(&untyped_dict(), &__fuzz::msgpack_literal(payload.to_vec()))
        .unwrap();
    assert_eq!(v.to_json(), json!({"18446744073709551615": 1}));
    assert_eq!(
        d.lossy_notes(),
        ["map key 18446744073709551615 is not a string on the wire"]
    );
    // A Flyte INTEGER literal is int64: a uint64 value is refused there.
    let err =
        value::encode(&simple(SimpleType::Integer), &json!(9223372036854775808u64)).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::OutOfRange(_) | ErrorKind::Mismatch { .. }
        ),
        "{err}"
    );
}

// ---------------------------------------------------------------- JSON schema $ref cycles

#[test]
fn a_ref_cycle_in_a_json_schema_is_a_schema_cycle_error() {
    let payload = msgpack::to_vec(&Msg::Map(vec![(Msg::Str("a".into()), Msg::Int(1))])).unwrap();
    for (schema, name) in [
        (json!({"$ref": "#"}), "#"),
        (
            json!({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}},
                   "$ref": "#/$defs/A"}),
            "#/$defs/",
        ),
        (
            json!({"definitions": {"A": {"anyOf": [{"type": "null"}, {"$ref": "#/definitions/A"}]}},
                   "type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}}),
            "#/definitions/A",
        ),
    ] {
        let ty = schema_type(schema.clone(), false);
        let kind = kind_of(value::decode(
            &ty,
            &__fuzz::msgpack_literal(payload.clone()),
        ));
        assert!(
            matches!(&kind, ErrorKind::SchemaCycle(r) if r.starts_with(name)),
            "{schema}: {kind:?}"
        );
        let err = value::encode(&ty, &json!({"a": 1})).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::SchemaCycle(_)), "{err}");
    }
    // Recursion through an object or array is a real recursive model, and works.
    let ty = schema_type(
        json!({"$defs": {"Node": {"type": "object", "title": "Node",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}},
            "$ref": "#/$defs/Node"}),
        false,
    );
    let value = json!({"children": [{"children": []}, {"children": [{"children": []}]}]});
    let lit = value::encode(&ty, &value).unwrap();
    assert_eq!(value::decode(&ty, &lit).unwrap().to_json(), value);
}

#[test]
fn exponential_backtracking_through_a_union_schema_hits_the_work_limit() {
    // A = anyOf[array of A, array of A, integer]; a 40-deep array ending in a string makes a
    // naive walk try 2^40 paths.
    let ty = schema_type(
        json!({"$defs": {"A": {"anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/A"}},
            {"type": "array", "items": {"$ref": "#/$defs/A"}},
            {"type": "integer"}]}},
            "type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}}),
        false,
    );
    let mut payload = vec![0x81, 0xa1, b'a'];
    payload.extend(vec![0x91; 40]);
    payload.extend([0xa1, b'x']);
    let kind = quick(Duration::from_secs(20), || {
        kind_of(value::decode(&ty, &__fuzz::msgpack_literal(payload)))
    });
    assert_eq!(kind, ErrorKind::WorkLimit(1 << 20));
    // Encoding walks the same way from canonical JSON.
    let mut deep = json!("x");
    for _ in 0..40 {
        deep = json!([deep]);
    }
    let err = quick(Duration::from_secs(20), || {
        value::encode(&ty, &json!({"a": deep})).unwrap_err()
    });
    assert_eq!(err.kind(), &ErrorKind::WorkLimit(1 << 20));
}

// ---------------------------------------------------------------- unions with 10,000 variants

#[test]
fn a_union_with_10000_variants_is_read_and_written_in_linear_time() {
    let n = 10_000;
    let variants: Vec<LiteralType> = (0..n)
        .map(|i| {
            let v = if i == n - 1 {
                simple(SimpleType::String)
            } else {
                LiteralType {
                    r#type: Some(Type::CollectionType(Box::new(simple(SimpleType::Integer)))),
                    ..Default::default()
                }
            };
            tagged(v, &format!("v{i}"))
        })
        .collect();
    let ty = union_of(variants.clone());
    assert!(ty.encode_to_vec().len() > 60_000);
    // Tagged with the last variant: selected directly.
    let lit = scalar_lit(scalar::Value::Union(Box::new(Union {
        value: Some(Box::new(prim(primitive::Value::StringValue("s".into())))),
        r#type: Some(variants[n - 1].clone()),
    })));
    let v = quick(Duration::from_secs(10), || {
        value::decode(&ty, &lit).unwrap()
    });
    assert_eq!(v, Value::String("s".into()));
    // Encoding tries every variant once; only the last accepts a string.
    let lit2 = quick(Duration::from_secs(10), || {
        value::encode(&ty, &json!("s")).unwrap()
    });
    assert_eq!(wire::encode_canonical(&lit2), wire::encode_canonical(&lit));
    // 9,999 variants accept a list of ints: an ambiguity, named as such.
    let err = quick(Duration::from_secs(10), || {
        value::encode(&ty, &json!([1, 2])).unwrap_err()
    });
    assert!(
        matches!(err.kind(), ErrorKind::AmbiguousVariant { candidates } if candidates.len() == n - 1),
        "{}",
        err.kind().to_string().chars().take(200).collect::<String>()
    );
    // A variant type that is not declared is refused.
    let lit = scalar_lit(scalar::Value::Union(Box::new(Union {
        value: Some(Box::new(prim(primitive::Value::Integer(1)))),
        r#type: Some(tagged(simple(SimpleType::Integer), "nope")),
    })));
    let kind = quick(Duration::from_secs(10), || {
        kind_of(value::decode(&ty, &lit))
    });
    assert!(matches!(kind, ErrorKind::UnknownUnionVariant { .. }));
    // A plain (untagged) literal is tried against every variant.
    let kind = quick(Duration::from_secs(10), || {
        kind_of(value::decode(&ty, &prim(primitive::Value::Boolean(true))))
    });
    assert!(matches!(&kind, ErrorKind::NoMatchingVariant { attempts } if attempts.len() == n));
}

// ---------------------------------------------------------------- time out of range

#[test]
fn timestamps_and_durations_out_of_range_are_refused_everywhere() {
    let dt = simple(SimpleType::Datetime);
    for (seconds, nanos) in [
        (i64::MIN, 0),
        (0, -1),
        (0, 1_000_000_000),
        (253_402_300_800, 0),
    ] {
        let lit = prim(primitive::Value::Datetime(prost_types::Timestamp {
            seconds,
            nanos,
        }));
        let kind = kind_of(value::decode(&dt, &lit));
        assert_eq!(
            kind,
            ErrorKind::OutOfRange(format!("timestamp {seconds}s {nanos}ns"))
        );
    }
    let du = simple(SimpleType::Duration);
    for (seconds, nanos) in [(1, -1), (-1, 1), (0, 1_000_000_000)] {
        let lit = prim(primitive::Value::Duration(prost_types::Duration {
            seconds,
            nanos,
        }));
        let kind = kind_of(value::decode(&du, &lit));
        assert_eq!(
            kind,
            ErrorKind::OutOfRange(format!("duration {seconds}s {nanos}ns"))
        );
    }
    // In a struct: a float-seconds duration of 1e300 and a datetime in year 10000.
    let ty = schema_type(
        json!({"type": "object", "properties": {
            "d": {"type": "number", "format": "time-delta"},
            "t": {"type": "string", "format": "date-time"}}}),
        false,
    );
    let payload =
        msgpack::to_vec(&Msg::Map(vec![(Msg::Str("d".into()), Msg::F64(1e300))])).unwrap();
    let kind = kind_of(value::decode(&ty, &__fuzz::msgpack_literal(payload)));
    assert_eq!(
        kind,
        ErrorKind::OutOfRange(format!("duration of {} seconds", 1e300))
    );
    let payload = msgpack::to_vec(&Msg::Map(vec![(
        Msg::Str("t".into()),
        Msg::Str("10000-01-01T00:00:00".into()),
    )]))
    .unwrap();
    let kind = kind_of(value::decode(&ty, &__fuzz::msgpack_literal(payload)));
    assert!(matches!(kind, ErrorKind::Mismatch { .. }), "{kind:?}");
    // A duration a struct field cannot hold exactly (nanoseconds) is refused, not rounded.
    let err = value::encode(&ty, &json!({"d": {"seconds": 90, "nanos": 405_925}})).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::OutOfRange(
            "duration 90s 405925ns in a struct field (whole microseconds within float precision)"
                .into()
        )
    );
}

// ---------------------------------------------------------------- map literal keys

#[test]
fn a_literal_map_with_20000_entries_and_empty_keys_is_read() {
    let ty = LiteralType {
        r#type: Some(Type::MapValueType(Box::new(simple(SimpleType::Integer)))),
        ..Default::default()
    };
    let mut literals: std::collections::BTreeMap<String, Literal> = (0..20_000)
        .map(|i| (format!("k{i}"), prim(primitive::Value::Integer(i))))
        .collect();
    literals.insert(String::new(), prim(primitive::Value::Integer(-1)));
    let lit = Literal {
        value: Some(literal::Value::Map(LiteralMap { literals })),
        ..Default::default()
    };
    let bytes = wire::encode_canonical(&lit);
    let v = quick(Duration::from_secs(20), || {
        value::decode_bytes(&ty, &bytes).unwrap()
    });
    let Value::Map(entries) = v else { panic!() };
    assert_eq!(entries.len(), 20_001);
}

#[test]
fn a_binary_msgpack_for_a_list_type_is_read_with_the_same_limits() {
    // A whole-container msgpack payload (flytekit's form) nested past the msgpack limit.
    let ty = LiteralType {
        r#type: Some(Type::CollectionType(Box::new(simple(SimpleType::Integer)))),
        ..Default::default()
    };
    let mut payload = vec![0x91; 300];
    payload.push(0x01);
    let lit = scalar_lit(scalar::Value::Binary(Binary {
        value: payload,
        tag: "msgpack".into(),
    }));
    let kind = refusal(value::decode(&ty, &lit));
    assert!(
        matches!(&kind, (ErrorKind::Msgpack { .. }, m) if m.contains("nested deeper than 256")),
        "{kind:?}"
    );
}

#[test]
fn a_struct_payload_missing_fields_reads_defaults_or_fails_as_the_sdk_does() {
    let ty = schema_type(
        json!({"type": "object", "required": ["r"], "properties": {
            "r": {"type": "integer"},
            "h": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null}}}),
        true,
    );
    // An absent field with a default reads as the default (pydantic fills it; so would an
    // older writer's payload), noted: the bytes had no such field.
    let payload = Msg::Map(vec![(Msg::Str("r".into()), Msg::Int(1))]);
    let mut d = Decoder::new();
    let v = d
        .decode(
            &ty,
            &__fuzz::msgpack_literal(msgpack::to_vec(&payload).unwrap()),
        )
        .unwrap();
    assert_eq!(v.to_json(), json!({"r": 1, "h": null}));
    assert_eq!(
        d.lossy_notes(),
        ["field \"h\" is absent on the wire: the schema's default is read"]
    );
    // An absent required field is refused, as pydantic and mashumaro refuse it.
    let payload = Msg::Map(vec![(Msg::Str("h".into()), Msg::Nil)]);
    let err = value::decode(
        &ty,
        &__fuzz::msgpack_literal(msgpack::to_vec(&payload).unwrap()),
    )
    .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingField("r".into()));
}

#[test]
fn map_keys_that_are_containers_are_refused_before_their_text_blows_up() {
    // {{{…{nil: 1}…: 1}: 1}: 1}, 30 levels of maps as keys: as text, each level would escape
    // the one inside it again (2^30 bytes).
    let mut payload = vec![0x81; 30];
    payload.extend([0xc0, 0x01]);
    payload.extend(vec![0x01; 29]);
    assert!(msgpack::decode(&payload).is_ok());
    let kind = quick(Duration::from_secs(5), || {
        kind_of(value::decode(
            &untyped_dict(),
            &__fuzz::msgpack_literal(payload),
        ))
    });
    assert_eq!(
        kind,
        ErrorKind::Mismatch {
            expected: "a map key that is a string, number, boolean, nil or bytes".into(),
            found: "map".into()
        }
    );
    // An array key is refused the same way; a scalar key is read as its JSON text, noted.
    let payload = [0x81, 0x91, 0x01, 0x02];
    let kind = kind_of(value::decode(
        &untyped_dict(),
        &__fuzz::msgpack_literal(payload.to_vec()),
    ));
    assert!(matches!(kind, ErrorKind::Mismatch { found, .. } if found == "array"));
    let mut d = Decoder::new();
    let v = d
        .decode(
            &untyped_dict(),
            &__fuzz::msgpack_literal(vec![0x81, 0x07, 0x02]),
        )
        .unwrap();
    assert_eq!(v.to_json(), json!({"7": 2}));
    assert_eq!(d.lossy_notes(), ["map key 7 is not a string on the wire"]);
}

#[test]
fn a_dataframe_column_whose_type_has_no_text_is_noted_as_lossy() {
    use flyte_types::idl::core::{
        StructuredDataset, StructuredDatasetMetadata, StructuredDatasetType,
        structured_dataset_type::DatasetColumn,
    };
    let ty = LiteralType {
        r#type: Some(Type::StructuredDatasetType(StructuredDatasetType::default())),
        ..Default::default()
    };
    let column = |name: &str, t: Option<LiteralType>| DatasetColumn {
        name: name.into(),
        literal_type: t,
    };
    let lit = scalar_lit(scalar::Value::StructuredDataset(Box::new(
        StructuredDataset {
            uri: "s3://b/t".into(),
            metadata: Some(StructuredDatasetMetadata {
                structured_dataset_type: Some(StructuredDatasetType {
                    columns: vec![
                        column("x", None),
                        column("b", Some(simple(SimpleType::String))),
                    ],
                    format: "parquet".into(),
                    ..Default::default()
                }),
            }),
        },
    )));
    let mut d = Decoder::new();
    let v = d.decode(&ty, &lit).unwrap();
    assert_eq!(
        v.to_json()["$dataframe"]["columns"],
        json!([["x", ""], ["b", "STRING"]])
    );
    assert_eq!(
        d.lossy_notes(),
        ["column \"x\" has a type its type_text \"\" cannot carry"]
    );
    // The decoded value holds the column types themselves: it writes the literal back whole.
    assert_eq!(v.to_literal(&ty).unwrap(), lit);
    // Its canonical JSON cannot: the empty type text names no type.
    let kind = value::encode(&ty, &v.to_json()).unwrap_err().kind().clone();
    assert!(matches!(kind, ErrorKind::Mismatch { .. }), "{kind:?}");
}

#[test]
fn a_file_literal_for_a_dir_type_is_read_as_a_file_and_noted() {
    use flyte_types::idl::core::{Blob, BlobMetadata, BlobType, blob_type::BlobDimensionality};
    let blob_type = |d: BlobDimensionality| BlobType {
        format: String::new(),
        dimensionality: d as i32,
    };
    let ty = LiteralType {
        r#type: Some(Type::Blob(blob_type(BlobDimensionality::Multipart))),
        ..Default::default()
    };
    let lit = scalar_lit(scalar::Value::Blob(Blob {
        metadata: Some(BlobMetadata {
            r#type: Some(blob_type(BlobDimensionality::Single)),
        }),
        uri: "s3://b/f".into(),
    }));
    let mut d = Decoder::new();
    let v = d.decode(&ty, &lit).unwrap();
    assert_eq!(
        v.to_json(),
        json!({"$file": {"uri": "s3://b/f", "format": ""}})
    );
    assert_eq!(
        d.lossy_notes(),
        ["blob dimensionality 0 for a type of dimensionality 1"]
    );
}

// ---------------------------------------------------------------- the README's limits table

/// Every `` `module::CONSTANT` = N `` in README.md's limits table is the constant's value.
#[test]
fn the_readme_limits_table_states_the_constants() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = &readme[readme.find("## Limits").expect("a Limits section")..];
    let constants: [(&str, u64); 5] = [
        ("wire::MAX_DEPTH", wire::MAX_DEPTH as u64),
        ("value::MAX_LITERAL_DEPTH", value::MAX_LITERAL_DEPTH as u64),
        ("value::MAX_STRUCT_DEPTH", value::MAX_STRUCT_DEPTH as u64),
        ("value::MAX_SCHEMA_DEPTH", value::MAX_SCHEMA_DEPTH as u64),
        ("value::MAX_SHAPE_DEPTH", value::MAX_SHAPE_DEPTH as u64),
    ];
    for (name, value) in constants {
        let stated = format!("`{name}` = {value}");
        assert!(
            table.contains(&stated),
            "README.md's limits table lacks {stated}"
        );
    }
    let limits = Limits::default();
    assert!(table.contains(&format!(
        "{} levels, 2^{} values (`msgpack::Limits`)",
        limits.max_depth,
        limits.max_total_items.trailing_zeros()
    )));
}
