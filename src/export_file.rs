//! IO glue for exports: gathers a summary from the store, renders it with the pure exporters in
//! [`crate::export`] and writes the file atomically. Used by the `export` command and by the
//! app's File > Export summary.
//!
//! # One file, the one named
//! Every export writes exactly the file it is given, never one with another name: CSV writes one
//! table per file ([`ExportFormat::Csv`] with a [`CsvTable`]) or all three tables in one zip
//! archive ([`ExportFormat::CsvZip`]).
//!
//! # Atomic writes
//! The file is written to a temporary file in the same folder (`.<name>.<pid>.<n>.tmp`),
//! flushed and fsynced, then renamed over the target, and the folder is fsynced. On any error the
//! temporary file is removed and the target is left as it was: a failed export never leaves a
//! half-written file.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::export::{self, Focus, Options, Paper, Scope, Summary};
use crate::store::Store;

/// One table of the CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CsvTable {
    Actors,
    Quotes,
    Articles,
}

impl FromStr for CsvTable {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "actors" => Ok(CsvTable::Actors),
            "quotes" => Ok(CsvTable::Quotes),
            "articles" | "sources" => Ok(CsvTable::Articles),
            _ => Err("expected quotes, actors or articles".into()),
        }
    }
}

/// The formats an export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Markdown,
    Html,
    /// Word document (Office Open XML), for Word and LibreOffice.
    Docx,
    Json,
    /// One CSV table.
    Csv(CsvTable),
    /// A zip archive of the three CSV tables.
    CsvZip,
}

impl ExportFormat {
    /// The formats offered in menus, in menu order (single CSV tables are for the command line).
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::Json,
        ExportFormat::CsvZip,
    ];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Docx => "docx",
            ExportFormat::Json => "json",
            ExportFormat::Csv(_) => "csv",
            ExportFormat::CsvZip => "zip",
        }
    }

    /// A name for menus and file dialogs.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "HTML page",
            ExportFormat::Docx => "Word document",
            ExportFormat::Json => "JSON",
            ExportFormat::Csv(CsvTable::Actors) => "CSV table of actors",
            ExportFormat::Csv(CsvTable::Quotes) => "CSV table of quotes",
            ExportFormat::Csv(CsvTable::Articles) => "CSV table of articles",
            ExportFormat::CsvZip => "CSV tables (zip of actors, quotes, articles)",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    /// `md`, `html`, `docx`, `json`, `zip` (the CSV tables); `csv` alone needs a table, so
    /// it is refused here (see [`ExportArgs`]).
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(ExportFormat::Markdown),
            "html" | "htm" => Ok(ExportFormat::Html),
            "docx" | "word" => Ok(ExportFormat::Docx),
            "json" => Ok(ExportFormat::Json),
            "zip" => Ok(ExportFormat::CsvZip),
            _ => Err("expected md, html, docx, json or zip".into()),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The file written.
    pub files: Vec<PathBuf>,
    /// Its size.
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

/// Exports a summary of `scope` from `store` to `path` in `format`, atomically, with the default
/// cut-offs. The error is a sentence for people.
pub fn export_summary(
    store: &Store,
    scope: &Scope,
    format: ExportFormat,
    path: &Path,
) -> Result<ExportReport, String> {
    export_summary_with(store, scope, format, &Options::default(), path)
}

/// [`export_summary`] with chosen options (how many actor sections, paper size).
pub fn export_summary_with(
    store: &Store,
    scope: &Scope,
    format: ExportFormat,
    options: &Options,
    path: &Path,
) -> Result<ExportReport, String> {
    // The human formats show a briefing: gathered without reading every article. JSON and CSV
    // are complete.
    let gathered = match format {
        ExportFormat::Markdown | ExportFormat::Html | ExportFormat::Docx => {
            store.briefing(scope, options)
        }
        _ => store.summary(scope),
    };
    let summary = gathered.map_err(|e| format!("the summary could not be gathered: {e}"))?;
    write_summary(&summary, format, options, path)
}

/// Renders `summary` in `format` into `out` (no file involved).
pub fn render(
    summary: &Summary,
    format: ExportFormat,
    options: &Options,
    out: &mut impl io::Write,
) -> io::Result<()> {
    match format {
        ExportFormat::Markdown => export::markdown(summary, options, out),
        ExportFormat::Html => export::html(summary, options, out),
        ExportFormat::Docx => export::docx(summary, options, out),
        ExportFormat::Json => export::json(summary, out),
        ExportFormat::Csv(CsvTable::Actors) => export::csv_actors(summary, out),
        ExportFormat::Csv(CsvTable::Quotes) => export::csv_quotes(summary, out),
        ExportFormat::Csv(CsvTable::Articles) => export::csv_articles(summary, out),
        ExportFormat::CsvZip => export::csv_zip(summary, out),
    }
}

/// Writes an already gathered summary to exactly `path` in `format`, atomically.
pub fn write_summary(
    summary: &Summary,
    format: ExportFormat,
    options: &Options,
    path: &Path,
) -> Result<ExportReport, String> {
    let fail = |e: &io::Error| format!("cannot write {}: {}", path.display(), write_reason(e));
    let file =
        Pending::write(path, |w| render(summary, format, options, w)).map_err(|e| fail(&e))?;
    let bytes = file.bytes;
    file.commit().map_err(|e| fail(&e))?;
    Ok(ExportReport {
        files: vec![path.to_owned()],
        bytes,
        articles: summary.totals.articles,
        actors: summary.totals.actors,
        quotes: summary.totals.quotes,
    })
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

/// The `--format` values of `dossier export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
    Docx,
    Json,
    Csv,
}

/// The `--paper` values of `dossier export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

/// Arguments of `dossier export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Summarise these actors (name or alias; repeat for several) instead of the whole dossier.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["topic", "articles"])]
    pub actor: Vec<String>,
    /// Summarise one topic (key or label).
    #[arg(long, value_name = "NAME", conflicts_with = "articles")]
    pub topic: Option<String>,
    /// Summarise these articles (ids as shown by `dossier articles`, comma separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub articles: Vec<i64>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = export::parse_iso_date)]
    pub from: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = export::parse_iso_date)]
    pub to: Option<String>,
    /// md, html, docx, json or csv (csv: one table with --table, or all three when FILE ends in .zip).
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: FormatArg,
    /// The CSV table to write: quotes, actors or articles.
    #[arg(long, value_name = "TABLE", value_parser = CsvTable::from_str)]
    pub table: Option<CsvTable>,
    /// How many leading actors get a section of their own (Markdown, HTML, DOCX).
    #[arg(long, value_name = "N", default_value_t = export::DEFAULT_TOP)]
    pub top: usize,
    /// Paper size for printing (HTML, DOCX); by default HTML fits A4 and Letter, DOCX is A4.
    #[arg(long, value_name = "SIZE", value_enum)]
    pub paper: Option<PaperArg>,
    /// The file to write, exactly this one (replaced atomically if it exists).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// The format `args` ask for, or a usage message.
pub fn chosen_format(args: &ExportArgs) -> Result<ExportFormat, String> {
    let zip = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    match (args.format, args.table) {
        (FormatArg::Csv, Some(table)) if !zip => Ok(ExportFormat::Csv(table)),
        (FormatArg::Csv, Some(_)) => Err(
            "--table writes one CSV table, not a .zip file: name a .csv file, or leave out --table to get all three tables in the .zip".into(),
        ),
        (FormatArg::Csv, None) if zip => Ok(ExportFormat::CsvZip),
        (FormatArg::Csv, None) => Err(
            "--format csv writes one table per file: add --table quotes, actors or articles, or name a .zip file to get all three".into(),
        ),
        (_, Some(_)) => Err("--table goes with --format csv only".into()),
        (FormatArg::Md, None) => Ok(ExportFormat::Markdown),
        (FormatArg::Html, None) => Ok(ExportFormat::Html),
        (FormatArg::Docx, None) => Ok(ExportFormat::Docx),
        (FormatArg::Json, None) => Ok(ExportFormat::Json),
    }
}

/// Runs `dossier export` on the dossier at `db`; the error is a sentence for people. A usage
/// mistake clap cannot see (a CSV without a table) exits with 2 like other usage errors.
pub fn run_cli(db: &Path, args: ExportArgs) -> Result<ExitCode, String> {
    let format = match chosen_format(&args) {
        Ok(f) => f,
        Err(message) => {
            crate::errln!("dossier: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    if let (Some(from), Some(to)) = (&args.from, &args.to)
        && from > to
    {
        return Err(format!("--from {from} is after --to {to}"));
    }
    let store = Store::open_read_only(db).map_err(|e| e.to_string())?;
    let focus = if !args.actor.is_empty() {
        let mut ids = Vec::new();
        for name in &args.actor {
            let id = store
                .find_actor(name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no actor named \"{name}\" in the dossier"))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        match ids.as_slice() {
            [one] => Focus::Actor(*one),
            _ => Focus::Actors(ids),
        }
    } else if let Some(name) = &args.topic {
        let id = store
            .find_topic(name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no topic named \"{name}\" in the dossier"))?;
        Focus::Topic(id)
    } else if !args.articles.is_empty() {
        let known = store
            .article_ids_present(&args.articles)
            .map_err(|e| e.to_string())?;
        if let Some(missing) = args.articles.iter().find(|id| !known.contains(id)) {
            return Err(format!("no article with id {missing} in the dossier"));
        }
        Focus::Articles(args.articles.clone())
    } else {
        Focus::Dossier
    };
    let scope = Scope {
        focus,
        from: args.from,
        to: args.to,
    };
    let options = Options {
        top: args.top,
        paper: match args.paper {
            None => Paper::Auto,
            Some(PaperArg::A4) => Paper::A4,
            Some(PaperArg::Letter) => Paper::Letter,
        },
    };
    let report = export_summary_with(&store, &scope, format, &options, &args.output)?;
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
        assert!(
            "csv".parse::<ExportFormat>().is_err(),
            "a table must be named"
        );
        for f in ExportFormat::ALL {
            assert_eq!(f.extension().parse(), Ok(f));
        }
        assert_eq!("Quotes".parse(), Ok(CsvTable::Quotes));
        assert!("people".parse::<CsvTable>().is_err());
    }

    fn args(format: FormatArg, table: Option<CsvTable>, output: &str) -> ExportArgs {
        ExportArgs {
            actor: Vec::new(),
            topic: None,
            articles: Vec::new(),
            from: None,
            to: None,
            format,
            table,
            top: 8,
            paper: None,
            output: output.into(),
        }
    }

    #[test]
    fn csv_needs_a_table_or_a_zip() {
        let f = |format, table, output| chosen_format(&args(format, table, output));
        assert_eq!(
            f(FormatArg::Csv, Some(CsvTable::Quotes), "q.csv"),
            Ok(ExportFormat::Csv(CsvTable::Quotes))
        );
        assert_eq!(f(FormatArg::Csv, None, "all.ZIP"), Ok(ExportFormat::CsvZip));
        assert!(
            f(FormatArg::Csv, None, "x.csv")
                .unwrap_err()
                .contains("--table")
        );
        assert!(f(FormatArg::Csv, Some(CsvTable::Actors), "x.zip").is_err());
        assert!(f(FormatArg::Md, Some(CsvTable::Actors), "x.md").is_err());
        assert_eq!(f(FormatArg::Docx, None, "x.docx"), Ok(ExportFormat::Docx));
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
        let opts = Options::default();
        let err = write_summary(&s, ExportFormat::Json, &opts, &missing).unwrap_err();
        assert!(err.contains("the folder does not exist"), "{err}");
        let err = write_summary(&s, ExportFormat::Html, &opts, dir.path()).unwrap_err();
        assert!(err.contains("folder"), "{err}");
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn every_format_writes_exactly_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::export::testdata::summary("x");
        let mut formats = ExportFormat::ALL.to_vec();
        formats.extend(
            [CsvTable::Actors, CsvTable::Quotes, CsvTable::Articles].map(ExportFormat::Csv),
        );
        let mut expected = Vec::new();
        for (i, format) in formats.into_iter().enumerate() {
            let name = format!("t{i}.{}", format.extension());
            let report =
                write_summary(&s, format, &Options::default(), &dir.path().join(&name)).unwrap();
            assert_eq!(report.files, [dir.path().join(&name)]);
            assert!(report.bytes > 0 && report.message().contains(&name));
            expected.push(name);
        }
        expected.sort();
        assert_eq!(files_in(dir.path()), expected);
    }
}
