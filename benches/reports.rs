//! PDF reports at each size: one enterprise summary and the program report; at
//! 1,000 enterprises also every summary, written with both cores.
//!
//! Run with `cargo bench --bench reports` (`SOHOA_BENCH_SIZES=1000` to limit).

use std::hint::black_box;
use std::sync::atomic::AtomicUsize;

use criterion::{Criterion, criterion_group, criterion_main};
use sohoa::text::Lang;
use sohoa::workspace::Workspace;

mod common;

fn bench(c: &mut Criterion) {
    for count in common::sizes() {
        bench_size(c, count);
    }
}

fn bench_size(c: &mut Criterion, count: usize) {
    let dir = common::demo_folder(count);
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
        "one summary: {} bytes; program report for {count} enterprises: {} bytes",
        summary.len(),
        program.len()
    );
    let mut group = c.benchmark_group(format!("reports_{count}"));
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
    group.bench_function("program_report", |b| {
        b.iter(|| {
            black_box(
                sohoa::report::program_pdf(&ws, Lang::Vi, today)
                    .expect("program")
                    .len(),
            )
        })
    });
    // Every summary is written only for the program's own scale: at 100,000 it is
    // the same work a hundred times over.
    if count > 1_000 {
        group.finish();
        return;
    }
    let out = tempfile::tempdir().expect("output folder");
    group.bench_function("all_summaries", |b| {
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
