//! The enterprise list: type-to-filter (ignoring case and diacritics), filters by
//! place, sector, size, partner, level and status, sortable columns with
//! Vietnamese collation, and only the visible rows laid out.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use sohoa_core::app::state::{SortColumn, StatusFilter};
use sohoa_core::app::{Action, AppCore, Edit, ListEdit};
use sohoa_core::program::dashboard::Dimension;
use sohoa_core::text::{Lang, format_moment};

fn filter_combo(
    ui: &mut egui::Ui,
    core: &AppCore,
    dimension: Dimension,
    title: &str,
    actions: &mut Vec<Action>,
) {
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
        Dimension::Province => ws.program.provinces.clone(),
        // The program's own units, then the places enterprises are counted in
        // (of a province's hundred communes or the country's thousands, those
        // that have any).
        Dimension::Place => {
            let mut keys: Vec<String> = ws
                .program
                .admin_units
                .iter()
                .map(|u| u.id.clone())
                .collect();
            let counted = core
                .view
                .dashboard
                .as_ref()
                .map(|live| live.dashboard())
                .and_then(|d| d.bars.iter().find(|(d, _)| *d == Dimension::Place))
                .map(|(_, bars)| bars.iter().map(|b| b.key.clone()).collect::<Vec<_>>())
                .unwrap_or_default();
            for key in counted {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys
        }
        Dimension::Sector => sohoa_core::enterprise::reference::Reference::get()
            .vsic
            .sections
            .iter()
            .map(|s| s.code.clone())
            .collect(),
        Dimension::Size => sohoa_core::enterprise::SizeClass::ALL
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
            .map(|q| sohoa_core::program::dashboard::edition_key(&q.id, &q.version))
            .collect(),
    };
    keys.push(String::new());
    let mut choice: Option<Option<String>> = None;
    let combo = egui::ComboBox::from_id_salt(("filter", dimension as u8))
        .selected_text(selected_text)
        .width(150.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), lang.pick("Tất cả", "All"))
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
        let mut filters = core.view.list.filters.clone();
        filters.retain(|(d, _)| *d != dimension);
        if let Some(key) = choice {
            filters.push((dimension, key));
        }
        actions.push(list_edit(ListEdit::Filters(filters)));
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

pub fn enterprises_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) {
    let lang = core.prefs.lang;
    let list = &core.view.list;
    let enter_pressed = ui
        .horizontal_wrapped(|ui| search_and_filters_ui(ui, core, actions))
        .inner;
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
    let ws = &core.workspace;
    let mut selected = list.selected;
    let mut scroll_to = None;
    if step != 0
        && let Some(id) = list.step_selection(ws, step)
    {
        selected = Some(id);
        scroll_to = list.rows.iter().position(|i| ws.summaries()[*i].id == id);
        actions.push(list_edit(ListEdit::Select(selected)));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(sohoa_core::text::count_of(
            list.rows.len(),
            lang,
            "doanh nghiệp",
            "enterprise",
            "enterprises",
        ));
        ui.separator();
        super::exchange::import_button_ui(ui, lang, actions);
        super::exchange::import_table_button_ui(ui, lang, actions);
        let ids = || list.rows.iter().map(|i| ws.summaries()[*i].id).collect();
        super::exchange::export_button_ui(ui, core, ids, list.rows.len(), actions);
    });
    // Enter (in the filter box, or anywhere with nothing else focused) opens the
    // selected row, or the first one.
    let enter_elsewhere =
        ui.memory(|m| m.focused().is_none()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter_pressed || enter_elsewhere {
        let selected = selected.filter(|id| list.rows.iter().any(|i| ws.summaries()[*i].id == *id));
        if let Some(id) = selected.or_else(|| list.rows.first().map(|i| ws.summaries()[*i].id)) {
            actions.push(Action::OpenEnterprise(id));
        }
    }
    list_table_ui(ui, core, selected, scroll_to, actions);
}

/// The search box and the filters; whether Enter was pressed in the search box.
fn search_and_filters_ui(ui: &mut egui::Ui, core: &AppCore, actions: &mut Vec<Action>) -> bool {
    let lang = core.prefs.lang;
    let list = &core.view.list;
    let label = ui.label(lang.pick("Tìm:", "Search:"));
    let mut query = list.query.clone();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut query)
                .hint_text(lang.pick("tên, mã số thuế, địa bàn…", "name, tax code, place…"))
                .desired_width(260.0),
        )
        .labelled_by(label.id);
    if list.focus_query {
        response.request_focus();
        actions.push(list_edit(ListEdit::QueryFocused));
    }
    if response.changed() {
        actions.push(list_edit(ListEdit::Query(query)));
    }
    let enter_pressed = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    // A program of several provinces is filtered by province too.
    let spans_provinces = core.workspace.program.spans_provinces();
    for (dimension, title) in [
        (Dimension::Province, lang.pick("Tỉnh", "Province")),
        (Dimension::Place, lang.pick("Địa bàn", "Place")),
        (Dimension::Sector, lang.pick("Ngành", "Sector")),
        (Dimension::Size, lang.pick("Quy mô", "Size")),
        (Dimension::Partner, lang.pick("Đối tác", "Partner")),
        (Dimension::Level, lang.pick("Mức", "Level")),
    ]
    .into_iter()
    .filter(|(d, _)| *d != Dimension::Province || spans_provinces)
    {
        filter_combo(ui, core, dimension, title, actions);
    }
    if core.workspace.questionnaires.all().len() > 1 {
        let title = lang.pick("Phiên bản", "Edition");
        filter_combo(ui, core, Dimension::Edition, title, actions);
    }
    let mut status = list.status;
    let combo = egui::ComboBox::from_id_salt("status")
        .selected_text(status_label(status, lang))
        .show_ui(ui, |ui| {
            for s in [
                StatusFilter::All,
                StatusFilter::Supported,
                StatusFilter::NotSupported,
                StatusFilter::Archived,
            ] {
                ui.selectable_value(&mut status, s, status_label(s, lang));
            }
        });
    super::widgets::name_widget(&combo.response, lang.pick("Tình trạng", "Status"));
    if status != list.status {
        actions.push(list_edit(ListEdit::Status(status)));
    }
    if (!list.filters.is_empty() || !list.query.is_empty())
        && ui
            .button(lang.pick("Xóa bộ lọc", "Clear filters"))
            .clicked()
    {
        actions.push(list_edit(ListEdit::Filters(Vec::new())));
        actions.push(list_edit(ListEdit::Query(String::new())));
    }
    if ui.button(lang.pick("+ Thêm", "+ Add")).clicked() {
        actions.push(Action::NewEnterprise);
    }
    enter_pressed
}

/// The columns of the list: title, and the order a click on it sorts by.
const COLUMNS: [(&str, &str, Option<SortColumn>); 9] = [
    (
        "Tên doanh nghiệp",
        "Enterprise name",
        Some(SortColumn::Name),
    ),
    ("MST", "Tax code", Some(SortColumn::TaxCode)),
    ("Địa bàn", "Place", Some(SortColumn::Place)),
    ("Ngành", "Sector", None),
    ("Quy mô", "Size", None),
    ("Đối tác", "Partner", None),
    ("Mức", "Level", Some(SortColumn::Level)),
    ("Hỗ trợ", "Supported", None),
    (
        "Hoạt động gần nhất",
        "Last activity",
        Some(SortColumn::LastActivity),
    ),
];

/// The rows shown (only the visible ones are laid out), with sortable headers;
/// a click selects a row, a double-click opens it.
fn list_table_ui(
    ui: &mut egui::Ui,
    core: &AppCore,
    selected: Option<ulid::Ulid>,
    scroll_to: Option<usize>,
    actions: &mut Vec<Action>,
) {
    let lang = core.prefs.lang;
    let (ws, list) = (&core.workspace, &core.view.list);
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
        if list.scroll_to_top {
            table = table.vertical_scroll_offset(0.0);
            actions.push(list_edit(ListEdit::ScrolledToTop));
        }
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
                for (vi, en, sort) in COLUMNS {
                    row.col(|ui| match sort {
                        Some(column) => header(ui, lang.pick(vi, en), column, &mut sort_click),
                        None => {
                            ui.strong(lang.pick(vi, en));
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(24.0, list.rows.len(), |mut row| {
                    let index = list.rows[row.index()];
                    let s = &ws.summaries()[index];
                    row.set_selected(selected == Some(s.id));
                    row.col(|ui| {
                        cell(ui, &s.name);
                    });
                    row.col(|ui| {
                        cell(ui, s.tax_code.as_deref().unwrap_or("–"));
                    });
                    row.col(|ui| {
                        let place = if s.place.is_empty() {
                            "–".to_owned()
                        } else {
                            sohoa_core::program::dashboard::Dimension::Place.label(
                                &s.place,
                                &ws.program,
                                None,
                                lang,
                            )
                        };
                        cell(ui, &place);
                    });
                    row.col(|ui| {
                        cell(
                            ui,
                            if s.sector.is_empty() {
                                "–"
                            } else {
                                &s.sector
                            },
                        );
                    });
                    row.col(|ui| {
                        cell(ui, &s.size_class.map_or("–".into(), |c| c.label(lang)));
                    });
                    row.col(|ui| {
                        cell(ui, s.partner.as_deref().unwrap_or("–"));
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
                        actions.push(Action::OpenEnterprise(s.id));
                    } else if response.clicked() {
                        clicked = Some(s.id);
                    }
                });
            });
    });
    if clicked.is_some() {
        actions.push(list_edit(ListEdit::Select(clicked)));
    }
    if let Some(column) = sort_click {
        // The same column again turns the order round; another starts ascending.
        let descending = list.sort == column && !list.descending;
        actions.push(list_edit(ListEdit::Sort(column, descending)));
    }
}

fn list_edit(edit: ListEdit) -> Action {
    Action::Edit(Edit::List(edit))
}

fn status_label(status: StatusFilter, lang: Lang) -> &'static str {
    match status {
        StatusFilter::All => lang.pick("Đang theo dõi", "Active"),
        StatusFilter::Supported => lang.pick("Đã hỗ trợ", "Supported"),
        StatusFilter::NotSupported => lang.pick("Chưa hỗ trợ", "Not yet supported"),
        StatusFilter::Archived => lang.pick("Đã lưu trữ", "Archived"),
    }
}
