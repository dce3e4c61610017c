//! The program in 2026: a period that has ended, continuing into a new one, and
//! places counted by the units valid today.

use std::path::Path;
use std::process::Output;

use crate::{add_enterprise, assert_refused, json, sohoa, sohoa_ok, stdout};

/// Runs `sohoa program continue` into a period named `name_vi` / `name_en`, from
/// `start` to `end` (dd/mm/yyyy), with `target` enterprises to support.
fn continue_program(
    dir: &Path,
    name_vi: &str,
    name_en: &str,
    start: &str,
    end: &str,
    target: &str,
) -> Output {
    sohoa(
        dir,
        &[
            "program",
            "continue",
            "--name-vi",
            name_vi,
            "--name-en",
            name_en,
            "--start",
            start,
            "--end",
            end,
            "--target",
            target,
        ],
    )
}

#[test]
fn an_ended_program_is_continued_into_a_new_period_that_keeps_the_old_result() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    sohoa_ok(dir, &["demo", "--count", "60"]);
    let before = json(&sohoa_ok(dir, &["program", "show", "--json"]));
    assert_eq!(
        before["ended"], true,
        "the 2021–2025 preset ended on 31/12/2025"
    );
    assert_eq!(before["projected_finish"], serde_json::Value::Null);
    let supported = before["supported_in_period"].as_u64().unwrap();
    assert!(supported > 0);
    let text = stdout(&sohoa_ok(dir, &["program", "show"]));
    assert!(text.contains("Đã kết thúc ngày 31/12/2025"), "{text}");

    let out = continue_program(
        dir,
        "Chương trình hỗ trợ chuyển đổi số doanh nghiệp 2026–2030",
        "Enterprise digital-transformation support 2026–2030",
        "01/01/2026",
        "31/12/2030",
        "1.500",
    );
    assert!(out.status.success(), "{}", crate::stderr(&out));
    let after = json(&sohoa_ok(dir, &["program", "show", "--json"]));
    assert_eq!(after["ended"], false);
    assert_eq!(after["target"], 1500, "1.500 is read the Vietnamese way");
    assert_eq!(after["start"], "2026-01-01");
    let past = &after["past_periods"][0];
    assert_eq!(past["end"], "2025-12-31");
    assert_eq!(past["target"], 1000);
    assert_eq!(past["supported"].as_u64(), Some(supported));
    // The enterprises and their history are all still there.
    let listed = json(&sohoa_ok(dir, &["enterprise", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 60);

    // A period that would start before the running one is refused, naming why.
    let refused = continue_program(dir, "x", "x", "01/01/2020", "31/12/2021", "10");
    assert_refused(&refused, "must start after");
    let bad_date = continue_program(dir, "x", "x", "31/02/2031", "31/12/2035", "10");
    assert_refused(&bad_date, "dd/mm/yyyy");
}

#[test]
fn a_former_district_is_counted_under_the_commune_its_address_names_or_left_for_review() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    // Recorded before the merger under huyện Ba Tri; one address names the former
    // commune (thị trấn Tiệm Tôm, now xã Tân Thủy), the other only the district.
    for (name, address) in [
        (
            "Cơ sở Mắm Tiệm Tôm",
            "Ấp 2, thị trấn Tiệm Tôm, huyện Ba Tri",
        ),
        ("Cơ sở Bánh phồng Ba Tri", "Huyện Ba Tri"),
    ] {
        add_enterprise(
            dir,
            name,
            &["--district", "Huyện Ba Tri", "--address", address],
        );
    }
    // "ben tre" is the ward of today, not the city that was.
    add_enterprise(dir, "Tiệm Dừa Phường Bến Tre", &["--district", "ben tre"]);
    let stats = json(&sohoa_ok(dir, &["stats", "--json"]));
    let places = &stats["by_place"];
    assert_eq!(places["Xã Tân Thủy"], 1, "{places}");
    assert_eq!(
        places["Huyện Ba Tri (cần xem lại / to review)"], 1,
        "{places}"
    );
    assert_eq!(places["Phường Bến Tre"], 1, "{places}");
}
