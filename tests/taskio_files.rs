//! Task I/O goldens (../shared/interop/task-io): read, looked up by name, re-written byte for
//! byte; inputs built from literals + defaults as Flyte 2 does; detection of the message type.

use flyte_types::ErrorKind;
use flyte_types::idl::core::{
    Literal, LiteralCollection, Primitive, Scalar, literal, primitive, scalar,
};
use flyte_types::idl::task::{Inputs, NamedLiteral, NamedParameter, Outputs};
use flyte_types::taskio::{
    self, Detection, FileKind, InputDefault, InputSpec, TaskIoErrorKind, TaskIoFile,
};
use std::path::PathBuf;

fn golden(case: &str) -> PathBuf {
    crate::corpus::interop().join("task-io").join(case)
}

fn prim(v: primitive::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Primitive(Primitive { value: Some(v) })),
        }))),
        ..Default::default()
    }
}

fn int(i: i64) -> Literal {
    prim(primitive::Value::Integer(i))
}
fn string(s: &str) -> Literal {
    prim(primitive::Value::StringValue(s.into()))
}
fn floats(xs: &[f64]) -> Literal {
    Literal {
        value: Some(literal::Value::Collection(LiteralCollection {
            literals: xs
                .iter()
                .map(|f| prim(primitive::Value::FloatValue(*f)))
                .collect(),
        })),
        ..Default::default()
    }
}

fn summarize_spec() -> Vec<InputSpec> {
    vec![
        InputSpec::required("x"),
        InputSpec::required("s"),
        InputSpec::required("xs"),
    ]
}

#[test]
fn every_golden_reads_and_rewrites_byte_identically() {
    for (case, file, kind) in [
        ("01_inputs_basic", "inputs.pb", FileKind::Inputs),
        ("02_inputs_edge_context", "inputs.pb", FileKind::Inputs),
        ("03_outputs_dataclass", "outputs.pb", FileKind::Outputs),
        ("04_inputs_defaults_filled", "inputs.pb", FileKind::Inputs),
    ] {
        let path = golden(case).join(file);
        let bytes = std::fs::read(&path).unwrap();
        let read = taskio::read_path(&path, None).unwrap();
        assert_eq!(read.kind(), kind, "{case}");
        assert_eq!(read.encode(), bytes, "{case}: re-written bytes");
        // Reading with an explicit type gives the same.
        assert_eq!(taskio::read(&bytes, Some(kind)).unwrap(), read);
        // Write to disk and compare.
        let out = std::env::temp_dir().join(format!("flyte-types-taskio-{case}.pb"));
        taskio::write_path(&out, &read).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), bytes, "{case}: file on disk");
        let _ = std::fs::remove_file(out);
    }
}

#[test]
fn built_inputs_match_the_goldens() {
    // 01: positional call (42, "hello", [1.5, 2.0, -3.25]).
    let built = taskio::build_inputs(
        &summarize_spec(),
        vec![
            ("x".into(), int(42)),
            ("s".into(), string("hello")),
            ("xs".into(), floats(&[1.5, 2.0, -3.25])),
        ],
        vec![],
    )
    .unwrap();
    assert_eq!(
        taskio::encode_inputs(&built),
        std::fs::read(golden("01_inputs_basic/inputs.pb")).unwrap()
    );

    // 02: keyword call out of order + custom context: literals follow the declaration order.
    let built = taskio::build_inputs(
        &summarize_spec(),
        vec![
            ("xs".into(), floats(&[])),
            ("s".into(), string("héllo ✓")),
            ("x".into(), int(-7)),
        ],
        vec![
            ("team".into(), "ml".into()),
            ("run_kind".into(), "golden".into()),
        ],
    )
    .unwrap();
    assert_eq!(
        taskio::encode_inputs(&built),
        std::fs::read(golden("02_inputs_edge_context/inputs.pb")).unwrap()
    );
    assert_eq!(
        taskio::context(&built),
        vec![("team", "ml"), ("run_kind", "golden")]
    );

    // 04: defaults s="dflt", xs=[0.5] are written in.
    let spec = vec![
        InputSpec::required("x"),
        InputSpec::with_default("s", string("dflt")),
        InputSpec::with_default("xs", floats(&[0.5])),
    ];
    let built = taskio::build_inputs(&spec, vec![("x".into(), int(5))], vec![]).unwrap();
    assert_eq!(
        taskio::encode_inputs(&built),
        std::fs::read(golden("04_inputs_defaults_filled/inputs.pb")).unwrap()
    );
}

#[test]
fn specs_from_registered_default_inputs() {
    use flyte_types::idl::core::{Parameter, parameter::Behavior};
    let defaults = vec![
        NamedParameter {
            name: "s".into(),
            parameter: Some(Parameter {
                var: None,
                behavior: Some(Behavior::Default(string("dflt"))),
            }),
        },
        NamedParameter {
            name: "xs".into(),
            parameter: Some(Parameter {
                var: None,
                behavior: Some(Behavior::Default(floats(&[0.5]))),
            }),
        },
    ];
    let spec = taskio::specs_from_defaults(&["x", "s", "xs"], &defaults);
    assert_eq!(spec[0].default, InputDefault::Required);
    let built = taskio::build_inputs(&spec, vec![("x".into(), int(5))], vec![]).unwrap();
    assert_eq!(
        taskio::encode_inputs(&built),
        std::fs::read(golden("04_inputs_defaults_filled/inputs.pb")).unwrap()
    );
}

#[test]
fn sdk_error_messages() {
    let spec = vec![
        InputSpec::required("a"),
        InputSpec::required("b"),
        InputSpec::with_default("c", int(1)),
    ];
    let err = taskio::build_inputs(&spec, vec![], vec![]).unwrap_err();
    assert_eq!(err.to_string(), "Missing required inputs: a, b");

    let err = taskio::build_inputs(
        &spec[..1],
        vec![("a".into(), int(1)), ("b".into(), int(2))],
        vec![],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Received more input values 2 than allowed by the input spec 1"
    );

    let err = taskio::build_inputs(&spec, vec![("zz".into(), int(1))], vec![]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown input 'zz': the task declares inputs [a, b, c]"
    );

    let err = taskio::build_inputs(
        &spec,
        vec![("a".into(), int(1)), ("a".into(), int(2))],
        vec![],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::TaskIo(TaskIoErrorKind::DuplicateInput { .. })
    ));

    // Reading: more values than the interface declares.
    let inputs =
        taskio::decode_inputs(&std::fs::read(golden("01_inputs_basic/inputs.pb")).unwrap())
            .unwrap();
    let err = taskio::check_inputs(&inputs.literals, &["x", "s"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Received more input values 3 than allowed by the input spec 2"
    );
    assert!(taskio::check_inputs(&inputs.literals, &["xs", "s", "x", "extra"]).is_ok());
}

#[test]
fn none_quirk_and_none_default() {
    let spec = vec![
        InputSpec {
            name: "x".into(),
            default: InputDefault::NoneNotOptional,
        },
        InputSpec::with_default("y", taskio::none_literal()),
    ];
    let built = taskio::build_inputs(&spec, vec![], vec![]).unwrap();
    assert_eq!(built.literals[0].value, Some(Literal::default()));
    // x: empty literal (0a03 0a0178 1200), y: none literal.
    assert_eq!(
        taskio::encode_inputs(&built),
        [
            0x0a, 0x05, 0x0a, 0x01, b'x', 0x12, 0x00, 0x0a, 0x09, 0x0a, 0x01, b'y', 0x12, 0x04,
            0x0a, 0x02, 0x2a, 0x00
        ]
    );
}

#[test]
fn reading_is_order_independent() {
    let inputs =
        taskio::decode_inputs(&std::fs::read(golden("02_inputs_edge_context/inputs.pb")).unwrap())
            .unwrap();
    assert_eq!(taskio::lookup(&inputs.literals, "x"), Some(&int(-7)));
    assert_eq!(
        taskio::lookup(&inputs.literals, "s"),
        Some(&string("héllo ✓"))
    );
    assert_eq!(taskio::lookup(&inputs.literals, "nope"), None);
    let mut reversed = inputs.clone();
    reversed.literals.reverse();
    for name in ["x", "s", "xs"] {
        assert_eq!(
            taskio::lookup(&reversed.literals, name),
            taskio::lookup(&inputs.literals, name)
        );
    }
    // Duplicate names: last wins, as the SDK's dict comprehension.
    let dup = vec![
        NamedLiteral {
            name: "a".into(),
            value: Some(int(1)),
        },
        NamedLiteral {
            name: "a".into(),
            value: Some(int(2)),
        },
    ];
    assert_eq!(taskio::lookup(&dup, "a"), Some(&int(2)));
    assert_eq!(taskio::to_literal_map(&dup).literals["a"], int(2));
}

#[test]
fn outputs_positional_named_and_empty() {
    let golden_bytes = std::fs::read(golden("03_outputs_dataclass/outputs.pb")).unwrap();
    let golden_outputs = taskio::decode_outputs(&golden_bytes).unwrap();
    let o0 = golden_outputs.literals[0].value.clone().unwrap();
    assert_eq!(
        taskio::encode_outputs(&taskio::outputs_positional(vec![o0.clone()])),
        golden_bytes
    );
    let named = taskio::outputs_named(vec![("mean".into(), int(1)), ("count".into(), int(2))]);
    assert_eq!(named.literals[0].name, "mean");
    let two = taskio::outputs_positional(vec![int(1), int(2)]);
    assert_eq!(two.literals[1].name, "o1");
    // No return value: an empty Outputs is a 0-byte file, and a 0-byte file reads as one.
    let empty = taskio::outputs_positional(vec![]);
    assert!(taskio::encode_outputs(&empty).is_empty());
    assert_eq!(taskio::decode_outputs(&[]).unwrap(), Outputs::default());
    assert_eq!(taskio::decode_inputs(&[]).unwrap(), Inputs::default());
}

#[test]
fn detection_and_v1_literal_map() {
    let inputs_ctx = std::fs::read(golden("02_inputs_edge_context/inputs.pb")).unwrap();
    assert_eq!(
        taskio::detect(&inputs_ctx).unwrap(),
        Detection::Certain(FileKind::Inputs)
    );
    let basic = std::fs::read(golden("01_inputs_basic/inputs.pb")).unwrap();
    assert_eq!(taskio::detect(&basic).unwrap(), Detection::Ambiguous);
    assert_eq!(taskio::read(&basic, None).unwrap().kind(), FileKind::Inputs);
    let outputs = std::fs::read(golden("03_outputs_dataclass/outputs.pb")).unwrap();
    assert_eq!(
        taskio::read(&outputs, None).unwrap().kind(),
        FileKind::Outputs
    );

    // inputs.pb parses as a LiteralMap; re-writing it as one sorts the keys.
    let map = taskio::decode_literal_map(&basic).unwrap();
    assert_eq!(map.literals.len(), 3);
    let rewritten = taskio::encode_literal_map(&map);
    let reread = taskio::decode_literal_map(&rewritten).unwrap();
    assert_eq!(reread, map);
    let names: Vec<String> = TaskIoFile::LiteralMap(map)
        .named_literals()
        .into_iter()
        .map(|n| n.name)
        .collect();
    assert_eq!(names, ["s", "x", "xs"]);

    // Produced artifacts (field 3) mark an Outputs.
    let mut o = taskio::outputs_positional(vec![int(1)]);
    o.produced_artifacts.push(Default::default());
    let bytes = taskio::encode_outputs(&o);
    assert_eq!(
        taskio::detect(&bytes).unwrap(),
        Detection::Certain(FileKind::Outputs)
    );
    let err = taskio::decode_inputs(&bytes).unwrap_err();
    assert!(
        err.to_string().contains("only flyteidl2.task.Outputs has"),
        "{err}"
    );
}

#[test]
fn wrong_message_and_truncated_files_are_errors() {
    let corpus = crate::corpus::interop().join("flyte2");
    for case in [
        "int_42",
        "list_int",
        "dict_str_int",
        "file_remote_csv",
        "dc_flat",
    ] {
        let lit = std::fs::read(corpus.join(case).join("literal.pb")).unwrap();
        let err = taskio::read(&lit, None).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::TaskIo(
                    TaskIoErrorKind::WrongMessage { .. } | TaskIoErrorKind::Decode { .. }
                )
            ),
            "{case}: {err}"
        );
        let ty = std::fs::read(corpus.join(case).join("type.pb")).unwrap();
        assert!(taskio::read(&ty, None).is_err(), "{case}: type.pb");
    }
    let basic = std::fs::read(golden("01_inputs_basic/inputs.pb")).unwrap();
    for cut in [1, 5, 20, basic.len() - 1] {
        let err = taskio::read(&basic[..cut], None).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::TaskIo(
                    TaskIoErrorKind::Truncated
                        | TaskIoErrorKind::Decode { .. }
                        | TaskIoErrorKind::WrongMessage { .. }
                )
            ),
            "cut at {cut}: {err}"
        );
    }
    let err = taskio::read(&basic[..basic.len() - 1], None).unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    let err = taskio::read_path(&golden("does-not-exist.pb"), None).unwrap_err();
    assert!(err.to_string().contains("does-not-exist.pb"), "{err}");
}

#[derive(Debug, flyte_types::engine::FlyteInputs)]
struct Basic {
    x: i64,
    s: String,
    xs: Vec<f64>,
}

#[derive(Debug, PartialEq, flyte_types::engine::FlyteType)]
struct Stats {
    count: i64,
    label: String,
    mean: f64,
    values: Vec<f64>,
    note: Option<String>,
}

/// The typed one-liners on the SDK's own files: inputs.pb into a struct, a returned value
/// into outputs.pb byte for byte as Flyte 2's `upload_outputs` wrote it.
#[test]
fn typed_one_liners_read_and_write_the_sdk_files() {
    let file = std::fs::File::open(golden("01_inputs_basic").join("inputs.pb")).unwrap();
    let basic: Basic = taskio::from_reader(file).unwrap();
    assert_eq!(
        (basic.x, basic.s.as_str(), basic.xs),
        (42, "hello", vec![1.5, 2.0, -3.25])
    );
    let stats = Stats {
        count: 3,
        label: "hello".into(),
        mean: 0.08333333333333333,
        values: vec![1.5, 2.0, -3.25],
        note: None,
    };
    let golden_bytes = std::fs::read(golden("03_outputs_dataclass").join("outputs.pb")).unwrap();
    let mut written = Vec::new();
    taskio::to_writer(&mut written, stats).unwrap();
    assert_eq!(written, golden_bytes);
    // A missing input is named; an input of another type says which.
    let e = taskio::from_slice::<Basic>(&golden_bytes).unwrap_err();
    assert_eq!(e.to_string(), "Missing required inputs: x, s, xs");
    let e = taskio::from_slice::<Stats2>(
        &std::fs::read(golden("01_inputs_basic").join("inputs.pb")).unwrap(),
    )
    .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::TaskIo(TaskIoErrorKind::Convert)),
        "{e}"
    );
    assert!(e.to_string().contains("s"), "{e}");
    assert_eq!(taskio::to_vec(taskio::NoOutputs).unwrap(), b"");
}

#[derive(Debug, flyte_types::engine::FlyteInputs)]
struct Stats2 {
    x: i64,
    s: i64,
    xs: Vec<f64>,
}
