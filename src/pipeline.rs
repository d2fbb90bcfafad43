//! IO glue without GUI: paths -> import -> extract -> store, with progress and cancel.

use std::io::Read;
use std::path::Path;

use crate::import::{self, MAX_FILE_BYTES, Parsed};

/// Reads and parses one file, refusing files over the size limit before reading them.
/// The error is a sentence for people.
pub fn read_article_file(path: &Path) -> Result<Parsed, String> {
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("this is a folder, not a file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(import::ImportError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        }
        .to_string());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import::parse(&name, &bytes).map_err(|e| e.to_string())
}

/// A plain-language reason for an IO error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "the file does not exist (was it moved or deleted?)".into(),
        ErrorKind::PermissionDenied => "permission denied: the file cannot be read".into(),
        _ => format!("the file could not be read ({e})"),
    }
}

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::extract::{ENGINE_VERSION, Engine};
use crate::import::content_hash;
use crate::store::{ImportOutcome, SourceFile, Store, StoreError};

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// New articles were stored (and, for files holding several, some may have been duplicates).
    Imported { articles: usize, duplicates: usize },
    /// Every article in the file was already in the dossier.
    Duplicate,
    /// Nothing was stored; the reason is a sentence for people.
    Failed(String),
}

/// One line of the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub path: PathBuf,
    pub status: FileStatus,
}

/// Events an import sends while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportEvent {
    /// About to process `path`; `done` of `total` files are finished.
    Started {
        done: usize,
        total: usize,
        path: PathBuf,
    },
    /// A file is finished.
    Finished(FileReport),
}

/// Totals of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub files: usize,
    pub articles: usize,
    pub duplicates: usize,
    pub failed: Vec<FileReport>,
    /// True when the import was cancelled before every file was processed.
    pub cancelled: bool,
}

/// Expands files and folders (recursively, following links once, skipping hidden entries inside
/// folders) into a sorted list of files. Paths that cannot be listed come back as failed reports.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileReport>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    let mut seen_dirs = std::collections::HashSet::new();
    for path in paths {
        walk(path, true, &mut seen_dirs, &mut files, &mut failed);
    }
    (files, failed)
}

fn walk(
    path: &Path,
    top: bool,
    seen: &mut std::collections::HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    failed: &mut Vec<FileReport>,
) {
    let fail = |failed: &mut Vec<FileReport>, reason: String| {
        failed.push(FileReport {
            path: path.to_owned(),
            status: FileStatus::Failed(reason),
        })
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.raw_os_error() == Some(40) => {
            return fail(failed, "a link that points back into itself".into());
        }
        Err(e)
            if std::fs::symlink_metadata(path).is_ok()
                && e.kind() == std::io::ErrorKind::NotFound =>
        {
            return fail(failed, "a link to a file that does not exist".into());
        }
        Err(e) => return fail(failed, io_reason(&e)),
    };
    if !top
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    {
        return;
    }
    if meta.is_dir() {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        if !seen.insert(real) {
            return; // already walked (a link loop or the same folder twice)
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return fail(
                    failed,
                    format!("the folder could not be listed: {}", io_reason(&e)),
                );
            }
        };
        entries.sort();
        for entry in entries {
            walk(&entry, false, seen, files, failed);
        }
    } else if meta.is_file() {
        files.push(path.to_owned());
    } else {
        fail(
            failed,
            "not a regular file (a device, socket or pipe)".into(),
        );
    }
}

/// Imports files and folders into `store`: each article in its own transaction, duplicates
/// recognised before analysis, every failure reported and the rest still imported. Checks
/// `cancel` between files.
pub fn import_paths(
    store: &mut Store,
    engine: &Engine,
    paths: &[PathBuf],
    cancel: &AtomicBool,
    mut on_event: impl FnMut(ImportEvent),
) -> Result<ImportSummary, StoreError> {
    let (files, unlisted) = collect_files(paths);
    let mut summary = ImportSummary {
        files: files.len() + unlisted.len(),
        ..ImportSummary::default()
    };
    for report in unlisted {
        on_event(ImportEvent::Finished(report.clone()));
        summary.failed.push(report);
    }
    let total = files.len();
    for (done, path) in files.into_iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            summary.cancelled = true;
            break;
        }
        on_event(ImportEvent::Started {
            done,
            total,
            path: path.clone(),
        });
        let status = match import_file(store, engine, &path) {
            Ok(status) => status,
            // A dossier that stops accepting writes (disk full, busy) stops the whole import:
            // the report says so and what was committed stays.
            Err(e @ (StoreError::DiskFull | StoreError::Busy)) => {
                let report = FileReport {
                    path,
                    status: FileStatus::Failed(e.to_string()),
                };
                on_event(ImportEvent::Finished(report.clone()));
                summary.failed.push(report);
                return Err(e);
            }
            Err(e) => FileStatus::Failed(e.to_string()),
        };
        match &status {
            FileStatus::Imported {
                articles,
                duplicates,
            } => {
                summary.articles += articles;
                summary.duplicates += duplicates;
            }
            FileStatus::Duplicate => summary.duplicates += 1,
            FileStatus::Failed(_) => {}
        }
        let report = FileReport { path, status };
        if matches!(report.status, FileStatus::Failed(_)) {
            summary.failed.push(report.clone());
        }
        on_event(ImportEvent::Finished(report));
    }
    Ok(summary)
}

/// Imports one file: read, parse, then each article (skipping duplicates before analysis).
pub fn import_file(
    store: &mut Store,
    engine: &Engine,
    path: &Path,
) -> Result<FileStatus, StoreError> {
    let parsed = match read_article_file(path) {
        Ok(p) => p,
        Err(reason) => return Ok(FileStatus::Failed(reason)),
    };
    let source = SourceFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_path: Some(path.to_string_lossy().into_owned()),
        format: parsed.format,
        encoding: parsed.encoding.to_string(),
    };
    let (mut articles, mut duplicates) = (0, 0);
    for article in &parsed.articles {
        let hash = content_hash(&article.text);
        if store.article_by_hash(&hash)?.is_some() {
            duplicates += 1;
            continue;
        }
        let analysis = engine.analyse(article);
        match store.import_article(&source, article, &analysis, &hash, ENGINE_VERSION)? {
            ImportOutcome::Imported(_) => articles += 1,
            ImportOutcome::Duplicate(_) => duplicates += 1,
        }
    }
    Ok(if articles == 0 && duplicates > 0 {
        FileStatus::Duplicate
    } else {
        FileStatus::Imported {
            articles,
            duplicates,
        }
    })
}

/// Progress of a re-analysis: `done` of `total` articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReanalyseProgress {
    pub done: usize,
    pub total: usize,
}

/// Runs extraction again on every article (after an engine upgrade), keeping all corrections.
/// Each article is replaced in its own transaction; `cancel` stops between articles. Returns the
/// number of articles analysed.
pub fn reanalyse(
    store: &mut Store,
    engine: &Engine,
    cancel: &AtomicBool,
    mut on_progress: impl FnMut(ReanalyseProgress),
) -> Result<usize, StoreError> {
    let total = store.stats()?.articles as usize;
    let mut done = 0;
    let mut after = 0;
    loop {
        let batch = store.articles_for_analysis(after, 200)?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        for (id, article) in &batch {
            if cancel.load(Ordering::Relaxed) {
                return Ok(done);
            }
            let analysis = engine.analyse(article);
            store.replace_analysis(*id, article, &analysis, ENGINE_VERSION)?;
            done += 1;
            on_progress(ReanalyseProgress { done, total });
        }
    }
    Ok(done)
}
