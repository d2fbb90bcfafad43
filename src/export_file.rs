//! IO glue for exports: gathers a summary from the store, renders it with the pure exporters in
//! [`crate::export`] and writes the file atomically. Used by the `export` command and by the
//! app's File > Export summary.
//!
//! # Atomic writes
//! Each file is written to a temporary file in the same folder (`.<name>.<pid>.<n>.tmp`),
//! flushed and fsynced, then renamed over the target, and the folder is fsynced. On any error the
//! temporary file is removed and the target is left as it was: a failed export never leaves a
//! half-written file. The CSV format writes two files (`NAME-actors.csv`, `NAME-quotes.csv`):
//! both are written completely before either is renamed into place.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::export::{self, Focus, Scope, Summary};
use crate::store::Store;

/// The formats an export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Markdown,
    Html,
    Json,
    /// Two files: the actors table and the quotes table.
    Csv,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Json,
        ExportFormat::Csv,
    ];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }

    /// A name for menus and file dialogs.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML page",
            ExportFormat::Json => "JSON",
            ExportFormat::Csv => "CSV tables (actors and quotes)",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(ExportFormat::Markdown),
            "html" | "htm" => Ok(ExportFormat::Html),
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            _ => Err("expected md, html, json or csv".into()),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The files written (two for CSV).
    pub files: Vec<PathBuf>,
    /// Total size of the files.
    pub bytes: u64,
    pub articles: u64,
    pub actors: u64,
    pub quotes: u64,
}

impl ExportReport {
    /// One sentence for a status bar or the terminal.
    pub fn message(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        format!(
            "wrote {} ({} articles, {} actors, {} quotes, {})",
            files.join(" and "),
            self.articles,
            self.actors,
            self.quotes,
            human_size(self.bytes)
        )
    }
}

fn human_size(bytes: u64) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} bytes")
    } else if bytes < 10 * 1024 * 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{} MB", bytes / (1024 * 1024))
    }
}

/// Exports a summary of `scope` from `store` to `path` in `format`, atomically. For CSV, `path`
/// names the pair: `out.csv` writes `out-actors.csv` and `out-quotes.csv` (see [`csv_paths`]).
/// The error is a sentence for people.
pub fn export_summary(
    store: &Store,
    scope: &Scope,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportReport, String> {
    let summary = store
        .summary(scope)
        .map_err(|e| format!("the summary could not be gathered: {e}"))?;
    write_summary(&summary, format, path)
}

/// Writes an already gathered summary to `path` in `format`, atomically.
pub fn write_summary(
    summary: &Summary,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportReport, String> {
    type Render = fn(&Summary, &mut BufWriter<File>) -> io::Result<()>;
    let jobs: Vec<(PathBuf, Render)> = match format {
        ExportFormat::Markdown => vec![(path.to_owned(), |s, w| export::markdown(s, w))],
        ExportFormat::Html => vec![(path.to_owned(), |s, w| export::html(s, w))],
        ExportFormat::Json => vec![(path.to_owned(), |s, w| export::json(s, w))],
        ExportFormat::Csv => {
            let [actors, quotes] = csv_paths(path);
            vec![
                (actors, |s, w| export::csv_actors(s, w)),
                (quotes, |s, w| export::csv_quotes(s, w)),
            ]
        }
    };
    let mut pending = Vec::with_capacity(jobs.len());
    for (target, render) in jobs {
        let file = Pending::write(&target, |w| render(summary, w))
            .map_err(|e| format!("cannot write {}: {}", target.display(), write_reason(&e)))?;
        pending.push(file);
    }
    let mut report = ExportReport {
        files: Vec::new(),
        bytes: 0,
        articles: summary.totals.articles,
        actors: summary.totals.actors,
        quotes: summary.totals.quotes,
    };
    for file in pending {
        report.bytes += file.bytes;
        let target = file.target.clone();
        file.commit()
            .map_err(|e| format!("cannot write {}: {}", target.display(), write_reason(&e)))?;
        report.files.push(target);
    }
    Ok(report)
}

/// The two files a CSV export writes for `path`: `NAME-actors.EXT` and `NAME-quotes.EXT` next to
/// it (`EXT` is `csv` when `path` has no extension).
pub fn csv_paths(path: &Path) -> [PathBuf; 2] {
    let stem = path
        .file_stem()
        .map_or_else(|| "summary".into(), |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(|| "csv".into(), |e| e.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new(""));
    ["actors", "quotes"].map(|table| dir.join(format!("{stem}-{table}.{ext}")))
}

/// A plain-language reason for a write error.
fn write_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "the folder does not exist".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}

/// A completely written and fsynced temporary file waiting to be renamed over its target.
/// Dropping it without [`Pending::commit`] removes the temporary file.
struct Pending {
    temp: PathBuf,
    target: PathBuf,
    bytes: u64,
    committed: bool,
}

impl Pending {
    /// Writes `target`'s future content into a new temporary file next to it.
    fn write(
        target: &Path,
        render: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    ) -> io::Result<Pending> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        if target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder",
            ));
        }
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name given"))?;
        let dir = target.parent().unwrap_or(Path::new(""));
        let temp = dir.join(format!(
            ".{}.{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::options().write(true).create_new(true).open(&temp)?;
        // From here on `pending` owns the temporary file and removes it on any early return.
        let mut pending = Pending {
            temp,
            target: target.to_owned(),
            bytes: 0,
            committed: false,
        };
        let mut w = BufWriter::with_capacity(256 * 1024, file);
        render(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        pending.bytes = file.metadata()?.len();
        Ok(pending)
    }

    /// Renames the temporary file over the target and makes the rename durable.
    fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        if let Some(dir) = self.target.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            // Not every platform can open a folder for syncing; the file itself is synced.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Arguments of `dossier export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Summarise one actor (name or alias) instead of the whole dossier.
    #[arg(long, value_name = "NAME", conflicts_with = "topic")]
    pub actor: Option<String>,
    /// Summarise one topic (key or label).
    #[arg(long, value_name = "NAME")]
    pub topic: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = export::parse_iso_date)]
    pub from: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = export::parse_iso_date)]
    pub to: Option<String>,
    /// md, html, json or csv (csv writes NAME-actors.csv and NAME-quotes.csv).
    #[arg(long, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// The file to write (replaced atomically if it exists).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `dossier export` on the dossier at `db`; the error is a sentence for people.
pub fn run_cli(db: &Path, args: ExportArgs) -> Result<ExitCode, String> {
    if let (Some(from), Some(to)) = (&args.from, &args.to)
        && from > to
    {
        return Err(format!("--from {from} is after --to {to}"));
    }
    let store = Store::open_read_only(db).map_err(|e| e.to_string())?;
    let focus = if let Some(name) = &args.actor {
        let id = store
            .find_actor(name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no actor named \"{name}\" in the dossier"))?;
        Focus::Actor(id)
    } else if let Some(name) = &args.topic {
        let id = store
            .find_topic(name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no topic named \"{name}\" in the dossier"))?;
        Focus::Topic(id)
    } else {
        Focus::Dossier
    };
    let scope = Scope {
        focus,
        from: args.from,
        to: args.to,
    };
    let report = export_summary(&store, &scope, args.format, &args.output)?;
    crate::outln!("{}", report.message());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn formats_parse_and_name_their_extension() {
        assert_eq!("MD".parse(), Ok(ExportFormat::Markdown));
        assert_eq!(" html".parse(), Ok(ExportFormat::Html));
        assert!("pdf".parse::<ExportFormat>().is_err());
        for f in ExportFormat::ALL {
            assert_eq!(f.extension().parse(), Ok(f));
        }
    }

    #[test]
    fn csv_pairs_sit_next_to_the_given_name() {
        assert_eq!(
            csv_paths(Path::new("/tmp/out.csv")),
            [
                PathBuf::from("/tmp/out-actors.csv"),
                PathBuf::from("/tmp/out-quotes.csv")
            ]
        );
        assert_eq!(
            csv_paths(Path::new("report")),
            [
                PathBuf::from("report-actors.csv"),
                PathBuf::from("report-quotes.csv")
            ]
        );
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        std::fs::write(&target, "old").unwrap();
        let err = Pending::write(&target, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("renderer failed"))
        })
        .err()
        .unwrap();
        assert_eq!(err.to_string(), "renderer failed");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(files_in(dir.path()), vec!["out.md".to_string()]);
    }

    #[test]
    fn a_committed_write_replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        std::fs::write(&target, "old").unwrap();
        let p = Pending::write(&target, |w| w.write_all(b"new content")).unwrap();
        assert_eq!(p.bytes, 11);
        // Until the commit the old file is untouched.
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        p.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        assert_eq!(files_in(dir.path()), vec!["out.md".to_string()]);
    }

    #[test]
    fn writing_into_a_missing_folder_or_onto_a_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::export::testdata::summary("x");
        let missing = dir.path().join("no/such/out.json");
        let err = write_summary(&s, ExportFormat::Json, &missing).unwrap_err();
        assert!(err.contains("the folder does not exist"), "{err}");
        let err = write_summary(&s, ExportFormat::Html, dir.path()).unwrap_err();
        assert!(err.contains("folder"), "{err}");
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn csv_writes_both_tables() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::export::testdata::summary("x");
        let report = write_summary(&s, ExportFormat::Csv, &dir.path().join("t.csv")).unwrap();
        assert_eq!(report.files.len(), 2);
        assert_eq!(
            files_in(dir.path()),
            vec!["t-actors.csv".to_string(), "t-quotes.csv".to_string()]
        );
        assert!(report.message().contains("t-actors.csv"));
    }
}
