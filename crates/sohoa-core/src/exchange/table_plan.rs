//! What a table of enterprises would do to the data folder: each row through
//! the profile's field rules, then new records, fields filled in existing
//! ones, conflicts, and the rows refused with their reasons.
//!
//! Key function: [`plan_rows`]; types [`TablePlan`], [`RowRefused`].
//!
//! Policy: a row is judged as the profile form judges what is typed
//! ([`ProfileField::read`]): tax-code check digit, figures written the
//! Vietnamese way, e-mail; a place is read as an address into its commune of
//! today and must be one. A tax code already in the folder (or twice in the
//! table) names the same enterprise: only its empty fields are filled, and a
//! field that differs becomes a conflict for a person, as with bundles.
//! Personal data (contact, phone, e-mail) come in only when the office says it
//! has the contacts' consent; otherwise those columns are left out and counted.
//! No I/O of its own: the folder's records not yet in memory are read
//! through [`Records`].
//!
//! ```
//! use sohoa_core::exchange::table_in::{RawTable, ReadAs, column_fields};
//! use sohoa_core::exchange::table_plan::plan_rows;
//! let table = RawTable {
//!     headers: vec!["Tên".into(), "MST".into()],
//!     rows: vec![vec!["HTX Bưởi".into(), "0100109106".into()]],
//!     lines: vec![2],
//!     read_as: ReadAs::Csv { encoding: "UTF-8", delimiter: ',' },
//! };
//! let fields = column_fields(&table.headers, &[]);
//! let program = sohoa_core::program::ProgramSettings::preset().unwrap();
//! let dir = tempfile::tempdir().unwrap();
//! let folder = sohoa_core::store::DataFolder::open(dir.path()).unwrap();
//! let none = sohoa_core::store::records::Records::new(folder);
//! let plan = plan_rows(&table, &fields, &program, &none, jiff::Timestamp::now(), false);
//! assert_eq!(plan.new[0].tax_code.as_deref(), Some("0100109106"));
//! ```

use std::collections::HashMap;

use jiff::Timestamp;

use super::table_in::RawTable;
use super::{Cell, Table};
use crate::enterprise::Enterprise;
use crate::enterprise::field::ProfileField;
use crate::enterprise::history::FieldConflict;
use crate::program::ProgramSettings;
use crate::program::lists::ProgramLists;
use crate::store::records::Records;
use crate::text::{Lang, Text};

/// A row that cannot come in, and why (one reason per field).
#[derive(Debug, Clone, PartialEq)]
pub struct RowRefused {
    /// The row's line in the sheet, the header being line 1.
    pub line: usize,
    pub cells: Vec<String>,
    pub reasons: Vec<Text>,
}

/// What importing the table would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TablePlan {
    /// Enterprises not in the folder yet.
    pub new: Vec<Enterprise>,
    /// Existing records with empty fields filled and differing fields kept as
    /// conflicts (only those that change).
    pub updated: Vec<Enterprise>,
    /// How many fields the updates fill, and how many conflicts they make.
    pub filled: usize,
    pub conflicts: usize,
    pub refused: Vec<RowRefused>,
    /// Personal-data cells left out for want of the contacts' consent.
    pub personal_left_out: usize,
}

/// One row read into profile fields: each field's canonical RON value, or the
/// reasons it cannot come in (one per field, named).
fn read_row(
    cells: &[String],
    fields: &[Option<ProfileField>],
    lists: &mut ProgramLists,
    with_personal_data: bool,
    left_out: &mut usize,
) -> Result<Vec<(ProfileField, String)>, Vec<Text>> {
    let mut values = Vec::new();
    let mut reasons = Vec::new();
    for (cell, field) in cells.iter().zip(fields) {
        let Some(field) = *field else { continue };
        // An empty cell gives nothing: it never empties a field already filled.
        if cell.trim().is_empty() && field != ProfileField::Name {
            continue;
        }
        if field.is_personal() && !with_personal_data {
            *left_out += 1;
            continue;
        }
        match field.read(cell, lists) {
            Ok(value) => values.push((field, value)),
            Err(problem) => {
                let label = field.label();
                reasons.push(Text::new(
                    format!("{}: {}", label.vi, problem.text.vi),
                    format!("{}: {}", label.en, problem.text.en),
                ));
            }
        }
    }
    // Without a column for the commune, an address that names exactly one
    // (the old way or the new) places the enterprise; one that fits several
    // or none leaves the place for a person.
    if !fields.contains(&Some(ProfileField::AdminUnit))
        && let Some((_, address)) = values.iter().find(|(f, _)| *f == ProfileField::Address)
        && let Ok(address) = ron::from_str::<String>(address)
        && let Ok(place) = ProfileField::AdminUnit.read(&address, lists)
    {
        values.push((ProfileField::AdminUnit, place));
    }
    if !fields.contains(&Some(ProfileField::Name)) {
        reasons.push(Text::new(
            "Không có cột tên doanh nghiệp",
            "no column holds the enterprise's name",
        ));
    }
    if reasons.is_empty() {
        Ok(values)
    } else {
        Err(reasons)
    }
}

/// What names an enterprise without a tax code: its name, place and address,
/// marks and case aside.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct NameKey(String, Option<String>, String);

impl NameKey {
    fn of(e: &Enterprise) -> NameKey {
        NameKey(
            crate::text::fold(&e.name),
            e.admin_unit.clone(),
            crate::text::fold(&e.address),
        )
    }
}

/// The plan of importing `table`, whose columns hold `fields`, into a folder
/// holding `existing`.
pub fn plan_rows(
    table: &RawTable,
    fields: &[Option<ProfileField>],
    program: &ProgramSettings,
    existing: &Records,
    now: Timestamp,
    with_personal_data: bool,
) -> TablePlan {
    let today = crate::text::local_date(now);
    let mut plan = TablePlan::default();
    let by_tax_code: HashMap<&str, usize> = existing
        .indexed()
        .filter_map(|(i, e)| Some((e.tax_code.as_deref()?, i)))
        .collect();
    // Without a tax code, the same name at the same place and address is the
    // same enterprise (the same list imported twice adds nothing).
    let by_name: HashMap<NameKey, usize> = existing
        .indexed()
        .filter(|(_, e)| e.tax_code.is_none())
        .map(|(i, e)| (NameKey::of(e), i))
        .collect();
    // Existing records changed so far, and new ones by tax code or name (a
    // code twice in the table is one enterprise).
    let mut changed: HashMap<usize, Enterprise> = HashMap::new();
    let mut new_by_code: HashMap<String, usize> = HashMap::new();
    let mut new_by_name: HashMap<NameKey, usize> = HashMap::new();
    let mut lists = ProgramLists::new(program, today);
    for (n, cells) in table.rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = table.lines.get(n).copied().unwrap_or(n + 2);
        let values = match read_row(
            cells,
            fields,
            &mut lists,
            with_personal_data,
            &mut plan.personal_left_out,
        ) {
            Ok(values) => values,
            Err(reasons) => {
                plan.refused.push(RowRefused {
                    line,
                    cells: cells.clone(),
                    reasons,
                });
                continue;
            }
        };
        let mut incoming = Enterprise::new("", now);
        for (field, value) in &values {
            // A value read is the field's RON: setting it cannot fail.
            let _ = field.set(&mut incoming, value);
        }
        let code = incoming.tax_code.clone();
        let name_key = NameKey::of(&incoming);
        let existing_index = match &code {
            Some(code) => by_tax_code.get(code.as_str()).copied(),
            None => by_name.get(&name_key).copied(),
        };
        let new_index = match &code {
            Some(code) => new_by_code.get(code).copied(),
            None => new_by_name.get(&name_key).copied(),
        };
        let target = match (existing_index, new_index) {
            (Some(i), _) => existing
                .get(i)
                .map(|record| changed.entry(i).or_insert_with(|| record.clone())),
            (None, Some(i)) => Some(&mut plan.new[i]),
            (None, None) => None,
        };
        match target {
            Some(record) => {
                for (field, value) in values {
                    let current = field.get(record);
                    if current == value {
                        continue;
                    }
                    if current == field.initial() {
                        if field.set(record, &value).is_ok() {
                            plan.filled += 1;
                        }
                    } else if !record
                        .conflicts
                        .iter()
                        .any(|c| c.field == field.key() && c.others.contains(&value))
                    {
                        match record.conflicts.iter_mut().find(|c| c.field == field.key()) {
                            Some(conflict) => {
                                conflict.others.push(value);
                                conflict.others.sort();
                            }
                            None => record.conflicts.push(FieldConflict {
                                field: field.key().to_owned(),
                                others: vec![value],
                            }),
                        }
                        plan.conflicts += 1;
                    }
                }
            }
            None => {
                match code {
                    Some(code) => new_by_code.insert(code, plan.new.len()),
                    None => new_by_name.insert(name_key, plan.new.len()),
                };
                plan.new.push(incoming);
            }
        }
    }
    let mut updated: Vec<(usize, Enterprise)> = changed.into_iter().collect();
    updated.sort_by_key(|(i, _)| *i);
    plan.updated = updated
        .into_iter()
        .filter(|(i, e)| existing.get(*i) != Some(e))
        .map(|(_, e)| e)
        .collect();
    plan
}

/// The header of the column that gives the reasons in a table of refused rows;
/// an import leaves it aside, so the corrected table goes in as it is.
pub fn reason_header(lang: Lang) -> &'static str {
    lang.pick("Lý do chưa nhập được", "Why it was not imported")
}

/// Where the rows refused from the table at `file` go by default: beside it,
/// named so, in its format (`danh-sach-dong-chua-nhap.xlsx`).
pub fn rejects_beside(file: &std::path::Path) -> std::path::PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bang".into());
    let ext = match file.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("xlsx") => "xlsx",
        _ => "csv",
    };
    file.with_file_name(format!("{stem}-dong-chua-nhap.{ext}"))
}

/// Writes the refused rows to `path` ([`refused_table`]): XLSX by its
/// extension, else CSV.
pub fn write_refused(
    path: &std::path::Path,
    headers: &[String],
    refused: &[RowRefused],
    lang: Lang,
) -> Result<(), super::ExportError> {
    let rows = refused_table(headers, refused, lang);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        super::write_xlsx(path, &[&rows])
    } else {
        super::write_csv(path, &[&rows]).map(|_| ())
    }
}

/// The refused rows as a table the office corrects and imports again: the
/// sheet's own columns, cells as they were, then the row's line in the sheet
/// and its reasons.
pub fn refused_table(headers: &[String], refused: &[RowRefused], lang: Lang) -> Table {
    let mut all_headers = headers.to_vec();
    all_headers.push(reason_header(lang).to_owned());
    let rows = refused
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> = (0..headers.len())
                .map(|i| Cell::from(row.cells.get(i).cloned()))
                .collect();
            let reasons: Vec<&str> = row.reasons.iter().map(|r| r.get(lang)).collect();
            cells.push(Cell::Text(format!(
                "{} {}: {}",
                lang.pick("dòng", "line"),
                row.line,
                reasons.join("; ")
            )));
            cells
        })
        .collect();
    Table {
        sheet_name: lang.pick("Dòng chưa nhập", "Rows not imported").to_owned(),
        file_suffix: "rows-not-imported".into(),
        headers: all_headers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::table_in::column_fields;

    #[test]
    fn refused_rows_go_beside_the_table_in_its_own_format() {
        use std::path::Path;
        assert_eq!(
            rejects_beside(Path::new("/d/danh sách.XLSX")),
            Path::new("/d/danh sách-dong-chua-nhap.xlsx")
        );
        assert_eq!(
            rejects_beside(Path::new("ds.csv")),
            Path::new("ds-dong-chua-nhap.csv")
        );
    }

    fn table(rows: &[&[&str]]) -> RawTable {
        RawTable::from_rows(rows)
    }

    /// `existing` as the records of a folder.
    fn records(existing: &[Enterprise]) -> (tempfile::TempDir, Records) {
        let dir = tempfile::tempdir().unwrap();
        let folder = crate::store::DataFolder::open(dir.path()).unwrap();
        (dir, Records::holding(folder, existing.to_vec()))
    }

    fn plan(t: &RawTable, existing: &[Enterprise], consent: bool) -> TablePlan {
        let program = ProgramSettings::preset().unwrap();
        let fields = column_fields(&t.headers, &[]);
        let now = "2026-12-07T03:00:00Z".parse().unwrap();
        let (_dir, existing) = records(existing);
        plan_rows(t, &fields, &program, &existing, now, consent)
    }

    #[test]
    fn each_row_goes_through_the_profiles_rules_and_a_refused_row_says_why_by_its_line() {
        let t = table(&[
            &[
                "Tên doanh nghiệp",
                "MST",
                "Doanh thu (tỷ đồng)",
                "Số lao động",
                "Ngành",
                "Địa chỉ",
                "Xã, phường",
                "Đối tác",
            ],
            &[
                "Công ty TNHH Dừa Xanh",
                "0100109106",
                "1.200",
                "45",
                "C - Công nghiệp chế biến",
                "ấp 3",
                "xã Vĩnh Hòa, huyện Ba Tri",
                "vnpt",
            ],
            &["HTX Bưởi", "0100109107", "12,5", "", "", "", "", ""],
            &["", "", "", "", "", "", "", ""],
            &["Cơ sở Mắm", "", "abc", "", "Z", "", "Hà Nội", "ACME"],
        ]);
        let p = plan(&t, &[], true);
        assert_eq!(p.new.len(), 1);
        let e = &p.new[0];
        assert_eq!(e.name, "Công ty TNHH Dừa Xanh");
        assert_eq!(e.size.revenue_billion, Some(1200.0));
        assert_eq!(e.size.staff, Some(45));
        assert_eq!(e.sector.as_ref().unwrap().section, "C");
        assert_eq!(e.admin_unit.as_deref(), Some("xa-ba-tri"));
        assert_eq!(e.partner.as_deref(), Some("VNPT"));
        let lines: Vec<usize> = p.refused.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5], "the empty row 4 is not a row");
        assert!(
            p.refused[0].reasons[0].vi.contains("Chữ số kiểm tra"),
            "{:?}",
            p.refused[0].reasons
        );
        let reasons: Vec<&str> = p.refused[1].reasons.iter().map(|r| r.en.as_str()).collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons.iter().any(|r| r.starts_with("Revenue")));
        assert!(reasons.iter().any(|r| r.contains("VSIC")));
        assert!(reasons.iter().any(|r| r.contains("no such place")));
        assert!(reasons.iter().any(|r| r.contains("partners")));
    }

    #[test]
    fn a_known_tax_code_fills_only_empty_fields_and_a_different_value_becomes_a_conflict() {
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut known = Enterprise::new("Công ty TNHH Dừa Xanh", now);
        known.tax_code = Some("0100109106".into());
        known.address = "12 đường Đồng Khởi".into();
        let t = table(&[
            &["Tên", "Mã số thuế", "Địa chỉ", "Điện thoại", "Số lao động"],
            &[
                "Công ty TNHH Dừa Xanh",
                "0100109106",
                "99 đường Hùng Vương",
                "0275 3822 123",
                "30",
            ],
            &[
                "Công ty TNHH Dừa Xanh",
                "0100109106",
                "99 đường Hùng Vương",
                "",
                "",
            ],
        ]);
        let p = plan(&t, std::slice::from_ref(&known), true);
        assert!(p.new.is_empty());
        assert_eq!(p.updated.len(), 1);
        let e = &p.updated[0];
        assert_eq!(e.id, known.id);
        assert_eq!(
            e.address, "12 đường Đồng Khởi",
            "the folder's value is kept"
        );
        assert_eq!(e.conflicts.len(), 1);
        assert_eq!(e.conflicts[0].field, "address");
        assert_eq!(e.conflicts[0].others, ["\"99 đường Hùng Vương\""]);
        assert_eq!(e.contact.phone, "0275 3822 123");
        assert_eq!(e.size.staff, Some(30));
        assert_eq!(
            (p.filled, p.conflicts),
            (2, 1),
            "the second row repeats, adding nothing"
        );
    }

    #[test]
    fn personal_data_come_in_only_with_the_contacts_consent_recorded_for_the_list() {
        let t = table(&[
            &["Tên", "Người liên hệ", "Email"],
            &["HTX Bưởi", "Nguyễn Văn An", "an@example.vn"],
        ]);
        let without = plan(&t, &[], false);
        assert_eq!(without.new[0].contact.person, "");
        assert_eq!(without.personal_left_out, 2);
        let with = plan(&t, &[], true);
        assert_eq!(with.new[0].contact.email, "an@example.vn");
        assert_eq!(with.personal_left_out, 0);
    }

    #[test]
    fn sohoas_own_export_in_xlsx_and_csv_imports_back_as_the_same_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(&dir.path().join("data"));
        let q = ws.program_questionnaire().unwrap().clone();
        let mut demo = crate::demo::generate(&ws.program, &q, 40, 7, &Default::default());
        // Half of them agreed to their contacts being held.
        for e in demo.iter_mut().step_by(2) {
            e.consent = Some(crate::enterprise::Consent {
                given: true,
                date: jiff::civil::date(2026, 3, 2),
                recorded_by: "Lan".into(),
                purpose: "hỗ trợ chuyển đổi số".into(),
            });
        }
        ws.add_many(demo).unwrap();
        let with_contacts = ws
            .enterprises()
            .iter()
            .filter(|e| e.may_share_contacts() && !e.contact.phone.is_empty())
            .count();
        assert!(with_contacts > 0, "some contacts go out and come back");
        let source = crate::exchange::table::TableSource {
            program: &ws.program,
            questionnaires: &ws.questionnaires,
            enterprises: ws.enterprises(),
            summaries: ws.summaries(),
        };
        let exported = crate::exchange::table::enterprise_table(&source, Lang::Vi, false);
        let xlsx = dir.path().join("doanh-nghiep.xlsx");
        crate::exchange::write_xlsx(&xlsx, &[&exported]).unwrap();
        let csv = dir.path().join("doanh-nghiep.csv");
        let written = crate::exchange::write_csv(&csv, &[&exported]).unwrap();
        for path in [&xlsx, &written[0]] {
            let table = crate::exchange::table_in::read_table(path, None).unwrap();
            let fields = column_fields(&table.headers, &[]);
            let (_none, nothing) = records(&[]);
            let plan = plan_rows(
                &table,
                &fields,
                &ws.program,
                &nothing,
                jiff::Timestamp::now(),
                true,
            );
            assert!(
                plan.refused.is_empty(),
                "{}: {:?}",
                path.display(),
                plan.refused.first()
            );
            assert_eq!(plan.new.len(), 40);
            for (back, original) in plan.new.iter().zip(ws.enterprises()) {
                // Every field the export writes as typed (notes, archived and
                // consent are not columns to read back).
                let read_back = ProfileField::ALL.into_iter().filter(|f| {
                    !matches!(
                        f,
                        ProfileField::Notes | ProfileField::Archived | ProfileField::Consent
                    )
                });
                for field in read_back {
                    // Contacts leave only with the consent to hold them.
                    let expected = if field.is_personal() && !original.may_share_contacts() {
                        field.initial()
                    } else {
                        field.get(original)
                    };
                    assert_eq!(
                        field.get(back),
                        expected,
                        "{}: {} of {}",
                        path.display(),
                        field.key(),
                        original.name
                    );
                }
            }
        }
    }
}
