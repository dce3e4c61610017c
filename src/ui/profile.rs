//! The enterprise profile: the form with checks as you type (tax-code check digit,
//! required fields, the size class as it is derived), the assessments over time,
//! the support activities, and buttons for a baseline or follow-up assessment.

use eframe::egui;

use crate::enterprise::{ActivityKind, LegalForm, Stage, size::derive_size_class};
use crate::text::{Lang, format_date, format_moment};
use sohoa_core::app::state::FieldProblem;
use sohoa_core::app::{Action, AppCore, tr};

fn problem_for<'a>(problems: &'a [FieldProblem], field: &str) -> Option<&'a FieldProblem> {
    problems.iter().find(|p| p.field == field)
}

fn field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    problem: Option<&FieldProblem>,
    lang: Lang,
) {
    let label = ui.label(label);
    let edit = ui
        .add(egui::TextEdit::singleline(value).desired_width(320.0))
        .labelled_by(label.id);
    if edit.changed() {
        *value = crate::text::nfc(value);
    }
    match problem {
        Some(p) => ui.colored_label(
            ui.visuals().error_fg_color,
            if lang == Lang::Vi { &p.vi } else { &p.en },
        ),
        None => ui.label(""),
    };
    ui.end_row();
}

pub fn profile_ui(ui: &mut egui::Ui, core: &mut AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let self_assessment = core.view.self_assessment;
    let Some(draft) = core.view.profile.as_mut() else {
        ui.label(tr(
            lang,
            "Chọn một doanh nghiệp trong danh sách.",
            "Pick an enterprise from the list.",
        ));
        return;
    };
    let ws = &core.workspace;
    let stored = draft.id.and_then(|id| ws.get(id));
    let title = if stored.is_some() {
        draft.name.clone()
    } else {
        if self_assessment {
            tr(
                lang,
                "Thông tin doanh nghiệp của bạn",
                "About your enterprise",
            )
            .to_owned()
        } else {
            tr(lang, "Doanh nghiệp mới", "New enterprise").to_owned()
        }
    };
    ui.heading(title);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(e) = stored {
                super::exchange::conflicts_ui(ui, e, lang, actions);
            }
            let problems = draft.problems();
            egui::Grid::new("profile-form")
                .num_columns(3)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    field(
                        ui,
                        tr(lang, "Tên doanh nghiệp *", "Enterprise name *"),
                        &mut draft.name,
                        problem_for(&problems, "name"),
                        lang,
                    );
                    field(
                        ui,
                        tr(lang, "Mã số thuế", "Tax code"),
                        &mut draft.tax_code,
                        problem_for(&problems, "tax_code"),
                        lang,
                    );
                    let label = ui.label(tr(lang, "Loại hình", "Legal form"));
                    let combo = egui::ComboBox::from_id_salt("legal-form")
                        .selected_text(
                            draft
                                .legal_form
                                .map_or("–".into(), |f| f.name().get(lang).to_owned()),
                        )
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut draft.legal_form, None, "–");
                            for form in LegalForm::ALL {
                                ui.selectable_value(
                                    &mut draft.legal_form,
                                    Some(form),
                                    form.name().get(lang),
                                );
                            }
                        });
                    let _ = combo.response.labelled_by(label.id);
                    ui.label("");
                    ui.end_row();
                    let label = ui.label(tr(lang, "Ngành (VSIC 2018)", "Sector (VSIC 2018)"));
                    let reference = crate::enterprise::reference::Reference::get();
                    let sector_text = reference.section(&draft.sector).map_or("–".into(), |s| {
                        format!("{} – {}", s.code, s.name.get(lang))
                    });
                    let combo = egui::ComboBox::from_id_salt("sector")
                        .selected_text(sector_text)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut draft.sector, String::new(), "–");
                            for section in &reference.vsic.sections {
                                ui.selectable_value(
                                    &mut draft.sector,
                                    section.code.clone(),
                                    format!("{} – {}", section.code, section.name.get(lang)),
                                );
                            }
                        });
                    let _ = combo.response.labelled_by(label.id);
                    ui.label("");
                    ui.end_row();
                    field(
                        ui,
                        tr(lang, "Số lao động (BHXH)", "Staff (social insurance)"),
                        &mut draft.staff,
                        problem_for(&problems, "staff"),
                        lang,
                    );
                    field(
                        ui,
                        tr(lang, "Doanh thu (tỷ đồng)", "Revenue (billion VND)"),
                        &mut draft.revenue,
                        problem_for(&problems, "revenue"),
                        lang,
                    );
                    field(
                        ui,
                        tr(
                            lang,
                            "Tổng nguồn vốn (tỷ đồng)",
                            "Total capital (billion VND)",
                        ),
                        &mut draft.capital,
                        problem_for(&problems, "capital"),
                        lang,
                    );
                    field(
                        ui,
                        tr(lang, "Số liệu của năm", "Figures for year"),
                        &mut draft.year,
                        problem_for(&problems, "year"),
                        lang,
                    );
                    ui.label(tr(
                        lang,
                        "Quy mô (Nghị định 80/2021)",
                        "Size class (Decree 80/2021)",
                    ));
                    let preview = draft.to_enterprise(stored, jiff::Timestamp::now());
                    let derived = derive_size_class(
                        preview.sector.as_ref().map(|s| s.section.as_str()),
                        &preview.size,
                    );
                    ui.strong(derived.map_or_else(
                        || {
                            tr(
                                lang,
                                "Chưa đủ số liệu (cần ngành, lao động và doanh thu hoặc vốn)",
                                "Not enough figures (sector, staff and revenue or capital)",
                            )
                            .to_owned()
                        },
                        |c| c.label(lang),
                    ));
                    ui.label("");
                    ui.end_row();
                    field(
                        ui,
                        tr(lang, "Địa chỉ", "Address"),
                        &mut draft.address,
                        None,
                        lang,
                    );
                    let label = ui.label(tr(lang, "Địa bàn", "Place"));
                    let unit_text = draft
                        .admin_unit
                        .as_deref()
                        .map_or("–".to_owned(), |id| ws.program.unit_name(id).to_owned());
                    let combo = egui::ComboBox::from_id_salt("unit")
                        .selected_text(unit_text)
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut draft.admin_unit, None, "–");
                            // Today's units first, then the ones that no longer exist.
                            let today = crate::text::local_date(jiff::Timestamp::now());
                            let (current, former): (Vec<_>, Vec<_>) = ws
                                .program
                                .admin_units
                                .iter()
                                .partition(|u| u.valid_on(today));
                            for unit in current.into_iter().chain(former) {
                                let mut label = unit.name.clone();
                                if let Some(until) = unit.valid_until {
                                    label.push_str(&format!(
                                        " ({} {})",
                                        tr(lang, "đến", "until"),
                                        format_date(until)
                                    ));
                                } else if let Some(from) = unit.valid_from {
                                    label.push_str(&format!(
                                        " ({} {})",
                                        tr(lang, "từ", "from"),
                                        format_date(from)
                                    ));
                                }
                                ui.selectable_value(
                                    &mut draft.admin_unit,
                                    Some(unit.id.clone()),
                                    label,
                                );
                            }
                        });
                    let _ = combo.response.labelled_by(label.id);
                    ui.label("");
                    ui.end_row();
                    former_unit_hint_ui(ui, &ws.program, draft, lang);
                    field(
                        ui,
                        tr(lang, "Người liên hệ", "Contact person"),
                        &mut draft.contact_person,
                        None,
                        lang,
                    );
                    field(
                        ui,
                        tr(lang, "Điện thoại", "Phone"),
                        &mut draft.phone,
                        None,
                        lang,
                    );
                    field(
                        ui,
                        "Email",
                        &mut draft.email,
                        problem_for(&problems, "email"),
                        lang,
                    );
                    let label = ui.label(tr(lang, "Đối tác đồng hành", "Partner"));
                    let combo = egui::ComboBox::from_id_salt("partner")
                        .selected_text(draft.partner.clone().unwrap_or_else(|| "–".into()))
                        .width(320.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut draft.partner, None, "–");
                            for partner in &ws.program.partners {
                                ui.selectable_value(
                                    &mut draft.partner,
                                    Some(partner.clone()),
                                    partner,
                                );
                            }
                        });
                    let _ = combo.response.labelled_by(label.id);
                    ui.label("");
                    ui.end_row();
                    if !self_assessment {
                        field(
                            ui,
                            tr(lang, "Tư vấn viên phụ trách", "Assigned consultant"),
                            &mut draft.consultant,
                            None,
                            lang,
                        );
                    }
                    let label = ui.label(tr(lang, "Ghi chú", "Notes"));
                    ui.add(
                        egui::TextEdit::multiline(&mut draft.notes)
                            .desired_rows(2)
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.label("");
                    ui.end_row();
                });
            // A tax code already in the folder: refuse early and link to the record.
            let owner = crate::enterprise::tax_code::parse(&draft.tax_code)
                .ok()
                .and_then(|code| ws.tax_code_owner(code.as_str(), draft.id));
            if let Some(owner) = owner {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        match lang {
                            Lang::Vi => format!("Mã số thuế này đã thuộc về “{}”.", owner.name),
                            Lang::En => {
                                format!("This tax code already belongs to “{}”.", owner.name)
                            }
                        },
                    );
                    if ui
                        .link(tr(lang, "Mở hồ sơ đó", "Open that profile"))
                        .clicked()
                    {
                        actions.push(Action::OpenEnterprise(owner.id));
                    }
                });
            }
            ui.horizontal(|ui| {
                let can_save = problems.is_empty() && owner.is_none();
                if ui
                    .add_enabled(
                        can_save,
                        egui::Button::new(tr(lang, "Lưu hồ sơ", "Save profile")),
                    )
                    .clicked()
                {
                    actions.push(Action::SaveProfile);
                }
                if let Some(e) = stored.filter(|_| !self_assessment) {
                    let (label, archived) = if e.archived {
                        (tr(lang, "Khôi phục", "Restore"), false)
                    } else {
                        (tr(lang, "Lưu trữ", "Archive"), true)
                    };
                    if ui.button(label).clicked() {
                        actions.push(Action::SetArchived(e.id, archived));
                    }
                }
            });
            let Some(e) = stored else { return };
            ui.separator();
            assessments_ui(ui, ws, e, lang, actions);
            if self_assessment {
                return;
            }
            ui.separator();
            activities_ui(ui, ws, e, core.view.activity.as_mut(), lang, actions);
            ui.separator();
            super::exchange::history_ui(ui, e, lang);
        });
}

fn assessments_ui(
    ui: &mut egui::Ui,
    ws: &crate::workspace::Workspace,
    e: &crate::enterprise::Enterprise,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    ui.heading(tr(lang, "Các lần đánh giá", "Assessments"));
    let draft = e.assessments.iter().find(|a| !a.is_completed());
    let has_baseline = e
        .assessments
        .iter()
        .any(|a| a.stage == Stage::Baseline && a.is_completed());
    let next_follow_up = e
        .assessments
        .iter()
        .filter_map(|a| match a.stage {
            Stage::FollowUp(n) => Some(n),
            Stage::Baseline => None,
        })
        .max()
        .unwrap_or(0)
        + 1;
    ui.horizontal(|ui| match draft {
        Some(a) => {
            if ui
                .button(tr(
                    lang,
                    "Tiếp tục đánh giá dở",
                    "Resume the draft assessment",
                ))
                .clicked()
            {
                actions.push(Action::ResumeAssessment {
                    enterprise: e.id,
                    assessment: a.id,
                });
            }
        }
        None if !has_baseline => {
            if ui
                .button(tr(
                    lang,
                    "Bắt đầu đánh giá đầu kỳ (T0)",
                    "Start the baseline assessment (T0)",
                ))
                .clicked()
            {
                actions.push(Action::StartAssessment {
                    enterprise: e.id,
                    stage: Stage::Baseline,
                });
            }
        }
        None => {
            let label = match lang {
                Lang::Vi => format!("Bắt đầu đánh giá lại (T{next_follow_up})"),
                Lang::En => format!("Start follow-up assessment (T{next_follow_up})"),
            };
            if ui.button(label).clicked() {
                actions.push(Action::StartAssessment {
                    enterprise: e.id,
                    stage: Stage::FollowUp(next_follow_up),
                });
            }
        }
    });
    for a in &e.assessments {
        ui.horizontal(|ui| {
            ui.label(a.stage.name().get(lang));
            ui.label(format_moment(a.completed.unwrap_or(a.started)));
            ui.label(format!("{} {}", a.questionnaire, a.questionnaire_version));
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
                            tr(lang, "mức", "level"),
                            report.level
                        ),
                    );
                    if ui.button(tr(lang, "Xem kết quả", "View results")).clicked() {
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
                        tr(lang, "bản nháp", "draft"),
                        a.answers.len(),
                        tr(lang, "câu đã trả lời", "answered")
                    ));
                }
            }
        });
    }
}

fn activities_ui(
    ui: &mut egui::Ui,
    ws: &crate::workspace::Workspace,
    e: &crate::enterprise::Enterprise,
    draft: Option<&mut sohoa_core::app::state::ActivityDraft>,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    ui.heading(tr(lang, "Hoạt động hỗ trợ", "Support activities"));
    for activity in &e.activities {
        ui.horizontal(|ui| {
            ui.label(format_date(activity.date));
            ui.label(activity.kind.name().get(lang));
            ui.label(activity.partner.as_deref().unwrap_or("–"));
            ui.label(activity.platform.as_deref().unwrap_or(""));
            ui.label(&activity.note);
            if ui.small_button(tr(lang, "Sửa", "Edit")).clicked() {
                actions.push(Action::EditActivity {
                    enterprise: e.id,
                    activity: Some(activity.id),
                });
            }
            if ui.small_button(tr(lang, "Xóa", "Delete")).clicked() {
                actions.push(Action::RemoveActivity {
                    enterprise: e.id,
                    activity: activity.id,
                });
            }
        });
    }
    match draft.filter(|d| d.enterprise == e.id) {
        None => {
            if ui
                .button(tr(
                    lang,
                    "+ Thêm hoạt động hỗ trợ",
                    "+ Add a support activity",
                ))
                .clicked()
            {
                actions.push(Action::EditActivity {
                    enterprise: e.id,
                    activity: None,
                });
            }
        }
        Some(draft) => {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                egui::Grid::new("activity-form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label(tr(lang, "Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"));
                        ui.text_edit_singleline(&mut draft.date)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(tr(lang, "Loại hoạt động", "Kind"));
                        let combo = egui::ComboBox::from_id_salt("activity-kind")
                            .selected_text(draft.kind.name().get(lang))
                            .show_ui(ui, |ui| {
                                for kind in ActivityKind::ALL {
                                    ui.selectable_value(
                                        &mut draft.kind,
                                        kind,
                                        kind.name().get(lang),
                                    );
                                }
                            });
                        let _ = combo.response.labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(tr(lang, "Đối tác", "Partner"));
                        let combo = egui::ComboBox::from_id_salt("activity-partner")
                            .selected_text(draft.partner.clone().unwrap_or_else(|| "–".into()))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut draft.partner, None, "–");
                                for partner in &ws.program.partners {
                                    ui.selectable_value(
                                        &mut draft.partner,
                                        Some(partner.clone()),
                                        partner,
                                    );
                                }
                            });
                        let _ = combo.response.labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(tr(lang, "Nền tảng / sản phẩm", "Platform / product"));
                        ui.text_edit_singleline(&mut draft.platform)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(tr(lang, "Ghi chú", "Note"));
                        ui.text_edit_singleline(&mut draft.note)
                            .labelled_by(label.id);
                        ui.end_row();
                    });
                ui.horizontal(|ui| {
                    if ui
                        .button(tr(lang, "Lưu hoạt động", "Save activity"))
                        .clicked()
                    {
                        actions.push(Action::SaveActivity);
                    }
                });
            });
        }
    }
    let since = ws.summary(e.id).and_then(|s| s.supported_since);
    if let Some(day) = since {
        ui.label(format!(
            "{} {}",
            tr(
                lang,
                "Được tính là đã hỗ trợ từ",
                "Counted as supported since"
            ),
            format_date(day)
        ));
    }
}

/// Under the place of a profile: a unit that no longer exists and was split into
/// several, named with the units it went into, unless the address tells which.
fn former_unit_hint_ui(
    ui: &mut egui::Ui,
    program: &crate::program::ProgramSettings,
    draft: &sohoa_core::app::state::ProfileDraft,
    lang: Lang,
) {
    let Some(unit) = draft.admin_unit.as_deref() else {
        return;
    };
    let today = crate::text::local_date(jiff::Timestamp::now());
    let crate::program::places::PlaceOn::Review { candidates, .. } =
        crate::program::places::place_on(program, unit, &draft.address, today)
    else {
        return;
    };
    let names: Vec<&str> = candidates.iter().map(|id| program.unit_name(id)).collect();
    let text = match lang {
        Lang::Vi => format!(
            "{} không còn; đã nhập vào một trong: {}. Hãy chọn đơn vị mới (hoặc ghi xã cũ vào địa chỉ).",
            program.unit_name(unit),
            names.join(", ")
        ),
        Lang::En => format!(
            "{} no longer exists; it went into one of: {}. Choose the new unit (or write the former commune in the address).",
            program.unit_name(unit),
            names.join(", ")
        ),
    };
    ui.label("");
    ui.add(egui::Label::new(egui::RichText::new(text).color(ui.visuals().warn_fg_color)).wrap());
    ui.label("");
    ui.end_row();
}
