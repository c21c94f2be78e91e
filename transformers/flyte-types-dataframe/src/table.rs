//! [`ArrowTable`]: record batches with one schema, the Rust counterpart of `pyarrow.Table`.

use arrow::array::RecordBatch;
use arrow::compute::{can_cast_types, cast, concat_batches};
use arrow::datatypes::SchemaRef;

use crate::error::{DataFrameError, Result};

/// An in-memory table: record batches sharing one schema (like `pyarrow.Table`'s chunks).
#[derive(Debug, Clone, PartialEq)]
pub struct ArrowTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowTable {
    /// A table from batches; each batch's schema must equal `schema` (field names, types,
    /// nullability).
    pub fn try_new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Result<Self> {
        for b in &batches {
            if b.schema().fields() != schema.fields() {
                return Err(DataFrameError::SchemaMismatch {
                    uri: "<batch>".into(),
                    expected: schema.to_string(),
                    found: b.schema().to_string(),
                });
            }
        }
        Ok(Self { schema, batches })
    }

    /// A table of one batch.
    pub fn from_batch(batch: RecordBatch) -> Self {
        Self {
            schema: batch.schema(),
            batches: vec![batch],
        }
    }

    /// The schema.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The batches, in order.
    pub fn batches(&self) -> &[RecordBatch] {
        &self.batches
    }

    /// The batches, by value.
    pub fn into_batches(self) -> Vec<RecordBatch> {
        self.batches
    }

    /// Total rows.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Column names, in order.
    pub fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The table with each column cast to the type of the same-named field of `schema`, in
    /// `schema`'s order (restores types after a round trip through polars, e.g. `LargeUtf8` →
    /// `Utf8`). An error names the column that is missing or cannot be cast.
    pub fn cast_to(&self, schema: SchemaRef) -> Result<Self> {
        let mut plan = Vec::with_capacity(schema.fields().len());
        for f in schema.fields() {
            let i = self
                .schema
                .index_of(f.name())
                .map_err(|_| DataFrameError::MissingColumn {
                    column: f.name().clone(),
                    available: self.column_names(),
                })?;
            let found = self.schema.field(i).data_type();
            if found != f.data_type() && !can_cast_types(found, f.data_type()) {
                return Err(DataFrameError::ColumnType {
                    column: f.name().clone(),
                    expected: f.data_type().to_string(),
                    found: found.to_string(),
                });
            }
            plan.push(i);
        }
        let mut batches = Vec::with_capacity(self.batches.len());
        for b in &self.batches {
            let mut columns = Vec::with_capacity(plan.len());
            for (&i, f) in plan.iter().zip(schema.fields()) {
                let c = b.column(i);
                columns.push(if c.data_type() == f.data_type() {
                    c.clone()
                } else {
                    cast(c, f.data_type()).map_err(|e| DataFrameError::ColumnType {
                        column: f.name().clone(),
                        expected: f.data_type().to_string(),
                        found: format!("{} ({e})", c.data_type()),
                    })?
                });
            }
            batches.push(RecordBatch::try_new(schema.clone(), columns)?);
        }
        Ok(Self { schema, batches })
    }

    /// All rows in one batch (copies when there is more than one batch).
    pub fn concat(&self) -> Result<RecordBatch> {
        match self.batches.as_slice() {
            [one] => Ok(one.clone()),
            many => Ok(concat_batches(&self.schema, many)?),
        }
    }
}

impl From<RecordBatch> for ArrowTable {
    fn from(batch: RecordBatch) -> Self {
        Self::from_batch(batch)
    }
}
