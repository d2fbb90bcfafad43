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
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::extract::{ENGINE_VERSION, Engine};
use crate::import::content_hash;
use crate::store::{FileImport, FileOutcome, NewArticle, SourceFile, Store, StoreError};

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
    let mut batch = Batch::default();
    // Worker threads read, parse and analyse files; this thread stores them in file order.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Bytes of article text prepared but not stored yet: workers wait above a bound, so a folder
    // of large files cannot fill memory while the dossier is busy.
    let in_flight = AtomicUsize::new(0);
    // Every prepared file counts its text in `in_flight` until its batch is stored.
    let prepare = |path: &Path| {
        let prepared = prepare_file(engine, path, &|h: &str| known.contains(h));
        if let Ok(p) = &prepared {
            in_flight.fetch_add(p.text_bytes(), Ordering::Relaxed);
        }
        prepared
    };
    let outcome: Result<(), StoreError> = std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<(usize, Result<Prepared, String>)>(BATCH_FILES);
        for n in 0..workers {
            let (tx, files, next, stop, in_flight, prepare) =
                (tx.clone(), &files, &next, &stop, &in_flight, &prepare);
            let spawned = std::thread::Builder::new()
                .name(format!("dossier-analyse-{n}"))
                .spawn_scoped(scope, move || {
                    loop {
                        if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        // The file the writer waits for was taken already (files are taken in
                        // order), so waiting here never blocks the writer.
                        if in_flight.load(Ordering::Relaxed) > IN_FLIGHT_BYTES {
                            std::thread::sleep(Duration::from_millis(2));
                            continue;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        if tx.send((i, prepare(path))).is_err() {
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
                            Some(path) => prepare(path),
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
                batch.add(path, prepared);
                if batch.is_full() {
                    let bytes = batch.text_bytes;
                    batch.store(store, &mut summary, &mut on_event)?;
                    in_flight.fetch_sub(bytes, Ordering::Relaxed);
                }
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        // Unblock workers waiting to send, so the scope can end.
        drop(rx);
        result
    });
    // Files analysed before a cancel or a failure are still stored (unless the dossier refuses).
    let stored = batch.store(store, &mut summary, &mut on_event);
    outcome.and(stored)?;
    Ok(summary)
}

/// Files stored in one transaction at most (each file stays whole or absent).
const BATCH_FILES: usize = 256;
/// Article text stored in one transaction at most.
const BATCH_BYTES: usize = 32 << 20;
/// Article text prepared ahead of the writer at most (workers wait above it).
const IN_FLIGHT_BYTES: usize = 96 << 20;
/// How long prepared files may wait to be stored: what a crash can take back.
const BATCH_TIME: Duration = Duration::from_millis(300);

/// Files prepared and waiting to be stored together.
#[derive(Default)]
struct Batch {
    /// Each file's path, warnings and what its preparation gave.
    files: Vec<(PathBuf, Vec<String>, Result<FileImport, String>)>,
    started: Option<Instant>,
    text_bytes: usize,
}

impl Batch {
    fn add(&mut self, path: PathBuf, prepared: Result<Prepared, String>) {
        self.started.get_or_insert_with(Instant::now);
        let (notes, file) = match prepared {
            Ok(p) => {
                self.text_bytes += p.text_bytes();
                (p.warnings, Ok(p.file))
            }
            Err(reason) => (Vec::new(), Err(reason)),
        };
        self.files.push((path, notes, file));
    }

    fn is_full(&self) -> bool {
        self.files.len() >= BATCH_FILES
            || self.text_bytes >= BATCH_BYTES
            || self.started.is_some_and(|t| t.elapsed() >= BATCH_TIME)
    }

    /// Stores the batch in one transaction, then reports its files. When the dossier refuses
    /// the whole batch (a full disk, a failed commit) nothing of it was kept: its files are
    /// reported as failed with the reason, and the error stops the import.
    fn store(
        &mut self,
        store: &mut Store,
        summary: &mut ImportSummary,
        on_event: &mut impl FnMut(ImportEvent),
    ) -> Result<(), StoreError> {
        self.started = None;
        self.text_bytes = 0;
        if self.files.is_empty() {
            return Ok(());
        }
        let mut ready: Vec<FileImport> = Vec::new();
        let mut reports: Vec<(PathBuf, Vec<String>, Option<String>)> = Vec::new();
        for (path, notes, file) in std::mem::take(&mut self.files) {
            match file {
                Ok(file) => {
                    ready.push(file);
                    reports.push((path, notes, None));
                }
                Err(reason) => reports.push((path, notes, Some(reason))),
            }
        }
        let stored = store.import_files(&ready, ENGINE_VERSION);
        drop(ready);
        let mut results = match &stored {
            Ok(results) => results.iter(),
            Err(_) => [].iter(),
        };
        for (path, notes, failed) in reports {
            let status = match (failed, &stored) {
                (Some(reason), _) => FileStatus::Failed(reason),
                (None, Err(e)) => FileStatus::Failed(format!("not saved: {e}")),
                (None, Ok(_)) => match results.next() {
                    Some(Ok(outcome)) => file_status(outcome),
                    Some(Err(e)) => FileStatus::Failed(e.to_string()),
                    None => FileStatus::Failed("not saved".into()),
                },
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
            let report = FileReport {
                path,
                status,
                notes,
            };
            if matches!(report.status, FileStatus::Failed(_)) {
                summary.failed.push(report.clone());
            }
            on_event(ImportEvent::Finished(report));
        }
        stored.map(|_| ())
    }
}

fn file_status(outcome: &FileOutcome) -> FileStatus {
    if outcome.imported.is_empty() && outcome.duplicates > 0 {
        FileStatus::Duplicate
    } else {
        FileStatus::Imported {
            articles: outcome.imported.len(),
            duplicates: outcome.duplicates,
        }
    }
}

/// A file read, parsed and analysed, ready to be stored.
struct Prepared {
    file: FileImport,
    warnings: Vec<String>,
}

impl Prepared {
    fn text_bytes(&self) -> usize {
        self.file
            .articles
            .iter()
            .map(|a| a.article.text.len())
            .sum()
    }
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
            let content_hash = content_hash(&article.text);
            let analysis = (!known(&content_hash)).then(|| engine.analyse(&article));
            NewArticle {
                article,
                content_hash,
                analysis,
            }
        })
        .collect();
    Ok(Prepared {
        file: FileImport { source, articles },
        warnings: parsed.warnings,
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
