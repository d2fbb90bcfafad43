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
//!    (persons for he/she; organisations and places for it/they), or a description ("Pakistani
//!    officials"); "the spokesman" becomes the actor whose stated role is spokesman.
//!
//! Everything works on a small word tokenizer of its own (apostrophes split, hyphens kept), so the
//! rules do not depend on how the entity tokenizer treats punctuation.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{ActorKind, Analysis, FoundQuote, Span, Speaker};

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

/// True for a lower-case verb of saying from `assets/cues.txt` ("said", "told").
pub(super) fn is_speech_verb(w: &str) -> bool {
    lexicon().by_first.get(w).is_some_and(|e| {
        e.iter()
            .any(|(rest, class)| rest.is_empty() && *class != CueClass::Act)
    })
}
use super::text::Doc;

/// Sentences ending in an abbreviation are joined to the next one only while the joined
/// sentence stays shorter than this (bytes), so that chunks of an over-long sentence stay apart.
const MAX_MERGED_SENTENCE: usize = 2000;

/// The reporting-cue lexicon (format described in the file's header).
const CUES: &str = include_str!("../../assets/cues.txt");

/// How a cue takes its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueClass {
    /// Verbs of saying: content before or after.
    Speech,
    /// Like speech, with an optional addressee before the content.
    Tell,
    /// Communicative acts: content only after the cue, subject must look like a source.
    Act,
}

/// Cue forms keyed by their first word; each entry is the remaining words and the class.
struct Lexicon {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| parse_lexicon(CUES))
}

fn parse_lexicon(src: &'static str) -> Lexicon {
    let mut by_first: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>> = HashMap::new();
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((class, forms)) = line.split_once(':') else {
            continue;
        };
        let class = match class.trim() {
            "speech" => CueClass::Speech,
            "tell" => CueClass::Tell,
            "act" => CueClass::Act,
            _ => continue,
        };
        for form in forms.split_whitespace() {
            let mut words = form.split('_').filter(|w| !w.is_empty());
            let Some(first) = words.next() else { continue };
            let entry = by_first.entry(first).or_default();
            entry.push((words.collect(), class));
            // Longest forms first, so "point out" wins over a bare "point".
            entry.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
    }
    Lexicon { by_first }
}

/// One token of the quote tokenizer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) span: Span,
    /// Starts with a letter or digit.
    pub(super) word: bool,
    /// Starts with an upper-case letter.
    pub(super) cap: bool,
}

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

/// Opening or closing quotation marks recognised around direct quotes.
fn quote_mark_at(text: &str, i: usize) -> Option<(QuoteMark, usize)> {
    let rest = text.get(i..)?;
    let c = rest.chars().next()?;
    match c {
        '"' => Some((QuoteMark::Either, 1)),
        '\u{201C}' | '\u{201E}' | '\u{00AB}' => Some((QuoteMark::Open, c.len_utf8())),
        '\u{201D}' | '\u{00BB}' => Some((QuoteMark::Close, c.len_utf8())),
        '\'' if rest.starts_with("''") => Some((QuoteMark::Either, 2)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteMark {
    Open,
    Close,
    Either,
}

/// A stretch of text between quotation marks, marks included.
#[derive(Debug, Clone, Copy)]
struct Segment {
    span: Span,
}

/// Finds quoted segments paragraph by paragraph (see the module docs).
fn segments(text: &str, from: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_content_end = from;
    let mut i = from;
    while i < text.len() {
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c == '\n' {
            if let Some(o) = open {
                // A quote left open at the end of a paragraph continues only when the next
                // paragraph opens with a quotation mark.
                let mut j = i;
                while let Some(n) = text.get(j..).and_then(|r| r.chars().next()) {
                    if n.is_whitespace() {
                        j += n.len_utf8();
                    } else {
                        break;
                    }
                }
                match quote_mark_at(text, j) {
                    Some((QuoteMark::Open | QuoteMark::Either, len)) => {
                        i = j + len;
                        let _ = o;
                        continue;
                    }
                    _ => {
                        out.push(Segment {
                            span: Span::new(o, last_content_end),
                        });
                        open = None;
                    }
                }
            }
            i += 1;
            continue;
        }
        if let Some((mark, len)) = quote_mark_at(text, i) {
            match (open, mark) {
                (None, QuoteMark::Open | QuoteMark::Either) => open = Some(i),
                (Some(o), QuoteMark::Close | QuoteMark::Either) => {
                    out.push(Segment {
                        span: Span::new(o, i + len),
                    });
                    open = None;
                }
                // A second opening mark: the first one was never closed.
                (Some(_), QuoteMark::Open) => open = Some(i),
                (None, QuoteMark::Close) => {}
            }
            i += len;
            last_content_end = i;
            continue;
        }
        if !c.is_whitespace() {
            last_content_end = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    if let Some(o) = open {
        out.push(Segment {
            span: Span::new(o, last_content_end),
        });
    }
    out.retain(|s| s.span.len() > 2);
    out
}

/// Splits `text[from..]` into word and punctuation tokens (shared with [`super::roles`]).
pub(super) fn tokenize(text: &str, from: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start: Option<(usize, bool)> = None;
    let mut iter = text
        .get(from..)
        .unwrap_or("")
        .char_indices()
        .map(|(i, c)| (i + from, c))
        .peekable();
    while let Some((i, c)) = iter.next() {
        let next_alnum = iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        let next_upper = iter.peek().is_some_and(|&(_, n)| n.is_uppercase());
        // "O'Neill", "D'Souza": an apostrophe after a single capital joins a name.
        let name_apostrophe = (c == '\'' || c == '\u{2019}')
            && next_upper
            && start.is_some_and(|(s, cap)| cap && i == s + 1);
        let joiner = start.is_some() && (c == '-' || c == '.') && next_alnum || name_apostrophe;
        if c.is_alphanumeric() || joiner {
            if start.is_none() {
                start = Some((i, c.is_uppercase()));
            }
            continue;
        }
        if let Some((s, cap)) = start.take() {
            let word = text.get(s..i).unwrap_or("");
            // "Mr." and initials keep their full stop, so they never end a name or a sentence.
            let keeps_stop = c == '.'
                && (lex().title_abbreviations.contains_lower(word)
                    || (word.chars().count() == 1 && cap));
            if keeps_stop {
                out.push(Tok {
                    span: Span::new(s, i + 1),
                    word: true,
                    cap,
                });
                continue;
            }
            out.push(Tok {
                span: Span::new(s, i),
                word: true,
                cap,
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                span: Span::new(i, i + c.len_utf8()),
                word: false,
                cap: false,
            });
        }
    }
    if let Some((s, cap)) = start {
        out.push(Tok {
            span: Span::new(s, text.len()),
            word: true,
            cap,
        });
    }
    out
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
    /// Role titles' last words (lower case) -> (role start, person actor), sorted by start.
    by_role: HashMap<String, Vec<(usize, usize)>>,
    analysis: &'a Analysis,
    budget: &'a Budget,
}

/// What he/she can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

impl<'a> Cx<'a> {
    fn new(doc: &Doc<'a>, analysis: &'a Analysis, budget: &'a Budget) -> Self {
        let text = doc.text;
        let toks = tokenize(text, doc.body_start);
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
            by_role: HashMap::new(),
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
            if a.kind == ActorKind::Person {
                for r in &a.roles {
                    let last = r
                        .title
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    cx.by_role.entry(last).or_default().push((r.span.start, ai));
                }
            }
        }
        for list in cx.by_role.values_mut() {
            list.sort_unstable();
        }
        budget.tick(cx.toks.len() + analysis.mentions.len() + analysis.actors.len());
        cx.build_sentences(&doc.sentences);
        cx.gender = cx.genders();
        cx
    }

    /// Gender votes per person actor: honorifics, role words, given names, and which of he/she
    /// follows the actor's mentions in the same sentence.
    fn genders(&self) -> Vec<Option<Gender>> {
        let mut votes = vec![(0i32, 0i32); self.analysis.actors.len()];
        for (i, a) in self.analysis.actors.iter().enumerate() {
            if a.kind != ActorKind::Person {
                continue;
            }
            let Some(v) = votes.get_mut(i) else { continue };
            let first = a
                .name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            // Given names from the census lists (`assets/lexicon/given_names_*.txt`).
            if lexicon::female_given_names().contains(&first) {
                v.1 += 2;
            }
            if lexicon::male_given_names().contains(&first) {
                v.0 += 2;
            }
            for r in &a.roles {
                let t = r.title.to_lowercase();
                if t.contains("woman") || t.contains("queen") || t.contains("princess") {
                    v.1 += 2;
                } else if t.ends_with("man") || t.contains("king") || t.contains("prince") {
                    v.0 += 1;
                }
            }
        }
        for m in &self.analysis.mentions {
            let Some(v) = votes.get_mut(m.actor) else {
                continue;
            };
            let first = self.tok_at(m.span.start);
            match self.low(first.wrapping_sub(1)) {
                "mr." | "mr" => v.0 += 3,
                "mrs." | "ms." | "mrs" | "ms" | "miss" => v.1 += 3,
                _ => {}
            }
            // the first he/she after the mention in its sentence, before another name
            let after = self.tok_at(m.span.end);
            let Some((_, hi, _)) = self.sentence_of_tok(first) else {
                continue;
            };
            for k in after..hi.min(after + 25) {
                if self.in_segment(k) {
                    continue;
                }
                if self
                    .toks
                    .get(k)
                    .is_some_and(|t| self.mention_by_start.contains_key(&t.span.start))
                {
                    break;
                }
                match self.low(k) {
                    "he" | "his" | "him" | "himself" => {
                        v.0 += 1;
                        break;
                    }
                    "she" | "her" | "hers" | "herself" => {
                        v.1 += 1;
                        break;
                    }
                    _ => {}
                }
            }
        }
        votes
            .into_iter()
            .map(|(m, f)| match m.cmp(&f) {
                std::cmp::Ordering::Greater => Some(Gender::Male),
                std::cmp::Ordering::Less => Some(Gender::Female),
                std::cmp::Ordering::Equal => None,
            })
            .collect()
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

    /// Matches a cue starting at token `i`: returns its class and the token after it.
    fn cue_at(&self, i: usize) -> Option<(CueClass, usize)> {
        if !self.is_word(i) {
            return None;
        }
        // "United States", "the State Department": capitalised forms are names, except as the
        // first word of a sentence ("Asked about ...").
        if self.toks.get(i).is_some_and(|t| t.cap)
            && self.sentence_of_tok(i).is_none_or(|(lo, _, _)| lo != i)
        {
            return None;
        }
        let entries = lexicon().by_first.get(self.low(i))?;
        'entry: for (rest, class) in entries {
            let mut j = i + 1;
            for w in rest {
                if self.low(j) != *w {
                    continue 'entry;
                }
                j += 1;
            }
            return Some((*class, j));
        }
        None
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

    /// Moves left from `i` (exclusive) over auxiliaries and adverbs; returns the new end.
    fn skip_aux_back(&self, mut i: usize, lo: usize) -> usize {
        while i > lo {
            let w = self.low(i - 1);
            let t = self.toks.get(i - 1);
            let apostrophe = matches!(t.map(|t| t.span.slice(self.text)), Some("'" | "\u{2019}"));
            if lex().auxiliaries.contains(w)
                || apostrophe
                || (w.len() > 4 && w.ends_with("ly") && w != "family")
            {
                i -= 1;
            } else {
                break;
            }
        }
        i
    }

    /// The noun phrase ending just before token `end`, not reaching before `lo`.
    fn np_before(&self, end: usize, lo: usize) -> Option<Np> {
        if end <= lo {
            return None;
        }
        let j = end - 1;
        let tok = self.toks.get(j)?;
        // "Dana Olver (R-Vt.) told": the name is before the parentheses.
        if self.is_punct(j, ")") {
            let open = (j.saturating_sub(10)..j)
                .rev()
                .find(|&k| self.is_punct(k, "("))?;
            return self.np_before(open, lo);
        }
        // Appositive or relative clause: "X, the ambassador, said"; "X, who heads Y, said".
        if self.is_punct(j, ",") {
            return self.np_before_appositive(j, lo);
        }
        if !tok.word {
            return None;
        }
        let w = self.low(j);
        if lex().speaker_pronouns.contains(w) {
            return Some(Np {
                lo: j,
                hi: end,
                kind: NpKind::Pronoun,
            });
        }
        if w == "who" && j > lo && self.is_punct(j - 1, ",") {
            return self.np_before(j - 1, lo);
        }
        if let Some(&m) = self.mention_by_end.get(&tok.span.end) {
            let ms = self.analysis.mentions.get(m)?.span;
            let mlo = self.tok_at(ms.start);
            if mlo >= lo {
                // "A spokeswoman for Ilse Varnhagen said": the head is before the preposition.
                if let Some(np) = self.head_before_preposition(mlo, lo) {
                    return Some(np);
                }
                return Some(Np {
                    lo: mlo,
                    hi: end,
                    kind: NpKind::Mention(m),
                });
            }
        }
        let np = self.nominal_before(end, lo)?;
        if let Some(p) = self.head_before_preposition(np.lo, lo) {
            return Some(p);
        }
        Some(np)
    }

    /// When token `at - 1` is a preposition inside a noun phrase, the phrase before it.
    fn head_before_preposition(&self, at: usize, lo: usize) -> Option<Np> {
        if at < lo + 2 {
            return None;
        }
        let p = self.low(at - 1);
        if !matches!(p, "of" | "for" | "from" | "at" | "on" | "with" | "in") {
            return None;
        }
        let np = self.nominal_before(at - 1, lo)?;
        // Only accept a real head ("spokeswoman for", "leader of"), not a clause.
        match np.kind {
            NpKind::Nominal { head } if self.is_source_like(head) => Some(np),
            _ => None,
        }
    }

    fn is_source_like(&self, head: usize) -> bool {
        let w = self.low(head);
        is_source_noun(w) || self.toks.get(head).is_some_and(|t| t.cap)
    }

    /// A description ending at `end`: content words back to a determiner or function word.
    fn nominal_before(&self, end: usize, lo: usize) -> Option<Np> {
        let head = end.checked_sub(1)?;
        let hw = self.low(head);
        if !self.is_word(head)
            || lex().np_function_words.contains(hw)
            || lex().determiners.contains(hw)
        {
            return None;
        }
        let mut i = head;
        while i > lo {
            let k = i - 1;
            let w = self.low(k);
            if self.is_word(k) && lex().determiners.contains(w) {
                i = k;
                break;
            }
            // Possessive "Trump's campaign": the apostrophe and "s" belong to the phrase.
            if w == "s"
                && k > lo
                && matches!(self.toks[k - 1].span.slice(self.text), "'" | "\u{2019}")
            {
                i = k - 1;
                continue;
            }
            if !self.is_word(k) || lex().np_function_words.contains(w) || head - k >= 6 {
                break;
            }
            i = k;
        }
        Some(Np {
            lo: i,
            hi: end,
            kind: NpKind::Nominal { head },
        })
    }

    /// "The Estonian Ambassador to Chile, Tomas Brandt Orlov, said": `comma` is the
    /// comma before the cue; prefers a person mention in the appositive or right before it.
    fn np_before_appositive(&self, comma: usize, lo: usize) -> Option<Np> {
        let mut open = comma;
        let mut n = 0;
        while open > lo && n < 30 {
            open -= 1;
            n += 1;
            if self.is_punct(open, ",") {
                break;
            }
        }
        if !self.is_punct(open, ",") {
            return None;
        }
        let inner = self.mention_np(comma, open + 1);
        let outer = self.np_before(open, lo).filter(|np| {
            // the phrase before the first comma must start the clause
            let start = self.title_start(np.lo, lo);
            start == lo || start.checked_sub(1).is_some_and(|p| !self.is_word(p))
        });
        let person = |np: &Option<Np>| {
            np.is_some_and(|np| match np.kind {
                NpKind::Mention(m) => self.mention_kind(m) == Some(ActorKind::Person),
                _ => false,
            })
        };
        if person(&outer) {
            return outer;
        }
        if person(&inner) {
            return inner;
        }
        outer.or(inner)
    }

    /// The last mention ending exactly at token `end` (exclusive), starting at or after `lo`.
    fn mention_np(&self, end: usize, lo: usize) -> Option<Np> {
        let last = self.toks.get(end.checked_sub(1)?)?;
        let &m = self.mention_by_end.get(&last.span.end)?;
        let mlo = self.tok_at(self.analysis.mentions.get(m)?.span.start);
        (mlo >= lo).then_some(Np {
            lo: mlo,
            hi: end,
            kind: NpKind::Mention(m),
        })
    }

    fn mention_kind(&self, m: usize) -> Option<ActorKind> {
        let a = self.analysis.mentions.get(m)?.actor;
        self.analysis.actors.get(a).map(|a| a.kind)
    }

    /// The noun phrase starting at token `i` ("said Marta Okoye, deputy ...", "said the mayor").
    fn np_after(&self, i: usize, hi: usize) -> Option<Np> {
        let tok = self.toks.get(i)?;
        if i >= hi || !tok.word {
            return None;
        }
        let w = self.low(i);
        if lex().speaker_pronouns.contains(w) {
            return Some(Np {
                lo: i,
                hi: i + 1,
                kind: NpKind::Pronoun,
            });
        }
        // Extent: words up to punctuation or a function word.
        let mut end = i;
        while end < hi && end - i < 10 {
            let w = self.low(end);
            let lower_word = self.toks.get(end).is_some_and(|t| !t.cap);
            if !self.is_word(end)
                || (end > i && lex().np_function_words.contains(w) && w != "of")
                || (end > i && lower_word && self.cue_at(end).is_some())
                || (end > i && lower_word && (lex().time_words.contains(w) || w.ends_with("ly")))
            {
                break;
            }
            end += 1;
        }
        if end == i {
            return None;
        }
        // A mention ending the phrase names the speaker ("European Council President Donald
        // Tusk"); one inside it is a modifier ("the Vellmar businessman"), and one after "of"
        // a complement ("the leader of the movement").
        let of_at = (i + 1..end).find(|&k| self.low(k) == "of").unwrap_or(end);
        let mut best: Option<Np> = None;
        for k in i..of_at {
            if let Some(&m) = self
                .toks
                .get(k)
                .and_then(|t| self.mention_by_start.get(&t.span.start))
            {
                let ms = self.analysis.mentions.get(m)?.span;
                let mhi = self.tok_at(ms.end);
                if mhi == of_at {
                    best = Some(Np {
                        lo: k,
                        hi: mhi,
                        kind: NpKind::Mention(m),
                    });
                }
            }
        }
        // "the leader of X, Tomas Brandt Orlov,": a person in the appositive wins; a
        // capitalised name the entity finder missed counts too.
        if self.is_punct(end, ",")
            && best.is_none()
            && let Some(name_end) = self.name_run(end + 1, hi)
        {
            return Some(Np {
                lo: end + 1,
                hi: name_end,
                kind: NpKind::Nominal { head: name_end - 1 },
            });
        }
        if self.is_punct(end, ",")
            && let Some(np) = self.np_after(end + 1, hi)
            && let NpKind::Mention(m) = np.kind
        {
            let closes = self.is_punct(np.hi, ",") || np.hi >= hi || self.is_punct(np.hi, ".");
            let best_is_person = best.is_some_and(|b| match b.kind {
                NpKind::Mention(bm) => self.mention_kind(bm) == Some(ActorKind::Person),
                _ => false,
            });
            if self.mention_kind(m) == Some(ActorKind::Person) && closes && !best_is_person {
                return Some(np);
            }
        }
        if best.is_some() {
            return best;
        }
        // A description: head is the last word before "of".
        let mut head = end - 1;
        for k in i..end {
            if self.low(k) == "of" && k > i {
                head = k - 1;
                break;
            }
        }
        Some(Np {
            lo: i,
            hi: end,
            kind: NpKind::Nominal { head },
        })
    }

    /// Where a name's titles start: steps left over capitalised words ("Sen.", "President")
    /// before token `i`, not past `lo`.
    fn title_start(&self, mut i: usize, lo: usize) -> usize {
        while i > lo && self.toks.get(i - 1).is_some_and(|t| t.word && t.cap) && i - 1 > lo {
            i -= 1;
        }
        if i == lo + 1 && self.toks.get(lo).is_some_and(|t| t.word && t.cap) {
            i = lo;
        }
        i
    }

    /// A run of two to four capitalised words starting at `i` and closed by punctuation: a
    /// name ("Tomas Brandt Orlov,"). Returns the token after it.
    fn name_run(&self, i: usize, hi: usize) -> Option<usize> {
        let mut k = i;
        while k < hi && k - i < 5 && self.toks.get(k).is_some_and(|t| t.word && t.cap) {
            k += 1;
        }
        let closed = k >= hi || self.toks.get(k).is_some_and(|t| !t.word);
        let no_mention_inside = (i..k).all(|j| {
            self.toks
                .get(j)
                .is_none_or(|t| !self.mention_by_start.contains_key(&t.span.start))
        });
        (k - i >= 2 && k - i <= 4 && closed && no_mention_inside).then_some(k)
    }

    /// Text of a description: the phrase without its determiner, up to its head.
    fn description(&self, np: &Np) -> String {
        let mut lo = np.lo;
        let head = match np.kind {
            NpKind::Nominal { head } => head,
            _ => np.hi.saturating_sub(1),
        };
        while lo < head && lex().determiners.contains(self.low(lo)) {
            lo += 1;
        }
        self.span_of(lo, head + 1).slice(self.text).to_string()
    }

    /// Adjunct words that may follow a cue before its content or end ("said on Friday").
    fn skip_adjuncts(&self, mut i: usize, hi: usize) -> usize {
        while i < hi {
            let w = self.low(i);
            if lex().time_words.contains(w) || (w.len() > 4 && w.ends_with("ly") && w != "family") {
                i += 1;
            } else if matches!(w, "last" | "this" | "on" | "late" | "early")
                && lex().time_words.contains(self.low(i + 1))
                || matches!(self.low(i + 1), "week" | "month" | "year")
                    && matches!(w, "last" | "this")
            {
                i += 2;
            } else {
                break;
            }
        }
        i
    }

    /// Skips prepositional adjuncts with no clause in them ("in an interview", "on Twitter",
    /// "from Kaneohe Bay"); returns `i` unchanged when the words there are not such an adjunct.
    fn adjunct_run(&self, i: usize, hi: usize) -> usize {
        const PREPS: &[&str] = &[
            "in", "on", "at", "during", "after", "before", "to", "from", "via", "as", "while",
            "outside", "inside", "near", "with", "for",
        ];
        let mut k = i;
        while k < hi && in_list(PREPS, self.low(k)) {
            let start = k;
            k += 1;
            while k < hi && k - start < 9 && self.is_word(k) {
                let w = self.low(k);
                if w == "that" || (in_list(PREPS, w) && k > start + 1) {
                    break;
                }
                k += 1;
            }
            if self.low(k) == "that" || (self.is_word(k) && !in_list(PREPS, self.low(k))) {
                return i;
            }
        }
        k
    }

    /// Where a cue's forward content starts: after an addressee, adjuncts and "that".
    fn content_start(&self, after_cue: usize, class: CueClass, hi: usize) -> usize {
        let mut i = self.skip_adjuncts(after_cue, hi);
        if class == CueClass::Tell {
            if let Some(np) = self.np_after(i, hi)
                && (!matches!(self.low(np.hi), "that") || np.kind != NpKind::Pronoun)
            {
                i = np.hi;
            }
            if self.is_punct(i, ",") || self.is_punct(i, ":") {
                i += 1;
            }
        }
        // "said in a statement that ...", "said at a news conference on Friday that ..."
        if matches!(
            self.low(i),
            "in" | "on" | "at" | "during" | "after" | "via" | "to" | "from"
        ) {
            let mut k = i;
            while k < hi && k - i < 12 && !self.is_quote_tok(k) {
                if self.low(k) == "that" {
                    return k + 1;
                }
                if self.is_punct(k, ",") || self.is_punct(k, ":") {
                    return k + 1;
                }
                k += 1;
            }
        }
        i = self.skip_adjuncts(i, hi);
        if self.low(i) == "that" || self.is_punct(i, ":") || self.is_punct(i, ",") {
            i += 1;
        }
        i
    }

    /// The last token of forward content starting at `lo`: the sentence end, or before a
    /// participial cue (", adding that ..."), or before ", according to".
    fn content_end(&self, lo: usize, hi: usize) -> usize {
        let mut k = lo;
        while k < hi {
            if self.in_segment(k) {
                k += 1;
                continue;
            }
            // a dash opens an aside ("impulses - it has also ..."); "and said" a new statement
            if self.is_punct(k, "-") || self.is_punct(k, "\u{2014}") || self.is_punct(k, "\u{2013}")
            {
                return k;
            }
            if matches!(
                self.low(k),
                "and" | "but" | "while" | "although" | "though" | "yet"
            ) && k > lo
            {
                // "... and said she would", "..., but she denied that": a new statement
                let mut n = k + 1;
                if let Some(np) = self.np_after(n, hi) {
                    let subject_like = match np.kind {
                        NpKind::Pronoun | NpKind::Mention(_) => true,
                        NpKind::Nominal { head } => self.toks.get(head).is_some_and(|t| t.cap),
                    };
                    if subject_like && self.cue_at(np.lo).is_none() {
                        n = np.hi;
                    }
                }
                while n < hi
                    && (lex().auxiliaries.contains(self.low(n)) || self.low(n).ends_with("ly"))
                {
                    n += 1;
                }
                if self.cue_at(n).is_some() && self.low(n + 1) != "by" {
                    return if self.is_punct(k - 1, ",") { k - 1 } else { k };
                }
            }
            if self.is_punct(k, ",") || self.is_punct(k, ";") {
                let w = self.low(k + 1);
                // "..., the source added.": another attribution closes the sentence
                if self.is_punct(k, ",") && self.attribution_ends(k + 1, hi) {
                    return k;
                }
                let participle = w.ends_with("ing") && self.cue_at(k + 1).is_some();
                // ", encouraging his supporters to ...": a participial clause of its own
                let clause = w.len() > 5
                    && w.ends_with("ing")
                    && self.toks.get(k + 1).is_some_and(|t| !t.cap)
                    && !lex().ing_nouns.contains(w);
                // "Hillary Clinton, who has not been charged": an aside about a name
                // ", which makes him an outlier": a comment of the writer's
                let relative = w == "which"
                    || (w == "who" && self.toks.get(k.wrapping_sub(1)).is_some_and(|t| t.cap));
                if participle
                    || clause
                    || relative
                    || w == "according"
                    || (w == "and"
                        && self.low(k + 2).ends_with("ing")
                        && self.cue_at(k + 2).is_some())
                {
                    return k;
                }
            }
            k += 1;
        }
        hi
    }

    /// True when tokens from `i` read "SPEAKER CUE [adjuncts]" up to the sentence end
    /// ("the source added.", "officials said on Friday.").
    fn attribution_ends(&self, i: usize, hi: usize) -> bool {
        let Some(np) = self.np_after(i, hi) else {
            return false;
        };
        let mut k = np.hi;
        while k < hi && lex().auxiliaries.contains(self.low(k)) {
            k += 1;
        }
        let Some((class, after)) = self.cue_at(k) else {
            return false;
        };
        let end = self.adjunct_run(self.skip_adjuncts(after, hi), hi);
        class != CueClass::Act
            && (end >= hi
                || self.is_punct(end, ".")
                || self.is_punct(end, "?")
                || self.is_punct(end, "!"))
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

/// Rule 2: quoted segments with a reporting clause next to them.
fn direct_quotes(cx: &Cx) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut used = vec![false; cx.segs.len()];
    for si in 0..cx.segs.len() {
        if si % 64 == 0 && cx.budget.over() {
            return out;
        }
        if used[si] {
            continue;
        }
        let seg = cx.segs[si];
        let open = cx.tok_at(seg.span.start);
        let close = cx.tok_at(seg.span.end); // first token after the segment
        let inner = cx.word_count(open, close);
        if inner == 0 {
            continue;
        }
        let sent = cx.sentence_of_tok(open).map_or(seg.span, |(_, _, s)| s);
        // Reporting clause after: `"...," said X` / `"...," X said`. After a full stop inside the
        // marks, a capitalised word starts the next sentence rather than a clause.
        let inner_text = cx.text.get(seg.span.start..seg.span.end).unwrap_or("");
        let full_stop = inner_text
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}'])
            .ends_with('.');
        // A quote that a clause follows ends in punctuation (`"...,"` or `"..." ,`); without
        // it the words run on (`"unmistakably and wrongfully" suggests that ...`).
        let trimmed = inner_text.trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}']);
        let ends_in_punct = trimmed.ends_with(['.', ',', '?', '!', ':', ';', '-', '\u{2014}'])
            || cx.is_punct(close, ",")
            || cx.is_punct(close, "\u{2014}");
        let clause = if (full_stop && cx.toks.get(close).is_some_and(|t| t.cap)) || !ends_in_punct {
            None
        } else {
            clause_after(cx, close)
        };
        if let Some((cue, np, clause_end)) = clause {
            used[si] = true;
            let mut parts = vec![seg.span];
            let mut span = seg.span;
            // `"A," he said, "B"`: the next segment opens right after the clause.
            if let Some(next) = cx.segs.get(si + 1) {
                let between = cx.text.get(seg.span.end..next.span.start).unwrap_or("");
                let gap = cx.tok_at(next.span.start).saturating_sub(clause_end);
                // "who heads the centre in Mexico City. ''There is ...''": a long clause may stand
                // between the pieces when it ends in punctuation right before the next one.
                let tail_punct = between.trim_end().ends_with(['.', ',', ':']);
                let near = gap <= 2 || (tail_punct && gap <= 25);
                if !between.contains('\n') && near && !used[si + 1] {
                    used[si + 1] = true;
                    parts.push(next.span);
                    span.end = next.span.end;
                }
            }
            let sentence = Span::new(sent.start.min(span.start), sent.end.max(span.end));
            out.push(Candidate {
                span,
                parts: if parts.len() > 1 { parts } else { Vec::new() },
                direct: true,
                cue: Some(cue),
                np,
                inherit: np.is_none(),
                sentence,
                confidence: 0.9,
                rule: rules::DIRECT_CLAUSE_AFTER,
            });
            continue;
        }
        // Reporting clause before: `X said: "..."`. Without a colon or comma the quote must
        // end the clause (`He said "budget reforms" and ...` is a mixed quote).
        let marked = open > 0 && (cx.is_punct(open - 1, ":") || cx.is_punct(open - 1, ","));
        let ends_clause = close >= cx.toks.len()
            || [".", ",", "?", "!", ";"]
                .iter()
                .any(|p| cx.is_punct(close, p))
            || cx
                .sentence_of_tok(open)
                .is_some_and(|(_, hi, _)| close >= hi)
            || trimmed.ends_with(['.', '?', '!']);
        let before = if marked || ends_clause {
            clause_before(cx, open)
        } else {
            None
        };
        if let Some((cue, np, inherit)) = before {
            used[si] = true;
            out.push(Candidate {
                span: seg.span,
                parts: Vec::new(),
                direct: true,
                cue: Some(cue),
                np,
                inherit,
                sentence: Span::new(sent.start.min(seg.span.start), sent.end.max(seg.span.end)),
                confidence: 0.85,
                rule: rules::DIRECT_CLAUSE_BEFORE,
            });
        }
    }
    // Unattached segments that read as whole statements continue the previous speaker.
    for (seg, _) in cx.segs.iter().zip(&used).filter(|(_, u)| !**u) {
        let seg = *seg;
        let open = cx.tok_at(seg.span.start);
        let close = cx.tok_at(seg.span.end);
        let words = cx.word_count(open, close);
        let starts_sentence = open == 0
            || cx
                .sentence_of_tok(open)
                .is_some_and(|(lo, _, _)| lo == open)
            || cx.is_punct(open.wrapping_sub(1), ":");
        let inner = cx.text.get(seg.span.start..seg.span.end).unwrap_or("");
        let ends_statement = inner
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}'])
            .ends_with(['.', '?', '!', ',']);
        if words >= 6 && starts_sentence && ends_statement {
            let sent = cx.sentence_of_tok(open).map_or(seg.span, |(_, _, s)| s);
            out.push(Candidate {
                span: seg.span,
                parts: Vec::new(),
                direct: true,
                cue: None,
                np: None,
                inherit: true,
                sentence: Span::new(sent.start.min(seg.span.start), sent.end.max(seg.span.end)),
                confidence: 0.5,
                rule: rules::DIRECT_CONTINUES_SPEAKER,
            });
        }
    }
    out
}

/// A reporting clause starting at token `i` (right after a closing quotation mark):
/// returns the cue span, the speaker phrase and the token after the clause.
fn clause_after(cx: &Cx, mut i: usize) -> Option<(Span, Option<Np>, usize)> {
    if cx.is_punct(i, ",") || cx.is_punct(i, "\u{2014}") {
        i += 1;
    }
    let hi = (i + 14).min(cx.toks.len());
    // VS: `said X`
    if let Some((class, after)) = cx.cue_at(i)
        && class != CueClass::Act
    {
        let np = cx.np_after(after, hi);
        let end = np.map_or(after, |n| n.hi);
        return Some((cx.span_of(i, after), np, clause_tail(cx, end, hi)));
    }
    // SV: `X said`, `he told reporters`
    let np = cx.np_after(i, hi)?;
    let mut k = np.hi;
    // "Mr. Obama said in an interview": step over aux words
    while k < hi && lex().auxiliaries.contains(cx.low(k)) {
        k += 1;
    }
    if np.hi == i {
        return None;
    }
    let (class, after) = cx.cue_at(k)?;
    if class == CueClass::Act {
        return None;
    }
    Some((cx.span_of(k, after), Some(np), clause_tail(cx, after, hi)))
}

/// The token after a reporting clause's adjuncts (up to the next punctuation mark).
fn clause_tail(cx: &Cx, mut i: usize, hi: usize) -> usize {
    let limit = (i + 8).min(hi.max(i));
    while i < limit && !cx.is_quote_tok(i) {
        if cx.is_punct(i, ".") || cx.is_punct(i, ",") || cx.is_punct(i, ":") {
            // commas inside "in Everett, Wash., recently" are part of the clause
            let next_quote = (i + 1..limit.min(i + 8)).find(|&k| cx.is_quote_tok(k));
            if let Some(q) = next_quote
                && (i + 1..q).all(|k| !cx.is_punct(k, ".") || k + 1 == q)
            {
                return q;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// A reporting clause ending right before the opening quotation mark at token `open`.
/// Returns the cue, the speaker phrase and whether the speaker is inherited (participle).
fn clause_before(cx: &Cx, open: usize) -> Option<(Span, Option<Np>, bool)> {
    let (lo, _, _) = cx.sentence_of_tok(open).unwrap_or((0, 0, Span::default()));
    let mut k = open;
    let colon = k > lo && (cx.is_punct(k - 1, ":") || cx.is_punct(k - 1, ","));
    if colon {
        k -= 1;
    }
    // After a colon the clause may be long ("told reporters on Friday:"); otherwise the mark
    // must follow the cue (and a comma) directly, or `said the plan was "a mistake"` would count.
    let reach = if colon && cx.is_punct(k, ":") {
        8
    } else if colon {
        2
    } else {
        0
    };
    // the cue must end within `reach` tokens before the mark
    let stop = k.saturating_sub(reach + 3).max(lo);
    let mut c = k;
    while c > stop {
        c -= 1;
        if cx.in_segment(c) {
            return None;
        }
        if let Some((class, after)) = cx.cue_at(c) {
            if after > k || k - after > reach {
                continue;
            }
            if class == CueClass::Act && !colon {
                return None;
            }
            let cue = cx.span_of(c, after);
            let w = cx.low(c);
            let participle = w.ends_with("ing") && c > lo && !cx.is_word(c - 1);
            let subj_end = cx.skip_aux_back(c, lo);
            let np = cx.np_before(subj_end, lo).or_else(|| cx.np_after(after, k));
            if participle || np.is_none() {
                return Some((cue, None, true));
            }
            return Some((cue, np, false));
        }
    }
    None
}

/// Rule 3: reported speech around cue words, skipping cues that direct quotes already used.
fn reported_quotes(cx: &Cx, cands: &mut Vec<Candidate>) {
    let mut used_cues: Vec<Span> = cands.iter().filter_map(|c| c.cue).collect();
    used_cues.sort_unstable();
    let mut direct: Vec<Span> = cands.iter().map(|c| c.span).collect();
    direct.sort_unstable();
    // Cues never overlap one another much: the used cue starting last before `cue` ends, and
    // the one before it, are the only ones that can overlap it.
    let cue_used = |cue: &Span| {
        let i = used_cues.partition_point(|u| u.start < cue.end);
        used_cues[i.saturating_sub(4)..i]
            .iter()
            .any(|u| u.overlaps(cue))
    };
    let mut out = Vec::new();
    for &(lo, hi, sent) in &cx.sents {
        if cx.budget.over() {
            break;
        }
        // Content and speaker rules scan the sentence around each cue.
        let len = hi.saturating_sub(lo);
        cx.budget.tick(len * len);
        let mut i = lo;
        while i < hi {
            // "according to X, ..." / "..., according to X."
            if cx.low(i) == "according" && cx.low(i + 1) == "to" && !cx.in_segment(i) {
                if let Some(c) = according_to(cx, i, lo, hi, sent) {
                    out.push(c);
                }
                i += 2;
                continue;
            }
            let Some((class, after)) = cx.cue_at(i) else {
                i += 1;
                continue;
            };
            let cue = cx.span_of(i, after);
            if cx.in_segment(i) || cue_used(&cue) {
                i = after;
                continue;
            }
            if let Some(c) = reported_at(cx, i, after, class, lo, hi, sent) {
                out.push(c);
            }
            i = after;
        }
    }
    // A reported quote that is only a direct quote again adds nothing. Direct quotes never
    // overlap one another, so only the ones near the reported quote's start can matter.
    out.retain(|c: &Candidate| {
        let i = direct.partition_point(|d| d.start <= c.span.start);
        let (from, to) = (i.saturating_sub(2), (i + 4).min(direct.len()));
        !direct[from..to].iter().any(|d| {
            d.contains(&c.span) || (c.span.contains(d) && d.len() * 10 >= c.span.len() * 9)
        })
    });
    cands.extend(out);
}

/// One reported quote around the cue at tokens `[i, after)` of the sentence `[lo, hi)`.
fn reported_at(
    cx: &Cx,
    i: usize,
    after: usize,
    class: CueClass,
    lo: usize,
    hi: usize,
    sent: Span,
) -> Option<Candidate> {
    let cue = cx.span_of(i, after);
    let w = cx.low(i);
    // Participles (", adding that") and coordinated verbs ("and said", "but has said") share
    // the subject of the clause they hang on.
    let before_aux = cx.skip_aux_back(i, lo);
    let prev_word = cx.low(before_aux.wrapping_sub(1));
    let participle =
        (w.ends_with("ing") && i > lo && (cx.is_punct(i - 1, ",") || cx.low(i - 1) == "and"))
            || (before_aux > lo && matches!(prev_word, "and" | "but"));
    // Passives ("was told", "has been charged with") and reduced relatives ("maintained by")
    // report nothing said by the subject.
    let prev = cx.low(i.wrapping_sub(1));
    let passive = !w.ends_with("ing")
        && (matches!(
            prev,
            "be" | "been" | "being" | "is" | "are" | "was" | "were"
        ) || cx.low(after) == "by");
    if passive {
        return None;
    }
    let subj_end = cx.skip_aux_back(i, lo);
    let mut subj = if participle {
        None
    } else {
        cx.np_before(subj_end, lo)
    };
    let mut participle = participle;
    if let Some(np) = subj
        && let NpKind::Nominal { head } = np.kind
        && !nominal_is_source(cx, head)
    {
        // "a series of tweets early Friday saying that ...": a participle after all
        if w.ends_with("ing") {
            subj = None;
            participle = true;
        } else {
            return None;
        }
    }
    let mut rest = cx.adjunct_run(cx.skip_adjuncts(after, hi), hi);
    // "..., Graham told The Huffington Post on Thursday.": step over the addressee
    if class == CueClass::Tell
        && let Some(np) = cx.np_after(rest, hi)
    {
        let r = cx.adjunct_run(cx.skip_adjuncts(np.hi, hi), hi);
        if r >= hi || [".", ",", ";", "?"].iter().any(|p| cx.is_punct(r, p)) {
            rest = r;
        }
    }
    let at_clause_end = rest >= hi
        || cx.is_punct(rest, ".")
        || cx.is_punct(rest, ",")
        || cx.is_punct(rest, ";")
        || cx.is_punct(rest, "?");
    let mk = |span: Span,
              parts: Vec<Span>,
              np: Option<Np>,
              inherit: bool,
              conf: f32,
              rule: &'static str| {
        let direct_inside = false;
        Candidate {
            rule,
            span,
            parts,
            direct: direct_inside,
            cue: Some(cue),
            np,
            inherit,
            sentence: sent,
            confidence: conf,
        }
    };
    if participle {
        if class == CueClass::Act && !cx.is_word(rest) {
            return None;
        }
        let start = cx.content_start(after, class, hi);
        let end = cx.content_end(start, hi);
        let (a, b) = cx.trim_range(start, end);
        if cx.word_count(a, b) < 2 {
            return None;
        }
        return Some(mk(
            cx.span_of(a, b),
            Vec::new(),
            None,
            true,
            0.6,
            rules::REPORTED_PARTICIPLE,
        ));
    }
    match subj {
        Some(np) => {
            if class == CueClass::Act && !subject_ok_for_act(cx, &np) {
                return None;
            }
            let start = cx.title_start(np.lo, lo);
            let before_subject = start > lo && cx.is_punct(start - 1, ",");
            if at_clause_end && before_subject && class != CueClass::Act {
                // "..., X said." or "A, X said, B."
                let (a, b) = cx.trim_range(content_left_start(cx, lo, start), start - 1);
                if cx.word_count(a, b) < 2 || (cx.word_count(a, b) < 3 && !cx.is_punct(rest, ",")) {
                    return None;
                }
                let first = cx.span_of(a, b);
                let mut parts = Vec::new();
                let mut span = first;
                if cx.is_punct(rest, ",") {
                    let end = cx.content_end(rest + 1, hi);
                    let (c, d) = cx.trim_range(rest + 1, end);
                    let second_is_cue = cx.cue_at(c).is_some_and(|_| cx.low(c).ends_with("ing"));
                    if cx.word_count(c, d) >= 2 && !second_is_cue {
                        let second = cx.span_of(c, d);
                        parts = vec![first, second];
                        span = Span::new(first.start, second.end);
                    }
                }
                return Some(mk(
                    span,
                    parts,
                    Some(np),
                    false,
                    0.7,
                    rules::REPORTED_CONTENT_BEFORE_SPEAKER,
                ));
            }
            if at_clause_end {
                return None;
            }
            let start = cx.content_start(after, class, hi);
            let end = cx.content_end(start, hi);
            let (a, b) = cx.trim_range(start, end);
            let min_words = if class == CueClass::Act { 1 } else { 2 };
            if cx.word_count(a, b) < min_words {
                return None;
            }
            // `X said "..."` is a direct quote; those were found already.
            let conf = match np.kind {
                NpKind::Mention(_) | NpKind::Pronoun => 0.75,
                NpKind::Nominal { .. } => 0.6,
            };
            Some(mk(
                cx.span_of(a, b),
                Vec::new(),
                Some(np),
                false,
                conf,
                rules::REPORTED_SPEAKER_BEFORE_CONTENT,
            ))
        }
        None => {
            // VS order: "..., said X." / "..., says the mayor"
            if class == CueClass::Act || i == lo || !cx.is_punct(i - 1, ",") {
                return None;
            }
            let np = cx.np_after(after, hi)?;
            let tail = cx.skip_adjuncts(np.hi, hi);
            let tail_ok = tail >= hi
                || cx.is_punct(tail, ".")
                || cx.is_punct(tail, ",")
                || matches!(np.kind, NpKind::Mention(_));
            if !tail_ok {
                return None;
            }
            let (a, b) = cx.trim_range(content_left_start(cx, lo, i), i - 1);
            if cx.word_count(a, b) < 3 {
                return None;
            }
            Some(mk(
                cx.span_of(a, b),
                Vec::new(),
                Some(np),
                false,
                0.7,
                rules::REPORTED_CUE_BEFORE_SPEAKER,
            ))
        }
    }
}

/// Where content to the left of a reporting clause starts: the sentence start, or after a colon.
fn content_left_start(cx: &Cx, lo: usize, before: usize) -> usize {
    let mut k = before;
    while k > lo {
        k -= 1;
        if cx.is_punct(k, ":") || cx.is_punct(k, ";") {
            return k + 1;
        }
    }
    lo
}

/// A description can speak when its head is a source noun ("officials") or a name.
fn nominal_is_source(cx: &Cx, head: usize) -> bool {
    let w = cx.low(head);
    if w.ends_with("ing") || lex().determiners.contains(w) || lex().time_words.contains(w) {
        return false;
    }
    is_source_noun(w) || cx.toks.get(head).is_some_and(|t| t.cap)
}

/// Weak cues ("urged", "cited") count only with a named, pronoun or source-noun subject.
fn subject_ok_for_act(cx: &Cx, np: &Np) -> bool {
    match np.kind {
        NpKind::Mention(m) => cx.mention_kind(m) != Some(ActorKind::Loc),
        NpKind::Pronoun => cx.low(np.lo) != "it",
        NpKind::Nominal { head } => {
            let w = cx.low(head);
            is_source_noun(w)
                || (cx.toks.get(head).is_some_and(|t| t.cap)
                    && !lex().np_function_words.contains(w))
        }
    }
}

/// "According to X, CONTENT." or "CONTENT, according to X."
fn according_to(cx: &Cx, i: usize, lo: usize, hi: usize, sent: Span) -> Option<Candidate> {
    let cue = cx.span_of(i, i + 2);
    let np = cx.np_after(i + 2, hi)?;
    // Reports and data are sources without a speaker; keep them only with a named source.
    let named = match np.kind {
        NpKind::Mention(_) => true,
        NpKind::Pronoun => false,
        NpKind::Nominal { head } => {
            let w = cx.low(head);
            let name = cx.toks.get(head).is_some_and(|t| t.cap);
            (is_source_noun(w) || name) && !matches!(w, "report" | "reports" | "media")
        }
    };
    if !named {
        return None;
    }
    // content after: skip the source phrase and its appositives to the next comma
    let mut k = np.hi;
    while k < hi && !cx.is_punct(k, ",") && !cx.is_punct(k, ".") {
        k += 1;
    }
    let (a, b) = if i == lo || (i > lo && !cx.is_punct(i - 1, ",")) {
        if !cx.is_punct(k, ",") {
            return None;
        }
        let end = cx.content_end(k + 1, hi);
        cx.trim_range(k + 1, end)
    } else {
        cx.trim_range(content_left_start(cx, lo, i), i - 1)
    };
    if cx.word_count(a, b) < 3 {
        return None;
    }
    Some(Candidate {
        span: cx.span_of(a, b),
        parts: Vec::new(),
        direct: false,
        cue: Some(cue),
        np: Some(np),
        inherit: false,
        sentence: sent,
        confidence: 0.7,
        rule: rules::ACCORDING_TO,
    })
}

/// Rule 4: turns candidates into quotes, resolving pronouns, descriptions and inherited speakers.
fn resolve(cx: &Cx, cands: Vec<Candidate>) -> (Vec<FoundQuote>, Vec<&'static str>) {
    let mut out: Vec<FoundQuote> = Vec::with_capacity(cands.len());
    let mut why: Vec<&'static str> = Vec::with_capacity(cands.len());
    for (n, c) in cands.into_iter().enumerate() {
        if n % 64 == 0 && cx.budget.over() {
            break;
        }
        // Overlapping duplicates (the same words from two rules): keep the first, longer one.
        // Candidates come sorted by start, so a container is among the last few kept.
        let recent = &out[out.len().saturating_sub(LOOKBACK)..];
        cx.budget.tick(recent.len());
        if recent.iter().any(|q| {
            q.span == c.span || (q.span.contains(&c.span) && q.direct == c.direct && q.cue == c.cue)
        }) {
            continue;
        }
        let (speaker, speaker_span) = match (c.np, c.inherit) {
            (Some(np), _) => speaker_of(cx, &np, &out),
            (None, true) => inherited(cx, &c, &out),
            (None, false) => (Speaker::Unknown, None),
        };
        if c.cue.is_none() && matches!(speaker, Speaker::Unknown) {
            continue;
        }
        let direct = c.direct;
        why.push(c.rule);
        out.push(FoundQuote {
            span: c.span,
            parts: c.parts,
            direct,
            cue: c.cue,
            speaker,
            speaker_span,
            sentence: c.sentence,
            confidence: c.confidence,
        });
    }
    (out, why)
}

/// The speaker of a quote without a clause of its own: the speaker of the quote just before
/// it in the same sentence or the previous ones.
fn inherited(cx: &Cx, c: &Candidate, done: &[FoundQuote]) -> (Speaker, Option<Span>) {
    let prev = done
        .iter()
        .rev()
        .take(LOOKBACK)
        .find(|q| q.span.end <= c.span.start && !matches!(q.speaker, Speaker::Unknown));
    // A quote earlier in the same sentence ("X said A, adding that B").
    if let Some(q) = prev
        && q.sentence.overlaps(&c.sentence)
    {
        return (q.speaker.clone(), q.speaker_span);
    }
    if c.cue.is_some()
        && let Some(found) = sentence_subject(cx, c, done)
    {
        return found;
    }
    if let Some(q) = prev {
        let gap = cx.text.get(q.span.end..c.span.start).unwrap_or("");
        let near = gap.matches('\n').count() <= 4 && gap.len() < 600;
        if near {
            return (q.speaker.clone(), q.speaker_span);
        }
    }
    (Speaker::Unknown, None)
}

/// The first name or pronoun of the sentence a quote stands in, outside quotation marks.
fn sentence_subject(
    cx: &Cx,
    c: &Candidate,
    done: &[FoundQuote],
) -> Option<(Speaker, Option<Span>)> {
    let lo = cx
        .sentence_of_tok(cx.tok_at(c.sentence.start))
        .map_or(0, |s| s.0);
    let end = cx.tok_at(c.span.start);
    for k in lo..end {
        if cx.in_segment(k) {
            continue;
        }
        if let Some(&m) = cx
            .toks
            .get(k)
            .and_then(|t| cx.mention_by_start.get(&t.span.start))
            && let Some(a) = cx.analysis.mentions.get(m)
        {
            return Some((Speaker::Actor(a.actor), Some(a.span)));
        }
        if lex().speaker_pronouns.contains(cx.low(k)) {
            let np = Np {
                lo: k,
                hi: k + 1,
                kind: NpKind::Pronoun,
            };
            return Some(speaker_of(cx, &np, done));
        }
    }
    None
}

/// The speaker a noun phrase names.
fn speaker_of(cx: &Cx, np: &Np, done: &[FoundQuote]) -> (Speaker, Option<Span>) {
    let span = cx.span_of(np.lo, np.hi);
    match np.kind {
        NpKind::Mention(m) => match cx.analysis.mentions.get(m) {
            Some(mention) => (Speaker::Actor(mention.actor), Some(mention.span)),
            None => (Speaker::Unknown, Some(span)),
        },
        NpKind::Pronoun => (resolve_pronoun(cx, np.lo, done), Some(span)),
        NpKind::Nominal { head } => {
            let head_tok = cx.toks.get(head);
            // A capitalised head the entity finder missed: match it to an actor by surname.
            if head_tok.is_some_and(|t| t.cap) && np.hi - np.lo <= 2 {
                let word = head_tok.map_or("", |t| t.span.slice(cx.text));
                if let Some(a) = actor_by_last_word(cx, word) {
                    return (Speaker::Actor(a), Some(span));
                }
            }
            if let Some(a) = actor_by_role(cx, np, span.start) {
                return (Speaker::Actor(a), Some(span));
            }
            let d = cx.description(np);
            if d.is_empty() {
                (Speaker::Unknown, Some(span))
            } else {
                (Speaker::Description(d), Some(span))
            }
        }
    }
}

fn actor_by_last_word(cx: &Cx, word: &str) -> Option<usize> {
    let by_name = cx.by_last_word.get(word).copied();
    let by_alias = cx.by_alias.get(word).copied();
    match (by_name, by_alias) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// "the spokesman" as the actor the article gives that role ("Marta Okoye, deputy spokesman").
fn actor_by_role(cx: &Cx, np: &Np, before: usize) -> Option<usize> {
    if cx.low(np.lo) != "the" {
        return None;
    }
    let NpKind::Nominal { head } = np.kind else {
        return None;
    };
    let head = cx.low(head);
    if head.is_empty() || !is_source_noun(head) {
        return None;
    }
    // The person whose role with this head word was stated last before `before`.
    let list = cx.by_role.get(head)?;
    let i = list.partition_point(|&(pos, _)| pos < before);
    let &(pos, _) = list.get(i.checked_sub(1)?)?;
    // Among roles stated at that same position, the first actor (as a scan of actors would).
    list[..i]
        .iter()
        .rev()
        .take_while(|&&(p, _)| p == pos)
        .map(|&(_, a)| a)
        .min()
}

/// The most recent compatible actor before token `at`, outside quotations: persons for he/she,
/// organisations and places for it/they (they falls back to the last plural description).
fn resolve_pronoun(cx: &Cx, at: usize, done: &[FoundQuote]) -> Speaker {
    let w = cx.low(at);
    let pos = cx.toks.get(at).map_or(0, |t| t.span.start);
    let want_person = matches!(w, "he" | "she");
    let want_gender = match w {
        "he" => Some(Gender::Male),
        "she" => Some(Gender::Female),
        _ => None,
    };
    // "they" right after "Pakistani officials said ...": the description speaker.
    if w == "they"
        && let Some(q) = done.iter().rev().take(LOOKBACK).find(|q| q.span.end <= pos)
        && matches!(q.speaker, Speaker::Description(_))
        && pos - q.span.end < 600
    {
        return q.speaker.clone();
    }
    // The most recent compatible mention outside quotation marks, unless it is an object or a
    // possessor ("met Anna Berg", "Berg's deal") and a subject comes shortly before it.
    let mut fallback: Option<(usize, usize)> = None;
    let mut chosen: Option<(usize, usize)> = None;
    // Mentions are in text order: start at the last one before the pronoun and look back over
    // a bounded number of them.
    let upto = cx.analysis.mentions.partition_point(|m| m.span.start < pos);
    let from = upto.saturating_sub(4 * LOOKBACK);
    cx.budget.tick(upto - from);
    for m in cx.analysis.mentions[from..upto].iter().rev() {
        if m.span.start >= pos || cx.seg_containing(m.span.start).is_some() {
            continue;
        }
        // Names inside reported content ("Clinton said Trump is ...") are not the next speaker.
        if done
            .iter()
            .rev()
            .take(6)
            .any(|q| q.span.contains(&m.span) && q.span.end <= pos)
        {
            continue;
        }
        let distance = pos - m.span.start;
        if distance > 3000 || (fallback.is_some() && distance > 800) {
            break;
        }
        let kind = cx.analysis.actors.get(m.actor).map(|a| a.kind);
        let ok = match kind {
            Some(ActorKind::Person) => {
                want_person
                    && (want_gender.is_none()
                        || cx
                            .gender
                            .get(m.actor)
                            .copied()
                            .flatten()
                            .is_none_or(|g| Some(g) == want_gender))
            }
            Some(ActorKind::Org | ActorKind::Gpe) => !want_person,
            _ => false,
        };
        if !ok {
            continue;
        }
        if mention_is_subject(cx, m.span) {
            chosen = Some((m.span.start, m.actor));
            break;
        }
        fallback.get_or_insert((m.span.start, m.actor));
    }
    let found = chosen.or(fallback);
    // A person speaker the entity finder did not name ("Tomas Brandt Orlov", "the mayor")
    // that spoke after the best mention is the better antecedent for he/she.
    if want_person {
        let described = done.iter().rev().take(LOOKBACK).find(|q| {
            q.span.end <= pos
                && matches!(&q.speaker, Speaker::Description(d) if person_like_description(d))
        });
        if let Some(q) = described {
            let at_q = q.speaker_span.map_or(q.span.start, |s| s.start);
            if found.is_none_or(|(p, _)| at_q > p) && pos - at_q < 2000 {
                return q.speaker.clone();
            }
        }
    }
    if let Some((_, a)) = found {
        return Speaker::Actor(a);
    }
    if w == "they"
        && let Some(q) = done
            .iter()
            .rev()
            .take(LOOKBACK)
            .find(|q| matches!(q.speaker, Speaker::Description(_)))
    {
        return q.speaker.clone();
    }
    Speaker::Unknown
}

/// A description that can be "he" or "she": a capitalised name the entity finder missed.
/// Role nouns ("the mayor") are left out: news names the person they stand for.
fn person_like_description(d: &str) -> bool {
    let words: Vec<&str> = d.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A mention that reads as the subject of its clause: not after a preposition or a verb and
/// not a possessor ("of Anna Berg", "met Anna Berg", "Berg's").
fn mention_is_subject(cx: &Cx, span: Span) -> bool {
    let first = cx.tok_at(span.start);
    let after = cx.tok_at(span.end);
    let possessive = matches!(
        cx.toks.get(after).map(|t| t.span.slice(cx.text)),
        Some("'" | "\u{2019}")
    ) && cx.low(after + 1) == "s";
    if possessive {
        return false;
    }
    // step over titles before the name ("Russian President Vladimir Putin")
    let mut first = first;
    while first > 0
        && cx.toks.get(first - 1).is_some_and(|t| t.word && t.cap)
        && cx
            .sentence_of_tok(first - 1)
            .is_some_and(|(lo, _, _)| lo < first - 1)
    {
        first -= 1;
    }
    let Some(prev) = first.checked_sub(1) else {
        return true;
    };
    let t = cx.toks.get(prev);
    if t.is_none_or(|t| !t.word || t.cap) {
        return true;
    }
    let w = cx.low(prev);
    cx.cue_at(prev).is_some() || lex().determiners.contains(w) || matches!(w, "and" | "but" | "as")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, FoundActor, FoundMention};

    /// Runs quote finding with the given actors, marking every occurrence of each name.
    fn run(text: &str, actors: &[(&str, ActorKind)]) -> (Analysis, Vec<(String, String)>) {
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

    const P: ActorKind = ActorKind::Person;
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
    fn spokesman_resolves_to_named_role_holder() {
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
        assert_eq!(analysis.quotes[0].speaker, Speaker::Actor(0));
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
