//! The country's places: every province and commune of Vietnam from 01/07/2025,
//! and the provinces, districts and communes before that day with where each went.
//!
//! Key types: [`Gazetteer`] (all of it, read once from the embedded tables of
//! `assets/places/`), [`Province`], [`Commune`], [`FormerDistrict`],
//! [`FormerCommune`], [`PlaceId`] (how a record names a place); reading an
//! address written either way in [`address`].
//!
//! Policy: the tables are generated (`assets/places/generate.py`) and checked by
//! a test, so reading them cannot fail at run time; they are parsed on first use
//! (a few milliseconds) and shared. The keys that find places by name (folded,
//! a few milliseconds more) are made the first time a name is looked up: a
//! command that only shows places by their codes never makes them. A unit of
//! 2025 is named in records by its national code (`29110`), a former commune by `former-<code>` and a former
//! district by `former-district-<code>`: codes were reused across the change
//! (Xã Ba Tri of 2025 took the code of Thị trấn Ba Tri), so the era is part of
//! the name. Pure; no I/O.
//!
//! ```
//! use sohoa_core::places::{Gazetteer, PlaceId};
//! let places = Gazetteer::get();
//! assert_eq!(places.provinces.len(), 34);
//! assert_eq!(places.commune("29110").unwrap().name, "Xã Ba Tri");
//! let former = places.former_commune("29110").unwrap();
//! assert_eq!(former.name, "Thị trấn Ba Tri");
//! assert_eq!(former.became, ["29110"]);
//! assert_eq!(PlaceId::parse("former-29110"), Some(PlaceId::FormerCommune("29110".into())));
//! ```

pub mod address;

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use jiff::civil::Date;

use crate::text::fold;

const PROVINCES: &str = include_str!("../../../../assets/places/provinces.tsv");
const COMMUNES: &str = include_str!("../../../../assets/places/communes.tsv");
const FORMER_DISTRICTS: &str = include_str!("../../../../assets/places/former-districts.tsv");
const FORMER_COMMUNES: &str = include_str!("../../../../assets/places/former-communes.tsv");

/// The day the units of 2025 came into force (and the district level ended).
pub const REFORM_DAY: Date = jiff::civil::date(2025, 7, 1);

/// The last day the former units were in force.
pub const LAST_FORMER_DAY: Date = jiff::civil::date(2025, 6, 30);

/// A province or centrally-run city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    /// The full name ("Tỉnh Vĩnh Long", "Thành phố Hà Nội").
    pub name: &'static str,
    /// For a former province, the provinces of 2025 it went into.
    pub became: Vec<&'static str>,
}

/// A commune, ward or special zone of 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub code: &'static str,
    /// The full name ("Xã Ba Tri", "Phường 1", "Đặc khu Côn Đảo").
    pub name: &'static str,
    pub province: &'static str,
}

/// A district, town or city under a province, before 01/07/2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerDistrict {
    pub code: &'static str,
    pub name: &'static str,
    pub province: &'static str,
    /// For an island district without communes, the special zone it became.
    pub became: Option<&'static str>,
}

/// A commune, ward or township before 01/07/2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerCommune {
    pub code: &'static str,
    pub name: &'static str,
    pub district: &'static str,
    /// The communes of 2025 it went into (more than one when it was split).
    pub became: Vec<&'static str>,
    /// The name with its district's ("Xã An Hiệp, Huyện Ba Tri"): a name alone
    /// is often shared.
    pub label: String,
}

/// How a record names a place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PlaceId {
    /// A commune, ward or special zone of 2025: `29110`.
    Commune(String),
    /// A commune before 01/07/2025: `former-29110`.
    FormerCommune(String),
    /// A district before 01/07/2025: `former-district-836`.
    FormerDistrict(String),
}

const FORMER_COMMUNE_PREFIX: &str = "former-";
const FORMER_DISTRICT_PREFIX: &str = "former-district-";

impl PlaceId {
    /// The id's parts, or none for an id that is not a gazetteer's (a program's
    /// own unit, such as `ba-tri`).
    pub fn parse(id: &str) -> Option<PlaceId> {
        let digits = |code: &str, len: usize| {
            (code.len() == len && code.bytes().all(|b| b.is_ascii_digit())).then(|| code.to_owned())
        };
        if let Some(code) = id.strip_prefix(FORMER_DISTRICT_PREFIX) {
            return digits(code, 3).map(PlaceId::FormerDistrict);
        }
        if let Some(code) = id.strip_prefix(FORMER_COMMUNE_PREFIX) {
            return digits(code, 5).map(PlaceId::FormerCommune);
        }
        digits(id, 5).map(PlaceId::Commune)
    }

    /// The id as records store it.
    pub fn to_id(&self) -> String {
        match self {
            PlaceId::Commune(code) => code.clone(),
            PlaceId::FormerCommune(code) => format!("{FORMER_COMMUNE_PREFIX}{code}"),
            PlaceId::FormerDistrict(code) => format!("{FORMER_DISTRICT_PREFIX}{code}"),
        }
    }
}

/// Every place of the country, then and now.
#[derive(Debug)]
pub struct Gazetteer {
    /// The 34 provinces and cities of 2025, by code.
    pub provinces: Vec<Province>,
    /// The 63 provinces and cities before 01/07/2025, by code.
    pub former_provinces: Vec<Province>,
    /// The 3,321 communes, wards and special zones of 2025, by code.
    pub communes: Vec<Commune>,
    pub former_districts: Vec<FormerDistrict>,
    pub former_communes: Vec<FormerCommune>,
    commune_index: Map<&'static str, usize>,
    former_district_index: Map<&'static str, usize>,
    former_commune_index: Map<&'static str, usize>,
    /// For each commune of 2025, the former communes that went into it.
    formed_from: Map<&'static str, Vec<usize>>,
    /// The former communes of each former district, by its code.
    former_communes_by_district: Map<&'static str, Vec<usize>>,
    /// Made on first use by [`Gazetteer::names`].
    names: OnceLock<NameIndex>,
}

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The places by the [`key`] of their names, for search and for reading
/// addresses.
#[derive(Debug)]
struct NameIndex {
    /// The [`key`] of each commune's full name and its province's name
    /// ("xa an hiep vinh long"), for search: a province's name narrows to it.
    commune_keys: Vec<String>,
    /// Units by the [`key`] of their name without its type ("ba tri").
    communes_by_name: Map<String, Vec<usize>>,
    former_districts_by_name: Map<String, Vec<usize>>,
    former_communes_by_name: Map<String, Vec<usize>>,
    /// Provinces of 2025 and before by the [`key`] of their name without its type.
    provinces_by_name: Map<String, Vec<usize>>,
    former_provinces_by_name: Map<String, Vec<usize>>,
}

impl NameIndex {
    fn of(places: &Gazetteer) -> NameIndex {
        fn by_name<'a>(names: impl Iterator<Item = &'a str>) -> Map<String, Vec<usize>> {
            let mut map = Map::default();
            for (i, name) in names.enumerate() {
                map.entry(key(short_name(name)))
                    .or_insert_with(Vec::new)
                    .push(i);
            }
            map
        }
        let province_keys: Map<&str, String> = places
            .provinces
            .iter()
            .map(|p| (p.code, key(short_name(p.name))))
            .collect();
        let commune_keys = places
            .communes
            .iter()
            .map(|c| {
                let province = province_keys.get(c.province).map_or("", String::as_str);
                format!("{} {province}", key(c.name))
            })
            .collect();
        NameIndex {
            commune_keys,
            communes_by_name: by_name(places.communes.iter().map(|c| c.name)),
            former_districts_by_name: by_name(places.former_districts.iter().map(|d| d.name)),
            former_communes_by_name: by_name(places.former_communes.iter().map(|c| c.name)),
            provinces_by_name: by_name(places.provinces.iter().map(|p| p.name)),
            former_provinces_by_name: by_name(places.former_provinces.iter().map(|p| p.name)),
        }
    }
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(PROVINCES, COMMUNES, FORMER_DISTRICTS, FORMER_COMMUNES)
        .unwrap_or_else(|e| panic!("the embedded places are broken ({e}); a test checks them"))
});

/// Whether `code` is the code of a province of 2025, read from the small
/// table of provinces alone: checking a program's settings at every opening
/// needs no more of the country.
pub fn is_province_code(code: &str) -> bool {
    rows(PROVINCES).any(|(_, row)| row[0] == Some("2025") && row[1] == Some(code))
}

/// The rows of a table with their line numbers, each as its first four
/// columns (a column a row lacks is `None`).
fn rows(text: &'static str) -> impl Iterator<Item = (usize, [Option<&'static str>; 4])> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(n, line)| {
            let mut columns = line.split('\t');
            let row = std::array::from_fn(|_| columns.next());
            (n + 1, row)
        })
}

fn codes(list: Option<&'static str>) -> Vec<&'static str> {
    list.map(|l| l.split(',').filter(|c| !c.is_empty()).collect())
        .unwrap_or_default()
}

impl Gazetteer {
    /// The embedded gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    /// Reads the four tables; an error names the table and line. The places
    /// borrow their names and codes from the tables.
    pub fn parse(
        provinces: &'static str,
        communes: &'static str,
        former_districts: &'static str,
        former_communes: &'static str,
    ) -> Result<Gazetteer, String> {
        let short = |table: &str, n: usize| format!("{table}: line {n} has too few columns");
        // Sized from the tables' lines: growing 10,000 places step by step
        // costs more than reading them.
        let lines = |table: &str| table.lines().count();
        fn map<V>(len: usize) -> Map<&'static str, V> {
            Map::with_capacity_and_hasher(len, Default::default())
        }
        let (communes_len, districts_len) = (lines(communes), lines(former_districts));
        let former_len = lines(former_communes);
        let mut gazetteer = Gazetteer {
            provinces: Vec::with_capacity(34),
            former_provinces: Vec::with_capacity(63),
            communes: Vec::with_capacity(communes_len),
            former_districts: Vec::with_capacity(districts_len),
            former_communes: Vec::with_capacity(former_len),
            commune_index: map(communes_len),
            former_district_index: map(districts_len),
            former_commune_index: map(former_len),
            formed_from: map(communes_len),
            former_communes_by_district: map(districts_len),
            names: OnceLock::new(),
        };
        for (n, row) in rows(provinces) {
            let [Some(era), Some(code), Some(name), became] = row else {
                return Err(short("provinces", n));
            };
            let province = Province {
                code,
                name,
                became: codes(became),
            };
            match era {
                "2025" => gazetteer.provinces.push(province),
                "before" => gazetteer.former_provinces.push(province),
                other => return Err(format!("provinces: line {n}: unknown era `{other}`")),
            }
        }
        for (n, row) in rows(communes) {
            let [Some(code), Some(name), Some(province), _] = row else {
                return Err(short("communes", n));
            };
            gazetteer
                .commune_index
                .insert(code, gazetteer.communes.len());
            gazetteer.communes.push(Commune {
                code,
                name,
                province,
            });
        }
        for (n, row) in rows(former_districts) {
            let [Some(code), Some(name), Some(province), became] = row else {
                return Err(short("former-districts", n));
            };
            gazetteer
                .former_district_index
                .insert(code, gazetteer.former_districts.len());
            gazetteer.former_districts.push(FormerDistrict {
                code,
                name,
                province,
                became,
            });
        }
        for (n, row) in rows(former_communes) {
            let [Some(code), Some(name), Some(district), became] = row else {
                return Err(short("former-communes", n));
            };
            let became = codes(became);
            for &new in &became {
                if !gazetteer.commune_index.contains_key(new) {
                    return Err(format!("former-communes: line {n}: no commune {new}"));
                }
                gazetteer
                    .formed_from
                    .entry(new)
                    .or_default()
                    .push(gazetteer.former_communes.len());
            }
            let Some(&d) = gazetteer.former_district_index.get(district) else {
                return Err(format!("former-communes: line {n}: no district {district}"));
            };
            let label = format!("{name}, {}", gazetteer.former_districts[d].name);
            gazetteer
                .former_commune_index
                .insert(code, gazetteer.former_communes.len());
            gazetteer
                .former_communes_by_district
                .entry(district)
                .or_default()
                .push(gazetteer.former_communes.len());
            gazetteer.former_communes.push(FormerCommune {
                code,
                name,
                district,
                became,
                label,
            });
        }
        Ok(gazetteer)
    }

    fn names(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::of(self))
    }

    /// The communes of 2025 whose name without its type has this [`key`].
    pub fn communes_named(&self, name_key: &str) -> impl Iterator<Item = &Commune> {
        let found = self.names().communes_by_name.get(name_key);
        found.into_iter().flatten().map(|&i| &self.communes[i])
    }

    /// The provinces of 2025 whose name without its type has this [`key`].
    pub fn provinces_named(&self, name_key: &str) -> impl Iterator<Item = &Province> {
        let found = self.names().provinces_by_name.get(name_key);
        found.into_iter().flatten().map(|&i| &self.provinces[i])
    }

    /// The provinces before 01/07/2025 whose name without its type has this [`key`].
    pub fn former_provinces_named(&self, name_key: &str) -> impl Iterator<Item = &Province> {
        let found = self.names().former_provinces_by_name.get(name_key);
        found
            .into_iter()
            .flatten()
            .map(|&i| &self.former_provinces[i])
    }

    /// The former districts whose name without its type has this [`key`].
    pub fn former_districts_named(&self, name_key: &str) -> impl Iterator<Item = &FormerDistrict> {
        let found = self.names().former_districts_by_name.get(name_key);
        found
            .into_iter()
            .flatten()
            .map(|&i| &self.former_districts[i])
    }

    /// The former communes whose name without its type has this [`key`].
    pub fn former_communes_named(&self, name_key: &str) -> impl Iterator<Item = &FormerCommune> {
        let found = self.names().former_communes_by_name.get(name_key);
        found
            .into_iter()
            .flatten()
            .map(|&i| &self.former_communes[i])
    }

    /// The province of 2025 with this code.
    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }

    /// The province before 01/07/2025 with this code.
    pub fn former_province(&self, code: &str) -> Option<&Province> {
        self.former_provinces.iter().find(|p| p.code == code)
    }

    /// The commune of 2025 with this code.
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.commune_index.get(code).map(|&i| &self.communes[i])
    }

    pub fn former_district(&self, code: &str) -> Option<&FormerDistrict> {
        self.former_district_index
            .get(code)
            .map(|&i| &self.former_districts[i])
    }

    pub fn former_commune(&self, code: &str) -> Option<&FormerCommune> {
        self.former_commune_index
            .get(code)
            .map(|&i| &self.former_communes[i])
    }

    /// The communes of 2025 in a province, in code order.
    pub fn communes_of<'a>(&'a self, province: &'a str) -> impl Iterator<Item = &'a Commune> {
        self.communes.iter().filter(move |c| c.province == province)
    }

    /// The former communes that went (whole or in part) into a commune of 2025.
    pub fn formed_from(&self, code: &str) -> impl Iterator<Item = &FormerCommune> {
        self.formed_from
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &self.former_communes[i])
    }

    /// The former communes of a former district.
    pub fn communes_of_district<'a>(
        &'a self,
        district: &'a str,
    ) -> impl Iterator<Item = &'a FormerCommune> {
        let found = self.former_communes_by_district.get(district);
        found
            .into_iter()
            .flatten()
            .map(|&i| &self.former_communes[i])
    }

    /// The communes of 2025 that a place of the gazetteer is in on `day`: itself
    /// while it exists; after 01/07/2025, for a former commune the one(s) it went
    /// into, for a former district every commune its communes went into.
    pub fn successors_on(&self, id: &PlaceId, day: Date) -> Vec<String> {
        match id {
            PlaceId::Commune(code) => vec![code.clone()],
            _ if day < REFORM_DAY => vec![id.to_id()],
            PlaceId::FormerCommune(code) => self
                .former_commune(code)
                .map(|c| c.became.iter().map(|&code| code.to_owned()).collect())
                .unwrap_or_default(),
            PlaceId::FormerDistrict(code) => {
                let mut became: Vec<String> = self
                    .communes_of_district(code)
                    .flat_map(|c| c.became.iter().copied())
                    .chain(self.former_district(code).and_then(|d| d.became))
                    .map(str::to_owned)
                    .collect();
                became.sort();
                became.dedup();
                became
            }
        }
    }

    /// The name of a place as a list shows it ("Xã Ba Tri"; a former commune
    /// with its district, "Thị trấn Ba Tri, Huyện Ba Tri").
    pub fn name(&self, id: &PlaceId) -> Option<&str> {
        match id {
            PlaceId::Commune(code) => self.commune(code).map(|c| c.name),
            PlaceId::FormerCommune(code) => self.former_commune(code).map(|c| c.label.as_str()),
            PlaceId::FormerDistrict(code) => self.former_district(code).map(|d| d.name),
        }
    }

    /// The province of 2025 a place is in (for a former district, the first its
    /// communes went into).
    pub fn province_of(&self, id: &PlaceId) -> Option<&Province> {
        let commune = match id {
            PlaceId::Commune(code) => code.clone(),
            other => self.successors_on(other, REFORM_DAY).into_iter().next()?,
        };
        self.province(self.commune(&commune)?.province)
    }

    /// The communes of 2025 in `provinces` (all when empty) whose name, or
    /// their province's, has a word starting with each word of `query`,
    /// ignoring case and diacritics, in code order: "an hiep" finds Xã An
    /// Hiệp, "p sai" Phường Sài Gòn, "phu tan ca mau" the Phú Tân of Cà Mau.
    pub fn search_communes<'a>(&'a self, query: &str, provinces: &[String]) -> Vec<&'a Commune> {
        let query = key(query);
        let words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        self.communes
            .iter()
            .zip(&self.names().commune_keys)
            .filter(|(c, _)| provinces.is_empty() || provinces.iter().any(|p| p == c.province))
            .filter(|(_, name)| name_matches(name, &words))
            .map(|(c, _)| c)
            .collect()
    }
}

/// Whether every word of a search has a word of `name_key` starting with it.
pub fn name_matches(name_key: &str, words: &[&str]) -> bool {
    words
        .iter()
        .all(|w| name_key.split(' ').any(|part| part.starts_with(w)))
}

/// A name as it is written inside a Vietnamese sentence, its type in lower
/// case: "tỉnh Vĩnh Long", "thành phố Hà Nội", "xã Ba Tri".
pub fn name_in_sentence(name: &str) -> String {
    let rest = short_name(name);
    if rest.len() == name.len() {
        return name.to_owned();
    }
    let kind = name[..name.len() - rest.len()].to_lowercase();
    format!("{kind}{rest}")
}

/// The name without its type: "Ba Tri" of "Xã Ba Tri", "5" of "Phường 5".
pub fn short_name(name: &str) -> &str {
    const TYPES: [&str; 10] = [
        "Thành phố ",
        "Thị trấn ",
        "Thị xã ",
        "Đặc khu ",
        "Phường ",
        "Huyện ",
        "Quận ",
        "Tỉnh ",
        "Xã ",
        "Thủ đô ",
    ];
    TYPES
        .iter()
        .find_map(|t| name.strip_prefix(t))
        .unwrap_or(name)
}

/// A name as places are compared: folded, apostrophes and hyphens gone, numbers
/// without leading zeros ("Phường 05" and "phuong 5", "Cư M’gar" and "cu mgar").
pub fn key(name: &str) -> String {
    let folded = fold(name);
    let spaced: String = folded
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | '`'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .map(|word| {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = word.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_code_is_known_by_the_quick_check_exactly_when_the_gazetteer_has_it() {
        let places = Gazetteer::get();
        for code in (0..100).map(|n| format!("{n:02}")) {
            assert_eq!(
                is_province_code(&code),
                places.province(&code).is_some(),
                "{code}"
            );
        }
        assert!(is_province_code("86"));
        // Bến Tre's code before 2025 is not a province of 2025.
        assert!(!is_province_code("83"));
        assert!(!is_province_code(""));
    }

    #[test]
    fn the_country_has_34_provinces_and_3321_communes_from_july_2025_and_10035_communes_before() {
        let places = Gazetteer::get();
        assert_eq!(places.provinces.len(), 34);
        assert_eq!(places.communes.len(), 3321);
        assert_eq!(places.former_provinces.len(), 63);
        assert_eq!(places.former_districts.len(), 696);
        assert_eq!(places.former_communes.len(), 10035);
        let vinh_long: Vec<&Commune> = places.communes_of("86").collect();
        assert_eq!(vinh_long.len(), 124);
        let wards = vinh_long
            .iter()
            .filter(|c| c.name.starts_with("Phường "))
            .count();
        assert_eq!((wards, vinh_long.len() - wards), (19, 105));
    }

    #[test]
    fn every_former_commune_went_somewhere_and_every_commune_of_2025_came_from_somewhere() {
        let places = Gazetteer::get();
        assert!(places.former_communes.iter().all(|c| !c.became.is_empty()));
        let without_origin: Vec<&str> = places
            .communes
            .iter()
            .filter(|c| places.formed_from(c.code).next().is_none())
            .map(|c| c.name)
            .collect();
        // The five island districts had no communes: each became a special zone whole.
        assert_eq!(
            without_origin,
            [
                "Đặc khu Bạch Long Vĩ",
                "Đặc khu Cồn Cỏ",
                "Đặc khu Hoàng Sa",
                "Đặc khu Lý Sơn",
                "Đặc khu Côn Đảo"
            ]
        );
    }

    #[test]
    fn former_ben_tre_province_went_into_vinh_long_and_its_148_communes_into_48() {
        let places = Gazetteer::get();
        let ben_tre = places.former_province("83").unwrap();
        assert_eq!(ben_tre.name, "Tỉnh Bến Tre");
        assert_eq!(ben_tre.became, ["86"]);
        let districts: Vec<&FormerDistrict> = places
            .former_districts
            .iter()
            .filter(|d| d.province == "83")
            .collect();
        assert_eq!(districts.len(), 9);
        let communes: Vec<&FormerCommune> = districts
            .iter()
            .flat_map(|d| places.communes_of_district(d.code))
            .collect();
        assert_eq!(communes.len(), 148);
        let mut new: Vec<&&str> = communes.iter().flat_map(|c| &c.became).collect();
        new.sort();
        new.dedup();
        assert_eq!(new.len(), 48);
    }

    #[test]
    fn a_former_district_is_followed_to_every_commune_its_communes_went_into() {
        let places = Gazetteer::get();
        let ba_tri = PlaceId::FormerDistrict("836".into());
        assert_eq!(places.name(&ba_tri).unwrap(), "Huyện Ba Tri");
        let after = places.successors_on(&ba_tri, jiff::civil::date(2026, 1, 1));
        assert_eq!(after.len(), 7);
        assert!(after.contains(&"29110".to_owned()));
        let before = places.successors_on(&ba_tri, jiff::civil::date(2024, 1, 1));
        assert_eq!(before, ["former-district-836"]);
        let con_dao = PlaceId::FormerDistrict("755".into());
        let zone = places.successors_on(&con_dao, REFORM_DAY);
        assert_eq!(places.commune(&zone[0]).unwrap().name, "Đặc khu Côn Đảo");
    }

    #[test]
    fn place_ids_carry_their_era_and_anything_else_is_not_a_gazetteer_id() {
        for id in ["29110", "former-29110", "former-district-836"] {
            assert_eq!(PlaceId::parse(id).unwrap().to_id(), id);
        }
        for other in [
            "ba-tri",
            "xa-ba-tri",
            "2911",
            "former-2911x",
            "former-district-83",
            "",
        ] {
            assert_eq!(PlaceId::parse(other), None, "{other}");
        }
    }

    #[test]
    fn searching_communes_ignores_diacritics_and_matches_the_start_of_each_word() {
        let places = Gazetteer::get();
        let found = places.search_communes("an hiep", &["86".to_owned()]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Xã An Hiệp");
        let found = places.search_communes("phu tu", &["86".to_owned()]);
        let names: Vec<&str> = found.iter().map(|c| c.name).collect();
        assert_eq!(names, ["Xã Phú Túc"]);
        assert_eq!(places.search_communes("", &["86".to_owned()]).len(), 124);
        // Several Phú Tân in the country; the province's name picks one.
        let phu_tan = places.search_communes("phu tan", &[]);
        let in_ca_mau = places.search_communes("phu tan ca mau", &[]);
        assert!(phu_tan.len() > in_ca_mau.len());
        assert!(in_ca_mau.iter().all(|c| c.province == "96"));
        assert!(
            places
                .search_communes("ba tri", &["01".to_owned()])
                .is_empty()
        );
        // Since 2025 no ward is numbered: "Phường 1" of old is a name now.
        let everywhere = places.search_communes("sai gon", &[]);
        assert_eq!(everywhere[0].name, "Phường Sài Gòn");
        assert_eq!(everywhere[0].province, "79");
    }

    #[test]
    fn names_compare_without_marks_apostrophes_or_leading_zeros() {
        assert_eq!(key("Phường 05"), key("phuong 5"));
        assert_eq!(key("Xã Cư M’gar"), key("xa cu m'gar"));
        assert_eq!(key("Bà Rịa - Vũng Tàu"), "ba ria vung tau");
        assert_eq!(key("Thuận Hoà"), key("Thuận Hòa"));
        assert_eq!(short_name("Thị trấn Ba Tri"), "Ba Tri");
    }
}
