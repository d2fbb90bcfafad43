//! PDF documents: the article's text rebuilt from the positions of its characters.
//!
//! The PDF is parsed by `pdf-extract` (pure Rust, on `lopdf`), which reports every character
//! with its position and size; the layout is rebuilt here:
//! - characters on one baseline make a row; a wide horizontal gap splits a row into fragments
//!   (two columns side by side), smaller gaps become spaces;
//! - a page whose fragments leave a vertical gutter free is read column by column, band by band
//!   (a full-width headline or picture caption ends a band);
//! - running headers and footers are dropped: a first or last row of a page that comes back on
//!   other pages (digits ignored), a page number (`3`, `Page 3`, `3/12`, `3 of 12`), a browser's
//!   print header (a time stamp) or footer (a URL);
//! - rows become paragraphs at a larger vertical gap, an indent, or a short line that ends a
//!   sentence; a hyphen at a line end is joined when a lower-case word goes on; ligatures are
//!   expanded and spaces normalised;
//! - the title is the largest text at the top of the first page (else the document info title,
//!   without a site name), and a byline or date line under it gives the author and the date.
//!   The document's creation date is not used: it is the day the file was printed.
//!
//! Encrypted documents (unless they open with an empty password), documents without a text layer
//! (scans) and damaged files are refused with a plain message. The parser runs under
//! `catch_unwind`, stops at [`MAX_CHARS`] characters and after [`MAX_PAGES`] pages, so neither a
//! panic nor a huge document can stop an import.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::text::meta_line;
use crate::model::Article;

/// Characters read at most (about 2,000 pages of dense text).
const MAX_CHARS: usize = 8_000_000;
/// Pages read at most.
const MAX_PAGES: usize = 2_000;

/// Why a PDF gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PdfError {
    Encrypted,
    /// No text layer: a scan or a document of pictures.
    NoText,
    /// The file could not be read; the string says why.
    Broken(String),
}

/// Reads a PDF document.
pub(crate) fn parse(bytes: &[u8]) -> Result<Article, PdfError> {
    let pages = catch_unwind(AssertUnwindSafe(|| read_pages(bytes)))
        .map_err(|_| PdfError::Broken("its structure is damaged".into()))??;
    let (info_title, info_author) = pages.1;
    let pages = pages.0;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(PdfError::NoText);
    }
    let laid: Vec<Vec<Line>> = pages.iter().map(layout_page).collect();
    let laid = drop_running_lines(laid, &pages);
    Ok(build_article(&laid, info_title, info_author))
}

/// One character as drawn.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// Baseline, measured from the top of the page.
    y: f64,
    width: f64,
    size: f64,
    text: String,
}

#[derive(Debug, Default)]
struct Page {
    width: f64,
    height: f64,
    glyphs: Vec<Glyph>,
}

type Info = (Option<String>, Option<String>);

fn read_pages(bytes: &[u8]) -> Result<(Vec<Page>, Info), PdfError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("encrypt") {
            PdfError::Encrypted
        } else {
            PdfError::Broken(plain_reason(&msg))
        }
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let info = info(&doc);
    let mut out = Collector::default();
    match pdf_extract::output_doc(&doc, &mut out) {
        Ok(()) => {}
        // Stopped at a limit: what was read is kept.
        Err(_) if out.stopped => {}
        Err(e) => {
            if out.pages.iter().all(|p| p.glyphs.is_empty()) {
                return Err(PdfError::Broken(plain_reason(&format!("{e:?}"))));
            }
        }
    }
    Ok((out.pages, info))
}

fn plain_reason(msg: &str) -> String {
    let m: String = msg.chars().take(120).collect();
    format!("it is not a readable PDF ({m})")
}

/// The document info's title and author.
fn info(doc: &Document) -> Info {
    let dict = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let field = |key: &[u8]| {
        dict.and_then(|d| d.get(key).ok())
            .and_then(|o| match o {
                Object::String(b, _) => Some(text_string(b)),
                _ => None,
            })
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    (field(b"Title"), field(b"Author"))
}

/// A PDF text string: UTF-16 with a byte order mark, else one byte per character.
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| char::from(c)).collect()
}

/// Receives the characters from `pdf-extract`.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    chars: usize,
    stopped: bool,
}

impl Collector {
    fn limit(&mut self) -> Result<(), OutputError> {
        if self.chars > MAX_CHARS || self.pages.len() > MAX_PAGES {
            self.stopped = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.limit()?;
        self.pages.push(Page {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            glyphs: Vec::new(),
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.chars += 1;
        if self.chars.is_multiple_of(4096) {
            self.limit()?;
        }
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        let sx = font_size * (trm.m11 + trm.m21);
        let sy = font_size * (trm.m12 + trm.m22);
        let size = (sx * sy).abs().sqrt();
        let (x, y) = (trm.m31, page.height - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x,
            y,
            width: width * size,
            size,
            text: ch.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A run of text on one baseline.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Rows, fragments and reading order of one page (see the module docs).
fn layout_page(page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Rows: glyphs whose baselines are within a third of their size.
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row)
                if (row[0].y - g.y).abs() < 0.35 * row[0].size.max(g.size)
                    || (row.last().is_some_and(|l| (l.y - g.y).abs() < 0.2 * g.size)) =>
            {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    let mut frags = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut cur: Option<Line> = None;
        let mut last_end = 0.0;
        for g in row {
            let gap = g.x - last_end;
            match cur.as_mut() {
                Some(l) if gap < 1.2 * g.size.max(l.size) => {
                    if gap > 0.18 * g.size && !l.text.ends_with(' ') {
                        l.text.push(' ');
                    }
                    l.text.push_str(&g.text);
                    l.x1 = g.x + g.width;
                    l.size = l.size.max(g.size);
                }
                _ => {
                    if let Some(done) = cur.take() {
                        frags.push(done);
                    }
                    cur = Some(Line {
                        x0: g.x,
                        x1: g.x + g.width,
                        y: g.y,
                        size: g.size,
                        text: g.text.clone(),
                    });
                }
            }
            last_end = g.x + g.width;
        }
        frags.extend(cur);
    }
    order_columns(frags, page.width)
}

/// Reading order: a page with a free vertical gutter is read column by column within bands
/// separated by full-width lines; otherwise top to bottom, left to right.
fn order_columns(frags: Vec<Line>, width: f64) -> Vec<Line> {
    let n = frags.len();
    let mut best: Option<(usize, f64)> = None;
    if n >= 10 && width > 0.0 {
        let mut g = width * 0.3;
        while g <= width * 0.7 {
            let crossing = frags.iter().filter(|f| f.x0 < g && f.x1 > g).count();
            let better = match best {
                None => true,
                Some((c, bg)) => {
                    crossing < c
                        || crossing == c && (g - width / 2.0).abs() < (bg - width / 2.0).abs()
                }
            };
            if better {
                best = Some((crossing, g));
            }
            g += 2.0;
        }
    }
    let gutter = best.and_then(|(crossing, g)| {
        let left = frags.iter().filter(|f| f.x1 <= g).count();
        let right = frags.iter().filter(|f| f.x0 >= g).count();
        (left >= 5 && right >= 5 && crossing * 5 <= n).then_some(g)
    });
    let Some(g) = gutter else {
        return merge_rows(frags);
    };
    let mut sorted = frags;
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out = Vec::with_capacity(n);
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    for f in sorted {
        if f.x0 < g && f.x1 > g {
            out.append(&mut left);
            out.append(&mut right);
            out.push(f);
        } else if f.x1 <= g {
            left.push(f);
        } else {
            right.push(f);
        }
    }
    out.append(&mut left);
    out.append(&mut right);
    out
}

/// Fragments of one row joined (single-column pages).
fn merge_rows(mut frags: Vec<Line>) -> Vec<Line> {
    frags.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::with_capacity(frags.len());
    for f in frags {
        match out.last_mut() {
            Some(l) if (l.y - f.y).abs() < 0.35 * l.size.max(f.size) => {
                l.text.push(' ');
                l.text.push_str(&f.text);
                l.x1 = l.x1.max(f.x1);
                l.size = l.size.max(f.size);
            }
            _ => out.push(f),
        }
    }
    out
}

/// Text with digits made `#` and spaces collapsed, to recognise running lines.
fn shape(t: &str) -> String {
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A page number alone: `3`, `- 3 -`, `Page 3`, `3/12`, `3 of 12`, `Page 3 of 12`.
fn is_page_number(t: &str) -> bool {
    let s = t
        .trim()
        .trim_matches(|c: char| c == '-' || c == '\u{2013}' || c.is_whitespace());
    let s = s
        .strip_prefix("Page ")
        .or_else(|| s.strip_prefix("page "))
        .or_else(|| s.strip_prefix("p. "))
        .unwrap_or(s);
    let digits_only =
        |p: &str| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
    if digits_only(s) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/').or_else(|| s.split_once(" of ")) {
        return digits_only(a.trim()) && digits_only(b.trim());
    }
    false
}

/// A browser's print header or footer: a time stamp (`12/3/26, 2:28 PM`) or a URL, possibly
/// with a page count.
fn is_print_furniture(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or_default();
    let stamp = first.split('/').count() == 3
        && first
            .trim_end_matches(',')
            .split('/')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let url =
        first.starts_with("http://") || first.starts_with("https://") || first.starts_with("file:");
    let last = t.split_whitespace().last().unwrap_or_default();
    stamp || url && (is_page_number(last) || t.split_whitespace().count() == 1)
}

/// Drops running headers and footers (see the module docs).
fn drop_running_lines(pages: Vec<Vec<Line>>, raw: &[Page]) -> Vec<Vec<Line>> {
    use std::collections::HashMap;
    const EDGE: usize = 3;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut on_page: Vec<String> = Vec::new();
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            if i < EDGE || i + EDGE >= n {
                let s = shape(&l.text);
                if !on_page.contains(&s) {
                    on_page.push(s);
                }
            }
        }
        for s in on_page {
            *seen.entry(s).or_default() += 1;
        }
    }
    let many = pages.len() >= 2;
    pages
        .into_iter()
        .enumerate()
        .map(|(p, lines)| {
            let height = raw.get(p).map_or(0.0, |r| r.height);
            let n = lines.len();
            // Lines sorted by position: the page's top and bottom edges.
            let (top, bottom) = lines
                .iter()
                .fold((f64::MAX, f64::MIN), |(t, b), l| (t.min(l.y), b.max(l.y)));
            lines
                .into_iter()
                .enumerate()
                .filter(|(i, l)| {
                    let at_edge = *i < EDGE || i + EDGE >= n;
                    let in_margin = height > 0.0 && (l.y < height * 0.07 || l.y > height * 0.93)
                        || (l.y - top).abs() < 1.0
                        || (l.y - bottom).abs() < 1.0;
                    if !(at_edge || in_margin) {
                        return true;
                    }
                    let repeated = many && seen.get(&shape(&l.text)).is_some_and(|&c| c >= 2);
                    let furniture =
                        is_page_number(&l.text) || in_margin && is_print_furniture(&l.text);
                    !(repeated && at_edge || furniture)
                })
                .map(|(_, l)| l)
                .collect()
        })
        .collect()
}

/// Expands ligatures and odd spaces.
fn normalise(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '\u{fb00}' => s.push_str("ff"),
            '\u{fb01}' => s.push_str("fi"),
            '\u{fb02}' => s.push_str("fl"),
            '\u{fb03}' => s.push_str("ffi"),
            '\u{fb04}' => s.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => s.push_str("st"),
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                s.push(' ')
            }
            '\u{ad}' | '\u{200b}' | '\u{feff}' => {}
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    s.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paragraphs, title, byline and date from the laid-out lines.
fn build_article(
    pages: &[Vec<Line>],
    info_title: Option<String>,
    info_author: Option<String>,
) -> Article {
    let lines: Vec<Line> = pages
        .iter()
        .flatten()
        .map(|l| Line {
            text: normalise(&l.text),
            ..l.clone()
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    // Body font size: the size most characters are set in.
    let body_size = {
        let mut counts: Vec<(i64, usize)> = Vec::new();
        for l in &lines {
            let k = (l.size * 2.0).round() as i64;
            match counts.iter_mut().find(|(s, _)| *s == k) {
                Some(c) => c.1 += l.text.len(),
                None => counts.push((k, l.text.len())),
            }
        }
        counts
            .iter()
            .max_by_key(|c| c.1)
            .map_or(10.0, |c| c.0 as f64 / 2.0)
    };
    // Title: the first lines set clearly larger than the body, near the top of page one.
    let first_page = pages.first().map_or(0, Vec::len);
    let mut title_lines: Vec<usize> = Vec::new();
    let head_size = lines
        .iter()
        .take(first_page.min(12))
        .map(|l| l.size)
        .fold(0.0, f64::max);
    if head_size > body_size * 1.25 {
        if let Some(start) = lines
            .iter()
            .take(12)
            .position(|l| (l.size - head_size).abs() < 0.5)
        {
            title_lines.push(start);
            let mut i = start + 1;
            while i < lines.len()
                && (lines[i].size - head_size).abs() < 0.5
                && title_lines.len() < 4
            {
                title_lines.push(i);
                i += 1;
            }
        }
    }
    let mut article = Article::default();
    if !title_lines.is_empty() {
        let t: Vec<&str> = title_lines
            .iter()
            .map(|&i| lines[i].text.as_str())
            .collect();
        article.title = Some(t.join(" "));
    } else {
        article.title = info_title.map(|t| without_site(&t));
    }
    // Byline and date lines right under the title.
    let after = title_lines.last().map_or(0, |&i| i + 1);
    let mut meta_lines: Vec<usize> = Vec::new();
    for i in after..(after + 4).min(lines.len()) {
        let t = lines[i]
            .text
            .replace(" \u{2014} ", " | ")
            .replace(" \u{2013} ", " | ");
        if t.len() > 160 {
            break;
        }
        let mut probe = Article {
            date: article.date.clone(),
            author: article.author.clone(),
            ..Article::default()
        };
        if meta_line(&t, &mut probe) {
            article.date = probe.date;
            article.author = probe.author;
            meta_lines.push(i);
        } else if article.author.is_none() && i == after && looks_like_name_line(&t) {
            article.author = Some(t.trim().to_string());
            meta_lines.push(i);
        }
    }
    article.author = article
        .author
        .or(info_author)
        .map(|a| title_case_if_shouting(&a));
    // Paragraphs.
    let mut text = String::new();
    if let Some(t) = &article.title {
        text.push_str(t);
        text.push_str("\n\n");
    }
    let body_start = text.len();
    let mut prev: Option<&Line> = None;
    for (i, l) in lines.iter().enumerate() {
        if title_lines.contains(&i) || meta_lines.contains(&i) {
            continue;
        }
        if let Some(p) = prev {
            let gap = l.y - p.y;
            let new_column = gap < 0.0 || gap > p.size.max(l.size) * 3.0;
            let spaced = gap > p.size.max(l.size) * 1.65;
            let indented = l.x0 > p.x0 + l.size * 0.8 && !new_column;
            let outdented = l.x0 + l.size * 0.8 < p.x0 && !new_column;
            let short_end = p.x1 < p.x0 + (p.x1 - p.x0).max(1.0) && false;
            let size_change = (l.size - p.size).abs() > 0.8;
            let sentence_end = p.text.ends_with(['.', '!', '?', ':', '"', '\u{201d}']);
            let paragraph = (spaced && !new_column)
                || indented
                || outdented
                || size_change
                || short_end
                || (new_column && sentence_end && l.text.starts_with(char::is_uppercase));
            if paragraph {
                text.push_str("\n\n");
            } else if text.ends_with('-')
                && text[..text.len() - 1].ends_with(char::is_alphabetic)
                && l.text.starts_with(char::is_lowercase)
            {
                text.pop();
            } else {
                text.push(' ');
            }
        }
        text.push_str(&l.text);
        prev = Some(l);
    }
    article.text = text;
    article.body_start = body_start.min(article.text.len());
    article
}

/// One to five capitalised words and nothing else: a name line under a headline.
fn looks_like_name_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || *w == "and")
        && !t.ends_with(['.', ':'])
}

/// `JANE ROE` becomes `Jane Roe`; mixed case is kept.
fn title_case_if_shouting(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A document title without a trailing `| Site` or `- Site`.
fn without_site(t: &str) -> String {
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    t.trim().to_string()
}
