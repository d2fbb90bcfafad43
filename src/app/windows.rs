//! The windows over the main one: Help (shortcuts, guide, About), export, corrections history,
//! the import window, the drop hint.

use super::*;

/// Every keyboard shortcut, as the Help window lists it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+I", "Import files"),
    ("Ctrl+F", "Search every article"),
    (
        "F3 / Shift+F3",
        "Next / previous search hit in the open article",
    ),
    (
        "Ctrl+E",
        "Export a summary of what is selected (or of the dossier)",
    ),
    ("Ctrl+Z", "Undo the last correction"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Up / Down", "Move through the actor or topic list"),
    (
        "Shift+Up / Shift+Down",
        "Mark several actors (to merge them)",
    ),
    ("Ctrl+click, Shift+click", "Mark several actors in the list"),
    ("Ctrl+M", "Merge the marked actors"),
    ("Esc", "Cancel an import, close a dialog"),
    ("Ctrl+Q", "Quit"),
];

/// The user guide shown in Help > User guide: (heading, text).
const GUIDE: &[(&str, &str)] = &[
    (
        "Getting articles in",
        "Import article files (text, Markdown, HTML pages saved from a browser, JSON) with File > Import files (Ctrl+I), File > Import folder, or by dropping files and folders onto the window. The import runs in the background; Cancel or Esc stops it and keeps what was already imported.",
    ),
    (
        "Browsing",
        "The Actors tab lists the people, organisations and places found, with a filter, kind toggles and a sort order. Choose an actor to see their names, roles, affiliations, timeline and quotes. Click a quote or \"Show in article\" to read it in its article, with the sentence highlighted. The Topics tab works the same way for topics.",
    ),
    (
        "Searching",
        "Ctrl+F opens the search. Every word must appear; put a phrase in double quotes. Opening a result highlights the words in the article: F3 and Shift+F3 go to the next and previous one.",
    ),
    (
        "Correcting",
        "Right-click an actor, a quote, a role or a topic to correct it: rename, add or remove a name, change the kind, split a name out, hide a false actor, change a quote's speaker. To merge actors, mark them with Ctrl+click or Shift+click and choose Merge selected, or use Merge into on one actor, or drag one actor onto another. Every correction can be undone (Ctrl+Z) and is kept when more articles arrive.",
    ),
    (
        "Sharing",
        "Ctrl+E exports a summary of the selected actor or topic, or of the whole dossier, as Markdown, HTML, JSON or CSV.",
    ),
    (
        "Your data",
        "Everything stays on this computer, in the dossier file. Nothing is fetched or sent.",
    ),
];

/// Which windows are open, and the export window's choices.
#[derive(Debug, Default)]
pub struct Windows {
    pub about: bool,
    pub shortcuts: bool,
    pub guide: bool,
    pub history: bool,
    /// The export window, when open.
    pub export: Option<ExportChoice>,
}

/// What the export window will export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportChoice {
    pub focus: Focus,
    pub format: ExportFormat,
    /// Actors given a section of their own in the briefing formats.
    pub top: usize,
    /// Articles offered as a scope (the search results the window was opened from).
    pub articles: Option<Vec<ArticleId>>,
}

impl DossierApp {
    /// Help > Keyboard shortcuts, User guide and About.
    pub(super) fn help_windows(&mut self, ctx: &egui::Context) {
        let mut open = self.windows.shortcuts;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.strong(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        self.windows.shortcuts = open;

        let mut open = self.windows.guide;
        egui::Window::new("User guide")
            .open(&mut open)
            .default_width(480.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (heading, text) in GUIDE {
                        ui.strong(*heading);
                        ui.label(*text);
                        ui.add_space(8.0);
                    }
                });
            });
        self.windows.guide = open;

        let mut open = self.windows.about;
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
        self.windows.about = open;
    }

    /// The name of what `focus` covers, for the export window.
    pub(super) fn focus_name(&self, focus: &Focus) -> String {
        let actor_name = |id: &ActorId| {
            self.cache
                .actor_index
                .get(id)
                .and_then(|&i| self.cache.actors.get(i))
                .map(|a| a.name.clone())
        };
        match focus {
            Focus::Dossier => format!("The whole dossier ({})", Self::dossier_name(&self.db)),
            Focus::Actor(id) => {
                let name = actor_name(id).unwrap_or_else(|| "the selected actor".to_owned());
                format!("Only {name}")
            }
            Focus::Actors(ids) => {
                let names: Vec<String> = ids.iter().filter_map(actor_name).collect();
                format!("Only {}", names.join(", "))
            }
            Focus::Articles(ids) => {
                format!(
                    "Only {}",
                    widgets::count(ids.len() as u64, "chosen article")
                )
            }
            Focus::Topic(id) => {
                let name = self
                    .cache
                    .topics
                    .iter()
                    .find(|t| t.id == *id)
                    .map_or_else(|| "the selected topic".to_owned(), |t| t.label.clone());
                format!("Only the topic {name}")
            }
        }
    }

    /// The export window (File > Export summary, Ctrl+E): what to export and in which format.
    pub(super) fn export_window(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(mut choice) = self.windows.export.clone() else {
            return;
        };
        let mut open = true;
        let mut go = false;
        let selected = match self.state.selection {
            Some(Selection::Actor(id)) => Some(Focus::Actor(id)),
            Some(Selection::Topic(id)) => Some(Focus::Topic(id)),
            None => None,
        };
        egui::Window::new("Export a summary")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.strong("What");
                let whole = self.focus_name(&Focus::Dossier);
                ui.radio_value(&mut choice.focus, Focus::Dossier, whole);
                if let Some(focus) = selected {
                    let name = self.focus_name(&focus);
                    ui.radio_value(&mut choice.focus, focus, name);
                }
                // Articles chosen where the window was opened (the search results).
                if let Some(ids) = choice.articles.clone() {
                    let chosen = Focus::Articles(ids);
                    let name = self.focus_name(&chosen);
                    ui.radio_value(&mut choice.focus, chosen, name);
                }
                ui.add_space(4.0);
                ui.strong("Format");
                for format in ExportFormat::ALL {
                    ui.radio_value(&mut choice.format, format, format.label());
                }
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    ui.label("Actors with a section of their own:");
                    ui.add(egui::DragValue::new(&mut choice.top).range(1..=100))
                        .on_hover_text(
                            "The briefing ranks actors by how much they matter in the articles covered; the leading ones get a section each (Markdown, HTML and Word)",
                        );
                });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    go = ui.button("Export…").clicked();
                    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        self.windows.export = None;
                    }
                });
            });
        if self.windows.export.is_none() || !open {
            self.windows.export = None;
            return;
        }
        self.windows.export = Some(choice.clone());
        if go {
            actions.push(Action::Pick(PickKind::Export(choice.format)));
            self.windows.export = None;
            self.export_top = choice.top;
            self.export_focus = choice.focus;
        }
    }

    pub(super) fn history_window(
        &mut self,
        ctx: &egui::Context,
        requests: &mut Vec<CurationRequest>,
    ) {
        let mut open = self.windows.history;
        egui::Window::new("Corrections history")
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                curation::history_ui(ui, &self.cache.corrections, requests)
            });
        self.windows.history = open;
    }

    pub(super) fn import_window(&mut self, ctx: &egui::Context) {
        let Some(view) = self.import.as_ref() else {
            return;
        };
        let title = import_window::title(view);
        let size = if view.running() {
            egui::vec2(460.0, 120.0)
        } else {
            egui::vec2(460.0, 320.0)
        };
        let mut action = None;
        egui::Window::new(title)
            .id(egui::Id::unique("import-window"))
            .collapsible(false)
            .resizable(false)
            .fixed_size(size)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| action = import_window::import_ui(ui, view));
        // Esc cancels a running import and closes the report, unless a dialog has it.
        if action.is_none()
            && !self.curation.is_open()
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            action = Some(if view.running() {
                ImportAction::Cancel
            } else {
                ImportAction::Close
            });
        }
        match action {
            Some(ImportAction::Cancel) => {
                self.worker.cancel_import();
                if let Some(v) = self.import.as_mut()
                    && v.running()
                {
                    v.cancelling = true;
                }
            }
            Some(ImportAction::Close) => self.import = None,
            None => {}
        }
    }

    pub(super) fn drop_hint_ui(&self, ctx: &egui::Context) {
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
