//! The DOCX summary (Office Open XML, as Word and LibreOffice read it), written by hand: a zip
//! archive of a few XML parts. It follows the plan in [`super::brief`] with real headings (Word's
//! built-in "heading 1-3" styles, so the navigation pane and tables of contents work), page
//! breaks before the actor sections and the sources, every citation as a footnote in words, and
//! the sources as a table with links to the articles' web addresses.
//!
//! Parts: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`, `word/document.xml`,
//! `word/styles.xml`, `word/settings.xml`, `word/footnotes.xml` and
//! `word/_rels/document.xml.rels` (styles, settings, footnotes and one external hyperlink per web
//! address). Every piece of text goes through [`escape`]: XML's five special characters become
//! entities and characters XML 1.0 forbids are dropped or made spaces, so no article text can
//! change the document's structure.

use std::io::{self, Write};

use super::brief::{
    self, ALIASES_SHOWN, Brief, GROUP_QUOTES_SHOWN, QUOTES_ABOUT_SHOWN, QUOTES_SHOWN,
};
use super::zip_out::Archive;
use super::{
    CITATIONS_SHOWN, Citation, Options, Paper, Summary, SummaryQuote, citation_short,
    citation_words, date_range_words, date_words, single_line, web_url,
};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Writes the summary as a `.docx` file.
pub fn docx(s: &Summary, opts: &Options, out: &mut impl Write) -> io::Result<()> {
    let b = Brief::new(s, opts);
    let mut d = Doc::default();
    body(&b, &mut d);
    let (width, height) = match opts.paper {
        Paper::Letter => (12_240, 15_840),
        Paper::Auto | Paper::A4 => (11_906, 16_838),
    };
    d.body.push_str(&format!(
        "<w:sectPr><w:pgSz w:w=\"{width}\" w:h=\"{height}\"/><w:pgMar w:top=\"1077\" w:right=\"1077\" w:bottom=\"1077\" w:left=\"1077\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    ));

    let mut archive = Archive::new();
    archive.add("[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    archive.add("_rels/.rels", ROOT_RELS.as_bytes())?;
    archive.add("docProps/core.xml", core(s).as_bytes())?;
    archive.add(
        "word/document.xml",
        format!(
            "{HEAD}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}</w:body></w:document>",
            d.body
        )
        .as_bytes(),
    )?;
    archive.add("word/styles.xml", styles().as_bytes())?;
    archive.add(
        "word/settings.xml",
        format!(
            "{HEAD}<w:settings xmlns:w=\"{W}\"><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr></w:settings>"
        )
        .as_bytes(),
    )?;
    archive.add("word/footnotes.xml", d.footnotes_xml().as_bytes())?;
    archive.add("word/_rels/document.xml.rels", d.rels_xml().as_bytes())?;
    archive.finish(out)
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "</Relationships>"
);

fn core(s: &Summary) -> String {
    let created = s
        .generated_at
        .as_deref()
        .map(|g| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>",
                escape(g)
            )
        })
        .unwrap_or_default();
    format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>Dossier</dc:creator>{created}</cp:coreProperties>",
        escape(&s.title)
    )
}

fn styles() -> String {
    let heading = |id: &str, n: u8, size: u16, before: u16| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"80\"/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1D2330\"/><w:sz w:val=\"{size}\"/></w:rPr></w:style>",
            n - 1
        )
    };
    format!(
        concat!(
            "{head}<w:styles xmlns:w=\"{w}\">",
            "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Arial\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>",
            "<w:pPrDefault><w:pPr><w:spacing w:after=\"60\" w:line=\"259\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"120\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"40\"/></w:rPr></w:style>",
            "{h1}{h2}{h3}",
            "<w:style w:type=\"paragraph\" w:styleId=\"Meta\"><w:name w:val=\"Summary details\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:color w:val=\"5C6475\"/><w:sz w:val=\"18\"/></w:rPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Entry\"><w:name w:val=\"Summary entry\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepLines/><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"QuoteLine\"><w:name w:val=\"Summary quote\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepLines/><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>",
            "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>",
            "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"24549C\"/><w:u w:val=\"single\"/></w:rPr></w:style>",
            "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>",
            "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/>",
            "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/>",
            "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"D6D9E0\"/>",
            "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
            "</w:styles>"
        ),
        head = HEAD,
        w = W,
        h1 = heading("Heading1", 1, 30, 240),
        h2 = heading("Heading2", 2, 25, 200),
        h3 = heading("Heading3", 3, 22, 160),
    )
}

/// A run of text: plain, italic or bold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Plain,
    Italic,
    Bold,
}

/// The document being written: body XML, footnotes and external links.
#[derive(Default)]
struct Doc {
    body: String,
    footnotes: Vec<String>,
    links: Vec<String>,
}

impl Doc {
    /// Starts a paragraph with a style (`None`: Normal).
    fn open(&mut self, style: Option<&str>, page_break: bool) {
        self.body.push_str("<w:p>");
        if style.is_some() || page_break {
            self.body.push_str("<w:pPr>");
            if let Some(st) = style {
                self.body.push_str(&format!("<w:pStyle w:val=\"{st}\"/>"));
            }
            if page_break {
                self.body.push_str("<w:pageBreakBefore/>");
            }
            self.body.push_str("</w:pPr>");
        }
    }

    fn close(&mut self) {
        self.body.push_str("</w:p>");
    }

    fn run(&mut self, text: &str, look: Look) {
        run_into(&mut self.body, text, look);
    }

    /// A footnote reference here, the note holding `text`.
    fn note(&mut self, text: &str) {
        self.footnotes.push(text.to_string());
        let id = self.footnotes.len();
        self.body.push_str(&format!(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        ));
    }

    /// A whole paragraph of one run.
    fn para(&mut self, style: Option<&str>, text: &str) {
        self.open(style, false);
        self.run(text, Look::Plain);
        self.close();
    }

    fn heading(&mut self, level: u8, text: &str, page_break: bool) {
        let style = format!("Heading{level}");
        self.open(Some(style.as_str()), page_break);
        self.run(text, Look::Plain);
        self.close();
    }

    /// An external link (to a checked web address).
    fn link(&mut self, url: &str, text: &str) {
        self.links.push(url.to_string());
        let id = self.links.len() + 3;
        self.body
            .push_str(&format!("<w:hyperlink r:id=\"rId{id}\" w:history=\"1\">"));
        self.body.push_str(
            "<w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">",
        );
        escape_into(&mut self.body, text);
        self.body.push_str("</w:t></w:r></w:hyperlink>");
    }

    fn footnotes_xml(&self) -> String {
        let mut x = format!(
            "{HEAD}<w:footnotes xmlns:w=\"{W}\" xmlns:r=\"{R}\">\
             <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
             <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        );
        for (i, text) in self.footnotes.iter().enumerate() {
            x.push_str(&format!(
                "<w:footnote w:id=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>",
                i + 1
            ));
            run_into(&mut x, &format!(" {text}"), Look::Plain);
            x.push_str("</w:p></w:footnote>");
        }
        x.push_str("</w:footnotes>");
        x
    }

    fn rels_xml(&self) -> String {
        let mut x = format!(
            "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
             <Relationship Id=\"rId2\" Type=\"{REL}/settings\" Target=\"settings.xml\"/>\
             <Relationship Id=\"rId3\" Type=\"{REL}/footnotes\" Target=\"footnotes.xml\"/>"
        );
        for (i, url) in self.links.iter().enumerate() {
            x.push_str(&format!(
                "<Relationship Id=\"rId{}\" Type=\"{REL}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
                i + 4,
                escape(url)
            ));
        }
        x.push_str("</Relationships>");
        x
    }
}

fn run_into(out: &mut String, text: &str, look: Look) {
    out.push_str("<w:r>");
    match look {
        Look::Plain => {}
        Look::Italic => out.push_str("<w:rPr><w:i/></w:rPr>"),
        Look::Bold => out.push_str("<w:rPr><w:b/></w:rPr>"),
    }
    out.push_str("<w:t xml:space=\"preserve\">");
    escape_into(out, text);
    out.push_str("</w:t></w:r>");
}

fn body(b: &Brief, d: &mut Doc) {
    let s = b.s;
    d.para(Some("Title"), &s.title);
    d.open(None, false);
    d.run(&s.period_line(), Look::Bold);
    d.close();
    d.para(
        Some("Meta"),
        &format!("Scope: {}. Found: {}.", s.scope_line(), s.totals_line()),
    );
    let mut made = Vec::new();
    if let Some(x) = &s.dossier {
        made.push(format!("dossier {x}"));
    }
    if let Some(g) = &s.generated_at {
        made.push(format!("generated {g}"));
    }
    if !made.is_empty() {
        d.para(Some("Meta"), &format!("Made from {}.", made.join(", ")));
    }
    d.para(
        Some("Meta"),
        "Each quote and fact has a footnote naming its source: [n] is source n in the table at the end; “para.” is the paragraph of the article.",
    );

    d.heading(1, "In brief", false);
    d.heading(2, "Who matters most", false);
    if b.headline.is_empty() {
        d.para(None, "No actors.");
    }
    for (i, a) in b.headline.iter().enumerate() {
        d.open(Some("Entry"), false);
        d.run(&format!("{}. ", i + 1), Look::Plain);
        d.run(&a.name, Look::Bold);
        let mut rest = format!(" ({})", a.kind.label());
        let facts: Vec<String> = [brief::role_words(a), brief::affiliation_words(a)]
            .into_iter()
            .flatten()
            .collect();
        if !facts.is_empty() {
            rest.push_str(": ");
            rest.push_str(&facts.join("; "));
        }
        rest.push_str(&format!(". {}.", brief::presence_words(a)));
        d.run(&rest, Look::Plain);
        d.close();
        if let Some(q) = a.representative_quote.and_then(|id| b.quote(id)) {
            quote_para(d, s, q, false, "QuoteLine", "");
        }
    }

    d.heading(2, "Key quotes", false);
    if b.key_quotes.is_empty() {
        d.para(None, "No quotes.");
    }
    for (i, q) in b.key_quotes.iter().enumerate() {
        quote_para(d, s, q, true, "Entry", &format!("{}. ", i + 1));
    }

    d.heading(2, "Topics", false);
    if s.topics.is_empty() {
        d.para(None, "No topics.");
    } else {
        let topics = brief::topics_sentence(&s.topics, |l| single_line(l).into_owned());
        d.para(None, &topics);
    }

    d.heading(2, "Timeline", false);
    if s.timeline.is_empty() {
        d.para(None, "No dated articles.");
    } else if b.by_day() {
        for (day, articles) in b.days() {
            let list: Vec<String> = articles
                .iter()
                .map(|a| match &a.source {
                    Some(src) => format!("[{}] {} ({})", a.reference, a.title, src),
                    None => format!("[{}] {}", a.reference, a.title),
                })
                .collect();
            d.open(Some("Entry"), false);
            d.run(&format!("{}: ", date_words(day)), Look::Bold);
            d.run(&list.join("; "), Look::Plain);
            d.close();
        }
    } else {
        let rows: Vec<Vec<String>> = s
            .timeline
            .iter()
            .map(|m| {
                vec![
                    date_words(&m.month),
                    m.articles.to_string(),
                    m.mentions.to_string(),
                    m.quotes.to_string(),
                ]
            })
            .collect();
        table(
            d,
            &[
                ("Month", 2200),
                ("Articles", 1400),
                ("Mentions", 1400),
                ("Quotes", 1400),
            ],
            rows.iter()
                .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect()),
        );
    }

    d.heading(1, "Leading actors", true);
    if b.leading.is_empty() {
        d.para(None, "No actors.");
    } else if !b.whole && s.totals.actors > b.leading.len() as u64 {
        d.para(
            Some("Meta"),
            &format!(
                "The {} most salient of {} actors; all of them are in the JSON and CSV exports.",
                b.leading.len(),
                s.totals.actors
            ),
        );
    }
    for a in &b.leading {
        d.heading(
            2,
            &format!("{}. {} ({})", a.rank, single_line(&a.name), a.kind.label()),
            false,
        );
        let mut presence = brief::presence_words(a);
        let seen = date_range_words(&a.first_seen, &a.last_seen);
        if !seen.is_empty() {
            presence.push_str(&format!("; named {seen}"));
        }
        d.para(None, &presence);
        if !a.aliases.is_empty() {
            let mut names: Vec<String> = a
                .aliases
                .iter()
                .take(ALIASES_SHOWN)
                .map(|n| single_line(n).into_owned())
                .collect();
            if a.aliases.len() > ALIASES_SHOWN {
                names.push(format!("and {} more", a.aliases.len() - ALIASES_SHOWN));
            }
            d.para(None, &format!("Also called: {}", names.join(", ")));
        }
        let shown = b.facts_shown();
        let facts = a
            .roles
            .iter()
            .take(shown)
            .map(|r| {
                let title = match &r.of {
                    Some(of) => format!("Role: {} of {}", r.title, of),
                    None => format!("Role: {}", r.title),
                };
                (title, &r.first_seen, &r.last_seen, &r.citations)
            })
            .chain(a.affiliations.iter().take(shown).map(|f| {
                (
                    format!("Affiliation: {}", f.name),
                    &f.first_seen,
                    &f.last_seen,
                    &f.citations,
                )
            }));
        for (text, first, last, citations) in facts {
            d.open(Some("Entry"), false);
            let dates = date_range_words(first, last);
            let mut text = text;
            if !dates.is_empty() {
                text.push_str(&format!(", {dates}"));
            }
            d.run(&text, Look::Plain);
            if !citations.is_empty() {
                d.note(&fact_note(s, citations));
            }
            d.close();
        }
        for (hidden, what) in [
            (a.roles.len().saturating_sub(shown), "role"),
            (a.affiliations.len().saturating_sub(shown), "affiliation"),
        ] {
            if hidden > 0 {
                d.para(Some("Entry"), &brief::more_words(hidden, what));
            }
        }
        let (by, left) = b.pick(&a.quotes_by, QUOTES_SHOWN);
        quote_block(
            d,
            s,
            &format!("Quotes by {}:", single_line(&a.name)),
            &by,
            left,
            false,
        );
        let (about, left) = b.pick(&a.quotes_about, QUOTES_ABOUT_SHOWN);
        quote_block(
            d,
            s,
            &format!("Quotes naming {}:", single_line(&a.name)),
            &about,
            left,
            true,
        );
    }
    if !b.groups.is_empty() {
        d.heading(2, "Other voices", false);
        d.para(
            Some("Meta"),
            "Quotes whose speaker is named only by a description.",
        );
        for g in &b.groups {
            let (quotes, left) = b.pick(&g.quotes, GROUP_QUOTES_SHOWN);
            quote_block(
                d,
                s,
                &format!("{}:", single_line(&g.description)),
                &quotes,
                left,
                false,
            );
        }
        if s.totals.described_speakers > b.groups.len() as u64 {
            d.para(
                Some("Meta"),
                &format!(
                    "{}.",
                    brief::more_words(
                        (s.totals.described_speakers - b.groups.len() as u64) as usize,
                        "described speaker"
                    )
                ),
            );
        }
    }

    d.heading(1, "Sources", true);
    if let Some(note) = b.sources_note() {
        d.para(None, &note);
    }
    if s.articles.is_empty() {
        d.para(None, "No articles.");
    } else {
        let rows: Vec<Vec<Cell>> = s
            .articles
            .iter()
            .map(|a| {
                let mut title = a.title.clone();
                if let Some(by) = &a.author {
                    title.push_str(&format!(", by {by}"));
                }
                vec![
                    Cell::Text(a.reference.to_string()),
                    Cell::Text(title),
                    Cell::Text(a.source.clone().unwrap_or_default()),
                    Cell::Text(
                        a.date
                            .as_deref()
                            .map_or_else(|| "undated".into(), date_words),
                    ),
                    match a.url.as_deref() {
                        Some(u) => match web_url(u) {
                            Some(u) => Cell::Link(u),
                            None => Cell::Text(u.to_string()),
                        },
                        None => Cell::Text(String::new()),
                    },
                ]
            })
            .collect();
        table(
            d,
            &[
                ("No.", 500),
                ("Headline", 3900),
                ("Outlet", 1700),
                ("Date", 1300),
                ("Link", 2300),
            ],
            rows.into_iter(),
        );
    }
}

/// A footnote for a fact: the first citation in words, then the others in short.
fn fact_note(s: &Summary, citations: &[Citation]) -> String {
    let mut note = String::new();
    if let Some((c, rest)) = citations.split_first() {
        note.push_str(&citation_words(s, c));
        let more: Vec<String> = rest
            .iter()
            .take(CITATIONS_SHOWN - 1)
            .map(citation_short)
            .collect();
        if !more.is_empty() {
            note.push_str(&format!("; also {}", more.join(" ")));
        }
        if rest.len() > CITATIONS_SHOWN - 1 {
            note.push_str(&format!(" and {} more", rest.len() - (CITATIONS_SHOWN - 1)));
        }
        note.push('.');
    }
    note
}

fn quote_block(
    d: &mut Doc,
    s: &Summary,
    heading: &str,
    quotes: &[&SummaryQuote],
    left: usize,
    with_speaker: bool,
) {
    if quotes.is_empty() {
        return;
    }
    d.open(None, false);
    d.run(heading, Look::Bold);
    d.close();
    for q in quotes {
        quote_para(d, s, q, with_speaker, "QuoteLine", "• ");
    }
    if left > 0 {
        d.para(
            Some("QuoteLine"),
            &format!("• {}", brief::more_words(left, "quote")),
        );
    }
}

/// One quote as a paragraph: `“text” — Speaker (said), 14 Jan 2025.` and a footnote citing it.
fn quote_para(
    d: &mut Doc,
    s: &Summary,
    q: &SummaryQuote,
    with_speaker: bool,
    style: &str,
    marker: &str,
) {
    d.open(Some(style), false);
    if !marker.is_empty() {
        d.run(marker, Look::Plain);
    }
    d.run(&q.text, Look::Italic);
    let mut rest = " — ".to_string();
    let how = if with_speaker {
        brief::how_words(q)
    } else {
        brief::how_plain(q)
    };
    match (with_speaker, how) {
        (true, how) => {
            rest.push_str(&brief::speaker_words(q));
            if let Some(how) = how {
                rest.push_str(&format!(" ({how})"));
            }
            rest.push_str(", ");
        }
        (false, Some(how)) => rest.push_str(&format!("{how}, ")),
        (false, None) => {}
    }
    rest.push_str(&brief::date_words_of(q));
    rest.push('.');
    d.run(&rest, Look::Plain);
    d.note(&format!("{}.", citation_words(s, &q.citation)));
    d.close();
}

enum Cell {
    Text(String),
    Link(String),
}

/// A table with a repeated header row; widths in twentieths of a point.
fn table(d: &mut Doc, columns: &[(&str, u32)], rows: impl Iterator<Item = Vec<Cell>>) {
    d.body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for (_, w) in columns {
        d.body.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    d.body.push_str("</w:tblGrid>");
    d.body
        .push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (name, w) in columns {
        cell_open(d, *w);
        d.run(name, Look::Bold);
        d.body.push_str("</w:p></w:tc>");
    }
    d.body.push_str("</w:tr>");
    for row in rows {
        d.body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (cell, (_, w)) in row.into_iter().zip(columns) {
            cell_open(d, *w);
            match cell {
                Cell::Text(t) => d.run(&t, Look::Plain),
                Cell::Link(u) => d.link(&u, &u),
            }
            d.body.push_str("</w:p></w:tc>");
        }
        d.body.push_str("</w:tr>");
    }
    d.body.push_str("</w:tbl>");
    // Word wants a paragraph between a table and what follows.
    d.para(None, "");
}

fn cell_open(d: &mut Doc, width: u32) {
    d.body.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
    ));
}

/// Escapes text for XML element content and attribute values: the five special characters as
/// entities, line breaks and control characters as spaces (single line), and the two
/// non-characters U+FFFE and U+FFFF, which XML 1.0 forbids, dropped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in single_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;
    use crate::export::testdata;

    #[test]
    fn escape_keeps_xml_well_formed() {
        assert_eq!(
            escape("<w:t>a & 'b' \"c\"</w:t>\u{1}x\u{fffe}\u{ffff}y\n"),
            "&lt;w:t&gt;a &amp; &apos;b&apos; &quot;c&quot;&lt;/w:t&gt; xy"
        );
    }

    #[test]
    fn a_docx_is_a_zip_with_the_parts_word_needs() {
        let mut out = Vec::new();
        docx(&testdata::summary("<x&y>"), &Options::default(), &mut out).unwrap();
        assert!(out.starts_with(b"PK\x03\x04"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out)).unwrap();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/footnotes.xml",
            "word/settings.xml",
            "word/_rels/document.xml.rels",
            "docProps/core.xml",
        ] {
            assert!(zip.by_name(part).is_ok(), "{part} missing");
        }
        let mut doc = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
            .unwrap();
        assert!(doc.contains("&lt;x&amp;y&gt;") && !doc.contains("<x&y>"));
        assert!(doc.contains("<w:footnoteReference w:id=\"1\"/>"));
    }
}
