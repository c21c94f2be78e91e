//! Protobuf written and read by hand, for the direct path: varints, field headers, the
//! `Literal` headers of a primitive or a msgpack payload, the two-pass size ledger ([`Sizes`]),
//! small fields held in registers ([`Small`]) and a cursor that only accepts what it is told to
//! expect ([`Pb`]).
//!
//! # Writing
//!
//! Two passes (the engine's `LiteralCounter` and `LiteralWriter`). The first computes the size of a value's `Literal` message and records, in
//! pre-order, the sizes that are costly to recompute (a collection's body, a struct's msgpack
//! length) in a [`Sizes`] list; the second writes the bytes, taking those sizes back in the same
//! order. Every length prefix is known before its message is written, so the output is written
//! once, front to back, into a buffer reserved at its exact size.
//!
//! # Reading
//!
//! [`Pb`] accepts exactly the canonical layout the writer produces (and the SDK writes): the
//! expected tags in the expected order, every length consistent, nothing after. Anything else
//! is `None`, and the caller decodes the input again through prost, which decides every error.

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
/// a number's `Literal` as an element of a list ([`small_int`], [`small_float`]). Writing it is two
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

/// The `Literal` of the float `f` as the length-delimited field `tag` of a container:
/// `tag 0d 0a 0b 0a 09 11 <f64 LE>`.
#[inline(always)]
pub fn small_float(tag: u8, f: f64) -> Small {
    let header = u64::from_le_bytes([tag, 0x0d, 0x0a, 0x0b, 0x0a, 0x09, 0x11, 0]) as u128;
    Small {
        lo: header | (f.to_bits() as u128) << 56,
        hi: 0,
        len: 15,
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
pub fn put_small_field<E, I: Iterator<Item = Result<Small, E>>>(
    out: &mut Vec<u8>,
    tag: u8,
    n: usize,
    items: I,
) -> Result<(), E> {
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

/// `Literal{scalar{none_type{}}}`.
pub const NONE_LITERAL: &[u8] = &[0x0a, 0x02, 0x2a, 0x00];

/// Size of a `google.protobuf.Timestamp` (or `Duration`) message: zero fields are not written.
#[inline]
pub fn timestamp_len(seconds: i64, nanos: i32) -> usize {
    let f = |v: i64| if v == 0 { 0 } else { 1 + vlen(v as u64) };
    f(seconds) + f(i64::from(nanos))
}

/// Writes a `google.protobuf.Timestamp` (or `Duration`) message.
#[inline]
pub fn put_timestamp(out: &mut Vec<u8>, seconds: i64, nanos: i32) {
    if seconds != 0 {
        out.push(0x08);
        put_varint(out, seconds as u64);
    }
    if nanos != 0 {
        out.push(0x10);
        put_varint(out, i64::from(nanos) as u64);
    }
}

/// `Binary.tag = "msgpack"`, which follows the payload.
pub const MSGPACK_TAG: &[u8] = b"\x12\x07msgpack";

/// Bytes in a [`Sizes`] slot.
const WORD: usize = std::mem::size_of::<usize>();

/// Sizes recorded by the first pass of a direct write and replayed, in the same order, by the
/// second.
#[derive(Debug, Default)]
pub struct Sizes {
    sizes: Vec<usize>,
    next: usize,
}

impl Sizes {
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

    /// Records bytes (an encoded message), for [`Self::take_bytes`]: their length, then the
    /// bytes a word at a time ([`Self::peek`] gives the length).
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.push(bytes.len());
        for chunk in bytes.chunks(WORD) {
            let mut word = [0; WORD];
            word[..chunk.len()].copy_from_slice(chunk);
            self.push(usize::from_le_bytes(word));
        }
    }

    /// Second pass: appends the bytes [`Self::push_bytes`] recorded next.
    pub fn take_bytes(&mut self, out: &mut Vec<u8>) {
        let mut n = self.take();
        while n > 0 {
            let word = self.take().to_le_bytes();
            out.extend_from_slice(&word[..n.min(WORD)]);
            n -= n.min(WORD);
        }
    }

    /// Whether nothing was recorded.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Second pass: the next recorded size, without taking it (0 past the end).
    #[inline(always)]
    pub fn peek(&self) -> usize {
        self.sizes.get(self.next).copied().unwrap_or(0)
    }

    /// Second pass: the next recorded size.
    ///
    /// # Panics
    ///
    /// When the write pass asks for more sizes than the length pass recorded: a sink that
    /// takes what its counter did not record.
    #[inline(always)]
    pub fn take(&mut self) -> usize {
        let s = self.sizes[self.next];
        self.next += 1;
        s
    }
}

/// A cursor over protobuf bytes (the varint of a primitive literal's fast path).
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

    /// Skips `n` bytes (at most what is left).
    #[inline(always)]
    pub fn skip(&mut self, n: usize) {
        self.buf = &self.buf[n.min(self.buf.len())..];
    }

    /// The next `n` bytes, or `None` if fewer are left.
    #[inline(always)]
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.buf.len() {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
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
