//! The first launch in the window: a new folder asks for its program, and a
//! profile's commune is found among a province's by typing.

use std::path::Path;
use std::time::Instant;

use egui_kittest::kittest::Queryable;
use sohoa::app::{Prefs, SohoaApp};
use sohoa::workspace::Workspace;

use crate::support::{Window, click, core, harness, shows_text, type_into, workspace};

/// The setup form's button (the page's heading has the same words).
fn set_up_button(h: &Window) -> egui_kittest::Node<'_> {
    h.get_by_role_and_label(
        eframe::egui::accesskit::Role::Button,
        "Thiết lập chương trình",
    )
}

/// A window on `dir` exactly as a first launch opens it: nothing set up.
fn first_launch(dir: &Path) -> Window {
    let ws = Workspace::open(dir).unwrap();
    let mut h = harness(SohoaApp::with_workspace(ws, Prefs::default()));
    h.run();
    h
}

#[test]
fn a_new_folder_asks_for_its_program_and_is_set_up_for_vinh_long_in_four_steps() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_launch(dir.path());
    assert!(shows_text(&h, "Thư mục dữ liệu này chưa có chương trình"));
    assert!(!shows_text(&h, "Tổng quan"), "no page before the program");
    assert!(!dir.path().join("program.ron").exists());
    // 1. Your name. 2. The province. 3. The target. 4. Set up.
    type_into(&mut h, "Tên của bạn", "Nguyễn Thị Lan");
    h.run();
    click(&mut h, "Vĩnh Long");
    type_into(&mut h, "Mục tiêu (số doanh nghiệp)", "1200");
    h.run();
    set_up_button(&h).click();
    h.run();
    h.run();
    let ws = workspace(&h);
    assert!(ws.is_set_up());
    assert_eq!(ws.program.provinces, ["86"]);
    assert_eq!(ws.program.target, 1200);
    // Five years from the start of this year, unless changed.
    let year = sohoa::text::local_date(jiff::Timestamp::now()).year();
    assert_eq!(
        ws.program.name.vi,
        format!(
            "Chương trình hỗ trợ chuyển đổi số doanh nghiệp tỉnh Vĩnh Long {year}–{}",
            year + 4
        )
    );
    assert_eq!(ws.program.partners, ["VNPT", "Viettel", "FPT"]);
    assert_eq!(core(&h).prefs.consultant, "Nguyễn Thị Lan");
    assert_eq!(ws.actor(), "Nguyễn Thị Lan");
    assert!(shows_text(&h, "Tổng quan"));
    assert!(
        !shows_text(&h, "đã kết thúc"),
        "no ended program on a new folder"
    );
}

#[test]
fn a_setup_without_a_target_says_what_is_missing_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_launch(dir.path());
    click(&mut h, "Cà Mau");
    set_up_button(&h).click();
    h.run();
    assert!(!workspace(&h).is_set_up());
    assert!(!dir.path().join("program.ron").exists());
    assert!(shows_text(&h, "Hãy nhập mục tiêu"));
}

#[test]
fn the_ben_tre_program_is_one_click_away_for_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = first_launch(dir.path());
    click(&mut h, "Dùng chương trình Bến Tre 2021–2025");
    h.run();
    let ws = workspace(&h);
    assert!(ws.is_set_up());
    assert_eq!(ws.program.end, jiff::civil::date(2025, 12, 31));
    assert_eq!(ws.program.admin_units.len(), 57);
}

/// A window on a folder set up for `provinces`, with one enterprise open.
fn profile_in(dir: &Path, provinces: &[&str]) -> Window {
    let mut ws = Workspace::open(dir).unwrap();
    let mut setup = sohoa::program::setup::ProgramSetup::blank(2026);
    setup.provinces = provinces.iter().map(|p| (*p).to_owned()).collect();
    setup.target = 1000;
    ws.set_up_program(setup.build().unwrap()).unwrap();
    let e =
        sohoa::enterprise::Enterprise::new("Công ty TNHH Kẹo Dừa Phú Túc", jiff::Timestamp::now());
    let id = ws.save(e).unwrap();
    let mut h = harness(SohoaApp::with_workspace(ws, Prefs::default()));
    crate::support::apply(&mut h, sohoa::app::Action::OpenEnterprise(id));
    h
}

#[test]
fn a_commune_is_found_by_typing_a_few_letters_without_marks_and_saved_with_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = profile_in(dir.path(), &["86"]);
    h.get_by_label("Xã, phường").click();
    h.run();
    // The list opens with its search box focused: type into it.
    h.event(eframe::egui::Event::Text("phu tuc".into()));
    h.run();
    h.run();
    assert!(shows_text(&h, "Xã Phú Túc"));
    assert!(!shows_text(&h, "Xã Ba Tri"), "only what fits the search");
    click(&mut h, "Xã Phú Túc");
    click(&mut h, "Lưu hồ sơ");
    let saved = workspace(&h).enterprises().first().unwrap().clone();
    assert_eq!(saved.admin_unit.as_deref(), Some("28810"));
}

#[test]
fn an_address_written_the_old_way_offers_its_commune_of_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = profile_in(dir.path(), &["86"]);
    type_into(
        &mut h,
        "Địa chỉ",
        "ấp 3, xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre",
    );
    h.run();
    assert!(shows_text(&h, "Theo địa chỉ, doanh nghiệp ở Xã Ba Tri."));
    click(&mut h, "Chọn nơi này");
    click(&mut h, "Lưu hồ sơ");
    assert_eq!(
        workspace(&h)
            .enterprises()
            .first()
            .unwrap()
            .admin_unit
            .as_deref(),
        Some("29110")
    );
}

#[test]
fn the_commune_list_of_the_whole_country_opens_and_filters_within_a_frame_budget() {
    let dir = tempfile::tempdir().unwrap();
    let all: Vec<String> = sohoa::places::Gazetteer::get()
        .provinces
        .iter()
        .map(|p| p.code.to_owned())
        .collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let mut h = profile_in(dir.path(), &all);
    let started = Instant::now();
    h.get_by_label("Xã, phường").click();
    h.step();
    let opened = started.elapsed();
    let started = Instant::now();
    h.event(eframe::egui::Event::Text("sai gon".into()));
    h.step();
    let filtered = started.elapsed();
    h.run();
    assert!(shows_text(&h, "Phường Sài Gòn · Hồ Chí Minh"));
    eprintln!(
        "commune list of 3,321: opened in {opened:?}, filtered in {filtered:?} (debug build)"
    );
    // One frame each, in a debug build, on a slow machine: well under a second.
    assert!(opened.as_millis() < 1000, "{opened:?}");
    assert!(filtered.as_millis() < 1000, "{filtered:?}");
}

#[test]
fn an_address_that_fits_a_few_communes_names_them_and_chooses_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = profile_in(dir.path(), &["86"]);
    // Ba Tri, not Châu Thành, had a xã An Hiệp: the district's communes and
    // Ba Tri's An Hiệp are named, and nothing is chosen.
    type_into(
        &mut h,
        "Địa chỉ",
        "xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre",
    );
    h.run();
    assert!(shows_text(&h, "Theo địa chỉ, doanh nghiệp có thể ở:"));
    assert!(shows_text(&h, "Xã An Hiệp"));
    assert!(!shows_text(&h, "Chọn nơi này"));
    click(&mut h, "Lưu hồ sơ");
    assert_eq!(
        workspace(&h).enterprises().first().unwrap().admin_unit,
        None
    );
}
