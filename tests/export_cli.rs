//! `dossier export` end to end with the real import and extraction: every format is written,
//! bad arguments fail with the right exit code and leave no file behind.

#![allow(clippy::unwrap_used)] // Tests fail loudly by design.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dossier(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DOSSIER_DB")
        .output()
        .expect("the dossier binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A dossier with the three sample articles imported through the real pipeline.
fn imported() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let out = dossier(&db, &["import", articles.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    (dir, db)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn export_writes_every_format() {
    let (dir, db) = imported();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for (args, name) in [
        (&["--format", "md"][..], "s.md"),
        (&["--format", "html", "--paper", "a4"], "s.html"),
        (&["--format", "docx", "--top", "3"], "s.docx"),
        (&["--format", "json"], "s.json"),
        (&["--format", "csv", "--table", "quotes"], "quotes.csv"),
        (&["--format", "csv", "--table", "articles"], "articles.csv"),
        (&["--format", "csv"], "tables.zip"),
    ] {
        let path = out_dir.join(name);
        let mut all = vec!["export"];
        all.extend(args);
        all.extend(["-o", path.to_str().unwrap()]);
        let out = dossier(&db, &all);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("3 articles"), "{}", text(&out));
    }
    // Exactly the files named, nothing else.
    assert_eq!(
        files_in(&out_dir),
        [
            "articles.csv",
            "quotes.csv",
            "s.docx",
            "s.html",
            "s.json",
            "s.md",
            "tables.zip"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("s.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["articles"].as_array().unwrap().len(), 3);
    assert_eq!(json["dossier"], "t.dossier");
    let md = std::fs::read_to_string(out_dir.join("s.md")).unwrap();
    assert!(md.starts_with("# Dossier summary\n"), "{md}");
    assert!(
        md.contains("## In brief") && md.contains("## Sources"),
        "{md}"
    );
    let html = std::fs::read_to_string(out_dir.join("s.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("size: A4"));
    let csv = std::fs::read(out_dir.join("quotes.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}quote_id,".as_bytes()));
    let docx = std::fs::read(out_dir.join("s.docx")).unwrap();
    assert!(docx.starts_with(b"PK\x03\x04"));
    let zip =
        zip::ZipArchive::new(std::fs::File::open(out_dir.join("tables.zip")).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["actors.csv", "articles.csv", "quotes.csv"]);
}

#[test]
fn export_narrows_to_several_actors_and_chosen_articles() {
    let (dir, db) = imported();
    let all: serde_json::Value = {
        let p = dir.path().join("all.json");
        let out = dossier(
            &db,
            &["export", "--format", "json", "-o", p.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
    };
    let first = all["actors"][0]["name"].as_str().unwrap();
    let second = all["actors"][1]["name"].as_str().unwrap();
    let p = dir.path().join("two.json");
    let out = dossier(
        &db,
        &[
            "export",
            "--actor",
            first,
            "--actor",
            second,
            "--format",
            "json",
            "-o",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let two: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    assert_eq!(two["scope"]["kind"], "actors");
    assert_eq!(two["actors"].as_array().unwrap().len(), 2);

    let id = all["articles"][0]["id"].as_i64().unwrap();
    let p = dir.path().join("one.json");
    let out = dossier(
        &db,
        &[
            "export",
            "--articles",
            &id.to_string(),
            "--format",
            "json",
            "-o",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let one: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    assert_eq!(one["articles"].as_array().unwrap().len(), 1);
    assert_eq!(one["articles"][0]["id"], id);

    let out = dossier(
        &db,
        &[
            "export",
            "--articles",
            "99999",
            "--format",
            "json",
            "-o",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("no article with id 99999"),
        "{}",
        text(&out)
    );
}

#[test]
fn export_narrows_to_dates_and_to_an_actor() {
    let (dir, db) = imported();
    let path = dir.path().join("march14.json");
    let out = dossier(
        &db,
        &[
            "export",
            "--from",
            "2024-03-14",
            "--to",
            "2024-03-14",
            "--format",
            "json",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let dates: Vec<&str> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["date"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(dates, ["2024-03-14"]);

    // The most prominent actor of the whole dossier, exported on its own.
    let all: serde_json::Value = {
        let p = dir.path().join("all.json");
        let out = dossier(
            &db,
            &["export", "--format", "json", "-o", p.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
    };
    let name = all["actors"][0]["name"]
        .as_str()
        .expect("an actor was found");
    let p = dir.path().join("actor.md");
    let out = dossier(
        &db,
        &[
            "export",
            "--actor",
            name,
            "--format",
            "md",
            "-o",
            p.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let md = std::fs::read_to_string(&p).unwrap();
    assert!(md.contains("1 actor,"), "{md}");
}

#[test]
fn bad_arguments_fail_and_write_nothing() {
    let (dir, db) = imported();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let path = out_dir.join("x.md");
    let p = path.to_str().unwrap();
    // Usage errors: exit 2.
    let csv = out_dir.join("x.csv");
    let zip = out_dir.join("x.zip");
    for args in [
        vec!["export", "--format", "pdf", "-o", p],
        vec!["export", "--format", "csv", "-o", csv.to_str().unwrap()],
        vec![
            "export",
            "--format",
            "csv",
            "--table",
            "quotes",
            "-o",
            zip.to_str().unwrap(),
        ],
        vec!["export", "--format", "md", "--table", "quotes", "-o", p],
        vec!["export", "--format", "csv", "--table", "people", "-o", p],
        vec!["export", "--format", "md", "--top", "many", "-o", p],
        vec!["export", "--format", "md", "--from", "2024-02-30", "-o", p],
        vec!["export", "--format", "md"],
        vec![
            "export", "--format", "md", "--actor", "A", "--topic", "B", "-o", p,
        ],
    ] {
        let out = dossier(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
    }
    // Refused requests: exit 1 with a sentence.
    for (args, says) in [
        (
            vec![
                "export",
                "--format",
                "md",
                "--actor",
                "Nobody Atall",
                "-o",
                p,
            ],
            "no actor named",
        ),
        (
            vec![
                "export",
                "--format",
                "md",
                "--topic",
                "no-such-topic",
                "-o",
                p,
            ],
            "no topic named",
        ),
        (
            vec![
                "export",
                "--format",
                "md",
                "--from",
                "2024-05-01",
                "--to",
                "2024-04-01",
                "-o",
                p,
            ],
            "is after",
        ),
    ] {
        let out = dossier(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{}", text(&out));
    }
    let missing = out_dir.join("no/such/dir/x.html");
    let out = dossier(
        &db,
        &[
            "export",
            "--format",
            "html",
            "-o",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("the folder does not exist"),
        "{}",
        text(&out)
    );
    assert!(files_in(&out_dir).is_empty(), "{:?}", files_in(&out_dir));
}
