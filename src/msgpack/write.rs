//! The msgpack forms Python's `msgpack.packb` writes, one value at a time: the sizes and writers
//! shared by the tree encoder ([`super::encode`]) and the engine's direct path.
//!
//! Lengths are at most `u32::MAX`, which the callers check before writing (the encoder returns
//! [`super::MsgpackErrorKind::TooLong`], the direct path checks while sizing).

/// Size of an integer, in the smallest encoding.
#[inline(always)]
pub fn int_len(i: i64) -> usize {
    if i >= 0 {
        uint_len(i as u64)
    } else if i >= -32 {
        1
    } else if i >= i64::from(i8::MIN) {
        2
    } else if i >= i64::from(i16::MIN) {
        3
    } else if i >= i64::from(i32::MIN) {
        5
    } else {
        9
    }
}

/// Size of a non-negative integer.
#[inline(always)]
pub fn uint_len(u: u64) -> usize {
    if u <= 0x7f {
        1
    } else if u <= 0xff {
        2
    } else if u <= 0xffff {
        3
    } else if u <= 0xffff_ffff {
        5
    } else {
        9
    }
}

/// Writes an integer: the unsigned forms for non-negative values, negative fixint (-32..=-1),
/// then int8 / 16 / 32 / 64.
#[inline(always)]
pub fn put_int(out: &mut Vec<u8>, i: i64) {
    if i >= 0 {
        put_uint(out, i as u64);
    } else if i >= -32 {
        out.push(i as u8);
    } else if i >= i64::from(i8::MIN) {
        out.extend_from_slice(&[0xd0, i as u8]);
    } else if i >= i64::from(i16::MIN) {
        out.push(0xd1);
        out.extend_from_slice(&(i as i16).to_be_bytes());
    } else if i >= i64::from(i32::MIN) {
        out.push(0xd2);
        out.extend_from_slice(&(i as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

/// Writes a non-negative integer: positive fixint, then uint8 / 16 / 32 / 64.
#[inline(always)]
pub fn put_uint(out: &mut Vec<u8>, u: u64) {
    if u <= 0x7f {
        out.push(u as u8);
    } else if u <= 0xff {
        out.extend_from_slice(&[0xcc, u as u8]);
    } else if u <= 0xffff {
        out.push(0xcd);
        out.extend_from_slice(&(u as u16).to_be_bytes());
    } else if u <= 0xffff_ffff {
        out.push(0xce);
        out.extend_from_slice(&(u as u32).to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&u.to_be_bytes());
    }
}

/// Writes a float64.
#[inline(always)]
pub fn put_f64(out: &mut Vec<u8>, f: f64) {
    out.push(0xcb);
    out.extend_from_slice(&f.to_be_bytes());
}

/// Writes a float32.
pub fn put_f32(out: &mut Vec<u8>, f: f32) {
    out.push(0xca);
    out.extend_from_slice(&f.to_be_bytes());
}

/// Size of a `str` header for `n` bytes.
#[inline(always)]
pub fn str_header_len(n: usize) -> usize {
    if n <= 31 {
        1
    } else if n <= 0xff {
        2
    } else if n <= 0xffff {
        3
    } else {
        5
    }
}

/// Size of a whole `str` of `n` bytes.
#[inline(always)]
pub fn str_len(n: usize) -> usize {
    str_header_len(n) + n
}

/// Writes a `str` header for `n` bytes: fixstr, then str8 / 16 / 32.
#[inline(always)]
pub fn put_str_header(out: &mut Vec<u8>, n: usize) {
    if n <= 31 {
        out.push(0xa0 | n as u8);
    } else if n <= 0xff {
        out.extend_from_slice(&[0xd9, n as u8]);
    } else {
        put_wide(out, n, 0xda, 0xdb);
    }
}

/// Writes a whole `str`.
#[inline(always)]
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_str_header(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Writes a `bin` header for `n` bytes: bin8 / 16 / 32.
pub fn put_bin_header(out: &mut Vec<u8>, n: usize) {
    if n <= 0xff {
        out.extend_from_slice(&[0xc4, n as u8]);
    } else {
        put_wide(out, n, 0xc5, 0xc6);
    }
}

/// Writes an extension header for `n` bytes of type `ty`: fixext 1 / 2 / 4 / 8 / 16 where the
/// size allows, else ext8 / 16 / 32.
pub fn put_ext_header(out: &mut Vec<u8>, n: usize, ty: i8) {
    match n {
        1 => out.push(0xd4),
        2 => out.push(0xd5),
        4 => out.push(0xd6),
        8 => out.push(0xd7),
        16 => out.push(0xd8),
        n if n <= 0xff => out.extend_from_slice(&[0xc7, n as u8]),
        n => put_wide(out, n, 0xc8, 0xc9),
    }
    out.push(ty as u8);
}

/// Size of an array or map header for `n` elements (entries).
#[inline(always)]
pub fn container_header_len(n: usize) -> usize {
    if n <= 15 {
        1
    } else if n <= 0xffff {
        3
    } else {
        5
    }
}

/// Writes an array (`map == false`) or map header for `n` elements (entries): fixarray /
/// fixmap, then the 16- and 32-bit forms (msgpack has no 8-bit form for them).
#[inline(always)]
pub fn put_container_header(out: &mut Vec<u8>, n: usize, map: bool) {
    let (fix, w16, w32) = if map {
        (0x80, 0xde, 0xdf)
    } else {
        (0x90, 0xdc, 0xdd)
    };
    if n <= 15 {
        out.push(fix | n as u8);
    } else {
        put_wide(out, n, w16, w32);
    }
}

/// The 16-bit form (`w16`, then two length bytes) up to 0xffff, else the 32-bit one.
#[inline(always)]
fn put_wide(out: &mut Vec<u8>, n: usize, w16: u8, w32: u8) {
    debug_assert!(
        u32::try_from(n).is_ok(),
        "msgpack length checked by the caller"
    );
    if n <= 0xffff {
        out.push(w16);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(w32);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

// ---------------------------------------------------------------- sinks

use super::{Msg, length_fits};
use crate::Error;

/// Where a value's msgpack goes, one event at a time: what a type's one `write` (the engine's
/// `StructField::write`) and the tree encoder ([`write_msg`]) produce. The same `write`
/// sizes ([`MsgCounter`]), writes bytes ([`MsgWriter`]) or builds a [`Msg`] tree
/// ([`MsgBuilder`]); each sink is a type, so every `write` is monomorphized for it and a
/// sink's unused work costs nothing.
///
/// Containers announce their element (entry) count and end by themselves after that many
/// values: a writer knows its lengths up front, and msgpack headers need them.
pub trait MsgSink {
    /// nil.
    fn nil(&mut self);
    /// A boolean.
    fn bool(&mut self, b: bool);
    /// An integer, in the smallest form.
    fn int(&mut self, i: i64);
    /// A non-negative integer, in the smallest form.
    fn uint(&mut self, u: u64);
    /// A float32.
    fn f32(&mut self, f: f32);
    /// A float64.
    fn f64(&mut self, f: f64);
    /// A `str`.
    ///
    /// # Errors
    ///
    /// A string longer than msgpack can say (see [`super::MsgpackErrorKind::TooLong`]).
    fn str(&mut self, s: &str) -> Result<(), Error>;
    /// A `str` of `n` bytes that `fill` appends (text written straight from its parts, such
    /// as a datetime, without a `String` in between). `fill` must append exactly `n` bytes of
    /// UTF-8.
    ///
    /// # Errors
    ///
    /// As [`Self::str`].
    fn str_with(&mut self, n: usize, fill: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error>;
    /// A `bin`.
    ///
    /// # Errors
    ///
    /// As [`Self::str`].
    fn bin(&mut self, b: &[u8]) -> Result<(), Error>;
    /// An extension of type `ty`.
    ///
    /// # Errors
    ///
    /// As [`Self::str`].
    fn ext(&mut self, ty: i8, data: &[u8]) -> Result<(), Error>;
    /// An array of `n` elements: the next `n` values.
    ///
    /// # Errors
    ///
    /// As [`Self::str`].
    fn array(&mut self, n: usize) -> Result<(), Error>;
    /// A map of `n` entries: the next `2 n` values, keys and values in turn.
    ///
    /// # Errors
    ///
    /// As [`Self::str`].
    fn map(&mut self, n: usize) -> Result<(), Error>;
    /// A struct field's name as a map key: `key`, with `encoded` its msgpack `str` bytes
    /// (computed once, by the derive, so the byte writer copies them in one go).
    fn key(&mut self, key: &str, encoded: &[u8]);
}

/// The size sink: counts the bytes [`MsgWriter`] would write, with every check.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MsgCounter {
    /// Bytes counted so far.
    pub len: usize,
}

impl MsgSink for MsgCounter {
    #[inline(always)]
    fn nil(&mut self) {
        self.len += 1;
    }
    #[inline(always)]
    fn bool(&mut self, _: bool) {
        self.len += 1;
    }
    #[inline(always)]
    fn int(&mut self, i: i64) {
        self.len += int_len(i);
    }
    #[inline(always)]
    fn uint(&mut self, u: u64) {
        self.len += uint_len(u);
    }
    #[inline(always)]
    fn f32(&mut self, _: f32) {
        self.len += 5;
    }
    #[inline(always)]
    fn f64(&mut self, _: f64) {
        self.len += 9;
    }
    #[inline(always)]
    fn str(&mut self, s: &str) -> Result<(), Error> {
        self.str_with(s.len(), |_| {})
    }
    #[inline(always)]
    fn str_with(&mut self, n: usize, _: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        length_fits("str", n, self.len)?;
        self.len += str_len(n);
        Ok(())
    }
    fn bin(&mut self, b: &[u8]) -> Result<(), Error> {
        length_fits("bin", b.len(), self.len)?;
        self.len += if b.len() <= 0xff {
            2
        } else {
            str_header_len(b.len())
        } + b.len();
        Ok(())
    }
    fn ext(&mut self, _: i8, data: &[u8]) -> Result<(), Error> {
        length_fits("ext", data.len(), self.len)?;
        let header = match data.len() {
            1 | 2 | 4 | 8 | 16 => 2,
            n if n <= 0xff => 3,
            n if n <= 0xffff => 4,
            _ => 6,
        };
        self.len += header + data.len();
        Ok(())
    }
    #[inline(always)]
    fn array(&mut self, n: usize) -> Result<(), Error> {
        length_fits("array", n, self.len)?;
        self.len += container_header_len(n);
        Ok(())
    }
    #[inline(always)]
    fn map(&mut self, n: usize) -> Result<(), Error> {
        length_fits("map", n, self.len)?;
        self.len += container_header_len(n);
        Ok(())
    }
    #[inline(always)]
    fn key(&mut self, _: &str, encoded: &[u8]) {
        self.len += encoded.len();
    }
}

/// The byte sink: appends the msgpack to a `Vec`. Error offsets count from where it started.
#[derive(Debug)]
pub struct MsgWriter<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
}

impl<'a> MsgWriter<'a> {
    /// A writer appending to `out`.
    #[inline(always)]
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        let start = out.len();
        Self { out, start }
    }

    #[inline(always)]
    fn fits(&self, kind: &'static str, n: usize) -> Result<(), Error> {
        length_fits(kind, n, self.out.len() - self.start)
    }
}

impl MsgSink for MsgWriter<'_> {
    #[inline(always)]
    fn nil(&mut self) {
        self.out.push(0xc0);
    }
    #[inline(always)]
    fn bool(&mut self, b: bool) {
        self.out.push(if b { 0xc3 } else { 0xc2 });
    }
    #[inline(always)]
    fn int(&mut self, i: i64) {
        put_int(self.out, i);
    }
    #[inline(always)]
    fn uint(&mut self, u: u64) {
        put_uint(self.out, u);
    }
    #[inline(always)]
    fn f32(&mut self, f: f32) {
        put_f32(self.out, f);
    }
    #[inline(always)]
    fn f64(&mut self, f: f64) {
        put_f64(self.out, f);
    }
    #[inline(always)]
    fn str(&mut self, s: &str) -> Result<(), Error> {
        self.fits("str", s.len())?;
        put_str(self.out, s);
        Ok(())
    }
    #[inline(always)]
    fn str_with(&mut self, n: usize, fill: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        self.fits("str", n)?;
        put_str_header(self.out, n);
        let at = self.out.len();
        fill(self.out);
        debug_assert_eq!(
            self.out.len() - at,
            n,
            "str_with: fill wrote another length"
        );
        Ok(())
    }
    fn bin(&mut self, b: &[u8]) -> Result<(), Error> {
        self.fits("bin", b.len())?;
        put_bin_header(self.out, b.len());
        self.out.extend_from_slice(b);
        Ok(())
    }
    fn ext(&mut self, ty: i8, data: &[u8]) -> Result<(), Error> {
        self.fits("ext", data.len())?;
        put_ext_header(self.out, data.len(), ty);
        self.out.extend_from_slice(data);
        Ok(())
    }
    #[inline(always)]
    fn array(&mut self, n: usize) -> Result<(), Error> {
        self.fits("array", n)?;
        put_container_header(self.out, n, false);
        Ok(())
    }
    #[inline(always)]
    fn map(&mut self, n: usize) -> Result<(), Error> {
        self.fits("map", n)?;
        put_container_header(self.out, n, true);
        Ok(())
    }
    #[inline(always)]
    fn key(&mut self, _: &str, encoded: &[u8]) {
        self.out.extend_from_slice(encoded);
    }
}

/// The tree sink: builds the [`Msg`] the events describe (for schema defaults and the
/// conveniences that hand out a `Msg`). [`Self::finish`] gives it once the root is complete.
#[derive(Debug, Default)]
pub struct MsgBuilder {
    /// The containers still open, innermost last.
    open: Vec<Open>,
    root: Option<Msg>,
}

#[derive(Debug)]
enum Open {
    Array(Vec<Msg>, usize),
    /// Entries so far, the key waiting for its value, the entry count.
    Map(Vec<(Msg, Msg)>, Option<Msg>, usize),
}

impl MsgBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value built, or nil when none was written (a `write` that wrote nothing).
    pub fn finish(self) -> Msg {
        self.root.unwrap_or(Msg::Nil)
    }

    /// Adds a complete value to the innermost open container, closing the containers it fills.
    fn push(&mut self, mut m: Msg) {
        loop {
            let full = match self.open.last_mut() {
                None => {
                    self.root = Some(m);
                    return;
                }
                Some(Open::Array(items, n)) => {
                    items.push(m);
                    items.len() == *n
                }
                Some(Open::Map(entries, key, n)) => match key.take() {
                    None => {
                        *key = Some(m);
                        return;
                    }
                    Some(k) => {
                        entries.push((k, m));
                        entries.len() == *n
                    }
                },
            };
            if !full {
                return;
            }
            m = match self.open.pop() {
                Some(Open::Array(items, _)) => Msg::Array(items),
                Some(Open::Map(entries, _, _)) => Msg::Map(entries),
                None => return,
            };
        }
    }
}

impl MsgSink for MsgBuilder {
    fn nil(&mut self) {
        self.push(Msg::Nil);
    }
    fn bool(&mut self, b: bool) {
        self.push(Msg::Bool(b));
    }
    fn int(&mut self, i: i64) {
        self.push(Msg::Int(i));
    }
    fn uint(&mut self, u: u64) {
        self.push(i64::try_from(u).map_or(Msg::UInt(u), Msg::Int));
    }
    fn f32(&mut self, f: f32) {
        self.push(Msg::F32(f));
    }
    fn f64(&mut self, f: f64) {
        self.push(Msg::F64(f));
    }
    fn str(&mut self, s: &str) -> Result<(), Error> {
        length_fits("str", s.len(), 0)?;
        self.push(Msg::Str(s.to_owned()));
        Ok(())
    }
    fn str_with(&mut self, n: usize, fill: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        length_fits("str", n, 0)?;
        let mut bytes = Vec::with_capacity(n);
        fill(&mut bytes);
        // `fill` writes UTF-8 (the contract); a lossy conversion keeps a broken one visible.
        let s = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.push(Msg::Str(s));
        Ok(())
    }
    fn bin(&mut self, b: &[u8]) -> Result<(), Error> {
        length_fits("bin", b.len(), 0)?;
        self.push(Msg::Bin(b.to_vec()));
        Ok(())
    }
    fn ext(&mut self, ty: i8, data: &[u8]) -> Result<(), Error> {
        length_fits("ext", data.len(), 0)?;
        self.push(Msg::Ext(ty, data.to_vec()));
        Ok(())
    }
    fn array(&mut self, n: usize) -> Result<(), Error> {
        length_fits("array", n, 0)?;
        if n == 0 {
            self.push(Msg::Array(Vec::new()));
        } else {
            self.open.push(Open::Array(Vec::with_capacity(n), n));
        }
        Ok(())
    }
    fn map(&mut self, n: usize) -> Result<(), Error> {
        length_fits("map", n, 0)?;
        if n == 0 {
            self.push(Msg::Map(Vec::new()));
        } else {
            self.open.push(Open::Map(Vec::with_capacity(n), None, n));
        }
        Ok(())
    }
    fn key(&mut self, key: &str, _: &[u8]) {
        self.push(Msg::Str(key.to_owned()));
    }
}

/// Writes a [`Msg`] tree into `sink`: the tree encoder, for every sink. Iterative: any
/// nesting depth is fine.
///
/// # Errors
///
/// [`super::MsgpackErrorKind::TooLong`] for a string, binary, array, map or extension longer
/// than `u32::MAX`.
pub fn write_msg<S: MsgSink>(msg: &Msg, sink: &mut S) -> Result<(), Error> {
    // Values still to write, next on top.
    let mut todo = vec![msg];
    while let Some(msg) = todo.pop() {
        match msg {
            Msg::Nil => sink.nil(),
            Msg::Bool(b) => sink.bool(*b),
            Msg::Int(i) => sink.int(*i),
            Msg::UInt(u) => sink.uint(*u),
            Msg::F32(f) => sink.f32(*f),
            Msg::F64(f) => sink.f64(*f),
            Msg::Str(s) => sink.str(s)?,
            Msg::Bin(b) => sink.bin(b)?,
            Msg::Array(items) => {
                sink.array(items.len())?;
                todo.extend(items.iter().rev());
            }
            Msg::Map(entries) => {
                sink.map(entries.len())?;
                todo.extend(entries.iter().rev().flat_map(|(k, v)| [v, k]));
            }
            Msg::Ext(ty, data) => sink.ext(*ty, data)?,
        }
    }
    Ok(())
}
