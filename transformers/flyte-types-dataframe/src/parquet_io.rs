//! Parquet tables as Flyte 2 writes and reads them: `<folder>/00000` under the raw-data prefix,
//! the folder as the literal's uri; reads of a folder of parquet files or of a single file,
//! streamed one record batch at a time, with the declared columns selected.

use std::collections::VecDeque;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, RecordBatch, RecordBatchOptions, StructArray};
use arrow::compute::{can_cast_types, cast};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use flyte_types::idl::core::structured_dataset_type::DatasetColumn;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::arrow_writer::ArrowWriterOptions;
use parquet::arrow::{ArrowSchemaConverter, ArrowWriter};
use parquet::basic::Compression;
use parquet::basic::{ConvertedType, LogicalType, Repetition};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::{SchemaDescriptor, Type as SchemaType, TypePtr};

use crate::error::{DataFrameError, Result};
use crate::schema::{check_column, names, normalize_type, resolve_column};
use crate::store::{ObjectChunks, ObjectEntry, ObjectSink, TableStore};
use crate::table::ArrowTable;

/// The name of the one file Flyte 2 writes in a table's folder (`f"{0:05}"`).
pub const FIRST_FILE: &str = "00000";

/// How tables are written. The defaults are pyarrow's `pq.write_table` defaults, which is what
/// Flyte 2's encoders call: SNAPPY, row groups of at most 1 Mi rows, dictionary encoding with a
/// 1 MiB dictionary page limit falling back to PLAIN, 1 MiB data pages (v1), column-chunk
/// statistics and page-header statistics, no page index.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Rows per row group at most (pyarrow: 1,048,576).
    pub max_row_group_rows: usize,
    /// Encoded bytes per row group at most, `None` for no limit (pyarrow has none). A row group
    /// is buffered in memory, encoded and compressed, until it is flushed: set this to bound the
    /// writer's memory for very wide tables.
    pub max_row_group_bytes: Option<usize>,
    /// Compression codec (pyarrow: SNAPPY).
    pub compression: Compression,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            max_row_group_rows: 1024 * 1024,
            max_row_group_bytes: None,
            compression: Compression::SNAPPY,
        }
    }
}

impl WriteOptions {
    /// The parquet writer properties these options stand for.
    pub fn writer_properties(&self) -> WriterProperties {
        WriterProperties::builder()
            .set_compression(self.compression)
            .set_max_row_group_row_count(Some(self.max_row_group_rows.max(1)))
            .set_max_row_group_bytes(self.max_row_group_bytes.map(|b| b.max(1)))
            .set_dictionary_enabled(true)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_write_page_header_statistics(true)
            .set_offset_index_disabled(true)
            .build()
    }
}

/// A table that was written: the folder (the literal's uri) and what is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenTable {
    /// The folder: the `StructuredDataset.uri`.
    pub uri: String,
    /// The files written, in order.
    pub files: Vec<String>,
    /// Rows written.
    pub rows: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Row groups written.
    pub row_groups: usize,
}

/// Streams record batches into `<folder>/00000`. Memory: one row group's encoded pages plus
/// the batch being written.
pub struct TableWriter {
    folder: String,
    file: String,
    writer: ArrowWriter<Box<dyn ObjectSink>>,
    rows: u64,
}

impl std::fmt::Debug for TableWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("file", &self.file)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl TableWriter {
    /// A writer for a table in a fresh folder under the store's raw-data prefix.
    pub fn create(store: &dyn TableStore, schema: SchemaRef, opts: &WriteOptions) -> Result<Self> {
        Self::create_at(store, &store.new_folder(), schema, opts)
    }

    /// A writer for a table in the folder `uri` (Flyte 2: a `DataFrame` given a uri).
    pub fn create_at(
        store: &dyn TableStore,
        uri: &str,
        schema: SchemaRef,
        opts: &WriteOptions,
    ) -> Result<Self> {
        let folder = uri.trim_end_matches('/').to_string();
        let file = format!("{folder}/{FIRST_FILE}");
        let sink = store.create(&file)?;
        let options = ArrowWriterOptions::new()
            .with_properties(opts.writer_properties())
            .with_parquet_schema(
                pyarrow_parquet_schema(&schema).map_err(|e| DataFrameError::parquet(&file, e))?,
            );
        let writer = ArrowWriter::try_new_with_options(sink, schema, options)
            .map_err(|e| DataFrameError::parquet(&file, e))?;
        Ok(Self {
            folder,
            file,
            writer,
            rows: 0,
        })
    }

    /// The folder the table goes to.
    pub fn uri(&self) -> &str {
        &self.folder
    }

    /// Appends a batch (its schema must be the writer's).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.writer
            .write(batch)
            .map_err(|e| DataFrameError::parquet(&self.file, e))?;
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Writes the footer and completes the object.
    pub fn finish(self) -> Result<WrittenTable> {
        let Self {
            folder,
            file,
            mut writer,
            rows,
        } = self;
        writer
            .flush()
            .map_err(|e| DataFrameError::parquet(&file, e))?;
        let row_groups = writer.flushed_row_groups().len();
        // Writes the footer.
        let sink = writer
            .into_inner()
            .map_err(|e| DataFrameError::parquet(&file, e))?;
        let bytes = sink.finish()?;
        Ok(WrittenTable {
            uri: folder,
            files: vec![file],
            rows,
            bytes,
            row_groups,
        })
    }
}

/// The parquet schema pyarrow writes for an Arrow schema: root `schema`; a list's element named
/// `element` (`repeated group list { … element; }`); a map's repeated group named `key_value`
/// without the deprecated `MAP_KEY_VALUE` annotation. parquet-rs would write `item` and
/// `entries (MAP_KEY_VALUE)`, which pyarrow reads back with other nested field names than it
/// gives its own files.
pub fn pyarrow_parquet_schema(schema: &Schema) -> parquet::errors::Result<SchemaDescriptor> {
    let descr = ArrowSchemaConverter::new()
        .schema_root("schema")
        .convert(schema)?;
    Ok(SchemaDescriptor::new(pyarrow_names(
        descr.root_schema_ptr(),
        Role::Plain,
    )?))
}

/// Where a parquet type sits, for its pyarrow name.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Plain,
    /// The repeated group of a map: `key_value`, not annotated.
    MapEntries,
    /// The repeated `list` group of a list: keeps its name.
    ListRepeated,
    /// The one child of that group: `element`.
    ListElement,
}

fn pyarrow_names(t: TypePtr, role: Role) -> parquet::errors::Result<TypePtr> {
    let info = t.get_basic_info();
    let id = info.has_id().then(|| info.id());
    match t.as_ref() {
        SchemaType::PrimitiveType {
            physical_type,
            type_length,
            scale,
            precision,
            ..
        } => {
            if role != Role::ListElement {
                return Ok(t);
            }
            let b = SchemaType::primitive_type_builder("element", *physical_type)
                .with_repetition(info.repetition())
                .with_converted_type(info.converted_type())
                .with_logical_type(info.logical_type_ref().cloned())
                .with_length(*type_length)
                .with_scale(*scale)
                .with_precision(*precision)
                .with_id(id);
            Ok(Arc::new(b.build()?))
        }
        SchemaType::GroupType { fields, .. } => {
            let is_map = matches!(info.logical_type_ref(), Some(LogicalType::Map))
                || info.converted_type() == ConvertedType::MAP;
            let is_list = matches!(info.logical_type_ref(), Some(LogicalType::List))
                || info.converted_type() == ConvertedType::LIST;
            let children = fields
                .iter()
                .map(|f| {
                    let child = if is_map {
                        Role::MapEntries
                    } else if is_list && f.get_basic_info().repetition() == Repetition::REPEATED {
                        Role::ListRepeated
                    } else if role == Role::ListRepeated && fields.len() == 1 {
                        Role::ListElement
                    } else {
                        Role::Plain
                    };
                    pyarrow_names(f.clone(), child)
                })
                .collect::<parquet::errors::Result<Vec<_>>>()?;
            let (name, converted, logical) = match role {
                Role::MapEntries => ("key_value", ConvertedType::NONE, None),
                Role::ListElement => (
                    "element",
                    info.converted_type(),
                    info.logical_type_ref().cloned(),
                ),
                Role::Plain | Role::ListRepeated => (
                    info.name(),
                    info.converted_type(),
                    info.logical_type_ref().cloned(),
                ),
            };
            let mut b = SchemaType::group_type_builder(name)
                .with_fields(children)
                .with_converted_type(converted)
                .with_logical_type(logical)
                .with_id(id);
            if info.has_repetition() {
                b = b.with_repetition(info.repetition());
            }
            Ok(Arc::new(b.build()?))
        }
    }
}

/// Writes a stream of batches as one table in a fresh folder.
pub fn write_batches<I>(
    store: &dyn TableStore,
    schema: SchemaRef,
    batches: I,
    opts: &WriteOptions,
) -> Result<WrittenTable>
where
    I: IntoIterator<Item = Result<RecordBatch>>,
{
    let mut w = TableWriter::create(store, schema, opts)?;
    for b in batches {
        w.write(&b?)?;
    }
    w.finish()
}

/// Writes an in-memory table in a fresh folder.
pub fn write_table(
    store: &dyn TableStore,
    table: &ArrowTable,
    opts: &WriteOptions,
) -> Result<WrittenTable> {
    write_batches(
        store,
        table.schema(),
        table.batches().iter().cloned().map(Ok),
        opts,
    )
}

/// How tables are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Rows per record batch at most: the reader holds about one batch (plus the page being
    /// decoded) in memory.
    pub batch_size: usize,
    /// Check each selected column against its declared type (an error names the column,
    /// the declared and the found type). Flyte 2 does not check; it is on by default here.
    pub check_types: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            batch_size: 64 * 1024,
            check_types: true,
        }
    }
}

/// Which top-level file columns to decode, and how to build the output columns from them.
#[derive(Debug, Clone)]
struct Plan {
    /// Root column indices to read, ascending (parquet's projection).
    roots: Vec<usize>,
    /// For each output column: its position among the read roots, then a path into structs.
    outputs: Vec<(usize, Vec<usize>)>,
    schema: SchemaRef,
}

fn plan(file_schema: &Schema, declared: &[DatasetColumn], check: bool) -> Result<Plan> {
    if declared.is_empty() {
        let roots: Vec<usize> = (0..file_schema.fields().len()).collect();
        let fields: Vec<Field> = file_schema
            .fields()
            .iter()
            .map(|f| {
                f.as_ref()
                    .clone()
                    .with_data_type(normalize_type(f.data_type()))
            })
            .collect();
        return Ok(Plan {
            outputs: roots.iter().map(|&i| (i, Vec::new())).collect(),
            roots,
            schema: Arc::new(Schema::new(fields)),
        });
    }
    let mut paths = Vec::with_capacity(declared.len());
    let mut fields = Vec::with_capacity(declared.len());
    for c in declared {
        let path =
            resolve_column(file_schema, &c.name).ok_or_else(|| DataFrameError::MissingColumn {
                column: c.name.clone(),
                available: names(file_schema),
            })?;
        let mut field: &Field = file_schema.field(path[0]);
        for &i in &path[1..] {
            let DataType::Struct(children) = field.data_type() else {
                unreachable!("resolve_column only walks structs")
            };
            field = &children[i];
        }
        if check && let Some(t) = &c.literal_type {
            check_column(&c.name, t, field.data_type())?;
        }
        let dt = normalize_type(field.data_type());
        fields.push(field.clone().with_data_type(dt));
        paths.push(path);
    }
    let mut roots: Vec<usize> = paths.iter().map(|p| p[0]).collect();
    roots.sort_unstable();
    roots.dedup();
    let outputs = paths
        .into_iter()
        .map(|p| {
            let pos = roots.binary_search(&p[0]).expect("root is planned");
            (pos, p[1..].to_vec())
        })
        .collect();
    Ok(Plan {
        roots,
        outputs,
        schema: Arc::new(Schema::new(fields)),
    })
}

fn apply(plan: &Plan, batch: &RecordBatch, uri: &str) -> Result<RecordBatch> {
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(plan.outputs.len());
    for ((root, path), field) in plan.outputs.iter().zip(plan.schema.fields()) {
        let mut array = batch.column(*root).clone();
        for &i in path {
            let s = array
                .as_any()
                .downcast_ref::<StructArray>()
                .expect("the plan walks structs");
            array = s.column(i).clone();
        }
        if array.data_type() != field.data_type() {
            if !can_cast_types(array.data_type(), field.data_type()) {
                return Err(DataFrameError::SchemaMismatch {
                    uri: uri.to_string(),
                    expected: format!("{}: {}", field.name(), field.data_type()),
                    found: format!("{}: {}", field.name(), array.data_type()),
                });
            }
            array = cast(&array, field.data_type())?;
        }
        columns.push(array);
    }
    let opts = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    Ok(RecordBatch::try_new_with_options(
        plan.schema.clone(),
        columns,
        &opts,
    )?)
}

/// Streams a table's record batches: the files of a folder in name order (names starting with
/// `.` or `_` skipped, as pyarrow does), or a single file. Only the declared columns are decoded,
/// in the declared order; a dotted name (`s.x`) selects a struct field, named by its last part.
pub struct TableReader {
    store: Arc<dyn TableStore>,
    pending: VecDeque<ObjectEntry>,
    current: Option<(String, Plan, ParquetRecordBatchReader)>,
    declared: Vec<DatasetColumn>,
    opts: ReadOptions,
    schema: SchemaRef,
}

impl std::fmt::Debug for TableReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableReader")
            .field("schema", &self.schema)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// The table files under `uri`: the folder's parquet files, or `uri` itself.
pub fn table_files(store: &dyn TableStore, uri: &str) -> Result<Vec<ObjectEntry>> {
    let listed = store.list(uri)?;
    if listed.is_empty() {
        let object = store.open(uri)?;
        return Ok(vec![ObjectEntry {
            uri: uri.to_string(),
            size: object.len(),
        }]);
    }
    let files: Vec<ObjectEntry> = listed
        .into_iter()
        .filter(|e| {
            let rel = &e.uri[uri.trim_end_matches('/').len()..];
            !rel.split('/')
                .any(|part| part.starts_with('.') || part.starts_with('_'))
        })
        .collect();
    if files.is_empty() {
        return Err(DataFrameError::Empty {
            uri: uri.to_string(),
        });
    }
    Ok(files)
}

impl TableReader {
    /// Opens the table at `uri`, reading the declared `columns` (all columns when empty).
    /// Reads only the first file's footer now; the data is read as the reader is iterated.
    pub fn open(
        store: Arc<dyn TableStore>,
        uri: &str,
        columns: &[DatasetColumn],
        opts: ReadOptions,
    ) -> Result<Self> {
        let pending: VecDeque<ObjectEntry> = table_files(store.as_ref(), uri)?.into();
        let mut reader = Self {
            store,
            pending,
            current: None,
            declared: columns.to_vec(),
            opts,
            schema: Arc::new(Schema::empty()),
        };
        let first = reader
            .pending
            .pop_front()
            .expect("table_files is never empty");
        let (plan, batches) = reader.open_file(&first.uri, None)?;
        reader.schema = plan.schema.clone();
        reader.current = Some((first.uri, plan, batches));
        Ok(reader)
    }

    /// The schema of the batches this reader yields.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn open_file(
        &self,
        uri: &str,
        expected: Option<&SchemaRef>,
    ) -> Result<(Plan, ParquetRecordBatchReader)> {
        let chunks = ObjectChunks::new(uri, self.store.open(uri)?);
        let meta = ArrowReaderMetadata::load(&chunks, ArrowReaderOptions::new())
            .map_err(|e| DataFrameError::parquet(uri, e))?;
        let mut plan = plan(meta.schema(), &self.declared, self.opts.check_types)?;
        if let Some(expected) = expected {
            // Later files are cast to the first file's column types.
            if plan.schema.fields().len() != expected.fields().len()
                || plan
                    .schema
                    .fields()
                    .iter()
                    .zip(expected.fields())
                    .any(|(a, b)| a.name() != b.name())
            {
                return Err(DataFrameError::SchemaMismatch {
                    uri: uri.to_string(),
                    expected: expected.to_string(),
                    found: plan.schema.to_string(),
                });
            }
            plan.schema = expected.clone();
        }
        let mask = ProjectionMask::roots(meta.parquet_schema(), plan.roots.iter().copied());
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(chunks, meta)
            .with_projection(mask)
            .with_batch_size(self.opts.batch_size.max(1))
            .build()
            .map_err(|e| DataFrameError::parquet(uri, e))?;
        Ok((plan, reader))
    }

    /// Reads the rest of the table into memory.
    pub fn read_all(self) -> Result<ArrowTable> {
        let schema = self.schema();
        let batches = self.collect::<Result<Vec<_>>>()?;
        ArrowTable::try_new(schema, batches)
    }
}

impl Iterator for TableReader {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((uri, plan, reader)) = &mut self.current {
                match reader.next() {
                    Some(Ok(b)) => return Some(apply(plan, &b, uri)),
                    Some(Err(e)) => {
                        let uri = uri.clone();
                        self.current = None;
                        self.pending.clear();
                        return Some(Err(DataFrameError::Parquet {
                            uri,
                            source: parquet::errors::ParquetError::ArrowError(e.to_string()),
                        }));
                    }
                    None => self.current = None,
                }
            }
            let next = self.pending.pop_front()?;
            match self.open_file(&next.uri, Some(&self.schema.clone())) {
                Ok((plan, reader)) => self.current = Some((next.uri, plan, reader)),
                Err(e) => {
                    self.pending.clear();
                    return Some(Err(e));
                }
            }
        }
    }
}
