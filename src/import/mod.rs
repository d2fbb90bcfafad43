//! PURE: bytes of one file in, articles out. No filesystem, no database, no GUI.
//!
//! Entry point: [`parse`]. It refuses what is not an article (each refusal an [`ImportError`]
//! with a one-line reason), decodes the bytes ([`decode`] explains the encoding rules), picks
//! the format and hands the text to its reader:
//!
//! | format | reader | `Article::text` is |
//! |---|---|---|
//! | plain text | [`text`] | the whole file (offsets count from the file start) |
//! | Markdown | [`markdown`] | the body without front matter, markup lightly stripped |
//! | HTML | [`html`] | the readable article text, blocks separated by blank lines |
//! | JSON / JSON Lines | [`json`] | each entry's text field (one file, many articles) |
//!
//! Format: by extension (`.txt .text .md .markdown .html .htm .xhtml .json .jsonl .ndjson`),
//! otherwise by sniffing the text: `<!doctype html`/`<html` (or a common element such as `<div>`
//! for a saved fragment) is HTML, other XML is refused, `{`/`[` is JSON (plain text when it does
//! not parse), front matter or a `#` heading is Markdown, anything else is text.
//! Binary files are refused first, whatever their name.
//! Line endings are always `\n`.

mod date;
mod decode;
mod html;
mod html_scan;
mod json;
mod jsonld;
mod lang;
mod markdown;
mod pdf;
mod text;

pub use date::normalize_date;

use crate::model::{Article, Format};

/// Files larger than this are refused without being parsed.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file could not be imported. Messages are written for people, not programmers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file contains only blank space")]
    Blank,
    #[error("the file is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("this looks like {what}, not an article")]
    Binary { what: String },
    #[error(
        "this is {what}, which cannot be imported: save the article as text, Markdown, HTML, PDF or JSON"
    )]
    Unsupported { what: String },
    #[error(
        "the text is not valid UTF-8 (first bad byte at offset {offset}) and does not look like a legacy encoding such as Windows-1252"
    )]
    Encoding { offset: usize },
    #[error("the {format} could not be read: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
    #[error("no article text was found in the file")]
    NoText,
    #[error("the PDF is protected by a password, so its text cannot be read")]
    PdfEncrypted,
    #[error("the PDF has no text layer: it may be a scan (only pictures of pages)")]
    PdfNoText,
    #[error("no article was found in the page: {found}")]
    NoArticle { found: String },
    #[error(
        "the JSON holds no article text (no entry has a \"text\", \"body\" or \"content\" field)"
    )]
    NoArticleFields,
}

/// Result of parsing one file: the articles it holds (a JSON file may hold many), how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    /// Name of the text encoding detected, e.g. "UTF-8", "windows-1252", "UTF-16LE".
    pub encoding: &'static str,
    pub articles: Vec<Article>,
    /// Things worth telling the user that did not stop the import (skipped JSON entries).
    pub warnings: Vec<String>,
}

/// Parses one file. `name` is the file name (its extension guides format detection).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if is_pdf(bytes) {
        let article = pdf::parse(bytes).map_err(|e| match e {
            pdf::PdfError::Encrypted => ImportError::PdfEncrypted,
            pdf::PdfError::NoText => ImportError::PdfNoText,
            pdf::PdfError::Broken(reason) => ImportError::Malformed {
                format: "PDF",
                reason,
            },
        })?;
        if article.text.trim().is_empty() {
            return Err(ImportError::PdfNoText);
        }
        return Ok(Parsed {
            format: Format::Pdf,
            encoding: "PDF",
            articles: vec![article],
            warnings: Vec::new(),
        });
    }
    if let Some(refusal) = decode::magic(bytes) {
        return Err(refusal.into());
    }
    let by_ext = format_by_extension(name);
    let markup =
        matches!(by_ext, Some((Format::Html, _))) || (by_ext.is_none() && starts_with_tag(bytes));
    let decoded = decode::decode(bytes, markup)?;
    if matches!(by_ext, Some((Format::Json, _))) && !decoded.encoding.starts_with("UTF-") {
        // JSON is Unicode by definition (RFC 8259): guessing a legacy encoding would import
        // garbled text without a word.
        return Err(ImportError::Malformed {
            format: "JSON",
            reason: format!(
                "it is not Unicode text (it reads as {}), and JSON files must be UTF-8",
                decoded.encoding
            ),
        });
    }
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(ImportError::Blank);
    }
    let (format, json_lines) = match by_ext {
        Some(f) => f,
        None => sniff(&text)?,
    };
    let mut warnings = Vec::new();
    let articles = match format {
        Format::Text => vec![text::parse(text)],
        Format::Markdown => vec![markdown::parse(&text)],
        Format::Html => vec![html::parse(&text).map_err(|e| match e {
            html::HtmlError::NoText(found) => ImportError::NoArticle { found },
            html::HtmlError::TooDeep { depth } => ImportError::Malformed {
                format: "HTML",
                reason: format!(
                    "its tags are nested {depth} levels deep, far more than any article"
                ),
            },
        })?],
        Format::Json if by_ext.is_none() => match json::parse(&text, json_lines) {
            Ok((articles, w)) => {
                warnings = w;
                articles
            }
            // Sniffed as JSON only because it opens with a bracket: it is text after all.
            Err(ImportError::Malformed { .. }) => {
                return Ok(Parsed {
                    format: Format::Text,
                    encoding: decoded.encoding,
                    articles: vec![text::parse(text)],
                    warnings,
                });
            }
            Err(e) => return Err(e),
        },
        Format::Pdf => {
            return Err(ImportError::Malformed {
                format: "PDF",
                reason: "it is named .pdf but does not start like a PDF document".into(),
            });
        }
        Format::Json => {
            let (articles, w) = json::parse(&text, json_lines)?;
            warnings = w;
            articles
        }
    };
    if articles.iter().all(|a| a.text.trim().is_empty()) {
        return Err(ImportError::NoText);
    }
    Ok(Parsed {
        format,
        encoding: decoded.encoding,
        articles,
        warnings,
    })
}

/// A PDF: the `%PDF-` signature within the first kilobyte (the format allows leading bytes).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The format a file name's extension names, and whether it is JSON Lines.
fn format_by_extension(name: &str) -> Option<(Format, bool)> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "txt" | "text" => (Format::Text, false),
        "md" | "markdown" | "mdown" | "mkd" => (Format::Markdown, false),
        "html" | "htm" | "xhtml" | "shtml" => (Format::Html, false),
        "json" => (Format::Json, false),
        "jsonl" | "ndjson" => (Format::Json, true),
        "pdf" => (Format::Pdf, false),
        _ => return None,
    })
}

/// Cheap byte-level check for markup at the start (after a BOM and white space), so a declared
/// charset is looked for before decoding.
fn starts_with_tag(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    b.trim_ascii_start().starts_with(b"<")
}

/// Picks the format of a file whose extension says nothing.
fn sniff(text: &str) -> Result<(Format, bool), ImportError> {
    let t = text.trim_start();
    let head: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
        || head.starts_with("<head")
        || head.starts_with("<body")
        || head.starts_with("<!--") && head.contains("<html")
        || opens_with_html_tag(&head)
    {
        return Ok((Format::Html, false));
    }
    if head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed") {
        return Err(ImportError::Unsupported {
            what: "an XML document (not a web page)".into(),
        });
    }
    if head.starts_with('{') || head.starts_with('[') {
        return Ok((Format::Json, false));
    }
    if text.starts_with("---\n") || text.starts_with("+++\n") || t.starts_with("# ") {
        return Ok((Format::Markdown, false));
    }
    Ok((Format::Text, false))
}

/// A page fragment saved without `<html>`: it opens with a common HTML element.
fn opens_with_html_tag(head: &str) -> bool {
    const TAGS: &[&str] = &[
        "p", "div", "article", "main", "section", "h1", "h2", "h3", "meta", "title", "span",
        "table", "header", "link", "style", "script",
    ];
    let Some(rest) = head.strip_prefix('<') else {
        return false;
    };
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let after = rest.as_bytes().get(name_len).copied();
    TAGS.contains(&&rest[..name_len]) && matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'/'))
}

/// Key for duplicate detection: a SHA-256 of the text with whitespace runs collapsed to one
/// space, outer whitespace dropped and case folded, so the same article saved twice (or with
/// other line endings or spacing) is recognised. Lower-casing the whole text in one call and
/// hashing word by word keeps this cheap on every imported file.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let lower = text.to_lowercase();
    let b = lower.as_bytes();
    let mut h = Sha256::new();
    // Words are what `str::split_whitespace` yields; this byte loop finds the same ones an
    // order of magnitude faster in unoptimised builds.
    let (mut i, mut word_start, mut any) = (0, None, false);
    while i < b.len() {
        let c = b[i];
        let space_len = if c < 0x80 {
            usize::from(matches!(c, b' ' | b'\t'..=b'\r'))
        } else if matches!(c, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
            // The lead bytes of every non-ASCII white space character.
            lower
                .get(i..)
                .and_then(|r| r.chars().next())
                .filter(|ch| ch.is_whitespace())
                .map_or(0, char::len_utf8)
        } else {
            0
        };
        if space_len == 0 {
            word_start.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(s) = word_start.take() {
            if any {
                h.update(b" ");
            }
            h.update(&b[s..i]);
            any = true;
        }
        i += space_len;
    }
    if let Some(s) = word_start {
        if any {
            h.update(b" ");
        }
        h.update(&b[s..]);
    }
    let mut hex = String::with_capacity(64);
    for b in h.finalize() {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
