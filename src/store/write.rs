//! Writes: one article with everything found in it, in one transaction.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::extract::actor_key;
use crate::model::{ActorKind, Analysis, Article, Format, FoundActor, Speaker};

use super::{ActorId, ArticleId, Result, Store};

/// Where an article came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub file_name: String,
    pub file_path: Option<String>,
    pub format: Format,
    pub encoding: String,
}

/// What happened to one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(ArticleId),
    /// The same text was already in the dossier, as this article.
    Duplicate(ArticleId),
}

/// The identity key of an actor across articles. People and other kinds live in separate key
/// spaces so that "Washington" the person never merges with the city.
pub(crate) fn identity_key(kind: ActorKind, name: &str) -> String {
    let space = if kind == ActorKind::Person { 'p' } else { 'o' };
    format!("{space}:{}", actor_key(name))
}

/// Keys of a found actor: its name, then aliases strong enough to identify it across articles
/// (not a person's bare surname or first name, which many people share).
fn found_keys(actor: &FoundActor) -> Vec<String> {
    let mut keys = vec![identity_key(actor.kind, &actor.name)];
    for alias in &actor.aliases {
        let strong = actor.kind != ActorKind::Person || alias.split_whitespace().count() >= 2;
        let key = identity_key(actor.kind, alias);
        if strong && key.len() > 2 && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

impl Store {
    /// The article with this content hash, if the dossier has it.
    pub fn article_by_hash(&self, hash: &str) -> Result<Option<ArticleId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?;
        Ok(stmt.query_row([hash], |r| r.get(0)).optional()?)
    }

    /// Stores `article` and `analysis` in one transaction: afterwards the article is present with all
    /// its mentions, quotes, roles and topics, or (on any error) absent.
    pub fn import_article(
        &mut self,
        source: &SourceFile,
        article: &Article,
        analysis: &Analysis,
        content_hash: &str,
        analysed_with: i64,
    ) -> Result<ImportOutcome> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing: Option<ArticleId> = tx
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([content_hash], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Ok(ImportOutcome::Duplicate(id));
        }
        let keyphrases =
            serde_json::to_string(&analysis.keyphrases).unwrap_or_else(|_| "[]".into());
        tx.prepare_cached(
            "INSERT INTO articles (file_name, file_path, format, encoding, content_hash, title, date, source,
                 author, url, text, body_start, keyphrases, imported_at, analysed_with)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?14)",
        )?
        .execute(params![
            source.file_name,
            source.file_path,
            source.format.as_str(),
            source.encoding,
            content_hash,
            article.title,
            article.date,
            article.source,
            article.author,
            article.url,
            article.text,
            article.body_start as i64,
            keyphrases,
            analysed_with,
        ])?;
        let article_id = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
            .execute(params![
                article_id,
                article.title.as_deref().unwrap_or(""),
                article.text
            ])?;
        write_analysis(&tx, article_id, article, analysis)?;
        tx.commit()?;
        Ok(ImportOutcome::Imported(article_id))
    }
}

/// Writes everything found in an article (already inserted as `article_id`).
pub(crate) fn write_analysis(
    tx: &Transaction,
    article_id: ArticleId,
    article: &Article,
    analysis: &Analysis,
) -> Result<()> {
    let mut ids: Vec<ActorId> = Vec::with_capacity(analysis.actors.len());
    for actor in &analysis.actors {
        ids.push(resolve_actor(tx, actor)?);
    }
    {
        let mut alias = tx.prepare_cached(
            "INSERT OR IGNORE INTO aliases (actor_id, article_id, alias) VALUES (?1, ?2, ?3)",
        )?;
        for (actor, &id) in analysis.actors.iter().zip(&ids) {
            alias.execute(params![id, article_id, actor.name])?;
            for a in &actor.aliases {
                alias.execute(params![id, article_id, a])?;
            }
        }
    }
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO mentions (article_id, actor_id, start, end, confidence) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for m in &analysis.mentions {
            if let Some(&id) = ids.get(m.actor) {
                stmt.execute(params![
                    article_id,
                    id,
                    m.span.start as i64,
                    m.span.end as i64,
                    f64::from(m.confidence)
                ])?;
            }
        }
    }
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO quotes (article_id, start, end, parts, direct, cue, speaker_id, speaker_text,
                 speaker_start, speaker_end, sentence_start, sentence_end, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for q in &analysis.quotes {
            let (speaker_id, speaker_text) = match &q.speaker {
                Speaker::Actor(i) => (
                    ids.get(*i).copied(),
                    analysis.actors.get(*i).map(|a| a.name.clone()),
                ),
                Speaker::Description(d) => (None, Some(d.clone())),
                Speaker::Unknown => (None, None),
            };
            let parts: Vec<[usize; 2]> = q.parts.iter().map(|p| [p.start, p.end]).collect();
            stmt.execute(params![
                article_id,
                q.span.start as i64,
                q.span.end as i64,
                serde_json::to_string(&parts).unwrap_or_else(|_| "[]".into()),
                q.direct,
                q.cue.map(|c| c.slice(&article.text).to_string()),
                speaker_id,
                speaker_text,
                q.speaker_span.map(|s| s.start as i64),
                q.speaker_span.map(|s| s.end as i64),
                q.sentence.start as i64,
                q.sentence.end as i64,
                f64::from(q.confidence),
            ])?;
        }
    }
    {
        let mut role = tx.prepare_cached(
            "INSERT INTO roles (actor_id, article_id, title, of_name, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut aff = tx.prepare_cached(
            "INSERT INTO affiliations (actor_id, article_id, name, start, end) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (actor, &id) in analysis.actors.iter().zip(&ids) {
            for r in &actor.roles {
                role.execute(params![
                    id,
                    article_id,
                    r.title,
                    r.of,
                    r.span.start as i64,
                    r.span.end as i64
                ])?;
            }
            for a in &actor.affiliations {
                aff.execute(params![
                    id,
                    article_id,
                    a.name,
                    a.span.start as i64,
                    a.span.end as i64
                ])?;
            }
        }
    }
    {
        let mut topic = tx.prepare_cached(
            "INSERT INTO topics (key, label) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET label = excluded.label RETURNING id",
        )?;
        let mut link = tx.prepare_cached(
            "INSERT OR REPLACE INTO article_topics (article_id, topic_id, score, evidence) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for t in &analysis.topics {
            let topic_id: i64 = topic.query_row(params![t.key, t.label], |r| r.get(0))?;
            let evidence = serde_json::to_string(&t.evidence).unwrap_or_else(|_| "[]".into());
            link.execute(params![article_id, topic_id, f64::from(t.score), evidence])?;
        }
    }
    Ok(())
}

/// Finds the dossier's actor for a found actor by its keys, or creates it; records new keys.
fn resolve_actor(tx: &Transaction, actor: &FoundActor) -> Result<ActorId> {
    let keys = found_keys(actor);
    let mut find = tx.prepare_cached("SELECT actor_id FROM actor_keys WHERE key = ?1")?;
    let mut id: Option<ActorId> = None;
    for key in &keys {
        if let Some(found) = find.query_row([key], |r| r.get(0)).optional()? {
            id = Some(found);
            break;
        }
    }
    let id = match id {
        Some(id) => id,
        None => {
            let key = &keys[0];
            tx.prepare_cached(
                "INSERT INTO actors (name, kind, key) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id",
            )?
            .query_row(params![actor.name, actor.kind.code(), key], |r| r.get(0))?
        }
    };
    let mut add =
        tx.prepare_cached("INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?1, ?2)")?;
    for key in &keys {
        add.execute(params![key, id])?;
    }
    Ok(id)
}
