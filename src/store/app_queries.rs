//! Queries the desktop app needs beyond the shared ones in `read.rs`: the actor list in two
//! steps (counts, then dates), an interface kept from when the dates took a second pass. Both now
//! read the per-actor summaries (`store/stats.rs`), so neither depends on how many mentions the
//! dossier holds.

use super::read::{ACTOR_SELECT, actor_row};
use super::rows::{ActorId, ActorRow};
use super::{Result, Store};

/// First and last article date of one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDates {
    pub id: ActorId,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

impl Store {
    /// The same actors, counts and order as `Store::actors` with no filter, dates included.
    pub fn actor_counts(&self) -> Result<Vec<ActorRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ACTOR_SELECT} WHERE s.mentions > 0 AND ac.hidden = 0 ORDER BY s.mentions DESC, ac.name"
        ))?;
        let rows = stmt
            .query_map([], actor_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// First and last article date of every actor with mentions.
    pub fn actor_dates(&self) -> Result<Vec<ActorDates>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT actor_id, first_seen, last_seen FROM actor_stats WHERE mentions > 0 ORDER BY actor_id",
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
