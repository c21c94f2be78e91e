//! The `a0` command line of a Flyte 2 task container (`flyte/_bin/runtime.py`, 2.12.1).
//!
//! Flyte starts a task's container as `<entrypoint> a0 --inputs URI --outputs-path PREFIX
//! --version V --run-base-dir DIR --raw-data-path … [--resolver … RESOLVER-ARGS…]`. The options
//! below are parsed as click parses them there (`--opt VALUE`, `--opt=VALUE`, `-o VALUE`,
//! `-oVALUE`), with the same environment fallbacks. Options that only mean something to the
//! Python runtime (`--resolver`, `--tgz`, `--pkl`, `--dest`, `--image-cache`, `--debug`,
//! `--interactive-mode`, and any option added later) and the resolver's positional arguments are
//! accepted and ignored, never an error.

use crate::Error;
use crate::taskio::TaskIoErrorKind;
use chrono::{DateTime, Utc};

/// `ACTION_NAME`: fallback of `--name`.
pub const ACTION_NAME_ENV: &str = "ACTION_NAME";
/// `RUN_NAME`: fallback of `--run-name`.
pub const RUN_NAME_ENV: &str = "RUN_NAME";
/// `FLYTE_INTERNAL_EXECUTION_PROJECT`: fallback of `--project`.
pub const PROJECT_ENV: &str = "FLYTE_INTERNAL_EXECUTION_PROJECT";
/// `FLYTE_INTERNAL_EXECUTION_DOMAIN`: fallback of `--domain`.
pub const DOMAIN_ENV: &str = "FLYTE_INTERNAL_EXECUTION_DOMAIN";
/// `_U_ORG_NAME`: fallback of `--org`.
pub const ORG_ENV: &str = "_U_ORG_NAME";
/// `_U_RUN_BASE`: fallback of `--run-base-dir`.
pub const RUN_BASE_DIR_ENV: &str = "_U_RUN_BASE";
/// `_F_PATH_REWRITE`: `old_prefix->new_prefix`, applied to input blob uris (see
/// [`super::PathRewrite`]).
pub const PATH_REWRITE_ENV: &str = "_F_PATH_REWRITE";

/// The parsed `a0` arguments. Field names follow the options (`--outputs-path` is
/// `outputs_path`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct A0Args {
    /// `--inputs` / `-i` (required): the uri of `inputs.pb`.
    pub inputs: String,
    /// `--outputs-path` / `-o` (required): the prefix under which `outputs.pb` or `error.pb` go.
    pub outputs_path: String,
    /// `--version` / `-v` (required): the code version.
    pub version: String,
    /// `--run-base-dir` (required; env `_U_RUN_BASE`).
    pub run_base_dir: String,
    /// `--raw-data-path` / `-r`: where the task writes files, folders and dataframes.
    pub raw_data_path: Option<String>,
    /// `--checkpoint-path` / `-c`.
    pub checkpoint_path: Option<String>,
    /// `--prev-checkpoint` / `-p`.
    pub prev_checkpoint: Option<String>,
    /// `--name` (env `ACTION_NAME`): the action's name; an unsubstituted `{{…}}` template falls
    /// back to the environment, as the SDK does.
    pub name: Option<String>,
    /// `--run-name` (env `RUN_NAME`), with the same template fallback.
    pub run_name: Option<String>,
    /// `--run-start-time`, as given (see [`A0Args::run_start_time`]).
    pub run_start_time: Option<String>,
    /// `--project` (env `FLYTE_INTERNAL_EXECUTION_PROJECT`).
    pub project: Option<String>,
    /// `--domain` (env `FLYTE_INTERNAL_EXECUTION_DOMAIN`).
    pub domain: Option<String>,
    /// `--org` (env `_U_ORG_NAME`).
    pub org: Option<String>,
    /// Everything accepted for the Python runtime and ignored here (options with their values,
    /// the resolver's arguments), in the order given.
    pub ignored: Vec<String>,
}

/// Each option of the `a0` command this runtime reads: its long name, short name, environment
/// fallback.
const OPTIONS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("--inputs", Some("-i"), None),
    ("--outputs-path", Some("-o"), None),
    ("--version", Some("-v"), None),
    ("--run-base-dir", None, Some(RUN_BASE_DIR_ENV)),
    ("--raw-data-path", Some("-r"), None),
    ("--checkpoint-path", Some("-c"), None),
    ("--prev-checkpoint", Some("-p"), None),
    ("--name", None, Some(ACTION_NAME_ENV)),
    ("--run-name", None, Some(RUN_NAME_ENV)),
    ("--run-start-time", None, None),
    ("--project", None, Some(PROJECT_ENV)),
    ("--domain", None, Some(DOMAIN_ENV)),
    ("--org", None, Some(ORG_ENV)),
];

impl A0Args {
    /// Parses the process's own arguments (after the program name; a leading `a0` is skipped)
    /// with the process environment as fallback.
    pub fn from_env() -> Result<Self, Error> {
        Self::parse(std::env::args().skip(1), |k| std::env::var(k).ok())
    }

    /// Parses `args` (a leading `a0` subcommand is skipped), taking fallbacks from `env`.
    /// A required option missing from both is an error that names it; an option given twice
    /// keeps its last value, as click does.
    pub fn parse<I, S>(args: I, env: impl Fn(&str) -> Option<String>) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut args: Vec<String> = args.into_iter().map(Into::into).collect();
        if args.first().is_some_and(|a| a == "a0") {
            args.remove(0);
        }
        let mut values: Vec<Option<String>> = vec![None; OPTIONS.len()];
        let mut ignored = Vec::new();
        let mut rest = args.into_iter().peekable();
        while let Some(arg) = rest.next() {
            if arg == "--" {
                ignored.extend(rest.by_ref());
                break;
            }
            let Some((index, inline)) = known_option(&arg) else {
                // Unknown options and positional (resolver) arguments are kept aside. An option
                // takes the next word as its value unless it carries one (`--opt=v`) or the next
                // word is itself an option.
                let takes_value = arg.starts_with('-') && !arg.contains('=');
                ignored.push(arg);
                if takes_value && rest.peek().is_some_and(|next| !next.starts_with('-')) {
                    ignored.extend(rest.next());
                }
                continue;
            };
            let value = match inline {
                Some(v) => v,
                None => rest.next().ok_or_else(|| TaskIoErrorKind::Arguments {
                    message: format!("option {} needs a value", OPTIONS[index].0),
                })?,
            };
            values[index] = Some(value);
        }
        for (value, (_, _, var)) in values.iter_mut().zip(OPTIONS) {
            if value.is_none() {
                *value = var.and_then(&env);
            }
        }
        let [
            inputs,
            outputs_path,
            version,
            run_base_dir,
            raw_data_path,
            checkpoint_path,
            prev_checkpoint,
            name,
            run_name,
            run_start_time,
            project,
            domain,
            org,
        ] = <[Option<String>; 13]>::try_from(values).expect("one value per option");
        let required = |v: Option<String>, option: &str| {
            v.ok_or_else(|| TaskIoErrorKind::Arguments {
                message: format!("missing option {option} (the a0 contract requires it)"),
            })
        };
        // An unsubstituted template (`{{.actionName}}`) falls back to the environment.
        let untemplated = |v: Option<String>, var: &str| match v {
            Some(s) if s.starts_with("{{") => Some(env(var).unwrap_or_default()),
            v => v,
        };
        Ok(A0Args {
            inputs: required(inputs, "--inputs")?,
            outputs_path: required(outputs_path, "--outputs-path")?,
            version: required(version, "--version")?,
            run_base_dir: required(run_base_dir, "--run-base-dir")?,
            raw_data_path,
            checkpoint_path,
            prev_checkpoint,
            name: untemplated(name, ACTION_NAME_ENV),
            run_name: untemplated(run_name, RUN_NAME_ENV),
            run_start_time,
            project,
            domain,
            org,
            ignored,
        })
    }

    /// The run's start time (`--run-start-time`, ISO 8601, a trailing `Z` allowed, a time
    /// without offset taken as UTC); the Unix epoch when it is absent, a `{{…}}` template or
    /// unparsable, as the SDK falls back (`runtime.py`: a wall-clock fallback would change the
    /// sub-action ids on every retry).
    pub fn run_start_time(&self) -> DateTime<Utc> {
        self.run_start_time
            .as_deref()
            .filter(|s| !s.starts_with("{{"))
            .and_then(parse_start_time)
            .unwrap_or(DateTime::UNIX_EPOCH)
    }
}

/// The index in [`OPTIONS`] of a known option, and its inline value (`--opt=v`, `-ov`).
fn known_option(arg: &str) -> Option<(usize, Option<String>)> {
    if let Some(long) = arg.strip_prefix("--") {
        let (name, inline) = match long.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (long, None),
        };
        let index = OPTIONS.iter().position(|(l, _, _)| &l[2..] == name)?;
        return Some((index, inline));
    }
    let short = arg.get(..2)?;
    let index = OPTIONS.iter().position(|(_, s, _)| *s == Some(short))?;
    let inline = (arg.len() > 2).then(|| arg[2..].trim_start_matches('=').to_string());
    Some((index, inline))
}

/// The value of `--outputs-path` / `-o` in `args`, if any: where error.pb goes when the other
/// arguments cannot be used.
#[cfg(any(test, feature = "runtime"))]
pub(crate) fn outputs_path_in(args: &[String]) -> Option<String> {
    let mut words = args.iter();
    let mut found = None;
    while let Some(arg) = words.next() {
        if let Some((index, inline)) = known_option(arg)
            && OPTIONS[index].0 == "--outputs-path"
        {
            found = inline.or_else(|| words.next().cloned());
        }
    }
    found
}

/// Python's `datetime.fromisoformat` for the forms Flyte passes: RFC 3339 with `T` or a space,
/// with or without an offset (none means UTC).
fn parse_start_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim_end();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%:z"] {
        if let Ok(t) = DateTime::parse_from_str(raw, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(raw, format) {
            return Some(t.and_utc());
        }
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    /// The argument list Flyte 2.12.1's `RuntimeTaskTemplate.container_args` emits (substituted
    /// as the backend does), with a code bundle, an image cache and the default resolver.
    #[test]
    fn flyte2_container_args_parse_with_python_only_options_ignored() {
        let argv = [
            "a0",
            "--inputs",
            "s3://b/run/a1/inputs.pb",
            "--outputs-path",
            "s3://b/run/a1/0",
            "--version",
            "",
            "--raw-data-path",
            "s3://b/raw/a1",
            "--checkpoint-path",
            "s3://b/ck/a1",
            "--prev-checkpoint",
            "",
            "--run-name",
            "r42",
            "--name",
            "a1",
            "--run-start-time",
            "2026-12-03T10:00:00Z",
            "--image-cache",
            "H4sIAAAA",
            "--tgz",
            "s3://b/code.tgz",
            "--dest",
            ".",
            "--resolver",
            "flyte._internal.resolvers.default.DefaultTaskResolver",
            "mod",
            "summarize",
            "instance",
            "env.summarize",
        ];
        let vars = env(&[
            (RUN_BASE_DIR_ENV, "s3://b/run"),
            (PROJECT_ENV, "flytesnacks"),
            (DOMAIN_ENV, "development"),
            (ORG_ENV, "acme"),
        ]);
        let a = A0Args::parse(argv, vars).unwrap();
        assert_eq!(
            a,
            A0Args {
                inputs: "s3://b/run/a1/inputs.pb".into(),
                outputs_path: "s3://b/run/a1/0".into(),
                version: "".into(),
                run_base_dir: "s3://b/run".into(),
                raw_data_path: Some("s3://b/raw/a1".into()),
                checkpoint_path: Some("s3://b/ck/a1".into()),
                prev_checkpoint: Some("".into()),
                name: Some("a1".into()),
                run_name: Some("r42".into()),
                run_start_time: Some("2026-12-03T10:00:00Z".into()),
                project: Some("flytesnacks".into()),
                domain: Some("development".into()),
                org: Some("acme".into()),
                ignored: [
                    "--image-cache",
                    "H4sIAAAA",
                    "--tgz",
                    "s3://b/code.tgz",
                    "--dest",
                    ".",
                    "--resolver",
                    "flyte._internal.resolvers.default.DefaultTaskResolver",
                    "mod",
                    "summarize",
                    "instance",
                    "env.summarize",
                ]
                .map(String::from)
                .to_vec(),
            }
        );
        assert_eq!(a.run_start_time().to_rfc3339(), "2026-12-03T10:00:00+00:00");
    }

    #[test]
    fn short_and_inline_forms_and_the_last_value_wins() {
        let a = A0Args::parse(
            [
                "-i/in/inputs.pb",
                "-o",
                "/out",
                "-v=v1",
                "--run-base-dir=/base",
                "-o",
                "/out2",
            ],
            env(&[]),
        )
        .unwrap();
        assert_eq!(
            (
                a.inputs.as_str(),
                a.outputs_path.as_str(),
                a.version.as_str()
            ),
            ("/in/inputs.pb", "/out2", "v1")
        );
        assert_eq!(a.run_base_dir, "/base");
        assert_eq!(a.raw_data_path, None);
    }

    #[test]
    fn environment_fallbacks_and_unsubstituted_templates() {
        let vars = env(&[
            (ACTION_NAME_ENV, "a7"),
            (RUN_NAME_ENV, "run-from-env"),
            (RUN_BASE_DIR_ENV, "/env-base"),
        ]);
        let a = A0Args::parse(
            [
                "a0",
                "--inputs",
                "/i",
                "--outputs-path",
                "/o",
                "--version",
                "v",
                "--name",
                "{{.actionName}}",
                "--run-start-time",
                "{{.runStartTime}}",
            ],
            vars,
        )
        .unwrap();
        assert_eq!(a.name.as_deref(), Some("a7"));
        assert_eq!(a.run_name.as_deref(), Some("run-from-env"));
        assert_eq!(a.run_base_dir, "/env-base");
        assert_eq!(a.run_start_time(), DateTime::UNIX_EPOCH);
        // An explicit option wins over the environment.
        let a = A0Args::parse(
            [
                "--inputs",
                "/i",
                "-o",
                "/o",
                "-v",
                "v",
                "--run-base-dir",
                "/flag",
                "--name",
                "x",
            ],
            env(&[(RUN_BASE_DIR_ENV, "/env"), (ACTION_NAME_ENV, "a7")]),
        )
        .unwrap();
        assert_eq!(
            (a.run_base_dir.as_str(), a.name.as_deref()),
            ("/flag", Some("x"))
        );
    }

    #[test]
    fn unknown_options_are_accepted_and_kept_aside() {
        let a = A0Args::parse(
            [
                "--inputs",
                "/i",
                "--future-flag",
                "--future-opt",
                "value",
                "--other=x",
                "--outputs-path",
                "/o",
                "--debug",
                "False",
                "--interactive-mode",
                "true",
                "--version",
                "v",
                "--run-base-dir",
                "/b",
                "--",
                "--inputs",
                "not-ours",
            ],
            env(&[]),
        )
        .unwrap();
        assert_eq!((a.inputs.as_str(), a.outputs_path.as_str()), ("/i", "/o"));
        assert_eq!(
            a.ignored,
            [
                "--future-flag",
                "--future-opt",
                "value",
                "--other=x",
                "--debug",
                "False",
                "--interactive-mode",
                "true",
                "--inputs",
                "not-ours",
            ]
        );
    }

    #[test]
    fn missing_required_options_are_named() {
        let e = A0Args::parse(["--inputs", "/i", "--outputs-path", "/o"], env(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "missing option --version (the a0 contract requires it)"
        );
        let e = A0Args::parse(["-i", "/i", "-o", "/o", "-v", "1"], env(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "missing option --run-base-dir (the a0 contract requires it)"
        );
        let e = A0Args::parse(["--inputs"], env(&[])).unwrap_err();
        assert_eq!(e.to_string(), "option --inputs needs a value");
        assert_eq!(
            outputs_path_in(&["-i".into(), "/i".into(), "--outputs-path=/out".into()]),
            Some("/out".into())
        );
        assert_eq!(outputs_path_in(&["-i".into(), "/i".into()]), None);
    }

    #[test]
    fn run_start_time_forms_as_python_fromisoformat() {
        let at = |s: &str| {
            A0Args {
                run_start_time: Some(s.into()),
                ..Default::default()
            }
            .run_start_time()
            .to_rfc3339()
        };
        assert_eq!(
            at("2026-12-03T10:00:00.123456Z"),
            "2026-12-03T10:00:00.123456+00:00"
        );
        assert_eq!(at("2026-12-03T12:00:00+02:00"), "2026-12-03T10:00:00+00:00");
        assert_eq!(at("2026-12-03 10:00:00"), "2026-12-03T10:00:00+00:00");
        assert_eq!(at("2026-12-03"), "2026-12-03T00:00:00+00:00");
        assert_eq!(at("yesterday"), "1970-01-01T00:00:00+00:00");
    }
}
