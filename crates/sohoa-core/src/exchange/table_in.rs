//! Reading a spreadsheet of enterprises someone else made (the business
//! registry's list, a program's old workbook, Sohoa's own export): its cells as
//! text, and what each column holds, recognised from its header.
//!
//! Key functions: [`read_table`] (XLSX or CSV), [`recognise_header`],
//! [`column_fields`]; types [`RawTable`], [`ReadAs`].
//!
//! Policy: a header is recognised in Vietnamese or English, with or without
//! marks, in any case, with what is in brackets left aside ("Doanh thu (tỷ
//! đồng)" is the revenue); a column nobody recognises is left out, and a
//! person can say what it holds (`SỐ ĐKKD=tax_code`). A CSV file is read as
//! UTF-8 (with or without a byte-order mark), else as Windows-1258 or TCVN3,
//! and says which. Cells are text as written; the field rules of the profile judge them
//! later. Reading never panics on a file's content.
//!
//! ```
//! use sohoa_core::exchange::table_in::recognise_header;
//! use sohoa_core::enterprise::field::ProfileField;
//! assert_eq!(recognise_header("MST"), Some(ProfileField::TaxCode));
//! assert_eq!(recognise_header("Doanh thu (tỷ đồng)"), Some(ProfileField::Revenue));
//! assert_eq!(recognise_header("SO DIEN THOAI"), Some(ProfileField::Phone));
//! assert_eq!(recognise_header("Ghi chú nội bộ của phòng"), None);
//! ```

use std::path::{Path, PathBuf};

use crate::enterprise::field::ProfileField;
use crate::places::key;

/// Largest spreadsheet read (a national list of 100,000 enterprises is far less).
pub const MAX_TABLE_BYTES: u64 = 256 * 1024 * 1024;

/// How a table's file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadAs {
    Xlsx {
        sheet: String,
        /// Every sheet of the workbook, in its order (to choose another).
        sheets: Vec<String>,
    },
    Csv {
        encoding: &'static str,
        delimiter: char,
    },
}

impl ReadAs {
    /// How the file was read, for a person: `CSV, bảng mã Windows-1258, phân cách “;”`.
    pub fn describe(&self) -> crate::text::Text {
        match self {
            ReadAs::Xlsx { sheet, .. } => crate::text::Text::new(
                format!("XLSX, trang tính “{sheet}”"),
                format!("XLSX, sheet “{sheet}”"),
            ),
            ReadAs::Csv {
                encoding,
                delimiter,
            } => {
                let shown = match delimiter {
                    '\t' => "Tab".to_owned(),
                    other => format!("“{other}”"),
                };
                crate::text::Text::new(
                    format!("CSV, bảng mã {encoding}, phân cách {shown}"),
                    format!("CSV, encoding {encoding}, separated by {shown}"),
                )
            }
        }
    }
}

/// A table's header and rows, every cell as text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The line of each row in the sheet or file (the first line is 1), to
    /// name a refused row where the person will look for it.
    pub lines: Vec<usize>,
    pub read_as: ReadAs,
}

#[cfg(test)]
impl RawTable {
    /// A table from its header row and rows, as a UTF-8 CSV file would give it.
    pub(crate) fn from_rows(rows: &[&[&str]]) -> RawTable {
        let cells = |r: &[&str]| r.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        RawTable {
            headers: cells(rows[0]),
            rows: rows[1..].iter().map(|r| cells(r)).collect(),
            lines: (2..rows.len() + 1).collect(),
            read_as: ReadAs::Csv {
                encoding: "UTF-8",
                delimiter: ',',
            },
        }
    }
}

/// Why a table was not read.
#[derive(Debug, thiserror::Error)]
pub enum TableReadError {
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: crate::bounded_read::BoundedReadError,
    },
    #[error("{}: not a workbook Sohoa can read ({detail})", path.display())]
    Workbook { path: PathBuf, detail: String },
    #[error("{}: no sheet named “{sheet}” (there are: {})", path.display(), sheets.join(", "))]
    NoSuchSheet {
        path: PathBuf,
        sheet: String,
        sheets: Vec<String>,
    },
    #[error("{}: line {line}: {detail}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        detail: String,
    },
    #[error("{}: the table is empty", path.display())]
    Empty { path: PathBuf },
}

/// The field a column's header names, if any: a field a person types, by its
/// label in either language or one of its other header words
/// ([`ProfileField::spec`]), marks, case and anything in brackets aside.
pub fn recognise_header(header: &str) -> Option<ProfileField> {
    let wanted = key(&without_brackets(header));
    ProfileField::ALL.into_iter().find(|field| {
        let spec = field.spec();
        let (vi, en) = spec.label;
        spec.typed
            && (spec.headers.contains(&wanted.as_str())
                || [vi, en]
                    .iter()
                    .any(|label| key(&without_brackets(label)) == wanted))
    })
}

/// A header without what it says in brackets: "Doanh thu (tỷ đồng)" is "Doanh thu ".
fn without_brackets(header: &str) -> String {
    {
        let mut depth = 0u32;
        header
            .chars()
            .filter(|c| match c {
                '(' | '[' => {
                    depth += 1;
                    false
                }
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                _ => depth == 0,
            })
            .collect()
    }
}

/// What each column holds: recognised from its header, unless a person said
/// otherwise in `given` (a header, or the column's number from 1, with a
/// field's key; an empty key leaves the column out). A field is taken by its
/// first column only.
pub fn column_fields(
    headers: &[String],
    given: &[(String, Option<ProfileField>)],
) -> Vec<Option<ProfileField>> {
    let mut fields: Vec<Option<ProfileField>> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let said = given.iter().find(|(column, _)| {
                key(column) == key(header) || column.trim() == (i + 1).to_string()
            });
            match said {
                Some((_, field)) => *field,
                None => recognise_header(header),
            }
        })
        .collect();
    let mut taken = std::collections::HashSet::new();
    for field in &mut fields {
        if let Some(f) = field
            && !taken.insert(*f)
        {
            *field = None;
        }
    }
    fields
}

/// How a table is named to people and in the history: its file's name.
pub fn table_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether `path` names a spreadsheet Sohoa reads (by its extension).
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("csv"))
}

/// Reads the table of an XLSX workbook (its first sheet, or `sheet`) or of a
/// CSV file: the first row that is not empty is the header.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<RawTable, TableReadError> {
    let bytes =
        crate::bounded_read::read_regular_file(path, MAX_TABLE_BYTES).map_err(|source| {
            TableReadError::File {
                path: path.to_owned(),
                source,
            }
        })?;
    let is_xlsx = bytes.starts_with(b"PK\x03\x04");
    let (mut rows, read_as) = if is_xlsx {
        read_xlsx(path, bytes, sheet)?
    } else {
        read_csv(path, &bytes)?
    };
    let is_empty = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    // Leading empty rows (a title left blank) are not the header.
    let Some(header_at) = rows.iter().position(|r| !is_empty(r)) else {
        return Err(TableReadError::Empty {
            path: path.to_owned(),
        });
    };
    let headers: Vec<String> = std::mem::take(&mut rows[header_at])
        .into_iter()
        .map(|h| crate::text::nfc_line(&h))
        .collect();
    let (lines, rows) = rows
        .into_iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, r)| !is_empty(r))
        .map(|(i, r)| {
            let cells = r.into_iter().map(|c| crate::text::nfc(c.trim())).collect();
            (i + 1, cells)
        })
        .unzip();
    Ok(RawTable {
        headers,
        rows,
        lines,
        read_as,
    })
}

fn read_xlsx(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<(Vec<Vec<String>>, ReadAs), TableReadError> {
    use calamine::Reader;
    let bad = |detail: String| TableReadError::Workbook {
        path: path.to_owned(),
        detail,
    };
    let mut workbook =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let sheets = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| key(s) == key(wanted))
            .cloned()
            .ok_or_else(|| TableReadError::NoSuchSheet {
                path: path.to_owned(),
                sheet: wanted.to_owned(),
                sheets: sheets.clone(),
            })?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| bad("no sheet".into()))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| bad(e.to_string()))?;
    // The range starts at the first row used: the rows above count for the
    // lines a person is told.
    let above = range.start().map_or(0, |(row, _)| row as usize);
    let rows = std::iter::repeat_n(Vec::new(), above)
        .chain(range.rows().map(|row| row.iter().map(cell_text).collect()))
        .collect();
    Ok((
        rows,
        ReadAs::Xlsx {
            sheet: name,
            sheets,
        },
    ))
}

/// A workbook cell as a person would type it: whole numbers without ".0"
/// (a tax code stored as a number keeps its digits), dates as dd/mm/yyyy.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => crate::text::format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel counts days from 30/12/1899.
        Data::DateTime(d) => jiff::civil::date(1899, 12, 30)
            .checked_add(jiff::Span::new().days(d.as_f64().floor() as i64))
            .map(crate::text::format_date)
            .unwrap_or_else(|_| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<(Vec<Vec<String>>, ReadAs), TableReadError> {
    let (text, encoding) = decode(bytes);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [';', '\t', ',']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d).count())
        .filter(|d| first_line.contains(*d))
        .unwrap_or(',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| TableReadError::Csv {
            path: path.to_owned(),
            line: e.position().map_or(0, |p| p.line()),
            detail: e.to_string(),
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok((
        rows,
        ReadAs::Csv {
            encoding,
            delimiter,
        },
    ))
}

/// The text of a CSV file: UTF-8 (its byte-order mark dropped) when it is,
/// else Windows-1258 (older Excel) or TCVN3 (the ABC fonts), whichever reads
/// as Vietnamese ([`super::legacy_text`]).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (crate::text::nfc(text), "UTF-8"),
        Err(_) => super::legacy_text::decode_legacy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_either_language_with_or_without_marks_and_brackets() {
        let cases = [
            ("Tên doanh nghiệp", Some(ProfileField::Name)),
            ("TÊN CÔNG TY", Some(ProfileField::Name)),
            ("Mã số thuế", Some(ProfileField::TaxCode)),
            ("mst", Some(ProfileField::TaxCode)),
            ("Ngành nghề", Some(ProfileField::Sector)),
            ("Số lao động", Some(ProfileField::Staff)),
            ("Doanh thu (tỷ đồng)", Some(ProfileField::Revenue)),
            ("Nguồn vốn (tỷ đồng)", Some(ProfileField::Capital)),
            ("Người liên hệ", Some(ProfileField::ContactPerson)),
            ("Điện thoại", Some(ProfileField::Phone)),
            ("E-mail", Some(ProfileField::Email)),
            ("Email", Some(ProfileField::Email)),
            ("Địa chỉ", Some(ProfileField::Address)),
            ("Xã, phường", Some(ProfileField::AdminUnit)),
            ("Tax code", Some(ProfileField::TaxCode)),
            ("Revenue (billion VND)", Some(ProfileField::Revenue)),
            ("STT", None),
            ("Mã hồ sơ", None),
        ];
        for (header, field) in cases {
            assert_eq!(recognise_header(header), field, "{header}");
        }
    }

    #[test]
    fn a_person_says_what_a_column_holds_by_header_or_number_and_a_field_is_taken_once() {
        let headers: Vec<String> = ["STT", "Số ĐKKD", "Tên", "Tên giao dịch"]
            .iter()
            .map(|h| (*h).to_owned())
            .collect();
        let fields = column_fields(&headers, &[("so dkkd".into(), Some(ProfileField::TaxCode))]);
        assert_eq!(
            fields,
            [
                None,
                Some(ProfileField::TaxCode),
                Some(ProfileField::Name),
                None
            ]
        );
        let fields = column_fields(
            &headers,
            &[("3".into(), None), ("4".into(), Some(ProfileField::Name))],
        );
        assert_eq!(fields, [None, None, None, Some(ProfileField::Name)]);
    }

    #[test]
    fn a_csv_in_utf8_with_a_byte_order_mark_or_in_windows_1258_reads_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Mã số thuế;Tên doanh nghiệp\n0100109106;Công ty TNHH Dừa Xanh\n";
        let utf8 = dir.path().join("utf8.csv");
        std::fs::write(
            &utf8,
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        )
        .unwrap();
        let cp1258 = super::super::legacy_text::in_windows_1258(text);
        let old = dir.path().join("cp1258.csv");
        std::fs::write(&old, &cp1258).unwrap();
        let a = read_table(&utf8, None).unwrap();
        let b = read_table(&old, None).unwrap();
        assert_eq!(a.headers, ["Mã số thuế", "Tên doanh nghiệp"]);
        assert_eq!(a.rows, [["0100109106", "Công ty TNHH Dừa Xanh"]]);
        assert_eq!(a.lines, [2]);
        assert_eq!((a.headers, a.rows), (b.headers, b.rows));
        assert_eq!(
            a.read_as,
            ReadAs::Csv {
                encoding: "UTF-8",
                delimiter: ';'
            }
        );
        assert_eq!(
            b.read_as,
            ReadAs::Csv {
                encoding: "Windows-1258",
                delimiter: ';'
            }
        );
    }

    #[test]
    fn a_workbook_is_read_from_its_first_sheet_or_the_one_named_with_numbers_as_typed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let first = book.add_worksheet().set_name("Ghi chú").unwrap();
        first.write_string(0, 0, "Danh sách năm 2024").unwrap();
        let list = book.add_worksheet().set_name("Danh sách").unwrap();
        list.write_string(1, 0, "MST").unwrap();
        list.write_string(1, 1, "Doanh thu").unwrap();
        list.write_number(2, 0, 100109106.0).unwrap();
        list.write_number(2, 1, 12.5).unwrap();
        book.save(&path).unwrap();
        let table = read_table(&path, Some("danh sach")).unwrap();
        assert_eq!(table.headers, ["MST", "Doanh thu"]);
        assert_eq!(table.rows, [["100109106", "12.5"]]);
        assert_eq!(table.lines, [3], "the header is on the second line");
        assert_eq!(
            table.read_as,
            ReadAs::Xlsx {
                sheet: "Danh sách".into(),
                sheets: vec!["Ghi chú".into(), "Danh sách".into()],
            }
        );
        let err = read_table(&path, Some("Sheet9")).unwrap_err().to_string();
        assert!(err.contains("Ghi chú, Danh sách"), "{err}");
        assert!(read_table(&path, None).unwrap().rows.is_empty());
    }

    #[test]
    fn a_file_that_is_neither_is_refused_with_where_it_breaks_never_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.xlsx");
        std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
        assert!(matches!(
            read_table(&broken, None),
            Err(TableReadError::Workbook { .. })
        ));
        let empty = dir.path().join("empty.csv");
        std::fs::write(&empty, "\n\n").unwrap();
        assert!(matches!(
            read_table(&empty, None),
            Err(TableReadError::Empty { .. })
        ));
    }
}
