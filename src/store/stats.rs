//! Per-actor and per-topic summaries (`actor_stats`, `topic_stats`), kept up to date as the
//! dossier changes, so lists, counts and profile headers never aggregate every mention on demand.
//!
//! Two ways keep them right, each for the writes it suits, and a third catches what they cannot:
//! - **Imports and re-analysis** add an article's rows in bulk: the articles written in the open
//!   transaction are remembered (`Pending::stats`) and their counts added in one grouped pass just
//!   before the commit ([`add_articles`]). Re-analysis first takes the article's old rows off
//!   ([`subtract_article`]).
//! - **Corrections** move single mentions, quotes and topic links. Triggers (migration 7) put the
//!   actors and topics they touch in `stats_stale`; those are counted again from scratch before
//!   the commit ([`refresh_stale`]), which reads only their own rows through the indexes.
//! - A first or last date that may have gone (an article left an actor on the edge of its date
//!   range) also marks the actor stale.
//!
//! The timelines (`actor_days`, `topic_days`: mentions and articles per date) are kept the same
//! way. Everything runs in the writing transaction, so the summaries commit (or roll back) with the
//! rows they describe. [`Store::verify_stats`] compares them with a full count (`dossier check`).

use rusqlite::{Connection, OptionalExtension, params};

use super::{ArticleId, Result, Store};

/// Adds the rows of `articles` (written in this transaction and not yet counted) to the
/// summaries.
pub(crate) fn add_articles(tx: &Connection, articles: &[ArticleId]) -> Result<()> {
    if articles.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(articles).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO actor_stats (actor_id, mentions, articles, first_seen, last_seen)
         SELECT m.actor_id, count(*), count(DISTINCT m.article_id), min(a.date), max(a.date)
         FROM mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.article_id IN (SELECT value FROM json_each(?1)) AND m.actor_id IS NOT NULL
         GROUP BY m.actor_id
         ON CONFLICT(actor_id) DO UPDATE SET
             mentions = mentions + excluded.mentions,
             articles = articles + excluded.articles,
             first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen
                               THEN coalesce(excluded.first_seen, first_seen) ELSE first_seen END,
             last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen
                              THEN coalesce(excluded.last_seen, last_seen) ELSE last_seen END",
    )?
    .execute([&ids])?;
    tx.prepare_cached(
        "INSERT INTO actor_stats (actor_id, quotes)
         SELECT q.speaker_id, count(*) FROM quotes q
         WHERE q.article_id IN (SELECT value FROM json_each(?1)) AND q.speaker_id IS NOT NULL AND q.rejected = 0
         GROUP BY q.speaker_id
         ON CONFLICT(actor_id) DO UPDATE SET quotes = quotes + excluded.quotes",
    )?
    .execute([&ids])?;
    tx.prepare_cached(
        "INSERT INTO actor_days (actor_id, date, mentions)
         SELECT m.actor_id, a.date, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.article_id IN (SELECT value FROM json_each(?1)) AND m.actor_id IS NOT NULL
             AND a.date IS NOT NULL
         GROUP BY m.actor_id, a.date
         ON CONFLICT(actor_id, date) DO UPDATE SET mentions = mentions + excluded.mentions",
    )?
    .execute([&ids])?;
    tx.prepare_cached(
        "INSERT INTO topic_days (topic_id, date, articles)
         SELECT t.topic_id, a.date, count(*) FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.article_id IN (SELECT value FROM json_each(?1)) AND t.removed = 0 AND a.date IS NOT NULL
         GROUP BY t.topic_id, a.date
         ON CONFLICT(topic_id, date) DO UPDATE SET articles = articles + excluded.articles",
    )?
    .execute([&ids])?;
    tx.prepare_cached(
        "INSERT INTO topic_stats (topic_id, articles, first_seen, last_seen)
         SELECT t.topic_id, count(*), min(a.date), max(a.date)
         FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.article_id IN (SELECT value FROM json_each(?1)) AND t.removed = 0
         GROUP BY t.topic_id
         ON CONFLICT(topic_id) DO UPDATE SET
             articles = articles + excluded.articles,
             first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen
                               THEN coalesce(excluded.first_seen, first_seen) ELSE first_seen END,
             last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen
                              THEN coalesce(excluded.last_seen, last_seen) ELSE last_seen END",
    )?
    .execute([&ids])?;
    Ok(())
}

/// Takes an article's current rows off the summaries, before they are deleted. Actors and topics
/// for which the article was on the edge of their date range are marked stale: whether another
/// article carries that date is only known by looking again.
///
/// The article's counts are read first and each summary row is then changed on its own: SQLite
/// prepares a statement again every time it runs when a parameter stands inside a subquery of its
/// FROM clause, which had taken a fifth of a re-analysis.
pub(crate) fn subtract_article(tx: &Connection, article: ArticleId) -> Result<()> {
    let date: Option<String> = tx
        .prepare_cached("SELECT date FROM articles WHERE id = ?1")?
        .query_row([article], |r| r.get(0))
        .optional()?
        .flatten();
    let counts = |sql: &str| -> Result<Vec<(i64, i64)>> {
        Ok(tx
            .prepare_cached(sql)?
            .query_map([article], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let actors = counts(
        "SELECT actor_id, count(*) FROM mentions WHERE article_id = ?1 AND actor_id IS NOT NULL
         GROUP BY actor_id",
    )?;
    for &(actor, mentions) in &actors {
        if let Some(date) = &date {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO stats_stale (kind, id)
                 SELECT 'actor', actor_id FROM actor_stats
                 WHERE actor_id = ?1 AND (first_seen = ?2 OR last_seen = ?2)",
            )?
            .execute(params![actor, date])?;
            tx.prepare_cached(
                "UPDATE actor_days SET mentions = mentions - ?3 WHERE actor_id = ?1 AND date = ?2",
            )?
            .execute(params![actor, date, mentions])?;
        }
        tx.prepare_cached(
            "UPDATE actor_stats SET mentions = mentions - ?2, articles = articles - 1
             WHERE actor_id = ?1",
        )?
        .execute(params![actor, mentions])?;
    }
    tx.prepare_cached(
        "DELETE FROM actor_days WHERE mentions <= 0
             AND date = (SELECT date FROM articles WHERE id = ?1)
             AND actor_id IN (SELECT actor_id FROM mentions WHERE article_id = ?1)",
    )?
    .execute([article])?;
    let speakers = counts(
        "SELECT speaker_id, count(*) FROM quotes
         WHERE article_id = ?1 AND speaker_id IS NOT NULL AND rejected = 0 GROUP BY speaker_id",
    )?;
    for (speaker, quotes) in speakers {
        tx.prepare_cached("UPDATE actor_stats SET quotes = quotes - ?2 WHERE actor_id = ?1")?
            .execute(params![speaker, quotes])?;
    }
    let topics: Vec<i64> = tx
        .prepare_cached(
            "SELECT topic_id FROM article_topics WHERE article_id = ?1 AND removed = 0",
        )?
        .query_map([article], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &topic in &topics {
        if let Some(date) = &date {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO stats_stale (kind, id)
                 SELECT 'topic', topic_id FROM topic_stats
                 WHERE topic_id = ?1 AND (first_seen = ?2 OR last_seen = ?2)",
            )?
            .execute(params![topic, date])?;
            tx.prepare_cached(
                "UPDATE topic_days SET articles = articles - 1 WHERE topic_id = ?1 AND date = ?2",
            )?
            .execute(params![topic, date])?;
        }
        tx.prepare_cached("UPDATE topic_stats SET articles = articles - 1 WHERE topic_id = ?1")?
            .execute([topic])?;
    }
    tx.prepare_cached(
        "DELETE FROM topic_days WHERE articles <= 0
             AND date = (SELECT date FROM articles WHERE id = ?1)
             AND topic_id IN (SELECT topic_id FROM article_topics WHERE article_id = ?1)",
    )?
    .execute([article])?;
    Ok(())
}

/// Counts the stale actors and topics again from their own rows, and clears the list.
pub(crate) fn refresh_stale(tx: &Connection) -> Result<()> {
    let any: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM stats_stale)")?
        .query_row([], |r| r.get(0))?;
    if !any {
        return Ok(());
    }
    tx.prepare_cached(&format!(
        "INSERT INTO actor_stats (actor_id, mentions, articles, quotes, first_seen, last_seen)
         SELECT s.id, {ACTOR_FIELDS} FROM stats_stale s WHERE s.kind = 'actor'
         ON CONFLICT(actor_id) DO UPDATE SET
             mentions = excluded.mentions, articles = excluded.articles, quotes = excluded.quotes,
             first_seen = excluded.first_seen, last_seen = excluded.last_seen"
    ))?
    .execute([])?;
    tx.prepare_cached(&format!(
        "INSERT INTO topic_stats (topic_id, articles, first_seen, last_seen)
         SELECT s.id, {TOPIC_FIELDS} FROM stats_stale s WHERE s.kind = 'topic'
         ON CONFLICT(topic_id) DO UPDATE SET
             articles = excluded.articles, first_seen = excluded.first_seen, last_seen = excluded.last_seen"
    ))?
    .execute([])?;
    tx.prepare_cached(
        "DELETE FROM actor_days WHERE actor_id IN (SELECT id FROM stats_stale WHERE kind = 'actor')",
    )?
    .execute([])?;
    tx.prepare_cached(
        "INSERT INTO actor_days (actor_id, date, mentions)
         SELECT m.actor_id, a.date, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.actor_id IN (SELECT id FROM stats_stale WHERE kind = 'actor') AND a.date IS NOT NULL
         GROUP BY m.actor_id, a.date",
    )?
    .execute([])?;
    tx.prepare_cached(
        "DELETE FROM topic_days WHERE topic_id IN (SELECT id FROM stats_stale WHERE kind = 'topic')",
    )?
    .execute([])?;
    tx.prepare_cached(
        "INSERT INTO topic_days (topic_id, date, articles)
         SELECT t.topic_id, a.date, count(*) FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.topic_id IN (SELECT id FROM stats_stale WHERE kind = 'topic') AND t.removed = 0
             AND a.date IS NOT NULL
         GROUP BY t.topic_id, a.date",
    )?
    .execute([])?;
    tx.prepare_cached("DELETE FROM stats_stale")?.execute([])?;
    Ok(())
}

/// An actor's summary counted from scratch (`s.id` is the actor), through the `mentions_actor`
/// and `quotes_speaker` indexes.
const ACTOR_FIELDS: &str = "
    (SELECT count(*) FROM mentions WHERE actor_id = s.id),
    (SELECT count(DISTINCT article_id) FROM mentions WHERE actor_id = s.id),
    (SELECT count(*) FROM quotes WHERE speaker_id = s.id AND rejected = 0),
    (SELECT min(a.date) FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE actor_id = s.id)),
    (SELECT max(a.date) FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE actor_id = s.id))";

/// A topic's summary counted from scratch (`s.id` is the topic).
const TOPIC_FIELDS: &str = "
    (SELECT count(*) FROM article_topics WHERE topic_id = s.id AND removed = 0),
    (SELECT min(a.date) FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.topic_id = s.id AND t.removed = 0),
    (SELECT max(a.date) FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.topic_id = s.id AND t.removed = 0)";

/// One summary that disagrees with a full count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsMismatch {
    /// "actor", "topic", "actor timeline" or "topic timeline".
    pub kind: &'static str,
    pub id: i64,
    /// What the summary says and what the rows say, in the form
    /// `(mentions or articles, articles, quotes, first, last)`.
    pub stored: String,
    pub counted: String,
}

impl Store {
    /// Compares every summary with a full count of the rows it describes; empty when all agree.
    /// Reads the whole dossier: for `dossier check` and tests, not for everyday use.
    pub fn verify_stats(&self) -> Result<Vec<StatsMismatch>> {
        let mut found = Vec::new();
        // Each row: the id, then the counted fields, then the same fields as stored.
        let summaries = [
            (
                "actor",
                5,
                format!(
                    "WITH s(id) AS (SELECT id FROM actors)
                     SELECT s.id, {ACTOR_FIELDS}, coalesce(st.mentions, 0), coalesce(st.articles, 0),
                         coalesce(st.quotes, 0), st.first_seen, st.last_seen
                     FROM s LEFT JOIN actor_stats st ON st.actor_id = s.id"
                ),
            ),
            (
                "topic",
                3,
                format!(
                    "WITH s(id) AS (SELECT id FROM topics)
                     SELECT s.id, {TOPIC_FIELDS}, coalesce(st.articles, 0), st.first_seen, st.last_seen
                     FROM s LEFT JOIN topic_stats st ON st.topic_id = s.id"
                ),
            ),
        ];
        for (kind, width, sql) in summaries {
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let counted = fields(r, 1, width)?;
                let stored = fields(r, 1 + width, width)?;
                if counted != stored {
                    found.push(StatsMismatch {
                        kind,
                        id: r.get(0)?,
                        stored,
                        counted,
                    });
                }
            }
        }
        // Timelines: rows stored but not counted, and counted but not stored.
        for (kind, stored, counted) in [
            (
                "actor timeline",
                "SELECT actor_id, date, mentions FROM actor_days",
                "SELECT m.actor_id, a.date, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id
                 WHERE m.actor_id IS NOT NULL AND a.date IS NOT NULL GROUP BY m.actor_id, a.date",
            ),
            (
                "topic timeline",
                "SELECT topic_id, date, articles FROM topic_days",
                "SELECT t.topic_id, a.date, count(*) FROM article_topics t JOIN articles a ON a.id = t.article_id
                 WHERE t.removed = 0 AND a.date IS NOT NULL GROUP BY t.topic_id, a.date",
            ),
        ] {
            for (a, b, which) in [(stored, counted, "stored"), (counted, stored, "counted")] {
                let mut stmt = self
                    .conn
                    .prepare(&format!("SELECT * FROM ({a}) EXCEPT SELECT * FROM ({b})"))?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let row = format!(
                        "({}, {})",
                        r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        r.get::<_, i64>(2)?
                    );
                    let (stored, counted) = if which == "stored" {
                        (row, String::new())
                    } else {
                        (String::new(), row)
                    };
                    found.push(StatsMismatch {
                        kind,
                        id: r.get(0)?,
                        stored,
                        counted,
                    });
                }
            }
        }
        Ok(found)
    }

    /// Counts every summary again from scratch, in one transaction (`dossier check --repair`).
    pub fn rebuild_stats(&mut self) -> Result<()> {
        self.ensure_writable()?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute_batch(
                "DELETE FROM stats_stale;
                 INSERT INTO stats_stale (kind, id) SELECT 'actor', id FROM actors;
                 INSERT INTO stats_stale (kind, id) SELECT 'topic', id FROM topics;",
            )?;
            refresh_stale(&tx)?;
            tx.commit()?;
            Ok(())
        })();
        self.note(result)
    }
}

/// Columns `at..at + n` of a row as one line of text: "(3, 2, 1, 2024-01-02, )" (NULL empty).
fn fields(r: &rusqlite::Row, at: usize, n: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    let mut parts = Vec::with_capacity(n);
    for i in at..at + n {
        parts.push(match r.get_ref(i)? {
            ValueRef::Null => String::new(),
            ValueRef::Integer(x) => x.to_string(),
            ValueRef::Real(x) => x.to_string(),
            ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
        });
    }
    Ok(format!("({})", parts.join(", ")))
}
