//! Plain text articles, and the small header block (headline, byline, date line) that every
//! format may carry at the top of its text.
//!
//! `text` is always the whole decoded file, so offsets count from the file start:
//! - the sample format ` date 2021-11-08 Even before ...` takes the date from the header and
//!   starts the body right after it (on the same line);
//! - otherwise a first line that looks like a headline becomes the title, and lines such as
//!   `By Jane Doe`, `Published: Nov. 8, 2021` or `Source: Reuters` near the top fill the
//!   metadata; the body starts after them.

use super::date::normalize_date;
use crate::model::Article;

/// Reads a plain text article. `text` is already decoded with `\n` line endings.
pub(crate) fn parse(text: String) -> Article {
    let mut article = Article::default();
    if let Some((date, body)) = date_header(&text) {
        article.date = Some(date);
        article.body_start = body;
        // The headline, when the body opens with one, is metadata only: the body still starts
        // right after the date so nothing in the headline is skipped by extraction.
        let (line, next) = line_at(&text, body);
        // Corpora in this format often end headlines with a period: a short first line on
        // its own (a blank line after it) counts as a headline too.
        let t = line.trim();
        let short_alone = t.split_whitespace().count() <= 14
            && line_at(&text, next).0.trim().is_empty()
            && looks_like_headline(t.strip_suffix('.').unwrap_or(t));
        if (looks_like_headline(line) || short_alone) && followed_by_body(&text, next) {
            article.title = Some(t.trim_end_matches(';').trim_end().to_string());
        }
    } else {
        article.body_start = header_block(&text, 0, &mut article, true);
    }
    article.text = text;
    article
}

/// The sample header: optional whitespace, `date` (or `Date:`), an ISO date, then the body.
/// Returns the date and where the body starts.
fn date_header(text: &str) -> Option<(String, usize)> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let word = rest.get(..4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = rest[4..].strip_prefix(':').unwrap_or(&rest[4..]);
    let spaced = after.trim_start_matches([' ', '\t']);
    if spaced.len() == after.len() {
        return None; // "dated ..." or "date:2021" run together: not this header
    }
    let iso = spaced.get(..10)?;
    let date = normalize_date(iso).filter(|d| d == iso)?;
    let after_date = &spaced[10..];
    if after_date
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
    {
        return None; // "2021-11-08T..." or "2021-11-089": not a plain date
    }
    let body = after_date.trim_start();
    Some((date, text.len() - body.len()))
}

/// Reads the metadata lines at the top of `text` from `from` (blank lines between them allowed)
/// into `article`, and returns where the body starts: the first line that is not metadata.
/// With `detect_title`, a headline-looking first line becomes the title when none is known.
pub(crate) fn header_block(
    text: &str,
    from: usize,
    article: &mut Article,
    detect_title: bool,
) -> usize {
    let mut pos = skip_blank_lines(text, from);
    // Only the first few lines can be a header; the rest of the article is never scanned.
    for _ in 0..8 {
        let (line, next) = line_at(text, pos);
        if line.trim().is_empty() || !followed_by_body(text, next) {
            break;
        }
        if meta_line(line, article) {
            pos = skip_blank_lines(text, next);
        } else if detect_title && article.title.is_none() && looks_like_headline(line) {
            // Some feeds end the headline line with a separator: it is not part of the title.
            article.title = Some(line.trim().trim_end_matches(';').trim_end().to_string());
            pos = skip_blank_lines(text, next);
        } else {
            break;
        }
    }
    pos
}

/// The line starting at `pos` (without its `\n`) and where the next line starts.
fn line_at(text: &str, pos: usize) -> (&str, usize) {
    let rest = text.get(pos..).unwrap_or_default();
    match rest.find('\n') {
        Some(n) => (&rest[..n], pos + n + 1),
        None => (rest, text.len()),
    }
}

fn skip_blank_lines(text: &str, mut pos: usize) -> usize {
    loop {
        let (line, next) = line_at(text, pos);
        if next >= text.len() || !line.trim().is_empty() {
            // Start at the first non-space character of the line.
            return pos + (line.len() - line.trim_start().len());
        }
        pos = next;
    }
}

fn followed_by_body(text: &str, next: usize) -> bool {
    text.get(next..).is_some_and(|r| !r.trim().is_empty())
}

/// A headline: short, a few words, with letters, not ending like a sentence or a clause. A
/// short line on its own that ends in a semicolon is a headline with a separator after it (a
/// clause would go on on the same line).
pub(crate) fn looks_like_headline(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    let t = match t.strip_suffix(';') {
        Some(head) if words <= 20 => head.trim_end(),
        _ => t,
    };
    (3..=250).contains(&t.len())
        && (1..=30).contains(&words)
        && t.chars().any(char::is_alphabetic)
        && !t.ends_with(['.', ',', ';', ':'])
        && !t.ends_with(".\"")
        && !t.ends_with(".\u{201d}")
}

/// Recognises one metadata line and stores what it says. Earlier lines win: a `Published` date
/// is not replaced by a later `Updated` one.
pub(crate) fn meta_line(line: &str, article: &mut Article) -> bool {
    let t = line.trim();
    if t.len() > 160 {
        return false;
    }
    if let Some((label, value)) = t.split_once(':') {
        let label = label.trim().to_ascii_lowercase();
        let value = value.trim();
        let slot = match label.as_str() {
            "title" | "headline" => Some(&mut article.title),
            "author" | "authors" | "by" | "byline" | "written by" | "reporter" => {
                Some(&mut article.author)
            }
            "source" | "publication" | "publisher" | "site" | "outlet" => Some(&mut article.source),
            "url" | "link" | "source url" | "permalink" | "web" => {
                if !value.starts_with("http") {
                    return false;
                }
                Some(&mut article.url)
            }
            "date" | "dated" | "published" | "published on" | "posted" | "posted on"
            | "updated" | "last updated" | "first published" | "publication date" => {
                let Some(d) = normalize_date(value) else {
                    return false;
                };
                article.date.get_or_insert(d);
                return true;
            }
            _ => None,
        };
        if let Some(slot) = slot {
            if !value.is_empty() && slot.is_none() {
                *slot = Some(value.to_string());
            }
            return !value.is_empty();
        }
    }
    if let Some(rest) = strip_prefix_ci(t, "by ") {
        return byline(rest, article);
    }
    date_line(t, article)
}

/// `By Jane Doe`, `By Jane Doe and John Roe, Reuters`, `By Jane Doe | Nov. 8, 2021`.
fn byline(rest: &str, article: &mut Article) -> bool {
    let mut parts = rest.split(['|', '\u{2022}', '\u{b7}']);
    let who = parts.next().unwrap_or_default();
    let (name, agency) = match who.split_once(',') {
        Some((n, a)) => (n.trim(), Some(a.trim())),
        None => (who.trim(), None),
    };
    let words = name.split_whitespace().count();
    if !(1..=8).contains(&words) || !name.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    article.author.get_or_insert_with(|| name.to_string());
    if let Some(a) = agency.filter(|a| normalize_date(a).is_none() && !a.is_empty()) {
        article.source.get_or_insert_with(|| a.to_string());
    }
    for p in parts {
        if let Some(d) = normalize_date(p) {
            article.date.get_or_insert(d);
        }
    }
    true
}

/// A line that is only a date, possibly with a label or a time: `Published Nov. 8, 2021`,
/// `Monday 8 November 2021 10.05 GMT`.
fn date_line(t: &str, article: &mut Article) -> bool {
    const LEAD: &[&str] = &[
        "published",
        "posted",
        "updated",
        "dated",
        "on",
        "date",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ];
    if t.len() > 80 || t.split_whitespace().count() > 10 {
        return false;
    }
    let first = t
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    let starts_ok = first.chars().next().is_some_and(|c| c.is_ascii_digit())
        || LEAD.iter().any(|l| {
            first.len() >= l.len()
                && first
                    .get(..l.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(l))
        });
    if !starts_ok {
        return false;
    }
    match normalize_date(t) {
        Some(d) => {
            article.date.get_or_insert(d);
            true
        }
        None => false,
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn sample_header_keeps_whole_text() {
        let text = " date 2021-11-08 Officials met in Port Selden, where the harbour board, the union and the league spent the day on the quay dispute.\n\nThey talked.".to_string();
        let a = parse(text.clone());
        assert_eq!(a.text, text);
        assert_eq!(a.date.as_deref(), Some("2021-11-08"));
        assert_eq!(
            &text[a.body_start..],
            "Officials met in Port Selden, where the harbour board, the union and the league spent the day on the quay dispute.\n\nThey talked."
        );
        assert_eq!(a.title, None);
    }

    #[test]
    fn sample_header_with_headline() {
        let text =
            "date 1996-12-06 HARBOUR TALKS STALL AGAIN\n\nPORT SELDEN 1996-12-06\n".to_string();
        let a = parse(text.clone());
        assert_eq!(a.title.as_deref(), Some("HARBOUR TALKS STALL AGAIN"));
        assert_eq!(a.body_start, 16);
    }

    #[test]
    fn sample_header_with_headline_ending_in_a_period() {
        let a =
            parse("date 1996-12-06 Bomb damages harbour crane.\n\nPORT SELDEN 1996-12-06\n".into());
        assert_eq!(a.title.as_deref(), Some("Bomb damages harbour crane."));
        // A first paragraph of one sentence is not a headline.
        let a = parse("date 1996-12-06 The crane, which was built in 1960 and repaired twice, was damaged by a bomb on Friday night.\n\nMore.".into());
        assert_eq!(a.title, None);
    }

    #[test]
    fn not_a_sample_header() {
        for t in [
            "dated 2021-11-08 x",
            "date 2021-11-08T10:00 x",
            "date 2021-13-08 x",
            "date: soon",
        ] {
            assert_eq!(parse(t.to_string()).date, None, "{t}");
        }
        assert_eq!(
            parse("Date: 2021-11-08 body".into()).date.as_deref(),
            Some("2021-11-08")
        );
    }

    #[test]
    fn headline_byline_and_date_lines() {
        let text = "Harbour talks resume in Vellmar\n\nBy Jane Roe, Coastal Wire\nPublished: Nov. 8, 2021\n\n\
                    The talks resumed on Monday. \"We are hopeful,\" she said.\n"
            .to_string();
        let a = parse(text.clone());
        assert_eq!(a.title.as_deref(), Some("Harbour talks resume in Vellmar"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.source.as_deref(), Some("Coastal Wire"));
        assert_eq!(a.date.as_deref(), Some("2021-11-08"));
        assert!(text[a.body_start..].starts_with("The talks resumed"));
    }

    #[test]
    fn a_headline_ending_in_a_semicolon_is_still_the_title() {
        let a = parse(
            "Ferry fares rise again;\n\nThe operator said on Monday that fuel cost more.\n".into(),
        );
        assert_eq!(a.title.as_deref(), Some("Ferry fares rise again"));
        let dated = " date 2020-02-03 Ferry fares rise again ;\n\nThe operator said so.\n";
        assert_eq!(
            parse(dated.into()).title.as_deref(),
            Some("Ferry fares rise again")
        );
        // A long line ending in a semicolon is a clause of the body.
        let long = format!(
            "{};\nmore text follows here.\n",
            "word ".repeat(24).trim_end()
        );
        assert_eq!(parse(long).title, None);
    }

    #[test]
    fn first_paragraph_is_not_a_headline() {
        let text = "The talks resumed on Monday after a week.\nThey ended late.".to_string();
        let a = parse(text);
        assert_eq!((a.title, a.body_start), (None, 0));
        // A lone line is the body, not a title with nothing under it.
        let a = parse("Harbour talks resume".to_string());
        assert_eq!((a.title, a.body_start), (None, 0));
    }

    #[test]
    fn labelled_metadata_lines() {
        let mut a = Article::default();
        assert!(meta_line("Source: The Meridian Times", &mut a));
        assert!(meta_line("URL: https://example.org/a", &mut a));
        assert!(meta_line("Updated 9 November 2021", &mut a));
        assert!(meta_line("Published: 8 November 2021", &mut a));
        assert!(!meta_line("URL: not a link", &mut a));
        assert!(!meta_line("Officials said: nothing", &mut a));
        assert!(!meta_line(
            "by the river the talks went on and on for many hours",
            &mut a
        ));
        assert_eq!(a.source.as_deref(), Some("The Meridian Times"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        // The first date seen wins.
        assert_eq!(a.date.as_deref(), Some("2021-11-09"));
    }
}
