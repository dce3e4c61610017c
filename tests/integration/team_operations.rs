//! Operations on many records while a real sync engine writes underneath, on two
//! laptops sharing one folder through two Syncthing instances on loopback: an
//! import racing the other laptop's edits, a merge undone by an offline edit, a
//! restore killed halfway, settings changed on both sides, an erasure that must
//! reach the other laptop's own copies. Sohoa's lock orders Sohoa's programs on
//! one computer; Syncthing renames files in without it.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::import_race::{holds_note, read_record, record_path};
use crate::sync_engine::{Laptop, Team};
use crate::team::settle;

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `sohoa ARGS` on `laptop` and requires that it succeeded.
#[track_caller]
fn ok(laptop: &Laptop, args: &[&str]) -> Output {
    let out = laptop.sohoa(args);
    assert!(
        out.status.success(),
        "{} `{}`: {}",
        laptop.name,
        args.join(" "),
        said(&out)
    );
    out
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", said(out)))
}

fn ids_on(laptop: &Laptop) -> Vec<String> {
    let mut ids: Vec<String> = json_of(&ok(laptop, &["enterprise", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn count_on(laptop: &Laptop) -> u64 {
    json_of(&ok(laptop, &["stats", "--json"]))["enterprises"]
        .as_u64()
        .unwrap()
}

/// Opens each side in turn, waiting for Syncthing after each, until both show
/// `wanted(count)` or `rounds` openings went by; what each side said.
fn open_until(team: &Team, rounds: usize, wanted: impl Fn(&Laptop) -> bool) -> String {
    let mut told = String::new();
    for _ in 0..rounds {
        team.wait_in_sync(Duration::from_secs(300));
        for laptop in [&team.a, &team.b] {
            let out = ok(laptop, &["enterprise", "list"]);
            told.push_str(&format!(
                "{}: {}\n",
                laptop.name,
                String::from_utf8_lossy(&out.stderr)
            ));
            team.wait_in_sync(Duration::from_secs(300));
        }
        if wanted(&team.a) && wanted(&team.b) {
            break;
        }
    }
    told
}

#[test]
fn an_import_on_a_while_b_edits_the_records_it_updates_loses_none_of_b_s_edits() {
    let Some(team) = Team::start() else {
        return;
    };
    // Fifty enterprises on both laptops.
    ok(&team.a, &["demo", "--count", "50"]);
    team.wait_in_sync(Duration::from_secs(120));
    let known = ids_on(&team.a);
    assert_eq!(known.len(), 50);
    // The office has them too, each with a new address, and 4,950 more.
    let office = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(office.path().join("enterprises")).unwrap();
    for id in &known {
        std::fs::copy(
            record_path(&team.a.data, id),
            record_path(office.path(), id),
        )
        .unwrap();
    }
    for (n, id) in known.iter().enumerate() {
        let address = format!("Ấp Phú {n}");
        crate::sohoa_ok(
            office.path(),
            &[
                "--by",
                "Văn phòng",
                "enterprise",
                "edit",
                id,
                "--address",
                &address,
            ],
        );
    }
    crate::sohoa_ok(
        office.path(),
        &["demo", "--count", "4950", "--append", "--seed", "9"],
    );
    let bundle = office.path().join("office.sohoa");
    crate::sohoa_ok(
        office.path(),
        &["export", "--bundle", bundle.to_str().unwrap(), "--no-seal"],
    );

    // A imports; B edits the notes of the fifty, one after another, for as long
    // as the import runs (at least once each).
    let started = Instant::now();
    let (import, edits) = std::thread::scope(|scope| {
        let importing = scope.spawn(|| {
            let out = team.a.sohoa(&["import", bundle.to_str().unwrap()]);
            (out, started.elapsed())
        });
        let mut edits = Vec::new();
        for n in 0.. {
            if n >= known.len() && importing.is_finished() {
                break;
            }
            let id = &known[n % known.len()];
            let note = format!("Ghi chú của Minh {n:04}");
            let out = team.b.sohoa(&["enterprise", "edit", id, "--notes", &note]);
            if out.status.success() {
                edits.push((id.clone(), note, started.elapsed()));
            }
        }
        (importing.join().unwrap(), edits)
    });
    let (import, import_took) = import;
    assert!(import.status.success(), "{}", said(&import));
    let during = edits.iter().filter(|(_, _, at)| *at < import_took).count();

    settle(&team);
    let mut lost = Vec::new();
    for laptop in [&team.a, &team.b] {
        assert_eq!(ids_on(laptop).len(), 5000, "{}", laptop.name);
        for (id, note, at) in &edits {
            let record = read_record(&record_path(&laptop.data, id)).unwrap();
            if !holds_note(&record, note) {
                lost.push(format!("{} {note} ({at:.1?})", laptop.name));
            }
        }
        for (n, id) in known.iter().enumerate() {
            let record = read_record(&record_path(&laptop.data, id)).unwrap();
            assert_eq!(
                record.address,
                format!("Ấp Phú {n}"),
                "{}: the import's address of {id}",
                laptop.name
            );
        }
    }
    eprintln!(
        "import of 5,000 on A took {import_took:.1?}; B acknowledged {} edits of the 50 records it updates, {during} of them while it ran; lost on either side: {}",
        edits.len(),
        lost.len()
    );
    assert_eq!(lost, Vec::<String>::new());
    team.stop();
}

#[test]
fn a_merge_on_a_stays_merged_after_b_edits_the_merged_away_record_offline() {
    let Some(team) = Team::start() else {
        return;
    };
    let add = |name: &str, extra: &[&str]| {
        let mut args = vec!["enterprise", "add", "--name", name];
        args.extend_from_slice(extra);
        String::from_utf8_lossy(&ok(&team.a, &args).stdout)
            .trim()
            .to_owned()
    };
    let x1 = add("Công ty TNHH Dừa Xanh", &["--phone", "0275 111 222"]);
    let x2 = add("Cty TNHH Dừa Xanh", &["--address", "Số 69, Hùng Vương"]);
    team.wait_in_sync(Duration::from_secs(120));
    assert_eq!(ids_on(&team.b).len(), 2);

    team.a.set_offline(&team.b, true);
    team.b.set_offline(&team.a, true);
    ok(&team.a, &["merge", &x1, &x2]);
    let kept = ids_on(&team.a);
    assert_eq!(kept.len(), 1);
    let (kept, away) = if kept[0] == x1 { (x1, x2) } else { (x2, x1) };
    ok(
        &team.b,
        &[
            "enterprise",
            "edit",
            &away,
            "--notes",
            "Hẹn khảo sát lần hai",
            "--phone",
            "0911 222 333",
        ],
    );
    team.a.set_offline(&team.b, false);
    team.b.set_offline(&team.a, false);

    let told = open_until(&team, 4, |laptop| count_on(laptop) == 1);
    for laptop in [&team.a, &team.b] {
        assert_eq!(
            ids_on(laptop),
            vec![kept.clone()],
            "{}: {told}",
            laptop.name
        );
        let shown = json_of(&ok(laptop, &["enterprise", "show", &away, "--json"]));
        assert_eq!(shown["id"], kept.as_str(), "{}", laptop.name);
        assert_eq!(shown["notes"], "Hẹn khảo sát lần hai", "{}", laptop.name);
        assert!(
            shown.to_string().contains("0911 222 333"),
            "{}: B's phone is in the record, as its value or beside it: {shown}",
            laptop.name
        );
        let duplicates = json_of(&ok(laptop, &["duplicates", "--json"]));
        assert_eq!(duplicates.as_array().map(Vec::len), Some(0));
    }
    assert!(told.contains("merged into another"), "{told}");
    eprintln!("merge on A, offline edit on B: 1 record on each side, B's edits in it");
    team.stop();
}

#[test]
fn a_restore_killed_on_a_never_touches_b_s_records_and_finishes_on_a() {
    let Some(team) = Team::start() else {
        return;
    };
    ok(&team.a, &["demo", "--count", "40"]);
    ok(&team.a, &["backup", "create"]);
    let listed = json_of(&ok(&team.a, &["backup", "list", "--json"]));
    let backup = listed[0]["name"].as_str().unwrap().to_owned();
    for name in ["Công ty Sau Sao Lưu", "HTX Thêm Một"] {
        ok(&team.a, &["enterprise", "add", "--name", name]);
    }
    team.wait_in_sync(Duration::from_secs(120));
    assert_eq!(count_on(&team.b), 42);

    // Killed at the first step that leaves a restore journal behind.
    let mut step = 1;
    loop {
        let out = team
            .a
            .sohoa_command(&["backup", "restore", &backup])
            .env("SOHOA_CRASH_AT", format!("restore:{step}"))
            .output()
            .unwrap();
        assert!(out.status.code().is_none(), "step {step}: {}", said(&out));
        if team.a.data.join(".sohoa-restore.ron").exists() {
            break;
        }
        step += 1;
        assert!(step < 20, "no restore journal after 20 steps");
    }
    // Syncthing carries nothing of the restore under way, and B's records stay.
    team.wait_in_sync(Duration::from_secs(120));
    let restore_files = |data: &Path| -> Vec<String> {
        std::fs::read_dir(data)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".sohoa-restore"))
            .collect()
    };
    assert_eq!(restore_files(&team.b.data), Vec::<String>::new());
    assert_eq!(
        count_on(&team.b),
        42,
        "B's records after A's restore was cut short"
    );

    // A finishes its restore at its next command; then B follows.
    let finished = ok(&team.a, &["stats", "--json"]);
    assert_eq!(json_of(&finished)["enterprises"], 40, "{}", said(&finished));
    assert!(said(&finished).contains("restore"), "{}", said(&finished));
    open_until(&team, 3, |laptop| count_on(laptop) == 40);
    for laptop in [&team.a, &team.b] {
        assert_eq!(count_on(laptop), 40, "{}", laptop.name);
        assert_eq!(restore_files(&laptop.data), Vec::<String>::new());
    }
    eprintln!(
        "restore killed on A at step {step}: B kept 42 records while it waited; both 40 once A finished it"
    );
    team.stop();
}

#[test]
fn settings_changed_on_both_laptops_keep_the_stricter_security_on_both_and_one_copy_aside() {
    let Some(team) = Team::start() else {
        return;
    };
    let card = team.a.home.join("office.sohoa-key");
    ok(
        &team.a,
        &[
            "--by",
            "Văn phòng",
            "key",
            "export",
            "-o",
            card.to_str().unwrap(),
        ],
    );
    team.a.set_offline(&team.b, true);
    team.b.set_offline(&team.a, true);
    ok(&team.a, &["program", "sealed-only", "on"]);
    // B's change is saved later: the engine keeps B's file as the newer one.
    std::thread::sleep(Duration::from_millis(1500));
    ok(
        &team.b,
        &["program", "office-key", "add", card.to_str().unwrap()],
    );
    team.a.set_offline(&team.b, false);
    team.b.set_offline(&team.a, false);

    let keys = |laptop: &Laptop| json_of(&ok(laptop, &["program", "office-key", "list", "--json"]));
    let told = open_until(&team, 3, |laptop| {
        let k = keys(laptop);
        k["sealed_only"] == true && k["office"].as_array().is_some_and(|o| o.len() == 1)
    });
    let mut set_aside = Vec::new();
    for laptop in [&team.a, &team.b] {
        let k = keys(laptop);
        assert_eq!(k["sealed_only"], true, "{}: {told}", laptop.name);
        assert_eq!(
            k["office"].as_array().map(Vec::len),
            Some(1),
            "{}",
            laptop.name
        );
        let quarantined: Vec<String> = std::fs::read_dir(laptop.data.join("quarantine"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("program") && !n.ends_with(".reason.txt"))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(quarantined.len(), 1, "{}: {quarantined:?}", laptop.name);
        set_aside.extend(quarantined);
        assert_eq!(
            crate::team::program_copies(&laptop.data),
            Vec::<String>::new()
        );
    }
    assert_eq!(set_aside[0], set_aside[1], "one copy, the same on both");
    assert!(told.contains("the version saved last stands"), "{told}");
    assert!(told.contains("sealed bundles only"), "{told}");
    assert!(
        !told.contains("this computer's settings are kept"),
        "{told}"
    );
    eprintln!(
        "settings on both sides: sealed only on, 1 office key; one copy set aside ({})",
        set_aside[0]
    );
    team.stop();
}

/// Files under `dir` whose bytes hold `text`.
fn files_holding(dir: &Path, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.map(Result::unwrap) {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            found.extend(files_holding(&path, text));
        } else if std::fs::read(&path)
            .is_ok_and(|bytes| bytes.windows(text.len()).any(|w| w == text.as_bytes()))
        {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Every place on `laptop` that holds `text`: the data folder (with
/// Syncthing's versions), its backups and its cache.
fn places_holding(laptop: &Laptop, text: &str) -> Vec<String> {
    let mut found = files_holding(&laptop.data, text);
    found.extend(files_holding(&laptop.home.join("backups"), text));
    found.extend(files_holding(&laptop.home.join("cache"), text));
    found
}

#[test]
fn an_erasure_on_a_leaves_the_phone_nowhere_on_either_laptop() {
    let Some(team) = Team::start() else {
        return;
    };
    const PHONE: &str = "0275 3822 987";
    let id = String::from_utf8_lossy(
        &ok(
            &team.a,
            &[
                "enterprise",
                "add",
                "--name",
                "Công ty TNHH Kẹo Dừa Thanh Long",
                "--phone",
                PHONE,
            ],
        )
        .stdout,
    )
    .trim()
    .to_owned();
    ok(&team.a, &["demo", "--count", "20", "--append"]);
    team.wait_in_sync(Duration::from_secs(120));
    // Each laptop keeps backups and a cache holding the phone; each edits the
    // record once, so that Syncthing on the other keeps an earlier version.
    for (laptop, note) in [(&team.a, "Lan ghé thăm"), (&team.b, "Minh gọi lại")] {
        ok(laptop, &["backup", "create"]);
        ok(laptop, &["enterprise", "edit", &id, "--notes", note]);
        team.wait_in_sync(Duration::from_secs(120));
    }
    let before = (
        places_holding(&team.a, PHONE).len(),
        places_holding(&team.b, PHONE).len(),
    );
    assert!(before.0 >= 3 && before.1 >= 3, "{before:?}");
    let versions = |laptop: &Laptop| files_holding(&laptop.data.join(".stversions"), PHONE).len();
    assert!(
        versions(&team.a) + versions(&team.b) >= 1,
        "Syncthing kept no earlier version holding the phone"
    );

    ok(&team.a, &["enterprise", "forget", &id]);
    let told = open_until(&team, 2, |laptop| places_holding(laptop, PHONE).is_empty());
    let after = (
        places_holding(&team.a, PHONE),
        places_holding(&team.b, PHONE),
    );
    eprintln!(
        "files holding the erased phone: before A {} / B {}; after A {} / B {}",
        before.0,
        before.1,
        after.0.len(),
        after.1.len()
    );
    assert_eq!(after, (Vec::new(), Vec::new()), "{told}");
    let shown = json_of(&ok(&team.b, &["enterprise", "show", &id, "--json"]));
    assert_eq!(shown["name"], "Công ty TNHH Kẹo Dừa Thanh Long");
    team.stop();
}
