//! TEMPORARY minimal msgpack codec (replaced by the foundation branch's module).
#![allow(missing_docs)]

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Nil,
    Bool(bool),
    Int(i64),
    UInt(u64),
    F32(f32),
    F64(f64),
    Str(String),
    Bin(Vec<u8>),
    Array(Vec<Msg>),
    Map(Vec<(Msg, Msg)>),
    Ext(i8, Vec<u8>),
}

#[derive(Debug, thiserror::Error)]
#[error("msgpack error at byte {offset}: {what}")]
pub struct MsgpackError {
    pub offset: usize,
    pub what: String,
}

pub fn decode(bytes: &[u8]) -> Result<Msg, MsgpackError> {
    let mut r = R { b: bytes, p: 0 };
    let m = r.msg(0)?;
    if r.p != bytes.len() {
        return Err(r.err("trailing bytes"));
    }
    Ok(m)
}

struct R<'a> {
    b: &'a [u8],
    p: usize,
}
impl R<'_> {
    fn err(&self, w: &str) -> MsgpackError {
        MsgpackError {
            offset: self.p,
            what: w.into(),
        }
    }
    fn take(&mut self, n: usize) -> Result<&[u8], MsgpackError> {
        if self.b.len() - self.p < n {
            return Err(self.err("unexpected end"));
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn u(&mut self, n: usize) -> Result<u64, MsgpackError> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |a, b| a << 8 | u64::from(*b)))
    }
    fn msg(&mut self, depth: usize) -> Result<Msg, MsgpackError> {
        if depth > 256 {
            return Err(self.err("too deep"));
        }
        let t = self.take(1)?[0];
        Ok(match t {
            0x00..=0x7f => Msg::Int(i64::from(t)),
            0x80..=0x8f => self.map(usize::from(t & 0x0f), depth)?,
            0x90..=0x9f => self.arr(usize::from(t & 0x0f), depth)?,
            0xa0..=0xbf => self.str(usize::from(t & 0x1f))?,
            0xc0 => Msg::Nil,
            0xc2 => Msg::Bool(false),
            0xc3 => Msg::Bool(true),
            0xc4 => {
                let n = self.u(1)? as usize;
                Msg::Bin(self.take(n)?.to_vec())
            }
            0xc5 => {
                let n = self.u(2)? as usize;
                Msg::Bin(self.take(n)?.to_vec())
            }
            0xc6 => {
                let n = self.u(4)? as usize;
                Msg::Bin(self.take(n)?.to_vec())
            }
            0xca => Msg::F32(f32::from_bits(self.u(4)? as u32)),
            0xcb => Msg::F64(f64::from_bits(self.u(8)?)),
            0xcc => Msg::Int(self.u(1)? as i64),
            0xcd => Msg::Int(self.u(2)? as i64),
            0xce => Msg::Int(self.u(4)? as i64),
            0xcf => {
                let v = self.u(8)?;
                if v > i64::MAX as u64 {
                    Msg::UInt(v)
                } else {
                    Msg::Int(v as i64)
                }
            }
            0xd0 => Msg::Int(i64::from(self.u(1)? as u8 as i8)),
            0xd1 => Msg::Int(i64::from(self.u(2)? as u16 as i16)),
            0xd2 => Msg::Int(i64::from(self.u(4)? as u32 as i32)),
            0xd3 => Msg::Int(self.u(8)? as i64),
            0xd9 => {
                let n = self.u(1)? as usize;
                self.str(n)?
            }
            0xda => {
                let n = self.u(2)? as usize;
                self.str(n)?
            }
            0xdb => {
                let n = self.u(4)? as usize;
                self.str(n)?
            }
            0xdc => {
                let n = self.u(2)? as usize;
                self.arr(n, depth)?
            }
            0xdd => {
                let n = self.u(4)? as usize;
                self.arr(n, depth)?
            }
            0xde => {
                let n = self.u(2)? as usize;
                self.map(n, depth)?
            }
            0xdf => {
                let n = self.u(4)? as usize;
                self.map(n, depth)?
            }
            0xe0..=0xff => Msg::Int(i64::from(t as i8)),
            _ => return Err(self.err("unsupported type byte")),
        })
    }
    fn str(&mut self, n: usize) -> Result<Msg, MsgpackError> {
        let s = self.take(n)?.to_vec();
        String::from_utf8(s)
            .map(Msg::Str)
            .map_err(|_| self.err("invalid utf-8"))
    }
    fn arr(&mut self, n: usize, d: usize) -> Result<Msg, MsgpackError> {
        if n > self.b.len() - self.p {
            return Err(self.err("length beyond input"));
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.msg(d + 1)?);
        }
        Ok(Msg::Array(v))
    }
    fn map(&mut self, n: usize, d: usize) -> Result<Msg, MsgpackError> {
        if 2 * n > self.b.len() - self.p {
            return Err(self.err("length beyond input"));
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let k = self.msg(d + 1)?;
            let x = self.msg(d + 1)?;
            v.push((k, x));
        }
        Ok(Msg::Map(v))
    }
}

pub fn to_vec(m: &Msg) -> Vec<u8> {
    let mut o = Vec::new();
    encode(m, &mut o);
    o
}

pub fn encode(m: &Msg, o: &mut Vec<u8>) {
    match m {
        Msg::Nil => o.push(0xc0),
        Msg::Bool(b) => o.push(if *b { 0xc3 } else { 0xc2 }),
        Msg::Int(i) if *i >= 0 => uint(*i as u64, o),
        Msg::Int(i) => {
            let i = *i;
            if i >= -32 {
                o.push(i as i8 as u8)
            } else if i >= -128 {
                o.push(0xd0);
                o.push(i as i8 as u8)
            } else if i >= -32768 {
                o.push(0xd1);
                o.extend((i as i16).to_be_bytes())
            } else if i >= i64::from(i32::MIN) {
                o.push(0xd2);
                o.extend((i as i32).to_be_bytes())
            } else {
                o.push(0xd3);
                o.extend(i.to_be_bytes())
            }
        }
        Msg::UInt(u) => uint(*u, o),
        Msg::F32(f) => {
            o.push(0xca);
            o.extend(f.to_be_bytes())
        }
        Msg::F64(f) => {
            o.push(0xcb);
            o.extend(f.to_be_bytes())
        }
        Msg::Str(s) => {
            let n = s.len();
            if n < 32 {
                o.push(0xa0 | n as u8)
            } else if n < 256 {
                o.push(0xd9);
                o.push(n as u8)
            } else if n < 65536 {
                o.push(0xda);
                o.extend((n as u16).to_be_bytes())
            } else {
                o.push(0xdb);
                o.extend((n as u32).to_be_bytes())
            }
            o.extend(s.as_bytes())
        }
        Msg::Bin(b) => {
            let n = b.len();
            if n < 256 {
                o.push(0xc4);
                o.push(n as u8)
            } else if n < 65536 {
                o.push(0xc5);
                o.extend((n as u16).to_be_bytes())
            } else {
                o.push(0xc6);
                o.extend((n as u32).to_be_bytes())
            }
            o.extend(b)
        }
        Msg::Array(a) => {
            let n = a.len();
            if n < 16 {
                o.push(0x90 | n as u8)
            } else if n < 65536 {
                o.push(0xdc);
                o.extend((n as u16).to_be_bytes())
            } else {
                o.push(0xdd);
                o.extend((n as u32).to_be_bytes())
            }
            for x in a {
                encode(x, o)
            }
        }
        Msg::Map(a) => {
            let n = a.len();
            if n < 16 {
                o.push(0x80 | n as u8)
            } else if n < 65536 {
                o.push(0xde);
                o.extend((n as u16).to_be_bytes())
            } else {
                o.push(0xdf);
                o.extend((n as u32).to_be_bytes())
            }
            for (k, v) in a {
                encode(k, o);
                encode(v, o)
            }
        }
        Msg::Ext(..) => o.push(0xc0),
    }
}
fn uint(u: u64, o: &mut Vec<u8>) {
    if u < 128 {
        o.push(u as u8)
    } else if u < 256 {
        o.push(0xcc);
        o.push(u as u8)
    } else if u < 65536 {
        o.push(0xcd);
        o.extend((u as u16).to_be_bytes())
    } else if u < (1 << 32) {
        o.push(0xce);
        o.extend((u as u32).to_be_bytes())
    } else {
        o.push(0xcf);
        o.extend(u.to_be_bytes())
    }
}
