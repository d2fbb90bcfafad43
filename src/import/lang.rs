//! The language a document declares (`<html lang>`, `og:locale`, `Content-Language`, JSON-LD
//! `inLanguage`, a `language` field), as a BCP 47 tag: the language subtag in lower case, then
//! a script (`zh-Hant`) and a region (`pt-BR`, `es-419`) when given. Variants, extensions and
//! private-use parts are left out; a value that is no language tag gives nothing.

/// Normalises a declared language: `en_US` -> `en-US`, `EN` -> `en`, `zh-hant-tw` ->
/// `zh-Hant-TW`. The first of a comma-separated list counts. `None` for values that name no
/// language (`und`, `mul`, `zxx`, empty) or are not tags at all (`English`, `x-klingon`).
pub(crate) fn normalize_language(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim();
    let mut parts = first.split(['-', '_']);
    let lang = parts.next()?.trim();
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lang = lang.to_ascii_lowercase();
    // Codes for "no language" and the deprecated codes ISO 639 replaced.
    let lang = match lang.as_str() {
        "und" | "mul" | "zxx" | "mis" => return None,
        "iw" => "he".to_string(),
        "in" => "id".to_string(),
        "ji" => "yi".to_string(),
        _ => lang,
    };
    let mut tag = lang;
    let mut script_allowed = true;
    for part in parts {
        let p = part.trim();
        if script_allowed && p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()) {
            tag.push('-');
            tag.push_str(&p[..1].to_ascii_uppercase());
            tag.push_str(&p[1..].to_ascii_lowercase());
            script_allowed = false;
            continue;
        }
        if p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic())
            || p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())
        {
            tag.push('-');
            tag.push_str(&p.to_ascii_uppercase());
        }
        break;
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::normalize_language as n;

    #[test]
    fn tags_are_normalised() {
        assert_eq!(n("en").as_deref(), Some("en"));
        assert_eq!(n(" EN ").as_deref(), Some("en"));
        assert_eq!(n("en-us").as_deref(), Some("en-US"));
        assert_eq!(n("pt_BR").as_deref(), Some("pt-BR"));
        assert_eq!(n("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(n("es-419").as_deref(), Some("es-419"));
        assert_eq!(n("de-DE-1996").as_deref(), Some("de-DE"));
        assert_eq!(n("sl-rozaj").as_deref(), Some("sl"));
        assert_eq!(n("fil").as_deref(), Some("fil"));
        assert_eq!(n("fr, en").as_deref(), Some("fr"));
        assert_eq!(n("iw").as_deref(), Some("he"));
    }

    #[test]
    fn values_that_are_no_language_give_nothing() {
        for v in [
            "",
            " ",
            "und",
            "mul",
            "zxx",
            "English",
            "x-klingon",
            "e",
            "12",
            "en!",
            "ünd",
        ] {
            assert_eq!(n(v), None, "{v}");
        }
    }
}
