//! Emulators of the cloud backends, each started once per test binary on a free 127.0.0.1 port
//! and stopped when the test process exits (a shell watchdog kills it when its stdin, held by
//! this process, closes). `FLYTE_TYPES_NO_<BACKEND>=1` skips one loudly. Shared by the core
//! crate's storage suite (tests/store_backends.rs) and the CLI's tests (cli/tests/cli_remote.rs).

use flyte_types::io::StoreConfig;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub(crate) struct Emulator {
    pub(crate) port: u16,
    /// Closing it (at process exit) makes the watchdog kill the emulator.
    _watchdog: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

/// The repository's root: the package's folder (the core crate's), or the nearest one above it
/// that holds `scripts/` (the CLI's).
fn repo_root() -> PathBuf {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    package
        .ancestors()
        .find(|d| d.join("scripts/setup-s3.sh").is_file())
        .unwrap_or(package)
        .to_path_buf()
}

/// The executable: `$ENV_VAR`, or what the setup script installs.
fn executable(env_var: &str, script: &str) -> PathBuf {
    if let Ok(p) = std::env::var(env_var) {
        return PathBuf::from(p);
    }
    let out = Command::new("bash")
        .arg(repo_root().join("scripts").join(script))
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("scripts/{script}: {e}"));
    assert!(out.status.success(), "scripts/{script} failed");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// Starts `exe args…` (with `{port}` replaced) under a watchdog and waits until it listens.
fn start(backend: &str, env_var: &str, script: &str, args: &[&str]) -> Option<Emulator> {
    let skip = format!("FLYTE_TYPES_NO_{}", backend.to_uppercase());
    if std::env::var(&skip).is_ok_and(|v| v == "1") {
        eprintln!("=== SKIPPED: {backend} storage checks ({skip}=1) ===");
        return None;
    }
    let exe = executable(env_var, script);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{port}", &port.to_string()))
        .collect();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" "$@" >/dev/null 2>&1 & pid=$!; read _; kill $pid; wait $pid"#)
        .arg(&exe)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let stdin = child.stdin.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{} exited early: {status}", exe.display());
        }
        assert!(
            Instant::now() < deadline,
            "{} did not listen within 60 s",
            exe.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("=== {backend}: {} on 127.0.0.1:{port} ===", exe.display());
    Some(Emulator {
        port,
        _watchdog: Mutex::new(stdin),
        _child: Mutex::new(child),
    })
}

/// One HTTP/1.1 request; the whole response.
pub(crate) fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

pub(crate) const BUCKET: &str = "flyte-test";

#[cfg(feature = "s3")]
pub(crate) fn moto() -> Option<&'static Emulator> {
    static MOTO: OnceLock<Option<Emulator>> = OnceLock::new();
    MOTO.get_or_init(|| {
        let moto = start(
            "s3",
            "FLYTE_TYPES_MOTO_SERVER",
            "setup-s3.sh",
            &["-H", "127.0.0.1", "-p", "{port}"],
        )?;
        let reply = http(
            moto.port,
            &format!(
                "PUT /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                moto.port
            ),
        );
        assert!(reply.starts_with("HTTP/1.1 200"), "create bucket: {reply}");
        Some(moto)
    })
    .as_ref()
}

/// moto's S3 at `endpoint`, with its test credentials.
#[cfg(feature = "s3")]
pub(crate) fn s3_config(prefix: String, endpoint: &str) -> StoreConfig {
    StoreConfig::new(prefix)
        .with_option("aws_endpoint", endpoint)
        .with_option("aws_region", "us-east-1")
        .with_option("aws_access_key_id", "testing")
        .with_option("aws_secret_access_key", "testing")
}

#[cfg(feature = "s3")]
pub(crate) fn s3(run: &str) -> Option<StoreConfig> {
    let moto = moto()?;
    Some(s3_config(
        format!("s3://{BUCKET}/{run}"),
        &format!("http://127.0.0.1:{}", moto.port),
    ))
}

/// Azurite's well-known development account.
#[cfg(feature = "azure")]
const AZURITE_ACCOUNT: &str = "devstoreaccount1";
#[cfg(feature = "azure")]
const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

#[cfg(feature = "azure")]
fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key);
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// Creates the container with a SharedKey-signed request (object_store has no call for it).
#[cfg(feature = "azure")]
fn create_container(port: u16) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let date = chrono::DateTime::from_timestamp(now as i64, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let version = "2021-08-06";
    let to_sign = format!(
        "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{version}\n/{AZURITE_ACCOUNT}/{AZURITE_ACCOUNT}/{BUCKET}\nrestype:container"
    );
    let key = b64.decode(AZURITE_KEY).unwrap();
    let signature = b64.encode(hmac_sha256(&key, to_sign.as_bytes()));
    let reply = http(
        port,
        &format!(
            "PUT /{AZURITE_ACCOUNT}/{BUCKET}?restype=container HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nx-ms-date: {date}\r\nx-ms-version: {version}\r\nAuthorization: SharedKey {AZURITE_ACCOUNT}:{signature}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(
        reply.starts_with("HTTP/1.1 201"),
        "create container: {reply}"
    );
}

#[cfg(feature = "azure")]
pub(crate) fn azure(run: &str) -> Option<StoreConfig> {
    static AZURITE: OnceLock<Option<Emulator>> = OnceLock::new();
    let azurite = AZURITE
        .get_or_init(|| {
            let azurite = start(
                "azure",
                "FLYTE_TYPES_AZURITE_BLOB",
                "setup-azure.sh",
                &[
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    "{port}",
                    "--inMemoryPersistence",
                    "--skipApiVersionCheck",
                    "--disableTelemetry",
                    "--silent",
                ],
            )?;
            create_container(azurite.port);
            Some(azurite)
        })
        .as_ref()?;
    Some(
        StoreConfig::new(format!("abfs://{BUCKET}/{run}"))
            .with_option("azure_storage_account_name", AZURITE_ACCOUNT)
            .with_option("azure_storage_account_key", AZURITE_KEY)
            .with_option(
                "azure_endpoint",
                format!("http://127.0.0.1:{}/{AZURITE_ACCOUNT}", azurite.port),
            ),
    )
}

/// fake-gcs-server, once per test binary, with the bucket made through its JSON API; the
/// port of the proxy in front of it (see [`signed_put_proxy`]).
#[cfg(feature = "gcs")]
pub(crate) fn fake_gcs() -> Option<u16> {
    static FAKE_GCS: OnceLock<Option<(Emulator, u16)>> = OnceLock::new();
    FAKE_GCS
        .get_or_init(|| {
            // The XML API (object_store's) is routed only for requests whose Host is the
            // public host; without a port it matches 127.0.0.1 on any port (the proxy's).
            let server = start(
                "gcs",
                "FLYTE_TYPES_FAKE_GCS_SERVER",
                "setup-gcs.sh",
                &[
                    "-scheme",
                    "http",
                    "-host",
                    "127.0.0.1",
                    "-port",
                    "{port}",
                    "-public-host",
                    "127.0.0.1",
                    "-external-url",
                    "http://127.0.0.1:{port}",
                    "-backend",
                    "memory",
                    "-log-level",
                    "error",
                ],
            )?;
            let body = format!("{{\"name\":\"{BUCKET}\"}}");
            let reply = http(
                server.port,
                &format!(
                    "POST /storage/v1/b?project=flyte-types HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    server.port,
                    body.len()
                ),
            );
            assert!(reply.starts_with("HTTP/1.1 200"), "create bucket: {reply}");
            let proxy = signed_put_proxy(server.port);
            Some((server, proxy))
        })
        .as_ref()
        .map(|(_, proxy)| *proxy)
}

/// A proxy to fake-gcs-server that turns object_store's XML API object `PUT` into the one
/// form of it that fake-gcs-server 1.54 stores, a signed URL's: without the
/// `X-Goog-Algorithm` query parameter it answers 400 "invalid uploadType"
/// (fakestorage/upload.go, `insertObject`), and with it, it puts the new object's `etag` and
/// `generation` only in a JSON body, where real GCS answers an XML `PUT` with `ETag` and
/// `x-goog-generation` headers (object_store needs the `ETag`). The proxy adds the parameter
/// and copies the two into headers; every other request and reply passes unchanged. One
/// request per connection (`Connection: close`), so no framing of replies is needed.
#[cfg(feature = "gcs")]
fn signed_put_proxy(target: u16) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            std::thread::spawn(move || relay_one(client, target));
        }
    });
    port
}

/// Relays one request and its reply (see [`signed_put_proxy`]).
#[cfg(feature = "gcs")]
fn relay_one(client: TcpStream, target: u16) -> std::io::Result<()> {
    use std::io::BufRead;
    let mut client = std::io::BufReader::new(client);
    let mut head: Vec<String> = Vec::new();
    loop {
        let mut line = String::new();
        if client.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        if !line.to_ascii_lowercase().starts_with("connection:") {
            head.push(line);
        }
    }
    let header = |name: &str| {
        head[1..].iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    assert!(
        header("transfer-encoding").is_none(),
        "the proxy forwards no chunked bodies: {}",
        head[0]
    );
    let len: u64 = header("content-length").map_or(0, |v| v.parse().unwrap());
    let object_put = head[0].starts_with("PUT ")
        && !head[0].contains("uploadId=")
        && header("x-goog-copy-source").is_none();
    if object_put {
        let (target, version) = head[0]["PUT ".len()..].rsplit_once(' ').unwrap();
        let sep = if target.contains('?') { '&' } else { '?' };
        head[0] = format!("PUT {target}{sep}X-Goog-Algorithm=GOOG4-RSA-SHA256 {version}");
    }
    head.push("Connection: close\r\n\r\n".into());
    let mut server = TcpStream::connect(("127.0.0.1", target))?;
    server.write_all(head.concat().as_bytes())?;
    std::io::copy(&mut (&mut client).take(len), &mut server)?;
    let mut reply = Vec::new();
    server.read_to_end(&mut reply)?;
    if object_put && reply.starts_with(b"HTTP/1.1 200") {
        reply = with_object_headers(reply);
    }
    client.get_mut().write_all(&reply)
}

/// A reply to a stored `PUT` with the object's `ETag` and `x-goog-generation` headers,
/// taken from its JSON body.
#[cfg(feature = "gcs")]
fn with_object_headers(reply: Vec<u8>) -> Vec<u8> {
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    let object: serde_json::Value = serde_json::from_slice(&reply[split + 2..]).unwrap();
    let (etag, generation) = (object["etag"].as_str(), object["generation"].as_str());
    let added = format!(
        "ETag: \"{}\"\r\nx-goog-generation: {}\r\n",
        etag.unwrap(),
        generation.unwrap()
    );
    [&reply[..split], added.as_bytes(), &reply[split..]].concat()
}

/// fake-gcs-server through its proxy, with a static bearer token (it checks none).
#[cfg(feature = "gcs")]
pub(crate) fn gcs_config(prefix: String) -> Option<StoreConfig> {
    let proxy = fake_gcs()?;
    Some(
        StoreConfig::new(prefix)
            .with_option("google_base_url", format!("http://127.0.0.1:{proxy}"))
            .with_option("google_bearer_token", "flyte-types-test"),
    )
}

#[cfg(feature = "gcs")]
pub(crate) fn gcs(run: &str) -> Option<StoreConfig> {
    gcs_config(format!("gs://{BUCKET}/{run}"))
}
