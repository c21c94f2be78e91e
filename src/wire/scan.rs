//! Reading one field (tag and extent) of protobuf wire data, without interpreting it.

use super::WireErrorKind;

/// Wire type of varint fields.
pub(crate) const VARINT: u8 = 0;
/// Wire type of 8-byte fields.
pub(crate) const FIXED64: u8 = 1;
/// Wire type of length-delimited fields (strings, bytes, messages, packed repeated).
pub(crate) const LEN: u8 = 2;
/// Wire type that opens a group.
pub(crate) const START_GROUP: u8 = 3;
/// Wire type that closes a group.
const END_GROUP: u8 = 4;
/// Wire type of 4-byte fields.
pub(crate) const FIXED32: u8 = 5;

/// Largest field number protobuf allows.
const MAX_FIELD_NUMBER: u64 = (1 << 29) - 1;

/// A field's extent in the input; all offsets are absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    /// Field number from the tag.
    pub number: u32,
    /// Wire type from the tag.
    pub wire: u8,
    /// Offset of the tag.
    pub start: usize,
    /// Offset just after the tag (for `LEN` fields: where the length varint starts).
    pub after_tag: usize,
    /// Offset of the payload (for `LEN` fields: after the length varint).
    pub body: usize,
    /// Offset just after the field.
    pub end: usize,
}

/// An error at an absolute input offset, before the walker adds the message path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub offset: usize,
    pub kind: WireErrorKind,
}

fn err(offset: usize, kind: WireErrorKind) -> ScanError {
    ScanError { offset, kind }
}

/// Reads a varint at `pos`, not reading at or past `hi`; returns the value and the offset after
/// it.
pub(crate) fn read_varint(buf: &[u8], pos: usize, hi: usize) -> Result<(u64, usize), ScanError> {
    let mut value = 0u64;
    for i in 0..10 {
        let Some(&byte) = buf[..hi].get(pos + i) else {
            let available = hi - pos;
            let kind = WireErrorKind::UnexpectedEof {
                what: "varint",
                needed: i as u64 + 1,
                available,
            };
            return Err(err(pos, kind));
        };
        // The 10th byte holds bit 63 only.
        if i == 9 && byte > 1 {
            return Err(err(pos, WireErrorKind::InvalidVarint));
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Ok((value, pos + i + 1));
        }
    }
    Err(err(pos, WireErrorKind::InvalidVarint))
}

/// Reads the tag at `pos`: field number, wire type, offset after the tag.
fn read_tag(buf: &[u8], pos: usize, hi: usize) -> Result<(u32, u8, usize), ScanError> {
    let (key, next) = read_varint(buf, pos, hi)?;
    let number = key >> 3;
    if number == 0 || number > MAX_FIELD_NUMBER {
        return Err(err(
            pos,
            WireErrorKind::InvalidFieldNumber { found: number },
        ));
    }
    // Both fit: number <= 2^29 - 1 and the wire type is 3 bits.
    Ok((number as u32, (key & 7) as u8, next))
}

/// Checks that `needed` bytes are left at `pos` before `hi`; returns the end offset.
fn take(what: &'static str, pos: usize, needed: u64, hi: usize) -> Result<usize, ScanError> {
    let available = hi - pos;
    match usize::try_from(needed) {
        Ok(n) if n <= available => Ok(pos + n),
        _ => Err(err(
            pos,
            WireErrorKind::UnexpectedEof {
                what,
                needed,
                available,
            },
        )),
    }
}

/// Reads the field that starts at `pos` and must end at or before `hi`.
///
/// Groups (wire type 3) are skipped to their matching end tag as one opaque field, at most
/// `max_depth` groups deep.
pub(crate) fn read_field(
    buf: &[u8],
    pos: usize,
    hi: usize,
    max_depth: usize,
) -> Result<Field, ScanError> {
    let (number, wire, after_tag) = read_tag(buf, pos, hi)?;
    let (body, end) = match wire {
        VARINT => (after_tag, read_varint(buf, after_tag, hi)?.1),
        FIXED64 => (after_tag, take("fixed64", after_tag, 8, hi)?),
        FIXED32 => (after_tag, take("fixed32", after_tag, 4, hi)?),
        LEN => {
            let (len, body) = read_varint(buf, after_tag, hi)?;
            (body, take("length-delimited field", body, len, hi)?)
        }
        START_GROUP => (
            after_tag,
            skip_group(buf, number, pos, after_tag, hi, max_depth)?,
        ),
        found => return Err(err(pos, WireErrorKind::InvalidWireType { found })),
    };
    Ok(Field {
        number,
        wire,
        start: pos,
        after_tag,
        body,
        end,
    })
}

/// Skips the content of group `number` (opened at `open`) from `pos`; returns the offset after
/// its end tag. Iterative: nested groups only count, they never recurse.
fn skip_group(
    buf: &[u8],
    number: u32,
    open: usize,
    mut pos: usize,
    hi: usize,
    max_depth: usize,
) -> Result<usize, ScanError> {
    let mut open_groups = vec![number];
    while let Some(&innermost) = open_groups.last() {
        if pos >= hi {
            return Err(err(open, WireErrorKind::UnclosedGroup { field: number }));
        }
        let (inner, wire, after_tag) = read_tag(buf, pos, hi)?;
        pos = match wire {
            VARINT => read_varint(buf, after_tag, hi)?.1,
            FIXED64 => take("fixed64", after_tag, 8, hi)?,
            FIXED32 => take("fixed32", after_tag, 4, hi)?,
            LEN => {
                let (len, body) = read_varint(buf, after_tag, hi)?;
                take("length-delimited field", body, len, hi)?
            }
            START_GROUP => {
                if open_groups.len() >= max_depth {
                    return Err(err(pos, WireErrorKind::DepthLimit { limit: max_depth }));
                }
                open_groups.push(inner);
                after_tag
            }
            END_GROUP if inner == innermost => {
                open_groups.pop();
                after_tag
            }
            END_GROUP => return Err(err(pos, WireErrorKind::UnclosedGroup { field: innermost })),
            found => return Err(err(pos, WireErrorKind::InvalidWireType { found })),
        };
    }
    Ok(pos)
}

/// Appends `value` as a minimal varint.
pub(crate) fn write_varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}
