//! Queries: plain rows for the app, the command line and the exporters.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};

use crate::model::ActorKind;
use crate::query::{SearchQuery, snippet};

use super::rows::*;
use super::{Result, Store};

/// At most this many of the matching articles, the most recently imported, are ranked by a search.
pub const SEARCH_RANK_WINDOW: usize = 10_000;

/// How many of a word's (or phrase's) newest matches are walked to tell how rare it is.
const RARITY_SAMPLE: u64 = 1_000;

/// Queries with more words and phrases than this rank them all alike rather than walk each.
const RARITY_GROUPS: usize = 16;

/// Words in a search result's snippet.
const SNIPPET_WORDS: usize = 24;

const ARTICLE_COLS: &str = "a.id, a.file_name, a.title, a.date, a.source, a.author, a.url, a.format, a.imported_at, a.language";
/// How many columns `ARTICLE_COLS` has.
const ARTICLE_COL_COUNT: usize = 10;

fn article_row(r: &Row, at: usize) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(at)?,
        file_name: r.get(at + 1)?,
        title: r.get(at + 2)?,
        date: r.get(at + 3)?,
        source: r.get(at + 4)?,
        author: r.get(at + 5)?,
        url: r.get(at + 6)?,
        format: r.get(at + 7)?,
        imported_at: r.get(at + 8)?,
        language: r.get(at + 9)?,
    })
}

fn kind(s: String) -> ActorKind {
    ActorKind::from_code(&s).unwrap_or(ActorKind::Org)
}

fn usize_at(r: &Row, i: usize) -> rusqlite::Result<usize> {
    Ok(r.get::<_, i64>(i)?.max(0) as usize)
}

fn json_list(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// Quote columns; `text` is cut from the article text by span.
const QUOTE_SELECT: &str = "SELECT q.id, q.article_id, coalesce(nullif(trim(a.title), ''), a.file_name), a.date,
        CAST(substr(CAST(a.text AS BLOB), q.start + 1, q.end - q.start) AS TEXT), q.direct, q.cue, q.speaker_id, coalesce(CASE WHEN s.hidden = 0 THEN s.name END, q.speaker_text),
        q.start, q.end, q.sentence_start, q.sentence_end, q.confidence / 1000.0, ru.name, q.curated_speaker
    FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN actors s ON s.id = q.speaker_id
        LEFT JOIN rules ru ON ru.id = q.rule";

fn quote_row(r: &Row) -> rusqlite::Result<QuoteRow> {
    let (start, end) = (usize_at(r, 9)?, usize_at(r, 10)?);
    Ok(QuoteRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        article_title: r.get(2)?,
        date: r.get(3)?,
        text: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        direct: r.get(5)?,
        cue: r.get(6)?,
        speaker_id: r.get(7)?,
        speaker: r.get(8)?,
        start,
        end,
        sentence_start: usize_at(r, 11)?,
        sentence_end: usize_at(r, 12)?,
        confidence: r.get(13)?,
        rule: r.get(14)?,
        speaker_corrected: r.get(15)?,
    })
}

impl Store {
    /// Totals of the dossier.
    pub fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        Ok(Stats {
            articles: count("articles")?,
            actors: self
                .conn
                .query_row(
                    "SELECT count(*) FROM actor_stats s JOIN actors ac ON ac.id = s.actor_id
                     WHERE s.mentions > 0 AND ac.hidden = 0",
                    [],
                    |r| r.get::<_, i64>(0),
                )?
                .max(0) as u64,
            // Mentions of actors from the summaries, plus names detached from every actor.
            mentions: self
                .conn
                .query_row(
                    "SELECT (SELECT coalesce(sum(mentions), 0) FROM actor_stats)
                          + (SELECT count(*) FROM mentions WHERE actor_id IS NULL)",
                    [],
                    |r| r.get::<_, i64>(0),
                )?
                .max(0) as u64,
            quotes: count("quotes")?,
            topics: self
                .conn
                .query_row(
                    "SELECT count(*) FROM topic_stats WHERE articles > 0",
                    [],
                    |r| r.get::<_, i64>(0),
                )?
                .max(0) as u64,
        })
    }

    /// All articles, newest first (undated last).
    pub fn articles(&self) -> Result<Vec<ArticleRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ARTICLE_COLS} FROM articles a ORDER BY a.date IS NULL, a.date DESC, a.id"
        ))?;
        let rows = stmt
            .query_map([], |r| article_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Finds an article by its id, else by its title or file name (case ignored), else by a
    /// title containing `key`; among several matches the lowest id wins.
    pub fn find_article(&self, key: &str) -> Result<Option<ArticleId>> {
        let key = key.trim();
        if key.is_empty() {
            return Ok(None);
        }
        if let Ok(id) = key.parse::<ArticleId>() {
            let found = self
                .conn
                .prepare_cached("SELECT id FROM articles WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        for sql in [
            "SELECT id FROM articles WHERE trim(title) = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            "SELECT id FROM articles WHERE file_name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            "SELECT id FROM articles WHERE instr(lower(title), lower(?1)) > 0 ORDER BY id LIMIT 1",
        ] {
            let found = self
                .conn
                .prepare_cached(sql)?
                .query_row([key], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// One article with its text, mentions, quotes and topics.
    pub fn article(&self, id: ArticleId) -> Result<Option<ArticleDetail>> {
        let head = self
            .conn
            .prepare_cached(&format!("SELECT {ARTICLE_COLS}, a.text, a.body_start, a.keyphrases FROM articles a WHERE a.id = ?1"))?
            .query_row([id], |r| Ok((article_row(r, 0)?, r.get::<_, String>(ARTICLE_COL_COUNT)?, usize_at(r, ARTICLE_COL_COUNT + 1)?, r.get::<_, Option<String>>(ARTICLE_COL_COUNT + 2)?)))
            .optional()?;
        let Some((article, text, body_start, keyphrases)) = head else {
            return Ok(None);
        };
        let mentions = self
            .conn
            .prepare_cached(
                "SELECT m.actor_id, ac.name, ac.kind, m.start, m.end, ru.name,
                     EXISTS (SELECT 1 FROM pins p JOIN names n ON n.key = p.key WHERE n.id = m.name)
                 FROM mentions m JOIN actors ac ON ac.id = m.actor_id LEFT JOIN rules ru ON ru.id = m.rule
                 WHERE m.article_id = ?1 AND ac.hidden = 0 ORDER BY m.start",
            )?
            .query_map([id], |r| {
                Ok(MentionRow {
                    actor_id: r.get(0)?,
                    actor_name: r.get(1)?,
                    kind: kind(r.get(2)?),
                    start: usize_at(r, 3)?,
                    end: usize_at(r, 4)?,
                    rule: r.get(5)?,
                    corrected: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let quotes = self.quotes(&QuoteFilter {
            article: Some(id),
            ..QuoteFilter::default()
        })?;
        let topics = self
            .conn
            .prepare_cached(
                "SELECT t.id, t.key, t.label, at.score, at.evidence FROM article_topics at JOIN topics t ON t.id = at.topic_id
                 WHERE at.article_id = ?1 AND at.removed = 0 ORDER BY at.score DESC",
            )?
            .query_map([id], |r| {
                Ok(ArticleTopic { topic_id: r.get(0)?, key: r.get(1)?, label: r.get(2)?, score: r.get(3)?, evidence: json_list(r.get(4)?) })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(ArticleDetail {
            article,
            text,
            body_start,
            mentions,
            quotes,
            topics,
            keyphrases: json_list(keyphrases),
        }))
    }

    /// Actors with their counts, most mentioned first.
    pub fn actors(&self, filter: &ActorFilter) -> Result<Vec<ActorRow>> {
        let mut sql = format!(
            "{ACTOR_SELECT}
             WHERE s.mentions > 0 AND ac.hidden = 0 AND (?1 IS NULL OR ac.kind = ?1)
                 AND (?2 IS NULL OR ac.name LIKE '%' || ?2 || '%' ESCAPE '\\')
             ORDER BY s.mentions DESC, ac.name"
        );
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let name = filter.name.as_ref().map(|n| {
            n.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        });
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows: Vec<ActorRow> = stmt
            .query_map(params![filter.kind.map(ActorKind::code), name], actor_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Finds an actor by name or alias (case, diacritics and punctuation ignored); the most
    /// mentioned one when several match.
    pub fn find_actor(&self, name: &str) -> Result<Option<ActorId>> {
        let key = crate::extract::actor_key(name);
        let found = self
            .conn
            .prepare_cached(
                "SELECT k.actor_id FROM actor_keys k LEFT JOIN actor_stats s ON s.actor_id = k.actor_id
                 WHERE k.key IN ('p:' || ?1, 'o:' || ?1) ORDER BY coalesce(s.mentions, 0) DESC LIMIT 1",
            )?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
        // Fall back to aliases seen in articles ("Ostrova").
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.actor_id, al.alias FROM aliases al JOIN actor_keys k ON k.key = al.found_key GROUP BY k.actor_id, al.alias
             UNION SELECT actor_id, name FROM pins WHERE actor_id IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let alias: String = r.get(1)?;
            if crate::extract::actor_key(&alias) == key {
                return Ok(Some(r.get(0)?));
            }
        }
        Ok(None)
    }

    /// One actor's row (counts included).
    pub fn actor(&self, id: ActorId) -> Result<Option<ActorRow>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{ACTOR_SELECT} WHERE ac.id = ?1"))?
            .query_row([id], actor_row)
            .optional()?)
    }

    /// Everything the profile shows about an actor.
    pub fn actor_profile(&self, id: ActorId) -> Result<Option<ActorProfile>> {
        let Some(actor) = self.actor(id)? else {
            return Ok(None);
        };
        // Everything listed comes from the actor's newest articles, those that name it or quote
        // it (all of them, for nearly every actor): a profile reads the same few hundred articles however often the actor
        // is named.
        // Both lists come from their indexes alone; they meet here rather than in a SQL UNION,
        // which would sort a hundred thousand ids for a much named actor.
        let mut all: Vec<ArticleId> = Vec::new();
        for sql in [
            "SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?1",
            // Rejected quotes too: their articles may join the window, which only chooses
            // articles (their quotes stay out), and the index alone answers.
            "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?1",
        ] {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                all.push(r.get(0)?);
            }
        }
        all.sort_unstable();
        all.dedup();
        let windowed = all.len() > PROFILE_ARTICLES;
        let window = self.newest_articles(all, PROFILE_ARTICLES)?;
        let w = serde_json::to_string(&window).unwrap_or_else(|_| "[]".into());
        let aliases = self
            .conn
            .prepare_cached(
                "SELECT alias, sum(n) FROM (
                     SELECT al.alias AS alias, count(DISTINCT al.article_id) AS n FROM aliases al
                         JOIN actor_keys k ON k.key = al.found_key
                         WHERE al.article_id IN (SELECT value FROM json_each(?2)) AND k.actor_id = ?1 GROUP BY al.alias
                     UNION ALL SELECT name, 0 FROM pins WHERE actor_id = ?1
                     UNION ALL SELECT name, 0 FROM actors WHERE merged_into = ?1)
                 WHERE alias NOT IN (SELECT p.name FROM pins p WHERE p.actor_id IS NOT ?1)
                 GROUP BY alias ORDER BY sum(n) DESC, alias",
            )?
            .query_map(params![id, w], |r| Ok(AliasRow { alias: r.get(0)?, articles: r.get::<_, i64>(1)?.max(0) as u64, rule: None, corrected: false }))?
            .filter(|a| a.as_ref().map_or(true, |a| a.alias != actor.name))
            .collect::<rusqlite::Result<_>>()?;
        let (aliases, name_rule) = self.explain_aliases(&actor, aliases, &w)?;
        let name_corrected: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM corrections WHERE undone = 0 AND json_valid(rule)
                     AND json_extract(rule, '$.rule') = 'actor' AND json_extract(rule, '$.action') = 'rename'
                     AND json_extract(rule, '$.actor') = ?1)",
            )?
            .query_row([id], |r| r.get(0))?;
        let roles = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.title, r.of_name, r.article_id, coalesce(nullif(trim(a.title), ''), a.file_name), a.date, r.start, r.end,
                     ru.name, r.found_key
                 FROM roles r JOIN articles a ON a.id = r.article_id LEFT JOIN rules ru ON ru.id = r.rule
                 WHERE r.article_id IN (SELECT value FROM json_each(?2)) AND +r.actor_id = ?1 AND r.removed = 0
                 ORDER BY a.date, r.id",
            )?
            .query_map(params![id, w], |r| {
                Ok((
                    RoleRow {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        of: r.get(2)?,
                        article_id: r.get(3)?,
                        article_title: r.get(4)?,
                        date: r.get(5)?,
                        start: usize_at(r, 6)?,
                        end: usize_at(r, 7)?,
                        rule: r.get(8)?,
                        corrected: false,
                    },
                    r.get::<_, String>(9)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let roles = self.mark_edited_roles(roles)?;
        let affiliations = self
            .conn
            .prepare_cached(
                "SELECT f.name, count(DISTINCT f.article_id), min(a.date), max(a.date), min(f.article_id)
                 FROM affiliations f JOIN articles a ON a.id = f.article_id
                 WHERE f.article_id IN (SELECT value FROM json_each(?2)) AND +f.actor_id = ?1
                 GROUP BY f.name ORDER BY count(DISTINCT f.article_id) DESC, f.name",
            )?
            .query_map(params![id, w], |r| {
                Ok(AffiliationRow {
                    name: r.get(0)?,
                    articles: r.get::<_, i64>(1)?.max(0) as u64,
                    first_seen: r.get(2)?,
                    last_seen: r.get(3)?,
                    article_id: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let articles = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?1))
                 ORDER BY a.date IS NULL, a.date DESC, a.id"
            ))?
            .query_map([&w], |r| article_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        let related =
            self.actors_in_articles("SELECT value FROM json_each(?1)", &w, Some(id), 20)?;
        let quotes_by = self.quotes(&QuoteFilter {
            speaker: Some(id),
            within: Some(window.clone()),
            ..QuoteFilter::default()
        })?;
        let quotes_about = self.quotes(&QuoteFilter {
            mentioning: Some(id),
            within: Some(window),
            ..QuoteFilter::default()
        })?;
        Ok(Some(ActorProfile {
            actor,
            name_rule,
            name_corrected,
            aliases,
            roles,
            affiliations,
            articles,
            related,
            quotes_by,
            quotes_about,
            windowed,
        }))
    }

    /// Adds to each of an actor's names why it is listed: a correction of yours (a name pinned
    /// to the actor, or the name of an actor merged into it), else the rule that found most of
    /// the actor's mentions under that name.
    /// Also returns the rule behind most mentions under the actor's own name.
    fn explain_aliases(
        &self,
        actor: &ActorRow,
        mut aliases: Vec<AliasRow>,
        window: &str,
    ) -> Result<(Vec<AliasRow>, Option<String>)> {
        use std::collections::{HashMap, HashSet};
        let corrected: HashSet<String> = self
            .conn
            .prepare_cached(
                "SELECT name FROM pins WHERE actor_id = ?1 UNION SELECT name FROM actors WHERE merged_into = ?1",
            )?
            .query_map([actor.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Rules per name key, most used first.
        let mut rules: HashMap<String, (String, i64)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.key, ru.name, count(*) FROM mentions m JOIN names n ON n.id = m.name JOIN rules ru ON ru.id = m.rule
             WHERE m.article_id IN (SELECT value FROM json_each(?2)) AND +m.actor_id = ?1 GROUP BY m.name, m.rule",
        )?;
        let mut rows = stmt.query(params![actor.id, window])?;
        while let Some(r) = rows.next()? {
            let (key, rule, n): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let best = rules.entry(key).or_insert_with(|| (rule.clone(), n));
            if n > best.1 || (n == best.1 && rule < best.0) {
                *best = (rule, n);
            }
        }
        // The key the mentions were stored under; the other key space too, for an actor whose
        // kind was corrected after its mentions were stored.
        let other = if actor.kind == ActorKind::Person {
            ActorKind::Org
        } else {
            ActorKind::Person
        };
        let rule_of = |name: &str| {
            [actor.kind, other]
                .iter()
                .find_map(|&k| rules.get(&super::write::identity_key(k, name)))
                .map(|(rule, _)| rule.clone())
        };
        for a in &mut aliases {
            a.corrected = corrected.contains(&a.alias);
            a.rule = rule_of(&a.alias);
        }
        Ok((aliases, rule_of(&actor.name)))
    }

    /// Marks the roles whose title a correction in force changed.
    fn mark_edited_roles(&self, roles: Vec<(RoleRow, String)>) -> Result<Vec<RoleRow>> {
        use std::collections::HashSet;
        let edited: HashSet<(ArticleId, String, i64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT json_extract(rule, '$.article'), json_extract(rule, '$.found_key'),
                        json_extract(rule, '$.start'), json_extract(rule, '$.end')
                 FROM corrections WHERE undone = 0 AND status = 'applied' AND json_valid(rule)
                     AND json_extract(rule, '$.rule') = 'edit_role' AND json_extract(rule, '$.title') IS NOT NULL",
            )?
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(-1),
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    r.get::<_, Option<i64>>(2)?.unwrap_or(-1),
                    r.get::<_, Option<i64>>(3)?.unwrap_or(-1),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(roles
            .into_iter()
            .map(|(mut role, found_key)| {
                role.corrected = edited.contains(&(
                    role.article_id,
                    found_key,
                    role.start as i64,
                    role.end as i64,
                ));
                role
            })
            .collect())
    }

    /// The actors named in the articles `articles` selects (SQL with `?1` bound to `param`),
    /// but not `exclude`: most articles first, then most mentions, then by name. Counted here
    /// from the mentions of those articles in article order; SQLite would sort them all.
    fn actors_in_articles(
        &self,
        articles: &str,
        param: &dyn rusqlite::ToSql,
        exclude: Option<ActorId>,
        limit: usize,
    ) -> Result<Vec<RelatedActor>> {
        // Per actor: articles, mentions.
        let mut counts: std::collections::HashMap<ActorId, (u64, u64)> = Default::default();
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT m.article_id, m.actor_id FROM mentions m
                 WHERE m.article_id IN ({articles}) AND m.actor_id IS NOT NULL
                 ORDER BY m.article_id"
            ))?;
            let mut rows = stmt.query([param])?;
            let mut article: Option<ArticleId> = None;
            let mut seen: Vec<ActorId> = Vec::new();
            while let Some(r) = rows.next()? {
                let (a, actor): (ArticleId, ActorId) = (r.get(0)?, r.get(1)?);
                if Some(actor) == exclude {
                    continue;
                }
                if article != Some(a) {
                    article = Some(a);
                    seen.clear();
                }
                let entry = counts.entry(actor).or_default();
                entry.1 += 1;
                if !seen.contains(&actor) {
                    seen.push(actor);
                    entry.0 += 1;
                }
            }
        }
        let mut actor = self
            .conn
            .prepare_cached("SELECT name, kind FROM actors WHERE id = ?1 AND hidden = 0")?;
        let mut found = Vec::new();
        for (other, (shared, mentions)) in counts {
            let named = actor
                .query_row([other], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?;
            if let Some((name, kind_code)) = named {
                let row = RelatedActor {
                    id: other,
                    name,
                    kind: kind(kind_code),
                    shared_articles: shared,
                };
                found.push((row, mentions));
            }
        }
        found.sort_by(|(a, am), (b, bm)| {
            b.shared_articles
                .cmp(&a.shared_articles)
                .then_with(|| bm.cmp(am))
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(found.into_iter().take(limit).map(|(row, _)| row).collect())
    }

    /// Quotes matching `filter`, in article date order.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        // Only the conditions in use are written out, so SQLite can start from the index that
        // fits (`?n IS NULL OR ...` would make it read every quote).
        let mut conditions = vec!["q.rejected = 0".to_string()];
        // Within given articles, the quotes are found through those articles (`+` keeps SQLite
        // from starting at every quote of the speaker instead).
        let within = filter.within.is_some();
        if within {
            conditions.push("q.article_id IN (SELECT value FROM json_each(?5))".into());
        }
        if filter.speaker.is_some() {
            conditions.push(
                if within {
                    "+q.speaker_id = ?1"
                } else {
                    "q.speaker_id = ?1"
                }
                .into(),
            );
        }
        if filter.mentioning.is_some() {
            conditions.push(if within {
                "q.id IN (SELECT q2.id FROM mentions m JOIN quotes q2 ON q2.article_id = m.article_id
                     AND q2.start <= m.start AND q2.end >= m.end
                     WHERE m.article_id IN (SELECT value FROM json_each(?5)) AND +m.actor_id = ?2)
                 AND q.speaker_id IS NOT ?2"
                    .into()
            } else {
                "q.id IN (SELECT q2.id FROM mentions m JOIN quotes q2 ON q2.article_id = m.article_id
                     AND q2.start <= m.start AND q2.end >= m.end WHERE m.actor_id = ?2)
                 AND q.speaker_id IS NOT ?2"
                    .into()
            });
        }
        if filter.topic.is_some() {
            conditions.push(
                "q.article_id IN (SELECT article_id FROM article_topics WHERE topic_id = ?3 AND removed = 0)"
                    .into(),
            );
        }
        if filter.article.is_some() {
            conditions.push("q.article_id = ?4".into());
        }
        let mut sql = format!(
            "{QUOTE_SELECT} WHERE {} ORDER BY a.date IS NULL, a.date, q.article_id, q.start",
            conditions.join(" AND ")
        );
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        // Parameters keep their numbers; only those the SQL uses are bound.
        for (i, value) in [
            filter.speaker,
            filter.mentioning,
            filter.topic,
            filter.article,
        ]
        .into_iter()
        .enumerate()
        {
            if sql.contains(&format!("?{}", i + 1)) {
                stmt.raw_bind_parameter(i + 1, value)?;
            }
        }
        if let Some(ids) = &filter.within {
            let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
            stmt.raw_bind_parameter(5, ids)?;
        }
        let rows = stmt
            .raw_query()
            .mapped(quote_row)
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Topics with their article counts, most common first.
    pub fn topics(&self) -> Result<Vec<TopicRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, t.key, t.label, s.articles, s.first_seen, s.last_seen
             FROM topic_stats s JOIN topics t ON t.id = s.topic_id
             WHERE s.articles > 0 ORDER BY s.articles DESC, t.label",
        )?;
        let rows = stmt
            .query_map([], topic_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Finds a topic by key or label (case-insensitive).
    pub fn find_topic(&self, name: &str) -> Result<Option<TopicId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM topics WHERE lower(key) = lower(?1) OR lower(label) = lower(?1) LIMIT 1")?
            .query_row([name.trim()], |r| r.get(0))
            .optional()?)
    }

    /// Articles, actors and quotes under one topic.
    pub fn topic_detail(&self, id: TopicId) -> Result<Option<TopicDetail>> {
        let topic = self
            .conn
            .prepare_cached(
                "SELECT t.id, t.key, t.label, coalesce(s.articles, 0), s.first_seen, s.last_seen
                 FROM topics t LEFT JOIN topic_stats s ON s.topic_id = t.id WHERE t.id = ?1",
            )?
            .query_row([id], topic_row)
            .optional()?;
        let Some(topic) = topic else { return Ok(None) };
        // Lists come from the topic's newest articles, as in a profile.
        let all: Vec<ArticleId> = self
            .conn
            .prepare_cached(
                "SELECT article_id FROM article_topics WHERE topic_id = ?1 AND removed = 0",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let windowed = all.len() > PROFILE_ARTICLES;
        let window = self.newest_articles(all, PROFILE_ARTICLES)?;
        let w = serde_json::to_string(&window).unwrap_or_else(|_| "[]".into());
        let articles = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLS}, at.score, at.evidence FROM article_topics at JOIN articles a ON a.id = at.article_id
                 WHERE at.article_id IN (SELECT value FROM json_each(?2)) AND at.topic_id = ?1 AND at.removed = 0
                 ORDER BY a.date IS NULL, a.date DESC, at.score DESC"
            ))?
            .query_map(params![id, w], |r| Ok(TopicArticle { article: article_row(r, 0)?, score: r.get(ARTICLE_COL_COUNT)?, evidence: json_list(r.get(ARTICLE_COL_COUNT + 1)?) }))?
            .collect::<rusqlite::Result<_>>()?;
        let actors = self.actors_in_articles("SELECT value FROM json_each(?1)", &w, None, 50)?;
        let quotes = self.quotes(&QuoteFilter {
            within: Some(window),
            ..QuoteFilter::default()
        })?;
        Ok(Some(TopicDetail {
            topic,
            articles,
            actors,
            quotes,
            windowed,
        }))
    }

    /// The newest `limit` of `ids` by article date, newest first; among articles of one date, and
    /// among the undated ones (last), the most recently imported first.
    ///
    /// When the articles are a large share of the dossier, the date index is walked from the
    /// newest date until enough of them are met (a few thousand steps, however many there are);
    /// otherwise their dates are looked up one by one.
    pub(crate) fn newest_articles(
        &self,
        ids: Vec<ArticleId>,
        limit: usize,
    ) -> Result<Vec<ArticleId>> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM articles")?
            .query_row([], |r| r.get(0))?;
        if ids.len() <= limit.saturating_mul(4) || (ids.len() as i64).saturating_mul(50) < total {
            let json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
            return Ok(self
                .conn
                .prepare_cached(
                    "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?1))
                     ORDER BY date IS NULL, date DESC, id DESC LIMIT ?2",
                )?
                .query_map(params![json, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?);
        }
        let wanted: std::collections::HashSet<ArticleId> = ids.into_iter().collect();
        let mut found = Vec::with_capacity(limit);
        for sql in [
            "SELECT id FROM articles INDEXED BY articles_date WHERE date IS NOT NULL ORDER BY date DESC, id DESC",
            "SELECT id FROM articles INDEXED BY articles_date WHERE date IS NULL ORDER BY id DESC",
        ] {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([])?;
            while found.len() < limit {
                let Some(r) = rows.next()? else { break };
                let id: ArticleId = r.get(0)?;
                if wanted.contains(&id) {
                    found.push(id);
                }
            }
        }
        Ok(found)
    }

    /// Full-text search over titles and texts, best first (see [`crate::query`] for the query
    /// language). Returns an empty list for a query with no words.
    ///
    /// Ranking (BM25, title words weigh five times text words; see `store::rank`) costs time for
    /// every matching article, so when more than [`SEARCH_RANK_WINDOW`] articles match, the best
    /// are chosen among the most recently imported that many: a word found nearly everywhere
    /// says little about relevance, and a search stays quick in a dossier of any size.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_in_window(query, limit, SEARCH_RANK_WINDOW)
    }

    pub(crate) fn search_in_window(
        &self,
        query: &str,
        limit: usize,
        window: usize,
    ) -> Result<Vec<SearchHit>> {
        let Some(query) = SearchQuery::parse(query) else {
            return Ok(Vec::new());
        };
        let counts = self.articles_containing(&query)?;
        // One pass over the newest matches (the index walks them in id order and stops at the
        // window), scoring each; the best are picked here.
        let weights: String = (0..counts.len()).map(|i| format!(", ?{}", i + 3)).collect();
        let mut scored = self.conn.prepare_cached(&format!(
            "SELECT rowid, dossier_rank(articles_fts, 5.0, 1.0{weights}) FROM articles_fts
             WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2"
        ))?;
        let mut values = vec![
            Value::Text(query.fts()),
            Value::Integer(window.max(1) as i64),
        ];
        values.extend(counts.into_iter().map(Value::Real));
        let mut found: Vec<(ArticleId, f64)> = scored
            .query_map(rusqlite::params_from_iter(values), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Lower is better; ties go to the newer article.
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        found.truncate(limit);
        // Snippets are cut here rather than by FTS5, which would run the query again per hit.
        let mut article = self.conn.prepare_cached(&format!(
            "SELECT {ARTICLE_COLS}, a.text FROM articles a WHERE a.id = ?1"
        ))?;
        let mut hits = Vec::with_capacity(found.len());
        for (id, rank) in found {
            let (article, text) = article.query_row([id], |r| {
                Ok((article_row(r, 0)?, r.get::<_, String>(ARTICLE_COL_COUNT)?))
            })?;
            hits.push(SearchHit {
                article,
                snippet: snippet(&text, &query, SNIPPET_WORDS),
                rank,
            });
        }
        Ok(hits)
    }

    /// How many articles contain each word or phrase of a query with several, for their rarity
    /// weights in the ranking: counted up to [`RARITY_SAMPLE`], estimated beyond that from how
    /// far back the newest [`RARITY_SAMPLE`] matches reach (`rank::estimate_articles`). Empty for
    /// a query with one (rarity then changes nothing) or more than [`RARITY_GROUPS`] (all then
    /// weigh the same).
    fn articles_containing(&self, query: &SearchQuery) -> Result<Vec<f64>> {
        if query.groups.len() < 2 || query.groups.len() > RARITY_GROUPS {
            return Ok(Vec::new());
        }
        let newest: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM articles")?
            .query_row([], |r| r.get(0))?;
        let mut walk = self.conn.prepare_cached(
            "SELECT count(*), coalesce(min(rowid), 0) FROM (SELECT rowid FROM articles_fts
             WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)",
        )?;
        query
            .groups
            .iter()
            .map(|group| {
                let (found, oldest): (i64, i64) = walk.query_row(
                    params![crate::query::group_fts(group), RARITY_SAMPLE as i64],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                Ok(super::rank::estimate_articles(
                    found.max(0) as u64,
                    RARITY_SAMPLE,
                    oldest,
                    newest,
                ))
            })
            .collect()
    }

    /// Mentions of an actor per article date (from the timeline the store keeps up to date).
    pub fn actor_timeline(&self, id: ActorId) -> Result<Vec<TimelinePoint>> {
        self.timeline(
            "SELECT date, mentions FROM actor_days WHERE actor_id = ?1 AND mentions > 0 ORDER BY date",
            id,
        )
    }

    /// Articles under a topic per date.
    pub fn topic_timeline(&self, id: TopicId) -> Result<Vec<TimelinePoint>> {
        self.timeline(
            "SELECT date, articles FROM topic_days WHERE topic_id = ?1 AND articles > 0 ORDER BY date",
            id,
        )
    }

    fn timeline(&self, sql: &str, id: i64) -> Result<Vec<TimelinePoint>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(TimelinePoint {
                    date: r.get(0)?,
                    count: r.get::<_, i64>(1)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// An actor with its summary (`actor_stats`): `WHERE` and `ORDER BY` are added by the caller.
pub(super) const ACTOR_SELECT: &str =
    "SELECT ac.id, ac.name, ac.kind, coalesce(s.mentions, 0), coalesce(s.articles, 0),
        coalesce(s.quotes, 0), s.first_seen, s.last_seen
    FROM actors ac LEFT JOIN actor_stats s ON s.actor_id = ac.id";

pub(super) fn actor_row(r: &Row) -> rusqlite::Result<ActorRow> {
    Ok(ActorRow {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: kind(r.get(2)?),
        mentions: r.get::<_, i64>(3)?.max(0) as u64,
        articles: r.get::<_, i64>(4)?.max(0) as u64,
        quotes: r.get::<_, i64>(5)?.max(0) as u64,
        first_seen: r.get(6)?,
        last_seen: r.get(7)?,
    })
}

fn topic_row(r: &Row) -> rusqlite::Result<TopicRow> {
    Ok(TopicRow {
        id: r.get(0)?,
        key: r.get(1)?,
        label: r.get(2)?,
        articles: r.get::<_, i64>(3)?.max(0) as u64,
        first_seen: r.get(4)?,
        last_seen: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn article_column_count_matches_the_list() {
        assert_eq!(
            super::ARTICLE_COLS.split(',').count(),
            super::ARTICLE_COL_COUNT
        );
    }
}
