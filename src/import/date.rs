//! Dates as news sites write them, turned into ISO `YYYY-MM-DD`.
//!
//! Understood: `2021-11-08`, `2021/11/08`, `2021-11-08T10:00:00Z` (the date part, whatever the
//! time zone), `Nov. 8, 2021`, `November 8th, 2021`, `8 November 2021`, `Monday, 8 Nov 2021`,
//! `Mon, 08 Nov 2021 10:00:00 GMT`, `8.11.2021` and `08/11/2021`, also with a label in front
//! (`Published: ...`). Only the first date in the string counts.
//!
//! All-numeric dates with the year last are ambiguous. When one of the first two numbers is
//! above 12 it must be the day, so `11/28/2021` is read the American way; when both could be a
//! month the day comes first (`08/11/2021` is 8 November), as in most of the English-speaking
//! world outside the United States and in every dotted form (`08.11.2021`).

/// Reads the first date in `s` and returns it as ISO `YYYY-MM-DD`, or `None` when there is no
/// complete, valid date (a year alone or "3 hours ago" give `None`).
pub fn normalize_date(s: &str) -> Option<String> {
    // Dates sit at the start of what callers pass; a cap keeps hostile input cheap.
    let s = match s.char_indices().nth(160) {
        Some((i, _)) => &s[..i],
        None => s,
    };
    let toks = tokens(s);
    for i in 0..toks.len() {
        let found = numeric_at(&toks, i)
            .or_else(|| named_at(&toks, i))
            .or_else(|| day_first_at(&toks, i));
        if let Some((y, m, d)) = found
            && valid(y, m, d)
        {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

/// Converts a Unix time (seconds, or milliseconds when it is too large to be seconds) to an ISO
/// date in UTC. Used for JSON exports that store dates as numbers.
pub(crate) fn date_from_unix(t: f64) -> Option<String> {
    if !t.is_finite() || t < 0.0 {
        return None;
    }
    let secs = if t > 1e11 { t / 1000.0 } else { t };
    let days = (secs / 86_400.0).floor() as i64;
    // Civil-from-days (Howard Hinnant's algorithm): days since 1970-01-01 to a Gregorian date.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (y, m, d) = (u32::try_from(y).ok()?, m as u32, d as u32);
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// A run of ASCII digits: value (saturated) and number of digits.
    Num(u32, usize),
    /// A run of ASCII letters.
    Word(&'a str),
    /// Any other single non-space character.
    Sep(char),
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_digit() {
            let mut v: u32 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
                i += 1;
            }
            out.push(Tok::Num(v, i - start));
        } else if c.is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(&s[start..i]));
        } else if c.is_ascii_whitespace() || !c.is_ascii() {
            // Spaces and non-ASCII characters (non-breaking spaces, dashes) only separate tokens.
            i += 1;
        } else {
            out.push(Tok::Sep(c as char));
            i += 1;
        }
    }
    out
}

/// `2021-11-08`, `2021/11/08`, `2021.11.08`, or `08/11/2021`, `8-11-2021`, `8.11.2021`.
fn numeric_at(t: &[Tok], i: usize) -> Option<(u32, u32, u32)> {
    let (Tok::Num(a, la), Tok::Sep(s1), Tok::Num(b, lb), Tok::Sep(s2), Tok::Num(c, lc)) = (
        *t.get(i)?,
        *t.get(i + 1)?,
        *t.get(i + 2)?,
        *t.get(i + 3)?,
        *t.get(i + 4)?,
    ) else {
        return None;
    };
    if s1 != s2 || !matches!(s1, '-' | '/' | '.') || lb > 2 {
        return None;
    }
    if la == 4 && lc <= 2 {
        return Some((a, b, c));
    }
    if la <= 2 && lc == 4 {
        // Day first unless the first number cannot be a month (see the module docs).
        return Some(if b > 12 { (c, a, b) } else { (c, b, a) });
    }
    None
}

/// `Nov. 8, 2021`, `November 8th 2021`, `Mon, Nov 8 2021`: month first.
fn named_at(t: &[Tok], i: usize) -> Option<(u32, u32, u32)> {
    let Tok::Word(w) = *t.get(i)? else {
        return None;
    };
    if let Some(m) = month(w) {
        // Month first: month [.] day [st|nd|rd|th] [,|.] year
        let mut j = skip_seps(t, i + 1);
        let Tok::Num(d, ld) = *t.get(j)? else {
            return None;
        };
        if ld > 2 {
            return None;
        }
        j = skip_ordinal(t, j + 1);
        j = skip_seps(t, j);
        let Tok::Num(y, 4) = *t.get(j)? else {
            return None;
        };
        return Some((y, m, d));
    }
    None
}

/// `8 November 2021`, `8th Nov. 2021`, `8th of November, 2021`.
fn day_first_at(t: &[Tok], i: usize) -> Option<(u32, u32, u32)> {
    let Tok::Num(d, ld) = *t.get(i)? else {
        return None;
    };
    if ld > 2 {
        return None;
    }
    let mut j = skip_ordinal(t, i + 1);
    if matches!(t.get(j), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("of")) {
        j += 1;
    }
    let Tok::Word(w) = *t.get(j)? else {
        return None;
    };
    let m = month(w)?;
    j = skip_seps(t, j + 1);
    let Tok::Num(y, 4) = *t.get(j)? else {
        return None;
    };
    Some((y, m, d))
}

fn skip_seps(t: &[Tok], mut j: usize) -> usize {
    while matches!(t.get(j), Some(Tok::Sep('.' | ','))) {
        j += 1;
    }
    j
}

fn skip_ordinal(t: &[Tok], j: usize) -> usize {
    match t.get(j) {
        Some(Tok::Word(w))
            if ["st", "nd", "rd", "th"]
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o)) =>
        {
            j + 1
        }
        _ => j,
    }
}

fn month(w: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    if lower == "sept" {
        return Some(9);
    }
    NAMES
        .iter()
        .position(|n| {
            // Full name, or the three-letter abbreviation.
            *n == lower || (lower.len() == 3 && n.starts_with(&lower))
        })
        // `position` is at most 11, so the month number fits.
        .map(|p| p as u32 + 1)
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize_date(s)
    }

    #[test]
    fn common_news_forms() {
        let want = Some("2021-11-08".to_string());
        for s in [
            "2021-11-08",
            "2021-11-08T10:00:00Z",
            "2021-11-08T23:30:00-05:00",
            "2021/11/08",
            "Nov. 8, 2021",
            "Nov 8 2021",
            "November 8, 2021",
            "November 8th, 2021",
            "8 November 2021",
            "8th of November 2021",
            "Monday, 8 Nov 2021",
            "Mon, 08 Nov 2021 10:00:00 GMT",
            "Monday, November 8, 2021 10:00 AM ET",
            "Published: Nov. 8, 2021, 10:05 a.m.",
            "Updated 8 November 2021",
            "08/11/2021",
            "8.11.2021",
        ] {
            assert_eq!(n(s), want, "{s}");
        }
        // Both readings possible: day first, as documented.
        assert_eq!(n("11/08/2021"), Some("2021-08-11".into()));
    }

    #[test]
    fn unambiguous_month_first_numbers() {
        assert_eq!(n("11/28/2021"), Some("2021-11-28".into()));
        assert_eq!(n("28/11/2021"), Some("2021-11-28".into()));
    }

    #[test]
    fn not_dates() {
        for s in [
            "",
            "2021",
            "May 2021",
            "3 hours ago",
            "2021-02-30",
            "2021-13-01",
            "31 April 2021",
            "12/12",
            "They may 8 times",
            "1/2/3",
            "99999999999999999999-1-1",
        ] {
            assert_eq!(n(s), None, "{s}");
        }
    }

    #[test]
    fn leap_days() {
        assert_eq!(n("29 Feb 2024"), Some("2024-02-29".into()));
        assert_eq!(n("29 Feb 2023"), None);
        assert_eq!(n("Feb 29, 2000"), Some("2000-02-29".into()));
        assert_eq!(n("Feb 29, 1900"), None);
    }

    #[test]
    fn unix_times() {
        assert_eq!(date_from_unix(1_636_365_600.0), Some("2021-11-08".into()));
        assert_eq!(
            date_from_unix(1_636_365_600_000.0),
            Some("2021-11-08".into())
        );
        assert_eq!(date_from_unix(0.0), Some("1970-01-01".into()));
        assert_eq!(date_from_unix(-5.0), None);
        assert_eq!(date_from_unix(f64::NAN), None);
    }
}
