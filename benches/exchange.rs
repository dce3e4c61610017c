//! Data in and out of a folder at realistic (1,000) and national (100,000) scale:
//! writing a bundle of every enterprise, reading and planning the import of a bundle
//! a tenth the folder's size (new and overlapping enterprises), sealing that bundle
//! and opening it sealed, and the CSV and XLSX tables.
//!
//! Run with `cargo bench --bench exchange`; `SOHOA_BENCH_SIZES=1000` limits the sizes.
//! Applying an import writes files and so is timed once per size, with its backup,
//! rather than repeated.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sohoa::exchange::bundle::{BundleKind, read_bundle, write_bundle};
use sohoa::text::Lang;
use sohoa::workspace::Workspace;

mod common;
use common::{demo_folder, sizes};

fn bench(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temporary folder");
    for count in sizes() {
        let dir = demo_folder(count);
        let workspace = Workspace::open(dir.path()).expect("open");
        let ids: Vec<ulid::Ulid> = workspace.enterprises().iter().map(|e| e.id).collect();
        let now = jiff::Timestamp::now();

        // A bundle a tenth the size, from another laptop's folder (another seed).
        let incoming_dir = tempfile::tempdir().expect("temporary folder");
        let mut other = Workspace::open(incoming_dir.path()).expect("open");
        let q = other
            .questionnaires
            .latest("dbi-2021-sme")
            .expect("built-in")
            .clone();
        let demo = sohoa::demo::generate(&other.program, &q, count / 10, 7, &Default::default());
        other.add_many(demo).expect("demo written");
        let other_ids: Vec<ulid::Ulid> = other.enterprises().iter().map(|e| e.id).collect();
        let incoming = out.path().join(format!("incoming-{count}.sohoa"));
        let bundle = other
            .export_bundle(&other_ids, BundleKind::Transfer, "Minh", "LAPTOP", now)
            .map(|(bundle, _)| bundle)
            .expect("bundle");
        write_bundle(&incoming, &bundle).expect("bundle written");
        // The same bundle sealed by its sender to an office whose key is in `office`.
        let office_dir = tempfile::tempdir().expect("temporary folder");
        let office = sohoa::keys::Keyring::new(office_dir.path());
        let office_card = office.own().expect("office key").card("Văn phòng");
        let sender = sohoa::keys::KeyPair::generate().expect("sender key");
        let sealed_incoming = out.path().join(format!("incoming-{count}-sealed.sohoa"));
        sohoa::exchange::bundle::write_sealed_bundle(
            &sealed_incoming,
            &bundle,
            &sender,
            "Minh",
            std::slice::from_ref(&office_card),
        )
        .expect("sealed bundle written");
        let bundle_text = ron::ser::to_string_pretty(&bundle, sohoa::pretty_ron()).expect("text");

        let mut group = c.benchmark_group(format!("{count}_enterprises"));
        group.sample_size(10);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::new("export_bundle", count), |b| {
            let path = out.path().join("all.sohoa");
            b.iter(|| {
                let bundle = workspace
                    .export_bundle(&ids, BundleKind::Transfer, "Lan", "PC", now)
                    .map(|(bundle, _)| bundle)
                    .expect("bundle");
                write_bundle(&path, &bundle).expect("written");
            })
        });
        group.bench_function(BenchmarkId::new("read_and_plan_import_tenth", count), |b| {
            b.iter(|| {
                let checked = read_bundle(&incoming).expect("read");
                black_box(workspace.plan_import(&checked).expect("plan").records.len())
            })
        });
        group.bench_function(BenchmarkId::new("seal_tenth", count), |b| {
            b.iter(|| {
                sohoa::exchange::seal::seal(
                    bundle_text.as_bytes(),
                    &sender,
                    "Minh",
                    std::slice::from_ref(&office_card),
                    now,
                )
                .expect("sealed")
            })
        });
        group.bench_function(BenchmarkId::new("open_and_plan_sealed_tenth", count), |b| {
            b.iter(|| {
                let checked = sohoa::exchange::bundle::open_bundle(&sealed_incoming, &office)
                    .expect("opened");
                black_box(workspace.plan_import(&checked).expect("plan").records.len())
            })
        });
        group.bench_function(BenchmarkId::new("csv_export", count), |b| {
            let path = out.path().join("table.csv");
            b.iter(|| {
                let enterprises =
                    sohoa::exchange::enterprise_table(&workspace.table_source(), Lang::Vi, false);
                let assessments =
                    sohoa::exchange::assessment_table(&workspace.table_source(), Lang::Vi, false);
                sohoa::exchange::write_csv(&path, &[&enterprises, &assessments]).expect("csv")
            })
        });
        group.bench_function(BenchmarkId::new("xlsx_export", count), |b| {
            let path = out.path().join("table.xlsx");
            b.iter(|| {
                let enterprises =
                    sohoa::exchange::enterprise_table(&workspace.table_source(), Lang::Vi, false);
                let assessments =
                    sohoa::exchange::assessment_table(&workspace.table_source(), Lang::Vi, false);
                sohoa::exchange::write_xlsx(&path, &[&enterprises, &assessments]).expect("xlsx")
            })
        });
        group.finish();
        apply_import_once(workspace, &incoming, count);
    }
}

/// Applying an import writes the folder, so it is timed once rather than
/// repeated: on the folder already open (as in the app), after the day's first
/// backup (a full copy, timed too), importing the bundle a tenth the size.
fn apply_import_once(mut workspace: Workspace, incoming: &std::path::Path, count: usize) {
    let seconds = |start: Instant| start.elapsed().as_secs_f64();
    let now = jiff::Timestamp::now();
    let start = Instant::now();
    workspace.backup("daily", now).expect("first backup");
    let first_backup = seconds(start);
    let start = Instant::now();
    workspace.backup("again", now).expect("second backup");
    let linked_backup = seconds(start);
    let start = Instant::now();
    let checked = read_bundle(incoming).expect("read");
    let plan = workspace.plan_import(&checked).expect("plan");
    let planned = seconds(start);
    let start = Instant::now();
    workspace.import(&checked).expect("import applied");
    let applied = seconds(start);
    println!(
        "{count}_enterprises/apply_import_tenth (once): first backup {first_backup:.2} s, \
         a later backup {linked_backup:.2} s; read and plan {planned:.2} s, import {applied:.2} s \
         (under the lock: catching up with the disk, planning again, its backup, the journaled \
         write), {} records written",
        plan.records
            .iter()
            .filter(|r| r.outcome != sohoa::workspace::Outcome::Unchanged)
            .count()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
