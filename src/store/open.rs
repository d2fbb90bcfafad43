//! Opening dossiers safely: what a file is before any connection touches it, creation and
//! migration that several processes can race on, damage found before the first write, and
//! read-only access for files that cannot or must not be written.
//!
//! # Damage before writes
//! SQLite notices a damaged page only when it reads it, so an import that never reads the damaged
//! part would write into a broken file. Before a dossier is opened for writing, its pages are
//! checked (`PRAGMA quick_check`) unless the file is exactly as Dossier left it when it last
//! closed it cleanly: size, modification time and inode are recorded in a small cache file at a
//! clean close and compared at the next open. After a crash, a kill, or any change by another
//! program the record does not match and the check runs. While a dossier is open, any corruption
//! error SQLite reports marks it damaged, and a commit hook refuses every later commit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, SCHEMA_VERSION, StoreError};

/// What a file on disk is, read from its first 100 bytes without opening it as a database (so a
/// refused file gets no `-wal` or `-shm` files beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileState {
    /// No file: it will be created.
    Missing,
    /// A file of zero bytes, or a database with no schema at all: a dossier not created yet (or
    /// being created by another process right now).
    Fresh,
    /// A dossier; `version` is the schema version in its header (a migration still in the
    /// write-ahead log may make it newer).
    Dossier { version: i64 },
}

/// Reads the SQLite header of `path` and decides what the file is. A database header that is
/// not a dossier's is read again twice, 20 ms apart: another process creating the dossier may
/// be rewriting its first page at that very moment, and a read can catch it half written.
pub(crate) fn inspect(path: &Path) -> Result<FileState> {
    let mut tries = 0;
    loop {
        match inspect_once(path) {
            Err(StoreError::NotADossier { .. }) if tries < 2 && sqlite_magic(path) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// True when the file starts like an SQLite database.
fn sqlite_magic(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"SQLite format 3\0"
}

fn inspect_once(path: &Path) -> Result<FileState> {
    use std::io::Read;
    let open_err = |e: std::io::Error| StoreError::Open {
        path: path.to_owned(),
        detail: plain_io(&e),
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(open_err(e)),
    };
    let meta = file.metadata().map_err(open_err)?;
    if meta.is_dir() {
        return Err(StoreError::NotADossier {
            path: path.to_owned(),
        });
    }
    if meta.len() == 0 {
        return Ok(FileState::Fresh);
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(open_err(e)),
        }
    }
    classify_header(&header[..read]).ok_or_else(|| StoreError::NotADossier {
        path: path.to_owned(),
    })
}

/// The state a header describes; `None` when it is not a dossier.
fn classify_header(header: &[u8]) -> Option<FileState> {
    if header.len() < 100 || &header[..16] != b"SQLite format 3\0" {
        return None;
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let schema_cookie = be32(40);
    let user_version = be32(60) as i32 as i64;
    let application_id = be32(68) as i32;
    if application_id == APPLICATION_ID {
        return Some(FileState::Dossier {
            version: user_version,
        });
    }
    // A database nobody has put a table in yet is a fresh file someone created for us.
    (application_id == 0 && user_version == 0 && schema_cookie == 0).then_some(FileState::Fresh)
}

/// A plain-language reason for an IO error while opening a dossier.
fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotFound => "the file does not exist".into(),
        _ => e.to_string(),
    }
}

/// How long a process waits for another one creating, migrating or writing the same dossier.
pub(crate) const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens a connection for writing (creating the file when missing).
pub(crate) fn connect_rw(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    conn.busy_timeout(BUSY_WAIT)?;
    Ok(conn)
}

/// Opens a connection that never writes. In a folder where SQLite cannot create its shared-memory
/// file (a read-only folder, a read-only mount) the file is opened as immutable, which needs no
/// locks and no side files.
pub(crate) fn connect_ro(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags).and_then(|c| {
        c.busy_timeout(BUSY_WAIT)?;
        // The first read is what needs the shared-memory file of a WAL dossier.
        c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(c)
    });
    match plain {
        Ok(c) => Ok(c),
        Err(first) => {
            let uri = immutable_uri(path);
            Connection::open_with_flags(&uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                        r.get::<_, i64>(0)
                    })?;
                    Ok(c)
                })
                .map_err(|_| StoreError::from_open(path, first))
        }
    }
}

/// `file:` URI of `path` with `immutable=1`, its special characters percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

impl StoreError {
    /// The error for a connection that could not be opened or first read.
    fn from_open(path: &Path, e: rusqlite::Error) -> StoreError {
        match StoreError::from(e) {
            StoreError::Damaged(detail) => StoreError::Corrupt {
                path: path.to_owned(),
                detail,
            },
            StoreError::Sql(e) => StoreError::Open {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            other => other,
        }
    }
}

/// Runs SQLite's `quick_check` (pages and structure) or `integrity_check` (also indexes against
/// their tables); the problems it lists, or `Ok` when sound.
pub(crate) fn pragma_check(conn: &Connection, pragma: &str) -> std::result::Result<(), String> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&format!("PRAGMA {pragma}(20)"))?;
        stmt.query_map([], |r| r.get(0))?.collect()
    };
    match run() {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(()),
        Ok(rows) => Err(rows.join("; ")),
        Err(e) => Err(e.to_string()),
    }
}

/// A shared flag that refuses every commit once set (through SQLite's commit hook), so nothing is
/// ever committed into a dossier found damaged, whichever path the write takes.
pub(crate) fn install_damage_guard(conn: &mut Connection) -> Result<Arc<AtomicBool>> {
    let damaged = Arc::new(AtomicBool::new(false));
    let flag = damaged.clone();
    conn.commit_hook(Some(move || flag.load(Ordering::SeqCst)))?;
    Ok(damaged)
}

/// The identity of a file as it is on disk now: size, modification time, inode.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Fingerprint {
    len: u64,
    modified_ns: i128,
    inode: u64,
}

fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let modified_ns = match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Fingerprint {
        len: meta.len(),
        modified_ns,
        inode,
    })
}

/// Where clean closes are recorded: a cache (losing it only costs a check at the next open).
fn records_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DOSSIER_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("clean-closes.json"));
    }
    directories::ProjectDirs::from("", "", "dossier")
        .map(|d| d.cache_dir().join("clean-closes.json"))
}

/// At most this many dossiers are remembered (the oldest records go first).
const MAX_RECORDS: usize = 64;

type Records = Vec<(PathBuf, Fingerprint)>;

fn load_records(at: &Path) -> Records {
    std::fs::read(at)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// True when `path` is exactly as a clean close left it, so its pages need no check.
pub(crate) fn closed_cleanly(path: &Path) -> bool {
    let Some(at) = records_path() else {
        return false;
    };
    // A write-ahead log beside the file means it was not closed cleanly (or is open elsewhere).
    if wal_path(path).exists() {
        return false;
    }
    let key = canonical(path);
    let now = fingerprint(path);
    load_records(&at)
        .iter()
        .any(|(p, f)| *p == key && Some(f) == now.as_ref())
}

/// Forgets the clean close of `path` (it is about to change).
pub(crate) fn forget_clean_close(path: &Path) {
    update_records(path, None);
}

/// Records that `path` was just closed cleanly (no write-ahead log left beside it).
pub(crate) fn record_clean_close(path: &Path) {
    if wal_path(path).exists() {
        return;
    }
    if let Some(f) = fingerprint(path) {
        update_records(path, Some(f));
    }
}

fn update_records(path: &Path, fingerprint: Option<Fingerprint>) {
    let Some(at) = records_path() else { return };
    let key = canonical(path);
    let mut records = load_records(&at);
    let before = records.len();
    records.retain(|(p, _)| *p != key && p.exists());
    if fingerprint.is_none() && records.len() == before {
        return;
    }
    if let Some(f) = fingerprint {
        records.push((key, f));
    }
    let excess = records.len().saturating_sub(MAX_RECORDS);
    records.drain(..excess);
    // Written to a temporary name and renamed: a reader sees the old list or the new one. Two
    // processes racing may lose a record, which only costs a check at the next open.
    let Some(dir) = at.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("clean-closes.{}.tmp", std::process::id()));
    let Ok(bytes) = serde_json::to_vec(&records) else {
        return;
    };
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &at).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The write-ahead log SQLite keeps beside `path`.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Checks that the schema version and application id of an open connection are what this build
/// reads (the header read before opening may be older than a migration still in the log).
pub(crate) fn read_version(conn: &Connection, path: &Path) -> Result<i64> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| StoreError::from_open(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(app_id: i32, version: i32, cookie: u32) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(b"SQLite format 3\0");
        h[40..44].copy_from_slice(&cookie.to_be_bytes());
        h[60..64].copy_from_slice(&version.to_be_bytes());
        h[68..72].copy_from_slice(&app_id.to_be_bytes());
        h
    }

    #[test]
    fn headers_are_classified_without_sqlite() {
        assert_eq!(
            classify_header(&header(APPLICATION_ID, 3, 9)),
            Some(FileState::Dossier { version: 3 })
        );
        assert_eq!(classify_header(&header(0, 0, 0)), Some(FileState::Fresh));
        assert_eq!(
            classify_header(&header(0, 0, 1)),
            None,
            "someone else's tables"
        );
        assert_eq!(
            classify_header(&header(7, 0, 0)),
            None,
            "another application"
        );
        assert_eq!(classify_header(b"SQLite format 3\0"), None, "truncated");
        assert_eq!(classify_header(&[b'x'; 100]), None);
    }

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        let uri = immutable_uri(Path::new("/tmp/a b?c#d%e.dossier"));
        assert_eq!(uri, "file:/tmp/a%20b%3Fc%23d%25e.dossier?immutable=1");
    }
}
