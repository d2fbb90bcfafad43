//! Replays every input the fuzzer (`src/bin/fuzz.rs`) ever found, and its seed corpus, through
//! the importers and the extraction engine: none may panic, and what they return must hold
//! together (spans inside the text, on character boundaries).

use std::path::Path;

use dossier::extract::Engine;
use dossier::model::Article;

const NAMES: &[&str] = &["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "noext"];

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut all = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                all.push((p.display().to_string(), bytes));
            }
        }
    }
    assert!(all.len() >= 7, "the seed corpus is missing");
    all
}

fn check_spans(what: &str, text: &str, start: usize, end: usize) {
    assert!(start <= end && end <= text.len(), "{what}: {start}..{end}");
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}"
    );
}

#[test]
fn importers_survive_every_known_input() {
    for (path, bytes) in inputs() {
        for name in NAMES {
            if let Ok(parsed) = dossier::import::parse(name, &bytes) {
                for a in &parsed.articles {
                    check_spans(
                        &format!("{path} as {name}"),
                        &a.text,
                        a.body_start,
                        a.body_start,
                    );
                }
            }
        }
    }
}

#[test]
fn the_engine_survives_every_known_input() {
    let engine = Engine::shared();
    for (path, bytes) in inputs() {
        let article = Article {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            ..Article::default()
        };
        let analysis = engine.analyse(&article);
        for m in &analysis.mentions {
            check_spans(&path, &article.text, m.span.start, m.span.end);
        }
        for q in &analysis.quotes {
            check_spans(&path, &article.text, q.span.start, q.span.end);
        }
    }
}
