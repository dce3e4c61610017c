//! `sohoa export --csv FILE | --xlsx FILE [--anonymise]`.

use std::path::Path;
use std::process::ExitCode;

use super::{Failure, Out};
use crate::exchange::{self, assessment_table, enterprise_table};
use crate::text::Lang;
use crate::workspace::Workspace;

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
    eprintln!(
        "{} enterprises and {} assessments exported in {:.1} s{}",
        enterprises.rows.len(),
        assessments.rows.len(),
        started.elapsed().as_secs_f64(),
        if anonymise { " (anonymised)" } else { "" }
    );
    let left_out = ws
        .enterprises()
        .iter()
        .filter(|e| !e.may_share_contacts() && e.has_contacts())
        .count();
    if !anonymise && left_out > 0 {
        eprintln!(
            "{left_out} enterprises' contacts were left out: no consent to hold their personal data is recorded (sohoa enterprise consent)"
        );
    }
    Ok(ExitCode::SUCCESS)
}
