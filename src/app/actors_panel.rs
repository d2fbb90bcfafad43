//! The actor list (left panel) and the actor profile (main area).
//!
//! The list filters and sorts the cached rows in memory and draws only the visible rows
//! (`ScrollArea::show_rows`), so it stays fast with a hundred thousand actors.

use eframe::egui::{self, RichText, Ui};

use crate::model::ActorKind;
use crate::store::{ActorId, ActorProfile, ActorRow, TimelinePoint};

use super::curation::DraggedActor;
use super::state::{ActorSort, Persisted};
use super::timeline;
use super::widgets::{
    ARTICLE_PAGE, QUOTE_PAGE, actor_chip, count, date_range, kind_badge, kind_title, left_aligned,
    paged, paint_badge, quote_card,
};
use super::{Action, Curating};

/// Height of one row of the actor list.
const ROW_HEIGHT: f32 = 22.0;

/// The filtered, sorted view of the cached actors, rebuilt only when its inputs change.
#[derive(Debug, Default)]
pub struct ActorListView {
    /// Indices into the cached actor rows.
    pub rows: Vec<usize>,
    key: Option<(String, [bool; 4], ActorSort, u64)>,
    /// Lower-cased names, computed once per data generation so each keystroke in the filter
    /// only compares strings.
    lower: Vec<String>,
    lower_generation: Option<u64>,
    /// Scroll the selected row into view on the next frame (after keyboard moves).
    pub scroll_to_selected: bool,
}

impl ActorListView {
    /// Recomputes the rows when the filter, kinds, sort or data (`generation`) changed.
    pub fn update(&mut self, actors: &[ActorRow], state: &Persisted, generation: u64) {
        let key = (
            state.actor_filter.clone(),
            state.kinds,
            state.actor_sort,
            generation,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        if self.lower_generation != Some(generation) {
            self.lower = actors.iter().map(|a| a.name.to_lowercase()).collect();
            self.lower_generation = Some(generation);
        }
        self.rows = filter_and_sort(actors, &self.lower, state);
        self.key = Some(key);
    }

    /// The id of the row `delta` rows away from `selected` (the first row when nothing is
    /// selected), for up/down keys.
    pub fn step(
        &self,
        actors: &[ActorRow],
        selected: Option<ActorId>,
        delta: isize,
    ) -> Option<ActorId> {
        let pos = selected.and_then(|id| {
            self.rows
                .iter()
                .position(|&i| actors.get(i).is_some_and(|a| a.id == id))
        });
        let next = match pos {
            Some(p) => p
                .saturating_add_signed(delta)
                .min(self.rows.len().saturating_sub(1)),
            None => 0,
        };
        self.rows
            .get(next)
            .and_then(|&i| actors.get(i))
            .map(|a| a.id)
    }
}

/// Indices of the actors matching the filter text and kinds, in the chosen order. `lower` holds
/// the lower-cased names, index for index.
pub fn filter_and_sort(actors: &[ActorRow], lower: &[String], state: &Persisted) -> Vec<usize> {
    let needle = state.actor_filter.trim().to_lowercase();
    let mut rows: Vec<usize> = actors
        .iter()
        .enumerate()
        .filter(|(_, a)| state.shows_kind(a.kind))
        .filter(|(i, _)| needle.is_empty() || lower.get(*i).is_some_and(|n| n.contains(&needle)))
        .map(|(i, _)| i)
        .collect();
    let by = |i: &usize| actors.get(*i);
    match state.actor_sort {
        // The store already orders by mentions.
        ActorSort::Mentions => {}
        ActorSort::Articles => {
            rows.sort_by_key(|i| std::cmp::Reverse(by(i).map_or(0, |a| a.articles)))
        }
        ActorSort::Quotes => rows.sort_by_key(|i| std::cmp::Reverse(by(i).map_or(0, |a| a.quotes))),
        ActorSort::Name => rows.sort_by_cached_key(|i| by(i).map(|a| a.name.to_lowercase())),
        ActorSort::LastSeen => rows.sort_by(|a, b| {
            by(b)
                .and_then(|r| r.last_seen.as_ref())
                .cmp(&by(a).and_then(|r| r.last_seen.as_ref()))
        }),
    }
    rows
}

/// Id of the actor filter box, so keyboard handling can tell when it has focus.
pub fn filter_id() -> egui::Id {
    egui::Id::unique("actor-filter")
}

/// The left panel's actor list: filter box, kind toggles, sort menu and the rows.
pub fn list_ui(
    ui: &mut Ui,
    actors: &[ActorRow],
    view: &mut ActorListView,
    state: &mut Persisted,
    selected: Option<ActorId>,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    ui.add(
        egui::TextEdit::singleline(&mut state.actor_filter)
            .id(filter_id())
            .hint_text("Filter actors by name")
            .desired_width(f32::INFINITY),
    )
    .on_hover_text("Type part of a name; up and down keys move through the list");
    ui.horizontal_wrapped(|ui| {
        for (i, kind) in ActorKind::ALL.iter().enumerate() {
            if let Some(on) = state.kinds.get_mut(i) {
                ui.toggle_value(on, kind_title(*kind))
                    .on_hover_text(format!("Show or hide: {}", kind.label()));
            }
        }
    });
    egui::ComboBox::new("actor-sort", "Order of the list")
        .selected_text(state.actor_sort.label())
        .show_ui(ui, |ui| {
            for sort in ActorSort::ALL {
                ui.selectable_value(&mut state.actor_sort, sort, sort.label());
            }
        });
    ui.weak(format!("{} of {} actors", view.rows.len(), actors.len()));
    ui.separator();
    if actors.is_empty() {
        ui.label("No actors yet. Import articles with File > Import files (Ctrl+I) or drop files on this window.");
        return;
    }

    let spacing = ui.spacing().item_spacing.y;
    let row_step = ROW_HEIGHT + spacing;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("actor-list")
        .auto_shrink([false, false]);
    if view.scroll_to_selected {
        view.scroll_to_selected = false;
        if let Some(pos) = selected.and_then(|id| {
            view.rows
                .iter()
                .position(|&i| actors.get(i).is_some_and(|a| a.id == id))
        }) {
            let height = ui.available_height();
            let state_id = ui.make_persistent_id("actor-list-offset");
            let current: f32 = ui.data(|d| d.get_temp(state_id)).unwrap_or(0.0);
            let top = pos as f32 * row_step;
            let target = if top < current {
                Some(top)
            } else if top + row_step > current + height {
                Some(top + row_step - height)
            } else {
                None
            };
            if let Some(target) = target {
                area = area.vertical_scroll_offset(target.max(0.0));
            }
        }
    }
    let output = area.show_rows(ui, ROW_HEIGHT, view.rows.len(), |ui, range| {
        for &i in view.rows.get(range).unwrap_or_default() {
            let Some(actor) = actors.get(i) else { continue };
            row_ui(ui, actor, selected == Some(actor.id), actions, cur);
        }
    });
    let state_id = ui.make_persistent_id("actor-list-offset");
    ui.data_mut(|d| d.insert_temp(state_id, output.state.clamped_offset().y));
}

/// One row: kind badge, name on the left, counts on the right. Drawn by hand so the whole row
/// is one click target whose accessible name is just the actor's name. Right-click corrects the
/// actor; dragging it onto another row offers to merge the two.
fn row_ui(
    ui: &mut Ui,
    actor: &ActorRow,
    selected: bool,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    let size = egui::vec2(ui.available_width(), ROW_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
    response.dnd_set_drag_payload(DraggedActor {
        id: actor.id,
        name: actor.name.clone(),
    });
    cur.ui.merge_drop_target(&response, actor);
    cur.ui.actor_menu(&response, actor, &[], cur.out);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, true, selected, &actor.name)
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        let drop_here = response.dnd_hover_payload::<DraggedActor>().is_some();
        if selected || drop_here || response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                3.0,
                visuals.bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        let badge = egui::Rect::from_min_size(
            rect.left_center() - egui::vec2(-2.0, 9.0),
            egui::vec2(18.0, 18.0),
        );
        paint_badge(ui, badge, actor.kind);
        let counts = ui.painter().layout_no_wrap(
            format!("{} · {}", actor.mentions, actor.articles),
            egui::TextStyle::Body.resolve(ui.style()),
            ui.visuals().weak_text_color(),
        );
        let counts_pos = egui::pos2(
            rect.right() - counts.size().x - 6.0,
            rect.center().y - counts.size().y / 2.0,
        );
        let name_left = badge.right() + 6.0;
        let name_width = (counts_pos.x - name_left - 8.0).max(10.0);
        let mut job = egui::text::LayoutJob::simple_singleline(
            actor.name.clone(),
            egui::TextStyle::Body.resolve(ui.style()),
            visuals.text_color(),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(name_width);
        let name = ui.painter().layout_job(job);
        ui.painter().galley(
            egui::pos2(name_left, rect.center().y - name.size().y / 2.0),
            name,
            visuals.text_color(),
        );
        ui.painter()
            .galley(counts_pos, counts, ui.visuals().weak_text_color());
    }
    let response = response.on_hover_text(format!(
        "{}\n{}: {} mentions in {} articles, {} quotes\nSeen {}\nRight-click to correct; drag onto another actor to merge",
        actor.name,
        kind_title(actor.kind),
        actor.mentions,
        actor.articles,
        actor.quotes,
        date_range(actor.first_seen.as_deref(), actor.last_seen.as_deref())
    ));
    if response.clicked() {
        actions.push(Action::SelectActor(actor.id));
    }
}

/// The profile of the selected actor next to the quotes by and about them.
pub fn profile_ui(
    ui: &mut Ui,
    profile: &ActorProfile,
    timeline_points: &[TimelinePoint],
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    let actor = &profile.actor;
    ui.horizontal(|ui| {
        kind_badge(ui, actor.kind);
        let heading = ui
            .add(egui::Label::new(RichText::new(&actor.name).heading()).sense(egui::Sense::click()))
            .on_hover_text("Right-click to rename, add a name, change the kind, split or hide");
        let aliases: Vec<String> = profile.aliases.iter().map(|a| a.alias.clone()).collect();
        cur.ui.actor_menu(&heading, actor, &aliases, cur.out);
    });
    ui.label(format!(
        "{} · {} in {} · {} · seen {}",
        kind_title(actor.kind),
        count(actor.mentions, "mention"),
        count(actor.articles, "article"),
        count(actor.quotes, "quote"),
        date_range(actor.first_seen.as_deref(), actor.last_seen.as_deref())
    ));
    ui.separator();
    ui.columns(2, |cols| {
        if let [left, right] = cols {
            egui::ScrollArea::vertical()
                .id_salt("profile")
                .auto_shrink([false, false])
                .show(left, |ui| {
                    left_aligned(ui, |ui| {
                        facts_ui(ui, profile, timeline_points, actions, cur)
                    })
                });
            egui::ScrollArea::vertical()
                .id_salt("profile-quotes")
                .auto_shrink([false, false])
                .show(right, |ui| {
                    left_aligned(ui, |ui| quotes_ui(ui, profile, actions, cur))
                });
        }
    });
}

fn facts_ui(
    ui: &mut Ui,
    profile: &ActorProfile,
    timeline_points: &[TimelinePoint],
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    ui.strong("Mentions over time");
    timeline::timeline_ui(ui, "actor-timeline", timeline_points);
    ui.add_space(6.0);
    ui.strong("Also known as");
    if profile.aliases.is_empty() {
        ui.weak("No other names found.");
    }
    ui.horizontal_wrapped(|ui| {
        for (i, alias) in profile.aliases.iter().enumerate() {
            if i > 0 {
                ui.weak("·");
            }
            let used = match alias.articles {
                1 => "used in 1 article".to_string(),
                n => format!("used in {n} articles"),
            };
            ui.label(&alias.alias).on_hover_text(used);
        }
    });
    ui.add_space(6.0);
    ui.strong("Roles");
    if profile.roles.is_empty() {
        ui.weak("No roles found.");
    }
    for role in &profile.roles {
        ui.horizontal_wrapped(|ui| {
            let title = match &role.of {
                Some(of) => format!("{} of {of}", role.title),
                None => role.title.clone(),
            };
            let response = ui
                .add(egui::Label::new(title).sense(egui::Sense::click()))
                .on_hover_text("Right-click to edit or remove this role");
            cur.ui.role_menu(&response, role, cur.out);
            ui.weak(role.date.as_deref().unwrap_or("undated"));
            if ui
                .link(&role.article_title)
                .on_hover_text("Open the article where this role is stated")
                .clicked()
            {
                actions.push(Action::OpenArticle {
                    id: role.article_id,
                    focus: Some(crate::model::Span::new(role.start, role.end)),
                });
            }
        });
    }
    ui.add_space(6.0);
    ui.strong("Affiliations");
    if profile.affiliations.is_empty() {
        ui.weak("No affiliations found.");
    }
    for aff in &profile.affiliations {
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(&aff.name)
                .on_hover_text("Open an article that states this affiliation")
                .clicked()
            {
                actions.push(Action::OpenArticle {
                    id: aff.article_id,
                    focus: None,
                });
            }
            ui.weak(format!(
                "{} articles · {}",
                aff.articles,
                date_range(aff.first_seen.as_deref(), aff.last_seen.as_deref())
            ));
        });
    }
    ui.add_space(6.0);
    ui.strong("Often named with");
    if profile.related.is_empty() {
        ui.weak("Nobody else yet.");
    }
    ui.horizontal_wrapped(|ui| {
        for rel in &profile.related {
            if actor_chip(ui, rel.kind, &rel.name)
                .on_hover_text(format!("together in {} articles", rel.shared_articles))
                .clicked()
            {
                actions.push(Action::SelectActor(rel.id));
            }
        }
    });
    ui.add_space(6.0);
    ui.strong(format!("Articles ({})", profile.articles.len()));
    paged(
        ui,
        ("actor-articles", profile.actor.id),
        &profile.articles,
        ARTICLE_PAGE,
        |ui, article| {
            ui.horizontal(|ui| {
                ui.weak(article.date.as_deref().unwrap_or("undated"));
                if ui.link(article.display_title()).clicked() {
                    actions.push(Action::OpenArticle {
                        id: article.id,
                        focus: None,
                    });
                }
            });
        },
    );
}

fn quotes_ui(ui: &mut Ui, profile: &ActorProfile, actions: &mut Vec<Action>, cur: &mut Curating) {
    ui.strong(RichText::new(format!(
        "Quotes by {} ({})",
        profile.actor.name,
        profile.quotes_by.len()
    )));
    if profile.quotes_by.is_empty() {
        ui.weak("No quotes found.");
    }
    paged(
        ui,
        ("quotes-by", profile.actor.id),
        &profile.quotes_by,
        QUOTE_PAGE,
        |ui, quote| quote_card(ui, quote, actions, cur),
    );
    ui.add_space(10.0);
    ui.strong(format!(
        "Quotes that mention {} ({})",
        profile.actor.name,
        profile.quotes_about.len()
    ));
    if profile.quotes_about.is_empty() {
        ui.weak("No quotes found.");
    }
    paged(
        ui,
        ("quotes-about", profile.actor.id),
        &profile.quotes_about,
        QUOTE_PAGE,
        |ui, quote| quote_card(ui, quote, actions, cur),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: i64, name: &str, kind: ActorKind, mentions: u64) -> ActorRow {
        ActorRow {
            id,
            name: name.into(),
            kind,
            mentions,
            articles: 10 - mentions,
            quotes: 0,
            first_seen: None,
            last_seen: Some(format!("2021-01-{:02}", id)),
        }
    }

    fn actors() -> Vec<ActorRow> {
        vec![
            actor(1, "Amira Castell", ActorKind::Person, 9),
            actor(2, "Harbour League", ActorKind::Org, 5),
            actor(3, "Vellmar", ActorKind::Gpe, 3),
        ]
    }

    #[test]
    fn filters_by_name_and_kind_and_sorts() {
        let actors = actors();
        let lower: Vec<String> = actors.iter().map(|a| a.name.to_lowercase()).collect();
        let mut state = Persisted::default();
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![0, 1, 2]);
        state.actor_filter = "HARB".into();
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![1]);
        state.actor_filter.clear();
        state.kinds = [true, false, true, true];
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![0, 2]);
        state.kinds = [true; 4];
        state.actor_sort = ActorSort::Articles;
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![2, 1, 0]);
        state.actor_sort = ActorSort::LastSeen;
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![2, 1, 0]);
        state.actor_sort = ActorSort::Name;
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![0, 1, 2]);
    }

    #[test]
    fn up_and_down_stay_inside_the_list() {
        let actors = actors();
        let mut view = ActorListView::default();
        view.update(&actors, &Persisted::default(), 1);
        assert_eq!(view.step(&actors, None, 1), Some(1));
        assert_eq!(view.step(&actors, Some(1), 1), Some(2));
        assert_eq!(view.step(&actors, Some(3), 1), Some(3));
        assert_eq!(view.step(&actors, Some(1), -1), Some(1));
        assert_eq!(view.step(&actors, Some(2), -1), Some(1));
    }
}
