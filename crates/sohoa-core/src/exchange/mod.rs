//! Data crossing the data folder's edge: bundles between computers ([`bundle`],
//! sealed by [`seal`]; an enterprise's own as [`self_assessment`], its offline
//! form in [`form`]); tables for Excel going out (this module and [`table`]);
//! spreadsheets coming in ([`table_in`] reads them, in old code pages too
//! through [`legacy_text`]; [`table_plan`] judges their rows); and a
//! questionnaire as a phone form ([`xlsform`]).
//!
//! Key types here: [`Table`], [`Cell`], [`ExportError`]; functions
//! [`enterprise_table`], [`assessment_table`], [`write_csv`], [`write_xlsx`].
//!
//! Policy: one row per enterprise (profile, latest and baseline results) and one row
//! per assessment; headers in the chosen language. Text that a spreadsheet would
//! read as a formula (`= + - @`, tab, carriage return at the start, also behind
//! spaces and line feeds) is neutralised with a leading apostrophe. `anonymise` drops names, tax codes, addresses and
//! contacts (personal data under Luật 91/2025/QH15) and keeps what statistics need; without it,
//! contacts appear only for enterprises whose consent is recorded
//! ([`crate::enterprise::Enterprise::may_share_contacts`]). Files are written atomically.

pub mod bundle;
pub mod form;
pub mod legacy_text;
pub mod seal;
pub mod self_assessment;
pub mod table;
pub mod table_in;
pub mod table_plan;
pub mod xlsform;

pub use table::{Cell, Table, TableSource, assessment_table, enterprise_table};

use std::path::{Path, PathBuf};

use crate::store::{Durability, atomic::write_atomic};

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file could not be written; nothing was left half-written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The CSV encoder failed.
    #[error("cannot encode CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The XLSX encoder failed.
    #[error("cannot encode XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Text a spreadsheet would take for a formula gets a leading apostrophe: one
/// that starts with `= + - @`, a tab or a carriage return, also after spaces,
/// line feeds, non-breaking or zero-width spaces (spreadsheets skip those before
/// they look for a formula).
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    let invisible =
        |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}');
    let starts_like_a_formula = text.starts_with(['\t', '\r'])
        || matches!(
            text.trim_start_matches(invisible).chars().next(),
            Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
        );
    if starts_like_a_formula {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The table as CSV bytes: UTF-8 with a byte-order mark, so Excel shows the accents.
pub fn csv_bytes(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(table.headers.iter().map(|h| neutralise(h).into_owned()))?;
        for row in &table.rows {
            writer.write_record(row.iter().map(|cell| match cell {
                Cell::Text(text) => neutralise(text).into_owned(),
                Cell::Number(n) => crate::text::format_number(*n),
                Cell::Empty => String::new(),
            }))?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// Writes one CSV file per table: the first at `path`, the others beside it with
/// the table's file suffix (`ten-file-assessments.csv`).
pub fn write_csv(path: &Path, tables: &[&Table]) -> Result<Vec<PathBuf>, ExportError> {
    let mut written = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let target = if i == 0 {
            path.to_owned()
        } else {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "export".into());
            path.with_file_name(format!("{stem}-{}.csv", table.file_suffix))
        };
        let bytes = csv_bytes(table)?;
        write_atomic(&target, &bytes, Durability::Durable).map_err(|source| {
            ExportError::Write {
                path: target.clone(),
                source,
            }
        })?;
        written.push(target);
    }
    Ok(written)
}

/// Writes one XLSX workbook with a sheet per table.
pub fn write_xlsx(path: &Path, tables: &[&Table]) -> Result<(), ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.sheet_name)?;
        for (c, header) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, neutralise(header), &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(r, c, neutralise(text))?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    let bytes = workbook.save_to_buffer()?;
    write_atomic(path, &bytes, Durability::Durable).map_err(|source| ExportError::Write {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_other_text_is_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+84 912 345 678"), "'+84 912 345 678");
        assert_eq!(neutralise("-5"), "'-5");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Công ty Bến Tre"), "Công ty Bến Tre");
    }

    #[test]
    fn a_formula_behind_spaces_line_feeds_or_invisible_spaces_is_neutralised_too() {
        for hidden in [
            " =1+1",
            "\u{a0}=1+1",
            "\n=1+1",
            "  \n @SUM(A1)",
            "\u{200b}=cmd|' /C calc'!A0",
            "\u{3000}-2",
        ] {
            assert_eq!(neutralise(hidden), format!("'{hidden}"), "{hidden:?}");
        }
        assert_eq!(neutralise(" Bến Tre"), " Bến Tre");
    }

    #[test]
    fn csv_starts_with_a_byte_order_mark_and_keeps_accents() {
        let table = Table {
            sheet_name: "x".into(),
            file_suffix: "x".into(),
            headers: vec!["Tên".into(), "Mức".into()],
            rows: vec![vec![
                Cell::Text("Hợp tác xã Bưởi".into()),
                Cell::Number(3.0),
            ]],
        };
        let bytes = csv_bytes(&table).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(
            String::from_utf8(bytes[3..].to_vec()).unwrap(),
            "Tên,Mức\nHợp tác xã Bưởi,3\n"
        );
    }
}
