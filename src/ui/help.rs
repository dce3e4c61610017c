//! The help window: the user guide's section about the screen shown, with
//! every section listed beside it. Opened by “Hướng dẫn” / “Help” on every
//! screen, or F1.

use eframe::egui;

use sohoa_core::app::{Action, AppCore};
use sohoa_core::guide::{Guide, Piece};

/// The section of the guide about what the window shows now.
pub fn section_shown(core: &AppCore) -> String {
    if core.view.self_assessment {
        return "self-assessment".to_owned();
    }
    if core.view.setup.is_some() {
        return sohoa_core::app::state::SETUP_HELP_SECTION.to_owned();
    }
    if core.view.table_import.is_some() {
        return "tables".to_owned();
    }
    core.view.page.kind().help_section().to_owned()
}

/// The button that opens the help at the screen's section.
pub fn help_button_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    if ui
        .button(lang.pick("Hướng dẫn", "Help"))
        .on_hover_text(lang.pick(
            "Hướng dẫn cho màn hình này (F1)",
            "Help for this screen (F1)",
        ))
        .clicked()
    {
        actions.push(Action::ShowHelp(Some(section_shown(core))));
    }
}

/// F1 opens the help at the screen's section, or closes it.
pub fn help_key(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
        let section = core.view.help.is_none().then(|| section_shown(core));
        actions.push(Action::ShowHelp(section));
    }
}

/// The help window, while it is open.
pub fn help_window_ui(ctx: &egui::Context, core: &AppCore, actions: &mut Vec<Action>) {
    let Some(shown) = core.view.help.as_deref() else {
        return;
    };
    let lang = core.prefs.lang;
    let guide = Guide::get(lang);
    let Some(section) = guide.section(shown).or(guide.sections.first()) else {
        return;
    };
    let mut open = true;
    egui::Window::new(lang.pick("Hướng dẫn", "Help"))
        .id(egui::Id::unique("help-window"))
        .open(&mut open)
        .default_size([760.0, 560.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(200.0);
                    egui::ScrollArea::vertical()
                        .id_salt("help-sections")
                        .show(ui, |ui| {
                            for other in &guide.sections {
                                let chosen = other.id == section.id;
                                if ui
                                    .add(
                                        egui::Button::selectable(chosen, other.title.as_str())
                                            .wrap(),
                                    )
                                    .clicked()
                                    && !chosen
                                {
                                    actions.push(Action::ShowHelp(Some(other.id.clone())));
                                }
                            }
                        });
                });
                ui.separator();
                ui.vertical(|ui| {
                    egui::ScrollArea::vertical()
                        .id_salt(("help-text", section.id.as_str()))
                        .show(ui, |ui| section_ui(ui, &section.title, &section.pieces));
                });
            });
        });
    if !open {
        actions.push(Action::ShowHelp(None));
    }
}

fn section_ui(ui: &mut egui::Ui, title: &str, pieces: &[Piece]) {
    ui.heading(title);
    ui.add_space(4.0);
    for piece in pieces {
        let text = match piece {
            Piece::Paragraph(_) => piece.text(),
            Piece::Item(_) => format!("•  {}", piece.text()),
            Piece::Step(n, _) => format!("{n}.  {}", piece.text()),
        };
        ui.add(egui::Label::new(text).wrap());
        ui.add_space(4.0);
    }
}
