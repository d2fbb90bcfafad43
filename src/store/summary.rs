//! The export query: gathers a plain [`Summary`] of the dossier, one or several actors, one topic
//! or a list of articles, within an optional date range, for the pure exporters in
//! `crate::export` (which also rank it: `export::rank`). Read-only: it changes nothing in the
//! dossier file.
//!
//! The articles in scope are put into a temporary table first (`temp.summary_scope`, in SQLite's
//! temp database, never in the dossier file); every other query joins it, so each fact is read in
//! one grouped pass whatever the focus. Everything runs in one read transaction, so an import
//! committing meanwhile cannot make the parts of a summary disagree.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use crate::export::{
    self, ActorRef, Citation, Focus, MonthCount, SCHEMA_VERSION, Scope, ScopeKind, SourceArticle,
    Summary, SummaryActor, SummaryAffiliation, SummaryQuote, SummaryRole, SummaryScope,
    SummaryTopic, TopicArticleRef, Totals,
};
use crate::model::{ActorKind, Span};

use super::{ActorId, ArticleId, Result, Store};

/// Scores and confidences to three decimals: all the precision they have, and short decimals
/// read back from JSON as exactly the same `f64`.
pub(super) fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

pub(super) fn offset(n: i64) -> usize {
    n.max(0) as usize
}

/// A headline for an article that has none: the start of its first line of text, cut at a word
/// near 90 characters.
fn headline_from(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = export_one_line(line);
    if line.chars().count() <= 90 {
        return Some(line);
    }
    let cut: String = line.chars().take(90).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 40 => &cut[..i],
        _ => cut.as_str(),
    };
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
}

/// An article's title for a summary, and whether it was taken from the text: its headline, else
/// the start of its body (or text), else its file name.
pub(super) fn title_or_headline(
    title: Option<String>,
    text: &str,
    body_start: usize,
    file_name: &str,
) -> (String, bool) {
    match title.filter(|t| !t.is_empty()) {
        Some(t) => (t, false),
        None => match text
            .get(body_start..)
            .and_then(headline_from)
            .or_else(|| headline_from(text))
        {
            Some(t) => (t, true),
            None => (file_name.to_string(), true),
        },
    }
}

fn export_one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An alias folded for comparison: letters and digits only, lower case ("U.N." = "UN").
pub(super) fn fold_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
    months: &'a mut BTreeMap<String, MonthCount>,
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

/// An actor's counts while the mentions stream past (ordered by article).
#[derive(Default)]
struct Tally<'a> {
    mentions: u64,
    articles: u64,
    last_article: Option<ArticleId>,
    first: Option<&'a str>,
    last: Option<&'a str>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, article: ArticleId, date: Option<&'a str>) {
        self.mentions += 1;
        if self.last_article != Some(article) {
            self.articles += 1;
            self.last_article = Some(article);
        }
        if let Some(d) = date {
            if self.first.is_none_or(|f| d < f) {
                self.first = Some(d);
            }
            if self.last.is_none_or(|l| d > l) {
                self.last = Some(d);
            }
        }
    }
}

/// What every summary starts from: the scope (its articles are in `temp.summary_scope`) and
/// the title.
pub(super) struct Head {
    /// With an actor focus, the actors listed (only they are).
    pub only: Option<HashSet<ActorId>>,
    pub title: String,
    pub generated_at: String,
    pub scope: SummaryScope,
}

/// Roles, affiliations: one fact stated in possibly many articles.
pub(super) struct Fact {
    pub title: String,
    pub of: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub citations: Vec<Citation>,
}

impl Fact {
    /// This fact as a role: the title held, for whom.
    pub fn into_role(self) -> SummaryRole {
        SummaryRole {
            title: self.title,
            of: self.of,
            first_seen: self.first,
            last_seen: self.last,
            citations: self.citations,
        }
    }

    /// This fact as an affiliation: its title is the organisation's name.
    pub fn into_affiliation(self) -> SummaryAffiliation {
        SummaryAffiliation {
            name: self.title,
            first_seen: self.first,
            last_seen: self.last,
            citations: self.citations,
        }
    }
}

/// The facts of one actor, merged by case-insensitive title (and organisation).
#[derive(Default)]
pub(super) struct Facts {
    list: Vec<Fact>,
    by_key: HashMap<(String, Option<String>), usize>,
}

impl Facts {
    /// Adds one statement; statements must come in date order (undated last), so the first date
    /// seen is the earliest and the last one the latest.
    pub fn add(&mut self, title: String, of: Option<String>, date: Option<&str>, cite: Citation) {
        let key = (title.to_lowercase(), of.as_deref().map(str::to_lowercase));
        if let Some(f) = self.by_key.get(&key).and_then(|&i| self.list.get_mut(i)) {
            if f.first.is_none() {
                f.first = date.map(str::to_string);
            }
            if date.is_some() && f.last.as_deref() != date {
                f.last = date.map(str::to_string);
            }
            f.citations.push(cite);
        } else {
            self.by_key.insert(key, self.list.len());
            self.list.push(Fact {
                title,
                of,
                first: date.map(str::to_string),
                last: date.map(str::to_string),
                citations: vec![cite],
            });
        }
    }

    /// The facts, most often stated first; ties keep the order of first statement.
    pub fn into_sorted(self) -> Vec<Fact> {
        let mut list = self.list;
        list.sort_by_key(|f| std::cmp::Reverse(f.citations.len()));
        list
    }
}

impl Store {
    /// Which of these article ids are in the dossier.
    pub fn article_ids_present(&self, ids: &[ArticleId]) -> Result<HashSet<ArticleId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE id = ?1")?;
        let mut found = HashSet::new();
        for id in ids {
            if let Some(id) = stmt.query_row([id], |r| r.get(0)).optional()? {
                found.insert(id);
            }
        }
        Ok(found)
    }

    /// Gathers everything an export shows for `scope`. Dates in the scope are compared as ISO
    /// strings with the article dates, inclusive; with any date limit, undated articles are out.
    pub fn summary(&self, scope: &Scope) -> Result<Summary> {
        let tx = self.conn.unchecked_transaction()?;
        let result = self.gather(scope);
        // The scope tables are scratch: drop them whatever happened, then end the read.
        let dropped = self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.summary_scope; DROP TABLE IF EXISTS temp.summary_focus;",
        );
        tx.commit()?;
        let mut summary = result?;
        dropped?;
        export::rank(&mut summary);
        Ok(summary)
    }

    /// Fills `temp.summary_scope` with the articles in scope (unless `fill` is false: the caller
    /// knows every article is) and `temp.summary_focus` with the chosen actors or articles, and
    /// names the summary.
    pub(super) fn summary_head(&self, scope: &Scope, fill: bool) -> Result<Head> {
        let c = &self.conn;
        c.execute_batch(
            "DROP TABLE IF EXISTS temp.summary_scope;
             DROP TABLE IF EXISTS temp.summary_focus;
             CREATE TEMP TABLE summary_scope (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE summary_focus (id INTEGER PRIMARY KEY);",
        )?;
        let (kind, focus_id, ids): (ScopeKind, Option<i64>, Vec<i64>) = match &scope.focus {
            Focus::Dossier => (ScopeKind::Dossier, None, Vec::new()),
            Focus::Actor(id) => (ScopeKind::Actor, Some(*id), vec![*id]),
            Focus::Actors(ids) => (ScopeKind::Actors, None, ids.clone()),
            Focus::Topic(id) => (ScopeKind::Topic, Some(*id), Vec::new()),
            Focus::Articles(ids) => (ScopeKind::Articles, None, ids.clone()),
        };
        {
            let mut insert =
                c.prepare("INSERT OR IGNORE INTO temp.summary_focus (id) VALUES (?1)")?;
            for id in &ids {
                insert.execute([id])?;
            }
        }
        let focus_sql = match kind {
            ScopeKind::Dossier => "?3 IS NULL",
            ScopeKind::Actor | ScopeKind::Actors => {
                "?3 IS ?3 AND (a.id IN (SELECT article_id FROM mentions WHERE actor_id IN (SELECT id FROM temp.summary_focus))
                  OR a.id IN (SELECT article_id FROM quotes
                              WHERE speaker_id IN (SELECT id FROM temp.summary_focus) AND rejected = 0))"
            }
            ScopeKind::Topic => {
                "a.id IN (SELECT article_id FROM article_topics WHERE topic_id = ?3 AND removed = 0)"
            }
            ScopeKind::Articles => "?3 IS ?3 AND a.id IN (SELECT id FROM temp.summary_focus)",
        };
        if fill {
            c.execute(
                &format!(
                    "INSERT INTO temp.summary_scope (id) SELECT a.id FROM articles a
                     WHERE (?1 IS NULL OR a.date >= ?1) AND (?2 IS NULL OR a.date <= ?2) AND {focus_sql}"
                ),
                params![scope.from, scope.to, focus_id],
            )?;
        }
        // Only the focus actors are listed in an actor's summary; everyone otherwise.
        let only: Option<HashSet<ActorId>> = matches!(kind, ScopeKind::Actor | ScopeKind::Actors)
            .then(|| ids.iter().copied().collect());

        let name: Option<String> = match kind {
            ScopeKind::Dossier | ScopeKind::Articles => None,
            ScopeKind::Actor | ScopeKind::Actors => {
                let mut stmt = c.prepare("SELECT name FROM actors WHERE id = ?1")?;
                let mut names = Vec::new();
                for id in &ids {
                    if let Some(n) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                        names.push(n);
                    }
                }
                (!names.is_empty()).then(|| names.join(", "))
            }
            ScopeKind::Topic => c
                .query_row("SELECT label FROM topics WHERE id = ?1", [focus_id], |r| {
                    r.get(0)
                })
                .optional()?,
        };
        let title = match (&name, kind) {
            (Some(n), ScopeKind::Actor | ScopeKind::Actors) => format!("Dossier summary: {n}"),
            (Some(n), ScopeKind::Topic) => format!("Dossier summary: topic {n}"),
            (_, ScopeKind::Articles) => "Dossier summary: chosen articles".to_string(),
            _ => "Dossier summary".to_string(),
        };
        let generated_at: String =
            c.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                r.get(0)
            })?;
        Ok(Head {
            only,
            title,
            generated_at,
            scope: SummaryScope {
                kind,
                id: focus_id,
                ids,
                name,
                from: scope.from.clone(),
                to: scope.to.clone(),
            },
        })
    }

    /// The file name of the dossier, for the summary.
    pub(super) fn dossier_name(&self) -> Option<String> {
        self.path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    }

    fn gather(&self, scope: &Scope) -> Result<Summary> {
        let c = &self.conn;
        let Head {
            only,
            title,
            generated_at,
            scope: summary_scope,
        } = self.summary_head(scope, true)?;

        // Source articles, numbered in date order. Each text is read once here for where its
        // paragraphs start (citations name the paragraph) and, without a headline, for a title.
        let mut paragraphs: HashMap<ArticleId, Vec<usize>> = HashMap::new();
        let mut articles: Vec<SourceArticle> = Vec::new();
        {
            let mut stmt = c.prepare(
                "SELECT a.id, trim(a.title), a.date, a.source, a.author, a.url, a.file_name, a.body_start, a.text
                 FROM articles a JOIN temp.summary_scope s ON s.id = a.id
                 ORDER BY a.date IS NULL, a.date, a.id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: ArticleId = r.get(0)?;
                let title: Option<String> = r.get(1)?;
                let file_name: String = r.get(6)?;
                let body_start = offset(r.get(7)?);
                let text = r.get_ref(8)?.as_str().unwrap_or("");
                paragraphs.insert(id, export::paragraph_starts(text, body_start));
                let (title, title_from_text) =
                    title_or_headline(title, text, body_start, &file_name);
                articles.push(SourceArticle {
                    reference: u32::try_from(articles.len() + 1).unwrap_or(u32::MAX),
                    id,
                    title,
                    title_from_text,
                    date: r.get(2)?,
                    source: r.get(3)?,
                    author: r.get(4)?,
                    url: r.get(5)?,
                    file_name,
                });
            }
        }
        let refs: HashMap<ArticleId, (u32, Option<&str>)> = articles
            .iter()
            .map(|a| (a.id, (a.reference, a.date.as_deref())))
            .collect();
        let cite = |article_id: ArticleId, start: i64, end: i64| Citation {
            reference: refs.get(&article_id).map_or(0, |r| r.0),
            article_id,
            paragraph: paragraphs
                .get(&article_id)
                .map_or(0, |p| export::paragraph_of(p, offset(start))),
            span: Span::new(offset(start), offset(end)),
        };

        // Every mention in scope, in one pass: the actors' counts and dates, the actors named
        // inside quotes and the timeline. Dates come from `refs`, not from a join.
        let mut months: BTreeMap<String, MonthCount> = BTreeMap::new();
        let mut by_article: HashMap<ArticleId, Vec<(usize, usize, ActorId)>> = HashMap::new();
        let mut tallies: HashMap<ActorId, Tally> = HashMap::new();
        // Actors hidden by curation are false positives: their mentions count nowhere.
        let hidden: std::collections::HashSet<ActorId> = c
            .prepare("SELECT id FROM actors WHERE hidden != 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        {
            let mut stmt = c.prepare(
                "SELECT m.article_id, m.actor_id, m.start, m.end FROM mentions m
                 WHERE m.article_id IN (SELECT id FROM temp.summary_scope) AND m.actor_id IS NOT NULL
                 ORDER BY m.article_id, m.start",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (article, actor): (ArticleId, ActorId) = (r.get(0)?, r.get(1)?);
                if hidden.contains(&actor) {
                    continue;
                }
                by_article.entry(article).or_default().push((
                    offset(r.get(2)?),
                    offset(r.get(3)?),
                    actor,
                ));
                if only.as_ref().is_some_and(|focus| !focus.contains(&actor)) {
                    continue;
                }
                let date = refs.get(&article).and_then(|r| r.1);
                tallies.entry(actor).or_default().add(article, date);
                if let Some(m) = month(&mut months, date) {
                    m.mentions += 1;
                }
            }
        }
        let mut names: HashMap<ActorId, String> = HashMap::new();
        let mut actors: Vec<SummaryActor> = Vec::with_capacity(tallies.len());
        {
            let mentioned: std::collections::HashSet<ActorId> = by_article
                .values()
                .flat_map(|ms| ms.iter().map(|m| m.2))
                .collect();
            let mut stmt = c.prepare("SELECT id, name, kind FROM actors")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: ActorId = r.get(0)?;
                if !mentioned.contains(&id) {
                    continue;
                }
                let name: String = r.get(1)?;
                if let Some(t) = tallies.get(&id) {
                    actors.push(SummaryActor {
                        id,
                        rank: 0,
                        name: name.clone(),
                        kind: ActorKind::from_code(&r.get::<_, String>(2)?)
                            .unwrap_or(ActorKind::Org),
                        salience: 0.0,
                        prominence: t.mentions.saturating_mul(t.articles),
                        mentions: t.mentions,
                        articles: t.articles,
                        first_seen: t.first.map(str::to_string),
                        last_seen: t.last.map(str::to_string),
                        aliases: Vec::new(),
                        roles: Vec::new(),
                        affiliations: Vec::new(),
                        quotes_by: Vec::new(),
                        quotes_about: Vec::new(),
                        representative_quote: None,
                    });
                }
                names.insert(id, name);
            }
        }
        // `export::rank` orders them once everything is gathered.
        let index: HashMap<ActorId, usize> =
            actors.iter().enumerate().map(|(i, a)| (a.id, i)).collect();

        // Aliases, most used first, each name once (ignoring case and punctuation): a merged
        // actor's names show once, under the actor they were merged into.
        {
            let mut stmt = c.prepare(
                "SELECT k.actor_id, al.alias FROM aliases al JOIN actor_keys k ON k.key = al.found_key
                 WHERE al.article_id IN (SELECT id FROM temp.summary_scope)
                   AND al.alias NOT IN (SELECT p.name FROM pins p WHERE p.actor_id IS NOT k.actor_id)
                 GROUP BY k.actor_id, al.alias ORDER BY count(DISTINCT al.article_id) DESC, al.alias",
            )?;
            let mut rows = stmt.query([])?;
            let mut seen: HashMap<ActorId, HashSet<String>> = HashMap::new();
            while let Some(r) = rows.next()? {
                let (id, alias): (ActorId, String) = (r.get(0)?, r.get(1)?);
                if let Some(a) = index.get(&id).and_then(|&i| actors.get_mut(i)) {
                    let folded = fold_name(&alias);
                    let names = seen
                        .entry(id)
                        .or_insert_with(|| HashSet::from([fold_name(&a.name)]));
                    if !folded.is_empty() && names.insert(folded) {
                        a.aliases.push(alias);
                    }
                }
            }
        }

        // Roles and affiliations, each statement cited, folded in date (= reference) order.
        let mut roles: HashMap<ActorId, Facts> = HashMap::new();
        let mut affiliations: HashMap<ActorId, Facts> = HashMap::new();
        for (sql, facts) in [
            (
                "SELECT r.actor_id, r.title, r.of_name, r.article_id, r.start, r.end FROM roles r
                 WHERE r.article_id IN (SELECT id FROM temp.summary_scope) AND r.removed = 0",
                &mut roles,
            ),
            (
                "SELECT f.actor_id, f.name, NULL, f.article_id, f.start, f.end FROM affiliations f
                 WHERE f.article_id IN (SELECT id FROM temp.summary_scope)",
                &mut affiliations,
            ),
        ] {
            let mut stmt = c.prepare(sql)?;
            let mut rows: Vec<(ActorId, String, Option<String>, Citation)> = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        cite(r.get(3)?, r.get(4)?, r.get(5)?),
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            // Listed actors only (an actor's summary lists the actor alone).
            rows.retain(|row| index.contains_key(&row.0));
            rows.sort_by_key(|row| (row.3.reference, row.3.span.start));
            for (actor, title, of, citation) in rows {
                let date = refs.get(&citation.article_id).and_then(|r| r.1);
                facts
                    .entry(actor)
                    .or_default()
                    .add(title, of, date, citation);
            }
        }
        for a in &mut actors {
            a.roles = roles
                .remove(&a.id)
                .unwrap_or_default()
                .into_sorted()
                .into_iter()
                .map(Fact::into_role)
                .collect();
            a.affiliations = affiliations
                .remove(&a.id)
                .unwrap_or_default()
                .into_sorted()
                .into_iter()
                .map(Fact::into_affiliation)
                .collect();
        }

        // Quotes; with an actor focus only theirs and those naming them. A quote whose speaker
        // was hidden as a false positive keeps no speaker (its name is not shown).
        let mut quotes: Vec<SummaryQuote> = Vec::new();
        {
            let mut stmt = c.prepare(
                "SELECT q.id, q.article_id, q.parts, q.direct, q.cue, CASE WHEN sp.hidden = 0 THEN q.speaker_id END,
                    CASE WHEN sp.id IS NULL THEN q.speaker_text WHEN sp.hidden = 0 THEN sp.name END,
                    q.start, q.end, q.sentence_start, q.sentence_end, q.confidence / 1000.0
                 FROM quotes q LEFT JOIN actors sp ON sp.id = q.speaker_id
                 WHERE q.article_id IN (SELECT id FROM temp.summary_scope) AND q.rejected = 0
                 ORDER BY q.article_id, q.start",
            )?;
            // Each article's text is read once and the quotes are cut from it here: cheaper than
            // having SQLite copy the whole text for every quote.
            let mut text_of = c.prepare("SELECT text FROM articles WHERE id = ?1")?;
            let mut article: (ArticleId, String) = (0, String::new());
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let speaker_id: Option<ActorId> = r.get(5)?;
                let article_id: ArticleId = r.get(1)?;
                let span = Span::new(offset(r.get(7)?), offset(r.get(8)?));
                // Actors named inside the quote, other than its speaker, in text order.
                let mut mentions: Vec<ActorRef> = Vec::new();
                for &(start, end, actor) in by_article.get(&article_id).into_iter().flatten() {
                    if start >= span.start
                        && end <= span.end
                        && Some(actor) != speaker_id
                        && !mentions.iter().any(|m| m.id == actor)
                    {
                        mentions.push(ActorRef {
                            id: actor,
                            name: names.get(&actor).cloned().unwrap_or_default(),
                        });
                    }
                }
                if let Some(focus) = &only
                    && !speaker_id.is_some_and(|id| focus.contains(&id))
                    && !mentions.iter().any(|m| focus.contains(&m.id))
                {
                    continue;
                }
                if article.0 != article_id || article.1.is_empty() {
                    let text: Option<String> =
                        text_of.query_row([article_id], |r| r.get(0)).optional()?;
                    article = (article_id, text.unwrap_or_default());
                }
                let parts: Option<String> = r.get(2)?;
                let parts: Vec<[usize; 2]> = parts
                    .and_then(|p| serde_json::from_str(&p).ok())
                    .unwrap_or_default();
                let pieces: Vec<&str> = parts
                    .iter()
                    .filter_map(|[s, e]| article.1.get(*s..*e))
                    .filter(|p| !p.trim().is_empty())
                    .collect();
                let text = if pieces.len() > 1 {
                    pieces.join(" … ")
                } else {
                    span.slice(&article.1).to_string()
                };
                quotes.push(SummaryQuote {
                    id,
                    text,
                    direct: r.get(3)?,
                    cue: r.get(4)?,
                    speaker_id,
                    speaker: r.get(6)?,
                    date: refs.get(&article_id).and_then(|r| r.1).map(str::to_string),
                    span,
                    citation: cite(article_id, r.get(9)?, r.get(10)?),
                    mentions,
                    confidence: round3(r.get(11)?),
                    score: 0.0,
                });
            }
        }
        // Date order is reference order (references number the articles by date).
        quotes.sort_by_key(|q| (q.citation.reference, q.span.start, q.id));
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
                 WHERE at.removed = 0 ORDER BY t.id",
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
                        article_count: 0,
                        articles: vec![entry],
                    }),
                }
            }
        }
        for t in &mut topics {
            t.articles.sort_by_key(|a| a.reference);
            t.article_count = t.articles.len() as u64;
        }
        topics.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
                .then(a.id.cmp(&b.id))
        });

        // Timeline by month: articles and quotes (mentions were counted above).
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
        let timeline: Vec<MonthCount> = months.into_values().collect();

        let totals = Totals {
            articles: articles.len() as u64,
            undated_articles: articles.iter().filter(|a| a.date.is_none()).count() as u64,
            actors: actors.len() as u64,
            mentions: actors.iter().map(|a| a.mentions).sum(),
            quotes: quotes.len() as u64,
            topics: topics.len() as u64,
            ..Totals::default()
        };
        Ok(Summary {
            schema_version: SCHEMA_VERSION,
            title,
            dossier: self.dossier_name(),
            generated_at: Some(generated_at),
            scope: summary_scope,
            totals,
            articles,
            actors,
            quotes,
            key_quotes: Vec::new(),
            described_speakers: Vec::new(),
            topics,
            timeline,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests fail loudly by design.
mod tests {
    use super::*;

    #[test]
    fn headlines_from_text_are_one_short_line() {
        assert_eq!(
            headline_from("\n\n  Short line\nmore").as_deref(),
            Some("Short line")
        );
        let long = "word ".repeat(40);
        let h = headline_from(&long).unwrap();
        assert!(h.ends_with('…') && h.chars().count() <= 91, "{h}");
        assert_eq!(headline_from(" \n "), None);
        assert_eq!(fold_name("U.N."), fold_name("un"));
    }

    #[test]
    fn months_come_only_from_iso_dates() {
        assert_eq!(month_of("2024-03-14"), Some("2024-03"));
        assert_eq!(month_of("2024-03"), Some("2024-03"));
        assert_eq!(month_of("March 2024"), None);
        assert_eq!(month_of("2024"), None);
        assert_eq!(month_of("2024-é"), None);
    }
}
