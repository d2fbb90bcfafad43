//! Plain data shared by every layer: what an imported article is, what extraction finds in it,
//! and the rows the store hands back to the app, the command line and the exporters.
//!
//! # Spans
//! Every span is a half-open range of **byte** offsets into [`Article::text`], always on `char`
//! boundaries. Byte offsets are what Rust string slicing and egui layout use; the extraction JSON
//! for the scorer converts them to `char` offsets at the edge (see [`char_offsets`]).

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies entirely inside `self`.
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The text this span covers, or `""` when it does not fit `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The file formats the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }
}

/// An article as the importer produced it, before analysis.
///
/// `text` is the analysed text exactly as decoded (line endings normalised to `\n`): for plain text
/// files the whole file including a ` date ...` header line, for HTML the readable article text,
/// for Markdown the body without front matter. Offsets of everything found in the article point
/// into it, so it is stored verbatim and never rewritten.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Where the body starts in `text` (after a date header or a headline line).
    pub body_start: usize,
    /// The language the document declares, as a BCP 47 tag (`en`, `de`, `pt-BR`).
    pub language: Option<String>,
}

/// Kind of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    /// Countries, cities, states, governments as places.
    #[serde(rename = "GPE")]
    Gpe,
    /// Other places: regions, rivers, mountains, ...
    #[serde(rename = "LOC")]
    Loc,
}

impl ActorKind {
    pub const ALL: [ActorKind; 4] = [
        ActorKind::Person,
        ActorKind::Org,
        ActorKind::Gpe,
        ActorKind::Loc,
    ];

    /// The label used by the scorer and in the database (`PERSON`, `ORG`, `GPE`, `LOC`).
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Person => "PERSON",
            ActorKind::Org => "ORG",
            ActorKind::Gpe => "GPE",
            ActorKind::Loc => "LOC",
        }
    }
    /// A word for people.
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Org => "organisation",
            ActorKind::Gpe => "country or city",
            ActorKind::Loc => "place",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" | "PEOPLE" => Some(ActorKind::Person),
            "ORG" | "ORGANISATION" | "ORGANIZATION" => Some(ActorKind::Org),
            "GPE" | "COUNTRY" | "CITY" => Some(ActorKind::Gpe),
            "LOC" | "PLACE" | "LOCATION" => Some(ActorKind::Loc),
            _ => None,
        }
    }
}

/// Everything extraction found in one article. Indices (`actor`) point into `actors`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Span>,
    /// Entities resolved inside this article: one per real-world actor.
    pub actors: Vec<FoundActor>,
    pub mentions: Vec<FoundMention>,
    pub quotes: Vec<FoundQuote>,
    pub topics: Vec<FoundTopic>,
    /// Salient phrases that no topic covers.
    pub keyphrases: Vec<String>,
    /// Things worth telling the user (never errors: extraction cannot fail).
    pub warnings: Vec<String>,
    /// Why each fact was found: the name of the rule behind each mention, quote and role.
    #[serde(default)]
    pub rules: RuleNames,
}

/// The rule behind each extracted fact, parallel to [`Analysis::mentions`],
/// [`Analysis::quotes`] and each actor's [`FoundActor::roles`] (same order, same length when
/// extraction filled them; empty for analyses made before rules were recorded).
/// Rule names are stable identifiers such as `entity.title_before_name`;
/// [`crate::extract::rule_description`] turns one into words for people.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RuleNames {
    pub mentions: Vec<std::borrow::Cow<'static, str>>,
    pub quotes: Vec<std::borrow::Cow<'static, str>>,
    /// `roles[a][r]` is the rule of `actors[a].roles[r]`.
    pub roles: Vec<Vec<std::borrow::Cow<'static, str>>>,
}

impl Analysis {
    /// The rule that found mention `i`, when recorded.
    pub fn mention_rule(&self, i: usize) -> Option<&str> {
        self.rules.mentions.get(i).map(|r| r.as_ref())
    }
    /// The rule that found quote `i`, when recorded.
    pub fn quote_rule(&self, i: usize) -> Option<&str> {
        self.rules.quotes.get(i).map(|r| r.as_ref())
    }
    /// The rule that found role `r` of actor `a`, when recorded.
    pub fn role_rule(&self, a: usize, r: usize) -> Option<&str> {
        self.rules
            .roles
            .get(a)
            .and_then(|x| x.get(r))
            .map(|r| r.as_ref())
    }
}

/// An actor as found in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundActor {
    /// The fullest name used in the article ("Marten Ostrova").
    pub name: String,
    pub kind: ActorKind,
    /// Other names used for it in the article ("Ostrova", "DWU").
    pub aliases: Vec<String>,
    pub roles: Vec<FoundRole>,
    /// Organisations or countries it belongs to or speaks for.
    pub affiliations: Vec<FoundAffiliation>,
    pub confidence: f32,
}

/// One textual mention of an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundMention {
    pub actor: usize,
    pub span: Span,
    pub confidence: f32,
}

/// A role such as "deputy spokesman" (of an organisation when one is named).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundRole {
    pub title: String,
    /// Name of the organisation or country the role is held in, when stated.
    pub of: Option<String>,
    /// Where the role is stated.
    pub span: Span,
}

/// Membership of or allegiance to an organisation or country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundAffiliation {
    /// Canonical name of the organisation or country.
    pub name: String,
    pub span: Span,
}

/// Who said a quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Speaker {
    /// A named actor of this article (index into `Analysis::actors`).
    Actor(usize),
    /// A description where no name exists ("Pakistani officials").
    Description(String),
    Unknown,
}

/// A direct or reported quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundQuote {
    /// The quoted content, without the reporting clause; direct quotes include their quotation marks.
    pub span: Span,
    /// The pieces of a split quote (`"A," he said, "B"`), each without the reporting clause; then
    /// `span` runs from the first piece to the last. Empty for a quote in one piece.
    pub parts: Vec<Span>,
    pub direct: bool,
    /// The reporting verb phrase ("said", "according to").
    pub cue: Option<Span>,
    pub speaker: Speaker,
    /// The mention the speaker was resolved from ("he", "Marta Okoye").
    pub speaker_span: Option<Span>,
    /// The sentence(s) the quote stands in.
    pub sentence: Span,
    pub confidence: f32,
}

/// A topic the article is about, with the phrases that justify it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundTopic {
    /// Stable key from the lexicon ("ceasefire").
    pub key: String,
    pub label: String,
    pub score: f32,
    pub evidence: Vec<String>,
}

/// Converts byte offsets into `text` to `char` offsets, as the evaluation schema counts them.
/// `offsets` need not be sorted; offsets past the end map to the char length.
pub fn char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut chars = text.char_indices().enumerate().peekable();
    let total = text.chars().count();
    for i in order {
        let target = offsets[i];
        while let Some(&(_, (b, _))) = chars.peek() {
            if b < target {
                chars.next();
            } else {
                break;
            }
        }
        out[i] = chars.peek().map_or(total, |&(ci, _)| ci);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalars() {
        let t = "aé€b";
        // bytes: a=0, é=1..3, €=3..6, b=6
        assert_eq!(char_offsets(t, &[6, 0, 3, 1, 7]), vec![3, 0, 2, 1, 4]);
    }

    #[test]
    fn span_helpers() {
        let a = Span::new(2, 5);
        assert!(a.overlaps(&Span::new(4, 9)));
        assert!(!a.overlaps(&Span::new(5, 9)));
        assert!(a.contains(&Span::new(3, 5)));
        assert_eq!(a.slice("0123456"), "234");
        assert_eq!(Span::new(3, 99).slice("abc"), "");
    }
}
