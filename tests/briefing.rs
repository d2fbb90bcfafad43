//! The briefing (`Store::briefing`, what Markdown, HTML and DOCX exports are made from) shows
//! exactly what the complete summary shows, only gathered without reading every article: on
//! random dossiers with hidden actors, merged actors, rejected quotes, repeated wordings, split
//! quotes, described and unknown speakers, undated articles and outlets written differently,
//! both render byte for byte the same in every scope. Past the size where a briefing lists
//! only the sources it cites, every citation still points at a listed source.
//!
//! Every name and sentence here is invented.

#![allow(clippy::unwrap_used)] // Tests fail loudly by design.

use dossier::export::{self, Focus, Options, Scope, Summary};
use dossier::import::content_hash;
use dossier::model::{
    ActorKind, Analysis, Article, Format, FoundActor, FoundAffiliation, FoundMention, FoundQuote,
    FoundRole, FoundTopic, Span, Speaker,
};
use dossier::store::{Correction, SourceFile, Store};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as usize) % n.max(1)
    }
}

const PEOPLE: &[&str] = &[
    "Marit Osei",
    "Tomas Velde",
    "Ilka Brandt",
    "Jovan Roos",
    "Sela Marchetti",
    "Oren Kalev",
    "Petra Lind",
    "Anouk Ferro",
    "Casimir Dorn",
    "Wren Halloway",
    "Ivo Santini",
    "Lale Korkmaz",
];
const ORGS: &[&str] = &[
    "Lowland Water Board",
    "Fennick Shipping",
    "Granary Union",
    "North Quay Council",
    "Tidewater Institute",
];
const DESCRIBED: &[&str] = &[
    "officials",
    "The officials",
    "a senior engineer",
    "residents",
    "two aides",
    "the harbour master's office",
];
const OUTLETS: &[&str] = &[
    "Quay Courier",
    "quay courier",
    " Quay  Courier ",
    "Fen Gazette",
    "Delta Post",
];
const SAYINGS: &[&str] = &[
    "the sluice gates will stay shut until spring",
    "we expect the levy to pass",
    "nothing has been decided",
    "the survey found cracks in three locks",
    "talks resume on Monday",
    "no",
    "the budget for dredging doubled after the storm and nobody on the board explained why it had to",
];
const TOPICS: &[(&str, &str)] = &[
    ("floods", "Floods"),
    ("levy", "Canal levy"),
    ("shipping", "Shipping"),
    ("labour", "Labour"),
];

/// One random article and its analysis: several paragraphs, each naming actors and most of
/// them quoting someone.
fn article(i: usize, rng: &mut Rng) -> (Article, Analysis) {
    let mut a = Analysis::default();
    let mut actors: Vec<(String, ActorKind)> = Vec::new();
    let mut text = format!("Report number {i}\n\n");
    let body_start = text.len();
    let paragraphs = 2 + rng.below(5);
    for _ in 0..paragraphs {
        let sentence_start = text.len();
        // The speaker, named first.
        let (name, kind) = if rng.below(3) == 0 {
            (ORGS[rng.below(ORGS.len())].to_string(), ActorKind::Org)
        } else {
            // A few people are named far more often than the others.
            let n = if rng.below(2) == 0 { 3 } else { PEOPLE.len() };
            (PEOPLE[rng.below(n)].to_string(), ActorKind::Person)
        };
        let index = match actors.iter().position(|x| x.0 == name) {
            Some(p) => p,
            None => {
                actors.push((name.clone(), kind));
                a.actors.push(FoundActor {
                    name: name.clone(),
                    kind,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    affiliations: Vec::new(),
                    confidence: 0.9,
                });
                actors.len() - 1
            }
        };
        let speaker_kind = rng.below(6);
        let (speaker, opener) = match speaker_kind {
            0 => (
                Speaker::Description(DESCRIBED[rng.below(DESCRIBED.len())].to_string()),
                "Someone".to_string(),
            ),
            1 => (Speaker::Unknown, "It".to_string()),
            _ => (Speaker::Actor(index), name.clone()),
        };
        let name_at = text.len();
        text.push_str(&opener);
        if speaker_kind >= 2 {
            a.mentions.push(FoundMention {
                actor: index,
                span: Span::new(name_at, text.len()),
                confidence: 0.9,
            });
            if rng.below(4) == 0 {
                let role_at = text.len() + 2;
                text.push_str(", the treasurer,");
                a.actors[index].roles.push(FoundRole {
                    title: if rng.below(2) == 0 {
                        "treasurer"
                    } else {
                        "Treasurer"
                    }
                    .into(),
                    of: (rng.below(2) == 0).then(|| ORGS[rng.below(ORGS.len())].to_string()),
                    span: Span::new(role_at, role_at + "the treasurer".len()),
                });
                a.actors[index].affiliations.push(FoundAffiliation {
                    name: ORGS[rng.below(ORGS.len())].into(),
                    span: Span::new(role_at, role_at + "the treasurer".len()),
                });
            }
        }
        let cue_at = text.len() + 1;
        text.push_str(" said: \"");
        let quote_at = text.len() - 1;
        let saying = SAYINGS[rng.below(SAYINGS.len())];
        text.push_str(saying);
        // Often another actor is named inside the quote.
        if rng.below(2) == 0 {
            text.push_str(", says ");
            let other = PEOPLE[rng.below(PEOPLE.len())];
            let other_index = match actors.iter().position(|x| x.0 == other) {
                Some(p) => p,
                None => {
                    actors.push((other.to_string(), ActorKind::Person));
                    a.actors.push(FoundActor {
                        name: other.to_string(),
                        kind: ActorKind::Person,
                        aliases: Vec::new(),
                        roles: Vec::new(),
                        affiliations: Vec::new(),
                        confidence: 0.9,
                    });
                    actors.len() - 1
                }
            };
            let at = text.len();
            text.push_str(other);
            a.mentions.push(FoundMention {
                actor: other_index,
                span: Span::new(at, text.len()),
                confidence: 0.9,
            });
        }
        text.push('"');
        let quote_end = text.len();
        let split = rng.below(5) == 0;
        let parts = if split {
            text.push_str(" and \"more to come\"");
            let second = Span::new(text.len() - "\"more to come\"".len(), text.len());
            vec![Span::new(quote_at, quote_end), second]
        } else {
            Vec::new()
        };
        let end = text.len();
        text.push_str(".\n\n");
        if rng.below(8) != 0 {
            a.quotes.push(FoundQuote {
                span: Span::new(quote_at, end),
                parts,
                direct: rng.below(3) != 0,
                cue: Some(Span::new(cue_at, cue_at + 4)),
                speaker,
                speaker_span: None,
                sentence: Span::new(sentence_start, end + 1),
                confidence: [0.55, 0.7, 0.8, 0.9][rng.below(4)],
            });
        }
    }
    for _ in 0..rng.below(3) {
        let (key, label) = TOPICS[rng.below(TOPICS.len())];
        if !a.topics.iter().any(|t| t.key == key) {
            a.topics.push(FoundTopic {
                key: key.into(),
                label: label.into(),
                score: 0.5,
                evidence: vec![key.into()],
            });
        }
    }
    let date = (rng.below(9) != 0).then(|| {
        format!(
            "20{:02}-{:02}-{:02}",
            20 + rng.below(3),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    });
    let article = Article {
        title: (rng.below(6) != 0).then(|| format!("Canal news {i}")),
        date,
        source: (rng.below(7) != 0).then(|| OUTLETS[rng.below(OUTLETS.len())].to_string()),
        text,
        body_start,
        ..Article::default()
    };
    (article, a)
}

/// A random dossier of `n` articles, with some curation.
fn dossier(n: usize, seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut rng = Rng(seed);
    for i in 0..n {
        let (article, analysis) = article(i, &mut rng);
        let src = SourceFile {
            file_name: format!("canal-{i}.txt"),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        store
            .import_article(&src, &article, &analysis, &content_hash(&article.text), 1)
            .unwrap();
    }
    let id = |store: &Store, name: &str| store.find_actor(name).unwrap();
    // A false positive hidden, two people merged, a quote rejected, a topic removed.
    if let Some(hidden) = id(&store, ORGS[4]) {
        store.correct(Correction::Hide { actor: hidden }).unwrap();
    }
    if let (Some(into), Some(from)) = (id(&store, PEOPLE[5]), id(&store, PEOPLE[6])) {
        store
            .correct(Correction::Merge {
                into,
                from: vec![from],
            })
            .unwrap();
    }
    let some_quote = store
        .summary(&Scope::default())
        .unwrap()
        .quotes
        .first()
        .map(|q| q.id);
    if let Some(quote) = some_quote {
        store.correct(Correction::NotAQuote { quote }).unwrap();
    }
    store
}

fn render(s: &Summary, format: &str, opts: &Options) -> String {
    let mut out = Vec::new();
    match format {
        "md" => export::markdown(s, opts, &mut out).unwrap(),
        "html" => export::html(s, opts, &mut out).unwrap(),
        "docx" => {
            use std::io::Read;
            let mut bytes = Vec::new();
            export::docx(s, opts, &mut bytes).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut xml = String::new();
            zip.by_name("word/document.xml")
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            out = xml.into_bytes();
        }
        other => panic!("no format {other}"),
    }
    String::from_utf8(out).unwrap()
}

/// The two summaries with the time they were made set alike.
fn both(store: &Store, scope: &Scope, opts: &Options, listed: usize) -> (Summary, Summary) {
    let mut full = store.summary(scope).unwrap();
    let mut brief = store.briefing_listing(scope, opts, listed).unwrap();
    full.generated_at = Some("2026-01-01T00:00:00Z".into());
    brief.generated_at = full.generated_at.clone();
    (full, brief)
}

fn scopes(store: &Store) -> Vec<Scope> {
    let all = store.summary(&Scope::default()).unwrap();
    let topic = all.topics.first().map(|t| t.id).unwrap();
    let chosen: Vec<i64> = all.articles.iter().step_by(3).map(|a| a.id).collect();
    vec![
        Scope::default(),
        Scope {
            focus: Focus::Dossier,
            from: Some("2021-03-01".into()),
            to: Some("2022-06-30".into()),
        },
        Scope {
            focus: Focus::Topic(topic),
            from: None,
            to: None,
        },
        Scope {
            focus: Focus::Articles(chosen),
            from: None,
            to: None,
        },
    ]
}

#[test]
fn a_briefing_renders_exactly_as_the_complete_summary() {
    for seed in [7, 1234, 99_991] {
        let store = dossier(70, seed);
        for scope in scopes(&store) {
            for top in [2, 6, 12] {
                let opts = Options {
                    top,
                    ..Options::default()
                };
                let (full, brief) = both(&store, &scope, &opts, usize::MAX);
                assert!(brief.quotes.len() <= full.quotes.len());
                assert!(brief.actors.len() <= top.max(5));
                assert_eq!(brief.totals, full.totals, "seed {seed}, {scope:?}");
                assert_eq!(brief.timeline, full.timeline, "seed {seed}, {scope:?}");
                assert_eq!(brief.key_quotes, full.key_quotes, "seed {seed}, {scope:?}");
                for format in ["md", "html", "docx"] {
                    let (a, b) = (render(&full, format, &opts), render(&brief, format, &opts));
                    if a != b {
                        let line = a
                            .lines()
                            .zip(b.lines())
                            .find(|(x, y)| x != y)
                            .map(|(x, y)| format!("complete: {x}\nbriefing: {y}"));
                        panic!("seed {seed}, top {top}, {scope:?}, {format}:\n{line:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn past_the_listing_size_a_briefing_lists_the_sources_it_cites() {
    let store = dossier(90, 42);
    let opts = Options::default();
    let (full, brief) = both(&store, &Scope::default(), &opts, 20);
    assert_eq!(full.articles.len(), 90);
    assert!(brief.articles.len() < 90, "{}", brief.articles.len());
    assert!(!brief.articles.is_empty());
    // Numbered from 1 in date order.
    let refs: Vec<u32> = brief.articles.iter().map(|a| a.reference).collect();
    assert_eq!(refs, (1..=refs.len() as u32).collect::<Vec<_>>());
    let md = render(&brief, "md", &opts);
    assert!(
        md.contains(&format!(
            "The {} sources cited here, of 90 articles in scope",
            brief.articles.len()
        )),
        "{md}"
    );
    // Every reference printed names a listed source, and every listed source is cited.
    let listed: std::collections::BTreeSet<u32> = refs.iter().copied().collect();
    let body = md.split("## Sources").next().unwrap();
    let mut printed = std::collections::BTreeSet::new();
    for piece in body.split("\\[").skip(1) {
        let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u32>() {
            printed.insert(n);
        }
    }
    assert!(!printed.is_empty());
    assert_eq!(printed, listed, "{md}");
    // What is shown above the sources is the same as in the complete summary, apart from the
    // source numbers.
    let strip = |s: &str| -> String {
        s.split("## Sources")
            .next()
            .unwrap()
            .split("\\[")
            .map(|p| {
                p.trim_start_matches(|c: char| c.is_ascii_digit())
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("[")
    };
    assert_eq!(strip(&render(&full, "md", &opts)), strip(&md));
}
