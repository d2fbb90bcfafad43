//! The Markdown summary: CommonMark that also reads well as plain text.
//!
//! Every piece of article-derived text goes through [`escape`]: it is made single-line and every
//! character CommonMark could read as markup is backslash-escaped, so a headline such as
//! `| * _ # [x](y)` or `<script>` shows literally and never opens a link, an HTML block, a table
//! cell or emphasis.

use std::io::{self, Write};

use super::{
    CITATIONS_SHOWN, Citation, Index, Summary, SummaryQuote, citation_label, counted, date_range,
    one_line, prominence_line, single_line,
};

/// Writes the summary as Markdown.
pub fn markdown(s: &Summary, out: &mut impl Write) -> io::Result<()> {
    let index = Index::new(s);
    writeln!(out, "# {}", escape(&s.title))?;
    writeln!(out)?;
    writeln!(out, "- Scope: {}", escape(&s.scope_line()))?;
    if let Some(d) = &s.dossier {
        writeln!(out, "- Dossier: {}", escape(d))?;
    }
    if let Some(g) = &s.generated_at {
        writeln!(out, "- Generated: {}", escape(g))?;
    }
    writeln!(out, "- Totals: {}", escape(&s.totals_line()))?;
    writeln!(
        out,
        "- Citations: \\[n: a–b\\] is source n below, bytes a to b of its text (for quotes, the sentence)."
    )?;
    writeln!(out)?;

    writeln!(out, "## Timeline")?;
    writeln!(out)?;
    if s.timeline.is_empty() {
        writeln!(out, "No dated articles.")?;
    } else {
        writeln!(out, "| Month | Articles | Mentions | Quotes |")?;
        writeln!(out, "|---|---:|---:|---:|")?;
        for m in &s.timeline {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&m.month),
                m.articles,
                m.mentions,
                m.quotes
            )?;
        }
    }
    writeln!(out)?;

    writeln!(out, "## Actors")?;
    writeln!(out)?;
    if s.actors.is_empty() {
        writeln!(out, "No actors.")?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "Ranked by prominence (mentions × articles mentioning them)."
        )?;
        writeln!(out)?;
    }
    for a in &s.actors {
        writeln!(
            out,
            "### {}. {} ({})",
            a.rank,
            escape(&a.name),
            a.kind.label()
        )?;
        writeln!(out)?;
        let seen = date_range(&a.first_seen, &a.last_seen);
        write!(out, "- {}", prominence_line(a))?;
        if !seen.is_empty() {
            write!(out, ", {}", escape(&seen))?;
        }
        writeln!(out)?;
        if !a.aliases.is_empty() {
            let names: Vec<String> = a.aliases.iter().map(|n| escape(n)).collect();
            writeln!(out, "- Also called: {}", names.join(", "))?;
        }
        if !a.roles.is_empty() {
            writeln!(out, "- Roles:")?;
            for r in &a.roles {
                let mut line = escape(&r.title);
                if let Some(of) = &r.of {
                    line.push_str(" of ");
                    line.push_str(&escape(of));
                }
                fact_line(out, &line, &r.first_seen, &r.last_seen, &r.citations)?;
            }
        }
        if !a.affiliations.is_empty() {
            writeln!(out, "- Affiliations:")?;
            for f in &a.affiliations {
                fact_line(
                    out,
                    &escape(&f.name),
                    &f.first_seen,
                    &f.last_seen,
                    &f.citations,
                )?;
            }
        }
        writeln!(out)?;
        quote_list(
            out,
            &index,
            &format!("Quotes by {}:", escape(&a.name)),
            &a.quotes_by,
        )?;
        quote_list(
            out,
            &index,
            &format!("Quotes naming {}:", escape(&a.name)),
            &a.quotes_about,
        )?;
    }

    writeln!(out, "## Topics")?;
    writeln!(out)?;
    if s.topics.is_empty() {
        writeln!(out, "No topics.")?;
        writeln!(out)?;
    }
    for t in &s.topics {
        writeln!(
            out,
            "- {} ({}): {}",
            escape(&t.label),
            counted(t.articles.len() as u64, "article"),
            t.articles
                .iter()
                .map(|r| format!("\\[{}\\]", r.reference))
                .collect::<Vec<_>>()
                .join(" ")
        )?;
    }
    if !s.topics.is_empty() {
        writeln!(out)?;
    }

    writeln!(out, "## Sources")?;
    writeln!(out)?;
    if s.articles.is_empty() {
        writeln!(out, "No articles.")?;
    }
    for a in &s.articles {
        let mut line = format!("- \\[{}\\] {}", a.reference, escape(&a.title));
        let mut details = vec![a.date.as_deref().unwrap_or("undated").to_string()];
        details.extend(a.source.iter().map(|x| one_line(x)));
        details.extend(a.author.iter().map(|x| format!("by {}", one_line(x))));
        details.push(format!("file {}", one_line(&a.file_name)));
        details.push(format!("article {}", a.id));
        line.push_str(" — ");
        line.push_str(&escape(&details.join(", ")));
        if let Some(url) = &a.url {
            // Shown as text, never as a link: a URL from an article is not trusted.
            line.push_str(" — ");
            line.push_str(&escape(url));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `  - text, first to last [1: 0–5] [2: 7–9] and 3 more`
fn fact_line(
    out: &mut impl Write,
    text: &str,
    first: &Option<String>,
    last: &Option<String>,
    citations: &[Citation],
) -> io::Result<()> {
    write!(out, "  - {text}")?;
    let dates = date_range(first, last);
    if !dates.is_empty() {
        write!(out, ", {}", escape(&dates))?;
    }
    for c in citations.iter().take(CITATIONS_SHOWN) {
        write!(out, " {}", escape(&citation_label(c)))?;
    }
    if citations.len() > CITATIONS_SHOWN {
        write!(out, " and {} more", citations.len() - CITATIONS_SHOWN)?;
    }
    writeln!(out)
}

fn quote_list(out: &mut impl Write, index: &Index, heading: &str, ids: &[i64]) -> io::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    writeln!(out, "{heading}")?;
    writeln!(out)?;
    let mut line = String::new();
    for q in index.quotes(ids) {
        line.clear();
        quote_line(&mut line, q);
        writeln!(out, "- {line}")?;
    }
    writeln!(out)
}

/// Appends `“text” — Speaker (said, reported), 2024-03-14 [1: 0–120]` to `line`.
fn quote_line(line: &mut String, q: &SummaryQuote) {
    escape_into(line, &q.text);
    line.push_str(" — ");
    escape_into(line, q.speaker.as_deref().unwrap_or("unknown speaker"));
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
    escape_into(line, &citation_label(&q.citation));
}

/// Escapes untrusted text for CommonMark inline content: single line, every ASCII punctuation
/// character that can start markup backslash-escaped, and a leading list or heading marker
/// neutralised. Letters, digits and spaces stay, so the text stays readable.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, s: &str) {
    let s = single_line(s);
    let start = out.len();
    // Every character to escape is ASCII, so a byte scan finds them without decoding, and the
    // slices between them fall on character boundaries.
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'{'
                | b'}'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'#'
                | b'|'
                | b'!'
                | b'~'
                | b'&'
                | b'$'
                | b'^'
        ) {
            out.push_str(&s[last..i]);
            out.push('\\');
            last = i;
        }
    }
    out.push_str(&s[last..]);
    // A line-leading "-", "+" or "1." would start a list when the text opens a line.
    let added = &out[start..];
    let digits = added.bytes().take_while(u8::is_ascii_digit).count();
    if added.starts_with(['-', '+']) {
        out.insert(start, '\\');
    } else if digits > 0 && added[digits..].starts_with(['.', ')']) {
        out.insert(start + digits, '\\');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("a *b* _c_"), "a \\*b\\* \\_c\\_");
        assert_eq!(escape("[x](y)"), "\\[x\\](y)");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("# h\n| t |"), "\\# h \\| t \\|");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. item"), "12\\. item");
        assert_eq!(escape("&amp; \\"), "\\&amp; \\\\");
        assert_eq!(escape("Jane Doe, 2024"), "Jane Doe, 2024");
    }

    #[test]
    fn hostile_fields_stay_on_their_line_and_escaped() {
        let hostile = "<script>alert(1)</script>\n# [x](y) | *a* _b_";
        let mut out = Vec::new();
        markdown(&testdata::summary(hostile), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // Every markup character from the data is escaped (the template itself writes no `<`,
        // `*` or `_`, and `[` only escaped).
        for special in ['<', '*', '[', '_'] {
            for (i, _) in text.match_indices(special) {
                assert!(
                    text[..i].ends_with('\\'),
                    "unescaped {special} at {i}: {text}"
                );
            }
        }
        // The hostile line break never starts a heading of its own.
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("# [") || l.starts_with("#  ")),
            "{text}"
        );
        assert!(text.contains("\\<script\\>alert(1)\\</script\\> \\# \\[x\\](y)"));
        assert!(text.contains("javascript:alert(1)"));
    }
}
