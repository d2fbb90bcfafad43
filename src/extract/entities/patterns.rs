//! Name patterns that decide a span or a kind from the words around a name, with no list of
//! names: an acronym defined in brackets spells the words before it, "the X network" is a group,
//! a demonym before an organisation belongs to it, and a name headed by "Republic" or "Emirate"
//! is a state. Each rule is one function with its own tests.

use foldhash::{HashMap, HashSet, HashSetExt};

use super::super::text::{Doc, TokenKind};
use super::gazetteer::{GazKind, Gazetteer};
use super::{Cand, is_cap, lex, rules, span_text};
use crate::model::ActorKind;

/// Confidence of the words an abbreviation in brackets spells.
const CONF_ACRONYM_SPELLS_NAME: f32 = 0.7;
/// Confidence of a name before 'network' or 'group'.
const CONF_GROUP_NOUN: f32 = 0.6;
/// Confidence of a city's team before a player's role.
const CONF_CLUB: f32 = 0.55;
/// Confidence of ordinary capitalised words and a country's name.
const CONF_FIELD_AND_COUNTRY: f32 = 0.55;

/// The longest name an acronym may spell, in tokens.
const MAX_ACRONYM_SPAN: usize = 10;

/// Lower-case words that may stand inside a name spelled by an acronym ("Bank *of* X").
fn acronym_glue(w: &str) -> bool {
    matches!(w, "of" | "and" | "for" | "the" | "on" | "in" | "&")
}

/// The capital letters of `text`, including those after hyphens ("Ab-e-Cd" gives A, C).
fn capitals(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_uppercase()).collect()
}

/// "Long Name Words (LNW)": where the capitals of the words just before the brackets spell the
/// acronym exactly, those words are one name, an organisation unless a candidate already
/// covers exactly them. Names inside it that other rules found ("Tolmestan" in a party's name)
/// give way. A candidate crossing the span's edge is left alone: then the reading is unclear.
pub(super) fn acronym_spells_name(doc: &Doc, cands: &mut Vec<Cand>) {
    let n = doc.tokens.len();
    let mut added: Vec<Cand> = Vec::new();
    for k in 1..n.saturating_sub(2) {
        if doc.tok(k) != "(" || doc.tok(k + 2) != ")" {
            continue;
        }
        let acr = doc.tok(k + 1);
        let letters: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).collect();
        if !(2..=8).contains(&letters.len()) || letters.iter().any(|c| !c.is_uppercase()) {
            continue;
        }
        let Some(start) = spelled_start(doc, k, &letters) else {
            continue;
        };
        if cands.iter().any(|c| c.start == start && c.end == k) {
            continue;
        }
        if cands
            .iter()
            .any(|c| c.start < k && start < c.end && (c.start < start || c.end > k))
        {
            continue;
        }
        cands.retain(|c| c.end <= start || c.start >= k);
        added.push(Cand {
            start,
            end: k,
            kind: ActorKind::Org,
            conf: CONF_ACRONYM_SPELLS_NAME,
            canonical: None,
            rule: rules::ACRONYM_SPELLS_NAME,
        });
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| (c.start, c.end));
    }
}

/// Where the name spelled by `letters` starts, walking back from the bracket at `open`: the
/// nearest start whose words' capitals are exactly the letters. Only capitalised words and the
/// glue words between them are crossed.
fn spelled_start(doc: &Doc, open: usize, letters: &[char]) -> Option<usize> {
    let mut start = open;
    while start > 0 && open - start < MAX_ACRONYM_SPAN {
        let k = start - 1;
        let w = doc.tok(k);
        let word = doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word);
        if !word || !(is_cap(w) || acronym_glue(w)) {
            return None;
        }
        start = k;
        if is_cap(w) {
            let caps = capitals(span_text(doc, start, open));
            if caps == letters {
                return Some(start);
            }
            if caps.len() > letters.len() {
                return None;
            }
        }
    }
    None
}

/// "the Vorlak network", "the Castell group": capitalised words between "the" and a lower-case
/// group noun name a group (an organisation), noun included. A person's name found on those
/// words gives way, as the words name the group here.
pub(super) fn group_noun_names(doc: &Doc, cands: &mut Vec<Cand>) {
    let n = doc.tokens.len();
    let mut added: Vec<Cand> = Vec::new();
    for g in 2..n {
        if !lex().group_nouns.contains(doc.tok(g)) {
            continue;
        }
        let mut start = g;
        while start > 0 && g - start < 3 && super::name_word(doc, start - 1) {
            start -= 1;
        }
        if start == g || start == 0 || !doc.tok(start - 1).eq_ignore_ascii_case("the") {
            continue;
        }
        if cands
            .iter()
            .any(|c| c.start < g && start < c.end && (c.start < start || c.end > g))
        {
            continue;
        }
        cands.retain(|c| c.end <= start || c.start > g);
        added.push(Cand {
            start,
            end: g + 1,
            kind: ActorKind::Org,
            conf: CONF_GROUP_NOUN,
            canonical: None,
            rule: rules::GROUP_NOUN,
        });
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| (c.start, c.end));
    }
}

/// "Vellmari Harbour League" where "Harbour League" is an organisation elsewhere in the article:
/// a demonym before an organisation's name makes one organisation, not a place. A capitalised
/// demonym written just before an organisation ("the Ostravan Harbour League"), in the same
/// sentence and outside any other mention, joins it as well.
pub(super) fn demonym_before_organisation(doc: &Doc, gaz: &Gazetteer, cands: &mut [Cand]) {
    let covered = super::covered_tokens(doc, cands);
    for c in cands.iter_mut() {
        if c.kind != ActorKind::Org || c.start == 0 {
            continue;
        }
        let k = c.start - 1;
        let w = doc.tok(k);
        let word = doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word);
        if word
            && is_cap(w)
            && !covered.get(k).copied().unwrap_or(true)
            && !super::line_break_after(doc, k)
            && matches!(gaz.lookup(w), Some((GazKind::Demonym, _)))
        {
            c.start = k;
            c.canonical = None;
            c.rule = rules::DEMONYM_BEFORE_ORGANISATION;
        }
    }
    let orgs: HashSet<&str> = cands
        .iter()
        .filter(|c| c.kind == ActorKind::Org)
        .map(|c| span_text(doc, c.start, c.end))
        .collect();
    if orgs.is_empty() {
        return;
    }
    let mut changed = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if c.kind == ActorKind::Org || c.end < c.start + 2 {
            continue;
        }
        let demonym = matches!(gaz.lookup(doc.tok(c.start)), Some((GazKind::Demonym, _)));
        if demonym && orgs.contains(span_text(doc, c.start + 1, c.end)) {
            changed.push(i);
        }
    }
    for i in changed {
        if let Some(c) = cands.get_mut(i) {
            c.kind = ActorKind::Org;
            c.canonical = None;
            c.rule = rules::DEMONYM_BEFORE_ORGANISATION;
        }
    }
}

/// Confidence of a company named after its legal form.
const CONF_LEGAL_FORM: f32 = 0.65;

/// Rule [`rules::LEGAL_FORM_BEFORE_NAME`]: "PT Vellmar Jaya", "PJSC Ostrava Steel": a company's
/// legal form written before capitalised words (`org_prefixes`) makes them one organisation,
/// form included, whatever the tagger made of the words (a person, a place, two names). The
/// same words elsewhere without the form ("Vellmar Jaya shares rose") name the same company.
/// Returns (name without the form, full name) links.
pub(super) fn legal_form_before_name(doc: &Doc, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
    let n = doc.tokens.len();
    let mut added: Vec<Cand> = Vec::new();
    let mut k = 0;
    while k + 1 < n {
        if !lex().org_prefixes.contains(doc.tok(k)) {
            k += 1;
            continue;
        }
        let mut e = k + 1;
        while e < n && e < k + 6 && super::name_word(doc, e) && !super::line_break_after(doc, e - 1)
        {
            e += 1;
        }
        if e > k + 1 {
            added.push(Cand {
                start: k,
                end: e,
                kind: ActorKind::Org,
                conf: CONF_LEGAL_FORM,
                canonical: None,
                rule: rules::LEGAL_FORM_BEFORE_NAME,
            });
        }
        k = e;
    }
    if added.is_empty() {
        return Vec::new();
    }
    cands.retain(|c| !added.iter().any(|a| c.start < a.end && a.start < c.end));
    let short: HashSet<&str> = added
        .iter()
        .map(|a| span_text(doc, a.start + 1, a.end))
        .collect();
    for c in cands.iter_mut() {
        if short.contains(span_text(doc, c.start, c.end)) {
            c.kind = ActorKind::Org;
            c.canonical = None;
            c.rule = rules::LEGAL_FORM_BEFORE_NAME;
        }
    }
    let links = added
        .iter()
        .map(|a| {
            (
                span_text(doc, a.start + 1, a.end).to_string(),
                span_text(doc, a.start, a.end).to_string(),
            )
        })
        .collect();
    cands.extend(added);
    cands.sort_by_key(|c| (c.start, c.end));
    links
}

/// A word of `event_openers` (listed capitalised), written either way ("Cyclone", "cyclone").
fn event_opener(w: &str) -> bool {
    let mut chars = w.chars();
    let capitalised: String = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    lex().event_openers.contains(&capitalised)
}

/// Rule [`rules::LONE_NAME_IS_A_PLACE`] and its converse: a one-word name the tagger took for a
/// person, which the article never writes as a person's (no full name holds it, no title before
/// it, no speech verb after it), is decided by where it stands. Written after
/// a preposition that takes places ("near Tolmevo", "in Tolmevo", not "in Tolmevo's") it is a
/// place; written after "the" or after a storm or battle word ("the Tolmevo deposit", "Cyclone
/// Tolmevo"), it names a thing or an event, not an actor, and is dropped.
pub(super) fn lone_names_by_context(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    let n = doc.tokens.len();
    let single = |c: &Cand| c.kind == ActorKind::Person && c.end == c.start + 1;
    // Words that some mention shows to be a person's.
    let mut person: HashSet<&str> = HashSet::new();
    // Per one-word name: (place contexts, thing contexts).
    let mut seen: HashMap<&str, (usize, usize)> = Default::default();
    for c in cands.iter() {
        if c.kind != ActorKind::Person {
            continue;
        }
        if !single(c) {
            person.extend((c.start..c.end).map(|k| doc.tok(k)));
            continue;
        }
        let w = doc.tok(c.start);
        let prev = c.start.checked_sub(1).map_or("", |k| doc.tok(k));
        let next = if c.end < n { doc.tok(c.end) } else { "" };
        let titled = gaz.is_title(prev) || super::super::text::is_title_abbreviation(prev);
        if titled || super::super::quotes::is_speech_verb(next) {
            person.insert(w);
            continue;
        }
        let possessive = matches!(next, "'s" | "\u{2019}s" | "'" | "\u{2019}");
        // Storms bear given names, and places after "in" may too ("in Annora"); only after
        // "the" does a given name still read as a person's.
        let given = super::is_given_name(&w.to_lowercase());
        let e = seen.entry(w).or_default();
        if lex().place_only_prepositions.contains(prev) && !possessive {
            e.0 += 1;
        } else if event_opener(prev) || prev.eq_ignore_ascii_case("the") && !given {
            e.1 += 1;
        }
    }
    seen.retain(|w, (place, thing)| !person.contains(w) && (*place > 0 || *thing > 0));
    if seen.is_empty() {
        return;
    }
    for c in cands.iter_mut() {
        if !single(c) {
            continue;
        }
        let Some(&(place, thing)) = seen.get(doc.tok(c.start)) else {
            continue;
        };
        if place >= thing {
            c.kind = ActorKind::Loc;
            c.kind = super::rules::place_kind(doc, gaz, c);
            c.rule = rules::LONE_NAME_IS_A_PLACE;
        } else {
            c.end = c.start;
        }
    }
    cands.retain(|c| c.end > c.start);
}

/// A one-word name that the article also uses as an ordinary lower-case word, at least twice
/// ("Salinity levels rose ... salinity ... salinity"), is that word capitalised for a sentence
/// start or for emphasis, not a name: it is dropped. A known place or organisation, a word of a
/// person's longer name in the article, a word after a title or before "said", and words in
/// capitals or with inner capitals ("NASA", "McKee") stay.
pub(super) fn common_word_in_capitals(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    let n = doc.tokens.len();
    let mut lower: HashMap<&str, usize> = HashMap::default();
    for k in 0..n {
        let w = doc.tok(k);
        if doc.tokens[k].kind == TokenKind::Word && w.chars().next().is_some_and(char::is_lowercase)
        {
            *lower.entry(w).or_default() += 1;
        }
    }
    let in_longer: HashSet<String> = cands
        .iter()
        .filter(|c| c.end > c.start + 1 && c.kind == ActorKind::Person)
        .flat_map(|c| (c.start..c.end).map(|k| doc.tok(k).to_lowercase()))
        .collect();
    cands.retain(|c| {
        if c.end != c.start + 1 || c.canonical.is_some() {
            return true;
        }
        let w = doc.tok(c.start);
        let mut chars = w.chars();
        let title_case =
            chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
        if !title_case {
            return true;
        }
        let prev = c.start.checked_sub(1).map_or("", |k| doc.tok(k));
        let next = if c.end < n { doc.tok(c.end) } else { "" };
        if gaz.is_title(prev)
            || super::super::text::is_title_abbreviation(prev)
            || super::super::quotes::is_speech_verb(next)
        {
            return true;
        }
        let folded = w.to_lowercase();
        in_longer.contains(&folded) || lower.get(folded.as_str()).copied().unwrap_or(0) < 2
    });
}

/// "Tom Reyes, QC, said": a short word in capitals right after a person's name and a comma is
/// the person's rank or degree (post-nominal letters), not a place or an organisation.
pub(super) fn post_nominal_letters(doc: &Doc, cands: &mut Vec<Cand>) {
    let person_ends: HashSet<usize> = cands
        .iter()
        .filter(|c| c.kind == ActorKind::Person)
        .map(|c| c.end)
        .collect();
    cands.retain(|c| {
        let w = doc.tok(c.start);
        let letters = c.end == c.start + 1
            && (2..=4).contains(&w.chars().count())
            && w.chars().all(|ch| ch.is_ascii_uppercase());
        !(letters
            && c.start >= 1
            && doc.tok(c.start - 1) == ","
            && person_ends.contains(&(c.start - 1)))
    });
}

/// Rule [`rules::FIELD_AND_COUNTRY`]: one to three capitalised words right before a
/// country's name ("Fisheries Canada", "Harbour Safety Norway") name an organisation after its
/// field and its country, a common form for national agencies and sports bodies. Not at the
/// start of a sentence; not given names, titles, known names or words of another name found
/// otherwise; not words that make a region of the country ("Northern ..."); and not in a
/// headline whose words are mostly capitalised.
pub(super) fn field_and_country(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    // Names found otherwise; a run of capitalised words read as a name on their own gives way.
    let firm = cands.iter().filter(|c| c.rule != rules::CAPITALISED_RUN);
    let starts: HashSet<usize> = firm.clone().map(|c| c.start).collect();
    let ends: HashSet<usize> = firm.map(|c| c.end).collect();
    let mut grown: Vec<(usize, usize)> = Vec::new();
    for c in cands.iter_mut() {
        if !matches!(c.kind, ActorKind::Gpe | ActorKind::Loc)
            || !countries_only(doc, gaz, c.start, c.end)
        {
            continue;
        }
        // Sentences are in order: the first one that ends after the name's start holds it.
        let at = doc.sentence_tokens.partition_point(|r| r.end <= c.start);
        let Some(sentence) = doc.sentence_tokens.get(at).filter(|r| r.contains(&c.start)) else {
            continue;
        };
        let mut s = c.start;
        while s > sentence.start && c.start - s < 3 {
            let k = s - 1;
            let w = doc.tok(k);
            let lower = w.to_lowercase();
            let ordinary = super::name_word(doc, k)
                && !super::is_given_name(&lower)
                && !lex().place_modifiers.contains(lower.as_str())
                && !gaz.is_title(w)
                && gaz.lookup(w).is_none()
                && !super::line_break_after(doc, k)
                // A word that another name ends in or starts with belongs to that name.
                && !ends.contains(&(k + 1))
                && !starts.contains(&k);
            if !ordinary {
                break;
            }
            s = k;
        }
        if s == c.start || s == sentence.start {
            continue;
        }
        let words = sentence
            .clone()
            .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
            .count();
        let capitalised = sentence
            .clone()
            .filter(|&k| super::name_word(doc, k))
            .count();
        if capitalised * 2 > words {
            continue;
        }
        c.start = s;
        c.kind = ActorKind::Org;
        c.canonical = None;
        c.conf = CONF_FIELD_AND_COUNTRY;
        c.rule = rules::FIELD_AND_COUNTRY;
        grown.push((c.start, c.end));
    }
    cands.retain(|c| {
        c.rule == rules::FIELD_AND_COUNTRY
            || !grown.iter().any(|&(s, e)| s <= c.start && c.end <= e)
    });
}

/// True when tokens `s..e` are one or more names of countries, states or provinces and nothing
/// else ("New Zealand", "Norway Sweden").
fn countries_only(doc: &Doc, gaz: &Gazetteer, s: usize, e: usize) -> bool {
    let mut at = s;
    while at < e {
        let Some(next) = (at + 1..=e)
            .rev()
            .find(|&j| matches!(gaz.lookup(span_text(doc, at, j)), Some((GazKind::Gpe, _))))
        else {
            return false;
        };
        at = next;
    }
    at > s
}

/// Rule [`rules::CLUB_BEFORE_SPORTS_ROLE`]: a city's name (or an unknown one-word name) right
/// before a player's or coach's role and a person's name ("Ostrava captain Ilsa Varnok") names
/// the city's team, an organisation. A country's name stays a place: news treats national sides
/// as their country.
pub(super) fn club_before_sports_role(doc: &Doc, gaz: &Gazetteer, cands: &mut [Cand]) {
    let n = doc.tokens.len();
    for c in cands.iter_mut() {
        if c.end + 1 >= n
            || !lex().sports_roles.contains(doc.tok(c.end))
            || !super::name_word(doc, c.end + 1)
        {
            continue;
        }
        let lone = c.end == c.start + 1;
        let name = span_text(doc, c.start, c.end);
        let city = match gaz.lookup(name) {
            Some((GazKind::City, _)) => true,
            Some((GazKind::Gpe, _)) => !gaz.is_country(name),
            Some(_) => false,
            None => lone && matches!(c.kind, ActorKind::Gpe | ActorKind::Loc | ActorKind::Person),
        };
        if city {
            c.kind = ActorKind::Org;
            c.canonical = None;
            c.conf = CONF_CLUB;
            c.rule = rules::CLUB_BEFORE_SPORTS_ROLE;
        }
    }
}

/// "the Northern Sultanate", "Vellmar Republic": a name of two or more words headed by a word
/// that heads the official names of states is a state (a country or city kind), whatever the
/// tagger guessed.
pub(super) fn state_head_word(doc: &Doc, cands: &mut [Cand]) {
    for c in cands.iter_mut() {
        if c.end < c.start + 2 || matches!(c.kind, ActorKind::Gpe | ActorKind::Org) {
            continue;
        }
        if lex().polity_heads.contains(doc.tok(c.end - 1)) {
            c.kind = ActorKind::Gpe;
            c.rule = rules::STATE_HEAD_WORD;
        }
    }
}

/// Confidence of a country named by a demonym and a state word.
const CONF_DEMONYM_STATE: f32 = 0.6;

/// Rule [`rules::DEMONYM_STATE`]: "the Ostravan State", "the Vellmari Republic": a demonym
/// followed by a capitalised "State" or a word heading the names of states names the country of
/// the demonym. The two words become one country mention (replacing candidates inside them) and
/// are linked to the country's name. Returns (span, country) links.
pub(super) fn demonym_state(
    doc: &Doc,
    gaz: &Gazetteer,
    cands: &mut Vec<Cand>,
) -> Vec<(String, String)> {
    let mut links = Vec::new();
    let mut added: Vec<Cand> = Vec::new();
    for k in 0..doc.tokens.len().saturating_sub(1) {
        let head = doc.tok(k + 1);
        if head != "State" && !lex().polity_heads.contains(head) {
            continue;
        }
        let Some((GazKind::Demonym, country)) = gaz.lookup(doc.tok(k)) else {
            continue;
        };
        // A longer name around the two words ("Ostravan State Railways") is left alone.
        if super::name_word(doc, k + 2)
            || cands
                .iter()
                .any(|c| c.start < k + 2 && k < c.end && (c.start < k || c.end > k + 2))
        {
            continue;
        }
        added.push(Cand {
            start: k,
            end: k + 2,
            kind: ActorKind::Gpe,
            conf: CONF_DEMONYM_STATE,
            canonical: None,
            rule: rules::DEMONYM_STATE,
        });
        links.push((span_text(doc, k, k + 2).to_string(), country.to_string()));
    }
    if added.is_empty() {
        return links;
    }
    cands.retain(|c| !added.iter().any(|a| a.start <= c.start && c.end <= a.end));
    cands.extend(added);
    cands.sort_by_key(|c| (c.start, c.end));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(start: usize, end: usize, kind: ActorKind) -> Cand {
        Cand {
            start,
            end,
            kind,
            conf: 0.5,
            canonical: None,
            rule: rules::TAGGER,
        }
    }

    fn spans(doc: &Doc, cands: &[Cand]) -> Vec<(String, ActorKind)> {
        cands
            .iter()
            .map(|c| (span_text(doc, c.start, c.end).to_string(), c.kind))
            .collect()
    }

    fn index(doc: &Doc, word: &str) -> usize {
        (0..doc.tokens.len())
            .find(|&k| doc.tok(k) == word)
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn an_acronym_spells_the_words_before_it_even_across_hyphens() {
        let text = "Leaders of Harak-e-Vellmar Tolmestan (HVT) met on Monday.";
        let doc = Doc::new(text, 0);
        let t = index(&doc, "Tolmestan");
        // Another rule found only the place at the end of the name.
        let mut cands = vec![cand(t, t + 1, ActorKind::Gpe)];
        acronym_spells_name(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![("Harak-e-Vellmar Tolmestan".to_string(), ActorKind::Org)]
        );
        assert_eq!(cands[0].rule, rules::ACRONYM_SPELLS_NAME);
    }

    #[test]
    fn an_acronym_crosses_glue_words_and_stops_at_the_spelled_name() {
        let text = "The Bank of Northern Vellmar (BNV) said on Monday it would cut rates.";
        let doc = Doc::new(text, 0);
        let mut cands = Vec::new();
        acronym_spells_name(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![("Bank of Northern Vellmar".to_string(), ActorKind::Org)]
        );
        // Capitals that do not spell it, or a lower-case "acronym": nothing.
        for text in [
            "The Bank of Northern Vellmar (XYZ) said so.",
            "The Bank of Northern Vellmar (bnv) said so.",
            "rates were cut (BNV) on Monday.",
        ] {
            let doc = Doc::new(text, 0);
            let mut cands = Vec::new();
            acronym_spells_name(&doc, &mut cands);
            assert!(cands.is_empty(), "{text}");
        }
    }

    #[test]
    fn an_acronym_leaves_a_name_alone_that_already_covers_the_words() {
        let text = "The Vellmar Dock Union (VDU) went on strike.";
        let doc = Doc::new(text, 0);
        let v = index(&doc, "Vellmar");
        let mut cands = vec![cand(v, v + 3, ActorKind::Person)];
        acronym_spells_name(&doc, &mut cands);
        assert_eq!(cands.len(), 1);
        assert_eq!(cands[0].kind, ActorKind::Person);
        assert_eq!(cands[0].rule, rules::TAGGER);
    }

    #[test]
    fn the_name_before_a_group_noun_is_a_group() {
        let text = "Officials blamed the Orlov network for the attack.";
        let doc = Doc::new(text, 0);
        let o = index(&doc, "Orlov");
        let mut cands = vec![cand(o, o + 1, ActorKind::Person)];
        group_noun_names(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![("Orlov network".to_string(), ActorKind::Org)]
        );
        assert_eq!(cands[0].rule, rules::GROUP_NOUN);
        // Without "the" before it, a name and a common noun stay apart.
        let text = "Orlov network engineers said so.";
        let doc = Doc::new(text, 0);
        let mut cands = vec![cand(0, 1, ActorKind::Person)];
        group_noun_names(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![("Orlov".to_string(), ActorKind::Person)]
        );
    }

    #[test]
    fn a_demonym_joins_the_organisation_it_comes_before() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let text = "The Harbour League spoke. Later the French Harbour League agreed.";
        let doc = Doc::new(text, 0);
        let h = index(&doc, "Harbour");
        let f = index(&doc, "French");
        let mut cands = vec![
            cand(h, h + 2, ActorKind::Org),
            cand(f, f + 3, ActorKind::Gpe),
        ];
        demonym_before_organisation(&doc, gaz, &mut cands);
        assert_eq!(cands[1].kind, ActorKind::Org);
        assert_eq!(cands[1].rule, rules::DEMONYM_BEFORE_ORGANISATION);
        // Without the organisation elsewhere, the span keeps its kind.
        let mut alone = vec![cand(f, f + 3, ActorKind::Gpe)];
        demonym_before_organisation(&doc, gaz, &mut alone);
        assert_eq!(alone[0].kind, ActorKind::Gpe);
    }

    #[test]
    fn a_demonym_written_before_an_organisation_joins_it() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let text = "Talks with the French Dockers Guild began, and French officials met the Guild.";
        let doc = Doc::new(text, 0);
        let d = index(&doc, "Dockers");
        let g = super::super::testing::nth(&doc, "Guild", 1);
        let mut cands = vec![
            cand(d, d + 2, ActorKind::Org),
            cand(g, g + 1, ActorKind::Org),
        ];
        demonym_before_organisation(&doc, gaz, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![
                ("French Dockers Guild".to_string(), ActorKind::Org),
                ("Guild".to_string(), ActorKind::Org),
            ]
        );
        assert_eq!(cands[0].rule, rules::DEMONYM_BEFORE_ORGANISATION);
        // A demonym before a person, or one on the line above, stays out.
        let text = "French\nDockers Guild said so. The French Mila Orlova spoke.";
        let doc = Doc::new(text, 0);
        let d = index(&doc, "Dockers");
        let m = index(&doc, "Mila");
        let mut cands = vec![
            cand(d, d + 2, ActorKind::Org),
            cand(m, m + 2, ActorKind::Person),
        ];
        demonym_before_organisation(&doc, gaz, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![
                ("Dockers Guild".to_string(), ActorKind::Org),
                ("Mila Orlova".to_string(), ActorKind::Person),
            ]
        );
    }

    #[test]
    fn a_legal_form_before_capitalised_words_makes_a_company() {
        let text = "Shares of PT Vellmar Jaya rose, and PJSC Ostrava gained. The PT lesson ended.";
        let doc = Doc::new(text, 0);
        let v = index(&doc, "Vellmar");
        let mut cands = vec![
            cand(v - 1, v, ActorKind::Org),
            cand(v, v + 2, ActorKind::Person),
        ];
        let links = legal_form_before_name(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![
                ("PT Vellmar Jaya".to_string(), ActorKind::Org),
                ("PJSC Ostrava".to_string(), ActorKind::Org),
            ]
        );
        assert!(
            cands
                .iter()
                .all(|c| c.rule == rules::LEGAL_FORM_BEFORE_NAME)
        );
        assert_eq!(
            links[0],
            ("Vellmar Jaya".to_string(), "PT Vellmar Jaya".to_string())
        );
        // The name without its form, read as a person elsewhere, is the company.
        let text = "Vellmar Jaya gains. Shares of PT Vellmar Jaya rose.";
        let doc = Doc::new(text, 0);
        let mut cands = vec![cand(0, 2, ActorKind::Person)];
        legal_form_before_name(&doc, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![
                ("Vellmar Jaya".to_string(), ActorKind::Org),
                ("PT Vellmar Jaya".to_string(), ActorKind::Org),
            ]
        );
        let filed = super::super::testing::actors_of(text, "Vellmar Jaya");
        assert_eq!(filed, ["PT Vellmar Jaya"]);
    }

    #[test]
    fn a_lone_name_is_decided_by_where_it_stands() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let text = "Ferries stop near Quillon. Trade in Quillon grew. \
                    Engineers studied the Brastow deposit and the Brastow seam. \
                    Storms hit, and Cyclone Merrow weakened. \
                    Later Dr. Varnok arrived, and the Varnok report said little. \
                    Then hurricane Maria passed, and the Maria we knew left.";
        let doc = Doc::new(text, 0);
        let at = |w: &str, k: usize| super::super::testing::nth(&doc, w, k);
        let one = |k: usize| cand(k, k + 1, ActorKind::Person);
        let mut cands = vec![
            one(at("Quillon", 0)),
            one(at("Quillon", 1)),
            one(at("Brastow", 0)),
            one(at("Brastow", 1)),
            one(at("Merrow", 0)),
            one(at("Varnok", 0)),
            one(at("Varnok", 1)),
            one(at("Maria", 0)),
            one(at("Maria", 1)),
        ];
        lone_names_by_context(&doc, gaz, &mut cands);
        let got: Vec<(String, ActorKind)> = spans(&doc, &cands);
        // A storm with a given name is no person either, wherever else it stands.
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].0, "Quillon");
        assert!(matches!(got[0].1, ActorKind::Gpe | ActorKind::Loc));
        assert_eq!(cands[0].rule, rules::LONE_NAME_IS_A_PLACE);
        // A title elsewhere makes "Varnok" a person everywhere.
        assert_eq!(got[2], ("Varnok".to_string(), ActorKind::Person));
        assert_eq!(got[3], ("Varnok".to_string(), ActorKind::Person));
        // A possessive after "in" is a person's ("in Quillon's view").
        let text = "The answer lies in Quillon's view of it.";
        let doc = Doc::new(text, 0);
        let q = index(&doc, "Quillon");
        let mut cands = vec![cand(q, q + 1, ActorKind::Person)];
        lone_names_by_context(&doc, gaz, &mut cands);
        assert_eq!(
            spans(&doc, &cands),
            vec![("Quillon".to_string(), ActorKind::Person)]
        );
    }

    #[test]
    fn a_word_the_article_also_writes_in_lower_case_is_no_name() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let text = "Salinity rose in the delta. Farmers say salinity ruins the soil, and \
                    salinity keeps rising. Mara Quell said Salinity is the worst threat. \
                    Quell added that the quell of the storm helped little, and Dr. Salinity \
                    disagreed.";
        let doc = Doc::new(text, 0);
        let at = |w: &str, k: usize| super::super::testing::nth(&doc, w, k);
        let one = |k: usize| cand(k, k + 1, ActorKind::Person);
        let mut cands = vec![
            one(at("Salinity", 0)),
            cand(at("Mara", 0), at("Mara", 0) + 2, ActorKind::Person),
            one(at("Salinity", 1)),
            one(at("Quell", 1)),
            one(at("Salinity", 2)),
        ];
        common_word_in_capitals(&doc, gaz, &mut cands);
        let got: Vec<String> = spans(&doc, &cands).into_iter().map(|s| s.0).collect();
        // "Salinity" as a subject is the word used throughout; "Quell" is a word of a person's
        // full name, and "Dr. Salinity" has a title.
        assert_eq!(got, ["Mara Quell", "Quell", "Salinity"]);
        assert_eq!(cands[2].start, at("Salinity", 2));
        // Used once in lower case is not enough, and capitals are an acronym.
        let text = "Ambers met the trade board, which lost an amber shipment. AMBER said no.";
        let doc = Doc::new(text, 0);
        let mut cands = vec![
            cand(
                index(&doc, "Ambers"),
                index(&doc, "Ambers") + 1,
                ActorKind::Org,
            ),
            cand(
                index(&doc, "AMBER"),
                index(&doc, "AMBER") + 1,
                ActorKind::Org,
            ),
        ];
        common_word_in_capitals(&doc, gaz, &mut cands);
        assert_eq!(cands.len(), 2);
    }

    #[test]
    fn capitals_after_a_persons_name_and_a_comma_are_post_nominal_letters() {
        let text = "Counsel Ilsa Varnok, KC, told the court in Ostrava, OH, that the ruling stood.";
        let doc = Doc::new(text, 0);
        let ilsa = index(&doc, "Ilsa");
        let kc = index(&doc, "KC");
        let ostrava = index(&doc, "Ostrava");
        let oh = index(&doc, "OH");
        let mut cands = vec![
            cand(ilsa, ilsa + 2, ActorKind::Person),
            cand(kc, kc + 1, ActorKind::Gpe),
            cand(ostrava, ostrava + 1, ActorKind::Gpe),
            cand(oh, oh + 1, ActorKind::Gpe),
        ];
        post_nominal_letters(&doc, &mut cands);
        let got: Vec<String> = spans(&doc, &cands).into_iter().map(|s| s.0).collect();
        assert_eq!(got, ["Ilsa Varnok", "Ostrava", "OH"]);
    }

    #[test]
    fn capitalised_words_before_a_country_name_an_agency() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let run = |text: &str, country: &str, firm: Option<&str>| -> Vec<(String, ActorKind)> {
            let doc = Doc::new(text, 0);
            let k = index(&doc, country);
            let mut cands = vec![cand(k, k + 1, ActorKind::Gpe)];
            if let Some(name) = firm {
                let f = index(&doc, name);
                cands.insert(0, cand(f, f + 2, ActorKind::Person));
            }
            field_and_country(&doc, gaz, &mut cands);
            spans(&doc, &cands)
        };
        let org = |s: &str| vec![(s.to_string(), ActorKind::Org)];
        assert_eq!(
            run(
                "The board said Harbour Safety Norway would check the ferries.",
                "Norway",
                None
            ),
            org("Harbour Safety Norway")
        );
        // A run of capitalised words read as a name on its own gives way.
        let text = "The board said Harbour Safety Norway would check the ferries.";
        let doc = Doc::new(text, 0);
        let (h, n) = (index(&doc, "Harbour"), index(&doc, "Norway"));
        let mut cands = vec![
            cand(h, h + 2, ActorKind::Person),
            cand(n, n + 1, ActorKind::Gpe),
        ];
        cands[0].rule = rules::CAPITALISED_RUN;
        field_and_country(&doc, gaz, &mut cands);
        assert_eq!(spans(&doc, &cands), org("Harbour Safety Norway"));
        assert_eq!(cands[0].rule, rules::FIELD_AND_COUNTRY);
        let place = |s: &str| vec![(s.to_string(), ActorKind::Gpe)];
        // A region of the country, a sentence's first word, a headline, a person's name.
        assert_eq!(
            run("Storms hit Northern Norway on Monday.", "Norway", None),
            place("Norway")
        );
        assert_eq!(
            run("Fisheries Norway said no.", "Norway", None),
            place("Norway")
        );
        assert_eq!(
            run("Floods Hit Coastal Towns Across Norway", "Norway", None),
            place("Norway")
        );
        let got = run(
            "They asked Lena Marsh Norway questions.",
            "Norway",
            Some("Lena"),
        );
        assert_eq!(got[1], ("Norway".to_string(), ActorKind::Gpe));
    }

    #[test]
    fn a_city_before_a_players_role_is_its_team() {
        let gaz = &crate::extract::Engine::shared().entities.gazetteer;
        let run = |text: &str, name: &str, kind: ActorKind| -> (ActorKind, &'static str) {
            let doc = Doc::new(text, 0);
            let k = index(&doc, name);
            let mut cands = vec![cand(k, k + 1, kind)];
            club_before_sports_role(&doc, gaz, &mut cands);
            (cands[0].kind, cands[0].rule)
        };
        // A known city, and an unknown name the tagger took for a person.
        assert_eq!(
            run(
                "He fouled Bergen captain Tomas Lind.",
                "Bergen",
                ActorKind::Gpe
            ),
            (ActorKind::Org, rules::CLUB_BEFORE_SPORTS_ROLE)
        );
        assert_eq!(
            run(
                "He fouled Vellmarby striker Tomas Lind.",
                "Vellmarby",
                ActorKind::Person
            )
            .0,
            ActorKind::Org
        );
        // A country's side stays the country; a role with no name after it says nothing.
        assert_eq!(
            run(
                "He fouled Norway captain Tomas Lind.",
                "Norway",
                ActorKind::Gpe
            )
            .0,
            ActorKind::Gpe
        );
        assert_eq!(
            run("Bergen coach services resumed.", "Bergen", ActorKind::Gpe).0,
            ActorKind::Gpe
        );
        assert!(gaz.is_country("Norway") && !gaz.is_country("Bergen"));
    }

    #[test]
    fn a_name_headed_by_a_state_word_is_a_state() {
        let text = "Envoys of the Vellmari Sultanate and of Tolme arrived.";
        let doc = Doc::new(text, 0);
        let v = index(&doc, "Vellmari");
        let t = index(&doc, "Tolme");
        let mut cands = vec![
            cand(v, v + 2, ActorKind::Person),
            cand(t, t + 1, ActorKind::Person),
        ];
        state_head_word(&doc, &mut cands);
        assert_eq!(cands[0].kind, ActorKind::Gpe);
        assert_eq!(cands[0].rule, rules::STATE_HEAD_WORD);
        assert_eq!(cands[1].kind, ActorKind::Person);
    }

    #[test]
    fn a_demonym_and_state_name_the_country() {
        let t = "Telmar became the capital of the modern Finnish State in 1834. Finland grew.";
        let found = super::super::testing::filed(t);
        let state: Vec<_> = found
            .iter()
            .filter(|(m, _, _)| m == "Finnish State")
            .collect();
        assert_eq!(state.len(), 1, "{found:?}");
        assert_eq!((state[0].1.as_str(), state[0].2), ("Finland", "GPE"));
        assert!(
            found
                .iter()
                .any(|(m, a, _)| m == "Finland" && a == "Finland")
        );
        // A longer name is left alone.
        let doc = Doc::new("The Finnish State Railways run trains.", 0);
        let mut cands = Vec::new();
        assert!(demonym_state(&doc, &Gazetteer::load(), &mut cands).is_empty());
        let doc = Doc::new("The Finnish State runs trains.", 0);
        let links = demonym_state(&doc, &Gazetteer::load(), &mut cands);
        assert_eq!(
            links,
            [("Finnish State".to_string(), "Finland".to_string())]
        );
        assert_eq!(cands[0].rule, rules::DEMONYM_STATE);
    }
}
