//! Encoding, as Python's `msgpack.packb` with default options.

use super::write::{
    put_bin_header, put_container_header, put_ext_header, put_f32, put_f64, put_int, put_str,
    put_uint,
};
use super::{Msg, MsgpackErrorKind};
use crate::Error;

/// Appends the msgpack encoding of `msg` to `out`. Iterative: any nesting depth is fine.
///
/// # Errors
///
/// [`MsgpackErrorKind::TooLong`] for a string, binary, array, map or extension longer than
/// `u32::MAX`, which msgpack cannot represent (Python raises `Error`); `out` then holds
/// the bytes written before it.
pub fn encode(msg: &Msg, out: &mut Vec<u8>) -> Result<(), Error> {
    let start = out.len();
    let fits = |kind, len, out: &Vec<u8>| length_fits(kind, len, out.len() - start);
    // Values still to write, next on top.
    let mut todo = vec![msg];
    while let Some(msg) = todo.pop() {
        match msg {
            Msg::Nil => out.push(0xc0),
            Msg::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
            Msg::Int(i) => put_int(out, *i),
            Msg::UInt(u) => put_uint(out, *u),
            Msg::F32(f) => put_f32(out, *f),
            Msg::F64(f) => put_f64(out, *f),
            Msg::Str(s) => {
                fits("str", s.len(), out)?;
                put_str(out, s);
            }
            Msg::Bin(b) => {
                fits("bin", b.len(), out)?;
                put_bin_header(out, b.len());
                out.extend_from_slice(b);
            }
            Msg::Array(items) => {
                fits("array", items.len(), out)?;
                put_container_header(out, items.len(), false);
                todo.extend(items.iter().rev());
            }
            Msg::Map(entries) => {
                fits("map", entries.len(), out)?;
                put_container_header(out, entries.len(), true);
                todo.extend(entries.iter().rev().flat_map(|(k, v)| [v, k]));
            }
            Msg::Ext(ty, data) => {
                fits("ext", data.len(), out)?;
                put_ext_header(out, data.len(), *ty);
                out.extend_from_slice(data);
            }
        }
    }
    Ok(())
}

/// The msgpack encoding of `msg` (see [`encode`]).
///
/// # Errors
///
/// As [`encode`].
pub fn to_vec(msg: &Msg) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    encode(msg, &mut out)?;
    Ok(out)
}

/// `Ok` when msgpack can say the length `len` of a `kind` (`str`, `bin`, `array`, `map`, `ext`)
/// that would start at `offset` (also the direct path's check).
#[inline(always)]
pub(crate) fn length_fits(kind: &'static str, len: usize, offset: usize) -> Result<(), Error> {
    if u32::try_from(len).is_ok() {
        Ok(())
    } else {
        Err(Error::msgpack(
            offset,
            MsgpackErrorKind::TooLong { kind, len },
        ))
    }
}
