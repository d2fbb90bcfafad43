//! Actor mentions and their resolution into actors.
//!
//! Mentions come from three sources, combined per sentence:
//! 1. the statistical [`tagger`] (PERSON / ORG / LOC spans);
//! 2. the [`gazetteer`] (countries, cities, regions, organisations), which also splits the
//!    tagger's LOC into GPE and LOC and adds known names the tagger missed;
//! 3. context rules: titles before names ("President Karzai"), acronym definitions
//!    ("Harbour Defence League (HDL)"), and document consistency (a name tagged once is
//!    tagged everywhere in the article, with the type most of its mentions got).
//!
//! Spans are cleaned so they hold the name only: titles, demonyms and "the" before a name are
//! dropped. Mentions are then resolved into actors: surnames join the full name they belong to,
//! acronyms join the name they abbreviate, gazetteer variants join their canonical entry.

pub mod gazetteer;
mod patterns;
pub mod tagger;

use std::collections::{HashMap, HashSet};

use crate::model::{ActorKind, Analysis, FoundActor, FoundMention, Span};

use super::budget::{Budget, LOOKBACK};
use super::lexicon::{Lexicon, get as lex_get};

fn lex() -> &'static Lexicon {
    lex_get()
}

use super::normalize::actor_key;
use super::text::{Doc, TokenKind};
use gazetteer::{GazKind, Gazetteer};
use tagger::Tagger;

const WEIGHTS: &[u8] = include_bytes!("../../assets/tagger.bin");

/// Gazetteers and tagger weights.
pub struct Model {
    pub gazetteer: Gazetteer,
    pub tagger: Tagger,
}

impl Model {
    /// Loads the compiled-in gazetteers and weights.
    pub fn load() -> Self {
        Model {
            gazetteer: Gazetteer::load(),
            tagger: Tagger::from_bytes(WEIGHTS),
        }
    }

    /// The compiled-in gazetteers with other tagger weights (training experiments).
    pub fn with_weights(weights: &[u8]) -> Self {
        Model {
            gazetteer: Gazetteer::load(),
            tagger: Tagger::from_bytes(weights),
        }
    }
}

/// A candidate mention over tokens `start..end` (indices into `Doc::tokens`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cand {
    start: usize,
    end: usize,
    kind: ActorKind,
    conf: f32,
    /// Canonical gazetteer name id, when the span is a gazetteer entry.
    canonical: Option<u32>,
    /// The rule that found it (or last changed its span or kind): see [`rules`].
    rule: &'static str,
}

/// Names of the rules that find entity mentions, recorded on each mention.
pub mod rules {
    pub const TAGGER: &str = "entity.tagger";
    pub const GAZETTEER: &str = "entity.gazetteer";
    pub const TITLE_BEFORE_NAME: &str = "entity.title_before_name";
    pub const DATELINE: &str = "entity.dateline";
    pub const BYLINE: &str = "entity.byline";
    pub const SUBJECT_OF_SPEECH_VERB: &str = "entity.subject_of_speech_verb";
    pub const CAPITALISED_RUN: &str = "entity.capitalised_run";
    pub const ORG_HEAD_WORD: &str = "entity.organisation_head_word";
    pub const ACRONYM_DEFINITION: &str = "entity.acronym_definition";
    pub const NAME_SEEN_BEFORE: &str = "entity.name_seen_elsewhere";
    pub const PERSON_WORD: &str = "entity.part_of_a_persons_name";
    pub const ACRONYM_SPELLS_NAME: &str = "entity.acronym_spells_name";
    pub const GROUP_NOUN: &str = "entity.group_noun";
    pub const DEMONYM_BEFORE_ORGANISATION: &str = "entity.demonym_before_organisation";
    pub const STATE_HEAD_WORD: &str = "entity.state_head_word";
    pub const ORG_SHORT_FORM: &str = "entity.organisation_short_form";
    pub const THE_HEAD_WORD: &str = "entity.the_organisation_head_word";
    pub const ORG_OF_NAME: &str = "entity.organisation_of_name";
    pub const COORDINATED_PLACES: &str = "entity.coordinated_places";
    pub const LINE_BREAK: &str = "entity.cut_at_line_break";
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Finds actor mentions in `doc` and resolves them into `analysis.actors` and `.mentions`.
pub fn find(model: &Model, doc: &Doc, analysis: &mut Analysis) {
    find_within(model, doc, analysis, &Budget::unlimited());
}

/// [`find`] under a budget: stops between sentences once it has run out.
pub fn find_within(model: &Model, doc: &Doc, analysis: &mut Analysis, budget: &Budget) {
    let gaz = &model.gazetteer;
    let mut cands: Vec<Cand> = Vec::new();
    for range in &doc.sentence_tokens {
        if budget.over() {
            return;
        }
        let (s0, s1) = (range.start, range.end.min(doc.tokens.len()));
        if s0 >= s1 {
            continue;
        }
        // The rules below look around inside the sentence: up to quadratic in its length,
        // which the sentence cap bounds.
        budget.tick((s1 - s0) * (s1 - s0));
        let words: Vec<&str> = (s0..s1).map(|i| doc.tok(i)).collect();
        let matches = gaz.find(&words);
        let infos = tagger::prepare_with(&words, gaz, &matches);
        let tags = model.tagger.tag(&infos);
        let mut sent: Vec<Cand> = Vec::new();
        let mut i = 0;
        while i < tags.len() {
            let (l, c) = tags.get(i).copied().unwrap_or((0, 0.0));
            if l == 0 || l % 2 == 0 {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut conf = c;
            while let Some(&(lj, cj)) = tags.get(j) {
                if lj != l + 1 {
                    break;
                }
                conf = conf.min(cj);
                j += 1;
            }
            let kind = match l {
                1 => ActorKind::Person,
                3 => ActorKind::Org,
                _ => ActorKind::Loc,
            };
            sent.push(Cand {
                start: s0 + i,
                end: s0 + j,
                kind,
                conf: 0.5 + conf / 2.0,
                canonical: None,
                rule: rules::TAGGER,
            });
            i = j;
        }
        // Gazetteer entries: type places, fill in what the tagger missed.
        for m in &matches {
            let (ms, me) = (s0 + m.start, s0 + m.end);
            let weak = m.kind == GazKind::City;
            let kind = match m.kind {
                GazKind::Gpe | GazKind::City => ActorKind::Gpe,
                GazKind::Loc => ActorKind::Loc,
                GazKind::Org => ActorKind::Org,
                _ => continue,
            };
            if let Some(c) = sent.iter_mut().find(|c| c.start == ms && c.end == me) {
                c.canonical = Some(m.canonical);
                // A one-word known organisation ("Senate") is not a person, unless the word is
                // a given name.
                let lone_org = kind == ActorKind::Org
                    && me == ms + 1
                    && !is_given_name(&doc.tok(ms).to_lowercase());
                if c.kind != ActorKind::Person || !(kind == ActorKind::Org || weak) || lone_org {
                    c.kind = kind;
                }
                continue;
            }
            // A known name that covers tagger spans entirely wins ("Northern Alliance" over
            // "Alliance", "United Arab Emirates" over "United Arab").
            let overlapping: Vec<usize> = (0..sent.len())
                .filter(|&k| sent[k].start < me && ms < sent[k].end)
                .collect();
            if !overlapping.is_empty() {
                let inside = overlapping
                    .iter()
                    .all(|&k| ms <= sent[k].start && sent[k].end <= me);
                let person = overlapping
                    .iter()
                    .any(|&k| sent[k].kind == ActorKind::Person);
                if inside && !person && me - ms > 1 {
                    for &k in overlapping.iter().rev() {
                        sent.remove(k);
                    }
                } else {
                    continue;
                }
            } else if !whole_run(doc, s0, s1, ms, me) || weak && !place_context(doc, gaz, ms, me) {
                // Alone, a known name must not be part of a longer capitalised name
                // ("Medina" in "Medina Orlov", "Oslo" in "Oslo University").
                continue;
            }
            sent.push(Cand {
                start: ms,
                end: me,
                kind,
                conf: 0.6,
                canonical: Some(m.canonical),
                rule: rules::GAZETTEER,
            });
        }
        // Titles before capitalised words the tagger missed: "President Vorlak".
        let mut k = s0;
        while k + 1 < s1 {
            if gaz.is_title(doc.tok(k)) && is_cap(doc.tok(k + 1)) {
                let mut e = k + 1;
                while e < s1
                    && is_cap(doc.tok(e))
                    && doc.tokens.get(e).is_some_and(|t| t.kind == TokenKind::Word)
                    && !gaz.is_title(doc.tok(e))
                {
                    e += 1;
                }
                if e > k + 1 && !sent.iter().any(|c| c.start < e && k + 1 < c.end) {
                    sent.push(Cand {
                        start: k + 1,
                        end: e,
                        kind: ActorKind::Person,
                        conf: 0.55,
                        canonical: None,
                        rule: rules::TITLE_BEFORE_NAME,
                    });
                }
                k = e;
            } else {
                k += 1;
            }
        }
        dateline(doc, s0, s1, &mut sent);
        extend_persons(doc, gaz, s0, s1, &mut sent);
        capitalised_runs(doc, gaz, s0, s1, &mut sent);
        cands.extend(sent);
    }
    let mut opener = vec![false; doc.tokens.len()];
    for r in &doc.sentence_tokens {
        if let Some(o) = opener.get_mut(r.start) {
            *o = true;
        }
    }
    for c in &mut cands {
        // "Defender Tomas Orlov", "Hosts VRD": a common word opening the sentence is not
        // part of the name.
        if c.end - c.start >= 2
            && opener.get(c.start).copied().unwrap_or(false)
            && gaz.is_common(&doc.tok(c.start).to_lowercase())
            && doc.tok(c.start).chars().any(char::is_lowercase)
            && gaz.lookup(span_text(doc, c.start, c.end)).is_none()
        {
            c.start += 1;
        }
        clean(doc, gaz, c);
        if is_event_name(doc, c) {
            c.end = c.start;
        }
        // After a title ("President", "Mr.") an unknown name is a person.
        let titled = c
            .start
            .checked_sub(1)
            .map(|k| doc.tok(k))
            .is_some_and(|w| gaz.is_title(w) || super::text::is_title_abbreviation(w));
        if titled
            && c.kind != ActorKind::Person
            && c.canonical.is_none()
            && gaz.lookup(span_text(doc, c.start, c.end)).is_none()
        {
            c.kind = ActorKind::Person;
            c.rule = rules::TITLE_BEFORE_NAME;
        }
        // "Vellmar Newsroom", "Oslo University": an organisation head word right after a
        // place or organisation name belongs to it.
        // Up to three capitalised words may stand between ("Vellmar Evening Herald").
        if c.kind != ActorKind::Person && c.end > c.start {
            let mut j = c.end;
            let mut head = None;
            while j < c.end + 3 && name_word(doc, j) {
                if lex().org_heads.contains(doc.tok(j)) {
                    head = Some(j);
                }
                j += 1;
            }
            if let Some(h) = head {
                c.end = h + 1;
                c.kind = ActorKind::Org;
                c.canonical = None;
                c.rule = rules::ORG_HEAD_WORD;
            }
        }
        // "Fisheries and Ports Ministry": a coordinated organisation name, with any name words
        // before it ("Estonian Fisheries and Ports Ministry").
        if lex().org_heads.contains(doc.tok(c.end.saturating_sub(1)))
            && c.start >= 2
            && doc.tok(c.start - 1) == "and"
            && name_word(doc, c.start - 2)
            // "Vellmar Mining Ltd and Ostra Gold Corp" are two names: the left one ends in a
            // head word of its own.
            && !lex().org_heads.contains(doc.tok(c.start - 2))
        {
            c.start -= 2;
            c.rule = rules::ORG_HEAD_WORD;
            while c.start > 0
                && name_word(doc, c.start - 1)
                && !opener.get(c.start - 1).copied().unwrap_or(false)
            {
                c.start -= 1;
            }
        }
        // A name ending in "Herald", "Ministry", "Newsroom" is an organisation.
        if c.kind != ActorKind::Org
            && c.end > c.start + 1
            && lex().org_heads.contains(doc.tok(c.end - 1))
        {
            c.kind = ActorKind::Org;
            c.rule = rules::ORG_HEAD_WORD;
        }
    }
    cands.retain(|c| c.end > c.start);
    cut_at_line_breaks(doc, &mut cands);
    split_coordinated_places(doc, gaz, &mut cands);
    org_of_name(doc, &mut cands);
    cands.sort_by_key(|c| (c.start, c.end));
    cands.dedup_by(|a, b| a.start < b.end);
    for c in &mut cands {
        if c.kind == ActorKind::Loc {
            c.kind = place_kind(doc, gaz, c);
        }
    }
    if budget.over() {
        return;
    }
    budget.tick(cands.len());
    patterns::acronym_spells_name(doc, &mut cands);
    patterns::group_noun_names(doc, &mut cands);
    patterns::state_head_word(doc, &mut cands);
    let mut links = acronyms(doc, &mut cands);
    consistency(doc, &mut cands, budget);
    patterns::demonym_before_organisation(doc, gaz, &mut cands);
    links.extend(org_short_forms(doc, gaz, &mut cands));
    links.extend(the_head_word(doc, &mut cands));
    person_words_win(doc, &mut cands);
    if budget.over() {
        return;
    }
    resolve(doc, gaz, &cands, &links, analysis, budget);
}

/// True when `lower` is a given name of the census lists.
fn is_given_name(lower: &str) -> bool {
    lex().given_names_male.contains(lower) || lex().given_names_female.contains(lower)
}

/// Initials such as "J." or "K.T.".
fn is_initials(w: &str) -> bool {
    let mut chars = w.chars();
    let mut n = 0;
    loop {
        match (chars.next(), chars.next()) {
            (Some(c), Some('.')) if c.is_uppercase() => n += 1,
            (None, _) => return n > 0,
            _ => return false,
        }
    }
}

/// True when token `k` is a capitalised word that may belong to a name.
fn name_word(doc: &Doc, k: usize) -> bool {
    let w = doc.tok(k);
    doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
        && is_cap(w)
        && !lex().name_function_words.contains(w)
}

/// True when tokens `ms..me` are not flanked by other name words inside the sentence `s0..s1`.
fn whole_run(doc: &Doc, s0: usize, s1: usize, ms: usize, me: usize) -> bool {
    let before = ms > s0 && name_word(doc, ms - 1);
    let after = me < s1 && name_word(doc, me);
    !before && !after
}

/// A dateline: a line opening with one to three words in capitals followed by a comma, a
/// parenthesis or a date ("KABUL, Nov 8 (Reuters) -", "PORT LOUIS 1996-12-06") names a place.
fn dateline(doc: &Doc, s0: usize, s1: usize, sent: &mut Vec<Cand>) {
    let line_start = match (
        s0.checked_sub(1).and_then(|k| doc.tokens.get(k)),
        doc.tokens.get(s0),
    ) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => doc
            .text
            .get(a.span.end..b.span.start)
            .is_some_and(|g| g.contains('\n')),
        _ => false,
    };
    if !line_start {
        return;
    }
    let caps_word = |k: usize| {
        let w = doc.tok(k);
        doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase)
    };
    let mut e = s0;
    while e < s1 && e < s0 + 3 && caps_word(e) {
        e += 1;
    }
    if e == s0 || e >= s1 {
        return;
    }
    let next = doc.tokens.get(e);
    let date_follows =
        doc.tok(e) == "," || doc.tok(e) == "(" || next.is_some_and(|t| t.kind == TokenKind::Number);
    // The rest of the line must not be a capitals headline itself.
    let rest_caps = (e..s1).filter(|&k| caps_word(k)).count();
    let rest_words = (e..s1)
        .filter(|&k| doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word))
        .count();
    if !date_follows || rest_caps * 2 > rest_words.max(1) && rest_words > 2 {
        return;
    }
    sent.retain(|c| c.end <= s0 || c.start >= e);
    sent.push(Cand {
        start: s0,
        end: e,
        kind: ActorKind::Gpe,
        conf: 0.7,
        canonical: None,
        rule: rules::DATELINE,
    });
}

/// Context that makes a city name a place: "in X", "X, Country", a dateline "X (Reuters)" or
/// "X 1996-12-06" at the start of a line.
fn place_context(doc: &Doc, gaz: &Gazetteer, ms: usize, me: usize) -> bool {
    let prev = ms.checked_sub(1).map_or("", |k| doc.tok(k));
    if lex().place_prepositions.contains(prev) {
        return true;
    }
    if doc.tok(me) == "," {
        let next = doc.tok(me + 1);
        if matches!(gaz.lookup(next), Some((GazKind::Gpe, _))) {
            return true;
        }
    }
    let line_start = match (
        ms.checked_sub(1).and_then(|k| doc.tokens.get(k)),
        doc.tokens.get(ms),
    ) {
        (None, _) => true,
        (Some(a), Some(b)) => doc
            .text
            .get(a.span.end..b.span.start)
            .is_some_and(|g| g.contains('\n')),
        _ => false,
    };
    line_start
        && (doc.tok(me) == "("
            || doc.tok(me) == ","
            || doc
                .tokens
                .get(me)
                .is_some_and(|t| t.kind == TokenKind::Number))
}

/// Capitalised runs nobody claimed: two or more uncommon capitalised words in running text
/// are a name, an organisation when the last word says so, else a person.
fn capitalised_runs(doc: &Doc, gaz: &Gazetteer, s0: usize, s1: usize, sent: &mut Vec<Cand>) {
    let covered = |sent: &[Cand], k: usize| sent.iter().any(|c| c.start <= k && k < c.end);
    // Headlines in capitals or title case carry no signal.
    let words = (s0..s1)
        .filter(|&k| doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word))
        .count();
    let caps = (s0..s1).filter(|&k| name_word(doc, k)).count();
    // A byline: a line of two or three uncommon name words and nothing else.
    let own_line = |a: usize, b: usize| {
        let gap = |x: Option<&super::text::Token>, y: Option<&super::text::Token>| match (x, y) {
            (Some(x), Some(y)) => doc
                .text
                .get(x.span.end..y.span.start)
                .is_some_and(|g| g.contains('\n')),
            _ => true,
        };
        gap(
            a.checked_sub(1).and_then(|k| doc.tokens.get(k)),
            doc.tokens.get(a),
        ) && gap(
            b.checked_sub(1).and_then(|k| doc.tokens.get(k)),
            doc.tokens.get(b),
        )
    };
    if (2..=3).contains(&(s1 - s0))
        && caps == s1 - s0
        && own_line(s0, s1)
        && (s0..s1).all(|k| {
            let w = doc.tok(k);
            !gaz.is_common(&w.to_lowercase())
                && (w.chars().any(char::is_lowercase) || is_initials(w))
                && gaz.lookup(w).is_none()
        })
        && !(s0..s1).any(|k| {
            sent.iter()
                .any(|c| c.start <= k && k < c.end && c.kind != ActorKind::Person)
        })
    {
        sent.retain(|c| c.end <= s0 || c.start >= s1);
        sent.push(Cand {
            start: s0,
            end: s1,
            kind: ActorKind::Person,
            conf: 0.5,
            canonical: None,
            rule: rules::BYLINE,
        });
        return;
    }
    if caps * 2 > words {
        return;
    }
    let mut k = s0;
    while k < s1 {
        if !name_word(doc, k) || covered(sent, k) {
            k += 1;
            continue;
        }
        let mut e = k;
        while e < s1
            && name_word(doc, e)
            && !covered(sent, e)
            && !gaz.is_title(doc.tok(e))
            && !matches!(gaz.lookup(doc.tok(e)), Some((GazKind::Demonym, _)))
        {
            e += 1;
        }
        // A sentence's first word is capitalised anyway: it counts only when uncommon.
        let opener_common = gaz.is_common(&doc.tok(k).to_lowercase());
        let start = if k == s0 && opener_common { k + 1 } else { k };
        // "Vorlakov said": one uncommon capitalised word before a speech verb is a person.
        if e == start + 1
            && !gaz.is_common(&doc.tok(start).to_lowercase())
            && super::quotes::is_speech_verb(doc.tok(e))
            && doc.tok(start).chars().any(char::is_lowercase)
            && gaz.lookup(doc.tok(start)).is_none()
        {
            sent.push(Cand {
                start,
                end: e,
                kind: ActorKind::Person,
                conf: 0.45,
                canonical: None,
                rule: rules::SUBJECT_OF_SPEECH_VERB,
            });
            k = e;
            continue;
        }
        if e >= start + 2 {
            let all_caps = (start..e).all(|j| !doc.tok(j).chars().any(char::is_lowercase));
            let last = doc.tok(e - 1);
            let org = lex().org_heads.contains(last);
            let uncommon = (start..e)
                .filter(|&j| !gaz.is_common(&doc.tok(j).to_lowercase()))
                .count();
            let rare = |j: usize| !gaz.is_common(&doc.tok(j).to_lowercase());
            let name_like = (rare(start) || rare(e - 1)) && uncommon + 1 >= e - start;
            // "Asian Cup", "Champions League Final": events and titles, not actors.
            let misc = lex().event_heads.contains(last);
            if !all_caps && !misc && (org || name_like) {
                sent.push(Cand {
                    start,
                    end: e,
                    kind: if org {
                        ActorKind::Org
                    } else {
                        ActorKind::Person
                    },
                    conf: 0.45,
                    canonical: None,
                    rule: if org {
                        rules::ORG_HEAD_WORD
                    } else {
                        rules::CAPITALISED_RUN
                    },
                });
            }
        }
        k = e.max(k + 1);
    }
}

/// Lower-case name particles that stand between a given name and a surname.
fn is_particle(w: &str) -> bool {
    super::lexicon::get().name_particles.contains(w)
}

/// Extends PERSON spans over adjacent capitalised words the tagger left out or gave another
/// type ("Mansoor" + "Ahmed Khan"), stopping at titles, demonyms and function words; spans the
/// extension swallows are dropped.
fn extend_persons(doc: &Doc, gaz: &Gazetteer, s0: usize, s1: usize, sent: &mut Vec<Cand>) {
    let ok = |k: usize| {
        let w = doc.tok(k);
        name_word(doc, k)
            && !gaz.is_title(w)
            && !matches!(gaz.lookup(w), Some((GazKind::Demonym, _)))
            && (w.chars().any(char::is_lowercase) || is_initials(w))
            // "Amira Castell Was Headed": title-case headlines go on with common words.
            && !gaz.is_common(&w.to_lowercase())
    };
    // A country, state or capital before a name is not a given name ("Finland Tomas Brandt");
    // after one it may be a surname, so only growth to the left checks it.
    let country = |k: usize| matches!(gaz.lookup(doc.tok(k)), Some((GazKind::Gpe, _)));
    let mut grown = Vec::new();
    for (idx, c) in sent.iter_mut().enumerate() {
        if c.kind != ActorKind::Person {
            continue;
        }
        let (old_s, old_e) = (c.start, c.end);
        loop {
            let before = c.start;
            while c.start > s0
                && ok(c.start - 1)
                && !country(c.start - 1)
                && !(c.start - 1 == s0 && c.end - c.start >= 2)
            {
                c.start -= 1;
            }
            // A lower-case particle between name words: "Anna de Vries", "Omar bin Salem".
            if c.start >= s0 + 2 && is_particle(doc.tok(c.start - 1)) && ok(c.start - 2) {
                c.start -= 2;
            }
            if c.start == before {
                break;
            }
        }
        loop {
            let before = c.end;
            while c.end < s1 && ok(c.end) {
                c.end += 1;
            }
            if c.end + 1 < s1 && is_particle(doc.tok(c.end)) && ok(c.end + 1) {
                c.end += 2;
            }
            if c.end == before {
                break;
            }
        }
        if (c.start, c.end) != (old_s, old_e) {
            grown.push((idx, c.start, c.end));
        }
    }
    sent.retain(|c| {
        !grown
            .iter()
            .any(|&(_, s, e)| s <= c.start && c.end <= e && (c.start, c.end) != (s, e))
    });
}

/// Text of tokens `s..e`.
fn span_text<'a>(doc: &Doc<'a>, s: usize, e: usize) -> &'a str {
    match (
        doc.tokens.get(s),
        e.checked_sub(1).and_then(|k| doc.tokens.get(k)),
    ) {
        (Some(a), Some(b)) if b.span.end >= a.span.start => {
            Span::new(a.span.start, b.span.end).slice(doc.text)
        }
        _ => "",
    }
}

fn clean(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    while c.start < c.end {
        let w = doc.tok(c.start);
        let kind = doc.tokens.get(c.start).map(|t| t.kind);
        let lower_common = !is_cap(w) && gaz.is_common(w);
        let strip = w.eq_ignore_ascii_case("the")
            || lower_common
            || kind != Some(TokenKind::Word) && kind != Some(TokenKind::Number)
            || (c.kind == ActorKind::Person
                && (gaz.is_title(w)
                    || super::text::is_title_abbreviation(w)
                    || !is_cap(w)
                    || matches!(gaz.lookup(w), Some((GazKind::Demonym, _)))
                    // "Finland Tomas Brandt": a country before a full name is not part of it.
                    || c.end - c.start >= 3
                        && matches!(gaz.lookup(w), Some((GazKind::Gpe, _)))
                        && !is_given_name(&w.to_lowercase())));
        if !strip {
            break;
        }
        c.start += 1;
    }
    while c.end > c.start {
        let kind = doc.tokens.get(c.end - 1).map(|t| t.kind);
        // A name never ends in a connector such as "and" or "of" ("Press Office and").
        let connector = kind == Some(TokenKind::Word)
            && c.end - c.start >= 2
            && lex().np_function_words.contains(doc.tok(c.end - 1));
        if matches!(kind, Some(TokenKind::Word) | Some(TokenKind::Number)) && !connector {
            break;
        }
        c.end -= 1;
    }
    if c.end == c.start + 1 {
        let w = doc.tok(c.start);
        let only_demonym = matches!(gaz.lookup(w), Some((GazKind::Demonym, _)));
        // A lone head word ("Center", "Ministry") is a fragment of a name the tagger cut.
        let lone_head = (lex().org_heads.contains(w) || lex().lone_place_heads.contains(w))
            && gaz.lookup(w).is_none();
        // A capitalised pronoun opening a quote or a sentence ("We will ...") names no one.
        let pronoun = lex().pronouns.contains_lower(w);
        if only_demonym
            || lone_head
            || pronoun
            || gaz.is_title(w)
            || !w.chars().any(char::is_alphabetic)
        {
            c.end = c.start;
        }
    }
    if c.end > c.start
        && !span_text(doc, c.start, c.end)
            .chars()
            .any(char::is_uppercase)
    {
        c.end = c.start;
    }
}

/// GPE or LOC for a place: the gazetteer decides, then the head word; cities are the default.
fn place_kind(doc: &Doc, gaz: &Gazetteer, c: &Cand) -> ActorKind {
    match gaz.lookup(span_text(doc, c.start, c.end)) {
        Some((GazKind::Loc, _)) => return ActorKind::Loc,
        Some((GazKind::Gpe | GazKind::City, _)) => return ActorKind::Gpe,
        _ => {}
    }
    let last = doc.tok(c.end.saturating_sub(1));
    let first = doc.tok(c.start);
    if lex().place_heads.contains(last) || matches!(first, "Mount" | "Lake" | "Gulf") {
        ActorKind::Loc
    } else {
        ActorKind::Gpe
    }
}

/// Acronym definitions "Long Name (ABC)": the acronym gets the long name's kind, and is tagged
/// if the tagger missed it. Returns (acronym text, index of the long-name candidate) links.
fn acronyms(doc: &Doc, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
    let mut links: Vec<(String, String)> = Vec::new();
    let mut linked: HashSet<(String, String)> = HashSet::new();
    let mut added = Vec::new();
    for c in cands.iter() {
        if doc.tok(c.end) != "(" || doc.tok(c.end + 2) != ")" {
            continue;
        }
        let acr = doc.tok(c.end + 1);
        let letters: Vec<char> = acr.chars().filter(|ch| ch.is_alphabetic()).collect();
        if letters.len() < 2 || letters.iter().any(|ch| ch.is_lowercase()) {
            continue;
        }
        let long = span_text(doc, c.start, c.end);
        // The acronym's letters should appear, in order, among the long name's capitals.
        let caps: Vec<char> = long.chars().filter(|ch| ch.is_uppercase()).collect();
        let mut it = caps.iter();
        if !letters.iter().all(|l| it.any(|c| c == l)) {
            continue;
        }
        if linked.insert((acr.to_string(), long.to_string())) {
            links.push((acr.to_string(), long.to_string()));
        }
        added.push((c.end + 1, c.kind));
    }
    // Candidates by token range; the tokens they cover.
    let mut by_range: HashMap<(usize, usize), usize> = HashMap::new();
    let mut covered: HashSet<usize> = HashSet::new();
    for (i, c) in cands.iter().enumerate() {
        by_range.entry((c.start, c.end)).or_insert(i);
        if !added.is_empty() {
            covered.extend(c.start..c.end);
        }
    }
    for (k, kind) in added {
        if let Some(c) = by_range.get(&(k, k + 1)).and_then(|&i| cands.get_mut(i)) {
            c.kind = kind;
        } else if !covered.contains(&k) {
            covered.insert(k);
            cands.push(Cand {
                start: k,
                end: k + 1,
                kind,
                conf: 0.8,
                canonical: None,
                rule: rules::ACRONYM_DEFINITION,
            });
        }
    }
    // Acronyms keep their long form's kind everywhere in the article: the kind of the first
    // candidate with the acronym's text.
    if !links.is_empty() {
        let acrs: HashSet<&str> = links.iter().map(|(a, _)| a.as_str()).collect();
        let mut kind_of: HashMap<&str, ActorKind> = HashMap::new();
        for c in cands.iter() {
            let t = span_text(doc, c.start, c.end);
            if acrs.contains(t) {
                kind_of.entry(t).or_insert(c.kind);
            }
        }
        let kinds: Vec<Option<ActorKind>> = cands
            .iter()
            .map(|c| kind_of.get(span_text(doc, c.start, c.end)).copied())
            .collect();
        for (c, k) in cands.iter_mut().zip(kinds) {
            if let Some(k) = k {
                c.kind = k;
            }
        }
    }
    cands.sort_by_key(|c| (c.start, c.end));
    links
}

/// A name tagged somewhere is tagged at every other occurrence, and all occurrences of one
/// name share the kind most of them got.
fn consistency(doc: &Doc, cands: &mut Vec<Cand>, budget: &Budget) {
    // Votes per name text, with the first candidate that has it.
    let mut votes: HashMap<&str, ([f32; 4], usize)> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let t = span_text(doc, c.start, c.end);
        let v = votes.entry(t).or_insert(([0.0; 4], i));
        if let Some(slot) = v.0.get_mut(c.kind as usize) {
            *slot += c.conf;
        }
    }
    let best = |v: &[f32; 4]| {
        let mut b = 0;
        for k in 1..4 {
            if v[k] > v[b] {
                b = k;
            }
        }
        ActorKind::ALL.get(b).copied().unwrap_or(ActorKind::Person)
    };
    for c in cands.iter_mut() {
        if let Some(v) = votes.get(span_text(doc, c.start, c.end)) {
            c.kind = best(&v.0);
        }
    }
    // Untagged occurrences of known names (whole tokens only, body only).
    let mut names: Vec<(Vec<&str>, ActorKind)> = votes
        .iter()
        .filter(|(t, _)| t.len() > 1)
        .filter_map(|(_, (v, i))| {
            let c = cands.get(*i)?;
            let toks: Vec<&str> = (c.start..c.end).map(|k| doc.tok(k)).collect();
            Some((toks, best(v)))
        })
        .collect();
    // The surname of a full PERSON name is a name too ("Orlov" after "Medina Orlov").
    let mut surnames: Vec<(Vec<&str>, ActorKind)> = Vec::new();
    let single: HashSet<&str> = names
        .iter()
        .filter(|(t, _)| t.len() == 1)
        .map(|(t, _)| t[0])
        .collect();
    for (toks, kind) in &names {
        if *kind == ActorKind::Person
            && toks.len() >= 2
            && let Some(last) = toks.last()
            && last.chars().count() > 2
            && !single.contains(last)
        {
            surnames.push((vec![*last], ActorKind::Person));
        }
    }
    surnames.sort();
    surnames.dedup();
    names.extend(surnames);
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    // Indexed by the upper-case first word, so headline capitals find them too.
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, (toks, _)) in names.iter().enumerate() {
        if let Some(f) = toks.first() {
            // Longest names first; a few per first word are plenty for real text.
            let list = by_first.entry(f.to_uppercase()).or_default();
            if list.len() < LOOKBACK {
                list.push(n);
            }
        }
    }
    let mut covered = vec![false; doc.tokens.len()];
    for c in cands.iter() {
        for k in c.start..c.end {
            if let Some(x) = covered.get_mut(k) {
                *x = true;
            }
        }
    }
    let is_covered = |covered: &[bool], k: usize| covered.get(k).copied().unwrap_or(true);
    let first = doc
        .tokens
        .partition_point(|t| t.span.start < doc.body_start);
    let mut extra = Vec::new();
    let mut k = first;
    while k < doc.tokens.len() {
        if k % 1024 == 0 && budget.over() {
            return;
        }
        let mut advanced = false;
        if !is_covered(&covered, k) && is_cap(doc.tok(k)) {
            let empty = Vec::new();
            let list = by_first.get(&doc.tok(k).to_uppercase()).unwrap_or(&empty);
            budget.tick(list.len());
            for (toks, kind) in list.iter().filter_map(|&n| names.get(n)) {
                let n = toks.len();
                let fits = (0..n).all(|d| same_name(doc.tok(k + d), toks[d]))
                    && (0..n).all(|d| !is_covered(&covered, k + d));
                if fits {
                    for d in 0..n {
                        if let Some(x) = covered.get_mut(k + d) {
                            *x = true;
                        }
                    }
                    extra.push(Cand {
                        start: k,
                        end: k + n,
                        kind: *kind,
                        conf: 0.5,
                        canonical: None,
                        rule: rules::NAME_SEEN_BEFORE,
                    });
                    k += n;
                    advanced = true;
                    break;
                }
            }
        }
        if !advanced {
            k += 1;
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.start, c.end));
}

/// True when a line break stands between tokens `k` and `k + 1`.
fn line_break_after(doc: &Doc, k: usize) -> bool {
    match (doc.tokens.get(k), doc.tokens.get(k + 1)) {
        (Some(a), Some(b)) => doc
            .text
            .get(a.span.end..b.span.start)
            .is_some_and(|g| g.contains('\n')),
        _ => false,
    }
}

/// Names of storms, battles and operations ("Hurricane Orla", "Operation Red Dawn") are not
/// actors: the span opens with a word of `event_openers`.
fn is_event_name(doc: &Doc, c: &Cand) -> bool {
    c.end - c.start >= 2 && lex().event_openers.contains(doc.tok(c.start))
}

/// Rule [`rules::LINE_BREAK`]: a name never runs over a line break (a heading or a list line
/// followed by text): a span that does is cut there into its parts, each kept when it still
/// holds a capitalised word.
fn cut_at_line_breaks(doc: &Doc, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter_mut() {
        let Some(k) = (c.start..c.end.saturating_sub(1)).find(|&k| line_break_after(doc, k)) else {
            continue;
        };
        let rest = Cand {
            start: k + 1,
            canonical: None,
            rule: rules::LINE_BREAK,
            ..*c
        };
        c.end = k + 1;
        c.canonical = None;
        c.rule = rules::LINE_BREAK;
        extra.push(rest);
    }
    // The parts after a cut may hold further breaks: cut them again (bounded by their length).
    while let Some(mut c) = extra.pop() {
        if let Some(k) = (c.start..c.end.saturating_sub(1)).find(|&k| line_break_after(doc, k)) {
            extra.push(Cand { start: k + 1, ..c });
            c.end = k + 1;
        }
        cands.push(c);
    }
    cands.retain(|c| c.end > c.start && (c.start..c.end).any(|k| is_cap(doc.tok(k))));
}

/// Rule [`rules::COORDINATED_PLACES`]: one span "Vellmar and North Ostrava" whose two sides
/// are both known places is two places.
fn split_coordinated_places(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter_mut() {
        if c.kind == ActorKind::Person || c.end - c.start < 3 {
            continue;
        }
        let Some(j) = (c.start + 1..c.end - 1).find(|&j| doc.tok(j) == "and") else {
            continue;
        };
        let known = |a: usize, b: usize| {
            matches!(
                gaz.lookup(span_text(doc, a, b)),
                Some((GazKind::Gpe | GazKind::City | GazKind::Loc, _))
            )
        };
        if known(c.start, j) && known(j + 1, c.end) {
            extra.push(Cand {
                start: j + 1,
                rule: rules::COORDINATED_PLACES,
                canonical: None,
                ..*c
            });
            c.end = j;
            c.canonical = None;
            c.rule = rules::COORDINATED_PLACES;
        }
    }
    for c in &mut extra {
        if c.kind == ActorKind::Org {
            c.kind = ActorKind::Loc;
        }
    }
    cands.extend(extra);
}

/// Rule [`rules::ORG_OF_NAME`]: an organisation head word followed by "of" and a name is one
/// organisation ("Ministry of Fisheries", "Tea Board of Vellmar", "University of the
/// Ostrava Region"): the head word alone or the name ending in it grows over "of (the) NAME",
/// and the candidates inside are dropped.
fn org_of_name(doc: &Doc, cands: &mut Vec<Cand>) {
    cands.sort_by_key(|c| (c.start, c.end));
    let n = doc.tokens.len();
    let mut grown: Vec<Cand> = Vec::new();
    let mut k = 0;
    while k + 2 < n {
        let head = doc.tok(k);
        if !(lex().org_heads.contains(head) && doc.tok(k + 1) == "of") {
            k += 1;
            continue;
        }
        let mut s = k + 2;
        if doc.tok(s) == "the" {
            s += 1;
        }
        let mut e = s;
        while e < n && e < s + 5 && name_word(doc, e) && !(e > s && line_break_after(doc, e - 1)) {
            e += 1;
        }
        // A candidate that starts at `s` and is longer (a known name) sets the end.
        if let Some(c) = cands.iter().find(|c| c.start == s && c.end > e) {
            e = c.end;
        }
        if e == s {
            k += 1;
            continue;
        }
        // Where the organisation starts: the candidate ending at the head word, else the head.
        let start = cands
            .iter()
            .find(|c| c.end == k + 1 && c.kind != ActorKind::Person)
            .map_or(k, |c| c.start);
        // A person's title ("Minister of Defence Tomas Brandt") is not the organisation.
        let person_inside = cands.iter().any(|c| {
            c.kind == ActorKind::Person && c.end - c.start >= 2 && c.start < e && start < c.end
        });
        if !person_inside {
            grown.push(Cand {
                start,
                end: e,
                kind: ActorKind::Org,
                conf: 0.6,
                canonical: None,
                rule: rules::ORG_OF_NAME,
            });
        }
        k = e;
    }
    if grown.is_empty() {
        return;
    }
    cands.retain(|c| !grown.iter().any(|g| g.start <= c.start && c.end <= g.end));
    cands.extend(grown);
}

/// True when tokens `k..k + 1` are covered by a candidate.
fn covered_tokens(doc: &Doc, cands: &[Cand]) -> Vec<bool> {
    let mut covered = vec![false; doc.tokens.len()];
    for c in cands {
        for k in c.start..c.end {
            if let Some(x) = covered.get_mut(k) {
                *x = true;
            }
        }
    }
    covered
}

/// Rule [`rules::ORG_SHORT_FORM`]: the first word of an organisation name that ends in a head
/// word ("Vellmar Mining Corp", "Ostrander School") names the same organisation when the
/// article uses it alone ("Vellmar said", "at Ostrander"). The word must be an uncommon
/// capitalised word that is not a known place, a given name or a title, and only one such
/// name of the article may start with it. Returns (short form, full name) links.
fn org_short_forms(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
    let mut short: HashMap<&str, Option<&str>> = HashMap::new();
    for c in cands.iter() {
        if c.kind != ActorKind::Org
            || c.end - c.start < 2
            || !lex().org_heads.contains(doc.tok(c.end - 1))
        {
            continue;
        }
        let w = doc.tok(c.start);
        let lower = w.to_lowercase();
        let eligible = name_word(doc, c.start)
            && w.chars().count() >= 3
            && w.chars().any(char::is_lowercase)
            && !gaz.is_common(&lower)
            && gaz.lookup(w).is_none()
            && !gaz.is_title(w)
            && !lex().org_heads.contains(w)
            && !is_given_name(&lower);
        if !eligible {
            continue;
        }
        let long = span_text(doc, c.start, c.end);
        match short.get(w) {
            Some(Some(old)) if *old != long => {
                short.insert(w, None);
            }
            Some(_) => {}
            None => {
                short.insert(w, Some(long));
            }
        }
    }
    short.retain(|_, v| v.is_some());
    if short.is_empty() {
        return Vec::new();
    }
    // Lone mentions already found take the organisation's kind, unless the word also belongs
    // to a person's full name in the article.
    let person_words: HashSet<&str> = cands
        .iter()
        .filter(|c| c.kind == ActorKind::Person && c.end - c.start >= 2)
        .flat_map(|c| (c.start..c.end).map(|k| doc.tok(k)))
        .collect();
    for c in cands.iter_mut() {
        if c.end == c.start + 1
            && short.contains_key(doc.tok(c.start))
            && !person_words.contains(doc.tok(c.start))
        {
            c.kind = ActorKind::Org;
            c.canonical = None;
            c.rule = rules::ORG_SHORT_FORM;
        }
    }
    let covered = covered_tokens(doc, cands);
    let first = doc
        .tokens
        .partition_point(|t| t.span.start < doc.body_start);
    for k in first..doc.tokens.len() {
        let free = !covered.get(k).copied().unwrap_or(true);
        let after_name = k > 0 && name_word(doc, k - 1);
        let alone = free && short.contains_key(doc.tok(k)) && !after_name && !name_word(doc, k + 1);
        if alone {
            cands.push(Cand {
                start: k,
                end: k + 1,
                kind: ActorKind::Org,
                conf: 0.5,
                canonical: None,
                rule: rules::ORG_SHORT_FORM,
            });
        }
    }
    cands.sort_by_key(|c| (c.start, c.end));
    short
        .into_iter()
        .filter_map(|(w, long)| Some((w.to_string(), long?.to_string())))
        .collect()
}

/// Rule [`rules::THE_HEAD_WORD`]: "the Ministry", "the University": a capitalised organisation
/// head word after "the", with no other name word after it, refers to the only organisation of
/// the article whose name has that head word ("Ostrava Mining University", "Ministry of
/// Fisheries"). Returns (head word, full name) links.
fn the_head_word(doc: &Doc, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
    let mut by_head: HashMap<&str, Option<&str>> = HashMap::new();
    for c in cands.iter() {
        if c.kind != ActorKind::Org || c.end - c.start < 2 {
            continue;
        }
        let (first, last) = (doc.tok(c.start), doc.tok(c.end - 1));
        let head = if lex().org_heads.contains(last) {
            last
        } else if lex().org_heads.contains(first) && doc.tok(c.start + 1) == "of" {
            first
        } else {
            continue;
        };
        let long = span_text(doc, c.start, c.end);
        match by_head.get(head) {
            Some(Some(old)) if *old != long => {
                by_head.insert(head, None);
            }
            Some(_) => {}
            None => {
                by_head.insert(head, Some(long));
            }
        }
    }
    by_head.retain(|_, v| v.is_some());
    if by_head.is_empty() {
        return Vec::new();
    }
    let covered = covered_tokens(doc, cands);
    let mut used: HashSet<&str> = HashSet::new();
    for k in 1..doc.tokens.len() {
        let w = doc.tok(k);
        let refers = doc.tok(k - 1).eq_ignore_ascii_case("the")
            && !covered.get(k).copied().unwrap_or(true)
            && by_head.contains_key(w)
            && !name_word(doc, k + 1)
            && doc.tok(k + 1) != "of";
        if refers {
            used.insert(w);
            cands.push(Cand {
                start: k,
                end: k + 1,
                kind: ActorKind::Org,
                conf: 0.45,
                canonical: None,
                rule: rules::THE_HEAD_WORD,
            });
        }
    }
    cands.sort_by_key(|c| (c.start, c.end));
    by_head
        .into_iter()
        .filter(|(h, _)| used.contains(h))
        .filter_map(|(h, long)| Some((h.to_string(), long?.to_string())))
        .collect()
}

/// Rule: a lone word that the article also uses as the first or last word of a person's full
/// name is that person, not a place or an organisation of the same spelling ("Marla" after
/// "Marla Venn"), unless a place preposition stands before it ("in Marla").
fn person_words_win(doc: &Doc, cands: &mut [Cand]) {
    let mut words: HashSet<String> = HashSet::new();
    for c in cands.iter() {
        if c.kind == ActorKind::Person && c.end - c.start >= 2 {
            for w in [doc.tok(c.start), doc.tok(c.end - 1)] {
                words.insert(w.to_string());
                // Its headline spelling in capitals ("VORLAK" for "Vorlak").
                if w.chars().count() >= 4 {
                    words.insert(w.to_uppercase());
                }
            }
        }
    }
    if words.is_empty() {
        return;
    }
    for c in cands.iter_mut() {
        let after_preposition = c
            .start
            .checked_sub(1)
            .is_some_and(|k| lex().place_prepositions.contains(doc.tok(k)));
        if c.end == c.start + 1
            && c.kind != ActorKind::Person
            && words.contains(doc.tok(c.start))
            && !after_preposition
        {
            c.kind = ActorKind::Person;
            c.canonical = None;
            c.rule = rules::PERSON_WORD;
        }
    }
}

/// The same name word, or its all-capitals headline spelling ("VORLAK" for "Vorlak").
fn same_name(found: &str, known: &str) -> bool {
    found == known
        || found.chars().count() >= 4
            && !found.chars().any(char::is_lowercase)
            && known.chars().any(char::is_lowercase)
            && found.chars().eq(known.chars().flat_map(char::to_uppercase))
}

/// The key each mention is filed under: its own, or for a short person name the full name it
/// stands for. Rules, in order:
/// - a full name joins a longer one with the same first and last words ("Marten Ostrova" and
///   "Marten Alva Ostrova");
/// - a short name joins the full names that end with it ("Ostrova", "Alva Ostrova"); when
///   several do ("Castell" with two Castells), the one mentioned last before it, else the one
///   mentioned first after it (context decides, the two are never merged);
/// - a lone first name joins the only full name that starts with it, when no full name ends
///   with it ("Marten" for "Marten Ostrova" in an interview).
fn person_targets(cands: &[Cand], keys: &[String], budget: &Budget) -> Vec<(String, ActorKind)> {
    // Full person names (two or more words): every mention's index, by key.
    let mut full_at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.kind == ActorKind::Person
            && let Some(k) = keys.get(i)
            && k.contains(' ')
        {
            let list = full_at.entry(k.as_str()).or_default();
            if list.len() < 4 * LOOKBACK {
                list.push(i);
            }
        }
    }
    let mut full: Vec<&str> = full_at.keys().copied().collect();
    full.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    // Full names by last word and by first word, a bounded number each.
    let mut by_last: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_first: HashMap<&str, Vec<&str>> = HashMap::new();
    for &k in &full {
        let (Some(first), Some(last)) = (k.split(' ').next(), k.rsplit(' ').next()) else {
            continue;
        };
        for (map, w) in [(&mut by_last, last), (&mut by_first, first)] {
            let list = map.entry(w).or_default();
            if list.len() < LOOKBACK {
                list.push(k);
            }
        }
    }
    // Rule: a full name inside a longer one with the same first and last words.
    let mut longer: HashMap<&str, &str> = HashMap::new();
    for &k in &full {
        let words: Vec<&str> = k.split(' ').collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let list = by_last.get(last).map_or(&[][..], |v| &v[..]);
        budget.tick(list.len());
        if let Some(&l) = list.iter().find(|&&l| {
            l.len() > k.len()
                && l.split(' ').next() == Some(*first)
                && l.split(' ').count() > words.len()
        }) {
            longer.insert(k, l);
        }
    }
    let resolve_full = |k: &str| -> String {
        let mut k = k;
        for _ in 0..4 {
            match longer.get(k) {
                Some(l) => k = l,
                None => break,
            }
        }
        k.to_string()
    };
    // The nearest mention of full name `k` to mention `i`: (distance rank, before?).
    let nearest = |k: &str, i: usize| -> (bool, usize) {
        let at = full_at.get(k).map_or(&[][..], |v| &v[..]);
        let p = at.partition_point(|&j| j < i);
        match p.checked_sub(1).and_then(|q| at.get(q)) {
            Some(&j) => (true, i - j),
            None => (false, at.get(p).map_or(usize::MAX, |&j| j - i)),
        }
    };
    let mut out = Vec::with_capacity(cands.len());
    for (i, c) in cands.iter().enumerate() {
        if i % 1024 == 0 && budget.over() {
            break;
        }
        let key = keys.get(i).cloned().unwrap_or_default();
        if c.kind != ActorKind::Person {
            out.push((key, c.kind));
            continue;
        }
        if full_at.contains_key(key.as_str()) {
            out.push((resolve_full(&key), c.kind));
            continue;
        }
        let parts: Vec<&str> = key.split(' ').collect();
        let last = parts.last().copied().unwrap_or("");
        let list = by_last.get(last).map_or(&[][..], |v| &v[..]);
        budget.tick(list.len());
        let ends_with: Vec<&str> = list
            .iter()
            .copied()
            .filter(|l| {
                let lw: Vec<&str> = l.split(' ').collect();
                lw.len() > parts.len()
                    && lw.iter().rev().zip(parts.iter().rev()).all(|(a, b)| a == b)
            })
            .collect();
        // Prefer a name mentioned before (nearest first), then one mentioned after.
        let best = ends_with.iter().copied().min_by_key(|l| {
            let (before, d) = nearest(l, i);
            (!before, d)
        });
        if let Some(l) = best {
            out.push((resolve_full(l), c.kind));
            continue;
        }
        if parts.len() == 1 {
            let starts: Vec<String> = by_first
                .get(last)
                .map_or(&[][..], |v| &v[..])
                .iter()
                .map(|l| resolve_full(l))
                .collect::<std::collections::BTreeSet<String>>()
                .into_iter()
                .collect();
            if let [only] = &starts[..] {
                out.push((only.clone(), c.kind));
                continue;
            }
        }
        out.push((key, c.kind));
    }
    out
}

/// Rule: an acronym ("UNHCR", "Q. V.") joins the only longer name of the article, not a person,
/// whose initials it spells (function words such as "of" and "for" left out), when no acronym
/// definition in brackets linked it already.
fn acronym_targets(doc: &Doc, cands: &[Cand], target: &mut [(String, ActorKind)]) {
    let initials = |key: &str| -> String {
        key.split(' ')
            .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "on" | "in" | "de"))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    // Initials of the multi-word names that are not persons -> their targets (None when two
    // different names share them).
    let mut by_initials: HashMap<String, Option<(String, ActorKind)>> = HashMap::new();
    for (c, t) in cands.iter().zip(target.iter()) {
        if c.kind != ActorKind::Person && t.0.split(' ').count() >= 2 {
            let i = initials(&t.0);
            if i.chars().count() < 2 {
                continue;
            }
            match by_initials.get(&i) {
                Some(Some(old)) if old.0 != t.0 => {
                    by_initials.insert(i, None);
                }
                Some(_) => {}
                None => {
                    by_initials.insert(i, Some(t.clone()));
                }
            }
        }
    }
    if by_initials.is_empty() {
        return;
    }
    for (c, t) in cands.iter().zip(target.iter_mut()) {
        let text = span_text(doc, c.start, c.end);
        // Initials alone ("Q. V.") may have been read as a person; they still spell the name.
        if c.kind == ActorKind::Person && !text.split(' ').all(is_initials) {
            continue;
        }
        let letters: Vec<char> = text.chars().filter(|ch| ch.is_alphabetic()).collect();
        let acronym = letters.len() >= 2 && letters.iter().all(|ch| ch.is_uppercase());
        // "Q. V.": single letters only.
        let spelled = t.0.split(' ').all(|w| w.chars().count() == 1);
        if !(acronym && (spelled || !t.0.contains(' '))) {
            continue;
        }
        let key: String = letters.iter().flat_map(|ch| ch.to_lowercase()).collect();
        if let Some(Some(long)) = by_initials.get(&key) {
            *t = long.clone();
        }
    }
}

/// Groups mentions into actors and writes them to `analysis`.
fn resolve(
    doc: &Doc,
    gaz: &Gazetteer,
    cands: &[Cand],
    links: &[(String, String)],
    analysis: &mut Analysis,
    budget: &Budget,
) {
    let link_of: HashMap<&str, &str> = links
        .iter()
        .rev()
        .map(|(a, l)| (a.as_str(), l.as_str()))
        .collect();
    // Identity key per mention: canonical gazetteer name, else the normalised text.
    let key_of = |c: &Cand| -> String {
        let text = span_text(doc, c.start, c.end);
        if let Some(id) = c.canonical {
            return actor_key(gaz.canonical(id));
        }
        if let Some((k, canon)) = gaz.lookup(text)
            && matches!(
                k,
                GazKind::Gpe | GazKind::City | GazKind::Loc | GazKind::Org
            )
        {
            return actor_key(canon);
        }
        if let Some(long) = link_of.get(text) {
            return actor_key(long);
        }
        actor_key(text)
    };
    let keys: Vec<String> = cands
        .iter()
        .map(|c| {
            let k = key_of(c);
            // A person's key leaves out middle initials ("Marten K. Ostrova").
            if c.kind == ActorKind::Person && c.canonical.is_none() {
                super::normalize::person_key(&k)
            } else {
                k
            }
        })
        .collect();
    let mut target = person_targets(cands, &keys, budget);
    acronym_targets(doc, cands, &mut target);
    let mut actor_of_key: HashMap<(String, ActorKind), usize> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let text = span_text(doc, c.start, c.end);
        let Some(tgt) = target.get(i).cloned() else {
            continue;
        };
        let idx = *actor_of_key.entry(tgt).or_insert_with(|| {
            analysis.actors.push(FoundActor {
                name: text.to_string(),
                kind: c.kind,
                aliases: Vec::new(),
                roles: Vec::new(),
                affiliations: Vec::new(),
                confidence: c.conf,
            });
            analysis.actors.len() - 1
        });
        if let Some(a) = analysis.actors.get_mut(idx) {
            a.confidence = a.confidence.max(c.conf);
            // The display name is the fullest well-cased form ("Brandt" over "BRANDT").
            let rank = |t: &str| (t.chars().any(char::is_lowercase), t.chars().count());
            if rank(text) > rank(&a.name) {
                let old = std::mem::replace(&mut a.name, text.to_string());
                if !a.aliases.contains(&old) {
                    a.aliases.push(old);
                }
            } else if text != a.name
                && a.aliases.len() < LOOKBACK
                && !a.aliases.iter().any(|x| x == text)
            {
                a.aliases.push(text.to_string());
            }
        }
        let (Some(a), Some(b)) = (
            doc.tokens.get(c.start),
            c.end.checked_sub(1).and_then(|k| doc.tokens.get(k)),
        ) else {
            continue;
        };
        analysis.mentions.push(FoundMention {
            actor: idx,
            span: Span::new(a.span.start, b.span.end),
            confidence: c.conf,
        });
        analysis.rules.mentions.push(c.rule.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Analysis {
        let model = Model::load();
        let doc = Doc::new(text, 0);
        let mut a = Analysis::default();
        find(&model, &doc, &mut a);
        a
    }

    fn mentions(text: &str) -> Vec<(String, &'static str)> {
        let a = run(text);
        a.mentions
            .iter()
            .map(|m| {
                (
                    m.span.slice(text).to_string(),
                    a.actors[m.actor].kind.code(),
                )
            })
            .collect()
    }

    #[test]
    fn pronouns_and_lone_geographic_heads_are_not_actors() {
        let found =
            mentions("\"We will not go back,\" said Tomas Brandt near the River in Vellmar.");
        assert!(
            found.iter().all(|(t, _)| t != "We" && t != "River"),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(t, k)| t == "Tomas Brandt" && *k == "PERSON"),
            "{found:?}"
        );
    }

    #[test]
    fn short_form_of_a_company_name_is_the_company() {
        let t = "Shares of Quorvex Mining Corp rose on Monday. Analysts said Quorvex had \
                 found more gold, and Quorvex will report next week.";
        let a = run(t);
        let q: Vec<_> = a
            .mentions
            .iter()
            .filter(|m| m.span.slice(t) == "Quorvex")
            .collect();
        assert_eq!(q.len(), 2, "{:?}", a.mentions);
        for m in &q {
            let actor = &a.actors[m.actor];
            assert_eq!(actor.name, "Quorvex Mining Corp");
            assert_eq!(actor.kind, ActorKind::Org);
        }
        let rules_used: Vec<_> = (0..a.mentions.len())
            .filter(|&i| a.mentions[i].span.slice(t) == "Quorvex")
            .filter_map(|i| a.mention_rule(i))
            .collect();
        assert!(
            rules_used.contains(&rules::ORG_SHORT_FORM),
            "{rules_used:?}"
        );
    }

    #[test]
    fn two_company_names_joined_by_and_stay_two() {
        let m = mentions("Talks between Vellmar Mining Ltd and Ostra Gold Corp went on.");
        assert!(m.contains(&("Ostra Gold Corp".to_string(), "ORG")), "{m:?}");
        assert!(m.iter().all(|(t, _)| !t.contains(" and ")), "{m:?}");
    }

    #[test]
    fn organisation_of_a_name_is_one_organisation() {
        let m = mentions("The Ministry of Fisheries said the Tea Board of Vellmar had met.");
        assert!(
            m.contains(&("Ministry of Fisheries".to_string(), "ORG")),
            "{m:?}"
        );
        assert!(
            m.contains(&("Tea Board of Vellmar".to_string(), "ORG")),
            "{m:?}"
        );
    }

    #[test]
    fn two_known_places_joined_by_and_are_two_places() {
        let m = mentions("Ships sailed between Uruguay and Burkina Faso last week.");
        assert!(m.contains(&("Uruguay".to_string(), "GPE")), "{m:?}");
        assert!(m.contains(&("Burkina Faso".to_string(), "GPE")), "{m:?}");
    }

    #[test]
    fn storms_and_operations_are_not_actors() {
        let m =
            mentions("Officials said Cyclone Orlena hit the coast after Operation Red Harbour.");
        assert!(
            !m.iter()
                .any(|(t, _)| t.contains("Orlena") && t.contains("Cyclone")),
            "{m:?}"
        );
        assert!(!m.iter().any(|(t, _)| t.contains("Operation")), "{m:?}");
    }

    #[test]
    fn a_name_does_not_run_over_a_line_break() {
        let m = mentions("Notes from Vellmar\nTomas Brandt wrote them in Oslo last year.");
        assert!(m.iter().all(|(t, _)| !t.contains('\n')), "{m:?}");
        assert!(m.iter().any(|(t, _)| t == "Tomas Brandt"), "{m:?}");
    }

    #[test]
    fn a_one_word_known_organisation_is_not_a_person() {
        let m = mentions("Yesterday Congress passed the bill that Tomas Brandt wrote.");
        assert!(!m.contains(&("Congress".to_string(), "PERSON")), "{m:?}");
    }

    #[test]
    fn a_persons_name_does_not_grow_over_a_country() {
        let m = mentions("Aid for Finland Tomas Brandt said would come soon.");
        assert!(m.iter().all(|(t, _)| !t.starts_with("Finland ")), "{m:?}");
    }

    #[test]
    fn spelled_initials_join_the_name_they_abbreviate() {
        let t = "Ferries leave Port Vellmar Harbour daily. In P. V. H. the ferries are late.";
        let a = run(t);
        let ids: Vec<usize> = a
            .mentions
            .iter()
            .filter(|m| ["Port Vellmar Harbour", "P. V. H."].contains(&m.span.slice(t)))
            .map(|m| m.actor)
            .collect();
        assert_eq!(ids.len(), 2, "{:?} {:?}", a.mentions, a.actors);
        assert_eq!(ids[0], ids[1], "{:?}", a.actors);
    }

    #[test]
    fn a_known_place_is_not_a_short_form() {
        let t = "Students of Oslo Teachers College met. Later they went back to Oslo.";
        let m = mentions(t);
        assert!(m.contains(&("Oslo".to_string(), "GPE")), "{m:?}");
    }

    #[test]
    fn the_head_word_refers_to_the_only_such_organisation() {
        let t = "The Ostrander Polytechnic University opened a library. Later the University \
                 said the library would stay open.";
        let a = run(t);
        let m: Vec<usize> = (0..a.mentions.len())
            .filter(|&i| a.mentions[i].span.slice(t) == "University")
            .collect();
        assert_eq!(m.len(), 1, "{:?}", a.mentions);
        assert_eq!(
            a.actors[a.mentions[m[0]].actor].name,
            "Ostrander Polytechnic University"
        );
        assert_eq!(a.mention_rule(m[0]), Some(rules::THE_HEAD_WORD));
        // Two organisations with that head word: "the University" stays unresolved.
        let t2 = "The Ostrander Polytechnic University and the Vellmar Arts University met. \
                  Later the University said no.";
        let a2 = run(t2);
        assert!(
            !a2.mentions.iter().any(|m| m.span.slice(t2) == "University"),
            "{:?}",
            a2.mentions
        );
    }

    #[test]
    fn a_name_does_not_end_in_a_connector() {
        let m = mentions("He wrote to the Office of Student Records and Planning Board.");
        assert!(
            m.iter()
                .all(|(t, _)| !t.ends_with(" and") && !t.ends_with(" of")),
            "{m:?}"
        );
    }

    #[test]
    fn acronym_definition_becomes_an_alias() {
        let t = "Fighters of the Harbour Defence League (HDL) left. Later the HDL returned.";
        let a = run(t);
        let hdl: Vec<_> = a
            .mentions
            .iter()
            .filter(|m| m.span.slice(t) == "HDL")
            .collect();
        assert_eq!(hdl.len(), 2);
        let actor = &a.actors[hdl[0].actor];
        assert_eq!(actor.name, "Harbour Defence League");
        assert!(actor.aliases.contains(&"HDL".to_string()));
    }

    #[test]
    fn titles_are_not_part_of_person_spans() {
        let m = mentions("Yesterday President Tomas Vorlak met Mr. Obrenko in Oslo.");
        assert!(m.contains(&("Tomas Vorlak".to_string(), "PERSON")), "{m:?}");
        assert!(m.contains(&("Obrenko".to_string(), "PERSON")), "{m:?}");
        assert!(m.contains(&("Oslo".to_string(), "GPE")), "{m:?}");
    }

    #[test]
    fn surname_resolves_to_full_name() {
        let t =
            "Minister Karsten Vollmar spoke on Monday. Later Vollmar said the talks would go on.";
        let a = run(t);
        let persons: Vec<_> = a
            .actors
            .iter()
            .filter(|x| x.kind == ActorKind::Person)
            .collect();
        assert_eq!(persons.len(), 1, "{:?}", a.actors);
        assert_eq!(persons[0].name, "Karsten Vollmar");
        let n = a
            .mentions
            .iter()
            .filter(|m| a.actors[m.actor].kind == ActorKind::Person)
            .count();
        assert_eq!(n, 2);
    }

    #[test]
    fn gazetteer_kinds_and_demonyms() {
        let m = mentions(
            "Pakistani officials flew from Islamabad over the Middle East to the United States.",
        );
        assert!(m.contains(&("Islamabad".to_string(), "GPE")), "{m:?}");
        assert!(m.contains(&("Middle East".to_string(), "LOC")), "{m:?}");
        assert!(m.contains(&("United States".to_string(), "GPE")), "{m:?}");
        assert!(!m.iter().any(|(t, _)| t.contains("Pakistani")), "{m:?}");
    }

    #[test]
    fn country_variants_share_one_actor() {
        let a = run("The U.S. said no. Officials in the United States agreed.");
        let us: Vec<_> = a
            .actors
            .iter()
            .filter(|x| x.kind == ActorKind::Gpe)
            .collect();
        assert_eq!(us.len(), 1, "{:?}", a.actors);
        assert_eq!(us[0].name, "United States");
    }

    #[test]
    fn organisation_head_words_and_capitalised_runs() {
        let m = mentions(
            "Workers met officials of the Vellmar Dock Authority and spoke to Ilse Varnhagen on Monday.",
        );
        assert!(
            m.contains(&("Vellmar Dock Authority".to_string(), "ORG")),
            "{m:?}"
        );
        assert!(
            m.contains(&("Ilse Varnhagen".to_string(), "PERSON")),
            "{m:?}"
        );
    }

    #[test]
    fn speaker_before_said_and_name_after_title() {
        let m = mentions("The meeting ended late. Later Ostrakova said the port would reopen.");
        assert!(m.contains(&("Ostrakova".to_string(), "PERSON")), "{m:?}");
    }

    #[test]
    fn datelines_name_places() {
        let t =
            "Harbour talks resume\n\nPORT VELLMAR, March 3 (Reuters) - Talks resumed on Monday.";
        let m = mentions(t);
        assert!(m.contains(&("PORT VELLMAR".to_string(), "GPE")), "{m:?}");
    }

    #[test]
    fn bylines_initials_and_coordinated_names() {
        let t = "Harbour deal signed\n\nJ.K. Ostrovak\n\nThe Fisheries and Ports Ministry signed it, said K.L. Varga.";
        let m = mentions(t);
        assert!(
            m.contains(&("J.K. Ostrovak".to_string(), "PERSON")),
            "{m:?}"
        );
        assert!(
            m.contains(&("Fisheries and Ports Ministry".to_string(), "ORG")),
            "{m:?}"
        );
        assert!(is_initials("K.T.") && is_initials("J."));
        assert!(!is_initials("Mr.") && !is_initials("KT"));
    }

    #[test]
    fn events_are_not_actors() {
        let m = mentions("The team prepared for the Asian Cup in the spring.");
        assert!(!m.iter().any(|(t, _)| t.contains("Cup")), "{m:?}");
    }

    #[test]
    fn headline_capitals_match_known_names() {
        let t = "VORLAK WINS AGAIN\n\nMarta Vorlak won the race in Oslo on Sunday.";
        let m = mentions(t);
        assert!(m.contains(&("VORLAK".to_string(), "PERSON")), "{m:?}");
        assert!(m.contains(&("Marta Vorlak".to_string(), "PERSON")), "{m:?}");
    }

    #[test]
    fn a_word_of_a_persons_name_is_that_person() {
        let t = "Marla Venn runs the studio in Medina. We asked Marla about Medina.";
        let a = run(t);
        let marla: Vec<_> = a
            .mentions
            .iter()
            .filter(|m| m.span.slice(t).starts_with("Marla"))
            .map(|m| &a.actors[m.actor])
            .collect();
        assert_eq!(marla.len(), 2, "{:?}", a.mentions);
        assert!(
            marla
                .iter()
                .all(|x| x.name == "Marla Venn" && x.kind == ActorKind::Person)
        );
        let k = |w: &str| {
            a.mentions
                .iter()
                .filter(|m| m.span.slice(t) == w)
                .map(|m| a.actors[m.actor].kind)
                .collect::<Vec<_>>()
        };
        assert!(
            k("Medina").iter().all(|x| *x == ActorKind::Gpe),
            "{:?}",
            k("Medina")
        );
    }

    #[test]
    fn an_undefined_acronym_joins_the_name_it_spells() {
        let t = "Harbour Defence League and HDL and the S. D. L. but not HD";
        let doc = Doc::new(t, 0);
        let at = |w: &str| {
            (0..doc.tokens.len())
                .find(|&k| doc.tok(k) == w)
                .unwrap_or(0)
        };
        let org = |start: usize, end: usize| Cand {
            start,
            end,
            kind: ActorKind::Org,
            conf: 0.5,
            canonical: None,
            rule: rules::TAGGER,
        };
        let cands = vec![
            org(0, 3),
            org(at("HDL"), at("HDL") + 1),
            org(at("S."), at("L.") + 1),
            org(at("HD"), at("HD") + 1),
        ];
        let mut target: Vec<(String, ActorKind)> = cands
            .iter()
            .map(|c| (actor_key(span_text(&doc, c.start, c.end)), c.kind))
            .collect();
        acronym_targets(&doc, &cands, &mut target);
        assert_eq!(target[1], target[0]);
        assert_ne!(target[2], target[0]);
        assert_ne!(target[3], target[0]);
    }

    #[test]
    fn cities_need_place_context() {
        let g = Gazetteer::load();
        let t = "Officials met Medina Orlov. Troops later arrived in Medina.";
        let doc = Doc::new(t, 0);
        let at = |w: &str, nth: usize| {
            (0..doc.tokens.len())
                .filter(|&k| doc.tok(k) == w)
                .nth(nth)
                .unwrap_or(usize::MAX)
        };
        let (first, second) = (at("Medina", 0), at("Medina", 1));
        // Part of a longer capitalised name: never a place alone.
        assert!(!whole_run(&doc, 0, doc.tokens.len(), first, first + 1));
        assert!(place_context(&doc, &g, second, second + 1));
        assert!(!place_context(&doc, &g, first, first + 1));
        let m = mentions(t);
        assert!(m.contains(&("Medina".to_string(), "GPE")), "{m:?}");
    }

    #[test]
    fn garbage_never_panics() {
        let long = "Abc Def (GH) ".repeat(2000);
        for t in [
            "",
            "(((",
            "\"",
            "Mr.",
            "( A )",
            "The",
            "x (Y) (Z)",
            long.as_str(),
            "ÉÉ É. «Ü»",
        ] {
            let a = run(t);
            for m in &a.mentions {
                assert!(m.span.end <= t.len());
                assert!(m.actor < a.actors.len());
            }
        }
    }
}
