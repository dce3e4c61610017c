//! Lists brought in from elsewhere, through the command line as an office runs
//! it: a registry's list of enterprises in an old code page with rows to
//! correct, a form tool's submissions of Sohoa's XLSForm scored as the
//! walkthrough scores the same answers, and the XLSForm itself checked by
//! pyxform with ODK Validate (the tool KoboToolbox and ODK build forms with).
//!
//! pyxform comes from PyPI and ODK Validate needs Java: when `xls2xform` is
//! not on PATH the check says so and passes, except with
//! `SOHOA_REQUIRE_PYXFORM=1` (set by `.ci/run`), where it fails.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use sohoa::app::{Action, AppCore, Prefs};
use sohoa::enterprise::field::ProfileField;
use sohoa::enterprise::{Enterprise, Stage};
use sohoa::exchange::table::Cell;
use sohoa::questionnaire::answer_table::form_name;
use sohoa::questionnaire::{Answer, QuestionKind, Questionnaire, RatioFigures, Registry, Whole};
use sohoa::workspace::Workspace;

use crate::{json, sohoa, sohoa_ok, stdout, with_ben_tre_program};

/// The list a tax office might send: five rows, two of them wrong.
const REGISTRY_LIST: &str = "STT;Tên doanh nghiệp;Mã số thuế;Địa chỉ;Số lao động;Doanh thu (tỷ đồng)\n\
    1;Công ty TNHH Dừa Xanh Bến Tre;0100109106;ấp 3, xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre;45;12,5\n\
    2;HTX Bưởi da xanh Mỏ Cày;0301234567;ấp 3, xã Mỏ Cày;12;3\n\
    3;Cơ sở Kẹo dừa Thanh Long;1300123452;;8;1.200\n\
    4;Công ty CP Thủy sản Ba Tri;0301234562;;120;ba mươi\n\
    5;Tiệm Bánh tráng Mỹ Lồng;;;3;0,4\n";

/// `text` in TCVN3, as the ABC fonts write it.
fn in_tcvn3(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let mut bytes = [0u8; 8];
        let encoded = c.encode_utf8(&mut bytes);
        let found =
            (0x80u8..=0xFF).find(|b| sohoa::exchange::legacy_text::decode_tcvn(&[*b]) == *encoded);
        out.push(found.unwrap_or_else(|| panic!("{c} is not in TCVN3")));
    }
    out
}

#[test]
fn a_registry_list_in_tcvn3_with_two_bad_rows_takes_nothing_and_its_corrected_rows_go_in() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    with_ben_tre_program(&data);
    let list = place.path().join("danh sách thuế.csv");
    std::fs::write(&list, in_tcvn3(REGISTRY_LIST)).unwrap();

    let refused = sohoa(&data, &["import-table", list.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    let said = stdout(&refused);
    assert!(said.contains("CSV, bảng mã TCVN3, phân cách “;”"), "{said}");
    assert!(
        said.contains("“Mã số thuế” → Mã số thuế (tax_code)"),
        "{said}"
    );
    assert!(said.contains("“STT” → (bỏ qua)"), "{said}");
    assert!(said.contains("2 dòng chưa nhập được"), "{said}");
    assert!(said.contains("dòng 3: Mã số thuế"), "{said}");
    assert!(said.contains("dòng 5: Doanh thu"), "{said}");
    assert!(Workspace::open(&data).unwrap().enterprises().is_empty());

    // The rows refused, with their reasons, beside the list: the office
    // corrects them there and imports that file as it is.
    let rejects = place.path().join("danh sách thuế-dong-chua-nhap.csv");
    let text = String::from_utf8(std::fs::read(&rejects).unwrap()).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with("Lý do chưa nhập được"), "{text}");
    assert!(
        lines[1].starts_with("2,HTX Bưởi da xanh Mỏ Cày,0301234567"),
        "{text}"
    );
    let corrected = text
        .replace("0301234567", "0301234562")
        .replace("ba mươi", "30");
    // The second row's tax code now is the fourth's: one record for both.
    std::fs::write(&rejects, corrected).unwrap();
    let good = sohoa(&data, &["import-table", rejects.to_str().unwrap()]);
    assert!(good.status.success(), "{}", stdout(&good));
    let ws = Workspace::open(&data).unwrap();
    assert_eq!(ws.enterprises().len(), 1);
    let both = ws.find("0301234562").unwrap();
    assert_eq!(both.name, "HTX Bưởi da xanh Mỏ Cày");
    let differing: Vec<&str> = both.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        differing,
        ["name", "staff", "revenue"],
        "kept for a person to settle"
    );

    // The three good rows of the first list go in once the list is fixed.
    let fixed = REGISTRY_LIST
        .replace("0301234567", "0301234562")
        .replace("ba mươi", "30");
    std::fs::write(&list, in_tcvn3(&fixed)).unwrap();
    let report = json(&sohoa(
        &data,
        &["import-table", list.to_str().unwrap(), "--json"],
    ));
    assert_eq!(report["added"], 3);
    assert_eq!(report["written"], true);
    let ws = Workspace::open(&data).unwrap();
    assert_eq!(ws.enterprises().len(), 4);
    let dua = ws.find("0100109106").unwrap();
    assert_eq!(dua.size.revenue_billion, Some(12.5));
    assert_eq!(
        dua.admin_unit.as_deref(),
        Some("xa-ba-tri"),
        "the old address is read into its commune of today"
    );
    assert_eq!(
        ws.find("1300123452").unwrap().size.revenue_billion,
        Some(1200.0)
    );
}

#[test]
fn the_rows_refused_are_never_written_over_the_table_being_imported() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    with_ben_tre_program(&data);
    let list = place.path().join("ds.csv");
    std::fs::write(&list, REGISTRY_LIST).unwrap();
    let same = sohoa(
        &data,
        &[
            "import-table",
            list.to_str().unwrap(),
            "--rejects",
            list.to_str().unwrap(),
        ],
    );
    assert_eq!(same.status.code(), Some(1));
    assert!(
        crate::stderr(&same).contains("đó là chính bảng đang nhập"),
        "{}",
        crate::stderr(&same)
    );
    assert_eq!(std::fs::read_to_string(&list).unwrap(), REGISTRY_LIST);
}

#[test]
fn a_dry_run_says_how_each_column_is_understood_and_writes_nothing() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("data");
    with_ben_tre_program(&data);
    let list = place.path().join("ds.csv");
    std::fs::write(
        &list,
        "Tên DN,MST,Điện thoại,Ghi chú nội bộ\nCông ty A,0100109106,0275 3822 123,x\n",
    )
    .unwrap();
    let before = crate::snapshot(&data);
    let report = json(&sohoa(
        &data,
        &[
            "import-table",
            list.to_str().unwrap(),
            "--dry-run",
            "--json",
            "--map",
            "Ghi chú nội bộ=notes",
        ],
    ));
    let fields: Vec<&str> = report["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(fields, ["name", "tax_code", "phone", "notes"]);
    assert_eq!(report["added"], 1);
    assert_eq!(report["personal_data_left_out"], 1, "no consent was stated");
    assert_eq!(report["written"], false);
    assert_eq!(crate::snapshot(&data), before);
}

/// The built-in DBI questionnaire (the newest edition).
fn dbi() -> std::sync::Arc<Questionnaire> {
    Registry::builtin()
        .unwrap()
        .latest("dbi-2021-sme")
        .cloned()
        .unwrap()
}

#[test]
fn the_xlsform_of_every_built_in_questionnaire_passes_pyxform_and_odk_validate_without_a_warning() {
    let Some(xls2xform) = crate::on_path("xls2xform") else {
        crate::skip_unless_required(
            "SOHOA_REQUIRE_PYXFORM",
            "`xls2xform` is not on PATH (pip install pyxform; ODK Validate needs Java)",
        );
        return;
    };
    let place = tempfile::tempdir().unwrap();
    for edition in [
        "dbi-2021-sme@1.0.0",
        "dbi-2021-sme@2.0.0",
        "tests/fixtures/mini.ron",
    ] {
        let form = place.path().join("form.xlsx");
        sohoa_ok(
            &place.path().join("data"),
            &[
                "questionnaire",
                "export",
                edition,
                "--xlsform",
                form.to_str().unwrap(),
            ],
        );
        let xml = place.path().join("form.xml");
        let run = std::process::Command::new(&xls2xform)
            .args(["--json", "--odk_validate"])
            .arg(&form)
            .arg(&xml)
            .output()
            .unwrap();
        // pyxform writes its JSON report on stderr.
        let said: serde_json::Value = serde_json::from_slice(&run.stderr)
            .unwrap_or_else(|_| panic!("{edition}: {}", String::from_utf8_lossy(&run.stderr)));
        assert_eq!(said["code"], 100, "{edition}: {said}");
        assert_eq!(said["warnings"], serde_json::json!([]), "{edition}: {said}");
        let xform = std::fs::read_to_string(&xml).unwrap();
        assert!(xform.contains("Tiếng Việt (vi)") && xform.contains("English (en)"));
    }
}

/// One question's answer, with the cells a form tool's export writes for it
/// (by its XLSForm name).
struct Planned {
    question: String,
    answer: Answer,
    cells: Vec<(String, String)>,
}

/// The answers a consultant gives: every criterion answered, some gates "no",
/// ratios as two figures (decimals among them), shared totals once.
fn answers_and_cells(q: &Questionnaire) -> Vec<Planned> {
    let mut planned = Vec::new();
    for (i, (_, question)) in q.questions().enumerate() {
        let name = form_name(&question.id);
        let mut cells = Vec::new();
        if question.gate.is_some() {
            let no = i % 5 == 1;
            cells.push((
                format!("{name}__gate"),
                if no { "no" } else { "yes" }.to_owned(),
            ));
            if no {
                planned.push(Planned {
                    question: question.id.clone(),
                    answer: Answer::Choice("no".into()),
                    cells,
                });
                continue;
            }
        }
        let number = |s: &str| s.parse::<sohoa::decimal::Decimal>().unwrap();
        let answer = match &question.kind {
            QuestionKind::SingleChoice { options } => {
                let option = &options[i % options.len()].id;
                cells.push((name.clone(), option.clone()));
                Answer::Choice(option.as_str().into())
            }
            QuestionKind::MultipleChoice { options } => {
                let picked: Vec<&str> = options.iter().take(2).map(|o| o.id.as_str()).collect();
                cells.push((name.clone(), picked.join(" ")));
                for o in options {
                    let ticked = picked.contains(&o.id.as_str());
                    cells.push((
                        format!("{name}/{}", o.id),
                        if ticked { "1" } else { "0" }.into(),
                    ));
                }
                Answer::Choices(Box::new(picked.iter().map(|p| (*p).into()).collect()))
            }
            QuestionKind::YesNo { .. } => {
                cells.push((name.clone(), "yes".into()));
                Answer::Choice("yes".into())
            }
            QuestionKind::Number { .. } => {
                cells.push((name.clone(), "3".into()));
                Answer::Number(number("3"))
            }
            QuestionKind::Percent { .. } => {
                cells.push((name.clone(), "40".into()));
                Answer::Number(number("40"))
            }
            QuestionKind::Figure { whole_numbers, .. } => {
                let figure = if *whole_numbers { "1000" } else { "1000.5" };
                cells.push((name.clone(), figure.into()));
                Answer::Number(number(figure))
            }
            QuestionKind::FreeText => {
                cells.push((name.clone(), "Bán qua Zalo, giao tận nhà".into()));
                Answer::Text(Box::new("Bán qua Zalo, giao tận nhà".into()))
            }
            QuestionKind::Ratio {
                whole,
                whole_numbers,
                ..
            } => {
                let part = if *whole_numbers { "250" } else { "382.92" };
                cells.push((format!("{name}__part"), part.into()));
                let whole = match whole {
                    Whole::Asked(_) => {
                        cells.push((format!("{name}__whole"), "1000".into()));
                        Some(number("1000"))
                    }
                    Whole::Figure(_) => None,
                };
                Answer::Ratio(RatioFigures::new(number(part), whole))
            }
        };
        planned.push(Planned {
            question: question.id.clone(),
            answer,
            cells,
        });
    }
    planned
}

/// Where each XLSForm name sits: its groups, as a form tool's export writes
/// the column headers (`p_customer/g_customer.presence/customer.website_updates`).
fn group_paths(q: &Questionnaire) -> BTreeMap<String, String> {
    let [survey, _, _] = sohoa::exchange::xlsform::xlsform_tables(q);
    let text = |cell: &Cell| match cell {
        Cell::Text(t) => t.clone(),
        _ => String::new(),
    };
    let mut groups: Vec<String> = Vec::new();
    let mut paths = BTreeMap::new();
    for row in &survey.rows {
        let (kind, name) = (text(&row[0]), text(&row[1]));
        match kind.as_str() {
            "begin_group" => groups.push(name),
            "end_group" => {
                groups.pop();
            }
            _ => {
                let mut path = groups.clone();
                path.push(name.clone());
                paths.insert(name, path.join("/"));
            }
        }
    }
    paths
}

/// The submissions export a form tool gives for one filled form (Kobo's CSV:
/// `;`, headers by XML name with their group path, its own columns around).
fn kobo_export(q: &Questionnaire, planned: &[Planned]) -> String {
    let paths = group_paths(q);
    let mut headers = vec!["start".to_owned(), "end".into(), "today".into()];
    let mut row = vec![
        "2025-03-14T08:02:11.000+07:00".to_owned(),
        "2025-03-14T09:40:53.000+07:00".into(),
        "2025-03-14".into(),
    ];
    for (name, value) in [
        ("tax_code", "0100109106"),
        ("enterprise_name", "Công ty TNHH Dừa Xanh"),
        ("stage", "T0"),
        ("assessor", "Nguyễn Thị Lan"),
    ] {
        headers.push(name.into());
        row.push(value.into());
    }
    for Planned { cells, .. } in planned {
        for (name, value) in cells {
            // An option's own 0/1 column sits under its question's path.
            let header = match name.split_once('/') {
                Some((question, option)) => format!("{}/{option}", paths[question]),
                None => paths[name].clone(),
            };
            headers.push(header);
            row.push(value.clone());
        }
    }
    for (name, value) in [
        ("_id", "48213377"),
        ("_uuid", "5b0c1f4e-2f7e-4a36-9a0e-0f4f1b0e6c21"),
        ("_submission_time", "2025-03-14T02:41:07"),
        ("_validation_status", ""),
        ("_status", "submitted_via_web"),
        ("_submitted_by", "lan_bentre"),
        ("__version__", "vQxZ9bT7"),
        ("_index", "1"),
    ] {
        headers.push(name.into());
        row.push(value.into());
    }
    format!("{}\n{}\n", headers.join(";"), row.join(";"))
}

/// A folder with the Bến Tre program and one enterprise, tax code 0100109106.
fn folder_with_dua_xanh(data: &Path) -> ulid::Ulid {
    with_ben_tre_program(data);
    let mut ws = Workspace::open(data).unwrap();
    let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", Timestamp::now());
    e.tax_code = Some("0100109106".into());
    ws.save(e).unwrap()
}

#[test]
fn a_kobo_submission_of_the_xlsform_scores_as_the_walkthrough_scores_the_same_answers() {
    let q = dbi();
    let planned = answers_and_cells(&q);
    let place = tempfile::tempdir().unwrap();

    // In the window: the consultant walks through and completes.
    let walked = place.path().join("walked");
    let id = folder_with_dua_xanh(&walked);
    let mut app = AppCore::new(Workspace::open(&walked).unwrap(), Prefs::default());
    app.apply(
        Action::StartAssessment {
            enterprise: id,
            stage: Stage::Baseline,
        },
        Timestamp::now(),
    );
    for Planned {
        question, answer, ..
    } in &planned
    {
        app.apply(
            Action::Answer {
                question: question.clone(),
                answer: Some(answer.clone()),
            },
            Timestamp::now(),
        );
    }
    app.apply(Action::CompleteAssessment, Timestamp::now());
    let walked_ws = Workspace::open(&walked).unwrap();
    let by_walk = walked_ws.get(id).unwrap().assessments[0].clone();
    assert!(by_walk.is_completed(), "{:?}", app.view.messages);

    // On phones: the same answers through Kobo, its export imported.
    let collected = place.path().join("collected");
    folder_with_dua_xanh(&collected);
    let export = place
        .path()
        .join("DBI_2021_-_all_versions_-_False_-_2025-03-14.csv");
    std::fs::write(&export, kobo_export(&q, &planned)).unwrap();
    let report = json(&sohoa(
        &collected,
        &[
            "import-table",
            export.to_str().unwrap(),
            "--assessments",
            "--json",
        ],
    ));
    assert_eq!(report["added"].as_array().unwrap().len(), 1, "{report}");
    let left_aside: Vec<&str> = report["left_aside"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert!(
        left_aside.contains(&"_uuid") && left_aside.contains(&"enterprise_name"),
        "{left_aside:?}"
    );
    let collected_ws = Workspace::open(&collected).unwrap();
    let by_kobo = collected_ws.find("0100109106").unwrap().assessments[0].clone();

    assert_eq!(by_kobo.answers, by_walk.answers);
    let score =
        |a: &sohoa::enterprise::Assessment| sohoa::questionnaire::scoring::score(&q, &a.answers);
    let (walk, kobo) = (score(&by_walk), score(&by_kobo));
    assert_eq!((kobo.total, kobo.level), (walk.total, walk.level));
    assert_eq!(kobo.pillars, walk.pillars);
    assert!(walk.total > 0);
    assert_eq!(by_kobo.assessor, "Nguyễn Thị Lan");
    assert_eq!(
        sohoa::text::format_date(sohoa::text::local_date(by_kobo.completed.unwrap())),
        "14/03/2025"
    );
    assert_eq!(report["added"][0]["total"], walk.total);

    // Kobo's XLSX export of the same submission: figures are numbers in cells.
    let workbook = place
        .path()
        .join("DBI_2021_-_all_versions_-_False_-_2025-03-14.xlsx");
    write_as_workbook(&kobo_export(&q, &planned), &workbook);
    let in_xlsx = place.path().join("collected-xlsx");
    folder_with_dua_xanh(&in_xlsx);
    sohoa_ok(
        &in_xlsx,
        &["import-table", workbook.to_str().unwrap(), "--assessments"],
    );
    let ws = Workspace::open(&in_xlsx).unwrap();
    assert_eq!(
        ws.find("0100109106").unwrap().assessments[0].answers,
        by_walk.answers
    );
}

/// The CSV `text` (`;`-separated) as a workbook, every cell that reads as a
/// number but the tax code written as a number, as a form tool writes it.
fn write_as_workbook(text: &str, path: &Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && !cell.starts_with('0') => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// A valid tax code made from `n` (its check digit computed).
fn tax_code_from(n: u32) -> String {
    (n..)
        .find_map(|m| {
            let base = format!("{:09}", 200_000_000 + m);
            let digits: Vec<u32> = base.chars().filter_map(|c| c.to_digit(10)).collect();
            let first: [u32; 9] = digits.try_into().ok()?;
            sohoa::enterprise::tax_code::check_digit(&first).map(|d| format!("{base}{d}"))
        })
        .unwrap()
}

#[test]
fn versions_delivered_while_a_table_import_runs_are_kept_and_the_table_fills_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sohoa_ok(&data, &["demo", "--count", "50"]);
    let known = crate::enterprise_ids(&data);
    let ws = Workspace::open(&data).unwrap();
    // The fifty with a capital (demo data gives some a capital of their own:
    // for those the table's becomes a conflict to settle), and a thousand more.
    let mut table = String::from("Mã số thuế;Tên doanh nghiệp;Vốn (tỷ đồng)\n");
    for e in ws.enterprises() {
        table.push_str(&format!(
            "{};{};7,5\n",
            e.tax_code.as_deref().unwrap(),
            e.name
        ));
    }
    for n in 0..1000 {
        table.push_str(&format!(
            "{};Công ty TNHH Mới {n};1\n",
            tax_code_from(n * 10)
        ));
    }
    drop(ws);
    let list = dir.path().join("von.csv");
    std::fs::write(&list, table).unwrap();

    let (delivered, import) =
        crate::import_race::deliver_while(&data, &known, &["import-table", list.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stdout(&import));
    sohoa_ok(&data, &["enterprise", "list"]);
    let lost = crate::import_race::lost(&data, &delivered);
    let ws = Workspace::open(&data).unwrap();
    let filled = ws
        .enterprises()
        .iter()
        .filter(|e| {
            e.size.capital_billion == Some(7.5)
                || e.conflict(ProfileField::Capital)
                    .is_some_and(|c| c.others.contains(&"Some(7.5)".to_owned()))
        })
        .count();
    eprintln!(
        "table of 1,050 rows: {} versions delivered underneath, {} lost; {filled} of 50 hold the table's capital (as the value or a conflict)",
        delivered.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {} lost: {lost:?}",
        lost.len(),
        delivered.len()
    );
    assert_eq!(filled, 50);
    assert_eq!(ws.enterprises().len(), 1050);
}

#[test]
fn a_table_import_killed_at_random_moments_leaves_all_of_it_or_none() {
    // 2,000 rows: long enough to be killed while its batch is written.
    let mut table = String::from("Mã số thuế;Tên doanh nghiệp;Số lao động\n");
    for n in 0..2000 {
        table.push_str(&format!(
            "{};Công ty TNHH Thử {n};{}\n",
            tax_code_from(n * 10),
            n % 90 + 1
        ));
    }
    let place = tempfile::tempdir().unwrap();
    let list = place.path().join("ds.csv");
    std::fs::write(&list, table).unwrap();
    let mut rng = fastrand::Rng::with_seed(33);
    let (mut none, mut all, mut in_batch) = (0, 0, 0);
    for round in 0..10 {
        let data = place.path().join(format!("data-{round}"));
        with_ben_tre_program(&data);
        let mut child = crate::sohoa_command(&data, &["import-table", list.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.u64(100..2500)));
        child.kill().unwrap();
        child.wait().unwrap();
        // Killed while its batch was written: the journal is there, or files
        // half-made beside the records.
        let enterprises = data.join("enterprises");
        let cut_in_batch = data.join(".sohoa-journal.ron").exists()
            || std::fs::read_dir(&enterprises).is_ok_and(|dir| {
                dir.filter_map(Result::ok)
                    .any(|f| !f.file_name().to_string_lossy().ends_with(".ron"))
            });
        in_batch += usize::from(cut_in_batch);
        // The next opening finishes or undoes what the kill cut short.
        let ws = Workspace::open(&data).unwrap();
        match ws.enterprises().len() {
            0 => none += 1,
            2000 => all += 1,
            partial => panic!("round {round}: {partial} of 2,000 records after the kill"),
        }
        assert!(
            !data.join("quarantine").exists(),
            "round {round}: a file was set aside"
        );
    }
    eprintln!(
        "10 kills, {in_batch} of them while the batch was written: {none} left nothing, {all} left all 2,000"
    );
}
