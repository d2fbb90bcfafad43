//! The only module with SQL: opens dossiers, migrates them, writes imports in transactions and
//! answers the queries of the app, the command line and the exporters.
//!
//! # Safety of the data
//! - A file is checked (SQLite header, `application_id`, schema version) through a read-only
//!   connection before anything writes to it, so a file that is not a dossier, a corrupt one or one
//!   from a newer Dossier is refused and left untouched.
//! - WAL journal, foreign keys on; every import of an article is one transaction.
//! - `synchronous = NORMAL` in WAL mode: a killed process never loses a committed import and never
//!   corrupts the file; a power cut may roll back the last imports, never corrupt.

mod app_queries;
mod briefing;
mod compact;
pub mod curate;
mod open;
mod rank;
mod read;
mod recover;
pub mod rows;
mod schema;
mod stats;
mod summary;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use compact::{CompactStep, Compacted, SpaceUse};
pub use curate::{Correction, CorrectionRow, CorrectionStatus};
pub use read::SEARCH_RANK_WINDOW;
pub use recover::{
    RestoredCorrections, Salvage, SalvagedArticle, salvage_articles, salvage_corrections,
};
pub use rows::*;
pub use schema::APPLICATION_ID;
pub use stats::StatsMismatch;
pub use write::{FileImport, FileOutcome, ImportOutcome, NewArticle, SourceFile};

/// The page size of a new dossier, in bytes. 16 KiB pages hold several news articles of a few
/// KiB each, where smaller pages hold one or two and waste the rest. Larger pages waste less of
/// the article table (64 KiB: 2.48x the text instead of 2.54x at 100,000 articles) but every
/// page an import changes is written whole to the log: at 300,000 articles, importing went
/// from 1,100 to 780 articles a second with 64 KiB pages, against 860 with these.
pub const PAGE_SIZE: u32 = 16384;
/// The page cache of a connection, in KiB: a sixteenth of the dossier, at least 32 MB and at most
/// 128 MB. A large dossier's indexes take new entries all over (a middle actor's mentions, a new
/// article's hash): with 32 MB, each import batch into a million-article dossier read most of
/// those pages again from the file. A small dossier needs no such cache, and an import of a few
/// very large files stays within its memory bound (246 MB for 24 files of 6-12 MB, where a fixed
/// 128 MB cache took it to 336 MB).
const CACHE_KIB: std::ops::RangeInclusive<i64> = 32 * 1024..=128 * 1024;
/// Pages in the write-ahead log before SQLite copies them into the dossier (64 MB).
const CHECKPOINT_PAGES: i64 = 4096;

/// Version of the newest schema this build knows.
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;

/// Why a dossier could not be opened or used. Messages are written for people.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a dossier (it is not a database Dossier can read)")]
    NotADossier { path: PathBuf },
    #[error(
        "{path} is damaged and was not changed ({detail}). `dossier recover` (File > Recover in the app) copies what can still be read into a new dossier"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path} was made by a newer version of Dossier (format {found}; this version reads up to {supported}). Update Dossier to open it."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path} could not be opened: {detail}")]
    Open { path: PathBuf, detail: String },
    /// SQLite reported damage while the dossier was in use: nothing more is written to it.
    #[error(
        "the dossier is damaged ({0}); nothing more will be written to it. `dossier recover` copies what can still be read into a new dossier"
    )]
    Damaged(String),
    #[error("the dossier cannot be changed: the file or its folder is read-only")]
    ReadOnly,
    #[error(
        "{path} was made by an older version of Dossier and must be upgraded, which needs permission to write it"
    )]
    NeedsUpgrade { path: PathBuf },
    #[error("the disk is full: nothing was written")]
    DiskFull,
    #[error("the dossier is busy in another program; try again in a moment")]
    Busy,
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Damaged(e.to_string())
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sql(e),
        }
    }
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open dossier.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Name ids and full-text rows of writes not committed yet.
    pending: write::Pending,
    /// Set when SQLite reports damage: the commit hook then refuses every commit.
    damaged: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// False for dossiers opened with [`Store::open_read_only`].
    writable: bool,
}

impl Drop for Store {
    /// Closes the connection and, when the dossier was written and closed cleanly, records the
    /// file's state so the next open can skip checking its pages.
    fn drop(&mut self) {
        if !self.writable || self.is_damaged() {
            return;
        }
        let Some(path) = self.path.clone() else {
            return;
        };
        let Ok(placeholder) = Connection::open_in_memory() else {
            return;
        };
        let conn = std::mem::replace(&mut self.conn, placeholder);
        if conn.close().is_ok() {
            open::record_clean_close(&path);
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The default dossier: `$DOSSIER_DB`, else `default.dossier` in the platform data directory
/// (`~/.local/share/dossier/` on Linux).
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("DOSSIER_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "dossier")
        .map(|d| d.data_dir().join("default.dossier"))
        .unwrap_or_else(|| PathBuf::from("default.dossier"))
}

impl Store {
    /// Opens the dossier at `path` for reading and writing, creating it (and its folder) when it
    /// does not exist. Several processes may create, migrate and import into one dossier at once:
    /// each waits for the others. A dossier that is damaged, not a dossier, or from a newer
    /// Dossier is refused and nothing is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        let state = open::inspect(path)?;
        if state == open::FileState::Missing
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_owned(),
                detail: e.to_string(),
            })?;
        }
        if let open::FileState::Dossier { version } = state
            && version > SCHEMA_VERSION
        {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let mut conn = open::connect_rw(path)?;
        if matches!(state, open::FileState::Dossier { .. }) && !open::closed_cleanly(path) {
            // Damage anywhere in the file is found before the first write, not when a write
            // happens to read the damaged page.
            open::pragma_check(&conn, "quick_check").map_err(|detail| StoreError::Corrupt {
                path: path.to_owned(),
                detail,
            })?;
        }
        open::forget_clean_close(path);
        let damaged = open::install_damage_guard(&mut conn)?;
        let mut store = Store::with_connection(conn, Some(path.to_owned()))?;
        store.damaged = damaged;
        store.configure().map_err(|e| match e {
            StoreError::Sql(s) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: s.to_string(),
            },
            other => other,
        })?;
        store.migrate()?;
        // After the schema exists (page size is settled by then); a no-op when already WAL.
        store
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(StoreError::from)?;
        store.writable = true;
        Ok(store)
    }

    /// True when opening the dossier at `path` first checks every page for damage: it was not
    /// closed cleanly, or was moved or copied since. The check reads the whole file, which takes
    /// about 20 s for a million articles (a minute when the file is not in the system's cache).
    pub fn open_checks_first(path: &Path) -> bool {
        matches!(open::inspect(path), Ok(open::FileState::Dossier { .. }))
            && !open::closed_cleanly(path)
    }

    /// Opens the dossier at `path` for reading only: nothing is written, not even when it is
    /// from an older version (which is then read only if it can be upgraded in place: the
    /// caller gets an explanation otherwise). Works on read-only files and folders. A file being
    /// created by another process right now reads as an empty dossier.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        match open::inspect(path)? {
            open::FileState::Missing => Err(StoreError::Open {
                path: path.to_owned(),
                detail: "there is no dossier there yet (import articles to create it)".into(),
            }),
            open::FileState::Fresh => {
                let mut store = Store::open_in_memory()?;
                store.path = Some(path.to_owned());
                store.writable = false;
                Ok(store)
            }
            open::FileState::Dossier { .. } => {
                let conn = open::connect_ro(path)?;
                let version = open::read_version(&conn, path)?;
                if version < SCHEMA_VERSION {
                    drop(conn);
                    // An older dossier: upgrade it when the file can be written.
                    return Store::open(path).map_err(|e| match e {
                        StoreError::Open { .. } | StoreError::ReadOnly => {
                            StoreError::NeedsUpgrade {
                                path: path.to_owned(),
                            }
                        }
                        other => other,
                    });
                }
                let store = Store::with_connection(conn, Some(path.to_owned()))?;
                store.conn.busy_timeout(open::BUSY_WAIT)?;
                Ok(store)
            }
        }
    }

    /// A dossier in memory, for tests and one-off analysis.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        let damaged = open::install_damage_guard(&mut conn)?;
        let mut store = Store::with_connection(conn, None)?;
        store.damaged = damaged;
        store.configure()?;
        store.migrate()?;
        store.writable = true;
        Ok(store)
    }

    fn with_connection(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        // Searches rank with it (see `read::search_in_window`).
        rank::register(&conn)?;
        Ok(Store {
            conn,
            path,
            pending: write::Pending::default(),
            damaged: Default::default(),
            writable: false,
        })
    }

    /// True once SQLite has reported damage in this dossier (see [`Store::note`]).
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Marks the dossier damaged: every later commit is refused.
    pub fn mark_damaged(&self) {
        self.damaged
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Passes `result` through, marking the dossier damaged when it reports damage. Every entry
    /// point that writes goes through this, and the app's worker passes every error here.
    pub fn note<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(StoreError::Damaged(_) | StoreError::Corrupt { .. }) = &result {
            self.mark_damaged();
        }
        result
    }

    /// Refuses to start a write on a dossier that is read-only or was found damaged.
    pub(crate) fn ensure_writable(&self) -> Result<()> {
        if self.is_damaged() {
            return Err(StoreError::Damaged(
                "damage was found earlier in this session".into(),
            ));
        }
        if !self.writable {
            return Err(StoreError::ReadOnly);
        }
        Ok(())
    }

    /// Where the dossier lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(open::BUSY_WAIT)?;
        // Before the first table is created (later it changes nothing; dossiers made before keep
        // their pages).
        self.conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // Savepoint journals (one per imported article) stay in memory instead of a temp file.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.size_cache()?;
        // Pages changed again and again between checkpoints are copied into the file once per
        // checkpoint: a longer write-ahead log (64 MB rather than 16 MB) copies them less often.
        self.conn
            .pragma_update(None, "wal_autocheckpoint", CHECKPOINT_PAGES)?;
        // An import uses a few dozen statements per article; with fewer cached, SQLite would
        // parse some of them again for every article.
        self.conn.set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    /// Sizes the page cache for the dossier as it is now (see [`CACHE_KIB`]).
    pub(crate) fn size_cache(&self) -> Result<()> {
        let bytes: i64 = self.conn.query_row(
            "SELECT c.page_count * s.page_size FROM pragma_page_count() c, pragma_page_size() s",
            [],
            |r| r.get(0),
        )?;
        let kib = (bytes / 1024 / 16).clamp(*CACHE_KIB.start(), *CACHE_KIB.end());
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }

    /// Brings the schema up to [`SCHEMA_VERSION`], all pending migrations in one exclusive transaction.
    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone().unwrap_or_default();
        if open::read_version(&self.conn, &path)? == SCHEMA_VERSION {
            return Ok(());
        }
        // Another process may be creating or migrating the same file: the exclusive lock makes
        // it wait, and the version is read again under the lock.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        let version = open::read_version(&tx, &path)?;
        if version == 0 {
            let (tables, app_id): (i64, i32) = tx.query_row(
                "SELECT (SELECT count(*) FROM sqlite_master), (SELECT application_id FROM pragma_application_id)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if tables > 0 && app_id != APPLICATION_ID {
                return Err(StoreError::NotADossier { path });
            }
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs SQLite's full integrity check; `Ok(())` when the dossier is sound.
    pub fn check_integrity(&self) -> Result<(), String> {
        open::pragma_check(&self.conn, "integrity_check")
    }

    /// The schema version of the open dossier.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests;
