//! Demo data folders shared by the benchmarks.

use sohoa::workspace::Workspace;

/// The sizes to measure: `SOHOA_BENCH_SIZES=1000,10000` (default 1,000, 10,000 and 100,000).
// Each benchmark binary compiles this module; not every one measures several sizes.
#[allow(dead_code)]
pub fn sizes() -> Vec<usize> {
    std::env::var("SOHOA_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// A data folder holding `count` demo enterprises (seed 2021), set up with the
/// demo program (Bến Tre 2021–2025, its districts and communes) as
/// `sohoa demo` sets one up.
pub fn demo_folder(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut workspace = Workspace::open(dir.path()).expect("new workspace");
    sohoa::app::apply::fill_demo_folder(&mut workspace, count).expect("demo data written");
    dir
}
