//! The task runtime kit by uri (feature `store`): error.pb bytes against the files Flyte 2's
//! `upload_error` wrote (tests/data/errors), inputs read with the streaming limit, offloaded
//! inputs, path rewrites, the reserved context keys, outputs.pb, and the classification table.
#![cfg(feature = "store")]

use crate::runtime_support;
use flyte_types::ErrorKind;
use runtime_support::Scratch;

use flyte_types::engine::FlyteType;
use flyte_types::idl::core::{
    ErrorDocument, KeyValuePair, Literal, LiteralOffloadedMetadata, literal,
};
use flyte_types::idl::task::{Inputs, NamedLiteral, Outputs};
use flyte_types::io::Store;
use flyte_types::runtime::{
    self, ErrorOrigin, PathRewrite, TaskError, load_error, load_inputs, write_error, write_outputs,
};
use flyte_types::taskio::{TaskIoErrorKind, encode_inputs, encode_outputs};
use flyte_types::wire::encode_canonical;
use std::path::{Path, PathBuf};

fn errors_dir() -> PathBuf {
    crate::corpus::data().join("errors")
}

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn expected_case(case: &Path) -> TaskError {
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(case.join("case.json")).unwrap()).unwrap();
    let origin = match j["origin"].as_str().unwrap() {
        "USER" => ErrorOrigin::User,
        "SYSTEM" => ErrorOrigin::System,
        "UNKNOWN" => ErrorOrigin::Unknown,
        other => panic!("origin {other}"),
    };
    TaskError::new(
        origin,
        j["code"].as_str().unwrap(),
        j["message"].as_str().unwrap(),
        j["recoverable"].as_bool().unwrap(),
    )
}

/// Each error Flyte 2 wrote: ours for the same fields is the same bytes (also through
/// `write_error` on a local store), and `load_error` reads back what Flyte 2's `load_error` did.
#[test]
fn error_documents_are_byte_identical_to_flyte2_upload_error() {
    let scratch = Scratch::new("errors");
    let store = Store::local(&scratch.0).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(errors_dir()).unwrap() {
        let case = entry.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let sdk_bytes = std::fs::read(case.join("error.pb")).unwrap();
        let error = expected_case(&case);
        assert_eq!(
            encode_canonical(&error.to_error_document()),
            sdk_bytes,
            "{name}"
        );
        let prefix = scratch.path(&name);
        let uri = block(write_error(&store, &prefix, &error)).unwrap();
        assert_eq!(uri, format!("{prefix}/error.pb"));
        assert_eq!(std::fs::read(&uri).unwrap(), sdk_bytes, "{name} written");
        let read = block(load_error(
            &store,
            &case.join("error.pb").display().to_string(),
        ))
        .unwrap();
        assert_eq!(read, error, "{name} read");
        names.push(name);
    }
    names.sort();
    assert_eq!(
        names,
        [
            "empty_message",
            "system_error",
            "unicode_message",
            "unknown_error",
            "user_custom_error",
            "user_exception",
            "user_inline_io",
            "user_non_recoverable"
        ]
    );
}

#[test]
fn load_error_drops_a_server_code_prefix_and_reports_an_empty_document() {
    let mut doc = TaskError::user("Error", "bad").to_error_document();
    doc.error.as_mut().unwrap().code = "RetriesExhausted| Error ".into();
    let read = TaskError::from_error_document(&doc, "/x/error.pb");
    assert_eq!(read, TaskError::user("Error", "bad"));
    let empty = TaskError::from_error_document(&ErrorDocument::default(), "/x/error.pb");
    assert_eq!(
        empty,
        TaskError::system("Unknown", "Received unloadable error from path /x/error.pb")
    );
}

#[test]
fn any_rust_error_converts_as_python_custom_error_from_exception() {
    fn parse(s: &str) -> Result<i64, TaskError> {
        Ok(s.parse::<i64>()?)
    }
    let e = parse("x").unwrap_err();
    assert_eq!(
        e,
        TaskError::user("ParseIntError", "invalid digit found in string")
    );
    assert!(e.recoverable());
    assert_eq!(
        e.to_string(),
        "ParseIntError (user error, recoverable): invalid digit found in string"
    );
    let e = TaskError::non_recoverable("xs must not be empty");
    assert_eq!(
        (e.origin(), e.code(), e.recoverable()),
        (ErrorOrigin::User, "NonRecoverableError", false)
    );
}

fn int_inputs(n: i64) -> Inputs {
    Inputs {
        literals: vec![NamedLiteral {
            name: "x".into(),
            value: Some(n.to_literal().unwrap()),
        }],
        ..Default::default()
    }
}

/// The inline limit: a file of exactly `max_bytes` is read, one byte more is Flyte 2's
/// `InlineIOMaxBytesBreached` with its text, classified USER.
#[test]
fn inputs_limit_is_enforced_with_the_sdk_error() {
    let scratch = Scratch::new("limit");
    let store = Store::local(&scratch.0).unwrap();
    let uri = scratch.path("inputs.pb");
    let bytes = encode_inputs(&int_inputs(7));
    std::fs::write(&uri, &bytes).unwrap();
    let n = bytes.len() as u64;
    let read = block(load_inputs(&store, &uri, Some(n), None)).unwrap();
    assert_eq!(read, int_inputs(7));
    let e = block(load_inputs(&store, &uri, Some(n - 1), None)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Input file at {uri} exceeds max_bytes limit of {}", n - 1)
    );
    let te = TaskError::from_task_io(&e);
    assert_eq!(
        (te.origin(), te.code(), te.recoverable()),
        (ErrorOrigin::User, "InlineIOMaxBytesBreached", true)
    );
}

#[test]
fn truncated_missing_and_wrong_inputs_are_classified() {
    let scratch = Scratch::new("bad");
    let store = Store::local(&scratch.0).unwrap();
    let uri = scratch.path("inputs.pb");
    let bytes = encode_inputs(&int_inputs(300));
    std::fs::write(&uri, &bytes[..bytes.len() - 1]).unwrap();
    let e = block(load_inputs(&store, &uri, None, None)).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::TaskIo(TaskIoErrorKind::Truncated)),
        "{e:?}"
    );
    let te = TaskError::from_task_io(&e);
    assert_eq!(
        (te.origin(), te.code()),
        (ErrorOrigin::Unknown, "DecodeError")
    );
    let e = block(load_inputs(&store, &scratch.path("absent.pb"), None, None)).unwrap_err();
    let te = TaskError::from_task_io(&e);
    assert_eq!(
        (te.origin(), te.code()),
        (ErrorOrigin::Unknown, "FileNotFoundError")
    );
    let te = TaskError::from_task_io(
        &TaskIoErrorKind::MissingRequired {
            names: vec!["xs".into()],
        }
        .into(),
    );
    assert_eq!(
        te,
        TaskError::user("TypeError", "Missing required inputs: xs")
    );
}

/// An offloaded input (flytekit v1 / propeller style, the literal in its own file) is read back
/// inline; a `PathRewrite` moves a top-level blob's uri and nothing else.
#[test]
fn offloaded_inputs_are_followed_and_blob_paths_rewritten() {
    let scratch = Scratch::new("offload");
    let store = Store::local(&scratch.0).unwrap();
    let big: Vec<i64> = (0..1000).collect();
    let big_lit = big.to_literal().unwrap();
    let off_uri = scratch.path("xs_offloaded_metadata.pb");
    std::fs::write(&off_uri, encode_canonical(&big_lit)).unwrap();
    let offloaded = Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: off_uri.clone(),
                size_bytes: encode_canonical(&big_lit).len() as u64,
                inferred_type: Some(<Vec<i64>>::literal_type()),
            },
        ))),
        ..Default::default()
    };
    let file = flyte_types::engine::File::new("s3://bucket/data/a.csv");
    let inputs = Inputs {
        literals: vec![
            NamedLiteral {
                name: "xs".into(),
                value: Some(offloaded),
            },
            NamedLiteral {
                name: "f".into(),
                value: Some(file.to_literal().unwrap()),
            },
        ],
        ..Default::default()
    };
    let uri = scratch.path("inputs.pb");
    std::fs::write(&uri, encode_inputs(&inputs)).unwrap();
    let rewrite = PathRewrite::parse("s3://bucket/data->/mnt/data").unwrap();
    let read = block(load_inputs(&store, &uri, None, Some(&rewrite))).unwrap();
    assert_eq!(read.literals[0].value.as_ref(), Some(&big_lit));
    let f =
        flyte_types::engine::File::from_literal(read.literals[1].value.as_ref().unwrap()).unwrap();
    assert_eq!(f.uri, "/mnt/data/a.csv");
    assert_eq!(
        PathRewrite::parse("a->b->c").unwrap_err().to_string(),
        "invalid path rewrite pattern \"a->b->c\": not exactly one '->' (expected 'old_prefix->new_prefix')"
    );
}

#[test]
fn reserved_context_keys_are_hidden_and_the_kickoff_input_filled() {
    let mut inputs = int_inputs(1);
    inputs.context = vec![
        KeyValuePair {
            key: "team".into(),
            value: "ml".into(),
        },
        KeyValuePair {
            key: runtime::KICKOFF_TIME_INPUT_ARG_CONTEXT_KEY.into(),
            value: "when".into(),
        },
        KeyValuePair {
            key: runtime::PRODUCED_ARTIFACTS_CONTEXT_KEY.into(),
            value: "".into(),
        },
    ];
    assert_eq!(runtime::custom_context(&inputs), [("team", "ml")]);
    let start = chrono::DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
        .unwrap()
        .to_utc();
    assert_eq!(
        runtime::apply_kickoff_time(&mut inputs, start).as_deref(),
        Some("when")
    );
    assert_eq!(inputs.literals.len(), 2);
    assert_eq!(inputs.literals[1].name, "when");
    assert_eq!(inputs.literals[1].value, Some(start.to_literal().unwrap()));
}

#[test]
fn outputs_are_written_as_the_sdk_bytes_or_refused_over_the_limit() {
    let scratch = Scratch::new("outputs");
    let store = Store::local(&scratch.0).unwrap();
    let outputs = Outputs {
        literals: vec![NamedLiteral {
            name: "o0".into(),
            value: Some(42i64.to_literal().unwrap()),
        }],
        ..Default::default()
    };
    let prefix = scratch.path("out");
    let uri = block(write_outputs(&store, &prefix, &outputs, None)).unwrap();
    assert_eq!(uri, format!("{prefix}/outputs.pb"));
    assert_eq!(std::fs::read(&uri).unwrap(), encode_outputs(&outputs));
    let size = encode_outputs(&outputs).len();
    let e = block(write_outputs(
        &store,
        &scratch.path("small"),
        &outputs,
        Some(4),
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Output file at {} exceeds max_bytes limit of 4, size: {size}",
            scratch.path("small")
        )
    );
    assert!(!Path::new(&scratch.path("small/outputs.pb")).exists());
    assert_eq!(
        TaskError::from_task_io(&e).code(),
        "InlineIOMaxBytesBreached"
    );
    // A task without outputs: a 0-byte file, as the SDK writes it.
    let uri = block(write_outputs(
        &store,
        &scratch.path("none"),
        &Outputs::default(),
        None,
    ))
    .unwrap();
    assert_eq!(std::fs::read(&uri).unwrap(), b"");
}
