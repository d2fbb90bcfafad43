//! The evaluation schema of the development sets (`../shared/eval/README.md`): entities and quotes
//! with `char` offsets into the article text.

use serde::Serialize;

use crate::model::{Analysis, Article, Speaker, char_offsets};

/// One entity mention in the evaluation schema.
#[derive(Debug, Serialize)]
pub struct EvalEntity {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    /// The canonical name of the actor the mention is filed under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// One quote in the evaluation schema.
#[derive(Debug, Serialize)]
pub struct EvalQuote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Pieces of a split quote, as `[start, end]` pairs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<[usize; 2]>,
    pub speaker: Option<String>,
    pub direct: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// An article's analysis in the evaluation schema.
#[derive(Debug, Serialize)]
pub struct EvalDoc {
    pub entities: Vec<EvalEntity>,
    pub quotes: Vec<EvalQuote>,
}

/// Converts `analysis` of `article` to the evaluation schema (byte spans become `char` offsets);
/// each entity's `actor` is the name of its actor in this article.
pub fn eval_doc(article: &Article, analysis: &Analysis) -> EvalDoc {
    let names: Vec<String> = analysis.actors.iter().map(|a| a.name.clone()).collect();
    eval_doc_with_actors(article, analysis, &names)
}

/// Converts several articles analysed together, as one dossier: each entity's `actor` is the
/// dossier-wide name from [`super::identity::dossier_names`], and so is each quote's speaker.
pub fn eval_docs(items: &[(&Article, &Analysis)]) -> Vec<EvalDoc> {
    let analyses: Vec<&Analysis> = items.iter().map(|(_, a)| *a).collect();
    let names = super::identity::dossier_names(&analyses);
    items
        .iter()
        .zip(&names)
        .map(|((article, analysis), names)| eval_doc_with_actors(article, analysis, names))
        .collect()
}

/// [`eval_doc`] with the actors' names given (`names[i]` for `analysis.actors[i]`).
pub fn eval_doc_with_actors(article: &Article, analysis: &Analysis, names: &[String]) -> EvalDoc {
    let text = article.text.as_str();
    let mut offsets = Vec::new();
    for m in &analysis.mentions {
        offsets.extend([m.span.start, m.span.end]);
    }
    for q in &analysis.quotes {
        offsets.extend([q.span.start, q.span.end]);
        for p in &q.parts {
            offsets.extend([p.start, p.end]);
        }
    }
    let chars = char_offsets(text, &offsets);
    let mut next = chars.into_iter();
    let mut take = move || next.next().unwrap_or(0);
    let mut entities = Vec::with_capacity(analysis.mentions.len());
    for m in &analysis.mentions {
        let (start, end) = (take(), take());
        let kind = analysis
            .actors
            .get(m.actor)
            .map_or("PERSON", |a| a.kind.code());
        entities.push(EvalEntity {
            text: m.span.slice(text).to_string(),
            kind,
            start,
            end,
            actor: names.get(m.actor).filter(|n| !n.is_empty()).cloned(),
        });
    }
    let mut quotes = Vec::with_capacity(analysis.quotes.len());
    for q in &analysis.quotes {
        let (start, end) = (take(), take());
        let spans = q.parts.iter().map(|_| [take(), take()]).collect();
        let speaker = match &q.speaker {
            Speaker::Actor(i) => analysis.actors.get(*i).map(|a| a.name.clone()),
            Speaker::Description(d) => Some(d.clone()),
            Speaker::Unknown => None,
        };
        let cue = q.cue.map(|c| c.slice(text).to_string());
        quotes.push(EvalQuote {
            text: q.span.slice(text).to_string(),
            start,
            end,
            spans,
            speaker,
            direct: q.direct,
            cue,
        });
    }
    EvalDoc { entities, quotes }
}
