//! Encoding, as Python's `msgpack.packb` with default options.

use super::write::{MsgWriter, write_msg};
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
    write_msg(msg, &mut MsgWriter::new(out))
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
