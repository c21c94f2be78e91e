//! `flyte-types render` run as a binary on the task-io goldens and on bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args(args)
        .output()
        .unwrap()
}

fn golden(p: &str) -> String {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("../shared/interop")
        .join(p)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn render_prints_the_golden_rendering() {
    for case in [
        "01_inputs_basic",
        "02_inputs_edge_context",
        "03_outputs_dataclass",
        "04_inputs_defaults_filled",
    ] {
        let meta: Value = serde_json::from_str(
            &std::fs::read_to_string(golden(&format!("task-io/{case}/meta.json"))).unwrap(),
        )
        .unwrap();
        let file = golden(&format!(
            "task-io/{case}/{}",
            meta["file"].as_str().unwrap()
        ));
        let o = bin(&["render", &file]);
        assert!(
            o.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let got: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(got, meta["literal_string_repr"], "{case}");
    }
    let o = bin(&[
        "render",
        "--as",
        "literal",
        &golden("flyte2/list_int/literal.pb"),
    ]);
    assert!(o.status.success());
    let got: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(got.is_array());
}

#[test]
fn render_bad_input() {
    // A Literal without --as literal: wrong message type, with the hint.
    let o = bin(&["render", &golden("flyte2/int_42/literal.pb")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--as literal"), "{err}");
    assert!(o.stdout.is_empty());
    // An Inputs file (with context) read as outputs.
    let o = bin(&[
        "render",
        "--as",
        "outputs",
        &golden("task-io/02_inputs_edge_context/inputs.pb"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("flyteidl2.task.Outputs"));
    // Truncated.
    let bytes = std::fs::read(golden("task-io/01_inputs_basic/inputs.pb")).unwrap();
    let tmp = std::env::temp_dir().join("flyte-types-render-cli-truncated.pb");
    std::fs::write(&tmp, &bytes[..bytes.len() - 4]).unwrap();
    let o = bin(&["render", tmp.to_str().unwrap()]);
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"));
    // A truncated Literal.
    let lit = std::fs::read(golden("flyte2/str_hello/literal.pb")).unwrap();
    let tmp = std::env::temp_dir().join("flyte-types-render-cli-truncated-lit.pb");
    std::fs::write(&tmp, &lit[..lit.len() - 2]).unwrap();
    let o = bin(&["render", "--as", "literal", tmp.to_str().unwrap()]);
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"));
}

#[test]
fn render_help_has_examples() {
    let o = bin(&["render", "--help"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("flyte-types render run/a0/inputs.pb"));
}
