//! Curation: corrections stored as rules, with undo and redo.
//!
//! Extracted rows keep the identity keys they were resolved from (`mentions.name` and `found`,
//! `quotes.speaker_name` as ids into `names`; `found_key` of roles and affiliations). Corrections
//! to actors change only the identity tables (`actors`, `actor_keys`, `pins`) and then re-derive the actor ids of the rows with the affected keys, so a
//! merged name stays merged and a hidden actor stays hidden when more articles are imported or
//! articles are re-analysed. Corrections to one article's quotes, topics or roles are kept as
//! rules addressed by article and span, and re-applied after that article is analysed again.
//! Every correction records what restores the state before it, which is what undo applies.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::model::ActorKind;

use super::write::{identity_key, upsert_topic};
use super::{ActorId, ArticleId, QuoteId, Result, Store, StoreError};

/// A correction as a person asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Correction {
    Rename {
        actor: ActorId,
        name: String,
    },
    SetKind {
        actor: ActorId,
        kind: ActorKind,
    },
    /// Merge `from` into `into`: their names, mentions, quotes and roles follow.
    Merge {
        into: ActorId,
        from: Vec<ActorId>,
    },
    /// Take a name that was wrongly merged out of an actor into an actor of its own.
    Split {
        actor: ActorId,
        alias: String,
    },
    AddAlias {
        actor: ActorId,
        alias: String,
    },
    /// The name no longer refers to the actor; its mentions count for nobody.
    RemoveAlias {
        actor: ActorId,
        alias: String,
    },
    /// A false positive: its mentions no longer count anywhere.
    Hide {
        actor: ActorId,
    },
    Unhide {
        actor: ActorId,
    },
    /// Set a quote's speaker to an actor, or to a description when `speaker` is `None`.
    QuoteSpeaker {
        quote: QuoteId,
        speaker: Option<ActorId>,
        description: Option<String>,
    },
    NotAQuote {
        quote: QuoteId,
    },
    AddTopic {
        article: ArticleId,
        topic: String,
    },
    RemoveTopic {
        article: ArticleId,
        topic: String,
    },
    /// Change a role's title, or remove the role when `title` is `None`.
    EditRole {
        role: i64,
        title: Option<String>,
    },
}

/// What is stored and re-applied: like [`Correction`], but quotes and roles are addressed by
/// article and span, which survive re-analysis (row ids do not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub(crate) enum Rule {
    Actor(Correction),
    /// A correction carried over from a damaged dossier whose actor or article is not in this
    /// one: kept in the history (as it was written), applied to nothing.
    Detached {
        original: serde_json::Value,
    },
    QuoteSpeaker {
        article: ArticleId,
        start: i64,
        end: i64,
        speaker: Option<ActorId>,
        description: Option<String>,
    },
    NotAQuote {
        article: ArticleId,
        start: i64,
        end: i64,
    },
    AddTopic {
        article: ArticleId,
        key: String,
        label: String,
    },
    RemoveTopic {
        article: ArticleId,
        key: String,
    },
    EditRole {
        article: ArticleId,
        start: i64,
        end: i64,
        found_key: String,
        title: Option<String>,
    },
}

/// What restores the state before a correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "undo", rename_all = "snake_case")]
pub(crate) enum Undo {
    Name {
        actor: ActorId,
        name: String,
        added_key: Option<String>,
    },
    Kind {
        actor: ActorId,
        kind: ActorKind,
        added_keys: Vec<String>,
    },
    Hidden {
        actor: ActorId,
        hidden: bool,
    },
    /// Earlier mappings of identity keys and pins (`None`: there was none), actors to un-merge.
    Keys {
        keys: Vec<(String, Option<ActorId>)>,
        pins: Vec<(String, String, Option<Option<ActorId>>)>,
        unmerge: Vec<ActorId>,
    },
    Quote {
        article: ArticleId,
        start: i64,
        end: i64,
        speaker_id: Option<ActorId>,
        speaker_text: Option<String>,
        curated: bool,
        rejected: bool,
    },
    Topic {
        article: ArticleId,
        key: String,
        before: Option<TopicLink>,
    },
    Role {
        article: ArticleId,
        start: i64,
        end: i64,
        found_key: String,
        title: String,
        removed: bool,
    },
    /// A correction put back in force while its passage was not found: nothing to restore.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TopicLink {
    score: f64,
    evidence: String,
    curated: bool,
    removed: bool,
}

/// One entry of the correction history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionRow {
    pub id: i64,
    pub made_at: String,
    /// A sentence describing the correction ("Merged "Ann Example" into "Ann B. Example"").
    pub summary: String,
    pub undone: bool,
    /// Whether the correction still finds what it corrects (see [`CorrectionStatus`]).
    #[serde(default)]
    pub status: CorrectionStatus,
}

/// Whether a correction still applies. Corrections are never dropped: one whose passage is no
/// longer found after a re-analysis is kept, listed, and applied again if a later analysis finds
/// the passage again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStatus {
    #[default]
    Applied,
    /// The quote or role it corrects is no longer found in its article.
    NoLongerMatches,
    /// The stored rule could not be read (made by a newer Dossier, or damaged).
    Unreadable,
}

impl CorrectionStatus {
    pub(crate) fn code(self) -> &'static str {
        match self {
            CorrectionStatus::Applied => "applied",
            CorrectionStatus::NoLongerMatches => "no_match",
            CorrectionStatus::Unreadable => "unreadable",
        }
    }

    fn from_code(code: &str) -> CorrectionStatus {
        match code {
            "no_match" => CorrectionStatus::NoLongerMatches,
            "unreadable" => CorrectionStatus::Unreadable,
            _ => CorrectionStatus::Applied,
        }
    }

    /// Words for the history ("no longer matches"); empty when applied.
    pub fn label(self) -> &'static str {
        match self {
            CorrectionStatus::Applied => "",
            CorrectionStatus::NoLongerMatches => "no longer matches",
            CorrectionStatus::Unreadable => "could not be read",
        }
    }
}

fn not_found(what: &str) -> StoreError {
    StoreError::Invalid(format!("{what} is not in the dossier"))
}

impl Store {
    /// Applies a correction, records it in the history and returns its id.
    pub fn correct(&mut self, correction: Correction) -> Result<i64> {
        self.ensure_writable()?;
        let result = self.correct_now(correction);
        self.note(result)
    }

    fn correct_now(&mut self, correction: Correction) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let summary = describe(&tx, &correction)?;
        let rule = to_rule(&tx, correction)?;
        let undo = apply(&tx, &rule)?;
        // A new correction ends the redo chain.
        tx.execute("DELETE FROM corrections WHERE undone = 1", [])?;
        tx.execute(
            "INSERT INTO corrections (made_at, summary, rule, undo) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3)",
            params![summary, json(&rule), json(&undo)],
        )?;
        let id = tx.last_insert_rowid();
        super::stats::refresh_stale(&tx)?;
        tx.commit()?;
        Ok(id)
    }

    /// Reverses the newest correction still in force; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<CorrectionRow>> {
        let id: Option<i64> = self.conn.query_row(
            "SELECT max(id) FROM corrections WHERE undone = 0",
            [],
            |r| r.get(0),
        )?;
        match id {
            Some(id) => self.undo_correction(id).map(Some),
            None => Ok(None),
        }
    }

    /// Applies again the oldest undone correction; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<CorrectionRow>> {
        self.ensure_writable()?;
        let result = self.redo_now();
        self.note(result)
    }

    fn redo_now(&mut self) -> Result<Option<CorrectionRow>> {
        let id: Option<i64> = self.conn.query_row(
            "SELECT min(id) FROM corrections WHERE undone = 1",
            [],
            |r| r.get(0),
        )?;
        let Some(id) = id else { return Ok(None) };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let rule: String =
            tx.query_row("SELECT rule FROM corrections WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let Ok(rule) = serde_json::from_str::<Rule>(&rule) else {
            return Err(StoreError::Invalid(
                "that correction could not be read (it may come from a newer Dossier); it is kept in the history".into(),
            ));
        };
        // A quote or role that is no longer found: the correction is in force again and waits
        // for an analysis that finds its passage.
        let (undo, status) = match apply(&tx, &rule) {
            Ok(undo) => (undo, CorrectionStatus::Applied),
            Err(StoreError::Invalid(_)) if rule.article().is_some() => {
                (Undo::Nothing, CorrectionStatus::NoLongerMatches)
            }
            Err(e) => return Err(e),
        };
        tx.execute(
            "UPDATE corrections SET undone = 0, undo = ?2, status = ?3 WHERE id = ?1",
            params![id, json(&undo), status.code()],
        )?;
        let row = correction_row(&tx, id)?;
        super::stats::refresh_stale(&tx)?;
        tx.commit()?;
        Ok(Some(row))
    }

    /// Reverses one correction from the history (any of them, not only the newest).
    pub fn undo_correction(&mut self, id: i64) -> Result<CorrectionRow> {
        self.ensure_writable()?;
        let result = self.undo_correction_now(id);
        self.note(result)
    }

    fn undo_correction_now(&mut self, id: i64) -> Result<CorrectionRow> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let undo: Option<String> = tx
            .query_row(
                "SELECT undo FROM corrections WHERE id = ?1 AND undone = 0",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let undo = undo.ok_or_else(|| not_found("that correction"))?;
        let undo: Undo = serde_json::from_str(&undo).map_err(|_| {
            StoreError::Invalid(
                "that correction could not be read, so it cannot be undone (it is kept in the history)"
                    .into(),
            )
        })?;
        revert(&tx, &undo)?;
        tx.execute("UPDATE corrections SET undone = 1 WHERE id = ?1", [id])?;
        let row = correction_row(&tx, id)?;
        super::stats::refresh_stale(&tx)?;
        tx.commit()?;
        Ok(row)
    }

    /// The correction history, oldest first.
    pub fn corrections(&self) -> Result<Vec<CorrectionRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CORRECTION_ROW} ORDER BY id"))?;
        let rows = stmt
            .query_map([], correction_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// The columns of a [`CorrectionRow`].
const CORRECTION_ROW: &str = "SELECT id, made_at, summary, undone, status, rule FROM corrections";

fn correction_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CorrectionRow> {
    let rule: String = r.get(5)?;
    let mut status = CorrectionStatus::from_code(&r.get::<_, String>(4)?);
    if serde_json::from_str::<Rule>(&rule).is_err() {
        status = CorrectionStatus::Unreadable;
    }
    Ok(CorrectionRow {
        id: r.get(0)?,
        made_at: r.get(1)?,
        summary: r.get(2)?,
        undone: r.get(3)?,
        status,
    })
}

fn correction_row(tx: &Connection, id: i64) -> Result<CorrectionRow> {
    Ok(tx.query_row(
        &format!("{CORRECTION_ROW} WHERE id = ?1"),
        [id],
        correction_from_row,
    )?)
}

fn set_status(tx: &Connection, id: i64, status: CorrectionStatus) -> Result<()> {
    tx.prepare_cached("UPDATE corrections SET status = ?2 WHERE id = ?1 AND status <> ?2")?
        .execute(params![id, status.code()])?;
    Ok(())
}

fn actor_name(tx: &Connection, id: ActorId) -> Result<String> {
    tx.query_row("SELECT name FROM actors WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found("that actor"))
}

fn actor_kind(tx: &Connection, id: ActorId) -> Result<ActorKind> {
    let code: String = tx.query_row("SELECT kind FROM actors WHERE id = ?1", [id], |r| r.get(0))?;
    Ok(ActorKind::from_code(&code).unwrap_or(ActorKind::Org))
}

/// A sentence for the history panel.
fn describe(tx: &Connection, c: &Correction) -> Result<String> {
    Ok(match c {
        Correction::Rename { actor, name } => {
            format!("Renamed \"{}\" to \"{name}\"", actor_name(tx, *actor)?)
        }
        Correction::SetKind { actor, kind } => {
            format!("Marked \"{}\" as {}", actor_name(tx, *actor)?, kind.label())
        }
        Correction::Merge { into, from } => {
            let names: Vec<String> = from
                .iter()
                .map(|f| actor_name(tx, *f).map(|n| format!("\"{n}\"")))
                .collect::<Result<_>>()?;
            format!(
                "Merged {} into \"{}\"",
                names.join(", "),
                actor_name(tx, *into)?
            )
        }
        Correction::Split { actor, alias } => {
            format!("Split \"{alias}\" out of \"{}\"", actor_name(tx, *actor)?)
        }
        Correction::AddAlias { actor, alias } => format!(
            "Added the name \"{alias}\" to \"{}\"",
            actor_name(tx, *actor)?
        ),
        Correction::RemoveAlias { actor, alias } => format!(
            "Removed the name \"{alias}\" from \"{}\"",
            actor_name(tx, *actor)?
        ),
        Correction::Hide { actor } => format!("Hid \"{}\" (not an actor)", actor_name(tx, *actor)?),
        Correction::Unhide { actor } => format!("Showed \"{}\" again", actor_name(tx, *actor)?),
        Correction::QuoteSpeaker {
            speaker: Some(s), ..
        } => format!("Attributed a quote to \"{}\"", actor_name(tx, *s)?),
        Correction::QuoteSpeaker { description, .. } => {
            format!(
                "Attributed a quote to \"{}\"",
                description.as_deref().unwrap_or("an unknown speaker")
            )
        }
        Correction::NotAQuote { .. } => "Marked a passage as not a quote".into(),
        Correction::AddTopic { topic, .. } => format!("Added the topic \"{topic}\" to an article"),
        Correction::RemoveTopic { topic, .. } => {
            format!("Removed the topic \"{topic}\" from an article")
        }
        Correction::EditRole { title: Some(t), .. } => format!("Changed a role to \"{t}\""),
        Correction::EditRole { title: None, .. } => "Removed a role".into(),
    })
}

/// Resolves row ids into the span-addressed rule that is stored.
fn to_rule(tx: &Connection, c: Correction) -> Result<Rule> {
    Ok(match c {
        Correction::QuoteSpeaker {
            quote,
            speaker,
            description,
        } => {
            let (article, start, end) = quote_span(tx, quote)?;
            if let Some(s) = speaker {
                actor_name(tx, s)?;
            }
            Rule::QuoteSpeaker {
                article,
                start,
                end,
                speaker,
                description,
            }
        }
        Correction::NotAQuote { quote } => {
            let (article, start, end) = quote_span(tx, quote)?;
            Rule::NotAQuote {
                article,
                start,
                end,
            }
        }
        Correction::AddTopic { article, topic } => {
            let label = topic.trim().to_string();
            if label.is_empty() {
                return Err(StoreError::Invalid("a topic needs a name".into()));
            }
            let key = tx
                .query_row("SELECT key FROM topics WHERE lower(key) = lower(?1) OR lower(label) = lower(?1)", [&label], |r| r.get(0))
                .optional()?
                .unwrap_or_else(|| crate::extract::actor_key(&label).replace(' ', "-"));
            Rule::AddTopic {
                article,
                key,
                label,
            }
        }
        Correction::RemoveTopic { article, topic } => {
            let key: String = tx
                .query_row("SELECT key FROM topics WHERE lower(key) = lower(?1) OR lower(label) = lower(?1)", [topic.trim()], |r| r.get(0))
                .optional()?
                .ok_or_else(|| not_found("that topic"))?;
            Rule::RemoveTopic { article, key }
        }
        Correction::EditRole { role, title } => {
            let (article, start, end, found_key) = tx
                .query_row(
                    "SELECT article_id, start, end, found_key FROM roles WHERE id = ?1",
                    [role],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or_else(|| not_found("that role"))?;
            Rule::EditRole {
                article,
                start,
                end,
                found_key,
                title,
            }
        }
        other => Rule::Actor(other),
    })
}

fn quote_span(tx: &Connection, quote: QuoteId) -> Result<(ArticleId, i64, i64)> {
    tx.query_row(
        "SELECT article_id, start, end FROM quotes WHERE id = ?1",
        [quote],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| not_found("that quote"))
}

/// The stored undo of a correction that changed nothing.
pub(crate) const NOTHING_TO_UNDO: &str = r#"{"undo":"nothing"}"#;

/// Applies a rule (for recovery, which carries rules into a new dossier); what undoes it.
pub(crate) fn apply_rule(tx: &Connection, rule: &Rule) -> Result<Undo> {
    apply(tx, rule)
}

/// The rule with actor and article ids of another dossier translated through `actors` and
/// `articles`; `None` when what it corrects is not in this dossier.
pub(crate) fn remap_rule(
    rule: &Rule,
    actors: &std::collections::HashMap<ActorId, ActorId>,
    articles: &std::collections::HashMap<ArticleId, ArticleId>,
) -> Option<Rule> {
    let map = |id: &mut ActorId| -> Option<()> {
        *id = *actors.get(id)?;
        Some(())
    };
    let mut rule = rule.clone();
    match &mut rule {
        Rule::Actor(c) => match c {
            Correction::Merge { into, from } => {
                map(into)?;
                from.retain_mut(|f| map(f).is_some());
                if from.is_empty() {
                    return None;
                }
            }
            Correction::Rename { actor, .. }
            | Correction::SetKind { actor, .. }
            | Correction::Split { actor, .. }
            | Correction::AddAlias { actor, .. }
            | Correction::RemoveAlias { actor, .. }
            | Correction::Hide { actor }
            | Correction::Unhide { actor } => map(actor)?,
            // Never stored as actor rules.
            _ => return None,
        },
        Rule::Detached { .. } => return None,
        Rule::QuoteSpeaker {
            speaker: Some(s), ..
        } => map(s)?,
        _ => {}
    }
    if let Some(article) = rule.article_mut() {
        *article = *articles.get(article)?;
    }
    Some(rule)
}

/// Applies a rule and returns what undoes it.
fn apply(tx: &Connection, rule: &Rule) -> Result<Undo> {
    match rule {
        Rule::Actor(c) => apply_actor(tx, c),
        Rule::Detached { .. } => Err(StoreError::Invalid(
            "what this correction changed is not in this dossier".into(),
        )),
        Rule::QuoteSpeaker { article, .. } | Rule::NotAQuote { article, .. } => {
            let target = locate(tx, rule)?.ok_or_else(|| not_found("that quote"))?;
            let before = tx.query_row(
                "SELECT speaker_id, speaker_text, curated_speaker, rejected FROM quotes WHERE id = ?1",
                [target.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            apply_to(tx, rule, target.id)?;
            Ok(Undo::Quote {
                article: *article,
                start: target.start,
                end: target.end,
                speaker_id: before.0,
                speaker_text: before.1,
                curated: before.2,
                rejected: before.3,
            })
        }
        Rule::AddTopic { article, key, .. } | Rule::RemoveTopic { article, key } => {
            let before = tx
                .query_row(
                    "SELECT at.score, at.evidence, at.curated, at.removed FROM article_topics at JOIN topics t ON t.id = at.topic_id
                     WHERE at.article_id = ?1 AND t.key = ?2",
                    params![article, key],
                    |r| Ok(TopicLink { score: r.get(0)?, evidence: r.get(1)?, curated: r.get(2)?, removed: r.get(3)? }),
                )
                .optional()?;
            apply_to(tx, rule, 0)?;
            Ok(Undo::Topic {
                article: *article,
                key: key.clone(),
                before,
            })
        }
        Rule::EditRole {
            article, found_key, ..
        } => {
            let target = locate(tx, rule)?.ok_or_else(|| not_found("that role"))?;
            let (title, removed) = tx.query_row(
                "SELECT title, removed FROM roles WHERE id = ?1",
                [target.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            apply_to(tx, rule, target.id)?;
            Ok(Undo::Role {
                article: *article,
                start: target.start,
                end: target.end,
                found_key: found_key.clone(),
                title,
                removed,
            })
        }
    }
}

/// A quote or role a rule refers to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    id: i64,
    start: i64,
    end: i64,
}

/// A quote or role of the article, as a candidate target of a rule.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: i64,
    end: i64,
    /// The sentence a quote was found in.
    sentence: Option<(i64, i64)>,
    /// A role found for the same actor name as the rule's.
    same_key: bool,
}

/// Which candidate a rule made for the passage `start..end` refers to after the article was
/// analysed again (spans move when the extractor takes a word more or less): the one with the
/// same span, else the one that overlaps it most (by at least half of the shorter of the two),
/// else the only quote found in the sentence the passage starts in. `None` when nothing fits:
/// the correction no longer matches.
fn best_match(start: i64, end: i64, candidates: &[Candidate]) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (i, c) in candidates.iter().enumerate() {
        let overlap = (end.min(c.end) - start.max(c.start)).max(0) as f64;
        let shorter = (end - start).min(c.end - c.start).max(1) as f64;
        let union = (end.max(c.end) - start.min(c.start)).max(1) as f64;
        let score = if overlap > 0.0 && overlap >= 0.5 * shorter {
            overlap / union + if c.same_key { 1.0 } else { 0.0 }
        } else {
            continue;
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    if let Some((_, i)) = best {
        return Some(i);
    }
    let mut in_sentence = candidates.iter().enumerate().filter(|(_, c)| {
        c.sentence
            .is_some_and(|(s, e)| s <= start && start < e.max(s + 1))
    });
    match (in_sentence.next(), in_sentence.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// The rows `sql` selects for `article` (row id first), as candidates read by `candidate`.
fn candidates(
    tx: &Connection,
    sql: &str,
    article: ArticleId,
    candidate: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Candidate>,
) -> Result<Vec<(i64, Candidate)>> {
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt
        .query_map([article], |r| Ok((r.get(0)?, candidate(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The quote or role `rule` refers to now (see [`best_match`]); `None` for other rules or when
/// nothing fits.
fn locate(tx: &Connection, rule: &Rule) -> Result<Option<Target>> {
    let (rows, start, end): (Vec<(i64, Candidate)>, i64, i64) = match rule {
        Rule::QuoteSpeaker {
            article,
            start,
            end,
            ..
        }
        | Rule::NotAQuote {
            article,
            start,
            end,
        } => {
            let rows = candidates(
                tx,
                "SELECT id, start, end, sentence_start, sentence_end FROM quotes WHERE article_id = ?1",
                *article,
                |r| {
                    Ok(Candidate {
                        start: r.get(1)?,
                        end: r.get(2)?,
                        sentence: Some((r.get(3)?, r.get(4)?)),
                        same_key: false,
                    })
                },
            )?;
            (rows, *start, *end)
        }
        Rule::EditRole {
            article,
            start,
            end,
            found_key,
            ..
        } => {
            let rows = candidates(
                tx,
                "SELECT id, start, end, found_key FROM roles WHERE article_id = ?1",
                *article,
                |r| {
                    Ok(Candidate {
                        start: r.get(1)?,
                        end: r.get(2)?,
                        sentence: None,
                        same_key: r.get::<_, String>(3)? == *found_key,
                    })
                },
            )?;
            (rows, *start, *end)
        }
        _ => return Ok(None),
    };
    let candidates: Vec<Candidate> = rows.iter().map(|(_, c)| *c).collect();
    Ok(best_match(start, end, &candidates).map(|i| Target {
        id: rows[i].0,
        start: rows[i].1.start,
        end: rows[i].1.end,
    }))
}

impl Rule {
    /// The article an article-level rule addresses.
    fn article(&self) -> Option<ArticleId> {
        match self {
            Rule::Actor(_) | Rule::Detached { .. } => None,
            Rule::QuoteSpeaker { article, .. }
            | Rule::NotAQuote { article, .. }
            | Rule::AddTopic { article, .. }
            | Rule::RemoveTopic { article, .. }
            | Rule::EditRole { article, .. } => Some(*article),
        }
    }

    /// The article field of an article-level rule.
    fn article_mut(&mut self) -> Option<&mut ArticleId> {
        match self {
            Rule::Actor(_) | Rule::Detached { .. } => None,
            Rule::QuoteSpeaker { article, .. }
            | Rule::NotAQuote { article, .. }
            | Rule::AddTopic { article, .. }
            | Rule::RemoveTopic { article, .. }
            | Rule::EditRole { article, .. } => Some(article),
        }
    }

    /// The rule addressing `target` instead, when its passage moved.
    fn moved_to(&self, target: Target) -> Option<Rule> {
        let mut moved = self.clone();
        match &mut moved {
            Rule::QuoteSpeaker { start, end, .. }
            | Rule::NotAQuote { start, end, .. }
            | Rule::EditRole { start, end, .. } => {
                if (*start, *end) == (target.start, target.end) {
                    return None;
                }
                (*start, *end) = (target.start, target.end);
            }
            _ => return None,
        }
        Some(moved)
    }
}

/// The effect of an article-level rule on the quote or role with row id `target` (unused for
/// topic rules), without bookkeeping.
fn apply_to(tx: &Connection, rule: &Rule, target: i64) -> Result<()> {
    match rule {
        Rule::Actor(_) | Rule::Detached { .. } => {}
        Rule::QuoteSpeaker {
            speaker,
            description,
            ..
        } => {
            // As an import writes it: the text of a description, none for an actor.
            let text = match speaker {
                Some(s) => {
                    actor_name(tx, *s)?; // the actor must exist
                    None
                }
                None => description.clone(),
            };
            tx.execute(
                "UPDATE quotes SET speaker_id = ?2, speaker_text = ?3, curated_speaker = 1 WHERE id = ?1",
                params![target, speaker, text],
            )?;
        }
        Rule::NotAQuote { .. } => {
            tx.execute("UPDATE quotes SET rejected = 1 WHERE id = ?1", [target])?;
        }
        Rule::AddTopic {
            article,
            key,
            label,
        } => {
            let topic = upsert_topic(tx, key, label)?;
            tx.execute(
                "INSERT INTO article_topics (article_id, topic_id, score, evidence, curated, removed) VALUES (?1, ?2, 1.0, '[]', 1, 0)
                 ON CONFLICT(article_id, topic_id) DO UPDATE SET curated = 1, removed = 0",
                params![article, topic],
            )?;
        }
        Rule::RemoveTopic { article, key } => {
            tx.execute(
                "UPDATE article_topics SET removed = 1 WHERE article_id = ?1 AND topic_id = (SELECT id FROM topics WHERE key = ?2)",
                params![article, key],
            )?;
        }
        Rule::EditRole { title, .. } => match title {
            Some(t) => {
                tx.execute(
                    "UPDATE roles SET title = ?2, removed = 0 WHERE id = ?1",
                    params![target, t],
                )?;
            }
            None => {
                tx.execute("UPDATE roles SET removed = 1 WHERE id = ?1", [target])?;
            }
        },
    }
    Ok(())
}

/// Re-applies the corrections in force that address `article` (after it was analysed again).
/// A quote or role correction finds its passage again by overlap and sentence; one that finds
/// nothing is kept and marked "no longer matches" (and applies again if a later analysis finds
/// the passage); one that cannot be read is kept and marked so. None is ever dropped.
pub(crate) fn reapply_article_rules(tx: &Connection, article: ArticleId) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, rule FROM corrections WHERE article = ?1 AND undone = 0 ORDER BY id",
    )?;
    let rules: Vec<(i64, String)> = stmt
        .query_map([article], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, text) in rules {
        let Ok(rule) = serde_json::from_str::<Rule>(&text) else {
            set_status(tx, id, CorrectionStatus::Unreadable)?;
            continue;
        };
        if matches!(rule, Rule::AddTopic { .. } | Rule::RemoveTopic { .. }) {
            apply_to(tx, &rule, 0)?;
            set_status(tx, id, CorrectionStatus::Applied)?;
            continue;
        }
        match locate(tx, &rule)? {
            Some(target) => {
                apply_to(tx, &rule, target.id)?;
                if let Some(moved) = rule.moved_to(target) {
                    // Follow the passage, so the next analysis starts from where it is now.
                    tx.prepare_cached("UPDATE corrections SET rule = ?2 WHERE id = ?1")?
                        .execute(params![id, json(&moved)])?;
                }
                set_status(tx, id, CorrectionStatus::Applied)?;
            }
            None => set_status(tx, id, CorrectionStatus::NoLongerMatches)?,
        }
    }
    Ok(())
}

fn keys_of(tx: &Connection, actor: ActorId) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached("SELECT key FROM actor_keys WHERE actor_id = ?1")?;
    let keys = stmt
        .query_map([actor], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(keys)
}

fn key_owner(tx: &Connection, key: &str) -> Result<Option<ActorId>> {
    Ok(tx
        .prepare_cached("SELECT actor_id FROM actor_keys WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn pin_of(tx: &Connection, key: &str) -> Result<Option<(String, Option<ActorId>)>> {
    Ok(tx
        .prepare_cached("SELECT name, actor_id FROM pins WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn set_key(tx: &Connection, key: &str, actor: Option<ActorId>) -> Result<()> {
    match actor {
        Some(a) => tx.execute(
            "INSERT INTO actor_keys (key, actor_id) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET actor_id = excluded.actor_id",
            params![key, a],
        )?,
        None => tx.execute("DELETE FROM actor_keys WHERE key = ?1", [key])?,
    };
    Ok(())
}

fn set_pin(tx: &Connection, key: &str, name: &str, pin: Option<Option<ActorId>>) -> Result<()> {
    match pin {
        Some(actor) => tx.execute(
            "INSERT INTO pins (key, name, actor_id) VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET name = excluded.name, actor_id = excluded.actor_id",
            params![key, name, actor],
        )?,
        None => tx.execute("DELETE FROM pins WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// Derives again the actor of every row resolved through `key`.
fn resync(tx: &Connection, key: &str) -> Result<()> {
    let name: Option<i64> = tx
        .prepare_cached("SELECT id FROM names WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    // Mentions and quotes refer to keys by their `names` id; a key never used has none.
    if let Some(name) = name {
        tx.prepare_cached(
            "UPDATE mentions SET actor_id = CASE
                 WHEN EXISTS (SELECT 1 FROM pins p WHERE p.key = (SELECT key FROM names WHERE id = mentions.name))
                     THEN (SELECT p.actor_id FROM pins p WHERE p.key = (SELECT key FROM names WHERE id = mentions.name))
                 ELSE (SELECT k.actor_id FROM actor_keys k
                       WHERE k.key = (SELECT key FROM names WHERE id = coalesce(mentions.found, mentions.name))) END
             WHERE name = ?1 OR found = ?1",
        )?
        .execute([name])?;
        tx.prepare_cached(
            "UPDATE quotes SET speaker_id = (SELECT k.actor_id FROM actor_keys k WHERE k.key = ?2)
             WHERE speaker_name = ?1 AND curated_speaker = 0",
        )?
        .execute(params![name, key])?;
    }
    for table in ["roles", "affiliations"] {
        tx.prepare_cached(&format!(
            "UPDATE {table} SET actor_id = coalesce((SELECT k.actor_id FROM actor_keys k WHERE k.key = {table}.found_key), actor_id)
             WHERE found_key = ?1"
        ))?
        .execute([key])?;
    }
    Ok(())
}

fn apply_actor(tx: &Connection, c: &Correction) -> Result<Undo> {
    match c {
        Correction::Rename { actor, name } => {
            let old = actor_name(tx, *actor)?;
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::Invalid("a name cannot be empty".into()));
            }
            tx.execute(
                "UPDATE actors SET name = ?2 WHERE id = ?1",
                params![actor, name],
            )?;
            // The new name identifies the actor from now on, unless it already names another one.
            let key = identity_key(actor_kind(tx, *actor)?, name);
            let added_key = if key_owner(tx, &key)?.is_none() {
                set_key(tx, &key, Some(*actor))?;
                Some(key)
            } else {
                None
            };
            Ok(Undo::Name {
                actor: *actor,
                name: old,
                added_key,
            })
        }
        Correction::SetKind { actor, kind } => {
            let old = actor_kind(tx, *actor)?;
            tx.execute(
                "UPDATE actors SET kind = ?2 WHERE id = ?1",
                params![actor, kind.code()],
            )?;
            // Names in the new kind's key space now find this actor too.
            let mut added = Vec::new();
            for key in keys_of(tx, *actor)? {
                let bare = key.get(2..).unwrap_or("");
                let prefix = if *kind == ActorKind::Person {
                    "p:"
                } else {
                    "o:"
                };
                let new_key = format!("{prefix}{bare}");
                if key_owner(tx, &new_key)?.is_none() {
                    set_key(tx, &new_key, Some(*actor))?;
                    added.push(new_key);
                }
            }
            Ok(Undo::Kind {
                actor: *actor,
                kind: old,
                added_keys: added,
            })
        }
        Correction::Hide { actor } | Correction::Unhide { actor } => {
            let hidden: bool = tx
                .query_row("SELECT hidden FROM actors WHERE id = ?1", [actor], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| not_found("that actor"))?;
            tx.execute(
                "UPDATE actors SET hidden = ?2 WHERE id = ?1",
                params![actor, matches!(c, Correction::Hide { .. })],
            )?;
            Ok(Undo::Hidden {
                actor: *actor,
                hidden,
            })
        }
        Correction::Merge { into, from } => {
            actor_name(tx, *into)?;
            let mut keys = Vec::new();
            let mut pins = Vec::new();
            let mut unmerge = Vec::new();
            for &f in from.iter().filter(|&&f| f != *into) {
                actor_name(tx, f)?;
                for key in keys_of(tx, f)? {
                    set_key(tx, &key, Some(*into))?;
                    keys.push((key, Some(f)));
                }
                let mut stmt =
                    tx.prepare_cached("SELECT key, name FROM pins WHERE actor_id = ?1")?;
                let pinned: Vec<(String, String)> = stmt
                    .query_map([f], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (key, name) in pinned {
                    set_pin(tx, &key, &name, Some(Some(*into)))?;
                    pins.push((key, name, Some(Some(f))));
                }
                // Hand-set speakers follow too.
                tx.execute("UPDATE quotes SET speaker_id = ?2 WHERE speaker_id = ?1 AND curated_speaker = 1", params![f, into])?;
                tx.execute(
                    "UPDATE actors SET merged_into = ?2 WHERE id = ?1",
                    params![f, into],
                )?;
                unmerge.push(f);
            }
            for (key, _) in &keys {
                resync(tx, key)?;
            }
            for (key, _, _) in &pins {
                resync(tx, key)?;
            }
            Ok(Undo::Keys {
                keys,
                pins,
                unmerge,
            })
        }
        Correction::Split { actor, alias } => {
            let kind = actor_kind(tx, *actor)?;
            let key = identity_key(kind, alias);
            let alias = alias.trim();
            // Reuse an actor that already has exactly this name, else create one.
            let existing: Option<ActorId> = tx
                .query_row("SELECT id FROM actors WHERE key = ?1", [&key], |r| r.get(0))
                .optional()?;
            let new_actor = match existing {
                Some(id) if id != *actor => {
                    tx.execute("UPDATE actors SET merged_into = NULL WHERE id = ?1", [id])?;
                    id
                }
                _ => tx.query_row(
                    "INSERT INTO actors (name, kind, key) VALUES (?1, ?2, ?3 || '#' || (SELECT count(*) FROM actors)) RETURNING id",
                    params![alias, kind.code(), key],
                    |r| r.get(0),
                )?,
            };
            let keys = vec![(key.clone(), key_owner(tx, &key)?)];
            set_key(tx, &key, Some(new_actor))?;
            let pins = vec![(
                key.clone(),
                alias.to_string(),
                pin_of(tx, &key)?.map(|p| p.1),
            )];
            set_pin(tx, &key, alias, Some(Some(new_actor)))?;
            resync(tx, &key)?;
            Ok(Undo::Keys {
                keys,
                pins,
                unmerge: vec![],
            })
        }
        Correction::AddAlias { actor, alias } | Correction::RemoveAlias { actor, alias } => {
            let kind = actor_kind(tx, *actor)?;
            let alias = alias.trim();
            if alias.is_empty() {
                return Err(StoreError::Invalid("a name cannot be empty".into()));
            }
            let key = identity_key(kind, alias);
            let adding = matches!(c, Correction::AddAlias { .. });
            let owner = key_owner(tx, &key)?;
            let keys = vec![(key.clone(), owner)];
            let pins = vec![(
                key.clone(),
                alias.to_string(),
                pin_of(tx, &key)?.map(|p| p.1),
            )];
            if adding {
                set_key(tx, &key, Some(*actor))?;
                set_pin(tx, &key, alias, Some(Some(*actor)))?;
            } else {
                if owner == Some(*actor) {
                    set_key(tx, &key, None)?;
                }
                set_pin(tx, &key, alias, Some(None))?;
            }
            resync(tx, &key)?;
            Ok(Undo::Keys {
                keys,
                pins,
                unmerge: vec![],
            })
        }
        _ => Err(StoreError::Invalid("not an actor correction".into())),
    }
}

fn revert(tx: &Connection, undo: &Undo) -> Result<()> {
    match undo {
        Undo::Name {
            actor,
            name,
            added_key,
        } => {
            tx.execute(
                "UPDATE actors SET name = ?2 WHERE id = ?1",
                params![actor, name],
            )?;
            if let Some(key) = added_key {
                set_key(tx, key, None)?;
                resync(tx, key)?;
            }
        }
        Undo::Kind {
            actor,
            kind,
            added_keys,
        } => {
            tx.execute(
                "UPDATE actors SET kind = ?2 WHERE id = ?1",
                params![actor, kind.code()],
            )?;
            for key in added_keys {
                set_key(tx, key, None)?;
                resync(tx, key)?;
            }
        }
        Undo::Hidden { actor, hidden } => {
            tx.execute(
                "UPDATE actors SET hidden = ?2 WHERE id = ?1",
                params![actor, hidden],
            )?;
        }
        Undo::Keys {
            keys,
            pins,
            unmerge,
        } => {
            for (key, owner) in keys {
                set_key(tx, key, *owner)?;
            }
            for (key, name, pin) in pins {
                set_pin(tx, key, name, *pin)?;
            }
            for a in unmerge {
                tx.execute("UPDATE actors SET merged_into = NULL WHERE id = ?1", [a])?;
            }
            for (key, _) in keys {
                resync(tx, key)?;
            }
            for (key, _, _) in pins {
                resync(tx, key)?;
            }
        }
        Undo::Quote {
            article,
            start,
            end,
            speaker_id,
            speaker_text,
            curated,
            rejected,
        } => {
            // The quote may have moved a little since (a re-analysis): find it as rules do.
            let probe = Rule::NotAQuote {
                article: *article,
                start: *start,
                end: *end,
            };
            if let Some(target) = locate(tx, &probe)? {
                tx.execute(
                    "UPDATE quotes SET speaker_id = ?2, speaker_text = ?3, curated_speaker = ?4, rejected = ?5 WHERE id = ?1",
                    params![target.id, speaker_id, speaker_text, curated, rejected],
                )?;
            }
        }
        Undo::Topic {
            article,
            key,
            before,
        } => match before {
            Some(t) => {
                tx.execute(
                    "UPDATE article_topics SET score = ?3, evidence = ?4, curated = ?5, removed = ?6
                     WHERE article_id = ?1 AND topic_id = (SELECT id FROM topics WHERE key = ?2)",
                    params![article, key, t.score, t.evidence, t.curated, t.removed],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM article_topics WHERE article_id = ?1 AND topic_id = (SELECT id FROM topics WHERE key = ?2)",
                    params![article, key],
                )?;
            }
        },
        Undo::Role {
            article,
            start,
            end,
            found_key,
            title,
            removed,
        } => {
            let probe = Rule::EditRole {
                article: *article,
                start: *start,
                end: *end,
                found_key: found_key.clone(),
                title: None,
            };
            if let Some(target) = locate(tx, &probe)? {
                tx.execute(
                    "UPDATE roles SET title = ?2, removed = ?3 WHERE id = ?1",
                    params![target.id, title, removed],
                )?;
            }
        }
        Undo::Nothing => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(start: i64, end: i64, sentence: Option<(i64, i64)>) -> Candidate {
        Candidate {
            start,
            end,
            sentence,
            same_key: false,
        }
    }

    #[test]
    fn best_match_prefers_same_span_then_overlap_then_sentence() {
        // The same span wins over a larger overlapping one.
        let c = [cand(5, 25, None), cand(10, 20, None)];
        assert_eq!(best_match(10, 20, &c), Some(1));
        // At least half of the shorter span must overlap.
        assert_eq!(best_match(10, 20, &[cand(18, 40, None)]), None);
        assert_eq!(best_match(10, 20, &[cand(14, 40, None)]), Some(0));
        // No overlap: the only quote of the sentence the passage starts in.
        assert_eq!(best_match(10, 20, &[cand(30, 40, Some((0, 50)))]), Some(0));
        let two = [cand(30, 40, Some((0, 50))), cand(41, 45, Some((0, 50)))];
        assert_eq!(best_match(10, 20, &two), None, "ambiguous");
        // A role of the same actor name beats a larger overlap with another one.
        let roles = [
            cand(10, 20, None),
            Candidate {
                same_key: true,
                ..cand(12, 19, None)
            },
        ];
        assert_eq!(best_match(10, 20, &roles), Some(1));
    }
}
