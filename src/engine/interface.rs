//! Typed task interfaces: a Rust struct of inputs (or outputs) as Flyte variables and named
//! literals, in declaration order.

use crate::Error;
use crate::idl::core::{
    Literal, LiteralMap, LiteralType, TypedInterface, Variable, VariableEntry, VariableMap,
};

/// A struct whose fields are a task's inputs (or outputs): `#[derive(FlyteInputs)]`.
pub trait FlyteInputs: Sized {
    /// `(name, type)` per field, in declaration order.
    fn variables() -> Vec<(&'static str, LiteralType)>;

    /// `(name, literal)` per field, in declaration order (the order `Inputs` files keep).
    fn to_named_literals(&self) -> Result<Vec<(String, Literal)>, Error>;

    /// The value from named literals, in any order; a missing or unknown name is an error
    /// that names the input.
    fn from_named_literals(literals: &[(String, Literal)]) -> Result<Self, Error>;

    /// The inputs as a `LiteralMap` (flytekit v1 files, the engine's in-memory form).
    fn to_literal_map(&self) -> Result<LiteralMap, Error> {
        Ok(LiteralMap {
            literals: self.to_named_literals()?.into_iter().collect(),
        })
    }

    /// The value from a `LiteralMap`.
    fn from_literal_map(map: &LiteralMap) -> Result<Self, Error> {
        let named: Vec<(String, Literal)> = map
            .literals
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Self::from_named_literals(&named)
    }

    /// The variables as a `VariableMap`, sorted by name as Flyte 2 serializes interfaces.
    fn variable_map() -> VariableMap {
        let mut variables: Vec<VariableEntry> = Self::variables()
            .into_iter()
            .map(|(name, ty)| VariableEntry {
                key: name.to_string(),
                value: Some(Variable {
                    r#type: Some(ty),
                    description: String::new(),
                    ..Default::default()
                }),
            })
            .collect();
        variables.sort_by(|a, b| a.key.cmp(&b.key));
        VariableMap { variables }
    }
}

/// The `TypedInterface` of a task taking `I` and returning `O`.
pub fn typed_interface<I: FlyteInputs, O: FlyteInputs>() -> TypedInterface {
    TypedInterface {
        inputs: Some(I::variable_map()),
        outputs: Some(O::variable_map()),
    }
}
