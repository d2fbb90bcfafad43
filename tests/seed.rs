//! The sample article's full expected output: actors with kinds, aliases, roles and affiliations;
//! quotes with speakers, kinds and spans; topics. The sample lives outside the project (in
//! `../shared/samples/`); where it is absent (a fresh clone) the test says so and passes.
//! Quotes are compared by span rather than text, so no article text is copied here.

use dossier::extract::Engine;
use dossier::model::{Speaker, char_offsets};

const SAMPLE: &str = "../shared/samples/taliban-ttp-talks-2021-11-08.txt";

/// What the engine found, one line per fact, in a stable order.
fn render(path: &std::path::Path) -> String {
    let parsed = dossier::pipeline::read_article_file(path).expect("the sample reads");
    let article = &parsed.articles[0];
    let a = Engine::new().analyse(article);
    let mut out = Vec::new();
    for actor in &a.actors {
        out.push(format!(
            "actor {} {} aliases={:?}",
            actor.kind.code(),
            actor.name,
            actor.aliases
        ));
        for r in &actor.roles {
            out.push(format!(
                "  role {} of {}",
                r.title,
                r.of.as_deref().unwrap_or("-")
            ));
        }
        for f in &actor.affiliations {
            out.push(format!("  affiliation {}", f.name));
        }
    }
    for q in &a.quotes {
        let who = match &q.speaker {
            Speaker::Actor(i) => a.actors[*i].name.clone(),
            Speaker::Description(d) => format!("({d})"),
            Speaker::Unknown => "unknown".into(),
        };
        let c = char_offsets(&article.text, &[q.span.start, q.span.end]);
        out.push(format!(
            "quote {} {}..{} {who}",
            if q.direct { "direct" } else { "reported" },
            c[0],
            c[1]
        ));
    }
    for t in &a.topics {
        out.push(format!("topic {}", t.key));
    }
    out.join("\n")
}

/// The seven hand-annotated quotes of the sample (`../shared/eval/seed/gold`) appear here with the
/// gold spans and speakers; the two extra reported passages ("reports ...", "TTP previously
/// demanded ...") are not in the gold. Known gaps kept visible rather than hidden: Gailani's role
/// ("leader of the National Solidarity Movement") is not found, and Khan's role reads "Ambassador
/// of Afghanistan" where the text says "Pakistani Ambassador to Afghanistan".
#[test]
fn sample_article_full_expected_output() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    if !path.exists() {
        // A fresh clone has no evaluation data; CI always has it beside the clone, so there a
        // missing sample is a broken setup, not a reason to pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing, and CI must run this test",
            path.display()
        );
        eprintln!(
            "skipped: {} is not here (it ships with the evaluation data, not the project)",
            path.display()
        );
        return;
    }
    let expected = "\
actor ORG Afghan Taliban aliases=[]
actor GPE Kabul aliases=[]
actor GPE Pakistan aliases=[]
actor ORG Tehreek-e-Taliban Pakistan aliases=[\"TTP\"]
actor ORG Taliban aliases=[]
actor ORG Haqqani network aliases=[]
actor GPE Islamic Emirate aliases=[]
actor PERSON Sirajuddin Haqqani aliases=[]
  role acting interior minister of Islamic Emirate
  role chief of Haqqani network
  affiliation Islamic Emirate
  affiliation Haqqani network
actor PERSON Bilal Karimi aliases=[]
  role deputy spokesman of Islamic Emirate
  affiliation Islamic Emirate
actor GPE Afghanistan aliases=[]
actor PERSON Mansoor Ahmed Khan aliases=[]
  role Ambassador of Afghanistan
  affiliation Pakistan
actor ORG National Solidarity Movement aliases=[]
actor PERSON Sayed Ishaq Gailani aliases=[]
quote reported 362..448 (Pakistani officials)
quote reported 817..839 Islamic Emirate
quote direct 842..947 Bilal Karimi
quote reported 1079..1192 (reports)
quote reported 1328..1391 Tehreek-e-Taliban Pakistan
quote reported 1460..1539 Mansoor Ahmed Khan
quote reported 1555..1723 Mansoor Ahmed Khan
quote reported 1808..1883 Sayed Ishaq Gailani
quote direct 1886..1986 Sayed Ishaq Gailani
topic negotiations
topic mediation
topic governance
topic counter_terrorism
topic ceasefire";
    let got = render(&path);
    assert_eq!(got, expected, "\n--- got ---\n{got}\n");
}
