//! Store tests: migrations and refusal of foreign files, imports, queries, and every curation
//! action with its undo, surviving re-import and re-analysis.

use crate::model::*;

use super::*;

/// Builds an analysis by hand: every occurrence of each actor's name and aliases is a mention.
struct Fixture {
    article: Article,
    analysis: Analysis,
}

fn fixture(text: &str, actors: &[(&str, ActorKind, &[&str])]) -> Fixture {
    let mut analysis = Analysis::default();
    for (i, (name, kind, aliases)) in actors.iter().enumerate() {
        analysis.actors.push(FoundActor {
            name: name.to_string(),
            kind: *kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            roles: vec![],
            affiliations: vec![],
            confidence: 0.9,
        });
        let mut names: Vec<&str> = aliases.to_vec();
        names.push(name);
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for n in names {
            for (start, _) in text.match_indices(n) {
                let span = Span::new(start, start + n.len());
                if !analysis.mentions.iter().any(|m| m.span.overlaps(&span)) {
                    analysis.mentions.push(FoundMention {
                        actor: i,
                        span,
                        confidence: 0.9,
                    });
                }
            }
        }
    }
    Fixture {
        article: Article {
            text: text.to_string(),
            date: Some("2024-01-02".into()),
            ..Article::default()
        },
        analysis,
    }
}

impl Fixture {
    fn quote(mut self, quoted: &str, speaker: Speaker) -> Self {
        let start = self.article.text.find(quoted).expect("quote in text");
        let span = Span::new(start, start + quoted.len());
        self.analysis.quotes.push(FoundQuote {
            span,
            parts: vec![],
            direct: quoted.starts_with('"'),
            cue: None,
            speaker,
            speaker_span: None,
            sentence: span,
            confidence: 0.8,
        });
        self
    }
    fn topic(mut self, key: &str) -> Self {
        self.analysis.topics.push(FoundTopic {
            key: key.into(),
            label: key.into(),
            score: 2.0,
            evidence: vec![key.into()],
        });
        self
    }
    fn role(mut self, actor: usize, title: &str) -> Self {
        self.analysis.actors[actor].roles.push(FoundRole {
            title: title.into(),
            of: None,
            span: Span::new(0, 1),
        });
        self
    }
    fn import(&self, store: &mut Store) -> ArticleId {
        let source = SourceFile {
            file_name: "f.txt".into(),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        let hash = crate::import::content_hash(&self.article.text);
        match store
            .import_article(&source, &self.article, &self.analysis, &hash, 1)
            .expect("import")
        {
            ImportOutcome::Imported(id) | ImportOutcome::Duplicate(id) => id,
        }
    }
}

fn names(store: &Store) -> Vec<(String, u64)> {
    let mut v: Vec<_> = store
        .actors(&ActorFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.mentions))
        .collect();
    v.sort();
    v
}

fn id_of(store: &Store, name: &str) -> ActorId {
    store
        .find_actor(name)
        .unwrap()
        .unwrap_or_else(|| panic!("{name} not found"))
}

const P: ActorKind = ActorKind::Person;
const O: ActorKind = ActorKind::Org;

#[test]
fn migrations_run_once_and_reopen_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.dossier");
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(s.check_integrity().is_ok());
}

#[test]
fn foreign_corrupt_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.dossier");
    std::fs::write(&text, "hello").unwrap();
    assert!(matches!(
        Store::open(&text),
        Err(StoreError::NotADossier { .. })
    ));
    assert_eq!(std::fs::read(&text).unwrap(), b"hello");

    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotADossier { .. })
    ));
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let newer = dir.path().join("newer.dossier");
    drop(Store::open(&newer).unwrap());
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let err = Store::open(&newer).unwrap_err();
    assert!(
        err.to_string().contains("newer version of Dossier"),
        "{err}"
    );
    assert_eq!(std::fs::read(&newer).unwrap(), before);

    let corrupt = dir.path().join("corrupt.dossier");
    drop(Store::open(&corrupt).unwrap());
    let mut bytes = std::fs::read(&corrupt).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    let _ = std::fs::remove_file(corrupt.with_extension("dossier-wal"));
    assert!(Store::open(&corrupt).is_err());
    assert_eq!(std::fs::read(&corrupt).unwrap(), bytes);
}

#[test]
fn duplicate_text_is_stored_once_and_queries_answer() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture(
        "Amira Castell met the Coastal Alliance. \"We agree,\" said Castell.",
        &[
            ("Amira Castell", P, &["Castell"]),
            ("Coastal Alliance", O, &[]),
        ],
    )
    .quote("\"We agree,\"", Speaker::Actor(0))
    .topic("diplomacy");
    let id = f.import(&mut s);
    let source = SourceFile {
        file_name: "again.txt".into(),
        file_path: None,
        format: Format::Text,
        encoding: "UTF-8".into(),
    };
    let again = s
        .import_article(
            &source,
            &f.article,
            &f.analysis,
            &crate::import::content_hash(&f.article.text),
            1,
        )
        .unwrap();
    assert_eq!(again, ImportOutcome::Duplicate(id));
    assert_eq!(
        names(&s),
        vec![("Amira Castell".into(), 2), ("Coastal Alliance".into(), 1)]
    );
    let p = s
        .actor_profile(id_of(&s, "amira castell"))
        .unwrap()
        .unwrap();
    assert_eq!(p.quotes_by.len(), 1);
    assert_eq!(p.quotes_by[0].text, "\"We agree,\"");
    assert_eq!(
        p.aliases
            .iter()
            .map(|a| a.alias.as_str())
            .collect::<Vec<_>>(),
        vec!["Castell"]
    );
    let d = s.article(id).unwrap().unwrap();
    assert_eq!(d.mentions.len(), 3);
    assert_eq!(d.topics[0].key, "diplomacy");
    assert_eq!(s.search("coastal", 10).unwrap().len(), 1);
    // The surname alone finds the actor through its aliases.
    assert_eq!(
        s.find_actor("Castell").unwrap(),
        Some(id_of(&s, "Amira Castell"))
    );
}

#[test]
fn middle_initials_join_one_actor_as_in_extract() {
    // The same rule as `extract::identity::dossier_names`, in either order of import.
    let mut s = Store::open_in_memory().unwrap();
    fixture("Marten K. Ostrova spoke.", &[("Marten K. Ostrova", P, &[])]).import(&mut s);
    fixture("Marten Ostrova left.", &[("Marten Ostrova", P, &[])]).import(&mut s);
    assert_eq!(names(&s), vec![("Marten K. Ostrova".into(), 2)]);
    let mut s = Store::open_in_memory().unwrap();
    fixture("Ilse Varn spoke.", &[("Ilse Varn", P, &[])]).import(&mut s);
    fixture("Ilse J. Varn left.", &[("Ilse J. Varn", P, &[])]).import(&mut s);
    assert_eq!(names(&s).len(), 1, "{:?}", names(&s));
    // Different given names stay apart.
    fixture("Otto Varn left.", &[("Otto Varn", P, &[])]).import(&mut s);
    assert_eq!(names(&s).len(), 2);
}

#[test]
fn a_surname_joins_the_one_full_name_as_in_extract() {
    let mut s = Store::open_in_memory().unwrap();
    fixture("Marten Ostrova spoke.", &[("Marten Ostrova", P, &[])]).import(&mut s);
    fixture("Ostrova left.", &[("Ostrova", P, &[])]).import(&mut s);
    assert_eq!(names(&s), vec![("Marten Ostrova".into(), 2)]);
    // A place of that name is not the person.
    fixture("Ostrova is a town.", &[("Ostrova", ActorKind::Gpe, &[])]).import(&mut s);
    assert_eq!(names(&s).len(), 2);
    // With two full names ending in it, a new surname stays apart.
    let mut s = Store::open_in_memory().unwrap();
    fixture("Ilse Varn spoke.", &[("Ilse Varn", P, &[])]).import(&mut s);
    fixture("Otto Varn spoke.", &[("Otto Varn", P, &[])]).import(&mut s);
    fixture("Varn left.", &[("Varn", P, &[])]).import(&mut s);
    assert_eq!(names(&s).len(), 3, "{:?}", names(&s));
    // A surname after a particle is a surname too.
    fixture("Omar al-Rashidi spoke.", &[("Omar al-Rashidi", P, &[])]).import(&mut s);
    fixture("al-Rashidi left.", &[("al-Rashidi", P, &[])]).import(&mut s);
    assert!(
        names(&s)
            .iter()
            .any(|(n, c)| n == "Omar al-Rashidi" && *c == 2),
        "{:?}",
        names(&s)
    );
}

#[test]
fn merge_follows_new_imports_and_undo_splits_them_again() {
    let mut s = Store::open_in_memory().unwrap();
    fixture("Osk Lindqvaren spoke.", &[("Osk Lindqvaren", P, &[])]).import(&mut s);
    fixture(
        "Oskar Lindqvaren spoke twice. Oskar Lindqvaren left.",
        &[("Oskar Lindqvaren", P, &[])],
    )
    .import(&mut s);
    let (a, b) = (id_of(&s, "Oskar Lindqvaren"), id_of(&s, "Osk Lindqvaren"));
    s.correct(Correction::Merge {
        into: a,
        from: vec![b],
    })
    .unwrap();
    assert_eq!(names(&s), vec![("Oskar Lindqvaren".into(), 3)]);
    let p = s.actor_profile(a).unwrap().unwrap();
    assert!(p.aliases.iter().any(|x| x.alias == "Osk Lindqvaren"));
    // A new article naming the merged name lands on the merged actor.
    fixture("Osk Lindqvaren returned.", &[("Osk Lindqvaren", P, &[])]).import(&mut s);
    assert_eq!(names(&s), vec![("Oskar Lindqvaren".into(), 4)]);
    s.undo().unwrap().unwrap();
    assert_eq!(
        names(&s),
        vec![("Osk Lindqvaren".into(), 2), ("Oskar Lindqvaren".into(), 2)]
    );
    s.redo().unwrap().unwrap();
    assert_eq!(names(&s), vec![("Oskar Lindqvaren".into(), 4)]);
}

#[test]
fn hide_rename_kind_survive_reanalysis_and_undo() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture(
        "Monday Group met Jonas Pell.",
        &[("Monday Group", O, &[]), ("Jonas Pell", P, &[])],
    );
    let article = f.import(&mut s);
    let fp = id_of(&s, "Monday Group");
    let pell = id_of(&s, "Jonas Pell");
    s.correct(Correction::Hide { actor: fp }).unwrap();
    s.correct(Correction::Rename {
        actor: pell,
        name: "Jonas K. Pell".into(),
    })
    .unwrap();
    s.correct(Correction::SetKind {
        actor: pell,
        kind: O,
    })
    .unwrap();
    let check = |s: &Store| {
        let rows = s.actors(&ActorFilter::default()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].name.as_str(), rows[0].kind), ("Jonas K. Pell", O));
        let d = s.article(article).unwrap().unwrap();
        assert!(d.mentions.iter().all(|m| m.actor_name != "Monday Group"));
    };
    check(&s);
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    check(&s);
    // The same names in a new article stay corrected.
    fixture(
        "Monday Group praised Jonas Pell again.",
        &[("Monday Group", O, &[]), ("Jonas Pell", P, &[])],
    )
    .import(&mut s);
    assert_eq!(names(&s), vec![("Jonas K. Pell".into(), 2)]);
    for _ in 0..3 {
        s.undo().unwrap().unwrap();
    }
    assert_eq!(
        names(&s),
        vec![("Jonas Pell".into(), 2), ("Monday Group".into(), 2)]
    );
    assert_eq!(s.actor(pell).unwrap().unwrap().kind, P);
    assert!(s.undo().unwrap().is_none());
    assert_eq!(
        s.corrections().unwrap().iter().filter(|c| c.undone).count(),
        3
    );
}

#[test]
fn split_and_aliases_move_mentions_and_come_back() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture(
        "Noor Wali Mehsud spoke. Later Mehsud and Mehsud again.",
        &[("Noor Wali Mehsud", P, &["Mehsud"])],
    );
    let article = f.import(&mut s);
    let noor = id_of(&s, "Noor Wali Mehsud");
    s.correct(Correction::Split {
        actor: noor,
        alias: "Mehsud".into(),
    })
    .unwrap();
    assert_eq!(
        names(&s),
        vec![("Mehsud".into(), 2), ("Noor Wali Mehsud".into(), 1)]
    );
    // Survives re-analysis.
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    assert_eq!(
        names(&s),
        vec![("Mehsud".into(), 2), ("Noor Wali Mehsud".into(), 1)]
    );
    s.undo().unwrap();
    assert_eq!(names(&s), vec![("Noor Wali Mehsud".into(), 3)]);

    s.correct(Correction::RemoveAlias {
        actor: noor,
        alias: "Mehsud".into(),
    })
    .unwrap();
    assert_eq!(names(&s), vec![("Noor Wali Mehsud".into(), 1)]);
    s.undo().unwrap();
    assert_eq!(names(&s), vec![("Noor Wali Mehsud".into(), 3)]);

    // An added alias makes a separately found name join the actor, in new articles too.
    fixture("Wali Mehsud came.", &[("Wali Mehsud", P, &[])]).import(&mut s);
    let wali = id_of(&s, "Wali Mehsud");
    s.correct(Correction::AddAlias {
        actor: noor,
        alias: "Wali Mehsud".into(),
    })
    .unwrap();
    assert_eq!(names(&s), vec![("Noor Wali Mehsud".into(), 4)]);
    assert!(
        s.actor_profile(noor)
            .unwrap()
            .unwrap()
            .aliases
            .iter()
            .any(|a| a.alias == "Wali Mehsud")
    );
    s.undo().unwrap();
    assert_eq!(s.actor(wali).unwrap().unwrap().mentions, 1);
}

#[test]
fn quote_and_topic_and_role_corrections_survive_reanalysis() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture(
        "Amira Castell met Jonas Pell. \"We agree,\" he said. \"Not yet,\" someone said.",
        &[("Amira Castell", P, &[]), ("Jonas Pell", P, &[])],
    )
    .quote("\"We agree,\"", Speaker::Actor(0))
    .quote("\"Not yet,\"", Speaker::Unknown)
    .topic("ceasefire")
    .role(1, "minister");
    let article = f.import(&mut s);
    let (castell, pell) = (id_of(&s, "Amira Castell"), id_of(&s, "Jonas Pell"));
    let quotes = s.quotes(&QuoteFilter::default()).unwrap();
    let (agree, not_yet) = (quotes[0].id, quotes[1].id);
    s.correct(Correction::QuoteSpeaker {
        quote: agree,
        speaker: Some(pell),
        description: None,
    })
    .unwrap();
    s.correct(Correction::NotAQuote { quote: not_yet }).unwrap();
    s.correct(Correction::RemoveTopic {
        article,
        topic: "ceasefire".into(),
    })
    .unwrap();
    s.correct(Correction::AddTopic {
        article,
        topic: "Peace talks".into(),
    })
    .unwrap();
    let role = {
        let p = s.actor_profile(pell).unwrap().unwrap();
        assert_eq!(p.roles[0].title, "minister");
        s.conn
            .query_row("SELECT id FROM roles", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    s.correct(Correction::EditRole {
        role,
        title: Some("foreign minister".into()),
    })
    .unwrap();
    let check = |s: &Store| {
        let q = s.quotes(&QuoteFilter::default()).unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!(
            (q[0].speaker_id, q[0].speaker.as_deref()),
            (Some(pell), Some("Jonas Pell"))
        );
        assert!(
            s.actor_profile(castell)
                .unwrap()
                .unwrap()
                .quotes_by
                .is_empty()
        );
        let d = s.article(article).unwrap().unwrap();
        assert_eq!(
            d.topics
                .iter()
                .map(|t| t.label.as_str())
                .collect::<Vec<_>>(),
            vec!["Peace talks"]
        );
        assert_eq!(
            s.actor_profile(pell).unwrap().unwrap().roles[0].title,
            "foreign minister"
        );
    };
    check(&s);
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    check(&s);
    for _ in 0..5 {
        s.undo().unwrap().unwrap();
    }
    let q = s.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].speaker_id, Some(castell));
    let d = s.article(article).unwrap().unwrap();
    assert_eq!(
        d.topics.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(),
        vec!["ceasefire"]
    );
    assert_eq!(
        s.actor_profile(pell).unwrap().unwrap().roles[0].title,
        "minister"
    );
}

#[test]
fn merging_actors_with_thousands_of_mentions_is_one_correction() {
    let mut s = Store::open_in_memory().unwrap();
    let text = "Port Selden and Selden Port. ".repeat(3000);
    fixture(
        &text,
        &[
            ("Port Selden", ActorKind::Gpe, &[]),
            ("Selden Port", ActorKind::Gpe, &[]),
        ],
    )
    .import(&mut s);
    let (a, b) = (id_of(&s, "Port Selden"), id_of(&s, "Selden Port"));
    s.correct(Correction::Merge {
        into: a,
        from: vec![b],
    })
    .unwrap();
    assert_eq!(names(&s), vec![("Port Selden".into(), 6000)]);
    assert_eq!(s.corrections().unwrap().len(), 1);
    s.undo().unwrap();
    assert_eq!(
        names(&s),
        vec![("Port Selden".into(), 3000), ("Selden Port".into(), 3000)]
    );
}

#[test]
fn a_full_disk_stops_an_import_cleanly_and_keeps_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("full.dossier")).unwrap();
    let pages: i64 = s
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // Leave room for a few articles only, as a nearly full disk would.
    s.conn
        .pragma_update(None, "max_page_count", pages + 40)
        .unwrap();
    let mut imported = 0;
    let err = loop {
        let text = format!(
            "Article {imported} about Amira Castell. {}",
            "Filler words for the page budget. ".repeat(300)
        );
        let f = fixture(&text, &[("Amira Castell", P, &[])]);
        let source = SourceFile {
            file_name: "f.txt".into(),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        match s.import_article(
            &source,
            &f.article,
            &f.analysis,
            &crate::import::content_hash(&text),
            1,
        ) {
            Ok(_) => imported += 1,
            Err(e) => break e,
        }
        assert!(imported < 1000, "the page limit was never reached");
    };
    assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    assert!(imported > 0);
    assert_eq!(s.stats().unwrap().articles, imported as u64);
    assert!(s.check_integrity().is_ok());
    // Every committed article is whole.
    let whole: i64 = s
        .conn
        .query_row("SELECT count(*) FROM articles a WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(whole, imported);
}

/// A dossier written by the version-2 schema (text keys on mentions and quotes) opens, migrates,
/// and keeps every mention, quote and the identity of its actors.
#[test]
fn version_2_dossier_migrates_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.dossier");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "page_size", 8192).unwrap();
        for sql in &schema::MIGRATIONS[..2] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 2).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.execute_batch(
            r#"
            INSERT INTO articles (id, file_name, format, encoding, content_hash, title, date, text, body_start, imported_at, analysed_with)
                VALUES (1, 'a.txt', 'text', 'UTF-8', 'h1', 'Talks', '2021-11-08',
                        '"We want peace," said Tomas Vell. Vell met the Corvani.', 0, '2021-11-09T00:00:00Z', 1);
            INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles;
            INSERT INTO actors (id, name, kind, key) VALUES (1, 'Tomas Vell', 'PERSON', 'p:tomas vell'), (2, 'Corvani', 'ORG', 'o:corvani');
            INSERT INTO actor_keys (key, actor_id) VALUES ('p:tomas vell', 1), ('o:corvani', 2);
            INSERT INTO mentions (article_id, actor_id, start, end, confidence, key, found_key) VALUES
                (1, 1, 21, 31, 900.0, 'p:tomas vell', NULL),
                (1, 1, 33, 37, 850.0, 'p:vell', 'p:tomas vell'),
                (1, 2, 46, 53, 1000.0, 'o:corvani', NULL);
            INSERT INTO quotes (id, article_id, start, end, parts, direct, cue, speaker_id, speaker_key, speaker_text,
                    speaker_start, speaker_end, sentence_start, sentence_end, confidence)
                VALUES (7, 1, 0, 16, '[]', 1, 'said', 1, 'p:tomas vell', 'Tomas Vell', 21, 31, 0, 32, 0.875),
                       (8, 1, 33, 54, '[[33,37],[42,54]]', 0, NULL, NULL, NULL, NULL, NULL, NULL, 33, 54, 0.5);
            "#,
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(s.check_integrity().is_ok());
    let fk: i64 = s
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let stats = s.stats().unwrap();
    assert_eq!((stats.mentions, stats.quotes), (3, 2));
    let names: Vec<String> = s
        .conn
        .prepare("SELECT key FROM names ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(names, ["o:corvani", "p:tomas vell", "p:vell"]);
    let quotes = s.quotes(&QuoteFilter::default()).unwrap();
    let q7 = quotes.iter().find(|q| q.id == 7).unwrap();
    assert_eq!(q7.text, "\"We want peace,\"");
    assert_eq!(q7.speaker.as_deref(), Some("Tomas Vell"));
    assert!((q7.confidence - 0.875).abs() < 1e-9);
    let (parts, one_piece): (Option<String>, Option<String>) = s
        .conn
        .query_row(
            "SELECT (SELECT parts FROM quotes WHERE id = 8), (SELECT parts FROM quotes WHERE id = 7)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(parts.as_deref(), Some("[[33,37],[42,54]]"));
    assert_eq!(one_piece, None);
    let vell = s.actor_profile(1).unwrap().unwrap();
    assert_eq!(vell.actor.mentions, 2);
    assert_eq!(vell.quotes_by.len(), 1);

    // The migrated keys still drive curation: splitting the surname off moves only its mention.
    s.correct(Correction::Split {
        actor: 1,
        alias: "Vell".into(),
    })
    .unwrap();
    assert_eq!(s.actor_profile(1).unwrap().unwrap().actor.mentions, 1);
    s.undo().unwrap();
    assert_eq!(s.actor_profile(1).unwrap().unwrap().actor.mentions, 2);
    assert_eq!(s.search("peace", 10).unwrap().len(), 1);
}

#[test]
fn search_checks_phrases_and_ranks_within_the_newest_matches() {
    let mut s = Store::open_in_memory().unwrap();
    let texts = [
        "Peace talks peace talks peace talks in Doha.",
        "Talks about peace stalled.",
        "The peace talks resumed on Monday after a pause.",
        "Observers said the talks on peace were slow.",
        "Ça va: the peace talks went well.",
    ];
    let ids: Vec<ArticleId> = texts
        .iter()
        .map(|t| fixture(t, &[]).import(&mut s))
        .collect();
    // Outside a batch, articles are searchable at once; inside one, once it commits.
    s.begin_batch().unwrap();
    let late = fixture("Late peace talks.", &[]).import(&mut s);
    s.commit_batch().unwrap();

    let phrase: Vec<ArticleId> = s
        .search("\"peace talks\"", 10)
        .unwrap()
        .iter()
        .map(|h| h.article.id)
        .collect();
    assert_eq!(phrase.len(), 4);
    assert_eq!(phrase[0], ids[0], "the densest match ranks first");
    for id in [ids[2], ids[4], late] {
        assert!(phrase.contains(&id));
    }
    let words = s.search("peace talks", 10).unwrap();
    assert_eq!(words.len(), 6);
    assert!(words[0].snippet.contains("[Peace]"), "{}", words[0].snippet);
    assert_eq!(s.search("\"ca va\"", 10).unwrap()[0].article.id, ids[4]);
    assert_eq!(s.search("peace", 2).unwrap().len(), 2);

    // With a window of three, only the three newest matches compete.
    let newest: Vec<ArticleId> = s
        .search_in_window("peace talks", 10, 3)
        .unwrap()
        .iter()
        .map(|h| h.article.id)
        .collect();
    let mut sorted = newest.clone();
    sorted.sort();
    assert_eq!(sorted, [ids[3], ids[4], late]);
}

fn file_of(fixtures: Vec<Fixture>) -> FileImport {
    FileImport {
        source: SourceFile {
            file_name: "batch.json".into(),
            file_path: None,
            format: Format::Json,
            encoding: "UTF-8".into(),
        },
        articles: fixtures
            .into_iter()
            .map(|f| NewArticle {
                content_hash: crate::import::content_hash(&f.article.text),
                article: f.article,
                analysis: Some(f.analysis),
            })
            .collect(),
    }
}

#[test]
fn a_batch_keeps_every_good_file_whole_and_drops_a_bad_one_whole() {
    let mut s = Store::open_in_memory().unwrap();
    let good = |t: &str| fixture(t, &[("Coastal Alliance", O, &[])]);
    let mut bad = fixture(
        "Harbour League and Coastal Alliance met.",
        &[("Harbour League", O, &[])],
    );
    // A span that ends before it starts: the store refuses the row, so the file fails.
    bad.analysis.mentions[0].span = Span { start: 9, end: 2 };
    let files = [
        file_of(vec![good("The Coastal Alliance met in Vellmar.")]),
        file_of(vec![good("Coastal Alliance statement one."), bad]),
        file_of(vec![
            good("Coastal Alliance statement two."),
            good("The Coastal Alliance met in Vellmar."),
        ]),
    ];
    let results = s.import_files(&files, 1).unwrap();
    assert_eq!(results[0].as_ref().unwrap().imported.len(), 1);
    assert!(results[1].is_err(), "{:?}", results[1]);
    let third = results[2].as_ref().unwrap();
    assert_eq!((third.imported.len(), third.duplicates), (1, 1));

    // Nothing of the bad file is left, not even its good first article.
    assert_eq!(s.stats().unwrap().articles, 2);
    assert!(s.search("statement one", 10).unwrap().is_empty());
    assert_eq!(s.search("statement", 10).unwrap().len(), 1);
    assert_eq!(s.search("vellmar", 10).unwrap().len(), 1);
    let alliance = id_of(&s, "Coastal Alliance");
    assert_eq!(
        s.actor_profile(alliance).unwrap().unwrap().actor.mentions,
        2
    );
    assert!(s.find_actor("Harbour League").unwrap().is_none());
    assert!(s.check_integrity().is_ok());

    // A clean batch goes through the fast path; everything in it is searchable at once.
    let more = [file_of(vec![good("Coastal Alliance statement three.")])];
    assert!(s.import_files(&more, 1).unwrap()[0].is_ok());
    assert_eq!(s.search("statement", 10).unwrap().len(), 2);
}

#[test]
fn related_and_topic_actors_count_shared_articles() {
    let mut s = Store::open_in_memory().unwrap();
    let ines = ("Ines Varga", P, &[][..]);
    let league = ("Harbour League", O, &[][..]);
    let bank = ("Central Bank", O, &[][..]);
    let front = ("Northern Front", O, &[][..]);
    fixture(
        "Ines Varga met the Harbour League. The Harbour League agreed.",
        &[ines, league],
    )
    .topic("talks")
    .import(&mut s);
    fixture(
        "Ines Varga and the Central Bank. The Harbour League waited.",
        &[ines, bank, league],
    )
    .topic("talks")
    .import(&mut s);
    fixture("Ines Varga and the Central Bank again.", &[ines, bank]).import(&mut s);
    fixture("The Northern Front and the Central Bank.", &[front, bank])
        .topic("talks")
        .import(&mut s);
    let ines_id = id_of(&s, "Ines Varga");
    let related: Vec<(String, u64)> = s
        .actor_profile(ines_id)
        .unwrap()
        .unwrap()
        .related
        .into_iter()
        .map(|r| (r.name, r.shared_articles))
        .collect();
    // Two shared articles each: the League has more mentions, so it comes first.
    assert_eq!(
        related,
        [
            ("Harbour League".to_string(), 2),
            ("Central Bank".to_string(), 2)
        ]
    );
    // Hidden actors are left out.
    s.correct(Correction::Hide {
        actor: id_of(&s, "Central Bank"),
    })
    .unwrap();
    let topic = s.find_topic("talks").unwrap().unwrap();
    let actors: Vec<(String, u64)> = s
        .topic_detail(topic)
        .unwrap()
        .unwrap()
        .actors
        .into_iter()
        .map(|r| (r.name, r.shared_articles))
        .collect();
    assert_eq!(
        actors,
        [
            ("Harbour League".to_string(), 2),
            ("Ines Varga".to_string(), 2),
            ("Northern Front".to_string(), 1)
        ]
    );
}

/// Quote and role corrections follow their passage when a re-analysis moves its span, are kept
/// and listed as "no longer matches" when it disappears, and apply again when it comes back.
#[test]
fn corrections_follow_shifted_spans_and_are_never_dropped() {
    let mut s = Store::open_in_memory().unwrap();
    let text = "Amira Castell met Jonas Pell. Pell said the harbour levy would stay in place. \
                Then Castell left.";
    let f = fixture(
        text,
        &[("Amira Castell", P, &[]), ("Jonas Pell", P, &["Pell"])],
    )
    .quote("the harbour levy would stay in place", Speaker::Actor(0))
    .role(1, "minister");
    let article = f.import(&mut s);
    let pell = id_of(&s, "Jonas Pell");
    let quote = s.quotes(&QuoteFilter::default()).unwrap()[0].id;
    s.correct(Correction::QuoteSpeaker {
        quote,
        speaker: Some(pell),
        description: None,
    })
    .unwrap();
    let role: i64 = s
        .conn
        .query_row("SELECT id FROM roles", [], |r| r.get(0))
        .unwrap();
    s.correct(Correction::EditRole {
        role,
        title: Some("port minister".into()),
    })
    .unwrap();

    // A better extractor takes one word more into the quote and one word less into the role.
    let mut shifted = f.analysis.clone();
    let q = &mut shifted.quotes[0];
    let start = text.find("said the harbour").unwrap();
    q.span = Span::new(start, q.span.end);
    q.sentence = Span::new(text.find("Pell said").unwrap(), q.span.end + 1);
    shifted.actors[1].roles[0].span = Span::new(0, 2);
    s.replace_analysis(article, &f.article, &shifted, 2)
        .unwrap();
    let quotes = s.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(quotes[0].text, &text[start..shifted.quotes[0].span.end]);
    assert_eq!(
        quotes[0].speaker_id,
        Some(pell),
        "the correction followed the quote"
    );
    assert_eq!(
        s.actor_profile(pell).unwrap().unwrap().roles[0].title,
        "port minister"
    );
    assert!(
        s.corrections()
            .unwrap()
            .iter()
            .all(|c| c.status == CorrectionStatus::Applied)
    );

    // The quote is not found at all any more: the correction stays, marked.
    let mut without = shifted.clone();
    without.quotes.clear();
    s.replace_analysis(article, &f.article, &without, 3)
        .unwrap();
    let history = s.corrections().unwrap();
    assert_eq!(history.len(), 2, "nothing is dropped");
    assert_eq!(history[0].status, CorrectionStatus::NoLongerMatches);
    assert_eq!(history[0].status.label(), "no longer matches");
    assert_eq!(history[1].status, CorrectionStatus::Applied);

    // It comes back (where the first analysis had it): the correction applies again.
    s.replace_analysis(article, &f.article, &f.analysis, 4)
        .unwrap();
    let quotes = s.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(quotes[0].speaker_id, Some(pell));
    assert_eq!(
        s.corrections().unwrap()[0].status,
        CorrectionStatus::Applied
    );

    // Undo still finds the quote although it moved since the correction was made.
    s.undo_correction(history[0].id).unwrap();
    let quotes = s.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(quotes[0].speaker_id, Some(id_of(&s, "Amira Castell")));
}

/// A rule that cannot be read (from a newer Dossier, say) is kept and listed, never skipped
/// without a word, and re-analysis goes on.
#[test]
fn unreadable_corrections_are_listed_and_kept() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture("Amira Castell spoke.", &[("Amira Castell", P, &[])]);
    let article = f.import(&mut s);
    s.conn
        .execute(
            "INSERT INTO corrections (made_at, summary, rule, undo) VALUES ('2030-01-01T00:00:00Z', 'from the future', ?1, '{}')",
            [format!(r#"{{"rule":"tint_quote","article":{article},"colour":"red"}}"#)],
        )
        .unwrap();
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    let history = s.corrections().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status, CorrectionStatus::Unreadable);
    assert!(s.undo().is_err(), "it cannot be undone, and says so");
    assert_eq!(s.corrections().unwrap().len(), 1);
}

fn damage_page(path: &std::path::Path, page: u64, seed: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut x = seed | 1;
    let page_size = u64::from(super::PAGE_SIZE);
    let bytes: Vec<u8> = (0..page_size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(page * page_size)).unwrap();
    f.write_all(&bytes).unwrap();
}

/// Damage on any page, not only the pages an import happens to read, is found before the
/// first write, and nothing is written; after a clean close the check is skipped.
#[test]
fn a_damaged_page_anywhere_stops_writes_before_they_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.dossier");
    {
        let mut s = Store::open(&path).unwrap();
        for i in 0..300 {
            let text = format!(
                "Report {i}: Amira Castell met Jonas Pell in Port Ellar. {}",
                "The levy talks went on. ".repeat(40 + i % 7)
            );
            fixture(&text, &[("Amira Castell", P, &[]), ("Jonas Pell", P, &[])]).import(&mut s);
        }
    }
    assert!(!open::wal_path(&path).exists(), "closed cleanly");
    assert!(open::closed_cleanly(&path) || std::env::var_os("HOME").is_none());
    let pages = std::fs::metadata(&path).unwrap().len() / u64::from(super::PAGE_SIZE);
    assert!(pages > 20, "{pages} pages");
    for (n, page) in [2, pages / 3, pages / 2, pages - 2].into_iter().enumerate() {
        let copy = dir.path().join(format!("copy{n}.dossier"));
        std::fs::copy(&path, &copy).unwrap();
        damage_page(&copy, page, 7 + n as u64);
        let before = std::fs::read(&copy).unwrap();
        let err = Store::open(&copy).unwrap_err();
        assert!(
            matches!(err, StoreError::Corrupt { .. }),
            "page {page}: {err}"
        );
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            before,
            "page {page} untouched"
        );
    }
    // In place, after a clean close (the record must not hide a later change).
    std::thread::sleep(std::time::Duration::from_millis(30));
    damage_page(&path, pages / 2, 99);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Corrupt { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Once SQLite reports damage in an open dossier, no commit goes through, whatever the path.
#[test]
fn a_dossier_marked_damaged_refuses_every_commit() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture("Amira Castell spoke.", &[("Amira Castell", P, &[])]);
    f.import(&mut s);
    let castell = id_of(&s, "Amira Castell");
    let noted = s.note::<()>(Err(StoreError::Damaged("test".into())));
    assert!(noted.is_err());
    assert!(s.is_damaged());
    assert!(matches!(
        s.correct(Correction::Hide { actor: castell }),
        Err(StoreError::Damaged(_))
    ));
    // Even a write that bypasses the entry points is refused at its commit.
    let raw = s
        .conn
        .execute_batch("BEGIN; UPDATE actors SET hidden = 1; COMMIT;");
    assert!(raw.is_err());
    let _ = s.conn.execute_batch("ROLLBACK");
    let hidden: bool = s
        .conn
        .query_row("SELECT hidden FROM actors WHERE id = ?1", [castell], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!hidden);
}

/// Creating, migrating and importing into one new dossier from several connections at once:
/// every one succeeds, and readers never see "not a dossier".
#[test]
fn concurrent_creation_and_imports_all_succeed() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("new{round}.dossier"));
        std::thread::scope(|scope| {
            let mut handles = Vec::new();
            for t in 0..4 {
                let path = path.clone();
                handles.push(scope.spawn(move || -> Result<(), String> {
                    let mut s = Store::open(&path).map_err(|e| format!("writer {t}: {e}"))?;
                    let text = format!("Writer {t} says Amira Castell met Jonas Pell.");
                    let f = fixture(&text, &[("Amira Castell", P, &[])]);
                    let source = SourceFile {
                        file_name: format!("{t}.txt"),
                        file_path: None,
                        format: Format::Text,
                        encoding: "UTF-8".into(),
                    };
                    let hash = crate::import::content_hash(&f.article.text);
                    s.import_article(&source, &f.article, &f.analysis, &hash, 1)
                        .map_err(|e| format!("writer {t}: {e}"))?;
                    Ok(())
                }));
            }
            for t in 0..2 {
                let path = path.clone();
                handles.push(scope.spawn(move || -> Result<(), String> {
                    for _ in 0..20 {
                        match Store::open_read_only(&path) {
                            Ok(s) => {
                                s.stats().map_err(|e| format!("reader {t}: {e}"))?;
                            }
                            Err(StoreError::Open { .. }) => {} // not created yet
                            Err(e) => return Err(format!("reader {t}: {e}")),
                        }
                    }
                    Ok(())
                }));
            }
            for h in handles {
                h.join().unwrap().unwrap();
            }
        });
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.stats().unwrap().articles, 4);
    }
}

/// Reading never writes: a read-only open leaves the file as it was, works on a write-protected
/// file, and a refused foreign file gets no side files.
#[test]
fn read_only_opens_and_refusals_leave_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.dossier");
    {
        let mut s = Store::open(&path).unwrap();
        fixture("Amira Castell spoke.", &[("Amira Castell", P, &[])]).import(&mut s);
    }
    let before = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms.clone()).unwrap();
    {
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.stats().unwrap().articles, 1);
        assert!(s.check_integrity().is_ok());
        let mut s = s;
        let f = fixture("Jonas Pell spoke.", &[("Jonas Pell", P, &[])]);
        let source = SourceFile {
            file_name: "x.txt".into(),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        assert!(matches!(
            s.import_article(&source, &f.article, &f.analysis, "h", 1),
            Err(StoreError::ReadOnly)
        ));
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();

    // A database of another program in WAL mode: refused without -wal or -shm beside it.
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert!(!open::wal_path(&other).exists());
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotADossier { .. })
    ));
    assert!(matches!(
        Store::open_read_only(&other),
        Err(StoreError::NotADossier { .. })
    ));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("other"))
        .collect();
    assert_eq!(names, vec!["other.db".to_string()]);
}

/// Rule names as the extractor records them (stable identifiers: a renamed rule would leave the
/// facts of existing dossiers without a reason, so these spellings are part of the format).
const RULE_TITLE: &str = "entity.title_before_name";
const RULE_SAID: &str = "entity.subject_of_speech_verb";
const RULE_QUOTE: &str = "quote.direct_clause_after";
const RULE_ROLE: &str = "role.title_before_name";

/// The fixture of the rule tests: "Mayor Tomas Brandt" (found after a title), "Brandt" (as the
/// subject of "said"), a direct quote and a role, each with its rule.
fn ruled_fixture() -> Fixture {
    let mut f = fixture(
        "Mayor Tomas Brandt opened the port. \"We are ready,\" Brandt said.",
        &[("Tomas Brandt", P, &["Brandt"])],
    )
    .quote("\"We are ready,\"", Speaker::Actor(0))
    .role(0, "mayor");
    f.analysis.rules.mentions = f
        .analysis
        .mentions
        .iter()
        .map(|m| {
            let rule = if m.span.len() == "Brandt".len() {
                RULE_SAID
            } else {
                RULE_TITLE
            };
            rule.into()
        })
        .collect();
    f.analysis.rules.quotes = vec![RULE_QUOTE.into()];
    f.analysis.rules.roles = vec![vec![RULE_ROLE.into()]];
    f
}

#[test]
fn rules_are_stored_with_each_fact_and_explain_it() {
    for rule in [RULE_TITLE, RULE_SAID, RULE_QUOTE, RULE_ROLE] {
        assert!(crate::extract::rule_description(rule).is_some(), "{rule}");
    }
    let mut s = Store::open_in_memory().unwrap();
    let article = ruled_fixture().import(&mut s);
    let brandt = id_of(&s, "Tomas Brandt");
    let p = s.actor_profile(brandt).unwrap().unwrap();
    let q = &p.quotes_by[0];
    assert_eq!(q.rule.as_deref(), Some(RULE_QUOTE));
    assert!(!q.speaker_corrected);
    let said = crate::extract::rule_description(RULE_QUOTE).unwrap();
    assert_eq!(q.why(), Some(format!("Why: {said}")));
    assert_eq!(p.roles[0].rule.as_deref(), Some(RULE_ROLE));
    assert!(!p.roles[0].corrected);
    let alias = p.aliases.iter().find(|a| a.alias == "Brandt").unwrap();
    assert_eq!(alias.rule.as_deref(), Some(RULE_SAID));
    assert!(!alias.corrected);
    assert_eq!(p.name_rule.as_deref(), Some(RULE_TITLE));
    assert!(!p.name_corrected);
    let detail = s.article(article).unwrap().unwrap();
    let rules: Vec<Option<&str>> = detail.mentions.iter().map(|m| m.rule.as_deref()).collect();
    assert_eq!(rules, [Some(RULE_TITLE), Some(RULE_SAID)]);

    // Re-analysis stores the new rules; a fact without one, or with a rule this version does not
    // know, has no reason rather than a wrong one.
    let mut f = ruled_fixture();
    f.analysis.rules.quotes = vec!["quote.some_future_rule".into()];
    f.analysis.rules.roles = Vec::new();
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    let p = s.actor_profile(brandt).unwrap().unwrap();
    assert_eq!(
        p.quotes_by[0].rule.as_deref(),
        Some("quote.some_future_rule")
    );
    assert_eq!(p.quotes_by[0].why(), None);
    assert_eq!(p.roles[0].rule, None);
    assert_eq!(p.roles[0].why(), None);
    // Each rule name is stored once.
    let n: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM rules WHERE name = ?1",
            [RULE_TITLE],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn corrections_show_as_the_reason_until_undone() {
    let mut s = Store::open_in_memory().unwrap();
    let f = ruled_fixture();
    let article = f.import(&mut s);
    fixture("Ana Lusk spoke.", &[("Ana Lusk", P, &[])]).import(&mut s);
    let (brandt, lusk) = (id_of(&s, "Tomas Brandt"), id_of(&s, "Ana Lusk"));
    let quote = s.quotes(&QuoteFilter::default()).unwrap()[0].id;
    s.correct(Correction::QuoteSpeaker {
        quote,
        speaker: Some(lusk),
        description: None,
    })
    .unwrap();
    let p = s.actor_profile(lusk).unwrap().unwrap();
    let q = &p.quotes_by[0];
    assert!(q.speaker_corrected);
    let why = q.why().unwrap();
    assert!(
        why.starts_with("Why: ") && why.ends_with("speaker corrected by you"),
        "{why}"
    );

    let role = s.actor_profile(brandt).unwrap().unwrap().roles[0].id;
    s.correct(Correction::EditRole {
        role,
        title: Some("harbour mayor".into()),
    })
    .unwrap();
    let p = s.actor_profile(brandt).unwrap().unwrap();
    let r = &p.roles[0];
    assert!(r.corrected);
    assert!(r.why().unwrap().ends_with("title corrected by you"));

    s.correct(Correction::AddAlias {
        actor: brandt,
        alias: "The Mayor".into(),
    })
    .unwrap();
    let p = s.actor_profile(brandt).unwrap().unwrap();
    let added = p.aliases.iter().find(|a| a.alias == "The Mayor").unwrap();
    assert!(added.corrected);
    assert_eq!(added.why().as_deref(), Some("Why: name corrected by you"));
    assert!(
        !p.aliases
            .iter()
            .find(|a| a.alias == "Brandt")
            .unwrap()
            .corrected
    );

    s.correct(Correction::Rename {
        actor: brandt,
        name: "Tomas K. Brandt".into(),
    })
    .unwrap();
    let p = s.actor_profile(brandt).unwrap().unwrap();
    assert!(p.name_corrected);
    assert!(p.name_why().unwrap().ends_with("name corrected by you"));
    s.undo().unwrap();
    assert!(!s.actor_profile(brandt).unwrap().unwrap().name_corrected);

    // A correction kept across re-analysis still shows; undone, it no longer does.
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    assert!(s.actor_profile(brandt).unwrap().unwrap().roles[0].corrected);
    s.undo().unwrap();
    s.undo().unwrap();
    s.undo().unwrap();
    let p = s.actor_profile(brandt).unwrap().unwrap();
    assert!(!p.roles[0].corrected);
    assert!(!p.quotes_by[0].speaker_corrected);
    assert!(p.aliases.iter().all(|a| !a.corrected));
}

/// A dossier written by the version-4 schema (no rules) opens, migrates, shows no reason for its
/// old facts, and stores rules for what is analysed afterwards.
#[test]
fn version_4_dossier_migrates_without_made_up_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.dossier");
    let f = ruled_fixture();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &schema::MIGRATIONS[..4] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 4).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.execute(
            "INSERT INTO articles (id, file_name, format, encoding, content_hash, title, date, text, body_start, imported_at, analysed_with)
                VALUES (1, 'a.txt', 'text', 'UTF-8', 'h1', 'Port', '2024-01-02', ?1, 0, '2024-01-03T00:00:00Z', 1)",
            [&f.article.text],
        )
        .unwrap();
        c.execute_batch(
            r#"
            INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles;
            INSERT INTO actors (id, name, kind, key) VALUES (1, 'Tomas Brandt', 'PERSON', 'p:tomas brandt');
            INSERT INTO actor_keys (key, actor_id) VALUES ('p:tomas brandt', 1);
            INSERT INTO names (id, key) VALUES (1, 'p:tomas brandt'), (2, 'p:brandt');
            INSERT INTO mentions (article_id, start, end, actor_id, confidence, name, found) VALUES
                (1, 6, 18, 1, 900, 1, NULL), (1, 52, 58, 1, 800, 2, 1);
            INSERT INTO quotes (id, article_id, start, end, direct, speaker_id, speaker_name, speaker_text,
                    sentence_start, sentence_end, confidence)
                VALUES (3, 1, 36, 51, 1, 1, 1, 'Tomas Brandt', 36, 64, 800);
            INSERT INTO roles (actor_id, article_id, title, start, end, found_key) VALUES (1, 1, 'mayor', 0, 5, 'p:tomas brandt');
            "#,
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(s.check_integrity().is_ok());
    let p = s.actor_profile(1).unwrap().unwrap();
    assert_eq!(p.actor.mentions, 2);
    assert_eq!(p.quotes_by[0].text, "\"We are ready,\"");
    assert_eq!(
        (p.quotes_by[0].rule.as_deref(), p.quotes_by[0].why()),
        (None, None)
    );
    assert_eq!((p.roles[0].rule.as_deref(), p.roles[0].why()), (None, None));
    assert!(
        p.aliases
            .iter()
            .all(|a| a.rule.is_none() && a.why().is_none())
    );
    let detail = s.article(1).unwrap().unwrap();
    assert!(
        detail
            .mentions
            .iter()
            .all(|m| m.rule.is_none() && m.why().is_none())
    );

    // Analysed again, the article's facts get their rules.
    s.replace_analysis(1, &f.article, &f.analysis, 2).unwrap();
    let p = s.actor_profile(1).unwrap().unwrap();
    assert_eq!(p.quotes_by[0].rule.as_deref(), Some(RULE_QUOTE));
    assert_eq!(p.roles[0].rule.as_deref(), Some(RULE_ROLE));
}

/// A small deterministic generator for the summary test below.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize % n.max(1)
    }
}

/// Builds one article naming a random set of invented actors, with a quote and a topic.
fn random_fixture(rng: &mut Xorshift, n: usize) -> Fixture {
    const NAMES: &[(&str, ActorKind)] = &[
        ("Ilsa Moravec", P),
        ("Tobin Arkwright", P),
        ("Moravec", P),
        ("Quarry Union", O),
        ("Fenmark Council", O),
        ("Odile Sarrazin", P),
    ];
    const DATES: &[Option<&str>] = &[
        Some("2023-02-01"),
        Some("2023-06-15"),
        Some("2024-01-09"),
        None,
        Some("2022-11-30"),
    ];
    let picked: Vec<(&str, ActorKind)> = NAMES
        .iter()
        .copied()
        .filter(|_| rng.below(2) == 0)
        .collect();
    let mut text = format!("Report {n}. ");
    for (name, _) in &picked {
        text.push_str(&format!("{name} was there. "));
    }
    text.push_str("\"We will see,\" one said.");
    let actors: Vec<(&str, ActorKind, &[&str])> =
        picked.iter().map(|(n, k)| (*n, *k, &[][..])).collect();
    let mut f = fixture(&text, &actors);
    f.article.date = DATES[rng.below(DATES.len())].map(str::to_string);
    let speaker = if picked.is_empty() || rng.below(3) == 0 {
        Speaker::Unknown
    } else {
        Speaker::Actor(rng.below(picked.len()))
    };
    let mut f = f.quote("\"We will see,\"", speaker);
    for topic in ["harbours", "tariffs", "elections"] {
        if rng.below(2) == 0 {
            f = f.topic(topic);
        }
    }
    f
}

#[test]
fn summaries_match_a_full_count_after_every_kind_of_change() {
    let mut store = Store::open_in_memory().unwrap();
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut made = 0usize;
    for step in 0..400 {
        let op = rng.below(12);
        let articles: Vec<ArticleId> = store.articles().unwrap().iter().map(|a| a.id).collect();
        let actors: Vec<ActorId> = store
            .actors(&ActorFilter::default())
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        let pick = |rng: &mut Xorshift, xs: &[i64]| xs.get(rng.below(xs.len())).copied();
        let what = match op {
            0 | 1 => {
                made += 1;
                random_fixture(&mut rng, made).import(&mut store);
                "import"
            }
            2 => {
                // A batch of three, sometimes abandoned.
                store.begin_batch().unwrap();
                for _ in 0..3 {
                    made += 1;
                    random_fixture(&mut rng, made).import(&mut store);
                }
                if rng.below(4) == 0 {
                    store.rollback_batch().unwrap();
                    "abandoned batch"
                } else {
                    store.commit_batch().unwrap();
                    "batch"
                }
            }
            3 => {
                // Re-analysis finds a different set of actors in the same text.
                let Some(id) = pick(&mut rng, &articles) else {
                    continue;
                };
                let detail = store.article(id).unwrap().unwrap();
                let mut f = random_fixture(&mut rng, 0);
                f.article.text = detail.text.clone();
                let keep: Vec<(&str, ActorKind, &[&str])> = f
                    .analysis
                    .actors
                    .iter()
                    .filter(|a| detail.text.contains(&a.name))
                    .map(|a| (a.name.as_str(), a.kind, &[][..]))
                    .collect();
                let g = fixture(&detail.text, &keep).topic("tariffs");
                store
                    .replace_analysis(id, &g.article, &g.analysis, 2)
                    .unwrap();
                "re-analysis"
            }
            4 if actors.len() >= 2 => {
                let into = actors[rng.below(actors.len())];
                let from = actors[rng.below(actors.len())];
                let _ = store.correct(Correction::Merge {
                    into,
                    from: vec![from],
                });
                "merge"
            }
            5 => {
                let Some(actor) = pick(&mut rng, &actors) else {
                    continue;
                };
                let _ = store.correct(if rng.below(2) == 0 {
                    Correction::Hide { actor }
                } else {
                    Correction::RemoveAlias {
                        actor,
                        alias: "Moravec".into(),
                    }
                });
                "hide or remove a name"
            }
            6 => {
                let Some(actor) = pick(&mut rng, &actors) else {
                    continue;
                };
                let _ = store.correct(Correction::Split {
                    actor,
                    alias: "Moravec".into(),
                });
                "split"
            }
            7 => {
                let quotes: Vec<QuoteId> = store
                    .quotes(&QuoteFilter::default())
                    .unwrap()
                    .iter()
                    .map(|q| q.id)
                    .collect();
                let Some(quote) = pick(&mut rng, &quotes) else {
                    continue;
                };
                let _ = store.correct(if rng.below(3) == 0 {
                    Correction::NotAQuote { quote }
                } else {
                    Correction::QuoteSpeaker {
                        quote,
                        speaker: pick(&mut rng, &actors),
                        description: None,
                    }
                });
                "quote"
            }
            8 => {
                let Some(article) = pick(&mut rng, &articles) else {
                    continue;
                };
                let topic = ["harbours", "tariffs", "fisheries"][rng.below(3)].to_string();
                let _ = store.correct(if rng.below(2) == 0 {
                    Correction::AddTopic { article, topic }
                } else {
                    Correction::RemoveTopic { article, topic }
                });
                "topic"
            }
            9 => {
                let _ = store.undo();
                "undo"
            }
            10 => {
                let _ = store.redo();
                "redo"
            }
            _ => {
                // The same text again: a duplicate changes nothing.
                made += 1;
                let mut rng2 = Xorshift(made as u64 * 7 + 1);
                random_fixture(&mut rng2, 1).import(&mut store);
                "duplicate"
            }
        };
        let wrong = store.verify_stats().unwrap();
        assert!(wrong.is_empty(), "step {step} ({what}): {wrong:?}");
    }
    assert!(store.stats().unwrap().articles > 50);
}

#[test]
fn a_wrong_summary_is_found_by_the_check_and_rebuilt() {
    let mut s = Store::open_in_memory().unwrap();
    fixture(
        "Ilsa Moravec met the Quarry Union.",
        &[("Ilsa Moravec", P, &[]), ("Quarry Union", O, &[])],
    )
    .topic("harbours")
    .import(&mut s);
    assert!(s.verify_stats().unwrap().is_empty());
    s.conn
        .execute_batch(
            "UPDATE actor_stats SET mentions = 9; UPDATE topic_stats SET last_seen = '1999-01-01';",
        )
        .unwrap();
    let wrong = s.verify_stats().unwrap();
    assert_eq!(
        wrong.iter().map(|w| w.kind).collect::<Vec<_>>(),
        ["actor", "actor", "topic"]
    );
    s.rebuild_stats().unwrap();
    assert!(s.verify_stats().unwrap().is_empty());
    assert_eq!(
        names(&s),
        [
            ("Ilsa Moravec".to_string(), 1),
            ("Quarry Union".to_string(), 1)
        ]
    );
}

/// A dossier file with free pages: articles, then a large scratch table dropped again.
fn dossier_with_free_space(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    let mut rng = Xorshift(7);
    for n in 0..40 {
        random_fixture(&mut rng, n).import(&mut s);
    }
    s.conn
        .execute_batch(
            "CREATE TABLE scratch (x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO scratch SELECT randomblob(4000) FROM n;
             DROP TABLE scratch;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    s
}

#[test]
fn compacting_gives_free_space_back_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.dossier");
    let mut s = dossier_with_free_space(&path);
    let before = s.space_use().unwrap();
    assert!(before.free_bytes > 4_000_000, "{before:?}");
    let stats = s.stats().unwrap();
    let actors = names(&s);
    // Another program with the dossier open: refused at once, nothing changed.
    let other = Store::open_read_only(&path).unwrap();
    let err = s
        .compact(&std::sync::atomic::AtomicBool::new(false), |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(s.space_use().unwrap(), before);
    drop(other);
    let mut steps = Vec::new();
    let done = s
        .compact(&std::sync::atomic::AtomicBool::new(false), |p| {
            steps.push(p.fraction())
        })
        .unwrap();
    assert!(done.bytes_after + 4_000_000 < done.bytes_before, "{done:?}");
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
    assert_eq!(steps.last().copied(), Some(1.0));
    assert_eq!(s.space_use().unwrap().free_bytes, 0);
    assert!(s.check_integrity().is_ok());
    assert_eq!(s.stats().unwrap(), stats);
    assert_eq!(names(&s), actors);
    assert!(s.verify_stats().unwrap().is_empty());
    assert!(!dir.path().join("c.dossier.compacting").exists());
    // Shared use again: another writer can import.
    let mut second = Store::open(&path).unwrap();
    random_fixture(&mut Xorshift(99), 1000).import(&mut second);
}

#[test]
fn a_cancelled_compaction_leaves_the_dossier_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.dossier");
    let mut s = dossier_with_free_space(&path);
    let before = s.space_use().unwrap();
    let stats = s.stats().unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let err = s.compact(&cancel, |_| {}).unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert_eq!(s.space_use().unwrap(), before);
    assert_eq!(s.stats().unwrap(), stats);
    assert!(!dir.path().join("c.dossier.compacting").exists());
    random_fixture(&mut Xorshift(5), 1000).import(&mut s);
    let mut second = Store::open(&path).unwrap();
    random_fixture(&mut Xorshift(6), 1001).import(&mut second);
}

#[test]
fn profiles_and_topics_list_the_newest_articles_of_a_large_actor() {
    let mut s = Store::open_in_memory().unwrap();
    s.begin_batch().unwrap();
    let n = PROFILE_ARTICLES + 40;
    for i in 0..n {
        let mut f = fixture(
            &format!("Note {i}: Ilsa Moravec spoke. \"Soon,\" said Ilsa Moravec."),
            &[("Ilsa Moravec", P, &[])],
        )
        .quote("\"Soon,\"", Speaker::Actor(0))
        .topic("harbours");
        // Dates out of import order; every tenth article undated.
        f.article.date = (i % 10 != 3).then(|| {
            format!(
                "20{:02}-{:02}-{:02}",
                10 + (i * 7) % 13,
                1 + i % 12,
                1 + i % 28
            )
        });
        f.import(&mut s);
    }
    s.commit_batch().unwrap();
    let id = id_of(&s, "Ilsa Moravec");
    let p = s.actor_profile(id).unwrap().unwrap();
    assert!(p.windowed);
    assert_eq!(p.actor.articles, n as u64);
    assert_eq!(p.articles.len(), PROFILE_ARTICLES);
    assert_eq!(p.quotes_by.len(), PROFILE_ARTICLES);
    // The newest by date: every dated article left out is older than every one listed, and the
    // undated ones are the first to go.
    let listed: std::collections::HashSet<ArticleId> = p.articles.iter().map(|a| a.id).collect();
    let all = s.articles().unwrap();
    let oldest_listed = p
        .articles
        .iter()
        .filter_map(|a| a.date.clone())
        .min()
        .unwrap();
    for a in all.iter().filter(|a| !listed.contains(&a.id)) {
        assert!(a.date.as_ref().is_none_or(|d| *d <= oldest_listed), "{a:?}");
    }
    assert!(p.quotes_by.iter().all(|q| listed.contains(&q.article_id)));

    let topic = s.find_topic("harbours").unwrap().unwrap();
    let t = s.topic_detail(topic).unwrap().unwrap();
    assert!(t.windowed);
    assert_eq!(t.topic.articles, n as u64);
    assert_eq!(t.articles.len(), PROFILE_ARTICLES);

    // Both ways of choosing the newest agree with sorting them all.
    let ids: Vec<ArticleId> = all.iter().map(|a| a.id).collect();
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| {
        (
            a.date.is_none(),
            std::cmp::Reverse(&a.date),
            std::cmp::Reverse(a.id),
        )
            .cmp(&(
                b.date.is_none(),
                std::cmp::Reverse(&b.date),
                std::cmp::Reverse(b.id),
            ))
    });
    let expect = |k: usize| -> Vec<Option<String>> {
        sorted.iter().take(k).map(|a| a.date.clone()).collect()
    };
    let dates = |ids: Vec<ArticleId>| -> Vec<Option<String>> {
        ids.iter()
            .map(|id| all.iter().find(|a| a.id == *id).unwrap().date.clone())
            .collect()
    };
    // 10 of 540: the date index is walked. 500 of 540: the dates are looked up.
    for k in [10, PROFILE_ARTICLES] {
        let mut got = dates(s.newest_articles(ids.clone(), k).unwrap());
        let mut want = expect(k);
        got.sort();
        want.sort();
        assert_eq!(got, want, "newest {k}");
    }
}

/// The article's declared language is stored and read back (article, list, search).
#[test]
fn language_round_trips() {
    let mut s = Store::open_in_memory().unwrap();
    let mut f = fixture("Tomas Brandt opened the new quay on Monday.", &[]);
    f.article.language = Some("pt-BR".into());
    let id = f.import(&mut s);
    let detail = s.article(id).unwrap().unwrap();
    assert_eq!(detail.article.language.as_deref(), Some("pt-BR"));
    let listed = s.articles().unwrap();
    assert_eq!(listed[0].language.as_deref(), Some("pt-BR"));
    // Without one, none is made up.
    let g = fixture("A second article about the quay and its ferries.", &[]);
    let other = g.import(&mut s);
    assert_eq!(s.article(other).unwrap().unwrap().article.language, None);
}

/// A dossier written before migration 6 opens with its articles and no language for them.
#[test]
fn version_5_dossier_migrates_with_no_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.dossier");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &schema::MIGRATIONS[..5] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 5).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.execute(
            "INSERT INTO articles (id, file_name, format, encoding, content_hash, title, date, text, body_start, imported_at, analysed_with)
                VALUES (1, 'a.txt', 'text', 'UTF-8', 'h1', 'Port', '2024-01-02', 'The port reopened.', 0, '2024-01-03T00:00:00Z', 1)",
            [],
        )
        .unwrap();
        assert!(
            c.prepare("SELECT language FROM articles").is_err(),
            "version 5 has no language column"
        );
    }
    let s = Store::open(&path).unwrap();
    assert!(s.schema_version().unwrap() >= 6);
    assert!(s.check_integrity().is_ok());
    let detail = s.article(1).unwrap().unwrap();
    assert_eq!(detail.article.title.as_deref(), Some("Port"));
    assert_eq!(detail.article.language, None);
}

#[test]
fn corrections_are_found_by_their_article_through_an_index() {
    let mut s = Store::open_in_memory().unwrap();
    let f = fixture("\"Soon,\" said Ilsa Moravec.", &[("Ilsa Moravec", P, &[])])
        .quote("\"Soon,\"", Speaker::Actor(0))
        .topic("harbours");
    let article = f.import(&mut s);
    let quote = s.quotes(&QuoteFilter::default()).unwrap()[0].id;
    s.correct(Correction::NotAQuote { quote }).unwrap();
    s.correct(Correction::RemoveTopic {
        article,
        topic: "harbours".into(),
    })
    .unwrap();
    s.conn
        .execute(
            "INSERT INTO corrections (made_at, summary, rule, undo) VALUES ('2030-01-01T00:00:00Z', 'broken', '{not json', '{}')",
            [],
        )
        .unwrap();
    let articles: Vec<Option<i64>> = s
        .conn
        .prepare("SELECT article FROM corrections ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(articles, [Some(article), Some(article), None]);
    let plan: Vec<String> = s
        .conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT id, rule FROM corrections WHERE article = ?1 AND undone = 0 ORDER BY id",
        )
        .unwrap()
        .query_map([article], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("corrections_article")),
        "{plan:?}"
    );
    // Analysed again, both corrections still apply.
    s.replace_analysis(article, &f.article, &f.analysis, 2)
        .unwrap();
    assert!(s.quotes(&QuoteFilter::default()).unwrap().is_empty());
    assert!(s.topics().unwrap().is_empty());
}

/// A profile's "newest" articles: by date, then the most recently imported, undated ones last;
/// the same whether the ids are sorted by SQL or found by walking the date index.
#[test]
fn newest_articles_prefer_later_dates_then_later_imports() {
    let mut s = Store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for i in 0..15 {
        let mut f = fixture(&format!("Article number {i} about harbour fees."), &[]);
        f.article.date = match i {
            3 => Some("2024-05-01".into()),
            7 | 9 => Some("2024-06-01".into()),
            _ => None,
        };
        ids.push(f.import(&mut s));
    }
    // Four or fewer times the limit: sorted by SQL.
    assert_eq!(
        s.newest_articles(ids.clone(), 4).unwrap(),
        [ids[9], ids[7], ids[3], ids[14]]
    );
    // Many more than the limit in a dossier they nearly fill: found by walking the index.
    assert_eq!(s.newest_articles(ids.clone(), 2).unwrap(), [ids[9], ids[7]]);
    let undated: Vec<ArticleId> = ids
        .iter()
        .copied()
        .filter(|&id| ![ids[3], ids[7], ids[9]].contains(&id))
        .collect();
    assert_eq!(s.newest_articles(undated, 2).unwrap(), [ids[14], ids[13]]);
}

/// With several words, a rare one weighs more than a common one: the article with the rare word
/// three times beats the (newer) one with the common word three times.
#[test]
fn search_weighs_rare_words_above_common_ones() {
    let mut s = Store::open_in_memory().unwrap();
    let rare_thrice = fixture("Harbour harbour harbour levy.", &[]).import(&mut s);
    for i in 0..20 {
        fixture(&format!("The levy rose again, report {i}."), &[]).import(&mut s);
    }
    let common_thrice = fixture("Levy levy levy harbour.", &[]).import(&mut s);
    let hits: Vec<ArticleId> = s
        .search("harbour levy", 10)
        .unwrap()
        .iter()
        .map(|h| h.article.id)
        .collect();
    assert_eq!(hits, [rare_thrice, common_thrice]);
    // One word alone: more of it ranks first, whatever its rarity.
    let levy: Vec<ArticleId> = s
        .search("levy", 2)
        .unwrap()
        .iter()
        .map(|h| h.article.id)
        .collect();
    assert_eq!(levy[0], common_thrice);
}
