//! The export query: gathers a plain [`Summary`] of the dossier, one actor or one topic, within
//! an optional date range, for the pure exporters in `crate::export`.
//!
//! The articles in scope are put into a temporary table first (`temp.summary_scope`, in SQLite's
//! temp database, never in the dossier file); every other query joins it, so each fact is read in
//! one grouped pass whatever the focus. Everything runs in one read transaction, so an import
//! committing meanwhile cannot make the parts of a summary disagree.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use crate::export::{
    ActorRef, Citation, Focus, MonthCount, SCHEMA_VERSION, Scope, ScopeKind, SourceArticle,
    Summary, SummaryActor, SummaryAffiliation, SummaryQuote, SummaryRole, SummaryScope,
    SummaryTopic, TopicArticleRef, Totals,
};
use crate::model::{ActorKind, Span};

use super::{ActorId, ArticleId, Result, Store};

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

/// Scores and confidences to three decimals: all the precision they have, and short decimals
/// read back from JSON as exactly the same `f64`.
fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

fn offset(n: i64) -> usize {
    n.max(0) as usize
}

/// Year and month (`YYYY-MM`) of an ISO date, when it has them.
fn month_of(date: &str) -> Option<&str> {
    let m = date.get(..7)?;
    let b = m.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(m)
}

/// The timeline entry for the month of `date`, created on first use; `None` when undated.
fn month<'a>(
    months: &'a mut std::collections::BTreeMap<String, MonthCount>,
    date: Option<&str>,
) -> Option<&'a mut MonthCount> {
    let m = month_of(date?)?;
    Some(months.entry(m.to_string()).or_insert_with(|| MonthCount {
        month: m.to_string(),
        articles: 0,
        mentions: 0,
        quotes: 0,
    }))
}

/// Roles, affiliations: one fact stated in possibly many articles.
struct Fact {
    title: String,
    of: Option<String>,
    first: Option<String>,
    last: Option<String>,
    citations: Vec<Citation>,
}

/// Adds one statement of a fact to `facts`, merging statements that differ only in case.
fn add_fact(
    facts: &mut Vec<Fact>,
    title: String,
    of: Option<String>,
    date: Option<String>,
    cite: Citation,
) {
    let same = |f: &&mut Fact| {
        f.title.to_lowercase() == title.to_lowercase()
            && f.of.as_deref().map(str::to_lowercase) == of.as_deref().map(str::to_lowercase)
    };
    if let Some(f) = facts.iter_mut().find(same) {
        // Rows come in date order (undated last), so the first date seen is the earliest.
        if f.first.is_none() {
            f.first.clone_from(&date);
        }
        if date.is_some() {
            f.last = date;
        }
        f.citations.push(cite);
    } else {
        facts.push(Fact {
            title,
            of,
            first: date.clone(),
            last: date,
            citations: vec![cite],
        });
    }
}

impl Store {
    /// Gathers everything an export shows for `scope`. Dates in the scope are compared as ISO
    /// strings with the article dates, inclusive; with any date limit, undated articles are out.
    pub fn summary(&self, scope: &Scope) -> Result<Summary> {
        let tx = self.conn.unchecked_transaction()?;
        let result = self.gather(scope);
        // The scope table is scratch: drop it whatever happened, then end the read.
        let dropped = self
            .conn
            .execute_batch("DROP TABLE IF EXISTS temp.summary_scope");
        tx.commit()?;
        let summary = result?;
        dropped?;
        Ok(summary)
    }

    fn gather(&self, scope: &Scope) -> Result<Summary> {
        let c = &self.conn;
        c.execute_batch(
            "DROP TABLE IF EXISTS temp.summary_scope;
             CREATE TEMP TABLE summary_scope (id INTEGER PRIMARY KEY);",
        )?;
        let (kind, focus_id) = match scope.focus {
            Focus::Dossier => (ScopeKind::Dossier, None),
            Focus::Actor(id) => (ScopeKind::Actor, Some(id)),
            Focus::Topic(id) => (ScopeKind::Topic, Some(id)),
        };
        let focus_sql = match scope.focus {
            Focus::Dossier => "?3 IS NULL",
            Focus::Actor(_) => {
                "(a.id IN (SELECT article_id FROM mentions WHERE actor_id = ?3)
                  OR a.id IN (SELECT article_id FROM quotes WHERE speaker_id = ?3))"
            }
            Focus::Topic(_) => {
                "a.id IN (SELECT article_id FROM article_topics WHERE topic_id = ?3)"
            }
        };
        c.execute(
            &format!(
                "INSERT INTO temp.summary_scope (id) SELECT a.id FROM articles a
                 WHERE (?1 IS NULL OR a.date >= ?1) AND (?2 IS NULL OR a.date <= ?2) AND {focus_sql}"
            ),
            params![scope.from, scope.to, focus_id],
        )?;
        // Only the focus actor is listed in an actor's summary; everyone otherwise.
        let only_actor: Option<ActorId> = match scope.focus {
            Focus::Actor(id) => Some(id),
            _ => None,
        };

        let name = match scope.focus {
            Focus::Dossier => None,
            Focus::Actor(id) => c
                .query_row("SELECT name FROM actors WHERE id = ?1", [id], |r| r.get(0))
                .optional()?,
            Focus::Topic(id) => c
                .query_row("SELECT label FROM topics WHERE id = ?1", [id], |r| r.get(0))
                .optional()?,
        };
        let title = match (&name, kind) {
            (Some(n), ScopeKind::Actor) => format!("Dossier summary: {n}"),
            (Some(n), ScopeKind::Topic) => format!("Dossier summary: topic {n}"),
            _ => "Dossier summary".to_string(),
        };
        let generated_at: String =
            c.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                r.get(0)
            })?;

        // Source articles, numbered in date order.
        let articles: Vec<SourceArticle> = c
            .prepare(
                "SELECT a.id, coalesce(nullif(trim(a.title), ''), a.file_name), a.date, a.source, a.author, a.url, a.file_name
                 FROM articles a JOIN temp.summary_scope s ON s.id = a.id
                 ORDER BY a.date IS NULL, a.date, a.id",
            )?
            .query_map([], |r| {
                Ok(SourceArticle {
                    reference: 0,
                    id: r.get(0)?,
                    title: r.get(1)?,
                    date: r.get(2)?,
                    source: r.get(3)?,
                    author: r.get(4)?,
                    url: r.get(5)?,
                    file_name: r.get(6)?,
                })
            })?
            .enumerate()
            .map(|(i, a)| {
                a.map(|mut a| {
                    a.reference = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    a
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        let refs: HashMap<ArticleId, (u32, Option<&str>)> = articles
            .iter()
            .map(|a| (a.id, (a.reference, a.date.as_deref())))
            .collect();
        let cite = |article_id: ArticleId, start: i64, end: i64| Citation {
            reference: refs.get(&article_id).map_or(0, |r| r.0),
            article_id,
            span: Span::new(offset(start), offset(end)),
        };

        // Actors with their counts in scope.
        let mut actors: Vec<SummaryActor> = c
            .prepare(
                "SELECT ac.id, ac.name, ac.kind, count(*), count(DISTINCT m.article_id), min(a.date), max(a.date)
                 FROM mentions m JOIN temp.summary_scope s ON s.id = m.article_id
                 JOIN actors ac ON ac.id = m.actor_id JOIN articles a ON a.id = m.article_id
                 WHERE ?1 IS NULL OR m.actor_id = ?1
                 GROUP BY ac.id",
            )?
            .query_map([only_actor], |r| {
                let mentions = count(r.get(3)?);
                let in_articles = count(r.get(4)?);
                Ok(SummaryActor {
                    id: r.get(0)?,
                    rank: 0,
                    name: r.get(1)?,
                    kind: ActorKind::from_code(&r.get::<_, String>(2)?).unwrap_or(ActorKind::Org),
                    prominence: mentions.saturating_mul(in_articles),
                    mentions,
                    articles: in_articles,
                    first_seen: r.get(5)?,
                    last_seen: r.get(6)?,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    affiliations: Vec::new(),
                    quotes_by: Vec::new(),
                    quotes_about: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        actors.sort_by(|a, b| {
            b.prominence
                .cmp(&a.prominence)
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                .then(a.id.cmp(&b.id))
        });
        for (i, a) in actors.iter_mut().enumerate() {
            a.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        let index: HashMap<ActorId, usize> =
            actors.iter().enumerate().map(|(i, a)| (a.id, i)).collect();

        // Aliases, most used first.
        {
            let mut stmt = c.prepare(
                "SELECT al.actor_id, al.alias FROM aliases al JOIN temp.summary_scope s ON s.id = al.article_id
                 WHERE ?1 IS NULL OR al.actor_id = ?1
                 GROUP BY al.actor_id, al.alias ORDER BY count(*) DESC, al.alias",
            )?;
            let mut rows = stmt.query([only_actor])?;
            while let Some(r) = rows.next()? {
                let (id, alias): (ActorId, String) = (r.get(0)?, r.get(1)?);
                if let Some(a) = index.get(&id).and_then(|&i| actors.get_mut(i))
                    && alias != a.name
                {
                    a.aliases.push(alias);
                }
            }
        }

        // Roles and affiliations, each statement cited.
        let mut roles: HashMap<ActorId, Vec<Fact>> = HashMap::new();
        {
            let mut stmt = c.prepare(
                "SELECT r.actor_id, r.title, r.of_name, r.article_id, a.date, r.start, r.end
                 FROM roles r JOIN temp.summary_scope s ON s.id = r.article_id JOIN articles a ON a.id = r.article_id
                 WHERE ?1 IS NULL OR r.actor_id = ?1
                 ORDER BY a.date IS NULL, a.date, r.article_id, r.start",
            )?;
            let mut rows = stmt.query([only_actor])?;
            while let Some(r) = rows.next()? {
                let citation = cite(r.get(3)?, r.get(5)?, r.get(6)?);
                add_fact(
                    roles.entry(r.get(0)?).or_default(),
                    r.get(1)?,
                    r.get(2)?,
                    r.get(4)?,
                    citation,
                );
            }
        }
        let mut affiliations: HashMap<ActorId, Vec<Fact>> = HashMap::new();
        {
            let mut stmt = c.prepare(
                "SELECT f.actor_id, f.name, f.article_id, a.date, f.start, f.end
                 FROM affiliations f JOIN temp.summary_scope s ON s.id = f.article_id JOIN articles a ON a.id = f.article_id
                 WHERE ?1 IS NULL OR f.actor_id = ?1
                 ORDER BY a.date IS NULL, a.date, f.article_id, f.start",
            )?;
            let mut rows = stmt.query([only_actor])?;
            while let Some(r) = rows.next()? {
                let citation = cite(r.get(2)?, r.get(4)?, r.get(5)?);
                add_fact(
                    affiliations.entry(r.get(0)?).or_default(),
                    r.get(1)?,
                    None,
                    r.get(3)?,
                    citation,
                );
            }
        }
        for a in &mut actors {
            let mut facts = roles.remove(&a.id).unwrap_or_default();
            // Most often stated first; ties keep the order of first statement.
            facts.sort_by_key(|f| std::cmp::Reverse(f.citations.len()));
            a.roles = facts
                .into_iter()
                .map(|f| SummaryRole {
                    title: f.title,
                    of: f.of,
                    first_seen: f.first,
                    last_seen: f.last,
                    citations: f.citations,
                })
                .collect();
            let mut facts = affiliations.remove(&a.id).unwrap_or_default();
            facts.sort_by_key(|f| std::cmp::Reverse(f.citations.len()));
            a.affiliations = facts
                .into_iter()
                .map(|f| SummaryAffiliation {
                    name: f.title,
                    first_seen: f.first,
                    last_seen: f.last,
                    citations: f.citations,
                })
                .collect();
        }

        // Actors named inside quotes (not the speaker).
        let mut named: HashMap<i64, Vec<ActorRef>> = HashMap::new();
        {
            let mut stmt = c.prepare(
                "SELECT q.id, ac.id, ac.name FROM quotes q JOIN temp.summary_scope s ON s.id = q.article_id
                 JOIN mentions m ON m.article_id = q.article_id AND m.start >= q.start AND m.end <= q.end
                 JOIN actors ac ON ac.id = m.actor_id
                 WHERE q.speaker_id IS NOT m.actor_id
                 GROUP BY q.id, ac.id ORDER BY q.id, min(m.start)",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                named.entry(r.get(0)?).or_default().push(ActorRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                });
            }
        }

        // Quotes; with an actor focus only theirs and those naming them.
        let mut quotes: Vec<SummaryQuote> = Vec::new();
        {
            let mut stmt = c.prepare(
                "SELECT q.id, q.article_id, a.date,
                    CAST(substr(CAST(a.text AS BLOB), q.start + 1, q.end - q.start) AS TEXT),
                    q.direct, q.cue, q.speaker_id, coalesce(sp.name, q.speaker_text),
                    q.start, q.end, q.sentence_start, q.sentence_end, q.confidence,
                    CASE WHEN q.parts NOT IN ('', '[]') THEN q.parts END,
                    CASE WHEN q.parts NOT IN ('', '[]') THEN a.text END
                 FROM quotes q JOIN temp.summary_scope s ON s.id = q.article_id JOIN articles a ON a.id = q.article_id
                 LEFT JOIN actors sp ON sp.id = q.speaker_id
                 ORDER BY a.date IS NULL, a.date, q.article_id, q.start",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let speaker_id: Option<ActorId> = r.get(6)?;
                let mentions = named.remove(&id).unwrap_or_default();
                if let Some(focus) = only_actor
                    && speaker_id != Some(focus)
                    && !mentions.iter().any(|m| m.id == focus)
                {
                    continue;
                }
                let mut text: String = r.get::<_, Option<String>>(3)?.unwrap_or_default();
                if let (Some(parts), Some(article)) = (
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(14)?,
                ) {
                    let parts: Vec<[usize; 2]> = serde_json::from_str(&parts).unwrap_or_default();
                    let pieces: Vec<&str> = parts
                        .iter()
                        .filter_map(|[s, e]| article.get(*s..*e))
                        .filter(|p| !p.trim().is_empty())
                        .collect();
                    if pieces.len() > 1 {
                        text = pieces.join(" … ");
                    }
                }
                let article_id: ArticleId = r.get(1)?;
                quotes.push(SummaryQuote {
                    id,
                    text,
                    direct: r.get(4)?,
                    cue: r.get(5)?,
                    speaker_id,
                    speaker: r.get(7)?,
                    date: r.get(2)?,
                    span: Span::new(offset(r.get(8)?), offset(r.get(9)?)),
                    citation: cite(article_id, r.get(10)?, r.get(11)?),
                    mentions,
                    confidence: round3(r.get(12)?),
                });
            }
        }
        for q in &quotes {
            if let Some(a) = q
                .speaker_id
                .and_then(|id| index.get(&id))
                .and_then(|&i| actors.get_mut(i))
            {
                a.quotes_by.push(q.id);
            }
            for m in &q.mentions {
                if let Some(a) = index.get(&m.id).and_then(|&i| actors.get_mut(i)) {
                    a.quotes_about.push(q.id);
                }
            }
        }

        // Topics with their articles.
        let mut topics: Vec<SummaryTopic> = Vec::new();
        {
            let mut stmt = c.prepare(
                "SELECT t.id, t.key, t.label, at.article_id, at.score
                 FROM article_topics at JOIN temp.summary_scope s ON s.id = at.article_id JOIN topics t ON t.id = at.topic_id
                 ORDER BY t.id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let article_id: ArticleId = r.get(3)?;
                let entry = TopicArticleRef {
                    reference: refs.get(&article_id).map_or(0, |x| x.0),
                    article_id,
                    score: round3(r.get(4)?),
                };
                match topics.last_mut() {
                    Some(t) if t.id == id => t.articles.push(entry),
                    _ => topics.push(SummaryTopic {
                        id,
                        key: r.get(1)?,
                        label: r.get(2)?,
                        articles: vec![entry],
                    }),
                }
            }
        }
        for t in &mut topics {
            t.articles.sort_by_key(|a| a.reference);
        }
        topics.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
                .then(a.id.cmp(&b.id))
        });

        // Timeline by month: articles, mentions of the listed actors, quotes.
        let mut months: std::collections::BTreeMap<String, MonthCount> = Default::default();
        for a in &articles {
            if let Some(m) = month(&mut months, a.date.as_deref()) {
                m.articles += 1;
            }
        }
        for q in &quotes {
            if let Some(m) = month(&mut months, q.date.as_deref()) {
                m.quotes += 1;
            }
        }
        {
            let mut stmt = c.prepare(
                "SELECT a.date, count(*) FROM mentions m JOIN temp.summary_scope s ON s.id = m.article_id
                 JOIN articles a ON a.id = m.article_id
                 WHERE a.date IS NOT NULL AND (?1 IS NULL OR m.actor_id = ?1) GROUP BY a.date",
            )?;
            let mut rows = stmt.query([only_actor])?;
            while let Some(r) = rows.next()? {
                let date: String = r.get(0)?;
                if let Some(m) = month(&mut months, Some(&date)) {
                    m.mentions += count(r.get(1)?);
                }
            }
        }
        let timeline: Vec<MonthCount> = months.into_values().collect();

        let totals = Totals {
            articles: articles.len() as u64,
            undated_articles: articles.iter().filter(|a| a.date.is_none()).count() as u64,
            actors: actors.len() as u64,
            mentions: actors.iter().map(|a| a.mentions).sum(),
            quotes: quotes.len() as u64,
            topics: topics.len() as u64,
        };
        Ok(Summary {
            schema_version: SCHEMA_VERSION,
            title,
            dossier: self
                .path()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            generated_at: Some(generated_at),
            scope: SummaryScope {
                kind,
                id: focus_id,
                name,
                from: scope.from.clone(),
                to: scope.to.clone(),
            },
            totals,
            articles,
            actors,
            quotes,
            topics,
            timeline,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_come_only_from_iso_dates() {
        assert_eq!(month_of("2024-03-14"), Some("2024-03"));
        assert_eq!(month_of("2024-03"), Some("2024-03"));
        assert_eq!(month_of("March 2024"), None);
        assert_eq!(month_of("2024"), None);
        assert_eq!(month_of("2024-é"), None);
    }
}
