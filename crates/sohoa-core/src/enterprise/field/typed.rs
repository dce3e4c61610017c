//! A profile field as people write and read it: the text the form holds, the
//! command line takes and a spreadsheet's cell carries ([`ProfileField::typed`],
//! read back by [`ProfileField::read`]), and the text a reader is shown in a
//! table, a PDF or the history ([`ProfileField::shown`]).
//!
//! Each field's rule is written here once: the form, `sohoa enterprise add|edit`
//! and the table import all read through [`ProfileField::read`], and validation
//! applies the same rules to what is stored ([`ProfileField::check_typed`]).
//! A place and a partner are read against the program's lists, which this layer
//! does not know: the program hands them in as [`FieldLists`].
//!
//! Policy: pure, never panics; a refusal is a [`FieldProblem`] in both languages;
//! what is read is NFC and trimmed; an empty text is the field's empty value.
//!
//! ```
//! use sohoa_core::enterprise::field::{AsWritten, ProfileField};
//! let read = |field: ProfileField, typed: &str| field.read(typed, &mut AsWritten);
//! assert_eq!(read(ProfileField::Revenue, "1.200,5"), Ok("Some(1200.5)".to_owned()));
//! assert_eq!(read(ProfileField::Staff, "1.200"), Ok("Some(1200)".to_owned()));
//! assert!(read(ProfileField::Staff, "12,5").is_err());
//! assert_eq!(read(ProfileField::Phone, " "), Ok("\"\"".to_owned()));
//! ```

use super::{FieldProblem, ProfileField, decimal, to_ron};
use crate::enterprise::reference::Reference;
use crate::enterprise::{Enterprise, LegalForm, is_email_address, tax_code};
use crate::text::{Lang, Text, fold, nfc, parse_count, parse_decimal};

/// The program's lists a typed place or partner is read against.
pub trait FieldLists {
    /// The id of the one place `typed` names (an id, a name, or an address
    /// written the old way or the new), or why there is not one.
    fn place(&mut self, typed: &str) -> Result<String, Text>;
    /// The partner of the program's list that `typed` names.
    fn partner(&mut self, typed: &str) -> Result<String, Text>;
}

/// A place's name from the id a record carries (the program's
/// `ProgramSettings::unit_name`); [`as_written`] keeps the id.
pub type PlaceNames<'a> = &'a dyn Fn(&str) -> String;

/// Places named by their ids, where no program is at hand.
pub fn as_written(id: &str) -> String {
    id.to_owned()
}

/// Places and partners taken as they are written: for checking what is stored
/// (the program's lists may have changed since) and where no program is at hand.
pub struct AsWritten;

impl FieldLists for AsWritten {
    fn place(&mut self, typed: &str) -> Result<String, Text> {
        Ok(typed.to_owned())
    }

    fn partner(&mut self, typed: &str) -> Result<String, Text> {
        Ok(typed.to_owned())
    }
}

/// The words that say yes in a cell or an option: `có`, `x`, `yes`, `1`…
fn is_yes(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "co" | "x" | "yes" | "y" | "true" | "1" | "da luu tru" | "archived" => Some(true),
        "khong" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

impl ProfileField {
    /// The field's value in `e` as a person types it, and as the form holds it:
    /// figures with `lang`'s decimal mark, the legal form by its name in `lang`,
    /// the sector by its letter, the place by the id its list gives. Read back
    /// by [`ProfileField::read`]. Empty for the fields nobody types (archived,
    /// consent: they have their own buttons and commands).
    pub fn typed(self, e: &Enterprise, lang: Lang) -> String {
        let some = |v: &Option<String>| v.clone().unwrap_or_default();
        match self {
            ProfileField::Name => e.name.clone(),
            ProfileField::TaxCode => some(&e.tax_code),
            ProfileField::LegalForm => e
                .legal_form
                .map(|f| f.name().get(lang).to_owned())
                .unwrap_or_default(),
            ProfileField::Sector => e
                .sector
                .as_ref()
                .map(|s| s.section.clone())
                .unwrap_or_default(),
            ProfileField::Staff => e.size.staff.map(|n| n.to_string()).unwrap_or_default(),
            ProfileField::Revenue => e
                .size
                .revenue_billion
                .map(|v| decimal(v, lang))
                .unwrap_or_default(),
            ProfileField::Capital => e
                .size
                .capital_billion
                .map(|v| decimal(v, lang))
                .unwrap_or_default(),
            ProfileField::SizeYear => e.size.year.map(|y| y.to_string()).unwrap_or_default(),
            ProfileField::Address => e.address.clone(),
            ProfileField::AdminUnit => some(&e.admin_unit),
            ProfileField::ContactPerson => e.contact.person.clone(),
            ProfileField::Phone => e.contact.phone.clone(),
            ProfileField::Email => e.contact.email.clone(),
            ProfileField::Partner => some(&e.partner),
            ProfileField::Consultant => some(&e.consultant),
            ProfileField::Notes => e.notes.clone(),
            ProfileField::Archived | ProfileField::Consent => String::new(),
        }
    }

    /// Reads what a person typed (in the form, on the command line, in a
    /// spreadsheet's cell) into the field's canonical value ([`ProfileField::set`]
    /// takes it), or says why it cannot be. Empty text is the field's empty
    /// value, except for the name, which is required.
    pub fn read(self, typed: &str, lists: &mut dyn FieldLists) -> Result<String, FieldProblem> {
        let text = nfc(typed.trim());
        let refuse = |vi: String, en: String| FieldProblem {
            field: self,
            text: Text::new(vi, en),
        };
        if text.is_empty() {
            return match self {
                ProfileField::Name => Err(refuse(
                    "Cần nhập tên doanh nghiệp".into(),
                    "a name is required".into(),
                )),
                _ => Ok(self.initial()),
            };
        }
        let value = match self {
            ProfileField::Name
            | ProfileField::Address
            | ProfileField::ContactPerson
            | ProfileField::Phone
            | ProfileField::Notes => to_ron(&text),
            ProfileField::Consultant => to_ron(&Some(text)),
            ProfileField::TaxCode => match tax_code::parse(&text) {
                Ok(code) => to_ron(&Some(code.as_str())),
                Err(e) => return Err(refuse(e.in_language(Lang::Vi), e.to_string())),
            },
            ProfileField::LegalForm => {
                let wanted = fold(&text);
                let form = LegalForm::ALL.into_iter().find(|f| {
                    f.key() == text || fold(&f.name().vi) == wanted || fold(&f.name().en) == wanted
                });
                match form {
                    Some(form) => to_ron(&Some(form)),
                    None => {
                        let names = |lang: Lang| {
                            let names: Vec<String> = LegalForm::ALL
                                .iter()
                                .map(|f| f.name().get(lang).to_owned())
                                .collect();
                            names.join("; ")
                        };
                        return Err(refuse(
                            format!(
                                "không rõ loại hình “{text}” (chọn một trong: {})",
                                names(Lang::Vi)
                            ),
                            format!("unknown legal form “{text}” (one of: {})", names(Lang::En)),
                        ));
                    }
                }
            }
            ProfileField::Sector => {
                // "C", "C - Công nghiệp chế biến, chế tạo", or the section's name.
                let reference = Reference::get();
                let letter: String = text
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let wanted = fold(&text);
                let section = (letter.chars().count() == 1)
                    .then(|| reference.section(&letter))
                    .flatten()
                    .or_else(|| {
                        reference
                            .vsic
                            .sections
                            .iter()
                            .find(|s| fold(&s.name.vi) == wanted || fold(&s.name.en) == wanted)
                    });
                match section {
                    Some(s) => to_ron(&Some((&s.code, &reference.vsic.version))),
                    None => {
                        let version = &reference.vsic.version;
                        return Err(refuse(
                            format!("“{text}” không phải một ngành cấp 1 của VSIC {version} (A–U)"),
                            format!("not a VSIC {version} section (A–U): “{text}”"),
                        ));
                    }
                }
            }
            ProfileField::Staff => match parse_count(&text) {
                Some(n) => to_ron(&Some(n)),
                None => {
                    return Err(refuse(
                        "Số lao động phải là số nguyên".into(),
                        "must be a whole number".into(),
                    ));
                }
            },
            // A figure that does not read fails as an amount would.
            ProfileField::Revenue | ProfileField::Capital => {
                let v = parse_decimal(&text, Lang::Vi).unwrap_or(f64::NAN);
                self.check_amount(v)?;
                to_ron(&Some(v))
            }
            ProfileField::SizeYear => match text.parse::<i16>() {
                Ok(year) if (1900..=2100).contains(&year) => to_ron(&Some(year)),
                _ => {
                    return Err(refuse(
                        "Năm phải là số từ 1900 đến 2100, ví dụ 2024".into(),
                        "must be a year from 1900 to 2100, e.g. 2024".into(),
                    ));
                }
            },
            ProfileField::Email if is_email_address(&text) => to_ron(&text),
            ProfileField::Email => {
                return Err(refuse(
                    format!("“{text}” không phải địa chỉ thư điện tử"),
                    format!("“{text}” is not an e-mail address"),
                ));
            }
            ProfileField::AdminUnit => match lists.place(&text) {
                Ok(id) => to_ron(&Some(id)),
                Err(why) => {
                    return Err(FieldProblem {
                        field: self,
                        text: why,
                    });
                }
            },
            ProfileField::Partner => match lists.partner(&text) {
                Ok(partner) => to_ron(&Some(partner)),
                Err(why) => {
                    return Err(FieldProblem {
                        field: self,
                        text: why,
                    });
                }
            },
            ProfileField::Archived => match is_yes(&text) {
                Some(archived) => to_ron(&archived),
                None => {
                    return Err(refuse(
                        format!("“{text}”: ghi “có” hoặc “không”"),
                        format!("“{text}”: write “yes” or “no”"),
                    ));
                }
            },
            ProfileField::Consent => {
                return Err(refuse(
                    "Sự đồng ý được ghi bằng nút “Ghi nhận đồng ý” hoặc lệnh `sohoa enterprise consent`".into(),
                    "consent is recorded with “Record consent” or `sohoa enterprise consent`".into(),
                ));
            }
        };
        Ok(value)
    }

    /// Checks a value as a person types it, places and partners as written:
    /// the rules of [`ProfileField::read`] that need no program.
    pub fn check_typed(self, typed: &str) -> Result<(), FieldProblem> {
        self.read(typed, &mut AsWritten).map(drop)
    }

    /// The field's figure, for the fields that are numbers (a spreadsheet's
    /// number cell); `None` for the others and for a figure not given.
    pub fn figure(self, e: &Enterprise) -> Option<f64> {
        match self {
            ProfileField::Staff => e.size.staff.map(f64::from),
            ProfileField::Revenue => e.size.revenue_billion,
            ProfileField::Capital => e.size.capital_billion,
            ProfileField::SizeYear => e.size.year.map(f64::from),
            _ => None,
        }
    }

    /// The field's value in `e` as a reader is shown it (a table's cell, a PDF,
    /// the history): names rather than keys, empty when there is none.
    pub fn shown(self, e: &Enterprise, lang: Lang, place_names: PlaceNames) -> String {
        match self {
            ProfileField::Sector => e.sector_label(lang).unwrap_or_default(),
            ProfileField::Revenue
            | ProfileField::Capital
            | ProfileField::Staff
            | ProfileField::SizeYear => {
                self.figure(e).map(|v| decimal(v, lang)).unwrap_or_default()
            }
            ProfileField::AdminUnit => e.admin_unit.as_deref().map(place_names).unwrap_or_default(),
            ProfileField::Archived => match e.archived {
                true => lang.pick("Có", "Yes").to_owned(),
                false => lang.pick("Không", "No").to_owned(),
            },
            ProfileField::Consent => e
                .consent
                .as_ref()
                .map(|c| c.describe().get(lang).to_owned())
                .unwrap_or_default(),
            _ => self.typed(e, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(field: ProfileField, typed: &str) -> Result<String, FieldProblem> {
        field.read(typed, &mut AsWritten)
    }

    #[test]
    fn every_typed_value_reads_back_into_the_same_record_in_both_languages() {
        let e = super::super::tests::full_record();
        for lang in [Lang::Vi, Lang::En] {
            let mut copy = Enterprise::new("", jiff::Timestamp::UNIX_EPOCH);
            for field in ProfileField::ALL.into_iter().filter(|f| f.spec().typed) {
                let value = read(field, &field.typed(&e, lang)).unwrap();
                field.set(&mut copy, &value).unwrap();
                assert_eq!(
                    field.get(&copy),
                    field.get(&e),
                    "{} in {lang:?}",
                    field.key()
                );
            }
        }
    }

    #[test]
    fn each_rule_refuses_what_a_person_could_mistype_and_passes_empty_fields() {
        assert_eq!(
            read(ProfileField::Name, " ").map_err(|p| p.to_string()),
            Err("name: a name is required".into())
        );
        assert_eq!(
            read(ProfileField::TaxCode, "0100109107").map_err(|p| p.text.vi),
            Err("Chữ số kiểm tra là 7, đúng ra phải là 6".into())
        );
        assert_eq!(
            read(ProfileField::TaxCode, "0100109106"),
            Ok("Some(\"0100109106\")".into())
        );
        assert!(read(ProfileField::Staff, "12,5").is_err());
        assert!(read(ProfileField::Staff, "1.20").is_err());
        assert_eq!(read(ProfileField::Staff, "1 200"), Ok("Some(1200)".into()));
        assert_eq!(read(ProfileField::Revenue, "12,5"), Ok("Some(12.5)".into()));
        assert!(read(ProfileField::Revenue, "-1").is_err());
        assert!(read(ProfileField::Capital, "nhiều").is_err());
        assert!(read(ProfileField::SizeYear, "1850").is_err());
        assert_eq!(
            read(ProfileField::Sector, "c"),
            Ok("Some((\"C\",\"2018\"))".into())
        );
        assert_eq!(
            read(ProfileField::Sector, "C - Công nghiệp chế biến, chế tạo"),
            Ok("Some((\"C\",\"2018\"))".into())
        );
        assert!(read(ProfileField::Sector, "Z").is_err());
        assert!(read(ProfileField::Email, "lan@").is_err());
        assert_eq!(
            read(ProfileField::LegalForm, "joint_stock"),
            Ok("Some(JointStock)".into())
        );
        assert_eq!(
            read(ProfileField::LegalForm, "CONG TY CO PHAN"),
            Ok("Some(JointStock)".into())
        );
        assert_eq!(read(ProfileField::Archived, "Có"), Ok("true".into()));
        assert!(read(ProfileField::Consent, "có").is_err());
        for field in ProfileField::ALL {
            if field != ProfileField::Name {
                assert_eq!(read(field, ""), Ok(field.initial()), "{}", field.key());
            }
        }
    }

    #[test]
    fn text_is_read_trimmed_and_composed() {
        // "Nguyễn" with its marks as separate code points (NFD).
        let decomposed = " Nguye\u{302}\u{303}n Thi\u{323} Lan ";
        assert_eq!(
            read(ProfileField::ContactPerson, decomposed),
            Ok("\"Nguyễn Thị Lan\"".into())
        );
    }

    #[test]
    fn figures_are_shown_with_the_readers_decimal_mark() {
        let e = super::super::tests::full_record();
        assert_eq!(
            ProfileField::Revenue.shown(&e, Lang::Vi, &as_written),
            "12,5"
        );
        assert_eq!(
            ProfileField::Revenue.shown(&e, Lang::En, &as_written),
            "12.5"
        );
        assert_eq!(
            ProfileField::LegalForm.shown(&e, Lang::Vi, &as_written),
            "Công ty cổ phần"
        );
        assert_eq!(
            ProfileField::Archived.shown(&e, Lang::En, &as_written),
            "Yes"
        );
        assert_eq!(ProfileField::Staff.figure(&e), Some(48.0));
        assert_eq!(ProfileField::Phone.figure(&e), None);
    }
}
