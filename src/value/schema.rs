//! The JSON schema of a STRUCT type (mashumaro's or pydantic's style), compiled into a small
//! tree of [`Shape`]s that says how each msgpack node is read and written.
//!
//! Only what changes the wire form matters: strings that are datetimes, dates, durations or
//! bytes; enums; File / Dir / DataFrame objects; typed-tuple wrappers; optionals and unions.
//! Numbers, booleans and plain strings pass through as the wire has them.

pub use super::style::StructStyle;
use crate::{Error, ErrorKind};
use serde_json::Value as Json;
use std::cell::Cell;
use std::collections::HashMap;

/// Index of a node in [`Shapes`].
pub(crate) type ShapeId = usize;

#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// No schema: the generic msgpack ↔ value mapping.
    Any,
    Null,
    Bool,
    Int,
    Number,
    Str,
    /// Allowed wire values (strings, or ints for an IntEnum inside a dataclass), and the type
    /// the schema declares for them.
    Enum(Vec<Json>, EnumType),
    DateTime,
    Date,
    /// A timedelta in the style whose schema format it has (see `style`).
    Duration(StructStyle),
    /// Bytes in the style whose schema format they have (see `style`).
    Bytes(StructStyle),
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
    /// The schema's `title` (the class name), for messages.
    pub title: String,
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
///
/// `$ref`s make it a graph (a recursive model points back at itself), so walking a value
/// against it is guarded at run time: at most [`MAX_SHAPE_DEPTH`] nested steps, and a step
/// budget per value ([`Shapes::start`]) that stops exponential backtracking through unions.
#[derive(Debug, Clone)]
pub(crate) struct Shapes {
    nodes: Vec<Shape>,
    pub style: StructStyle,
    depth: Cell<usize>,
    steps_left: Cell<u64>,
}

/// Deeper schemas than this are refused (hostile input; real ones nest a few levels).
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// Most nested steps (objects, arrays, union alternatives, `$ref` hops) when a value is walked
/// against a schema. A recursive model (`Node{children: list[Optional[Node]]}`) takes about
/// three steps per level, so it can nest 80 levels; schema-less parts (`Any`) do not count.
/// An unoptimized build needs about 5 KiB of stack per step, so the walk fits a 2 MiB thread.
pub const MAX_SHAPE_DEPTH: usize = 256;

/// The step budget of one value: this many steps, plus [`SHAPE_STEPS_PER_NODE`] per node (or
/// byte) of the value. Linear in the input, whatever the schema's unions make the walk try.
pub const SHAPE_STEPS_BASE: u64 = 1 << 20;
/// See [`SHAPE_STEPS_BASE`].
pub const SHAPE_STEPS_PER_NODE: u64 = 64;

/// Leaves a nested step when dropped (see [`Shapes::enter`]).
pub(crate) struct Step<'a>(&'a Shapes);

impl Drop for Step<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get() - 1);
    }
}

impl Shapes {
    /// The schema-less shape (an untyped `dict`).
    pub fn any(style: StructStyle) -> Self {
        Self::new(vec![Shape::Any], style)
    }

    fn new(nodes: Vec<Shape>, style: StructStyle) -> Self {
        Self {
            nodes,
            style,
            depth: Cell::new(0),
            steps_left: Cell::new(SHAPE_STEPS_BASE),
        }
    }

    /// Starts walking a value of `size` nodes (or bytes): resets the step budget.
    pub fn start(&self, size: usize) -> &Self {
        let per_node = (size as u64).saturating_mul(SHAPE_STEPS_PER_NODE);
        self.steps_left
            .set(SHAPE_STEPS_BASE.saturating_add(per_node));
        self
    }

    /// One nested step of a walk: an error beyond [`MAX_SHAPE_DEPTH`] or the step budget.
    pub fn enter(&self) -> Result<Step<'_>, Error> {
        let left = self.steps_left.get();
        if left == 0 {
            return Err(ErrorKind::WorkLimit(SHAPE_STEPS_BASE).into());
        }
        self.steps_left.set(left - 1);
        if self.depth.get() >= MAX_SHAPE_DEPTH {
            return Err(ErrorKind::DepthLimit(MAX_SHAPE_DEPTH).into());
        }
        self.depth.set(self.depth.get() + 1);
        Ok(Step(self))
    }

    /// Compiles a JSON schema; `$ref`s resolve against its `$defs` / `definitions`.
    pub fn compile(schema: &Json, style: StructStyle) -> Result<Self, Error> {
        let mut c = Compiler {
            root: schema,
            shapes: Self::new(Vec::new(), style),
            refs: HashMap::new(),
        };
        c.node(schema, 0)?;
        c.shapes.check_union_cycles(&c.refs)?;
        Ok(c.shapes)
    }

    /// Refuses a schema in which a union (`anyOf`, or the one-variant union a `$ref` compiles
    /// to) reaches itself through unions alone: `{"$ref": "#"}`, or `$defs` that refer to each
    /// other without an object or array in between. Such a schema describes no value, and
    /// walking it would never consume input.
    fn check_union_cycles(&self, refs: &HashMap<String, ShapeId>) -> Result<(), Error> {
        // 0 unvisited, 1 on the current path, 2 done; iterative DFS over union edges.
        let mut state = vec![0u8; self.nodes.len()];
        for start in 0..self.nodes.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some((id, next)) = stack.last_mut() {
                let children: &[ShapeId] = match &self.nodes[*id] {
                    Shape::AnyOf(ids) => ids,
                    _ => &[],
                };
                if let Some(&child) = children.get(*next) {
                    *next += 1;
                    match state[child] {
                        0 => {
                            state[child] = 1;
                            stack.push((child, 0));
                        }
                        1 => {
                            let name = refs
                                .iter()
                                .find(|(_, id)| stack.iter().any(|(s, _)| s == *id))
                                .map_or_else(|| "#".to_string(), |(r, _)| r.clone());
                            return Err(ErrorKind::SchemaCycle(name).into());
                        }
                        _ => {}
                    }
                } else {
                    state[*id] = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    /// Whether the shape accepts `null` (directly or through unions), without recursing.
    pub fn accepts_null(&self, id: ShapeId) -> bool {
        let mut seen = vec![false; self.nodes.len()];
        let mut todo = vec![id];
        while let Some(id) = todo.pop() {
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            match &self.nodes[id] {
                Shape::Null | Shape::Any => return true,
                Shape::AnyOf(ids) => todo.extend(ids),
                _ => {}
            }
        }
        false
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

    fn node(&mut self, schema: &'a Json, depth: usize) -> Result<ShapeId, Error> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(ErrorKind::DepthLimit(MAX_SCHEMA_DEPTH).into());
        }
        let id = self.push(Shape::Any);
        let shape = self.shape(schema, depth)?;
        self.shapes.nodes[id] = shape;
        Ok(id)
    }

    fn shape(&mut self, schema: &'a Json, depth: usize) -> Result<Shape, Error> {
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
        let enum_type = match obj.get("type").and_then(Json::as_str) {
            Some("integer") => EnumType::Integer,
            Some("string") => EnumType::String,
            _ => EnumType::Any,
        };
        if let Some(Json::Array(values)) = obj.get("enum") {
            return Ok(Shape::Enum(values.clone(), enum_type));
        }
        if let Some(c) = obj.get("const") {
            return Ok(Shape::Enum(vec![c.clone()], enum_type));
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
    ) -> Result<Shape, Error> {
        Ok(match (ty, format) {
            ("null", _) => Shape::Null,
            ("boolean", _) => Shape::Bool,
            ("integer", _) => Shape::Int,
            ("number", "time-delta") => Shape::Duration(StructStyle::Dataclass),
            ("number", _) => Shape::Number,
            ("string", "date-time") => Shape::DateTime,
            ("string", "date") => Shape::Date,
            ("string", "duration") => Shape::Duration(StructStyle::Pydantic),
            ("string", "base64") => Shape::Bytes(StructStyle::Dataclass),
            ("string", "binary") => Shape::Bytes(StructStyle::Pydantic),
            ("string", _) => Shape::Str,
            ("array", _) => {
                if let Some(Json::Array(items)) = obj.get("prefixItems") {
                    let ids = items
                        .iter()
                        .map(|i| self.node(i, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    // pydantic titles a NamedTuple's items after its fields ("F0"); mashumaro
                    // names none (a dataclass item's title there is its class's).
                    let titles: Option<Vec<String>> = items
                        .iter()
                        .map(|i| {
                            i.get("title")
                                .and_then(Json::as_str)
                                .filter(|_| self.shapes.style == StructStyle::Pydantic)
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
    ) -> Result<Shape, Error> {
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
        Ok(Shape::Object(Object {
            kind,
            fields,
            title: title.to_string(),
        }))
    }

    fn reference(&mut self, r: &str, depth: usize) -> Result<ShapeId, Error> {
        if let Some(id) = self.refs.get(r) {
            return Ok(*id);
        }
        let target = crate::cast::lookup_ref(self.root, r).ok_or_else(|| {
            Error::new(ErrorKind::Unsupported(format!("unresolvable $ref {r:?}")))
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

/// The JSON type an enum's schema declares (`"integer"` for an `IntEnum`, `"string"`), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumType {
    /// `"type": "integer"`.
    Integer,
    /// `"type": "string"`.
    String,
    /// No type, or another.
    Any,
}

impl Shape {
    /// The shape to use where a `$ref` stood: a one-variant union pointing at the target, so
    /// recursion stays an index and is never unrolled.
    fn clone_ref(&self, id: ShapeId) -> Shape {
        Shape::AnyOf(vec![id])
    }
}
