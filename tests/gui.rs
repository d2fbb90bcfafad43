//! GUI tests: the real app driven through its accessible labels with egui_kittest, with the
//! file dialogs replaced by a stub and dossiers built in temporary folders.
//!
//! The browsing tests store a hand-written analysis (not the extractor's output), so they test
//! the app and keep passing while the extractor improves.

#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dossier::app::DossierApp;
use dossier::app::picker::{FilePicker, PickKind};
use dossier::export_file::ExportFormat;
use dossier::import::content_hash;
use dossier::model::{
    ActorKind, Analysis, Article, Format, FoundActor, FoundMention, FoundQuote, FoundRole,
    FoundTopic, Span, Speaker,
};
use dossier::store::{SourceFile, Store};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A file dialog that answers at once with fixed paths.
struct StubPicker {
    answers: Mutex<Vec<(PickKind, Vec<PathBuf>)>>,
}

impl StubPicker {
    fn new(answers: Vec<(PickKind, Vec<PathBuf>)>) -> Arc<Self> {
        Arc::new(Self {
            answers: Mutex::new(answers),
        })
    }
}

impl FilePicker for StubPicker {
    fn pick(&self, kind: PickKind) -> Vec<PathBuf> {
        let answers = self.answers.lock().expect("lock");
        answers
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, paths)| paths.clone())
            .unwrap_or_default()
    }
}

/// A file dropped on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle in text");
    Span::new(start, start + needle.len())
}

fn sentence_of(text: &str, needle: &str) -> Span {
    let at = text.find(needle).expect("needle in text");
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    Span::new(start, end)
}

const HARBOUR: &str = "Amira Castell, the harbour master of Port Selden, said the dock strike would end soon.\n\"We will reopen the docks on Monday,\" Castell said.\nThe Dockers Guild rejected the plan.";
const GUILD: &str = "The Dockers Guild said that Amira Castell had ignored the workers of Port Selden.\nTalks resume next week.";

fn person(name: &str, aliases: &[&str]) -> FoundActor {
    FoundActor {
        name: name.into(),
        kind: ActorKind::Person,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        roles: Vec::new(),
        affiliations: Vec::new(),
        confidence: 0.9,
    }
}

fn actor(name: &str, kind: ActorKind) -> FoundActor {
    FoundActor {
        kind,
        ..person(name, &[])
    }
}

fn mention(actor: usize, span: Span) -> FoundMention {
    FoundMention {
        actor,
        span,
        confidence: 0.9,
    }
}

/// Stores two short articles with a known analysis: Amira Castell speaks in the first and is
/// talked about in a quote of the Dockers Guild in the second.
fn seed(db: &Path) {
    let mut store = Store::open(db).expect("open");
    let mut castell = person("Amira Castell", &["Castell"]);
    castell.roles.push(FoundRole {
        title: "harbour master".into(),
        of: Some("Port Selden".into()),
        span: span_of(HARBOUR, "the harbour master of Port Selden"),
    });
    let harbour = Analysis {
        sentences: Vec::new(),
        actors: vec![
            castell,
            actor("Port Selden", ActorKind::Gpe),
            actor("Dockers Guild", ActorKind::Org),
        ],
        mentions: vec![
            mention(0, span_of(HARBOUR, "Amira Castell")),
            mention(1, span_of(HARBOUR, "Port Selden")),
            mention(0, span_of(HARBOUR, "Castell said")),
            mention(2, span_of(HARBOUR, "Dockers Guild")),
        ],
        quotes: vec![FoundQuote {
            span: span_of(HARBOUR, "\"We will reopen the docks on Monday,\""),
            parts: Vec::new(),
            direct: true,
            cue: Some(span_of(HARBOUR, "said.")),
            speaker: Speaker::Actor(0),
            speaker_span: Some(span_of(HARBOUR, "Castell said")),
            sentence: sentence_of(HARBOUR, "We will reopen"),
            confidence: 0.9,
        }],
        topics: vec![FoundTopic {
            key: "labour".into(),
            label: "Labour disputes".into(),
            score: 0.8,
            evidence: vec!["strike".into()],
        }],
        keyphrases: Vec::new(),
        warnings: Vec::new(),
        rules: Default::default(),
    };
    let guild = Analysis {
        actors: vec![
            actor("Dockers Guild", ActorKind::Org),
            person("Amira Castell", &[]),
            actor("Port Selden", ActorKind::Gpe),
        ],
        mentions: vec![
            mention(0, span_of(GUILD, "Dockers Guild")),
            mention(1, span_of(GUILD, "Amira Castell")),
            mention(2, span_of(GUILD, "Port Selden")),
        ],
        quotes: vec![FoundQuote {
            span: span_of(
                GUILD,
                "Amira Castell had ignored the workers of Port Selden",
            ),
            parts: Vec::new(),
            direct: false,
            cue: Some(span_of(GUILD, "said that")),
            speaker: Speaker::Actor(0),
            speaker_span: Some(span_of(GUILD, "The Dockers Guild")),
            sentence: sentence_of(GUILD, "ignored"),
            confidence: 0.8,
        }],
        ..Analysis::default()
    };
    for (name, title, date, text, analysis) in [
        (
            "harbour.txt",
            "Harbour master promises to reopen docks",
            "2025-04-01",
            HARBOUR,
            harbour,
        ),
        (
            "guild.txt",
            "Dockers Guild answers the harbour master",
            "2025-04-03",
            GUILD,
            guild,
        ),
    ] {
        let article = Article {
            title: Some(title.into()),
            date: Some(date.into()),
            text: text.into(),
            ..Article::default()
        };
        let source = SourceFile {
            file_name: name.into(),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        store
            .import_article(&source, &article, &analysis, &content_hash(text), 1)
            .expect("import");
    }
}

fn harness(db: PathBuf, picker: Arc<StubPicker>) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| DossierApp::new(cc, db, picker).expect("the app starts"));
    wait(&mut harness, "the dossier to open", DossierApp::is_loaded);
    harness
}

/// Steps the UI until `done` holds (the worker answers on its own thread), at most ~20 s.
fn wait(
    harness: &mut Harness<'static, DossierApp>,
    what: &str,
    done: impl Fn(&DossierApp) -> bool,
) {
    for _ in 0..2000 {
        harness.step();
        if done(harness.state()) {
            // One more frame so the views draw what arrived.
            harness.step();
            harness.step();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

fn fixture_copies(dir: &Path) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app");
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for path in names {
        let to = dir.join(path.file_name().expect("name"));
        std::fs::copy(&path, &to).expect("copy");
        out.push(to);
    }
    out
}

#[test]
fn select_an_actor_see_quotes_and_jump_to_the_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cases.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    assert_eq!(h.state().stats().articles, 2);

    h.get_by_label("Amira Castell").click();
    wait(&mut h, "the profile", |app| app.shown_actor().is_some());
    h.get_by_label("Quotes by Amira Castell (1)");
    h.get_by_label("Quotes that mention Amira Castell (1)");
    h.get_by_label("\"We will reopen the docks on Monday,\"");
    h.get_by_label("harbour master of Port Selden");

    // Jump from the quote to its sentence in the article.
    h.get_all_by_label("Show in article")
        .next()
        .expect("a quote card")
        .click();
    wait(&mut h, "the article", |app| app.shown_article().is_some());
    let (_, focus) = h.state().shown_article().expect("article");
    let focus = focus.expect("the quote's sentence is highlighted");
    let text = h.state().article_text().expect("text");
    assert_eq!(
        &text[focus.start..focus.end],
        "\"We will reopen the docks on Monday,\" Castell said."
    );
    // The heading of the open article, besides the links to it in the profile.
    assert!(
        h.get_all_by_label("Harbour master promises to reopen docks")
            .count()
            >= 2
    );

    // A mention listed under the article opens that actor's profile.
    let castell = h.state().shown_actor();
    h.get_all_by_label("Dockers Guild")
        .next()
        .expect("the Guild is named")
        .click();
    wait(&mut h, "the Guild's profile", |app| {
        app.shown_actor().is_some() && app.shown_actor() != castell
    });
    h.get_by_label("Quotes by Dockers Guild (1)");
}

#[test]
fn actor_dates_arrive_from_their_own_thread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("dates.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let seen = |app: &DossierApp, name: &str| {
        app.actor_list()
            .iter()
            .find(|a| a.name == name)
            .map(|a| (a.first_seen.clone(), a.last_seen.clone()))
    };
    wait(&mut h, "the actors' dates", |app| {
        seen(app, "Dockers Guild").is_some_and(|d| d.0.is_some())
    });
    let dates = |d: Option<(Option<String>, Option<String>)>| {
        d.map(|(a, b)| (a.unwrap_or_default(), b.unwrap_or_default()))
    };
    // Every actor is named in both articles, of 1 and 3 April.
    for name in ["Dockers Guild", "Port Selden", "Amira Castell"] {
        assert_eq!(
            dates(seen(h.state(), name)),
            Some(("2025-04-01".to_string(), "2025-04-03".to_string())),
            "{name}"
        );
    }
}

#[test]
fn keyboard_moves_through_the_actor_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("keys.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    h.key_press(egui::Key::ArrowDown);
    wait(&mut h, "a selection", |app| app.shown_actor().is_some());
    let first = h.state().shown_actor();
    h.key_press(egui::Key::ArrowDown);
    wait(&mut h, "the next actor", |app| {
        app.shown_actor().is_some() && app.shown_actor() != first
    });
}

#[test]
fn search_finds_articles_with_snippets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("search.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("docks".into()));
    wait(&mut h, "search results", |app| {
        app.search_results() == (1, "docks")
    });
    h.get_by_label("1 result for “docks”");
    h.get_by_label("Harbour master promises to reopen docks")
        .click();
    wait(&mut h, "the article", |app| app.shown_article().is_some());
}

#[test]
fn import_through_the_file_dialog_and_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = fixture_copies(dir.path());
    let mut chosen = files.clone();
    // A crashed dialog can return its error text as a path: it must be refused.
    chosen.push(PathBuf::from("Gtk-WARNING: cannot open display"));
    let picker = StubPicker::new(vec![(PickKind::ImportFiles, chosen)]);
    let mut h = harness(dir.path().join("new.dossier"), picker);
    h.get_by_label("This dossier is empty.");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    wait(&mut h, "the import to finish", |app| {
        app.import_summary().is_some() && app.stats().articles == 3
    });
    let summary = h.state().import_summary().expect("summary");
    assert!(
        summary.starts_with("3 new articles, 0 already in the dossier, 0 failed"),
        "{summary}"
    );
    h.get_by_label("Import finished");
    assert!(
        h.state().notices().iter().any(|n| n.contains("not a file")),
        "{:?}",
        h.state().notices()
    );
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.query_by_label("Import finished").is_none());

    // The same files again are duplicates.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    wait(&mut h, "the second import", |app| {
        app.import_summary()
            .is_some_and(|s| s.contains("3 already in the dossier"))
    });
}

#[test]
fn import_a_dropped_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = fixture_copies(dir.path());
    let mut h = harness(dir.path().join("drop.dossier"), StubPicker::new(Vec::new()));
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(files[0].clone())));
    wait(&mut h, "the dropped file's import", |app| {
        app.import_summary().is_some() && app.stats().articles == 1
    });
}

#[test]
fn nothing_chosen_says_that_drag_and_drop_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(
        dir.path().join("empty.dossier"),
        StubPicker::new(Vec::new()),
    );
    h.get_by_label("Import files…").click();
    wait(&mut h, "the notice", |app| !app.notices().is_empty());
    assert!(h.state().notices()[0].contains("drag article files onto this window"));
}

#[test]
fn cancel_a_long_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("many");
    std::fs::create_dir(&folder).expect("mkdir");
    for i in 0..5000 {
        std::fs::write(
            folder.join(format!("note-{i:04}.txt")),
            format!(" date 2025-01-01 Note number {i} about the harbour of Port Selden.\n"),
        )
        .expect("write");
    }
    let picker = StubPicker::new(vec![(PickKind::ImportFolder, vec![folder])]);
    let mut h = harness(dir.path().join("cancel.dossier"), picker);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Import folder…").click();
    wait(&mut h, "the import to start", DossierApp::is_importing);
    h.get_by_label("Cancel import").click();
    wait(&mut h, "the import to stop", |app| {
        app.import_summary().is_some()
    });
    let summary = h.state().import_summary().expect("summary");
    assert!(summary.contains("cancelled"), "{summary}");
    assert!(h.state().stats().articles < 5000);
}

#[test]
fn opening_a_file_that_is_not_a_dossier_explains_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("shopping.dossier");
    std::fs::write(&bad, "eggs, milk, bread").expect("write");
    let picker = StubPicker::new(vec![(PickKind::OpenDossier, vec![bad])]);
    let db = dir.path().join("good.dossier");
    seed(&db);
    let mut h = harness(db, picker);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open dossier…").click();
    wait(&mut h, "the error", |app| !app.notices().is_empty());
    let notice = &h.state().notices()[0];
    assert!(notice.contains("is not a dossier"), "{notice}");
    assert!(notice.contains("good stays open"), "{notice}");
    assert_eq!(h.state().stats().articles, 2);
}

#[test]
fn topics_list_their_articles_and_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("topics.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    h.get_by_label("Topics").click();
    h.run_steps(2);
    h.get_by_label("Labour disputes").click();
    wait(&mut h, "the topic", |app| {
        matches!(
            app.state().selection,
            Some(dossier::app::state::Selection::Topic(_))
        )
    });
    for _ in 0..50 {
        h.step();
        if h.query_by_label("Quotes (1)").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    h.get_by_label("Quotes (1)");
    h.get_by_label("Articles (1)");
}

#[test]
fn hide_an_actor_from_its_context_menu_and_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("curate.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let before = h.state().stats().actors;
    h.get_by_label("Dockers Guild").click_secondary();
    h.run_steps(2);
    h.get_by_label("Hide: not an actor").click();
    wait(&mut h, "the actor to be hidden", |app| {
        app.stats().actors + 1 == before
    });
    assert!(h.query_by_label("Dockers Guild").is_none());
    assert!(
        h.state().notices().iter().any(|n| n.contains("Ctrl+Z")),
        "{:?}",
        h.state().notices()
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    wait(&mut h, "the undo", |app| app.stats().actors == before);
    h.get_by_label("Dockers Guild");
}

#[test]
fn the_bundled_fonts_cover_diacritics_and_arabic_script() {
    // Kittest fails on any glyph the fonts lack, so drawing the text is the test.
    let mut h = Harness::builder()
        .with_context_setup(dossier::app::fonts::install)
        .build_ui(|ui| {
            ui.label("Zoë Ångström, Łódź, Şanlıurfa, Nguyễn – “quoted”");
            ui.label("مرفأ سلدن الجديد");
        });
    h.run();
    h.get_by_label("مرفأ سلدن الجديد");
}

#[test]
fn a_bad_default_dossier_leaves_a_way_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("notes.dossier");
    std::fs::write(&bad, "not a database at all").expect("write");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            DossierApp::new(cc, bad, StubPicker::new(Vec::new())).expect("the app starts")
        });
    wait(&mut h, "the error", |app| !app.notices().is_empty());
    assert!(h.state().notices()[0].contains("is not a dossier"));
    h.get_by_label("No dossier is open.");
    h.get_by_label("Open dossier…");
}

#[test]
fn export_a_summary_of_the_selected_actor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("export.dossier");
    seed(&db);
    let out = dir.path().join("castell.md");
    let picker = StubPicker::new(vec![(
        PickKind::Export(ExportFormat::Markdown),
        vec![out.clone()],
    )]);
    let mut h = harness(db, picker);
    h.get_by_label("Amira Castell").click();
    wait(&mut h, "the profile", |app| app.shown_actor().is_some());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export summary").click();
    h.run_steps(2);
    h.get_by_label("Only the selected actor").click();
    h.run_steps(2);
    h.get_by_label("Markdown…").click();
    wait(&mut h, "the export", |app| {
        app.notices().iter().any(|n| n.contains("Export"))
    });
    let notice = h.state().notices().join(" ");
    assert!(notice.contains("Export finished"), "{notice}");
    let text = std::fs::read_to_string(&out).expect("the summary was written");
    assert!(text.contains("Amira Castell"), "{text}");
    assert!(
        text.contains("We will reopen the docks on Monday"),
        "{text}"
    );
}

#[test]
fn ctrl_e_exports_the_dossier_as_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("export.dossier");
    seed(&db);
    let out = dir.path().join("dossier.html");
    let picker = StubPicker::new(vec![(
        PickKind::Export(ExportFormat::Html),
        vec![out.clone()],
    )]);
    let mut h = harness(db, picker);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    wait(&mut h, "the export", |app| {
        app.notices().iter().any(|n| n.contains("Export"))
    });
    let html = std::fs::read_to_string(&out).expect("the summary was written");
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(html.contains("Amira Castell"));
}

#[test]
fn reanalyse_runs_in_the_background_and_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("reanalyse.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(vec![]));
    h.run_steps(2);
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label("Re-analyse all articles").click();
    wait(&mut h, "the re-analysis", |app| {
        app.notices().iter().any(|n| n.contains("Analysed"))
    });
    let notice = h.state().notices().join(" ");
    assert!(notice.contains("corrections were kept"), "{notice}");
}
