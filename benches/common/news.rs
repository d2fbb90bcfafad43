//! Synthetic news with realistic proportions, for benchmarks at any size (up to millions of
//! articles): a handful of actors named in about one article in ten, a middle class of tens of
//! thousands named with falling frequency, and a long tail of actors named once. Each article is
//! about 400 words with its analysis built alongside (no extraction), so a benchmark measures the
//! store and the app, not the extractor. All names are invented.

use super::Rng;
use dossier::model::{
    ActorKind, Analysis, Article, FoundActor, FoundMention, FoundQuote, FoundRole, FoundTopic,
    Span, Speaker,
};

/// Actors named in about 10% of the articles each.
pub const HEAD: &[(&str, ActorKind, &str)] = &[
    ("Amira Castell", ActorKind::Person, "Castell"),
    ("Jonas Pellweg", ActorKind::Person, "Pellweg"),
    ("Tove Rannick", ActorKind::Person, "Rannick"),
    ("Coastal Alliance", ActorKind::Org, "the Alliance"),
    ("Harbour League", ActorKind::Org, "the League"),
    ("Port Selden", ActorKind::Gpe, "Selden"),
];

/// Size of the middle class of actors.
const MIDDLE: usize = 50_000;

const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ta", "ven", "lo", "sa", "dri", "no", "bel", "tu", "ra", "ke", "vo", "lin",
    "da", "mar", "si", "pe", "go", "har", "zu", "ne", "qui", "to", "fa", "lu", "ber", "ci", "wen",
    "os", "ti",
];

const GIVEN: &[&str] = &[
    "Ines", "Piet", "Hana", "Luca", "Farah", "Emil", "Zara", "Idris", "Noor", "Sven", "Leila",
    "Omar", "Ruth", "Kofi", "Anya", "Milan", "Yusuf", "Greta", "Mei", "Oskar",
];

/// Topic keys, labels and words, most common first.
pub const TOPICS: &[(&str, &str, &[&str])] = &[
    (
        "talks",
        "Peace talks",
        &["talks", "negotiators", "ceasefire", "envoys"],
    ),
    (
        "economy",
        "Economy",
        &["inflation", "budget", "tariffs", "markets"],
    ),
    (
        "labour",
        "Labour disputes",
        &["strike", "dockers", "wages", "unions"],
    ),
    (
        "elections",
        "Elections",
        &["ballot", "turnout", "candidates", "polls"],
    ),
    (
        "security",
        "Security",
        &["border", "patrols", "checkpoints", "troops"],
    ),
    (
        "energy",
        "Energy",
        &["pipeline", "grid", "fuel", "turbines"],
    ),
    (
        "health",
        "Health",
        &["clinics", "vaccines", "nurses", "outbreak"],
    ),
    (
        "courts",
        "Courts",
        &["judges", "appeal", "verdict", "trial"],
    ),
    (
        "climate",
        "Climate",
        &["floods", "drought", "emissions", "coastline"],
    ),
    (
        "fisheries",
        "Fisheries",
        &["quotas", "trawlers", "catch", "harbour"],
    ),
];

const FILLER: &[&str] = &[
    "the",
    "officials",
    "said",
    "on",
    "Monday",
    "while",
    "observers",
    "expected",
    "progress",
    "in",
    "the",
    "region",
    "after",
    "a",
    "week",
    "of",
    "meetings",
    "with",
    "partners",
    "under",
    "pressure",
    "from",
    "donors",
    "and",
    "residents",
    "who",
    "asked",
    "for",
    "clear",
    "answers",
    "about",
    "the",
    "plan",
    "before",
    "winter",
];

/// A made-up word from a number: the same number always gives the same word.
fn coined(mut k: usize, min_syllables: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while n < min_syllables || k > 0 {
        s.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
        n += 1;
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A number in `0..n`, small numbers far more often: a Pareto tail (about a Zipf law) in which
/// 0 comes up once in 61 draws.
fn falling(rng: &mut Rng, n: usize) -> usize {
    const A: f64 = 60.0;
    let u = (rng.below(1 << 24) as f64 + 1.0) / f64::from(1 << 24);
    ((A / u - A) as usize) % n.max(1)
}

/// One actor of the middle class.
fn middle(k: usize) -> (String, ActorKind) {
    if k % 5 == 4 {
        (format!("{} Council", coined(k, 2)), ActorKind::Org)
    } else {
        (
            format!("{} {}", GIVEN[k % GIVEN.len()], coined(k, 3)),
            ActorKind::Person,
        )
    }
}

/// Article `i` of a synthetic dossier, with its analysis.
pub fn article(i: usize, rng: &mut Rng) -> (Article, Analysis) {
    let mut names: Vec<(String, ActorKind, Option<&str>)> = Vec::new();
    for (name, kind, alias) in HEAD {
        if rng.below(10) == 0 {
            names.push(((*name).into(), *kind, Some(alias)));
        }
    }
    for _ in 0..3 {
        let (name, kind) = middle(falling(rng, MIDDLE));
        if !names.iter().any(|n| n.0 == name) {
            names.push((name, kind, None));
        }
    }
    // Named in this article only.
    names.push((
        format!("{} {}", GIVEN[i % GIVEN.len()], coined(i, 5)),
        ActorKind::Person,
        None,
    ));
    let place = format!("{}stad", coined(falling(rng, 400), 2));
    names.push((place, ActorKind::Gpe, None));

    let topic = falling(rng, TOPICS.len());
    let second = (topic + 1 + rng.below(TOPICS.len() - 1)) % TOPICS.len();
    let mut analysis = Analysis::default();
    for (name, kind, alias) in &names {
        analysis.actors.push(FoundActor {
            name: name.clone(),
            kind: *kind,
            aliases: alias.iter().map(|a| a.to_string()).collect(),
            roles: Vec::new(),
            affiliations: Vec::new(),
            confidence: 0.9,
        });
    }
    let mut text = String::new();
    let mut words = 0;
    let mut paragraph = 0;
    while words < 400 {
        let start = text.len();
        let who = if paragraph < names.len() {
            paragraph
        } else {
            rng.below(names.len())
        };
        let (name, kind, alias) = &names[who];
        let shown: &str = match alias {
            Some(a) if paragraph >= names.len() => a,
            _ => name,
        };
        let name_at = text.len();
        text.push_str(shown);
        analysis.mentions.push(FoundMention {
            actor: who,
            span: Span::new(name_at, text.len()),
            confidence: 0.9,
        });
        let person = *kind == ActorKind::Person;
        if person && paragraph % 3 == 0 {
            text.push_str(", a spokesperson,");
            let role_at = text.len() - ", a spokesperson,".len() + 4;
            analysis.actors[who].roles.push(FoundRole {
                title: "spokesperson".into(),
                of: None,
                span: Span::new(role_at, role_at + "spokesperson".len()),
            });
        }
        text.push_str(" said that ");
        let quote_at = text.len();
        let n = 14 + rng.below(16);
        for w in 0..n {
            let word = if w % 5 == 2 {
                let (_, _, words) = TOPICS[if w % 2 == 0 { topic } else { second }];
                words[rng.below(words.len())]
            } else {
                FILLER[rng.below(FILLER.len())]
            };
            text.push_str(word);
            text.push(' ');
        }
        let quote_end = text.len() - 1;
        text.truncate(quote_end);
        text.push_str(".\n\n");
        if person && paragraph % 2 == 0 {
            analysis.quotes.push(FoundQuote {
                span: Span::new(quote_at, quote_end),
                parts: Vec::new(),
                direct: false,
                cue: None,
                speaker: Speaker::Actor(who),
                speaker_span: Some(Span::new(name_at, name_at + shown.len())),
                sentence: Span::new(start, quote_end + 1),
                confidence: 0.8,
            });
        }
        words += n + 4;
        paragraph += 1;
    }
    for (t, score) in [(topic, 0.8), (second, 0.4)] {
        let (key, label, words) = TOPICS[t];
        analysis.topics.push(FoundTopic {
            key: key.into(),
            label: label.into(),
            score,
            evidence: vec![words[0].into()],
        });
    }
    let article = Article {
        title: Some(format!("{} and {}: report {i}", names[0].0, names[1].0)),
        date: Some(format!(
            "{}-{:02}-{:02}",
            2016 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        text,
        ..Article::default()
    };
    (article, analysis)
}

/// A name from the long tail (named in article `i` only), to search for.
pub fn tail_name(i: usize) -> String {
    format!("{} {}", GIVEN[i % GIVEN.len()], coined(i, 5))
}
