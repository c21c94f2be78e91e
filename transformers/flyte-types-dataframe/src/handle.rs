//! The StructuredDataset literal type and literal, and [`DataFrame`], a handle to a stored
//! table that is passed along without reading it (Flyte 2's `flyte.io.DataFrame`).

use std::sync::Arc;

use arrow::datatypes::Schema;
use flyte_types::Error;
use flyte_types::engine::{self, FlyteType, SchemaGen, StructField, StructStyle};
use flyte_types::idl::core::{
    Literal, LiteralType, Scalar, StructuredDataset, StructuredDatasetMetadata,
    StructuredDatasetType, TypeStructure, literal, literal_type::Type, scalar,
    structured_dataset_type::DatasetColumn,
};
use flyte_types::msgpack::Msg;
use flyte_types::value::{DataFrameRef, Value};

use crate::error::{DataFrameError, Result};
use crate::parquet_io::{ReadOptions, TableReader};
use crate::schema::{arrow_schema_text, simple};
use crate::store::TableStore;
use crate::table::ArrowTable;

/// The storage format Flyte writes tables in.
pub const PARQUET: &str = "parquet";
/// CSV (pandas' CSV handlers).
pub const CSV: &str = "csv";
/// The generic format: "any format" for a handler, "not said" in a type.
pub const GENERIC_FORMAT: &str = "";

/// `structure.tag` of `pyarrow.Table`'s literal type.
pub const PYARROW_TABLE_TAG: &str = "pyarrow.lib.Table";
/// `structure.tag` of `pandas.DataFrame`'s literal type.
pub const PANDAS_TAG: &str = "pandas.DataFrame";
/// `structure.tag` of `polars.DataFrame`'s literal type (flyteplugins-polars).
pub const POLARS_TAG: &str = "polars.dataframe.frame.DataFrame";

/// A StructuredDataset `LiteralType`, as Flyte 2's `DataFrameTransformerEngine.get_literal_type`
/// builds it. Every part is optional:
///
/// | Python annotation | builder |
/// | --- | --- |
/// | `DataFrame` | `DataFrameType::new()` |
/// | `Annotated[DataFrame, {"a": int}]` | `.columns(vec![column("a", simple(INTEGER))])` |
/// | `Annotated[DataFrame, "csv"]` | `.format("csv")` |
/// | `Annotated[DataFrame, pa.schema(...)]` | `.arrow_schema(&schema)` |
/// | `pyarrow.Table`, `pandas.DataFrame` | `.tag(PYARROW_TABLE_TAG)`, `.tag(PANDAS_TAG)` |
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataFrameType {
    sdt: StructuredDatasetType,
    tag: Option<String>,
}

impl DataFrameType {
    /// `structured_dataset_type {}`: any columns, any format.
    pub fn new() -> Self {
        Self::default()
    }

    /// Declared columns (name → type), in order.
    pub fn columns(mut self, columns: Vec<DatasetColumn>) -> Self {
        self.sdt.columns = columns;
        self
    }

    /// The storage format (`parquet`, `csv`, `""`).
    pub fn format(mut self, format: impl Into<String>) -> Self {
        self.sdt.format = format.into();
        self
    }

    /// An Arrow schema annotation: `external_schema_type = "arrow"` and
    /// `external_schema_bytes` = pyarrow's `schema.to_string()`.
    pub fn arrow_schema(mut self, schema: &Schema) -> Self {
        self.sdt.external_schema_type = "arrow".into();
        self.sdt.external_schema_bytes = arrow_schema_text(schema).into_bytes();
        self
    }

    /// The `structure.tag` naming the Python dataframe type.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// The `StructuredDatasetType` part.
    pub fn structured_dataset_type(&self) -> &StructuredDatasetType {
        &self.sdt
    }

    /// The `LiteralType`.
    pub fn literal_type(&self) -> LiteralType {
        LiteralType {
            r#type: Some(Type::StructuredDatasetType(self.sdt.clone())),
            structure: self.tag.as_ref().map(|t| TypeStructure {
                tag: t.clone(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// Reads a `LiteralType` back; an error when it is not a structured dataset.
    pub fn from_literal_type(lt: &LiteralType) -> Result<Self> {
        match &lt.r#type {
            Some(Type::StructuredDatasetType(sdt)) => Ok(Self {
                sdt: sdt.clone(),
                tag: lt
                    .structure
                    .as_ref()
                    .map(|s| s.tag.clone())
                    .filter(|t| !t.is_empty()),
            }),
            _ => Err(DataFrameError::NotADataFrame {
                found: format!("{:?}", lt.r#type),
            }),
        }
    }
}

/// A handle to a stored table: uri, format, declared columns, external schema and hash. It is
/// what a task passes along without reading; [`DataFrame::open`] reads it lazily, one record
/// batch at a time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataFrame {
    /// The folder (or single file) holding the table.
    pub uri: String,
    /// The literal's metadata type: `format`, `columns`, `external_schema_*`.
    pub metadata: StructuredDatasetType,
    /// A cache key for the content (`Literal.hash`), when known.
    pub hash: Option<String>,
}

impl DataFrame {
    /// A handle to an existing table (`DataFrame.from_existing_remote(uri, format)`).
    pub fn from_existing_remote(uri: impl Into<String>, format: impl Into<String>) -> Self {
        Self {
            uri: uri.into(),
            metadata: StructuredDatasetType {
                format: format.into(),
                ..Default::default()
            },
            hash: None,
        }
    }

    /// The storage format.
    pub fn format(&self) -> &str {
        &self.metadata.format
    }

    /// The declared columns (empty: all of them).
    pub fn columns(&self) -> &[DatasetColumn] {
        &self.metadata.columns
    }

    /// Sets the cache key.
    pub fn with_hash(mut self, hash: impl Into<String>) -> Self {
        self.hash = Some(hash.into());
        self
    }

    /// Sets the declared columns.
    pub fn with_columns(mut self, columns: Vec<DatasetColumn>) -> Self {
        self.metadata.columns = columns;
        self
    }

    /// The literal: `scalar.structured_dataset {uri, metadata}` and `hash`.
    pub fn to_literal(&self) -> Literal {
        Literal {
            value: Some(literal::Value::Scalar(Box::new(Scalar {
                value: Some(scalar::Value::StructuredDataset(Box::new(
                    StructuredDataset {
                        uri: self.uri.clone(),
                        metadata: Some(StructuredDatasetMetadata {
                            structured_dataset_type: Some(self.metadata.clone()),
                        }),
                    },
                ))),
            }))),
            hash: self.hash.clone().unwrap_or_default(),
            ..Default::default()
        }
    }

    /// The handle in a literal, as the literal says.
    pub fn from_literal(lit: &Literal) -> Result<Self> {
        let sd = structured_dataset(lit)?;
        Ok(Self {
            uri: sd.uri.clone(),
            metadata: sd
                .metadata
                .as_ref()
                .and_then(|m| m.structured_dataset_type.clone())
                .unwrap_or_default(),
            hash: (!lit.hash.is_empty()).then(|| lit.hash.clone()),
        })
    }

    /// The handle a task with input type `expected` sees (Flyte 2's `to_python_value`): the
    /// columns are the ones `expected` declares, or the literal's when `expected` declares none,
    /// so reading it selects the columns the task asked for.
    pub fn for_input(lit: &Literal, expected: &LiteralType) -> Result<Self> {
        let mut df = Self::from_literal(lit)?;
        let wanted = DataFrameType::from_literal_type(expected)?;
        if !wanted.sdt.columns.is_empty() {
            df.metadata.columns = wanted.sdt.columns;
        }
        Ok(df)
    }

    /// Opens the table for streaming reads of the declared columns (all when none are declared).
    pub fn open(&self, store: Arc<dyn TableStore>) -> Result<TableReader> {
        self.open_with(store, ReadOptions::default())
    }

    /// [`DataFrame::open`] with options (batch size, type checks).
    pub fn open_with(&self, store: Arc<dyn TableStore>, opts: ReadOptions) -> Result<TableReader> {
        if self.uri.is_empty() {
            return Err(DataFrameError::NoUri);
        }
        TableReader::open(store, &self.uri, &self.metadata.columns, opts)
    }

    /// Reads the whole table (the declared columns) into memory.
    pub fn read_all(&self, store: Arc<dyn TableStore>) -> Result<ArrowTable> {
        self.open(store)?.read_all()
    }

    /// The value layer's handle (`{"$dataframe": …}` in canonical JSON).
    pub fn to_value_ref(&self) -> Result<DataFrameRef> {
        let lt = DataFrameType::new().literal_type();
        match flyte_types::value::decode(&lt, &self.to_literal())? {
            Value::DataFrame(r) => Ok(*r),
            other => Err(DataFrameError::NotADataFrame {
                found: other.kind_name().to_string(),
            }),
        }
    }

    /// A handle from the value layer's; column type texts (`INTEGER`, `list<STRING>`,
    /// `map<FLOAT>`) are parsed back to types.
    pub fn from_value_ref(r: &DataFrameRef) -> Result<Self> {
        let columns = r
            .columns
            .iter()
            .map(|(name, text)| {
                parse_type_text(text)
                    .map(|t| crate::schema::column(name.clone(), t))
                    .ok_or_else(|| DataFrameError::UnsupportedColumnType {
                        column: name.clone(),
                        found: text.clone(),
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            uri: r.uri.clone(),
            metadata: StructuredDatasetType {
                columns,
                format: r.format.clone(),
                ..Default::default()
            },
            hash: r.hash.clone(),
        })
    }
}

fn parse_type_text(text: &str) -> Option<LiteralType> {
    use flyte_types::idl::core::SimpleType;
    if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        return Some(LiteralType {
            r#type: Some(Type::CollectionType(Box::new(parse_type_text(inner)?))),
            ..Default::default()
        });
    }
    if let Some(inner) = text.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
        return Some(LiteralType {
            r#type: Some(Type::MapValueType(Box::new(parse_type_text(inner)?))),
            ..Default::default()
        });
    }
    SimpleType::from_str_name(text).map(simple)
}

/// The `StructuredDataset` in a literal.
pub fn structured_dataset(lit: &Literal) -> Result<&StructuredDataset> {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::StructuredDataset(sd)) => Ok(sd),
            Some(_) => Err(DataFrameError::NotADataFrame {
                found: "a scalar of another kind".into(),
            }),
            None => Err(DataFrameError::NotADataFrame {
                found: "an empty scalar".into(),
            }),
        },
        Some(literal::Value::Collection(_)) => Err(DataFrameError::NotADataFrame {
            found: "a collection literal".into(),
        }),
        Some(literal::Value::Map(_)) => Err(DataFrameError::NotADataFrame {
            found: "a map literal".into(),
        }),
        Some(literal::Value::OffloadedMetadata(_)) => Err(DataFrameError::NotADataFrame {
            found: "an offloaded literal".into(),
        }),
        None => Err(DataFrameError::NotADataFrame {
            found: "an empty literal".into(),
        }),
    }
}

impl From<&engine::DataFrame> for DataFrame {
    fn from(d: &engine::DataFrame) -> Self {
        Self::from_existing_remote(d.uri.clone(), d.format.clone()).with_hash_opt(d.hash.clone())
    }
}

impl From<&DataFrame> for engine::DataFrame {
    fn from(d: &DataFrame) -> Self {
        engine::DataFrame {
            uri: d.uri.clone(),
            format: d.metadata.format.clone(),
            hash: d.hash.clone(),
        }
    }
}

impl DataFrame {
    fn with_hash_opt(mut self, hash: Option<String>) -> Self {
        self.hash = hash;
        self
    }
}

impl FlyteType for DataFrame {
    /// `structured_dataset_type {}`, as for `flyte.io.DataFrame`.
    fn literal_type() -> LiteralType {
        DataFrameType::new().literal_type()
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(DataFrame::to_literal(self))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        DataFrame::from_literal(lit)
            .map_err(|_| Error::mismatch("a structured dataset", "another literal"))
    }
    fn union_tag() -> &'static str {
        <engine::DataFrame as FlyteType>::union_tag()
    }
}

/// Inside a dataclass or pydantic model only `{uri, format}` travel (as Flyte 2 writes them).
impl StructField for DataFrame {
    fn schema(sg: &mut SchemaGen) -> serde_json::Value {
        <engine::DataFrame as StructField>::schema(sg)
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        engine::DataFrame::from(self).to_msg(style)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        <engine::DataFrame as StructField>::from_msg(msg).map(|d| DataFrame::from(&d))
    }
}
