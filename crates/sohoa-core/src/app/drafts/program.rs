//! The program's settings as typed on the settings page ([`ProgramDraft`]),
//! and read back into settings.
//!
//! Policy: dates are typed `dd/mm/yyyy`, counts the way people type them; the
//! first field that does not read is said, in both languages.

use crate::program::ProgramSettings;
use crate::questionnaire::registry::Registry;
use crate::text::{Text, format_date, parse_count, parse_date};

/// Program settings as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramDraft {
    pub name_vi: String,
    pub name_en: String,
    pub region_vi: String,
    pub region_en: String,
    pub target: String,
    pub start: String,
    pub end: String,
    /// One partner per line.
    pub partners: String,
    pub follow_up_months: String,
    pub questionnaire: String,
    /// The day whose administrative units the dashboard groups by; empty: today.
    pub places_as_of: String,
    /// The provinces of 2025 the program covers, by code, in code order.
    pub provinces: Vec<String>,
    /// Saving starts a new period: the running one is kept with its result.
    pub new_period: bool,
}

impl ProgramDraft {
    /// The form filled from the settings; for a new period, the period after
    /// the running one (five years, from the day after it ends), to be named.
    pub fn from_settings(p: &ProgramSettings, new_period: bool) -> ProgramDraft {
        let (name_vi, name_en, start, end) = if new_period {
            let start = p.end.tomorrow().unwrap_or(p.end);
            let end = start
                .saturating_add(jiff::Span::new().years(5))
                .yesterday()
                .unwrap_or(start);
            (String::new(), String::new(), start, end)
        } else {
            (p.name.vi.clone(), p.name.en.clone(), p.start, p.end)
        };
        ProgramDraft {
            name_vi,
            name_en,
            region_vi: p.region.vi.clone(),
            region_en: p.region.en.clone(),
            target: p.target.to_string(),
            start: format_date(start),
            end: format_date(end),
            partners: p.partners.join("\n"),
            follow_up_months: p.follow_up_after_months.to_string(),
            questionnaire: p.default_questionnaire.clone(),
            places_as_of: p.places_as_of.map(format_date).unwrap_or_default(),
            provinces: p.provinces.clone(),
            new_period,
        }
    }

    /// `current` with what this form says, or why the form cannot be read.
    pub fn to_settings(
        &self,
        current: &ProgramSettings,
        questionnaires: &Registry,
    ) -> Result<ProgramSettings, Text> {
        let bad_date = || {
            Text::new(
                "Ngày phải viết dạng dd/mm/yyyy",
                "Write dates as dd/mm/yyyy",
            )
        };
        let (Some(start), Some(end)) = (parse_date(&self.start), parse_date(&self.end)) else {
            return Err(bad_date());
        };
        let (Some(target), Some(months)) = (
            parse_count(&self.target),
            parse_count(&self.follow_up_months),
        ) else {
            return Err(Text::new(
                "Mục tiêu và số tháng phải là số nguyên",
                "The target and the months must be whole numbers",
            ));
        };
        if questionnaires.latest(&self.questionnaire).is_none() {
            return Err(Text::new(
                "Bộ câu hỏi này chưa được cài",
                "That questionnaire is not installed",
            ));
        }
        let places_as_of = match self.places_as_of.trim() {
            "" => None,
            typed => Some(parse_date(typed).ok_or_else(bad_date)?),
        };
        if self.new_period && (self.name_vi.trim().is_empty() || self.name_en.trim().is_empty()) {
            return Err(Text::new(
                "Hãy đặt tên cho giai đoạn mới (tiếng Việt và tiếng Anh)",
                "Name the new period (in Vietnamese and English)",
            ));
        }
        Ok(ProgramSettings {
            name: Text::new(self.name_vi.trim(), self.name_en.trim()),
            region: Text::new(self.region_vi.trim(), self.region_en.trim()),
            target,
            start,
            end,
            partners: self
                .partners
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            follow_up_after_months: months,
            default_questionnaire: self.questionnaire.trim().to_owned(),
            places_as_of,
            provinces: {
                let mut provinces = self.provinces.clone();
                provinces.sort();
                provinces.dedup();
                provinces
            },
            ..current.clone()
        })
    }
}
