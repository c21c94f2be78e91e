//! The msgpack pull reader: a cursor that reads one value's head at a time straight from the
//! bytes, with no `Msg` tree. It is the one msgpack head parser: the tree decoder
//! ([`decode`](super::decode)) is built on it, and so are the direct path, the schema-less fast
//! path and the Python extension (`python/`), which builds Python objects straight from it. It
//! counts values and nesting against limits and gives up (`None`), never fails, on anything it
//! does not take: the caller then decodes the input with [`decode`](super::decode), which
//! turns the reason the reader stopped into its exact error.

use super::Limits;

/// Deepest nesting (protobuf messages, or msgpack containers) the direct path follows before it
/// hands the input to the tree path, which applies prost's limit (100 messages) and the msgpack
/// decoder's (256 containers) with their exact errors.
pub const MAX_DIRECT_DEPTH: u32 = 64;

/// Which forms of an enum member a struct reader accepts where the member sits: the SDK's rule
/// (`flyte/types/_type_engine.py`). mashumaro reads a dataclass's enum fields by value only
/// (`Color(v)`); Flyte's pydantic transformer writes the member *names* of a model's enum fields
/// (and of its lists, dicts and nested models) and reads a name first, then a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnumWire {
    /// Values only: the fields of a dataclass, and the containers in them.
    Values,
    /// A member name, else a value: the fields of a pydantic model, and anywhere the SDK's rule
    /// is not modelled (a tuple or union element inside a model).
    #[default]
    NamesOrValues,
}

/// A msgpack cursor for the direct reader. It counts values and nesting against the decoder's
/// default [`Limits`] (giving up, not failing, when they are reached).
#[derive(Debug, Clone)]
pub struct MsgReader<'a> {
    buf: &'a [u8],
    /// The enum forms the innermost struct being read accepts (set by each derived struct).
    enums: EnumWire,
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

/// Why [`MsgReader`] stopped at a head: the tree decoder turns it into its
/// [`MsgpackErrorKind`](super::MsgpackErrorKind); the direct readers only see `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The input ends: `needed` more bytes where `available` are left.
    Eof { needed: usize, available: usize },
    /// A container announces `values` values (keys and values, for a map) where only
    /// `available` bytes are left: each value takes at least one.
    Announced { values: usize, available: usize },
    /// The byte `0xc1`, which msgpack never uses.
    Reserved,
    /// A container nested deeper than the reader's depth limit.
    Depth,
    /// More values than the reader's item limit.
    Items,
}

impl Head<'_> {
    /// The msgpack family, as [`Msg::kind_name`](super::Msg::kind_name) names it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Head::Nil => "nil",
            Head::Bool(_) => "bool",
            Head::Int(_) | Head::UInt(_) => "int",
            Head::F32(_) | Head::F64(_) => "float",
            Head::Str(_) => "str",
            Head::Bin(_) => "bin",
            Head::Array(_) => "array",
            Head::Map(_) => "map",
            Head::Ext(..) => "ext",
        }
    }
}

/// Where a reader stood ([`MsgReader::mark`]): enough to come back and read the same value
/// again, or skip it.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pos: usize,
    items: usize,
    depth: u32,
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
            enums: EnumWire::default(),
            pos: 0,
            items: 1,
            depth: 0,
            max_items,
            max_depth,
        }
    }

    /// The enum forms accepted here (see [`EnumWire`]).
    #[inline(always)]
    pub fn enums(&self) -> EnumWire {
        self.enums
    }

    /// Sets the enum forms accepted from here on; returns the previous setting, for the struct
    /// that set it to restore when it is read.
    #[inline(always)]
    pub fn set_enums(&mut self, enums: EnumWire) -> EnumWire {
        std::mem::replace(&mut self.enums, enums)
    }

    /// Bytes read so far.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// A reader with the tree decoder's limits ([`Limits::default`]): it reads every document
    /// [`decode`](super::decode) reads, so a typed read and the tree decoder agree on what is
    /// well-formed.
    pub fn with_decoder_limits(buf: &'a [u8]) -> Self {
        let limits = Limits::default();
        Self::with_limits(
            buf,
            limits.max_total_items,
            u32::try_from(limits.max_depth).unwrap_or(u32::MAX),
        )
    }

    /// Where the reader stands, for [`Self::reset`].
    #[inline(always)]
    pub fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            items: self.items,
            depth: self.depth,
        }
    }

    /// Back to `mark`: the value read since is read again.
    #[inline(always)]
    pub fn reset(&mut self, mark: Mark) -> &mut Self {
        self.pos = mark.pos;
        self.items = mark.items;
        self.depth = mark.depth;
        self
    }

    /// The error for a document this reader cannot read (cut short, the reserved byte, a `str`
    /// that is not UTF-8, past the limits): exactly the tree decoder's error for the whole
    /// document. Built only on that path, never while reading. (An error of
    /// [`ErrorKind::Msgpack`](crate::ErrorKind::Msgpack) kind: the document is malformed, so
    /// no alternative reading can succeed.)
    #[cold]
    pub fn malformed(&self) -> crate::Error {
        let limits = Limits {
            max_depth: self.max_depth as usize,
            max_total_items: self.max_items,
        };
        match super::decode_with(self.buf, &limits) {
            Err(e) => e,
            // The decoder took it: the reader's own bound, as its kind.
            Ok(_) => crate::Error::msgpack(
                self.pos,
                super::MsgpackErrorKind::DepthLimit(self.max_depth as usize),
            ),
        }
    }

    /// [`Self::head`], or the [`Self::malformed`] error.
    #[inline]
    pub fn take_head(&mut self) -> Result<Head<'a>, crate::Error> {
        match self.head() {
            Some(h) => Ok(h),
            None => Err(self.malformed()),
        }
    }

    /// The msgpack `str` whose encoded bytes are `encoded` (a struct field name, header
    /// included), consumed if it is next; nothing is consumed otherwise. (A fixed-size
    /// comparison, inlined: no `memcmp` call.)
    #[inline(always)]
    pub fn try_bytes<const N: usize>(&mut self, encoded: &[u8; N]) -> bool {
        let hit = self
            .buf
            .get(self.pos..self.pos + N)
            .and_then(|b| <&[u8; N]>::try_from(b).ok())
            .is_some_and(|b| b == encoded);
        if hit {
            self.skip(N);
        }
        hit
    }

    /// Moves past one whole value, checking what the tree decoder checks (UTF-8 of each
    /// `str` included): a value a struct does not know.
    /// Its bytes back.
    pub fn skip_value(&mut self) -> Result<&'a [u8], crate::Error> {
        let start = self.pos;
        match self.value_end(true) {
            Some(_) => Ok(&self.buf[start..self.pos]),
            None => Err(self.malformed()),
        }
    }

    /// One whole value as a [`Msg`](super::Msg) tree (a field whose type reads the tree:
    /// untyped values, handles).
    pub fn msg(&mut self) -> Result<super::Msg, crate::Error> {
        let start = self.pos;
        if self.value_end(false).is_none() {
            return Err(self.malformed());
        }
        super::decode_with(
            &self.buf[start..self.pos],
            &Limits {
                max_depth: (self.max_depth - self.depth) as usize,
                max_total_items: self.max_items,
            },
        )
        .map_err(|_| self.malformed())
    }

    /// Whether the whole document was read.
    pub fn is_done(&self) -> bool {
        self.pos == self.buf.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Stop> {
        let available = self.buf.len() - self.pos;
        if n > available {
            return Err(Stop::Eof {
                needed: n,
                available,
            });
        }
        let b = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], Stop> {
        let b = self.take(N)?;
        Ok(b.try_into().expect("take returns N bytes"))
    }

    fn len(&mut self, width: usize) -> Result<usize, Stop> {
        let b = self.take(width)?;
        Ok(b.iter().fold(0usize, |acc, &x| (acc << 8) | usize::from(x)))
    }

    /// Reads one value's head. Containers count one nesting level until
    /// [`Self::close`] is called for them.
    #[inline(always)]
    pub fn head(&mut self) -> Option<Head<'a>> {
        self.try_head().ok()
    }

    /// [`Self::head`], saying why it stopped.
    #[inline]
    pub(crate) fn try_head(&mut self) -> Result<Head<'a>, Stop> {
        let b = *self.take(1)?.first().expect("one byte");
        Ok(match b {
            0x00..=0x7f | 0xcc..=0xce | 0xd0..=0xd3 | 0xe0..=0xff => {
                let Some((v, n)) = int_form(&self.buf[self.pos - 1..]) else {
                    // Only the wider forms can be cut short: 1, 2, 4 (or 8, `d3`) bytes.
                    return Err(Stop::Eof {
                        needed: 1 << (b & 3),
                        available: self.buf.len() - self.pos,
                    });
                };
                self.pos += n - 1;
                Head::Int(v)
            }
            0x80..=0x8f => Head::Map(self.open(usize::from(b & 0x0f), true)?),
            0x90..=0x9f => Head::Array(self.open(usize::from(b & 0x0f), false)?),
            0xa0..=0xbf => Head::Str(self.take(usize::from(b & 0x1f))?),
            0xc0 => Head::Nil,
            0xc1 => return Err(Stop::Reserved),
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
    fn open(&mut self, n: usize, map: bool) -> Result<usize, Stop> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Stop::Depth);
        }
        // Every announced value takes at least a byte: refuse counts the input cannot hold
        // before anyone preallocates for them, this container's alone and all containers'
        // together (so that nested containers cannot each preallocate for the whole input).
        let values = if map { n.saturating_mul(2) } else { n };
        let available = self.buf.len() - self.pos;
        if values > available {
            return Err(Stop::Announced { values, available });
        }
        self.items += values;
        if self.items > self.buf.len() {
            return Err(Stop::Announced { values, available });
        }
        if self.items > self.max_items {
            return Err(Stop::Items);
        }
        Ok(n)
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
            return self.open(usize::from(b & 0x0f), false).ok();
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
            return self.open(usize::from(b & 0x0f), true).ok();
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
        std::str::from_utf8(self.str_bytes()?).ok()
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
        self.value_end(false)?;
        Some(&self.buf[start..self.pos])
    }

    /// Moves past one whole value; with `utf8`, checks each `str` as the decoder does.
    fn value_end(&mut self, utf8: bool) -> Option<()> {
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
                Head::Str(s) if utf8 => {
                    std::str::from_utf8(s).ok()?;
                    continue;
                }
                _ => continue,
            };
            if n == 0 {
                self.close();
            } else {
                left.push(pending);
                pending = n;
            }
        }
        Some(())
    }

    /// The current nesting depth (open containers).
    pub fn depth(&self) -> u32 {
        self.depth
    }
}
