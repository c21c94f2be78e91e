//! Decoding one document into a [`Msg`] tree, iteratively (open containers live on a heap
//! stack), with the pull reader's heads, never trusting a length before the bytes are there.

use super::read::{Head, MsgReader, Stop};
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
    if limits.max_total_items == 0 {
        return Err(Error::msgpack(0, MsgpackErrorKind::TooManyItems(0)));
    }
    let max_depth = u32::try_from(limits.max_depth).unwrap_or(u32::MAX);
    let mut d = Decoder {
        // The reader checks nesting and what each container announces against the input;
        // the values are counted here, one by one as they start, as Python's unpacker does.
        reader: MsgReader::with_limits(bytes, usize::MAX, max_depth),
        len: bytes.len(),
        limits,
        values: 0,
        announced: 0,
        open: Vec::new(),
    };
    let doc = d.document()?;
    if !d.reader.is_done() {
        return Err(Error::msgpack(
            d.reader.pos(),
            MsgpackErrorKind::TrailingBytes,
        ));
    }
    Ok(doc)
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
    reader: MsgReader<'a>,
    len: usize,
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
            let start = self.reader.pos();
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
            let head = self
                .reader
                .try_head()
                .map_err(|stop| self.stopped(start, stop))?;
            let mut value = match head {
                Head::Nil => Msg::Nil,
                Head::Bool(b) => Msg::Bool(b),
                Head::Int(i) => Msg::Int(i),
                Head::UInt(u) => Msg::UInt(u),
                Head::F32(f) => Msg::F32(f),
                Head::F64(f) => Msg::F64(f),
                Head::Str(s) => match std::str::from_utf8(s) {
                    Ok(s) => Msg::Str(s.to_owned()),
                    Err(_) => return Err(self.error(start, MsgpackErrorKind::InvalidUtf8)),
                },
                Head::Bin(b) => Msg::Bin(b.to_vec()),
                Head::Ext(ty, data) => Msg::Ext(ty, data.to_vec()),
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
                self.reader.close();
            }
        }
    }

    /// Checks the limits for an array or map of `n` entries at `start`, which the reader has
    /// entered, and opens it; an empty one is returned as a finished value instead.
    fn open(&mut self, start: usize, n: usize, is_map: bool) -> Result<Option<Msg>, Error> {
        if n == 0 {
            self.reader.close();
            return Ok(Some(if is_map {
                Msg::Map(Vec::new())
            } else {
                Msg::Array(Vec::new())
            }));
        }
        let values = if is_map { n * 2 } else { n };
        let available = self.len - self.reader.pos();
        if values + self.announced > available {
            return Err(self.eof(start, values, available));
        }
        if values > self.limits.max_total_items - self.values {
            return Err(self.error(
                start,
                MsgpackErrorKind::TooManyItems(self.limits.max_total_items),
            ));
        }
        self.announced += values;
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

    /// The error for the reason the reader stopped at the value starting at `start`.
    fn stopped(&self, start: usize, stop: Stop) -> Error {
        let kind = match stop {
            Stop::Eof { needed, available } => MsgpackErrorKind::UnexpectedEof {
                needed: needed as u64,
                available,
            },
            Stop::Announced { values, available } => return self.eof(start, values, available),
            Stop::Reserved => MsgpackErrorKind::ReservedByte,
            Stop::Depth => MsgpackErrorKind::DepthLimit(self.limits.max_depth),
            // The reader counts no items here (`usize::MAX`): the decoder does.
            Stop::Items => MsgpackErrorKind::TooManyItems(self.limits.max_total_items),
        };
        self.error(start, kind)
    }

    /// A container of `values` values where `available` bytes are left: it needs a byte for
    /// each of them and for each value still announced by the containers around it.
    fn eof(&self, start: usize, values: usize, available: usize) -> Error {
        let needed = (values as u64).saturating_add(self.announced as u64);
        self.error(start, MsgpackErrorKind::UnexpectedEof { needed, available })
    }

    fn error(&self, offset: usize, kind: MsgpackErrorKind) -> Error {
        Error::msgpack(offset, kind)
    }
}
