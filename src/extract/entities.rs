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

mod coreference;
pub mod gazetteer;
mod patterns;
mod resolution;
pub mod rules;
pub mod tagger;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::{ActorKind, Analysis, FoundActor, FoundMention, Span};

use super::budget::{Budget, LOOKBACK};
use super::lexicon::{Lexicon, get as lex_get};

fn lex() -> &'static Lexicon {
    lex_get()
}

use super::normalize::actor_key;
use super::text::{Doc, TokenKind};
use coreference::{
    acronyms, bracketed_alias, consistency, grow_to_known_name, org_short_forms,
    particle_before_surname, person_words_win, the_head_word,
};
use gazetteer::{GazKind, Gazetteer};
use resolution::resolve;
use rules::{
    capitalised_runs, clean, coordinated_org_name, cut_at_line_breaks, dateline, extend_persons,
    gazetteer_entries, is_event_name, org_head_after_name, org_head_word_kind, org_of_name,
    place_kind, said_as_surname, split_coordinated_places, split_person_after_org,
    strip_common_opener, tagger_spans, texts_inside_sentences, title_before_name, title_domain,
    title_inside_organisation, title_makes_person, trailing_title_words,
    unknown_abbreviation_is_no_place,
};
use tagger::Tagger;

const WEIGHTS: &[u8] = include_bytes!("../../assets/tagger.bin");

/// Gazetteers and tagger weights. The gazetteer is the process's one (`Gazetteer::shared`), which
/// the identity keys read too.
pub struct Model {
    pub gazetteer: &'static Gazetteer,
    pub tagger: Tagger,
}

impl Model {
    /// Loads the compiled-in gazetteers and weights.
    pub fn load() -> Self {
        Model {
            gazetteer: Gazetteer::shared(),
            tagger: Tagger::from_bytes(WEIGHTS),
        }
    }

    /// The compiled-in gazetteers with other tagger weights (training experiments).
    pub fn with_weights(weights: &[u8]) -> Self {
        Model {
            gazetteer: Gazetteer::shared(),
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

/// True for a capitalised word, counting a name that opens with a lower-case particle joined
/// by a hyphen ("al-Rashidi", "el-Marek"): written inside a sentence, it is still a name.
fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) || particle_prefixed(w)
}

/// Rule: "al-Rashidi", "bin-Talal": a particle of `name_particles`, a hyphen, then a capital.
fn particle_prefixed(w: &str) -> bool {
    let Some((head, rest)) = w.split_once('-') else {
        return false;
    };
    rest.chars().next().is_some_and(char::is_uppercase)
        && head.chars().all(char::is_lowercase)
        && lex().name_particles.contains(head)
}

/// Finds actor mentions in `doc` and resolves them into `analysis.actors` and `.mentions`.
pub fn find(model: &Model, doc: &Doc, analysis: &mut Analysis) {
    find_within(model, doc, analysis, &Budget::unlimited());
}

/// [`find`] under a budget: stops between sentences once it has run out.
pub fn find_within(model: &Model, doc: &Doc, analysis: &mut Analysis, budget: &Budget) {
    let gaz = model.gazetteer;
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
        let mut sent = tagger_spans(&tags, s0);
        gazetteer_entries(doc, gaz, s0, s1, &matches, &mut sent);
        title_before_name(doc, gaz, s0, s1, &mut sent);
        dateline(doc, gaz, s0, s1, &mut sent);
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
    let seen_inside = texts_inside_sentences(doc, &opener, &cands);
    for c in &mut cands {
        strip_common_opener(doc, gaz, &opener, &seen_inside, c);
        clean(doc, gaz, c);
        unknown_abbreviation_is_no_place(doc, gaz, c);
        trailing_title_words(doc, gaz, c);
        title_domain(doc, gaz, c);
        if is_event_name(doc, c) {
            c.end = c.start;
        }
        title_makes_person(doc, gaz, c);
        org_head_after_name(doc, c);
        coordinated_org_name(doc, &opener, c);
        org_head_word_kind(doc, c);
    }
    cands.retain(|c| c.end > c.start);
    cut_at_line_breaks(doc, &mut cands);
    title_inside_organisation(doc, gaz, &mut cands);
    split_person_after_org(doc, &mut cands);
    said_as_surname(doc, &opener, &mut cands);
    split_coordinated_places(doc, gaz, &mut cands);
    org_of_name(doc, gaz, &mut cands);
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
    let legal_links = patterns::legal_form_before_name(doc, &mut cands);
    patterns::acronym_spells_name(doc, &mut cands);
    patterns::group_noun_names(doc, &mut cands);
    patterns::state_head_word(doc, &mut cands);
    patterns::field_and_country(doc, gaz, &mut cands);
    patterns::club_before_sports_role(doc, gaz, &mut cands);
    let acronym_links = acronyms(doc, &mut cands);
    let mut links = acronym_links.clone();
    links.extend(legal_links);
    grow_to_known_name(doc, &mut cands);
    consistency(doc, &mut cands, budget);
    // Names the article-wide rules added after a title and "of"/"for" are domains too.
    for c in &mut cands {
        title_domain(doc, gaz, c);
    }
    cands.retain(|c| c.end > c.start);
    patterns::lone_names_by_context(doc, gaz, &mut cands);
    patterns::common_word_in_capitals(doc, gaz, &mut cands);
    patterns::post_nominal_letters(doc, &mut cands);
    patterns::demonym_before_organisation(doc, gaz, &mut cands);
    links.extend(patterns::demonym_state(doc, gaz, &mut cands));
    links.extend(bracketed_alias(doc, gaz, &mut cands));
    links.extend(org_short_forms(doc, gaz, &mut cands));
    links.extend(the_head_word(doc, &mut cands));
    person_words_win(doc, &mut cands, &acronym_links);
    particle_before_surname(doc, &mut cands);
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

/// Helpers shared by the tests of the rule modules.
#[cfg(test)]
mod testing {
    use super::*;

    /// A candidate over tokens `start..end`, as a rule would push it.
    pub(super) fn cand(start: usize, end: usize, kind: ActorKind) -> Cand {
        Cand {
            start,
            end,
            kind,
            conf: 0.5,
            canonical: None,
            rule: rules::TAGGER,
        }
    }

    /// The index of the `n`-th token (from 0) that reads `word`.
    pub(super) fn nth(doc: &Doc, word: &str, n: usize) -> usize {
        (0..doc.tokens.len())
            .filter(|&k| doc.tok(k) == word)
            .nth(n)
            .unwrap_or(usize::MAX)
    }

    /// Each mention of `text` as (mention text, name of its actor, kind code).
    pub(super) fn filed(text: &str) -> Vec<(String, String, &'static str)> {
        let doc = Doc::new(text, 0);
        let mut a = Analysis::default();
        find(&Model::load(), &doc, &mut a);
        a.mentions
            .iter()
            .map(|m| {
                let x = &a.actors[m.actor];
                (
                    m.span.slice(text).to_string(),
                    x.name.clone(),
                    x.kind.code(),
                )
            })
            .collect()
    }

    /// The actor name each mention reading `mention` is filed under.
    pub(super) fn actors_of(text: &str, mention: &str) -> Vec<String> {
        filed(text)
            .into_iter()
            .filter(|(m, _, _)| m == mention)
            .map(|(_, a, _)| a)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::resolution::acronym_targets;
    use super::rules::place_context;
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

    #[test]
    fn every_rule_name_has_a_description() {
        for r in rules::ALL {
            assert!(super::super::rule_description(r).is_some(), "{r}");
        }
        let unique: HashSet<&str> = rules::ALL.iter().copied().collect();
        assert_eq!(unique.len(), rules::ALL.len());
    }

    #[test]
    fn a_name_opening_with_a_hyphenated_particle_is_a_name() {
        assert!(is_cap("al-Rashidi") && is_cap("Telvar"));
        assert!(!is_cap("al-qaeda-style") && !is_cap("well-Known") && !is_cap("low"));
        let t = "Omar al-Rashidi spoke on Monday. Later al-Rashidi left.";
        let found = super::testing::actors_of(t, "al-Rashidi");
        assert_eq!(found, ["Omar al-Rashidi"], "{:?}", super::testing::filed(t));
    }
}
