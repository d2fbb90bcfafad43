//! The quote extractor's word tokenizer and the quoted segments of an article.
//!
//! Tokens: words (letters and digits, inner hyphens and full stops kept, apostrophes split off
//! except inside a name such as "O'Hara"), and one token per punctuation mark. Titles and
//! initials keep their full stop, so they never end a name or a sentence.

use crate::model::Span;

use super::lex;

/// One token of the quote tokenizer.
#[derive(Debug, Clone, Copy)]
pub(in crate::extract) struct Tok {
    pub(in crate::extract) span: Span,
    /// Starts with a letter or digit.
    pub(in crate::extract) word: bool,
    /// Starts with an upper-case letter.
    pub(in crate::extract) cap: bool,
}

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

/// Splits `text[from..]` into word and punctuation tokens (shared with [`super::roles`]).
pub(in crate::extract) fn tokenize(text: &str, from: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start: Option<(usize, bool)> = None;
    let mut iter = text
        .get(from..)
        .unwrap_or("")
        .char_indices()
        .map(|(i, c)| (i + from, c))
        .peekable();
    while let Some((i, c)) = iter.next() {
        let next_alnum = iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        let next_upper = iter.peek().is_some_and(|&(_, n)| n.is_uppercase());
        // "O'Varra", "D'Ostel": an apostrophe after a single capital joins a name.
        let name_apostrophe = (c == '\'' || c == '\u{2019}')
            && next_upper
            && start.is_some_and(|(s, cap)| cap && i == s + 1);
        let joiner = start.is_some() && (c == '-' || c == '.') && next_alnum || name_apostrophe;
        if c.is_alphanumeric() || joiner {
            if start.is_none() {
                start = Some((i, c.is_uppercase()));
            }
            continue;
        }
        if let Some((s, cap)) = start.take() {
            let word = text.get(s..i).unwrap_or("");
            // "Mr." and initials keep their full stop, so they never end a name or a sentence.
            let keeps_stop = c == '.'
                && (lex().title_abbreviations.contains_lower(word)
                    || (word.chars().count() == 1 && cap));
            if keeps_stop {
                out.push(Tok {
                    span: Span::new(s, i + 1),
                    word: true,
                    cap,
                });
                continue;
            }
            out.push(Tok {
                span: Span::new(s, i),
                word: true,
                cap,
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                span: Span::new(i, i + c.len_utf8()),
                word: false,
                cap: false,
            });
        }
    }
    if let Some((s, cap)) = start {
        out.push(Tok {
            span: Span::new(s, text.len()),
            word: true,
            cap,
        });
    }
    out
}
