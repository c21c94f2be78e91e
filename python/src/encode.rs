//! Python object -> `Literal` bytes, following a [`Plan`]: the bytes the SDK's transformer
//! writes for the same value (upb's field order; map entries in upb's deterministic order when
//! asked, else in the dict's order).
//!
//! Only exact builtin types take this path (`type(v) is int`, not a subclass): anything else is
//! [`Why::Unsupported`](crate::fail::Why::Unsupported) and goes to the SDK's transformer, so that no value is ever written
//! differently.

use crate::fail::{Fail, MAX_DEPTH, Step};
use crate::plan::{Field, Node, ScalarKind};
use crate::pytypes::PyTypes;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use flyte_types::msgpack::write as mp;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Protobuf tags (field number << 3 | wire type) of the messages written here.
mod tag {
    pub const LITERAL_SCALAR: u8 = 0x0a;
    pub const LITERAL_COLLECTION: u8 = 0x12;
    pub const LITERAL_MAP: u8 = 0x1a;
    pub const SCALAR_PRIMITIVE: u8 = 0x0a;
    pub const SCALAR_BINARY: u8 = 0x1a;
    pub const SCALAR_NONE: u8 = 0x2a;
    pub const SCALAR_UNION: u8 = 0x4a;
    pub const PRIMITIVE_INTEGER: u8 = 0x08;
    pub const PRIMITIVE_FLOAT: u8 = 0x11;
    pub const PRIMITIVE_STRING: u8 = 0x1a;
    pub const PRIMITIVE_BOOLEAN: u8 = 0x20;
    pub const PRIMITIVE_DATETIME: u8 = 0x2a;
    pub const PRIMITIVE_DURATION: u8 = 0x32;
    pub const BINARY_VALUE: u8 = 0x0a;
    pub const BINARY_TAG: u8 = 0x12;
    pub const UNION_VALUE: u8 = 0x0a;
    pub const UNION_TYPE: u8 = 0x12;
    pub const REPEATED_LITERALS: u8 = 0x0a;
    pub const ENTRY_KEY: u8 = 0x0a;
    pub const ENTRY_VALUE: u8 = 0x12;
    pub const SECONDS: u8 = 0x08;
    pub const NANOS: u8 = 0x10;
}

/// Protobuf's Timestamp / Duration range checks (`_CheckTimestampValid`, `_CheckDurationValid`).
const MIN_TIMESTAMP: i64 = -62_135_596_800;
const MAX_TIMESTAMP: i64 = 253_402_300_799;
const MAX_DURATION: i64 = 315_576_000_000;

/// Writes the `Literal` of `value` under `node`. `sorted`: map entries in upb's deterministic
/// order (`SerializeToString(deterministic=True)`), else in the dict's order. `size_hint`: the
/// bytes expected (the last literal of the same plan), 0 if unknown.
pub fn literal(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    node: &Node,
    sorted: bool,
    size_hint: usize,
) -> Step<Vec<u8>> {
    let mut w = Writer {
        out: Vec::with_capacity(if size_hint == 0 { 4096 } else { size_hint }),
        sorted,
        ty: PyTypes::get(py)?,
        level: 0,
        widths: [1; 32],
    };
    // A write allocates only short-lived objects (`__reduce__` states, `_value_`s), none of them
    // garbage in a cycle: the collector would only walk the young generation again and again.
    let _paused = crate::pytypes::GcPause::new(py);
    w.literal(value, node, 0)?;
    Ok(w.out)
}

struct Writer<'t> {
    out: Vec<u8>,
    sorted: bool,
    ty: &'t PyTypes,
    /// How many length-delimited fields are open.
    level: usize,
    /// The length width the last field closed at each of the first levels took.
    widths: [u8; 32],
}

/// A length-delimited field being written: where its bytes start, and the room before them.
#[derive(Clone, Copy)]
struct Open {
    start: usize,
    width: u8,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

impl Writer<'_> {
    /// Opens a length-delimited field: its tag, and room for its length to patch in
    /// [`Self::close`]. The room is the width the last field closed at this nesting level took:
    /// the elements of a list are alike, so the length is then written in place, and the field's
    /// bytes are moved only when its length needs another width (a move of the whole payload,
    /// each time, for every struct of more than 127 bytes with a fixed one-byte guess).
    fn open(&mut self, tag: u8) -> Open {
        self.out.push(tag);
        let width = self.widths.get(self.level).copied().unwrap_or(1);
        self.out.resize(self.out.len() + usize::from(width), 0);
        self.level += 1;
        Open {
            start: self.out.len(),
            width,
        }
    }

    /// Writes the length of the field opened as `open` (minimal varint, as upb writes it),
    /// moving the field's bytes if the room kept for it was not that wide.
    fn close(&mut self, open: Open) {
        self.level -= 1;
        let Open { mut start, width } = open;
        let len = self.out.len() - start;
        let need = varint_len(len as u64);
        if need != usize::from(width) {
            let room = start - usize::from(width);
            if need > usize::from(width) {
                self.out.splice(
                    start..start,
                    std::iter::repeat_n(0, need - usize::from(width)),
                );
            } else {
                self.out.drain(room + need..start);
            }
            start = room + need;
        }
        if let Some(w) = self.widths.get_mut(self.level) {
            *w = need as u8;
        }
        let mut v = len as u64;
        for b in &mut self.out[start - need..start] {
            *b = (v as u8 & 0x7f) | 0x80;
            v >>= 7;
        }
        self.out[start - 1] &= 0x7f;
    }

    fn bytes_field(&mut self, tag: u8, b: &[u8]) {
        self.out.push(tag);
        put_varint(&mut self.out, b.len() as u64);
        self.out.extend_from_slice(b);
    }

    fn literal(&mut self, v: &Bound<'_, PyAny>, node: &Node, depth: usize) -> Step<()> {
        if depth > MAX_DEPTH {
            return Err(Fail::unsupported("nesting deeper than 256"));
        }
        match node {
            Node::List(elem) => {
                let list = v
                    .cast_exact::<PyList>()
                    .map_err(|_| mismatch("a list", v))?;
                let coll = self.open(tag::LITERAL_COLLECTION);
                for (i, item) in list.iter().enumerate() {
                    let at = self.open(tag::REPEATED_LITERALS);
                    self.literal(&item, elem, depth + 1)
                        .map_err(|e| e.at(|| format!("[{i}]")))?;
                    self.close(at);
                }
                self.close(coll);
            }
            Node::Map(val) => {
                let dict = v
                    .cast_exact::<PyDict>()
                    .map_err(|_| mismatch("a dict", v))?;
                let map = self.open(tag::LITERAL_MAP);
                if self.sorted {
                    let mut entries = Vec::with_capacity(dict.len());
                    for (k, item) in dict.iter() {
                        entries.push((key_str(&k)?.to_owned(), item));
                    }
                    entries.sort_by(|a, b| {
                        flyte_types::wire::upb_key_order(a.0.as_bytes(), b.0.as_bytes())
                    });
                    for (k, item) in &entries {
                        self.map_entry(k, item, val, depth)?;
                    }
                } else {
                    for (k, item) in dict.iter() {
                        let key = key_str(&k)?;
                        self.map_entry(key, &item, val, depth)?;
                    }
                }
                self.close(map);
            }
            _ => {
                let scalar = self.open(tag::LITERAL_SCALAR);
                self.scalar(v, node, depth)?;
                self.close(scalar);
            }
        }
        Ok(())
    }

    fn map_entry(
        &mut self,
        key: &str,
        item: &Bound<'_, PyAny>,
        val: &Node,
        depth: usize,
    ) -> Step<()> {
        let entry = self.open(tag::REPEATED_LITERALS);
        self.bytes_field(tag::ENTRY_KEY, key.as_bytes());
        let value = self.open(tag::ENTRY_VALUE);
        self.literal(item, val, depth + 1)
            .map_err(|e| e.at(|| format!("[{key:?}]")))?;
        self.close(value);
        self.close(entry);
        Ok(())
    }

    /// The body of `Literal.scalar`.
    fn scalar(&mut self, v: &Bound<'_, PyAny>, node: &Node, depth: usize) -> Step<()> {
        match node {
            Node::NoneType => {
                if !v.is_none() {
                    return Err(mismatch("None", v));
                }
                self.out.extend_from_slice(&[tag::SCALAR_NONE, 0]);
            }
            Node::Union(variants) => {
                let ty = v.get_type();
                let Some(variant) = variants.iter().find(|x| ty.is(x.py_type.bind(v.py()))) else {
                    return Err(Fail::unsupported(format!(
                        "a value of type {} (no union variant of exactly that type)",
                        type_name(v)
                    )));
                };
                let union = self.open(tag::SCALAR_UNION);
                let value = self.open(tag::UNION_VALUE);
                self.literal(v, &variant.node, depth + 1)?;
                self.close(value);
                self.bytes_field(tag::UNION_TYPE, &variant.type_bytes);
                self.close(union);
            }
            Node::Struct(field) => {
                let (bin, value) = self.open_binary();
                self.ty.msgpack_field(&mut self.out, v, field, depth)?;
                self.close_binary(bin, value);
            }
            Node::Untyped => {
                if !v.is_exact_instance_of::<PyDict>() {
                    return Err(mismatch("a dict", v));
                }
                let (bin, value) = self.open_binary();
                self.ty.msgpack_any(&mut self.out, v, depth)?;
                self.close_binary(bin, value);
            }
            _ => {
                let prim = self.open(tag::SCALAR_PRIMITIVE);
                self.primitive(v, node)?;
                self.close(prim);
            }
        }
        Ok(())
    }

    /// Opens `Scalar.binary` and its `value`: the msgpack payload is written in place.
    fn open_binary(&mut self) -> (Open, Open) {
        let bin = self.open(tag::SCALAR_BINARY);
        (bin, self.open(tag::BINARY_VALUE))
    }

    fn close_binary(&mut self, bin: Open, value: Open) {
        self.close(value);
        self.bytes_field(tag::BINARY_TAG, b"msgpack");
        self.close(bin);
    }

    /// The body of `Scalar.primitive`.
    fn primitive(&mut self, v: &Bound<'_, PyAny>, node: &Node) -> Step<()> {
        match node {
            Node::Int => {
                let i = exact_int(v)?;
                self.out.push(tag::PRIMITIVE_INTEGER);
                put_varint(&mut self.out, i as u64);
            }
            Node::Float => {
                // `TypeEngine.to_literal` asserts `isinstance(v, float)` before
                // `_FloatTransformer` could widen an int: an int is the SDK's error to raise.
                let f = v
                    .cast_exact::<PyFloat>()
                    .map_err(|_| mismatch("a float", v))?
                    .value();
                self.out.push(tag::PRIMITIVE_FLOAT);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Node::Str => {
                let s = exact_str(v)?;
                self.bytes_field(tag::PRIMITIVE_STRING, s.as_bytes());
            }
            Node::Bool => {
                let b = v
                    .cast_exact::<PyBool>()
                    .map_err(|_| mismatch("a bool", v))?;
                self.out
                    .extend_from_slice(&[tag::PRIMITIVE_BOOLEAN, b.is_true() as u8]);
            }
            Node::Datetime => {
                if !v.get_type().is(self.ty.datetime.bind(v.py())) {
                    return Err(mismatch("a datetime", v));
                }
                let (seconds, nanos) = self.ty.timestamp(v)?;
                self.seconds_nanos(tag::PRIMITIVE_DATETIME, seconds, nanos);
            }
            Node::Date => {
                if !v.get_type().is(self.ty.date.bind(v.py())) {
                    return Err(mismatch("a date", v));
                }
                let date = ymd(v)?;
                let seconds = date.and_time(NaiveTime::MIN).and_utc().timestamp();
                self.seconds_nanos(tag::PRIMITIVE_DATETIME, seconds, 0);
            }
            Node::Timedelta => {
                if !v.get_type().is(self.ty.timedelta.bind(v.py())) {
                    return Err(mismatch("a timedelta", v));
                }
                let days: i64 = v.getattr(pyo3::intern!(v.py(), "days"))?.extract()?;
                let secs: i64 = v.getattr(pyo3::intern!(v.py(), "seconds"))?.extract()?;
                let micros: i64 = v
                    .getattr(pyo3::intern!(v.py(), "microseconds"))?
                    .extract()?;
                // Duration.FromTimedelta: seconds and nanos made to carry the same sign.
                let mut seconds = days * 86_400 + secs;
                let mut nanos = micros * 1000;
                if seconds < 0 && nanos > 0 {
                    seconds += 1;
                    nanos -= 1_000_000_000;
                }
                if !(-MAX_DURATION..=MAX_DURATION).contains(&seconds) {
                    return Err(Fail::unsupported(
                        "a timedelta beyond protobuf's Duration range",
                    ));
                }
                self.seconds_nanos(tag::PRIMITIVE_DURATION, seconds, nanos as i32);
            }
            Node::Enum { class, .. } => {
                if !v.get_type().is(class.bind(v.py())) {
                    return Err(mismatch("a member of the enum", v));
                }
                let name = v.getattr(pyo3::intern!(v.py(), "_name_"))?;
                let name = exact_str(&name)?;
                self.bytes_field(tag::PRIMITIVE_STRING, name.as_bytes());
            }
            _ => unreachable!("containers are written by `literal` and `scalar`"),
        }
        Ok(())
    }

    fn seconds_nanos(&mut self, tag: u8, seconds: i64, nanos: i32) {
        let at = self.open(tag);
        if seconds != 0 {
            self.out.push(tag::SECONDS);
            put_varint(&mut self.out, seconds as u64);
        }
        if nanos != 0 {
            self.out.push(tag::NANOS);
            put_varint(&mut self.out, nanos as i64 as u64);
        }
        self.close(at);
    }
}

impl PyTypes {
    /// `Timestamp.FromDatetime`: `calendar.timegm(dt.utctimetuple())` and the microseconds.
    fn timestamp(&self, v: &Bound<'_, PyAny>) -> Step<(i64, i32)> {
        let f = crate::pytime::fields(v, true)?;
        let date = NaiveDate::from_ymd_opt(f.year as i32, f.month, f.day)
            .ok_or_else(|| Fail::unsupported("a date out of range"))?;
        let time = NaiveTime::from_hms_opt(f.hour, f.minute, f.second)
            .ok_or_else(|| Fail::unsupported("a datetime out of range"))?;
        let mut seconds = NaiveDateTime::new(date, time).and_utc().timestamp();
        if let Some(off) = crate::pytime::utc_offset_micros(v, &f, self)? {
            if off % 1_000_000 != 0 {
                return Err(Fail::unsupported("a UTC offset with microseconds"));
            }
            seconds -= off / 1_000_000;
        }
        if !(MIN_TIMESTAMP..=MAX_TIMESTAMP).contains(&seconds) {
            return Err(Fail::unsupported(
                "a datetime beyond protobuf's Timestamp range",
            ));
        }
        Ok((seconds, (f.micro * 1000) as i32))
    }

    /// A dataclass field's value, as mashumaro packs it.
    fn msgpack_field(
        &self,
        out: &mut Vec<u8>,
        v: &Bound<'_, PyAny>,
        field: &Field,
        depth: usize,
    ) -> Step<()> {
        if depth > MAX_DEPTH {
            return Err(Fail::unsupported("nesting deeper than 256"));
        }
        let py = v.py();
        match field {
            // mashumaro packs these as they are, whatever they hold.
            Field::Scalar(_) | Field::Any => self.msgpack_any(out, v, depth)?,
            Field::IsoFormat(class) => {
                if !v.get_type().is(class.bind(py)) {
                    return Err(mismatch("a datetime or date", v));
                }
                let datetime = class.bind(py).is(self.datetime.bind(py));
                let text = crate::pytime::isoformat(v, datetime, self)?;
                mp::put_str_header(out, text.as_bytes().len());
                out.extend_from_slice(text.as_bytes());
            }
            Field::Timedelta => {
                if !v.get_type().is(self.timedelta.bind(py)) {
                    return Err(mismatch("a timedelta", v));
                }
                let seconds: f64 = v
                    .call_method0(pyo3::intern!(py, "total_seconds"))?
                    .extract()?;
                mp::put_f64(out, seconds);
            }
            Field::Enum { class, .. } => {
                if !v.get_type().is(class.bind(py)) {
                    return Err(mismatch("a member of the enum", v));
                }
                self.msgpack_any(out, &v.getattr(pyo3::intern!(py, "_value_"))?, depth + 1)?;
            }
            // `msgpack_any` of each item is `generic`, and `generic` of an exact list, tuple or
            // dict is its header then `generic` of each item: the same bytes and errors.
            Field::List(elem)
                if matches!(**elem, Field::Scalar(_) | Field::Any)
                    && (v.is_exact_instance_of::<PyList>()
                        || v.is_exact_instance_of::<PyTuple>()) =>
            {
                generic(py, out, v.as_ptr(), depth)?
            }
            Field::Map(val)
                if matches!(**val, Field::Scalar(_) | Field::Any)
                    && v.is_exact_instance_of::<PyDict>() =>
            {
                generic_str_map(py, out, v.as_ptr(), depth)?
            }
            Field::List(elem) => {
                let n = if let Ok(list) = v.cast_exact::<PyList>() {
                    container_header(out, list.len(), false)?;
                    for (i, item) in list.iter().enumerate() {
                        self.msgpack_field(out, &item, elem, depth + 1)
                            .map_err(|e| e.at(|| format!("[{i}]")))?;
                    }
                    list.len()
                } else if let Ok(tuple) = v.cast_exact::<PyTuple>() {
                    container_header(out, tuple.len(), false)?;
                    for (i, item) in tuple.iter().enumerate() {
                        self.msgpack_field(out, &item, elem, depth + 1)
                            .map_err(|e| e.at(|| format!("[{i}]")))?;
                    }
                    tuple.len()
                } else {
                    return Err(mismatch("a list", v));
                };
                let _ = n;
            }
            Field::Map(val) => {
                let dict = v
                    .cast_exact::<PyDict>()
                    .map_err(|_| mismatch("a dict", v))?;
                container_header(out, dict.len(), true)?;
                for (k, item) in dict.iter() {
                    let key = key_str(&k)?;
                    mp::put_str(out, key);
                    self.msgpack_field(out, &item, val, depth + 1)
                        .map_err(|e| e.at(|| format!("[{key:?}]")))?;
                }
            }
            Field::Optional(inner) => {
                if v.is_none() {
                    out.push(0xc0);
                } else {
                    self.msgpack_field(out, v, inner, depth)?;
                }
            }
            Field::Dataclass(dc) => {
                if !v.get_type().is(dc.class.bind(py)) {
                    return Err(Fail::unsupported(format!(
                        "a {} where the dataclass {} is declared",
                        type_name(v),
                        dc.class
                            .bind(py)
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    )));
                }
                // `getattr` per field, as mashumaro reads them (asking for `__dict__` would make
                // an instance that keeps its attributes inline build a dict for them, and keep it).
                container_header(out, dc.fields.len(), true)?;
                let generic_getattr = has_generic_getattr(v);
                for f in &dc.fields {
                    mp::put_str(out, &f.text);
                    let name = f.name.bind(py);
                    let item = if generic_getattr {
                        // What `getattr` calls for such a class, called directly.
                        // SAFETY: `v` and `name` are live (bound references) under the GIL; the
                        // result is a new reference, or NULL with the exception set.
                        unsafe {
                            Bound::from_owned_ptr_or_err(
                                py,
                                ffi::PyObject_GenericGetAttr(v.as_ptr(), name.as_ptr()),
                            )?
                        }
                    } else {
                        v.getattr(name)?
                    };
                    if matches!(f.how, Field::Scalar(_) | Field::Any) {
                        // What `msgpack_field` does for these (`generic`), without the calls.
                        // SAFETY: `item` is held (a bound reference) and the GIL with it.
                        unsafe { item_of(py, out, item.as_ptr(), depth + 1) }
                    } else {
                        self.msgpack_field(out, &item, &f.how, depth + 1)
                    }
                    .map_err(|e| e.at(|| format!(".{}", f.text)))?;
                }
            }
            Field::Json(kind) => json_scalar(out, v, *kind, depth)?,
            Field::EnumName { class, .. } => {
                if !v.get_type().is(class.bind(py)) {
                    return Err(mismatch("a member of the enum", v));
                }
                let name = v.getattr(pyo3::intern!(py, "_name_"))?;
                mp::put_str(out, exact_str(&name)?);
            }
            Field::Model(model) => {
                if !v.get_type().is(model.class.bind(py)) {
                    return Err(Fail::unsupported(format!(
                        "a {} where a pydantic model {} is declared",
                        type_name(v),
                        model
                            .class
                            .bind(py)
                            .name()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    )));
                }
                // A model keeps its field values in the instance dict, in declaration order.
                let attrs = v
                    .getattr(pyo3::intern!(py, "__dict__"))?
                    .cast_into::<PyDict>()
                    .map_err(|_| Fail::unsupported("a model without a field dict"))?;
                container_header(out, model.fields.len(), true)?;
                for f in &model.fields {
                    mp::put_str(out, &f.text);
                    let item = attrs.get_item(f.name.bind(py))?.ok_or_else(|| {
                        Fail::unsupported(format!("a model without its field {:?}", f.text))
                    })?;
                    self.msgpack_field(out, &item, &f.how, depth + 1)
                        .map_err(|e| e.at(|| format!(".{}", f.text)))?;
                }
            }
        }
        Ok(())
    }

    /// `msgpack.packb(v)` for the plain types (exact `None`, `bool`, `int`, `float`, `str`,
    /// `bytes`, `list`, `tuple`, `dict`); anything else is left to the SDK.
    pub(crate) fn msgpack_any(
        &self,
        out: &mut Vec<u8>,
        v: &Bound<'_, PyAny>,
        depth: usize,
    ) -> Step<()> {
        generic(v.py(), out, v.as_ptr(), depth)
    }
}

/// `msgpack.packb(v)` for the exact plain types, walked through borrowed references: no Python
/// code runs while the walk holds them (only type checks and the C accessors of `int`, `float`,
/// `str`, `bytes`, `list`, `tuple` and `dict`), so the containers cannot change under it, and
/// the reference counting of an owned handle per item (function calls under the stable ABI) is
/// saved.
fn generic(py: Python<'_>, out: &mut Vec<u8>, obj: *mut ffi::PyObject, depth: usize) -> Step<()> {
    if depth > MAX_DEPTH {
        return Err(Fail::unsupported("nesting deeper than 256"));
    }
    // SAFETY: `obj` is a live object: the caller holds a reference to it or to the container
    // it was borrowed from, and the GIL (`py`). Each branch below checks the exact type before
    // using that type's accessor.
    unsafe {
        if scalar(out, obj)? {
            return Ok(());
        }
        let tp = ffi::Py_TYPE(obj);
        if tp == &raw mut ffi::PyList_Type || tp == &raw mut ffi::PyTuple_Type {
            let list = tp == &raw mut ffi::PyList_Type;
            let n = if list {
                ffi::PyList_Size(obj)
            } else {
                ffi::PyTuple_Size(obj)
            } as usize;
            container_header(out, n, false)?;
            for i in 0..n {
                let item = if list {
                    ffi::PyList_GetItem(obj, i as ffi::Py_ssize_t)
                } else {
                    ffi::PyTuple_GetItem(obj, i as ffi::Py_ssize_t)
                };
                item_of(py, out, item, depth + 1).map_err(|e| e.at(|| format!("[{i}]")))?;
            }
        } else if tp == &raw mut ffi::PyDict_Type {
            container_header(out, ffi::PyDict_Size(obj) as usize, true)?;
            let mut pos: ffi::Py_ssize_t = 0;
            let mut key = std::ptr::null_mut();
            let mut value = std::ptr::null_mut();
            while ffi::PyDict_Next(obj, &mut pos, &mut key, &mut value) != 0 {
                item_of(py, out, key, depth + 1)?;
                item_of(py, out, value, depth + 1).map_err(|e| {
                    e.at(|| {
                        let k = Borrowed::from_ptr(py, key);
                        format!("[{}]", k.repr().map(|r| r.to_string()).unwrap_or_default())
                    })
                })?;
            }
        } else {
            let v = Borrowed::from_ptr(py, obj);
            return Err(Fail::unsupported(format!(
                "a value of type {}",
                type_name(&v)
            )));
        }
    }
    Ok(())
}

/// [`generic`] of `obj`, an item at `depth`, with an exact `None`, `bool`, `int`, `float`, `str`
/// or `bytes` written in the caller's loop (no call).
///
/// # Safety
/// `obj` is a live object (the caller holds it or the container it is borrowed from) and the
/// GIL is held.
#[inline(always)]
unsafe fn item_of(
    py: Python<'_>,
    out: &mut Vec<u8>,
    obj: *mut ffi::PyObject,
    depth: usize,
) -> Step<()> {
    // SAFETY: as this function's contract.
    if depth <= MAX_DEPTH && unsafe { scalar(out, obj)? } {
        return Ok(());
    }
    generic(py, out, obj, depth)
}

/// `msgpack.packb(obj)` when `obj` is an exact `None`, `bool`, `int`, `float`, `str` or
/// `bytes`: `Ok(true)` once written, `Ok(false)` with nothing written for any other type.
///
/// # Safety
/// `obj` is a live object and the GIL is held.
#[inline(always)]
unsafe fn scalar(out: &mut Vec<u8>, obj: *mut ffi::PyObject) -> Step<bool> {
    // SAFETY: `obj` is live and the GIL held (this function's contract); each branch checks the
    // exact type before using that type's accessor.
    unsafe {
        let tp = ffi::Py_TYPE(obj);
        if obj == ffi::Py_None() {
            out.push(0xc0);
        } else if tp == &raw mut ffi::PyBool_Type {
            out.push(if obj == ffi::Py_True() { 0xc3 } else { 0xc2 });
        } else if tp == &raw mut ffi::PyLong_Type {
            let mut overflow = 0;
            let i = ffi::PyLong_AsLongLongAndOverflow(obj, &mut overflow);
            if overflow == 0 {
                mp::put_int(out, i);
            } else {
                let u = ffi::PyLong_AsUnsignedLongLong(obj);
                if u == u64::MAX && !ffi::PyErr_Occurred().is_null() {
                    ffi::PyErr_Clear();
                    return Err(Fail::unsupported("an int beyond 64 bits"));
                }
                mp::put_uint(out, u);
            }
        } else if tp == &raw mut ffi::PyFloat_Type {
            mp::put_f64(out, ffi::PyFloat_AsDouble(obj));
        } else if tp == &raw mut ffi::PyUnicode_Type {
            let mut size: ffi::Py_ssize_t = 0;
            let data = ffi::PyUnicode_AsUTF8AndSize(obj, &mut size);
            if data.is_null() {
                ffi::PyErr_Clear();
                return Err(Fail::unsupported(
                    "a str that is not valid UTF-8 (a lone surrogate)",
                ));
            }
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
            if u32::try_from(bytes.len()).is_err() {
                return Err(Fail::unsupported("a str longer than 2^32 - 1 bytes"));
            }
            mp::put_str(out, std::str::from_utf8_unchecked(bytes));
        } else if tp == &raw mut ffi::PyBytes_Type {
            let data = ffi::PyBytes_AsString(obj);
            let bytes =
                std::slice::from_raw_parts(data.cast::<u8>(), ffi::PyBytes_Size(obj) as usize);
            if u32::try_from(bytes.len()).is_err() {
                return Err(Fail::unsupported("bytes longer than 2^32 - 1"));
            }
            mp::put_bin_header(out, bytes.len());
            out.extend_from_slice(bytes);
        } else {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `type(v)` looks attributes up as `object` does (`tp_getattro` is `PyObject_GenericGetAttr`:
/// no `__getattr__` or `__getattribute__` of its own), so `getattr` is that function's call.
fn has_generic_getattr(v: &Bound<'_, PyAny>) -> bool {
    // SAFETY: `v` is live under the GIL, and so is its type; PyType_GetSlot reads one slot of
    // it (any type, heap or static, from Python 3.10 on).
    let slot = unsafe { ffi::PyType_GetSlot(ffi::Py_TYPE(v.as_ptr()), ffi::Py_tp_getattro) };
    slot.cast_const().cast::<()>() == ffi::PyObject_GenericGetAttr as *const ()
}

/// A `dict[str, T]` field whose values mashumaro packs as they are (`T` a scalar or `Any`), as
/// [`PyTypes::msgpack_field`] writes it (a key that is not an exact, UTF-8-encodable `str` is
/// "expected a str key"), walked through borrowed references as [`generic`] walks a dict: no
/// Python code runs meanwhile. `obj` must be an exact dict.
fn generic_str_map(
    py: Python<'_>,
    out: &mut Vec<u8>,
    obj: *mut ffi::PyObject,
    depth: usize,
) -> Step<()> {
    // SAFETY: `obj` is a live exact dict (the caller checked, and holds a reference to it) and
    // the GIL is held (`py`); the keys and values PyDict_Next lends stay alive while the dict,
    // which nothing changes during the walk, holds them. A key is read as UTF-8 only after an
    // exact `str` type check; the UTF-8 CPython returns is valid.
    unsafe {
        container_header(out, ffi::PyDict_Size(obj) as usize, true)?;
        let mut pos: ffi::Py_ssize_t = 0;
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        while ffi::PyDict_Next(obj, &mut pos, &mut key, &mut value) != 0 {
            let not_str = || mismatch("a str key", &Borrowed::from_ptr(py, key));
            if ffi::Py_TYPE(key) != &raw mut ffi::PyUnicode_Type {
                return Err(not_str());
            }
            let mut size: ffi::Py_ssize_t = 0;
            let data = ffi::PyUnicode_AsUTF8AndSize(key, &mut size);
            if data.is_null() {
                ffi::PyErr_Clear();
                return Err(not_str());
            }
            let k = std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                data.cast::<u8>(),
                size as usize,
            ));
            mp::put_str(out, k);
            item_of(py, out, value, depth + 1).map_err(|e| e.at(|| format!("[{k:?}]")))?;
        }
    }
    Ok(())
}

/// A pydantic field of type `kind` as `model_dump_json()` then `json.loads` give it: the value of
/// exactly that type only (pydantic would warn and guess for another), a non-finite float as
/// nil (pydantic's default `ser_json_inf_nan="null"`), bytes as their UTF-8 text (pydantic's
/// default `ser_json_bytes="utf8"`).
fn json_scalar(
    out: &mut Vec<u8>,
    v: &Bound<'_, PyAny>,
    kind: ScalarKind,
    depth: usize,
) -> Step<()> {
    let exact = match kind {
        ScalarKind::Int => v.is_exact_instance_of::<PyInt>(),
        ScalarKind::Float => v.is_exact_instance_of::<PyFloat>(),
        ScalarKind::Str => v.is_exact_instance_of::<PyString>(),
        ScalarKind::Bool => v.is_exact_instance_of::<PyBool>(),
        ScalarKind::Bytes => v.is_exact_instance_of::<PyBytes>(),
    };
    if !exact {
        return Err(mismatch(kind.python_name(), v));
    }
    match kind {
        ScalarKind::Float => {
            let f = v
                .cast_exact::<PyFloat>()
                .map_err(|_| mismatch("a float", v))?
                .value();
            if f.is_finite() {
                mp::put_f64(out, f);
            } else {
                out.push(0xc0);
            }
        }
        ScalarKind::Bytes => {
            let b = v
                .cast_exact::<PyBytes>()
                .map_err(|_| mismatch("bytes", v))?
                .as_bytes();
            let text = std::str::from_utf8(b).map_err(|_| {
                Fail::unsupported("bytes that are not UTF-8 (pydantic cannot write them)")
            })?;
            mp::put_str(out, text);
        }
        _ => generic(v.py(), out, v.as_ptr(), depth)?,
    }
    Ok(())
}

fn container_header(out: &mut Vec<u8>, n: usize, map: bool) -> Step<()> {
    if u32::try_from(n).is_err() {
        return Err(Fail::unsupported("a container longer than 2^32 - 1"));
    }
    mp::put_container_header(out, n, map);
    Ok(())
}

fn ymd(v: &Bound<'_, PyAny>) -> Step<NaiveDate> {
    let py = v.py();
    let year: i32 = v.getattr(pyo3::intern!(py, "year"))?.extract()?;
    let month: u32 = v.getattr(pyo3::intern!(py, "month"))?.extract()?;
    let day: u32 = v.getattr(pyo3::intern!(py, "day"))?.extract()?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| Fail::unsupported("a date out of range"))
}

fn exact_int(v: &Bound<'_, PyAny>) -> Step<i64> {
    if !v.is_exact_instance_of::<PyInt>() {
        return Err(mismatch("an int", v));
    }
    v.extract::<i64>()
        .map_err(|_| Fail::unsupported("an int beyond int64"))
}

fn exact_str<'a>(v: &'a Bound<'_, PyAny>) -> Step<&'a str> {
    let s = v
        .cast_exact::<PyString>()
        .map_err(|_| mismatch("a str", v))?;
    s.to_str()
        .map_err(|_| Fail::unsupported("a str that is not valid UTF-8 (a lone surrogate)"))
}

fn key_str<'a>(k: &'a Bound<'_, PyAny>) -> Step<&'a str> {
    exact_str(k).map_err(|_| mismatch("a str key", k))
}

pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn mismatch(expected: &str, v: &Bound<'_, PyAny>) -> Fail {
    Fail::unsupported(format!("expected {expected}, found a {}", type_name(v)))
}
