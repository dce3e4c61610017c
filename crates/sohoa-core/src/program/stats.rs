//! Program progress: how many enterprises are registered, assessed and supported,
//! and how they spread by place, sector, size, partner and level.
//!
//! Key type: [`ProgramStats`].
//!
//! Policy: archived enterprises are not counted. Unknown values are counted under
//! `unknown` (or `none` for a missing partner) so the totals always add up.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ProgramSettings;
use super::summary::EnterpriseSummary;

/// Counts for the dashboard and `sohoa stats`.
/// Follows the name of a former district or town in the place figures: its
/// enterprises wait for a person to choose the new commune or ward.
pub const REVIEW_SUFFIX: &str = " (cần xem lại / to review)";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramStats {
    pub target: u32,
    /// Enterprises registered (not archived).
    pub enterprises: usize,
    /// Enterprises with at least one completed assessment.
    pub assessed: usize,
    /// Enterprises that meet the program's "supported" rule.
    pub supported: usize,
    /// Overall level of the latest completed assessment → count (assessed only).
    pub by_level: BTreeMap<String, usize>,
    /// By province of 2025, when the program covers several (empty otherwise).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_province: BTreeMap<String, usize>,
    pub by_place: BTreeMap<String, usize>,
    pub by_sector: BTreeMap<String, usize>,
    pub by_size: BTreeMap<String, usize>,
    pub by_partner: BTreeMap<String, usize>,
}

impl ProgramStats {
    /// Counts over the summaries of the enterprises (each with its place key as
    /// the dashboard counts it, see [`super::places::PlaceOn::key`]).
    pub fn compute<'a>(
        program: &ProgramSettings,
        summaries: impl IntoIterator<Item = &'a EnterpriseSummary>,
    ) -> ProgramStats {
        let mut stats = ProgramStats {
            target: program.target,
            enterprises: 0,
            assessed: 0,
            supported: 0,
            by_level: BTreeMap::new(),
            by_province: BTreeMap::new(),
            by_place: BTreeMap::new(),
            by_sector: BTreeMap::new(),
            by_size: BTreeMap::new(),
            by_partner: BTreeMap::new(),
        };
        let bump = |map: &mut BTreeMap<String, usize>, key: &str| {
            if let Some(count) = map.get_mut(key) {
                *count += 1;
            } else {
                map.insert(key.to_owned(), 1);
            }
        };
        for summary in summaries.into_iter().filter(|s| !s.archived) {
            let place = summary.place.as_str();
            stats.enterprises += 1;
            if let Some(level) = summary.latest_level() {
                stats.assessed += 1;
                bump(&mut stats.by_level, &level.to_string());
            }
            if summary.is_supported() {
                stats.supported += 1;
            }
            if program.spans_provinces() {
                let province = program.province_of_place(place);
                let name = province.map_or("unknown", |p| p.name);
                bump(&mut stats.by_province, name);
            }
            let place = match place.strip_prefix(super::places::REVIEW_PREFIX) {
                _ if place.is_empty() => None,
                Some(former) => Some(format!("{}{REVIEW_SUFFIX}", program.unit_name(former))),
                None => Some(program.unit_name(place).to_owned()),
            };
            bump(&mut stats.by_place, place.as_deref().unwrap_or("unknown"));
            let sector = Some(summary.sector.as_str()).filter(|s| !s.is_empty());
            bump(&mut stats.by_sector, sector.unwrap_or("unknown"));
            bump(
                &mut stats.by_size,
                summary.size_class.map_or("unknown", |c| c.key()),
            );
            bump(
                &mut stats.by_partner,
                summary.partner.as_deref().unwrap_or("none"),
            );
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::{Enterprise, Sector, SizeFigures, Stage};
    use crate::program::places::PlaceIndex;
    use crate::program::summary::AssessmentSummary;

    /// The summaries of `all` with places counted as on `day`.
    fn summaries(
        program: &ProgramSettings,
        all: &[Enterprise],
        day: jiff::civil::Date,
    ) -> Vec<EnterpriseSummary> {
        let registry = crate::questionnaire::Registry::builtin().unwrap();
        let places = PlaceIndex::new(program, day);
        all.iter()
            .map(|e| EnterpriseSummary::compute(e, program, &registry, &places))
            .collect()
    }

    fn assessed_at_level(level: u8) -> AssessmentSummary {
        AssessmentSummary {
            id: ulid::Ulid::from_parts(1, 1),
            stage: Stage::Baseline,
            questionnaire: "dbi-2021-sme".into(),
            questionnaire_version: "2.0.0".into(),
            completed: jiff::Timestamp::UNIX_EPOCH,
            total: 100,
            max_points: 320,
            level,
            pillar_points: vec![],
            pillar_levels: vec![],
        }
    }

    #[test]
    fn counts_add_up_and_archived_enterprises_are_left_out() {
        let program = ProgramSettings::preset().unwrap();
        let now = jiff::Timestamp::UNIX_EPOCH;
        let mut a = Enterprise::new("A", now);
        a.admin_unit = Some("ba-tri".into());
        a.partner = Some("VNPT".into());
        a.sector = Some(Sector {
            section: "C".into(),
            vsic_version: "2018".into(),
        });
        a.size = SizeFigures {
            staff: Some(5),
            revenue_billion: Some(1.0),
            capital_billion: None,
            year: None,
        };
        let b = Enterprise::new("B", now);
        let mut archived = Enterprise::new("C", now);
        archived.archived = true;
        let all = [a, b, archived];
        let before = summaries(&program, &all, jiff::civil::date(2025, 1, 1));
        let mut assessed = before.clone();
        assessed[0].latest = Some(std::sync::Arc::new(assessed_at_level(2)));
        let stats = ProgramStats::compute(&program, &assessed);
        assert_eq!(stats.enterprises, 2);
        assert_eq!(stats.assessed, 1);
        assert_eq!(stats.by_level, BTreeMap::from([("2".into(), 1)]));
        assert_eq!(stats.by_place["Huyện Ba Tri"], 1);
        assert_eq!(stats.by_place["unknown"], 1);
        assert_eq!(stats.by_size["micro"], 1);
        assert_eq!(stats.by_partner["none"], 1);
        assert_eq!(stats.by_sector.values().sum::<usize>(), 2);
        // After 01/07/2025 huyện Ba Tri is seven communes: without an address naming
        // a former commune, the enterprise is counted for review.
        let after = summaries(&program, &all, jiff::civil::date(2026, 1, 1));
        let after = ProgramStats::compute(&program, &after);
        assert_eq!(after.by_place["Huyện Ba Tri (cần xem lại / to review)"], 1);
    }

    #[test]
    fn a_program_of_two_provinces_counts_by_province_and_one_of_one_province_does_not() {
        let mut program = ProgramSettings::preset().unwrap();
        program.admin_units.clear();
        program.provinces = vec!["79".into(), "86".into()];
        let now = jiff::Timestamp::UNIX_EPOCH;
        let day = jiff::civil::date(2026, 3, 1);
        let mut all = Vec::new();
        // Xã Ba Tri (Vĩnh Long) twice, once by the former township's id;
        // Phường Sài Gòn once; one without a place.
        for (name, unit) in [
            ("A", Some("29110")),
            ("B", Some("former-29110")),
            ("C", Some("26740")),
            ("D", None),
        ] {
            let mut e = Enterprise::new(name, now);
            e.admin_unit = unit.map(str::to_owned);
            all.push(e);
        }
        let keyed = summaries(&program, &all, day);
        let count = |program: &ProgramSettings| ProgramStats::compute(program, &keyed);
        let stats = count(&program);
        assert_eq!(
            stats.by_province,
            BTreeMap::from([
                ("Thành phố Hồ Chí Minh".into(), 1),
                ("Tỉnh Vĩnh Long".into(), 2),
                ("unknown".into(), 1),
            ])
        );
        assert_eq!(stats.by_place["Xã Ba Tri"], 2);
        program.provinces = vec!["86".into()];
        assert!(count(&program).by_province.is_empty());
    }
}
