//! PDF reports: the enterprise summary and the program report.
//!
//! Key types: [`model::Report`] (what goes on the pages), [`ReportError`], [`Batch`];
//! functions [`enterprise_pdf`], [`program_pdf`], [`write_all`].
//!
//! Policy: a report is first built as a plain model ([`summary`], [`program`]),
//! then placed on pages ([`layout`], measuring text with the embedded Noto Sans),
//! then drawn ([`pdf`], the only module that uses printpdf). Files are written
//! atomically; in a batch, one bad record is reported and the rest go on.
//!
//! ```no_run
//! # let ws = sohoa_core::workspace::Workspace::open("data").unwrap();
//! let e = ws.enterprises().first().unwrap();
//! let bytes = sohoa_core::report::enterprise_pdf(&ws, e, sohoa_core::text::Lang::Vi, jiff::civil::date(2025, 11, 30)).unwrap();
//! assert!(bytes.starts_with(b"%PDF"));
//! ```

pub mod guide;
pub mod layout;
pub mod model;
mod pdf;
pub mod program;
pub mod summary;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::enterprise::Enterprise;
use crate::store::{Durability, atomic::write_atomic};
use crate::text::Lang;
use crate::workspace::Workspace;

/// Why a report was not produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The enterprise has no completed assessment to report on.
    #[error("“{0}” has no completed assessment yet")]
    NoAssessment(String),
    /// The data needed for the report is missing (e.g. its questionnaire version).
    #[error("{0}")]
    Data(String),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// The file could not be written; nothing was left half-written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Draws a report model as PDF bytes.
/// A report with the program's name and region at the top of every page and
/// the day it was made at the bottom.
pub(crate) fn framed(
    program: &crate::program::ProgramSettings,
    title: String,
    lang: Lang,
    today: Date,
    blocks: Vec<model::Block>,
) -> model::Report {
    model::Report {
        title,
        running_header: format!("{} · {}", program.name.get(lang), program.region.get(lang)),
        footer: format!(
            "{}: {}",
            lang.pick("Ngày lập", "Generated"),
            crate::text::format_date(today)
        ),
        page_word: lang.pick("Trang", "Page").to_owned(),
        lang,
        blocks,
    }
}

/// Label and value pairs, each label in the report's language.
pub(crate) fn labelled<'a>(
    lang: Lang,
    fields: impl IntoIterator<Item = ((&'a str, &'a str), String)>,
) -> model::Block {
    model::Block::Fields(
        fields
            .into_iter()
            .map(|((vi, en), value)| (lang.pick(vi, en).to_owned(), value))
            .collect(),
    )
}

/// Column titles (or any list of words) in the report's language.
pub(crate) fn words(lang: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(vi, en)| lang.pick(*vi, *en).to_owned())
        .collect()
}

pub fn render(report: &model::Report) -> Result<Vec<u8>, ReportError> {
    Ok(pdf::render(&report.title, &layout::layout(report))?)
}

/// The summary PDF of an enterprise's latest completed assessment.
pub fn enterprise_pdf(
    ws: &Workspace,
    e: &Enterprise,
    lang: Lang,
    today: Date,
) -> Result<Vec<u8>, ReportError> {
    render(&summary::enterprise_summary(ws, e, lang, today)?)
}

/// The program report PDF.
pub fn program_pdf(ws: &Workspace, lang: Lang, today: Date) -> Result<Vec<u8>, ReportError> {
    render(&program::program_report(ws, lang, today))
}

/// The user guide PDF.
pub fn guide_pdf(lang: Lang, today: Date) -> Result<Vec<u8>, ReportError> {
    render(&guide::guide_report(lang, today))
}

/// Writes PDF bytes atomically, flushed to the disk before it returns.
pub fn write_pdf(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    write_pdf_with(path, bytes, Durability::Durable)
}

fn write_pdf_with(path: &Path, bytes: &[u8], durability: Durability) -> Result<(), ReportError> {
    write_atomic(path, bytes, durability).map_err(|source| ReportError::Write {
        path: path.to_owned(),
        source,
    })
}

/// A file name for an enterprise's summary: tax code (or id) and a plain-letters
/// name, both made safe for a path ([`crate::safe_name::slug`]) whatever the record
/// holds, so no record can make a report land outside the chosen folder.
pub fn file_name(e: &Enterprise) -> String {
    let key = e
        .tax_code
        .as_deref()
        .map(|code| crate::safe_name::slug(code, 20))
        .filter(|key| !key.is_empty())
        .unwrap_or_else(|| e.id.to_string().to_lowercase());
    let name = crate::safe_name::slug(&e.name, crate::safe_name::MAX_NAME_CHARS - key.len() - 5);
    if name.is_empty() {
        format!("{key}.pdf")
    } else {
        format!("{key}-{name}.pdf")
    }
}

/// Why one document of a batch was not written.
#[derive(Debug)]
pub enum DocumentFailure {
    /// Its report could not be made or written.
    Error(ReportError),
    /// Drawing it hit a defect (a panic, caught); the others went on.
    Panicked,
}

/// What a batch produced.
#[derive(Debug, Default)]
pub struct Batch {
    pub written: Vec<PathBuf>,
    /// Enterprises skipped because they have no completed assessment.
    pub skipped: usize,
    /// Documents that failed, by name, with why.
    pub failed: Vec<(String, DocumentFailure)>,
}

/// Renders and writes each document of a batch, on all cores: `place` says
/// where an item's document goes and names it for a person (`None`: nothing
/// to write for it, counted as skipped), `render` makes its bytes. A document
/// that fails, or whose drawing panics, is listed with why, and the others
/// are still written; `done` counts items as they finish. The
/// command line's `report --all` and the window's PDF jobs both write through it.
/// Each file is put in place whole, but the system flushes them to the disk
/// when it will: a batch can be made again, and a flush for each of 800 files
/// took a sixth of the batch's time.
pub fn write_each<T: Sync>(
    items: &[T],
    place: impl Fn(&T) -> Option<(String, PathBuf)> + Sync,
    render: impl Fn(&T) -> Result<Vec<u8>, ReportError> + Sync,
    done: &AtomicUsize,
) -> Batch {
    let outcomes: Vec<Option<(String, Result<PathBuf, DocumentFailure>)>> = items
        .par_iter()
        .map(|item| {
            let outcome = place(item).map(|(name, path)| {
                let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    render(item)
                        .and_then(|bytes| write_pdf_with(&path, &bytes, Durability::Relaxed))
                }));
                let result = match attempt {
                    Ok(Ok(())) => Ok(path),
                    Ok(Err(e)) => Err(DocumentFailure::Error(e)),
                    Err(_) => Err(DocumentFailure::Panicked),
                };
                (name, result)
            });
            done.fetch_add(1, Ordering::Relaxed);
            outcome
        })
        .collect();
    let mut batch = Batch::default();
    for outcome in outcomes {
        match outcome {
            None => batch.skipped += 1,
            Some((_, Ok(path))) => batch.written.push(path),
            Some((name, Err(reason))) => batch.failed.push((name, reason)),
        }
    }
    batch
}

/// Writes the summary of every enterprise with a completed assessment into `dir`,
/// on all cores; `done` counts enterprises as they finish.
pub fn write_all(
    ws: &Workspace,
    dir: &Path,
    lang: Lang,
    today: Date,
    done: &AtomicUsize,
) -> Result<Batch, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write {
        path: dir.to_owned(),
        source,
    })?;
    let enterprises: Vec<&Enterprise> = ws.enterprises().iter().filter(|e| !e.archived).collect();
    Ok(write_each(
        &enterprises,
        |e| {
            e.latest_completed()
                .map(|_| (e.name.clone(), dir.join(file_name(e))))
        },
        |e| enterprise_pdf(ws, e, lang, today),
        done,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_writes_every_document_it_can_and_names_the_one_whose_drawing_panicked() {
        let dir = tempfile::tempdir().unwrap();
        let items = ["a", "b", "c", "no assessment"];
        let done = AtomicUsize::new(0);
        let batch = write_each(
            &items,
            |i| {
                (*i != "no assessment")
                    .then(|| (i.to_string(), dir.path().join(format!("{i}.pdf"))))
            },
            |i| match *i {
                "b" => panic!("a defect while drawing"),
                _ => Ok(b"%PDF-1.7".to_vec()),
            },
            &done,
        );
        let mut written: Vec<String> = batch
            .written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        written.sort();
        assert_eq!(written, ["a.pdf", "c.pdf"]);
        assert_eq!(batch.skipped, 1);
        assert_eq!(batch.failed.len(), 1);
        assert!(matches!(&batch.failed[0], (name, DocumentFailure::Panicked) if name == "b"));
        assert_eq!(
            crate::explain::Explain::explain(&batch.failed[0].1, Lang::En),
            "the report could not be drawn (an internal error; the data is unchanged)"
        );
        assert_eq!(done.load(Ordering::Relaxed), 4);
        assert!(!dir.path().join("b.pdf").exists());
    }
    use crate::report::layout::{Item, font_has, layout};

    /// Every character the pages print, with whether it is bold.
    fn printed(report: &model::Report) -> Vec<(char, bool)> {
        layout(report)
            .iter()
            .flat_map(|page| &page.items)
            .filter_map(|item| match item {
                Item::Text { text, bold, .. } => {
                    Some(text.chars().map(|c| (c, *bold)).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn the_assessor_line_falls_back_to_the_enterprise_s_consultant() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        let q = ws.program_questionnaire().unwrap().clone();
        let mut e = crate::demo::generate(&ws.program, &q, 5, 3, &Default::default())
            .into_iter()
            .find(|e| e.latest_completed().is_some())
            .unwrap();
        e.consultant = Some("Trần Minh Khoa".into());
        for a in &mut e.assessments {
            a.assessor = String::new();
        }
        let id = ws.save(e).unwrap();
        let e = ws.get(id).unwrap();
        let report =
            summary::enterprise_summary(&ws, e, Lang::Vi, jiff::civil::date(2026, 11, 30)).unwrap();
        let assessor = report.blocks.iter().find_map(|block| match block {
            model::Block::Fields(fields) => fields
                .iter()
                .find(|(label, _)| label == "Người đánh giá")
                .map(|(_, value)| value.clone()),
            _ => None,
        });
        assert_eq!(assessor.as_deref(), Some("Trần Minh Khoa"));
    }

    #[test]
    fn every_character_of_both_reports_is_in_the_embedded_font_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        let q = ws.program_questionnaire().unwrap().clone();
        let enterprises = crate::demo::generate(&ws.program, &q, 40, 7, &Default::default());
        ws.add_many(enterprises).unwrap();
        let today = jiff::civil::date(2026, 11, 30);
        for lang in [Lang::Vi, Lang::En] {
            let mut reports = vec![program::program_report(&ws, lang, today)];
            for e in ws
                .enterprises()
                .iter()
                .filter(|e| e.latest_completed().is_some())
                .take(10)
            {
                reports.push(summary::enterprise_summary(&ws, e, lang, today).unwrap());
            }
            for report in &reports {
                let missing: std::collections::BTreeSet<char> = printed(report)
                    .into_iter()
                    .filter(|(c, bold)| !c.is_whitespace() && !font_has(*c, *bold))
                    .map(|(c, _)| c)
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{}: no glyph for {missing:?}",
                    report.title
                );
            }
        }
    }

    /// A workspace of `count` demo enterprises assessed with `version` of the
    /// built-in questionnaire.
    fn demo_workspace(dir: &Path, count: usize, version: &str) -> Workspace {
        let mut ws = crate::workspace::open_ben_tre(dir);
        let q = ws
            .questionnaires
            .get("dbi-2021-sme", version)
            .unwrap()
            .clone();
        let enterprises = crate::demo::generate(&ws.program, &q, count, 7, &Default::default());
        ws.add_many(enterprises).unwrap();
        ws
    }

    /// The summaries of up to `n` enterprises and the program report.
    fn reports(ws: &Workspace, n: usize, lang: Lang) -> Vec<model::Report> {
        let today = jiff::civil::date(2026, 12, 7);
        let mut reports = vec![program::program_report(ws, lang, today)];
        for e in ws
            .enterprises()
            .iter()
            .filter(|e| e.latest_completed().is_some())
            .take(n)
        {
            reports.push(summary::enterprise_summary(ws, e, lang, today).unwrap());
        }
        reports
    }

    fn printed_text(report: &model::Report) -> String {
        printed(report).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn nothing_printed_is_cut_short_or_runs_past_the_margins_in_either_language() {
        use crate::report::layout::{MARGIN_X, PAGE_WIDTH, text_width};
        let dir = tempfile::tempdir().unwrap();
        let ws = demo_workspace(dir.path(), 40, "2.0.0");
        for lang in [Lang::Vi, Lang::En] {
            for report in reports(&ws, 12, lang) {
                assert!(
                    text_width(&report.running_header, 8.5, false) > PAGE_WIDTH - 2.0 * MARGIN_X,
                    "the preset's header is longer than a line: {}",
                    report.running_header
                );
                for (number, page) in layout(&report).iter().enumerate() {
                    let mut header: Vec<(f32, &str)> = Vec::new();
                    for item in &page.items {
                        let Item::Text {
                            x,
                            y,
                            size,
                            bold,
                            text,
                            ..
                        } = item
                        else {
                            continue;
                        };
                        let right = x + text_width(text, *size, *bold);
                        assert!(
                            *x >= MARGIN_X - 0.01 && right <= PAGE_WIDTH - MARGIN_X + 0.01,
                            "{}, page {}: “{text}” runs from {x} to {right}",
                            report.title,
                            number + 1
                        );
                        assert!(!text.ends_with('…'), "{}: “{text}” is cut", report.title);
                        if *y < 42.0 {
                            header.push((*y, text));
                        }
                    }
                    let words = |t: &str| {
                        t.split([' ', '·'])
                            .filter(|w| !w.is_empty())
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    };
                    header.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let header: Vec<&str> = header.into_iter().map(|(_, t)| t).collect();
                    assert_eq!(
                        words(&header.join(" ")),
                        words(&report.running_header),
                        "{}, page {}: the header is not printed whole",
                        report.title,
                        number + 1
                    );
                }
            }
        }
    }

    #[test]
    fn an_assessment_scored_with_edition_1_0_0_is_advised_under_the_law_in_force_today() {
        let dir = tempfile::tempdir().unwrap();
        let ws = demo_workspace(dir.path(), 60, "1.0.0");
        let scored_with_1_0_0 = ws
            .enterprises()
            .iter()
            .filter_map(|e| e.latest_completed())
            .filter(|a| a.questionnaire_version == "1.0.0")
            .count();
        assert!(scored_with_1_0_0 >= 30, "{scored_with_1_0_0} assessments");
        let printed: String = reports(&ws, 60, Lang::Vi)
            .iter()
            .chain(&reports(&ws, 60, Lang::En))
            .map(printed_text)
            .collect();
        for replaced in ["123/2020", "13/2023"] {
            assert!(
                !printed.contains(replaced),
                "the PDFs still cite {replaced}"
            );
        }
        assert!(printed.contains("Khuyến nghị lấy theo phiên bản 2.0.0"));
        assert!(printed.contains("The recommendations are those of edition 2.0.0"));
        assert!(printed.contains("tính điểm theo phiên bản 1.0.0"));
    }

    #[test]
    fn a_vietnamese_report_carries_no_english_word_or_internal_key() {
        let dir = tempfile::tempdir().unwrap();
        let ws = demo_workspace(dir.path(), 60, "2.0.0");
        let english = [
            "micro",
            "small",
            "medium",
            "unknown",
            "none",
            "error",
            "edition",
            "partner",
            "level",
            "points",
            "baseline",
            "dbi-2021-sme",
        ];
        for report in reports(&ws, 20, Lang::Vi) {
            let text = printed_text(&report).to_lowercase();
            let words: std::collections::BTreeSet<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .collect();
            let found: Vec<&str> = english
                .iter()
                .copied()
                .filter(|w| words.contains(w))
                .collect();
            assert!(found.is_empty(), "{}: {found:?}", report.title);
        }
    }
}
