//! What a self-assessment file may carry: one enterprise's own answers, as its
//! form (the offline page, or the app in self-assessment mode) writes them.
//!
//! Key functions: [`form_shaped`] (the record reduced to what a form sends) and
//! [`unfit_for_a_self_assessment`] (why a file is more than that).
//!
//! Policy: no seal proves who wrote a self-assessment (an owner fills it in at
//! home and e-mails it), so its kind alone must never open the door a transfer
//! opens. A self-assessment holds one enterprise: its profile, its contacts with
//! the consent they came with, and assessments in self-assessment mode. No
//! support activities, no history (so no removals and no earlier erasures), no
//! conflicts, no merged ids, no partner, consultant or program notes, no
//! consultant-led assessment. Anything more is refused whole, sealed or not.
//! Pure: no I/O here.
//!
//! ```
//! use sohoa_core::enterprise::Enterprise;
//! use sohoa_core::exchange::self_assessment::{form_shaped, unfit_for_a_self_assessment};
//! let mut e = Enterprise::new("HTX Dừa Xiêm", jiff::Timestamp::UNIX_EPOCH);
//! e.partner = Some("VNPT".into());
//! let reason = unfit_for_a_self_assessment(std::slice::from_ref(&e)).unwrap();
//! assert!(reason.contains("a partner"), "{reason}");
//! assert_eq!(form_shaped(&e).partner, None);
//! ```

use crate::enterprise::{Enterprise, Mode};

/// `record` as a self-assessment sends it: what the form asks, nothing the
/// program keeps about the enterprise.
pub fn form_shaped(record: &Enterprise) -> Enterprise {
    let mut shaped = record.clone();
    shaped.activities.clear();
    shaped.history.clear();
    shaped.conflicts.clear();
    shaped.aliases.clear();
    shaped.partner = None;
    shaped.consultant = None;
    shaped.notes.clear();
    shaped.archived = false;
    shaped
        .assessments
        .retain(|a| a.mode == Mode::SelfAssessment);
    if !shaped.may_share_contacts() {
        shaped = shaped.without_contacts();
    }
    shaped
}

/// Why `enterprises` is not what a self-assessment form writes; `None` when it is.
pub fn unfit_for_a_self_assessment(enterprises: &[Enterprise]) -> Option<String> {
    let [e] = enterprises else {
        return Some(format!(
            "a self-assessment holds one enterprise, this file holds {}",
            enterprises.len()
        ));
    };
    let carries = |what: &str| {
        Some(format!(
            "the self-assessment of “{}” carries {what}, which an enterprise's own form never sends",
            e.name
        ))
    };
    if !e.activities.is_empty() {
        return carries("support activities");
    }
    if !e.history.is_empty() {
        return carries("a history of changes");
    }
    if !e.conflicts.is_empty() {
        return carries("conflicts");
    }
    if !e.aliases.is_empty() {
        return carries("ids of merged records");
    }
    if e.partner.is_some() || e.consultant.is_some() {
        return carries("a partner or consultant");
    }
    if !e.notes.is_empty() {
        return carries("the program's notes");
    }
    if e.archived {
        return carries("an archived mark");
    }
    if e.assessments.iter().any(|a| a.mode != Mode::SelfAssessment) {
        return carries("an assessment led by a consultant");
    }
    if e.has_contacts() && !e.may_share_contacts() {
        return carries("contacts without the consent to hold them");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise::{ActivityKind, Assessment, Stage, SupportActivity};
    use crate::questionnaire::Registry;

    fn form_record() -> Enterprise {
        let registry = Registry::builtin().unwrap();
        let q = registry.latest("dbi-2021-sme").unwrap();
        let mut e = Enterprise::new("Công ty TNHH Dừa Xanh", jiff::Timestamp::UNIX_EPOCH);
        e.assessments.push(Assessment::new(
            q,
            Stage::Baseline,
            Mode::SelfAssessment,
            "",
            jiff::Timestamp::UNIX_EPOCH,
        ));
        e
    }

    #[test]
    fn a_form_s_record_is_fit_and_each_addition_is_refused_with_its_name() {
        assert_eq!(unfit_for_a_self_assessment(&[form_record()]), None);
        type Change = Box<dyn Fn(&mut Enterprise)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "support activities",
                Box::new(|e| {
                    e.activities.push(SupportActivity {
                        id: ulid::Ulid::nil(),
                        date: jiff::civil::date(2023, 5, 2),
                        kind: ActivityKind::Training,
                        partner: None,
                        platform: None,
                        note: String::new(),
                        modified: None,
                    })
                }),
            ),
            (
                "a partner",
                Box::new(|e| e.partner = Some("Viettel".into())),
            ),
            (
                "led by a consultant",
                Box::new(|e| e.assessments[0].mode = Mode::ConsultantLed),
            ),
            (
                "without the consent",
                Box::new(|e| e.contact.phone = "0909 000 111".into()),
            ),
            (
                "ids of merged records",
                Box::new(|e| e.aliases.push(ulid::Ulid::nil())),
            ),
        ];
        for (said, change) in cases {
            let mut e = form_record();
            change(&mut e);
            let reason = unfit_for_a_self_assessment(&[e]).unwrap();
            assert!(reason.contains(said), "{said}: {reason}");
            assert_eq!(
                unfit_for_a_self_assessment(&[form_shaped(&form_record())]),
                None
            );
        }
        let two = unfit_for_a_self_assessment(&[form_record(), form_record()]).unwrap();
        assert!(two.contains("holds 2"), "{two}");
    }

    #[test]
    fn a_record_shaped_as_a_form_keeps_its_profile_and_own_assessments_only() {
        let mut e = form_record();
        e.address = "Ấp 3, xã Châu Thành".into();
        e.partner = Some("FPT".into());
        e.notes = "ghi chú nội bộ".into();
        e.contact.phone = "0909 000 111".into();
        let shaped = form_shaped(&e);
        assert_eq!(shaped.address, "Ấp 3, xã Châu Thành");
        assert_eq!(shaped.partner, None);
        assert_eq!(shaped.notes, "");
        assert_eq!(shaped.contact.phone, "", "no consent, no contacts");
        assert_eq!(shaped.assessments.len(), 1);
        assert_eq!(unfit_for_a_self_assessment(&[shaped]), None);
    }
}
