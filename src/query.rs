//! What a person types into the search box, made safe for the full-text index.
//!
//! Plain words must all occur; `"..."` groups a phrase whose words must follow each other. The
//! index stores which words each article has but not where (that keeps it a third of the size),
//! so it finds the articles with all the words and [`SearchQuery::phrases_in`] then checks the
//! phrases in the text itself. Words are split and folded like the index's `unicode61` tokenizer
//! with diacritics removed: letters and digits make words, case and accents do not count.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Every word the articles must contain, folded, in the order typed (no repeats).
    pub words: Vec<String>,
    /// Phrases of two or more folded words that must occur in this order in one field.
    pub phrases: Vec<Vec<String>>,
}

impl SearchQuery {
    /// Parses `input`; `None` when it has no words at all.
    pub fn parse(input: &str) -> Option<SearchQuery> {
        let mut query = SearchQuery {
            words: Vec::new(),
            phrases: Vec::new(),
        };
        for (i, chunk) in input.split('"').enumerate() {
            let words: Vec<String> = tokens(chunk).collect();
            for w in &words {
                if !query.words.contains(w) {
                    query.words.push(w.clone());
                }
            }
            // Odd chunks sit between quotes (an unclosed quote runs to the end).
            if i % 2 == 1 && words.len() > 1 && !query.phrases.contains(&words) {
                query.phrases.push(words);
            }
        }
        (!query.words.is_empty()).then_some(query)
    }

    /// The full-text query that finds the candidate articles: every word, each quoted so that
    /// FTS5 syntax in the input (`NEAR`, `*`, `-`, `^`, column names) is only ever a word.
    pub fn fts(&self) -> String {
        self.words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// True when candidates must be checked with [`SearchQuery::phrases_in`].
    pub fn has_phrases(&self) -> bool {
        !self.phrases.is_empty()
    }

    /// True when every phrase occurs, words in order, in one of `fields` (title, text, ...).
    pub fn phrases_in(&self, fields: &[&str]) -> bool {
        if self.phrases.is_empty() {
            return true;
        }
        let fields: Vec<Vec<String>> = fields.iter().map(|f| tokens(f).collect()).collect();
        self.phrases.iter().all(|phrase| {
            fields
                .iter()
                .any(|f| f.windows(phrase.len()).any(|w| w == phrase.as_slice()))
        })
    }
}

/// The words of `text` as the index sees them: runs of letters and digits, lower case, accents
/// removed ("Ça" and "ca" are the same word).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
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

    fn q(s: &str) -> SearchQuery {
        SearchQuery::parse(s).expect("a query")
    }

    #[test]
    fn words_are_folded_and_quoted_for_the_index() {
        assert_eq!(q("Ceasefire TTP").fts(), "\"ceasefire\" AND \"ttp\"");
        assert_eq!(q("Peshawar café").words, ["peshawar", "cafe"]);
        // FTS5 syntax is never syntax: it is words or nothing.
        assert_eq!(
            q("NEAR( * ) - col:x").fts(),
            "\"near\" AND \"col\" AND \"x\""
        );
        assert_eq!(SearchQuery::parse(" ^*() \"\" "), None);
        assert_eq!(q("talks talks").words, ["talks"]);
    }

    #[test]
    fn quotes_make_phrases_of_two_words_or_more() {
        let query = q("\"peace talks\" Kabul \"Taliban\"");
        assert_eq!(query.words, ["peace", "talks", "kabul", "taliban"]);
        assert_eq!(query.phrases, [vec!["peace", "talks"]]);
        assert!(!q("\"Taliban\"").has_phrases());
        // An unclosed quote runs to the end.
        assert_eq!(
            q("say \"border security").phrases,
            [vec!["border", "security"]]
        );
    }

    #[test]
    fn phrases_are_checked_in_order_within_one_field() {
        let query = q("\"peace talks\"");
        assert!(query.phrases_in(&["", "The Peace-talks resumed."]));
        assert!(query.phrases_in(&["Peace talks", ""]));
        assert!(!query.phrases_in(&["", "talks about peace"]));
        // Not across the title and the text.
        assert!(!query.phrases_in(&["Peace", "talks resumed"]));
        let accents = q("\"Ça va\"");
        assert!(accents.phrases_in(&["", "il dit: ça va bien"]));
        assert!(q("no phrases here").phrases_in(&["", ""]));
    }
}
