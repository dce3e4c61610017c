//! Personal data in the workspace: recording consent, and erasing an
//! enterprise's contacts on request (`sohoa enterprise forget`).
//!
//! Key methods: [`Workspace::record_consent`], [`Workspace::forget`]; result
//! [`Forgotten`].
//!
//! Policy: an erasure reaches the record, its history, and the copies of it in
//! every backup (so a restore cannot bring the data back); it is recorded in the
//! history so that merges keep it (see [`crate::enterprise::personal`]).

use jiff::Timestamp;
use jiff::civil::Date;
use ulid::Ulid;

use super::{Workspace, WorkspaceError};
use crate::enterprise::Consent;

/// What [`Workspace::forget`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Forgotten {
    pub id: Ulid,
    pub name: String,
    /// Backup copies of the record rewritten without the data.
    pub backup_copies: usize,
    /// Backup files that could not be read or rewritten (path, why).
    pub backup_failures: Vec<(std::path::PathBuf, String)>,
    /// What was cleaned or deleted among the files set aside in `quarantine/`.
    pub quarantine: crate::store::quarantine_erasure::QuarantineErased,
}

impl Workspace {
    /// Records that the contacts of `enterprise` gave (or refused, or withdrew)
    /// consent on `date`, for the program's purpose.
    pub fn record_consent(
        &mut self,
        enterprise: Ulid,
        given: bool,
        date: Date,
        now: Timestamp,
    ) -> Result<(), WorkspaceError> {
        let purpose = self.program.consent_purpose().vi;
        let by = self.actor().to_owned();
        self.edit_enterprise(enterprise, now, |_, e| {
            e.consent = Some(Consent {
                given,
                date,
                recorded_by: by,
                purpose,
            });
            Ok(())
        })
    }

    /// Erases the personal data of `enterprise` (its contacts) from the record,
    /// its history and every backup, keeping its assessments and figures.
    pub fn forget(
        &mut self,
        enterprise: Ulid,
        now: Timestamp,
    ) -> Result<Forgotten, WorkspaceError> {
        // Held from the note to its removal: another Sohoa that found the note
        // of an erasure still under way would take it for one cut short, and
        // finish it over edits made since.
        let was_held = self.held.is_some();
        if !was_held {
            let lock = self
                .folder
                .lock(self.lock_wait)
                .map_err(crate::store::StoreError::from)?;
            self.held = Some(self.took_lock(lock));
        }
        let forgotten = self.forget_holding_the_lock(enterprise, now);
        if !was_held {
            self.release_lock();
        }
        forgotten
    }

    fn forget_holding_the_lock(
        &mut self,
        enterprise: Ulid,
        now: Timestamp,
    ) -> Result<Forgotten, WorkspaceError> {
        let mut record = self.enterprise_copy(enterprise)?;
        record.forget_personal_data(now, self.actor());
        let erasure = record
            .history
            .iter()
            .rev()
            .find(|c| matches!(c.what, crate::enterprise::ChangeKind::Erased { .. }))
            .cloned();
        let ids: Vec<Ulid> = std::iter::once(record.id)
            .chain(record.aliases.iter().copied())
            .collect();
        let name = record.name.clone();
        // Written down first, so that an erasure cut short anywhere below is
        // finished by the next Sohoa to lock the folder.
        if let Some(erasure) = &erasure {
            self.with_lock(|ws, lock| Ok(ws.folder.begin_erasure(lock, &ids, erasure)?))?;
        }
        // The copies of earlier saves kept on this computer hold the data; the
        // save below keeps the erased record instead.
        for id in &ids {
            self.folder.written_here().drop_copy(*id);
        }
        // Not `commit`: recording the change of each field would write the old
        // values back into the history.
        self.write_through(record)?;
        crate::store::fault::step("forget");
        let (backup_copies, backup_failures) = self.with_lock(|ws, lock| {
            Ok(ws
                .folder
                .erase_in_backups(lock, &ids, |copy| match &erasure {
                    Some(erasure) => crate::store::erasure::apply_erasure_to(copy, erasure),
                    None => false,
                }))
        })?;
        let quarantine = self.with_lock(|ws, lock| {
            Ok(ws
                .folder
                .erase_in_quarantine(lock, &ids, |copy| match &erasure {
                    Some(erasure) => crate::store::erasure::apply_erasure_to(copy, erasure),
                    None => false,
                }))
        })?;
        // A large folder's parse cache holds records as parsed; the next opening
        // writes it again from the files.
        if let Some(cache) = self.folder.parse_cache() {
            let _ = std::fs::remove_file(cache.path());
        }
        if backup_failures.is_empty() && quarantine.failed.is_empty() {
            self.with_lock(|ws, lock| {
                ws.folder.remove_sync_versions(&ids);
                if let Some(erasure) = &erasure {
                    ws.folder.note_erasure_done(lock, ids[0], erasure);
                }
                ws.folder.end_erasure(lock);
                Ok(())
            })?;
        }
        Ok(Forgotten {
            id: enterprise,
            name,
            backup_copies,
            backup_failures,
            quarantine,
        })
    }
}
