//! Markdown articles, with optional front matter.
//!
//! `text` is the body as a reader sees it, so extraction does not trip over markup:
//! - front matter (`---` YAML-ish or `+++` TOML-ish `key: value` / `key = "value"` lines) is
//!   removed and gives title, date, source, author and url;
//! - headings lose their `#` marks (setext underlines are dropped), list markers, block-quote
//!   marks, thematic breaks, fence lines and link reference definitions are removed;
//! - inline: `[text](url)` and `[text][ref]` become `text`, images and footnote marks go,
//!   `<https://...>` becomes the address, emphasis, strike-through and code marks are dropped,
//!   backslash escapes are resolved;
//! - paragraphs stay separated by one blank line.
//!
//! The title is the front matter's, else the first level-1 heading. When the text opens with
//! the title, the body starts after it (and after any byline or date lines).

use super::date::normalize_date;
use super::text::header_block;
use crate::model::Article;

/// Reads a Markdown article from decoded text.
pub(crate) fn parse(src: &str) -> Article {
    let mut article = Article::default();
    let body = front_matter(src, &mut article).unwrap_or(src);
    let mut first_h1 = None;
    let text = render(body, &mut first_h1);
    if article.title.is_none() {
        article.title.clone_from(&first_h1);
    }
    let mut start = 0;
    if let Some(title) = &article.title {
        let first_line = text.lines().next().unwrap_or_default();
        if first_line.trim().eq_ignore_ascii_case(title.trim()) {
            start = first_line.len();
        }
    }
    article.body_start = header_block(&text, start, &mut article, false);
    article.text = text;
    article
}

/// Parses front matter into `article` and returns the rest of the file, or `None` when the
/// file does not open with a complete front matter block.
fn front_matter<'a>(src: &'a str, article: &mut Article) -> Option<&'a str> {
    let fence = ["---", "+++"]
        .into_iter()
        .find(|f| src.lines().next().is_some_and(|l| l.trim_end() == *f))?;
    let inner_start = src.find('\n')? + 1;
    let mut pos = inner_start;
    let mut end = None;
    for line in src[inner_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            end = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let (inner_end, rest) = end?;
    let mut list_key: Option<String> = None;
    for line in src[inner_start..inner_end].lines() {
        // A YAML list under a key (`author:` then `  - Jane Roe`).
        if let (Some(key), Some(item)) = (&list_key, line.trim_start().strip_prefix("- ")) {
            set_field(article, key, item);
            continue;
        }
        let sep = if fence == "+++" { '=' } else { ':' };
        let Some((key, value)) = line.split_once(sep) else {
            list_key = None;
            continue;
        };
        if line.starts_with([' ', '\t']) {
            continue; // nested mapping: not one of our keys
        }
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        if value.is_empty() {
            list_key = Some(key);
            continue;
        }
        list_key = None;
        if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            for item in items.split(',') {
                set_field(article, &key, item);
            }
        } else {
            set_field(article, &key, value);
        }
    }
    Some(&src[rest..])
}

/// Stores one front matter value. Several authors are joined with commas.
fn set_field(article: &mut Article, key: &str, value: &str) {
    let v = value.trim().trim_matches(['"', '\'']).trim();
    if v.is_empty() {
        return;
    }
    match key {
        "title" | "headline" => {
            article.title.get_or_insert_with(|| v.to_string());
        }
        "date" | "published" | "pubdate" | "publishdate" | "published_at" | "date_published" => {
            if let Some(d) = normalize_date(v) {
                article.date.get_or_insert(d);
            }
        }
        "source" | "publisher" | "site" | "site_name" | "publication" => {
            article.source.get_or_insert_with(|| v.to_string());
        }
        "author" | "authors" | "byline" | "by" => match &mut article.author {
            Some(a) => {
                a.push_str(", ");
                a.push_str(v);
            }
            None => article.author = Some(v.to_string()),
        },
        "url" | "link" | "canonical" | "canonical_url" | "permalink" | "source_url" => {
            article.url.get_or_insert_with(|| v.to_string());
        }
        "lang" | "language" | "locale" if article.language.is_none() => {
            article.language = super::lang::normalize_language(v);
        }
        _ => {}
    }
}

/// Renders the body to plain text (see the module docs). `first_h1` receives the first
/// level-1 heading.
fn render(body: &str, first_h1: &mut Option<String>) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        i += 1;
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
                out.push('\n');
            } else {
                push_line(&mut out, line.trim_end());
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            out.push('\n');
            continue;
        }
        if t.is_empty() || is_break(t) || is_reference_definition(t) {
            out.push('\n');
            continue;
        }
        // Setext heading: a text line underlined with === or ---.
        let underline = lines.get(i).map(|l| l.trim()).unwrap_or_default();
        let setext = !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'))
            && is_list_item(t).is_none();
        let (content, h1) = if let Some((level, h)) = atx_heading(t) {
            (h, level == 1)
        } else if setext {
            i += 1;
            (t, underline.starts_with('='))
        } else {
            (strip_block_marks(t), false)
        };
        let rendered = inline(content);
        if h1 && first_h1.is_none() && !rendered.trim().is_empty() {
            *first_h1 = Some(rendered.trim().to_string());
        }
        if atx_heading(t).is_some() || setext {
            // Headings are paragraphs of their own.
            out.push('\n');
            push_line(&mut out, rendered.trim());
            out.push('\n');
        } else {
            push_line(&mut out, rendered.trim());
        }
    }
    collapse_blank_lines(&out)
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// At most one blank line between paragraphs, none at the start or end.
fn collapse_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

fn is_break(t: &str) -> bool {
    let compact: Vec<u8> = t.bytes().filter(|b| *b != b' ').collect();
    compact.len() >= 3
        && [b'-', b'*', b'_']
            .iter()
            .any(|c| compact.iter().all(|b| b == c))
}

fn is_reference_definition(t: &str) -> bool {
    t.starts_with('[') && t.find("]:").is_some_and(|i| !t[1..i].contains(']'))
}

/// `# Title ##` -> (1, "Title").
fn atx_heading(t: &str) -> Option<(usize, &str)> {
    let level = t.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None; // "#hashtag"
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// Length of a list marker (`- `, `* `, `+ `, `12. `, `3) `) at the start of `t`.
fn is_list_item(t: &str) -> Option<usize> {
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return Some(2);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

/// Removes block-quote marks and a list marker.
fn strip_block_marks(mut t: &str) -> &str {
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    if let Some(n) = is_list_item(t) {
        t = t[n..].trim_start();
        // Task lists: "- [ ] item".
        for box_ in ["[ ] ", "[x] ", "[X] "] {
            if let Some(rest) = t.strip_prefix(box_) {
                t = rest;
            }
        }
    }
    t
}

/// The next index at or after `from` where `chars` holds `target`, remembered between calls so
/// that all searches for one character in one line cost one pass in total (searches only move
/// forward: a later search never starts before an earlier one).
struct NextOf {
    target: char,
    /// The last answer and where its search started; `None` as the answer: none after that.
    last: Option<(usize, Option<usize>)>,
}

impl NextOf {
    fn new(target: char) -> NextOf {
        NextOf { target, last: None }
    }

    fn find(&mut self, chars: &[char], from: usize) -> Option<usize> {
        if let Some((start, found)) = self.last
            && start <= from
        {
            match found {
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let found = chars
            .get(from..)
            .and_then(|rest| rest.iter().position(|&c| c == self.target))
            .map(|p| p + from);
        #[cfg(test)]
        tests::EXAMINED
            .with(|n| n.set(n.get() + found.unwrap_or(chars.len()).saturating_sub(from)));
        self.last = Some((from, found));
        found
    }
}

/// Openers of link labels kept at most; older ones are forgotten (their `[` stays text).
const MAX_OPEN_BRACKETS: usize = 256;
/// An autolink longer than this is not one.
const MAX_AUTOLINK: usize = 2048;

/// Strips inline markup from one line, in one pass (linear in the line's length whatever its
/// content: brackets are matched with a bounded stack, forward searches are remembered).
fn inline(s: &str) -> String {
    // NUL marks removed brackets below; the input's own NULs are junk (CommonMark replaces them).
    let chars: Vec<char> = s
        .chars()
        .map(|c| if c == '\0' { '\u{FFFD}' } else { c })
        .collect();
    let mut out = String::with_capacity(s.len());
    // Open `[` (or `![`): its index in `chars`, its byte position in `out`, image or not.
    let mut open: std::collections::VecDeque<(usize, usize, bool)> = Default::default();
    let (mut next_gt, mut next_lt, mut next_paren, mut next_bracket) = (
        NextOf::new('>'),
        NextOf::new('<'),
        NextOf::new(')'),
        NextOf::new(']'),
    );
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '[' | '!' if c == '[' || chars.get(i + 1) == Some(&'[') => {
                if open.len() == MAX_OPEN_BRACKETS {
                    open.pop_front();
                }
                let image = c == '!';
                open.push_back((i, out.len(), image));
                out.push_str(if image { "![" } else { "[" });
                i += if image { 2 } else { 1 };
            }
            ']' => {
                let Some((at, pos, image)) = open.pop_back() else {
                    out.push(c);
                    i += 1;
                    continue;
                };
                let label_start = at + if image { 2 } else { 1 };
                let footnote = chars.get(label_start) == Some(&'^');
                // What follows decides: `(dest)`, `[ref]`, or nothing for a footnote.
                let end = match chars.get(i + 1) {
                    Some('(') => next_paren.find(&chars, i + 2).map(|e| e + 1),
                    Some('[') => next_bracket.find(&chars, i + 2).map(|e| e + 1),
                    _ if footnote => Some(i + 1),
                    _ => None,
                };
                let Some(end) = end else {
                    out.push(c);
                    i += 1;
                    continue;
                };
                if image || footnote {
                    // Images and footnote marks are not article text.
                    out.truncate(pos);
                } else {
                    // Keep the label, drop the opening bracket (marked, removed at the end).
                    out.replace_range(pos..pos + 1, "\0");
                    // Links do not contain links: earlier openers become text.
                    open.clear();
                }
                i = end;
            }
            '<' => {
                // An autolink holds no `<`: its end comes before the next one, so the stretches
                // examined for successive `<` never overlap.
                let limit = next_lt.find(&chars, i + 1).unwrap_or(chars.len());
                let close = next_gt
                    .find(&chars, i + 1)
                    .filter(|&e| e < limit && e - i <= MAX_AUTOLINK);
                let autolink = close.and_then(|e| {
                    let inner: String = chars[i + 1..e].iter().collect();
                    ((inner.starts_with("http") || inner.starts_with("mailto:"))
                        && !inner.contains(' '))
                    .then_some((inner, e))
                });
                match autolink {
                    Some((inner, e)) => {
                        out.push_str(inner.strip_prefix("mailto:").unwrap_or(&inner));
                        i = e + 1;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '`' => i += 1,
            '~' if chars.get(i + 1) == Some(&'~') => i += 2,
            '*' | '_' => {
                let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
                let next = chars.get(i + 1).copied();
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                // Keep snake_case and a lone "*" between spaces; drop emphasis marks.
                let keep = (c == '_' && alnum(prev) && alnum(next)) || (space(prev) && space(next));
                if keep {
                    out.push(c);
                }
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    if out.contains('\0') {
        out.retain(|c| c != '\0');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn front_matter_language() {
        let a = parse("---\ntitle: Quay\nlanguage: DE-at\n---\nThe quay reopened.\n");
        assert_eq!(a.language.as_deref(), Some("de-AT"));
    }

    thread_local! {
        /// Characters examined by forward searches ([`NextOf`]), to check that work is linear.
        pub(super) static EXAMINED: Cell<usize> = const { Cell::new(0) };
    }

    #[test]
    fn front_matter_and_heading() {
        let src = "---\ntitle: \"Port deal signed\"\ndate: March 20, 2024\nsource: The Harbour Post\n\
                   authors:\n  - Jane Roe\n  - Sam Poe\nurl: https://example.org/deal\nextra:\n  nested: 1\n---\n\n\
                   # Port deal signed\n\nThe *port* deal was **signed** on [Monday](https://x.org).\n";
        let a = parse(src);
        assert_eq!(a.title.as_deref(), Some("Port deal signed"));
        assert_eq!(a.date.as_deref(), Some("2024-03-20"));
        assert_eq!(a.source.as_deref(), Some("The Harbour Post"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe, Sam Poe"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/deal"));
        assert_eq!(
            a.text,
            "Port deal signed\n\nThe port deal was signed on Monday."
        );
        assert_eq!(
            &a.text[a.body_start..],
            "The port deal was signed on Monday."
        );
    }

    #[test]
    fn toml_front_matter_and_inline_lists() {
        let src = "+++\ntitle = \"Talks\"\nauthor = [\"A B\", \"C D\"]\n+++\nBody text here.";
        let a = parse(src);
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(a.author.as_deref(), Some("A B, C D"));
        assert_eq!(a.text, "Body text here.");
    }

    #[test]
    fn unclosed_front_matter_is_text() {
        let a = parse("---\nplace: Vellmar\nno end");
        assert_eq!(a.title, None);
        assert_eq!(a.text, "place: Vellmar\nno end");
    }

    #[test]
    fn markup_is_stripped() {
        let src = "Setext title\n============\n\n> A quoted *line* with `code`\n\n\
                   - first item\n2. second ~~old~~ item\n\n***\n\n![a photo](p.png) See <https://e.org> \
                   and [the report][r] or snake_case_name, 3 * 4 \\*kept\\*[^1].\n\n[r]: https://e.org/r\n\n\
                   ```\nlet x = *y*;\n```\n";
        let a = parse(src);
        assert_eq!(a.title.as_deref(), Some("Setext title"));
        assert_eq!(
            a.text,
            "Setext title\n\nA quoted line with code\n\nfirst item\nsecond old item\n\n\
             See https://e.org and the report or snake_case_name, 3 * 4 *kept*.\n\nlet x = *y*;"
        );
    }

    #[test]
    fn byline_after_title_moves_body_start() {
        let a = parse("# Strike ends\n\nBy Jane Roe\n\nWorkers returned on Friday.");
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(&a.text[a.body_start..], "Workers returned on Friday.");
    }

    #[test]
    fn hashtags_are_not_headings() {
        let a = parse("#harbour is trending.\n");
        assert_eq!((a.title, a.text.as_str()), (None, "#harbour is trending."));
    }

    #[test]
    fn links_inside_links_and_nested_brackets() {
        assert_eq!(
            inline("see [the [draft] plan](u) and ![pic [x]](p) or [a][b] [^2] [plain]"),
            "see the [draft] plan and  or a  [plain]"
        );
        assert_eq!(inline("[[nested](u)](v)"), "[nested](v)");
        assert_eq!(inline("x \0 y"), "x \u{FFFD} y");
    }

    /// Inputs that once took time growing with the square of their length (each `<` or `[`
    /// scanned to the end of the line). Counted in characters examined, not in seconds.
    #[test]
    fn hostile_lines_are_handled_in_one_pass() {
        let mut units = vec![
            "<![CDATA[",
            "<!--",
            "[",
            "]",
            "[a](",
            "<http",
            "![",
            "[^",
            "<a>",
        ];
        units.push("[x](");
        for unit in units {
            for tail in ["", ">", ")", "]"] {
                let line = format!("{}{tail}", unit.repeat(40_000));
                let len = line.chars().count();
                EXAMINED.with(|n| n.set(0));
                let out = inline(&line);
                let examined = EXAMINED.with(Cell::get);
                assert!(out.len() <= line.len() + 8, "{unit}");
                // Each forward search covers new ground: a few passes over the line at most.
                assert!(
                    examined <= 4 * len + 16,
                    "{unit}{tail}: {examined} for {len}"
                );
            }
        }
        let nested = format!("{}x{}", "[".repeat(50_000), "](u)".repeat(50_000));
        assert!(inline(&nested).contains('x'));
    }
}
