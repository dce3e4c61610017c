//! `sohoa enterprise add|list|show`, `sohoa stats`, `sohoa demo`, `sohoa tax-code check`.

use std::process::ExitCode;

use clap::Args;
use serde_json::json;
use sohoa_core::explain::Explain;

use super::{Failure, Out};
use sohoa_core::enterprise::field::ProfileField;
use sohoa_core::enterprise::{Enterprise, tax_code};
use sohoa_core::program::dashboard::Dimension;
use sohoa_core::program::lists::ProgramLists;
use sohoa_core::program::stats::REVIEW_SUFFIX;
use sohoa_core::text::{Lang, format_date, format_moment, local_date};
use sohoa_core::workspace::Workspace;

/// Fields of a new enterprise: `--name` and the others of [`FieldArgs`].
#[derive(Debug)]
pub struct AddArgs {
    pub fields: FieldArgs,
}

impl clap::FromArgMatches for AddArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<AddArgs, clap::Error> {
        FieldArgs::from_arg_matches(matches).map(|fields| AddArgs { fields })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.fields.update_from_arg_matches(matches)
    }
}

impl Args for AddArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        FieldArgs::augment_args(cmd).mut_arg(ProfileField::Name.key(), |arg| arg.required(true))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        AddArgs::augment_args(cmd)
    }
}

/// Fields to change in an enterprise; those not given stay as they are.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Its id or tax code.
    pub enterprise: String,
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// Profile fields given on the command line: one option for each field a
/// person types, named in the field table ([`ProfileField::spec`]: `--tax-code`,
/// `--place`…), in the order given there.
#[derive(Debug, Default)]
pub struct FieldArgs {
    pub given: Vec<(ProfileField, String)>,
}

impl clap::FromArgMatches for FieldArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<FieldArgs, clap::Error> {
        let mut args = FieldArgs::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for field in ProfileField::ALL {
            if field.spec().option.is_some()
                && let Some(value) = matches.get_one::<String>(field.key())
            {
                self.given.retain(|(given, _)| *given != field);
                self.given.push((field, value.clone()));
            }
        }
        Ok(())
    }
}

impl Args for FieldArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        ProfileField::ALL.into_iter().fold(cmd, |cmd, field| {
            let Some((long, aliases, help)) = field.spec().option else {
                return cmd;
            };
            cmd.arg(
                clap::Arg::new(field.key())
                    .long(long)
                    .aliases(aliases.iter().copied())
                    .help(help)
                    // `--revenue -1` is refused by the field's rule, with its reason.
                    .allow_negative_numbers(true),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        FieldArgs::augment_args(cmd)
    }
}

pub fn add(
    workspace: &mut Workspace,
    args: AddArgs,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut e = Enterprise::new("", jiff::Timestamp::now());
    apply_fields(workspace, &mut e, args.fields, lang)?;
    let id = workspace.save(e)?;
    out.line(id.to_string());
    Ok(ExitCode::SUCCESS)
}

pub fn edit(
    workspace: &mut Workspace,
    args: EditArgs,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let mut e = workspace
        .find(&args.enterprise)
        .cloned()
        .ok_or_else(|| Failure::from(workspace.missing(&args.enterprise)))?;
    apply_fields(workspace, &mut e, args.fields, lang)?;
    e.modified = jiff::Timestamp::now();
    let id = workspace.save(e)?;
    out.line(id.to_string());
    Ok(ExitCode::SUCCESS)
}

/// Sets the fields that were given, each read by its own rule (the form's),
/// places and partners against the program's lists; the option is named in
/// a refusal.
fn apply_fields(
    workspace: &Workspace,
    e: &mut Enterprise,
    args: FieldArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let held = e.clone();
    let today = local_date(jiff::Timestamp::now());
    let mut lists = ProgramLists::new(&workspace.program, today).holding(Some(&held));
    for (field, typed) in &args.given {
        let option = field.spec().option.map_or(field.key(), |(long, ..)| long);
        let refused = |reason: &str| Failure::bad(format!("--{option} {typed}: {reason}"));
        let value = field
            .read(typed, &mut lists)
            .map_err(|problem| refused(problem.text.get(lang)))?;
        field.set(e, &value).map_err(|reason| refused(&reason))?;
        if *field == ProfileField::TaxCode
            && let Ok(parsed) = tax_code::parse(typed)
            && parsed.restored_leading_zero()
        {
            eprintln!(
                "{}: {}",
                super::note(lang),
                lang.pick(
                    format!(
                        "`--tax-code {typed}` có 9 chữ số; đọc là {parsed} (đã thêm lại số 0 ở đầu)"
                    ),
                    format!(
                        "--tax-code {typed} had 9 digits; read as {parsed} (leading zero restored)"
                    ),
                )
            );
        }
    }
    Ok(())
}

/// One row of `enterprise list`, as text and as JSON.
fn row(workspace: &Workspace, e: &Enterprise) -> serde_json::Value {
    json!({
        "id": e.id.to_string(),
        "name": e.name,
        "tax_code": e.tax_code,
        "place": e.admin_unit.as_deref().map(|id| workspace.program.unit_name(id)),
        "sector": e.sector.as_ref().map(|s| s.section.as_str()),
        "size_class": e.size_class().map(|c| c.key()),
        "partner": e.partner,
        "latest_level": workspace.latest_level(e),
        "supported": workspace.is_supported(e),
        "archived": e.archived,
    })
}

pub fn list(
    workspace: &Workspace,
    search: Option<&str>,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    // The window's search: name, tax code, place and address, in Vietnamese order.
    let chosen = workspace.search(search.unwrap_or(""));
    if json {
        let rows: Vec<_> = chosen.iter().map(|e| row(workspace, e)).collect();
        out.json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let vi = lang == Lang::Vi;
    for e in &chosen {
        let level = workspace
            .latest_level(e)
            .map_or("–".into(), |l| l.to_string());
        let size = e.size_class().map_or("–".into(), |c| c.label(lang));
        let place = e
            .admin_unit
            .as_deref()
            .map_or("–", |id| workspace.program.unit_name(id));
        out.line(format!(
            "{}  {:<14} {:<48} {:<22} {:<2} {:<9} {:<8} {} {:<2} {}",
            e.id,
            e.tax_code.as_deref().unwrap_or("–"),
            e.name,
            place,
            e.sector.as_ref().map_or("–", |s| s.section.as_str()),
            size,
            e.partner.as_deref().unwrap_or("–"),
            if vi { "mức" } else { "level" },
            level,
            if workspace.is_supported(e) { "✓" } else { "" }
        ));
    }
    eprintln!(
        "{}",
        sohoa_core::text::count_of(
            chosen.len(),
            lang,
            "doanh nghiệp",
            "enterprise",
            "enterprises"
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn consent(
    workspace: &mut Workspace,
    query: &str,
    given: bool,
    date: Option<&str>,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let id = workspace
        .find(query)
        .map(|e| e.id)
        .ok_or_else(|| Failure::from(workspace.missing(query)))?;
    let now = jiff::Timestamp::now();
    let date = match date {
        Some(text) => sohoa_core::text::parse_date(text).ok_or_else(|| not_a_date(text, lang))?,
        None => sohoa_core::text::local_date(now),
    };
    workspace.record_consent(id, given, date, now)?;
    let day = sohoa_core::text::format_date(date);
    out.line(match given {
        true => lang.pick(
            format!("{id}: đã đồng ý ngày {day}"),
            format!("{id}: consent given on {day}"),
        ),
        false => lang.pick(
            format!("{id}: đã từ chối hoặc rút lại đồng ý ngày {day}"),
            format!("{id}: consent refused or withdrawn on {day}"),
        ),
    });
    Ok(ExitCode::SUCCESS)
}

/// A date that does not read as dd/mm/yyyy, refused in `lang`.
pub(crate) fn not_a_date(text: &str, lang: Lang) -> Failure {
    Failure::bad(lang.pick(
        format!("“{text}” không phải là ngày: hãy viết dd/mm/yyyy"),
        format!("`{text}` is not a date: write dd/mm/yyyy"),
    ))
}

/// What an erasure did in `quarantine/`, in Vietnamese (the library says it
/// in English).
fn quarantine_in_vietnamese(
    done: &sohoa_core::store::quarantine_erasure::QuarantineErased,
) -> String {
    let mut said = format!(
        "trong quarantine/, đã làm sạch {} tệp của hồ sơ và xóa {} tệp không đọc được",
        done.cleaned,
        done.deleted.len()
    );
    for (path, why) in &done.failed {
        said.push_str(&format!(
            "; không làm sạch được {}: hãy tự tay xóa tệp đó ({} {why})",
            path.display(),
            sohoa_core::explain::ENGLISH_DETAIL
        ));
    }
    said
}

/// `sohoa enterprise forget`: the erasure, then where it reached.
pub fn forget(
    workspace: &mut Workspace,
    query: &str,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let id = workspace
        .find(query)
        .map(|e| e.id)
        .ok_or_else(|| Failure::from(workspace.missing(query)))?;
    // The state before the erasure is not backed up: that would keep the data.
    let done = workspace.forget(id, jiff::Timestamp::now())?;
    out.line(lang.pick(
        format!(
            "{}: đã xóa dữ liệu cá nhân khỏi “{}”, lịch sử của nó và {} bản sao lưu",
            done.id, done.name, done.backup_copies
        ),
        format!(
            "{}: personal data erased from “{}”, its history and {} backup copies",
            done.id, done.name, done.backup_copies
        ),
    ));
    if let Some(said) = done.quarantine.describe() {
        let said = lang.pick(quarantine_in_vietnamese(&done.quarantine), said);
        out.line(format!("{}: {said}", done.id));
    }
    for (path, reason) in &done.backup_failures {
        let path = path.display();
        eprintln!(
            "{}: {}",
            super::warning(lang),
            lang.pick(
                format!(
                    "không làm sạch được tệp sao lưu {path}; hãy tự tay xóa bản sao lưu đó — {} {reason}",
                    sohoa_core::explain::ENGLISH_DETAIL
                ),
                format!(
                    "the backup file {path} could not be cleaned ({reason}); delete that backup by hand"
                ),
            )
        );
    }
    Ok(
        if done.backup_failures.is_empty() && done.quarantine.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        },
    )
}

pub fn show(
    workspace: &Workspace,
    query: &str,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let e = workspace
        .find(query)
        .ok_or_else(|| Failure::from(workspace.missing(query)))?;
    if json {
        let mut value = serde_json::to_value(e).map_err(|err| Failure::Internal(err.into()))?;
        value["size_class"] = json!(e.size_class().map(|c| c.key()));
        value["latest_level"] = json!(workspace.latest_level(e));
        value["supported"] = json!(workspace.is_supported(e));
        out.json(&value)?;
        return Ok(ExitCode::SUCCESS);
    }
    let label = |vi_text: &str, en_text: &str| lang.pick(vi_text, en_text).to_owned();
    let none = || "–".to_owned();
    out.line(&e.name);
    // Every field of the profile's table but the name (the heading), with the
    // size class after the figures it comes from.
    let place_names = |id: &str| workspace.program.unit_name(id).to_owned();
    let mut lines = vec![(label("Mã", "Id"), e.id.to_string())];
    for field in ProfileField::ALL {
        let shown = match field {
            ProfileField::Name => continue,
            ProfileField::Consent if e.consent.is_none() => label("chưa ghi nhận", "not recorded"),
            _ => field.shown(e, lang, &place_names),
        };
        let shown = if shown.trim().is_empty() {
            none()
        } else {
            shown
        };
        lines.push((field.label().get(lang).to_owned(), shown));
        if field == ProfileField::SizeYear {
            let class = e.size_class().map_or_else(none, |c| c.label(lang));
            lines.push((label("Quy mô", "Size class"), class));
        }
    }
    lines.push((
        label("Tạo / sửa", "Created / modified"),
        format!(
            "{} / {}",
            format_moment(e.created),
            format_moment(e.modified)
        ),
    ));
    let width = lines
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    for (name, value) in lines {
        // A value of several lines (the notes) stays under its label.
        let value = value.replace('\n', &format!("\n  {:<width$} ", ""));
        out.line(format!("  {name:<width$} {value}"));
    }
    out.line(label("Đánh giá:", "Assessments:"));
    for a in &e.assessments {
        let result = match workspace.score(a) {
            Ok(r) => format!(
                "{}/{} · {} {}",
                r.total,
                r.max_points,
                label("mức", "level"),
                r.level
            ),
            Err(err) => err.explain(lang),
        };
        out.line(format!(
            "  {} {} {} {} · {} · {}",
            format_date(local_date(a.completed.unwrap_or(a.started))),
            a.stage.code(),
            a.questionnaire,
            a.questionnaire_version,
            if a.is_completed() {
                label("hoàn thành", "completed")
            } else {
                label("bản nháp", "draft")
            },
            result
        ));
    }
    out.line(label("Hoạt động hỗ trợ:", "Support activities:"));
    for activity in &e.activities {
        out.line(format!(
            "  {} {} · {} · {} {}",
            format_date(activity.date),
            activity.kind.name().get(lang),
            activity.partner.as_deref().unwrap_or("–"),
            activity.platform.as_deref().unwrap_or(""),
            activity.note
        ));
    }
    if !e.conflicts.is_empty() {
        out.line(label(
            "Xung đột cần chọn (trong ứng dụng, trang hồ sơ):",
            "Conflicts to settle (in the app, on the profile):",
        ));
        for conflict in &e.conflicts {
            if let Some(field) =
                sohoa_core::enterprise::field::ProfileField::from_key(&conflict.field)
            {
                let values: Vec<String> = std::iter::once(field.get(e))
                    .chain(conflict.others.iter().cloned())
                    .map(|v| field.display(&v, lang))
                    .collect();
                out.line(format!(
                    "  {}: {}",
                    field.label().get(lang),
                    values.join(" | ")
                ));
            }
        }
    }
    out.line(label("Lịch sử:", "History:"));
    for change in &e.history {
        let by = if change.by.is_empty() {
            String::new()
        } else {
            format!(" {}", change.by)
        };
        out.line(format!(
            "  {}{by} · {}",
            format_moment(change.at),
            change.describe(lang)
        ));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(
    workspace: &Workspace,
    lang: Lang,
    json: bool,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let stats = workspace.stats();
    if json {
        out.json(&stats)?;
        return Ok(ExitCode::SUCCESS);
    }
    let vi = lang == Lang::Vi;
    let count = |n: usize| sohoa_core::text::format_count(n as u64, lang);
    out.line(workspace.program.name.get(lang));
    if !workspace.is_set_up() {
        out.line(lang.pick(
            "  Hãy thiết lập chương trình trước: `sohoa program new --province TỈNH --target SỐ` (hoặc mở cửa sổ Sohoa).",
            "  Set up the program first: `sohoa program new --province PROVINCE --target N` (or open the Sohoa window).",
        ));
    }
    out.line(format!(
        "{}: {} / {} · {}: {} · {}: {}",
        if vi { "Đã hỗ trợ" } else { "Supported" },
        count(stats.supported),
        count(stats.target as usize),
        if vi { "Đã đánh giá" } else { "Assessed" },
        count(stats.assessed),
        if vi { "Doanh nghiệp" } else { "Enterprises" },
        count(stats.enterprises)
    ));
    let questionnaire = workspace
        .questionnaires
        .latest(&workspace.program.default_questionnaire);
    // The figures' keys, kept as they are for `--json`, as a person reads them
    // in the chosen language.
    let label = |dimension: Dimension, key: &str| -> String {
        let key = if matches!(key, "unknown" | "none") {
            ""
        } else {
            key
        };
        match (dimension, key.strip_suffix(REVIEW_SUFFIX)) {
            (Dimension::Place, Some(name)) => lang.pick(
                format!("{name} – cần chọn xã, phường mới"),
                format!("{name} – choose the new commune or ward"),
            ),
            (Dimension::Place, None) if !key.is_empty() => key.to_owned(),
            _ => dimension.label(key, &workspace.program, questionnaire.map(|q| &**q), lang),
        }
    };
    let groups = [
        (Dimension::Level, &stats.by_level),
        (Dimension::Province, &stats.by_province),
        (Dimension::Place, &stats.by_place),
        (Dimension::Sector, &stats.by_sector),
        (Dimension::Size, &stats.by_size),
        (Dimension::Partner, &stats.by_partner),
    ];
    for (dimension, counts) in groups {
        // Provinces only for a program that covers several.
        if dimension == Dimension::Province && counts.is_empty() {
            continue;
        }
        out.line(format!("{}:", dimension.title(lang)));
        for (key, n) in counts {
            let name = label(dimension, key);
            out.line(format!("  {name:<46} {:>7}", count(*n)));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn demo(
    workspace: &mut Workspace,
    count: usize,
    seed: u64,
    append: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let root = workspace.folder().root().display().to_string();
    // Demo data never mixes with a real program's enterprises: it goes into a
    // folder of its own, set up with the demo program the first time.
    if workspace.is_set_up() && !workspace.program.demo {
        let beside = sohoa_core::demo::demo_folder(workspace.folder().root());
        let beside = beside.display();
        return Err(Failure::bad(lang.pick(
            format!(
                "{root} là thư mục của một chương trình thật; dữ liệu mẫu chỉ ghi vào thư mục riêng, ví dụ `sohoa demo --data-dir {beside}`"
            ),
            format!(
                "{root} holds a real program; demo data goes into a folder of its own, for example `sohoa demo --data-dir {beside}`"
            ),
        )));
    }
    if !workspace.is_set_up() {
        let program = sohoa_core::demo::demo_program()
            .map_err(|e| Failure::Internal(anyhow::anyhow!("the demo program: {e}")))?;
        workspace.set_up_program(program)?;
    }
    if !append && !workspace.enterprises().is_empty() {
        let held = workspace.enterprises().len();
        return Err(Failure::bad(lang.pick(
            format!(
                "{root} đã có {held} doanh nghiệp; dữ liệu mẫu chỉ ghi vào thư mục trống (hoặc thêm `--append`)"
            ),
            format!(
                "{root} already holds {held} enterprises; demo data goes into an empty folder (or pass --append)"
            ),
        )));
    }
    let id = workspace.program.default_questionnaire.clone();
    let questionnaire = workspace
        .questionnaires
        .latest(&id)
        .cloned()
        .ok_or_else(|| {
            Failure::bad(lang.pick(
                format!("bộ câu hỏi {id} của chương trình chưa được cài đặt"),
                format!("the program's questionnaire `{id}` is not installed"),
            ))
        })?;
    let taken = workspace
        .enterprises()
        .iter()
        .filter_map(|e| e.tax_code.clone())
        .collect();
    let started = std::time::Instant::now();
    let enterprises =
        sohoa_core::demo::generate(&workspace.program, &questionnaire, count, seed, &taken);
    let written = workspace.add_many(enterprises)?;
    let seconds = sohoa_core::text::format_decimal(started.elapsed().as_secs_f64(), 1, lang);
    eprintln!(
        "{}",
        lang.pick(
            format!("Đã ghi {written} doanh nghiệp mẫu vào {root} trong {seconds} giây"),
            format!("{written} demo enterprises written to {root} in {seconds} s"),
        )
    );
    out.line(written.to_string());
    Ok(ExitCode::SUCCESS)
}

pub fn check_tax_codes(codes: &[String], lang: Lang, out: &mut Out) -> Result<ExitCode, Failure> {
    let mut all_valid = true;
    for code in codes {
        match tax_code::parse(code) {
            Ok(parsed) => {
                let kind = match parsed.kind() {
                    tax_code::TaxCodeKind::Enterprise => lang.pick("doanh nghiệp", "enterprise"),
                    tax_code::TaxCodeKind::Branch => {
                        lang.pick("chi nhánh của doanh nghiệp", "branch of an enterprise")
                    }
                    tax_code::TaxCodeKind::Personal => lang.pick(
                        "số định danh cá nhân (hộ kinh doanh), không có chữ số kiểm tra",
                        "personal ID (household business), no check digit",
                    ),
                };
                let restored = if parsed.restored_leading_zero() {
                    lang.pick(", đã thêm lại số 0 ở đầu", ", leading zero restored")
                } else {
                    ""
                };
                let valid = lang.pick("hợp lệ", "valid");
                out.line(format!("{code}: {valid} — {parsed} ({kind}{restored})"));
            }
            Err(e) => {
                all_valid = false;
                let invalid = lang.pick("không hợp lệ", "invalid");
                out.line(format!("{code}: {invalid} — {}", e.explain(lang)));
            }
        }
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(cmd: clap::Command) -> Vec<String> {
        cmd.get_arguments()
            .filter_map(|arg| arg.get_long().map(str::to_owned))
            .collect()
    }

    #[test]
    fn every_field_a_person_types_is_an_option_of_add_and_edit_and_only_add_needs_the_name() {
        let add = AddArgs::augment_args(clap::Command::new("add"));
        let edit = EditArgs::augment_args(clap::Command::new("edit"));
        for field in ProfileField::ALL {
            let Some((long, ..)) = field.spec().option else {
                continue;
            };
            assert!(options(add.clone()).contains(&long.to_owned()), "--{long}");
            assert!(options(edit.clone()).contains(&long.to_owned()), "--{long}");
        }
        assert_eq!(options(add.clone()).len(), 16);
        let required = |cmd: &clap::Command| {
            cmd.get_arguments()
                .filter(|a| a.is_required_set())
                .filter_map(|a| a.get_long().map(str::to_owned))
                .collect::<Vec<_>>()
        };
        assert_eq!(required(&add), ["name"]);
        assert_eq!(required(&edit), Vec::<String>::new());
    }

    #[test]
    fn options_given_are_read_in_the_field_tables_order() {
        let cmd = AddArgs::augment_args(clap::Command::new("add"));
        let matches = cmd
            .try_get_matches_from(["add", "--phone", "0909", "--name", "HTX", "--revenue", "-1"])
            .unwrap();
        let args = <AddArgs as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
        let given: Vec<(&str, &str)> = args
            .fields
            .given
            .iter()
            .map(|(f, v)| (f.key(), v.as_str()))
            .collect();
        assert_eq!(
            given,
            [("name", "HTX"), ("revenue", "-1"), ("phone", "0909")]
        );
    }
}
