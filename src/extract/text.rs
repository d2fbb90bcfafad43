//! Tokens, sentences and paragraphs of an article, built to survive news text.
//!
//! The tokenizer keeps abbreviations ("U.S.", "Mr.", "Sept."), initials ("J."), decimals ("2.5",
//! "1,000") and hyphenated names ("Tehreek-e-Taliban") whole, splits possessive "'s" off so entity
//! spans end at the name, and gives every quotation mark and dash a token of its own.
//!
//! Sentences are found on tokens: a sentence ends at `.`/`?`/`!` (or a closing quote right after
//! one) when the next word starts a sentence, and at every line break. A boundary is never placed
//! inside a quotation that continues, so `"We will fight. We will win," he said.` is one sentence
//! and the quote extractor sees the quote with its attribution. Paragraph breaks reset the quote
//! state (which bounds the damage of an unbalanced quote) unless the paragraph ends inside a quote
//! and the next one reopens it, the news convention for quotes spanning paragraphs.

use std::ops::Range;

use crate::model::Span;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits, inner hyphens or apostrophes), including abbreviations
    /// with their dots ("U.S.", "Mr.").
    Word,
    /// Digits, possibly with inner `.`/`,` ("2.5", "1,000", "78th" counts as a word).
    Number,
    /// A quotation mark: `"`, `“`, `”`, `‘`, `’`, or a `'` that is not inside a word.
    Quote,
    /// A possessive clitic split off a word ("'s", "’s", or a lone apostrophe after "s").
    Possessive,
    /// Any other single non-space character (punctuation, dashes, symbols).
    Punct,
}

/// One token: a word, a number or a single punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// An article prepared for the extractors.
pub struct Doc<'a> {
    pub text: &'a str,
    pub body_start: usize,
    /// Every token of `text` (the header before `body_start` included).
    pub tokens: Vec<Token>,
    /// Sentences of the body, in order, trimmed of surrounding space.
    pub sentences: Vec<Span>,
    /// For each sentence, the range of `tokens` it covers.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Paragraphs of the body (blocks separated by blank lines), trimmed.
    pub paragraphs: Vec<Span>,
    /// The word view, derived once on first use (see [`Doc::words`]).
    words: std::sync::OnceLock<Vec<WordTok>>,
}

impl<'a> Doc<'a> {
    /// Tokenizes `text` and splits its body (from `body_start`) into sentences and paragraphs.
    pub fn new(text: &'a str, body_start: usize) -> Self {
        let body_start = if body_start <= text.len() && text.is_char_boundary(body_start) {
            body_start
        } else {
            0
        };
        let tokens = tokenize(text);
        let sentence_tokens = cap_sentences(
            text,
            &tokens,
            split_sentences(text, &tokens, body_start),
            super::budget::MAX_SENTENCE_TOKENS,
        );
        let sentences = sentence_tokens
            .iter()
            .filter_map(|r| {
                let first = tokens.get(r.start)?;
                let last = tokens.get(r.end.checked_sub(1)?)?;
                Some(Span::new(first.span.start, last.span.end))
            })
            .collect();
        let paragraphs = paragraphs(text, body_start);
        Doc {
            text,
            body_start,
            tokens,
            sentences,
            sentence_tokens,
            paragraphs,
            words: std::sync::OnceLock::new(),
        }
    }

    /// The text of token `t`.
    pub fn token_text(&self, t: &Token) -> &'a str {
        t.span.slice(self.text)
    }

    /// The word view of the body's tokens (see [`word_tokens`]), for the quote, role and topic
    /// rules.
    pub fn words(&self) -> Vec<WordTok> {
        self.words
            .get_or_init(|| word_tokens(self.text, &self.tokens, self.body_start))
            .clone()
    }

    /// The text of the token at index `i`, or `""` past the end.
    pub fn tok(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.span.slice(self.text))
    }
}

/// True for an abbreviation that never ends a sentence (a title before a name).
pub fn is_title_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    super::lexicon::get().title_abbreviations.contains_lower(w)
}

fn is_known_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let l = super::lexicon::get();
    l.title_abbreviations.contains_lower(w) || l.other_abbreviations.contains_lower(w)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\'' | '\u{00AB}' | '\u{00BB}'
    )
}

/// Splits `text` into tokens (see the module documentation for the rules).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let off = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut k = 0;
    while k < n {
        let c = at(k).unwrap_or(' ');
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let start = k;
            let mut digits_only = true;
            let mut j = k;
            loop {
                match at(j) {
                    Some(ch) if ch.is_alphanumeric() => {
                        if !ch.is_ascii_digit() {
                            digits_only = false;
                        }
                        j += 1;
                    }
                    // Inner hyphen joins letters/digits: "Tehreek-e-Taliban", "2-1" stays split.
                    Some('-') | Some('\u{2011}')
                        if at(j + 1).is_some_and(char::is_alphanumeric)
                            && !(digits_only && at(j + 1).is_some_and(|d| d.is_ascii_digit())) =>
                    {
                        j += 1;
                    }
                    // Decimal or thousands separator between digits.
                    Some('.') | Some(',')
                        if digits_only
                            && j > start
                            && at(j + 1).is_some_and(|d| d.is_ascii_digit()) =>
                    {
                        j += 1;
                    }
                    // Inner apostrophe ("don't", "O'Brien"), but not a possessive "'s".
                    Some(a)
                        if is_apostrophe(a)
                            && at(j + 1).is_some_and(char::is_alphabetic)
                            && !is_possessive_at(&chars, j) =>
                    {
                        j += 1;
                    }
                    _ => break,
                }
            }
            let word = &text[off(start)..off(j)];
            let mut kind = if digits_only {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            // Abbreviations and initials keep their dot: "U.S.", "J.", "Mr.", "Sept.".
            if at(j) == Some('.') && !digits_only {
                let letters = word.chars().count();
                let single_letter = letters == 1 && word.chars().all(char::is_uppercase);
                // "U.S." / "U.N." / "e.g.": letter . letter . ...
                let mut m = j;
                let mut dotted = false;
                while at(m) == Some('.')
                    && at(m + 1).is_some_and(char::is_alphabetic)
                    && at(m + 2) == Some('.')
                    && (letters == 1)
                {
                    m += 2;
                    dotted = true;
                }
                if dotted {
                    j = m + 1;
                    kind = TokenKind::Word;
                } else if single_letter || is_known_abbreviation(word) {
                    j += 1;
                }
            }
            out.push(Token {
                span: Span::new(off(start), off(j)),
                kind,
            });
            k = j;
            continue;
        }
        if is_apostrophe(c) && is_possessive_at(&chars, k) {
            let len = if at(k + 1).is_some_and(|s| s == 's' || s == 'S') {
                2
            } else {
                1
            };
            out.push(Token {
                span: Span::new(off(k), off(k + len)),
                kind: TokenKind::Possessive,
            });
            k += len;
            continue;
        }
        let kind = if is_quote_char(c) {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            span: Span::new(off(k), off(k + 1)),
            kind,
        });
        k += 1;
    }
    out
}

/// One token of the word view (see [`word_tokens`]).
#[derive(Debug, Clone, Copy)]
pub struct WordTok {
    pub span: Span,
    /// Starts with a letter or digit.
    pub word: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

impl WordTok {
    fn new(text: &str, start: usize, end: usize) -> Self {
        let first = text.get(start..end).and_then(|s| s.chars().next());
        WordTok {
            span: Span::new(start, end),
            word: first.is_some_and(char::is_alphanumeric),
            cap: first.is_some_and(char::is_uppercase),
        }
    }
}

/// The word view of `tokens` (from byte `from` on), for the quote, role and topic rules: finer
/// than the entity tokens where those rules want it. It is derived from the entity tokens in
/// two steps: their apostrophes, thousands separators, non-breaking hyphens and final full stops
/// become pieces of their own, then pieces are joined again left to right. Every apostrophe is a token of its own
/// ("don't" -> "don" "'" "t", "Vorlak's" -> "Vorlak" "'" "s") except after a single capital
/// ("O'Varra"); thousands separators and non-breaking hyphens split; runs joined by "-" or "."
/// between letters or digits are one token ("2-1", "U.S.A"); and a final full stop stays on a
/// word only after a title ("Mr.") or an initial ("J.").
pub fn word_tokens(text: &str, tokens: &[Token], from: usize) -> Vec<WordTok> {
    // Split each token into pieces.
    let mut pieces: Vec<WordTok> = Vec::with_capacity(tokens.len() + tokens.len() / 8);
    for t in tokens.iter().filter(|t| t.span.start >= from) {
        let (s, e) = (t.span.start, t.span.end);
        if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            for (i, c) in text.get(s..e).unwrap_or("").char_indices() {
                if c.is_alphanumeric() {
                    // The "s" of a possessive.
                    pieces.push(WordTok::new(text, s + i, e));
                    break;
                }
                pieces.push(WordTok::new(text, s + i, s + i + c.len_utf8()));
            }
            continue;
        }
        let body = text.get(s..e).unwrap_or("");
        let mut piece_start = s;
        let mut iter = body.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let at = s + i;
            let split = is_apostrophe(c)
                || c == ','
                || c == '\u{2011}'
                || (c == '.' && iter.peek().is_none());
            if split {
                if piece_start < at {
                    pieces.push(WordTok::new(text, piece_start, at));
                }
                pieces.push(WordTok::new(text, at, at + c.len_utf8()));
                piece_start = at + c.len_utf8();
            }
        }
        if piece_start < e {
            pieces.push(WordTok::new(text, piece_start, e));
        }
    }
    // Join "-" and "." between letters or digits; keep the stop of titles and initials.
    let mut out: Vec<WordTok> = Vec::with_capacity(pieces.len());
    let mut k = 0;
    while k < pieces.len() {
        let p = pieces[k];
        k += 1;
        let Some(last) = out.last_mut() else {
            out.push(p);
            continue;
        };
        let sep = text.get(p.span.start..p.span.end).unwrap_or("");
        let joins = |last: &WordTok, next: Option<&WordTok>| {
            last.word
                && last.span.end == p.span.start
                && text
                    .get(..last.span.end)
                    .and_then(|l| l.chars().next_back())
                    .is_some_and(char::is_alphanumeric)
                && next.is_some_and(|n| {
                    n.span.start == p.span.end
                        && text
                            .get(n.span.start..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(char::is_alphanumeric)
                })
        };
        // "O'Varra": an apostrophe after a word of a single capital joins a name.
        let single_capital = last.span.len() == 1 && last.cap;
        let next_cap = pieces
            .get(k)
            .is_some_and(|n| n.cap && n.span.start == p.span.end);
        let name_apostrophe = single_capital
            && last.span.end == p.span.start
            && next_cap
            && sep.chars().next().is_some_and(is_apostrophe);
        if name_apostrophe || (sep == "-" || sep == ".") && joins(last, pieces.get(k)) {
            if let Some(n) = pieces.get(k) {
                last.span.end = n.span.end;
                k += 1;
            }
            continue;
        }
        if sep == "." && last.word && last.span.end == p.span.start {
            let w = text.get(last.span.start..last.span.end).unwrap_or("");
            let initial = w.chars().count() == 1 && last.cap;
            if initial || super::lexicon::get().title_abbreviations.contains_lower(w) {
                last.span.end = p.span.end;
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// True when the apostrophe at char index `j` starts a possessive: "'s" after a word and not
/// followed by a letter, or a bare apostrophe after a word ending in "s" ("Haqqanis'").
fn is_possessive_at(chars: &[(usize, char)], j: usize) -> bool {
    let prev = j.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
    if !prev.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let next = chars.get(j + 1).map(|&(_, c)| c);
    let after = chars.get(j + 2).map(|&(_, c)| c);
    match next {
        Some('s') | Some('S') => !after.is_some_and(char::is_alphanumeric),
        Some(n) if n.is_alphanumeric() => false,
        _ => prev.is_some_and(|p| p == 's' || p == 'S'),
    }
}

fn opens_quote(c: &str, inside: bool) -> Option<bool> {
    match c {
        "\u{201C}" | "\u{00AB}" => Some(true),
        "\u{201D}" | "\u{00BB}" => Some(false),
        "\"" => Some(!inside),
        _ => None,
    }
}

/// Splits the body into sentences, as ranges of token indices.
fn split_sentences(text: &str, tokens: &[Token], body_start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let first = tokens.partition_point(|t| t.span.start < body_start);
    let mut start = first;
    let mut inside = false;
    let mut i = first;
    let word_at = |k: usize| tokens.get(k).map_or("", |t| t.span.slice(text));
    let push = |out: &mut Vec<Range<usize>>, s: usize, e: usize| {
        if e > s {
            out.push(s..e);
        }
    };
    while i < tokens.len() {
        let t = tokens[i];
        // Line breaks between this token and the previous one.
        if i > start {
            let gap = text.get(tokens[i - 1].span.end..t.span.start).unwrap_or("");
            let newlines = gap.matches('\n').count();
            if newlines > 0 {
                let prev_inside = inside;
                push(&mut out, start, i);
                start = i;
                // A paragraph ending inside a quote continues when the next one reopens it.
                let reopens = word_at(i) == "\"" || word_at(i) == "\u{201C}";
                if prev_inside && reopens {
                    inside = true;
                    i += 1;
                    continue;
                }
                inside = false;
            }
        }
        let w = t.span.slice(text);
        if t.kind == TokenKind::Quote {
            if let Some(open) = opens_quote(w, inside) {
                inside = open;
            }
            i += 1;
            continue;
        }
        let terminal = matches!(w, "." | "?" | "!" | "\u{2026}")
            || (t.kind == TokenKind::Word
                && w.ends_with('.')
                && !is_title_abbreviation(w)
                && w.chars().filter(|c| *c == '.').count() >= 1);
        if !terminal {
            i += 1;
            continue;
        }
        // Absorb runs of terminal punctuation ("?!", "...").
        let mut j = i + 1;
        while matches!(word_at(j), "." | "?" | "!") {
            j += 1;
        }
        // A closing quote right after the terminal belongs to this sentence.
        let mut closes = false;
        if tokens.get(j).is_some_and(|q| q.kind == TokenKind::Quote) {
            let q = word_at(j);
            let adjacent = tokens[j - 1].span.end == tokens[j].span.start;
            if inside
                && adjacent
                && (q == "\"" || q == "\u{201D}" || q == "\u{2019}" || q == "\u{00BB}")
            {
                closes = true;
            }
        }
        if inside && !closes {
            // Never split inside a quotation that continues.
            i = j;
            continue;
        }
        let after = if closes { j + 1 } else { j };
        let next = word_at(after);
        let next_tok = tokens.get(after);
        let abbreviation = t.kind == TokenKind::Word;
        let ends = match next_tok {
            None => true,
            Some(nt) => {
                let first_char = next.chars().next().unwrap_or(' ');
                let gap = text
                    .get(tokens[after - 1].span.end..nt.span.start)
                    .unwrap_or("");
                if gap.contains('\n') {
                    true
                } else if gap.is_empty() {
                    false
                } else if abbreviation {
                    // "U.S." or "Inc." end a sentence only before a typical opener; a single
                    // initial ("J.") never does.
                    w.chars().count() > 2 && super::lexicon::get().sentence_openers.contains(next)
                } else {
                    first_char.is_uppercase()
                        || first_char.is_ascii_digit()
                        || nt.kind == TokenKind::Quote
                        || matches!(first_char, '(' | '[' | '-' | '\u{2014}')
                }
            }
        };
        if ends {
            if closes {
                inside = false;
            }
            push(&mut out, start, after);
            start = after;
        }
        i = after.max(i + 1);
    }
    push(&mut out, start, tokens.len());
    out
}

/// Cuts sentences longer than `max` tokens into chunks of at most `max` tokens, each ending
/// after a comma, semicolon, colon or dash in its second half where there is one. Real sentences
/// are far shorter; the cap keeps every rule that scans a sentence bounded on hostile text.
fn cap_sentences(
    text: &str,
    tokens: &[Token],
    sentences: Vec<Range<usize>>,
    max: usize,
) -> Vec<Range<usize>> {
    let max = max.max(2);
    if sentences.iter().all(|r| r.len() <= max) {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for r in sentences {
        let mut start = r.start;
        while r.end - start > max {
            let hard = start + max;
            let soft = (start + max / 2..hard).rev().find(|&k| {
                tokens.get(k).is_some_and(|t| {
                    t.kind == TokenKind::Punct
                        && matches!(t.span.slice(text), "," | ";" | ":" | "-" | "\u{2014}")
                })
            });
            let end = soft.map_or(hard, |k| k + 1);
            out.push(start..end);
            start = end;
        }
        if r.end > start {
            out.push(start..r.end);
        }
    }
    out
}

/// Blocks of the body separated by blank lines.
fn paragraphs(text: &str, body_start: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = body_start;
    let body = text.get(body_start..).unwrap_or("");
    for block in body.split("\n\n") {
        let lead = block.len() - block.trim_start().len();
        let trimmed = block.trim();
        if !trimmed.is_empty() {
            out.push(Span::new(pos + lead, pos + lead + trimmed.len()));
        }
        pos += block.len() + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wv(text: &str) -> Vec<&str> {
        word_tokens(text, &tokenize(text), 0)
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn word_view_splits_apostrophes_except_after_a_single_capital() {
        assert_eq!(
            wv("Vorlak's aide didn't call O'Varra."),
            vec![
                "Vorlak", "'", "s", "aide", "didn", "'", "t", "call", "O'Varra", "."
            ]
        );
        assert_eq!(
            wv("the Brennans' farm"),
            vec!["the", "Brennans", "'", "farm"]
        );
    }

    #[test]
    fn word_view_joins_hyphens_and_stops_between_letters_or_digits() {
        assert_eq!(
            wv("a 2-1 win, 1,000 votes and 2.5 points"),
            vec![
                "a", "2-1", "win", ",", "1", ",", "000", "votes", "and", "2.5", "points"
            ]
        );
        assert_eq!(wv("U.S.A rules"), vec!["U.S.A", "rules"]);
        assert_eq!(
            wv("the U.S.-based firm"),
            vec!["the", "U.S", ".", "-", "based", "firm"]
        );
    }

    #[test]
    fn word_view_keeps_the_stop_of_titles_and_initials_only() {
        assert_eq!(
            wv("Mr. J. Tolvan left in Sept. for e.g. Ardan."),
            vec![
                "Mr.", "J.", "Tolvan", "left", "in", "Sept", ".", "for", "e.g", ".", "Ardan", "."
            ]
        );
        let t = word_tokens("Mr. Tolvan (72)", &tokenize("Mr. Tolvan (72)"), 0);
        assert!(t[0].word && t[0].cap && t[1].cap && !t[2].word && t[3].word && !t[3].cap);
    }

    #[test]
    fn word_view_covers_every_character_once() {
        // Pseudo-random strings of awkward pieces: the view's tokens are in order, never
        // overlap, never contain a space and cover every other character.
        let pieces = [
            "a", "B", "O", "'", "\u{2019}", "-", ".", ",", "1", " ", "s", "\u{2011}", "Mr", "\n",
            "\"", "\u{00D6}", "e.g", "Sept", "(",
        ];
        let mut rng = 0x1234_5678_u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..16 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                text.push_str(pieces[(rng % pieces.len() as u64) as usize]);
            }
            let toks = word_tokens(&text, &tokenize(&text), 0);
            let mut covered = 0;
            let mut end = 0;
            for t in &toks {
                assert!(t.span.start >= end && t.span.end > t.span.start, "{text:?}");
                assert!(
                    !t.span.slice(&text).contains(char::is_whitespace),
                    "{text:?}"
                );
                covered += t.span.len();
                end = t.span.end;
            }
            let visible: usize = text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            assert_eq!(covered, visible, "{text:?}");
        }
    }

    #[test]
    fn word_view_starts_at_the_body() {
        let text = "Header line\nBody text";
        let w: Vec<&str> = word_tokens(text, &tokenize(text), 12)
            .iter()
            .map(|t| t.span.slice(text))
            .collect();
        assert_eq!(w, vec!["Body", "text"]);
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.slice(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        Doc::new(text, 0)
            .sentences
            .iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_keep_their_dots() {
        assert_eq!(
            words("Mr. Obama met U.S. and U.N. envoys, J. K. Rowling too."),
            vec![
                "Mr.", "Obama", "met", "U.S.", "and", "U.N.", "envoys", ",", "J.", "K.", "Rowling",
                "too", "."
            ]
        );
        assert_eq!(
            words("Acme Corp. paid $2.5 million, or 1,000 each, on Sept. 3."),
            vec![
                "Acme", "Corp.", "paid", "$", "2.5", "million", ",", "or", "1,000", "each", ",",
                "on", "Sept.", "3", "."
            ]
        );
    }

    #[test]
    fn possessives_hyphens_quotes_and_dashes() {
        assert_eq!(
            words("Tehreek-e-Taliban's “talks” — Afghanistan’s and the Haqqanis' don't"),
            vec![
                "Tehreek-e-Taliban",
                "'s",
                "“",
                "talks",
                "”",
                "—",
                "Afghanistan",
                "’s",
                "and",
                "the",
                "Haqqanis",
                "'",
                "don't"
            ]
        );
        assert_eq!(
            words("won 2-1 at AL-AIN"),
            vec!["won", "2", "-", "1", "at", "AL-AIN"]
        );
    }

    #[test]
    fn sentences_respect_abbreviations() {
        assert_eq!(
            sents("Mr. Brandt met Dr. Vale at St. Paul. They talked. Acme Inc. said no."),
            vec![
                "Mr. Brandt met Dr. Vale at St. Paul.",
                "They talked.",
                "Acme Inc. said no."
            ]
        );
        assert_eq!(
            sents("He flew to the U.S. The talks failed. Prices rose 2.5 percent."),
            vec![
                "He flew to the U.S.",
                "The talks failed.",
                "Prices rose 2.5 percent."
            ]
        );
    }

    #[test]
    fn sentences_never_split_inside_a_continuing_quote() {
        assert_eq!(
            sents("\"We will fight. We will win,\" he said. Then he left."),
            vec!["\"We will fight. We will win,\" he said.", "Then he left."]
        );
        assert_eq!(
            sents("“It is over.” The crowd left. “Why?” she asked."),
            vec!["“It is over.”", "The crowd left.", "“Why?” she asked."]
        );
    }

    #[test]
    fn quotes_spanning_paragraphs_and_datelines() {
        let t = "KABUL, Nov 8 (Reuters) - Talks began.\n\n\"We are ready. The date is set.\n\n\"Nothing will stop us,\" he said.";
        assert_eq!(
            sents(t),
            vec![
                "KABUL, Nov 8 (Reuters) - Talks began.",
                "\"We are ready. The date is set.",
                "\"Nothing will stop us,\" he said."
            ]
        );
        let d = Doc::new(t, 0);
        assert_eq!(d.paragraphs.len(), 3);
    }

    #[test]
    fn unbalanced_quote_is_bounded_by_the_paragraph() {
        let t = "He said \"no. It ended.\n\nA new day. Another one.";
        assert_eq!(
            sents(t),
            vec!["He said \"no. It ended.", "A new day.", "Another one."]
        );
    }

    #[test]
    fn over_long_sentences_are_cut_into_bounded_chunks() {
        // One sentence of 2,000 words with a comma every 7 words and no full stop.
        let long = "Vorna Kell said the harbour would open, ".repeat(250);
        let d = Doc::new(&long, 0);
        let cap = crate::extract::budget::MAX_SENTENCE_TOKENS;
        assert!(
            d.sentence_tokens.len() >= 2000 / cap,
            "{}",
            d.sentence_tokens.len()
        );
        assert!(d.sentence_tokens.iter().all(|r| r.len() <= cap));
        // Chunks cover every token once and end after a comma.
        let covered: usize = d.sentence_tokens.iter().map(|r| r.len()).sum();
        assert_eq!(covered, d.tokens.len());
        for r in &d.sentence_tokens[..d.sentence_tokens.len() - 1] {
            assert_eq!(d.tok(r.end - 1), ",");
        }
        // Without any punctuation the cut is hard, at the cap.
        let bare = "word ".repeat(1000);
        let d = Doc::new(&bare, 0);
        assert_eq!(d.sentence_tokens[0].len(), cap);
        // Ordinary sentences are untouched.
        assert_eq!(
            sents("One two three. Four five."),
            vec!["One two three.", "Four five."]
        );
    }

    #[test]
    fn garbage_never_panics() {
        for t in [
            "",
            "...",
            "\"\"\"“”’'",
            "'s",
            "a.b.c.d.",
            "é.",
            "U.",
            "\n\n\n",
            "-",
            "2.",
        ] {
            let d = Doc::new(t, 0);
            assert!(d.sentences.iter().all(|s| s.end <= t.len()));
            let _ = Doc::new(t, 1);
            let _ = Doc::new(t, 99);
        }
    }
}
