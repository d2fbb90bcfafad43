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
use std::time::{Duration, Instant};

use crate::extract::{ENGINE_VERSION, Engine};
use crate::import::content_hash;
use crate::model::{Analysis, Article};
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
    /// Things worth knowing about a file that was read ("2 of 5 entries had no text").
    pub notes: Vec<String>,
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
            notes: Vec::new(),
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
    let known = store.content_hashes()?;
    let mut pending: Vec<FileReport> = Vec::new();
    let mut batch_start = Instant::now();
    store.begin_batch()?;
    // Worker threads read, parse and analyse files; this thread stores them in file order.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let outcome: Result<(), StoreError> = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Prepared, String>)>(64);
        for n in 0..workers {
            let (tx, files, next, stop, known) = (tx.clone(), &files, &next, &stop, &known);
            let spawned = std::thread::Builder::new()
                .name(format!("dossier-analyse-{n}"))
                .spawn_scoped(scope, move || {
                    loop {
                        if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let prepared = prepare_file(engine, path, &|h: &str| known.contains(h));
                        if tx.send((i, prepared)).is_err() {
                            break;
                        }
                    }
                });
            if spawned.is_err() && n == 0 {
                // No thread could be started: prepare on this thread instead (below).
                break;
            }
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut done = 0;
        let result = (|| {
            while done < total {
                if cancel.load(Ordering::Relaxed) {
                    summary.cancelled = true;
                    return Ok(());
                }
                let prepared = match waiting.remove(&done) {
                    Some(p) => p,
                    None => match rx.recv() {
                        Ok((i, p)) if i == done => p,
                        Ok((i, p)) => {
                            waiting.insert(i, p);
                            continue;
                        }
                        // Every worker stopped early (cancelled or none started).
                        Err(_) => match files.get(done) {
                            Some(path) => prepare_file(engine, path, &|h: &str| known.contains(h)),
                            None => return Ok(()),
                        },
                    },
                };
                let path = files[done].clone();
                on_event(ImportEvent::Started {
                    done,
                    total,
                    path: path.clone(),
                });
                done += 1;
                let notes = prepared
                    .as_ref()
                    .map(|p| p.warnings.clone())
                    .unwrap_or_default();
                let status = match prepared.map(|p| store_prepared(store, p)) {
                    Err(reason) => FileStatus::Failed(reason),
                    Ok(Ok(status)) => status,
                    // A dossier that stops accepting writes (disk full, busy) stops the whole
                    // import: the report says so and what was committed stays.
                    Ok(Err(e @ (StoreError::DiskFull | StoreError::Busy))) => {
                        pending.push(FileReport {
                            path,
                            status: FileStatus::Failed(e.to_string()),
                            notes,
                        });
                        finish_batch(store, &mut pending, &mut summary, &mut on_event)?;
                        return Err(e);
                    }
                    Ok(Err(e)) => FileStatus::Failed(e.to_string()),
                };
                pending.push(FileReport {
                    path,
                    status,
                    notes,
                });
                if pending.len() >= BATCH_FILES || batch_start.elapsed() >= BATCH_TIME {
                    finish_batch(store, &mut pending, &mut summary, &mut on_event)?;
                    store.begin_batch()?;
                    batch_start = Instant::now();
                }
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        // Unblock workers waiting to send, so the scope can end.
        drop(rx);
        result
    });
    if let Err(e) = outcome {
        let _ = store.rollback_batch();
        return Err(e);
    }
    finish_batch(store, &mut pending, &mut summary, &mut on_event)?;
    Ok(summary)
}

/// Files imported in one transaction at most (each file stays atomic through a savepoint).
const BATCH_FILES: usize = 256;
/// How long a batch may stay uncommitted: what a crash can take back.
const BATCH_TIME: Duration = Duration::from_millis(300);

/// Commits the batch, then reports its files. If the commit fails nothing of the batch was
/// kept, and its files are reported as failed with the reason.
fn finish_batch(
    store: &mut Store,
    pending: &mut Vec<FileReport>,
    summary: &mut ImportSummary,
    on_event: &mut impl FnMut(ImportEvent),
) -> Result<(), StoreError> {
    let committed = store.commit_batch();
    for mut report in pending.drain(..) {
        if let (Err(e), FileStatus::Imported { .. }) = (&committed, &report.status) {
            report.status = FileStatus::Failed(format!("not saved: {e}"));
        }
        match &report.status {
            FileStatus::Imported {
                articles,
                duplicates,
            } => {
                summary.articles += articles;
                summary.duplicates += duplicates;
            }
            FileStatus::Duplicate => summary.duplicates += 1,
            FileStatus::Failed(_) => summary.failed.push(report.clone()),
        }
        on_event(ImportEvent::Finished(report));
    }
    if committed.is_err() {
        let _ = store.rollback_batch();
    }
    committed
}

/// A file read, parsed and analysed, ready to be stored.
struct Prepared {
    source: SourceFile,
    warnings: Vec<String>,
    /// Each article with its content hash, and its analysis unless it is already in the dossier.
    articles: Vec<(Article, String, Option<Analysis>)>,
}

/// Reads, parses and analyses one file (no database access: it runs on worker threads).
/// `known` tells which content hashes the dossier already has, to skip their analysis.
fn prepare_file(
    engine: &Engine,
    path: &Path,
    known: &dyn Fn(&str) -> bool,
) -> Result<Prepared, String> {
    let parsed = read_article_file(path)?;
    let source = SourceFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_path: Some(path.to_string_lossy().into_owned()),
        format: parsed.format,
        encoding: parsed.encoding.to_string(),
    };
    let articles = parsed
        .articles
        .into_iter()
        .map(|article| {
            let hash = content_hash(&article.text);
            let analysis = (!known(&hash)).then(|| engine.analyse(&article));
            (article, hash, analysis)
        })
        .collect();
    Ok(Prepared {
        source,
        warnings: parsed.warnings,
        articles,
    })
}

/// Stores a prepared file, one savepoint per article.
fn store_prepared(store: &mut Store, prepared: Prepared) -> Result<FileStatus, StoreError> {
    let (mut articles, mut duplicates) = (0, 0);
    for (article, hash, analysis) in &prepared.articles {
        let Some(analysis) = analysis else {
            duplicates += 1;
            continue;
        };
        match store.import_article(&prepared.source, article, analysis, hash, ENGINE_VERSION)? {
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
        // One transaction per page of articles; each article is still replaced atomically.
        store.begin_batch()?;
        for (id, article) in &batch {
            if cancel.load(Ordering::Relaxed) {
                store.commit_batch()?;
                return Ok(done);
            }
            let analysis = engine.analyse(article);
            if let Err(e) = store.replace_analysis(*id, article, &analysis, ENGINE_VERSION) {
                let _ = store.rollback_batch();
                return Err(e);
            }
            done += 1;
            on_progress(ReanalyseProgress { done, total });
        }
        store.commit_batch()?;
    }
    Ok(done)
}
