//! Reported speech: content around a cue word, with or without quotation marks.

use crate::model::Span;

use super::cues::CueClass;
use super::phrases::{nominal_is_source, subject_ok_for_act};
use super::{Candidate, Cx, Np, NpKind, confidence, is_source_noun, lex, rules};

/// An adverb that may open a participial clause after a comma (", even suggesting ...").
fn is_clause_adverb(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ly") && w != "family")
        || matches!(w, "even" | "also" | "then" | "again" | "still" | "later")
}

impl Cx<'_> {
    /// Where a cue's forward content starts: after an addressee, adjuncts and "that".
    pub(super) fn content_start(&self, after_cue: usize, class: CueClass, hi: usize) -> usize {
        let mut i = self.skip_adjuncts(after_cue, hi);
        if class == CueClass::Tell {
            if let Some(np) = self.np_after(i, hi)
                && (!matches!(self.low(np.hi), "that") || np.kind != NpKind::Pronoun)
            {
                i = np.hi;
            }
            if self.is_punct(i, ",") || self.is_punct(i, ":") {
                i += 1;
            }
        }
        // "said in a statement that ...", "said at a news conference on Friday that ..."
        if matches!(
            self.low(i),
            "in" | "on" | "at" | "during" | "after" | "via" | "to" | "from"
        ) {
            let mut k = i;
            while k < hi && k - i < 12 && !self.is_quote_tok(k) {
                if self.low(k) == "that" {
                    return k + 1;
                }
                if self.is_punct(k, ",") || self.is_punct(k, ":") {
                    return k + 1;
                }
                k += 1;
            }
        }
        i = self.skip_adjuncts(i, hi);
        if self.low(i) == "that" || self.is_punct(i, ":") || self.is_punct(i, ",") {
            i += 1;
        }
        i
    }

    /// The last token of forward content starting at `lo`: the sentence end, or before a
    /// participial cue (", adding that ..."), or before ", according to".
    pub(super) fn content_end(&self, lo: usize, hi: usize) -> usize {
        let mut k = lo;
        while k < hi {
            if self.in_segment(k) {
                k += 1;
                continue;
            }
            // a dash opens an aside ("impulses - it has also ..."); "and said" a new statement
            if self.is_punct(k, "-") || self.is_punct(k, "\u{2014}") || self.is_punct(k, "\u{2013}")
            {
                return k;
            }
            if matches!(
                self.low(k),
                "and" | "but" | "while" | "although" | "though" | "yet"
            ) && k > lo
            {
                // "... and said she would", "..., but she denied that": a new statement
                let mut n = k + 1;
                if let Some(np) = self.np_after(n, hi) {
                    let subject_like = match np.kind {
                        NpKind::Pronoun | NpKind::Mention(_) => true,
                        NpKind::Nominal { head } => self.toks.get(head).is_some_and(|t| t.cap),
                    };
                    if subject_like && self.cue_at(np.lo).is_none() {
                        n = np.hi;
                    }
                }
                while n < hi
                    && (lex().auxiliaries.contains(self.low(n)) || self.low(n).ends_with("ly"))
                {
                    n += 1;
                }
                if self.cue_at(n).is_some() && self.low(n + 1) != "by" {
                    return if self.is_punct(k - 1, ",") { k - 1 } else { k };
                }
            }
            if self.is_punct(k, ",") || self.is_punct(k, ";") {
                let w = self.low(k + 1);
                // "..., the source added.": another attribution closes the sentence
                if self.is_punct(k, ",") && self.attribution_ends(k + 1, hi) {
                    return k;
                }
                // ", even suggesting ...", ", later adding ...": an adverb may open the clause
                let v = if is_clause_adverb(w) { k + 2 } else { k + 1 };
                let vw = self.low(v);
                let participle = vw.ends_with("ing") && self.cue_at(v).is_some();
                // ", encouraging his supporters to ...": a participial clause of its own
                let clause = vw.len() > 5
                    && vw.ends_with("ing")
                    && self.toks.get(v).is_some_and(|t| !t.cap)
                    && !lex().ing_nouns.contains(vw);
                // "Ana Velloro, who has not been charged": an aside about a name
                // ", which makes him an outlier": a comment of the writer's
                let relative = w == "which"
                    || (w == "who" && self.toks.get(k.wrapping_sub(1)).is_some_and(|t| t.cap));
                if participle
                    || clause
                    || relative
                    || w == "according"
                    || (w == "and"
                        && self.low(k + 2).ends_with("ing")
                        && self.cue_at(k + 2).is_some())
                {
                    return k;
                }
            }
            k += 1;
        }
        hi
    }

    /// True when tokens from `i` read "SPEAKER CUE [adjuncts]" up to the sentence end
    /// ("the source added.", "officials said on Friday.").
    pub(super) fn attribution_ends(&self, i: usize, hi: usize) -> bool {
        let Some(np) = self.np_after(i, hi) else {
            return false;
        };
        let mut k = np.hi;
        while k < hi && lex().auxiliaries.contains(self.low(k)) {
            k += 1;
        }
        let Some((class, after)) = self.cue_at(k) else {
            return false;
        };
        let end = self.adjunct_run(self.skip_adjuncts(after, hi), hi);
        class != CueClass::Act
            && (end >= hi
                || self.is_punct(end, ".")
                || self.is_punct(end, "?")
                || self.is_punct(end, "!"))
    }
}

/// Rule 3: reported speech around cue words, skipping cues that direct quotes already used.
pub(super) fn reported_quotes(cx: &Cx, cands: &mut Vec<Candidate>) {
    let mut used_cues: Vec<Span> = cands.iter().filter_map(|c| c.cue).collect();
    used_cues.sort_unstable();
    let mut direct: Vec<Span> = cands.iter().map(|c| c.span).collect();
    direct.sort_unstable();
    // Cues never overlap one another much: the used cue starting last before `cue` ends, and
    // the one before it, are the only ones that can overlap it.
    let cue_used = |cue: &Span| {
        let i = used_cues.partition_point(|u| u.start < cue.end);
        used_cues[i.saturating_sub(4)..i]
            .iter()
            .any(|u| u.overlaps(cue))
    };
    let mut out = Vec::new();
    for &(lo, hi, sent) in &cx.sents {
        if cx.budget.over() {
            break;
        }
        // Content and speaker rules scan the sentence around each cue.
        let len = hi.saturating_sub(lo);
        cx.budget.tick(len * len);
        let mut i = lo;
        while i < hi {
            // "according to X, ..." / "..., according to X."
            if cx.low(i) == "according" && cx.low(i + 1) == "to" && !cx.in_segment(i) {
                if let Some(c) = according_to(cx, i, lo, hi, sent) {
                    out.push(c);
                }
                i += 2;
                continue;
            }
            let Some((class, after)) = cx.cue_at(i) else {
                i += 1;
                continue;
            };
            let cue = cx.span_of(i, after);
            if cx.in_segment(i) || cue_used(&cue) {
                i = after;
                continue;
            }
            if let Some(c) = reported_at(cx, i, after, class, lo, hi, sent) {
                out.push(c);
            }
            i = after;
        }
    }
    // A reported quote that is only a direct quote again adds nothing. Direct quotes never
    // overlap one another, so only the ones near the reported quote's start can matter.
    out.retain(|c: &Candidate| {
        let i = direct.partition_point(|d| d.start <= c.span.start);
        let (from, to) = (i.saturating_sub(2), (i + 4).min(direct.len()));
        !direct[from..to].iter().any(|d| {
            d.contains(&c.span) || (c.span.contains(d) && d.len() * 10 >= c.span.len() * 9)
        })
    });
    cands.extend(out);
}

/// One reported quote around the cue at tokens `[i, after)` of the sentence `[lo, hi)`.
pub(super) fn reported_at(
    cx: &Cx,
    i: usize,
    after: usize,
    class: CueClass,
    lo: usize,
    hi: usize,
    sent: Span,
) -> Option<Candidate> {
    let cue = cx.span_of(i, after);
    let w = cx.low(i);
    // Participles (", adding that") and coordinated verbs ("and said", "but has said") share
    // the subject of the clause they hang on.
    let before_aux = cx.skip_aux_back(i, lo);
    let prev_word = cx.low(before_aux.wrapping_sub(1));
    let participle =
        (w.ends_with("ing") && i > lo && (cx.is_punct(i - 1, ",") || cx.low(i - 1) == "and"))
            || (before_aux > lo && matches!(prev_word, "and" | "but"));
    // Passives ("was told", "has been charged with") and reduced relatives ("maintained by")
    // report nothing said by the subject.
    let prev = cx.low(i.wrapping_sub(1));
    let passive = !w.ends_with("ing")
        && (matches!(
            prev,
            "be" | "been" | "being" | "is" | "are" | "was" | "were"
        ) || cx.low(after) == "by");
    if passive {
        return None;
    }
    let subj_end = cx.skip_aux_back(i, lo);
    let mut subj = if participle {
        None
    } else {
        cx.np_before(subj_end, lo)
    };
    let mut participle = participle;
    if let Some(np) = subj
        && let NpKind::Nominal { head } = np.kind
        && !nominal_is_source(cx, head)
    {
        // "a series of tweets early Friday saying that ...": a participle after all
        if w.ends_with("ing") {
            subj = None;
            participle = true;
        } else {
            return None;
        }
    }
    let mut rest = cx.adjunct_run(cx.skip_adjuncts(after, hi), hi);
    // "..., Velloro told the Vellmar Courier on Thursday.": step over the addressee
    if class == CueClass::Tell
        && let Some(np) = cx.np_after(rest, hi)
    {
        let r = cx.adjunct_run(cx.skip_adjuncts(np.hi, hi), hi);
        if r >= hi || [".", ",", ";", "?"].iter().any(|p| cx.is_punct(r, p)) {
            rest = r;
        }
    }
    let at_clause_end = rest >= hi
        || cx.is_punct(rest, ".")
        || cx.is_punct(rest, ",")
        || cx.is_punct(rest, ";")
        || cx.is_punct(rest, "?");
    let site = CueSite {
        i,
        after,
        class,
        lo,
        hi,
        sent,
        cue,
        rest,
    };
    if participle {
        return reported_participle(cx, &site);
    }
    let Some(np) = subj else {
        return reported_cue_before_speaker(cx, &site);
    };
    if class == CueClass::Act && !subject_ok_for_act(cx, &np) {
        return None;
    }
    let start = cx.title_start(np.lo, lo);
    if at_clause_end && class != CueClass::Act && start > lo && cx.is_punct(start - 1, ",") {
        return reported_content_before_speaker(cx, &site, np, start);
    }
    if let Some(c) = reported_as_clause(cx, &site, np, start) {
        return Some(c);
    }
    if at_clause_end {
        return None;
    }
    reported_speaker_before_content(cx, &site, np)
}

/// A cue in its sentence, with what the rules need to know about it.
pub(super) struct CueSite {
    /// The cue's tokens `[i, after)`.
    i: usize,
    after: usize,
    class: CueClass,
    /// The sentence's tokens `[lo, hi)` and its text span.
    lo: usize,
    hi: usize,
    sent: Span,
    cue: Span,
    /// The token after the cue's adjuncts (and addressee).
    rest: usize,
}

impl CueSite {
    fn candidate(
        &self,
        span: Span,
        parts: Vec<Span>,
        np: Option<Np>,
        confidence: f32,
        rule: &'static str,
    ) -> Candidate {
        Candidate {
            rule,
            span,
            parts,
            direct: false,
            cue: Some(self.cue),
            inherit: np.is_none(),
            np,
            sentence: self.sent,
            confidence,
        }
    }
}

/// Rule `quote.reported_participle`: ", adding that ...", "and said ...": the content after
/// the cue; the speaker is the subject of the clause the participle hangs on.
pub(super) fn reported_participle(cx: &Cx, s: &CueSite) -> Option<Candidate> {
    if s.class == CueClass::Act && !cx.is_word(s.rest) {
        return None;
    }
    let start = cx.content_start(s.after, s.class, s.hi);
    let end = cx.content_end(start, s.hi);
    let (a, b) = cx.trim_range(start, end);
    if cx.word_count(a, b) < 2 {
        return None;
    }
    Some(s.candidate(
        cx.span_of(a, b),
        Vec::new(),
        None,
        confidence::REPORTED_PARTICIPLE,
        rules::REPORTED_PARTICIPLE,
    ))
}

/// Rule `quote.reported_content_before_speaker`: "CONTENT, X said." and "A, X said, B." (two
/// parts); `start` is where the speaker's phrase (with its titles) starts.
pub(super) fn reported_content_before_speaker(
    cx: &Cx,
    s: &CueSite,
    np: Np,
    start: usize,
) -> Option<Candidate> {
    let (a, b) = cx.trim_range(content_left_start(cx, s.lo, start), start - 1);
    if cx.word_count(a, b) < 2 || (cx.word_count(a, b) < 3 && !cx.is_punct(s.rest, ",")) {
        return None;
    }
    let first = cx.span_of(a, b);
    let mut parts = Vec::new();
    let mut span = first;
    if cx.is_punct(s.rest, ",") {
        let end = cx.content_end(s.rest + 1, s.hi);
        let (c, d) = cx.trim_range(s.rest + 1, end);
        let second_is_cue = cx.cue_at(c).is_some_and(|_| cx.low(c).ends_with("ing"));
        if cx.word_count(c, d) >= 2 && !second_is_cue {
            let second = cx.span_of(c, d);
            parts = vec![first, second];
            span = Span::new(first.start, second.end);
        }
    }
    Some(s.candidate(
        span,
        parts,
        Some(np),
        confidence::REPORTED_CONTENT_BEFORE_SPEAKER,
        rules::REPORTED_CONTENT_BEFORE_SPEAKER,
    ))
}

/// Rule `quote.reported_as_clause`: "As Velloro noted, CONTENT.": the clause opens the sentence
/// (or follows "and"/"but"/"yet") and the content follows its comma.
pub(super) fn reported_as_clause(cx: &Cx, s: &CueSite, np: Np, start: usize) -> Option<Candidate> {
    // the titles before a name may have taken in a capitalised "As" opening the sentence
    let as_at = if cx.low(start) == "as" {
        Some(start)
    } else {
        start
            .checked_sub(1)
            .filter(|&a| a >= s.lo && cx.low(a) == "as")
    };
    let opens = as_at.is_some_and(|a| {
        a == s.lo || !cx.is_word(a - 1) || matches!(cx.low(a - 1), "and" | "but" | "yet")
    });
    if s.class == CueClass::Act || !cx.is_punct(s.rest, ",") || !opens {
        return None;
    }
    let end = cx.content_end(s.rest + 1, s.hi);
    let (a, b) = cx.trim_range(s.rest + 1, end);
    if cx.word_count(a, b) < 3 {
        return None;
    }
    Some(s.candidate(
        cx.span_of(a, b),
        Vec::new(),
        Some(np),
        confidence::REPORTED_AS_CLAUSE,
        rules::REPORTED_AS_CLAUSE,
    ))
}

/// Rule `quote.reported_speaker_before_content`: "X said (that) CONTENT", "X told Y CONTENT",
/// "X urged Y to ...". `X said "..."` alone is a direct quote, found already.
pub(super) fn reported_speaker_before_content(cx: &Cx, s: &CueSite, np: Np) -> Option<Candidate> {
    let start = cx.content_start(s.after, s.class, s.hi);
    let end = cx.content_end(start, s.hi);
    let (a, b) = cx.trim_range(start, end);
    let min_words = if s.class == CueClass::Act { 1 } else { 2 };
    if cx.word_count(a, b) < min_words {
        return None;
    }
    let conf = match np.kind {
        NpKind::Mention(_) | NpKind::Pronoun => confidence::REPORTED_SPEAKER_BEFORE_CONTENT,
        NpKind::Nominal { .. } => confidence::REPORTED_DESCRIPTION_BEFORE_CONTENT,
    };
    Some(s.candidate(
        cx.span_of(a, b),
        Vec::new(),
        Some(np),
        conf,
        rules::REPORTED_SPEAKER_BEFORE_CONTENT,
    ))
}

/// Rule `quote.reported_cue_before_speaker`: "CONTENT, said X." / "CONTENT, says the mayor".
pub(super) fn reported_cue_before_speaker(cx: &Cx, s: &CueSite) -> Option<Candidate> {
    if s.class == CueClass::Act || s.i == s.lo || !cx.is_punct(s.i - 1, ",") {
        return None;
    }
    let np = cx.np_after(s.after, s.hi)?;
    let tail = cx.skip_adjuncts(np.hi, s.hi);
    let tail_ok = tail >= s.hi
        || cx.is_punct(tail, ".")
        || cx.is_punct(tail, ",")
        || matches!(np.kind, NpKind::Mention(_));
    if !tail_ok {
        return None;
    }
    let (a, b) = cx.trim_range(content_left_start(cx, s.lo, s.i), s.i - 1);
    if cx.word_count(a, b) < 3 {
        return None;
    }
    Some(s.candidate(
        cx.span_of(a, b),
        Vec::new(),
        Some(np),
        confidence::REPORTED_CUE_BEFORE_SPEAKER,
        rules::REPORTED_CUE_BEFORE_SPEAKER,
    ))
}

/// Where content to the left of a reporting clause starts: the sentence start, or after a colon.
pub(super) fn content_left_start(cx: &Cx, lo: usize, before: usize) -> usize {
    let mut k = before;
    while k > lo {
        k -= 1;
        if cx.is_punct(k, ":") || cx.is_punct(k, ";") {
            return k + 1;
        }
    }
    lo
}

/// "According to X, CONTENT." or "CONTENT, according to X."
pub(super) fn according_to(
    cx: &Cx,
    i: usize,
    lo: usize,
    hi: usize,
    sent: Span,
) -> Option<Candidate> {
    let cue = cx.span_of(i, i + 2);
    let np = cx.np_after(i + 2, hi)?;
    // Reports and data are sources without a speaker; keep them only with a named source.
    let named = match np.kind {
        NpKind::Mention(_) => true,
        NpKind::Pronoun => false,
        NpKind::Nominal { head } => {
            let w = cx.low(head);
            let name = cx.toks.get(head).is_some_and(|t| t.cap);
            (is_source_noun(w) || name) && !matches!(w, "report" | "reports" | "media")
        }
    };
    if !named {
        return None;
    }
    // content after: skip the source phrase and its appositives to the next comma
    let mut k = np.hi;
    while k < hi && !cx.is_punct(k, ",") && !cx.is_punct(k, ".") {
        k += 1;
    }
    let (a, b) = if i == lo || (i > lo && !cx.is_punct(i - 1, ",")) {
        if !cx.is_punct(k, ",") {
            return None;
        }
        let end = cx.content_end(k + 1, hi);
        cx.trim_range(k + 1, end)
    } else {
        cx.trim_range(content_left_start(cx, lo, i), i - 1)
    };
    if cx.word_count(a, b) < 3 {
        return None;
    }
    Some(Candidate {
        span: cx.span_of(a, b),
        parts: Vec::new(),
        direct: false,
        cue: Some(cue),
        np: Some(np),
        inherit: false,
        sentence: sent,
        confidence: confidence::ACCORDING_TO,
        rule: rules::ACCORDING_TO,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{P, found};
    use super::super::{confidence, rules};

    fn one(
        text: &str,
        actors: &[(&str, crate::model::ActorKind)],
    ) -> (String, String, String, f32) {
        let f = found(text, actors);
        assert_eq!(f.len(), 1, "{f:?}");
        f.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn speaker_before_content() {
        let q = one(
            "Ana Velloro said the ferry would run again next week.",
            &[("Ana Velloro", P)],
        );
        assert_eq!(q.0, "the ferry would run again next week");
        assert_eq!(q.1, "Ana Velloro");
        assert_eq!(q.2, rules::REPORTED_SPEAKER_BEFORE_CONTENT);
        assert_eq!(q.3, confidence::REPORTED_SPEAKER_BEFORE_CONTENT);
    }

    #[test]
    fn description_before_content_is_trusted_less() {
        let q = one("Port officials said the ferry would run again.", &[]);
        assert_eq!(q.1, "Port officials");
        assert_eq!(q.3, confidence::REPORTED_DESCRIPTION_BEFORE_CONTENT);
    }

    #[test]
    fn content_before_speaker() {
        let q = one(
            "The ferry will run again next week, Ana Velloro said.",
            &[("Ana Velloro", P)],
        );
        assert_eq!(q.0, "The ferry will run again next week");
        assert_eq!(q.2, rules::REPORTED_CONTENT_BEFORE_SPEAKER);
        assert_eq!(q.3, confidence::REPORTED_CONTENT_BEFORE_SPEAKER);
    }

    #[test]
    fn cue_before_speaker() {
        let q = one(
            "The ferry will run again next week, said the harbour master.",
            &[],
        );
        assert_eq!(q.1, "harbour master");
        assert_eq!(q.2, rules::REPORTED_CUE_BEFORE_SPEAKER);
        assert_eq!(q.3, confidence::REPORTED_CUE_BEFORE_SPEAKER);
    }

    #[test]
    fn participle_takes_the_clause_subject() {
        let f = found(
            "Ana Velloro praised the crews, adding that the ferry would run again.",
            &[("Ana Velloro", P)],
        );
        let q = f.iter().find(|q| q.2 == rules::REPORTED_PARTICIPLE);
        let q = q.cloned().unwrap_or_default();
        assert_eq!(q.0, "the ferry would run again");
        assert_eq!(q.1, "Ana Velloro");
        assert_eq!(q.3, confidence::REPORTED_PARTICIPLE);
    }

    #[test]
    fn as_clause_before_content() {
        let q = one(
            "As Ana Velloro noted, the ferry has not run since March.",
            &[("Ana Velloro", P)],
        );
        assert_eq!(q.0, "the ferry has not run since March");
        assert_eq!(q.1, "Ana Velloro");
        assert_eq!(q.2, rules::REPORTED_AS_CLAUSE);
        assert_eq!(q.3, confidence::REPORTED_AS_CLAUSE);
    }

    #[test]
    fn according_to_a_named_source() {
        let q = one(
            "The ferry will run again next week, according to Ana Velloro.",
            &[("Ana Velloro", P)],
        );
        assert_eq!(q.1, "Ana Velloro");
        assert_eq!(q.2, rules::ACCORDING_TO);
        assert_eq!(q.3, confidence::ACCORDING_TO);
    }

    #[test]
    fn an_adverb_before_a_participle_still_ends_the_content() {
        let f = found(
            "The mayor complained about the delays, even suggesting that the crews were paid off.",
            &[],
        );
        assert!(f.iter().any(|q| q.0 == "about the delays"), "{f:?}");
    }
}
