//! `sohoa import-table`: enterprises from a spreadsheet (XLSX or CSV), each
//! column understood from its header or as the person says, each row through
//! the profile's rules; the rows refused are written to a file to correct and
//! import again, and the rest go in together or not at all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;
use serde_json::json;

use super::{Failure, Out};
use sohoa_core::enterprise::field::ProfileField;
use sohoa_core::exchange::table_in::{
    RawTable, column_fields, read_table, recognise_header, table_name,
};
use sohoa_core::exchange::table_plan::TablePlan;
use sohoa_core::explain::Explain;
use sohoa_core::text::{Lang, format_count};
use sohoa_core::workspace::{TableChoices, Workspace};

/// How `sohoa import-table` runs.
pub struct TableOptions {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// `COLUMN=FIELD`, as typed.
    pub map: Vec<String>,
    pub consent_given: bool,
    /// Where the refused rows go (by default beside the table).
    pub rejects: Option<PathBuf>,
    pub dry_run: bool,
    pub json: bool,
    /// The rows are assessments, of this questionnaire (`ID` or `ID@VERSION`;
    /// empty: the program's).
    pub assessments: Option<String>,
}

/// One `--map COLUMN=FIELD`: the column by its header or number; the field by
/// its key (`tax_code`), a header word (`MST`), or `-` to leave the column out.
fn parse_map(said: &str, lang: Lang) -> Result<(String, Option<ProfileField>), Failure> {
    let keys = || {
        ProfileField::ALL
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((column, field)) = said.rsplit_once('=') else {
        return Err(Failure::bad(lang.pick(
            format!("--map “{said}”: cần viết CỘT=TRƯỜNG, ví dụ --map \"MST=tax_code\""),
            format!("--map “{said}”: write COLUMN=FIELD, for example --map \"MST=tax_code\""),
        )));
    };
    let field = field.trim();
    if field == "-" || field.is_empty() {
        return Ok((column.to_owned(), None));
    }
    match ProfileField::from_key(field).or_else(|| recognise_header(field)) {
        Some(found) => Ok((column.to_owned(), Some(found))),
        None => Err(Failure::bad(lang.pick(
            format!(
                "--map “{said}”: không biết trường “{field}”; các trường: {}, hoặc - để bỏ qua cột",
                keys()
            ),
            format!(
                "--map “{said}”: no field “{field}”; the fields: {}, or - to leave the column out",
                keys()
            ),
        ))),
    }
}

pub fn import_table(
    ws: &mut Workspace,
    options: TableOptions,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let given = options
        .map
        .iter()
        .map(|m| parse_map(m, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let table = read_table(&options.file, options.sheet.as_deref())
        .map_err(|e| Failure::bad(e.explain(lang)))?;
    if let Some(wanted) = &options.assessments {
        let wanted = Some(wanted.as_str()).filter(|w| !w.is_empty());
        return import_assessments(ws, &table, wanted, &options, lang, out);
    }
    let choices = TableChoices {
        name: table_name(&options.file),
        fields: column_fields(&table.headers, &given),
        consent_given: options.consent_given,
    };
    let now = Timestamp::now();
    // The import plans again under the folder's lock: a table is read once
    // when it passes, twice only when a row is refused.
    let plan = if options.dry_run {
        ws.plan_table(&table, &choices, now)
    } else {
        match ws.import_table(&table, &choices, now) {
            Ok(plan) => plan,
            Err(sohoa_core::workspace::WorkspaceError::TableRefused { .. }) => {
                ws.plan_table(&table, &choices, now)
            }
            Err(e) => return Err(e.into()),
        }
    };
    let rejects = write_rejects(&table, &plan.refused, &options, lang)?;
    let written = !options.dry_run && plan.refused.is_empty();
    if options.json {
        out.json(&json!({
            "file": options.file,
            "read_as": table.read_as.describe().en,
            "columns": table.headers.iter().zip(&choices.fields).map(|(h, f)| json!({
                "header": h,
                "field": f.map(ProfileField::key),
            })).collect::<Vec<_>>(),
            "rows": table.rows.len(),
            "added": plan.new.len(),
            "updated": plan.updated.len(),
            "fields_filled": plan.filled,
            "conflicts": plan.conflicts,
            "personal_data_left_out": plan.personal_left_out,
            "refused": refused_json(&plan.refused),
            "rejects_file": rejects,
            "written": written,
        }))?;
    } else {
        say_plan(&table, &choices, &plan, lang, out);
        say_refused(&plan.refused, rejects.as_deref(), lang, out);
        say_outcome(written, options.dry_run, lang, out);
    }
    if plan.refused.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

/// The refused rows for `--json`: each line with its reasons (in English, a
/// stable contract).
fn refused_json(refused: &[sohoa_core::exchange::table_plan::RowRefused]) -> serde_json::Value {
    refused
        .iter()
        .map(|r| {
            json!({
                "line": r.line,
                "reasons": r.reasons.iter().map(|t| t.en.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Writes the refused rows beside the table (or where asked), in the table's
/// columns with the reasons after; returns where.
fn write_rejects(
    table: &RawTable,
    refused: &[sohoa_core::exchange::table_plan::RowRefused],
    options: &TableOptions,
    lang: Lang,
) -> Result<Option<PathBuf>, Failure> {
    if refused.is_empty() {
        return Ok(None);
    }
    let path = options
        .rejects
        .clone()
        .unwrap_or_else(|| sohoa_core::exchange::table_plan::rejects_beside(&options.file));
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if same(&path, &options.file) {
        return Err(Failure::bad(lang.pick(
            format!(
                "--rejects {}: đó là chính bảng đang nhập; hãy chọn một tệp khác cho các dòng chưa nhập được",
                path.display()
            ),
            format!(
                "--rejects {}: that is the table being imported; choose another file for the rows not imported",
                path.display()
            ),
        )));
    }
    sohoa_core::exchange::table_plan::write_refused(&path, &table.headers, refused, lang)
        .map_err(|e| Failure::Internal(anyhow::anyhow!(e.explain(lang))))?;
    Ok(Some(path))
}

/// `sohoa import-table --assessments`: one row per past assessment.
fn import_assessments(
    ws: &mut Workspace,
    table: &RawTable,
    wanted: Option<&str>,
    options: &TableOptions,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let wanted = wanted
        .map(str::to_owned)
        .unwrap_or_else(|| ws.program.default_questionnaire.clone());
    let q = super::questionnaire::pick_questionnaire(&ws.questionnaires, &wanted, lang)?;
    let now = Timestamp::now();
    let name = table_name(&options.file);
    let plan = if options.dry_run {
        ws.plan_assessment_table(table, &q, now)
    } else {
        match ws.import_assessment_table(table, &name, &q, now) {
            Ok(plan) => plan,
            Err(sohoa_core::workspace::WorkspaceError::TableRefused { .. }) => {
                ws.plan_assessment_table(table, &q, now)
            }
            Err(e) => return Err(e.into()),
        }
    };
    let rejects = write_rejects(table, &plan.refused, options, lang)?;
    let written = !options.dry_run && plan.refused.is_empty();
    if options.json {
        out.json(&json!({
            "file": options.file,
            "read_as": table.read_as.describe().en,
            "questionnaire": format!("{}@{}", q.id, q.version),
            "rows": table.rows.len(),
            "added": plan.add.iter().map(|p| json!({
                "line": p.line,
                "enterprise": p.enterprise.to_string(),
                "assessment": p.assessment.id.to_string(),
                "stage": p.assessment.stage.code(),
                "date": p.assessment.completed.map(|t| sohoa_core::text::format_date(sohoa_core::text::local_date(t))),
                "total": p.total,
                "level": p.level,
            })).collect::<Vec<_>>(),
            "already_here": plan.already_here,
            "left_aside": plan.left_aside,
            "refused": refused_json(&plan.refused),
            "rejects_file": rejects,
            "written": written,
        }))?;
    } else {
        let count = |n: usize| format_count(n as u64, lang);
        out.line(format!(
            "{name} — {} — {} {} ({} {})",
            table.read_as.describe().get(lang),
            lang.pick("bộ câu hỏi", "questionnaire"),
            q.title.get(lang),
            lang.pick("phiên bản", "version"),
            q.version
        ));
        if !plan.left_aside.is_empty() {
            out.line(lang.pick(
                format!("Cột bỏ qua: {}", plan.left_aside.join(", ")),
                format!("Columns left aside: {}", plan.left_aside.join(", ")),
            ));
        }
        for past in &plan.add {
            out.line(format!("  + {}", past.describe(lang)));
        }
        out.line(lang.pick(
            format!(
                "{} đánh giá mới, {} đã có sẵn",
                count(plan.add.len()),
                count(plan.already_here)
            ),
            format!(
                "{} new assessments, {} already here",
                count(plan.add.len()),
                count(plan.already_here)
            ),
        ));
        say_refused(&plan.refused, rejects.as_deref(), lang, out);
        say_outcome(written, options.dry_run, lang, out);
    }
    Ok(if plan.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn say_outcome(written: bool, dry_run: bool, lang: Lang, out: &mut Out) {
    out.line(if written {
        lang.pick("Đã nhập.", "Imported.")
    } else if dry_run {
        lang.pick("Chạy thử: chưa ghi gì.", "Dry run: nothing written.")
    } else {
        lang.pick(
            "Chưa nhập gì: các dòng được nhập cùng nhau hoặc không dòng nào.",
            "Nothing imported: the rows go in together or not at all.",
        )
    });
}

/// The preview in words: how the file was read, what each column holds, what
/// the import does, and each refused row with its reasons.
fn say_plan(table: &RawTable, choices: &TableChoices, plan: &TablePlan, lang: Lang, out: &mut Out) {
    let count = |n: usize| format_count(n as u64, lang);
    out.line(format!(
        "{} — {} {}",
        choices.name,
        table.read_as.describe().get(lang),
        lang.pick(
            format!("— {} dòng", count(table.rows.len())),
            format!("— {} rows", count(table.rows.len()))
        ),
    ));
    out.line(lang.pick("Các cột:", "Columns:"));
    for (i, (header, field)) in table.headers.iter().zip(&choices.fields).enumerate() {
        let understood = match field {
            Some(f) => format!("{} ({})", f.label().get(lang), f.key()),
            None => lang.pick("(bỏ qua)", "(left out)").to_owned(),
        };
        out.line(format!("  {} “{header}” → {understood}", i + 1));
    }
    if plan.personal_left_out > 0 {
        out.line(lang.pick(
            format!(
                "Dữ liệu cá nhân: {} ô (người liên hệ, điện thoại, thư điện tử) bỏ qua vì chưa có sự đồng ý của người liên hệ; nếu văn phòng đã có sự đồng ý cho danh sách này, thêm --consent-given",
                count(plan.personal_left_out)
            ),
            format!(
                "Personal data: {} cells (contact, phone, e-mail) left out for want of the contacts' consent; if the office has it for this list, add --consent-given",
                count(plan.personal_left_out)
            ),
        ));
    } else if choices.consent_given {
        out.line(lang.pick(
            "Dữ liệu cá nhân: nhập cùng sự đồng ý văn phòng đã ghi nhận cho danh sách này",
            "Personal data: imported with the consent the office recorded for this list",
        ));
    }
    out.line(lang.pick(
        format!(
            "{} mới, {} cập nhật ({} ô được điền), {} xung đột cần xem",
            count(plan.new.len()),
            count(plan.updated.len()),
            count(plan.filled),
            count(plan.conflicts)
        ),
        format!(
            "{} new, {} updated ({} fields filled), {} conflicts to review",
            count(plan.new.len()),
            count(plan.updated.len()),
            count(plan.filled),
            count(plan.conflicts)
        ),
    ));
}

/// The refused rows, each with its reasons (the first fifty), and where they
/// were written.
fn say_refused(
    refused: &[sohoa_core::exchange::table_plan::RowRefused],
    rejects: Option<&Path>,
    lang: Lang,
    out: &mut Out,
) {
    let count = |n: usize| format_count(n as u64, lang);
    if refused.is_empty() {
        return;
    }
    out.line(lang.pick(
        format!("{} dòng chưa nhập được:", count(refused.len())),
        format!("{} rows cannot be imported:", count(refused.len())),
    ));
    for row in refused.iter().take(50) {
        let reasons: Vec<&str> = row.reasons.iter().map(|r| r.get(lang)).collect();
        out.line(format!(
            "  {} {}: {}",
            lang.pick("dòng", "line"),
            row.line,
            reasons.join("; ")
        ));
    }
    if refused.len() > 50 {
        out.line(format!(
            "  … {}",
            lang.pick(
                format!("và {} dòng nữa", count(refused.len() - 50)),
                format!("and {} more", count(refused.len() - 50))
            )
        ));
    }
    if let Some(path) = rejects {
        out.line(lang.pick(
            format!(
                "Các dòng đó đã ghi vào {} (kèm lý do): sửa rồi nhập lại tệp đó.",
                path.display()
            ),
            format!(
                "Those rows are in {} (with the reasons): correct them and import that file.",
                path.display()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_names_its_field_by_key_or_by_header_word_or_leaves_the_column_out() {
        let lang = Lang::En;
        assert_eq!(
            parse_map("Mã DN=tax_code", lang).ok().unwrap(),
            ("Mã DN".into(), Some(ProfileField::TaxCode))
        );
        assert_eq!(
            parse_map("3=Số điện thoại", lang).ok().unwrap(),
            ("3".into(), Some(ProfileField::Phone))
        );
        assert_eq!(
            parse_map("Ghi chú=-", lang).ok().unwrap(),
            ("Ghi chú".into(), None)
        );
        assert!(parse_map("Ghi chú", lang).is_err());
        assert!(parse_map("Ghi chú=màu sắc", lang).is_err());
    }
}
