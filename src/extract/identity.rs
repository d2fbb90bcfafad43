//! Actor identity across the articles of one dossier.
//!
//! Inside an article, [`super::entities`] has already made one actor per real entity. Across
//! articles the same actor is found again by rules, each named:
//! - [`same_key`]: the same identity key ([`super::normalize::actor_key`], with a person's middle
//!   initials left out) and the same broad kind (person, or not a person);
//! - [`alias_of_one`]: a short name (an acronym, a surname) that another article gives as an
//!   alias of exactly one actor;
//! - [`surname_of_one`]: a person named by one word joins the only person in the dossier whose
//!   full name ends with that word; when several do ("Castell" with two full names ending in it)
//!   it stays apart.
//!
//! The name an actor is filed under is the fullest well-cased form used for it.

use foldhash::{HashMap, HashMapExt};

use crate::model::{ActorKind, Analysis};

use super::normalize::{person_key, surname_of_key};

/// Where one actor of one article stands in the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Slot {
    doc: usize,
    actor: usize,
}

/// Union-find over slots.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Groups {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = gp;
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            if let Some(slot) = self.parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
}

/// The broad kind used for identity: a person is never the same actor as a place or an
/// organisation; places and organisations of the same name are (a country and its government).
fn is_person(kind: ActorKind) -> bool {
    kind == ActorKind::Person
}

/// The identity key of an actor's name: for a person without middle initials or a trailing
/// "Jr." ([`person_key`]), for other kinds [`super::normalize::actor_key`]. The store records it
/// with every actor it files, so a dossier joins the same names as [`dossier_names`] does.
pub fn identity_key(name: &str, kind: ActorKind) -> String {
    if is_person(kind) {
        person_key(name)
    } else {
        expand_initials(name, &super::normalize::actor_key(name))
    }
}

/// Rule: initials that open a longer name stand for what the gazetteer expands them to (a
/// country or an international body with a name of several words), so "X.Y. Harbour Board" and
/// the spelled-out name share a key. Alone the initials stay as they are (the gazetteer already
/// knows them).
fn expand_initials(name: &str, key: &str) -> String {
    use super::entities::gazetteer::{GazKind, Gazetteer};
    let (Some(first), Some((_, rest))) = (name.split_whitespace().next(), key.split_once(' '))
    else {
        return key.to_string();
    };
    let initials = first.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && first.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    match Gazetteer::shared().lookup(first) {
        Some((GazKind::Gpe | GazKind::Org, long)) if initials && long.contains(' ') => {
            format!("{} {rest}", super::normalize::actor_key(long))
        }
        _ => key.to_string(),
    }
}

/// Rule: actors with the same key and broad kind are one actor.
fn same_key(items: &[(Slot, String, bool)], groups: &mut Groups) {
    let mut first: HashMap<(&str, bool), usize> = HashMap::new();
    for (i, (_, k, person)) in items.iter().enumerate() {
        if k.is_empty() {
            continue;
        }
        match first.get(&(k.as_str(), *person)) {
            Some(&j) => groups.union(i, j),
            None => {
                first.insert((k.as_str(), *person), i);
            }
        }
    }
}

/// Rule: an actor whose name is an alias of actors of exactly one group joins that group.
fn alias_of_one(items: &[(Slot, String, bool)], alias_keys: &[Vec<String>], groups: &mut Groups) {
    let mut owners: HashMap<(&str, bool), Vec<usize>> = HashMap::new();
    for (i, keys) in alias_keys.iter().enumerate() {
        let person = items.get(i).is_some_and(|x| x.2);
        for k in keys {
            owners.entry((k.as_str(), person)).or_default().push(i);
        }
    }
    for (i, (_, k, person)) in items.iter().enumerate() {
        let Some(list) = owners.get(&(k.as_str(), *person)) else {
            continue;
        };
        let mut roots: Vec<usize> = list.iter().map(|&j| groups.find(j)).collect();
        roots.sort_unstable();
        roots.dedup();
        if let [only] = roots[..] {
            groups.union(i, only);
        }
    }
}

/// Rule: a person named by a surname alone ("Ostrova", "al-Rashidi") joins the only group of
/// full person names ending in it.
fn surname_of_one(items: &[(Slot, String, bool)], groups: &mut Groups) {
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, k, person)) in items.iter().enumerate() {
        if *person
            && surname_of_key(k).is_none()
            && let Some((_, last)) = k.rsplit_once(' ')
        {
            by_last.entry(last).or_default().push(i);
        }
    }
    for (i, (_, k, person)) in items.iter().enumerate() {
        let Some(surname) = surname_of_key(k).filter(|_| *person) else {
            continue;
        };
        let Some(list) = by_last.get(surname) else {
            continue;
        };
        let mut roots: Vec<usize> = list.iter().map(|&j| groups.find(j)).collect();
        roots.sort_unstable();
        roots.dedup();
        if let [only] = roots[..] {
            groups.union(i, only);
        }
    }
}

/// How good a name is for display: more words, then not all capitals, then more uses.
fn display_rank(name: &str, uses: usize) -> (usize, bool, usize) {
    let words = name.split_whitespace().count();
    let well_cased = name.chars().any(char::is_lowercase);
    (words, well_cased, uses)
}

/// For each analysis and each of its actors, the canonical name the actor is filed under in a
/// dossier made of all the `analyses` together.
pub fn dossier_names(analyses: &[&Analysis]) -> Vec<Vec<String>> {
    let mut items: Vec<(Slot, String, bool)> = Vec::new();
    let mut alias_keys: Vec<Vec<String>> = Vec::new();
    for (doc, a) in analyses.iter().enumerate() {
        for (actor, x) in a.actors.iter().enumerate() {
            items.push((
                Slot { doc, actor },
                identity_key(&x.name, x.kind),
                is_person(x.kind),
            ));
            let mut keys: Vec<String> = x
                .aliases
                .iter()
                .map(|al| identity_key(al, x.kind))
                .filter(|k| !k.is_empty())
                .collect();
            keys.sort();
            keys.dedup();
            alias_keys.push(keys);
        }
    }
    let mut groups = Groups::new(items.len());
    same_key(&items, &mut groups);
    alias_of_one(&items, &alias_keys, &mut groups);
    surname_of_one(&items, &mut groups);
    // The display name of each group: its best-ranked name.
    let mut uses: HashMap<(usize, &str), usize> = HashMap::new();
    for (i, (slot, _, _)) in items.iter().enumerate() {
        let Some(x) = analyses
            .get(slot.doc)
            .and_then(|a| a.actors.get(slot.actor))
        else {
            continue;
        };
        *uses.entry((groups.find(i), x.name.as_str())).or_insert(0) += 1;
    }
    let mut best: HashMap<usize, (&str, (usize, bool, usize))> = HashMap::new();
    for (&(root, name), &n) in &uses {
        let rank = display_rank(name, n);
        let e = best.entry(root).or_insert((name, rank));
        if rank > e.1 || (rank == e.1 && name < e.0) {
            *e = (name, rank);
        }
    }
    // Two actors never share a name: later groups with a name already taken get a number.
    let mut roots: Vec<usize> = best.keys().copied().collect();
    roots.sort_unstable();
    let mut taken: HashMap<&str, usize> = HashMap::new();
    let mut label: HashMap<usize, String> = HashMap::new();
    for root in roots {
        let Some(&(name, _)) = best.get(&root) else {
            continue;
        };
        let n = taken.entry(name).or_insert(0);
        *n += 1;
        let text = if *n == 1 {
            name.to_string()
        } else {
            format!("{name} ({n})")
        };
        label.insert(root, text);
    }
    let mut out: Vec<Vec<String>> = analyses
        .iter()
        .map(|a| vec![String::new(); a.actors.len()])
        .collect();
    for (i, (slot, _, _)) in items.iter().enumerate() {
        let root = groups.find(i);
        let name = label.get(&root).cloned().unwrap_or_default();
        if let Some(x) = out.get_mut(slot.doc).and_then(|d| d.get_mut(slot.actor)) {
            *x = name;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FoundActor;

    fn analysis(actors: &[(&str, ActorKind, &[&str])]) -> Analysis {
        Analysis {
            actors: actors
                .iter()
                .map(|(n, k, al)| FoundActor {
                    name: n.to_string(),
                    kind: *k,
                    aliases: al.iter().map(|s| s.to_string()).collect(),
                    roles: Vec::new(),
                    affiliations: Vec::new(),
                    confidence: 1.0,
                })
                .collect(),
            ..Analysis::default()
        }
    }

    use ActorKind::{Gpe, Org, Person};

    #[test]
    fn same_key_joins_spellings_and_initials() {
        let a = analysis(&[("Marten K. Ostrova", Person, &[]), ("VELLMAR", Gpe, &[])]);
        let b = analysis(&[("Marten Ostrova", Person, &[]), ("Vellmar", Gpe, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[0][0], "Marten K. Ostrova");
        assert_eq!(n[1][0], "Marten K. Ostrova");
        assert_eq!(n[0][1], "Vellmar");
        assert_eq!(n[1][1], "Vellmar");
    }

    #[test]
    fn persons_and_places_of_one_name_stay_apart() {
        let a = analysis(&[("Tessaly", Person, &[])]);
        let b = analysis(&[("Tessaly", Gpe, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[0][0], "Tessaly");
        assert_eq!(n[1][0], "Tessaly (2)");
    }

    #[test]
    fn alias_of_one_joins_an_acronym() {
        let a = analysis(&[("Harbour Defence League", Org, &["HDL"])]);
        let b = analysis(&[("HDL", Org, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[1][0], "Harbour Defence League");
    }

    #[test]
    fn surname_of_one_joins_only_when_unambiguous() {
        let a = analysis(&[("Ilse Varnhagen", Person, &[])]);
        let b = analysis(&[("Varnhagen", Person, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[1][0], "Ilse Varnhagen");
        let c = analysis(&[("Otto Varnhagen", Person, &[])]);
        let n = dossier_names(&[&a, &b, &c]);
        assert_eq!(n[1][0], "Varnhagen");
        assert_eq!(n[0][0], "Ilse Varnhagen");
        assert_eq!(n[2][0], "Otto Varnhagen");
    }

    #[test]
    fn country_initials_before_a_name_join_the_spelled_out_name() {
        // The spelled-out name is the gazetteer's, not written here.
        let country = super::super::entities::gazetteer::Gazetteer::shared()
            .lookup("U.K.")
            .expect("the gazetteer knows the initials")
            .1;
        let full = format!("{country} Harbour Board");
        let a = analysis(&[("U.K. Harbour Board", Org, &[])]);
        let b = analysis(&[(full.as_str(), Org, &[]), ("UK", Gpe, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[0][0], full);
        assert_eq!(n[1][0], full);
        assert_eq!(n[1][1], "UK");
        // Persons keep their initials ("Us Telvar" is no country), and a capitalised word that
        // is not a set of initials stays as written.
        assert_eq!(identity_key("Us Telvar", Person), "us telvar");
        assert_eq!(identity_key("Uk Telvar Board", Org), "uk telvar board");
    }

    #[test]
    fn a_surname_with_a_particle_joins_the_one_full_name() {
        let a = analysis(&[("Omar al-Rashidi", Person, &[])]);
        let b = analysis(&[("al-Rashidi", Person, &[]), ("Rashidi", Person, &[])]);
        let n = dossier_names(&[&a, &b]);
        assert_eq!(n[1], ["Omar al-Rashidi", "Omar al-Rashidi"]);
        let c = analysis(&[("Hana al-Rashidi", Person, &[])]);
        let n = dossier_names(&[&a, &b, &c]);
        assert_eq!(n[1][0], "al-Rashidi");
    }
}
