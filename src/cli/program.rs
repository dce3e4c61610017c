//! `sohoa program show|continue`: the program's periods and their results.

use std::process::ExitCode;

use serde_json::json;

use super::{Failure, Out};
use crate::program::dashboard::{Dashboard, past_period_sentence, progress_sentence};
use crate::program::periods::NewPeriod;
use crate::text::{Lang, Text, format_count, format_date, local_date, parse_count, parse_date};
use crate::workspace::Workspace;

/// The new period as typed on the command line, or what is wrong with it.
pub fn parse_period(
    name_vi: &str,
    name_en: &str,
    start: &str,
    end: &str,
    target: &str,
    lang: Lang,
) -> Result<NewPeriod, Failure> {
    let date = |text: &str, option: &str| {
        parse_date(text).ok_or_else(|| {
            Failure::bad(lang.pick(
                format!("{option} “{text}” không phải là ngày; hãy viết dd/mm/yyyy"),
                format!("{option} `{text}` is not a date; write dd/mm/yyyy"),
            ))
        })
    };
    let name = Text::new(
        crate::text::nfc_line(name_vi),
        crate::text::nfc_line(name_en),
    );
    if name.vi.is_empty() || name.en.is_empty() {
        return Err(Failure::bad(lang.pick(
            "hãy đặt tên giai đoạn mới bằng tiếng Việt và tiếng Anh (`--name-vi`, `--name-en`)",
            "name the new period in Vietnamese and English (--name-vi, --name-en)",
        )));
    }
    Ok(NewPeriod {
        name,
        start: date(start, "--start")?,
        end: date(end, "--end")?,
        target: parse_count(target).filter(|n| *n > 0).ok_or_else(|| {
            Failure::bad(lang.pick(
                format!("mục tiêu “{target}” không phải là số nguyên lớn hơn 0"),
                format!("the target `{target}` is not a whole number above 0"),
            ))
        })?,
    })
}

pub fn show(ws: &Workspace, lang: Lang, json: bool, out: &mut Out) -> Result<ExitCode, Failure> {
    let today = local_date(jiff::Timestamp::now());
    let program = &ws.program;
    let d = Dashboard::compute(
        program,
        ws.enterprises(),
        ws.summaries(),
        ws.program_questionnaire(),
        today,
    );
    if json {
        out.json(&json!({
            "name": {"vi": program.name.vi, "en": program.name.en},
            "start": program.start.to_string(),
            "end": program.end.to_string(),
            "target": program.target,
            "ended": d.period_ended,
            "supported_in_period": d.period.supported,
            "reached_on": d.period.reached_on.map(|day| day.to_string()),
            "projected_finish": d.projected_finish.map(|day| day.to_string()),
            "past_periods": program.past_periods.iter().map(|p| json!({
                "name": {"vi": p.name.vi, "en": p.name.en},
                "start": p.start.to_string(),
                "end": p.end.to_string(),
                "target": p.target,
                "supported": p.result.supported,
                "reached_on": p.result.reached_on.map(|day| day.to_string()),
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    out.line(format!(
        "{} ({} – {}, {} {})",
        program.name.get(lang),
        format_date(program.start),
        format_date(program.end),
        lang.pick("mục tiêu", "target"),
        format_count(u64::from(program.target), lang)
    ));
    out.line(progress_sentence(&d, program, lang));
    for period in &program.past_periods {
        out.line(format!("  {}", past_period_sentence(period, lang)));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn continue_into(
    ws: &mut Workspace,
    next: NewPeriod,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let today = local_date(jiff::Timestamp::now());
    let settings = ws.program.clone();
    ws.continue_program(next, settings, today)?;
    if let Some(closed) = ws.program.past_periods.last() {
        out.line(lang.pick(
            format!(
                "Đã lưu giai đoạn trước: {}",
                past_period_sentence(closed, lang)
            ),
            format!(
                "Earlier period kept: {}",
                past_period_sentence(closed, lang)
            ),
        ));
    }
    out.line(format!(
        "{}: {} ({} – {})",
        lang.pick("Giai đoạn mới", "New period"),
        ws.program.name.get(lang),
        format_date(ws.program.start),
        format_date(ws.program.end)
    ));
    Ok(ExitCode::SUCCESS)
}
