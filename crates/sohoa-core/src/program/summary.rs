//! What the list, the dashboard and the statistics need to know about each
//! enterprise, computed once when it changes rather than on every frame.
//!
//! Key types: [`EnterpriseSummary`], [`AssessmentSummary`].
//!
//! Policy: a summary is derived data only; it is rebuilt from the enterprise and
//! never stored in the data folder (this machine's summary index keeps it
//! between openings, see [`crate::workspace::summary_index`]). Scoring an assessment needs its questionnaire version; when that
//! version is missing the assessment simply has no summary.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::enterprise::{Assessment, Enterprise, SizeClass, Stage};
use crate::program::ProgramSettings;
use crate::program::places::PlaceIndex;
use crate::questionnaire::{Registry, score};
use crate::text::{fold, local_date, natural_collation_key};

/// The scored result of one completed assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub id: Ulid,
    pub stage: Stage,
    pub questionnaire: String,
    /// The edition of the questionnaire the assessment was made with.
    pub questionnaire_version: String,
    pub completed: Timestamp,
    pub total: u32,
    pub max_points: u32,
    pub level: u8,
    /// Points of each pillar, in questionnaire order.
    pub pillar_points: Vec<u32>,
    pub pillar_levels: Vec<u8>,
}

/// An assessment still in progress, as the list of drafts shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: Ulid,
    pub stage: Stage,
    /// How many questions have an answer.
    pub answered: usize,
    /// Who is carrying it out.
    pub assessor: String,
    pub started: Timestamp,
    /// When it was last changed (or started).
    pub touched: Timestamp,
}

/// Derived facts about one enterprise, with the few fields of its profile that
/// the list, the dashboard and the statistics show, so that they never need the
/// whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseSummary {
    pub id: Ulid,
    pub name: String,
    pub tax_code: Option<String>,
    pub archived: bool,
    /// The letter of the VSIC section (empty: not recorded).
    pub sector: String,
    pub partner: Option<String>,
    /// Folded name, tax code, place and address, for type-to-filter.
    pub search_key: String,
    /// Vietnamese collation key of the name.
    pub sort_key: String,
    pub size_class: Option<SizeClass>,
    /// The first completed baseline.
    pub baseline: Option<Arc<AssessmentSummary>>,
    /// The most recently completed assessment (may be the baseline: then the
    /// two are one, held once).
    pub latest: Option<Arc<AssessmentSummary>>,
    /// The day the enterprise first met the program's "supported" rule.
    pub supported_since: Option<Date>,
    /// An assessment still in progress.
    pub draft: Option<DraftSummary>,
    /// How many fields disagree between copies and wait for a person.
    pub conflicts: usize,
    /// Made up by `sohoa demo`, not a real enterprise.
    pub demo: bool,
    /// The records merged into this one (their ids).
    pub aliases: Vec<Ulid>,
    /// Whether its history records an erasure of personal data.
    pub holds_erasure: bool,
    /// The name and place as duplicates are found by
    /// ([`crate::enterprise::names::name_and_place_key`]).
    pub name_and_place: Option<String>,
    /// Where the enterprise counts on the program's "places as of" day: its
    /// unit, the unit that replaced it, or `review:<former unit>` (see
    /// [`crate::program::places`]); empty when no unit is recorded.
    pub place: String,
    /// The code of the province of 2025 the place is in (empty: not known).
    pub province: String,
    /// The latest of modification, assessment and activity.
    pub last_activity: Timestamp,
}

/// The day `program`'s places are counted on: its "places as of" day, or today.
pub fn places_day(program: &ProgramSettings) -> Date {
    program
        .places_as_of
        .unwrap_or_else(|| crate::text::local_date(Timestamp::now()))
}

/// The places index of `program` on its "places as of" day, or today.
pub fn place_index(program: &ProgramSettings) -> PlaceIndex {
    PlaceIndex::new(program, places_day(program))
}

impl EnterpriseSummary {
    pub fn compute(
        enterprise: &Enterprise,
        program: &ProgramSettings,
        questionnaires: &Registry,
        places: &PlaceIndex,
    ) -> EnterpriseSummary {
        let place = enterprise
            .admin_unit
            .as_deref()
            .map(|id| program.unit_name(id))
            .unwrap_or("");
        let search_key = fold(&format!(
            "{} {} {} {}",
            enterprise.name,
            enterprise.tax_code.as_deref().unwrap_or(""),
            place,
            enterprise.address
        ));
        let summarize = |a: &Assessment| -> Option<Arc<AssessmentSummary>> {
            let q = questionnaires.get(&a.questionnaire, &a.questionnaire_version)?;
            let report = score(q, &a.answers);
            Some(Arc::new(AssessmentSummary {
                id: a.id,
                stage: a.stage,
                questionnaire: a.questionnaire.clone(),
                questionnaire_version: a.questionnaire_version.clone(),
                completed: a.completed?,
                total: report.total,
                max_points: report.max_points,
                level: report.level,
                pillar_points: report.pillars.iter().map(|p| p.points).collect(),
                pillar_levels: report.pillars.iter().map(|p| p.level).collect(),
            }))
        };
        let baseline = enterprise.baseline().and_then(summarize);
        // Most enterprises have only their baseline: it is scored once.
        let latest = match (enterprise.latest_completed(), &baseline) {
            (Some(latest), Some(b)) if latest.id == b.id => Some(Arc::clone(b)),
            (latest, _) => latest.and_then(summarize),
        };
        let draft = enterprise
            .assessments
            .iter()
            .find(|a| !a.is_completed())
            .map(|a| DraftSummary {
                id: a.id,
                stage: a.stage,
                answered: a.answers.len(),
                assessor: a.assessor.clone(),
                started: a.started,
                touched: a.modified.unwrap_or(a.started),
            });
        let mut last_activity = enterprise.modified;
        for a in &enterprise.assessments {
            last_activity = last_activity.max(a.completed.unwrap_or(a.started));
        }
        let place = enterprise
            .admin_unit
            .as_deref()
            .map_or_else(String::new, |unit| {
                places.place(unit, &enterprise.address).key()
            });
        let province = program
            .province_of_place(&place)
            .map_or_else(String::new, |p| p.code.to_owned());
        EnterpriseSummary {
            id: enterprise.id,
            name: enterprise.name.clone(),
            tax_code: enterprise.tax_code.clone(),
            archived: enterprise.archived,
            sector: enterprise
                .sector
                .as_ref()
                .map_or_else(String::new, |s| s.section.clone()),
            partner: enterprise.partner.clone(),
            conflicts: enterprise.conflicts.len(),
            demo: crate::demo::is_demo(enterprise),
            name_and_place: crate::enterprise::names::name_and_place_key(enterprise),
            aliases: enterprise.aliases.clone(),
            holds_erasure: enterprise
                .history
                .iter()
                .any(|c| matches!(c.what, crate::enterprise::ChangeKind::Erased { .. })),
            place,
            province,
            search_key,
            sort_key: natural_collation_key(&enterprise.name),
            size_class: enterprise.size_class(),
            supported_since: supported_since(enterprise, program),
            baseline,
            latest,
            draft,
            last_activity,
        }
    }

    pub fn is_supported(&self) -> bool {
        self.supported_since.is_some()
    }

    /// The latest assessment held once when it is the baseline (as computed);
    /// a summary read back from an index holds them apart until this is called.
    pub fn share_latest_with_baseline(&mut self) {
        if let (Some(baseline), Some(latest)) = (&self.baseline, &self.latest)
            && baseline == latest
            && !Arc::ptr_eq(baseline, latest)
        {
            self.latest = Some(Arc::clone(baseline));
        }
    }

    /// The overall level of the latest completed assessment.
    pub fn latest_level(&self) -> Option<u8> {
        self.latest.as_ref().map(|a| a.level)
    }
}

/// The day the rule was first met: the later of the baseline's completion and the
/// day of the n-th activity.
fn supported_since(enterprise: &Enterprise, program: &ProgramSettings) -> Option<Date> {
    let rule = &program.supported_rule;
    if !rule.is_supported(enterprise) {
        return None;
    }
    let baseline_day = enterprise
        .assessments
        .iter()
        .filter(|a| a.stage == Stage::Baseline)
        .filter_map(|a| a.completed)
        .min()
        .map(local_date);
    let mut days: Vec<Date> = enterprise.activities.iter().map(|a| a.date).collect();
    days.sort();
    let activity_day = match rule.min_activities {
        0 => None,
        n => days.get(n as usize - 1).copied(),
    };
    let day = match (rule.completed_baseline, baseline_day, activity_day) {
        (true, Some(b), Some(a)) => b.max(a),
        (true, Some(b), None) => b,
        (_, _, Some(a)) => a,
        _ => local_date(enterprise.created),
    };
    Some(day)
}
