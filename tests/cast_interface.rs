//! Interface validation (inputs against a TypedInterface, defaults) and binding validation
//! between nodes: one error per problem, all reported together, in a stable order.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{
    InterfaceErrorKind, validate_bindings, validate_inputs, validate_literal_map,
    validate_named_literals,
};
use flyte_types::idl::core::{
    Binding, BindingData, BindingDataCollection, BindingDataMap, Literal, LiteralMap,
    LiteralOffloadedMetadata, LiteralType, OutputReference, Parameter, ParameterMap,
    PromiseAttribute, Scalar, TypeStructure, TypedInterface, Variable, VariableEntry, VariableMap,
    binding_data, literal, parameter, promise_attribute,
};
use std::collections::BTreeMap;

fn vars(entries: Vec<(&str, LiteralType)>) -> VariableMap {
    VariableMap {
        variables: entries
            .into_iter()
            .map(|(k, t)| VariableEntry {
                key: k.into(),
                value: Some(Variable {
                    r#type: Some(t),
                    ..Default::default()
                }),
            })
            .collect(),
    }
}

fn named(items: Vec<(&str, Literal)>) -> Vec<(String, Literal)> {
    items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn messages(r: Result<(), flyte_types::cast::ValidationErrors>) -> Vec<String> {
    r.err().map(|e| e.messages()).unwrap_or_default()
}

fn color() -> LiteralType {
    enm(&["RED", "GREEN"])
}

#[test]
fn valid_inputs_pass() {
    let iface = vars(vec![
        ("i", int()),
        ("xs", list(float())),
        ("c", color()),
        (
            "o",
            union(vec![tagged(int(), "int"), tagged(none(), "none")]),
        ),
    ]);
    let inputs = named(vec![
        ("i", lit_int(1)),
        ("xs", lit_list(vec![])),
        ("c", lit_str("GREEN")),
        ("o", lit_union(lit_none(), tagged(none(), "none"))),
    ]);
    assert_eq!(validate_named_literals(&inputs, &iface, None), Ok(()));
}

#[test]
fn every_problem_is_reported_in_order() {
    let iface = vars(vec![
        ("a", int()),
        ("b", float()),
        ("c", color()),
        ("colors", list(color())),
        ("d", list(int())),
        (
            "opt",
            union(vec![tagged(int(), "int"), tagged(none(), "none")]),
        ),
    ]);
    let inputs = named(vec![
        ("b", lit_int(1)),
        ("zzz", lit_int(2)),
        ("c", lit_str("BLUE")),
        ("colors", lit_list(vec![lit_str("RED"), lit_str("PINK")])),
        ("b", lit_float(1.0)),
        ("d", Literal::default()),
    ]);
    assert_eq!(
        messages(validate_named_literals(&inputs, &iface, None)),
        [
            "input \"b\" has the wrong type: expected FLOAT, got INTEGER: INTEGER is not castable to FLOAT",
            "input \"zzz\" is not in the interface",
            "input \"c\": \"BLUE\" is not one of the enum values [\"RED\", \"GREEN\"]",
            "input \"colors\" at collection.literals[1]: \"PINK\" is not one of the enum values [\"RED\", \"GREEN\"]",
            "input \"b\" is given more than once",
            "input \"d\": unknown literal type: literal has no value",
            // "opt" is Optional: not required.
            "input \"a\" is missing",
        ]
    );
}

#[test]
fn literal_maps_and_interfaces() {
    let iface = TypedInterface {
        inputs: Some(vars(vec![("n", list(int()))])),
        outputs: None,
    };
    let ok = LiteralMap {
        literals: [("n".to_string(), lit_list(vec![lit_int(1)]))].into(),
    };
    assert_eq!(validate_inputs(&ok, &iface), Ok(()));
    let bad = LiteralMap {
        literals: [("n".to_string(), lit_list(vec![lit_int(1), lit_str("x")]))].into(),
    };
    let err = validate_inputs(&bad, &iface).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input \"n\" has the wrong type: expected list<INTEGER>, got list<union{INTEGER | STRING}>: \
         collection_type: union{INTEGER | STRING} is not castable to INTEGER"
    );
    assert!(matches!(
        err.errors(),
        [e] if matches!(e.kind(), flyte_types::ErrorKind::Interface(InterfaceErrorKind::MismatchedInput { .. }))
    ));
    // No interface inputs at all.
    let empty = TypedInterface::default();
    assert_eq!(
        messages(validate_inputs(&ok, &empty)),
        ["input \"n\" is not in the interface"]
    );
}

#[test]
fn defaults_from_a_parameter_map() {
    let iface = vars(vec![
        ("a", int()),
        ("b", string()),
        ("c", float()),
        ("d", int()),
        ("e", int()),
    ]);
    let param = |b: Option<parameter::Behavior>| Parameter {
        var: None,
        behavior: b,
    };
    let defaults = ParameterMap {
        parameters: [
            (
                "a".to_string(),
                param(Some(parameter::Behavior::Default(lit_int(5)))),
            ),
            (
                "b".to_string(),
                param(Some(parameter::Behavior::Default(lit_int(5)))),
            ),
            (
                "c".to_string(),
                param(Some(parameter::Behavior::Required(false))),
            ),
            (
                "d".to_string(),
                param(Some(parameter::Behavior::Required(true))),
            ),
            ("nope".to_string(), param(None)),
        ]
        .into(),
    };
    let inputs = LiteralMap::default();
    assert_eq!(
        messages(validate_literal_map(&inputs, &iface, Some(&defaults))),
        [
            "default for input \"b\" has the wrong type: expected STRING: INTEGER is not castable to STRING",
            "default_input \"nope\" is not in the interface",
            "input \"d\" is missing",
            "input \"e\" is missing",
        ]
    );
}

// ---- bindings

fn promise(var: &str, attrs: Vec<promise_attribute::Value>) -> BindingData {
    BindingData {
        value: Some(binding_data::Value::Promise(OutputReference {
            node_id: "n0".into(),
            var: var.into(),
            attr_path: attrs
                .into_iter()
                .map(|v| PromiseAttribute { value: Some(v) })
                .collect(),
        })),
        ..Default::default()
    }
}
fn scalar_binding(l: Literal) -> BindingData {
    let Some(literal::Value::Scalar(s)) = l.value else {
        panic!("not a scalar")
    };
    BindingData {
        value: Some(binding_data::Value::Scalar(*s)),
        ..Default::default()
    }
}
fn bind(var: &str, data: BindingData) -> Binding {
    Binding {
        var: var.into(),
        binding: Some(data),
    }
}
fn s(v: &str) -> promise_attribute::Value {
    promise_attribute::Value::StringValue(v.into())
}

fn upstream() -> BTreeMap<String, TypedInterface> {
    // flytekit v1 dataclass: field types in structure.dataclass_type.
    let dc = LiteralType {
        structure: Some(TypeStructure {
            tag: String::new(),
            dataclass_type: [
                ("a".to_string(), int()),
                ("tags".to_string(), list(string())),
            ]
            .into(),
        }),
        ..strukt()
    };
    let outputs = vars(vec![
        ("i", int()),
        ("xs", list(int())),
        ("m", map(list(float()))),
        ("dc", dc),
        (
            "flyte2_dc",
            tagged(strukt(), "Object-Dataclass-Transformer"),
        ),
    ]);
    BTreeMap::from([(
        "n0".to_string(),
        TypedInterface {
            inputs: None,
            outputs: Some(outputs),
        },
    )])
}

#[test]
fn promises_with_indices_and_attribute_paths() {
    let inputs = vars(vec![
        ("a", int()),
        ("b", int()),
        ("c", float()),
        ("d", string()),
        ("e", int()),
    ]);
    let ok = [
        bind("a", promise("i", vec![])),
        bind("b", promise("[0].xs", vec![])),
        bind(
            "c",
            promise("m", vec![s("key"), promise_attribute::Value::IntValue(1)]),
        ),
        bind(
            "d",
            promise("dc", vec![s("tags"), promise_attribute::Value::IntValue(0)]),
        ),
        bind("e", promise("dc", vec![s("a")])),
    ];
    assert_eq!(validate_bindings(&ok, &inputs, &upstream()), Ok(()));

    let bad = [
        bind("a", promise("xs", vec![])),
        bind("b", promise("[0].i", vec![])),
        bind("c", promise("dc", vec![s("missing")])),
        bind("d", promise("nothere", vec![])),
        bind("e", promise("a.b", vec![])),
        Binding {
            var: "x".into(),
            binding: Some(promise("i", vec![])),
        },
        Binding {
            var: "a".into(),
            binding: None,
        },
    ];
    assert_eq!(
        messages(validate_bindings(&bad, &inputs, &upstream())),
        [
            "input \"a\": output n0.xs of type list<INTEGER> is not castable to INTEGER: list<INTEGER> is not castable to INTEGER",
            "input \"b\": output n0.[0].i of type INTEGER is not castable to INTEGER: INTEGER is not castable to an indexable list",
            "input \"c\": n0.dc: no field \"missing\" in STRUCT",
            "input \"d\": node \"n0\" has no output \"nothere\"",
            "input \"e\": \"a.b\" is not a valid output reference",
            "input \"x\" is not in the interface",
            "input \"a\": the binding has no value",
        ]
    );
}

#[test]
fn flyte2_structs_keep_their_type_through_attribute_paths() {
    // Propeller only looks into `structure.dataclass_type`; a Flyte 2 dataclass has none, so
    // `x.a` keeps the STRUCT type and cannot feed an int.
    let inputs = vars(vec![("a", int())]);
    let b = [bind("a", promise("flyte2_dc", vec![s("a")]))];
    assert_eq!(
        messages(validate_bindings(&b, &inputs, &upstream())),
        [
            "input \"a\": output n0.flyte2_dc.a of type STRUCT (tag \"Object-Dataclass-Transformer\") is not castable to INTEGER: STRUCT (tag \"Object-Dataclass-Transformer\") is not castable to INTEGER: structure tag \"Object-Dataclass-Transformer\" differs from \"\""
        ]
    );
}

#[test]
fn scalar_collection_and_map_bindings() {
    let inputs = vars(vec![
        ("c", color()),
        ("xs", list(int())),
        ("m", map(string())),
        ("u", union(vec![list(int()), list(string())])),
        ("w", union(vec![list(int()), map(int())])),
        ("opt", union(vec![int(), none()])),
        ("off", int()),
        ("req", float()),
    ]);
    let coll = |items: Vec<BindingData>| BindingData {
        value: Some(binding_data::Value::Collection(BindingDataCollection {
            bindings: items,
        })),
        ..Default::default()
    };
    let mp = |items: Vec<(&str, BindingData)>| BindingData {
        value: Some(binding_data::Value::Map(BindingDataMap {
            bindings: items.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        })),
        ..Default::default()
    };
    let ok = [
        bind("c", scalar_binding(lit_str("RED"))),
        bind(
            "xs",
            coll(vec![scalar_binding(lit_int(1)), promise("i", vec![])]),
        ),
        bind("m", mp(vec![("k", scalar_binding(lit_str("v")))])),
        bind("u", coll(vec![scalar_binding(lit_str("s"))])),
        bind("w", mp(vec![("k", scalar_binding(lit_int(1)))])),
        bind("req", scalar_binding(lit_float(1.0))),
        bind("off", promise("i", vec![])),
    ];
    assert_eq!(validate_bindings(&ok, &inputs, &upstream()), Ok(()));

    let bad = [
        bind("c", scalar_binding(lit_str("BLUE"))),
        bind(
            "xs",
            coll(vec![
                scalar_binding(lit_str("a")),
                scalar_binding(lit_float(2.0)),
            ]),
        ),
        bind("m", coll(vec![])),
        bind("u", coll(vec![])),
        bind("w", coll(vec![scalar_binding(lit_float(1.0))])),
        bind(
            "off",
            BindingData {
                value: Some(binding_data::Value::OffloadedMetadata(
                    LiteralOffloadedMetadata {
                        inferred_type: Some(int()),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
        ),
        bind("c", scalar_binding(lit_str("RED"))),
        bind(
            "req",
            BindingData {
                value: Some(binding_data::Value::Scalar(Scalar { value: None })),
                ..Default::default()
            },
        ),
    ];
    assert_eq!(
        messages(validate_bindings(&bad, &inputs, &upstream())),
        [
            "input \"c\": \"BLUE\" is not one of the enum values [\"RED\", \"GREEN\"]",
            "input \"xs\" has the wrong type: expected INTEGER, got STRING: STRING is not castable to INTEGER",
            "input \"xs\" has the wrong type: expected INTEGER, got FLOAT: FLOAT is not castable to INTEGER",
            "input \"m\": a collection binding cannot bind map<STRING>",
            "input \"u\": the binding is ambiguous for union{list<INTEGER> | list<STRING>}: variants list<INTEGER> and list<STRING> both accept it",
            "input \"w\": no variant of union{list<INTEGER> | map<INTEGER>} accepts the binding",
            "input \"off\": an offloaded literal binding cannot bind INTEGER",
            "input \"c\" is given more than once",
            "input \"req\": unknown literal type: scalar has no value",
        ]
    );
}

#[test]
fn unbound_inputs_are_missing_unless_optional() {
    let inputs = vars(vec![("a", int()), ("opt", union(vec![int(), none()]))]);
    assert_eq!(
        messages(validate_bindings(&[], &inputs, &upstream())),
        ["input \"a\" is missing"]
    );
    let unknown_node = [Binding {
        var: "a".into(),
        binding: Some(BindingData {
            value: Some(binding_data::Value::Promise(OutputReference {
                node_id: "ghost".into(),
                var: "o0".into(),
                attr_path: vec![],
            })),
            ..Default::default()
        }),
    }];
    assert_eq!(
        messages(validate_bindings(&unknown_node, &inputs, &upstream())),
        ["input \"a\" is bound to unknown node \"ghost\""]
    );
}
