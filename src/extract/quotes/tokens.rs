//! Quotation marks and the quoted segments of an article. The quote rules read words through
//! the shared tokenizer's word view ([`crate::extract::text::word_tokens`]).

use crate::model::Span;

/// Opening or closing quotation marks recognised around direct quotes.
pub(super) fn quote_mark_at(text: &str, i: usize) -> Option<(QuoteMark, usize)> {
    let rest = text.get(i..)?;
    let c = rest.chars().next()?;
    match c {
        '"' => Some((QuoteMark::Either, 1)),
        '\u{201C}' | '\u{201E}' | '\u{00AB}' => Some((QuoteMark::Open, c.len_utf8())),
        '\u{201D}' | '\u{00BB}' => Some((QuoteMark::Close, c.len_utf8())),
        '\'' if rest.starts_with("''") => Some((QuoteMark::Either, 2)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuoteMark {
    Open,
    Close,
    Either,
}

/// A stretch of text between quotation marks, marks included.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(in crate::extract) span: Span,
}

/// Finds quoted segments paragraph by paragraph (see the module docs).
pub(super) fn segments(text: &str, from: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_content_end = from;
    let mut i = from;
    while i < text.len() {
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c == '\n' {
            if let Some(o) = open {
                // A quote left open at the end of a paragraph continues only when the next
                // paragraph opens with a quotation mark.
                let mut j = i;
                while let Some(n) = text.get(j..).and_then(|r| r.chars().next()) {
                    if n.is_whitespace() {
                        j += n.len_utf8();
                    } else {
                        break;
                    }
                }
                match quote_mark_at(text, j) {
                    Some((QuoteMark::Open | QuoteMark::Either, len)) => {
                        i = j + len;
                        let _ = o;
                        continue;
                    }
                    _ => {
                        out.push(Segment {
                            span: Span::new(o, last_content_end),
                        });
                        open = None;
                    }
                }
            }
            i += 1;
            continue;
        }
        if let Some((mark, len)) = quote_mark_at(text, i) {
            match (open, mark) {
                (None, QuoteMark::Open | QuoteMark::Either) => open = Some(i),
                (Some(o), QuoteMark::Close | QuoteMark::Either) => {
                    out.push(Segment {
                        span: Span::new(o, i + len),
                    });
                    open = None;
                }
                // A second opening mark: the first one was never closed.
                (Some(_), QuoteMark::Open) => open = Some(i),
                (None, QuoteMark::Close) => {}
            }
            i += len;
            last_content_end = i;
            continue;
        }
        if !c.is_whitespace() {
            last_content_end = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    if let Some(o) = open {
        out.push(Segment {
            span: Span::new(o, last_content_end),
        });
    }
    out.retain(|s| s.span.len() > 2);
    out
}
