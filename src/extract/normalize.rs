//! Normalised keys that make one actor out of spelling variants across articles.

/// The identity key of an actor name: case, diacritics, punctuation and hyphens folded,
/// so "U.S." and "US", "Tehreek-e-Taliban" and "Tehreek e Taliban" share a key.
pub fn actor_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c == '.' || c == '\'' || c == '\u{2019}' {
            // "U.S." -> "us"; "Mehsud's" handled by callers
        } else {
            space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::actor_key;

    #[test]
    fn folds_variants() {
        assert_eq!(actor_key("U.S."), actor_key("US"));
        assert_eq!(
            actor_key("Tehreek-e-Taliban"),
            actor_key("tehreek e taliban")
        );
        assert_eq!(actor_key("Gülen"), "gulen");
    }
}
