//! Terminal output for the command line that cannot panic and cannot be hijacked.
//!
//! - A closed pipe (`dossier articles | head -1`) ends the output quietly: later lines are
//!   dropped and the command carries on (an import still finishes).
//! - Text from articles is untrusted: control characters, which could retitle, clear or rewrite
//!   the user's terminal, and the invisible marks that reorder text on screen are shown as
//!   visible placeholders. JSON output escapes the same characters as `\uXXXX`.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output is closed or failed: nothing more is written to it.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first write error on standard output that was not a closed pipe (a full disk, say).
static STDOUT_ERROR: Mutex<Option<String>> = Mutex::new(None);

/// True for characters that must never reach a terminal as they are.
fn is_hostile(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true, // C0, DEL and C1 (U+0080..U+009F)
        // Bidirectional embeddings, overrides and isolates, which reorder what is shown.
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `s` with control characters made visible: C0 and DEL as their Unicode control pictures
/// (ESC as `␛`), other hostile characters as `<U+XXXX>`.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_hostile(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'));
        } else if c == '\u{7F}' {
            out.push('\u{2421}');
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    Cow::Owned(out)
}

/// JSON text with the hostile characters that JSON allows raw (C1 controls, bidirectional marks)
/// escaped as `\uXXXX`, which reads back as the same string.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_hostile_in_json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hostile_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// serde_json already escapes C0; inside strings only these can still be raw.
fn is_hostile_in_json(c: char) -> bool {
    c != '\n' && c != '\t' && is_hostile(c) && (c as u32) >= 0x7F
}

/// Writes one line to standard output, made visible. Never panics: after a closed pipe or a
/// write error, lines are dropped.
pub fn line(args: fmt::Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let text = fmt::format(args);
    let mut text = visible(&text).into_owned();
    text.push('\n');
    write_stdout(text.as_bytes());
}

/// Writes text that is already safe (JSON from [`json_safe`]) to standard output.
pub fn raw_line(text: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut text = text.to_owned();
    text.push('\n');
    write_stdout(text.as_bytes());
}

fn write_stdout(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe
            && let Ok(mut first) = STDOUT_ERROR.lock()
        {
            first.get_or_insert_with(|| e.to_string());
        }
    }
}

/// The error that stopped standard output, if it was not simply closed by its reader.
pub fn stdout_error() -> Option<String> {
    STDOUT_ERROR.lock().ok().and_then(|e| e.clone())
}

/// Writes one line to standard error, made visible; errors writing it are ignored.
pub fn error_line(args: fmt::Arguments<'_>) {
    let text = fmt::format(args);
    let mut text = visible(&text).into_owned();
    text.push('\n');
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `println!` for the command line: made visible, quiet on a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::terminal::line(format_args!($($arg)*)) };
}

/// `eprintln!` for the command line: made visible, never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::terminal::error_line(format_args!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_text_stays() {
        let title = "Budget\u{1b}]0;owned\u{7}\u{1b}[2J vote\u{9b}31m";
        let shown = visible(title);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown}");
        assert_eq!(shown, "Budget␛]0;owned␇␛[2J vote<U+009B>31m");
        assert!(matches!(visible("plain Zoë\ttab\nline"), Cow::Borrowed(_)));
        assert_eq!(visible("a\u{202E}b\rc\u{7f}"), "a<U+202E>b␍c␡");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let value = serde_json::json!({ "title": "x\u{1b}[31m\u{9b}y\u{2067}" });
        let safe = json_safe(serde_json::to_string(&value).unwrap());
        assert!(
            !safe.chars().any(|c| c.is_control() || is_hostile(c)),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
