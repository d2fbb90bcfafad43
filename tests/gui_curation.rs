//! GUI tests of the curation widgets: context menus, dialogs, history and shortcuts, driven
//! through AccessKit labels with egui_kittest.

#![allow(clippy::unwrap_used)]

use dossier::app::curation::{CurationRequest, CurationUi, history_ui, shortcuts};
use dossier::model::ActorKind;
use dossier::store::{ActorRow, Correction, CorrectionRow, QuoteRow};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct State {
    curation: CurationUi,
    out: Vec<CurationRequest>,
    actors: Vec<ActorRow>,
    quote: QuoteRow,
    history: Vec<CorrectionRow>,
}

fn actor(id: i64, name: &str, kind: ActorKind) -> ActorRow {
    ActorRow {
        id,
        name: name.into(),
        kind,
        mentions: 3,
        articles: 1,
        quotes: 0,
        first_seen: None,
        last_seen: None,
    }
}

fn state() -> State {
    State {
        curation: CurationUi::default(),
        out: Vec::new(),
        actors: vec![
            actor(1, "Maria Okonkwo", ActorKind::Person),
            actor(2, "Harbour League", ActorKind::Org),
        ],
        quote: QuoteRow {
            id: 7,
            article_id: 3,
            article_title: "Talks".into(),
            date: None,
            text: "\"We are ready\"".into(),
            direct: true,
            cue: Some("said".into()),
            speaker_id: None,
            speaker: None,
            start: 0,
            end: 14,
            sentence_start: 0,
            sentence_end: 20,
            confidence: 0.5,
            rule: None,
            speaker_corrected: false,
        },
        history: vec![
            CorrectionRow {
                id: 4,
                made_at: "2026-01-01T00:00:00Z".into(),
                summary: "Hid \"Monday\" (not an actor)".into(),
                undone: false,
                status: Default::default(),
            },
            CorrectionRow {
                id: 5,
                made_at: "2026-01-01T00:00:01Z".into(),
                summary: "Renamed \"A\" to \"B\"".into(),
                undone: true,
                status: Default::default(),
            },
        ],
    }
}

fn harness() -> Harness<'static, State> {
    Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, s: &mut State| {
                shortcuts(ui.ctx(), &mut s.out);
                let first = s.actors[0].clone();
                let r = ui.add(egui::Label::new(&first.name).sense(egui::Sense::click()));
                s.curation
                    .actor_menu(&r, &first, &["Okonkwo".to_string()], &mut s.out);
                let q = s.quote.clone();
                let r = ui.add(egui::Label::new(&q.text).sense(egui::Sense::click()));
                s.curation.quote_menu(&r, &q, &mut s.out);
                ui.separator();
                history_ui(ui, &s.history, &mut s.out);
                let ctx = ui.ctx().clone();
                s.curation.dialogs_ui(&ctx, &s.actors, &mut s.out);
            },
            state(),
        )
}

#[test]
fn actor_context_menu_hides_and_changes_kind() {
    let mut h = harness();
    h.get_by_label("Maria Okonkwo").click_secondary();
    h.run();
    h.get_by_label("Hide: not an actor").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![CurationRequest::Apply(Correction::Hide { actor: 1 })]
    );

    h.get_by_label("Maria Okonkwo").click_secondary();
    h.run();
    h.get_by_label("Split a name out").hover();
    h.run();
    h.get_by_label("Okonkwo").click();
    h.run();
    assert_eq!(
        h.state().out[1],
        CurationRequest::Apply(Correction::Split {
            actor: 1,
            alias: "Okonkwo".into()
        })
    );
}

#[test]
fn rename_dialog_applies_the_typed_name() {
    let mut h = harness();
    h.get_by_label("Maria Okonkwo").click_secondary();
    h.run();
    h.get_by_label("Rename…").click();
    h.run();
    let field = h.get_by_label("New name");
    field.focus();
    h.run();
    h.get_by_label("New name").type_text(" Eze");
    h.run();
    h.get_by_label("Rename").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![CurationRequest::Apply(Correction::Rename {
            actor: 1,
            name: "Maria Okonkwo Eze".into()
        })]
    );
    assert!(!h.state().curation.is_open());
}

#[test]
fn quote_menu_rejects_and_reattributes() {
    let mut h = harness();
    h.get_by_label("\"We are ready\"").click_secondary();
    h.run();
    h.get_by_label("Not a quote").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![CurationRequest::Apply(Correction::NotAQuote { quote: 7 })]
    );

    h.get_by_label("\"We are ready\"").click_secondary();
    h.run();
    h.get_by_label("Change speaker…").click();
    h.run();
    // Pick an actor from the suggestions for what is typed.
    h.get_by_label("Speaker").focus();
    h.run();
    h.get_by_label("Speaker").type_text("harbour");
    h.run();
    // Choosing a suggestion applies it at once.
    h.get_by_label("Harbour League (Organisation)").click();
    h.run();
    assert!(!h.state().curation.is_open());
    assert_eq!(
        h.state().out[1],
        CurationRequest::Apply(Correction::QuoteSpeaker {
            quote: 7,
            speaker: Some(2),
            description: None
        })
    );
}

#[test]
fn history_reverses_one_correction_and_shortcuts_undo_redo() {
    let mut h = harness();
    h.get_by_label("Reverse").click();
    h.run();
    assert_eq!(h.state().out, vec![CurationRequest::UndoOne(4)]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(
        h.state().out[1..],
        [CurationRequest::Undo, CurationRequest::Redo]
    );
}

#[test]
fn a_merge_is_confirmed_with_the_name_to_keep() {
    let mut h = harness();
    let rows = h.state().actors.clone();
    h.state_mut().curation.confirm_merge(rows.clone(), None);
    h.run();
    h.get_by_label("Merge 2 actors into one");
    h.get_by_label("Organisation");
    assert!(h.state().out.is_empty(), "nothing before the confirmation");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().out.is_empty());
    assert!(!h.state().curation.is_open());

    // Keep the second name this time.
    h.state_mut().curation.confirm_merge(rows, None);
    h.run();
    h.get_by_label("Harbour League").click();
    h.run();
    h.get_by_label_contains("\"Harbour League\" is kept");
    h.get_by_label("Merge").click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![CurationRequest::Apply(Correction::Merge {
            into: 2,
            from: vec![1]
        })]
    );
}

#[test]
fn merge_candidates_prefer_the_same_kind_and_shared_words() {
    use dossier::app::curation::merge_candidates;
    let actors = vec![
        actor(1, "Okonkwo", ActorKind::Person),
        actor(2, "Okonkwo Shipping", ActorKind::Org),
        actor(3, "Maria Okonkwo", ActorKind::Person),
        actor(4, "Harbour League", ActorKind::Org),
    ];
    let from = actors[0].clone();
    let names = |v: Vec<&ActorRow>| v.into_iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(merge_candidates(&actors, &from, "", 8)),
        vec!["Maria Okonkwo", "Okonkwo Shipping"]
    );
    assert_eq!(
        names(merge_candidates(&actors, &from, "league", 8)),
        vec!["Harbour League"]
    );
}
