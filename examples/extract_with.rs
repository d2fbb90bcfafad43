//! Runs extraction with tagger weights read from a file and writes the evaluation schema, like
//! `dossier extract --json-dir`, so new weights can be scored without rebuilding the binary:
//! `cargo run --example extract_with -- WEIGHTS OUTDIR FILE...`, then
//! `python3 ../shared/eval/score.py --gold SET --sys OUTDIR`.

use std::path::PathBuf;

use dossier::extract::Engine;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(weights), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: extract_with WEIGHTS OUTDIR FILE...");
        std::process::exit(2);
    };
    let bytes = std::fs::read(weights).unwrap_or_default();
    let engine = Engine::with_tagger_weights(&bytes);
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let mut done = Vec::new();
    for path in args.iter().skip(2).map(PathBuf::from) {
        let Ok(parsed) = dossier::pipeline::read_article_file(&path) else {
            eprintln!("cannot read {}", path.display());
            continue;
        };
        let Some(article) = parsed.articles.into_iter().next() else {
            continue;
        };
        let analysis = engine.analyse(&article);
        done.push((path, article, analysis));
    }
    let items: Vec<_> = done.iter().map(|(_, a, x)| (a, x)).collect();
    let docs = dossier::extract::eval::eval_docs(&items);
    for ((path, _, _), doc) in done.iter().zip(docs) {
        let stem = path
            .file_stem()
            .map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned());
        let json = serde_json::to_vec(&doc).unwrap_or_default();
        if let Err(e) = std::fs::write(dir.join(format!("{stem}.json")), json) {
            eprintln!("cannot write: {e}");
        }
    }
}
