//! JSON articles: one object, an array of them (also under `articles`, `items`, `data`, ...),
//! or JSON Lines (one object per line).
//!
//! Keys are matched case-insensitively, first match wins:
//! - text: `text`, `body`, `content`, `article_body`/`articleBody`, `full_text`, `story`,
//!   `article` (a string, a list of paragraph strings, or `{"rendered": ...}`); text that is HTML
//!   is reduced to its readable text;
//! - title: `title`, `headline`; date: `date`, `published`, `published_at`, `datePublished`,
//!   `pubDate`, ... (a string, or a Unix time in seconds or milliseconds);
//! - source: `source`, `site`, `publisher`, ... (a string or `{"name": ...}`);
//! - author: `author`, `authors`, `byline`, `creator` (a string, `{"name": ...}`, or a list);
//! - url: `url`, `link`, `permalink`, ...
//!
//! `text` is the article text field exactly (line endings normalised, outer whitespace trimmed);
//! `body_start` is 0. Entries without text are skipped and counted in the warnings.

use serde_json::{Map, Value};

use super::date::{date_from_unix, normalize_date};
use super::decode::normalize_newlines;
use super::jsonld::{names_of, string_of};
use super::{ImportError, html};
use crate::model::Article;

const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "article_body",
    "articlebody",
    "full_text",
    "fulltext",
    "story",
    "article",
];
const TITLE_KEYS: &[&str] = &["title", "headline", "heading"];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedat",
    "datepublished",
    "date_published",
    "publication_date",
    "pubdate",
    "created_at",
    "created",
    "timestamp",
];
const SOURCE_KEYS: &[&str] = &[
    "source",
    "site",
    "site_name",
    "sitename",
    "publisher",
    "publication",
    "outlet",
    "source_name",
];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline", "creator", "by", "writer"];
const URL_KEYS: &[&str] = &[
    "url",
    "link",
    "permalink",
    "canonical_url",
    "web_url",
    "source_url",
    "href",
    "uri",
];
/// Keys under which an object may hold its list of articles.
const LIST_KEYS: &[&str] = &[
    "articles",
    "items",
    "data",
    "results",
    "entries",
    "posts",
    "documents",
    "stories",
    "news",
];

/// Articles of a JSON or JSON Lines file, and warnings about entries that were skipped.
pub(crate) fn parse(text: &str, lines: bool) -> Result<(Vec<Article>, Vec<String>), ImportError> {
    let values = if lines {
        json_lines(text)?
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => vec![v],
            // Several values one per line in a `.json` file: JSON Lines after all.
            Err(e) if looks_like_json_lines(text) => json_lines(text).map_err(|_| malformed(&e))?,
            Err(e) => return Err(malformed(&e)),
        }
    };
    let mut entries = Vec::new();
    for v in values {
        flatten(v, &mut entries);
    }
    let total = entries.len();
    let articles: Vec<Article> = entries.iter().filter_map(article).collect();
    if articles.is_empty() {
        return Err(ImportError::NoArticleFields);
    }
    let mut warnings = Vec::new();
    if articles.len() < total {
        warnings.push(format!(
            "{} of {total} entries had no article text and were skipped",
            total - articles.len()
        ));
    }
    Ok((articles, warnings))
}

fn malformed(e: &serde_json::Error) -> ImportError {
    let what = e.to_string();
    // serde_json ends its message with the position; say it our way.
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(head, _)| head);
    ImportError::Malformed {
        format: "JSON",
        reason: format!("{what} (line {}, column {})", e.line(), e.column()),
    }
}

fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default().trim();
    lines.next().is_some() && first.starts_with('{') && serde_json::from_str::<Value>(first).is_ok()
}

fn json_lines(text: &str) -> Result<Vec<Value>, ImportError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str::<Value>(line).map_err(|e| {
            let what = e.to_string();
            let what = what
                .rsplit_once(" at line ")
                .map_or(what.as_str(), |(head, _)| head);
            ImportError::Malformed {
                format: "JSON Lines",
                reason: format!("{what} (line {}, column {})", n + 1, e.column()),
            }
        })?;
        out.push(v);
    }
    Ok(out)
}

/// Collects article candidates: arrays are opened, and objects without text but with a list
/// under a known key give that list.
fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => out.extend(items),
        Value::Object(o) if find(&o, TEXT_KEYS).is_none() => {
            let list = o.iter().find_map(|(k, v)| {
                let k = k.to_ascii_lowercase();
                (LIST_KEYS.contains(&k.as_str()) && v.is_array()).then(|| v.clone())
            });
            match list {
                Some(Value::Array(items)) => out.extend(items),
                _ => out.push(Value::Object(o)),
            }
        }
        other => out.push(other),
    }
}

/// The value of the first key of `keys` present in `o` (ignoring case) that is not null.
fn find<'a>(o: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|want| {
        o.iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(want) && !v.is_null())
            .map(|(_, v)| v)
    })
}

fn article(v: &Value) -> Option<Article> {
    let o = v.as_object()?;
    let raw = find(o, TEXT_KEYS).and_then(text_of)?;
    let body = if looks_like_html(&raw) {
        html::fragment_text(&raw)
    } else {
        normalize_newlines(raw.trim().into())
    };
    if body.trim().is_empty() {
        return None;
    }
    let title = find(o, TITLE_KEYS).and_then(string_of).map(|t| {
        if t.contains(['<', '&']) {
            html::fragment_text(&t)
        } else {
            t
        }
    });
    let date = find(o, DATE_KEYS).and_then(|d| match d {
        Value::Number(n) => n.as_f64().and_then(date_from_unix),
        other => string_of(other).and_then(|s| normalize_date(&s)),
    });
    Some(Article {
        title: title.filter(|t| !t.is_empty()),
        date,
        source: find(o, SOURCE_KEYS).and_then(names_of),
        author: find(o, AUTHOR_KEYS).and_then(names_of),
        url: find(o, URL_KEYS).and_then(string_of),
        language: find(o, &["language", "lang", "inLanguage", "locale"])
            .and_then(string_of)
            .and_then(|l| super::lang::normalize_language(&l)),
        text: body,
        body_start: 0,
    })
}

/// Body text: a string, paragraphs in a list, or an object holding the string.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Array(parts) => {
            let paras: Vec<String> = parts.iter().filter_map(string_of).collect();
            (!paras.is_empty()).then(|| paras.join("\n\n"))
        }
        other => string_of(other),
    }
}

/// Text that is markup: opens with a tag, or holds paragraph or line-break tags.
fn looks_like_html(s: &str) -> bool {
    let t = s.trim_start();
    let opens_with_tag = t.starts_with('<')
        && t.chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '!');
    opens_with_tag || t.contains("</p>") || t.contains("<br") || t.contains("</div>")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn one(src: &str) -> Article {
        let (mut a, w) = parse(src, false).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.len(), 1);
        a.remove(0)
    }

    #[test]
    fn a_language_field_is_kept_as_a_tag() {
        let a = one(r#"{"title": "Quay", "text": "The quay reopened.", "lang": "pt_br"}"#);
        assert_eq!(a.language.as_deref(), Some("pt-BR"));
        let a = one(r#"{"text": "The quay reopened.", "language": "Portuguese"}"#);
        assert_eq!(a.language, None);
    }

    #[test]
    fn single_object_with_common_keys() {
        let a = one(
            r#"{"Headline": "Port reopens", "datePublished": "2021-11-08T09:00:00Z",
                "publisher": {"name": "Coastal Wire"}, "authors": [{"name": "Jane Roe"}, "By Sam Poe"],
                "link": "https://example.org/p", "body": "The port reopened.\r\nShips sailed."}"#,
        );
        assert_eq!(a.title.as_deref(), Some("Port reopens"));
        assert_eq!(a.date.as_deref(), Some("2021-11-08"));
        assert_eq!(a.source.as_deref(), Some("Coastal Wire"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe, Sam Poe"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/p"));
        assert_eq!(a.text, "The port reopened.\nShips sailed.");
        assert_eq!(a.body_start, 0);
    }

    #[test]
    fn arrays_lists_and_skipped_entries() {
        let src = r#"{"articles": [{"title": "A", "text": "One."}, {"title": "no text"},
                     {"content": ["Para one.", "Para two."], "published_at": 1636365600}]}"#;
        let (a, w) = parse(src, false).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].text, "Para one.\n\nPara two.");
        assert_eq!(a[1].date.as_deref(), Some("2021-11-08"));
        assert_eq!(
            w,
            vec!["1 of 3 entries had no article text and were skipped".to_string()]
        );
    }

    #[test]
    fn json_lines_with_and_without_extension() {
        let src = "{\"text\": \"First.\"}\n\n{\"text\": \"Second.\"}\n";
        assert_eq!(parse(src, true).unwrap().0.len(), 2);
        assert_eq!(parse(src, false).unwrap().0.len(), 2);
        let bad = "{\"text\": \"First.\"}\n{\"text\": oops}\n";
        match parse(bad, true) {
            Err(ImportError::Malformed { reason, .. }) => {
                assert!(reason.contains("line 2, column 10"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_bodies_and_rendered_fields() {
        let a = one(r#"{"title": {"rendered": "Talks &amp; trade"},
                "content": {"rendered": "<p>First&nbsp;para.</p><script>x()</script><p>Second<br>line.</p>"}}"#);
        assert_eq!(a.title.as_deref(), Some("Talks & trade"));
        assert_eq!(a.text, "First para.\n\nSecond\nline.");
    }

    #[test]
    fn malformed_and_textless() {
        match parse("{\"title\": \"x\",\n  \"text\": }", false) {
            Err(ImportError::Malformed { format, reason }) => {
                assert_eq!(format, "JSON");
                assert!(reason.contains("line 2, column 11"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse("{\"title\": \"x\"}", false),
            Err(ImportError::NoArticleFields)
        );
        assert_eq!(
            parse("[1, 2, null]", false),
            Err(ImportError::NoArticleFields)
        );
        assert!(matches!(
            parse("[", false),
            Err(ImportError::Malformed { .. })
        ));
    }
}
