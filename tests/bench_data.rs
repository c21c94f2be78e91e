//! The bench inputs (benches/common) against `../shared/bench/README.md`: the splitmix64 test
//! vector, the first values, the sha256 fingerprints, the literal sizes, and W5 / W6 / W7
//! msgpack payloads byte-identical to the SDK's. (Runs at full size, ignoring
//! `FLYTE_BENCH_SCALE`.)

#[path = "../benches/common/mod.rs"]
mod common;

use common::*;
use flyte_types::engine::{FlyteType, StructField, StructStyle};
use flyte_types::msgpack::write::MsgWriter;
use flyte_types::msgpack::{self, Msg};
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn full_size() {
    // SAFETY-free: tests in this file run in one process; the variable only shrinks inputs.
    assert!(
        std::env::var("FLYTE_BENCH_SCALE").map_or(true, |s| s == "1"),
        "run without FLYTE_BENCH_SCALE"
    );
}

#[test]
fn splitmix64_vectors() {
    assert_eq!(
        [sm64(0, 0), sm64(0, 1), sm64(0, 2)],
        [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f]
    );
}

#[test]
fn w1_w2_w3_w4() {
    full_size();
    assert_eq!(
        W1.to_literal_bytes().unwrap(),
        [0x0a, 0x07, 0x0a, 0x05, 0x08, 0x95, 0x9a, 0xef, 0x3a]
    );
    let w2 = w2();
    assert_eq!(
        w2[..5],
        [908220816, 83309664, 1081725486, 1552150178, 440210754]
    );
    let le: Vec<u8> = w2.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(
        sha(&le),
        "fa76fae1b2b93169362a49ebaf889b100cb177b7cb5a0e2964845de4d970a428"
    );
    assert_eq!(w2.to_literal_bytes().unwrap().len(), 11_936_942);

    let w3 = w3();
    assert_eq!(
        w3[..3],
        ["CuWx4sanUi8aUhgt", "45sdXpzeiRd8gztr", "5qOohQZvtwuuzbog"]
    );
    assert_eq!(
        sha(w3.concat().as_bytes()),
        "79fed4754c7bf668818d8b40ff6093ca17c479407b0ce961906ab91585e7d9f2"
    );
    assert_eq!(w3.to_literal_bytes().unwrap().len(), 2_400_005);

    let entries = w4_entries();
    assert_eq!(entries[0], ("key_0000000".to_string(), 0.21335876245269092));
    assert_eq!(entries[1], ("key_0000001".to_string(), 0.9724051305094776));
    let packed = msgpack::to_vec(&Msg::Map(
        entries
            .iter()
            .map(|(k, v)| (Msg::Str(k.clone()), Msg::F64(*v)))
            .collect(),
    ))
    .unwrap();
    assert_eq!(
        sha(&packed),
        "1dc7e1ffa1ba5568adff705a6688691042ca93c1306a22e42add59f3a69cae80"
    );
    assert_eq!(w4().to_literal_bytes().unwrap().len(), 3_000_005);
}

#[test]
fn w5_w6_msgpack_is_the_sdks() {
    full_size();
    let r0 = record(0);
    let mut bytes = Vec::new();
    r0.write(StructStyle::Dataclass, &mut MsgWriter::new(&mut bytes))
        .unwrap();
    assert_eq!(
        sha(&bytes),
        sha(&hex(
            "8aa2696400a573636f7265cb3fd05fff44c07aa8a46e616d65b047344f784b7534483942537175615767a6616374697665c3a676616c7565739aced6967248ce27b0f6e2ce46b10a70cec196fd1bcee95963e0cea9dbca4ace3ba6b1ecce717db946ce60e47c4fce2edc606ca47461677385a474616730cd3706a474616731cda3efa474616732cd645ca474616733cdc4f5a474616734cd798fa5696e6e657283a17800a179cb0000000000000000a56c6162656cac696e6e65722d303030303030a46e6f7465ab6e6f74652d303030303030a763726561746564b9323032342d30312d30315430303a30303a30302b30303a3030a5636f6c6f72a3726564"
        ))
    );
    assert_eq!(r0.to_literal_bytes().unwrap().len(), 273);
    // The one write gives the SDK's payloads through the byte sink and through the tree sink.
    let w6 = w6();
    let mut direct = Vec::new();
    let mut tree = Vec::new();
    for r in &w6 {
        r.write(StructStyle::Dataclass, &mut MsgWriter::new(&mut direct))
            .unwrap();
        tree.extend(msgpack::to_vec(&r.to_msg(StructStyle::Dataclass).unwrap()).unwrap());
    }
    let want = "89056414ee7435939b14fe9b622b18c833535033704766cac05b932ee467f2d7";
    assert_eq!(sha(&direct), want);
    assert_eq!(sha(&tree), want);
    assert_eq!(w6.to_literal_bytes().unwrap().len(), 2_852_529);
}

#[test]
fn w7_payload_is_the_sdks() {
    full_size();
    let lit = w7().to_literal(&w7_type()).unwrap();
    let bytes = flyte_types::wire::encode_canonical(&lit);
    assert_eq!(bytes.len(), 181_248);
    let payload = floor::take_msgpack(lit);
    assert_eq!(
        sha(&payload),
        "28ed8770149cd77e8c4b006ed47f2ea70b6b00aeb96e62a956dad79ca2312cb3"
    );
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
