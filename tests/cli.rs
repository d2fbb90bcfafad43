//! End-to-end tests of the `dossier` command line: import, listing, bad input, exit codes, and
//! crash safety under SIGKILL.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles")
}

fn dossier(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DOSSIER_DB")
        .output()
        .expect("the dossier binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn import_lists_and_reimports_as_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    let out = dossier(&db, &["import", fixtures().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("3 articles imported"), "{text}");

    let again = dossier(&db, &["import", fixtures().to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stdout(&again).contains("0 articles imported, 3 duplicates"),
        "{}",
        stdout(&again)
    );

    let articles = dossier(&db, &["articles", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&articles.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let titles: Vec<&str> = rows.iter().filter_map(|r| r["title"].as_str()).collect();
    assert!(
        titles.contains(&"Parliament passes emergency budget"),
        "{titles:?}"
    );
    let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    assert!(
        dates.contains(&"2024-03-14") && dates.contains(&"2024-03-20"),
        "{dates:?}"
    );
}

#[test]
fn actors_quotes_and_search_answer_from_the_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    assert_eq!(
        dossier(&db, &["import", fixtures().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    let actors: serde_json::Value =
        serde_json::from_slice(&dossier(&db, &["actors", "--json"]).stdout).unwrap();
    let names: Vec<&str> = actors
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(names.contains(&"Maria Okonkwo"), "{names:?}");

    let profile = dossier(&db, &["actor", "maria okonkwo"]);
    assert_eq!(
        profile.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&profile.stderr)
    );
    assert!(
        stdout(&profile).starts_with("Maria Okonkwo (person)"),
        "{}",
        stdout(&profile)
    );

    let missing = dossier(&db, &["actor", "Nobody Atall"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no actor named"));

    let hits: serde_json::Value =
        serde_json::from_slice(&dossier(&db, &["search", "wage", "offer", "--json"]).stdout)
            .unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[wage]"));
    // FTS syntax in user input is harmless.
    assert_eq!(
        dossier(&db, &["search", "NEAR(\"*", "--json"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn bad_files_are_reported_and_good_files_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixtures().join("harbour-talks.txt"), input.join("good.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    )
    .unwrap();
    std::fs::write(input.join("broken.json"), b"{\"title\": \"x\", \"text\": ").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
        std::os::unix::fs::symlink(input.join("gone.txt"), input.join("dangling.txt")).unwrap();
    }
    let db = dir.path().join("t.dossier");
    let out = dossier(
        &db,
        &[
            "import",
            input.to_str().unwrap(),
            dir.path().join("missing.txt").to_str().unwrap(),
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("1 articles imported"), "{text}");
    for name in ["empty.txt", "image.png", "broken.json", "missing.txt"] {
        let line = text
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}: {text}"));
        assert!(line.starts_with("failed"), "{line}");
    }
    #[cfg(unix)]
    assert!(
        text.lines()
            .any(|l| l.contains("dangling.txt") && l.starts_with("failed")),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2_and_bad_dossiers_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    assert_eq!(dossier(&db, &["import"]).status.code(), Some(2));
    assert_eq!(dossier(&db, &["frobnicate"]).status.code(), Some(2));

    let not_db = dir.path().join("notes.txt");
    std::fs::write(&not_db, "just some notes, not a database\n").unwrap();
    let out = dossier(&not_db, &["articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a dossier"));
    assert_eq!(
        std::fs::read_to_string(&not_db).unwrap(),
        "just some notes, not a database\n"
    );
}

/// Kills an import of a few thousand files with SIGKILL and checks that the dossier is sound, every
/// article is whole, and a second import completes the rest.
#[cfg(unix)]
#[test]
fn killed_import_leaves_a_sound_dossier_and_resumes() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let n = 2000;
    for i in 0..n {
        let body = format!(
            " date 2023-{:02}-{:02} Officials in Port Selden said talks with the Coastal Alliance on article {i} would resume. \
             \"We want a ceasefire,\" said Amira Castell, spokeswoman of the Coastal Alliance. Minister Jonas Pell \
             added that the government would release {i} prisoners.\n",
            i % 12 + 1,
            i % 28 + 1
        );
        std::fs::write(input.join(format!("a{i:05}.txt")), body).unwrap();
    }
    let db = dir.path().join("t.dossier");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some articles are committed, then kill mid-import.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let count =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
                })
                .unwrap_or(0);
        if count >= 50 || start.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the import finished before it could be killed"
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let partial: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert!(
        partial > 0 && partial < n,
        "{partial} articles after the kill"
    );
    // Every stored article is whole: it has its mentions and its full-text row.
    let without_mentions: i64 = conn
        .query_row("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(without_mentions, 0);
    let fts: i64 = conn
        .query_row("SELECT count(*) FROM articles_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fts, partial);
    drop(conn);

    let out = dossier(&db, &["import", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{} articles imported, {partial} duplicates",
            n - partial
        )),
        "{}",
        text.lines().last().unwrap_or("")
    );
    let check = dossier(&db, &["check"]);
    assert!(
        stdout(&check).starts_with(&format!("ok: {n} articles")),
        "{}",
        stdout(&check)
    );
}

#[test]
fn corrections_can_be_scripted_undone_and_survive_reanalysis() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    assert_eq!(
        dossier(&db, &["import", fixtures().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let run = |args: &[&str]| {
        let out = dossier(&db, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout(&out)
    };
    let actor_names = || -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&run(&["actors", "--json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(run(&["actor", "rename", "Maria Okonkwo", "Maria A. Okonkwo"]).contains("Renamed"));
    run(&["actor", "hide", "Tomas Brandt"]);
    let names = actor_names();
    assert!(
        names.contains(&"Maria A. Okonkwo".to_string())
            && !names.iter().any(|n| n.contains("Brandt")),
        "{names:?}"
    );

    run(&["reanalyse"]);
    let names = actor_names();
    assert!(
        names.contains(&"Maria A. Okonkwo".to_string())
            && !names.iter().any(|n| n.contains("Brandt")),
        "{names:?}"
    );

    let history = run(&["history"]);
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(run(&["undo"]).contains("undone: Hid \"Tomas Brandt\""));
    assert!(actor_names().iter().any(|n| n == "Tomas Brandt"));
    assert!(run(&["redo"]).contains("redone"));
    assert!(!actor_names().iter().any(|n| n == "Tomas Brandt"));
    assert_eq!(
        dossier(&db, &["actor", "merge", "Maria A. Okonkwo", "Nobody Here"])
            .status
            .code(),
        Some(1)
    );
}
