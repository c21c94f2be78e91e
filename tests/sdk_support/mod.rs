//! The real Flyte 2 SDK on the other side: the cases it wrote (tests/data/extra-cases, made by
//! gen_extra_cases.py) and the venv's Python, for the tests that check our bytes against it.
#![allow(dead_code)] // each test binary uses its own part

use flyte_types::engine::FlyteType;
use flyte_types::idl::core::Literal;
use flyte_types::wire::encode_canonical;
use prost::Message;
use std::fmt::Debug;
use std::path::PathBuf;

/// A file of an SDK-written case.
pub fn case_file(case: &str, file: &str) -> Vec<u8> {
    crate::corpus::read(
        crate::corpus::data()
            .join("extra-cases")
            .join(case)
            .join(file),
    )
}

/// The case's `literal.pb`.
pub fn literal(case: &str) -> Literal {
    Literal::decode(case_file(case, "literal.pb").as_slice()).unwrap()
}

/// Both read paths (the `Literal` tree and the direct bytes reader) give `want`.
pub fn reads_as<T: FlyteType + PartialEq + Debug>(case: &str, want: &T) {
    assert_eq!(&T::from_literal(&literal(case)).unwrap(), want, "{case}");
    let bytes = case_file(case, "literal.pb");
    assert_eq!(
        &T::read_literal_bytes(&bytes).unwrap(),
        want,
        "{case}: direct"
    );
}

/// Both read paths refuse the case with `message`.
pub fn refuses<T: FlyteType + Debug>(case: &str, message: &str) {
    assert_eq!(
        T::from_literal(&literal(case)).unwrap_err().to_string(),
        message
    );
    let bytes = case_file(case, "literal.pb");
    assert_eq!(
        T::read_literal_bytes(&bytes).unwrap_err().to_string(),
        message
    );
}

/// `T`'s type is the SDK's `type.pb` and `value` writes the SDK's `literal.pb`, byte for byte.
pub fn writes_as<T: FlyteType>(case: &str, value: &T) {
    assert_eq!(
        encode_canonical(&T::literal_type()),
        case_file(case, "type.pb"),
        "{case}: type.pb"
    );
    assert_eq!(
        value.to_literal_bytes().unwrap(),
        case_file(case, "literal.pb"),
        "{case}: literal.pb"
    );
}

/// `$FLYTE_TYPES_PYTHON`, else the project venv's (`scripts/setup-python.sh`). Missing: `None`
/// (the caller returns, after a loud line naming `what`) when `FLYTE_TYPES_NO_PYTHON=1`, else
/// a panic that says how to make it.
pub fn python(what: &str) -> Option<PathBuf> {
    let python = std::env::var("FLYTE_TYPES_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".cache/flyte-types/venv/bin/python")
        });
    if python.exists() {
        return Some(python);
    }
    if std::env::var("FLYTE_TYPES_NO_PYTHON").is_ok_and(|v| v == "1") {
        eprintln!("=== SKIPPED: {what} (FLYTE_TYPES_NO_PYTHON=1) ===");
        return None;
    }
    panic!(
        "{} not found: run scripts/setup-python.sh (or set FLYTE_TYPES_NO_PYTHON=1 to skip)",
        python.display()
    );
}

/// Runs the real SDK's `py_decode.py` on a folder of corpus-layout cases (with `python`, from
/// [`python`]), requires it to succeed and returns its summary line (`"4 passed, 0 failed"`).
pub fn py_decode(python: &std::path::Path, dir: &std::path::Path) -> String {
    let run = std::process::Command::new(python)
        .arg(shared().join("interop/py_decode.py"))
        .arg(dir)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "py_decode.py failed");
    stdout.lines().last().unwrap_or_default().to_string()
}

pub use crate::corpus::shared;
