//! Tests of the whole importer on the fixtures in `tests/fixtures/import/` (written for these
//! tests), of each refusal, and a fuzz test that feeds damaged fixtures to [`parse`].

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../tests/fixtures/import/", $name)) as &[u8],
        )
    };
}

const FIXTURES: &[(&str, &[u8])] = &[
    fixture!("dated.txt"),
    fixture!("headline.txt"),
    fixture!("front-matter.md"),
    fixture!("article.html"),
    fixture!("hostile.html"),
    fixture!("nav-only.html"),
    fixture!("articles.json"),
    fixture!("articles.jsonl"),
    fixture!("malformed.json"),
    fixture!("cp1252.txt"),
    fixture!("utf16le.txt"),
    fixture!("utf16be.txt"),
];

fn bytes_of(name: &str) -> &'static [u8] {
    FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .unwrap()
}

fn one(name: &str) -> (Parsed, Article) {
    let p = parse(name, bytes_of(name)).unwrap();
    assert_eq!(p.articles.len(), 1, "{name}");
    let a = p.articles[0].clone();
    (p, a)
}

fn body(a: &Article) -> &str {
    &a.text[a.body_start..]
}

#[test]
fn dated_text_keeps_the_whole_file() {
    let (p, a) = one("dated.txt");
    assert_eq!((p.format, p.encoding), (Format::Text, "UTF-8"));
    assert_eq!(a.text.as_bytes(), bytes_of("dated.txt"));
    assert_eq!(a.date.as_deref(), Some("2023-05-14"));
    assert!(body(&a).starts_with("Negotiators from"));
    assert_eq!(a.body_start, " date 2023-05-14 ".len());
}

#[test]
fn headline_text() {
    let (_, a) = one("headline.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("Ferry service to Vellmar restored after storm")
    );
    assert_eq!(a.author.as_deref(), Some("Tomas Brandt"));
    assert_eq!(a.source.as_deref(), Some("Meridian Wire"));
    assert_eq!(a.date.as_deref(), Some("2023-05-16"));
    assert!(body(&a).starts_with("The ferry service between"));
}

#[test]
fn markdown_with_front_matter() {
    let (p, a) = one("front-matter.md");
    assert_eq!(p.format, Format::Markdown);
    assert_eq!(a.title.as_deref(), Some("Assembly approves quay budget"));
    assert_eq!(a.date.as_deref(), Some("2023-05-17"));
    assert_eq!(a.source.as_deref(), Some("The Meridian Times"));
    assert_eq!(a.author.as_deref(), Some("Sofia Laine, Oskar Lind"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.org/news/quay-budget")
    );
    assert_eq!(
        body(&a),
        "The National Assembly approved the quay budget on Wednesday by 61 votes to 40.\n\n\
         \"This money keeps the port alive,\" said Finance Minister Arjun Mehta.\n\n\
         Repairs start in June.\nThe work should take a year."
    );
}

#[test]
fn html_article_text_and_metadata() {
    let (p, a) = one("article.html");
    assert_eq!((p.format, p.encoding), (Format::Html, "UTF-8"));
    assert_eq!(
        a.title.as_deref(),
        Some("Strike at Vellmar docks ends after nine days")
    );
    assert_eq!(a.date.as_deref(), Some("2023-05-18"));
    assert_eq!(a.author.as_deref(), Some("Karim Haddad"));
    assert_eq!(a.source.as_deref(), Some("The Meridian Times"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.org/news/vellmar-strike")
    );
    // The headline is metadata: it is not repeated as the first line of the text.
    assert!(a.text.starts_with("Dock workers in Vellmar"), "{}", a.text);
    assert_eq!(
        body(&a),
        "Dock workers in Vellmar returned to work on Thursday after the port authority and the \
         union agreed on a new pay deal, ending a nine-day strike that had stranded dozens of cargo \
         ships.\n\n\
         \u{201c}Nobody wanted this to go on,\u{201d} said Maria Okonkwo, who leads the dock \
         workers\u{2019} union. \u{201c}But we had to be heard.\u{201d}\n\n\
         The deal raises wages by 6 per cent over two years & adds a night-shift bonus, according \
         to a statement from the port authority.\n\n\
         Backlog of ships\n\n\
         Port officials said clearing the backlog would take at least a week.\n\
         Some shipping lines have already diverted vessels to Port Selden."
    );
    for junk in [
        "cookie",
        "World",
        "Share",
        "Advertisement",
        "Related",
        "Sign up",
        "rights",
        "analytics",
        "Cranes",
        "dataLayer",
    ] {
        assert!(!a.text.contains(junk), "{junk} in {}", a.text);
    }
}

#[test]
fn hostile_html_yields_only_text() {
    let (_, a) = one("hostile.html");
    for junk in [
        "Injected",
        "alert",
        "pwned",
        "Hidden",
        "frame fallback",
        "enable JavaScript",
        "Log in",
        "typed text",
        "svg label",
        "object fallback",
        "not text",
        "steal",
        "cdata",
    ] {
        assert!(!a.text.contains(junk), "{junk} in {}", a.text);
    }
    for wanted in [
        "The city council voted on Monday",
        "Engineers had warned about it for years.",
        "Mayor Pavel Orlov called the vote necessary but promised a review.",
        "& entities \u{201c}quoted\u{201d} \u{2014} fine",
        "Last paragraph without closing tags",
    ] {
        assert!(a.text.contains(wanted), "{wanted} not in {}", a.text);
    }
    assert_eq!(a.title.as_deref(), Some("Council vote & protest"));
}

#[test]
fn html_without_article_text_is_refused() {
    match parse("nav-only.html", bytes_of("nav-only.html")) {
        Err(e @ ImportError::NoArticle { .. }) => {
            assert!(e.to_string().contains("links"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_array_and_lines() {
    let p = parse("articles.json", bytes_of("articles.json")).unwrap();
    assert_eq!(p.format, Format::Json);
    assert_eq!(p.articles.len(), 2);
    assert_eq!(p.warnings.len(), 1);
    let (a, b) = (&p.articles[0], &p.articles[1]);
    assert_eq!(
        a.text,
        "The northern quay reopened on Saturday.\n\nThe first ship docked at noon."
    );
    assert_eq!(a.source.as_deref(), Some("Coastal Wire"));
    assert_eq!(a.date.as_deref(), Some("2023-05-20"));
    assert_eq!(b.date.as_deref(), Some("2023-05-21"));
    assert_eq!(b.author.as_deref(), Some("Mei Tanaka, Oskar Lind"));
    assert_eq!(
        b.text,
        "Talks on the fishing quota resumed in Geneva.\n\nBoth sides said they were hopeful."
    );
    let p = parse("articles.jsonl", bytes_of("articles.jsonl")).unwrap();
    assert_eq!(p.articles.len(), 2);
    assert_eq!(p.articles[1].title.as_deref(), Some("Line two"));
}

#[test]
fn malformed_json_reports_position() {
    let err = parse("malformed.json", bytes_of("malformed.json")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("the JSON could not be read: EOF while parsing"),
        "{msg}"
    );
    assert!(msg.contains("line 3"), "{msg}");
}

#[test]
fn windows_1252_file() {
    let (p, a) = one("cp1252.txt");
    assert_eq!(p.encoding, "windows-1252");
    assert_eq!(
        a.title.as_deref(),
        Some("Caf\u{e9} owners in Port Selden protest new rules")
    );
    assert!(
        a.text
            .contains("\u{201c}simply unworkable\u{201d} \u{2013} and")
    );
    assert!(a.text.contains("Ren\u{e9}e Dupont"));
    assert!(!a.text.contains('\r'));
}

#[test]
fn utf16_files() {
    for (name, enc) in [("utf16le.txt", "UTF-16LE"), ("utf16be.txt", "UTF-16BE")] {
        let (p, a) = one(name);
        assert_eq!(p.encoding, enc);
        assert_eq!(a.title.as_deref(), Some("Ferry strike ends in Vellmar"));
        assert!(body(&a).starts_with("The ferry crews"));
        assert!(
            a.text
                .contains("\u{201c}It was a fair offer,\u{201d} said L\u{e9}a Marchetti.")
        );
        assert!(!a.text.contains('\r'));
    }
}

#[test]
fn format_sniffing_without_extension() {
    let html =
        b"<!DOCTYPE html><html><body><p>Talks resumed in Geneva on Monday.</p></body></html>";
    assert_eq!(parse("page", html).unwrap().format, Format::Html);
    assert_eq!(
        parse("data.dat", b"{\"text\": \"Talks resumed.\"}")
            .unwrap()
            .format,
        Format::Json
    );
    assert_eq!(
        parse("notes", b"---\ntitle: T\n---\nBody.").unwrap().format,
        Format::Markdown
    );
    assert_eq!(
        parse("notes", b"# Talks\n\nBody.").unwrap().format,
        Format::Markdown
    );
    assert_eq!(
        parse("README", b"Just some text.").unwrap().format,
        Format::Text
    );
    let fragment = b"<div class=x><p>Talks resumed in Geneva on Monday.</p></div>";
    let p = parse("snippet", fragment).unwrap();
    assert_eq!(p.format, Format::Html);
    assert_eq!(p.articles[0].text, "Talks resumed in Geneva on Monday.");
    assert_eq!(
        parse("note", b"<pinned> Talks resumed.").unwrap().format,
        Format::Text
    );
    // Opens with a bracket but is not JSON: text.
    let p = parse("wire", b"[Reuters] Talks resumed in Geneva.").unwrap();
    assert_eq!(p.format, Format::Text);
    assert!(matches!(
        parse("feed", b"<?xml version=\"1.0\"?><rss><channel/></rss>"),
        Err(ImportError::Unsupported { .. })
    ));
    // The extension wins over the content.
    assert_eq!(parse("x.TXT", html).unwrap().format, Format::Text);
}

#[test]
fn refusals_have_their_own_reasons() {
    assert_eq!(parse("a.txt", b""), Err(ImportError::Empty));
    assert_eq!(parse("a.txt", b" \n\t\r\n "), Err(ImportError::Blank));
    assert_eq!(parse("a.html", b"  \n"), Err(ImportError::Blank));
    assert!(matches!(
        parse("a.txt", b"\x89PNG\r\n\x1a\n\0\0"),
        Err(ImportError::Binary { .. })
    ));
    assert!(
        matches!(parse("a.docx", b"PK\x03\x04\x14\0word/x"), Err(ImportError::Binary { what }) if what.contains("Word"))
    );
    assert!(matches!(
        parse("a.bin", b"\x01\x02\x03\x04\x05\x06\x07\x08abc"),
        Err(ImportError::Binary { .. })
    ));
    assert!(matches!(
        parse("a.txt", b"text\0with nul"),
        Err(ImportError::Binary { .. })
    ));
    assert!(matches!(
        parse("a.rtf", b"{\\rtf1 hello}"),
        Err(ImportError::Unsupported { .. })
    ));
    assert!(matches!(
        parse("a.txt", b"caf\xc3\xa9 and \xff\xfe\xfd broken"),
        Err(ImportError::Encoding { offset: 10 })
    ));
    assert!(matches!(
        parse("a.json", b"{oops}"),
        Err(ImportError::Malformed { .. })
    ));
    assert_eq!(
        parse("a.json", b"{\"title\": \"no text\"}"),
        Err(ImportError::NoArticleFields)
    );
    assert!(matches!(
        parse("a.html", b"<html><body><script>x()</script></body></html>"),
        Err(ImportError::NoArticle { .. })
    ));
    let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
    assert!(matches!(
        parse("a.txt", &big),
        Err(ImportError::TooLarge { .. })
    ));
    // Every reason is one line.
    for e in [
        ImportError::Encoding { offset: 3 },
        ImportError::NoArticleFields,
        ImportError::Blank,
    ] {
        assert!(!e.to_string().contains('\n'));
    }
}

#[test]
fn html_meta_charset_is_respected() {
    let page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>\x93Caf\xe9 talks\x94 resumed in Geneva.</p></body></html>";
    let p = parse("p.html", page).unwrap();
    assert_eq!(p.encoding, "windows-1252");
    assert_eq!(
        p.articles[0].text,
        "\u{201c}Caf\u{e9} talks\u{201d} resumed in Geneva."
    );
}

#[test]
fn content_hash_ignores_case_whitespace_and_line_endings() {
    let a = content_hash("The talks  resumed.\n\nThey ended.");
    assert_eq!(a, content_hash("the talks resumed.\r\n\r\nthey   ENDED.  "));
    assert_ne!(a, content_hash("The talks resumed. They ended!"));
    assert_eq!(a.len(), 64);
    // Same result as hashing the normalised text directly (the format stored in dossiers).
    use sha2::{Digest, Sha256};
    let direct: String = Sha256::digest(b"the talks resumed. they ended.")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(a, direct);
    // Unicode white space separates words like ASCII space does.
    for spaced in [
        "x\u{a0}y z",
        "x\u{2003}y\u{3000}z",
        " x\u{85}y\u{2028}z\u{202f}",
        "X Y Z",
    ] {
        assert_eq!(content_hash(spaced), content_hash("x y z"), "{spaced:?}");
    }
    assert_ne!(content_hash("x\u{a1}y"), content_hash("x y"));
    // A file re-saved with CRLF imports with the same hash.
    let lf = parse("x.txt", b"Title here\n\nBody text.").unwrap();
    let crlf = parse("x.txt", b"Title here\r\n\r\nBody text.").unwrap();
    assert_eq!(
        content_hash(&lf.articles[0].text),
        content_hash(&crlf.articles[0].text)
    );
}

/// Checks what every successful parse must guarantee.
fn check_invariants(name: &str, p: &Parsed) {
    for a in &p.articles {
        assert!(
            a.body_start <= a.text.len(),
            "{name}: body_start past the end"
        );
        assert!(
            a.text.is_char_boundary(a.body_start),
            "{name}: body_start inside a char"
        );
        assert!(!a.text.contains('\r'), "{name}: CR left in the text");
        assert!(!a.text.trim().is_empty(), "{name}: empty article");
        if let Some(d) = &a.date {
            assert_eq!(
                normalize_date(d).as_deref(),
                Some(d.as_str()),
                "{name}: date {d}"
            );
        }
    }
}

/// A small deterministic PRNG (xorshift64*), so the fuzz test needs no crate and is repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn damaged_input_never_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let names = ["x.txt", "x.md", "x.html", "x.json", "x.jsonl", "x", "x.bin"];
    let mut ok = 0;
    for (fixture_name, bytes) in FIXTURES {
        // Every prefix length of the first 300 bytes, then a sample of longer ones.
        let mut cuts: Vec<usize> = (0..bytes.len().min(300)).collect();
        cuts.extend((0..40).map(|_| rng.below(bytes.len() + 1)));
        for cut in cuts {
            let name = names[rng.below(names.len())];
            if let Ok(p) = parse(name, &bytes[..cut]) {
                check_invariants(fixture_name, &p);
                ok += 1;
            }
        }
        // Random byte changes, insertions of markup-ish bytes, and deletions.
        for _ in 0..150 {
            let mut b = bytes.to_vec();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(b.len());
                match rng.below(4) {
                    0 => b[at] = rng.next() as u8,
                    1 => {
                        let ins: &[u8] = [
                            &b"<"[..],
                            b">",
                            b"\"",
                            b"{",
                            b"]",
                            b"\r",
                            b"\xe2\x80",
                            b"</p>",
                            b"---\n",
                            b"<script>",
                        ][rng.below(10)];
                        b.splice(at..at, ins.iter().copied());
                    }
                    2 => {
                        let end = (at + rng.below(20)).min(b.len());
                        b.drain(at..end);
                    }
                    _ => b[at] = b[rng.below(b.len())],
                }
                if b.is_empty() {
                    break;
                }
            }
            for name in [names[rng.below(names.len())], fixture_name] {
                if let Ok(p) = parse(name, &b) {
                    check_invariants(fixture_name, &p);
                    ok += 1;
                }
            }
        }
    }
    // Pure noise.
    for len in [1, 2, 3, 7, 64, 1000] {
        for _ in 0..20 {
            let b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            if let Ok(p) = parse(names[rng.below(names.len())], &b) {
                check_invariants("noise", &p);
            }
        }
    }
    // Most damaged files still import: the test exercises the readers, not only the refusals.
    assert!(ok > 1000, "only {ok} damaged inputs parsed");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let deep = |levels: usize| {
        let mut page = String::from("<html><body>");
        for _ in 0..levels {
            page.push_str("<div><span>");
        }
        page.push_str("<p>Deep text about the harbour talks in Vellmar.</p>");
        page
    };
    // Deep enough to overflow a recursive walk of the tree.
    let p = parse("deep.html", deep(2_000).as_bytes()).unwrap();
    assert!(p.articles[0].text.contains("Deep text"));
    // The HTML tree builder slows down quadratically with depth: refused before it is built.
    match parse("deeper.html", deep(20_000).as_bytes()) {
        Err(ImportError::Malformed {
            format: "HTML",
            reason,
        }) => {
            assert!(reason.contains("nested"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let mut json = "[".repeat(5000);
    json.push_str(&"]".repeat(5000));
    assert!(matches!(
        parse("deep.json", json.as_bytes()),
        Err(ImportError::Malformed { .. })
    ));
}
