//! `flyte-types inspect --download` from each cloud backend the build has, configured by the
//! environment alone, as in a Flyte pod (`AWS_*`, `GOOGLE_*`, `AZURE_*`): the objects sit in the
//! emulators of the core crate's storage suite, started by this test binary on 127.0.0.1.
#![cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]

#[path = "../../tests/store/emulators.rs"]
#[allow(dead_code)]
mod emulators;

use flyte_types::io::{Store, StoreConfig};
use std::process::Command;

/// Writes a file and a folder under `config`'s prefix with the library (explicit settings),
/// then has the CLI fetch the outputs that point at them with the same settings given only as
/// environment variables.
fn inspect_downloads_with_settings_from_the_environment(backend: &str, config: StoreConfig) {
    let prefix = config.raw_data_prefix.clone();
    // object_store's keys are the variables' names in lower case (`AWS_ENDPOINT`: `aws_endpoint`).
    let env: Vec<(String, String)> = config
        .options
        .iter()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    let store = Store::new(config).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let file_uri = format!("{prefix}/cli/report.csv");
    let dir_uri = format!("{prefix}/cli/folder");
    runtime.block_on(async {
        store
            .write_bytes(&file_uri, b"a,b\n1,2\n".to_vec())
            .await
            .unwrap();
        store
            .write_bytes(&format!("{dir_uri}/x.txt"), b"x".to_vec())
            .await
            .unwrap();
        store
            .write_bytes(&format!("{dir_uri}/sub/y.txt"), b"yy".to_vec())
            .await
            .unwrap();
    });
    let root = std::env::temp_dir().join(format!(
        "flyte-types-cli-remote-{backend}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&root).unwrap();
    let path = super::cli_download::write_outputs(&root, file_uri, dir_uri);
    let out = root.join("out");

    let mut cli = Command::new(env!("CARGO_BIN_EXE_flyte-types"));
    cli.args([
        "inspect",
        path.to_str().unwrap(),
        "--download",
        out.to_str().unwrap(),
    ]);
    // Nothing of this process's own cloud settings reaches the CLI: only the emulator's.
    for (k, _) in std::env::vars() {
        if ["AWS_", "GOOGLE_", "AZURE_", "FLYTE_AWS_"]
            .iter()
            .any(|p| k.starts_with(p))
        {
            cli.env_remove(k);
        }
    }
    let o = cli.envs(env).output().unwrap();
    super::cli_download::assert_fetched(&o, &out);
    std::fs::remove_dir_all(&root).unwrap();
}

fn run() -> String {
    format!("cli-remote-{}", std::process::id())
}

#[cfg(feature = "s3")]
#[test]
fn inspect_downloads_with_settings_from_the_environment_s3() {
    if let Some(config) = emulators::s3(&run()) {
        inspect_downloads_with_settings_from_the_environment("s3", config);
    }
}

#[cfg(feature = "gcs")]
#[test]
fn inspect_downloads_with_settings_from_the_environment_gcs() {
    if let Some(config) = emulators::gcs(&run()) {
        inspect_downloads_with_settings_from_the_environment("gcs", config);
    }
}

#[cfg(feature = "azure")]
#[test]
fn inspect_downloads_with_settings_from_the_environment_azure() {
    if let Some(config) = emulators::azure(&run()) {
        inspect_downloads_with_settings_from_the_environment("azure", config);
    }
}
