//! Curation in the app: context menus on actors, mentions, quotes, topics and roles; the small
//! dialogs they open; dragging one actor onto another to merge; the history panel; and the undo /
//! redo shortcuts.
//!
//! The widgets draw from plain rows and push [`CurationRequest`]s; the app sends them to the
//! worker thread, which writes them to the dossier and refreshes the views.

use eframe::egui;
use egui::{Context, Id, Key, KeyboardShortcut, Modal, Modifiers, Response, RichText, Ui};

use super::widgets::{count, kind_hint, kind_title};
use crate::model::ActorKind;
use crate::store::{
    ActorId, ActorRow, ArticleId, Correction, CorrectionRow, CorrectionStatus, QuoteId, QuoteRow,
    RoleRow,
};

/// Undo the newest correction.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Redo the oldest undone correction.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);

/// What a curation widget asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum CurationRequest {
    Apply(Correction),
    Undo,
    Redo,
    /// Reverse one correction from the history.
    UndoOne(i64),
}

/// The payload of an actor being dragged (onto another actor, to merge).
#[derive(Debug, Clone, PartialEq)]
pub struct DraggedActor(pub ActorRow);

#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Rename {
        actor: ActorId,
        current: String,
        text: String,
    },
    AddAlias {
        actor: ActorId,
        name: String,
        text: String,
    },
    Speaker {
        quote: QuoteId,
        text: String,
    },
    AddTopic {
        article: ArticleId,
        text: String,
    },
    EditRole {
        role: i64,
        text: String,
    },
    /// Confirm a merge of `rows`; `keep` is the index of the actor whose name is kept.
    Merge {
        rows: Vec<ActorRow>,
        keep: usize,
    },
    /// Choose the actor to merge `from` into, from a filtered list.
    MergePick {
        from: ActorRow,
        text: String,
    },
}

/// State of the curation dialogs (at most one open at a time).
#[derive(Debug, Default)]
pub struct CurationUi {
    dialog: Option<Dialog>,
    /// The actors marked in the list (set by the app each frame), for "Merge selected".
    marked: Vec<ActorRow>,
}

impl CurationUi {
    /// True while a dialog is open (the app then leaves keyboard navigation alone).
    pub fn is_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// The actors marked in the list, in list order.
    pub fn set_marked(&mut self, rows: Vec<ActorRow>) {
        self.marked = rows;
    }

    /// Asks to confirm merging `rows` (two or more); the name of `keep` (else the most
    /// mentioned) is kept.
    pub fn confirm_merge(&mut self, rows: Vec<ActorRow>, keep: Option<ActorId>) {
        let keep = keep
            .and_then(|id| rows.iter().position(|r| r.id == id))
            .or_else(|| {
                rows.iter()
                    .enumerate()
                    .max_by_key(|(i, r)| (r.mentions, std::cmp::Reverse(*i)))
                    .map(|(i, _)| i)
            })
            .unwrap_or(0);
        self.dialog = Some(Dialog::Merge { rows, keep });
    }

    /// Opens the searchable list of actors to merge `from` into.
    pub fn merge_into_picker(&mut self, from: ActorRow) {
        self.dialog = Some(Dialog::MergePick {
            from,
            text: String::new(),
        });
    }

    /// Right-click menu of an actor (in lists, profiles and on mentions in the article text).
    pub fn actor_menu(
        &mut self,
        response: &Response,
        actor: &ActorRow,
        aliases: &[String],
        out: &mut Vec<CurationRequest>,
    ) {
        response.context_menu(|ui| {
            ui.label(RichText::new(&actor.name).strong());
            ui.separator();
            if ui.button("Rename…").clicked() {
                self.dialog = Some(Dialog::Rename {
                    actor: actor.id,
                    current: actor.name.clone(),
                    text: actor.name.clone(),
                });
                ui.close();
            }
            if ui
                .button("Add a name…")
                .on_hover_text("Another name this actor goes by")
                .clicked()
            {
                self.dialog = Some(Dialog::AddAlias {
                    actor: actor.id,
                    name: actor.name.clone(),
                    text: String::new(),
                });
                ui.close();
            }
            ui.separator();
            let in_marked = self.marked.len() >= 2 && self.marked.iter().any(|m| m.id == actor.id);
            if in_marked
                && ui
                    .button(format!("Merge the {} selected actors…", self.marked.len()))
                    .on_hover_text("Make the marked actors one actor (you choose the name kept)")
                    .clicked()
            {
                let rows = self.marked.clone();
                self.confirm_merge(rows, None);
                ui.close();
            }
            if ui
                .button("Merge into…")
                .on_hover_text("Choose another actor this one is the same as")
                .clicked()
            {
                self.merge_into_picker(actor.clone());
                ui.close();
            }
            ui.menu_button("Change kind", |ui| {
                for kind in ActorKind::ALL {
                    if ui
                        .radio(actor.kind == kind, kind_title(kind))
                        .on_hover_text(kind_hint(kind))
                        .clicked()
                        && actor.kind != kind
                    {
                        out.push(CurationRequest::Apply(Correction::SetKind {
                            actor: actor.id,
                            kind,
                        }));
                        ui.close();
                    }
                }
            });
            let others: Vec<&String> = aliases.iter().filter(|a| **a != actor.name).collect();
            if !others.is_empty() {
                ui.menu_button("Split a name out", |ui| {
                    for alias in &others {
                        if ui
                            .button(alias.as_str())
                            .on_hover_text("Make this name an actor of its own")
                            .clicked()
                        {
                            out.push(CurationRequest::Apply(Correction::Split {
                                actor: actor.id,
                                alias: (*alias).clone(),
                            }));
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Remove a name", |ui| {
                    for alias in &others {
                        if ui
                            .button(alias.as_str())
                            .on_hover_text("This name does not refer to this actor")
                            .clicked()
                        {
                            out.push(CurationRequest::Apply(Correction::RemoveAlias {
                                actor: actor.id,
                                alias: (*alias).clone(),
                            }));
                            ui.close();
                        }
                    }
                });
            }
            ui.separator();
            if ui
                .button("Hide: not an actor")
                .on_hover_text("Its mentions will no longer count anywhere")
                .clicked()
            {
                out.push(CurationRequest::Apply(Correction::Hide { actor: actor.id }));
                ui.close();
            }
        });
    }

    /// Makes `response` (an actor's row) accept another actor dropped on it, which asks to merge
    /// the dropped actor into this one.
    pub fn merge_drop_target(&mut self, response: &Response, target: &ActorRow) {
        if let Some(dragged) = response.dnd_release_payload::<DraggedActor>()
            && dragged.0.id != target.id
        {
            // The same confirmation as from the menus; the target's name is kept.
            self.confirm_merge(vec![target.clone(), dragged.0.clone()], Some(target.id));
        }
    }

    /// Right-click menu of a quote.
    pub fn quote_menu(
        &mut self,
        response: &Response,
        quote: &QuoteRow,
        out: &mut Vec<CurationRequest>,
    ) {
        response.context_menu(|ui| {
            if ui.button("Change speaker…").clicked() {
                self.dialog = Some(Dialog::Speaker {
                    quote: quote.id,
                    text: quote.speaker.clone().unwrap_or_default(),
                });
                ui.close();
            }
            if ui
                .button("Not a quote")
                .on_hover_text("Remove this passage from the quotes")
                .clicked()
            {
                out.push(CurationRequest::Apply(Correction::NotAQuote {
                    quote: quote.id,
                }));
                ui.close();
            }
        });
    }

    /// Right-click menu of a topic shown on an article.
    pub fn article_topic_menu(
        &mut self,
        response: &Response,
        article: ArticleId,
        topic: &str,
        out: &mut Vec<CurationRequest>,
    ) {
        response.context_menu(|ui| {
            if ui.button("Remove this topic from the article").clicked() {
                out.push(CurationRequest::Apply(Correction::RemoveTopic {
                    article,
                    topic: topic.to_string(),
                }));
                ui.close();
            }
            if ui.button("Add a topic…").clicked() {
                self.dialog = Some(Dialog::AddTopic {
                    article,
                    text: String::new(),
                });
                ui.close();
            }
        });
    }

    /// A small "Add topic…" button for an article.
    pub fn add_topic_button(&mut self, ui: &mut Ui, article: ArticleId) {
        if ui
            .small_button("Add topic…")
            .on_hover_text("Tag this article with a topic")
            .clicked()
        {
            self.dialog = Some(Dialog::AddTopic {
                article,
                text: String::new(),
            });
        }
    }

    /// Right-click menu of a role in a profile.
    pub fn role_menu(
        &mut self,
        response: &Response,
        role: &RoleRow,
        out: &mut Vec<CurationRequest>,
    ) {
        response.context_menu(|ui| {
            if ui.button("Edit role…").clicked() {
                self.dialog = Some(Dialog::EditRole {
                    role: role.id,
                    text: role.title.clone(),
                });
                ui.close();
            }
            if ui.button("Remove role").clicked() {
                out.push(CurationRequest::Apply(Correction::EditRole {
                    role: role.id,
                    title: None,
                }));
                ui.close();
            }
        });
    }

    /// Draws the open dialog, if any. `actors` are offered as speakers (by name).
    pub fn dialogs_ui(
        &mut self,
        ctx: &Context,
        actors: &[ActorRow],
        out: &mut Vec<CurationRequest>,
    ) {
        let Some(dialog) = self.dialog.as_mut() else {
            return;
        };
        let mut done: Option<Option<Correction>> = None;
        let mut next: Option<Dialog> = None;
        let modal = Modal::new(Id::unique("curation-dialog")).show(ctx, |ui| {
            ui.set_min_width(320.0);
            match dialog {
                Dialog::Rename { actor, current, text } => {
                    ui.heading(format!("Rename \"{current}\""));
                    let ok = text_row(ui, "New name", text);
                    if let Some(ok) = buttons(ui, "Rename", ok && !text.trim().is_empty()) {
                        done = Some(ok.then(|| Correction::Rename { actor: *actor, name: text.trim().to_string() }));
                    }
                }
                Dialog::AddAlias { actor, name, text } => {
                    ui.heading(format!("Another name for \"{name}\""));
                    let ok = text_row(ui, "Name", text);
                    if let Some(ok) = buttons(ui, "Add name", ok && !text.trim().is_empty()) {
                        done = Some(ok.then(|| Correction::AddAlias { actor: *actor, alias: text.trim().to_string() }));
                    }
                }
                Dialog::Speaker { quote, text } => {
                    ui.heading("Who said this?");
                    let mut ok = text_row(ui, "Speaker", text);
                    let wanted = crate::extract::actor_key(text);
                    // With nothing typed, the most mentioned people are offered.
                    let matching: Vec<&ActorRow> = actors
                        .iter()
                        .filter(|a| if wanted.is_empty() {
                            a.kind == ActorKind::Person
                        } else {
                            crate::extract::actor_key(&a.name).contains(&wanted)
                        })
                        .take(6)
                        .collect();
                    let exact = actors.iter().find(|a| crate::extract::actor_key(&a.name) == wanted);
                    // Choosing a suggestion applies it at once.
                    for a in &matching {
                        if ui.selectable_label(false, format!("{} ({})", a.name, kind_title(a.kind))).clicked() {
                            *text = a.name.clone();
                            ok = true;
                        }
                    }
                    ui.label(
                        RichText::new(match exact {
                            Some(a) => format!("The quote will be attributed to {}.", a.name),
                            None => "No actor has this name: it will be kept as a description.".into(),
                        })
                        .weak(),
                    );
                    if let Some(ok) = buttons(ui, "Set speaker", ok && !text.trim().is_empty()) {
                        let exact = actors.iter().find(|a| crate::extract::actor_key(&a.name) == crate::extract::actor_key(text));
                        done = Some(ok.then(|| Correction::QuoteSpeaker {
                            quote: *quote,
                            speaker: exact.map(|a| a.id),
                            description: if exact.is_some() { None } else { Some(text.trim().to_string()) },
                        }));
                    }
                }
                Dialog::AddTopic { article, text } => {
                    ui.heading("Add a topic to this article");
                    let ok = text_row(ui, "Topic", text);
                    if let Some(ok) = buttons(ui, "Add topic", ok && !text.trim().is_empty()) {
                        done = Some(ok.then(|| Correction::AddTopic { article: *article, topic: text.trim().to_string() }));
                    }
                }
                Dialog::EditRole { role, text } => {
                    ui.heading("Edit role");
                    let ok = text_row(ui, "Role", text);
                    if let Some(ok) = buttons(ui, "Save role", ok && !text.trim().is_empty()) {
                        done = Some(ok.then(|| Correction::EditRole { role: *role, title: Some(text.trim().to_string()) }));
                    }
                }
                Dialog::Merge { rows, keep } => {
                    ui.heading(format!("Merge {} actors into one", rows.len()));
                    ui.label("Choose the name to keep:");
                    egui::Grid::new("merge-rows").striped(true).show(ui, |ui| {
                        for (i, row) in rows.iter().enumerate() {
                            ui.radio_value(keep, i, &row.name);
                            ui.label(kind_title(row.kind));
                            ui.label(count(row.mentions, "mention"));
                            ui.label(count(row.quotes, "quote"));
                            ui.end_row();
                        }
                    });
                    if let Some(kept) = rows.get(*keep) {
                        let kinds: std::collections::BTreeSet<ActorKind> = rows.iter().map(|r| r.kind).collect();
                        ui.label(format!(
                            "\"{}\" is kept; the other names become its other names, and their mentions, quotes and roles move to it. You can undo this (Ctrl+Z).",
                            kept.name
                        ));
                        if kinds.len() > 1 {
                            ui.label(RichText::new(format!("These actors are of different kinds; the merged actor will be: {}.", kind_title(kept.kind))).color(ui.visuals().warn_fg_color));
                        }
                    }
                    let enter = ui.input(|i| i.key_pressed(Key::Enter));
                    if let Some(ok) = buttons(ui, "Merge", enter) {
                        let into = rows.get(*keep).map(|r| r.id);
                        let from: Vec<ActorId> = rows.iter().enumerate().filter(|(i, _)| *i != *keep).map(|(_, r)| r.id).collect();
                        done = Some(match (ok, into) {
                            (true, Some(into)) if !from.is_empty() => Some(Correction::Merge { into, from }),
                            _ => None,
                        });
                    }
                }
                Dialog::MergePick { from, text } => {
                    ui.heading(format!("Merge \"{}\" into…", from.name));
                    text_row(ui, "Find", text);
                    let candidates = merge_candidates(actors, from, text, 8);
                    if candidates.is_empty() {
                        ui.weak("No actor matches.");
                    }
                    let mut chosen = None;
                    for row in candidates {
                        if ui
                            .selectable_label(false, format!("{} ({}, {})", row.name, kind_title(row.kind), count(row.mentions, "mention")))
                            .clicked()
                        {
                            chosen = Some(row.clone());
                        }
                    }
                    if let Some(into) = chosen {
                        next = Some(Dialog::Merge { rows: vec![into, from.clone()], keep: 0 });
                    } else if let Some(false) = buttons_cancel_only(ui) {
                        done = Some(None);
                    }
                }
            }
        });
        if let Some(next) = next {
            self.dialog = Some(next);
            return;
        }
        if modal.should_close() && done.is_none() {
            done = Some(None);
        }
        if let Some(result) = done {
            if let Some(c) = result {
                out.push(CurationRequest::Apply(c));
            }
            self.dialog = None;
        }
    }
}

/// A labelled one-line text field that takes focus; true when Enter was pressed in it.
fn text_row(ui: &mut Ui, label: &str, text: &mut String) -> bool {
    let mut enter = false;
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let r = ui.text_edit_singleline(text).labelled_by(l.id);
        if !r.has_focus() && !r.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            r.request_focus();
        }
        enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    });
    enter
}

/// OK / Cancel buttons: `Some(true)` confirmed, `Some(false)` cancelled, `None` still open.
fn buttons(ui: &mut Ui, ok_label: &str, confirmed_by_enter: bool) -> Option<bool> {
    let mut result = None;
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(ok_label).clicked() || confirmed_by_enter {
            result = Some(true);
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            result = Some(false);
        }
    });
    result
}

/// A Cancel button (and Esc): `Some(false)` when pressed.
fn buttons_cancel_only(ui: &mut Ui) -> Option<bool> {
    let mut result = None;
    ui.add_space(6.0);
    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        result = Some(false);
    }
    result
}

/// Actors `from` could be merged into: those whose name contains `text` (any case), or, with no
/// text, those sharing a word with `from`'s name; the same kind first, then by mentions.
pub fn merge_candidates<'a>(
    actors: &'a [ActorRow],
    from: &ActorRow,
    text: &str,
    limit: usize,
) -> Vec<&'a ActorRow> {
    let needle = text.trim().to_lowercase();
    let words: Vec<String> = from
        .name
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 2)
        .collect();
    let mut found: Vec<&ActorRow> = actors
        .iter()
        .filter(|a| a.id != from.id)
        .filter(|a| {
            let name = a.name.to_lowercase();
            if needle.is_empty() {
                name.split_whitespace()
                    .any(|w| words.iter().any(|x| x == w))
            } else {
                name.contains(&needle)
            }
        })
        .take(limit * 20)
        .collect();
    found.sort_by_key(|a| (a.kind != from.kind, std::cmp::Reverse(a.mentions)));
    found.truncate(limit);
    found
}

/// Ctrl+Z / Ctrl+Shift+Z (also Ctrl+Y) anywhere in the window, unless a text field has focus
/// (where they edit the text instead).
pub fn shortcuts(ctx: &Context, out: &mut Vec<CurationRequest>) {
    if ctx.memory(|m| m.focused().is_some()) {
        return;
    }
    ctx.input_mut(|i| {
        if i.consume_shortcut(&REDO) || i.consume_key(Modifiers::COMMAND, Key::Y) {
            out.push(CurationRequest::Redo);
        } else if i.consume_shortcut(&UNDO) {
            out.push(CurationRequest::Undo);
        }
    });
}

/// The history of corrections, newest first, each reversible.
pub fn history_ui(ui: &mut Ui, rows: &[CorrectionRow], out: &mut Vec<CurationRequest>) {
    ui.horizontal(|ui| {
        let can_undo = rows.iter().any(|r| !r.undone);
        let can_redo = rows.iter().any(|r| r.undone);
        if ui
            .add_enabled(can_undo, egui::Button::new("Undo"))
            .on_hover_text(ctx_hint(ui, &UNDO))
            .clicked()
        {
            out.push(CurationRequest::Undo);
        }
        if ui
            .add_enabled(can_redo, egui::Button::new("Redo"))
            .on_hover_text(ctx_hint(ui, &REDO))
            .clicked()
        {
            out.push(CurationRequest::Redo);
        }
    });
    ui.separator();
    if rows.is_empty() {
        ui.label(
            RichText::new(
                "No corrections yet. Right-click an actor, a quote or a topic to correct it.",
            )
            .weak(),
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for row in rows.iter().rev() {
                ui.horizontal(|ui| {
                    let text = RichText::new(&row.summary);
                    let status = row.status.label();
                    if !status.is_empty() {
                        ui.label(
                            RichText::new(status)
                                .small()
                                .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text(match row.status {
                            CorrectionStatus::Unreadable => {
                                "This correction could not be read (it may come from a newer version of Dossier). It is kept in the history."
                            }
                            _ => {
                                "What this correction was made on is not found since the articles were analysed again. The correction is kept and applies again if a later analysis finds it."
                            }
                        });
                    }
                    if row.undone {
                        ui.label(text.weak().strikethrough())
                            .on_hover_text(format!("Undone; made {}", row.made_at));
                    } else {
                        ui.label(text)
                            .on_hover_text(format!("Made {}", row.made_at));
                        if ui
                            .small_button("Reverse")
                            .on_hover_text("Undo this correction")
                            .clicked()
                        {
                            out.push(CurationRequest::UndoOne(row.id));
                        }
                    }
                });
            }
        });
}

fn ctx_hint(ui: &Ui, shortcut: &KeyboardShortcut) -> String {
    ui.ctx().format_shortcut(shortcut)
}
