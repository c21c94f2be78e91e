//! The schema-less part of the struct codec (an untyped `dict`, `Shape::Any`), straight between
//! a [`Value`] and msgpack bytes, without a `Msg` tree in between.
//!
//! Both functions cover the plain subset and decline the rest with `None`; the caller then takes
//! the tree path (`msgpack::decode` + `msgpack_shape::generic`, or `encode_generic` +
//! `msgpack::encode`), which gives every error and lossy note. So the results here are the tree
//! path's by construction on the inputs accepted: the same bytes, the same value.

use super::Value;
use crate::msgpack::read::{Head, MAX_DIRECT_DEPTH, MsgReader};
use crate::msgpack::{Limits, write};

/// The msgpack bytes of a JSON-like value (what `encode_generic` then `msgpack::encode` write),
/// or `None` for anything else: values without a schema-less form (datetimes, handles, …),
/// lengths beyond msgpack's `u32`, nesting deeper than [`MAX_DIRECT_DEPTH`].
pub(crate) fn to_vec(v: &Value) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    write(v, &mut out, 0)?;
    Some(out)
}

fn write(v: &Value, out: &mut Vec<u8>, depth: u32) -> Option<()> {
    match v {
        Value::None => out.push(0xc0),
        Value::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
        Value::Int(i) => write::put_int(out, *i),
        Value::UInt(u) => write::put_uint(out, *u),
        Value::Float(f) => write::put_f64(out, *f),
        Value::String(s) => {
            u32::try_from(s.len()).ok()?;
            write::put_str(out, s);
        }
        Value::Bytes(b) => {
            u32::try_from(b.len()).ok()?;
            write::put_bin_header(out, b.len());
            out.extend_from_slice(b);
        }
        Value::List(items) => {
            if depth >= MAX_DIRECT_DEPTH {
                return None;
            }
            u32::try_from(items.len()).ok()?;
            write::put_container_header(out, items.len(), false);
            for item in items {
                write(item, out, depth + 1)?;
            }
        }
        Value::Map(entries) => {
            if depth >= MAX_DIRECT_DEPTH {
                return None;
            }
            u32::try_from(entries.len()).ok()?;
            write::put_container_header(out, entries.len(), true);
            for (k, v) in entries {
                u32::try_from(k.len()).ok()?;
                write::put_str(out, k);
                write(v, out, depth + 1)?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// The value of a msgpack document without a schema (what `msgpack::decode_with(limits)` then
/// `generic` give, without notes), or `None` for anything that decoder refuses or notes: float32,
/// integers beyond `i64`, ext types, map keys that are not strings, invalid UTF-8, trailing
/// bytes, and (conservatively) nesting or item counts at the limits.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Option<Value> {
    // Stricter than the tree decoder by one on both limits, so that nothing it refuses is
    // accepted here; inputs at the boundary go to the tree path for its exact answer.
    let max_depth = u32::try_from(limits.max_depth.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .min(MAX_DIRECT_DEPTH);
    let mut r = MsgReader::with_limits(bytes, limits.max_total_items.saturating_sub(1), max_depth);
    let mut v = Value::None;
    read_value(&mut r, &mut v)?;
    r.is_done().then_some(v)
}

/// Reads one value into `slot`. (Into a slot already in its list, rather than returned:
/// moving a returned `Value` into the list costs more than reading it, at these sizes.)
fn read_value(r: &mut MsgReader<'_>, slot: &mut Value) -> Option<()> {
    *slot = match r.head()? {
        Head::Nil => Value::None,
        Head::Bool(b) => Value::Bool(b),
        Head::Int(i) => Value::Int(i),
        // NaN and the infinities get a lossy note on the tree path (see `generic`).
        Head::F64(f) if f.is_finite() => Value::Float(f),
        Head::UInt(u) => Value::UInt(u),
        Head::Str(s) => Value::String(std::str::from_utf8(s).ok()?.to_owned()),
        Head::Bin(b) => Value::Bytes(b.to_vec()),
        Head::Array(n) => {
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(Value::None);
                read_value(r, items.last_mut()?)?;
            }
            r.close();
            Value::List(items)
        }
        Head::Map(n) => {
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                let Head::Str(k) = r.head()? else {
                    return None;
                };
                entries.push((std::str::from_utf8(k).ok()?.to_owned(), Value::None));
                read_value(r, &mut entries.last_mut()?.1)?;
            }
            r.close();
            Value::Map(entries)
        }
        Head::F64(_) | Head::F32(_) | Head::Ext(..) => return None,
    };
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgpack::{self, Msg};
    use crate::value::msgpack_shape::{encode_generic, generic};
    use proptest::prelude::*;

    /// The tree path's bytes for a value.
    fn tree_bytes(v: &Value) -> Vec<u8> {
        msgpack::to_vec(&encode_generic(v).unwrap()).unwrap()
    }

    /// Whatever `read` accepts, the tree decoder reads as the same value, without notes.
    fn agrees_with_tree(bytes: &[u8], limits: &Limits) {
        let Some(v) = read(bytes, limits) else {
            return;
        };
        let msg = msgpack::decode_with(bytes, limits).expect("the tree decoder refuses it");
        let mut notes = Vec::new();
        let tree = generic(&msg, &mut notes).expect("the tree mapping refuses it");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(tree_bytes(&v), tree_bytes(&tree));
    }

    fn json_like() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::None),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Int),
            any::<f64>().prop_map(Value::Float),
            ".{0,40}".prop_map(Value::String),
            proptest::collection::vec(any::<u8>(), 0..300).prop_map(Value::Bytes),
        ];
        leaf.prop_recursive(4, 64, 20, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..20).prop_map(Value::List),
                proptest::collection::vec((".{0,8}", inner), 0..20).prop_map(Value::Map),
            ]
        })
    }

    proptest! {
        #[test]
        fn writes_the_tree_paths_bytes_and_reads_them_back(v in json_like()) {
            let bytes = to_vec(&v).expect("a JSON-like value");
            prop_assert_eq!(&bytes, &tree_bytes(&v));
            let back = read(&bytes, &Limits::default()).expect("plain msgpack");
            prop_assert_eq!(tree_bytes(&back), bytes);
        }

        #[test]
        fn reads_what_the_tree_reads(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            agrees_with_tree(&bytes, &Limits::default());
        }
    }

    #[test]
    fn reads_uint64_beyond_i64() {
        let bytes = [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(
            read(&bytes, &Limits::default()),
            Some(Value::UInt(u64::MAX))
        );
        assert_eq!(to_vec(&Value::UInt(u64::MAX)).unwrap(), bytes);
        // 2^63 is the smallest integer Python's msgpack writes as uint64.
        assert_eq!(
            to_vec(&Value::UInt(1 << 63)).unwrap(),
            [0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn declines_what_the_tree_refuses_or_notes() {
        let limits = Limits::default();
        let map = |key: Msg| msgpack::to_vec(&Msg::Map(vec![(key, Msg::Nil)])).unwrap();
        for (what, bytes) in [
            ("float32", msgpack::to_vec(&Msg::F32(0.5)).unwrap()),
            ("NaN", msgpack::to_vec(&Msg::F64(f64::NAN)).unwrap()),
            (
                "-inf",
                msgpack::to_vec(&Msg::F64(f64::NEG_INFINITY)).unwrap(),
            ),
            ("ext", msgpack::to_vec(&Msg::Ext(1, vec![0])).unwrap()),
            ("int key", map(Msg::Int(1))),
            ("bytes key", map(Msg::Bin(vec![1]))),
            ("invalid UTF-8", vec![0xa1, 0xff]),
            ("trailing byte", vec![0xc0, 0xc0]),
            ("truncated", vec![0x92, 0x01]),
            ("empty", vec![]),
        ] {
            assert!(read(&bytes, &limits).is_none(), "{what}");
        }
        // Containers nested up to the (one-stricter) depth are read; one more level is left to
        // the tree decoder, which enforces its own limit.
        let nested = |levels: usize| [vec![0x91; levels], vec![0xc0]].concat();
        let small = Limits {
            max_depth: 4,
            max_total_items: 100,
        };
        assert!(read(&nested(3), &small).is_some());
        assert!(read(&nested(4), &small).is_none());
        assert!(msgpack::decode_with(&nested(4), &small).is_ok());
        assert!(msgpack::decode_with(&nested(5), &small).is_err());
        let few = Limits {
            max_depth: 4,
            max_total_items: 3,
        };
        assert!(read(&[0x92, 0x01, 0x02], &few).is_none());
        for levels in 0..6 {
            agrees_with_tree(&nested(levels), &small);
        }
    }

    #[test]
    fn declines_values_without_a_schema_less_form() {
        let ts = crate::value::Timestamp::new(0, 0).unwrap();
        let v = Value::Map(vec![("t".into(), Value::List(vec![Value::Datetime(ts)]))]);
        assert_eq!(to_vec(&v), None);
        assert!(encode_generic(&v).is_err());
        assert_eq!(
            to_vec(&Value::Map(vec![("a".into(), Value::Int(-33))])),
            Some(vec![0x81, 0xa1, b'a', 0xd0, 0xdf])
        );
    }
}
