//! Direct quotes: quoted segments with a reporting clause next to them.

use crate::model::Span;

use super::cues::CueClass;
use super::tokens::Segment;
use super::{Candidate, Cx, Np, confidence, lex, rules};

/// Rule 2: quoted segments with a reporting clause next to them, then the unattached ones
/// that continue the previous speaker.
pub(super) fn direct_quotes(cx: &Cx) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut used = vec![false; cx.segs.len()];
    for si in 0..cx.segs.len() {
        if si % 64 == 0 && cx.budget.over() {
            return out;
        }
        if used[si] {
            continue;
        }
        let Some(&seg) = cx.segs.get(si) else { break };
        let open = cx.tok_at(seg.span.start);
        let close = cx.tok_at(seg.span.end); // first token after the segment
        if cx.word_count(open, close) == 0 {
            continue;
        }
        if let Some(c) = direct_clause_after(cx, si, &mut used) {
            out.push(c);
        } else if let Some(c) = direct_clause_before(cx, seg) {
            used[si] = true;
            out.push(c);
        }
    }
    for (seg, _) in cx.segs.iter().zip(&used).filter(|(_, u)| !**u) {
        if let Some(c) = direct_continues_speaker(cx, *seg) {
            out.push(c);
        }
    }
    out
}

/// The text inside a segment without its closing marks.
fn without_closing_marks(s: &str) -> &str {
    s.trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}'])
}

/// The sentence of a segment, stretched to cover `span`.
fn sentence_around(cx: &Cx, open: usize, span: Span) -> Span {
    let sent = cx.sentence_of_tok(open).map_or(span, |(_, _, s)| s);
    Span::new(sent.start.min(span.start), sent.end.max(span.end))
}

/// Rule `quote.direct_clause_after`: `"...," said X` / `"...," X said`, and `"A," he said,
/// "B"` as one quote in two parts. Marks segment `si` (and a second part) as used.
pub(super) fn direct_clause_after(cx: &Cx, si: usize, used: &mut [bool]) -> Option<Candidate> {
    let seg = *cx.segs.get(si)?;
    let open = cx.tok_at(seg.span.start);
    let close = cx.tok_at(seg.span.end);
    let trimmed = without_closing_marks(cx.text.get(seg.span.start..seg.span.end).unwrap_or(""));
    // After a full stop inside the marks, a capitalised word starts the next sentence rather
    // than a clause.
    let full_stop = trimmed.ends_with('.');
    // A quote that a clause follows ends in punctuation (`"...,"` or `"..." ,`); without it
    // the words run on (`"plainly and wilfully" suggests that ...`).
    let ends_in_punct = trimmed.ends_with(['.', ',', '?', '!', ':', ';', '-', '\u{2014}'])
        || cx.is_punct(close, ",")
        || cx.is_punct(close, "\u{2014}");
    if (full_stop && cx.toks.get(close).is_some_and(|t| t.cap)) || !ends_in_punct {
        return None;
    }
    let (cue, np, clause_end) = clause_after(cx, close)?;
    if let Some(u) = used.get_mut(si) {
        *u = true;
    }
    let mut parts = vec![seg.span];
    let mut span = seg.span;
    // `"A," he said, "B"`: the next segment opens right after the clause.
    if let Some(next) = cx.segs.get(si + 1) {
        let between = cx.text.get(seg.span.end..next.span.start).unwrap_or("");
        let gap = cx.tok_at(next.span.start).saturating_sub(clause_end);
        // `"A," said Ana Velloro, who runs the port in Vellmar. "B"`: a long clause may stand
        // between the pieces when it ends in punctuation right before the next one.
        let tail_punct = between.trim_end().ends_with(['.', ',', ':']);
        let near = gap <= 2 || (tail_punct && gap <= 25);
        if !between.contains('\n') && near && used.get(si + 1) == Some(&false) {
            used[si + 1] = true;
            parts.push(next.span);
            span.end = next.span.end;
        }
    }
    Some(Candidate {
        span,
        parts: if parts.len() > 1 { parts } else { Vec::new() },
        direct: true,
        cue: Some(cue),
        np,
        inherit: np.is_none(),
        sentence: sentence_around(cx, open, span),
        confidence: confidence::DIRECT_CLAUSE_AFTER,
        rule: rules::DIRECT_CLAUSE_AFTER,
    })
}

/// Rule `quote.direct_clause_before`: `X said: "..."`. Without a colon or comma the quote must
/// end the clause (`He said "budget reforms" and ...` is a mixed quote, found as reported).
pub(super) fn direct_clause_before(cx: &Cx, seg: Segment) -> Option<Candidate> {
    let open = cx.tok_at(seg.span.start);
    let close = cx.tok_at(seg.span.end);
    let trimmed = without_closing_marks(cx.text.get(seg.span.start..seg.span.end).unwrap_or(""));
    let marked = open > 0 && (cx.is_punct(open - 1, ":") || cx.is_punct(open - 1, ","));
    let ends_clause = close >= cx.toks.len()
        || [".", ",", "?", "!", ";"]
            .iter()
            .any(|p| cx.is_punct(close, p))
        || cx
            .sentence_of_tok(open)
            .is_some_and(|(_, hi, _)| close >= hi)
        || trimmed.ends_with(['.', '?', '!']);
    if !(marked || ends_clause) {
        return None;
    }
    let (cue, np, inherit) = clause_before(cx, open)?;
    Some(Candidate {
        span: seg.span,
        parts: Vec::new(),
        direct: true,
        cue: Some(cue),
        np,
        inherit,
        sentence: sentence_around(cx, open, seg.span),
        confidence: confidence::DIRECT_CLAUSE_BEFORE,
        rule: rules::DIRECT_CLAUSE_BEFORE,
    })
}

/// Rule `quote.direct_continues_speaker`: a quoted segment with no clause of its own that
/// reads as a whole statement (six words or more, opening a sentence, ending in
/// punctuation) continues the previous speaker; shorter ones are scare quotes or titles.
pub(super) fn direct_continues_speaker(cx: &Cx, seg: Segment) -> Option<Candidate> {
    let open = cx.tok_at(seg.span.start);
    let close = cx.tok_at(seg.span.end);
    let words = cx.word_count(open, close);
    let starts_sentence = open == 0
        || cx
            .sentence_of_tok(open)
            .is_some_and(|(lo, _, _)| lo == open)
        || cx.is_punct(open.wrapping_sub(1), ":");
    let inner = cx.text.get(seg.span.start..seg.span.end).unwrap_or("");
    let ends_statement = without_closing_marks(inner).ends_with(['.', '?', '!', ',']);
    if words < 6 || !starts_sentence || !ends_statement {
        return None;
    }
    Some(Candidate {
        span: seg.span,
        parts: Vec::new(),
        direct: true,
        cue: None,
        np: None,
        inherit: true,
        sentence: sentence_around(cx, open, seg.span),
        confidence: confidence::DIRECT_CONTINUES_SPEAKER,
        rule: rules::DIRECT_CONTINUES_SPEAKER,
    })
}

/// A reporting clause starting at token `i` (right after a closing quotation mark):
/// returns the cue span, the speaker phrase and the token after the clause.
pub(super) fn clause_after(cx: &Cx, mut i: usize) -> Option<(Span, Option<Np>, usize)> {
    if cx.is_punct(i, ",") || cx.is_punct(i, "\u{2014}") {
        i += 1;
    }
    let hi = (i + 14).min(cx.toks.len());
    // VS: `said X`
    if let Some((class, after)) = cx.cue_at(i)
        && class != CueClass::Act
    {
        let np = cx.np_after(after, hi);
        let end = np.map_or(after, |n| n.hi);
        return Some((cx.span_of(i, after), np, clause_tail(cx, end, hi)));
    }
    // SV: `X said`, `he told reporters`
    if let Some(np) = cx.np_after(i, hi)
        && np.hi > i
    {
        let mut k = np.hi;
        // "Mr. Lund said in an interview": step over aux words
        while k < hi && lex().auxiliaries.contains(cx.low(k)) {
            k += 1;
        }
        if let Some((class, after)) = cx.cue_at(k)
            && class != CueClass::Act
        {
            return Some((cx.span_of(k, after), Some(np), clause_tail(cx, after, hi)));
        }
    }
    subject_then_cue(cx, i, hi)
}

/// `"...," SUBJECT said` where the subject is not a plain phrase (stray symbols inside a
/// badly encoded name, a long title): the first cue within a few tokens, with no clause
/// punctuation before it, and the noun phrase that ends right before it.
fn subject_then_cue(cx: &Cx, i: usize, hi: usize) -> Option<(Span, Option<Np>, usize)> {
    let limit = (i + 10).min(hi);
    let mut k = i;
    while k < limit {
        if [".", ",", ";", ":", "?", "!"]
            .iter()
            .any(|p| cx.is_punct(k, p))
            || cx.is_quote_tok(k)
        {
            return None;
        }
        if let Some((class, after)) = cx.cue_at(k) {
            if class == CueClass::Act || k == i {
                return None;
            }
            let np = cx.np_before(cx.skip_aux_back(k, i), i)?;
            // only names, titles and stray symbols before the phrase, never a clause of its own
            let titles_only = (i..np.lo).all(|t| cx.toks.get(t).is_some_and(|t| !t.word || t.cap));
            return titles_only
                .then(|| (cx.span_of(k, after), Some(np), clause_tail(cx, after, hi)));
        }
        k += 1;
    }
    None
}

/// The token after a reporting clause's adjuncts (up to the next punctuation mark).
pub(super) fn clause_tail(cx: &Cx, mut i: usize, hi: usize) -> usize {
    let limit = (i + 8).min(hi.max(i));
    while i < limit && !cx.is_quote_tok(i) {
        if cx.is_punct(i, ".") || cx.is_punct(i, ",") || cx.is_punct(i, ":") {
            // commas inside "in Tarrow, Vt., recently" are part of the clause; a clause of
            // its own (", arguing that ...") is not
            let next_quote = (i + 1..limit.min(i + 8)).find(|&k| cx.is_quote_tok(k));
            let place_or_time = |k: usize| {
                cx.toks.get(k).is_none_or(|t| !t.word || t.cap)
                    || cx.low(k).ends_with("ly")
                    || lex().time_words.contains(cx.low(k))
            };
            if let Some(q) = next_quote
                && (i + 1..q).all(|k| !cx.is_punct(k, ".") || k + 1 == q)
                && (i + 1..q).all(place_or_time)
            {
                return q;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// A reporting clause ending right before the opening quotation mark at token `open`.
/// Returns the cue, the speaker phrase and whether the speaker is inherited (participle).
pub(super) fn clause_before(cx: &Cx, open: usize) -> Option<(Span, Option<Np>, bool)> {
    let (lo, _, _) = cx.sentence_of_tok(open).unwrap_or((0, 0, Span::default()));
    let mut k = open;
    let colon = k > lo && (cx.is_punct(k - 1, ":") || cx.is_punct(k - 1, ","));
    if colon {
        k -= 1;
    }
    // After a colon the clause may be long ("told reporters on Friday:"); otherwise the mark
    // must follow the cue (and a comma) directly, or `said the plan was "a mistake"` would count.
    let reach = if colon && cx.is_punct(k, ":") {
        8
    } else if colon {
        2
    } else {
        0
    };
    // the cue must end within `reach` tokens before the mark
    let stop = k.saturating_sub(reach + 3).max(lo);
    let mut c = k;
    while c > stop {
        c -= 1;
        if cx.in_segment(c) {
            return None;
        }
        if let Some((class, after)) = cx.cue_at(c) {
            if after > k || k - after > reach {
                continue;
            }
            if class == CueClass::Act && !colon {
                return None;
            }
            let cue = cx.span_of(c, after);
            let w = cx.low(c);
            let participle = w.ends_with("ing") && c > lo && !cx.is_word(c - 1);
            let subj_end = cx.skip_aux_back(c, lo);
            let np = cx.np_before(subj_end, lo).or_else(|| cx.np_after(after, k));
            if participle || np.is_none() {
                return Some((cue, None, true));
            }
            return Some((cue, np, false));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::{P, found};
    use super::super::{confidence, rules};

    #[test]
    fn clause_after_the_quote() {
        let f = found(
            "\"The bridge opens in May,\" said Ana Velloro. Nobody asked why.",
            &[("Ana Velloro", P)],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "\"The bridge opens in May,\"");
        assert_eq!(f[0].1, "Ana Velloro");
        assert_eq!(f[0].2, rules::DIRECT_CLAUSE_AFTER);
        assert_eq!(f[0].3, confidence::DIRECT_CLAUSE_AFTER);
    }

    #[test]
    fn clause_after_a_subject_with_stray_symbols() {
        // a badly encoded name: the subject phrase is not one clean run of words
        let f = found(
            "\"We stay,\" Mayor Jos\u{00C3}\u{00A9} Velloro said on Monday.",
            &[("Velloro", P)],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, "Velloro");
        assert_eq!(f[0].2, rules::DIRECT_CLAUSE_AFTER);
    }

    #[test]
    fn clause_before_the_quote() {
        let f = found(
            "Ana Velloro told the council: \"The bridge opens in May.\"",
            &[("Ana Velloro", P)],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, "Ana Velloro");
        assert_eq!(f[0].2, rules::DIRECT_CLAUSE_BEFORE);
        assert_eq!(f[0].3, confidence::DIRECT_CLAUSE_BEFORE);
    }

    #[test]
    fn a_long_quote_without_a_clause_continues_the_speaker() {
        let f = found(
            "\"The bridge opens in May,\" said Ana Velloro.\n\n\"We have waited for it for many years.\"",
            &[("Ana Velloro", P)],
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].1, "Ana Velloro");
        assert_eq!(f[1].2, rules::DIRECT_CONTINUES_SPEAKER);
        assert_eq!(f[1].3, confidence::DIRECT_CONTINUES_SPEAKER);
    }

    #[test]
    fn a_comma_before_a_clause_of_its_own_does_not_join_the_next_quote() {
        let f = found(
            "\"Change is coming,\" the harbour master said, arguing that a \"fresh\" plan was ready.",
            &[],
        );
        assert_eq!(f[0].0, "\"Change is coming,\"");
        assert_eq!(f[0].1, "harbour master");
    }
}
