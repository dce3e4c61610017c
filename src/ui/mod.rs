//! The screens of the desktop app, one file each, and the frame around them.
//!
//! Every `*_ui` function reads [`AppCore`] (brought up to date by the frame's
//! refresh step before drawing) and pushes [`Action`]s, what is typed included
//! ([`sohoa_core::app::Edit`]): nothing here changes state. Shared widgets (bars, level badge, radar chart) are in
//! [`widgets`].

mod dashboard;
mod enterprises;
mod exchange;
pub mod file_choice;
mod help;
mod keys;
mod place_picker;
mod profile;
mod results;
mod settings;
mod setup;
mod table_import;
mod walkthrough;
pub mod widgets;

use std::path::Path;
use std::sync::atomic::Ordering;

use eframe::egui;

use sohoa_core::app::{Action, AppCore, Confirm, PageKind, Section};
use sohoa_core::store::LoadProgress;
use sohoa_core::text::{Lang, format_moment};
use sohoa_core::workspace::summary::DraftSummary;

/// The whole window: top bar with progress, navigation, the current page, status
/// line. Returns where the page was drawn: what the panels around it left.
pub fn app_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) -> egui::Rect {
    walkthrough_keeps_the_keyboard(ui.ctx(), core);
    exchange::dropped_files_ui(ui, core, actions);
    exchange::import_preview_ui(&ui.ctx().clone(), core, actions);
    table_import::table_import_ui(&ui.ctx().clone(), core, actions);
    file_choice::file_choice_ui(&ui.ctx().clone(), core, actions);
    discard_question_ui(&ui.ctx().clone(), core, actions);
    leave_profile_question_ui(&ui.ctx().clone(), core, actions);
    help::help_key(&ui.ctx().clone(), core, actions);
    help::help_window_ui(&ui.ctx().clone(), core, actions);
    if core.view.self_assessment {
        return self_assessment_ui(ui, core, actions);
    }
    if let Some(draft) = core.view.setup.as_ref() {
        let lang = core.prefs.lang;
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("Sohoa").strong().size(18.0));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    language_button_ui(ui, lang, actions);
                    help::help_button_ui(ui, core, actions);
                });
            });
        });
        messages_panel(ui, core, actions);
        return egui::CentralPanel::default()
            .show(ui, |ui| setup::setup_ui(ui, core, draft, actions))
            .response
            .rect;
    }
    let narrow = is_narrow(ui.ctx());
    egui::Panel::top("top-bar").show(ui, |ui| top_bar_ui(ui, core, narrow, actions));
    egui::Panel::bottom("status-line").show(ui, |ui| status_line_ui(ui, core));
    if !narrow {
        egui::Panel::left("navigation")
            .exact_size(190.0)
            .resizable(false)
            .show(ui, |ui| navigation_ui(ui, core, actions));
    }
    messages_panel(ui, core, actions);
    egui::CentralPanel::default()
        .show(ui, |ui| match core.view.page.kind() {
            PageKind::Dashboard => dashboard::dashboard_ui(ui, core, actions),
            PageKind::Enterprises => enterprises::enterprises_ui(ui, core, actions),
            PageKind::Profile => profile::profile_ui(ui, core, actions),
            PageKind::Walkthrough => walkthrough::walkthrough_ui(ui, core, actions),
            PageKind::Results => results::results_ui(ui, core, actions),
            PageKind::Drafts => drafts_ui(ui, core, actions),
            PageKind::Review => exchange::review_ui(ui, core, actions),
            PageKind::Settings => settings::settings_ui(ui, core, actions),
        })
        .response
        .rect
}

/// Below this width, in points, the pages' navigation folds into a menu at the
/// start of the top bar. A small laptop screen at a large text size is narrow:
/// 1024 pixels at text size 2.0 are 512 points, and the side panel took 190 of
/// them, which pushed the page's controls off the right edge.
const NARROW_WINDOW: f32 = 760.0;

/// Whether the window is too narrow for the navigation beside the page.
fn is_narrow(ctx: &egui::Context) -> bool {
    ctx.content_rect().width() < NARROW_WINDOW
}

/// The menu that holds the navigation in a narrow window, named by the page shown.
fn navigation_menu_ui(ui: &mut egui::Ui, shown: &str, contents: impl FnOnce(&mut egui::Ui)) {
    ui.menu_button(format!("≡ {shown}"), |ui| {
        ui.add_space(4.0);
        contents(ui);
    });
}

/// The name of the page shown, as the navigation calls it.
fn page_name(core: &AppCore) -> String {
    let lang = core.prefs.lang;
    match core.view.page.kind() {
        PageKind::Dashboard => lang.pick("Tổng quan", "Dashboard").to_owned(),
        PageKind::Enterprises | PageKind::Profile | PageKind::Results | PageKind::Walkthrough => {
            lang.pick("Doanh nghiệp", "Enterprises").to_owned()
        }
        PageKind::Drafts => lang.pick("Đánh giá dở", "Drafts").to_owned(),
        PageKind::Review => review_label(core),
        PageKind::Settings => lang.pick("Cài đặt", "Settings").to_owned(),
    }
}

fn top_bar_ui(ui: &mut egui::Ui, core: &AppCore, narrow: bool, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    // The running period's count, as the dashboard shows it.
    let period = ws.program.start..=ws.program.end;
    let supported = ws
        .summaries()
        .iter()
        .filter(|s| !s.archived && s.supported_since.is_some_and(|day| period.contains(&day)))
        .count();
    let target = ws.program.target.max(1);
    ui.horizontal(|ui| {
        if narrow {
            navigation_menu_ui(ui, &page_name(core), |ui| navigation_ui(ui, core, actions));
        }
        ui.label(egui::RichText::new("Sohoa").strong().size(18.0));
        // The right side first: the program's name takes what is left and is cut
        // with "…" (whole on hover), so a large text size cannot overlap the bar.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            language_button_ui(ui, lang, actions);
            help::help_button_ui(ui, core, actions);
            let fraction = supported as f32 / target as f32;
            ui.add(
                egui::ProgressBar::new(fraction.min(1.0))
                    .desired_width(if narrow { 110.0 } else { 180.0 })
                    .text(format!(
                        "{} / {}",
                        group_thousands(supported, lang),
                        group_thousands(target as usize, lang)
                    )),
            );
            ui.label(lang.pick("Đã hỗ trợ", "Supported"));
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let name = ws.program.name.get(lang);
                ui.add(egui::Label::new(egui::RichText::new(name).weak()).truncate())
                    .on_hover_text(name);
            });
        });
    });
}

fn navigation_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let drafts = core
        .workspace
        .summaries()
        .iter()
        .filter(|s| s.draft.is_some())
        .count();
    let drafts_label = lang.pick(
        format!("Đánh giá dở ({drafts})"),
        format!("Drafts ({drafts})"),
    );
    ui.add_space(8.0);
    let sections = [
        (
            Section::Dashboard,
            lang.pick("Tổng quan", "Dashboard").to_owned(),
        ),
        (
            Section::Enterprises,
            lang.pick("Doanh nghiệp", "Enterprises").to_owned(),
        ),
        (Section::Drafts, drafts_label),
        (Section::Review, review_label(core)),
        (
            Section::Settings,
            lang.pick("Cài đặt", "Settings").to_owned(),
        ),
    ];
    let shown = core.view.page.kind();
    for (section, label) in sections {
        let current = shown == section.kind()
            || (section == Section::Enterprises
                && matches!(
                    shown,
                    PageKind::Profile | PageKind::Results | PageKind::Walkthrough
                ));
        let button = egui::Button::selectable(current, egui::RichText::new(label).size(15.0))
            .min_size(egui::vec2(170.0, 30.0));
        if ui.add(button).clicked() {
            actions.push(Action::Navigate(section));
        }
    }
    ui.add_space(16.0);
    if ui
        .button(lang.pick("+ Thêm doanh nghiệp", "+ Add enterprise"))
        .clicked()
    {
        actions.push(Action::NewEnterprise);
    }
}

/// The button that switches to the other language, labelled in that language.
fn language_button_ui(ui: &mut egui::Ui, lang: Lang, actions: &mut Vec<Action>) {
    let (other, label) = lang.pick((Lang::En, "English"), (Lang::Vi, "Tiếng Việt"));
    if ui.button(label).clicked() {
        actions.push(Action::SetLang(other));
    }
}

/// "Cần xem lại (n)": records with a conflict.
fn review_label(core: &AppCore) -> String {
    let lang = core.prefs.lang;
    let conflicts = core.view.conflicted.map_or(0, |(_, n)| n);
    match (lang, conflicts) {
        (Lang::Vi, 0) => "Cần xem lại".into(),
        (Lang::En, 0) => "Review".into(),
        (Lang::Vi, n) => format!("Cần xem lại ({n})"),
        (Lang::En, n) => format!("Review ({n})"),
    }
}

/// The window of an enterprise assessing itself: its profile, the questionnaire,
/// its results and the file to send; nothing of any other enterprise.
fn self_assessment_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) -> egui::Rect {
    let lang = core.prefs.lang;
    let narrow = is_narrow(ui.ctx());
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            if narrow {
                let shown = match core.view.page.kind() {
                    PageKind::Walkthrough => lang.pick("2. Trả lời", "2. Answer"),
                    PageKind::Results => lang.pick("3. Kết quả", "3. Results"),
                    _ => lang.pick("1. Thông tin", "1. About"),
                };
                navigation_menu_ui(ui, shown, |ui| self_assessment_steps_ui(ui, core, actions));
            }
            ui.label(egui::RichText::new("Sohoa").strong().size(18.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                language_button_ui(ui, lang, actions);
                help::help_button_ui(ui, core, actions);
                if ui
                    .button(lang.pick("Thoát chế độ tự đánh giá", "Leave self-assessment"))
                    .clicked()
                {
                    actions.push(Action::Exchange(
                        sohoa_core::app::ExchangeAction::LeaveSelfAssessment,
                    ));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let what = lang.pick(
                        "Doanh nghiệp tự đánh giá mức độ chuyển đổi số",
                        "Digital-maturity self-assessment",
                    );
                    ui.add(egui::Label::new(what).truncate())
                        .on_hover_text(what);
                });
            });
        });
    });
    egui::Panel::bottom("status-line").show(ui, |ui| status_line_ui(ui, core));
    if !narrow {
        egui::Panel::left("steps")
            .exact_size(220.0)
            .resizable(false)
            .show(ui, |ui| self_assessment_steps_ui(ui, core, actions));
    }
    messages_panel(ui, core, actions);
    egui::CentralPanel::default()
        .show(ui, |ui| match core.view.page.kind() {
            PageKind::Walkthrough => walkthrough::walkthrough_ui(ui, core, actions),
            PageKind::Results => results::results_ui(ui, core, actions),
            _ => profile::profile_ui(ui, core, actions),
        })
        .response
        .rect
}

/// The self-assessment's steps, in order, and the button that saves the file to send.
fn self_assessment_steps_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let enterprise = core.workspace.enterprises().first();
    let completed = enterprise.and_then(|e| e.latest_completed().map(|a| (e.id, a.id)));
    ui.add_space(8.0);
    let steps = [
        (
            PageKind::Profile,
            lang.pick("1. Thông tin doanh nghiệp", "1. About the enterprise"),
        ),
        (
            PageKind::Walkthrough,
            lang.pick("2. Trả lời bộ câu hỏi", "2. Answer the questionnaire"),
        ),
        (
            PageKind::Results,
            lang.pick("3. Kết quả và gợi ý", "3. Results and advice"),
        ),
    ];
    for (page, label) in steps {
        let current = core.view.page.kind() == page;
        let button = egui::Button::selectable(current, egui::RichText::new(label).size(15.0))
            .min_size(egui::vec2(200.0, 30.0));
        let draft = enterprise.and_then(|e| e.assessments.iter().find(|a| !a.is_completed()));
        let enabled = match page {
            PageKind::Profile => true,
            // One self-assessment: once completed, it is the result that counts.
            PageKind::Walkthrough => {
                enterprise.is_some() && (draft.is_some() || completed.is_none())
            }
            _ => completed.is_some(),
        };
        if ui.add_enabled(enabled, button).clicked() {
            match (page, enterprise, completed) {
                (PageKind::Results, _, Some((e, a))) => actions.push(Action::ShowResults {
                    enterprise: e,
                    assessment: a,
                }),
                (PageKind::Walkthrough, Some(e), _) => actions.push(Action::StartAssessment {
                    enterprise: e.id,
                    stage: sohoa_core::enterprise::Stage::Baseline,
                }),
                (PageKind::Profile, Some(e), _) => actions.push(Action::OpenEnterprise(e.id)),
                // No enterprise yet: its form, unless it is the page shown.
                (PageKind::Profile, None, _) if !current => actions.push(Action::NewEnterprise),
                _ => {}
            }
        }
    }
    ui.add_space(16.0);
    ui.label(lang.pick(
        "Khi xong, lưu một tệp và gửi cho chương trình:",
        "When done, save one file and send it to the program:",
    ));
    let name = enterprise
        .map(|e| sohoa_core::report::file_name(e).replace(".pdf", ""))
        .unwrap_or_default();
    if ui
        .add_enabled(
            completed.is_some(),
            egui::Button::new(
                lang.pick("4. Lưu tệp gửi chương trình…", "4. Save the file to send…"),
            ),
        )
        .clicked()
    {
        actions.push(Action::ChooseFile {
            goal: sohoa_core::app::state::FileGoal::SelfAssessment,
            file_name: format!(
                "tu-danh-gia-{name}.{}",
                sohoa_core::exchange::bundle::BUNDLE_EXTENSION
            ),
        });
    }
}

fn status_line_ui(ui: &mut egui::Ui, core: &AppCore) {
    let lang = core.prefs.lang;
    ui.horizontal(|ui| {
        if core.view.folder_busy {
            ui.label(lang.pick(
                "Đang chờ ghi: một chương trình Sohoa khác (hoặc bản sao lưu) đang ghi vào thư mục dữ liệu…",
                "Waiting to save: another Sohoa program (or a backup) is writing to the data folder…",
            ));
            ui.separator();
        }
        match core.view.last_saved {
            Some(at) => ui.label(format!(
                "{} {}",
                lang.pick("Đã lưu", "Saved"),
                format_moment(at)
            )),
            None => ui.label(lang.pick("Chưa có thay đổi", "No changes yet")),
        };
        ui.separator();
        if let Some(received) = core.view.received {
            ui.label(format!(
                "{}: {} {}, {}",
                lang.pick("Nhận từ nơi khác", "Received from elsewhere"),
                sohoa_core::text::format_count(received.records as u64, lang),
                lang.pick("hồ sơ", "records"),
                format_moment(received.at)
            ))
            .on_hover_text(lang.pick(
                "Hồ sơ do máy khác (qua Syncthing…) hoặc chương trình khác ghi vào thư mục dữ liệu",
                "Records another computer (through Syncthing…) or another program wrote to the data folder",
            ));
            ui.separator();
        }
        if core.view.self_assessment {
            ui.label(format!(
                "{}: {}",
                lang.pick("Thư mục dữ liệu", "Data folder"),
                core.workspace.folder().root().display()
            ));
            return;
        }
        let count = core
            .workspace
            .summaries()
            .iter()
            .filter(|s| !s.archived)
            .count();
        ui.label(sohoa_core::text::count_of(
            count,
            lang,
            "doanh nghiệp",
            "enterprise",
            "enterprises",
        ));
        ui.separator();
        ui.label(format!(
            "{}: {}",
            lang.pick("Thư mục dữ liệu", "Data folder"),
            core.workspace.folder().root().display()
        ));
    });
}

/// The messages in a panel of their own at the bottom, above the status line:
/// one appearing never moves the page, so the next click lands where it was
/// aimed.
fn messages_panel(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    if core.view.messages.is_empty() {
        return;
    }
    egui::Panel::bottom("messages").show(ui, |ui| {
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .show(ui, |ui| messages_ui(ui, core, actions));
    });
}

fn messages_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    for (i, message) in core.view.messages.iter().enumerate().take(5) {
        let color = if message.error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().hyperlink_color
        };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, color))
            .show(ui, |ui| {
                // The buttons first: a long message (a long path) wraps after
                // them instead of pushing them out of the window.
                ui.horizontal(|ui| {
                    ui.colored_label(color, "●");
                    if ui.small_button(lang.pick("Đóng", "Dismiss")).clicked() {
                        actions.push(Action::DismissMessage(i));
                    }
                    if let Some(folder) = &message.folder
                        && ui
                            .small_button(lang.pick("Mở thư mục", "Open folder"))
                            .clicked()
                    {
                        actions.push(Action::ShowFolder(folder.clone()));
                    }
                    ui.add(egui::Label::new(&message.text).wrap());
                });
            });
    }
}

/// The assessments still in progress, to resume or discard.
fn drafts_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    ui.heading(lang.pick("Đánh giá đang làm dở", "Assessments in progress"));
    ui.label(lang.pick(
        "Mỗi câu trả lời đã được lưu ngay khi chọn. Chọn “Tiếp tục” để làm tiếp từ câu chưa trả lời.",
        "Every answer was saved as it was given. Choose “Resume” to go on from the first unanswered question.",
    ));
    ui.add_space(8.0);
    let drafts: Vec<(&sohoa_core::workspace::EnterpriseSummary, &DraftSummary)> = ws
        .summaries()
        .iter()
        .filter_map(|s| s.draft.as_ref().map(|d| (s, d)))
        .collect();
    let any = !drafts.is_empty();
    // The draft touched last, one key away: Ctrl+Enter (⌘+Enter on a Mac).
    let latest = drafts
        .iter()
        .max_by_key(|(_, draft)| draft.touched)
        .map(|(e, draft)| (*e, draft.id));
    if let Some((e, assessment)) = latest {
        let shortcut = widgets::PRIMARY_SHORTCUT;
        let keys = ui.ctx().format_shortcut(&shortcut);
        ui.label(
            egui::RichText::new(lang.pick(
                format!("{keys}: tiếp tục bản nháp gần nhất (“{}”)", e.name),
                format!("{keys}: resume the latest draft (“{}”)", e.name),
            ))
            .weak(),
        );
        if ui.input_mut(|i| i.consume_shortcut(&shortcut)) {
            actions.push(Action::ResumeAssessment {
                enterprise: e.id,
                assessment,
            });
        }
    }
    let row_height = ui.spacing().interact_size.y + 8.0;
    // Only the visible rows are laid out: a national folder may hold thousands of drafts.
    // Sideways too: a row wider than a small window is scrolled to, not cut.
    egui::ScrollArea::both().show_rows(ui, row_height, drafts.len(), |ui, range| {
        for (e, a) in &drafts[range] {
            // The buttons first: at a large text size or in a narrow window the
            // end of a long row is cut, and they must stay reachable.
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Tiếp tục", "Resume")).clicked() {
                    actions.push(Action::ResumeAssessment {
                        enterprise: e.id,
                        assessment: a.id,
                    });
                }
                if ui
                    .button(lang.pick("Bỏ bản nháp…", "Discard draft…"))
                    .clicked()
                {
                    actions.push(Action::AskDiscardDraft {
                        enterprise: e.id,
                        assessment: a.id,
                    });
                }
                ui.label(egui::RichText::new(&e.name).strong());
                ui.label(a.stage.name().get(lang));
                ui.label(sohoa_core::text::count_of(
                    a.answered,
                    lang,
                    "câu đã trả lời",
                    "question answered",
                    "questions answered",
                ));
                ui.label(format_moment(a.started));
            });
            ui.separator();
        }
    });
    if !any {
        ui.label(lang.pick(
            "Không có đánh giá nào đang làm dở.",
            "No assessment is in progress.",
        ));
    }
}

/// While the walkthrough is shown it owns the keyboard: a button elsewhere (the
/// language switch, a page in the navigation) that took focus by Tab or a click
/// gives it up before it is drawn, so Enter goes on instead of pressing it and
/// the digits keep answering. Text boxes (figures, notes) keep their focus, and
/// so do the forms that float over the page.
fn walkthrough_keeps_the_keyboard(ctx: &egui::Context, core: &AppCore) {
    let floating = core.view.file_choice.is_some() || core.view.confirm.is_some();
    if core.view.page.kind() != PageKind::Walkthrough
        || floating
        || widgets::text_box_has_focus(ctx)
    {
        return;
    }
    if let Some(focused) = ctx.memory(|m| m.focused()) {
        ctx.memory_mut(|m| m.surrender_focus(focused));
    }
}

/// The question when the profile is left with changes not yet saved.
fn leave_profile_question_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    if !matches!(core.view.confirm, Some(Confirm::LeaveProfile(_))) {
        return;
    }
    let name = core
        .view
        .profile()
        .map(|p| {
            p[sohoa_core::enterprise::field::ProfileField::Name]
                .trim()
                .to_owned()
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            lang.pick("doanh nghiệp mới", "the new enterprise")
                .to_owned()
        });
    let question = lang.pick(
        format!("Hồ sơ {name} có thay đổi chưa lưu."),
        format!("The profile of {name} has changes not saved yet."),
    );
    let answers = [
        (
            lang.pick("Lưu rồi đi tiếp", "Save and go on"),
            Action::LeaveProfile { save: true },
            false,
        ),
        (
            lang.pick("Bỏ thay đổi", "Drop the changes"),
            Action::LeaveProfile { save: false },
            false,
        ),
        (lang.pick("Ở lại", "Stay"), Action::StayOnProfile, false),
    ];
    let title = lang.pick("Lưu thay đổi?", "Save the changes?");
    question_window(ctx, title, &question, answers, actions);
}

/// A question over the page: a sentence and one button per answer (the ones
/// marked `true` in the colour of a loss); the chosen answer's action is pushed.
fn question_window<const N: usize>(
    ctx: &egui::Context,
    title: &str,
    question: &str,
    answers: [(&str, Action, bool); N],
    actions: &mut Vec<Action>,
) {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 120.0))
        .show(ctx, |ui| {
            ui.label(question);
            ui.horizontal(|ui| {
                for (label, action, loses) in answers {
                    let mut text = egui::RichText::new(label);
                    if loses {
                        text = text.color(ui.visuals().error_fg_color);
                    }
                    if ui.button(text).clicked() {
                        actions.push(action);
                    }
                }
            });
        });
}

/// The question before a draft is discarded: whose, how many answers, and that
/// they cannot be brought back.
fn discard_question_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let Some(Confirm::DiscardDraft {
        enterprise,
        assessment,
    }) = core.view.confirm
    else {
        return;
    };
    let Some(e) = core.workspace.get(enterprise) else {
        return;
    };
    let Some(a) = e.assessments.iter().find(|a| a.id == assessment) else {
        return;
    };
    let question = lang.pick(
        format!(
            "{} · {}: {} câu đã trả lời và {} ghi chú sẽ mất, không lấy lại được.",
            e.name,
            a.stage.name().vi,
            group_thousands(a.answers.len(), lang),
            group_thousands(a.notes.len(), lang)
        ),
        format!(
            "{} · {}: {} and {} will be lost for good.",
            e.name,
            a.stage.name().en,
            sohoa_core::text::count_of(a.answers.len(), lang, "", "answer", "answers"),
            sohoa_core::text::count_of(a.notes.len(), lang, "", "note", "notes")
        ),
    );
    let answers = [
        (
            lang.pick("Giữ lại bản nháp", "Keep the draft"),
            Action::KeepDraft,
            false,
        ),
        (
            lang.pick("Bỏ bản nháp này", "Discard this draft"),
            Action::DiscardDraft {
                enterprise,
                assessment,
            },
            true,
        ),
    ];
    let title = lang.pick("Bỏ bản nháp?", "Discard the draft?");
    question_window(ctx, title, &question, answers, actions);
}

/// Shown while the data folder opens on another thread.
pub fn loading_ui(ui: &mut egui::Ui, lang: Lang, root: &Path, progress: &LoadProgress) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(120.0);
            ui.heading(lang.pick("Đang mở thư mục dữ liệu…", "Opening the data folder…"));
            ui.label(root.display().to_string());
            let total = progress.total.load(Ordering::Relaxed);
            let done = progress.done.load(Ordering::Relaxed);
            let fraction = if total == 0 {
                0.0
            } else {
                done as f32 / total as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(360.0)
                    .text(format!(
                        "{} / {}",
                        group_thousands(done, lang),
                        group_thousands(total, lang)
                    )),
            );
        });
    });
    // Ten frames a second show the progress; no spinner, which would repaint
    // without pause and take the processor from the loading threads.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}

/// Shown when no data folder could be opened.
pub fn fatal_ui(ui: &mut egui::Ui, message: &str) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(80.0);
        ui.heading("Sohoa");
        ui.colored_label(ui.visuals().error_fg_color, message);
    });
}

/// `1.000` in Vietnamese, `1,000` in English.
pub fn group_thousands(n: usize, lang: Lang) -> String {
    sohoa_core::text::format_count(n as u64, lang)
}
