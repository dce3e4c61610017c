//! The country's places: reading the embedded tables once, reading old
//! addresses into communes of today, searching the 3,321 communes, and the
//! profile's commune list opened and typed into for a national program.
//!
//! Run with `cargo bench --bench places`. Prints median, 95th percentile and
//! maximum over repeated runs.

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sohoa::app::{Action, Prefs, SohoaApp};
use sohoa::places::Gazetteer;
use sohoa::places::address::read_address;
use sohoa::workspace::Workspace;

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label:<52} median {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   ({} runs)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

fn main() {
    let first = timed(Gazetteer::get);
    println!(
        "{:<52} {:>8.2} ms (once per run of Sohoa)",
        "tables read and indexed",
        first.as_secs_f64() * 1e3
    );
    let places = Gazetteer::get();
    // Every former commune of the country, written the old way in full.
    let addresses: Vec<String> = places
        .former_communes
        .iter()
        .map(|c| {
            let d = places.former_district(c.district).unwrap();
            let p = places.former_province(d.province).unwrap();
            format!("ấp 1, {}, {}, {}", c.name, d.name, p.name)
        })
        .collect();
    let (mut right, mut split, mut asked, mut wrong) = (0, 0, 0, 0);
    let times: Vec<Duration> = addresses
        .iter()
        .zip(&places.former_communes)
        .map(|(a, commune)| {
            let start = Instant::now();
            let found = read_address(places, a, &[]);
            let took = start.elapsed();
            let expected = &commune.became;
            if expected.len() > 1 {
                split += 1;
            } else if found == *expected {
                right += 1;
            } else if expected.iter().all(|c| found.iter().any(|f| f == c)) {
                asked += 1;
                if std::env::var_os("SOHOA_SHOW_ASKED").is_some() {
                    println!("  asked: {a} ({} candidates)", found.len());
                }
            } else {
                wrong += 1;
                println!("  wrong: {a}: {found:?}, expected {expected:?}");
            }
            took
        })
        .collect();
    summary("read an old address into its commune of 2025", times);
    let share = |n: usize| n as f64 * 100.0 / addresses.len() as f64;
    println!(
        "  of the {} former communes written in full: {right} ({:.1} %) read into their one commune, {split} ({:.1} %) split between several and asked, {asked} ({:.1} %) asked among several, {wrong} wrong",
        addresses.len(),
        share(right),
        share(split),
        share(asked)
    );
    let queries = [
        "p",
        "phu",
        "phu tan",
        "sai gon",
        "xa an hiep",
        "phuong 1",
        "vinh long",
    ];
    let times = (0..20)
        .flat_map(|_| {
            queries
                .iter()
                .map(|q| timed(|| places.search_communes(q, &[]).len()))
        })
        .collect();
    summary("search the 3,321 communes (one keystroke)", times);

    // The profile's commune list of a national program, in the window.
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    let mut setup = sohoa::program::setup::ProgramSetup::blank(2026);
    setup.provinces = places.provinces.iter().map(|p| p.code.to_owned()).collect();
    setup.target = 10_000;
    ws.set_up_program(setup.build().unwrap()).unwrap();
    let today = jiff::civil::date(2026, 12, 7);
    summary(
        "all places a national program offers",
        (0..20)
            .map(|_| timed(|| ws.program.place_choices(today).len()))
            .collect(),
    );
    let id = ws
        .save(sohoa::enterprise::Enterprise::new(
            "Công ty TNHH Đo Thời Gian",
            jiff::Timestamp::now(),
        ))
        .unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(
            |ui, app: &mut SohoaApp| app.show(ui),
            SohoaApp::with_workspace(ws, Prefs::default()),
        );
    let core = h.state_mut().core_mut().unwrap();
    let _ = core.apply(Action::OpenEnterprise(id), jiff::Timestamp::now());
    h.run();
    let mut opened = Vec::new();
    let mut typed = Vec::new();
    for _ in 0..20 {
        h.get_by_label("Xã, phường").click();
        let start = Instant::now();
        h.step();
        opened.push(start.elapsed());
        h.event(egui::Event::Text("phu".into()));
        let start = Instant::now();
        h.step();
        typed.push(start.elapsed());
        h.key_press(egui::Key::Escape);
        h.run();
    }
    summary("frame: commune list opened (3,321 communes)", opened);
    summary("frame: a search typed in the open list", typed);
}
