//! Opening a data folder and computing program statistics at realistic (1,000)
//! and national (100,000) scale, on demo data.
//!
//! Run with `cargo bench --bench load`; `SOHOA_BENCH_SIZES=1000` limits the sizes.
//! The `read_bytes` line is the floor: reading the same files without parsing;
//! `read_and_parse` adds RON parsing and nothing else. Opening is measured the
//! first time (every file parsed, the parse cache written) and again (unchanged
//! files from the cache).

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use sohoa::store::cache::ParseCache;
use sohoa::workspace::Workspace;

mod common;
use common::{demo_folder, sizes};

fn enterprise_files(root: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(root.join("enterprises"))
        .expect("enterprises folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect()
}

fn read_all_bytes(root: &Path) -> usize {
    enterprise_files(root)
        .par_iter()
        .map(|p| std::fs::read(p).map(|b| b.len()).unwrap_or(0))
        .sum()
}

/// Reads and parses every enterprise file (RON, then NFC), nothing else: what
/// opening costs before summaries, checks and indexes.
fn read_and_parse_all(root: &Path) -> usize {
    enterprise_files(root)
        .par_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|text| sohoa::store::parse_enterprise_file(text).is_ok())
        .count()
}

fn bench(c: &mut Criterion) {
    for count in sizes() {
        let dir = demo_folder(count);
        let mut group = c.benchmark_group(format!("{count}_enterprises"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::new("read_bytes", count), |b| {
            b.iter(|| black_box(read_all_bytes(dir.path())))
        });
        group.bench_function(BenchmarkId::new("read_and_parse", count), |b| {
            b.iter(|| black_box(read_and_parse_all(dir.path())))
        });
        // With no parse cache: every file parsed, and the cache written (for
        // folders of 5,000 records or more).
        group.bench_function(BenchmarkId::new("open_workspace_first_time", count), |b| {
            let cache = ParseCache::for_folder(dir.path()).expect("a cache folder");
            b.iter_batched(
                || {
                    let _ = std::fs::remove_file(cache.path());
                },
                |()| {
                    black_box(
                        Workspace::open(dir.path())
                            .expect("open")
                            .enterprises()
                            .len(),
                    )
                },
                BatchSize::PerIteration,
            )
        });
        // Opened again: unchanged files come from the parse cache.
        group.bench_function(BenchmarkId::new("open_workspace", count), |b| {
            b.iter(|| {
                black_box(
                    Workspace::open(dir.path())
                        .expect("open")
                        .enterprises()
                        .len(),
                )
            })
        });
        let workspace = Workspace::open(dir.path()).expect("open");
        group.bench_function(BenchmarkId::new("stats", count), |b| {
            b.iter(|| black_box(workspace.stats()))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
