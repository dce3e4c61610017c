//! `enterprise add|list|show`, `tax-code check` and the data folder they use.

use std::path::Path;

use crate::{
    add_enterprise, assert_refused, json, sohoa, sohoa_on_new_folder, stderr, stdout,
    try_add_enterprise,
};

/// How many record files the folder `data` holds.
fn record_files(data: &Path) -> usize {
    std::fs::read_dir(data.join("enterprises")).unwrap().count()
}

/// The names `enterprise list --search QUERY --json` shows, in its order.
fn search(data: &Path, query: &str) -> Vec<String> {
    json(&sohoa(
        data,
        &["enterprise", "list", "--search", query, "--json"],
    ))
    .as_array()
    .unwrap()
    .iter()
    .map(|row| row["name"].as_str().unwrap().to_owned())
    .collect()
}

#[test]
fn an_added_enterprise_is_listed_and_shown_with_its_derived_size() {
    let data = tempfile::tempdir().unwrap();
    let id = add_enterprise(
        data.path(),
        "Công ty TNHH Thương mại Dịch vụ Xuất nhập khẩu Dừa Xanh Mỏ Cày Nam",
        &[
            "--tax-code",
            "0100109106",
            "--sector",
            "c",
            "--staff",
            "8",
            "--revenue",
            "2.5",
            "--year",
            "2024",
            "--district",
            "mo cay nam",
            "--partner",
            "viettel",
            "--email",
            "lienhe@duaxanh.vn",
        ],
    );
    assert_eq!(id.len(), 26, "a ULID: {id}");
    assert!(
        data.path()
            .join("enterprises")
            .join(format!("{id}.ron"))
            .exists()
    );

    let list = json(&sohoa(data.path(), &["enterprise", "list", "--json"]));
    let row = &list[0];
    assert_eq!(
        row["name"],
        "Công ty TNHH Thương mại Dịch vụ Xuất nhập khẩu Dừa Xanh Mỏ Cày Nam"
    );
    assert_eq!(row["tax_code"], "0100109106");
    assert_eq!(row["place"], "Huyện Mỏ Cày Nam");
    assert_eq!(row["sector"], "C");
    assert_eq!(row["size_class"], "micro");
    assert_eq!(row["partner"], "Viettel");
    assert_eq!(row["latest_level"], serde_json::Value::Null);
    assert_eq!(row["supported"], false);

    let shown = stdout(&sohoa(data.path(), &["enterprise", "show", "100109106"]));
    let line = |label: &str| {
        let line = shown.lines().find(|l| l.trim_start().starts_with(label));
        line.map(|l| l[l.find(label).unwrap() + label.len()..].trim().to_owned())
    };
    assert_eq!(line("Số lao động").as_deref(), Some("8"), "{shown}");
    assert_eq!(line("Năm số liệu").as_deref(), Some("2024"), "{shown}");
    assert_eq!(line("Quy mô").as_deref(), Some("Siêu nhỏ"), "{shown}");
}

#[test]
fn a_duplicate_tax_code_is_refused_naming_the_existing_enterprise() {
    let data = tempfile::tempdir().unwrap();
    let tax_code = ["--tax-code", "0100109106"];
    let first_id = add_enterprise(data.path(), "HTX Bưởi da xanh Chợ Lách", &tax_code);
    let again = try_add_enterprise(data.path(), "HTX Bưởi (nhập lại)", &tax_code);
    assert_refused(&again, "đã có: “HTX Bưởi da xanh Chợ Lách”");
    assert!(stderr(&again).contains(&first_id));
    assert_eq!(record_files(data.path()), 1);
}

#[test]
fn bad_fields_are_refused_with_the_field_named() {
    let data = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--tax-code", "0100109107"],
            "--tax-code 0100109107: Chữ số kiểm tra là 7, đúng ra phải là 6",
        ),
        (
            &["--sector", "Z"],
            "--sector Z: “Z” không phải một ngành cấp 1 của VSIC 2018",
        ),
        (
            &["--district", "Hà Nội"],
            "--place Hà Nội: không tìm thấy “Hà Nội” trong danh sách địa bàn của chương trình",
        ),
        (
            &["--partner", "ACME"],
            "--partner ACME: “ACME” không có trong danh sách đối tác của chương trình (VNPT, Viettel, FPT)",
        ),
        (
            &["--email", "not-an-address"],
            "--email not-an-address: “not-an-address” không phải địa chỉ thư điện tử",
        ),
    ];
    for (extra, message) in cases {
        assert_refused(
            &try_add_enterprise(data.path(), "Công ty Thử", extra),
            message,
        );
    }
    assert_eq!(record_files(data.path()), 0);
}

#[test]
fn searching_ignores_case_and_diacritics() {
    let data = tempfile::tempdir().unwrap();
    add_enterprise(data.path(), "Công ty Cổ phần Thủy sản Bình Đại", &[]);
    add_enterprise(data.path(), "Hợp tác xã Dừa Bến Tre", &[]);
    for query in ["ben tre", "BẾN TRE", "Bến Tre", "dua"] {
        assert_eq!(
            search(data.path(), query),
            ["Hợp tác xã Dừa Bến Tre"],
            "{query}"
        );
    }
    assert_eq!(
        search(data.path(), "binh dai")[0],
        "Công ty Cổ phần Thủy sản Bình Đại"
    );
}

#[test]
fn an_unknown_enterprise_is_bad_input() {
    let out = sohoa_on_new_folder(&["enterprise", "show", "0312345678"]);
    assert_refused(
        &out,
        "Không có doanh nghiệp nào có mã hoặc mã số thuế “0312345678”",
    );
}

#[test]
fn tax_code_check_explains_each_code_and_fails_when_any_is_invalid() {
    let data = tempfile::tempdir().unwrap();
    let good = sohoa(
        data.path(),
        &[
            "tax-code",
            "check",
            "0100109106",
            "100109106",
            "0100109106-001",
            "083201000123",
        ],
    );
    assert_eq!(good.status.code(), Some(0));
    let text = stdout(&good);
    assert!(
        text.contains("100109106: hợp lệ — 0100109106 (doanh nghiệp, đã thêm lại số 0 ở đầu)"),
        "{text}"
    );
    assert!(text.contains("0100109106-001: hợp lệ — 0100109106-001 (chi nhánh của doanh nghiệp)"));
    let bad = sohoa(
        data.path(),
        &["tax-code", "check", "0100109106", "0100109107", "12AB"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.contains("0100109107: không hợp lệ — Chữ số kiểm tra là 7, đúng ra phải là 6"));
    assert!(text.contains("12AB: không hợp lệ — Ký tự “A” không dùng trong mã số thuế"));
}

#[test]
fn a_corrupt_enterprise_file_is_quarantined_reported_and_the_rest_loads() {
    let data = tempfile::tempdir().unwrap();
    add_enterprise(
        data.path(),
        "Công ty TNHH Kẹo dừa Thanh Long",
        &["--tax-code", "0100109106"],
    );
    let corrupt = data
        .path()
        .join("enterprises")
        .join("01HZZZZZZZZZZZZZZZZZZZZZZZ.ron");
    std::fs::write(
        &corrupt,
        "(schema: 1, enterprise: (id: \"01HZ\", name: \"cắt ngang",
    )
    .unwrap();
    let out = sohoa(data.path(), &["enterprise", "list", "--json"]);
    let rows = json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    let err = stderr(&out);
    assert!(err.contains("01HZZZZZZZZZZZZZZZZZZZZZZZ.ron"), "{err}");
    assert!(err.contains("đã chuyển sang"), "{err}");
    assert!(!corrupt.exists());
    let quarantined: Vec<_> = std::fs::read_dir(data.path().join("quarantine"))
        .unwrap()
        .collect();
    assert_eq!(quarantined.len(), 2, "the file and its reason");
}

#[test]
fn help_lists_every_command() {
    let out = sohoa_on_new_folder(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for command in [
        "questionnaire",
        "score",
        "enterprise",
        "stats",
        "demo",
        "tax-code",
    ] {
        assert!(text.contains(command), "{command} missing from:\n{text}");
    }
}

#[test]
fn a_mistyped_command_line_is_bad_input() {
    assert_refused(&sohoa_on_new_folder(&["enterprise", "add"]), "--name");
    assert_refused(
        &sohoa_on_new_folder(&["stats", "--lang", "fr"]),
        "use vi or en",
    );
}

#[test]
fn the_command_line_searches_as_the_window_does_address_included_in_vietnamese_order() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    for (name, address) in [
        ("Công ty Đông Hải", "12 Lê Lợi, Phường An Hội"),
        ("Công ty Dừa Xanh", "5 Lê Lợi, Xã Mỏ Cày"),
        ("Công ty Bưởi Năm Roi", "Ấp 3, Xã Phú Phụng"),
    ] {
        add_enterprise(dir, name, &["--address", address]);
    }
    // The address is searched, and D comes before Đ in the Vietnamese alphabet.
    assert_eq!(
        search(dir, "le loi"),
        ["Công ty Dừa Xanh", "Công ty Đông Hải"]
    );
}

#[test]
fn stats_name_levels_sizes_partners_and_places_in_the_language_chosen() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("data");
    crate::sohoa_ok(&dir, &["demo", "--count", "60"]);
    let vi = stdout(&crate::sohoa_ok(&dir, &["stats"]));
    for english in ["micro", "small", "medium", "unknown", "none", "to review"] {
        assert!(!vi.contains(english), "“{english}” in:\n{vi}");
    }
    for vietnamese in [
        "Siêu nhỏ",
        "Mức 3 – Hình thành",
        "A – Nông nghiệp",
        "Chưa có đối tác",
        "Huyện Ba Tri – cần chọn xã, phường mới",
    ] {
        assert!(vi.contains(vietnamese), "no “{vietnamese}” in:\n{vi}");
    }
    let en = stdout(&crate::sohoa_ok(&dir, &["--lang", "en", "stats"]));
    for english in ["Micro", "Level 3 – ", "No partner", "By size"] {
        assert!(en.contains(english), "no “{english}” in:\n{en}");
    }
    assert!(!en.contains("cần"), "Vietnamese in:\n{en}");
}
