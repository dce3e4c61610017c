//! Help inside the window: the guide's section about the screen shown.

use eframe::egui;
use sohoa::app::{Action, Section};

use crate::support::{apply, click, core, open_window, press, shows_text};

#[test]
fn the_help_opens_at_the_screen_shown_and_any_section_is_one_click_away() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_window(dir.path());
    click(&mut h, "Hướng dẫn");
    assert_eq!(core(&h).view.help.as_deref(), Some("dashboard"));
    assert!(shows_text(
        &h,
        "Màn hình Tổng quan cho biết chương trình đang ở đâu"
    ));
    click(&mut h, "Sao lưu và khôi phục");
    assert_eq!(core(&h).view.help.as_deref(), Some("backups"));
    assert!(shows_text(&h, "Sohoa tự sao lưu thư mục dữ liệu"));
    // F1 closes it, and on another screen opens that screen's section.
    press(&mut h, egui::Key::F1);
    assert_eq!(core(&h).view.help, None);
    apply(&mut h, Action::Navigate(Section::Settings));
    press(&mut h, egui::Key::F1);
    assert_eq!(core(&h).view.help.as_deref(), Some("settings"));
    core_lang_en(&mut h);
    assert!(shows_text(&h, "Language, text size, dark theme."));
}

fn core_lang_en(h: &mut crate::support::Window) {
    crate::support::core_mut(h).prefs.lang = sohoa::text::Lang::En;
    h.run();
}
