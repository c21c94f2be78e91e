//! One File / Dir type for the typed API, the dynamic `Value` and the store, carrying every field
//! of Flyte 2's model: a `File(path=…, name="receipt.pdf")` written by the real SDK inside a
//! dataclass and a pydantic model (tests/data/extra-cases/{dc,pyd}_file_dir_named, made by
//! tests/data/gen_extra_cases.py) reads with its name and writes back byte for byte, through
//! both paths.

use flyte_types::engine::{Dir, File, FlyteType};
use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::value::{self, Value};
use flyte_types::wire::encode_canonical;
use prost::Message;

use crate::sdk_support::case_file;

#[derive(Debug, PartialEq, FlyteType)]
struct Receipt {
    scan: File,
    pages: Dir,
    plain: File,
}

#[derive(Debug, PartialEq, FlyteType)]
#[flyte(pydantic)]
struct PReceipt {
    scan: File,
    pages: Dir,
    plain: File,
}

/// The value both cases hold (`gen_extra_cases.py`, `add_named_handle_cases`).
fn handles() -> (File, Dir, File) {
    (
        File::new("s3://bucket/uploads/8f14e45fceea167a")
            .with_name("receipt.pdf")
            .with_format("pdf")
            .with_hash("sha256:77af"),
        Dir::new("s3://bucket/scans/2024/").with_name("receipt-pages"),
        File::new("s3://bucket/uploads/notes.txt"),
    )
}

#[test]
fn typed_structs_keep_the_name_byte_for_byte() {
    let (scan, pages, plain) = handles();
    assert_eq!(scan.name.as_deref(), Some("receipt.pdf"));
    assert_eq!(pages.name(), "receipt-pages");
    // No name of its own: Flyte's `Path(path).name`.
    assert_eq!((plain.name.as_deref(), plain.name()), (None, "notes.txt"));

    let dc = Receipt {
        scan: scan.clone(),
        pages: pages.clone(),
        plain: plain.clone(),
    };
    let want = case_file("dc_file_dir_named", "literal.pb");
    assert_eq!(encode_canonical(&dc.to_literal().unwrap()), want);
    assert_eq!(
        encode_canonical(&Receipt::literal_type()),
        case_file("dc_file_dir_named", "type.pb")
    );
    assert_eq!(
        Receipt::from_literal(&Literal::decode(want.as_slice()).unwrap()).unwrap(),
        dc
    );

    let pyd = PReceipt { scan, pages, plain };
    let want = case_file("pyd_file_dir_named", "literal.pb");
    assert_eq!(encode_canonical(&pyd.to_literal().unwrap()), want);
    assert_eq!(
        PReceipt::from_literal(&Literal::decode(want.as_slice()).unwrap()).unwrap(),
        pyd
    );
}

#[test]
fn the_dynamic_value_keeps_the_name_byte_for_byte() {
    let (scan, pages, plain) = handles();
    for case in ["dc_file_dir_named", "pyd_file_dir_named"] {
        let ty = LiteralType::decode(case_file(case, "type.pb").as_slice()).unwrap();
        let bytes = case_file(case, "literal.pb");
        let lit = Literal::decode(bytes.as_slice()).unwrap();
        let v = value::decode(&ty, &lit).unwrap();
        assert_eq!(
            v,
            Value::Map(vec![
                ("scan".into(), Value::File(Box::new(scan.clone()))),
                ("pages".into(), Value::Dir(Box::new(pages.clone()))),
                ("plain".into(), Value::File(Box::new(plain.clone()))),
            ]),
            "{case}"
        );
        assert_eq!(
            encode_canonical(&v.to_literal(&ty).unwrap()),
            bytes,
            "{case}"
        );
        // The canonical JSON has no `name`: it is the path's last segment when read from JSON.
        assert_eq!(
            v.to_json()["scan"],
            serde_json::json!({"$file": {
                "uri": "s3://bucket/uploads/8f14e45fceea167a",
                "format": "pdf",
                "hash": "sha256:77af"
            }})
        );
    }
}

#[test]
fn a_top_level_literal_has_no_name() {
    // Flyte 2 writes a File literal without its name and reads it back as the last segment.
    let (scan, pages, _) = handles();
    let lit = scan.to_literal().unwrap();
    let back = File::from_literal(&lit).unwrap();
    assert_eq!(back, File { name: None, ..scan });
    assert_eq!(back.name(), "8f14e45fceea167a");
    assert_eq!(
        Dir::from_literal(&pages.to_literal().unwrap())
            .unwrap()
            .name,
        None
    );
    // The dimensionality decides File vs Dir, as in Flyte 2.
    assert_eq!(
        Dir::from_literal(&lit).unwrap_err().to_string(),
        "expected a multipart blob (Dir), found a blob of dimensionality 0"
    );
}
