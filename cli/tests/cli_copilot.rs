//! `flyte-types download` / `upload`: CoPilot's file layout for raw container tasks, both ways,
//! on the corpus's task-io files and on a case of each family.
#![cfg(feature = "store")]

use flyte_types::cast::literal_type_of;
use flyte_types::engine::{Dir, File, FlyteType};
use flyte_types::idl::core::{
    ErrorDocument, Literal, LiteralOffloadedMetadata, LiteralType, TypedInterface, Variable,
    VariableEntry, VariableMap, literal,
};
use flyte_types::idl::task::{Inputs, NamedLiteral};
use flyte_types::runtime::{ErrorOrigin, TaskError};
use flyte_types::taskio::{self, FileKind};
use flyte_types::wire::encode_canonical;
use prost::Message;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

struct Scratch(PathBuf);
impl Scratch {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!("ft-copilot-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn cli(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Every file under `dir` (relative path -> bytes), inputs.pb left out.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                if rel != "inputs.pb" {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn interface(vars: &[(&str, LiteralType)]) -> TypedInterface {
    TypedInterface {
        inputs: None,
        outputs: Some(VariableMap {
            variables: vars
                .iter()
                .map(|(n, t)| VariableEntry {
                    key: n.to_string(),
                    value: Some(Variable {
                        r#type: Some(t.clone()),
                        ..Default::default()
                    }),
                })
                .collect(),
        }),
    }
}

fn named(pairs: Vec<(&str, Literal)>) -> Vec<NamedLiteral> {
    pairs
        .into_iter()
        .map(|(n, v)| NamedLiteral {
            name: n.into(),
            value: Some(v),
        })
        .collect()
}

/// `upload` with `vars` as the interface's outputs; `raw` is `--raw-data-path`.
fn upload(
    scratch: &Path,
    vars: &[(&str, LiteralType)],
    dir: &Path,
    out: &Path,
    raw: Option<&Path>,
) -> std::process::Output {
    let iface_path = scratch.join("interface.pb");
    std::fs::write(&iface_path, encode_canonical(&interface(vars))).unwrap();
    let mut args = vec![
        "upload".to_string(),
        "--interface".into(),
        iface_path.display().to_string(),
        "--dir".into(),
        dir.display().to_string(),
        "--outputs-path".into(),
        out.display().to_string(),
    ];
    if let Some(raw) = raw {
        args.extend(["--raw-data-path".to_string(), raw.display().to_string()]);
    }
    Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .args(&args)
        .output()
        .unwrap()
}

fn ok(o: std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// download then upload: the outputs.pb literals.
fn round_trip(scratch: &Path, file: &Path, vars: &[(&str, LiteralType)]) -> Vec<NamedLiteral> {
    let dir = scratch.join("d");
    let out = scratch.join("out");
    cli(&[
        "download",
        "--inputs",
        file.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
    ]);
    ok(upload(
        scratch,
        vars,
        &dir,
        &out,
        Some(&scratch.join("raw")),
    ));
    outputs_in(&out)
}

fn outputs_in(out: &Path) -> Vec<NamedLiteral> {
    let bytes = std::fs::read(out.join("outputs.pb")).unwrap();
    taskio::read(&bytes, Some(FileKind::Outputs))
        .unwrap()
        .named_literals()
}

/// Each corpus task-io file: downloaded, uploaded back by the types of its literals, the same
/// literals.
#[test]
fn every_corpus_task_io_file_round_trips() {
    let root = repo().join("../shared/interop/task-io");
    let mut n = 0;
    for case in std::fs::read_dir(&root).unwrap() {
        let case = case.unwrap().path();
        for name in ["inputs.pb", "outputs.pb"] {
            let file = case.join(name);
            if !file.exists() {
                continue;
            }
            let original = taskio::read(&std::fs::read(&file).unwrap(), None)
                .unwrap()
                .named_literals();
            let vars: Vec<(&str, LiteralType)> = original
                .iter()
                .map(|nl| {
                    (
                        nl.name.as_str(),
                        literal_type_of(nl.value.as_ref().unwrap()).unwrap(),
                    )
                })
                .collect();
            let scratch = Scratch::new(&format!("corpus{n}"));
            let back = round_trip(&scratch.0, &file, &vars);
            assert_eq!(back, original, "{}", file.display());
            n += 1;
        }
    }
    assert_eq!(n, 4);
}

#[derive(Debug, Clone, PartialEq, flyte_types::engine::FlyteType)]
struct Point {
    x: f64,
    label: String,
}

/// One input of each family, with the exact files `download` writes, and what `upload` makes of
/// them again.
#[test]
fn each_family_has_its_layout_and_comes_back() {
    let scratch = Scratch::new("families");
    let src = scratch.0.join("src");
    std::fs::create_dir_all(src.join("folder/sub")).unwrap();
    std::fs::write(src.join("report.csv"), b"a,b\n1,2\n").unwrap();
    std::fs::write(src.join("folder/x.txt"), b"x").unwrap();
    std::fs::write(src.join("folder/sub/y.txt"), b"yy").unwrap();
    let mut file = File::new(src.join("report.csv").display().to_string());
    file.format = "csv".into();
    let dir = Dir::new(src.join("folder").display().to_string());
    let big: Vec<i64> = vec![10, 20, 30];
    let offloaded_at = src.join("big_offloaded_metadata.pb");
    std::fs::write(&offloaded_at, encode_canonical(&big.to_literal().unwrap())).unwrap();
    let offloaded = Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: offloaded_at.display().to_string(),
                size_bytes: 0,
                inferred_type: Some(<Vec<i64>>::literal_type()),
            },
        ))),
        ..Default::default()
    };
    let mut weights = BTreeMap::new();
    weights.insert("a".to_string(), vec![1.5f64, 2.0]);
    weights.insert("b".to_string(), vec![]);
    let when = chrono::DateTime::parse_from_rfc3339("2026-12-03T10:00:00.120Z")
        .unwrap()
        .to_utc();
    let took = chrono::TimeDelta::milliseconds(3_723_500);
    let point = Point {
        x: 0.1,
        label: "p".into(),
    };
    let inputs = Inputs {
        literals: named(vec![
            ("n", 42i64.to_literal().unwrap()),
            ("ratio", 2.0f64.to_literal().unwrap()),
            ("ok", true.to_literal().unwrap()),
            ("s", "héllo\nworld".to_string().to_literal().unwrap()),
            ("when", when.to_literal().unwrap()),
            ("took", took.to_literal().unwrap()),
            ("nothing", None::<i64>.to_literal().unwrap()),
            ("xs", vec![3i64, 1, 2].to_literal().unwrap()),
            ("weights", weights.to_literal().unwrap()),
            ("point", point.to_literal().unwrap()),
            ("report", file.to_literal().unwrap()),
            ("folder", dir.to_literal().unwrap()),
            ("big", offloaded),
        ]),
        ..Default::default()
    };
    let inputs_path = scratch.0.join("inputs.pb");
    std::fs::write(&inputs_path, taskio::encode_inputs(&inputs)).unwrap();
    let d = scratch.0.join("d");
    cli(&[
        "download",
        "--inputs",
        inputs_path.to_str().unwrap(),
        "--dir",
        d.to_str().unwrap(),
        "--format",
        "yaml",
    ]);
    let files = tree(&d);
    let text = |k: &str| String::from_utf8(files[k].clone()).unwrap();
    let layout: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        layout,
        [
            "big/0",
            "big/1",
            "big/2",
            "folder/sub/y.txt",
            "folder/x.txt",
            "inputs.yaml",
            "n",
            "nothing",
            "ok",
            "point",
            "ratio",
            "report",
            "s",
            "took",
            "weights/a/0",
            "weights/a/1",
            "when",
            "xs/0",
            "xs/1",
            "xs/2",
        ]
    );
    assert!(d.join("weights/b").is_dir());
    assert_eq!(
        [
            text("n"),
            text("ratio"),
            text("ok"),
            text("s"),
            text("when"),
            text("took"),
            text("nothing")
        ],
        [
            "42",
            "2",
            "true",
            "héllo\nworld",
            "2026-12-03T10:00:00.12Z",
            "1h2m3.5s",
            "null"
        ]
    );
    assert_eq!([text("xs/0"), text("xs/1"), text("xs/2")], ["3", "1", "2"]);
    assert_eq!([text("weights/a/0"), text("weights/a/1")], ["1.5", "2"]);
    assert_eq!(
        [text("big/0"), text("big/1"), text("big/2")],
        ["10", "20", "30"]
    );
    assert_eq!(text("point"), "{\n  \"x\": 0.1,\n  \"label\": \"p\"\n}");
    assert_eq!(files["report"], b"a,b\n1,2\n");
    assert_eq!(files["folder/x.txt"], b"x");
    assert_eq!(files["folder/sub/y.txt"], b"yy");
    let yaml = text("inputs.yaml");
    assert!(
        yaml.starts_with("\"n\": 42\n\"ratio\": 2.0\n\"ok\": true\n"),
        "{yaml}"
    );
    assert!(yaml.contains("\"xs\":\n  - 3\n  - 1\n  - 2\n"), "{yaml}");
    assert!(
        yaml.contains("\"weights\":\n  \"a\":\n    - 1.5\n    - 2.0\n  \"b\": []\n"),
        "{yaml}"
    );

    // inputs.pb: the inputs with the offloaded literal inline and the blobs at their copies.
    let local = taskio::decode_inputs(&std::fs::read(d.join("inputs.pb")).unwrap()).unwrap();
    let lit = |name: &str| taskio::lookup(&local.literals, name).unwrap().clone();
    assert_eq!(lit("big"), big.to_literal().unwrap());
    assert_eq!(
        File::from_literal(&lit("report")).unwrap().uri,
        d.join("report").display().to_string()
    );
    assert_eq!(
        Dir::from_literal(&lit("folder")).unwrap().uri,
        d.join("folder").display().to_string()
    );
    assert_eq!(lit("xs"), inputs.literals[7].value.clone().unwrap());

    // upload: the same layout back, by the interface's types.
    let types: Vec<(&str, LiteralType)> = vec![
        ("n", i64::literal_type()),
        ("ratio", f64::literal_type()),
        ("ok", bool::literal_type()),
        ("s", String::literal_type()),
        ("when", <chrono::DateTime<chrono::Utc>>::literal_type()),
        ("took", chrono::TimeDelta::literal_type()),
        ("nothing", <Option<i64>>::literal_type()),
        ("xs", <Vec<i64>>::literal_type()),
        ("weights", <BTreeMap<String, Vec<f64>>>::literal_type()),
        ("point", Point::literal_type()),
        ("report", csv_file_type()),
        ("folder", Dir::literal_type()),
        ("big", <Vec<i64>>::literal_type()),
    ];
    let out = scratch.0.join("out");
    let raw = scratch.0.join("raw");
    ok(upload(&scratch.0, &types, &d, &out, Some(&raw)));
    let back = outputs_in(&out);
    let names: Vec<&str> = back.iter().map(|nl| nl.name.as_str()).collect();
    assert_eq!(names, types.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    for (i, nl) in back.iter().enumerate() {
        match nl.name.as_str() {
            "report" | "folder" | "big" => {}
            _ => assert_eq!(nl.value, inputs.literals[i].value, "{}", nl.name),
        }
    }
    let report = File::from_literal(back[10].value.as_ref().unwrap()).unwrap();
    assert_eq!(report.uri, raw.join("report").display().to_string());
    assert_eq!(report.format, "csv");
    assert_eq!(std::fs::read(&report.uri).unwrap(), b"a,b\n1,2\n");
    let folder = Dir::from_literal(back[11].value.as_ref().unwrap()).unwrap();
    assert_eq!(folder.uri, raw.join("folder").display().to_string());
    assert_eq!(std::fs::read(raw.join("folder/sub/y.txt")).unwrap(), b"yy");
    assert_eq!(back[12].value, Some(big.to_literal().unwrap()));
}

/// `File` with format "csv" (Python `File[csv]`-style): the format the uploaded literal gets.
fn csv_file_type() -> LiteralType {
    let mut t = File::literal_type();
    if let Some(flyte_types::idl::core::literal_type::Type::Blob(b)) = &mut t.r#type {
        b.format = "csv".into();
    }
    t
}

/// The task's error file becomes error.pb (a user error) and no outputs are read.
#[test]
fn an_error_file_becomes_error_pb() {
    let scratch = Scratch::new("error");
    let d = scratch.0.join("d");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("error"), "tool exited with 3: bad header").unwrap();
    let out = scratch.0.join("out");
    ok(upload(
        &scratch.0,
        &[("o0", i64::literal_type())],
        &d,
        &out,
        None,
    ));
    assert!(!out.join("outputs.pb").exists());
    let doc =
        ErrorDocument::decode(std::fs::read(out.join("error.pb")).unwrap().as_slice()).unwrap();
    let e = TaskError::from_error_document(&doc, "");
    assert_eq!(
        (e.origin(), e.code(), e.message(), e.recoverable()),
        (
            ErrorOrigin::User,
            "UserError",
            "tool exited with 3: bad header",
            true
        )
    );
}

/// A list folder with a gap, or a value that does not parse, is an error naming the file.
#[test]
fn malformed_layouts_are_errors_that_name_the_file() {
    let scratch = Scratch::new("bad");
    let d = scratch.0.join("d");
    std::fs::create_dir_all(d.join("xs")).unwrap();
    std::fs::write(d.join("xs/0"), "1").unwrap();
    std::fs::write(d.join("xs/2"), "3").unwrap();
    std::fs::write(d.join("n"), "4x").unwrap();
    let run =
        |vars: &[(&str, LiteralType)]| upload(&scratch.0, vars, &d, &scratch.0.join("out"), None);
    let o = run(&[("xs", <Vec<i64>>::literal_type())]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "error: output xs: {} holds 2 entries but no 1: a list is laid out as 0, 1, …\n",
            d.join("xs").display()
        )
    );
    let o = run(&[("n", i64::literal_type())]);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "error: output n: {}: \"4x\" is not an int64: invalid digit found in string\n",
            d.join("n").display()
        )
    );
    assert!(!scratch.0.join("out/outputs.pb").exists());
}
