//! Article import benchmark: single-thread pages per second of `import::parse` on saved web
//! pages and on PDF documents, and peak memory.
//!
//! `cargo bench --bench article_import` reads `DOSSIER_BENCH_HTML=DIR` and
//! `DOSSIER_BENCH_PDF=DIR` (every `.html`/`.htm` and `.pdf` file directly in DIR); without them
//! it uses `../shared/eval/html-dev/pages` and `../shared/eval/pdf-dev/pages` when they exist,
//! else the project's own fixtures. Each set is parsed `DOSSIER_BENCH_ROUNDS` times (default 3).

use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;

use common::peak_rss_mb;

fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    out.sort();
    out
}

fn pick(var: &str, shared: &str, fixtures: &str) -> PathBuf {
    if let Ok(d) = std::env::var(var) {
        return PathBuf::from(d);
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join(shared);
    if shared.is_dir() {
        shared
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(fixtures)
    }
}

/// Parses every file `rounds` times; returns (pages, seconds, failures of the first round).
fn run(paths: &[PathBuf], rounds: usize, pages_of: impl Fn(&[u8]) -> usize) -> (usize, f64, usize) {
    let data: Vec<(String, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(p).ok()?))
        })
        .collect();
    let pages_per_round: usize = data.iter().map(|(_, b)| pages_of(b)).sum();
    let mut failed = 0;
    let start = Instant::now();
    for round in 0..rounds {
        for (name, bytes) in &data {
            let ok = dossier::import::parse(name, bytes).is_ok();
            if round == 0 && !ok {
                failed += 1;
            }
        }
    }
    (
        pages_per_round * rounds,
        start.elapsed().as_secs_f64(),
        failed,
    )
}

fn main() {
    let rounds: usize = std::env::var("DOSSIER_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let html_dir = pick(
        "DOSSIER_BENCH_HTML",
        "../shared/eval/html-dev/pages",
        "tests/fixtures/import",
    );
    let pdf_dir = pick(
        "DOSSIER_BENCH_PDF",
        "../shared/eval/pdf-dev/pages",
        "tests/fixtures/import",
    );
    let html = files(&html_dir, &["html", "htm"]);
    let (pages, secs, failed) = run(&html, rounds, |_| 1);
    println!(
        "html: {} files from {}, {pages} pages in {secs:.2} s: {:.0} pages/s ({failed} refused)",
        html.len(),
        html_dir.display(),
        pages as f64 / secs.max(1e-9)
    );
    let pdf = files(&pdf_dir, &["pdf"]);
    let (pages, secs, failed) = run(&pdf, rounds, |b| {
        pdf_extract::Document::load_mem(b).map_or(1, |d| d.get_pages().len().max(1))
    });
    println!(
        "pdf:  {} files from {}, {pages} pages in {secs:.2} s: {:.0} pages/s ({failed} refused)",
        pdf.len(),
        pdf_dir.display(),
        pages as f64 / secs.max(1e-9)
    );
    println!("peak memory: {:.0} MB", peak_rss_mb());
}
