//! `dossier_rank()`: BM25 for the full-text index, with each phrase's rarity given by the caller.
//!
//! SQLite's own `bm25()` finds out how rare each phrase of a query is by reading every article
//! that contains it, before it ranks the first match. For a word found in nearly all of a million
//! articles that is about 22 ms, and for a phrase of common words most of a second. A search only
//! ranks the newest matches (see [`super::SEARCH_RANK_WINDOW`]), so the store estimates instead
//! how many articles contain each phrase ([`estimate_articles`]) and passes the counts in.
//!
//! In SQL: `dossier_rank(articles_fts, title_weight, text_weight, count_0, count_1, ...)`, where
//! `count_i` is the number of articles containing the query's i-th phrase. Without counts every
//! phrase weighs the same, which changes nothing when a query has one phrase. As with `bm25()`,
//! lower is better. The arithmetic is in [`score`]; this module's unsafe code only reads what
//! FTS5 hands over.
#![allow(unsafe_code)]

use std::ffi::c_int;
use std::ptr::null_mut;

use rusqlite::ffi;

/// BM25's term-frequency saturation and length normalisation, the values `bm25()` uses.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What one article's row contributes to its score.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RowCounts {
    /// Per phrase of the query: its occurrences, each weighted by its column's weight.
    pub weighted_hits: Vec<f64>,
    /// Words in the article (all columns).
    pub words: f64,
}

/// BM25 of one row, higher is better: for each phrase, its rarity weight times the saturated,
/// length-normalised count of its occurrences. `rarity[i]` is the weight of phrase `i` (1 when
/// missing); `average_words` is the mean article length over the whole index.
pub(crate) fn score(row: &RowCounts, rarity: &[f64], average_words: f64) -> f64 {
    let norm = K1 * (1.0 - B + B * row.words / average_words.max(1.0));
    row.weighted_hits
        .iter()
        .enumerate()
        .map(|(i, &hits)| {
            let weight = rarity.get(i).copied().unwrap_or(1.0);
            weight * hits * (K1 + 1.0) / (hits + norm)
        })
        .sum()
}

/// The rarity weight of a phrase found in `containing` of `articles` articles, as `bm25()`
/// computes it: ln((N - n + 0.5) / (n + 0.5)), with a small positive floor for phrases in more
/// than half of the articles.
pub(crate) fn rarity(containing: f64, articles: f64) -> f64 {
    let n = containing.clamp(0.0, articles.max(0.0));
    let idf = ((articles - n + 0.5) / (n + 0.5)).ln();
    if idf <= 0.0 { 1e-6 } else { idf }
}

/// How many articles contain a phrase, from a walk over its newest matches: `found` matches were
/// met (the walk stops at `sample`), the oldest of them with id `oldest`, in a dossier whose ids
/// run up to `newest`. Exact when the walk ended before `sample`; otherwise the matches are
/// assumed as dense in the older articles as in the newest ones.
pub(crate) fn estimate_articles(found: u64, sample: u64, oldest: i64, newest: i64) -> f64 {
    if found < sample || newest <= 0 {
        return found as f64;
    }
    let span = (newest - oldest + 1).clamp(1, newest) as f64;
    found as f64 * newest as f64 / span
}

/// Registers `dossier_rank` on `conn`.
pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    // SAFETY: the handle is open for as long as `conn` lives, and it is only used on this
    // thread during the call. `api` comes from SQLite and lives as long as the connection;
    // the function has no user data to free.
    unsafe {
        let db = conn.handle();
        let api = fts5_api(db)?;
        let Some(create) = (*api).xCreateFunction else {
            return Err(failure(ffi::SQLITE_MISUSE, "FTS5 cannot add functions"));
        };
        let rc = create(
            api,
            c"dossier_rank".as_ptr(),
            null_mut(),
            Some(dossier_rank),
            None,
        );
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc, "adding dossier_rank to FTS5"));
        }
    }
    Ok(())
}

fn failure(rc: c_int, what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(what.to_owned()))
}

/// The FTS5 interface of `db`, obtained the documented way: `SELECT fts5(?1)` with a pointer
/// bound to the parameter.
///
/// SAFETY: `db` must be an open connection used by this thread alone during the call.
unsafe fn fts5_api(db: *mut ffi::sqlite3) -> rusqlite::Result<*mut ffi::fts5_api> {
    let mut api: *mut ffi::fts5_api = null_mut();
    let mut stmt: *mut ffi::sqlite3_stmt = null_mut();
    // SAFETY: per the caller's promise; `api` outlives the statement, which is finalised here.
    unsafe {
        let rc =
            ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, null_mut());
        if rc != ffi::SQLITE_OK {
            return Err(failure(rc, "asking for the FTS5 interface"));
        }
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&raw mut api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        // Version 2 has xCreateFunction as used here.
        if api.is_null() || (*api).iVersion < 2 {
            return Err(failure(
                ffi::SQLITE_ERROR,
                "this SQLite has no FTS5 interface",
            ));
        }
    }
    Ok(api)
}

/// The SQL function. FTS5 calls it once per matching row, with the row's context.
unsafe extern "C" fn dossier_rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_args: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes a valid interface and context for the current row, and `args` holds
    // `n_args` values that live for the duration of the call.
    unsafe {
        let args: &[*mut ffi::sqlite3_value] = if args.is_null() || n_args <= 0 {
            &[]
        } else {
            std::slice::from_raw_parts(args, n_args as usize)
        };
        let number = |i: usize| args.get(i).map(|&v| ffi::sqlite3_value_double(v));
        match row_score(&*api, fts, number) {
            Ok(score) => ffi::sqlite3_result_double(ctx, -score),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

/// Reads the row's counts from FTS5 and scores them. `arg(i)` is the i-th argument after the
/// table: column weights first, then the phrases' article counts.
///
/// SAFETY: `api` and `fts` must be the ones FTS5 passed for the current row.
unsafe fn row_score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    arg: impl Fn(usize) -> Option<f64>,
) -> Result<f64, c_int> {
    let ok = |rc: c_int| {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(rc)
        }
    };
    let (
        Some(phrase_count),
        Some(column_count),
        Some(row_count),
        Some(total_size),
        Some(column_size),
        Some(inst_count),
        Some(inst),
    ) = (
        api.xPhraseCount,
        api.xColumnCount,
        api.xRowCount,
        api.xColumnTotalSize,
        api.xColumnSize,
        api.xInstCount,
        api.xInst,
    )
    else {
        return Err(ffi::SQLITE_MISUSE);
    };
    // SAFETY: per the caller's promise, every call gets the row's own context.
    unsafe {
        let phrases = phrase_count(fts).max(0) as usize;
        let columns = column_count(fts).max(0) as usize;
        let (mut articles, mut all_words): (i64, i64) = (0, 0);
        let (mut words, mut instances): (c_int, c_int) = (0, 0);
        ok(row_count(fts, &mut articles))?;
        ok(total_size(fts, -1, &mut all_words))?;
        ok(column_size(fts, -1, &mut words))?;
        ok(inst_count(fts, &mut instances))?;
        let mut weighted_hits = vec![0.0; phrases];
        for i in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            ok(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = arg(column.max(0) as usize).unwrap_or(1.0);
            if let Some(hits) = weighted_hits.get_mut(phrase.max(0) as usize) {
                *hits += weight;
            }
        }
        let rarity: Vec<f64> = (0..phrases)
            .map(|p| arg(columns + p).map_or(1.0, |n| rarity(n, articles as f64)))
            .collect();
        let row = RowCounts {
            weighted_hits,
            words: f64::from(words),
        };
        Ok(score(
            &row,
            &rarity,
            all_words as f64 / articles.max(1) as f64,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_hits_score_higher_but_saturate_and_long_articles_score_lower() {
        let row = |hits: f64, words: f64| RowCounts {
            weighted_hits: vec![hits],
            words,
        };
        let one = score(&row(1.0, 100.0), &[], 100.0);
        let two = score(&row(2.0, 100.0), &[], 100.0);
        let twenty = score(&row(20.0, 100.0), &[], 100.0);
        assert!(one > 0.0 && two > one && twenty > two);
        // Saturation: never above k1 + 1 per phrase.
        assert!(twenty < K1 + 1.0);
        assert!(score(&row(1.0, 400.0), &[], 100.0) < one);
        assert_eq!(score(&row(0.0, 100.0), &[], 100.0), 0.0);
    }

    #[test]
    fn rare_phrases_weigh_more_and_common_ones_almost_nothing() {
        assert!(rarity(10.0, 10_000.0) > rarity(1_000.0, 10_000.0));
        assert_eq!(rarity(9_000.0, 10_000.0), 1e-6);
        // Counts beyond the dossier are taken as the whole dossier.
        assert_eq!(rarity(50_000.0, 10_000.0), 1e-6);
        let row = RowCounts {
            weighted_hits: vec![1.0, 1.0],
            words: 10.0,
        };
        let rare_first = score(&row, &[rarity(5.0, 1e4), rarity(5e3, 1e4)], 10.0);
        let both_common = score(&row, &[rarity(5e3, 1e4), rarity(5e3, 1e4)], 10.0);
        assert!(rare_first > both_common);
    }

    #[test]
    fn article_counts_are_exact_for_short_walks_and_scaled_for_long_ones() {
        // Fewer matches than the walk allows: all of them were seen.
        assert_eq!(estimate_articles(37, 1_000, 5, 10_000), 37.0);
        // 1,000 matches among the newest 2,000 of 10,000 ids: about half of all articles.
        assert_eq!(estimate_articles(1_000, 1_000, 8_001, 10_000), 5_000.0);
        // Every article matches.
        assert_eq!(estimate_articles(1_000, 1_000, 9_001, 10_000), 10_000.0);
        assert_eq!(estimate_articles(0, 1_000, 0, 0), 0.0);
    }

    /// With exact article counts, `dossier_rank` is `bm25` itself.
    #[test]
    fn with_exact_counts_it_equals_sqlites_bm25() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, text);
             INSERT INTO t VALUES ('Harbour levy', 'The harbour levy rose again and again.');
             INSERT INTO t VALUES ('Dockers', 'Dockers oppose the levy. The levy, they say, is a harbour tax.');
             INSERT INTO t VALUES ('Weather', 'Rain on the harbour all week.');
             INSERT INTO t VALUES ('Budget', 'The budget has no levy at all, and a long text to make it longer than the rest.');",
        )
        .unwrap();
        let containing = |phrase: &str| -> f64 {
            conn.query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [phrase], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap() as f64
        };
        for (query, phrases) in [
            ("levy", vec!["levy"]),
            ("harbour AND levy", vec!["harbour", "levy"]),
            ("\"harbour levy\"", vec!["\"harbour levy\""]),
            ("\"harbour levy\" OR rain", vec!["\"harbour levy\"", "rain"]),
        ] {
            let counts: Vec<String> = phrases.iter().map(|p| containing(p).to_string()).collect();
            let counts = counts.join(", ");
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT bm25(t, 5.0, 1.0), dossier_rank(t, 5.0, 1.0, {counts}) FROM t
                     WHERE t MATCH ?1"
                ))
                .unwrap();
            let rows: Vec<(f64, f64)> = stmt
                .query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(!rows.is_empty(), "{query}");
            for (bm25, ours) in rows {
                assert!((bm25 - ours).abs() < 1e-9, "{query}: {bm25} against {ours}");
            }
        }
    }
}
