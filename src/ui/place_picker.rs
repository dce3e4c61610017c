//! Picking a record's place: a list that opens with a search box, so a commune
//! is found among a province's hundred or the country's 3,321 by typing a few
//! letters without marks ("phu tuc"), and a line offering the commune an
//! address written the old way is in.

use eframe::egui;

use sohoa_core::program::{PlaceQuery, ProgramSettings};
use sohoa_core::text::{Lang, format_date};

/// Where the picker keeps what is typed in its search box (a widget's own
/// state, like a text box's cursor; it is not part of the record).
fn search_id(salt: &str) -> egui::Id {
    egui::Id::unique(("place-picker-search", salt))
}

/// A place's line in the list: its name, the province when the program covers
/// several, and its dates when it is not a unit of today.
fn choice_label(
    program: &ProgramSettings,
    unit: &sohoa_core::program::AdminUnit,
    lang: Lang,
) -> String {
    let mut label = unit.name.clone();
    if program.provinces.len() > 1
        && let Some(province) = unit
            .code
            .as_deref()
            .and_then(|code| sohoa_core::places::Gazetteer::get().commune(code))
            .and_then(|c| sohoa_core::places::Gazetteer::get().province(c.province))
    {
        label.push_str(" · ");
        label.push_str(sohoa_core::places::short_name(province.name));
    }
    if let Some(until) = unit.valid_until {
        label.push_str(&format!(
            " ({} {})",
            lang.pick("đến", "until"),
            format_date(until)
        ));
    } else if let Some(from) = unit.valid_from {
        label.push_str(&format!(
            " ({} {})",
            lang.pick("từ", "from"),
            format_date(from)
        ));
    }
    label
}

/// The picker: `value` is the record's place id (none: "–"). Returns the
/// combo box's response, to be named by the row's label.
pub fn place_picker_ui(
    ui: &mut egui::Ui,
    salt: &str,
    program: &ProgramSettings,
    today: jiff::civil::Date,
    lang: Lang,
    value: &mut Option<String>,
    width: f32,
) -> egui::Response {
    let selected = value
        .as_deref()
        .map_or("–".to_owned(), |id| program.unit_name(id).to_owned());
    let combo = egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(width)
        .height(360.0)
        .show_ui(ui, |ui| {
            let id = search_id(salt);
            let mut query: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
            let search = ui.add(
                egui::TextEdit::singleline(&mut query)
                    .hint_text(lang.pick(
                        "Tìm xã, phường… (gõ không dấu cũng được)",
                        "Search a commune… (marks optional)",
                    ))
                    .desired_width(f32::INFINITY),
            );
            if !search.has_focus() && query.is_empty() {
                search.request_focus();
            }
            ui.data_mut(|d| d.insert_temp(id, query.clone()));
            let found = program.search_places(&query, today);
            ui.selectable_value(value, None, "–");
            if found.is_empty() {
                ui.weak(lang.pick("Không có nơi nào khớp.", "No place matches."));
            }
            let row_height = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical().max_height(300.0).show_rows(
                ui,
                row_height,
                found.len(),
                |ui, rows| {
                    for unit in &found[rows] {
                        let label = choice_label(program, unit, lang);
                        ui.selectable_value(value, Some(unit.id.clone()), label);
                    }
                },
            );
        });
    // A closed list forgets its search: it opens on the whole list again.
    if combo.inner.is_none() {
        ui.data_mut(|d| d.remove::<String>(search_id(salt)));
    }
    combo.response
}

/// What the address says of the record's place, when it says something the
/// place does not already: the one commune it is in, or the few it may be in.
pub enum AddressHint {
    One { id: String, name: String },
    Several(Vec<String>),
}

/// The hint for `address`, unless the record's place already agrees with it.
pub fn address_hint(
    program: &ProgramSettings,
    today: jiff::civil::Date,
    address: &str,
    value: Option<&str>,
) -> Option<AddressHint> {
    if address.trim().is_empty() {
        return None;
    }
    match program.find_place(address, today) {
        PlaceQuery::One(id) if value != Some(id.as_str()) => {
            let name = program.unit_name(&id).to_owned();
            Some(AddressHint::One { id, name })
        }
        // A few, and the place is not one of them: name them (a long list
        // says nothing, "Phường 1" fits dozens).
        PlaceQuery::Several(ids)
            if ids.len() <= 8 && !value.is_some_and(|v| ids.iter().any(|id| id == v)) =>
        {
            Some(AddressHint::Several(
                ids.iter()
                    .map(|id| program.unit_name(id).to_owned())
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// The line under the address: the place it is in, with a button to take it,
/// or the few it may be in.
pub fn address_hint_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    hint: AddressHint,
    value: &mut Option<String>,
) {
    match hint {
        AddressHint::One { id, name } => {
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick(
                    format!("Theo địa chỉ, doanh nghiệp ở {name}."),
                    format!("By its address, the enterprise is in {name}."),
                ));
                if ui
                    .button(lang.pick("Chọn nơi này", "Use this place"))
                    .clicked()
                {
                    *value = Some(id);
                }
            });
        }
        AddressHint::Several(names) => {
            let names = names.join(", ");
            ui.add(
                egui::Label::new(lang.pick(
                    format!(
                        "Theo địa chỉ, doanh nghiệp có thể ở: {names}. Hãy chọn trong danh sách."
                    ),
                    format!(
                        "By its address, the enterprise may be in: {names}. Choose it in the list."
                    ),
                ))
                .wrap(),
            );
        }
    }
}

/// The provinces a program covers: "the whole country", or any of the 34 by a
/// tick each. `selected` holds their codes.
pub fn provinces_picker_ui(ui: &mut egui::Ui, lang: Lang, selected: &mut Vec<String>) {
    let places = sohoa_core::places::Gazetteer::get();
    let all = places.provinces.len();
    let mut whole_country = selected.len() == all;
    if ui
        .checkbox(
            &mut whole_country,
            lang.pick(
                "Cả nước (34 tỉnh, thành phố)",
                "The whole country (34 provinces and cities)",
            ),
        )
        .changed()
    {
        *selected = if whole_country {
            places.provinces.iter().map(|p| p.code.to_owned()).collect()
        } else {
            Vec::new()
        };
    }
    egui::Grid::new("provinces").num_columns(3).show(ui, |ui| {
        for (i, province) in places.provinces.iter().enumerate() {
            let mut ticked = selected.iter().any(|c| c == province.code);
            let label = sohoa_core::places::short_name(province.name);
            if ui.checkbox(&mut ticked, label).changed() {
                if ticked {
                    selected.push(province.code.to_owned());
                    selected.sort();
                } else {
                    selected.retain(|code| code != province.code);
                }
            }
            if i % 3 == 2 {
                ui.end_row();
            }
        }
    });
}
