//! `flyte-types inspect --download DIR`: the objects a literal points to, fetched whole.
#![cfg(feature = "store")]

use flyte_types::engine::{Dir, File, FlyteType};
use flyte_types::idl::task::{NamedLiteral, Outputs};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes `root/outputs.pb`: `o0` the CSV File at `file_uri`, `o1` the Dir at `dir_uri`.
pub(crate) fn write_outputs(root: &Path, file_uri: String, dir_uri: String) -> PathBuf {
    let file = File {
        uri: file_uri,
        format: "csv".into(),
        hash: None,
        name: None,
    };
    let outputs = Outputs {
        literals: vec![
            NamedLiteral {
                name: "o0".into(),
                value: Some(file.to_literal().unwrap()),
            },
            NamedLiteral {
                name: "o1".into(),
                value: Some(Dir::new(dir_uri).to_literal().unwrap()),
            },
        ],
        ..Default::default()
    };
    let path = root.join("outputs.pb");
    std::fs::write(&path, flyte_types::wire::encode_canonical(&outputs)).unwrap();
    path
}

/// What `inspect --download out` of outputs `o0` (a File `report.csv` holding `a,b\n1,2\n`) and
/// `o1` (a Dir with `x.txt` and `sub/y.txt`) leaves: the exact tree, and its report.
pub(crate) fn assert_fetched(o: &std::process::Output, out: &Path) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("o0/report.csv")).unwrap(),
        b"a,b\n1,2\n"
    );
    assert_eq!(std::fs::read(out.join("o1/x.txt")).unwrap(), b"x");
    assert_eq!(std::fs::read(out.join("o1/sub/y.txt")).unwrap(), b"yy");
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(text.contains("downloaded 3 objects:"), "{text}");
}

#[test]
fn inspect_downloads_files_and_folders_into_a_tree_named_after_the_values() {
    let root = std::env::temp_dir().join(format!("flyte-types-dl-{}", std::process::id()));
    let src = root.join("src");
    std::fs::create_dir_all(src.join("folder/sub")).unwrap();
    std::fs::write(src.join("report.csv"), b"a,b\n1,2\n").unwrap();
    std::fs::write(src.join("folder/x.txt"), b"x").unwrap();
    std::fs::write(src.join("folder/sub/y.txt"), b"yy").unwrap();

    let path = write_outputs(
        &root,
        src.join("report.csv").display().to_string(),
        src.join("folder").display().to_string(),
    );

    let out = root.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args([
            "inspect",
            path.to_str().unwrap(),
            "--download",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_fetched(&o, &out);

    // A missing object is an error that names the value and leaves no partial file.
    std::fs::remove_file(src.join("report.csv")).unwrap();
    let out2 = root.join("out2");
    let o = Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args([
            "inspect",
            path.to_str().unwrap(),
            "--download",
            out2.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("error: o0: "), "{err}");
    assert!(!out2.join("o0/report.csv").exists());
    std::fs::remove_dir_all(&root).unwrap();
}
