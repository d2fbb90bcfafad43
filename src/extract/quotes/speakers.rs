//! Speakers: mentions, pronouns resolved to actors, descriptions and inherited speakers.

use crate::model::{ActorKind, FoundQuote, Span, Speaker};

use super::{Candidate, Cx, Gender, Np, NpKind, lex};
use crate::extract::budget::LOOKBACK;
use crate::extract::lexicon;

impl Cx<'_> {
    /// Gender votes per person actor: honorifics, role words, given names, and which of he/she
    /// follows the actor's mentions in the same sentence.
    pub(super) fn genders(&self) -> Vec<Option<Gender>> {
        let mut votes = vec![(0i32, 0i32); self.analysis.actors.len()];
        for (i, a) in self.analysis.actors.iter().enumerate() {
            if a.kind != ActorKind::Person {
                continue;
            }
            let Some(v) = votes.get_mut(i) else { continue };
            // The first word of the name found in the census lists of given names
            // (`assets/lexicon/given_names_*.txt`): a name may open with a nickname or an epithet.
            let female = lexicon::female_given_names();
            let male = lexicon::male_given_names();
            let given = a
                .name
                .split_whitespace()
                .map(str::to_lowercase)
                .find(|w| female.contains(w) || male.contains(w));
            if let Some(first) = given {
                if female.contains(&first) {
                    v.1 += 2;
                }
                if male.contains(&first) {
                    v.0 += 2;
                }
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
}

/// Rule 4: turns candidates into quotes, resolving pronouns, descriptions and inherited speakers.
pub(super) fn resolve(cx: &Cx, cands: Vec<Candidate>) -> (Vec<FoundQuote>, Vec<&'static str>) {
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
pub(super) fn inherited(cx: &Cx, c: &Candidate, done: &[FoundQuote]) -> (Speaker, Option<Span>) {
    let prev = done
        .iter()
        .rev()
        .take(LOOKBACK)
        .find(|q| q.span.end <= c.span.start && !matches!(q.speaker, Speaker::Unknown));
    // A quote begun earlier in the same sentence ("X said A, adding that B"), even when its
    // quoted pieces reach past this one.
    let same_sentence = done.iter().rev().take(LOOKBACK).find(|q| {
        q.span.start < c.span.start
            && q.sentence.overlaps(&c.sentence)
            && !matches!(q.speaker, Speaker::Unknown)
    });
    if let Some(q) = same_sentence {
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
pub(super) fn sentence_subject(
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
pub(super) fn speaker_of(cx: &Cx, np: &Np, done: &[FoundQuote]) -> (Speaker, Option<Span>) {
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
            // "the mayor", "a senior official": a description stays a description even when the
            // article named a role holder earlier; news attributes such words to the role.
            let d = cx.description(np);
            if d.is_empty() {
                (Speaker::Unknown, Some(span))
            } else {
                (Speaker::Description(d), Some(span))
            }
        }
    }
}

pub(super) fn actor_by_last_word(cx: &Cx, word: &str) -> Option<usize> {
    let by_name = cx.by_last_word.get(word).copied();
    let by_alias = cx.by_alias.get(word).copied();
    match (by_name, by_alias) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The most recent compatible actor before token `at`, outside quotations: persons for he/she,
/// organisations and places for it/they (they falls back to the last plural description).
pub(super) fn resolve_pronoun(cx: &Cx, at: usize, done: &[FoundQuote]) -> Speaker {
    let w = cx.low(at);
    let pos = cx.toks.get(at).map_or(0, |t| t.span.start);
    let want_person = matches!(w, "he" | "she");
    let want_gender = match w {
        "he" => Some(Gender::Male),
        "she" => Some(Gender::Female),
        _ => None,
    };
    // "they" right after "Vellmari officials said ...": the description speaker.
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
        // Names inside reported content ("Velloro said Brandt is ...") are not the next speaker.
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
pub(super) fn person_like_description(d: &str) -> bool {
    let words: Vec<&str> = d.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A mention that reads as the subject of its clause: not after a preposition or a verb and
/// not a possessor ("of Anna Berg", "met Anna Berg", "Berg's").
pub(super) fn mention_is_subject(cx: &Cx, span: Span) -> bool {
    let first = cx.tok_at(span.start);
    let after = cx.tok_at(span.end);
    let possessive = matches!(
        cx.toks.get(after).map(|t| t.span.slice(cx.text)),
        Some("'" | "\u{2019}")
    ) && cx.low(after + 1) == "s";
    if possessive {
        return false;
    }
    // step over titles before the name ("Vellmari Harbour Master Tomas Brandt")
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
    // the first words of a sentence ("... 9 a.m. Ana Velloro says") are its subject
    if cx.sent_of.get(prev) != cx.sent_of.get(first) {
        return true;
    }
    let t = cx.toks.get(prev);
    if t.is_none_or(|t| !t.word || t.cap) {
        return true;
    }
    let w = cx.low(prev);
    cx.cue_at(prev).is_some() || lex().determiners.contains(w) || matches!(w, "and" | "but" | "as")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{P, run};

    #[test]
    fn a_coordinated_subject_goes_to_the_first_conjunct() {
        let (_, q) = run(
            "Ana Velloro and Tomas Brandt said the port would close.",
            &[("Ana Velloro", P), ("Tomas Brandt", P)],
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "Ana Velloro");
        let (_, q) = run(
            "The former mayor and port adviser said the port would close.",
            &[],
        );
        assert_eq!(q[0].1, "former mayor");
    }

    #[test]
    fn a_description_keeps_its_quantifier_and_loses_its_article() {
        let (_, q) = run("Other port officials said the port would close.", &[]);
        assert_eq!(q[0].1, "Other port officials");
        let (_, q) = run("The port officials said the port would close.", &[]);
        assert_eq!(q[0].1, "port officials");
    }

    #[test]
    fn a_dotted_abbreviation_stays_inside_a_description() {
        let (_, q) = run("The N.V. board said the port would close.", &[]);
        assert_eq!(q[0].1, "N.V. board");
    }

    #[test]
    fn a_given_name_after_an_epithet_still_gives_the_gender() {
        let (_, q) = run(
            "Zorvan Keth spoke first. Brave Mary Velloro arrived later. He said the port would close.",
            &[("Zorvan Keth", P), ("Brave Mary Velloro", P)],
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "Zorvan Keth");
    }

    #[test]
    fn a_name_opening_a_sentence_after_an_abbreviation_is_its_subject() {
        let (_, q) = run(
            "Zorvan Keth met the crews.\n\n9 a.m.\n\nAna Velloro arrived late. She said the port would close.",
            &[("Zorvan Keth", P), ("Ana Velloro", P)],
        );
        let last = q.last().cloned().unwrap_or_default();
        assert_eq!(last.1, "Ana Velloro");
    }
}
