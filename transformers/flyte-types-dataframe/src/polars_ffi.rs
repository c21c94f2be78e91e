//! Polars `DataFrame` ↔ Arrow through the Arrow C data interface (feature `polars`): zero-copy,
//! every chunk of every column handed over with its release callback.
//!
//! Type quirks of the round trip (see `shared/notes/dependencies.md` §2):
//! * strings come back `LargeUtf8` ([`PolarsCompat::Oldest`]) or `Utf8View`
//!   ([`PolarsCompat::Newest`]), binaries `LargeBinary` / `BinaryView`, lists `LargeList`;
//!   [`ArrowTable::cast_to`] restores the original types;
//! * polars marks every column nullable;
//! * `Map` columns are not polars types: [`to_polars`] refuses them with the column's name.
//!
//! A polars `DataFrame` is written and read as parquet like an Arrow table, with Arrow types of
//! [`PolarsCompat::Oldest`] (what pyarrow and pandas read everywhere); its Python tag is
//! `polars.dataframe.frame.DataFrame` (flyteplugins-polars).

use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, make_array};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use polars::prelude::{Column, CompatLevel, DataFrame as PlDataFrame, Series};
use polars_arrow::ffi as pa_ffi;

use crate::error::{DataFrameError, Result};
use crate::handle::POLARS_TAG;
use crate::parquet_io::TableReader;
use crate::registry::{
    Context, ParquetHandler, ParquetTable, Registration, Registry, TableType, write_to,
};
use crate::table::ArrowTable;

// The two crates' C structs are both `#[repr(C)]` mirrors of the C ABI.
const _: () = assert!(size_of::<FFI_ArrowArray>() == size_of::<pa_ffi::ArrowArray>());
const _: () = assert!(size_of::<FFI_ArrowSchema>() == size_of::<pa_ffi::ArrowSchema>());
const _: () = assert!(align_of::<FFI_ArrowArray>() == align_of::<pa_ffi::ArrowArray>());
const _: () = assert!(align_of::<FFI_ArrowSchema>() == align_of::<pa_ffi::ArrowSchema>());

/// Which Arrow types polars exports strings and binaries as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolarsCompat {
    /// `LargeUtf8`, `LargeBinary` (copies polars' view arrays into offsets + data).
    #[default]
    Oldest,
    /// `Utf8View`, `BinaryView` (zero-copy).
    Newest,
}

impl PolarsCompat {
    fn level(self) -> CompatLevel {
        match self {
            PolarsCompat::Oldest => CompatLevel::oldest(),
            PolarsCompat::Newest => CompatLevel::newest(),
        }
    }
}

fn has_map(dt: &DataType) -> bool {
    match dt {
        DataType::Map(_, _) => true,
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => has_map(f.data_type()),
        DataType::Struct(fs) => fs.iter().any(|f| has_map(f.data_type())),
        _ => false,
    }
}

/// An Arrow table as a polars `DataFrame`; each batch becomes a chunk, no data is copied.
pub fn to_polars(table: &ArrowTable) -> Result<PlDataFrame> {
    let schema = table.schema();
    let mut columns = Vec::with_capacity(schema.fields().len());
    for (i, field) in schema.fields().iter().enumerate() {
        if has_map(field.data_type()) {
            return Err(DataFrameError::UnsupportedArrowType {
                column: field.name().clone(),
                found: format!("{} (polars has no map type)", field.data_type()),
            });
        }
        let c_schema = FFI_ArrowSchema::try_from(field.as_ref())?;
        // SAFETY: same #[repr(C)] layout (asserted above); the C struct moves, with its release
        // callback, from arrow-rs to polars-arrow, which releases it when dropped.
        let pa_schema: pa_ffi::ArrowSchema = unsafe { std::mem::transmute(c_schema) };
        // SAFETY: `pa_schema` is a valid C schema just exported by arrow-rs.
        let pa_field = unsafe { pa_ffi::import_field_from_c(&pa_schema) }?;
        let mut chunks = Vec::with_capacity(table.batches().len());
        for b in table.batches() {
            let c_array = FFI_ArrowArray::new(&b.column(i).to_data());
            // SAFETY: as above, ownership of the C array (and of the buffers it keeps alive)
            // moves to polars-arrow.
            let pa_array: pa_ffi::ArrowArray = unsafe { std::mem::transmute(c_array) };
            // SAFETY: the array was exported with the type of `pa_field`.
            let arr = unsafe { pa_ffi::import_array_from_c(pa_array, pa_field.dtype().clone()) }?;
            chunks.push(arr);
        }
        let series = if chunks.is_empty() {
            Ok(Series::new_empty(
                pa_field.name.clone(),
                &polars::prelude::DataType::from_arrow_field(&pa_field),
            ))
        } else {
            Series::try_from((&pa_field, chunks))
        }
        .map_err(|e| DataFrameError::UnsupportedArrowType {
            column: field.name().clone(),
            found: format!("{} ({e})", field.data_type()),
        })?;
        columns.push(Column::from(series));
    }
    Ok(PlDataFrame::new(table.num_rows(), columns)?)
}

/// A polars `DataFrame` as an Arrow table, one batch per (aligned) chunk, without copying
/// (strings are copied with [`PolarsCompat::Oldest`]).
pub fn from_polars(df: &PlDataFrame, compat: PolarsCompat) -> Result<ArrowTable> {
    let mut df = df.clone();
    df.align_chunks();
    let level = compat.level();
    let mut fields = Vec::with_capacity(df.width());
    let mut per_column: Vec<Vec<ArrayRef>> = Vec::with_capacity(df.width());
    for col in df.columns() {
        let s = col.as_materialized_series();
        let c_schema = pa_ffi::export_field_to_c(&s.field().to_arrow(level));
        // SAFETY: same #[repr(C)] layout (asserted above); ownership moves to arrow-rs, which
        // releases the schema when `schema` drops.
        let schema: FFI_ArrowSchema = unsafe { std::mem::transmute(c_schema) };
        let field = Field::try_from(&schema)?;
        let mut arrays = Vec::with_capacity(s.n_chunks());
        for idx in 0..s.n_chunks() {
            let c_array = pa_ffi::export_array_to_c(s.to_arrow(idx, level));
            // SAFETY: as above, for the array and the buffers it keeps alive.
            let array: FFI_ArrowArray = unsafe { std::mem::transmute(c_array) };
            // SAFETY: the array was exported with the type `schema` describes.
            arrays.push(make_array(unsafe { from_ffi(array, &schema) }?));
        }
        fields.push(field);
        per_column.push(arrays);
    }
    let schema = Arc::new(Schema::new(fields));
    let n_chunks = per_column.first().map_or(0, Vec::len);
    let mut batches = Vec::with_capacity(n_chunks);
    for idx in 0..n_chunks {
        let columns: Vec<ArrayRef> = per_column.iter().map(|c| c[idx].clone()).collect();
        batches.push(RecordBatch::try_new(schema.clone(), columns)?);
    }
    if batches.is_empty() && df.height() == 0 && !schema.fields().is_empty() {
        batches.push(RecordBatch::new_empty(schema.clone()));
    }
    ArrowTable::try_new(schema, batches)
}

impl TableType for PlDataFrame {
    const PYTHON_TYPE: &'static str = POLARS_TAG;
}

impl ParquetTable for PlDataFrame {
    fn write(&self, uri: Option<&str>, cx: &Context) -> Result<String> {
        let table = from_polars(self, PolarsCompat::Oldest)?;
        write_to(table.schema(), table.batches(), uri, cx)
    }
    fn read(reader: TableReader) -> Result<Self> {
        to_polars(&reader.read_all()?)
    }
}

pub(crate) fn register(r: &mut Registry) {
    let reg = Registration {
        overwrite: false,
        default_format: true,
    };
    r.register_encoder::<PlDataFrame>(Arc::new(ParquetHandler), reg)
        .expect("fresh type");
    r.register_decoder::<PlDataFrame>(Arc::new(ParquetHandler), reg)
        .expect("fresh type");
}
