//! Lists brought in from a spreadsheet at realistic (1,000) and national
//! (100,000) scale: reading the enterprises' CSV (Sohoa's own export, every
//! profile column), and planning its import into an empty folder (every row
//! new) and into the folder it came from (every row known, nothing to fill).
//!
//! Run with `cargo bench --bench tables`; `SOHOA_BENCH_SIZES=1000` limits the
//! sizes. Applying the import writes a file per record and so is timed once
//! per size, with its journal, rather than repeated.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sohoa::exchange::table_in::{column_fields, read_table};
use sohoa::text::Lang;
use sohoa::workspace::{TableChoices, Workspace};

mod common;
use common::{demo_folder, sizes};

fn bench(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temporary folder");
    for count in sizes() {
        let dir = demo_folder(count);
        let workspace = Workspace::open(dir.path()).expect("open");
        let table = sohoa::exchange::enterprise_table(&workspace.table_source(), Lang::Vi, false);
        let csv = out.path().join(format!("enterprises-{count}.csv"));
        sohoa::exchange::write_csv(&csv, &[&table]).expect("CSV written");
        let now = jiff::Timestamp::now();
        let read = read_table(&csv, None).expect("read");
        let choices = TableChoices {
            name: "enterprises.csv".into(),
            fields: column_fields(&read.headers, &[]),
            consent_given: true,
        };
        let empty_dir = tempfile::tempdir().expect("temporary folder");
        let mut empty = Workspace::open(empty_dir.path()).expect("open");
        empty
            .set_up_program(workspace.program.clone())
            .expect("program");

        let mut group = c.benchmark_group(format!("{count}_rows"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::new("read_csv", count), |b| {
            b.iter(|| black_box(read_table(&csv, None).expect("read")))
        });
        group.bench_function(BenchmarkId::new("plan_into_empty_folder", count), |b| {
            b.iter(|| black_box(empty.plan_table(&read, &choices, now)))
        });
        group.bench_function(BenchmarkId::new("plan_into_its_own_folder", count), |b| {
            b.iter(|| black_box(workspace.plan_table(&read, &choices, now)))
        });
        group.finish();

        let start = Instant::now();
        let plan = empty.import_table(&read, &choices, now).expect("imported");
        println!(
            "{count}_rows/import_into_empty_folder (once): {:.2} s for {} new records (planned again under the lock, then one journaled batch)",
            start.elapsed().as_secs_f64(),
            plan.new.len()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
