//! Ranking: which actors and quotes a reader needs first. Pure arithmetic on the counts the store
//! gathered, so it is tested without a database and documented in `docs/export-schema.md`.
//!
//! **Salience** of an actor = `(mentions + 3 × quotes said + quotes naming them) × articles
//! naming them × recency`. Quotes weigh more than bare mentions (a speaker is an actor, a name
//! in a list may not be); the product with the articles rewards actors present across the
//! period over one article that names someone twenty times. `recency` runs from 0.75 (last named
//! at the start of the period) to 1 (named in its last article), so of two equally present actors
//! the one still in the news ranks first. A one-off name in one article scores 1.
//!
//! **Quote score** = `confidence × speaker × length × kind × names`: `speaker` is 0.35 + 0.65 ×
//! √(speaker's salience / highest salience) for a known actor, 0.35 for a described speaker
//! ("officials") and 0.15 for an unknown one; `length` favours a full sentence (0.2 under 3
//! words, 0.5 under 6, 1 up to 60, then 0.8 up to 100 and 0.6 beyond); `kind` is 1 for direct
//! and 0.8 for reported speech; `names` adds a tenth per actor named inside (at most three).
//!
//! **Key quotes**: the best scored, at most [`KEY_QUOTES`], at most [`PER_SPEAKER`] per
//! speaker, never the same words twice (wire copy repeats quotes), never without a speaker.

use std::collections::{HashMap, HashSet};

use super::{SpeakerGroup, Summary, SummaryQuote};
use crate::store::ActorId;

/// How many key quotes a summary names.
pub const KEY_QUOTES: usize = 8;
/// At most this many key quotes by one speaker.
pub const PER_SPEAKER: usize = 2;

fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian), when it is one.
fn days(iso: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| iso.get(r)?.parse::<i64>().ok();
    if iso.len() < 10 {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The speaker a quote is grouped under: the actor, else the description folded to lower case
/// without a leading article ("The officials" and "officials" are one group).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum SpeakerKey {
    Actor(ActorId),
    Described(String),
    Unknown,
}

pub(crate) fn speaker_key(q: &SummaryQuote) -> SpeakerKey {
    if let Some(id) = q.speaker_id {
        return SpeakerKey::Actor(id);
    }
    match q.speaker.as_deref().map(described_key) {
        Some(k) if !k.is_empty() => SpeakerKey::Described(k),
        _ => SpeakerKey::Unknown,
    }
}

pub(crate) fn described_key(d: &str) -> String {
    let folded = super::one_line(d).to_lowercase();
    let words: Vec<&str> = folded.split(' ').collect();
    let skip = usize::from(matches!(words.first(), Some(&("the" | "a" | "an"))) && words.len() > 1);
    words[skip..].join(" ")
}

/// Words of a quote folded for comparison: letters and digits only, lower case.
pub(super) fn fold_text(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The salience of an actor (see the module notes); `first` and `last` are the dates of the
/// period, `last_seen` the actor's last date.
pub(crate) fn salience(
    mentions: u64,
    quotes_by: u64,
    quotes_about: u64,
    articles: u64,
    last_seen: Option<&str>,
    first: Option<&str>,
    last: Option<&str>,
) -> f64 {
    let recency = match (
        first.and_then(days),
        last.and_then(days),
        last_seen.and_then(days),
    ) {
        (Some(first), Some(last), Some(seen)) if last > first => {
            0.75 + 0.25 * ((seen - first) as f64 / (last - first) as f64).clamp(0.0, 1.0)
        }
        _ => 1.0,
    };
    let weight = mentions as f64 + 3.0 * quotes_by as f64 + quotes_about as f64;
    round3(weight * articles as f64 * recency)
}

/// A quote's score before its length is known: confidence, speaker, kind and names. The score
/// is this times [`length_factor`], which is at most 1, so `round3` of this bounds the score
/// from above (what lets a briefing read the text of only the best quotes).
pub(crate) fn quote_base(
    confidence: f64,
    speaker: &SpeakerKey,
    salience: &dyn Fn(ActorId) -> f64,
    top: f64,
    direct: bool,
    names: usize,
) -> f64 {
    let speaker = match speaker {
        SpeakerKey::Actor(id) => {
            0.35 + 0.65 * (salience(*id) / top.max(1e-9)).clamp(0.0, 1.0).sqrt()
        }
        SpeakerKey::Described(_) => 0.35,
        SpeakerKey::Unknown => 0.15,
    };
    let kind = if direct { 1.0 } else { 0.8 };
    let names = 1.0 + 0.1 * names.min(3) as f64;
    confidence.clamp(0.0, 1.0) * speaker * kind * names
}

/// The length part of a quote's score: a full sentence counts most.
pub(crate) fn length_factor(text: &str) -> f64 {
    match text.split_whitespace().count() {
        0..3 => 0.2,
        3..6 => 0.5,
        6..=60 => 1.0,
        61..=100 => 0.8,
        _ => 0.6,
    }
}

/// The score of a quote, three decimals, from its [`quote_base`] and its words.
pub(crate) fn score_of(base: f64, text: &str) -> f64 {
    round3(base * length_factor(text))
}

fn quote_score(q: &SummaryQuote, salience: &HashMap<ActorId, f64>, top: f64) -> f64 {
    let base = quote_base(
        q.confidence,
        &speaker_key(q),
        &|id| salience.get(&id).copied().unwrap_or(0.0),
        top,
        q.direct,
        q.mentions.len(),
    );
    score_of(base, &q.text)
}

/// The order of quotes from best to worst: score, then the older id first.
pub(crate) fn best_first(a: &SummaryQuote, b: &SummaryQuote) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
}

/// Takes quotes offered best first until `limit`, each wording once.
pub(crate) struct Distinct {
    limit: usize,
    seen: HashSet<String>,
}

impl Distinct {
    pub fn new(limit: usize) -> Self {
        Distinct {
            limit,
            seen: HashSet::new(),
        }
    }

    pub fn full(&self) -> bool {
        self.seen.len() >= self.limit
    }

    /// True when the quote is taken.
    pub fn offer(&mut self, q: &SummaryQuote) -> bool {
        !self.full() && self.seen.insert(fold_text(&q.text))
    }
}

/// The key quotes, offered best first: never without a speaker, at most [`PER_SPEAKER`] by one
/// speaker, the same words once, at most [`KEY_QUOTES`].
#[derive(Default)]
pub(crate) struct KeyQuotes {
    per_speaker: HashMap<SpeakerKey, usize>,
    seen_text: HashSet<String>,
    pub chosen: Vec<crate::store::QuoteId>,
}

impl KeyQuotes {
    pub fn full(&self) -> bool {
        self.chosen.len() >= KEY_QUOTES
    }

    /// False when no quote of this speaker can be taken any more (whatever its words).
    pub fn wants(&self, speaker: &SpeakerKey) -> bool {
        *speaker != SpeakerKey::Unknown
            && self.per_speaker.get(speaker).copied().unwrap_or(0) < PER_SPEAKER
    }

    pub fn offer(&mut self, q: &SummaryQuote) {
        let speaker = speaker_key(q);
        if self.full() || !self.wants(&speaker) || !self.seen_text.insert(fold_text(&q.text)) {
            return;
        }
        *self.per_speaker.entry(speaker).or_default() += 1;
        self.chosen.push(q.id);
    }
}

/// Ranks the actors and quotes of a gathered summary and fills everything derived from them:
/// `salience`, `rank`, quote `score`, `representative_quote`, `key_quotes`,
/// `described_speakers`, and the period and outlet totals. Idempotent.
pub fn rank(s: &mut Summary) {
    // Period and outlets.
    let dates: Vec<&str> = s
        .articles
        .iter()
        .filter_map(|a| a.date.as_deref())
        .collect();
    s.totals.first_date = dates.iter().min().map(|d| d.to_string());
    s.totals.last_date = dates.iter().max().map(|d| d.to_string());
    let outlets: HashSet<String> = s
        .articles
        .iter()
        .filter_map(|a| a.source.as_deref())
        .map(|o| super::one_line(o).to_lowercase())
        .filter(|o| !o.is_empty())
        .collect();
    s.totals.outlets = outlets.len() as u64;

    // Salience and the order of the actors.
    for a in &mut s.actors {
        a.salience = salience(
            a.mentions,
            a.quotes_by.len() as u64,
            a.quotes_about.len() as u64,
            a.articles,
            a.last_seen.as_deref(),
            s.totals.first_date.as_deref(),
            s.totals.last_date.as_deref(),
        );
        a.prominence = a.mentions.saturating_mul(a.articles);
    }
    s.actors.sort_by(actor_order);
    for (i, a) in s.actors.iter_mut().enumerate() {
        a.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }

    // Quote scores.
    let salience: HashMap<ActorId, f64> = s.actors.iter().map(|a| (a.id, a.salience)).collect();
    let top = s.actors.first().map_or(1.0, |a| a.salience);
    for q in &mut s.quotes {
        q.score = round3(quote_score(q, &salience, top));
    }
    let score: HashMap<i64, f64> = s.quotes.iter().map(|q| (q.id, q.score)).collect();
    let by_score = |ids: &mut Vec<i64>| {
        ids.sort_by(|a, b| {
            let (sa, sb) = (score.get(a).unwrap_or(&0.0), score.get(b).unwrap_or(&0.0));
            sb.total_cmp(sa).then(a.cmp(b))
        })
    };

    // Each actor's best quote.
    for a in &mut s.actors {
        let mut ids = a.quotes_by.clone();
        by_score(&mut ids);
        a.representative_quote = ids.first().copied();
    }

    // Key quotes: best first, a few per speaker, no repeated words, always with a speaker.
    let mut order: Vec<&SummaryQuote> = s.quotes.iter().collect();
    order.sort_by(|a, b| best_first(a, b));
    let mut key = KeyQuotes::default();
    for q in order {
        if key.full() {
            break;
        }
        key.offer(q);
    }
    s.key_quotes = key.chosen;

    // Described speakers, the groups with most quotes first.
    let mut groups: Vec<SpeakerGroup> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for q in &s.quotes {
        if let SpeakerKey::Described(key) = speaker_key(q) {
            match group_of.get(&key) {
                Some(&i) => groups[i].quotes.push(q.id),
                None => {
                    group_of.insert(key, groups.len());
                    groups.push(SpeakerGroup {
                        description: super::one_line(q.speaker.as_deref().unwrap_or("")),
                        quotes: vec![q.id],
                    });
                }
            }
        }
    }
    for g in &mut groups {
        by_score(&mut g.quotes);
    }
    // Stable: ties keep the order of first appearance.
    groups.sort_by_key(|g| std::cmp::Reverse(g.quotes.len()));
    s.totals.described_speakers = groups.len() as u64;
    s.described_speakers = groups;
}

/// The order of actors in a summary: salience, then mentions, then name and id.
pub(crate) fn actor_order(a: &super::SummaryActor, b: &super::SummaryActor) -> std::cmp::Ordering {
    b.salience
        .total_cmp(&a.salience)
        .then(b.mentions.cmp(&a.mentions))
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then(a.id.cmp(&b.id))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2024-02-29").unwrap() + 1, days("2024-03-01").unwrap());
        assert_eq!(days("2024-13-01"), None);
        assert_eq!(days("soon"), None);
    }

    #[test]
    fn described_speakers_fold_articles_and_case() {
        assert_eq!(described_key("The  Harbour officials"), "harbour officials");
        assert_eq!(described_key("officials"), "officials");
        assert_eq!(described_key("The"), "the");
    }

    #[test]
    fn quotes_and_mentions_raise_salience_and_recency_breaks_ties() {
        let mut s = testdata::summary("x");
        let mut b = s.actors[0].clone();
        b.id = 2;
        b.name = "B".into();
        b.quotes_by.clear();
        b.last_seen = Some("2024-01-01".into());
        s.actors.push(b);
        s.articles[1].date = Some("2024-01-01".into());
        rank(&mut s);
        // A: (3 mentions + 3 × 1 quote) × 2 articles, last seen at the end of the period.
        assert_eq!(s.actors[0].id, 1);
        assert_eq!(s.actors[0].salience, 12.0);
        // B: 3 mentions × 2 articles, last seen at the start: × 0.75.
        assert_eq!(s.actors[1].salience, 4.5);
        assert_eq!(s.actors.iter().map(|a| a.rank).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(s.actors[0].representative_quote, Some(5));
        assert_eq!(s.key_quotes, [5]);
        assert_eq!(s.totals.first_date.as_deref(), Some("2024-01-01"));
        assert_eq!(s.totals.outlets, 1);
        let again = s.clone();
        rank(&mut s);
        assert_eq!(s, again, "ranking twice changes nothing");
    }

    #[test]
    fn key_quotes_skip_repeats_unknown_speakers_and_busy_speakers() {
        let mut s = testdata::summary("x");
        let base = s.quotes[0].clone();
        let mut quotes = Vec::new();
        for (id, text, speaker) in [
            (
                1,
                "\"We will keep the canal open for every barge this winter,\"",
                Some(1),
            ),
            (
                2,
                "\"We will keep the canal open for every barge this winter,\"",
                Some(1),
            ),
            (
                3,
                "\"The levy is fair and the council will not change it now,\"",
                Some(1),
            ),
            (
                4,
                "\"Nobody asked the boat owners before the vote was taken,\"",
                Some(1),
            ),
            (
                5,
                "\"An unattributed remark about the weather on the water,\"",
                None,
            ),
        ] {
            let mut q = base.clone();
            q.id = id;
            q.text = text.into();
            q.speaker_id = speaker;
            q.speaker = speaker.map(|_| "x".into());
            quotes.push(q);
        }
        let mut described = base.clone();
        described.id = 6;
        described.speaker_id = None;
        described.speaker = Some("The harbour officials".into());
        described.text = "the canal would reopen on Monday after the repairs".into();
        quotes.push(described.clone());
        described.id = 7;
        described.speaker = Some("harbour officials".into());
        described.text = "traffic was light".into();
        quotes.push(described);
        s.quotes = quotes;
        s.actors[0].quotes_by = vec![1, 2, 3, 4];
        rank(&mut s);
        assert_eq!(s.key_quotes.len(), 4, "{:?}", s.key_quotes);
        assert!(!s.key_quotes.contains(&5));
        let by_actor = s.key_quotes.iter().filter(|id| **id <= 4).count();
        assert_eq!(by_actor, PER_SPEAKER);
        assert!(!(s.key_quotes.contains(&1) && s.key_quotes.contains(&2)));
        assert_eq!(s.described_speakers.len(), 1);
        assert_eq!(s.described_speakers[0].description, "The harbour officials");
        assert_eq!(s.described_speakers[0].quotes, [6, 7], "best first");
    }
}
