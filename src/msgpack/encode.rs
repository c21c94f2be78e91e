//! Encoding, as Python's `msgpack.packb` with default options.

use super::Msg;

/// Appends the msgpack encoding of `msg` to `out`. Iterative: any nesting depth is fine.
///
/// # Panics
///
/// If a string, binary, array, map or extension is longer than `u32::MAX`, which msgpack cannot
/// represent (Python raises `ValueError`).
pub fn encode(msg: &Msg, out: &mut Vec<u8>) {
    // Values still to write, next on top.
    let mut todo = vec![msg];
    while let Some(msg) = todo.pop() {
        match msg {
            Msg::Nil => out.push(0xc0),
            Msg::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
            Msg::Int(i) => match u64::try_from(*i) {
                Ok(u) => unsigned(u, out),
                Err(_) => negative(*i, out),
            },
            Msg::UInt(u) => unsigned(*u, out),
            Msg::F32(f) => {
                out.push(0xca);
                out.extend_from_slice(&f.to_be_bytes());
            }
            Msg::F64(f) => {
                out.push(0xcb);
                out.extend_from_slice(&f.to_be_bytes());
            }
            Msg::Str(s) => {
                header(s.len(), Some(0xa0), 31, [0xd9, 0xda, 0xdb], out);
                out.extend_from_slice(s.as_bytes());
            }
            Msg::Bin(b) => {
                header(b.len(), None, 0, [0xc4, 0xc5, 0xc6], out);
                out.extend_from_slice(b);
            }
            Msg::Array(items) => {
                header(items.len(), Some(0x90), 15, [0, 0xdc, 0xdd], out);
                todo.extend(items.iter().rev());
            }
            Msg::Map(entries) => {
                header(entries.len(), Some(0x80), 15, [0, 0xde, 0xdf], out);
                todo.extend(entries.iter().rev().flat_map(|(k, v)| [v, k]));
            }
            Msg::Ext(ty, data) => {
                match data.len() {
                    1 => out.push(0xd4),
                    2 => out.push(0xd5),
                    4 => out.push(0xd6),
                    8 => out.push(0xd7),
                    16 => out.push(0xd8),
                    n => header(n, None, 0, [0xc7, 0xc8, 0xc9], out),
                }
                out.push(*ty as u8);
                out.extend_from_slice(data);
            }
        }
    }
}

/// The msgpack encoding of `msg` (see [`encode`]).
#[must_use]
pub fn to_vec(msg: &Msg) -> Vec<u8> {
    let mut out = Vec::new();
    encode(msg, &mut out);
    out
}

/// A non-negative integer: positive fixint, then uint8 / 16 / 32 / 64.
fn unsigned(u: u64, out: &mut Vec<u8>) {
    if u <= 0x7f {
        out.push(u as u8);
    } else if let Ok(v) = u8::try_from(u) {
        out.extend_from_slice(&[0xcc, v]);
    } else if let Ok(v) = u16::try_from(u) {
        out.push(0xcd);
        out.extend_from_slice(&v.to_be_bytes());
    } else if let Ok(v) = u32::try_from(u) {
        out.push(0xce);
        out.extend_from_slice(&v.to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&u.to_be_bytes());
    }
}

/// A negative integer: negative fixint (-32..=-1), then int8 / 16 / 32 / 64.
fn negative(i: i64, out: &mut Vec<u8>) {
    if i >= -32 {
        out.push(i as u8);
    } else if let Ok(v) = i8::try_from(i) {
        out.extend_from_slice(&[0xd0, v as u8]);
    } else if let Ok(v) = i16::try_from(i) {
        out.push(0xd1);
        out.extend_from_slice(&v.to_be_bytes());
    } else if let Ok(v) = i32::try_from(i) {
        out.push(0xd2);
        out.extend_from_slice(&v.to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

/// A length header: `fix | len` when `fix` is given and `len <= fix_max`, else the 8-, 16- or
/// 32-bit form (`wide[0] == 0`: no 8-bit form, as for arrays and maps).
fn header(len: usize, fix: Option<u8>, fix_max: usize, wide: [u8; 3], out: &mut Vec<u8>) {
    let len = u32::try_from(len).expect("msgpack lengths are at most u32::MAX");
    match fix {
        Some(fix) if len as usize <= fix_max => out.push(fix | len as u8),
        _ if wide[0] != 0 && len <= 0xff => out.extend_from_slice(&[wide[0], len as u8]),
        _ if len <= 0xffff => {
            out.push(wide[1]);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(wide[2]);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
}
