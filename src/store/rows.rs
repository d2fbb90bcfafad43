//! Plain rows the store hands out. They know nothing of SQL or of the GUI.

use serde::{Deserialize, Serialize};

use crate::model::ActorKind;

/// Database id of an article.
pub type ArticleId = i64;
/// Database id of an actor.
pub type ActorId = i64;
/// Database id of a quote.
pub type QuoteId = i64;
/// Database id of a topic.
pub type TopicId = i64;

/// An article's metadata (no text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: ArticleId,
    pub file_name: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub format: String,
    pub imported_at: String,
    /// The language the article declares (a BCP 47 tag such as `en` or `pt-BR`), if any.
    pub language: Option<String>,
}

impl ArticleRow {
    /// The headline, or the file name when the article has none.
    pub fn display_title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.file_name)
    }
}

/// An actor mention inside an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    pub actor_id: ActorId,
    pub actor_name: String,
    pub kind: ActorKind,
    pub start: usize,
    pub end: usize,
    /// The extraction rule that found the mention (`None` for mentions stored before rules
    /// were recorded).
    #[serde(default)]
    pub rule: Option<String>,
    /// The name belongs to this actor because of a correction of yours.
    #[serde(default)]
    pub corrected: bool,
}

impl MentionRow {
    /// Why this mention is this actor's, in plain words (see [`why_text`]).
    pub fn why(&self) -> Option<String> {
        why_text(
            self.rule.as_deref(),
            self.corrected.then_some("name corrected by you"),
        )
    }
}

/// Plain words for why a fact is in the dossier: the rule that found it (as
/// [`crate::extract::rule_description`] words it) and the correction of yours that set it, if
/// any ("Why: found after a title such as 'President' · name corrected by you"). `None` when
/// neither is known, as for facts stored before rules were recorded or a rule this version does
/// not know: no reason is shown rather than a wrong one.
pub fn why_text(rule: Option<&str>, corrected: Option<&str>) -> Option<String> {
    let found = rule.and_then(crate::extract::rule_description);
    match (found, corrected) {
        (Some(f), Some(c)) => Some(format!("Why: {f} · {c}")),
        (Some(f), None) => Some(format!("Why: {f}")),
        (None, Some(c)) => Some(format!("Why: {c}")),
        (None, None) => None,
    }
}

/// An article with its text and everything found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDetail {
    pub article: ArticleRow,
    pub text: String,
    pub body_start: usize,
    pub mentions: Vec<MentionRow>,
    pub quotes: Vec<QuoteRow>,
    pub topics: Vec<ArticleTopic>,
    pub keyphrases: Vec<String>,
}

/// A topic as it applies to one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleTopic {
    pub topic_id: TopicId,
    pub key: String,
    pub label: String,
    pub score: f64,
    pub evidence: Vec<String>,
}

/// An actor with its counts, for lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    pub mentions: u64,
    pub articles: u64,
    pub quotes: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A name an actor was found under, with the number of articles using it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasRow {
    pub alias: String,
    pub articles: u64,
    /// The rule that found most of this actor's mentions under this name (`None` when none
    /// was recorded).
    #[serde(default)]
    pub rule: Option<String>,
    /// The name is this actor's because of a correction of yours (a name you added or split
    /// off, or the name of an actor you merged into this one).
    #[serde(default)]
    pub corrected: bool,
}

impl AliasRow {
    /// Why this name is listed, in plain words (see [`why_text`]).
    pub fn why(&self) -> Option<String> {
        why_text(
            self.rule.as_deref(),
            self.corrected.then_some("name corrected by you"),
        )
    }
}

/// A role, dated by the article that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleRow {
    pub id: i64,
    pub title: String,
    pub of: Option<String>,
    pub article_id: ArticleId,
    pub article_title: String,
    pub date: Option<String>,
    pub start: usize,
    pub end: usize,
    /// The rule that found the role (`None` for roles stored before rules were recorded).
    #[serde(default)]
    pub rule: Option<String>,
    /// The title was changed by a correction of yours.
    #[serde(default)]
    pub corrected: bool,
}

impl RoleRow {
    /// Why this role is listed, in plain words (see [`why_text`]).
    pub fn why(&self) -> Option<String> {
        why_text(
            self.rule.as_deref(),
            self.corrected.then_some("title corrected by you"),
        )
    }
}

/// An affiliation with the articles that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliationRow {
    pub name: String,
    pub articles: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// One article stating it, for the citation.
    pub article_id: ArticleId,
}

/// Another actor often named in the same articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedActor {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    pub shared_articles: u64,
}

/// Everything the profile view shows about one actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorProfile {
    pub actor: ActorRow,
    /// The rule behind most mentions under the actor's own name (`None` when none was recorded).
    #[serde(default)]
    pub name_rule: Option<String>,
    /// The actor's name was set by a correction of yours (a rename).
    #[serde(default)]
    pub name_corrected: bool,
    pub aliases: Vec<AliasRow>,
    pub roles: Vec<RoleRow>,
    pub affiliations: Vec<AffiliationRow>,
    pub articles: Vec<ArticleRow>,
    pub related: Vec<RelatedActor>,
    /// Quotes this actor said.
    pub quotes_by: Vec<QuoteRow>,
    /// Quotes by others that mention this actor.
    pub quotes_about: Vec<QuoteRow>,
    /// True when the actor is named in more articles than a profile shows: `articles`, quotes,
    /// roles, affiliations, names and related actors then come from the newest
    /// [`PROFILE_ARTICLES`] articles (`actor.articles` still counts them all).
    #[serde(default)]
    pub windowed: bool,
}

/// How many of an actor's (or a topic's) articles a profile reads, newest first. Counts and dates
/// cover all of them; lists come from these.
pub const PROFILE_ARTICLES: usize = 500;

impl ActorProfile {
    /// Why the actor is known under its name, in plain words (see [`why_text`]).
    pub fn name_why(&self) -> Option<String> {
        why_text(
            self.name_rule.as_deref(),
            self.name_corrected.then_some("name corrected by you"),
        )
    }
}

/// A quote with its speaker and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub id: QuoteId,
    pub article_id: ArticleId,
    pub article_title: String,
    pub date: Option<String>,
    pub text: String,
    pub direct: bool,
    pub cue: Option<String>,
    pub speaker_id: Option<ActorId>,
    /// The speaker's canonical name, or the description found in the text.
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub confidence: f64,
    /// The rule that found the quote (`None` for quotes stored before rules were recorded).
    #[serde(default)]
    pub rule: Option<String>,
    /// The speaker was set by a correction of yours.
    #[serde(default)]
    pub speaker_corrected: bool,
}

impl QuoteRow {
    /// Why this quote is listed with this speaker, in plain words (see [`why_text`]).
    pub fn why(&self) -> Option<String> {
        why_text(
            self.rule.as_deref(),
            self.speaker_corrected.then_some("speaker corrected by you"),
        )
    }
}

/// A topic with its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicRow {
    pub id: TopicId,
    pub key: String,
    pub label: String,
    pub articles: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// An article under a topic, with the topic's score there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicArticle {
    pub article: ArticleRow,
    pub score: f64,
    pub evidence: Vec<String>,
}

/// Everything the topic view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicDetail {
    pub topic: TopicRow,
    pub articles: Vec<TopicArticle>,
    /// Actors most mentioned in the topic's articles.
    pub actors: Vec<RelatedActor>,
    pub quotes: Vec<QuoteRow>,
    /// True when the topic has more articles than are listed (see [`PROFILE_ARTICLES`]).
    #[serde(default)]
    pub windowed: bool,
}

/// A full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: ArticleRow,
    /// A snippet with the matched words between `[` and `]`.
    pub snippet: String,
    pub rank: f64,
}

/// Mentions per period, for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub count: u64,
}

/// Totals for the status bar and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stats {
    pub articles: u64,
    pub actors: u64,
    pub mentions: u64,
    pub quotes: u64,
    pub topics: u64,
}

/// Which actors to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorFilter {
    pub kind: Option<ActorKind>,
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
    pub limit: Option<usize>,
}

/// Which quotes to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteFilter {
    /// Quotes said by this actor.
    pub speaker: Option<ActorId>,
    /// Quotes whose text mentions this actor.
    pub mentioning: Option<ActorId>,
    /// Quotes from articles under this topic.
    pub topic: Option<TopicId>,
    pub article: Option<ArticleId>,
    /// Quotes from these articles only.
    pub within: Option<Vec<ArticleId>>,
    pub limit: Option<usize>,
}
