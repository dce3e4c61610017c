//! The enterprise list: type-to-filter (ignoring case and diacritics), filters by
//! place, sector, size, partner, level and status, sortable columns with
//! Vietnamese collation, and only the visible rows laid out.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::program::dashboard::Dimension;
use crate::text::{Lang, format_moment};
use crate::workspace::Workspace;
use sohoa_core::app::state::{ListIndex, ListState, SortColumn, StatusFilter};
use sohoa_core::app::{Action, AppCore, tr};

/// Recomputes the visible rows when the data or the filters changed. The sorted
/// order and the search index are kept per data version, so a keystroke only
/// searches one buffer and walks the sorted order once.
pub fn refresh_rows(list: &mut ListState, ws: &Workspace) {
    let key = (
        ws.generation(),
        list.query.clone(),
        list.filters.clone(),
        list.status,
        list.sort,
        list.descending,
    );
    if list.computed_for.as_ref() == Some(&key) {
        return;
    }
    if list.sorted.as_ref().is_none_or(|(generation, column, _)| {
        *generation != ws.generation() || *column != list.sort
    }) {
        list.sorted = Some((ws.generation(), list.sort, sorted_order(ws, list.sort)));
    }
    if list
        .index
        .as_ref()
        .is_none_or(|index| index.generation != ws.generation())
    {
        list.index = Some(ListIndex::build(ws));
    }
    let (Some((_, _, order)), Some(index)) = (&list.sorted, &list.index) else {
        return;
    };
    let matched = index.search.matching(&list.query);
    let enterprises = ws.enterprises();
    let summaries = ws.summaries();
    let keep = |i: &usize| {
        let i = *i;
        let (archived, supported) = (index.archived[i], index.supported[i]);
        let status_ok = match list.status {
            StatusFilter::All => !archived,
            StatusFilter::Supported => !archived && supported,
            StatusFilter::NotSupported => !archived && !supported,
            StatusFilter::Archived => archived,
        };
        status_ok
            && matched[i]
            && list.filters.iter().all(|(dimension, key)| {
                dimension.key(&enterprises[i], &summaries[i]) == key.as_str()
            })
    };
    list.rows = if list.descending {
        order.iter().rev().copied().filter(keep).collect()
    } else {
        order.iter().copied().filter(keep).collect()
    };
    list.computed_for = Some(key);
}

/// Every enterprise's index, sorted by a column (Vietnamese collation for text).
fn sorted_order(ws: &Workspace, column: SortColumn) -> Vec<usize> {
    let enterprises = ws.enterprises();
    let summaries = ws.summaries();
    let mut order: Vec<usize> = (0..enterprises.len()).collect();
    match column {
        SortColumn::Name => {
            order.sort_by(|a, b| summaries[*a].sort_key.cmp(&summaries[*b].sort_key))
        }
        SortColumn::TaxCode => {
            order.sort_by(|a, b| enterprises[*a].tax_code.cmp(&enterprises[*b].tax_code))
        }
        SortColumn::Place => order.sort_by_cached_key(|i| {
            let e = &enterprises[*i];
            crate::text::collation_key(
                e.admin_unit
                    .as_deref()
                    .map_or("", |id| ws.program.unit_name(id)),
            )
        }),
        SortColumn::Level => order.sort_by_key(|i| summaries[*i].latest.as_ref().map(|a| a.level)),
        SortColumn::LastActivity => order.sort_by_key(|i| summaries[*i].last_activity),
    }
    order
}

fn filter_combo(ui: &mut egui::Ui, core: &mut AppCore, dimension: Dimension, title: &str) {
    let lang = core.prefs.lang;
    let ws = &core.workspace;
    let questionnaire = ws.program_questionnaire();
    let current = core
        .view
        .list
        .filters
        .iter()
        .find(|(d, _)| *d == dimension)
        .map(|(_, k)| k.clone());
    let selected_text = match &current {
        Some(key) => dimension.label(key, &ws.program, questionnaire, lang),
        None => title.to_owned(),
    };
    let mut keys: Vec<String> = match dimension {
        Dimension::Place => ws
            .program
            .admin_units
            .iter()
            .map(|u| u.id.clone())
            .collect(),
        Dimension::Sector => crate::enterprise::reference::Reference::get()
            .vsic
            .sections
            .iter()
            .map(|s| s.code.clone())
            .collect(),
        Dimension::Size => crate::enterprise::SizeClass::ALL
            .iter()
            .map(|c| c.key().to_owned())
            .collect(),
        Dimension::Partner => ws.program.partners.clone(),
        Dimension::Level => questionnaire.map_or(Vec::new(), |q| {
            q.levels.iter().map(|l| l.level.to_string()).collect()
        }),
        Dimension::Edition => ws
            .questionnaires
            .all()
            .iter()
            .map(|q| crate::program::dashboard::edition_key(&q.id, &q.version))
            .collect(),
    };
    keys.push(String::new());
    let mut choice: Option<Option<String>> = None;
    let combo = egui::ComboBox::from_id_salt(("filter", dimension as u8))
        .selected_text(selected_text)
        .width(150.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), tr(lang, "Tất cả", "All"))
                .clicked()
            {
                choice = Some(None);
            }
            for key in keys {
                let label = dimension.label(&key, &ws.program, questionnaire, lang);
                if ui
                    .selectable_label(current.as_ref() == Some(&key), label)
                    .clicked()
                {
                    choice = Some(Some(key));
                }
            }
        });
    super::widgets::name_widget(&combo.response, title);
    if let Some(choice) = choice {
        let filters = &mut core.view.list.filters;
        filters.retain(|(d, _)| *d != dimension);
        if let Some(key) = choice {
            filters.push((dimension, key));
        }
    }
}

/// A table cell's text: not selectable, so a click selects the row (and a
/// double-click opens it) instead of selecting letters; cut with "…" and shown
/// whole on hover when too long.
fn cell(ui: &mut egui::Ui, text: &str) {
    let response = ui.add(egui::Label::new(text).selectable(false).truncate());
    if text.chars().count() > 12 {
        response.on_hover_text(text);
    }
}

pub fn enterprises_ui(ui: &mut egui::Ui, core: &mut AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let mut enter_pressed = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr(lang, "Tìm:", "Search:"));
        let query = ui
            .add(
                egui::TextEdit::singleline(&mut core.view.list.query)
                    .hint_text(tr(
                        lang,
                        "tên, mã số thuế, địa bàn…",
                        "name, tax code, place…",
                    ))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if core.view.list.focus_query {
            query.request_focus();
            core.view.list.focus_query = false;
        }
        if query.changed() {
            core.view.list.query = crate::text::nfc(&core.view.list.query);
        }
        enter_pressed = query.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        filter_combo(ui, core, Dimension::Place, tr(lang, "Địa bàn", "Place"));
        filter_combo(ui, core, Dimension::Sector, tr(lang, "Ngành", "Sector"));
        filter_combo(ui, core, Dimension::Size, tr(lang, "Quy mô", "Size"));
        filter_combo(ui, core, Dimension::Partner, tr(lang, "Đối tác", "Partner"));
        filter_combo(ui, core, Dimension::Level, tr(lang, "Mức", "Level"));
        if core.workspace.questionnaires.all().len() > 1 {
            filter_combo(ui, core, Dimension::Edition, tr(lang, "Ấn bản", "Edition"));
        }
        let status = &mut core.view.list.status;
        let combo = egui::ComboBox::from_id_salt("status")
            .selected_text(status_label(*status, lang))
            .show_ui(ui, |ui| {
                for s in [
                    StatusFilter::All,
                    StatusFilter::Supported,
                    StatusFilter::NotSupported,
                    StatusFilter::Archived,
                ] {
                    ui.selectable_value(status, s, status_label(s, lang));
                }
            });
        super::widgets::name_widget(&combo.response, tr(lang, "Tình trạng", "Status"));
        if (!core.view.list.filters.is_empty() || !core.view.list.query.is_empty())
            && ui.button(tr(lang, "Xóa bộ lọc", "Clear filters")).clicked()
        {
            core.view.list.filters.clear();
            core.view.list.query.clear();
        }
        if ui.button(tr(lang, "+ Thêm", "+ Add")).clicked() {
            actions.push(Action::NewEnterprise);
        }
    });
    refresh_rows(&mut core.view.list, &core.workspace);
    // ↓ and ↑ move the selection (also while typing in the search box, which
    // has no use for them), so the list is walked with the keyboard; Enter opens.
    let step = ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
            1
        } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
            -1
        } else {
            0
        }
    });
    let mut scroll_to = None;
    if step != 0 && !core.view.list.rows.is_empty() {
        let ws = &core.workspace;
        let list = &mut core.view.list;
        let current = list
            .selected
            .and_then(|id| list.rows.iter().position(|i| ws.enterprises()[*i].id == id));
        let next = match current {
            None => 0,
            Some(at) => at.saturating_add_signed(step).min(list.rows.len() - 1),
        };
        list.selected = Some(ws.enterprises()[list.rows[next]].id);
        scroll_to = Some(next);
    }
    let ws = &core.workspace;
    let list = &core.view.list;
    ui.horizontal_wrapped(|ui| {
        ui.label(crate::text::count_of(
            list.rows.len(),
            lang,
            "doanh nghiệp",
            "enterprise",
            "enterprises",
        ));
        ui.separator();
        super::exchange::import_button_ui(ui, lang, actions);
        let ids = || list.rows.iter().map(|i| ws.enterprises()[*i].id).collect();
        super::exchange::export_button_ui(ui, lang, ids, list.rows.len(), actions);
    });
    // Enter (in the filter box, or anywhere with nothing else focused) opens the
    // selected row, or the first one.
    let enter_elsewhere =
        ui.memory(|m| m.focused().is_none()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter_pressed || enter_elsewhere {
        let selected = list
            .selected
            .filter(|id| list.rows.iter().any(|i| ws.enterprises()[*i].id == *id));
        if let Some(id) = selected.or_else(|| list.rows.first().map(|i| ws.enterprises()[*i].id)) {
            actions.push(Action::OpenEnterprise(id));
        }
    }
    let mut clicked = None;
    let questionnaire = ws.program_questionnaire();
    let mut sort_click = None;
    let header = |ui: &mut egui::Ui,
                  label: &str,
                  column: SortColumn,
                  sort_click: &mut Option<SortColumn>| {
        let arrow = match (list.sort == column, list.descending) {
            (true, false) => " ▲",
            (true, true) => " ▼",
            _ => "",
        };
        if ui
            .button(egui::RichText::new(format!("{label}{arrow}")).strong())
            .clicked()
        {
            *sort_click = Some(column);
        }
    };
    // Wider than the window (large text, narrow screen): the table scrolls
    // sideways rather than dropping columns.
    egui::ScrollArea::horizontal().show(ui, |ui| {
        let mut table = TableBuilder::new(ui);
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, None);
        }
        table
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::remainder().at_least(240.0).clip(true))
            .column(Column::exact(120.0))
            .column(Column::exact(150.0).clip(true))
            .column(Column::exact(60.0))
            .column(Column::exact(80.0))
            .column(Column::exact(70.0))
            .column(Column::exact(110.0).clip(true))
            .column(Column::exact(60.0))
            .column(Column::exact(130.0))
            .header(26.0, |mut row| {
                row.col(|ui| {
                    header(
                        ui,
                        tr(lang, "Tên doanh nghiệp", "Enterprise name"),
                        SortColumn::Name,
                        &mut sort_click,
                    )
                });
                row.col(|ui| {
                    header(
                        ui,
                        tr(lang, "MST", "Tax code"),
                        SortColumn::TaxCode,
                        &mut sort_click,
                    )
                });
                row.col(|ui| {
                    header(
                        ui,
                        tr(lang, "Địa bàn", "Place"),
                        SortColumn::Place,
                        &mut sort_click,
                    )
                });
                row.col(|ui| {
                    ui.strong(tr(lang, "Ngành", "Sector"));
                });
                row.col(|ui| {
                    ui.strong(tr(lang, "Quy mô", "Size"));
                });
                row.col(|ui| {
                    ui.strong(tr(lang, "Đối tác", "Partner"));
                });
                row.col(|ui| {
                    header(
                        ui,
                        tr(lang, "Mức", "Level"),
                        SortColumn::Level,
                        &mut sort_click,
                    )
                });
                row.col(|ui| {
                    ui.strong(tr(lang, "Hỗ trợ", "Supported"));
                });
                row.col(|ui| {
                    header(
                        ui,
                        tr(lang, "Hoạt động gần nhất", "Last activity"),
                        SortColumn::LastActivity,
                        &mut sort_click,
                    )
                });
            })
            .body(|body| {
                body.rows(24.0, list.rows.len(), |mut row| {
                    let index = list.rows[row.index()];
                    let e = &ws.enterprises()[index];
                    let s = &ws.summaries()[index];
                    row.set_selected(list.selected == Some(e.id));
                    row.col(|ui| {
                        cell(ui, &e.name);
                    });
                    row.col(|ui| {
                        cell(ui, e.tax_code.as_deref().unwrap_or("–"));
                    });
                    row.col(|ui| {
                        let place = if s.place.is_empty() {
                            "–".to_owned()
                        } else {
                            crate::program::dashboard::Dimension::Place.label(
                                &s.place,
                                &ws.program,
                                None,
                                lang,
                            )
                        };
                        cell(ui, &place);
                    });
                    row.col(|ui| {
                        cell(ui, e.sector.as_ref().map_or("–", |s| s.section.as_str()));
                    });
                    row.col(|ui| {
                        cell(ui, &s.size_class.map_or("–".into(), |c| c.label(lang)));
                    });
                    row.col(|ui| {
                        cell(ui, e.partner.as_deref().unwrap_or("–"));
                    });
                    row.col(|ui| match &s.latest {
                        Some(a) => {
                            let name = questionnaire
                                .and_then(|q| q.level_name(a.level))
                                .map(|n| n.get(lang).to_owned())
                                .unwrap_or_default();
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(a.level.to_string())
                                        .color(super::widgets::level_color(a.level)),
                                )
                                .selectable(false),
                            )
                            .on_hover_text(name);
                        }
                        None => {
                            cell(ui, "–");
                        }
                    });
                    row.col(|ui| {
                        cell(ui, if s.is_supported() { "●" } else { "" });
                    });
                    row.col(|ui| {
                        cell(ui, &format_moment(s.last_activity));
                    });
                    let response = row.response();
                    if response.double_clicked() {
                        actions.push(Action::OpenEnterprise(e.id));
                    } else if response.clicked() {
                        clicked = Some(e.id);
                    }
                });
            });
    });
    if clicked.is_some() {
        core.view.list.selected = clicked;
    }
    if let Some(column) = sort_click {
        let list = &mut core.view.list;
        if list.sort == column {
            list.descending = !list.descending;
        } else {
            list.sort = column;
            list.descending = false;
        }
    }
}

fn status_label(status: StatusFilter, lang: Lang) -> &'static str {
    match status {
        StatusFilter::All => tr(lang, "Đang theo dõi", "Active"),
        StatusFilter::Supported => tr(lang, "Đã hỗ trợ", "Supported"),
        StatusFilter::NotSupported => tr(lang, "Chưa hỗ trợ", "Not yet supported"),
        StatusFilter::Archived => tr(lang, "Đã lưu trữ", "Archived"),
    }
}
