//! `Literal` bytes -> Python object, following a [`Plan`]: the object the SDK's transformer
//! returns for the same literal.
//!
//! Only the layout the SDK writes for the type is read here (the fields upb serializes, in
//! field order): a literal with anything else (metadata, a hash, an offloaded value, another
//! scalar kind, a msgpack form the plan does not expect) is [`Why::Unsupported`](crate::fail::Why::Unsupported), and the SDK's
//! transformer reads it instead, with its own conversions and errors.

use crate::fail::{Fail, MAX_DEPTH, Step};
use crate::plan::{Dataclass, Field, Model, Node, ScalarKind};
use crate::pytypes::PyTypes;
use chrono::{DateTime, Datelike, Timelike};
use flyte_types::msgpack::read::{Head, MsgReader};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PySet, PyString};
use std::cell::RefCell;
use std::collections::HashMap;

/// Reads the `Literal` in `bytes` under `node`.
pub fn literal<'py>(py: Python<'py>, bytes: &[u8], node: &Node) -> Step<Bound<'py, PyAny>> {
    let r = Reader::new(py)?;
    let _paused = crate::pytypes::GcPause::new(py);
    r.literal(bytes, node, 0)
}

/// Reads the msgpack payload of a `Scalar.binary` (tag `msgpack`) under `node`, which must be a
/// struct or an untyped dict: what the transformer's `from_binary_idl` reads.
pub fn payload<'py>(py: Python<'py>, bytes: &[u8], node: &Node) -> Step<Bound<'py, PyAny>> {
    let r = Reader::new(py)?;
    let _paused = crate::pytypes::GcPause::new(py);
    match node {
        Node::Struct(field) => r.msgpack(bytes, |m| r.field(m, field, 0)),
        Node::Untyped => r.msgpack(bytes, |m| r.any(m, 0)),
        _ => Err(Fail::unsupported(
            "a msgpack payload for a type that is not a struct",
        )),
    }
}

struct Reader<'py> {
    py: Python<'py>,
    ty: &'static PyTypes,
    /// The keys of `dict[str, T]` fields seen so far, as strings to share: such keys repeat from
    /// one struct to the next (`tags` in W6), and a shared `str` saves an allocation and a
    /// UTF-8 decode each time. Bounded by [`KEY_CACHE_ENTRIES`] and [`KEY_CACHE_LEN`].
    keys: RefCell<HashMap<Box<str>, Bound<'py, PyString>>>,
}

const KEY_CACHE_ENTRIES: usize = 1024;
const KEY_CACHE_LEN: usize = 32;

/// A protobuf cursor over one message's bytes.
struct Pb<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn bad(what: &str) -> Fail {
    Fail::unsupported(format!("a literal not in the SDK's layout ({what})"))
}

impl<'a> Pb<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Pb { buf, pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos == self.buf.len()
    }

    fn varint(&mut self) -> Step<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self
                .buf
                .get(self.pos)
                .ok_or_else(|| bad("truncated varint"))?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(bad("varint longer than 10 bytes"))
    }

    /// The next tag if it is `tag`, consumed; `None` (nothing consumed) otherwise.
    fn peek_tag(&mut self, tag: u8) -> bool {
        if self.buf.get(self.pos) == Some(&tag) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_tag(&mut self, tag: u8) -> Step<()> {
        if self.peek_tag(tag) {
            Ok(())
        } else {
            Err(bad("unexpected field"))
        }
    }

    fn len_delimited(&mut self) -> Step<&'a [u8]> {
        let n = self.varint()?;
        let n = usize::try_from(n).map_err(|_| bad("length"))?;
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| bad("length beyond the bytes"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The next `0a <length> <bytes>` item of a `LiteralCollection`: its bytes (a one-byte
    /// length read inline, as it is for every int, float and bool element).
    #[inline(always)]
    fn item(&mut self) -> Step<&'a [u8]> {
        if let [0x0a, len, ..] = self.buf[self.pos..]
            && len < 0x80
        {
            let start = self.pos + 2;
            if let Some(s) = self.buf.get(start..start + usize::from(len)) {
                self.pos = start + usize::from(len);
                return Ok(s);
            }
        }
        self.expect_tag(0x0a)?;
        self.len_delimited()
    }

    /// The message is exactly one length-delimited field `tag`: its bytes.
    fn only(buf: &'a [u8], tag: u8) -> Step<&'a [u8]> {
        let mut pb = Pb::new(buf);
        pb.expect_tag(tag)?;
        let inner = pb.len_delimited()?;
        if !pb.done() {
            return Err(bad("extra fields"));
        }
        Ok(inner)
    }

    fn fixed64(&mut self) -> Step<[u8; 8]> {
        let b = self
            .buf
            .get(self.pos..self.pos + 8)
            .ok_or_else(|| bad("truncated fixed64"))?;
        self.pos += 8;
        Ok(b.try_into().expect("eight bytes"))
    }
}

impl<'py> Reader<'py> {
    fn new(py: Python<'py>) -> Step<Self> {
        Ok(Reader {
            py,
            ty: PyTypes::get(py)?,
            keys: RefCell::new(HashMap::new()),
        })
    }

    fn literal(&self, bytes: &[u8], node: &Node, depth: usize) -> Step<Bound<'py, PyAny>> {
        if depth > MAX_DEPTH {
            return Err(Fail::unsupported("nesting deeper than 256"));
        }
        let py = self.py;
        match node {
            Node::List(elem) => {
                let coll = Pb::only(bytes, 0x12)?;
                if matches!(**elem, Node::Int | Node::Float | Node::Str | Node::Bool)
                    && let Some(n) = count_items(coll)
                {
                    return self.primitive_list(coll, n, elem, depth);
                }
                let mut pb = Pb::new(coll);
                let mut items = Vec::new();
                while !pb.done() {
                    let lit = pb.item()?;
                    let i = items.len();
                    items.push(
                        self.item(lit, elem, depth + 1)
                            .map_err(|e| e.at(|| format!("[{i}]")))?,
                    );
                }
                Ok(PyList::new(py, items)?.into_any())
            }
            Node::Map(val) => {
                let map = Pb::only(bytes, 0x1a)?;
                let mut pb = Pb::new(map);
                let dict = PyDict::new(py);
                while !pb.done() {
                    let mut entry = Pb::new(pb.item()?);
                    let key: &[u8] = if entry.peek_tag(0x0a) {
                        entry.len_delimited()?
                    } else {
                        b""
                    };
                    // CPython checks the UTF-8 as it decodes (one pass); a key it refuses is
                    // reported as `utf8` reports it.
                    let Ok(key_str) = py_str(py, key) else {
                        return Err(utf8(key).err().unwrap_or_else(|| bad("string not UTF-8")));
                    };
                    entry.expect_tag(0x12)?;
                    let lit = entry.len_delimited()?;
                    if !entry.done() {
                        return Err(bad("map entry fields"));
                    }
                    let v = self
                        .item(lit, val, depth + 1)
                        .map_err(|e| e.at(|| format!("[{:?}]", String::from_utf8_lossy(key))))?;
                    dict.set_item(key_str, v)?;
                }
                Ok(dict.into_any())
            }
            _ => self.scalar(Pb::only(bytes, 0x0a)?, node, depth),
        }
    }

    /// One element (or map value) `Literal` under `node`: [`Self::quick`] when it reads it,
    /// else [`Self::literal`].
    #[inline(always)]
    fn item(&self, lit: &[u8], node: &Node, depth: usize) -> Step<Bound<'py, PyAny>> {
        match self.quick(lit, node) {
            Some(v) => Ok(v),
            None => self.literal(lit, node, depth),
        }
    }

    /// An `int`, `float`, `str` or `bool` `Literal` read straight off its bytes when they are
    /// `Literal{scalar{primitive{value}}}` and nothing else, with one-byte lengths (what upb
    /// writes for every int, float and bool, and for a str of up to 123 bytes); `None` for
    /// anything else (another node, another layout, a str CPython's UTF-8 decoder refuses), which
    /// [`Self::literal`] then reads, or refuses with its reason. The values are those
    /// `literal` makes of the same bytes.
    #[inline(always)]
    fn quick(&self, lit: &[u8], node: &Node) -> Option<Bound<'py, PyAny>> {
        match node {
            Node::Int => self.quick_int(lit),
            Node::Float => self.quick_float(lit),
            Node::Str => self.quick_str(lit),
            Node::Bool => self.quick_bool(lit),
            _ => None,
        }
    }

    #[inline(always)]
    fn quick_int(&self, lit: &[u8]) -> Option<Bound<'py, PyAny>> {
        let [0x08, v @ ..] = primitive_body(lit)? else {
            return None;
        };
        Some(
            (varint_exact(v)? as i64)
                .into_pyobject(self.py)
                .unwrap_or_else(|e| match e {})
                .into_any(),
        )
    }

    #[inline(always)]
    fn quick_float(&self, lit: &[u8]) -> Option<Bound<'py, PyAny>> {
        let [0x11, f @ ..] = primitive_body(lit)? else {
            return None;
        };
        Some(PyFloat::new(self.py, f64::from_le_bytes(f.try_into().ok()?)).into_any())
    }

    #[inline(always)]
    fn quick_str(&self, lit: &[u8]) -> Option<Bound<'py, PyAny>> {
        let [0x1a, n, s @ ..] = primitive_body(lit)? else {
            return None;
        };
        if *n >= 0x80 || usize::from(*n) != s.len() {
            return None;
        }
        py_str(self.py, s).ok()
    }

    #[inline(always)]
    fn quick_bool(&self, lit: &[u8]) -> Option<Bound<'py, PyAny>> {
        let [0x20, v @ ..] = primitive_body(lit)? else {
            return None;
        };
        Some(
            (varint_exact(v)? != 0)
                .into_pyobject(self.py)
                .unwrap_or_else(|e| match e {})
                .to_owned()
                .into_any(),
        )
    }

    /// A `list[int | float | str | bool]` of `n` elements ([`count_items`] of `coll`), built in
    /// place: a list of that size from the start, each element stored as it is read (no
    /// element conversion runs Python code, so nothing sees the list before it is full).
    fn primitive_list(
        &self,
        coll: &[u8],
        n: usize,
        elem: &Node,
        depth: usize,
    ) -> Step<Bound<'py, PyAny>> {
        match elem {
            Node::Int => self.fill_list(coll, n, elem, depth, Self::quick_int),
            Node::Float => self.fill_list(coll, n, elem, depth, Self::quick_float),
            Node::Str => self.fill_list(coll, n, elem, depth, Self::quick_str),
            _ => self.fill_list(coll, n, elem, depth, Self::quick_bool),
        }
    }

    /// [`Self::primitive_list`] with the element kind's `quick` read inlined in the loop.
    #[inline(always)]
    fn fill_list(
        &self,
        coll: &[u8],
        n: usize,
        elem: &Node,
        depth: usize,
        quick: impl Fn(&Self, &[u8]) -> Option<Bound<'py, PyAny>>,
    ) -> Step<Bound<'py, PyAny>> {
        let py = self.py;
        // SAFETY: the GIL is held (`py`); PyList_New returns a new reference or NULL with an
        // exception set, which `from_owned_ptr_or_err` turns into the error.
        let list = unsafe { Bound::from_owned_ptr_or_err(py, pyo3::ffi::PyList_New(n as _))? };
        let mut pb = Pb::new(coll);
        for i in 0..n {
            let lit = pb.item()?;
            let v = match quick(self, lit) {
                Some(v) => v,
                None => self
                    .literal(lit, elem, depth + 1)
                    .map_err(|e| e.at(|| format!("[{i}]")))?,
            };
            // SAFETY: `list` is a list of `n` slots and `i < n`; PyList_SetItem takes over the
            // reference `into_ptr` hands it (it cannot fail for a list and an index in range).
            unsafe { pyo3::ffi::PyList_SetItem(list.as_ptr(), i as _, v.into_ptr()) };
        }
        Ok(list)
    }

    fn scalar(&self, scalar: &[u8], node: &Node, depth: usize) -> Step<Bound<'py, PyAny>> {
        let py = self.py;
        match node {
            Node::NoneType => {
                if Pb::only(scalar, 0x2a)?.is_empty() {
                    Ok(py.None().into_bound(py))
                } else {
                    Err(bad("void with fields"))
                }
            }
            Node::Union(variants) => {
                let mut pb = Pb::new(Pb::only(scalar, 0x4a)?);
                pb.expect_tag(0x0a)?;
                let value = pb.len_delimited()?;
                pb.expect_tag(0x12)?;
                let ty = pb.len_delimited()?;
                if !pb.done() {
                    return Err(bad("union fields"));
                }
                let variant = variants
                    .iter()
                    .find(|v| v.type_bytes == ty)
                    .ok_or_else(|| {
                        Fail::unsupported("a union variant type the plan does not know")
                    })?;
                self.literal(value, &variant.node, depth + 1)
            }
            Node::Struct(field) => self.msgpack(binary(scalar)?, |m| self.field(m, field, depth)),
            Node::Untyped => self.msgpack(binary(scalar)?, |m| self.any(m, depth)),
            _ => self.primitive(Pb::only(scalar, 0x0a)?, node),
        }
    }

    fn msgpack(
        &self,
        payload: &[u8],
        read: impl FnOnce(&mut MsgReader<'_>) -> Step<Bound<'py, PyAny>>,
    ) -> Step<Bound<'py, PyAny>> {
        let mut m = MsgReader::with_limits(payload, usize::MAX, MAX_DEPTH as u32);
        let v = read(&mut m)?;
        if !m.is_done() {
            return Err(Fail::unsupported("msgpack bytes after the value"));
        }
        Ok(v)
    }

    fn primitive(&self, prim: &[u8], node: &Node) -> Step<Bound<'py, PyAny>> {
        let py = self.py;
        let mut pb = Pb::new(prim);
        let v = match node {
            Node::Int => {
                pb.expect_tag(0x08)?;
                (pb.varint()? as i64)
                    .into_pyobject(py)
                    .unwrap_or_else(|e| match e {})
                    .into_any()
            }
            Node::Float => {
                pb.expect_tag(0x11)?;
                PyFloat::new(py, f64::from_le_bytes(pb.fixed64()?)).into_any()
            }
            Node::Str => {
                pb.expect_tag(0x1a)?;
                PyString::new(py, utf8(pb.len_delimited()?)?).into_any()
            }
            Node::Bool => {
                pb.expect_tag(0x20)?;
                (pb.varint()? != 0)
                    .into_pyobject(py)
                    .unwrap_or_else(|e| match e {})
                    .to_owned()
                    .into_any()
            }
            Node::Datetime | Node::Date => {
                pb.expect_tag(0x2a)?;
                let (seconds, nanos) = seconds_nanos(pb.len_delimited()?)?;
                // Timestamp.ToDatetime: epoch + timedelta(seconds, nanos // 1000 toward zero).
                let micros = i128::from(seconds) * 1_000_000 + i128::from(nanos / 1000);
                let secs = micros.div_euclid(1_000_000) as i64;
                let sub = micros.rem_euclid(1_000_000) as u32;
                let t = DateTime::from_timestamp(secs, sub * 1000)
                    .filter(|t| (1..=9999).contains(&t.year()))
                    .ok_or_else(|| Fail::unsupported("a timestamp outside years 1-9999"))?;
                if matches!(node, Node::Date) {
                    self.ty
                        .date
                        .bind(py)
                        .call1((t.year(), t.month(), t.day()))?
                } else {
                    let kw = PyDict::new(py);
                    kw.set_item("tzinfo", self.ty.utc.bind(py))?;
                    self.ty.datetime.bind(py).call(
                        (
                            t.year(),
                            t.month(),
                            t.day(),
                            t.hour(),
                            t.minute(),
                            t.second(),
                            sub,
                        ),
                        Some(&kw),
                    )?
                }
            }
            Node::Timedelta => {
                pb.expect_tag(0x32)?;
                let (seconds, nanos) = seconds_nanos(pb.len_delimited()?)?;
                // Duration.ToTimedelta: timedelta(seconds=s, microseconds=nanos // 1000 toward zero).
                self.ty
                    .timedelta
                    .bind(py)
                    .call1((0, seconds, nanos / 1000))?
            }
            Node::Enum { by_name, .. } => {
                pb.expect_tag(0x1a)?;
                let name = utf8(pb.len_delimited()?)?;
                by_name.bind(py).get_item(name)?.ok_or_else(|| {
                    Fail::unsupported(format!("{name:?}, not a member name of the enum"))
                })?
            }
            _ => unreachable!("containers are read by `literal` and `scalar`"),
        };
        if !pb.done() {
            return Err(bad("primitive fields"));
        }
        Ok(v)
    }
}

/// How many `0a <length> <bytes>` items `coll` (a `LiteralCollection`) holds, if it is a run
/// of exactly those; `None` otherwise (the item loop then finds what is wrong, item by item).
fn count_items(coll: &[u8]) -> Option<usize> {
    let mut pb = Pb::new(coll);
    let mut n = 0;
    while !pb.done() {
        if !pb.peek_tag(0x0a) {
            return None;
        }
        // One-byte lengths (every int, float and bool element, short strs) without the loop.
        match pb.buf.get(pb.pos) {
            Some(&len) if len < 0x80 => {
                let end = pb.pos + 1 + usize::from(len);
                if end > pb.buf.len() {
                    return None;
                }
                pb.pos = end;
            }
            _ => {
                pb.len_delimited().ok()?;
            }
        }
        n += 1;
    }
    Some(n)
}

/// The varint that is exactly `b` (what [`Pb::varint`] reads, consuming all of `b`), if any.
#[inline(always)]
fn varint_exact(b: &[u8]) -> Option<u64> {
    let (&last, init) = b.split_last()?;
    if last >= 0x80 || init.len() > 9 {
        return None;
    }
    // Most significant group first (bits shifted past 64 drop out, as in `Pb::varint`); every
    // byte before the last has its continuation bit, checked once, after the loop.
    let mut v = u64::from(last);
    let mut cont = 0x80u8;
    for &x in init.iter().rev() {
        cont &= x;
        v = v << 7 | u64::from(x & 0x7f);
    }
    (cont == 0x80).then_some(v)
}

/// The `Primitive` bytes of a `Literal{scalar{primitive{..}}}` that holds nothing else, with
/// one-byte lengths: `0a n+2 0a n <n bytes>`.
#[inline(always)]
fn primitive_body(lit: &[u8]) -> Option<&[u8]> {
    let [0x0a, outer, 0x0a, inner, body @ ..] = lit else {
        return None;
    };
    // `outer` is a whole varint (below 0x80), and then so is `inner`.
    (*outer < 0x80 && usize::from(*outer) == body.len() + 2 && usize::from(*inner) == body.len())
        .then_some(body)
}

fn binary(scalar: &[u8]) -> Step<&[u8]> {
    let mut pb = Pb::new(Pb::only(scalar, 0x1a)?);
    pb.expect_tag(0x0a)?;
    let value = pb.len_delimited()?;
    pb.expect_tag(0x12)?;
    if pb.len_delimited()? != b"msgpack" || !pb.done() {
        return Err(bad("binary tag other than msgpack"));
    }
    Ok(value)
}

fn seconds_nanos(msg: &[u8]) -> Step<(i64, i32)> {
    let mut pb = Pb::new(msg);
    let seconds = if pb.peek_tag(0x08) {
        pb.varint()? as i64
    } else {
        0
    };
    let nanos = if pb.peek_tag(0x10) {
        pb.varint()? as i64 as i32
    } else {
        0
    };
    if !pb.done() {
        return Err(bad("timestamp fields"));
    }
    Ok((seconds, nanos))
}

fn utf8(b: &[u8]) -> Step<&str> {
    std::str::from_utf8(b).map_err(|_| bad("string not UTF-8"))
}

/// The next msgpack value's head: what [`MsgReader`] reads, float32 widened as msgpack-python
/// widens it; an extension type, or anything the reader does not take (cut short, nested or
/// announcing more than the bytes hold), is for the SDK to read.
#[inline(always)]
fn next<'a>(m: &mut MsgReader<'a>) -> Step<Head<'a>> {
    match m.head() {
        Some(Head::Ext(..)) => Err(Fail::unsupported("a msgpack ext type")),
        Some(Head::F32(f)) => Ok(Head::F64(f64::from(f))),
        Some(h) => Ok(h),
        None => Err(Fail::unsupported(
            "msgpack cut short, nested deeper than 256 or announcing more than its bytes",
        )),
    }
}

/// A msgpack `str` as a Python `str` (CPython checks the UTF-8 as it decodes: one pass).
fn py_str<'py>(py: Python<'py>, b: &[u8]) -> Step<Bound<'py, PyAny>> {
    // SAFETY: `b` is a live slice of `b.len()` bytes; the GIL is held (`py`). A NULL result is
    // a raised UnicodeDecodeError, cleared here.
    unsafe {
        let s = pyo3::ffi::PyUnicode_DecodeUTF8(
            b.as_ptr().cast(),
            b.len() as pyo3::ffi::Py_ssize_t,
            c"strict".as_ptr(),
        );
        if s.is_null() {
            pyo3::ffi::PyErr_Clear();
            return Err(Fail::unsupported("msgpack str not UTF-8"));
        }
        Ok(Bound::from_owned_ptr(py, s))
    }
}

fn utf8_text(b: &[u8]) -> Step<&str> {
    std::str::from_utf8(b).map_err(|_| Fail::unsupported("msgpack str not UTF-8"))
}

impl<'py> Reader<'py> {
    /// The `str` of a `dict[str, T]` field's key, shared with earlier equal keys.
    fn key(&self, k: &str) -> Bound<'py, PyString> {
        if k.len() > KEY_CACHE_LEN {
            return PyString::new(self.py, k);
        }
        let mut keys = self.keys.borrow_mut();
        if let Some(s) = keys.get(k) {
            return s.clone();
        }
        let s = PyString::new(self.py, k);
        if keys.len() < KEY_CACHE_ENTRIES {
            keys.insert(k.into(), s.clone());
        }
        s
    }

    /// `msgpack.unpackb(..., strict_map_key=False)` of one item.
    fn any(&self, m: &mut MsgReader<'_>, depth: usize) -> Step<Bound<'py, PyAny>> {
        let item = next(m)?;
        self.any_item(m, item, depth)
    }

    fn any_item(
        &self,
        m: &mut MsgReader<'_>,
        item: Head<'_>,
        depth: usize,
    ) -> Step<Bound<'py, PyAny>> {
        if depth > MAX_DEPTH {
            return Err(Fail::unsupported("nesting deeper than 256"));
        }
        let py = self.py;
        Ok(match item {
            Head::Nil => py.None().into_bound(py),
            Head::Bool(b) => b
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .to_owned()
                .into_any(),
            Head::Int(i) => i
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .into_any(),
            Head::UInt(u) => u
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .into_any(),
            Head::F64(f) => PyFloat::new(py, f).into_any(),
            Head::F32(f) => PyFloat::new(py, f64::from(f)).into_any(),
            Head::Ext(..) => return Err(Fail::unsupported("a msgpack ext type")),
            Head::Str(s) => py_str(py, s)?,
            Head::Bin(b) => PyBytes::new(py, b).into_any(),
            Head::Array(n) => {
                let mut items = Vec::with_capacity(n);
                for i in 0..n {
                    items.push(
                        self.any(m, depth + 1)
                            .map_err(|e| e.at(|| format!("[{i}]")))?,
                    );
                }
                m.close();
                PyList::new(py, items)?.into_any()
            }
            Head::Map(n) => {
                let dict = PyDict::new(py);
                for _ in 0..n {
                    let k = self.any(m, depth + 1)?;
                    let v = self.any(m, depth + 1)?;
                    // An unhashable key (a list) is msgpack-python's error to raise.
                    dict.set_item(k, v)
                        .map_err(|_| Fail::unsupported("an unhashable map key"))?;
                }
                m.close();
                dict.into_any()
            }
        })
    }

    /// A dataclass field's value, as mashumaro unpacks it.
    fn field(&self, m: &mut MsgReader<'_>, field: &Field, depth: usize) -> Step<Bound<'py, PyAny>> {
        if depth > MAX_DEPTH {
            return Err(Fail::unsupported("nesting deeper than 256"));
        }
        let py = self.py;
        if let Field::Optional(inner) = field {
            if m.nil() == Some(true) {
                return Ok(py.None().into_bound(py));
            }
            return self.field(m, inner, depth);
        }
        let item = next(m)?;
        Ok(match (field, item) {
            (Field::Any, item) => self.any_item(m, item, depth)?,
            (Field::Scalar(ScalarKind::Int) | Field::Json(ScalarKind::Int), Head::Int(i)) => i
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .into_any(),
            (Field::Scalar(ScalarKind::Int) | Field::Json(ScalarKind::Int), Head::UInt(u)) => u
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .into_any(),
            // mashumaro reads float(v): an int on the wire becomes its float.
            (Field::Scalar(ScalarKind::Float) | Field::Json(ScalarKind::Float), Head::F64(f)) => {
                PyFloat::new(py, f).into_any()
            }
            (Field::Scalar(ScalarKind::Float) | Field::Json(ScalarKind::Float), Head::Int(i)) => {
                PyFloat::new(py, i as f64).into_any()
            }
            (Field::Scalar(ScalarKind::Str) | Field::Json(ScalarKind::Str), Head::Str(s)) => {
                py_str(py, s)?
            }
            (Field::Scalar(ScalarKind::Bool) | Field::Json(ScalarKind::Bool), Head::Bool(b)) => b
                .into_pyobject(py)
                .unwrap_or_else(|e| match e {})
                .to_owned()
                .into_any(),
            (Field::Scalar(ScalarKind::Bytes) | Field::Json(ScalarKind::Bytes), Head::Bin(b)) => {
                PyBytes::new(py, b).into_any()
            }
            // pydantic reads a str for a bytes field as its UTF-8 encoding.
            (Field::Json(ScalarKind::Bytes), Head::Str(s)) => {
                utf8_text(s)?;
                PyBytes::new(py, s).into_any()
            }
            (Field::EnumName { by_name, .. }, Head::Str(name)) => match by_name.get(name) {
                Some(member) => member.bind(py).clone(),
                None => {
                    let name = String::from_utf8_lossy(name);
                    return Err(Fail::unsupported(format!(
                        "{name:?}, not a member name of the enum"
                    )));
                }
            },
            (Field::Model(model), Head::Map(n)) => self.model(m, model, n, depth)?,
            (Field::IsoFormat(class), Head::Str(s)) => {
                let s = utf8_text(s)?;
                let class = class.bind(py);
                let datetime = class.is(self.ty.datetime.bind(py));
                match crate::pytime::from_isoformat(py, s, datetime, self.ty)? {
                    Some(v) => v,
                    None => class.call_method1(pyo3::intern!(py, "fromisoformat"), (s,))?,
                }
            }
            (Field::Timedelta, Head::F64(f)) => {
                timedelta_seconds(py, self.ty, PyFloat::new(py, f).into_any())?
            }
            (Field::Timedelta, Head::Int(i)) => timedelta_seconds(
                py,
                self.ty,
                i.into_pyobject(py)
                    .unwrap_or_else(|e| match e {})
                    .into_any(),
            )?,
            (
                Field::Enum {
                    class,
                    by_value,
                    by_text,
                },
                item,
            ) => {
                if let Head::Str(text) = item
                    && let Some(member) = by_text.get(text)
                {
                    member.bind(py).clone()
                } else {
                    let value = self.any_item(m, item, depth + 1)?;
                    match by_value.bind(py).get_item(&value) {
                        Ok(Some(member)) => member,
                        _ => class.bind(py).call1((value,))?,
                    }
                }
            }
            (Field::List(elem), Head::Array(n)) => {
                let mut items = Vec::with_capacity(n);
                for i in 0..n {
                    items.push(
                        self.field(m, elem, depth + 1)
                            .map_err(|e| e.at(|| format!("[{i}]")))?,
                    );
                }
                m.close();
                PyList::new(py, items)?.into_any()
            }
            (Field::Map(val), Head::Map(n)) => {
                let dict = PyDict::new(py);
                for _ in 0..n {
                    let Head::Str(k) = next(m)? else {
                        return Err(Fail::unsupported("a map key that is not a str"));
                    };
                    let k = utf8_text(k)?;
                    let v = self
                        .field(m, val, depth + 1)
                        .map_err(|e| e.at(|| format!("[{k:?}]")))?;
                    dict.set_item(self.key(k), v)?;
                }
                m.close();
                dict.into_any()
            }
            (Field::Dataclass(dc), Head::Map(n)) => self.dataclass(m, dc, n, depth)?,
            (_, _) => {
                return Err(Fail::unsupported(
                    "a msgpack value of another type than the field's",
                ));
            }
        })
    }
}

impl<'py> Reader<'py> {
    /// A dataclass's payload, as mashumaro reads it: `Class(**fields)`, every field present (a
    /// missing one is mashumaro's to fill or refuse), the last of repeated keys winning.
    fn dataclass(
        &self,
        m: &mut MsgReader<'_>,
        dc: &Dataclass,
        n: usize,
        depth: usize,
    ) -> Step<Bound<'py, PyAny>> {
        let py = self.py;
        let mut values: Vec<Option<Bound<'py, PyAny>>> = vec![None; dc.fields.len()];
        for i in 0..n {
            let Head::Str(k) = next(m)? else {
                return Err(Fail::unsupported("a dataclass key that is not a str"));
            };
            // The wire order is the declaration order: try the i-th field first.
            let at = match dc.fields.get(i).filter(|f| f.text.as_bytes() == k) {
                Some(_) => i,
                None => dc
                    .fields
                    .iter()
                    .position(|f| f.text.as_bytes() == k)
                    .ok_or_else(|| {
                        let k = String::from_utf8_lossy(k);
                        Fail::unsupported(format!("the key {k:?}, not a field of the dataclass"))
                    })?,
            };
            let v = self
                .field(m, &dc.fields[at].how, depth + 1)
                .map_err(|e| e.at(|| format!(".{}", dc.fields[at].text)))?;
            values[at] = Some(v);
        }
        m.close();
        if values.iter().any(Option::is_none) {
            return Err(Fail::unsupported("a dataclass payload without every field"));
        }
        let values = values.into_iter().flatten();
        let class = dc.class.bind(py);
        if dc.plain {
            // What the generated `__init__` does: `self.name = value` per field, in declaration
            // order (into the instance's shared-key attribute storage, no dict of its own).
            let obj = self.ty.object_new.bind(py).call1((class,))?;
            for (f, v) in dc.fields.iter().zip(values) {
                set_slot(&obj, f.name.bind(py), &v)?;
            }
            Ok(obj)
        } else {
            let kwargs = PyDict::new(py);
            for (f, v) in dc.fields.iter().zip(values) {
                kwargs.set_item(f.name.bind(py), v)?;
            }
            Ok(class.call((), Some(&kwargs))?)
        }
    }

    /// A pydantic model's payload: every field, in declaration order (what the SDK writes);
    /// anything else is `model_validate`'s to read. Built as `model_validate` builds it (no
    /// validator or hook runs for a model with a plan): the fields as `__dict__`, all of them
    /// set, no extra, no private state.
    fn model(
        &self,
        m: &mut MsgReader<'_>,
        model: &Model,
        n: usize,
        depth: usize,
    ) -> Step<Bound<'py, PyAny>> {
        let py = self.py;
        if n != model.fields.len() {
            return Err(Fail::unsupported("a model payload without every field"));
        }
        let values = PyDict::new(py);
        for f in &model.fields {
            match next(m)? {
                Head::Str(k) if k == f.text.as_bytes() => {}
                _ => return Err(Fail::unsupported("a model payload not in field order")),
            }
            let v = self
                .field(m, &f.how, depth + 1)
                .map_err(|e| e.at(|| format!(".{}", f.text)))?;
            values.set_item(f.name.bind(py), v)?;
        }
        m.close();
        let fields_set = PySet::new(py, model.fields.iter().map(|f| f.name.bind(py)))?;
        let obj = self.ty.object_new.bind(py).call1((model.class.bind(py),))?;
        set_slot(&obj, pyo3::intern!(py, "__dict__"), values.as_any())?;
        set_slot(
            &obj,
            pyo3::intern!(py, "__pydantic_fields_set__"),
            fields_set.as_any(),
        )?;
        set_slot(
            &obj,
            pyo3::intern!(py, "__pydantic_extra__"),
            &py.None().into_bound(py),
        )?;
        set_slot(
            &obj,
            pyo3::intern!(py, "__pydantic_private__"),
            &py.None().into_bound(py),
        )?;
        Ok(obj)
    }
}

/// `object.__setattr__(obj, name, value)`: past a class's own `__setattr__` (a frozen
/// dataclass's refuses, a pydantic model's validates), as the generated `__init__` of a frozen
/// dataclass and pydantic's `model_construct` set attributes.
fn set_slot(
    obj: &Bound<'_, PyAny>,
    name: &Bound<'_, PyString>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    // SAFETY: the three are live objects under the GIL (bound references); the call borrows them.
    let rc =
        unsafe { pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(PyErr::fetch(obj.py()))
    }
}

fn timedelta_seconds<'py>(
    py: Python<'py>,
    ty: &PyTypes,
    seconds: Bound<'py, PyAny>,
) -> Step<Bound<'py, PyAny>> {
    let kw = PyDict::new(py);
    kw.set_item("seconds", seconds)?;
    Ok(ty.timedelta.bind(py).call((), Some(&kw))?)
}
