//! `inspect --download DIR`: fetch the files, folders and tables a value points to.

use flyte_types::engine::Dir;
use flyte_types::io::{ObjectInfo, Store, uri};
use flyte_types::value::Value;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Transfers below this size get no progress bar.
const PROGRESS_MIN_BYTES: u64 = 8 * 1024 * 1024;

/// Every File / Dir / DataFrame in `value`, with the path inside the value (`o0.report`).
pub fn handles(name: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::File(_) | Value::Dir(_) | Value::DataFrame(_) => {
            out.push((name.to_string(), value.clone()))
        }
        Value::List(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| handles(&format!("{name}[{i}]"), v, out)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|(k, v)| handles(&format!("{name}.{k}"), v, out)),
        _ => {}
    }
}

/// The store the CLI reads through: local paths always, and every cloud scheme this build has
/// (features `s3`, `gcs`, `azure`), configured from the environment as Flyte 2 is
/// (`AWS_*`, `FLYTE_AWS_*`, `GOOGLE_*`, `AZURE_*`, `FLYTE_STORAGE_RETRIES`, …).
pub fn store() -> Result<Store, String> {
    Store::from_env(Some(&std::env::temp_dir().display().to_string())).map_err(|e| e.to_string())
}

/// Downloads every handle under `dir/<path in the value>/`; returns one line per object.
pub fn download(dir: &Path, found: &[(String, Value)]) -> Result<Vec<String>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let store = store()?;
        let mut lines = Vec::new();
        for (path, value) in found {
            let target = dir.join(path);
            let objects: Vec<(ObjectInfo, PathBuf)> = match value {
                Value::File(file) => {
                    let info = store
                        .head(&file.uri)
                        .await
                        .map_err(|e| format!("{path}: {e}"))?;
                    vec![(info, target.join(uri::file_name(&file.uri)))]
                }
                Value::Dir(dir) => folder(&store, dir, &target)
                    .await
                    .map_err(|e| format!("{path}: {e}"))?,
                Value::DataFrame(df) => folder(&store, &Dir::new(df.uri.clone()), &target)
                    .await
                    .map_err(|e| format!("{path}: {e}"))?,
                _ => continue,
            };
            for (info, to) in objects {
                let bytes = fetch(&store, &info, &to)
                    .await
                    .map_err(|e| format!("{path}: {}: {e}", info.uri))?;
                lines.push(format!("{} -> {} ({bytes} bytes)", info.uri, to.display()));
            }
        }
        Ok(lines)
    })
}

/// The objects of a folder (a Dir, or a DataFrame's folder of parquet files).
pub async fn folder(
    store: &Store,
    dir: &Dir,
    target: &Path,
) -> Result<Vec<(ObjectInfo, PathBuf)>, String> {
    let mut out = Vec::new();
    for (relative, file) in store.walk_dir(dir).await.map_err(|e| e.to_string())? {
        let info = store.head(&file.uri).await.map_err(|e| e.to_string())?;
        out.push((info, target.join(relative)));
    }
    if out.is_empty() {
        // A DataFrame may name a single file rather than a folder.
        let info = store.head(&dir.uri).await.map_err(|e| e.to_string())?;
        let name = dir
            .uri
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("table")
            .to_string();
        out.push((info, target.join(name)));
    }
    Ok(out)
}

/// Copies one object to `to` through a temporary name (no half-written file is left behind),
/// drawing a progress bar on a terminal for large objects.
pub async fn fetch(store: &Store, info: &ObjectInfo, to: &Path) -> Result<u64, String> {
    let parent = to.parent().ok_or("no parent folder")?;
    tokio::fs::create_dir_all(parent)
        .await
        .map_err(|e| e.to_string())?;
    let partial = parent.join(format!(
        ".{}.part",
        to.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("download")
    ));
    let result = copy(store, info, &partial).await;
    match result {
        Ok(n) => {
            tokio::fs::rename(&partial, to)
                .await
                .map_err(|e| e.to_string())?;
            Ok(n)
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&partial).await;
            Err(e)
        }
    }
}

async fn copy(store: &Store, info: &ObjectInfo, to: &Path) -> Result<u64, String> {
    let mut reader = store.reader_for(info).await.map_err(|e| e.to_string())?;
    let mut file = tokio::fs::File::create(to)
        .await
        .map_err(|e| e.to_string())?;
    let show = info.size >= PROGRESS_MIN_BYTES && std::io::stderr().is_terminal();
    let mut buf = vec![0u8; 1 << 20];
    let mut done = 0u64;
    loop {
        let n = reader.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n]).await.map_err(|e| e.to_string())?;
        done += n as u64;
        if show {
            progress(&info.uri, done, info.size);
        }
    }
    file.flush().await.map_err(|e| e.to_string())?;
    if show {
        eprintln!();
    }
    Ok(done)
}

fn progress(uri: &str, done: u64, total: u64) {
    let width = 30;
    let filled = (done.min(total) * width / total.max(1)) as usize;
    eprint!(
        "\r{uri} [{}{}] {:>3}% {}/{} MB",
        "#".repeat(filled),
        "-".repeat(width as usize - filled),
        done * 100 / total.max(1),
        done / 1_000_000,
        total / 1_000_000
    );
    let _ = std::io::stderr().flush();
}
