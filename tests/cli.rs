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

    // Every quote, role and name says which rule found it; the rule names are the engine's.
    let quotes: serde_json::Value =
        serde_json::from_slice(&dossier(&db, &["quotes", "--json"]).stdout).unwrap();
    let quotes = quotes.as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        let rule = q["rule"].as_str().unwrap_or_else(|| panic!("no rule: {q}"));
        assert!(dossier::extract::rule_description(rule).is_some(), "{rule}");
        assert_eq!(q["speaker_corrected"], serde_json::Value::Bool(false));
    }
    let p: serde_json::Value =
        serde_json::from_slice(&dossier(&db, &["actor", "maria okonkwo", "--json"]).stdout)
            .unwrap();
    let facts = ["aliases", "roles", "quotes_by"]
        .iter()
        .flat_map(|k| p[*k].as_array().cloned().unwrap_or_default())
        .collect::<Vec<_>>();
    assert!(!facts.is_empty(), "{p}");
    for f in &facts {
        assert!(f.get("rule").is_some(), "no rule field: {f}");
    }
    assert!(facts.iter().any(|f| f["rule"].as_str().is_some()), "{p}");
    assert!(stdout(&dossier(&db, &["quotes"])).contains("Why: "));

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

/// Runs the binary with stdout into a pipe whose reader stops after the first line, as
/// `dossier articles | head -1` does.
fn into_closed_pipe(db: &Path, args: &[&str]) -> std::process::ExitStatus {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DOSSIER_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is gone: further writes by the child fail with a broken pipe.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    out.status
}

#[test]
fn a_closed_pipe_ends_output_quietly_and_imports_still_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.dossier");
    // Enough output to fill a pipe buffer many times over.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..300 {
        std::fs::write(
            many.join(format!("a{i:03}.txt")),
            format!("Report {i} on the ferry line\nThe ferry board in Lorvik met on day {i}. \"We will decide soon,\" said chair Ada Brenn. Officials said the fares would rise.\n"),
        )
        .unwrap();
    }
    let status = into_closed_pipe(&db, &["import", many.to_str().unwrap()]);
    assert_eq!(status.code(), Some(0));
    let count = dossier(&db, &["articles", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&count.stdout).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        300,
        "the import went on after the reader left"
    );
    for args in [
        &["articles"][..],
        &["articles", "--json"],
        &["quotes"],
        &["actors"],
        &["search", "ferry", "--limit", "300"],
        &["history"],
    ] {
        let status = into_closed_pipe(&db, args);
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
}

#[test]
fn terminal_escapes_in_titles_are_shown_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.dossier");
    let file = dir.path().join("evil.json");
    std::fs::write(
        &file,
        r#"{"title":"Budget \u001b]0;owned\u0007\u001b[2J vote \u009b31m","text":"The council met on Monday to debate the budget and the harbour levy."}"#,
    )
    .unwrap();
    let out = dossier(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    for args in [
        &["articles"][..],
        &["search", "budget"],
        &["articles", "--json"],
    ] {
        let out = dossier(&db, args);
        let text = stdout(&out);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("Budget") || text.contains("budget"), "{text}");
    }
    let json = dossier(&db, &["articles", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        rows[0]["title"].as_str().unwrap(),
        "Budget \u{1b}]0;owned\u{7}\u{1b}[2J vote \u{9b}31m",
        "JSON keeps the exact title, escaped"
    );
}

/// Two imports started at once on a dossier that does not exist yet, with a reader polling:
/// both imports succeed and the reader never calls the file "not a dossier".
#[test]
fn simultaneous_imports_into_a_new_dossier_both_succeed() {
    for round in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(format!("race{round}.dossier"));
        let spawn = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .arg("--db")
                .arg(&db)
                .args(args)
                .env_remove("DOSSIER_DB")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let fixtures = fixtures();
        let a = spawn(&["import", fixtures.join("port-strike.txt").to_str().unwrap()]);
        let b = spawn(&["import", fixtures.join("budget.md").to_str().unwrap()]);
        let reader = spawn(&["articles"]);
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}{}",
                stdout(&out),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let out = reader.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("not a dossier"), "{err}");
        let rows = dossier(&db, &["articles", "--json"]);
        let rows: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 2);
    }
}

/// A damaged dossier is refused before anything is written, `check` says so, and `recover`
/// copies what can be read into a new dossier with the corrections.
#[test]
fn damaged_dossiers_are_never_written_and_can_be_recovered() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.dossier");
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..400 {
        std::fs::write(
            many.join(format!("a{i:03}.txt")),
            format!(
                "Harbour report {i}\nThe harbour board in Lorvik met again. Chair Ada Brenn said the levy would stay. {}\n",
                "Dock workers waited for news of the vote. ".repeat(20 + i % 9)
            ),
        )
        .unwrap();
    }
    assert_eq!(
        dossier(&db, &["import", many.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let hide = dossier(&db, &["actor", "hide", "Ada Brenn"]);
    assert_eq!(
        hide.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&hide.stderr)
    );
    let len = std::fs::metadata(&db).unwrap().len();
    let page = u64::from(dossier::store::PAGE_SIZE);
    let victim = (len / page) / 2;
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(victim * page + 100)).unwrap();
        f.write_all(&[0xA5; 4000]).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let extra = dir.path().join("extra.txt");
    std::fs::write(
        &extra,
        "A new report\nThe ferry line to Skarn reopened on Monday.\n",
    )
    .unwrap();
    let out = dossier(&db, &["import", extra.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged") && err.contains("recover"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was written");
    let check = dossier(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1));

    let new = dir.path().join("recovered.dossier");
    let out = dossier(
        &db,
        &["recover", db.to_str().unwrap(), new.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("recovered into"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before, "recovery only reads");
    let rows = dossier(&new, &["articles", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
    let n = rows.as_array().unwrap().len();
    assert!((200..=400).contains(&n), "{n} articles recovered");
    assert_eq!(dossier(&new, &["check"]).status.code(), Some(0));
    let history = stdout(&dossier(&new, &["history"]));
    assert!(history.contains("Hid \"Ada Brenn\""), "{history}");
    let actors = stdout(&dossier(&new, &["actors"]));
    assert!(
        !actors.contains("Ada Brenn"),
        "the correction holds: {actors}"
    );
}

#[test]
fn read_commands_never_write_and_refusals_leave_no_side_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.dossier");
    assert_eq!(
        dossier(&db, &["import", fixtures().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let before = std::fs::read(&db).unwrap();
    for args in [
        &["articles"][..],
        &["actors"],
        &["search", "budget"],
        &["check"],
        &["history"],
    ] {
        let out = dossier(&db, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // A missing dossier is not created by reading it.
    let missing = dir.path().join("missing.dossier");
    let out = dossier(&missing, &["articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists());

    // Another program's WAL database: refused, and no -wal or -shm appear beside it.
    let other = dir.path().join("notes.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    for args in [
        &["import", fixtures().to_str().unwrap()][..],
        &["articles"],
        &["check"],
    ] {
        let out = dossier(&other, args);
        assert_ne!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a dossier"));
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("notes"))
        .collect();
    names.sort();
    assert_eq!(names, vec!["notes.db".to_string()]);
}

#[test]
fn link_loops_and_non_unicode_json_get_a_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.dossier");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("ok.txt"),
        "A short note\nThe harbour opened at dawn.\n",
    )
    .unwrap();
    // Windows-1252 bytes in a .json file: JSON must be UTF-8.
    std::fs::write(
        folder.join("legacy.json"),
        b"{\"title\":\"Caf\xe9\",\"text\":\"Caf\xe9 owners met.\"}",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    let out = dossier(&db, &["import", folder.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("imported   ") && text.contains("ok.txt"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("legacy.json") && l.contains("UTF-8")),
        "{text}"
    );
    #[cfg(unix)]
    assert!(
        text.lines()
            .any(|l| l.contains("loop") && l.contains("link loop")),
        "{text}"
    );
}

#[test]
fn extract_names_the_rule_of_every_entity_and_quote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = fixtures().join("harbour-talks.txt");
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["extract", "--json-dir"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("harbour-talks.json")).unwrap()).unwrap();
    for list in ["entities", "quotes"] {
        let items = doc[list].as_array().unwrap();
        assert!(!items.is_empty(), "no {list}");
        for item in items {
            let rule = item["rule"]
                .as_str()
                .unwrap_or_else(|| panic!("no rule: {item}"));
            assert!(dossier::extract::rule_description(rule).is_some(), "{rule}");
        }
    }
}

#[test]
fn compact_and_check_keep_the_dossier_and_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.dossier");
    assert_eq!(
        dossier(&db, &["import", fixtures().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    // Re-analysis rewrites every article's rows, which leaves free pages behind.
    assert_eq!(dossier(&db, &["reanalyse"]).status.code(), Some(0));
    let before = stdout(&dossier(&db, &["actors", "--json"]));
    let out = dossier(&db, &["compact"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).starts_with("compacted: "), "{}", stdout(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("compacting: 100%"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout(&dossier(&db, &["actors", "--json"])), before);
    let check = dossier(&db, &["check"]);
    assert!(
        stdout(&check).starts_with("ok: 3 articles"),
        "{}",
        stdout(&check)
    );
    assert!(!dir.path().join("t.dossier.compacting").exists());
}
