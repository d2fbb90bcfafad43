//! Direct quotes: quoted segments with a reporting clause next to them.

use crate::model::Span;

use super::cues::CueClass;
use super::{Candidate, Cx, Np, lex, rules};

/// Rule 2: quoted segments with a reporting clause next to them.
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
        let seg = cx.segs[si];
        let open = cx.tok_at(seg.span.start);
        let close = cx.tok_at(seg.span.end); // first token after the segment
        let inner = cx.word_count(open, close);
        if inner == 0 {
            continue;
        }
        let sent = cx.sentence_of_tok(open).map_or(seg.span, |(_, _, s)| s);
        // Reporting clause after: `"...," said X` / `"...," X said`. After a full stop inside the
        // marks, a capitalised word starts the next sentence rather than a clause.
        let inner_text = cx.text.get(seg.span.start..seg.span.end).unwrap_or("");
        let full_stop = inner_text
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}'])
            .ends_with('.');
        // A quote that a clause follows ends in punctuation (`"...,"` or `"..." ,`); without
        // it the words run on (`"unmistakably and wrongfully" suggests that ...`).
        let trimmed = inner_text.trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}']);
        let ends_in_punct = trimmed.ends_with(['.', ',', '?', '!', ':', ';', '-', '\u{2014}'])
            || cx.is_punct(close, ",")
            || cx.is_punct(close, "\u{2014}");
        let clause = if (full_stop && cx.toks.get(close).is_some_and(|t| t.cap)) || !ends_in_punct {
            None
        } else {
            clause_after(cx, close)
        };
        if let Some((cue, np, clause_end)) = clause {
            used[si] = true;
            let mut parts = vec![seg.span];
            let mut span = seg.span;
            // `"A," he said, "B"`: the next segment opens right after the clause.
            if let Some(next) = cx.segs.get(si + 1) {
                let between = cx.text.get(seg.span.end..next.span.start).unwrap_or("");
                let gap = cx.tok_at(next.span.start).saturating_sub(clause_end);
                // "who heads the centre in Mexico City. ''There is ...''": a long clause may stand
                // between the pieces when it ends in punctuation right before the next one.
                let tail_punct = between.trim_end().ends_with(['.', ',', ':']);
                let near = gap <= 2 || (tail_punct && gap <= 25);
                if !between.contains('\n') && near && !used[si + 1] {
                    used[si + 1] = true;
                    parts.push(next.span);
                    span.end = next.span.end;
                }
            }
            let sentence = Span::new(sent.start.min(span.start), sent.end.max(span.end));
            out.push(Candidate {
                span,
                parts: if parts.len() > 1 { parts } else { Vec::new() },
                direct: true,
                cue: Some(cue),
                np,
                inherit: np.is_none(),
                sentence,
                confidence: 0.9,
                rule: rules::DIRECT_CLAUSE_AFTER,
            });
            continue;
        }
        // Reporting clause before: `X said: "..."`. Without a colon or comma the quote must
        // end the clause (`He said "budget reforms" and ...` is a mixed quote).
        let marked = open > 0 && (cx.is_punct(open - 1, ":") || cx.is_punct(open - 1, ","));
        let ends_clause = close >= cx.toks.len()
            || [".", ",", "?", "!", ";"]
                .iter()
                .any(|p| cx.is_punct(close, p))
            || cx
                .sentence_of_tok(open)
                .is_some_and(|(_, hi, _)| close >= hi)
            || trimmed.ends_with(['.', '?', '!']);
        let before = if marked || ends_clause {
            clause_before(cx, open)
        } else {
            None
        };
        if let Some((cue, np, inherit)) = before {
            used[si] = true;
            out.push(Candidate {
                span: seg.span,
                parts: Vec::new(),
                direct: true,
                cue: Some(cue),
                np,
                inherit,
                sentence: Span::new(sent.start.min(seg.span.start), sent.end.max(seg.span.end)),
                confidence: 0.85,
                rule: rules::DIRECT_CLAUSE_BEFORE,
            });
        }
    }
    // Unattached segments that read as whole statements continue the previous speaker.
    for (seg, _) in cx.segs.iter().zip(&used).filter(|(_, u)| !**u) {
        let seg = *seg;
        let open = cx.tok_at(seg.span.start);
        let close = cx.tok_at(seg.span.end);
        let words = cx.word_count(open, close);
        let starts_sentence = open == 0
            || cx
                .sentence_of_tok(open)
                .is_some_and(|(lo, _, _)| lo == open)
            || cx.is_punct(open.wrapping_sub(1), ":");
        let inner = cx.text.get(seg.span.start..seg.span.end).unwrap_or("");
        let ends_statement = inner
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{00BB}'])
            .ends_with(['.', '?', '!', ',']);
        if words >= 6 && starts_sentence && ends_statement {
            let sent = cx.sentence_of_tok(open).map_or(seg.span, |(_, _, s)| s);
            out.push(Candidate {
                span: seg.span,
                parts: Vec::new(),
                direct: true,
                cue: None,
                np: None,
                inherit: true,
                sentence: Span::new(sent.start.min(seg.span.start), sent.end.max(seg.span.end)),
                confidence: 0.5,
                rule: rules::DIRECT_CONTINUES_SPEAKER,
            });
        }
    }
    out
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
