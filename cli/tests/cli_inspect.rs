//! The `inspect`, `decode` and `encode` subcommands, run as a user would.

use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flyte-types"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const CORPUS: &str = "../shared/interop";

#[test]
fn inspect_prints_the_bundled_outputs_as_a_tree() {
    let o = run(&["inspect", "examples/data/outputs.pb"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "examples/data/outputs.pb (flyteidl2.task.Outputs, 1 literal)\n\
         o0 (STRUCT):\n  count: 3\n  label: \"hello\"\n  mean: 0.08333333333333333\n  values: (3 items)\n    \
         [0]: 1.5\n    [1]: 2.0\n    [2]: -3.25\n  note: null\n"
    );
}

#[test]
fn inspect_json_prints_canonical_json_by_input_name() {
    let o = run(&[
        "inspect",
        "--json",
        &format!("{CORPUS}/task-io/02_inputs_edge_context/inputs.pb"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json, serde_json::json!({"x": -7, "s": "héllo ✓", "xs": []}));
}

#[test]
fn inspect_types_and_literals_by_name() {
    let o = run(&[
        "inspect",
        &format!("{CORPUS}/flyte2/optional_int_value/type.pb"),
    ]);
    assert_eq!(
        stdout(&o),
        "LiteralType: union\n  0: integer (tag \"int\")\n  1: none (tag \"none\")\n"
    );
    let o = run(&[
        "inspect",
        "--json",
        &format!("{CORPUS}/flyte2/list_float_special/literal.pb"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([1.0, "NaN", "Infinity", "-Infinity", -0.0])
    );
}

#[test]
fn a_truncated_file_is_an_error_that_names_it() {
    let dir = std::env::temp_dir().join(format!("flyte-types-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = std::fs::read(format!(
        "{}/examples/data/outputs.pb",
        concat!(env!("CARGO_MANIFEST_DIR"), "/..")
    ))
    .unwrap();
    let path = dir.join("outputs.pb");
    std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
    let o = run(&["inspect", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "error: {} is not a flyteidl2.task.Outputs",
            path.display()
        )),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn decode_and_encode_round_trip_through_the_cli() {
    let case = format!("{CORPUS}/flyte2/dc_complex");
    let o = run(&[
        "decode",
        "--type",
        &format!("{case}/type.pb"),
        &format!("{case}/literal.pb"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let want: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!(
            "{}/{case}/value.json",
            concat!(env!("CARGO_MANIFEST_DIR"), "/..")
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(json, want);

    let list = format!("{CORPUS}/flyte2/list_int");
    let mut child = bin()
        .args(["encode", "--type", &format!("{list}/type.pb"), "-"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"[1, 2, 3]").unwrap();
    let o = child.wait_with_output().unwrap();
    let golden = std::fs::read(format!(
        "{}/{list}/literal.pb",
        concat!(env!("CARGO_MANIFEST_DIR"), "/..")
    ))
    .unwrap();
    assert_eq!(o.stdout, golden);
}

#[test]
fn encode_errors_say_where_the_json_does_not_fit() {
    let dir = std::env::temp_dir().join(format!("flyte-types-cli-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let value = dir.join("value.json");
    std::fs::write(&value, r#"[1, "two"]"#).unwrap();
    let o = run(&[
        "encode",
        "--type",
        &format!("{CORPUS}/flyte2/list_int/type.pb"),
        value.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: cannot encode: at [1]: expected an integer, found \"two\"\n"
    );
    std::fs::write(&value, "[1,").unwrap();
    let o = run(&[
        "encode",
        "--type",
        &format!("{CORPUS}/flyte2/list_int/type.pb"),
        value.to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).starts_with("error: invalid JSON: "),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A type file as a tree: struct fields in declaration order with nested dataclasses, formats,
/// optionals; union variants by position with their tags; and the same as JSON.
#[test]
fn a_type_file_shows_as_a_tree_and_as_json() {
    let o = run(&["inspect", &format!("{CORPUS}/flyte2/dc_complex/type.pb")]);
    assert_eq!(
        stdout(&o),
        "LiteralType: struct Complex\n  inner: Inner\n    a: integer\n    label: string\n  \
         items: list of integer\n  mapping: dict of number\n  maybe: integer | null\n  \
         maybe_missing: string | null\n  color: enum (\"red\", \"green\", \"blue\")\n  \
         when: string (date-time)\n  naive_when: string (date-time)\n  day: string (date)\n  \
         took: number (time-delta)\n  raw: string (base64)\n"
    );
    let o = run(&[
        "inspect",
        &format!("{CORPUS}/flyte2/union_dataclasses_cat/type.pb"),
    ]);
    assert_eq!(
        stdout(&o),
        "LiteralType: union\n  0: struct Cat (tag \"Object-Dataclass-Transformer\")\n    \
         name: string\n    lives: integer\n  1: struct Dog (tag \"Object-Dataclass-Transformer\")\n    \
         name: string\n    good: boolean\n"
    );
    let o = run(&[
        "inspect",
        "--json",
        &format!("{CORPUS}/flyte2/dict_str_dataclass/type.pb"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"type": "dict", "values": {"values": {"type": "struct Inner",
            "fields": {"a": {"type": "integer"}, "label": {"type": "string"}}}}})
    );
}

/// `--name` picks one entry of an inputs / outputs file, for `inspect --json` and `decode`;
/// `-` reads standard input.
#[test]
fn one_entry_by_name_and_stdin() {
    let inputs = format!("{CORPUS}/task-io/01_inputs_basic/inputs.pb");
    let o = run(&["inspect", "--json", "--name", "xs", &inputs]);
    assert_eq!(stdout(&o), "[\n  1.5,\n  2.0,\n  -3.25\n]\n");
    let o = run(&[
        "decode",
        "--type",
        &format!("{CORPUS}/flyte2/int_42/type.pb"),
        "--name",
        "x",
        &inputs,
    ]);
    assert_eq!(stdout(&o), "42\n");
    let o = run(&["inspect", "--name", "zz", &inputs]);
    assert_eq!(
        stderr(&o),
        format!("error: {inputs} has no entry \"zz\" (it has x, s, xs)\n")
    );
    let mut child = bin()
        .args(["inspect", "--as", "inputs", "-"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let bytes = std::fs::read(format!(
        "{}/{inputs}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/..")
    ))
    .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        stdout(&o).starts_with("- (flyteidl2.task.Inputs, 3 literals)\nx (INTEGER): 42\n"),
        "{}",
        stdout(&o)
    );
}

/// A cut-off literal or type says it is truncated, and where.
#[test]
fn a_truncated_literal_or_type_is_reported_as_truncated() {
    let dir = std::env::temp_dir().join(format!("flyte-types-trunc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let ty = std::fs::read(format!("{root}/{CORPUS}/flyte2/dc_complex/type.pb")).unwrap();
    let path = dir.join("type.pb");
    std::fs::write(&path, &ty[..ty.len() - 3]).unwrap();
    let o = run(&["inspect", path.to_str().unwrap()]);
    assert_eq!(
        stderr(&o),
        format!(
            "error: {} is truncated: its last field (at byte 1104) runs past the end of the file ({} bytes); re-download or re-write it\n",
            path.display(),
            ty.len() - 3
        )
    );
    let lit = std::fs::read(format!("{root}/{CORPUS}/flyte2/dc_complex/literal.pb")).unwrap();
    let path = dir.join("cut.bin");
    std::fs::write(&path, &lit[..40]).unwrap();
    let o = run(&["inspect", path.to_str().unwrap()]);
    assert_eq!(
        stderr(&o),
        format!(
            "error: {} is truncated: its last field (at byte 0) runs past the end of the file (40 bytes); re-download or re-write it\n",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `-` reads standard input in `hash`, `render` and `cast` as well: the same answers as the
/// file.
#[test]
fn every_file_argument_takes_stdin() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let with_stdin = |args: &[&str], file: &str| {
        let mut child = bin()
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let bytes = std::fs::read(format!("{root}/{file}")).unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        child.wait_with_output().unwrap()
    };
    let inputs = format!("{CORPUS}/task-io/01_inputs_basic/inputs.pb");
    let int = format!("{CORPUS}/flyte2/int_42/type.pb");
    for (args, file, with_path) in [
        (
            vec!["hash", "inputs", "-"],
            &inputs,
            vec!["hash", "inputs", inputs.as_str()],
        ),
        (
            vec!["render", "-"],
            &inputs,
            vec!["render", inputs.as_str()],
        ),
        (
            vec!["cast", "-", int.as_str()],
            &int,
            vec!["cast", int.as_str(), int.as_str()],
        ),
    ] {
        let piped = with_stdin(&args, file);
        let direct = run(&with_path);
        assert_eq!(piped.status.code(), Some(0), "{args:?}: {}", stderr(&piped));
        assert_eq!(stdout(&piped), stdout(&direct), "{args:?}");
    }
}
