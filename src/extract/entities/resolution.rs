//! Resolution of mentions into actors: each mention gets the identity key it is filed under
//! (a surname its full name, an acronym the name it spells), then one actor per key.

use super::super::normalize::surname_of_key;
use super::*;
/// The key each mention is filed under: its own, or for a short person name the full name it
/// stands for. Rules, in order:
/// - a full name joins a longer one with the same first and last words ("Marten Ostrova" and
///   "Marten Alva Ostrova");
/// - a short name joins the full names that end with it ("Ostrova", "Alva Ostrova"); when
///   several do ("Castell" with two Castells), the one mentioned last before it, else the one
///   mentioned first after it (context decides, the two are never merged);
/// - a lone first name joins the only full name that starts with it, when no full name ends
///   with it ("Marten" for "Marten Ostrova" in an interview).
pub(super) fn person_targets(
    cands: &[Cand],
    keys: &[String],
    budget: &Budget,
) -> Vec<(String, ActorKind)> {
    // Full person names (two or more words): every mention's index, by key.
    let mut full_at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.kind == ActorKind::Person
            && let Some(k) = keys.get(i)
            && surname_of_key(k).is_none()
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
pub(super) fn acronym_targets(doc: &Doc, cands: &[Cand], target: &mut [(String, ActorKind)]) {
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
pub(super) fn resolve(
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
                super::super::normalize::person_key(&k)
            } else {
                k
            }
        })
        .collect();
    let mut target = person_targets(cands, &keys, budget);
    acronym_targets(doc, cands, &mut target);
    let mut actor_of_key: HashMap<(String, ActorKind), usize> = HashMap::new();
    // Whether each actor's display name so far is a primary name (see below).
    let mut primary_name: HashMap<usize, bool> = HashMap::new();
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
            // The display name is the fullest well-cased form ("Brandt" over "BRANDT"); a
            // second name found through another one ("the Ostravan State" for the country, a
            // bracketed translation) names the actor only when nothing else does.
            let primary = !matches!(c.rule, rules::DEMONYM_STATE | rules::BRACKETED_ALIAS);
            let name_primary = *primary_name.entry(idx).or_insert(primary);
            let rank = |t: &str, p: bool| (p, t.chars().any(char::is_lowercase), t.chars().count());
            if rank(text, primary) > rank(&a.name, name_primary) {
                primary_name.insert(idx, primary);
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
    use super::super::testing::cand;
    use super::*;

    #[test]
    fn a_surname_joins_the_nearest_full_name_before_it() {
        let cands: Vec<Cand> = (0..5).map(|i| cand(i, i + 1, ActorKind::Person)).collect();
        let keys: Vec<String> = ["ilse castell", "castell", "otto castell", "castell", "ilse"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = person_targets(&cands, &keys, &Budget::unlimited());
        let names: Vec<&str> = t.iter().map(|(k, _)| k.as_str()).collect();
        // Two people share the surname: each bare "Castell" goes to the one named last before
        // it; a lone first name joins the only full name starting with it.
        assert_eq!(
            names,
            [
                "ilse castell",
                "ilse castell",
                "otto castell",
                "otto castell",
                "ilse castell"
            ]
        );
    }

    #[test]
    fn a_full_name_joins_a_longer_one_with_the_same_ends() {
        let cands: Vec<Cand> = (0..2).map(|i| cand(i, i + 1, ActorKind::Person)).collect();
        let keys = vec![
            "marten alva ostrova".to_string(),
            "marten ostrova".to_string(),
        ];
        let t = person_targets(&cands, &keys, &Budget::unlimited());
        assert_eq!(t[1].0, "marten alva ostrova");
    }

    #[test]
    fn a_surname_with_a_particle_is_no_full_name() {
        let cands: Vec<Cand> = (0..3).map(|i| cand(i, i + 1, ActorKind::Person)).collect();
        let keys: Vec<String> = ["omar al rashidi", "al rashidi", "rashidi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = person_targets(&cands, &keys, &Budget::unlimited());
        assert!(t.iter().all(|(k, _)| k == "omar al rashidi"), "{t:?}");
    }
}
