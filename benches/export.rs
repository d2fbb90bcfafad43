//! Export benchmark: builds a dossier of N synthetic articles (default 10,000) with synthetic
//! analyses (actors, mentions, quotes, roles, affiliations, topics) through
//! `Store::import_article`, then times gathering the summary and writing each format to disk
//! (Markdown, HTML, DOCX, JSON, each CSV table and the zip of all three), for the whole dossier,
//! one year, one actor, several actors, a topic and a list of 500 articles.
//!
//! `cargo bench --bench export` or `DOSSIER_BENCH_N=2000 cargo bench --bench export`.
//! The target is at most 5 s per format for 10,000 articles, gathering included.

use std::time::Instant;

mod common;

use common::Rng;
use dossier::export::{Focus, Options, Scope};
use dossier::export_file::{CsvTable, ExportFormat, render, write_summary};
use dossier::import::content_hash;
use dossier::model::{
    ActorKind, Analysis, Article, Format, FoundActor, FoundAffiliation, FoundMention, FoundQuote,
    FoundRole, FoundTopic, Span, Speaker,
};
use dossier::store::{SourceFile, Store};

const FIRST: &[&str] = &[
    "Amira", "Jonas", "Maria", "Tomas", "Lena", "Arjun", "Sofia", "Karim", "Mei", "Oskar", "Nadia",
    "Pavel", "Ilse", "Ruben", "Hana", "Diego", "Farah", "Emil", "Zara", "Lucas",
];
const LAST: &[&str] = &[
    "Castell", "Pell", "Okonkwo", "Brandt", "Fischer", "Mehta", "Laine", "Haddad", "Tanaka",
    "Lind", "Rahimi", "Orlov", "Varga", "Oduya", "Sato", "Rusek", "Nasser", "Berg", "Khan",
    "Moreau",
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
    "Barge Owners Guild",
    "Lakeside Council",
    "Dock Workers Union",
    "Energy Board",
];
const PLACES: &[&str] = &[
    "Port Selden",
    "Vellmar",
    "Geneva",
    "Meridian River",
    "Ankara",
    "Doha",
    "Lakeside",
    "Greywater Canal",
];
const TOPICS: &[(&str, &str)] = &[
    ("ceasefire", "Ceasefire"),
    ("talks", "Peace talks"),
    ("budget", "Budget"),
    ("strike", "Strikes"),
    ("protest", "Protest"),
    ("elections", "Elections"),
    ("energy", "Energy"),
    ("transport", "Transport"),
    ("prisoners", "Prisoners"),
    ("aid", "Humanitarian aid"),
    ("border", "Border security"),
    ("trade", "Trade"),
];

/// An article text and its analysis, built together so every span is exact.
struct Builder {
    text: String,
    a: Analysis,
}

impl Builder {
    fn push(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span::new(start, self.text.len())
    }

    fn actor(&mut self, name: &str, kind: ActorKind) -> usize {
        if let Some(i) = self.a.actors.iter().position(|a| a.name == name) {
            return i;
        }
        self.a.actors.push(FoundActor {
            name: name.into(),
            kind,
            aliases: Vec::new(),
            roles: Vec::new(),
            affiliations: Vec::new(),
            confidence: 0.9,
        });
        self.a.actors.len() - 1
    }

    fn mention(&mut self, actor: usize, name: &str) -> Span {
        let span = self.push(name);
        self.a.mentions.push(FoundMention {
            actor,
            span,
            confidence: 0.9,
        });
        span
    }
}

fn article(i: usize, rng: &mut Rng) -> (Article, Analysis) {
    let date = format!("20{:02}-{:02}-{:02}", 15 + i % 10, i % 12 + 1, i % 28 + 1);
    let mut b = Builder {
        text: String::new(),
        a: Analysis::default(),
    };
    b.push(&format!(" date {date} Talks and tensions, report {i}\n\n"));
    let body_start = b.text.len();
    for _ in 0..6 {
        let person = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let org = *rng.pick(ORGS);
        let place = *rng.pick(PLACES);
        let other = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let p = b.actor(&person, ActorKind::Person);
        let o = b.actor(org, ActorKind::Org);
        let l = b.actor(place, ActorKind::Gpe);
        let q = b.actor(&other, ActorKind::Person);

        // "We will not accept this deal with Other," said Person, spokesman of the Org.
        let sentence_start = b.text.len();
        let quote_start = b.push("\"We will not accept this deal with ").start;
        b.mention(q, &other);
        let quote = Span::new(quote_start, b.push(",\"").end);
        b.push(" ");
        let cue = b.push("said");
        b.push(" ");
        let speaker = b.mention(p, &person);
        b.push(", ");
        let role = b.push("spokesman of the ");
        let org_span = b.mention(o, org);
        b.push(".");
        let sentence = Span::new(sentence_start, b.text.len());
        b.push(" ");
        b.a.sentences.push(sentence);
        b.a.quotes.push(FoundQuote {
            span: quote,
            parts: Vec::new(),
            direct: true,
            cue: Some(cue),
            speaker: Speaker::Actor(p),
            speaker_span: Some(speaker),
            sentence,
            confidence: 0.8,
        });
        let stated = Span::new(role.start, org_span.end);
        if let Some(actor) = b.a.actors.get_mut(p) {
            actor.roles.push(FoundRole {
                title: "spokesman".into(),
                of: Some(org.into()),
                span: stated,
            });
            actor.affiliations.push(FoundAffiliation {
                name: org.into(),
                span: stated,
            });
        }

        // Other told reporters in Place that the Org had moved troops, a reported quote.
        let sentence_start = b.text.len();
        let speaker = b.mention(q, &other);
        b.push(" ");
        let cue = b.push("told");
        b.push(" reporters in ");
        b.mention(l, place);
        b.push(" that ");
        let quote_start = b.push("the ").start;
        b.mention(o, org);
        let quote = Span::new(quote_start, b.push(" had moved troops near the border").end);
        b.push(".");
        let sentence = Span::new(sentence_start, b.text.len());
        b.a.sentences.push(sentence);
        b.a.quotes.push(FoundQuote {
            span: quote,
            parts: Vec::new(),
            direct: false,
            cue: Some(cue),
            speaker: Speaker::Actor(q),
            speaker_span: Some(speaker),
            sentence,
            confidence: 0.7,
        });
        b.push(" Observers expected slow progress on the remaining questions of the talks.\n\n");
    }
    for _ in 0..2 {
        let (key, label) = *rng.pick(TOPICS);
        if !b.a.topics.iter().any(|t| t.key == key) {
            b.a.topics.push(FoundTopic {
                key: key.into(),
                label: label.into(),
                score: 0.7,
                evidence: vec![key.into()],
            });
        }
    }
    let article = Article {
        title: Some(format!("Talks and tensions, report {i}")),
        date: Some(date),
        source: Some("Synthetic Wire".into()),
        author: None,
        url: Some(format!("https://example.org/report/{i}")),
        text: b.text,
        body_start,
        language: None,
    };
    (article, b.a)
}

/// CPU time of this (single-threaded) process so far, in seconds: on a shared, loaded machine it
/// says more than the wall clock. NaN where `/proc/self/schedstat` is missing.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// Wall and CPU seconds taken by `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (t, c) = (Instant::now(), cpu_seconds());
    let out = f();
    (out, t.elapsed().as_secs_f64(), cpu_seconds() - c)
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.dossier");
    let mut store = Store::open(&db).expect("open dossier");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t = Instant::now();
    for i in 0..n {
        let (article, analysis) = article(i, &mut rng);
        let source = SourceFile {
            file_name: format!("a{i:06}.txt"),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        store
            .import_article(
                &source,
                &article,
                &analysis,
                &content_hash(&article.text),
                1,
            )
            .expect("import");
    }
    let stats = store.stats().expect("stats");
    println!(
        "built {n} articles in {:.1} s: {} actors, {} mentions, {} quotes, {} topics",
        t.elapsed().as_secs_f64(),
        stats.actors,
        stats.mentions,
        stats.quotes,
        stats.topics
    );

    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let actor = store
        .find_actor("Maria Okonkwo")
        .ok()
        .flatten()
        .expect("a known actor");
    let topic = store
        .find_topic("ceasefire")
        .ok()
        .flatten()
        .expect("a known topic");
    let others: Vec<i64> = ["Jonas Pell", "Coastal Alliance", "Geneva"]
        .iter()
        .filter_map(|n| store.find_actor(n).ok().flatten())
        .chain([actor])
        .collect();
    let chosen: Vec<i64> = store
        .summary(&Scope {
            focus: Focus::Dossier,
            from: Some("2020-01-01".into()),
            to: Some("2020-12-31".into()),
        })
        .expect("summary")
        .articles
        .iter()
        .take(500)
        .map(|a| a.id)
        .collect();
    let scopes = [
        ("dossier", Scope::default()),
        (
            "dossier 2019",
            Scope {
                focus: Focus::Dossier,
                from: Some("2019-01-01".into()),
                to: Some("2019-12-31".into()),
            },
        ),
        (
            "actor",
            Scope {
                focus: Focus::Actor(actor),
                ..Scope::default()
            },
        ),
        (
            "4 actors",
            Scope {
                focus: Focus::Actors(others),
                ..Scope::default()
            },
        ),
        (
            "500 articles",
            Scope {
                focus: Focus::Articles(chosen),
                ..Scope::default()
            },
        ),
        (
            "topic",
            Scope {
                focus: Focus::Topic(topic),
                ..Scope::default()
            },
        ),
    ];
    for (name, scope) in &scopes {
        let (summary, wall, cpu) = timed(|| store.summary(scope).expect("summary"));
        println!(
            "{name}: summary gathered in {wall:.2} s (cpu {cpu:.2} s): {} articles, {} actors, {} quotes",
            summary.articles.len(),
            summary.actors.len(),
            summary.quotes.len()
        );
        let opts = Options::default();
        let mut formats = ExportFormat::ALL.to_vec();
        formats.extend(
            [CsvTable::Actors, CsvTable::Quotes, CsvTable::Articles].map(ExportFormat::Csv),
        );
        for format in formats {
            // Rendering alone (pure, into a sink), then the whole atomic write with its fsync.
            let ((), rendered, render_cpu) =
                timed(|| render(&summary, format, &opts, &mut std::io::sink()).expect("render"));
            let name = match format {
                ExportFormat::Csv(table) => format!("{table:?}").to_lowercase() + ".csv",
                f => f.extension().to_string(),
            };
            let path = out.join(format!("summary.{name}"));
            let (report, write, write_cpu) =
                timed(|| write_summary(&summary, format, &opts, &path).expect("export"));
            println!(
                "  {name:<12} rendered in {rendered:.2} s (cpu {render_cpu:.2}), written to disk in {write:.2} s (cpu {write_cpu:.2}), {:.1} MB; with gathering {:.2} s",
                report.bytes as f64 / 1e6,
                wall + write
            );
        }
    }
}
