//! `flyte-types cast`: the built binary on corpus files — exit codes, stdout and stderr.

use std::path::PathBuf;
use std::process::{Command, Output};

fn corpus(case: &str, file: &str) -> String {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("../shared/interop")
        .join(case)
        .join(file)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flyte-types"))
        .arg("cast")
        .args(args)
        .output()
        .expect("run flyte-types")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn castable_types_print_castable_and_exit_0() {
    let out = run(&[
        &corpus("flyte2/int_42", "type.pb"),
        &corpus("flyte2/optional_int_value", "type.pb"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "castable\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn non_castable_types_print_the_reason_and_exit_1() {
    let out = run(&[
        &corpus("flyte2/int_42", "type.pb"),
        &corpus("flyte2/float_pi", "type.pb"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "not castable: INTEGER is not castable to FLOAT\n"
    );
    assert_eq!(text(&out.stderr), "");

    let out = run(&[
        &corpus("flyte2/list_int", "type.pb"),
        &corpus("flyte2/list_list_float", "type.pb"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "not castable: collection_type: INTEGER is not castable to list<FLOAT>\n"
    );
}

#[test]
fn literal_mode_infers_the_type_first() {
    let out = run(&[
        "--literal",
        &corpus("flyte2/enum_color", "literal.pb"),
        &corpus("flyte2/enum_color", "type.pb"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "castable\n");

    let out = run(&[
        "--literal",
        &corpus("flyte2/dict_nested", "literal.pb"),
        &corpus("flyte2/dict_nested", "type.pb"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "not castable: map_value_type: union{map<FLOAT> | map<NONE>} is not castable to map<FLOAT>\n\
         inferred type: map<union{map<FLOAT> | map<NONE>}>\n"
    );
}

#[test]
fn unreadable_or_invalid_files_exit_2() {
    let missing = corpus("flyte2/int_42", "no-such-file.pb");
    let out = run(&[&missing, &corpus("flyte2/int_42", "type.pb")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).starts_with(&format!("error: cannot read {missing}: ")),
        "{}",
        text(&out.stderr)
    );

    // value.json is not a protobuf message.
    let json = corpus("flyte2/int_42", "value.json");
    let out = run(&[&corpus("flyte2/int_42", "type.pb"), &json]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(&format!(
            "error: {json} is not a binary flyteidl2.core.LiteralType: "
        )),
        "{}",
        text(&out.stderr)
    );

    // An empty file decodes as a Literal with no value: its type cannot be inferred.
    let empty = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cast_cli_empty.pb");
    std::fs::write(&empty, b"").unwrap();
    let empty = empty.to_string_lossy().into_owned();
    let out = run(&["--literal", &empty, &corpus("flyte2/int_42", "type.pb")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: cannot infer the type of {empty}: unknown literal type: literal has no value\n"
        )
    );
}

#[test]
fn help_shows_an_example() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(
        help.contains("Usage: flyte-types cast [OPTIONS] <UP_TYPE.pb> <DOWN_TYPE.pb>"),
        "{help}"
    );
    assert!(
        help.contains("flyte-types cast --literal case/literal.pb case/type.pb"),
        "{help}"
    );
    // Missing arguments are a usage error (clap's exit status 2).
    assert_eq!(run(&[]).status.code(), Some(2));
}
