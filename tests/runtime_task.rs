//! examples/summarize_task.rs run as Flyte 2 runs a task container, with the real Flyte 2 SDK
//! (the venv of scripts/setup-python.sh) on both sides: Python writes inputs.pb with its own
//! `convert_from_native_to_inputs` + `upload_inputs`, the example runs as a separate process
//! with the `a0` arguments, Python reads outputs.pb with `load_outputs` + its TypeEngine (and
//! compares the bytes with what its `upload_outputs` writes for the same `Summary`), or error.pb
//! with `load_error`. Local paths here; the same over S3 (moto) with feature `s3`.
//!
//! The example binary is the one `cargo test --features runtime` builds beside this test.
//! FLYTE_TYPES_NO_PYTHON=1 skips the tests loudly when the venv is absent.
#![cfg(feature = "runtime")]

#[cfg(feature = "s3")]
#[path = "runtime_support/moto.rs"]
mod moto;
use crate::runtime_support;
use runtime_support::Scratch;

use flyte_types::engine::FlyteType;
use flyte_types::idl::task::{Inputs, NamedLiteral};
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn python() -> Option<PathBuf> {
    crate::sdk_support::python("summarize_task against the Flyte 2 SDK")
}

/// target/<profile>/examples/summarize_task, built by `cargo test` with this test.
fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = dir.join("summarize_task");
    assert!(
        path.exists(),
        "{} not built: run cargo test --features runtime",
        path.display()
    );
    path
}

/// The Python side (tests/data/runtime/summarize.py); its stdout parsed as JSON when it prints.
fn py(python: &Path, env: &[(&str, String)], args: &[&str]) -> Json {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/runtime/summarize.py");
    let out = Command::new(python)
        .arg(script)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        // The SDK must not import a `flyte/` folder from the working directory.
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "summarize.py {args:?}: {}: {}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    if text.trim().is_empty() {
        Json::Null
    } else {
        serde_json::from_str(text.trim()).unwrap()
    }
}

/// The example as a task container: `a0 --inputs … --outputs-path … --version v1
/// --run-base-dir …` plus the options Flyte passes for Python.
fn run_task(env: &[(&str, String)], inputs: &str, outputs: &str, base: &str) -> Output {
    Command::new(example())
        .args([
            "a0",
            "--inputs",
            inputs,
            "--outputs-path",
            outputs,
            "--version",
            "v1",
            "--run-base-dir",
            base,
            "--raw-data-path",
            base,
            "--run-name",
            "r1",
            "--name",
            "a0",
            "--image-cache",
            "H4sI",
            "--resolver",
            "flyte._internal.resolvers.default.DefaultTaskResolver",
            "mod",
            "summarize",
        ])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn assert_exit_0(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Success: Python's inputs in, Rust's outputs.pb byte-identical to Python's `upload_outputs`
/// of the Summary Python computes, read back by Python as that Summary.
fn success_cases(python: &Path, env: &[(&str, String)], root: &str) {
    let cases = [
        (
            json!({"xs": [3, 1, 2], "label": "hello", "weights": {"b": 2.0, "a": 2.0, "c": 1.5}}),
            json!({"label": "hello", "count": 3, "total": 6, "mean": 2.0, "heaviest": "a"}),
        ),
        // weights left to its default {}: heaviest None; a mean that is not a short decimal.
        (
            json!({"xs": [1, 1, 2], "label": "ünï ✓"}),
            json!({"label": "ünï ✓", "count": 3, "total": 4, "mean": 4.0 / 3.0, "heaviest": null}),
        ),
        (
            json!({"xs": [-5, i64::MIN + 10, 0], "label": "", "weights": {"z": -1.0, "y": -2.5}}),
            json!({"label": "", "count": 3, "total": i64::MIN + 5,
                   "mean": (i64::MIN + 5) as f64 / 3.0, "heaviest": "z"}),
        ),
    ];
    for (i, (kwargs, summary)) in cases.iter().enumerate() {
        let inputs = format!("{root}/ok{i}/inputs.pb");
        let outputs = format!("{root}/ok{i}/out");
        py(python, env, &["write-inputs", &inputs, &kwargs.to_string()]);
        let out = run_task(env, &inputs, &outputs, &format!("{root}/base"));
        assert_exit_0(&out);
        let read = py(
            python,
            env,
            &[
                "check-outputs",
                &format!("{outputs}/outputs.pb"),
                &kwargs.to_string(),
            ],
        );
        assert_eq!(read["summary"], *summary, "case {i}");
        assert_eq!(read["is_summary"], true);
        assert_eq!(read["equals_python"], true, "case {i}");
        assert_eq!(read["bytes_identical"], true, "case {i}: {read}");
    }
}

fn error_of(python: &Path, env: &[(&str, String)], outputs: &str) -> Json {
    py(python, env, &["read-error", &format!("{outputs}/error.pb")])
}

/// Failures end in error.pb (never neither file), exit status 0, read by Flyte 2's load_error.
fn error_cases(python: &Path, env: &[(&str, String)], root: &str) {
    let base = format!("{root}/base");
    // An empty xs: the task's own non-recoverable user error.
    let inputs = format!("{root}/empty/inputs.pb");
    py(
        python,
        env,
        &["write-inputs", &inputs, r#"{"xs": [], "label": "e"}"#],
    );
    let out = run_task(env, &inputs, &format!("{root}/empty/out"), &base);
    assert_exit_0(&out);
    assert_eq!(
        error_of(python, env, &format!("{root}/empty/out")),
        json!({"kind": "USER", "code": "NonRecoverableError",
               "message": "xs must not be empty", "recoverable": false})
    );
    // A panic in the task function: a user error, as an exception raised by a Python task.
    let inputs = format!("{root}/panic/inputs.pb");
    py(
        python,
        env,
        &[
            "write-inputs",
            &inputs,
            r#"{"xs": [9223372036854775807, 1], "label": "p"}"#,
        ],
    );
    let out = run_task(env, &inputs, &format!("{root}/panic/out"), &base);
    assert_exit_0(&out);
    let e = error_of(python, env, &format!("{root}/panic/out"));
    assert_eq!(
        (&e["kind"], &e["code"], &e["recoverable"]),
        (&json!("USER"), &json!("Panic"), &json!(true))
    );
    let message = e["message"].as_str().unwrap();
    assert!(
        message.starts_with("task panicked at examples/summarize_task.rs:")
            && message.ends_with(": the sum of xs fits in an int64"),
        "{message}"
    );
    // Inputs beyond the 10 MiB inline limit: Flyte 2's InlineIOMaxBytesBreached.
    let inputs = format!("{root}/big/inputs.pb");
    // One file per root: the local and S3 tests run at the same time.
    let scheme = root.split("://").next().filter(|_| root.contains("://"));
    let kwargs = std::env::temp_dir().join(format!(
        "ft-task-big-{}-{}.json",
        std::process::id(),
        scheme.unwrap_or("local")
    ));
    let label = "x".repeat(10 * 1024 * 1024);
    std::fs::write(&kwargs, json!({"xs": [1], "label": label}).to_string()).unwrap();
    py(
        python,
        env,
        &["write-inputs", &inputs, &format!("@{}", kwargs.display())],
    );
    std::fs::remove_file(&kwargs).unwrap();
    let out = run_task(env, &inputs, &format!("{root}/big/out"), &base);
    assert_exit_0(&out);
    assert_eq!(
        error_of(python, env, &format!("{root}/big/out")),
        json!({"kind": "USER", "code": "InlineIOMaxBytesBreached",
               "message": format!("Input file at {inputs} exceeds max_bytes limit of 10485760"),
               "recoverable": true})
    );
}

/// Inputs that are not `summarize`'s, written directly (local only).
fn bad_input_cases(python: &Path, root: &str) {
    let base = format!("{root}/base");
    let write = |name: &str, bytes: Vec<u8>| {
        let path = format!("{root}/{name}/inputs.pb");
        std::fs::create_dir_all(Path::new(&path).parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let named = |pairs: Vec<(&str, flyte_types::idl::core::Literal)>| Inputs {
        literals: pairs
            .into_iter()
            .map(|(n, l)| NamedLiteral {
                name: n.into(),
                value: Some(l),
            })
            .collect(),
        ..Default::default()
    };
    let xs = vec![1i64, 2].to_literal().unwrap();
    let weights = std::collections::BTreeMap::<String, f64>::new()
        .to_literal()
        .unwrap();
    let cases = [
        (
            "truncated",
            {
                let full = flyte_types::taskio::encode_inputs(&named(vec![
                    ("xs", xs.clone()),
                    ("label", "l".to_string().to_literal().unwrap()),
                    ("weights", weights.clone()),
                ]));
                full[..full.len() - 3].to_vec()
            },
            ("UNKNOWN", "DecodeError"),
        ),
        (
            "missing",
            flyte_types::taskio::encode_inputs(&named(vec![("xs", xs.clone())])),
            ("USER", "TypeError"),
        ),
        (
            "wrong_type",
            flyte_types::taskio::encode_inputs(&named(vec![
                ("xs", xs.clone()),
                ("label", 7i64.to_literal().unwrap()),
                ("weights", weights.clone()),
            ])),
            ("UNKNOWN", "TypeTransformerFailedError"),
        ),
    ];
    for (name, bytes, (kind, code)) in cases {
        let inputs = write(name, bytes);
        let outputs = format!("{root}/{name}/out");
        let out = run_task(&[], &inputs, &outputs, &base);
        assert_exit_0(&out);
        assert!(
            !Path::new(&format!("{outputs}/outputs.pb")).exists(),
            "{name}"
        );
        let e = error_of(python, &[], &outputs);
        assert_eq!(
            (e["kind"].as_str(), e["code"].as_str()),
            (Some(kind), Some(code)),
            "{name}: {e}"
        );
        assert_eq!(e["recoverable"], true, "{name}");
    }
    let e = error_of(python, &[], &format!("{root}/missing/out"));
    assert_eq!(e["message"], "Missing required inputs: label, weights");
    // Arguments without --run-base-dir (and no _U_RUN_BASE): error.pb, a system error.
    let outputs = format!("{root}/args/out");
    let out = Command::new(example())
        .args([
            "a0",
            "--inputs",
            "/nowhere",
            "--outputs-path",
            &outputs,
            "--version",
            "v",
        ])
        .env_remove("_U_RUN_BASE")
        .output()
        .unwrap();
    assert_exit_0(&out);
    assert_eq!(
        error_of(python, &[], &outputs),
        json!({"kind": "SYSTEM", "code": "MalformedCommand",
               "message": "missing option --run-base-dir (the a0 contract requires it)",
               "recoverable": true})
    );
    // No outputs path at all: nowhere to report, click's usage-error status.
    let out = Command::new(example())
        .args(["a0", "--inputs", "/nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The same through S3 (moto on 127.0.0.1): Python's inputs.pb uploaded there, the task
/// reading and writing s3:// uris with storage from the environment, Python reading back.
#[cfg(feature = "s3")]
#[test]
fn summarize_task_with_flyte2_on_both_sides_over_s3() {
    let Some(python) = python() else { return };
    let Some(moto) = moto::Moto::start() else {
        return;
    };
    let env = moto.env();
    let root = format!("s3://flyte-test/run-{}", std::process::id());
    success_cases(&python, &env, &root);
    error_cases(&python, &env, &root);
}

#[test]
fn summarize_task_with_flyte2_on_both_sides_local_paths() {
    let Some(python) = python() else { return };
    let scratch = Scratch::new("local");
    let root = scratch.path("");
    let root = root.trim_end_matches('/');
    success_cases(&python, &[], root);
    error_cases(&python, &[], root);
    bad_input_cases(&python, root);
}

/// README's "Write a Flyte task in Rust" shows the example's code exactly.
#[test]
fn readme_shows_the_example_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = std::fs::read_to_string(root.join("examples/summarize_task.rs")).unwrap();
    let code = &example[example.find("use flyte_types").unwrap()..];
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## Write a Flyte task in Rust").unwrap()..];
    let start = section.find("```rust,ignore\n").unwrap() + "```rust,ignore\n".len();
    let end = start + section[start..].find("```").unwrap();
    assert_eq!(&section[start..end], code);
}
