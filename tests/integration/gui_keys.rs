//! Keys, sealed bundles and consent in the window, clicked as a person clicks:
//! Settings' key section, the import preview's trust button, the walkthrough's
//! consent reminder.

use egui_kittest::kittest::Queryable;
use sohoa::app::KeyAction;
use sohoa::app::{Action, ExchangeAction};
use sohoa::enterprise::field::ProfileField;
use sohoa::keys::{KeyPair, Keyring};
use sohoa::workspace::Workspace;

use crate::support::{
    Window, apply, click, core, core_mut, shows_text, start_baseline, type_into,
    window_on_one_enterprise, workspace,
};

/// A window on a folder with one enterprise, whose installation key lives in `key_dir`.
fn window_with_key(dir: &std::path::Path, name: &str) -> (Window, ulid::Ulid) {
    let (mut h, id) = window_on_one_enterprise(&dir.join("data"), name);
    core_mut(&mut h).keyring = Keyring::new(dir.join("key"));
    (h, id)
}

/// Scrolls the page to the widget labelled `label` (below the fold), then clicks it.
fn click_below(h: &mut Window, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    click(h, label);
}

#[test]
fn an_office_key_pasted_in_settings_makes_the_next_export_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_with_key(dir.path(), "Công ty TNHH Dừa Xanh");
    click(&mut h, "Cài đặt");
    click(&mut h, "Xem khóa của máy này");
    let own = core(&h).view.own_key.clone().expect("the key is shown");
    assert!(shows_text(&h, &own.fingerprint()));

    let office = KeyPair::generate().unwrap().card("Văn phòng Sở");
    type_into(
        &mut h,
        "Thẻ khóa văn phòng:",
        &format!("Gửi chị Lan:\n{}", office.to_text()),
    );
    h.run();
    click_below(&mut h, "Thêm khóa văn phòng");
    assert_eq!(workspace(&h).program.keys.office, vec![office.clone()]);
    assert!(shows_text(
        &h,
        &format!(
            "Đã thêm khóa văn phòng {} vào chương trình",
            office.fingerprint()
        )
    ));
    assert_eq!(
        core(&h).view.keys_form.pasted_card,
        "",
        "the box is emptied"
    );

    h.get_by_label_contains("Chỉ nhận gói dữ liệu đã niêm phong")
        .scroll_to_me();
    h.run();
    h.get_by_label_contains("Chỉ nhận gói dữ liệu đã niêm phong")
        .click();
    h.run();
    assert!(workspace(&h).program.keys.sealed_only);

    let path = dir.path().join("lan.sohoa");
    apply(
        &mut h,
        Action::Exchange(ExchangeAction::ExportBundle {
            path: path.clone(),
            ids: vec![id],
        }),
    );
    assert!(shows_text(
        &h,
        "Tệp đã niêm phong: chỉ văn phòng (Văn phòng Sở) và bạn mở được."
    ));
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with(b"sohoa-sealed 1\n")
    );
}

#[test]
fn a_bundle_from_a_new_key_waits_for_the_trust_button_then_imports() {
    let dir = tempfile::tempdir().unwrap();
    // Lan's laptop seals a bundle to the office.
    let (mut lan, _) = window_with_key(&dir.path().join("lan"), "HTX Bưởi Da Xanh");
    let (mut office, _) = window_with_key(&dir.path().join("office"), "Công ty TNHH Dừa Xanh");
    apply(&mut office, Action::Keys(KeyAction::Load));
    let office_card = core(&office).view.own_key.clone().unwrap();
    let mut settings = workspace(&lan).program.clone();
    settings.keys.add_office(office_card);
    core_mut(&mut lan)
        .workspace
        .update_program(settings)
        .unwrap();
    let path = dir.path().join("lan.sohoa");
    let ids = workspace(&lan).enterprises().iter().map(|e| e.id).collect();
    apply(
        &mut lan,
        Action::Exchange(ExchangeAction::ExportBundle {
            path: path.clone(),
            ids,
        }),
    );

    apply(
        &mut office,
        Action::Exchange(ExchangeAction::PreviewImport(vec![path])),
    );
    assert!(shows_text(&office, "khóa MỚI, chưa từng gặp"));
    use egui_kittest::kittest::NodeT;
    assert!(
        office.get_by_label("Nhập").accesskit_node().is_disabled(),
        "import waits for the key"
    );
    let import_button = office.get_by_label("Nhập").rect();
    click(
        &mut office,
        "Tôi đã đối chiếu dấu vân tay với người gửi: tin khóa này",
    );
    assert!(shows_text(&office, "khóa đã xác nhận ngày"));
    // The preview keeps its place: the button is where the pointer left it.
    assert_eq!(office.get_by_label("Nhập").rect(), import_button);
    click(&mut office, "Nhập");
    assert_eq!(workspace(&office).enterprises().len(), 2);
    assert_eq!(workspace(&office).program.keys.known.len(), 1);
}

#[test]
fn the_first_visit_reminds_to_ask_for_consent_and_records_it_in_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_with_key(dir.path(), "Công ty TNHH Dừa Xanh");
    start_baseline(&mut h, id);
    assert!(shows_text(
        &h,
        "Lần gặp đầu: hãy hỏi người liên hệ có đồng ý"
    ));
    click(&mut h, "Đồng ý");
    let consent = workspace(&h).get(id).unwrap().consent.clone().unwrap();
    assert!(consent.given);
    assert!(!shows_text(&h, "Lần gặp đầu"));
    // Opened again, the folder has it.
    let reopened = Workspace::open(dir.path().join("data")).unwrap();
    assert!(reopened.get(id).unwrap().may_share_contacts());
}

#[test]
fn personal_data_is_erased_from_the_profile_after_a_second_click() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_with_key(dir.path(), "Công ty TNHH Dừa Xanh");
    let mut e = workspace(&h).get(id).unwrap().clone();
    e.contact.phone = "0909 123 456".into();
    core_mut(&mut h).workspace.save(e).unwrap();
    apply(&mut h, Action::OpenEnterprise(id));
    click_below(&mut h, "Xóa dữ liệu cá nhân theo yêu cầu…");
    assert!(shows_text(&h, "Xóa vĩnh viễn người liên hệ"));
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "0909 123 456");
    click_below(&mut h, "Chắc chắn: xóa");
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "");
    assert_eq!(core(&h).view.profile().unwrap()[ProfileField::Phone], "");
    assert!(shows_text(
        &h,
        "Đã xóa dữ liệu cá nhân của “Công ty TNHH Dừa Xanh”"
    ));
}
