//! Rules over the whole article that link mentions of one name: acronym definitions, the
//! consistency of a name's kind across the article, the short forms of organisation names
//! ("Vellmar" for "Vellmar Mining Corp", "the Ministry"), and the words of a person's name.

use super::*;

/// Confidence of an abbreviation defined in brackets after its full name.
const CONF_ACRONYM_DEFINITION: f32 = 0.8;
/// Confidence of another occurrence of a name found elsewhere in the article.
const CONF_NAME_SEEN_BEFORE: f32 = 0.5;
/// Confidence of the first word of an organisation's full name used alone.
const CONF_ORG_SHORT_FORM: f32 = 0.5;
/// Confidence of 'the Ministry' for the article's only ministry.
const CONF_THE_HEAD_WORD: f32 = 0.45;
/// if the tagger missed it. Returns (acronym text, index of the long-name candidate) links.
pub(super) fn acronyms(doc: &Doc, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
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
                conf: CONF_ACRONYM_DEFINITION,
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
pub(super) fn consistency(doc: &Doc, cands: &mut Vec<Cand>, budget: &Budget) {
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
                        conf: CONF_NAME_SEEN_BEFORE,
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

/// Rule [`rules::ORG_SHORT_FORM`]: the first word of an organisation name that ends in a head
/// word ("Vellmar Mining Corp", "Ostrander School") names the same organisation when the
/// article uses it alone ("Vellmar said", "at Ostrander"). The word must be an uncommon
/// capitalised word that is not a known place, a given name or a title, and only one such
/// name of the article may start with it. Returns (short form, full name) links.
pub(super) fn org_short_forms(
    doc: &Doc,
    gaz: &Gazetteer,
    cands: &mut Vec<Cand>,
) -> Vec<(String, String)> {
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
                conf: CONF_ORG_SHORT_FORM,
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
pub(super) fn the_head_word(doc: &Doc, cands: &mut Vec<Cand>) -> Vec<(String, String)> {
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
                conf: CONF_THE_HEAD_WORD,
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
/// "Marla Venn"), unless a place preposition stands before it ("in Marla"), or it is an
/// abbreviation the article defines in brackets (`acronyms`: "H.P.C." stays the council it
/// abbreviates even after a run such as "H.P.C. Wiki Pages" was read as a person).
pub(super) fn person_words_win(doc: &Doc, cands: &mut [Cand], acronyms: &[(String, String)]) {
    let defined: HashSet<&str> = acronyms.iter().map(|(a, _)| a.as_str()).collect();
    let mut words: HashSet<String> = HashSet::new();
    for c in cands.iter() {
        if c.kind == ActorKind::Person && c.end - c.start >= 2 {
            for w in [doc.tok(c.start), doc.tok(c.end - 1)] {
                if defined.contains(w) {
                    continue;
                }
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
pub(super) fn same_name(found: &str, known: &str) -> bool {
    found == known
        || found.chars().count() >= 4
            && !found.chars().any(char::is_lowercase)
            && known.chars().any(char::is_lowercase)
            && found.chars().eq(known.chars().flat_map(char::to_uppercase))
}

/// Rule [`rules::BRACKETED_ALIAS`]: an organisation or place name followed by another name of
/// two or more words in brackets, "Vellmar Port Authority (Havenraad Vellmar)", gives the same
/// body under a second name (a translation or a former name): the bracketed name takes the
/// first one's kind everywhere in the article and is linked to it. A known place or a person
/// whose name opens with a given name (other than one read from capitalised words alone) in the
/// brackets is not an alias ("Vellmar Mining (Ostrava)", "the party (Tomas Brandt)").
/// Returns (bracketed name, first name) links.
pub(super) fn bracketed_alias(
    doc: &Doc,
    gaz: &Gazetteer,
    cands: &mut [Cand],
) -> Vec<(String, String)> {
    let mut links: Vec<(String, String)> = Vec::new();
    let mut kinds: HashMap<&str, ActorKind> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        if !matches!(c.kind, ActorKind::Org | ActorKind::Gpe) || doc.tok(c.end) != "(" {
            continue;
        }
        let Some(inner) = cands.get(i + 1) else {
            continue;
        };
        let inner_text = span_text(doc, inner.start, inner.end);
        let alias = inner.start == c.end + 1
            && doc.tok(inner.end) == ")"
            && inner.end - inner.start >= 2
            // A person read only from capitalised words, or one that opens with no given name,
            // may be a foreign name of the body.
            && (inner.kind != ActorKind::Person
                || inner.rule == rules::CAPITALISED_RUN
                || !super::is_given_name(&doc.tok(inner.start).to_lowercase()))
            && inner.canonical.is_none()
            && gaz.lookup(inner_text).is_none();
        if alias {
            let long = span_text(doc, c.start, c.end);
            links.push((inner_text.to_string(), long.to_string()));
            kinds.insert(inner_text, c.kind);
        }
    }
    if links.is_empty() {
        return links;
    }
    let retyped: Vec<Option<ActorKind>> = cands
        .iter()
        .map(|c| kinds.get(span_text(doc, c.start, c.end)).copied())
        .collect();
    for (c, k) in cands.iter_mut().zip(retyped) {
        if let Some(k) = k {
            c.kind = k;
            c.rule = rules::BRACKETED_ALIAS;
        }
    }
    links
}

/// Rule [`rules::NAME_SEEN_BEFORE`]: a name is not cut short where the article uses its full
/// form: a candidate whose neighbouring words complete it into a name of two or more words
/// found elsewhere in the article ("Telmar" in "New Telmar town meetings" after "at New Telmar
/// ...") grows to that name and takes its kind. Only free words are taken.
pub(super) fn grow_to_known_name(doc: &Doc, cands: &mut [Cand]) {
    // Known names of two or more words by each of their words, a bounded number per word.
    let mut known: Vec<(Vec<&str>, ActorKind)> = cands
        .iter()
        .filter(|c| c.end - c.start >= 2 && is_cap(doc.tok(c.start)) && is_cap(doc.tok(c.end - 1)))
        .map(|c| ((c.start..c.end).map(|k| doc.tok(k)).collect(), c.kind))
        .collect();
    known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    known.dedup_by(|a, b| a.0 == b.0);
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, (toks, _)) in known.iter().enumerate() {
        for w in toks {
            let list = by_word.entry(w).or_default();
            if list.len() < LOOKBACK && !list.contains(&n) {
                list.push(n);
            }
        }
    }
    if by_word.is_empty() {
        return;
    }
    let covered = covered_tokens(doc, cands);
    let free = |k: usize| !covered.get(k).copied().unwrap_or(true);
    for c in cands.iter_mut() {
        let len = c.end - c.start;
        let Some(list) = by_word.get(doc.tok(c.start)) else {
            continue;
        };
        for (toks, kind) in list.iter().filter_map(|&n| known.get(n)) {
            if toks.len() <= len {
                continue;
            }
            // Where the candidate's words sit inside the known name.
            let fits = (0..=toks.len() - len).find(|&off| {
                off <= c.start
                    && (0..len).all(|d| toks[off + d] == doc.tok(c.start + d))
                    && (0..toks.len()).all(|d| {
                        let k = c.start - off + d;
                        doc.tok(k) == toks[d] && (c.start <= k && k < c.end || free(k))
                    })
                    && !(0..toks.len() - 1).any(|d| line_break_after(doc, c.start - off + d))
            });
            if let Some(off) = fits {
                let start = c.start - off;
                c.end = start + toks.len();
                c.start = start;
                c.kind = *kind;
                c.canonical = None;
                c.rule = rules::NAME_SEEN_BEFORE;
                break;
            }
        }
    }
}

/// Rule [`rules::PARTICLE_SURNAME`]: where the article writes a full name with a particle
/// ("Anna de Vrell", "Omar bin Talal"), a later surname keeps its particle ("de Vrell said"):
/// a person candidate right after that particle (in any case) grows over it.
pub(super) fn particle_before_surname(doc: &Doc, cands: &mut [Cand]) {
    let mut pairs: HashSet<(String, &str)> = HashSet::new();
    for c in cands.iter() {
        if c.kind != ActorKind::Person || c.end - c.start < 3 {
            continue;
        }
        for k in c.start + 1..c.end - 1 {
            let w = doc.tok(k);
            if !is_cap(w) && lex().name_particles.contains(w) {
                pairs.insert((w.to_string(), doc.tok(k + 1)));
            }
        }
    }
    if pairs.is_empty() {
        return;
    }
    let covered = covered_tokens(doc, cands);
    for c in cands.iter_mut() {
        let Some(p) = c.start.checked_sub(1) else {
            continue;
        };
        let particle = doc.tok(p).to_lowercase();
        if c.kind == ActorKind::Person
            && !covered.get(p).copied().unwrap_or(true)
            && pairs.contains(&(particle, doc.tok(c.start)))
        {
            c.start = p;
            c.rule = rules::PARTICLE_SURNAME;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{actors_of, cand, nth};
    use super::*;

    #[test]
    fn a_name_cut_short_grows_to_the_full_name_used_elsewhere() {
        let doc = Doc::new(
            "At New Telvar meetings all speak. New Telvar meetings are long.",
            0,
        );
        let k = nth(&doc, "Telvar", 1);
        let mut cands = vec![
            cand(1, 3, ActorKind::Gpe),
            cand(k, k + 1, ActorKind::Person),
        ];
        grow_to_known_name(&doc, &mut cands);
        assert_eq!((cands[1].start, cands[1].end), (k - 1, k + 1));
        assert_eq!(
            (cands[1].kind, cands[1].rule),
            (ActorKind::Gpe, rules::NAME_SEEN_BEFORE)
        );
        // A word another candidate holds is never taken.
        let mut cands = vec![
            cand(1, 3, ActorKind::Gpe),
            cand(k - 1, k, ActorKind::Person),
            cand(k, k + 1, ActorKind::Person),
        ];
        grow_to_known_name(&doc, &mut cands);
        assert_eq!((cands[2].start, cands[2].end), (k, k + 1));
        let all = actors_of(
            "At New Ostrava town meetings, all residents speak. New Ostrava town meetings are long.",
            "New Ostrava",
        );
        assert_eq!(all.len(), 2, "{all:?}");
    }

    #[test]
    fn a_second_name_in_brackets_is_the_same_body() {
        let t = "Later the Orvand Maritime Authority (Havenraad Orvand) and the port agreed. \
                 Havenraad Orvand wrote to the pilots.";
        assert_eq!(
            actors_of(t, "Havenraad Orvand"),
            ["Orvand Maritime Authority", "Orvand Maritime Authority"]
        );
        // A known place in brackets is where the body is, not its name.
        let t = "Later the Orvand Maritime Authority (Finland) agreed.";
        assert_eq!(actors_of(t, "Finland"), ["Finland"]);
    }

    #[test]
    fn a_bracketed_person_is_not_an_alias() {
        let doc = Doc::new("the Vellmar Mining Board (Tomas Orsk) agreed", 0);
        let gaz = Gazetteer::load();
        let o = nth(&doc, "Tomas", 0);
        let mut cands = vec![
            cand(1, 4, ActorKind::Org),
            cand(o, o + 2, ActorKind::Person),
        ];
        assert!(bracketed_alias(&doc, &gaz, &mut cands).is_empty());
        cands[1].rule = rules::CAPITALISED_RUN;
        let links = bracketed_alias(&doc, &gaz, &mut cands);
        assert_eq!(
            links,
            [("Tomas Orsk".to_string(), "Vellmar Mining Board".to_string())]
        );
        assert_eq!(cands[1].kind, ActorKind::Org);
        // The tagger's person with no given name in it: a foreign name of the board.
        let doc = Doc::new("the Vellmar Mining Board (Kroonse Mijnraad) agreed", 0);
        let k = nth(&doc, "Kroonse", 0);
        let mut cands = vec![
            cand(1, 4, ActorKind::Org),
            cand(k, k + 2, ActorKind::Person),
        ];
        assert_eq!(bracketed_alias(&doc, &gaz, &mut cands).len(), 1);
        assert_eq!(cands[1].kind, ActorKind::Org);
    }

    #[test]
    fn a_defined_abbreviation_stays_the_body_inside_a_persons_name() {
        let t = "We posted material on the Harbour Pilots Council (H.P.C.) website. See the \
                 guide \"Introduction to the Pilots Wiki\":\n\nH.P.C. Wiki Resources\n\
                 http://example.org/wiki\n\nThe guide is kept by volunteers.\n\nencl: H.P.C. \
                 Joint Resolution 12\n";
        let all = actors_of(t, "H.P.C.");
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all.iter().all(|a| a == "Harbour Pilots Council"), "{all:?}");
        // Without the definition, a word of a person's name is that person.
        let doc = Doc::new("Marla Venn spoke. Marla agreed.", 0);
        let k = nth(&doc, "Marla", 1);
        let mut cands = vec![
            cand(0, 2, ActorKind::Person),
            cand(k, k + 1, ActorKind::Gpe),
        ];
        person_words_win(&doc, &mut cands, &[]);
        assert_eq!(cands[1].kind, ActorKind::Person);
        let mut cands = vec![
            cand(0, 2, ActorKind::Person),
            cand(k, k + 1, ActorKind::Gpe),
        ];
        person_words_win(&doc, &mut cands, &[("Marla".into(), "Marla Board".into())]);
        assert_eq!(cands[1].kind, ActorKind::Gpe);
    }

    #[test]
    fn an_acronym_definition_links_and_types_the_acronym() {
        let doc = Doc::new("The Harbour Pilots Council (HPC) met. The HPC voted.", 0);
        let mut cands = vec![cand(1, 4, ActorKind::Org)];
        let links = acronyms(&doc, &mut cands);
        assert_eq!(
            links,
            [("HPC".to_string(), "Harbour Pilots Council".to_string())]
        );
        assert_eq!(cands.len(), 2);
        assert_eq!(
            (cands[1].kind, cands[1].rule),
            (ActorKind::Org, rules::ACRONYM_DEFINITION)
        );
    }

    #[test]
    fn a_name_found_once_is_found_everywhere_with_one_kind() {
        let doc = Doc::new(
            "Marla Venn spoke. Later Marla Venn left, and VENN smiled.",
            0,
        );
        let k = nth(&doc, "Marla", 1);
        let mut cands = vec![
            cand(0, 2, ActorKind::Person),
            cand(k, k + 2, ActorKind::Gpe),
        ];
        cands[1].conf = 0.1;
        consistency(&doc, &mut cands, &Budget::unlimited());
        let got: Vec<_> = cands
            .iter()
            .map(|c| (span_text(&doc, c.start, c.end), c.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Marla Venn", ActorKind::Person),
                ("Marla Venn", ActorKind::Person),
                ("VENN", ActorKind::Person)
            ]
        );
    }

    #[test]
    fn short_forms_and_the_head_word_link_to_the_one_organisation() {
        let gaz = Gazetteer::load();
        let doc = Doc::new(
            "Staff of Brellmark Mining Corp met. Brellmark said the Corp would grow.",
            0,
        );
        let b = nth(&doc, "Brellmark", 0);
        let mut cands = vec![cand(b, b + 3, ActorKind::Org)];
        let links = org_short_forms(&doc, &gaz, &mut cands);
        assert_eq!(
            links,
            [("Brellmark".to_string(), "Brellmark Mining Corp".to_string())]
        );
        assert_eq!(cands.len(), 2);
        assert_eq!(cands[1].rule, rules::ORG_SHORT_FORM);
        let links = the_head_word(&doc, &mut cands);
        assert_eq!(
            links,
            [("Corp".to_string(), "Brellmark Mining Corp".to_string())]
        );
        assert_eq!(cands.last().map(|c| c.rule), Some(rules::THE_HEAD_WORD));
    }

    #[test]
    fn a_surname_keeps_the_particle_of_the_full_name() {
        let doc = Doc::new(
            "Anna de Vrell spoke. Then de Vrell left, and Vrell smiled.",
            0,
        );
        let k = nth(&doc, "Vrell", 1);
        let j = nth(&doc, "Vrell", 2);
        let mut cands = vec![
            cand(0, 3, ActorKind::Person),
            cand(k, k + 1, ActorKind::Person),
            cand(j, j + 1, ActorKind::Person),
        ];
        particle_before_surname(&doc, &mut cands);
        assert_eq!(
            (cands[1].start, cands[1].rule),
            (k - 1, rules::PARTICLE_SURNAME)
        );
        assert_eq!(cands[2].start, j);
        let t = "Anna de Vrell spoke on Monday. Later de Vrell said the port was open.";
        assert_eq!(
            actors_of(t, "de Vrell"),
            ["Anna de Vrell"],
            "{:?}",
            super::super::testing::filed(t)
        );
    }
}
