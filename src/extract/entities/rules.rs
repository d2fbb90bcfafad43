//! Rules that find candidate mentions inside one sentence and clean their spans: tagger spans,
//! gazetteer entries, titles before names, datelines, bylines, capitalised runs, persons grown
//! over neighbouring name words, and the rules that cut or split a span (line breaks, coordinated
//! places, "Ministry of ..."). Each rule is one function with its own confidence.

use foldhash::HashSet;

use super::*;

/// Confidence of the place of a dateline.
const CONF_DATELINE: f32 = 0.7;
/// Confidence of a name alone on its line.
const CONF_BYLINE: f32 = 0.5;
/// Confidence of one uncommon capitalised word before 'said'.
const CONF_SUBJECT_OF_SPEECH_VERB: f32 = 0.45;
/// Confidence of a run of uncommon capitalised words.
const CONF_CAPITALISED_RUN: f32 = 0.45;
/// Confidence of an organisation head word, 'of' and a name.
const CONF_ORG_OF_NAME: f32 = 0.6;

// Names of the rules that find entity mentions, recorded on each mention.
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
pub const TRAILING_TITLE: &str = "entity.trailing_title_cut";
pub const BRACKETED_ALIAS: &str = "entity.bracketed_alias";
pub const DEMONYM_STATE: &str = "entity.demonym_state";
pub const PARTICLE_SURNAME: &str = "entity.particle_before_surname";
pub const LONE_NAME_IS_A_PLACE: &str = "entity.lone_name_is_a_place";
pub const LEGAL_FORM_BEFORE_NAME: &str = "entity.legal_form_before_name";
pub const FIELD_AND_COUNTRY: &str = "entity.field_and_country";
pub const PERSON_AFTER_ORGANISATION: &str = "entity.person_after_organisation";
pub const SAID_AS_SURNAME: &str = "entity.said_as_surname";
pub const CLUB_BEFORE_SPORTS_ROLE: &str = "entity.club_before_sports_role";

/// Every rule name above, for checks that each one has a description.
pub const ALL: &[&str] = &[
    TAGGER,
    GAZETTEER,
    TITLE_BEFORE_NAME,
    DATELINE,
    BYLINE,
    SUBJECT_OF_SPEECH_VERB,
    CAPITALISED_RUN,
    ORG_HEAD_WORD,
    ACRONYM_DEFINITION,
    NAME_SEEN_BEFORE,
    PERSON_WORD,
    ACRONYM_SPELLS_NAME,
    GROUP_NOUN,
    DEMONYM_BEFORE_ORGANISATION,
    STATE_HEAD_WORD,
    ORG_SHORT_FORM,
    THE_HEAD_WORD,
    ORG_OF_NAME,
    COORDINATED_PLACES,
    LINE_BREAK,
    TRAILING_TITLE,
    BRACKETED_ALIAS,
    DEMONYM_STATE,
    PARTICLE_SURNAME,
    LONE_NAME_IS_A_PLACE,
    LEGAL_FORM_BEFORE_NAME,
    FIELD_AND_COUNTRY,
    PERSON_AFTER_ORGANISATION,
    SAID_AS_SURNAME,
    CLUB_BEFORE_SPORTS_ROLE,
];

/// Confidence of a tagger span is this floor plus half the tagger's own (lowest) score.
const CONF_TAGGER_FLOOR: f32 = 0.5;
/// Confidence of a known name found by the gazetteer alone.
const CONF_GAZETTEER: f32 = 0.6;
/// Confidence of an unknown capitalised name after a title.
const CONF_TITLE_BEFORE_NAME: f32 = 0.55;

/// Rule [`TAGGER`]: the spans the tagger labels in one sentence (`tags` from token `s0` on), as
/// candidates; a span's confidence follows its weakest token.
pub(super) fn tagger_spans(tags: &[(usize, f32)], s0: usize) -> Vec<Cand> {
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
            conf: CONF_TAGGER_FLOOR + conf / 2.0,
            canonical: None,
            rule: TAGGER,
        });
        i = j;
    }
    sent
}

/// Rule [`GAZETTEER`]: known names of one sentence (`matches`, sentence-relative). A tagger span
/// with exactly the same words takes the entry's kind and canonical name (a one-word known
/// organisation is not a person unless it is a given name; a city does not override a person);
/// a known name that covers tagger spans entirely replaces them ("Northern Alliance" over
/// "Alliance"); alone, a known name must not be part of a longer capitalised name, and a city
/// needs place context.
pub(super) fn gazetteer_entries(
    doc: &Doc,
    gaz: &Gazetteer,
    s0: usize,
    s1: usize,
    matches: &[gazetteer::GazMatch],
    sent: &mut Vec<Cand>,
) {
    for m in matches {
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
            conf: CONF_GAZETTEER,
            canonical: Some(m.canonical),
            rule: GAZETTEER,
        });
    }
}

/// Rule [`TITLE_BEFORE_NAME`]: capitalised words after a title that the tagger missed are a
/// person ("President Vorlak").
pub(super) fn title_before_name(
    doc: &Doc,
    gaz: &Gazetteer,
    s0: usize,
    s1: usize,
    sent: &mut Vec<Cand>,
) {
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
                    conf: CONF_TITLE_BEFORE_NAME,
                    canonical: None,
                    rule: TITLE_BEFORE_NAME,
                });
            }
            k = e;
        } else {
            k += 1;
        }
    }
}

/// A common word opening the sentence is not part of the name that follows it ("Defender
/// Tomas Orlov", "Hosts VRD"), unless the whole span is a known name or the article uses the
/// same words as a name where they do not open a sentence ("At New Vellmar meetings ...").
/// `seen_inside` holds the texts of the candidates that do not open a sentence.
pub(super) fn strip_common_opener(
    doc: &Doc,
    gaz: &Gazetteer,
    opener: &[bool],
    seen_inside: &HashSet<&str>,
    c: &mut Cand,
) {
    if c.end - c.start >= 2
        && opener.get(c.start).copied().unwrap_or(false)
        && gaz.is_common(&doc.tok(c.start).to_lowercase())
        && doc.tok(c.start).chars().any(char::is_lowercase)
        && gaz.lookup(span_text(doc, c.start, c.end)).is_none()
        && !seen_inside.contains(span_text(doc, c.start, c.end))
    {
        c.start += 1;
    }
}

/// The texts of the candidates that do not open a sentence, for [`strip_common_opener`].
pub(super) fn texts_inside_sentences<'a>(
    doc: &Doc<'a>,
    opener: &[bool],
    cands: &[Cand],
) -> HashSet<&'a str> {
    cands
        .iter()
        .filter(|c| c.end - c.start >= 2 && !opener.get(c.start).copied().unwrap_or(true))
        .map(|c| span_text(doc, c.start, c.end))
        .collect()
}

/// True when `w` is a word of a role title: a title of the gazetteer ("President"), a title
/// head ("minister", "dean") or a title modifier ("vice", "deputy"), in any case.
pub(super) fn is_title_word(gaz: &Gazetteer, w: &str) -> bool {
    gaz.is_title(w)
        || lex().title_heads.contains_lower(w)
        || lex().title_modifiers.contains_lower(w)
}

/// Rule [`TRAILING_TITLE`]: a person's name does not end in the first word of a role title
/// that follows it ("Dana Velk Vice President and Dean ..." names Dana Velk): title words at
/// the end of a person span of three or more words are cut off, keeping at least two words.
pub(super) fn trailing_title_words(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    if c.kind != ActorKind::Person {
        return;
    }
    let old_end = c.end;
    while c.end >= c.start + 3 && is_title_word(gaz, doc.tok(c.end - 1)) {
        c.end -= 1;
    }
    if c.end != old_end {
        c.rule = TRAILING_TITLE;
    }
}

/// Rule (drops a candidate, so records no name): the name after a capitalised title and "of" or "for" is the domain of the title ("Dean for Pilot Training", "Earl of Vellmar"), not a
/// person: such a person candidate is dropped (a place or an organisation there stays).
pub(super) fn title_domain(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    if c.kind != ActorKind::Person || c.start < 2 {
        return;
    }
    let (title_at, link) = (c.start - 2, doc.tok(c.start - 1));
    let title = doc.tok(title_at);
    if matches!(link, "of" | "for")
        && is_cap(title)
        && (gaz.is_title(title) || lex().title_heads.contains_lower(title))
    {
        c.end = c.start;
    }
}

/// Rule [`TITLE_BEFORE_NAME`]: after a title ("President", "Mr.") an unknown name is a person.
pub(super) fn title_makes_person(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    let titled = c
        .start
        .checked_sub(1)
        .map(|k| doc.tok(k))
        .is_some_and(|w| gaz.is_title(w) || super::super::text::is_title_abbreviation(w));
    if titled
        && c.kind != ActorKind::Person
        && c.canonical.is_none()
        && gaz.lookup(span_text(doc, c.start, c.end)).is_none()
    {
        c.kind = ActorKind::Person;
        c.rule = TITLE_BEFORE_NAME;
    }
}

/// Rule [`ORG_HEAD_WORD`]: an organisation head word right after a place or organisation name
/// belongs to it ("Vellmar Newsroom", "Oslo University"); up to three capitalised words may
/// stand between ("Vellmar Evening Herald").
pub(super) fn org_head_after_name(doc: &Doc, c: &mut Cand) {
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
            c.rule = ORG_HEAD_WORD;
        }
    }
}

/// Rule [`ORG_HEAD_WORD`]: a coordinated organisation name ("Fisheries and Ports Ministry"),
/// with any name words before it ("Estonian Fisheries and Ports Ministry"); the words before
/// "and" must not end in a head word of their own ("Vellmar Mining Ltd and Ostra Gold Corp"
/// are two names).
pub(super) fn coordinated_org_name(doc: &Doc, opener: &[bool], c: &mut Cand) {
    if lex().org_heads.contains(doc.tok(c.end.saturating_sub(1)))
        && c.start >= 2
        && doc.tok(c.start - 1) == "and"
        && name_word(doc, c.start - 2)
        // "Vellmar Mining Ltd and Ostra Gold Corp" are two names: the left one ends in a
        // head word of its own.
        && !lex().org_heads.contains(doc.tok(c.start - 2))
    {
        c.start -= 2;
        c.rule = ORG_HEAD_WORD;
        while c.start > 0
            && name_word(doc, c.start - 1)
            && !opener.get(c.start - 1).copied().unwrap_or(false)
        {
            c.start -= 1;
        }
    }
}

/// Rule [`ORG_HEAD_WORD`]: a name ending in "Herald", "Ministry", "Newsroom" is an organisation.
pub(super) fn org_head_word_kind(doc: &Doc, c: &mut Cand) {
    if c.kind != ActorKind::Org
        && c.end > c.start + 1
        && lex().org_heads.contains(doc.tok(c.end - 1))
    {
        c.kind = ActorKind::Org;
        c.rule = ORG_HEAD_WORD;
    }
}

/// A dateline: a line opening with one to three words in capitals followed by a comma, a
/// parenthesis or a date ("KABUL, Nov 8 (Reuters) -", "PORT LOUIS 1996-12-06") names a place.
/// Capitals that are only ordinary English words and no known place ("WHEREAS, ...", "NOW,
/// THEREFORE") open a clause of a proclamation or a list, not a dateline.
pub(super) fn dateline(doc: &Doc, gaz: &Gazetteer, s0: usize, s1: usize, sent: &mut Vec<Cand>) {
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
    let ordinary = (s0..e).all(|k| {
        let lower = doc.tok(k).to_lowercase();
        let mut chars = lower.chars();
        let capitalised: String = chars
            .next()
            .map(|f| f.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        gaz.is_common(&lower) || lex().sentence_openers.contains(&capitalised)
    });
    if ordinary && gaz.lookup(span_text(doc, s0, e)).is_none() {
        return;
    }
    sent.retain(|c| c.end <= s0 || c.start >= e);
    sent.push(Cand {
        start: s0,
        end: e,
        kind: ActorKind::Gpe,
        conf: CONF_DATELINE,
        canonical: None,
        rule: rules::DATELINE,
    });
}

/// Context that makes a city name a place: "in X", "X, Country", a dateline "X (Reuters)" or
/// "X 1996-12-06" at the start of a line.
pub(super) fn place_context(doc: &Doc, gaz: &Gazetteer, ms: usize, me: usize) -> bool {
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
pub(super) fn capitalised_runs(
    doc: &Doc,
    gaz: &Gazetteer,
    s0: usize,
    s1: usize,
    sent: &mut Vec<Cand>,
) {
    let covered = |sent: &[Cand], k: usize| sent.iter().any(|c| c.start <= k && k < c.end);
    // Headlines in capitals or title case carry no signal.
    let words = (s0..s1)
        .filter(|&k| doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word))
        .count();
    let caps = (s0..s1).filter(|&k| name_word(doc, k)).count();
    // A byline: a line of two or three uncommon name words and nothing else.
    let own_line =
        |a: usize, b: usize| {
            let gap = |x: Option<&super::super::text::Token>,
                       y: Option<&super::super::text::Token>| match (x, y) {
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
            conf: CONF_BYLINE,
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
            && super::super::quotes::is_speech_verb(doc.tok(e))
            && doc.tok(start).chars().any(char::is_lowercase)
            && gaz.lookup(doc.tok(start)).is_none()
        {
            sent.push(Cand {
                start,
                end: e,
                kind: ActorKind::Person,
                conf: CONF_SUBJECT_OF_SPEECH_VERB,
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
            // A person's name is made of name words: "Digital Archives" or "Harbour Markets"
            // (an ordinary English word in it) is a title or a topic, unless a given name
            // opens it ("Grace Vollmer").
            let given = super::is_given_name(&doc.tok(start).to_lowercase());
            let person_like = uncommon == e - start || given && rare(e - 1);
            // "Asian Cup", "Champions League Final": events and titles, not actors.
            let misc = lex().event_heads.contains(last);
            if !all_caps && !misc && (org || name_like && person_like) {
                sent.push(Cand {
                    start,
                    end: e,
                    kind: if org {
                        ActorKind::Org
                    } else {
                        ActorKind::Person
                    },
                    conf: CONF_CAPITALISED_RUN,
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
pub(super) fn is_particle(w: &str) -> bool {
    super::super::lexicon::get().name_particles.contains(w)
}

/// Extends PERSON spans over adjacent capitalised words the tagger left out or gave another
/// type ("Mansoor" + "Ahmed Khan"), stopping at titles, demonyms and function words; spans the
/// extension swallows are dropped.
pub(super) fn extend_persons(
    doc: &Doc,
    gaz: &Gazetteer,
    s0: usize,
    s1: usize,
    sent: &mut Vec<Cand>,
) {
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

pub(super) fn clean(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    while c.start < c.end {
        let w = doc.tok(c.start);
        let kind = doc.tokens.get(c.start).map(|t| t.kind);
        let lower_common = !is_cap(w) && gaz.is_common(w);
        let strip = w.eq_ignore_ascii_case("the")
            || lower_common
            || kind != Some(TokenKind::Word) && kind != Some(TokenKind::Number)
            || (c.kind == ActorKind::Person
                && (gaz.is_title(w)
                    || super::super::text::is_title_abbreviation(w)
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
    // "Finland Anna Korsk": a known place, then a word that heads no place and opens a run of
    // name words (a list or a header run together): the place ends before that word.
    let last = doc.tok(c.end.saturating_sub(1));
    if matches!(c.kind, ActorKind::Gpe | ActorKind::Loc)
        && c.canonical.is_none()
        && c.end >= c.start + 2
        && !lex().place_heads.contains(last)
        && !lex().lone_place_heads.contains(last)
        && name_word(doc, c.end)
        && !line_break_after(doc, c.end - 1)
        && matches!(
            gaz.lookup(span_text(doc, c.start, c.end - 1)),
            Some((GazKind::Gpe | GazKind::Loc | GazKind::City, _))
        )
    {
        c.end -= 1;
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
pub(super) fn place_kind(doc: &Doc, gaz: &Gazetteer, c: &Cand) -> ActorKind {
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

/// Rule: an unknown abbreviation in capitals ("the QRT community", "trained in QRT") is no
/// place: places written that way are known ones (countries, states), so a lone word of two to
/// five capitals that the gazetteer does not know, in a sentence written in lower case around
/// it, is dropped when it was taken for a place.
pub(super) fn unknown_abbreviation_is_no_place(doc: &Doc, gaz: &Gazetteer, c: &mut Cand) {
    if !matches!(c.kind, ActorKind::Gpe | ActorKind::Loc) || c.end != c.start + 1 {
        return;
    }
    let w = doc.tok(c.start);
    let letters = w.chars().filter(|ch| ch.is_alphabetic()).count();
    if !(2..=5).contains(&letters)
        || w.chars().any(char::is_lowercase)
        || gaz.lookup(w).is_some()
        || lex().state_abbreviations.contains(&w.to_lowercase())
    {
        return;
    }
    let lower_case = |k: usize| {
        doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
            && doc.tok(k).chars().any(char::is_lowercase)
    };
    let before = c
        .start
        .checked_sub(1)
        .is_some_and(|k| lower_case(k) && !line_break_after(doc, k));
    let after = lower_case(c.end) && !line_break_after(doc, c.start);
    if before || after {
        c.end = c.start;
    }
}

/// Rule: names of storms, battles, operations, plans and contests are not actors: the span
/// opens with a word of `event_openers` ("Hurricane Orla", "Operation Red Dawn"), or it ends
/// in a word of `event_heads` or is followed by a capitalised one ("the Vellmar Plan", "Brandt
/// Doctrine", "the Ostrava Cup final").
pub(super) fn is_event_name(doc: &Doc, c: &Cand) -> bool {
    if c.end <= c.start {
        return false;
    }
    let event_after = c.end < doc.tokens.len()
        && lex().event_heads.contains(doc.tok(c.end))
        && !line_break_after(doc, c.end - 1);
    let long = c.end - c.start >= 2;
    long && lex().event_openers.contains(doc.tok(c.start))
        || long && c.kind != ActorKind::Org && lex().event_heads.contains(doc.tok(c.end - 1))
        || event_after
}

/// Rule [`rules::LINE_BREAK`]: a name never runs over a line break (a heading or a list line
/// followed by text): a span that does is cut there into its parts, each kept when it still
/// holds a capitalised word.
pub(super) fn cut_at_line_breaks(doc: &Doc, cands: &mut Vec<Cand>) {
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

/// Rule [`rules::PERSON_AFTER_ORGANISATION`]: an organisation's span that ends in a given name
/// and one more capitalised word ("Ostrava Harbour FC Daniel Varnok") is the organisation and
/// then a person: news often writes a club or a company right before a player's or an
/// executive's name. A last word that heads organisations ("... Daniel Varnok Foundation")
/// keeps the span whole.
pub(super) fn split_person_after_org(doc: &Doc, cands: &mut Vec<Cand>) {
    let mut people = Vec::new();
    for c in cands.iter_mut() {
        if c.kind != ActorKind::Org || c.end < c.start + 3 {
            continue;
        }
        let (given, surname) = (c.end - 2, c.end - 1);
        let split = is_given_name(&doc.tok(given).to_lowercase())
            && name_word(doc, given)
            && name_word(doc, surname)
            && !is_given_name(&doc.tok(surname).to_lowercase())
            && !lex().org_heads.contains(doc.tok(surname))
            && name_word(doc, given - 1);
        if !split {
            continue;
        }
        people.push(Cand {
            start: given,
            end: c.end,
            kind: ActorKind::Person,
            conf: c.conf,
            canonical: None,
            rule: rules::PERSON_AFTER_ORGANISATION,
        });
        c.end = given;
        c.canonical = None;
    }
    cands.extend(people);
}

/// Rule [`TITLE_BEFORE_NAME`], inside a span: an organisation's span with a role title inside
/// and a name after it ("Harbour Ministry Secretary-General Ilsa Varnok") is the organisation,
/// then the title, then a person. A title that ends the span, or is followed by no capitalised
/// word, leaves it alone.
pub(super) fn title_inside_organisation(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    let mut people = Vec::new();
    for c in cands.iter_mut() {
        if c.kind != ActorKind::Org {
            continue;
        }
        let title = (c.start + 1..c.end.saturating_sub(1)).find(|&k| {
            let w = doc.tok(k);
            (gaz.is_title(w) || lex().title_heads.contains_lower(w)) && name_word(doc, k + 1)
        });
        let Some(k) = title else {
            continue;
        };
        people.push(Cand {
            start: k + 1,
            end: c.end,
            kind: ActorKind::Person,
            conf: CONF_TITLE_BEFORE_NAME,
            canonical: None,
            rule: TITLE_BEFORE_NAME,
        });
        c.end = k;
        c.canonical = None;
    }
    cands.extend(people);
}

/// Rule [`rules::SAID_AS_SURNAME`]: "Said" with a capital inside a sentence, right after a
/// person's name, is the surname (an Arabic name), not the verb, which is written in lower case
/// there: the person grows over it.
pub(super) fn said_as_surname(doc: &Doc, opener: &[bool], cands: &mut [Cand]) {
    for c in cands.iter_mut() {
        if c.kind == ActorKind::Person
            && c.end < doc.tokens.len()
            && doc.tok(c.end) == "Said"
            && !opener.get(c.end).copied().unwrap_or(true)
            && !line_break_after(doc, c.end - 1)
        {
            c.end += 1;
            c.rule = rules::SAID_AS_SURNAME;
        }
    }
}

/// Rule [`rules::COORDINATED_PLACES`]: one span "Vellmar and North Ostrava" whose two sides
/// are both known places is two places.
pub(super) fn split_coordinated_places(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
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

/// Rule [`rules::ORG_OF_NAME`]: an organisation head word followed by "of" or "for" and a name
/// is one organisation ("Ministry of Fisheries", "Tea Board of Vellmar", "University of the
/// Ostrava Region", "Institute for Harbour Studies", "Office for Study of Coastal Erosion"):
/// the head word, with the capitalised words just before it, grows over "of/for (the) NAME"
/// and one more "of NAME", and the candidates inside are dropped.
pub(super) fn org_of_name(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>) {
    cands.sort_by_key(|c| (c.start, c.end));
    let n = doc.tokens.len();
    let mut grown: Vec<Cand> = Vec::new();
    let mut k = 0;
    while k + 2 < n {
        let head = doc.tok(k);
        if !(lex().org_heads.contains(head) && matches!(doc.tok(k + 1), "of" | "for")) {
            k += 1;
            continue;
        }
        let name_after = |at: usize| -> usize {
            let mut s = at;
            if doc.tok(s) == "the" {
                s += 1;
            }
            let mut e = s;
            while e < n
                && e < s + 5
                && name_word(doc, e)
                && !(e > s && line_break_after(doc, e - 1))
            {
                e += 1;
            }
            // A candidate that starts at `s` and is longer (a known name) sets the end.
            if let Some(c) = cands.iter().find(|c| c.start == s && c.end > e) {
                e = c.end;
            }
            if e == s { at } else { e }
        };
        let mut e = name_after(k + 2);
        if e == k + 2 {
            k += 1;
            continue;
        }
        // "... for Study of Coastal Erosion": one more "of NAME" belongs to it.
        if e + 1 < n && doc.tok(e) == "of" && !line_break_after(doc, e - 1) {
            let more = name_after(e + 1);
            if more > e + 1 {
                e = more;
            }
        }
        // Where the organisation starts: the candidate ending at the head word, else the
        // capitalised words just before it ("National Institute"), else the head.
        let mut before = k;
        while before > 0
            && k - before < 4
            && name_word(doc, before - 1)
            && !line_break_after(doc, before - 1)
        {
            before -= 1;
        }
        let start = cands
            .iter()
            .find(|c| c.end == k + 1 && c.kind != ActorKind::Person)
            .map_or(before, |c| c.start.min(before));
        // "for" opens the domain of a name that starts with its head ("Institute for ...",
        // "Coastal Centre for ..." with a nationality or nothing before it); after a name that
        // already says its domain ("the Harbour Works Ministry for Vellmar Mining") it says whom
        // the organisation acts for.
        let domain_before =
            (start..k).any(|j| !matches!(gaz.lookup(doc.tok(j)), Some((GazKind::Demonym, _))));
        if doc.tok(k + 1) == "for" && domain_before {
            k += 1;
            continue;
        }
        // A person's title ("Minister of Defence Tomas Brandt") is not the organisation; a
        // "person" read from capitalised words alone ("Office of Harbour Studies") gives way.
        let person_inside = cands.iter().any(|c| {
            c.kind == ActorKind::Person
                && c.rule != CAPITALISED_RUN
                && c.end - c.start >= 2
                && c.start < e
                && start < c.end
        });
        if !person_inside {
            grown.push(Cand {
                start,
                end: e,
                kind: ActorKind::Org,
                conf: CONF_ORG_OF_NAME,
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

#[cfg(test)]
mod tests {
    use super::super::testing::{actors_of, cand, filed, nth};
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::load()
    }

    #[test]
    fn tagger_spans_join_begin_and_inside_labels() {
        // Labels: 1/2 person begin/inside, 3/4 organisation, 5/6 place; 0 outside.
        let tags = [(1, 0.9), (2, 0.5), (0, 0.0), (3, 0.8), (5, 1.0)];
        let c = tagger_spans(&tags, 10);
        let got: Vec<_> = c.iter().map(|c| (c.start, c.end, c.kind)).collect();
        assert_eq!(
            got,
            [
                (10, 12, ActorKind::Person),
                (13, 14, ActorKind::Org),
                (14, 15, ActorKind::Loc)
            ]
        );
        // The weakest token sets the confidence.
        assert!((c[0].conf - (CONF_TAGGER_FLOOR + 0.25)).abs() < 1e-6);
        assert!(c.iter().all(|c| c.rule == TAGGER));
    }

    #[test]
    fn a_title_before_capitalised_words_makes_a_person() {
        let doc = Doc::new("They met President Orvan Telk yesterday.", 0);
        let mut sent = Vec::new();
        title_before_name(&doc, &gaz(), 0, doc.tokens.len(), &mut sent);
        assert_eq!(sent.len(), 1);
        assert_eq!(span_text(&doc, sent[0].start, sent[0].end), "Orvan Telk");
        assert_eq!(sent[0].kind, ActorKind::Person);
        assert_eq!(sent[0].rule, TITLE_BEFORE_NAME);
    }

    #[test]
    fn a_common_opener_is_dropped_unless_the_name_is_used_inside_a_sentence() {
        let g = gaz();
        let text = "At New Telvar meetings all speak. New Telvar meetings are long.";
        let doc = Doc::new(text, 0);
        let mut opener = vec![false; doc.tokens.len()];
        for r in &doc.sentence_tokens {
            opener[r.start] = true;
        }
        let k = nth(&doc, "New", 1);
        let cands = vec![cand(1, 3, ActorKind::Gpe), cand(k, k + 2, ActorKind::Gpe)];
        let mut c = cands[1];
        strip_common_opener(&doc, &g, &opener, &HashSet::new(), &mut c);
        assert_eq!(c.start, k + 1, "alone, the opener is dropped");
        let seen = texts_inside_sentences(&doc, &opener, &cands);
        let mut c = cands[1];
        strip_common_opener(&doc, &g, &opener, &seen, &mut c);
        assert_eq!(c.start, k, "used inside a sentence, the opener stays");
    }

    #[test]
    fn a_title_after_a_name_is_cut_off() {
        let g = gaz();
        let doc = Doc::new("Dana Velk Vice President and Dean", 0);
        let mut c = cand(0, 3, ActorKind::Person);
        trailing_title_words(&doc, &g, &mut c);
        assert_eq!((c.start, c.end, c.rule), (0, 2, TRAILING_TITLE));
        // Two words are always kept, and other kinds are left alone.
        let mut c = cand(1, 3, ActorKind::Person);
        trailing_title_words(&doc, &g, &mut c);
        assert_eq!(c.end, 3);
        let mut c = cand(0, 3, ActorKind::Org);
        trailing_title_words(&doc, &g, &mut c);
        assert_eq!(c.end, 3);
        let found = filed("Dana Velk Vice President and Dean for Pilot Training\n\nDear Dr. Velk,");
        assert!(found.iter().any(|(m, _, _)| m == "Dana Velk"), "{found:?}");
        assert!(
            found.iter().all(|(m, _, _)| !m.ends_with("Vice")),
            "{found:?}"
        );
    }

    #[test]
    fn the_domain_of_a_title_is_not_a_person() {
        let g = gaz();
        let doc = Doc::new(
            "Marta Orsk, Dean for Harbour Studies, and a spokesman for Ilse Brandt.",
            0,
        );
        let k = nth(&doc, "Harbour", 0);
        let mut c = cand(k, k + 2, ActorKind::Person);
        title_domain(&doc, &g, &mut c);
        assert_eq!(c.end, c.start, "dropped");
        let mut c = cand(k, k + 2, ActorKind::Org);
        title_domain(&doc, &g, &mut c);
        assert_eq!(c.end, k + 2, "an organisation stays");
        // A title in lower case is a description of someone: the name after it stays.
        let k = nth(&doc, "Ilse", 0);
        let mut c = cand(k, k + 2, ActorKind::Person);
        title_domain(&doc, &g, &mut c);
        assert_eq!(c.end, k + 2);
    }

    #[test]
    fn plans_and_contests_are_not_actors() {
        let doc = Doc::new(
            "Critics said the Vorlak Plan aid and the Telvar Cup came late.",
            0,
        );
        let k = nth(&doc, "Vorlak", 0);
        assert!(is_event_name(&doc, &cand(k, k + 1, ActorKind::Person)));
        assert!(is_event_name(&doc, &cand(k, k + 2, ActorKind::Person)));
        let t = nth(&doc, "Telvar", 0);
        assert!(is_event_name(&doc, &cand(t, t + 2, ActorKind::Gpe)));
        assert!(!is_event_name(&doc, &cand(t, t + 2, ActorKind::Org)));
        let s = nth(&doc, "Critics", 0);
        assert!(!is_event_name(&doc, &cand(s, s + 1, ActorKind::Person)));
        assert!(!is_event_name(&doc, &cand(s, s, ActorKind::Person)));
        let found = filed("The delegates rejected the Vorlak Plan in May. The Vorlak Plan failed.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn organisation_head_words_grow_and_type_names() {
        let doc = Doc::new(
            "Staff of Vellmar Evening Herald and Fisheries and Ports Ministry met.",
            0,
        );
        let v = nth(&doc, "Vellmar", 0);
        let mut c = cand(v, v + 1, ActorKind::Gpe);
        org_head_after_name(&doc, &mut c);
        assert_eq!(
            (c.end, c.kind, c.rule),
            (v + 3, ActorKind::Org, ORG_HEAD_WORD)
        );
        let p = nth(&doc, "Ports", 0);
        let opener = vec![false; doc.tokens.len()];
        let mut c = cand(p, p + 2, ActorKind::Org);
        coordinated_org_name(&doc, &opener, &mut c);
        assert_eq!(
            span_text(&doc, c.start, c.end),
            "Fisheries and Ports Ministry"
        );
        let mut c = cand(p, p + 2, ActorKind::Person);
        org_head_word_kind(&doc, &mut c);
        assert_eq!(c.kind, ActorKind::Org);
    }

    #[test]
    fn an_unknown_name_after_a_title_is_a_person() {
        let g = gaz();
        let doc = Doc::new("They thanked Senator Brellin Tosk.", 0);
        let k = nth(&doc, "Brellin", 0);
        let mut c = cand(k, k + 2, ActorKind::Org);
        title_makes_person(&doc, &g, &mut c);
        assert_eq!((c.kind, c.rule), (ActorKind::Person, TITLE_BEFORE_NAME));
    }

    #[test]
    fn a_name_cut_by_a_line_break_becomes_two() {
        let doc = Doc::new("Vellmar Harbour\nTomas Orsk wrote.", 0);
        let mut cands = vec![cand(0, 4, ActorKind::Person)];
        cut_at_line_breaks(&doc, &mut cands);
        let got: Vec<_> = cands
            .iter()
            .map(|c| span_text(&doc, c.start, c.end))
            .collect();
        assert_eq!(got, ["Vellmar Harbour", "Tomas Orsk"]);
        assert!(cands.iter().all(|c| c.rule == LINE_BREAK));
    }

    #[test]
    fn the_new_rules_leave_a_plain_name_alone() {
        assert_eq!(
            actors_of("Tomas Orsk spoke. Orsk left.", "Orsk"),
            ["Tomas Orsk"]
        );
    }

    fn sentence(doc: &Doc) -> (usize, usize) {
        (0, doc.tokens.len())
    }

    #[test]
    fn a_dateline_names_a_place() {
        let doc = Doc::new("PORT VELLMAR, March 3 - The port opened.", 0);
        let mut sent = vec![cand(0, 1, ActorKind::Person)];
        let (s0, s1) = sentence(&doc);
        dateline(&doc, &gaz(), s0, s1, &mut sent);
        assert_eq!(sent.len(), 1);
        assert_eq!((sent[0].start, sent[0].end), (0, 2));
        assert_eq!((sent[0].kind, sent[0].rule), (ActorKind::Gpe, DATELINE));
        // Capitals that run on as a headline are no dateline.
        let doc = Doc::new("PORT VELLMAR OPENS TO ALL SHIPS", 0);
        let mut sent = Vec::new();
        let (s0, s1) = sentence(&doc);
        dateline(&doc, &gaz(), s0, s1, &mut sent);
        assert!(sent.is_empty());
        // Ordinary words in capitals open a clause; a known place is still a dateline.
        for (text, found) in [
            ("WHEREAS, the port is closed, we object.", false),
            ("NOW, THEREFORE, we object.", false),
            ("PARIS, March 3 - The port opened.", true),
        ] {
            let doc = Doc::new(text, 0);
            let mut sent = Vec::new();
            let (s0, s1) = sentence(&doc);
            dateline(&doc, &gaz(), s0, s1, &mut sent);
            assert_eq!(!sent.is_empty(), found, "{text}");
        }
    }

    #[test]
    fn an_unknown_abbreviation_in_capitals_is_no_place() {
        let g = gaz();
        let doc = Doc::new("She trained in QRT and joined the QRT team in France.", 0);
        for n in 0..2 {
            let q = nth(&doc, "QRT", n);
            let mut c = cand(q, q + 1, ActorKind::Gpe);
            unknown_abbreviation_is_no_place(&doc, &g, &mut c);
            assert_eq!(c.end, c.start);
        }
        // A known place, a person, or a headline in capitals: left alone.
        let f = nth(&doc, "France", 0);
        let mut c = cand(f, f + 1, ActorKind::Gpe);
        unknown_abbreviation_is_no_place(&doc, &g, &mut c);
        assert_eq!(c.end, c.start + 1);
        let q = nth(&doc, "QRT", 0);
        let mut c = cand(q, q + 1, ActorKind::Person);
        unknown_abbreviation_is_no_place(&doc, &g, &mut c);
        assert_eq!(c.end, c.start + 1);
        let doc = Doc::new("QRT RAINS FLOOD TOWN", 0);
        let mut c = cand(0, 1, ActorKind::Loc);
        unknown_abbreviation_is_no_place(&doc, &g, &mut c);
        assert_eq!(c.end, 1);
        // A dateline under a line of text.
        let doc = Doc::new("by a reporter\nQRT, March 3 - Rain fell.", 0);
        let q = nth(&doc, "QRT", 0);
        let mut c = cand(q, q + 1, ActorKind::Gpe);
        unknown_abbreviation_is_no_place(&doc, &g, &mut c);
        assert_eq!(c.end, q + 1);
    }

    #[test]
    fn a_person_grows_over_neighbouring_name_words_and_particles() {
        let g = gaz();
        let doc = Doc::new("Yesterday Anna de Vrellis Tomsk spoke.", 0);
        let k = nth(&doc, "Vrellis", 0);
        let mut sent = vec![
            cand(k, k + 1, ActorKind::Person),
            cand(k + 1, k + 2, ActorKind::Org),
        ];
        let (s0, s1) = sentence(&doc);
        extend_persons(&doc, &g, s0, s1, &mut sent);
        let got: Vec<_> = sent
            .iter()
            .map(|c| span_text(&doc, c.start, c.end))
            .collect();
        assert_eq!(got, ["Anna de Vrellis Tomsk"]);
    }

    #[test]
    fn cleaning_drops_titles_articles_and_lone_fragments() {
        let g = gaz();
        let doc = Doc::new("the President Orvan Telk and the Ministry", 0);
        let mut c = cand(0, 4, ActorKind::Person);
        clean(&doc, &g, &mut c);
        assert_eq!(span_text(&doc, c.start, c.end), "Orvan Telk");
        // A lone head word is a fragment.
        let m = nth(&doc, "Ministry", 0);
        let mut c = cand(m, m + 1, ActorKind::Org);
        clean(&doc, &g, &mut c);
        assert_eq!(c.end, c.start);
        // A name never ends in a connector.
        let mut c = cand(2, 5, ActorKind::Person);
        clean(&doc, &g, &mut c);
        assert_eq!(span_text(&doc, c.start, c.end), "Orvan Telk");
    }

    #[test]
    fn a_place_ends_before_a_word_that_opens_a_persons_name() {
        let g = gaz();
        let doc = Doc::new("Harbour office, Finland Anna Korsk, director", 0);
        let f = nth(&doc, "Finland", 0);
        let mut c = cand(f, f + 2, ActorKind::Gpe);
        clean(&doc, &g, &mut c);
        assert_eq!(span_text(&doc, c.start, c.end), "Finland");
        // Without a name word after it, or on its own line, the span is left alone.
        for text in ["in Finland Anna, director", "in Finland Anna\nKorsk"] {
            let doc = Doc::new(text, 0);
            let f = nth(&doc, "Finland", 0);
            let mut c = cand(f, f + 2, ActorKind::Gpe);
            clean(&doc, &g, &mut c);
            assert_eq!(span_text(&doc, c.start, c.end), "Finland Anna", "{text}");
        }
    }

    #[test]
    fn place_kinds_come_from_the_gazetteer_then_the_head_word() {
        let g = gaz();
        let doc = Doc::new("Finland and the Telvar River and Ostermark", 0);
        assert_eq!(
            place_kind(&doc, &g, &cand(0, 1, ActorKind::Loc)),
            ActorKind::Gpe
        );
        let r = nth(&doc, "Telvar", 0);
        assert_eq!(
            place_kind(&doc, &g, &cand(r, r + 2, ActorKind::Loc)),
            ActorKind::Loc
        );
        let o = nth(&doc, "Ostermark", 0);
        assert_eq!(
            place_kind(&doc, &g, &cand(o, o + 1, ActorKind::Loc)),
            ActorKind::Gpe
        );
    }

    #[test]
    fn two_known_places_joined_by_and_are_split() {
        let g = gaz();
        let doc = Doc::new("Finland and Norway", 0);
        let mut cands = vec![cand(0, 3, ActorKind::Gpe)];
        split_coordinated_places(&doc, &g, &mut cands);
        let got: Vec<_> = cands
            .iter()
            .map(|c| span_text(&doc, c.start, c.end))
            .collect();
        assert_eq!(got, ["Finland", "Norway"]);
        assert!(cands.iter().all(|c| c.rule == COORDINATED_PLACES));
        let doc = Doc::new("Telvar and Ostermark", 0);
        let mut cands = vec![cand(0, 3, ActorKind::Org)];
        split_coordinated_places(&doc, &g, &mut cands);
        assert_eq!(cands.len(), 1);
    }

    #[test]
    fn a_head_word_of_a_name_is_one_organisation() {
        let doc = Doc::new("He joined the Ministry of Harbour Works in May.", 0);
        let m = nth(&doc, "Ministry", 0);
        let mut cands = vec![cand(m + 2, m + 4, ActorKind::Person)];
        cands[0].rule = CAPITALISED_RUN;
        let mut tagged = vec![cand(m + 2, m + 4, ActorKind::Gpe)];
        org_of_name(&doc, &gaz(), &mut tagged);
        assert_eq!(tagged.len(), 1);
        assert_eq!(
            span_text(&doc, tagged[0].start, tagged[0].end),
            "Ministry of Harbour Works"
        );
        assert_eq!(
            (tagged[0].kind, tagged[0].rule),
            (ActorKind::Org, ORG_OF_NAME)
        );
        // A person read from capitalised words alone gives way to the organisation...
        org_of_name(&doc, &gaz(), &mut cands);
        assert_eq!(cands.len(), 1);
        assert_eq!(cands[0].kind, ActorKind::Org);
        // ... but a person's full name found otherwise is a title before a name.
        let doc = Doc::new("The Governor of the Bank of Vellmar Tomas Orsk spoke.", 0);
        let m = nth(&doc, "Tomas", 0);
        let mut cands = vec![cand(m, m + 2, ActorKind::Person)];
        org_of_name(&doc, &gaz(), &mut cands);
        assert_eq!(cands.len(), 1);
        assert_eq!(cands[0].kind, ActorKind::Person);
    }

    #[test]
    fn an_organisation_head_word_grows_over_for_and_a_further_of() {
        let g = gaz();
        let text = "She heads the Danish Office for Study of Harbour Silt now.";
        let doc = Doc::new(text, 0);
        let mut cands = Vec::new();
        org_of_name(&doc, &g, &mut cands);
        let got: Vec<&str> = cands
            .iter()
            .map(|c| span_text(&doc, c.start, c.end))
            .collect();
        assert_eq!(got, ["Danish Office for Study of Harbour Silt"]);
        // Capitalised words before the head word open the name...
        let doc = Doc::new("He left the Coastal Works Institute of Ostrava.", 0);
        let mut cands = Vec::new();
        org_of_name(&doc, &g, &mut cands);
        assert_eq!(
            span_text(&doc, cands[0].start, cands[0].end),
            "Coastal Works Institute of Ostrava"
        );
        // ... but after a name that already says what the organisation does, "for" says whom
        // it acts for.
        let doc = Doc::new("The Harbour Works Ministry for Ostrava Mining replied.", 0);
        let mut cands = Vec::new();
        org_of_name(&doc, &g, &mut cands);
        assert!(cands.is_empty(), "{:?}", cands.len());
    }

    /// Each candidate's text and kind, in order.
    fn texts_and_kinds<'a>(doc: &Doc<'a>, cands: &[Cand]) -> Vec<(&'a str, ActorKind)> {
        cands
            .iter()
            .map(|c| (span_text(doc, c.start, c.end), c.kind))
            .collect()
    }

    #[test]
    fn a_persons_name_after_an_organisation_is_split_off() {
        let doc = Doc::new(
            "Fans of Ostrava Harbour FC Daniel Varnok cheered. The Daniel Varnok Foundation paid.",
            0,
        );
        let o = nth(&doc, "Ostrava", 0);
        let f = nth(&doc, "Daniel", 1);
        let mut cands = vec![
            cand(o, o + 5, ActorKind::Org),
            cand(f, f + 3, ActorKind::Org),
        ];
        split_person_after_org(&doc, &mut cands);
        let got = texts_and_kinds(&doc, &cands);
        assert_eq!(
            got,
            [
                ("Ostrava Harbour FC", ActorKind::Org),
                // A name ending in an organisation head word is the organisation's.
                ("Daniel Varnok Foundation", ActorKind::Org),
                ("Daniel Varnok", ActorKind::Person),
            ]
        );
        assert_eq!(cands[2].rule, PERSON_AFTER_ORGANISATION);
    }

    #[test]
    fn a_title_inside_an_organisations_span_starts_a_person() {
        let g = gaz();
        let doc = Doc::new(
            "The Harbour Ministry Secretary-General Ilsa Varnok spoke; the Harbour Ministry Secretary replied.",
            0,
        );
        let h = nth(&doc, "Harbour", 0);
        let later = nth(&doc, "Harbour", 1);
        let mut cands = vec![
            cand(h, h + 5, ActorKind::Org),
            // A title at the end, with no name after it, is left to the other rules.
            cand(later, later + 3, ActorKind::Org),
        ];
        title_inside_organisation(&doc, &g, &mut cands);
        let got = texts_and_kinds(&doc, &cands);
        assert_eq!(
            got,
            [
                ("Harbour Ministry", ActorKind::Org),
                ("Harbour Ministry Secretary", ActorKind::Org),
                ("Ilsa Varnok", ActorKind::Person),
            ]
        );
    }

    #[test]
    fn a_capitalised_said_after_a_name_is_a_surname() {
        let doc = Doc::new(
            "Talks stalled, Tamir Said told reporters. Said the envoy: wait. Nadia said no.",
            0,
        );
        let mut opener = vec![false; doc.tokens.len()];
        for r in &doc.sentence_tokens {
            opener[r.start] = true;
        }
        let k = nth(&doc, "Tamir", 0);
        let n = nth(&doc, "Nadia", 0);
        let mut cands = vec![
            cand(k, k + 1, ActorKind::Person),
            cand(n, n + 1, ActorKind::Person),
        ];
        said_as_surname(&doc, &opener, &mut cands);
        assert_eq!(span_text(&doc, cands[0].start, cands[0].end), "Tamir Said");
        assert_eq!(cands[0].rule, SAID_AS_SURNAME);
        // The verb in lower case stays a verb.
        assert_eq!(span_text(&doc, cands[1].start, cands[1].end), "Nadia");
        // At a sentence start "Said" is the verb.
        let doc = Doc::new("Envoy Tamir. Said the envoy: wait.", 0);
        let mut opener = vec![false; doc.tokens.len()];
        for r in &doc.sentence_tokens {
            opener[r.start] = true;
        }
        let k = nth(&doc, "Tamir", 0);
        let mut cands = vec![cand(k, k + 1, ActorKind::Person)];
        said_as_surname(&doc, &opener, &mut cands);
        assert_eq!(span_text(&doc, cands[0].start, cands[0].end), "Tamir");
    }

    #[test]
    fn known_names_type_tagger_spans_and_fill_gaps() {
        let g = gaz();
        let doc = Doc::new("Talks in Finland ended.", 0);
        let words: Vec<&str> = (0..doc.tokens.len()).map(|k| doc.tok(k)).collect();
        let matches = g.find(&words);
        let f = nth(&doc, "Finland", 0);
        // A tagger span with the same words takes the entry's kind and name.
        let mut sent = vec![cand(f, f + 1, ActorKind::Person)];
        gazetteer_entries(&doc, &g, 0, doc.tokens.len(), &matches, &mut sent);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].kind, ActorKind::Gpe);
        assert!(sent[0].canonical.is_some());
        // Missed by the tagger, the known name is added.
        let mut sent = Vec::new();
        gazetteer_entries(&doc, &g, 0, doc.tokens.len(), &matches, &mut sent);
        assert_eq!(sent.len(), 1);
        assert_eq!((sent[0].conf, sent[0].rule), (CONF_GAZETTEER, GAZETTEER));
    }

    #[test]
    fn capitalised_runs_bylines_and_speakers() {
        let g = gaz();
        let doc = Doc::new(
            "The Harbour Pilots Council met, and Vorlakov said little.",
            0,
        );
        let mut sent = Vec::new();
        capitalised_runs(&doc, &g, 0, doc.tokens.len(), &mut sent);
        let got: Vec<_> = sent
            .iter()
            .map(|c| (span_text(&doc, c.start, c.end), c.kind, c.rule))
            .collect();
        assert_eq!(
            got,
            [
                ("Harbour Pilots Council", ActorKind::Org, ORG_HEAD_WORD),
                ("Vorlakov", ActorKind::Person, SUBJECT_OF_SPEECH_VERB)
            ]
        );
        let doc = Doc::new("Story\nMarta Velk\nThe port opened.", 0);
        let r = &doc.sentence_tokens;
        let line = r.iter().find(|r| doc.tok(r.start) == "Marta").cloned();
        let Some(line) = line else {
            panic!("no sentence for the byline: {r:?}");
        };
        let mut sent = Vec::new();
        capitalised_runs(&doc, &g, line.start, line.end, &mut sent);
        assert_eq!(sent.len(), 1);
        assert_eq!((sent[0].kind, sent[0].rule), (ActorKind::Person, BYLINE));
    }

    #[test]
    fn a_capitalised_run_with_an_ordinary_word_is_no_person() {
        let g = gaz();
        let runs = |text: &str| {
            let doc = Doc::new(text, 0);
            let mut sent = Vec::new();
            capitalised_runs(&doc, &g, 0, doc.tokens.len(), &mut sent);
            sent.iter()
                .map(|c| (span_text(&doc, c.start, c.end).to_string(), c.kind))
                .collect::<Vec<_>>()
        };
        // An ordinary word ("Markets", "Digital") in the run: a title or a topic.
        assert!(runs("we met at the Quellish Markets meeting on Monday.").is_empty());
        assert!(runs("she joined the Digital Vorlakery project last year.").is_empty());
        // Name words only, or a given name first: a person.
        assert_eq!(
            runs("we met Tarvo Quellish on Monday."),
            [("Tarvo Quellish".to_string(), ActorKind::Person)]
        );
        assert_eq!(
            runs("we met Grace Quellish on Monday."),
            [("Grace Quellish".to_string(), ActorKind::Person)]
        );
    }
}
