//! Actor mentions and their resolution into actors. (First version: capitalised runs only;
//! the extraction-engine issue replaces it with gazetteers, context rules and a tagger.)

use crate::model::{ActorKind, Analysis, FoundActor, FoundMention, Span};

use super::text::Doc;

/// Gazetteers and weights.
pub struct Model;

impl Model {
    pub fn load() -> Self {
        Model
    }
}

pub fn find(_model: &Model, doc: &Doc, analysis: &mut Analysis) {
    let mut i = 0;
    let toks = &doc.tokens;
    while i < toks.len() {
        let t = doc.token_text(&toks[i]);
        if toks[i].span.start >= doc.body_start
            && t.chars().next().is_some_and(char::is_uppercase)
            && t.len() > 1
        {
            let mut j = i + 1;
            while j < toks.len()
                && doc
                    .token_text(&toks[j])
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                j += 1;
            }
            if j - i >= 2 {
                let span = Span::new(toks[i].span.start, toks[j - 1].span.end);
                let name = span.slice(doc.text).to_string();
                let idx = match analysis.actors.iter().position(|a| a.name == name) {
                    Some(p) => p,
                    None => {
                        analysis.actors.push(FoundActor {
                            name,
                            kind: ActorKind::Person,
                            aliases: vec![],
                            roles: vec![],
                            affiliations: vec![],
                            confidence: 0.3,
                        });
                        analysis.actors.len() - 1
                    }
                };
                analysis.mentions.push(FoundMention {
                    actor: idx,
                    span,
                    confidence: 0.3,
                });
            }
            i = j;
        } else {
            i += 1;
        }
    }
}
