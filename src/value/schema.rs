//! The JSON schema of a STRUCT type (mashumaro's or pydantic's dialect), compiled into a small
//! tree of [`Shape`]s that says how each msgpack node is read and written.
//!
//! Only what changes the wire form matters: strings that are datetimes, dates, durations or
//! bytes; enums; File / Dir / DataFrame objects; typed-tuple wrappers; optionals and unions.
//! Numbers, booleans and plain strings pass through as the wire has them.

use super::error::{ValueError, ValueErrorKind};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Index of a node in [`Shapes`].
pub(crate) type ShapeId = usize;

/// How a struct's msgpack is written: by mashumaro (dataclasses, untyped dicts) or pydantic
/// (models and the tuple / NamedTuple / TypedDict wrappers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Mashumaro,
    Pydantic,
}

#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// No schema: the generic msgpack ↔ value mapping.
    Any,
    Null,
    Bool,
    Int,
    Number,
    Str,
    /// Allowed wire values (strings, or ints for an IntEnum inside a dataclass).
    Enum(Vec<Json>),
    DateTime,
    Date,
    /// `iso`: pydantic's ISO 8601 string; otherwise mashumaro's float seconds.
    Duration {
        iso: bool,
    },
    /// `as_str`: pydantic writes bytes as a UTF-8 string; mashumaro as msgpack bin.
    Bytes {
        as_str: bool,
    },
    Array(ShapeId),
    Tuple(Vec<ShapeId>),
    /// A NamedTuple nested in a pydantic wrapper: a msgpack array whose items pydantic titles
    /// (`"Start At"`); the canonical value is an object keyed by the field names.
    NamedTuple(Vec<(String, ShapeId)>),
    Dict(ShapeId),
    Object(Object),
    AnyOf(Vec<ShapeId>),
}

#[derive(Debug, Clone)]
pub(crate) struct Object {
    pub kind: ObjectKind,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectKind {
    Plain,
    /// `TupleWrapper_*`: msgpack `{item_0, item_1, …}`, canonical array.
    TupleWrapper,
    File,
    Dir,
    DataFrame,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub name: String,
    pub shape: ShapeId,
    pub required: bool,
    pub default: Option<Json>,
}

/// A compiled schema: node 0 is the root.
#[derive(Debug, Clone)]
pub(crate) struct Shapes {
    nodes: Vec<Shape>,
    pub dialect: Dialect,
}

/// Deeper schemas than this are refused (hostile input; real ones nest a few levels).
const MAX_SCHEMA_DEPTH: usize = 64;

impl Shapes {
    /// The schema-less shape (an untyped `dict`).
    pub fn any(dialect: Dialect) -> Self {
        Self {
            nodes: vec![Shape::Any],
            dialect,
        }
    }

    /// Compiles a JSON schema; `$ref`s resolve against its `$defs` / `definitions`.
    pub fn compile(schema: &Json, dialect: Dialect) -> Result<Self, ValueError> {
        let mut c = Compiler {
            root: schema,
            shapes: Self {
                nodes: Vec::new(),
                dialect,
            },
            refs: HashMap::new(),
        };
        c.node(schema, 0)?;
        Ok(c.shapes)
    }

    pub fn get(&self, id: ShapeId) -> &Shape {
        &self.nodes[id]
    }

    pub fn root(&self) -> ShapeId {
        0
    }
}

struct Compiler<'a> {
    root: &'a Json,
    shapes: Shapes,
    refs: HashMap<String, ShapeId>,
}

impl<'a> Compiler<'a> {
    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.nodes.push(shape);
        self.shapes.nodes.len() - 1
    }

    fn node(&mut self, schema: &'a Json, depth: usize) -> Result<ShapeId, ValueError> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(ValueErrorKind::DepthLimit(MAX_SCHEMA_DEPTH).into());
        }
        let id = self.push(Shape::Any);
        let shape = self.shape(schema, depth)?;
        self.shapes.nodes[id] = shape;
        Ok(id)
    }

    fn shape(&mut self, schema: &'a Json, depth: usize) -> Result<Shape, ValueError> {
        let Some(obj) = schema.as_object() else {
            return Ok(Shape::Any);
        };
        if let Some(Json::String(r)) = obj.get("$ref") {
            let id = self.reference(r, depth)?;
            return Ok(self.shapes.nodes[id].clone_ref(id));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Json::Array(variants)) = obj.get(key) {
                let ids = variants
                    .iter()
                    .map(|v| self.node(v, depth + 1))
                    .collect::<Result<_, _>>()?;
                return Ok(Shape::AnyOf(ids));
            }
        }
        if let Some(Json::Array(all)) = obj.get("allOf")
            && all.len() == 1
        {
            return self.shape(&all[0], depth + 1);
        }
        if let Some(Json::Array(values)) = obj.get("enum") {
            return Ok(Shape::Enum(values.clone()));
        }
        if let Some(c) = obj.get("const") {
            return Ok(Shape::Enum(vec![c.clone()]));
        }
        let format = obj.get("format").and_then(Json::as_str).unwrap_or("");
        match obj.get("type") {
            Some(Json::String(t)) => self.typed(t, format, obj, depth),
            Some(Json::Array(types)) => {
                let mut ids = Vec::new();
                for t in types.iter().filter_map(Json::as_str) {
                    let shape = self.typed(t, format, obj, depth)?;
                    ids.push(self.push(shape));
                }
                Ok(Shape::AnyOf(ids))
            }
            _ if obj.contains_key("properties") => self.typed("object", format, obj, depth),
            _ => Ok(Shape::Any),
        }
    }

    fn typed(
        &mut self,
        ty: &str,
        format: &str,
        obj: &'a serde_json::Map<String, Json>,
        depth: usize,
    ) -> Result<Shape, ValueError> {
        Ok(match (ty, format) {
            ("null", _) => Shape::Null,
            ("boolean", _) => Shape::Bool,
            ("integer", _) => Shape::Int,
            ("number", "time-delta") => Shape::Duration { iso: false },
            ("number", _) => Shape::Number,
            ("string", "date-time") => Shape::DateTime,
            ("string", "date") => Shape::Date,
            ("string", "duration") => Shape::Duration { iso: true },
            ("string", "base64") => Shape::Bytes { as_str: false },
            ("string", "binary") => Shape::Bytes { as_str: true },
            ("string", _) => Shape::Str,
            ("array", _) => {
                if let Some(Json::Array(items)) = obj.get("prefixItems") {
                    let ids = items
                        .iter()
                        .map(|i| self.node(i, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    let titles: Option<Vec<String>> = items
                        .iter()
                        .map(|i| {
                            i.get("title")
                                .and_then(Json::as_str)
                                .map(field_name_of_title)
                        })
                        .collect();
                    match titles {
                        Some(names) if !names.is_empty() => {
                            Shape::NamedTuple(names.into_iter().zip(ids).collect())
                        }
                        _ => Shape::Tuple(ids),
                    }
                } else {
                    match obj.get("items") {
                        Some(items) => Shape::Array(self.node(items, depth + 1)?),
                        None => Shape::Array(self.push(Shape::Any)),
                    }
                }
            }
            ("object", _) => self.object(obj, depth)?,
            _ => Shape::Any,
        })
    }

    fn object(
        &mut self,
        obj: &'a serde_json::Map<String, Json>,
        depth: usize,
    ) -> Result<Shape, ValueError> {
        let Some(Json::Object(props)) = obj.get("properties") else {
            return Ok(match obj.get("additionalProperties") {
                Some(schema @ Json::Object(_)) => Shape::Dict(self.node(schema, depth + 1)?),
                _ => Shape::Dict(self.push(Shape::Any)),
            });
        };
        let required: Vec<&str> = match obj.get("required") {
            Some(Json::Array(r)) => r.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        // Field order: `required` keeps declaration order; the rest follow (the schema Struct
        // sorts its keys, so their relative declaration order is not on the wire).
        let mut names: Vec<&str> = required
            .iter()
            .copied()
            .filter(|n| props.contains_key(*n))
            .collect();
        names.extend(
            props
                .keys()
                .map(String::as_str)
                .filter(|n| !required.contains(n)),
        );
        let mut fields = Vec::with_capacity(names.len());
        for name in names {
            let schema = &props[name];
            let default = schema.get("default").cloned();
            fields.push(Field {
                name: name.to_string(),
                shape: self.node(schema, depth + 1)?,
                required: required.contains(&name),
                default,
            });
        }
        let title = obj.get("title").and_then(Json::as_str).unwrap_or("");
        let has = |f: &str| props.contains_key(f);
        let kind = match title {
            "File" if has("path") => ObjectKind::File,
            "Dir" if has("path") => ObjectKind::Dir,
            "DataFrame" if has("uri") => ObjectKind::DataFrame,
            t if t.starts_with("TupleWrapper_")
                && fields
                    .iter()
                    .enumerate()
                    .all(|(i, f)| f.name == format!("item_{i}")) =>
            {
                ObjectKind::TupleWrapper
            }
            _ => ObjectKind::Plain,
        };
        if kind == ObjectKind::TupleWrapper {
            fields.sort_by_key(|f| f.name[5..].parse::<usize>().unwrap_or(usize::MAX));
        }
        Ok(Shape::Object(Object { kind, fields }))
    }

    fn reference(&mut self, r: &str, depth: usize) -> Result<ShapeId, ValueError> {
        if let Some(id) = self.refs.get(r) {
            return Ok(*id);
        }
        let target = r
            .strip_prefix('#')
            .and_then(|p| self.root.pointer(p))
            .ok_or_else(|| {
                ValueError::new(ValueErrorKind::Unsupported(format!(
                    "unresolvable $ref {r:?}"
                )))
            })?;
        // Register before compiling so that a recursive model refers back to this node.
        let id = self.push(Shape::Any);
        self.refs.insert(r.to_string(), id);
        let shape = self.shape(target, depth + 1)?;
        self.shapes.nodes[id] = shape;
        Ok(id)
    }
}

/// The field name behind pydantic's default title: `"Start At"` → `start_at`.
fn field_name_of_title(title: &str) -> String {
    title.to_lowercase().replace(' ', "_")
}

impl Shape {
    /// The shape to use where a `$ref` stood: a one-variant union pointing at the target, so
    /// recursion stays an index and is never unrolled.
    fn clone_ref(&self, id: ShapeId) -> Shape {
        Shape::AnyOf(vec![id])
    }
}
