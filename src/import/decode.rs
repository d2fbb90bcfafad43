//! Bytes to text: refuses binaries by their magic numbers and control characters, finds the
//! encoding, decodes, and normalises line endings to `\n`.
//!
//! Encoding rules, in order:
//! 1. A byte order mark decides (UTF-8, UTF-16 LE/BE); UTF-16 without one is recognised by its
//!    pattern of zero bytes.
//! 2. Valid UTF-8 that contains non-ASCII text is UTF-8, even when an HTML `<meta charset>` says
//!    otherwise: legacy text almost never forms valid multi-byte UTF-8, while pages re-saved as
//!    UTF-8 often keep their old declaration.
//! 3. Otherwise an HTML/XML declaration (`<meta charset>`, `http-equiv`, `<?xml encoding>`) is
//!    respected.
//! 4. Valid UTF-8 (ASCII) is UTF-8. A UTF-8 file cut off in the middle of its last character
//!    loses that character only.
//! 5. Bytes that are not UTF-8 at all go to `chardetng` for a legacy encoding (Windows-1252 and
//!    friends). Text that mixes valid UTF-8 with invalid bytes is damaged UTF-8 and refused,
//!    because guessing a legacy encoding for it would garble every non-ASCII character.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::ImportError;

/// Decoded text with `\n` line endings, and the name of the encoding it was read with.
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Recognises binary files by their first bytes. Returns what the file looks like, for people.
pub(crate) fn magic(bytes: &[u8]) -> Option<Refusal> {
    use Refusal::{Binary, Unsupported};
    const TABLE: &[(usize, &[u8], &str)] = &[
        (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (0, b"\xff\xd8\xff", "a JPEG image"),
        (0, b"GIF87a", "a GIF image"),
        (0, b"GIF89a", "a GIF image"),
        (0, b"II*\x00", "a TIFF image"),
        (0, b"MM\x00*", "a TIFF image"),
        (0, b"8BPS", "a Photoshop image"),
        (0, b"%PDF-", "a PDF document"),
        (
            0,
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Microsoft Office document (.doc, .xls or .ppt)",
        ),
        (0, b"\x1f\x8b", "a gzip-compressed file"),
        (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (0, b"Rar!\x1a\x07", "a RAR archive"),
        (0, b"\xfd7zXZ\x00", "an XZ-compressed file"),
        (0, b"\x28\xb5\x2f\xfd", "a Zstandard-compressed file"),
        (0, b"MSCF", "a Windows cabinet archive"),
        (0, b"!<arch>\n", "a Debian package or static library"),
        (0, b"\xed\xab\xee\xdb", "an RPM package"),
        (0, b"\x7fELF", "a program (ELF executable)"),
        (0, b"\xfe\xed\xfa\xce", "a macOS program (Mach-O)"),
        (0, b"\xfe\xed\xfa\xcf", "a macOS program (Mach-O)"),
        (0, b"\xce\xfa\xed\xfe", "a macOS program (Mach-O)"),
        (0, b"\xcf\xfa\xed\xfe", "a macOS program (Mach-O)"),
        (0, b"\xca\xfe\xba\xbe", "a macOS program or Java class file"),
        (0, b"\x00asm", "a WebAssembly module"),
        (0, b"SQLite format 3\x00", "an SQLite database"),
        (0, b"ID3", "an MP3 audio file"),
        (0, b"\xff\xfb", "an MP3 audio file"),
        (0, b"\xff\xf3", "an MP3 audio file"),
        (0, b"\xff\xf2", "an MP3 audio file"),
        (4, b"ftyp", "an MP4 or QuickTime video"),
        (0, b"OggS", "an Ogg audio or video file"),
        (0, b"fLaC", "a FLAC audio file"),
        (0, b"RIFF", "a media file (WAV, AVI or WebP)"),
        (0, b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
        (0, b"wOFF", "a web font"),
        (0, b"wOF2", "a web font"),
        (0, b"OTTO\x00", "a font file"),
    ];
    for (at, sig, what) in TABLE {
        if bytes.get(*at..at + sig.len()) == Some(*sig) {
            return Some(Binary(what));
        }
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Office and e-book formats are ZIP archives; their first entries name the kind.
        let head = &bytes[..bytes.len().min(4096)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        let what = if has(b"word/") {
            "a Word document (.docx)"
        } else if has(b"xl/") {
            "an Excel workbook (.xlsx)"
        } else if has(b"ppt/") {
            "a PowerPoint presentation (.pptx)"
        } else if has(b"application/vnd.oasis.opendocument") {
            "an OpenDocument file (.odt, .ods or .odp)"
        } else if has(b"application/epub+zip") {
            "an EPUB e-book"
        } else {
            "a ZIP archive"
        };
        return Some(Binary(what));
    }
    if bytes.starts_with(b"BZh") && bytes.get(4..10) == Some(b"1AY&SY") {
        return Some(Binary("a bzip2-compressed file"));
    }
    if bytes.starts_with(b"MZ") && bytes[..bytes.len().min(64)].contains(&0) {
        return Some(Binary("a Windows program (.exe or .dll)"));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(Unsupported("an RTF document"));
    }
    None
}

/// Why bytes were refused before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    Binary(&'static str),
    Unsupported(&'static str),
}

impl From<Refusal> for ImportError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Binary(what) => ImportError::Binary { what: what.into() },
            Refusal::Unsupported(what) => ImportError::Unsupported { what: what.into() },
        }
    }
}

/// Decodes `bytes` (see the module docs for the rules). `markup` says the file is (or looks
/// like) HTML or XML, so a declared charset is looked for.
pub(crate) fn decode(bytes: &[u8], markup: bool) -> Result<Decoded, ImportError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if enc == UTF_8 {
            // Offsets in errors count from the file start, BOM included.
            return utf8(rest, None).map_err(|e| match e {
                ImportError::Encoding { offset } => ImportError::Encoding {
                    offset: offset + bom_len,
                },
                other => other,
            });
        }
        return utf16(rest, enc);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return utf16(bytes, enc);
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(binary("binary data (it contains NUL bytes)"));
    }
    let declared = if markup {
        declared_charset(bytes)
    } else {
        None
    };
    utf8(bytes, declared)
}

fn binary(what: &str) -> ImportError {
    ImportError::Binary { what: what.into() }
}

fn utf8(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let legacy = declared.filter(|e| *e != UTF_8 && s.is_ascii() && !s.is_empty());
            match legacy {
                // ASCII reads the same in every ASCII-compatible encoding; decode anyway so
                // the odd declared encoding that is not ASCII-compatible is honoured.
                Some(enc) => legacy_with(bytes, enc),
                None => finish(Cow::Borrowed(s), "UTF-8"),
            }
        }
        Err(e) => {
            let valid = e.valid_up_to();
            if e.error_len().is_none() {
                // Only the last character is cut off: keep everything before it.
                let s = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                return finish(Cow::Borrowed(s), "UTF-8");
            }
            if let Some(enc) = declared.filter(|e| *e != UTF_8) {
                return legacy_with(bytes, enc);
            }
            if has_multibyte_utf8(bytes) {
                return Err(ImportError::Encoding { offset: valid });
            }
            legacy(bytes, valid)
        }
    }
}

/// True when `bytes` hold at least one valid multi-byte UTF-8 sequence.
fn has_multibyte_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return !s.is_ascii(),
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                if !good.is_ascii() {
                    return true;
                }
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or_default();
            }
        }
    }
}

/// Guesses a legacy encoding for bytes that are not UTF-8.
fn legacy(bytes: &[u8], first_bad: usize) -> Result<Decoded, ImportError> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) else {
        return Err(ImportError::Encoding { offset: first_bad });
    };
    // Windows-1252 maps its five unassigned bytes to C1 controls; text full of them is not
    // Windows-1252 (or any legacy text) at all.
    let c1 = text
        .chars()
        .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
        .count();
    if c1 * 100 > text.len() {
        return Err(ImportError::Encoding { offset: first_bad });
    }
    finish(text, enc.name())
}

/// Decodes with a declared encoding, replacing what it cannot map.
fn legacy_with(bytes: &[u8], enc: &'static Encoding) -> Result<Decoded, ImportError> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    finish(text, enc.name())
}

fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<Decoded, ImportError> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    if text.contains('\0') {
        return Err(binary("binary data (it contains NUL characters)"));
    }
    finish(text, enc.name())
}

/// UTF-16 without a byte order mark: nearly every other byte is zero (ASCII text), on the odd
/// positions for little-endian and the even ones for big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even0, mut odd0) = (0, 0);
    for p in head.chunks_exact(2) {
        even0 += usize::from(p[0] == 0);
        odd0 += usize::from(p[1] == 0);
    }
    if odd0 * 10 >= pairs * 9 && even0 * 20 <= pairs {
        Some(UTF_16LE)
    } else if even0 * 10 >= pairs * 9 && odd0 * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuses text full of control characters, then normalises line endings.
fn finish(text: Cow<'_, str>, encoding: &'static str) -> Result<Decoded, ImportError> {
    // Over the first 65,536 characters. The control characters counted are all ASCII (C1
    // controls, U+0080 to U+009F, are left out), so bytes are read.
    let (len, total) = char_prefix(text.as_bytes(), 65_536);
    let head = &text.as_bytes()[..len];
    if memchr::memchr(0, head).is_some() {
        return Err(binary("binary data (it contains NUL characters)"));
    }
    // Bytes below 0x20 and DEL, less the line breaks, tabs and form feeds among them.
    let low: u32 = head.iter().map(|&b| u32::from(b < 0x20 || b == 0x7f)).sum();
    let allowed: usize = [b'\n', b'\r', b'\t', 0x0c]
        .iter()
        .map(|&c| memchr::memchr_iter(c, head).count())
        .sum();
    let controls = (low as usize).saturating_sub(allowed);
    // One stray control character (a DOS end-of-file mark) is tolerated in small files.
    if controls > total / 100 + 1 {
        return Err(binary("binary data (it is full of control characters)"));
    }
    Ok(Decoded {
        text: normalize_newlines(text),
        encoding,
    })
}

/// The length in bytes of the first `n` characters of UTF-8 text `b` (all of it when shorter),
/// and how many characters that is. A character starts at every byte that is not a
/// continuation byte; they are counted a block at a time.
fn char_prefix(b: &[u8], n: usize) -> (usize, usize) {
    // A continuation byte is 0x80 to 0xBF: below -64 as a signed byte.
    let starts = |bytes: &[u8]| -> usize {
        bytes
            .iter()
            .map(|&c| u32::from(c.cast_signed() >= -64))
            .sum::<u32>() as usize
    };
    let (mut len, mut count) = (0, 0);
    for block in b.chunks(256) {
        let c = starts(block);
        if count + c > n {
            break;
        }
        count += c;
        len += block.len();
    }
    // The block where the limit falls, byte by byte: stop at the start of character n + 1.
    for &c in &b[len..] {
        if c & 0xC0 != 0x80 {
            if count == n {
                break;
            }
            count += 1;
        }
        len += 1;
    }
    (len, count)
}

/// `\r\n` and lone `\r` become `\n`; text without `\r` is not copied twice.
pub(crate) fn normalize_newlines(text: Cow<'_, str>) -> String {
    let cr = |s: &str| memchr::memchr(b'\r', s.as_bytes());
    if cr(&text).is_none() {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(p) = cr(rest) {
        out.push_str(&rest[..p]);
        out.push('\n');
        rest = &rest[p + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// The charset an HTML or XML file declares near its start (`<meta charset=...>`,
/// `<meta http-equiv="Content-Type" content="...; charset=...">`, `<?xml ... encoding="...">`).
/// A byte-level scan, as browsers do before parsing; UTF-16 labels mean UTF-8 here (a UTF-16 file
/// would have been recognised by its zero bytes already).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let label = if lower.trim_ascii_start().starts_with(b"<?xml") {
        let end = find(&lower, b"?>", 0).unwrap_or(lower.len());
        find(&lower[..end], b"encoding", 0).and_then(|at| value_after(&lower[..end], at + 8))
    } else {
        None
    };
    let label = label.or_else(|| {
        let mut from = 0;
        while let Some(at) = find(&lower, b"<meta", from) {
            let end = find(&lower, b">", at).unwrap_or(lower.len());
            let tag = &lower[at..end];
            if let Some(v) = find(tag, b"charset", 0).and_then(|c| value_after(tag, c + 7)) {
                return Some(v);
            }
            from = end;
        }
        None
    })?;
    Encoding::for_label(label).map(Encoding::output_encoding)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The value after `charset`/`encoding`: optional spaces, `=`, optional quote, then the label.
fn value_after(tag: &[u8], mut i: usize) -> Option<&[u8]> {
    while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if tag.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while tag
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
    {
        i += 1;
    }
    let start = i;
    while tag.get(i).is_some_and(|b| {
        !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b';' | b'/' | b'>')
    }) {
        i += 1;
    }
    (i > start).then(|| &tag[start..i])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_counted_over_the_first_characters_only() {
        assert_eq!(char_prefix(b"abc", 10), (3, 3));
        assert_eq!(char_prefix(b"abc", 2), (2, 2));
        assert_eq!(char_prefix(b"", 5), (0, 0));
        let s = "\u{e9}".repeat(300);
        assert_eq!(char_prefix(s.as_bytes(), 257), (514, 257));
        assert_eq!(char_prefix(s.as_bytes(), 300), (600, 300));
        // The limit falls inside a block, right after a three-byte character.
        let s = format!("{}\u{20ac}x", "a".repeat(255));
        assert_eq!(char_prefix(s.as_bytes(), 256), (258, 256));
        // Controls past the first 65,536 characters are not looked at; 700 before them are
        // too many.
        let late = format!("{}{}", "\u{e9}".repeat(65_536), "\u{1}".repeat(2000));
        assert!(finish(Cow::Borrowed(&late), "UTF-8").is_ok());
        let early = format!("{}{}", "\u{1}".repeat(700), "a".repeat(65_000));
        assert!(finish(Cow::Borrowed(&early), "UTF-8").is_err());
        let nul = format!("{}\0", "a".repeat(65_535));
        assert!(finish(Cow::Borrowed(&nul), "UTF-8").is_err());
        assert!(finish(Cow::Borrowed(&format!("a{nul}")), "UTF-8").is_ok());
    }

    fn dec(bytes: &[u8]) -> Result<Decoded, ImportError> {
        decode(bytes, false)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = dec("caf\u{e9}\r\nline\rend".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("caf\u{e9}\nline\nend", "UTF-8")
        );
        let d = dec(b"\xef\xbb\xbfhello").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("hello", "UTF-8"));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes =
            b"The minister said \x93we will not resign\x94 at the caf\xe9 on Monday, and the \
                      opposition called it \x93a farce\x94 \x96 the second time this year.";
        let d = dec(bytes).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("\u{201c}we will not resign\u{201d}"));
        assert!(d.text.contains("caf\u{e9}"));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        let mut bare = Vec::new();
        for u in "Caf\u{e9} talks\r\nresume".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
            bare.extend(u.to_le_bytes());
        }
        for (bytes, enc) in [(le, "UTF-16LE"), (be, "UTF-16BE"), (bare, "UTF-16LE")] {
            let d = dec(&bytes).unwrap();
            assert_eq!(
                (d.text.as_str(), d.encoding),
                ("Caf\u{e9} talks\nresume", enc)
            );
        }
    }

    #[test]
    fn damaged_utf8_is_refused_with_offset() {
        let bytes = "na\u{ef}ve \u{2014} ok "
            .bytes()
            .chain(*b"\xff\xfe tail")
            .collect::<Vec<_>>();
        let err = dec(&bytes).err().unwrap();
        assert_eq!(err, ImportError::Encoding { offset: 14 });
    }

    #[test]
    fn error_offsets_count_the_bom() {
        let err = dec(b"\xef\xbb\xbfcaf\xc3\xa9 \xff\xfe!").err();
        assert_eq!(err, Some(ImportError::Encoding { offset: 9 }));
    }

    #[test]
    fn truncated_last_character_is_dropped() {
        let d = dec(b"caf\xc3").unwrap();
        assert_eq!(d.text, "caf");
    }

    #[test]
    fn nul_and_control_bytes_are_binary() {
        assert!(matches!(dec(b"abc\0def"), Err(ImportError::Binary { .. })));
        let junk: Vec<u8> = (0u8..200).map(|i| i % 32).collect();
        assert!(matches!(dec(&junk[1..]), Err(ImportError::Binary { .. })));
        // A single DOS end-of-file mark is fine.
        assert!(dec(b"a short note\x1a").is_ok());
    }

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], &str)] = &[
            (b"\x89PNG\r\n\x1a\n....", "PNG"),
            (b"\xff\xd8\xff\xe0", "JPEG"),
            (b"GIF89a..", "GIF"),
            (b"%PDF-1.7", "PDF"),
            (b"PK\x03\x04....word/document.xml", "Word"),
            (b"PK\x03\x04....other", "ZIP"),
            (b"\x1f\x8b\x08", "gzip"),
            (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
            (b"Rar!\x1a\x07\x00", "RAR"),
            (b"\x7fELF\x02", "ELF"),
            (b"MZ\x90\x00\x03", "Windows"),
            (b"\xcf\xfa\xed\xfe", "Mach-O"),
            (b"SQLite format 3\x00", "SQLite"),
            (b"ID3\x04", "MP3"),
            (b"\x00\x00\x00\x18ftypmp42", "MP4"),
        ];
        for (bytes, word) in cases {
            match magic(bytes) {
                Some(Refusal::Binary(what)) => assert!(what.contains(word), "{what} vs {word}"),
                other => panic!("{word}: {other:?}"),
            }
        }
        assert_eq!(
            magic(b"{\\rtf1\\ansi"),
            Some(Refusal::Unsupported("an RTF document"))
        );
        assert_eq!(magic(b"MZ is a plain word here"), None);
        assert_eq!(magic(b"Plain text"), None);
    }

    #[test]
    fn declared_charsets() {
        let html = b"<!doctype html><html><head><meta charset=\"windows-1251\"></head>";
        assert_eq!(
            declared_charset(html).map(Encoding::name),
            Some("windows-1251")
        );
        let html = b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>";
        assert_eq!(
            declared_charset(html).map(Encoding::name),
            Some("windows-1252")
        );
        let xml = b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><html>";
        assert_eq!(declared_charset(xml).map(Encoding::name), Some("UTF-8"));
        assert_eq!(declared_charset(b"<meta name=x content=y>"), None);
        // A declaration wins for non-UTF-8 bytes...
        let d = decode(
            b"<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>",
            true,
        )
        .unwrap();
        assert_eq!(d.encoding, "KOI8-R");
        assert!(
            d.text
                .contains("\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}")
        );
        // ...but valid non-ASCII UTF-8 is UTF-8 whatever the page claims.
        let d = decode("<meta charset=latin1><p>caf\u{e9}</p>".as_bytes(), true).unwrap();
        assert_eq!(d.encoding, "UTF-8");
    }
}
