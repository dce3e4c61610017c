//! Setting up a folder's program from the command line, with every choice as
//! an option, and the guide as a PDF.

use crate::{json, sohoa, sohoa_ok, stderr, stdout};

#[test]
fn a_new_folder_is_set_up_for_one_province_with_one_command_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = sohoa_ok(
        data,
        &[
            "program",
            "new",
            "--province",
            "vinh long",
            "--target",
            "1200",
            "--start",
            "01/01/2026",
            "--by",
            "Lan",
        ],
    );
    assert!(
        stdout(&out).contains(
            "Đã thiết lập chương trình “Chương trình hỗ trợ chuyển đổi số doanh nghiệp tỉnh Vĩnh Long 2026–2030”"
        ),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Vĩnh Long (124 xã, phường)"));
    let program = std::fs::read_to_string(data.join("program.ron")).unwrap();
    let settings: sohoa::program::ProgramSettings = ron::from_str(&program).unwrap();
    assert_eq!(settings.provinces, ["86"]);
    assert_eq!(settings.end, jiff::civil::date(2030, 12, 31));
    assert!(program.contains("target: 1200"));
    // Set up once: a second `new` is refused and changes nothing.
    let again = sohoa(
        data,
        &["program", "new", "--province", "79", "--target", "5"],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "bad input, not an internal error"
    );
    assert!(
        stderr(&again).contains("đã được thiết lập"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(data.join("program.ron")).unwrap(),
        program
    );
}

#[test]
fn a_setup_missing_its_target_or_naming_a_former_province_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = sohoa(data, &["program", "new", "--province", "Cà Mau"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Hãy nhập mục tiêu"),
        "{}",
        stderr(&out)
    );
    let out = sohoa(
        data,
        &["program", "new", "--province", "Bến Tre", "--target", "9"],
    );
    assert!(
        stderr(&out).contains("--province Bến Tre: không phải một tỉnh, thành phố của 34 đơn vị hiện nay (từ 01/07/2025 thuộc tỉnh Vĩnh Long)"),
        "{}",
        stderr(&out)
    );
    let out = sohoa(
        data,
        &["program", "new", "--preset", "ca-mau", "--target", "9"],
    );
    assert!(
        stderr(&out).contains("vinh-long-2026-2030, ben-tre-2021-2025"),
        "{}",
        stderr(&out)
    );
    assert!(!data.join("program.ron").exists());
}

#[test]
fn a_national_program_reads_old_addresses_into_communes_and_counts_by_province() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(
        data,
        &[
            "program",
            "new",
            "--province",
            "all",
            "--target",
            "10000",
            "--start",
            "01/01/2027",
        ],
    );
    let add = |name: &str, place: &str| {
        crate::sohoa(
            data,
            &["enterprise", "add", "--name", name, "--place", place],
        )
    };
    assert!(add("Công ty A", "P.5, TP Vĩnh Long").status.success());
    assert!(
        add("Công ty B", "Phường Bến Nghé, Quận 1, TP.HCM")
            .status
            .success()
    );
    assert!(
        add("Công ty C", "xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre")
            .status
            .success()
    );
    // A name many communes had: the command lists them and adds nothing.
    let several = add("Công ty D", "Phường 1");
    assert!(!several.status.success());
    assert!(
        stderr(&several).contains("có thể là một trong các nơi sau"),
        "{}",
        stderr(&several)
    );
    let stats = json(&sohoa_ok(data, &["stats", "--json"]));
    assert_eq!(stats["enterprises"], 3);
    assert_eq!(stats["by_province"]["Tỉnh Vĩnh Long"], 2);
    assert_eq!(stats["by_province"]["Thành phố Hồ Chí Minh"], 1);
    assert_eq!(stats["by_place"]["Phường Thanh Đức"], 1);
    assert_eq!(stats["by_place"]["Xã Ba Tri"], 1);
    let shown = stdout(&sohoa_ok(data, &["stats"]));
    assert!(shown.contains("Theo tỉnh, thành phố:"), "{shown}");
}

#[test]
fn demo_data_sets_up_a_demo_folder_and_is_refused_in_a_real_programs_folder() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    sohoa_ok(
        &real,
        &[
            "program",
            "new",
            "--preset",
            "vinh-long-2026-2030",
            "--target",
            "100",
        ],
    );
    let out = sohoa(&real, &["demo", "--count", "5"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("dữ liệu mẫu chỉ ghi vào thư mục riêng"),
        "{}",
        stderr(&out)
    );
    assert!(crate::enterprise_ids(&real).is_empty());
    let demo = dir.path().join("demo");
    sohoa_ok(&demo, &["demo", "--count", "5"]);
    let program = std::fs::read_to_string(demo.join("program.ron")).unwrap();
    assert!(program.contains("demo: true"), "{program}");
    assert!(program.contains("Dữ liệu mẫu – "));
}

#[test]
fn the_guide_prints_as_a_pdf_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let vi = dir.path().join("huong-dan.pdf");
    let en = dir.path().join("guide.pdf");
    sohoa_ok(dir.path(), &["guide", "-o", vi.to_str().unwrap()]);
    sohoa_ok(
        dir.path(),
        &["--lang", "en", "guide", "-o", en.to_str().unwrap()],
    );
    let words = crate::pdf::words(&vi);
    for heading in [
        "Hướng dẫn sử dụng Sohoa",
        "Thiết lập chương trình",
        "Dữ liệu cá nhân",
        "Sao lưu và khôi phục",
    ] {
        assert!(words.contains(heading), "{heading}");
    }
    assert!(crate::pdf::words(&en).contains("Backups and restoring"));
    assert!(crate::pdf::pages(&vi) >= 4);
    // Nothing was written in the folder it ran from but the two files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_national_program_report_draws_the_forty_largest_places_and_sums_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    sohoa_ok(
        data,
        &["program", "new", "--province", "all", "--target", "10000"],
    );
    // 45 enterprises in 45 communes of Hà Nội, by the communes' codes.
    let codes: Vec<String> = sohoa::places::Gazetteer::get()
        .communes_of("01")
        .take(45)
        .map(|c| c.code.to_owned())
        .collect();
    {
        let mut ws = sohoa::workspace::Workspace::open(data).unwrap();
        let many = codes
            .iter()
            .enumerate()
            .map(|(n, code)| {
                let mut e = sohoa::enterprise::Enterprise::new(
                    &format!("Công ty TNHH Số {n}"),
                    jiff::Timestamp::now(),
                );
                e.admin_unit = Some(code.clone());
                e
            })
            .collect();
        ws.add_many(many).unwrap();
    }
    let pdf = dir.path().join("bao-cao.pdf");
    sohoa_ok(data, &["program-report", "-o", pdf.to_str().unwrap()]);
    let words = crate::pdf::words(&pdf);
    assert!(words.contains("5 nơi khác"), "{words}");
    assert!(words.contains("Theo tỉnh, thành phố"));
}
