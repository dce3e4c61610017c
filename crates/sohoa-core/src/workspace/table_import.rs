//! Enterprises from a table (a registry's list, the last program's spreadsheet)
//! into the folder: planned against the folder as it is under its lock, written
//! whole or not at all.
//!
//! Key functions: [`Workspace::plan_table`] (the preview), [`Workspace::import_table`].
//!
//! Policy: a table with any refused row changes nothing (the office corrects the
//! rows and imports again; [`crate::exchange::table_plan::write_refused_rows`]);
//! a table that passes is one batch, as a bundle is (a crash midway leaves the
//! folder as before or as after). Each record's history says it came from the
//! table; the consent the office states for the list is recorded on each record
//! whose contacts came in with it.

use jiff::Timestamp;

use super::{Workspace, WorkspaceError};
use crate::enterprise::field::ProfileField;
use crate::enterprise::{Change, ChangeKind, Consent, Enterprise};
use crate::exchange::table_in::RawTable;
use crate::exchange::table_plan::{TablePlan, plan_rows};
use crate::store::{Batch, FolderLock};

/// What the office says about the table it imports.
#[derive(Debug, Clone, PartialEq)]
pub struct TableChoices {
    /// How the history names the table (its file name).
    pub name: String,
    /// What each column holds (`None`: left out).
    pub fields: Vec<Option<ProfileField>>,
    /// Whether the contacts in the list agreed to their personal data being
    /// held: without it contact, phone and e-mail are left out.
    pub consent_given: bool,
}

impl Workspace {
    /// What importing `table` would do now; nothing is written.
    pub fn plan_table(&self, table: &RawTable, source: &TableChoices, now: Timestamp) -> TablePlan {
        plan_rows(
            table,
            &source.fields,
            &self.program,
            &self.enterprises,
            now,
            source.consent_given,
        )
    }

    /// Imports `table` whole, or nothing of it when a row is refused
    /// ([`WorkspaceError::TableRefused`]). Under the folder's lock it takes in
    /// what other Sohoa programs wrote meanwhile and plans again against that,
    /// backs the folder up and writes every record in one batch. Returns the
    /// plan carried out.
    pub fn import_table(
        &mut self,
        table: &RawTable,
        source: &TableChoices,
        now: Timestamp,
    ) -> Result<TablePlan, WorkspaceError> {
        self.with_lock(|ws, lock| {
            ws.catch_up(lock);
            let plan = ws.plan_table(table, source, now);
            if let Some(first) = plan.refused.first() {
                return Err(WorkspaceError::TableRefused {
                    table: source.name.clone(),
                    refused: plan.refused.len(),
                    first_line: first.line,
                });
            }
            ws.write_table_plan(lock, &plan, source, now)?;
            Ok(plan)
        })
    }

    fn write_table_plan(
        &mut self,
        lock: &FolderLock,
        plan: &TablePlan,
        source: &TableChoices,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let note = Change {
            at: now,
            by: self.actor.clone(),
            what: ChangeKind::Merged {
                source: format!("bảng {}", source.name),
            },
        };
        let consent = source.consent_given.then(|| Consent {
            given: true,
            date: crate::text::local_date(now),
            recorded_by: self.actor.clone(),
            purpose: format!(
                "{} (danh sách {})",
                self.program.consent_purpose().vi,
                source.name
            ),
        });
        let mut records = Vec::with_capacity(plan.new.len() + plan.updated.len());
        for record in &plan.new {
            let mut record = record.clone();
            record.modified = now;
            super::record_edit(None, &mut record, &self.actor);
            records.push(record);
        }
        for record in &plan.updated {
            let mut record = record.clone();
            record.modified = now;
            let before = self.get(record.id).cloned();
            super::record_edit(before.as_ref(), &mut record, &self.actor);
            records.push(record);
        }
        for record in &mut records {
            record.normalize();
            if record.consent.is_none() && has_personal_data(record) {
                record.consent.clone_from(&consent);
            }
            record.history.push(note.clone());
        }
        self.write_records(lock, records, plan.new.len())
    }

    /// Writes `records` in one batch, the first `new_count` of them new to the
    /// folder: each checked as a save is, the folder backed up first, a record
    /// another computer replaced meanwhile merged with what is there now.
    pub(super) fn write_records(
        &mut self,
        lock: &FolderLock,
        mut records: Vec<Enterprise>,
        new_count: usize,
    ) -> Result<(), WorkspaceError> {
        if records.is_empty() {
            return Ok(());
        }
        for record in &mut records {
            record.canonical_order();
            self.check(record)?;
        }
        if !self.enterprises.is_empty() {
            self.folder
                .backup(lock, "import", self.program.backups, Timestamp::now())?;
        }
        // A record another computer's edit replaced since it was read is merged
        // with what is there now, and checked again just before its rename.
        let (save, built_on): (Vec<Enterprise>, Vec<_>) =
            records.into_iter().map(|r| self.merge_with_disk(r)).unzip();
        let mut batch = Batch::default();
        batch.save_enterprises(&save.iter().collect::<Vec<_>>())?;
        for (record, version) in save.iter().zip(built_on) {
            batch.built_on(record.id, version);
        }
        self.folder
            .apply_batch_merging(lock, batch, Some(&super::import::remerge_record))?;
        // A record updated can be renamed over by a sync engine in the same
        // moment: keep a copy for the next opening to check (new ones cannot).
        let here = self.folder.written_here();
        for record in &save[new_count.min(save.len())..] {
            if let Err(why) = here.keep(record) {
                self.written_error = Some(why);
            }
        }
        self.replace_in_memory(save, &[]);
        Ok(())
    }
}

/// Whether the record holds anything of its contacts' personal data.
fn has_personal_data(e: &Enterprise) -> bool {
    ProfileField::ALL
        .into_iter()
        .filter(|f| f.is_personal())
        .any(|f| f.get(e) != f.initial())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::table_in::column_fields;

    fn table(rows: &[&[&str]]) -> RawTable {
        RawTable::from_rows(rows)
    }

    fn choices(t: &RawTable, consent_given: bool) -> TableChoices {
        TableChoices {
            name: "danh-sach.csv".into(),
            fields: column_fields(&t.headers, &[]),
            consent_given,
        }
    }

    const HEADERS: &[&str] = &["Tên doanh nghiệp", "MST", "Điện thoại", "Số lao động"];

    #[test]
    fn one_refused_row_keeps_the_whole_table_out_and_says_how_many_and_where() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        let t = table(&[
            HEADERS,
            &["Công ty TNHH Dừa Xanh", "0100109106", "", "12"],
            &["HTX Bưởi", "0100109107", "", "8"],
            &["Cơ sở Mắm", "", "", "ba"],
        ]);
        let refused = ws
            .import_table(&t, &choices(&t, false), Timestamp::now())
            .unwrap_err();
        match refused {
            WorkspaceError::TableRefused {
                refused,
                first_line,
                ..
            } => assert_eq!((refused, first_line), (2, 3)),
            other => panic!("{other}"),
        }
        assert!(ws.enterprises().is_empty());
        let reopened = Workspace::open(dir.path()).unwrap();
        assert!(reopened.enterprises().is_empty());
    }

    #[test]
    fn a_table_that_passes_is_written_with_its_name_in_the_history_and_the_consent_stated() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        let mut known = Enterprise::new("HTX Bưởi Năm Roi", Timestamp::now());
        known.tax_code = Some("0100109106".into());
        ws.save(known).unwrap();
        let t = table(&[
            HEADERS,
            &["HTX Bưởi Năm Roi", "0100109106", "", "8"],
            &["Công ty TNHH Dừa Xanh", "", "0275 3822 123", "45"],
        ]);
        let plan = ws
            .import_table(&t, &choices(&t, true), Timestamp::now())
            .unwrap();
        assert_eq!((plan.new.len(), plan.updated.len(), plan.filled), (1, 1, 1));

        let reopened = Workspace::open(dir.path()).unwrap();
        assert_eq!(reopened.enterprises().len(), 2);
        let buoi = reopened.find("0100109106").unwrap();
        assert_eq!(buoi.size.staff, Some(8));
        assert!(buoi.consent.is_none(), "no contact came in for it");
        let dua = reopened
            .enterprises()
            .iter()
            .find(|e| e.name == "Công ty TNHH Dừa Xanh")
            .unwrap();
        assert_eq!(dua.contact.phone, "0275 3822 123");
        let consent = dua.consent.as_ref().unwrap();
        assert!(consent.given);
        assert!(consent.purpose.ends_with("(danh sách danh-sach.csv)"));
        for record in [buoi, dua] {
            assert!(record.history.iter().any(|c| matches!(
                &c.what,
                ChangeKind::Merged { source } if source == "bảng danh-sach.csv"
            )));
        }
    }

    #[test]
    fn the_same_table_imported_twice_changes_nothing_the_second_time_with_or_without_tax_codes() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = crate::workspace::open_ben_tre(dir.path());
        let t = table(&[
            HEADERS,
            &["HTX Bưởi", "0100109106", "", "8"],
            &["Cơ sở Mắm Cá Lóc", "", "", "3"],
        ]);
        ws.import_table(&t, &choices(&t, false), Timestamp::now())
            .unwrap();
        let again = ws
            .import_table(&t, &choices(&t, false), Timestamp::now())
            .unwrap();
        assert_eq!((again.new.len(), again.updated.len()), (0, 0));
        assert_eq!(
            ws.enterprises().len(),
            2,
            "by tax code, and by name without one"
        );
    }
}
