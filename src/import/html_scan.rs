//! A byte-level pass over an HTML page before it is parsed: it estimates what building the tree
//! will cost, and drops what the importer never reads: the content of scripts, styles,
//! `noscript`, `iframe` and `textarea` (often half of a saved page), the attributes it never
//! looks at (`data-*`, `srcset`, `onclick`, ...: half of what remains is attributes, and a link's
//! `href` or a `style` that hides nothing are never read either), and the second and later
//! characters of every run of spaces and line breaks between words and tags (a third of what
//! remains on a saved page). The parser then has less to tokenize; the elements themselves stay,
//! so the tree keeps its shape, and every text reads the same once its spaces are collapsed,
//! which is how the importer reads text (the text of `<pre>` and `<listing>` is left as it is).
//!
//! It follows the tokenizer's rules where they matter: a tag's attributes are skipped with their
//! quotes (a `<script>` inside an attribute value is no tag), comments are skipped, and a
//! raw-text element ends only at its own end tag. A script whose text holds `<!--` is kept as
//! it is, since such a script may hide `</script>` from the tokenizer. JSON-LD scripts are kept:
//! they carry metadata.

use std::borrow::Cow;

/// What [`scan`] found.
pub(crate) struct Scan<'a> {
    /// The page with the text of never-read raw-text elements removed.
    pub text: Cow<'a, str>,
    /// The sum, over start tags, of the depth they open at: the tree builder searches the
    /// stack of open elements for most tags, so deep nesting costs depth x tags.
    pub cost: u64,
    /// The greatest nesting depth.
    pub depth: usize,
}

/// Element and attribute names are matched in ASCII lowercase, copied into a buffer this long;
/// a longer name is none of those matched here.
const NAME_MAX: usize = 16;

/// `name` in ASCII lowercase, in `buf` (empty when longer than [`NAME_MAX`]).
fn lower<'a>(name: &[u8], buf: &'a mut [u8; NAME_MAX]) -> &'a [u8] {
    let Some(out) = buf.get_mut(..name.len()) else {
        return &[];
    };
    for (o, c) in out.iter_mut().zip(name) {
        *o = c.to_ascii_lowercase();
    }
    out
}

/// Elements that close themselves or hold nothing: they add no depth (`name` in lowercase).
fn is_flat(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"td"
            | b"th"
            | b"tr"
            | b"option"
            | b"dt"
            | b"dd"
            | b"html"
            | b"head"
            | b"body"
            | b"tbody"
            | b"thead"
    )
}

/// Elements whose content the tokenizer reads as plain text up to their own end tag.
fn is_raw_text(name: &[u8]) -> bool {
    name == b"title" || name == b"xmp" || is_never_read(name)
}

/// Raw-text elements whose text the importer never reads.
fn is_never_read(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"iframe" | b"noembed" | b"noframes" | b"noscript"
    )
}

/// Attributes the importer reads (see `html::Attrs`; `name` in lowercase); every other one is
/// dropped.
fn is_kept_attribute(name: &[u8]) -> bool {
    matches!(
        name,
        b"class"
            | b"id"
            | b"role"
            | b"itemprop"
            | b"rel"
            | b"style"
            | b"hidden"
            | b"aria-hidden"
            | b"property"
            | b"name"
            | b"content"
            | b"href"
            | b"type"
            | b"datetime"
            | b"lang"
            | b"xml:lang"
            | b"http-equiv"
            | b"charset"
    )
}

/// Elements whose text keeps its spaces and line breaks (the importer reads `<pre>` as it is;
/// the parser drops a line break right after either start tag, so their runs are not shortened).
fn is_preformatted(name: &[u8]) -> bool {
    name == b"pre" || name == b"listing"
}

/// Scans `src` (see the module docs).
pub(crate) fn scan(src: &str) -> Scan<'_> {
    let b = src.as_bytes();
    let (mut cost, mut depth, mut max) = (0u64, 0usize, 0usize);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut drops: Vec<(usize, usize)> = Vec::new();
    // Open `<pre>` and `<listing>` elements: their text is copied as it is.
    let mut preformatted = 0usize;
    let mut buf = [0u8; NAME_MAX];
    let mut i = 0;
    let cut = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(src.len() / 2));
        o.push_str(src.get(*copied..from).unwrap_or_default());
        *copied = to;
    };
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let lt = i + off;
        if preformatted == 0 {
            space_runs(b, i, lt, |from, to| cut(&mut out, &mut copied, from, to));
        }
        i = lt + 1;
        match b.get(i) {
            Some(b'!') => {
                i = if b[i..].starts_with(b"!--") {
                    comment_end(b, i + 3)
                } else {
                    after_gt(b, i)
                };
                continue;
            }
            Some(b'?') => {
                i = after_gt(b, i);
                continue;
            }
            Some(b'/') => {
                let raw_name = tag_name(b, i + 1);
                let name = lower(raw_name, &mut buf);
                if !raw_name.is_empty() && !is_flat(name) {
                    depth = depth.saturating_sub(1);
                }
                if is_preformatted(name) {
                    preformatted = preformatted.saturating_sub(1);
                }
                i = tag_end(b, i + 1).0;
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let raw_name = tag_name(b, i);
        let name = lower(raw_name, &mut buf);
        drops.clear();
        let (end, self_closing) = attributes(b, name, i + raw_name.len(), &mut drops);
        for &(from, to) in &drops {
            cut(&mut out, &mut copied, from, to);
        }
        i = end;
        if is_raw_text(name) {
            // The element's text runs to its own end tag; it adds no depth that lasts.
            let raw = name;
            let close = find_end_tag(b, raw, end);
            let content = &b[end.min(close)..close];
            let keep = !is_never_read(raw)
                || raw == b"script"
                    && (contains_ci(&b[lt..end], b"ld+json")
                        || find(content, b"<!--", 0).is_some());
            if !keep && !content.is_empty() {
                cut(&mut out, &mut copied, end, close);
            }
            i = if close < b.len() {
                tag_end(b, close + 2 + raw.len()).0
            } else {
                b.len()
            };
            continue;
        }
        if name == b"plaintext" {
            // The rest of the page is text, read as it is.
            preformatted += 1;
            i = b.len();
            break;
        }
        // A self-closing slash on `<pre/>` is ignored: the element opens all the same.
        preformatted += usize::from(is_preformatted(name));
        if !self_closing && !is_flat(name) {
            cost += depth as u64;
            depth += 1;
            max = max.max(depth);
        }
    }
    if preformatted == 0 {
        space_runs(b, i.min(b.len()), b.len(), |from, to| {
            cut(&mut out, &mut copied, from, to)
        });
    }
    let text = match out {
        Some(mut o) => {
            o.push_str(src.get(copied..).unwrap_or_default());
            Cow::Owned(o)
        }
        None => Cow::Borrowed(src),
    };
    Scan {
        text,
        cost,
        depth: max,
    }
}

/// Spaces as the tokenizer knows them (a tree builder tells text that is only spaces from
/// other text by these).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Calls `drop(from, to)` for every run of two or more spaces in `b[start..end]`, leaving its
/// first character: a text of spaces stays one (so the tree keeps its shape), and the
/// importer collapses every run to one space when it reads text.
fn space_runs(b: &[u8], start: usize, end: usize, mut drop: impl FnMut(usize, usize)) {
    let mut k = start;
    while k + 1 < end {
        if !is_space(b[k + 1]) {
            // The next byte ends no run: step over both.
            k += 2;
            continue;
        }
        if !is_space(b[k]) {
            k += 1;
            continue;
        }
        // Indentation is mostly spaces: eight at a time.
        let mut e = k + 2;
        loop {
            while b.get(e..e + 8).is_some_and(|w| w == b"        ") && e + 8 <= end {
                e += 8;
            }
            if e < end && is_space(b[e]) {
                e += 1;
            } else {
                break;
            }
        }
        drop(k + 1, e);
        k = e + 1;
    }
}

/// The position after a comment whose text starts at `i` (after `<!--`), as the tokenizer
/// ends it: `<!-->` and `<!--->` are empty comments, else the first `-->` or `--!>`.
fn comment_end(b: &[u8], i: usize) -> usize {
    let rest = b.get(i..).unwrap_or_default();
    if rest.starts_with(b">") {
        return i + 1;
    }
    if rest.starts_with(b"->") {
        return i + 2;
    }
    // `--!>` is looked for only before the first `-->`, so each byte is read once or twice.
    let close = find(b, b"-->", i).map_or(b.len(), |e| e + 3);
    let bang = b
        .get(i..close)
        .and_then(|r| memchr::memmem::find(r, b"--!>"))
        .map(|e| i + e + 4);
    bang.unwrap_or(close)
}

/// The tag name starting at `i`: up to a space, `/` or `>`.
fn tag_name(b: &[u8], i: usize) -> &[u8] {
    let rest = b.get(i..).unwrap_or_default();
    let n = rest
        .iter()
        .take_while(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        .count();
    &rest[..n]
}

/// The position after the `>` that ends the tag whose attributes start at `i`, skipping quoted
/// attribute values, and whether the tag ends with `/>`.
fn tag_end(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut after_eq = false;
    let mut prev = 0u8;
    while let Some(&c) = b.get(i) {
        match c {
            b'>' => return (i + 1, prev == b'/'),
            b'"' | b'\'' if after_eq => {
                i = memchr::memchr(c, &b[i + 1..]).map_or(b.len(), |q| i + 1 + q + 1);
                after_eq = false;
                prev = c;
                continue;
            }
            b'=' => after_eq = true,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
            _ => after_eq = false,
        }
        prev = c;
        i += 1;
    }
    (b.len(), false)
}

/// The position after the next `>` from `i`.
fn after_gt(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .and_then(|r| memchr::memchr(b'>', r))
        .map_or(b.len(), |p| i + p + 1)
}

/// Reads the attributes of a start tag named `tag` (in lowercase) from `i` as the tokenizer
/// does, noting the byte ranges of those the importer never reads in `drops`. Returns the
/// position after the tag's `>` and whether the tag ends with `/>`.
fn attributes(
    b: &[u8],
    tag: &[u8],
    mut i: usize,
    drops: &mut Vec<(usize, usize)>,
) -> (usize, bool) {
    let n = b.len();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut seen_style = false;
    loop {
        let mut slash = false;
        while i < n && (ws(b[i]) || b[i] == b'/') {
            slash = b[i] == b'/';
            i += 1;
        }
        if i >= n {
            return (n, false);
        }
        if b[i] == b'>' {
            return (i + 1, slash);
        }
        // A name runs to a space, `/`, `>` or `=` (a leading `=` belongs to it).
        let start = i;
        i += 1;
        while i < n && !ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &b[start..i];
        let mut j = i;
        while j < n && ws(b[j]) {
            j += 1;
        }
        let mut value: &[u8] = &[];
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && ws(b[j]) {
                j += 1;
            }
            let from = j;
            match b.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    j = memchr::memchr(q, &b[j + 1..]).map_or(n, |p| j + 1 + p + 1);
                }
                _ => {
                    while j < n && !ws(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                }
            }
            value = &b[from..j];
            i = j;
        }
        if !read_attribute(tag, name, value, &mut seen_style) {
            drops.push((start, i));
        }
    }
}

/// Whether the importer reads attribute `name` of an element `tag` (see `html::Attrs`), given
/// the source text of its `value`. `seen_style` is set by the element's first `style`: the
/// parser keeps the first of a repeated attribute, so later ones are dropped.
fn read_attribute(tag: &[u8], name: &[u8], value: &[u8], seen_style: &mut bool) -> bool {
    let mut buf = [0u8; NAME_MAX];
    match lower(name, &mut buf) {
        // Only a `<link rel=canonical>` is read for its address.
        b"href" => tag == b"link",
        b"name" | b"property" => tag == b"meta",
        b"style" => {
            let first = !*seen_style;
            *seen_style = true;
            first && may_hide(value)
        }
        name => is_kept_attribute(name),
    }
}

/// Whether a `style` value (its source text) may hide its element: the importer reads a style
/// only for `display:none` and `visibility:hidden` (spaces and case aside). A value with a
/// character reference or any character outside ASCII is kept as it is.
fn may_hide(value: &[u8]) -> bool {
    if value.iter().any(|&c| c == b'&' || c == 0 || !c.is_ascii()) {
        return true;
    }
    let compact: Vec<u8> = value
        .iter()
        .filter(|c| !c.is_ascii_whitespace() && **c != 0x0b)
        .map(u8::to_ascii_lowercase)
        .collect();
    find(&compact, b"display:none", 0).is_some()
        || find(&compact, b"visibility:hidden", 0).is_some()
}

/// The position of `</name` (any case) followed by a space, `/` or `>`, from `i`; else the end.
fn find_end_tag(b: &[u8], name: &[u8], mut i: usize) -> usize {
    while let Some(p) = b.get(i..).and_then(|r| memchr::memmem::find(r, b"</")) {
        let at = i + p;
        let n = at + 2;
        if b.get(n..n + name.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
            && b.get(n + name.len())
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_text_is_dropped_and_the_rest_kept() {
        let page = "<html><head><title>A <b> title</title><style>p{color:red}</style>\
                    <script type=\"application/ld+json\">{\"a\": 1}</script>\
                    <script>var x = '<p>not text</p>';</SCRIPT ></head>\
                    <body><p data-x=\"<script>\">One</p><noscript><p>Enable it</p></noscript>\
                    <textarea>typed</textarea></body></html>";
        let s = scan(page);
        assert_eq!(
            s.text,
            "<html><head><title>A <b> title</title><style></style>\
             <script type=\"application/ld+json\">{\"a\": 1}</script>\
             <script></SCRIPT ></head>\
             <body><p >One</p><noscript></noscript>\
             <textarea></textarea></body></html>"
        );
    }

    #[test]
    fn attributes_never_read_are_dropped() {
        let page = "<div class=\"a b\" data-big='{\"x\": \">\"}' onclick=go() ID=main hidden>\
                    <img srcset=\"a.jpg 1x\" alt=x/><a href=/x/ rel=author>N</a>\
                    <meta property=og:title content='T'><p =odd title>é</p></div>";
        assert_eq!(
            scan(page).text,
            "<div class=\"a b\"   ID=main hidden><img  ><a  rel=author>N</a>\
             <meta property=og:title content='T'><p  >é</p></div>"
        );
        // `alt=x/` is a value ending in a slash, as the tokenizer reads it; a page with nothing
        // to drop is not copied.
        assert!(matches!(scan("<p class=x>a</p>").text, Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_read_on_some_elements_only_are_dropped_elsewhere() {
        // An address is read on `<link>` only, `name` and `property` on `<meta>` only.
        let page = "<a href=/x class=c>l</a><LINK rel=canonical HREF=/y>\
                    <meta name=author content=N><div name=n property=p>t</div>";
        assert_eq!(
            scan(page).text,
            "<a  class=c>l</a><LINK rel=canonical HREF=/y>\
             <meta name=author content=N><div  >t</div>"
        );
    }

    #[test]
    fn a_style_is_kept_only_when_it_may_hide_its_element() {
        let page = "<p style=\"color: red\">a</p><p STYLE=\"DISPLAY : None\">b</p>\
                    <p style='visibility:&#104;idden'>c</p><p style=x style=\"display:none\">d</p>\
                    <p style=\"display:\u{a0}none\">e</p>";
        // A character reference or a character outside ASCII may spell a hiding style; a
        // second style is ignored by the parser, so it goes too.
        assert_eq!(
            scan(page).text,
            "<p >a</p><p STYLE=\"DISPLAY : None\">b</p>\
             <p style='visibility:&#104;idden'>c</p><p  >d</p>\
             <p style=\"display:\u{a0}none\">e</p>"
        );
    }

    #[test]
    fn runs_of_spaces_keep_their_first_character() {
        let page = "<div>\n    <p>One   two\n\n three</p>  \t <p>x</p>\n</div>\n\n";
        assert_eq!(
            scan(page).text,
            "<div>\n<p>One two\nthree</p> <p>x</p>\n</div>\n"
        );
        // Preformatted text is left as it is, up to its end tag.
        let page = "<p>a  b</p><PRE>x  <b>y</b>\n\n  z</pre><p>c  d</p>\
                    <listing>\n\n e</listing>  <pre><pre> 1  </pre>  2 </pre>  3";
        assert_eq!(
            scan(page).text,
            "<p>a b</p><PRE>x  <b>y</b>\n\n  z</pre><p>c d</p>\
             <listing>\n\n e</listing> <pre><pre> 1  </pre>  2 </pre> 3"
        );
        assert_eq!(scan("<pre/>  a").text, "<pre/>  a");
        // Long runs of indentation, mixed with tabs and line breaks, up to a tag's `<`.
        let page = format!(
            "<p>a{}\t{}b</p>\n{}<p>c{}<i class='x{}'>",
            " ".repeat(20),
            " ".repeat(9),
            " ".repeat(16),
            " ".repeat(7),
            " ".repeat(12)
        );
        assert_eq!(
            scan(&page).text,
            format!("<p>a b</p>\n<p>c <i class='x{}'>", " ".repeat(12))
        );
        assert_eq!(scan("a  <plaintext>b  c").text, "a <plaintext>b  c");
        // Raw text, attribute values and comments are not text.
        let page = "<title>A   title</title><script type=application/ld+json>{\"a\":  1}</script>\
                    <p class='x  y'>a<!--  --></p>";
        assert_eq!(scan(page).text, page);
        assert!(matches!(
            scan("<p>a b</p>\n<p>c</p>").text,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        // `<!-->` and `<!--->` are whole comments; `--!>` ends one: the tags after them are
        // read (their unread attributes dropped).
        for open in ["<!-->", "<!--->", "<!-- a --!>", "<!-- a -- b -->"] {
            assert_eq!(
                scan(&format!("{open}<p data-x=1>a</p>")).text,
                format!("{open}<p >a</p>")
            );
        }
        let page = "<!-- <p data-x=1>a  b</p> --><!-- -- --!-><p data-x=1>";
        assert_eq!(scan(page).text, page);
    }

    /// The page's nodes in document order: element names, and texts with their runs of spaces
    /// collapsed (as they are inside `<pre>`).
    fn shape(page: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(page);
        doc.tree
            .root()
            .descendants()
            .map(|n| match n.value() {
                scraper::Node::Element(e) => format!("<{}>", e.name()),
                scraper::Node::Text(t) => {
                    let in_pre = n
                        .ancestors()
                        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "pre"));
                    if in_pre {
                        return t.to_string();
                    }
                    let mut squeezed = String::new();
                    for c in t.chars() {
                        let space = c.is_ascii_whitespace();
                        if !(space && squeezed.ends_with(' ')) {
                            squeezed.push(if space { ' ' } else { c });
                        }
                    }
                    squeezed
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_tree_keeps_its_shape() {
        let page = "<html>\n <head>\n  <title> T </title>\n</head>\n<body>\n\n\
                    <table>\n  <tr>\n    <td> a  </td>\n  </tr>\n</table>\n\
                    <p>x  <b>y</b>  z</p>  <pre>\n\n  code\n</pre>\n\
                    <select>\n  <option>o</option>\n</select>  <svg>\n  <path/>\n</svg>\n\
                    <ul>\n <li>one\n <li>two\n</ul>\n</body>\n</html>\n";
        let scanned = scan(page);
        assert_ne!(scanned.text, page);
        assert_eq!(shape(&scanned.text), shape(page));
    }

    #[test]
    fn a_script_with_a_comment_opener_and_unfinished_ones_are_kept() {
        let page = "<script><!-- document.write('<script></script>') --></script><p>x</p>";
        assert_eq!(scan(page).text, page);
        let page = "<p>a</p><script>never closed <p>b</p>";
        assert_eq!(scan(page).text, "<p>a</p><script>");
        let page = "<p>a</p><script>x</scripts><p>b</p>";
        assert_eq!(scan(page).text, "<p>a</p><script>");
        let page = "<p>a</p><script src=x";
        assert_eq!(scan(page).text, "<p>a</p><script ");
    }

    #[test]
    fn cost_counts_open_depth() {
        let flat = "<p>a</p>".repeat(100);
        assert_eq!(scan(&flat).depth, 0);
        let deep = "<div>".repeat(1000);
        let s = scan(&deep);
        assert_eq!(s.depth, 1000);
        assert_eq!(s.cost, 999 * 1000 / 2);
        let closed = "<div></div>".repeat(1000);
        assert_eq!(scan(&closed).depth, 1);
        // Tags inside comments, scripts and attribute values open nothing.
        let hidden = "<!-- <div><div> --><script><div><div></script><a title='<div>'>x</a>";
        assert_eq!(scan(hidden).depth, 1);
        let flat = "<p>a<p>b<br><img src=x><!-- <div><div> --><script>'<div>'</script><x/>";
        assert_eq!((scan(flat).cost, scan(flat).depth), (0, 0));
        assert_eq!(
            (scan("<div><span><b>").cost, scan("<div><span><b>").depth),
            (3, 3)
        );
        assert_eq!(scan("< div <").depth, 0);
    }

    #[test]
    fn hostile_markup_is_read_in_one_pass() {
        // 100,000 script openers that never close: the first one's text runs to the end.
        let openers = "<script>".repeat(100_000);
        assert_eq!(scan(&openers).text, "<script>");
        // Unbalanced quotes, comment openers, nameless tags and end tags.
        let quotes = "<a title='x>".repeat(100_000);
        assert!(scan(&quotes).depth <= 100_000);
        assert_eq!(scan(&"<!--".repeat(100_000)).depth, 0);
        assert_eq!(scan(&"<".repeat(1_000_000)).depth, 0);
        assert_eq!(scan(&"</".repeat(500_000)).depth, 0);
        // 100,000 nested elements are counted (and refused by the reader), their unread
        // attributes dropped.
        let deep = "<div class=x data-y=z>".repeat(100_000);
        let s = scan(&deep);
        assert_eq!(s.depth, 100_000);
        assert!(s.cost > 40_000_000);
        assert_eq!(s.text.len(), deep.len() - 100_000 * "data-y=z".len());
    }

    #[test]
    fn no_panic_on_cut_markup() {
        for page in [
            "<",
            "</",
            "<!",
            "<!--",
            "<a",
            "<a b='",
            "<script",
            "<script>",
            "<style>x</",
        ] {
            let _ = scan(page);
        }
        let s = scan("é<script>ü</script>ß");
        assert_eq!(s.text, "é<script></script>ß");
    }
}
