//! The program: its settings (target, dates, partners, places, what counts as
//! "supported") and the progress figures computed from the enterprises.
//!
//! Key types: [`ProgramSettings`], [`AdminUnit`], [`SupportedRule`]; progress in
//! [`stats`].
//!
//! Policy: settings are data (`program.ron` in the data folder, first filled from
//! the Bến Tre 2021–2025 preset); places are a dated list, never code. No I/O here.
//!
//! ```
//! let program = sohoa_core::program::ProgramSettings::preset().unwrap();
//! assert_eq!(program.target, 1000);
//! assert_eq!(program.admin_units.len(), 9 + 48);
//! ```

pub mod dashboard;
pub mod lists;
pub mod periods;
pub mod places;
pub mod preset;
pub mod setup;
pub mod stats;
pub mod summary;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::enterprise::{Enterprise, Stage};
use crate::keys::KeySettings;
use crate::places::{Gazetteer, PlaceId};
use crate::text::{Text, fold};

/// The longest follow-up interval accepted (a hundred years): dates further away
/// cannot be computed.
pub const MAX_FOLLOW_UP_MONTHS: u32 = 1200;

/// The program-settings file schema.
pub const PROGRAM_SCHEMA: u32 = 1;

const BEN_TRE_PRESET: &str = include_str!("../../../../assets/presets/ben-tre-2021-2025.ron");

/// Everything about the program that staff may edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSettings {
    pub schema: u32,
    pub name: Text,
    pub region: Text,
    /// How many enterprises the program aims to support.
    pub target: u32,
    pub start: Date,
    pub end: Date,
    /// Partners that accompany enterprises (an editable list).
    pub partners: Vec<String>,
    /// The provinces of 2025 the program covers, by national code (`86` for
    /// Vĩnh Long): their communes, and the former units that went into them, are
    /// the program's places, from the country's list ([`crate::places`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<String>,
    /// The program's own administrative units, each with the dates it is valid
    /// for (a unit with the national code of one of the country's stands for it).
    pub admin_units: Vec<AdminUnit>,
    #[serde(default)]
    pub notes: Vec<Text>,
    /// Notes about the running period ("the 2021–2025 program has ended"):
    /// shown with the others, and dropped when the program is continued into
    /// a new period, which they are not about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub period_notes: Vec<Text>,
    pub supported_rule: SupportedRule,
    /// The questionnaire id new assessments use.
    pub default_questionnaire: String,
    /// Months after the baseline when a follow-up assessment is due.
    pub follow_up_after_months: u32,
    /// How many automatic backups of the data folder to keep.
    #[serde(default)]
    pub backups: BackupPolicy,
    /// Earlier periods of this program, oldest first, each with its result as it
    /// stood when the program was continued into the next one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub past_periods: Vec<periods::PastPeriod>,
    /// The day whose administrative units the dashboard groups by (none: today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_as_of: Option<Date>,
    /// Keys for sealed bundles: the office's, senders' confirmed here, revoked ones.
    #[serde(default, skip_serializing_if = "KeySettings::is_empty")]
    pub keys: KeySettings,
    /// What the contacts' personal data is held for, recorded with each consent
    /// (none: [`ProgramSettings::DEFAULT_CONSENT_PURPOSE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_purpose: Option<Text>,
    /// The folder holds demo data to look around with, not a real program.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
}

/// How many backups to keep (in `program.ron`, `backups: (daily: 7, weekly: 9)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupPolicy {
    /// Keep the newest backup of each of this many recent days.
    pub daily: u32,
    /// Keep the newest backup of each of this many recent weeks.
    pub weekly: u32,
}

impl Default for BackupPolicy {
    /// A week of daily backups and two months of weekly ones.
    fn default() -> BackupPolicy {
        BackupPolicy {
            daily: 7,
            weekly: 9,
        }
    }
}

/// An administrative unit (district, commune…) valid between two dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminUnit {
    pub id: String,
    pub name: String,
    /// The national statistics code (e.g. `29110`), where known.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_until: Option<Date>,
    /// The earlier units this one was formed from: for each former unit (by id),
    /// the names of its communes that were merged in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formed_from: Vec<FormerPart>,
}

/// The part of a former unit that went into a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerPart {
    /// The former unit's id (e.g. `ba-tri` for huyện Ba Tri).
    pub unit: String,
    /// Names of the former unit's communes that were merged in (e.g. "Xã Vĩnh Hòa").
    #[serde(default)]
    pub communes: Vec<String>,
}

impl AdminUnit {
    /// The unit of the country's list this one stands for, by its national
    /// code: a commune of 2025 when it is valid from 01/07/2025, else a former
    /// district (three digits) or commune (five).
    pub fn country_place(&self) -> Option<PlaceId> {
        let code = self.code.clone()?;
        let of_2025 = self
            .valid_from
            .is_some_and(|from| from >= crate::places::REFORM_DAY);
        Some(match (of_2025, code.len()) {
            (true, _) => PlaceId::Commune(code),
            (false, 3) => PlaceId::FormerDistrict(code),
            (false, _) => PlaceId::FormerCommune(code),
        })
    }

    /// Whether the unit exists on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }
}

/// What a place typed by a person names ([`ProgramSettings::find_place`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceQuery {
    /// One place, by the id a record carries.
    One(String),
    /// Several places fit: a person must choose.
    Several(Vec<String>),
    /// No place of the program's or of the country's.
    None,
}

/// When an enterprise counts as supported by the program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportedRule {
    /// A completed baseline assessment is required.
    pub completed_baseline: bool,
    /// At least this many support activities are required.
    pub min_activities: u32,
}

impl SupportedRule {
    pub fn is_supported(&self, enterprise: &Enterprise) -> bool {
        let baseline_ok = !self.completed_baseline
            || enterprise
                .assessments
                .iter()
                .any(|a| a.stage == Stage::Baseline && a.is_completed());
        baseline_ok && enterprise.activities.len() >= self.min_activities as usize
    }
}

/// Settings that break a rule, in words a person can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

impl ProgramSettings {
    /// The purpose recorded with a consent when the program names none.
    pub const DEFAULT_CONSENT_PURPOSE: (&str, &str) = (
        "Liên hệ doanh nghiệp để hỗ trợ chuyển đổi số trong chương trình và báo cáo tiến độ chương trình",
        "Contacting the enterprise for digital-transformation support within the program, and reporting the program's progress",
    );

    /// What the contacts' personal data is held for.
    pub fn consent_purpose(&self) -> Text {
        self.consent_purpose.clone().unwrap_or_else(|| {
            let (vi, en) = Self::DEFAULT_CONSENT_PURPOSE;
            Text::new(vi, en)
        })
    }

    /// The Bến Tre 2021–2025 preset.
    pub fn preset() -> Result<ProgramSettings, ron::error::SpannedError> {
        let mut settings: ProgramSettings = crate::ron_options().from_str(BEN_TRE_PRESET)?;
        settings.normalize();
        Ok(settings)
    }

    /// The preset's file text, as shipped.
    pub fn preset_source() -> &'static str {
        BEN_TRE_PRESET
    }

    pub fn normalize(&mut self) {
        self.name = self.name.normalized();
        self.region = self.region.normalized();
        for partner in &mut self.partners {
            *partner = crate::text::nfc_line(partner);
        }
        for unit in &mut self.admin_units {
            unit.name = crate::text::nfc_line(&unit.name);
            for part in &mut unit.formed_from {
                for commune in &mut part.communes {
                    *commune = crate::text::nfc_line(commune);
                }
            }
        }
        for period in &mut self.past_periods {
            period.name = period.name.normalized();
        }
        self.notes = self.notes.iter().map(Text::normalized).collect();
        self.period_notes = self.period_notes.iter().map(Text::normalized).collect();
        if let Some(purpose) = &mut self.consent_purpose {
            *purpose = purpose.normalized();
        }
        for card in self
            .keys
            .office
            .iter_mut()
            .chain(self.keys.known.iter_mut().map(|k| &mut k.card))
        {
            card.name = crate::text::nfc_line(&card.name);
        }
    }

    /// Every rule the settings break.
    pub fn validate(&self) -> Vec<SettingsError> {
        let mut errors = Vec::new();
        if self.schema != PROGRAM_SCHEMA {
            errors.push(SettingsError(format!(
                "schema {} is not supported; this version reads schema {PROGRAM_SCHEMA}",
                self.schema
            )));
        }
        if self.end < self.start {
            errors.push(SettingsError(format!(
                "the end date {} is before the start date {}",
                self.end, self.start
            )));
        }
        if self.target == 0 {
            errors.push(SettingsError("the target must be at least 1".into()));
        }
        if !(1..=MAX_FOLLOW_UP_MONTHS).contains(&self.follow_up_after_months) {
            errors.push(SettingsError(format!(
                "the follow-up interval must be from 1 to {MAX_FOLLOW_UP_MONTHS} months, not {}",
                self.follow_up_after_months
            )));
        }
        let mut ids = std::collections::HashSet::new();
        for unit in &self.admin_units {
            if !ids.insert(unit.id.as_str()) {
                errors.push(SettingsError(format!(
                    "administrative unit id `{}` appears twice",
                    unit.id
                )));
            }
        }
        for unit in &self.admin_units {
            for part in &unit.formed_from {
                if !ids.contains(part.unit.as_str()) {
                    errors.push(SettingsError(format!(
                        "administrative unit `{}` is formed from `{}`, which is not in the list",
                        unit.id, part.unit
                    )));
                }
            }
        }
        for code in &self.provinces {
            if !crate::places::is_province_code(code) {
                errors.push(SettingsError(format!(
                    "`{code}` is not the code of a province of 2025 (01 Hà Nội … 96 Cà Mau)"
                )));
            }
        }
        errors.extend(periods::validate(self));
        for card in self
            .keys
            .office
            .iter()
            .chain(self.keys.known.iter().map(|k| &k.card))
        {
            if let Err(e) = card.check() {
                errors.push(SettingsError(format!("the key “{}”: {e}", card.name)));
            }
        }
        errors
    }

    /// The unit whose id, or name ignoring case and diacritics, is `query`
    /// ("mo cay nam" finds "Huyện Mỏ Cày Nam"). When several names fit, a unit
    /// valid on `day` wins: "ben tre" is Thành phố Bến Tre in 2024 and phường Bến
    /// Tre from 01/07/2025.
    pub fn find_unit(&self, query: &str, day: Date) -> Option<&AdminUnit> {
        if let Some(unit) = self.admin_units.iter().find(|u| u.id == query.trim()) {
            return Some(unit);
        }
        // No unit's name has a comma: an address is read elsewhere.
        if query.contains([',', ';']) {
            return None;
        }
        let key = fold(query);
        let fits = |u: &&AdminUnit| {
            let name = fold(&u.name);
            name == key
                || name.split_once(' ').is_some_and(|(_, rest)| rest == key)
                || name
                    .strip_prefix("thanh pho ")
                    .is_some_and(|rest| rest == key)
        };
        let exact = |u: &&AdminUnit| fold(&u.name) == key;
        let candidates: Vec<&AdminUnit> = self.admin_units.iter().filter(fits).collect();
        candidates
            .iter()
            .find(|u| exact(u))
            .or_else(|| candidates.iter().find(|u| u.valid_on(day)))
            .or_else(|| candidates.first())
            .copied()
    }

    /// The unit's display name (the program's own, else the country's), or its
    /// id when neither knows it.
    pub fn unit_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.admin_units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.as_str())
            .or_else(|| PlaceId::parse(id).and_then(|p| Gazetteer::get().name(&p)))
            .unwrap_or(id)
    }

    /// The program's own unit that stands for a unit of the country's list,
    /// by its national code (the Bến Tre preset's `xa-ba-tri` for `29110`).
    pub fn own_unit_for(&self, place: &PlaceId) -> Option<&AdminUnit> {
        self.admin_units
            .iter()
            .find(|u| u.country_place().as_ref() == Some(place))
    }

    /// The id a record should carry for a place of the country's list: the
    /// program's own unit that stands for it, else the country's id.
    pub fn place_id(&self, place: &PlaceId) -> String {
        self.own_unit_for(place)
            .map_or_else(|| place.to_id(), |u| u.id.clone())
    }

    /// The province of 2025 a counted place is in (a place key of the
    /// dashboard: a unit id, or `review:` and the former unit's id); for a unit
    /// of the program's own without a national code, its one province when it
    /// covers one.
    pub fn province_of_place(&self, place: &str) -> Option<&'static crate::places::Province> {
        let places = Gazetteer::get();
        let unit = place.strip_prefix(places::REVIEW_PREFIX).unwrap_or(place);
        if unit.is_empty() {
            return None;
        }
        let own = self.admin_units.iter().find(|u| u.id == unit);
        let of_country = match own {
            Some(u) => u.country_place(),
            None => PlaceId::parse(unit),
        };
        of_country
            .and_then(|id| places.province_of(&id))
            .or_else(|| match self.provinces.as_slice() {
                [only] => places.province(only),
                _ => None,
            })
    }

    /// The program counts enterprises in more than one province: progress is
    /// broken down by province too.
    pub fn spans_provinces(&self) -> bool {
        self.provinces.len() > 1
    }

    /// The places a record can be given on `day`: the program's own units valid
    /// that day, then the communes of its provinces (those its own units stand
    /// for once), then its own former units, each with its dates.
    pub fn place_choices(&self, day: Date) -> Vec<AdminUnit> {
        self.search_places("", day)
    }

    /// The places of [`ProgramSettings::place_choices`] whose name has a word
    /// starting with each word of `query`, ignoring case and diacritics.
    pub fn search_places(&self, query: &str, day: Date) -> Vec<AdminUnit> {
        let query_key = crate::places::key(query);
        let words: Vec<&str> = query_key.split(' ').filter(|w| !w.is_empty()).collect();
        let fits =
            |u: &&AdminUnit| crate::places::name_matches(&crate::places::key(&u.name), &words);
        let (current, former): (Vec<&AdminUnit>, Vec<&AdminUnit>) = self
            .admin_units
            .iter()
            .filter(fits)
            .partition(|u| u.valid_on(day));
        let own_codes: std::collections::HashSet<&str> = self
            .admin_units
            .iter()
            .filter(|u| {
                u.valid_from
                    .is_some_and(|from| from >= crate::places::REFORM_DAY)
            })
            .filter_map(|u| u.code.as_deref())
            .collect();
        let communes: Vec<AdminUnit> =
            if day >= crate::places::REFORM_DAY && !self.provinces.is_empty() {
                Gazetteer::get()
                    .search_communes(query, &self.provinces)
                    .into_iter()
                    .filter(|c| !own_codes.contains(c.code))
                    .map(|c| AdminUnit {
                        id: c.code.to_owned(),
                        name: c.name.to_owned(),
                        code: Some(c.code.to_owned()),
                        valid_from: None,
                        valid_until: None,
                        formed_from: Vec::new(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
        current
            .into_iter()
            .cloned()
            .chain(communes)
            .chain(former.into_iter().cloned())
            .collect()
    }

    /// What a place typed by a person names on `day`: a unit of the program's
    /// own by id or name, else the commune of the country that the text, read
    /// as an address, is in ("xã Vĩnh Hòa, huyện Ba Tri" is Xã Ba Tri), within
    /// the program's provinces when it covers any.
    pub fn find_place(&self, query: &str, day: Date) -> PlaceQuery {
        if let Some(unit) = self.find_unit(query, day) {
            return PlaceQuery::One(unit.id.clone());
        }
        let places = Gazetteer::get();
        let mut codes = crate::places::address::read_address(places, query, &self.provinces);
        if codes.is_empty() {
            // A name without its type: "Phú Túc".
            let name = crate::places::key(crate::places::short_name(query.trim()));
            let named: Vec<&crate::places::Commune> = places.communes_named(&name).collect();
            let in_scope: Vec<String> = named
                .iter()
                .filter(|c| self.provinces.iter().any(|p| p == c.province))
                .map(|c| c.code.to_owned())
                .collect();
            codes = if in_scope.is_empty() {
                named.iter().map(|c| c.code.to_owned()).collect()
            } else {
                in_scope
            };
        }
        let mut ids: Vec<String> = codes
            .into_iter()
            .map(|code| self.place_id(&PlaceId::Commune(code)))
            .collect();
        ids.sort();
        ids.dedup();
        match ids.len() {
            0 => PlaceQuery::None,
            1 => PlaceQuery::One(ids.remove(0)),
            _ => PlaceQuery::Several(ids),
        }
    }

    /// The partner from the list that matches `query` ignoring case and diacritics.
    pub fn find_partner(&self, query: &str) -> Option<&str> {
        let key = fold(query);
        self.partners
            .iter()
            .find(|p| fold(p) == key)
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ben_tre_preset_has_nine_districts_until_june_2025_and_forty_eight_communes_after() {
        let program = ProgramSettings::preset().unwrap();
        assert_eq!(program.validate(), vec![]);
        assert_eq!(program.partners, ["VNPT", "Viettel", "FPT"]);
        assert_eq!(program.end, jiff::civil::date(2025, 12, 31));
        let valid_on = |day| {
            program
                .admin_units
                .iter()
                .filter(|u| u.valid_on(day))
                .count()
        };
        assert_eq!(valid_on(jiff::civil::date(2025, 6, 30)), 9);
        assert_eq!(valid_on(jiff::civil::date(2025, 7, 1)), 48);
        let wards = program
            .admin_units
            .iter()
            .filter(|u| u.name.starts_with("Phường "))
            .count();
        assert_eq!(wards, 5);
        // Every new unit names the district(s) it came from.
        assert!(
            program
                .admin_units
                .iter()
                .filter(|u| u.valid_from.is_some())
                .all(|u| !u.formed_from.is_empty())
        );
    }

    #[test]
    fn the_ben_tre_presets_48_communes_agree_with_the_countrys_places_in_code_name_and_origin() {
        let program = ProgramSettings::preset().unwrap();
        let places = crate::places::Gazetteer::get();
        let district_name = |id: &str| program.unit_name(id).to_owned();
        let mut checked = 0;
        for unit in program
            .admin_units
            .iter()
            .filter(|u| u.valid_from.is_some())
        {
            let code = unit.code.as_deref().unwrap();
            assert_eq!(places.commune(code).unwrap().name, unit.name, "{code}");
            let mut in_preset: Vec<(String, String)> = unit
                .formed_from
                .iter()
                .flat_map(|part| {
                    part.communes
                        .iter()
                        .map(|c| (district_name(&part.unit), c.clone()))
                })
                .collect();
            let mut in_places: Vec<(String, String)> = places
                .formed_from(code)
                .map(|c| {
                    let district = places.former_district(c.district).unwrap();
                    (district.name.to_owned(), c.name.to_owned())
                })
                .collect();
            in_preset.sort();
            in_places.sort();
            assert_eq!(in_preset, in_places, "{}", unit.name);
            checked += 1;
        }
        assert_eq!(checked, 48);
    }

    #[test]
    fn a_follow_up_interval_beyond_a_hundred_years_or_of_zero_months_is_refused() {
        let mut program = ProgramSettings::preset().unwrap();
        program.follow_up_after_months = 4_000_000_000;
        assert_eq!(program.validate().len(), 1);
        program.follow_up_after_months = 0;
        assert_eq!(program.validate().len(), 1);
        program.follow_up_after_months = 1200;
        assert_eq!(program.validate(), vec![]);
    }

    #[test]
    fn a_place_is_found_by_name_without_diacritics_or_by_id() {
        let program = ProgramSettings::preset().unwrap();
        let before = jiff::civil::date(2024, 5, 1);
        assert_eq!(
            program.find_unit("mo cay nam", before).unwrap().id,
            "mo-cay-nam"
        );
        assert_eq!(
            program.find_unit("Huyện Chợ Lách", before).unwrap().id,
            "cho-lach"
        );
        assert_eq!(
            program.find_unit("ben tre", before).unwrap().id,
            "ben-tre-city"
        );
        assert_eq!(
            program.find_unit("ba-tri", before).unwrap().name,
            "Huyện Ba Tri"
        );
        assert!(program.find_unit("Hà Nội", before).is_none());
    }

    #[test]
    fn after_the_merger_a_short_name_finds_the_unit_valid_that_day_and_a_full_name_its_own() {
        let program = ProgramSettings::preset().unwrap();
        let after = jiff::civil::date(2026, 1, 1);
        assert_eq!(
            program.find_unit("ben tre", after).unwrap().id,
            "phuong-ben-tre"
        );
        assert_eq!(program.find_unit("ba tri", after).unwrap().id, "xa-ba-tri");
        assert_eq!(
            program.find_unit("Huyện Ba Tri", after).unwrap().id,
            "ba-tri"
        );
        assert_eq!(
            program.find_unit("xa an qui", after).unwrap().id,
            "xa-an-qui"
        );
    }

    #[test]
    fn supported_means_a_completed_baseline_and_one_activity_by_default() {
        let program = ProgramSettings::preset().unwrap();
        let mut e = Enterprise::new("HTX Bưởi", jiff::Timestamp::UNIX_EPOCH);
        assert!(!program.supported_rule.is_supported(&e));
        e.activities.push(crate::enterprise::SupportActivity {
            id: ulid::Ulid::from_parts(1, 1),
            date: jiff::civil::date(2023, 1, 1),
            kind: crate::enterprise::ActivityKind::Training,
            partner: None,
            platform: None,
            note: String::new(),
            modified: None,
        });
        assert!(!program.supported_rule.is_supported(&e));
        let mini = crate::questionnaire::Questionnaire::from_ron_str(
            include_str!("../../../../tests/fixtures/mini.ron"),
            "mini.ron",
        )
        .unwrap();
        let mut baseline = crate::enterprise::Assessment::new(
            &mini,
            Stage::Baseline,
            Default::default(),
            "",
            jiff::Timestamp::UNIX_EPOCH,
        );
        e.assessments.push(baseline.clone());
        assert!(
            !program.supported_rule.is_supported(&e),
            "a draft baseline is not enough"
        );
        baseline.completed = Some(jiff::Timestamp::UNIX_EPOCH);
        e.assessments[0] = baseline;
        assert!(program.supported_rule.is_supported(&e));
    }
}
