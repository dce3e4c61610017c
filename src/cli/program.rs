//! `sohoa program new|show|continue`: setting up a folder's program, its
//! periods and their results.

use std::process::ExitCode;

use serde_json::json;

use super::{Failure, Out};
use sohoa_core::program::dashboard::{Dashboard, past_period_sentence, progress_sentence};
use sohoa_core::program::periods::NewPeriod;
use sohoa_core::text::{
    Lang, Text, format_count, format_date, local_date, parse_count, parse_date,
};
use sohoa_core::workspace::Workspace;

/// `sohoa program new`: every choice of the setup as an option.
#[derive(Debug, clap::Args)]
pub struct NewProgramArgs {
    /// Start from a preset: vinh-long-2026-2030 (the office gives --target) or
    /// ben-tre-2021-2025 (ended, for its history).
    #[arg(long, value_name = "PRESET", conflicts_with = "from")]
    pub preset: Option<String>,
    /// Start from the program file the office sent (`.sohoa-program`).
    #[arg(long, value_name = "FILE")]
    pub from: Option<std::path::PathBuf>,
    /// A province of 2025, by name ("Vĩnh Long", marks optional) or code (86);
    /// repeat for several; `all` for the whole country.
    #[arg(long = "province", value_name = "PROVINCE")]
    pub provinces: Vec<String>,
    /// The program's name in Vietnamese (default: made from the provinces and years).
    #[arg(long, value_name = "TEXT")]
    pub name_vi: Option<String>,
    /// The program's name in English (default: made from the provinces and years).
    #[arg(long, value_name = "TEXT")]
    pub name_en: Option<String>,
    /// First day, dd/mm/yyyy (default: 01/01 of this year).
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Last day, dd/mm/yyyy (default: 31/12 four years later).
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// How many enterprises the program aims to support.
    #[arg(long, value_name = "N")]
    pub target: Option<String>,
    /// A partner accompanying enterprises; repeat for several (default: VNPT, Viettel, FPT).
    #[arg(long = "partner", value_name = "NAME")]
    pub partners: Vec<String>,
    /// What the contacts' personal data is held for, in Vietnamese.
    #[arg(long, value_name = "TEXT", requires = "purpose_en")]
    pub purpose_vi: Option<String>,
    /// The same purpose in English.
    #[arg(long, value_name = "TEXT", requires = "purpose_vi")]
    pub purpose_en: Option<String>,
}

/// The province a person typed: a code of 2025 or a name, marks optional.
fn find_province(typed: &str, lang: Lang) -> Result<Vec<String>, Failure> {
    let places = sohoa_core::places::Gazetteer::get();
    let key = sohoa_core::places::key(typed);
    if matches!(key.as_str(), "all" | "ca nuoc" | "toan quoc") {
        return Ok(places.provinces.iter().map(|p| p.code.to_owned()).collect());
    }
    let found = places.provinces.iter().find(|p| {
        p.code == typed.trim()
            || sohoa_core::places::key(p.name) == key
            || sohoa_core::places::key(sohoa_core::places::short_name(p.name)) == key
    });
    match found {
        Some(p) => Ok(vec![p.code.to_owned()]),
        None => {
            let former = places
                .former_provinces
                .iter()
                .find(|p| sohoa_core::places::key(sohoa_core::places::short_name(p.name)) == key);
            let hint = former
                .and_then(|f| places.province(f.became.first()?))
                .map(|now| {
                    lang.pick(
                        format!(
                            " (từ 01/07/2025 thuộc {})",
                            sohoa_core::places::name_in_sentence(now.name)
                        ),
                        format!(" (part of {} since 01/07/2025)", now.name),
                    )
                });
            Err(Failure::bad(lang.pick(
                format!(
                    "--province {typed}: không phải một tỉnh, thành phố của 34 đơn vị hiện nay{}",
                    hint.clone().unwrap_or_default()
                ),
                format!(
                    "--province {typed}: not one of the 34 provinces and cities of today{}",
                    hint.unwrap_or_default()
                ),
            )))
        }
    }
}

/// Sets up the program of a folder that has none.
pub fn new(
    ws: &mut Workspace,
    args: NewProgramArgs,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    use sohoa_core::program::setup::{Preset, ProgramSetup};
    let date = |text: &str, option: &str| {
        parse_date(text).ok_or_else(|| {
            Failure::bad(lang.pick(
                format!("{option} “{text}” không phải là ngày; hãy viết dd/mm/yyyy"),
                format!("{option} `{text}` is not a date; write dd/mm/yyyy"),
            ))
        })
    };
    let target = match &args.target {
        None => None,
        Some(typed) => Some(parse_count(typed).filter(|n| *n > 0).ok_or_else(|| {
            Failure::bad(lang.pick(
                format!("--target “{typed}” không phải là số nguyên lớn hơn 0"),
                format!("--target `{typed}` is not a whole number above 0"),
            ))
        })?),
    };
    let settings = if let Some(file) = &args.from {
        let preset = sohoa_core::program::preset::read_preset(file)
            .map_err(|e| Failure::bad(sohoa_core::explain::Explain::explain(&e, lang)))?;
        ws.program.adopt(&preset)
    } else if args.preset.as_deref().map(Preset::from_id) == Some(Some(Preset::BenTre2021)) {
        Preset::BenTre2021
            .settings(0)
            .map_err(|e| Failure::bad(sohoa_core::explain::Explain::explain(&e, lang)))?
    } else {
        let mut setup = match args.preset.as_deref() {
            None => ProgramSetup::blank(local_date(jiff::Timestamp::now()).year()),
            Some(id) => match Preset::from_id(id) {
                Some(preset) => ProgramSetup::from_preset(preset),
                None => {
                    let known: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
                    return Err(Failure::bad(lang.pick(
                        format!("--preset {id}: không có; có: {}", known.join(", ")),
                        format!(
                            "--preset {id}: no such preset; there are: {}",
                            known.join(", ")
                        ),
                    )));
                }
            },
        };
        if !args.provinces.is_empty() {
            setup.provinces.clear();
            for typed in &args.provinces {
                setup.provinces.extend(find_province(typed, lang)?);
            }
        }
        if let Some(start) = &args.start {
            setup.start = date(start, "--start")?;
            if args.end.is_none() {
                setup.end = jiff::civil::date(setup.start.year().saturating_add(4), 12, 31);
            }
        }
        if let Some(end) = &args.end {
            setup.end = date(end, "--end")?;
        }
        if let Some(target) = target {
            setup.target = target;
        }
        if !args.partners.is_empty() {
            setup.partners = args.partners.clone();
        }
        setup.name = Text::new(
            args.name_vi
                .as_deref()
                .map(sohoa_core::text::nfc_line)
                .unwrap_or_default(),
            args.name_en
                .as_deref()
                .map(sohoa_core::text::nfc_line)
                .unwrap_or_default(),
        );
        if let (Some(vi), Some(en)) = (&args.purpose_vi, &args.purpose_en) {
            setup.consent_purpose = Text::new(
                sohoa_core::text::nfc_line(vi),
                sohoa_core::text::nfc_line(en),
            );
        }
        setup.build().map_err(|e| {
            let why = sohoa_core::explain::Explain::explain(&e, lang);
            Failure::bad(lang.pick(
                format!("chưa thiết lập được chương trình: {why} (xem `sohoa program new --help`)"),
                format!("the program cannot be set up: {why} (see `sohoa program new --help`)"),
            ))
        })?
    };
    ws.set_up_program(settings)?;
    let program = &ws.program;
    let provinces = if program.provinces.is_empty() {
        program.region.get(lang).to_owned()
    } else {
        sohoa_core::program::setup::provinces_line(&program.provinces, lang)
    };
    out.line(lang.pick(
        format!("Đã thiết lập chương trình “{}”", program.name.vi),
        format!("Program “{}” set up", program.name.en),
    ));
    let target = format_count(u64::from(program.target), lang);
    let (start, end) = (format_date(program.start), format_date(program.end));
    out.line(lang.pick(
        format!("  địa bàn: {provinces}; {start} – {end}; mục tiêu {target} doanh nghiệp"),
        format!("  places: {provinces}; {start} – {end}; target {target} enterprises"),
    ));
    if ws.actor().is_empty() {
        out.line(lang.pick(
            "  Tên của bạn chưa có: hãy đặt bằng `--by TÊN` hoặc biến SOHOA_USER, để ghi vào lịch sử và khóa của máy này.",
            "  Your name is not set: give it with --by NAME or SOHOA_USER, for the history and this computer's key.",
        ));
    }
    Ok(ExitCode::SUCCESS)
}

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
        sohoa_core::text::nfc_line(name_vi),
        sohoa_core::text::nfc_line(name_en),
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
    let d = Dashboard::compute(program, ws.summaries(), ws.program_questionnaire(), today);
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
