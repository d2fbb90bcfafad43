//! HTML pages saved from a browser: the article's readable text and its metadata.
//!
//! Parsing is html5ever's (through `scraper`), so broken markup is repaired the way browsers do
//! and entities are decoded; nothing is executed or fetched.
//!
//! **Text.** The page is cut into blocks (paragraphs, headings, list items, ...) in one walk that
//! skips what is never article text: scripts, styles, forms, navigation, footers, asides, hidden
//! elements, and elements whose class or id names boilerplate (cookie banners, share bars,
//! newsletters, related links, comments, ads). The content is then the `itemprop=articleBody`
//! element, else the `<article>` with the most text, else the container that a readability-style
//! score (paragraph text length and commas, less link text) ranks highest, together with its
//! siblings that score nearly as well. Link-heavy blocks and lone boilerplate phrases are dropped.
//! Blocks are joined with blank lines; `<br>` is a line break; other whitespace is collapsed.
//!
//! **Metadata.** Title, date, author, site and URL come from `<meta>` (Open Graph, article:*,
//! Dublin Core, parsely, ...), JSON-LD (`NewsArticle` and kin), `<time datetime>`, `<h1>` and
//! `<title>`, and lastly byline or date lines at the top of the text.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::date::normalize_date;
use super::json::{names_of, string_of};
use super::text::{header_block, meta_line};
use crate::model::Article;

/// Why an HTML document gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HtmlError {
    /// Nothing readable was left once page furniture was removed.
    NoText,
    /// Nested so deeply that building the tree would take minutes (see [`nesting_cost`]).
    TooDeep { depth: usize },
}

/// Above this [`nesting_cost`] a page is refused: about a second of tree building. Real pages
/// stay far below (50,000 tags at an average depth of 30 cost 1.5 million).
const MAX_NESTING_COST: u64 = 40_000_000;

/// Reads an HTML document.
pub(crate) fn parse(src: &str) -> Result<Article, HtmlError> {
    let (cost, depth) = nesting_cost(src.as_bytes());
    if cost > MAX_NESTING_COST {
        return Err(HtmlError::TooDeep { depth });
    }
    let doc = Html::parse_document(src);
    let meta = Meta::collect(&doc);
    let mut blocks = Blocks::walk(doc.root_element());
    let (mut text, before) = blocks.content_text();
    // Byline and date lines just outside the content: only a date or an author is taken.
    let mut outside = Article::default();
    for line in before {
        meta_line(line, &mut outside);
    }
    if text.trim().is_empty() {
        // Some pages render their body from script; JSON-LD often carries it as plain text.
        text = meta
            .article_body
            .as_deref()
            .map(|b| super::decode::normalize_newlines(b.trim().into()))
            .unwrap_or_default();
    }
    if text.trim().is_empty() {
        return Err(HtmlError::NoText);
    }
    let mut article = Article {
        title: meta.title(blocks.first_h1.as_deref()),
        date: meta.date.clone(),
        source: meta.site.clone(),
        author: meta.author.clone(),
        url: meta.url.clone(),
        ..Article::default()
    };
    let mut start = 0;
    if let Some(title) = &article.title {
        let first = text.lines().next().unwrap_or_default();
        if first.trim().eq_ignore_ascii_case(title.trim()) {
            start = first.len();
        }
    }
    article.body_start = header_block(&text, start, &mut article, false);
    article.date = article.date.or(outside.date);
    article.author = article.author.or(outside.author);
    article.text = text;
    Ok(article)
}

/// Estimates what building the tree will cost, before parsing: the sum, over start tags, of
/// the depth they open at (the HTML tree builder searches the stack of open elements for
/// most tags, so deep nesting costs depth x tags), and the greatest depth. A byte-level tag
/// count, not a parse: comments, scripts and styles are skipped; void elements and elements
/// that close themselves implicitly (`p`, `li`, `td`, ...) do not add depth.
fn nesting_cost(b: &[u8]) -> (u64, usize) {
    const FLAT: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr", b"p", b"li", b"td", b"th", b"tr", b"option", b"dt",
        b"dd", b"html", b"head", b"body", b"tbody", b"thead",
    ];
    let (mut cost, mut depth, mut max) = (0u64, 0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        if b.get(i..i + 3) == Some(b"!--") {
            i = find_from(b, b"-->", i).map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_len = b
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = b[name_start..name_start + name_len].to_ascii_lowercase();
        if FLAT.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if name == b"script" || name == b"style" {
            // Their content is text, whatever it looks like.
            let end: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            i = find_from_ci(b, end, i).unwrap_or(b.len());
            continue;
        }
        let self_closing = b
            .get(i..)
            .and_then(|r| r.iter().position(|&c| c == b'>'))
            .is_some_and(|gt| gt > 0 && b.get(i + gt - 1) == Some(&b'/'));
        if !self_closing {
            cost += depth as u64;
            depth += 1;
            max = max.max(depth);
        }
    }
    (cost, max)
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_from_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Extracts readable text from an HTML fragment (a JSON field holding HTML, for instance):
/// every block, no content selection.
pub(crate) fn fragment_text(src: &str) -> String {
    let doc = Html::parse_fragment(src);
    let blocks = Blocks::walk(doc.root_element());
    blocks.all_text()
}

/// Metadata gathered from `<head>` and friends. The first value found for a field wins, and the
/// lists of names below are in order of trust.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    ld_headline: Option<String>,
    doc_title: Option<String>,
    date: Option<String>,
    author: Option<String>,
    site: Option<String>,
    url: Option<String>,
    article_body: Option<String>,
    time_date: Option<String>,
}

impl Meta {
    fn collect(doc: &Html) -> Meta {
        let mut m = Meta::default();
        let mut metas: Vec<(String, String)> = Vec::new();
        let mut canonical = None;
        for el in doc.root_element().descendent_elements() {
            let e = el.value();
            match e.name() {
                "meta" => {
                    let key = e
                        .attr("property")
                        .or_else(|| e.attr("name"))
                        .or_else(|| e.attr("itemprop"));
                    if let (Some(k), Some(v)) = (key, e.attr("content")) {
                        let v = v.trim();
                        if !v.is_empty() {
                            metas.push((k.trim().to_ascii_lowercase(), v.to_string()));
                        }
                    }
                }
                "link" if canonical.is_none() => {
                    let rel = e.attr("rel").unwrap_or_default();
                    if rel
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        canonical = e.attr("href").map(str::to_string);
                    }
                }
                "title" if m.doc_title.is_none() => {
                    m.doc_title =
                        Some(collapse(&el.text().collect::<String>())).filter(|t| !t.is_empty());
                }
                "script" => {
                    let ty = e.attr("type").unwrap_or_default();
                    if ty.trim().eq_ignore_ascii_case("application/ld+json") {
                        let src: String = el.text().collect();
                        if let Ok(v) = serde_json::from_str::<Value>(&src) {
                            m.json_ld(&v);
                        }
                    }
                }
                "time" if m.time_date.is_none() => {
                    m.time_date = e
                        .attr("datetime")
                        .and_then(normalize_date)
                        .or_else(|| normalize_date(&el.text().collect::<String>()));
                }
                _ => {}
            }
        }
        let get = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                metas
                    .iter()
                    .find(|(mk, _)| mk == k)
                    .map(|(_, v)| collapse(v))
            })
        };
        m.og_title = get(&[
            "og:title",
            "twitter:title",
            "dc.title",
            "headline",
            "sailthru.title",
        ]);
        let date_keys = [
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "article.published",
            "published_time",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "dcterms.date",
            "parsely-pub-date",
            "sailthru.date",
            "citation_publication_date",
            "article:modified_time",
        ];
        let meta_date = date_keys.iter().find_map(|k| {
            metas
                .iter()
                .filter(|(mk, _)| mk == k)
                .find_map(|(_, v)| normalize_date(v))
        });
        m.date = meta_date.or(m.date.take()).or(m.time_date.take());
        let author_keys = [
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
            "twitter:creator",
        ];
        let meta_author = author_keys.iter().find_map(|k| {
            metas
                .iter()
                .filter(|(mk, _)| mk == k)
                // article:author is often a profile URL, and twitter:creator a handle.
                .map(|(_, v)| collapse(v))
                .find(|v| !v.starts_with("http") && !v.starts_with('@'))
        });
        m.author = meta_author
            .map(|a| strip_by(&a).to_string())
            .or(m.author.take());
        m.site = get(&[
            "og:site_name",
            "application-name",
            "publisher",
            "dc.publisher",
        ])
        .or(m.site.take());
        m.url = get(&["og:url", "twitter:url"])
            .or(canonical)
            .or(m.url.take());
        m
    }

    /// Reads the first article-like JSON-LD object (`NewsArticle`, `Article`, `BlogPosting`,
    /// ...), also inside arrays and `@graph`.
    fn json_ld(&mut self, v: &Value) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.json_ld(i)),
            Value::Object(o) => {
                if let Some(graph) = o.get("@graph") {
                    self.json_ld(graph);
                }
                let is_article = o.get("@type").is_some_and(|t| match t {
                    Value::String(s) => article_type(s),
                    Value::Array(a) => a.iter().filter_map(Value::as_str).any(article_type),
                    _ => false,
                });
                if !is_article || self.ld_headline.is_some() {
                    return;
                }
                self.ld_headline = o.get("headline").and_then(string_of).map(|s| collapse(&s));
                self.date = o
                    .get("datePublished")
                    .or_else(|| o.get("dateCreated"))
                    .and_then(string_of)
                    .and_then(|d| normalize_date(&d));
                self.author = o.get("author").and_then(names_of);
                self.site = o
                    .get("publisher")
                    .and_then(names_of)
                    .or_else(|| o.get("sourceOrganization").and_then(names_of));
                self.url = o.get("url").and_then(string_of).or_else(|| {
                    o.get("mainEntityOfPage").and_then(|p| match p {
                        Value::Object(p) => p.get("@id").and_then(string_of),
                        other => string_of(other),
                    })
                });
                self.article_body = o.get("articleBody").and_then(string_of);
            }
            _ => {}
        }
    }

    /// The best title: Open Graph, JSON-LD, the first `<h1>`, then `<title>` without the
    /// site name it usually ends with.
    fn title(&self, h1: Option<&str>) -> Option<String> {
        if let Some(t) = self.og_title.clone().or_else(|| self.ld_headline.clone()) {
            return Some(t);
        }
        if let Some(h) = h1 {
            return Some(h.to_string());
        }
        let t = self.doc_title.clone()?;
        for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "] {
            if let Some((head, tail)) = t.rsplit_once(sep) {
                let is_site = self
                    .site
                    .as_deref()
                    .is_some_and(|s| tail.trim().eq_ignore_ascii_case(s.trim()));
                if is_site || tail.split_whitespace().count() <= 3 && head.len() > tail.len() {
                    return Some(head.trim().to_string());
                }
            }
        }
        Some(t)
    }
}

fn article_type(t: &str) -> bool {
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
            | "Report"
    )
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => t[3..].trim(),
        _ => t,
    }
}

/// Whitespace collapsed to single spaces (non-breaking spaces included), trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a block is, for scoring and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading(u8),
    Other,
}

fn kind_of(tag: &str) -> Kind {
    match tag {
        "p" | "pre" | "td" | "blockquote" => Kind::Paragraph,
        "h1" => Kind::Heading(1),
        "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading(2),
        _ => Kind::Other,
    }
}

/// Elements that start and end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "svg",
    "math",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "option",
    "label",
    "nav",
    "footer",
    "aside",
    "dialog",
    "menu",
    "object",
    "embed",
    "video",
    "audio",
    "picture",
    "img",
    "figure",
    "figcaption",
    "map",
    "source",
    "track",
    "meta",
    "link",
    "title",
];

/// Class or id fragments that mark boilerplate.
const SKIP_CLASS_PARTS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscri",
    "signup",
    "social",
    "share",
    "sharing",
    "related",
    "recommend",
    "promo",
    "advert",
    "sponsor",
    "sidebar",
    "breadcrumb",
    "popup",
    "modal",
    "paywall",
    "outbrain",
    "taboola",
    "navbar",
    "masthead",
    "skip-link",
    "skiplink",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "disqus",
];

/// Whole class or id words that mark boilerplate (`ad` but not `head`).
const SKIP_CLASS_WORDS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "menu",
    "footer",
    "comment",
    "comments",
    "banner",
    "widget",
    "toolbar",
    "tags",
    "pagination",
    "pager",
];

/// ARIA roles of page furniture.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

/// Decides whether an element and everything inside it is left out.
fn skipped(e: &scraper::node::Element, in_article: bool) -> bool {
    let name = e.name();
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    if name == "header" && !in_article {
        return true; // the site's header; an article's own header holds its headline
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = e.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if SKIP_ROLES.contains(&role.as_str()) || (role == "banner" && !in_article) {
            return true;
        }
    }
    if matches!(name, "html" | "body" | "article" | "main")
        || e.attr("itemprop")
            .is_some_and(|p| p.contains("articleBody"))
    {
        return false;
    }
    let mut names = e.attr("class").unwrap_or_default().to_ascii_lowercase();
    names.push(' ');
    names.push_str(&e.attr("id").unwrap_or_default().to_ascii_lowercase());
    SKIP_CLASS_PARTS.iter().any(|p| names.contains(p))
        || names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| SKIP_CLASS_WORDS.contains(&w))
}

/// Short blocks that are page furniture whatever element holds them.
const BOILERPLATE: &[&str] = &[
    "advertisement",
    "skip to content",
    "skip to main content",
    "share",
    "share this",
    "share this article",
    "read more",
    "continue reading",
    "subscribe",
    "sign up",
    "related",
    "related articles",
    "you may also like",
    "most read",
    "most popular",
    "loading",
    "close",
    "menu",
    "accept",
    "accept all cookies",
    "back to top",
    "comments",
    "print",
    "email",
];

/// Whether a content block is kept: not mostly links, not a furniture phrase.
fn keep(b: &Block) -> bool {
    let chars = b.text.chars().count();
    if b.link_chars * 2 > chars && b.kind != Kind::Heading(1) {
        return false;
    }
    if chars <= 30 {
        let norm = b
            .text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if BOILERPLATE.contains(&norm.as_str()) {
            return false;
        }
    }
    true
}

/// One block of text and where it came from.
struct Block {
    text: String,
    /// Characters of the text inside links.
    link_chars: usize,
    /// Index (into `Blocks::elements`) of the element the text was directly in.
    element: usize,
    kind: Kind,
}

/// An element the walk entered (skipped elements are not recorded). Elements are stored in
/// document (pre-)order, so a parent's index is always below its children's.
struct Element {
    parent: usize,
    kind: Kind,
    /// `<article>` = 1, `itemprop=articleBody` = 2: preferred content roots.
    root_rank: u8,
    score: f32,
    /// Text characters inside (with descendants, once totalled), and how many are link text.
    chars: usize,
    link_chars: usize,
}

/// The walk's result: elements and blocks in document order.
struct Blocks {
    elements: Vec<Element>,
    blocks: Vec<Block>,
    first_h1: Option<String>,
}

/// One open element during the walk.
struct Frame<I> {
    idx: usize,
    children: I,
    is_block: bool,
    is_link: bool,
    is_pre: bool,
    in_article: bool,
}

impl Blocks {
    /// Walks the tree below `root` with an explicit stack (hostile pages nest deeply), cutting
    /// the text into blocks.
    fn walk(root: ElementRef<'_>) -> Blocks {
        let mut b = Blocks {
            elements: vec![Element {
                parent: 0,
                kind: Kind::Other,
                root_rank: 0,
                score: 0.0,
                chars: 0,
                link_chars: 0,
            }],
            blocks: Vec::new(),
            first_h1: None,
        };
        let mut buf = String::new();
        let mut link_chars = 0usize;
        let (mut links, mut pre) = (0usize, 0usize);
        let mut stack = vec![Frame {
            idx: 0,
            children: root.children(),
            is_block: true,
            is_link: false,
            is_pre: false,
            in_article: false,
        }];
        while let Some(frame) = stack.last_mut() {
            let (idx, in_article) = (frame.idx, frame.in_article);
            let Some(node) = frame.children.next() else {
                if let Some(done) = stack.pop() {
                    links -= usize::from(done.is_link);
                    pre -= usize::from(done.is_pre);
                    if done.is_block {
                        b.flush(&mut buf, &mut link_chars, done.idx);
                    }
                }
                continue;
            };
            match node.value() {
                Node::Text(t) => {
                    let s: &str = t;
                    if pre > 0 {
                        buf.push_str(&s.replace('\u{a0}', " "));
                    } else {
                        push_collapsed(&mut buf, s);
                    }
                    if links > 0 {
                        link_chars += s
                            .split_whitespace()
                            .map(|w| w.chars().count() + 1)
                            .sum::<usize>();
                    }
                }
                Node::Element(e) => {
                    let name = e.name();
                    if name == "br" {
                        trim_end_spaces(&mut buf);
                        buf.push('\n');
                        continue;
                    }
                    if skipped(e, in_article) {
                        continue;
                    }
                    let is_block = BLOCK_TAGS.contains(&name);
                    if is_block {
                        b.flush(&mut buf, &mut link_chars, idx);
                    }
                    let root_rank = if e
                        .attr("itemprop")
                        .is_some_and(|p| p.split_whitespace().any(|p| p == "articleBody"))
                    {
                        2
                    } else {
                        u8::from(name == "article")
                    };
                    b.elements.push(Element {
                        parent: idx,
                        kind: kind_of(name),
                        root_rank,
                        score: 0.0,
                        chars: 0,
                        link_chars: 0,
                    });
                    let is_link = name == "a";
                    let is_pre = name == "pre";
                    links += usize::from(is_link);
                    pre += usize::from(is_pre);
                    stack.push(Frame {
                        idx: b.elements.len() - 1,
                        children: node.children(),
                        is_block,
                        is_link,
                        is_pre,
                        in_article: in_article || root_rank > 0,
                    });
                }
                _ => {} // comments, doctypes, processing instructions
            }
        }
        b.flush(&mut buf, &mut link_chars, 0);
        // Total the characters bottom-up: children come after their parents.
        for i in (1..b.elements.len()).rev() {
            let (c, l, p) = {
                let e = &b.elements[i];
                (e.chars, e.link_chars, e.parent)
            };
            b.elements[p].chars += c;
            b.elements[p].link_chars += l;
        }
        b
    }

    /// Ends the current block: tidies its lines and records it against element `idx`.
    fn flush(&mut self, buf: &mut String, link_chars: &mut usize, idx: usize) {
        // Lines from `<br>`: one break is a line break, two or more a paragraph break.
        let mut text = String::with_capacity(buf.len());
        let mut blank = false;
        for line in buf.split('\n').map(str::trim) {
            if line.is_empty() {
                blank = !text.is_empty();
                continue;
            }
            if !text.is_empty() {
                text.push_str(if blank { "\n\n" } else { "\n" });
            }
            text.push_str(line);
            blank = false;
        }
        buf.clear();
        let links = std::mem::take(link_chars);
        if text.is_empty() {
            return;
        }
        let chars = text.chars().count();
        let kind = self.elements.get(idx).map_or(Kind::Other, |e| e.kind);
        if let Some(e) = self.elements.get_mut(idx) {
            e.chars += chars;
            e.link_chars += links.min(chars);
        }
        if kind == Kind::Heading(1) && self.first_h1.is_none() {
            self.first_h1 = Some(collapse(&text));
        }
        self.blocks.push(Block {
            text,
            link_chars: links.min(chars),
            element: idx,
            kind,
        });
    }

    /// The article text: content blocks joined by blank lines; and the few short blocks just
    /// before the content, where a byline or a date line often sits outside it.
    fn content_text(&mut self) -> (String, Vec<&str>) {
        let roots = self.content_roots();
        // Membership in a root, computed top-down in one pass (parents precede children).
        let mut inside = vec![roots.is_empty(); self.elements.len()];
        for i in 0..self.elements.len() {
            let p = self.elements[i].parent;
            inside[i] = inside[i] || roots.contains(&i) || (i > 0 && inside[p]);
        }
        let is_content =
            |blk: &Block| inside.get(blk.element).copied().unwrap_or(false) && keep(blk);
        let parts: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| is_content(b))
            .map(|blk| blk.text.as_str())
            .collect();
        let first = self.blocks.iter().position(is_content).unwrap_or(0);
        let before = self.blocks[first.saturating_sub(4)..first]
            .iter()
            .filter(|b| b.text.len() <= 80 && keep(b))
            .map(|b| b.text.as_str())
            .collect();
        (parts.join("\n\n"), before)
    }

    /// Every kept block, for fragments.
    fn all_text(&self) -> String {
        let parts: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| keep(b))
            .map(|b| b.text.as_str())
            .collect();
        parts.join("\n\n")
    }

    /// The content roots (see the module docs); empty means the whole page.
    fn content_roots(&mut self) -> Vec<usize> {
        let body_chars = |e: &Element| e.chars.saturating_sub(e.link_chars);
        // 1. An explicit article body, or the <article> with the most non-link text.
        let marked = (0..self.elements.len())
            .filter(|&i| self.elements[i].root_rank > 0)
            .max_by_key(|&i| (self.elements[i].root_rank, body_chars(&self.elements[i])));
        if let Some(i) = marked.filter(|&i| body_chars(&self.elements[i]) >= 140) {
            return vec![i];
        }
        // 2. Readability-style scoring: each block credits the element holding it fully and
        //    that element's parent by half.
        for blk in &self.blocks {
            if matches!(blk.kind, Kind::Heading(_)) {
                continue;
            }
            let chars = blk.text.chars().count();
            if chars < 25 {
                continue;
            }
            let density = blk.link_chars as f32 / chars as f32;
            let commas = blk.text.matches(',').count() as f32;
            let score = (1.0 + commas + (chars as f32 / 100.0).min(3.0)) * (1.0 - density);
            // A paragraph's container is its parent; a div with text of its own is one itself.
            let container = match blk.kind {
                Kind::Paragraph => self.elements.get(blk.element).map_or(0, |e| e.parent),
                _ => blk.element,
            };
            if let Some(c) = self.elements.get_mut(container) {
                c.score += score;
                let g = c.parent;
                if g != container
                    && let Some(ge) = self.elements.get_mut(g)
                {
                    ge.score += score / 2.0;
                }
            }
        }
        let adjusted = |e: &Element| {
            let density = if e.chars == 0 {
                0.0
            } else {
                e.link_chars as f32 / e.chars as f32
            };
            e.score * (1.0 - density)
        };
        let Some(best) = (1..self.elements.len())
            .filter(|&i| self.elements[i].score > 0.0)
            .max_by(|&a, &b| adjusted(&self.elements[a]).total_cmp(&adjusted(&self.elements[b])))
        else {
            return Vec::new();
        };
        let top = adjusted(&self.elements[best]);
        let parent = self.elements[best].parent;
        let mut roots = vec![best];
        // Siblings that score nearly as well hold more of the same article.
        for (i, e) in self.elements.iter().enumerate().skip(1) {
            if i != best && e.parent == parent && adjusted(e) >= (top * 0.2).max(3.0) {
                roots.push(i);
            }
        }
        roots
    }
}

/// Appends text with whitespace runs collapsed to one space (as a browser renders it).
fn push_collapsed(buf: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_whitespace() {
            if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
                buf.push(' ');
            }
        } else {
            buf.push(c);
        }
    }
}

fn trim_end_spaces(buf: &mut String) {
    while buf.ends_with(' ') {
        buf.pop();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const PARA: &str = "The harbour board met on Monday, and after a long debate, it agreed to \
                        reopen the northern quay to cargo ships within a fortnight.";

    #[test]
    fn scoring_finds_the_content_without_article_tags() {
        let page = format!(
            "<html><body><div class=top><a href=/>Home</a> <a href=/x>Some section link</a></div>\
             <div class=wrap><div class=col><p>{PARA}</p><p>{PARA}</p><p>Short line.</p></div>\
             <div class=links><p><a href=/1>A long list of links that goes on and on</a></p></div></div>\
             <div class=bottom><p>A teaser paragraph about something else entirely here.</p></div>\
             </body></html>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.text, format!("{PARA}\n\n{PARA}\n\nShort line."));
    }

    #[test]
    fn title_from_the_title_element_without_the_site_name() {
        let page = format!(
            "<html><head><title>Quay to reopen | Harbour Post</title>\
             <meta property=og:site_name content='Harbour Post'></head><body><p>{PARA}</p></body></html>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay to reopen"));
        assert_eq!(a.source.as_deref(), Some("Harbour Post"));
        // An <h1> beats <title>, and the body starts after it.
        let page = format!("<title>x - y</title><h1>Quay reopens</h1><p>{PARA}</p>");
        let a = parse(&page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay reopens"));
        assert_eq!(&a.text[a.body_start..], PARA);
    }

    #[test]
    fn json_ld_metadata_and_body_fallback() {
        let page = r#"<html><head><script type="application/ld+json">
            [{"@type": ["NewsArticle"], "headline": "Quay reopens", "datePublished": "2023-05-20",
              "author": {"name": "Jane Roe"}, "publisher": {"name": "Harbour Post"},
              "mainEntityOfPage": {"@id": "https://example.org/q"},
              "articleBody": "Rendered by script.\r\nSecond line."}]
            </script></head><body><div id=app></div></body></html>"#;
        let a = parse(page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay reopens"));
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.source.as_deref(), Some("Harbour Post"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/q"));
        assert_eq!(a.text, "Rendered by script.\nSecond line.");
    }

    #[test]
    fn byline_and_time_inside_the_article() {
        let page = format!(
            "<article><h1>Quay reopens</h1><p>By Jane Roe</p><p><time datetime=\"2023-05-20T08:00Z\">\
             Saturday</time></p><p>{PARA}</p></article>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        // "Saturday" alone is no date, so the body starts there.
        assert!(a.text[a.body_start..].starts_with("Saturday\n\nThe harbour"));
    }

    #[test]
    fn double_breaks_are_paragraphs() {
        let page = format!(
            "<body><div class=teasers><article><h2><a href=/a>Other story</a></h2>\
             <p>A short teaser.</p></article></div><div class=story><h1>Main</h1>\
             <div class=txt>{PARA}<br><br>{PARA}<br>Last words, said nobody.</div></div></body>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(
            a.text,
            format!("{PARA}\n\n{PARA}\nLast words, said nobody.")
        );
    }

    #[test]
    fn date_and_byline_just_before_the_content() {
        let page = format!(
            "<body><div id=main><h1>Quay</h1><span class=date>May 20, 2023</span><div>By Jane Roe</div>\
             <div class=body><p>{PARA}</p><p>{PARA}</p></div></div>\
             <ul class=more><li><a href=1>x y z w</a></li></ul></body>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.text, format!("{PARA}\n\n{PARA}"));
    }

    #[test]
    fn fragments_keep_every_block() {
        assert_eq!(
            fragment_text("<p>One &amp; two</p><ul><li>three</li></ul><style>x{}</style>four"),
            "One & two\n\nthree\n\nfour"
        );
    }

    #[test]
    fn nesting_cost_counts_open_depth() {
        assert_eq!(nesting_cost(b"<div><div></div></div>"), (1, 2));
        // Void and self-closing-by-rule tags, comments and script text add nothing.
        let flat = b"<p>a<p>b<br><img src=x><!-- <div><div> --><script>'<div><div>'</script><x/>";
        assert_eq!(nesting_cost(flat), (0, 0));
        assert_eq!(nesting_cost(b"<div><span><b>"), (3, 3));
        assert_eq!(nesting_cost(b"< div <"), (0, 0));
    }
}
