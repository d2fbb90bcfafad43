//! Events from the worker: they refresh the cache and the persisted state.

use super::*;

impl DossierApp {
    // ----- events from the worker -----

    pub(super) fn handle_events(&mut self, ctx: &egui::Context) {
        for event in self.worker.try_events() {
            self.handle_event(ctx, event);
        }
        // A worker thread that ended can no longer answer: say so once and offer a restart.
        if !self.worker_dead && !self.worker.is_alive() {
            self.worker_dead = true;
            if let Some(view) = self.import.as_mut().filter(|v| v.running()) {
                view.finished = Some(Err("the background worker stopped".into()));
            }
            self.notify_with(
                "The background worker stopped after an internal error (please report it). Restart it to go on; your dossier is safe.",
                true,
                vec![toasts::ToastAction::RestartWorker],
            );
        }
        for picked in self.dialogs.closed() {
            self.handle_picked(ctx, picked);
        }
    }

    pub(super) fn handle_event(&mut self, ctx: &egui::Context, event: Event) {
        match event {
            Event::Checking { path } => self.checking = Some(path),
            Event::Opened { path } => {
                self.checking = None;
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
                if self.state.selection_dossier.as_deref() != Some(path.as_path()) {
                    // Each dossier has its own filters and selection.
                    self.actor_view = ActorListView::default();
                    self.state.switch_dossier(&path);
                }
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
            Event::Closed => {
                self.opened = false;
                self.cache = Cache {
                    generation: self.cache.generation + 1,
                    ..Cache::default()
                };
            }
            Event::OpenFailed {
                path,
                message,
                damaged,
            } => {
                self.checking = None;
                self.state.recent.retain(|p| p != &path);
                let fallback = if damaged {
                    self.recover_from = Some(path.clone());
                    " Choose File > Recover a damaged dossier… to copy what can still be read into a new dossier.".to_owned()
                } else if self.opened {
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
                // Actors merged away or hidden are no longer marked.
                let index = &self.cache.actor_index;
                self.actor_view.marked.retain(|id| index.contains_key(id));
                self.cache.topics = topics;
                self.cache.generation += 1;
                self.cache.loaded = true;
                // A new list: names typed before are searched again in it.
                self.cache.actors_asked.clear();
            }
            Event::FoundActors { query, actors } => {
                // Added to the list (once each), so the filter shows them like the others.
                if query != self.cache.actors_asked {
                    return;
                }
                let mut added = false;
                for row in actors {
                    if !self.cache.actor_index.contains_key(&row.id) {
                        self.cache
                            .actor_index
                            .insert(row.id, self.cache.actors.len());
                        self.cache.actors.push(row);
                        added = true;
                    }
                }
                if added {
                    self.cache.generation += 1;
                }
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
                        self.article_view.focus = focus;
                        self.article_view.scroll_pending = focus.is_some();
                        if self.article_view.search.is_some() {
                            self.article_view.find_hits(&detail.text, detail.body_start);
                        }
                        self.cache.article = Some(detail);
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
            Event::Recovered { path, result } => match result {
                Ok(message) => {
                    self.notify(message, false);
                    self.apply(
                        ctx,
                        Action::OpenDossier {
                            path,
                            create: false,
                        },
                    );
                }
                Err(e) => self.notify(format!("The recovery stopped: {e}"), true),
            },
            Event::Compacted { result } => {
                self.import = None;
                // The lists on show are from before: they count as loaded again only once the
                // dossier has been reopened below.
                self.cache.loaded = false;
                match result {
                    Ok(c) => self.notify(
                        format!(
                            "Compacted the dossier: {} before, {} now.",
                            widgets::size_text(c.bytes_before),
                            widgets::size_text(c.bytes_after)
                        ),
                        false,
                    ),
                    Err(e) => self.notify(format!("The dossier was not compacted: {e}."), true),
                }
                self.worker.send(Command::OpenExisting(self.db.clone()));
            }
            Event::CompactSuggested(space) => {
                self.notify_with(
                    format!(
                        "{} of this dossier's {} is free space. Compacting gives it back to the disk.",
                        widgets::size_text(space.free_bytes),
                        widgets::size_text(space.file_bytes)
                    ),
                    false,
                    vec![toasts::ToastAction::Compact],
                );
            }
            Event::Reanalysed(result) => {
                self.import = None;
                match result {
                    Ok(n) => self.notify(
                        format!(
                            "Analysed {} again; your corrections were kept.",
                            widgets::count(n as u64, "article")
                        ),
                        false,
                    ),
                    Err(e) => self.notify(format!("The re-analysis stopped: {e}"), true),
                }
                self.worker.send(Command::Refresh);
                if let Some(sel) = self.state.selection {
                    self.load_selection(sel);
                }
            }
            Event::Corrected { summary } => {
                // The notice offers the way back: Undo after a correction, Redo after an undo.
                let action = match self.last_curation {
                    Some(CurationRequest::Undo | CurationRequest::UndoOne(_)) => {
                        toasts::ToastAction::Redo
                    }
                    _ => toasts::ToastAction::Undo,
                };
                self.toasts.retire(&toasts::ToastAction::Undo);
                self.toasts.retire(&toasts::ToastAction::Redo);
                self.notify_with(format!("{summary}."), false, vec![action]);
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
            Event::Exported {
                path,
                result: Ok(message),
            } => {
                let mut message = message;
                if let Some(first) = message.get(..1) {
                    message = first.to_uppercase() + message.get(1..).unwrap_or("");
                }
                self.notify_with(
                    format!("Export finished: {message}."),
                    false,
                    vec![
                        toasts::ToastAction::Open(path.clone()),
                        toasts::ToastAction::ShowInFolder(path),
                    ],
                );
            }
            Event::Exported {
                result: Err(reason),
                ..
            } => {
                self.notify(format!("The export failed: {reason}."), true);
            }
            Event::Problem(message) => self.notify(message, true),
        }
    }

    /// A file dialog closed.
    pub(super) fn handle_picked(&mut self, ctx: &egui::Context, picked: Picked) {
        let Picked {
            kind,
            paths,
            rejected,
        } = picked;
        if !rejected.is_empty() {
            self.notify(
                "The file window returned something that is not a file (it may have crashed). You can drag files onto this window instead.",
                true,
            );
        }
        if paths.is_empty() {
            if rejected.is_empty() && matches!(kind, PickKind::ImportFiles | PickKind::ImportFolder)
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
            PickKind::RecoverFrom => {
                self.recover_from = paths.into_iter().next();
                self.apply(ctx, Action::Pick(PickKind::RecoverTo));
            }
            PickKind::RecoverTo => {
                let (Some(damaged), Some(new)) =
                    (self.recover_from.take(), paths.into_iter().next())
                else {
                    return;
                };
                if new.exists() {
                    self.notify(
                        "Choose a new file for the recovered dossier: recovery never writes over an existing file.",
                        true,
                    );
                    return;
                }
                self.notify(
                    format!(
                        "Recovering {} into {}: every article that can still be read is copied and analysed again. The damaged file is only read.",
                        Self::dossier_name(&damaged),
                        Self::dossier_name(&new)
                    ),
                    false,
                );
                self.worker.send(Command::Recover { damaged, new });
            }
        }
    }
}
