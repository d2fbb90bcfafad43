//! Prints the tagger's labels for each sentence of a text file (development aid).
//! `cargo run --example tag_debug -- FILE [WORD]` (only sentences containing WORD when given).

use dossier::extract::entities::Model;
use dossier::extract::entities::tagger::{LABELS, prepare};
use dossier::extract::text::Doc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(args.get(1).map_or("", String::as_str)).unwrap_or_default();
    let filter = args.get(2).cloned().unwrap_or_default();
    let model = Model::load();
    let doc = Doc::new(&text, 0);
    for r in &doc.sentence_tokens {
        let words: Vec<&str> = r.clone().map(|i| doc.tok(i)).collect();
        if !filter.is_empty() && !words.contains(&filter.as_str()) {
            continue;
        }
        let infos = prepare(&words, model.gazetteer);
        let tags = model.tagger.tag(&infos);
        let line: Vec<String> = words
            .iter()
            .zip(&tags)
            .map(|(w, (l, c))| {
                if *l == 0 {
                    w.to_string()
                } else {
                    format!("{w}/{}:{c:.2}", LABELS[*l])
                }
            })
            .collect();
        println!("{}\n", line.join(" "));
    }
}
