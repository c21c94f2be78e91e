//! `AWS_PROFILE`: the static keys and region of a named profile, read from the shared
//! credentials and config files as the AWS CLI reads them in the simple case (object_store has
//! no profile support).
//!
//! Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, section `[name]`) and
//! `AWS_CONFIG_FILE` (default `~/.aws/config`, section `[profile name]`, or `[default]`); a key
//! in the credentials file wins over the same key in the config file. Keys read:
//! `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, `region`.
//!
//! Not supported (an error names the setting): profiles that get credentials another way:
//! `role_arn` / `source_profile` (assume-role chains), `credential_process`, `sso_*`
//! (IAM Identity Center), `web_identity_token_file`. A profile found in neither file (or no
//! files at all) is not an error: the backend's own chain applies, as in Flyte 2, which also
//! falls back to the default chain when its boto3 profile cannot be used.

use crate::Error;
use crate::storage::StoreErrorKind;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The settings a profile contributes, as object_store option keys.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Profile {
    /// `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`, when the profile has
    /// static keys.
    pub(crate) credentials: Vec<(&'static str, String)>,
    /// The profile's `region`.
    pub(crate) region: Option<String>,
}

/// Settings that make a profile get its credentials in a way this reader does not follow.
const UNSUPPORTED: [&str; 4] = [
    "role_arn",
    "source_profile",
    "credential_process",
    "web_identity_token_file",
];

/// The profile `name`, read with the variables `env` (`AWS_SHARED_CREDENTIALS_FILE`,
/// `AWS_CONFIG_FILE`, `HOME`); `None` when neither file has it. With `credentials` false (the
/// environment has keys, which win) only its region is wanted, and how it would get
/// credentials does not matter.
pub(crate) fn read(
    name: &str,
    env: &BTreeMap<String, String>,
    credentials: bool,
) -> Result<Option<Profile>, Error> {
    let home = || env.get("HOME").map(PathBuf::from);
    let file = |var: &str, default: &str| {
        env.get(var)
            .map(PathBuf::from)
            .or_else(|| home().map(|h| h.join(".aws").join(default)))
    };
    let config_section = if name == "default" {
        "default".to_string()
    } else {
        format!("profile {name}")
    };
    let from_credentials = section(file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), name)?;
    let from_config = section(file("AWS_CONFIG_FILE", "config"), &config_section)?;
    if from_credentials.is_none() && from_config.is_none() {
        return Ok(None);
    }
    let mut settings = from_config.unwrap_or_default();
    settings.extend(from_credentials.unwrap_or_default());
    let mut profile = Profile {
        region: settings.get("region").cloned(),
        ..Default::default()
    };
    if !credentials {
        return Ok(Some(profile));
    }
    let refused = UNSUPPORTED
        .iter()
        .copied()
        .find(|k| settings.contains_key(*k))
        .or_else(|| {
            settings
                .keys()
                .any(|k| k.starts_with("sso_"))
                .then_some("sso_*")
        });
    if let Some(key) = refused {
        return Err(StoreErrorKind::Config(format!(
            "AWS_PROFILE={name}: the profile's {key} is not supported (only static keys and a \
             region are read from the shared AWS files); give the credentials through the \
             environment instead"
        ))
        .into());
    }
    for key in [
        "aws_access_key_id",
        "aws_secret_access_key",
        "aws_session_token",
    ] {
        if let Some(v) = settings.get(key) {
            profile.credentials.push((key, v.clone()));
        }
    }
    Ok(Some(profile))
}

/// The `key = value` pairs of `[wanted]` in the INI file `path` (`None`: no such file or
/// section). Comments (`#`, `;`) and nested (indented) settings are skipped.
fn section(path: Option<PathBuf>, wanted: &str) -> Result<Option<BTreeMap<String, String>>, Error> {
    let Some(path) = path else { return Ok(None) };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::from_io(path.display().to_string(), e)),
    };
    let mut found: Option<BTreeMap<String, String>> = None;
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            inside = name.trim() == wanted;
            if inside {
                found.get_or_insert_with(BTreeMap::new);
            }
            continue;
        }
        if !inside || line.starts_with(char::is_whitespace) {
            continue;
        }
        if let (Some(map), Some((k, v))) = (found.as_mut(), trimmed.split_once('=')) {
            map.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    Ok(found)
}
