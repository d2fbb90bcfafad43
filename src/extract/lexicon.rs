//! Word lists of the extractors, compiled in from `assets/lexicon/*.txt`.
//!
//! Every list lives once, in its own file, whose header lines (starting with `#`) record where
//! it comes from and under which licence; `assets/lexicon/SOURCES.md` lists them all. One entry
//! per line; entries are matched as written (the lists of lower-case words are lower case).

use foldhash::HashSet;
use std::sync::OnceLock;

/// A compiled-in word list.
pub struct WordList {
    words: HashSet<&'static str>,
}

impl WordList {
    fn parse(src: &'static str) -> Self {
        WordList {
            words: src
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        }
    }

    /// True when `w` is on the list (exactly as written there).
    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// True when `w` in lower case is on the list.
    pub fn contains_lower(&self, w: &str) -> bool {
        if w.chars().any(char::is_uppercase) {
            self.words.contains(w.to_lowercase().as_str())
        } else {
            self.words.contains(w)
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.words.iter().copied()
    }
}

macro_rules! lists {
    ($($(#[$doc:meta])* $field:ident),* $(,)?) => {
        /// Every word list, by the name of its file.
        pub struct Lexicon {
            $($(#[$doc])* pub $field: WordList,)*
        }

        /// (file name, contents) of every list.
        #[cfg(test)]
        const FILES: &[(&str, &str)] = &[
            $((stringify!($field), include_str!(concat!("../../assets/lexicon/", stringify!($field), ".txt"))),)*
        ];

        fn build() -> Lexicon {
            Lexicon {
                $($field: WordList::parse(include_str!(concat!(
                    "../../assets/lexicon/",
                    stringify!($field),
                    ".txt"
                ))),)*
            }
        }
    };
}

lists! {
    /// Given names borne mostly by women (1990 US Census, lower case).
    given_names_female,
    /// Given names borne mostly by men (1990 US Census, lower case).
    given_names_male,
    /// Lower-case particles inside personal names ("de", "bin").
    name_particles,
    /// Words that end an organisation name ("Ministry"), as written.
    org_heads,
    /// Company legal forms written before the name ("PT", "PJSC"), as written.
    org_prefixes,
    /// Words that end names of events, laws and works ("Cup", "Act"), as written.
    event_heads,
    /// Words that open names of storms, battles and operations ("Hurricane"), as written.
    event_openers,
    /// Words that end names of places other than countries and cities ("River").
    place_heads,
    /// Geographic head words that are fragments when alone ("River").
    lone_place_heads,
    /// Words after which a city name is a place ("in", "near").
    place_prepositions,
    /// Prepositions after which a lone name is a place, hardly ever a person ("near").
    place_only_prepositions,
    /// Capitalised words that open sentences without being part of a name.
    name_function_words,
    /// Pronouns, lower case: never a name on their own.
    pronouns,
    /// Words that typically open a sentence, as written.
    sentence_openers,
    /// Abbreviated titles before names, lower case without the stop ("mr").
    title_abbreviations,
    /// Other abbreviations that keep their stop, lower case without the final stop.
    other_abbreviations,
    /// US state abbreviations of news style ("calif"), lower case without the final stop.
    state_abbreviations,
    /// Words that end a noun phrase when scanning for a speaker.
    np_function_words,
    /// Determiners and quantifiers that open a noun phrase.
    determiners,
    /// Auxiliaries and adverbs between a subject and a reporting verb.
    auxiliaries,
    /// Time expressions that may follow a reporting verb.
    time_words,
    /// Nouns ending in -ing that do not open a participial clause.
    ing_nouns,
    /// Heads of descriptions that can speak ("official"), singular.
    source_nouns,
    /// Subject pronouns that can be a speaker.
    speaker_pronouns,
    /// Head nouns of role titles ("minister").
    title_heads,
    /// Words that modify a role title ("deputy").
    title_modifiers,
    /// Stop words left out of key phrases.
    stop_words,
    /// Lower-case nouns that end a group's name after a capitalised name ("network").
    group_nouns,
    /// Words that head the official name of a state ("Republic", "Kingdom"), as written.
    polity_heads,
    /// Words that make a region of a country's name ("northern"), lower case.
    place_modifiers,
    /// A player's or coach's role in a team ("striker"), lower case.
    sports_roles,
}

/// The lists, parsed once.
pub fn get() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(build)
}

/// Given names borne mostly by women (1990 US Census, lower case).
pub fn female_given_names() -> &'static WordList {
    &get().given_names_female
}

/// Given names borne mostly by men (1990 US Census, lower case).
pub fn male_given_names() -> &'static WordList {
    &get().given_names_male
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_records_its_source_and_licence() {
        for (name, src) in FILES {
            let header: String = src
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
                .to_lowercase();
            assert!(header.contains("source:"), "{name} has no source line");
            assert!(
                header.contains("licen") || header.contains("public domain"),
                "{name} has no licence"
            );
            assert!(
                src.lines()
                    .any(|l| !l.trim().is_empty() && !l.starts_with('#')),
                "{name} is empty"
            );
        }
        // Every file in assets/lexicon is one of the lists and is described in SOURCES.md.
        let sources = include_str!("../../assets/lexicon/SOURCES.md");
        for (name, _) in FILES {
            assert!(
                sources.contains(&format!("`{name}.txt`")),
                "{name} missing in SOURCES.md"
            );
        }
    }

    #[test]
    fn given_names_are_split_by_sex() {
        assert!(female_given_names().contains("mary"));
        assert!(male_given_names().contains("john"));
        assert!(!female_given_names().contains("john"));
        assert!(get().pronouns.contains_lower("They"));
        assert!(!get().pronouns.contains_lower("Vellmar"));
    }
}
