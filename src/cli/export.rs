//! `sohoa export --csv FILE | --xlsx FILE [--anonymise]`.

use std::path::Path;
use std::process::ExitCode;

use super::{Failure, Out};
use sohoa_core::exchange::{self, assessment_table, enterprise_table};
use sohoa_core::text::Lang;
use sohoa_core::workspace::Workspace;

pub fn tables(
    ws: &Workspace,
    csv: Option<&Path>,
    xlsx: Option<&Path>,
    anonymise: bool,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let started = std::time::Instant::now();
    let enterprises = enterprise_table(&ws.table_source(), lang, anonymise);
    let assessments = assessment_table(&ws.table_source(), lang, anonymise);
    let internal = |e: exchange::ExportError| Failure::Internal(e.into());
    if let Some(path) = csv {
        for written in exchange::write_csv(path, &[&enterprises, &assessments]).map_err(internal)? {
            out.line(written.display().to_string());
        }
    }
    if let Some(path) = xlsx {
        exchange::write_xlsx(path, &[&enterprises, &assessments]).map_err(internal)?;
        out.line(path.display().to_string());
    }
    let (rows, assessed) = (enterprises.rows.len(), assessments.rows.len());
    let seconds = sohoa_core::text::format_decimal(started.elapsed().as_secs_f64(), 1, lang);
    eprintln!(
        "{}",
        match anonymise {
            false => lang.pick(
                format!("Đã xuất {rows} doanh nghiệp và {assessed} đánh giá trong {seconds} giây"),
                format!("{rows} enterprises and {assessed} assessments exported in {seconds} s"),
            ),
            true => lang.pick(
                format!(
                    "Đã xuất {rows} doanh nghiệp và {assessed} đánh giá trong {seconds} giây (ẩn danh)"
                ),
                format!(
                    "{rows} enterprises and {assessed} assessments exported in {seconds} s (anonymised)"
                ),
            ),
        }
    );
    let left_out = ws
        .enterprises()
        .iter()
        .filter(|e| !e.may_share_contacts() && e.has_contacts())
        .count();
    if !anonymise && left_out > 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "Đã bỏ thông tin liên hệ của {left_out} doanh nghiệp: chưa ghi nhận đồng ý cho giữ dữ liệu cá nhân của họ (`sohoa enterprise consent`)"
                ),
                format!(
                    "{left_out} enterprises' contacts were left out: no consent to hold their personal data is recorded (sohoa enterprise consent)"
                ),
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
