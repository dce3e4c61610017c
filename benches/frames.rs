//! Frame times of the desktop app (CPU, no renderer) on the dashboard and the
//! enterprise list, the cost of one filter keystroke, and a full dashboard
//! recompute, at 1,000 and 100,000 demo enterprises.
//!
//! Run with `cargo bench --bench frames` (`SOHOA_BENCH_SIZES=1000` to limit).
//! Prints median, 95th percentile and maximum over repeated frames.

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use sohoa::app::state::ListIndex;
use sohoa::app::{Action, Prefs, Section, SohoaApp};
use sohoa::program::dashboard::Dashboard;
use sohoa::workspace::Workspace;
use sohoa::workspace::live::LiveDashboard;

mod common;

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label:<46} median {:>8.2} ms   p95 {:>8.2} ms   max {:>8.2} ms   ({} runs)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

fn frames(h: &mut Harness<'_, SohoaApp>, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let start = Instant::now();
            h.step();
            start.elapsed()
        })
        .collect()
}

fn main() {
    for count in common::sizes() {
        println!("— {count} enterprises —");
        let dir = common::demo_folder(count);
        let ws = Workspace::open(dir.path()).expect("open");
        let today = jiff::civil::date(2025, 11, 30);
        let q = ws
            .questionnaires
            .latest("dbi-2021-sme")
            .map(|q| (**q).clone());
        summary(
            "dashboard: full recompute",
            (0..20)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(Dashboard::compute(
                        &ws.program,
                        ws.summaries(),
                        q.as_ref(),
                        today,
                    ));
                    start.elapsed()
                })
                .collect(),
        );
        // One edit (archiving or restoring an enterprise), then the dashboard
        // brought up to date by counting that enterprise again.
        let mut ws = ws;
        let mut live = LiveDashboard::new(&ws, today);
        let mut updates = Vec::new();
        let mut index_builds = Vec::new();
        for round in 0..20 {
            let e = ws
                .enterprises()
                .get((round * 7919) % count)
                .expect("a record");
            let (id, archived) = (e.id, e.archived);
            ws.set_archived(id, !archived, jiff::Timestamp::now())
                .expect("edit saved");
            let start = Instant::now();
            live.update(&ws, today);
            updates.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(ListIndex::build(&ws));
            index_builds.push(start.elapsed());
        }
        assert_eq!(
            live.dashboard(),
            &Dashboard::compute(&ws.program, ws.summaries(), q.as_ref(), today)
        );
        summary("dashboard: update after one edit", updates);
        summary("list: search index rebuilt after an edit", index_builds);
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_ui_state(
                |ui, app: &mut SohoaApp| app.show(ui),
                SohoaApp::with_workspace(ws, Prefs::default()),
            );
        let core = h.state_mut().core_mut().expect("workspace open");
        let _ = core.apply(Action::Navigate(Section::Dashboard), jiff::Timestamp::now());
        h.run();
        summary("frame: dashboard", frames(&mut h, 100));
        let core = h.state_mut().core_mut().expect("workspace open");
        let _ = core.apply(
            Action::Navigate(Section::Enterprises),
            jiff::Timestamp::now(),
        );
        h.run();
        summary("frame: enterprise list", frames(&mut h, 100));
        // Keystrokes in the filter box: each one re-filters the whole list.
        let mut keystrokes = Vec::new();
        for query in [
            "c",
            "co",
            "con",
            "cong",
            "cong ",
            "cong t",
            "cong ty",
            "cong ty d",
            "cong ty du",
            "cong ty dua",
        ] {
            let core = h.state_mut().core_mut().expect("workspace open");
            core.view.list.query = query.to_owned();
            let start = Instant::now();
            core.view.list.refresh(&core.workspace);
            keystrokes.push(start.elapsed());
        }
        summary("filter keystroke (refilter the list)", keystrokes);
        summary("frame: filtered list", frames(&mut h, 50));
        let core = h.state_mut().core_mut().expect("workspace open");
        let _ = core.apply(Action::Navigate(Section::Drafts), jiff::Timestamp::now());
        h.run();
        summary("frame: drafts", frames(&mut h, 50));
    }
}
