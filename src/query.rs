//! What a person types into the search box, made safe for the full-text index.
//!
//! Plain words must all occur; `"..."` groups a phrase whose words must follow each other. Every
//! word is quoted in the index query, so FTS5 syntax in the input (`NEAR`, `*`, `-`, `^`, column
//! names) is only ever a word. Words are split and folded like the index's `unicode61` tokenizer
//! with diacritics removed: letters and digits make words, case and accents do not count.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A parsed search query: groups of folded words, each a word or a phrase, all required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub groups: Vec<Vec<String>>,
}

impl SearchQuery {
    /// Parses `input`; `None` when it has no words at all.
    pub fn parse(input: &str) -> Option<SearchQuery> {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for (i, chunk) in input.split('"').enumerate() {
            let words = tokens(chunk);
            // Odd chunks sit between quotes (an unclosed quote runs to the end).
            let new: Vec<Vec<String>> = if i % 2 == 1 {
                vec![words.collect()]
            } else {
                words.map(|w| vec![w]).collect()
            };
            for group in new {
                if !group.is_empty() && !groups.contains(&group) {
                    groups.push(group);
                }
            }
        }
        (!groups.is_empty()).then_some(SearchQuery { groups })
    }

    /// The FTS5 query: every group quoted, all required.
    pub fn fts(&self) -> String {
        self.groups
            .iter()
            .map(|g| group_fts(g))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The FTS5 query for one group alone: its words quoted as one phrase.
pub fn group_fts(group: &[String]) -> String {
    format!("\"{}\"", group.join(" "))
}

/// A short extract of `text` around the query's words, each found word between `[` and `]`,
/// cut to about `words` words with ` … ` where text was left out. The extract is the first
/// stretch of `words` words with the most different query words in it, then the most hits.
pub fn snippet(text: &str, query: &SearchQuery, words: usize) -> String {
    let words = words.max(1);
    let wanted: Vec<&str> = query.groups.iter().flatten().map(String::as_str).collect();
    // Every word of the text with its byte range and which query word it is, if any. Plain
    // ASCII words are compared as they stand (query words are folded to lower case); only
    // others are folded first, so a long text costs no copy per word.
    let spans: Vec<(usize, usize, Option<usize>)> = word_spans(text)
        .map(|(start, end)| {
            let word = &text[start..end];
            let found = if word.is_ascii() {
                wanted.iter().position(|w| w.eq_ignore_ascii_case(word))
            } else {
                let folded = fold(word);
                wanted.iter().position(|w| *w == folded)
            };
            (start, end, found)
        })
        .collect();
    if spans.is_empty() {
        return String::new();
    }
    // The window of `words` words with the most different query words, then the most hits;
    // the first such window.
    let mut counts = vec![0usize; wanted.len()];
    let (mut distinct, mut hits) = (0, 0);
    let mut best = (0, (0, 0));
    for i in 0..spans.len() {
        if let Some(w) = spans[i].2 {
            counts[w] += 1;
            hits += 1;
            distinct += usize::from(counts[w] == 1);
        }
        if i >= words
            && let Some(w) = spans[i - words].2
        {
            counts[w] -= 1;
            hits -= 1;
            distinct -= usize::from(counts[w] == 0);
        }
        if (distinct, hits) > best.1 {
            best = ((i + 1).saturating_sub(words), (distinct, hits));
        }
    }
    let first = best.0;
    let last = (first + words).min(spans.len()) - 1;
    let mut body = String::new();
    let mut at = spans[first].0;
    for &(start, end, hit) in &spans[first..=last] {
        body.push_str(&text[at..start]);
        if hit.is_some() {
            body.push('[');
            body.push_str(&text[start..end]);
            body.push(']');
        } else {
            body.push_str(&text[start..end]);
        }
        at = end;
    }
    let cut_end = last + 1 < spans.len();
    if !cut_end {
        // The end of the text: keep its closing punctuation.
        body.push_str(&text[at..]);
    }
    // One line: line breaks and runs of spaces become single spaces.
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{}{body}{}",
        if first > 0 { "… " } else { "" },
        if cut_end { " …" } else { "" }
    )
}

/// Byte ranges of the words of `text` (runs of letters and digits). ASCII bytes are classified
/// as they stand; only other characters are decoded.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start: Option<usize> = None;
        while at < bytes.len() {
            let (is_word, len) = match bytes[at] {
                b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
                _ => text[at..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
            };
            if is_word {
                start.get_or_insert(at);
            } else if let Some(s) = start {
                // The separator is skipped on the next call.
                return Some((s, at));
            }
            at += len;
        }
        start.map(|s| (s, bytes.len()))
    })
}

/// The words of `text` as the index sees them: runs of letters and digits, lower case, accents
/// removed ("Ça" and "ca" are the same word).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    word_spans(text).map(|(start, end)| fold(&text[start..end]))
}

fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(s: &str) -> Option<String> {
        SearchQuery::parse(s).map(|q| q.fts())
    }

    #[test]
    fn words_are_folded_and_quoted_for_the_index() {
        assert_eq!(fts("Ceasefire DWU").unwrap(), "\"ceasefire\" AND \"dwu\"");
        assert_eq!(fts("Vellmar café").unwrap(), "\"vellmar\" AND \"cafe\"");
        // FTS5 syntax is never syntax: it is words or nothing.
        assert_eq!(
            fts("NEAR( * ) - col:x").unwrap(),
            "\"near\" AND \"col\" AND \"x\""
        );
        assert_eq!(fts(" ^*() \"\" "), None);
        assert_eq!(fts("talks talks").unwrap(), "\"talks\"");
    }

    #[test]
    fn snippets_mark_the_words_where_most_of_them_meet() {
        let q = SearchQuery::parse("harbour talks").unwrap();
        let text = "Officials met on Monday. Nothing was said about the harbour.\n\nLater the Harbour talks resumed in Doha, officials said.";
        assert_eq!(
            snippet(text, &q, 6),
            "… the [harbour]. Later the [Harbour] [talks] …"
        );
        // Two different words beat one word found twice.
        let q2 = SearchQuery::parse("ceasefire talks").unwrap();
        assert_eq!(
            snippet(
                "Talks, talks, talks and more talks. Then a ceasefire, after talks.",
                &q2,
                4
            ),
            "… [talks]. Then a [ceasefire] …"
        );
        assert_eq!(snippet(text, &q, 2), "… [Harbour] [talks] …");
        // The whole text when it is short, closing punctuation included.
        assert_eq!(snippet("Harbour talks.", &q, 16), "[Harbour] [talks].");
        // Accents and case fold like the index.
        let q = SearchQuery::parse("cafe").unwrap();
        assert_eq!(snippet("Le Café du Port", &q, 3), "Le [Café] du …");
        // No words: nothing to show.
        assert_eq!(snippet(" -- ", &q, 16), "");
    }

    #[test]
    fn quotes_make_phrases() {
        assert_eq!(
            fts("\"peace talks\" Vellmar \"Corvani\"").unwrap(),
            "\"peace talks\" AND \"vellmar\" AND \"corvani\""
        );
        // An unclosed quote runs to the end; punctuation inside a phrase only separates words.
        assert_eq!(
            fts("say \"border-security").unwrap(),
            "\"say\" AND \"border security\""
        );
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script() {
        let text = "Ça va, Zoë? 12 août—«Vellmar» 3½x";
        let words: Vec<&str> = word_spans(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["Ça", "va", "Zoë", "12", "août", "Vellmar", "3½x"]);
        assert_eq!(word_spans("").count(), 0);
        assert_eq!(word_spans(" ,. ").count(), 0);
        assert_eq!(word_spans("The harbour-levy, again").count(), 4);
    }
}
