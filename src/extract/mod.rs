//! PURE and infallible: an article in, everything found in it out ([`Analysis`]).
//!
//! The pipeline inside [`Engine::analyse`]:
//! 1. [`text::Doc`]: tokens and sentences that survive news text.
//! 2. [`entities`]: actor mentions (gazetteers, context rules, tagger), resolved into actors.
//! 3. [`roles`]: roles and affiliations of actors.
//! 4. [`quotes`]: direct and reported quotes with cue and speaker.
//! 5. [`topics`]: topics with scores and evidence, plus key phrases.

pub mod entities;
pub mod eval;
pub mod normalize;
pub mod quotes;
pub mod roles;
pub mod text;
pub mod topics;

use std::sync::OnceLock;

use crate::model::{Analysis, Article};

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

    /// One engine for the whole process, built on first use.
    pub fn shared() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(Engine::new)
    }

    /// Finds actors, quotes, roles and topics in `article`. Never fails and never panics.
    pub fn analyse(&self, article: &Article) -> Analysis {
        let doc = text::Doc::new(&article.text, article.body_start);
        let mut analysis = Analysis {
            sentences: doc.sentences.clone(),
            ..Analysis::default()
        };
        entities::find(&self.entities, &doc, &mut analysis);
        // Roles first: quote speakers like "the spokesman" resolve through them.
        roles::find(&doc, &mut analysis);
        quotes::find(&doc, &mut analysis);
        topics::find(&self.topics, &doc, &mut analysis);
        analysis
    }
}
