//! Program presets: the settings a program office sends to its consultants in
//! one file (`.sohoa-program`), with the office's keys, so that every laptop
//! counts the same program and seals its bundles to the office.
//!
//! Key functions: [`ProgramSettings::to_preset`], [`ProgramSettings::adopt`],
//! [`read_preset`].
//!
//! Policy: a preset carries what the office decides (name, target, dates,
//! partners, places, questionnaire, consent purpose, office keys, revoked keys,
//! "sealed bundles only") and never what one installation decided for itself
//! (the senders it confirmed, its backup policy). It is plain text and not
//! signed (a consultant has no office key yet to check it with): whoever applies
//! it is shown the office keys' fingerprints to compare by telephone. No I/O
//! except [`read_preset`].
//!
//! ```
//! use sohoa_core::program::ProgramSettings;
//! let office = ProgramSettings::preset().unwrap();
//! let text = office.to_preset().unwrap();
//! let preset = sohoa_core::program::preset::parse_preset(&text).unwrap();
//! assert_eq!(ProgramSettings::preset().unwrap().adopt(&preset).target, office.target);
//! ```

use std::path::Path;

use super::{ProgramSettings, SettingsError};

/// The extension of a program preset file.
pub const PRESET_EXTENSION: &str = "sohoa-program";

/// Largest preset read (a province's places fit in far less).
const MAX_PRESET_BYTES: u64 = 8 * 1024 * 1024;

impl ProgramSettings {
    /// The text of a preset of these settings for consultants.
    pub fn to_preset(&self) -> Result<String, ron::Error> {
        let mut preset = self.clone();
        preset.keys.known.clear();
        ron::ser::to_string_pretty(&preset, crate::pretty_ron())
    }

    /// These settings with what the office decided in `preset`; this
    /// installation's confirmed senders and backup policy stay.
    pub fn adopt(&self, preset: &ProgramSettings) -> ProgramSettings {
        let mut adopted = preset.clone();
        adopted.keys.known = self.keys.known.clone();
        adopted.backups = self.backups;
        adopted
    }
}

/// Reads preset text: the settings, normalised and checked.
pub fn parse_preset(text: &str) -> Result<ProgramSettings, SettingsError> {
    let mut settings: ProgramSettings = crate::ron_options().from_str(text).map_err(|e| {
        SettingsError(format!(
            "line {}, column {}: {} (is it a Sohoa program file?)",
            e.span.start.line, e.span.start.col, e.code
        ))
    })?;
    settings.normalize();
    let errors = settings.validate();
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    Ok(settings)
}

/// Reads a preset file.
pub fn read_preset(path: &Path) -> Result<ProgramSettings, SettingsError> {
    let bytes = crate::bounded_read::read_regular_file(path, MAX_PRESET_BYTES)
        .map_err(|e| SettingsError(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| SettingsError(format!("{}: not UTF-8 text", path.display())))?;
    parse_preset(&text).map_err(|e| SettingsError(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;

    #[test]
    fn a_preset_carries_the_office_keys_but_not_the_senders_the_office_confirmed() {
        let office = KeyPair::generate().unwrap();
        let lan = KeyPair::generate().unwrap();
        let mut settings = ProgramSettings::preset().unwrap();
        settings.keys.add_office(office.card("Văn phòng"));
        settings
            .keys
            .confirm(lan.card("Lan"), jiff::civil::date(2026, 1, 5), "");
        settings.keys.sealed_only = true;
        let preset = parse_preset(&settings.to_preset().unwrap()).unwrap();
        assert_eq!(preset.keys.office, vec![office.card("Văn phòng")]);
        assert!(preset.keys.known.is_empty());
        assert!(preset.keys.sealed_only);
    }

    #[test]
    fn adopting_a_preset_keeps_this_installations_confirmed_senders_and_backups() {
        let lan = KeyPair::generate().unwrap();
        let mut mine = ProgramSettings::preset().unwrap();
        mine.keys
            .confirm(lan.card("Lan"), jiff::civil::date(2026, 1, 5), "");
        mine.backups.daily = 30;
        let mut office = ProgramSettings::preset().unwrap();
        office.target = 1500;
        let adopted = mine.adopt(&office);
        assert_eq!(adopted.target, 1500);
        assert_eq!(adopted.backups.daily, 30);
        assert_eq!(adopted.keys.known.len(), 1);
    }

    #[test]
    fn a_file_that_is_not_a_preset_is_refused_with_where_it_breaks() {
        let err = parse_preset("(schema: 1, name: 3)")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("line 1, column"), "{err}");
    }
}
