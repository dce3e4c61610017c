//! The enterprise profile: the form with checks as you type (tax-code check digit,
//! required fields, the size class as it is derived), the assessments over time,
//! the support activities, and buttons for a baseline or follow-up assessment.

use eframe::egui;

use sohoa_core::app::state::{ActivityDraft, ProfileDraft};
use sohoa_core::app::{Action, AppCore, Confirm, Edit};
use sohoa_core::enterprise::field::{FieldProblem, ProfileField};
use sohoa_core::enterprise::{ActivityKind, LegalForm, Stage};
use sohoa_core::text::{Lang, format_date, format_moment};

fn problem_for(problems: &[FieldProblem], field: ProfileField) -> Option<&FieldProblem> {
    problems.iter().find(|p| p.field == field)
}

/// Where the form keeps the width of its boxes for the frame.
fn box_width_id() -> egui::Id {
    egui::Id::unique("profile-form-box-width")
}

/// Decides how wide the form's boxes are this frame, from the page's width:
/// 320 points, less in a narrow window (a small screen at a large text size) so
/// that a box and its problem stay in view. Decided before the grid: inside it,
/// a cell's available width is its column's width of the frame before.
fn set_box_width(ui: &egui::Ui) {
    const LABELS: f32 = 190.0;
    let width = (ui.available_width() - LABELS).clamp(140.0, 320.0);
    ui.data_mut(|d| d.insert_temp(box_width_id(), width));
}

/// How wide a box of the form is this frame.
fn box_width(ui: &egui::Ui) -> f32 {
    ui.data(|d| d.get_temp(box_width_id())).unwrap_or(320.0)
}

/// One line of the form: label, then the box with the field's problem under it
/// (beside it, the problem went off the right edge of a small screen).
fn field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    problem: Option<&FieldProblem>,
    lang: Lang,
) {
    let label = ui.label(label);
    ui.vertical(|ui| {
        let edit = ui
            .add(egui::TextEdit::singleline(value).desired_width(box_width(ui)))
            .labelled_by(label.id);
        if edit.changed() {
            *value = sohoa_core::text::nfc(value);
        }
        if let Some(p) = problem {
            ui.set_width(box_width(ui));
            let text = egui::RichText::new(p.text.get(lang)).color(ui.visuals().error_fg_color);
            ui.add(egui::Label::new(text).wrap());
        }
    });
    ui.end_row();
}

/// A line of the form with a list to pick from; `None` is shown as "–".
fn pick_row<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    (id, label): (&str, &str),
    value: &mut T,
    choices: impl IntoIterator<Item = (T, String)>,
) {
    let label = ui.label(label);
    let shown = choices.into_iter().collect::<Vec<_>>();
    let selected = shown
        .iter()
        .find(|(choice, _)| choice == value)
        .map_or("–".to_owned(), |(_, text)| text.clone());
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .width(box_width(ui))
        .show_ui(ui, |ui| {
            for (choice, text) in shown {
                ui.selectable_value(value, choice, text);
            }
        });
    // The combo box is named by its label for screen readers and tests.
    let _labelled = combo.response.labelled_by(label.id);
    ui.end_row();
}

pub fn profile_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let self_assessment = core.view.self_assessment;
    let Some(shown) = core.view.profile() else {
        ui.label(lang.pick(
            "Chọn một doanh nghiệp trong danh sách.",
            "Pick an enterprise from the list.",
        ));
        return;
    };
    let mut draft = shown.clone();
    let ws = &core.workspace;
    let stored = draft.id.and_then(|id| ws.get(id));
    let title = match (stored, self_assessment) {
        (Some(_), _) => draft[ProfileField::Name].clone(),
        (None, true) => lang
            .pick("Thông tin doanh nghiệp của bạn", "About your enterprise")
            .to_owned(),
        (None, false) => lang.pick("Doanh nghiệp mới", "New enterprise").to_owned(),
    };
    ui.heading(title);
    if let (Some(base), Some(now)) = (draft.base.as_deref(), stored)
        && base != now
    {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.pick(
                "Hồ sơ này vừa được sửa trên máy khác. Khi bạn lưu, thay đổi của bạn được gộp với bản đó; trường nào cả hai bên cùng sửa sẽ hiện thành xung đột để chọn.",
                "This record was just changed on another computer. When you save, your changes are merged with that version; a field changed on both sides shows as a conflict to settle.",
            ),
        );
    }
    // Each page and each record keeps its own scroll position: with one id for
    // all, a page opened from a scrolled one started part-way down.
    egui::ScrollArea::both()
        .id_salt(("profile", draft.id))
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(e) = stored {
                super::exchange::conflicts_ui(ui, e, lang, actions);
            }
            let problems = core.profile_problems(&draft);
            set_box_width(ui);
            egui::Grid::new("profile-form")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    identity_rows_ui(ui, &mut draft, &problems, lang);
                    size_rows_ui(ui, &mut draft, &problems, core);
                    place_rows_ui(ui, &mut draft, &problems, core);
                    contact_rows_ui(ui, &mut draft, &problems, core, actions);
                });
            save_row_ui(ui, core, &draft, stored, problems.is_empty(), actions);
            let Some(e) = stored else { return };
            ui.separator();
            assessments_ui(ui, ws, e, (lang, !self_assessment), actions);
            if self_assessment {
                return;
            }
            ui.separator();
            activities_ui(ui, core, e, actions);
            ui.separator();
            super::exchange::history_ui(ui, e, lang);
        });
    if draft != *shown {
        actions.push(Action::Edit(Edit::Profile(Box::new(draft))));
    }
}

/// A line of the form for a field typed in a box, with its problem under it.
fn typed_row(
    ui: &mut egui::Ui,
    label: &str,
    draft: &mut ProfileDraft,
    typed: ProfileField,
    problems: &[FieldProblem],
    lang: Lang,
) {
    field(
        ui,
        label,
        &mut draft[typed],
        problem_for(problems, typed),
        lang,
    );
}

/// A line of the form with a list to pick from, for a field whose text is one
/// of the list's values (`None`: nothing chosen, an empty text).
fn picked_row(
    ui: &mut egui::Ui,
    (id, label): (&str, &str),
    typed: &mut String,
    choices: impl IntoIterator<Item = (String, String)>,
) {
    let mut chosen = Some(typed.clone()).filter(|t| !t.is_empty());
    let none = std::iter::once((None, "–".to_owned()));
    let choices = choices.into_iter().map(|(value, text)| (Some(value), text));
    pick_row(ui, (id, label), &mut chosen, none.chain(choices));
    *typed = chosen.unwrap_or_default();
}

/// Name, tax code, legal form, sector.
fn identity_rows_ui(
    ui: &mut egui::Ui,
    draft: &mut ProfileDraft,
    problems: &[FieldProblem],
    lang: Lang,
) {
    let label = lang.pick("Tên doanh nghiệp *", "Enterprise name *");
    typed_row(ui, label, draft, ProfileField::Name, problems, lang);
    let label = lang.pick("Mã số thuế", "Tax code");
    typed_row(ui, label, draft, ProfileField::TaxCode, problems, lang);
    // The legal form's text is its name, in the language the form was filled
    // in: it is rewritten only when another is picked (a language switch is
    // not an edit).
    let typed = &mut draft[ProfileField::LegalForm];
    let held = LegalForm::ALL
        .into_iter()
        .find(|f| f.name().vi == *typed || f.name().en == *typed);
    let mut picked = held;
    let forms = LegalForm::ALL
        .into_iter()
        .map(|f| (Some(f), f.name().get(lang).to_owned()));
    let label = lang.pick("Loại hình", "Legal form");
    pick_row(
        ui,
        ("legal-form", label),
        &mut picked,
        std::iter::once((None, "–".to_owned())).chain(forms),
    );
    if picked != held {
        *typed = picked
            .map(|f| f.name().get(lang).to_owned())
            .unwrap_or_default();
    }
    let reference = sohoa_core::enterprise::reference::Reference::get();
    let sections = reference.vsic.sections.iter().map(|s| {
        let text = format!("{} – {}", s.code, s.name.get(lang));
        (s.code.clone(), text)
    });
    let label = lang.pick("Ngành (VSIC 2018)", "Sector (VSIC 2018)");
    picked_row(
        ui,
        ("sector", label),
        &mut draft[ProfileField::Sector],
        sections,
    );
}

/// Staff, revenue, capital, the year they are for, and the size class they give.
fn size_rows_ui(
    ui: &mut egui::Ui,
    draft: &mut ProfileDraft,
    problems: &[FieldProblem],
    core: &AppCore,
) {
    let lang = core.prefs.lang;
    let figures = [
        (
            lang.pick("Số lao động (BHXH)", "Staff (social insurance)"),
            ProfileField::Staff,
        ),
        (
            lang.pick("Doanh thu (tỷ đồng)", "Revenue (billion VND)"),
            ProfileField::Revenue,
        ),
        (
            lang.pick("Tổng nguồn vốn (tỷ đồng)", "Total capital (billion VND)"),
            ProfileField::Capital,
        ),
        (
            lang.pick("Số liệu của năm", "Figures for year"),
            ProfileField::SizeYear,
        ),
    ];
    for (label, typed) in figures {
        typed_row(ui, label, draft, typed, problems, lang);
    }
    ui.label(lang.pick("Quy mô (Nghị định 80/2021)", "Size class (Decree 80/2021)"));
    let class = draft.size_class().map_or_else(
        || {
            lang.pick(
                "Chưa đủ số liệu (cần ngành, lao động và doanh thu hoặc vốn)",
                "Not enough figures (sector, staff and revenue or capital)",
            )
            .to_owned()
        },
        |c| c.label(lang),
    );
    ui.vertical(|ui| {
        ui.set_width(box_width(ui));
        ui.add(egui::Label::new(egui::RichText::new(class).strong()).wrap());
    });
    ui.end_row();
}

/// Address and place: today's units first, then the former ones (with their
/// dates), and a hint when a former unit went into several.
fn place_rows_ui(
    ui: &mut egui::Ui,
    draft: &mut ProfileDraft,
    problems: &[FieldProblem],
    core: &AppCore,
) {
    let lang = core.prefs.lang;
    let program = &core.workspace.program;
    let label = lang.pick("Địa chỉ", "Address");
    typed_row(ui, label, draft, ProfileField::Address, problems, lang);
    let today = core.today();
    let mut unit = Some(draft[ProfileField::AdminUnit].clone()).filter(|u| !u.is_empty());
    let hint = super::place_picker::address_hint(
        program,
        today,
        &draft[ProfileField::Address],
        unit.as_deref(),
    );
    if let Some(hint) = hint {
        ui.label("");
        ui.vertical(|ui| {
            ui.set_width(box_width(ui));
            super::place_picker::address_hint_ui(ui, lang, hint, &mut unit);
        });
        ui.end_row();
    }
    let label = ui.label(lang.pick("Xã, phường", "Commune or ward"));
    let picker = super::place_picker::place_picker_ui(
        ui,
        "unit",
        program,
        today,
        lang,
        &mut unit,
        box_width(ui),
    );
    // The list is named by its label for screen readers and tests.
    let _labelled = picker.labelled_by(label.id);
    ui.end_row();
    draft[ProfileField::AdminUnit] = unit.unwrap_or_default();
    former_unit_hint_ui(ui, core, draft);
}

/// Contact person, phone, e-mail, partner, the consultant, notes.
fn contact_rows_ui(
    ui: &mut egui::Ui,
    draft: &mut ProfileDraft,
    problems: &[FieldProblem],
    core: &AppCore,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    let label = lang.pick("Người liên hệ", "Contact person");
    typed_row(
        ui,
        label,
        draft,
        ProfileField::ContactPerson,
        problems,
        lang,
    );
    let label = lang.pick("Điện thoại", "Phone");
    typed_row(ui, label, draft, ProfileField::Phone, problems, lang);
    let label = ProfileField::Email.label();
    typed_row(
        ui,
        label.get(lang),
        draft,
        ProfileField::Email,
        problems,
        lang,
    );
    consent_row_ui(ui, draft, core, actions);
    // The program's partners, and the one the record holds if the list no
    // longer has it.
    let mut partners = core.workspace.program.partners.clone();
    let held = &draft[ProfileField::Partner];
    if !held.is_empty() && !partners.contains(held) {
        partners.push(held.clone());
    }
    picked_row(
        ui,
        ("partner", lang.pick("Đối tác", "Partner")),
        &mut draft[ProfileField::Partner],
        partners.into_iter().map(|p| (p.clone(), p)),
    );
    if !core.view.self_assessment {
        let label = lang.pick("Tư vấn viên phụ trách", "Assigned consultant");
        typed_row(ui, label, draft, ProfileField::Consultant, problems, lang);
    }
    let label = ui.label(lang.pick("Ghi chú", "Notes"));
    ui.add(
        egui::TextEdit::multiline(&mut draft[ProfileField::Notes])
            .desired_rows(2)
            .desired_width(box_width(ui)),
    )
    .labelled_by(label.id);
    ui.end_row();
}

/// Whether the contacts agreed to their data being held, and buttons to record it
/// (for a saved record: the consent is recorded at once, with today's date).
fn consent_row_ui(
    ui: &mut egui::Ui,
    draft: &ProfileDraft,
    core: &AppCore,
    actions: &mut Vec<Action>,
) {
    use sohoa_core::app::KeyAction;
    let lang = core.prefs.lang;
    ui.label(lang.pick("Đồng ý dữ liệu cá nhân", "Personal-data consent"));
    let stored = draft.id.and_then(|id| core.workspace.get(id));
    ui.vertical(|ui| {
        match stored.and_then(|e| e.consent.as_ref()) {
            Some(consent) => {
                ui.label(consent.describe().get(lang));
            }
            None => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    lang.pick(
                        "Chưa ghi nhận: thông tin liên hệ sẽ không được gửi đi hay xuất ra",
                        "Not recorded: the contacts are not sent or exported",
                    ),
                );
            }
        }
        // The purpose told when consent was recorded, else the program's.
        let purpose = stored
            .and_then(|e| e.consent.as_ref())
            .map(|c| c.purpose.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| {
                core.workspace
                    .program
                    .consent_purpose()
                    .get(lang)
                    .to_owned()
            });
        ui.label(
            egui::RichText::new(format!("{} {purpose}", lang.pick("Mục đích:", "Purpose:")))
                .small(),
        );
        if let Some(e) = stored
            && matches!(core.view.confirm, Some(Confirm::ForgetPersonalData(id)) if id == e.id)
        {
            ui.colored_label(
                ui.visuals().error_fg_color,
                lang.pick(
                    "Xóa vĩnh viễn người liên hệ, điện thoại và thư điện tử khỏi hồ sơ, lịch sử và mọi bản sao lưu? Không hoàn tác được; kết quả đánh giá vẫn giữ.",
                    "Erase the contact person, phone and e-mail from the record, its history and every backup for good? This cannot be undone; the assessment results stay.",
                ),
            );
            ui.horizontal_wrapped(|ui| {
                let erase = egui::RichText::new(lang.pick("Chắc chắn: xóa", "Yes, erase"))
                    .color(ui.visuals().error_fg_color);
                if ui.button(erase).clicked() {
                    actions.push(Action::Keys(KeyAction::ConfirmForget));
                }
                if ui.button(lang.pick("Không xóa", "Keep them")).clicked() {
                    actions.push(Action::Keys(KeyAction::CancelForget));
                }
            });
        } else if let Some(e) = stored {
            ui.horizontal_wrapped(|ui| {
                if ui.button(lang.pick("Đồng ý", "Consent given")).clicked() {
                    actions.push(Action::Keys(KeyAction::RecordConsent {
                        enterprise: e.id,
                        given: true,
                    }));
                }
                if ui
                    .button(lang.pick("Không đồng ý / rút lại", "Refused / withdrawn"))
                    .clicked()
                {
                    actions.push(Action::Keys(KeyAction::RecordConsent {
                        enterprise: e.id,
                        given: false,
                    }));
                }
            });
            if e.has_contacts()
                && ui
                    .small_button(lang.pick(
                        "Xóa dữ liệu cá nhân theo yêu cầu…",
                        "Erase personal data on request…",
                    ))
                    .clicked()
            {
                actions.push(Action::Keys(KeyAction::AskForget(e.id)));
            }
        } else {
            ui.label(
                egui::RichText::new(lang.pick(
                    "Lưu hồ sơ trước, rồi ghi nhận sự đồng ý.",
                    "Save the record first, then record consent.",
                ))
                .small(),
            );
        }
    });
    ui.end_row();
}

/// A tax code another record already has (with a link to it), then "Save" and
/// "Archive"/"Restore".
fn save_row_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    draft: &ProfileDraft,
    stored: Option<&sohoa_core::enterprise::Enterprise>,
    fields_pass: bool,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    // A tax code already in the folder: refuse early and link to the record.
    let owner = sohoa_core::enterprise::tax_code::parse(&draft[ProfileField::TaxCode])
        .ok()
        .and_then(|code| core.workspace.tax_code_owner(code.as_str(), draft.id));
    if let Some(owner) = owner {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().error_fg_color,
                lang.pick(
                    format!("Mã số thuế này đã thuộc về “{}”.", owner.name),
                    format!("This tax code already belongs to “{}”.", owner.name),
                ),
            );
            if ui
                .link(lang.pick("Mở hồ sơ đó", "Open that profile"))
                .clicked()
            {
                actions.push(Action::OpenEnterprise(owner.id));
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let can_save = fields_pass && owner.is_none();
        let save = egui::Button::new(lang.pick("Lưu hồ sơ", "Save profile"));
        if ui.add_enabled(can_save, save).clicked() {
            actions.push(Action::SaveProfile);
        }
        if let Some(e) = stored.filter(|_| !core.view.self_assessment) {
            let (label, archived) = match e.archived {
                true => (lang.pick("Khôi phục", "Restore"), false),
                false => (lang.pick("Lưu trữ", "Archive"), true),
            };
            if ui.button(label).clicked() {
                actions.push(Action::SetArchived(e.id, archived));
            }
        }
    });
}

fn assessments_ui(
    ui: &mut egui::Ui,
    ws: &sohoa_core::workspace::Workspace,
    e: &sohoa_core::enterprise::Enterprise,
    (lang, offer_form): (Lang, bool),
    actions: &mut Vec<Action>,
) {
    ui.heading(lang.pick("Các lần đánh giá", "Assessments"));
    let draft = e.assessments.iter().find(|a| !a.is_completed());
    let has_baseline = e
        .assessments
        .iter()
        .any(|a| a.stage == Stage::Baseline && a.is_completed());
    let next = e.next_follow_up();
    let next_code = next.code();
    // The assessment button answers to one key too, shown on it.
    let shortcut = super::widgets::PRIMARY_SHORTCUT;
    let keys = ui.ctx().format_shortcut(&shortcut);
    let pressed = ui.input_mut(|i| i.consume_shortcut(&shortcut));
    // The key beside the button, not in it: the button keeps its name for a
    // screen reader and for anyone looking for it by its words.
    let primary = |ui: &mut egui::Ui, label: &str| {
        let clicked = ui.button(label).clicked();
        ui.weak(keys.as_str());
        clicked || pressed
    };
    ui.horizontal_wrapped(|ui| {
        match draft {
            Some(a) => {
                if primary(
                    ui,
                    lang.pick("Tiếp tục đánh giá dở", "Resume the draft assessment"),
                ) {
                    actions.push(Action::ResumeAssessment {
                        enterprise: e.id,
                        assessment: a.id,
                    });
                }
            }
            None if !has_baseline => {
                if primary(
                    ui,
                    lang.pick(
                        "Bắt đầu đánh giá đầu kỳ (T0)",
                        "Start the baseline assessment (T0)",
                    ),
                ) {
                    actions.push(Action::StartAssessment {
                        enterprise: e.id,
                        stage: Stage::Baseline,
                    });
                }
            }
            None => {
                let label = lang.pick(
                    format!("Bắt đầu đánh giá lại ({next_code})"),
                    format!("Start follow-up assessment ({next_code})"),
                );
                if primary(ui, &label) {
                    actions.push(Action::StartAssessment {
                        enterprise: e.id,
                        stage: next,
                    });
                }
            }
        }
        let hint = lang.pick(
            "Một tệp HTML để doanh nghiệp tự đánh giá trên điện thoại hoặc máy tính, không cần mạng; tên và mã số thuế đã điền sẵn.",
            "One HTML file for the enterprise to assess itself on a phone or a PC, offline; name and tax code filled in.",
        );
        let label = lang.pick("Phiếu tự đánh giá…", "Self-assessment form…");
        if offer_form && super::widgets::button_with_hint(ui, label, hint) {
            actions.push(Action::ChooseFile {
                goal: sohoa_core::app::state::FileGoal::SelfAssessmentForm(Some(e.id)),
                file_name: sohoa_core::exchange::form::form_file_name(Some(e)),
            });
        }
    });
    for a in &e.assessments {
        ui.horizontal_wrapped(|ui| {
            ui.label(a.stage.name().get(lang));
            ui.label(format_moment(a.completed.unwrap_or(a.started)));
            ui.label(sohoa_core::program::dashboard::version_label(
                &a.questionnaire_version,
                lang,
            ));
            match (a.is_completed(), ws.score(a)) {
                (true, Ok(report)) => {
                    let name = ws
                        .questionnaires
                        .get(&a.questionnaire, &a.questionnaire_version)
                        .and_then(|q| q.level_name(report.level))
                        .map(|n| n.get(lang).to_owned())
                        .unwrap_or_default();
                    ui.colored_label(
                        super::widgets::level_color(report.level),
                        format!(
                            "{}/{} · {} {} – {name}",
                            report.total,
                            report.max_points,
                            lang.pick("mức", "level"),
                            report.level
                        ),
                    );
                    if ui
                        .button(lang.pick("Xem kết quả", "View results"))
                        .clicked()
                    {
                        actions.push(Action::ShowResults {
                            enterprise: e.id,
                            assessment: a.id,
                        });
                    }
                }
                (true, Err(err)) => {
                    ui.colored_label(ui.visuals().error_fg_color, err.to_string());
                }
                (false, _) => {
                    ui.label(format!(
                        "{} ({} {})",
                        lang.pick("bản nháp", "draft"),
                        a.answers.len(),
                        lang.pick("câu đã trả lời", "answered")
                    ));
                }
            }
        });
    }
}

fn activities_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    e: &sohoa_core::enterprise::Enterprise,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    ui.heading(lang.pick("Hoạt động hỗ trợ", "Support activities"));
    for activity in &e.activities {
        // The buttons lead the row: after text that wraps, egui placed them over the
        // row's first words on a narrow window.
        ui.horizontal_wrapped(|ui| {
            if ui.small_button(lang.pick("Sửa", "Edit")).clicked() {
                actions.push(Action::EditActivity {
                    enterprise: e.id,
                    activity: Some(activity.id),
                });
            }
            if ui.small_button(lang.pick("Xóa", "Delete")).clicked() {
                actions.push(Action::RemoveActivity {
                    enterprise: e.id,
                    activity: activity.id,
                });
            }
            ui.label(format_date(activity.date));
            ui.label(activity.kind.name().get(lang));
            ui.label(activity.partner.as_deref().unwrap_or("–"));
            for text in [activity.platform.as_deref().unwrap_or(""), &activity.note] {
                if !text.is_empty() {
                    ui.label(text);
                }
            }
        });
    }
    match core.view.activity().filter(|d| d.enterprise == e.id) {
        None => {
            if ui
                .button(lang.pick("+ Thêm hoạt động hỗ trợ", "+ Add a support activity"))
                .clicked()
            {
                actions.push(Action::EditActivity {
                    enterprise: e.id,
                    activity: None,
                });
            }
        }
        Some(shown) => {
            let mut draft = shown.clone();
            activity_form_ui(ui, &mut draft, &ws.program.partners, lang, actions);
            if draft != *shown {
                actions.push(Action::Edit(Edit::Activity(Box::new(draft))));
            }
        }
    }
    let since = ws.summary(e.id).and_then(|s| s.supported_since);
    if let Some(day) = since {
        ui.label(format!(
            "{} {}",
            lang.pick("Được tính là đã hỗ trợ từ", "Counted as supported since"),
            format_date(day)
        ));
    }
}

/// The form of the activity being added or edited.
fn activity_form_ui(
    ui: &mut egui::Ui,
    draft: &mut ActivityDraft,
    partners: &[String],
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("activity-form")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(lang.pick("Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"));
                ui.text_edit_singleline(&mut draft.date)
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(lang.pick("Loại hoạt động", "Kind"));
                let combo = egui::ComboBox::from_id_salt("activity-kind")
                    .selected_text(draft.kind.name().get(lang))
                    .show_ui(ui, |ui| {
                        for kind in ActivityKind::ALL {
                            ui.selectable_value(&mut draft.kind, kind, kind.name().get(lang));
                        }
                    });
                let _labelled = combo.response.labelled_by(label.id);
                ui.end_row();
                let label = ui.label(lang.pick("Đối tác", "Partner"));
                let combo = egui::ComboBox::from_id_salt("activity-partner")
                    .selected_text(draft.partner.clone().unwrap_or_else(|| "–".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut draft.partner, None, "–");
                        for partner in partners {
                            ui.selectable_value(&mut draft.partner, Some(partner.clone()), partner);
                        }
                    });
                let _labelled = combo.response.labelled_by(label.id);
                ui.end_row();
                let label = ui.label(lang.pick("Nền tảng / sản phẩm", "Platform / product"));
                ui.text_edit_singleline(&mut draft.platform)
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(lang.pick("Ghi chú", "Note"));
                ui.text_edit_singleline(&mut draft.note)
                    .labelled_by(label.id);
                ui.end_row();
            });
        if ui
            .button(lang.pick("Lưu hoạt động", "Save activity"))
            .clicked()
        {
            actions.push(Action::SaveActivity);
        }
    });
}

/// Under the place of a profile: a unit that no longer exists, its area now in
/// several new units, named with them, unless the address tells which.
fn former_unit_hint_ui(ui: &mut egui::Ui, core: &AppCore, draft: &ProfileDraft) {
    let (lang, program) = (core.prefs.lang, &core.workspace.program);
    let unit = draft[ProfileField::AdminUnit].as_str();
    if unit.is_empty() {
        return;
    }
    let today = core.today();
    let address = &draft[ProfileField::Address];
    let sohoa_core::program::places::PlaceOn::Review { candidates, .. } =
        sohoa_core::program::places::place_on(program, unit, address, today)
    else {
        return;
    };
    let names: Vec<&str> = candidates.iter().map(|id| program.unit_name(id)).collect();
    let text = lang.pick(
format!(
            "{} không còn; địa bàn cũ nay thuộc các đơn vị: {}. Hãy chọn đơn vị mới (hoặc ghi xã cũ vào địa chỉ).",
            program.unit_name(unit),
            names.join(", ")
        ), format!(
            "{} no longer exists; its area is now in: {}. Choose the new unit (or write the former commune in the address).",
            program.unit_name(unit),
            names.join(", ")
        ));
    ui.label("");
    ui.add(egui::Label::new(egui::RichText::new(text).color(ui.visuals().warn_fg_color)).wrap());
    ui.end_row();
}
