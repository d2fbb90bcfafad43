//! A greedy averaged-perceptron BIO tagger for PERSON / ORG / LOC names.
//!
//! Feature extraction lives here and is used by both inference and training
//! (`examples/train_tagger.rs`), so the two can never drift apart. Features are hashed into a
//! fixed table of `2^BITS` buckets, each holding one weight per label; the shipped weights
//! (`assets/tagger.bin`) are that table quantised to `i16`. Decoding is left to right, with the
//! previous two predicted labels as features.
//!
//! Features of a token: its lower-case and raw form, shape, prefixes and suffixes of one to four
//! letters, word-list classes and gazetteer matches, the same of its neighbours (two each side)
//! and their combinations, sentence-initial and headline-capitals context, and the run of
//! capitalised words it belongs to (first and last word, the words around it, its length and
//! the token's place in it), so the head of a name ("Ltd", "Ministry") informs all its words.

use super::gazetteer::{GazMatch, Gazetteer};

/// The labels: `O`, then `B-`/`I-` for PER, ORG, LOC (GPE and LOC are split later by gazetteer).
pub const LABELS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
/// Number of labels.
pub const NL: usize = LABELS.len();
/// log2 of the number of feature buckets.
pub const BITS: u32 = 19;
/// Number of features per token (see [`features`]).
pub const NF: usize = 64;

const MAGIC: &[u8; 8] = b"DTAGGER3";

/// Per-token values that the feature templates combine, computed once per token.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    lower: u64,
    raw: u64,
    shape: u64,
    pre3: u64,
    suf3: u64,
    suf2: u64,
    suf4: u64,
    pre1: u64,
    pre2: u64,
    suf1: u64,
    /// Every letter is upper-case (and there are at least two).
    all_caps: bool,
    /// The run of capitalised words this token belongs to (see [`mark_runs`]): the lower-case
    /// forms of its first and last word and of the words just before and after it, 0 outside
    /// a run.
    run_first: u64,
    run_last: u64,
    run_before: u64,
    run_after: u64,
    /// Position in the run (1-based, capped at 3) and run length (capped at 4); 0 outside.
    run_pos: u8,
    run_len: u8,
    /// A short connecting word ("of", "and", "de").
    connector: bool,
    /// Word-list classes, one bit each: [`CLASS_GIVEN`], [`CLASS_ORG_HEAD`], [`CLASS_TITLE`],
    /// [`CLASS_PLACE_HEAD`], [`CLASS_PARTICLE`].
    class: u8,
    /// Gazetteer kind code (0 none) times 2, plus 1 inside a multi-token match.
    gaz: u8,
    upper_initial: bool,
    /// Lower-case form is a common word.
    common: bool,
    /// The sentence is in headline capitals.
    caps: bool,
}

/// Word class: a given name (census lists).
pub const CLASS_GIVEN: u8 = 1;
/// Word class: a word that ends organisation names ("Ministry", "Party").
pub const CLASS_ORG_HEAD: u8 = 2;
/// Word class: a person title ("President", "Mr.").
pub const CLASS_TITLE: u8 = 4;
/// Word class: a word that ends place names ("River", "Province").
pub const CLASS_PLACE_HEAD: u8 = 8;
/// Word class: a name particle ("de", "bin").
pub const CLASS_PARTICLE: u8 = 16;

/// The word-list classes of `w` (`lower` is its lower-case form).
fn word_class(w: &str, lower: &str, gaz: &Gazetteer) -> u8 {
    let lex = crate::extract::lexicon::get();
    let mut c = 0;
    if lex.given_names_male.contains(lower) || lex.given_names_female.contains(lower) {
        c |= CLASS_GIVEN;
    }
    if lex.org_heads.contains(w) {
        c |= CLASS_ORG_HEAD;
    }
    if gaz.is_title(w) || crate::extract::text::is_title_abbreviation(w) {
        c |= CLASS_TITLE;
    }
    if lex.place_heads.contains(w) {
        c |= CLASS_PLACE_HEAD;
    }
    if lex.name_particles.contains(w) {
        c |= CLASS_PARTICLE;
    }
    c
}

/// A small bucket of a word's length in characters (1, 2, 3, 4-6, 7+).
fn len_bucket(w: &str) -> u64 {
    match w.chars().count() {
        0..=3 => w.len() as u64,
        4..=6 => 4,
        _ => 5,
    }
}

fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 29;
    x
}

/// The word shape: upper-case letters become `X`, lower-case `x`, digits `d`, other characters
/// stay; runs of the same class longer than two collapse ("Vorlakani" -> "Xxx", "U.S." -> "X.X.").
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    push_shape(word, &mut out);
    out
}

fn push_shape(word: &str, out: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = s;
        out.push(s);
    }
}

/// Prepares the per-token values of one sentence (`words`), with gazetteer matches.
pub fn prepare(words: &[&str], gaz: &Gazetteer) -> Vec<TokInfo> {
    prepare_with(words, gaz, &gaz.find(words))
}

/// [`prepare`] with the sentence's gazetteer matches already found.
pub fn prepare_with(words: &[&str], gaz: &Gazetteer, matches: &[GazMatch]) -> Vec<TokInfo> {
    let mut lower = String::with_capacity(32);
    let mut shp = String::with_capacity(16);
    let mut infos: Vec<TokInfo> = Vec::with_capacity(words.len());
    for w in words {
        lower.clear();
        for c in w.chars() {
            lower.extend(c.to_lowercase());
        }
        shp.clear();
        push_shape(w, &mut shp);
        let prefix = |n: usize| {
            let end = lower.char_indices().nth(n).map_or(lower.len(), |(i, _)| i);
            lower.get(..end).unwrap_or("")
        };
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let suffix = |n: usize| {
            let start = lower.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
            lower.get(start..).unwrap_or("")
        };
        infos.push(TokInfo {
            lower: fnv(lower.as_bytes(), 1),
            raw: fnv(w.as_bytes(), 2),
            shape: mix(fnv(shp.as_bytes(), 3), len_bucket(w)),
            pre3: fnv(prefix(3).as_bytes(), 4),
            pre1: fnv(prefix(1).as_bytes(), 8),
            pre2: fnv(prefix(2).as_bytes(), 9),
            suf1: fnv(suffix(1).as_bytes(), 10),
            all_caps: letters >= 2 && !w.chars().any(char::is_lowercase),
            suf3: fnv(suffix(3).as_bytes(), 5),
            suf2: fnv(suffix(2).as_bytes(), 6),
            suf4: fnv(suffix(4).as_bytes(), 7),
            class: word_class(w, &lower, gaz),
            connector: CONNECTORS.contains(&lower.as_str()),
            run_first: 0,
            run_last: 0,
            run_before: 0,
            run_after: 0,
            run_pos: 0,
            run_len: 0,
            gaz: 0,
            upper_initial: w.chars().next().is_some_and(char::is_uppercase),
            common: gaz.is_common(&lower),
            caps: false,
        });
    }
    // Headline casing: most words of the sentence start upper-case.
    let caps = infos.iter().filter(|t| t.upper_initial).count() * 4 > infos.len() * 3;
    for t in &mut infos {
        t.caps = caps;
    }
    mark_runs(&mut infos);
    for m in matches {
        for k in m.start..m.end {
            if let Some(t) = infos.get_mut(k) {
                t.gaz = m.kind.code() * 2 + u8::from(k > m.start);
            }
        }
    }
    infos
}

/// Lower-case words that may join two capitalised words into one run ("Bank of Vorland").
const CONNECTORS: [&str; 9] = ["of", "and", "the", "de", "for", "&", "du", "la", "van"];

/// Groups capitalised words into runs (a connector between two capitalised words joins them)
/// and gives each token of a run the run's first and last word, its neighbours, length and the
/// token's position: the end of a name ("Ltd", "Ministry", "River") then informs every word of it.
fn mark_runs(infos: &mut [TokInfo]) {
    let n = infos.len();
    let mut i = 0;
    while i < n {
        if !infos[i].upper_initial {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        loop {
            if e < n && infos[e].upper_initial {
                e += 1;
            } else if e + 1 < n && infos[e].connector && infos[e + 1].upper_initial {
                e += 2;
            } else {
                break;
            }
        }
        let first = infos[i].lower;
        let last = infos[e - 1].lower;
        let before = if i > 0 { infos[i - 1].lower } else { 1 };
        let after = infos.get(e).map_or(2, |t| t.lower);
        let len = (e - i).min(4) as u8;
        for (k, t) in infos[i..e].iter_mut().enumerate() {
            t.run_first = first;
            t.run_last = last;
            t.run_before = before;
            t.run_after = after;
            t.run_pos = (k + 1).min(3) as u8;
            t.run_len = len;
        }
        i = e;
    }
}

fn flags(t: &TokInfo) -> u64 {
    u64::from(t.upper_initial) | u64::from(t.common) << 1 | u64::from(t.gaz > 0) << 2
}

/// Fills `out` with the bucket indices of token `i`'s features, given the two previous labels.
pub fn features(infos: &[TokInfo], i: usize, prev: usize, prev2: usize, out: &mut [u32; NF]) {
    const PAD: TokInfo = TokInfo {
        lower: 11,
        raw: 12,
        shape: 13,
        pre3: 14,
        suf3: 15,
        suf2: 16,
        suf4: 17,
        pre1: 18,
        pre2: 19,
        suf1: 20,
        all_caps: false,
        run_first: 0,
        run_last: 0,
        run_before: 0,
        run_after: 0,
        run_pos: 0,
        run_len: 0,
        connector: false,
        class: 0,
        gaz: 15,
        upper_initial: false,
        common: false,
        caps: false,
    };
    let at = |k: isize| -> TokInfo {
        if k < 0 {
            PAD
        } else {
            infos.get(k as usize).copied().unwrap_or(PAD)
        }
    };
    let i = i as isize;
    let (w, p1, p2, n1, n2) = (at(i), at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    let caps = w.caps;
    let first = i == 0;
    let (pl, pl2) = (prev as u64, prev2 as u64);
    let vals: [u64; NF] = [
        0,
        w.lower,
        w.shape,
        w.pre3,
        w.suf3,
        p1.lower,
        n1.lower,
        p2.lower,
        n2.lower,
        p1.shape,
        n1.shape,
        mix(mix(p1.shape, w.shape), n1.shape),
        u64::from(w.gaz),
        u64::from(p1.gaz),
        u64::from(n1.gaz),
        mix(u64::from(first), w.shape),
        pl,
        mix(pl, pl2),
        mix(pl, w.shape),
        mix(pl, w.lower),
        mix(p1.lower, w.lower),
        mix(w.lower, n1.lower),
        w.raw,
        mix(u64::from(caps), w.shape),
        mix(u64::from(caps), w.lower),
        mix(u64::from(w.gaz), u64::from(p1.gaz)),
        flags(&w) | u64::from(first) << 4,
        mix(flags(&p1), flags(&n1) << 8),
        w.suf2,
        w.suf4,
        u64::from(w.class),
        mix(u64::from(p1.class), flags(&w)),
        mix(u64::from(n1.class), flags(&w)),
        mix(u64::from(n2.class), flags(&w)),
        mix(mix(u64::from(w.class), u64::from(n1.class)), pl),
        mix(p1.lower, w.shape),
        mix(w.shape, n1.lower),
        mix(mix(u64::from(first), u64::from(w.common)), w.shape),
        mix(pl, u64::from(n1.class)),
        mix(mix(p1.shape, w.shape), mix(n1.shape, n2.shape)),
        w.pre1,
        w.pre2,
        w.suf1,
        mix(p1.lower, n1.lower),
        mix(p1.shape, w.shape),
        mix(w.shape, n1.shape),
        mix(w.lower, n1.shape),
        mix(p2.lower, p1.lower),
        mix(n1.lower, n2.lower),
        p1.raw,
        n1.raw,
        mix(pl, p1.lower),
        mix(u64::from(w.gaz), w.shape),
        mix(mix(u64::from(w.all_caps), u64::from(caps)), w.lower),
        mix(n1.suf3, w.shape),
        mix(p1.suf3, w.shape),
        mix(w.run_last, u64::from(w.run_pos)),
        mix(w.run_first, u64::from(w.run_pos)),
        mix(w.run_before, u64::from(w.run_pos)),
        mix(w.run_after, u64::from(w.run_pos)),
        mix(u64::from(w.run_len), u64::from(w.run_pos)),
        mix(mix(w.run_last, w.run_before), u64::from(w.run_pos)),
        mix(mix(w.run_first, w.run_after), u64::from(w.run_pos == 1)),
        mix(mix(w.run_before, w.run_after), u64::from(w.run_len)),
    ];
    let mask = (1u64 << BITS) - 1;
    for (t, (o, v)) in out.iter_mut().zip(vals).enumerate() {
        *o = (mix(t as u64 + 1, v) & mask) as u32;
    }
}

/// Turns a label sequence into a legal BIO sequence (an `I-X` after anything but `B-X`/`I-X`
/// becomes `B-X`).
pub fn repair(labels: &mut [usize]) {
    let mut prev = 0;
    for l in labels.iter_mut() {
        if *l != 0 && *l % 2 == 0 {
            let b = *l - 1;
            if prev != b && prev != *l {
                *l = b;
            }
        }
        prev = *l;
    }
}

/// The trained weights.
pub struct Tagger {
    weights: Vec<i16>,
}

impl Tagger {
    /// Reads weights written by [`Tagger::to_bytes`]; an unreadable file gives an empty tagger
    /// (every token `O`), so the engine still works on rules and gazetteers.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let n = (1usize << BITS) * NL;
        let ok = bytes.len() == MAGIC.len() + 2 * n && bytes.starts_with(MAGIC);
        let weights = if ok {
            bytes
                .get(MAGIC.len()..)
                .unwrap_or(&[])
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect()
        } else {
            Vec::new()
        };
        Tagger { weights }
    }

    /// Quantises float weights (length `2^BITS * NL`) into a tagger.
    pub fn quantise(w: &[f32]) -> Self {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = 32000.0 / max;
        Tagger {
            weights: w.iter().map(|x| (x * scale).round() as i16).collect(),
        }
    }

    /// The weight file: magic then little-endian `i16`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// True when weights were loaded.
    pub fn is_loaded(&self) -> bool {
        !self.weights.is_empty()
    }

    /// Tags one sentence: a label index and a confidence (0..1) per token.
    pub fn tag(&self, infos: &[TokInfo]) -> Vec<(usize, f32)> {
        let mut out = Vec::with_capacity(infos.len());
        if !self.is_loaded() {
            out.resize(infos.len(), (0, 0.0));
            return out;
        }
        let mut feats = [0u32; NF];
        let (mut prev, mut prev2) = (0, 0);
        for i in 0..infos.len() {
            features(infos, i, prev, prev2, &mut feats);
            let mut scores = [0i32; NL];
            for &f in &feats {
                let base = f as usize * NL;
                if let Some(row) = self.weights.get(base..base + NL) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                }
            }
            let mut best = 0;
            for l in 1..NL {
                if scores[l] > scores[best] {
                    best = l;
                }
            }
            let second = (0..NL)
                .filter(|&l| l != best)
                .map(|l| scores[l])
                .max()
                .unwrap_or(0);
            let margin = (scores[best] - second) as f32 / 4000.0;
            let conf = 1.0 / (1.0 + (-margin).exp());
            out.push((best, conf));
            prev2 = prev;
            prev = best;
        }
        let mut labels: Vec<usize> = out.iter().map(|x| x.0).collect();
        repair(&mut labels);
        for (o, l) in out.iter_mut().zip(labels) {
            o.0 = l;
        }
        out
    }
}

/// Averaged-perceptron training state (used by `examples/train_tagger.rs`).
pub struct Trainer {
    w: Vec<f32>,
    acc: Vec<f32>,
    step: f32,
}

impl Default for Trainer {
    fn default() -> Self {
        Self::new()
    }
}

impl Trainer {
    /// A zeroed model.
    pub fn new() -> Self {
        let n = (1usize << BITS) * NL;
        Trainer {
            w: vec![0.0; n],
            acc: vec![0.0; n],
            step: 1.0,
        }
    }

    fn predict(&self, feats: &[u32; NF]) -> usize {
        let mut scores = [0f32; NL];
        for &f in feats {
            let base = f as usize * NL;
            if let Some(row) = self.w.get(base..base + NL) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
        let mut best = 0;
        for l in 1..NL {
            if scores[l] > scores[best] {
                best = l;
            }
        }
        best
    }

    /// One pass over one sentence with gold labels; returns the number of token errors.
    pub fn train_sentence(&mut self, infos: &[TokInfo], gold: &[usize]) -> usize {
        let mut feats = [0u32; NF];
        let (mut prev, mut prev2) = (0, 0);
        let mut errors = 0;
        for (i, &g) in gold.iter().enumerate().take(infos.len()) {
            features(infos, i, prev, prev2, &mut feats);
            let p = self.predict(&feats);
            if p != g {
                errors += 1;
                for &f in &feats {
                    let base = f as usize * NL;
                    for (l, d) in [(g, 1.0f32), (p, -1.0)] {
                        if let (Some(w), Some(a)) =
                            (self.w.get_mut(base + l), self.acc.get_mut(base + l))
                        {
                            *w += d;
                            *a += self.step * d;
                        }
                    }
                }
            }
            self.step += 1.0;
            prev2 = prev;
            prev = p;
        }
        errors
    }

    /// The averaged weights, as floats (several runs can be averaged again before quantising).
    pub fn averaged(&self) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / self.step)
            .collect()
    }

    /// The averaged weights, quantised.
    pub fn finish(&self) -> Tagger {
        Tagger::quantise(&self.averaged())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Vorlakani"), "Xxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("VRD"), "XX");
        assert_eq!(shape("al-Qaeda"), "xx-Xxx");
        assert_eq!(shape("2021"), "dd");
    }

    #[test]
    fn runs_join_capitalised_words_over_connectors() {
        let g = Gazetteer::load();
        let words = [
            "the", "Bank", "of", "Vorland", "said", "Tuesday", "of", "all", "days",
        ];
        let infos = prepare(&words, &g);
        let pos: Vec<u8> = infos.iter().map(|t| t.run_pos).collect();
        assert_eq!(pos, vec![0, 1, 2, 3, 0, 1, 0, 0, 0]);
        // Every word of "Bank of Vorland" knows the run's last word and the word after it.
        assert_eq!(infos[1].run_last, infos[3].lower);
        assert_eq!(infos[2].run_last, infos[3].lower);
        assert_eq!(infos[1].run_after, infos[4].lower);
        assert_eq!(infos[3].run_before, infos[0].lower);
        assert_eq!(infos[1].run_len, 3);
        // "of" followed by a lower-case word does not extend "Tuesday".
        assert_eq!(infos[5].run_len, 1);
        assert_eq!(infos[6].run_last, 0);
    }

    #[test]
    fn affixes_and_capitals() {
        let g = Gazetteer::load();
        let a = prepare(&["NATO", "Nato", "nation"], &g);
        assert!(a[0].all_caps && !a[1].all_caps && !a[2].all_caps);
        assert_eq!(a[0].lower, a[1].lower);
        assert_ne!(a[0].raw, a[1].raw);
        // "nato" and "nation" share their first letters, not their last.
        assert_eq!(a[1].pre3, a[2].pre3);
        assert_eq!(a[1].pre2, a[2].pre2);
        assert_ne!(a[1].suf1, a[2].suf1);
        assert!(!prepare(&["I"], &g)[0].all_caps);
    }

    #[test]
    fn repair_fixes_orphan_inside_labels() {
        let mut l = vec![0, 2, 2, 4, 3, 4];
        repair(&mut l);
        assert_eq!(l, vec![0, 1, 2, 3, 3, 4]);
    }

    #[test]
    fn a_tiny_model_learns_a_pattern() {
        let g = Gazetteer::load();
        let mut t = Trainer::new();
        let s1 = ["Mr.", "Vorlak", "spoke"];
        let s2 = ["the", "storm", "spoke"];
        for _ in 0..5 {
            t.train_sentence(&prepare(&s1, &g), &[0, 1, 0]);
            t.train_sentence(&prepare(&s2, &g), &[0, 0, 0]);
        }
        let tagger = Tagger::from_bytes(&t.finish().to_bytes());
        assert!(tagger.is_loaded());
        let got: Vec<usize> = tagger
            .tag(&prepare(&["Mr.", "Brandel", "spoke"], &g))
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(got, vec![0, 1, 0]);
        assert!(
            Tagger::from_bytes(b"junk")
                .tag(&prepare(&s1, &g))
                .iter()
                .all(|x| x.0 == 0)
        );
    }
}
