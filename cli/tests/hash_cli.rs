//! `flyte-types hash …` run as a binary on the golden vectors (files in tests/data/hashing, copied
//! from the goldens' hex) and on bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args(args)
        .output()
        .unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "expected a failure, got stdout {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(o.stdout.is_empty(), "nothing on stdout on error");
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn vectors() -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("../shared/interop/hashing")).unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_str().unwrap().to_string();
        if n.as_bytes()[0].is_ascii_digit() {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let dir = root()
                .join("tests/data/hashing")
                .join(v["case"].as_str().unwrap());
            out.push((dir, v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn hash_subcommands_print_exactly_the_golden_values() {
    let vs = vectors();
    assert!(vs.len() >= 13);
    for (dir, v) in vs {
        let case = v["case"].as_str().unwrap();
        let inputs = dir.join("inputs.pb");
        let iface = dir.join("interface.pb");
        let (inputs, iface) = (inputs.to_str().unwrap(), iface.to_str().unwrap());
        let out = stdout(&bin(&["hash", "inputs", inputs]));
        assert_eq!(
            out,
            format!("{}\n", v["inputs_hash"].as_str().unwrap()),
            "{case}"
        );
        let out = stdout(&bin(&["hash", "interface", iface]));
        assert_eq!(
            out,
            format!("{}\n", v["interface_hash"].as_str().unwrap()),
            "{case}"
        );
        let mut args = vec![
            "hash",
            "cache-key",
            "--inputs",
            inputs,
            "--task",
            v["task_name"].as_str().unwrap(),
            "--interface",
            iface,
            "--cache-version",
            v["cache_version"].as_str().unwrap(),
        ];
        let ignored: Vec<&str> = v["ignored_inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        for i in &ignored {
            args.extend(["--ignore", i]);
        }
        let out = stdout(&bin(&args));
        assert_eq!(
            out,
            format!("{}\n", v["cache_key"].as_str().unwrap()),
            "{case}: cache key"
        );
        if let Some(f) = v["filtered_inputs_hash"].as_str() {
            let mut args = vec!["hash", "inputs", inputs];
            for i in &ignored {
                args.extend(["--ignore", i]);
            }
            assert_eq!(stdout(&bin(&args)), format!("{f}\n"), "{case}: filtered");
        }
    }
}

#[test]
fn no_inputs_prints_an_empty_line() {
    let dir = root().join("tests/data/hashing/13_no_inputs");
    assert_eq!(
        stdout(&bin(&[
            "hash",
            "inputs",
            dir.join("inputs.pb").to_str().unwrap()
        ])),
        "\n"
    );
}

#[test]
fn bad_input_fails_with_a_message_on_stderr() {
    let d = root().join("tests/data/hashing/02_list");
    let inputs = d.join("inputs.pb");
    let iface = d.join("interface.pb");
    // An interface where inputs are expected, and the other way round.
    let err = stderr(&bin(&["hash", "inputs", iface.to_str().unwrap()]));
    assert!(
        err.starts_with("error: ") && err.contains("flyteidl2.task.Inputs"),
        "{err}"
    );
    let err = stderr(&bin(&["hash", "interface", inputs.to_str().unwrap()]));
    assert!(err.contains("TypedInterface"), "{err}");
    // A Literal where inputs are expected.
    let lit = root().join("../shared/interop/flyte2/int_42/literal.pb");
    let err = stderr(&bin(&["hash", "inputs", lit.to_str().unwrap()]));
    assert!(err.contains("pass an inputs.pb"), "{err}");
    // Truncated files.
    let tmp = std::env::temp_dir().join("flyte-types-hash-cli-truncated.pb");
    let bytes = std::fs::read(&inputs).unwrap();
    std::fs::write(&tmp, &bytes[..bytes.len() - 3]).unwrap();
    let err = stderr(&bin(&["hash", "inputs", tmp.to_str().unwrap()]));
    assert!(err.contains("truncated"), "{err}");
    let ib = std::fs::read(&iface).unwrap();
    std::fs::write(&tmp, &ib[..ib.len() - 3]).unwrap();
    let err = stderr(&bin(&["hash", "interface", tmp.to_str().unwrap()]));
    assert!(err.contains("truncated"), "{err}");
    let _ = std::fs::remove_file(&tmp);
    // Missing file, missing argument.
    let err = stderr(&bin(&["hash", "inputs", "/nonexistent/inputs.pb"]));
    assert!(err.contains("cannot read /nonexistent/inputs.pb"), "{err}");
    let o = bin(&["hash", "cache-key", "--inputs", inputs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--task"));
}

#[test]
fn help_shows_examples() {
    for args in [
        &["hash", "--help"][..],
        &["hash", "inputs", "--help"],
        &["hash", "interface", "--help"],
        &["hash", "cache-key", "--help"],
    ] {
        let out = stdout(&bin(args));
        assert!(out.contains("Example"), "{args:?}: {out}");
        assert!(out.contains("flyte-types hash"), "{args:?}");
    }
}
