//! PURE: bytes of one file in, articles out. No filesystem, no database, no GUI.
//!
//! Entry point: [`parse`]. (Skeleton: the import issue owner replaces this with the full importer.)

use crate::model::{Article, Format};

/// Files larger than this are refused without being parsed.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Why a file could not be imported. Messages are written for people, not programmers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("this looks like {what}, not an article")]
    Binary { what: String },
    #[error("the {format} could not be read: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
    #[error("no article text was found in the file")]
    NoText,
}

/// Result of parsing one file: the articles it holds (a JSON file may hold many), how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    /// Name of the text encoding detected, e.g. "UTF-8", "windows-1252".
    pub encoding: &'static str,
    pub articles: Vec<Article>,
}

/// Parses one file. `name` is the file name (its extension guides format detection).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let _ = name;
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let mut article = Article {
        text,
        ..Article::default()
    };
    let trimmed = article.text.trim_start();
    if let Some(rest) = trimmed.strip_prefix("date ") {
        let date: String = rest.chars().take(10).collect();
        article.date = Some(date);
        article.body_start = article.text.len() - rest.len() + 10;
    }
    Ok(Parsed {
        format: Format::Text,
        encoding: "UTF-8",
        articles: vec![article],
    })
}

/// Key for duplicate detection: a hash of the text with whitespace collapsed and case folded,
/// so the same article saved twice (or with other line endings) is recognised.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            h.update(b" ");
        }
        first = false;
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            h.update(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
