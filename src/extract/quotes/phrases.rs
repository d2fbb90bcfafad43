//! Noun phrases around a cue: the speaker before it ("the mayor said"), after it ("said Ana
//! Velloro, the mayor"), appositives, descriptions and the adjuncts a clause may carry.

use crate::model::ActorKind;

use super::{Cx, Np, NpKind, in_list, is_source_noun, lex};

/// How far a description reaches back from its head, in tokens ("the veteran harbour pilot
/// Ana Velloro's family doctor" is nine).
const MAX_DESCRIPTION_TOKENS: usize = 10;

impl Cx<'_> {
    /// Moves left from `i` (exclusive) over auxiliaries and adverbs; returns the new end.
    pub(super) fn skip_aux_back(&self, mut i: usize, lo: usize) -> usize {
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
    pub(super) fn np_before(&self, end: usize, lo: usize) -> Option<Np> {
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
                let np = Np {
                    lo: mlo,
                    hi: end,
                    kind: NpKind::Mention(m),
                };
                return Some(self.first_conjunct(np, lo));
            }
        }
        let np = self.nominal_before(end, lo)?;
        if let Some(p) = self.head_before_preposition(np.lo, lo) {
            return Some(p);
        }
        Some(self.first_conjunct(np, lo))
    }

    /// Coordinated subjects ("Ana Velloro and Tomas Brandt said", "the mayor and the governor
    /// said") are credited to the first conjunct, when it opens the clause; otherwise `np`.
    pub(super) fn first_conjunct(&self, np: Np, lo: usize) -> Np {
        if np.lo < lo + 2 || !matches!(self.low(np.lo - 1), "and" | "or") {
            return np;
        }
        let at = np.lo - 1;
        let Some(left) = self
            .mention_np(at, lo)
            .or_else(|| self.nominal_before(at, lo))
        else {
            return np;
        };
        let start = self.title_start(left.lo, lo);
        let opens_clause = start == lo || start.checked_sub(1).is_some_and(|p| !self.is_word(p));
        if opens_clause { left } else { np }
    }

    /// When token `at - 1` is a preposition inside a noun phrase, the phrase before it.
    pub(super) fn head_before_preposition(&self, at: usize, lo: usize) -> Option<Np> {
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

    pub(super) fn is_source_like(&self, head: usize) -> bool {
        let w = self.low(head);
        is_source_noun(w) || self.toks.get(head).is_some_and(|t| t.cap)
    }

    /// A description ending at `end`: content words back to a determiner or function word.
    pub(super) fn nominal_before(&self, end: usize, lo: usize) -> Option<Np> {
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
            // Possessive "Velloro's campaign": the apostrophe and "s" belong to the phrase.
            if w == "s"
                && k > lo
                && matches!(self.toks[k - 1].span.slice(self.text), "'" | "\u{2019}")
            {
                i = k - 1;
                continue;
            }
            if !self.is_word(k)
                || lex().np_function_words.contains(w)
                || head - k >= MAX_DESCRIPTION_TOKENS
            {
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
    pub(super) fn np_before_appositive(&self, comma: usize, lo: usize) -> Option<Np> {
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
    pub(super) fn mention_np(&self, end: usize, lo: usize) -> Option<Np> {
        let last = self.toks.get(end.checked_sub(1)?)?;
        let &m = self.mention_by_end.get(&last.span.end)?;
        let mlo = self.tok_at(self.analysis.mentions.get(m)?.span.start);
        (mlo >= lo).then_some(Np {
            lo: mlo,
            hi: end,
            kind: NpKind::Mention(m),
        })
    }

    pub(super) fn mention_kind(&self, m: usize) -> Option<ActorKind> {
        let a = self.analysis.mentions.get(m)?.actor;
        self.analysis.actors.get(a).map(|a| a.kind)
    }

    /// The noun phrase starting at token `i` ("said Marta Okoye, deputy ...", "said the mayor").
    pub(super) fn np_after(&self, i: usize, hi: usize) -> Option<Np> {
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
        // A mention ending the phrase names the speaker ("Harbour Council President Tomas
        // Brandt"); one inside it is a modifier ("the Vellmar businessman"), and one after "of"
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
    pub(super) fn title_start(&self, mut i: usize, lo: usize) -> usize {
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
    pub(super) fn name_run(&self, i: usize, hi: usize) -> Option<usize> {
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

    /// Text of a description: the phrase without its article, up to its head.
    pub(super) fn description(&self, np: &Np) -> String {
        let mut lo = np.lo;
        let head = match np.kind {
            NpKind::Nominal { head } => head,
            _ => np.hi.saturating_sub(1),
        };
        // Articles go; quantifiers stay ("another source", "other leaders", "few people").
        while lo < head && matches!(self.low(lo), "the" | "a" | "an") {
            lo += 1;
        }
        self.span_of(lo, head + 1).slice(self.text).to_string()
    }

    /// Adjunct words that may follow a cue before its content or end ("said on Friday").
    pub(super) fn skip_adjuncts(&self, mut i: usize, hi: usize) -> usize {
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

    /// Skips prepositional adjuncts with no clause in them ("in an interview", "on the radio",
    /// "from Port Vellmar"); returns `i` unchanged when the words there are not such an adjunct.
    pub(super) fn adjunct_run(&self, i: usize, hi: usize) -> usize {
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
}

/// A description can speak when its head is a source noun ("officials") or a name.
pub(super) fn nominal_is_source(cx: &Cx, head: usize) -> bool {
    let w = cx.low(head);
    if w.ends_with("ing") || lex().determiners.contains(w) || lex().time_words.contains(w) {
        return false;
    }
    is_source_noun(w) || cx.toks.get(head).is_some_and(|t| t.cap)
}

/// Weak cues ("urged", "cited") count only with a named, pronoun or source-noun subject.
pub(super) fn subject_ok_for_act(cx: &Cx, np: &Np) -> bool {
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
