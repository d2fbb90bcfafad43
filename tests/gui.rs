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
    harness_sized(db, picker, egui::vec2(1400.0, 900.0))
}

fn harness_sized(
    db: PathBuf,
    picker: Arc<StubPicker>,
    size: egui::Vec2,
) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size(size)
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
fn actor_dates_arrive_with_the_actor_list() {
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
    // The Cancel button stays where it is while file names change under it.
    let first = h.get_by_label("Cancel import").rect();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
        if !h.state().is_importing() {
            break;
        }
        assert_eq!(h.get_by_label("Cancel import").rect(), first);
    }
    // Esc cancels.
    h.key_press(egui::Key::Escape);
    wait(&mut h, "the import to stop", |app| {
        app.import_summary().is_some()
    });
    let summary = h.state().import_summary().expect("summary");
    assert!(summary.contains("cancelled"), "{summary}");
    assert!(h.state().stats().articles < 5000);
    h.get_by_label("Import cancelled");
    h.get_by_label_contains("not reached");
    h.get_by_label("You cancelled the import. What was imported before stays.");
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
    // The notice offers Undo; after the undo it offers Redo instead.
    h.get_by_label("Undo");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    wait(&mut h, "the undo", |app| app.stats().actors == before);
    h.get_by_label("Dockers Guild");
    wait(&mut h, "the redo offer", |app| {
        app.notices().iter().any(|n| n.starts_with("Undone"))
    });
    assert!(h.query_by_label("Undo").is_none());
    h.get_by_label("Redo");
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
    // Ctrl+E offers what is selected, and the formats.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(2);
    h.get_by_label("Export a summary");
    h.get_by_label("Only Amira Castell");
    h.get_by_label("Markdown").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    wait(&mut h, "the export", |app| {
        app.notices().iter().any(|n| n.contains("Export"))
    });
    let notice = h.state().notices().join(" ");
    assert!(notice.contains("Export finished"), "{notice}");
    h.get_by_label("Open");
    h.get_by_label("Show in folder");
    let text = std::fs::read_to_string(&out).expect("the summary was written");
    assert!(text.contains("Amira Castell"), "{text}");
    assert!(
        text.contains("We will reopen the docks on Monday"),
        "{text}"
    );
}

#[test]
fn file_export_summary_exports_the_dossier_as_html() {
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
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Export summary").click();
    h.run_steps(5);
    h.get_by_label_contains("The whole dossier");
    h.get_by_label("Export…").click();
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

/// Opens Amira Castell's profile and her quote's sentence in the article.
fn open_castell_quote(h: &mut Harness<'static, DossierApp>) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Amira Castell")
        .click();
    wait(h, "the profile", |app| app.shown_actor().is_some());
    h.get_all_by_label("Show in article")
        .next()
        .expect("a quote card")
        .click_accesskit();
    wait(h, "the article", |app| app.shown_article().is_some());
    h.run_steps(3);
}

#[test]
fn the_layout_holds_from_640x480_to_1920x1080() {
    for (w, hgt) in [(640.0, 480.0), (900.0, 600.0), (1920.0, 1080.0)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("layout.dossier");
        seed(&db);
        let mut h = harness_sized(db, StubPicker::new(Vec::new()), egui::vec2(w, hgt));
        // With a profile, then with the quote's article open beside it (or on top of it).
        h.get_by_role_and_label(egui::accesskit::Role::Button, "Amira Castell")
            .click();
        wait(&mut h, "the profile", |app| app.shown_actor().is_some());
        let check = |h: &Harness<'static, DossierApp>, what: &str| {
            let panes = h.state().pane_widths();
            assert!(!panes.is_empty(), "{w}x{hgt} {what}: no panes");
            for (name, width, min) in &panes {
                assert!(
                    *width + 0.5 >= *min,
                    "{w}x{hgt} {what}: {name} is {width} wide, less than {min}: {panes:?}"
                );
            }
            panes
        };
        check(&h, "profile");
        open_castell_quote(&mut h);
        let panes = check(&h, "article");
        // The article, and so its highlighted sentence, is on screen.
        assert!(
            panes.iter().any(|p| p.0 == "article"),
            "{w}x{hgt}: {panes:?}"
        );
        if w >= 1900.0 {
            let names: Vec<&str> = panes.iter().map(|p| p.0).collect();
            for name in ["list", "main", "article"] {
                assert!(names.contains(&name), "{names:?}");
            }
            assert_eq!(
                names.iter().filter(|n| **n == "profile column").count(),
                2,
                "{names:?}"
            );
        } else if w < 700.0 {
            // Too narrow for all three: the details are a tab away.
            h.get_by_label("Details");
        }
    }
}

#[test]
fn pane_widths_are_kept_when_the_window_shrinks_and_grows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("widths.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let list = |h: &Harness<'static, DossierApp>| {
        h.state()
            .pane_widths()
            .iter()
            .find(|p| p.0 == "list")
            .map(|p| p.1)
            .expect("the list")
    };
    let before = list(&h);
    // Drag the divider right of the list 80 points to the right.
    // The list starts at the window's left edge.
    let edge = before;
    let y = 400.0;
    h.hover_at(egui::pos2(edge, y));
    h.run_steps(1);
    h.drag_at(egui::pos2(edge, y));
    h.run_steps(1);
    for dx in [20.0, 40.0, 60.0, 80.0] {
        h.hover_at(egui::pos2(edge + dx, y));
        h.run_steps(1);
    }
    h.drop_at(egui::pos2(edge + 80.0, y));
    h.run_steps(2);
    let wider = list(&h);
    assert!(wider > before + 40.0, "{before} -> {wider}");
    h.set_size(egui::vec2(640.0, 480.0));
    h.run_steps(3);
    h.set_size(egui::vec2(1400.0, 900.0));
    h.run_steps(3);
    assert_eq!(list(&h), wider);
}

#[test]
fn merge_marked_actors_after_a_confirmation_and_undo_from_the_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("merge.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let before = h.state().stats().actors;
    h.get_by_label("Amira Castell").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Port Selden")
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run_steps(2);
    assert_eq!(h.state().marked_actors().len(), 2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Port Selden")
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Merge the 2 selected actors…").click();
    h.run_steps(2);
    // The confirmation names both, with kinds and counts, and which name is kept.
    h.get_by_label("Merge 2 actors into one");
    // The kind appears beside its toggle in the list and in the dialog.
    assert!(h.get_all_by_label("Country or city").count() >= 2);
    h.get_by_label_contains("is kept");
    assert_eq!(h.state().stats().actors, before, "nothing merged yet");
    h.get_by_label("Merge").click();
    wait(&mut h, "the merge", |app| app.stats().actors + 1 == before);
    h.get_by_label("Undo").click();
    wait(&mut h, "the undo", |app| app.stats().actors == before);
}

#[test]
fn merge_into_a_searched_actor_and_drag_to_merge_both_ask_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("pick.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let before = h.state().stats().actors;
    h.get_by_label("Port Selden").click_secondary();
    h.run_steps(2);
    h.get_by_label("Merge into…").click();
    h.run_steps(3);
    h.get_by_label("Merge \"Port Selden\" into…");
    h.event(egui::Event::Text("dock".into()));
    h.run_steps(3);
    h.get_by_label_contains("Dockers Guild (Organisation")
        .click();
    h.run_steps(2);
    h.get_by_label("Merge 2 actors into one");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.query_by_label("Merge 2 actors into one").is_none());
    assert_eq!(h.state().stats().actors, before);

    // Dragging one row onto another asks the same question.
    let from = h.get_by_label("Port Selden").rect().center();
    let to = h.get_by_label("Dockers Guild").rect().center();
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(from + (to - from) * (i as f32 / 5.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(3);
    h.get_by_label("Merge 2 actors into one");
    assert_eq!(h.state().stats().actors, before, "nothing merged yet");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().stats().actors, before);
}

#[test]
fn notices_never_move_the_layout_and_have_a_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notices.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    let tab = h.get_by_label("Actors").rect();
    for name in ["Dockers Guild", "Port Selden"] {
        let before = h.state().stats().actors;
        h.get_by_label(name).click_secondary();
        h.run_steps(2);
        h.get_by_label("Hide: not an actor").click();
        wait(&mut h, "the hide", |app| app.stats().actors + 1 == before);
    }
    assert_eq!(h.state().notices().len(), 2);
    assert_eq!(h.get_by_label("Actors").rect(), tab);
    h.get_by_label("2 notices").click();
    h.run_steps(2);
    h.get_by_label("Notices");
    assert_eq!(h.state().notice_history().len(), 2);
}

/// Stores an article with a date header line, a headline and metadata.
fn seed_with_header(db: &Path) -> String {
    let text = " date 2025-04-05\nHarbour reopens; dockers wary\nAmira Castell opened the harbour. Castell thanked the dockers.".to_string();
    let body_start = text.find("Amira").expect("body");
    let mut store = Store::open(db).expect("open");
    let analysis = Analysis {
        actors: vec![person("Amira Castell", &["Castell"])],
        mentions: vec![
            mention(0, span_of(&text, "Amira Castell")),
            mention(0, span_of(&text, "Castell thanked")),
        ],
        ..Analysis::default()
    };
    let article = Article {
        title: Some("Harbour reopens; dockers wary".into()),
        date: Some("2025-04-05".into()),
        author: Some("Lena Varga".into()),
        source: Some("Selden Post".into()),
        url: Some("https://example.org/harbour".into()),
        text: text.clone(),
        body_start,
        language: Some("pt-BR".into()),
    };
    let source = SourceFile {
        file_name: "header.txt".into(),
        file_path: None,
        format: Format::Text,
        encoding: "UTF-8".into(),
    };
    store
        .import_article(&source, &article, &analysis, &content_hash(&text), 1)
        .expect("import");
    text
}

#[test]
fn the_article_header_comes_from_metadata_and_search_hits_are_highlighted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("read.dossier");
    seed_with_header(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("castell".into()));
    wait(&mut h, "search results", |app| app.search_results().0 == 1);
    // The snippet starts with the text, not the date line.
    assert!(h.query_by_label_contains("date 2025").is_none());
    h.get_by_label("Harbour reopens; dockers wary").click();
    wait(&mut h, "the article", |app| app.article_hits().0 == 2);
    h.get_by_label("2025-04-05 · by Lena Varga · Selden Post · language: pt-BR");
    h.get_by_label("https://example.org/harbour");
    h.get_by_label("Hit 1 of 2");
    // The text is shown from the body on: neither the date line nor the headline line.
    h.get_by_label("Amira Castell opened the harbour. Castell thanked the dockers.");
    h.key_press(egui::Key::F3);
    h.run_steps(2);
    assert_eq!(h.state().article_hits(), (2, Some(1)));
    h.get_by_label("Hit 2 of 2");
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F3);
    h.run_steps(2);
    assert_eq!(h.state().article_hits(), (2, Some(0)));
}

#[test]
fn the_article_follows_the_selection_and_the_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    open_castell_quote(&mut h);
    assert!(h.state().shown_article().and_then(|a| a.1).is_some());
    let castell = h.state().shown_actor();
    // Another actor named in the article: it stays, without the old highlight.
    h.get_all_by_label("Dockers Guild")
        .next()
        .expect("the Guild")
        .click();
    wait(&mut h, "the Guild", |app| {
        app.shown_actor().is_some() && app.shown_actor() != castell
    });
    h.run_steps(2);
    let shown = h.state().shown_article().expect("still open");
    assert_eq!(shown.1, None);
    // A new search closes it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("guild".into()));
    h.run_steps(3);
    assert!(h.state().shown_article().is_none());
}

#[test]
fn lists_sort_by_quotes_with_clear_kind_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sort.dossier");
    seed(&db);
    let h = harness(db, StubPicker::new(Vec::new()));
    for kind in ["Person", "Organisation", "Country or city", "Other place"] {
        h.get_by_label(kind);
    }
    h.get_by_label("Sort by");
    h.get_by_label("3 of 3 actors");
}

#[test]
fn help_lists_the_shortcuts_and_the_guide() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("help.dossier");
    seed(&db);
    let mut h = harness(db, StubPicker::new(Vec::new()));
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("Keyboard shortcuts").click();
    h.run_steps(2);
    h.get_by_label("Ctrl+Q");
    h.get_by_label("F3 / Shift+F3");
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("User guide").click();
    h.run_steps(2);
    h.get_by_label("Getting articles in");
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("About Dossier").click();
    h.run_steps(2);
    h.get_by_label_contains("Dossier file:");
}

#[test]
fn each_dossier_keeps_its_own_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.dossier");
    let second = dir.path().join("second.dossier");
    seed(&first);
    seed(&second);
    let picker = StubPicker::new(vec![(PickKind::OpenDossier, vec![second.clone()])]);
    let mut h = harness(first.clone(), picker);
    h.get_by_label("Amira Castell").click();
    wait(&mut h, "the profile", |app| app.shown_actor().is_some());
    h.state_mut().state_mut().actor_filter = "port".into();
    h.run_steps(2);
    h.get_by_label("1 of 3 actors");
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open dossier…").click();
    wait(&mut h, "the second dossier", |app| {
        app.is_loaded() && app.state().selection_dossier.as_deref() == Some(second.as_path())
    });
    assert_eq!(h.state().state().actor_filter, "");
    assert_eq!(h.state().state().selection, None);
    h.get_by_label("3 of 3 actors");
}

#[test]
fn a_restart_brings_back_the_highlighted_quote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("restart.dossier");
    seed(&db);
    let mut h = harness(db.clone(), StubPicker::new(Vec::new()));
    open_castell_quote(&mut h);
    let before = h.state().shown_article().expect("article");
    assert!(before.1.is_some());
    let saved = h.state().state().clone();
    drop(h);

    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            DossierApp::with_state(&cc.egui_ctx, db, StubPicker::new(Vec::new()), saved)
                .expect("the app starts")
        });
    wait(&mut h, "the article again", |app| {
        app.shown_article().is_some()
    });
    assert_eq!(h.state().shown_article(), Some(before));
}

/// File > Recover a damaged dossier: the damaged file is only read, the copy is made on a
/// background thread and then opened, and the notice says what was recovered.
#[test]
fn recovering_a_damaged_dossier_opens_the_copy() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).expect("mkdir");
    for i in 0..120 {
        std::fs::write(
            folder.join(format!("note-{i:03}.txt")),
            format!(
                " date 2025-02-03 Harbour note {i}\nThe harbour board of Port Selden met again. {}\n",
                "Dock crews waited for the vote. ".repeat(30)
            ),
        )
        .expect("write");
    }
    let damaged = dir.path().join("damaged.dossier");
    {
        let mut store = dossier::store::Store::open(&damaged).expect("open");
        let cancel = std::sync::atomic::AtomicBool::new(false);
        dossier::pipeline::import_paths(
            &mut store,
            dossier::extract::Engine::shared(),
            &[folder],
            &cancel,
            |_| {},
        )
        .expect("import");
    }
    let page = u64::from(dossier::store::PAGE_SIZE);
    let pages = std::fs::metadata(&damaged).expect("meta").len() / page;
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&damaged)
            .expect("open for damage");
        f.seek(SeekFrom::Start((pages - 2) * page + 200))
            .expect("seek");
        f.write_all(&[0x5A; 3000]).expect("damage");
    }
    let before = std::fs::read(&damaged).expect("read");
    let copy = dir.path().join("copy.dossier");
    let picker = StubPicker::new(vec![
        (PickKind::RecoverFrom, vec![damaged.clone()]),
        (PickKind::RecoverTo, vec![copy.clone()]),
    ]);
    let mut h = harness(dir.path().join("start.dossier"), picker);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Recover a damaged dossier…").click();
    wait(&mut h, "the recovered copy to open", |app| {
        app.is_loaded() && app.stats().articles > 0
    });
    assert!(copy.exists());
    assert_eq!(std::fs::read(&damaged).expect("read"), before, "only read");
    let notices = h.state().notice_history().join("\n");
    assert!(notices.contains("Recovered"), "{notices}");
}

/// The search results can be exported on their own: the export window offers "these
/// articles", and the summary covers only them.
#[test]
fn search_results_export_as_their_own_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("search-export.dossier");
    seed(&db);
    let out = dir.path().join("found.json");
    let picker = StubPicker::new(vec![(
        PickKind::Export(ExportFormat::Json),
        vec![out.clone()],
    )]);
    let mut h = harness(db, picker);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("docks".into()));
    wait(&mut h, "search results", |app| {
        app.search_results() == (1, "docks")
    });
    h.get_by_label("Export a summary of these articles…")
        .click();
    h.run_steps(4);
    h.get_by_label("Export a summary");
    h.get_by_label("Only 1 chosen article");
    h.get_by_label("JSON").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    wait(&mut h, "the export", |app| {
        app.notices().iter().any(|n| n.contains("Export"))
    });
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    let articles = json["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 1, "{json}");
    assert_eq!(
        articles[0]["title"].as_str(),
        Some("Harbour master promises to reopen docks")
    );
}

/// An article imported through the app (so the extractor's rules are stored) shows under each
/// quote why Dossier believes it; facts stored without a rule show no reason at all.
#[test]
fn a_quote_says_why_it_was_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = fixture_copies(dir.path());
    let db = dir.path().join("why.dossier");
    seed(&db);
    let picker = StubPicker::new(vec![(PickKind::ImportFiles, files)]);
    let mut h = harness(db.clone(), picker);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    wait(&mut h, "the import to finish", |app| {
        app.import_summary().is_some() && app.stats().articles == 5
    });
    h.get_by_label("Close").click();
    h.run_steps(2);

    // What the store recorded for the mayor's quote, read beside the app.
    let store = Store::open_read_only(&db).expect("read the dossier");
    let mayor = store
        .find_actor("Ines Varga")
        .expect("query")
        .expect("the mayor is found");
    let profile = store.actor_profile(mayor).expect("query").expect("profile");
    let quote = profile.quotes_by.first().expect("her quote is found");
    let rule = quote.rule.as_deref().expect("the quote's rule is stored");
    let why = quote.why().expect("the rule has words");
    assert!(why.contains(dossier::extract::rule_description(rule).expect("described")));

    h.get_by_label("Ines Varga").click();
    wait(&mut h, "the profile", |app| {
        app.shown_actor() == Some(mayor)
    });
    h.get_by_label(&quote.text);
    assert!(h.get_all_by_label(&why).count() >= 1, "no line {why:?}");

    // Hovering a role of hers says why it is listed.
    let role = profile.roles.first().expect("her role is found");
    let role_why = role.why().expect("the role's rule has words");
    let title = match &role.of {
        Some(of) => format!("{} of {of}", role.title),
        None => role.title.clone(),
    };
    h.get_by_label(&title).hover();
    h.run_steps(60);
    assert!(
        h.query_by_label_contains(&role_why).is_some(),
        "no tooltip {role_why:?}"
    );

    // The hand-seeded quote has no recorded rule: no reason is made up for it.
    h.get_by_label("Amira Castell").click();
    wait(&mut h, "Castell's profile", |app| {
        app.shown_actor().is_some() && app.shown_actor() != Some(mayor)
    });
    h.get_by_label("\"We will reopen the docks on Monday,\"");
    assert!(h.query_by_label_contains("Why:").is_none());
}

#[test]
fn much_free_space_is_offered_back_and_compacting_keeps_the_dossier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("roomy.dossier");
    seed(&db);
    // 80 MB written and deleted again: free pages in the file.
    {
        let conn = rusqlite::Connection::open(&db).expect("sqlite");
        conn.execute_batch(
            "CREATE TABLE scratch (x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO scratch SELECT randomblob(4000) FROM n;
             DROP TABLE scratch;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("scratch");
    }
    let before = std::fs::metadata(&db).expect("size").len();
    let mut h = harness(db.clone(), StubPicker::new(Vec::new()));
    wait(&mut h, "the offer to compact", |app| {
        app.notices().iter().any(|n| n.contains("free space"))
    });
    h.get_by_label("Compact now").click();
    wait(&mut h, "the compaction", |app| {
        app.notices()
            .iter()
            .any(|n| n.contains("Compacted the dossier"))
    });
    wait(&mut h, "the dossier to open again", |app| {
        app.is_loaded() && app.actor_list().iter().any(|a| a.name == "Amira Castell")
    });
    h.run_steps(3);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Amira Castell");
    let after = std::fs::metadata(&db).expect("size").len();
    assert!(after + 60_000_000 < before, "{before} -> {after}");
}
