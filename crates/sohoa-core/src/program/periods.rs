//! Program periods: the one running now (the settings' dates and target) and the
//! earlier ones it was continued from, each with its result.
//!
//! Key types: [`PastPeriod`], [`PeriodResult`], [`NewPeriod`]; functions
//! [`period_result`], [`ProgramSettings::continue_into`].
//!
//! Policy: a period's target counts the enterprises that became supported within
//! the period (from its start to its end). Continuing a program keeps every
//! enterprise and its history; the closing period is recorded with its result as
//! it stands at that moment. Pure; no I/O.
//!
//! ```
//! use jiff::civil::date;
//! use sohoa_core::program::periods::period_result;
//! // Three enterprises supported in the period, target 2: reached on the second.
//! let days = [date(2022, 3, 1), date(2023, 5, 2), date(2024, 1, 9)];
//! let result = period_result(date(2021, 1, 1), date(2025, 12, 31), 2, days.iter().copied());
//! assert_eq!((result.supported, result.reached_on), (3, Some(date(2023, 5, 2))));
//! ```

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{ProgramSettings, SettingsError};
use crate::text::Text;

/// An earlier period of the program, as it stood when it closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastPeriod {
    pub name: Text,
    pub start: Date,
    pub end: Date,
    pub target: u32,
    pub result: PeriodResult,
}

/// How a period went: enterprises supported within it, and the day the target
/// was reached (none: it was not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodResult {
    pub supported: u32,
    #[serde(default)]
    pub reached_on: Option<Date>,
}

impl PeriodResult {
    /// How many enterprises short of `target` the period stayed (0 when reached).
    pub fn shortfall(&self, target: u32) -> u32 {
        target.saturating_sub(self.supported)
    }
}

/// The dates and target of the period a program is continued into.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPeriod {
    pub name: Text,
    pub start: Date,
    pub end: Date,
    pub target: u32,
}

/// The result of the period `start..=end` with `target`, from the days on which
/// enterprises became supported (in any order; days outside the period are left out).
pub fn period_result(
    start: Date,
    end: Date,
    target: u32,
    supported_since: impl IntoIterator<Item = Date>,
) -> PeriodResult {
    let mut days: Vec<Date> = supported_since
        .into_iter()
        .filter(|day| (start..=end).contains(day))
        .collect();
    days.sort_unstable();
    let reached_on = (target > 0)
        .then(|| days.get(target as usize - 1).copied())
        .flatten();
    PeriodResult {
        supported: u32::try_from(days.len()).unwrap_or(u32::MAX),
        reached_on,
    }
}

impl ProgramSettings {
    /// The settings continued into `next`: the running period is recorded with
    /// `result` among the past periods, and `next` becomes the running one.
    pub fn continue_into(
        &self,
        next: NewPeriod,
        result: PeriodResult,
    ) -> Result<ProgramSettings, SettingsError> {
        if next.start <= self.start {
            return Err(SettingsError(format!(
                "the new period must start after the current one began ({})",
                crate::text::format_date(self.start)
            )));
        }
        let mut continued = self.clone();
        continued.past_periods.push(PastPeriod {
            name: self.name.clone(),
            start: self.start,
            end: self.end,
            target: self.target,
            result,
        });
        // The closing period's notes go with it. A folder made before notes had
        // periods holds the preset's period note among the others.
        let preset_period_notes = ProgramSettings::preset()
            .map(|preset| preset.period_notes)
            .unwrap_or_default();
        continued.period_notes.clear();
        continued
            .notes
            .retain(|note| !preset_period_notes.contains(note));
        continued.name = next.name.normalized();
        continued.start = next.start;
        continued.end = next.end;
        continued.target = next.target;
        match continued.validate().into_iter().next() {
            Some(error) => Err(error),
            None => Ok(continued),
        }
    }
}

/// Rules the past periods must keep: in order, each before the running one.
pub(super) fn validate(settings: &ProgramSettings) -> Vec<SettingsError> {
    let mut errors = Vec::new();
    let mut previous_start: Option<Date> = None;
    for period in &settings.past_periods {
        if period.end < period.start {
            errors.push(SettingsError(format!(
                "the period “{}” ends before it starts",
                period.name.vi
            )));
        }
        if previous_start.is_some_and(|before| period.start <= before) {
            errors.push(SettingsError(format!(
                "the period “{}” is out of order",
                period.name.vi
            )));
        }
        previous_start = Some(period.start);
    }
    if previous_start.is_some_and(|last| settings.start <= last) {
        errors.push(SettingsError(
            "the running period must start after the earlier periods".into(),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_period_that_misses_its_target_has_no_reached_day_and_a_shortfall() {
        let days = [date(2021, 6, 1), date(2026, 2, 1), date(2020, 12, 31)];
        let result = period_result(date(2021, 1, 1), date(2025, 12, 31), 1000, days);
        assert_eq!(result.supported, 1, "days outside the period are left out");
        assert_eq!(result.reached_on, None);
        assert_eq!(result.shortfall(1000), 999);
    }

    #[test]
    fn continuing_keeps_the_closed_period_with_its_result_and_takes_the_new_dates() {
        let program = ProgramSettings::preset().unwrap();
        let result = PeriodResult {
            supported: 1040,
            reached_on: Some(date(2025, 10, 14)),
        };
        let next = NewPeriod {
            name: Text::new("Giai đoạn 2026–2030", "2026–2030 period"),
            start: date(2026, 1, 1),
            end: date(2030, 12, 31),
            target: 1500,
        };
        let continued = program.continue_into(next, result).unwrap();
        assert_eq!(continued.target, 1500);
        assert_eq!(continued.start, date(2026, 1, 1));
        assert_eq!(continued.past_periods.len(), 1);
        assert_eq!(continued.past_periods[0].target, 1000);
        assert_eq!(continued.past_periods[0].result, result);
        assert_eq!(continued.past_periods[0].end, date(2025, 12, 31));
        assert_eq!(continued.admin_units, program.admin_units);
    }

    #[test]
    fn the_note_that_the_closing_period_has_ended_does_not_follow_into_the_next() {
        let preset = ProgramSettings::preset().unwrap();
        let ended = |notes: &[Text]| notes.iter().any(|n| n.vi.contains("đã kết thúc"));
        assert!(ended(&preset.period_notes));
        // A folder made before notes had periods: the note is among the others.
        let mut older = preset.clone();
        older.notes.append(&mut older.period_notes);
        for program in [preset, older] {
            let next = NewPeriod {
                name: Text::new("Giai đoạn 2026–2030", "2026–2030 period"),
                start: date(2026, 1, 1),
                end: date(2030, 12, 31),
                target: 1500,
            };
            let result = PeriodResult {
                supported: 0,
                reached_on: None,
            };
            let continued = program.continue_into(next, result).unwrap();
            assert!(!ended(&continued.notes) && !ended(&continued.period_notes));
            assert_eq!(
                continued.notes.len(),
                1,
                "the note on the merged province stays"
            );
        }
    }

    #[test]
    fn a_new_period_that_starts_before_the_current_one_is_refused() {
        let program = ProgramSettings::preset().unwrap();
        let next = NewPeriod {
            name: Text::new("x", "x"),
            start: date(2020, 1, 1),
            end: date(2030, 12, 31),
            target: 10,
        };
        let result = PeriodResult {
            supported: 0,
            reached_on: None,
        };
        assert!(program.continue_into(next, result).is_err());
    }
}
