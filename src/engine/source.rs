//! Where a type's one read takes its literal from: a decoded `Literal` tree, or the serialized
//! bytes, read in place.
//!
//! [`FlyteType::read_literal`](super::FlyteType::read_literal) is written once against
//! [`LiteralSource`]: it asks for the literal's [`Form`] one level at a time. The tree answers
//! from the decoded message; [`LiteralBytes`] answers from the protobuf bytes, with fields in
//! any order, unknown fields skipped, union wrappers and flytekit v1 forms read as the tree
//! reads them, so nothing is decoded twice. Handles that need the whole message (a blob's
//! metadata, a literal's hash) ask for [`LiteralSource::tree`]: the bytes source decodes that
//! sub-message, once.
//!
//! What the bytes source does not check, where prost would: fields the read never looks at
//! (a literal's `hash` and `metadata`, a union's type unless a variant is chosen by it, another
//! scalar's body) are skipped by their wire type without decoding them. A message field that
//! appears twice, which protobuf reads by merging the two (no writer emits it), is the one
//! thing it hands to prost: [`read_bytes`] then reads the tree instead.

use crate::Error;
use crate::error::LITERAL;
use crate::idl::core::{Literal, LiteralType, literal, primitive, scalar};
use crate::wire::WireErrorKind;
use crate::wire::raw::Pb;
use crate::wire::scan::{self, FIXED64, LEN, VARINT};
use std::borrow::Cow;
use std::cell::Cell;

/// A primitive value, borrowed from its literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Primitive<'a> {
    /// `integer`.
    Integer(i64),
    /// `float_value`.
    Float(f64),
    /// `string_value`.
    String(&'a str),
    /// `boolean`.
    Boolean(bool),
    /// `datetime`: seconds and nanoseconds since the epoch, unchecked.
    Datetime(i64, i32),
    /// `duration`: seconds and nanoseconds, unchecked.
    Duration(i64, i32),
}

/// A union literal's variant type, decoded only when a reader asks for it.
#[derive(Debug, Clone, Copy)]
pub enum UnionType<'a> {
    /// From a decoded tree.
    Tree(&'a LiteralType),
    /// The serialized `LiteralType`.
    Bytes(&'a [u8]),
}

impl<'a> UnionType<'a> {
    /// The type, decoded.
    ///
    /// # Errors
    ///
    /// Bytes that are not a `LiteralType`.
    pub fn decode(self) -> Result<Cow<'a, LiteralType>, Error> {
        match self {
            UnionType::Tree(t) => Ok(Cow::Borrowed(t)),
            UnionType::Bytes(b) => <LiteralType as prost::Message>::decode(b)
                .map(Cow::Owned)
                .map_err(|e| Error::protobuf("flyteidl2.core.LiteralType", e)),
        }
    }
}

/// What a literal holds, one level deep.
pub enum Form<'a, R: LiteralSource<'a>> {
    /// `scalar.primitive` with a value.
    Primitive(Primitive<'a>),
    /// `scalar.none_type`.
    None,
    /// `scalar.union`: the value and the variant type, each if present.
    Union {
        /// `union.value`.
        value: Option<R>,
        /// `union.type`.
        ty: Option<UnionType<'a>>,
    },
    /// `scalar.binary`.
    Binary {
        /// `binary.value`.
        value: &'a [u8],
        /// `binary.tag` (`"msgpack"` for a struct).
        tag: &'a str,
    },
    /// `collection`: its literals.
    Collection(R::Items),
    /// `map`: its entries.
    Map(R::Entries),
    /// Another scalar (blob, structured dataset, schema, error, generic), or a scalar or
    /// primitive without a value.
    OtherScalar,
    /// `offloaded_metadata`.
    Offloaded,
    /// A literal without a value.
    Empty,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &crate::idl::core::Literal {}
    impl Sealed for super::LiteralBytes<'_> {}
}

/// A literal to read a value from: `&Literal` (a decoded tree) or [`LiteralBytes`] (its
/// serialized form). Sealed: these two are the only ones.
pub trait LiteralSource<'a>: Copy + sealed::Sealed {
    /// The literals of a collection.
    type Items: Iterator<Item = Result<Self, Error>>;
    /// The entries of a map, in the source's order.
    type Entries: Iterator<Item = Result<(&'a str, Self), Error>>;

    /// What the literal holds.
    ///
    /// # Errors
    ///
    /// Bytes that are not a `Literal` (where they are read), or nesting beyond the limit.
    fn form(self) -> Result<Form<'a, Self>, Error>;

    /// The whole literal as a tree: borrowed, or decoded from the bytes (once, for this
    /// literal only).
    ///
    /// # Errors
    ///
    /// Bytes that are not a `Literal`.
    fn tree(self) -> Result<Cow<'a, Literal>, Error>;

    /// The payload of a literal in the canonical layout `scalar{primitive{field}}` whose
    /// field has the one-byte tag `tag` (what follows the tag), read without [`Self::form`]'s
    /// field loops; `None`: ask [`Self::form`].
    #[doc(hidden)]
    #[inline(always)]
    fn canonical_primitive_field(self, tag: u8) -> Option<&'a [u8]> {
        let _ = tag;
        None
    }

    /// The msgpack bytes of a struct literal in the canonical layout; `None`: ask
    /// [`Self::form`].
    #[doc(hidden)]
    #[inline(always)]
    fn canonical_msgpack(self) -> Option<&'a [u8]> {
        None
    }
}

fn ok_literal(l: &Literal) -> Result<&Literal, Error> {
    Ok(l)
}

fn ok_entry<'a>((k, v): (&'a String, &'a Literal)) -> Result<(&'a str, &'a Literal), Error> {
    Ok((k.as_str(), v))
}

/// A literal's primitive value.
fn primitive_form(p: &primitive::Value) -> Primitive<'_> {
    match p {
        primitive::Value::Integer(i) => Primitive::Integer(*i),
        primitive::Value::FloatValue(f) => Primitive::Float(*f),
        primitive::Value::StringValue(s) => Primitive::String(s),
        primitive::Value::Boolean(b) => Primitive::Boolean(*b),
        primitive::Value::Datetime(t) => Primitive::Datetime(t.seconds, t.nanos),
        primitive::Value::Duration(d) => Primitive::Duration(d.seconds, d.nanos),
    }
}

type TreeItems<'a> =
    std::iter::Map<std::slice::Iter<'a, Literal>, fn(&'a Literal) -> Result<&'a Literal, Error>>;
type TreeEntries<'a> = std::iter::Map<
    std::collections::btree_map::Iter<'a, String, Literal>,
    fn((&'a String, &'a Literal)) -> Result<(&'a str, &'a Literal), Error>,
>;

impl<'a> LiteralSource<'a> for &'a Literal {
    type Items = TreeItems<'a>;
    type Entries = TreeEntries<'a>;

    #[inline]
    fn form(self) -> Result<Form<'a, Self>, Error> {
        Ok(match &self.value {
            None => Form::Empty,
            Some(literal::Value::Collection(c)) => {
                Form::Collection(c.literals.iter().map(ok_literal as _))
            }
            Some(literal::Value::Map(m)) => Form::Map(m.literals.iter().map(ok_entry as _)),
            Some(literal::Value::OffloadedMetadata(_)) => Form::Offloaded,
            Some(literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::Primitive(p)) => match &p.value {
                    Some(v) => Form::Primitive(primitive_form(v)),
                    None => Form::OtherScalar,
                },
                Some(scalar::Value::NoneType(_)) => Form::None,
                Some(scalar::Value::Union(u)) => Form::Union {
                    value: u.value.as_deref(),
                    ty: u.r#type.as_ref().map(UnionType::Tree),
                },
                Some(scalar::Value::Binary(b)) => Form::Binary {
                    value: &b.value,
                    tag: &b.tag,
                },
                _ => Form::OtherScalar,
            },
        })
    }

    fn tree(self) -> Result<Cow<'a, Literal>, Error> {
        Ok(Cow::Borrowed(self))
    }
}

/// Messages nested deeper than this are refused, as prost's decoder refuses them.
const MAX_DEPTH: u32 = 100;

/// A serialized `Literal`, read in place.
#[derive(Debug, Clone, Copy)]
pub struct LiteralBytes<'a> {
    /// The literal's bytes.
    lit: &'a [u8],
    /// The address of the input's first byte: errors give offsets in the input, the
    /// distance from it (computed only for an error).
    base: usize,
    /// Messages around this one.
    depth: u32,
    /// Set when a message field the read looks at appears twice (protobuf merges them).
    repeated: &'a Cell<bool>,
}

/// `T` read from a serialized `Literal` in place; the tree read where the bytes hold a
/// repeated message field (see the module's documentation).
#[inline(always)]
pub(crate) fn read_bytes<T: super::FlyteType>(bytes: &[u8]) -> Result<T, Error> {
    let repeated = Cell::new(false);
    let read = T::read_literal(LiteralBytes {
        lit: bytes,
        base: bytes.as_ptr() as usize,
        depth: 0,
        repeated: &repeated,
    });
    if !repeated.get() {
        return read;
    }
    let lit =
        <Literal as prost::Message>::decode(bytes).map_err(|e| Error::protobuf(LITERAL, e))?;
    T::from_literal(&lit)
}

impl<'a> LiteralBytes<'a> {
    /// Where the literal starts in the input.
    fn offset(self) -> usize {
        self.lit.as_ptr() as usize - self.base
    }

    /// The literal in field `f` of `fields`, `levels` messages below this one.
    #[inline(always)]
    fn at(self, fields: &Fields<'a>, f: Field, levels: u32) -> Self {
        Self {
            lit: &fields.buf[f.body..f.end],
            depth: self.depth + levels,
            ..self
        }
    }

    /// The fields of the message in field `f` of `outer`.
    fn inner(outer: &Fields<'a>, f: Field, message: &'static str) -> Fields<'a> {
        Fields {
            buf: &outer.buf[f.body..f.end],
            pos: 0,
            offset: outer.offset + f.body,
            message,
        }
    }

    /// Notes a message field `f` that replaces an earlier occurrence `prev` of itself.
    #[inline(always)]
    fn once(self, prev: Option<Field>, f: Field) {
        if prev.is_some_and(|p| p.number == f.number) {
            self.repeated.set(true);
        }
    }

    fn scalar(self, outer: &Fields<'a>, scalar: Field) -> Result<Form<'a, Self>, Error> {
        let mut fields = Self::inner(outer, scalar, "flyteidl2.core.Scalar");
        let mut value = None;
        while let Some(f) = fields.next_field()? {
            if (1..=9).contains(&f.number) {
                fields.expect(f, LEN)?;
                self.once(value, f);
                value = Some(f);
            }
        }
        let Some(f) = value else {
            return Ok(Form::OtherScalar);
        };
        Ok(match f.number {
            1 => match self.primitive(&fields, f)? {
                Some(p) => Form::Primitive(p),
                None => Form::OtherScalar,
            },
            3 => self.binary(&fields, f)?,
            5 => Form::None,
            9 => self.union(&fields, f)?,
            _ => Form::OtherScalar,
        })
    }

    fn primitive(
        self,
        outer: &Fields<'a>,
        primitive: Field,
    ) -> Result<Option<Primitive<'a>>, Error> {
        let mut fields = Self::inner(outer, primitive, "flyteidl2.core.Primitive");
        let mut value = None;
        let mut last = None;
        while let Some(f) = fields.next_field()? {
            if (1..=6).contains(&f.number) {
                if matches!(f.number, 5 | 6) {
                    self.once(last, f);
                }
                last = Some(f);
            }
            value = match f.number {
                1 => Some(Primitive::Integer(fields.varint(f)? as i64)),
                2 => {
                    fields.expect(f, FIXED64)?;
                    let b: [u8; 8] = fields.buf[f.body..f.end].try_into().unwrap_or_default();
                    Some(Primitive::Float(f64::from_le_bytes(b)))
                }
                3 => Some(Primitive::String(fields.string(f)?)),
                // prost reads any non-zero varint as true.
                4 => Some(Primitive::Boolean(fields.varint(f)? != 0)),
                5 => {
                    let (s, n) = seconds_nanos(&fields, f, "google.protobuf.Timestamp")?;
                    Some(Primitive::Datetime(s, n))
                }
                6 => {
                    let (s, n) = seconds_nanos(&fields, f, "google.protobuf.Duration")?;
                    Some(Primitive::Duration(s, n))
                }
                _ => continue,
            };
        }
        Ok(value)
    }

    fn binary(self, outer: &Fields<'a>, binary: Field) -> Result<Form<'a, Self>, Error> {
        let mut fields = Self::inner(outer, binary, "flyteidl2.core.Binary");
        let (mut value, mut tag): (&[u8], &str) = (&[], "");
        while let Some(f) = fields.next_field()? {
            match f.number {
                1 => {
                    fields.expect(f, LEN)?;
                    value = &fields.buf[f.body..f.end];
                }
                2 => tag = fields.string(f)?,
                _ => {}
            }
        }
        Ok(Form::Binary { value, tag })
    }

    fn union(self, outer: &Fields<'a>, union: Field) -> Result<Form<'a, Self>, Error> {
        let mut fields = Self::inner(outer, union, "flyteidl2.core.Union");
        let (mut value, mut ty) = (None, None);
        let (mut seen_value, mut seen_ty) = (None, None);
        while let Some(f) = fields.next_field()? {
            match f.number {
                1 => {
                    fields.expect(f, LEN)?;
                    self.once(seen_value.replace(f), f);
                    value = Some(self.at(&fields, f, 3));
                }
                2 => {
                    fields.expect(f, LEN)?;
                    self.once(seen_ty.replace(f), f);
                    ty = Some(UnionType::Bytes(&fields.buf[f.body..f.end]));
                }
                _ => {}
            }
        }
        Ok(Form::Union { value, ty })
    }
}

/// A Timestamp's or Duration's `seconds` (1) and `nanos` (2), in field `f` of `outer`.
fn seconds_nanos(outer: &Fields<'_>, f: Field, message: &'static str) -> Result<(i64, i32), Error> {
    outer.expect(f, LEN)?;
    let mut fields = LiteralBytes::inner(outer, f, message);
    let (mut seconds, mut nanos) = (0, 0);
    while let Some(f) = fields.next_field()? {
        match f.number {
            1 => seconds = fields.varint(f)? as i64,
            // prost reads an int32 from the low 32 bits of the varint.
            2 => nanos = fields.varint(f)? as i32,
            _ => {}
        }
    }
    Ok((seconds, nanos))
}

impl<'a> LiteralSource<'a> for LiteralBytes<'a> {
    type Items = Items<'a>;
    type Entries = Entries<'a>;

    #[inline(never)]
    fn form(self) -> Result<Form<'a, Self>, Error> {
        if self.depth > MAX_DEPTH {
            return Err(Error::wire(
                LITERAL.into(),
                self.offset(),
                WireErrorKind::DepthLimit {
                    limit: MAX_DEPTH as usize,
                },
            ));
        }
        let mut fields = Fields {
            buf: self.lit,
            pos: 0,
            offset: self.offset(),
            message: LITERAL,
        };
        let mut value = None;
        while let Some(f) = fields.next_field()? {
            match f.number {
                1 | 2 | 3 | 8 => {
                    fields.expect(f, LEN)?;
                    self.once(value, f);
                    value = Some(f);
                }
                4 | 5 | 9 => fields.expect(f, LEN)?,
                _ => {}
            }
        }
        let Some(f) = value else {
            return Ok(Form::Empty);
        };
        Ok(match f.number {
            1 => self.scalar(&fields, f)?,
            2 => Form::Collection(Items::new(
                Self::inner(&fields, f, "flyteidl2.core.LiteralCollection"),
                self,
            )),
            3 => Form::Map(Entries {
                fields: Self::inner(&fields, f, "flyteidl2.core.LiteralMap"),
                parent: self,
            }),
            _ => Form::Offloaded,
        })
    }

    /// `0a L-2 0a L-4 <tag> …` (L < 128): what the SDK writes for an integer, a float, a short
    /// string or a boolean.
    #[inline(always)]
    fn canonical_primitive_field(self, tag: u8) -> Option<&'a [u8]> {
        let lit = self.lit;
        let n = lit.len();
        ((6..0x80).contains(&n) && lit[..5] == [0x0a, n as u8 - 2, 0x0a, n as u8 - 4, tag])
            .then(|| &lit[5..])
    }

    /// `0a scalar{1a binary{0a value, 12 07 "msgpack"}}`, lengths of any size.
    #[inline(always)]
    fn canonical_msgpack(self) -> Option<&'a [u8]> {
        let scalar = whole_field(self.lit, 0x0a)?;
        let binary = whole_field(scalar, 0x1a)?;
        let mut p = Pb::new(binary);
        let value = if binary.first() == Some(&0x0a) {
            p.skip(1);
            let len = usize::try_from(p.varint()?).ok()?;
            p.take(len)?
        } else {
            &[]
        };
        (p.rest() == crate::wire::raw::MSGPACK_TAG).then_some(value)
    }

    fn tree(self) -> Result<Cow<'a, Literal>, Error> {
        <Literal as prost::Message>::decode(self.lit)
            .map(Cow::Owned)
            .map_err(|e| Error::protobuf(LITERAL, e))
    }
}

/// The literals of a serialized collection.
#[derive(Debug)]
pub struct Items<'a> {
    /// The collection's bytes not read yet.
    rest: &'a [u8],
    /// What each item shares: its depth and the repeated-field flag.
    item: LiteralBytes<'a>,
}

impl<'a> Items<'a> {
    fn new(fields: Fields<'a>, parent: LiteralBytes<'a>) -> Self {
        Self {
            rest: fields.buf,
            item: LiteralBytes {
                depth: parent.depth + 2,
                ..parent
            },
        }
    }

    /// The next literal of `rest` in any layout, and the bytes after it. Takes and gives
    /// values, not `&mut self`: the iterator then stays in registers in the caller's loop.
    #[inline(never)]
    fn next_general(
        rest: &'a [u8],
        item: LiteralBytes<'a>,
    ) -> (Option<Result<LiteralBytes<'a>, Error>>, &'a [u8]) {
        let mut fields = Fields {
            buf: rest,
            pos: 0,
            offset: rest.as_ptr() as usize - item.base,
            message: "flyteidl2.core.LiteralCollection",
        };
        let next = fields.next_numbered(1).transpose().map(|f| {
            f.and_then(|f| {
                fields.expect(f, LEN)?;
                Ok(LiteralBytes {
                    lit: &fields.buf[f.body..f.end],
                    ..item
                })
            })
        });
        (next, &fields.buf[fields.pos..])
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = Result<LiteralBytes<'a>, Error>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        // `0a L <literal>` with L < 128: every item of a list of numbers or short strings.
        if let [0x0a, len, tail @ ..] = self.rest
            && *len < 0x80
            && tail.len() >= usize::from(*len)
        {
            let (lit, rest) = tail.split_at(usize::from(*len));
            self.rest = rest;
            return Some(Ok(LiteralBytes { lit, ..self.item }));
        }
        if self.rest.is_empty() {
            return None;
        }
        let (next, rest) = Self::next_general(self.rest, self.item);
        self.rest = rest;
        next
    }
}

/// The entries of a serialized map, in wire order.
#[derive(Debug)]
pub struct Entries<'a> {
    fields: Fields<'a>,
    /// The literal holding the map.
    parent: LiteralBytes<'a>,
}

impl<'a> Entries<'a> {
    fn entry(&self, f: Field) -> Result<(&'a str, LiteralBytes<'a>), Error> {
        self.fields.expect(f, LEN)?;
        let mut fields =
            LiteralBytes::inner(&self.fields, f, "flyteidl2.core.LiteralMap.LiteralsEntry");
        // A missing key is "", a missing value the empty literal, as protobuf reads them.
        let empty = Field { body: f.end, ..f };
        let (mut key, mut value) = ("", self.parent.at(&self.fields, empty, 3));
        let mut seen_value = None;
        while let Some(f) = fields.next_field()? {
            match f.number {
                1 => key = fields.string(f)?,
                2 => {
                    fields.expect(f, LEN)?;
                    self.parent.once(seen_value.replace(f), f);
                    value = self.parent.at(&fields, f, 3);
                }
                _ => {}
            }
        }
        Ok((key, value))
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<(&'a str, LiteralBytes<'a>), Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // `0a L [0a K <key> 12 V <literal>]`, all lengths < 128: the SDK's entries with short
        // keys and values.
        let (buf, pos) = (self.fields.buf, self.fields.pos);
        if let Some(&[0x0a, len, 0x0a, klen]) = buf.get(pos..pos + 4)
            && len < 0x80
            && klen < 0x80
        {
            let entry_end = pos + 2 + usize::from(len);
            let value_tag = pos + 4 + usize::from(klen);
            if entry_end <= buf.len()
                && let Some(&[0x12, vlen]) = buf.get(value_tag..value_tag + 2)
                && value_tag + 2 + usize::from(vlen) == entry_end
                && let Ok(key) = std::str::from_utf8(&buf[pos + 4..value_tag])
            {
                self.fields.pos = entry_end;
                let value = LiteralBytes {
                    lit: &buf[value_tag + 2..entry_end],
                    depth: self.parent.depth + 3,
                    ..self.parent
                };
                return Some(Ok((key, value)));
            }
        }
        let f = self.fields.next_numbered(1).transpose()?;
        Some(f.and_then(|f| self.entry(f)))
    }
}

/// The body of `bytes` when they are exactly one length-delimited field with one-byte tag `tag`.
#[inline(always)]
fn whole_field(bytes: &[u8], tag: u8) -> Option<&[u8]> {
    let mut p = Pb::new(bytes.strip_prefix(&[tag])?);
    let len = usize::try_from(p.varint()?).ok()?;
    (p.rest().len() == len).then_some(p.rest())
}

/// One field of a message: its number, wire type and extent in the message's bytes.
#[derive(Debug, Clone, Copy)]
struct Field {
    number: u32,
    wire: u8,
    start: usize,
    body: usize,
    end: usize,
}

/// The fields of one message, in wire order.
#[derive(Debug)]
struct Fields<'a> {
    /// The message's bytes.
    buf: &'a [u8],
    pos: usize,
    /// Where `buf` starts in the input.
    offset: usize,
    /// The message's full name, for errors.
    message: &'static str,
}

/// Groups nested deeper than this inside a skipped field are refused.
const MAX_GROUP_DEPTH: usize = 100;

impl<'a> Fields<'a> {
    #[inline(always)]
    fn next_field(&mut self) -> Result<Option<Field>, Error> {
        let pos = self.pos;
        if pos >= self.buf.len() {
            return Ok(None);
        }
        // A length-delimited field with a one-byte tag and a one-byte length: most of them.
        if let [tag, len, ..] = self.buf[pos..]
            && tag < 0x80
            && tag & 7 == LEN
            && tag >= 8
            && len < 0x80
            && pos + 2 + usize::from(len) <= self.buf.len()
        {
            let body = pos + 2;
            self.pos = body + usize::from(len);
            return Ok(Some(Field {
                number: u32::from(tag >> 3),
                wire: LEN,
                start: pos,
                body,
                end: self.pos,
            }));
        }
        match scan::read_field(self.buf, pos, self.buf.len(), MAX_GROUP_DEPTH) {
            Ok(f) => {
                self.pos = f.end;
                Ok(Some(Field {
                    number: f.number,
                    wire: f.wire,
                    start: f.start,
                    body: f.body,
                    end: f.end,
                }))
            }
            Err(e) => {
                self.pos = self.buf.len();
                Err(self.error(e.offset, e.kind))
            }
        }
    }

    /// An error at `pos` in this message.
    fn error(&self, pos: usize, kind: WireErrorKind) -> Error {
        Error::wire(self.message.into(), self.offset + pos, kind)
    }

    /// The next field numbered `number`, the others skipped.
    #[inline(always)]
    fn next_numbered(&mut self, number: u32) -> Result<Option<Field>, Error> {
        while let Some(f) = self.next_field()? {
            if f.number == number {
                return Ok(Some(f));
            }
        }
        Ok(None)
    }

    /// `f` has wire type `wire`, or the error says which it has.
    #[inline(always)]
    fn expect(&self, f: Field, wire: u8) -> Result<(), Error> {
        if f.wire == wire {
            return Ok(());
        }
        Err(self.error(
            f.start,
            WireErrorKind::WireTypeMismatch {
                field: f.number,
                expected: wire,
                found: f.wire,
            },
        ))
    }

    /// A varint field's value.
    #[inline(always)]
    fn varint(&self, f: Field) -> Result<u64, Error> {
        self.expect(f, VARINT)?;
        match self.buf[f.body] {
            b if b < 0x80 => Ok(u64::from(b)),
            _ => scan::read_varint(self.buf, f.body, f.end)
                .map(|(v, _)| v)
                .map_err(|e| self.error(e.offset, e.kind)),
        }
    }

    /// A string field's value: UTF-8, as protobuf requires.
    #[inline(always)]
    fn string(&self, f: Field) -> Result<&'a str, Error> {
        self.expect(f, LEN)?;
        std::str::from_utf8(&self.buf[f.body..f.end])
            .map_err(|_| self.error(f.body, WireErrorKind::InvalidUtf8 { field: f.number }))
    }
}

/// The primitive of a literal, looking through union wrappers (an `Optional[int]` output read
/// as `i64`); `None` for any other literal.
///
/// # Errors
///
/// Bytes that do not read as a literal on the way.
pub fn primitive<'a, R: LiteralSource<'a>>(r: R) -> Result<Option<Primitive<'a>>, Error> {
    Ok(match under_unions(r)? {
        Form::Primitive(p) => Some(p),
        _ => None,
    })
}

/// The form under a literal's union wrappers: the first that is not a union with a value.
fn under_unions<'a, R: LiteralSource<'a>>(mut r: R) -> Result<Form<'a, R>, Error> {
    loop {
        match r.form()? {
            Form::Union { value: Some(v), .. } => r = v,
            form => return Ok(form),
        }
    }
}

/// The integer of a literal in the canonical layout; `None`: ask [`primitive`].
#[inline(always)]
pub(crate) fn canonical_integer<'a, R: LiteralSource<'a>>(r: R) -> Option<i64> {
    let mut p = Pb::new(r.canonical_primitive_field(0x08)?);
    let v = p.varint()?;
    p.is_empty().then_some(v as i64)
}

/// The float of a literal in the canonical layout; `None`: ask [`primitive`].
#[inline(always)]
pub(crate) fn canonical_float<'a, R: LiteralSource<'a>>(r: R) -> Option<f64> {
    let b = r.canonical_primitive_field(0x11)?;
    Some(f64::from_le_bytes(b.try_into().ok()?))
}

/// The string of a literal in the canonical layout (shorter than 124 bytes); `None`: ask
/// [`primitive`].
#[inline(always)]
pub(crate) fn canonical_string<'a, R: LiteralSource<'a>>(r: R) -> Option<&'a str> {
    let (&len, text) = r.canonical_primitive_field(0x1a)?.split_first()?;
    if usize::from(len) != text.len() {
        return None;
    }
    std::str::from_utf8(text).ok()
}

/// Whether the literal is `None`, looking through union wrappers.
///
/// # Errors
///
/// Bytes that do not read as a literal on the way.
#[inline]
pub fn is_none<'a, R: LiteralSource<'a>>(r: R) -> Result<bool, Error> {
    Ok(matches!(under_unions(r)?, Form::None))
}

/// What the literal is, for a mismatch error: its primitive value, or its kind.
pub fn describe<'a, R: LiteralSource<'a>>(r: R) -> String {
    match primitive(r) {
        Ok(Some(Primitive::Integer(i))) => format!("integer {i}"),
        Ok(Some(Primitive::Float(f))) => format!("float {f}"),
        Ok(Some(Primitive::String(s))) => format!("string {s:?}"),
        Ok(Some(Primitive::Boolean(b))) => format!("boolean {b}"),
        Ok(Some(Primitive::Datetime(..))) => "a datetime".into(),
        Ok(Some(Primitive::Duration(..))) => "a duration".into(),
        _ => match r.form() {
            Ok(Form::Collection(_)) => "a collection".into(),
            Ok(Form::Map(_)) => "a map".into(),
            Ok(Form::Offloaded) => "an offloaded literal".into(),
            Ok(Form::Empty) => "an empty literal".into(),
            Ok(_) => "a non-primitive scalar".into(),
            Err(e) => e.to_string(),
        },
    }
}

/// The msgpack bytes of a struct literal (also inside union wrappers).
///
/// # Errors
///
/// Any other literal.
#[inline(always)]
pub fn literal_msgpack<'a, R: LiteralSource<'a>>(r: R) -> Result<&'a [u8], Error> {
    match r.canonical_msgpack() {
        Some(m) => Ok(m),
        None => msgpack_of_form(r),
    }
}

#[inline(never)]
fn msgpack_of_form<'a, R: LiteralSource<'a>>(r: R) -> Result<&'a [u8], Error> {
    const EXPECTED: &str = "a msgpack binary";
    match under_unions(r)? {
        Form::Binary {
            value,
            tag: "msgpack",
        } => Ok(value),
        Form::Union { value: None, .. } => Err(Error::mismatch(EXPECTED, "an empty union")),
        Form::Collection(_) | Form::Map(_) | Form::Offloaded | Form::Empty => {
            Err(Error::mismatch(EXPECTED, "a non-scalar literal"))
        }
        _ => Err(Error::mismatch(EXPECTED, "another scalar")),
    }
}
