//! The crate's error: what went wrong with a table, naming the column, the uri and the types.

use flyte_types::Error;

/// Why a table could not be typed, written, read or converted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataFrameError {
    /// A column the declared type asks for is not in the table.
    #[error("column {column:?} is not in the table (it has {available:?})")]
    MissingColumn {
        /// The declared column.
        column: String,
        /// The table's columns.
        available: Vec<String>,
    },
    /// A column's Arrow type does not fit its declared Flyte type.
    #[error("column {column:?}: declared {expected}, the table has {found}")]
    ColumnType {
        /// The column.
        column: String,
        /// The declared Flyte type (`INTEGER`, `list<STRING>`, …).
        expected: String,
        /// The Arrow type found in the table.
        found: String,
    },
    /// An Arrow type with no Flyte column type (decimals, unions, intervals, …).
    #[error("column {column:?}: Arrow type {found} has no Flyte column type")]
    UnsupportedArrowType {
        /// The column.
        column: String,
        /// The Arrow type.
        found: String,
    },
    /// A Flyte type that cannot be a column (unions, blobs, enums, …).
    #[error("column {column:?}: {found} cannot be a DataFrame column type")]
    UnsupportedColumnType {
        /// The column.
        column: String,
        /// The Flyte type.
        found: String,
    },
    /// The files of one table disagree on their schema.
    #[error("{uri}: schema {found} differs from the table's first file ({expected})")]
    SchemaMismatch {
        /// The file that differs.
        uri: String,
        /// The schema of the first file.
        expected: String,
        /// This file's schema.
        found: String,
    },
    /// No encoder or decoder is registered for this (type, protocol, format).
    #[error("no {direction} for {type_name}, protocol [{protocol}], format [{format:?}]")]
    NoHandler {
        /// `encoder` or `decoder`.
        direction: &'static str,
        /// The in-memory type.
        type_name: &'static str,
        /// The storage protocol (`file`, `s3`, …).
        protocol: String,
        /// The storage format (`parquet`, `""`).
        format: String,
    },
    /// Two handlers for the same (type, protocol, format).
    #[error(
        "a {direction} for {type_name}, protocol [{protocol}], format [{format:?}] is already registered"
    )]
    DuplicateHandler {
        /// `encoder` or `decoder`.
        direction: &'static str,
        /// The in-memory type.
        type_name: &'static str,
        /// The storage protocol.
        protocol: String,
        /// The storage format.
        format: String,
    },
    /// The literal or type is not a structured dataset.
    #[error("expected a structured dataset, found {found}")]
    NotADataFrame {
        /// What was there.
        found: String,
    },
    /// A handle without a uri was opened.
    #[error("the DataFrame has no uri: nothing to read")]
    NoUri,
    /// A folder that holds no table files.
    #[error("{uri} holds no parquet files")]
    Empty {
        /// The folder.
        uri: String,
    },
    /// A value in a column that the conversion cannot carry.
    #[error("column {column:?}: {message}")]
    Value {
        /// The column.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The core library failed: storage (a missing object, a backend error) or the value layer
    /// (a literal it refuses); its [`ErrorKind`](flyte_types::ErrorKind) says which.
    #[error(transparent)]
    Flyte(#[from] Error),
    /// Arrow failed (casts, batch construction, the C data interface).
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    /// Parquet failed (a corrupt file, an unsupported encoding).
    #[error("parquet file {uri}: {source}")]
    Parquet {
        /// The file.
        uri: String,
        /// The parquet error.
        source: parquet::errors::ParquetError,
    },
    /// Polars failed.
    #[cfg(feature = "polars")]
    #[error("polars: {0}")]
    Polars(#[from] polars::error::PolarsError),
}

impl DataFrameError {
    pub(crate) fn parquet(uri: &str, source: parquet::errors::ParquetError) -> Self {
        DataFrameError::Parquet {
            uri: uri.to_string(),
            source,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = DataFrameError> = std::result::Result<T, E>;
