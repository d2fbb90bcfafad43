//! Salvaging a damaged dossier: every article and correction that can still be read is copied
//! out through a read-only connection, one row at a time, so one damaged page costs only the
//! rows on it. [`crate::pipeline::recover`] stores them in a new dossier and analyses them again.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::curate::{CorrectionStatus, Rule, remap_rule};
use super::{ActorId, ArticleId, Result, SourceFile, Store, StoreError, open};
use crate::model::{Article, Format};

/// An article read back from a damaged dossier.
#[derive(Debug, Clone)]
pub struct SalvagedArticle {
    /// Its id in the damaged dossier (corrections refer to it).
    pub old_id: ArticleId,
    pub source: SourceFile,
    pub article: Article,
}

/// A correction read back from a damaged dossier, with what identifies the actors it names.
#[derive(Debug, Clone)]
pub struct SalvagedCorrection {
    made_at: String,
    summary: String,
    /// The stored rule, unread (it may not parse: it is carried over as it is).
    rule: String,
    undone: bool,
}

/// Everything but the articles' texts that recovery needs from the damaged dossier.
#[derive(Debug, Clone, Default)]
pub struct Salvage {
    pub corrections: Vec<SalvagedCorrection>,
    /// Identity keys of each actor of the damaged dossier (its own key first).
    actor_keys: HashMap<ActorId, Vec<String>>,
    /// Rows that could not be read (articles, corrections).
    pub lost_articles: usize,
    pub lost_corrections: usize,
}

/// Consecutive missing ids after which probing stops when the highest id cannot be read.
const PROBE_GAP: i64 = 10_000;

/// Reads every article of the (damaged) dossier at `path` that can still be read, in id order,
/// handing each to `each`; returns the number that could not be read. Never writes to the file.
pub fn salvage_articles(
    path: &Path,
    mut each: impl FnMut(SalvagedArticle) -> bool,
) -> Result<usize> {
    let conn = salvage_connection(path)?;
    let max: Option<i64> = conn
        .query_row("SELECT max(id) FROM articles", [], |r| r.get(0))
        .ok()
        .flatten();
    // Dossiers from before migration 6 have no language column.
    let language = if conn
        .prepare("SELECT language FROM articles LIMIT 0")
        .is_ok()
    {
        "language"
    } else {
        "NULL"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT file_name, file_path, format, encoding, title, date, source, author, url, text, body_start,
             {language}
         FROM articles WHERE id = ?1"
    ))?;
    let mut lost = 0;
    let mut gap = 0;
    let mut id = 0;
    loop {
        id += 1;
        match max {
            Some(max) if id > max => break,
            None if gap > PROBE_GAP => break,
            _ => {}
        }
        let row = stmt
            .query_row([id], |r| {
                let format: String = r.get(2)?;
                let body_start: i64 = r.get(10)?;
                Ok((
                    SourceFile {
                        file_name: r.get(0)?,
                        file_path: r.get(1)?,
                        format: format_named(&format),
                        encoding: r.get(3)?,
                    },
                    Article {
                        title: r.get(4)?,
                        date: r.get(5)?,
                        source: r.get(6)?,
                        author: r.get(7)?,
                        url: r.get(8)?,
                        text: r.get(9)?,
                        body_start: body_start.max(0) as usize,
                        // A damaged value is dropped rather than losing the article.
                        language: r.get(11).unwrap_or(None),
                    },
                ))
            })
            .optional();
        match row {
            Ok(Some((source, mut article))) => {
                gap = 0;
                if !article
                    .text
                    .is_char_boundary(article.body_start.min(article.text.len()))
                {
                    article.body_start = 0;
                }
                article.body_start = article.body_start.min(article.text.len());
                if !each(SalvagedArticle {
                    old_id: id,
                    source,
                    article,
                }) {
                    break;
                }
            }
            Ok(None) => gap += 1,
            Err(_) => {
                gap = 0;
                lost += 1;
            }
        }
    }
    Ok(lost)
}

/// Reads the corrections and the actors' identity keys of the damaged dossier at `path`.
pub fn salvage_corrections(path: &Path) -> Result<Salvage> {
    let conn = salvage_connection(path)?;
    let mut salvage = Salvage::default();
    let max: i64 = conn
        .query_row("SELECT coalesce(max(id), 0) FROM corrections", [], |r| {
            r.get(0)
        })
        .unwrap_or(0);
    if let Ok(mut stmt) =
        conn.prepare("SELECT made_at, summary, rule, undone FROM corrections WHERE id = ?1")
    {
        for id in 1..=max {
            match stmt
                .query_row([id], |r| {
                    Ok(SalvagedCorrection {
                        made_at: r.get(0)?,
                        summary: r.get(1)?,
                        rule: r.get(2)?,
                        undone: r.get(3)?,
                    })
                })
                .optional()
            {
                Ok(Some(c)) => salvage.corrections.push(c),
                Ok(None) => {}
                Err(_) => salvage.lost_corrections += 1,
            }
        }
    }
    // Actors by their original key, then every key mapped to them (merges).
    for sql in [
        "SELECT id, key FROM actors",
        "SELECT actor_id, key FROM actor_keys",
    ] {
        if let Ok(mut stmt) = conn.prepare(sql)
            && let Ok(rows) =
                stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        {
            for (id, key) in rows.flatten() {
                salvage.actor_keys.entry(id).or_default().push(key);
            }
        }
    }
    Ok(salvage)
}

/// A read-only connection that reads whatever it can: no damage check at open.
fn salvage_connection(path: &Path) -> Result<Connection> {
    match open::inspect(path)? {
        open::FileState::Dossier { .. } => open::connect_ro(path),
        _ => Err(StoreError::NotADossier {
            path: path.to_owned(),
        }),
    }
}

fn format_named(name: &str) -> Format {
    match name {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "json" => Format::Json,
        "pdf" => Format::Pdf,
        _ => Format::Text,
    }
}

/// What restoring corrections into the new dossier did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoredCorrections {
    pub restored: usize,
    /// Kept in the history but not applied: what they correct is not in the new dossier.
    pub not_matching: usize,
}

impl Store {
    /// Carries the salvaged corrections over into this (new) dossier, in their order: article
    /// ids through `articles` (old id -> new id), actors through their identity keys. Each is
    /// applied again; one whose article or actor is gone is kept in the history, marked as no
    /// longer matching. Nothing is dropped.
    pub fn restore_corrections(
        &mut self,
        salvage: &Salvage,
        articles: &HashMap<ArticleId, ArticleId>,
    ) -> Result<RestoredCorrections> {
        self.ensure_writable()?;
        let mut tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut actors: HashMap<ActorId, ActorId> = HashMap::new();
        for (old, keys) in &salvage.actor_keys {
            for key in keys {
                let found: Option<ActorId> = tx
                    .query_row(
                        "SELECT coalesce((SELECT actor_id FROM actor_keys WHERE key = ?1), (SELECT id FROM actors WHERE key = ?1))",
                        [key],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                if let Some(new) = found {
                    actors.insert(*old, new);
                    break;
                }
            }
        }
        let mut report = RestoredCorrections::default();
        for c in &salvage.corrections {
            let parsed: Option<Rule> = serde_json::from_str(&c.rule).ok();
            let remapped = parsed
                .as_ref()
                .and_then(|r| remap_rule(r, &actors, articles));
            let (rule_text, undo, status, undone) = match remapped {
                Some(rule) if !c.undone => {
                    match tx
                        .savepoint()
                        .map(|sp| (super::curate::apply_rule(&sp, &rule), sp))
                    {
                        Ok((Ok(undo), sp)) => {
                            sp.commit()?;
                            report.restored += 1;
                            (
                                serde_json::to_string(&rule).unwrap_or_default(),
                                serde_json::to_string(&undo).unwrap_or_default(),
                                CorrectionStatus::Applied,
                                false,
                            )
                        }
                        Ok((Err(_), _sp)) => {
                            report.not_matching += 1;
                            (
                                serde_json::to_string(&rule).unwrap_or_default(),
                                super::curate::NOTHING_TO_UNDO.to_string(),
                                CorrectionStatus::NoLongerMatches,
                                false,
                            )
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                Some(rule) => (
                    serde_json::to_string(&rule).unwrap_or_default(),
                    super::curate::NOTHING_TO_UNDO.to_string(),
                    CorrectionStatus::Applied,
                    true,
                ),
                None => {
                    report.not_matching += 1;
                    // Kept as it was written, detached so it can never apply to the wrong row.
                    let original = serde_json::from_str(&c.rule)
                        .unwrap_or_else(|_| serde_json::Value::String(c.rule.clone()));
                    let status = if parsed.is_some() {
                        CorrectionStatus::NoLongerMatches
                    } else {
                        CorrectionStatus::Unreadable
                    };
                    (
                        serde_json::to_string(&Rule::Detached { original }).unwrap_or_default(),
                        super::curate::NOTHING_TO_UNDO.to_string(),
                        status,
                        c.undone,
                    )
                }
            };
            tx.execute(
                "INSERT INTO corrections (made_at, summary, rule, undo, undone, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![c.made_at, c.summary, rule_text, undo, undone, status.code()],
            )?;
        }
        super::stats::refresh_stale(&tx)?;
        tx.commit()?;
        Ok(report)
    }
}
