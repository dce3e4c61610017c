//! The profile fields one by one, so that history, merging and conflicts can talk
//! about "the phone number" without knowing the struct.
//!
//! Key type: [`ProfileField`]. Each field's value is carried as its canonical RON
//! text (`"Công ty A"`, `Some(JointStock)`, `Some(12)`): comparable, storable in a
//! history entry, and turned back into the typed value when a person picks it.
//!
//! This is the one table of the profile's fields: each field's names, where it
//! is typed and shown ([`ProfileField::spec`]), its value in a record
//! ([`ProfileField::get`], [`ProfileField::set`]), and, in [`typed`], its rule for
//! what a person types. The form's draft, the command line's options, the
//! columns of a spreadsheet out and in, and the PDF summary are built from
//! [`ProfileField::ALL`]: a new field is its struct member, its entry here, and
//! its place on the screen. Every refusal is a [`FieldProblem`] naming its field,
//! in both languages.
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

use super::{Enterprise, LegalForm, Sector};
use crate::text::{Lang, Text, format_number};

pub mod typed;
pub use typed::{AsWritten, FieldLists, PlaceNames, as_written};

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

/// What is fixed about a field: its names, and where it is typed and shown.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The stable key stored in history and conflict records.
    pub key: &'static str,
    /// Its name in Vietnamese and in English: the form's label, a table's header.
    pub label: (&'static str, &'static str),
    /// A person types it: in the form, on the command line, in a list's column.
    /// (Archived and consent have their own buttons and commands.)
    pub typed: bool,
    /// Its option on the command line (`tax-code` for `--tax-code`), the option's
    /// other names, and its help.
    pub option: Option<(&'static str, &'static [&'static str], &'static str)>,
    /// Other words a spreadsheet's header names it with (marks and case aside),
    /// besides its label in either language.
    pub headers: &'static [&'static str],
    /// It says who the enterprise or its people are: left out of anonymised exports.
    pub identifies: bool,
    /// Shown in the enterprise's PDF summary.
    pub on_summary: bool,
}

pub(crate) fn to_ron<T: Serialize>(value: &T) -> String {
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

    /// The field's entry in the table: names, option, headers, where it goes.
    pub fn spec(self) -> FieldSpec {
        let entry = |key, label, option, headers| FieldSpec {
            key,
            label,
            typed: true,
            option,
            headers,
            identifies: false,
            on_summary: false,
        };
        match self {
            ProfileField::Name => FieldSpec {
                identifies: true,
                ..entry(
                    "name",
                    ("Tên doanh nghiệp", "Enterprise name"),
                    Some(("name", &[], "The enterprise's name.")),
                    &[
                        "ten",
                        "ten dn",
                        "ten cong ty",
                        "ten to chuc",
                        "ten co so",
                        "doanh nghiep",
                        "enterprise",
                        "company",
                        "company name",
                        "name",
                    ],
                )
            },
            ProfileField::TaxCode => FieldSpec {
                identifies: true,
                on_summary: true,
                ..entry(
                    "tax_code",
                    ("Mã số thuế", "Tax code"),
                    Some((
                        "tax-code",
                        &[],
                        "Mã số thuế: 10 digits, 10-3 for a branch, or a 12-digit personal ID.",
                    )),
                    &[
                        "mst",
                        "ma so doanh nghiep",
                        "msdn",
                        "ma so dn",
                        "tax id",
                        "tax number",
                    ],
                )
            },
            ProfileField::LegalForm => FieldSpec {
                on_summary: true,
                ..entry(
                    "legal_form",
                    ("Loại hình", "Legal form"),
                    Some((
                        "legal-form",
                        &[],
                        "By its name or key: llc_one, llc_multi, joint_stock, partnership, private, cooperative, household, other.",
                    )),
                    &["loai hinh doanh nghiep", "loai hinh dn", "type"],
                )
            },
            ProfileField::Sector => FieldSpec {
                on_summary: true,
                ..entry(
                    "sector",
                    ("Ngành (VSIC)", "Sector (VSIC)"),
                    Some((
                        "sector",
                        &[],
                        "VSIC 2018 section, A–U, by its letter or name.",
                    )),
                    &[
                        "nganh",
                        "nganh nghe",
                        "nganh kinh te",
                        "nganh vsic",
                        "nganh nghe kinh doanh",
                        "vsic",
                        "sector",
                        "industry",
                    ],
                )
            },
            ProfileField::Staff => entry(
                "staff",
                ("Số lao động", "Staff"),
                Some(("staff", &[], "Average staff with social insurance.")),
                &[
                    "lao dong",
                    "so lao dong bhxh",
                    "so nhan vien",
                    "nhan vien",
                    "employees",
                    "headcount",
                ],
            ),
            ProfileField::Revenue => entry(
                "revenue",
                ("Doanh thu (tỷ đồng)", "Revenue (billion VND)"),
                Some(("revenue", &[], "Revenue, billion VND (12,5 or 12.5).")),
                &["doanh thu", "tong doanh thu", "revenue", "turnover"],
            ),
            ProfileField::Capital => entry(
                "capital",
                ("Tổng nguồn vốn (tỷ đồng)", "Total capital (billion VND)"),
                Some(("capital", &[], "Total capital, billion VND.")),
                &["nguon von", "von", "von dieu le", "capital"],
            ),
            ProfileField::SizeYear => entry(
                "size_year",
                ("Năm số liệu", "Figures for year"),
                Some((
                    "year",
                    &[],
                    "The year the staff/revenue/capital figures refer to.",
                )),
                &["nam", "figures year", "year"],
            ),
            ProfileField::Address => FieldSpec {
                identifies: true,
                on_summary: true,
                ..entry(
                    "address",
                    ("Địa chỉ", "Address"),
                    Some(("address", &[], "The address, as written.")),
                    &["dia chi tru so", "dia chi tru so chinh", "tru so"],
                )
            },
            ProfileField::AdminUnit => FieldSpec {
                on_summary: true,
                ..entry(
                    "admin_unit",
                    ("Địa bàn", "Place"),
                    Some((
                        "place",
                        &["district"],
                        "The commune or ward, by name (diacritics optional) or id, or an address written the old way (\"xã Vĩnh Hòa, huyện Ba Tri, tỉnh Bến Tre\").",
                    )),
                    &[
                        "xa phuong",
                        "xa",
                        "phuong",
                        "xa phuong dac khu",
                        "commune",
                        "ward",
                        "commune or ward",
                    ],
                )
            },
            ProfileField::ContactPerson => FieldSpec {
                identifies: true,
                ..entry(
                    "contact_person",
                    ("Người liên hệ", "Contact person"),
                    Some(("contact", &[], "The contact person's name.")),
                    &[
                        "nguoi dai dien",
                        "dai dien",
                        "lien he",
                        "contact",
                        "representative",
                    ],
                )
            },
            ProfileField::Phone => FieldSpec {
                identifies: true,
                ..entry(
                    "phone",
                    ("Điện thoại", "Phone"),
                    Some(("phone", &[], "The contact's phone number.")),
                    &[
                        "so dien thoai",
                        "sdt",
                        "dt",
                        "so dt",
                        "dien thoai lien he",
                        "telephone",
                        "tel",
                        "mobile",
                    ],
                )
            },
            ProfileField::Email => FieldSpec {
                identifies: true,
                ..entry(
                    "email",
                    ("Thư điện tử", "E-mail"),
                    Some(("email", &[], "The contact's e-mail address.")),
                    &["email", "dia chi email", "mail"],
                )
            },
            ProfileField::Partner => FieldSpec {
                on_summary: true,
                ..entry(
                    "partner",
                    ("Đối tác", "Partner"),
                    Some((
                        "partner",
                        &[],
                        "A partner from the program's list (VNPT, Viettel, FPT…).",
                    )),
                    &[],
                )
            },
            ProfileField::Consultant => FieldSpec {
                identifies: true,
                ..entry(
                    "consultant",
                    ("Tư vấn viên", "Consultant"),
                    Some(("consultant", &[], "The consultant in charge.")),
                    &[],
                )
            },
            ProfileField::Notes => FieldSpec {
                identifies: true,
                ..entry(
                    "notes",
                    ("Ghi chú", "Notes"),
                    Some(("notes", &[], "Free notes.")),
                    &["note", "remarks"],
                )
            },
            ProfileField::Archived => FieldSpec {
                typed: false,
                ..entry("archived", ("Lưu trữ", "Archived"), None, &[])
            },
            ProfileField::Consent => FieldSpec {
                typed: false,
                identifies: true,
                ..entry(
                    "consent",
                    ("Đồng ý dữ liệu cá nhân", "Personal-data consent"),
                    None,
                    &[],
                )
            },
        }
    }

    /// The stable key stored in history and conflict records.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn from_key(key: &str) -> Option<ProfileField> {
        ProfileField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn label(self) -> Text {
        let (vi, en) = self.spec().label;
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

    /// A canonical value (as [`ProfileField::get`] gives it) as a person reads
    /// it (`—` for nothing): how history and conflicts show a value.
    pub fn display(self, value: &str, lang: Lang) -> String {
        let mut probe = Enterprise::new("", jiff::Timestamp::UNIX_EPOCH);
        if self.set(&mut probe, value).is_err() {
            return value.to_owned();
        }
        let shown = self.shown(&probe, lang, &as_written);
        if shown.trim().is_empty() {
            "—".to_owned()
        } else {
            shown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with every field given.
    pub(super) fn full_record() -> Enterprise {
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
        e
    }

    #[test]
    fn every_field_round_trips_through_its_text() {
        let e = full_record();
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
        assert_eq!(ProfileField::Archived.display("true", Lang::En), "Yes");
    }

    #[test]
    fn keys_options_and_labels_are_unique_and_keys_parse_back() {
        for field in ProfileField::ALL {
            assert_eq!(ProfileField::from_key(field.key()), Some(field));
        }
        let unique = |names: Vec<&str>| {
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            sorted.len() == names.len()
        };
        let specs = ProfileField::ALL.map(ProfileField::spec);
        assert!(unique(specs.iter().map(|s| s.key).collect()));
        assert!(unique(specs.iter().map(|s| s.label.0).collect()));
        assert!(unique(specs.iter().map(|s| s.label.1).collect()));
        assert!(unique(
            specs
                .iter()
                .filter_map(|s| s.option)
                .flat_map(|(long, aliases, _)| std::iter::once(long).chain(aliases.iter().copied()))
                .collect()
        ));
        // Every field a person types has an option; the others have none.
        assert!(specs.iter().all(|s| s.typed == s.option.is_some()));
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_refused_and_changes_nothing() {
        let mut e = Enterprise::new("A", jiff::Timestamp::UNIX_EPOCH);
        assert!(ProfileField::Staff.set(&mut e, "\"many\"").is_err());
        assert_eq!(e.size.staff, None);
    }
}
