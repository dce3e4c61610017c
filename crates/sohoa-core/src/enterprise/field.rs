//! The profile fields one by one, so that history, merging and conflicts can talk
//! about "the phone number" without knowing the struct.
//!
//! Key type: [`ProfileField`]. Each field's value is carried as its canonical RON
//! text (`"Công ty A"`, `Some(JointStock)`, `Some(12)`): comparable, storable in a
//! history entry, and turned back into the typed value when a person picks it.
//!
//! Each field's rule lives here once ([`ProfileField::check_typed`] for what a
//! person types in the form or gives on the command line, [`ProfileField::check_amount`]
//! for a stored figure), and every refusal is a [`FieldProblem`] naming its field,
//! in both languages: the form, the command line and validation all use them.
//!
//! Policy: pure, no I/O; reading a value never fails; writing one back fails only
//! on text that is not that field's RON, with the reason.
//!
//! ```
//! use sohoa_core::enterprise::{Enterprise, field::ProfileField};
//! let mut e = Enterprise::new("HTX Bưởi", jiff::Timestamp::UNIX_EPOCH);
//! ProfileField::Phone.set(&mut e, "\"0275 3822 123\"").unwrap();
//! assert_eq!(e.contact.phone, "0275 3822 123");
//! assert_eq!(ProfileField::Phone.get(&e), "\"0275 3822 123\"");
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Enterprise, LegalForm, Sector, tax_code};
use crate::text::{Lang, Text, format_number};

/// A value refused for a field, with why, in both languages. Shown as
/// `tax_code: …` (the field's key, then the English reason) in logs and on the
/// command line; the form shows [`FieldProblem::text`] in the person's language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {}", field.key(), text.en)]
pub struct FieldProblem {
    pub field: ProfileField,
    pub text: Text,
}

/// One field of the enterprise profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProfileField {
    Name,
    TaxCode,
    LegalForm,
    Sector,
    Staff,
    Revenue,
    Capital,
    SizeYear,
    Address,
    AdminUnit,
    ContactPerson,
    Phone,
    Email,
    Partner,
    Consultant,
    Notes,
    Archived,
    /// Consent to hold the contacts' personal data ([`super::Consent`]).
    Consent,
}

fn to_ron<T: Serialize>(value: &T) -> String {
    // Plain values (strings, numbers, options and unit enums) always encode.
    ron::to_string(value).unwrap_or_default()
}

/// A decimal figure with the decimal mark of `lang` (`12,5` in Vietnamese), no
/// thousands grouping: as it is shown and typed in the form.
pub fn decimal(v: f64, lang: Lang) -> String {
    lang.pick(format_number(v).replace('.', ","), format_number(v))
}

fn from_ron<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    ron::from_str(text).map_err(|e| e.to_string())
}

impl ProfileField {
    pub const ALL: [ProfileField; 18] = [
        ProfileField::Name,
        ProfileField::TaxCode,
        ProfileField::LegalForm,
        ProfileField::Sector,
        ProfileField::Staff,
        ProfileField::Revenue,
        ProfileField::Capital,
        ProfileField::SizeYear,
        ProfileField::Address,
        ProfileField::AdminUnit,
        ProfileField::ContactPerson,
        ProfileField::Phone,
        ProfileField::Email,
        ProfileField::Partner,
        ProfileField::Consultant,
        ProfileField::Notes,
        ProfileField::Archived,
        ProfileField::Consent,
    ];

    /// The fields that hold a person's data (Law 91/2025/QH15): left out of
    /// exports without consent, erased by [`Enterprise::forget_personal_data`].
    pub const PERSONAL: [ProfileField; 3] = [
        ProfileField::ContactPerson,
        ProfileField::Phone,
        ProfileField::Email,
    ];

    pub fn is_personal(self) -> bool {
        ProfileField::PERSONAL.contains(&self)
    }

    /// The stable key stored in history and conflict records.
    pub fn key(self) -> &'static str {
        match self {
            ProfileField::Name => "name",
            ProfileField::TaxCode => "tax_code",
            ProfileField::LegalForm => "legal_form",
            ProfileField::Sector => "sector",
            ProfileField::Staff => "staff",
            ProfileField::Revenue => "revenue",
            ProfileField::Capital => "capital",
            ProfileField::SizeYear => "size_year",
            ProfileField::Address => "address",
            ProfileField::AdminUnit => "admin_unit",
            ProfileField::ContactPerson => "contact_person",
            ProfileField::Phone => "phone",
            ProfileField::Email => "email",
            ProfileField::Partner => "partner",
            ProfileField::Consultant => "consultant",
            ProfileField::Notes => "notes",
            ProfileField::Archived => "archived",
            ProfileField::Consent => "consent",
        }
    }

    pub fn from_key(key: &str) -> Option<ProfileField> {
        ProfileField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn label(self) -> Text {
        let (vi, en) = match self {
            ProfileField::Name => ("Tên doanh nghiệp", "Name"),
            ProfileField::TaxCode => ("Mã số thuế", "Tax code"),
            ProfileField::LegalForm => ("Loại hình", "Legal form"),
            ProfileField::Sector => ("Ngành (VSIC)", "Sector (VSIC)"),
            ProfileField::Staff => ("Số lao động", "Staff"),
            ProfileField::Revenue => ("Doanh thu (tỷ đồng)", "Revenue (billion VND)"),
            ProfileField::Capital => ("Tổng nguồn vốn (tỷ đồng)", "Capital (billion VND)"),
            ProfileField::SizeYear => ("Năm số liệu", "Figures for year"),
            ProfileField::Address => ("Địa chỉ", "Address"),
            ProfileField::AdminUnit => ("Địa bàn", "Place"),
            ProfileField::ContactPerson => ("Người liên hệ", "Contact person"),
            ProfileField::Phone => ("Điện thoại", "Phone"),
            ProfileField::Email => ("Thư điện tử", "E-mail"),
            ProfileField::Partner => ("Đối tác", "Partner"),
            ProfileField::Consultant => ("Tư vấn viên", "Consultant"),
            ProfileField::Notes => ("Ghi chú", "Notes"),
            ProfileField::Archived => ("Lưu trữ", "Archived"),
            ProfileField::Consent => ("Đồng ý dữ liệu cá nhân", "Personal-data consent"),
        };
        Text::new(vi, en)
    }

    /// The field's value in `e`, as canonical RON text.
    pub fn get(self, e: &Enterprise) -> String {
        match self {
            ProfileField::Name => to_ron(&e.name),
            ProfileField::TaxCode => to_ron(&e.tax_code),
            ProfileField::LegalForm => to_ron(&e.legal_form),
            ProfileField::Sector => {
                to_ron(&e.sector.as_ref().map(|s| (&s.section, &s.vsic_version)))
            }
            ProfileField::Staff => to_ron(&e.size.staff),
            ProfileField::Revenue => to_ron(&e.size.revenue_billion),
            ProfileField::Capital => to_ron(&e.size.capital_billion),
            ProfileField::SizeYear => to_ron(&e.size.year),
            ProfileField::Address => to_ron(&e.address),
            ProfileField::AdminUnit => to_ron(&e.admin_unit),
            ProfileField::ContactPerson => to_ron(&e.contact.person),
            ProfileField::Phone => to_ron(&e.contact.phone),
            ProfileField::Email => to_ron(&e.contact.email),
            ProfileField::Partner => to_ron(&e.partner),
            ProfileField::Consultant => to_ron(&e.consultant),
            ProfileField::Notes => to_ron(&e.notes),
            ProfileField::Archived => to_ron(&e.archived),
            ProfileField::Consent => to_ron(&e.consent),
        }
    }

    /// Checks a value as a person types it in the form or gives it on the
    /// command line. Empty passes, except for the name; figures are read the
    /// Vietnamese way (`12,5`, `1.200`) and must not be negative.
    pub fn check_typed(self, typed: &str) -> Result<(), FieldProblem> {
        let typed = typed.trim();
        let refuse = |vi: String, en: String| {
            Err(FieldProblem {
                field: self,
                text: Text::new(vi, en),
            })
        };
        if typed.is_empty() {
            return match self {
                ProfileField::Name => refuse(
                    "Cần nhập tên doanh nghiệp".into(),
                    "a name is required".into(),
                ),
                _ => Ok(()),
            };
        }
        match self {
            ProfileField::TaxCode => match tax_code::parse(typed) {
                Ok(_) => Ok(()),
                Err(e) => refuse(tax_code_in_vietnamese(&e), e.to_string()),
            },
            ProfileField::Sector => {
                let reference = super::reference::Reference::get();
                match reference.section(typed) {
                    Some(_) => Ok(()),
                    None => refuse(
                        format!(
                            "“{typed}” không phải một ngành cấp 1 của VSIC {} (A–U)",
                            reference.vsic.version
                        ),
                        format!(
                            "not a VSIC {} section (A–U): `{typed}`",
                            reference.vsic.version
                        ),
                    ),
                }
            }
            ProfileField::Staff => match typed.parse::<u32>() {
                Ok(_) => Ok(()),
                Err(_) => refuse(
                    "Số lao động phải là số nguyên".into(),
                    "must be a whole number".into(),
                ),
            },
            // A figure that does not read fails as an amount would.
            ProfileField::Revenue | ProfileField::Capital => {
                self.check_amount(crate::text::parse_decimal(typed, Lang::Vi).unwrap_or(f64::NAN))
            }
            ProfileField::SizeYear => match typed.parse::<i16>() {
                Ok(year) if (1900..=2100).contains(&year) => Ok(()),
                _ => refuse(
                    "Năm phải là số từ 1900 đến 2100, ví dụ 2024".into(),
                    "must be a year from 1900 to 2100, e.g. 2024".into(),
                ),
            },
            ProfileField::Email if !super::is_email_address(typed) => refuse(
                format!("“{typed}” không phải địa chỉ thư điện tử"),
                format!("“{typed}” is not an e-mail address"),
            ),
            _ => Ok(()),
        }
    }

    /// Checks a figure in billion VND (revenue, capital): a number, 0 or more.
    pub fn check_amount(self, v: f64) -> Result<(), FieldProblem> {
        if v.is_finite() && v >= 0.0 {
            return Ok(());
        }
        let (vi, en) = match self {
            ProfileField::Capital => (
                "Nguồn vốn phải là số không âm (tỷ đồng)",
                "must be a number, 0 or more (billion VND)",
            ),
            _ => (
                "Doanh thu phải là số không âm (tỷ đồng)",
                "must be a number, 0 or more (billion VND)",
            ),
        };
        Err(FieldProblem {
            field: self,
            text: Text::new(vi, en),
        })
    }

    /// The value every profile starts with.
    pub fn initial(self) -> String {
        self.get(&Enterprise::new("", jiff::Timestamp::UNIX_EPOCH))
    }

    /// Sets the field in `e` from canonical RON text (as returned by [`ProfileField::get`]).
    pub fn set(self, e: &mut Enterprise, value: &str) -> Result<(), String> {
        match self {
            ProfileField::Name => e.name = from_ron(value)?,
            ProfileField::TaxCode => e.tax_code = from_ron(value)?,
            ProfileField::LegalForm => e.legal_form = from_ron::<Option<LegalForm>>(value)?,
            ProfileField::Sector => {
                let pair: Option<(String, String)> = from_ron(value)?;
                e.sector = pair.map(|(section, vsic_version)| Sector {
                    section,
                    vsic_version,
                });
            }
            ProfileField::Staff => e.size.staff = from_ron(value)?,
            ProfileField::Revenue => e.size.revenue_billion = from_ron(value)?,
            ProfileField::Capital => e.size.capital_billion = from_ron(value)?,
            ProfileField::SizeYear => e.size.year = from_ron(value)?,
            ProfileField::Address => e.address = from_ron(value)?,
            ProfileField::AdminUnit => e.admin_unit = from_ron(value)?,
            ProfileField::ContactPerson => e.contact.person = from_ron(value)?,
            ProfileField::Phone => e.contact.phone = from_ron(value)?,
            ProfileField::Email => e.contact.email = from_ron(value)?,
            ProfileField::Partner => e.partner = from_ron(value)?,
            ProfileField::Consultant => e.consultant = from_ron(value)?,
            ProfileField::Notes => e.notes = from_ron(value)?,
            ProfileField::Archived => e.archived = from_ron(value)?,
            ProfileField::Consent => e.consent = from_ron(value)?,
        }
        Ok(())
    }

    /// The value as a person reads it (`—` for nothing).
    pub fn display(self, value: &str, lang: Lang) -> String {
        let mut probe = Enterprise::new("", jiff::Timestamp::UNIX_EPOCH);
        if self.set(&mut probe, value).is_err() {
            return value.to_owned();
        }
        let none = || "—".to_owned();
        let shown = match self {
            ProfileField::Name => probe.name,
            ProfileField::TaxCode => probe.tax_code.unwrap_or_default(),
            ProfileField::LegalForm => probe
                .legal_form
                .map(|f| f.name().get(lang).to_owned())
                .unwrap_or_default(),
            ProfileField::Sector => probe.sector_label(lang).unwrap_or_default(),
            ProfileField::Staff => probe.size.staff.map(|n| n.to_string()).unwrap_or_default(),
            ProfileField::Revenue => probe
                .size
                .revenue_billion
                .map(|v| decimal(v, lang))
                .unwrap_or_default(),
            ProfileField::Capital => probe
                .size
                .capital_billion
                .map(|v| decimal(v, lang))
                .unwrap_or_default(),
            ProfileField::SizeYear => probe.size.year.map(|y| y.to_string()).unwrap_or_default(),
            ProfileField::Address => probe.address,
            ProfileField::AdminUnit => probe.admin_unit.unwrap_or_default(),
            ProfileField::ContactPerson => probe.contact.person,
            ProfileField::Phone => probe.contact.phone,
            ProfileField::Email => probe.contact.email,
            ProfileField::Partner => probe.partner.unwrap_or_default(),
            ProfileField::Consultant => probe.consultant.unwrap_or_default(),
            ProfileField::Notes => probe.notes,
            ProfileField::Archived => match probe.archived {
                true => lang.pick("có", "yes").to_owned(),
                false => lang.pick("không", "no").to_owned(),
            },
            ProfileField::Consent => probe
                .consent
                .map(|c| c.describe().get(lang).to_owned())
                .unwrap_or_default(),
        };
        if shown.trim().is_empty() {
            none()
        } else {
            shown
        }
    }
}

/// A tax code's fault as a Vietnamese reader is told it.
fn tax_code_in_vietnamese(e: &tax_code::TaxCodeError) -> String {
    match e {
        tax_code::TaxCodeError::CheckDigit { expected, found } => {
            format!("Chữ số kiểm tra là {found}, đúng ra phải là {expected}")
        }
        tax_code::TaxCodeError::WrongLength(n) => format!(
            "Mã số thuế có 10 chữ số (13 với chi nhánh, 12 với số định danh cá nhân), không phải {n}"
        ),
        tax_code::TaxCodeError::BadCharacter(c) => {
            format!("Ký tự “{c}” không dùng trong mã số thuế")
        }
        tax_code::TaxCodeError::BranchZero => "Số chi nhánh phải từ 001 đến 999".into(),
        tax_code::TaxCodeError::NoCheckDigit => {
            "Không có mã số thuế hợp lệ nào bắt đầu bằng 9 chữ số này".into()
        }
        tax_code::TaxCodeError::Empty => "Mã số thuế trống".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_round_trips_through_its_text() {
        let mut e = Enterprise::new("Công ty Cổ phần Dừa Bến Tre", jiff::Timestamp::UNIX_EPOCH);
        e.tax_code = Some("1300123452".into());
        e.legal_form = Some(LegalForm::JointStock);
        e.sector = Some(Sector {
            section: "C".into(),
            vsic_version: "2018".into(),
        });
        e.size.staff = Some(48);
        e.size.revenue_billion = Some(12.5);
        e.size.capital_billion = Some(0.3);
        e.size.year = Some(2024);
        e.address = "Ấp 3, xã Hữu Định".into();
        e.admin_unit = Some("chau-thanh".into());
        e.contact.person = "Nguyễn Thị Lan".into();
        e.contact.phone = "0275 3822 123".into();
        e.contact.email = "lan@duabentre.vn".into();
        e.partner = Some("VNPT".into());
        e.consultant = Some("Trần Văn Minh".into());
        e.notes = "Dòng 1\nDòng \"2\"".into();
        e.archived = true;
        let mut copy = Enterprise::new("", jiff::Timestamp::UNIX_EPOCH);
        for field in ProfileField::ALL {
            field.set(&mut copy, &field.get(&e)).unwrap();
            assert_eq!(field.get(&copy), field.get(&e), "{}", field.key());
        }
        copy.id = e.id;
        assert_eq!(copy, e);
    }

    #[test]
    fn values_read_as_a_person_would_write_them() {
        let f = ProfileField::LegalForm;
        assert_eq!(f.display("Some(JointStock)", Lang::Vi), "Công ty cổ phần");
        assert_eq!(f.display("None", Lang::En), "—");
        assert_eq!(
            ProfileField::Revenue.display("Some(12.5)", Lang::Vi),
            "12,5"
        );
        assert_eq!(ProfileField::Archived.display("true", Lang::En), "yes");
    }

    #[test]
    fn each_rule_refuses_what_a_person_could_mistype_and_passes_empty_fields() {
        let refused = |field: ProfileField, typed: &str| field.check_typed(typed).err();
        assert_eq!(
            refused(ProfileField::Name, " ").map(|p| p.to_string()),
            Some("name: a name is required".into())
        );
        assert_eq!(
            refused(ProfileField::TaxCode, "0100109107").map(|p| p.text.vi),
            Some("Chữ số kiểm tra là 7, đúng ra phải là 6".into())
        );
        assert!(refused(ProfileField::TaxCode, "0100109106").is_none());
        assert!(refused(ProfileField::Staff, "12,5").is_some());
        assert!(refused(ProfileField::Revenue, "12,5").is_none());
        assert!(refused(ProfileField::Revenue, "-1").is_some());
        assert!(refused(ProfileField::Capital, "nhiều").is_some());
        assert!(refused(ProfileField::SizeYear, "1850").is_some());
        assert!(refused(ProfileField::Sector, "c").is_none());
        assert!(refused(ProfileField::Sector, "Z").is_some());
        assert!(refused(ProfileField::Email, "lan@").is_some());
        for field in ProfileField::ALL {
            if field != ProfileField::Name {
                assert!(refused(field, "").is_none(), "{}", field.key());
            }
        }
    }

    #[test]
    fn keys_are_unique_and_parse_back() {
        for field in ProfileField::ALL {
            assert_eq!(ProfileField::from_key(field.key()), Some(field));
        }
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_refused_and_changes_nothing() {
        let mut e = Enterprise::new("A", jiff::Timestamp::UNIX_EPOCH);
        assert!(ProfileField::Staff.set(&mut e, "\"many\"").is_err());
        assert_eq!(e.size.staff, None);
    }
}
