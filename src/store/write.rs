//! Writes: one article with everything found in it, in one transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::extract::actor_key;
use crate::model::{ActorKind, Analysis, Article, Format, FoundActor, Speaker};

use super::{ActorId, ArticleId, Result, Store, StoreError};

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
/// Each name also gives the key of [`crate::extract::identity::identity_key`] when it differs
/// (a person's name without middle initials), so the dossier joins "Marten K. Ostrova" and
/// "Marten Ostrova" as `dossier extract` does.
fn found_keys(actor: &FoundActor) -> Vec<String> {
    let mut keys = vec![identity_key(actor.kind, &actor.name)];
    let names = std::iter::once(&actor.name).chain(&actor.aliases);
    for (i, name) in names.enumerate() {
        let strong =
            i == 0 || actor.kind != ActorKind::Person || name.split_whitespace().count() >= 2;
        if !strong {
            continue;
        }
        let space = if actor.kind == ActorKind::Person {
            'p'
        } else {
            'o'
        };
        let shared = format!(
            "{space}:{}",
            crate::extract::identity::identity_key(name, actor.kind)
        );
        for key in [identity_key(actor.kind, name), shared] {
            if key.len() > 2 && !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

impl Store {
    /// The article with this content hash, if the dossier has it.
    pub fn article_by_hash(&self, hash: &str) -> Result<Option<ArticleId>> {
        article_with_hash(&self.conn, hash)
    }

    /// Content hashes of every article, to recognise duplicates before analysing them.
    pub fn content_hashes(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT content_hash FROM articles")?;
        let hashes = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hashes)
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
        let in_batch = !self.conn.is_autocommit();
        // A savepoint: a transaction of its own, or one step of a batch (`begin_batch`).
        self.in_savepoint(|tx, pending| {
            let outcome = write_article(
                tx,
                pending,
                source,
                article,
                analysis,
                content_hash,
                analysed_with,
            )?;
            if let (false, ImportOutcome::Imported(id)) = (in_batch, outcome) {
                // On its own: searchable at once, not at a batch commit.
                pending.fts.pop();
                index_text(tx, id)?;
            }
            Ok(outcome)
        })
    }

    /// Runs `write` in a savepoint: what it writes is kept together, or on an error rolled back
    /// and forgotten by this connection's caches too.
    fn in_savepoint<T>(
        &mut self,
        write: impl FnOnce(&Connection, &mut Pending) -> Result<T>,
    ) -> Result<T> {
        self.ensure_writable()?;
        // On its own (no batch open), the write takes the write lock before it reads: a
        // deferred transaction that read first could not be upgraded once another process
        // committed, and would fail as busy instead of waiting its turn.
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let mark = self.pending.mark();
        let mut result = (|| {
            let sp = self.conn.savepoint()?;
            let value = write(&sp, &mut self.pending)?;
            sp.commit()?;
            Ok(value)
        })();
        if own {
            if result.is_ok()
                && let Err(e) = flush_stats(&self.conn, &mut self.pending)
                    .and_then(|()| Ok(self.conn.execute_batch("COMMIT")?))
            {
                result = Err(e);
            }
            if result.is_err() && !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
        }
        if result.is_err() {
            self.pending.forget(mark);
        }
        self.note(result)
    }

    /// Stores a batch of files in one transaction; each file is stored whole (all its articles)
    /// or not at all. Returns one result per file, in order. An error for the whole batch (a full
    /// disk, a busy dossier, a failed commit) means none of it was stored.
    ///
    /// The batch is first written without savepoints, which is a third faster; only when a file
    /// fails is it written again with a savepoint per file, to keep the other files.
    pub fn import_files(
        &mut self,
        files: &[FileImport],
        analysed_with: i64,
    ) -> Result<Vec<Result<FileOutcome>>> {
        self.ensure_writable()?;
        let result = self.write_files(files, analysed_with);
        self.note(result)
    }

    fn write_files(
        &mut self,
        files: &[FileImport],
        analysed_with: i64,
    ) -> Result<Vec<Result<FileOutcome>>> {
        if !self.conn.is_autocommit() {
            return Err(StoreError::Invalid(
                "another change to the dossier is in progress".into(),
            ));
        }
        // The dossier grows with every batch, and its cache with it.
        self.size_cache()?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let fast = (|| {
            let mut outcomes = Vec::with_capacity(files.len());
            for file in files {
                outcomes.push(write_file(
                    &self.conn,
                    &mut self.pending,
                    file,
                    analysed_with,
                )?);
            }
            self.commit_batch()?;
            Ok(outcomes)
        })();
        match fast {
            Ok(outcomes) => return Ok(outcomes.into_iter().map(Ok).collect()),
            Err(e) => {
                self.rollback_batch()?;
                if stops_import(&e) {
                    return Err(e);
                }
            }
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut results = Vec::with_capacity(files.len());
        for file in files {
            match self.in_savepoint(|tx, pending| write_file(tx, pending, file, analysed_with)) {
                Err(e) if stops_import(&e) => {
                    self.rollback_batch()?;
                    return Err(e);
                }
                result => results.push(result),
            }
        }
        if let Err(e) = self.commit_batch() {
            self.rollback_batch()?;
            return Err(e);
        }
        Ok(results)
    }
}

/// What a connection remembers of its own writes that are not committed yet.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    /// Ids of identity keys in `names`, as written by this connection (some maybe uncommitted).
    names: HashMap<String, i64>,
    /// Ids of rule names in `rules`, likewise.
    rules: HashMap<String, i64>,
    /// Articles imported in the open batch whose full-text rows are written at its commit: one
    /// index update per batch instead of one per article (FTS5 writes its pending terms to disk
    /// at every statement inside a transaction).
    fts: Vec<ArticleId>,
    /// Articles whose analysis was written in the open transaction and is not yet counted in
    /// the per-actor and per-topic summaries (`stats::add_articles`, at the commit).
    stats: Vec<ArticleId>,
}

impl Pending {
    /// After a rollback: the name ids handed out may be gone, and the articles indexed after
    /// `mark` were never stored.
    fn forget(&mut self, mark: PendingMark) {
        self.names.clear();
        self.rules.clear();
        self.fts.truncate(mark.fts);
        self.stats.truncate(mark.stats);
    }

    fn mark(&self) -> PendingMark {
        PendingMark {
            fts: self.fts.len(),
            stats: self.stats.len(),
        }
    }
}

/// How far [`Pending`] had grown when a savepoint began.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PendingMark {
    fts: usize,
    stats: usize,
}

/// Brings the summaries up to date with what the open transaction wrote; called just before
/// each commit.
pub(crate) fn flush_stats(tx: &Connection, pending: &mut Pending) -> Result<()> {
    super::stats::add_articles(tx, &pending.stats)?;
    pending.stats.clear();
    super::stats::refresh_stale(tx)
}

/// One file's articles, to be stored together or not at all.
#[derive(Debug, Clone)]
pub struct FileImport {
    pub source: SourceFile,
    pub articles: Vec<NewArticle>,
}

/// An article read from a file, with its content hash and its analysis. The analysis is `None`
/// when the dossier was known to have this text already (its analysis was skipped).
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub article: Article,
    pub content_hash: String,
    pub analysis: Option<Analysis>,
}

/// What was stored from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileOutcome {
    pub imported: Vec<ArticleId>,
    /// Articles whose text the dossier already had.
    pub duplicates: usize,
}

/// Errors that concern the whole dossier rather than one file: importing more cannot succeed.
fn stops_import(e: &StoreError) -> bool {
    matches!(e, StoreError::DiskFull | StoreError::Busy)
}

fn write_file(
    conn: &Connection,
    pending: &mut Pending,
    file: &FileImport,
    analysed_with: i64,
) -> Result<FileOutcome> {
    let mut outcome = FileOutcome::default();
    for new in &file.articles {
        let Some(analysis) = &new.analysis else {
            outcome.duplicates += 1;
            continue;
        };
        match write_article(
            conn,
            pending,
            &file.source,
            &new.article,
            analysis,
            &new.content_hash,
            analysed_with,
        )? {
            ImportOutcome::Imported(id) => outcome.imported.push(id),
            ImportOutcome::Duplicate(_) => outcome.duplicates += 1,
        }
    }
    Ok(outcome)
}

/// The article with this content hash, if the dossier (or the open transaction) has it.
fn article_with_hash(conn: &Connection, hash: &str) -> Result<Option<ArticleId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?)
}

/// Writes one article and its analysis unless its text is already stored; its full-text row is
/// left to the batch commit (`Pending::fts`).
fn write_article(
    conn: &Connection,
    pending: &mut Pending,
    source: &SourceFile,
    article: &Article,
    analysis: &Analysis,
    content_hash: &str,
    analysed_with: i64,
) -> Result<ImportOutcome> {
    if let Some(id) = article_with_hash(conn, content_hash)? {
        return Ok(ImportOutcome::Duplicate(id));
    }
    let article_id = insert_article(conn, source, article, analysis, content_hash, analysed_with)?;
    pending.fts.push(article_id);
    pending.stats.push(article_id);
    write_analysis(conn, pending, article_id, article, analysis)?;
    Ok(ImportOutcome::Imported(article_id))
}

fn insert_article(
    tx: &Connection,
    source: &SourceFile,
    article: &Article,
    analysis: &Analysis,
    content_hash: &str,
    analysed_with: i64,
) -> Result<ArticleId> {
    let keyphrases = serde_json::to_string(&analysis.keyphrases).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO articles (file_name, file_path, format, encoding, content_hash, title, date, source,
             author, url, text, body_start, keyphrases, imported_at, analysed_with, language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?14, ?15)",
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
        article.language,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Adds a stored article to the full-text index.
fn index_text(tx: &Connection, article_id: ArticleId) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO articles_fts (rowid, title, text) SELECT id, coalesce(title, ''), text FROM articles WHERE id = ?1",
    )?
    .execute([article_id])?;
    Ok(())
}

/// The id of an identity key in `names`, added when new. `cache` remembers ids already looked up.
fn name_id(tx: &Connection, cache: &mut HashMap<String, i64>, key: &str) -> Result<i64> {
    if let Some(&id) = cache.get(key) {
        return Ok(id);
    }
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM names WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            tx.prepare_cached("INSERT INTO names (key) VALUES (?1)")?
                .execute([key])?;
            tx.last_insert_rowid()
        }
    };
    // Bounded: a dossier with millions of distinct names does not keep them all in memory.
    if cache.len() >= NAME_CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key.to_owned(), id);
    Ok(id)
}

/// At most this many name ids are remembered between articles.
const NAME_CACHE_LIMIT: usize = 200_000;

/// The id of a rule name in `rules`, added when new; `None` when no rule was recorded.
/// There are a few dozen rule names, so `cache` soon holds them all.
fn rule_id(
    tx: &Connection,
    cache: &mut HashMap<String, i64>,
    rule: Option<&str>,
) -> Result<Option<i64>> {
    let Some(rule) = rule.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if let Some(&id) = cache.get(rule) {
        return Ok(Some(id));
    }
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO rules (name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id",
        )?
        .query_row([rule], |r| r.get(0))?;
    if cache.len() >= NAME_CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(rule.to_owned(), id);
    Ok(Some(id))
}

/// Writes everything found in an article (already inserted as `article_id`), then re-applies the
/// corrections that concern this article.
pub(crate) fn write_analysis(
    tx: &Connection,
    pending: &mut Pending,
    article_id: ArticleId,
    article: &Article,
    analysis: &Analysis,
) -> Result<()> {
    let Pending { names, rules, .. } = pending;
    let mut ids: Vec<ActorId> = Vec::with_capacity(analysis.actors.len());
    let mut found_keys: Vec<String> = Vec::with_capacity(analysis.actors.len());
    for actor in &analysis.actors {
        let (id, key) = resolve_actor(tx, actor)?;
        ids.push(id);
        found_keys.push(key);
    }
    {
        let mut alias = tx.prepare_cached(
            "INSERT OR IGNORE INTO aliases (article_id, alias, found_key) VALUES (?1, ?2, ?3)",
        )?;
        for (actor, key) in analysis.actors.iter().zip(&found_keys) {
            // The name the actor was found under is its key already; other names are aliases.
            if identity_key(actor.kind, &actor.name) != *key {
                alias.execute(params![article_id, actor.name, key])?;
            }
            for a in &actor.aliases {
                alias.execute(params![article_id, a, key])?;
            }
        }
    }
    {
        let mut pin = tx.prepare_cached("SELECT actor_id FROM pins WHERE key = ?1")?;
        // Most dossiers have no curated names: then there is nothing to look up per mention.
        let any_pins: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM pins)")?
            .query_row([], |r| r.get(0))?;
        let mut stmt = tx.prepare_cached(
            // A span found twice is stored once; any other broken row fails the article.
            "INSERT INTO mentions (article_id, start, end, actor_id, confidence, name, found, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT DO NOTHING",
        )?;
        // Repeated mentions of a name in an article resolve alike: each name is worked out once.
        type Resolved = (Option<ActorId>, i64, Option<i64>);
        let mut resolved: HashMap<(usize, &str), Resolved> = HashMap::new();
        for (i, m) in analysis.mentions.iter().enumerate() {
            let (Some(&id), Some(found), Some(actor)) = (
                ids.get(m.actor),
                found_keys.get(m.actor),
                analysis.actors.get(m.actor),
            ) else {
                continue;
            };
            let text = m.span.slice(&article.text);
            let (actor_id, name, found) = match resolved.get(&(m.actor, text)) {
                Some(&r) => r,
                None => {
                    let key = identity_key(actor.kind, text);
                    // A curated name overrides what the article's resolution said.
                    let pinned: Option<Option<ActorId>> = if any_pins {
                        pin.query_row([&key], |r| r.get(0)).optional()?
                    } else {
                        None
                    };
                    let name = name_id(tx, names, &key)?;
                    // Most mentions use the actor's own name: the found name is stored only
                    // when it differs.
                    let found = if found != &key {
                        Some(name_id(tx, names, found)?)
                    } else {
                        None
                    };
                    let r = (pinned.unwrap_or(Some(id)), name, found);
                    resolved.insert((m.actor, text), r);
                    r
                }
            };
            stmt.execute(params![
                article_id,
                m.span.start as i64,
                m.span.end as i64,
                actor_id,
                thousandths(m.confidence),
                name,
                found,
                rule_id(tx, rules, analysis.mention_rule(i))?
            ])?;
        }
    }
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO quotes (article_id, start, end, parts, direct, cue, speaker_id, speaker_name, speaker_text,
                 speaker_start, speaker_end, sentence_start, sentence_end, confidence, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        for (i, q) in analysis.quotes.iter().enumerate() {
            // `speaker_text` holds a description only: an actor's name is the actor's to tell
            // (a copy in every quote row took 7% of a quote-heavy dossier).
            let (speaker_id, speaker_name, speaker_text) = match &q.speaker {
                Speaker::Actor(i) => {
                    let id = ids.get(*i).copied();
                    let name = match found_keys.get(*i) {
                        Some(key) => Some(name_id(tx, names, key)?),
                        None => None,
                    };
                    let text = match id {
                        Some(_) => None,
                        None => analysis.actors.get(*i).map(|a| a.name.clone()),
                    };
                    (id, name, text)
                }
                Speaker::Description(d) => (None, None, Some(d.clone())),
                Speaker::Unknown => (None, None, None),
            };
            // One-piece quotes (nearly all) store no parts.
            let parts = (q.parts.len() > 1).then(|| {
                let parts: Vec<[usize; 2]> = q.parts.iter().map(|p| [p.start, p.end]).collect();
                serde_json::to_string(&parts).unwrap_or_else(|_| "[]".into())
            });
            stmt.execute(params![
                article_id,
                q.span.start as i64,
                q.span.end as i64,
                parts,
                q.direct,
                q.cue.map(|c| c.slice(&article.text).to_string()),
                speaker_id,
                speaker_name,
                speaker_text,
                q.speaker_span.map(|s| s.start as i64),
                q.speaker_span.map(|s| s.end as i64),
                q.sentence.start as i64,
                q.sentence.end as i64,
                thousandths(q.confidence),
                rule_id(tx, rules, analysis.quote_rule(i))?,
            ])?;
        }
    }
    {
        let mut role = tx.prepare_cached(
            "INSERT INTO roles (actor_id, article_id, title, of_name, start, end, found_key, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut aff = tx.prepare_cached(
            "INSERT INTO affiliations (actor_id, article_id, name, start, end, found_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (a, ((actor, &id), key)) in analysis
            .actors
            .iter()
            .zip(&ids)
            .zip(&found_keys)
            .enumerate()
        {
            for (ri, r) in actor.roles.iter().enumerate() {
                role.execute(params![
                    id,
                    article_id,
                    r.title,
                    r.of,
                    r.span.start as i64,
                    r.span.end as i64,
                    key,
                    rule_id(tx, rules, analysis.role_rule(a, ri))?
                ])?;
            }
            for f in &actor.affiliations {
                aff.execute(params![
                    id,
                    article_id,
                    f.name,
                    f.span.start as i64,
                    f.span.end as i64,
                    key
                ])?;
            }
        }
    }
    {
        let mut link = tx.prepare_cached(
            "INSERT OR REPLACE INTO article_topics (article_id, topic_id, score, evidence) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for t in &analysis.topics {
            let topic_id = upsert_topic(tx, &t.key, &t.label)?;
            let evidence = serde_json::to_string(&t.evidence).unwrap_or_else(|_| "[]".into());
            link.execute(params![article_id, topic_id, f64::from(t.score), evidence])?;
        }
    }
    super::curate::reapply_article_rules(tx, article_id)?;
    Ok(())
}

/// A confidence in thousandths: whole numbers take 1-2 bytes on disk instead of 8.
fn thousandths(confidence: f32) -> i64 {
    (f64::from(confidence.clamp(0.0, 1.0)) * 1000.0).round() as i64
}

/// The id of the topic with `key`, created (or relabelled) as needed.
pub(crate) fn upsert_topic(tx: &Connection, key: &str, label: &str) -> Result<i64> {
    let known: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, label FROM topics WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // Looked up first: nearly every article names topics the dossier has, unchanged.
    match known {
        Some((id, old)) if old == label => Ok(id),
        _ => Ok(tx
            .prepare_cached(
                "INSERT INTO topics (key, label) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET label = excluded.label RETURNING id",
            )?
            .query_row(params![key, label], |r| r.get(0))?),
    }
}

/// The rule `surname_of_one` of [`crate::extract::identity`], as the dossier grows: a person
/// known only by a surname ("Ostrova", "al-Rashidi") that no key names yet joins the only
/// person of the dossier whose full name ends with it; with none or several it stays apart.
/// Its key is then recorded, so each new surname is looked for once.
fn surname_owner(tx: &Connection, actor: &FoundActor) -> Result<Option<ActorId>> {
    use crate::extract::normalize::surname_of_key;
    if actor.kind != ActorKind::Person {
        return Ok(None);
    }
    let key = crate::extract::identity::identity_key(&actor.name, actor.kind);
    let Some(last) = surname_of_key(&key) else {
        return Ok(None);
    };
    let escaped: String = last
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    let mut stmt = tx.prepare_cached(
        "SELECT key, actor_id FROM actor_keys WHERE key >= 'p:' AND key < 'p;' AND key LIKE ?1 ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([format!("p:% {escaped}")], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, ActorId>(1)?))
    })?;
    let mut owners: Vec<ActorId> = Vec::new();
    for row in rows {
        let (k, id) = row?;
        let full = k
            .strip_prefix("p:")
            .is_some_and(|k| surname_of_key(k).is_none() && k.rsplit(' ').next() == Some(last));
        if full && !owners.contains(&id) {
            owners.push(id);
            if owners.len() > 1 {
                return Ok(None);
            }
        }
    }
    Ok(owners.first().copied())
}

/// Finds the dossier's actor for a found actor by its keys, or creates it; records new keys.
/// Returns the actor and the key it was found under.
fn resolve_actor(tx: &Connection, actor: &FoundActor) -> Result<(ActorId, String)> {
    let keys = found_keys(actor);
    let mut find = tx.prepare_cached("SELECT actor_id FROM actor_keys WHERE key = ?1")?;
    let mut id: Option<ActorId> = None;
    let mut found_key = keys[0].clone();
    let mut found_at = None;
    for (i, key) in keys.iter().enumerate() {
        if let Some(found) = find.query_row([key], |r| r.get(0)).optional()? {
            id = Some(found);
            found_key = key.clone();
            found_at = Some(i);
            break;
        }
    }
    if id.is_none() {
        id = surname_owner(tx, actor)?;
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
    // Record the keys not known yet (the one it was found under is).
    for (i, key) in keys.iter().enumerate() {
        if Some(i) != found_at {
            add.execute(params![key, id])?;
        }
    }
    Ok((id, found_key))
}

impl Store {
    /// Articles to analyse again, as `(id, article)`, in id order from `after` (exclusive), at most
    /// `limit` of them: callers page through a large dossier without holding it in memory.
    pub fn articles_for_analysis(
        &self,
        after: ArticleId,
        limit: usize,
    ) -> Result<Vec<(ArticleId, Article)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, date, source, author, url, text, body_start, language FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![after, limit as i64], |r| {
                Ok((
                    r.get(0)?,
                    Article {
                        title: r.get(1)?,
                        date: r.get(2)?,
                        source: r.get(3)?,
                        author: r.get(4)?,
                        url: r.get(5)?,
                        text: r.get(6)?,
                        body_start: r.get::<_, i64>(7)?.max(0) as usize,
                        language: r.get(8)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Replaces everything found in an article by a new analysis, in one transaction, and
    /// re-applies the corrections that concern it.
    pub fn replace_analysis(
        &mut self,
        article_id: ArticleId,
        article: &Article,
        analysis: &Analysis,
        analysed_with: i64,
    ) -> Result<()> {
        self.in_savepoint(|tx, pending| {
            super::stats::subtract_article(tx, article_id)?;
            pending.stats.push(article_id);
            for table in [
                "mentions",
                "quotes",
                "roles",
                "affiliations",
                "aliases",
                "article_topics",
            ] {
                tx.prepare_cached(&format!("DELETE FROM {table} WHERE article_id = ?1"))?
                    .execute([article_id])?;
            }
            let keyphrases =
                serde_json::to_string(&analysis.keyphrases).unwrap_or_else(|_| "[]".into());
            tx.prepare_cached(
                "UPDATE articles SET analysed_with = ?2, keyphrases = ?3 WHERE id = ?1",
            )?
            .execute(params![article_id, analysed_with, keyphrases])?;
            write_analysis(tx, pending, article_id, article, analysis)
        })
    }
}

impl Store {
    /// Where the re-analysis that was stopped last had got to (the last article it finished),
    /// if one was stopped before the end.
    pub fn reanalysis_position(&self) -> Result<Option<ArticleId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT position FROM task_progress WHERE task = 'reanalysis'")?
            .query_row([], |r| r.get(0))
            .optional()?)
    }

    /// Records where re-analysis has got to (`None`: finished), in the open batch if any, so the
    /// position commits together with the articles it counts.
    pub fn set_reanalysis_position(&mut self, position: Option<ArticleId>) -> Result<()> {
        let result = match position {
            Some(p) => self
                .conn
                .prepare_cached(
                    "INSERT INTO task_progress (task, position) VALUES ('reanalysis', ?1)
                     ON CONFLICT(task) DO UPDATE SET position = excluded.position",
                )
                .and_then(|mut s| s.execute([p])),
            None => self
                .conn
                .prepare_cached("DELETE FROM task_progress WHERE task = 'reanalysis'")
                .and_then(|mut s| s.execute([])),
        };
        self.note(result.map(|_| ()).map_err(Into::into))
    }

    /// How many articles have an id up to `id` (re-analysis progress after a restart).
    pub fn articles_up_to(&self, id: ArticleId) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM articles WHERE id <= ?1")?
            .query_row([id], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// Starts a batch: the following imports each stay atomic (a savepoint per article) but are
    /// made durable together by [`Store::commit_batch`], which saves a disk sync and a full-text
    /// index flush per article. If the process dies before the commit, the whole batch is absent.
    pub fn begin_batch(&mut self) -> Result<()> {
        self.ensure_writable()?;
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(())
    }

    /// Indexes the batch's articles for full-text search, then commits the batch, if any. On an
    /// error nothing is committed and the batch is still open: call [`Store::rollback_batch`].
    pub fn commit_batch(&mut self) -> Result<()> {
        let result = self.commit_open_batch();
        self.note(result)
    }

    fn commit_open_batch(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            if !self.pending.fts.is_empty() {
                // One statement for the whole batch: FTS5 writes its pending terms to disk at
                // every statement boundary inside a transaction.
                let ids = serde_json::to_string(&self.pending.fts).unwrap_or_else(|_| "[]".into());
                self.conn
                    .prepare_cached(
                        "INSERT INTO articles_fts (rowid, title, text)
                         SELECT id, coalesce(title, ''), text FROM articles
                         WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
                    )?
                    .execute([ids])?;
            }
            self.pending.fts.clear();
            flush_stats(&self.conn, &mut self.pending)?;
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Abandons the open batch, if any: none of its articles are kept.
    pub fn rollback_batch(&mut self) -> Result<()> {
        self.pending.forget(PendingMark::default());
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }
}
