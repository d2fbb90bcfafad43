//! CSV tables of actors, quotes and articles, ready for a spreadsheet, one table per file or
//! all three in a zip archive ([`csv_zip`]).
//!
//! - RFC 4180: one header row, fields separated by commas, records ended by CRLF, a field quoted
//!   (with `""` for a quote inside) when it holds a comma, a quote or leading/trailing space.
//! - UTF-8 **with a byte order mark**, so Excel opens non-ASCII names correctly; LibreOffice,
//!   pandas (`encoding="utf-8-sig"`) and Python's csv module read it too.
//! - Text is made single-line (line breaks become spaces) so every record is one line.
//! - A text cell that a spreadsheet could run as a formula (starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return, also after leading spaces or in full-width form) gets a leading
//!   apostrophe, the usual defence against CSV formula injection. Numbers are written as numbers.

use std::io::{self, Write};

use super::zip_out::Archive;
use super::{Citation, Summary, citation_label, date_range, single_line};

/// Writes a zip archive holding `actors.csv`, `quotes.csv` and `articles.csv`.
pub fn csv_zip(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    let mut archive = Archive::new();
    for (name, table) in [
        (
            "actors.csv",
            csv_actors as fn(&Summary, &mut Vec<u8>) -> io::Result<()>,
        ),
        ("quotes.csv", csv_quotes),
        ("articles.csv", csv_articles),
    ] {
        let mut bytes = Vec::new();
        table(s, &mut bytes)?;
        archive.add(name, &bytes)?;
    }
    archive.finish(out)
}

/// Writes the articles table: one row per source article, in reference (date) order.
pub fn csv_articles(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    record(
        out,
        &[
            "reference",
            "article_id",
            "date",
            "title",
            "title_from_text",
            "outlet",
            "author",
            "url",
            "file_name",
        ]
        .map(Cell::Num),
    )?;
    for a in &s.articles {
        record(
            out,
            &[
                Cell::Num(&a.reference.to_string()),
                Cell::Num(&a.id.to_string()),
                Cell::Text(a.date.as_deref().unwrap_or("")),
                Cell::Text(&a.title),
                Cell::Text(if a.title_from_text { "yes" } else { "no" }),
                Cell::Text(a.source.as_deref().unwrap_or("")),
                Cell::Text(a.author.as_deref().unwrap_or("")),
                Cell::Text(a.url.as_deref().unwrap_or("")),
                Cell::Text(&a.file_name),
            ],
        )?;
    }
    Ok(())
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes the actors table: one row per actor, most salient first.
pub fn csv_actors(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    record(
        out,
        &[
            "rank",
            "actor_id",
            "name",
            "kind",
            "salience",
            "prominence",
            "mentions",
            "articles",
            "quotes_by",
            "quotes_naming",
            "first_seen",
            "last_seen",
            "aliases",
            "roles",
            "affiliations",
        ]
        .map(Cell::Num),
    )?;
    for a in &s.actors {
        let roles: Vec<String> = a
            .roles
            .iter()
            .map(|r| {
                let title = match &r.of {
                    Some(of) => format!("{} of {of}", r.title),
                    None => r.title.clone(),
                };
                fact(&title, &r.first_seen, &r.last_seen, &r.citations)
            })
            .collect();
        let affiliations: Vec<String> = a
            .affiliations
            .iter()
            .map(|f| fact(&f.name, &f.first_seen, &f.last_seen, &f.citations))
            .collect();
        record(
            out,
            &[
                Cell::Num(&a.rank.to_string()),
                Cell::Num(&a.id.to_string()),
                Cell::Text(&a.name),
                Cell::Text(a.kind.code()),
                Cell::Num(&a.salience.to_string()),
                Cell::Num(&a.prominence.to_string()),
                Cell::Num(&a.mentions.to_string()),
                Cell::Num(&a.articles.to_string()),
                Cell::Num(&a.quotes_by.len().to_string()),
                Cell::Num(&a.quotes_about.len().to_string()),
                Cell::Text(a.first_seen.as_deref().unwrap_or("")),
                Cell::Text(a.last_seen.as_deref().unwrap_or("")),
                Cell::Text(&a.aliases.join("; ")),
                Cell::Text(&roles.join("; ")),
                Cell::Text(&affiliations.join("; ")),
            ],
        )?;
    }
    Ok(())
}

/// Writes the quotes table: one row per quote, in date order.
pub fn csv_quotes(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    record(
        out,
        &[
            "quote_id",
            "date",
            "speaker",
            "speaker_id",
            "type",
            "cue",
            "text",
            "actors_named",
            "reference",
            "paragraph",
            "article_id",
            "article_title",
            "article_source",
            "sentence_start",
            "sentence_end",
            "quote_start",
            "quote_end",
            "confidence",
            "score",
        ]
        .map(Cell::Num),
    )?;
    for q in &s.quotes {
        let article = s.article(q.citation.reference);
        let named: Vec<&str> = q.mentions.iter().map(|m| m.name.as_str()).collect();
        record(
            out,
            &[
                Cell::Num(&q.id.to_string()),
                Cell::Text(q.date.as_deref().unwrap_or("")),
                Cell::Text(q.speaker.as_deref().unwrap_or("")),
                Cell::Num(&q.speaker_id.map(|i| i.to_string()).unwrap_or_default()),
                Cell::Text(if q.direct { "direct" } else { "reported" }),
                Cell::Text(q.cue.as_deref().unwrap_or("")),
                Cell::Text(&q.text),
                Cell::Text(&named.join("; ")),
                Cell::Num(&q.citation.reference.to_string()),
                Cell::Num(&q.citation.paragraph.to_string()),
                Cell::Num(&q.citation.article_id.to_string()),
                Cell::Text(article.map_or("", |a| a.title.as_str())),
                Cell::Text(article.and_then(|a| a.source.as_deref()).unwrap_or("")),
                Cell::Num(&q.citation.span.start.to_string()),
                Cell::Num(&q.citation.span.end.to_string()),
                Cell::Num(&q.span.start.to_string()),
                Cell::Num(&q.span.end.to_string()),
                Cell::Num(&format!("{:.2}", q.confidence)),
                Cell::Num(&q.score.to_string()),
            ],
        )?;
    }
    Ok(())
}

/// `title (first to last) [1: 0–5] [2: 7–9]`, every citation listed.
fn fact(text: &str, first: &Option<String>, last: &Option<String>, cites: &[Citation]) -> String {
    let mut s = text.to_string();
    let dates = date_range(first, last);
    if !dates.is_empty() {
        s.push_str(&format!(" ({dates})"));
    }
    for c in cites {
        s.push(' ');
        s.push_str(&citation_label(c));
    }
    s
}

/// A field: our own numbers and header names, or untrusted text.
enum Cell<'a> {
    Num(&'a str),
    Text(&'a str),
}

fn record(out: &mut impl Write, cells: &[Cell]) -> io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        match cell {
            Cell::Num(s) => push_field(&mut line, s, false),
            Cell::Text(s) => {
                let s = single_line(s);
                push_field(&mut line, &s, is_formula(&s));
            }
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// True when a spreadsheet would read text starting like `s` as a formula (also after spaces).
fn is_formula(s: &str) -> bool {
    matches!(
        s.trim_start_matches(' ').chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// Appends one field: RFC 4180 quoting only where needed, and an apostrophe before a formula.
fn push_field(line: &mut String, s: &str, formula: bool) {
    let quoted = s.contains([',', '"', '\n', '\r'])
        || s.starts_with([' ', '\t'])
        || s.ends_with([' ', '\t']);
    if quoted {
        line.push('"');
    }
    if formula {
        line.push('\'');
    }
    if quoted {
        line.push_str(&s.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(s);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    fn text(s: &str) -> String {
        let mut out = Vec::new();
        record(&mut out, &[Cell::Text(s)]).unwrap();
        String::from_utf8(out)
            .unwrap()
            .trim_end_matches("\r\n")
            .to_string()
    }

    #[test]
    fn formulas_are_defused_and_quoting_is_rfc4180() {
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("  @SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\t=1"), "'=1");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("＝1"), "'＝1");
        assert_eq!(text("a=1"), "a=1");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("=a,b"), "\"'=a,b\"");
        assert_eq!(text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("two\nlines"), "two lines");
        assert_eq!(text("plain"), "plain");
        let mut line = String::new();
        push_field(&mut line, "-5", false);
        assert_eq!(line, "-5", "numbers stay numbers");
    }

    #[test]
    fn hostile_cells_cannot_run_as_formulas() {
        let hostile = "=HYPERLINK(\"http://evil.example\",\"click\")\r\n,x";
        for write in [csv_actors, csv_quotes, csv_articles] {
            let mut out = Vec::new();
            write(&testdata::summary(hostile), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let body = text.strip_prefix('\u{feff}').unwrap();
            let lines: Vec<&str> = body.split_terminator("\r\n").collect();
            // A header and one record per actor or quote (two articles).
            assert_eq!(
                lines.len(),
                if body.starts_with("reference") { 3 } else { 2 },
                "{text}"
            );
            for line in &lines {
                assert!(!line.contains('\n') && !line.contains('\r'));
                // No field begins with "=" (quoted or not).
                assert!(!line.starts_with('=') && !line.contains(",=") && !line.contains(",\"="));
            }
            assert!(
                lines[1].contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\") ,x\"")
            );
        }
    }
}
