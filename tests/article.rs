//! `dossier article` and the "article" object of `dossier extract`, on a saved page whose
//! article sits inside wrappers named like page furniture.

use std::path::Path;
use std::process::{Command, Output};

const PAGE: &str = "tests/fixtures/import/wrapped-in-sidebar.html";

fn dossier(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn article_prints_metadata_and_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.dossier");
    let o = dossier(&db, &["import", PAGE]);
    assert!(o.status.success(), "{}", stdout(&o));
    let o = dossier(&db, &["article", "1"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.starts_with("Ferry timetable doubles for the summer\n"),
        "{out}"
    );
    assert!(out.contains("date     2024-06-02"), "{out}");
    assert!(out.contains("language en\n"), "{out}");
    assert!(out.contains("Mirela Vantongeren, Osku Lindqvist"), "{out}");
    assert!(out.contains("queues at the western pier"), "{out}");
    assert!(out.contains("was still too high."), "{out}");
    for furniture in [
        "Most read",
        "Heron",
        "Tweet",
        "cookies",
        "Quay Street",
        "3 hours ago",
    ] {
        assert!(!out.contains(furniture), "{furniture} in {out}");
    }
    // By title (any part of it, case ignored), as JSON.
    let o = dossier(&db, &["article", "TIMETABLE doubles", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["id"], 1);
    assert_eq!(v["source"], "Lakeside Courier");
    assert_eq!(v["url"], "https://courier.example/ferry-timetable");
    assert_eq!(v["format"], "html");
    assert_eq!(v["language"], "en");
    assert!(v["text"].as_str().is_some_and(|t| t.contains("late train")));
    let o = dossier(&db, &["article", "no such headline"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article"));
}

#[test]
fn extract_writes_the_article_object() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["extract", "--json-dir"])
        .arg(&out)
        .arg(PAGE)
        .output()
        .expect("runs");
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("wrapped-in-sidebar.json")).expect("written"),
    )
    .expect("json");
    let a = &doc["article"];
    assert_eq!(a["title"], "Ferry timetable doubles for the summer");
    assert_eq!(a["date"], "2024-06-02");
    assert_eq!(a["source"], "Lakeside Courier");
    assert_eq!(a["language"], "en");
    let text = a["text"].as_str().expect("text");
    assert!(text.starts_with("The lake ferry will sail"), "{text}");
    assert!(doc["entities"].is_array());
}
