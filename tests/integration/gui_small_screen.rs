//! The window on a small laptop screen with large text: 1024 × 768 pixels at
//! text size 2.0 leaves 512 × 384 points, and 1280 × 800 at text size 1.0 is
//! the laptop the program buys. Every control can be reached there, by
//! scrolling at worst, and what a person is told about their typing is in view.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use sohoa::app::Action;
use sohoa::window::SohoaApp;

use crate::support::{Window, app_on, core, type_into};

/// A window of `pixels` on a screen, showing text `text_size` times the normal
/// size: egui lays out `pixels / text_size` points, as in the app.
fn window_on_screen(dir: &std::path::Path, pixels: (f32, f32), text_size: f32) -> Window {
    let mut app = app_on(dir);
    app.core_mut().unwrap().prefs.scale = text_size;
    let points = egui::vec2(pixels.0, pixels.1) / text_size;
    let mut h = Harness::builder()
        .with_size(points)
        .with_max_steps(40)
        .build_ui_state(|ui, app: &mut SohoaApp| app.show(ui), app);
    // The harness's size is in points, as eframe gives egui the window's pixels
    // divided by the zoom. egui rescales the last size when the zoom changes,
    // so the size is given again once the app has set its text size.
    h.run();
    h.set_size(points);
    h.run();
    assert_eq!(h.ctx.content_rect().size(), points);
    assert_eq!(h.ctx.zoom_factor(), text_size);
    h
}

/// The part of the window the page is drawn in: what the panels around it leave.
fn page_area(h: &Window) -> egui::Rect {
    h.state().page_area()
}

/// Whether the widget labelled `label` lies wholly in the page area, to a pixel.
fn in_view(h: &Window, label: &str) -> bool {
    let rect = h.get_by_label(label).rect();
    page_area(h).expand(1.0).contains_rect(rect)
}

/// Asks the scroll areas to bring `label` into view, as a screen reader or Tab does.
fn scroll_to(h: &mut Window, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.run();
}

/// The whole text of the first widget whose text contains `part`.
fn label_containing(h: &Window, part: &str) -> String {
    h.query_all_by_label_contains(part)
        .next()
        .and_then(|n| n.accesskit_node().label().or_else(|| n.value()))
        .unwrap_or_else(|| panic!("no label contains {part:?}"))
}

#[test]
fn with_large_text_on_a_small_screen_the_tax_code_problem_shows_where_it_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::apply(&mut h, Action::NewEnterprise);
    type_into(&mut h, "Tên doanh nghiệp *", "HTX Bưởi Chợ Lách");
    type_into(&mut h, "Mã số thuế", "1300123453");
    h.run();
    let problem = label_containing(&h, "Chữ số kiểm tra là 3");
    assert!(
        in_view(&h, &problem),
        "{:?} outside {:?}",
        h.get_by_label(&problem).rect(),
        page_area(&h)
    );
    scroll_to(&mut h, "Lưu hồ sơ");
    assert!(in_view(&h, "Lưu hồ sơ"));
}

#[test]
fn with_large_text_on_a_small_screen_a_profile_s_results_button_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "HTX Thanh Long Chợ Gạo", None);
    {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        let stage = sohoa::enterprise::Stage::Baseline;
        crate::support::complete_dbi_assessment(&mut ws, id, stage, "Lan", &[]);
    }
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::apply(&mut h, Action::OpenEnterprise(id));
    scroll_to(&mut h, "Xem kết quả");
    assert!(
        in_view(&h, "Xem kết quả"),
        "{:?} outside {:?}",
        h.get_by_label("Xem kết quả").rect(),
        page_area(&h)
    );
    crate::support::click(&mut h, "Xem kết quả");
    assert_eq!(core(&h).view.page.kind(), sohoa::app::PageKind::Results);
}

#[test]
fn with_large_text_on_a_small_screen_the_walkthrough_shows_its_answers_and_every_button() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "Công ty TNHH Màn Hình Nhỏ", None);
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::start_baseline(&mut h, id);
    // The consent question is answered on a first visit; then the first answer
    // of the question is in view as the page opens.
    crate::support::click(&mut h, "Đồng ý");
    let first = label_containing(&h, "[0]");
    assert!(
        in_view(&h, &first),
        "{:?} outside {:?}",
        h.get_by_label(&first).rect(),
        page_area(&h)
    );
    for button in ["← Trước", "Tiếp →", "Xem lại và hoàn thành"] {
        let label = label_containing(&h, button);
        scroll_to(&mut h, &label);
        assert!(
            in_view(&h, &label),
            "{label:?} at {:?} outside {:?}",
            h.get_by_label(&label).rect(),
            page_area(&h)
        );
    }
}

#[test]
fn with_large_text_on_a_small_screen_settings_reach_the_text_size_and_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::apply(&mut h, Action::Navigate(sohoa::app::Section::Settings));
    // The language's own row (the top bar has a button for it too).
    h.get_all_by_label("English").last().unwrap().scroll_to_me();
    h.run();
    let english = h.get_all_by_label("English").last().unwrap().rect();
    assert!(
        page_area(&h).expand(1.0).contains_rect(english),
        "English at {english:?} outside {:?}",
        page_area(&h)
    );
    let slider = || h.get_by_role(egui::accesskit::Role::Slider);
    slider().scroll_to_me();
    h.run();
    h.run();
    let slider = h.get_by_role(egui::accesskit::Role::Slider);
    assert!(
        page_area(&h).expand(1.0).contains_rect(slider.rect()),
        "the text-size slider at {:?} outside {:?}",
        slider.rect(),
        page_area(&h)
    );
    // Set back to normal from there, in one step.
    slider.set_value_accesskit(1.0);
    h.run();
    h.run();
    assert_eq!(core(&h).prefs.scale, 1.0);
}

#[test]
fn on_the_program_s_laptop_results_show_the_change_column_and_the_recommendations() {
    use sohoa::enterprise::Stage;
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "Công ty TNHH Kết Quả", None);
    let follow_up = {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        crate::support::complete_dbi_assessment(&mut ws, id, Stage::Baseline, "Lan", &[]);
        let choices = [
            ("infrastructure.broadband_speed", "over_120"),
            ("infrastructure.wifi", "access_control"),
        ];
        crate::support::complete_dbi_assessment(&mut ws, id, Stage::FollowUp(1), "Lan", &choices)
    };
    let mut h = window_on_screen(dir.path(), (1280.0, 800.0), 1.0);
    crate::support::apply(
        &mut h,
        Action::ShowResults {
            enterprise: id,
            assessment: follow_up,
        },
    );
    let change = "Thay đổi từ T0";
    assert!(
        in_view(&h, change),
        "{:?} outside {:?}",
        h.get_by_label(change).rect(),
        page_area(&h)
    );
    let recommendations = "Khuyến nghị theo từng trụ cột";
    scroll_to(&mut h, recommendations);
    assert!(in_view(&h, recommendations));
    // Each recommendation is wrapped inside the page, not cut at its edge.
    let area = page_area(&h);
    let recommendation = label_containing(&h, "Khuyến nghị theo từng trụ cột");
    assert!(
        area.expand(1.0)
            .contains_rect(h.get_by_label(&recommendation).rect())
    );
    for node in h.get_all_by_role(egui::accesskit::Role::Label) {
        let rect = node.rect();
        assert!(
            rect.max.x <= area.max.x + 1.0,
            "{:?} ends at {} past {}",
            node.accesskit_node().label(),
            rect.max.x,
            area.max.x
        );
    }
}

#[test]
fn with_large_text_results_opened_from_the_foot_of_a_profile_start_at_the_top_and_wrap_in_the_page()
{
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "HTX Dừa Sáp Cầu Kè", None);
    {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        let stage = sohoa::enterprise::Stage::Baseline;
        crate::support::complete_dbi_assessment(&mut ws, id, stage, "Lan", &[]);
    }
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::apply(&mut h, Action::OpenEnterprise(id));
    scroll_to(&mut h, "Xem kết quả");
    crate::support::click(&mut h, "Xem kết quả");
    h.run();
    // At the top of the page the radar chart (340 points tall) comes first and
    // the pillar table's header below it; scrolled as the profile was, the
    // header had gone above the page.
    let header = h.get_by_label("Trụ cột").rect();
    let area = page_area(&h);
    assert!(
        header.top() >= area.top() + 300.0,
        "the table header is at {}, the page starts at {}",
        header.top(),
        area.top()
    );
    // The pillar table is wider than 512 points and scrolls sideways; the
    // recommendations below it still wrap inside the page.
    let heading = "Khuyến nghị theo từng trụ cột";
    scroll_to(&mut h, heading);
    let below = h.get_by_label(heading).rect().bottom();
    let area = page_area(&h);
    let paragraphs: Vec<egui::Rect> = h
        .get_all_by_role(egui::accesskit::Role::Label)
        .map(|n| n.rect())
        .filter(|r| r.top() >= below)
        .collect();
    assert!(!paragraphs.is_empty());
    for rect in paragraphs {
        assert!(
            rect.max.x <= area.max.x + 1.0,
            "{rect:?} past {}",
            area.max.x
        );
    }
}

#[test]
fn with_large_text_a_support_activity_s_buttons_do_not_cover_its_words() {
    use sohoa::enterprise::{ActivityKind, SupportActivity};
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "Công ty TNHH Kẹo Dừa Bến Tre", None);
    {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        let activity = SupportActivity {
            id: ulid::Ulid::from_parts(7, 7),
            date: jiff::civil::date(2023, 8, 11),
            kind: ActivityKind::EInvoiceSetup,
            partner: Some("Viettel".into()),
            platform: Some("Phần mềm kế toán trên đám mây".into()),
            note: String::new(),
            modified: None,
        };
        ws.save_activity(id, activity, jiff::Timestamp::now())
            .unwrap();
    }
    let mut h = window_on_screen(dir.path(), (1024.0, 768.0), 2.0);
    crate::support::apply(&mut h, Action::OpenEnterprise(id));
    scroll_to(&mut h, "Sửa");
    let buttons = [h.get_by_label("Sửa").rect(), h.get_by_label("Xóa").rect()];
    // Every run of text on the page (a wrapped label is one run per line), the
    // activity's date, partner and platform among them, is clear of both buttons.
    let runs: Vec<(String, egui::Rect)> = h
        .get_all_by_role(egui::accesskit::Role::TextRun)
        .map(|n| (n.value().unwrap_or_default(), n.rect()))
        .collect();
    for word in ["11/08/2023", "Viettel", "Phần mềm"] {
        assert!(
            runs.iter().any(|(text, _)| text.contains(word)),
            "{word:?} not shown"
        );
    }
    for (text, rect) in runs {
        for button in buttons {
            assert!(
                !rect.shrink(1.0).intersects(button),
                "{text:?} at {rect:?} under a button at {button:?}"
            );
        }
    }
}
