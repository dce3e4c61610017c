//! Settings → keys and sealing: this installation's fingerprint and key card,
//! the office's keys, revocations, and "accept sealed bundles only".

use eframe::egui;

use sohoa_core::app::state::FileGoal;
use sohoa_core::app::{Action, AppCore, Edit};
use sohoa_core::app::{KeyAction, KeysForm};
use sohoa_core::text::{Lang, format_date};

pub fn keys_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let keys = &core.workspace.program.keys;
    ui.heading(lang.pick("Khóa và niêm phong gói dữ liệu", "Keys and sealed bundles"));
    ui.label(lang.pick(
        "Gói dữ liệu gửi đi được mã hóa cho văn phòng chương trình và ký bằng khóa của máy này: người khác không đọc được, và sửa một byte là bị từ chối.",
        "Bundles you send are encrypted to the program office and signed with this installation's key: nobody else can read them, and a single changed byte is refused.",
    ));
    own_key_ui(ui, core, lang, actions);
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(lang.pick("Khóa văn phòng chương trình", "Program office keys"))
            .strong(),
    );
    if keys.office.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.pick(
                "Chưa có: gói dữ liệu xuất ra KHÔNG được niêm phong. Dán thẻ khóa văn phòng gửi cho bạn vào ô dưới.",
                "None yet: bundles are exported NOT sealed. Paste the key card the office sent you below.",
            ),
        );
    }
    for card in &keys.office {
        ui.horizontal_wrapped(|ui| {
            ui.monospace(card.fingerprint());
            ui.label(&card.name);
            if ui.small_button(lang.pick("Bỏ", "Remove")).clicked() {
                actions.push(Action::Keys(KeyAction::RemoveOffice(card.fingerprint())));
            }
        });
    }
    let mut form = core.view.keys_form.clone();
    let label = ui.label(lang.pick("Thẻ khóa văn phòng:", "Office key card:"));
    ui.add(
        egui::TextEdit::multiline(&mut form.pasted_card)
            .desired_rows(3)
            .desired_width(520.0)
            .hint_text(lang.pick(
                "Dán thẻ khóa (từ “-----BEGIN SOHOA KEY CARD-----” đến “END”), hoặc đường dẫn tệp .sohoa-key",
                "Paste a key card (from “-----BEGIN SOHOA KEY CARD-----” to “END”), or a .sohoa-key file's path",
            )),
    )
    .labelled_by(label.id);
    let add = ui.add_enabled(
        !form.pasted_card.trim().is_empty(),
        egui::Button::new(lang.pick("Thêm khóa văn phòng", "Add the office key")),
    );
    if add.clicked() {
        actions.push(Action::Keys(KeyAction::AddOffice));
    }

    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick(
                "Áp dụng tệp cấu hình của văn phòng…",
                "Apply the office's program file…",
            ))
            .clicked()
        {
            actions.push(Action::ChooseFile {
                goal: FileGoal::ProgramPreset,
                file_name: String::new(),
            });
        }
        if ui
            .button(lang.pick(
                "Lưu tệp cấu hình cho tư vấn viên…",
                "Save the program file for consultants…",
            ))
            .clicked()
        {
            actions.push(Action::ChooseFile {
                goal: FileGoal::ProgramPresetOut,
                file_name: format!(
                    "chuong-trinh.{}",
                    sohoa_core::program::preset::PRESET_EXTENSION
                ),
            });
        }
    });
    ui.add_space(6.0);
    let mut sealed_only = keys.sealed_only;
    if ui
        .checkbox(
            &mut sealed_only,
            lang.pick(
                "Chỉ nhận gói dữ liệu đã niêm phong (phiếu tự đánh giá của doanh nghiệp vẫn được nhận, có ghi chú)",
                "Accept sealed bundles only (enterprises' self-assessments are still taken, labelled)",
            ),
        )
        .changed()
    {
        actions.push(Action::Keys(KeyAction::SetSealedOnly(sealed_only)));
    }
    known_and_revoked_ui(ui, core, &mut form, lang, actions);
    if form != core.view.keys_form {
        actions.push(Action::Edit(Edit::Keys(form)));
    }
}

fn own_key_ui(ui: &mut egui::Ui, core: &AppCore, lang: Lang, actions: &mut Vec<Action>) {
    let Some(card) = &core.view.own_key else {
        if ui
            .button(lang.pick("Xem khóa của máy này", "Show this installation's key"))
            .clicked()
        {
            actions.push(Action::Keys(KeyAction::Load));
        }
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.pick(
            "Dấu vân tay khóa của máy này:",
            "This installation's key fingerprint:",
        ));
        ui.monospace(egui::RichText::new(card.fingerprint()).strong());
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("Lưu thẻ khóa công khai…", "Save the public key card…"))
            .clicked()
        {
            actions.push(Action::ChooseFile {
                goal: FileGoal::KeyCard,
                file_name: format!(
                    "{}.{}",
                    card.fingerprint(),
                    sohoa_core::keys::KEY_CARD_EXTENSION
                ),
            });
        }
        if ui
            .button(lang.pick(
                "Chép thẻ khóa để dán vào tin nhắn",
                "Copy the key card to paste into a message",
            ))
            .clicked()
        {
            ui.ctx().copy_text(card.to_text());
        }
    });
}

fn known_and_revoked_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    form: &mut KeysForm,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let keys = &core.workspace.program.keys;
    egui::CollapsingHeader::new(lang.pick(
        "Khóa người gửi đã xác nhận, khóa thu hồi",
        "Confirmed senders' keys, revoked keys",
    ))
    .id_salt("known-keys")
    .show(ui, |ui| {
        for known in &keys.known {
            let revoked = keys
                .revoked
                .iter()
                .find(|r| r.fingerprint == known.card.fingerprint());
            ui.horizontal_wrapped(|ui| {
                ui.monospace(known.card.fingerprint());
                ui.label(format!(
                    "{} · {} {}",
                    known.card.name,
                    lang.pick("xác nhận", "confirmed"),
                    format_date(known.trusted)
                ));
                if let Some(r) = revoked {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!(
                            "{} {}",
                            lang.pick("thu hồi từ", "revoked from"),
                            format_date(r.from)
                        ),
                    );
                }
            });
        }
        for r in keys.revoked.iter().filter(|r| {
            !keys
                .known
                .iter()
                .any(|k| k.card.fingerprint() == r.fingerprint)
        }) {
            ui.horizontal_wrapped(|ui| {
                ui.monospace(&r.fingerprint);
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {} {}",
                        r.name,
                        lang.pick("thu hồi từ", "revoked from"),
                        format_date(r.from)
                    ),
                );
            });
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(lang.pick("Thu hồi khóa", "Revoke key"));
            ui.add(
                egui::TextEdit::singleline(&mut form.revoke_fingerprint)
                    .desired_width(180.0)
                    .hint_text("XXXX-XXXX-XXXX-XXXX"),
            )
            .labelled_by(label.id);
            let label = ui.label(lang.pick("từ ngày", "from"));
            ui.add(
                egui::TextEdit::singleline(&mut form.revoke_from)
                    .desired_width(90.0)
                    .hint_text("dd/mm/yyyy"),
            )
            .labelled_by(label.id);
            let ready =
                !form.revoke_fingerprint.trim().is_empty() && !form.revoke_from.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(lang.pick("Thu hồi", "Revoke")))
                .clicked()
            {
                actions.push(Action::Keys(KeyAction::Revoke));
            }
        });
    });
}
