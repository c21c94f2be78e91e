//! A `LiteralType` as a readable tree (struct fields from the JSON schema with their titles,
//! union variants, enum values, list / dict contents, dataframe columns) and as JSON: one
//! [`Node`] tree, two renderings.

use flyte_types::idl::core::{
    LiteralType, SimpleType, blob_type::BlobDimensionality, literal_type::Type,
};
use flyte_types::idl::struct_to_json;
use flyte_types::value::MAX_STRUCT_DEPTH;
use serde_json::{Map, Value as Json};
use std::fmt::Write;

/// Nesting shown before `…` (schemas can be recursive through `$ref`).
const MAX_DEPTH: usize = 12;

/// One type: what it is, an optional detail, and its parts under a key (`fields`, `items`,
/// `values`, `variants`, `columns`).
struct Node {
    kind: String,
    detail: Option<String>,
    key: &'static str,
    children: Vec<(String, Node)>,
}

impl Node {
    fn leaf(kind: impl Into<String>) -> Self {
        Node {
            kind: kind.into(),
            detail: None,
            key: "",
            children: Vec::new(),
        }
    }

    fn with(mut self, key: &'static str, children: Vec<(String, Node)>) -> Self {
        self.key = key;
        self.children = children;
        self
    }

    /// `list of integer` for a plain element, else `list` with the element below it.
    fn container(kind: &str, key: &'static str, child: Node) -> Self {
        if child.children.is_empty() {
            Node::leaf(format!("{kind} of {}", child.text()))
        } else {
            Node::leaf(kind).with(key, vec![(key.into(), child)])
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn text(&self) -> String {
        match &self.detail {
            Some(d) => format!("{} ({d})", self.kind),
            None => self.kind.clone(),
        }
    }

    fn write(&self, out: &mut String, depth: usize) {
        for (name, child) in &self.children {
            let _ = writeln!(out, "{}{name}: {}", "  ".repeat(depth), child.text());
            child.write(out, depth + 1);
        }
    }

    fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("type".into(), Json::String(self.kind.clone()));
        if let Some(d) = &self.detail {
            m.insert("detail".into(), Json::String(d.clone()));
        }
        if !self.children.is_empty() {
            let parts: Map<String, Json> = self
                .children
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            m.insert(self.key.into(), Json::Object(parts));
        }
        Json::Object(m)
    }
}

/// The type as an indented tree, its first line the type itself.
pub fn tree(ty: &LiteralType) -> String {
    let node = node(ty, 0);
    let mut out = format!("{}\n", node.text());
    node.write(&mut out, 1);
    out.trim_end().to_string()
}

/// The type as JSON: `{"type": …, "detail": …, "fields" | "items" | …: {name: …}}`.
pub fn to_json(ty: &LiteralType) -> Json {
    node(ty, 0).to_json()
}

fn node(ty: &LiteralType, depth: usize) -> Node {
    if depth > MAX_DEPTH {
        return Node::leaf("…");
    }
    match &ty.r#type {
        None => Node::leaf("<unset>"),
        Some(Type::Simple(s)) if *s == SimpleType::Struct as i32 => struct_node(ty, depth),
        Some(Type::Simple(s)) => Node::leaf(
            SimpleType::try_from(*s)
                .map(|s| s.as_str_name().to_lowercase())
                .unwrap_or_else(|_| format!("simple type {s}")),
        ),
        Some(Type::CollectionType(item)) => Node::container("list", "items", node(item, depth + 1)),
        Some(Type::MapValueType(value)) => {
            Node::container("dict", "values", node(value, depth + 1))
        }
        Some(Type::Blob(b)) => {
            let kind = if b.dimensionality == BlobDimensionality::Multipart as i32 {
                "Dir"
            } else {
                "File"
            };
            let n = Node::leaf(kind);
            if b.format.is_empty() {
                n
            } else {
                n.detail(format!("format {:?}", b.format))
            }
        }
        Some(Type::EnumType(e)) => Node::leaf("enum").detail(e.values.join(", ")),
        Some(Type::UnionType(u)) => Node::leaf("union").with(
            "variants",
            u.variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let tag = v
                        .structure
                        .as_ref()
                        .map(|s| s.tag.as_str())
                        .unwrap_or_default();
                    let n = node(v, depth + 1);
                    // Tags repeat (every dataclass is "Object-Dataclass-Transformer"): the
                    // variants are named by position, the tag is a detail.
                    let n = match (n.detail.clone(), tag) {
                        (_, "") => n,
                        (Some(d), t) => n.detail(format!("{d}; tag {t:?}")),
                        (None, t) => n.detail(format!("tag {t:?}")),
                    };
                    (i.to_string(), n)
                })
                .collect(),
        ),
        Some(Type::StructuredDatasetType(sd)) => {
            let n = Node::leaf("DataFrame").with(
                "columns",
                sd.columns
                    .iter()
                    .map(|c| {
                        let t = c.literal_type.as_ref().map(|t| node(t, depth + 1));
                        (c.name.clone(), t.unwrap_or_else(|| Node::leaf("<unset>")))
                    })
                    .collect(),
            );
            if sd.format.is_empty() {
                n
            } else {
                n.detail(format!("format {:?}", sd.format))
            }
        }
        Some(other) => Node::leaf(
            format!("{other:?}")
                .split('(')
                .next()
                .unwrap_or("?")
                .to_lowercase(),
        ),
    }
}

/// A STRUCT: its fields from the JSON schema in the type's metadata.
fn struct_node(ty: &LiteralType, depth: usize) -> Node {
    let Some(metadata) = &ty.metadata else {
        return Node::leaf("struct").detail("untyped dict, no schema");
    };
    let Some(schema) = struct_to_json(metadata, MAX_STRUCT_DEPTH) else {
        return Node::leaf("struct")
            .detail(format!("schema nested deeper than {MAX_STRUCT_DEPTH}"));
    };
    let mut n = schema_node(&schema, &schema, depth);
    n.kind = format!("struct {}", n.kind);
    n
}

/// A JSON schema (a field of a struct): objects with their properties, `$ref`s by title,
/// arrays, `anyOf` as `a | b`, enums.
fn schema_node(s: &Json, root: &Json, depth: usize) -> Node {
    if depth > MAX_DEPTH {
        return Node::leaf("…");
    }
    if let Some(r) = s.get("$ref").and_then(Json::as_str) {
        let target = r
            .strip_prefix("#/")
            .and_then(|p| p.split('/').try_fold(root, |at, part| at.get(part)));
        return match target {
            Some(t) => schema_node(t, root, depth + 1),
            None => Node::leaf(format!("$ref {r}")),
        };
    }
    if let Some(all) = s.get("allOf").and_then(Json::as_array)
        && all.len() == 1
    {
        return schema_node(&all[0], root, depth + 1);
    }
    if let Some(any) = s
        .get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(Json::as_array)
    {
        let parts: Vec<Node> = any
            .iter()
            .map(|v| schema_node(v, root, depth + 1))
            .collect();
        let kind = parts.iter().map(Node::text).collect::<Vec<_>>().join(" | ");
        let children = parts.into_iter().flat_map(|p| p.children).collect();
        return Node::leaf(kind).with("fields", children);
    }
    let title = s.get("title").and_then(Json::as_str);
    if let Some(values) = s.get("enum").and_then(Json::as_array) {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        return Node::leaf(
            format!("enum {}", title.unwrap_or(""))
                .trim_end()
                .to_string(),
        )
        .detail(values.join(", "));
    }
    let ty = s.get("type").and_then(Json::as_str).unwrap_or("any");
    match ty {
        "object" => {
            if let Some(props) = s.get("properties").and_then(Json::as_object) {
                let required: Vec<&str> = s
                    .get("required")
                    .and_then(Json::as_array)
                    .map(|r| r.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                // Declaration order survives in `required` (the properties of a protobuf
                // Struct come back sorted); the rest follow in name order.
                let mut order: Vec<&String> = required
                    .iter()
                    .filter_map(|r| props.get_key_value(*r).map(|(k, _)| k))
                    .collect();
                order.extend(props.keys().filter(|k| !required.contains(&k.as_str())));
                let fields = order
                    .into_iter()
                    .map(|k| (k, &props[k]))
                    .map(|(k, v)| {
                        let mut f = schema_node(v, root, depth + 1);
                        if !required.contains(&k.as_str()) && !required.is_empty() {
                            f.detail = Some(match f.detail {
                                Some(d) => format!("{d}; optional"),
                                None => "optional".into(),
                            });
                        }
                        (k.clone(), f)
                    })
                    .collect();
                return Node::leaf(title.unwrap_or("object")).with("fields", fields);
            }
            match s.get("additionalProperties") {
                Some(v) if v.is_object() => {
                    Node::container("dict", "values", schema_node(v, root, depth + 1))
                }
                _ => Node::leaf(title.unwrap_or("object")),
            }
        }
        "array" => match s.get("items") {
            Some(items) if items.is_object() => {
                Node::container("list", "items", schema_node(items, root, depth + 1))
            }
            _ => Node::leaf("list"),
        },
        other => {
            let n = Node::leaf(other);
            match s.get("format").and_then(Json::as_str) {
                Some(f) => n.detail(f),
                None => n,
            }
        }
    }
}
