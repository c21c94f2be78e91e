//! The direct path's building blocks: protobuf and msgpack written straight into one pre-sized
//! buffer, and read straight from the input, without a `Literal` or `Msg` tree.
//!
//! What the derive and the `FlyteType` impls call. Not a stable API.
//!
//! # Writing
//!
//! Two passes. `FlyteType::direct_len` computes the size of a value's `Literal` message and
//! records, in pre-order, the sizes that are costly to recompute (a collection's body, a
//! struct's msgpack length) in a [`Sizes`] list; `FlyteType::direct_write` then writes the
//! bytes, taking those sizes back in the same order. Every length prefix is known before its
//! message is written, so the output is written once, front to back, into a buffer reserved at
//! its exact size.
//!
//! # Reading
//!
//! `FlyteType::direct_read` accepts exactly the canonical layout the writer produces (and the
//! SDK writes): the expected tags in the expected order, every length consistent, nothing
//! after. Anything else (another field order, an unknown field, a union-wrapped value, a value
//! out of range, invalid UTF-8, nesting beyond [`MAX_DIRECT_DEPTH`]) returns `None`, and
//! `FlyteType::read_literal_bytes` decodes the whole input again through the tree path. So the
//! direct reader never decides an error itself: its result is the tree path's result, by
//! construction, and it only has to be right on the inputs it accepts.

use crate::msgpack::Limits;
use crate::value::ValueError;

/// Deepest nesting (protobuf messages, or msgpack containers) the direct reader follows before
/// it hands the input to the tree path, which applies prost's limit (100 messages) and the
/// msgpack decoder's (256 containers) with their exact errors.
pub const MAX_DIRECT_DEPTH: u32 = 64;

// ---------------------------------------------------------------- protobuf primitives

/// Bytes of `v` as a protobuf varint.
#[inline(always)]
pub fn vlen(v: u64) -> usize {
    (((64 - (v | 1).leading_zeros()) * 9 + 64) / 64) as usize
}

/// Appends `v` as a protobuf varint.
#[inline(always)]
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A small field (at most 32 bytes) held in registers, in wire order (little-endian words):
/// what [`FlyteType::direct_small`](super::FlyteType::direct_small) returns. Writing it is two
/// fixed-size stores, with no byte-by-byte staging (which would stall store forwarding).
#[derive(Debug, Clone, Copy, Default)]
pub struct Small {
    /// Bytes 0..16.
    pub lo: u128,
    /// Bytes 16..32.
    pub hi: u128,
    /// How many of the 32 bytes are the field.
    pub len: usize,
}

/// The `Literal` of the integer `v` as the length-delimited field `tag` of a container:
/// `tag L 0a L-2 0a L-4 08 <varint>` (scalar, primitive, integer; every length one byte).
#[inline(always)]
pub fn small_int(tag: u8, v: u64) -> Small {
    // Everything that depends only on the varint's length, looked up by the index of the
    // highest set bit: the headers with their lengths and the continuation bits.
    let form = &INT_FORMS[(63 - (v | 1).leading_zeros()) as usize & 63];
    let header = form.header | u64::from(tag);
    if v < 1 << 56 {
        // Eight varint bytes at most (every int below 2^56): 64-bit registers only.
        let varint = spread7(v) | form.continuation as u64;
        let lo = (header | varint << 56) as u128 | ((varint >> 8) as u128) << 64;
        return Small {
            lo,
            hi: 0,
            len: form.len,
        };
    }
    let top = v >> 56;
    let spread = spread7(v) as u128 | (((top & 0x7f) | ((top & 0x80) << 1)) as u128) << 64;
    let varint = spread | form.continuation;
    Small {
        lo: header as u128 | varint << 56,
        hi: varint >> 72,
        len: form.len,
    }
}

/// What [`small_int`] writes around a varint of a given length.
struct IntForm {
    /// The header bytes `00 05 0a 03 0a 01 08` (tag left out) plus the varint length on each
    /// length byte.
    header: u64,
    /// The continuation bit of every varint byte but the last.
    continuation: u128,
    /// The field's size: 7 + the varint length.
    len: usize,
}

/// [`IntForm`] by the index of the highest set bit of the value.
static INT_FORMS: [IntForm; 64] = {
    let mut forms = [const {
        IntForm {
            header: 0,
            continuation: 0,
            len: 0,
        }
    }; 64];
    let mut bit = 0;
    while bit < 64 {
        let n = bit / 7 + 1;
        forms[bit] = IntForm {
            header: u64::from_le_bytes([0, 5, 0x0a, 3, 0x0a, 1, 0x08, 0])
                + n as u64 * 0x0000_0100_0100_0100,
            continuation: ((1u128 << (8 * (n - 1))) - 1)
                & 0x8080_8080_8080_8080_8080_8080_8080_8080,
            len: 7 + n,
        };
        bit += 1;
    }
    forms
};

/// The low 56 bits of `v` in 7-bit groups, one group per byte (the low bit of each byte).
#[inline(always)]
fn spread7(v: u64) -> u64 {
    let mut x = v & 0x00ff_ffff_ffff_ffff;
    x = (x & 0x0fff_ffff) | ((x >> 28) << 32);
    x = (x & 0x0000_3fff_0000_3fff) | ((x & 0x0fff_c000_0fff_c000) << 2);
    (x & 0x007f_007f_007f_007f) | ((x & 0x3f80_3f80_3f80_3f80) << 1)
}

/// Appends the [`Small`] fields of `items` (`body` bytes in all, as the first pass measured).
#[inline(always)]
pub fn put_smalls<I: Iterator<Item = Small>>(out: &mut Vec<u8>, body: usize, items: I) {
    let start = out.len();
    out.reserve(body + SMALL);
    let Ok(()) = append_smalls::<std::convert::Infallible>(out, body, items.map(Ok));
    debug_assert_eq!(out.len(), start + body);
}

/// Appends the [`Small`] fields of `items` back to back, each as two fixed-size stores at a
/// running offset (no length update per field). The output grows a zero-filled chunk at a
/// time, just ahead of the stores, so the fill is still in cache when they land, and never
/// past the `most` bytes the fields can take (plus one field's slack): a short list inside a
/// larger literal fills what it needs, not a whole chunk. The first error of `items` is
/// returned with `out` as it was.
#[inline(always)]
fn append_smalls<E>(
    out: &mut Vec<u8>,
    most: usize,
    items: impl Iterator<Item = Result<Small, E>>,
) -> Result<(), E> {
    const CHUNK: usize = 64 * 1024;
    let start = out.len();
    let end = start.saturating_add(most).saturating_add(SMALL);
    let mut pos = start;
    for s in items {
        let s = match s {
            Ok(s) => s,
            Err(e) => {
                out.truncate(start);
                return Err(e);
            }
        };
        if out.len() < pos + SMALL {
            out.resize((pos + CHUNK).min(end).max(pos + SMALL), 0);
        }
        let dst = &mut out[pos..pos + SMALL];
        dst[..16].copy_from_slice(&s.lo.to_le_bytes());
        if s.len > 16 {
            dst[16..].copy_from_slice(&s.hi.to_le_bytes());
        }
        pos += s.len;
    }
    out.truncate(pos);
    Ok(())
}

/// Bytes a [`Small`] field may take: the capacity a container reserves beyond its body.
pub const SMALL: usize = 32;

/// The longest [`Small`] field any type writes: an integer, 7 bytes of tag and headers and 10
/// of varint.
pub const SMALL_MAX_LEN: usize = 17;

/// Appends the length-delimited field `tag` holding the [`Small`] fields of `items` (`n` of
/// them) in one pass, for a container whose size nobody needs in advance (the root of a
/// literal): the body is written first, after room for a length varint sized for the longest
/// body `n` fields can make, then the length goes in front; when it takes fewer bytes than the
/// room, the body moves back. The first error of `items` is returned with `out` as it was.
pub fn put_small_field<I: Iterator<Item = Result<Small, ValueError>>>(
    out: &mut Vec<u8>,
    tag: u8,
    n: usize,
    items: I,
) -> Result<(), ValueError> {
    let start = out.len();
    let most = n.saturating_mul(SMALL_MAX_LEN);
    let room = 1 + vlen(most as u64);
    out.reserve(room.saturating_add(most).saturating_add(SMALL));
    out.resize(start + room, 0);
    if let Err(e) = append_smalls(out, most, items) {
        out.truncate(start);
        return Err(e);
    }
    let body = out.len() - (start + room);
    let header = 1 + vlen(body as u64);
    if header < room {
        out.copy_within(start + room.., start + header);
        out.truncate(start + header + body);
    }
    out[start] = tag;
    let mut v = body as u64;
    for b in &mut out[start + 1..start + header] {
        *b = v as u8 | 0x80;
        v >>= 7;
    }
    out[start + header - 1] &= 0x7f;
    Ok(())
}

/// Size of a length-delimited field with a one-byte tag and a `len`-byte payload.
#[inline(always)]
pub fn field_len(len: usize) -> usize {
    // Most fields are short: a one-byte length, without computing the varint size.
    if len < 0x80 {
        2 + len
    } else {
        1 + vlen(len as u64) + len
    }
}

/// Appends a one-byte tag and a length prefix.
#[inline(always)]
pub fn put_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    put_varint(out, len as u64);
}

/// `Literal.scalar` (1), `Scalar.primitive` (1): the `Literal` of a primitive whose `Primitive`
/// payload is `p` bytes has this size.
#[inline(always)]
pub fn primitive_literal_len(p: usize) -> usize {
    field_len(field_len(p))
}

/// Writes the `Literal.scalar.primitive` headers of a `p`-byte `Primitive` payload.
#[inline(always)]
pub fn put_primitive_headers(out: &mut Vec<u8>, p: usize) {
    put_header(out, 0x0a, field_len(p));
    put_header(out, 0x0a, p);
}

/// `Literal.scalar.binary{value: <m bytes>, tag: "msgpack"}`: size of the `Literal`.
#[inline(always)]
pub fn msgpack_literal_len(m: usize) -> usize {
    field_len(field_len(binary_len(m)))
}

fn binary_len(m: usize) -> usize {
    // An empty value is a default and not written (never happens: msgpack is >= 1 byte).
    (if m == 0 { 0 } else { field_len(m) }) + 9
}

/// Writes the headers of a msgpack `Literal` up to the payload (then the payload, then
/// [`MSGPACK_TAG`]).
#[inline(always)]
pub fn put_msgpack_headers(out: &mut Vec<u8>, m: usize) {
    let b = binary_len(m);
    put_header(out, 0x0a, field_len(b));
    put_header(out, 0x1a, b);
    if m > 0 {
        put_header(out, 0x0a, m);
    }
}

/// `Binary.tag = "msgpack"`, which follows the payload.
pub const MSGPACK_TAG: &[u8] = b"\x12\x07msgpack";

/// Sizes recorded by the first pass of a direct write and replayed, in the same order, by the
/// second.
#[derive(Debug, Default)]
pub struct Sizes {
    sizes: Vec<usize>,
    next: usize,
}

impl Sizes {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves the next slot (pre-order) and returns its index, to [`Self::set`] later.
    #[inline(always)]
    pub fn slot(&mut self) -> usize {
        self.sizes.push(0);
        self.sizes.len() - 1
    }

    /// Fills a reserved slot.
    #[inline(always)]
    pub fn set(&mut self, slot: usize, size: usize) {
        self.sizes[slot] = size;
    }

    /// Records a size in the next slot.
    #[inline(always)]
    pub fn push(&mut self, size: usize) {
        self.sizes.push(size);
    }

    /// Sizes recorded so far.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    /// Whether nothing was recorded.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Forgets everything, keeping the allocation.
    pub fn clear(&mut self) {
        self.sizes.clear();
        self.next = 0;
    }

    /// Second pass: passes over `n` recorded sizes.
    pub fn skip(&mut self, n: usize) {
        self.next += n;
    }

    /// Second pass: the next recorded size.
    ///
    /// # Panics
    ///
    /// When the write pass asks for more sizes than the length pass recorded: a bug in a
    /// `direct_len` / `direct_write` pair.
    #[inline(always)]
    pub fn take(&mut self) -> usize {
        let s = self.sizes[self.next];
        self.next += 1;
        s
    }
}

/// A cursor over protobuf bytes that only accepts what it is told to expect.
#[derive(Debug, Clone, Copy)]
pub struct Pb<'a> {
    buf: &'a [u8],
}

impl<'a> Pb<'a> {
    /// A cursor over `buf`.
    #[inline(always)]
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf }
    }

    /// Whether everything was read.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The bytes not read yet.
    #[inline(always)]
    pub fn rest(&self) -> &'a [u8] {
        self.buf
    }

    /// A varint (at most 10 bytes, 64 bits).
    #[inline(always)]
    pub fn varint(&mut self) -> Option<u64> {
        let b = *self.buf.first()?;
        if b < 0x80 {
            self.buf = &self.buf[1..];
            return Some(u64::from(b));
        }
        let mut v = 0u64;
        for i in 0..10 {
            let b = *self.buf.get(i)?;
            if i == 9 && b > 1 {
                return None;
            }
            v |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.buf = &self.buf[i + 1..];
                return Some(v);
            }
        }
        None
    }

    /// The one-byte tag `tag`, or `None`.
    #[inline(always)]
    pub fn tag(&mut self, tag: u8) -> Option<()> {
        match self.buf.split_first() {
            Some((&b, rest)) if b == tag => {
                self.buf = rest;
                Some(())
            }
            _ => None,
        }
    }

    /// The payload of a length-delimited field with one-byte tag `tag`.
    #[inline(always)]
    pub fn field(&mut self, tag: u8) -> Option<&'a [u8]> {
        self.tag(tag)?;
        let len = usize::try_from(self.varint()?).ok()?;
        if len > self.buf.len() {
            return None;
        }
        let (body, rest) = self.buf.split_at(len);
        self.buf = rest;
        Some(body)
    }

    /// `n` raw bytes.
    #[inline(always)]
    pub fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        if self.buf.len() < N {
            return None;
        }
        let (b, rest) = self.buf.split_at(N);
        self.buf = rest;
        b.try_into().ok()
    }
}

/// The `Primitive` payload of a `Literal` that is exactly `scalar{primitive{…}}`.
#[inline(always)]
pub fn read_primitive(lit: &[u8]) -> Option<&[u8]> {
    // The canonical layout of a short literal in one comparison: `0a L-2 0a L-4` (L < 128).
    let n = lit.len();
    if (4..0x80).contains(&n) && lit[..4] == [0x0a, n as u8 - 2, 0x0a, n as u8 - 4] {
        return Some(&lit[4..]);
    }
    let mut r = Pb::new(lit);
    let scalar = r.field(0x0a)?;
    if !r.is_empty() {
        return None;
    }
    let mut s = Pb::new(scalar);
    let prim = s.field(0x0a)?;
    s.is_empty().then_some(prim)
}

/// The string of a `Literal` that is exactly `scalar{primitive{string_value}}`.
#[inline]
pub fn read_str(lit: &[u8]) -> Option<&str> {
    let mut p = Pb::new(read_primitive(lit)?);
    let s = p.field(0x1a)?;
    if !p.is_empty() {
        return None;
    }
    utf8(s)
}

/// The msgpack payload of a `Literal` that is exactly `scalar{binary{value, tag: "msgpack"}}`.
pub fn read_msgpack_literal(lit: &[u8]) -> Option<&[u8]> {
    let mut r = Pb::new(lit);
    let scalar = r.field(0x0a)?;
    if !r.is_empty() {
        return None;
    }
    let mut s = Pb::new(scalar);
    let binary = s.field(0x1a)?;
    if !s.is_empty() {
        return None;
    }
    let mut b = Pb::new(binary);
    let value = if b.rest().first() == Some(&0x0a) {
        b.field(0x0a)?
    } else {
        &[]
    };
    (b.rest() == MSGPACK_TAG).then_some(value)
}

/// A string payload: valid UTF-8, else `None` (the tree path reports it).
#[inline(always)]
pub fn utf8(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok()
}

// ---------------------------------------------------------------- msgpack primitives

/// Checks what the tree path's encoder refuses, with its error: the length `n` of a `kind`
/// (`str`, `array`, `map`, ...) is at most `u32::MAX`.
#[inline(always)]
pub fn msgpack_len_ok(kind: &'static str, n: usize) -> Result<(), ValueError> {
    Ok(crate::msgpack::length_fits(kind, n, 0)?)
}

/// A msgpack cursor for the direct reader. It counts values and nesting against the decoder's
/// default [`Limits`] (giving up, not failing, when they are reached).
#[derive(Debug)]
pub struct MsgReader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Values announced so far: the document's root, then the elements (keys and values) of
    /// each container as it opens. A reader that gets to the end has counted every value,
    /// as the decoder does one by one, but scalars cost nothing to count.
    items: usize,
    depth: u32,
    max_items: usize,
    max_depth: u32,
}

/// One msgpack value's head, as the direct reader sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Head<'a> {
    /// nil
    Nil,
    /// a boolean
    Bool(bool),
    /// an integer in the i64 range
    Int(i64),
    /// an unsigned integer above `i64::MAX`
    UInt(u64),
    /// float32
    F32(f32),
    /// float64
    F64(f64),
    /// a `str` (not yet UTF-8 checked)
    Str(&'a [u8]),
    /// `bin`
    Bin(&'a [u8]),
    /// an array of this many elements (opened: its elements follow)
    Array(usize),
    /// a map of this many entries (opened: its keys and values follow)
    Map(usize),
    /// an extension
    Ext(i8, &'a [u8]),
}

/// The integer at the start of `rest` in one of the msgpack forms that always fit `i64`
/// (fixints, int8-64, uint8-32), and how many bytes it takes; `None` for any other form or when
/// the bytes are cut short.
#[inline(always)]
fn int_form(rest: &[u8]) -> Option<(i64, usize)> {
    fn be<const N: usize>(rest: &[u8]) -> Option<[u8; N]> {
        rest.get(1..1 + N)?.try_into().ok()
    }
    Some(match *rest.first()? {
        b @ 0x00..=0x7f => (i64::from(b), 1),
        b @ 0xe0..=0xff => (i64::from(b as i8), 1),
        0xcc => (i64::from(u8::from_be_bytes(be(rest)?)), 2),
        0xcd => (i64::from(u16::from_be_bytes(be(rest)?)), 3),
        0xce => (i64::from(u32::from_be_bytes(be(rest)?)), 5),
        0xd0 => (i64::from(i8::from_be_bytes(be(rest)?)), 2),
        0xd1 => (i64::from(i16::from_be_bytes(be(rest)?)), 3),
        0xd2 => (i64::from(i32::from_be_bytes(be(rest)?)), 5),
        0xd3 => (i64::from_be_bytes(be(rest)?), 9),
        _ => return None,
    })
}

impl<'a> MsgReader<'a> {
    /// A reader over one msgpack document.
    pub fn new(buf: &'a [u8]) -> Self {
        Self::with_limits(buf, Limits::default().max_total_items, MAX_DIRECT_DEPTH)
    }

    /// A reader that refuses (`None`) more than `max_items` values or containers nested more
    /// than `max_depth` deep.
    pub fn with_limits(buf: &'a [u8], max_items: usize, max_depth: u32) -> Self {
        Self {
            buf,
            pos: 0,
            items: 1,
            depth: 0,
            max_items,
            max_depth,
        }
    }

    /// Whether the whole document was read.
    pub fn is_done(&self) -> bool {
        self.pos == self.buf.len()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let b = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(b)
    }

    fn be<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn len(&mut self, width: usize) -> Option<usize> {
        let b = self.take(width)?;
        Some(b.iter().fold(0usize, |acc, &x| (acc << 8) | usize::from(x)))
    }

    /// Reads one value's head. Containers count one nesting level until
    /// [`Self::close`] is called for them.
    #[inline]
    pub fn head(&mut self) -> Option<Head<'a>> {
        let b = *self.buf.get(self.pos)?;
        self.pos += 1;
        Some(match b {
            0x00..=0x7f | 0xcc..=0xce | 0xd0..=0xd3 | 0xe0..=0xff => {
                let (v, n) = int_form(self.buf.get(self.pos - 1..)?)?;
                self.pos += n - 1;
                Head::Int(v)
            }
            0x80..=0x8f => Head::Map(self.open(usize::from(b & 0x0f), true)?),
            0x90..=0x9f => Head::Array(self.open(usize::from(b & 0x0f), false)?),
            0xa0..=0xbf => Head::Str(self.take(usize::from(b & 0x1f))?),
            0xc0 => Head::Nil,
            0xc1 => return None,
            0xc2 => Head::Bool(false),
            0xc3 => Head::Bool(true),
            0xc4..=0xc6 => {
                let n = self.len(1 << (b - 0xc4))?;
                Head::Bin(self.take(n)?)
            }
            0xc7..=0xc9 => {
                let n = self.len(1 << (b - 0xc7))?;
                let ty = self.be::<1>()?[0] as i8;
                Head::Ext(ty, self.take(n)?)
            }
            0xca => Head::F32(f32::from_be_bytes(self.be()?)),
            0xcb => Head::F64(f64::from_be_bytes(self.be()?)),
            0xcf => {
                let u = u64::from_be_bytes(self.be()?);
                i64::try_from(u).map_or(Head::UInt(u), Head::Int)
            }
            0xd4..=0xd8 => {
                let ty = self.be::<1>()?[0] as i8;
                Head::Ext(ty, self.take(1 << (b - 0xd4))?)
            }
            0xd9..=0xdb => {
                let n = self.len(1 << (b - 0xd9))?;
                Head::Str(self.take(n)?)
            }
            0xdc | 0xdd => {
                let n = self.len(2 << (b - 0xdc))?;
                Head::Array(self.open(n, false)?)
            }
            0xde | 0xdf => {
                let n = self.len(2 << (b - 0xde))?;
                Head::Map(self.open(n, true)?)
            }
        })
    }

    /// Enters a container of `n` elements (entries, for a map): its elements are counted and
    /// its nesting checked; `n` back.
    #[inline]
    fn open(&mut self, n: usize, map: bool) -> Option<usize> {
        self.depth += 1;
        // Every announced value takes at least a byte: refuse counts the input cannot hold
        // before anyone preallocates for them.
        let values = if map { n.checked_mul(2)? } else { n };
        if self.depth > self.max_depth || values > self.buf.len() - self.pos {
            return None;
        }
        self.items += values;
        if self.items > self.max_items {
            return None;
        }
        Some(n)
    }

    /// Ends a container opened by [`Self::head`].
    #[inline(always)]
    pub fn close(&mut self) {
        self.depth -= 1;
    }

    /// An array header; its element count.
    #[inline(always)]
    pub fn array(&mut self) -> Option<usize> {
        // fixarray (up to 15 elements) without the general dispatch.
        if let Some(&b) = self.buf.get(self.pos)
            && b & 0xf0 == 0x90
        {
            self.pos += 1;
            return self.open(usize::from(b & 0x0f), false);
        }
        match self.head()? {
            Head::Array(n) => Some(n),
            _ => None,
        }
    }

    /// A map header; its entry count.
    #[inline(always)]
    pub fn map(&mut self) -> Option<usize> {
        // fixmap (up to 15 entries: struct fields, small dicts) without the general dispatch.
        if let Some(&b) = self.buf.get(self.pos)
            && b & 0xf0 == 0x80
        {
            self.pos += 1;
            return self.open(usize::from(b & 0x0f), true);
        }
        match self.head()? {
            Head::Map(n) => Some(n),
            _ => None,
        }
    }

    /// The `str` `key`, exactly (a struct field name).
    #[inline(always)]
    pub fn key<const N: usize>(&mut self, key: &[u8; N]) -> Option<()> {
        // Field names are short: the fixstr form. Anything else goes through `head`. (A
        // fixed-size key compares inline, without a `memcmp` call.)
        let n = N;
        if n <= 31 && self.buf.get(self.pos) == Some(&(0xa0 | n as u8)) {
            let b: &[u8; N] = self
                .buf
                .get(self.pos + 1..self.pos + 1 + n)?
                .try_into()
                .ok()?;
            if b == key {
                self.skip(1 + n);
                return Some(());
            }
            return None;
        }
        match self.head()? {
            Head::Str(s) if s == key.as_slice() => Some(()),
            _ => None,
        }
    }

    /// A `str`, UTF-8 checked.
    #[inline]
    pub fn str(&mut self) -> Option<&'a str> {
        utf8(self.str_bytes()?)
    }

    /// A `str`'s bytes, not checked: for readers that accept only ASCII patterns (datetimes)
    /// or compare with known strings (enum values), where the check would be a second pass.
    #[inline]
    pub fn str_bytes(&mut self) -> Option<&'a [u8]> {
        // fixstr (up to 31 bytes, most strings in records) without the general dispatch.
        if let Some(&b) = self.buf.get(self.pos)
            && b & 0xe0 == 0xa0
        {
            let n = usize::from(b & 0x1f);
            let s = self.buf.get(self.pos + 1..self.pos + 1 + n)?;
            self.skip(1 + n);
            return Some(s);
        }
        match self.head()? {
            Head::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Moves past a scalar's `n` bytes (which the caller checked are there). (Values are
    /// counted when their container opens, see [`Self::items`].)
    #[inline(always)]
    fn skip(&mut self, n: usize) {
        self.pos += n;
    }

    /// An integer in one of the forms that fit `i64` (fixints, int8-64, uint8-32), read without
    /// the general dispatch; `None` for anything else (uint64 included: then use [`Self::head`]).
    #[inline(always)]
    pub fn int(&mut self) -> Option<i64> {
        let (v, n) = int_form(self.buf.get(self.pos..)?)?;
        self.skip(n);
        Some(v)
    }

    /// A float64, read without the general dispatch; `None` for anything else.
    #[inline(always)]
    pub fn f64(&mut self) -> Option<f64> {
        if self.buf.get(self.pos) != Some(&0xcb) {
            return None;
        }
        let b: [u8; 8] = self.buf.get(self.pos + 1..self.pos + 9)?.try_into().ok()?;
        self.skip(9);
        Some(f64::from_be_bytes(b))
    }

    /// A boolean; `None` for anything else.
    #[inline(always)]
    pub fn bool(&mut self) -> Option<bool> {
        let b = match self.buf.get(self.pos)? {
            0xc2 => false,
            0xc3 => true,
            _ => return None,
        };
        self.skip(1);
        Some(b)
    }

    /// Whether the next value is nil (consumed if so).
    #[inline(always)]
    pub fn nil(&mut self) -> Option<bool> {
        if self.buf.get(self.pos) == Some(&0xc0) {
            self.skip(1);
            return Some(true);
        }
        Some(false)
    }

    /// One whole value (any type), as its bytes, for the generic fallback
    /// (`crate::msgpack::decode` of them gives the value).
    pub fn raw_value(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        // Values still to read in each open container, innermost last.
        let mut left: Vec<usize> = Vec::new();
        let mut pending = 1usize;
        loop {
            if pending == 0 {
                match left.pop() {
                    Some(p) => {
                        self.close();
                        pending = p;
                        continue;
                    }
                    None => break,
                }
            }
            pending -= 1;
            let n = match self.head()? {
                Head::Array(n) => n,
                Head::Map(n) => n * 2,
                _ => continue,
            };
            if n == 0 {
                self.close();
            } else {
                left.push(pending);
                pending = n;
            }
        }
        Some(&self.buf[start..self.pos])
    }

    /// The current nesting depth (open containers).
    pub fn depth(&self) -> u32 {
        self.depth
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `small_int` against the byte-by-byte writer, at every length boundary and bit pattern.
    #[test]
    fn small_int_matches_put_varint() {
        let mut values = vec![0, 1, u64::MAX, i64::MIN as u64, 0x8080_8080_8080_8080];
        for bit in 0..64 {
            values.extend([1 << bit, (1 << bit) - 1, (1 << bit) + 1, !(1 << bit)]);
        }
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..10_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            values.push(x >> (x % 64));
        }
        for v in values {
            let n = vlen(v) as u8;
            let mut want = vec![0x12, 5 + n, 0x0a, 3 + n, 0x0a, 1 + n, 0x08];
            put_varint(&mut want, v);
            let s = small_int(0x12, v);
            let mut got = s.lo.to_le_bytes().to_vec();
            got.extend(s.hi.to_le_bytes());
            assert_eq!(s.len, want.len(), "{v:#x}");
            assert_eq!(&got[..s.len], &want[..], "{v:#x}");
            assert!(
                got[s.len..].iter().all(|&b| b == 0),
                "{v:#x}: bytes beyond the field"
            );
        }
    }

    /// A list of numbers at the root, written in one pass, is byte for byte the tree path's
    /// literal, whether its length varint fills the room left for it or the body moves back;
    /// on an error (a `u64` beyond int64) `out` is left as it was.
    #[test]
    fn one_pass_lists_match_the_tree_path() {
        use crate::engine::FlyteType;
        let mut moved = 0;
        for n in [0u64, 1, 9, 10, 15, 16, 1000, 7500, 20_000] {
            for shift in [0, 7, 30, 63] {
                let ints: Vec<i64> = (0..n)
                    .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as i64)
                    .collect();
                let floats: Vec<f64> = ints.iter().map(|&i| i as f64 / 3.0).collect();
                let mut out = vec![7, 7];
                ints.write_literal_bytes(&mut out).unwrap();
                let mut want = vec![7, 7];
                want.extend(crate::wire::encode_canonical(&ints.to_literal().unwrap()));
                assert_eq!(out, want, "{n} ints >> {shift}");
                // The literal is `12 <varint body> <body>`: did its varint take less room
                // than the longest body needs?
                let total = want.len() - 2;
                let body = (1..=10)
                    .filter_map(|h| total.checked_sub(1 + h))
                    .find(|&b| 1 + vlen(b as u64) + b == total);
                if vlen(body.unwrap() as u64) < vlen(n * SMALL_MAX_LEN as u64) {
                    moved += 1;
                }
                let mut out = vec![7, 7];
                floats.write_literal_bytes(&mut out).unwrap();
                let mut want = vec![7, 7];
                want.extend(crate::wire::encode_canonical(&floats.to_literal().unwrap()));
                assert_eq!(out, want, "{n} floats");
            }
        }
        assert!(moved > 0, "no case moved its body back");
        let mut out = vec![7, 7];
        let err = vec![1u64, 2, 3, u64::MAX].write_literal_bytes(&mut out);
        assert!(err.is_err());
        assert_eq!(out, [7, 7]);
    }

    /// Lists of numbers inside a larger literal zero-fill only what their fields can take: the
    /// output stays at the size the first pass reserved, not one 64 KiB chunk per list.
    #[test]
    fn short_nested_lists_fill_only_their_size() {
        use crate::engine::FlyteType;
        let lists = vec![vec![1i64, 2, 3]; 100];
        let bytes = lists.to_literal_bytes().unwrap();
        assert_eq!(
            bytes,
            crate::wire::encode_canonical(&lists.to_literal().unwrap())
        );
        assert!(
            bytes.capacity() <= bytes.len() + SMALL,
            "{} for {}",
            bytes.capacity(),
            bytes.len()
        );
    }

    /// `put_smalls` writes the fields back to back, keeps what was there, and ends at `body`.
    #[test]
    fn put_smalls_writes_fields_back_to_back() {
        let mut out = vec![7u8];
        let field = |text: &[u8; 32], len| Small {
            lo: u128::from_le_bytes(text[..16].try_into().unwrap()),
            hi: u128::from_le_bytes(text[16..].try_into().unwrap()),
            len,
        };
        let a = field(b"0123456789abcdefghijklmnopqrstuv", 18);
        let b = field(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!?-+*/", 3);
        put_smalls(&mut out, 21, [a, b].into_iter());
        assert_eq!(out, b"\x070123456789abcdefghABC");
    }
}
