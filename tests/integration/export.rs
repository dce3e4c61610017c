//! CSV and XLSX exports, read back with independent readers (the csv crate and calamine).

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::{add_enterprise, sohoa_ok};

/// Sixty demo enterprises and one whose name a spreadsheet would run as a formula.
fn demo(dir: &std::path::Path) {
    sohoa_ok(dir, &["demo", "--count", "60"]);
    // A name a spreadsheet would run as a formula, if it were not neutralised.
    add_enterprise(
        dir,
        "=HYPERLINK(\"http://x\")",
        &["--phone", "+84 912 345 678"],
    );
}

#[test]
fn the_xlsx_has_a_row_per_enterprise_and_per_assessment_with_vietnamese_headers() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let path = dir.path().join("xuat.xlsx");
    sohoa_ok(dir.path(), &["export", "--xlsx", path.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Doanh nghiệp", "Đánh giá"]);
    let enterprises = book.worksheet_range("Doanh nghiệp").unwrap();
    assert_eq!(enterprises.height(), 62, "header + 61 enterprises");
    let header: Vec<String> = enterprises
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[1], "Tên doanh nghiệp");
    assert!(header.contains(&"Mức mới nhất".to_owned()));
    let names: Vec<String> = enterprises
        .rows()
        .skip(1)
        .map(|r| r[1].to_string())
        .collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://x\")".to_owned()),
        "formula neutralised"
    );
    let level_column = header.iter().position(|h| h == "Mức mới nhất").unwrap();
    assert!(
        enterprises
            .rows()
            .skip(1)
            .any(|r| matches!(r[level_column], Data::Float(_))),
        "levels are numbers"
    );
    let assessments = book.worksheet_range("Đánh giá").unwrap();
    assert!(assessments.height() > 50);
}

#[test]
fn anonymised_csv_drops_personal_data_and_keeps_statistics() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let path = dir.path().join("an-danh.csv");
    sohoa_ok(
        dir.path(),
        &[
            "--lang",
            "en",
            "export",
            "--csv",
            path.to_str().unwrap(),
            "--anonymise",
        ],
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 with a byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for personal in [
        "Enterprise",
        "Tax code",
        "Address",
        "Contact person",
        "Phone",
        "E-mail",
        "Consultant",
    ] {
        assert!(
            !headers.contains(&personal.to_owned()),
            "{personal} must be dropped"
        );
    }
    for kept in ["Place", "Sector (VSIC)", "Size class", "Latest level"] {
        assert!(headers.contains(&kept.to_owned()), "{kept} is kept");
    }
    assert_eq!(reader.records().count(), 61);
    assert!(!text.contains("HYPERLINK") && !text.contains("+84"));
    let assessments = dir.path().join("an-danh-assessments.csv");
    let second = std::fs::read_to_string(&assessments).unwrap();
    assert!(second.contains("Questionnaire") && !second.contains("Assessor"));
}
