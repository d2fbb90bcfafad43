//! Prints what the engine finds in one article file, for looking at extraction by hand:
//! `cargo run --example analyse -- FILE`.

use dossier::extract::Engine;
use dossier::model::Speaker;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: analyse FILE");
        std::process::exit(2);
    };
    let parsed = match dossier::pipeline::read_article_file(std::path::Path::new(&path)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let engine = Engine::new();
    for article in &parsed.articles {
        let a = engine.analyse(article);
        let text = &article.text;
        for actor in &a.actors {
            println!(
                "actor {:?} {} aliases={:?}",
                actor.kind, actor.name, actor.aliases
            );
            for r in &actor.roles {
                println!("  role {:?} of {:?}", r.title, r.of);
            }
            for f in &actor.affiliations {
                println!("  affiliation {}", f.name);
            }
        }
        for q in &a.quotes {
            let who = match &q.speaker {
                Speaker::Actor(i) => a.actors.get(*i).map_or("?".to_string(), |x| x.name.clone()),
                Speaker::Description(d) => format!("({d})"),
                Speaker::Unknown => "unknown".into(),
            };
            println!("quote direct={} {who}: {}", q.direct, q.span.slice(text));
        }
        for t in &a.topics {
            println!("topic {} {:.2} {:?}", t.key, t.score, t.evidence);
        }
        println!("keyphrases {:?}", a.keyphrases);
    }
}
