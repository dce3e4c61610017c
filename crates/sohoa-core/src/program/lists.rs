//! The program's lists as a profile's fields are read against them: a place
//! typed by its name, its id or an address, and a partner of the program.
//!
//! Key type: [`ProgramLists`], the program's side of
//! [`crate::enterprise::field::FieldLists`]. The form, `sohoa enterprise add|edit`
//! and the table import all read places and partners through it.
//!
//! Policy: pure; a value the record already holds passes even when the lists
//! have changed since (a partner removed, a commune merged): only what a person
//! changes is held to today's lists. Places already read are remembered, so a
//! list that names the same few communes a thousand times reads each once.
//!
//! ```
//! use sohoa_core::enterprise::field::ProfileField;
//! use sohoa_core::program::{ProgramSettings, lists::ProgramLists};
//! let program = ProgramSettings::preset().unwrap();
//! let mut lists = ProgramLists::new(&program, jiff::civil::date(2026, 12, 7));
//! assert_eq!(ProfileField::Partner.read("viettel", &mut lists), Ok("Some(\"Viettel\")".to_owned()));
//! assert!(ProfileField::Partner.read("MobiFone", &mut lists).is_err());
//! ```

use std::collections::HashMap;

use jiff::civil::Date;

use super::{PlaceQuery, ProgramSettings};
use crate::enterprise::Enterprise;
use crate::enterprise::field::FieldLists;
use crate::places::{Gazetteer, PlaceId};
use crate::text::Text;

/// How many places are named in a message before "…".
const NAMED_AT_MOST: usize = 8;

/// A program's places and partners, on a given day, for reading typed fields.
pub struct ProgramLists<'a> {
    program: &'a ProgramSettings,
    today: Date,
    /// The record being edited: the values it holds pass as they are.
    held: Option<&'a Enterprise>,
    places_read: HashMap<String, PlaceQuery>,
}

impl<'a> ProgramLists<'a> {
    pub fn new(program: &'a ProgramSettings, today: Date) -> ProgramLists<'a> {
        ProgramLists {
            program,
            today,
            held: None,
            places_read: HashMap::new(),
        }
    }

    /// The lists for editing `record`: what it holds passes as it is.
    pub fn holding(mut self, record: Option<&'a Enterprise>) -> ProgramLists<'a> {
        self.held = record;
        self
    }

    /// The places the program covers, named for a message.
    fn covered(&self) -> String {
        let program = self.program;
        let names: Vec<String> = if program.provinces.is_empty() {
            program
                .place_choices(self.today)
                .into_iter()
                .map(|u| u.name)
                .collect()
        } else {
            let places = Gazetteer::get();
            program
                .provinces
                .iter()
                .filter_map(|code| places.province(code))
                .map(|p| p.name.to_owned())
                .collect()
        };
        named(names.iter().map(String::as_str))
    }
}

/// Names joined by commas, at most [`NAMED_AT_MOST`] of them.
fn named<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let mut names: Vec<&str> = names.collect();
    let more = names.len() > NAMED_AT_MOST;
    names.truncate(NAMED_AT_MOST);
    let mut joined = names.join(", ");
    if more {
        joined.push_str(", …");
    }
    joined
}

impl FieldLists for ProgramLists<'_> {
    fn place(&mut self, typed: &str) -> Result<String, Text> {
        if self.held.and_then(|e| e.admin_unit.as_deref()) == Some(typed) {
            return Ok(typed.to_owned());
        }
        // A unit of the country's list by its id, valid on any day (a record may
        // be placed in a former commune).
        if PlaceId::parse(typed).is_some_and(|id| Gazetteer::get().name(&id).is_some()) {
            return Ok(typed.to_owned());
        }
        let (program, today) = (self.program, self.today);
        let found = self
            .places_read
            .entry(typed.to_owned())
            .or_insert_with(|| program.find_place(typed, today))
            .clone();
        match found {
            PlaceQuery::One(id) => Ok(id),
            PlaceQuery::Several(ids) => {
                let names = named(ids.iter().map(|id| program.unit_name(id)));
                Err(Text::new(
                    format!(
                        "“{typed}” có thể là một trong các nơi sau, hãy ghi rõ hơn (thêm xã, huyện cũ hoặc tỉnh): {names}"
                    ),
                    format!(
                        "“{typed}” may be any of these; say more (the commune, former district or province): {names}"
                    ),
                ))
            }
            PlaceQuery::None => {
                let covered = self.covered();
                Err(Text::new(
                    format!(
                        "không tìm thấy “{typed}” trong danh sách địa bàn của chương trình ({covered}) hay của cả nước"
                    ),
                    format!(
                        "no such place as “{typed}” in the program's list ({covered}) or the country's"
                    ),
                ))
            }
        }
    }

    fn partner(&mut self, typed: &str) -> Result<String, Text> {
        if self.held.and_then(|e| e.partner.as_deref()) == Some(typed) {
            return Ok(typed.to_owned());
        }
        if let Some(known) = self.program.find_partner(typed) {
            return Ok(known.to_owned());
        }
        let partners = self.program.partners.join(", ");
        Err(Text::new(
            format!(
                "“{typed}” không có trong danh sách đối tác của chương trình ({partners}); hãy thêm vào phần cài đặt chương trình trước"
            ),
            format!(
                "“{typed}” is not one of the program's partners ({partners}); add it in the program's settings first"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::field::ProfileField;

    fn today() -> Date {
        jiff::civil::date(2026, 12, 7)
    }

    #[test]
    fn a_place_is_read_by_its_name_or_an_old_address_into_todays_commune() {
        let program = ProgramSettings::preset().unwrap();
        let mut lists = ProgramLists::new(&program, today());
        // Vĩnh Hòa of former Ba Tri district is part of the commune of Ba Tri since 2025.
        let by_old_address = lists
            .place("xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre")
            .unwrap();
        assert_eq!(program.unit_name(&by_old_address), "Xã Ba Tri");
        assert!(lists.place("Nowhere at all").is_err());
    }

    #[test]
    fn a_partner_or_place_the_record_holds_passes_though_the_lists_no_longer_have_it() {
        let program = ProgramSettings::preset().unwrap();
        let mut record = Enterprise::new("HTX", jiff::Timestamp::UNIX_EPOCH);
        record.partner = Some("MobiFone".into());
        record.admin_unit = Some("unit-gone".into());
        let mut lists = ProgramLists::new(&program, today()).holding(Some(&record));
        assert_eq!(
            ProfileField::Partner.read("MobiFone", &mut lists),
            Ok("Some(\"MobiFone\")".into())
        );
        assert_eq!(
            ProfileField::AdminUnit.read("unit-gone", &mut lists),
            Ok("Some(\"unit-gone\")".into())
        );
        let mut fresh = ProgramLists::new(&program, today());
        assert!(ProfileField::Partner.read("MobiFone", &mut fresh).is_err());
    }

    #[test]
    fn a_country_place_id_is_taken_on_any_day() {
        let program = ProgramSettings::preset().unwrap();
        let mut lists = ProgramLists::new(&program, jiff::civil::date(2024, 1, 1));
        assert_eq!(lists.place("29110"), Ok("29110".to_owned()));
    }
}
