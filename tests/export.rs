//! Exports end to end through an in-memory dossier: golden files for every format (for DOCX: its
//! XML parts, after checking that they parse), the content of summaries (ranking, scopes, date
//! ranges, citations in words, curation), hostile article text in every format and the JSON
//! round trip.
//!
//! The fixture articles in `tests/fixtures/export/` are analysed **by hand** here (exact actors,
//! quotes, roles, topics), so the goldens do not move when the extraction engine improves.
//! `UPDATE_GOLDEN=1 cargo test --test export` rewrites `tests/golden/*` after a deliberate change.

#![allow(clippy::unwrap_used)] // Tests fail loudly by design.

use std::path::{Path, PathBuf};

use dossier::export::{self, Focus, Options, Scope, Summary};
use dossier::import::content_hash;
use dossier::model::{
    ActorKind, Analysis, Article, Format, FoundActor, FoundAffiliation, FoundMention, FoundQuote,
    FoundRole, FoundTopic, Span, Speaker,
};
use dossier::store::{ImportOutcome, SourceFile, Store};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Builds an [`Analysis`] by naming the text pieces; panics (in the test) when a piece is absent.
struct Hand<'a> {
    text: &'a str,
    a: Analysis,
}

impl<'a> Hand<'a> {
    fn new(text: &'a str) -> Self {
        Hand {
            text,
            a: Analysis::default(),
        }
    }

    /// The span of the `nth` (0-based) occurrence of `needle`.
    fn at(&self, needle: &str, nth: usize) -> Span {
        let (start, _) = self
            .text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the fixture"));
        Span::new(start, start + needle.len())
    }

    fn span(&self, needle: &str) -> Span {
        self.at(needle, 0)
    }

    /// An actor mentioned at every occurrence of each of `names` that no earlier mention covers.
    fn actor(&mut self, name: &str, kind: ActorKind, names: &[&str]) -> usize {
        let index = self.a.actors.len();
        self.a.actors.push(FoundActor {
            name: name.into(),
            kind,
            aliases: names
                .iter()
                .filter(|n| **n != name)
                .map(|n| n.to_string())
                .collect(),
            roles: Vec::new(),
            affiliations: Vec::new(),
            confidence: 0.9,
        });
        for n in names {
            for (start, _) in self.text.match_indices(n) {
                let span = Span::new(start, start + n.len());
                if !self.a.mentions.iter().any(|m| m.span.overlaps(&span)) {
                    self.a.mentions.push(FoundMention {
                        actor: index,
                        span,
                        confidence: 0.9,
                    });
                }
            }
        }
        index
    }

    fn role(&mut self, actor: usize, title: &str, of: Option<&str>, stated: &str) {
        let span = self.span(stated);
        self.a.actors[actor].roles.push(FoundRole {
            title: title.into(),
            of: of.map(Into::into),
            span,
        });
    }

    fn affiliation(&mut self, actor: usize, name: &str, stated: &str) {
        let span = self.span(stated);
        self.a.actors[actor].affiliations.push(FoundAffiliation {
            name: name.into(),
            span,
        });
    }

    /// A quote: its pieces (one, or several for a split quote), cue, speaker and sentence.
    fn quote(
        &mut self,
        pieces: &[&str],
        direct: bool,
        cue: &str,
        speaker: Speaker,
        sentence: &str,
    ) {
        let parts: Vec<Span> = pieces.iter().map(|p| self.span(p)).collect();
        let sentence = self.span(sentence);
        // The cue is looked up inside the sentence, so a common word like "said" finds the
        // right occurrence.
        let cue_at = sentence.start
            + sentence
                .slice(self.text)
                .find(cue)
                .expect("cue in sentence");
        self.a.quotes.push(FoundQuote {
            span: parts[0],
            parts: if parts.len() > 1 { parts } else { Vec::new() },
            direct,
            cue: Some(Span::new(cue_at, cue_at + cue.len())),
            speaker,
            speaker_span: None,
            sentence,
            confidence: 0.8,
        });
    }

    fn topic(&mut self, key: &str, label: &str, score: f32) {
        self.a.topics.push(FoundTopic {
            key: key.into(),
            label: label.into(),
            score,
            evidence: vec![key.into()],
        });
    }
}

fn import(
    store: &mut Store,
    file: &str,
    title: &str,
    date: Option<&str>,
    source: &str,
    a: Analysis,
) {
    let text = fixture(file);
    let body_start = text.find("\n\n").map_or(0, |i| i + 2);
    let article = Article {
        title: Some(title.into()),
        date: date.map(Into::into),
        source: Some(source.into()),
        author: None,
        url: None,
        text: text.clone(),
        body_start,
        ..Article::default()
    };
    let src = SourceFile {
        file_name: file.into(),
        file_path: None,
        format: Format::Text,
        encoding: "UTF-8".into(),
    };
    let outcome = store
        .import_article(&src, &article, &a, &content_hash(&text), 1)
        .unwrap();
    assert!(matches!(outcome, ImportOutcome::Imported(_)));
}

/// Four small articles about a canal levy (one undated), analysed by hand.
fn canal_store() -> Store {
    use ActorKind::*;
    let mut store = Store::open_in_memory().unwrap();

    let text = fixture("canal-levy.txt");
    let mut h = Hand::new(&text);
    let varga = h.actor("Ilse Varga", Person, &["Ilse Varga"]);
    let oduya = h.actor("Ruben Oduya", Person, &["Ruben Oduya"]);
    h.actor("Lakeside council", Org, &["Lakeside council"]);
    h.actor("Barge Owners Guild", Org, &["Barge Owners Guild"]);
    h.actor("Greywater Canal", Loc, &["Greywater Canal"]);
    h.role(
        varga,
        "finance chair",
        Some("Lakeside council"),
        "the council's finance chair",
    );
    h.affiliation(varga, "Lakeside council", "the council's finance chair");
    h.role(
        oduya,
        "secretary",
        Some("Barge Owners Guild"),
        "Guild secretary",
    );
    h.affiliation(oduya, "Barge Owners Guild", "Guild secretary");
    h.quote(
        &["\"The canal pays for itself or it closes,\""],
        true,
        "said",
        Speaker::Actor(varga),
        "\"The canal pays for itself or it closes,\" said Ilse Varga, the council's finance chair.",
    );
    h.quote(
        &["the levy would push freight onto the roads"],
        false,
        "said",
        Speaker::Actor(oduya),
        "Guild secretary Ruben Oduya said the levy would push freight onto the roads.",
    );
    h.topic("canal-levy", "Canal levy", 0.9);
    h.topic("transport", "Transport", 0.4);
    import(
        &mut store,
        "canal-levy.txt",
        "Lakeside council votes for a canal levy",
        Some("2025-01-14"),
        "Lakeside Courier",
        h.a,
    );

    let text = fixture("canal-protest.txt");
    let mut h = Hand::new(&text);
    let guild = h.actor("Barge Owners Guild", Org, &["Barge Owners Guild"]);
    h.actor("Greywater Canal", Loc, &["Greywater Canal"]);
    let oduya = h.actor("Ruben Oduya", Person, &["Ruben Oduya"]);
    let varga = h.actor("Ilse Varga", Person, &["Ilse Varga"]);
    let _ = guild;
    h.role(
        oduya,
        "Secretary",
        Some("Barge Owners Guild"),
        "secretary of the Barge Owners Guild",
    );
    h.affiliation(
        oduya,
        "Barge Owners Guild",
        "secretary of the Barge Owners Guild",
    );
    h.quote(
        &["\"We will stay until the council listens,\""],
        true,
        "said",
        Speaker::Actor(oduya),
        "\"We will stay until the council listens,\" said Ruben Oduya, secretary of the Barge Owners Guild.",
    );
    h.quote(
        &["the council would meet the guild but would not drop the levy"],
        false,
        "said",
        Speaker::Actor(varga),
        "Ilse Varga said the council would meet the guild but would not drop the levy.",
    );
    h.topic("canal-levy", "Canal levy", 0.8);
    h.topic("protest", "Protest", 0.85);
    import(
        &mut store,
        "canal-protest.txt",
        "Barge owners block the Greywater Canal",
        Some("2025-02-03"),
        "Lakeside Courier",
        h.a,
    );

    let text = fixture("canal-deal.txt");
    let mut h = Hand::new(&text);
    h.actor("Lakeside council", Org, &["Lakeside council"]);
    h.actor("Barge Owners Guild", Org, &["Barge Owners Guild"]);
    let varga = h.actor("Ilse Varga", Person, &["Ilse Varga", "Varga"]);
    let oduya = h.actor("Ruben Oduya", Person, &["Oduya"]);
    h.actor("Lakeside", Gpe, &["Lakeside"]);
    h.quote(
        &[
            "\"This is a fair outcome,\"",
            "\"for Lakeside and for the barges.\"",
        ],
        true,
        "said",
        Speaker::Actor(varga),
        "\"This is a fair outcome,\" Ilse Varga said, \"for Lakeside and for the barges.\"",
    );
    h.quote(
        &["\"a first step\""],
        true,
        "called",
        Speaker::Actor(oduya),
        "Oduya called the deal \"a first step\" and said Varga had kept her word.",
    );
    h.quote(
        &["Varga had kept her word"],
        false,
        "said",
        Speaker::Actor(oduya),
        "Oduya called the deal \"a first step\" and said Varga had kept her word.",
    );
    h.topic("canal-levy", "Canal levy", 0.95);
    import(
        &mut store,
        "canal-deal.txt",
        "Council and guild agree on a reduced canal levy",
        Some("2025-02-20"),
        "Meridian Wire",
        h.a,
    );

    let text = fixture("harbour-notes.txt");
    let mut h = Hand::new(&text);
    h.actor("Greywater Canal", Loc, &["Greywater Canal"]);
    h.quote(
        &["The Greywater Canal reopened to traffic"],
        false,
        "according to",
        Speaker::Description("harbour officials".into()),
        "The Greywater Canal reopened to traffic, according to harbour officials.",
    );
    h.topic("transport", "Transport", 0.5);
    import(
        &mut store,
        "harbour-notes.txt",
        "Harbour notes",
        None,
        "Harbour Bulletin",
        h.a,
    );
    store
}

/// The summary with the parts that change from run to run fixed.
fn summary(store: &Store, scope: &Scope) -> Summary {
    let mut s = store.summary(scope).unwrap();
    assert!(
        s.generated_at
            .as_deref()
            .is_some_and(|g| g.len() == 20 && g.ends_with('Z'))
    );
    s.generated_at = Some("2026-01-01T00:00:00Z".into());
    s.dossier = Some("canal.dossier".into());
    s
}

fn render_with(s: &Summary, format: &str, opts: &Options) -> String {
    let mut out = Vec::new();
    match format {
        "md" => export::markdown(s, opts, &mut out),
        "html" => export::html(s, opts, &mut out),
        "json" => export::json(s, &mut out),
        "actors.csv" => export::csv_actors(s, &mut out),
        "quotes.csv" => export::csv_quotes(s, &mut out),
        "articles.csv" => export::csv_articles(s, &mut out),
        "docx.xml" => {
            let mut bytes = Vec::new();
            export::docx(s, opts, &mut bytes).unwrap();
            out = docx_parts(&bytes)
                .into_iter()
                .filter(|(name, _)| name.starts_with("word/"))
                .flat_map(|(name, xml)| format!("==> {name}\n{}\n", indent_xml(&xml)).into_bytes())
                .collect();
            Ok(())
        }
        other => panic!("no format {other}"),
    }
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn render(s: &Summary, format: &str) -> String {
    render_with(s, format, &Options::default())
}

/// The formats with golden files.
const FORMATS: [&str; 7] = [
    "md",
    "html",
    "json",
    "actors.csv",
    "quotes.csv",
    "articles.csv",
    "docx.xml",
];

/// Every part of a DOCX archive, checked to be well-formed XML (every tag closed in order, every
/// attribute quoted, every entity known), by name.
fn docx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        let name = file.name().unwrap().into_owned();
        check_xml(&name, &xml);
        parts.push((name, xml));
    }
    parts.sort();
    parts
}

/// Parses `xml` completely with quick-xml, which refuses mismatched or unclosed tags, bad
/// attributes and unknown entities.
fn check_xml(name: &str, xml: &str) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap_or_else(|err| panic!("{name}: bad attribute value: {err}"));
                }
            }
            Ok(Event::Empty(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                for a in e.attributes() {
                    a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
                }
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => {
                t.decode()
                    .unwrap_or_else(|err| panic!("{name}: bad text: {err}"));
            }
            Ok(Event::GeneralRef(r)) => {
                let known = ["amp", "lt", "gt", "quot", "apos"];
                let r = r.decode().unwrap();
                assert!(known.contains(&r.as_ref()), "{name}: unknown entity &{r};");
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed XML at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
    assert_eq!(roots, 1, "{name}: one root element");
}

/// One element per line, so golden diffs of DOCX parts are readable.
fn indent_xml(xml: &str) -> String {
    xml.replace("><", ">\n<")
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares with `tests/golden/<name>`, or rewrites it when `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn actor_id(store: &Store, name: &str) -> i64 {
    store.find_actor(name).unwrap().unwrap()
}

#[test]
fn golden_whole_dossier_in_every_format() {
    let store = canal_store();
    let s = summary(&store, &Scope::default());
    for format in FORMATS {
        check_golden(&format!("dossier.{format}"), &render(&s, format));
    }
}

#[test]
fn golden_briefing_cut_to_two_actors_on_letter_paper() {
    let store = canal_store();
    let s = summary(&store, &Scope::default());
    let opts = Options {
        top: 2,
        paper: export::Paper::Letter,
    };
    for format in ["md", "html"] {
        check_golden(
            &format!("dossier-top2.{format}"),
            &render_with(&s, format, &opts),
        );
    }
    let md = render_with(&s, "md", &opts);
    assert_eq!(
        md.matches("\n### ").count(),
        4 + 2 + 1,
        "four briefing parts, two actors, other voices"
    );
    assert!(md.contains("The 2 most salient of 6 actors"), "{md}");
    let html = render_with(&s, "html", &opts);
    assert!(html.contains("size: letter"));
    assert!(html.contains("#actors, #sources { break-before: page; }"));
}

#[test]
fn golden_actor_in_a_date_range() {
    let store = canal_store();
    let scope = Scope {
        focus: Focus::Actor(actor_id(&store, "Ilse Varga")),
        from: Some("2025-02-01".into()),
        to: Some("2025-02-28".into()),
    };
    let s = summary(&store, &scope);
    for format in FORMATS {
        check_golden(
            &format!("actor-varga-february.{format}"),
            &render(&s, format),
        );
    }
}

#[test]
fn golden_topic() {
    let store = canal_store();
    let topic = store.find_topic("Canal levy").unwrap().unwrap();
    let s = summary(
        &store,
        &Scope {
            focus: Focus::Topic(topic),
            ..Scope::default()
        },
    );
    for format in ["md", "json"] {
        check_golden(&format!("topic-canal-levy.{format}"), &render(&s, format));
    }
}

#[test]
fn whole_dossier_ranks_actors_and_cites_sentences() {
    let store = canal_store();
    let s = summary(&store, &Scope::default());
    assert_eq!(s.schema_version, export::SCHEMA_VERSION);
    assert_eq!(s.totals.articles, 4);
    assert_eq!(s.totals.undated_articles, 1);
    // Sources in date order, undated last, numbered from 1.
    let dates: Vec<Option<&str>> = s.articles.iter().map(|a| a.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("2025-01-14"),
            Some("2025-02-03"),
            Some("2025-02-20"),
            None
        ]
    );
    assert_eq!(
        s.articles.iter().map(|a| a.reference).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );

    // Salience sorted descending, ranks 1..n; the speakers lead the places and groups.
    for w in s.actors.windows(2) {
        assert!(w[0].salience >= w[1].salience);
    }
    for (i, a) in s.actors.iter().enumerate() {
        assert_eq!(a.prominence, a.mentions * a.articles);
        assert_eq!(a.rank as usize, i + 1);
    }
    let mut names: Vec<&str> = s.actors.iter().map(|a| a.name.as_str()).collect();
    names[..2].sort();
    assert_eq!(&names[..2], ["Ilse Varga", "Ruben Oduya"], "{names:?}");
    let varga = s.actors.iter().find(|a| a.name == "Ilse Varga").unwrap();
    // (4 mentions + 3 × 3 quotes + 1 naming her) × 3 articles, last named on the last day.
    assert_eq!(varga.salience, 42.0);
    assert!(
        varga
            .representative_quote
            .is_some_and(|id| varga.quotes_by.contains(&id))
    );
    assert_eq!(s.totals.outlets, 3);
    assert_eq!(
        (
            s.totals.first_date.as_deref(),
            s.totals.last_date.as_deref()
        ),
        (Some("2025-01-14"), Some("2025-02-20"))
    );
    // Key quotes: at most two per speaker, the described speaker's quote among them.
    assert!(!s.key_quotes.is_empty() && s.key_quotes.len() <= 8);
    let by_varga = s
        .key_quotes
        .iter()
        .filter(|id| varga.quotes_by.contains(id))
        .count();
    assert!(by_varga <= 2);
    assert_eq!(s.described_speakers.len(), 1);
    assert_eq!(s.described_speakers[0].description, "harbour officials");
    assert_eq!((varga.mentions, varga.articles), (4, 3));
    assert_eq!(varga.aliases, ["Varga"]);
    assert_eq!(
        (varga.first_seen.as_deref(), varga.last_seen.as_deref()),
        (Some("2025-01-14"), Some("2025-02-20"))
    );
    assert_eq!(varga.quotes_by.len(), 3);
    assert_eq!(
        varga.quotes_about.len(),
        1,
        "Oduya's reported quote names her"
    );
    let oduya = s.actors.iter().find(|a| a.name == "Ruben Oduya").unwrap();
    // "secretary" and "Secretary" of the guild are one role, stated twice, dated by both.
    assert_eq!(oduya.roles.len(), 1);
    assert_eq!(oduya.roles[0].citations.len(), 2);
    assert_eq!(oduya.roles[0].first_seen.as_deref(), Some("2025-01-14"));
    assert_eq!(oduya.roles[0].last_seen.as_deref(), Some("2025-02-03"));

    // Every citation points at its article, and a quote's sentence contains the quote.
    let texts: Vec<String> = [
        "canal-levy.txt",
        "canal-protest.txt",
        "canal-deal.txt",
        "harbour-notes.txt",
    ]
    .map(fixture)
    .to_vec();
    assert_eq!(s.quotes.len(), 8);
    for q in &s.quotes {
        let article = s.article(q.citation.reference).unwrap();
        assert_eq!(article.id, q.citation.article_id);
        // The paragraph counts blank-line separated blocks after the headline line.
        let text = &texts[q.citation.reference as usize - 1];
        let body = text.find("\n\n").unwrap() + 2;
        let expected = text[body..q.citation.span.start].matches("\n\n").count() + 1;
        assert_eq!(q.citation.paragraph as usize, expected, "{q:?}");
        let text = &texts[q.citation.reference as usize - 1];
        let sentence = q.citation.span.slice(text);
        assert!(!sentence.is_empty());
        assert!(q.citation.span.contains(&q.span), "{q:?}");
        for piece in q.text.split(" … ") {
            assert!(sentence.contains(piece), "{piece:?} not in {sentence:?}");
        }
    }
    let split = s.quotes.iter().find(|q| q.text.contains(" … ")).unwrap();
    assert_eq!(
        split.text,
        "\"This is a fair outcome,\" … \"for Lakeside and for the barges.\""
    );
    let described = s.quotes.iter().find(|q| q.speaker_id.is_none()).unwrap();
    assert_eq!(described.speaker.as_deref(), Some("harbour officials"));
    assert_eq!(described.mentions[0].name, "Greywater Canal");

    // Topics with most articles first; the timeline counts months of dated articles only.
    assert_eq!(s.topics[0].label, "Canal levy");
    assert_eq!(
        s.topics[0]
            .articles
            .iter()
            .map(|a| a.reference)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let months: Vec<(&str, u64, u64)> = s
        .timeline
        .iter()
        .map(|m| (m.month.as_str(), m.articles, m.quotes))
        .collect();
    assert_eq!(months, [("2025-01", 1, 2), ("2025-02", 2, 5)]);
    let mentions: u64 = s.timeline.iter().map(|m| m.mentions).sum();
    assert_eq!(
        mentions + 1,
        s.totals.mentions,
        "the undated article has one mention"
    );
}

#[test]
fn scopes_and_date_ranges_narrow_the_summary() {
    let store = canal_store();
    let varga = actor_id(&store, "Varga");
    let s = summary(
        &store,
        &Scope {
            focus: Focus::Actor(varga),
            from: Some("2025-02-01".into()),
            to: None,
        },
    );
    assert_eq!(s.scope.name.as_deref(), Some("Ilse Varga"));
    assert_eq!(s.title, "Dossier summary: Ilse Varga");
    assert_eq!(s.actors.len(), 1);
    assert_eq!(s.articles.len(), 2);
    // Her own quotes and Oduya's that names her; nothing else.
    assert_eq!(s.quotes.len(), 3);
    assert!(
        s.quotes
            .iter()
            .all(|q| q.speaker_id == Some(varga) || q.mentions.iter().any(|m| m.id == varga))
    );

    // Inclusive bounds on both ends; undated articles are out once a limit is given.
    let day = |from: &str, to: &str| {
        summary(
            &store,
            &Scope {
                focus: Focus::Dossier,
                from: Some(from.into()),
                to: Some(to.into()),
            },
        )
    };
    assert_eq!(day("2025-02-03", "2025-02-03").totals.articles, 1);
    assert_eq!(day("2025-01-14", "2025-02-20").totals.articles, 3);
    assert_eq!(day("2025-01-14", "2025-02-20").totals.undated_articles, 0);
    let empty = day("2030-01-01", "2030-12-31");
    assert_eq!(
        (
            empty.totals.articles,
            empty.actors.len(),
            empty.quotes.len()
        ),
        (0, 0, 0)
    );
    // An empty summary still renders in every format.
    for format in FORMATS {
        assert!(!render(&empty, format).is_empty());
    }

    let transport = store.find_topic("transport").unwrap().unwrap();
    let t = summary(
        &store,
        &Scope {
            focus: Focus::Topic(transport),
            ..Scope::default()
        },
    );
    assert_eq!(t.title, "Dossier summary: topic Transport");
    assert_eq!(
        t.articles
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>(),
        ["Lakeside council votes for a canal levy", "Harbour notes"]
    );
}

#[test]
fn json_round_trips_from_the_store() {
    let store = canal_store();
    let s = summary(&store, &Scope::default());
    let json = render(&s, "json");
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema_version"], 2);
    // Offsets stay in JSON.
    assert!(value["quotes"][0]["citation"]["span"]["start"].is_u64());
    assert!(value["quotes"][0]["citation"]["paragraph"].is_u64());
}

#[test]
fn several_actors_and_chosen_articles_are_scopes() {
    let store = canal_store();
    let varga = actor_id(&store, "Ilse Varga");
    let canal = actor_id(&store, "Greywater Canal");
    let s = summary(
        &store,
        &Scope {
            focus: Focus::Actors(vec![varga, canal]),
            ..Scope::default()
        },
    );
    assert_eq!(s.scope.kind, export::ScopeKind::Actors);
    assert_eq!(s.title, "Dossier summary: Ilse Varga, Greywater Canal");
    let mut ids: Vec<i64> = s.actors.iter().map(|a| a.id).collect();
    ids.sort();
    let mut want = vec![varga, canal];
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(
        s.articles.len(),
        4,
        "the canal is named in the undated notes too"
    );

    let all = summary(&store, &Scope::default());
    let chosen = vec![all.articles[2].id, all.articles[0].id];
    let s = summary(
        &store,
        &Scope {
            focus: Focus::Articles(chosen.clone()),
            ..Scope::default()
        },
    );
    assert_eq!(s.scope.kind, export::ScopeKind::Articles);
    assert_eq!(s.scope.ids, chosen);
    assert_eq!(
        s.articles.iter().map(|a| a.id).collect::<Vec<_>>(),
        [all.articles[0].id, all.articles[2].id],
        "in date order, renumbered"
    );
    assert_eq!(
        s.articles.iter().map(|a| a.reference).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(s.quotes.iter().all(|q| q.citation.reference <= 2));
    let md = render(&s, "md");
    assert!(md.contains("2 chosen articles"), "{md}");
}

#[test]
fn citations_are_in_words_outside_json_and_csv() {
    let store = canal_store();
    let s = summary(&store, &Scope::default());
    let md = render(&s, "md");
    let html = render(&s, "html");
    let docx = render(&s, "docx.xml");
    for (name, text) in [("md", &md), ("html", &html), ("docx", &docx)] {
        assert!(
            text.contains("‘Council and guild agree on a reduced canal levy’, Meridian Wire, 20 Feb 2025, para. 2"),
            "{name}: {text}"
        );
        // Byte offsets like [3: 120–245] are for JSON and CSV only.
        assert!(!text.contains("–"), "{name} shows a byte range");
    }
    // Footnotes in DOCX.
    assert!(docx.contains("<w:footnoteReference w:id=\"1\"/>"), "{docx}");
    // The described speaker's quote is kept, grouped under the description.
    assert!(md.contains("### Other voices"));
    assert!(md.contains("harbour officials:"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// Hostile article text.

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const MD_TITLE: &str = "<script>alert(1)</script> | * _ # [x](y)";
const HYPERLINK: &str = "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"";
const CMD: &str = "=cmd|' /C calc'!A0";
const GROUP: &str = "-2+3 @SUM(A1)";
const BROKEN: &str = "<b>Old Lock</b> & left </ul></div> `code` ~~gone~~ $x$ ^up^";

fn hostile_summary() -> Summary {
    let mut store = Store::open_in_memory().unwrap();
    let text = fixture("hostile.txt");
    let mut h = Hand::new(&text);
    let person = h.actor(IMG, ActorKind::Person, &[IMG]);
    let group = h.actor(GROUP, ActorKind::Org, &[GROUP]);
    h.a.actors[person]
        .aliases
        .push("=HYPERLINK(\"http://evil.example\",\"click\")".into());
    h.role(person, BROKEN, Some(SCRIPT), BROKEN);
    h.affiliation(person, MD_TITLE, BROKEN);
    h.affiliation(group, "@SUM(A1)", GROUP);
    h.quote(
        &[HYPERLINK],
        true,
        CMD,
        Speaker::Actor(person),
        &text[text.find("\"=HYPER").unwrap()..text.find(">.").unwrap() + 2],
    );
    h.quote(
        &[BROKEN],
        false,
        "met",
        Speaker::Actor(group),
        &text[text.find("The group").unwrap()..text.len() - 1],
    );
    h.a.topics.push(FoundTopic {
        key: "xss".into(),
        label: SCRIPT.into(),
        score: 1.0,
        evidence: vec![],
    });
    let text_owned = text.clone();
    let article = Article {
        title: Some(MD_TITLE.into()),
        date: Some("2025-03-01".into()),
        source: Some("| * _ # [x](y)".into()),
        author: Some(IMG.into()),
        url: Some("javascript:alert(1)".into()),
        text: text_owned,
        body_start: 0,
        ..Article::default()
    };
    let src = SourceFile {
        file_name: format!("{IMG}.txt"),
        file_path: None,
        format: Format::Text,
        encoding: "UTF-8".into(),
    };
    store
        .import_article(&src, &article, &h.a, &content_hash(&text), 1)
        .unwrap();
    summary(&store, &Scope::default())
}

#[test]
fn hostile_text_is_inert_in_html() {
    let s = hostile_summary();
    let page = render(&s, "html");
    let doc = scraper::Html::parse_document(&page);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(
        doc.select(&sel("script, img, iframe, object, embed, form, b"))
            .count(),
        0,
        "{page}"
    );
    for a in doc.select(&sel("a")) {
        let href = a.value().attr("href").unwrap_or("");
        assert!(href.starts_with("#") || href.starts_with("http"), "{href}");
    }
    // No element carries an event handler attribute.
    for el in doc.select(&sel("*")) {
        assert!(
            el.value().attrs().all(|(name, _)| !name.starts_with("on")),
            "{:?}",
            el.value()
        );
    }
    // The structure survives: sections and the CSP are there, and the text shows verbatim.
    assert_eq!(doc.select(&sel("section")).count(), 3);
    assert_eq!(
        doc.select(&sel("meta[http-equiv=Content-Security-Policy]"))
            .count(),
        1
    );
    let shown: String = doc.root_element().text().collect();
    for needle in [SCRIPT, IMG, MD_TITLE, BROKEN, CMD] {
        assert!(shown.contains(needle), "{needle} not shown as text");
    }
    assert!(
        shown.contains("javascript:alert(1)"),
        "the bad URL is shown, not linked"
    );
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let s = hostile_summary();
    let md = render(&s, "md");
    let mut text = String::new();
    let mut headings = 0;
    // Every extension a renderer might enable, except typographic quotes (which would change
    // the text compared below).
    let options = Options::all() - Options::ENABLE_SMART_PUNCTUATION;
    for event in Parser::new_ext(&md, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
            Event::Code(c) => panic!("code span {c:?} in\n{md}"),
            Event::InlineMath(m) | Event::DisplayMath(m) => panic!("math {m:?} in\n{md}"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => panic!("a link in\n{md}"),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            ) => {
                panic!("emphasis in\n{md}")
            }
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    // Title, "In brief" with its four parts, "Leading actors" with the two actors, "Sources":
    // nothing from the data opened a heading.
    assert_eq!(headings, 1 + 1 + 4 + 1 + 2 + 1, "{md}");
    for needle in [SCRIPT, IMG, MD_TITLE, BROKEN, CMD, GROUP] {
        assert!(
            text.contains(needle),
            "{needle} not shown literally in\n{md}"
        );
    }
}

/// Splits RFC 4180 CSV (CRLF records) into rows of fields.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => {
                assert!(c != '\n' && c != '\r', "bare line break in a field");
                field.push(c);
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated record"
    );
    rows
}

#[test]
fn hostile_text_cannot_run_as_a_spreadsheet_formula() {
    let s = hostile_summary();
    for table in ["actors.csv", "quotes.csv", "articles.csv"] {
        let csv = render(&s, table);
        let body = csv.strip_prefix('\u{feff}').expect("UTF-8 BOM");
        let rows = parse_csv(body);
        let width = rows[0].len();
        assert!(rows.len() >= 2);
        for row in &rows {
            assert_eq!(row.len(), width, "{row:?}");
            for cell in row {
                let first = cell.trim_start().chars().next();
                let numeric = cell.parse::<f64>().is_ok();
                assert!(
                    numeric || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{cell:?} could run as a formula"
                );
            }
        }
        let cells: Vec<&String> = rows.iter().flatten().collect();
        if table == "actors.csv" {
            assert!(cells.contains(&&format!("'{GROUP}")));
            assert!(
                cells
                    .iter()
                    .any(|c| c.starts_with("'=HYPERLINK(\"http://evil.example\""))
            );
        } else if table == "quotes.csv" {
            assert!(cells.contains(&&format!("'{CMD}")));
            assert!(
                cells.contains(&&HYPERLINK.to_string()),
                "a quote starting with a quotation mark is kept"
            );
        }
    }
}

#[test]
fn hostile_text_is_inert_in_docx() {
    let s = hostile_summary();
    let mut bytes = Vec::new();
    export::docx(&s, &Options::default(), &mut bytes).unwrap();
    // Every part parses as XML: no article text changed the document's structure.
    let parts = docx_parts(&bytes);
    let document = &parts.iter().find(|p| p.0 == "word/document.xml").unwrap().1;
    let footnotes = &parts
        .iter()
        .find(|p| p.0 == "word/footnotes.xml")
        .unwrap()
        .1;
    let rels = &parts
        .iter()
        .find(|p| p.0 == "word/_rels/document.xml.rels")
        .unwrap()
        .1;
    // The text reads back verbatim from the runs.
    let mut shown = String::new();
    for xml in [document, footnotes] {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Text(t) => shown.push_str(&t.decode().unwrap()),
                quick_xml::events::Event::GeneralRef(r) => {
                    shown.push_str(match r.decode().unwrap().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("entity {other}"),
                    })
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
    }
    for needle in [SCRIPT, IMG, MD_TITLE, BROKEN, CMD] {
        assert!(shown.contains(needle), "{needle} not shown as text");
    }
    assert!(shown.contains("javascript:alert(1)"), "shown, not linked");
    assert!(!rels.contains("javascript"), "{rels}");
    assert!(
        !rels.contains("TargetMode=\"External\""),
        "no web address to link"
    );
}

#[test]
fn hostile_text_survives_json_exactly() {
    let s = hostile_summary();
    let json = render(&s, "json");
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.articles[0].title, MD_TITLE);
    assert_eq!(
        back.quotes.iter().find(|q| q.direct).unwrap().text,
        HYPERLINK
    );
}

#[test]
fn curation_shows_in_the_summary() {
    use dossier::store::{Correction, QuoteFilter};
    let mut store = canal_store();
    let varga = actor_id(&store, "Ilse Varga");
    let oduya = actor_id(&store, "Ruben Oduya");
    let canal = actor_id(&store, "Greywater Canal");
    let council = actor_id(&store, "Lakeside council");
    let guild = actor_id(&store, "Barge Owners Guild");
    let before = summary(&store, &Scope::default());

    // A false positive, a rejected quote, a removed role, a removed topic and a merge.
    store.correct(Correction::Hide { actor: canal }).unwrap();
    let first_by_varga = store
        .quotes(&QuoteFilter {
            speaker: Some(varga),
            ..QuoteFilter::default()
        })
        .unwrap()[0]
        .id;
    store
        .correct(Correction::NotAQuote {
            quote: first_by_varga,
        })
        .unwrap();
    let role = store.actor_profile(varga).unwrap().unwrap().roles[0].id;
    store
        .correct(Correction::EditRole { role, title: None })
        .unwrap();
    let protest = before.articles[1].id;
    store
        .correct(Correction::RemoveTopic {
            article: protest,
            topic: "protest".into(),
        })
        .unwrap();
    store
        .correct(Correction::Merge {
            into: guild,
            from: vec![council],
        })
        .unwrap();

    let s = summary(&store, &Scope::default());
    let names: Vec<&str> = s.actors.iter().map(|a| a.name.as_str()).collect();
    assert!(!names.contains(&"Greywater Canal"), "{names:?}");
    assert!(!names.contains(&"Lakeside council"), "{names:?}");
    let g = s.actors.iter().find(|a| a.id == guild).unwrap();
    assert_eq!(g.mentions, 4 + 3, "the council's mentions follow the merge");
    assert!(s.quotes.iter().all(|q| q.id != first_by_varga));
    assert_eq!(s.quotes.len(), before.quotes.len() - 1);
    let v = s.actors.iter().find(|a| a.id == varga).unwrap();
    assert!(v.roles.is_empty(), "{:?}", v.roles);
    assert_eq!(v.quotes_by.len(), 2);
    assert!(s.topics.iter().all(|t| t.key != "protest"));
    // The hidden canal is no longer named inside the harbour officials' quote.
    let harbour = s.quotes.iter().find(|q| q.speaker_id.is_none()).unwrap();
    assert!(harbour.mentions.is_empty(), "{:?}", harbour.mentions);
    assert!(s.actors.iter().any(|a| a.id == oduya));
}
