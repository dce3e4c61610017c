//! The setup form of a new data folder as typed ([`SetupDraft`]), and read
//! into the program it sets up.
//!
//! Policy: dates are typed `dd/mm/yyyy`, counts the way people type them; the
//! first field that does not read is said, in both languages.

use crate::program::setup::ProgramSetup;
use crate::text::{Text, format_date, parse_count, parse_date};

/// The setup form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupDraft {
    /// The person's own name (history, key card).
    pub person: String,
    pub name_vi: String,
    pub name_en: String,
    /// Codes of the provinces of 2025 ticked.
    pub provinces: Vec<String>,
    pub start: String,
    pub end: String,
    pub target: String,
    /// One partner per line.
    pub partners: String,
    pub purpose_vi: String,
    pub purpose_en: String,
}

impl SetupDraft {
    /// The form for `setup`, signed by `person`.
    pub fn from_setup(setup: &ProgramSetup, person: &str) -> SetupDraft {
        SetupDraft {
            person: person.to_owned(),
            name_vi: setup.name.vi.clone(),
            name_en: setup.name.en.clone(),
            provinces: setup.provinces.clone(),
            start: format_date(setup.start),
            end: format_date(setup.end),
            target: if setup.target == 0 {
                String::new()
            } else {
                setup.target.to_string()
            },
            partners: setup.partners.join("\n"),
            purpose_vi: setup.consent_purpose.vi.clone(),
            purpose_en: setup.consent_purpose.en.clone(),
        }
    }

    /// The setup the form says, or what to fix first.
    pub fn to_setup(&self) -> Result<ProgramSetup, Text> {
        let bad_date = || {
            Text::new(
                "Ngày bắt đầu và kết thúc phải viết dạng dd/mm/yyyy",
                "Write the start and end dates as dd/mm/yyyy",
            )
        };
        let (Some(start), Some(end)) = (parse_date(&self.start), parse_date(&self.end)) else {
            return Err(bad_date());
        };
        let target = match self.target.trim() {
            "" => 0,
            typed => parse_count(typed).ok_or_else(|| {
                Text::new(
                    "Mục tiêu phải là một số nguyên (số doanh nghiệp)",
                    "The target must be a whole number (of enterprises)",
                )
            })?,
        };
        Ok(ProgramSetup {
            name: Text::new(
                crate::text::nfc_line(&self.name_vi),
                crate::text::nfc_line(&self.name_en),
            ),
            provinces: self.provinces.clone(),
            start,
            end,
            target,
            partners: self
                .partners
                .lines()
                .map(crate::text::nfc_line)
                .filter(|p| !p.is_empty())
                .collect(),
            consent_purpose: Text::new(
                crate::text::nfc_line(&self.purpose_vi),
                crate::text::nfc_line(&self.purpose_en),
            ),
        })
    }
}
