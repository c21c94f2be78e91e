//! The transfers of `flyte.io.File` and `flyte.io.Dir` ([`File`], [`Dir`]).

use super::hash::HashMethod;
use super::store::backend_error;
use super::store::{ObjectInfo, ObjectReader, ObjectWriter, Store, Written};
use super::uri;
use crate::Error;
use crate::engine::{Dir, File};
use crate::storage::StoreErrorKind;
use futures::{StreamExt, TryStreamExt};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Options of [`Store::upload_file`] / [`Store::upload_dir`].
#[derive(Debug, Default)]
pub struct UploadOptions {
    /// Where to put it; `None`: a fresh `<raw-data prefix>/<random>/<name>`, or, when the
    /// raw-data prefix is local, the local path itself without a copy (as Flyte 2 does).
    pub destination: Option<String>,
    /// The value's format.
    pub format: String,
    /// How the hash is set. Content hashes apply to files only; like Flyte 2, a content hasher
    /// is ignored when no copy is made.
    pub hash: HashMethod,
}

impl UploadOptions {
    /// Upload to an explicit destination.
    pub fn to(destination: impl Into<String>) -> Self {
        Self {
            destination: Some(destination.into()),
            ..Default::default()
        }
    }

    /// With a hash method.
    pub fn with_hash(mut self, hash: HashMethod) -> Self {
        self.hash = hash;
        self
    }

    /// With a format.
    pub fn with_format(mut self, format: impl Into<String>) -> Self {
        self.format = format.into();
        self
    }
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|e| Error::from_io(path.display().to_string(), e))
}

fn utf8(path: &Path) -> Result<String, Error> {
    path.to_str().map(str::to_string).ok_or_else(|| {
        StoreErrorKind::UnsafePath {
            root: path.display().to_string(),
            entry: path.display().to_string(),
            reason: "the path is not UTF-8".into(),
        }
        .into()
    })
}

impl Store {
    /// `File.from_local`: makes a [`File`] of a local file. Without a destination and with a
    /// local raw-data prefix, the handle points at the file itself (no copy; only a precomputed
    /// hash is kept); otherwise the bytes are copied, all or nothing, to the destination or to
    /// `<raw-data prefix>/<random>/<file name>`, hashed on the way when asked.
    pub async fn upload_file(
        &self,
        local: impl AsRef<Path>,
        options: UploadOptions,
    ) -> Result<File, Error> {
        let local = local.as_ref();
        let meta = tokio::fs::metadata(local)
            .await
            .map_err(|e| Error::from_io(local.display().to_string(), e))?;
        if !meta.is_file() {
            return Err(Error::from_io(
                local.display().to_string(),
                std::io::Error::other("not a regular file"),
            ));
        }
        let (hasher, precomputed) = options.hash.split();
        let name = local
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
            .to_string();
        let Some(dst) = options
            .destination
            .or_else(|| (!self.raw_data_is_local()).then(|| self.random_uri(Some(&name))))
        else {
            return Ok(File {
                uri: utf8(&absolute(local)?)?,
                format: options.format,
                hash: precomputed,
                name: None,
            }
            .with_name(name));
        };
        let written = self.upload_path(local, &dst, hasher).await?;
        // Flyte 2 names the File after the local file, wherever it was copied to.
        Ok(File {
            uri: written.uri,
            format: options.format,
            hash: written.hash.or(precomputed),
            name: None,
        }
        .with_name(name))
    }

    /// `File.download`: the file's bytes at a local path. Without a target, a local file is
    /// returned where it is; a remote one goes to a fresh temporary folder. All or nothing.
    pub async fn download_file(
        &self,
        file: &File,
        target: Option<&Path>,
    ) -> Result<PathBuf, Error> {
        let target = match target {
            Some(t) => t.to_path_buf(),
            None if uri::is_local(&file.uri) => {
                let loc = self.locate(&file.uri)?;
                return loc
                    .local
                    .ok_or_else(|| StoreErrorKind::Config("local uri".into()).into());
            }
            None => std::env::temp_dir()
                .join(format!("flyte-tmp-{}", uri::random_hex()))
                .join(uri::file_name(&file.uri)),
        };
        let info = self.head(&file.uri).await?;
        self.download_to(&info, &target).await?;
        Ok(target)
    }

    /// `File.open("rb")`: a streaming reader.
    pub async fn open_file(&self, file: &File) -> Result<ObjectReader, Error> {
        self.reader(&file.uri).await
    }

    /// `File.new_remote(name)` + `open("wb")`: a fresh uri under the raw-data prefix and a writer
    /// to it. The returned [`File`] is valid once the writer is finished.
    pub fn new_file(
        &self,
        name: Option<&str>,
        hash: HashMethod,
    ) -> Result<(File, ObjectWriter), Error> {
        let uri = self.random_uri(name);
        let (hasher, precomputed) = hash.split();
        let writer = self.writer(&uri, hasher)?;
        Ok((
            File {
                uri,
                hash: precomputed,
                ..File::default()
            },
            writer,
        ))
    }

    /// `Dir.from_local`: makes a [`Dir`] of a local folder. Without a destination and with a
    /// local raw-data prefix, the handle points at the folder itself; otherwise every file is
    /// copied (at most `max_concurrency` at once) to the destination or to
    /// `<raw-data prefix>/<random>/<folder name>/<relative path>`. A failure deletes what was
    /// already copied. Entries that escape the folder are refused.
    pub async fn upload_dir(
        &self,
        local: impl AsRef<Path>,
        options: UploadOptions,
    ) -> Result<Dir, Error> {
        let local = absolute(local.as_ref())?;
        let entries = walk_local(&local).await?;
        let (_, precomputed) = options.hash.split();
        let name = local
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("dir")
            .to_string();
        let Some(dst) = options
            .destination
            .or_else(|| (!self.raw_data_is_local()).then(|| self.random_uri(Some(&name))))
        else {
            return Ok(Dir {
                uri: utf8(&local)?,
                format: options.format,
                hash: precomputed,
                name: None,
            }
            .with_name(name));
        };
        let dst = dst.trim_end_matches('/').to_string();
        let jobs = entries.into_iter().map(|(abs, rel)| {
            let to = uri::join(&dst, &rel);
            async move { self.upload_path(&abs, &to, None).await }
        });
        self.all_or_nothing(jobs).await?;
        // Flyte 2 names the Dir after the local folder, wherever it was copied to.
        Ok(Dir {
            uri: dst,
            format: options.format,
            hash: precomputed,
            name: None,
        }
        .with_name(name))
    }

    /// Runs uploads with bounded concurrency; after the first failure no further one starts,
    /// the ones running finish, and every object written is deleted again before that failure
    /// is returned.
    async fn all_or_nothing<F>(&self, jobs: impl Iterator<Item = F>) -> Result<Vec<Written>, Error>
    where
        F: Future<Output = Result<Written, Error>>,
    {
        let failed = AtomicBool::new(false);
        let failed = &failed;
        let results: Vec<Option<Result<Written, Error>>> =
            futures::stream::iter(jobs.map(|job| async move {
                if failed.load(Ordering::SeqCst) {
                    return None;
                }
                let result = job.await;
                if result.is_err() {
                    failed.store(true, Ordering::SeqCst);
                }
                Some(result)
            }))
            .buffer_unordered(self.config().max_concurrency)
            .collect()
            .await;
        let mut first = None;
        let mut done = Vec::new();
        for r in results.into_iter().flatten() {
            match r {
                Ok(w) => done.push(w),
                Err(e) if first.is_none() => first = Some(e),
                Err(_) => {}
            }
        }
        let Some(first) = first else {
            return Ok(done);
        };
        for w in done {
            let _ = self.delete(&w.uri).await;
        }
        Err(first)
    }

    /// `Dir.walk`: every file under the folder, recursively, with its path relative to the
    /// folder (`/`-separated), sorted. Names that would escape the folder are refused.
    pub async fn walk_dir(&self, dir: &Dir) -> Result<Vec<(String, File)>, Error> {
        let loc = self.locate(&dir.uri)?;
        if let Some(root) = loc.local {
            let base = dir.uri.trim_end_matches('/');
            return Ok(walk_local(&root)
                .await?
                .into_iter()
                .map(|(_, rel)| {
                    let file = File::new(uri::join(base, &rel));
                    (rel, file)
                })
                .collect());
        }
        let base = dir.uri.trim_end_matches('/');
        let mut out = Vec::new();
        for info in self.list(&dir.uri).await? {
            let rel = info
                .uri
                .strip_prefix(base)
                .map(|r| r.trim_start_matches('/'))
                .unwrap_or(&info.uri)
                .to_string();
            check_relative(&dir.uri, &rel)?;
            out.push((rel, File::new(info.uri)));
        }
        Ok(out)
    }

    /// `Dir.download`: the folder at a local path, all or nothing: files go to a temporary folder
    /// beside `target`, renamed into place when all arrived (`target` must not exist or be an
    /// empty folder). Without a target, a local folder is returned where it is.
    pub async fn download_dir(&self, dir: &Dir, target: Option<&Path>) -> Result<PathBuf, Error> {
        let target = match target {
            Some(t) => absolute(t)?,
            None if uri::is_local(&dir.uri) => {
                let loc = self.locate(&dir.uri)?;
                return loc
                    .local
                    .ok_or_else(|| StoreErrorKind::Config("local uri".into()).into());
            }
            None => std::env::temp_dir()
                .join(format!("flyte-tmp-{}", uri::random_hex()))
                .join(uri::file_name(&dir.uri)),
        };
        let target_err = |e| Error::from_io(target.display().to_string(), e);
        match tokio::fs::read_dir(&target).await {
            Ok(mut rd) => {
                if rd.next_entry().await.map_err(target_err)?.is_some() {
                    return Err(Error::from_io(
                        target.display().to_string(),
                        std::io::Error::new(
                            std::io::ErrorKind::AlreadyExists,
                            "the target folder is not empty",
                        ),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(target_err(e)),
        }
        let files = self.walk_dir(dir).await?;
        let staging = super::store::temp_name(&target);
        let result = async {
            tokio::fs::create_dir_all(&staging)
                .await
                .map_err(target_err)?;
            let staging = &staging;
            futures::stream::iter(files.into_iter().map(|(rel, file)| async move {
                let info: ObjectInfo = self.head(&file.uri).await?;
                self.download_to(&info, &staging.join(&rel)).await
            }))
            .buffer_unordered(self.config().max_concurrency)
            .try_collect::<Vec<u64>>()
            .await?;
            let _ = tokio::fs::remove_dir(&target).await;
            tokio::fs::rename(staging, &target)
                .await
                .map_err(target_err)
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_dir_all(&staging).await;
        }
        result.map(|()| target)
    }
}

/// Refuses relative names that would leave their folder.
fn check_relative(root: &str, rel: &str) -> Result<(), Error> {
    let refuse = |reason: &str| {
        Err(StoreErrorKind::UnsafePath {
            root: root.to_string(),
            entry: rel.to_string(),
            reason: reason.to_string(),
        }
        .into())
    };
    if rel.is_empty() {
        return refuse("an empty name");
    }
    if rel.starts_with('/') || Path::new(rel).is_absolute() {
        return refuse("an absolute name");
    }
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(_) => {}
            Component::ParentDir => return refuse("a `..` component"),
            _ => return refuse("a non-normal path component"),
        }
    }
    if rel
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
        || rel.contains('\0')
    {
        return refuse("an empty, `.` or `..` segment");
    }
    Ok(())
}

/// Every regular file under `root` with its `/`-separated relative path, sorted. Symlinks to
/// files inside the tree are followed, symlinked folders are not entered (no cycles), symlinks
/// that leave the tree are refused.
pub(crate) async fn walk_local(root: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    let root = root.to_path_buf();
    tokio::task::spawn_blocking(move || walk_local_sync(&root))
        .await
        .map_err(|e| backend_error(String::new(), e))?
}

fn walk_local_sync(root: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    let root_s = root.display().to_string();
    let io = |p: &Path, e| Error::from_io(p.display().to_string(), e);
    let canonical_root = std::fs::canonicalize(root).map_err(|e| io(root, e))?;
    if !canonical_root.is_dir() {
        return Err(Error::from_io(
            root_s,
            std::io::Error::other("not a folder"),
        ));
    }
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let entry = entry.map_err(|e| io(&dir, e))?;
            let path = entry.path();
            let rel_path = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel_path
                .to_str()
                .ok_or_else(|| StoreErrorKind::UnsafePath {
                    root: root_s.clone(),
                    entry: rel_path.display().to_string(),
                    reason: "the name is not UTF-8".into(),
                })?
                .to_string();
            check_relative(&root_s, &rel)?;
            let ft = entry.file_type().map_err(|e| io(&path, e))?;
            if ft.is_symlink() {
                let target = std::fs::canonicalize(&path).map_err(|e| io(&path, e))?;
                if !target.starts_with(&canonical_root) {
                    return Err(StoreErrorKind::UnsafePath {
                        root: root_s.clone(),
                        entry: rel,
                        reason: format!("a symlink out of the tree (to {})", target.display()),
                    }
                    .into());
                }
                if target.is_file() {
                    out.push((path, rel));
                }
            } else if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                out.push((path, rel));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names() {
        assert!(check_relative("r", "a/b.txt").is_ok());
        for bad in ["../x", "a/../../x", "/etc/passwd", "", "a//b", "./a"] {
            assert!(
                matches!(
                    check_relative("r", bad)
                        .as_ref()
                        .map_err(crate::Error::kind),
                    Err(crate::ErrorKind::Store(StoreErrorKind::UnsafePath { .. }))
                ),
                "{bad}"
            );
        }
    }
}
