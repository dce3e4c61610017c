//! Widgets shared by several screens: horizontal bar rows that can be clicked,
//! the level badge, and the radar chart of pillar shares.

use eframe::egui::{self, Color32, Pos2, Stroke, Vec2};
use sohoa_core::text::Lang;

/// Gives a widget (a combo box with no visible label) its accessible name.
pub fn name_widget(response: &egui::Response, name: &str) {
    let enabled = response.enabled();
    let name = name.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, enabled, name.clone()));
}

/// Colour of a maturity level, from red (0) to green (5).
pub fn level_color(level: u8) -> Color32 {
    match level {
        0 => Color32::from_rgb(0xb9, 0x3a, 0x32),
        1 => Color32::from_rgb(0xd9, 0x73, 0x2a),
        2 => Color32::from_rgb(0xc9, 0xa2, 0x27),
        3 => Color32::from_rgb(0x5f, 0x9e, 0x3a),
        4 => Color32::from_rgb(0x2e, 0x85, 0x5a),
        _ => Color32::from_rgb(0x1f, 0x6f, 0x8b),
    }
}

/// A large badge: "Mức 3 – Hình thành".
pub fn level_badge(ui: &mut egui::Ui, text: &str, level: u8) {
    egui::Frame::new()
        .fill(level_color(level))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(text)
                    .size(24.0)
                    .strong()
                    .color(Color32::WHITE),
            );
        });
}

/// One labelled horizontal bar; returns the response so the caller can react to a click.
pub fn bar_row(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    count: usize,
    max: usize,
    width: f32,
    color: Color32,
) -> egui::Response {
    ui.horizontal(|ui| {
        let width = width.min(ui.available_width());
        let label_width = (width * 0.42).min(190.0);
        // One line, ending in "…" when too long, the whole label on hover.
        ui.allocate_ui_with_layout(
            Vec2::new(label_width, 20.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_width(label_width);
                ui.add(egui::Label::new(label).truncate().selectable(false))
                    .on_hover_text(label);
            },
        );
        let bar_width = (width - label_width - 60.0).max(40.0);
        let (rect, response) =
            ui.allocate_exact_size(Vec2::new(bar_width, 18.0), egui::Sense::click());
        let filled = if max == 0 {
            0.0
        } else {
            bar_width * count as f32 / max as f32
        };
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
        painter.rect_filled(
            egui::Rect::from_min_size(rect.min, Vec2::new(filled, rect.height())),
            2.0,
            color,
        );
        if response.has_focus() {
            // Reached with Tab: the same ring as every focused control.
            let ring = ui.visuals().selection.stroke;
            painter.rect_stroke(
                rect.expand(2.0),
                3.0,
                Stroke::new(ring.width.max(2.0), ring.color),
                egui::StrokeKind::Outside,
            );
        } else if response.hovered() {
            painter.rect_stroke(
                rect,
                2.0,
                Stroke::new(1.0, ui.visuals().strong_text_color()),
                egui::StrokeKind::Outside,
            );
        }
        ui.label(super::group_thousands(count, lang));
        response
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(label)
    })
    .inner
}

/// A radar chart of shares (0–1), one axis per name; `series` are drawn in order
/// (the first dashed, as a baseline, when there are two).
pub fn radar_chart(ui: &mut egui::Ui, names: &[String], series: &[(&[f64], Color32)], size: f32) {
    // Wider than tall: the axis labels sit left and right of the chart.
    let (rect, _) = ui.allocate_exact_size(Vec2::new(size * 1.45, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let center = rect.center();
    let radius = size * 0.34;
    let n = names.len().max(3);
    let point = |i: usize, r: f32| {
        let angle = -std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * i as f32 / n as f32;
        center + Vec2::new(angle.cos(), angle.sin()) * r
    };
    let grid = Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.5));
    for step in 1..=5 {
        let r = radius * step as f32 / 5.0;
        let ring: Vec<Pos2> = (0..n).map(|i| point(i, r)).collect();
        painter.add(egui::Shape::closed_line(ring, grid));
    }
    for (i, name) in names.iter().enumerate() {
        painter.line_segment([center, point(i, radius)], grid);
        let anchor = point(i, radius + 10.0);
        let align = match (anchor.x - center.x, anchor.y - center.y) {
            (dx, dy) if dx.abs() < 4.0 && dy < 0.0 => egui::Align2::CENTER_BOTTOM,
            (dx, _) if dx.abs() < 4.0 => egui::Align2::CENTER_TOP,
            (dx, _) if dx > 0.0 => egui::Align2::LEFT_CENTER,
            _ => egui::Align2::RIGHT_CENTER,
        };
        let galley = painter.layout(
            wrap_words(name, 18),
            egui::FontId::proportional(12.0),
            ui.visuals().text_color(),
            size * 0.5,
        );
        let text_rect = align.anchor_size(anchor, galley.size());
        painter.galley(text_rect.min, galley, ui.visuals().text_color());
    }
    let dashed = series.len() > 1;
    for (k, (values, color)) in series.iter().enumerate() {
        let points: Vec<Pos2> = values
            .iter()
            .enumerate()
            .map(|(i, v)| point(i, radius * v.clamp(0.0, 1.0) as f32))
            .collect();
        if points.len() < 3 {
            continue;
        }
        let stroke = Stroke::new(2.0, *color);
        if dashed && k == 0 {
            let mut closed = points.clone();
            closed.push(points[0]);
            painter.extend(egui::Shape::dashed_line(&closed, stroke, 6.0, 4.0));
        } else {
            // A radar outline is rarely convex: fill it as a fan of triangles.
            for i in 0..points.len() {
                let next = points[(i + 1) % points.len()];
                painter.add(egui::Shape::convex_polygon(
                    vec![center, points[i], next],
                    color.gamma_multiply(0.12),
                    Stroke::NONE,
                ));
            }
            painter.add(egui::Shape::closed_line(points.clone(), stroke));
        }
        for p in points {
            painter.circle_filled(p, 3.0, *color);
        }
    }
}

/// Breaks text into lines of at most about `width` characters, at spaces.
fn wrap_words(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Whether a text box has the keyboard. egui's own "wants keyboard input" is also
/// true for a focused button, which would make keys typed for a page (the
/// walkthrough's digits) go nowhere.
pub fn text_box_has_focus(ctx: &egui::Context) -> bool {
    ctx.memory(|m| m.focused())
        .is_some_and(|id| egui::TextEdit::load_state(ctx, id).is_some())
}

/// The key of a page's main step (resume the latest draft, start or resume the
/// open enterprise's assessment): Ctrl+Enter, ⌘+Enter on a Mac.
pub const PRIMARY_SHORTCUT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Enter);

/// Selects the whole text of a text box the frame it gets the keyboard, so a
/// figure typed into a box that already holds one replaces it, as the selection
/// shows, instead of being added to its end and changing the answer by surprise.
pub fn select_all_when_focused(ui: &egui::Ui, response: &egui::Response, text: &str) {
    if response.gained_focus() {
        let mut state = egui::TextEdit::load_state(ui.ctx(), response.id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text_selection::CCursorRange::select_all_str(
                text,
            )));
        state.store(ui.ctx(), response.id);
    }
}

/// A button that explains itself on hover; whether it was clicked.
pub fn button_with_hint(ui: &mut egui::Ui, label: &str, hint: &str) -> bool {
    ui.button(label).on_hover_text(hint).clicked()
}
