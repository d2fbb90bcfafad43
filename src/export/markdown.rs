//! The Markdown summary: CommonMark that also reads well as plain text, following the plan in
//! [`super::brief`].
//!
//! Every piece of article-derived text goes through [`escape`]: it is made single-line and every
//! character CommonMark could read as markup is backslash-escaped, so a headline such as
//! `| * _ # [x](y)` or `<script>` shows literally and never opens a link, an HTML block, a table
//! cell or emphasis. Only a source's plain web address becomes a link (an autolink, after a
//! check of every character).

use std::io::{self, Write};

use super::brief::{
    self, ALIASES_SHOWN, Brief, GROUP_QUOTES_SHOWN, QUOTES_ABOUT_SHOWN, QUOTES_SHOWN,
};
use super::{
    CITATIONS_SHOWN, Citation, Options, Summary, SummaryQuote, citation_short, citation_words,
    date_range_words, date_words, single_line, source_words, web_url,
};

/// Writes the summary as Markdown.
pub fn markdown(s: &Summary, opts: &Options, out: &mut impl Write) -> io::Result<()> {
    let b = Brief::new(s, opts);
    writeln!(out, "# {}", escape(&s.title))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&s.period_line()))?;
    writeln!(out)?;
    writeln!(out, "- Scope: {}", escape(&s.scope_line()))?;
    writeln!(out, "- Found: {}", escape(&s.totals_line()))?;
    let mut made = Vec::new();
    if let Some(d) = &s.dossier {
        made.push(format!("dossier {}", escape(d)));
    }
    if let Some(g) = &s.generated_at {
        made.push(format!("generated {}", escape(g)));
    }
    if !made.is_empty() {
        writeln!(out, "- Made from {}", made.join(", "))?;
    }
    writeln!(
        out,
        "- Citations: \\[n\\] is source n in the list at the end; \"para.\" is the paragraph of the article."
    )?;
    writeln!(out)?;

    writeln!(out, "## In brief")?;
    writeln!(out)?;
    writeln!(out, "### Who matters most")?;
    writeln!(out)?;
    if b.headline.is_empty() {
        writeln!(out, "No actors.")?;
    }
    for (i, a) in b.headline.iter().enumerate() {
        let mut line = format!("{}. {} ({})", i + 1, escape(&a.name), a.kind.label());
        let facts: Vec<String> = [brief::role_words(a), brief::affiliation_words(a)]
            .into_iter()
            .flatten()
            .map(|x| escape(&x))
            .collect();
        if !facts.is_empty() {
            line.push_str(": ");
            line.push_str(&facts.join("; "));
        }
        line.push_str(". ");
        line.push_str(&escape(&brief::presence_words(a)));
        line.push('.');
        writeln!(out, "{line}")?;
        if let Some(q) = a.representative_quote.and_then(|id| b.quote(id)) {
            writeln!(out, "   {}", quote_line(s, q, false))?;
        }
    }
    writeln!(out)?;

    writeln!(out, "### Key quotes")?;
    writeln!(out)?;
    if b.key_quotes.is_empty() {
        writeln!(out, "No quotes.")?;
    }
    for (i, q) in b.key_quotes.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, quote_line(s, q, true))?;
    }
    writeln!(out)?;

    writeln!(out, "### Topics")?;
    writeln!(out)?;
    if s.topics.is_empty() {
        writeln!(out, "No topics.")?;
    } else {
        let topics = brief::topics_sentence(&s.topics, escape);
        writeln!(out, "{topics}")?;
    }
    writeln!(out)?;

    writeln!(out, "### Timeline")?;
    writeln!(out)?;
    if s.timeline.is_empty() {
        writeln!(out, "No dated articles.")?;
    } else if b.by_day() {
        for (day, articles) in b.days() {
            let list: Vec<String> = articles
                .iter()
                .map(|a| {
                    let mut x = format!("\\[{}\\] {}", a.reference, escape(&a.title));
                    if let Some(src) = &a.source {
                        x.push_str(&format!(" ({})", escape(src)));
                    }
                    x
                })
                .collect();
            writeln!(out, "- {}: {}", escape(&date_words(day)), list.join("; "))?;
        }
    } else {
        writeln!(out, "| Month | Articles | Mentions | Quotes |")?;
        writeln!(out, "|---|---:|---:|---:|")?;
        for m in &s.timeline {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&date_words(&m.month)),
                m.articles,
                m.mentions,
                m.quotes
            )?;
        }
    }
    writeln!(out)?;

    writeln!(out, "## Leading actors")?;
    writeln!(out)?;
    if b.leading.is_empty() {
        writeln!(out, "No actors.")?;
        writeln!(out)?;
    } else if !b.whole && s.totals.actors > b.leading.len() as u64 {
        writeln!(
            out,
            "The {} most salient of {} actors; all of them are in the JSON and CSV exports.",
            b.leading.len(),
            s.totals.actors
        )?;
        writeln!(out)?;
    }
    for a in &b.leading {
        writeln!(
            out,
            "### {}. {} ({})",
            a.rank,
            escape(&a.name),
            a.kind.label()
        )?;
        writeln!(out)?;
        let mut presence = brief::presence_words(a);
        let seen = date_range_words(&a.first_seen, &a.last_seen);
        if !seen.is_empty() {
            presence.push_str(&format!("; named {seen}"));
        }
        writeln!(out, "- {}", escape(&presence))?;
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
            writeln!(out, "- Also called: {}", names.join(", "))?;
        }
        let shown = b.facts_shown();
        if !a.roles.is_empty() {
            writeln!(out, "- Roles:")?;
            for r in a.roles.iter().take(shown) {
                let mut text = escape(&r.title);
                if let Some(of) = &r.of {
                    text.push_str(" of ");
                    text.push_str(&escape(of));
                }
                fact_line(out, s, &text, &r.first_seen, &r.last_seen, &r.citations)?;
            }
            if a.roles.len() > shown {
                writeln!(
                    out,
                    "  - {}",
                    brief::more_words(a.roles.len() - shown, "role")
                )?;
            }
        }
        if !a.affiliations.is_empty() {
            writeln!(out, "- Affiliations:")?;
            for f in a.affiliations.iter().take(shown) {
                fact_line(
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
                    "  - {}",
                    brief::more_words(a.affiliations.len() - shown, "affiliation")
                )?;
            }
        }
        writeln!(out)?;
        let (by, left) = b.pick(&a.quotes_by, QUOTES_SHOWN);
        quote_list(
            out,
            s,
            &format!("Quotes by {}:", escape(&a.name)),
            &by,
            left,
            false,
        )?;
        let (about, left) = b.pick(&a.quotes_about, QUOTES_ABOUT_SHOWN);
        quote_list(
            out,
            s,
            &format!("Quotes naming {}:", escape(&a.name)),
            &about,
            left,
            true,
        )?;
    }
    if !b.groups.is_empty() {
        writeln!(out, "### Other voices")?;
        writeln!(out)?;
        writeln!(out, "Quotes whose speaker is named only by a description.")?;
        writeln!(out)?;
        for g in &b.groups {
            let (quotes, left) = b.pick(&g.quotes, GROUP_QUOTES_SHOWN);
            quote_list(
                out,
                s,
                &format!("{}:", escape(&g.description)),
                &quotes,
                left,
                false,
            )?;
        }
        if s.totals.described_speakers > b.groups.len() as u64 {
            writeln!(
                out,
                "{}.",
                brief::more_words(
                    (s.totals.described_speakers - b.groups.len() as u64) as usize,
                    "described speaker"
                )
            )?;
            writeln!(out)?;
        }
    }

    writeln!(out, "## Sources")?;
    writeln!(out)?;
    if let Some(note) = b.sources_note() {
        writeln!(out, "{}", escape(&note))?;
        writeln!(out)?;
    }
    if s.articles.is_empty() {
        writeln!(out, "No articles.")?;
    }
    for a in &s.articles {
        let mut line = format!("- \\[{}\\] {}", a.reference, escape(&source_words(a)));
        if let Some(url) = a.url.as_deref() {
            match web_url(url).filter(|u| autolink_safe(u)) {
                Some(u) => line.push_str(&format!(". <{u}>")),
                None => {
                    line.push_str(". ");
                    line.push_str(&escape(url));
                }
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// True when `u` can stand inside a CommonMark autolink `<u>` as it is: only characters of a
/// URL, none that could end the link or start markup.
fn autolink_safe(u: &str) -> bool {
    u.bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"-._~:/?#@!$&()*+,;=%".contains(&c))
}

/// `  - text, 14 Jan 2025 to 3 Feb 2025: [1] ‘Title’, Outlet, 14 Jan 2025, para. 3; also [2, para. 1]`
fn fact_line(
    out: &mut impl Write,
    s: &Summary,
    text: &str,
    first: &Option<String>,
    last: &Option<String>,
    citations: &[Citation],
) -> io::Result<()> {
    write!(out, "  - {text}")?;
    let dates = date_range_words(first, last);
    if !dates.is_empty() {
        write!(out, ", {}", escape(&dates))?;
    }
    if let Some((c, rest)) = citations.split_first() {
        write!(out, ": {}", escape(&citation_words(s, c)))?;
        let more: Vec<String> = rest
            .iter()
            .take(CITATIONS_SHOWN - 1)
            .map(|c| escape(&citation_short(c)))
            .collect();
        if !more.is_empty() {
            write!(out, "; also {}", more.join(" "))?;
        }
        if rest.len() > CITATIONS_SHOWN - 1 {
            write!(out, " and {} more", rest.len() - (CITATIONS_SHOWN - 1))?;
        }
    }
    writeln!(out)
}

fn quote_list(
    out: &mut impl Write,
    s: &Summary,
    heading: &str,
    quotes: &[&SummaryQuote],
    left: usize,
    with_speaker: bool,
) -> io::Result<()> {
    if quotes.is_empty() {
        return Ok(());
    }
    writeln!(out, "{heading}")?;
    writeln!(out)?;
    for q in quotes {
        writeln!(out, "- {}", quote_line(s, q, with_speaker))?;
    }
    if left > 0 {
        writeln!(out, "- {}", brief::more_words(left, "quote"))?;
    }
    writeln!(out)
}

/// `“text” — Speaker (said, reported), 14 Jan 2025. [1] ‘Title’, Outlet, 14 Jan 2025, para. 2`
fn quote_line(s: &Summary, q: &SummaryQuote, with_speaker: bool) -> String {
    let mut line = String::new();
    escape_into(&mut line, &q.text);
    line.push_str(" — ");
    let how = if with_speaker {
        brief::how_words(q)
    } else {
        brief::how_plain(q)
    };
    match (with_speaker, how) {
        (true, how) => {
            escape_into(&mut line, &brief::speaker_words(q));
            if let Some(how) = how {
                line.push_str(" (");
                escape_into(&mut line, &how);
                line.push(')');
            }
            line.push_str(", ");
        }
        (false, Some(how)) => {
            escape_into(&mut line, &how);
            line.push_str(", ");
        }
        (false, None) => {}
    }
    escape_into(&mut line, &brief::date_words_of(q));
    line.push_str(". ");
    escape_into(&mut line, &citation_words(s, &q.citation));
    line
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
        markdown(&testdata::summary(hostile), &Options::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // Every markup character from the data is escaped (the template itself writes no `<`,
        // `*` or `_`, `[` only escaped, `<` only before a checked web address).
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
