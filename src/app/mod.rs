//! The desktop app: the only module that uses egui, eframe or rfd.
//!
//! # How it fits together
//! - [`DossierApp`] holds the persisted [`state::Persisted`], a cache of what the views show and
//!   the UI side of the [`worker::Worker`].
//! - Views draw from the cache and push [`Action`]s; [`DossierApp::apply`] turns them into
//!   state changes and [`worker::Command`]s after drawing.
//! - The worker thread (`dossier-worker`) owns the store and answers with
//!   [`worker::Event`]s, which refresh the cache. The UI thread never queries SQLite or reads
//!   files, so it never waits on them.
//! - File dialogs run on a `dossier-dialog` thread behind the [`picker::FilePicker`] trait, so
//!   the GUI tests can replace them.

mod actors_panel;
mod article_view;
pub mod curation;
pub mod fonts;
mod import;
pub mod picker;
mod search;
pub mod state;
mod timeline;
mod topics_panel;
mod widgets;
pub mod worker;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Key, Modifiers};

use crate::model::Span;
use crate::store::{
    ActorId, ActorProfile, ActorRow, ArticleDetail, ArticleId, CorrectionRow, Stats, TimelinePoint,
    TopicDetail, TopicId, TopicRow,
};

use crate::export::{Focus, Scope};
use crate::export_file::ExportFormat;
use actors_panel::ActorListView;
use article_view::ArticleViewState;
use curation::{CurationRequest, CurationUi};
use import::{ImportAction, ImportView};
use picker::{FilePicker, NativePicker, PickKind};
use search::SearchResults;
use state::{OpenArticle, Persisted, Selection, Tab, ThemeChoice};
use worker::{Command, Event, Worker};

/// Opens the main window on the dossier at `db` and returns when it closes.
pub fn run(db: PathBuf) -> Result<(), String> {
    let viewport = egui::ViewportBuilder::default()
        .with_title("Dossier")
        .with_app_id("dossier")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true)
        .with_icon(Arc::new(icon()));
    let options = eframe::NativeOptions {
        viewport,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |cc| {
            let app = DossierApp::new(cc, db, Arc::new(NativePicker))?;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| e.to_string())
}

/// The window icon, drawn in code: a folder-coloured card with a dark band.
fn icon() -> egui::IconData {
    const SIZE: u32 = 64;
    let mut rgba = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let inside = (6..58).contains(&x) && (10..56).contains(&y);
            let tab = (6..28).contains(&x) && (4..10).contains(&y);
            let band = inside && (22..30).contains(&y);
            let pixel: [u8; 4] = if band {
                [40, 60, 90, 255]
            } else if inside || tab {
                [230, 180, 80, 255]
            } else {
                [0, 0, 0, 0]
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    egui::IconData {
        rgba,
        width: SIZE,
        height: SIZE,
    }
}

/// Something a view asks for; applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SelectActor(ActorId),
    SelectTopic(TopicId),
    OpenArticle {
        id: ArticleId,
        focus: Option<Span>,
    },
    CloseArticle,
    Pick(PickKind),
    /// Open a dossier; `create` makes a new one when the file does not exist.
    OpenDossier {
        path: PathBuf,
        create: bool,
    },
    Import(Vec<PathBuf>),
    /// Export a summary (of the whole dossier, or of the selection when the Export menu says
    /// so) to `path`.
    Export {
        format: ExportFormat,
        path: PathBuf,
    },
    ShowTab(Tab),
    SetTheme(ThemeChoice),
}

/// The correction widgets' state and the requests they pushed this frame, handed to the views.
pub struct Curating<'a> {
    pub ui: &'a mut CurationUi,
    pub out: &'a mut Vec<CurationRequest>,
}

/// A message shown under the menu bar until dismissed.
#[derive(Debug, Clone, PartialEq)]
struct Notice {
    text: String,
    error: bool,
}

/// What the views draw, refreshed by worker events.
#[derive(Default)]
struct Cache {
    /// Bumped whenever `actors` is replaced, so the list view re-filters.
    generation: u64,
    stats: Stats,
    actors: Vec<ActorRow>,
    /// Position of each actor in `actors`, by id.
    actor_index: HashMap<ActorId, usize>,
    topics: Vec<TopicRow>,
    corrections: Vec<CorrectionRow>,
    profile: Option<(Box<ActorProfile>, Vec<TimelinePoint>)>,
    topic: Option<(Box<TopicDetail>, Vec<TimelinePoint>)>,
    article: Option<Box<ArticleDetail>>,
    search: SearchResults,
    /// True once the first overview arrived.
    loaded: bool,
}

/// The desktop app.
pub struct DossierApp {
    state: Persisted,
    /// The dossier asked for or open.
    db: PathBuf,
    /// Set once the worker opened `db`.
    opened: bool,
    worker: Worker,
    picker: Arc<dyn FilePicker>,
    /// A file dialog is open (only one at a time).
    picking: bool,
    cache: Cache,
    actor_view: ActorListView,
    article_view: ArticleViewState,
    import: Option<ImportView>,
    notices: Vec<Notice>,
    about_open: bool,
    history_open: bool,
    /// File > Export summary covers only the selected actor or topic.
    export_selection_only: bool,
    /// How long the last call of `ui` took (building the frame, without painting).
    last_ui_time: std::time::Duration,
    /// When the last overview was asked for during an import (at most one every 3 s).
    refresh_requested: Option<std::time::Instant>,
    curation: CurationUi,
    applied_theme: Option<ThemeChoice>,
}

impl DossierApp {
    /// Builds the app on the dossier at `db`, with `picker` for file dialogs (tests pass a stub).
    /// Restores persisted state when eframe has storage, installs fonts and starts the worker.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        db: PathBuf,
        picker: Arc<dyn FilePicker>,
    ) -> Result<Self, String> {
        let state: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_state(&cc.egui_ctx, db, picker, state)
    }

    /// Like [`DossierApp::new`] with explicit state (benchmarks and tests without eframe).
    pub fn with_state(
        ctx: &egui::Context,
        db: PathBuf,
        picker: Arc<dyn FilePicker>,
        state: Persisted,
    ) -> Result<Self, String> {
        fonts::install(ctx);
        let worker = Worker::start(ctx.clone())?;
        worker.send(Command::Open(db.clone()));
        Ok(Self {
            state,
            db,
            opened: false,
            worker,
            picker,
            picking: false,
            cache: Cache::default(),
            actor_view: ActorListView::default(),
            article_view: ArticleViewState::default(),
            import: None,
            notices: Vec::new(),
            about_open: false,
            history_open: false,
            export_selection_only: false,
            last_ui_time: std::time::Duration::ZERO,
            refresh_requested: None,
            curation: CurationUi::default(),
            applied_theme: None,
        })
    }

    /// The persisted state (tests check selections through it).
    pub fn state(&self) -> &Persisted {
        &self.state
    }

    /// True once the dossier is open and its overview has arrived.
    pub fn is_loaded(&self) -> bool {
        self.opened && self.cache.loaded
    }

    /// The actor list on show (its dates arrive after the counts).
    pub fn actor_list(&self) -> &[ActorRow] {
        &self.cache.actors
    }

    /// Totals of the open dossier, as last reported by the worker.
    pub fn stats(&self) -> Stats {
        self.cache.stats
    }

    /// True while an import runs.
    pub fn is_importing(&self) -> bool {
        self.import.as_ref().is_some_and(ImportView::running)
    }

    /// The summary line of the last finished import, if any.
    pub fn import_summary(&self) -> Option<String> {
        match self.import.as_ref()?.finished.as_ref()? {
            Ok(summary) => Some(import::summary_line(summary)),
            Err(reason) => Some(reason.clone()),
        }
    }

    /// The id of the loaded actor profile, if one is shown.
    pub fn shown_actor(&self) -> Option<ActorId> {
        self.cache.profile.as_ref().map(|(p, _)| p.actor.id)
    }

    /// The open article and its highlighted span, once loaded.
    pub fn shown_article(&self) -> Option<(ArticleId, Option<Span>)> {
        self.cache
            .article
            .as_ref()
            .map(|a| (a.article.id, self.article_view.focus))
    }

    /// The text of the open article, once loaded.
    pub fn article_text(&self) -> Option<&str> {
        self.cache.article.as_ref().map(|a| a.text.as_str())
    }

    /// How long the last frame took to build (for the benchmark).
    pub fn last_ui_time(&self) -> std::time::Duration {
        self.last_ui_time
    }

    /// Messages currently shown to the person.
    pub fn notices(&self) -> Vec<String> {
        self.notices.iter().map(|n| n.text.clone()).collect()
    }

    /// Number of search results shown, and the query they answer.
    pub fn search_results(&self) -> (usize, &str) {
        (self.cache.search.hits.len(), &self.cache.search.query)
    }

    /// How long the worker took for the search on show.
    pub fn search_time(&self) -> std::time::Duration {
        self.cache.search.took
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        let text = text.into();
        if !self.notices.iter().any(|n| n.text == text) {
            self.notices.push(Notice { text, error });
        }
        // Keep the bar short: the oldest messages go first.
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
    }

    fn dossier_name(path: &Path) -> String {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }

    // ----- events from the worker -----

    fn handle_events(&mut self, ctx: &egui::Context) {
        for event in self.worker.try_events() {
            self.handle_event(ctx, event);
        }
    }

    fn handle_event(&mut self, ctx: &egui::Context, event: Event) {
        match event {
            Event::Opened { path } => {
                let switched = path != self.db;
                self.db = path.clone();
                self.opened = true;
                self.state.remember(&path);
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(format!(
                    "Dossier - {}",
                    Self::dossier_name(&path)
                )));
                self.cache = Cache {
                    generation: self.cache.generation + 1,
                    ..Cache::default()
                };
                self.article_view = ArticleViewState::default();
                if switched || self.state.selection_dossier.as_deref() != Some(path.as_path()) {
                    self.state.selection = None;
                    self.state.article = None;
                }
                self.state.selection_dossier = Some(path);
                // Restore what was shown last time in this dossier.
                match self.state.selection {
                    Some(Selection::Actor(id)) => self.worker.send(Command::LoadActor(id)),
                    Some(Selection::Topic(id)) => self.worker.send(Command::LoadTopic(id)),
                    None => {}
                }
                if let Some(open) = self.state.article {
                    self.article_view.focus = open.focus;
                    self.article_view.scroll_pending = open.focus.is_some();
                    self.worker.send(Command::LoadArticle {
                        id: open.id,
                        focus: open.focus,
                    });
                }
                if !self.state.search_query.trim().is_empty() {
                    self.worker
                        .send(Command::Search(self.state.search_query.clone()));
                }
            }
            Event::OpenFailed { path, message } => {
                self.state.recent.retain(|p| p != &path);
                let fallback = if self.opened {
                    format!(" {} stays open.", Self::dossier_name(&self.db))
                } else {
                    " Open or create another dossier from the File menu.".to_owned()
                };
                self.notify(
                    format!("Could not open the dossier: {message}.{fallback}"),
                    true,
                );
            }
            Event::Overview {
                stats,
                actors,
                topics,
                took: _,
            } => {
                self.cache.stats = stats;
                self.cache.actor_index =
                    actors.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
                self.cache.actors = actors;
                self.cache.topics = topics;
                self.cache.generation += 1;
                self.cache.loaded = true;
            }
            Event::ActorDates(dates) => {
                for d in dates {
                    let Some(&i) = self.cache.actor_index.get(&d.id) else {
                        continue;
                    };
                    if let Some(row) = self.cache.actors.get_mut(i) {
                        row.first_seen = d.first_seen;
                        row.last_seen = d.last_seen;
                    }
                }
                // Sorting by date depends on them.
                self.cache.generation += 1;
            }
            Event::Actor {
                id,
                profile,
                timeline,
            } => {
                if self.state.selection != Some(Selection::Actor(id)) {
                    return; // the person moved on
                }
                match profile {
                    Some(profile) => self.cache.profile = Some((profile, timeline)),
                    None => {
                        self.cache.profile = None;
                        self.state.selection = None;
                    }
                }
            }
            Event::Topic {
                id,
                detail,
                timeline,
            } => {
                if self.state.selection != Some(Selection::Topic(id)) {
                    return;
                }
                match detail {
                    Some(detail) => self.cache.topic = Some((detail, timeline)),
                    None => {
                        self.cache.topic = None;
                        self.state.selection = None;
                    }
                }
            }
            Event::Article { id, detail, focus } => {
                if self.state.article.map(|a| a.id) != Some(id) {
                    return;
                }
                match detail {
                    Some(detail) => {
                        self.cache.article = Some(detail);
                        self.article_view.focus = focus;
                        self.article_view.scroll_pending = focus.is_some();
                    }
                    None => {
                        self.cache.article = None;
                        self.state.article = None;
                        self.notify("That article is no longer in the dossier.", true);
                    }
                }
            }
            Event::SearchResults { query, hits, took } => {
                self.cache.search = SearchResults { query, hits, took };
            }
            Event::ImportStarted { .. } => {
                self.import.get_or_insert_with(ImportView::default);
            }
            Event::ImportProgress { done, total, path } => {
                let view = self.import.get_or_insert_with(ImportView::default);
                view.done = done;
                view.total = total;
                view.current = Some(path);
            }
            Event::ImportFileDone(report) => {
                let view = self.import.get_or_insert_with(ImportView::default);
                view.done += 1;
                view.reports.push(report);
                // Show new actors while a long import runs, without queueing overviews faster
                // than the worker answers them.
                let due = self
                    .refresh_requested
                    .is_none_or(|t| t.elapsed() > std::time::Duration::from_secs(3));
                if due {
                    self.refresh_requested = Some(std::time::Instant::now());
                    self.worker.send(Command::Refresh);
                }
            }
            Event::ImportFinished(result) => {
                if result.as_ref().is_ok_and(|s| s.files == 0) {
                    self.notify("There were no files to import in what you chose.", false);
                }
                let view = self.import.get_or_insert_with(ImportView::default);
                view.current = None;
                if result.is_ok() {
                    view.done = view.total.min(view.reports.len()).max(view.done);
                }
                view.finished = Some(result);
                self.refresh_requested = Some(std::time::Instant::now());
                self.worker.send(Command::Refresh);
                // Reload what is on screen: new articles may add quotes and mentions.
                if let Some(sel) = self.state.selection {
                    self.load_selection(sel);
                }
                if !self.state.search_query.trim().is_empty() {
                    self.worker
                        .send(Command::Search(self.state.search_query.clone()));
                }
            }
            Event::Reanalysed(result) => {
                self.import = None;
                match result {
                    Ok(n) => self.notify(
                        format!("Analysed {n} articles again; your corrections were kept."),
                        false,
                    ),
                    Err(e) => self.notify(format!("The re-analysis stopped: {e}"), true),
                }
                self.worker.send(Command::Refresh);
                if let Some(sel) = self.state.selection {
                    self.load_selection(sel);
                }
            }
            Event::Picked {
                kind,
                paths,
                rejected,
            } => {
                self.picking = false;
                if !rejected.is_empty() {
                    self.notify(
                        "The file window returned something that is not a file (it may have crashed). You can drag files onto this window instead.",
                        true,
                    );
                }
                if paths.is_empty() {
                    if rejected.is_empty()
                        && matches!(kind, PickKind::ImportFiles | PickKind::ImportFolder)
                    {
                        self.notify(
                            "No files were chosen. If no file window appeared, drag article files onto this window, or run `dossier import FILE...`.",
                            false,
                        );
                    }
                    return;
                }
                match kind {
                    PickKind::ImportFiles | PickKind::ImportFolder => {
                        self.apply(ctx, Action::Import(paths));
                    }
                    PickKind::Export(format) => {
                        if let Some(path) = paths.into_iter().next() {
                            self.apply(ctx, Action::Export { format, path });
                        }
                    }
                    PickKind::OpenDossier | PickKind::NewDossier => {
                        if let Some(path) = paths.into_iter().next() {
                            let create = kind == PickKind::NewDossier;
                            self.apply(ctx, Action::OpenDossier { path, create });
                        }
                    }
                }
            }
            Event::Corrected { summary } => {
                self.notify(format!("{summary}. (Ctrl+Z undoes it.)"), false);
                // Names, counts and quotes on screen may have changed.
                if let Some(sel) = self.state.selection {
                    self.load_selection(sel);
                }
                if let Some(open) = self.state.article {
                    self.worker.send(Command::LoadArticle {
                        id: open.id,
                        focus: self.article_view.focus,
                    });
                }
            }
            Event::History(rows) => self.cache.corrections = rows,
            Event::Exported(Ok(message)) => {
                let mut message = message;
                if let Some(first) = message.get(..1) {
                    message = first.to_uppercase() + message.get(1..).unwrap_or("");
                }
                self.notify(format!("Export finished: {message}."), false);
            }
            Event::Exported(Err(reason)) => {
                self.notify(format!("The export failed: {reason}."), true);
            }
            Event::Problem(message) => self.notify(message, true),
        }
    }

    // ----- actions from the views -----

    fn load_selection(&self, selection: Selection) {
        match selection {
            Selection::Actor(id) => self.worker.send(Command::LoadActor(id)),
            Selection::Topic(id) => self.worker.send(Command::LoadTopic(id)),
        }
    }

    fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::SelectActor(id) => {
                self.state.selection = Some(Selection::Actor(id));
                if self.state.tab == Tab::Search || self.state.tab == Tab::Topics {
                    self.state.tab = Tab::Actors;
                }
                if self.shown_actor() != Some(id) {
                    self.cache.profile = None;
                }
                self.actor_view.scroll_to_selected = true;
                self.worker.send(Command::LoadActor(id));
            }
            Action::SelectTopic(id) => {
                self.state.selection = Some(Selection::Topic(id));
                self.state.tab = Tab::Topics;
                if self.cache.topic.as_ref().map(|(t, _)| t.topic.id) != Some(id) {
                    self.cache.topic = None;
                }
                self.worker.send(Command::LoadTopic(id));
            }
            Action::OpenArticle { id, focus } => {
                self.state.article = Some(OpenArticle { id, focus });
                match &self.cache.article {
                    Some(a) if a.article.id == id => {
                        self.article_view.focus = focus;
                        self.article_view.scroll_pending = focus.is_some();
                    }
                    _ => self.worker.send(Command::LoadArticle { id, focus }),
                }
            }
            Action::CloseArticle => {
                self.state.article = None;
                self.cache.article = None;
                self.article_view = ArticleViewState::default();
            }
            Action::Pick(kind) => {
                if self.picking {
                    return;
                }
                match picker::spawn_pick(
                    Arc::clone(&self.picker),
                    kind,
                    self.worker.event_sender(),
                    ctx.clone(),
                ) {
                    Ok(()) => self.picking = true,
                    Err(message) => self.notify(message, true),
                }
            }
            Action::OpenDossier { path, create } => {
                if self.is_importing() {
                    self.notify(
                        "Wait for the import to finish (or cancel it) before opening another dossier.",
                        false,
                    );
                    return;
                }
                self.worker.send(if create {
                    Command::Open(path)
                } else {
                    Command::OpenExisting(path)
                });
            }
            Action::Import(paths) => {
                if paths.is_empty() {
                    return;
                }
                if self.is_importing() {
                    self.notify(
                        "An import is already running; these files were not added. Try again when it ends.",
                        false,
                    );
                    return;
                }
                self.import = Some(ImportView {
                    total: paths.len(),
                    ..ImportView::default()
                });
                self.worker.send(Command::Import(paths));
            }
            Action::Export { format, path } => {
                let focus = match (self.export_selection_only, self.state.selection) {
                    (true, Some(Selection::Actor(id))) => Focus::Actor(id),
                    (true, Some(Selection::Topic(id))) => Focus::Topic(id),
                    _ => Focus::Dossier,
                };
                let scope = Scope {
                    focus,
                    ..Scope::default()
                };
                self.worker.send(Command::Export {
                    scope,
                    format,
                    path,
                });
            }
            Action::ShowTab(tab) => {
                self.state.tab = tab;
                if tab == Tab::Search {
                    ctx.memory_mut(|m| m.request_focus(search::search_box_id()));
                }
            }
            Action::SetTheme(theme) => self.state.theme = theme,
        }
    }

    // ----- input -----

    fn handle_input(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let (import, find, export, up, down) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::COMMAND, Key::I),
                i.consume_key(Modifiers::COMMAND, Key::F),
                i.consume_key(Modifiers::COMMAND, Key::E),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
            )
        });
        if import {
            actions.push(Action::Pick(PickKind::ImportFiles));
        }
        if find {
            actions.push(Action::ShowTab(Tab::Search));
        }
        // Ctrl+E: the self-contained HTML summary, the easiest to share; other formats are in
        // File > Export summary.
        if export {
            actions.push(Action::Pick(PickKind::Export(ExportFormat::Html)));
        }
        // Up and down move through the list unless a text box other than the filter has focus.
        let focused = ctx.memory(|m| m.focused());
        let free = (focused.is_none() || focused == Some(actors_panel::filter_id()))
            && !self.curation.is_open();
        if free && (up || down) {
            let delta = if down { 1 } else { -1 };
            match self.state.tab {
                Tab::Actors => {
                    let selected = match self.state.selection {
                        Some(Selection::Actor(id)) => Some(id),
                        _ => None,
                    };
                    if let Some(id) = self.actor_view.step(&self.cache.actors, selected, delta) {
                        actions.push(Action::SelectActor(id));
                    }
                }
                Tab::Topics => {
                    let topics = &self.cache.topics;
                    let pos = match self.state.selection {
                        Some(Selection::Topic(id)) => topics.iter().position(|t| t.id == id),
                        _ => None,
                    };
                    let next = match pos {
                        Some(p) => p
                            .saturating_add_signed(delta)
                            .min(topics.len().saturating_sub(1)),
                        None => 0,
                    };
                    if let Some(t) = topics.get(next) {
                        actions.push(Action::SelectTopic(t.id));
                    }
                }
                Tab::Search => {}
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::Import(dropped));
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme == Some(self.state.theme) {
            return;
        }
        self.applied_theme = Some(self.state.theme);
        ctx.set_theme(match self.state.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    // ----- drawing -----

    fn menu_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New dossier…").clicked() {
                    actions.push(Action::Pick(PickKind::NewDossier));
                }
                if ui.button("Open dossier…").clicked() {
                    actions.push(Action::Pick(PickKind::OpenDossier));
                }
                ui.menu_button("Open recent", |ui| {
                    if self.state.recent.is_empty() {
                        ui.weak("No recent dossiers");
                    }
                    for path in &self.state.recent {
                        if ui
                            .button(Self::dossier_name(path))
                            .on_hover_text(path.display().to_string())
                            .clicked()
                        {
                            actions.push(Action::OpenDossier {
                                path: path.clone(),
                                create: false,
                            });
                        }
                    }
                });
                ui.separator();
                if ui
                    .add(egui::Button::new("Import files…").shortcut_text("Ctrl+I"))
                    .clicked()
                {
                    actions.push(Action::Pick(PickKind::ImportFiles));
                }
                if ui.button("Import folder…").clicked() {
                    actions.push(Action::Pick(PickKind::ImportFolder));
                }
                ui.separator();
                // Stays open while the scope is chosen; a format button closes it.
                let config = egui::containers::menu::MenuConfig::new()
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
                egui::containers::menu::SubMenuButton::new("Export summary")
                    .config(config)
                    .ui(ui, |ui| {
                        let what = match self.state.selection {
                            Some(Selection::Actor(_)) => "Only the selected actor",
                            Some(Selection::Topic(_)) => "Only the selected topic",
                            None => "Only the selection (nothing selected)",
                        };
                        ui.radio_value(&mut self.export_selection_only, false, "The whole dossier");
                        ui.add_enabled_ui(self.state.selection.is_some(), |ui| {
                            ui.radio_value(&mut self.export_selection_only, true, what);
                        });
                        ui.separator();
                        for format in ExportFormat::ALL {
                            if ui.button(format!("{}…", format.label())).clicked() {
                                actions.push(Action::Pick(PickKind::Export(format)));
                                ui.close();
                            }
                        }
                    });
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add(
                        egui::Button::new("Undo correction")
                            .shortcut_text(ui.ctx().format_shortcut(&curation::UNDO)),
                    )
                    .clicked()
                {
                    self.worker.send(Command::Curate(CurationRequest::Undo));
                }
                if ui
                    .add(
                        egui::Button::new("Redo correction")
                            .shortcut_text(ui.ctx().format_shortcut(&curation::REDO)),
                    )
                    .clicked()
                {
                    self.worker.send(Command::Curate(CurationRequest::Redo));
                }
                if ui.button("Corrections history…").clicked() {
                    self.history_open = true;
                    self.worker.send(Command::LoadHistory);
                }
                ui.separator();
                if ui
                    .add_enabled(self.import.is_none(), egui::Button::new("Re-analyse all articles"))
                    .on_hover_text("Run extraction again on every article (after an update), keeping your corrections")
                    .clicked()
                {
                    self.worker.send(Command::Reanalyse);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Actors").clicked() {
                    actions.push(Action::ShowTab(Tab::Actors));
                }
                if ui.button("Topics").clicked() {
                    actions.push(Action::ShowTab(Tab::Topics));
                }
                if ui
                    .add(egui::Button::new("Search").shortcut_text("Ctrl+F"))
                    .clicked()
                {
                    actions.push(Action::ShowTab(Tab::Search));
                }
                ui.separator();
                for (theme, label) in [
                    (ThemeChoice::System, "Follow system theme"),
                    (ThemeChoice::Light, "Light theme"),
                    (ThemeChoice::Dark, "Dark theme"),
                ] {
                    if ui.radio(self.state.theme == theme, label).clicked() {
                        actions.push(Action::SetTheme(theme));
                    }
                }
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label("Article text size");
                    ui.add(egui::Slider::new(&mut self.state.text_size, 11.0..=24.0));
                });
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About Dossier").clicked() {
                    self.about_open = true;
                }
            });
        });
    }

    fn notices_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (i, notice) in self.notices.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                let color = if notice.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.colored_label(color, &notice.text);
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
            });
        }
        if let Some(i) = dismiss {
            self.notices.remove(i);
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let s = self.cache.stats;
            if self.opened {
                ui.label(
                    [
                        widgets::count(s.articles, "article"),
                        widgets::count(s.actors, "actor"),
                        widgets::count(s.mentions, "mention"),
                        widgets::count(s.quotes, "quote"),
                        widgets::count(s.topics, "topic"),
                    ]
                    .join(" · "),
                );
                ui.weak("·");
                ui.weak(Self::dossier_name(&self.db))
                    .on_hover_text(self.db.display().to_string());
            } else {
                ui.weak(format!("Opening {}…", self.db.display()));
            }
            if let Some(view) = self.import.as_ref().filter(|v| v.running()) {
                ui.separator();
                ui.add(
                    egui::ProgressBar::new(view.fraction())
                        .desired_width(140.0)
                        .text(format!("Importing {}/{}", view.done, view.total)),
                );
            }
        });
    }

    fn left_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>, cur: &mut Curating) {
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Actors, "Actors"),
                (Tab::Topics, "Topics"),
                (Tab::Search, "Search"),
            ] {
                if ui.selectable_label(self.state.tab == tab, label).clicked() {
                    actions.push(Action::ShowTab(tab));
                }
            }
        });
        ui.separator();
        if !self.cache.loaded && self.state.tab != Tab::Search {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the dossier…");
            });
            return;
        }
        match self.state.tab {
            Tab::Actors => {
                self.actor_view
                    .update(&self.cache.actors, &self.state, self.cache.generation);
                let selected = match self.state.selection {
                    Some(Selection::Actor(id)) => Some(id),
                    _ => None,
                };
                actors_panel::list_ui(
                    ui,
                    &self.cache.actors,
                    &mut self.actor_view,
                    &mut self.state,
                    selected,
                    actions,
                    cur,
                );
            }
            Tab::Topics => {
                let selected = match self.state.selection {
                    Some(Selection::Topic(id)) => Some(id),
                    _ => None,
                };
                topics_panel::list_ui(ui, &self.cache.topics, selected, actions);
            }
            Tab::Search => {
                if search::search_box_ui(ui, &mut self.state.search_query) {
                    self.worker
                        .send(Command::Search(self.state.search_query.clone()));
                }
            }
        }
    }

    fn main_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>, cur: &mut Curating) {
        if !self.opened {
            if self.notices.iter().any(|n| n.error) {
                ui.vertical_centered(|ui| {
                    ui.add_space(24.0);
                    ui.label("No dossier is open.");
                    if ui.button("New dossier…").clicked() {
                        actions.push(Action::Pick(PickKind::NewDossier));
                    }
                    if ui.button("Open dossier…").clicked() {
                        actions.push(Action::Pick(PickKind::OpenDossier));
                    }
                });
            } else {
                ui.centered_and_justified(|ui| ui.label("Opening the dossier…"));
            }
            return;
        }
        if self.state.tab == Tab::Search {
            search::results_ui(ui, &self.cache.search, &self.state.search_query, actions);
            return;
        }
        match (self.state.selection, &self.cache.profile, &self.cache.topic) {
            (Some(Selection::Actor(id)), Some((profile, timeline)), _)
                if profile.actor.id == id =>
            {
                actors_panel::profile_ui(ui, profile, timeline, actions, cur);
            }
            (Some(Selection::Topic(id)), _, Some((detail, timeline))) if detail.topic.id == id => {
                topics_panel::detail_ui(ui, detail, timeline, actions, cur);
            }
            (Some(_), _, _) => {
                ui.spinner();
            }
            (None, _, _) => self.welcome_ui(ui, actions),
        }
    }

    fn welcome_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.heading(format!("Dossier - {}", Self::dossier_name(&self.db)));
            ui.add_space(8.0);
            if self.cache.stats.articles == 0 {
                ui.label("This dossier is empty.");
                ui.label("Import news articles (text, Markdown, HTML or JSON files) to find the people, organisations and places in them, what they said, and what the articles are about.");
                ui.add_space(8.0);
                if ui.button("Import files…").clicked() {
                    actions.push(Action::Pick(PickKind::ImportFiles));
                }
                ui.weak("You can also drop files or folders onto this window.");
            } else {
                ui.label("Choose an actor or a topic on the left to see their profile, quotes and timeline.");
                ui.weak("Ctrl+F searches every article; Ctrl+I imports more.");
            }
        });
    }

    fn about_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.about_open;
        egui::Window::new("About Dossier")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.heading(format!("Dossier {}", env!("CARGO_PKG_VERSION")));
                ui.label("Import news articles and find who they are about, what was said and by whom, and what they cover.");
                ui.label("Everything stays on this computer, in one dossier file.");
                ui.add_space(6.0);
                ui.weak(format!("Dossier file: {}", self.db.display()));
                ui.weak("Fonts: Noto Sans and Noto Sans Arabic (SIL Open Font License).");
            });
        self.about_open = open;
    }

    fn history_window(&mut self, ctx: &egui::Context, requests: &mut Vec<CurationRequest>) {
        let mut open = self.history_open;
        egui::Window::new("Corrections history")
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                curation::history_ui(ui, &self.cache.corrections, requests)
            });
        self.history_open = open;
    }

    fn import_window(&mut self, ctx: &egui::Context) {
        let Some(view) = self.import.as_ref() else {
            return;
        };
        let title = if view.running() {
            "Importing"
        } else {
            "Import report"
        };
        let mut action = None;
        egui::Window::new(title)
            .id(egui::Id::unique("import-window"))
            .collapsible(false)
            .resizable(false)
            .default_width(420.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| action = import::import_ui(ui, view));
        match action {
            Some(ImportAction::Cancel) => {
                self.worker.cancel_import();
                if let Some(v) = self.import.as_mut() {
                    v.cancelling = true;
                }
            }
            Some(ImportAction::Close) => self.import = None,
            None => {}
        }
    }

    fn drop_hint_ui(&self, ctx: &egui::Context) {
        if ctx.input(|i| i.raw.hovered_files.is_empty()) {
            return;
        }
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop-hint"),
        ));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop files or folders to import them",
            egui::FontId::proportional(22.0),
            egui::Color32::WHITE,
        );
    }
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        self.handle_events(&ctx);
        let mut actions = Vec::new();
        self.handle_input(&ctx, &mut actions);
        // The correction widgets are lent to the views for this frame.
        let mut curation = std::mem::take(&mut self.curation);
        let mut requests = Vec::new();
        if !curation.is_open() {
            curation::shortcuts(&ctx, &mut requests);
        }
        let mut cur = Curating {
            ui: &mut curation,
            out: &mut requests,
        };

        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui, &mut actions);
            if !self.notices.is_empty() {
                self.notices_ui(ui);
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("lists")
            .resizable(true)
            .default_size(300.0)
            .size_range(200.0..=520.0)
            .show(ui, |ui| self.left_ui(ui, &mut actions, &mut cur));
        if self.state.article.is_some() {
            egui::Panel::right("article")
                .resizable(true)
                .default_size(520.0)
                .size_range(300.0..=900.0)
                .show(ui, |ui| match &self.cache.article {
                    Some(detail) => article_view::article_ui(
                        ui,
                        detail,
                        &mut self.article_view,
                        self.state.text_size,
                        &article_view::Actors {
                            rows: &self.cache.actors,
                            index: &self.cache.actor_index,
                        },
                        &mut actions,
                        &mut cur,
                    ),
                    None => {
                        ui.spinner();
                    }
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.main_ui(ui, &mut actions, &mut cur));

        curation.dialogs_ui(&ctx, &self.cache.actors, &mut requests);
        self.curation = curation;
        self.history_window(&ctx, &mut requests);
        for request in requests {
            self.worker.send(Command::Curate(request));
        }
        self.import_window(&ctx);
        self.about_ui(&ctx);
        self.drop_hint_ui(&ctx);

        for action in actions {
            self.apply(&ctx, action);
        }
        if let Some(open) = self.state.article.as_mut() {
            // Remember the highlighted span for the next start.
            open.focus = self.article_view.focus;
        }
        self.last_ui_time = started.elapsed();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_is_square_rgba() {
        let icon = icon();
        assert_eq!(icon.rgba.len(), (icon.width * icon.height * 4) as usize);
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 255));
    }
}
