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
            // Already walked: the same folder given twice is simply not walked again, but a link
            // that leads back into the folders being imported gets a line in the report.
            if !top && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                fail(
                    failed,
                    "skipped: a link back to a folder that is already being imported (a link loop)"
                        .into(),
                );
            }
            return;
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
    // The file the writer stores next: a worker may always prepare that one, whatever is in
    // flight, so the bound below never stalls the import.
    let wanted = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Bytes of input being prepared and of article text prepared but not stored yet: workers
    // wait above a bound, so a folder of large files cannot fill memory while the dossier is busy.
    let in_flight = AtomicUsize::new(0);
    // Every prepared file counts its text in `in_flight` until its batch is stored.
    let prepare = |path: &Path| {
        // A panic anywhere in reading, parsing or analysing fails this file only.
        let prepared = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            prepare_file(engine, path, &|h: &str| known.contains(h))
        }))
        .unwrap_or_else(|_| Err(INTERNAL_ERROR.to_string()));
        if let Ok(p) = &prepared {
            in_flight.fetch_add(p.text_bytes(), Ordering::Relaxed);
        }
        prepared
    };
    let outcome: Result<(), StoreError> = std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<(usize, Result<Prepared, String>)>(PREPARED_AHEAD);
        for n in 0..workers {
            let (tx, files, next, wanted, stop, in_flight, prepare) = (
                tx.clone(),
                &files,
                &next,
                &wanted,
                &stop,
                &in_flight,
                &prepare,
            );
            let spawned = std::thread::Builder::new()
                .name(format!("dossier-analyse-{n}"))
                .spawn_scoped(scope, move || {
                    loop {
                        if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.load(Ordering::Acquire);
                        let Some(path) = files.get(i) else { break };
                        // Reading and decoding a file holds about twice its size for a while.
                        let reserve = std::fs::metadata(path)
                            .map_or(0, |m| m.len().min(MAX_FILE_BYTES) as usize * 2);
                        if in_flight.load(Ordering::Relaxed) + reserve > IN_FLIGHT_BYTES
                            && i > wanted.load(Ordering::Acquire)
                        {
                            std::thread::sleep(Duration::from_millis(2));
                            continue;
                        }
                        if next
                            .compare_exchange(i, i + 1, Ordering::AcqRel, Ordering::Acquire)
                            .is_err()
                        {
                            continue; // another worker took it
                        }
                        in_flight.fetch_add(reserve, Ordering::Relaxed);
                        let prepared = prepare(path);
                        in_flight.fetch_sub(reserve, Ordering::Relaxed);
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
                        // Every worker is gone (none started, or one died holding this file):
                        // prepare the rest here.
                        Err(_) => match files.get(done) {
                            Some(path) => {
                                next.fetch_max(done + 1, Ordering::AcqRel);
                                prepare(path)
                            }
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
                wanted.store(done, Ordering::Release);
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

/// Files stored in one transaction at most (each file stays whole or absent). Every transaction
/// writes each page it changed to the log, and the pages of a large dossier's indexes are
/// changed over and over: 1,024 files to a transaction rather than 256, together with the cache
/// and log sizes of `store` and [`PREPARED_AHEAD`], imported 300,000 articles in 3 min 46 s
/// instead of 4 min 55 s.
const BATCH_FILES: usize = 1024;
/// Article text stored in one transaction at most.
const BATCH_BYTES: usize = 16 << 20;
/// Files prepared and waiting for the writer, at most: several batches, so the workers go on
/// while a batch is stored (with one batch's worth they waited a third of the time).
const PREPARED_AHEAD: usize = 4 * BATCH_FILES;
/// Input being prepared and article text prepared ahead of the writer, at most (workers wait
/// above it, except for the file the writer needs next). Keeps an import within a few hundred
/// megabytes whatever the sizes of its files.
const IN_FLIGHT_BYTES: usize = 48 << 20;
/// How long prepared files may wait to be stored: what a crash can take back.
const BATCH_TIME: Duration = Duration::from_secs(1);

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
    #[cfg(test)]
    if path.file_name().is_some_and(|n| n == tests::PANICS) {
        panic!("injected by a test");
    }
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
    let mut warnings = parsed.warnings;
    let mut articles = Vec::with_capacity(parsed.articles.len());
    for mut article in parsed.articles {
        let content_hash = content_hash(&article.text);
        let analysis = if known(&content_hash) {
            None
        } else {
            let (analysis, note) = analyse_guarded(engine, &mut article)?;
            warnings.extend(note);
            Some(analysis)
        };
        articles.push(NewArticle {
            article,
            content_hash,
            analysis,
        });
    }
    Ok(Prepared {
        file: FileImport { source, articles },
        warnings,
    })
}

/// What a file fails with when Dossier itself went wrong on it (a panic, caught).
pub const INTERNAL_ERROR: &str = "internal error while reading or analysing this file: please report it (the other files are imported)";

/// Time one article's analysis may take (a release build analyses the longest article it takes,
/// 1 MB, in well under a second): an article over it fails with a reason and the import goes on. Debug builds, which
/// run the engine several times slower, allow ten times as long.
pub const ANALYSIS_BUDGET: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(20)
} else {
    Duration::from_secs(2)
};

/// Article text analysed at most; the rest of a longer article is stored and searchable but
/// not analysed (a note says so). Bounds the time and memory one file can take.
pub const MAX_ANALYSED_BYTES: usize = 1 << 20;

/// Analyses one article so that nothing in it can take the import down: a panic in the engine
/// becomes this file's failure ("internal error"), an analysis over [`ANALYSIS_BUDGET`] fails it
/// with a reason, and only the first [`MAX_ANALYSED_BYTES`] of a very long article are analysed. Returns the analysis and a note for the report. The article
/// is given back unchanged.
pub fn analyse_guarded(
    engine: &Engine,
    article: &mut crate::model::Article,
) -> Result<(crate::model::Analysis, Option<String>), String> {
    let cut = analysed_prefix(&article.text);
    let full = (cut < article.text.len()).then(|| {
        let full = std::mem::take(&mut article.text);
        article.text = full[..cut].to_owned();
        full
    });
    let body_start = article.body_start;
    article.body_start = body_start.min(cut);
    let analysis = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.analyse_within(article, ANALYSIS_BUDGET)
    }));
    article.body_start = body_start;
    if let Some(full) = full {
        article.text = full;
    }
    let analysis = analysis
        .map_err(|_| INTERNAL_ERROR.to_string())?
        .map_err(|over| {
            format!(
                "refused: {over}. It may be damaged or machine-made text; if the computer was very busy, importing it again may work"
            )
        })?;
    let note = (cut < article.text.len()).then(|| {
        format!(
            "the article is very long: only its first {:.1} MB were analysed for actors and quotes (all of it is stored and searchable)",
            cut as f64 / f64::from(1u32 << 20)
        )
    });
    Ok((analysis, note))
}

/// How much of `text` is analysed: all of it, or up to [`MAX_ANALYSED_BYTES`] ending at a line
/// or sentence break near the limit (so no sentence is cut in two), on a character boundary.
fn analysed_prefix(text: &str) -> usize {
    if text.len() <= MAX_ANALYSED_BYTES {
        return text.len();
    }
    let mut cut = MAX_ANALYSED_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let from = cut - (cut.min(64 << 10));
    if let Some(at) = text.as_bytes()[from..cut]
        .iter()
        .rposition(|b| matches!(b, b'\n' | b'.' | b'!' | b'?'))
    {
        cut = from + at + 1; // just after an ASCII byte: a character boundary
    }
    cut
}

/// Progress of a re-analysis: `done` of `total` articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReanalyseProgress {
    pub done: usize,
    pub total: usize,
}

/// Runs extraction again on every article (after an engine upgrade), keeping all corrections.
///
/// Articles go in pages of [`REANALYSE_PAGE`], each analysed on two threads while the page
/// before it is stored, each page stored in one transaction together with how far the work has
/// got. `cancel` stops after the article in hand; a later call (after a cancel, a crash or a
/// kill) goes on after the last stored page instead of starting again. Returns the number of
/// articles analysed by this call.
pub fn reanalyse(
    store: &mut Store,
    engine: &Engine,
    cancel: &AtomicBool,
    on_progress: impl FnMut(ReanalyseProgress),
) -> Result<usize, StoreError> {
    reanalyse_in_pages(store, engine, cancel, REANALYSE_PAGE, on_progress)
}

/// [`reanalyse`] with `page_size` articles to a transaction.
fn reanalyse_in_pages(
    store: &mut Store,
    engine: &Engine,
    cancel: &AtomicBool,
    page_size: usize,
    mut on_progress: impl FnMut(ReanalyseProgress),
) -> Result<usize, StoreError> {
    let total = store.stats()?.articles as usize;
    let mut after = store.reanalysis_position()?.unwrap_or(0);
    // Articles finished before a restart count as done.
    let mut done = if after > 0 {
        store.articles_up_to(after)? as usize
    } else {
        0
    };
    let mut analysed = 0;
    let mut page = store.articles_for_analysis(after, page_size)?;
    let mut results = analyse_page(engine, &mut page, cancel)?;
    while let Some(last) = page.last().map(|(id, _)| *id) {
        // The next page is read now and analysed on the worker threads while this thread
        // stores the page in hand, so the cores never wait for the dossier.
        let mut next = if cancel.load(Ordering::Relaxed) {
            Vec::new()
        } else {
            store.articles_for_analysis(last, page_size)?
        };
        if next.is_empty() {
            // The last page: nothing to analyse beside it.
            let (_, stored) = store_page(store, after, &page, &results)?;
            analysed += stored;
            done += stored;
            on_progress(ReanalyseProgress { done, total });
            if cancel.load(Ordering::Relaxed) {
                return Ok(analysed);
            }
            break;
        }
        let (written, next_results) = std::thread::scope(|scope| {
            let analysing = std::thread::Builder::new()
                .name("dossier-reanalyse-next".into())
                .spawn_scoped(scope, || analyse_page(engine, &mut next, cancel));
            let written = store_page(store, after, &page, &results);
            let next_results = match analysing {
                Ok(handle) => handle.join().unwrap_or_else(|_| {
                    Err(StoreError::Invalid(
                        "re-analysis stopped unexpectedly; run it again to go on".into(),
                    ))
                }),
                Err(e) => Err(StoreError::Invalid(format!(
                    "re-analysis could not go on: {e}; run it again to go on"
                ))),
            };
            (written, next_results)
        });
        let (position, stored) = written?;
        after = position;
        analysed += stored;
        done += stored;
        on_progress(ReanalyseProgress { done, total });
        if cancel.load(Ordering::Relaxed) {
            return Ok(analysed);
        }
        if after != last {
            break;
        }
        page = next;
        results = next_results?;
    }
    store.set_reanalysis_position(None)?;
    Ok(analysed)
}

/// Stores the analyses of one page in one transaction, with how far the work has got. An article
/// left without an analysis (a cancel) ends the page there. Returns the position reached and how
/// many articles were stored.
fn store_page(
    store: &mut Store,
    after: crate::store::ArticleId,
    page: &[(crate::store::ArticleId, crate::model::Article)],
    results: &[Option<Result<crate::model::Analysis, String>>],
) -> Result<(crate::store::ArticleId, usize), StoreError> {
    store.begin_batch()?;
    let written = (|| {
        let (mut position, mut stored) = (after, 0);
        for ((id, article), analysis) in page.iter().zip(results) {
            let Some(analysis) = analysis else {
                // Cancelled before this article was analysed.
                break;
            };
            // An article the engine cannot analyse keeps its earlier analysis.
            if let Ok(analysis) = analysis {
                store.replace_analysis(*id, article, analysis, ENGINE_VERSION)?;
            }
            position = *id;
            stored += 1;
        }
        store.set_reanalysis_position(Some(position))?;
        Ok((position, stored))
    })();
    match written {
        Ok(done) => {
            store.commit_batch()?;
            Ok(done)
        }
        Err(e) => {
            let _ = store.rollback_batch();
            Err(e)
        }
    }
}

/// Articles per re-analysis transaction (as an import's batches, larger transactions write the
/// pages that every article changes less often).
const REANALYSE_PAGE: usize = 1000;

/// Analyses a page of articles on two threads (the calling one and one more). An article left
/// when `cancel` was set gets `None`. Fails only when the second thread cannot run.
fn analyse_page(
    engine: &Engine,
    page: &mut [(crate::store::ArticleId, crate::model::Article)],
    cancel: &AtomicBool,
) -> Result<Vec<Option<Result<crate::model::Analysis, String>>>, StoreError> {
    let analyse = |chunk: &mut [(crate::store::ArticleId, crate::model::Article)]| {
        chunk
            .iter_mut()
            .map(|(_, article)| {
                (!cancel.load(Ordering::Relaxed))
                    .then(|| analyse_guarded(engine, article).map(|(analysis, _)| analysis))
            })
            .collect::<Vec<_>>()
    };
    let half = page.len().div_ceil(2);
    let (first, second) = page.split_at_mut(half);
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("dossier-reanalyse".into())
            .spawn_scoped(scope, || analyse(second))
            .map_err(|e| StoreError::Invalid(format!("re-analysis could not start: {e}")))?;
        let mut results = analyse(first);
        let rest = other.join().map_err(|_| {
            StoreError::Invalid("re-analysis stopped unexpectedly; run it again to go on".into())
        })?;
        results.extend(rest);
        Ok(results)
    })
}

/// What [`recover`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoverReport {
    /// Articles copied into the new dossier (and analysed again).
    pub articles: usize,
    /// Articles that could not be read from the damaged dossier.
    pub lost_articles: usize,
    pub corrections: crate::store::RestoredCorrections,
    pub lost_corrections: usize,
    /// True when cancelled: the new dossier holds what was copied until then.
    pub cancelled: bool,
}

/// Copies every article and correction that can still be read from the damaged dossier at
/// `damaged` into a new dossier at `new` (which must not exist), analysing the articles again.
/// The damaged file is only read. `on_progress` gets the number of articles copied so far.
pub fn recover(
    damaged: &Path,
    new: &Path,
    engine: &Engine,
    cancel: &AtomicBool,
    mut on_progress: impl FnMut(usize),
) -> Result<RecoverReport, StoreError> {
    if new.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists: choose a new file for the recovered dossier",
            new.display()
        )));
    }
    let salvage = crate::store::salvage_corrections(damaged)?;
    let mut store = Store::open(new)?;
    let mut report = RecoverReport {
        lost_corrections: salvage.lost_corrections,
        ..RecoverReport::default()
    };
    let mut ids = std::collections::HashMap::new();
    // Files waiting to be stored, and for each its id in the damaged dossier and content hash.
    let mut pending: Vec<FileImport> = Vec::new();
    let mut origins: Vec<(i64, String)> = Vec::new();
    let mut pending_bytes = 0;
    let mut failure: Option<StoreError> = None;
    let flush = |store: &mut Store,
                 pending: &mut Vec<FileImport>,
                 origins: &mut Vec<(i64, String)>,
                 ids: &mut std::collections::HashMap<i64, i64>|
     -> Result<usize, StoreError> {
        let results = store.import_files(pending, ENGINE_VERSION)?;
        pending.clear();
        let mut stored = 0;
        for ((old, hash), result) in origins.drain(..).zip(results) {
            if result.is_ok()
                && let Some(new_id) = store.article_by_hash(&hash)?
            {
                ids.insert(old, new_id);
                stored += 1;
            }
        }
        Ok(stored)
    };
    let lost = crate::store::salvage_articles(damaged, |salvaged| {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            return false;
        }
        let mut article = salvaged.article;
        let content_hash = content_hash(&article.text);
        // An article the engine cannot analyse is still kept, without what it would find.
        let analysis = analyse_guarded(engine, &mut article)
            .map(|(a, _)| a)
            .unwrap_or_default();
        pending_bytes += article.text.len();
        origins.push((salvaged.old_id, content_hash.clone()));
        pending.push(FileImport {
            source: salvaged.source,
            articles: vec![NewArticle {
                article,
                content_hash,
                analysis: Some(analysis),
            }],
        });
        if pending.len() >= BATCH_FILES || pending_bytes >= BATCH_BYTES {
            pending_bytes = 0;
            match flush(&mut store, &mut pending, &mut origins, &mut ids) {
                Ok(n) => {
                    report.articles += n;
                    on_progress(report.articles);
                }
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            }
        }
        true
    })?;
    report.lost_articles = lost;
    if let Some(e) = failure {
        return Err(e);
    }
    report.articles += flush(&mut store, &mut pending, &mut origins, &mut ids)?;
    on_progress(report.articles);
    report.corrections = store.restore_corrections(&salvage, &ids)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file name that makes [`prepare_file`] panic, as a bug in a parser or the engine would.
    pub(super) const PANICS: &str = "panics-for-test.txt";

    /// A cancelled re-analysis keeps what it finished and its place; the next run goes on from
    /// there, analyses each article once, and the counts stay right.
    #[test]
    fn reanalysis_stops_and_goes_on_where_it_stopped() {
        const PAGE: usize = 200;
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..450 {
            std::fs::write(
                dir.path().join(format!("n{i:03}.txt")),
                format!(
                    "Note {i}\nMirela Dovan of the Tessaly Board said on day {i} that the levy would rise.\n"
                ),
            )
            .expect("write");
        }
        let mut store = Store::open_in_memory().expect("store");
        let cancel = AtomicBool::new(false);
        import_paths(
            &mut store,
            Engine::shared(),
            &[dir.path().to_owned()],
            &cancel,
            |_| {},
        )
        .expect("import");
        assert_eq!(store.reanalysis_position().unwrap(), None);

        // Cancelled once the first page is stored.
        let mut seen = Vec::new();
        let first = reanalyse_in_pages(&mut store, Engine::shared(), &cancel, PAGE, |p| {
            seen.push(p);
            cancel.store(true, Ordering::Relaxed);
        })
        .expect("first run");
        assert_eq!(first, PAGE);
        assert_eq!(
            seen,
            [ReanalyseProgress {
                done: PAGE,
                total: 450
            }]
        );
        let stopped = store
            .reanalysis_position()
            .unwrap()
            .expect("a place is kept");
        assert_eq!(store.articles_up_to(stopped).unwrap(), PAGE as u64);
        assert!(store.verify_stats().unwrap().is_empty());

        // The next run does the rest, counting from where the first stopped.
        cancel.store(false, Ordering::Relaxed);
        let mut last = None;
        let rest = reanalyse_in_pages(&mut store, Engine::shared(), &cancel, PAGE, |p| {
            last = Some(p)
        })
        .expect("second run");
        assert_eq!(rest, 450 - PAGE);
        assert_eq!(
            last,
            Some(ReanalyseProgress {
                done: 450,
                total: 450
            })
        );
        assert_eq!(store.reanalysis_position().unwrap(), None);
        assert!(store.verify_stats().unwrap().is_empty());
        // Finished: a new run starts from the beginning.
        assert_eq!(
            reanalyse(&mut store, Engine::shared(), &cancel, |_| {}).unwrap(),
            450
        );
    }

    /// A panic while preparing one file fails that file with a clear reason; every other file,
    /// before and after it and on every worker, is imported, and the import finishes.
    #[test]
    fn a_panic_in_one_file_fails_that_file_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..40 {
            let name = if i == 17 {
                PANICS.to_string()
            } else {
                format!("a{i:02}.txt")
            };
            std::fs::write(
                dir.path().join(name),
                format!("Note {i}\nThe harbour board met again on day {i} to discuss the levy.\n"),
            )
            .expect("write");
        }
        let mut store = Store::open_in_memory().expect("store");
        let cancel = AtomicBool::new(false);
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let summary = import_paths(
            &mut store,
            Engine::shared(),
            &[dir.path().to_owned()],
            &cancel,
            |_| {},
        );
        std::panic::set_hook(prev);
        let summary = summary.expect("the import finishes");
        assert_eq!(summary.articles, 39);
        assert_eq!(summary.failed.len(), 1);
        assert!(summary.failed[0].path.ends_with(PANICS));
        assert_eq!(
            summary.failed[0].status,
            FileStatus::Failed(INTERNAL_ERROR.to_string())
        );
    }

    #[test]
    fn long_articles_are_analysed_up_to_a_sentence_break() {
        let text = "A sentence about the harbour. ".repeat((MAX_ANALYSED_BYTES / 30) + 500);
        let cut = analysed_prefix(&text);
        assert!(cut <= MAX_ANALYSED_BYTES && cut > MAX_ANALYSED_BYTES - (64 << 10));
        assert!(text[..cut].ends_with('.'));
        let short = "Short text.";
        assert_eq!(analysed_prefix(short), short.len());
        let mut article = crate::model::Article {
            text: short.into(),
            ..Default::default()
        };
        let (_, note) = analyse_guarded(Engine::shared(), &mut article).expect("analysed");
        assert_eq!((article.text.as_str(), note), (short, None));
    }
}
