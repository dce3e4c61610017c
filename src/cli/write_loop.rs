//! `sohoa write-loop` (hidden): writes and updates enterprises, assessments and
//! activities without end, printing one line per write *after* it returned, for
//! the crash-safety harness that kills it at random moments
//! (`tests/integration/crash.rs`).
//!
//! Each line is `<kind> <enterprise id> [<assessment id> <question> <answer>]`;
//! a line printed means the write was on disk when the harness read it.

use std::io::Write;
use std::process::ExitCode;

use jiff::Timestamp;

use super::Failure;
use sohoa_core::decimal::Decimal;
use sohoa_core::enterprise::{ActivityKind, Enterprise, Mode, Stage, SupportActivity};
use sohoa_core::questionnaire::{Answer, QuestionKind};
use sohoa_core::workspace::Workspace;

pub fn run(ws: &mut Workspace, seed: u64) -> Result<ExitCode, Failure> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let q = ws
        .questionnaires
        .latest("dbi-2021-sme")
        .cloned()
        .ok_or_else(|| Failure::bad("the built-in questionnaire is missing"))?;
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| -> Result<(), Failure> {
        writeln!(out, "{line}").and_then(|()| out.flush())?;
        Ok(())
    };
    for round in 0u64.. {
        let now = Timestamp::now();
        let mut e = Enterprise::new(&format!("Doanh nghiệp thử {seed}-{round}"), now);
        e.contact.phone = format!("0275 {:06}", rng.u32(0..1_000_000));
        let id = ws.save(e)?;
        say(format!("enterprise {id}"))?;
        let assessment =
            ws.start_assessment(id, Stage::Baseline, Mode::ConsultantLed, "thử", &q.id, now)?;
        say(format!("started {id} {assessment}"))?;
        for (_, question) in q.questions().take(rng.usize(3..12)) {
            let answer = match &question.kind {
                QuestionKind::SingleChoice { options } if !options.is_empty() => {
                    Answer::Choice(options[rng.usize(..options.len())].id.as_str().into())
                }
                QuestionKind::YesNo { .. } => {
                    Answer::Choice(if rng.bool() { "yes" } else { "no" }.into())
                }
                QuestionKind::Percent { .. } => {
                    Answer::Number(Decimal::from_integer(rng.i64(0..=100)).unwrap_or(Decimal::ZERO))
                }
                _ => continue,
            };
            let text = ron::to_string(&answer).unwrap_or_default();
            ws.set_answer(id, assessment, &question.id, Some(answer), Timestamp::now())?;
            say(format!("answer {id} {assessment} {} {text}", question.id))?;
        }
        if rng.bool() {
            ws.complete_assessment(id, assessment, Timestamp::now())?;
            say(format!("completed {id} {assessment}"))?;
        }
        let activity = SupportActivity {
            id: ulid::Ulid::from_parts(
                Timestamp::now().as_millisecond().max(0) as u64,
                rng.u128(..),
            ),
            date: jiff::civil::date(2025, 1 + rng.i8(0..12), 1 + rng.i8(0..28)),
            kind: ActivityKind::Training,
            partner: None,
            platform: None,
            note: String::new(),
            modified: None,
        };
        let activity_id = activity.id;
        ws.save_activity(id, activity, Timestamp::now())?;
        say(format!("activity {id} {activity_id}"))?;
        let mut edited = ws
            .get(id)
            .cloned()
            .ok_or_else(|| Failure::bad("lost the record"))?;
        edited.contact.person = format!("Người liên hệ {round}");
        edited.modified = Timestamp::now();
        ws.save(edited)?;
        say(format!("person {id} Người liên hệ {round}"))?;
    }
    Ok(ExitCode::SUCCESS)
}
