//! Curation in the app: context menus on actors, mentions, quotes, topics and roles; the small
//! dialogs they open; dragging one actor onto another to merge; the history panel; and the undo /
//! redo shortcuts.
//!
//! The widgets draw from plain rows and push [`CurationRequest`]s; the app sends them to the
//! worker thread, which writes them to the dossier and refreshes the views.

use eframe::egui;
use egui::{Context, Id, Key, KeyboardShortcut, Modal, Modifiers, Response, RichText, Ui};

use crate::model::ActorKind;
use crate::store::{
    ActorId, ActorRow, ArticleId, Correction, CorrectionRow, QuoteId, QuoteRow, RoleRow,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraggedActor {
    pub id: ActorId,
    pub name: String,
}

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
    Merge {
        into: ActorId,
        into_name: String,
        from: ActorId,
        from_name: String,
    },
}

/// State of the curation dialogs (at most one open at a time).
#[derive(Debug, Default)]
pub struct CurationUi {
    dialog: Option<Dialog>,
}

impl CurationUi {
    /// True while a dialog is open (the app then leaves keyboard navigation alone).
    pub fn is_open(&self) -> bool {
        self.dialog.is_some()
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
            ui.menu_button("Change kind", |ui| {
                for kind in ActorKind::ALL {
                    if ui.radio(actor.kind == kind, kind.label()).clicked() && actor.kind != kind {
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
            && dragged.id != target.id
        {
            self.dialog = Some(Dialog::Merge {
                into: target.id,
                into_name: target.name.clone(),
                from: dragged.id,
                from_name: dragged.name.clone(),
            });
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
                    let matching: Vec<&ActorRow> = actors
                        .iter()
                        .filter(|a| !wanted.is_empty() && crate::extract::actor_key(&a.name).contains(&wanted))
                        .take(6)
                        .collect();
                    let exact = actors.iter().find(|a| crate::extract::actor_key(&a.name) == wanted);
                    // Choosing a suggestion applies it at once.
                    for a in &matching {
                        if ui.selectable_label(false, format!("{} ({})", a.name, a.kind.label())).clicked() {
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
                Dialog::Merge { into, into_name, from, from_name } => {
                    ui.heading("Merge actors");
                    ui.label(format!(
                        "Merge \"{from_name}\" into \"{into_name}\"? Its names, mentions, quotes and roles will belong to \"{into_name}\". You can undo this."
                    ));
                    if let Some(ok) = buttons(ui, "Merge", true) {
                        done = Some(ok.then(|| Correction::Merge { into: *into, from: vec![*from] }));
                    }
                }
            }
        });
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
