//! Column typing: Arrow types ↔ the Flyte `LiteralType`s of DataFrame columns.
//!
//! Flyte 2 types a column from its Python annotation (`get_supported_types` in
//! `flyte/io/_dataframe/dataframe.py`): `int` / numpy ints → `INTEGER`, floats → `FLOAT`,
//! `str` / `bytes` / `object` → `STRING`, `bool` → `BOOLEAN`, `datetime` / `datetime64` →
//! `DATETIME`, `timedelta` / `timedelta64` → `DURATION`, `list[T]` → collection of T,
//! `dict[str, T]` → map of T. A dataclass or nested dict of columns is flattened to dotted names
//! (`{"s": {"x": int}}` → column `s.x`), and pyarrow reads a dotted name as the nested field.
//!
//! | Arrow | Flyte column type | Arrow type for a declared column |
//! | --- | --- | --- |
//! | `Int8`…`Int64`, `UInt8`…`UInt64` | `INTEGER` | `Int64` |
//! | `Float16`, `Float32`, `Float64` | `FLOAT` | `Float64` |
//! | `Utf8`, `LargeUtf8`, `Utf8View`, the binary types | `STRING` | `Utf8` |
//! | `Boolean` | `BOOLEAN` | `Boolean` |
//! | `Timestamp(_, _)`, `Date32`, `Date64` | `DATETIME` | `Timestamp(Microsecond, None)` (what pyarrow makes of `datetime`) |
//! | `Duration(_)` | `DURATION` | `Duration(Microsecond)` |
//! | `List`, `LargeList`, `ListView`, `LargeListView`, `FixedSizeList` of T | collection of T | `List` of T |
//! | `Map` with string keys, values T | map of T | `Map` (`entries: struct<key: string not null, value: T>`) |
//! | `Struct` | one column per leaf, named `parent.child` | a `Struct` rebuilt from dotted names |
//! | `Dictionary(_, V)` | the type of V | — |
//! | `Null` (a column of only nulls) | fits any declared type; none by itself | — |

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Fields, Schema, TimeUnit};
use flyte_types::idl::core::{
    LiteralType, SimpleType, literal_type::Type, structured_dataset_type::DatasetColumn,
};

use crate::error::{DataFrameError, Result};

/// A `LiteralType` of a simple type.
pub fn simple(t: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(t as i32)),
        ..Default::default()
    }
}

fn collection(t: LiteralType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::CollectionType(Box::new(t))),
        ..Default::default()
    }
}

fn map_of(t: LiteralType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::MapValueType(Box::new(t))),
        ..Default::default()
    }
}

/// A declared column.
pub fn column(name: impl Into<String>, literal_type: LiteralType) -> DatasetColumn {
    DatasetColumn {
        name: name.into(),
        literal_type: Some(literal_type),
    }
}

/// The text the corpus uses for a column type: `INTEGER`, `list<STRING>`, `map<FLOAT>`.
pub fn type_text(ty: &LiteralType) -> String {
    match &ty.r#type {
        Some(Type::Simple(s)) => SimpleType::try_from(*s)
            .map_or_else(|_| format!("simple {s}"), |s| s.as_str_name().to_string()),
        Some(Type::CollectionType(e)) => format!("list<{}>", type_text(e)),
        Some(Type::MapValueType(v)) => format!("map<{}>", type_text(v)),
        Some(Type::Blob(_)) => "blob".into(),
        Some(Type::EnumType(_)) => "enum".into(),
        Some(Type::UnionType(_)) => "union".into(),
        Some(Type::StructuredDatasetType(_)) => "structured dataset".into(),
        Some(Type::Schema(_)) => "schema".into(),
        None => "unset type".into(),
    }
}

/// The Flyte column type of an Arrow type, `None` for `Null` (a column of nulls says nothing).
pub fn literal_type_of(column: &str, dt: &DataType) -> Result<Option<LiteralType>> {
    use DataType as D;
    let unsupported = || DataFrameError::UnsupportedArrowType {
        column: column.to_string(),
        found: dt.to_string(),
    };
    Ok(Some(match dt {
        D::Null => return Ok(None),
        D::Int8 | D::Int16 | D::Int32 | D::Int64 | D::UInt8 | D::UInt16 | D::UInt32 | D::UInt64 => {
            simple(SimpleType::Integer)
        }
        D::Float16 | D::Float32 | D::Float64 => simple(SimpleType::Float),
        D::Utf8
        | D::LargeUtf8
        | D::Utf8View
        | D::Binary
        | D::LargeBinary
        | D::BinaryView
        | D::FixedSizeBinary(_) => simple(SimpleType::String),
        D::Boolean => simple(SimpleType::Boolean),
        D::Timestamp(_, _) | D::Date32 | D::Date64 => simple(SimpleType::Datetime),
        D::Duration(_) => simple(SimpleType::Duration),
        D::List(f)
        | D::LargeList(f)
        | D::ListView(f)
        | D::LargeListView(f)
        | D::FixedSizeList(f, _) => match literal_type_of(column, f.data_type())? {
            Some(t) => collection(t),
            None => return Err(unsupported()),
        },
        D::Map(entries, _) => {
            let D::Struct(kv) = entries.data_type() else {
                return Err(unsupported());
            };
            let key_is_string = kv.first().is_some_and(|k| {
                matches!(
                    k.data_type(),
                    D::Utf8 | D::LargeUtf8 | D::Utf8View | D::Dictionary(_, _)
                )
            });
            match (key_is_string, kv.get(1)) {
                (true, Some(v)) => match literal_type_of(column, v.data_type())? {
                    Some(t) => map_of(t),
                    None => return Err(unsupported()),
                },
                _ => return Err(unsupported()),
            }
        }
        D::Dictionary(_, values) => return literal_type_of(column, values),
        D::Struct(_) => simple(SimpleType::Struct),
        _ => return Err(unsupported()),
    }))
}

/// The declared columns of an Arrow schema, as Flyte 2 declares them: struct columns flattened
/// to `parent.child`; all-null columns (Arrow `Null`) are left out.
pub fn columns_of(schema: &Schema) -> Result<Vec<DatasetColumn>> {
    fn walk(prefix: &str, fields: &Fields, out: &mut Vec<DatasetColumn>) -> Result<()> {
        for f in fields {
            let name = if prefix.is_empty() {
                f.name().clone()
            } else {
                format!("{prefix}.{}", f.name())
            };
            match f.data_type() {
                DataType::Struct(children) => walk(&name, children, out)?,
                dt => {
                    if let Some(t) = literal_type_of(&name, dt)? {
                        out.push(column(name, t));
                    }
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk("", schema.fields(), &mut out)?;
    Ok(out)
}

/// The Arrow type a declared column is written with (see the module table).
pub fn arrow_type_of(column: &str, ty: &LiteralType) -> Result<DataType> {
    let unsupported = || DataFrameError::UnsupportedColumnType {
        column: column.to_string(),
        found: type_text(ty),
    };
    Ok(match &ty.r#type {
        Some(Type::Simple(s)) => match SimpleType::try_from(*s).map_err(|_| unsupported())? {
            SimpleType::Integer => DataType::Int64,
            SimpleType::Float => DataType::Float64,
            SimpleType::String => DataType::Utf8,
            SimpleType::Boolean => DataType::Boolean,
            SimpleType::Datetime => DataType::Timestamp(TimeUnit::Microsecond, None),
            SimpleType::Duration => DataType::Duration(TimeUnit::Microsecond),
            _ => return Err(unsupported()),
        },
        Some(Type::CollectionType(e)) => DataType::List(Arc::new(Field::new(
            "item",
            arrow_type_of(column, e)?,
            true,
        ))),
        Some(Type::MapValueType(v)) => {
            let entries = Field::new(
                "entries",
                DataType::Struct(Fields::from(vec![
                    Field::new("key", DataType::Utf8, false),
                    Field::new("value", arrow_type_of(column, v)?, true),
                ])),
                false,
            );
            DataType::Map(Arc::new(entries), false)
        }
        _ => return Err(unsupported()),
    })
}

/// The Arrow schema for declared columns; dotted names become nested structs
/// (`s.x`, `s.y` → `s: struct<x, y>`), in order of first appearance.
pub fn arrow_schema_of(columns: &[DatasetColumn]) -> Result<Schema> {
    enum Node {
        Leaf(DataType),
        Group(Vec<(String, Node)>),
    }
    fn insert(
        nodes: &mut Vec<(String, Node)>,
        path: &[&str],
        dt: DataType,
        full: &str,
    ) -> Result<()> {
        let (head, rest) = (path[0], &path[1..]);
        let pos = nodes.iter().position(|(n, _)| n == head);
        if rest.is_empty() {
            if pos.is_some() {
                return Err(DataFrameError::Value {
                    column: full.to_string(),
                    message: "declared twice (or both as a column and as a struct)".into(),
                });
            }
            nodes.push((head.to_string(), Node::Leaf(dt)));
            return Ok(());
        }
        let idx = match pos {
            Some(i) => i,
            None => {
                nodes.push((head.to_string(), Node::Group(Vec::new())));
                nodes.len() - 1
            }
        };
        match &mut nodes[idx].1 {
            Node::Group(children) => insert(children, rest, dt, full),
            Node::Leaf(_) => Err(DataFrameError::Value {
                column: full.to_string(),
                message: format!("{head:?} is declared both as a column and as a struct"),
            }),
        }
    }
    fn build(nodes: Vec<(String, Node)>) -> Vec<Field> {
        nodes
            .into_iter()
            .map(|(name, node)| match node {
                Node::Leaf(dt) => Field::new(name, dt, true),
                Node::Group(children) => {
                    Field::new(name, DataType::Struct(Fields::from(build(children))), true)
                }
            })
            .collect()
    }
    let mut nodes = Vec::new();
    for c in columns {
        let ty = c.literal_type.clone().unwrap_or_default();
        let dt = arrow_type_of(&c.name, &ty)?;
        let path: Vec<&str> = c.name.split('.').collect();
        insert(&mut nodes, &path, dt, &c.name)?;
    }
    Ok(Schema::new(build(nodes)))
}

/// Whether a column of Arrow type `found` can be read as the declared Flyte type.
pub fn fits(declared: &LiteralType, found: &DataType) -> bool {
    use DataType as D;
    if matches!(found, D::Null) {
        return true;
    }
    if let D::Dictionary(_, values) = found {
        return fits(declared, values);
    }
    match &declared.r#type {
        Some(Type::CollectionType(e)) => match found {
            D::List(f)
            | D::LargeList(f)
            | D::ListView(f)
            | D::LargeListView(f)
            | D::FixedSizeList(f, _) => fits(e, f.data_type()),
            _ => false,
        },
        Some(Type::MapValueType(v)) => match found {
            D::Map(entries, _) => match entries.data_type() {
                D::Struct(kv) => kv.get(1).is_some_and(|f| fits(v, f.data_type())),
                _ => false,
            },
            _ => false,
        },
        Some(Type::Simple(s)) => match SimpleType::try_from(*s) {
            Ok(SimpleType::Struct) => matches!(found, D::Struct(_)),
            Ok(_) => literal_type_of("", found)
                .ok()
                .flatten()
                .is_some_and(|t| &t == declared),
            Err(_) => false,
        },
        _ => false,
    }
}

/// Checks a column against its declared type.
pub fn check_column(column: &str, declared: &LiteralType, found: &DataType) -> Result<()> {
    if fits(declared, found) {
        Ok(())
    } else {
        Err(DataFrameError::ColumnType {
            column: column.to_string(),
            expected: type_text(declared),
            found: found.to_string(),
        })
    }
}

/// pyarrow's `Schema.to_string()`: what Flyte 2 stores in `external_schema_bytes` for an
/// `Annotated[…, pa.schema(...)]` column annotation (with `external_schema_type = "arrow"`).
/// Schema metadata is printed with sorted keys (an Arrow-rs schema keeps no key order).
pub fn arrow_schema_text(schema: &Schema) -> String {
    let mut out = String::new();
    for f in schema.fields() {
        field_text(f, 0, &mut out);
    }
    if !schema.metadata().is_empty() {
        out.push_str("-- schema metadata --\n");
        let mut keys: Vec<_> = schema.metadata().iter().collect();
        keys.sort();
        for (k, v) in keys {
            let room = 70usize.saturating_sub(k.chars().count());
            let n = v.chars().count();
            if n > room {
                let shown: String = v.chars().take(room).collect();
                out.push_str(&format!("{k}: '{shown}' + {}\n", n - room));
            } else {
                out.push_str(&format!("{k}: '{v}'\n"));
            }
        }
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

fn field_text(f: &Field, level: usize, out: &mut String) {
    out.push_str(&format!(
        "{}{}\n",
        f.name(),
        field_suffix(f.data_type(), f.is_nullable())
    ));
    let children = child_fields(f.data_type());
    for (i, c) in children.iter().enumerate() {
        let indent = 2 + 4 * level;
        out.push_str(&format!("{:indent$}child {i}, ", ""));
        field_text(c, level + 1, out);
    }
}

fn field_suffix(dt: &DataType, nullable: bool) -> String {
    format!(
        ": {}{}",
        pa_type_name(dt),
        if nullable { "" } else { " not null" }
    )
}

fn child_fields(dt: &DataType) -> Vec<Field> {
    use DataType as D;
    match dt {
        D::List(f)
        | D::LargeList(f)
        | D::ListView(f)
        | D::LargeListView(f)
        | D::FixedSizeList(f, _)
        | D::Map(f, _) => vec![f.as_ref().clone()],
        D::Struct(fs) => fs.iter().map(|f| f.as_ref().clone()).collect(),
        _ => Vec::new(),
    }
}

fn unit(u: &TimeUnit) -> &'static str {
    match u {
        TimeUnit::Second => "s",
        TimeUnit::Millisecond => "ms",
        TimeUnit::Microsecond => "us",
        TimeUnit::Nanosecond => "ns",
    }
}

/// pyarrow's name of an Arrow type (`int64`, `string`, `timestamp[us, tz=UTC]`, `list<item: int64>`).
pub fn pa_type_name(dt: &DataType) -> String {
    use DataType as D;
    let nested = |f: &Field| {
        format!(
            "{}{}",
            f.name(),
            field_suffix(f.data_type(), f.is_nullable())
        )
    };
    match dt {
        D::Null => "null".into(),
        D::Boolean => "bool".into(),
        D::Int8 => "int8".into(),
        D::Int16 => "int16".into(),
        D::Int32 => "int32".into(),
        D::Int64 => "int64".into(),
        D::UInt8 => "uint8".into(),
        D::UInt16 => "uint16".into(),
        D::UInt32 => "uint32".into(),
        D::UInt64 => "uint64".into(),
        D::Float16 => "halffloat".into(),
        D::Float32 => "float".into(),
        D::Float64 => "double".into(),
        D::Utf8 => "string".into(),
        D::LargeUtf8 => "large_string".into(),
        D::Utf8View => "string_view".into(),
        D::Binary => "binary".into(),
        D::LargeBinary => "large_binary".into(),
        D::BinaryView => "binary_view".into(),
        D::FixedSizeBinary(n) => format!("fixed_size_binary[{n}]"),
        D::Date32 => "date32[day]".into(),
        D::Date64 => "date64[ms]".into(),
        D::Time32(u) => format!("time32[{}]", unit(u)),
        D::Time64(u) => format!("time64[{}]", unit(u)),
        D::Timestamp(u, None) => format!("timestamp[{}]", unit(u)),
        D::Timestamp(u, Some(tz)) => format!("timestamp[{}, tz={tz}]", unit(u)),
        D::Duration(u) => format!("duration[{}]", unit(u)),
        D::Decimal128(p, s) => format!("decimal128({p}, {s})"),
        D::Decimal256(p, s) => format!("decimal256({p}, {s})"),
        D::List(f) => format!("list<{}>", nested(f)),
        D::LargeList(f) => format!("large_list<{}>", nested(f)),
        D::ListView(f) => format!("list_view<{}>", nested(f)),
        D::LargeListView(f) => format!("large_list_view<{}>", nested(f)),
        D::FixedSizeList(f, n) => format!("fixed_size_list<{}>[{n}]", nested(f)),
        D::Struct(fs) => format!(
            "struct<{}>",
            fs.iter().map(|f| nested(f)).collect::<Vec<_>>().join(", ")
        ),
        D::Map(entries, sorted) => {
            let (k, v) = match entries.data_type() {
                D::Struct(kv) if kv.len() == 2 => (
                    pa_type_name(kv[0].data_type()),
                    pa_type_name(kv[1].data_type()),
                ),
                other => (pa_type_name(other), String::new()),
            };
            format!(
                "map<{k}, {v}{}>",
                if *sorted { ", keys_sorted" } else { "" }
            )
        }
        D::Dictionary(k, v) => format!(
            "dictionary<values={}, indices={}, ordered=0>",
            pa_type_name(v),
            pa_type_name(k)
        ),
        other => other.to_string(),
    }
}

/// Column names of a schema, for error messages.
pub(crate) fn names(schema: &Schema) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

/// Finds a declared column in a schema: a top-level field by name, or a dotted path into
/// structs (`s.x`), as pyarrow resolves `columns=[…]`. Returns the path of field indices.
pub fn resolve_column(schema: &Schema, name: &str) -> Option<Vec<usize>> {
    if let Ok(i) = schema.index_of(name) {
        return Some(vec![i]);
    }
    // Try every split point of the dotted name: field names may contain dots themselves.
    fn walk(fields: &Fields, rest: &str) -> Option<Vec<usize>> {
        if let Some(i) = fields.iter().position(|f| f.name() == rest) {
            return Some(vec![i]);
        }
        for (dot, _) in rest.match_indices('.') {
            let (head, tail) = (&rest[..dot], &rest[dot + 1..]);
            if let Some(i) = fields.iter().position(|f| f.name() == head)
                && let DataType::Struct(children) = fields[i].data_type()
                && let Some(mut path) = walk(children, tail)
            {
                path.insert(0, i);
                return Some(path);
            }
        }
        None
    }
    walk(schema.fields(), name)
}

/// The Arrow type with map entries named `entries` and list items named `item` (the Arrow
/// defaults of arrow-rs and of pyarrow's `pa.map_` / `pa.list_`; parquet readers name them after
/// the file's groups, `key_value` and `element`), at any depth.
pub(crate) fn normalize_type(dt: &DataType) -> DataType {
    let field = |f: &Field| {
        Arc::new(
            f.as_ref()
                .clone()
                .with_data_type(normalize_type(f.data_type())),
        )
    };
    let item = |f: &Field| Arc::new(field(f).as_ref().clone().with_name("item"));
    match dt {
        DataType::Map(entries, sorted) => DataType::Map(
            Arc::new(field(entries).as_ref().clone().with_name("entries")),
            *sorted,
        ),
        DataType::List(f) => DataType::List(item(f)),
        DataType::LargeList(f) => DataType::LargeList(item(f)),
        DataType::ListView(f) => DataType::ListView(item(f)),
        DataType::LargeListView(f) => DataType::LargeListView(item(f)),
        DataType::FixedSizeList(f, n) => DataType::FixedSizeList(item(f), *n),
        DataType::Struct(fs) => DataType::Struct(fs.iter().map(|f| field(f)).collect()),
        other => other.clone(),
    }
}
