//! A team on a real sync engine: two laptops share one Sohoa data folder through
//! two real Syncthing instances (`sync_engine.rs`), both sides writing at once.
//!
//! Every write a side acknowledged (a line of `sohoa write-loop`, an `enterprise
//! edit` that exited 0) must be found on both sides once Syncthing reports them
//! in sync: as a value, in the history, or as a conflict to settle. Both folders
//! must hold the same records, no conflict copy may survive the next opening, and
//! nothing may be quarantined.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use sohoa::enterprise::Enterprise;
use sohoa::enterprise::field::ProfileField;
use sohoa::enterprise::history::ChangeKind;
use sohoa::workspace::Workspace;

use crate::concurrency::survives;
use crate::crash::{self, Acknowledged};
use crate::sync_engine::{Laptop, Team};

/// How long both sides write in the scenarios (`SOHOA_TEAM_SECONDS` to change it).
fn writing_time() -> Duration {
    let seconds = std::env::var("SOHOA_TEAM_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(seconds)
}

/// What one laptop's writers had acknowledged when they stopped.
#[derive(Default)]
struct Acknowledgements {
    /// Lines of `sohoa write-loop`: new records, assessments, answers, activities.
    writes: Vec<Acknowledged>,
    /// `enterprise edit` commands on the shared record that exited 0.
    edits: Vec<(ProfileField, String)>,
}

/// One laptop's share of the work: a write loop making records of its own, and
/// edit loops on the record both sides share.
struct Writers<'a> {
    laptop: &'a Laptop,
    write_loop: Child,
    /// Reads the write loop's lines as they come, so its output never blocks it.
    lines: std::thread::JoinHandle<String>,
    /// (flag, value prefix, field) of each edit loop.
    edits: Vec<(&'static str, &'static str, ProfileField)>,
}

impl<'a> Writers<'a> {
    fn start(
        laptop: &'a Laptop,
        seed: u64,
        edits: Vec<(&'static str, &'static str, ProfileField)>,
    ) -> Self {
        let mut write_loop = laptop
            .sohoa_command(&["write-loop", "--seed", &seed.to_string()])
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(laptop.home.join("write-loop.err")).unwrap())
            .spawn()
            .expect("the write loop starts");
        let mut stdout = write_loop.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            text
        });
        Writers {
            laptop,
            write_loop,
            lines,
            edits,
        }
    }

    /// Runs the edit loops on `shared` until `until`, then stops the write loop;
    /// returns what was acknowledged.
    fn run(mut self, shared: &str, until: Instant, seed: u64) -> Acknowledgements {
        let edits: Vec<(ProfileField, String)> = std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .edits
                .iter()
                .enumerate()
                .map(|(n, (flag, prefix, field))| {
                    let laptop = self.laptop;
                    scope.spawn(move || {
                        let mut rng = fastrand::Rng::with_seed(seed * 10 + n as u64);
                        let mut done = Vec::new();
                        let mut i = 0;
                        while Instant::now() < until {
                            let value = format!("{prefix}{i:04}");
                            let out = laptop.sohoa(&["enterprise", "edit", shared, flag, &value]);
                            if out.status.success() {
                                done.push((*field, value));
                            } else {
                                eprintln!(
                                    "{} {flag} {value} refused: {}",
                                    laptop.name,
                                    String::from_utf8_lossy(&out.stderr)
                                );
                            }
                            i += 1;
                            std::thread::sleep(Duration::from_millis(rng.u64(50..=250)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        // It writes without end: having stopped by itself, it met an error.
        if let Some(status) = self.write_loop.try_wait().unwrap() {
            panic!(
                "the write loop on {} stopped ({status}): {}",
                self.laptop.name,
                std::fs::read_to_string(self.laptop.home.join("write-loop.err"))
                    .unwrap_or_default()
            );
        }
        self.write_loop.kill().expect("the write loop stops");
        self.write_loop.wait().unwrap();
        let text = self.lines.join().unwrap();
        // A line cut short by the kill was never acknowledged.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        Acknowledgements {
            writes: complete.lines().filter_map(crash::parse).collect(),
            edits,
        }
    }
}

/// The edits laptop A makes to the shared record: the phone (B edits it too) and
/// the notes (only A does).
fn edits_of_a() -> Vec<(&'static str, &'static str, ProfileField)> {
    vec![
        ("--phone", "0911 ", ProfileField::Phone),
        ("--notes", "Ghi chú của Lan ", ProfileField::Notes),
    ]
}

/// The edits laptop B makes: the phone (A edits it too) and the address (only B).
fn edits_of_b() -> Vec<(&'static str, &'static str, ProfileField)> {
    vec![
        ("--phone", "0922 ", ProfileField::Phone),
        ("--address", "Số nhà của Minh ", ProfileField::Address),
    ]
}

/// Files in `enterprises/` that are not a record's own file (`<id>.ron`):
/// conflict copies, temporary files, a sync engine's leftovers.
fn stray_files(data: &Path) -> Vec<String> {
    let left = leftovers(data);
    std::fs::read_dir(data.join("enterprises"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !left.contains(name))
        .filter(|name| {
            name.strip_suffix(".ron")
                .is_none_or(|stem| ulid::Ulid::from_string(stem).is_err())
        })
        .collect()
}

/// Files of the data folder that are this computer's alone (Sohoa's temporary
/// files, its lock and its journal) and that Syncthing nevertheless saw change,
/// among the last changes it reported; and how many changes it reported.
fn local_files_seen_by(laptop: &Laptop) -> (Vec<String>, usize) {
    let events = laptop.rest(
        "GET",
        "/rest/events/disk?since=0&limit=100000&timeout=1",
        None,
    );
    let events = events.as_array().cloned().unwrap_or_default();
    let mut seen: Vec<String> = events
        .iter()
        .filter_map(|e| e["data"]["path"].as_str())
        .filter(|path| {
            path.rsplit(['/', '\\'])
                .next()
                .is_some_and(|name| name.starts_with(".sohoa-"))
        })
        .map(str::to_owned)
        .collect();
    seen.sort();
    seen.dedup();
    (seen, events.len())
}

/// Files left in `enterprises/` by a write cut short: Syncthing's partial
/// downloads (kept for reuse when a pull was interrupted, removed by Syncthing
/// after a day) and Sohoa's own temporary file of the write loop killed at the
/// end (removed by Sohoa when it is ten minutes old). Neither is ever read.
fn leftovers(data: &Path) -> Vec<String> {
    std::fs::read_dir(data.join("enterprises"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.starts_with(".syncthing.")
                || name.starts_with("~syncthing~")
                || name.starts_with(".sohoa-tmp-")
        })
        .collect()
}

/// How many times a merge of `source_start` went into `e`.
fn merges_from(e: &Enterprise, source_start: &str) -> usize {
    e.history
        .iter()
        .filter(|c| matches!(&c.what, ChangeKind::Merged { source } if source.starts_with(source_start)))
        .count()
}

/// How many conflict copies Sohoa merged into `e`, and how many conflicts were
/// settled (by hand or by editing the field again).
fn copies_merged_and_settled(e: &Enterprise) -> (usize, usize) {
    let merged = merges_from(e, "sync copy");
    let settled = e
        .history
        .iter()
        .filter(|c| matches!(c.what, ChangeKind::Resolved { .. }))
        .count();
    (merged, settled)
}

/// Opens each side once, in turn (which merges its conflict copies and saves),
/// waiting for Syncthing after each: no conflict copy may be left after that.
pub(crate) fn settle(team: &Team) -> Duration {
    let waited = team.wait_in_sync(Duration::from_secs(300));
    for laptop in [&team.a, &team.b] {
        let out = laptop.sohoa(&["enterprise", "list", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        team.wait_in_sync(Duration::from_secs(300));
    }
    assert_eq!(
        (stray_files(&team.a.data), stray_files(&team.b.data)),
        (Vec::new(), Vec::new()),
        "conflict copies survived opening each side once"
    );
    waited
}

/// Checks both sides after the writers stopped; returns a line of figures.
fn check_both_sides(team: &Team, shared: ulid::Ulid, acks: &[&Acknowledgements]) -> String {
    let converged = settle(team);
    // Each side's temporary files stay on that side.
    let (left_a, left_b) = (leftovers(&team.a.data), leftovers(&team.b.data));
    assert!(
        left_a
            .iter()
            .all(|name| !name.starts_with(".sohoa-tmp-") || !left_b.contains(name)),
        "a temporary file crossed: {left_a:?} {left_b:?}"
    );
    let a = Workspace::open(&team.a.data).unwrap();
    let b = Workspace::open(&team.b.data).unwrap();
    for (name, ws) in [("A", &a), ("B", &b)] {
        assert!(ws.problems().is_empty(), "{name}: {:?}", ws.problems());
        assert!(
            !ws.folder().quarantine_dir().exists(),
            "{name}: a file was quarantined"
        );
    }
    let mut left = 0;
    for laptop in [&team.a, &team.b] {
        assert_eq!(
            stray_files(&laptop.data),
            Vec::<String>::new(),
            "{}",
            laptop.name
        );
        let (local, reported) = local_files_seen_by(laptop);
        assert_eq!(
            local,
            Vec::<String>::new(),
            "Syncthing on {} carried files that belong to one computer ({reported} changes reported)",
            laptop.name
        );
        // Syncthing's partial downloads are of records, never of a file of Sohoa's own.
        let kept = leftovers(&laptop.data);
        assert!(
            kept.iter()
                .all(|name| !name.starts_with(".syncthing..sohoa")
                    && !name.starts_with("~syncthing~.sohoa")),
            "{kept:?}"
        );
        left += kept.len();
        let errors = laptop.rest(
            "GET",
            &format!("/rest/folder/errors?folder={}", crate::sync_engine::FOLDER),
            None,
        );
        assert!(
            errors["errors"].as_array().is_none_or(Vec::is_empty),
            "{}: {errors}",
            laptop.name
        );
    }
    // The same records on both sides, field for field, history and conflicts included.
    let dump = |ws: &Workspace| {
        let mut records: Vec<Enterprise> = ws.enterprises().to_vec();
        records.sort_by_key(|e| e.id);
        records
    };
    let (records_a, records_b) = (dump(&a), dump(&b));
    assert_eq!(records_a.len(), records_b.len(), "record counts differ");
    for (x, y) in records_a.iter().zip(&records_b) {
        assert_eq!(x, y, "record {} differs between A and B", x.id);
    }
    let mut found = 0;
    for ws in [&a, &b] {
        let record = ws.get(shared).expect("the shared record");
        for ack in acks {
            for write in &ack.writes {
                if let Err(lost) = crash::check(ws, write) {
                    panic!("an acknowledged write is missing: {lost}");
                }
                found += 1;
            }
            for (field, value) in &ack.edits {
                assert!(
                    survives(record, *field, value),
                    "the acknowledged {field:?} {value} is nowhere in {record:#?}"
                );
                found += 1;
            }
        }
    }
    let record = a.get(shared).unwrap();
    // Each side's own fields were written by one person: nothing to decide.
    assert_eq!(record.conflict(ProfileField::Notes), None);
    assert_eq!(record.conflict(ProfileField::Address), None);
    // The phone was written by both: at most one value waits for a decision, and
    // it is the other person's, never one the same person wrote over.
    if let Some(conflict) = record.conflict(ProfileField::Phone) {
        let shown = ProfileField::Phone.get(record);
        assert_eq!(conflict.others.len(), 1, "{conflict:?}");
        let writer = |v: &str| v.contains("0911");
        assert_ne!(
            writer(&shown),
            writer(&conflict.others[0]),
            "a conflict between two values of one person: {shown} / {conflict:?}"
        );
    }
    let (merged, settled) = copies_merged_and_settled(record);
    // Saves that Syncthing renamed another version over in the same moment
    // (its check-then-rename window), merged back by the next opening here.
    let written_over: usize = records_a
        .iter()
        .map(|e| merges_from(e, "a change saved on this computer"))
        .sum();
    let acknowledged: usize = acks.iter().map(|a| a.writes.len() + a.edits.len()).sum();
    format!(
        "{acknowledged} writes acknowledged ({}), all {found} checks found on both sides; {} records; \
         {merged} conflict copies of the shared record merged, {settled} conflicts settled, \
         phone in conflict: {}; {written_over} saves written over by Syncthing and merged back; \
         in sync {converged:.1?} after the writers stopped; \
         {left} temporary files left by cut-short writes",
        acks.iter()
            .map(|a| format!("{} loop writes + {} edits", a.writes.len(), a.edits.len()))
            .collect::<Vec<_>>()
            .join(" / "),
        records_a.len(),
        record.conflict(ProfileField::Phone).is_some(),
    )
}

/// Both laptops' writers at once for the writing time, seeded with `seeds`;
/// what each acknowledged.
fn both_write(
    team: &Team,
    shared: ulid::Ulid,
    seeds: (u64, u64),
) -> (Acknowledgements, Acknowledgements) {
    let until = Instant::now() + writing_time();
    let id = shared.to_string();
    std::thread::scope(|scope| {
        let a =
            scope.spawn(|| Writers::start(&team.a, seeds.0, edits_of_a()).run(&id, until, seeds.0));
        let b =
            scope.spawn(|| Writers::start(&team.b, seeds.1, edits_of_b()).run(&id, until, seeds.1));
        (a.join().unwrap(), b.join().unwrap())
    })
}

/// Creates the record both sides edit, on A, and waits until B has it.
fn shared_record(team: &Team) -> ulid::Ulid {
    let out = team.a.sohoa(&[
        "enterprise",
        "add",
        "--name",
        "HTX Dừa sáp Cầu Kè",
        "--phone",
        "0270 000000",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    team.wait_in_sync(Duration::from_secs(60));
    assert!(
        team.b
            .data
            .join("enterprises")
            .join(format!("{id}.ron"))
            .is_file()
    );
    id.parse().unwrap()
}

#[test]
fn two_laptops_writing_at_once_through_syncthing_end_with_the_same_records_and_lose_nothing() {
    let Some(team) = Team::start() else {
        return;
    };
    let shared = shared_record(&team);
    let (acks_a, acks_b) = both_write(&team, shared, (1, 2));
    let figures = check_both_sides(&team, shared, &[&acks_a, &acks_b]);
    eprintln!("both writing: {figures}");
    team.stop();
}

#[test]
fn a_laptop_offline_while_both_write_catches_up_when_back_and_loses_nothing() {
    let Some(team) = Team::start() else {
        return;
    };
    let shared = shared_record(&team);
    team.a.set_offline(&team.b, true);
    team.b.set_offline(&team.a, true);
    let (acks_a, acks_b) = both_write(&team, shared, (3, 4));
    // Nothing crossed while B was away.
    assert!(
        acks_b
            .writes
            .iter()
            .all(|w| !matches!(w, Acknowledged::Enterprise(id)
            if team.a.data.join("enterprises").join(format!("{id}.ron")).exists())),
        "a record made on B reached A while B was offline"
    );
    team.a.set_offline(&team.b, false);
    team.b.set_offline(&team.a, false);
    let figures = check_both_sides(&team, shared, &[&acks_a, &acks_b]);
    eprintln!("B offline, then back: {figures}");
    team.stop();
}

#[test]
fn the_app_open_on_a_shows_b_s_changes_within_seconds_and_merges_its_own_save_with_them() {
    use sohoa::app::{Action, AppCore, Edit, Prefs};
    let Some(team) = Team::start() else {
        return;
    };
    let shared = shared_record(&team);
    // The desktop app on A, without its window: the same core the window drives.
    let prefs = Prefs {
        consultant: team.a.user.into(),
        ..Prefs::default()
    };
    let mut app = AppCore::new(Workspace::open(&team.a.data).unwrap(), prefs);
    app.watch_folder(|| {});
    let look = |app: &mut AppCore| {
        app.follow_folder(Instant::now(), jiff::Timestamp::now());
    };
    // Lan opens the shared record and starts typing a new phone number.
    app.apply(Action::OpenEnterprise(shared), jiff::Timestamp::now());
    let mut draft = app.view.profile().cloned().unwrap();
    draft[ProfileField::Phone] = "0911 999999".into();
    app.apply(
        Action::Edit(Edit::Profile(Box::new(draft))),
        jiff::Timestamp::now(),
    );

    // Meanwhile Minh, on B, changes the address and adds an enterprise.
    let out = team.b.sohoa(&[
        "enterprise",
        "edit",
        &shared.to_string(),
        "--address",
        "Ấp Phú Hòa, xã Cầu Kè",
    ]);
    assert!(out.status.success());
    let out = team
        .b
        .sohoa(&["enterprise", "add", "--name", "HTX Thanh long Chợ Gạo"]);
    assert!(out.status.success());
    let added: ulid::Ulid = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let written = Instant::now();
    let deadline = written + Duration::from_secs(30);
    while !(app.workspace.get(added).is_some()
        && app
            .workspace
            .get(shared)
            .is_some_and(|e| e.address == "Ấp Phú Hòa, xã Cầu Kè"))
    {
        assert!(
            Instant::now() < deadline,
            "the app on A did not show B's changes within 30 s"
        );
        look(&mut app);
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown_after = written.elapsed();
    assert!(
        shown_after < Duration::from_secs(10),
        "shown after {shown_after:?}"
    );
    assert_eq!(app.view.received.map(|r| r.records > 0), Some(true));
    // The form keeps what Lan typed, and the list counts the new enterprise.
    assert_eq!(
        app.view.profile().unwrap()[ProfileField::Phone],
        "0911 999999"
    );
    assert_eq!(app.workspace.enterprises().len(), 2);

    // Lan saves: her phone and Minh's address are both kept; nothing is undone.
    app.apply(Action::SaveProfile, jiff::Timestamp::now());
    let saved = app.workspace.get(shared).unwrap();
    assert_eq!(saved.contact.phone, "0911 999999");
    assert_eq!(
        saved.address, "Ấp Phú Hòa, xã Cầu Kè",
        "B's change was overwritten"
    );
    assert!(saved.conflicts.is_empty(), "{:?}", saved.conflicts);
    team.wait_in_sync(Duration::from_secs(60));
    let on_b = Workspace::open(&team.b.data).unwrap();
    let e = on_b.get(shared).unwrap();
    assert_eq!(
        (e.contact.phone.as_str(), e.address.as_str()),
        ("0911 999999", "Ấp Phú Hòa, xã Cầu Kè")
    );
    eprintln!(
        "the app on A showed B's edit and new record {shown_after:.2?} after B's command returned"
    );
    drop(app);
    team.stop();
}

#[test]
fn a_thousand_enterprises_imported_on_b_reach_the_app_open_on_a() {
    use sohoa::app::{AppCore, Prefs};
    let Some(team) = Team::start() else {
        return;
    };
    let mut app = AppCore::new(Workspace::open(&team.a.data).unwrap(), Prefs::default());
    app.watch_folder(|| {});
    // The thousand records come to B as a bundle from an office elsewhere.
    let office = tempfile::tempdir().unwrap();
    let data = office.path().join("data");
    crate::sohoa_ok(&data, &["demo", "--count", "1000"]);
    let bundle = office.path().join("demo.sohoa");
    crate::sohoa_ok(
        &data,
        &["export", "--bundle", bundle.to_str().unwrap(), "--no-seal"],
    );
    let started = Instant::now();
    let out = team.b.sohoa(&["import", bundle.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs(300);
    let records_on_a = || {
        std::fs::read_dir(team.a.data.join("enterprises"))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                !name.starts_with('.') && name.ends_with(".ron")
            })
            .count()
    };
    let mut folder_complete = None;
    while app.workspace.enterprises().len() < 1000 {
        assert!(
            Instant::now() < deadline,
            "A has {} files and the app shows {} records after 300 s",
            records_on_a(),
            app.workspace.enterprises().len()
        );
        if folder_complete.is_none() && records_on_a() >= 1000 {
            folder_complete = Some(started.elapsed());
        }
        app.follow_folder(Instant::now(), jiff::Timestamp::now());
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown = started.elapsed();
    let folder_complete = folder_complete.unwrap_or(shown);
    assert_eq!(app.workspace.enterprises().len(), 1000);
    app.refresh(jiff::Timestamp::now());
    team.wait_in_sync(Duration::from_secs(120));
    let on_a = Workspace::open(&team.a.data).unwrap();
    assert!(on_a.problems().is_empty(), "{:?}", on_a.problems());
    assert_eq!(on_a.enterprises().len(), 1000);
    eprintln!(
        "1,000 enterprises imported on B in {imported:.2?}; A's folder complete {folder_complete:.2?} and the app on A showing 1,000 {shown:.2?} after the import started"
    );
    drop(app);
    team.stop();
}

/// Copies of the program settings in a data folder's root.
pub(crate) fn program_copies(data: &Path) -> Vec<String> {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("program") && name != "program.ron")
        .collect()
}

#[test]
fn a_laptop_that_opened_sohoa_before_the_folder_arrived_ends_with_the_office_s_settings() {
    let Some(team) = Team::start_with(|a, b| {
        // The office has set its own target.
        let mut office = Workspace::open(&a.data).unwrap();
        let mut settings = office.program.clone();
        settings.target = 1500;
        office.update_program(settings).unwrap();
        // Minh opens Sohoa on the empty folder first: it writes the preset there.
        let out = b.sohoa(&["enterprise", "list"]);
        assert!(out.status.success());
    }) else {
        return;
    };
    // Syncthing kept one of the two settings files and set the other aside as a
    // conflict copy; opening Sohoa on each side settles it.
    for _ in 0..6 {
        if program_copies(&team.a.data).is_empty() && program_copies(&team.b.data).is_empty() {
            break;
        }
        for laptop in [&team.a, &team.b] {
            assert!(laptop.sohoa(&["enterprise", "list"]).status.success());
            team.wait_in_sync(Duration::from_secs(120));
        }
    }
    for laptop in [&team.a, &team.b] {
        assert_eq!(
            program_copies(&laptop.data),
            Vec::<String>::new(),
            "{}",
            laptop.name
        );
        let ws = Workspace::open(&laptop.data).unwrap();
        assert_eq!(
            ws.program.target, 1500,
            "{} has lost the office's settings",
            laptop.name
        );
        assert!(!laptop.data.join("quarantine").exists(), "{}", laptop.name);
    }
    team.stop();
}
