//! Extraction benchmark: engine start-up time, then single-thread throughput of
//! `Engine::analyse` in words per second, and peak memory.
//!
//! `cargo bench --bench extract` runs on the project's own fixture articles;
//! `DOSSIER_BENCH_TEXTS=DIR cargo bench --bench extract` on every `.txt` file under DIR (for
//! example `../shared/eval`, whose news articles are more realistic).

use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;

use common::peak_rss_mb;
use dossier::extract::Engine;

fn texts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            texts(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::var_os("DOSSIER_BENCH_TEXTS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        PathBuf::from,
    );
    let mut files = Vec::new();
    texts(&dir, &mut files);
    let articles: Vec<_> = files
        .iter()
        .filter_map(|p| dossier::pipeline::read_article_file(p).ok())
        .flat_map(|parsed| parsed.articles)
        .collect();
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    assert!(words > 0, "no articles under {}", dir.display());

    let t = Instant::now();
    let engine = Engine::new();
    let ready = t.elapsed().as_secs_f64();
    println!("engine ready in {:.0} ms", ready * 1e3);

    // Repeat the corpus until about two million words have been analysed.
    let rounds = (2_000_000 / words).max(1);
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for a in &articles {
            let analysis = engine.analyse(a);
            found += analysis.mentions.len() + analysis.quotes.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} articles x {rounds} rounds, {} words: {:.0} words/s on one thread ({found} mentions and quotes); peak memory {:.0} MB",
        articles.len(),
        words * rounds,
        (words * rounds) as f64 / secs,
        peak_rss_mb()
    );
}
