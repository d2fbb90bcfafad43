//! The plan every human format follows (Markdown, HTML, DOCX), so they show the same things:
//!
//! 1. **In brief**: the period, the number of articles and outlets; the few actors that matter
//!    most ([`BRIEF_ACTORS`]), each with a role, an affiliation and one representative quote; the
//!    key quotes (at most [`KEY_QUOTES_SHOWN`], leaving out those just shown as representative);
//!    the topics ([`TOPICS_SHOWN`]); a timeline of the articles (by day, or by month when there
//!    are more than [`DAY_TIMELINE_MAX`] dated articles).
//! 2. **Leading actors**: a section per actor, the first `Options::top` by salience (every listed
//!    actor when the summary is about chosen actors), with names, roles, affiliations and their
//!    best quotes ([`QUOTES_SHOWN`] said, [`QUOTES_ABOUT_SHOWN`] naming them, more for an actor's
//!    own summary; the same words said twice are shown once), then the quotes of described
//!    speakers ("officials"), grouped.
//! 3. **Sources**: every article, numbered; citations point to them in words.
//!
//! JSON and CSV stay complete; what the human formats leave out is counted ("and 4 more quotes").

use std::collections::HashMap;

use super::{
    Options, ScopeKind, SpeakerGroup, Summary, SummaryActor, SummaryQuote, SummaryTopic, counted,
};
use crate::store::{ActorId, QuoteId};

/// Actors named in the briefing at the top.
pub const BRIEF_ACTORS: usize = 5;
/// Key quotes shown in the briefing.
pub const KEY_QUOTES_SHOWN: usize = 6;
/// Topics named in the briefing.
pub const TOPICS_SHOWN: usize = 12;
/// Quotes said by an actor shown in their section (dossier and topic summaries).
pub const QUOTES_SHOWN: usize = 3;
/// Quotes naming an actor shown in their section (dossier and topic summaries).
pub const QUOTES_ABOUT_SHOWN: usize = 2;
/// Roles and affiliations shown per actor.
pub const FACTS_SHOWN: usize = 2;
/// Described speakers shown, and quotes per described speaker.
pub const GROUPS_SHOWN: usize = 4;
pub const GROUP_QUOTES_SHOWN: usize = 2;
/// Up to this many dated articles the timeline lists each one by day.
pub const DAY_TIMELINE_MAX: usize = 40;
/// Aliases shown per actor.
pub const ALIASES_SHOWN: usize = 6;

/// The briefing's topics as one sentence: the first [`TOPICS_SHOWN`] with their article counts,
/// then how many more there are ("borders (3 articles), trade (1 article), and 2 more.").
/// `label` renders a topic's label for the format (escaped, or on one line).
pub(super) fn topics_sentence(topics: &[SummaryTopic], label: impl Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = topics
        .iter()
        .take(TOPICS_SHOWN)
        .map(|t| {
            format!(
                "{} ({})",
                label(&t.label),
                counted(t.article_count, "article")
            )
        })
        .collect();
    if topics.len() > TOPICS_SHOWN {
        parts.push(format!("and {} more", topics.len() - TOPICS_SHOWN));
    }
    format!("{}.", parts.join(", "))
}

pub(super) struct Brief<'a> {
    pub s: &'a Summary,
    quotes: HashMap<QuoteId, &'a SummaryQuote>,
    /// Actors with a section of their own, by salience.
    pub leading: Vec<&'a SummaryActor>,
    /// The first of them, for the briefing.
    pub headline: Vec<&'a SummaryActor>,
    pub key_quotes: Vec<&'a SummaryQuote>,
    pub groups: Vec<&'a SpeakerGroup>,
    /// True for an actor's (or several actors') own summary: nothing is cut.
    pub whole: bool,
}

impl<'a> Brief<'a> {
    pub fn new(s: &'a Summary, opts: &Options) -> Self {
        let whole = matches!(s.scope.kind, ScopeKind::Actor | ScopeKind::Actors);
        let quotes: HashMap<QuoteId, &SummaryQuote> = s.quotes.iter().map(|q| (q.id, q)).collect();
        let leading: Vec<&SummaryActor> = if whole {
            s.actors.iter().collect()
        } else {
            s.actors.iter().take(opts.top).collect()
        };
        let headline: Vec<&SummaryActor> = s.actors.iter().take(BRIEF_ACTORS).collect();
        let shown: Vec<QuoteId> = headline
            .iter()
            .filter_map(|a| a.representative_quote)
            .collect();
        let key_quotes = s
            .key_quotes
            .iter()
            .filter(|id| !shown.contains(id))
            .filter_map(|id| quotes.get(id).copied())
            .take(KEY_QUOTES_SHOWN)
            .collect();
        let groups = s
            .described_speakers
            .iter()
            .take(if whole { usize::MAX } else { GROUPS_SHOWN })
            .collect();
        Brief {
            s,
            quotes,
            leading,
            headline,
            key_quotes,
            groups,
            whole,
        }
    }

    pub fn quote(&self, id: QuoteId) -> Option<&'a SummaryQuote> {
        self.quotes.get(&id).copied()
    }

    /// True when the actor has a section (so a name can link to it).
    pub fn has_section(&self, id: ActorId) -> bool {
        self.leading.iter().any(|a| a.id == id)
    }

    /// The best `limit` of these quotes (all for an actor's own summary), the same words shown
    /// once (their best-scored occurrence), in date order; and how many of `ids` are not shown.
    ///
    /// Only the best matter, so a briefing (`Store::briefing`) needs to carry just the quotes
    /// [`super::rank::pick_best`] chooses, with the complete list of ids for the count.
    pub fn pick(&self, ids: &[QuoteId], limit: usize) -> (Vec<&'a SummaryQuote>, usize) {
        let limit = if self.whole { usize::MAX } else { limit };
        let mut all: Vec<&SummaryQuote> = ids.iter().filter_map(|id| self.quote(*id)).collect();
        all.sort_by(|a, b| super::rank::best_first(a, b));
        let mut picker = super::rank::Distinct::new(limit);
        let mut shown: Vec<&SummaryQuote> = Vec::new();
        for q in all {
            if picker.full() {
                break;
            }
            if picker.offer(q) {
                shown.push(q);
            }
        }
        shown.sort_by_key(|q| (q.citation.reference, q.span.start, q.id));
        let left = ids.len().saturating_sub(shown.len());
        (shown, left)
    }

    /// The articles the human formats cite: the sources of every quote shown and of the first
    /// citations of every role and affiliation shown. A briefing too large to list every
    /// article lists these.
    pub fn cited(&self) -> std::collections::BTreeSet<super::ArticleId> {
        let mut out = std::collections::BTreeSet::new();
        for a in &self.headline {
            if let Some(q) = a.representative_quote.and_then(|id| self.quote(id)) {
                out.insert(q.citation.article_id);
            }
        }
        out.extend(self.key_quotes.iter().map(|q| q.citation.article_id));
        for a in &self.leading {
            let facts = a
                .roles
                .iter()
                .take(self.facts_shown())
                .map(|r| &r.citations)
                .chain(
                    a.affiliations
                        .iter()
                        .take(self.facts_shown())
                        .map(|f| &f.citations),
                );
            for citations in facts {
                out.extend(
                    citations
                        .iter()
                        .take(super::CITATIONS_SHOWN)
                        .map(|c| c.article_id),
                );
            }
            for (ids, limit) in [
                (&a.quotes_by, QUOTES_SHOWN),
                (&a.quotes_about, QUOTES_ABOUT_SHOWN),
            ] {
                out.extend(
                    self.pick(ids, limit)
                        .0
                        .iter()
                        .map(|q| q.citation.article_id),
                );
            }
        }
        for g in &self.groups {
            out.extend(
                self.pick(&g.quotes, GROUP_QUOTES_SHOWN)
                    .0
                    .iter()
                    .map(|q| q.citation.article_id),
            );
        }
        if self.by_day() {
            out.extend(
                self.s
                    .articles
                    .iter()
                    .filter(|a| a.date.is_some())
                    .map(|a| a.id),
            );
        }
        out
    }

    /// When the sources are only those cited (a briefing of more than [`super::SOURCES_LISTED`]
    /// articles), a sentence that says so.
    pub fn sources_note(&self) -> Option<String> {
        let listed = self.s.articles.len() as u64;
        (listed < self.s.totals.articles).then(|| {
            format!(
                "The {} cited here, of {} in scope; the JSON and CSV exports list every one.",
                counted(listed, "source"),
                counted(self.s.totals.articles, "article")
            )
        })
    }

    /// How many facts of a kind to show.
    pub fn facts_shown(&self) -> usize {
        if self.whole { usize::MAX } else { FACTS_SHOWN }
    }

    /// True when the timeline lists articles by day.
    pub fn by_day(&self) -> bool {
        let t = &self.s.totals;
        t.articles.saturating_sub(t.undated_articles) <= DAY_TIMELINE_MAX as u64
    }

    /// The dated articles grouped by day, oldest first (articles are in date order already).
    pub fn days(&self) -> Vec<(&'a str, Vec<&'a super::SourceArticle>)> {
        let s: &'a Summary = self.s;
        let mut days: Vec<(&str, Vec<&super::SourceArticle>)> = Vec::new();
        for a in &s.articles {
            let Some(d) = a.date.as_deref() else { continue };
            match days.last_mut() {
                Some((day, list)) if *day == d => list.push(a),
                _ => days.push((d, vec![a])),
            }
        }
        days
    }
}

/// The main role and affiliation of an actor in words: "finance chair of Lakeside council".
pub(super) fn role_words(a: &SummaryActor) -> Option<String> {
    let r = a.roles.first()?;
    Some(match &r.of {
        Some(of) => format!("{} of {}", super::one_line(&r.title), super::one_line(of)),
        None => super::one_line(&r.title),
    })
}

/// The main affiliation when the main role does not already name it.
pub(super) fn affiliation_words(a: &SummaryActor) -> Option<String> {
    let f = a.affiliations.first()?;
    let name = super::one_line(&f.name);
    let in_role = a
        .roles
        .first()
        .and_then(|r| r.of.as_deref())
        .is_some_and(|of| of.trim().eq_ignore_ascii_case(name.trim()));
    (!in_role).then_some(name)
}

/// `12 mentions in 5 articles, 3 quotes`.
pub(super) fn presence_words(a: &SummaryActor) -> String {
    let mut out = format!(
        "{} in {}",
        counted(a.mentions, "mention"),
        counted(a.articles, "article")
    );
    if !a.quotes_by.is_empty() {
        out.push_str(&format!(", {}", counted(a.quotes_by.len() as u64, "quote")));
    }
    out
}

/// The speaker of a quote for people.
pub(super) fn speaker_words(q: &SummaryQuote) -> String {
    q.speaker
        .as_deref()
        .map(super::one_line)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown speaker".to_string())
}

/// The date of a quote in words, or "undated".
pub(super) fn date_words_of(q: &SummaryQuote) -> String {
    q.date
        .as_deref()
        .map_or_else(|| "undated".to_string(), super::date_words)
}

/// `said`, `said, reported`, `reported`: how the words were reported, or `None` for a direct
/// quote without a cue.
pub(super) fn how_words(q: &SummaryQuote) -> Option<String> {
    match (q.cue.as_deref().map(super::one_line), q.direct) {
        (Some(cue), true) => Some(cue),
        (Some(cue), false) => Some(format!("{cue}, reported")),
        (None, true) => None,
        (None, false) => Some("reported".to_string()),
    }
}

/// How the words were reported when the speaker is not named on the line: `said`,
/// `said (reported)`, `reported`, or `None` for a direct quote without a cue.
pub(super) fn how_plain(q: &SummaryQuote) -> Option<String> {
    match (q.cue.as_deref().map(super::one_line), q.direct) {
        (Some(cue), true) => Some(cue),
        (Some(cue), false) => Some(format!("{cue} (reported)")),
        (None, true) => None,
        (None, false) => Some("reported".to_string()),
    }
}

/// "and 4 more quotes in the JSON and CSV exports"
pub(super) fn more_words(n: usize, what: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("and {n} more {what}{plural} in the JSON and CSV exports")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    #[test]
    fn cut_offs_apply_to_dossier_summaries_only() {
        let mut s = testdata::summary("x");
        let mut many = Vec::new();
        for i in 0..20 {
            let mut q = s.quotes[0].clone();
            q.id = 100 + i;
            q.score = i as f64;
            q.text = format!("words number {i}");
            many.push(q.id);
            s.quotes.push(q);
        }
        s.scope.kind = ScopeKind::Dossier;
        let opts = Options::default();
        let b = Brief::new(&s, &opts);
        let (shown, left) = b.pick(&many, QUOTES_SHOWN);
        assert_eq!((shown.len(), left), (QUOTES_SHOWN, 20 - QUOTES_SHOWN));
        assert!(shown.iter().all(|q| q.score >= 16.0), "the best are kept");
        s.scope.kind = ScopeKind::Actor;
        let b = Brief::new(&s, &opts);
        assert_eq!(b.pick(&many, QUOTES_SHOWN).0.len(), 20);
        // The same words twice are shown once.
        let twice = [many[0], 5, many[1]];
        assert_eq!(b.pick(&twice, 10).0.len(), 3);
        s.quotes.last_mut().unwrap().text = "words number 0".into();
        let b = Brief::new(&s, &opts);
        let same = [many[0], many[19]];
        assert_eq!(b.pick(&same, 10).0.len(), 1);
    }

    #[test]
    fn roles_and_affiliations_in_words() {
        let s = testdata::summary("x");
        let a = &s.actors[0];
        assert_eq!(role_words(a).as_deref(), Some("x of x"));
        assert_eq!(affiliation_words(a), None, "already named by the role");
        assert_eq!(presence_words(a), "3 mentions in 2 articles, 1 quote");
    }
}
