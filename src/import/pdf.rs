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

/// Characters read at most (about 500 pages of dense text; each costs about 100 bytes while
/// the pages are laid out, so a huge document stays near 200 MB).
const MAX_CHARS: usize = 2_000_000;
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
    let (info_title, info_author, language) = pages.1;
    let pages = pages.0;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        // Text that could not be decrypted reads as no text at all: say why.
        if bytes.windows(8).any(|w| w == b"/Encrypt") {
            return Err(PdfError::Encrypted);
        }
        return Err(PdfError::NoText);
    }
    let laid: Vec<Vec<Line>> = pages.iter().map(layout_page).collect();
    let laid = drop_running_lines(laid, &pages);
    let mut article = build_article(&laid, info_title, info_author);
    article.language = language;
    Ok(article)
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

/// The document info's title and author, and the catalog's `/Lang`.
type Info = (Option<String>, Option<String>, Option<String>);

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
    expand_width_ranges(&mut doc);
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

/// Width entries of a CID font read at most when ranges are written out.
const MAX_WIDTH_ENTRIES: i64 = 65_536;

/// Rewrites the range entries (`first last width`) of every CID font's `/W` array as lists
/// (`first [width ...]`). `pdf-extract` reads only the list form and gives the glyphs of a range
/// the default width (often 0), which moves every later glyph of the run and splits words
/// ("Ne on"). A malformed array is left as it is.
fn expand_width_ranges(doc: &mut Document) {
    for obj in doc.objects.values_mut() {
        let Object::Dictionary(dict) = obj else {
            continue;
        };
        let is_cid = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0");
        if !is_cid {
            continue;
        }
        let Ok(Object::Array(w)) = dict.get(b"W") else {
            continue;
        };
        if let Some(fixed) = expanded_widths(w) {
            dict.set("W", Object::Array(fixed));
        }
    }
}

/// The list form of a `/W` array, or `None` when it has no ranges or does not parse.
fn expanded_widths(w: &[Object]) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    let mut entries = 0i64;
    let mut changed = false;
    while i < w.len() {
        let first = w[i].as_i64().ok()?;
        match w.get(i + 1)? {
            Object::Array(list) => {
                entries += list.len() as i64;
                out.push(Object::Integer(first));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let width = w.get(i + 2)?.as_float().ok()?;
                let n = last.checked_sub(first)?.checked_add(1)?;
                entries += n;
                if n < 1 || entries > MAX_WIDTH_ENTRIES {
                    return None;
                }
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![Object::Real(width); n as usize]));
                changed = true;
                i += 3;
            }
        }
        if entries > MAX_WIDTH_ENTRIES {
            return None;
        }
    }
    changed.then_some(out)
}

fn plain_reason(msg: &str) -> String {
    let m: String = msg.chars().take(120).collect();
    format!("it is not a readable PDF ({m})")
}

/// The document info's title and author, and the language the catalog declares.
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
    let language = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Lang").ok())
        .and_then(|o| match o {
            Object::String(b, _) => super::lang::normalize_language(&text_string(b)),
            _ => None,
        });
    (field(b"Title"), field(b"Author"), language)
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
    // Documents that draw their spaces need no guessing from gaps (their glyph widths are
    // not always exact); others get a space wherever the pen jumps.
    let spaces = page.glyphs.iter().filter(|g| g.text == " ").count();
    let explicit = spaces * 20 > page.glyphs.len();
    let gap_space = if explicit { 0.6 } else { 0.18 };
    let mut glyphs: Vec<(usize, &Glyph)> = page
        .glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.text.is_empty())
        .collect();
    glyphs.sort_by(|a, b| {
        a.1.y
            .total_cmp(&b.1.y)
            .then(a.1.x.total_cmp(&b.1.x))
            .then(a.0.cmp(&b.0))
    });
    // Rows: glyphs whose baselines are within a third of their size.
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for (_, g) in glyphs {
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
        let mut pending_space = false;
        for g in row {
            if g.text.trim().is_empty() {
                pending_space = true;
                last_end = f64::max(last_end, g.x + g.width);
                continue;
            }
            let gap = g.x - last_end;
            match cur.as_mut() {
                Some(l) if gap < 1.2 * g.size.max(l.size) => {
                    if (pending_space || gap > gap_space * g.size) && !l.text.ends_with(' ') {
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
            pending_space = false;
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
    // Counted per edge: a line at the top of one page and the bottom of another (a byline
    // under the headline and again in an author note at the end) is not a running line.
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    for lines in &pages {
        let mut on_page: Vec<(bool, String)> = Vec::new();
        let n = lines.len();
        for (i, l) in lines.iter().enumerate() {
            for (top, at) in [(true, i < EDGE), (false, i + EDGE >= n)] {
                let key = (top, shape(&l.text));
                if at && !on_page.contains(&key) {
                    on_page.push(key);
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
                    let (at_top, at_bottom) = (*i < EDGE, i + EDGE >= n);
                    let at_edge = at_top || at_bottom;
                    let in_margin = height > 0.0 && (l.y < height * 0.07 || l.y > height * 0.93)
                        || (l.y - top).abs() < 1.0
                        || (l.y - bottom).abs() < 1.0;
                    if !(at_edge || in_margin) {
                        return true;
                    }
                    let count = |top: bool| {
                        seen.get(&(top, shape(&l.text)))
                            .copied()
                            .unwrap_or_default()
                    };
                    let repeated =
                        many && (at_top && count(true) >= 2 || at_bottom && count(false) >= 2);
                    let furniture =
                        is_page_number(&l.text) || in_margin && is_print_furniture(&l.text);
                    !(repeated || furniture)
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
    if head_size > body_size * 1.25
        && let Some(start) = lines
            .iter()
            .take(12)
            .position(|l| (l.size - head_size).abs() < 0.5)
    {
        title_lines.push(start);
        let mut i = start + 1;
        while i < lines.len() && (lines[i].size - head_size).abs() < 0.5 && title_lines.len() < 4 {
            title_lines.push(i);
            i += 1;
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
    for (i, line) in lines.iter().enumerate().skip(after).take(4) {
        let t = line
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
        if meta_line(&t, &mut probe) || name_and_date_line(&t, &mut probe) {
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
            let size_change = (l.size - p.size).abs() > 0.8;
            let sentence_end = p.text.ends_with(['.', '!', '?', ':', '"', '\u{201d}']);
            let paragraph = (spaced && !new_column)
                || indented
                || outdented
                || size_change
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

/// A byline whose parts are set apart by a separator, such as `Jane Roe · Published 4 May 2020`
/// or `Jane Roe | 4 May 2020`: every part must be a name, a date (with or without a label) or a
/// `By` byline, and one of them a date.
fn name_and_date_line(t: &str, article: &mut Article) -> bool {
    let parts: Vec<&str> = t
        .split(['|', '\u{b7}', '\u{2022}'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return false;
    }
    let mut probe = Article::default();
    let mut name = None;
    for p in &parts {
        if meta_line(p, &mut probe) {
            continue;
        }
        if name.is_none() && looks_like_name_line(p) {
            name = Some(p.to_string());
            continue;
        }
        return false;
    }
    if probe.date.is_none() {
        return false;
    }
    if article.date.is_none() {
        article.date = probe.date;
    }
    if article.author.is_none() {
        article.author = probe.author.or(name);
    }
    true
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
        if let Some((head, tail)) = t.rsplit_once(sep)
            && tail.split_whitespace().count() <= 4
            && head.split_whitespace().count() >= 2
        {
            return head.trim().to_string();
        }
    }
    t.trim().to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
pub(crate) mod tests {
    use super::*;

    /// A small PDF with one Helvetica font and one content stream per page; xref offsets are
    /// computed, so the file is valid unless a test breaks it on purpose.
    pub(crate) fn make_pdf(pages: &[String], trailer_extra: &str) -> Vec<u8> {
        let mut objs: Vec<String> = Vec::new();
        let n = pages.len();
        // 1: catalog, 2: pages, 3: font, then (page, content) pairs.
        objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
        objs.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        ));
        objs.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
        for (i, content) in pages.iter().enumerate() {
            objs.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            ));
            objs.push(format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len() + 1
            ));
        }
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
        for off in offsets {
            out.extend(format!("{off:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
                objs.len() + 1
            )
            .bytes(),
        );
        out
    }

    /// A content stream drawing `lines` as (x, y from the top, size, text).
    pub(crate) fn content(lines: &[(f64, f64, f64, &str)]) -> String {
        let mut s = String::new();
        for (x, y, size, t) in lines {
            let t = t
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            s.push_str(&format!(
                "BT /F1 {size} Tf 1 0 0 1 {x} {} Tm ({t}) Tj ET\n",
                800.0 - y
            ));
        }
        s
    }

    fn page(n: usize, body: &[&str]) -> String {
        let mut lines = vec![
            (40.0, 20.0, 8.0, "The Harbour Post - weekly edition"),
            (280.0, 780.0, 8.0, if n == 1 { "Page 1" } else { "Page 2" }),
        ];
        let mut y = 120.0;
        if n == 1 {
            lines.push((40.0, 70.0, 20.0, "Quay reopens after storm"));
            lines.push((40.0, 95.0, 10.0, "By Jane Roe | May 20, 2023"));
        }
        for &t in body {
            lines.push((40.0, y, 10.0, t));
            y += 13.0;
        }
        content(&lines)
    }

    #[test]
    fn pages_are_read_without_running_lines() {
        let pdf = make_pdf(
            &[
                page(
                    1,
                    &[
                        "The harbour board met on Monday and agreed to re-",
                        "open the northern quay to cargo ships.",
                    ],
                ),
                page(2, &["Work on the breakwater will go on until the autumn."]),
            ],
            "",
        );
        let a = parse(&pdf).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay reopens after storm"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        let body = &a.text[a.body_start..];
        assert!(
            body.starts_with(
                "The harbour board met on Monday and agreed to reopen the northern quay"
            ),
            "{body}"
        );
        assert!(body.contains("until the autumn."), "{body}");
        assert!(
            !a.text.contains("weekly edition") && !a.text.contains("Page"),
            "{}",
            a.text
        );
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut lines = vec![(40.0, 60.0, 20.0, "Two columns of news")];
        let left = [
            "Left one starts here",
            "left two goes on",
            "left three ends it.",
            "left four",
            "left five.",
        ];
        let right = [
            "Right one starts here",
            "right two goes on",
            "right three ends it.",
            "right four",
            "right five.",
        ];
        for (i, (l, r)) in left.iter().zip(right.iter()).enumerate() {
            let y = 100.0 + 13.0 * i as f64;
            lines.push((40.0, y, 10.0, *l));
            lines.push((320.0, y, 10.0, *r));
        }
        let a = parse(&make_pdf(&[content(&lines)], "")).unwrap();
        let body = &a.text[a.body_start..];
        let (l5, r1) = (
            body.find("left five").unwrap(),
            body.find("Right one").unwrap(),
        );
        assert!(l5 < r1, "{body}");
        assert!(body.find("left two").unwrap() < body.find("left three").unwrap());
    }

    #[test]
    fn width_ranges_of_cid_fonts_are_written_out() {
        let num = |n: i64| Object::Integer(n);
        let w = vec![
            num(1),
            Object::Array(vec![Object::Real(500.0)]),
            num(3),
            num(5),
            Object::Real(610.5),
            num(9),
            num(9),
            num(250),
        ];
        let fixed = expanded_widths(&w).unwrap();
        assert_eq!(fixed.len(), 6);
        let widths = |o: &Object| match o {
            Object::Array(a) => a.iter().map(|x| x.as_float().unwrap()).collect::<Vec<_>>(),
            _ => panic!("not a list: {o:?}"),
        };
        assert_eq!(fixed[2].as_i64().unwrap(), 3);
        assert_eq!(widths(&fixed[3]), vec![610.5; 3]);
        assert_eq!(fixed[4].as_i64().unwrap(), 9);
        assert_eq!(widths(&fixed[5]), vec![250.0]);
        // Only lists already: nothing to change. Malformed or huge: left alone.
        assert!(expanded_widths(&w[..2]).is_none());
        assert!(expanded_widths(&[num(5), num(3), num(100)]).is_none());
        assert!(expanded_widths(&[num(0), num(10_000_000), num(100)]).is_none());
        assert!(expanded_widths(&[num(0), num(4)]).is_none());
    }

    #[test]
    fn name_and_date_set_apart_by_a_dot() {
        let mut a = Article::default();
        assert!(name_and_date_line(
            "Mira Okonkwo \u{b7} Published 14 March 2019",
            &mut a
        ));
        assert_eq!(a.author.as_deref(), Some("Mira Okonkwo"));
        assert_eq!(a.date.as_deref(), Some("2019-03-14"));
        let mut b = Article::default();
        assert!(name_and_date_line("Tomas Reyes | 2 June 2021", &mut b));
        assert_eq!(b.author.as_deref(), Some("Tomas Reyes"));
        // Without a date, or with a part that is neither, it is not a byline.
        assert!(!name_and_date_line(
            "Mira Okonkwo \u{b7} Science",
            &mut Article::default()
        ));
        assert!(!name_and_date_line(
            "Mira Okonkwo | the ferry was late again | 2 June 2021",
            &mut Article::default()
        ));
    }

    #[test]
    fn a_byline_repeated_at_the_end_of_the_last_page_is_kept() {
        let first = content(&[
            (40.0, 60.0, 20.0, "Lighthouse keepers return"),
            (40.0, 85.0, 10.0, "Idris Marlow"),
            (
                40.0,
                110.0,
                10.0,
                "The keepers came back to the island on a grey morning.",
            ),
            (40.0, 123.0, 10.0, "They brought lamps, oil and a cat."),
            (40.0, 136.0, 10.0, "Nobody had lived there for years."),
            (40.0, 149.0, 10.0, "The gulls did not approve of the cat."),
        ]);
        let last = content(&[
            (40.0, 60.0, 10.0, "By winter the light was burning again."),
            (40.0, 73.0, 10.0, "Ships passed the point without trouble."),
            (40.0, 86.0, 10.0, "The cat stayed too."),
            (40.0, 112.0, 10.0, "About the author"),
            (40.0, 125.0, 10.0, "Idris Marlow"),
        ]);
        let a = parse(&make_pdf(&[first, last], "")).unwrap();
        assert_eq!(a.author.as_deref(), Some("Idris Marlow"));
        assert!(a.text.ends_with("Idris Marlow"), "{}", a.text);
    }

    #[test]
    fn scans_encrypted_and_broken_files_are_refused() {
        // A page that draws nothing but a rectangle: no text layer.
        let scan = make_pdf(&["0 0 100 100 re f".into()], "");
        assert_eq!(parse(&scan), Err(PdfError::NoText));
        let locked = make_pdf(
            &[content(&[(40.0, 60.0, 10.0, "secret")])],
            "/Encrypt << /Filter /Standard /V 9 /R 9 /O (x) /U (y) /P -1 >> ",
        );
        let got = parse(&locked);
        assert!(
            matches!(got, Err(PdfError::Encrypted | PdfError::Broken(_))),
            "{got:?}"
        );
        assert!(matches!(
            parse(b"%PDF-1.4\n1 0 obj << /Type"),
            Err(PdfError::Broken(_))
        ));
    }

    #[test]
    fn the_catalog_language_is_kept() {
        let page = content(&[(40.0, 60.0, 10.0, "The quay reopened on Monday morning.")]);
        let plain = make_pdf(std::slice::from_ref(&page), "");
        assert_eq!(parse(&plain).unwrap().language, None);
        // The catalog rewritten in place, padded to its length, so the offsets still hold.
        let old = "<< /Type /Catalog /Pages 2 0 R >>";
        let mut new = "<</Pages 2 0 R/Lang(de-at)>>".to_string();
        assert!(new.len() <= old.len());
        while new.len() < old.len() {
            new.insert(2, ' ');
        }
        let text = String::from_utf8(plain).unwrap().replacen(old, &new, 1);
        assert_eq!(
            parse(text.as_bytes()).unwrap().language.as_deref(),
            Some("de-AT")
        );
    }

    #[test]
    fn malformed_objects_and_xref_loops_end_quickly() {
        let good = make_pdf(
            &[content(&[(40.0, 60.0, 10.0, "Some text on a page.")])],
            "",
        );
        // The trailer's /Prev points back at the same cross-reference table.
        let text = String::from_utf8_lossy(&good).into_owned();
        let xref = text.rfind("startxref\n").unwrap();
        let at: usize = text[xref + 10..]
            .lines()
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let looped = make_pdf(
            &[content(&[(40.0, 60.0, 10.0, "Some text on a page.")])],
            &format!("/Prev {at} "),
        );
        let _ = parse(&looped);
        // Objects cut short, a stream longer than the file, garbage operators.
        let mut broken = good.clone();
        let cut = broken.len() / 2;
        broken.truncate(cut);
        let _ = parse(&broken);
        let bad_ops = make_pdf(
            &["BT /F9 12 Tf ) Tj [[[ ET 1 0 0 0 0 0 cm Q Q Q".into()],
            "",
        );
        let _ = parse(&bad_ops);
        let long = make_pdf(&["<< /Length 999999 >>".into()], "/Root 99 0 R ");
        let _ = parse(&long);
    }
}
