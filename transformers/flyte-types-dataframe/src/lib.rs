//! Flyte DataFrames (StructuredDataset) for flyte-types: Arrow record batches, Parquet tables
//! written and read the way Flyte 2 writes and reads them, and (feature `polars`) Polars
//! DataFrames through the Arrow C data interface.
//!
//! | Flyte 2 (Python) | here |
//! | --- | --- |
//! | `flyte.io.DataFrame` (uri, format, hash; `open(T).all()`, `iter()`) | [`DataFrame`] (the core crate's one handle type), [`DataFrameExt::open`] → [`TableReader`] |
//! | `Annotated[DataFrame, {"a": int}, "parquet", pa.schema(…)]` | [`DataFrameType`] |
//! | `pyarrow.Table` | [`ArrowTable`] (or a single `RecordBatch`) |
//! | `polars.DataFrame` (flyteplugins-polars) | `polars::prelude::DataFrame` (feature `polars`) |
//! | `DataFrameTransformerEngine`: `ENCODERS` / `DECODERS` by (type, protocol, format) | [`Registry`], [`Encoder`], [`Decoder`] |
//! | `ArrowToParquetEncodingHandler`: `pq.write_table(t, <raw>/<random>/00000)` | [`TableWriter`], [`ParquetHandler`] |
//! | `ParquetToArrowDecodingHandler`: `pq.read_table(uri, columns=…)` | [`TableReader`] |
//! | `get_supported_types` (column annotations → `LiteralType`) | [`schema`] |
//! | the raw-data prefix and its storage | [`TableStore`], implemented by `flyte_types::io::Store` |
//!
//! ```
//! use std::sync::Arc;
//! use arrow::array::{Int64Array, RecordBatch, StringArray};
//! use flyte_types::engine::FlyteType;
//! use flyte_types::io::Store;
//! use flyte_types_dataframe::{
//!     ArrowTable, Context, DataFrame, DataFrameExt, DataFrameType, Registry,
//! };
//!
//! let raw = std::env::temp_dir().join(format!("flyte-df-doc-{}", std::process::id()));
//! let cx = Context::new(Arc::new(Store::local(&raw).unwrap()));
//! let batch = RecordBatch::try_from_iter([
//!     ("a", Arc::new(Int64Array::from(vec![1, 2, 3])) as _),
//!     ("b", Arc::new(StringArray::from(vec!["x", "y", "z"])) as _),
//! ]).unwrap();
//! let registry = Registry::with_defaults();
//! let lt = DataFrameType::new().tag("pyarrow.lib.Table").literal_type();
//! // Writes <raw>/<32 hex>/00000 and returns the literal pointing at the folder.
//! let lit = registry.to_literal(&ArrowTable::from(batch.clone()), &lt, &cx).unwrap();
//! let handle = DataFrame::from_literal(&lit).unwrap();
//! assert_eq!(handle.format(), "parquet");
//! // Nothing is read until the handle is opened.
//! let back = handle.read_all(cx.store.clone()).unwrap();
//! assert_eq!(back.concat().unwrap(), batch);
//! std::fs::remove_dir_all(raw).unwrap();
//! ```
#![warn(missing_docs)]

mod error;
mod handle;
pub mod interop;
mod parquet_io;
#[cfg(feature = "polars")]
pub mod polars_ffi;
mod registry;
pub mod rows;
pub mod schema;
mod store;
mod table;

pub use error::{DataFrameError, Result};
pub use handle::{
    CSV, DataFrame, DataFrameExt, DataFrameType, GENERIC_FORMAT, PANDAS_TAG, PARQUET, POLARS_TAG,
    PYARROW_TABLE_TAG, handle_of, structured_dataset,
};
pub use parquet_io::{
    FIRST_FILE, ReadOptions, TableReader, TableWriter, WriteOptions, WrittenTable, table_files,
    write_batches, write_table,
};
pub use registry::{
    Context, Decoder, Encoder, ParquetHandler, ParquetTable, Registration, Registry, TableType,
};
pub use store::{
    ObjectChunks, ObjectEntry, ObjectRead, ObjectSink, RandomAccess, TableStore, protocol_of,
};
pub use table::ArrowTable;
