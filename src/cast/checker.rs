//! Propeller's type checkers (`flytepropeller/pkg/compiler/validators/typing.go`), one function
//! per checker, returning the first mismatch instead of `false`.

use super::describe::{describe_type, schema_column_name, simple_name};
use super::error::{CastErrorKind, Path};
use super::schema;
use super::{MAX_DEPTH, MAX_STEPS};
use crate::idl::core::{
    LiteralType, SchemaType, SimpleType, StructuredDatasetType, literal_type::Type,
    schema_type::schema_column::SchemaColumnType,
};
use std::collections::HashMap;

type Res = Result<(), CastErrorKind>;

/// Walk state: the path, and the step budget.
pub(crate) struct Checker {
    pub(crate) path: Path,
    steps: usize,
}

impl Checker {
    pub(crate) fn new() -> Self {
        Checker {
            path: Path::default(),
            steps: 0,
        }
    }

    fn step(&mut self, depth: usize) -> Res {
        if depth > MAX_DEPTH {
            return Err(CastErrorKind::TooDeep {
                path: self.path.render(),
                limit: MAX_DEPTH,
            });
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(CastErrorKind::TooComplex {
                path: self.path.render(),
                limit: MAX_STEPS,
            });
        }
        Ok(())
    }

    fn not_castable(&self, up: &LiteralType, down: &LiteralType) -> CastErrorKind {
        if is_none_type(up) {
            CastErrorKind::NotNullable {
                path: self.path.render(),
                downstream: describe_type(down),
            }
        } else {
            CastErrorKind::NotCastable {
                path: self.path.render(),
                upstream: describe_type(up),
                downstream: describe_type(down),
            }
        }
    }

    fn with<T>(&mut self, segment: impl Into<String>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(segment);
        let r = f(self);
        self.path.pop();
        r
    }

    /// `AreTypesCastable(up, down)`: the entry point, with the singular-union unwrap.
    pub(crate) fn are_types_castable(
        &mut self,
        up: &LiteralType,
        down: &LiteralType,
        depth: usize,
    ) -> Res {
        self.step(depth)?;
        if let Some(Type::UnionType(u)) = &up.r#type
            && u.variants.len() == 1
        {
            let unwrapped = match self.casts_from(down, &u.variants[0], depth) {
                Ok(()) => return Ok(()),
                Err(e) if e.is_limit() => return Err(e),
                Err(e) => e,
            };
            return match self.casts_from(down, up, depth) {
                Ok(()) => Ok(()),
                Err(e) if e.is_limit() => Err(e),
                // A downstream union explains itself better through the superset rule; anything
                // else can never accept a union, so the unwrapped variant's reason is the real one.
                Err(e) if matches!(down.r#type, Some(Type::UnionType(_))) => Err(e),
                Err(_) => Err(unwrapped),
            };
        }
        self.casts_from(down, up, depth)
    }

    /// `getTypeChecker(down).CastsFrom(up)`: no singular-union unwrap at this level.
    pub(crate) fn casts_from(&mut self, down: &LiteralType, up: &LiteralType, depth: usize) -> Res {
        self.step(depth)?;
        match &down.r#type {
            Some(Type::CollectionType(d_inner)) => match &up.r#type {
                // Empty collections (`[]` infers collection(NONE)) match any collection.
                Some(Type::CollectionType(u_inner)) if is_none_type(u_inner) => Ok(()),
                Some(Type::CollectionType(u_inner)) => self.with("collection_type", |c| {
                    c.casts_from(d_inner, u_inner, depth + 1)
                }),
                _ => Err(self.not_castable(up, down)),
            },
            Some(Type::MapValueType(d_inner)) => match &up.r#type {
                Some(Type::MapValueType(u_inner)) if is_none_type(u_inner) => Ok(()),
                Some(Type::MapValueType(u_inner)) => self.with("map_value_type", |c| {
                    c.casts_from(d_inner, u_inner, depth + 1)
                }),
                _ => Err(self.not_castable(up, down)),
            },
            Some(Type::Blob(d_blob)) => match &up.r#type {
                Some(Type::Blob(u_blob)) => {
                    // Dimensionality is not compared: a file type is castable to a dir type.
                    if u_blob.format.is_empty()
                        || d_blob.format.is_empty()
                        || u_blob.format == d_blob.format
                    {
                        Ok(())
                    } else {
                        Err(CastErrorKind::BlobFormat {
                            path: self.path.render(),
                            upstream: u_blob.format.clone(),
                            downstream: d_blob.format.clone(),
                        })
                    }
                }
                _ => Err(self.not_castable(up, down)),
            },
            Some(Type::Schema(d_schema)) => match &up.r#type {
                Some(Type::Schema(u_schema)) => {
                    self.with("schema", |c| c.schema_from_schema(u_schema, d_schema))
                }
                Some(Type::StructuredDatasetType(u_sd)) => {
                    if !u_sd.format.is_empty() && !equal_fold(&u_sd.format, "parquet") {
                        return Err(CastErrorKind::DatasetFormat {
                            path: self.path.render(),
                            upstream: u_sd.format.clone(),
                            downstream: "parquet".into(),
                        });
                    }
                    self.with("schema", |c| c.schema_from_sd(u_sd, d_schema))
                }
                _ => Err(self.not_castable(up, down)),
            },
            Some(Type::StructuredDatasetType(d_sd)) => match &up.r#type {
                // Structured datasets are nullable, unlike blobs, schemas, maps and lists.
                _ if is_none_type(up) => Ok(()),
                Some(Type::StructuredDatasetType(u_sd)) => self
                    .with("structured_dataset_type", |c| {
                        c.sd_from_sd(u_sd, d_sd, depth)
                    }),
                Some(Type::Schema(u_schema)) => {
                    if !d_sd.format.is_empty() && !equal_fold(&d_sd.format, "parquet") {
                        return Err(CastErrorKind::DatasetFormat {
                            path: self.path.render(),
                            upstream: "parquet".into(),
                            downstream: d_sd.format.clone(),
                        });
                    }
                    self.with("structured_dataset_type", |c| {
                        c.sd_from_schema(u_schema, d_sd)
                    })
                }
                _ => Err(self.not_castable(up, down)),
            },
            Some(Type::UnionType(_)) => self.union_casts_from(down, up, depth),
            _ if is_none_type(down) => {
                if is_none_type(up) {
                    Ok(())
                } else {
                    Err(self.not_castable(up, down))
                }
            }
            _ => self.trivial_casts_from(down, up),
        }
    }

    /// `trivialChecker`: simple types, enums, and a downstream with no type set.
    fn trivial_casts_from(&mut self, down: &LiteralType, up: &LiteralType) -> Res {
        // An enum can be consumed as a string.
        if matches!(up.r#type, Some(Type::EnumType(_)))
            && get_simple(down) == SimpleType::String as i32
        {
            return Ok(());
        }
        // A string can feed an enum (checked at run time, or against bound values in C.4).
        if matches!(down.r#type, Some(Type::EnumType(_)))
            && get_simple(up) == SimpleType::String as i32
        {
            return Ok(());
        }
        let up_tag = tag(up);
        let down_tag = tag(down);
        if !up_tag.is_empty() && up_tag != down_tag {
            return Err(CastErrorKind::TagMismatch {
                path: self.path.render(),
                upstream: describe_type(up),
                downstream: describe_type(down),
                up_tag: up_tag.to_string(),
                down_tag: down_tag.to_string(),
            });
        }
        if get_simple(up) == SimpleType::Struct as i32
            && get_simple(down) == SimpleType::Struct as i32
        {
            // A missing schema on either side passes: untyped dicts, reference tasks, old SDKs.
            let (Some(up_md), Some(down_md)) = (&up.metadata, &down.metadata) else {
                return Ok(());
            };
            return schema::struct_schema_castable(up_md, down_md).map_err(|e| e.at(&self.path));
        }
        // Exact equality of what remains once structure, metadata and annotation are cleared.
        // `down` is a simple type, an enum or unset here, so comparing the `type` oneofs is
        // shallow.
        let equal = match (&up.r#type, &down.r#type) {
            (None, None) => true,
            (Some(Type::Simple(a)), Some(Type::Simple(b))) => a == b,
            (Some(Type::EnumType(a)), Some(Type::EnumType(b))) => a.values == b.values,
            _ => false,
        };
        if equal {
            Ok(())
        } else {
            Err(self.not_castable(up, down))
        }
    }

    /// `unionTypeChecker`.
    fn union_casts_from(&mut self, down: &LiteralType, up: &LiteralType, depth: usize) -> Res {
        let Some(Type::UnionType(d_union)) = &down.r#type else {
            return Err(self.not_castable(up, down));
        };
        if let Some(Type::UnionType(u_union)) = &up.r#type {
            // Superset rule: every upstream variant must fit some downstream variant.
            for (i, u) in u_union.variants.iter().enumerate() {
                let mut found = false;
                for d in &d_union.variants {
                    match self.are_types_castable(u, d, depth + 1) {
                        Ok(()) => {
                            found = true;
                            break;
                        }
                        Err(e) if e.is_limit() => return Err(e),
                        Err(_) => {}
                    }
                }
                if !found {
                    return Err(CastErrorKind::NoUnionVariant {
                        path: self.with(format!("union_type.variants[{i}]"), |c| c.path.render()),
                        upstream: describe_type(u),
                        downstream: describe_type(down),
                    });
                }
            }
            return Ok(());
        }
        // Exactly one downstream variant must accept the upstream type.
        let mut matches = Vec::new();
        for (i, d) in d_union.variants.iter().enumerate() {
            match self.are_types_castable(up, d, depth + 1) {
                Ok(()) => matches.push(i),
                Err(e) if e.is_limit() => return Err(e),
                Err(_) => {}
            }
        }
        match matches.len() {
            1 => Ok(()),
            0 => Err(CastErrorKind::NoUnionVariant {
                path: self.path.render(),
                upstream: describe_type(up),
                downstream: describe_type(down),
            }),
            _ => Err(CastErrorKind::AmbiguousUnion {
                path: self.path.render(),
                upstream: describe_type(up),
                downstream: describe_type(down),
                variants: matches,
            }),
        }
    }

    /// `schemaCastFromSchema`.
    fn schema_from_schema(&mut self, up: &SchemaType, down: &SchemaType) -> Res {
        if up.columns.is_empty() || down.columns.is_empty() {
            return Ok(());
        }
        let up_cols: HashMap<&str, i32> = up
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.r#type))
            .collect();
        for col in &down.columns {
            match up_cols.get(col.name.as_str()) {
                None => return Err(self.missing_column(&col.name)),
                Some(t) if *t != col.r#type => {
                    return Err(self.column_mismatch(
                        &col.name,
                        schema_column_name(*t),
                        schema_column_name(col.r#type),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// `schemaCastFromStructuredDataset`.
    fn schema_from_sd(&mut self, up: &StructuredDatasetType, down: &SchemaType) -> Res {
        if up.columns.is_empty() || down.columns.is_empty() {
            return Ok(());
        }
        let up_cols: HashMap<&str, i32> = up
            .columns
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.literal_type.as_ref().map_or(0, get_simple),
                )
            })
            .collect();
        for col in &down.columns {
            match up_cols.get(col.name.as_str()) {
                None => return Err(self.missing_column(&col.name)),
                Some(s) if !schema_type_matches_simple(col.r#type, *s) => {
                    return Err(self.column_mismatch(
                        &col.name,
                        simple_name(*s),
                        schema_column_name(col.r#type),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// `structuredDatasetCastFromStructuredDataset`.
    fn sd_from_sd(
        &mut self,
        up: &StructuredDatasetType,
        down: &StructuredDatasetType,
        depth: usize,
    ) -> Res {
        // An empty format is a wildcard (flyte#2864); the comparison ignores case.
        if !up.format.is_empty() && !down.format.is_empty() && !equal_fold(&up.format, &down.format)
        {
            return Err(CastErrorKind::DatasetFormat {
                path: self.path.render(),
                upstream: up.format.clone(),
                downstream: down.format.clone(),
            });
        }
        if up.columns.is_empty() || down.columns.is_empty() {
            return Ok(());
        }
        let unset = LiteralType::default();
        let up_cols: HashMap<&str, &LiteralType> = up
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.literal_type.as_ref().unwrap_or(&unset)))
            .collect();
        for col in &down.columns {
            let Some(up_t) = up_cols.get(col.name.as_str()) else {
                return Err(self.missing_column(&col.name));
            };
            // A column without a type is taken as an empty LiteralType (propeller would crash).
            let down_t = col.literal_type.as_ref().unwrap_or(&unset);
            self.with(format!("columns[{:?}]", col.name), |c| {
                c.casts_from(down_t, up_t, depth + 1)
            })?;
        }
        Ok(())
    }

    /// `structuredDatasetCastFromSchema`.
    fn sd_from_schema(&mut self, up: &SchemaType, down: &StructuredDatasetType) -> Res {
        if up.columns.is_empty() || down.columns.is_empty() {
            return Ok(());
        }
        let up_cols: HashMap<&str, i32> = up
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.r#type))
            .collect();
        for col in &down.columns {
            let down_simple = col.literal_type.as_ref().map_or(0, get_simple);
            match up_cols.get(col.name.as_str()) {
                None => return Err(self.missing_column(&col.name)),
                Some(t) if !schema_type_matches_simple(*t, down_simple) => {
                    return Err(self.column_mismatch(
                        &col.name,
                        schema_column_name(*t),
                        col.literal_type
                            .as_ref()
                            .map_or_else(|| "<unset>".into(), describe_type),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn missing_column(&self, name: &str) -> CastErrorKind {
        CastErrorKind::MissingColumn {
            path: self.path.render(),
            column: name.to_string(),
        }
    }

    fn column_mismatch(
        &mut self,
        name: &str,
        upstream: String,
        downstream: String,
    ) -> CastErrorKind {
        let path = self.with(format!("columns[{name:?}]"), |c| c.path.render());
        CastErrorKind::NotCastable {
            path,
            upstream,
            downstream,
        }
    }
}

/// `isNoneType`: `simple: NONE`, and nothing else.
pub(crate) fn is_none_type(t: &LiteralType) -> bool {
    matches!(t.r#type, Some(Type::Simple(0)))
}

/// Go's `GetSimple()`: the simple type, or NONE (0) when `type` is something else.
fn get_simple(t: &LiteralType) -> i32 {
    match t.r#type {
        Some(Type::Simple(s)) => s,
        _ => 0,
    }
}

/// `GetTagForType`.
fn tag(t: &LiteralType) -> &str {
    t.structure.as_ref().map_or("", |s| s.tag.as_str())
}

/// `schemaTypeIsMatchStructuredDatasetType`.
fn schema_type_matches_simple(column: i32, simple: i32) -> bool {
    let expected = match SchemaColumnType::try_from(column) {
        Ok(SchemaColumnType::Integer) => SimpleType::Integer,
        Ok(SchemaColumnType::Float) => SimpleType::Float,
        Ok(SchemaColumnType::String) => SimpleType::String,
        Ok(SchemaColumnType::Boolean) => SimpleType::Boolean,
        Ok(SchemaColumnType::Datetime) => SimpleType::Datetime,
        Ok(SchemaColumnType::Duration) => SimpleType::Duration,
        Err(_) => return false,
    };
    simple == expected as i32
}

/// Go's `strings.EqualFold`, rune by rune with simple case mapping.
fn equal_fold(a: &str, b: &str) -> bool {
    fn fold(c: char) -> char {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) => x,
            _ => c,
        }
    }
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || fold(x) == fold(y))
}
