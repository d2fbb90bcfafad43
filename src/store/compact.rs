//! Giving free space back to the disk: how much of the file is free, and compaction with progress
//! and cancel.
//!
//! First the full-text index is merged into one piece, which keeps searches quick in a large
//! dossier. SQLite's own `VACUUM` cannot report progress, so the rest takes two steps that can: `VACUUM INTO` writes a compact copy beside the dossier (progress: the copy's size against
//! the size of the pages in use), then SQLite's backup API copies it back into the dossier page by
//! page, in one write transaction (progress: pages left). The dossier stays the same file, and
//! until the last step commits it is untouched: a crash, a cancel or a full disk leaves it as it
//! was. Compaction needs the dossier to itself (no other program may change it between the two
//! steps), so it is refused while another program has the dossier open.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

/// How much of the dossier file is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceUse {
    /// Size of the database file (without its write-ahead log).
    pub file_bytes: u64,
    /// Bytes in free pages, which compaction gives back.
    pub free_bytes: u64,
}

impl SpaceUse {
    /// True when compacting is worth suggesting: at least 64 MiB and a quarter of the file free.
    pub fn worth_compacting(&self) -> bool {
        self.free_bytes >= 64 << 20 && self.free_bytes.saturating_mul(4) >= self.file_bytes
    }
}

/// Where a compaction is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CompactStep {
    /// Merging the full-text index into one piece (searches read fewer pieces afterwards); no
    /// measure of progress.
    Tidying,
    /// Writing the compact copy: fraction done (0 to 1).
    Copying(f32),
    /// Copying it back into the dossier: fraction done (0 to 1).
    Replacing(f32),
}

impl CompactStep {
    /// Overall fraction done, the two steps weighted alike.
    pub fn fraction(self) -> f32 {
        match self {
            CompactStep::Tidying => 0.0,
            CompactStep::Copying(f) => 0.5 * f.clamp(0.0, 1.0),
            CompactStep::Replacing(f) => 0.5 + 0.5 * f.clamp(0.0, 1.0),
        }
    }
}

/// What a finished compaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    pub bytes_before: u64,
    pub bytes_after: u64,
}

/// The compact copy's path: beside the dossier, so it is on the same disk.
fn copy_path(dossier: &Path) -> PathBuf {
    let mut name = dossier
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".compacting");
    dossier.with_file_name(name)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

impl Store {
    /// How much of the dossier file is free.
    pub fn space_use(&self) -> Result<SpaceUse> {
        let (pages, free, size): (i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count),
                    (SELECT page_size FROM pragma_page_size)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(SpaceUse {
            file_bytes: (pages.max(0) * size.max(0)) as u64,
            free_bytes: (free.max(0) * size.max(0)) as u64,
        })
    }

    /// Compacts the dossier file (see the module documentation). `progress` is called a few times
    /// a second; setting `cancel` stops the work and leaves the dossier as it was.
    pub fn compact(
        &mut self,
        cancel: &AtomicBool,
        mut progress: impl FnMut(CompactStep),
    ) -> Result<Compacted> {
        self.ensure_writable()?;
        let Some(path) = self.path.clone() else {
            return Err(StoreError::Invalid(
                "a dossier kept in memory has no file to compact".into(),
            ));
        };
        if !self.conn.is_autocommit() {
            return Err(StoreError::Invalid(
                "another change to the dossier is in progress".into(),
            ));
        }
        let copy = copy_path(&path);
        let bytes_before = file_size(&path) + file_size(&super::open::wal_path(&path));
        // Hold the dossier alone until the end: a write taken in exclusive locking mode keeps
        // its lock after the commit. In WAL mode every open connection holds a shared lock, so
        // this fails (after a short wait) while another program has the dossier open.
        self.conn.busy_timeout(Duration::from_secs(2))?;
        self.conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        let result = (|| {
            self.conn
                .execute_batch("BEGIN IMMEDIATE; COMMIT;")
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Busy => StoreError::Invalid(
                        "another program or window is using this dossier: close it, then compact again"
                            .into(),
                    ),
                    e => e,
                })?;
            let _ = std::fs::remove_file(&copy);
            progress(CompactStep::Tidying);
            self.run_interruptible(
                "INSERT INTO articles_fts (articles_fts) VALUES ('optimize')",
                cancel,
                &mut || progress(CompactStep::Tidying),
            )?;
            let used = {
                let s = self.space_use()?;
                s.file_bytes.saturating_sub(s.free_bytes).max(1)
            };
            self.copy_compact(&copy, used, cancel, &mut progress)?;
            self.copy_back(&copy, cancel, &mut progress)?;
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })();
        let _ = std::fs::remove_file(&copy);
        // Back to shared use: the mode applies from the next transaction, which releases the
        // exclusive lock.
        let _ = self.conn.pragma_update(None, "locking_mode", "NORMAL");
        let _ = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
        let _ = self.conn.busy_timeout(super::open::BUSY_WAIT);
        let result = result.map(|()| Compacted {
            bytes_before,
            bytes_after: file_size(&path) + file_size(&super::open::wal_path(&path)),
        });
        self.note(result)
    }

    /// Step 1: `VACUUM INTO` the copy; progress is the copy's size so far.
    fn copy_compact(
        &mut self,
        copy: &Path,
        used: u64,
        cancel: &AtomicBool,
        progress: &mut impl FnMut(CompactStep),
    ) -> Result<()> {
        let sql = format!(
            "VACUUM INTO '{}'",
            copy.to_string_lossy().replace('\'', "''")
        );
        self.run_interruptible(&sql, cancel, &mut || {
            progress(CompactStep::Copying(file_size(copy) as f32 / used as f32))
        })?;
        progress(CompactStep::Copying(1.0));
        Ok(())
    }

    /// Runs one long statement on another thread while this one calls `tick` ten times a
    /// second and interrupts the statement when `cancel` is set.
    fn run_interruptible(
        &mut self,
        sql: &str,
        cancel: &AtomicBool,
        tick: &mut dyn FnMut(),
    ) -> Result<()> {
        let interrupt = self.conn.get_interrupt_handle();
        let conn = &mut self.conn;
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("dossier-compact".into())
                .spawn_scoped(scope, move || -> Result<()> {
                    conn.execute_batch(sql)?;
                    Ok(())
                })
                .map_err(|e| StoreError::Invalid(format!("could not start compacting: {e}")))?;
            while !worker.is_finished() {
                if cancel.load(Ordering::Relaxed) {
                    interrupt.interrupt();
                }
                tick();
                std::thread::sleep(Duration::from_millis(100));
            }
            match worker.join() {
                Ok(result) => result,
                Err(_) => Err(StoreError::Invalid(
                    "compacting stopped unexpectedly".into(),
                )),
            }
        })
        .map_err(|e| cancelled_or(e, cancel))
    }

    /// Step 2: the copy's pages back into the dossier, in one write transaction.
    fn copy_back(
        &mut self,
        copy: &Path,
        cancel: &AtomicBool,
        progress: &mut impl FnMut(CompactStep),
    ) -> Result<()> {
        use rusqlite::backup::{Backup, StepResult};
        let from = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let backup = Backup::new(&from, &mut self.conn)?;
        loop {
            if cancel.load(Ordering::Relaxed) {
                // Dropping the backup before it is done rolls its transaction back.
                return Err(StoreError::Invalid("compacting was cancelled".into()));
            }
            let step = backup.step(256)?;
            let p = backup.progress();
            let done = 1.0 - p.remaining as f32 / p.pagecount.max(1) as f32;
            progress(CompactStep::Replacing(done));
            match step {
                StepResult::Done => return Ok(()),
                StepResult::More => {}
                _ => return Err(StoreError::Busy),
            }
        }
    }
}

/// An interrupted `VACUUM INTO` reads as "cancelled" when the user asked for it.
fn cancelled_or(e: StoreError, cancel: &AtomicBool) -> StoreError {
    if cancel.load(Ordering::Relaxed) {
        StoreError::Invalid("compacting was cancelled".into())
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worth_compacting_needs_much_free_space_and_a_large_share() {
        let mb = 1u64 << 20;
        let s = |file, free| SpaceUse {
            file_bytes: file * mb,
            free_bytes: free * mb,
        };
        assert!(!s(100, 10).worth_compacting());
        assert!(!s(1000, 100).worth_compacting(), "a tenth is not worth it");
        assert!(s(1000, 300).worth_compacting());
        assert!(!s(80, 40).worth_compacting(), "40 MB free is too little");
    }

    #[test]
    fn fractions_cover_both_steps_in_order() {
        assert_eq!(CompactStep::Tidying.fraction(), 0.0);
        assert_eq!(CompactStep::Copying(0.0).fraction(), 0.0);
        assert_eq!(CompactStep::Copying(2.0).fraction(), 0.5);
        assert_eq!(CompactStep::Replacing(0.5).fraction(), 0.75);
        assert_eq!(CompactStep::Replacing(1.0).fraction(), 1.0);
    }

    #[test]
    fn the_copy_sits_beside_the_dossier() {
        assert_eq!(
            copy_path(Path::new("/data/case.dossier")),
            Path::new("/data/case.dossier.compacting")
        );
    }
}
