//! The menu bar.

use super::*;

impl DossierApp {
    // ----- drawing -----

    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
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
                if ui
                    .button("Recover a damaged dossier…")
                    .on_hover_text(
                        "Copy every article and correction that can still be read from a damaged dossier into a new one",
                    )
                    .clicked()
                {
                    actions.push(Action::Pick(PickKind::RecoverFrom));
                }
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
                if ui
                    .add(egui::Button::new("Export summary…").shortcut_text("Ctrl+E"))
                    .on_hover_text("Of the selected actor or topic, or of the whole dossier")
                    .clicked()
                {
                    actions.push(Action::OpenExport);
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Quit").shortcut_text("Ctrl+Q"))
                    .clicked()
                {
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
                    self.send_curation(CurationRequest::Undo);
                }
                if ui
                    .add(
                        egui::Button::new("Redo correction")
                            .shortcut_text(ui.ctx().format_shortcut(&curation::REDO)),
                    )
                    .clicked()
                {
                    self.send_curation(CurationRequest::Redo);
                }
                ui.separator();
                let marked = self.actor_view.marked.len();
                if ui
                    .add_enabled(
                        marked >= 2,
                        egui::Button::new(format!("Merge selected actors ({marked})…"))
                            .shortcut_text("Ctrl+M"),
                    )
                    .on_hover_text("Mark actors in the list with Ctrl+click or Shift+click first")
                    .clicked()
                {
                    actions.push(Action::MergeMarked);
                }
                let selected = match self.state.selection {
                    Some(Selection::Actor(id)) => Some(id),
                    _ => None,
                };
                if ui
                    .add_enabled(selected.is_some(), egui::Button::new("Merge selected actor into…"))
                    .on_hover_text("Choose another actor this one is the same as")
                    .clicked()
                    && let Some(id) = selected
                {
                    actions.push(Action::MergeInto(id));
                }
                ui.separator();
                if ui.button("Corrections history…").clicked() {
                    self.windows.history = true;
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
                if ui
                    .add_enabled(self.import.is_none(), egui::Button::new("Compact dossier"))
                    .on_hover_text("Give the dossier's free space back to the disk (needs the dossier to itself: close other windows using it)")
                    .clicked()
                {
                    self.start_compacting();
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
                let hits = !self.article_view.hits.is_empty();
                if ui
                    .add_enabled(hits, egui::Button::new("Next search hit").shortcut_text("F3"))
                    .clicked()
                {
                    actions.push(Action::NextHit(1));
                }
                if ui
                    .add_enabled(
                        hits,
                        egui::Button::new("Previous search hit").shortcut_text("Shift+F3"),
                    )
                    .clicked()
                {
                    actions.push(Action::NextHit(-1));
                }
                ui.separator();
                if ui.button("Notices…").clicked() {
                    self.toasts.history_open = true;
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
                if ui.button("Keyboard shortcuts").clicked() {
                    self.windows.shortcuts = true;
                }
                if ui.button("User guide").clicked() {
                    self.windows.guide = true;
                }
                ui.separator();
                if ui.button("About Dossier").clicked() {
                    self.windows.about = true;
                }
            });
        });
    }
}
