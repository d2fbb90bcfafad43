//! Queries the desktop app needs beyond the shared ones in `read.rs`: the actor list in two
//! steps, so a large dossier shows its actors at once and fills in their dates a moment later.
//!
//! The counts come from the `mentions_actor` index alone. The first and last dates need each
//! actor's articles and their dates, which [`Store::actor_dates`] brings together in memory
//! (`Store::actors` uses it too).

use std::collections::HashMap;

use rusqlite::Row;

use crate::model::ActorKind;

use super::rows::{ActorId, ActorRow};
use super::{Result, Store};

fn kind(code: &str) -> ActorKind {
    ActorKind::from_code(code).unwrap_or(ActorKind::Org)
}

fn count_at(r: &Row, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, i64>(i)?.max(0) as u64)
}

/// First and last article date of one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDates {
    pub id: ActorId,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

impl Store {
    /// The same actors, counts and order as `Store::actors` with no filter, but without the
    /// first and last seen dates (`None`), which [`Store::actor_dates`] gives separately.
    pub fn actor_counts(&self) -> Result<Vec<ActorRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ac.id, ac.name, ac.kind, c.n, c.na, (SELECT count(*) FROM quotes q WHERE q.speaker_id = ac.id)
             FROM (SELECT actor_id, count(*) AS n, count(DISTINCT article_id) AS na FROM mentions
                   WHERE actor_id IS NOT NULL GROUP BY actor_id) c
             JOIN actors ac ON ac.id = c.actor_id
             WHERE ac.hidden = 0 ORDER BY c.n DESC, ac.name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ActorRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: kind(&r.get::<_, String>(2)?),
                    mentions: count_at(r, 3)?,
                    articles: count_at(r, 4)?,
                    quotes: count_at(r, 5)?,
                    first_seen: None,
                    last_seen: None,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// First and last article date of every actor with mentions.
    ///
    /// Joining every mention with its article in SQL reads the article rows (text and all) in
    /// mention order, which takes seconds in a large dossier. Here the dates come from the
    /// `articles_date` index and the actor-article pairs from the `mentions_actor` index, and
    /// they meet in memory.
    pub fn actor_dates(&self) -> Result<Vec<ActorDates>> {
        // Each distinct date once; articles point to it by number.
        let mut dates: Vec<String> = Vec::new();
        let mut date_of: HashMap<i64, u32> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT date, id FROM articles INDEXED BY articles_date WHERE date IS NOT NULL ORDER BY date",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let date = r.get_ref(0)?.as_str().unwrap_or_default();
                if dates.last().map(String::as_str) != Some(date) {
                    dates.push(date.to_owned());
                }
                date_of.insert(r.get(1)?, dates.len() as u32 - 1);
            }
        }
        // Dates are numbered in order, so the smallest number is the first date.
        let mut result: Vec<ActorDates> = Vec::new();
        let mut current: Option<(ActorId, Option<u32>, Option<u32>)> = None;
        let finish = |c: (ActorId, Option<u32>, Option<u32>), out: &mut Vec<ActorDates>| {
            let date = |i: Option<u32>| i.and_then(|i| dates.get(i as usize).cloned());
            out.push(ActorDates {
                id: c.0,
                first_seen: date(c.1),
                last_seen: date(c.2),
            });
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT actor_id, article_id FROM mentions INDEXED BY mentions_actor
             WHERE actor_id IS NOT NULL ORDER BY actor_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (actor, article): (ActorId, i64) = (r.get(0)?, r.get(1)?);
            let d = date_of.get(&article).copied();
            match &mut current {
                Some(c) if c.0 == actor => {
                    if let Some(d) = d {
                        c.1 = Some(c.1.map_or(d, |x| x.min(d)));
                        c.2 = Some(c.2.map_or(d, |x| x.max(d)));
                    }
                }
                _ => {
                    if let Some(done) = current.take() {
                        finish(done, &mut result);
                    }
                    current = Some((actor, d, d));
                }
            }
        }
        if let Some(done) = current {
            finish(done, &mut result);
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use crate::import::content_hash;
    use crate::model::{ActorKind, Analysis, Article, Format, FoundActor, FoundMention, Span};
    use crate::store::{ActorFilter, SourceFile, Store};

    fn add(store: &mut Store, date: &str, text: &str, names: &[(&str, ActorKind)]) {
        let mut analysis = Analysis::default();
        for (i, (name, kind)) in names.iter().enumerate() {
            analysis.actors.push(FoundActor {
                name: (*name).into(),
                kind: *kind,
                aliases: Vec::new(),
                roles: Vec::new(),
                affiliations: Vec::new(),
                confidence: 0.9,
            });
            let start = text.find(name).unwrap_or(0);
            analysis.mentions.push(FoundMention {
                actor: i,
                span: Span::new(start, start + name.len()),
                confidence: 0.9,
            });
        }
        let article = Article {
            date: (!date.is_empty()).then(|| date.into()),
            text: text.into(),
            ..Article::default()
        };
        let source = SourceFile {
            file_name: format!("{date}.txt"),
            file_path: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
        };
        store
            .import_article(&source, &article, &analysis, &content_hash(text), 1)
            .expect("import");
    }

    #[test]
    fn counts_and_dates_agree_with_the_full_actor_list() {
        let mut store = Store::open_in_memory().expect("store");
        add(
            &mut store,
            "2024-01-02",
            "Ines Varga met the Harbour League.",
            &[
                ("Ines Varga", ActorKind::Person),
                ("Harbour League", ActorKind::Org),
            ],
        );
        add(
            &mut store,
            "2024-03-05",
            "Ines Varga spoke again.",
            &[("Ines Varga", ActorKind::Person)],
        );
        // Undated articles count for no date: an actor seen only in them has none.
        add(
            &mut store,
            "",
            "Ines Varga and Tomas Pell, undated.",
            &[
                ("Ines Varga", ActorKind::Person),
                ("Tomas Pell", ActorKind::Person),
            ],
        );
        add(
            &mut store,
            "2023-12-31",
            "The Harbour League, a year earlier.",
            &[("Harbour League", ActorKind::Org)],
        );
        let full = store.actors(&ActorFilter::default()).expect("actors");
        let mut fast = store.actor_counts().expect("counts");
        assert_eq!(fast.len(), 3);
        let dates = store.actor_dates().expect("dates");
        for row in &mut fast {
            let d = dates
                .iter()
                .find(|d| d.id == row.id)
                .expect("dates for every actor");
            row.first_seen = d.first_seen.clone();
            row.last_seen = d.last_seen.clone();
        }
        assert_eq!(fast, full);
        // `actors` takes its dates from `actor_dates` too; `actor` joins in SQL on its own.
        for row in &fast {
            let one = store.actor(row.id).expect("actor").expect("row");
            assert_eq!(
                (&row.first_seen, &row.last_seen),
                (&one.first_seen, &one.last_seen)
            );
        }
        assert_eq!(fast[0].name, "Ines Varga");
        assert_eq!(fast[0].last_seen.as_deref(), Some("2024-03-05"));
        let league = fast
            .iter()
            .find(|a| a.name == "Harbour League")
            .expect("league");
        assert_eq!(league.first_seen.as_deref(), Some("2023-12-31"));
        let pell = fast.iter().find(|a| a.name == "Tomas Pell").expect("Pell");
        assert_eq!(
            (pell.first_seen.as_deref(), pell.last_seen.as_deref()),
            (None, None)
        );
    }
}
