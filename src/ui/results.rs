//! Results of one assessment: the overall level, points and level per pillar with
//! the change since the baseline, the radar chart (baseline dashed, this one
//! solid) and a bar per pillar of the change, then the recommendations.

use eframe::egui::{self, Color32};

use super::widgets::{level_badge, level_color, radar_chart};
use crate::enterprise::Stage;
use crate::questionnaire::score;
use crate::text::format_moment;
use sohoa_core::app::{Action, AppCore};

pub fn results_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    let Some((enterprise_id, assessment_id)) = core.view.results else {
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
    let report = score(q, &a.answers);
    // The baseline to compare with: the completed baseline, if this is a follow-up.
    let baseline = (a.stage != Stage::Baseline)
        .then(|| e.baseline())
        .flatten()
        .filter(|b| b.questionnaire == a.questionnaire)
        .and_then(|b| {
            ws.questionnaires
                .get(&b.questionnaire, &b.questionnaire_version)
                .map(|bq| score(bq, &b.answers))
        });
    ui.horizontal(|ui| {
        if ui.link(format!("← {}", e.name)).clicked() {
            actions.push(Action::OpenEnterprise(e.id));
        }
        let latest = e.latest_completed().map(|l| l.id) == Some(a.id);
        if latest && ui.button(lang.pick("Xuất PDF…", "Export PDF…")).clicked() {
            let name = crate::report::file_name(e);
            let stem = name.strip_suffix(".pdf").unwrap_or(&name);
            actions.push(Action::ChooseFile {
                goal: sohoa_core::app::state::FileGoal::EnterprisePdf(e.id),
                file_name: format!(
                    "{stem}-{}.pdf",
                    super::file_choice::today_for_file_name(core)
                ),
            });
        }
    });
    ui.label(format!(
        "{} · {} · {}",
        a.stage.name().get(lang),
        format_moment(a.completed.unwrap_or(a.started)),
        crate::program::dashboard::edition_label(&q.id, &q.version, lang)
    ));
    let level_name = |level: u8| {
        q.level_name(level)
            .map(|n| n.get(lang).to_owned())
            .unwrap_or_default()
    };
    ui.horizontal(|ui| {
        level_badge(
            ui,
            &format!(
                "{} {} – {}",
                lang.pick("Mức", "Level"),
                report.level,
                level_name(report.level)
            ),
            report.level,
        );
        ui.label(
            egui::RichText::new(format!(
                "{}/{} {}",
                report.total,
                report.max_points,
                lang.pick("điểm", "points")
            ))
            .size(22.0),
        );
        if !a.is_completed() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.pick("(bản nháp, chưa hoàn thành)", "(draft, not completed)"),
            );
        }
    });
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        let radar = |ui: &mut egui::Ui| {
            let names: Vec<String> = q.pillars.iter().map(|p| p.name.get(lang).to_owned()).collect();
            let latest: Vec<f64> = report.pillars.iter().map(|p| p.share).collect();
            let accent = Color32::from_rgb(0x1f, 0x6f, 0x8b);
            match &baseline {
                Some(b) => {
                    let before: Vec<f64> = b.pillars.iter().map(|p| p.share).collect();
                    radar_chart(ui, &names, &[(&before, Color32::GRAY), (&latest, accent)], 340.0);
                }
                None => radar_chart(ui, &names, &[(&latest, accent)], 340.0),
            }
        };
        let table = |ui: &mut egui::Ui| {
                egui::Grid::new("pillar-table").striped(true).num_columns(5).show(ui, |ui| {
                    ui.strong(lang.pick("Trụ cột", "Pillar"));
                    ui.strong(lang.pick("Điểm", "Points"));
                    ui.strong(lang.pick("Tỷ lệ", "Share"));
                    ui.strong(lang.pick("Mức", "Level"));
                    ui.strong(lang.pick("Thay đổi từ T0", "Change since T0"));
                    ui.end_row();
                    for (i, (pillar, result)) in q.pillars.iter().zip(&report.pillars).enumerate() {
                        ui.label(pillar.name.get(lang));
                        ui.label(format!("{}/{}", result.points, result.max_points));
                        ui.label(crate::text::format_percent(result.share, 0, lang));
                        ui.colored_label(level_color(result.level), format!("{} – {}", result.level, level_name(result.level)));
                        match baseline.as_ref().and_then(|b| b.pillars.get(i)) {
                            Some(before) => {
                                let delta = i64::from(result.points) - i64::from(before.points);
                                let (w, h) = (120.0, 14.0);
                                let (rect, _) = ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
                                let mid = rect.center().x;
                                let scale = (w / 2.0) / result.max_points.max(1) as f32;
                                let end = mid + delta as f32 * scale;
                                let color = if delta >= 0 { Color32::from_rgb(0x2e, 0x85, 0x5a) } else { Color32::from_rgb(0xb9, 0x3a, 0x32) };
                                ui.painter().rect_filled(
                                    egui::Rect::from_x_y_ranges(mid.min(end)..=mid.max(end), rect.y_range()),
                                    2.0,
                                    color,
                                );
                                ui.painter().vline(mid, rect.y_range(), egui::Stroke::new(1.0, ui.visuals().weak_text_color()));
                                ui.label(format!("{delta:+}"));
                            }
                            None => {
                                ui.label("–");
                            }
                        }
                        ui.end_row();
                    }
                });
                if baseline.is_some() {
                    ui.label(egui::RichText::new(lang.pick("Biểu đồ: nét đứt là đầu kỳ (T0), nét liền là lần này.", "Chart: dashed is the baseline (T0), solid is this assessment.")).weak());
                }
                if !report.unanswered.is_empty() || !report.not_applicable.is_empty() || !report.skipped.is_empty() {
                    ui.label(
                        egui::RichText::new(lang.pick(format!(
                                "{} câu chưa trả lời, {} câu không áp dụng, {} câu bỏ qua: đều tính 0 điểm.",
                                report.unanswered.len(),
                                report.not_applicable.len(),
                                report.skipped.len()
                            ), format!(
                                "{} unanswered, {} not applicable, {} skipped: all score 0.",
                                report.unanswered.len(),
                                report.not_applicable.len(),
                                report.skipped.len()
                            )))
                        .weak(),
                    );
                }
        };
        // Side by side where there is room; one above the other in a narrow
        // window or at a large text size, so nothing is cut off.
        if ui.available_width() >= 340.0 + 660.0 {
            ui.horizontal_top(|ui| {
                radar(ui);
                ui.vertical(|ui| table(ui));
            });
        } else {
            radar(ui);
            table(ui);
        }
        ui.separator();
        ui.heading(lang.pick("Khuyến nghị theo từng trụ cột", "Recommendations for each pillar"));
        for (pillar, result) in q.pillars.iter().zip(&report.pillars) {
            if let Some(text) = q.recommendation(&pillar.id, result.level) {
                ui.label(egui::RichText::new(format!("{} · {} {}", pillar.name.get(lang), lang.pick("mức", "level"), result.level)).strong());
                ui.add(egui::Label::new(text.get(lang)).wrap());
                ui.add_space(6.0);
            }
        }
    });
}
