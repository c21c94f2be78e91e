//! The StructuredDataset literal type, and reading the core crate's [`DataFrame`] handle (a
//! stored table passed along without reading it, Flyte 2's `flyte.io.DataFrame`) through
//! [`DataFrameExt`].

use std::sync::Arc;

use arrow::datatypes::Schema;
use flyte_types::engine::FlyteType;
use flyte_types::idl::core::{
    Literal, LiteralType, StructuredDataset, StructuredDatasetType, TypeStructure, literal,
    literal_type::Type, scalar, structured_dataset_type::DatasetColumn,
};

use crate::error::{DataFrameError, Result};
use crate::parquet_io::{ReadOptions, TableReader};
use crate::schema::arrow_schema_text;
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

/// The table handle is the core crate's one [`DataFrame`] (`flyte_types::engine::DataFrame`, also
/// held by the dynamic `Value`); this crate adds reading it.
pub use flyte_types::engine::DataFrame;

/// What this crate adds to [`DataFrame`]: the handle a task input sees, and reading the table.
pub trait DataFrameExt {
    /// The handle a task with input type `expected` sees (Flyte 2's `to_python_value`): the
    /// columns are the ones `expected` declares, or the literal's when `expected` declares none,
    /// so reading it selects the columns the task asked for.
    fn for_input(lit: &Literal, expected: &LiteralType) -> Result<DataFrame>;
    /// Opens the table for streaming reads of the declared columns (all when none are declared).
    fn open(&self, store: Arc<dyn TableStore>) -> Result<TableReader>;
    /// [`DataFrameExt::open`] with options (batch size, type checks).
    fn open_with(&self, store: Arc<dyn TableStore>, opts: ReadOptions) -> Result<TableReader>;
    /// Reads the whole table (the declared columns) into memory.
    fn read_all(&self, store: Arc<dyn TableStore>) -> Result<ArrowTable>;
}

impl DataFrameExt for DataFrame {
    fn for_input(lit: &Literal, expected: &LiteralType) -> Result<DataFrame> {
        let mut df = handle_of(lit)?;
        let wanted = DataFrameType::from_literal_type(expected)?;
        if !wanted.sdt.columns.is_empty() {
            df.metadata.columns = wanted.sdt.columns;
        }
        Ok(df)
    }

    fn open(&self, store: Arc<dyn TableStore>) -> Result<TableReader> {
        self.open_with(store, ReadOptions::default())
    }

    fn open_with(&self, store: Arc<dyn TableStore>, opts: ReadOptions) -> Result<TableReader> {
        if self.uri.is_empty() {
            return Err(DataFrameError::NoUri);
        }
        TableReader::open(store, &self.uri, &self.metadata.columns, opts)
    }

    fn read_all(&self, store: Arc<dyn TableStore>) -> Result<ArrowTable> {
        self.open(store)?.read_all()
    }
}

/// The handle in a literal, as the literal says; an error naming what the literal holds
/// instead of a structured dataset.
pub fn handle_of(lit: &Literal) -> Result<DataFrame> {
    structured_dataset(lit)?;
    Ok(DataFrame::from_literal(lit)?)
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
