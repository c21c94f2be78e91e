//! W8 of shared/bench (1,000,000 rows × 4 columns): encode (parquet write into a fresh raw-data
//! folder + literal serialization) and decode (literal parse + parquet read of the whole table),
//! side by side with the real SDK's pyarrow baseline run in the same invocation.
//!
//! ```text
//! cargo bench -p flyte-types-dataframe --bench w8_table -- [--reps 15] [--budget 40] [--no-python]
//! ```
//! The Python side runs `shared/bench/python_baseline.py --only W8` with
//! `$FLYTE_TYPES_PYTHON` (default `~/.cache/flyte-types/venv/bin/python`), after the Rust side.
//! As in the baseline: `sync` between reps (untimed), files deleted after each rep (untimed),
//! MB/s = 33,000,000 logical bytes / time.

#[path = "../tests/common/w8.rs"]
mod w8;

use flyte_types::engine::FlyteType;
use flyte_types_dataframe::DataFrameExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use flyte_types::idl::core::Literal;
use flyte_types::io::Store;
use flyte_types_dataframe::{ArrowTable, Context, DataFrameType, Registry};
use prost::Message;

const BASIS: f64 = 33_000_000.0;

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Resets the peak RSS (VmHWM) of this process.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak RSS (VmHWM) in MiB since the last reset.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn stats(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    let med = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (v[0], med)
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// `--child-read stream|all URI`: reads the table at URI in a fresh process and prints its
/// peak RSS, so that the figure is not the parent's (which holds the source table).
fn child_read(mode: &str, uri: &str) {
    let raw = std::path::Path::new(uri).parent().unwrap();
    let store: Arc<dyn flyte_types_dataframe::TableStore> = Arc::new(Store::local(raw).unwrap());
    let df = flyte_types_dataframe::DataFrame::from_existing_remote(uri, "parquet");
    let before = peak_mib();
    let rows = if mode == "stream" {
        df.open(store)
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum::<usize>()
    } else {
        df.read_all(store).unwrap().num_rows()
    };
    assert_eq!(rows, w8::ROWS);
    println!("{before:.1} {:.1}", peak_mib());
}

fn main() {
    if let Some(mode) = arg("--child-read") {
        let args: Vec<String> = std::env::args().collect();
        return child_read(&mode, args.last().unwrap());
    }
    let max_reps: usize = arg("--reps").map_or(15, |v| v.parse().unwrap());
    let budget = Duration::from_secs_f64(arg("--budget").map_or(40.0, |v| v.parse().unwrap()));
    let no_python = std::env::args().any(|a| a == "--no-python");
    let load_start = loadavg();

    let scratch = std::env::temp_dir().join(format!("flyte_df_w8_{}", std::process::id()));
    let raw = scratch.join("raw");
    std::fs::create_dir_all(&raw).unwrap();
    let cx = Context::new(Arc::new(Store::local(&raw).unwrap()));
    let reg = Registry::with_defaults();
    let lt = DataFrameType::new().tag("pyarrow.lib.Table").literal_type();
    let gen_start = Instant::now();
    let table = ArrowTable::from(w8::table(w8::ROWS));
    eprintln!("generated W8 in {:.2?}", gen_start.elapsed());

    // Warm-up on 1,000 rows.
    {
        let small = ArrowTable::from(table.batches()[0].slice(0, 1000));
        let lit = reg.to_literal(&small, &lt, &cx).unwrap();
        let _: ArrowTable = reg.to_value(&lit, &lt, &cx).unwrap();
    }

    let table_mib = table.batches()[0].get_array_memory_size() as f64 / (1024.0 * 1024.0);
    let (mut enc, mut dec, mut dec_stream) = (Vec::new(), Vec::new(), Vec::new());
    let (mut peak_enc, mut peak_dec, mut peak_stream) = (0f64, 0f64, 0f64);
    let mut file_bytes = 0u64;
    let mut literal_bytes = 0usize;
    let mut rt_ok = true;
    let started = Instant::now();
    while enc.len() < max_reps && (enc.is_empty() || started.elapsed() < budget) {
        let _ = Command::new("sync").status();
        reset_peak();
        let t0 = Instant::now();
        let lit = reg.to_literal(&table, &lt, &cx).unwrap();
        let bytes = lit.encode_to_vec();
        let t_enc = t0.elapsed();
        peak_enc = peak_enc.max(peak_mib());
        let _ = Command::new("sync").status();
        reset_peak();
        let t1 = Instant::now();
        let parsed = Literal::decode(bytes.as_slice()).unwrap();
        let back: ArrowTable = reg.to_value(&parsed, &lt, &cx).unwrap();
        let t_dec = t1.elapsed();
        peak_dec = peak_dec.max(peak_mib());
        // Streaming decode: 65,536-row batches, each dropped after counting its rows.
        let _ = Command::new("sync").status();
        reset_peak();
        let t2 = Instant::now();
        let handle = flyte_types_dataframe::DataFrame::from_literal(
            &Literal::decode(bytes.as_slice()).unwrap(),
        )
        .unwrap();
        let mut n = 0;
        for b in handle.open(cx.store.clone()).unwrap() {
            n += b.unwrap().num_rows();
        }
        assert_eq!(n, w8::ROWS);
        dec_stream.push(t2.elapsed().as_secs_f64());
        peak_stream = peak_stream.max(peak_mib());
        let df = flyte_types_dataframe::DataFrame::from_literal(&parsed).unwrap();
        if enc.is_empty() {
            rt_ok = back.concat().unwrap() == table.concat().unwrap();
            file_bytes = std::fs::metadata(PathBuf::from(&df.uri).join("00000"))
                .unwrap()
                .len();
            literal_bytes = bytes.len();
        }
        std::fs::remove_dir_all(&df.uri).unwrap();
        enc.push(t_enc.as_secs_f64());
        dec.push(t_dec.as_secs_f64());
    }
    let reps = enc.len();
    // Peak RSS of reading the table in a fresh process: streamed, and whole.
    let kept = reg.to_literal(&table, &lt, &cx).unwrap();
    let kept_uri = flyte_types_dataframe::DataFrame::from_literal(&kept)
        .unwrap()
        .uri;
    let child = |mode: &str| {
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--child-read", mode, &kept_uri])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let (rss_stream, rss_all) = (child("stream"), child("all"));
    let (emin, emed) = stats(&mut enc);
    let (dmin, dmed) = stats(&mut dec);
    let (smin, smed) = stats(&mut dec_stream);
    let load_rust_end = loadavg();

    let mut rows = vec![format!(
        "| W8 | Rust ArrowTable (flyte-types-dataframe) | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} / {:.0} | {:.0} / {:.0} | {} | {} | {} | {} |",
        emin * 1e3,
        emed * 1e3,
        dmin * 1e3,
        dmed * 1e3,
        BASIS / emed / 1e6,
        BASIS / dmed / 1e6,
        BASIS / emin / 1e6,
        BASIS / dmin / 1e6,
        file_bytes,
        literal_bytes,
        reps,
        if rt_ok { "yes" } else { "NO" }
    )];

    let mut py_note = String::from("python side not run");
    if !no_python {
        let py = std::env::var_os("FLYTE_TYPES_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap())
                    .join(".cache/flyte-types/venv/bin/python")
            });
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/bench/python_baseline.py");
        let json = scratch.join("py_w8.json");
        let status = Command::new(&py)
            .arg(&script)
            .args(["--only", "W8", "--no-anchors", "--budget"])
            .arg(budget.as_secs_f64().to_string())
            .arg("--json")
            .arg(&json)
            .current_dir(&scratch)
            .status();
        match status {
            Ok(s) if s.success() => {
                let d: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
                for r in d["results"].as_array().unwrap() {
                    if r["workload"] != "W8" {
                        continue;
                    }
                    let f = |k: &str, s: &str| r[k][s].as_f64().unwrap();
                    rows.push(format!(
                        "| W8 | Python {} (flyte {}) | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} / {:.0} | {:.0} / {:.0} | {} | {} | {} | {} |",
                        r["variant"].as_str().unwrap(),
                        d["meta"]["flyte"].as_str().unwrap_or("?"),
                        f("encode", "min") * 1e3,
                        f("encode", "median") * 1e3,
                        f("decode", "min") * 1e3,
                        f("decode", "median") * 1e3,
                        BASIS / f("encode", "median") / 1e6,
                        BASIS / f("decode", "median") / 1e6,
                        BASIS / f("encode", "min") / 1e6,
                        BASIS / f("decode", "min") / 1e6,
                        r["data_bytes_on_disk"],
                        r["literal_bytes"],
                        r["reps"],
                        if r["roundtrip_ok"] == true { "yes" } else { "NO" },
                    ));
                }
                py_note = format!(
                    "python: {} (pyarrow {}, pandas {})",
                    d["meta"]["python"].as_str().unwrap_or("?"),
                    d["meta"]["pyarrow"].as_str().unwrap_or("?"),
                    d["meta"]["pandas"].as_str().unwrap_or("?")
                );
            }
            other => py_note = format!("python baseline failed: {other:?}"),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);

    println!(
        "| WL | variant | enc min ms | enc med ms | dec min ms | dec med ms | MB/s enc/dec (med) | MB/s enc/dec (best) | file bytes | literal bytes | reps | rt ok |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    println!();
    println!(
        "Rust streaming decode (65,536-row batches, dropped): min {:.1} ms, median {:.1} ms ({:.0} MB/s median)",
        smin * 1e3,
        smed * 1e3,
        BASIS / smed / 1e6
    );
    println!(
        "Rust peak RSS (VmHWM, whole bench process, holding the {table_mib:.1} MiB source table): encode {peak_enc:.1} MiB, decode {peak_dec:.1} MiB, streaming decode {peak_stream:.1} MiB"
    );
    println!(
        "Rust peak RSS of a fresh process reading the table (MiB before reading, peak): streamed {rss_stream}; whole {rss_all}"
    );
    println!(
        "loadavg: start {load_start}, after Rust {load_rust_end}, end {}; {py_note}",
        loadavg()
    );
}
