//! Reference data the profile is checked against: VSIC sections and the SME size
//! thresholds, read from data files shipped in `assets/reference/`.
//!
//! Key types: [`Reference`], [`VsicSection`], [`SizeGroup`], [`SizeTier`].
//!
//! Policy: the files are embedded in the program and parsed once; tests prove they
//! parse, so reading them cannot fail at run time.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{Lang, Text};

const VSIC_2018: &str = include_str!("../../../../assets/reference/vsic-2018.ron");
const SME_SIZE_2021: &str = include_str!("../../../../assets/reference/sme-size-2021.ron");

/// One VSIC classification version with its level-1 sections.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vsic {
    pub version: String,
    pub source: Text,
    pub sections: Vec<VsicSection>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VsicSection {
    pub code: String,
    pub name: Text,
}

/// The size thresholds of Decree 80/2021.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRules {
    pub source: Text,
    pub groups: Vec<SizeGroup>,
}

/// A sector group with its own thresholds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeGroup {
    pub id: String,
    pub name: Text,
    pub vsic_sections: Vec<String>,
    /// From the smallest class up.
    pub tiers: Vec<SizeTier>,
}

/// Staff within `max_staff` AND (revenue within `max_revenue` OR capital within
/// `max_capital`); amounts in billion VND.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeTier {
    pub class: SizeClass,
    pub max_staff: u32,
    pub max_revenue: f64,
    pub max_capital: f64,
}

/// All reference data.
#[derive(Debug)]
pub struct Reference {
    pub vsic: Vsic,
    pub sizes: SizeRules,
}

impl Reference {
    fn parse() -> Result<Reference, ron::error::SpannedError> {
        Ok(Reference {
            vsic: crate::ron_options().from_str(VSIC_2018)?,
            sizes: crate::ron_options().from_str(SME_SIZE_2021)?,
        })
    }

    /// The shipped reference data.
    // Embedded in the binary at build time, not user data; a test parses it.
    #[allow(clippy::expect_used)]
    pub fn get() -> &'static Reference {
        static REFERENCE: OnceLock<Reference> = OnceLock::new();
        REFERENCE.get_or_init(|| {
            Reference::parse().expect("the embedded reference files parse (checked by tests)")
        })
    }

    /// The VSIC section with this code (case-insensitive).
    pub fn section(&self, code: &str) -> Option<&VsicSection> {
        let code = code.trim();
        self.vsic
            .sections
            .iter()
            .find(|s| s.code.eq_ignore_ascii_case(code))
    }

    /// The size group a VSIC section belongs to.
    pub fn size_group(&self, section: &str) -> Option<&SizeGroup> {
        self.sizes.groups.iter().find(|g| {
            g.vsic_sections
                .iter()
                .any(|s| s.eq_ignore_ascii_case(section))
        })
    }
}

/// The size classes of Decree 80/2021, plus large.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SizeClass {
    Micro,
    Small,
    Medium,
    Large,
}

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [
        SizeClass::Micro,
        SizeClass::Small,
        SizeClass::Medium,
        SizeClass::Large,
    ];

    pub fn name(self) -> Text {
        match self {
            SizeClass::Micro => Text::new("Siêu nhỏ", "Micro"),
            SizeClass::Small => Text::new("Nhỏ", "Small"),
            SizeClass::Medium => Text::new("Vừa", "Medium"),
            SizeClass::Large => Text::new("Lớn", "Large"),
        }
    }

    /// A stable key for machine-readable output.
    pub fn key(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        self.name().get(lang).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_files_parse_with_twenty_one_sections_and_two_size_groups() {
        let reference = Reference::parse().unwrap();
        assert_eq!(reference.vsic.sections.len(), 21);
        assert_eq!(reference.vsic.sections[0].code, "A");
        assert_eq!(reference.vsic.sections[20].code, "U");
        assert_eq!(reference.sizes.groups.len(), 2);
    }

    #[test]
    fn every_section_belongs_to_exactly_one_size_group() {
        let reference = Reference::get();
        for section in &reference.vsic.sections {
            let groups = reference
                .sizes
                .groups
                .iter()
                .filter(|g| g.vsic_sections.contains(&section.code))
                .count();
            assert_eq!(groups, 1, "section {}", section.code);
        }
        assert_eq!(
            reference.size_group("c").unwrap().id,
            "agriculture_industry_construction"
        );
        assert_eq!(reference.size_group("G").unwrap().id, "trade_services");
    }
}
