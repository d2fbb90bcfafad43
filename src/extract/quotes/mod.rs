//! Direct and reported quotes, each with its cue, its speaker and the sentence it stands in.
//!
//! The rules, in the order they run:
//! 1. **Quoted segments**: text between double quotation marks (straight, curly, `''`), paragraph
//!    by paragraph; a paragraph that opens a quote without closing it continues into the next
//!    paragraph when that one opens with a quotation mark (news style for long quotes).
//! 2. **Direct quotes**: a segment with a reporting clause right after it (`"...," said X`,
//!    `"...," he said`) or right before it (`X said: "..."`). `"A," he said, "B"` becomes one
//!    quote whose `parts` are both pieces. Long segments without a clause of their own continue the
//!    previous speaker; short ones with no cue are scare quotes or titles and are skipped.
//! 3. **Reported quotes**: a cue from `assets/cues.txt` with a speaker before it ("X said (that)
//!    ...", "..., X said.", "A, X said, B") or after it ("..., said X"), plus "according to X".
//!    Quoted words inside reported content make it a mixed quote (not `direct`).
//! 4. **Speakers**: a mention of an actor, a pronoun resolved to the most recent compatible actor
//!    (persons for he/she; organisations and places for it/they), or a description ("Vellmari
//!    officials"); "the spokesman" becomes the actor whose stated role is spokesman.
//!
//! Everything works on the word view of the shared tokenizer ([`Doc::words`]: apostrophes split,
//! hyphens kept), so the rules do not depend on how entity spans treat punctuation.

mod cues;
mod direct;
mod phrases;
mod reported;
mod speakers;
mod tokens;

use foldhash::{HashMap, HashMapExt};

use crate::model::{Analysis, Span};

use super::budget::{Budget, LOOKBACK};
use super::lexicon::{self, Lexicon as Words};

fn lex() -> &'static Words {
    lexicon::get()
}

/// An abbreviation after which a full stop does not end a sentence (lower case, no final stop).
fn is_abbreviation(w: &str) -> bool {
    let l = lex();
    l.title_abbreviations.contains(w)
        || l.other_abbreviations.contains(w)
        || l.state_abbreviations.contains(w)
}

use super::text::Doc;
pub(super) use crate::extract::text::WordTok as Tok;
pub(super) use cues::is_speech_verb;
use direct::direct_quotes;
use reported::reported_quotes;
use speakers::resolve;
use tokens::{Segment, quote_mark_at, segments};

/// Sentences ending in an abbreviation are joined to the next one only while the joined
/// sentence stays shorter than this (bytes), so that chunks of an over-long sentence stay apart.
const MAX_MERGED_SENTENCE: usize = 2000;

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// The singular of a lower-case English noun, good enough for matching heads.
fn singular(w: &str) -> &str {
    // "authorities" would become "authorit": -ies plurals are listed in full instead
    if w.ends_with("ies") {
        return w;
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        return &w[..w.len() - 1];
    }
    w
}

fn is_source_noun(w: &str) -> bool {
    lex().source_nouns.contains(w)
        || lex().source_nouns.contains(singular(w))
        || w == "authorities"
        || w == "militaries"
        || w == "agencies"
        || w == "parties"
        || w == "countries"
        || w == "communities"
        || w == "allies"
}

/// The noun phrase a cue's speaker was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NpKind {
    /// Index into `Analysis::mentions`.
    Mention(usize),
    Pronoun,
    /// A description; `head` is the token index of its head noun.
    Nominal {
        head: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Np {
    /// Token range `[lo, hi)`.
    lo: usize,
    hi: usize,
    kind: NpKind,
}

/// A quote before pronoun and description resolution.
#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    parts: Vec<Span>,
    direct: bool,
    cue: Option<Span>,
    np: Option<Np>,
    /// Participial cues (", adding that ...") take the speaker of the clause they hang on.
    inherit: bool,
    sentence: Span,
    confidence: f32,
    /// The rule that found it: see [`rules`].
    rule: &'static str,
}

/// Names of the rules that find quotes, recorded on each quote.
pub mod rules {
    pub const DIRECT_CLAUSE_AFTER: &str = "quote.direct_clause_after";
    pub const DIRECT_CLAUSE_BEFORE: &str = "quote.direct_clause_before";
    pub const DIRECT_CONTINUES_SPEAKER: &str = "quote.direct_continues_speaker";
    pub const REPORTED_PARTICIPLE: &str = "quote.reported_participle";
    pub const REPORTED_CONTENT_BEFORE_SPEAKER: &str = "quote.reported_content_before_speaker";
    pub const REPORTED_SPEAKER_BEFORE_CONTENT: &str = "quote.reported_speaker_before_content";
    pub const REPORTED_CUE_BEFORE_SPEAKER: &str = "quote.reported_cue_before_speaker";
    pub const ACCORDING_TO: &str = "quote.according_to";
    pub const REPORTED_AS_CLAUSE: &str = "quote.reported_as_clause";
}

/// How much each rule is trusted, recorded on the quotes it finds (0 to 1).
pub mod confidence {
    pub const DIRECT_CLAUSE_AFTER: f32 = 0.9;
    pub const DIRECT_CLAUSE_BEFORE: f32 = 0.85;
    pub const DIRECT_CONTINUES_SPEAKER: f32 = 0.5;
    pub const REPORTED_PARTICIPLE: f32 = 0.6;
    pub const REPORTED_CONTENT_BEFORE_SPEAKER: f32 = 0.7;
    /// With a named or pronoun speaker.
    pub const REPORTED_SPEAKER_BEFORE_CONTENT: f32 = 0.75;
    /// The same rule with a description as speaker ("officials said ...").
    pub const REPORTED_DESCRIPTION_BEFORE_CONTENT: f32 = 0.6;
    pub const REPORTED_CUE_BEFORE_SPEAKER: f32 = 0.7;
    pub const REPORTED_AS_CLAUSE: f32 = 0.65;
    pub const ACCORDING_TO: f32 = 0.7;
}

/// Shared state of one article's quote extraction.
struct Cx<'a> {
    text: &'a str,
    lower: String,
    toks: Vec<Tok>,
    /// Sentence index of each token (`usize::MAX` outside any sentence).
    sent_of: Vec<usize>,
    /// Sentences as token ranges `[lo, hi)` and byte spans.
    sents: Vec<(usize, usize, Span)>,
    segs: Vec<Segment>,
    /// Mention index by start and end byte.
    mention_by_end: HashMap<usize, usize>,
    mention_by_start: HashMap<usize, usize>,
    /// Grammatical gender of person actors, when the article shows it.
    gender: Vec<Option<Gender>>,
    /// Person actors by the last word of their name, and every actor by its aliases (the first
    /// actor wins), for speakers the entity finder missed.
    by_last_word: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
    analysis: &'a Analysis,
    budget: &'a Budget,
}

/// What he/she can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// "e.g." and "N.V." as one token with their final full stop, so that "the N.V. board" stays
/// one noun phrase (the shared tokenizer leaves that stop apart).
fn join_dotted_abbreviations(text: &str, toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        if let Some(last) = out.last_mut()
            && !t.word
            && t.span.start == last.span.end
            && t.span.slice(text) == "."
            && last.word
            && last.span.len() <= 6
            && last.span.slice(text).contains('.')
        {
            last.span.end = t.span.end;
            continue;
        }
        out.push(t);
    }
    out
}

impl<'a> Cx<'a> {
    fn new(doc: &Doc<'a>, analysis: &'a Analysis, budget: &'a Budget) -> Self {
        let text = doc.text;
        let toks = join_dotted_abbreviations(text, doc.words());
        let lower = text.to_ascii_lowercase();
        let mut cx = Cx {
            text,
            lower,
            toks,
            sent_of: Vec::new(),
            sents: Vec::new(),
            segs: segments(text, doc.body_start),
            mention_by_end: HashMap::new(),
            mention_by_start: HashMap::new(),
            gender: Vec::new(),
            by_last_word: HashMap::new(),
            by_alias: HashMap::new(),
            analysis,
            budget,
        };
        for (i, m) in analysis.mentions.iter().enumerate() {
            cx.mention_by_end.entry(m.span.end).or_insert(i);
            cx.mention_by_start.entry(m.span.start).or_insert(i);
        }
        for (ai, a) in analysis.actors.iter().enumerate() {
            if let Some((_, last)) = a.name.rsplit_once(' ') {
                cx.by_last_word.entry(last.to_string()).or_insert(ai);
            }
            for al in &a.aliases {
                cx.by_alias.entry(al.clone()).or_insert(ai);
            }
        }
        budget.tick(cx.toks.len() + analysis.mentions.len() + analysis.actors.len());
        cx.build_sentences(&doc.sentences);
        cx.gender = cx.genders();
        cx
    }

    /// Lower-case text of token `i` (ASCII folding keeps byte offsets).
    fn low(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.lower.get(t.span.start..t.span.end))
            .unwrap_or("")
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.word && t.span.slice(self.text) == p)
    }

    fn is_quote_tok(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            !t.word && quote_mark_at(self.text, t.span.start).is_some()
                || matches!(t.span.slice(self.text), "'" | "\u{2018}" | "\u{2019}")
                    && self.is_quote_boundary(i)
        })
    }

    /// A single quote token that touches a double-quote mark (part of `''`).
    fn is_quote_boundary(&self, i: usize) -> bool {
        let t = self.toks.get(i);
        t.is_some_and(|t| {
            self.text
                .get(t.span.start..)
                .is_some_and(|r| r.starts_with("''"))
                || (t.span.start > 0
                    && self
                        .text
                        .get(t.span.start - 1..)
                        .is_some_and(|r| r.starts_with("''")))
        })
    }

    /// Merges the engine's sentences where one ends in an abbreviation ("Mr.") and maps tokens.
    fn build_sentences(&mut self, raw: &[Span]) {
        let mut merged: Vec<Span> = Vec::with_capacity(raw.len());
        for s in raw {
            if let Some(last) = merged.last_mut() {
                let prev = last.slice(self.text);
                let between = self.text.get(last.end..s.start).unwrap_or("");
                let next_lower = s
                    .slice(self.text)
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase());
                let abbrev = prev.strip_suffix('.').is_some_and(|p| {
                    let w = p
                        .rsplit(|c: char| !(c.is_alphanumeric() || c == '.'))
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    is_abbreviation(&w) || (w.chars().count() == 1 && !w.is_empty())
                });
                let short = s.end.saturating_sub(last.start) <= MAX_MERGED_SENTENCE;
                if !between.contains('\n') && (abbrev || next_lower) && short {
                    last.end = s.end;
                    continue;
                }
            }
            merged.push(*s);
        }
        self.sent_of = vec![usize::MAX; self.toks.len()];
        let mut ti = 0;
        for (si, s) in merged.iter().enumerate() {
            while ti < self.toks.len() && self.toks[ti].span.start < s.start {
                ti += 1;
            }
            let lo = ti;
            while ti < self.toks.len() && self.toks[ti].span.end <= s.end {
                self.sent_of[ti] = si;
                ti += 1;
            }
            self.sents.push((lo, ti, *s));
        }
    }

    /// Token index of the first token starting at or after byte `b`.
    fn tok_at(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < b)
    }

    /// The segment containing byte `b`, if any.
    fn seg_containing(&self, b: usize) -> Option<usize> {
        let i = self.segs.partition_point(|s| s.span.end <= b);
        self.segs
            .get(i)
            .filter(|s| s.span.start <= b && b < s.span.end)
            .map(|_| i)
    }

    fn in_segment(&self, tok: usize) -> bool {
        self.toks
            .get(tok)
            .is_some_and(|t| self.seg_containing(t.span.start).is_some())
    }

    fn span_of(&self, lo: usize, hi: usize) -> Span {
        match (
            self.toks.get(lo),
            hi.checked_sub(1).and_then(|h| self.toks.get(h)),
        ) {
            (Some(a), Some(b)) if hi > lo => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        }
    }

    fn sentence_of_tok(&self, i: usize) -> Option<(usize, usize, Span)> {
        self.sent_of
            .get(i)
            .and_then(|&s| self.sents.get(s))
            .copied()
    }

    /// Trims trailing punctuation (but not closing quotation marks) from a token range.
    fn trim_range(&self, lo: usize, mut hi: usize) -> (usize, usize) {
        while hi > lo {
            let k = hi - 1;
            if self.is_word(k) || self.is_quote_tok(k) {
                break;
            }
            hi -= 1;
        }
        let mut lo = lo;
        while lo < hi && !self.is_word(lo) && !self.is_quote_tok(lo) {
            lo += 1;
        }
        (lo, hi)
    }

    fn word_count(&self, lo: usize, hi: usize) -> usize {
        (lo..hi).filter(|&k| self.is_word(k)).count()
    }
}

/// Finds direct and reported quotes in `doc` and stores them in `analysis.quotes`.
///
/// Reads `analysis.mentions`, `analysis.actors` (with roles when `roles` ran first); never fails.
pub fn find(doc: &Doc, analysis: &mut Analysis) {
    find_within(doc, analysis, &Budget::unlimited());
}

/// [`find`] under a budget: stops between quoted segments and sentences once it has run out.
pub fn find_within(doc: &Doc, analysis: &mut Analysis, budget: &Budget) {
    let quotes = {
        let cx = Cx::new(doc, analysis, budget);
        let mut cands = direct_quotes(&cx);
        reported_quotes(&cx, &mut cands);
        if budget.over() {
            return;
        }
        drop_nested(&mut cands, budget);
        cands.sort_by_key(|c| (c.span.start, c.span.end));
        resolve(&cx, cands)
    };
    analysis.quotes = quotes.0;
    analysis.rules.quotes = quotes.1.into_iter().map(Into::into).collect();
}

/// Drops candidates that stand inside another one's content: quoted words of a mixed quote
/// without a cue of their own, and attributions reported inside a reported quote ("X said
/// Y had told police that ...").
fn drop_nested(cands: &mut Vec<Candidate>, budget: &Budget) {
    // Containers by start; a candidate looks back over the few that start at or before it.
    let mut outer: Vec<(Span, Option<Span>, bool)> =
        cands.iter().map(|c| (c.span, c.cue, c.direct)).collect();
    outer.sort_by_key(|o| (o.0.start, std::cmp::Reverse(o.0.end)));
    cands.retain(|c| {
        let upto = outer.partition_point(|o| o.0.start <= c.span.start);
        let from = upto.saturating_sub(LOOKBACK);
        budget.tick(upto - from);
        !outer[from..upto].iter().any(|&(span, cue, direct)| {
            if span == c.span && cue == c.cue {
                return false;
            }
            let inside = span.contains(&c.span) && span != c.span;
            let cue_inside = c.cue.is_some_and(|q| span.contains(&q));
            (inside && c.cue.is_none()) || (!direct && !c.direct && cue_inside && inside)
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, Article, FoundActor, FoundMention, Speaker};

    /// Runs quote finding with the given actors, marking every occurrence of each name.
    pub(super) fn run(
        text: &str,
        actors: &[(&str, ActorKind)],
    ) -> (Analysis, Vec<(String, String)>) {
        let doc = Doc::new(text, 0);
        let mut analysis = Analysis {
            sentences: doc.sentences.clone(),
            ..Analysis::default()
        };
        for (name, kind) in actors {
            analysis.actors.push(FoundActor {
                name: (*name).to_string(),
                kind: *kind,
                aliases: vec![],
                roles: vec![],
                affiliations: vec![],
                confidence: 1.0,
            });
        }
        let mut mentions = Vec::new();
        for (ai, (name, _)) in actors.iter().enumerate() {
            let mut variants = vec![(*name).to_string()];
            if let Some(last) = name.rsplit(' ').next().filter(|l| *l != *name) {
                variants.push(last.to_string());
            }
            for v in &variants {
                let mut from = 0;
                while let Some(p) = text[from..].find(v.as_str()) {
                    let s = from + p;
                    let span = Span::new(s, s + v.len());
                    if !mentions
                        .iter()
                        .any(|m: &FoundMention| m.span.overlaps(&span))
                    {
                        mentions.push(FoundMention {
                            actor: ai,
                            span,
                            confidence: 1.0,
                        });
                    }
                    from = s + v.len();
                }
            }
        }
        mentions.sort_by_key(|m| m.span.start);
        analysis.mentions = mentions;
        find(&doc, &mut analysis);
        let pairs = analysis
            .quotes
            .iter()
            .map(|q| {
                let who = match &q.speaker {
                    Speaker::Actor(i) => analysis.actors[*i].name.clone(),
                    Speaker::Description(d) => d.clone(),
                    Speaker::Unknown => "?".into(),
                };
                (q.span.slice(text).to_string(), who)
            })
            .collect();
        (analysis, pairs)
    }

    /// Each quote found in `text` as (quoted words, speaker, rule, confidence).
    pub(super) fn found(
        text: &str,
        actors: &[(&str, ActorKind)],
    ) -> Vec<(String, String, String, f32)> {
        let (a, pairs) = run(text, actors);
        pairs
            .into_iter()
            .zip(&a.rules.quotes)
            .zip(&a.quotes)
            .map(|(((q, who), rule), fq)| (q, who, rule.to_string(), fq.confidence))
            .collect()
    }

    pub(super) const P: ActorKind = ActorKind::Person;
    const O: ActorKind = ActorKind::Org;

    #[test]
    fn direct_quote_with_clause_after() {
        let text = "\"We will rebuild the bridge by spring,\" said Anna Berg, the mayor of Tolmin.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(
            q,
            vec![(
                "\"We will rebuild the bridge by spring,\"".to_string(),
                "Anna Berg".to_string()
            )]
        );
    }

    #[test]
    fn split_quote_is_one_with_parts() {
        let text = "\u{201C}The talks are over,\u{201D} Berg said. \u{201C}We go home now.\u{201D}";
        let (a, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(a.quotes[0].parts.len(), 2);
        assert_eq!(
            a.quotes[0].parts[1].slice(text),
            "\u{201C}We go home now.\u{201D}"
        );
        assert_eq!(q[0].1, "Anna Berg");
        assert!(a.quotes[0].direct);
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "Anna Berg said: \"The first part of the statement runs here.\n\n\"And the second paragraph ends it.\"\n\nNext.";
        let (a, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(a.quotes[0].span.slice(text).ends_with("ends it.\""));
        assert_eq!(q[0].1, "Anna Berg");
    }

    #[test]
    fn pronoun_speaker_resolves_to_last_person() {
        let text =
            "Anna Berg met the press on Monday.\n\n\"We are not leaving the harbour,\" she said.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(q[0].1, "Anna Berg");
    }

    #[test]
    fn pronoun_skips_names_inside_quotes() {
        let text = "Teo Marr spoke.\n\n\"If Anna Berg signs the deal, it is a good day for the port,\" he said.";
        let (_, q) = run(text, &[("Teo Marr", P), ("Anna Berg", P)]);
        assert_eq!(q[0].1, "Teo Marr");
    }

    #[test]
    fn it_resolves_to_organisation() {
        let text =
            "Although the Harbour League declined to comment, it said it would attend the meeting.";
        let (_, q) = run(text, &[("Harbour League", O)]);
        assert_eq!(
            q,
            vec![(
                "it would attend the meeting".to_string(),
                "Harbour League".to_string()
            )]
        );
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        let text = "The so-called \"deal\" was signed in the \"Blue Room\" of the palace.";
        let (_, q) = run(text, &[]);
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn reported_with_that_and_description_speaker() {
        let text = "In talks with the rebels, Northern officials made it clear that the port must stay open.";
        let (a, q) = run(text, &[]);
        assert_eq!(
            q,
            vec![(
                "the port must stay open".to_string(),
                "Northern officials".to_string()
            )]
        );
        assert!(!a.quotes[0].direct);
        assert_eq!(
            a.quotes[0].cue.map(|c| c.slice(text)),
            Some("made it clear")
        );
    }

    #[test]
    fn reported_clause_after_content() {
        let text = "The ferry will run again next week, Anna Berg said on Tuesday.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(
            q,
            vec![(
                "The ferry will run again next week".to_string(),
                "Anna Berg".to_string()
            )]
        );
    }

    #[test]
    fn reported_parenthetical_has_two_parts() {
        let text = "The ferry, Anna Berg said, will run again next week.";
        let (a, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(q.len(), 1);
        assert_eq!(a.quotes[0].parts.len(), 2);
        assert_eq!(a.quotes[0].parts[1].slice(text), "will run again next week");
    }

    #[test]
    fn told_skips_the_addressee() {
        let text = "Anna Berg told reporters that the bridge would reopen.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(
            q,
            vec![(
                "the bridge would reopen".to_string(),
                "Anna Berg".to_string()
            )]
        );
    }

    #[test]
    fn according_to_before_and_after() {
        let text = "According to the leader of the Dock Union, Teo Marr, the strike will end soon.\n\nThe strike cost millions, according to Anna Berg.";
        let (_, q) = run(
            text,
            &[("Teo Marr", P), ("Anna Berg", P), ("Dock Union", O)],
        );
        assert_eq!(
            q,
            vec![
                (
                    "the strike will end soon".to_string(),
                    "Teo Marr".to_string()
                ),
                (
                    "The strike cost millions".to_string(),
                    "Anna Berg".to_string()
                )
            ]
        );
    }

    #[test]
    fn adding_that_makes_a_second_quote() {
        let text = "Anna Berg said the port was safe, adding that the ships would sail on Friday.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(
            q,
            vec![
                ("the port was safe".to_string(), "Anna Berg".to_string()),
                (
                    "the ships would sail on Friday".to_string(),
                    "Anna Berg".to_string()
                )
            ]
        );
    }

    #[test]
    fn content_stops_at_asides_and_new_statements() {
        let text = "Anna Berg questioned the safety of the old bridge, leaving drivers to wait.\n\nTeo Marr acknowledged the delay, which angered the council.\n\nAnna Berg said the port was open, but Teo Marr denied that the ships could sail.";
        let (_, q) = run(text, &[("Anna Berg", P), ("Teo Marr", P)]);
        assert_eq!(
            q,
            vec![
                (
                    "the safety of the old bridge".to_string(),
                    "Anna Berg".to_string()
                ),
                ("the delay".to_string(), "Teo Marr".to_string()),
                ("the port was open".to_string(), "Anna Berg".to_string()),
                ("the ships could sail".to_string(), "Teo Marr".to_string()),
            ]
        );
    }

    #[test]
    fn gender_picks_the_matching_person() {
        let text = "Mrs. Anna Berg met Mr. Teo Marr at the port.\n\n\"We will reopen the harbour next week,\" she said.";
        let (_, q) = run(text, &[("Anna Berg", P), ("Teo Marr", P)]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].1, "Anna Berg");
    }

    #[test]
    fn unnamed_name_after_description_is_the_speaker() {
        let text = "According to the head of the Dock Union, Sela Vard Omari, the strike is over.";
        let (_, q) = run(text, &[("Dock Union", O)]);
        assert_eq!(
            q,
            vec![(
                "the strike is over".to_string(),
                "Sela Vard Omari".to_string()
            )]
        );
    }

    #[test]
    fn mixed_quote_is_reported() {
        let text = "Anna Berg said the plan was \u{201C}a mistake\u{201D} from the start.";
        let (a, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(!a.quotes[0].direct);
        assert_eq!(
            q[0].0,
            "the plan was \u{201C}a mistake\u{201D} from the start"
        );
    }

    #[test]
    fn clause_before_colon() {
        let text = "Teo Marr arrived late. He said: \"Nobody told us about the meeting.\"";
        let (a, q) = run(text, &[("Teo Marr", P)]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(a.quotes[0].direct);
        assert_eq!(q[0].1, "Teo Marr");
    }

    #[test]
    fn weak_cue_needs_a_source_subject() {
        let text = "The storm questioned nothing. Anna Berg urged residents to leave the coast.";
        let (_, q) = run(text, &[("Anna Berg", P)]);
        assert_eq!(
            q,
            vec![(
                "residents to leave the coast".to_string(),
                "Anna Berg".to_string()
            )]
        );
    }

    #[test]
    fn a_description_stays_a_description_after_a_named_role_holder() {
        let text = "Teo Marr, the spokesman of the league, spoke first. Later the spokesman said the port would reopen.";
        let doc = Doc::new(text, 0);
        let mut analysis = Analysis {
            sentences: doc.sentences.clone(),
            ..Analysis::default()
        };
        analysis.actors.push(FoundActor {
            name: "Teo Marr".into(),
            kind: P,
            aliases: vec![],
            roles: vec![crate::model::FoundRole {
                title: "spokesman".into(),
                of: None,
                span: Span::new(10, 23),
            }],
            affiliations: vec![],
            confidence: 1.0,
        });
        analysis.mentions.push(FoundMention {
            actor: 0,
            span: Span::new(0, 8),
            confidence: 1.0,
        });
        find(&doc, &mut analysis);
        assert_eq!(analysis.quotes.len(), 1);
        assert_eq!(
            analysis.quotes[0].speaker,
            Speaker::Description("spokesman".into())
        );
    }

    #[test]
    fn whole_engine_survives_random_news_like_text() {
        // A fixed pseudo-random mix of quote marks, cue words, names and odd characters.
        let pieces = [
            "\"",
            "\u{201C}",
            "\u{201D}",
            "''",
            "'",
            ",",
            ".",
            ":",
            "\n",
            "\n\n",
            " said ",
            " told ",
            " according to ",
            " he ",
            " she ",
            " it ",
            " Anna Berg ",
            " the spokesman ",
            " Mr. ",
            " (",
            ") ",
            "\u{2014}",
            " ceasefire ",
            " talks ",
            "é",
            "\u{1F600}",
            " that ",
            " adding ",
            " Dock Union's chief ",
            ", deputy minister of ",
            " who ",
            " and said ",
        ];
        let engine = crate::extract::Engine::new();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let article = Article {
                text,
                ..Article::default()
            };
            let a = engine.analyse(&article);
            for q in &a.quotes {
                assert!(article.text.get(q.span.start..q.span.end).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "\"",
            "\u{201C}",
            "said",
            ", said",
            "\"a\" said \"",
            "according to",
            "''x''",
            "\u{201D}\u{201C}",
            "é\"ü said X",
        ] {
            let _ = run(t, &[]);
        }
        let _ = Article::default();
    }
}
