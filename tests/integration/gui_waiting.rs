//! Changes made in the window while another Sohoa holds the data folder (an
//! import from the command line, a backup): each waits in the window's queue,
//! the status line says so, and each goes through once the folder is free,
//! never failing because the folder was busy for a moment.

use egui_kittest::kittest::Queryable;
use sohoa::store::DataFolder;

use crate::support::{
    Window, click, core, core_mut, run_until, shows_text, start_baseline, type_into,
    window_on_one_enterprise, workspace,
};

/// The window waits for the lock as the app does (not the command line's minutes).
fn as_the_app_waits(h: &mut Window) {
    core_mut(h)
        .workspace
        .set_lock_wait(std::time::Duration::from_millis(200));
}

/// Another Sohoa program taking the folder's lock (a second handle on the lock
/// file conflicts as another process's does).
fn another_sohoa_holds(dir: &std::path::Path) -> sohoa::store::FolderLock {
    DataFolder::open(dir)
        .unwrap()
        .lock(std::time::Duration::from_secs(5))
        .unwrap()
}

fn errors(h: &Window) -> Vec<String> {
    core(h)
        .view
        .messages
        .iter()
        .filter(|m| m.error)
        .map(|m| m.text.clone())
        .collect()
}

#[test]
fn erasing_personal_data_while_another_sohoa_writes_waits_then_erases() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "Công ty TNHH Dừa Xanh");
    as_the_app_waits(&mut h);
    let mut e = workspace(&h).get(id).unwrap().clone();
    e.contact.phone = "0909 123 456".into();
    core_mut(&mut h).workspace.save(e).unwrap();
    h.run();
    core_mut(&mut h).apply(
        sohoa::app::Action::OpenEnterprise(id),
        jiff::Timestamp::now(),
    );
    h.run();
    h.get_by_label("Xóa dữ liệu cá nhân theo yêu cầu…")
        .scroll_to_me();
    h.run();
    click(&mut h, "Xóa dữ liệu cá nhân theo yêu cầu…");

    let held = another_sohoa_holds(dir.path());
    h.get_by_label("Chắc chắn: xóa").scroll_to_me();
    h.run();
    click(&mut h, "Chắc chắn: xóa");
    h.run();
    assert!(
        core(&h).view.folder_busy,
        "the status line says the folder is busy"
    );
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "0909 123 456");
    drop(held);
    run_until(&mut h, |h| {
        workspace(h).get(id).unwrap().contact.phone.is_empty()
    });
    assert_eq!(workspace(&h).get(id).unwrap().contact.phone, "");
    assert!(shows_text(
        &h,
        "Đã xóa dữ liệu cá nhân của “Công ty TNHH Dừa Xanh”"
    ));
    assert_eq!(errors(&h), Vec::<String>::new());
}

#[test]
fn moving_on_from_a_question_with_a_note_typed_while_another_sohoa_writes_waits_then_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = window_on_one_enterprise(dir.path(), "HTX Bưởi Năm Roi");
    as_the_app_waits(&mut h);
    start_baseline(&mut h, id);
    type_into(&mut h, "Ghi chú:", "Chủ cơ sở sẽ gửi số liệu sau");
    h.run();

    let held = another_sohoa_holds(dir.path());
    click(&mut h, "Tiếp →");
    h.run();
    assert!(core(&h).view.folder_busy);
    drop(held);
    let note = |h: &Window| {
        workspace(h).get(id).unwrap().assessments[0]
            .notes
            .values()
            .next()
            .cloned()
    };
    run_until(&mut h, |h| note(h).is_some());
    assert_eq!(note(&h).as_deref(), Some("Chủ cơ sở sẽ gửi số liệu sau"));
    assert_eq!(errors(&h), Vec::<String>::new());
    assert_eq!(core(&h).view.walk().unwrap().position, 1, "and it moved on");
}
