//! Interop cases in the corpus layout (`type.pb`, `literal.pb`, `value.json`, `case.json`,
//! `data/`), to read the golden cases and to write cases of our own for the real SDK's checker
//! (`shared/interop/py_decode.py`).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flyte_types::idl::core::{Literal, LiteralType};
use prost::Message;
use serde_json::{Map, Value as Json, json};

use crate::error::{DataFrameError, Result};
use flyte_types::io::{Store, StoreConfig};

/// A case folder, read.
#[derive(Debug, Clone)]
pub struct CaseFiles {
    /// The folder.
    pub dir: PathBuf,
    /// `type.pb`.
    pub literal_type: LiteralType,
    /// `literal.pb`.
    pub literal: Literal,
    /// `value.json`.
    pub value: Json,
    /// `case.json` (an empty object when absent).
    pub info: Json,
}

fn io(path: &Path, e: std::io::Error) -> DataFrameError {
    DataFrameError::Flyte(flyte_types::Error::from_io(path.display().to_string(), e))
}

fn bad(path: &Path, what: impl std::fmt::Display) -> DataFrameError {
    DataFrameError::Flyte(
        flyte_types::storage::StoreErrorKind::Corrupt {
            uri: path.display().to_string(),
            message: what.to_string(),
        }
        .into(),
    )
}

impl CaseFiles {
    /// Reads a case folder.
    pub fn read(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = fs::canonicalize(dir.as_ref()).map_err(|e| io(dir.as_ref(), e))?;
        let read = |name: &str| {
            let p = dir.join(name);
            fs::read(&p).map_err(|e| io(&p, e))
        };
        let literal_type =
            LiteralType::decode(read("type.pb")?.as_slice()).map_err(|e| bad(&dir, e))?;
        let literal = Literal::decode(read("literal.pb")?.as_slice()).map_err(|e| bad(&dir, e))?;
        let value = serde_json::from_slice(&read("value.json")?).map_err(|e| bad(&dir, e))?;
        let info = match fs::read(dir.join("case.json")) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| bad(&dir, e))?,
            Err(_) => json!({}),
        };
        Ok(Self {
            dir,
            literal_type,
            literal,
            value,
            info,
        })
    }

    /// A store that reads this case's files: local uris under `uri_prefix` map to `data/`
    /// (also the raw-data prefix).
    pub fn store(&self) -> Result<Arc<Store>> {
        let data = self.dir.join("data");
        let mut config = StoreConfig::new(data.display().to_string());
        if let Some(prefix) = self.info.get("uri_prefix").and_then(Json::as_str) {
            config = config.with_rewrite(prefix, &data);
        }
        Ok(Arc::new(Store::new(config)?))
    }

    /// The local path of a uri of this case (after the `uri_prefix` mapping).
    pub fn local_path(&self, uri: &str) -> Result<PathBuf> {
        let mut files = flyte_types::storage::LocalFiles::new();
        if let Some(prefix) = self.info.get("uri_prefix").and_then(Json::as_str) {
            files = files.with_rewrite(prefix, self.dir.join("data"));
        }
        Ok(files.resolve(uri)?)
    }

    /// `case.json`'s `table_rows`, when present.
    pub fn table_rows(&self) -> Option<&Vec<Json>> {
        self.info.get("table_rows").and_then(Json::as_array)
    }
}

/// The uri prefix of the cases this crate writes: tables go to `<prefix>/raw/<hex>/00000`,
/// stored in the case's `data/raw/<hex>/00000`.
pub const EMIT_URI_PREFIX: &str = "/tmp/flyte-golden-rs";

/// A case to write.
#[derive(Debug, Clone)]
pub struct CaseSpec {
    /// The folder name.
    pub name: String,
    /// The Python annotation's text (`pyarrow.Table`, `pandas.DataFrame`,
    /// `Annotated[DataFrame, {"a": int}]`): py_decode.py decodes with it.
    pub python_type: String,
    /// Free text.
    pub notes: String,
    /// Extra `case.json` keys (e.g. the expected pyarrow schema and pandas dtypes).
    pub extra: Map<String, Json>,
}

/// A local store writing into a new case folder: raw data under [`EMIT_URI_PREFIX`]`/raw`,
/// stored in `dir/data/raw`.
pub fn case_store(dir: impl AsRef<Path>) -> Result<Arc<Store>> {
    let dir = dir.as_ref();
    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let data = fs::canonicalize(dir).map_err(|e| io(dir, e))?.join("data");
    let config =
        StoreConfig::new(format!("{EMIT_URI_PREFIX}/raw")).with_rewrite(EMIT_URI_PREFIX, data);
    Ok(Arc::new(Store::new(config)?))
}

/// Writes `type.pb`, `literal.pb` (deterministic protobuf), `value.json` (the value layer's
/// canonical JSON) and `case.json` (with `table_rows`, `uri_prefix` and `data_files`) into `dir`.
/// The table files must already be in `dir/data` (write them through [`case_store`]).
pub fn write_case(
    dir: impl AsRef<Path>,
    spec: &CaseSpec,
    literal_type: &LiteralType,
    literal: &Literal,
    table_rows: Option<&[Json]>,
) -> Result<()> {
    let dir = dir.as_ref();
    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        fs::write(&p, bytes).map_err(|e| io(&p, e))
    };
    write(
        "type.pb",
        &flyte_types::wire::encode_canonical(literal_type),
    )?;
    write("literal.pb", &flyte_types::wire::encode_canonical(literal))?;
    let value = flyte_types::value::decode(literal_type, literal)?.to_json();
    write(
        "value.json",
        serde_json::to_string_pretty(&value)
            .expect("JSON")
            .as_bytes(),
    )?;
    let mut data_files = Vec::new();
    let data = dir.join("data");
    if data.is_dir() {
        let mut stack = vec![data];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).map_err(|e| io(&d, e))? {
                let p = e.map_err(|e| io(&d, e))?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(rel) = p.strip_prefix(dir) {
                    data_files.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    data_files.sort();
    let mut info = Map::new();
    info.insert("name".into(), json!(spec.name));
    info.insert("family".into(), json!("dataframe"));
    info.insert(
        "sdk".into(),
        json!(format!(
            "flyte-types-dataframe {}",
            env!("CARGO_PKG_VERSION")
        )),
    );
    info.insert("notes".into(), json!(spec.notes));
    info.insert("python_type".into(), json!(spec.python_type));
    info.insert("uri_prefix".into(), json!(EMIT_URI_PREFIX));
    info.insert("data_files".into(), json!(data_files));
    if let Some(rows) = table_rows {
        info.insert("table_rows".into(), Json::Array(rows.to_vec()));
    }
    info.insert(
        "serialization".into(),
        json!("SerializeToString(deterministic=True)"),
    );
    for (k, v) in &spec.extra {
        info.insert(k.clone(), v.clone());
    }
    write(
        "case.json",
        serde_json::to_string_pretty(&Json::Object(info))
            .expect("JSON")
            .as_bytes(),
    )
}
