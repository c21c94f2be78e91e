//! The conformance runner over the golden corpus: every case decodes to `value.json`, every
//! Flyte 2 case whose canonical value determines the bytes encodes to `literal.pb` exactly.

use flyte_types_cli::corpus::{Outcome, find_cases, run_case};
use std::path::PathBuf;

fn interop(sub: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("../shared/interop")
        .join(sub)
}

/// Runs a corpus folder and returns the names of the cases checked on decode only.
fn run_corpus(sub: &str, expected_cases: usize) -> Vec<String> {
    run_folder(&interop(sub), sub, expected_cases)
}

fn run_folder(folder: &std::path::Path, sub: &str, expected_cases: usize) -> Vec<String> {
    let cases = find_cases(&[folder.to_path_buf()]).expect("case folder");
    assert_eq!(cases.len(), expected_cases, "{sub}: case count");
    let mut failures = Vec::new();
    let mut decode_only = Vec::new();
    for case in cases {
        let report = run_case(&case, None);
        println!("{sub}: {report}");
        match report.outcome {
            Outcome::Passed { decode_only: None } => {}
            Outcome::Passed {
                decode_only: Some(_),
            } => decode_only.push(report.name),
            Outcome::Failed(_) => failures.push(report.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    decode_only
}

/// The cases of `folder` listed in tests/data/known-decode-only.txt, with their reasons.
fn known_decode_only(folder: &str) -> Vec<String> {
    let list = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/data/known-decode-only.txt");
    let text = std::fs::read_to_string(list).expect("known-decode-only.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (case, why) = l.split_once("  ").expect("<folder>/<case>  <why>");
            assert!(!why.trim().is_empty(), "{case}: no reason given");
            case.strip_prefix(folder)?
                .strip_prefix('/')
                .filter(|name| !name.contains('/'))
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn flyte2_corpus_decodes_and_encodes_byte_identically() {
    let decode_only = run_corpus("flyte2", 75);
    assert_eq!(decode_only, known_decode_only("flyte2"));
}

#[test]
fn flytekit1_corpus_decodes() {
    let decode_only = run_corpus("flytekit1", 24);
    assert_eq!(
        decode_only.len(),
        24,
        "flytekit v1 cases are checked on decode only"
    );
}

/// More Flyte 2 cases written by the real SDK (tests/data/gen_extra_cases.py): other values
/// and shapes of the same families, the closest thing to the hold-out set we can see.
#[test]
fn sdk_generated_extra_cases_pass() {
    let folder =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("tests/data/extra-cases");
    let decode_only = run_folder(&folder, "extra", 196);
    assert_eq!(decode_only, known_decode_only("extra-cases"));
}

/// SDK-written cases whose canonical value follows the wire where py_decode's `Canon` does not
/// (enum values under names, a NamedTuple as an array in a dataclass): gen_extra_cases.py's
/// `wire_fixup`. Each must encode byte for byte as the SDK wrote it.
#[test]
fn sdk_generated_wire_form_cases_pass() {
    let folder = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/data/extra-cases/wire");
    let decode_only = run_folder(&folder, "extra-wire", 7);
    assert_eq!(decode_only, known_decode_only("extra-cases/wire"));
}

#[test]
fn a_wrong_value_json_fails_with_the_first_difference() {
    let dir = std::env::temp_dir().join(format!("flyte-types-conf-{}", std::process::id()));
    let case = dir.join("list_int");
    std::fs::create_dir_all(&case).unwrap();
    for f in ["type.pb", "literal.pb", "case.json"] {
        std::fs::copy(interop("flyte2/list_int").join(f), case.join(f)).unwrap();
    }
    std::fs::write(case.join("value.json"), "[1, 2, 4]").unwrap();
    let report = run_case(&case, None);
    assert_eq!(
        report.to_string(),
        "FAIL list_int: decode: $[2]: expected 4, found 3"
    );

    std::fs::write(case.join("value.json"), "[1, 2, 3]").unwrap();
    let mut bytes = std::fs::read(case.join("literal.pb")).unwrap();
    *bytes.last_mut().unwrap() = 4; // still decodes, but to [1, 2, 4]
    std::fs::write(case.join("literal.pb"), &bytes).unwrap();
    let report = run_case(&case, None);
    assert_eq!(
        report.to_string(),
        "FAIL list_int: decode: $[2]: expected 3, found 4"
    );
    // An unknown field (15, varint 1) decodes to the same value but is not what we write.
    std::fs::copy(
        interop("flyte2/list_int/literal.pb"),
        case.join("literal.pb"),
    )
    .unwrap();
    let mut bytes = std::fs::read(case.join("literal.pb")).unwrap();
    let len = bytes.len();
    bytes.extend([0x78, 0x01]);
    std::fs::write(case.join("literal.pb"), &bytes).unwrap();
    let report = run_case(&case, None);
    assert_eq!(
        report.to_string(),
        format!(
            "FAIL list_int: encode: bytes differ at offset {len} (expected {} bytes, got {len}): \
             expected 7801…, got <end>",
            len + 2
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
