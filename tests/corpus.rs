//! Where the test data is: the shared golden corpus and the project's own extra cases. The one
//! place that knows these paths.

use std::path::PathBuf;

/// The shared folder: `$FLYTE_TYPES_SHARED`, else `../shared` beside the repository.
pub fn shared() -> PathBuf {
    std::env::var("FLYTE_TYPES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The golden corpus written by the real SDKs (`shared/interop`).
pub fn interop() -> PathBuf {
    shared().join("interop")
}

/// The bytes of a test file (panics with its path if it cannot be read).
pub fn read(path: impl AsRef<std::path::Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The project's own test data (`tests/data`).
pub fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}
