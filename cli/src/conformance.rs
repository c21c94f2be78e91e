//! `flyte-types conformance`: run the corpus checks on any folder of cases.

use flyte_types_cli::corpus::{Outcome, find_cases, run_case};
use std::path::PathBuf;
use std::process::ExitCode;

/// Check decode (against value.json) and encode (against literal.pb) for every case.
///
/// Example: `flyte-types conformance ../shared/interop/flyte2 ../shared/interop/flytekit1`
#[derive(clap::Args)]
pub struct Args {
    /// Also write our encoding of each case under OUT (for py_decode.py).
    #[arg(long, value_name = "OUT")]
    emit: Option<PathBuf>,
    /// Folders of case folders, or case folders.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let cases = match find_cases(&args.dirs) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot list cases: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0, 0);
    for case in &cases {
        let report = run_case(case, args.emit.as_deref());
        match report.outcome {
            Outcome::Passed { .. } => passed += 1,
            Outcome::Failed(_) => failed += 1,
        }
        println!("{report}");
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
