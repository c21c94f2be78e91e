//! Encoders and decoders keyed by (in-memory type, storage protocol, format), like Flyte 2's
//! `DataFrameTransformerEngine` (`ENCODERS[type][protocol][format]`), with the same lookup rules.
//!
//! A handler registered without a protocol serves every protocol (Flyte's `"fsspec"` slot).
//! Lookup ([`Registry::encoder`], [`Registry::decoder`]), as `_finder` does it:
//! 1. the exact (type, protocol, format);
//! 2. else a handler for the protocol with the generic format `""`, or the type's default
//!    format, or the protocol's only handler;
//! 3. else an any-protocol handler for the format, or for `""`, or (asked for `""`) for the
//!    type's default format, or the only one;
//!
//! the protocol-specific answer of 2 wins over 3.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::RecordBatch;
use flyte_types::idl::core::{
    Literal, LiteralType, StructuredDataset, StructuredDatasetMetadata, StructuredDatasetType,
};

use crate::error::{DataFrameError, Result};
use crate::handle::{
    DataFrame, DataFrameExt, DataFrameType, GENERIC_FORMAT, PARQUET, PYARROW_TABLE_TAG,
};
use crate::parquet_io::{ReadOptions, TableReader, TableWriter, WriteOptions};
use crate::store::TableStore;
use crate::table::ArrowTable;
use flyte_types::engine::FlyteType;

/// An in-memory table type the registry knows: its Python counterpart's name.
pub trait TableType: Send + Sync + 'static {
    /// The name of the Python type, Flyte 2's `structure.tag` (`pyarrow.lib.Table`).
    const PYTHON_TYPE: &'static str;
}

impl TableType for ArrowTable {
    const PYTHON_TYPE: &'static str = PYARROW_TABLE_TAG;
}

/// A single `RecordBatch` is a one-chunk `pyarrow.Table` on the Python side.
impl TableType for RecordBatch {
    const PYTHON_TYPE: &'static str = PYARROW_TABLE_TAG;
}

/// What encoders and decoders work with: the store and the I/O options.
#[derive(Clone)]
pub struct Context {
    /// Where tables go and come from.
    pub store: Arc<dyn TableStore>,
    /// How tables are written.
    pub write: WriteOptions,
    /// How tables are read.
    pub read: ReadOptions,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("raw_data_prefix", &self.store.raw_data_prefix())
            .field("write", &self.write)
            .field("read", &self.read)
            .finish()
    }
}

impl Context {
    /// Default options over a store.
    pub fn new(store: Arc<dyn TableStore>) -> Self {
        Self {
            store,
            write: WriteOptions::default(),
            read: ReadOptions::default(),
        }
    }
}

/// Writes an in-memory table `T` to storage (Flyte's `DataFrameEncoder`).
pub trait Encoder<T>: Send + Sync {
    /// The protocol served (`s3`, `file`), `None` for every protocol.
    fn protocol(&self) -> Option<&str>;
    /// The format written (`parquet`); `""` for a handler of any format.
    fn format(&self) -> &str;
    /// Writes `value`, to `uri` when given, else to a fresh folder under the raw-data prefix,
    /// and returns the literal's StructuredDataset (its metadata: `sdt`).
    fn encode(
        &self,
        value: &T,
        uri: Option<&str>,
        sdt: &StructuredDatasetType,
        cx: &Context,
    ) -> Result<StructuredDataset>;
}

/// Reads a stored table into an in-memory `T` (Flyte's `DataFrameDecoder`).
pub trait Decoder<T>: Send + Sync {
    /// The protocol served, `None` for every protocol.
    fn protocol(&self) -> Option<&str>;
    /// The format read; `""` for a handler of any format.
    fn format(&self) -> &str;
    /// Reads the table; `current` holds the columns the reading task declared (subset them).
    fn decode(
        &self,
        sd: &StructuredDataset,
        current: &StructuredDatasetMetadata,
        cx: &Context,
    ) -> Result<T>;
}

const ANY_PROTOCOL: &str = "fsspec";

#[derive(Debug, Clone, Copy)]
enum Direction {
    Encoder,
    Decoder,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Encoder => "encoder",
            Direction::Decoder => "decoder",
        }
    }
}

type Slots = HashMap<String, HashMap<String, Arc<dyn Any + Send + Sync>>>;

/// Options of [`Registry::register_encoder`] / [`Registry::register_decoder`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Registration {
    /// Replace an existing handler for the same key.
    pub overwrite: bool,
    /// Make the handler's format the type's default format.
    pub default_format: bool,
}

/// The handler registry, with Flyte 2's encode / decode flow on top
/// ([`Registry::to_literal`], [`Registry::to_value`]).
#[derive(Default, Clone)]
pub struct Registry {
    encoders: HashMap<TypeId, Slots>,
    decoders: HashMap<TypeId, Slots>,
    default_formats: HashMap<TypeId, String>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("encoders", &self.encoders.len())
            .field("decoders", &self.decoders.len())
            .finish()
    }
}

impl Registry {
    /// No handlers.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in handlers: `ArrowTable` and `RecordBatch` ↔ parquet (every protocol,
    /// default format `parquet`), and with the `polars` feature, polars `DataFrame` ↔ parquet.
    pub fn with_defaults() -> Self {
        let mut r = Self::empty();
        let reg = Registration {
            overwrite: false,
            default_format: true,
        };
        r.register_encoder::<ArrowTable>(Arc::new(ParquetHandler), reg)
            .expect("empty registry");
        r.register_decoder::<ArrowTable>(Arc::new(ParquetHandler), reg)
            .expect("empty registry");
        r.register_encoder::<RecordBatch>(Arc::new(ParquetHandler), reg)
            .expect("empty registry");
        r.register_decoder::<RecordBatch>(Arc::new(ParquetHandler), reg)
            .expect("empty registry");
        #[cfg(feature = "polars")]
        crate::polars_ffi::register(&mut r);
        r
    }

    fn slots(&mut self, direction: Direction) -> &mut HashMap<TypeId, Slots> {
        match direction {
            Direction::Encoder => &mut self.encoders,
            Direction::Decoder => &mut self.decoders,
        }
    }

    fn register<T: TableType, H: ?Sized + Send + Sync + 'static>(
        &mut self,
        direction: Direction,
        handler: Arc<H>,
        protocol: Option<&str>,
        format: &str,
        reg: Registration,
    ) -> Result<()> {
        let ty = TypeId::of::<T>();
        let protocol = match protocol {
            None => ANY_PROTOCOL.to_string(),
            Some("/") => "file".to_string(),
            Some(p) => p.trim_end_matches("://").to_string(),
        };
        let slot = self
            .slots(direction)
            .entry(ty)
            .or_default()
            .entry(protocol.clone())
            .or_default();
        if slot.contains_key(format) && !reg.overwrite {
            return Err(DataFrameError::DuplicateHandler {
                direction: direction.name(),
                type_name: std::any::type_name::<T>(),
                protocol,
                format: format.to_string(),
            });
        }
        slot.insert(format.to_string(), Arc::new(handler));
        if reg.default_format
            && format != GENERIC_FORMAT
            && (reg.overwrite || !self.default_formats.contains_key(&ty))
        {
            self.default_formats.insert(ty, format.to_string());
        }
        Ok(())
    }

    /// Registers an encoder for `T`.
    pub fn register_encoder<T: TableType>(
        &mut self,
        encoder: Arc<dyn Encoder<T>>,
        reg: Registration,
    ) -> Result<()> {
        let (protocol, format) = (
            encoder.protocol().map(str::to_string),
            encoder.format().to_string(),
        );
        self.register::<T, _>(
            Direction::Encoder,
            encoder,
            protocol.as_deref(),
            &format,
            reg,
        )
    }

    /// Registers a decoder for `T`.
    pub fn register_decoder<T: TableType>(
        &mut self,
        decoder: Arc<dyn Decoder<T>>,
        reg: Registration,
    ) -> Result<()> {
        let (protocol, format) = (
            decoder.protocol().map(str::to_string),
            decoder.format().to_string(),
        );
        self.register::<T, _>(
            Direction::Decoder,
            decoder,
            protocol.as_deref(),
            &format,
            reg,
        )
    }

    /// The default format of `T` (`parquet` for the built-in types).
    pub fn default_format<T: TableType>(&self) -> &str {
        self.default_formats
            .get(&TypeId::of::<T>())
            .map_or(GENERIC_FORMAT, String::as_str)
    }

    fn find(
        &self,
        map: &HashMap<TypeId, Slots>,
        ty: TypeId,
        protocol: &str,
        format: &str,
    ) -> Option<Arc<dyn Any + Send + Sync>> {
        let by_protocol = map.get(&ty)?;
        if let Some(h) = by_protocol.get(protocol).and_then(|f| f.get(format)) {
            return Some(h.clone());
        }
        let default = self.default_formats.get(&ty);
        let mut single = None;
        let mut any_protocol = None;
        if let Some(any) = by_protocol.get(ANY_PROTOCOL) {
            if let Some(h) = any.get(format).or_else(|| any.get(GENERIC_FORMAT)) {
                any_protocol = Some(h.clone());
            } else if format == GENERIC_FORMAT
                && let Some(h) = default.and_then(|d| any.get(d))
            {
                any_protocol = Some(h.clone());
            } else if any.len() == 1 && format == GENERIC_FORMAT {
                single = any.values().next().cloned();
            }
        }
        let mut specific = None;
        if let Some(p) = by_protocol.get(protocol) {
            if let Some(h) = p
                .get(GENERIC_FORMAT)
                .or_else(|| default.and_then(|d| p.get(d)))
            {
                specific = Some(h.clone());
            } else if p.len() == 1 {
                single = p.values().next().cloned();
            }
        }
        specific.or(any_protocol).or(single)
    }

    fn lookup<T: TableType, H: ?Sized + Send + Sync + 'static>(
        &self,
        direction: Direction,
        protocol: &str,
        format: &str,
    ) -> Result<Arc<H>> {
        let map = match direction {
            Direction::Encoder => &self.encoders,
            Direction::Decoder => &self.decoders,
        };
        self.find(map, TypeId::of::<T>(), protocol, format)
            .and_then(|h| h.downcast_ref::<Arc<H>>().cloned())
            .ok_or_else(|| DataFrameError::NoHandler {
                direction: direction.name(),
                type_name: std::any::type_name::<T>(),
                protocol: protocol.to_string(),
                format: format.to_string(),
            })
    }

    /// The encoder for (`T`, protocol, format).
    pub fn encoder<T: TableType>(
        &self,
        protocol: &str,
        format: &str,
    ) -> Result<Arc<dyn Encoder<T>>> {
        self.lookup::<T, dyn Encoder<T>>(Direction::Encoder, protocol, format)
    }

    /// The decoder for (`T`, protocol, format).
    pub fn decoder<T: TableType>(
        &self,
        protocol: &str,
        format: &str,
    ) -> Result<Arc<dyn Decoder<T>>> {
        self.lookup::<T, dyn Decoder<T>>(Direction::Decoder, protocol, format)
    }

    /// Encodes an in-memory table as Flyte 2 does for a raw dataframe returned by a task whose
    /// output type is `expected`: the handler for `T`'s default format and the raw-data
    /// prefix's protocol writes a fresh folder; the literal's metadata is `expected`'s
    /// (columns, external schema) with the handler's format.
    pub fn to_literal<T: TableType>(
        &self,
        value: &T,
        expected: &LiteralType,
        cx: &Context,
    ) -> Result<Literal> {
        self.encode(value, expected, None, None, cx)
    }

    /// [`Registry::to_literal`] with an explicit destination folder and hash
    /// (`DataFrame.wrap_df(df, uri=…)` with a hash).
    pub fn encode<T: TableType>(
        &self,
        value: &T,
        expected: &LiteralType,
        uri: Option<&str>,
        hash: Option<&str>,
        cx: &Context,
    ) -> Result<Literal> {
        let sdt = DataFrameType::from_literal_type(expected)?
            .structured_dataset_type()
            .clone();
        let format = self.default_format::<T>().to_string();
        let protocol = cx
            .store
            .protocol(uri.unwrap_or_else(|| cx.store.raw_data_prefix()));
        let handler = self.encoder::<T>(&protocol, &format)?;
        let mut sd = handler.encode(value, uri, &sdt, cx)?;
        let meta = sd
            .metadata
            .get_or_insert_with(|| StructuredDatasetMetadata {
                structured_dataset_type: Some(sdt.clone()),
            });
        meta.structured_dataset_type
            .get_or_insert_with(|| sdt.clone())
            .format = handler.format().to_string();
        let df = DataFrame {
            uri: sd.uri,
            metadata: meta.structured_dataset_type.clone().unwrap_or_default(),
            hash: hash.map(str::to_string),
        };
        Ok(df.to_literal()?)
    }

    /// Decodes a literal into an in-memory table for a task whose input type is `expected`:
    /// the declared columns of `expected` (or else the literal's) are selected.
    pub fn to_value<T: TableType>(
        &self,
        lit: &Literal,
        expected: &LiteralType,
        cx: &Context,
    ) -> Result<T> {
        let df = DataFrame::for_input(lit, expected)?;
        self.open_as(&df, cx)
    }

    /// Reads a handle's table as `T` (`DataFrame.open(T).all()`).
    pub fn open_as<T: TableType>(&self, df: &DataFrame, cx: &Context) -> Result<T> {
        let protocol = cx.store.protocol(&df.uri);
        let handler = self.decoder::<T>(&protocol, df.format())?;
        let sd = StructuredDataset {
            uri: df.uri.clone(),
            metadata: Some(StructuredDatasetMetadata {
                structured_dataset_type: Some(df.metadata.clone()),
            }),
        };
        let current = StructuredDatasetMetadata {
            structured_dataset_type: Some(df.metadata.clone()),
        };
        handler.decode(&sd, &current, cx)
    }
}

/// The built-in Arrow ↔ parquet handler (any protocol, format `parquet`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParquetHandler;

/// In-memory tables the parquet handler writes and reads.
pub trait ParquetTable: Sized {
    /// Writes the table to a folder.
    fn write(&self, uri: Option<&str>, cx: &Context) -> Result<String>;
    /// Builds the value from a reader over the selected columns.
    fn read(reader: TableReader) -> Result<Self>;
}

impl ParquetTable for ArrowTable {
    fn write(&self, uri: Option<&str>, cx: &Context) -> Result<String> {
        write_to(self.schema(), self.batches(), uri, cx)
    }
    fn read(reader: TableReader) -> Result<Self> {
        reader.read_all()
    }
}

impl ParquetTable for RecordBatch {
    fn write(&self, uri: Option<&str>, cx: &Context) -> Result<String> {
        write_to(self.schema(), std::slice::from_ref(self), uri, cx)
    }
    fn read(reader: TableReader) -> Result<Self> {
        reader.read_all()?.concat()
    }
}

pub(crate) fn write_to(
    schema: arrow::datatypes::SchemaRef,
    batches: &[RecordBatch],
    uri: Option<&str>,
    cx: &Context,
) -> Result<String> {
    let store = cx.store.as_ref();
    let mut w = match uri {
        Some(u) => TableWriter::create_at(store, u, schema, &cx.write)?,
        None => TableWriter::create(store, schema, &cx.write)?,
    };
    for b in batches {
        w.write(b)?;
    }
    Ok(w.finish()?.uri)
}

impl<T: ParquetTable + TableType> Encoder<T> for ParquetHandler {
    fn protocol(&self) -> Option<&str> {
        None
    }
    fn format(&self) -> &str {
        PARQUET
    }
    fn encode(
        &self,
        value: &T,
        uri: Option<&str>,
        sdt: &StructuredDatasetType,
        cx: &Context,
    ) -> Result<StructuredDataset> {
        let uri = value.write(uri, cx)?;
        Ok(StructuredDataset {
            uri,
            metadata: Some(StructuredDatasetMetadata {
                structured_dataset_type: Some(sdt.clone()),
            }),
        })
    }
}

impl<T: ParquetTable + TableType> Decoder<T> for ParquetHandler {
    fn protocol(&self) -> Option<&str> {
        None
    }
    fn format(&self) -> &str {
        PARQUET
    }
    fn decode(
        &self,
        sd: &StructuredDataset,
        current: &StructuredDatasetMetadata,
        cx: &Context,
    ) -> Result<T> {
        let columns = current
            .structured_dataset_type
            .as_ref()
            .map(|t| t.columns.clone())
            .unwrap_or_default();
        let reader = TableReader::open(cx.store.clone(), &sd.uri, &columns, cx.read.clone())?;
        T::read(reader)
    }
}
