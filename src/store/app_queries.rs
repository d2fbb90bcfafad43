//! Queries the desktop app needs beyond the shared ones in `read.rs`: the actor list in two
//! steps, so a large dossier shows its actors at once and fills in their dates a moment later.
//!
//! `Store::actors` joins every mention with its article to find first and last dates, which
//! takes seconds with a million mentions. The counts alone come from the `mentions_actor` index.

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
    pub fn actor_dates(&self) -> Result<Vec<ActorDates>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.actor_id, min(a.date), max(a.date)
             FROM (SELECT DISTINCT actor_id, article_id FROM mentions WHERE actor_id IS NOT NULL) p
             JOIN articles a ON a.id = p.article_id GROUP BY p.actor_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ActorDates {
                    id: r.get(0)?,
                    first_seen: r.get(1)?,
                    last_seen: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
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
            date: Some(date.into()),
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
        let full = store.actors(&ActorFilter::default()).expect("actors");
        let mut fast = store.actor_counts().expect("counts");
        assert_eq!(fast.len(), 2);
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
        assert_eq!(fast[0].name, "Ines Varga");
        assert_eq!(fast[0].last_seen.as_deref(), Some("2024-03-05"));
    }
}
