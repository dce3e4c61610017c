//! The program in 2026: a period that has ended, continuing into a new one, and
//! places counted by the units valid today.

use crate::{json, sohoa, sohoa_ok, stderr, stdout};

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

    sohoa_ok(
        dir,
        &[
            "program",
            "continue",
            "--name-vi",
            "Chương trình hỗ trợ chuyển đổi số doanh nghiệp 2026–2030",
            "--name-en",
            "Enterprise digital-transformation support 2026–2030",
            "--start",
            "01/01/2026",
            "--end",
            "31/12/2030",
            "--target",
            "1.500",
        ],
    );
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
    let refused = sohoa(
        dir,
        &[
            "program",
            "continue",
            "--name-vi",
            "x",
            "--name-en",
            "x",
            "--start",
            "01/01/2020",
            "--end",
            "31/12/2021",
            "--target",
            "10",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("must start after"),
        "{}",
        stderr(&refused)
    );
    let bad_date = sohoa(
        dir,
        &[
            "program",
            "continue",
            "--name-vi",
            "x",
            "--name-en",
            "x",
            "--start",
            "31/02/2031",
            "--end",
            "31/12/2035",
            "--target",
            "10",
        ],
    );
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(stderr(&bad_date).contains("dd/mm/yyyy"));
}

#[test]
fn a_former_district_is_counted_under_the_commune_its_address_names_or_left_for_review() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    // Recorded before the merger under huyện Ba Tri; one address names the former
    // commune (thị trấn Tiệm Tôm, now xã Tân Thủy), the other only the district.
    sohoa_ok(
        dir,
        &[
            "enterprise",
            "add",
            "--name",
            "Cơ sở Mắm Tiệm Tôm",
            "--district",
            "Huyện Ba Tri",
            "--address",
            "Ấp 2, thị trấn Tiệm Tôm, huyện Ba Tri",
        ],
    );
    sohoa_ok(
        dir,
        &[
            "enterprise",
            "add",
            "--name",
            "Cơ sở Bánh phồng Ba Tri",
            "--district",
            "Huyện Ba Tri",
            "--address",
            "Huyện Ba Tri",
        ],
    );
    // "ben tre" is the ward of today, not the city that was.
    sohoa_ok(
        dir,
        &[
            "enterprise",
            "add",
            "--name",
            "Tiệm Dừa Phường Bến Tre",
            "--district",
            "ben tre",
        ],
    );
    let stats = json(&sohoa_ok(dir, &["stats", "--json"]));
    let places = &stats["by_place"];
    assert_eq!(places["Xã Tân Thủy"], 1, "{places}");
    assert_eq!(
        places["Huyện Ba Tri (cần xem lại / to review)"], 1,
        "{places}"
    );
    assert_eq!(places["Phường Bến Tre"], 1, "{places}");
}
