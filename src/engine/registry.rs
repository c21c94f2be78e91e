//! The runtime registry: transformers found by Rust type or by `LiteralType`, for what static
//! dispatch cannot do (plugins, a runtime that only has a task's interface, custom types).

use super::FlyteType;
use super::handles::Pickled;
use crate::idl::core::{Literal, LiteralType};
use crate::value::PickleData;
use crate::{Error, ErrorKind};
use std::any::{Any, TypeId, type_name};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

/// Converts values of one Rust type, behind `dyn Any`.
///
/// # Contract
/// `to_literal` receives a value of the type with id [`Transformer::type_id`] (others are an
/// error, never a panic) and `read_literal` returns one.
pub trait Transformer: Send + Sync {
    /// A name for messages and lookups (`i64`, `my_crate::Point`, …).
    fn name(&self) -> &str;
    /// The Rust type this transformer handles.
    fn type_id(&self) -> TypeId;
    /// The Flyte type of its values.
    fn literal_type(&self) -> LiteralType;
    /// A value (of the handled type) as a literal.
    fn to_literal(&self, value: &dyn Any) -> Result<Literal, Error>;
    /// A literal as a boxed value of the handled type.
    fn read_literal(&self, literal: &Literal) -> Result<Box<dyn Any + Send>, Error>;
}

/// The transformer of any [`FlyteType`].
struct Static<T>(PhantomData<fn() -> T>);

impl<T: FlyteType + Send + 'static> Transformer for Static<T> {
    fn name(&self) -> &str {
        type_name::<T>()
    }
    fn type_id(&self) -> TypeId {
        TypeId::of::<T>()
    }
    fn literal_type(&self) -> LiteralType {
        T::literal_type()
    }
    fn to_literal(&self, value: &dyn Any) -> Result<Literal, Error> {
        value
            .downcast_ref::<T>()
            .ok_or_else(|| wrong_type(self.name()))?
            .to_literal()
    }
    fn read_literal(&self, literal: &Literal) -> Result<Box<dyn Any + Send>, Error> {
        Ok(Box::new(T::from_literal(literal)?))
    }
}

/// An opaque type carried as a pickle-shaped literal through user-supplied byte conversions.
struct Opaque<T> {
    encode: fn(&T) -> Vec<u8>,
    decode: fn(&[u8]) -> Result<T, String>,
}

impl<T: Send + 'static> Transformer for Opaque<T> {
    fn name(&self) -> &str {
        type_name::<T>()
    }
    fn type_id(&self) -> TypeId {
        TypeId::of::<T>()
    }
    fn literal_type(&self) -> LiteralType {
        Pickled::literal_type()
    }
    fn to_literal(&self, value: &dyn Any) -> Result<Literal, Error> {
        let value = value
            .downcast_ref::<T>()
            .ok_or_else(|| wrong_type(self.name()))?;
        Pickled {
            data: PickleData::Inline((self.encode)(value)),
            hash: None,
        }
        .to_literal()
    }
    fn read_literal(&self, literal: &Literal) -> Result<Box<dyn Any + Send>, Error> {
        match Pickled::from_literal(literal)?.data {
            PickleData::Inline(bytes) => (self.decode)(&bytes)
                .map(|v| Box::new(v) as Box<dyn Any + Send>)
                .map_err(|e| Error::mismatch(format!("opaque bytes of {}", self.name()), e)),
            PickleData::Uri(uri) => {
                Err(ErrorKind::Unsupported(format!("opaque value in a blob ({uri})")).into())
            }
        }
    }
}

fn wrong_type(name: &str) -> Error {
    Error::mismatch(format!("a value of type {name}"), "a value of another type")
}

/// The registry of transformers, by Rust type, by name and by `LiteralType`.
///
/// ```
/// use flyte_types::engine::{FlyteType, TypeEngine};
///
/// let engine = TypeEngine::new();
/// let literal = engine.to_literal(&42i64).unwrap();
/// assert_eq!(literal, 42i64.to_literal().unwrap());
/// let guessed = engine.transformer_for(&i64::literal_type()).unwrap();
/// assert_eq!(guessed.name(), "i64");
/// let back: i64 = engine.from_literal(&literal).unwrap();
/// assert_eq!(back, 42);
/// ```
#[derive(Clone)]
pub struct TypeEngine {
    transformers: Vec<Arc<dyn Transformer>>,
    by_type: HashMap<TypeId, usize>,
    by_name: HashMap<String, usize>,
}

impl Default for TypeEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl TypeEngine {
    /// A registry with the built-in types: integers, floats, strings, booleans, `()`, datetimes,
    /// durations, File, Dir, DataFrame, Pickled, and lists / string maps / options of the
    /// scalar ones.
    pub fn new() -> Self {
        let mut engine = Self {
            transformers: Vec::new(),
            by_type: HashMap::new(),
            by_name: HashMap::new(),
        };
        macro_rules! builtins {
            ($($t:ty),*) => { $( engine.register::<$t>(); )* };
        }
        builtins!(
            i64, f64, String, bool, (), chrono::DateTime<chrono::Utc>, chrono::TimeDelta,
            super::File, super::Dir, super::DataFrame, Pickled,
            Vec<i64>, Vec<f64>, Vec<String>, Vec<bool>,
            std::collections::HashMap<String, i64>, std::collections::HashMap<String, f64>,
            std::collections::HashMap<String, String>,
            Option<i64>, Option<f64>, Option<String>, Option<bool>,
            i32, u32, u64, f32, chrono::NaiveDate, chrono::NaiveDateTime
        );
        engine
    }

    /// Registers (or replaces) the transformer of a [`FlyteType`].
    pub fn register<T: FlyteType + Send + 'static>(&mut self) -> &mut Self {
        self.register_transformer(Static::<T>(PhantomData))
    }

    /// Registers a custom transformer for its Rust type and name.
    pub fn register_transformer(&mut self, transformer: impl Transformer + 'static) -> &mut Self {
        let (id, name) = (transformer.type_id(), transformer.name().to_string());
        let index = match self.by_type.get(&id) {
            Some(&i) => {
                self.transformers[i] = Arc::new(transformer);
                i
            }
            None => {
                self.transformers.push(Arc::new(transformer));
                self.transformers.len() - 1
            }
        };
        self.by_type.insert(id, index);
        self.by_name.insert(name, index);
        self
    }

    /// Opts a type with no Flyte representation into the opaque fallback: its bytes, made by
    /// `encode` and read by `decode`, travel as a pickle-typed literal (which only this
    /// registry can read back; Python cannot unpickle them).
    pub fn register_opaque<T: Send + 'static>(
        &mut self,
        encode: fn(&T) -> Vec<u8>,
        decode: fn(&[u8]) -> Result<T, String>,
    ) -> &mut Self {
        self.register_transformer(Opaque { encode, decode })
    }

    /// The transformer of a Rust type.
    pub fn transformer<T: 'static>(&self) -> Result<&dyn Transformer, Error> {
        self.by_type.get(&TypeId::of::<T>()).map(|&i| self.transformers[i].as_ref()).ok_or_else(|| {
            ErrorKind::Unsupported(format!(
                "no transformer for {}: derive FlyteType, register a transformer, or opt into the opaque fallback",
                type_name::<T>()
            ))
            .into()
        })
    }

    /// The transformer registered under `name`.
    pub fn transformer_named(&self, name: &str) -> Option<&dyn Transformer> {
        self.by_name
            .get(name)
            .map(|&i| self.transformers[i].as_ref())
    }

    /// The transformer whose type is `literal_type` (the reverse of `literal_type`, like the
    /// Python SDK's `guess_python_type`). A union variant's `structure.tag` is ignored.
    pub fn transformer_for(&self, literal_type: &LiteralType) -> Option<&dyn Transformer> {
        let strip = |t: &LiteralType| {
            let mut t = t.clone();
            if t.structure
                .as_ref()
                .is_some_and(|s| s.dataclass_type.is_empty())
                && t.metadata.is_none()
            {
                t.structure = None;
            }
            t
        };
        let wanted = strip(literal_type);
        self.transformers
            .iter()
            .map(Arc::as_ref)
            .find(|t| strip(&t.literal_type()) == wanted)
    }

    /// The `LiteralType` of a registered Rust type.
    pub fn literal_type_of<T: 'static>(&self) -> Result<LiteralType, Error> {
        Ok(self.transformer::<T>()?.literal_type())
    }

    /// A value as a literal, through its registered transformer.
    pub fn to_literal<T: 'static>(&self, value: &T) -> Result<Literal, Error> {
        self.transformer::<T>()?.to_literal(value)
    }

    /// A literal as a value of `T`, through its registered transformer.
    pub fn from_literal<T: 'static>(&self, literal: &Literal) -> Result<T, Error> {
        let boxed = self.transformer::<T>()?.read_literal(literal)?;
        boxed
            .downcast::<T>()
            .map(|b| *b)
            .map_err(|_| wrong_type(type_name::<T>()))
    }
}
