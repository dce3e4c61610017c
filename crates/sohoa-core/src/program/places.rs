//! Where an enterprise counts on a given day, when the map has changed since it
//! was recorded: a unit that no longer exists is followed to the unit that
//! replaced it.
//!
//! Key types: [`PlaceOn`], [`PlaceIndex`] (the rules of one program on one day,
//! made once to place many enterprises); function [`place_on`].
//!
//! Policy: a unit valid on the day is kept. A unit that is gone maps to its
//! successor when exactly one unit was formed from it; when several were (a
//! district, now in many communes), the enterprise's address is read for the
//! name of a former commune, and a single match decides. Anything else is left
//! for a person to review: nothing is guessed. Pure; no I/O.
//!
//! ```
//! use sohoa_core::program::{ProgramSettings, places::{PlaceOn, place_on}};
//! let program = ProgramSettings::preset().unwrap();
//! let day = jiff::civil::date(2026, 1, 1);
//! // Huyện Ba Tri became seven communes; the address names the old xã Vĩnh Hòa.
//! let place = place_on(&program, "ba-tri", "ấp 3, xã Vĩnh Hòa, huyện Ba Tri", day);
//! assert_eq!(place, PlaceOn::Unit("xa-ba-tri".into()));
//! ```

use jiff::civil::Date;

use std::collections::HashMap;

use super::ProgramSettings;
use crate::places::address::read_address;
use crate::places::{Gazetteer, PlaceId};
use crate::text::fold;

/// Where an enterprise recorded under one unit counts on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceOn {
    /// This unit (the recorded one, or the one that replaced it).
    Unit(String),
    /// The recorded unit is gone and several units replaced it; a person must
    /// choose among `candidates`.
    Review {
        former: String,
        candidates: Vec<String>,
    },
}

impl PlaceOn {
    /// The dashboard key: the unit id, or `review:<former id>`.
    pub fn key(&self) -> String {
        match self {
            PlaceOn::Unit(id) => id.clone(),
            PlaceOn::Review { former, .. } => format!("{REVIEW_PREFIX}{former}"),
        }
    }
}

/// The key prefix of enterprises whose place needs review.
pub const REVIEW_PREFIX: &str = "review:";

/// Where an enterprise recorded under `unit`, at `address`, counts on `day`.
pub fn place_on(program: &ProgramSettings, unit: &str, address: &str, day: Date) -> PlaceOn {
    PlaceIndex::new(program, day).place(unit, address)
}

/// The units of a program that are gone on a day, each with the units that
/// replaced it and the (folded) former communes that went into each.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    gone: HashMap<String, Vec<Successor>>,
    day: Option<Date>,
    /// The program's own units that stand for units of the country's list, by
    /// the country's id (`29110` → `xa-ba-tri`).
    own_for: HashMap<String, String>,
    provinces: Vec<String>,
}

#[derive(Debug, Clone)]
struct Successor {
    id: String,
    folded_communes: Vec<String>,
}

impl PlaceIndex {
    /// The index of `program`'s units on `day`.
    pub fn new(program: &ProgramSettings, day: Date) -> PlaceIndex {
        let mut gone: HashMap<String, Vec<Successor>> = program
            .admin_units
            .iter()
            .filter(|u| !u.valid_on(day))
            .map(|u| (u.id.clone(), Vec::new()))
            .collect();
        for unit in program.admin_units.iter().filter(|u| u.valid_on(day)) {
            for part in &unit.formed_from {
                if let Some(successors) = gone.get_mut(&part.unit) {
                    successors.push(Successor {
                        id: unit.id.clone(),
                        folded_communes: part.communes.iter().map(|c| fold(c)).collect(),
                    });
                }
            }
        }
        let own_for = program
            .admin_units
            .iter()
            .filter_map(|u| Some((u.country_place()?.to_id(), u.id.clone())))
            .collect();
        PlaceIndex {
            gone,
            day: Some(day),
            own_for,
            provinces: program.provinces.clone(),
        }
    }

    /// The id the program counts a unit of the country's list under.
    fn counted_as(&self, id: String) -> String {
        self.own_for.get(&id).cloned().unwrap_or(id)
    }

    /// Where a record naming a unit of the country's list counts.
    fn place_in_country(&self, unit: &str, place: &PlaceId, address: &str) -> PlaceOn {
        let Some(day) = self.day else {
            return PlaceOn::Unit(unit.to_owned());
        };
        let places = Gazetteer::get();
        let successors = places.successors_on(place, day);
        match successors.as_slice() {
            [] => PlaceOn::Unit(unit.to_owned()),
            [only] => PlaceOn::Unit(self.counted_as(only.clone())),
            several => {
                let read = read_address(places, address, &self.provinces);
                let mut fits = read.iter().filter(|code| several.contains(code));
                match (fits.next(), fits.next()) {
                    (Some(only), None) => PlaceOn::Unit(self.counted_as(only.clone())),
                    _ => PlaceOn::Review {
                        former: unit.to_owned(),
                        candidates: several
                            .iter()
                            .map(|code| self.counted_as(code.clone()))
                            .collect(),
                    },
                }
            }
        }
    }

    /// Where an enterprise recorded under `unit`, at `address`, counts.
    pub fn place(&self, unit: &str, address: &str) -> PlaceOn {
        let successors = match self.gone.get(unit) {
            None => {
                return match PlaceId::parse(unit) {
                    Some(place) => self.place_in_country(unit, &place, address),
                    None => PlaceOn::Unit(unit.to_owned()),
                };
            }
            Some(successors) => successors,
        };
        match successors.as_slice() {
            [] => PlaceOn::Unit(unit.to_owned()),
            [only] => PlaceOn::Unit(only.id.clone()),
            several => {
                let address = fold(address);
                let mut named = several.iter().filter(|successor| {
                    successor
                        .folded_communes
                        .iter()
                        .any(|commune| names_commune(&address, commune))
                });
                match (named.next(), named.next()) {
                    (Some(only), None) => PlaceOn::Unit(only.id.clone()),
                    _ => PlaceOn::Review {
                        former: unit.to_owned(),
                        candidates: several.iter().map(|u| u.id.clone()).collect(),
                    },
                }
            }
        }
    }
}

/// Whether a folded address names a folded commune ("xa my thanh" in "xa my
/// thanh, ba tri" but not in "xa my thanh an"): the name must end at a word edge.
fn names_commune(address: &str, commune: &str) -> bool {
    address.match_indices(commune).any(|(at, _)| {
        let before = address[..at].chars().next_back();
        let after = address[at + commune.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn program() -> ProgramSettings {
        ProgramSettings::preset().unwrap()
    }

    #[test]
    fn a_unit_still_valid_on_the_day_is_kept() {
        let place = place_on(&program(), "ba-tri", "", date(2025, 6, 30));
        assert_eq!(place, PlaceOn::Unit("ba-tri".into()));
    }

    #[test]
    fn a_former_district_split_into_many_communes_is_left_for_review_without_an_address() {
        let place = place_on(&program(), "ba-tri", "Huyện Ba Tri", date(2026, 1, 1));
        let PlaceOn::Review { former, candidates } = place else {
            panic!("expected a review, got {place:?}");
        };
        assert_eq!(former, "ba-tri");
        assert_eq!(candidates.len(), 7);
        assert!(candidates.contains(&"xa-tan-thuy".to_owned()));
    }

    #[test]
    fn the_address_decides_when_it_names_one_former_commune() {
        let p = program();
        let day = date(2026, 1, 1);
        assert_eq!(
            place_on(&p, "ba-tri", "Ấp Tân Điền, thị trấn Tiệm Tôm, Ba Tri", day),
            PlaceOn::Unit("xa-tan-thuy".into())
        );
        // Typed without marks, and in the old commune of Mỏ Cày Bắc that went to phường Bến Tre.
        assert_eq!(
            place_on(&p, "mo-cay-bac", "xa thanh tan, mo cay bac", day),
            PlaceOn::Unit("phuong-ben-tre".into())
        );
        // "Phường 7" must not be read inside "Phường 70".
        assert!(matches!(
            place_on(&p, "ben-tre-city", "số 5, phường 70", day),
            PlaceOn::Review { .. }
        ));
    }

    #[test]
    fn an_address_naming_communes_of_two_new_units_is_left_for_review() {
        let place = place_on(
            &program(),
            "ba-tri",
            "xã Mỹ Hòa hay xã Bảo Thuận?",
            date(2026, 1, 1),
        );
        assert!(matches!(place, PlaceOn::Review { .. }), "{place:?}");
    }

    #[test]
    fn a_former_commune_of_the_countrys_list_counts_in_the_commune_it_went_into() {
        let mut vinh_long = program();
        vinh_long.admin_units.clear();
        vinh_long.provinces = vec!["86".into()];
        let day = date(2026, 1, 1);
        // Thị trấn Ba Tri (29110) went whole into Xã Ba Tri, which took its code.
        assert_eq!(
            place_on(&vinh_long, "former-29110", "", day),
            PlaceOn::Unit("29110".into())
        );
        // Before the change it counts as itself.
        assert_eq!(
            place_on(&vinh_long, "former-29110", "", date(2025, 6, 30)),
            PlaceOn::Unit("former-29110".into())
        );
        // The Bến Tre preset has its own unit for Xã Ba Tri: the count goes there.
        assert_eq!(
            place_on(&program(), "former-29110", "", day),
            PlaceOn::Unit("xa-ba-tri".into())
        );
        assert_eq!(
            place_on(&program(), "29110", "", day),
            PlaceOn::Unit("xa-ba-tri".into())
        );
    }

    #[test]
    fn a_former_district_of_the_countrys_list_is_decided_by_the_address_or_left_for_review() {
        let mut vinh_long = program();
        vinh_long.admin_units.clear();
        vinh_long.provinces = vec!["86".into()];
        let day = date(2026, 1, 1);
        let place = place_on(&vinh_long, "former-district-836", "", day);
        let PlaceOn::Review { candidates, .. } = place else {
            panic!("expected a review, got {place:?}");
        };
        assert_eq!(candidates.len(), 7);
        assert_eq!(
            place_on(
                &vinh_long,
                "former-district-836",
                "ấp 2, xã Vĩnh Hòa, Ba Tri",
                day
            ),
            PlaceOn::Unit("29110".into())
        );
    }

    #[test]
    fn an_unknown_unit_is_kept_as_recorded() {
        assert_eq!(
            place_on(&program(), "ha-noi", "", date(2026, 1, 1)),
            PlaceOn::Unit("ha-noi".into())
        );
    }
}
