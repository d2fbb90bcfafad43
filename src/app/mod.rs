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
mod commands;
pub mod curation;
mod events;
pub mod fonts;
mod import_window;
mod layout;
mod menus;
mod panes;
pub mod picker;
mod search;
pub mod state;
mod timeline;
mod toasts;
mod topics_panel;
mod widgets;
mod windows;
pub mod worker;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Key, Modifiers};

use crate::model::Span;
use crate::store::{
    ActorId, ActorProfile, ActorRow, ArticleDetail, ArticleId, CorrectionRow, Stats, TopicDetail,
    TopicId, TopicRow,
};

use crate::export::{Focus, Scope};
use crate::export_file::ExportFormat;
use actors_panel::ActorListView;
use article_view::ArticleViewState;
use curation::{CurationRequest, CurationUi};
use import_window::{ImportAction, ImportView};
use picker::{FilePicker, NativePicker, PickKind, Picked};
use search::SearchResults;
use state::{OpenArticle, Persisted, Selection, Tab, ThemeChoice};
use worker::{Command, Event, Worker};

/// Opens the main window on the dossier at `db` and returns when it closes.
pub fn run(db: PathBuf) -> Result<(), String> {
    let viewport = egui::ViewportBuilder::default()
        .with_title("Dossier")
        .with_app_id("dossier")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size(layout::WINDOW_MIN)
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
    /// Show the list, the details or the article when panes share space.
    ShowPane(layout::Pane),
    /// Open the export window (Ctrl+E) with the current scope.
    OpenExport,
    /// Open the export window for these articles (the search results on show).
    ExportArticles(Vec<ArticleId>),
    /// Press a notice's button.
    Toast(toasts::ToastAction),
    /// Open a search result: the article with the query's words highlighted.
    OpenSearchHit {
        id: ArticleId,
        query: String,
    },
    /// Go to the next (1) or previous (-1) search hit in the article.
    NextHit(isize),
    /// Ask to merge the actors marked in the list.
    MergeMarked,
    /// Ask which actor to merge this one into.
    MergeInto(ActorId),
    /// Mark exactly these actors in the list.
    MarkActors(Vec<ActorId>),
}

/// The correction widgets' state and the requests they pushed this frame, handed to the views.
pub struct Curating<'a> {
    pub ui: &'a mut CurationUi,
    pub out: &'a mut Vec<CurationRequest>,
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
    profile: Option<(Box<ActorProfile>, timeline::Chart)>,
    topic: Option<(Box<TopicDetail>, timeline::Chart)>,
    article: Option<Box<ArticleDetail>>,
    search: SearchResults,
    /// True once the first overview arrived.
    loaded: bool,
    /// The name last searched for among the actors the overview did not list (see
    /// `worker::ACTOR_LIST_LIMIT`).
    actors_asked: String,
}

impl Cache {
    /// True when the dossier has more actors than the overview lists.
    fn actors_capped(&self) -> bool {
        (self.actors.len() as u64) < self.stats.actors
    }
}

/// The desktop app.
pub struct DossierApp {
    state: Persisted,
    /// The dossier asked for or open.
    db: PathBuf,
    /// Set once the worker opened `db`.
    opened: bool,
    /// The dossier the worker is checking for damage before it opens it (it was not closed
    /// cleanly).
    checking: Option<PathBuf>,
    worker: Worker,
    /// File dialogs (tests pass a stub picker).
    dialogs: picker::Dialogs,
    cache: Cache,
    actor_view: ActorListView,
    article_view: ArticleViewState,
    import: Option<ImportView>,
    toasts: toasts::Toasts,
    windows: windows::Windows,
    /// The pane on show when panes share space (small windows).
    pane: layout::Pane,
    /// The panes drawn in the last frame with their widths (for the layout test).
    panes_drawn: Vec<layout::PaneWidth>,
    /// The worker thread ended (after a bug) and was reported; waiting for a restart.
    worker_dead: bool,
    /// The actor that may be the same as the one shown: (shown actor, list generation, hint).
    merge_hint: Option<(ActorId, u64, Option<ActorId>)>,
    /// The last correction request (an Undo notice is offered after an apply only).
    last_curation: Option<CurationRequest>,
    /// What the next export covers (chosen in the export window).
    export_focus: Focus,
    /// Actors with a section of their own in the next export (the export window sets it).
    export_top: usize,
    /// How long the last call of `ui` took (building the frame, without painting).
    last_ui_time: std::time::Duration,
    /// Font sizes whose letters are still to be drawn once ahead of need ([`fonts::warm_up`]).
    warm_sizes: Vec<f32>,
    /// When the last overview was asked for during an import (at most one every 3 s).
    refresh_requested: Option<std::time::Instant>,
    curation: CurationUi,
    applied_theme: Option<ThemeChoice>,
    /// The damaged dossier chosen for recovery, while the person picks where the copy goes.
    recover_from: Option<PathBuf>,
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
        // The reading font (the article text) and the heading font are drawn ahead of need.
        let heading = ctx
            .global_style()
            .text_styles
            .get(&egui::TextStyle::Heading)
            .map(|f| f.size);
        let warm_sizes = heading.into_iter().chain([state.text_size]).collect();
        let worker = Worker::start(ctx.clone())?;
        worker.send(Command::Open(db.clone()));
        Ok(Self {
            state,
            db,
            opened: false,
            checking: None,
            worker,
            dialogs: picker::Dialogs::new(picker),
            cache: Cache::default(),
            actor_view: ActorListView::default(),
            article_view: ArticleViewState::default(),
            import: None,
            toasts: toasts::Toasts::default(),
            windows: windows::Windows::default(),
            pane: layout::Pane::default(),
            panes_drawn: Vec::new(),
            worker_dead: false,
            export_focus: Focus::Dossier,
            export_top: crate::export::DEFAULT_TOP,
            last_curation: None,
            merge_hint: None,
            last_ui_time: std::time::Duration::ZERO,
            warm_sizes,
            refresh_requested: None,
            curation: CurationUi::default(),
            applied_theme: None,
            recover_from: None,
        })
    }

    /// The persisted state (tests check selections through it).
    pub fn state(&self) -> &Persisted {
        &self.state
    }

    /// The persisted state, to change (tests set a filter through it).
    pub fn state_mut(&mut self) -> &mut Persisted {
        &mut self.state
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
            Ok(summary) => Some(import_window::summary_line(summary)),
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
        self.toasts.shown().map(|n| n.text.clone()).collect()
    }

    /// Every notice of this session, oldest first (the notices history).
    pub fn notice_history(&self) -> Vec<String> {
        self.toasts.all().iter().map(|n| n.text.clone()).collect()
    }

    /// The panes drawn in the last frame: name, width and minimum width (points).
    pub fn pane_widths(&self) -> Vec<(&'static str, f32, f32)> {
        self.panes_drawn
            .iter()
            .map(|p| (p.name, p.width, p.min))
            .collect()
    }

    /// The actors marked in the list (Ctrl- and Shift-click), in list order.
    pub fn marked_actors(&self) -> Vec<ActorId> {
        self.actor_view.marked_in_order(&self.cache.actors)
    }

    /// The search hits highlighted in the open article, and the current one.
    pub fn article_hits(&self) -> (usize, Option<usize>) {
        (self.article_view.hits.len(), self.article_view.hit)
    }

    /// True when the background worker has stopped and the app waits for a restart.
    pub fn worker_stopped(&self) -> bool {
        self.worker_dead
    }

    /// Ends the worker thread as a bug would (tests of the restart).
    #[cfg(test)]
    fn kill_worker_for_test(&self) {
        self.worker.send(Command::DieForTest);
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
        self.toasts.post(text.into(), error, Vec::new());
    }

    fn notify_with(
        &mut self,
        text: impl Into<String>,
        error: bool,
        actions: Vec<toasts::ToastAction>,
    ) {
        self.toasts.post(text.into(), error, actions);
    }

    fn dossier_name(path: &Path) -> String {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }
}

impl DossierApp {
    /// Draws the panes in the arrangement that fits the window (see [`layout`]).
    fn panes_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>, cur: &mut Curating) {
        self.panes_drawn.clear();
        let width = ui.available_width();
        let article_open = self.state.article.is_some() && self.opened;
        let arrangement = layout::plan(
            width,
            article_open,
            self.state.list_width,
            self.state.article_width,
        );
        let top = ui.max_rect().top();
        let bottom = ui.max_rect().bottom();
        match arrangement {
            layout::Arrangement::Side { list, article } => {
                let r = egui::Panel::left("lists")
                    .resizable(false)
                    .exact_size(list)
                    .show(ui, |ui| self.left_ui(ui, actions, cur));
                self.record("list", r.response.rect.width(), layout::LIST_MIN);
                let edge = r.response.rect.right();
                if let Some(article) = article {
                    let r = egui::Panel::right("article")
                        .resizable(false)
                        .exact_size(article)
                        .show(ui, |ui| self.article_ui(ui, actions, cur));
                    self.record("article", r.response.rect.width(), layout::ARTICLE_MIN);
                    let left = r.response.rect.left();
                    let mut w = article;
                    if layout::divider(ui, "article", left, top, bottom, -1.0, &mut w) {
                        self.state.article_width = w.max(layout::ARTICLE_MIN);
                    }
                }
                let r = egui::CentralPanel::default().show(ui, |ui| self.main_ui(ui, actions, cur));
                self.record("main", r.response.rect.width(), layout::MAIN_MIN);
                let mut w = list;
                if layout::divider(ui, "list", edge, top, bottom, 1.0, &mut w) {
                    self.state.list_width = w.max(layout::LIST_MIN);
                }
            }
            layout::Arrangement::ListAndTabs { list } => {
                let r = egui::Panel::left("lists")
                    .resizable(false)
                    .exact_size(list)
                    .show(ui, |ui| self.left_ui(ui, actions, cur));
                self.record("list", r.response.rect.width(), layout::LIST_MIN);
                let edge = r.response.rect.right();
                let r = egui::CentralPanel::default().show(ui, |ui| {
                    if self.pane == layout::Pane::Lists {
                        self.pane = layout::Pane::Details;
                    }
                    self.pane_tabs_ui(ui, false, actions);
                    if self.pane == layout::Pane::Article {
                        self.article_ui(ui, actions, cur);
                    } else {
                        self.main_ui(ui, actions, cur);
                    }
                });
                let name = if self.pane == layout::Pane::Article {
                    "article"
                } else {
                    "main"
                };
                self.record(name, r.response.rect.width(), layout::MAIN_MIN);
                let mut w = list;
                if layout::divider(ui, "list", edge, top, bottom, 1.0, &mut w) {
                    self.state.list_width = w.max(layout::LIST_MIN);
                }
            }
            layout::Arrangement::Tabs => {
                egui::CentralPanel::default().show(ui, |ui| {
                    self.pane_tabs_ui(ui, true, actions);
                    match self.pane {
                        layout::Pane::Lists => self.left_ui(ui, actions, cur),
                        layout::Pane::Article if article_open => self.article_ui(ui, actions, cur),
                        _ => self.main_ui(ui, actions, cur),
                    }
                });
            }
        }
    }

    fn record(&mut self, name: &'static str, width: f32, min: f32) {
        self.panes_drawn
            .push(layout::PaneWidth { name, width, min });
    }

    /// Tabs that choose the pane on show when panes share space.
    fn pane_tabs_ui(&mut self, ui: &mut egui::Ui, with_lists: bool, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if with_lists
                && ui
                    .selectable_label(self.pane == layout::Pane::Lists, "Lists")
                    .clicked()
            {
                actions.push(Action::ShowPane(layout::Pane::Lists));
            }
            let details = match self.state.tab {
                Tab::Search => "Results",
                _ => "Details",
            };
            if ui
                .selectable_label(self.pane == layout::Pane::Details, details)
                .clicked()
            {
                actions.push(Action::ShowPane(layout::Pane::Details));
            }
            if self.state.article.is_some()
                && ui
                    .selectable_label(self.pane == layout::Pane::Article, "Article")
                    .on_hover_text("The article opened last; the window is too narrow to show it beside the rest")
                    .clicked()
            {
                actions.push(Action::ShowPane(layout::Pane::Article));
            }
        });
        ui.separator();
    }

    /// The article pane: the article, or a spinner while it loads.
    fn article_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>, cur: &mut Curating) {
        match &self.cache.article {
            Some(detail) => article_view::article_ui(
                ui,
                detail,
                &mut self.article_view,
                self.state.text_size,
                &article_view::Actors {
                    rows: &self.cache.actors,
                    index: &self.cache.actor_index,
                },
                actions,
                cur,
            ),
            None => {
                ui.spinner();
            }
        }
    }

    /// Compacts the dossier on the worker, with the progress window (Esc cancels).
    fn start_compacting(&mut self) {
        if self.import.is_none() {
            self.import = Some(ImportView {
                compacting: true,
                ..ImportView::default()
            });
            self.worker.send(Command::Compact);
        }
    }

    /// Starts a new worker after the old one stopped, and reopens the dossier.
    fn restart_worker(&mut self, ctx: &egui::Context) {
        match Worker::start(ctx.clone()) {
            Ok(worker) => {
                self.worker = worker;
                self.worker_dead = false;
                self.import = None;
                self.opened = false;
                self.worker.send(Command::Open(self.db.clone()));
                self.notify("The background worker was restarted.", false);
            }
            Err(e) => self.notify(
                format!("The background worker could not start again: {e}"),
                true,
            ),
        }
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

        let marked = self.marked_actors();
        let marked_rows = if marked.len() >= 2 {
            marked
                .iter()
                .filter_map(|id| self.actor_row(*id).cloned())
                .collect()
        } else {
            Vec::new()
        };
        cur.ui.set_marked(marked_rows);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        self.panes_ui(ui, &mut actions, &mut cur);

        curation.dialogs_ui(&ctx, &self.cache.actors, &mut requests);
        self.curation = curation;
        self.history_window(&ctx, &mut requests);
        for request in requests {
            self.send_curation(request);
        }
        self.import_window(&ctx);
        self.help_windows(&ctx);
        self.export_window(&ctx, &mut actions);
        if let Some(pressed) = self.toasts.ui(&ctx) {
            actions.push(Action::Toast(pressed));
        }
        if let Some(pressed) = self.toasts.history_ui(&ctx) {
            actions.push(Action::Toast(pressed));
        }
        self.drop_hint_ui(&ctx);

        for action in actions {
            self.apply(&ctx, action);
        }
        if let (Some(open), Some(shown)) = (self.state.article.as_mut(), &self.cache.article) {
            // Remember the highlighted span for the next start (once the article is loaded:
            // before that the view has no highlight of its own).
            if shown.article.id == open.id {
                open.focus = self.article_view.focus;
            }
        }
        // Once the dossier is on screen, spend idle frames drawing the reading and heading
        // fonts' letters, so the first article or profile opens as fast as the next.
        if self.is_loaded()
            && !self.warm_sizes.is_empty()
            && fonts::warm_up(&ctx, &mut self.warm_sizes)
        {
            ctx.request_repaint();
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
    fn a_dead_worker_is_noticed_and_restarted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("crash.dossier");
        let mut h = egui_kittest::Harness::builder()
            .with_size(egui::vec2(1000.0, 700.0))
            .build_eframe(move |cc| {
                DossierApp::with_state(
                    &cc.egui_ctx,
                    db,
                    Arc::new(picker::NativePicker),
                    Persisted::default(),
                )
                .expect("the app starts")
            });
        let wait = |h: &mut egui_kittest::Harness<'_, DossierApp>,
                    done: &dyn Fn(&DossierApp) -> bool| {
            for _ in 0..2000 {
                h.step();
                if done(h.state()) {
                    h.step();
                    h.step();
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            panic!("timed out");
        };
        wait(&mut h, &DossierApp::is_loaded);
        h.state().kill_worker_for_test();
        wait(&mut h, &DossierApp::worker_stopped);
        use egui_kittest::kittest::Queryable;
        assert!(
            h.state().notices().iter().any(|n| n.contains("stopped")),
            "{:?}",
            h.state().notices()
        );
        h.get_by_label("Restart and reopen").click();
        wait(&mut h, &|app: &DossierApp| {
            app.is_loaded() && !app.worker_stopped()
        });
        // The new worker answers.
        h.state().worker.send(Command::Refresh);
        wait(&mut h, &DossierApp::is_loaded);
    }

    #[test]
    fn the_icon_is_square_rgba() {
        let icon = icon();
        assert_eq!(icon.rgba.len(), (icon.width * icon.height * 4) as usize);
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 255));
    }
}
