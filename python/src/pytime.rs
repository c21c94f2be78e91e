//! `datetime` / `date` objects read and built through their pickle state (`__reduce__()` and the
//! constructor that takes it): one call instead of a getattr per field, and Python's own
//! `isoformat()` text written here (CPython formats it with `printf`, which costs more than the
//! rest of a dataclass field walk).

use crate::fail::{Fail, Step};
use crate::pytypes::PyTypes;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

/// The fields of a `datetime` (or of a `date`: time fields zero, no tzinfo).
pub struct Fields<'py> {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micro: u32,
    /// `None` for a naive datetime (and a date).
    pub tzinfo: Option<Bound<'py, PyAny>>,
}

/// The fields of `v`, an exact `datetime.datetime` (`datetime = true`) or `datetime.date`.
pub fn fields<'py>(v: &Bound<'py, PyAny>, datetime: bool) -> Step<Fields<'py>> {
    let reduced = v.call_method0(pyo3::intern!(v.py(), "__reduce__"))?;
    let args = reduced
        .cast_into::<PyTuple>()
        .map_err(PyErr::from)?
        .get_item(1)?;
    let args = args.cast_into::<PyTuple>().map_err(PyErr::from)?;
    let state = args.get_item(0)?;
    let b = state
        .cast::<PyBytes>()
        .map_err(|_| Fail::unsupported("a datetime pickle state that is not bytes"))?
        .as_bytes();
    let want = if datetime { 10 } else { 4 };
    if b.len() != want {
        return Err(Fail::unsupported("a datetime pickle state of another size"));
    }
    let mut f = Fields {
        year: u32::from(b[0]) << 8 | u32::from(b[1]),
        // The top bit of the month byte is `fold`, which isoformat() does not show.
        month: u32::from(b[2] & 0x7f),
        day: u32::from(b[3]),
        hour: 0,
        minute: 0,
        second: 0,
        micro: 0,
        tzinfo: None,
    };
    if datetime {
        f.hour = u32::from(b[4]);
        f.minute = u32::from(b[5]);
        f.second = u32::from(b[6]);
        f.micro = u32::from(b[7]) << 16 | u32::from(b[8]) << 8 | u32::from(b[9]);
        if args.len() > 1 {
            let tz = args.get_item(1)?;
            if !tz.is_none() {
                f.tzinfo = Some(tz);
            }
        }
    }
    Ok(f)
}

/// The UTC offset of an aware datetime in microseconds (`None` when `utcoffset()` is None).
pub fn utc_offset_micros(v: &Bound<'_, PyAny>, f: &Fields<'_>, ty: &PyTypes) -> Step<Option<i64>> {
    let Some(tz) = &f.tzinfo else { return Ok(None) };
    if tz.is(ty.utc.bind(v.py())) {
        return Ok(Some(0));
    }
    let py = v.py();
    let off = v.call_method0(pyo3::intern!(py, "utcoffset"))?;
    if off.is_none() {
        return Ok(None);
    }
    let days: i64 = off.getattr(pyo3::intern!(py, "days"))?.extract()?;
    let secs: i64 = off.getattr(pyo3::intern!(py, "seconds"))?.extract()?;
    let micros: i64 = off.getattr(pyo3::intern!(py, "microseconds"))?.extract()?;
    Ok(Some((days * 86_400 + secs) * 1_000_000 + micros))
}

/// `v.isoformat()` of a datetime (or a date), as CPython writes it.
pub fn isoformat(v: &Bound<'_, PyAny>, datetime: bool, ty: &PyTypes) -> Step<IsoText> {
    let f = fields(v, datetime)?;
    let mut s = IsoText::default();
    s.digits(f.year, 4);
    s.push(b'-');
    s.digits(f.month, 2);
    s.push(b'-');
    s.digits(f.day, 2);
    if !datetime {
        return Ok(s);
    }
    s.push(b'T');
    s.digits(f.hour, 2);
    s.push(b':');
    s.digits(f.minute, 2);
    s.push(b':');
    s.digits(f.second, 2);
    if f.micro != 0 {
        s.push(b'.');
        s.digits(f.micro, 6);
    }
    if let Some(off) = utc_offset_micros(v, &f, ty)? {
        s.push(if off < 0 { b'-' } else { b'+' });
        let off = off.unsigned_abs();
        // A UTC offset is below a day (datetime refuses others): hours below 24.
        let (secs, micros) = ((off / 1_000_000) as u32, (off % 1_000_000) as u32);
        s.digits(secs / 3600, 2);
        s.push(b':');
        s.digits(secs / 60 % 60, 2);
        if secs % 60 != 0 || micros != 0 {
            s.push(b':');
            s.digits(secs % 60, 2);
            if micros != 0 {
                s.push(b'.');
                s.digits(micros, 6);
            }
        }
    }
    Ok(s)
}

/// The ASCII text of [`isoformat`], on the stack: `YYYY-MM-DDTHH:MM:SS.ffffff` and an offset
/// `+HH:MM:SS.ffffff` are 42 bytes; room for 11 fields of up to 10 digits and 10 separators.
pub struct IsoText {
    buf: [u8; 128],
    len: usize,
}

impl Default for IsoText {
    fn default() -> Self {
        IsoText {
            buf: [0; 128],
            len: 0,
        }
    }
}

impl IsoText {
    /// The text's bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// `n` in decimal, zero-padded to `width` digits (`%0*d`).
    #[inline(always)]
    fn digits(&mut self, mut n: u32, width: usize) {
        if u64::from(n) < 10u64.pow(width as u32) {
            // The usual case: exactly `width` digits, written in place.
            for d in self.buf[self.len..self.len + width].iter_mut().rev() {
                *d = b'0' + (n % 10) as u8;
                n /= 10;
            }
            self.len += width;
            return;
        }
        let mut tmp = [b'0'; 10];
        let mut i = tmp.len();
        while n > 0 || i == tmp.len() {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let i = i.min(tmp.len().saturating_sub(width));
        let d = &tmp[i..];
        self.buf[self.len..self.len + d.len()].copy_from_slice(d);
        self.len += d.len();
    }
}

/// Reads the text mashumaro writes for a datetime (`YYYY-MM-DDTHH:MM:SS[.ffffff][+00:00]`)
/// or a date (`YYYY-MM-DD`) and builds the object `fromisoformat` returns for it (`timezone.utc`
/// for a zero offset). Any other text is `None`: the caller asks `fromisoformat` itself.
pub fn from_isoformat<'py>(
    py: Python<'py>,
    text: &str,
    datetime: bool,
    ty: &PyTypes,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return Ok(None);
    };
    if !at(4, b'-')
        || !at(7, b'-')
        || chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_none()
        || year == 0
    {
        return Ok(None);
    }
    if !datetime {
        if b.len() != 10 {
            return Ok(None);
        }
        let state = PyBytes::new(py, &[(year >> 8) as u8, year as u8, month as u8, day as u8]);
        return Ok(Some(ty.date.bind(py).call1((state,))?));
    }
    let (Some(hour), Some(minute), Some(second)) = (num(11..13), num(14..16), num(17..19)) else {
        return Ok(None);
    };
    if !at(10, b'T') || !at(13, b':') || !at(16, b':') || hour > 23 || minute > 59 || second > 59 {
        return Ok(None);
    }
    let mut i = 19;
    let mut micro = 0;
    if at(i, b'.') {
        let Some(us) = num(i + 1..i + 7) else {
            return Ok(None);
        };
        micro = us;
        i += 7;
    }
    let aware = match &b[i..] {
        b"" => false,
        b"+00:00" => true,
        _ => return Ok(None),
    };
    let state = PyBytes::new(
        py,
        &[
            (year >> 8) as u8,
            year as u8,
            month as u8,
            day as u8,
            hour as u8,
            minute as u8,
            second as u8,
            (micro >> 16) as u8,
            (micro >> 8) as u8,
            micro as u8,
        ],
    );
    let class = ty.datetime.bind(py);
    Ok(Some(if aware {
        class.call1((state, ty.utc.bind(py)))?
    } else {
        class.call1((state,))?
    }))
}
