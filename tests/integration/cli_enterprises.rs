//! `enterprise add|list|show`, `tax-code check` and the data folder they use.

use crate::{json, sohoa, stderr, stdout};

#[test]
fn an_added_enterprise_is_listed_and_shown_with_its_derived_size() {
    let data = tempfile::tempdir().unwrap();
    let out = sohoa(
        data.path(),
        &[
            "enterprise",
            "add",
            "--name",
            "Công ty TNHH Thương mại Dịch vụ Xuất nhập khẩu Dừa Xanh Mỏ Cày Nam",
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
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
    assert!(shown.contains("Siêu nhỏ (8 lao động, năm 2024)"), "{shown}");
}

#[test]
fn a_duplicate_tax_code_is_refused_naming_the_existing_enterprise() {
    let data = tempfile::tempdir().unwrap();
    let first = sohoa(
        data.path(),
        &[
            "enterprise",
            "add",
            "--name",
            "HTX Bưởi da xanh Chợ Lách",
            "--tax-code",
            "0100109106",
        ],
    );
    let first_id = stdout(&first).trim().to_owned();
    let again = sohoa(
        data.path(),
        &[
            "enterprise",
            "add",
            "--name",
            "HTX Bưởi (nhập lại)",
            "--tax-code",
            "0100109106",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(
        err.contains("already used by “HTX Bưởi da xanh Chợ Lách”"),
        "{err}"
    );
    assert!(err.contains(&first_id));
    assert_eq!(
        std::fs::read_dir(data.path().join("enterprises"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn bad_fields_are_refused_with_the_field_named() {
    let data = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--tax-code", "0100109107"],
            "--tax-code 0100109107: the check digit is 7 but should be 6",
        ),
        (&["--sector", "Z"], "--sector Z: not a VSIC 2018 section"),
        (
            &["--district", "Hà Nội"],
            "--district Hà Nội: not in the program's list",
        ),
        (
            &["--partner", "ACME"],
            "--partner ACME: not in the program's partner list (VNPT, Viettel, FPT)",
        ),
        (
            &["--email", "not-an-address"],
            "email: “not-an-address” is not an e-mail address",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["enterprise", "add", "--name", "Công ty Thử"];
        args.extend_from_slice(extra);
        let out = sohoa(data.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(
            stderr(&out).contains(message),
            "{extra:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_dir(data.path().join("enterprises"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn searching_ignores_case_and_diacritics() {
    let data = tempfile::tempdir().unwrap();
    sohoa(
        data.path(),
        &[
            "enterprise",
            "add",
            "--name",
            "Công ty Cổ phần Thủy sản Bình Đại",
        ],
    );
    sohoa(
        data.path(),
        &["enterprise", "add", "--name", "Hợp tác xã Dừa Bến Tre"],
    );
    for query in ["ben tre", "BẾN TRE", "Bến Tre", "dua"] {
        let rows = json(&sohoa(
            data.path(),
            &["enterprise", "list", "--search", query, "--json"],
        ));
        assert_eq!(rows.as_array().unwrap().len(), 1, "{query}");
        assert_eq!(rows[0]["name"], "Hợp tác xã Dừa Bến Tre");
    }
    let rows = json(&sohoa(
        data.path(),
        &["enterprise", "list", "--search", "binh dai", "--json"],
    ));
    assert_eq!(rows[0]["name"], "Công ty Cổ phần Thủy sản Bình Đại");
}

#[test]
fn an_unknown_enterprise_is_bad_input() {
    let data = tempfile::tempdir().unwrap();
    let out = sohoa(data.path(), &["enterprise", "show", "0312345678"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no enterprise with id or tax code `0312345678`"));
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
        text.contains("100109106: valid — 0100109106 (enterprise, leading zero restored)"),
        "{text}"
    );
    assert!(text.contains("0100109106-001: valid — 0100109106-001 (branch of an enterprise)"));
    let bad = sohoa(
        data.path(),
        &["tax-code", "check", "0100109106", "0100109107", "12AB"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.contains("0100109107: invalid — the check digit is 7 but should be 6"));
    assert!(text.contains("12AB: invalid — “A” is not allowed in a tax code"));
}

#[test]
fn a_corrupt_enterprise_file_is_quarantined_reported_and_the_rest_loads() {
    let data = tempfile::tempdir().unwrap();
    sohoa(
        data.path(),
        &[
            "enterprise",
            "add",
            "--name",
            "Công ty TNHH Kẹo dừa Thanh Long",
            "--tax-code",
            "0100109106",
        ],
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
    assert!(err.contains("moved to"), "{err}");
    assert!(!corrupt.exists());
    let quarantined: Vec<_> = std::fs::read_dir(data.path().join("quarantine"))
        .unwrap()
        .collect();
    assert_eq!(quarantined.len(), 2, "the file and its reason");
}

#[test]
fn help_lists_every_command() {
    let data = tempfile::tempdir().unwrap();
    let out = sohoa(data.path(), &["--help"]);
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
    let data = tempfile::tempdir().unwrap();
    let out = sohoa(data.path(), &["enterprise", "add"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--name"));
    let out = sohoa(data.path(), &["stats", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("use vi or en"));
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
        crate::sohoa_ok(
            dir,
            &["enterprise", "add", "--name", name, "--address", address],
        );
    }
    let found = crate::json(&crate::sohoa_ok(
        dir,
        &["enterprise", "list", "--search", "le loi", "--json"],
    ));
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap())
        .collect();
    // The address is searched, and D comes before Đ in the Vietnamese alphabet.
    assert_eq!(names, ["Công ty Dừa Xanh", "Công ty Đông Hải"]);
}
