//! Topics from the editable lexicon `assets/topics.txt` (format and scoring rules in its header),
//! each with a score and the phrases that justify it, plus key phrases: salient word sequences
//! that no kept topic covers and no actor name contains, ranked by frequency and position.

use foldhash::{HashMap, HashMapExt, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{Analysis, FoundTopic, Span};

use super::text::Doc;

/// The topic lexicon, compiled in.
const TOPICS: &str = include_str!("../../assets/topics.txt");

/// A topic total must reach this to be kept (plus one per [`WORDS_PER_POINT`] words, so long
/// articles need more evidence) ...
const MIN_SCORE: f32 = 4.0;
const WORDS_PER_POINT: f32 = 500.0;
/// ... from at least this many occurrences ...
const MIN_HITS: usize = 2;
/// ... of at least two different phrases, unless one phrase comes this often or is a
/// defining cue (weight [`DEFINING`]) seen twice ...
const MIN_HITS_ONE_PHRASE: usize = 3;
const DEFINING: f32 = 3.0;
/// ... and reach this share of the best topic's total.
const MIN_SHARE_OF_BEST: f32 = 0.25;
/// Topics returned per article.
const MAX_TOPICS: usize = 8;
/// Occurrences of one phrase that count towards a topic.
const MAX_PER_PHRASE: usize = 3;
/// Key phrases returned per article.
const MAX_KEYPHRASES: usize = 10;

/// One topic of the lexicon.
#[derive(Debug, Clone)]
struct Topic {
    key: String,
    label: String,
}

/// One cue pattern: which topics it counts for, and whether it matches word prefixes.
#[derive(Debug, Clone)]
struct Cue {
    phrase: String,
    prefix: bool,
    topics: Vec<(usize, f32)>,
}

/// The compiled topic lexicon.
pub struct Lexicon {
    topics: Vec<Topic>,
    cues: Vec<Cue>,
    matcher: Option<AhoCorasick>,
}

impl Lexicon {
    /// Parses the lexicon compiled into the binary.
    pub fn load() -> Self {
        Self::parse(TOPICS)
    }

    /// Parses a lexicon in the `assets/topics.txt` format; malformed lines are skipped.
    pub fn parse(src: &str) -> Self {
        let mut topics: Vec<Topic> = Vec::new();
        let mut cues: Vec<Cue> = Vec::new();
        let mut by_phrase: HashMap<(String, bool), usize> = HashMap::new();
        for line in src.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('@') {
                let (key, label) = rest.split_once(char::is_whitespace).unwrap_or((rest, rest));
                topics.push(Topic {
                    key: key.trim().to_string(),
                    label: label.trim().to_string(),
                });
                continue;
            }
            let Some(topic) = topics.len().checked_sub(1) else {
                continue;
            };
            let (weight, phrase) = match line.split_once(char::is_whitespace) {
                Some((w, p)) if w.parse::<f32>().is_ok() => (w.parse::<f32>().unwrap_or(1.0), p),
                _ => (1.0, line),
            };
            let phrase = phrase.trim().to_lowercase();
            let (phrase, prefix) = match phrase.strip_suffix('*') {
                Some(p) => (p.to_string(), true),
                None => (phrase, false),
            };
            if phrase.is_empty() {
                continue;
            }
            let idx = *by_phrase
                .entry((phrase.clone(), prefix))
                .or_insert_with(|| {
                    cues.push(Cue {
                        phrase,
                        prefix,
                        topics: Vec::new(),
                    });
                    cues.len() - 1
                });
            if let Some(c) = cues.get_mut(idx) {
                c.topics.push((topic, weight));
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(cues.iter().map(|c| c.phrase.as_str()))
            .ok();
        Lexicon {
            topics,
            cues,
            matcher,
        }
    }
}

/// A cue occurrence in the text.
struct Hit {
    cue: usize,
    span: Span,
}

/// Whole-word (or word-prefix) cue occurrences in the body of `text`.
fn hits(lex: &Lexicon, text: &str, from: usize) -> Vec<Hit> {
    let Some(m) = &lex.matcher else {
        return Vec::new();
    };
    let body = text.get(from..).unwrap_or("");
    let mut out = Vec::new();
    for mat in m.find_iter(body) {
        let (s, e) = (mat.start(), mat.end());
        let Some(cue) = lex.cues.get(mat.pattern().as_usize()) else {
            continue;
        };
        let before_ok = body
            .get(..s)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = cue.prefix
            || body
                .get(e..)
                .and_then(|a| a.chars().next())
                .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            // a prefix cue covers the whole word it starts
            let mut end = e;
            if cue.prefix {
                end += body.get(e..).map_or(0, |a| {
                    a.find(|c: char| !(c.is_alphanumeric() || c == '-'))
                        .unwrap_or(a.len())
                });
            }
            out.push(Hit {
                cue: mat.pattern().as_usize(),
                span: Span::new(from + s, from + end),
            });
        }
    }
    out
}

/// Finds the article's topics and key phrases and stores them in `analysis`.
pub fn find(lex: &Lexicon, doc: &Doc, analysis: &mut Analysis) {
    let text = doc.text;
    let found = hits(lex, text, doc.body_start);
    // The lead (first paragraph, or the first 400 bytes) says what the article is about.
    let lead_end = doc
        .paragraphs
        .first()
        .map_or(doc.body_start + 400, |p| p.end.max(doc.body_start + 200));
    let mut raw = vec![0.0f32; lex.topics.len()];
    let mut count = vec![0usize; lex.topics.len()];
    let mut per_phrase: HashMap<(usize, usize), usize> = HashMap::new();
    let mut evidence: Vec<HashMap<String, usize>> = vec![HashMap::new(); lex.topics.len()];
    let mut max_weight = vec![0.0f32; lex.topics.len()];
    for h in &found {
        let Some(cue) = lex.cues.get(h.cue) else {
            continue;
        };
        let factor = if h.span.start < lead_end { 1.5 } else { 1.0 };
        for &(t, w) in &cue.topics {
            let n = per_phrase.entry((t, h.cue)).or_insert(0);
            *n += 1;
            if *n > MAX_PER_PHRASE {
                continue;
            }
            if let (Some(r), Some(c), Some(ev)) =
                (raw.get_mut(t), count.get_mut(t), evidence.get_mut(t))
            {
                *r += w * factor;
                if let Some(m) = max_weight.get_mut(t) {
                    *m = m.max(w);
                }
                *c += 1;
                *ev.entry(h.span.slice(text).to_lowercase()).or_insert(0) += 1;
            }
        }
    }
    let words = text
        .get(doc.body_start..)
        .unwrap_or("")
        .split_whitespace()
        .count();
    let threshold = MIN_SCORE + words as f32 / WORDS_PER_POINT;
    let best = raw.iter().copied().fold(0.0f32, f32::max);
    let mut order: Vec<usize> = (0..lex.topics.len()).collect();
    order.sort_by(|&a, &b| raw[b].total_cmp(&raw[a]));
    let mut topics = Vec::new();
    let mut kept = vec![false; lex.topics.len()];
    for t in order {
        let Some(topic) = lex.topics.get(t) else {
            continue;
        };
        let (r, c) = (raw[t], count[t]);
        let distinct = evidence[t].len();
        if r < threshold
            || c < MIN_HITS
            || (distinct < 2 && c < MIN_HITS_ONE_PHRASE && max_weight[t] < DEFINING)
            || r < best * MIN_SHARE_OF_BEST
            || topics.len() >= MAX_TOPICS
        {
            continue;
        }
        kept[t] = true;
        let mut ev: Vec<(String, usize)> = evidence[t].drain().collect();
        ev.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        topics.push(FoundTopic {
            key: topic.key.clone(),
            label: topic.label.clone(),
            // squashed into [0, 1): 4 -> 0.5, 12 -> 0.75
            score: r / (r + threshold),
            evidence: ev.into_iter().take(6).map(|(p, _)| p).collect(),
        });
    }
    topics.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    let covered: Vec<Span> = found
        .iter()
        .filter(|h| {
            lex.cues
                .get(h.cue)
                .is_some_and(|c| c.topics.iter().any(|&(t, _)| kept[t]))
        })
        .map(|h| h.span)
        .collect();
    analysis.keyphrases = keyphrases(doc, analysis, &covered);
    analysis.topics = topics;
}

/// Counts the 1-3 word phrases of a run of kept words, then empties the run.
fn flush_run<'t>(
    lowered: &'t str,
    run: &mut Vec<(Span, bool)>,
    stats: &mut HashMap<&'t str, (usize, usize, bool)>,
) {
    for n in 1..=3 {
        for w in run.windows(n) {
            let (Some(first), Some(last)) = (w.first(), w.last()) else {
                continue;
            };
            let phrase = lowered.get(first.0.start..last.0.end).unwrap_or("");
            let e = stats.entry(phrase).or_insert((0, first.0.start, false));
            e.0 += 1;
            e.2 |= w.iter().any(|(_, lower)| *lower);
        }
    }
    run.clear();
}

/// [`STOP`] as a set, built once.
fn stop_words() -> &'static HashSet<&'static str> {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| super::lexicon::get().stop_words.iter().collect())
}

/// Salient phrases: 1-3 word sequences of non-stop words outside actor mentions and kept-topic
/// cues, seen at least twice; score = frequency x length bonus x early-position bonus.
fn keyphrases(doc: &Doc, analysis: &Analysis, covered: &[Span]) -> Vec<String> {
    let text = doc.text;
    let toks = doc.words();
    let mut mention_spans: Vec<Span> = analysis.mentions.iter().map(|m| m.span).collect();
    mention_spans.sort_unstable();
    let inside = |spans: &[Span], s: Span| {
        let i = spans.partition_point(|m| m.end <= s.start);
        spans.get(i).is_some_and(|m| m.overlaps(&s))
    };
    let mut covered = covered.to_vec();
    covered.sort_unstable();
    let body_len = text.len().saturating_sub(doc.body_start).max(1);
    // ASCII folding keeps byte offsets, so phrases are slices of one lowered copy.
    let lowered = text.to_ascii_lowercase();
    let stop = stop_words();
    // (count, first position, seen in lower case) per phrase; names the entity finder missed
    // are written capitalised everywhere and are left to the actors.
    let mut stats: HashMap<&str, (usize, usize, bool)> = HashMap::new();
    let mut run: Vec<(Span, bool)> = Vec::new();
    for t in &toks {
        let lower = lowered.get(t.span.start..t.span.end).unwrap_or("");
        let keep = t.word
            && lower.chars().count() >= 3
            && !stop.contains(lower)
            && !lower.contains('.')
            && !lower.chars().all(|c| c.is_numeric() || c == ',')
            && !inside(&mention_spans, t.span)
            && !inside(&covered, t.span);
        if keep {
            run.push((t.span, !t.cap));
        } else if !run.is_empty() {
            flush_run(&lowered, &mut run, &mut stats);
        }
    }
    flush_run(&lowered, &mut run, &mut stats);
    let mut scored: Vec<(f32, String, usize)> = stats
        .into_iter()
        .filter(|(_, (n, _, lower))| *n >= 2 && *lower)
        .map(|(p, (n, first, _))| {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            let words = p.split(' ').count() as f32;
            let early =
                1.0 + 0.5 * (1.0 - (first.saturating_sub(doc.body_start)) as f32 / body_len as f32);
            (n as f32 * words.sqrt() * early, p, n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<(String, usize)> = Vec::new();
    for (_, p, n) in scored {
        // a word that only ever appears inside a longer chosen phrase adds nothing
        let redundant = out.iter().any(|(q, m)| {
            (q.contains(p.as_str()) && *m >= n) || (p.contains(q.as_str()) && n < *m)
        });
        if !redundant {
            out.push((p, n));
        }
        if out.len() >= MAX_KEYPHRASES {
            break;
        }
    }
    out.into_iter().map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Analysis {
        let doc = Doc::new(text, 0);
        let mut a = Analysis::default();
        find(&Lexicon::load(), &doc, &mut a);
        a
    }

    fn keys(a: &Analysis) -> Vec<&str> {
        a.topics.iter().map(|t| t.key.as_str()).collect()
    }

    #[test]
    fn lexicon_parses_every_topic() {
        let lex = Lexicon::load();
        assert!(lex.topics.len() >= 25);
        assert!(lex.topics.iter().any(|t| t.key == "ceasefire"));
        assert!(lex.matcher.is_some());
    }

    #[test]
    fn repeated_cues_make_a_topic_with_evidence() {
        let a = analyse(
            "The rebels agreed to a ceasefire on Monday.\n\nThe truce held overnight, and the ceasefire is due to last a month.",
        );
        assert!(keys(&a).contains(&"ceasefire"), "{:?}", a.topics);
        let t = &a.topics[0];
        assert!(t.evidence.contains(&"ceasefire".to_string()));
        assert!(t.evidence.contains(&"truce".to_string()));
        assert!(t.score > 0.5 && t.score < 1.0);
    }

    #[test]
    fn a_single_passing_word_is_not_a_topic() {
        let a = analyse("The minister visited a school and spoke about the weather at length.");
        assert!(!keys(&a).contains(&"education"), "{:?}", a.topics);
    }

    #[test]
    fn prefix_cues_match_word_forms_only_at_word_starts() {
        let a =
            analyse("Negotiators met. The negotiations resumed and the negotiating teams agreed.");
        assert!(keys(&a).contains(&"negotiations"), "{:?}", a.topics);
        let b = analyse("The renegotiated lease and the renegotiation of the rent.");
        assert!(!keys(&b).contains(&"negotiations"), "{:?}", b.topics);
    }

    #[test]
    fn custom_lexicon_format() {
        let lex = Lexicon::parse("# c\n@fish Fishing\n3 trawler*\nnets\n@x X\n");
        assert_eq!(lex.topics.len(), 2);
        assert_eq!(lex.cues.len(), 2);
        assert!(lex.cues[0].prefix);
        assert_eq!(lex.cues[1].topics, vec![(0, 1.0)]);
    }

    #[test]
    fn keyphrases_are_frequent_and_uncovered() {
        let a = analyse(
            "The harbour crane collapsed on Monday. Engineers said the harbour crane was old.\n\nA second harbour crane was closed. The ceasefire held, the truce was praised and the ceasefire lasted.",
        );
        assert_eq!(
            a.keyphrases.first().map(String::as_str),
            Some("harbour crane")
        );
        assert!(!a.keyphrases.iter().any(|k| k.contains("ceasefire")));
    }
}
