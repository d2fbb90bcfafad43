//! What the app remembers between runs (eframe persistence) and the runtime view state.
//! Every persisted field has a default, so state saved by an older version still loads.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{ActorKind, Span};
use crate::store::{ActorId, ArticleId, TopicId};

/// How many recent dossiers the File menu lists.
pub const MAX_RECENT: usize = 8;

/// The left panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Actors,
    Topics,
    Search,
}

/// Colour scheme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// Order of the actor list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ActorSort {
    #[default]
    Mentions,
    Articles,
    Quotes,
    Name,
    LastSeen,
}

impl ActorSort {
    /// All orders, for the sort menu.
    pub const ALL: [ActorSort; 5] = [
        ActorSort::Mentions,
        ActorSort::Articles,
        ActorSort::Quotes,
        ActorSort::Name,
        ActorSort::LastSeen,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            ActorSort::Mentions => "Most mentioned",
            ActorSort::Articles => "In most articles",
            ActorSort::Quotes => "Most quoted",
            ActorSort::Name => "Name A-Z",
            ActorSort::LastSeen => "Recently seen",
        }
    }
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    Actor(ActorId),
    Topic(TopicId),
}

/// Which article is open, and which span to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenArticle {
    pub id: ArticleId,
    pub focus: Option<Span>,
}

/// Everything remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub theme: ThemeChoice,
    pub tab: Tab,
    pub actor_filter: String,
    /// Kinds shown in the actor list, in [`ActorKind::ALL`] order.
    pub kinds: [bool; 4],
    pub actor_sort: ActorSort,
    pub search_query: String,
    /// The dossier the selection below belongs to.
    pub selection_dossier: Option<PathBuf>,
    pub selection: Option<Selection>,
    pub article: Option<OpenArticle>,
    /// Width of the article text; larger is easier to read on big screens.
    pub text_size: f32,
    /// Widths the person gave the list pane and the article pane (points). They are used
    /// whenever the window is wide enough, so shrinking the window and enlarging it again
    /// brings them back.
    pub list_width: f32,
    pub article_width: f32,
    /// What each other dossier showed when it was last open (filters, selection, article).
    pub views: Vec<(PathBuf, DossierView)>,
}

/// What one dossier showed: remembered per dossier, so switching dossiers never carries a
/// filter or a selection into another one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierView {
    pub tab: Tab,
    pub actor_filter: String,
    pub kinds: [bool; 4],
    pub actor_sort: ActorSort,
    pub search_query: String,
    pub selection: Option<Selection>,
    pub article: Option<OpenArticle>,
}

impl Default for DossierView {
    fn default() -> Self {
        Self {
            tab: Tab::Actors,
            actor_filter: String::new(),
            kinds: [true; 4],
            actor_sort: ActorSort::Mentions,
            search_query: String::new(),
            selection: None,
            article: None,
        }
    }
}

impl Default for Persisted {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            theme: ThemeChoice::System,
            tab: Tab::Actors,
            actor_filter: String::new(),
            kinds: [true; 4],
            actor_sort: ActorSort::Mentions,
            search_query: String::new(),
            selection_dossier: None,
            selection: None,
            article: None,
            text_size: 15.0,
            list_width: 300.0,
            article_width: 520.0,
            views: Vec::new(),
        }
    }
}

impl Persisted {
    /// Moves `path` to the front of the recent list (no duplicates, at most [`MAX_RECENT`]).
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }

    /// What the open dossier shows now.
    pub fn current_view(&self) -> DossierView {
        DossierView {
            tab: self.tab,
            actor_filter: self.actor_filter.clone(),
            kinds: self.kinds,
            actor_sort: self.actor_sort,
            search_query: self.search_query.clone(),
            selection: self.selection,
            article: self.article,
        }
    }

    /// Switches to the dossier at `to`: the view of the dossier that was open is kept for later
    /// and the view `to` had last time comes back (or a fresh one).
    pub fn switch_dossier(&mut self, to: &Path) {
        if self.selection_dossier.as_deref() == Some(to) {
            return;
        }
        if let Some(from) = self.selection_dossier.take() {
            let view = self.current_view();
            self.views.retain(|(p, _)| p != &from);
            self.views.insert(0, (from, view));
            self.views.truncate(MAX_RECENT * 2);
        }
        let view = match self.views.iter().position(|(p, _)| p == to) {
            Some(i) => self.views.remove(i).1,
            None => DossierView::default(),
        };
        self.tab = view.tab;
        self.actor_filter = view.actor_filter;
        self.kinds = view.kinds;
        self.actor_sort = view.actor_sort;
        self.search_query = view.search_query;
        self.selection = view.selection;
        self.article = view.article;
        self.selection_dossier = Some(to.to_owned());
    }

    /// True when the actor list shows `kind`.
    pub fn shows_kind(&self, kind: ActorKind) -> bool {
        let i = ActorKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kinds.get(i).copied().unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_moves_to_front_without_duplicates() {
        let mut s = Persisted::default();
        for name in ["a", "b", "a"] {
            s.remember(Path::new(name));
        }
        assert_eq!(s.recent, vec![PathBuf::from("a"), PathBuf::from("b")]);
        for i in 0..20 {
            s.remember(Path::new(&format!("x{i}")));
        }
        assert_eq!(s.recent.len(), MAX_RECENT);
    }

    #[test]
    fn each_dossier_keeps_its_own_filter_and_selection() {
        let mut s = Persisted::default();
        s.switch_dossier(Path::new("a.dossier"));
        s.actor_filter = "harb".into();
        s.selection = Some(Selection::Actor(3));
        s.switch_dossier(Path::new("b.dossier"));
        assert_eq!(s.actor_filter, "");
        assert_eq!(s.selection, None);
        s.search_query = "docks".into();
        s.switch_dossier(Path::new("a.dossier"));
        assert_eq!(s.actor_filter, "harb");
        assert_eq!(s.selection, Some(Selection::Actor(3)));
        assert_eq!(s.search_query, "");
        s.switch_dossier(Path::new("b.dossier"));
        assert_eq!(s.search_query, "docks");
    }

    #[test]
    fn old_state_with_missing_fields_still_loads() {
        let s: Persisted = serde_json::from_str(r#"{"tab":"Topics"}"#).expect("loads");
        assert_eq!(s.tab, Tab::Topics);
        assert_eq!(s.kinds, [true; 4]);
        assert_eq!(s.text_size, 15.0);
    }
}
