//! The HTML summary: one self-contained page (inline CSS, no scripts, no external assets) that
//! works offline and prints well.
//!
//! Every piece of article-derived text goes through [`escape`] (`& < > " '` as entities) both in
//! element content and in attribute values, so markup in an article shows as text. As a second
//! line of defence the page declares a Content-Security-Policy that forbids scripts and every
//! external load, and links only `http(s)` URLs.

use std::io::{self, Write};

use super::{
    CITATIONS_SHOWN, Citation, Index, Summary, SummaryQuote, citation_label, counted, date_range,
    one_line, prominence_line, single_line,
};

const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5c6475; --rule: #d6d9e0; --accent: #24549c; --bg: #fff; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .3rem; }
.meta { color: var(--muted); margin: .1rem 0; }
.kind { color: var(--muted); font-weight: normal; font-size: .9rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .2rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: .7rem; background: var(--accent); opacity: .6; vertical-align: middle; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
li { margin: .15rem 0; }
.quote { font-style: italic; }
.cite { font-size: .85rem; white-space: nowrap; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.actor { break-inside: avoid-page; }
.sources li { overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; color: #000; }
  h2 { break-after: avoid-page; }
  h3 { break-after: avoid-page; }
  li, tr { break-inside: avoid; }
  a { color: #000; }
  .bar { background: #000 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Writes the summary as one self-contained HTML page.
pub fn html(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<meta name=\"generator\" content=\"Dossier\">")?;
    writeln!(out, "<title>{}</title>", escape(&s.title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", escape(&s.title))?;
    writeln!(
        out,
        "<p class=\"meta\">Scope: {}</p>",
        escape(&s.scope_line())
    )?;
    let mut meta = Vec::new();
    if let Some(d) = &s.dossier {
        meta.push(format!("Dossier {}", escape(d)));
    }
    if let Some(g) = &s.generated_at {
        meta.push(format!("generated {}", escape(g)));
    }
    if !meta.is_empty() {
        writeln!(out, "<p class=\"meta\">{}</p>", meta.join(", "))?;
    }
    writeln!(out, "<p class=\"meta\">{}</p>", escape(&s.totals_line()))?;
    writeln!(
        out,
        "<p class=\"meta\">Citations [n: a–b] point to source n below, bytes a to b of its text (for quotes, the sentence).</p>"
    )?;
    writeln!(out, "</header>")?;

    timeline(s, out)?;
    actors(s, &Index::new(s), out)?;
    topics(s, out)?;
    sources(s, out)?;

    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

fn timeline(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<section id=\"timeline\">")?;
    writeln!(out, "<h2>Timeline</h2>")?;
    if s.timeline.is_empty() {
        writeln!(out, "<p>No dated articles.</p>")?;
        return writeln!(out, "</section>");
    }
    let most = s
        .timeline
        .iter()
        .map(|m| m.articles)
        .max()
        .unwrap_or(1)
        .max(1);
    writeln!(
        out,
        "<table><thead><tr><th>Month</th><th>Articles</th><th></th><th>Mentions</th><th>Quotes</th></tr></thead><tbody>"
    )?;
    for m in &s.timeline {
        // The bar is pure CSS: width in em proportional to the month's articles.
        let width = (m.articles as f64 / most as f64 * 12.0).max(0.15);
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><span class=\"bar\" style=\"width:{width:.2}em\"></span></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&m.month),
            m.articles,
            m.mentions,
            m.quotes
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "</section>")
}

fn actors(s: &Summary, index: &Index, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<section id=\"actors\">")?;
    writeln!(out, "<h2>Actors</h2>")?;
    if s.actors.is_empty() {
        writeln!(out, "<p>No actors.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(
        out,
        "<p class=\"meta\">Ranked by prominence (mentions × articles mentioning them).</p>"
    )?;
    for a in &s.actors {
        writeln!(out, "<div class=\"actor\" id=\"actor-{}\">", a.id)?;
        writeln!(
            out,
            "<h3>{}. {} <span class=\"kind\">{}</span></h3>",
            a.rank,
            escape(&a.name),
            a.kind.label()
        )?;
        writeln!(out, "<ul>")?;
        let seen = date_range(&a.first_seen, &a.last_seen);
        write!(out, "<li>{}", prominence_line(a))?;
        if !seen.is_empty() {
            write!(out, ", {}", escape(&seen))?;
        }
        writeln!(out, "</li>")?;
        if !a.aliases.is_empty() {
            let names: Vec<String> = a.aliases.iter().map(|n| escape(n)).collect();
            writeln!(out, "<li>Also called: {}</li>", names.join(", "))?;
        }
        if !a.roles.is_empty() {
            writeln!(out, "<li>Roles:<ul>")?;
            for r in &a.roles {
                let mut text = escape(&r.title);
                if let Some(of) = &r.of {
                    text.push_str(" of ");
                    text.push_str(&escape(of));
                }
                fact_item(out, &text, &r.first_seen, &r.last_seen, &r.citations)?;
            }
            writeln!(out, "</ul></li>")?;
        }
        if !a.affiliations.is_empty() {
            writeln!(out, "<li>Affiliations:<ul>")?;
            for f in &a.affiliations {
                fact_item(
                    out,
                    &escape(&f.name),
                    &f.first_seen,
                    &f.last_seen,
                    &f.citations,
                )?;
            }
            writeln!(out, "</ul></li>")?;
        }
        writeln!(out, "</ul>")?;
        quote_list(index, out, "Quotes by", &a.name, &a.quotes_by)?;
        quote_list(index, out, "Quotes naming", &a.name, &a.quotes_about)?;
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</section>")
}

fn fact_item(
    out: &mut impl Write,
    text: &str,
    first: &Option<String>,
    last: &Option<String>,
    citations: &[Citation],
) -> io::Result<()> {
    write!(out, "<li>{text}")?;
    let dates = date_range(first, last);
    if !dates.is_empty() {
        write!(out, ", {}", escape(&dates))?;
    }
    for c in citations.iter().take(CITATIONS_SHOWN) {
        write!(out, " {}", cite(c))?;
    }
    if citations.len() > CITATIONS_SHOWN {
        write!(out, " and {} more", citations.len() - CITATIONS_SHOWN)?;
    }
    writeln!(out, "</li>")
}

fn quote_list(
    index: &Index,
    out: &mut impl Write,
    heading: &str,
    name: &str,
    ids: &[i64],
) -> io::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    writeln!(out, "<p>{heading} {}:</p>", escape(name))?;
    writeln!(out, "<ul>")?;
    let mut line = String::new();
    for q in index.quotes(ids) {
        line.clear();
        quote_item(&mut line, index, q);
        writeln!(out, "<li>{line}</li>")?;
    }
    writeln!(out, "</ul>")
}

/// Appends one quote's list item content to `line`.
fn quote_item(line: &mut String, index: &Index, q: &SummaryQuote) {
    line.push_str("<span class=\"quote\">");
    escape_into(line, &q.text);
    line.push_str("</span> — ");
    let speaker = q.speaker.as_deref().unwrap_or("unknown speaker");
    match q.speaker_id {
        Some(id) if index.actors.contains(&id) => {
            line.push_str(&format!("<a href=\"#actor-{id}\">"));
            escape_into(line, speaker);
            line.push_str("</a>");
        }
        _ => escape_into(line, speaker),
    }
    match (&q.cue, q.direct) {
        (Some(cue), true) => {
            line.push_str(" (");
            escape_into(line, cue);
            line.push(')');
        }
        (Some(cue), false) => {
            line.push_str(" (");
            escape_into(line, cue);
            line.push_str(", reported)");
        }
        (None, true) => {}
        (None, false) => line.push_str(" (reported)"),
    }
    line.push_str(", ");
    escape_into(line, q.date.as_deref().unwrap_or("undated"));
    line.push(' ');
    line.push_str(&cite(&q.citation));
}

/// A citation as a link to its entry in the sources list.
fn cite(c: &Citation) -> String {
    format!(
        "<a class=\"cite\" href=\"#src-{}\">{}</a>",
        c.reference,
        escape(&citation_label(c))
    )
}

fn topics(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<section id=\"topics\">")?;
    writeln!(out, "<h2>Topics</h2>")?;
    if s.topics.is_empty() {
        writeln!(out, "<p>No topics.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(out, "<ul>")?;
    for t in &s.topics {
        let refs: Vec<String> = t
            .articles
            .iter()
            .map(|r| format!("<a href=\"#src-{0}\">[{0}]</a>", r.reference))
            .collect();
        writeln!(
            out,
            "<li>{} ({}): {}</li>",
            escape(&t.label),
            counted(t.articles.len() as u64, "article"),
            refs.join(" ")
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
}

fn sources(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<section id=\"sources\">")?;
    writeln!(out, "<h2>Sources</h2>")?;
    if s.articles.is_empty() {
        writeln!(out, "<p>No articles.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(out, "<ul class=\"sources\">")?;
    for a in &s.articles {
        let mut details = vec![a.date.as_deref().unwrap_or("undated").to_string()];
        details.extend(a.source.iter().cloned());
        details.extend(a.author.iter().map(|x| format!("by {x}")));
        details.push(format!("file {}", a.file_name));
        details.push(format!("article {}", a.id));
        let details: Vec<String> = details.iter().map(|d| escape(d)).collect();
        write!(
            out,
            "<li id=\"src-{}\">[{}] <strong>{}</strong> — {}",
            a.reference,
            a.reference,
            escape(&a.title),
            details.join(", ")
        )?;
        if let Some(url) = &a.url {
            let u = one_line(url);
            if is_web_url(&u) {
                write!(
                    out,
                    " — <a href=\"{0}\" rel=\"noreferrer noopener\">{0}</a>",
                    escape(&u)
                )?;
            } else {
                write!(out, " — {}", escape(&u))?;
            }
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
}

/// Only plain web addresses become links (never `javascript:` or `data:`).
fn is_web_url(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.contains(char::is_whitespace)
}

/// Escapes untrusted text for HTML element content and quoted attribute values; control
/// characters become spaces and the text is made single-line.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, s: &str) {
    let s = single_line(s);
    // The characters to escape are ASCII: a byte scan finds them, slices stay on boundaries.
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    #[test]
    fn escape_covers_content_and_attributes() {
        assert_eq!(
            escape("<img src=x onerror=\"alert(1)\">&'"),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn hostile_fields_render_as_text() {
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(1)></div>\"'";
        let mut out = Vec::new();
        html(&testdata::summary(hostile), &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        let lower = page.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{page}");
        assert!(!lower.contains("<img"), "{page}");
        assert!(!lower.contains("href=\"javascript"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The safe URL is a link, with its ampersand and quotes escaped in the attribute.
        assert!(page.contains("href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""));
    }

    #[test]
    fn only_web_urls_link() {
        assert!(is_web_url("HTTPS://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" data:text/html,x"));
        assert!(!is_web_url("http://a b"));
    }
}
