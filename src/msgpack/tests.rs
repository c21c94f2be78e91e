//! Expected bytes are derived by hand from the msgpack spec and were checked against Python's
//! `msgpack.packb` / `unpackb` 1.2.4 in the SDK venv (the comments quote what Python does).

use proptest::prelude::*;

use super::{Limits, Msg, MsgpackErrorKind, decode, decode_with, to_vec};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn kind_at(bytes: &[u8], limits: &Limits) -> (usize, MsgpackErrorKind) {
    let e = decode_with(bytes, limits).unwrap_err();
    match e.kind() {
        crate::ErrorKind::Msgpack { offset, kind } => (*offset, kind.clone()),
        other => panic!("not a msgpack error: {other:?}"),
    }
}

fn eof(needed: u64, available: usize) -> MsgpackErrorKind {
    MsgpackErrorKind::UnexpectedEof { needed, available }
}

#[test]
fn integers_use_python_widths() {
    let cases = [
        (Msg::Int(0), "00"),
        (Msg::Int(0x7f), "7f"),
        (Msg::Int(0x80), "cc80"),
        (Msg::Int(0xff), "ccff"),
        (Msg::Int(0x100), "cd0100"),
        (Msg::Int(0xffff), "cdffff"),
        (Msg::Int(0x1_0000), "ce00010000"),
        (Msg::Int(0xffff_ffff), "ceffffffff"),
        (Msg::Int(1 << 32), "cf0000000100000000"),
        (Msg::Int(i64::MAX), "cf7fffffffffffffff"),
        (Msg::UInt(1 << 63), "cf8000000000000000"),
        (Msg::UInt(u64::MAX), "cfffffffffffffffff"),
        (Msg::Int(-1), "ff"),
        (Msg::Int(-32), "e0"),
        (Msg::Int(-33), "d0df"),
        (Msg::Int(-128), "d080"),
        (Msg::Int(-129), "d1ff7f"),
        (Msg::Int(-32768), "d18000"),
        (Msg::Int(-32769), "d2ffff7fff"),
        (Msg::Int(-(1 << 31)), "d280000000"),
        (Msg::Int(-(1 << 31) - 1), "d3ffffffff7fffffff"),
        (Msg::Int(i64::MIN), "d38000000000000000"),
    ];
    for (msg, bytes) in cases {
        assert_eq!(to_vec(&msg).unwrap(), hex(bytes), "{msg:?}");
        assert_eq!(decode(&hex(bytes)).unwrap(), msg, "{bytes}");
    }
}

#[test]
fn scalars() {
    let cases = [
        (Msg::Nil, "c0"),
        (Msg::Bool(true), "c3"),
        (Msg::Bool(false), "c2"),
        (Msg::F64(1.5), "cb3ff8000000000000"),
        (Msg::F64(0.0), "cb0000000000000000"),
        (Msg::F64(-0.0), "cb8000000000000000"),
        (Msg::F64(f64::INFINITY), "cb7ff0000000000000"),
        (Msg::F32(1.5), "ca3fc00000"),
        (Msg::Str("é".into()), "a2c3a9"),
        (Msg::Bin(vec![1, 2]), "c4020102"),
    ];
    for (msg, bytes) in cases {
        assert_eq!(to_vec(&msg).unwrap(), hex(bytes), "{msg:?}");
        assert_eq!(decode(&hex(bytes)).unwrap(), msg, "{bytes}");
    }
    // Python packs float('nan') as cb7ff8000000000000.
    assert_eq!(
        to_vec(&Msg::F64(f64::NAN)).unwrap(),
        hex("cb7ff8000000000000")
    );
    let Msg::F64(nan) = decode(&hex("cb7ff8000000000000")).unwrap() else {
        panic!("not a float")
    };
    assert_eq!(nan.to_bits(), 0x7ff8_0000_0000_0000);
}

#[test]
fn length_headers_use_python_widths() {
    // (length, expected header) for str; bin has no fix form and uses c4/c5/c6.
    let strs = [
        (0, "a0"),
        (31, "bf"),
        (32, "d920"),
        (255, "d9ff"),
        (256, "da0100"),
        (65535, "daffff"),
        (65536, "db00010000"),
    ];
    for (n, head) in strs {
        let bytes = to_vec(&Msg::Str("a".repeat(n))).unwrap();
        assert_eq!(
            (&bytes[..head.len() / 2], bytes.len()),
            (&hex(head)[..], head.len() / 2 + n),
            "str {n}"
        );
    }
    let bins = [
        (0, "c400"),
        (31, "c41f"),
        (255, "c4ff"),
        (256, "c50100"),
        (65535, "c5ffff"),
        (65536, "c600010000"),
    ];
    for (n, head) in bins {
        let bytes = to_vec(&Msg::Bin(vec![b'a'; n])).unwrap();
        assert_eq!(
            (&bytes[..head.len() / 2], bytes.len()),
            (&hex(head)[..], head.len() / 2 + n),
            "bin {n}"
        );
    }
    let arrays = [
        (0, "90"),
        (15, "9f"),
        (16, "dc0010"),
        (65535, "dcffff"),
        (65536, "dd00010000"),
    ];
    for (n, head) in arrays {
        let bytes = to_vec(&Msg::Array(vec![Msg::Int(0); n])).unwrap();
        assert_eq!(
            (&bytes[..head.len() / 2], bytes.len()),
            (&hex(head)[..], head.len() / 2 + n),
            "array {n}"
        );
    }
    let maps = [
        (0, "80"),
        (15, "8f"),
        (16, "de0010"),
        (65535, "deffff"),
        (65536, "df00010000"),
    ];
    for (n, head) in maps {
        let bytes = to_vec(&Msg::Map(vec![(Msg::Nil, Msg::Int(0)); n])).unwrap();
        assert_eq!(
            (&bytes[..head.len() / 2], bytes.len()),
            (&hex(head)[..], head.len() / 2 + 2 * n),
            "map {n}"
        );
    }
    // ExtType(5, b"x" * n): fixext for 1, 2, 4, 8, 16, else ext8 / 16 / 32 (c70005 for n = 0).
    let exts = [
        (0, "c70005"),
        (1, "d405"),
        (2, "d505"),
        (3, "c70305"),
        (4, "d605"),
        (8, "d705"),
        (16, "d805"),
        (17, "c71105"),
        (255, "c7ff05"),
        (256, "c8010005"),
        (65536, "c90001000005"),
    ];
    for (n, head) in exts {
        let msg = Msg::Ext(5, vec![b'x'; n]);
        let bytes = to_vec(&msg).unwrap();
        assert_eq!(
            (&bytes[..head.len() / 2], bytes.len()),
            (&hex(head)[..], head.len() / 2 + n),
            "ext {n}"
        );
        assert_eq!(decode(&bytes).unwrap(), msg);
    }
    assert_eq!(
        to_vec(&Msg::Ext(-1, vec![0; 4])).unwrap(),
        hex("d6ff00000000")
    );
}

/// Lengths beyond 32 bits are refused, not truncated (checked on the length alone: a value
/// that long would take 4 GiB to build here).
#[test]
fn lengths_beyond_32_bits_are_refused() {
    let max = u32::MAX as usize;
    assert_eq!(super::encode::length_fits("str", max, 0), Ok(()));
    let err = super::encode::length_fits("bin", max + 1, 7).unwrap_err();
    assert_eq!(
        err.kind(),
        &crate::ErrorKind::Msgpack {
            offset: 7,
            kind: MsgpackErrorKind::TooLong {
                kind: "bin",
                len: max + 1
            }
        }
    );
    assert_eq!(
        err.to_string(),
        "msgpack at byte 7: bin of length 4294967296: msgpack lengths are at most 2^32 - 1"
    );
    // The direct path's sizing refuses the same lengths with the same error.
    assert!(super::encode::length_fits("str", max, 0).is_ok());
    assert_eq!(
        super::encode::length_fits("str", max + 1, 0)
            .unwrap_err()
            .to_string(),
        "msgpack at byte 0: str of length 4294967296: msgpack lengths are at most 2^32 - 1"
    );
}

/// `Record(0)` from shared/bench/README.md, as the SDK (mashumaro + msgpack.packb) wrote it.
const RECORD_0: &str = "8aa2696400a573636f7265cb3fd05fff44c07aa8a46e616d65b047344f784b7534483942537175615767a6616374697665c3a676616c7565739aced6967248ce27b0f6e2ce46b10a70cec196fd1bcee95963e0cea9dbca4ace3ba6b1ecce717db946ce60e47c4fce2edc606ca47461677385a474616730cd3706a474616731cda3efa474616732cd645ca474616733cdc4f5a474616734cd798fa5696e6e657283a17800a179cb0000000000000000a56c6162656cac696e6e65722d303030303030a46e6f7465ab6e6f74652d303030303030a763726561746564b9323032342d30312d30315430303a30303a30302b30303a3030a5636f6c6f72a3726564";

#[test]
fn record_0_from_the_bench_readme() {
    let s = |v: &str| Msg::Str(v.into());
    let ints = |v: &[i64]| Msg::Array(v.iter().map(|&i| Msg::Int(i)).collect());
    let values = [
        3600183880, 665908962, 1186007664, 3247897883, 3914949600, 2849753674, 1000780268,
        1904064838, 1625586767, 786194540,
    ];
    let tags = [
        ("tag0", 14086),
        ("tag1", 41967),
        ("tag2", 25692),
        ("tag3", 50421),
        ("tag4", 31119),
    ];
    let expected = Msg::Map(vec![
        (s("id"), Msg::Int(0)),
        (s("score"), Msg::F64(0.25585920061159095)),
        (s("name"), s("G4OxKu4H9BSquaWg")),
        (s("active"), Msg::Bool(true)),
        (s("values"), ints(&values)),
        (
            s("tags"),
            Msg::Map(tags.iter().map(|&(k, v)| (s(k), Msg::Int(v))).collect()),
        ),
        (
            s("inner"),
            Msg::Map(vec![
                (s("x"), Msg::Int(0)),
                (s("y"), Msg::F64(0.0)),
                (s("label"), s("inner-000000")),
            ]),
        ),
        (s("note"), s("note-000000")),
        (s("created"), s("2024-01-01T00:00:00+00:00")),
        (s("color"), s("red")),
    ]);
    let bytes = hex(RECORD_0);
    assert_eq!(bytes.len(), 255);
    assert_eq!(decode(&bytes).unwrap(), expected);
    assert_eq!(to_vec(&expected).unwrap(), bytes);
}

#[test]
fn decoder_accepts_non_minimal_widths() {
    let cases = [
        ("cd0001", Msg::Int(1)),
        ("d000", Msg::Int(0)),
        ("d3ffffffffffffffff", Msg::Int(-1)),
        ("cf7fffffffffffffff", Msg::Int(i64::MAX)),
        ("d90161", Msg::Str("a".into())),
        ("db0000000161", Msg::Str("a".into())),
        ("c600000000", Msg::Bin(vec![])),
        ("dc000101", Msg::Array(vec![Msg::Int(1)])),
        ("dd0000000101", Msg::Array(vec![Msg::Int(1)])),
        (
            "de0001a16101",
            Msg::Map(vec![(Msg::Str("a".into()), Msg::Int(1))]),
        ),
        ("c7010578", Msg::Ext(5, vec![b'x'])),
        ("ca3fc00000", Msg::F32(1.5)),
        // Map keys of any type, duplicates kept (Python's dict would keep the last).
        (
            "8201020103",
            Msg::Map(vec![(Msg::Int(1), Msg::Int(2)), (Msg::Int(1), Msg::Int(3))]),
        ),
    ];
    for (bytes, msg) in cases {
        assert_eq!(decode(&hex(bytes)).unwrap(), msg, "{bytes}");
    }
}

#[test]
fn malformed_input_is_rejected_with_offset() {
    let d = Limits::default();
    let cases = [
        // Python: FormatError; UnicodeDecodeError; ExtraData; "incomplete input".
        ("c1", 0, MsgpackErrorKind::ReservedByte),
        ("91c1", 1, MsgpackErrorKind::ReservedByte),
        ("a2ffff", 0, MsgpackErrorKind::InvalidUtf8),
        ("0101", 1, MsgpackErrorKind::TrailingBytes),
        ("", 0, eof(1, 0)),
        ("dc0001", 0, eof(1, 0)),
        ("dc00", 0, eof(2, 1)),
        ("a561", 0, eof(5, 1)),
        ("cb00", 0, eof(8, 1)),
        ("d4", 0, eof(1, 0)),
        ("92", 0, eof(2, 0)),
        ("8101", 0, eof(2, 1)),
        ("9291", 0, eof(2, 1)),
        // The inner array needs a byte, and so does the outer array's second element.
        ("929101", 1, eof(2, 1)),
        // Lengths are checked against the input before anything is allocated.
        ("ddffffffff", 0, eof(0xffff_ffff, 0)),
        ("dfffffffff00", 0, eof(2 * 0xffff_ffff, 1)),
        ("dbffffffff", 0, eof(0xffff_ffff, 0)),
        ("c9ffffffff05", 0, eof(0xffff_ffff, 0)),
    ];
    for (bytes, offset, kind) in cases {
        assert_eq!(kind_at(&hex(bytes), &d), (offset, kind), "{bytes}");
    }
    let e = decode(&hex("91a2ffff")).unwrap_err();
    assert_eq!(e.to_string(), "msgpack at byte 1: invalid UTF-8 in str");
}

#[test]
fn preallocation_is_bounded_by_nested_announcements() {
    // The outer array32 announces 2 elements; the inner one then announces 10 with 10 bytes
    // left, but the outer array's second element needs one of them: the sum of everything
    // announced never exceeds the input, so neither does what is preallocated.
    let over = [&hex("dd00000002dd0000000a")[..], &[0; 10]].concat();
    assert_eq!(kind_at(&over, &Limits::default()), (5, eof(11, 10)));
    let fits = [&hex("dd00000002dd00000009")[..], &[0; 10]].concat();
    let expected = Msg::Array(vec![Msg::Array(vec![Msg::Int(0); 9]), Msg::Int(0)]);
    assert_eq!(decode(&fits).unwrap(), expected);
}

#[test]
fn the_pull_reader_bounds_what_all_containers_announce_together() {
    use super::read::{Head, MsgReader};
    // Each array alone fits the bytes left after its header (7, then 3 of 4), but together they
    // announce more values than the whole input holds: the reader gives up before its caller
    // preallocates (the direct readers and the Python extension preallocate what a head
    // announces), so nested containers cannot each reserve room for the whole input.
    let over = [&hex("dc0007dc0003")[..], &[0; 4]].concat();
    let mut r = MsgReader::new(&over);
    assert_eq!(r.head(), Some(Head::Array(7)));
    assert_eq!(r.head(), None);
    let fits = [&hex("dc0006dc0003")[..], &[0; 4]].concat();
    let mut r = MsgReader::new(&fits);
    assert_eq!(r.head(), Some(Head::Array(6)));
    assert_eq!(r.head(), Some(Head::Array(3)));
}

fn nested(depth: usize, innermost: u8) -> Vec<u8> {
    let mut bytes = vec![0x91; depth];
    bytes.push(innermost);
    bytes
}

#[test]
fn depth_is_bounded_without_recursion() {
    let d = Limits::default();
    assert_eq!(
        kind_at(&nested(100_000, 0xc0), &d),
        (256, MsgpackErrorKind::DepthLimit(256))
    );
    assert!(decode(&nested(256, 0xc0)).is_ok());
    // Python's C unpacker: 1024 nested arrays around nil decode, an empty array inside them is
    // the 1025th container and raises StackError.
    let python = Limits {
        max_depth: Limits::PYTHON_MAX_DEPTH,
        ..Limits::default()
    };
    let mut deep = decode_with(&nested(1024, 0xc0), &python).unwrap();
    let mut levels = 0;
    while let Msg::Array(mut items) = deep {
        deep = items.pop().unwrap();
        levels += 1;
    }
    assert_eq!((levels, deep), (1024, Msg::Nil));
    assert!(decode_with(&nested(1023, 0x90), &python).is_ok());
    assert_eq!(
        kind_at(&nested(1024, 0x90), &python),
        (1024, MsgpackErrorKind::DepthLimit(1024))
    );
}

#[test]
fn total_items_are_bounded() {
    let limits = Limits {
        max_depth: 256,
        max_total_items: 3,
    };
    assert_eq!(
        decode_with(&hex("920102"), &limits).unwrap(),
        Msg::Array(vec![Msg::Int(1), Msg::Int(2)])
    );
    assert_eq!(
        kind_at(&hex("93010203"), &limits),
        (0, MsgpackErrorKind::TooManyItems(3))
    );
    // The third array would bring a fourth value: rejected before it is opened.
    assert_eq!(
        kind_at(&hex("919191c0"), &limits),
        (2, MsgpackErrorKind::TooManyItems(3))
    );
    assert_eq!(
        kind_at(&hex("9191c0c0"), &limits),
        (3, MsgpackErrorKind::TrailingBytes)
    );
}

/// Equality that treats floats by their bits (NaN == NaN of the same payload).
fn same(a: &Msg, b: &Msg) -> bool {
    match (a, b) {
        (Msg::F32(x), Msg::F32(y)) => x.to_bits() == y.to_bits(),
        (Msg::F64(x), Msg::F64(y)) => x.to_bits() == y.to_bits(),
        (Msg::Array(x), Msg::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Msg::Map(x), Msg::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((xk, xv), (yk, yv))| same(xk, yk) && same(xv, yv))
        }
        _ => a == b,
    }
}

fn arb_msg() -> impl Strategy<Value = Msg> {
    let leaf = prop_oneof![
        Just(Msg::Nil),
        any::<bool>().prop_map(Msg::Bool),
        any::<i64>().prop_map(Msg::Int),
        (i64::MAX as u64 + 1..=u64::MAX).prop_map(Msg::UInt),
        any::<f32>().prop_map(Msg::F32),
        any::<f64>().prop_map(Msg::F64),
        ".{0,40}".prop_map(Msg::Str),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Msg::Bin),
        (any::<i8>(), proptest::collection::vec(any::<u8>(), 0..20))
            .prop_map(|(t, d)| Msg::Ext(t, d)),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..20).prop_map(Msg::Array),
            proptest::collection::vec((inner.clone(), inner), 0..20).prop_map(Msg::Map),
        ]
    })
}

proptest! {
    #[test]
    fn round_trip_is_exact_and_minimal(msg in arb_msg()) {
        let bytes = to_vec(&msg).unwrap();
        let back = decode(&bytes).unwrap();
        prop_assert!(same(&back, &msg), "{:?} != {:?}", back, msg);
        // Minimal widths: decoding loses nothing the encoder would write differently.
        prop_assert_eq!(to_vec(&back).unwrap(), bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(msg) = decode(&bytes) {
            // Whatever decodes re-encodes to something that decodes to the same value.
            prop_assert!(same(&decode(&to_vec(&msg).unwrap()).unwrap(), &msg));
        }
    }
}
