//! Reported speech: content around a cue word, with or without quotation marks.

use crate::model::Span;

use super::cues::CueClass;
use super::phrases::{nominal_is_source, subject_ok_for_act};
use super::{Candidate, Cx, Np, NpKind, is_source_noun, lex, rules};

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
                // "Ana Ruiz, who has not been charged": an aside about a name
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
    // "..., Graham told The Huffington Post on Thursday.": step over the addressee
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
    let mk = |span: Span,
              parts: Vec<Span>,
              np: Option<Np>,
              inherit: bool,
              conf: f32,
              rule: &'static str| {
        let direct_inside = false;
        Candidate {
            rule,
            span,
            parts,
            direct: direct_inside,
            cue: Some(cue),
            np,
            inherit,
            sentence: sent,
            confidence: conf,
        }
    };
    if participle {
        if class == CueClass::Act && !cx.is_word(rest) {
            return None;
        }
        let start = cx.content_start(after, class, hi);
        let end = cx.content_end(start, hi);
        let (a, b) = cx.trim_range(start, end);
        if cx.word_count(a, b) < 2 {
            return None;
        }
        return Some(mk(
            cx.span_of(a, b),
            Vec::new(),
            None,
            true,
            0.6,
            rules::REPORTED_PARTICIPLE,
        ));
    }
    match subj {
        Some(np) => {
            if class == CueClass::Act && !subject_ok_for_act(cx, &np) {
                return None;
            }
            let start = cx.title_start(np.lo, lo);
            let before_subject = start > lo && cx.is_punct(start - 1, ",");
            if at_clause_end && before_subject && class != CueClass::Act {
                // "..., X said." or "A, X said, B."
                let (a, b) = cx.trim_range(content_left_start(cx, lo, start), start - 1);
                if cx.word_count(a, b) < 2 || (cx.word_count(a, b) < 3 && !cx.is_punct(rest, ",")) {
                    return None;
                }
                let first = cx.span_of(a, b);
                let mut parts = Vec::new();
                let mut span = first;
                if cx.is_punct(rest, ",") {
                    let end = cx.content_end(rest + 1, hi);
                    let (c, d) = cx.trim_range(rest + 1, end);
                    let second_is_cue = cx.cue_at(c).is_some_and(|_| cx.low(c).ends_with("ing"));
                    if cx.word_count(c, d) >= 2 && !second_is_cue {
                        let second = cx.span_of(c, d);
                        parts = vec![first, second];
                        span = Span::new(first.start, second.end);
                    }
                }
                return Some(mk(
                    span,
                    parts,
                    Some(np),
                    false,
                    0.7,
                    rules::REPORTED_CONTENT_BEFORE_SPEAKER,
                ));
            }
            // "As Ruiz noted, CONTENT.": the clause opens the sentence, the content follows it
            if class != CueClass::Act
                && cx.is_punct(rest, ",")
                && start > lo
                && cx.low(start - 1) == "as"
                && (start - 1 == lo
                    || !cx.is_word(start - 2)
                    || matches!(cx.low(start - 2), "and" | "but" | "yet"))
            {
                let end = cx.content_end(rest + 1, hi);
                let (a, b) = cx.trim_range(rest + 1, end);
                if cx.word_count(a, b) < 3 {
                    return None;
                }
                return Some(mk(
                    cx.span_of(a, b),
                    Vec::new(),
                    Some(np),
                    false,
                    0.65,
                    rules::REPORTED_AS_CLAUSE,
                ));
            }
            if at_clause_end {
                return None;
            }
            let start = cx.content_start(after, class, hi);
            let end = cx.content_end(start, hi);
            let (a, b) = cx.trim_range(start, end);
            let min_words = if class == CueClass::Act { 1 } else { 2 };
            if cx.word_count(a, b) < min_words {
                return None;
            }
            // `X said "..."` is a direct quote; those were found already.
            let conf = match np.kind {
                NpKind::Mention(_) | NpKind::Pronoun => 0.75,
                NpKind::Nominal { .. } => 0.6,
            };
            Some(mk(
                cx.span_of(a, b),
                Vec::new(),
                Some(np),
                false,
                conf,
                rules::REPORTED_SPEAKER_BEFORE_CONTENT,
            ))
        }
        None => {
            // VS order: "..., said X." / "..., says the mayor"
            if class == CueClass::Act || i == lo || !cx.is_punct(i - 1, ",") {
                return None;
            }
            let np = cx.np_after(after, hi)?;
            let tail = cx.skip_adjuncts(np.hi, hi);
            let tail_ok = tail >= hi
                || cx.is_punct(tail, ".")
                || cx.is_punct(tail, ",")
                || matches!(np.kind, NpKind::Mention(_));
            if !tail_ok {
                return None;
            }
            let (a, b) = cx.trim_range(content_left_start(cx, lo, i), i - 1);
            if cx.word_count(a, b) < 3 {
                return None;
            }
            Some(mk(
                cx.span_of(a, b),
                Vec::new(),
                Some(np),
                false,
                0.7,
                rules::REPORTED_CUE_BEFORE_SPEAKER,
            ))
        }
    }
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
        confidence: 0.7,
        rule: rules::ACCORDING_TO,
    })
}
