//! Crash safety: `sohoa write-loop` writes records without end and prints a line
//! after each write returns; the harness kills it (SIGKILL on Unix, TerminateProcess
//! on Windows) at a random moment, then opens the folder and checks that it loads
//! with no problem, nothing was quarantined, and every write that had returned is
//! there. The short form runs in CI; the long form is
//! `cargo test --release --test integration crash -- --ignored --nocapture`.

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use sohoa::questionnaire::Answer;
use sohoa::workspace::Workspace;
use ulid::Ulid;

use crate::sohoa_command;

/// One write the killed process had finished.
#[derive(Debug)]
pub enum Acknowledged {
    Enterprise(Ulid),
    Started(Ulid, Ulid),
    Answer(Ulid, Ulid, String, Answer),
    Completed(Ulid, Ulid),
    Activity(Ulid, Ulid),
    Person(Ulid, String),
}

/// The write a line of the writer's output acknowledges, if the line is whole.
pub fn parse(line: &str) -> Option<Acknowledged> {
    let mut words = line.splitn(5, ' ');
    let kind = words.next()?;
    let id = Ulid::from_string(words.next()?).ok()?;
    Some(match kind {
        "enterprise" => Acknowledged::Enterprise(id),
        "started" => Acknowledged::Started(id, Ulid::from_string(words.next()?).ok()?),
        "completed" => Acknowledged::Completed(id, Ulid::from_string(words.next()?).ok()?),
        "activity" => Acknowledged::Activity(id, Ulid::from_string(words.next()?).ok()?),
        "answer" => Acknowledged::Answer(
            id,
            Ulid::from_string(words.next()?).ok()?,
            words.next()?.to_owned(),
            ron::from_str(words.next()?).ok()?,
        ),
        "person" => Acknowledged::Person(id, line.splitn(3, ' ').nth(2)?.to_owned()),
        _ => return None,
    })
}

/// Whether the acknowledged `write` is found in `ws`; what was lost, if not.
pub fn check(ws: &Workspace, write: &Acknowledged) -> Result<(), String> {
    let enterprise = |id: &Ulid| ws.get(*id).ok_or(format!("enterprise {id} lost"));
    let assessment = |id: &Ulid, a: &Ulid| {
        enterprise(id)?
            .assessments
            .iter()
            .find(|x| x.id == *a)
            .cloned()
            .ok_or(format!("assessment {a} lost"))
    };
    match write {
        Acknowledged::Enterprise(id) => enterprise(id).map(|_| ()),
        Acknowledged::Started(id, a) => assessment(id, a).map(|_| ()),
        Acknowledged::Answer(id, a, q, answer) => match assessment(id, a)?.answers.get(q) {
            Some(found) if found == answer => Ok(()),
            other => Err(format!("answer {q} of {a}: {other:?}, expected {answer:?}")),
        },
        Acknowledged::Completed(id, a) => match assessment(id, a)?.is_completed() {
            true => Ok(()),
            false => Err(format!("completion of {a} lost")),
        },
        Acknowledged::Activity(id, activity) => {
            match enterprise(id)?.activities.iter().any(|x| x.id == *activity) {
                true => Ok(()),
                false => Err(format!("activity {activity} lost")),
            }
        }
        Acknowledged::Person(id, person) => match &enterprise(id)?.contact.person {
            found if found == person => Ok(()),
            found => Err(format!("contact of {id}: {found}, expected {person}")),
        },
    }
}

/// Kills the writer `rounds` times; returns (writes acknowledged, kills).
fn kill_rounds(rounds: u64) -> (usize, u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(2021);
    let mut acknowledged = Vec::new();
    for round in 0..rounds {
        let mut child = sohoa_command(dir.path(), &["write-loop", "--seed", &round.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the sohoa binary starts");
        // The kill comes at a random moment after the first write returned: a
        // busy machine may take longer to start the writer than any fixed delay.
        let mut stdout = child.stdout.take().unwrap();
        let (first_line, writing) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            let mut chunk = [0u8; 4096];
            let mut told = false;
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                text.extend_from_slice(&chunk[..n]);
                if !told && text.contains(&b'\n') {
                    told = first_line.send(()).is_ok();
                }
            }
            String::from_utf8_lossy(&text).into_owned()
        });
        writing
            .recv_timeout(Duration::from_secs(60))
            .expect("the writer acknowledges a first write within a minute");
        std::thread::sleep(Duration::from_millis(rng.u64(0..300)));
        child.kill().expect("the writer can be killed");
        child.wait().unwrap();
        let text = reader.join().unwrap();
        // A line cut by the kill was never acknowledged.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        acknowledged.extend(complete.lines().filter_map(parse));

        let ws = Workspace::open(dir.path()).unwrap();
        assert!(
            ws.problems().is_empty(),
            "round {round}: {:?}",
            ws.problems()
        );
        assert!(
            !dir.path().join("quarantine").exists(),
            "round {round}: a file was quarantined"
        );
        for write in &acknowledged {
            if let Err(lost) = check(&ws, write) {
                panic!("round {round}: {lost}");
            }
        }
    }
    (acknowledged.len(), rounds)
}

#[test]
fn a_writer_killed_at_random_moments_never_loses_a_write_that_returned() {
    let (writes, kills) = kill_rounds(12);
    eprintln!("{kills} kills, {writes} acknowledged writes, all present");
    assert!(writes > 0);
}

#[test]
#[ignore = "long: 500 kills (a few minutes)"]
fn five_hundred_kills_lose_nothing() {
    let (writes, kills) = kill_rounds(500);
    eprintln!("{kills} kills, {writes} acknowledged writes, all present");
}
