//! STRUCT schema castability: JSON-schema equality, child → parent supersets, `$ref` / `$defs` /
//! `definitions`, nested objects, arrays, Optional (`anyOf`) fields, cycles; and a property test
//! of a struct schema against the same schema with extra fields.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{is_castable, is_schema_castable};
use proptest::prelude::*;
use serde_json::{Value, json};

fn check(up: Value, down: Value) -> Result<(), String> {
    let a = is_schema_castable(&up, &down).map_err(|e| e.to_string());
    // The same answer through the LiteralType entry point.
    let b = is_castable(&struct_with(up), &struct_with(down)).map_err(|e| e.to_string());
    assert_eq!(a, b);
    a
}

fn pydantic_outer(inner_props: Value, extra: Value) -> Value {
    let mut props = json!({"inner": {"$ref": "#/$defs/Inner"},
                           "maybe": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}], "default": null}});
    if let (Some(p), Some(e)) = (props.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    json!({"$defs": {"Inner": {"type": "object", "title": "Inner", "properties": inner_props,
                                "required": ["a"]}},
           "type": "object", "title": "Outer", "properties": props, "required": ["inner"]})
}

#[test]
fn refs_into_defs_are_resolved_on_each_side() {
    let parent = pydantic_outer(json!({"a": {"type": "integer"}}), json!({}));
    let child = pydantic_outer(
        json!({"a": {"type": "integer"}, "b": {"type": "string"}}),
        json!({"z": {"type": "array", "items": {"type": "number"}}}),
    );
    assert_eq!(check(child.clone(), parent.clone()), Ok(()));
    assert_eq!(
        check(parent, child),
        Err("STRUCT schema is not castable: at #/$defs/Inner/properties/b: property \"b\" is missing upstream"
            .into())
    );
}

#[test]
fn definitions_and_inline_objects_mix() {
    // Upstream inlines the nested object, downstream refers to `definitions`.
    let up = json!({"type": "object", "properties": {"p": {"type": "object",
        "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}}}});
    let down = json!({"definitions": {"P": {"type": "object", "properties": {"x": {"type": "integer"}}}},
                      "type": "object", "properties": {"p": {"$ref": "#/definitions/P"}}});
    assert_eq!(check(up, down), Ok(()));
}

#[test]
fn field_types_must_match() {
    let obj = |t: Value| json!({"type": "object", "properties": {"f": t}, "required": ["f"]});
    assert_eq!(
        check(
            obj(json!({"type": "integer"})),
            obj(json!({"type": "integer"}))
        ),
        Ok(())
    );
    assert_eq!(
        check(obj(json!({"type": "string"})), obj(json!({"type": "integer"}))),
        Err("STRUCT schema is not castable: at #/properties/f: type string is not castable to integer".into())
    );
    // Optional: T → Optional[T] fits, Optional[T] → T does not.
    let opt = json!({"anyOf": [{"type": "integer"}, {"type": "null"}]});
    assert_eq!(
        check(obj(json!({"type": "integer"})), obj(opt.clone())),
        Ok(())
    );
    assert_eq!(
        check(obj(opt), obj(json!({"type": "integer"}))),
        Err("STRUCT schema is not castable: at #/properties/f: type null is not castable to integer".into())
    );
    // Arrays compare their items.
    let arr = |t: &str| obj(json!({"type": "array", "items": {"type": t}}));
    assert_eq!(check(arr("string"), arr("string")), Ok(()));
    assert_eq!(
        check(arr("string"), arr("boolean")),
        Err("STRUCT schema is not castable: at #/properties/f/items: type string is not castable to boolean".into())
    );
    // Enums: the upstream values must all be allowed downstream.
    let e = |v: Value| obj(json!({"enum": v}));
    assert_eq!(check(e(json!(["a"])), e(json!(["a", "b"]))), Ok(()));
    assert_eq!(
        check(e(json!(["a", "c"])), e(json!(["a", "b"]))),
        Err("STRUCT schema is not castable: at #/properties/f: enum value \"c\" is not allowed downstream".into())
    );
    // Formats (dates vs date-times) must match.
    let f = |fmt: &str| obj(json!({"type": "string", "format": fmt}));
    assert_eq!(
        check(f("date"), f("date-time")),
        Err("STRUCT schema is not castable: at #/properties/f: format \"date\" is not castable to format \"date-time\"".into())
    );
    // additionalProperties (dict value types) is not compared, as in propeller.
    let dict = |t: &str| obj(json!({"type": "object", "additionalProperties": {"type": t}}));
    assert_eq!(check(dict("integer"), dict("number")), Ok(()));
}

#[test]
fn invalid_schemas_are_never_supertypes() {
    let good = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
    let bad_ref =
        json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}, "b": {}}});
    assert_eq!(
        check(bad_ref.clone(), good.clone()),
        Err("STRUCT schema is not castable: at #/properties/a: upstream schema: unresolvable $ref \"#/$defs/Missing\"".into())
    );
    // ... but two identical documents are the same type, valid or not (the JSON diff comes first).
    assert_eq!(check(bad_ref.clone(), bad_ref), Ok(()));
    let bad_type = json!({"type": "object", "properties": {"a": {"type": "int"}}});
    assert_eq!(
        check(good, bad_type),
        Err("STRUCT schema is not castable: at #/properties/a: downstream schema: invalid type \"int\"".into())
    );
}

#[test]
fn recursive_refs_terminate() {
    let node = |extra: bool| {
        let mut props = json!({"v": {"type": "integer"},
                               "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}});
        if extra {
            props["w"] = json!({"type": "string"});
        }
        json!({"$defs": {"Node": {"type": "object", "properties": props, "required": ["v"]}},
               "$ref": "#/$defs/Node"})
    };
    assert_eq!(check(node(true), node(false)), Ok(()));
    assert_eq!(
        check(node(false), node(true)),
        Err("STRUCT schema is not castable: at #/$defs/Node/properties/w: property \"w\" is missing upstream".into())
    );
    // A schema that is only a reference to itself.
    assert_eq!(
        check(json!({"$ref": "#"}), json!({"$ref": "#", "title": "x"})),
        Err("STRUCT schema is not castable: at #: $ref chain does not end".into())
    );
}

// ---- property test: a struct and the same struct with extra fields

fn field_schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "string"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"enum": ["red", "green"]})),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| json!({"type": "array", "items": t})),
            inner
                .clone()
                .prop_map(|t| json!({"anyOf": [t, {"type": "null"}], "default": null})),
            inner
                .clone()
                .prop_map(|t| json!({"type": "object", "additionalProperties": t})),
            proptest::collection::btree_map("[a-e]", inner, 1..3).prop_map(|m| {
                let required: Vec<&String> = m.keys().collect();
                json!({"type": "object", "properties": m, "required": required,
                       "additionalProperties": false})
            }),
        ]
    })
}

/// A mashumaro-shaped dataclass schema from fields.
fn dataclass(fields: &std::collections::BTreeMap<String, Value>, title: &str) -> Value {
    let required: Vec<&String> = fields.keys().collect();
    json!({"type": "object", "title": title, "additionalProperties": false,
           "properties": fields, "required": required})
}

proptest! {
    #[test]
    fn child_is_castable_to_parent_not_back(
        base in proptest::collection::btree_map("[a-h]{1,3}", field_schema(), 0..5),
        extra in proptest::collection::btree_map("x_[a-h]{1,3}", field_schema(), 1..4),
    ) {
        let parent = dataclass(&base, "Parent");
        let mut all = base.clone();
        all.extend(extra.clone());
        let child = dataclass(&all, "Child");
        prop_assert_eq!(is_castable(&struct_with(child.clone()), &struct_with(parent.clone())), Ok(()));
        prop_assert_eq!(is_castable(&struct_with(parent.clone()), &struct_with(parent.clone())), Ok(()));
        let err = is_castable(&struct_with(parent), &struct_with(child)).unwrap_err().to_string();
        let first_extra = extra.keys().next().unwrap();
        prop_assert_eq!(
            err,
            format!("STRUCT schema is not castable: at #/properties/{first_extra}: property {first_extra:?} is missing upstream")
        );
    }
}
