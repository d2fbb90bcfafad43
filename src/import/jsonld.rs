//! JSON-LD (`<script type="application/ld+json">`) and the small helpers that read schema.org
//! style values, shared by the HTML reader (pages embed JSON-LD) and the JSON reader (exports
//! often use the same field shapes).
//!
//! Only article-like objects are read (`NewsArticle`, `Article`, `BlogPosting`, `Report`, ...,
//! found at the top level, in arrays and under `@graph`); the first one with a headline or a body
//! wins. Dates keep the publisher's own calendar day: `2021-11-08T22:30:00-05:00` is the 8th.

use serde_json::Value;

use super::date::normalize_date;

/// What an article-like JSON-LD object says about the article.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub date: Option<String>,
    /// The date was read from a UTC time stamp (`Z`, `+00:00`): it may be a day after the
    /// publisher's own date.
    pub date_utc: bool,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub body: Option<String>,
    pub language: Option<String>,
}

impl LdArticle {
    /// Reads one `ld+json` script's text into `self` unless an article was already found.
    /// Malformed JSON is ignored (pages often carry broken scripts).
    pub(crate) fn read_script(&mut self, src: &str) {
        if self.found() {
            return;
        }
        // Some sites wrap the JSON in a CDATA section or leave a trailing semicolon.
        let t = src.trim();
        let t = t
            .strip_prefix("<![CDATA[")
            .and_then(|r| r.strip_suffix("]]>"))
            .unwrap_or(t)
            .trim()
            .trim_end_matches(';');
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            self.visit(&v, 0);
        }
    }

    fn found(&self) -> bool {
        self.headline.is_some() || self.body.is_some()
    }

    fn visit(&mut self, v: &Value, depth: usize) {
        if depth > 8 || self.found() {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(o) => {
                if let Some(graph) = o.get("@graph") {
                    self.visit(graph, depth + 1);
                }
                let is_article = o.get("@type").is_some_and(|t| match t {
                    Value::String(s) => article_type(s),
                    Value::Array(a) => a.iter().filter_map(Value::as_str).any(article_type),
                    _ => false,
                });
                if !is_article || self.found() {
                    return;
                }
                self.headline = o
                    .get("headline")
                    .or_else(|| o.get("name"))
                    .and_then(string_of)
                    .map(|s| collapse(&s));
                let raw = o
                    .get("datePublished")
                    .or_else(|| o.get("dateCreated"))
                    .and_then(string_of);
                self.date_utc = raw.as_deref().is_some_and(|d| {
                    let d = d.trim();
                    d.contains('T') && (d.ends_with('Z') || d.ends_with("+00:00"))
                });
                self.date = raw.and_then(|d| normalize_date(&d));
                self.author = o
                    .get("author")
                    .or_else(|| o.get("creator"))
                    .and_then(names_of);
                self.publisher = o
                    .get("publisher")
                    .and_then(names_of)
                    .or_else(|| o.get("sourceOrganization").and_then(names_of));
                self.url = o.get("url").and_then(string_of).or_else(|| {
                    o.get("mainEntityOfPage").and_then(|p| match p {
                        Value::Object(p) => p.get("@id").and_then(string_of),
                        other => string_of(other),
                    })
                });
                self.body = o.get("articleBody").and_then(string_of);
                // `{"@type": "Language", "name": "English", "alternateName": "en"}` gives its code.
                self.language = o.get("inLanguage").and_then(|l| {
                    l.get("alternateName")
                        .and_then(string_of)
                        .or_else(|| string_of(l))
                });
            }
            _ => {}
        }
    }
}

fn article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    matches!(
        t,
        "NewsArticle"
            | "Article"
            | "ReportageNewsArticle"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle"
            | "BackgroundNewsArticle"
            | "ReviewNewsArticle"
            | "BlogPosting"
            | "LiveBlogPosting"
            | "SocialMediaPosting"
            | "ScholarlyArticle"
            | "TechArticle"
            | "Report"
    )
}

/// A string, or the string inside `{"rendered"|"text"|"value"|"name"|"@value": ...}`. Trimmed;
/// `None` when empty.
pub(crate) fn string_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Object(o) => {
            return ["rendered", "text", "value", "@value", "name"]
                .iter()
                .find_map(|k| o.get(*k).and_then(string_of));
        }
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Names of people or organisations: a string, `{"name": ...}`, or a list of them, joined with
/// commas. A leading "By " is dropped; URLs are not names.
pub(crate) fn names_of(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(names_of).collect(),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("title"))
            .and_then(string_of)
            .into_iter()
            .collect(),
        Value::String(_) => string_of(v).into_iter().collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<&str> = Vec::new();
    for n in &names {
        let n = match n.get(..3) {
            Some(p) if p.eq_ignore_ascii_case("by ") => n[3..].trim(),
            _ => n.as_str(),
        };
        if !n.is_empty() && !n.starts_with("http") && !out.contains(&n) {
            out.push(n);
        }
    }
    let joined = out.join(", ");
    (!joined.is_empty()).then_some(joined)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn graph_arrays_and_local_dates() {
        let mut a = LdArticle::default();
        a.read_script("not json at all");
        assert_eq!(a, LdArticle::default());
        a.read_script(
            r#"{"@context": "https://schema.org", "@graph": [
                {"@type": "WebSite", "name": "Harbour Post"},
                {"@type": ["NewsArticle"], "headline": " Quay  reopens ",
                 "datePublished": "2023-05-20T22:30:00-07:00",
                 "author": [{"@type": "Person", "name": "Jane Roe"}, {"name": "By Sam Poe"}, "https://x.org/a"],
                 "publisher": {"@type": "Organization", "name": "Harbour Post"},
                 "mainEntityOfPage": {"@id": "https://example.org/q"}, "inLanguage": "en"}]};"#,
        );
        assert_eq!(a.headline.as_deref(), Some("Quay reopens"));
        // The publisher's own day, not the UTC one (which would be the 21st).
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe, Sam Poe"));
        assert_eq!(a.publisher.as_deref(), Some("Harbour Post"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/q"));
        assert_eq!(a.language.as_deref(), Some("en"));
        // The first article found is kept.
        a.read_script(r#"{"@type": "Article", "headline": "Other"}"#);
        assert_eq!(a.headline.as_deref(), Some("Quay reopens"));
    }

    #[test]
    fn deeply_nested_json_is_cut_off() {
        let mut src = String::new();
        for _ in 0..50 {
            src.push('[');
        }
        src.push_str(r#"{"@type": "Article", "headline": "Deep"}"#);
        for _ in 0..50 {
            src.push(']');
        }
        let mut a = LdArticle::default();
        a.read_script(&src);
        assert_eq!(a.headline, None);
    }
}
