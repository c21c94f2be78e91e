//! STRUCT castability: JSON-schema equality, or an upstream schema that is a structural superset
//! (a child class) of the downstream one (its parent).
//!
//! Propeller (`isSameTypeInJSON` / `isSuperTypeInJSON`) marshals both `metadata` Structs to JSON,
//! accepts them when a JSON diff is empty, and otherwise compiles both schemas and runs a Go
//! schema-comparison library, tolerating only its "not implemented" findings. This module gives
//! the same answers with its own rules:
//!
//! - **equal**: the two JSON documents are equal; object key order is irrelevant, array order
//!   matters (as in a JSON diff).
//! - **invalid**: a schema that would not compile (an unresolvable `$ref`, `type` not a JSON type
//!   name, `required` not a list of strings, a combinator that is not a non-empty list of
//!   schemas, …) is never a supertype.
//! - **superset** (`src` = upstream, `tgt` = downstream), after resolving local `$ref`s
//!   (`#/$defs/…`, `#/definitions/…`, any JSON pointer into the same document) on both sides:
//!   - every property the downstream declares in `properties` exists upstream, with a castable
//!     schema (recursively: nested objects, arrays' `items` / `prefixItems`);
//!   - every name in the downstream `required` is declared upstream;
//!   - a downstream `type` needs an upstream `type` whose names are all among the downstream's
//!     (`integer` is not widened to `number`, as INTEGER is not castable to FLOAT);
//!   - a downstream `enum` / `const` needs upstream values that are all allowed downstream;
//!     a downstream `format` needs the same upstream `format`;
//!   - `anyOf` / `oneOf` (Optional fields): an upstream with branches needs each branch to fit
//!     the downstream; a downstream with branches needs the upstream to fit one of them, so
//!     `int` → `Optional[int]` is castable and `Optional[int]` → `int` is not. `allOf` downstream
//!     needs every branch; upstream, one branch that fits is enough;
//!   - `additionalProperties` and `additionalItems` are not compared (propeller's library reports
//!     them as "not implemented", which propeller ignores): `dict[str, int]` and
//!     `dict[str, float]` fields are compatible. Annotations (`title`, `description`, `default`)
//!     and validation keywords (`minimum`, `pattern`, …) are ignored too.
//! - `$schema` is not interpreted (every document is read with the same keywords), and only
//!   local references resolve; a remote `$ref` makes the schema invalid.
//! - `$ref` cycles (recursive models) are assumed compatible when the same pair of locations is
//!   reached again; nesting is limited to [`MAX_DEPTH`](super::MAX_DEPTH) and the whole
//!   comparison to [`MAX_STEPS`](super::MAX_STEPS) steps.

use super::error::{CastErrorKind, Path};
use super::{MAX_DEPTH, MAX_STEPS};
use prost_types::Struct;
use serde_json::{Map, Value as Json};
use std::collections::HashSet;

/// A failure of the STRUCT schema check, before it is placed at a path in the LiteralType.
#[derive(Debug)]
pub(crate) enum SchemaError {
    Mismatch { pointer: String, detail: String },
    TooDeep,
    TooComplex,
}

impl SchemaError {
    pub(crate) fn at(self, path: &Path) -> CastErrorKind {
        let path = path.render();
        match self {
            SchemaError::Mismatch { pointer, detail } => CastErrorKind::StructSchema {
                path,
                pointer,
                detail,
            },
            SchemaError::TooDeep => CastErrorKind::TooDeep {
                path,
                limit: MAX_DEPTH,
            },
            SchemaError::TooComplex => CastErrorKind::TooComplex {
                path,
                limit: MAX_STEPS,
            },
        }
    }
}

type Res = Result<(), SchemaError>;

fn mismatch(pointer: &str, detail: impl Into<String>) -> SchemaError {
    SchemaError::Mismatch {
        pointer: pointer.to_string(),
        detail: detail.into(),
    }
}

/// Propeller's STRUCT rule for two present `metadata` schemas: same type, or upstream a
/// superset of downstream.
pub(crate) fn struct_schema_castable(up: &Struct, down: &Struct) -> Res {
    let up = struct_to_json(up, 0).map_err(|e| e.side("upstream"))?;
    let down = struct_to_json(down, 0).map_err(|e| e.side("downstream"))?;
    if up == down {
        return Ok(());
    }
    schema_superset(&up, &down)
}

/// Whether the JSON schema `up` (upstream, "src") can be consumed as `down` (downstream, "tgt"):
/// equal documents, or `up` a structural superset of `down` (see the module docs).
///
/// ```
/// use flyte_types::cast::is_schema_castable;
/// use serde_json::json;
///
/// let parent = json!({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]});
/// let child = json!({"type": "object",
///     "properties": {"a": {"type": "integer"}, "b": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
///     "required": ["a", "b"]});
/// assert!(is_schema_castable(&child, &parent).is_ok());
/// let err = is_schema_castable(&parent, &child).unwrap_err();
/// assert_eq!(err.to_string(), "STRUCT schema is not castable: at #/properties/b: property \"b\" is missing upstream");
/// ```
pub fn is_schema_castable(up: &Json, down: &Json) -> Result<(), crate::Error> {
    let path = Path::default();
    if json_depth_ok(up, 0) && json_depth_ok(down, 0) {
        if up == down {
            return Ok(());
        }
        Ok(schema_superset(up, down).map_err(|e| e.at(&path))?)
    } else {
        Err(SchemaError::TooDeep.at(&path).into())
    }
}

fn json_depth_ok(v: &Json, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match v {
        Json::Array(a) => a.iter().all(|x| json_depth_ok(x, depth + 1)),
        Json::Object(o) => o.values().all(|x| json_depth_ok(x, depth + 1)),
        _ => true,
    }
}

fn schema_superset(up: &Json, down: &Json) -> Res {
    validate(up, up, "#", 0).map_err(|e| e.side("upstream"))?;
    validate(down, down, "#", 0).map_err(|e| e.side("downstream"))?;
    let mut cmp = Compare {
        src_root: up,
        tgt_root: down,
        visiting: HashSet::new(),
        steps: 0,
    };
    cmp.compat(up, down, "#".into(), "#".into(), 0)
}

impl SchemaError {
    fn side(self, side: &str) -> SchemaError {
        match self {
            SchemaError::Mismatch { pointer, detail } => SchemaError::Mismatch {
                pointer,
                detail: format!("{side} schema: {detail}"),
            },
            other => other,
        }
    }
}

/// `google.protobuf.Struct` → JSON ([`crate::idl::struct_to_json`]'s rules).
fn struct_to_json(s: &Struct, depth: usize) -> Result<Json, SchemaError> {
    crate::idl::struct_to_json(s, MAX_DEPTH.saturating_sub(depth)).ok_or(SchemaError::TooDeep)
}

const TYPE_NAMES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "$defs",
    "definitions",
    "patternProperties",
    "dependentSchemas",
];
const SCHEMA_LISTS: [&str; 4] = ["anyOf", "oneOf", "allOf", "prefixItems"];
const SCHEMA_ONE: [&str; 8] = [
    "additionalProperties",
    "additionalItems",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
];

/// What schema compilation would reject.
fn validate(root: &Json, schema: &Json, loc: &str, depth: usize) -> Res {
    if depth > MAX_DEPTH {
        return Err(SchemaError::TooDeep);
    }
    let obj = match schema {
        Json::Bool(_) => return Ok(()),
        Json::Object(o) => o,
        _ => return Err(mismatch(loc, "a schema must be an object or a boolean")),
    };
    if let Some(r) = obj.get("$ref") {
        let Json::String(r) = r else {
            return Err(mismatch(loc, "$ref must be a string"));
        };
        if lookup_ref(root, r).is_none() {
            return Err(mismatch(loc, format!("unresolvable $ref {r:?}")));
        }
    }
    if let Some(t) = obj.get("type") {
        let ok = match t {
            Json::String(s) => TYPE_NAMES.contains(&s.as_str()),
            Json::Array(a) => a
                .iter()
                .all(|x| matches!(x, Json::String(s) if TYPE_NAMES.contains(&s.as_str()))),
            _ => false,
        };
        if !ok {
            return Err(mismatch(loc, format!("invalid type {t}")));
        }
    }
    if let Some(r) = obj.get("required")
        && !matches!(r, Json::Array(a) if a.iter().all(Json::is_string))
    {
        return Err(mismatch(loc, "required must be a list of strings"));
    }
    if let Some(e) = obj.get("enum")
        && !e.is_array()
    {
        return Err(mismatch(loc, "enum must be a list"));
    }
    for key in SCHEMA_MAPS {
        if let Some(m) = obj.get(key) {
            let Json::Object(m) = m else {
                return Err(mismatch(loc, format!("{key} must be an object")));
            };
            for (k, sub) in m {
                validate(root, sub, &format!("{loc}/{key}/{}", escape(k)), depth + 1)?;
            }
        }
    }
    for key in SCHEMA_LISTS {
        if let Some(l) = obj.get(key) {
            let Json::Array(l) = l else {
                return Err(mismatch(loc, format!("{key} must be a list of schemas")));
            };
            if l.is_empty() && key != "prefixItems" {
                return Err(mismatch(loc, format!("{key} must not be empty")));
            }
            for (i, sub) in l.iter().enumerate() {
                validate(root, sub, &format!("{loc}/{key}/{i}"), depth + 1)?;
            }
        }
    }
    for key in SCHEMA_ONE {
        if let Some(sub) = obj.get(key) {
            validate(root, sub, &format!("{loc}/{key}"), depth + 1)?;
        }
    }
    match obj.get("items") {
        Some(Json::Array(l)) => {
            for (i, sub) in l.iter().enumerate() {
                validate(root, sub, &format!("{loc}/items/{i}"), depth + 1)?;
            }
        }
        Some(sub) => validate(root, sub, &format!("{loc}/items"), depth + 1)?,
        None => {}
    }
    Ok(())
}

/// JSON-pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A local `$ref` (`#`, `#/a/b`, percent-encoded pointers) in `root`; remote references and
/// anchors do not resolve. The one `$ref` lookup: castability checks and the value path's schema
/// compiler (`value::schema`) both resolve with it.
pub(crate) fn lookup_ref<'a>(root: &'a Json, reference: &str) -> Option<&'a Json> {
    let pointer = reference.strip_prefix('#')?;
    let pointer = percent_decode(pointer)?;
    if pointer.is_empty() {
        return Some(root);
    }
    if !pointer.starts_with('/') {
        return None;
    }
    root.pointer(&pointer)
}

struct Compare<'a> {
    src_root: &'a Json,
    tgt_root: &'a Json,
    visiting: HashSet<(String, String)>,
    steps: usize,
}

/// Follow `$ref` chains; returns the target and its location.
fn resolve<'a>(
    root: &'a Json,
    mut s: &'a Json,
    mut loc: String,
) -> Result<(&'a Json, String, bool), SchemaError> {
    let mut followed = false;
    for _ in 0..32 {
        let Some(Json::String(r)) = s.get("$ref") else {
            return Ok((s, loc, followed));
        };
        s = lookup_ref(root, r)
            .ok_or_else(|| mismatch(&loc, format!("unresolvable $ref {r:?}")))?;
        loc = r.clone();
        followed = true;
    }
    Err(mismatch(&loc, "$ref chain does not end"))
}

fn types(s: &Map<String, Json>) -> Option<Vec<&str>> {
    match s.get("type")? {
        Json::String(t) => Some(vec![t.as_str()]),
        Json::Array(a) => Some(a.iter().filter_map(Json::as_str).collect()),
        _ => None,
    }
}

fn enum_values(s: &Map<String, Json>) -> Option<Vec<&Json>> {
    if let Some(c) = s.get("const") {
        return Some(vec![c]);
    }
    match s.get("enum")? {
        Json::Array(a) => Some(a.iter().collect()),
        _ => None,
    }
}

fn json_type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn branches(s: &Map<String, Json>) -> Option<(&'static str, &Vec<Json>)> {
    for key in ["anyOf", "oneOf"] {
        if let Some(Json::Array(b)) = s.get(key) {
            return Some((if key == "anyOf" { "anyOf" } else { "oneOf" }, b));
        }
    }
    None
}

fn positional(s: &Map<String, Json>) -> Option<&Vec<Json>> {
    match (s.get("prefixItems"), s.get("items")) {
        (Some(Json::Array(p)), _) => Some(p),
        (_, Some(Json::Array(p))) => Some(p),
        _ => None,
    }
}

fn items_schema(s: &Map<String, Json>) -> Option<&Json> {
    match s.get("items") {
        Some(Json::Array(_)) | None => None,
        Some(x) => Some(x),
    }
}

impl Compare<'_> {
    fn compat(
        &mut self,
        src: &Json,
        tgt: &Json,
        src_loc: String,
        tgt_loc: String,
        depth: usize,
    ) -> Res {
        if depth > MAX_DEPTH {
            return Err(SchemaError::TooDeep);
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(SchemaError::TooComplex);
        }
        let (src, src_loc, src_ref) = resolve(self.src_root, src, src_loc)?;
        let (tgt, tgt_loc, tgt_ref) = resolve(self.tgt_root, tgt, tgt_loc)?;
        if !(src_ref || tgt_ref) {
            return self.compat_resolved(src, tgt, &src_loc, &tgt_loc, depth);
        }
        let key = (src_loc.clone(), tgt_loc.clone());
        if self.visiting.contains(&key) {
            // Reached the same pair of definitions again: a recursive type; assume it fits
            // (the answer is decided by the rest of the walk).
            return Ok(());
        }
        self.visiting.insert(key.clone());
        let r = self.compat_resolved(src, tgt, &src_loc, &tgt_loc, depth);
        self.visiting.remove(&key);
        r
    }

    fn compat_resolved(
        &mut self,
        src: &Json,
        tgt: &Json,
        src_loc: &str,
        tgt_loc: &str,
        depth: usize,
    ) -> Res {
        let empty = Map::new();
        let tgt = match tgt {
            Json::Bool(true) => return Ok(()),
            Json::Bool(false) => {
                return if matches!(src, Json::Bool(false)) {
                    Ok(())
                } else {
                    Err(mismatch(tgt_loc, "the downstream schema accepts nothing"))
                };
            }
            Json::Object(o) => o,
            _ => return Err(mismatch(tgt_loc, "not a schema")),
        };
        let src = match src {
            Json::Bool(false) => return Ok(()),
            Json::Bool(true) => &empty,
            Json::Object(o) => o,
            _ => return Err(mismatch(src_loc, "upstream: not a schema")),
        };
        let d = depth + 1;

        // Downstream allOf: every branch.
        if let Some(Json::Array(all)) = tgt.get("allOf") {
            for (i, t) in all.iter().enumerate() {
                self.compat(
                    &Json::Object(src.clone()),
                    t,
                    src_loc.into(),
                    format!("{tgt_loc}/allOf/{i}"),
                    d,
                )?;
            }
        }
        // Upstream anyOf / oneOf: each branch must fit the downstream.
        if let Some((key, bs)) = branches(src) {
            for (i, s) in bs.iter().enumerate() {
                self.compat(
                    s,
                    &Json::Object(tgt.clone()),
                    format!("{src_loc}/{key}/{i}"),
                    tgt_loc.into(),
                    d,
                )?;
            }
            return Ok(());
        }
        // Upstream allOf: the upstream without it, or any one branch, fitting is enough.
        if let Some(Json::Array(all)) = src.get("allOf") {
            let mut rest = src.clone();
            rest.remove("allOf");
            let tgt_json = Json::Object(tgt.clone());
            let first = match self.compat(
                &Json::Object(rest),
                &tgt_json,
                src_loc.into(),
                tgt_loc.into(),
                d,
            ) {
                Ok(()) => return Ok(()),
                Err(e @ (SchemaError::TooDeep | SchemaError::TooComplex)) => return Err(e),
                Err(e) => e,
            };
            for (i, s) in all.iter().enumerate() {
                match self.compat(
                    s,
                    &tgt_json,
                    format!("{src_loc}/allOf/{i}"),
                    tgt_loc.into(),
                    d,
                ) {
                    Ok(()) => return Ok(()),
                    Err(e @ (SchemaError::TooDeep | SchemaError::TooComplex)) => return Err(e),
                    Err(_) => {}
                }
            }
            return Err(first);
        }
        // Downstream anyOf / oneOf: the upstream must fit one branch.
        if let Some((key, bs)) = branches(tgt) {
            let src_json = Json::Object(src.clone());
            let mut found = false;
            for (i, t) in bs.iter().enumerate() {
                match self.compat(
                    &src_json,
                    t,
                    src_loc.into(),
                    format!("{tgt_loc}/{key}/{i}"),
                    d,
                ) {
                    Ok(()) => {
                        found = true;
                        break;
                    }
                    Err(e @ (SchemaError::TooDeep | SchemaError::TooComplex)) => return Err(e),
                    Err(_) => {}
                }
            }
            if !found {
                return Err(mismatch(
                    tgt_loc,
                    format!("the upstream schema fits no branch of {key}"),
                ));
            }
        }

        let src_enum = enum_values(src);
        if let Some(tt) = types(tgt) {
            let st: Option<Vec<&str>> = types(src).or_else(|| {
                src_enum
                    .as_ref()
                    .map(|vs| vs.iter().map(|v| json_type_name(v)).collect())
            });
            let Some(st) = st else {
                return Err(mismatch(
                    tgt_loc,
                    format!(
                        "the upstream schema does not restrict the type to {}",
                        tt.join(" | ")
                    ),
                ));
            };
            for s in st {
                if !tt.contains(&s) {
                    return Err(mismatch(
                        tgt_loc,
                        format!("type {s} is not castable to {}", tt.join(" | ")),
                    ));
                }
            }
        }
        if let Some(te) = enum_values(tgt) {
            let Some(se) = src_enum else {
                return Err(mismatch(
                    tgt_loc,
                    "the upstream schema is not restricted to the downstream enum values",
                ));
            };
            for v in se {
                if !te.contains(&v) {
                    return Err(mismatch(
                        tgt_loc,
                        format!("enum value {v} is not allowed downstream"),
                    ));
                }
            }
        }
        if let Some(tf) = tgt.get("format")
            && src.get("format") != Some(tf)
        {
            let sf = src
                .get("format")
                .map_or_else(|| "none".to_string(), Json::to_string);
            return Err(mismatch(
                tgt_loc,
                format!("format {sf} is not castable to format {tf}"),
            ));
        }

        let src_props = match src.get("properties") {
            Some(Json::Object(p)) => p,
            _ => &empty,
        };
        if let Some(Json::Object(tp)) = tgt.get("properties") {
            for (name, t) in tp {
                let ptr = format!("{tgt_loc}/properties/{}", escape(name));
                let Some(s) = src_props.get(name) else {
                    return Err(mismatch(
                        &ptr,
                        format!("property {name:?} is missing upstream"),
                    ));
                };
                self.compat(
                    s,
                    t,
                    format!("{src_loc}/properties/{}", escape(name)),
                    ptr,
                    d,
                )?;
            }
        }
        if let Some(Json::Array(req)) = tgt.get("required") {
            for name in req.iter().filter_map(Json::as_str) {
                if !src_props.contains_key(name) {
                    return Err(mismatch(
                        &format!("{tgt_loc}/required"),
                        format!("required property {name:?} is missing upstream"),
                    ));
                }
            }
        }

        if let Some(tp) = positional(tgt) {
            let key = if tgt.contains_key("prefixItems") {
                "prefixItems"
            } else {
                "items"
            };
            let Some(sp) = positional(src) else {
                return Err(mismatch(
                    tgt_loc,
                    format!("the upstream array has no {key}"),
                ));
            };
            if sp.len() < tp.len() {
                return Err(mismatch(
                    tgt_loc,
                    format!(
                        "the upstream tuple has {} items, the downstream {}",
                        sp.len(),
                        tp.len()
                    ),
                ));
            }
            let skey = if src.contains_key("prefixItems") {
                "prefixItems"
            } else {
                "items"
            };
            for (i, (s, t)) in sp.iter().zip(tp).enumerate() {
                self.compat(
                    s,
                    t,
                    format!("{src_loc}/{skey}/{i}"),
                    format!("{tgt_loc}/{key}/{i}"),
                    d,
                )?;
            }
        }
        if let Some(ti) = items_schema(tgt) {
            let ptr = format!("{tgt_loc}/items");
            if let Some(si) = items_schema(src) {
                self.compat(si, ti, format!("{src_loc}/items"), ptr, d)?;
            } else if let Some(sp) = positional(src) {
                let skey = if src.contains_key("prefixItems") {
                    "prefixItems"
                } else {
                    "items"
                };
                for (i, s) in sp.iter().enumerate() {
                    self.compat(s, ti, format!("{src_loc}/{skey}/{i}"), ptr.clone(), d)?;
                }
            } else {
                return Err(mismatch(&ptr, "the upstream array has no item schema"));
            }
        }
        Ok(())
    }
}
