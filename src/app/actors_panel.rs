//! The actor list (left panel) and the actor profile (main area).
//!
//! The list filters and sorts the cached rows in memory and draws only the visible rows
//! (`ScrollArea::show_rows`), so it stays fast with a hundred thousand actors.

use std::collections::HashSet;

use eframe::egui::{self, RichText, Ui};

use crate::model::ActorKind;
use crate::store::{ActorId, ActorProfile, ActorRow};

use super::curation::DraggedActor;
use super::layout::COLUMN_MIN;
use super::state::{ActorSort, Persisted};
use super::timeline;
use super::widgets::{
    ARTICLE_PAGE, QUOTE_PAGE, ROLE_PAGE, actor_chip, count, date_range, kind_badge, kind_hint,
    kind_title, left_aligned, paged, paint_badge, quote_card,
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
    /// Actors marked for a merge (Ctrl+click, Shift+click, Shift+arrows).
    pub marked: HashSet<ActorId>,
    /// Where a Shift+click range starts.
    anchor: Option<ActorId>,
    /// How many actors the dossier has (more than the cached rows when the overview lists only
    /// the most mentioned).
    pub total: u64,
}

impl ActorListView {
    /// A plain selection: only this actor is marked.
    pub fn select(&mut self, id: ActorId) {
        self.marked.clear();
        self.marked.insert(id);
        self.anchor = Some(id);
    }

    /// Ctrl+click: marks or unmarks one actor.
    pub fn toggle(&mut self, id: ActorId) {
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        self.anchor = Some(id);
    }

    /// Shift+click: marks the rows from the anchor to `id`, as the list shows them.
    pub fn mark_range(&mut self, actors: &[ActorRow], id: ActorId) {
        let pos = |x: ActorId| {
            self.rows
                .iter()
                .position(|&i| actors.get(i).is_some_and(|a| a.id == x))
        };
        let (Some(a), Some(b)) = (self.anchor.and_then(pos), pos(id)) else {
            self.toggle(id);
            return;
        };
        let (lo, hi) = (a.min(b), a.max(b));
        for &i in self.rows.get(lo..=hi).unwrap_or_default() {
            if let Some(row) = actors.get(i) {
                self.marked.insert(row.id);
            }
        }
    }

    /// The marked actors in list order (those filtered out of view too, after them).
    pub fn marked_in_order(&self, actors: &[ActorRow]) -> Vec<ActorId> {
        if self.marked.len() < 2 {
            return self.marked.iter().copied().collect();
        }
        let mut out: Vec<ActorId> = self
            .rows
            .iter()
            .filter_map(|&i| actors.get(i))
            .map(|a| a.id)
            .filter(|id| self.marked.contains(id))
            .collect();
        let mut rest: Vec<ActorId> = self
            .marked
            .iter()
            .copied()
            .filter(|id| !out.contains(id))
            .collect();
        rest.sort_unstable();
        out.extend(rest);
        out
    }

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
    // Two toggles a row, so a long kind name never wraps onto a row of its own.
    egui::Grid::new("kind-toggles")
        .num_columns(2)
        .spacing([4.0, 4.0])
        .show(ui, |ui| {
            for (i, kind) in ActorKind::ALL.iter().enumerate() {
                if let Some(on) = state.kinds.get_mut(i) {
                    ui.toggle_value(on, kind_title(*kind))
                        .on_hover_text(format!("Show or hide: {}", kind_hint(*kind)));
                }
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
    ui.horizontal(|ui| {
        let label = ui.label("Sort by");
        egui::ComboBox::from_id_salt("actor-sort")
            .selected_text(state.actor_sort.label())
            .show_ui(ui, |ui| {
                for sort in ActorSort::ALL {
                    ui.selectable_value(&mut state.actor_sort, sort, sort.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        let total = view.total;
        if (actors.len() as u64) < total {
            ui.weak(format!(
                "{} of {} (the most mentioned; type a name to find any other)",
                view.rows.len(),
                count(total, "actor")
            ));
        } else {
            ui.weak(format!(
                "{} of {}",
                view.rows.len(),
                count(actors.len() as u64, "actor")
            ));
        }
        if view.marked.len() >= 2 {
            ui.weak("·");
            if ui
                .small_button(format!("Merge {} marked…", view.marked.len()))
                .on_hover_text("Make the marked actors one actor (Ctrl+M)")
                .clicked()
            {
                actions.push(Action::MergeMarked);
            }
            if ui.small_button("Unmark").clicked() {
                let keep = selected.filter(|id| view.marked.contains(id));
                view.marked.clear();
                view.marked.extend(keep);
            }
        }
    });
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
    let mut clicked: Option<(ActorId, egui::Modifiers)> = None;
    let output = area.show_rows(ui, ROW_HEIGHT, view.rows.len(), |ui, range| {
        for &i in view.rows.get(range).unwrap_or_default() {
            let Some(actor) = actors.get(i) else { continue };
            let look = RowLook {
                selected: selected == Some(actor.id),
                marked: view.marked.contains(&actor.id),
                sort: state.actor_sort,
            };
            if row_ui(ui, actor, look, cur) {
                // The modifiers held when the button was released (Ctrl- or Shift-click).
                let modifiers = ui.input(|i| {
                    i.events
                        .iter()
                        .rev()
                        .find_map(|e| match e {
                            egui::Event::PointerButton {
                                pressed: false,
                                modifiers,
                                ..
                            } => Some(*modifiers),
                            _ => None,
                        })
                        .unwrap_or(i.modifiers)
                });
                clicked = Some((actor.id, modifiers));
            }
        }
    });
    if let Some((id, modifiers)) = clicked {
        if modifiers.command {
            view.toggle(id);
        } else if modifiers.shift {
            view.mark_range(actors, id);
        } else {
            actions.push(Action::SelectActor(id));
        }
    }
    let state_id = ui.make_persistent_id("actor-list-offset");
    ui.data_mut(|d| d.insert_temp(state_id, output.state.clamped_offset().y));
}

/// How a row is drawn.
#[derive(Debug, Clone, Copy)]
struct RowLook {
    selected: bool,
    marked: bool,
    sort: ActorSort,
}

/// The number a row shows on the right: the one the list is sorted by.
pub fn row_count(actor: &ActorRow, sort: ActorSort) -> (u64, &'static str) {
    match sort {
        ActorSort::Quotes => (actor.quotes, "quote"),
        ActorSort::Articles => (actor.articles, "article"),
        ActorSort::Mentions | ActorSort::Name | ActorSort::LastSeen => (actor.mentions, "mention"),
    }
}

/// One row: kind badge, name on the left, the number sorted by on the right. Drawn by hand so
/// the whole row is one click target whose accessible name is just the actor's name.
/// Right-click corrects the actor; dragging it onto another row offers to merge the two.
/// Returns true when clicked.
fn row_ui(ui: &mut Ui, actor: &ActorRow, look: RowLook, cur: &mut Curating) -> bool {
    let size = egui::vec2(ui.available_width(), ROW_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
    if response.drag_started() || response.dragged() {
        // Only a dragged row pays for its payload.
        response.dnd_set_drag_payload(DraggedActor(actor.clone()));
    }
    cur.ui.merge_drop_target(&response, actor);
    cur.ui.actor_menu(&response, actor, &[], cur.out);
    let on = look.selected || look.marked;
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, &actor.name));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, on);
        let drop_here = response.dnd_hover_payload::<DraggedActor>().is_some();
        if on || drop_here || response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                3.0,
                visuals.bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        if look.marked && !look.selected {
            // Marked but not the one shown: a bar on the left edge tells them apart.
            let bar = egui::Rect::from_min_size(rect.min, egui::vec2(3.0, rect.height()));
            ui.painter()
                .rect_filled(bar, 1.0, ui.visuals().selection.stroke.color);
        }
        let badge = egui::Rect::from_min_size(
            rect.left_center() - egui::vec2(-4.0, 9.0),
            egui::vec2(18.0, 18.0),
        );
        paint_badge(ui, badge, actor.kind);
        let (n, _) = row_count(actor, look.sort);
        let counts = ui.painter().layout_no_wrap(
            n.to_string(),
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
    let (n, noun) = row_count(actor, look.sort);
    let response = response.on_hover_text(format!(
        "{}\n{}: {} in {}, {}\nSeen {}\nThe number on the right: {}\nRight-click to correct or merge; Ctrl+click or Shift+click to mark several; drag onto another actor to merge",
        actor.name,
        kind_title(actor.kind),
        count(actor.mentions, "mention"),
        count(actor.articles, "article"),
        count(actor.quotes, "quote"),
        date_range(actor.first_seen.as_deref(), actor.last_seen.as_deref()),
        count(n, noun),
    ));
    response.clicked()
}

/// Another actor that may be the same as `actor`: for a person with a one-word name, the one
/// person whose longer name ends with that word ("Castell" and "Amira Castell"); for a longer
/// name, the one person named by its last word alone. `None` when there is no such actor or
/// more than one (then it is not clear which).
pub fn suggest_merge(actors: &[ActorRow], actor: &ActorRow) -> Option<ActorId> {
    if actor.kind != ActorKind::Person {
        return None;
    }
    let words: Vec<String> = actor
        .name
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let last = words.last()?.clone();
    if last.chars().count() < 3 {
        return None;
    }
    let mut found = actors
        .iter()
        .filter(|a| a.id != actor.id && a.kind == ActorKind::Person)
        .filter(|a| {
            let other: Vec<String> = a.name.split_whitespace().map(str::to_lowercase).collect();
            if words.len() == 1 {
                other.len() > 1 && other.last() == Some(&last)
            } else {
                other.len() == 1 && other.first() == Some(&last)
            }
        });
    let first = found.next()?;
    found.next().is_none().then_some(first.id)
}

/// The profile of the selected actor next to the quotes by and about them.
/// Returns the widths of the profile's columns (one when they are stacked).
pub fn profile_ui(
    ui: &mut Ui,
    profile: &ActorProfile,
    timeline: &timeline::Chart,
    suggestion: Option<&ActorRow>,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) -> Vec<f32> {
    let actor = &profile.actor;
    ui.horizontal(|ui| {
        kind_badge(ui, actor.kind);
        let heading = ui
            .add(egui::Label::new(RichText::new(&actor.name).heading()).sense(egui::Sense::click()))
            .on_hover_text(match profile.name_why() {
                Some(why) => {
                    format!(
                        "{why}\nRight-click to rename, add a name, change the kind, split or hide"
                    )
                }
                None => "Right-click to rename, add a name, change the kind, split or hide".into(),
            });
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
    if let Some(other) = suggestion {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "\"{}\" and \"{}\" may be the same person.",
                    actor.name, other.name
                ))
                .color(ui.visuals().warn_fg_color),
            );
            if ui
                .small_button("Merge them…")
                .on_hover_text("Shows both, with their counts, before anything changes")
                .clicked()
            {
                let this = actor.clone();
                cur.ui.confirm_merge(vec![this, other.clone()], None);
            }
        });
    }
    ui.separator();
    let gap = ui.spacing().item_spacing.x;
    if ui.available_width() < 2.0 * COLUMN_MIN + gap {
        // Too narrow for two columns: the facts, then the quotes, in one.
        let width = ui.available_width();
        egui::ScrollArea::vertical()
            .id_salt("profile")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                left_aligned(ui, |ui| {
                    facts_ui(ui, profile, timeline, actions, cur);
                    ui.add_space(10.0);
                    quotes_ui(ui, profile, actions, cur);
                })
            });
        return vec![width];
    }
    let mut widths = Vec::new();
    ui.columns(2, |cols| {
        widths = cols.iter().map(|c| c.available_width()).collect();
        if let [left, right] = cols {
            egui::ScrollArea::vertical()
                .id_salt("profile")
                .auto_shrink([false, false])
                .show(left, |ui| {
                    left_aligned(ui, |ui| facts_ui(ui, profile, timeline, actions, cur))
                });
            egui::ScrollArea::vertical()
                .id_salt("profile-quotes")
                .auto_shrink([false, false])
                .show(right, |ui| {
                    left_aligned(ui, |ui| quotes_ui(ui, profile, actions, cur))
                });
        }
    });
    widths
}

fn facts_ui(
    ui: &mut Ui,
    profile: &ActorProfile,
    timeline: &timeline::Chart,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    ui.strong("Mentions over time");
    timeline::timeline_ui(ui, "actor-timeline", timeline);
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
            let mut hover = match alias.articles {
                0 => String::new(),
                1 => "used in 1 article".to_string(),
                n => format!("used in {n} articles"),
            };
            if let Some(why) = alias.why() {
                if !hover.is_empty() {
                    hover.push('\n');
                }
                hover.push_str(&why);
            }
            let label = ui.label(&alias.alias);
            if !hover.is_empty() {
                label.on_hover_text(hover);
            }
        }
    });
    ui.add_space(6.0);
    ui.strong("Roles");
    if profile.roles.is_empty() {
        ui.weak("No roles found.");
    }
    // A page at a time: an actor named in thousands of articles has a role stated in many.
    paged(
        ui,
        ("actor-roles", profile.actor.id),
        &profile.roles,
        ROLE_PAGE,
        |ui, role| {
            ui.horizontal_wrapped(|ui| {
                let title = match &role.of {
                    Some(of) => format!("{} of {of}", role.title),
                    None => role.title.clone(),
                };
                let hover = match role.why() {
                    Some(why) => format!("{why}\nRight-click to edit or remove this role"),
                    None => "Right-click to edit or remove this role".to_string(),
                };
                let response = ui
                    .add(egui::Label::new(title).sense(egui::Sense::click()))
                    .on_hover_text(hover);
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
        },
    );
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
                "{} · {}",
                count(aff.articles, "article"),
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
                .on_hover_text(format!(
                    "together in {}",
                    count(rel.shared_articles, "article")
                ))
                .clicked()
            {
                actions.push(Action::SelectActor(rel.id));
            }
        }
    });
    ui.add_space(6.0);
    ui.strong(articles_heading(
        profile.articles.len(),
        profile.actor.articles,
        profile.windowed,
    ));
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

/// "Articles (12)", or for an actor or topic named in more articles than a page reads, which
/// ones are listed: "Articles (newest 500 of 104,332; quotes, roles and names from these)".
pub(crate) fn articles_heading(listed: usize, total: u64, windowed: bool) -> String {
    if windowed {
        format!(
            "Articles (newest {listed} of {}; quotes, roles and names from these)",
            thousands(total)
        )
    } else {
        format!("Articles ({listed})")
    }
}

/// 104332 as "104,332".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn quotes_ui(ui: &mut Ui, profile: &ActorProfile, actions: &mut Vec<Action>, cur: &mut Curating) {
    let heading = if profile.windowed {
        format!(
            "Quotes by {} ({} in the newest {} articles; {} in all)",
            profile.actor.name,
            profile.quotes_by.len(),
            profile.articles.len(),
            thousands(profile.actor.quotes)
        )
    } else {
        format!(
            "Quotes by {} ({})",
            profile.actor.name,
            profile.quotes_by.len()
        )
    };
    ui.strong(RichText::new(heading));
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

    #[test]
    fn a_long_article_list_says_which_articles_it_shows() {
        assert_eq!(articles_heading(12, 12, false), "Articles (12)");
        assert_eq!(
            articles_heading(500, 104_332, true),
            "Articles (newest 500 of 104,332; quotes, roles and names from these)"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

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
    fn most_quoted_sorts_and_shows_quotes() {
        let mut actors = actors();
        actors[2].quotes = 7;
        actors[0].quotes = 1;
        let lower: Vec<String> = actors.iter().map(|a| a.name.to_lowercase()).collect();
        let state = Persisted {
            actor_sort: ActorSort::Quotes,
            ..Persisted::default()
        };
        assert_eq!(filter_and_sort(&actors, &lower, &state), vec![2, 0, 1]);
        assert_eq!(row_count(&actors[2], ActorSort::Quotes), (7, "quote"));
        assert_eq!(row_count(&actors[2], ActorSort::Mentions), (3, "mention"));
    }

    #[test]
    fn ctrl_and_shift_clicks_mark_actors() {
        let actors = actors();
        let mut view = ActorListView::default();
        view.update(&actors, &Persisted::default(), 1);
        view.select(1);
        view.toggle(3);
        assert_eq!(view.marked_in_order(&actors), vec![1, 3]);
        view.toggle(3);
        assert_eq!(view.marked_in_order(&actors), vec![1]);
        // Shift+click marks from the last clicked row.
        view.select(1);
        view.mark_range(&actors, 3);
        assert_eq!(view.marked_in_order(&actors), vec![1, 2, 3]);
    }

    #[test]
    fn a_surname_alone_suggests_the_full_name() {
        let mut actors = actors();
        actors.push(actor(4, "Castell", ActorKind::Person, 2));
        assert_eq!(suggest_merge(&actors, &actors[3]), Some(1));
        assert_eq!(suggest_merge(&actors, &actors[0]), Some(4));
        // Two people with that surname: no guess.
        actors.push(actor(5, "Joris Castell", ActorKind::Person, 1));
        assert_eq!(suggest_merge(&actors, &actors[3]), None);
        assert_eq!(suggest_merge(&actors, &actors[1]), None);
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
