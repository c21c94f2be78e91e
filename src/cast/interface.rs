//! Interface validation: literal inputs against a `TypedInterface`, and bindings between nodes.

use super::describe::describe_type;
use super::error::CastErrorKind;
use super::infer::literal_type_of;
use super::infer::scalar_type_of;
use super::{MAX_DEPTH, castable as is_castable};
use crate::idl::core::{
    Binding, BindingData, Literal, LiteralMap, LiteralType, ParameterMap, SimpleType,
    TypedInterface, VariableMap, binding_data, literal, literal_type::Type, parameter, primitive,
    promise_attribute, scalar,
};
use crate::{Error, ErrorKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// One problem found while validating inputs or bindings against an interface: the detail of
/// [`ErrorKind::Interface`](crate::ErrorKind::Interface). Where a castability check failed, the
/// error's [`source`](std::error::Error::source) is that failure.
///
/// `name` is always the downstream input variable concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InterfaceErrorKind {
    /// A required input has no value, no default and no binding (and is not Optional).
    MissingInput {
        /// The input.
        name: String,
    },
    /// A value or binding for a name the interface does not declare.
    UnexpectedInput {
        /// The name.
        name: String,
    },
    /// The same input is given (or bound) more than once.
    DuplicateInput {
        /// The input.
        name: String,
    },
    /// The input's value (or bound scalar) is not castable to the declared type.
    MismatchedInput {
        /// The input.
        name: String,
        /// The declared type.
        expected: String,
        /// The value's inferred type.
        got: String,
    },
    /// The input's literal has no inferable type (or is too deep).
    UnrecognizedInput {
        /// The input.
        name: String,
    },
    /// A string bound to an enum input is not one of the enum's values.
    IllegalEnumValue {
        /// The input.
        name: String,
        /// Where in the literal (empty at the top level).
        path: String,
        /// The string given.
        value: String,
        /// The enum's values.
        allowed: Vec<String>,
    },
    /// A default value (launch-plan parameter) that does not fit the interface type.
    InvalidDefault {
        /// The input.
        name: String,
        /// The declared type.
        expected: String,
    },
    /// A default (launch-plan parameter) for a name the interface does not declare.
    UnexpectedDefault {
        /// The name.
        name: String,
    },
    /// An interface variable without a type.
    UntypedVariable {
        /// The variable.
        name: String,
    },
    /// A binding without data.
    EmptyBinding {
        /// The input.
        name: String,
    },
    /// A promise to a node that is not among the upstream interfaces.
    UnknownNode {
        /// The input.
        name: String,
        /// The node id.
        node: String,
    },
    /// A promise whose variable name does not parse (`name` or `[index].name`).
    InvalidOutputReference {
        /// The input.
        name: String,
        /// The referenced variable text.
        var: String,
    },
    /// A promise to an output the upstream node does not declare.
    UnknownOutput {
        /// The input.
        name: String,
        /// The node id.
        node: String,
        /// The output name.
        var: String,
    },
    /// An attribute path step that names no field of the dataclass (`structure.dataclass_type`).
    FieldNotFound {
        /// The input.
        name: String,
        /// The referenced output, `node.var`.
        output: String,
        /// The attribute.
        field: String,
        /// The type that was searched.
        container: String,
    },
    /// A promise whose (indexed, attribute-accessed) output type is not castable to the input.
    MismatchedBinding {
        /// The input.
        name: String,
        /// The referenced output, `node.var` with its index / attribute path.
        output: String,
        /// The output's type at the end of the path.
        got: String,
        /// The input's type.
        expected: String,
    },
    /// A collection / map / offloaded binding for a type that is not a list / map.
    MismatchedBindingKind {
        /// The input.
        name: String,
        /// `a collection`, `a map` or `an offloaded literal`.
        kind: &'static str,
        /// The input's type.
        expected: String,
    },
    /// A collection / map binding for a union type that more than one variant accepts.
    AmbiguousUnionBinding {
        /// The input.
        name: String,
        /// The union type.
        expected: String,
        /// The first accepting variant.
        first: String,
        /// The second accepting variant.
        second: String,
    },
    /// A collection / map binding for a union type that no variant accepts.
    IncompatibleUnionBinding {
        /// The input.
        name: String,
        /// The union type.
        expected: String,
    },
}

impl std::fmt::Display for InterfaceErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InterfaceErrorKind::MissingInput { name } => write!(f, "input {name:?} is missing"),
            InterfaceErrorKind::UnexpectedInput { name } => {
                write!(f, "input {name:?} is not in the interface")
            }
            InterfaceErrorKind::DuplicateInput { name } => {
                write!(f, "input {name:?} is given more than once")
            }
            InterfaceErrorKind::MismatchedInput {
                name,
                expected,
                got,
            } => write!(
                f,
                "input {name:?} has the wrong type: expected {expected}, got {got}"
            ),
            InterfaceErrorKind::UnrecognizedInput { name } => write!(f, "input {name:?}"),
            InterfaceErrorKind::IllegalEnumValue {
                name,
                path,
                value,
                allowed,
            } => write!(
                f,
                "input {name:?}{}: {value:?} is not one of the enum values {allowed:?}",
                In(path)
            ),
            InterfaceErrorKind::InvalidDefault { name, expected } => write!(
                f,
                "default for input {name:?} has the wrong type: expected {expected}"
            ),
            InterfaceErrorKind::UnexpectedDefault { name } => {
                write!(f, "default_input {name:?} is not in the interface")
            }
            InterfaceErrorKind::UntypedVariable { name } => {
                write!(f, "interface variable {name:?} has no type")
            }
            InterfaceErrorKind::EmptyBinding { name } => {
                write!(f, "input {name:?}: the binding has no value")
            }
            InterfaceErrorKind::UnknownNode { name, node } => {
                write!(f, "input {name:?} is bound to unknown node {node:?}")
            }
            InterfaceErrorKind::InvalidOutputReference { name, var } => {
                write!(f, "input {name:?}: {var:?} is not a valid output reference")
            }
            InterfaceErrorKind::UnknownOutput { name, node, var } => {
                write!(f, "input {name:?}: node {node:?} has no output {var:?}")
            }
            InterfaceErrorKind::FieldNotFound {
                name,
                output,
                field,
                container,
            } => write!(
                f,
                "input {name:?}: {output}: no field {field:?} in {container}"
            ),
            InterfaceErrorKind::MismatchedBinding {
                name,
                output,
                got,
                expected,
            } => write!(
                f,
                "input {name:?}: output {output} of type {got} is not castable to {expected}"
            ),
            InterfaceErrorKind::MismatchedBindingKind {
                name,
                kind,
                expected,
            } => write!(f, "input {name:?}: {kind} binding cannot bind {expected}"),
            InterfaceErrorKind::AmbiguousUnionBinding {
                name,
                expected,
                first,
                second,
            } => write!(
                f,
                "input {name:?}: the binding is ambiguous for {expected}: variants {first} and {second} both accept it"
            ),
            InterfaceErrorKind::IncompatibleUnionBinding { name, expected } => write!(
                f,
                "input {name:?}: no variant of {expected} accepts the binding"
            ),
        }
    }
}

struct In<'a>(&'a str);

impl fmt::Display for In<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " at {}", self.0)
        }
    }
}

/// The validation report: every problem found by one validation, in a stable order (see each
/// function), each an [`Error`] of kind [`ErrorKind::Interface`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(
    /// The problems, in the order the validating function documents.
    pub Vec<Error>,
);

impl ValidationErrors {
    /// The problems.
    pub fn errors(&self) -> &[Error] {
        &self.0
    }

    /// The problems' messages, one string each.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} validation errors:", all.len())?;
                for e in all {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

/// A problem with no cause behind it.
fn problem(kind: InterfaceErrorKind) -> Error {
    Error::new(ErrorKind::Interface(kind))
}

/// A problem caused by a castability (or inference) failure.
fn caused(kind: InterfaceErrorKind, cause: impl Into<Error>) -> Error {
    problem(kind).with_source(cause.into())
}

fn finish(errors: Vec<Error>) -> Result<(), ValidationErrors> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

/// Interface variables by name; the first entry wins when a name repeats.
fn index(vars: &VariableMap) -> (Vec<&str>, HashMap<&str, Option<&LiteralType>>) {
    let mut order = Vec::new();
    let mut map = HashMap::new();
    for e in &vars.variables {
        if !map.contains_key(e.key.as_str()) {
            order.push(e.key.as_str());
            map.insert(
                e.key.as_str(),
                e.value.as_ref().and_then(|v| v.r#type.as_ref()),
            );
        }
    }
    (order, map)
}

/// propeller's `IsOptionalType`: a union with a NONE variant.
fn is_optional(t: &LiteralType) -> bool {
    match &t.r#type {
        Some(Type::UnionType(u)) => u
            .variants
            .iter()
            .any(|v| v.r#type == Some(Type::Simple(SimpleType::None as i32))),
        _ => false,
    }
}

/// Validates named input literals (in the given order) against interface input variables.
///
/// For each input, in order: [`InterfaceErrorKind::DuplicateInput`] for a repeated name,
/// [`InterfaceErrorKind::UnexpectedInput`] for a name not in `variables`,
/// [`InterfaceErrorKind::UnrecognizedInput`] when the literal's type cannot be inferred,
/// [`InterfaceErrorKind::MismatchedInput`] when it is not castable (propeller's rules, like
/// flyteadmin's execution check), and [`InterfaceErrorKind::IllegalEnumValue`] for each string that
/// is not among the values of the enum it feeds (also inside lists, maps and unions).
/// Then the `defaults` (launch-plan parameters), by name: [`InterfaceErrorKind::UnexpectedDefault`]
/// and [`InterfaceErrorKind::InvalidDefault`]. Then, in interface order, each variable without a
/// value: fine when `defaults` gives it a default, says it is not required, or binds it to an
/// artifact; otherwise [`InterfaceErrorKind::MissingInput`], unless it has no parameter entry and
/// its type is Optional (a union with NONE, propeller's `IsOptionalType`).
///
/// ```
/// use flyte_types::cast::{validate_named_literals, InterfaceErrorKind};
/// use flyte_types::idl::core::*;
///
/// let var = |name: &str, s: SimpleType| VariableEntry {
///     key: name.into(),
///     value: Some(Variable {
///         r#type: Some(LiteralType { r#type: Some(literal_type::Type::Simple(s as i32)), ..Default::default() }),
///         ..Default::default()
///     }),
/// };
/// let int = |i: i64| Literal {
///     value: Some(literal::Value::Scalar(Box::new(Scalar {
///         value: Some(scalar::Value::Primitive(Primitive { value: Some(primitive::Value::Integer(i)) })),
///     }))),
///     ..Default::default()
/// };
/// let vars = VariableMap { variables: vec![var("a", SimpleType::Integer), var("b", SimpleType::Float)] };
///
/// let errs = validate_named_literals(&[("b".into(), int(1)), ("c".into(), int(2))], &vars, None).unwrap_err();
/// assert_eq!(errs.messages(), [
///     "input \"b\" has the wrong type: expected FLOAT, got INTEGER: INTEGER is not castable to FLOAT",
///     "input \"c\" is not in the interface",
///     "input \"a\" is missing",
/// ]);
/// ```
pub fn validate_named_literals(
    inputs: &[(String, Literal)],
    variables: &VariableMap,
    defaults: Option<&ParameterMap>,
) -> Result<(), ValidationErrors> {
    let (order, vars) = index(variables);
    let mut errors = Vec::new();
    let mut given: HashSet<&str> = HashSet::new();
    for (name, lit) in inputs {
        if !given.insert(name.as_str()) {
            errors.push(problem(InterfaceErrorKind::DuplicateInput {
                name: name.clone(),
            }));
            continue;
        }
        match vars.get(name.as_str()) {
            None => errors.push(problem(InterfaceErrorKind::UnexpectedInput {
                name: name.clone(),
            })),
            Some(None) => errors.push(problem(InterfaceErrorKind::UntypedVariable {
                name: name.clone(),
            })),
            Some(Some(expected)) => check_literal(name, lit, expected, &mut errors),
        }
    }
    let mut optional_by_parameter: HashSet<&str> = HashSet::new();
    if let Some(defaults) = defaults {
        for (name, param) in &defaults.parameters {
            let Some(expected) = vars.get(name.as_str()) else {
                errors.push(problem(InterfaceErrorKind::UnexpectedDefault {
                    name: name.clone(),
                }));
                continue;
            };
            match &param.behavior {
                Some(parameter::Behavior::Default(lit)) => {
                    optional_by_parameter.insert(name);
                    if let Some(expected) = expected
                        && !given.contains(name.as_str())
                        && let Err(source) =
                            literal_type_of(lit).and_then(|t| is_castable(&t, expected))
                    {
                        errors.push(caused(
                            InterfaceErrorKind::InvalidDefault {
                                name: name.clone(),
                                expected: describe_type(expected),
                            },
                            source,
                        ));
                    }
                }
                Some(parameter::Behavior::Required(false))
                | Some(parameter::Behavior::ArtifactQuery(_))
                | Some(parameter::Behavior::ArtifactId(_)) => {
                    optional_by_parameter.insert(name);
                }
                Some(parameter::Behavior::Required(true)) => {}
                None => {}
            }
        }
    }
    let has_parameter = |name: &str| defaults.is_some_and(|d| d.parameters.contains_key(name));
    for name in order {
        if given.contains(name) || optional_by_parameter.contains(name) {
            continue;
        }
        let optional =
            !has_parameter(name) && vars.get(name).copied().flatten().is_some_and(is_optional);
        if !optional {
            errors.push(problem(InterfaceErrorKind::MissingInput {
                name: name.to_string(),
            }));
        }
    }
    finish(errors)
}

/// [`validate_named_literals`] for a `LiteralMap` (its entries in key order).
pub fn validate_literal_map(
    inputs: &LiteralMap,
    variables: &VariableMap,
    defaults: Option<&ParameterMap>,
) -> Result<(), ValidationErrors> {
    let named: Vec<(String, Literal)> = inputs
        .literals
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    validate_named_literals(&named, variables, defaults)
}

/// Execution inputs against a task's or workflow's interface: [`validate_literal_map`] with the
/// interface's input variables and no defaults.
pub fn validate_inputs(
    inputs: &LiteralMap,
    interface: &TypedInterface,
) -> Result<(), ValidationErrors> {
    let empty = VariableMap::default();
    validate_literal_map(inputs, interface.inputs.as_ref().unwrap_or(&empty), None)
}

fn check_literal(name: &str, lit: &Literal, expected: &LiteralType, errors: &mut Vec<Error>) {
    let got = match literal_type_of(lit) {
        Ok(t) => t,
        Err(source) => {
            errors.push(caused(
                InterfaceErrorKind::UnrecognizedInput {
                    name: name.to_string(),
                },
                source,
            ));
            return;
        }
    };
    if let Err(source) = is_castable(&got, expected) {
        errors.push(caused(
            InterfaceErrorKind::MismatchedInput {
                name: name.to_string(),
                expected: describe_type(expected),
                got: describe_type(&got),
            },
            source,
        ));
        return;
    }
    check_enum_values(name, lit, expected, &mut String::new(), errors, 0);
}

/// Strings that feed an enum must be among its values (propeller's "IllegalEnumValue").
fn check_enum_values(
    name: &str,
    lit: &Literal,
    expected: &LiteralType,
    path: &mut String,
    errors: &mut Vec<Error>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match (&lit.value, &expected.r#type) {
        (Some(literal::Value::Scalar(s)), _) => match &s.value {
            Some(scalar::Value::Union(u)) => {
                if let (Some(v), Some(t)) = (&u.value, &u.r#type) {
                    let len = path.len();
                    path.push_str(if path.is_empty() {
                        "union.value"
                    } else {
                        ".union.value"
                    });
                    check_enum_values(name, v, t, path, errors, depth + 1);
                    path.truncate(len);
                }
            }
            _ => {
                if let Some(Type::EnumType(e)) = &expected.r#type {
                    check_enum_string(name, s, &e.values, path, errors);
                }
            }
        },
        (Some(literal::Value::Collection(c)), Some(Type::CollectionType(inner))) => {
            for (i, x) in c.literals.iter().enumerate() {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&format!("collection.literals[{i}]"));
                check_enum_values(name, x, inner, path, errors, depth + 1);
                path.truncate(len);
            }
        }
        (Some(literal::Value::Map(m)), Some(Type::MapValueType(inner))) => {
            for (k, x) in &m.literals {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&format!("map.literals[{k:?}]"));
                check_enum_values(name, x, inner, path, errors, depth + 1);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn check_enum_string(
    name: &str,
    s: &crate::idl::core::Scalar,
    allowed: &[String],
    path: &str,
    errors: &mut Vec<Error>,
) {
    // Go's `GetPrimitive().GetStringValue()`: "" for anything that is not a string.
    let value = match &s.value {
        Some(scalar::Value::Primitive(p)) => match &p.value {
            Some(primitive::Value::StringValue(v)) => v.as_str(),
            _ => "",
        },
        _ => "",
    };
    if !allowed.iter().any(|a| a == value) {
        errors.push(problem(InterfaceErrorKind::IllegalEnumValue {
            name: name.to_string(),
            path: path.to_string(),
            value: value.to_string(),
            allowed: allowed.to_vec(),
        }));
    }
}

/// Validates a node's input bindings (propeller's `ValidateBindings`, with type checks on).
///
/// `inputs` are the node's input variables; `upstream` maps node ids to their interfaces, for
/// promise bindings (`OutputReference{node_id, var, attr_path}`). For each binding, in order:
/// [`InterfaceErrorKind::UnexpectedInput`], [`InterfaceErrorKind::EmptyBinding`],
/// [`InterfaceErrorKind::DuplicateInput`], then the binding's own problems:
///
/// - **scalar**: its type (`literalTypeForScalar`) must be castable
///   ([`InterfaceErrorKind::MismatchedInput`]), and for an enum input the string must be a value
///   ([`InterfaceErrorKind::IllegalEnumValue`]);
/// - **collection / map**: each element against the element type (all problems reported); for a
///   union input, exactly one variant must accept the whole binding
///   ([`InterfaceErrorKind::AmbiguousUnionBinding`], [`InterfaceErrorKind::IncompatibleUnionBinding`]);
///   for anything else, [`InterfaceErrorKind::MismatchedBindingKind`];
/// - **promise**: the node and output must exist; `[i].var` needs a list output (its element
///   type is used); each `attr_path` step goes from a list to its element, from a map to its
///   value, or into `structure.dataclass_type` (a missing field is
///   [`InterfaceErrorKind::FieldNotFound`]). As in propeller, a STRUCT with no `dataclass_type` (a
///   Flyte 2 dataclass, whose fields are only in its JSON schema) keeps its STRUCT type for that
///   step. The result must be castable ([`InterfaceErrorKind::MismatchedBinding`]);
/// - **offloaded literal**: propeller's compiler does not accept it
///   ([`InterfaceErrorKind::MismatchedBindingKind`]).
///
/// Finally every input without a binding is [`InterfaceErrorKind::MissingInput`] unless its type is
/// Optional.
///
/// ```
/// use flyte_types::cast::validate_bindings;
/// use flyte_types::idl::core::*;
/// use std::collections::BTreeMap;
///
/// let t = |s: SimpleType| LiteralType { r#type: Some(literal_type::Type::Simple(s as i32)), ..Default::default() };
/// let vars = |name: &str, ty: LiteralType| VariableMap {
///     variables: vec![VariableEntry { key: name.into(), value: Some(Variable { r#type: Some(ty), ..Default::default() }) }],
/// };
/// let upstream = BTreeMap::from([(
///     "n0".to_string(),
///     TypedInterface { inputs: None, outputs: Some(vars("o0", t(SimpleType::Integer))) },
/// )]);
/// let promise = |var: &str| Binding {
///     var: "x".into(),
///     binding: Some(BindingData {
///         value: Some(binding_data::Value::Promise(OutputReference { node_id: "n0".into(), var: var.into(), attr_path: vec![] })),
///         ..Default::default()
///     }),
/// };
/// assert!(validate_bindings(&[promise("o0")], &vars("x", t(SimpleType::Integer)), &upstream).is_ok());
/// let errs = validate_bindings(&[promise("o0")], &vars("x", t(SimpleType::Float)), &upstream).unwrap_err();
/// assert_eq!(errs.to_string(),
///     "input \"x\": output n0.o0 of type INTEGER is not castable to FLOAT: INTEGER is not castable to FLOAT");
/// ```
pub fn validate_bindings(
    bindings: &[Binding],
    inputs: &VariableMap,
    upstream: &BTreeMap<String, TypedInterface>,
) -> Result<(), ValidationErrors> {
    let (order, vars) = index(inputs);
    let mut errors = Vec::new();
    let mut bound: HashSet<&str> = HashSet::new();
    for b in bindings {
        let name = b.var.as_str();
        let Some(expected) = vars.get(name) else {
            errors.push(problem(InterfaceErrorKind::UnexpectedInput {
                name: name.to_string(),
            }));
            continue;
        };
        let Some(data) = &b.binding else {
            errors.push(problem(InterfaceErrorKind::EmptyBinding {
                name: name.to_string(),
            }));
            continue;
        };
        if !bound.insert(name) {
            errors.push(problem(InterfaceErrorKind::DuplicateInput {
                name: name.to_string(),
            }));
            continue;
        }
        let Some(expected) = expected else {
            errors.push(problem(InterfaceErrorKind::UntypedVariable {
                name: name.to_string(),
            }));
            continue;
        };
        let ctx = BindingCtx { name, upstream };
        ctx.binding(data, expected, &mut errors, 0);
    }
    for name in order {
        if !bound.contains(name) && !vars.get(name).copied().flatten().is_some_and(is_optional) {
            errors.push(problem(InterfaceErrorKind::MissingInput {
                name: name.to_string(),
            }));
        }
    }
    finish(errors)
}

struct BindingCtx<'a> {
    name: &'a str,
    upstream: &'a BTreeMap<String, TypedInterface>,
}

impl BindingCtx<'_> {
    fn name(&self) -> String {
        self.name.to_string()
    }

    /// `validateBinding`; returns whether it added no error.
    fn binding(
        &self,
        data: &BindingData,
        expected: &LiteralType,
        errors: &mut Vec<Error>,
        depth: usize,
    ) -> bool {
        let before = errors.len();
        if depth > MAX_DEPTH {
            errors.push(caused(
                InterfaceErrorKind::UnrecognizedInput { name: self.name() },
                CastErrorKind::TooDeep {
                    path: String::new(),
                    limit: MAX_DEPTH,
                },
            ));
            return false;
        }
        let Some(value) = &data.value else {
            errors.push(problem(InterfaceErrorKind::EmptyBinding {
                name: self.name(),
            }));
            return false;
        };
        // Non-scalar, non-promise bindings against a union: exactly one variant must accept.
        if !matches!(
            value,
            binding_data::Value::Scalar(_) | binding_data::Value::Promise(_)
        ) && let Some(Type::UnionType(u)) = &expected.r#type
        {
            let mut accepted: Option<&LiteralType> = None;
            for v in &u.variants {
                let mut scratch = Vec::new();
                if self.binding(data, v, &mut scratch, depth + 1) {
                    if let Some(first) = accepted {
                        errors.push(problem(InterfaceErrorKind::AmbiguousUnionBinding {
                            name: self.name(),
                            expected: describe_type(expected),
                            first: describe_type(first),
                            second: describe_type(v),
                        }));
                        return false;
                    }
                    accepted = Some(v);
                }
            }
            if accepted.is_none() {
                errors.push(problem(InterfaceErrorKind::IncompatibleUnionBinding {
                    name: self.name(),
                    expected: describe_type(expected),
                }));
            }
            return errors.len() == before;
        }
        match value {
            binding_data::Value::Collection(c) => match &expected.r#type {
                Some(Type::CollectionType(inner)) => {
                    for b in &c.bindings {
                        self.binding(b, inner, errors, depth + 1);
                    }
                }
                _ => errors.push(self.kind_mismatch("a collection", expected)),
            },
            binding_data::Value::Map(m) => match &expected.r#type {
                Some(Type::MapValueType(inner)) => {
                    for b in m.bindings.values() {
                        self.binding(b, inner, errors, depth + 1);
                    }
                }
                _ => errors.push(self.kind_mismatch("a map", expected)),
            },
            binding_data::Value::OffloadedMetadata(_) => {
                errors.push(self.kind_mismatch("an offloaded literal", expected));
            }
            binding_data::Value::Scalar(s) => {
                match scalar_type_of(s) {
                    Err(source) => errors.push(caused(
                        InterfaceErrorKind::UnrecognizedInput { name: self.name() },
                        source,
                    )),
                    Ok(got) => {
                        if let Err(source) = is_castable(&got, expected) {
                            errors.push(caused(
                                InterfaceErrorKind::MismatchedInput {
                                    name: self.name(),
                                    expected: describe_type(expected),
                                    got: describe_type(&got),
                                },
                                source,
                            ));
                        }
                    }
                }
                if let Some(Type::EnumType(e)) = &expected.r#type {
                    check_enum_string(self.name, s, &e.values, "", errors);
                }
            }
            binding_data::Value::Promise(p) => self.promise(p, expected, errors),
        }
        errors.len() == before
    }

    fn kind_mismatch(&self, kind: &'static str, expected: &LiteralType) -> Error {
        problem(InterfaceErrorKind::MismatchedBindingKind {
            name: self.name(),
            kind,
            expected: describe_type(expected),
        })
    }

    fn promise(
        &self,
        p: &crate::idl::core::OutputReference,
        expected: &LiteralType,
        errors: &mut Vec<Error>,
    ) {
        let Some(iface) = self.upstream.get(&p.node_id) else {
            errors.push(problem(InterfaceErrorKind::UnknownNode {
                name: self.name(),
                node: p.node_id.clone(),
            }));
            return;
        };
        let Some((index, var)) = parse_var_name(&p.var) else {
            errors.push(problem(InterfaceErrorKind::InvalidOutputReference {
                name: self.name(),
                var: p.var.clone(),
            }));
            return;
        };
        let output = iface.outputs.as_ref().and_then(|o| {
            o.variables
                .iter()
                .find(|e| e.key == var)
                .and_then(|e| e.value.as_ref())
        });
        let Some(output_type) = output.and_then(|v| v.r#type.as_ref()) else {
            errors.push(problem(InterfaceErrorKind::UnknownOutput {
                name: self.name(),
                node: p.node_id.clone(),
                var: var.to_string(),
            }));
            return;
        };
        let mut label = format!("{}.{}", p.node_id, p.var);
        let mut source = output_type;
        if index.is_some() {
            match &output_type.r#type {
                Some(Type::CollectionType(inner)) => source = inner,
                _ => {
                    errors.push(caused(
                        InterfaceErrorKind::MismatchedBinding {
                            name: self.name(),
                            output: label,
                            got: describe_type(output_type),
                            expected: describe_type(expected),
                        },
                        CastErrorKind::NotCastable {
                            path: String::new(),
                            upstream: describe_type(output_type),
                            downstream: "an indexable list".into(),
                        },
                    ));
                    return;
                }
            }
        }
        for attr in &p.attr_path {
            let (text, key) = match &attr.value {
                Some(promise_attribute::Value::StringValue(s)) => (format!(".{s}"), s.as_str()),
                Some(promise_attribute::Value::IntValue(i)) => (format!("[{i}]"), ""),
                None => ("[?]".to_string(), ""),
            };
            match &source.r#type {
                Some(Type::CollectionType(inner)) | Some(Type::MapValueType(inner)) => {
                    source = inner
                }
                _ => {
                    if let Some(st) = &source.structure
                        && !st.dataclass_type.is_empty()
                    {
                        match st.dataclass_type.get(key) {
                            Some(field) => source = field,
                            None => {
                                errors.push(problem(InterfaceErrorKind::FieldNotFound {
                                    name: self.name(),
                                    output: label,
                                    field: key.to_string(),
                                    container: describe_type(source),
                                }));
                                return;
                            }
                        }
                    }
                }
            }
            label.push_str(&text);
        }
        if let Err(e) = is_castable(source, expected) {
            errors.push(caused(
                InterfaceErrorKind::MismatchedBinding {
                    name: self.name(),
                    output: label,
                    got: describe_type(source),
                    expected: describe_type(expected),
                },
                e,
            ));
        }
    }
}

/// propeller's `ParseVarName`: exactly one match of `(\[(\d+)\]\.)?(\w+)` in the text
/// (anywhere: surrounding characters that match nothing are ignored, as Go's `FindAll` does).
/// Returns the optional index and the name.
fn parse_var_name(text: &str) -> Option<(Option<usize>, &str)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let word_end = |mut i: usize| {
        while i < bytes.len() && word(bytes[i]) {
            i += 1;
        }
        i
    };
    let mut found: Vec<(Option<&str>, &str)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // With the optional `[digits].` prefix first (greedy), then without.
        let mut matched = None;
        if bytes[i] == b'[' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j > i + 1 && bytes.get(j) == Some(&b']') && bytes.get(j + 1) == Some(&b'.') {
                let end = word_end(j + 2);
                if end > j + 2 {
                    matched = Some((Some(&text[i + 1..j]), &text[j + 2..end], end));
                }
            }
        }
        if matched.is_none() && word(bytes[i]) {
            let end = word_end(i);
            matched = Some((None, &text[i..end], end));
        }
        match matched {
            Some((idx, name, end)) => {
                found.push((idx, name));
                i = end;
            }
            None => i += 1,
        }
    }
    match found.as_slice() {
        [(idx, name)] => match idx {
            None => Some((None, name)),
            Some(digits) => digits.parse::<usize>().ok().map(|n| (Some(n), *name)),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_var_name;

    #[test]
    fn var_names_parse_like_propeller() {
        assert_eq!(parse_var_name("o0"), Some((None, "o0")));
        assert_eq!(parse_var_name("[3].o0"), Some((Some(3), "o0")));
        assert_eq!(parse_var_name("a.b"), None);
        assert_eq!(parse_var_name(""), None);
        assert_eq!(parse_var_name("[1]."), Some((None, "1")));
        assert_eq!(parse_var_name("o0 "), Some((None, "o0")));
        assert_eq!(parse_var_name("[99999999999999999999999].x"), None);
    }
}
