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
