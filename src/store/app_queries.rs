//! Queries the desktop app needs beyond the shared ones in `read.rs`: the actor list, whole or its
//! most mentioned part, and actors found by name. They read the per-actor summaries
//! (`store/stats.rs`), so none depends on how many mentions the dossier holds.

use super::read::{ACTOR_SELECT, actor_row};
use super::rows::{ActorFilter, ActorRow};
use super::{Result, Store};

impl Store {
    /// Every actor with mentions, most mentioned first (`Store::actors` without a filter).
    pub fn actor_counts(&self) -> Result<Vec<ActorRow>> {
        self.actors(&ActorFilter::default())
    }

    /// The `limit` most mentioned actors: the app lists these, and finds the others by name
    /// ([`Store::actors_named`]).
    pub fn top_actors(&self, limit: usize) -> Result<Vec<ActorRow>> {
        self.actors(&ActorFilter {
            limit: Some(limit),
            ..ActorFilter::default()
        })
    }

    /// Up to `limit` actors whose name contains `text` (ignoring case), most mentioned first.
    pub fn actors_named(&self, text: &str, limit: usize) -> Result<Vec<ActorRow>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ACTOR_SELECT} WHERE s.mentions > 0 AND ac.hidden = 0 AND ac.name LIKE ?1 ESCAPE '\\'
             ORDER BY s.mentions DESC, ac.name LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(rusqlite::params![pattern, limit as i64], actor_row)?
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
        let fast = store.actor_counts().expect("counts");
        assert_eq!(fast.len(), 3);
        assert_eq!(fast, full);
        // `actor` reads one actor's summary on its own.
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

    #[test]
    fn top_actors_and_names_page_through_a_long_list() {
        let mut store = Store::open_in_memory().expect("store");
        add(
            &mut store,
            "2024-01-02",
            "Ines Varga met Tomas Pell and Ines Varga again.",
            &[
                ("Ines Varga", ActorKind::Person),
                ("Tomas Pell", ActorKind::Person),
            ],
        );
        add(
            &mut store,
            "2024-01-03",
            "Ines Varga and the 100%_Club.",
            &[
                ("Ines Varga", ActorKind::Person),
                ("100%_Club", ActorKind::Org),
            ],
        );
        let all = store.actor_counts().expect("all");
        assert_eq!(store.top_actors(2).expect("top"), all[..2].to_vec());
        let names = |text: &str| -> Vec<String> {
            store
                .actors_named(text, 10)
                .expect("named")
                .into_iter()
                .map(|a| a.name)
                .collect()
        };
        assert_eq!(names("PELL"), ["Tomas Pell"]);
        assert_eq!(names("va"), ["Ines Varga"]);
        // Wildcards in the text are plain characters.
        assert_eq!(names("%_"), ["100%_Club"]);
        assert!(names("_").len() == 1 && names(" ").is_empty());
    }
}
