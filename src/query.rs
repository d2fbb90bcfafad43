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
            .map(|g| format!("\"{}\"", g.join(" ")))
            .collect::<Vec<_>>()
            .join(" AND ")
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

    fn fts(s: &str) -> Option<String> {
        SearchQuery::parse(s).map(|q| q.fts())
    }

    #[test]
    fn words_are_folded_and_quoted_for_the_index() {
        assert_eq!(fts("Ceasefire TTP").unwrap(), "\"ceasefire\" AND \"ttp\"");
        assert_eq!(fts("Peshawar café").unwrap(), "\"peshawar\" AND \"cafe\"");
        // FTS5 syntax is never syntax: it is words or nothing.
        assert_eq!(
            fts("NEAR( * ) - col:x").unwrap(),
            "\"near\" AND \"col\" AND \"x\""
        );
        assert_eq!(fts(" ^*() \"\" "), None);
        assert_eq!(fts("talks talks").unwrap(), "\"talks\"");
    }

    #[test]
    fn quotes_make_phrases() {
        assert_eq!(
            fts("\"peace talks\" Kabul \"Taliban\"").unwrap(),
            "\"peace talks\" AND \"kabul\" AND \"taliban\""
        );
        // An unclosed quote runs to the end; punctuation inside a phrase only separates words.
        assert_eq!(
            fts("say \"border-security").unwrap(),
            "\"say\" AND \"border security\""
        );
    }
}
