//! GUI speed benchmark: builds a dossier of N synthetic articles (written straight through
//! `Store::import_files`, in batches of 1,000, with a synthetic analysis, so the extractor's speed does not count),
//! then drives the real app in an egui_kittest harness and prints frame times for the first
//! frame, selecting an actor, filtering, scrolling, opening an article, and search latency.
//!
//! `cargo bench --bench gui_frames` (N = 100000) or `DOSSIER_BENCH_N=10000 cargo bench --bench
//! gui_frames`. `DOSSIER_BENCH_MANY_PEOPLE=1` gives people family numbers ("Amira Castell 17"),
//! for a list of tens of thousands of actors. The dossier is kept in the temp folder (`dossier-gui-bench-N.dossier`) and
//! reused by later runs; delete it to rebuild. `DOSSIER_BENCH_DB=FILE` opens another dossier
//! instead (the `scale` benchmark's, with realistic proportions, at any size). Frame costs are the main thread's CPU time, which a
//! busy machine disturbs far less than wall time; `DOSSIER_BENCH_VERBOSE=1` prints each new
//! slowest frame while waiting for the worker.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::Rng;
use dossier::app::DossierApp;
use dossier::app::picker::{FilePicker, PickKind};
use dossier::model::{
    ActorKind, Analysis, Article, FoundActor, FoundMention, FoundQuote, FoundTopic, Span, Speaker,
};
use dossier::store::{ActorFilter, Store};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const FIRST: &[&str] = &[
    "Amira", "Jonas", "Maria", "Tomas", "Lena", "Arjun", "Sofia", "Karim", "Mei", "Oskar", "Nadia",
    "Pavel", "Ines", "Piet", "Hana", "Luca", "Farah", "Emil", "Zara", "Idris", "Noor", "Sven",
    "Leila", "Omar", "Ruth", "Kofi", "Anya", "Milan", "Yusuf", "Greta",
];
const LAST: &[&str] = &[
    "Castell", "Pell", "Okonkwo", "Brandt", "Fischer", "Mehta", "Laine", "Haddad", "Tanaka",
    "Lind", "Rahimi", "Orlov", "Varga", "Ruud", "Aalto", "Moretti", "Saleh", "Novak", "Quist",
    "Bauer", "Ekberg", "Duarte", "Kowal", "Mensah", "Iqbal", "Sato", "Vidal", "Holtva", "Petrov",
    "Zamir",
];
const ORGS: &[&str] = &[
    "Coastal Alliance",
    "Harbour League",
    "Northern Front",
    "Ministry of Defence",
    "United Nations",
    "Red Cross",
    "Central Bank",
    "National Assembly",
    "Dockers Guild",
    "Northsea Lines",
    "Heritage Trust",
    "Farmers Union",
];
const PLACES: &[&str] = &[
    "Port Selden",
    "Vellmar",
    "Geneva",
    "Brackwater",
    "Tolme",
    "Meridian River",
    "Ankara",
    "Doha",
];
const TOPICS: &[(&str, &str)] = &[
    ("talks", "Peace talks"),
    ("ceasefire", "Ceasefire"),
    ("labour", "Labour disputes"),
    ("economy", "Economy"),
    ("elections", "Elections"),
];
const FILLER: &[&str] = &[
    "the",
    "talks",
    "would",
    "continue",
    "after",
    "a",
    "week",
    "of",
    "negotiations",
    "over",
    "prisoners",
    "and",
    "border",
    "security",
    "officials",
    "said",
    "on",
    "Monday",
    "while",
    "observers",
    "expected",
    "progress",
    "in",
    "arrangements",
    "with",
    "regional",
    "partners",
    "under",
    "pressure",
    "from",
    "donors",
    "harbour",
    "strike",
    "budget",
    "vote",
];

/// Builds one article's text and the analysis that goes with it. With `many_people` the people
/// get a family number too ("Amira Castell 17"), which makes tens of thousands of actors.
fn synthetic(i: usize, rng: &mut Rng, many_people: bool) -> (Article, Analysis) {
    let mut text = String::new();
    let mut analysis = Analysis::default();
    let date = format!(
        "20{:02}-{:02}-{:02}",
        15 + i % 10,
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let people: Vec<String> = (0..3)
        .map(|_| {
            let name = format!(
                "{} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[rng.below(LAST.len())]
            );
            if many_people {
                format!("{name} {}", 1 + rng.below(100))
            } else {
                name
            }
        })
        .collect();
    let org = ORGS[rng.below(ORGS.len())].to_string();
    let place = PLACES[rng.below(PLACES.len())].to_string();
    let names: Vec<(String, ActorKind)> = people
        .iter()
        .map(|p| (p.clone(), ActorKind::Person))
        .chain([(org, ActorKind::Org), (place, ActorKind::Gpe)])
        .collect();
    for (name, kind) in &names {
        analysis.actors.push(FoundActor {
            name: name.clone(),
            kind: *kind,
            aliases: Vec::new(),
            roles: Vec::new(),
            affiliations: Vec::new(),
            confidence: 0.9,
        });
    }
    for paragraph in 0..6 {
        let start = text.len();
        let who = rng.below(names.len());
        let name_start = text.len();
        text.push_str(&names[who].0);
        analysis.mentions.push(FoundMention {
            actor: who,
            span: Span::new(name_start, text.len()),
            confidence: 0.9,
        });
        text.push_str(" said that ");
        let quote_start = text.len();
        for _ in 0..(12 + rng.below(10)) {
            text.push_str(FILLER[rng.below(FILLER.len())]);
            text.push(' ');
        }
        let other = rng.below(names.len());
        let other_start = text.len();
        text.push_str(&names[other].0);
        analysis.mentions.push(FoundMention {
            actor: other,
            span: Span::new(other_start, text.len()),
            confidence: 0.9,
        });
        let quote_end = text.len();
        text.push_str(".\n\n");
        if paragraph % 2 == 0 && names[who].1 == ActorKind::Person {
            analysis.quotes.push(FoundQuote {
                span: Span::new(quote_start, quote_end),
                parts: Vec::new(),
                direct: false,
                cue: None,
                speaker: Speaker::Actor(who),
                speaker_span: Some(Span::new(name_start, quote_start - " said that ".len())),
                sentence: Span::new(start, text.len() - 2),
                confidence: 0.8,
            });
        }
    }
    let (key, label) = TOPICS[rng.below(TOPICS.len())];
    analysis.topics.push(FoundTopic {
        key: key.into(),
        label: label.into(),
        score: 0.7,
        evidence: vec!["talks".into()],
    });
    let article = Article {
        title: Some(format!("Report {i}: {} and {}", names[0].0, names[3].0)),
        date: Some(date),
        text,
        ..Article::default()
    };
    (article, analysis)
}

fn build(db: &Path, n: usize, many_people: bool) {
    common::write_synthetic(db, n, 10_000, |i, rng| synthetic(i, rng, many_people));
}

struct NoDialogs;

impl FilePicker for NoDialogs {
    fn pick(&self, _kind: PickKind) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// Steps until `done` holds; returns the wait and the slowest frame seen.
/// CPU time this thread has used so far. On a busy machine a frame's CPU time is a steadier
/// measure of its cost than its wall time.
fn thread_cpu() -> Duration {
    cpu_time::ThreadTime::try_now()
        .map(|t| t.as_duration())
        .unwrap_or_default()
}

/// Steps until `done`. Returns the time taken and the slowest frame's CPU time.
fn until(
    h: &mut Harness<'static, DossierApp>,
    done: impl Fn(&DossierApp) -> bool,
) -> (Duration, Duration) {
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    while !done(h.state()) {
        let t = thread_cpu();
        h.step();
        let cpu = thread_cpu().saturating_sub(t);
        if cpu > slowest {
            slowest = cpu;
            if std::env::var_os("DOSSIER_BENCH_VERBOSE").is_some() {
                eprintln!(
                    "  slow frame: CPU {}, app ui alone {}",
                    ms(cpu),
                    ms(h.state().last_ui_time())
                );
            }
        }
        if started.elapsed() > Duration::from_secs(120) {
            panic!("the app did not answer within 2 minutes");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    (started.elapsed(), slowest)
}

/// Times `frames` steps. Returns the median and max CPU time of the whole harness step (the
/// app's `ui`, tessellation and the harness's accessibility tree), and the median and minimum
/// wall time of the app's `ui` alone.
fn frames(
    h: &mut Harness<'static, DossierApp>,
    frames: usize,
    mut before: impl FnMut(&mut Harness<'static, DossierApp>, usize),
) -> (Duration, Duration, Duration, Duration) {
    let mut times = Vec::with_capacity(frames);
    let mut ui_times = Vec::with_capacity(frames);
    for i in 0..frames {
        before(h, i);
        let t = thread_cpu();
        h.step();
        times.push(thread_cpu().saturating_sub(t));
        ui_times.push(h.state().last_ui_time());
    }
    times.sort();
    ui_times.sort();
    (
        times[times.len() / 2],
        times[times.len() - 1],
        ui_times[ui_times.len() / 2],
        ui_times[0],
    )
}

/// One line of frame statistics.
fn report(what: &str, (median, max, ui, ui_min): (Duration, Duration, Duration, Duration)) {
    println!(
        "{what}: frame CPU median {}, max {}; app ui alone (wall) median {}, min {}",
        ms(median),
        ms(max),
        ms(ui),
        ms(ui_min)
    );
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let many_people = std::env::var_os("DOSSIER_BENCH_MANY_PEOPLE").is_some();
    // DOSSIER_BENCH_DB opens a dossier built elsewhere (the `scale` benchmark's, say).
    let db = std::env::var_os("DOSSIER_BENCH_DB").map_or_else(
        || {
            std::env::temp_dir().join(format!(
                "dossier-gui-bench-{n}{}.dossier",
                if many_people { "-many" } else { "" }
            ))
        },
        PathBuf::from,
    );
    if !db.exists() {
        build(&db, n, many_people);
    } else {
        println!("reusing {}", db.display());
    }
    let store = Store::open(&db).expect("open");
    let stats = store.stats().expect("stats");
    let top = store
        .actors(&ActorFilter {
            limit: Some(20),
            ..ActorFilter::default()
        })
        .expect("actors");
    println!(
        "dossier: {} articles, {} actors, {} mentions, {} quotes",
        stats.articles, stats.actors, stats.mentions, stats.quotes
    );
    // The queries behind the app's overview, timed one by one on this connection.
    let t = Instant::now();
    store.stats().expect("stats");
    let t_stats = t.elapsed();
    let t = Instant::now();
    store.actor_counts().expect("counts");
    let t_counts = t.elapsed();
    let t = Instant::now();
    store
        .top_actors(dossier::app::worker::ACTOR_LIST_LIMIT)
        .expect("top actors");
    let t_dates = t.elapsed();
    let t = Instant::now();
    store.topics().expect("topics");
    let t_topics = t.elapsed();
    let t = Instant::now();
    store.actors(&ActorFilter::default()).expect("actors");
    let t_actors = t.elapsed();
    println!(
        "store: stats {}, actor_counts {}, the app's list ({} most mentioned) {}, topics {}, (full actors list {})",
        ms(t_stats),
        ms(t_counts),
        dossier::app::worker::ACTOR_LIST_LIMIT,
        ms(t_dates),
        ms(t_topics),
        ms(t_actors)
    );
    // The most mentioned actor's profile, on the store alone (the app loads it on its worker).
    if let Some(first) = top.first() {
        let t = Instant::now();
        let profile = store
            .actor_profile(first.id)
            .expect("profile")
            .expect("actor");
        println!(
            "store actor_profile {}: {} articles, {} quotes by, {} quotes about, {} related in {}",
            first.name,
            profile.articles.len(),
            profile.quotes_by.len(),
            profile.quotes_about.len(),
            profile.related.len(),
            ms(t.elapsed())
        );
    }
    // Search latency on the store alone (the app adds a frame or two).
    for query in [
        "harbour",
        "\"border security\"",
        "talks security",
        "Brackwater",
    ] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..5 {
            let t = Instant::now();
            hits = store.search(query, 200).expect("search").len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "store search {query}: {hits} hits, median {} (best {}, worst {})",
            ms(times[2]),
            ms(times[0]),
            ms(times[4])
        );
    }
    drop(store);

    let t = Instant::now();
    let db_for_app = db.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| DossierApp::new(cc, db_for_app, Arc::new(NoDialogs)).expect("app"));
    let first_frame = t.elapsed();
    let (loaded, _) = until(&mut h, DossierApp::is_loaded);
    let t = Instant::now();
    h.step();
    let list_frame = t.elapsed();
    println!("first frame (fonts, worker start): {}", ms(first_frame));
    println!(
        "dossier open + overview (stats, all actors, topics) on the worker: {}",
        ms(loaded)
    );
    println!("first frame with the actor list: {}", ms(list_frame));
    report("idle, actor list shown", frames(&mut h, 30, |_, _| {}));

    // Select the most mentioned actor.
    // The most mentioned actor with quotes of its own, so the profile shows quote cards.
    let name = top
        .iter()
        .find(|a| a.quotes > 0)
        .or(top.first())
        .map(|a| a.name.clone())
        .expect("an actor");
    h.get_by_label(&name).click();
    let (select, select_max) = until(&mut h, |app| app.shown_actor().is_some());
    println!(
        "select actor '{name}': profile loaded in {} (slowest frame while waiting, CPU {})",
        ms(select),
        ms(select_max)
    );
    report("profile shown", frames(&mut h, 20, |_, _| {}));

    // Type a filter into the actor filter box (each key re-filters every actor).
    h.get_by_role(egui::Role::TextInput).focus();
    h.step();
    report(
        "filter keystroke",
        frames(&mut h, 4, |h, i| {
            h.event(egui::Event::Text(["a", "r", "i", "n"][i].into()));
        }),
    );
    frames(&mut h, 4, |h, _| {
        h.key_press(egui::Key::Backspace);
    });

    // Scroll the actor list.
    h.hover_at(egui::pos2(120.0, 400.0));
    report(
        "scroll actor list",
        frames(&mut h, 40, |h, _| {
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -400.0),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
        }),
    );

    // Open an article from a quote and jump to the sentence; then another one (the first
    // article also pays for drawing the reading font's letters once).
    for (which, nth) in [("first", 0), ("another", 6)] {
        let node = h.query_all_by_label("Show in article").nth(nth);
        let Some(node) = node else {
            continue;
        };
        let before = h.state().shown_article();
        node.click();
        // A later quote card may be in the article already open: then nothing changes, and
        // the wait ends after five seconds.
        let clicked = Instant::now();
        let (open, slowest) = until(&mut h, |app| {
            app.shown_article().is_some()
                && (app.shown_article() != before || clicked.elapsed() > Duration::from_secs(5))
        });
        if h.state().shown_article() == before {
            println!("open {which} article at a quote: nothing new shown within 5 s");
        } else {
            println!(
                "open {which} article at a quote: loaded in {} (slowest frame, CPU {})",
                ms(open),
                ms(slowest)
            );
        }
        report("article shown", frames(&mut h, 20, |_, _| {}));
    }

    // Search.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
    h.step();
    for (query, expect) in [
        ("harbour", "harbour"),
        ("\"border security\"", "\"border security\""),
    ] {
        h.event(egui::Event::Text(query.into()));
        let (took, _) = until(&mut h, |app| app.search_results().1 == expect);
        let (hits, _) = h.state().search_results();
        println!(
            "search {query}: {hits} results shown after {} (the worker's search took {})",
            ms(took),
            ms(h.state().search_time())
        );
        report("search results shown", frames(&mut h, 10, |_, _| {}));
        for _ in 0..query.chars().count() {
            h.key_press(egui::Key::Backspace);
        }
        h.step();
    }
}
