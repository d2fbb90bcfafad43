//! Tokens and sentences of an article. (First version: the entity owner refines it.)

use crate::model::Span;

/// One token: a word, a number or a single punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
}

/// An article prepared for the extractors.
pub struct Doc<'a> {
    pub text: &'a str,
    pub body_start: usize,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Span>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, body_start: usize) -> Self {
        let body_start = if text.is_char_boundary(body_start) {
            body_start
        } else {
            0
        };
        let tokens = tokenize(text);
        let sentences = sentences(text, body_start);
        Doc {
            text,
            body_start,
            tokens,
            sentences,
        }
    }

    pub fn token_text(&self, t: &Token) -> &'a str {
        t.span.slice(self.text)
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let wordish = c.is_alphanumeric() || (start.is_some() && (c == '\'' || c == '-'));
        if wordish {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                out.push(Token {
                    span: Span::new(s, i),
                });
            }
            if !c.is_whitespace() {
                out.push(Token {
                    span: Span::new(i, i + c.len_utf8()),
                });
            }
        }
    }
    if let Some(s) = start {
        out.push(Token {
            span: Span::new(s, text.len()),
        });
    }
    out
}

fn sentences(text: &str, body_start: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = body_start;
    let bytes = text.as_bytes();
    let mut i = body_start;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = b == b'\n'
            || ((b == b'.' || b == b'?' || b == b'!')
                && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()));
        if end_here {
            let s = Span::new(start, i + 1);
            if !s.slice(text).trim().is_empty() {
                out.push(trim(text, s));
            }
            start = i + 1;
        }
        i += 1;
    }
    let s = Span::new(start, text.len());
    if !s.slice(text).trim().is_empty() {
        out.push(trim(text, s));
    }
    out
}

fn trim(text: &str, s: Span) -> Span {
    let t = s.slice(text);
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    Span::new(s.start + lead, s.end - trail)
}
