//! PDF reports read back with a PDF reader (lopdf, which decodes the embedded
//! fonts' ToUnicode maps as any viewer's copy-paste does).

use std::path::Path;
use std::process::Output;

use lopdf::Document;
use sohoa::enterprise::{Enterprise, Stage};
use sohoa::workspace::Workspace;

use crate::support::complete_dbi_assessment;
use crate::{add_enterprise, assert_refused, sohoa, sohoa_ok, stderr, stdout};

fn open(pdf: &Path) -> Document {
    Document::load(pdf).unwrap_or_else(|e| panic!("{} is not a readable PDF: {e}", pdf.display()))
}

pub fn pages(pdf: &Path) -> usize {
    open(pdf).get_pages().len()
}

/// The text of every page, in order.
fn text(pdf: &Path) -> String {
    let doc = open(pdf);
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    numbers
        .iter()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words of the PDF's text, single-spaced, so wrapped lines read as one.
pub fn words(pdf: &Path) -> String {
    text(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The names of the fonts the PDF embeds.
fn font_names(pdf: &Path) -> Vec<String> {
    open(pdf)
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|dict| dict.get(b"BaseFont").ok())
        .filter_map(|name| name.as_name().ok())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect()
}

const LONG_NAME: &str = "Công ty TNHH Thương mại Dịch vụ Xuất nhập khẩu Nông sản Bến Tre";

/// A folder with one enterprise whose baseline and follow-up are completed.
fn assessed_enterprise(dir: &Path) -> ulid::Ulid {
    let mut ws = Workspace::open(dir).unwrap();
    let mut e = Enterprise::new(LONG_NAME, jiff::Timestamp::now());
    e.tax_code = Some("0100109106".into());
    e.admin_unit = Some("mo-cay-nam".into());
    let id = ws.save(e).unwrap();
    for (stage, plan) in [(Stage::Baseline, "ideas"), (Stage::FollowUp(1), "running")] {
        let choices = [
            ("strategy.dx_plan", plan),
            ("customer.website_updates", "weekly"),
        ];
        complete_dbi_assessment(&mut ws, id, stage, "Nguyễn Thị Thu Hà", &choices);
    }
    id
}

/// Runs `sohoa report 0100109106 -o PDF`, after the global options `global`.
fn summary_report(dir: &Path, pdf: &Path, global: &[&str]) -> Output {
    let mut args = global.to_vec();
    args.extend(["report", "0100109106", "-o", pdf.to_str().unwrap()]);
    sohoa(dir, &args)
}

#[test]
fn the_summary_reads_back_with_name_tax_code_and_level_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    assessed_enterprise(dir.path());
    let pdf = dir.path().join("summary.pdf");
    let out = summary_report(dir.path(), &pdf, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = words(&pdf);
    assert!(
        text.contains(LONG_NAME),
        "the long name, wrapped, still reads whole: {text}"
    );
    assert!(text.contains("0100109106"));
    // Follow-up: 5 (website) + 25 (strategy) = 30 points; strategy 25/25 is level 5.
    assert!(
        text.contains("Mức 0 – Chưa khởi động · 30/320 điểm"),
        "{text}"
    );
    assert!(text.contains("Thay đổi so với đánh giá đầu kỳ"));
    assert!(text.contains("Trang 1/"));
    assert!(text.contains("Đại diện doanh nghiệp"));
    let n = pages(&pdf);
    assert!((1..=3).contains(&n), "{n} pages");
    assert!(text.contains(&format!("Trang {n}/{n}")));
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 100 * 1024, "{size} bytes");
    let fonts = font_names(&pdf);
    assert!(
        fonts.iter().any(|f| f.ends_with("+NotoSans-Regular")),
        "the font is embedded and subset: {fonts:?}"
    );
}

#[test]
fn the_summary_is_in_english_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    assessed_enterprise(dir.path());
    let pdf = dir.path().join("summary-en.pdf");
    let out = summary_report(dir.path(), &pdf, &["--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = words(&pdf);
    assert!(
        text.contains("Level 0 – Not started · 30/320 points"),
        "{text}"
    );
    assert!(text.contains("Page 1/"));
}

#[test]
fn an_enterprise_without_a_completed_assessment_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    add_enterprise(
        dir.path(),
        "HTX Dừa Thạnh Phú",
        &["--tax-code", "0100109106"],
    );
    let pdf = dir.path().join("none.pdf");
    let out = summary_report(dir.path(), &pdf, &[]);
    assert_refused(&out, "“HTX Dừa Thạnh Phú” chưa có đánh giá nào hoàn thành");
    assert!(!pdf.exists());
}

#[test]
fn all_summaries_are_written_and_the_program_report_spans_pages_with_repeated_headers() {
    let dir = tempfile::tempdir().unwrap();
    sohoa_ok(dir.path(), &["demo", "--count", "120"]);
    let reports = dir.path().join("reports");
    let out = sohoa_ok(
        dir.path(),
        &["report", "--all", "-o", reports.to_str().unwrap()],
    );
    let written = std::fs::read_dir(&reports).unwrap().count();
    let assessed = Workspace::open(dir.path())
        .unwrap()
        .enterprises()
        .iter()
        .filter(|e| e.latest_completed().is_some())
        .count();
    assert_eq!(written, assessed);
    assert!(stdout(&out).contains(&format!("Đã ghi {written} tệp PDF")));

    let pdf = dir.path().join("program.pdf");
    sohoa_ok(dir.path(), &["program-report", "-o", pdf.to_str().unwrap()]);
    let n = pages(&pdf);
    assert!(n >= 3, "{n} pages");
    let text = text(&pdf);
    assert_eq!(
        text.matches("Tên doanh nghiệp").count(),
        n - 1,
        "the table header repeats on every page it spans"
    );
    // Places are counted by today's units: the former districts' enterprises
    // appear under the new communes, or in the list to review.
    assert!(text.contains("Theo địa bàn") && text.contains("Xã "));
    assert!(text.contains("Theo phiên bản bộ câu hỏi"));
}
