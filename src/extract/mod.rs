//! PURE and infallible: an article in, everything found in it out ([`Analysis`]).
//!
//! The pipeline inside [`Engine::analyse`]:
//! 1. [`text::Doc`]: tokens and sentences that survive news text.
//! 2. [`entities`]: actor mentions (gazetteers, context rules, tagger), resolved into actors.
//! 3. [`roles`]: roles and affiliations of actors.
//! 4. [`quotes`]: direct and reported quotes with cue and speaker.
//! 5. [`topics`]: topics with scores and evidence, plus key phrases.

pub mod budget;
pub mod entities;
pub mod eval;
pub mod identity;
pub mod lexicon;
pub mod normalize;
pub mod quotes;
pub mod roles;
pub mod text;
pub mod topics;

use std::sync::OnceLock;
use std::time::Duration;

use crate::model::{Analysis, Article};
pub use budget::Budget;

pub use normalize::actor_key;

/// Version of the engine; stored with each article so re-analysis can find stale ones.
pub const ENGINE_VERSION: i64 = 1;

/// The extraction engine: gazetteers, lexicons and model weights, loaded once.
pub struct Engine {
    pub(crate) entities: entities::Model,
    pub(crate) topics: topics::Lexicon,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// Builds the engine from the assets compiled into the binary.
    pub fn new() -> Self {
        Self {
            entities: entities::Model::load(),
            topics: topics::Lexicon::load(),
        }
    }

    /// An engine whose entity tagger uses `weights` (the format of `assets/tagger.bin`) instead
    /// of the compiled-in ones: for training experiments (`examples/train_tagger.rs`).
    pub fn with_tagger_weights(weights: &[u8]) -> Self {
        Self {
            entities: entities::Model::with_weights(weights),
            topics: topics::Lexicon::load(),
        }
    }

    /// One engine for the whole process, built on first use.
    pub fn shared() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(Engine::new)
    }

    /// Finds actors, quotes, roles and topics in `article`. Never fails and never panics.
    pub fn analyse(&self, article: &Article) -> Analysis {
        self.analyse_budgeted(article, &Budget::unlimited())
    }

    /// Like [`Engine::analyse`], but gives up once `budget` has passed: the clock is checked
    /// between stages and between sentences inside each stage, so a file over budget fails
    /// within about one sentence's work after its time is up.
    pub fn analyse_within(
        &self,
        article: &Article,
        budget: Duration,
    ) -> Result<Analysis, OverBudget> {
        let b = Budget::within(budget);
        let analysis = self.analyse_budgeted(article, &b);
        if b.expired() || b.over() {
            return Err(OverBudget {
                budget,
                elapsed: b.elapsed(),
            });
        }
        Ok(analysis)
    }

    /// The analysis under an explicit [`Budget`]; when it runs out the result is incomplete
    /// and `budget.expired()` is true. The budget also counts the work done.
    pub fn analyse_budgeted(&self, article: &Article, budget: &Budget) -> Analysis {
        let doc = text::Doc::new(&article.text, article.body_start);
        budget.tick(doc.tokens.len());
        let mut analysis = Analysis {
            sentences: doc.sentences.clone(),
            ..Analysis::default()
        };
        if budget.over() {
            return analysis;
        }
        entities::find_within(&self.entities, &doc, &mut analysis, budget);
        if budget.over() {
            return analysis;
        }
        // Roles first: quote speakers like "the spokesman" resolve through them.
        roles::find_within(&doc, &mut analysis, budget);
        if budget.over() {
            return analysis;
        }
        quotes::find_within(&doc, &mut analysis, budget);
        if budget.over() {
            return analysis;
        }
        topics::find(&self.topics, &doc, &mut analysis);
        budget.tick(doc.tokens.len());
        analysis
    }
}

/// Plain words for a rule name recorded in [`crate::model::RuleNames`], for a tooltip or a
/// "why" line ("found after a title such as 'President'"); `None` for an unknown name.
pub fn rule_description(rule: &str) -> Option<&'static str> {
    use entities::rules as e;
    use quotes::rules as q;
    use roles::rules as r;
    Some(match rule {
        e::TAGGER => "recognised as a name by the statistical tagger",
        e::GAZETTEER => "a known place or organisation",
        e::TITLE_BEFORE_NAME => "found after a title such as 'President' or 'Mr.'",
        e::DATELINE => "the place in the article's dateline",
        e::BYLINE => "a name standing alone on its line (a byline)",
        e::SUBJECT_OF_SPEECH_VERB => "found as the subject of 'said'",
        e::CAPITALISED_RUN => "a run of capitalised words that are not common words",
        e::ORG_HEAD_WORD => "a name ending in a word such as 'Ministry' or 'Party'",
        e::ACRONYM_DEFINITION => "an abbreviation defined in brackets after the full name",
        e::NAME_SEEN_BEFORE => "a name found elsewhere in the same article",
        e::PERSON_WORD => "a word of a person's full name used in the same article",
        e::ACRONYM_SPELLS_NAME => "the words spelled by an abbreviation in brackets after them",
        e::GROUP_NOUN => "a name before 'network' or 'group' (\"the ... network\")",
        e::DEMONYM_BEFORE_ORGANISATION => "a nationality word before an organisation's name",
        e::LEGAL_FORM_BEFORE_NAME => {
            "a company's legal form (such as \"PT\") before capitalised words"
        }
        e::LONE_NAME_IS_A_PLACE => {
            "a single name written where places go (\"near ...\", \"in ...\") and never as a person's"
        }
        e::CLUB_BEFORE_SPORTS_ROLE => "a city's team, before a role such as 'captain' or 'coach'",
        e::SAID_AS_SURNAME => "'Said' with a capital inside a sentence after a name: a surname",
        e::PERSON_AFTER_ORGANISATION => {
            "a given name and a surname written right after an organisation's name"
        }
        e::FIELD_AND_COUNTRY => {
            "capitalised ordinary words before a country's name, as national agencies are named"
        }
        e::STATE_HEAD_WORD => "a name ending in a word such as 'Republic' or 'Kingdom'",
        e::ORG_SHORT_FORM => "the first word of an organisation's full name, used alone",
        e::ORG_OF_NAME => "an organisation's head word followed by 'of' or 'for' and a name",
        e::COORDINATED_PLACES => "one of two known places joined by 'and'",
        e::LINE_BREAK => "a name cut where a line ends",
        e::TRAILING_TITLE => "a person's name with the title after it left out",
        e::BRACKETED_ALIAS => "another name of the organisation or place just before the brackets",
        e::PARTICLE_SURNAME => "a surname with the particle of the full name ('de', 'bin')",
        e::DEMONYM_STATE => "a nationality word before 'State' or 'Republic': the country",
        e::THE_HEAD_WORD => {
            "'the Ministry', 'the University': the only such organisation in the article"
        }
        q::DIRECT_CLAUSE_AFTER => "words in quotation marks followed by 'said ...'",
        q::DIRECT_CLAUSE_BEFORE => "words in quotation marks after '... said:'",
        q::DIRECT_CONTINUES_SPEAKER => "a quotation that continues the previous speaker",
        q::REPORTED_PARTICIPLE => "reported speech after 'adding that' or 'and said'",
        q::REPORTED_CONTENT_BEFORE_SPEAKER => "reported speech followed by '..., X said'",
        q::REPORTED_SPEAKER_BEFORE_CONTENT => "reported speech after 'X said (that)'",
        q::REPORTED_CUE_BEFORE_SPEAKER => "reported speech followed by '..., said X'",
        q::ACCORDING_TO => "reported with 'according to'",
        q::REPORTED_AS_CLAUSE => "reported speech after 'as X said,'",
        r::TITLE_BEFORE_NAME => "a title written before the name",
        r::APPOSITIVE_AFTER_NAME => "a description after the name, between commas",
        r::APPOSITIVE_BEFORE_NAME => "a description before the name, between commas",
        _ => return None,
    })
}

/// An analysis that did not finish within its time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget {
    pub budget: Duration,
    pub elapsed: Duration,
}

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the text took too long to analyse (stopped after {:.1} s; the limit is {:.1} s)",
            self.elapsed.as_secs_f64(),
            self.budget.as_secs_f64()
        )
    }
}

impl std::error::Error for OverBudget {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented names from syllables: distinct, capitalised, never in any list.
    fn name(i: usize) -> String {
        const SYL: &[&str] = &[
            "vor", "lak", "tes", "sin", "bran", "del", "ok", "ru", "mal", "ven", "quo", "dra",
        ];
        let a = SYL[i % SYL.len()];
        let b = SYL[(i / SYL.len()) % SYL.len()];
        let c = SYL[(i / (SYL.len() * SYL.len())) % SYL.len()];
        let cap = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        format!("{}{} {}{}", cap(a), b, cap(c), a)
    }

    /// One long unpunctuated sentence full of "NAME said" cues, about `bytes` long.
    fn said_chain(bytes: usize) -> String {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < bytes {
            s.push_str(&name(i));
            s.push_str(" said the plan was ready and ");
            i += 1;
        }
        s
    }

    /// An invented news text, mutated deterministically: bytes flipped, runs repeated, quote
    /// marks and capitals sprinkled in.
    fn mutated(bytes: usize, seed: u64) -> String {
        let base = "Harbour talks resume\n\nPORT VELLMAR, March 3 - \"We will open the port,\" said \
Tomas Brandt, the mayor of Vellmar. The Dock Workers Union (DWU) said it would strike. Brandt \
told reporters that the talks would go on, according to officials. He said: \"Nothing is \
decided.\" Marta Okoye, a spokeswoman for the DWU, said the union was ready.\n\n";
        let mut out: Vec<u8> = Vec::new();
        let mut x = seed.max(1);
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        while out.len() < bytes {
            for &b in base.as_bytes() {
                let r = next() % 100;
                match r {
                    0 => out.push(b'"'),
                    1 => out.extend_from_slice(b" said "),
                    2 => out.extend_from_slice(b"Ovrak "),
                    3 => {}
                    4 => out.extend_from_slice(&[b, b]),
                    5 => out.push(b','),
                    _ => out.push(b),
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn article(text: String) -> Article {
        Article {
            text,
            ..Article::default()
        }
    }

    fn work(engine: &Engine, text: String) -> u64 {
        let b = Budget::unlimited();
        let a = engine.analyse_budgeted(&article(text), &b);
        assert!(!b.expired());
        assert!(a.mentions.iter().all(|m| m.actor < a.actors.len()));
        b.work()
    }

    #[test]
    fn work_grows_linearly_on_hostile_text() {
        let engine = Engine::shared();
        for make in [said_chain as fn(usize) -> String, |n| mutated(n, 7)] {
            let small = work(engine, make(2_000));
            let large = work(engine, make(128_000));
            // 64 times the text may cost at most 64 times the work (plus a little slack for
            // rounding at the ends); a quadratic stage would cost thousands of times more.
            assert!(small > 0);
            assert!(
                large <= small * 64 * 5 / 4,
                "work {small} for 2 KB but {large} for 128 KB"
            );
        }
    }

    #[test]
    fn a_long_said_chain_is_cut_into_bounded_sentences() {
        let text = said_chain(64_000);
        let doc = text::Doc::new(&text, 0);
        assert!(doc.sentence_tokens.len() > 1);
        assert!(
            doc.sentence_tokens
                .iter()
                .all(|r| r.len() <= budget::MAX_SENTENCE_TOKENS)
        );
        let n = doc.sentences.len();
        let a = Engine::shared().analyse(&article(text.clone()));
        assert!(!a.quotes.is_empty());
        assert_eq!(a.sentences.len(), n);
    }

    #[test]
    fn every_fact_records_a_described_rule() {
        let text = "Harbour talks resume\n\nPORT VELLMAR, March 3 - \"We will open the port,\" said \
Mayor Tomas Brandt. The Dock Workers Union (DWU) said it would strike, according to officials.";
        let a = Engine::shared().analyse(&article(text.to_string()));
        assert!(!a.mentions.is_empty() && !a.quotes.is_empty());
        assert_eq!(a.rules.mentions.len(), a.mentions.len());
        assert_eq!(a.rules.quotes.len(), a.quotes.len());
        assert_eq!(a.rules.roles.len(), a.actors.len());
        for (i, x) in a.actors.iter().enumerate() {
            assert_eq!(a.rules.roles[i].len(), x.roles.len());
        }
        let all = a
            .rules
            .mentions
            .iter()
            .chain(&a.rules.quotes)
            .chain(a.rules.roles.iter().flatten());
        for r in all {
            assert!(rule_description(r).is_some(), "{r} has no description");
        }
        assert!(rule_description("no.such_rule").is_none());
    }

    #[test]
    fn over_budget_fails_and_within_budget_matches_analyse() {
        let engine = Engine::shared();
        let art = article(mutated(20_000, 3));
        let err = engine.analyse_within(&art, Duration::ZERO);
        assert!(err.is_err());
        let e = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("too long"), "{e}");
        let ok = engine.analyse_within(&art, Duration::from_secs(3600));
        assert_eq!(ok.ok(), Some(engine.analyse(&art)));
    }
}
