//! HTML pages saved from a browser: the article's readable text and its metadata.
//!
//! Parsing is html5ever's (through `scraper`), so broken markup is repaired the way browsers do
//! and entities are decoded; nothing is executed or fetched.
//!
//! **Text, by evidence.** One walk over the tree (an explicit stack: hostile pages nest deeply)
//! cuts the page into blocks (paragraphs, headings, list items, ...) and records, for every
//! element, how much text and link text it holds. Only what is never readable text is left out
//! on sight: scripts, styles, forms' controls, media, hidden elements. Everything else is
//! weighed:
//! - every paragraph-like block scores by its length and its commas, less its share of link
//!   text, and credits its container fully and the containers above it less and less;
//! - a container's score is scaled by its own link density and by weak evidence: `<article>`,
//!   `<main>`, `itemprop=articleBody` and class or id words such as "content" or "story" raise
//!   it; `<nav>`, `<aside>`, `<footer>`, navigation roles and class or id words such as
//!   "sidebar", "comment" or "share" lower it. No class name removes anything by itself;
//! - the best container wins; its parent replaces it when the parent scores higher (an
//!   article split over several sections), and siblings that score well or look like prose
//!   join it (a lead paragraph outside the main container);
//! - inside the chosen content, an element marked as furniture (share bars, related links,
//!   newsletters, comments, captions, bylines) is dropped only when it holds a small part of
//!   the text, so a wrapper that happens to be called "sidebar" or "ad" never loses the
//!   article; link lists and link-heavy blocks, repeated headlines, bare URLs and date lines
//!   are dropped too.
//!
//! Blocks are joined with blank lines; `<br>` is a line break; other whitespace is collapsed.
//! When nothing readable is found, JSON-LD `articleBody` is used; a page with no article (a
//! front page of links, a login wall) is refused with what was found instead.
//!
//! **Metadata.** Title, date, authors, site and URL come from `<meta>` (Open Graph, article:*,
//! Dublin Core, parsely, ...), JSON-LD ([`super::jsonld`]), microdata (`itemprop`), `<time>`,
//! bylines (`rel=author`, `class=byline`), `<h1>` and `<title>` (without the site name).
//! Dates keep the publisher's own day: the date part of a timestamp, never converted to UTC.

use scraper::{ElementRef, Html, Node};

use super::date::normalize_date;
use super::jsonld::LdArticle;
use super::lang::normalize_language;
use super::text::{header_block, meta_line};
use crate::model::Article;

/// Why an HTML document gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HtmlError {
    /// Nothing readable was found; the string says what the page holds instead.
    NoText(String),
    /// Nested so deeply that building the tree would take minutes (see [`super::html_scan`]).
    TooDeep { depth: usize },
}

/// Above this nesting cost ([`super::html_scan`]) a page is refused: about a second of tree building. Real pages
/// stay far below (50,000 tags at an average depth of 30 cost 1.5 million).
const MAX_NESTING_COST: u64 = 40_000_000;

/// Reads an HTML document.
pub(crate) fn parse(src: &str) -> Result<Article, HtmlError> {
    let scan = super::html_scan::scan(src);
    if scan.cost > MAX_NESTING_COST {
        return Err(HtmlError::TooDeep { depth: scan.depth });
    }
    let doc = Html::parse_document(&scan.text);
    drop(scan);
    read(&doc)
}

/// Reads the article of a parsed page.
fn read(doc: &Html) -> Result<Article, HtmlError> {
    let meta = Meta::collect(doc);
    let mut blocks = Blocks::walk(doc.root_element());
    let title = meta.title(&blocks.h1s, &blocks.h2s);
    let content = blocks.content(title.as_deref());
    let mut text = content.text;
    let mut from_ld = false;
    if text.trim().is_empty() || (content.prose_chars < 140 && meta.ld.body.is_some()) {
        // Some pages render their body from script; JSON-LD often carries it as plain text.
        if let Some(body) = meta.ld.body.as_deref() {
            let body = super::decode::normalize_newlines(body.trim().into());
            if body.chars().count() > text.chars().count() {
                text = body;
                from_ld = true;
            }
        }
    }
    // The publisher's own article body counts as an article however short; text scraped from
    // the page must look like prose.
    if text.trim().is_empty() || !from_ld && content.prose_chars == 0 && text.chars().count() < 80 {
        return Err(HtmlError::NoText(blocks.describe()));
    }
    let mut article = Article {
        title,
        date: meta.date.clone(),
        source: meta.site.clone(),
        author: None,
        url: meta.url.clone(),
        language: meta.language.clone(),
        ..Article::default()
    };
    // Byline and date lines just outside the content: only a date or an author is taken.
    let mut outside = Article::default();
    for line in &content.before {
        meta_line(line, &mut outside);
    }
    let mut start = 0;
    if let Some(title) = &article.title {
        let first = text.lines().next().unwrap_or_default();
        if same_text(first, title) {
            start = first.len();
        }
    }
    article.body_start = header_block(&text, start, &mut article, false);
    article.date = article.date.or(outside.date).or(meta.time_date.clone());
    // The first byline that reads as a name; one with digits or a single word (a user id, a
    // byline glued to its date) gives way to a visible byline.
    let authors = [
        meta.author.clone(),
        content.byline,
        article.author.take(),
        meta.visible_author.clone(),
        outside.author,
        meta.handle_author.clone(),
    ];
    article.author = authors
        .iter()
        .flatten()
        .find(|a| !suspicious_name(a))
        .or_else(|| authors.iter().flatten().next())
        .cloned();
    // A visible byline's name inside the chosen one (`Jane Roe, MA Health News`) is exact.
    // Not when the rest names someone else (`Jane Roe, John Doe`).
    if let (Some(a), Some(v)) = (&article.author, &meta.visible_author)
        && a.len() > v.len()
        && a.contains(v.as_str())
        && !a
            .replacen(v.as_str(), "", 1)
            .split([',', '&'])
            .flat_map(|p| p.split(" and "))
            .any(looks_like_person)
    {
        article.author = Some(v.clone());
    }
    article.text = text;
    Ok(article)
}

/// Equal after collapsing spaces and ignoring case and outer punctuation.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        collapse(s)
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Extracts readable text from an HTML fragment (a JSON field holding HTML, for instance):
/// every block, no content selection.
pub(crate) fn fragment_text(src: &str) -> String {
    let doc = Html::parse_fragment(src);
    let blocks = Blocks::walk(doc.root_element());
    blocks.all_text()
}

/// The attributes the importer reads, gathered in one pass over an element's attributes (a
/// lookup by name costs a search each time). The first of a repeated attribute wins, as in
/// the parser.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    rel: Option<&'a str>,
    style: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
    property: Option<&'a str>,
    name: Option<&'a str>,
    content: Option<&'a str>,
    href: Option<&'a str>,
    ty: Option<&'a str>,
    datetime: Option<&'a str>,
    lang: Option<&'a str>,
    xml_lang: Option<&'a str>,
    http_equiv: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    fn of(e: &'a scraper::node::Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (k, v) in e.attrs() {
            let slot = match k {
                "class" => &mut a.class,
                "id" => &mut a.id,
                "role" => &mut a.role,
                "itemprop" => &mut a.itemprop,
                "rel" => &mut a.rel,
                "style" => &mut a.style,
                "hidden" => {
                    a.hidden = true;
                    continue;
                }
                "aria-hidden" => &mut a.aria_hidden,
                "property" => &mut a.property,
                "name" => &mut a.name,
                "content" => &mut a.content,
                "href" => &mut a.href,
                "type" => &mut a.ty,
                "datetime" => &mut a.datetime,
                "lang" => &mut a.lang,
                "xml:lang" => &mut a.xml_lang,
                "http-equiv" => &mut a.http_equiv,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v);
            }
        }
        a
    }

    /// Class and id, lowercased, joined by a space, into `names` (empty when neither is set).
    fn names_into(&self, names: &mut String) {
        names.clear();
        if self.class.is_none() && self.id.is_none() {
            return;
        }
        names.push_str(self.class.unwrap_or_default());
        names.push(' ');
        names.push_str(self.id.unwrap_or_default());
        names.make_ascii_lowercase();
    }
}

/// Metadata gathered from `<head>` and friends. The first value found for a field wins, and the
/// lists of names below are in order of trust.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    doc_title: Option<String>,
    date: Option<String>,
    time_date: Option<String>,
    author: Option<String>,
    /// A name shown in a byline anywhere on the page (`rel=author`, a class naming the author).
    visible_author: Option<String>,
    handle_author: Option<String>,
    site: Option<String>,
    url: Option<String>,
    /// The declared language, normalised (see [`super::lang`]).
    language: Option<String>,
    ld: LdArticle,
}

/// `<meta>` names of the publication date, most trusted first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.date",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "datecreated",
    "article:modified_time",
    "datemodified",
];

/// `<meta>` names of the author.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "citation_author",
];

impl Meta {
    fn collect(doc: &Html) -> Meta {
        let mut m = Meta::default();
        let mut metas: Vec<(String, String)> = Vec::new();
        let mut canonical = None;
        let mut micro_author: Vec<String> = Vec::new();
        let (mut rel_author, mut class_author) = (None, None);
        let mut content_language = None;
        for el in doc.root_element().descendent_elements() {
            let e = el.value();
            let a = Attrs::of(e);
            match e.name() {
                "meta" => {
                    if content_language.is_none()
                        && a.http_equiv
                            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-language"))
                    {
                        content_language = a.content.and_then(normalize_language);
                    }
                    let key = a.property.or(a.name).or(a.itemprop);
                    if let (Some(k), Some(v)) = (key, a.content) {
                        let v = v.trim();
                        if !v.is_empty() {
                            metas.push((k.trim().to_ascii_lowercase(), v.to_string()));
                        }
                    }
                }
                "link" if canonical.is_none() => {
                    let rel = a.rel.unwrap_or_default();
                    if rel
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        canonical = a.href.map(str::to_string);
                    }
                }
                "title" if m.doc_title.is_none() => {
                    m.doc_title =
                        Some(collapse(&el.text().collect::<String>())).filter(|t| !t.is_empty());
                }
                "script" => {
                    let ty = a.ty.unwrap_or_default();
                    if ty.trim().eq_ignore_ascii_case("application/ld+json") {
                        m.ld.read_script(&el.text().collect::<String>());
                    }
                }
                "time" if m.time_date.is_none() => {
                    m.time_date = a
                        .datetime
                        .and_then(normalize_date)
                        .or_else(|| normalize_date(&el.text().collect::<String>()));
                }
                _ => {}
            }
            // Visible bylines: `rel=author` first, else a class naming the author (the
            // innermost element when they nest: a name inside a box with the author's title).
            if let Some(strong) = names_author(&a)
                && let Some(t) = short_text(el, 80)
            {
                let name = clean_name(&t);
                if looks_like_byline_name(&name) {
                    let slot = if strong {
                        &mut rel_author
                    } else {
                        &mut class_author
                    };
                    match slot {
                        None => *slot = Some(name),
                        Some(prev) if prev.len() > name.len() && prev.contains(name.as_str()) => {
                            *slot = Some(name)
                        }
                        _ => {}
                    }
                }
            }
            // Microdata outside <meta>: <span itemprop="author">, <time itemprop="datePublished">.
            if let Some(prop) = a.itemprop {
                let props: Vec<&str> = prop.split_whitespace().collect();
                if props.contains(&"datePublished")
                    && e.name() != "meta"
                    && let Some(d) = a
                        .datetime
                        .or(a.content)
                        .and_then(normalize_date)
                        .or_else(|| normalize_date(&el.text().collect::<String>()))
                {
                    metas.push(("datepublished".into(), d));
                }
                if (props.contains(&"author") || props.contains(&"creator"))
                    && e.name() != "meta"
                    && micro_author.len() < 8
                {
                    // The name is the element's `name` property, else its whole text.
                    let name = el
                        .descendent_elements()
                        .find(|d| d.value().attr("itemprop") == Some("name"))
                        .map_or_else(
                            || el.text().collect::<String>(),
                            |d| {
                                d.value()
                                    .attr("content")
                                    .map_or_else(|| d.text().collect(), str::to_string)
                            },
                        );
                    let name = collapse(strip_by(&collapse(&name)));
                    if is_name(&name) && !micro_author.contains(&name) {
                        micro_author.push(name);
                    }
                }
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
        m.og_title = get(&["og:title", "twitter:title", "dc.title", "headline", "title"]);
        let meta_date = DATE_KEYS.iter().find_map(|k| {
            metas
                .iter()
                .filter(|(mk, _)| mk == k)
                .find_map(|(_, v)| normalize_date(v))
        });
        // A UTC time stamp puts an evening article of the Americas on the next day: a date the
        // page gives one day earlier (meta or `<time>`) is the publisher's own.
        let local = meta_date.clone().or(m.time_date.clone());
        m.date = match (&m.ld.date, local) {
            (Some(ld), Some(l)) if m.ld.date_utc && prev_day(ld).as_deref() == Some(l.as_str()) => {
                Some(l)
            }
            _ => m.ld.date.clone().or(meta_date),
        };
        let meta_author = AUTHOR_KEYS.iter().find_map(|k| {
            let all: Vec<String> = metas
                .iter()
                .filter(|(mk, _)| mk == k)
                // article:author is often a profile URL, and twitter:creator a handle.
                .map(|(_, v)| clean_name(v))
                .filter(|v| is_name(v))
                .collect();
            (!all.is_empty()).then(|| dedup_join(all))
        });
        let micro = (!micro_author.is_empty()).then(|| micro_author.join(", "));
        m.visible_author = rel_author.or(class_author);
        // A handle without `@` is sometimes the author's pen name: the last resort.
        m.handle_author = get(&["twitter:creator"])
            .filter(|h| !h.starts_with('@') && is_name(h) && !h.contains(' '));
        m.author =
            m.ld.author
                .as_deref()
                .map(clean_name)
                .filter(|a| is_name(a))
                .or(meta_author)
                .or(micro);
        m.site = get(&[
            "og:site_name",
            "application-name",
            "dc.publisher",
            "publisher",
        ])
        .or(m.ld.publisher.clone());
        // The article's own JSON-LD first, then the page's declarations: `<html lang>` (often a
        // site template's default, but the most common), `Content-Language`, `og:locale`.
        let root = Attrs::of(doc.root_element().value());
        m.language =
            m.ld.language
                .as_deref()
                .and_then(normalize_language)
                .or_else(|| root.lang.or(root.xml_lang).and_then(normalize_language))
                .or(content_language)
                .or_else(|| get(&["og:locale"]).as_deref().and_then(normalize_language));
        m.url = canonical
            .filter(|u| u.starts_with("http"))
            .or_else(|| get(&["og:url", "twitter:url"]))
            .or(m.ld.url.clone());
        m
    }

    /// The headline: the one the page shows in `<h1>` when Open Graph, JSON-LD or `<title>`
    /// agree with it, else Open Graph, JSON-LD, `<title>` (each without the site name it
    /// often carries), else the first `<h1>`.
    fn title(&self, h1s: &[String], h2s: &[String]) -> Option<String> {
        let cands: Vec<String> = [&self.og_title, &self.ld.headline, &self.doc_title]
            .into_iter()
            .flatten()
            .map(|t| self.without_site(t))
            .filter(|t| !t.is_empty())
            .collect();
        for h in h1s {
            if cands.iter().any(|c| same_text(c, h)) {
                return Some(h.clone());
            }
        }
        // An <h1> that a candidate starts with or ends with: the candidate carries extra words
        // (a section or site name) that the page does not show.
        for h in h1s {
            if h.split_whitespace().count() >= 3
                && cands.iter().any(|c| {
                    let (c, hl) = (c.to_lowercase(), h.to_lowercase());
                    c.starts_with(&hl) || c.ends_with(&hl)
                })
            {
                return Some(h.clone());
            }
        }
        // A heading that a title starts or ends with, followed by a separator: the rest is a
        // section or site name (`Headline_Section_Site`, `Headline (Agency) - Site`), in
        // scripts without spaces too. The longest such heading wins; an `<h2>` only when no
        // `<h1>` fits (the `<h1>` of some pages is the site's logo).
        let raw: Vec<&str> = [&self.og_title, &self.doc_title, &self.ld.headline]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for heads in [h1s, h2s] {
            let best = heads
                .iter()
                .filter(|h| {
                    !self.is_site_name(h)
                        && raw.iter().any(|t| frames(t, h))
                        // `Site: Headline` with the headline given alone elsewhere: the
                        // heading is the site's name.
                        && !raw.iter().any(|t| {
                            cands
                                .iter()
                                .any(|c| !same_text(c, h) && same_text(&remainder(t, h), c))
                        })
                })
                .max_by_key(|h| h.chars().count());
            if let Some(h) = best {
                return Some(h.clone());
            }
        }
        cands.into_iter().next().or_else(|| h1s.first().cloned())
    }

    /// `t` is the site name given by `og:site_name` and the like.
    fn is_site_name(&self, t: &str) -> bool {
        self.site.as_deref().is_some_and(|s| same_text(s, t))
    }

    /// `t` without a leading or trailing site name (` | Site`, `Site - `, ...).
    fn without_site(&self, t: &str) -> String {
        let t = collapse(t);
        let site = self.site.as_deref().map(|s| s.trim().to_lowercase());
        let is_site = |part: &str| {
            let p = part.trim().to_lowercase();
            site.as_deref().is_some_and(|s| {
                !s.is_empty() && (p == s || p.contains(s) || s.contains(p.as_str()))
            }) || p.contains(".com")
                || p.contains(".org")
                || p.contains(".net")
        };
        // A leading part is the site only when it is no more than the site's name: a headline
        // may end with the name of the blog it was posted on (`Headline @ Blog :: Host`).
        let is_lead_site = |part: &str| {
            let p = part.trim().to_lowercase();
            site.as_deref()
                .is_some_and(|s| !s.is_empty() && !p.is_empty() && s.contains(p.as_str()))
                || !p.contains(' ')
                    && (p.contains(".com") || p.contains(".org") || p.contains(".net"))
        };
        for sep in [
            " | ",
            " - ",
            " \u{2013} ",
            " \u{2014} ",
            " :: ",
            " \u{b7} ",
            " \u{2022} ",
            " / ",
            " \u{ab} ",
            " \u{bb} ",
        ] {
            if let Some((head, tail)) = t.rsplit_once(sep)
                && is_site(tail)
                && !head.trim().is_empty()
            {
                return self.without_site(head);
            }
            if let Some((head, tail)) = t.split_once(sep)
                && is_lead_site(head)
                && !tail.trim().is_empty()
            {
                return self.without_site(tail);
            }
        }
        if let Some(head) = without_bracketed_tail(&t) {
            return self.without_site(head);
        }
        if let Some(head) = without_underscore_tail(&t) {
            return head;
        }
        for sep in [" | ", " \u{2013} ", " \u{2014} ", " :: ", " - "] {
            if let Some((head, tail)) = t.rsplit_once(sep) {
                let (hw, tw) = (
                    head.split_whitespace().count(),
                    tail.split_whitespace().count(),
                );
                if site.is_none() && tw <= 3 && hw >= 3 && hw > tw {
                    return head.trim().to_string();
                }
            }
        }
        t
    }
}

/// A title ending in a bracketed name after a space (`Headline [Site]`, `Headline ＜Series＞`):
/// the part before it. Round brackets and short brackets (`[2]`) are part of the headline.
fn without_bracketed_tail(t: &str) -> Option<&str> {
    let t = t.trim_end();
    let close = t.chars().last()?;
    let open = match close {
        ']' => '[',
        '\u{ff09}' => '\u{ff08}',
        '\u{ff1e}' => '\u{ff1c}',
        '\u{3011}' => '\u{3010}',
        '\u{300b}' => '\u{300a}',
        _ => return None,
    };
    let at = t.rfind(open)?;
    let inner = &t[at + open.len_utf8()..t.len() - close.len_utf8()];
    let head = t[..at].trim_end();
    let spaced = t[..at].ends_with(char::is_whitespace);
    (spaced
        && inner.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && head.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .then_some(head)
}

/// A title in the form `Headline_Section_Site` (common on Chinese portals): the headline, when
/// the parts after it are short.
fn without_underscore_tail(t: &str) -> Option<String> {
    let parts: Vec<&str> = t.split('_').map(str::trim).collect();
    if parts.len() < 3 || !t.chars().any(is_cjk) {
        return None;
    }
    let head = parts[0].chars().count();
    let tails_short = parts[1..]
        .iter()
        .all(|p| !p.is_empty() && p.chars().count() <= 10 && p.chars().count() < head);
    tails_short.then(|| parts[0].to_string())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

/// `title` is `heading` followed (or preceded) by a separator and more words: the heading
/// has at least two letters, and the separator is punctuation or a bracket after a space.
fn frames(title: &str, heading: &str) -> bool {
    let (t, h) = (
        collapse(title).to_lowercase(),
        collapse(heading).to_lowercase(),
    );
    if h.chars().filter(|c| c.is_alphabetic()).count() < 2 || t.len() <= h.len() {
        return false;
    }
    let is_sep = |c: char| {
        matches!(
            c,
            '|' | '-' | '_' | ':' | '\u{2013}' | '\u{2014}' | '\u{b7}' | '\u{2022}' | '@' | '/'
        ) || matches!(
            c,
            '(' | '[' | '\u{ff08}' | '\u{ff1c}' | '\u{3010}' | '\u{300a}' | '<'
        ) || matches!(c, '\u{bb}' | '\u{ab}' | '\u{ff5c}')
    };
    if let Some(rest) = t.strip_prefix(&h) {
        let rest = rest.trim_start();
        return rest.chars().next().is_some_and(is_sep);
    }
    if let Some(rest) = t.strip_suffix(&h) {
        let rest = rest.trim_end();
        return rest
            .chars()
            .last()
            .is_some_and(|c| is_sep(c) && c != '(' && c != '[');
    }
    false
}

/// `title` without `heading` at its start or end and the separator next to it.
fn remainder(title: &str, heading: &str) -> String {
    let (t, h) = (collapse(title), collapse(heading));
    let rest = if t.to_lowercase().starts_with(&h.to_lowercase()) {
        t.get(h.len()..).unwrap_or_default()
    } else if t.to_lowercase().ends_with(&h.to_lowercase()) {
        t.get(..t.len().saturating_sub(h.len())).unwrap_or_default()
    } else {
        ""
    };
    rest.trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// A person's or organisation's name, not a URL, a handle or a sentence.
fn is_name(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && !t.starts_with("http")
        && !t.starts_with('@')
        && !t.contains("://")
        && t.chars().count() <= 120
        && t.split_whitespace().count() <= 16
        && t.chars().any(char::is_alphabetic)
}

/// An element that names the author: `rel=author`, or a class such as `byline`, `author-name`,
/// `by-author` (not an author's biography or avatar).
/// `Some(true)` for `rel=author`, `Some(false)` for a class, `None` otherwise.
fn names_author(a: &Attrs) -> Option<bool> {
    if a.rel.is_some_and(|r| {
        r.split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("author"))
    }) {
        return Some(true);
    }
    let class = a.class.unwrap_or_default();
    let has = |word: &str| {
        class
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    if !has("author") && !has("byline") {
        return None;
    }
    let lower = class.to_ascii_lowercase();
    let by_class = lower.split_ascii_whitespace().any(|c| {
        (c.contains("author") || c.contains("byline"))
            && ![
                "bio", "avatar", "image", "photo", "img", "about", "box", "more", "follow",
            ]
            .iter()
            .any(|w| c.contains(w))
    });
    by_class.then_some(false)
}

/// Two or three capitalised words in mixed case: `Jane Roe`, `Ana de Souza`.
fn looks_like_person(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .last()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars().any(char::is_lowercase) && w.chars().filter(|c| c.is_uppercase()).count() <= 2
        })
}

/// A visible byline's name: two or more words, each longer than an initial, the first
/// capitalised, no digits.
fn looks_like_byline_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=12).contains(&words.len())
        && is_name(s)
        && !suspicious_name(s)
        && s.starts_with(char::is_uppercase)
        && words.iter().filter(|w| w.chars().count() >= 2).count() >= 2
}

/// A name that is more likely a user id or a byline glued to its date: it has digits.
fn suspicious_name(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// The name in a byline: without `By`, `Posted by`, `Written by`, without what follows
/// `Edited by` and the like, and without a bracketed link, address or short nickname.
fn clean_name(s: &str) -> String {
    let mut t = collapse(s);
    for p in [
        "posted by ",
        "written by ",
        "words by ",
        "story by ",
        "text by ",
    ] {
        if t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)) {
            t = t[p.len()..].to_string();
        }
    }
    let lower = t.to_lowercase();
    for cut in [
        " edited by ",
        " photographs by ",
        " photos by ",
        " illustrations by ",
        " reviewed by ",
    ] {
        if let Some(at) = lower.find(cut)
            && t.is_char_boundary(at)
        {
            t.truncate(at);
            break;
        }
    }
    // Bracketed parts: kept unless a link, an address or a short nickname such as `(R.J.)`.
    let mut out = String::with_capacity(t.len());
    let mut rest = t.as_str();
    while let Some(open) = rest.find('(') {
        let Some(len) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 1..open + len];
        let drop = inner.contains("://")
            || inner.contains('@')
            || !inner.trim().contains(' ') && inner.trim().chars().count() <= 8;
        out.push_str(&rest[..open]);
        if !drop {
            out.push_str(&rest[open..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    let mut name = collapse(strip_by(&out));
    // A degree after a comma: `Jane Roe, MA`, `Jane Roe, PhD`.
    if let Some((who, cred)) = name.rsplit_once(", ")
        && (2..=4).contains(&cred.chars().count())
        && cred.chars().all(|c| c.is_ascii_alphabetic())
        && cred.chars().filter(char::is_ascii_uppercase).count() >= 2
        && who.contains(' ')
    {
        name = who.to_string();
    }
    name
}

/// The day before an ISO date `YYYY-MM-DD`.
fn prev_day(d: &str) -> Option<String> {
    let mut it = d.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, day) = (it.next()?.ok()?, it.next()?.ok()?, it.next()?.ok()?);
    if !(1..=12).contains(&m) || day == 0 || day > 31 {
        return None;
    }
    if day > 1 {
        return Some(format!("{y:04}-{m:02}-{:02}", day - 1));
    }
    let (y, m) = if m == 1 {
        (y.checked_sub(1)?, 12)
    } else {
        (y, m - 1)
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let last = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{y:04}-{m:02}-{last:02}"))
}

fn dedup_join(names: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out.join(", ")
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => t[3..].trim(),
        _ => t,
    }
}

/// The text of `el` collapsed (see [`collapse`]) when it has at most `max` characters. A long
/// text is given up as soon as its characters other than spaces outnumber `max`.
fn short_text(el: ElementRef<'_>, max: usize) -> Option<String> {
    let mut all = String::new();
    let mut shown = 0;
    for piece in el.text() {
        shown += piece.chars().filter(|c| !c.is_whitespace()).count();
        if shown > max {
            return None;
        }
        all.push_str(piece);
    }
    let t = collapse(&all);
    (t.chars().count() <= max).then_some(t)
}

/// Whitespace collapsed to single spaces (non-breaking spaces included), trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an element is, for scoring and cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `p`, `pre`, `blockquote`, `td`, `dd`: prose blocks.
    Paragraph,
    Heading(u8),
    ListItem,
    /// `ul`, `ol`, `dl`.
    List,
    Table,
    /// `div`, `section`, `article`, `main`, `form`, ...: containers.
    Container,
    /// Inline elements and the rest.
    Other,
}

fn tag_of(name: &str) -> Tag {
    match name {
        "p" | "pre" | "blockquote" | "td" | "dd" => Tag::Paragraph,
        "h1" => Tag::Heading(1),
        "h2" => Tag::Heading(2),
        "h3" | "h4" | "h5" | "h6" => Tag::Heading(3),
        "li" | "dt" => Tag::ListItem,
        "ul" | "ol" | "dl" => Tag::List,
        "table" | "tbody" | "thead" | "tfoot" | "tr" => Tag::Table,
        "div" | "section" | "article" | "main" | "form" | "fieldset" | "header" | "footer"
        | "aside" | "nav" | "body" | "html" | "center" | "details" | "address" => Tag::Container,
        _ => Tag::Other,
    }
}

/// Elements that start and end a block of text.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements whose content is never readable article text: code, styles, media, controls.
fn is_skip_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "svg"
            | "math"
            | "canvas"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "option"
            | "label"
            | "dialog"
            | "menu"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "picture"
            | "img"
            | "figure"
            | "figcaption"
            | "map"
            | "source"
            | "track"
            | "meta"
            | "link"
            | "title"
    )
}

/// Class or id fragments that suggest page furniture (evidence against, never a verdict).
const FURNITURE_PARTS: &[&str] = &[
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
    "comment",
    "footer",
    "caption",
    "credit",
    "byline",
    "dateline",
    "timestamp",
    "toolbar",
    "pagination",
    "pager",
    "widget",
    "shoutbox",
    "skyscraper",
    "banner",
    "author-bio",
    "more-stories",
    "trending",
    "most-popular",
    "hidden",
];

/// Whole class or id words that suggest furniture (`ad` but not `head`).
const FURNITURE_WORDS: &[&str] = &[
    "ad", "ads", "nav", "menu", "tags", "tag", "meta", "header", "share", "print", "rss", "extra",
    "hid",
];

/// Class or id words that suggest article content.
const CONTENT_PARTS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "banner",
];

/// Short blocks that are page furniture whatever element holds them.
const BOILERPLATE: &[&str] = &[
    "advertisement",
    "advert",
    "ad",
    "skip to content",
    "skip to main content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "read more",
    "continue reading",
    "subscribe",
    "sign up",
    "related",
    "related articles",
    "related stories",
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
    "tweet",
    "facebook",
    "twitter",
];

/// Class or id words of a gallery of pictures with their captions.
const GALLERY_PARTS: &[&str] = &["gallery", "slideshow", "carousel"];

/// Class words that mark a byline or a date line (matched inside the class only).
const BYLINE_PARTS: &[&str] = &["byline", "author", "dateline"];

/// What an element's lowercased class and id names suggest (see [`name_evidence`]).
#[derive(Default, Clone, Copy)]
struct NameEvidence {
    furniture: bool,
    content: bool,
    gallery: bool,
    /// The class (not the id) holds one of [`BYLINE_PARTS`].
    byline: bool,
}

/// The evidence an element's names give: `names` is its class and id, lowercased and joined by
/// a space, the class being its first `class_len` bytes. One automaton finds every fragment of
/// [`FURNITURE_PARTS`], [`CONTENT_PARTS`], [`GALLERY_PARTS`] and [`BYLINE_PARTS`] in one pass
/// (no fragment holds a space, so none runs from the class into the id): pages have thousands
/// of named elements, and a search per fragment was a fifth of the import's time.
fn name_evidence(names: &str, class_len: usize) -> NameEvidence {
    static PARTS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(
                FURNITURE_PARTS
                    .iter()
                    .chain(CONTENT_PARTS)
                    .chain(GALLERY_PARTS)
                    .chain(BYLINE_PARTS),
            )
            .ok()
        });
    let mut ev = NameEvidence::default();
    if names.trim().is_empty() {
        return ev;
    }
    let (f, c, g) = (
        FURNITURE_PARTS.len(),
        CONTENT_PARTS.len(),
        GALLERY_PARTS.len(),
    );
    if let Some(ac) = PARTS.as_ref() {
        for m in ac.find_overlapping_iter(names) {
            match m.pattern().as_usize() {
                i if i < f => ev.furniture = true,
                i if i < f + c => ev.content = true,
                i if i < f + c + g => ev.gallery = true,
                _ => ev.byline |= m.end() <= class_len,
            }
        }
    }
    ev.furniture |= names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| FURNITURE_WORDS.contains(&w));
    ev
}

/// Whether an element and everything inside it is never shown or never text.
fn never_text(name: &str, a: &Attrs) -> bool {
    if is_skip_tag(name) || a.hidden {
        return true;
    }
    if let Some(style) = a.style {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// One block of text and where it came from.
struct Block {
    text: String,
    chars: usize,
    /// Characters of the text inside links.
    link_chars: usize,
    commas: usize,
    /// Index (into `Blocks::elements`) of the element the text was directly in.
    element: usize,
    tag: Tag,
}

/// An element the walk entered (never-text elements are not recorded). Elements are stored in
/// document (pre-)order, so a parent's index is below its children's, and the blocks of an
/// element's subtree are the contiguous range `first_block..end_block`.
struct Element {
    parent: usize,
    tag: Tag,
    /// Names, tag or role suggest furniture.
    furniture: bool,
    /// Class or id words suggest content.
    content_words: bool,
    /// `<article>`, `<main>` or `itemprop=articleBody`.
    article: bool,
    /// `itemprop=articleBody`: the publisher's own mark on the body.
    body_prop: bool,
    /// Class or id names a gallery, slideshow or carousel.
    gallery: bool,
    /// `rel=author`, `itemprop=author` or a byline class: a byline when short.
    byline: bool,
    /// Hash of the class attribute (siblings with the main content's class join it).
    class: u64,
    first_block: usize,
    end_block: usize,
    score: f32,
}

/// What [`Blocks::content`] found.
struct Content {
    text: String,
    /// Characters of prose (paragraph blocks) in the text.
    prose_chars: usize,
    /// Short blocks just before the content (a byline or date line often sits there).
    before: Vec<String>,
    byline: Option<String>,
}

/// The walk's result: elements and blocks in document order.
struct Blocks {
    elements: Vec<Element>,
    blocks: Vec<Block>,
    h1s: Vec<String>,
    /// The first `<h2>` headings (a page whose `<h1>` is its logo titles the article here).
    h2s: Vec<String>,
    /// Running totals over the blocks (characters, link characters, commas): `sums[i]` is the
    /// total of the blocks before `i`, so a subtree's totals cost two lookups.
    sums: Vec<(usize, usize, usize)>,
}

/// One open element during the walk.
struct Frame<I> {
    idx: usize,
    children: I,
    is_block: bool,
    is_link: bool,
    is_pre: bool,
}

impl Blocks {
    /// Walks the tree below `root` with an explicit stack, cutting the text into blocks.
    fn walk(root: ElementRef<'_>) -> Blocks {
        let mut b = Blocks {
            elements: vec![Element {
                parent: 0,
                tag: Tag::Container,
                furniture: false,
                content_words: false,
                article: false,
                body_prop: false,
                gallery: false,
                byline: false,
                class: 0,
                first_block: 0,
                end_block: 0,
                score: 0.0,
            }],
            blocks: Vec::new(),
            h1s: Vec::new(),
            h2s: Vec::new(),
            sums: Vec::new(),
        };
        let mut buf = String::new();
        let mut names = String::new();
        let mut link_chars = 0usize;
        let (mut links, mut pre) = (0usize, 0usize);
        let mut stack = vec![Frame {
            idx: 0,
            children: root.children(),
            is_block: true,
            is_link: false,
            is_pre: false,
        }];
        while let Some(frame) = stack.last_mut() {
            let idx = frame.idx;
            let Some(node) = frame.children.next() else {
                if let Some(done) = stack.pop() {
                    links -= usize::from(done.is_link);
                    pre -= usize::from(done.is_pre);
                    if done.is_block {
                        b.flush(&mut buf, &mut link_chars, done.idx);
                    }
                    let end = b.blocks.len();
                    if let Some(e) = b.elements.get_mut(done.idx) {
                        e.end_block = end;
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
                    let a = Attrs::of(e);
                    if never_text(name, &a) {
                        continue;
                    }
                    let is_block = is_block_tag(name);
                    if is_block {
                        b.flush(&mut buf, &mut link_chars, idx);
                    }
                    a.names_into(&mut names);
                    let NameEvidence {
                        furniture: named_furniture,
                        content: content_words,
                        gallery,
                        byline: byline_class,
                    } = name_evidence(&names, a.class.map_or(0, str::len));
                    let role = match a.role.map(str::trim) {
                        Some(r) if !r.is_empty() => r.to_ascii_lowercase(),
                        _ => String::new(),
                    };
                    let itemprop = a.itemprop.unwrap_or_default();
                    let body_prop = itemprop.split_whitespace().any(|p| p == "articleBody");
                    let article = matches!(name, "article" | "main") || body_prop || role == "main";
                    let furniture = !article
                        && (named_furniture
                            || matches!(name, "nav" | "aside" | "footer" | "header")
                            || FURNITURE_ROLES.contains(&role.as_str())
                            || a.aria_hidden.is_some_and(|v| v.trim() == "true"));
                    let class = a.class.map_or(0, |c| {
                        use std::hash::{Hash, Hasher};
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        c.trim().hash(&mut h);
                        h.finish()
                    });
                    let byline = a
                        .rel
                        .is_some_and(|r| r.split_whitespace().any(|r| r == "author"))
                        || itemprop.split_whitespace().any(|p| p == "author")
                        || byline_class;
                    let first_block = b.blocks.len();
                    b.elements.push(Element {
                        parent: idx,
                        tag: tag_of(name),
                        furniture,
                        content_words,
                        article,
                        body_prop,
                        gallery,
                        byline,
                        class,
                        first_block,
                        end_block: first_block,
                        score: 0.0,
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
                    });
                }
                _ => {} // comments, doctypes, processing instructions
            }
        }
        b.flush(&mut buf, &mut link_chars, 0);
        let n = b.blocks.len();
        b.elements[0].end_block = n;
        let mut acc = (0, 0, 0);
        b.sums.reserve(n + 1);
        b.sums.push(acc);
        for blk in &b.blocks {
            acc = (
                acc.0 + blk.chars,
                acc.1 + blk.link_chars,
                acc.2 + blk.commas,
            );
            b.sums.push(acc);
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
        let (mut chars, mut commas) = (0, 0);
        for c in text.chars() {
            chars += 1;
            commas += usize::from(matches!(c, ',' | '\u{ff0c}' | '\u{3001}' | '\u{060c}'));
        }
        let tag = self.elements.get(idx).map_or(Tag::Other, |e| e.tag);
        if tag == Tag::Heading(1) && self.h1s.len() < 8 {
            self.h1s.push(collapse(&text));
        }
        if tag == Tag::Heading(2) && self.h2s.len() < 8 {
            self.h2s.push(collapse(&text));
        }
        self.blocks.push(Block {
            text,
            chars,
            link_chars: links.min(chars),
            commas,
            element: idx,
            tag,
        });
    }

    /// Every kept block, for fragments.
    fn all_text(&self) -> String {
        let parts: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| !is_boilerplate(&b.text))
            .map(|b| b.text.as_str())
            .collect();
        parts.join("\n\n")
    }

    /// Totals over an element's subtree: characters, link characters, commas.
    fn totals(&self, i: usize) -> (usize, usize, usize) {
        let e = &self.elements[i];
        match (self.sums.get(e.first_block), self.sums.get(e.end_block)) {
            (Some(a), Some(b)) if e.end_block >= e.first_block => (b.0 - a.0, b.1 - a.1, b.2 - a.2),
            _ => (0, 0, 0),
        }
    }

    fn link_density(&self, i: usize) -> f32 {
        let (c, l, _) = self.totals(i);
        if c == 0 { 0.0 } else { l as f32 / c as f32 }
    }

    /// Whether element `a` is `b` or one of its ancestors.
    fn is_ancestor_or_self(&self, a: usize, mut b: usize) -> bool {
        loop {
            if a == b {
                return true;
            }
            if b == 0 {
                return false;
            }
            b = self.elements[b].parent;
        }
    }

    /// Scores containers from the blocks they hold (see the module docs) and returns the
    /// elements by score, best first.
    fn score(&mut self) -> Vec<usize> {
        let mut credited = vec![false; self.elements.len()];
        for bi in 0..self.blocks.len() {
            let blk = &self.blocks[bi];
            let scorable = matches!(blk.tag, Tag::Paragraph | Tag::Container | Tag::Other)
                || matches!(blk.tag, Tag::Heading(h) if h > 1);
            if !scorable || blk.chars < 25 {
                continue;
            }
            let density = blk.link_chars as f32 / blk.chars as f32;
            let s =
                (1.0 + blk.commas as f32 + (blk.chars as f32 / 100.0).min(3.0)) * (1.0 - density);
            // Level 0 is the block's parent; divisors 1, 2, 6, 9, 12.
            let mut at = self.elements[blk.element].parent;
            let mut inside_furniture = self.elements[blk.element].furniture;
            for level in 0..5usize {
                if at == 0 || inside_furniture && level > 0 {
                    break;
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                if !credited[at] {
                    credited[at] = true;
                    self.elements[at].score += self.base_score(at);
                }
                self.elements[at].score += s / div;
                inside_furniture |= self.elements[at].furniture;
                at = self.elements[at].parent;
            }
        }
        let mut ranked: Vec<usize> = (1..self.elements.len()).filter(|&i| credited[i]).collect();
        for &i in &ranked {
            let ld = self.link_density(i);
            self.elements[i].score *= 1.0 - ld;
        }
        ranked.sort_by(|&a, &b| self.elements[b].score.total_cmp(&self.elements[a].score));
        ranked
    }

    /// A container's starting score: its tag and the evidence of its names.
    fn base_score(&self, i: usize) -> f32 {
        let e = &self.elements[i];
        let tag = match e.tag {
            Tag::Container => 5.0,
            Tag::Paragraph | Tag::Table => 3.0,
            Tag::List | Tag::ListItem => -3.0,
            Tag::Heading(_) => -5.0,
            Tag::Other => 0.0,
        };
        let mut weight = 0.0;
        if e.furniture {
            weight -= 25.0;
        }
        if e.content_words {
            weight += 25.0;
        }
        if e.article {
            weight += 25.0;
        }
        tag + weight
    }

    /// The article text: the best container, its parent when that scores higher, siblings
    /// that belong with it, cleaned of furniture.
    fn content(&mut self, title: Option<&str>) -> Content {
        let ranked = self.score();
        let Some(&first) = ranked.first() else {
            return self.fallback(title);
        };
        let mut top = first;
        let top_score = self.elements[top].score;
        // Several strong candidates under one ancestor: the ancestor holds the article.
        let strong: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .copied()
            .filter(|&i| self.elements[i].score >= top_score * 0.75)
            .collect();
        if strong.len() >= 2 {
            let mut anc = self.elements[top].parent;
            while anc != 0 {
                let inside = strong
                    .iter()
                    .filter(|&&s| self.is_ancestor_or_self(anc, s))
                    .count();
                if inside >= 2 {
                    top = anc;
                    break;
                }
                anc = self.elements[anc].parent;
            }
        }
        // Climb while a parent scores higher (the article is split over several children).
        let mut last = self.elements[top].score;
        let threshold = last / 3.0;
        let mut parent = self.elements[top].parent;
        while parent != 0 {
            let ps = self.elements[parent].score;
            if ps == 0.0 {
                parent = self.elements[parent].parent;
                continue;
            }
            if ps < threshold {
                break;
            }
            if ps > last {
                top = parent;
                break;
            }
            last = ps;
            parent = self.elements[parent].parent;
        }
        // A gallery inside the publisher's articleBody, its captions outweighing the body's
        // own paragraphs: the body is the content, without the gallery.
        let mut boxed = None;
        if let Some((body, f)) = self.body_around_furniture(top) {
            top = body;
            boxed = Some(f);
        }
        // Siblings that belong with the content.
        let top_score = self.elements[top].score;
        let parent = self.elements[top].parent;
        let sibling_threshold = (top_score * 0.2).max(10.0);
        let mut roots = Vec::new();
        for i in 1..self.elements.len() {
            if self.elements[i].parent != parent || top == 0 {
                continue;
            }
            if i == top {
                roots.push(i);
                continue;
            }
            let e = &self.elements[i];
            let bonus = if e.class != 0 && e.class == self.elements[top].class {
                top_score * 0.2
            } else {
                0.0
            };
            if e.score > 0.0 && e.score + bonus >= sibling_threshold {
                roots.push(i);
                continue;
            }
            if e.tag == Tag::Paragraph && !e.furniture {
                let (chars, _, _) = self.totals(i);
                let ld = self.link_density(i);
                let text = self.blocks[e.first_block..e.end_block]
                    .first()
                    .map_or("", |b| b.text.as_str());
                let sentence = text.trim_end().ends_with('.') || text.contains(". ");
                if (chars > 80 && ld < 0.25) || (chars > 0 && chars <= 80 && ld == 0.0 && sentence)
                {
                    roots.push(i);
                }
            }
        }
        // The article split into sections apart from each other (a figure or an ad between
        // them, each section in its own wrapper): elements with the top's class that score
        // well join it, in document order.
        let class = self.elements[top].class;
        if class != 0 && top != 0 {
            let mut added = 0;
            for i in 1..self.elements.len() {
                let e = &self.elements[i];
                if added >= 50 || e.class != class || e.score < top_score * 0.2 || e.score <= 0.0 {
                    continue;
                }
                if roots
                    .iter()
                    .any(|&r| self.is_ancestor_or_self(r, i) || self.is_ancestor_or_self(i, r))
                {
                    continue;
                }
                roots.push(i);
                added += 1;
            }
        }
        self.assemble(&roots, top, title, boxed)
    }

    /// The `itemprop=articleBody` element at or above `top` and the largest gallery inside
    /// it, when the body holds at least 400 characters outside the gallery.
    fn body_around_furniture(&self, top: usize) -> Option<(usize, usize)> {
        let mut body = top;
        while !self.elements[body].body_prop {
            if body == 0 {
                break;
            }
            body = self.elements[body].parent;
        }
        if !self.elements[body].body_prop {
            // The chosen container may hold the body (an `<article>` around it).
            let t = &self.elements[top];
            body = (top + 1..self.elements.len())
                .take_while(|&i| self.elements[i].first_block < t.end_block)
                .find(|&i| self.elements[i].body_prop)?;
        }
        let b = &self.elements[body];
        let mut best: Option<(usize, usize)> = None;
        for i in body + 1..self.elements.len() {
            let e = &self.elements[i];
            if e.first_block < b.first_block
                || e.end_block > b.end_block
                || e.first_block >= b.end_block
            {
                break;
            }
            if e.gallery {
                let chars = self.totals(i).0;
                if best.is_none_or(|(_, c)| chars > c) {
                    best = Some((i, chars));
                }
            }
        }
        let (gallery, chars) = best?;
        let outside = self.totals(body).0.saturating_sub(chars);
        (outside >= 400 && chars > 0).then_some((body, gallery))
    }

    /// No container scored (a page of short lines): every block that is not furniture.
    fn fallback(&self, title: Option<&str>) -> Content {
        let roots: Vec<usize> = vec![0];
        self.assemble(&roots, 0, title, None)
    }

    /// Joins the blocks of `roots`, cleaned of furniture (see the module docs).
    fn assemble(
        &self,
        roots: &[usize],
        top: usize,
        title: Option<&str>,
        boxed: Option<usize>,
    ) -> Content {
        let n = self.elements.len();
        let total: usize = roots.iter().map(|&r| self.totals(r).0).sum();
        // Elements protected from cleaning: the roots and their ancestors.
        let mut protected = vec![false; n];
        for &r in roots.iter().chain(std::iter::once(&top)) {
            let mut a = r;
            loop {
                protected[a] = true;
                if a == 0 {
                    break;
                }
                a = self.elements[a].parent;
            }
        }
        let mut in_root = vec![false; n];
        let mut removed = vec![false; n];
        let mut byline: Option<String> = None;
        for i in 0..n {
            let e = &self.elements[i];
            in_root[i] = roots.contains(&i) || (i > 0 && in_root[e.parent]);
            if boxed == Some(i) {
                removed[i] = true;
                continue;
            }
            if !in_root[i] || protected[i] {
                continue;
            }
            if i > 0 && removed[e.parent] {
                removed[i] = true;
                continue;
            }
            let (chars, links, commas) = self.totals(i);
            if chars == 0 {
                continue;
            }
            let ld = links as f32 / chars as f32;
            // A short byline: taken as the author, left out of the text.
            if e.byline && chars < 100 && byline.is_none() {
                let t: Vec<&str> = self.blocks[e.first_block..e.end_block]
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect();
                let name = clean_name(&t.join(" "));
                let name = name.as_str();
                if is_name(name)
                    && normalize_date(name).is_none()
                    && name.split_whitespace().count() <= 10
                {
                    byline = Some(name.to_string());
                }
                removed[i] = true;
                continue;
            }
            if e.furniture && (chars * 10 < total * 3 || chars < 200) {
                removed[i] = true;
                continue;
            }
            // Link lists and link-heavy boxes (not prose with a few links).
            if matches!(e.tag, Tag::Container | Tag::List | Tag::Table) && commas < 10 {
                let (mut paras, mut items) = (0usize, 0usize);
                for b in &self.blocks[e.first_block..e.end_block] {
                    match b.tag {
                        Tag::Paragraph => paras += 1,
                        Tag::ListItem => items += 1,
                        _ => {}
                    }
                }
                let is_list = e.tag == Tag::List;
                let weight = if e.content_words { 25 } else { 0 };
                if (!is_list && weight < 25 && ld > 0.2 && items + paras > 0 && ld > 0.33)
                    || (ld > 0.5 && !(is_list && items > 0 && ld < 0.9))
                    || (!is_list && items > paras + 2 && ld > 0.3)
                {
                    removed[i] = true;
                }
            }
        }
        let mut parts: Vec<&str> = Vec::new();
        let mut prose_chars = 0usize;
        let mut first_block = None;
        for (bi, b) in self.blocks.iter().enumerate() {
            let el = b.element;
            if !in_root.get(el).copied().unwrap_or(false) || removed[el] {
                continue;
            }
            if is_boilerplate(&b.text) || is_bare_url(&b.text) {
                continue;
            }
            if matches!(b.tag, Tag::Heading(_)) && title.is_some_and(|t| same_text(&b.text, t)) {
                continue;
            }
            // Date lines at the top ("Published 1 day ago", a lone date).
            if parts.len() < 3 && b.chars <= 60 && looks_like_date_line(&b.text) {
                continue;
            }
            if b.link_chars * 2 > b.chars && b.chars < 60 && b.tag != Tag::ListItem {
                continue;
            }
            if b.tag == Tag::Paragraph {
                prose_chars += b.chars;
            }
            first_block.get_or_insert(bi);
            parts.push(&b.text);
        }
        let first = first_block.unwrap_or(0);
        let before = self.blocks[first.saturating_sub(4)..first]
            .iter()
            .filter(|b| b.chars <= 80 && !is_boilerplate(&b.text))
            .map(|b| b.text.clone())
            .collect();
        Content {
            text: parts.join("\n\n"),
            prose_chars,
            before,
            byline,
        }
    }

    /// What the page holds, for the message when no article is found.
    fn describe(&self) -> String {
        let links: usize = self
            .blocks
            .iter()
            .filter(|b| b.link_chars * 2 > b.chars)
            .count();
        let prose = self
            .blocks
            .iter()
            .filter(|b| b.chars >= 80 && b.link_chars * 4 < b.chars)
            .count();
        let words: usize = self
            .blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum();
        if self.blocks.is_empty() {
            return "the page has no visible text (it may need scripts to show its content)".into();
        }
        format!(
            "the page has {words} words of visible text, {links} blocks that are mostly links and \
             {prose} paragraphs of prose: it looks like a front page, a list of links or a login page"
        )
    }
}

/// A block that is only a date or a relative time, with or without a label.
fn looks_like_date_line(t: &str) -> bool {
    let lower = t.to_lowercase();
    let words = lower.split_whitespace().count();
    if words > 9 {
        return false;
    }
    let relative = lower.contains(" ago") && lower.chars().any(|c| c.is_ascii_digit());
    relative
        || (normalize_date(t).is_some() && {
            let mut probe = Article::default();
            meta_line(t, &mut probe) && probe.date.is_some() && probe.author.is_none()
        })
}

/// A block that is one URL.
fn is_bare_url(t: &str) -> bool {
    let t = t.trim();
    !t.contains(char::is_whitespace)
        && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// A lone furniture phrase ("Share", "Advertisement", ...).
fn is_boilerplate(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let norm = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    BOILERPLATE.contains(&norm.as_str())
}

/// Appends text with whitespace runs collapsed to one space (as a browser renders it).
fn push_collapsed(buf: &mut String, s: &str) {
    // Word by word rather than character by character: text is most of a page. Spaces are
    // found a byte at a time (see `space_len`).
    let mut word = 0;
    let mut i = 0;
    while i < s.len() {
        let w = space_len(s, i);
        if w == 0 {
            i += 1;
            continue;
        }
        buf.push_str(&s[word..i]);
        i += w;
        loop {
            let w = space_len(s, i);
            if w == 0 {
                break;
            }
            i += w;
        }
        if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
            buf.push(' ');
        }
        word = i;
    }
    buf.push_str(&s[word..]);
}

/// The length in bytes of the white space character (`char::is_whitespace`) at byte `i` of
/// `s`, 0 when there is none. Every white space character outside ASCII starts with one of four
/// bytes, so other bytes (continuation bytes included) are told apart without decoding.
#[inline]
fn space_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => 1,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => wide_space_len(s, i),
        _ => 0,
    }
}

/// [`space_len`] for a character outside ASCII.
fn wide_space_len(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|r| r.chars().next())
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
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
    fn a_byline_class_is_found_in_the_class_only() {
        let ev = name_evidence("story-author main-text", 12);
        assert!(ev.byline && ev.content && !ev.furniture);
        // The same words in the id: furniture (`byline`), but no byline class.
        let ev = name_evidence("story byline", 5);
        assert!(!ev.byline && ev.furniture);
        assert!(name_evidence("dateline ", 8).byline);
        assert!(!name_evidence("", 0).byline);
    }

    #[test]
    fn white_space_is_told_apart_byte_by_byte_as_char_does() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_len(&s, 0), want, "{:?}", c);
        }
        let mut buf = String::from("a");
        push_collapsed(&mut buf, " b\u{a0}\u{3000} c\u{2003}\n\u{e9}\u{2002}");
        assert_eq!(buf, "a b c \u{e9} ");
    }

    #[test]
    fn the_scan_before_parsing_changes_nothing_that_is_read() {
        let page = format!(
            "<html lang=en>\n<head>\n  <title>  Quay   reopens | Harbour Post </title>\n\
             <meta property=og:site_name content='Harbour Post'>\n  \
             <meta name=author content='Jane  Roe'>\n\
             <link rel=canonical href='https://example.org/quay'>\n  \
             <script type=application/ld+json>{{\"@type\": \"NewsArticle\", \
             \"datePublished\": \"2024-05-02T21:00:00-05:00\"}}</script>\n</head>\n\
             <body>\n  <nav>\n   <a href=/>Home</a>\n  <a href=/x>World</a></nav>\n \
             <article>\n  <h1>Quay\n   reopens</h1>\n  \
             <p class=byline>By <a rel=author href=/jane>Jane   Roe</a></p>\n\
             <time datetime=2024-05-02>  May 2,\n  2024 </time>\n\
             <p>{PARA}</p>\n\n  <p style='color: red'>{PARA}  <b>bold</b>  <i>words</i> </p>\n \
             <pre>  code   kept\n\n  as is</pre>\n<p style='display: none'>hidden</p>\n\
             <p Style='Visibility : Hidden'>hidden too</p><p style='color:red' style='display:none'>\
             shown</p>\n<table>\n  <tr>\n <td>  cell  one </td>\n  <td>two</td></tr>\n</table>\n\
             <ul>\n  <li>  item  </li>\n  <li><a href=/y>link</a>  text</li></ul>\n\
             <svg>\n <title> Icon </title>\n</svg>\n</article>\n</body>\n</html>\n"
        );
        let scanned = super::super::html_scan::scan(&page);
        assert!(scanned.text.len() < page.len());
        let a = parse(&page).unwrap();
        assert_eq!(read(&Html::parse_document(&page)).unwrap(), a);
        assert!(a.text.contains("code   kept\n\nas is"));
        assert!(a.text.contains("shown") && !a.text.contains("hidden"));
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
        // A <title> with more words than the <h1> gives way to it, and the body starts after it.
        let page = format!(
            "<title>Quay reopens today - y</title><h1>Quay reopens today</h1><p>{PARA}</p>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay reopens today"));
        assert_eq!(&a.text[a.body_start..], PARA);
    }

    #[test]
    fn a_heading_the_title_starts_with_is_the_title() {
        // A short <h1> followed by the site name, with a JSON-LD headline that is a description.
        let page = format!(
            "<head><title>Lanternfish - Deepwiki</title><script type=application/ld+json>\
             {{\"@type\": \"Article\", \"headline\": \"small fish of the deep sea\"}}</script></head>\
             <body><h1>Lanternfish</h1><p>{PARA}</p></body>"
        );
        assert_eq!(parse(&page).unwrap().title.as_deref(), Some("Lanternfish"));
        // Underscores and no spaces (a portal's section and name), a bracketed agency name.
        let page = format!(
            "<title>\u{6e2f}\u{53e3}\u{4eca}\u{5929}\u{91cd}\u{65b0}\u{5f00}\u{653e}_\u{65b0}\u{95fb}_\u{6e2f}\u{53e3}\u{7f51}</title>\
             <h1>\u{6e2f}\u{53e3}\u{4eca}\u{5929}\u{91cd}\u{65b0}\u{5f00}\u{653e}</h1><p>{PARA}</p>"
        );
        assert_eq!(
            parse(&page).unwrap().title.as_deref(),
            Some("\u{6e2f}\u{53e3}\u{4eca}\u{5929}\u{91cd}\u{65b0}\u{5f00}\u{653e}")
        );
        // An <h1> that is the site's logo: the <h2> that the title starts with.
        let page = format!(
            "<title>Quay reopens after storm | Notes | Jane Roe</title>\
             <h1>Hello, I am Jane.</h1><h2>Quay reopens after storm</h2><p>{PARA}</p>"
        );
        assert_eq!(
            parse(&page).unwrap().title.as_deref(),
            Some("Quay reopens after storm")
        );
    }

    #[test]
    fn site_name_tails_without_a_heading() {
        let m = Meta::default();
        assert_eq!(
            m.without_site("Ferry tales [Harbour Archive]"),
            "Ferry tales"
        );
        assert_eq!(
            m.without_site("\u{72ac}\u{3068}\u{6a4b}\u{306e}\u{8a71} \u{ff1c}\u{6e2f}\u{306e}\u{304a}\u{306f}\u{306a}\u{3057}\u{96c6}\u{ff1e}"),
            "\u{72ac}\u{3068}\u{6a4b}\u{306e}\u{8a71}"
        );
        // A short bracket is part of the headline.
        assert_eq!(m.without_site("Harbour walk (2)"), "Harbour walk (2)");
        assert_eq!(
            m.without_site("\u{6e2f}\u{53e3}\u{4eca}\u{5929}\u{91cd}\u{65b0}\u{5f00}\u{653e}_\u{65b0}\u{95fb}_\u{6e2f}\u{53e3}\u{7f51}"),
            "\u{6e2f}\u{53e3}\u{4eca}\u{5929}\u{91cd}\u{65b0}\u{5f00}\u{653e}"
        );
    }

    #[test]
    fn visible_bylines_outside_the_article_and_clean_names() {
        // The byline sits in a header outside the content; the meta author is a user id.
        let page = format!(
            "<head><meta name=author content='qx4471'></head><body>\
             <header><h1>Quay reopens</h1><span class='story-author-name'>By Jane Roe</span></header>\
             <div class=text><p>{PARA}</p><p>{PARA}</p></div></body>"
        );
        assert_eq!(parse(&page).unwrap().author.as_deref(), Some("Jane Roe"));
        // rel=author anywhere on the page.
        let page = format!(
            "<body><p>Posted by <a rel=author href=/u/tr>Tomas Reyes</a></p>\
             <div><p>{PARA}</p><p>{PARA}</p></div></body>"
        );
        assert_eq!(parse(&page).unwrap().author.as_deref(), Some("Tomas Reyes"));
        assert_eq!(
            clean_name("Written by Ada Quill Edited by Bo Lind"),
            "Ada Quill"
        );
        assert_eq!(
            clean_name("Ada Quill (https://quill.example/)"),
            "Ada Quill"
        );
        assert_eq!(clean_name("Ada (A.Q.) Quill"), "Ada Quill");
        assert_eq!(
            clean_name("Ada Quill (with Bo Lind and Cy Moss)"),
            "Ada Quill (with Bo Lind and Cy Moss)"
        );
        assert!(suspicious_name("Ada Quill12 May 2020") && suspicious_name("qx4471"));
        assert!(!suspicious_name("Ada Quill") && !suspicious_name("Harbourwire"));
        assert!(looks_like_person("Ada Quill") && looks_like_person("Bo McLeod"));
        assert!(!looks_like_person("HarbourTV Daily News") && !looks_like_person("MA"));
    }

    #[test]
    fn a_utc_stamp_gives_way_to_the_local_day() {
        let page = format!(
            "<head><script type=application/ld+json>{{\"@type\": \"NewsArticle\", \"headline\": \"Quay reopens\",\
             \"dateCreated\": \"2021-03-01T03:10:00Z\"}}</script></head>\
             <body><article><h1>Quay reopens</h1><time datetime='2021-02-28T19:10:00+00:00'>Feb 28</time>\
             <p>{PARA}</p></article></body>"
        );
        assert_eq!(parse(&page).unwrap().date.as_deref(), Some("2021-02-28"));
        // Without a local date one day earlier, the stamp's day stays.
        let page = format!(
            "<head><script type=application/ld+json>{{\"@type\": \"NewsArticle\", \"headline\": \"Quay reopens\",\
             \"datePublished\": \"2021-03-01T03:10:00Z\"}}</script></head><body><p>{PARA}</p></body>"
        );
        assert_eq!(parse(&page).unwrap().date.as_deref(), Some("2021-03-01"));
        assert_eq!(prev_day("2024-03-01").as_deref(), Some("2024-02-29"));
        assert_eq!(prev_day("2023-01-01").as_deref(), Some("2022-12-31"));
        assert_eq!(prev_day("2023-05-17").as_deref(), Some("2023-05-16"));
        assert_eq!(prev_day("2023-13-01"), None);
    }

    #[test]
    fn a_gallery_inside_the_article_body_does_not_replace_it() {
        let mut items = String::new();
        for i in 1..=12 {
            items.push_str(&format!(
                "<li><h2>{i}/12 Boat number {i}</h2><p>This boat, painted blue and white, was moored at the \
                 old quay for a season, and its owner, a retired pilot, says it will sail again next spring.</p></li>"
            ));
        }
        let page = format!(
            "<body><article><div itemprop=articleBody><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>\
             <div class='embed-widget type-gallery'><ul class=legends>{items}</ul></div>\
             <p>The quay opens again on Friday, when the first cargo ship of the season, a grain carrier, is due.</p></div></article></body>"
        );
        let a = parse(&page).unwrap();
        let body = &a.text[a.body_start..];
        assert!(body.contains("agreed to"), "{body}");
        assert!(body.contains("opens again on Friday"), "{body}");
        assert!(!body.contains("Boat number"), "{body}");
    }

    #[test]
    fn sections_apart_with_the_main_class_join_it() {
        let section = |t: &str| {
            format!(
                "<div class=wrap-one><div class='story-section prose'><p>{t}</p><p>{PARA}</p></div></div>"
            )
        };
        let page = format!(
            "<body><div class=post>{}<figure><img src=a.png><figcaption>A quay</figcaption></figure>\
             <div class=wrap-two>{}</div></div><div class=teasers><a href=/x>Other news</a></div></body>",
            section(
                "The first section opens the story of the quay, its cranes, its ships and its crews."
            ),
            section(
                "The second section, after the picture, tells how the board voted, and what it costs."
            )
        );
        let a = parse(&page).unwrap();
        let body = &a.text[a.body_start..];
        assert!(
            body.contains("first section") && body.contains("second section"),
            "{body}"
        );
        assert!(body.find("first section") < body.find("second section"));
        assert!(!body.contains("Other news"), "{body}");
    }

    #[test]
    fn markup_inside_scripts_styles_and_attributes_is_never_text() {
        let page = format!(
            "<html><head><style>p::after {{ content: '</p><p>styled'; }}</style>\
             <script>var t = '<div class=\"story\"><p>Planted, in a script, long enough to \
             count as prose if it were read, which it must not be.</p></div>';</script>\
             <script><!-- document.write('<script>y()</script>'); --></script></head>\
             <body><div data-x=\"<p>in an attribute</p>\" class=\"story\"><p>{PARA}</p>\
             <noscript><p>Turn scripts on.</p></noscript><p>{PARA}</p></div></body></html>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.text, format!("{PARA}\n\n{PARA}"));
    }

    #[test]
    fn the_declared_language_in_order_of_trust() {
        let page = |html: &str, head: &str| {
            parse(&format!(
                "<html {html}><head>{head}</head><body><p>{PARA}</p></body></html>"
            ))
            .unwrap()
            .language
        };
        assert_eq!(page("lang=\"pt_br\"", "").as_deref(), Some("pt-BR"));
        assert_eq!(page("xml:lang=\"DE\"", "").as_deref(), Some("de"));
        // The article's JSON-LD outranks the page's template, which outranks the meta tags.
        let ld = "<script type=application/ld+json>{\"@type\": \"NewsArticle\", \"headline\": \"Quay\", \
                  \"inLanguage\": {\"name\": \"French\", \"alternateName\": \"fr-CA\"}}</script>";
        assert_eq!(page("lang=en", ld).as_deref(), Some("fr-CA"));
        let metas = "<meta property=og:locale content=es_ES>\
                     <meta http-equiv=Content-Language content=\"it, en\">";
        assert_eq!(page("lang=en", metas).as_deref(), Some("en"));
        assert_eq!(page("", metas).as_deref(), Some("it"));
        assert_eq!(
            page("", "<meta property=og:locale content=es_ES>").as_deref(),
            Some("es-ES")
        );
        // Values that are no language tag are passed over; nothing declared gives nothing.
        assert_eq!(page("lang=English", metas).as_deref(), Some("it"));
        assert_eq!(page("lang=\"\"", "").as_deref(), None);
        assert_eq!(page("", "").as_deref(), None);
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
    fn a_wrapper_named_like_furniture_keeps_the_article() {
        for wrapper in [
            "content-with-sidebar",
            "ad_body",
            "widget post",
            "modal-enabled",
            "paywall",
        ] {
            let page = format!(
                "<body><form><div class=\"{wrapper}\"><h1>Quay reopens</h1><p>{PARA}</p><p>{PARA}</p>\
                 <div class=share><a href=/s>Share</a> <a href=/t>Tweet</a></div><p>Last words, \
                 said the harbour master, are always the hardest.</p></div>\
                 <aside class=sidebar><ul><li><a href=/1>Another story about boats</a></li>\
                 <li><a href=/2>Yet another story about boats</a></li></ul></aside></form></body>"
            );
            let a = parse(&page).unwrap();
            assert_eq!(
                a.text,
                format!(
                    "{PARA}\n\n{PARA}\n\nLast words, said the harbour master, are always the hardest."
                ),
                "{wrapper}"
            );
        }
    }

    #[test]
    fn the_main_article_wins_over_longer_teasers() {
        let teaser =
            "A teaser about something else entirely, with commas, and more words, to look long.";
        let page = format!(
            "<body><main><article><h1>Quay</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article></main>\
             <div class=more><article><p><a href=/a>{teaser}</a></p></article>\
             <article><p><a href=/b>{teaser}</a></p></article></div></body>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.text, format!("{PARA}\n\n{PARA}\n\n{PARA}"));
    }

    #[test]
    fn header_lines_repeated_in_the_body_are_left_out() {
        let page = format!(
            "<head><title>Quay reopens | Harbour Post</title><meta property=og:site_name content='Harbour Post'>\
             <meta property='article:published_time' content='2023-05-20T23:30:00-07:00'></head>\
             <body><article><h1>Quay reopens</h1><div class=byline>By <a rel=author href=/jr>Jane Roe</a></div>\
             <p>Published 2 hours ago</p><p>https://example.org/quay</p><p>{PARA}</p><p>{PARA}</p></article></body>"
        );
        let a = parse(&page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quay reopens"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        // The publisher's own day, not converted to UTC.
        assert_eq!(a.date.as_deref(), Some("2023-05-20"));
        assert_eq!(a.text, format!("{PARA}\n\n{PARA}"));
    }

    #[test]
    fn a_page_of_links_is_refused_with_what_was_found() {
        let mut page = String::from("<body><ul>");
        for i in 0..30 {
            page.push_str(&format!(
                "<li><a href=/{i}>Headline number {i} of the day</a></li>"
            ));
        }
        page.push_str("</ul></body>");
        match parse(&page) {
            Err(HtmlError::NoText(found)) => assert!(found.contains("links"), "{found}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_pages_end_without_panic() {
        // 100,000 nested elements: refused before the tree is built.
        let deep = "<div>".repeat(100_000);
        assert!(matches!(parse(&deep), Err(HtmlError::TooDeep { .. })));
        // 100,000 nested inline elements that the tree builder closes early still parse.
        let spans = format!("<p>{}{PARA}</p>", "<b>".repeat(100_000));
        let _ = parse(&spans);
        // One long line of text without a tag (a scaled-down 50 MB line).
        let line = "word, ".repeat(400_000);
        let a = parse(&format!("<p>{line}</p>")).unwrap();
        assert_eq!(a.text.len(), line.trim_end().len());
        // Unclosed comments, scripts and attributes.
        for src in [
            "<p>a<!-- never closed",
            "<script>never closed",
            "<p class=\"x>text",
        ] {
            let _ = parse(src);
        }
    }
}
