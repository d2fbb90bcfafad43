//! The reporting-cue lexicon (`assets/cues.txt`) and cue matching on tokens.

use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

use super::Cx;

/// True for a lower-case verb of saying from `assets/cues.txt` ("said", "told").
pub(in crate::extract) fn is_speech_verb(w: &str) -> bool {
    lexicon().by_first.get(w).is_some_and(|e| {
        e.iter()
            .any(|(rest, class)| rest.is_empty() && *class != CueClass::Act)
    })
}

/// The reporting-cue lexicon (format described in the file's header).
const CUES: &str = include_str!("../../../assets/cues.txt");

/// How a cue takes its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueClass {
    /// Verbs of saying: content before or after.
    Speech,
    /// Like speech, with an optional addressee before the content.
    Tell,
    /// Communicative acts: content only after the cue, subject must look like a source.
    Act,
}

/// Cue forms keyed by their first word; each entry is the remaining words and the class.
struct Lexicon {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| parse_lexicon(CUES))
}

fn parse_lexicon(src: &'static str) -> Lexicon {
    let mut by_first: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>> = HashMap::new();
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((class, forms)) = line.split_once(':') else {
            continue;
        };
        let class = match class.trim() {
            "speech" => CueClass::Speech,
            "tell" => CueClass::Tell,
            "act" => CueClass::Act,
            _ => continue,
        };
        for form in forms.split_whitespace() {
            let mut words = form.split('_').filter(|w| !w.is_empty());
            let Some(first) = words.next() else { continue };
            let entry = by_first.entry(first).or_default();
            entry.push((words.collect(), class));
            // Longest forms first, so "point out" wins over a bare "point".
            entry.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
    }
    Lexicon { by_first }
}

impl Cx<'_> {
    /// Matches a cue starting at token `i`: returns its class and the token after it.
    pub(super) fn cue_at(&self, i: usize) -> Option<(CueClass, usize)> {
        if !self.is_word(i) {
            return None;
        }
        // "Vellmar Says", "the Told Street": capitalised forms are names, except as the
        // first word of a sentence ("Asked about ...").
        if self.toks.get(i).is_some_and(|t| t.cap)
            && self.sentence_of_tok(i).is_none_or(|(lo, _, _)| lo != i)
        {
            return None;
        }
        let entries = lexicon().by_first.get(self.low(i))?;
        'entry: for (rest, class) in entries {
            let mut j = i + 1;
            for w in rest {
                if self.low(j) != *w {
                    continue 'entry;
                }
                j += 1;
            }
            return Some((*class, j));
        }
        None
    }
}
