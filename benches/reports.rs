//! PDF reports: one enterprise summary, the program report, and all 1,000
//! summaries of a demo folder written with both cores.
//!
//! Run with `cargo bench --bench reports`.

use std::hint::black_box;
use std::sync::atomic::AtomicUsize;

use criterion::{Criterion, criterion_group, criterion_main};
use sohoa::text::Lang;
use sohoa::workspace::Workspace;

mod common;

fn bench(c: &mut Criterion) {
    let dir = common::demo_folder(1_000);
    let ws = Workspace::open(dir.path()).expect("open");
    let today = jiff::civil::date(2025, 11, 30);
    let e = ws
        .enterprises()
        .iter()
        .find(|e| {
            e.assessments.iter().filter(|a| a.is_completed()).count() > 1
                && !e.activities.is_empty()
        })
        .expect("an enterprise with a follow-up");
    let summary = sohoa::report::enterprise_pdf(&ws, e, Lang::Vi, today).expect("summary");
    let program = sohoa::report::program_pdf(&ws, Lang::Vi, today).expect("program report");
    println!(
        "one summary: {} bytes; program report for 1,000 enterprises: {} bytes",
        summary.len(),
        program.len()
    );
    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    group.bench_function("one_enterprise_summary", |b| {
        b.iter(|| {
            black_box(
                sohoa::report::enterprise_pdf(&ws, e, Lang::Vi, today)
                    .expect("summary")
                    .len(),
            )
        })
    });
    group.bench_function("program_report_1000", |b| {
        b.iter(|| {
            black_box(
                sohoa::report::program_pdf(&ws, Lang::Vi, today)
                    .expect("program")
                    .len(),
            )
        })
    });
    let out = tempfile::tempdir().expect("output folder");
    group.bench_function("all_summaries_1000", |b| {
        b.iter(|| {
            let batch =
                sohoa::report::write_all(&ws, out.path(), Lang::Vi, today, &AtomicUsize::new(0))
                    .expect("batch");
            black_box(batch.written.len())
        })
    });
    group.finish();
    let sizes: Vec<u64> = std::fs::read_dir(out.path())
        .expect("written")
        .filter_map(|e| e.ok()?.metadata().ok().map(|m| m.len()))
        .collect();
    if !sizes.is_empty() {
        println!(
            "{} summaries: {} KB on average, {} KB at most",
            sizes.len(),
            sizes.iter().sum::<u64>() / sizes.len() as u64 / 1024,
            sizes.iter().max().copied().unwrap_or(0) / 1024
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
