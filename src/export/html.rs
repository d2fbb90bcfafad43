//! The HTML summary: one self-contained page (inline CSS, no scripts, no external assets) that
//! works offline and prints well (A4 or Letter: page breaks before the actor sections and the
//! sources, none inside an entry). It follows the plan in [`super::brief`].
//!
//! Every piece of article-derived text goes through [`escape`] (`& < > " '` as entities) both in
//! element content and in attribute values, so markup in an article shows as text. As a second
//! line of defence the page declares a Content-Security-Policy that forbids scripts and every
//! external load, and links only `http(s)` URLs.

use std::io::{self, Write};

use super::brief::{
    self, ALIASES_SHOWN, Brief, GROUP_QUOTES_SHOWN, QUOTES_ABOUT_SHOWN, QUOTES_SHOWN,
};
use super::{
    CITATIONS_SHOWN, Citation, Options, Paper, Summary, SummaryQuote, citation_short,
    date_range_words, date_words, one_line, paragraph_words, single_line, source_words, web_url,
};

const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5c6475; --rule: #d6d9e0; --accent: #24549c; --bg: #fff; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.08rem; margin: 1.3rem 0 .3rem; }
.lead { font-size: 1.1rem; margin: .2rem 0 .5rem; }
.meta { color: var(--muted); margin: .1rem 0; font-size: .9rem; }
.kind { color: var(--muted); font-weight: normal; font-size: .9rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .2rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: .7rem; background: var(--accent); opacity: .6; vertical-align: middle; }
ul, ol { padding-left: 1.4rem; margin: .3rem 0; }
li { margin: .2rem 0; }
.q { font-style: italic; }
.cite { color: var(--muted); font-size: .85rem; }
.rep { margin: .1rem 0 .3rem; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.sources li { overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; line-height: 1.35; color: #000; }
  h2 { break-after: avoid-page; margin-top: 0; }
  h3 { break-after: avoid-page; }
  #actors, #sources { break-before: page; }
  li, tr { break-inside: avoid; }
  a { color: #000; }
  .cite, .meta, .kind { color: #333; }
  .bar { background: #000 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Writes the summary as one self-contained HTML page.
pub fn html(s: &Summary, opts: &Options, out: &mut impl Write) -> io::Result<()> {
    let b = Brief::new(s, opts);
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
    let page = match opts.paper {
        Paper::Auto => "@page { margin: 16mm 15mm; }",
        Paper::A4 => "@page { size: A4; margin: 16mm 15mm; }",
        Paper::Letter => "@page { size: letter; margin: 16mm 15mm; }",
    };
    writeln!(out, "<style>{STYLE}{page}\n</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", escape(&s.title))?;
    writeln!(out, "<p class=\"lead\">{}</p>", escape(&s.period_line()))?;
    writeln!(
        out,
        "<p class=\"meta\">Scope: {}. Found: {}.</p>",
        escape(&s.scope_line()),
        escape(&s.totals_line())
    )?;
    let mut made = Vec::new();
    if let Some(d) = &s.dossier {
        made.push(format!("dossier {}", escape(d)));
    }
    if let Some(g) = &s.generated_at {
        made.push(format!("generated {}", escape(g)));
    }
    if !made.is_empty() {
        writeln!(out, "<p class=\"meta\">Made from {}.</p>", made.join(", "))?;
    }
    writeln!(
        out,
        "<p class=\"meta\">Citations: [n] is source n in the list at the end; “para.” is the paragraph of the article.</p>"
    )?;
    writeln!(out, "</header>")?;

    brief_section(&b, out)?;
    actors(&b, out)?;
    sources(s, &b, out)?;

    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

fn brief_section(b: &Brief, out: &mut impl Write) -> io::Result<()> {
    let s = b.s;
    writeln!(out, "<section id=\"brief\">")?;
    writeln!(out, "<h2>In brief</h2>")?;
    writeln!(out, "<h3>Who matters most</h3>")?;
    if b.headline.is_empty() {
        writeln!(out, "<p>No actors.</p>")?;
    } else {
        writeln!(out, "<ol class=\"who\">")?;
        for a in &b.headline {
            let mut line = actor_name(b, a.id, &a.name);
            line.push_str(&format!(" <span class=\"kind\">{}</span>", a.kind.label()));
            let facts: Vec<String> = [brief::role_words(a), brief::affiliation_words(a)]
                .into_iter()
                .flatten()
                .map(|x| escape(&x))
                .collect();
            if !facts.is_empty() {
                line.push_str(": ");
                line.push_str(&facts.join("; "));
            }
            line.push_str(&format!(
                ". <span class=\"meta\">{}.</span>",
                escape(&brief::presence_words(a))
            ));
            if let Some(q) = a.representative_quote.and_then(|id| b.quote(id)) {
                line.push_str("<p class=\"rep\">");
                quote_item(&mut line, b, q, false);
                line.push_str("</p>");
            }
            writeln!(out, "<li>{line}</li>")?;
        }
        writeln!(out, "</ol>")?;
    }

    writeln!(out, "<h3>Key quotes</h3>")?;
    if b.key_quotes.is_empty() {
        writeln!(out, "<p>No quotes.</p>")?;
    } else {
        writeln!(out, "<ol class=\"quotes\">")?;
        let mut line = String::new();
        for q in &b.key_quotes {
            line.clear();
            quote_item(&mut line, b, q, true);
            writeln!(out, "<li>{line}</li>")?;
        }
        writeln!(out, "</ol>")?;
    }

    writeln!(out, "<h3>Topics</h3>")?;
    if s.topics.is_empty() {
        writeln!(out, "<p>No topics.</p>")?;
    } else {
        let topics = brief::topics_sentence(&s.topics, escape);
        writeln!(out, "<p>{topics}</p>")?;
    }

    writeln!(out, "<h3>Timeline</h3>")?;
    if s.timeline.is_empty() {
        writeln!(out, "<p>No dated articles.</p>")?;
    } else if b.by_day() {
        writeln!(out, "<ul class=\"days\">")?;
        for (day, articles) in b.days() {
            let list: Vec<String> = articles
                .iter()
                .map(|a| {
                    let mut x = format!(
                        "<a href=\"#src-{0}\">[{0}]</a> {1}",
                        a.reference,
                        escape(&a.title)
                    );
                    if let Some(src) = &a.source {
                        x.push_str(&format!(" <span class=\"meta\">({})</span>", escape(src)));
                    }
                    x
                })
                .collect();
            writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                escape(&date_words(day)),
                list.join("; ")
            )?;
        }
        writeln!(out, "</ul>")?;
    } else {
        month_table(s, out)?;
    }
    writeln!(out, "</section>")
}

fn month_table(s: &Summary, out: &mut impl Write) -> io::Result<()> {
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
            escape(&date_words(&m.month)),
            m.articles,
            m.mentions,
            m.quotes
        )?;
    }
    writeln!(out, "</tbody></table>")
}

/// The actor's name, linked to its section when it has one.
fn actor_name(b: &Brief, id: i64, name: &str) -> String {
    if b.has_section(id) {
        format!("<a href=\"#actor-{id}\">{}</a>", escape(name))
    } else {
        escape(name)
    }
}

fn actors(b: &Brief, out: &mut impl Write) -> io::Result<()> {
    let s = b.s;
    writeln!(out, "<section id=\"actors\">")?;
    writeln!(out, "<h2>Leading actors</h2>")?;
    if b.leading.is_empty() {
        writeln!(out, "<p>No actors.</p>")?;
    } else if !b.whole && s.totals.actors > b.leading.len() as u64 {
        writeln!(
            out,
            "<p class=\"meta\">The {} most salient of {} actors; all of them are in the JSON and CSV exports.</p>",
            b.leading.len(),
            s.totals.actors
        )?;
    }
    for a in &b.leading {
        writeln!(out, "<div class=\"actor\" id=\"actor-{}\">", a.id)?;
        writeln!(
            out,
            "<h3>{}. {} <span class=\"kind\">{}</span></h3>",
            a.rank,
            escape(&a.name),
            a.kind.label()
        )?;
        writeln!(out, "<ul>")?;
        let mut presence = brief::presence_words(a);
        let seen = date_range_words(&a.first_seen, &a.last_seen);
        if !seen.is_empty() {
            presence.push_str(&format!("; named {seen}"));
        }
        writeln!(out, "<li>{}</li>", escape(&presence))?;
        if !a.aliases.is_empty() {
            let mut names: Vec<String> = a
                .aliases
                .iter()
                .take(ALIASES_SHOWN)
                .map(|n| escape(n))
                .collect();
            if a.aliases.len() > ALIASES_SHOWN {
                names.push(format!("and {} more", a.aliases.len() - ALIASES_SHOWN));
            }
            writeln!(out, "<li>Also called: {}</li>", names.join(", "))?;
        }
        let shown = b.facts_shown();
        if !a.roles.is_empty() {
            writeln!(out, "<li>Roles:<ul>")?;
            for r in a.roles.iter().take(shown) {
                let mut text = escape(&r.title);
                if let Some(of) = &r.of {
                    text.push_str(" of ");
                    text.push_str(&escape(of));
                }
                fact_item(out, s, &text, &r.first_seen, &r.last_seen, &r.citations)?;
            }
            if a.roles.len() > shown {
                writeln!(
                    out,
                    "<li>{}</li>",
                    brief::more_words(a.roles.len() - shown, "role")
                )?;
            }
            writeln!(out, "</ul></li>")?;
        }
        if !a.affiliations.is_empty() {
            writeln!(out, "<li>Affiliations:<ul>")?;
            for f in a.affiliations.iter().take(shown) {
                fact_item(
                    out,
                    s,
                    &escape(&f.name),
                    &f.first_seen,
                    &f.last_seen,
                    &f.citations,
                )?;
            }
            if a.affiliations.len() > shown {
                writeln!(
                    out,
                    "<li>{}</li>",
                    brief::more_words(a.affiliations.len() - shown, "affiliation")
                )?;
            }
            writeln!(out, "</ul></li>")?;
        }
        writeln!(out, "</ul>")?;
        let (by, left) = b.pick(&a.quotes_by, QUOTES_SHOWN);
        quote_list(
            b,
            out,
            &format!("Quotes by {}:", escape(&a.name)),
            &by,
            left,
            false,
        )?;
        let (about, left) = b.pick(&a.quotes_about, QUOTES_ABOUT_SHOWN);
        quote_list(
            b,
            out,
            &format!("Quotes naming {}:", escape(&a.name)),
            &about,
            left,
            true,
        )?;
        writeln!(out, "</div>")?;
    }
    if !b.groups.is_empty() {
        writeln!(out, "<h3 id=\"voices\">Other voices</h3>")?;
        writeln!(
            out,
            "<p class=\"meta\">Quotes whose speaker is named only by a description.</p>"
        )?;
        for g in &b.groups {
            let (quotes, left) = b.pick(&g.quotes, GROUP_QUOTES_SHOWN);
            writeln!(out, "<div class=\"actor\">")?;
            quote_list(
                b,
                out,
                &format!("{}:", escape(&g.description)),
                &quotes,
                left,
                false,
            )?;
            writeln!(out, "</div>")?;
        }
        if s.totals.described_speakers > b.groups.len() as u64 {
            writeln!(
                out,
                "<p class=\"meta\">{}.</p>",
                brief::more_words(
                    (s.totals.described_speakers - b.groups.len() as u64) as usize,
                    "described speaker"
                )
            )?;
        }
    }
    writeln!(out, "</section>")
}

fn fact_item(
    out: &mut impl Write,
    s: &Summary,
    text: &str,
    first: &Option<String>,
    last: &Option<String>,
    citations: &[Citation],
) -> io::Result<()> {
    write!(out, "<li>{text}")?;
    let dates = date_range_words(first, last);
    if !dates.is_empty() {
        write!(out, ", {}", escape(&dates))?;
    }
    if let Some((c, rest)) = citations.split_first() {
        write!(out, ": {}", cite(s, c))?;
        let more: Vec<String> = rest
            .iter()
            .take(CITATIONS_SHOWN - 1)
            .map(|c| {
                format!(
                    "<a href=\"#src-{}\">{}</a>",
                    c.reference,
                    escape(&citation_short(c))
                )
            })
            .collect();
        if !more.is_empty() {
            write!(out, " <span class=\"cite\">also {}</span>", more.join(" "))?;
        }
        if rest.len() > CITATIONS_SHOWN - 1 {
            write!(out, " and {} more", rest.len() - (CITATIONS_SHOWN - 1))?;
        }
    }
    writeln!(out, "</li>")
}

fn quote_list(
    b: &Brief,
    out: &mut impl Write,
    heading: &str,
    quotes: &[&SummaryQuote],
    left: usize,
    with_speaker: bool,
) -> io::Result<()> {
    if quotes.is_empty() {
        return Ok(());
    }
    writeln!(out, "<p>{heading}</p>")?;
    writeln!(out, "<ul>")?;
    let mut line = String::new();
    for q in quotes {
        line.clear();
        quote_item(&mut line, b, q, with_speaker);
        writeln!(out, "<li>{line}</li>")?;
    }
    if left > 0 {
        writeln!(
            out,
            "<li class=\"meta\">{}</li>",
            brief::more_words(left, "quote")
        )?;
    }
    writeln!(out, "</ul>")
}

/// Appends one quote: `<span class="q">text</span> — Speaker (said), 14 Jan 2025. citation`.
fn quote_item(line: &mut String, b: &Brief, q: &SummaryQuote, with_speaker: bool) {
    line.push_str("<span class=\"q\">");
    escape_into(line, &q.text);
    line.push_str("</span> — ");
    let how = if with_speaker {
        brief::how_words(q)
    } else {
        brief::how_plain(q)
    };
    match (with_speaker, how) {
        (true, how) => {
            match q.speaker_id {
                Some(id) => line.push_str(&actor_name(b, id, &brief::speaker_words(q))),
                None => escape_into(line, &brief::speaker_words(q)),
            }
            if let Some(how) = how {
                line.push_str(" (");
                escape_into(line, &how);
                line.push(')');
            }
            line.push_str(", ");
        }
        (false, Some(how)) => {
            escape_into(line, &how);
            line.push_str(", ");
        }
        (false, None) => {}
    }
    escape_into(line, &brief::date_words_of(q));
    line.push_str(". ");
    line.push_str(&cite(b.s, &q.citation));
}

/// A citation in words: the number links to the sources list, the headline to the article's
/// web address when it has one.
fn cite(s: &Summary, c: &Citation) -> String {
    let mut out = format!(
        "<span class=\"cite\"><a href=\"#src-{0}\">[{0}]</a>",
        c.reference
    );
    if let Some(a) = s.article(c.reference) {
        out.push_str(" ‘");
        match a.url.as_deref().and_then(web_url) {
            Some(u) => out.push_str(&format!(
                "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
                escape(&u),
                escape(&a.title)
            )),
            None => out.push_str(&escape(&a.title)),
        }
        out.push('’');
        if let Some(src) = a.source.as_deref().map(one_line).filter(|x| !x.is_empty()) {
            out.push_str(", ");
            out.push_str(&escape(&src));
        }
        if let Some(d) = &a.date {
            out.push_str(", ");
            out.push_str(&escape(&date_words(d)));
        }
    }
    out.push_str(&escape(&paragraph_words(c)));
    out.push_str("</span>");
    out
}

fn sources(s: &Summary, b: &Brief, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<section id=\"sources\">")?;
    writeln!(out, "<h2>Sources</h2>")?;
    if let Some(note) = b.sources_note() {
        writeln!(out, "<p>{}</p>", escape(&note))?;
    }
    if s.articles.is_empty() {
        writeln!(out, "<p>No articles.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(out, "<ul class=\"sources\">")?;
    for a in &s.articles {
        write!(
            out,
            "<li id=\"src-{0}\">[{0}] {1}",
            a.reference,
            escape(&source_words(a))
        )?;
        if let Some(url) = &a.url {
            match web_url(url) {
                Some(u) => write!(
                    out,
                    ". <a href=\"{0}\" rel=\"noreferrer noopener\">{0}</a>",
                    escape(&u)
                )?,
                None => write!(out, ". {}", escape(url))?,
            }
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
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
        html(&testdata::summary(hostile), &Options::default(), &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        let lower = page.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{page}");
        assert!(!lower.contains("<img"), "{page}");
        assert!(!lower.contains("href=\"javascript"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The safe URL is a link, with its ampersand and quotes escaped in the attribute.
        assert!(page.contains("href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""));
    }
}
