//! The property checks behind the fuzz targets (`fuzz/`) and `tests/fuzz_regressions.rs`, in
//! one place so that a crash the fuzzer finds replays in plain `cargo test`. Not an API: every
//! check takes raw fuzzer bytes, returns quietly on input it rejects, and panics when a
//! property is violated (that panic is the "crash").
//!
//! Framings (all little-endian):
//!
//! | target | input |
//! | --- | --- |
//! | `literal` | `u16 n`, `n` bytes of `LiteralType`, the rest a `Literal` |
//! | `msgpack` | `u8 s`, the rest a msgpack payload for the `s`-th corpus STRUCT type |
//! | `json_schema` | `u8 flags` (bit 0: pydantic tag), `u16 n`, `n` bytes of schema JSON, the rest a payload (read as msgpack and as JSON) |
//! | `canonical_json` | `u8 s`, the rest JSON for the `s`-th corpus type |
//! | `castability` | `u16 n`, `n` bytes of `LiteralType`, the rest another `LiteralType` ([`check_castability`]) |

use super::{Decoder, Value, canonical_diff};
use crate::idl::core::{
    Binary, Literal, LiteralType, Scalar, SimpleType, TypeStructure, literal, literal_type::Type,
    scalar,
};
use crate::{msgpack, wire};
use prost::Message;
use serde_json::Value as Json;
use std::path::Path;

/// Splits `u16 n` + `n` bytes + rest; `None` when the input is shorter than announced.
pub fn split_u16(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (head, rest) = data.split_first_chunk::<2>()?;
    let n = usize::from(u16::from_le_bytes(*head));
    (n <= rest.len()).then(|| rest.split_at(n))
}

/// Frames two byte strings as `u16 n` + `a` + `b` (the inverse of [`split_u16`]).
pub fn frame_u16(a: &[u8], b: &[u8]) -> Vec<u8> {
    let n = u16::try_from(a.len()).expect("seed part shorter than 64 KiB");
    let mut out = n.to_le_bytes().to_vec();
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out
}

// ------------------------------------------------------------------ the properties

/// `(LiteralType, Literal)` → `Value` → `Literal` → bytes → `Value`: the re-encoded literal
/// decodes to the same canonical value when the first decode was lossless, and re-encoding is
/// a fixed point after one step. A lossless decode must also re-encode at all, and its
/// canonical JSON must read back (`Value::from_json`) to the same value.
pub fn round_trip(ty: &LiteralType, lit: &Literal) {
    let mut decoder = Decoder::new();
    let Ok(v1) = decoder.decode(ty, lit) else {
        return;
    };
    let lossless = decoder.lossy_notes().is_empty();
    let j1 = v1.to_json();
    let lit2 = match v1.to_literal(ty) {
        Ok(l) => l,
        Err(e) => {
            assert!(!lossless, "lossless decode {j1} does not re-encode: {e}");
            return;
        }
    };
    let bytes2 = wire::encode_canonical(&lit2);
    let v2 = super::decode_bytes(ty, &bytes2)
        .unwrap_or_else(|e| panic!("our own encoding of {j1} does not decode: {e}"));
    let j2 = v2.to_json();
    if lossless {
        if let Some(d) = canonical_diff(&j1, &j2) {
            panic!("lossless round trip changed the value: {d}");
        }
        match Value::from_json(ty, &j1) {
            Ok(v) => {
                if let Some(d) = canonical_diff(&j1, &v.to_json()) {
                    panic!("canonical JSON read back differently: {d}");
                }
            }
            Err(e) => panic!("canonical JSON {j1} of a lossless decode is refused: {e}"),
        }
    }
    let lit3 = v2
        .to_literal(ty)
        .unwrap_or_else(|e| panic!("decoded re-encoding {j2} does not encode again: {e}"));
    assert_eq!(
        wire::encode_canonical(&lit3),
        bytes2,
        "encoding is not a fixed point for {j2}"
    );
}

/// Canonical JSON → `Value` → `Literal` → bytes → `Value`: when the JSON is accepted and
/// encodes, decoding gives the same canonical JSON, reading that JSON again gives it too, and
/// [`super::encode`] gives the same bytes.
pub fn json_round_trip(ty: &LiteralType, json: &Json) {
    let Ok(v) = Value::from_json(ty, json) else {
        return;
    };
    let j1 = v.to_json();
    let again = Value::from_json(ty, &j1)
        .unwrap_or_else(|e| panic!("canonical form {j1} of accepted JSON is refused: {e}"));
    if let Some(d) = canonical_diff(&j1, &again.to_json()) {
        panic!("canonical JSON is not a fixed point: {d}");
    }
    let Ok(lit) = v.to_literal(ty) else {
        return;
    };
    let bytes = wire::encode_canonical(&lit);
    let via_encode = super::encode(ty, json)
        .unwrap_or_else(|e| panic!("encode refuses what from_json + to_literal accept: {e}"));
    assert_eq!(
        wire::encode_canonical(&via_encode),
        bytes,
        "encode and from_json + to_literal disagree"
    );
    let back = super::decode_bytes(ty, &bytes)
        .unwrap_or_else(|e| panic!("our own encoding of {j1} does not decode: {e}"));
    if let Some(d) = canonical_diff(&j1, &back.to_json()) {
        panic!("JSON → literal → value changed the value: {d}");
    }
}

/// The `literal` target: protobuf bytes of a type and a literal. Also checks that
/// [`wire::canonicalize`] never panics and is idempotent, and that [`wire::encode_canonical`]
/// of a decoded message is `canonicalize` of its prost encoding.
pub fn check_literal(data: &[u8]) {
    let Some((ty_bytes, lit_bytes)) = split_u16(data) else {
        return;
    };
    for (bytes, name) in [
        (ty_bytes, "flyteidl2.core.LiteralType"),
        (lit_bytes, "flyteidl2.core.Literal"),
    ] {
        if let Ok(c) = wire::canonicalize(bytes, name) {
            assert_eq!(
                wire::canonicalize(&c, name).as_ref(),
                Ok(&c),
                "canonicalize is not idempotent"
            );
        }
    }
    let Ok(ty) = LiteralType::decode(ty_bytes) else {
        return;
    };
    let lit = match Literal::decode(lit_bytes) {
        Ok(l) => l,
        Err(_) => {
            let err = super::decode_bytes(&ty, lit_bytes).expect_err("prost refused these bytes");
            assert!(
                matches!(err.kind(), crate::ErrorKind::Protobuf { .. }),
                "{err}"
            );
            return;
        }
    };
    assert_eq!(
        Ok(wire::encode_canonical(&lit)),
        wire::canonicalize(&lit.encode_to_vec(), "flyteidl2.core.Literal"),
        "encode_canonical and canonicalize disagree"
    );
    // The type inferred from a literal is castable to itself; checking a literal never panics.
    if let Ok(inferred) = crate::cast::literal_type_of(&lit) {
        check_self_castable(&inferred);
    }
    let _ = crate::cast::is_literal_castable(&lit, &ty);
    round_trip(&ty, &lit);
}

/// The `msgpack` target: the codec alone (decode → encode → decode is stable), then the payload
/// as the `Binary(tag="msgpack")` of the selected STRUCT type, through [`round_trip`].
pub fn check_msgpack(struct_types: &[LiteralType], data: &[u8]) {
    let Some((&sel, payload)) = data.split_first() else {
        return;
    };
    if let Ok(m) = msgpack::decode(payload) {
        let bytes = msgpack::to_vec(&m).unwrap();
        let m2 = msgpack::decode(&bytes)
            .unwrap_or_else(|e| panic!("our own msgpack does not decode: {e}"));
        assert_eq!(
            msgpack::to_vec(&m2).unwrap(),
            bytes,
            "msgpack encoding is not stable"
        );
        assert!(bytes.len() <= payload.len(), "minimal encoding grew");
    }
    // The schema-less direct reader agrees with the tree path on whatever it accepts, and
    // writes the value back as the tree path does.
    let limits = msgpack::Limits::default();
    if let Some(v) = super::msgpack_generic::read(payload, &limits) {
        let m = msgpack::decode_with(payload, &limits)
            .unwrap_or_else(|e| panic!("direct reader accepted what the decoder refuses: {e}"));
        let mut notes = Vec::new();
        let tree = super::msgpack_shape::generic(&m, &mut notes)
            .unwrap_or_else(|e| panic!("direct reader accepted what `generic` refuses: {e}"));
        assert!(
            notes.is_empty(),
            "direct reader accepted a lossy document: {notes:?}"
        );
        let tree_bytes = msgpack::to_vec(&m).unwrap();
        assert_eq!(
            super::msgpack_generic::to_vec(&v).as_deref(),
            Some(&tree_bytes[..]),
            "direct and tree values differ"
        );
        assert_eq!(
            super::msgpack_generic::to_vec(&tree).as_deref(),
            Some(&tree_bytes[..])
        );
    }
    if struct_types.is_empty() {
        return;
    }
    let ty = &struct_types[usize::from(sel) % struct_types.len()];
    round_trip(ty, &msgpack_literal(payload.to_vec()));
}

/// The `json_schema` target: arbitrary JSON as a STRUCT type's schema, then a payload as its
/// msgpack and as its canonical JSON. Nothing may panic, hang or blow up; what is accepted
/// round-trips.
pub fn check_json_schema(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Some((schema, payload)) = split_u16(rest) else {
        return;
    };
    let Ok(Json::Object(schema)) = serde_json::from_slice::<Json>(schema) else {
        return;
    };
    let ty = schema_type(&schema, flags & 1 == 1);
    round_trip(&ty, &msgpack_literal(payload.to_vec()));
    if let Ok(json) = serde_json::from_slice::<Json>(payload) {
        json_round_trip(&ty, &json);
        if let Json::Object(o) = &json {
            let generic = Literal {
                value: Some(literal::Value::Scalar(Box::new(Scalar {
                    value: Some(scalar::Value::Generic(json_struct(o))),
                }))),
                ..Default::default()
            };
            round_trip(&ty, &generic);
        }
    }
}

/// The `canonical_json` target: JSON for the selected corpus type, through
/// [`json_round_trip`].
pub fn check_canonical_json(types: &[LiteralType], data: &[u8]) {
    let Some((&sel, text)) = data.split_first() else {
        return;
    };
    if types.is_empty() {
        return;
    }
    let Ok(json) = serde_json::from_slice::<Json>(text) else {
        return;
    };
    json_round_trip(&types[usize::from(sel) % types.len()], &json);
}

/// The `castability` target: two types. [`crate::cast::is_castable`] never panics either way,
/// and every type is castable to itself unless the check reports it as invalid (ambiguous
/// union variants, an unset type) or hits a limit.
pub fn check_castability(data: &[u8]) {
    let Some((a, b)) = split_u16(data) else {
        return;
    };
    let (Ok(a), Ok(b)) = (LiteralType::decode(a), LiteralType::decode(b)) else {
        return;
    };
    let _ = crate::cast::is_castable(&a, &b);
    let _ = crate::cast::is_castable(&b, &a);
    for t in [&a, &b] {
        check_self_castable(t);
    }
}

fn check_self_castable(t: &LiteralType) {
    if let Err(e) = self_cast(t) {
        panic!(
            "{} is not castable to itself: {e}",
            crate::cast::describe_type(t)
        );
    }
}

/// `Ok(true)`: `t` is valid and castable to itself; `Ok(false)`: `t` (or a type inside it) is
/// one the check reports as invalid: ambiguous union variants, an unset type, a STRUCT schema
/// its validation refuses, a limit, or a dataset type with two columns of one name. `Err`: a valid type not castable to itself.
fn self_cast(t: &LiteralType) -> Result<bool, crate::cast::CastErrorKind> {
    use crate::cast::CastErrorKind;
    if let Some(Type::StructuredDatasetType(sdt)) = &t.r#type {
        let mut names: Vec<&str> = sdt.columns.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Ok(false); // two columns of one name: columns are matched by name
        }
    }
    let inner: Vec<&LiteralType> = match &t.r#type {
        Some(Type::CollectionType(e) | Type::MapValueType(e)) => vec![e],
        Some(Type::UnionType(u)) => u.variants.iter().collect(),
        _ => Vec::new(),
    };
    for i in inner {
        if !self_cast(i)? {
            return Ok(false);
        }
    }
    match crate::cast::castable(t, t) {
        Ok(()) => Ok(true),
        Err(e) if e.is_limit() => Ok(false),
        Err(CastErrorKind::AmbiguousUnion { .. } | CastErrorKind::UnrecognizedLiteral { .. }) => {
            Ok(false)
        }
        Err(CastErrorKind::StructSchema { detail, .. })
            if detail.starts_with("upstream schema:")
                || detail.starts_with("downstream schema:") =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

// ------------------------------------------------------------------ helpers

/// A `Literal` holding `Binary{value: payload, tag: "msgpack"}`.
pub fn msgpack_literal(payload: Vec<u8>) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Binary(Binary {
                value: payload,
                tag: "msgpack".into(),
            })),
        }))),
        ..Default::default()
    }
}

/// A STRUCT type with `schema` as its metadata, tagged as a dataclass or a pydantic model.
pub fn schema_type(schema: &serde_json::Map<String, Json>, pydantic: bool) -> LiteralType {
    let tag = if pydantic {
        "Pydantic Transformer"
    } else {
        "Object-Dataclass-Transformer"
    };
    LiteralType {
        r#type: Some(Type::Simple(SimpleType::Struct as i32)),
        metadata: Some(json_struct(schema)),
        structure: Some(TypeStructure {
            tag: tag.into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A JSON object as a protobuf `Struct` (numbers become doubles).
pub use crate::idl::json_to_struct as json_struct;

// ------------------------------------------------------------------ the golden corpus

/// The golden corpus's cases (`flyte2/*`, then `flytekit1/*`, each sorted by name) under
/// `interop`: `(name, type, literal, value.json)`. Missing folders give no cases.
pub fn corpus_cases(interop: &Path) -> Vec<(String, LiteralType, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for family in ["flyte2", "flytekit1"] {
        let Ok(dir) = std::fs::read_dir(interop.join(family)) else {
            continue;
        };
        let mut names: Vec<_> = dir
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let case = interop.join(family).join(&name);
            let (Ok(t), Ok(l)) = (
                std::fs::read(case.join("type.pb")),
                std::fs::read(case.join("literal.pb")),
            ) else {
                continue;
            };
            let Ok(ty) = LiteralType::decode(t.as_slice()) else {
                continue;
            };
            let value = std::fs::read(case.join("value.json")).unwrap_or_default();
            out.push((format!("{family}/{name}"), ty, l, value));
        }
    }
    out
}

/// The corpus's types, in [`corpus_cases`] order (what `canonical_json` selects from).
pub fn corpus_types(interop: &Path) -> Vec<LiteralType> {
    corpus_cases(interop)
        .into_iter()
        .map(|(_, t, _, _)| t)
        .collect()
}

/// Every distinct STRUCT type inside the corpus's types, in first-seen order, after an untyped
/// `dict` (what `msgpack` selects from).
pub fn struct_types(types: &[LiteralType]) -> Vec<LiteralType> {
    let mut out = vec![LiteralType {
        r#type: Some(Type::Simple(SimpleType::Struct as i32)),
        ..Default::default()
    }];
    for t in types {
        collect_structs(t, &mut out);
    }
    out
}

fn collect_structs(t: &LiteralType, out: &mut Vec<LiteralType>) {
    match &t.r#type {
        Some(Type::Simple(s)) if *s == SimpleType::Struct as i32 && !out.contains(t) => {
            out.push(t.clone());
        }
        Some(Type::CollectionType(e) | Type::MapValueType(e)) => collect_structs(e, out),
        Some(Type::UnionType(u)) => u.variants.iter().for_each(|v| collect_structs(v, out)),
        _ => {}
    }
}

fn msgpack_payloads(lit: &Literal, out: &mut Vec<Vec<u8>>) {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::Binary(b)) if b.tag == "msgpack" => out.push(b.value.clone()),
            Some(scalar::Value::Union(u)) => {
                if let Some(v) = &u.value {
                    msgpack_payloads(v, out);
                }
            }
            _ => {}
        },
        Some(literal::Value::Collection(c)) => {
            c.literals.iter().for_each(|l| msgpack_payloads(l, out))
        }
        Some(literal::Value::Map(m)) => m.literals.values().for_each(|l| msgpack_payloads(l, out)),
        _ => {}
    }
}

/// The seed inputs of every target, derived from the corpus under `interop`:
/// `(target, file name, bytes)`.
pub fn seeds(interop: &Path) -> Vec<(&'static str, String, Vec<u8>)> {
    let cases = corpus_cases(interop);
    let types: Vec<LiteralType> = cases.iter().map(|c| c.1.clone()).collect();
    let structs = struct_types(&types);
    let mut out = Vec::new();
    for (i, (name, ty, lit_bytes, value)) in cases.iter().enumerate() {
        let file = name.replace('/', "-");
        let ty_bytes = ty.encode_to_vec();
        out.push(("literal", file.clone(), frame_u16(&ty_bytes, lit_bytes)));
        // Each case's literal read as one of the typed target's first twelve Rust types (the
        // derived holders have seeds of their own: `engine::__fuzz::seeds`).
        let mut typed = vec![(i % 12) as u8];
        typed.extend_from_slice(lit_bytes);
        out.push(("typed_literal", file.clone(), typed));
        let next = &types[(i + 1) % types.len()];
        out.push(("castability", file.clone(), frame_u16(&ty_bytes, &ty_bytes)));
        out.push((
            "castability",
            format!("{file}-next"),
            frame_u16(&ty_bytes, &next.encode_to_vec()),
        ));
        if let Ok(sel) = u8::try_from(i) {
            let mut seed = vec![sel];
            seed.extend_from_slice(value);
            out.push(("canonical_json", file.clone(), seed));
        }
        let mut payloads = Vec::new();
        if let Ok(lit) = Literal::decode(lit_bytes.as_slice()) {
            msgpack_payloads(&lit, &mut payloads);
        }
        let mut own = Vec::new();
        collect_structs(ty, &mut own);
        for (k, payload) in payloads.iter().enumerate() {
            for st in &own {
                let Some(sel) = structs.iter().position(|s| s == st) else {
                    continue;
                };
                let mut seed = vec![u8::try_from(sel).unwrap_or(0)];
                seed.extend_from_slice(payload);
                out.push(("msgpack", format!("{file}-{k}-{sel}"), seed));
                let schema = st
                    .metadata
                    .as_ref()
                    .and_then(|m| super::types::struct_json(m, 0).ok())
                    .unwrap_or(Json::Object(Default::default()));
                let pydantic = st
                    .structure
                    .as_ref()
                    .is_some_and(|s| s.tag.contains("ydantic"));
                let mut seed = vec![u8::from(pydantic)];
                seed.extend(frame_u16(schema.to_string().as_bytes(), payload));
                out.push(("json_schema", format!("{file}-{k}-{sel}"), seed));
                if st == ty {
                    let mut seed = vec![u8::from(pydantic)];
                    seed.extend(frame_u16(schema.to_string().as_bytes(), value));
                    out.push(("json_schema", format!("{file}-{k}-{sel}-json"), seed));
                }
            }
        }
    }
    out
}
