//! W9 of shared/bench: a 200,000,000-byte `File` (splitmix64(90) as little-endian u64s) through
//! the Store on a local raw-data prefix, compared with a plain buffered file copy.
//!
//! Variants (as the Python baseline): `upload` = `File.from_local` to an explicit destination +
//! literal encode; `download` = literal decode + `File.download` to a path; `stream_write` =
//! `File.new_remote` + write 200 MB from memory + literal; `stream_read` = literal decode +
//! `open` + read to the end; `plain_copy` = std `BufReader`/`BufWriter` copy (8 MiB buffers).
//! `sync` runs between iterations, untimed. Peak RSS (VmHWM, reset per variant through
//! /proc/self/clear_refs) is printed per variant.
//!
//! With `--features s3` and `FLYTE_BENCH_S3_ENDPOINT` set (an S3 server with a bucket
//! `flyte-bench`), `s3_upload` / `s3_download` move the same File through S3.
//!
//! `cargo bench --bench w9_file --features store` (see BENCHMARKS.md).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use flyte_types::engine::{File, FlyteType};
use flyte_types::idl::core::Literal;
use flyte_types::io::{HashMethod, Store, UploadOptions};
use prost::Message;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BYTES: usize = 200_000_000;

fn sm64(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add((k + 1).wrapping_mul(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^ (z >> 31)
}

/// Writes the W9 payload to `path` in 8 MiB pieces (never all in memory).
fn write_payload(path: &Path) {
    let mut f = std::io::BufWriter::with_capacity(8 << 20, std::fs::File::create(path).unwrap());
    for k in 0..(BYTES / 8) as u64 {
        f.write_all(&sm64(90, k).to_le_bytes()).unwrap();
    }
    f.flush().unwrap();
}

fn sync() {
    let _ = std::process::Command::new("sync").status();
}

fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn rm(path: &Path) {
    let _ = std::fs::remove_file(path);
}

fn w9(c: &mut Criterion) {
    let root = std::env::temp_dir().join(format!("flyte-types-w9-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let src = root.join("payload.bin");
    write_payload(&src);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = Store::local(root.join("raw")).unwrap();
    let mut rss: Vec<(&str, f64)> = Vec::new();

    let mut g = c.benchmark_group("W9");
    g.throughput(Throughput::Bytes(BYTES as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(8));

    // Plain buffered copy, the yardstick.
    let copy_dst = root.join("plain-copy.bin");
    reset_peak_rss();
    g.bench_function("plain_copy", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let mut r =
                    std::io::BufReader::with_capacity(8 << 20, std::fs::File::open(&src).unwrap());
                let mut w = std::io::BufWriter::with_capacity(
                    8 << 20,
                    std::fs::File::create(&copy_dst).unwrap(),
                );
                std::io::copy(&mut r, &mut w).unwrap();
                w.flush().unwrap();
                total += t.elapsed();
                rm(&copy_dst);
            }
            total
        })
    });
    rss.push(("plain_copy", peak_rss_mib()));

    // File.from_local(src, remote_destination) + to_literal + serialize.
    let dst = root.join("raw/upload/payload.bin");
    reset_peak_rss();
    g.bench_function("upload", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let f = rt
                    .block_on(store.upload_file(&src, UploadOptions::to(dst.display().to_string())))
                    .unwrap();
                let bytes = flyte_types::wire::encode_canonical(&f.to_literal().unwrap());
                total += t.elapsed();
                assert!(bytes.len() < 200);
                rm(&dst);
            }
            total
        })
    });
    rss.push(("upload", peak_rss_mib()));

    // parse + to_python_value + File.download(path).
    let literal = flyte_types::wire::encode_canonical(
        &File::new(src.display().to_string()).to_literal().unwrap(),
    );
    let target = root.join("down/payload.bin");
    reset_peak_rss();
    g.bench_function("download", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let f = File::from_literal(&Literal::decode(literal.as_slice()).unwrap()).unwrap();
                rt.block_on(store.download_file(&f, Some(&target))).unwrap();
                total += t.elapsed();
                rm(&target);
            }
            total
        })
    });
    rss.push(("download", peak_rss_mib()));

    // File.new_remote + open("wb").write(payload) + to_literal: bytes in memory to the store.
    let payload = std::fs::read(&src).unwrap();
    reset_peak_rss();
    let mut written: Vec<PathBuf> = Vec::new();
    g.bench_function("stream_write", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let uri = rt.block_on(async {
                    let (f, mut w) = store
                        .new_file(Some("payload.bin"), HashMethod::None)
                        .unwrap();
                    w.write_all(&payload).await.unwrap();
                    w.finish().await.unwrap();
                    std::hint::black_box(flyte_types::wire::encode_canonical(
                        &f.to_literal().unwrap(),
                    ));
                    f.uri
                });
                total += t.elapsed();
                written.push(PathBuf::from(uri));
                for p in written.drain(..) {
                    rm(&p);
                }
            }
            total
        })
    });
    rss.push((
        "stream_write (incl. the 200 MB source buffer)",
        peak_rss_mib(),
    ));
    drop(payload);

    // parse + to_python_value + open("rb").read(): the store's bytes into memory.
    reset_peak_rss();
    g.bench_function("stream_read", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let n = rt.block_on(async {
                    let f =
                        File::from_literal(&Literal::decode(literal.as_slice()).unwrap()).unwrap();
                    let mut r = store.open_file(&f).await.unwrap();
                    let mut out = Vec::with_capacity(BYTES);
                    r.read_to_end(&mut out).await.unwrap();
                    out.len()
                });
                total += t.elapsed();
                assert_eq!(n, BYTES);
            }
            total
        })
    });
    rss.push(("stream_read (incl. the 200 MB result)", peak_rss_mib()));

    // Streaming read with a bounded buffer: what memory a 200 MB transfer needs by itself.
    reset_peak_rss();
    g.bench_function("stream_read_discard", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                sync();
                let t = Instant::now();
                let n = rt.block_on(async {
                    let mut r = store.reader(&src.display().to_string()).await.unwrap();
                    let mut buf = vec![0u8; 1 << 20];
                    let mut n = 0;
                    loop {
                        let k = r.read(&mut buf).await.unwrap();
                        if k == 0 {
                            break n;
                        }
                        n += k;
                    }
                });
                total += t.elapsed();
                assert_eq!(n, BYTES);
            }
            total
        })
    });
    rss.push(("stream_read_discard (1 MiB buffer)", peak_rss_mib()));
    // The same File through S3 (feature `s3`, FLYTE_BENCH_S3_ENDPOINT: an S3 server on
    // 127.0.0.1 with a bucket `flyte-bench`, e.g. moto): upload and download over HTTP.
    #[cfg(feature = "s3")]
    if let Ok(endpoint) = std::env::var("FLYTE_BENCH_S3_ENDPOINT") {
        let s3 = Store::new(
            flyte_types::io::StoreConfig::new("s3://flyte-bench/w9")
                .with_option("aws_endpoint", endpoint)
                .with_option("aws_region", "us-east-1")
                .with_option("aws_access_key_id", "testing")
                .with_option("aws_secret_access_key", "testing"),
        )
        .unwrap();
        let uri = "s3://flyte-bench/w9/payload.bin";
        reset_peak_rss();
        g.bench_function("s3_upload", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    sync();
                    let t = Instant::now();
                    let f = rt
                        .block_on(s3.upload_file(&src, UploadOptions::to(uri)))
                        .unwrap();
                    std::hint::black_box(flyte_types::wire::encode_canonical(
                        &f.to_literal().unwrap(),
                    ));
                    total += t.elapsed();
                }
                total
            })
        });
        rss.push(("s3_upload", peak_rss_mib()));
        let literal = flyte_types::wire::encode_canonical(&File::new(uri).to_literal().unwrap());
        reset_peak_rss();
        g.bench_function("s3_download", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    sync();
                    let t = Instant::now();
                    let f =
                        File::from_literal(&Literal::decode(literal.as_slice()).unwrap()).unwrap();
                    rt.block_on(s3.download_file(&f, Some(&target))).unwrap();
                    total += t.elapsed();
                    rm(&target);
                }
                total
            })
        });
        rss.push(("s3_download", peak_rss_mib()));
    }
    g.finish();

    println!("\nW9 peak RSS per variant (VmHWM after the variant, reset before it):");
    for (name, mib) in rss {
        println!("  {name:<48} {mib:>8.1} MiB");
    }
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, w9);
criterion_main!(benches);
