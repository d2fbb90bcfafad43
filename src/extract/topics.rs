//! Topics from an editable lexicon, with scores and evidence, plus key phrases.
//! (First version: the extraction-engine issue completes it.)

use crate::model::Analysis;

use super::text::Doc;

pub struct Lexicon;

impl Lexicon {
    pub fn load() -> Self {
        Lexicon
    }
}

pub fn find(_lex: &Lexicon, _doc: &Doc, _analysis: &mut Analysis) {}
