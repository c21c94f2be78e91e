//! The Python of the project venv with the real Flyte 2 SDK (scripts/setup-python.sh), for the
//! tests that check our bytes against the SDK.

use std::path::PathBuf;

/// `$FLYTE_TYPES_PYTHON`, else `~/.cache/flyte-types/venv/bin/python`; `None` (said loudly,
/// naming `what` is skipped) when it is absent and FLYTE_TYPES_NO_PYTHON=1, else a panic that
/// says how to make it.
pub fn sdk_python(what: &str) -> Option<PathBuf> {
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
        eprintln!("=== SKIPPED: {what} against the Flyte 2 SDK (FLYTE_TYPES_NO_PYTHON=1) ===");
        return None;
    }
    panic!(
        "{} not found: run scripts/setup-python.sh (or set FLYTE_TYPES_NO_PYTHON=1 to skip)",
        python.display()
    );
}
