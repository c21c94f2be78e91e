//! `literal_string_repr` renderings equal to the goldens (../shared/interop/task-io) and to the
//! extra SDK-generated vectors (tests/data/render_extra.json). JSON objects compare without
//! regard to key order (the SDK's own map order is upb's unspecified hash order).

use flyte_types::idl::core::Literal;
use flyte_types::idl::task::{Inputs, NamedLiteral, Outputs};
use flyte_types::render::{self, Rendered};
use prost::Message;
use serde_json::{Value, json};
use std::path::PathBuf;

fn load(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn golden_literal_string_repr() {
    let golden = load(crate::corpus::interop().join("task-io/literal_string_repr.json"));
    let literals = load(crate::corpus::data().join("render_golden_literals.json"));
    let mut n = 0;
    for (name, case) in golden.as_object().unwrap() {
        let Some(hex) = literals.get(name) else {
            continue;
        };
        let lit = Literal::decode(unhex(hex.as_str().unwrap()).as_slice()).unwrap();
        let got = render::render_literal(&lit).unwrap().to_json();
        assert_eq!(got, case["literal_string_repr"], "{name}");
        n += 1;
    }
    assert_eq!(n, 15);
    // The Inputs envelope: int, float, str, bool under their own names.
    let inputs = Inputs {
        literals: ["int", "float", "str", "bool"]
            .iter()
            .map(|k| NamedLiteral {
                name: k.to_string(),
                value: Some(
                    Literal::decode(unhex(literals[*k].as_str().unwrap()).as_slice()).unwrap(),
                ),
            })
            .collect(),
        context: vec![],
    };
    let got = render::render_inputs(&inputs).unwrap().to_json();
    assert_eq!(got, golden["__Inputs_envelope__"]["literal_string_repr"]);
    // Written in order whatever serde_json's map type is (the golden comparison above is by
    // keys).
    let rendered = render::render_inputs(&inputs).unwrap();
    assert_eq!(
        serde_json::to_string(&rendered).unwrap(),
        r#"{"int":42,"float":1.5,"str":"hi","bool":true}"#
    );
}

#[test]
fn golden_task_io_renderings() {
    for case in [
        "01_inputs_basic",
        "02_inputs_edge_context",
        "03_outputs_dataclass",
        "04_inputs_defaults_filled",
    ] {
        let dir = crate::corpus::interop().join("task-io").join(case);
        let meta = load(dir.join("meta.json"));
        let file = flyte_types::taskio::read_path(&dir.join(meta["file"].as_str().unwrap()), None)
            .unwrap();
        let got = render::render_file(&file).unwrap().to_json();
        assert_eq!(got, meta["literal_string_repr"], "{case}");
        // Same key order as the SDK for named literals.
        let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
        let want: Vec<&String> = meta["literal_string_repr"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, want, "{case}");
    }
}

#[test]
fn extra_sdk_renderings() {
    let cases = load(crate::corpus::data().join("render_extra.json"));
    for (name, case) in cases.as_object().unwrap() {
        let got = if let Some(hex) = case.get("outputs_hex") {
            render::render_outputs(
                &Outputs::decode(unhex(hex.as_str().unwrap()).as_slice()).unwrap(),
            )
        } else if let Some(hex) = case.get("inputs_hex") {
            render::render_inputs(&Inputs::decode(unhex(hex.as_str().unwrap()).as_slice()).unwrap())
        } else {
            let lit =
                Literal::decode(unhex(case["literal_hex"].as_str().unwrap()).as_slice()).unwrap();
            render::render_literal(&lit)
        };
        match (got, case.get("expected")) {
            (Ok(r), Some(want)) => assert_eq!(&r.to_json(), want, "{name}"),
            (Err(e), None) => assert!(!e.to_string().is_empty(), "{name}"),
            (Ok(r), None) => panic!(
                "{name}: the SDK raises {}, we rendered {r:?}",
                case["error"]
            ),
            (Err(e), Some(want)) => panic!("{name}: expected {want}, got error {e}"),
        }
    }
}

#[test]
fn python_float_repr_and_str_repr() {
    for (f, want) in [
        (1e16, "1e+16"),
        (1e-5, "1e-05"),
        (0.0001, "0.0001"),
        (123456789.0, "123456789.0"),
        (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"),
        (-0.0, "-0.0"),
        (0.1, "0.1"),
        (9999999999999998.0, "9999999999999998.0"),
        (f64::NAN, "nan"),
    ] {
        assert_eq!(render::py_float_repr(f), want);
    }
    let r = Rendered::List(vec![
        Rendered::Str("it's".into()),
        Rendered::Str("a\"b'c\n\u{7f}é\u{a0}".into()),
        Rendered::Bytes("AAE=".into()),
        Rendered::Dict(vec![("k".into(), Rendered::None)]),
    ]);
    assert_eq!(
        r.py_repr(),
        r#"["it's", 'a"b\'c\n\x7fé\xa0', b'AAE=', {'k': None}]"#
    );
    assert_eq!(
        Rendered::Float(f64::INFINITY).to_json(),
        json!("Infinity"),
        "non-finite floats become strings in JSON"
    );
}

#[test]
fn empty_literal_is_an_error_naming_the_input() {
    let inputs = Inputs {
        literals: vec![NamedLiteral {
            name: "x".into(),
            value: Some(Literal::default()),
        }],
        context: vec![],
    };
    let err = render::render_inputs(&inputs).unwrap_err().to_string();
    assert!(err.contains("inputs.x"), "{err}");
}
