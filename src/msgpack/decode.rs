//! Decoding one document, iteratively (open containers live on a heap stack), never trusting
//! a length before the bytes are there.

use super::{Limits, Msg, MsgpackErrorKind};
use crate::Error;

/// Decodes exactly one msgpack document under the default [`Limits`].
///
/// # Errors
///
/// See [`decode_with`].
pub fn decode(bytes: &[u8]) -> Result<Msg, Error> {
    decode_with(bytes, &Limits::default())
}

/// Decodes exactly one msgpack document under `limits`.
///
/// # Errors
///
/// Truncated input, bytes after the document, the reserved byte `0xc1`, a `str` that is not
/// UTF-8, or a document beyond `limits` (see [`MsgpackErrorKind`]).
pub fn decode_with(bytes: &[u8], limits: &Limits) -> Result<Msg, Error> {
    let mut d = Decoder {
        bytes,
        pos: 0,
        limits,
        values: 0,
        announced: 0,
        open: Vec::new(),
    };
    let doc = d.document()?;
    if d.pos != bytes.len() {
        return Err(Error::msgpack(d.pos, MsgpackErrorKind::TrailingBytes));
    }
    Ok(doc)
}

/// What a type byte starts.
enum Head {
    /// A complete value.
    Value(Msg),
    /// An array of this many elements.
    Array(usize),
    /// A map of this many entries.
    Map(usize),
}

/// A container being filled.
enum Open {
    Array {
        items: Vec<Msg>,
        left: usize,
    },
    Map {
        entries: Vec<(Msg, Msg)>,
        key: Option<Msg>,
        left: usize,
    },
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    limits: &'a Limits,
    /// Values started so far.
    values: usize,
    /// Values announced by open containers and not started yet: each needs at least a byte, so
    /// this never exceeds the bytes left, and bounds what the open containers preallocated.
    announced: usize,
    open: Vec<Open>,
}

impl Decoder<'_> {
    fn document(&mut self) -> Result<Msg, Error> {
        loop {
            let start = self.pos;
            if let Some(top) = self.open.last_mut() {
                match top {
                    Open::Array { left, .. } | Open::Map { left, .. } => *left -= 1,
                }
                self.announced -= 1;
            }
            self.values += 1;
            if self.values > self.limits.max_total_items {
                return Err(self.error(
                    start,
                    MsgpackErrorKind::TooManyItems(self.limits.max_total_items),
                ));
            }
            let mut value = match self.head(start)? {
                Head::Value(v) => v,
                // A container with elements is now open: read its first one.
                Head::Array(n) => match self.open(start, n, false)? {
                    Some(empty) => empty,
                    None => continue,
                },
                Head::Map(n) => match self.open(start, n, true)? {
                    Some(empty) => empty,
                    None => continue,
                },
            };
            // Hand the finished value to its container; a container that receives its last
            // value is finished in turn.
            loop {
                let Some(top) = self.open.last_mut() else {
                    return Ok(value);
                };
                match top {
                    Open::Array { items, left } => {
                        items.push(value);
                        if *left > 0 {
                            break;
                        }
                        value = Msg::Array(std::mem::take(items));
                    }
                    Open::Map { entries, key, left } => {
                        match key.take() {
                            None => *key = Some(value),
                            Some(k) => entries.push((k, value)),
                        }
                        if *left > 0 {
                            break;
                        }
                        value = Msg::Map(std::mem::take(entries));
                    }
                }
                self.open.pop();
            }
        }
    }

    /// Checks the limits for an array or map of `n` entries at `start` and opens it; an empty
    /// one is returned as a finished value instead.
    fn open(&mut self, start: usize, n: usize, is_map: bool) -> Result<Option<Msg>, Error> {
        if self.open.len() >= self.limits.max_depth {
            return Err(self.error(start, MsgpackErrorKind::DepthLimit(self.limits.max_depth)));
        }
        if n == 0 {
            return Ok(Some(if is_map {
                Msg::Map(Vec::new())
            } else {
                Msg::Array(Vec::new())
            }));
        }
        let values = if is_map { n.saturating_mul(2) } else { n };
        let available = self.bytes.len() - self.pos;
        let needed = values.saturating_add(self.announced);
        if needed > available {
            let kind = MsgpackErrorKind::UnexpectedEof {
                needed: needed as u64,
                available,
            };
            return Err(self.error(start, kind));
        }
        if values > self.limits.max_total_items - self.values {
            return Err(self.error(
                start,
                MsgpackErrorKind::TooManyItems(self.limits.max_total_items),
            ));
        }
        self.announced = needed;
        self.open.push(if is_map {
            Open::Map {
                entries: Vec::with_capacity(n),
                key: None,
                left: values,
            }
        } else {
            Open::Array {
                items: Vec::with_capacity(n),
                left: n,
            }
        });
        Ok(None)
    }

    /// Reads the value (or container header) starting at `start`.
    fn head(&mut self, start: usize) -> Result<Head, Error> {
        let b = self.take(start, 1)?[0];
        let value = match b {
            0x00..=0x7f => Msg::Int(i64::from(b)),
            0x80..=0x8f => return Ok(Head::Map(usize::from(b & 0x0f))),
            0x90..=0x9f => return Ok(Head::Array(usize::from(b & 0x0f))),
            0xa0..=0xbf => self.str(start, usize::from(b & 0x1f))?,
            0xc0 => Msg::Nil,
            0xc1 => return Err(self.error(start, MsgpackErrorKind::ReservedByte)),
            0xc2 => Msg::Bool(false),
            0xc3 => Msg::Bool(true),
            0xc4..=0xc6 => {
                let len = self.len(start, b - 0xc4)?;
                Msg::Bin(self.take(start, len)?.to_vec())
            }
            0xc7..=0xc9 => {
                let len = self.len(start, b - 0xc7)?;
                self.ext(start, len)?
            }
            0xca => Msg::F32(f32::from_be_bytes(self.array(start)?)),
            0xcb => Msg::F64(f64::from_be_bytes(self.array(start)?)),
            0xcc => Msg::Int(i64::from(self.array::<1>(start)?[0])),
            0xcd => Msg::Int(i64::from(u16::from_be_bytes(self.array(start)?))),
            0xce => Msg::Int(i64::from(u32::from_be_bytes(self.array(start)?))),
            0xcf => {
                let u = u64::from_be_bytes(self.array(start)?);
                i64::try_from(u).map_or(Msg::UInt(u), Msg::Int)
            }
            0xd0 => Msg::Int(i64::from(i8::from_be_bytes(self.array(start)?))),
            0xd1 => Msg::Int(i64::from(i16::from_be_bytes(self.array(start)?))),
            0xd2 => Msg::Int(i64::from(i32::from_be_bytes(self.array(start)?))),
            0xd3 => Msg::Int(i64::from_be_bytes(self.array(start)?)),
            0xd4..=0xd8 => self.ext(start, 1 << (b - 0xd4))?,
            0xd9..=0xdb => {
                let len = self.len(start, b - 0xd9)?;
                self.str(start, len)?
            }
            0xdc | 0xdd => return Ok(Head::Array(self.len(start, b - 0xdc + 1)?)),
            0xde | 0xdf => return Ok(Head::Map(self.len(start, b - 0xde + 1)?)),
            0xe0..=0xff => Msg::Int(i64::from(b as i8)),
        };
        Ok(Head::Value(value))
    }

    /// Reads a big-endian length of 1, 2 or 4 bytes (`width_log2` 0, 1, 2).
    fn len(&mut self, start: usize, width_log2: u8) -> Result<usize, Error> {
        let bytes = self.take(start, 1 << width_log2)?;
        let len = bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        // A u32 always fits usize on the 32- and 64-bit targets Rust's std supports.
        Ok(len as usize)
    }

    fn str(&mut self, start: usize, len: usize) -> Result<Msg, Error> {
        let bytes = self.take(start, len)?;
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Msg::Str(s.to_owned())),
            Err(_) => Err(self.error(start, MsgpackErrorKind::InvalidUtf8)),
        }
    }

    fn ext(&mut self, start: usize, len: usize) -> Result<Msg, Error> {
        let ty = self.take(start, 1)?[0] as i8;
        Ok(Msg::Ext(ty, self.take(start, len)?.to_vec()))
    }

    fn array<const N: usize>(&mut self, start: usize) -> Result<[u8; N], Error> {
        let bytes = self.take(start, N)?;
        Ok(bytes.try_into().expect("take returns N bytes"))
    }

    /// The next `n` bytes, checked against the input before anything is allocated.
    fn take(&mut self, start: usize, n: usize) -> Result<&[u8], Error> {
        let available = self.bytes.len() - self.pos;
        if n > available {
            let kind = MsgpackErrorKind::UnexpectedEof {
                needed: n as u64,
                available,
            };
            return Err(self.error(start, kind));
        }
        let bytes = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn error(&self, offset: usize, kind: MsgpackErrorKind) -> Error {
        Error::msgpack(offset, kind)
    }
}
