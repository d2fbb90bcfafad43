//! Actions from the views and keyboard input, turned into state changes and worker commands.

use super::*;

impl DossierApp {
    // ----- actions from the views -----

    pub(super) fn load_selection(&self, selection: Selection) {
        match selection {
            Selection::Actor(id) => self.worker.send(Command::LoadActor(id)),
            Selection::Topic(id) => self.worker.send(Command::LoadTopic(id)),
        }
    }

    /// Opens the export window on `focus`, keeping the format chosen last; `articles` are
    /// offered as a scope of their own (the search results).
    fn open_export(&mut self, focus: Focus, articles: Option<Vec<ArticleId>>) {
        let format = self
            .windows
            .export
            .as_ref()
            .map_or(ExportFormat::Html, |c| c.format);
        self.windows.export = Some(windows::ExportChoice {
            focus,
            format,
            top: self.export_top,
            articles,
        });
    }

    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::SelectActor(id) => {
                self.state.selection = Some(Selection::Actor(id));
                if self.state.tab == Tab::Search || self.state.tab == Tab::Topics {
                    self.state.tab = Tab::Actors;
                }
                if self.shown_actor() != Some(id) {
                    self.cache.profile = None;
                }
                self.actor_view.select(id);
                self.actor_view.scroll_to_selected = true;
                self.worker.send(Command::LoadActor(id));
                // The article follows the selection: it stays only when it names this actor.
                let names_it = self
                    .cache
                    .article
                    .as_ref()
                    .is_some_and(|a| a.mentions.iter().any(|m| m.actor_id == id));
                self.article_follows(names_it);
            }
            Action::SelectTopic(id) => {
                self.state.selection = Some(Selection::Topic(id));
                self.state.tab = Tab::Topics;
                if self.cache.topic.as_ref().map(|(t, _)| t.topic.id) != Some(id) {
                    self.cache.topic = None;
                }
                self.worker.send(Command::LoadTopic(id));
                let about_it = self
                    .cache
                    .article
                    .as_ref()
                    .is_some_and(|a| a.topics.iter().any(|t| t.topic_id == id));
                self.article_follows(about_it);
            }
            Action::OpenArticle { id, focus } => {
                self.pane = layout::Pane::Article;
                self.article_view.search = None;
                self.article_view.hits.clear();
                self.article_view.hit = None;
                self.state.article = Some(OpenArticle { id, focus });
                match &self.cache.article {
                    Some(a) if a.article.id == id => {
                        self.article_view.focus = focus;
                        self.article_view.scroll_pending = focus.is_some();
                    }
                    _ => self.worker.send(Command::LoadArticle { id, focus }),
                }
            }
            Action::OpenSearchHit { id, query } => {
                self.pane = layout::Pane::Article;
                self.state.article = Some(OpenArticle { id, focus: None });
                self.article_view.focus = None;
                self.article_view.search = Some(query);
                match &self.cache.article {
                    Some(a) if a.article.id == id => {
                        self.article_view.find_hits(&a.text, a.body_start);
                    }
                    _ => self.worker.send(Command::LoadArticle { id, focus: None }),
                }
            }
            Action::NextHit(delta) => self.article_view.step_hit(delta),
            Action::CloseArticle => {
                self.state.article = None;
                self.cache.article = None;
                self.article_view = ArticleViewState::default();
                if self.pane == layout::Pane::Article {
                    self.pane = layout::Pane::Details;
                }
            }
            Action::ShowPane(pane) => self.pane = pane,
            Action::ExportArticles(ids) => {
                self.open_export(Focus::Articles(ids.clone()), Some(ids));
            }
            Action::OpenExport => {
                let focus = match self.state.selection {
                    Some(Selection::Actor(id)) => Focus::Actor(id),
                    Some(Selection::Topic(id)) => Focus::Topic(id),
                    None => Focus::Dossier,
                };
                self.open_export(focus, None);
            }
            Action::Toast(action) => self.toast_action(ctx, action),
            Action::MergeMarked => {
                let rows: Vec<ActorRow> = self
                    .marked_actors()
                    .into_iter()
                    .filter_map(|id| self.actor_row(id).cloned())
                    .collect();
                if rows.len() >= 2 {
                    self.curation.confirm_merge(rows, None);
                } else {
                    self.notify(
                        "Mark two or more actors first: Ctrl+click or Shift+click them in the list.",
                        false,
                    );
                }
            }
            Action::MergeInto(id) => {
                if let Some(row) = self.actor_row(id).cloned() {
                    self.curation.merge_into_picker(row);
                }
            }
            Action::Pick(kind) => {
                if let Err(message) = self.dialogs.open(kind, ctx) {
                    self.notify(message, true);
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
                let scope = Scope {
                    focus: self.export_focus.clone(),
                    ..Scope::default()
                };
                self.worker.send(Command::Export {
                    scope,
                    format,
                    top: self.export_top,
                    path,
                });
            }
            Action::ShowTab(tab) => {
                self.state.tab = tab;
                if self.pane == layout::Pane::Article || tab == Tab::Search {
                    self.pane = layout::Pane::Lists;
                }
                if tab == Tab::Search {
                    ctx.memory_mut(|m| m.request_focus(search::search_box_id()));
                }
            }
            Action::SetTheme(theme) => self.state.theme = theme,
            Action::MarkActors(ids) => self.actor_view.marked = ids.into_iter().collect(),
        }
    }

    /// The row of actor `id` in the cached list.
    pub(super) fn actor_row(&self, id: ActorId) -> Option<&ActorRow> {
        self.cache
            .actor_index
            .get(&id)
            .and_then(|&i| self.cache.actors.get(i))
    }

    /// After the selection changed: the open article stays when it is `relevant` to the new
    /// selection (without the old highlight), and closes otherwise.
    pub(super) fn article_follows(&mut self, relevant: bool) {
        self.pane = layout::Pane::Details;
        if self.state.article.is_none() {
            return;
        }
        if relevant {
            self.article_view.focus = None;
            if let Some(open) = self.state.article.as_mut() {
                open.focus = None;
            }
        } else {
            self.state.article = None;
            self.cache.article = None;
            self.article_view = ArticleViewState::default();
        }
    }

    /// Sends a correction request; an undo or redo retires the buttons that offered it.
    pub(super) fn send_curation(&mut self, request: CurationRequest) {
        match request {
            CurationRequest::Undo => self.toasts.retire(&toasts::ToastAction::Undo),
            CurationRequest::Redo => self.toasts.retire(&toasts::ToastAction::Redo),
            _ => {}
        }
        self.last_curation = Some(request.clone());
        self.worker.send(Command::Curate(request));
    }

    /// A notice's button was pressed.
    pub(super) fn toast_action(&mut self, ctx: &egui::Context, action: toasts::ToastAction) {
        use toasts::ToastAction;
        match action {
            ToastAction::Undo => self.send_curation(CurationRequest::Undo),
            ToastAction::Redo => self.send_curation(CurationRequest::Redo),
            ToastAction::Open(path) => {
                if let Err(e) = toasts::open_with_desktop(path) {
                    self.notify(e, true);
                }
            }
            ToastAction::ShowInFolder(path) => {
                let folder = path.parent().map_or(path.clone(), Path::to_path_buf);
                if let Err(e) = toasts::open_with_desktop(folder) {
                    self.notify(e, true);
                }
            }
            ToastAction::RestartWorker => self.restart_worker(ctx),
            ToastAction::Compact => self.start_compacting(),
        }
    }

    // ----- input -----

    pub(super) fn handle_input(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let (import, find, export, up, down) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::COMMAND, Key::I),
                i.consume_key(Modifiers::COMMAND, Key::F),
                i.consume_key(Modifiers::COMMAND, Key::E),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
            )
        });
        let (quit, merge, next_hit, previous_hit, shift) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::COMMAND, Key::Q),
                i.consume_key(Modifiers::COMMAND, Key::M),
                i.consume_key(Modifiers::NONE, Key::F3),
                i.consume_key(Modifiers::SHIFT, Key::F3),
                i.modifiers.shift,
            )
        });
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if merge {
            actions.push(Action::MergeMarked);
        }
        if next_hit {
            actions.push(Action::NextHit(1));
        }
        if previous_hit {
            actions.push(Action::NextHit(-1));
        }
        if import {
            actions.push(Action::Pick(PickKind::ImportFiles));
        }
        if find {
            actions.push(Action::ShowTab(Tab::Search));
        }
        // Ctrl+E: the export window, set to what is selected.
        if export {
            actions.push(Action::OpenExport);
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
                        // Shift keeps the marked actors and adds this one (to merge them).
                        let marked = self.actor_view.marked.clone();
                        actions.push(Action::SelectActor(id));
                        if shift {
                            actions
                                .push(Action::MarkActors(marked.into_iter().chain([id]).collect()));
                        }
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

    pub(super) fn apply_theme(&mut self, ctx: &egui::Context) {
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
}
