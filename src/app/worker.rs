//! The background worker: a named thread that owns the [`Store`] and does every piece of file and
//! database IO for the window. The UI sends [`Command`]s and draws from the [`Event`]s that come
//! back, so a slow query or a long import never freezes the window.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use eframe::egui;

use super::curation::CurationRequest;
use super::timeline::Chart;
use crate::export::Scope;
use crate::export_file::{self, ExportFormat};
use crate::extract::Engine;
use crate::model::Span;
use crate::pipeline::{self, FileReport, ImportEvent, ImportSummary};
use crate::store::{
    ActorId, ActorProfile, ActorRow, ArticleDetail, ArticleId, CorrectionRow, SearchHit, Stats,
    Store, StoreError, TopicDetail, TopicId, TopicRow,
};

/// How many search results the app asks for.
pub const SEARCH_LIMIT: usize = 200;

/// What the UI asks the worker to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open (or create) a dossier; on success the worker sends `Opened` and then `Overview`.
    Open(PathBuf),
    /// Open a dossier that must already exist (recent list, Open dialog): a file that was
    /// moved or deleted is reported, not silently recreated empty.
    OpenExisting(PathBuf),
    /// Reload totals, actors and topics.
    Refresh,
    LoadActor(ActorId),
    LoadTopic(TopicId),
    /// Load an article; `focus` is the span to scroll to and highlight.
    LoadArticle {
        id: ArticleId,
        focus: Option<Span>,
    },
    Search(String),
    /// Find actors by name beyond those the overview lists (a dossier with more than
    /// [`ACTOR_LIST_LIMIT`] actors); the worker answers `FoundActors`.
    FindActors(String),
    /// Import files and folders (on a `dossier-import` thread); progress arrives as `Import*`
    /// events. The UI asks for a `Refresh` when it ends.
    Import(Vec<PathBuf>),
    /// Apply, undo or redo a correction; the worker answers `Corrected` (or `Problem`), then
    /// `History` and `Overview`.
    Curate(CurationRequest),
    /// Load the correction history.
    LoadHistory,
    /// Give the dossier's free space back to the disk, on a `dossier-compact` thread. The
    /// worker closes its own connection first (compaction needs the dossier to itself); progress
    /// arrives as `ImportProgress` (thousandths), the end as `Compacted`, after which the UI opens
    /// the dossier again.
    Compact,
    /// Run extraction again on every article (after an engine upgrade), keeping corrections, on
    /// a `dossier-reanalyse` thread; progress arrives as `ImportProgress`, the end as `Reanalysed`.
    Reanalyse,
    /// Write a summary of `scope` to `path`; the worker answers `Exported`.
    Export {
        scope: Scope,
        format: ExportFormat,
        /// Actors with a section of their own (briefing formats).
        top: usize,
        path: PathBuf,
    },
    /// Copy what can be read from the damaged dossier `damaged` into a new one at `new` (on a
    /// `dossier-recover` thread); the end arrives as `Recovered`.
    Recover {
        damaged: PathBuf,
        new: PathBuf,
    },
    /// Ends the worker thread with a panic outside any guard (tests of the dead-worker notice).
    #[cfg(test)]
    DieForTest,
}

/// How many actors the overview lists, most mentioned first. A dossier of a million articles
/// has a million actors, most named once: the rest are found by name (`FindActors`), so the list
/// loads, filters and scrolls within a frame (filtering 50,000 names took 26 ms a keystroke).
#[cfg(not(test))]
pub const ACTOR_LIST_LIMIT: usize = 20_000;
/// A short list in tests, so a few actors show how the rest are found.
#[cfg(test)]
pub const ACTOR_LIST_LIMIT: usize = 3;

/// How many actors one name search adds to the list.
const FOUND_ACTORS_LIMIT: usize = 2_000;

impl Command {
    /// Commands in the same slot replace each other when several are queued (only the last
    /// selection or search matters); `None` for commands that must all run.
    fn slot(&self) -> Option<u8> {
        match self {
            Command::LoadActor(_) => Some(1),
            Command::LoadTopic(_) => Some(2),
            Command::LoadArticle { .. } => Some(3),
            Command::Search(_) => Some(4),
            Command::Refresh => Some(5),
            Command::FindActors(_) => Some(7),
            Command::LoadHistory => Some(6),
            Command::Open(_)
            | Command::OpenExisting(_)
            | Command::Import(_)
            | Command::Reanalyse
            | Command::Compact
            | Command::Recover { .. }
            | Command::Curate(_)
            | Command::Export { .. } => None,
            #[cfg(test)]
            Command::DieForTest => None,
        }
    }

    /// What the worker was doing, for an error message ("while loading an actor").
    fn describe(&self) -> &'static str {
        match self {
            Command::Open(_) | Command::OpenExisting(_) => "opening the dossier",
            Command::Refresh => "reading the dossier",
            Command::LoadActor(_) => "loading an actor",
            Command::LoadTopic(_) => "loading a topic",
            Command::LoadArticle { .. } => "loading an article",
            Command::Search(_) => "searching",
            Command::FindActors(_) => "finding actors",
            Command::Import(_) => "starting an import",
            Command::Curate(_) => "making a correction",
            Command::LoadHistory => "reading the corrections",
            Command::Reanalyse => "starting the re-analysis",
            Command::Compact => "starting to compact the dossier",
            Command::Recover { .. } => "recovering a dossier",
            Command::Export { .. } => "exporting",
            #[cfg(test)]
            Command::DieForTest => "dying",
        }
    }
}

/// The text of a panic payload (a `&str` or a `String`), else a placeholder.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".to_owned())
}

/// What the worker reports back.
#[derive(Debug, Clone)]
pub enum Event {
    /// Opening `path` starts with a check for damage (it was not closed cleanly), which takes a
    /// while for a large dossier.
    Checking {
        path: PathBuf,
    },
    Opened {
        path: PathBuf,
    },
    /// The dossier was closed after an internal error; nothing is open.
    Closed,
    /// The dossier could not be opened; `message` is a sentence for people. `damaged` when the
    /// file is a damaged dossier (File > Recover can copy what is readable).
    OpenFailed {
        path: PathBuf,
        message: String,
        damaged: bool,
    },
    /// Totals, the most mentioned actors (`ACTOR_LIST_LIMIT`) with their dates, and topics.
    Overview {
        stats: Stats,
        actors: Vec<ActorRow>,
        topics: Vec<TopicRow>,
        took: Duration,
    },
    /// Compaction ended: the sizes before and after, or why it stopped. Either way the UI opens
    /// the dossier again.
    Compacted {
        result: Result<crate::store::Compacted, String>,
    },
    /// Much of the dossier file is free space (`worth_compacting`): the UI offers to compact.
    CompactSuggested(crate::store::SpaceUse),
    /// Actors whose name contains `query`, for a dossier whose overview lists only the most
    /// mentioned.
    FoundActors {
        query: String,
        actors: Vec<ActorRow>,
    },
    Actor {
        id: ActorId,
        profile: Option<Box<ActorProfile>>,
        timeline: Chart,
    },
    Topic {
        id: TopicId,
        detail: Option<Box<TopicDetail>>,
        timeline: Chart,
    },
    Article {
        id: ArticleId,
        detail: Option<Box<ArticleDetail>>,
        focus: Option<Span>,
    },
    SearchResults {
        query: String,
        hits: Vec<SearchHit>,
        took: Duration,
    },
    ImportStarted {
        total_paths: usize,
    },
    ImportProgress {
        done: usize,
        total: usize,
        path: PathBuf,
    },
    ImportFileDone(FileReport),
    ImportFinished(Result<ImportSummary, String>),
    /// A recovery into `path` ended: what was copied, or why it stopped.
    Recovered {
        path: PathBuf,
        result: Result<String, String>,
    },
    /// A re-analysis ended: how many articles were analysed again, or why it stopped.
    Reanalysed(Result<usize, String>),
    /// A correction was applied, undone or redone; `summary` says what changed.
    Corrected {
        summary: String,
    },
    /// The correction history, oldest first.
    History(Vec<CorrectionRow>),
    /// An export to `path` finished: what was written, or why nothing was.
    Exported {
        path: PathBuf,
        result: Result<String, String>,
    },
    /// Something failed; the message is a sentence for people.
    Problem(String),
}

/// The UI side of the worker: send commands, drain events.
pub struct Worker {
    commands: Sender<Command>,
    events: Receiver<Event>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the `dossier-worker` thread. `ctx` is asked to repaint after each event.
    pub fn start(ctx: egui::Context) -> Result<Worker, String> {
        let (cmd_tx, cmd_rx) = mpsc::channel::<Command>();
        let (ev_tx, ev_rx) = mpsc::channel::<Event>();
        let cancel = Arc::new(AtomicBool::new(false));
        let thread_cancel = Arc::clone(&cancel);
        let thread_tx = ev_tx;
        let thread = std::thread::Builder::new()
            .name("dossier-worker".into())
            .spawn(move || {
                let mut state = WorkerState {
                    store: None,
                    ctx,
                    events: thread_tx,
                    cancel: thread_cancel,
                    import_thread: None,
                };
                state.run(cmd_rx);
            })
            .map_err(|e| format!("the background worker could not start ({e})"))?;
        Ok(Worker {
            commands: cmd_tx,
            events: ev_rx,
            cancel,
            thread: Some(thread),
        })
    }

    /// Queues a command. A new import clears an earlier cancel request.
    pub fn send(&self, command: Command) {
        if matches!(command, Command::Import(_) | Command::Reanalyse) {
            self.cancel.store(false, Ordering::Relaxed);
        }
        // A send fails only when the worker has stopped, which `try_events` reports.
        let _ = self.commands.send(command);
    }

    /// False when the worker thread has ended (it stops only after a bug): commands sent now are
    /// lost, and the app must start a new worker.
    pub fn is_alive(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Asks a running import to stop after the current file.
    pub fn cancel_import(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Events that arrived since the last call.
    pub fn try_events(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        // Closing the command channel ends the worker loop after its current command.
        let (dead_tx, _) = mpsc::channel();
        self.commands = dead_tx;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct WorkerState {
    store: Option<Store>,
    ctx: egui::Context,
    events: Sender<Event>,
    cancel: Arc<AtomicBool>,
    import_thread: Option<JoinHandle<()>>,
}

impl WorkerState {
    fn run(&mut self, commands: Receiver<Command>) {
        while let Ok(first) = commands.recv() {
            let mut batch = vec![first];
            batch.extend(commands.try_iter());
            for (i, command) in batch.iter().enumerate() {
                let superseded = command.slot().is_some_and(|s| {
                    let later = batch.get(i + 1..).unwrap_or_default();
                    later.iter().any(|c| c.slot() == Some(s))
                });
                if superseded {
                    continue;
                }
                #[cfg(test)]
                if matches!(command, Command::DieForTest) {
                    panic!("the worker was asked to die (test)");
                }
                // A panic in one command (a bug) is reported and the worker goes on; the store
                // it left behind is dropped, as it may be in the middle of something.
                let what = command.describe();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.handle(command.clone())
                }));
                if let Err(payload) = outcome {
                    self.send(Event::Problem(format!(
                        "Internal error while {what} ({}): please report it. The dossier was closed; reopen it from File > Open recent.",
                        panic_message(payload.as_ref())
                    )));
                    if self.store.take().is_some() {
                        self.send(Event::Closed);
                    }
                }
            }
        }
        if let Some(import) = self.import_thread.take() {
            let _ = import.join();
        }
    }

    fn send(&self, event: Event) {
        let _ = self.events.send(event);
        self.ctx.request_repaint();
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::OpenExisting(path) if !path.exists() => self.send(Event::OpenFailed {
                message: format!(
                    "{} does not exist (was it moved or deleted?)",
                    path.display()
                ),
                path,
                damaged: false,
            }),
            Command::Open(path) | Command::OpenExisting(path) => {
                if Store::open_checks_first(&path) {
                    self.send(Event::Checking { path: path.clone() });
                }
                match Store::open(&path) {
                    Ok(store) => {
                        let space = store.space_use().ok().filter(|s| s.worth_compacting());
                        self.store = Some(store);
                        self.send(Event::Opened { path });
                        self.overview();
                        if let Some(space) = space {
                            self.send(Event::CompactSuggested(space));
                        }
                    }
                    Err(e) => self.send(Event::OpenFailed {
                        path,
                        damaged: matches!(e, StoreError::Corrupt { .. } | StoreError::Damaged(_)),
                        message: e.to_string(),
                    }),
                }
            }
            Command::Refresh => self.overview(),
            Command::LoadActor(id) => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                let result = store
                    .actor_profile(id)
                    .and_then(|p| Ok((p, store.actor_timeline(id)?)));
                match result {
                    Ok((profile, timeline)) => self.send(Event::Actor {
                        id,
                        profile: profile.map(Box::new),
                        timeline: Chart::new(&timeline),
                    }),
                    Err(e) => self.problem("The actor could not be loaded", &e),
                }
            }
            Command::LoadTopic(id) => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                let result = store
                    .topic_detail(id)
                    .and_then(|d| Ok((d, store.topic_timeline(id)?)));
                match result {
                    Ok((detail, timeline)) => self.send(Event::Topic {
                        id,
                        detail: detail.map(Box::new),
                        timeline: Chart::new(&timeline),
                    }),
                    Err(e) => self.problem("The topic could not be loaded", &e),
                }
            }
            Command::LoadArticle { id, focus } => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                match store.article(id) {
                    Ok(detail) => self.send(Event::Article {
                        id,
                        detail: detail.map(Box::new),
                        focus,
                    }),
                    Err(e) => self.problem("The article could not be loaded", &e),
                }
            }
            Command::FindActors(query) => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                match store.actors_named(&query, FOUND_ACTORS_LIMIT) {
                    Ok(actors) => self.send(Event::FoundActors { query, actors }),
                    Err(e) => self.problem("The actors could not be searched", &e),
                }
            }
            Command::Search(query) => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                let started = Instant::now();
                match store.search(&query, SEARCH_LIMIT) {
                    Ok(hits) => self.send(Event::SearchResults {
                        query,
                        hits,
                        took: started.elapsed(),
                    }),
                    Err(e) => self.problem("The search failed", &e),
                }
            }
            #[cfg(test)]
            Command::DieForTest => {}
            Command::Import(paths) => self.import(paths),
            Command::Reanalyse => self.reanalyse(),
            Command::Compact => self.compact(),
            Command::Recover { damaged, new } => self.recover(damaged, new),
            Command::Curate(request) => self.curate(request),
            Command::LoadHistory => self.history(),
            Command::Export {
                scope,
                format,
                top,
                path,
            } => {
                let Some(store) = self.store.as_ref() else {
                    return;
                };
                let options = crate::export::Options {
                    top,
                    ..Default::default()
                };
                let result =
                    export_file::export_summary_with(store, &scope, format, &options, &path)
                        .map(|report| report.message());
                self.send(Event::Exported { path, result });
            }
        }
    }

    fn curate(&mut self, request: CurationRequest) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let result = match request {
            CurationRequest::Apply(correction) => store.correct(correction).and_then(|id| {
                let rows = store.corrections()?;
                Ok(Some(rows.into_iter().find(|r| r.id == id).map_or_else(
                    || "Correction made".to_owned(),
                    |r| r.summary,
                )))
            }),
            CurationRequest::Undo => store
                .undo()
                .map(|r| r.map(|r| format!("Undone: {}", r.summary))),
            CurationRequest::Redo => store
                .redo()
                .map(|r| r.map(|r| format!("Redone: {}", r.summary))),
            CurationRequest::UndoOne(id) => store
                .undo_correction(id)
                .map(|r| Some(format!("Undone: {}", r.summary))),
        };
        match result {
            Ok(Some(summary)) => self.send(Event::Corrected { summary }),
            Ok(None) => self.send(Event::Problem("There is nothing to undo or redo.".into())),
            Err(e) => self.problem("The correction could not be made", &e),
        }
        self.history();
        self.overview();
    }

    fn history(&self) {
        let Some(store) = self.store.as_ref() else {
            return;
        };
        match store.corrections() {
            Ok(rows) => self.send(Event::History(rows)),
            Err(e) => self.problem("The history could not be read", &e),
        }
    }

    fn problem(&self, what: &str, e: &dyn std::fmt::Display) {
        self.send(Event::Problem(format!("{what}: {e}.")));
    }

    /// Totals, the most mentioned actors with their counts and dates (kept up to date by the
    /// store, so this reads no mentions) and topics.
    fn overview(&self) {
        let Some(store) = self.store.as_ref() else {
            return;
        };
        let started = Instant::now();
        let result = store
            .stats()
            .and_then(|stats| Ok((stats, store.top_actors(ACTOR_LIST_LIMIT)?, store.topics()?)));
        match result {
            Ok((stats, actors, topics)) => self.send(Event::Overview {
                stats,
                actors,
                topics,
                took: started.elapsed(),
            }),
            Err(e) => self.problem("The dossier could not be read", &e),
        }
    }

    /// Imports on a `dossier-import` thread with its own connection, so the worker keeps
    /// answering queries (browsing goes on during a long import). SQLite's WAL mode lets the two
    /// connections read and write side by side.
    fn import(&mut self, paths: Vec<PathBuf>) {
        let total_paths = paths.len();
        self.background(
            "dossier-import",
            total_paths,
            Event::ImportFinished,
            move |store, cancel, send| {
                pipeline::import_paths(store, Engine::shared(), &paths, cancel, |event| {
                    send(match event {
                        ImportEvent::Started { done, total, path } => {
                            Event::ImportProgress { done, total, path }
                        }
                        ImportEvent::Finished(report) => Event::ImportFileDone(report),
                    })
                })
            },
        );
    }

    /// Re-analyses every article on a `dossier-reanalyse` thread, like an import: browsing goes
    /// on, Cancel stops between articles, corrections are kept.
    /// Recovery reads another file and writes a new one, so it needs no open dossier; it runs
    /// on its own thread and always reports its end, a panic included.
    fn recover(&mut self, damaged: PathBuf, new: PathBuf) {
        let events = self.events.clone();
        let ctx = self.ctx.clone();
        let cancel = Arc::clone(&self.cancel);
        let spawned = std::thread::Builder::new()
            .name("dossier-recover".into())
            .spawn(move || {
                let run = || {
                    pipeline::recover(&damaged, &new, Engine::shared(), &cancel, |_| {})
                        .map(|r| {
                            format!(
                                "Recovered {} ({} could not be read) and {} into {}.",
                                crate::app::widgets::count(r.articles as u64, "article"),
                                r.lost_articles,
                                crate::app::widgets::count(
                                    r.corrections.restored as u64,
                                    "correction"
                                ),
                                new.display()
                            )
                        })
                        .map_err(|e| e.to_string())
                };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
                    .unwrap_or_else(|p| Err(format!("internal error: {}", panic_message(&*p))));
                let _ = events.send(Event::Recovered { path: new, result });
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            self.send(Event::Problem(format!(
                "The recovery could not start ({e})."
            )));
        }
    }

    fn reanalyse(&mut self) {
        self.background(
            "dossier-reanalyse",
            0,
            Event::Reanalysed,
            |store, cancel, send| {
                pipeline::reanalyse(store, Engine::shared(), cancel, |p| {
                    send(Event::ImportProgress {
                        done: p.done,
                        total: p.total,
                        path: PathBuf::from(format!("article {} of {}", p.done, p.total)),
                    })
                })
            },
        );
    }

    fn compact(&mut self) {
        let open = self.store.is_some();
        self.background(
            "dossier-compact",
            0,
            |result| Event::Compacted { result },
            |store, cancel, send| {
                store.compact(cancel, |step| {
                    send(Event::ImportProgress {
                        done: (step.fraction() * 1000.0) as usize,
                        total: 1000,
                        path: PathBuf::from(match step {
                            crate::store::CompactStep::Tidying => "tidying the search index",
                            crate::store::CompactStep::Copying(_) => "writing a compact copy",
                            crate::store::CompactStep::Replacing(_) => "putting the copy in place",
                        }),
                    })
                })
            },
        );
        // The job needs the dossier to itself: this connection closes now (the job waits up to
        // two seconds for it), and the UI opens the dossier again when the job ends.
        if open {
            self.store = None;
        }
    }

    /// Runs `job` on a thread named `name` with its own connection to the open dossier (one such
    /// job at a time), reporting progress through `send` and the end through `finished`.
    fn background<T: Send + 'static>(
        &mut self,
        name: &str,
        total_paths: usize,
        finished: fn(Result<T, String>) -> Event,
        job: impl FnOnce(&mut Store, &AtomicBool, &dyn Fn(Event)) -> Result<T, crate::store::StoreError>
        + Send
        + 'static,
    ) {
        let Some(path) = self
            .store
            .as_ref()
            .and_then(|s| s.path())
            .map(Path::to_path_buf)
        else {
            self.send(finished(Err(
                "no dossier is open: open or create one first".into(),
            )));
            return;
        };
        if let Some(previous) = self.import_thread.take() {
            // The UI starts one job at a time; wait for a previous one just in case.
            let _ = previous.join();
        }
        self.send(Event::ImportStarted { total_paths });
        let events = self.events.clone();
        let ctx = self.ctx.clone();
        let cancel = Arc::clone(&self.cancel);
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let send = |event: Event| {
                    let _ = events.send(event);
                    ctx.request_repaint();
                };
                // A panic in the job (a bug) must still end with `finished`, or the app would
                // wait for it forever and refuse further imports.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    Store::open(&path).and_then(|mut store| job(&mut store, &cancel, &send))
                }));
                send(finished(match result {
                    Ok(result) => result.map_err(|e| e.to_string()),
                    Err(payload) => Err(format!(
                        "internal error ({}): please report it. What was finished before it is kept",
                        panic_message(payload.as_ref())
                    )),
                }));
            });
        match spawned {
            Ok(handle) => self.import_thread = Some(handle),
            Err(e) => self.send(finished(Err(format!("the work could not start ({e})")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_selections_supersede_earlier_ones_but_imports_do_not() {
        assert_eq!(Command::LoadActor(1).slot(), Command::LoadActor(2).slot());
        assert_ne!(Command::LoadActor(1).slot(), Command::LoadTopic(1).slot());
        assert_eq!(Command::Import(Vec::new()).slot(), None);
        assert_eq!(Command::Open(PathBuf::new()).slot(), None);
    }

    fn wait_for(worker: &Worker, mut pred: impl FnMut(&Event) -> bool) -> Vec<Event> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            for e in worker.try_events() {
                let done = pred(&e);
                seen.push(e);
                if done {
                    return seen;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the worker did not answer in time; saw {seen:?}");
    }

    #[test]
    fn a_panicking_job_still_reports_that_it_finished() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("p.dossier")).expect("open");
        let (events, answers) = mpsc::channel();
        let mut state = WorkerState {
            store: Some(store),
            ctx: egui::Context::default(),
            events,
            cancel: Arc::new(AtomicBool::new(false)),
            import_thread: None,
        };
        state.background(
            "dossier-test",
            0,
            Event::ImportFinished,
            |_, _, _| -> Result<ImportSummary, StoreError> { panic!("boom in a job") },
        );
        if let Some(thread) = state.import_thread.take() {
            thread.join().expect("the job thread ends normally");
        }
        let seen: Vec<Event> = answers.try_iter().collect();
        assert!(
            seen.iter().any(|e| matches!(
                e,
                Event::ImportFinished(Err(m)) if m.contains("internal error") && m.contains("boom in a job")
            )),
            "{seen:?}"
        );
    }

    /// A dossier that was closed cleanly opens at once; a copy of it (never closed at its new
    /// place) is checked first, and the worker says so before the check starts.
    #[test]
    fn says_when_opening_starts_with_a_check_for_damage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let clean = dir.path().join("clean.dossier");
        drop(Store::open(&clean).expect("create"));
        let copy = dir.path().join("copy.dossier");
        std::fs::copy(&clean, &copy).expect("copy");
        let worker = Worker::start(egui::Context::default()).expect("worker");

        worker.send(Command::Open(clean.clone()));
        let seen = wait_for(&worker, |e| matches!(e, Event::Overview { .. }));
        assert!(
            !seen.iter().any(|e| matches!(e, Event::Checking { .. })),
            "{seen:?}"
        );

        worker.send(Command::Open(copy.clone()));
        let seen = wait_for(&worker, |e| matches!(e, Event::Overview { .. }));
        let checking = seen
            .iter()
            .position(|e| matches!(e, Event::Checking { path } if *path == copy));
        let opened = seen
            .iter()
            .position(|e| matches!(e, Event::Opened { path } if *path == copy));
        assert!(
            matches!((checking, opened), (Some(c), Some(o)) if c < o),
            "{seen:?}"
        );
    }

    #[test]
    fn opens_a_dossier_and_reports_a_bad_file_in_words() {
        let dir = tempfile::tempdir().expect("tempdir");
        let worker = Worker::start(egui::Context::default()).expect("worker");
        let bad = dir.path().join("notes.dossier");
        std::fs::write(&bad, b"just some text, not a database").expect("write");
        worker.send(Command::Open(bad));
        let seen = wait_for(&worker, |e| matches!(e, Event::OpenFailed { .. }));
        let Some(Event::OpenFailed { message, .. }) = seen.last() else {
            panic!("no failure")
        };
        assert!(message.contains("not a dossier"), "{message}");

        let gone = dir.path().join("gone.dossier");
        worker.send(Command::OpenExisting(gone.clone()));
        let seen = wait_for(&worker, |e| matches!(e, Event::OpenFailed { .. }));
        let Some(Event::OpenFailed { message, .. }) = seen.last() else {
            panic!("no failure")
        };
        assert!(message.contains("does not exist"), "{message}");
        assert!(!gone.exists(), "a missing dossier is not recreated");

        worker.send(Command::Open(dir.path().join("new.dossier")));
        let seen = wait_for(&worker, |e| matches!(e, Event::Overview { .. }));
        assert!(seen.iter().any(|e| matches!(e, Event::Opened { .. })));
        let Some(Event::Overview { stats, .. }) = seen.last() else {
            panic!("no overview")
        };
        assert_eq!(stats.articles, 0);
    }

    #[test]
    fn a_long_actor_list_is_cut_and_the_rest_found_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("many.dossier");
        {
            let mut store = Store::open(&path).expect("store");
            let mut analysis = crate::model::Analysis::default();
            let names = [
                "Ada Quill",
                "Bo Reyne",
                "Cy Tamsin",
                "Dee Ossart",
                "Eno Varrick",
            ];
            let mut text = String::new();
            for (i, name) in names.iter().enumerate() {
                // Ada Quill is named five times, Eno Varrick once.
                for _ in 0..(5 - i) {
                    let start = text.len();
                    text.push_str(name);
                    text.push_str(" spoke. ");
                    analysis.mentions.push(crate::model::FoundMention {
                        actor: i,
                        span: Span::new(start, start + name.len()),
                        confidence: 0.9,
                    });
                }
                analysis.actors.push(crate::model::FoundActor {
                    name: (*name).into(),
                    kind: crate::model::ActorKind::Person,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    affiliations: Vec::new(),
                    confidence: 0.9,
                });
            }
            let article = crate::model::Article {
                text: text.clone(),
                ..crate::model::Article::default()
            };
            let source = crate::store::SourceFile {
                file_name: "a.txt".into(),
                file_path: None,
                format: crate::model::Format::Text,
                encoding: "UTF-8".into(),
            };
            store
                .import_article(
                    &source,
                    &article,
                    &analysis,
                    &crate::import::content_hash(&text),
                    1,
                )
                .expect("import");
        }
        let worker = Worker::start(egui::Context::default()).expect("worker");
        worker.send(Command::Open(path));
        let seen = wait_for(&worker, |e| matches!(e, Event::Overview { .. }));
        let Some(Event::Overview { stats, actors, .. }) = seen.last() else {
            panic!("no overview")
        };
        assert_eq!(stats.actors, 5);
        let listed: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(listed, ["Ada Quill", "Bo Reyne", "Cy Tamsin"]);
        worker.send(Command::FindActors("varr".into()));
        let seen = wait_for(&worker, |e| matches!(e, Event::FoundActors { .. }));
        let Some(Event::FoundActors { query, actors }) = seen.last() else {
            panic!("nothing found")
        };
        assert_eq!(query, "varr");
        assert_eq!(
            actors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
            ["Eno Varrick"]
        );
    }
}
