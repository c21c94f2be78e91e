//! Each type's one `write_literal` into its sinks, and the reads, on every family of the typed
//! API: the bytes `write_literal_bytes` gives are `wire::encode_canonical(&to_literal())`, byte
//! for byte (and the same error where there is one), they read back to the value itself, and
//! `read_literal_bytes` gives what prost decoding + `from_literal` gives, on canonical bytes and
//! on truncated, mutated and random ones (the same value, or the same error, never a panic).

use chrono::{DateTime, TimeDelta, Utc};
use flyte_types::__private::MsgReader;
use flyte_types::engine::{FlyteType, StructField, StructStyle};
use flyte_types::idl::core::Literal;
use flyte_types::msgpack::write::{MsgCounter, MsgWriter};
use flyte_types::msgpack::{self, Msg};
use flyte_types::wire;
use flyte_types::{Error, ErrorKind};
use proptest::prelude::*;
use prost::Message;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

#[derive(Debug, Clone, PartialEq, FlyteType)]
enum Color {
    #[flyte(value = "red")]
    Red,
    #[flyte(value = "green")]
    Green,
    Blue,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
enum Numbered {
    #[flyte(value = 1)]
    One,
    #[flyte(value = 2)]
    Two,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
struct Inner {
    x: i64,
    y: f64,
    label: String,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
struct Rec {
    id: i64,
    small: u32,
    score: f64,
    name: String,
    active: bool,
    values: Vec<u32>,
    tags: BTreeMap<String, i64>,
    hashed: HashMap<String, String>,
    inner: Inner,
    inners: Vec<Inner>,
    maybe: Option<Inner>,
    note: Option<String>,
    created: DateTime<Utc>,
    color: Color,
    numbered: Numbered,
    took: TimeDelta,
    #[flyte(rename = "a much longer field name than thirty-one bytes")]
    long_name: i32,
}

#[derive(Debug, Clone, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PRec {
    id: i64,
    inner: Inner,
    color: Color,
    note: Option<String>,
    created: DateTime<Utc>,
}

fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("NaN != NaN", |f| !f.is_nan())
}

fn datetime() -> impl Strategy<Value = DateTime<Utc>> {
    (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000_000)
        .prop_map(|(s, ns)| DateTime::<Utc>::from_timestamp(s, ns).unwrap())
}

/// A datetime of whole microseconds: what Python's datetimes (and the text in a struct) hold.
fn micros_datetime() -> impl Strategy<Value = DateTime<Utc>> {
    (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000)
        .prop_map(|(s, us)| DateTime::<Utc>::from_timestamp(s, us * 1000).unwrap())
}

fn key() -> impl Strategy<Value = String> {
    // Small alphabet: many keys are prefixes of others (upb's order differs from bytewise).
    prop_oneof!["[ab]{0,3}", ".{0,5}"]
}

fn inner() -> impl Strategy<Value = Inner> {
    (any::<i64>(), finite(), ".{0,20}").prop_map(|(x, y, label)| Inner { x, y, label })
}

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![Just(Color::Red), Just(Color::Green), Just(Color::Blue)]
}

fn rec() -> impl Strategy<Value = Rec> {
    (
        (
            any::<i64>(),
            any::<u32>(),
            finite(),
            ".{0,40}",
            any::<bool>(),
        ),
        (
            prop::collection::vec(any::<u32>(), 0..20),
            prop::collection::btree_map(key(), any::<i64>(), 0..6),
            prop::collection::hash_map(key(), ".{0,4}", 0..4),
        ),
        (
            inner(),
            prop::collection::vec(inner(), 0..3),
            prop::option::of(inner()),
            prop::option::of(".{0,8}"),
        ),
        (
            micros_datetime(),
            color(),
            prop_oneof![Just(Numbered::One), Just(Numbered::Two)],
            (-1_000_000_000_000i64..1_000_000_000_000).prop_map(TimeDelta::microseconds),
            any::<i32>(),
        ),
    )
        .prop_map(
            |(
                (id, small, score, name, active),
                (values, tags, hashed),
                (inner, inners, maybe, note),
                (created, color, numbered, took, long_name),
            )| Rec {
                id,
                small,
                score,
                name,
                active,
                values,
                tags,
                hashed,
                inner,
                inners,
                maybe,
                note,
                created,
                color,
                numbered,
                took,
                long_name,
            },
        )
}

fn prec() -> impl Strategy<Value = PRec> {
    (
        any::<i64>(),
        inner(),
        color(),
        prop::option::of(".{0,8}"),
        micros_datetime(),
    )
        .prop_map(|(id, inner, color, note, created)| PRec {
            id,
            inner,
            color,
            note,
            created,
        })
}

/// The tree path's read: prost, then `from_literal`.
fn tree_read<T: FlyteType>(bytes: &[u8]) -> Result<T, Error> {
    let lit = Literal::decode(bytes).map_err(|e| {
        Error::new(ErrorKind::Protobuf {
            message: "flyteidl2.core.Literal",
        })
        .with_source(e)
    })?;
    T::from_literal(&lit)
}

/// Two values are the same when the tree path writes the same bytes for them (NaN payloads and
/// `HashMap` orders included).
fn same<T: FlyteType + Debug>(a: &T, b: &T) -> Result<(), TestCaseError> {
    let bytes = |v: &T| {
        v.to_literal()
            .map(|l| wire::encode_canonical(&l))
            .map_err(|e| e.to_string())
    };
    prop_assert_eq!(bytes(a), bytes(b), "{:?} vs {:?}", a, b);
    Ok(())
}

/// The bytes reader against the tree read of the same bytes: where both read a value it is the
/// same value. (Where prost refuses bytes the bytes reader may still read them: it skips the
/// fields the read never looks at without decoding them; see `engine::LiteralBytes`.)
fn same_read<T: FlyteType + Debug>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let tree = tree_read::<T>(bytes);
    let direct = T::read_literal_bytes(bytes);
    match (&tree, &direct) {
        (Ok(a), Ok(b)) => same(a, b)?,
        (Ok(a), Err(e)) => prop_assert!(false, "the tree reads {a:?}, the bytes reader: {e}"),
        _ => {}
    }
    Ok(())
}

/// The whole check for one value: identical bytes, read back to the value itself, and the
/// same reads of them, of every truncation and of mutations at `flips`.
fn check<T: FlyteType + Debug + PartialEq>(
    v: &T,
    flips: &[(usize, u8)],
) -> Result<(), TestCaseError> {
    if let Ok(bytes) = v.to_literal_bytes() {
        prop_assert_eq!(&T::read_literal_bytes(&bytes).unwrap(), v);
        prop_assert_eq!(&T::from_literal(&v.to_literal().unwrap()).unwrap(), v);
    }
    check_with(v, flips)
}

/// [`check`] without the round trip to the value itself: for a union inside a union
/// (`Some(None)` reads as `None`, as the SDK reads it) and values with NaN.
fn check_with<T: FlyteType + Debug>(v: &T, flips: &[(usize, u8)]) -> Result<(), TestCaseError> {
    let tree = v.to_literal().map(|l| wire::encode_canonical(&l));
    let direct = v.to_literal_bytes();
    let bytes = match (tree, direct) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(&b, &a, "direct bytes differ from the tree's for {:?}", v);
            b
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(a.to_string(), b.to_string());
            return Ok(());
        }
        (a, b) => {
            prop_assert!(false, "tree {a:?} vs direct {b:?}");
            unreachable!()
        }
    };
    prop_assert!(
        T::read_literal_bytes(&bytes).is_ok(),
        "the bytes reader refuses canonical bytes of {:?}",
        v
    );
    same_read::<T>(&bytes)?;
    let step = (bytes.len() / 64).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        same_read::<T>(&bytes[..cut])?;
    }
    for &(pos, x) in flips {
        if !bytes.is_empty() {
            let mut m = bytes.clone();
            m[pos % bytes.len()] ^= x;
            same_read::<T>(&m)?;
        }
    }
    Ok(())
}

fn flips() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((any::<usize>(), 1u8..), 0..24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn scalars(i in any::<i64>(), u in any::<u64>(), s in any::<i8>(), f in any::<f64>(), g in any::<f32>(),
               b in any::<bool>(), text in ".{0,200}", t in datetime(), fl in flips()) {
        check(&i, &fl)?;
        check(&u, &fl)?; // above i64::MAX: the same error both ways
        check(&s, &fl)?;
        check_with(&f, &fl)?;
        check_with(&g, &fl)?;
        if !f.is_nan() {
            check(&f, &fl)?;
        }
        check(&b, &fl)?;
        check(&text, &fl)?;
        check(&(), &fl)?;
        check(&t, &fl)?;
        check(&Color::Green, &fl)?;
        check(&Numbered::Two, &fl)?;
    }

    #[test]
    fn lists(ints in prop::collection::vec(any::<i64>(), 0..300), strs in prop::collection::vec(".{0,20}", 0..40),
             nested in prop::collection::vec(prop::collection::vec(any::<i32>(), 0..4), 0..6),
             bools in prop::collection::vec(any::<bool>(), 0..10), fl in flips()) {
        check(&ints, &fl)?;
        check(&strs, &fl)?;
        check(&nested, &fl)?;
        check(&bools, &fl)?;
        let wide: Vec<u64> = ints.iter().map(|&i| i as u64).collect();
        check(&wide, &fl)?;
        let narrow: Vec<i16> = ints.iter().map(|&i| i as i16).collect();
        check(&narrow, &fl)?;
    }

    #[test]
    fn maps(m in prop::collection::btree_map(key(), finite(), 0..30),
            h in prop::collection::hash_map(key(), ".{0,6}", 0..30),
            deep in prop::collection::btree_map(key(), prop::collection::vec(prop::option::of(".{0,3}"), 0..3), 0..6),
            fl in flips()) {
        check(&m, &fl)?;
        check(&h, &fl)?;
        check(&deep, &fl)?;
        let hm: HashMap<String, f64> = m.clone().into_iter().collect();
        check(&hm, &fl)?;
        let of_maps: Vec<BTreeMap<String, f64>> = vec![m.clone(), BTreeMap::new(), m];
        check(&of_maps, &fl)?;
    }

    #[test]
    fn options(i in prop::option::of(any::<i64>()), s in prop::option::of(".{0,10}"),
               nested in prop::option::of(prop::option::of(any::<i32>())),
               list in prop::collection::vec(prop::option::of(any::<i64>()), 0..5), fl in flips()) {
        check(&i, &fl)?;
        check(&s, &fl)?;
        check_with(&nested, &fl)?;
        check(&list, &fl)?;
        check(&Some(list.clone()), &fl)?;
    }

    #[test]
    fn structs(r in rec(), p in prec(), more in prop::collection::vec(rec(), 0..3), fl in flips()) {
        check(&r, &fl)?;
        check(&p, &fl)?;
        check(&more, &fl)?;
        check(&Some(r.clone()), &fl)?;
        check(&BTreeMap::from([("k".to_string(), r.clone())]), &fl)?;
        let hm: HashMap<String, PRec> = HashMap::from([("a".into(), p.clone()), ("ab".into(), p.clone()), ("".into(), p)]);
        check(&hm, &fl)?;
        check(&vec![Some(r), None], &fl)?;
    }

    /// A struct's one `write`, into each sink: the counter's size is the byte writer's length,
    /// the tree builder's `Msg` encodes to the same bytes, and `read` gives the value back.
    #[test]
    fn struct_sinks_agree_and_read_back(r in rec(), p in prec()) {
        // Python's datetimes hold whole microseconds: so do the texts both styles write.
        let micros = |t: DateTime<Utc>| DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap();
        let (mut r, mut p) = (r, p);
        r.created = micros(r.created);
        sinks_agree_and_read_back(&r, StructStyle::Dataclass)?;
        p.created = micros(p.created);
        sinks_agree_and_read_back(&p, StructStyle::Pydantic)?;
        sinks_agree_and_read_back(&vec![r.inner.clone(); 3], StructStyle::Dataclass)?;
    }

    #[test]
    fn random_bytes_read_as_the_tree_reads_them(b in prop::collection::vec(any::<u8>(), 0..64)) {
        same_read::<i64>(&b)?;
        same_read::<String>(&b)?;
        same_read::<Vec<i64>>(&b)?;
        same_read::<BTreeMap<String, f64>>(&b)?;
        same_read::<Option<String>>(&b)?;
        same_read::<Inner>(&b)?;
    }
}

fn sinks_agree_and_read_back<T: StructField + PartialEq + Debug>(
    v: &T,
    style: StructStyle,
) -> Result<(), TestCaseError> {
    let mut counter = MsgCounter::default();
    v.write(style, &mut counter).unwrap();
    let mut bytes = vec![0xee];
    v.write(style, &mut MsgWriter::new(&mut bytes)).unwrap();
    prop_assert_eq!(counter.len, bytes.len() - 1);
    prop_assert_eq!(
        &msgpack::to_vec(&v.to_msg(style).unwrap()).unwrap(),
        &bytes[1..]
    );
    let mut r = MsgReader::new(&bytes[1..]);
    prop_assert_eq!(&T::read(&mut r).unwrap(), v);
    prop_assert!(r.is_done());
    Ok(())
}

/// The one reader takes every form the SDK's readers take: fields in any order, a key it does
/// not know (skipped, whatever its shape), a key written twice (the last one), an int for a
/// float, a missing field with a default; its errors follow the SDK's order: a refused key
/// first, then the fields in declared order, each by its last occurrence.
#[test]
fn struct_reads_are_as_tolerant_as_the_sdk() {
    #[derive(Debug, PartialEq, FlyteType)]
    struct Point {
        x: f64,
        #[flyte(default)]
        y: i64,
        label: String,
    }
    #[derive(Debug, PartialEq, FlyteType)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        a: i64,
        b: i64,
    }
    fn s(t: &str) -> Msg {
        Msg::Str(t.into())
    }
    let doc = Msg::Map(vec![
        (s("label"), s("first")),
        (
            s("extra"),
            Msg::Array(vec![Msg::Map(vec![(s("k"), Msg::Nil)])]),
        ),
        (Msg::Int(7), Msg::Bool(true)),
        (s("x"), Msg::Int(3)),
        (s("label"), s("last")),
    ]);
    assert_eq!(
        Point::from_msg(&doc).unwrap(),
        Point {
            x: 3.0,
            y: 0,
            label: "last".into()
        }
    );
    // The bad first `x` is overwritten; `y`'s bad value comes before the missing `label`
    // (declared order), wherever they sit on the wire.
    let doc = Msg::Map(vec![
        (s("y"), s("no")),
        (s("x"), s("bad")),
        (s("x"), Msg::F64(1.5)),
    ]);
    let err = Point::from_msg(&doc).unwrap_err();
    assert_eq!(err.path_string(), "y");
    assert!(
        matches!(err.kind(), ErrorKind::Mismatch { expected, found } if expected == "an integer" && found == "str")
    );
    let doc = Msg::Map(vec![(s("x"), Msg::F64(1.5)), (s("y"), Msg::Int(2))]);
    assert!(
        matches!(Point::from_msg(&doc).unwrap_err().kind(), ErrorKind::MissingField(f) if f == "label")
    );
    // A refused key comes before any field's error.
    let doc = Msg::Map(vec![
        (s("a"), s("bad")),
        (s("c"), Msg::Int(1)),
        (s("b"), Msg::Int(2)),
    ]);
    assert!(
        matches!(Strict::from_msg(&doc).unwrap_err().kind(), ErrorKind::UnknownField(f) if f == "c")
    );
    let doc = Msg::Map(vec![(s("b"), Msg::Int(2)), (s("a"), Msg::Int(1))]);
    assert_eq!(Strict::from_msg(&doc).unwrap(), Strict { a: 1, b: 2 });
    // Bytes that are not msgpack give the tree decoder's error, whatever came before.
    let mut bytes =
        msgpack::to_vec(&Msg::Map(vec![(s("a"), s("bad")), (s("b"), Msg::Int(2))])).unwrap();
    bytes.pop();
    use flyte_types::idl::core::{Binary, Scalar, literal, scalar};
    let lit = Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Binary(Binary {
                value: bytes.clone(),
                tag: "msgpack".into(),
            })),
        }))),
        ..Default::default()
    };
    assert_eq!(
        Strict::from_literal(&lit).unwrap_err().to_string(),
        msgpack::decode(&bytes).unwrap_err().to_string()
    );
}

/// The SDK's bytes for `list[int]` and its map order, from the bench README (W1) and the wire
/// module's documented rule.
#[test]
fn known_bytes() {
    assert_eq!(
        123_456_789i64.to_literal_bytes().unwrap(),
        [0x0a, 0x07, 0x0a, 0x05, 0x08, 0x95, 0x9a, 0xef, 0x3a]
    );
    let m = BTreeMap::from([
        ("a".to_string(), 1i64),
        ("ab".to_string(), 2),
        ("b".to_string(), 3),
        ("".to_string(), 4),
    ]);
    let bytes = m.to_literal_bytes().unwrap();
    assert_eq!(bytes, wire::encode_canonical(&m.to_literal().unwrap()));
    // upb order: "ab", "a", "b", "".
    let keys: Vec<&[u8]> = [b"ab".as_slice(), b"a", b"b", b""].to_vec();
    let mut pos = 0;
    for k in keys {
        let at = bytes
            .windows(k.len() + 2)
            .position(|w| w[0] == 0x0a && w[1] as usize == k.len() && &w[2..] == k)
            .unwrap();
        assert!(at >= pos, "key {k:?} out of order");
        pos = at;
    }
}

#[test]
fn errors_match_the_tree_path() {
    let too_big = vec![1u64, u64::MAX];
    let a = too_big.to_literal().unwrap_err().to_string();
    let b = too_big.to_literal_bytes().unwrap_err().to_string();
    assert_eq!(a, b);
    // Nesting: prost stops at 100 messages (49 lists around an int are 101), and so does the
    // bytes reader.
    fn wrap(inner: &[u8]) -> Vec<u8> {
        let mut body = vec![0x0a];
        put_len(&mut body, inner.len());
        body.extend_from_slice(inner);
        let mut outer = vec![0x12];
        put_len(&mut outer, body.len());
        outer.extend_from_slice(&body);
        outer
    }
    fn put_len(out: &mut Vec<u8>, mut n: usize) {
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }
    macro_rules! vecs {
        ($t:ty;) => { $t };
        ($t:ty; x $($rest:tt)*) => { Vec<vecs!($t; $($rest)*)> };
    }
    type D30 = vecs!(i64; x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x);
    type D60 = vecs!(D30; x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x);
    let mut bytes = 5i64.to_literal_bytes().unwrap();
    for _ in 0..30 {
        bytes = wrap(&bytes);
    }
    assert_eq!(
        format!("{:?}", tree_read::<D30>(&bytes).unwrap()),
        format!("{:?}", D30::read_literal_bytes(&bytes).unwrap())
    );
    for _ in 0..30 {
        bytes = wrap(&bytes);
    }
    assert!(tree_read::<D60>(&bytes).is_err());
    assert_eq!(
        D60::read_literal_bytes(&bytes).unwrap_err().to_string(),
        format!(
            "at {}: flyteidl2.core.Literal at byte 263: nested deeper than 100",
            "[0]".repeat(51)
        )
    );
}

/// The reader's datetime (straight from the ISO fields for the canonical forms) against the
/// general parser's (`Timestamp::parse_iso` + seconds since the epoch), on every wire form.
#[test]
fn datetime_fields_read_as_the_general_parser_reads_them() {
    use flyte_types::value::Timestamp;
    let texts = [
        "2024-01-01T00:00:00+00:00",
        "2024-02-29T23:59:59.999999+00:00",
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00z",
        "9999-12-31T23:59:59.123456789Z",
        "2024-03-10 12:30",
        "2024-03-10",
        "2024-03-10T12:30:15.5",
        "2000-01-01T00:00:00+05:30",
        "2000-01-01T00:00:00-00:00",
        "1999-12-31T23:00:00-01:00",
        "2023-02-29T00:00:00+00:00",
        "2024-01-01T24:00:00+00:00",
        "2024-01-01T00:00:00+0000",
    ];
    for text in texts {
        let msg = Msg::Str(text.into());
        let bytes = msgpack::to_vec(&msg).unwrap();
        let read = DateTime::<Utc>::read(&mut MsgReader::new(&bytes)).ok();
        let general = Timestamp::parse_iso(text)
            .and_then(|(t, _)| DateTime::from_timestamp(t.seconds, t.nanos as u32));
        assert_eq!(read, general, "{text}");
        assert_eq!(DateTime::<Utc>::from_msg(&msg).ok(), general, "{text}");
    }
    assert_eq!(
        DateTime::<Utc>::read(&mut MsgReader::new(
            &msgpack::to_vec(&Msg::Str("2000-01-01T00:00:00+05:30".into())).unwrap()
        ))
        .ok(),
        DateTime::from_timestamp(946_684_800 - 19_800, 0)
    );
}

/// Datetimes and enum values are matched before any UTF-8 check (their readers match ASCII
/// patterns or known strings): bytes that are not UTF-8, or not ASCII, must still be refused
/// exactly where the tree decoder (which checks each `str` first) refuses them.
#[test]
fn unchecked_strings_refuse_what_the_tree_refuses() {
    fn fixstr(text: &[u8]) -> Vec<u8> {
        let mut out = vec![0xa0 | text.len() as u8];
        out.extend_from_slice(text);
        out
    }
    let datetimes: [&[u8]; 4] = [
        b"2024-01-01T00:00:00+00:0\xff",
        b"2024-01-01T00:00:00+00:\xc3\xa9",
        "2024-01-01T00:00:0٣+00:00".as_bytes(),
        b"2024-01-01T00:00:00+00:00",
    ];
    let mut read = Vec::new();
    for text in datetimes {
        let bytes = fixstr(text);
        let direct = DateTime::<Utc>::read(&mut MsgReader::new(&bytes)).ok();
        let tree = msgpack::decode(&bytes)
            .ok()
            .and_then(|m| DateTime::<Utc>::from_msg(&m).ok());
        assert_eq!(direct, tree, "{text:?}");
        read.push(direct.is_some());
    }
    assert_eq!(read, [false, false, false, true]);
    let colors: [&[u8]; 4] = [b"re\xff", b"r\xc3\xa9d", b"RED", b"red"];
    let mut read = Vec::new();
    for text in colors {
        let bytes = fixstr(text);
        let direct = Color::read(&mut MsgReader::new(&bytes)).ok();
        let tree = msgpack::decode(&bytes)
            .ok()
            .and_then(|m| Color::from_msg(&m).ok());
        assert_eq!(direct, tree, "{text:?}");
        read.push(direct);
    }
    assert_eq!(read, [None, None, Some(Color::Red), Some(Color::Red)]);
}

/// Layouts protobuf allows and the SDK does not write, read in place from the bytes as the
/// tree reads them: a literal's hash and metadata before its value, unknown fields anywhere, a
/// union's type before its value, a map entry's value before its key.
#[test]
fn other_layouts_read_in_place_as_the_tree_reads_them() {
    fn len_field(tag: u8, body: &[u8]) -> Vec<u8> {
        assert!(body.len() < 0x80);
        let mut out = vec![tag, body.len() as u8];
        out.extend_from_slice(body);
        out
    }
    fn both<T: FlyteType + Debug + PartialEq>(bytes: &[u8], want: T) {
        assert_eq!(T::read_literal_bytes(bytes).unwrap(), want);
        assert_eq!(tree_read::<T>(bytes).unwrap(), want);
    }
    let int = |i: u8| len_field(0x0a, &len_field(0x0a, &[0x08, i]));
    // hash "h" (4), metadata {"k": "v"} (5), unknown field 15 = 5, then the scalar.
    let mut lit = vec![
        0x22, 0x01, b'h', 0x2a, 0x06, 0x0a, 0x01, b'k', 0x12, 0x01, b'v', 0x78, 0x05,
    ];
    lit.extend(int(7));
    both(&lit, 7i64);
    // An unknown varint field 9 inside the primitive, before the integer.
    both(
        &len_field(0x0a, &len_field(0x0a, &[0x48, 0x01, 0x08, 0x07])),
        7i64,
    );
    // The union's type (2) before its value (1).
    let ty = i64::literal_type().encode_to_vec();
    let mut union = len_field(0x12, &ty);
    union.extend(len_field(0x0a, &int(9)));
    both(&len_field(0x0a, &len_field(0x4a, &union)), Some(9i64));
    // A map entry's value (2) before its key (1).
    let mut entry = len_field(0x12, &int(1));
    entry.extend(len_field(0x0a, b"a"));
    both(
        &len_field(0x1a, &len_field(0x0a, &entry)),
        BTreeMap::from([("a".to_string(), 1i64)]),
    );
    // Unknown fields between a collection's literals.
    let mut items = len_field(0x0a, &int(1));
    items.extend([0x78, 0x05]);
    items.extend(len_field(0x0a, &int(2)));
    both(&len_field(0x12, &items), vec![1i64, 2]);
    // A collection field twice: protobuf merges the two (the items of both, in order); the
    // bytes reader hands that to prost.
    let mut twice = len_field(0x12, &len_field(0x0a, &int(1)));
    twice.extend(len_field(0x12, &len_field(0x0a, &int(3))));
    both(&twice, vec![1i64, 3]);
}
