//! The dashboard kept up to date with the workspace: after an edit only the
//! edited enterprise is counted again.
//!
//! Key type: [`LiveDashboard`].
//!
//! Policy: single-record changes are applied to the running totals
//! ([`Tally`]); anything else (many records changed at once, the program
//! settings, a new day, or more changes than the workspace remembers) recomputes
//! from scratch. Either way the result equals [`Dashboard::compute`].

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Workspace;
use crate::program::dashboard::{Dashboard, Tally};
use crate::workspace::EnterpriseSummary;

/// A dashboard and the totals it was made from, for one data generation and day.
#[derive(Debug, Clone)]
pub struct LiveDashboard {
    generation: u64,
    tally: Tally,
    dashboard: Dashboard,
}

impl LiveDashboard {
    /// Counts every enterprise of `ws`.
    pub fn new(ws: &Workspace, today: Date) -> LiveDashboard {
        let questionnaire = ws.program_questionnaire();
        let tally = Tally::of_all(&ws.program, questionnaire, today, ws.summaries());
        let dashboard = tally.dashboard(&ws.program, questionnaire);
        LiveDashboard {
            generation: ws.generation(),
            tally,
            dashboard,
        }
    }

    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    /// Brings the dashboard up to date with `ws` on `today`.
    pub fn update(&mut self, ws: &Workspace, today: Date) {
        if self.generation == ws.generation() && self.tally.today() == today {
            return;
        }
        let changes = ws
            .replaced_since(self.generation)
            .filter(|_| self.tally.today() == today);
        let Some(changes) = changes else {
            *self = LiveDashboard::new(ws, today);
            return;
        };
        // Each record is taken out as it was counted (before its first change
        // since then) and counted again as it is now.
        let mut counted: BTreeMap<usize, Option<&EnterpriseSummary>> = BTreeMap::new();
        for change in changes {
            counted
                .entry(change.index)
                .or_insert(change.before.as_ref());
        }
        for (index, before) in counted {
            if let Some(s) = before {
                self.tally.remove(index, s);
            }
            if let Some(s) = ws.summaries().get(index) {
                self.tally.add(index, s);
            }
        }
        self.dashboard = self
            .tally
            .dashboard(&ws.program, ws.program_questionnaire());
        self.generation = ws.generation();
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::civil::date;

    use super::*;
    use crate::enterprise::{ActivityKind, SupportActivity};
    use crate::workspace::REMEMBERED_CHANGES;

    fn demo_workspace(dir: &std::path::Path, count: usize) -> Workspace {
        let mut ws = crate::workspace::open_ben_tre(dir);
        let q = ws.questionnaires.latest("dbi-2021-sme").unwrap().clone();
        let demo = crate::demo::generate(&ws.program, &q, count, 2021, &Default::default());
        ws.add_many(demo).unwrap();
        ws
    }

    fn from_scratch(ws: &Workspace, today: Date) -> Dashboard {
        let q = ws.program_questionnaire();
        Dashboard::compute(&ws.program, ws.summaries(), q, today)
    }

    /// One edit of each kind the dashboard counts, chosen by `round`.
    fn edit(ws: &mut Workspace, round: usize) {
        let now = Timestamp::from_second(1_764_000_000).unwrap();
        let index = (round * 37) % ws.enterprises().len();
        let mut e = ws.enterprises().get(index).unwrap().clone();
        match round % 5 {
            0 => {
                ws.set_archived(e.id, !e.archived, now).unwrap();
                return;
            }
            1 => e.partner = Some(["VNPT", "Viettel", "FPT", "Khác"][round % 4].into()),
            2 => e.sector = None,
            3 => {
                let activity = SupportActivity {
                    id: ulid::Ulid::from_parts(round as u64, 7),
                    date: date(2025, 10, 1 + (round % 28) as i8),
                    kind: ActivityKind::Training,
                    partner: None,
                    platform: None,
                    note: String::new(),
                    modified: None,
                };
                ws.save_activity(e.id, activity, now).unwrap();
                return;
            }
            _ => e = crate::enterprise::Enterprise::new(&format!("Mới {round}"), now),
        }
        ws.save(e).unwrap();
    }

    #[test]
    fn an_ended_period_gives_its_final_result_and_no_projection() {
        let dir = tempfile::tempdir().unwrap();
        let ws = demo_workspace(dir.path(), 200);
        let supported_by_end = ws
            .summaries()
            .iter()
            .filter(|s| {
                !s.archived
                    && s.supported_since
                        .is_some_and(|d| (ws.program.start..=ws.program.end).contains(&d))
            })
            .count();
        assert!(supported_by_end > 0);
        let running = from_scratch(&ws, date(2025, 6, 1));
        assert!(!running.period_ended);
        let ended = from_scratch(&ws, date(2026, 11, 30));
        assert!(ended.period_ended);
        assert_eq!(ended.period.supported as usize, supported_by_end);
        assert_eq!(
            ended.period.reached_on, None,
            "1,000 is out of reach of 200"
        );
        assert_eq!(ended.projected_finish, None);
        assert_eq!(ended.needed_per_month, None);
        assert!(!ended.projection_beyond_horizon);
        let sentence = crate::program::dashboard::progress_sentence(
            &ended,
            &ws.program,
            crate::text::Lang::Vi,
        );
        assert!(
            sentence.starts_with("Đã kết thúc ngày 31/12/2025"),
            "{sentence}"
        );
        assert!(sentence.contains(&format!(
            "thiếu {} doanh nghiệp",
            crate::text::format_count(1000 - supported_by_end as u64, crate::text::Lang::Vi)
        )));
    }

    #[test]
    fn a_target_reached_in_the_period_names_the_day_and_a_far_target_is_not_projected() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = demo_workspace(dir.path(), 200);
        let mut days: Vec<Date> = ws
            .summaries()
            .iter()
            .filter_map(|s| s.supported_since)
            .collect();
        days.sort();
        let mut program = ws.program.clone();
        program.target = 10;
        ws.update_program(program.clone()).unwrap();
        let d = from_scratch(&ws, date(2026, 11, 30));
        assert_eq!(
            d.period.reached_on,
            Some(days[9]),
            "the tenth enterprise supported"
        );
        // A period running to 2200 with a huge target: at the demo's pace the finish
        // is further than the horizon, so no date is given.
        program.target = 5_000_000;
        program.end = date(2200, 12, 31);
        ws.update_program(program).unwrap();
        let d = from_scratch(&ws, date(2025, 6, 1));
        assert_eq!(d.projected_finish, None);
        assert!(d.projection_beyond_horizon);
    }

    #[test]
    fn totals_counted_in_parts_on_every_core_equal_those_counted_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let ws = demo_workspace(dir.path(), 9000);
        let q = ws.program_questionnaire();
        let today = jiff::civil::date(2024, 6, 30);
        let mut one_by_one = Tally::new(&ws.program, q, today);
        for (index, s) in ws.summaries().iter().enumerate() {
            one_by_one.add(index, s);
        }
        let in_parts = Tally::of_all(&ws.program, q, today, ws.summaries());
        assert_eq!(in_parts, one_by_one);
        // Two halves added up, whatever parts the cores made.
        let (mut first, mut second) = (
            Tally::new(&ws.program, q, today),
            Tally::new(&ws.program, q, today),
        );
        for (index, s) in ws.summaries().iter().enumerate() {
            if index < 4000 {
                first.add(index, s);
            } else {
                second.add(index, s);
            }
        }
        assert_ne!(first, one_by_one);
        assert_eq!(first.merge(second), one_by_one);
        let dashboard = in_parts.dashboard(&ws.program, q);
        assert_eq!(dashboard.registered, 9000);
        assert!(dashboard.supported > 0 && dashboard.supported < 9000);
    }

    #[test]
    fn the_dashboard_updated_after_each_edit_equals_the_one_computed_from_scratch() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = demo_workspace(dir.path(), 150);
        let today = date(2025, 11, 30);
        let mut live = LiveDashboard::new(&ws, today);
        assert_eq!(live.dashboard(), &from_scratch(&ws, today));
        assert!(!live.dashboard().due_follow_up.is_empty());
        for round in 0..30 {
            edit(&mut ws, round);
            live.update(&ws, today);
            assert_eq!(
                live.dashboard(),
                &from_scratch(&ws, today),
                "after edit {round}"
            );
        }
    }

    #[test]
    fn several_edits_to_one_record_between_updates_are_counted_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = demo_workspace(dir.path(), 40);
        let today = date(2025, 11, 30);
        let mut live = LiveDashboard::new(&ws, today);
        // With 40 records, rounds 40 apart edit the same record the same way:
        // archived then restored, the partner changed three times, two activities.
        for round in [0, 40, 1, 41, 81, 3, 43] {
            edit(&mut ws, round);
        }
        assert_eq!(ws.replaced_since(live.generation).unwrap().count(), 7);
        live.update(&ws, today);
        assert_eq!(live.dashboard(), &from_scratch(&ws, today));
    }

    #[test]
    fn more_edits_than_remembered_or_a_new_day_recompute_from_scratch() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = demo_workspace(dir.path(), 60);
        let today = date(2025, 11, 30);
        let mut live = LiveDashboard::new(&ws, today);
        let before = ws.generation();
        for round in 0..REMEMBERED_CHANGES + 3 {
            edit(&mut ws, round);
        }
        assert!(ws.replaced_since(before).is_none());
        live.update(&ws, today);
        assert_eq!(live.dashboard(), &from_scratch(&ws, today));
        let tomorrow = date(2025, 12, 1);
        live.update(&ws, tomorrow);
        assert_eq!(live.dashboard(), &from_scratch(&ws, tomorrow));
        assert_eq!(live.dashboard().today, tomorrow);
    }
}
