//! Roles and affiliations of person actors, read from the words around their mentions:
//!
//! - premodifiers: "HDL chief Tomas Orlov", "Estonian Minister Ilse Varnhagen";
//! - possessives: "the Harbour Guild's acting treasurer Karsten Vollmar";
//! - appositives after the name: "Marta Okoye, deputy spokesman of the Harbour Guild,";
//! - appositives before it: "The Estonian Ambassador to Chile, Tomas Brandt Orlov,".
//!
//! A role needs a title noun from `assets/lexicon/title_heads.txt`; the organisation it is held in comes from an
//! "of/for/at" phrase, a possessive or a name right before the title. Organisations named that
//! way and countries named by a demonym ("Pakistani") become affiliations ("ambassador *to*
//! Afghanistan" is a role there, not an allegiance).

use crate::model::{ActorKind, Analysis, FoundAffiliation, FoundRole, Span};

use super::budget::{Budget, LOOKBACK};
use super::text::Doc;
use super::text::WordTok as Tok;

/// Nationality adjectives and the country they name.
const DEMONYMS: &[(&str, &str)] = &[
    ("afghan", "Afghanistan"),
    ("pakistani", "Pakistan"),
    ("american", "United States"),
    ("british", "United Kingdom"),
    ("french", "France"),
    ("german", "Germany"),
    ("italian", "Italy"),
    ("russian", "Russia"),
    ("chinese", "China"),
    ("indian", "India"),
    ("iranian", "Iran"),
    ("iraqi", "Iraq"),
    ("syrian", "Syria"),
    ("turkish", "Turkey"),
    ("israeli", "Israel"),
    ("palestinian", "Palestine"),
    ("saudi", "Saudi Arabia"),
    ("egyptian", "Egypt"),
    ("mexican", "Mexico"),
    ("canadian", "Canada"),
    ("japanese", "Japan"),
    ("ukrainian", "Ukraine"),
    ("spanish", "Spain"),
    ("polish", "Poland"),
    ("dutch", "Netherlands"),
    ("belgian", "Belgium"),
    ("swedish", "Sweden"),
    ("norwegian", "Norway"),
    ("danish", "Denmark"),
    ("finnish", "Finland"),
    ("greek", "Greece"),
    ("portuguese", "Portugal"),
    ("irish", "Ireland"),
    ("swiss", "Switzerland"),
    ("austrian", "Austria"),
    ("hungarian", "Hungary"),
    ("czech", "Czech Republic"),
    ("romanian", "Romania"),
    ("bulgarian", "Bulgaria"),
    ("serbian", "Serbia"),
    ("croatian", "Croatia"),
    ("brazilian", "Brazil"),
    ("argentine", "Argentina"),
    ("argentinian", "Argentina"),
    ("chilean", "Chile"),
    ("colombian", "Colombia"),
    ("venezuelan", "Venezuela"),
    ("peruvian", "Peru"),
    ("cuban", "Cuba"),
    ("australian", "Australia"),
    ("indonesian", "Indonesia"),
    ("malaysian", "Malaysia"),
    ("filipino", "Philippines"),
    ("thai", "Thailand"),
    ("vietnamese", "Vietnam"),
    ("bangladeshi", "Bangladesh"),
    ("nepali", "Nepal"),
    ("sri lankan", "Sri Lanka"),
    ("nigerian", "Nigeria"),
    ("kenyan", "Kenya"),
    ("ethiopian", "Ethiopia"),
    ("somali", "Somalia"),
    ("sudanese", "Sudan"),
    ("libyan", "Libya"),
    ("tunisian", "Tunisia"),
    ("algerian", "Algeria"),
    ("moroccan", "Morocco"),
    ("south african", "South Africa"),
    ("lebanese", "Lebanon"),
    ("jordanian", "Jordan"),
    ("yemeni", "Yemen"),
    ("qatari", "Qatar"),
    ("emirati", "United Arab Emirates"),
    ("kuwaiti", "Kuwait"),
    ("omani", "Oman"),
    ("bahraini", "Bahrain"),
    ("uzbek", "Uzbekistan"),
    ("tajik", "Tajikistan"),
    ("turkmen", "Turkmenistan"),
    ("kazakh", "Kazakhstan"),
    ("kyrgyz", "Kyrgyzstan"),
    ("korean", "Korea"),
    ("north korean", "North Korea"),
    ("south korean", "South Korea"),
    ("taiwanese", "Taiwan"),
    ("new zealand", "New Zealand"),
    ("european", "European Union"),
];

/// The country a demonym names ("Pakistani" -> "Pakistan").
pub fn country_of_demonym(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    DEMONYMS.iter().find(|(d, _)| *d == w).map(|(_, c)| *c)
}

fn is_head(w: &str) -> bool {
    let w = w.to_lowercase();
    super::lexicon::get().title_heads.contains(w.as_str())
        || w.strip_suffix('s')
            .is_some_and(|s| super::lexicon::get().title_heads.contains(s))
}

fn is_modifier(w: &str) -> bool {
    super::lexicon::get().title_modifiers.contains_lower(w)
}

/// A role found next to a mention, before it is attached to the actor.
struct Found {
    actor: usize,
    role: Option<FoundRole>,
    affiliations: Vec<FoundAffiliation>,
    /// The rule that found the role: see [`rules`].
    rule: &'static str,
}

/// Names of the rules that find roles, recorded on each role.
pub mod rules {
    pub const TITLE_BEFORE_NAME: &str = "role.title_before_name";
    pub const APPOSITIVE_AFTER_NAME: &str = "role.appositive_after_name";
    pub const APPOSITIVE_BEFORE_NAME: &str = "role.appositive_before_name";
}

struct Cx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    analysis: &'a Analysis,
    /// Mention index by token range, sorted by start token.
    mentions: Vec<(usize, usize, usize)>,
    /// The first mention (in `mentions` order) ending at each token.
    by_end: foldhash::HashMap<usize, (usize, usize)>,
}

impl Cx<'_> {
    fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .filter(|t| t.word)
            .map_or("", |t| t.span.slice(self.text))
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.word && t.span.slice(self.text) == p)
    }

    fn tok_at(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < b)
    }

    /// The mention (index) whose token range ends at `end` (exclusive).
    fn mention_ending(&self, end: usize) -> Option<(usize, usize)> {
        self.by_end.get(&end).copied()
    }

    fn mention_starting(&self, start: usize) -> Option<(usize, usize)> {
        let i = self.mentions.partition_point(|&(lo, _, _)| lo < start);
        self.mentions
            .get(i)
            .filter(|&&(lo, _, _)| lo == start)
            .map(|&(_, hi, m)| (hi, m))
    }

    fn actor_name(&self, m: usize) -> Option<(String, ActorKind)> {
        let a = self.analysis.mentions.get(m)?.actor;
        self.analysis
            .actors
            .get(a)
            .map(|a| (a.name.clone(), a.kind))
    }

    fn span(&self, lo: usize, hi: usize) -> Span {
        match (
            self.toks.get(lo),
            hi.checked_sub(1).and_then(|h| self.toks.get(h)),
        ) {
            (Some(a), Some(b)) if hi > lo => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        }
    }

    /// A title ending at token `end` (exclusive): modifiers and heads, with a head last.
    /// Returns its start token.
    fn title_before(&self, end: usize) -> Option<usize> {
        let last = end.checked_sub(1)?;
        if !is_head(self.word(last)) {
            return None;
        }
        let mut lo = last;
        while lo > 0 {
            let w = self.word(lo - 1);
            if w.is_empty() || !(is_head(w) || is_modifier(w)) || last - lo >= 5 {
                break;
            }
            lo -= 1;
        }
        Some(lo)
    }

    /// A title starting at token `start` ("deputy spokesman of ..."): returns the token after
    /// its head, or `None` when no head comes within a few words.
    fn title_after(&self, start: usize) -> Option<usize> {
        let mut i = start;
        let mut end = None;
        while i < start + 6 {
            let w = self.word(i);
            if w.is_empty() {
                break;
            }
            if is_head(w) {
                end = Some(i + 1);
            } else if !(is_modifier(w) || country_of_demonym(w).is_some()) {
                break;
            }
            i += 1;
        }
        end
    }

    /// "of the Harbour Guild", "for Ilse Varnhagen", "at Vellmar University": the
    /// organisation named after a title, as (name, is_allegiance, end token).
    fn of_phrase(&self, i: usize) -> Option<(String, bool, usize)> {
        let p = self.word(i).to_lowercase();
        if !matches!(p.as_str(), "of" | "for" | "at" | "to" | "in") {
            return None;
        }
        let mut k = i + 1;
        if matches!(self.word(k).to_lowercase().as_str(), "the" | "a" | "an") {
            k += 1;
        }
        if let Some((hi, m)) = self.mention_starting(k) {
            let (name, _) = self.actor_name(m)?;
            return Some((name, p != "to" && p != "in", hi));
        }
        // An organisation the entity finder did not name: capitalised words.
        let mut hi = k;
        while self.toks.get(hi).is_some_and(|t| t.word && t.cap) && hi - k < 6 {
            hi += 1;
        }
        (hi > k).then(|| {
            (
                self.span(k, hi).slice(self.text).to_string(),
                p != "to" && p != "in",
                hi,
            )
        })
    }

    /// Demonyms inside `[lo, hi)` as affiliations.
    fn demonyms(&self, lo: usize, hi: usize, out: &mut Vec<FoundAffiliation>) {
        for k in lo..hi {
            if let Some(c) = country_of_demonym(self.word(k)) {
                out.push(FoundAffiliation {
                    name: c.to_string(),
                    span: self.span(k, k + 1),
                });
            }
        }
    }

    /// Title text without demonyms and leading "the".
    fn title_text(&self, lo: usize, hi: usize) -> String {
        let words: Vec<&str> = (lo..hi)
            .map(|k| self.word(k))
            .filter(|w| !w.is_empty() && country_of_demonym(w).is_none())
            .collect();
        words.join(" ")
    }
}

/// The rule name of a role found before rules were recorded.
const UNRECORDED: &str = "role.unrecorded";

/// Finds roles and affiliations of person actors and adds them to `analysis.actors`.
pub fn find(doc: &Doc, analysis: &mut Analysis) {
    find_within(doc, analysis, &Budget::unlimited());
}

/// [`find`] under a budget: stops between mentions once it has run out.
pub fn find_within(doc: &Doc, analysis: &mut Analysis, budget: &Budget) {
    let found = {
        let toks = doc.words();
        let mut cx = Cx {
            text: doc.text,
            toks,
            analysis,
            mentions: Vec::new(),
            by_end: foldhash::HashMap::default(),
        };
        let mut mentions: Vec<(usize, usize, usize)> = analysis
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.start >= doc.body_start)
            .map(|(i, m)| (cx.tok_at(m.span.start), cx.tok_at(m.span.end), i))
            .collect();
        mentions.sort_unstable();
        for &(lo, hi, m) in &mentions {
            cx.by_end.entry(hi).or_insert((lo, m));
        }
        cx.mentions = mentions;
        budget.tick(cx.toks.len() + cx.mentions.len());
        let mut found = Vec::new();
        for (n, &(lo, hi, m)) in cx.mentions.iter().enumerate() {
            if n % 256 == 0 && budget.over() {
                return;
            }
            let Some(mention) = analysis.mentions.get(m) else {
                continue;
            };
            let is_person = analysis
                .actors
                .get(mention.actor)
                .is_some_and(|a| a.kind == ActorKind::Person);
            if is_person {
                found.extend(roles_around(&cx, lo, hi, mention.actor));
            }
        }
        found
    };
    analysis.rules.roles = analysis
        .actors
        .iter()
        .map(|a| vec![std::borrow::Cow::Borrowed(UNRECORDED); a.roles.len()])
        .collect();
    for f in found {
        let Some(actor) = analysis.actors.get_mut(f.actor) else {
            continue;
        };
        let Some(why) = analysis.rules.roles.get_mut(f.actor) else {
            continue;
        };
        if let Some(role) = f.role {
            let dup = actor
                .roles
                .iter()
                .any(|r| r.title.eq_ignore_ascii_case(&role.title) && r.of == role.of);
            // A person holds a handful of roles in one article; more is hostile text.
            if !dup && actor.roles.len() < LOOKBACK {
                why.push(f.rule.into());
                actor.roles.push(role);
            }
        }
        for a in f.affiliations {
            if a.name != actor.name
                && actor.affiliations.len() < LOOKBACK
                && !actor.affiliations.iter().any(|x| x.name == a.name)
            {
                actor.affiliations.push(a);
            }
        }
    }
}

/// Every role pattern around one person mention at tokens `[lo, hi)`.
fn roles_around(cx: &Cx, lo: usize, hi: usize, actor: usize) -> Vec<Found> {
    let mut out = Vec::new();
    // Premodifier and possessive: "[Org's] [Demonym] title NAME".
    let mut chain_start = lo;
    if let Some(tlo) = cx.title_before(lo) {
        let mut affiliations = Vec::new();
        let mut start = tlo;
        // demonyms right before the title ("German Chancellor")
        while start > 0 && country_of_demonym(cx.word(start - 1)).is_some() {
            start -= 1;
        }
        cx.demonyms(start, tlo, &mut affiliations);
        let mut of = None;
        // "the Harbour Guild's acting minister" / "HDL chief"
        let mut org_end = start;
        if start >= 2 && cx.word(start - 1).eq_ignore_ascii_case("s") {
            let ap = cx.toks.get(start - 2).map_or("", |t| t.span.slice(cx.text));
            if ap == "'" || ap == "\u{2019}" {
                org_end = start - 2;
            }
        }
        if let Some((mlo, m)) = cx.mention_ending(org_end)
            && let Some((name, kind)) = cx.actor_name(m)
        {
            if kind != ActorKind::Person || org_end != start {
                affiliations.push(FoundAffiliation {
                    name: name.clone(),
                    span: cx.span(mlo, org_end),
                });
            }
            of = Some(name);
            start = mlo;
        }
        chain_start = start;
        if chain_start > 0
            && matches!(
                cx.word(chain_start - 1).to_lowercase().as_str(),
                "the" | "a" | "an"
            )
        {
            chain_start -= 1;
        }
        out.push(Found {
            actor,
            role: Some(FoundRole {
                title: cx.title_text(tlo, lo),
                of,
                span: cx.span(start, hi),
            }),
            affiliations,
            rule: rules::TITLE_BEFORE_NAME,
        });
    }
    // Appositive after: "NAME, [the] deputy spokesman of the Harbour Guild,"
    if cx.punct(hi, ",") {
        let mut k = hi + 1;
        if matches!(cx.word(k).to_lowercase().as_str(), "the" | "a" | "an") {
            k += 1;
        }
        if let Some(end) = cx.title_after(k) {
            out.push(appositive(cx, k, end, actor, rules::APPOSITIVE_AFTER_NAME));
        }
    }
    // Appositive before: "The Pakistani Ambassador to Afghanistan, NAME,"
    if chain_start >= 2 && cx.punct(chain_start - 1, ",") {
        let comma = chain_start - 1;
        // the phrase starts after the previous comma or at the sentence start
        let mut s = comma;
        while s > 0 && comma - s < 14 {
            let prev = s - 1;
            let t = cx.toks.get(prev);
            if t.is_some_and(|t| !t.word) && !cx.punct(prev, "'") && !cx.punct(prev, "\u{2019}") {
                break;
            }
            s -= 1;
        }
        if matches!(cx.word(s).to_lowercase().as_str(), "the" | "a" | "an") {
            s += 1;
        }
        if let Some(end) = cx.title_after(s) {
            out.push(appositive(cx, s, end, actor, rules::APPOSITIVE_BEFORE_NAME));
        }
    }
    out
}

/// A role stated as a phrase "title [of ORG]" at tokens `[lo, end)` plus its of-phrase.
fn appositive(cx: &Cx, lo: usize, end: usize, actor: usize, rule: &'static str) -> Found {
    let mut affiliations = Vec::new();
    cx.demonyms(lo, end, &mut affiliations);
    let (of, span_end) = match cx.of_phrase(end) {
        Some((name, allegiance, hi)) => {
            if allegiance {
                affiliations.push(FoundAffiliation {
                    name: name.clone(),
                    span: cx.span(end + 1, hi),
                });
            }
            (Some(name), hi)
        }
        None => (None, end),
    };
    Found {
        actor,
        role: Some(FoundRole {
            title: cx.title_text(lo, end),
            of,
            span: cx.span(lo, span_end),
        }),
        affiliations,
        rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FoundActor, FoundMention};

    /// Runs role finding with the given actors marked wherever their names occur.
    fn run(text: &str, actors: &[(&str, ActorKind)]) -> Analysis {
        let doc = Doc::new(text, 0);
        let mut analysis = Analysis::default();
        for (i, (name, kind)) in actors.iter().enumerate() {
            analysis.actors.push(FoundActor {
                name: (*name).into(),
                kind: *kind,
                aliases: vec![],
                roles: vec![],
                affiliations: vec![],
                confidence: 1.0,
            });
            let mut from = 0;
            while let Some(p) = text[from..].find(name) {
                let s = from + p;
                analysis.mentions.push(FoundMention {
                    actor: i,
                    span: Span::new(s, s + name.len()),
                    confidence: 1.0,
                });
                from = s + name.len();
            }
        }
        find(&doc, &mut analysis);
        analysis
    }

    fn roles(a: &Analysis, i: usize) -> Vec<(String, Option<String>)> {
        a.actors[i]
            .roles
            .iter()
            .map(|r| (r.title.clone(), r.of.clone()))
            .collect()
    }

    fn affiliations(a: &Analysis, i: usize) -> Vec<String> {
        a.actors[i]
            .affiliations
            .iter()
            .map(|f| f.name.clone())
            .collect()
    }

    const P: ActorKind = ActorKind::Person;
    const O: ActorKind = ActorKind::Org;

    #[test]
    fn appositive_after_name() {
        let a = run(
            "\"No,\" said Teo Marr, deputy spokesman of the Dock Union, on Friday.",
            &[("Teo Marr", P), ("Dock Union", O)],
        );
        assert_eq!(
            roles(&a, 0),
            vec![("deputy spokesman".into(), Some("Dock Union".into()))]
        );
        assert_eq!(affiliations(&a, 0), vec!["Dock Union".to_string()]);
    }

    #[test]
    fn possessive_title() {
        let a = run(
            "The talks were led by the Dock Union's acting interior minister Teo Marr.",
            &[("Teo Marr", P), ("Dock Union", O)],
        );
        assert_eq!(
            roles(&a, 0),
            vec![("acting interior minister".into(), Some("Dock Union".into()))]
        );
        assert_eq!(affiliations(&a, 0), vec!["Dock Union".to_string()]);
    }

    #[test]
    fn premodifier_with_organisation() {
        let a = run(
            "Yesterday DU chief Teo Marr left.",
            &[("Teo Marr", P), ("DU", O)],
        );
        assert_eq!(roles(&a, 0), vec![("chief".into(), Some("DU".into()))]);
    }

    #[test]
    fn demonym_premodifier_gives_country() {
        let a = run(
            "On Monday German Chancellor Anna Berg spoke.",
            &[("Anna Berg", P)],
        );
        assert_eq!(roles(&a, 0), vec![("Chancellor".into(), None)]);
        assert_eq!(affiliations(&a, 0), vec!["Germany".to_string()]);
    }

    #[test]
    fn appositive_before_name() {
        let a = run(
            "The Pakistani Ambassador to Northland, Anna Berg, said nothing.",
            &[("Anna Berg", P), ("Northland", ActorKind::Gpe)],
        );
        assert_eq!(
            roles(&a, 0),
            vec![("Ambassador".into(), Some("Northland".into()))]
        );
        // an ambassador *to* a country is no allegiance to it; the demonym is
        assert_eq!(affiliations(&a, 0), vec!["Pakistan".to_string()]);
    }

    #[test]
    fn description_before_possessive_chain() {
        let a = run(
            "The chief of the Blue Network, the Dock Union's acting minister Teo Marr, is said to mediate.",
            &[("Teo Marr", P), ("Dock Union", O), ("Blue Network", O)],
        );
        let r = roles(&a, 0);
        assert!(
            r.contains(&("acting minister".into(), Some("Dock Union".into()))),
            "{r:?}"
        );
        assert!(
            r.contains(&("chief".into(), Some("Blue Network".into()))),
            "{r:?}"
        );
    }

    #[test]
    fn no_role_without_title_word() {
        let a = run("Teo Marr, who arrived late, sat down.", &[("Teo Marr", P)]);
        assert!(a.actors[0].roles.is_empty());
    }
}
