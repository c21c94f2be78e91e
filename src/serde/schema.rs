//! schemars' JSON schema reshaped as mashumaro writes a dataclass's (see the module docs of
//! [`crate::serde`] for each rule and what stays different).

use crate::engine::SchemaGen;
use schemars::JsonSchema;
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};

/// schemars' own schema of `T` (draft 2020-12), before [`json_schema`] reshapes it.
pub fn raw_schema<T: JsonSchema>() -> Json {
    schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value()
}

/// `T`'s JSON schema as mashumaro writes the equivalent dataclass's: what [`super::literal_type`]
/// puts in the `LiteralType`'s metadata.
pub fn json_schema<T: JsonSchema>() -> Json {
    mashumaro_shape(raw_schema::<T>())
}

/// Rust's integer and float formats, which mashumaro does not write (with the bounds that come
/// with them: `u8` has `minimum` 0 and `maximum` 255).
const RUST_NUMBER_FORMATS: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32",
    "uint64", "uint128", "float", "double",
];

/// Where schemars puts definitions, and where mashumaro keeps the recursive ones.
const DEFS: &str = "#/$defs/";

fn mashumaro_shape(mut root: Json) -> Json {
    let Json::Object(obj) = &mut root else {
        return root;
    };
    obj.remove("$schema");
    let mut defs: BTreeMap<String, Json> = match obj.remove("$defs") {
        Some(Json::Object(d)) => d.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    // schemars refers to a recursive root as "#"; mashumaro puts it under `$defs` like any other.
    let root_name = obj
        .get("title")
        .and_then(Json::as_str)
        .unwrap_or("Root")
        .to_string();
    let root_ref = format!("{DEFS}{root_name}");
    rename_ref(&mut root, "#", &root_ref);
    for d in defs.values_mut() {
        rename_ref(d, "#", &root_ref);
    }
    let root_recursive = refers_to(&root, &root_ref);
    if root_recursive {
        defs.insert(root_name.clone(), root);
        root = json!({ "$ref": root_ref });
    }
    let recursive = recursive_defs(&defs);
    let inliner = Inliner {
        defs: &defs,
        recursive: &recursive,
    };
    let mut root = inliner.inline(&root);
    shape(&mut root);
    let kept: Map<String, Json> = recursive
        .iter()
        .filter_map(|name| {
            let mut d = inliner.inline(defs.get(name)?);
            titled(&mut d, name);
            shape(&mut d);
            Some((name.clone(), d))
        })
        .collect();
    if !kept.is_empty()
        && let Json::Object(obj) = &mut root
    {
        obj.insert("$defs".into(), Json::Object(kept));
    }
    root
}

/// Every `{"$ref": from}` in `schema` pointed at `to`.
fn rename_ref(schema: &mut Json, from: &str, to: &str) {
    match schema {
        Json::Object(obj) => {
            if obj.get("$ref").and_then(Json::as_str) == Some(from) {
                obj.insert("$ref".into(), json!(to));
            }
            obj.values_mut().for_each(|v| rename_ref(v, from, to));
        }
        Json::Array(items) => items.iter_mut().for_each(|v| rename_ref(v, from, to)),
        _ => {}
    }
}

fn refers_to(schema: &Json, target: &str) -> bool {
    let mut found = false;
    for_each_ref(schema, &mut |r| found |= r == target);
    found
}

fn for_each_ref(schema: &Json, f: &mut impl FnMut(&str)) {
    match schema {
        Json::Object(obj) => {
            if let Some(r) = obj.get("$ref").and_then(Json::as_str) {
                f(r);
            }
            obj.values().for_each(|v| for_each_ref(v, f));
        }
        Json::Array(items) => items.iter().for_each(|v| for_each_ref(v, f)),
        _ => {}
    }
}

/// The definitions that reach themselves through `$ref`s: mashumaro keeps those under `$defs`.
fn recursive_defs(defs: &BTreeMap<String, Json>) -> BTreeSet<String> {
    let edges: BTreeMap<&str, Vec<String>> = defs
        .iter()
        .map(|(name, d)| {
            let mut out = Vec::new();
            for_each_ref(d, &mut |r| {
                if let Some(n) = r.strip_prefix(DEFS) {
                    out.push(n.to_string());
                }
            });
            (name.as_str(), out)
        })
        .collect();
    defs.keys()
        .filter(|start| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&str> = edges[start.as_str()].iter().map(String::as_str).collect();
            while let Some(n) = stack.pop() {
                if n == start.as_str() {
                    return true;
                }
                if seen.insert(n)
                    && let Some(next) = edges.get(n)
                {
                    stack.extend(next.iter().map(String::as_str));
                }
            }
            false
        })
        .cloned()
        .collect()
}

struct Inliner<'a> {
    defs: &'a BTreeMap<String, Json>,
    recursive: &'a BTreeSet<String>,
}

impl Inliner<'_> {
    /// `schema` with every `$ref` to a non-recursive definition replaced by the definition
    /// (titled with its name when it is a struct, as mashumaro titles a nested dataclass).
    /// Ends: the definitions inlined are those that do not reach themselves.
    fn inline(&self, schema: &Json) -> Json {
        match schema {
            Json::Object(obj) => {
                let target = obj
                    .get("$ref")
                    .and_then(Json::as_str)
                    .and_then(|r| r.strip_prefix(DEFS))
                    .filter(|n| !self.recursive.contains(*n))
                    .and_then(|n| Some((n, self.defs.get(n)?)));
                match target {
                    Some((name, def)) => {
                        let mut out = self.inline(def);
                        titled(&mut out, name);
                        // Keywords beside the `$ref` (a field's `description`, `default`).
                        if let Json::Object(o) = &mut out {
                            for (k, v) in obj.iter().filter(|(k, _)| *k != "$ref") {
                                o.insert(k.clone(), self.inline(v));
                            }
                        }
                        out
                    }
                    None => Json::Object(
                        obj.iter()
                            .map(|(k, v)| (k.clone(), self.inline(v)))
                            .collect(),
                    ),
                }
            }
            Json::Array(items) => Json::Array(items.iter().map(|v| self.inline(v)).collect()),
            other => other.clone(),
        }
    }
}

/// A struct's schema gets its name as `title` (schemars titles only the root).
fn titled(schema: &mut Json, name: &str) {
    if let Json::Object(obj) = schema
        && obj.contains_key("properties")
        && !obj.contains_key("title")
    {
        obj.insert("title".into(), json!(name));
    }
}

/// mashumaro's forms, applied to every subschema.
fn shape(schema: &mut Json) {
    let Json::Object(obj) = schema else {
        if let Json::Array(items) = schema {
            items.iter_mut().for_each(shape);
        }
        return;
    };
    if let Some(f) = obj.get("format").and_then(Json::as_str)
        && RUST_NUMBER_FORMATS.contains(&f)
    {
        obj.remove("format");
        obj.remove("minimum");
        obj.remove("maximum");
    }
    nullable_as_any_of(obj);
    // A unit-variant enum: mashumaro writes an Enum's values alone.
    if obj.get("type").and_then(Json::as_str) == Some("string") && obj.contains_key("enum") {
        obj.remove("type");
    }
    if obj.get("type").and_then(Json::as_str) == Some("object") {
        let required: BTreeSet<String> = match obj.get("required") {
            Some(Json::Array(r)) => r
                .iter()
                .filter_map(Json::as_str)
                .map(String::from)
                .collect(),
            _ => BTreeSet::new(),
        };
        if let Some(Json::Object(props)) = obj.get_mut("properties") {
            // An `Option` field serde reads as `None` when it is missing: `Optional[T] = None`.
            for (name, p) in props.iter_mut() {
                if let Json::Object(p) = p {
                    nullable_as_any_of(p);
                    if !required.contains(name) && !p.contains_key("default") && is_nullable(p) {
                        p.insert("default".into(), Json::Null);
                    }
                }
            }
            obj.entry("additionalProperties").or_insert(json!(false));
        } else if obj.get("additionalProperties").is_some_and(Json::is_object) {
            obj.entry("propertyNames")
                .or_insert(json!({"type": "string"}));
        }
    }
    for (k, v) in obj.iter_mut() {
        if !matches!(
            k.as_str(),
            "enum" | "const" | "default" | "required" | "examples"
        ) {
            shape(v);
        }
    }
}

/// `{"type": [T, "null"], …}` as `{"anyOf": [{"type": T, …}, {"type": "null"}]}`, the field's
/// annotations (`description`, `default`, `title`) staying outside.
fn nullable_as_any_of(obj: &mut Map<String, Json>) {
    let Some(Json::Array(types)) = obj.get("type") else {
        return;
    };
    let t = match types.as_slice() {
        [t, null] | [null, t] if null == "null" && t != "null" => t.clone(),
        _ => return,
    };
    let mut inner = Map::new();
    inner.insert("type".into(), t);
    let keys: Vec<String> = obj.keys().cloned().collect();
    for k in keys {
        if !matches!(k.as_str(), "type" | "description" | "default" | "title")
            && let Some(v) = obj.remove(&k)
        {
            inner.insert(k, v);
        }
    }
    obj.remove("type");
    obj.insert(
        "anyOf".into(),
        json!([Json::Object(inner), {"type": "null"}]),
    );
}

fn is_nullable(p: &Map<String, Json>) -> bool {
    match p.get("anyOf") {
        Some(Json::Array(branches)) => branches.iter().any(|b| b == &json!({"type": "null"})),
        _ => false,
    }
}

/// A serde type's schema inside a derived struct's: inlined as mashumaro inlines a nested
/// dataclass, its recursive definitions moved to the outer `$defs`.
pub(super) fn nested(sg: &mut SchemaGen, mut schema: Json) -> Json {
    if let Json::Object(obj) = &mut schema
        && let Some(Json::Object(defs)) = obj.remove("$defs")
    {
        for (name, def) in defs {
            sg.reference(&name, |_| def);
        }
    }
    schema
}
