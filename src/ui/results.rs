//! Results of one assessment: the overall level, points and level per pillar with
//! the change since the baseline, the radar chart (baseline dashed, this one
//! solid) and a bar per pillar of the change, then the recommendations.

use eframe::egui::{self, Color32};

use super::widgets::{level_badge, level_color, radar_chart};
use sohoa_core::app::{Action, AppCore};
use sohoa_core::questionnaire::scoring::{PillarScore, ScoreReport};
use sohoa_core::text::{Lang, format_moment};

/// What one results page shows: the enterprise, the assessment, its
/// questionnaire and score, and the baseline's score to compare with.
struct Shown<'a> {
    e: &'a sohoa_core::enterprise::Enterprise,
    a: &'a sohoa_core::enterprise::Assessment,
    q: &'a sohoa_core::questionnaire::Questionnaire,
    /// The edition whose recommendations are shown (`Workspace::advice_for`).
    advice: &'a sohoa_core::questionnaire::Questionnaire,
    report: &'a ScoreReport,
    baseline: Option<&'a ScoreReport>,
    lang: Lang,
}

impl Shown<'_> {
    fn level_name(&self, level: u8) -> String {
        self.q
            .level_name(level)
            .map(|n| n.get(self.lang).to_owned())
            .unwrap_or_default()
    }
}

pub fn results_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    let Some((enterprise_id, assessment_id)) = core.view.results() else {
        ui.label(lang.pick("Chưa chọn kết quả nào.", "No result is selected."));
        return;
    };
    let Some(e) = ws.get(enterprise_id) else {
        return;
    };
    let Some(a) = e.assessments.iter().find(|a| a.id == assessment_id) else {
        return;
    };
    let Some(q) = ws
        .questionnaires
        .get(&a.questionnaire, &a.questionnaire_version)
    else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            lang.pick(
                "Thiếu bộ câu hỏi của đánh giá này.",
                "This assessment's questionnaire is missing.",
            ),
        );
        return;
    };
    // Scored in the refresh step, once per change of the data.
    let Some(results) = core.view.scored_results() else {
        return;
    };
    let advice: &sohoa_core::questionnaire::Questionnaire =
        ws.advice_for(a).map_or(q, |advice| advice);
    let shown = Shown {
        e,
        a,
        q,
        advice,
        report: &results.report,
        baseline: results.baseline.as_ref().map(|(_, b)| b),
        lang,
    };
    headline_ui(ui, core, &shown, actions);
    egui::ScrollArea::both()
        .id_salt(("results", assessment_id))
        .auto_shrink(false)
        .show(ui, |ui| {
            let page_width = ui.available_width();
            // Side by side where there is room; one above the other in a narrow
            // window or at a large text size, so nothing is cut off.
            if ui.available_width() >= 340.0 + TABLE_WIDTH {
                ui.horizontal_top(|ui| {
                    radar_ui(ui, &shown);
                    ui.vertical(|ui| pillar_table_ui(ui, &shown));
                });
            } else {
                radar_ui(ui, &shown);
                pillar_table_ui(ui, &shown);
            }
            ui.separator();
            // Paragraphs wrap at the window's width, not at the table's when the
            // table is the wider (it scrolls sideways; reading should not).
            ui.scope(|ui| {
                ui.set_max_width(page_width);
                recommendations_ui(ui, &shown);
            });
        });
}

/// Back to the profile, the PDF, and the overall level and points.
fn headline_ui(ui: &mut egui::Ui, core: &AppCore, shown: &Shown, actions: &mut Vec<Action>) {
    let Shown {
        e,
        a,
        q,
        report,
        lang,
        ..
    } = shown;
    let lang = *lang;
    ui.horizontal_wrapped(|ui| {
        if ui.link(format!("← {}", e.name)).clicked() {
            actions.push(Action::OpenEnterprise(e.id));
        }
        let latest = e.latest_completed().map(|l| l.id) == Some(a.id);
        if latest && ui.button(lang.pick("Xuất PDF…", "Export PDF…")).clicked() {
            let name = sohoa_core::report::file_name(e);
            let stem = name.strip_suffix(".pdf").unwrap_or(&name);
            let today = super::file_choice::today_for_file_name(core);
            actions.push(Action::ChooseFile {
                goal: sohoa_core::app::state::FileGoal::EnterprisePdf(e.id),
                file_name: format!("{stem}-{today}.pdf"),
            });
        }
    });
    ui.label(format!(
        "{} · {} · {}",
        a.stage.name().get(lang),
        format_moment(a.completed.unwrap_or(a.started)),
        sohoa_core::program::dashboard::version_label(&q.version, lang)
    ));
    ui.horizontal_wrapped(|ui| {
        let level = report.level;
        let title = format!(
            "{} {level} – {}",
            lang.pick("Mức", "Level"),
            shown.level_name(level)
        );
        level_badge(ui, &title, level);
        let points = format!(
            "{}/{} {}",
            report.total,
            report.max_points,
            lang.pick("điểm", "points")
        );
        ui.label(egui::RichText::new(points).size(22.0));
        if !a.is_completed() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.pick("(bản nháp, chưa hoàn thành)", "(draft, not completed)"),
            );
        }
    });
}

/// Each pillar's share: the baseline grey, this assessment in colour.
fn radar_ui(ui: &mut egui::Ui, shown: &Shown) {
    let names: Vec<String> = shown
        .q
        .pillars
        .iter()
        .map(|p| p.name.get(shown.lang).to_owned())
        .collect();
    let latest: Vec<f64> = shown.report.pillars.iter().map(|p| p.share).collect();
    let accent = Color32::from_rgb(0x1f, 0x6f, 0x8b);
    match &shown.baseline {
        Some(b) => {
            let before: Vec<f64> = b.pillars.iter().map(|p| p.share).collect();
            let series: [(&[f64], Color32); 2] = [(&before, Color32::GRAY), (&latest, accent)];
            radar_chart(ui, &names, &series, 340.0);
        }
        None => radar_chart(ui, &names, &[(&latest, accent)], 340.0),
    }
}

/// How wide the pillar table may be, its longest names wrapped: the radar goes
/// beside it only where both fit (at 660 the change column was cut off on a
/// 1280-pixel screen).
const TABLE_WIDTH: f32 = 780.0;

/// A cell of the pillar table that wraps its text at `width` points.
fn wrapped_cell(ui: &mut egui::Ui, width: f32, text: impl Into<egui::WidgetText>) {
    // A set width: a wrapped label in a grid takes its column's width of the
    // frame before, and a column that starts narrow would stay narrow.
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// Points, share and level per pillar, with a bar of the change since the
/// baseline; then what scored 0 without an answer.
fn pillar_table_ui(ui: &mut egui::Ui, shown: &Shown) {
    let (lang, report) = (shown.lang, &shown.report);
    egui::Grid::new("pillar-table")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for (vi, en) in [
                ("Trụ cột", "Pillar"),
                ("Điểm", "Points"),
                ("Tỷ lệ", "Share"),
                ("Mức", "Level"),
                ("Thay đổi từ T0", "Change since T0"),
            ] {
                ui.strong(lang.pick(vi, en));
            }
            ui.end_row();
            for (i, (pillar, result)) in shown.q.pillars.iter().zip(&report.pillars).enumerate() {
                wrapped_cell(ui, 220.0, pillar.name.get(lang));
                ui.label(format!("{}/{}", result.points, result.max_points));
                ui.label(sohoa_core::text::format_percent(result.share, 0, lang));
                let level = format!("{} – {}", result.level, shown.level_name(result.level));
                wrapped_cell(
                    ui,
                    200.0,
                    egui::RichText::new(level).color(level_color(result.level)),
                );
                match shown.baseline.as_ref().and_then(|b| b.pillars.get(i)) {
                    Some(before) => change_bar_ui(ui, result, before),
                    None => {
                        ui.label("–");
                    }
                }
                ui.end_row();
            }
        });
    if shown.baseline.is_some() {
        let legend = lang.pick(
            "Biểu đồ: nét đứt là đầu kỳ (T0), nét liền là lần này.",
            "Chart: dashed is the baseline (T0), solid is this assessment.",
        );
        ui.label(egui::RichText::new(legend).weak());
    }
    let (unanswered, not_applicable, skipped) = (
        report.unanswered.len(),
        report.not_applicable.len(),
        report.skipped.len(),
    );
    if unanswered + not_applicable + skipped > 0 {
        let text = lang.pick(
            format!(
                "{unanswered} câu chưa trả lời, {not_applicable} câu không áp dụng, {skipped} câu bỏ qua: đều tính 0 điểm."
            ),
            format!(
                "{unanswered} unanswered, {not_applicable} not applicable, {skipped} skipped: all score 0."
            ),
        );
        ui.label(egui::RichText::new(text).weak());
    }
}

/// A bar from the middle, right and green for points gained, left and red for
/// points lost, and the change in figures.
fn change_bar_ui(ui: &mut egui::Ui, result: &PillarScore, before: &PillarScore) {
    let delta = i64::from(result.points) - i64::from(before.points);
    let (w, h) = (120.0, 14.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
    let mid = rect.center().x;
    let scale = (w / 2.0) / result.max_points.max(1) as f32;
    let end = mid + delta as f32 * scale;
    let color = if delta >= 0 {
        Color32::from_rgb(0x2e, 0x85, 0x5a)
    } else {
        Color32::from_rgb(0xb9, 0x3a, 0x32)
    };
    let bar = egui::Rect::from_x_y_ranges(mid.min(end)..=mid.max(end), rect.y_range());
    ui.painter().rect_filled(bar, 2.0, color);
    let axis = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
    ui.painter().vline(mid, rect.y_range(), axis);
    ui.label(format!("{delta:+}"));
}

/// Each pillar's recommendation at the level it reached.
fn recommendations_ui(ui: &mut egui::Ui, shown: &Shown) {
    let lang = shown.lang;
    ui.heading(lang.pick(
        "Khuyến nghị theo từng trụ cột",
        "Recommendations for each pillar",
    ));
    for (pillar, result) in shown.q.pillars.iter().zip(&shown.report.pillars) {
        if let Some(text) = shown.advice.recommendation(&pillar.id, result.level) {
            let title = format!(
                "{} · {} {}",
                pillar.name.get(lang),
                lang.pick("mức", "level"),
                result.level
            );
            ui.label(egui::RichText::new(title).strong());
            ui.add(egui::Label::new(text.get(lang)).wrap());
            ui.add_space(6.0);
        }
    }
}
