//! PURE: a dossier summary out to Markdown, HTML, JSON and CSV, written into any `impl Write`.
//!
//! The store gathers a [`Summary`] (`Store::summary`), plain serde data with no database handle,
//! so every exporter here is a pure function of it and is tested without SQLite. File handling
//! (atomic writes, the two CSV files) lives in `crate::export_file`.
//!
//! # What a summary holds
//! - the scope: whole dossier, one actor or one topic, optionally limited to article dates
//!   `from..=to` (ISO dates; undated articles are left out whenever a date limit is given);
//! - the source articles, numbered `1..` in date order: the number is the reference `[n]` every
//!   citation uses;
//! - actors ranked by **prominence = mentions × articles** within the scope (ties: more
//!   mentions first, then by name), with aliases, dated roles and affiliations, the quotes they
//!   said and the quotes by others that name them;
//! - every quote with its speaker, date and a [`Citation`] of its sentence;
//! - topics with their articles, and a month-by-month timeline.
//!
//! The JSON form is versioned by [`SCHEMA_VERSION`] and documented in `docs/export-schema.md`.

mod csv;
mod html;
mod markdown;

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::{ActorKind, Span};
use crate::store::{ActorId, ArticleId, QuoteId, TopicId};

pub use csv::{csv_actors, csv_quotes};
pub use html::html;
pub use markdown::markdown;

/// Version of the JSON export schema. Bump it whenever a field changes meaning or disappears;
/// adding a field keeps the version (readers must ignore fields they do not know).
pub const SCHEMA_VERSION: u32 = 1;

/// What a summary covers: its focus and an optional inclusive range of article dates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub focus: Focus,
    /// First article date included (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last article date included (`YYYY-MM-DD`).
    pub to: Option<String>,
}

/// The focus of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// Every article of the dossier.
    #[default]
    Dossier,
    /// The articles that mention this actor (or quote them).
    Actor(ActorId),
    /// The articles under this topic.
    Topic(TopicId),
}

/// Kind of scope, as written into the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeKind {
    Dossier,
    Actor,
    Topic,
}

/// The scope as the export records it, with the name of the actor or topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryScope {
    pub kind: ScopeKind,
    /// Database id of the actor or topic (absent for the whole dossier).
    pub id: Option<i64>,
    /// Name of the actor or label of the topic.
    pub name: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Everything an export shows, gathered by `Store::summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Always [`SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    pub title: String,
    /// File name of the dossier (absent for a dossier in memory).
    pub dossier: Option<String>,
    /// When the summary was gathered, UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub generated_at: Option<String>,
    pub scope: SummaryScope,
    pub totals: Totals,
    /// Source articles in date order (undated last); `reference` numbers them from 1.
    pub articles: Vec<SourceArticle>,
    /// Actors by prominence, most prominent first.
    pub actors: Vec<SummaryActor>,
    /// Quotes in article date order.
    pub quotes: Vec<SummaryQuote>,
    /// Topics with the most articles first.
    pub topics: Vec<SummaryTopic>,
    /// One entry per month that has dated articles, oldest first.
    pub timeline: Vec<MonthCount>,
}

/// Counts over the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub articles: u64,
    /// Articles without a date (only possible when no date range is given).
    pub undated_articles: u64,
    pub actors: u64,
    /// Mentions of the listed actors.
    pub mentions: u64,
    pub quotes: u64,
    pub topics: u64,
}

/// A source article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceArticle {
    /// The number citations use: `[reference]`.
    pub reference: u32,
    pub id: ArticleId,
    /// The headline, or the file name when the article has none.
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub file_name: String,
}

/// Where a fact comes from: the source article and a byte span of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Number of the article in [`Summary::articles`].
    pub reference: u32,
    pub article_id: ArticleId,
    /// Byte offsets into the article text: the quote's sentence, or where a role or affiliation
    /// is stated.
    pub span: Span,
}

/// An actor with everything the scope says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryActor {
    pub id: ActorId,
    /// 1 for the most prominent actor.
    pub rank: u32,
    pub name: String,
    pub kind: ActorKind,
    /// `mentions * articles`.
    pub prominence: u64,
    pub mentions: u64,
    pub articles: u64,
    /// Date of the first and last article that mentions the actor.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Other names the actor is found under, most used first.
    pub aliases: Vec<String>,
    pub roles: Vec<SummaryRole>,
    pub affiliations: Vec<SummaryAffiliation>,
    /// Ids of quotes (in [`Summary::quotes`]) said by the actor.
    pub quotes_by: Vec<QuoteId>,
    /// Ids of quotes by others whose text names the actor.
    pub quotes_about: Vec<QuoteId>,
}

/// A role, with the articles that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRole {
    pub title: String,
    /// The organisation or country the role is held in, when stated.
    pub of: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub citations: Vec<Citation>,
}

/// An affiliation, with the articles that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryAffiliation {
    pub name: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub citations: Vec<Citation>,
}

/// An actor named by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub id: ActorId,
    pub name: String,
}

/// A quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryQuote {
    pub id: QuoteId,
    /// The quoted words (direct quotes keep their quotation marks; the pieces of a split quote
    /// are joined with " … ").
    pub text: String,
    pub direct: bool,
    /// The reporting verb ("said", "according to").
    pub cue: Option<String>,
    /// The speaker when it is a known actor.
    pub speaker_id: Option<ActorId>,
    /// The speaker's name, or the description found in the text ("officials").
    pub speaker: Option<String>,
    pub date: Option<String>,
    /// Byte span of the quoted words in the article text.
    pub span: Span,
    /// The article and the sentence the quote stands in.
    pub citation: Citation,
    /// Other actors named inside the quote.
    pub mentions: Vec<ActorRef>,
    pub confidence: f64,
}

/// A topic with its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryTopic {
    pub id: TopicId,
    pub key: String,
    pub label: String,
    /// Articles under the topic, in reference order.
    pub articles: Vec<TopicArticleRef>,
}

/// An article under a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicArticleRef {
    pub reference: u32,
    pub article_id: ArticleId,
    pub score: f64,
}

/// Activity in one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub articles: u64,
    pub mentions: u64,
    pub quotes: u64,
}

impl Summary {
    /// The source article with this reference number.
    pub fn article(&self, reference: u32) -> Option<&SourceArticle> {
        let i = usize::try_from(reference).ok()?.checked_sub(1)?;
        self.articles
            .get(i)
            .filter(|a| a.reference == reference)
            .or_else(|| self.articles.iter().find(|a| a.reference == reference))
    }

    /// The quote with this id (a linear search: for one look-up; exporters use [`Index`]).
    pub fn quote(&self, id: QuoteId) -> Option<&SummaryQuote> {
        self.quotes.iter().find(|q| q.id == id)
    }

    /// One line describing the scope, for people.
    pub fn scope_line(&self) -> String {
        let what = match (self.scope.kind, &self.scope.name) {
            (ScopeKind::Dossier, _) => "the whole dossier".to_string(),
            (ScopeKind::Actor, Some(n)) => format!("actor “{n}”"),
            (ScopeKind::Actor, None) => "an actor that is not in the dossier".to_string(),
            (ScopeKind::Topic, Some(n)) => format!("topic “{n}”"),
            (ScopeKind::Topic, None) => "a topic that is not in the dossier".to_string(),
        };
        let dates = match (&self.scope.from, &self.scope.to) {
            (None, None) => "all dates".to_string(),
            (Some(f), Some(t)) => format!("articles dated {f} to {t}"),
            (Some(f), None) => format!("articles dated {f} or later"),
            (None, Some(t)) => format!("articles dated {t} or earlier"),
        };
        format!("{what}, {dates}")
    }

    /// One line of totals, for people.
    pub fn totals_line(&self) -> String {
        let t = &self.totals;
        let mut line = [
            counted(t.articles, "article"),
            counted(t.actors, "actor"),
            counted(t.mentions, "mention"),
            counted(t.quotes, "quote"),
            counted(t.topics, "topic"),
        ]
        .join(", ");
        if t.undated_articles > 0 {
            line.push_str(&format!(", {} undated", t.undated_articles));
        }
        line
    }
}

/// Look-ups the renderers need once per quote, built once per export so that large dossiers
/// render in linear time.
struct Index<'a> {
    quotes: std::collections::HashMap<QuoteId, &'a SummaryQuote>,
    actors: std::collections::HashSet<ActorId>,
}

impl<'a> Index<'a> {
    fn new(s: &'a Summary) -> Self {
        Index {
            quotes: s.quotes.iter().map(|q| (q.id, q)).collect(),
            actors: s.actors.iter().map(|a| a.id).collect(),
        }
    }

    /// The quotes with these ids, in the order given, skipping unknown ids.
    fn quotes<'b>(&'b self, ids: &'b [QuoteId]) -> impl Iterator<Item = &'a SummaryQuote> + 'b {
        ids.iter().filter_map(|id| self.quotes.get(id).copied())
    }
}

/// Writes the summary as pretty-printed JSON (UTF-8, `schema_version` first).
pub fn json(summary: &Summary, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, summary).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Checks an ISO calendar date `YYYY-MM-DD` (a real day: no February 30) and returns it.
/// The error is a sentence for people.
pub fn parse_iso_date(s: &str) -> Result<String, String> {
    let s = s.trim();
    let bad = || format!("\"{s}\" is not a date like 2024-03-31 (year-month-day)");
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .and_then(|_| s.get(r))
            .and_then(|d| d.parse::<u32>().ok())
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(bad());
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok(s.to_string())
}

/// `1 article`, `2 articles`.
fn counted(n: impl Into<u64>, word: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `Prominence 12: 4 mentions in 3 articles`.
fn prominence_line(a: &SummaryActor) -> String {
    format!(
        "Prominence {}: {} in {}",
        a.prominence,
        counted(a.mentions, "mention"),
        counted(a.articles, "article")
    )
}

/// Text of a citation for people: `[3: 120–245]`, source 3 at bytes 120 to 245 of its text.
fn citation_label(c: &Citation) -> String {
    format!("[{}: {}–{}]", c.reference, c.span.start, c.span.end)
}

/// `first – last`, one date when both are the same, empty when neither is known.
fn date_range(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => f.clone(),
        (Some(f), Some(l)) => format!("{f} to {l}"),
        (Some(d), None) | (None, Some(d)) => d.clone(),
        (None, None) => String::new(),
    }
}

/// Untrusted text made single-line: line breaks and other control characters become spaces,
/// runs of spaces collapse, leading and trailing spaces go. Exporters escape on top.
fn one_line(s: &str) -> String {
    single_line(s).into_owned()
}

/// [`one_line`], borrowing the text when it is already single-line (the usual case).
fn single_line(s: &str) -> std::borrow::Cow<'_, str> {
    if is_single_line(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c == ' ' || c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True when [`one_line`] would not change `s`: no control characters (C0, DEL, C1), no line or
/// paragraph separators, no leading, trailing or double spaces. Works on bytes: the characters
/// it looks for are recognisable in UTF-8 without decoding.
fn is_single_line(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        let dirty = match c {
            0..=0x1f | 0x7f => true,
            b' ' => next == Some(b' '),
            // U+0080..U+009F
            0xc2 => matches!(next, Some(0x80..=0x9f)),
            // U+2028, U+2029
            0xe2 => next == Some(0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
            _ => false,
        };
        if dirty {
            return false;
        }
    }
    true
}

/// How many citations the human-readable formats list per role or affiliation before
/// summing up the rest ("and 12 more"); JSON and CSV always list them all.
const CITATIONS_SHOWN: usize = 8;

#[cfg(test)]
pub(crate) mod testdata {
    //! A small hand-made summary shared by the exporters' unit tests.
    use super::*;

    /// A summary with one hostile field in every kind of place.
    pub fn summary(hostile: &str) -> Summary {
        let cite = |reference, start, end| Citation {
            reference,
            article_id: i64::from(reference) * 10,
            span: Span::new(start, end),
        };
        Summary {
            schema_version: SCHEMA_VERSION,
            title: format!("Dossier summary: {hostile}"),
            dossier: Some("test.dossier".into()),
            generated_at: Some("2026-01-02T03:04:05Z".into()),
            scope: SummaryScope {
                kind: ScopeKind::Actor,
                id: Some(1),
                name: Some(hostile.into()),
                from: Some("2024-01-01".into()),
                to: None,
            },
            totals: Totals {
                articles: 2,
                undated_articles: 1,
                actors: 1,
                mentions: 3,
                quotes: 1,
                topics: 1,
            },
            articles: vec![
                SourceArticle {
                    reference: 1,
                    id: 10,
                    title: hostile.into(),
                    date: Some("2024-02-03".into()),
                    source: Some(hostile.into()),
                    author: None,
                    url: Some("javascript:alert(1)".into()),
                    file_name: hostile.into(),
                },
                SourceArticle {
                    reference: 2,
                    id: 20,
                    title: "Plain".into(),
                    date: None,
                    source: None,
                    author: Some("A. Writer".into()),
                    url: Some("https://example.org/a?b=1&c=\"2\"".into()),
                    file_name: "plain.txt".into(),
                },
            ],
            actors: vec![SummaryActor {
                id: 1,
                rank: 1,
                name: hostile.into(),
                kind: ActorKind::Person,
                prominence: 6,
                mentions: 3,
                articles: 2,
                first_seen: Some("2024-02-03".into()),
                last_seen: Some("2024-02-03".into()),
                aliases: vec![hostile.into()],
                roles: vec![SummaryRole {
                    title: hostile.into(),
                    of: Some(hostile.into()),
                    first_seen: Some("2024-02-03".into()),
                    last_seen: Some("2024-02-03".into()),
                    citations: vec![cite(1, 0, 5)],
                }],
                affiliations: vec![SummaryAffiliation {
                    name: hostile.into(),
                    first_seen: None,
                    last_seen: None,
                    citations: vec![cite(2, 7, 9)],
                }],
                quotes_by: vec![5],
                quotes_about: vec![],
            }],
            quotes: vec![SummaryQuote {
                id: 5,
                text: hostile.into(),
                direct: true,
                cue: Some(hostile.into()),
                speaker_id: Some(1),
                speaker: Some(hostile.into()),
                date: Some("2024-02-03".into()),
                span: Span::new(3, 9),
                citation: cite(1, 0, 12),
                mentions: vec![ActorRef {
                    id: 2,
                    name: hostile.into(),
                }],
                confidence: 0.75,
            }],
            topics: vec![SummaryTopic {
                id: 3,
                key: hostile.into(),
                label: hostile.into(),
                articles: vec![TopicArticleRef {
                    reference: 1,
                    article_id: 10,
                    score: 0.5,
                }],
            }],
            timeline: vec![MonthCount {
                month: "2024-02".into(),
                articles: 1,
                mentions: 3,
                quotes: 1,
            }],
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_checked_as_calendar_days() {
        assert_eq!(parse_iso_date(" 2024-02-29 ").as_deref(), Ok("2024-02-29"));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-00",
            "२०२४-01-01",
            "",
        ] {
            assert!(parse_iso_date(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_iso_date("1900-02-29").is_err());
        assert!(parse_iso_date("2000-02-29").is_ok());
    }

    #[test]
    fn one_line_removes_breaks_and_controls() {
        assert_eq!(one_line("  a\r\n\tb\u{2028} c \u{7} "), "a b c");
        assert_eq!(one_line(""), "");
        assert_eq!(one_line("plain words"), "plain words");
        assert_eq!(one_line(" é  \u{85}ü "), "é ü");
        for clean in ["a b", "é – ü", "“quoted”", ""] {
            assert!(is_single_line(clean), "{clean}");
        }
        for dirty in [
            " a",
            "a ",
            "a  b",
            "a\nb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{7f}",
        ] {
            assert!(!is_single_line(dirty), "{dirty:?}");
            assert_ne!(one_line(dirty), dirty);
        }
    }

    #[test]
    fn json_round_trips_into_an_equal_summary() {
        let s = testdata::summary("<b>\"x\"</b>\n=1+1");
        let mut out = Vec::new();
        json(&s, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.trim_start().starts_with("{\n  \"schema_version\": 1,"));
        let back: Summary = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn references_find_their_article() {
        let s = testdata::summary("x");
        assert_eq!(s.article(2).map(|a| a.id), Some(20));
        assert!(s.article(0).is_none() && s.article(3).is_none());
        assert_eq!(s.quote(5).map(|q| q.direct), Some(true));
    }
}
