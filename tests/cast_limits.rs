//! Hostile inputs: deep nesting gives `TooDeep` (never a stack overflow), pathological unions give
//! `TooComplex`, and the depth limit itself is exact.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{CastErrorKind, MAX_DEPTH, MAX_STEPS, is_castable, literal_type_of};
use flyte_types::idl::core::{Literal, LiteralType, literal, literal_type::Type};

/// The castability detail of a result of the `cast` functions.
fn cast<T>(r: Result<T, flyte_types::Error>) -> Result<T, CastErrorKind> {
    r.map_err(|e| match e.kind() {
        flyte_types::ErrorKind::Cast(kind) => kind.clone(),
        other => panic!("not a castability error: {other:?}"),
    })
}

/// `list<list<…<INTEGER>…>>` with `levels` collection levels, built without recursion.
fn deep_list(levels: usize) -> LiteralType {
    let mut t = int();
    for _ in 0..levels {
        t = list(t);
    }
    t
}

/// Owns a deep type and takes it apart iteratively on drop (also when an assertion fails):
/// the derived `Drop` would recurse once per level.
struct Deep(LiteralType);

impl Drop for Deep {
    fn drop(&mut self) {
        let mut stack = vec![std::mem::take(&mut self.0)];
        while let Some(mut t) = stack.pop() {
            match t.r#type.take() {
                Some(Type::CollectionType(inner) | Type::MapValueType(inner)) => stack.push(*inner),
                Some(Type::UnionType(u)) => stack.extend(u.variants),
                _ => {}
            }
        }
    }
}

struct DeepLiteral(Literal);

impl Drop for DeepLiteral {
    fn drop(&mut self) {
        let mut stack = vec![std::mem::take(&mut self.0)];
        while let Some(mut l) = stack.pop() {
            if let Some(literal::Value::Collection(c)) = l.value.take() {
                stack.extend(c.literals);
            }
        }
    }
}

#[test]
fn a_100_000_deep_type_is_an_error_not_a_stack_overflow() {
    let t = Deep(deep_list(100_000));
    let err = cast(is_castable(&t.0, &t.0)).unwrap_err();
    assert!(matches!(err, CastErrorKind::TooDeep { limit: 100, .. }));
    assert!(
        err.to_string()
            .ends_with(": nesting deeper than 100 levels"),
        "{err}"
    );
    assert!(err.path().starts_with("collection_type.collection_type."));
    assert_eq!(err.path().split('.').count(), MAX_DEPTH + 1);

    let mut u = int();
    for _ in 0..100_000 {
        u = union(vec![u]);
    }
    let u = Deep(u);
    // Against a scalar only the top of the chain is looked at.
    assert_eq!(
        cast(is_castable(&u.0, &int())).unwrap_err().to_string(),
        "union{union{union{union{union{…}}}}} is not castable to INTEGER"
    );
    let err = cast(is_castable(&u.0, &u.0)).unwrap_err();
    assert!(matches!(err, CastErrorKind::TooDeep { .. }), "{err}");
}

#[test]
fn the_depth_limit_is_exact() {
    let at_limit = deep_list(MAX_DEPTH);
    assert_eq!(cast(is_castable(&at_limit, &at_limit)), Ok(()));
    let over = deep_list(MAX_DEPTH + 1);
    assert!(matches!(
        cast(is_castable(&over, &over)),
        Err(CastErrorKind::TooDeep { .. })
    ));
    // Against a downstream at the limit, the extra level is an ordinary mismatch.
    assert!(matches!(
        cast(is_castable(&over, &at_limit)),
        Err(CastErrorKind::NotCastable { .. })
    ));
}

#[test]
fn a_100_000_deep_literal_is_an_error() {
    let mut l = lit_int(1);
    for _ in 0..100_000 {
        l = lit_list(vec![l]);
    }
    let l = DeepLiteral(l);
    let err = cast(literal_type_of(&l.0)).unwrap_err();
    assert!(
        matches!(err, CastErrorKind::TooDeep { limit: 100, .. }),
        "{err}"
    );

    // A deep type inside a union literal is not cloned.
    fn union_type(lit: &mut Literal) -> &mut Option<LiteralType> {
        match &mut lit.value {
            Some(literal::Value::Scalar(s)) => match &mut s.value {
                Some(flyte_types::idl::core::scalar::Value::Union(u)) => &mut u.r#type,
                _ => unreachable!(),
            },
            _ => unreachable!(),
        }
    }
    let deep = Deep(deep_list(100_000));
    let mut lit = lit_union(lit_int(1), LiteralType::default());
    *union_type(&mut lit) = Some(deep_list(100_000));
    let r = cast(literal_type_of(&lit));
    let _guard = union_type(&mut lit).take().map(Deep);
    assert!(matches!(r, Err(CastErrorKind::TooDeep { .. })));
    drop(deep);
}

#[test]
fn a_100_000_deep_struct_schema_is_an_error() {
    use prost_types::{Struct, Value, value::Kind};
    let mut v = Value {
        kind: Some(Kind::NullValue(0)),
    };
    for _ in 0..100_000 {
        v = Value {
            kind: Some(Kind::StructValue(Struct {
                fields: [("a".to_string(), v)].into(),
            })),
        };
    }
    let md = Struct {
        fields: [("properties".to_string(), v)].into(),
    };
    let other = json_struct(&serde_json::json!({"type": "object"}));
    let up = LiteralType {
        metadata: Some(md),
        ..strukt()
    };
    let down = LiteralType {
        metadata: Some(other),
        ..strukt()
    };
    let err = cast(is_castable(&up, &down)).unwrap_err();
    assert!(matches!(err, CastErrorKind::TooDeep { .. }), "{err}");
    // Take it apart iteratively.
    let mut md = up.metadata.unwrap();
    while let Some(mut v) = md.fields.pop_first().map(|(_, v)| v) {
        match v.kind.take() {
            Some(Kind::StructValue(s)) => md = s,
            _ => break,
        }
    }
}

#[test]
fn pathological_unions_give_too_complex() {
    // 1,500 upstream variants, each of which only fits the last of 1,500 downstream variants:
    // 2.25 million variant pairs to try.
    let up = union((0..1500).map(|_| tagged(int(), "t")).collect());
    let down = union(
        (0..1500)
            .map(|i| tagged(if i == 1499 { int() } else { float() }, "t"))
            .collect(),
    );
    let err = cast(is_castable(&up, &down)).unwrap_err();
    assert_eq!(
        err,
        CastErrorKind::TooComplex {
            path: String::new(),
            limit: MAX_STEPS
        },
    );
    assert_eq!(
        err.to_string(),
        "castability check gave up after 1000000 steps"
    );
}
