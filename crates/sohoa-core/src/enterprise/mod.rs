//! The enterprise profile, its assessments and its support activities.
//!
//! Key types: [`Enterprise`], [`Assessment`], [`Stage`], [`SupportActivity`],
//! [`field::FieldProblem`]; submodules [`tax_code`], [`size`], [`reference`].
//!
//! Policy: every text is NFC-normalised when it enters ([`Enterprise::normalize`]);
//! the size class is derived from the stored figures, never stored; an assessment
//! records the questionnaire id and version it was made with, so it scores the same
//! after a newer questionnaire is installed. No I/O here.
//!
//! ```
//! use sohoa_core::enterprise::Enterprise;
//! let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", jiff::Timestamp::UNIX_EPOCH);
//! e.tax_code = Some("1300123452".into());
//! assert!(e.validate().is_empty());
//! ```

pub mod field;
pub mod history;
pub mod holds;
pub mod merge;
pub mod merged_away;
pub mod names;
pub mod personal;
pub mod reference;
pub mod size;
pub mod tax_code;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::questionnaire::{Answers, Questionnaire};
use crate::text::{Lang, Text, nfc};
use field::{FieldProblem, ProfileField};
pub use history::{Change, ChangeKind, FieldConflict};
pub use personal::Consent;
pub use size::{SizeClass, SizeFigures};

/// The enterprise-file schema this version of Sohoa reads and writes.
pub const ENTERPRISE_SCHEMA: u32 = 1;

/// One enterprise with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    pub id: Ulid,
    pub name: String,
    /// Normal form (see [`tax_code::parse`]).
    #[serde(default)]
    pub tax_code: Option<String>,
    #[serde(default)]
    pub legal_form: Option<LegalForm>,
    #[serde(default)]
    pub sector: Option<Sector>,
    #[serde(default)]
    pub size: SizeFigures,
    /// The address as typed.
    #[serde(default)]
    pub address: String,
    /// Optional link to an administrative unit of the program's list, by id.
    #[serde(default)]
    pub admin_unit: Option<String>,
    #[serde(default)]
    pub contact: Contact,
    /// The partner that accompanies the enterprise (VNPT, Viettel, FPT…).
    #[serde(default)]
    pub partner: Option<String>,
    /// The consultant assigned to it.
    #[serde(default)]
    pub consultant: Option<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub archived: bool,
    /// Whether the contacts agreed to their personal data being held (Law
    /// 91/2025/QH15); none recorded yet when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    #[serde(default)]
    pub activities: Vec<SupportActivity>,
    /// What happened to the record, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Change>,
    /// Profile fields that two copies changed differently, waiting for a person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
    /// Ids of records merged into this one (so a bundle naming one still finds it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Ulid>,
}

/// Legal forms under the Law on Enterprises, plus cooperatives and household businesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LegalForm {
    LimitedOneMember,
    LimitedMultiMember,
    JointStock,
    Partnership,
    PrivateEnterprise,
    Cooperative,
    HouseholdBusiness,
    Other,
}

impl LegalForm {
    pub const ALL: [LegalForm; 8] = [
        LegalForm::LimitedOneMember,
        LegalForm::LimitedMultiMember,
        LegalForm::JointStock,
        LegalForm::Partnership,
        LegalForm::PrivateEnterprise,
        LegalForm::Cooperative,
        LegalForm::HouseholdBusiness,
        LegalForm::Other,
    ];

    pub fn name(self) -> Text {
        match self {
            LegalForm::LimitedOneMember => Text::new(
                "Công ty TNHH một thành viên",
                "Single-member limited liability company",
            ),
            LegalForm::LimitedMultiMember => Text::new(
                "Công ty TNHH hai thành viên trở lên",
                "Multi-member limited liability company",
            ),
            LegalForm::JointStock => Text::new("Công ty cổ phần", "Joint-stock company"),
            LegalForm::Partnership => Text::new("Công ty hợp danh", "Partnership"),
            LegalForm::PrivateEnterprise => Text::new("Doanh nghiệp tư nhân", "Private enterprise"),
            LegalForm::Cooperative => Text::new("Hợp tác xã", "Cooperative"),
            LegalForm::HouseholdBusiness => Text::new("Hộ kinh doanh", "Household business"),
            LegalForm::Other => Text::new("Khác", "Other"),
        }
    }

    /// Parses a stable key such as `joint_stock` (as used on the command line).
    pub fn from_key(key: &str) -> Option<LegalForm> {
        LegalForm::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    pub fn key(self) -> &'static str {
        match self {
            LegalForm::LimitedOneMember => "llc_one",
            LegalForm::LimitedMultiMember => "llc_multi",
            LegalForm::JointStock => "joint_stock",
            LegalForm::Partnership => "partnership",
            LegalForm::PrivateEnterprise => "private",
            LegalForm::Cooperative => "cooperative",
            LegalForm::HouseholdBusiness => "household",
            LegalForm::Other => "other",
        }
    }
}

/// A VSIC section code and the VSIC version it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    pub section: String,
    pub vsic_version: String,
}

/// Who to talk to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Contact {
    pub person: String,
    pub phone: String,
    pub email: String,
}

/// Baseline (T0) or the n-th follow-up (T1, T2…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    Baseline,
    FollowUp(u8),
}

impl Stage {
    /// `T0`, `T1`, …
    pub fn code(self) -> String {
        match self {
            Stage::Baseline => "T0".into(),
            Stage::FollowUp(n) => format!("T{n}"),
        }
    }

    pub fn name(self) -> Text {
        match self {
            Stage::Baseline => Text::new("Đánh giá đầu kỳ (T0)", "Baseline (T0)"),
            Stage::FollowUp(n) => Text::new(
                format!("Đánh giá lại lần {n} (T{n})"),
                format!("Follow-up {n} (T{n})"),
            ),
        }
    }
}

/// Who filled the questionnaire in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Mode {
    #[default]
    ConsultantLed,
    SelfAssessment,
}

/// One run through a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub id: Ulid,
    pub questionnaire: String,
    pub questionnaire_version: String,
    pub stage: Stage,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub assessor: String,
    pub started: Timestamp,
    /// Set when the assessment is completed; a completed assessment is frozen.
    #[serde(default)]
    pub completed: Option<Timestamp>,
    #[serde(default)]
    pub answers: Answers,
    /// Question id → the consultant's note.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    /// The last time an answer or note changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
}

impl Assessment {
    /// A new, empty draft of `questionnaire` started at `now`.
    pub fn new(
        questionnaire: &Questionnaire,
        stage: Stage,
        mode: Mode,
        assessor: &str,
        now: Timestamp,
    ) -> Assessment {
        Assessment {
            id: Ulid::from_parts(now.as_millisecond().max(0) as u64, fastrand::u128(..)),
            questionnaire: questionnaire.id.clone(),
            questionnaire_version: questionnaire.version.clone(),
            stage,
            mode,
            assessor: nfc(assessor.trim()),
            started: now,
            completed: None,
            answers: Answers::new(),
            notes: BTreeMap::new(),
            modified: None,
        }
    }

    pub fn is_completed(&self) -> bool {
        self.completed.is_some()
    }
}

/// Something a partner or the program did to help the enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportActivity {
    pub id: Ulid,
    pub date: Date,
    pub kind: ActivityKind,
    #[serde(default)]
    pub partner: Option<String>,
    /// The platform or product adopted, if any.
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub note: String,
    /// When it was last recorded or edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
}

impl SupportActivity {
    /// Whether two records say the same thing (whenever they were saved).
    pub fn same_content(&self, other: &SupportActivity) -> bool {
        (
            self.id,
            self.date,
            self.kind,
            &self.partner,
            &self.platform,
            &self.note,
        ) == (
            other.id,
            other.date,
            other.kind,
            &other.partner,
            &other.platform,
            &other.note,
        )
    }
}

/// Kinds of support activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityKind {
    Training,
    Consulting,
    PlatformAdoption,
    EInvoiceSetup,
    DigitalSignature,
    Ecommerce,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 7] = [
        ActivityKind::Training,
        ActivityKind::Consulting,
        ActivityKind::PlatformAdoption,
        ActivityKind::EInvoiceSetup,
        ActivityKind::DigitalSignature,
        ActivityKind::Ecommerce,
        ActivityKind::Other,
    ];

    pub fn name(self) -> Text {
        match self {
            ActivityKind::Training => Text::new("Đào tạo", "Training"),
            ActivityKind::Consulting => Text::new("Tư vấn", "Consulting"),
            ActivityKind::PlatformAdoption => {
                Text::new("Triển khai nền tảng số", "Platform adoption")
            }
            ActivityKind::EInvoiceSetup => {
                Text::new("Triển khai hóa đơn điện tử", "E-invoice setup")
            }
            ActivityKind::DigitalSignature => Text::new("Chữ ký số", "Digital signature"),
            ActivityKind::Ecommerce => {
                Text::new("Đưa lên sàn thương mại điện tử", "E-commerce onboarding")
            }
            ActivityKind::Other => Text::new("Khác", "Other"),
        }
    }
}

impl Enterprise {
    /// A new enterprise with a fresh id, created and modified at `now`.
    pub fn new(name: &str, now: Timestamp) -> Enterprise {
        Enterprise {
            id: Ulid::from_parts(now.as_millisecond().max(0) as u64, fastrand::u128(..)),
            name: nfc(name.trim()),
            tax_code: None,
            legal_form: None,
            sector: None,
            size: SizeFigures::default(),
            address: String::new(),
            admin_unit: None,
            contact: Contact::default(),
            partner: None,
            consultant: None,
            notes: String::new(),
            archived: false,
            consent: None,
            created: now,
            modified: now,
            assessments: Vec::new(),
            activities: Vec::new(),
            history: Vec::new(),
            conflicts: Vec::new(),
            aliases: Vec::new(),
        }
    }

    /// Puts assessments (by start), activities (by date) and the history (by time) in
    /// their one canonical order, so two copies with the same contents compare equal.
    pub fn canonical_order(&mut self) {
        if !self.history.is_sorted() {
            self.history.sort();
        }
        self.assessments
            .sort_by(|a, b| a.started.cmp(&b.started).then(a.id.cmp(&b.id)));
        self.activities
            .sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    }

    /// Normalises every text field to NFC (run on everything read or typed) and puts
    /// the records in [canonical order](Enterprise::canonical_order).
    pub fn normalize(&mut self) {
        self.canonical_order();
        let n = |s: &mut String| *s = nfc(s);
        let line = |s: &mut String| *s = crate::text::nfc_line(s);
        line(&mut self.name);
        self.tax_code.iter_mut().for_each(line);
        line(&mut self.address);
        self.admin_unit.iter_mut().for_each(line);
        line(&mut self.contact.person);
        line(&mut self.contact.phone);
        line(&mut self.contact.email);
        self.partner.iter_mut().for_each(line);
        self.consultant.iter_mut().for_each(line);
        n(&mut self.notes);
        if let Some(consent) = &mut self.consent {
            line(&mut consent.recorded_by);
            line(&mut consent.purpose);
        }
        for assessment in &mut self.assessments {
            line(&mut assessment.assessor);
            assessment.notes.values_mut().for_each(n);
            for answer in assessment.answers.values_mut() {
                if let crate::questionnaire::Answer::Text(text) = answer {
                    *text = nfc(text).into();
                }
            }
        }
        for activity in &mut self.activities {
            activity.partner.iter_mut().for_each(line);
            activity.platform.iter_mut().for_each(line);
            n(&mut activity.note);
        }
    }

    /// Gives back the spare room of its lists: a folder holds many records, and
    /// a list read from a file keeps room for more than it holds.
    pub fn shrink_to_fit(&mut self) {
        self.assessments.shrink_to_fit();
        self.activities.shrink_to_fit();
        self.history.shrink_to_fit();
        self.conflicts.shrink_to_fit();
        self.aliases.shrink_to_fit();
    }

    /// Every field that fails its check; empty when the profile is valid. The
    /// rules are the form's ([`ProfileField::check_typed`]), applied to what is
    /// stored, and a stored tax code must also be in its normal form.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut check = |outcome: Result<(), FieldProblem>| problems.extend(outcome.err());
        check(ProfileField::Name.check_typed(&self.name));
        if let Some(code) = &self.tax_code {
            check(ProfileField::TaxCode.check_typed(code));
            if let Ok(parsed) = tax_code::parse(code)
                && parsed.as_str() != code
            {
                check(Err(FieldProblem {
                    field: ProfileField::TaxCode,
                    text: Text::new(
                        format!("“{code}” chưa viết theo dạng chuẩn “{parsed}”"),
                        format!("“{code}” is not in normal form “{parsed}”"),
                    ),
                }));
            }
        }
        // A sector coded under another VSIC edition is kept as it was recorded.
        if let Some(sector) = &self.sector
            && sector.vsic_version == reference::Reference::get().vsic.version
        {
            check(ProfileField::Sector.check_typed(&sector.section));
        }
        for (field, value) in [
            (ProfileField::Revenue, self.size.revenue_billion),
            (ProfileField::Capital, self.size.capital_billion),
        ] {
            if let Some(v) = value {
                check(field.check_amount(v));
            }
        }
        check(ProfileField::Email.check_typed(&self.contact.email));
        problems
    }

    /// The derived size class (Decree 80/2021).
    pub fn size_class(&self) -> Option<SizeClass> {
        size::derive_size_class(self.sector.as_ref().map(|s| s.section.as_str()), &self.size)
    }

    /// Completed assessments, oldest first.
    pub fn completed_assessments(&self) -> impl Iterator<Item = &Assessment> {
        let mut done: Vec<&Assessment> = self
            .assessments
            .iter()
            .filter(|a| a.is_completed())
            .collect();
        done.sort_by_key(|a| (a.completed, a.stage));
        done.into_iter()
    }

    /// The most recently completed assessment.
    pub fn latest_completed(&self) -> Option<&Assessment> {
        self.completed_assessments().last()
    }

    /// The completed baseline assessment, if any.
    pub fn baseline(&self) -> Option<&Assessment> {
        self.completed_assessments()
            .find(|a| a.stage == Stage::Baseline)
    }

    /// The assessment `a`'s results are compared with: the completed baseline,
    /// when `a` is a follow-up of the same questionnaire.
    pub fn baseline_for(&self, a: &Assessment) -> Option<&Assessment> {
        (a.stage != Stage::Baseline)
            .then(|| self.baseline())
            .flatten()
            .filter(|b| b.questionnaire == a.questionnaire)
    }

    /// The stage of an assessment recorded without one: the baseline until one
    /// is completed, then the next follow-up.
    pub fn default_stage(&self) -> Stage {
        if self
            .assessments
            .iter()
            .any(|a| a.stage == Stage::Baseline && a.is_completed())
        {
            self.next_follow_up()
        } else {
            Stage::Baseline
        }
    }

    /// A stage as a person or a table writes it, for this enterprise: `T0`,
    /// `T2`, `baseline`, `follow-up` (its next), or in Vietnamese "đầu kỳ",
    /// "tái đánh giá"; marks and case aside.
    pub fn stage_named(&self, text: &str) -> Option<Stage> {
        match crate::places::key(text).as_str() {
            "baseline" | "t0" | "dau ky" | "ban dau" | "lan dau" | "lan 1" => Some(Stage::Baseline),
            "follow up" | "followup" | "tai danh gia" | "cuoi ky" | "lan sau" => {
                Some(self.next_follow_up())
            }
            other => match other.strip_prefix('t')?.trim().parse::<u8>().ok()? {
                0 => Some(Stage::Baseline),
                n => Some(Stage::FollowUp(n)),
            },
        }
    }

    /// The stage of the next follow-up assessment: T1 after the baseline, then
    /// one after the last follow-up recorded.
    pub fn next_follow_up(&self) -> Stage {
        let last = self
            .assessments
            .iter()
            .filter_map(|a| match a.stage {
                Stage::FollowUp(n) => Some(n),
                Stage::Baseline => None,
            })
            .max()
            .unwrap_or(0);
        Stage::FollowUp(last.saturating_add(1))
    }

    /// The sector's name in `lang`, or the bare code if unknown.
    pub fn sector_label(&self, lang: Lang) -> Option<String> {
        let sector = self.sector.as_ref()?;
        Some(match reference::Reference::get().section(&sector.section) {
            Some(s) => format!("{} – {}", s.code, s.name.get(lang)),
            None => sector.section.clone(),
        })
    }
}

/// What is stored in one enterprise file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseFile {
    pub schema: u32,
    pub enterprise: Enterprise,
}

/// Whether `text` is an e-mail address by the HTML standard's rule for
/// `<input type=email>`: a local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, one `@`, and a domain of dot-separated labels of
/// letters, digits and hyphens (1 to 63 characters, no hyphen at either end).
pub fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Enterprise {
        let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", Timestamp::UNIX_EPOCH);
        e.tax_code = Some("0100109106".into());
        e
    }

    #[test]
    fn a_sample_profile_is_valid() {
        assert_eq!(sample().validate(), vec![]);
    }

    #[test]
    fn every_broken_field_is_reported_with_its_name() {
        let mut e = sample();
        e.name = "  ".into();
        e.tax_code = Some("0100109107".into());
        e.contact.email = "an@ example".into();
        assert!(!is_email_address("a@b@@"));
        assert!(!is_email_address("an@ example"));
        assert!(!is_email_address("@duabentre.vn"));
        assert!(!is_email_address("lan@-dua.vn"));
        assert!(!is_email_address("lan@dua..vn"));
        assert!(is_email_address("lan.nguyen+ct@duabentre.vn"));
        assert!(is_email_address("lienhe@example.vn"));
        e.size.revenue_billion = Some(-1.0);
        e.sector = Some(Sector {
            section: "Z".into(),
            vsic_version: "2018".into(),
        });
        let fields: Vec<&str> = e.validate().iter().map(|p| p.field.key()).collect();
        assert_eq!(fields, ["name", "tax_code", "sector", "revenue", "email"]);
    }

    #[test]
    fn one_line_fields_keep_one_line_and_no_bidi_override_while_notes_keep_their_lines() {
        let mut e = sample();
        e.name = "Công ty\nDừa Xanh\u{202e}".into();
        e.contact.phone = "0275\t3822\u{202d}111".into();
        e.notes = "gặp chủ\ngọi lại\u{202e}".into();
        e.normalize();
        assert_eq!(e.name, "Công ty Dừa Xanh");
        assert_eq!(e.contact.phone, "0275 3822111");
        assert_eq!(e.notes, "gặp chủ\ngọi lại");
    }

    #[test]
    fn decomposed_names_are_composed() {
        let mut e = sample();
        e.name = "Co\u{302}ng ty Be\u{302}\u{301}n Tre".into();
        e.normalize();
        assert_eq!(e.name, "Công ty Bến Tre");
    }

    #[test]
    fn an_enterprise_survives_a_ron_round_trip() {
        let mut e = sample();
        e.activities.push(SupportActivity {
            id: Ulid::from_parts(1, 2),
            date: jiff::civil::date(2024, 3, 15),
            kind: ActivityKind::EInvoiceSetup,
            partner: Some("VNPT".into()),
            platform: None,
            note: "Hóa đơn điện tử".into(),
            modified: None,
        });
        let file = EnterpriseFile {
            schema: ENTERPRISE_SCHEMA,
            enterprise: e.clone(),
        };
        let text = ron::ser::to_string_pretty(&file, crate::pretty_ron()).unwrap();
        let back: EnterpriseFile = crate::ron_options().from_str(&text).unwrap();
        assert_eq!(back.enterprise, e);
    }
}
