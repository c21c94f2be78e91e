//! Datetimes and durations: the canonical RFC 3339 text, Python's `isoformat()`, pydantic's
//! ISO 8601 durations and mashumaro's float seconds.
//!
//! Hand-written (proleptic Gregorian civil-day arithmetic) because the wire only ever needs UTC
//! and fixed offsets: a calendar crate would add weight without adding a rule we need.

use std::fmt::Write;

/// A point in time as `google.protobuf.Timestamp` carries it: seconds since the Unix epoch and
/// non-negative nanoseconds (`0..1_000_000_000`), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (negative before it).
    pub seconds: i64,
    /// Nanoseconds within the second, always `0..1_000_000_000`.
    pub nanos: i32,
}

/// A signed span of time as `google.protobuf.Duration` carries it: `seconds` and `nanos` have the
/// same sign and `|nanos| < 1_000_000_000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    /// Whole seconds.
    pub seconds: i64,
    /// Nanoseconds, with the sign of `seconds`.
    pub nanos: i32,
}

/// Years 1..=9999, the range of Python's `datetime` (and of RFC 3339 text).
const MIN_SECONDS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
const MAX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

impl Timestamp {
    /// A timestamp from protobuf parts; `None` when nanos are out of range or the instant falls
    /// outside years 1..=9999 (which no SDK can represent).
    pub fn new(seconds: i64, nanos: i32) -> Option<Self> {
        ((0..1_000_000_000).contains(&nanos) && (MIN_SECONDS..=MAX_SECONDS).contains(&seconds))
            .then_some(Self { seconds, nanos })
    }

    /// Midnight UTC of a civil date (how Flyte stores a `datetime.date`).
    pub fn from_date(year: i64, month: u32, day: u32) -> Option<Self> {
        valid_date(year, month, day)?;
        Self::new(days_from_civil(year, month, day) * 86_400, 0)
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.seconds.div_euclid(86_400);
        let secs = self.seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// The canonical form: `2024-01-02T03:04:05Z`, with `.ffffff` only when the microseconds are
    /// non-zero (nanoseconds below a microsecond are dropped, as Python does).
    pub fn to_canonical(self) -> String {
        self.iso(Tail::Z)
    }

    /// Python's `datetime.isoformat()` of the aware UTC datetime: `…+00:00` (mashumaro's form).
    pub fn to_isoformat_utc(self) -> String {
        self.iso(Tail::Offset)
    }

    fn iso(self, tail: Tail) -> String {
        let mut out = Vec::with_capacity(32);
        self.write_iso(tail == Tail::Z, &mut out);
        String::from_utf8(out).expect("ISO text is ASCII")
    }

    /// Length of [`Self::to_canonical`] (`z`) or [`Self::to_isoformat_utc`] text, without
    /// building it: years are always 4 digits (1..=9999).
    pub(crate) fn iso_len(self, z: bool) -> usize {
        19 + if self.nanos / 1000 != 0 { 7 } else { 0 } + if z { 1 } else { 6 }
    }

    /// Appends the text of [`Self::to_canonical`] (`z`) or [`Self::to_isoformat_utc`] to `out`
    /// (the one implementation both use): `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+00:00)`.
    pub(crate) fn write_iso(self, z: bool, out: &mut Vec<u8>) {
        fn digits(out: &mut Vec<u8>, v: u32, n: usize) {
            let mut buf = [0u8; 6];
            let mut v = v;
            for i in (0..n).rev() {
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let (y, mo, d, h, mi, s) = self.parts();
        digits(out, y as u32, 4);
        out.push(b'-');
        digits(out, mo, 2);
        out.push(b'-');
        digits(out, d, 2);
        out.push(b'T');
        digits(out, h, 2);
        out.push(b':');
        digits(out, mi, 2);
        out.push(b':');
        digits(out, s, 2);
        let micros = self.nanos / 1000;
        if micros != 0 {
            out.push(b'.');
            digits(out, micros as u32, 6);
        }
        out.extend_from_slice(if z { b"Z" } else { b"+00:00" });
    }

    /// `YYYY-MM-DD` of the UTC date.
    pub fn to_date_string(self) -> String {
        let (y, m, d, ..) = self.parts();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Whether the instant is exactly midnight UTC (a `date` can carry it).
    pub fn is_midnight(self) -> bool {
        self.seconds.rem_euclid(86_400) == 0 && self.nanos == 0
    }

    /// Parses what Python's `datetime.fromisoformat` and pydantic accept on the wire:
    /// `YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z|±HH:MM]` or a bare date. Returns the UTC instant and
    /// whether the text carried an offset (a naive datetime is taken as UTC).
    pub fn parse_iso(text: &str) -> Option<(Self, bool)> {
        let p = IsoParts::parse(text.as_bytes())?;
        Some((p.timestamp()?, p.aware))
    }
}

/// The fields of an ISO 8601 datetime as [`Timestamp::parse_iso`] reads them, validated (a real
/// date, hours to 23, minutes and seconds to 59), before they become an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IsoParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    /// Hour, minute, second (zeros for a bare date).
    pub time: (u32, u32, u32),
    pub nanos: i32,
    /// Seconds east of UTC (0 without an offset).
    pub offset: i64,
    /// Whether the text carried an offset (`Z` included).
    pub aware: bool,
}

impl IsoParts {
    /// The UTC instant.
    pub(crate) fn timestamp(&self) -> Option<Timestamp> {
        let (h, m, s) = self.time;
        let seconds = days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(h) * 3600
            + i64::from(m) * 60
            + i64::from(s)
            - self.offset;
        Timestamp::new(seconds, self.nanos)
    }

    /// Bytes in, not `str`: every byte is matched against an ASCII pattern, so anything parsed
    /// was valid UTF-8 and the caller need not check it first.
    pub(crate) fn parse(b: &[u8]) -> Option<Self> {
        Self::parse_python(b).or_else(|| Self::parse_any(b))
    }

    /// The UTC forms the Python SDKs write, `YYYY-MM-DDTHH:MM:SS[.ffffff]` then `+00:00`
    /// (`datetime.isoformat()`) or `Z` (pydantic), read at fixed offsets; `None` for anything
    /// else, which [`Self::parse_any`] then reads (to the same fields where both read).
    fn parse_python(b: &[u8]) -> Option<Self> {
        let (t, tail) = b.split_first_chunk::<19>()?;
        let (micros, zone) = match tail.split_first() {
            Some((b'.', rest)) => {
                let (f, zone) = rest.split_first_chunk::<6>()?;
                (Some(f), zone)
            }
            _ => (None, tail),
        };
        if !matches!(zone, b"+00:00" | b"Z") {
            return None;
        }
        // Eight bytes at a time (SWAR): "YYYY-MM-", "DDTHH:MM" and "HH:MM:SS" as little-endian
        // words, each byte xor '0' (a digit becomes its value); the separators compared under a
        // mask, the digits checked below ten all at once.
        let word =
            |at: usize| u64::from_le_bytes(t[at..at + 8].try_into().unwrap_or([0; 8])) ^ ZEROS;
        let (date, day, time) = (word(0), word(8), word(11));
        let separators = [
            (date, 0xff00_00ff_0000_0000, 0x1d00_001d_0000_0000), // '-' at 4 and 7
            (day, 0x00ff_0000, 0x0064_0000),                      // 'T' at 10
            (time, 0x0000_ff00_00ff_0000, 0x0000_0a00_000a_0000), // ':' at 13 and 16
        ];
        if separators.iter().any(|&(w, mask, want)| w & mask != want)
            || !all_digits(date, 0x0080_8000_8080_8080)
            || !all_digits(day, 0x8080)
            || !all_digits(time, 0x8080_0080_8000_8080)
        {
            return None;
        }
        let d = |w: u64, i: u32| ((w >> (8 * i)) & 0xff) as u32;
        let year = d(date, 0) * 1000 + d(date, 1) * 100 + d(date, 2) * 10 + d(date, 3);
        let (month, day) = (d(date, 5) * 10 + d(date, 6), d(day, 0) * 10 + d(day, 1));
        let time = (
            d(time, 0) * 10 + d(time, 1),
            d(time, 3) * 10 + d(time, 4),
            d(time, 6) * 10 + d(time, 7),
        );
        let micros = match micros {
            Some(f) => {
                let mut w = [b'0'; 8];
                w[..6].copy_from_slice(f);
                let w = u64::from_le_bytes(w) ^ ZEROS;
                if !all_digits(w, 0x8080_8080_8080) {
                    return None;
                }
                (0..6).fold(0, |n, i| n * 10 + d(w, i))
            }
            None => 0,
        };
        if time.0 > 23 || time.1 > 59 || time.2 > 59 {
            return None;
        }
        let nanos = micros * 1000;
        let year = i64::from(year);
        valid_date(year, month, day)?;
        Some(Self {
            year,
            month,
            day,
            time,
            nanos: nanos as i32,
            offset: 0,
            aware: true,
        })
    }

    /// Every form [`Timestamp::parse_iso`] reads.
    fn parse_any(b: &[u8]) -> Option<Self> {
        let (year, month, day) = parse_date(b.get(..10)?)?;
        let mut time = (0, 0, 0);
        let mut nanos = 0i32;
        let mut rest = &b[10..];
        if let Some((&sep, tail)) = rest.split_first() {
            if sep != b'T' && sep != b' ' {
                return None;
            }
            let (h, m) = (two(tail.get(0..2)?)?, two(tail.get(3..5)?)?);
            if tail[2] != b':' || h > 23 || m > 59 {
                return None;
            }
            time = (h, m, 0);
            rest = &tail[5..];
            if rest.first() == Some(&b':') {
                let s = two(rest.get(1..3)?)?;
                if s > 59 {
                    return None;
                }
                time.2 = s;
                rest = &rest[3..];
                if let Some((b'.', tail)) = rest.split_first() {
                    // One to nine digits, scaled to nanoseconds.
                    let mut digits = 0;
                    for &c in tail {
                        if !c.is_ascii_digit() {
                            break;
                        }
                        if digits == 9 {
                            return None;
                        }
                        nanos = nanos * 10 + i32::from(c - b'0');
                        digits += 1;
                    }
                    if digits == 0 {
                        return None;
                    }
                    const SCALE: [i32; 10] = [
                        0, 1e8 as i32, 1e7 as i32, 1e6 as i32, 1e5 as i32, 1e4 as i32, 1000, 100,
                        10, 1,
                    ];
                    nanos *= SCALE[digits];
                    rest = &tail[digits..];
                }
            }
        }
        let (offset, aware) = match rest {
            [] => (0, false),
            [b'Z'] | [b'z'] => (0, true),
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let off = i64::from(two(&[*h1, *h2])?) * 3600 + i64::from(two(&[*m1, *m2])?) * 60;
                (if *sign == b'+' { off } else { -off }, true)
            }
            _ => return None,
        };
        Some(Self {
            year,
            month,
            day,
            time,
            nanos,
            offset,
            aware,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    Z,
    Offset,
}

impl Duration {
    /// A duration from protobuf parts; `None` when the signs differ or `|nanos| >= 1e9`.
    pub fn new(seconds: i64, nanos: i32) -> Option<Self> {
        let same_sign = (seconds >= 0 && nanos >= 0) || (seconds <= 0 && nanos <= 0);
        (same_sign && nanos.abs() < 1_000_000_000).then_some(Self { seconds, nanos })
    }

    /// Total microseconds (Python's `timedelta` resolution; sub-microsecond nanos truncate).
    pub fn total_micros(self) -> i128 {
        i128::from(self.seconds) * 1_000_000 + i128::from(self.nanos / 1000)
    }

    /// From whole microseconds (normalised to protobuf's same-sign form).
    pub fn from_micros(micros: i128) -> Option<Self> {
        let seconds = i64::try_from(micros / 1_000_000).ok()?;
        Self::new(seconds, ((micros % 1_000_000) * 1000) as i32)
    }

    /// `timedelta.total_seconds()`: what mashumaro writes for a timedelta field.
    pub fn to_float_seconds(self) -> f64 {
        // Python computes `micros / 10**6` with true division of integers, correctly rounded.
        self.total_micros() as f64 / 1e6
    }

    /// `timedelta(seconds=x)`: rounds to the nearest microsecond, ties to even.
    pub fn from_float_seconds(x: f64) -> Option<Self> {
        if !x.is_finite() || x.abs() > 1e14 {
            return None;
        }
        Self::from_micros((x * 1e6).round_ties_even() as i128)
    }

    /// pydantic's ISO 8601 form: `PT1M30.00025S`, `P1Y35D`, `-PT1.5S`, `PT0S` (365-day years,
    /// the sign in front of the whole duration).
    pub fn to_iso8601(self) -> String {
        let total = self.total_micros();
        let mut out = String::new();
        if total < 0 {
            out.push('-');
        }
        let abs = total.unsigned_abs();
        let (days, rem) = (abs / 86_400_000_000, abs % 86_400_000_000);
        let (secs, micros) = (rem / 1_000_000, rem % 1_000_000);
        out.push('P');
        if days >= 365 {
            let _ = write!(out, "{}Y", days / 365);
        }
        if days % 365 != 0 {
            let _ = write!(out, "{}D", days % 365);
        }
        if rem != 0 || days == 0 {
            out.push('T');
            let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            if h != 0 {
                let _ = write!(out, "{h}H");
            }
            if m != 0 {
                let _ = write!(out, "{m}M");
            }
            if s != 0 || micros != 0 || rem == 0 {
                let _ = write!(out, "{s}");
                if micros != 0 {
                    let frac = format!("{micros:06}");
                    let _ = write!(out, ".{}", frac.trim_end_matches('0'));
                }
                out.push('S');
            }
        }
        out
    }

    /// Parses an ISO 8601 duration as pydantic accepts it (`P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`
    /// with an optional leading sign; years are 365 days, months 30), to microseconds.
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let (neg, body) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let body = body.strip_prefix('P')?;
        let (date, time) = match body.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return None,
            None => (body, None),
        };
        let mut micros: f64 = 0.0;
        let mut any = false;
        for (part, units) in [
            (date, &DATE_UNITS[..]),
            (time.unwrap_or(""), &TIME_UNITS[..]),
        ] {
            let mut rest = part;
            let mut allowed = units;
            while !rest.is_empty() {
                let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
                let number: f64 = rest[..end].parse().ok()?;
                let unit = rest[end..].chars().next()?;
                let pos = allowed.iter().position(|(u, _)| *u == unit)?;
                micros += number * allowed[pos].1;
                allowed = &allowed[pos + 1..];
                rest = &rest[end + 1..];
                any = true;
            }
        }
        if !any || !micros.is_finite() {
            return None;
        }
        let micros = micros.round() as i128;
        Self::from_micros(if neg { -micros } else { micros })
    }

    /// The canonical `{"seconds": S, "nanos": N}` parts.
    pub fn parts(self) -> (i64, i32) {
        (self.seconds, self.nanos)
    }
}

const DAY_US: f64 = 86_400e6;
const DATE_UNITS: [(char, f64); 4] = [
    ('Y', 365.0 * DAY_US),
    ('M', 30.0 * DAY_US),
    ('W', 7.0 * DAY_US),
    ('D', DAY_US),
];
const TIME_UNITS: [(char, f64); 3] = [('H', 3600e6), ('M', 60e6), ('S', 1e6)];

fn two(b: &[u8]) -> Option<u32> {
    match b {
        [a @ b'0'..=b'9', c @ b'0'..=b'9'] => Some(u32::from(a - b'0') * 10 + u32::from(c - b'0')),
        _ => None,
    }
}

fn parse_date(b: &[u8]) -> Option<(i64, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i64::from(two(&b[0..2])? * 100 + two(&b[2..4])?);
    let (month, day) = (two(&b[5..7])?, two(&b[8..10])?);
    valid_date(year, month, day)?;
    Some((year, month, day))
}

/// '0' in every byte of a word: xor with it turns ASCII digits into their values.
const ZEROS: u64 = 0x3030_3030_3030_3030;

/// Whether every byte of `w` (ASCII xor '0') under `high` (its 0x80 bits) is a digit value
/// (below ten): a byte of 0x80 or more shows in its own top bit, one below it gets there
/// when 0x76 is added (without a carry out of the byte).
fn all_digits(w: u64, high: u64) -> bool {
    (w | w.wrapping_add(0x7676_7676_7676_7676)) & high == 0
}

/// Parses `YYYY-MM-DD` (a `date` field on the wire) to midnight UTC.
pub fn parse_date_string(text: &str) -> Option<Timestamp> {
    let (y, m, d) = parse_date(text.as_bytes())?;
    Timestamp::from_date(y, m, d)
}

fn valid_date(year: i64, month: u32, day: u32) -> Option<()> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let len = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=9999).contains(&year) && (1..=len).contains(&day)).then_some(())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_matches_the_corpus_forms() {
        assert_eq!(
            Timestamp::new(-1, 500_000_000).unwrap().to_canonical(),
            "1969-12-31T23:59:59.500000Z"
        );
        assert_eq!(
            Timestamp::new(1_704_164_645, 0).unwrap().to_canonical(),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            Timestamp::from_date(2024, 2, 29).unwrap().to_canonical(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            Timestamp::new(1_714_979_289, 10_000)
                .unwrap()
                .to_isoformat_utc(),
            "2024-05-06T07:08:09.000010+00:00"
        );
        assert!(Timestamp::from_date(2023, 2, 29).is_none());
    }

    #[test]
    fn iso_parsing_accepts_python_forms() {
        let want = Timestamp::new(1_704_067_200, 0).unwrap();
        for text in [
            "2024-01-01T00:00:00+00:00",
            "2024-01-01T00:00:00Z",
            "2024-01-01T01:00:00+01:00",
        ] {
            assert_eq!(Timestamp::parse_iso(text), Some((want, true)), "{text}");
        }
        assert_eq!(
            Timestamp::parse_iso("2024-01-01T00:00:00"),
            Some((want, false))
        );
        assert_eq!(Timestamp::parse_iso("2024-01-01"), Some((want, false)));
        assert_eq!(Timestamp::parse_iso("2024-13-01T00:00:00"), None);
        assert_eq!(Timestamp::parse_iso("2024-01-01T00:00:00+0100"), None);
        // Fractions: one to nine digits, scaled to nanoseconds.
        let at = |nanos| Some((Timestamp::new(1_704_067_200, nanos).unwrap(), true));
        assert_eq!(
            Timestamp::parse_iso("2024-01-01T00:00:00.5Z"),
            at(500_000_000)
        );
        assert_eq!(
            Timestamp::parse_iso("2024-01-01T00:00:00.000250+00:00"),
            at(250_000)
        );
        assert_eq!(
            Timestamp::parse_iso("2024-01-01T00:00:00.123456789Z"),
            at(123_456_789)
        );
        assert_eq!(
            Timestamp::parse_iso("2024-01-01T00:00:00.1234567890Z"),
            None
        );
        assert_eq!(Timestamp::parse_iso("2024-01-01T00:00:00.Z"), None);
        assert_eq!(Timestamp::parse_iso("2024-01-01T00:00:00."), None);
    }

    /// The fixed-offset reader of the Python forms gives the general reader's fields, and
    /// leaves everything else to it.
    #[test]
    fn python_forms_read_as_the_general_parser_reads_them() {
        let mut fast = 0;
        for text in [
            "2024-01-01T00:00:00+00:00",
            "2024-02-29T23:59:59.999999+00:00",
            "0001-01-01T00:00:00.000001Z",
            "9999-12-31T23:59:59Z",
            "2023-02-29T00:00:00+00:00",
            "2024-01-01T24:00:00+00:00",
            "2024-01-01T00:60:00+00:00",
            "2024-01-01T00:00:60+00:00",
            "2024-13-01T00:00:00+00:00",
            "2024-01-01 00:00:00+00:00",
            "2024-01-01T00:00:00.12345+00:00",
            "2024-01-01T00:00:00.1234567+00:00",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01T00:00:00+00:0",
            "2024-01-01T00:00:00",
            "2024-01-0aT00:00:00+00:00",
            "2024-01-01T00:00:00.12345a+00:00",
            "0000-01-01T00:00:00Z",
        ] {
            let general = IsoParts::parse_any(text.as_bytes());
            match IsoParts::parse_python(text.as_bytes()) {
                Some(p) => {
                    fast += 1;
                    assert_eq!(Some(p), general, "{text}");
                }
                None => assert_eq!(IsoParts::parse(text.as_bytes()), general, "{text}"),
            }
        }
        assert_eq!(fast, 4);
        // Bytes far from digits everywhere a digit goes (accumulated before the check).
        let mut high = *b"2024-01-01T00:00:00.000000+00:00";
        for i in [
            0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25,
        ] {
            high[i] = 0xff;
        }
        assert_eq!(IsoParts::parse(&high), None);
        // Every one-byte change of the Python forms (every position, 40 byte values each):
        // where the fixed-offset reader reads, it reads what the general parser reads.
        let mut fast = 0;
        for base in [
            &b"2024-02-29T23:59:59.999999+00:00"[..],
            b"1999-12-31T09:08:07Z",
            b"2000-01-01T00:00:00.000001Z",
        ] {
            for at in 0..base.len() {
                for x in (0..=255u8)
                    .step_by(7)
                    .chain([b'0', b'9', b'-', b':', b'T', b'Z', b'.', b'+'])
                {
                    let mut text = base.to_vec();
                    text[at] = x;
                    if let Some(p) = IsoParts::parse_python(&text) {
                        fast += 1;
                        assert_eq!(
                            Some(p),
                            IsoParts::parse_any(&text),
                            "{:?}",
                            String::from_utf8_lossy(&text)
                        );
                    }
                }
            }
        }
        assert!(fast > 100, "{fast}");
    }

    #[test]
    fn pydantic_durations_match_model_dump_json() {
        // Pairs printed by pydantic 2.14.3 `model_dump_json()` in the reference venv.
        let cases = [
            (90_000_250, "PT1M30.00025S"),
            (0, "PT0S"),
            (86_403_000_000, "P1DT3S"),
            (-1_500_000, "-PT1.5S"),
            (400 * 86_400_000_000, "P1Y35D"),
            (1, "PT0.000001S"),
            (90_000_000_000, "P1DT1H"),
            (86_400_000_000, "P1D"),
            (365 * 86_400_000_000, "P1Y"),
            (60_000_000, "PT1M"),
            (3_600_500_000, "PT1H0.5S"),
            (-86_400_000_000, "-P1D"),
            (-86_395_000_000, "-PT23H59M55S"),
            (10_100_000, "PT10.1S"),
        ];
        for (micros, text) in cases {
            let d = Duration::from_micros(micros).unwrap();
            assert_eq!(d.to_iso8601(), text);
            assert_eq!(Duration::parse_iso8601(text), Some(d), "{text}");
        }
        assert_eq!(
            Duration::parse_iso8601("P2W").unwrap().total_micros(),
            14 * 86_400_000_000
        );
        assert_eq!(Duration::parse_iso8601("P"), None);
    }

    #[test]
    fn float_seconds_round_trip_like_timedelta() {
        let d = Duration::from_float_seconds(90.00025).unwrap();
        assert_eq!(d.parts(), (90, 250_000));
        assert_eq!(d.to_float_seconds(), 90.00025);
        assert_eq!(
            Duration::from_float_seconds(-1.5).unwrap().parts(),
            (-1, -500_000_000)
        );
        assert_eq!(Duration::from_float_seconds(f64::NAN), None);
    }
}
