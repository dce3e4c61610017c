//! The program dashboard: supported against the target with the pace needed and
//! the projected finish, the funnel, bars by place, sector, size, partner and
//! level (each bar opens the filtered list), the level distribution at baseline
//! and now, the average pillar profile, and who is due for a follow-up.

use eframe::egui::{self, Color32};

use super::group_thousands;
use super::widgets::{bar_row, level_color, radar_chart};
use sohoa_core::app::{Action, AppCore};
use sohoa_core::program::dashboard::{Dashboard, Dimension};
use sohoa_core::text::{Lang, format_date, local_date};
use sohoa_core::workspace::live::LiveDashboard;

pub fn dashboard_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    if !core.view.welcome_dismissed {
        welcome_ui(ui, core, actions);
        return;
    }
    let Some(dashboard) = core.view.dashboard.as_ref().map(LiveDashboard::dashboard) else {
        return;
    };
    let ws = &core.workspace;
    let q = ws.program_questionnaire();
    egui::ScrollArea::both().id_salt("dashboard").auto_shrink(false).show(ui, |ui| {
        ui.heading(ws.program.name.get(lang));
        if ws.program.demo {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    lang.pick("Đây là thư mục dữ liệu mẫu.", "This is the demo data folder."),
                );
                if ui.button(lang.pick("Về thư mục dữ liệu thật", "Back to the real data folder")).clicked() {
                    actions.push(Action::LeaveDemo);
                }
            });
        }
        if let Some((_, demo)) = core.view.demo_records.filter(|(_, n)| *n > 0) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.pick(
                    format!(
                        "Thư mục này có {} doanh nghiệp mẫu để xem thử: không phải doanh nghiệp thật, đừng đưa vào báo cáo.",
                        group_thousands(demo, lang)
                    ),
                    format!(
                        "This folder holds {} demo enterprises to look around with: not real enterprises, keep them out of reports.",
                        group_thousands(demo, lang)
                    ),
                ),
            );
        }
        ui.label(format!(
            "{} {} – {}",
            lang.pick("Giai đoạn", "Period"),
            format_date(ws.program.start),
            format_date(ws.program.end)
        ));
        let in_period = dashboard.period.supported;
        let fraction = in_period as f32 / dashboard.target.max(1) as f32;
        ui.add(
            egui::ProgressBar::new(fraction.min(1.0)).desired_height(26.0).text(
                egui::RichText::new(format!(
                    "{} / {} {}",
                    group_thousands(in_period as usize, lang),
                    group_thousands(dashboard.target as usize, lang),
                    lang.pick("doanh nghiệp đã được hỗ trợ trong giai đoạn", "enterprises supported in the period")
                ))
                .strong(),
            ),
        );
        ui.label(egui::RichText::new(pace_sentence(dashboard, &ws.program, lang)).size(16.0));
        if dashboard.period_ended {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.pick(
                    "Giai đoạn này đã kết thúc. Có thể tiếp tục chương trình sang giai đoạn mới trong Cài đặt; kết quả giai đoạn này được giữ lại.",
                    "This period has ended. The program can be continued into a new period in Settings; this period's result is kept.",
                ),
            );
        }
        for period in &ws.program.past_periods {
            ui.label(sohoa_core::program::dashboard::past_period_sentence(period, lang));
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.pick("Báo cáo chương trình (PDF)…", "Program report (PDF)…")).clicked() {
                actions.push(Action::ChooseFile {
                    goal: sohoa_core::app::state::FileGoal::ProgramReport,
                    file_name: format!("bao-cao-chuong-trinh-{}.pdf", super::file_choice::today_for_file_name(core)),
                });
            }
            if ui.button(lang.pick("PDF tóm tắt cho mọi doanh nghiệp…", "Summary PDFs for every enterprise…")).clicked() {
                actions.push(Action::ChooseFile {
                    goal: sohoa_core::app::state::FileGoal::AllSummaries,
                    file_name: format!("tom-tat-{}", super::file_choice::today_for_file_name(core)),
                });
            }
            let hint = lang.pick(
                "Một tệp HTML để doanh nghiệp tự đánh giá trên điện thoại hoặc máy tính, không cần cài gì, không cần mạng; kết quả gửi lại là một tệp nhập được.",
                "One HTML file for an enterprise to assess itself on a phone or a PC, with nothing to install and no connection; the result comes back as one file to import.",
            );
            if super::widgets::button_with_hint(ui, lang.pick("Phiếu tự đánh giá…", "Self-assessment form…"), hint) {
                actions.push(Action::ChooseFile {
                    goal: sohoa_core::app::state::FileGoal::SelfAssessmentForm(None),
                    file_name: sohoa_core::exchange::form::form_file_name(None),
                });
            }
        });
        ui.add_space(8.0);
        let funnel = |ui: &mut egui::Ui, actions: &mut Vec<Action>| {
                ui.strong(lang.pick("Phễu chương trình", "Program funnel"));
                let steps = [
                    (lang.pick("Đã đăng ký", "Registered"), dashboard.registered),
                    (lang.pick("Đã đánh giá", "Assessed"), dashboard.assessed),
                    (lang.pick("Đã hỗ trợ", "Supported"), dashboard.supported),
                    (lang.pick("Đã đánh giá lại", "Re-assessed"), dashboard.reassessed),
                    (lang.pick("Tăng ít nhất một mức", "Improved a level"), dashboard.improved),
                ];
                for (label, count) in steps {
                    let _ = bar_row(ui, lang, label, count, dashboard.registered, ui.available_width().min(420.0), Color32::from_rgb(0x1f, 0x6f, 0x8b));
                }
                ui.add_space(8.0);
                ui.strong(lang.pick("Phân bố mức: đầu kỳ → hiện tại", "Levels: baseline → latest"));
                let most = dashboard.baseline_levels.iter().chain(&dashboard.latest_levels).copied().max().unwrap_or(0);
                for (level, (before, now)) in dashboard.baseline_levels.iter().zip(&dashboard.latest_levels).enumerate() {
                    let name = q.and_then(|q| q.level_name(level as u8)).map(|n| n.get(lang).to_owned()).unwrap_or_default();
                    let _ = bar_row(ui, lang, &format!("{level} {name} · T0"), *before, most, ui.available_width().min(420.0), level_color(level as u8).gamma_multiply(0.45));
                    if bar_row(ui, lang, &format!("{level} {name} · {}", lang.pick("nay", "now")), *now, most, ui.available_width().min(420.0), level_color(level as u8)).clicked() {
                        actions.push(Action::FilterList { dimension: Dimension::Level, key: level.to_string() });
                    }
                }
        };
        let radar = |ui: &mut egui::Ui| {
                ui.strong(lang.pick("Điểm trung bình theo trụ cột (lần đánh giá gần nhất)", "Average points by pillar (latest assessments)"));
                if let Some(q) = q
                    && !dashboard.average_profile.is_empty()
                {
                    let names: Vec<String> = q.pillars.iter().map(|p| p.name.get(lang).to_owned()).collect();
                    radar_chart(ui, &names, &[(&dashboard.average_profile, Color32::from_rgb(0x1f, 0x6f, 0x8b))], ui.available_width().min(435.0) / 1.45);
                    for (pillar, share) in q.pillars.iter().zip(&dashboard.average_profile) {
                        ui.label(format!("{}: {}", pillar.name.get(lang), sohoa_core::text::format_percent(*share, 0, lang)));
                    }
                } else {
                    ui.label(lang.pick("Chưa có đánh giá hoàn thành.", "No completed assessment yet."));
                }
        };
        // Side by side where there is room, one above the other otherwise (a
        // narrow window, a large text size), so nothing is cut off.
        if ui.available_width() >= 430.0 + 24.0 + 440.0 {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(430.0);
                    funnel(ui, actions);
                });
                ui.vertical(|ui| radar(ui));
            });
        } else {
            funnel(ui, actions);
            ui.add_space(8.0);
            radar(ui);
        }
        ui.separator();
        ui.label(egui::RichText::new(lang.pick("Bấm vào một thanh để xem danh sách doanh nghiệp tương ứng.", "Click a bar to see those enterprises in the list.")).weak());
        // Editions are shown once a program has assessments made with more than one.
        let mixed = dashboard.bars(Dimension::Edition).iter().filter(|b| !b.key.is_empty()).count() > 1;
        // Provinces are shown when the program covers several.
        let provinces = core.workspace.program.spans_provinces();
        let dims: Vec<Dimension> = provinces
            .then_some(Dimension::Province)
            .into_iter()
            .chain([Dimension::Place, Dimension::Sector, Dimension::Size, Dimension::Partner])
            .chain(mixed.then_some(Dimension::Edition))
            .collect();
        let columns = if ui.available_width() >= 2.0 * 460.0 + 24.0 { 2 } else { 1 };
        let column_width = ui.available_width().min(460.0);
        egui::Grid::new("dashboard-bars").num_columns(columns).spacing([24.0, 12.0]).show(ui, |ui| {
            for (i, dimension) in dims.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.set_width(column_width);
                    ui.strong(dimension.title(lang));
                    let bars = dashboard.bars(*dimension);
                    let most = bars.iter().map(|b| b.count).max().unwrap_or(0);
                    for bar in bars.iter().take(12) {
                        let label = dimension.label(&bar.key, &ws.program, q, lang);
                        if bar_row(ui, lang, &label, bar.count, most, column_width, Color32::from_rgb(0x3b, 0x7d, 0xa8)).clicked() {
                            actions.push(Action::FilterList { dimension: *dimension, key: bar.key.clone() });
                        }
                    }
                    if bars.len() > 12 {
                        ui.label(format!("… {} {}", bars.len() - 12, lang.pick("nhóm khác", "more")));
                    }
                });
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
        ui.separator();
        let due = &dashboard.due_follow_up;
        ui.strong(lang.pick(format!("Đến hạn đánh giá lại ({}): đã hỗ trợ, đánh giá đầu kỳ quá {} tháng, chưa đánh giá lại", group_thousands(due.len(), lang), ws.program.follow_up_after_months), format!("Due for follow-up ({}): supported, baseline older than {} months, no follow-up yet", group_thousands(due.len(), lang), ws.program.follow_up_after_months)));
        for index in due.iter().take(15) {
            let Some(s) = ws.summaries().get(*index) else { continue };
            ui.horizontal_wrapped(|ui| {
                if ui.link(&s.name).clicked() {
                    actions.push(Action::OpenEnterprise(s.id));
                }
                if let Some(b) = &s.baseline {
                    ui.label(format!("T0 {}", format_date(local_date(b.completed))));
                }
            });
        }
        if due.len() > 15 {
            ui.label(format!("… {} {}", group_thousands(due.len() - 15, lang), lang.pick("doanh nghiệp khác", "more enterprises")));
        }
    });
}

/// "cần 47 doanh nghiệp/tháng để đạt mục tiêu 31/12/2025 · dự kiến hoàn thành: 03/2026"
pub fn pace_sentence(
    d: &Dashboard,
    program: &sohoa_core::program::ProgramSettings,
    lang: Lang,
) -> String {
    sohoa_core::program::dashboard::progress_sentence(d, program, lang)
}

/// First run: the program is set up; offer demo data (in a folder of its own)
/// to look around.
fn welcome_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    ui.heading(lang.pick("Chào mừng đến với Sohoa", "Welcome to Sohoa"));
    ui.label(lang.pick(
format!(
            "Chương trình đã sẵn sàng: {} (mục tiêu {} doanh nghiệp, đến {}). Có thể sửa trong Cài đặt.",
            core.workspace.program.name.vi,
            group_thousands(core.workspace.program.target as usize, lang),
            format_date(core.workspace.program.end)
        ), format!(
            "The program is ready: {} (target {} enterprises, until {}). You can change it in Settings.",
            core.workspace.program.name.en,
            group_thousands(core.workspace.program.target as usize, lang),
            format_date(core.workspace.program.end)
        )));
    ui.add_space(12.0);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("Thêm doanh nghiệp đầu tiên", "Add the first enterprise"))
            .clicked()
        {
            actions.push(Action::DismissWelcome);
            actions.push(Action::NewEnterprise);
        }
        if ui
            .button(lang.pick(
                "Xem thử với 1.000 doanh nghiệp mẫu",
                "Look around with 1,000 demo enterprises",
            ))
            .clicked()
        {
            actions.push(Action::LoadDemo(1000));
        }
        if ui.button(lang.pick("Bỏ qua", "Skip")).clicked() {
            actions.push(Action::DismissWelcome);
        }
    });
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick(
            "Bạn là doanh nghiệp muốn tự đánh giá?",
            "An enterprise assessing itself?",
        ));
        super::exchange::self_assessment_button_ui(ui, lang, actions);
    });
}
