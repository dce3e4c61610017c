//! Figures typed in the walkthrough, as a consultant types them: kept with every
//! digit, a part equal to its total reaching the top step, and a part above its
//! total, a count with a decimal or a shared total below a part already given
//! refused on screen with the reason, and not saved: what is stored is what the
//! box says, or nothing.

use eframe::egui;
use sohoa::app::Action;
use sohoa::questionnaire::{Answer, RatioFigures};

use crate::support::{
    Window, apply, core, open_window, save_new_enterprise, shows_text, start_baseline,
};

/// Opens the walkthrough at `question` and types `text` into its first box.
pub(crate) fn type_at(h: &mut Window, question: &str, text: &str) {
    let position = core(h)
        .walk_questionnaire()
        .unwrap()
        .position(question)
        .unwrap();
    apply(h, Action::GoToQuestion(position));
    h.event(egui::Event::Text(text.into()));
    h.run();
    h.run();
}

pub(crate) fn stored(h: &Window, question: &str) -> Option<Answer> {
    core(h)
        .current_assessment()
        .unwrap()
        .answers
        .get(question)
        .cloned()
}

fn d(text: &str) -> sohoa::decimal::Decimal {
    text.parse().unwrap()
}

#[test]
fn a_part_equal_to_its_shared_total_typed_with_a_decimal_comma_scores_five() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Công ty TNHH Dữ liệu Ba Tri", None);
    let mut h = open_window(dir.path());
    start_baseline(&mut h, id);
    type_at(&mut h, "figure.revenue_last_year", "24691,3578");
    assert_eq!(
        stored(&h, "figure.revenue_last_year"),
        Some(Answer::Number(d("24691.3578")))
    );
    type_at(&mut h, "data.data_revenue", "24691,3578");
    assert_eq!(
        stored(&h, "data.data_revenue"),
        Some(Answer::Ratio(RatioFigures::new(d("24691.3578"), None)))
    );
    assert!(shows_text(&h, "→ 100% → 5 điểm"));
    // Coming back shows every digit, in the Vietnamese notation.
    apply(&mut h, Action::NextQuestion);
    apply(&mut h, Action::PreviousQuestion);
    assert_eq!(core(&h).view.walk().unwrap().number_text, "24691,3578");
}

#[test]
fn a_part_above_its_shared_total_is_refused_on_screen_and_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Công ty TNHH Cơ khí Mỏ Cày", None);
    let mut h = open_window(dir.path());
    start_baseline(&mut h, id);
    type_at(&mut h, "figure.total_staff", "5");
    type_at(&mut h, "operations.ict_stem_staff_share", "7");
    assert!(shows_text(
        &h,
        "phần (7) lớn hơn tổng của nó, 5, là câu trả lời của figure.total_staff"
    ));
    assert_eq!(stored(&h, "operations.ict_stem_staff_share"), None);
}

#[test]
fn a_count_with_a_decimal_and_a_total_below_a_part_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Hợp tác xã Dừa Thạnh Phú", None);
    let mut h = open_window(dir.path());
    start_baseline(&mut h, id);
    type_at(&mut h, "figure.total_staff", "2,5");
    assert!(shows_text(
        &h,
        "2,5 không phải số nguyên: ở đây đếm người hoặc đồ vật"
    ));
    assert_eq!(stored(&h, "figure.total_staff"), None);

    type_over(&mut h, "10");
    type_at(&mut h, "operations.ict_stem_staff_share", "4");
    assert_eq!(
        stored(&h, "operations.ict_stem_staff_share"),
        Some(Answer::Ratio(RatioFigures::new(d("4"), None)))
    );
    // Back at the total: 3 staff would be fewer than the 4 graduates counted.
    let position = core(&h)
        .walk_questionnaire()
        .unwrap()
        .position("figure.total_staff")
        .unwrap();
    apply(&mut h, Action::GoToQuestion(position));
    type_over(&mut h, "3");
    assert!(shows_text(
        &h,
        "tổng 3 nhỏ hơn 4 đã ghi ở tiêu chí 4.2.2; sửa tiêu chí đó trước"
    ));
    // The refused total is not kept, and neither is the 10 it was typed over:
    // what is stored is what the box says, or nothing.
    assert_eq!(stored(&h, "figure.total_staff"), None);
}

/// Types `text` one character per frame, as fingers do.
fn type_key_by_key(h: &mut Window, text: &str) {
    for character in text.chars() {
        h.event(egui::Event::Text(character.to_string()));
        h.run();
    }
    h.run();
}

#[test]
fn a_figure_refused_at_its_last_key_leaves_no_answer_rather_than_the_figure_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let id = save_new_enterprise(dir.path(), "Công ty TNHH Kẹo dừa Mỏ Cày", None);
    let mut h = open_window(dir.path());
    start_baseline(&mut h, id);
    type_at(&mut h, "figure.total_staff", "");
    type_key_by_key(&mut h, "2,5");
    assert!(shows_text(&h, "2,5 không phải số nguyên"));
    assert_eq!(stored(&h, "figure.total_staff"), None);

    type_over(&mut h, "10");
    type_at(&mut h, "operations.ict_stem_staff_share", "");
    type_key_by_key(&mut h, "12");
    assert!(shows_text(&h, "phần (12) lớn hơn tổng của nó, 10"));
    assert_eq!(stored(&h, "operations.ict_stem_staff_share"), None);
    // Typing on to a part that fits stores it.
    type_over(&mut h, "7");
    assert_eq!(
        stored(&h, "operations.ict_stem_staff_share"),
        Some(Answer::Ratio(RatioFigures::new(d("7"), None)))
    );
}

/// Replaces what the open figure box holds with `text` by selecting it all and
/// typing over it, so the box is never empty (an empty box removes the answer).
fn type_over(h: &mut Window, text: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.event(egui::Event::Text(text.into()));
    h.run();
    h.run();
}
