//! Trains the entity tagger shipped as `assets/tagger.bin`.
//!
//! Reproduce (deterministic: fixed shuffling seeds, fixed epoch and run counts; the same code, word
//! lists and corpora give byte-identical output, in the release and the dev profile alike):
//! `python3 scripts/common_words.py ../shared/ner-train` (only when the corpora change), then
//! `cargo run --release --example train_tagger -- ../shared/ner-train assets/tagger.bin`
//! (a release example builds the app's dependencies first; the dev profile needs no extra build
//! and about a minute of CPU).
//!
//! Development aids (environment variables; none is set for the shipped weights):
//! `TAGGER_EPOCHS`, `TAGGER_RUNS` (shuffles whose averaged weights are averaged again),
//! `TAGGER_SEED`, `TAGGER_SKIP=BTC,WNUT17` (corpora left out), `TAGGER_HOLDOUT=K` (every tenth
//! sentence of wikigold, re3d and GUM, starting at K, is held out of training and scored).
//!
//! Corpora (permissive licences, see assets/gazetteers/LICENSES.md and README):
//! wikigold (CC BY 4.0, IOB1), BTC (CC BY 4.0), WNUT17 train+dev+test (CC BY 4.0), re3d (public
//! domain / OGL / CC BY), GUM train split, genres academic, bio, court, interview, voyage (annotations
//! CC BY 4.0; texts CC BY 4.0 / CC BY-SA 3.0 / CC BY 2.5; the non-commercial `gum-nc.conll` is
//! never read). Labels map to PER, ORG, LOC; MISC, products, creative works,
//! nationalities and everything else become O. re3d also marks descriptions ("the Iraqi Foreign
//! Minister") as Person; those do not fit the proper-name spans we want, so re3d entities that
//! start with a lower-case word or contain a title word are turned into O.

use std::path::{Path, PathBuf};

use dossier::extract::entities::gazetteer::Gazetteer;
use dossier::extract::entities::tagger::{LABELS, Tagger, Trainer, prepare};

const EPOCHS: usize = 12;
fn epochs() -> usize {
    std::env::var("TAGGER_EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(EPOCHS)
}
/// The GUM genres whose texts allow commercial use (CC BY / CC BY-SA); `gum-nc.conll` is left out.
const GUM_GENRES: [&str; 5] = ["academic", "bio", "court", "interview", "voyage"];
const SEED: u64 = 0x5eed_1234;
/// Independent shuffles whose averaged weights are averaged again (less variance).
const RUNS: usize = 4;

type Sentence = (Vec<String>, Vec<usize>);

fn label_index(kind: &str, inside: bool) -> usize {
    let t = match kind {
        "PER" => 1,
        "ORG" => 3,
        "LOC" => 5,
        _ => return 0,
    };
    t + usize::from(inside)
}

/// Maps a corpus label to (kind, explicit-begin) where kind is PER/ORG/LOC or "" for O.
fn map_label(label: &str) -> (&'static str, bool) {
    let (prefix, body) = match label.split_once('-') {
        Some((p, b)) if p == "B" || p == "I" => (p, b),
        _ => ("", label),
    };
    let kind = match body {
        "PER" | "person" | "Person" => "PER",
        "ORG" | "corporation" | "group" | "Organisation" => "ORG",
        "LOC" | "location" | "Location" => "LOC",
        _ => "",
    };
    (kind, prefix == "B")
}

fn read_conll(path: &Path, re3d: bool) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut raw: Vec<(&'static str, bool)> = Vec::new();
    let mut flush = |words: &mut Vec<String>, raw: &mut Vec<(&'static str, bool)>| {
        if words.is_empty() {
            return;
        }
        // IOB1/IOB2 -> label indices; an entity begins at an explicit B or a type change.
        let mut labels = Vec::with_capacity(raw.len());
        let mut prev = "";
        for &(kind, begin) in raw.iter() {
            if kind.is_empty() {
                labels.push(0);
            } else {
                let inside = !begin && prev == kind;
                labels.push(label_index(kind, inside));
            }
            prev = kind;
        }
        if re3d {
            clean_re3d(words, &mut labels);
        }
        out.push((std::mem::take(words), labels));
        raw.clear();
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 || cols[0] == "-DOCSTART-" {
            flush(&mut words, &mut raw);
            continue;
        }
        words.push(cols[0].to_string());
        raw.push(map_label(cols[cols.len() - 1]));
    }
    flush(&mut words, &mut raw);
    out
}

const TITLE_WORDS: &[&str] = &[
    "Minister",
    "President",
    "Secretary",
    "Ambassador",
    "Foreign",
    "Office",
    "Spokesman",
    "General",
    "Commander",
    "Prime",
    "Chief",
    "Officer",
    "Director",
    "Government",
    "Forces",
];

fn clean_re3d(words: &[String], labels: &mut [usize]) {
    let mut i = 0;
    while i < labels.len() {
        if labels[i] == 0 {
            i += 1;
            continue;
        }
        // Inside labels are even and equal to their begin label + 1.
        let b = if labels[i] % 2 == 1 {
            labels[i]
        } else {
            labels[i] - 1
        };
        let mut e = i + 1;
        while e < labels.len() && labels[e] == b + 1 {
            e += 1;
        }
        let span = &words[i..e];
        let lower_start = span[0].chars().next().is_some_and(|c| c.is_lowercase());
        let titled = b == 1 && span.iter().any(|w| TITLE_WORDS.contains(&w.as_str()));
        if lower_start || titled {
            for l in &mut labels[i..e] {
                *l = 0;
            }
        }
        i = e;
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.to_string_lossy().ends_with(ext) {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).map_or("../shared/ner-train", String::as_str));
    let out_path = PathBuf::from(args.get(2).map_or("assets/tagger.bin", String::as_str));
    let mut data: Vec<(bool, Sentence)> = Vec::new();
    let skip = std::env::var("TAGGER_SKIP").unwrap_or_default();
    let mut add = |name: &str, sents: Vec<Sentence>| {
        if skip.split(',').any(|s| s == name) {
            return;
        }
        eprintln!("{name}: {} sentences", sents.len());
        let held = matches!(name, "wikigold" | "re3d") || GUM_GENRES.contains(&name);
        data.extend(sents.into_iter().map(|s| (held, s)));
    };
    add(
        "wikigold",
        read_conll(
            &root.join("wikigold/CONLL-format/data/wikigold.conll.txt"),
            false,
        ),
    );
    let mut btc = Vec::new();
    files(&root.join("BTC/CONLL-format/data"), ".conll", &mut btc);
    add(
        "BTC",
        btc.iter().flat_map(|p| read_conll(p, false)).collect(),
    );
    let mut wnut = Vec::new();
    files(&root.join("WNUT17/CONLL-format/data"), "", &mut wnut);
    add(
        "WNUT17",
        wnut.iter().flat_map(|p| read_conll(p, false)).collect(),
    );
    let mut re3d = Vec::new();
    files(&root.join("re3d/CONLL-format"), ".conll", &mut re3d);
    add(
        "re3d",
        re3d.iter().flat_map(|p| read_conll(p, true)).collect(),
    );

    // GUM train split, permissive genres only (gum-nc.conll is non-commercial: never read).
    let gum = std::env::var("TAGGER_NO_GUM").is_err();
    for genre in GUM_GENRES.iter().filter(|_| gum) {
        add(
            genre,
            read_conll(&root.join(format!("GUM/gum-{genre}.conll")), false),
        );
    }

    let gaz = Gazetteer::load();
    // Development aid: TAGGER_HOLDOUT=K (0-9) keeps every tenth sentence of the edited-text corpora
    // (wikigold, re3d, GUM) out of training and prints the tagger's entity F1 on them.
    let holdout: Option<usize> = std::env::var("TAGGER_HOLDOUT")
        .ok()
        .and_then(|e| e.parse().ok());
    let (test, data): (Vec<_>, Vec<_>) = data
        .into_iter()
        .enumerate()
        .partition(|(i, (held, _))| *held && Some(i % 10) == holdout);
    let test: Vec<Sentence> = test.into_iter().map(|(_, (_, s))| s).collect();
    let data: Vec<Sentence> = data.into_iter().map(|(_, (_, s))| s).collect();
    let prepared: Vec<_> = data
        .iter()
        .map(|(w, l)| {
            let words: Vec<&str> = w.iter().map(String::as_str).collect();
            (prepare(&words, &gaz), l.clone())
        })
        .collect();
    let tokens: usize = prepared.iter().map(|p| p.1.len()).sum();
    let ents: usize = prepared
        .iter()
        .flat_map(|p| p.1.iter())
        .filter(|&&l| l % 2 == 1)
        .count();
    eprintln!(
        "{} sentences, {tokens} tokens, {ents} entities, labels {LABELS:?}",
        prepared.len()
    );

    let runs: usize = std::env::var("TAGGER_RUNS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(RUNS);
    let mut sum: Vec<f32> = Vec::new();
    for run in 0..runs {
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let seed = std::env::var("TAGGER_SEED")
            .ok()
            .and_then(|e| e.parse().ok())
            .unwrap_or(SEED);
        let mut rng = seed ^ (run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut trainer = Trainer::new();
        for epoch in 0..epochs() {
            // Fisher-Yates with a fixed xorshift generator: reproducible across runs.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let mut errors = 0;
            for &k in &order {
                let (infos, gold) = &prepared[k];
                errors += trainer.train_sentence(infos, gold);
            }
            eprintln!(
                "run {run} epoch {epoch}: {errors} token errors ({:.2}%)",
                100.0 * errors as f64 / tokens as f64
            );
        }
        let avg = trainer.averaged();
        if sum.is_empty() {
            sum = avg;
        } else {
            for (s, a) in sum.iter_mut().zip(avg) {
                *s += a;
            }
        }
    }
    let tagger = Tagger::quantise(&sum);
    if !test.is_empty() {
        evaluate(&tagger, &test, &gaz);
    }
    let bytes = tagger.to_bytes();
    if let Err(e) = std::fs::write(&out_path, &bytes) {
        eprintln!("cannot write {}: {e}", out_path.display());
        std::process::exit(1);
    }
    eprintln!("wrote {} ({} bytes)", out_path.display(), bytes.len());
}

/// Entity spans (start, end, begin label) of a BIO label sequence.
fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l == 0 {
            i += 1;
            continue;
        }
        let b = if l % 2 == 1 { l } else { l - 1 };
        let mut e = i + 1;
        while e < labels.len() && labels[e] == b + 1 {
            e += 1;
        }
        out.push((i, e, b));
        i = e;
    }
    out
}

/// Prints exact-span entity F1 per type on held-out sentences.
fn evaluate(tagger: &Tagger, test: &[Sentence], gaz: &Gazetteer) {
    let mut counts = [[0usize; 3]; 4]; // per type (PER, ORG, LOC, all): tp, gold, sys
    for (w, gold) in test {
        let words: Vec<&str> = w.iter().map(String::as_str).collect();
        let got: Vec<usize> = tagger
            .tag(&prepare(&words, gaz))
            .iter()
            .map(|x| x.0)
            .collect();
        let (g, s) = (spans(gold), spans(&got));
        for x in &g {
            counts[x.2 / 2][1] += 1;
            counts[3][1] += 1;
            if s.contains(x) {
                counts[x.2 / 2][0] += 1;
                counts[3][0] += 1;
            }
        }
        for x in &s {
            counts[x.2 / 2][2] += 1;
            counts[3][2] += 1;
        }
    }
    for (name, c) in ["PER", "ORG", "LOC", "ALL"].iter().zip(counts) {
        let f1 = 2.0 * c[0] as f64 / (c[1] + c[2]).max(1) as f64;
        eprintln!("held-out {name}: F1 {f1:.3} (gold {}, sys {})", c[1], c[2]);
    }
}
