//! A consultant's first day, round two, in the window: demo data never mixes
//! with real records, and the first real work is backed up the same day.

use eframe::egui;
use egui_kittest::kittest::Queryable;
use sohoa::app::Action;

use crate::gui_figures::{stored, type_at};
use crate::support::{click, core, open_window, press, shows_text, type_into, workspace};

const DEMO_BUTTON: &str = "Xem thử với 1.000 doanh nghiệp mẫu";

/// Saves a first enterprise through the side panel's button (the welcome
/// panel's own button closes it) and the profile form.
fn add_first_enterprise(h: &mut crate::support::Window, name: &str) {
    click(h, "+ Thêm doanh nghiệp");
    type_into(h, "Tên doanh nghiệp *", name);
    h.run();
    click(h, "Lưu hồ sơ");
}

#[test]
fn the_offer_of_demo_data_goes_once_real_work_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    assert!(shows_text(&h, DEMO_BUTTON));
    add_first_enterprise(&mut h, "Công ty TNHH Dừa Xanh");
    click(&mut h, "Tổng quan");
    assert!(
        !shows_text(&h, DEMO_BUTTON),
        "the offer stays after real work"
    );
}

#[test]
fn demo_data_opens_in_a_folder_of_its_own_beside_the_real_one_and_the_way_back_is_one_click() {
    let place = tempfile::tempdir().unwrap();
    let data = place.path().join("Sohoa");
    let mut h = open_window(&data);
    click(&mut h, DEMO_BUTTON);
    crate::support::run_until(&mut h, |h| workspace(h).enterprises().len() == 1000);
    let demo = place.path().join("Sohoa-du-lieu-mau");
    assert_eq!(workspace(&h).folder().root(), demo);
    assert!(workspace(&h).program.demo);
    assert!(workspace(&h).enterprises().iter().all(sohoa::demo::is_demo));
    assert!(
        sohoa::workspace::Workspace::open(&data)
            .unwrap()
            .enterprises()
            .is_empty(),
        "nothing of the demo in the real folder"
    );
    h.run();
    assert!(shows_text(&h, "1.000 doanh nghiệp mẫu để xem thử"));
    assert!(shows_text(&h, "Đây là thư mục dữ liệu mẫu."));
    click(&mut h, "Về thư mục dữ liệu thật");
    crate::support::run_until(&mut h, |h| workspace(h).folder().root() == data);
    assert_eq!(workspace(&h).folder().root(), data);
    assert!(workspace(&h).enterprises().is_empty());
}

#[test]
fn the_first_enterprise_saved_in_a_new_folder_is_backed_up_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    assert_eq!(workspace(&h).folder().backups().len(), 0);
    add_first_enterprise(&mut h, "HTX Bưởi Da Xanh");
    assert_eq!(workspace(&h).enterprises().len(), 1);
    let backups = workspace(&h).folder().backups();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].enterprises, 1);
}

#[test]
fn consent_clicked_on_a_profile_just_saved_is_not_taken_for_another_computer_s_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    add_first_enterprise(&mut h, "Công ty TNHH Kẹo Dừa Thanh Long");
    type_into(&mut h, "Điện thoại", "0275 3822 123");
    h.run();
    click(&mut h, "Lưu hồ sơ");
    click(&mut h, "Đồng ý");
    assert!(!shows_text(&h, "vừa được sửa trên máy khác"));
    // The next save records the person's own change, not a merge of "changes
    // received while the form was open".
    type_into(&mut h, "Địa chỉ", "Số 69, Hùng Vương");
    h.run();
    click(&mut h, "Lưu hồ sơ");
    let record = workspace(&h).enterprises().first().unwrap().clone();
    assert!(record.may_share_contacts());
    assert_eq!(record.address, "Số 69, Hùng Vương");
    assert!(
        !record
            .history
            .iter()
            .any(|c| matches!(c.what, sohoa::enterprise::ChangeKind::Merged { .. })),
        "{:?}",
        record.history
    );
}

/// The names of the list's rows, in the order shown.
fn listed_names(h: &crate::support::Window) -> Vec<String> {
    let ws = workspace(h);
    core(h)
        .view
        .list
        .rows
        .iter()
        .map(|i| ws.enterprises().get(*i).unwrap().name.clone())
        .collect()
}

#[test]
fn the_list_sorts_by_the_place_it_shows_and_numbers_in_names_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        // (name, unit entered with, address): shown as Xã Ba Tri, Xã An Định and
        // Xã Giao Long, the communes those units are now.
        for (name, unit, address) in [
            (
                "HTX An Khang 10",
                "ba-tri",
                "ấp 3, xã Vĩnh Hòa, huyện Ba Tri",
            ),
            ("HTX An Khang 2", "xa-an-dinh", "ấp Tân Trung"),
            (
                "HTX An Khang 1",
                "chau-thanh",
                "ấp 1, xã Giao Long, huyện Châu Thành",
            ),
        ] {
            let mut e = sohoa::enterprise::Enterprise::new(name, jiff::Timestamp::now());
            e.admin_unit = Some(unit.into());
            e.address = address.into();
            ws.save(e).unwrap();
        }
    }
    let mut h = open_window(dir.path());
    click(&mut h, "Doanh nghiệp");
    assert_eq!(
        listed_names(&h),
        ["HTX An Khang 1", "HTX An Khang 2", "HTX An Khang 10"]
    );
    // The column's header, not the filter of the same name.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Địa bàn")
        .click();
    h.run();
    assert!(shows_text(&h, "Xã Ba Tri") && shows_text(&h, "Xã Giao Long"));
    assert_eq!(
        listed_names(&h),
        ["HTX An Khang 2", "HTX An Khang 10", "HTX An Khang 1"],
        "Xã An Định, Xã Ba Tri, Xã Giao Long"
    );
}

/// A window walking a new enterprise's baseline.
fn walkthrough_of_a_new_enterprise(dir: &std::path::Path, name: &str) -> crate::support::Window {
    let id = crate::support::save_new_enterprise(dir, name, None);
    let mut h = open_window(dir);
    crate::support::start_baseline(&mut h, id);
    h
}

fn type_text(h: &mut crate::support::Window, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
    h.run();
}

#[test]
fn figures_typed_after_going_back_replace_the_box_they_land_in_and_show_it() {
    use sohoa::questionnaire::{Answer, RatioFigures};
    let dir = tempfile::tempdir().unwrap();
    let mut h = walkthrough_of_a_new_enterprise(dir.path(), "Công ty TNHH Hồ sơ Số");
    // 3.2.2: 55 records of 100 electronic, by the keyboard.
    type_at(&mut h, "infrastructure.e_records", "55");
    crate::support::press(&mut h, egui::Key::Enter);
    type_text(&mut h, "100");
    crate::support::press(&mut h, egui::Key::Enter);
    let figures = |part: &str, whole: &str| {
        Some(Answer::Ratio(RatioFigures::new(
            part.parse().unwrap(),
            Some(whole.parse().unwrap()),
        )))
    };
    assert_eq!(stored(&h, "infrastructure.e_records"), figures("55", "100"));
    // Back with a click, then Enter and a new total typed.
    click(&mut h, "← Trước");
    crate::support::press(&mut h, egui::Key::Enter);
    type_text(&mut h, "66");
    let walk = core(&h).view.walk().unwrap();
    assert_eq!(
        (walk.number_text.as_str(), walk.whole_text.as_str()),
        ("55", "66")
    );
    assert_eq!(stored(&h, "infrastructure.e_records"), figures("55", "66"));
}

#[test]
fn after_a_click_back_the_keyboard_answers_and_types_into_the_questions_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = walkthrough_of_a_new_enterprise(dir.path(), "Công ty TNHH Phân tích");
    type_at(&mut h, "data.decision_support", "");
    let position = core(&h).view.walk().unwrap().position;
    // Back to 6.1.6 with a click; 3 and Enter answer it; 78 goes into 6.1.7's box.
    click(&mut h, "← Trước");
    crate::support::press(&mut h, crate::support::digit_key(3));
    assert!(
        stored(&h, "data.bi_analytics").is_some(),
        "3 answered 6.1.6"
    );
    crate::support::press(&mut h, egui::Key::Enter);
    type_text(&mut h, "78");
    assert_eq!(core(&h).view.walk().unwrap().position, position);
    assert_eq!(core(&h).view.walk().unwrap().number_text, "78");
}

#[test]
fn the_latest_draft_and_a_profile_s_assessment_are_one_key_away_and_the_key_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let first = crate::support::save_new_enterprise(dir.path(), "HTX Dừa Xiêm", None);
    let second = crate::support::save_new_enterprise(dir.path(), "HTX Bưởi Năm Roi", None);
    {
        let mut h = open_window(dir.path());
        crate::support::start_baseline(&mut h, first);
        crate::support::press_then_enter(&mut h, crate::support::digit_key(2), 2);
    }
    // Opened again: the draft page, and Ctrl+Enter resumes the draft.
    let mut h = open_window(dir.path());
    assert!(shows_text(
        &h,
        "Ctrl+Enter: tiếp tục bản nháp gần nhất (“HTX Dừa Xiêm”)"
    ));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    let walk = core(&h).view.walk().expect("the walkthrough is open");
    assert_eq!(walk.enterprise, first);
    // On another enterprise's profile, the same key starts its baseline.
    crate::support::apply(&mut h, Action::OpenEnterprise(second));
    assert!(shows_text(&h, "Ctrl+Enter"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    let walk = core(&h).view.walk().expect("the walkthrough is open");
    assert_eq!(walk.enterprise, second);
}

#[test]
fn unanswered_questions_are_named_by_their_criterion_number_on_the_review_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = walkthrough_of_a_new_enterprise(dir.path(), "HTX Tiêu chí");
    crate::support::apply(&mut h, Action::Review);
    assert!(shows_text(&h, "6.1.7 "), "the criterion's number");
    assert!(!shows_text(&h, "64. "), "not its position");
}

#[test]
fn a_bundle_s_suggested_file_name_names_its_sender() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    crate::support::core_mut(&mut h).prefs.consultant = "Lê Văn Ân".into();
    let name = sohoa::ui::file_choice::bundle_file_name(core(&h));
    assert!(name.starts_with("sohoa-le-van-an-"), "{name}");
    assert!(name.ends_with(".sohoa"), "{name}");
}

#[test]
fn an_office_key_pasted_twice_is_said_to_be_there_already_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    let office = sohoa::keys::KeyPair::generate().unwrap().card("Văn phòng");
    for _ in 0..2 {
        crate::support::core_mut(&mut h).view.keys_form.pasted_card = office.to_text();
        crate::support::apply(&mut h, Action::Keys(sohoa::app::KeyAction::AddOffice));
    }
    let said: Vec<&str> = core(&h)
        .view
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert!(said[0].starts_with("Đã thêm khóa văn phòng"), "{said:?}");
    assert!(
        said[1].contains("đã có sẵn trong chương trình từ trước"),
        "{said:?}"
    );
}

#[test]
fn a_message_appearing_does_not_move_the_page_under_the_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::support::save_new_enterprise(dir.path(), "HTX Nút Đứng Yên", None);
    let mut h = open_window(dir.path());
    crate::support::apply(&mut h, Action::OpenEnterprise(id));
    let before = h.get_by_label("Lưu hồ sơ").rect();
    crate::support::core_mut(&mut h).report("Không ghi được tệp");
    h.run();
    assert!(!core(&h).view.messages.is_empty());
    assert_eq!(h.get_by_label("Lưu hồ sơ").rect(), before);
}

#[test]
fn a_list_opened_from_a_dashboard_bar_starts_at_its_first_row() {
    use sohoa::program::dashboard::Dimension;
    let dir = tempfile::tempdir().unwrap();
    crate::with_ben_tre_program(dir.path());
    {
        let mut ws = sohoa::workspace::Workspace::open(dir.path()).unwrap();
        let q = ws.program_questionnaire().unwrap().clone();
        let demo = sohoa::demo::generate(&ws.program, &q, 300, 7, &Default::default());
        ws.add_many(demo).unwrap();
    }
    let mut h = open_window(dir.path());
    click(&mut h, "Doanh nghiệp");
    // Far down the whole list, with the keyboard.
    for _ in 0..250 {
        h.key_press(egui::Key::ArrowDown);
    }
    h.run();
    h.run();
    let partner = workspace(&h).program.partners[0].clone();
    crate::support::apply(
        &mut h,
        Action::FilterList {
            dimension: Dimension::Partner,
            key: partner,
        },
    );
    h.run();
    let first = listed_names(&h)[0].clone();
    assert!(listed_names(&h).len() > 60, "a list longer than the window");
    assert!(shows_text(&h, &first), "the first row, {first}, is shown");
}

#[test]
fn the_note_that_2021_2025_has_ended_goes_once_the_program_continues_into_a_new_period() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    click(&mut h, "Cài đặt");
    let ended = "Chương trình 2021–2025 đã kết thúc";
    assert!(shows_text(&h, ended));
    let continue_button = "Tiếp tục sang giai đoạn mới…";
    h.get_by_label(continue_button).scroll_to_me();
    h.run();
    click(&mut h, continue_button);
    type_into(&mut h, "Tên (tiếng Việt)", "Giai đoạn 2026–2030");
    type_into(&mut h, "Tên (tiếng Anh)", "2026–2030 period");
    h.run();
    let save = "Lưu cài đặt chương trình";
    h.get_by_label(save).scroll_to_me();
    h.run();
    click(&mut h, save);
    assert_eq!(workspace(&h).program.past_periods.len(), 1);
    assert!(!shows_text(&h, ended));
    click(&mut h, "Tổng quan");
    assert!(!shows_text(&h, ended));
}

#[test]
fn the_window_s_background_before_its_first_paint_is_the_theme_s_not_black() {
    use eframe::App;
    let dir = tempfile::tempdir().unwrap();
    let app = crate::support::app_on(dir.path());
    let light = egui::Visuals::light().panel_fill.to_normalized_gamma_f32();
    assert_eq!(app.clear_color(&egui::Visuals::dark()), light);
    assert!(light[..3].iter().all(|channel| *channel > 0.9), "{light:?}");
}

/// Every rectangle outline painted in the last frame, nested shapes included.
fn painted_outlines(h: &crate::support::Window) -> Vec<egui::epaint::RectShape> {
    fn collect(shape: &egui::Shape, into: &mut Vec<egui::epaint::RectShape>) {
        match shape {
            egui::Shape::Rect(rect) if rect.stroke.width > 0.0 => into.push(rect.clone()),
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| collect(s, into)),
            _ => {}
        }
    }
    let mut outlines = Vec::new();
    for clipped in &h.output().shapes {
        collect(&clipped.shape, &mut outlines);
    }
    outlines
}

#[test]
fn a_dashboard_bar_reached_with_tab_is_ringed_like_every_focused_control() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::save_new_enterprise(dir.path(), "HTX Dừa Xiêm", None);
    crate::support::save_new_enterprise(dir.path(), "HTX Bưởi Năm Roi", None);
    let mut h = open_window(dir.path());
    assert!(
        shows_text(&h, "Bấm vào một thanh"),
        "the dashboard is shown"
    );
    let ring = h.ctx.global_style().visuals.selection.stroke.color;
    // Tab on until the keyboard is on a bar (the only controls 18 points tall).
    let mut bar = None;
    for _ in 0..120 {
        press(&mut h, egui::Key::Tab);
        let focused = h.ctx.memory(|m| m.focused());
        let rect = focused
            .and_then(|id| h.ctx.read_response(id))
            .map(|r| r.rect);
        if let Some(rect) = rect.filter(|r| r.height() == 18.0) {
            bar = Some(rect);
            break;
        }
    }
    let bar = bar.expect("Tab reaches a dashboard bar");
    let ringed = painted_outlines(&h).iter().any(|outline| {
        outline.rect.contains_rect(bar)
            && outline.rect.width() <= bar.width() + 8.0
            && outline.stroke.color == ring
            && outline.stroke.width >= 2.0
    });
    assert!(
        ringed,
        "no ring of {ring:?} around the focused bar at {bar:?}"
    );
}
