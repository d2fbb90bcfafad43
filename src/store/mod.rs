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
pub mod curate;
mod read;
pub mod rows;
mod schema;
mod summary;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use app_queries::ActorDates;
pub use curate::{Correction, CorrectionRow};
pub use read::SEARCH_RANK_WINDOW;
pub use rows::*;
pub use schema::APPLICATION_ID;
pub use write::{FileImport, FileOutcome, ImportOutcome, NewArticle, SourceFile};

/// Version of the newest schema this build knows.
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;

/// Why a dossier could not be opened or used. Messages are written for people.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a dossier (it is not a database Dossier can read)")]
    NotADossier { path: PathBuf },
    #[error("{path} is damaged and cannot be opened safely ({detail})")]
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
    /// Opens the dossier at `path`, creating it (and its folder) when it does not exist.
    pub fn open(path: &Path) -> Result<Store> {
        let exists = path.exists();
        if exists {
            check_existing(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_owned(),
                detail: e.to_string(),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let mut store = Store::with_connection(conn, Some(path.to_owned()));
        store.configure().map_err(|e| match e {
            StoreError::Sql(s) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: s.to_string(),
            },
            other => other,
        })?;
        store.migrate()?;
        Ok(store)
    }

    /// A dossier in memory, for tests and one-off analysis.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store::with_connection(Connection::open_in_memory()?, None);
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    fn with_connection(conn: Connection, path: Option<PathBuf>) -> Store {
        Store {
            conn,
            path,
            pending: write::Pending::default(),
        }
    }

    /// Where the dossier lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Before the first table is created (later it changes nothing): 16 KiB pages hold several
        // news articles of a few KiB each, where smaller pages hold one or two and waste the rest.
        self.conn.pragma_update(None, "page_size", 16384)?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // Savepoint journals (one per imported article) stay in memory instead of a temp file.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.pragma_update(None, "cache_size", -32_000)?;
        Ok(())
    }

    /// Brings the schema up to [`SCHEMA_VERSION`], all pending migrations in one exclusive transaction.
    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone().unwrap_or_default(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
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
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| e.to_string())?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(|e| e.to_string())?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(rows.join("; "))
        }
    }

    /// The schema version of the open dossier.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Checks an existing file through a read-only connection, writing nothing to it.
fn check_existing(path: &Path) -> Result<()> {
    use std::io::Read;
    let not_dossier = || StoreError::NotADossier {
        path: path.to_owned(),
    };
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::Open {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(not_dossier());
    }
    if f.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(not_dossier());
    }
    drop(f);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::Open {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(corrupt)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(corrupt)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(corrupt)?;
    if app_id != APPLICATION_ID {
        // An empty database with no schema at all is a fresh file someone created for us.
        if !(app_id == 0 && version == 0 && tables == 0) {
            return Err(not_dossier());
        }
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
