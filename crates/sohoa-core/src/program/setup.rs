//! Setting up the program of a new data folder: what a program office knows
//! (its name, province(s), period, target, partners, the purpose stated for
//! personal data), or one of the presets, or the office's program file.
//!
//! Key types: [`ProgramSetup`], [`Preset`]; [`ProgramSettings::not_set_up`] is
//! what a folder shows before it is set up.
//!
//! Policy: nothing is assumed about the program: a new folder has none until a
//! person sets one up (the window asks, `sohoa program new` takes every choice
//! as an option). A name left empty is made from the provinces and the years.
//! Pure; no I/O.
//!
//! ```
//! use sohoa_core::program::setup::{Preset, ProgramSetup};
//! let mut setup = ProgramSetup::from_preset(Preset::VinhLong2026);
//! setup.target = 1500;
//! let program = setup.build().unwrap();
//! assert_eq!(program.provinces, ["86"]);
//! assert_eq!(program.name.vi, "Chương trình hỗ trợ chuyển đổi số doanh nghiệp tỉnh Vĩnh Long 2026–2030");
//! ```

use jiff::civil::{Date, date};

use super::{BackupPolicy, ProgramSettings, SettingsError, SupportedRule};
use crate::keys::KeySettings;
use crate::places::{Gazetteer, short_name};
use crate::text::Text;

/// Why a setup cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetupError {
    #[error("choose the province(s) of the program, or the whole country")]
    NoProvince,
    #[error("type the program's target: how many enterprises it aims to support")]
    NoTarget,
    /// The settings it makes break a rule (an unknown province code, an end
    /// before the start).
    #[error(transparent)]
    Invalid(#[from] SettingsError),
}

/// The programs Sohoa can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Vĩnh Long 2026–2030: the province's 124 communes and wards; the office
    /// types its target.
    VinhLong2026,
    /// Bến Tre 2021–2025, ended: kept for its history (its nine former districts
    /// and the 48 communes that cover them since 01/07/2025).
    BenTre2021,
}

impl Preset {
    pub const ALL: [Preset; 2] = [Preset::VinhLong2026, Preset::BenTre2021];

    /// The name used on the command line (`--preset vinh-long-2026-2030`).
    pub fn id(self) -> &'static str {
        match self {
            Preset::VinhLong2026 => "vinh-long-2026-2030",
            Preset::BenTre2021 => "ben-tre-2021-2025",
        }
    }

    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.id() == id.trim())
    }

    /// The preset as a person picks it.
    pub fn title(self) -> Text {
        match self {
            Preset::VinhLong2026 => Text::new(
                "Tỉnh Vĩnh Long 2026–2030 (124 xã, phường)",
                "Vĩnh Long province 2026–2030 (124 communes and wards)",
            ),
            Preset::BenTre2021 => Text::new(
                "Tỉnh Bến Tre 2021–2025 (đã kết thúc, để tra cứu)",
                "Bến Tre province 2021–2025 (ended, for its history)",
            ),
        }
    }
}

/// What a program office decides when it sets up its program.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramSetup {
    /// Empty: made from the provinces and the years.
    pub name: Text,
    /// Codes of provinces of 2025 (all 34: the whole country).
    pub provinces: Vec<String>,
    pub start: Date,
    pub end: Date,
    /// How many enterprises the program aims to support (0: not decided yet).
    pub target: u32,
    pub partners: Vec<String>,
    /// Empty: [`ProgramSettings::DEFAULT_CONSENT_PURPOSE`].
    pub consent_purpose: Text,
}

/// The partners the former programs worked with, offered to start from.
pub const USUAL_PARTNERS: [&str; 3] = ["VNPT", "Viettel", "FPT"];

impl ProgramSetup {
    /// A setup to fill in: no province, five years from the start of `year`.
    pub fn blank(year: i16) -> ProgramSetup {
        ProgramSetup {
            name: Text::new("", ""),
            provinces: Vec::new(),
            start: date(year, 1, 1),
            end: date(year.saturating_add(4), 12, 31),
            target: 0,
            partners: USUAL_PARTNERS.iter().map(|p| (*p).to_owned()).collect(),
            consent_purpose: Text::new("", ""),
        }
    }

    /// The setup a preset starts from (the Bến Tre preset is whole settings:
    /// see [`Preset::settings`]).
    pub fn from_preset(preset: Preset) -> ProgramSetup {
        match preset {
            Preset::VinhLong2026 => ProgramSetup {
                provinces: vec!["86".to_owned()],
                ..ProgramSetup::blank(2026)
            },
            Preset::BenTre2021 => ProgramSetup {
                provinces: Vec::new(),
                target: 1000,
                ..ProgramSetup::blank(2021)
            },
        }
    }

    /// The program's name as it will be saved.
    pub fn name_or_default(&self) -> Text {
        let (vi, en) = default_name(&self.provinces, self.start, self.end);
        let pick = |typed: &str, made: String| {
            if typed.trim().is_empty() {
                made
            } else {
                typed.trim().to_owned()
            }
        };
        Text::new(pick(&self.name.vi, vi), pick(&self.name.en, en))
    }

    /// The settings, or the first rule the setup breaks.
    pub fn build(&self) -> Result<ProgramSettings, SetupError> {
        if self.provinces.is_empty() {
            return Err(SetupError::NoProvince);
        }
        if self.target == 0 {
            return Err(SetupError::NoTarget);
        }
        let mut provinces = self.provinces.clone();
        provinces.sort();
        provinces.dedup();
        let region = region(&provinces);
        let mut settings = self.assemble(self.name_or_default(), region, provinces);
        settings.normalize();
        match settings.validate().into_iter().next() {
            Some(error) => Err(SetupError::Invalid(error)),
            None => Ok(settings),
        }
    }
}

impl ProgramSetup {
    /// The settings this setup makes under `name` and `region`, before any
    /// rule is checked.
    fn assemble(&self, name: Text, region: Text, provinces: Vec<String>) -> ProgramSettings {
        let consent_purpose = (!self.consent_purpose.vi.trim().is_empty()
            || !self.consent_purpose.en.trim().is_empty())
        .then(|| self.consent_purpose.clone());
        ProgramSettings {
            schema: super::PROGRAM_SCHEMA,
            name,
            region,
            target: self.target,
            start: self.start,
            end: self.end,
            partners: self
                .partners
                .iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
            provinces,
            admin_units: Vec::new(),
            notes: Vec::new(),
            period_notes: Vec::new(),
            supported_rule: SupportedRule {
                completed_baseline: true,
                min_activities: 1,
            },
            default_questionnaire: "dbi-2021-sme".to_owned(),
            follow_up_after_months: 12,
            backups: BackupPolicy::default(),
            past_periods: Vec::new(),
            places_as_of: None,
            keys: KeySettings::default(),
            consent_purpose,
            demo: false,
        }
    }
}

impl Preset {
    /// The whole settings of a preset, with `target` for a preset whose office
    /// types it.
    pub fn settings(self, target: u32) -> Result<ProgramSettings, SetupError> {
        match self {
            Preset::BenTre2021 => ProgramSettings::preset()
                .map_err(|e| SettingsError(format!("the Bến Tre preset: {e}")).into()),
            Preset::VinhLong2026 => ProgramSetup {
                target,
                ..ProgramSetup::from_preset(self)
            }
            .build(),
        }
    }
}

/// The program's name made from its provinces and years.
pub fn default_name(provinces: &[String], start: Date, end: Date) -> (String, String) {
    let years = if start.year() == end.year() {
        start.year().to_string()
    } else {
        format!("{}–{}", start.year(), end.year())
    };
    if provinces.is_empty() {
        // Nothing chosen yet: no place in the name ("0 provinces" says nothing).
        return (
            format!("Chương trình hỗ trợ chuyển đổi số doanh nghiệp {years}"),
            format!("Enterprise digital-transformation support program, {years}"),
        );
    }
    let (where_vi, where_en) = place_words(provinces);
    (
        format!("Chương trình hỗ trợ chuyển đổi số doanh nghiệp {where_vi} {years}"),
        format!("Enterprise digital-transformation support program, {where_en}, {years}"),
    )
}

/// "tỉnh Vĩnh Long" / "Vĩnh Long province", "cả nước" / "the whole country",
/// "3 tỉnh, thành phố" / "3 provinces".
fn place_words(provinces: &[String]) -> (String, String) {
    let places = Gazetteer::get();
    if !provinces.is_empty() && provinces.len() == places.provinces.len() {
        return ("cả nước".into(), "the whole country".into());
    }
    match provinces {
        [one] => match places.province(one) {
            Some(p) => {
                let short = short_name(p.name);
                let city = p.name.starts_with("Thành phố ");
                (
                    format!("{} {short}", if city { "thành phố" } else { "tỉnh" }),
                    format!("{short} {}", if city { "city" } else { "province" }),
                )
            }
            None => (one.clone(), one.clone()),
        },
        several => (
            format!("{} tỉnh, thành phố", several.len()),
            format!("{} provinces", several.len()),
        ),
    }
}

/// The provinces of a program as a line: "Vĩnh Long (124 xã, phường)", "cả nước…".
pub fn provinces_line(provinces: &[String], lang: crate::text::Lang) -> String {
    let places = Gazetteer::get();
    if provinces.len() == places.provinces.len() {
        return lang
            .pick(
                "cả nước: 34 tỉnh, thành phố, 3.321 xã, phường, đặc khu",
                "the whole country: 34 provinces and cities, 3,321 communes",
            )
            .to_owned();
    }
    let names: Vec<String> = provinces
        .iter()
        .filter_map(|code| places.province(code))
        .map(|p| {
            let communes = places.communes_of(p.code).count();
            format!(
                "{} ({communes} {})",
                short_name(p.name),
                lang.pick("xã, phường", "communes")
            )
        })
        .collect();
    names.join(", ")
}

/// The region a program covers, as its settings state it.
fn region(provinces: &[String]) -> Text {
    let places = Gazetteer::get();
    if provinces.len() == places.provinces.len() {
        return Text::new("Cả nước", "The whole country");
    }
    let names: Vec<&str> = provinces
        .iter()
        .filter_map(|code| places.province(code))
        .map(|p| p.name)
        .collect();
    let short: Vec<&str> = names.iter().map(|n| short_name(n)).collect();
    Text::new(names.join(", "), short.join(", "))
}

impl ProgramSettings {
    /// What a data folder shows before its program is set up: no name, no
    /// place, nothing ended. It is never saved.
    pub fn not_set_up(today: Date) -> ProgramSettings {
        let setup = ProgramSetup {
            target: 1,
            partners: Vec::new(),
            ..ProgramSetup::blank(today.year())
        };
        setup.assemble(
            Text::new("Chương trình chưa được thiết lập", "Program not set up yet"),
            Text::new("", ""),
            Vec::new(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_of_one_province_is_named_after_it_and_its_years() {
        let mut setup = ProgramSetup::blank(2026);
        setup.provinces = vec!["79".into()];
        setup.target = 2000;
        let program = setup.build().unwrap();
        assert_eq!(
            program.name.vi,
            "Chương trình hỗ trợ chuyển đổi số doanh nghiệp thành phố Hồ Chí Minh 2026–2030"
        );
        assert_eq!(
            program.name.en,
            "Enterprise digital-transformation support program, Hồ Chí Minh city, 2026–2030"
        );
        assert_eq!(program.region.vi, "Thành phố Hồ Chí Minh");
        assert_eq!(program.partners, ["VNPT", "Viettel", "FPT"]);
        assert!(program.admin_units.is_empty());
    }

    #[test]
    fn before_a_province_is_chosen_the_name_offered_names_no_place() {
        let setup = ProgramSetup::blank(2026);
        assert_eq!(
            setup.name_or_default().vi,
            "Chương trình hỗ trợ chuyển đổi số doanh nghiệp 2026–2030"
        );
    }

    #[test]
    fn the_whole_country_is_said_so_and_a_typed_name_is_kept() {
        let mut setup = ProgramSetup::blank(2027);
        setup.provinces = Gazetteer::get()
            .provinces
            .iter()
            .map(|p| p.code.to_owned())
            .collect();
        setup.target = 10_000;
        setup.name = Text::new("Chương trình quốc gia", "");
        let program = setup.build().unwrap();
        assert_eq!(program.region.vi, "Cả nước");
        assert_eq!(program.name.vi, "Chương trình quốc gia");
        assert_eq!(
            program.name.en,
            "Enterprise digital-transformation support program, the whole country, 2027–2031"
        );
        assert!(program.spans_provinces());
    }

    #[test]
    fn a_setup_without_a_province_or_a_target_is_refused_with_what_to_do() {
        let mut setup = ProgramSetup::blank(2026);
        setup.target = 100;
        assert_eq!(setup.build().unwrap_err(), SetupError::NoProvince);
        setup.provinces = vec!["86".into()];
        setup.target = 0;
        assert_eq!(setup.build().unwrap_err(), SetupError::NoTarget);
        setup.provinces = vec!["99".into()];
        setup.target = 100;
        assert!(setup.build().unwrap_err().to_string().contains("`99`"));
    }

    #[test]
    fn the_vinh_long_preset_runs_from_2026_to_2030_and_the_ben_tre_preset_has_ended() {
        let vinh_long = Preset::VinhLong2026.settings(1200).unwrap();
        assert_eq!(
            (vinh_long.start, vinh_long.end),
            (date(2026, 1, 1), date(2030, 12, 31))
        );
        assert_eq!(vinh_long.target, 1200);
        let choices = vinh_long.place_choices(date(2026, 6, 1));
        assert_eq!(choices.len(), 124);
        let ben_tre = Preset::BenTre2021.settings(0).unwrap();
        assert_eq!(ben_tre.end, date(2025, 12, 31));
        assert_eq!(
            Preset::from_id("ben-tre-2021-2025"),
            Some(Preset::BenTre2021)
        );
    }
}
