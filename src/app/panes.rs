//! The contents of the main window's panes: the lists on the left, the main area and the status
//! bar.

use super::*;

impl DossierApp {
    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
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
            } else if self.checking.is_none() {
                ui.weak(format!("Opening {}…", self.db.display()));
            }
            if let Some(path) = &self.checking {
                if self.opened {
                    ui.separator();
                }
                ui.spinner();
                ui.weak(format!("Checking {} for damage…", Self::dossier_name(path)));
            }
            if let Some(view) = self.import.as_ref().filter(|v| v.running()) {
                ui.separator();
                ui.add(
                    egui::ProgressBar::new(view.fraction())
                        .desired_width(140.0)
                        .text(if view.compacting {
                            format!("Compacting {}%", view.done * 100 / view.total.max(1))
                        } else {
                            format!("Importing {}/{}", view.done, view.total)
                        }),
                );
            }
            // The way to every notice of this session, at the right end.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let n = self.toasts.all().len();
                if ui
                    .small_button(widgets::count(n as u64, "notice"))
                    .on_hover_text("Every notice of this session")
                    .clicked()
                {
                    self.toasts.history_open = true;
                }
                if self.worker_dead
                    && ui
                        .button("Restart the worker")
                        .on_hover_text("The background worker stopped after an internal error")
                        .clicked()
                {
                    actions.push(Action::Toast(toasts::ToastAction::RestartWorker));
                }
            });
        });
    }

    pub(super) fn left_ui(
        &mut self,
        ui: &mut egui::Ui,
        actions: &mut Vec<Action>,
        cur: &mut Curating,
    ) {
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
                self.actor_view.total = self.cache.stats.actors;
                actors_panel::list_ui(
                    ui,
                    &self.cache.actors,
                    &mut self.actor_view,
                    &mut self.state,
                    selected,
                    actions,
                    cur,
                );
                // Actors beyond the listed ones are found by name, on the worker.
                let typed = self.state.actor_filter.trim();
                if self.cache.actors_capped()
                    && !typed.is_empty()
                    && typed != self.cache.actors_asked
                {
                    self.cache.actors_asked = typed.to_owned();
                    self.worker.send(Command::FindActors(typed.to_owned()));
                }
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
                    // An article opened from the old results no longer follows the search.
                    if self.state.article.is_some() {
                        actions.push(Action::CloseArticle);
                    }
                }
            }
        }
    }

    pub(super) fn main_ui(
        &mut self,
        ui: &mut egui::Ui,
        actions: &mut Vec<Action>,
        cur: &mut Curating,
    ) {
        if !self.opened {
            if self.toasts.all().iter().any(|n| n.error) {
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
            } else if self.checking.is_some() {
                ui.centered_and_justified(|ui| {
                    ui.label(
                        "Checking the dossier for damage, since it was not closed properly last \
                         time (or was moved or copied). A large dossier can take a minute.",
                    )
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
        let hint = match self.state.selection {
            Some(Selection::Actor(id)) if self.shown_actor() == Some(id) => self.merge_hint(id),
            _ => None,
        };
        match (self.state.selection, &self.cache.profile, &self.cache.topic) {
            (Some(Selection::Actor(id)), Some((profile, timeline)), _)
                if profile.actor.id == id =>
            {
                let suggestion = hint.and_then(|id| {
                    self.cache
                        .actor_index
                        .get(&id)
                        .and_then(|&i| self.cache.actors.get(i))
                });
                let columns =
                    actors_panel::profile_ui(ui, profile, timeline, suggestion, actions, cur);
                for width in columns {
                    self.panes_drawn.push(layout::PaneWidth {
                        name: "profile column",
                        width,
                        min: layout::COLUMN_MIN,
                    });
                }
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

    /// Another actor that may be the same as actor `id` (computed once per actor and list).
    pub(super) fn merge_hint(&mut self, id: ActorId) -> Option<ActorId> {
        match self.merge_hint {
            Some((for_id, generation, hint))
                if for_id == id && generation == self.cache.generation =>
            {
                hint
            }
            _ => {
                let hint = self
                    .cache
                    .actor_index
                    .get(&id)
                    .and_then(|&i| self.cache.actors.get(i))
                    .and_then(|row| actors_panel::suggest_merge(&self.cache.actors, row));
                self.merge_hint = Some((id, self.cache.generation, hint));
                hint
            }
        }
    }

    pub(super) fn welcome_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.heading(format!("Dossier - {}", Self::dossier_name(&self.db)));
            ui.add_space(8.0);
            if self.cache.stats.articles == 0 {
                ui.label("This dossier is empty.");
                ui.label("Import news articles (text, Markdown, HTML, PDF or JSON files) to find the people, organisations and places in them, what they said, and what the articles are about.");
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
}
