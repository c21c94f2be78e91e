//! The fuzz target `typed_literal`: a selector byte, then bytes read as a `Literal` of the
//! selected Rust type. The bytes reader (`read_literal_bytes`) must never panic, and where
//! prost decodes the bytes and `from_literal` reads the tree, it must read the same value.
//! `tests/fuzz_regressions.rs` replays the kept inputs and the corpus seeds in plain
//! `cargo test`.

use super::FlyteType;
use crate::idl::core::Literal;
use chrono::{DateTime, TimeDelta, Utc};
use prost::Message;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

/// How many Rust types the selector byte chooses from (`data[0] % TYPES`).
pub const TYPES: u8 = if cfg!(feature = "derive") { 14 } else { 12 };

/// Seeds for the derived holders (selectors 12 and 13): their own literals, as
/// `(target, name, input)`.
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    #[cfg(feature = "derive")]
    {
        holders::seeds()
    }
    #[cfg(not(feature = "derive"))]
    {
        Vec::new()
    }
}

/// Reads `data[1..]` as the type `data[0]` selects, from the bytes and from the tree.
///
/// # Panics
///
/// Where the bytes reader reads another value than the tree, or refuses what the tree reads.
pub fn check_typed_literal(data: &[u8]) {
    let Some((&select, bytes)) = data.split_first() else {
        return;
    };
    match select % TYPES {
        0 => same::<i64, _>(bytes, |v| *v),
        1 => same::<u8, _>(bytes, |v| *v),
        // Floats by their bits: NaN is not equal to itself.
        2 => same::<f64, _>(bytes, |v| v.to_bits()),
        3 => same::<String, _>(bytes, Clone::clone),
        4 => same::<bool, _>(bytes, |v| *v),
        5 => same::<Vec<i64>, _>(bytes, Clone::clone),
        6 => same::<Vec<Option<String>>, _>(bytes, Clone::clone),
        7 => same::<BTreeMap<String, Vec<i32>>, _>(bytes, Clone::clone),
        8 => same::<HashMap<String, Option<bool>>, _>(bytes, Clone::clone),
        9 => same::<Option<Option<i64>>, _>(bytes, |v| *v),
        10 => same::<(DateTime<Utc>, TimeDelta), _>(bytes, |v| *v),
        // Union fields inside structs (`field_union_read`), compared by their Debug text
        // (NaN included).
        #[cfg(feature = "derive")]
        12 => {
            same::<holders::DcHolder, _>(bytes, |v| format!("{v:?}"));
            typed_as_dynamic::<holders::DcHolder>(bytes);
        }
        #[cfg(feature = "derive")]
        13 => {
            same::<holders::PyHolder, _>(bytes, |v| format!("{v:?}"));
            typed_as_dynamic::<holders::PyHolder>(bytes);
        }
        _ => same::<Vec<Vec<f64>>, _>(bytes, |v| {
            v.iter()
                .map(|r| r.iter().map(|f| f.to_bits()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        }),
    }
}

/// The bytes reader against prost + `from_literal`, compared by `key`.
fn same<T: FlyteType, K: PartialEq + Debug>(bytes: &[u8], key: impl Fn(&T) -> K) {
    let direct = T::read_literal_bytes(bytes);
    let Ok(lit) = Literal::decode(bytes) else {
        return;
    };
    if let Ok(tree) = T::from_literal(&lit) {
        match direct {
            Ok(d) => assert_eq!(key(&d), key(&tree)),
            Err(e) => panic!("the tree reads {:?}, the bytes reader: {e}", key(&tree)),
        }
    }
}

/// What the typed path reads, the dynamic path (`value::decode` with `T`'s type) reads too, as
/// the same canonical value (the typed value's, written and read back dynamically).
#[cfg(feature = "derive")]
fn typed_as_dynamic<T: FlyteType + Debug>(bytes: &[u8]) {
    let Ok(lit) = Literal::decode(bytes) else {
        return;
    };
    let Ok(typed) = T::from_literal(&lit) else {
        return;
    };
    let ty = T::literal_type();
    let dynamic = crate::value::decode(&ty, &lit)
        .unwrap_or_else(|e| panic!("the typed path reads {typed:?}, the dynamic one: {e}"));
    let written = typed.to_literal().expect("a value read writes");
    let typed_json = crate::value::decode(&ty, &written)
        .expect("a typed literal reads dynamically")
        .to_json();
    if let Some(d) = crate::value::canonical_diff(&typed_json, &dynamic.to_json()) {
        panic!("typed {typed:?} and dynamic values differ: {d}");
    }
}

/// Structs with union fields, in both styles, for [`super::structs::field_union_read`].
#[cfg(feature = "derive")]
mod holders {
    use crate::engine::FlyteType;
    use std::collections::BTreeMap;

    #[derive(FlyteType, Debug)]
    #[flyte(crate = crate)]
    pub struct Inner {
        pub x: i64,
        pub label: Option<String>,
    }

    #[derive(FlyteType, Debug)]
    #[flyte(crate = crate)]
    pub struct Wide {
        pub x: i64,
        pub y: f64,
        pub label: String,
    }

    #[derive(FlyteType, Debug)]
    #[flyte(crate = crate)]
    pub enum Variant {
        I(i64),
        F(f64),
        S(String),
        B(bool),
        L(Vec<i64>),
        T((String, String)),
        M(BTreeMap<String, i64>),
        N(Inner),
        W(Wide),
    }

    #[derive(FlyteType, Debug)]
    #[flyte(crate = crate)]
    pub struct DcHolder {
        pub v: Variant,
        pub vs: Vec<Variant>,
    }

    #[derive(FlyteType, Debug)]
    #[flyte(crate = crate, pydantic)]
    pub struct PyHolder {
        pub v: Variant,
        pub vs: Vec<Variant>,
    }

    fn variants() -> Vec<Variant> {
        vec![
            Variant::I(-3),
            Variant::F(1.5),
            Variant::S("xyz".into()),
            Variant::B(true),
            Variant::L(vec![1, 22]),
            Variant::T(("a".into(), "b".into())),
            Variant::M(BTreeMap::from([("1".into(), 5)])),
            Variant::N(Inner { x: 7, label: None }),
            Variant::W(Wide {
                x: 7,
                y: 0.25,
                label: "w".into(),
            }),
        ]
    }

    pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
        let dc = DcHolder {
            v: Variant::S("123".into()),
            vs: variants(),
        };
        let py = PyHolder {
            v: Variant::I(1),
            vs: variants(),
        };
        let mut out = Vec::new();
        for (select, name, bytes) in [
            (12u8, "dc-holder", dc.to_literal_bytes()),
            (13, "py-holder", py.to_literal_bytes()),
        ] {
            let mut seed = vec![select];
            seed.extend(bytes.expect("a holder writes"));
            out.push(("typed_literal", name.to_owned(), seed));
        }
        out
    }
}
