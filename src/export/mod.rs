//! PURE: a dossier summary out to Markdown, HTML, DOCX, JSON and CSV, written into any `impl Write`.
//!
//! The store gathers a [`Summary`] (`Store::summary`), plain serde data with no database handle,
//! so every exporter here is a pure function of it and is tested without SQLite. File handling
//! (atomic writes) lives in `crate::export_file`.
//!
//! # What a summary holds
//! - the scope: whole dossier, one or several actors, one topic or a list of articles,
//!   optionally limited to article dates `from..=to` (ISO dates; undated articles are left out
//!   whenever a date limit is given);
//! - the source articles, numbered `1..` in date order: the number is the reference `[n]` every
//!   citation uses; a citation also names the paragraph of the article it points into;
//! - actors ranked by **salience** (see [`rank`]): mentions, quotes given and received, the
//!   articles that name them and how recently they were named; with aliases, dated roles and
//!   affiliations, the quotes they said and the quotes by others that name them;
//! - every quote with its speaker, date, a [`Citation`] of its sentence and a score; the key
//!   quotes of the period; quotes whose speaker is a description grouped by that description;
//! - topics with their articles, and a month-by-month timeline.
//!
//! The human formats (Markdown, HTML, DOCX) are a short briefing built from it by
//! [`brief::Brief`]: the few actors that matter most, key quotes, topics, timeline, then a
//! section per leading actor (`Options::top`) and the sources, every quote cited in words.
//! JSON and CSV are complete and keep byte offsets. The JSON form is versioned by
//! [`SCHEMA_VERSION`] and documented in `docs/export-schema.md`.

pub(crate) mod brief;
mod csv;
mod docx;
mod html;
mod markdown;
pub(crate) mod rank;
mod zip_out;

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::model::{ActorKind, Span};
use crate::store::{ActorId, ArticleId, QuoteId, TopicId};

pub use csv::{csv_actors, csv_articles, csv_quotes, csv_zip};
pub use docx::docx;
pub use html::html;
pub use markdown::markdown;
pub use rank::rank;

/// Version of the JSON export schema. Bump it whenever a field changes meaning or disappears;
/// adding a field keeps the version (readers must ignore fields they do not know).
pub const SCHEMA_VERSION: u32 = 2;

/// Up to this many articles in scope, the human formats list every one as a source; beyond,
/// only the sources they cite (the JSON and CSV exports list all).
pub const SOURCES_LISTED: usize = 1_000;

/// How many leading actors get a section of their own in the human formats by default.
pub const DEFAULT_TOP: usize = 6;

/// What an export covers: its focus and an optional inclusive range of article dates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub focus: Focus,
    /// First article date included (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last article date included (`YYYY-MM-DD`).
    pub to: Option<String>,
}

/// The focus of a summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Focus {
    /// Every article of the dossier.
    #[default]
    Dossier,
    /// The articles that mention this actor (or quote them).
    Actor(ActorId),
    /// The articles that mention (or quote) any of these actors.
    Actors(Vec<ActorId>),
    /// The articles under this topic.
    Topic(TopicId),
    /// These articles (for instance the ones selected in the app).
    Articles(Vec<ArticleId>),
}

/// Paper size for printing (HTML `@page`, DOCX page setup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// HTML leaves the size to the printer (A4 or Letter, whichever is loaded); DOCX uses A4.
    #[default]
    Auto,
    A4,
    Letter,
}

/// How the human formats (Markdown, HTML, DOCX) are cut; JSON and CSV are always complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Actors that get a section of their own (the briefing names the first few of them).
    pub top: usize,
    pub paper: Paper,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top: DEFAULT_TOP,
            paper: Paper::Auto,
        }
    }
}

/// Kind of scope, as written into the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeKind {
    Dossier,
    Actor,
    Actors,
    Topic,
    Articles,
}

/// The scope as the export records it, with the name of the actor or topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryScope {
    pub kind: ScopeKind,
    /// Database id of the actor or topic (absent for the whole dossier and for lists).
    pub id: Option<i64>,
    /// The actor ids (`actors`) or article ids (`articles`) asked for.
    #[serde(default)]
    pub ids: Vec<i64>,
    /// Name of the actor (names of the actors, joined by ", ") or label of the topic.
    pub name: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Everything an export shows, gathered by `Store::summary` (complete: what JSON and CSV
/// write), or only what the human formats show, gathered by `Store::briefing`: then `actors`
/// holds the leading actors, `quotes` the quotes the briefing shows and `articles` the sources
/// it cites (every article up to [`SOURCES_LISTED`]), while `totals` still counts everything.
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
    /// Actors by salience, most salient first.
    pub actors: Vec<SummaryActor>,
    /// Quotes in article date order.
    pub quotes: Vec<SummaryQuote>,
    /// The key quotes of the period, best first (ids into `quotes`).
    pub key_quotes: Vec<QuoteId>,
    /// Quotes whose speaker is a description rather than a known actor, grouped by it.
    pub described_speakers: Vec<SpeakerGroup>,
    /// Topics with the most articles first.
    pub topics: Vec<SummaryTopic>,
    /// One entry per month that has dated articles, oldest first.
    pub timeline: Vec<MonthCount>,
}

/// Counts over the scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub articles: u64,
    /// Articles without a date (only possible when no date range is given).
    pub undated_articles: u64,
    /// Different outlets (`source`) among the articles.
    pub outlets: u64,
    /// Date of the first and of the last dated article.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub actors: u64,
    /// Mentions of the listed actors.
    pub mentions: u64,
    pub quotes: u64,
    pub topics: u64,
    /// Groups of quotes whose speaker is a description (`Summary::described_speakers` holds
    /// them all in a complete summary, the first few in a briefing).
    #[serde(default)]
    pub described_speakers: u64,
}

/// A source article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceArticle {
    /// The number citations use: `[reference]`.
    pub reference: u32,
    pub id: ArticleId,
    /// The headline; when the article has none, the start of its first paragraph.
    pub title: String,
    /// True when `title` was taken from the text because the article has no headline.
    #[serde(default)]
    pub title_from_text: bool,
    pub date: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub file_name: String,
}

/// Where a fact comes from: the source article, its paragraph and a byte span of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Number of the article in [`Summary::articles`].
    pub reference: u32,
    pub article_id: ArticleId,
    /// Paragraph of the article body the span starts in, from 1; 0 for the headline lines
    /// before the body.
    pub paragraph: u32,
    /// Byte offsets into the article text: the quote's sentence, or where a role or affiliation
    /// is stated.
    pub span: Span,
}

/// An actor with everything the scope says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryActor {
    pub id: ActorId,
    /// 1 for the most salient actor.
    pub rank: u32,
    pub name: String,
    pub kind: ActorKind,
    /// The ranking score (see [`rank`]), three decimals.
    pub salience: f64,
    /// `mentions * articles` (the ranking of schema version 1).
    pub prominence: u64,
    pub mentions: u64,
    pub articles: u64,
    /// Date of the first and last article that mentions the actor.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Other names the actor is found under, most used first, each once.
    pub aliases: Vec<String>,
    pub roles: Vec<SummaryRole>,
    pub affiliations: Vec<SummaryAffiliation>,
    /// Ids of quotes (in [`Summary::quotes`]) said by the actor.
    pub quotes_by: Vec<QuoteId>,
    /// Ids of quotes by others whose text names the actor.
    pub quotes_about: Vec<QuoteId>,
    /// The actor's best quote (highest score among `quotes_by`).
    pub representative_quote: Option<QuoteId>,
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
    /// How well the quote sums up the period (see [`rank`]), three decimals.
    pub score: f64,
}

/// Quotes by speakers known only by a description ("harbour officials").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerGroup {
    /// The description as first written.
    pub description: String,
    /// Ids into [`Summary::quotes`], best first.
    pub quotes: Vec<QuoteId>,
}

/// A topic with its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryTopic {
    pub id: TopicId,
    pub key: String,
    pub label: String,
    /// How many articles in scope are under the topic.
    #[serde(default)]
    pub article_count: u64,
    /// Articles under the topic, in reference order (empty in a briefing, which shows only
    /// the count).
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

    /// The quote with this id (a linear search, for one look-up).
    pub fn quote(&self, id: QuoteId) -> Option<&SummaryQuote> {
        self.quotes.iter().find(|q| q.id == id)
    }

    /// One line describing the scope, for people.
    pub fn scope_line(&self) -> String {
        let what = match (self.scope.kind, &self.scope.name) {
            (ScopeKind::Dossier, _) => "the whole dossier".to_string(),
            (ScopeKind::Actor, Some(n)) => format!("actor “{n}”"),
            (ScopeKind::Actors, Some(n)) => format!("actors {n}"),
            (ScopeKind::Actor | ScopeKind::Actors, None) => {
                "an actor that is not in the dossier".to_string()
            }
            (ScopeKind::Topic, Some(n)) => format!("topic “{n}”"),
            (ScopeKind::Topic, None) => "a topic that is not in the dossier".to_string(),
            (ScopeKind::Articles, _) => counted(self.scope.ids.len() as u64, "chosen article"),
        };
        let dates = match (&self.scope.from, &self.scope.to) {
            (None, None) => "all dates".to_string(),
            (Some(f), Some(t)) => format!("articles dated {} to {}", date_words(f), date_words(t)),
            (Some(f), None) => format!("articles dated {} or later", date_words(f)),
            (None, Some(t)) => format!("articles dated {} or earlier", date_words(t)),
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

    /// The period and sources in one sentence: "14 Jan 2025 to 20 Feb 2025: 4 articles from 3
    /// outlets."
    pub fn period_line(&self) -> String {
        let t = &self.totals;
        let mut line = match (&t.first_date, &t.last_date) {
            (Some(f), Some(l)) if f == l => format!("{}: ", date_words(f)),
            (Some(f), Some(l)) => format!("{} to {}: ", date_words(f), date_words(l)),
            _ => String::new(),
        };
        line.push_str(&counted(t.articles, "article"));
        if t.outlets > 0 {
            line.push_str(&format!(" from {}", counted(t.outlets, "outlet")));
        }
        if t.undated_articles > 0 {
            line.push_str(&format!(" ({} undated)", t.undated_articles));
        }
        line.push('.');
        line
    }
}

/// The articles the human formats (Markdown, HTML, DOCX) cite when they render `summary`
/// with `opts`: a briefing of a large scope lists just these as its sources.
pub fn cited_articles(summary: &Summary, opts: &Options) -> std::collections::BTreeSet<ArticleId> {
    brief::Brief::new(summary, opts).cited()
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

/// Text of a citation for people: `[3: 120–245]`, source 3 at bytes 120 to 245 of its text.
fn citation_label(c: &Citation) -> String {
    format!("[{}: {}–{}]", c.reference, c.span.start, c.span.end)
}

/// `first to last` as ISO dates, one date when both are the same, empty when neither is known.
fn date_range(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => f.clone(),
        (Some(f), Some(l)) => format!("{f} to {l}"),
        (Some(d), None) | (None, Some(d)) => d.clone(),
        (None, None) => String::new(),
    }
}

/// [`date_range`] in words: `6 Dec 1996 to 8 Jan 1997`.
fn date_range_words(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => date_words(f),
        (Some(f), Some(l)) => format!("{} to {}", date_words(f), date_words(l)),
        (Some(d), None) | (None, Some(d)) => date_words(d),
        (None, None) => String::new(),
    }
}

/// An ISO date for people: `2025-01-14` -> `14 Jan 2025`, `2025-01` -> `Jan 2025`. Anything
/// else is returned as it is.
pub fn date_words(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let num = |r: std::ops::Range<usize>| {
        iso.get(r)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<usize>().ok())
    };
    let b = iso.as_bytes();
    let month = (b.get(4) == Some(&b'-'))
        .then(|| num(5..7))
        .flatten()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (num(0..4), month, iso.len()) {
        (Some(y), Some(m), 7) => format!("{m} {y}"),
        (Some(y), Some(m), 10) if b.get(7) == Some(&b'-') => match num(8..10) {
            Some(d) if (1..=31).contains(&d) => format!("{d} {m} {y}"),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// Where the paragraphs of an article's body start (byte offsets, ascending). The body starts
/// at `body_start`; paragraphs are separated by blank lines, or by line breaks when the body
/// has no blank line at all (text saved with one line per paragraph).
pub fn paragraph_starts(text: &str, body_start: usize) -> Vec<usize> {
    let body_start = body_start.min(text.len());
    let body = text.get(body_start..).unwrap_or("");
    let blank_lines = body.contains("\n\n") || body.contains("\n \n");
    let mut starts = Vec::new();
    let mut at_break = true;
    let mut offset = body_start;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            at_break = true;
        } else {
            if at_break || !blank_lines {
                starts.push(offset);
            }
            at_break = false;
        }
        offset += line.len();
    }
    starts
}

/// The paragraph (from 1) of `offset` given [`paragraph_starts`]; 0 before the first paragraph.
pub fn paragraph_of(starts: &[usize], offset: usize) -> u32 {
    u32::try_from(starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
}

/// A citation in words: `[3] ‘Canal deal agreed’, Lakeside Courier, 14 Jan 2025, para. 4`.
fn citation_words(s: &Summary, c: &Citation) -> String {
    let mut out = format!("[{}]", c.reference);
    if let Some(a) = s.article(c.reference) {
        out.push_str(&format!(" ‘{}’", one_line(&a.title)));
        if let Some(src) = a.source.as_deref().map(one_line).filter(|x| !x.is_empty()) {
            out.push_str(", ");
            out.push_str(&src);
        }
        if let Some(d) = &a.date {
            out.push_str(", ");
            out.push_str(&date_words(d));
        }
    }
    out.push_str(&paragraph_words(c));
    out
}

/// `, para. 4`, or `, headline` for a citation before the body; empty for reference 0.
fn paragraph_words(c: &Citation) -> String {
    match c.paragraph {
        0 => ", headline".to_string(),
        p => format!(", para. {p}"),
    }
}

/// A short citation once the reference list names the article: `[3, para. 4]`.
fn citation_short(c: &Citation) -> String {
    match c.paragraph {
        0 => format!("[{}, headline]", c.reference),
        p => format!("[{}, para. {p}]", c.reference),
    }
}

/// A source in words for the reference list: `‘Title’, Outlet, by Author, 14 Jan 2025`.
fn source_words(a: &SourceArticle) -> String {
    let mut out = format!("‘{}’", one_line(&a.title));
    if let Some(src) = a.source.as_deref().map(one_line).filter(|x| !x.is_empty()) {
        out.push_str(", ");
        out.push_str(&src);
    }
    if let Some(by) = a.author.as_deref().map(one_line).filter(|x| !x.is_empty()) {
        out.push_str(", by ");
        out.push_str(&by);
    }
    out.push_str(", ");
    out.push_str(
        &a.date
            .as_deref()
            .map_or_else(|| "undated".to_string(), date_words),
    );
    out
}

/// Only plain web addresses become links (never `javascript:` or `data:`).
fn web_url(u: &str) -> Option<String> {
    let u = one_line(u);
    let lower = u.to_ascii_lowercase();
    ((lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.contains(char::is_whitespace))
    .then_some(u)
}

/// Untrusted text made single-line: line breaks and other control characters become spaces,
/// runs of spaces collapse, leading and trailing spaces go. Exporters escape on top.
pub(crate) fn one_line(s: &str) -> String {
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
            paragraph: 1,
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
                ids: Vec::new(),
                name: Some(hostile.into()),
                from: Some("2024-01-01".into()),
                to: None,
            },
            totals: Totals {
                articles: 2,
                undated_articles: 1,
                outlets: 1,
                first_date: Some("2024-02-03".into()),
                last_date: Some("2024-02-03".into()),
                actors: 1,
                mentions: 3,
                quotes: 1,
                topics: 1,
                described_speakers: 0,
            },
            articles: vec![
                SourceArticle {
                    reference: 1,
                    id: 10,
                    title: hostile.into(),
                    title_from_text: false,
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
                    title_from_text: true,
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
                salience: 12.0,
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
                representative_quote: Some(5),
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
                score: 0.5,
            }],
            key_quotes: vec![5],
            described_speakers: Vec::new(),
            topics: vec![SummaryTopic {
                id: 3,
                key: hostile.into(),
                label: hostile.into(),
                article_count: 1,
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
        assert!(text.trim_start().starts_with("{\n  \"schema_version\": 2,"));
        let back: Summary = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn dates_and_paragraphs_in_words() {
        assert_eq!(date_words("1996-12-06"), "6 Dec 1996");
        assert_eq!(date_words("2025-01"), "Jan 2025");
        assert_eq!(date_words("2025-13-01"), "2025-13-01");
        assert_eq!(date_words("someday"), "someday");
        assert_eq!(date_words("2025-01-4x"), "2025-01-4x");
        let text = " date 2025-01-01 Headline\n\nFirst para\nstill first.\n\n\nSecond.\n  \nThird.";
        let starts = paragraph_starts(text, text.find("First").unwrap());
        assert_eq!(starts.len(), 3);
        assert_eq!(paragraph_of(&starts, 0), 0, "the headline");
        assert_eq!(paragraph_of(&starts, text.find("still").unwrap()), 1);
        assert_eq!(paragraph_of(&starts, text.find("Second").unwrap()), 2);
        assert_eq!(paragraph_of(&starts, text.find("Third").unwrap()), 3);
        // One line per paragraph when the body has no blank line.
        let lines = "Title\nOne.\nTwo.\nThree.";
        let starts = paragraph_starts(lines, 6);
        assert_eq!(paragraph_of(&starts, lines.find("Three").unwrap()), 3);
        assert!(paragraph_starts("", 10).is_empty());
        assert!(paragraph_starts("abc", 99).is_empty());
    }

    #[test]
    fn citations_read_as_words() {
        let s = testdata::summary("Canal deal");
        let c = s.quotes[0].citation;
        assert_eq!(
            citation_words(&s, &c),
            "[1] ‘Canal deal’, Canal deal, 3 Feb 2024, para. 1"
        );
        assert_eq!(citation_short(&c), "[1, para. 1]");
        assert_eq!(
            web_url(" https://a.example/x "),
            Some("https://a.example/x".into())
        );
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("http://a b"), None);
    }

    #[test]
    fn references_find_their_article() {
        let s = testdata::summary("x");
        assert_eq!(s.article(2).map(|a| a.id), Some(20));
        assert!(s.article(0).is_none() && s.article(3).is_none());
        assert_eq!(s.quote(5).map(|q| q.direct), Some(true));
    }
}
