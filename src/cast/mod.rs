//! Registration-time validation: flytepropeller's castability rules, literal-type inference, and
//! interface / binding validation.
//!
//! Pure and synchronous. The rules reproduce flytepropeller's compiler
//! (`flytepropeller/pkg/compiler/validators/typing.go`, `utils.go`, `bindings.go`) so that a
//! workflow the backend would reject is rejected before it is submitted, with a message that
//! names the first mismatch and where it is.
//!
//! # Castability (`upstream → downstream`)
//!
//! [`is_castable`] answers whether a value of the upstream (producer) type can feed the
//! downstream (consumer) type, quirks included:
//!
//! | upstream → downstream | castable |
//! | --- | --- |
//! | INTEGER → FLOAT | no: there is no numeric widening |
//! | enum → STRING, STRING → enum | yes, both ways (the value is checked at run time) |
//! | enum{a, b} → enum{b, a} | no: same values in the same order |
//! | STRUCT without schema ↔ any STRUCT | yes: the nil-metadata escape |
//! | STRUCT child schema → parent schema | yes; parent → child is not |
//! | blob SINGLE → blob MULTIPART | yes: dimensionality is ignored; `""` formats are wildcards |
//! | NONE → structured dataset | yes: datasets are nullable |
//! | NONE → blob / list / map / schema / INTEGER | no |
//! | `[]` (list of NONE) → `list<T>`, `{}` → `map<T>` | yes |
//! | T → union | iff exactly one variant accepts T (zero or two is an error) |
//! | union → union | iff every upstream variant fits some downstream variant (tags matter) |
//! | union{T} (singular) → T | yes at the top level; not inside a list / map / column |
//!
//! ```
//! use flyte_types::cast::is_castable;
//! use flyte_types::idl::core::{literal_type::Type, EnumType, LiteralType, SimpleType};
//!
//! let simple = |s: SimpleType| LiteralType { r#type: Some(Type::Simple(s as i32)), ..Default::default() };
//! let color = LiteralType {
//!     r#type: Some(Type::EnumType(EnumType { values: vec!["RED".into(), "GREEN".into()] })),
//!     ..Default::default()
//! };
//!
//! assert!(is_castable(&color, &simple(SimpleType::String)).is_ok());
//! assert!(is_castable(&simple(SimpleType::String), &color).is_ok());
//! assert_eq!(
//!     is_castable(&simple(SimpleType::Integer), &simple(SimpleType::Float)).unwrap_err().to_string(),
//!     "INTEGER is not castable to FLOAT",
//! );
//! ```
//!
//! # Limits
//!
//! No input makes these functions panic or overflow the stack: types, literals and JSON schemas
//! nested deeper than [`MAX_DEPTH`] levels give [`CastErrorKind::TooDeep`], and a check that needs
//! more than [`MAX_STEPS`] steps (pathologically nested unions) gives [`CastErrorKind::TooComplex`].
//! Anything prost decodes is within [`MAX_DEPTH`]: its decoder refuses more than 100 nested
//! messages.

mod checker;
mod describe;
mod error;
mod infer;
mod interface;
mod schema;

use crate::Error;
pub use describe::describe_type;
pub use error::CastErrorKind;
pub use interface::{
    InterfaceErrorKind, ValidationErrors, validate_bindings, validate_inputs, validate_literal_map,
    validate_named_literals,
};
pub use schema::is_schema_castable;
pub(crate) use schema::lookup_ref;

use crate::idl::core::{Literal, LiteralType};

/// How deep a `LiteralType`, `Literal` or JSON schema may nest (levels below the top one).
///
/// 100, like prost's decoding recursion limit and the C++ protobuf default: anything decoded
/// from the wire fits.
pub const MAX_DEPTH: usize = 100;

/// How many checker steps one [`is_castable`] call (or one STRUCT schema comparison) may take.
pub const MAX_STEPS: usize = 1_000_000;

/// Whether a value of type `upstream` can be consumed as `downstream`, by flytepropeller's rules
/// (`AreTypesCastable`). `Ok(())` when castable; otherwise the first mismatch with its path.
///
/// ```
/// use flyte_types::cast::{is_castable, CastErrorKind};
/// use flyte_types::ErrorKind;
/// use flyte_types::idl::core::{literal_type::Type, LiteralType, SimpleType, TypeStructure, UnionType};
///
/// let tagged = |s: SimpleType, tag: &str| LiteralType {
///     r#type: Some(Type::Simple(s as i32)),
///     structure: Some(TypeStructure { tag: tag.into(), ..Default::default() }),
///     ..Default::default()
/// };
/// let union = |v: Vec<LiteralType>| LiteralType {
///     r#type: Some(Type::UnionType(UnionType { variants: v })),
///     ..Default::default()
/// };
/// let string = LiteralType { r#type: Some(Type::Simple(SimpleType::String as i32)), ..Default::default() };
///
/// // Optional[int] accepts an int and None, and a plain string matches exactly one of (int | str).
/// let int_or_str = union(vec![tagged(SimpleType::Integer, "int"), tagged(SimpleType::String, "str")]);
/// assert!(is_castable(&string, &int_or_str).is_ok());
///
/// // Two string variants: ambiguous.
/// let two_strings = union(vec![tagged(SimpleType::String, "str1"), tagged(SimpleType::String, "str2")]);
/// let err = is_castable(&string, &two_strings).unwrap_err();
/// assert!(matches!(
///     err.kind(),
///     ErrorKind::Cast(CastErrorKind::AmbiguousUnion { variants, .. }) if variants == &[0, 1]
/// ));
/// ```
pub fn is_castable(upstream: &LiteralType, downstream: &LiteralType) -> Result<(), Error> {
    Ok(castable(upstream, downstream)?)
}

/// [`is_castable`] with the bare kind, for the checks inside this layer.
pub(crate) fn castable(
    upstream: &LiteralType,
    downstream: &LiteralType,
) -> Result<(), CastErrorKind> {
    checker::Checker::new().are_types_castable(upstream, downstream, 0)
}

/// The `LiteralType` propeller infers for a literal (`LiteralTypeForLiteral`), as used to
/// validate execution inputs, launch-plan defaults and fixed inputs, and cached outputs.
///
/// | literal | inferred type |
/// | --- | --- |
/// | primitive | its simple type (NONE for a primitive with no value) |
/// | `Binary` tagged `msgpack` / other | STRUCT (no schema) / BINARY |
/// | generic `Struct` | STRUCT (no schema) |
/// | blob / schema / structured dataset | the type in its metadata (an empty dataset type without metadata) |
/// | none / error | NONE / ERROR |
/// | union | `union{[stored type]}`: a singular union, unwrapped by [`is_castable`] |
/// | collection / map | of the element type: one type, NONE when empty, else a union of the distinct types sorted by their Go text form (`collection(union)` elements are flattened) |
/// | offloaded | its `inferred_type` |
///
/// Where propeller returns nil (a literal or scalar with no value, a blob without metadata, an
/// offloaded literal without `inferred_type`) — which every caller then rejects with "got
/// unknown literal type", or, inside a union, crashes on — this returns
/// [`CastErrorKind::UnrecognizedLiteral`] with the path to the bad element. An empty collection is
/// treated as Go treats a decoded one (`literals == nil`).
///
/// ```
/// use flyte_types::cast::{describe_type, literal_type_of};
/// use flyte_types::idl::core::{literal, primitive, scalar, Literal, LiteralCollection, Primitive, Scalar};
///
/// let int = |i: i64| Literal {
///     value: Some(literal::Value::Scalar(Box::new(Scalar {
///         value: Some(scalar::Value::Primitive(Primitive { value: Some(primitive::Value::Integer(i)) })),
///     }))),
///     ..Default::default()
/// };
/// let list = |items: Vec<Literal>| Literal {
///     value: Some(literal::Value::Collection(LiteralCollection { literals: items })),
///     ..Default::default()
/// };
/// assert_eq!(describe_type(&literal_type_of(&list(vec![int(1), int(2)])).unwrap()), "list<INTEGER>");
/// assert_eq!(describe_type(&literal_type_of(&list(vec![])).unwrap()), "list<NONE>");
/// assert!(literal_type_of(&Literal::default()).is_err());
/// ```
pub fn literal_type_of(literal: &Literal) -> Result<LiteralType, Error> {
    Ok(infer::literal_type_of(literal)?)
}

/// [`literal_type_of`] then [`is_castable`]: whether a literal fits a declared type, as flyteadmin
/// checks execution inputs.
///
/// ```
/// use flyte_types::cast::is_literal_castable;
/// use flyte_types::idl::core::{literal, literal_type::Type, Literal, LiteralType, Scalar, SimpleType, Void, scalar};
///
/// let none = Literal {
///     value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(scalar::Value::NoneType(Void {})) }))),
///     ..Default::default()
/// };
/// let int = LiteralType { r#type: Some(Type::Simple(SimpleType::Integer as i32)), ..Default::default() };
/// assert_eq!(
///     is_literal_castable(&none, &int).unwrap_err().to_string(),
///     "NONE is not castable to INTEGER: it is not nullable",
/// );
/// ```
pub fn is_literal_castable(literal: &Literal, downstream: &LiteralType) -> Result<(), Error> {
    Ok(castable(&infer::literal_type_of(literal)?, downstream)?)
}
