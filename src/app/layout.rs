//! How the window is divided at a given width: the list, the main area and the article side by
//! side when they all fit at their minimum widths; below that the main area and the article
//! share one pane with tabs; below that everything does. The person's pane widths are kept
//! and used again whenever they fit.

use eframe::egui;

/// The smallest useful widths (outer, in points) of each pane.
pub const LIST_MIN: f32 = 220.0;
pub const MAIN_MIN: f32 = 300.0;
pub const ARTICLE_MIN: f32 = 320.0;
/// The profile shows two columns (facts, quotes) only when each gets this much.
pub const COLUMN_MIN: f32 = 260.0;
/// The smallest window.
pub const WINDOW_MIN: [f32; 2] = [640.0, 480.0];

/// Which panes are side by side, and their widths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arrangement {
    /// List, main area and (when open) article side by side.
    Side { list: f32, article: Option<f32> },
    /// The list beside one pane that shows the main area or the article, with tabs.
    ListAndTabs { list: f32 },
    /// One pane with tabs for the list, the main area and the article.
    Tabs,
}

/// The pane shown when panes share space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    Lists,
    #[default]
    Details,
    Article,
}

/// The arrangement for a window `width` points wide. `list_pref` and `article_pref` are the
/// widths the person chose; they shrink (never below the minimums) when the window is narrower.
pub fn plan(width: f32, article_open: bool, list_pref: f32, article_pref: f32) -> Arrangement {
    let list_pref = list_pref.max(LIST_MIN);
    let article_pref = article_pref.max(ARTICLE_MIN);
    if article_open && width >= LIST_MIN + MAIN_MIN + ARTICLE_MIN {
        // The list gives way before the article does: reading needs the width more.
        let article = article_pref.min(width - LIST_MIN - MAIN_MIN);
        let list = list_pref.min(width - article - MAIN_MIN);
        return Arrangement::Side {
            list,
            article: Some(article),
        };
    }
    if width >= LIST_MIN + MAIN_MIN {
        let list = list_pref.min(width - MAIN_MIN);
        return if article_open {
            Arrangement::ListAndTabs { list }
        } else {
            Arrangement::Side {
                list,
                article: None,
            }
        };
    }
    Arrangement::Tabs
}

/// A pane's width as drawn, for the layout test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaneWidth {
    pub name: &'static str,
    pub width: f32,
    pub min: f32,
}

/// A draggable divider on the vertical edge at `x` between `top` and `bottom`; dragging it
/// changes `width` by the horizontal movement times `sign` (+1 when the pane is on the left of
/// the edge, -1 when on its right). Returns true while it is dragged.
pub fn divider(
    ui: &mut egui::Ui,
    id: &str,
    x: f32,
    top: f32,
    bottom: f32,
    sign: f32,
    width: &mut f32,
) -> bool {
    let rect = egui::Rect::from_min_max(egui::pos2(x - 3.0, top), egui::pos2(x + 3.0, bottom));
    let response = ui.interact(rect, egui::Id::unique(("divider", id)), egui::Sense::drag());
    if response.hovered() || response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        let stroke = ui.visuals().widgets.hovered.fg_stroke;
        ui.painter()
            .vline(x, egui::Rangef::new(top, bottom), stroke);
    }
    if response.dragged() {
        *width += sign * response.drag_delta().x;
    }
    response.dragged()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(a: Arrangement, width: f32) -> Vec<(f32, f32)> {
        match a {
            Arrangement::Side { list, article } => {
                let main = width - list - article.unwrap_or(0.0);
                let mut v = vec![(list, LIST_MIN), (main, MAIN_MIN)];
                v.extend(article.map(|a| (a, ARTICLE_MIN)));
                v
            }
            Arrangement::ListAndTabs { list } => vec![(list, LIST_MIN), (width - list, MAIN_MIN)],
            Arrangement::Tabs => vec![(width, 0.0)],
        }
    }

    #[test]
    fn no_pane_is_narrower_than_its_minimum_at_any_width() {
        for width in (640..=3840).step_by(20) {
            let width = width as f32;
            for open in [false, true] {
                for (lp, ap) in [(100.0, 100.0), (300.0, 520.0), (2000.0, 2000.0)] {
                    let a = plan(width, open, lp, ap);
                    for (w, min) in widths(a, width) {
                        assert!(w >= min, "{width} {open} {lp} {ap}: {a:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn chosen_widths_come_back_when_the_window_grows() {
        assert_eq!(
            plan(1920.0, true, 300.0, 700.0),
            Arrangement::Side {
                list: 300.0,
                article: Some(700.0)
            }
        );
        assert!(matches!(
            plan(900.0, true, 300.0, 700.0),
            Arrangement::Side { .. }
        ));
        assert_eq!(
            plan(640.0, true, 300.0, 700.0),
            Arrangement::ListAndTabs { list: 300.0 }
        );
        assert_eq!(plan(500.0, true, 300.0, 700.0), Arrangement::Tabs);
        assert_eq!(
            plan(1920.0, true, 300.0, 700.0),
            Arrangement::Side {
                list: 300.0,
                article: Some(700.0)
            }
        );
    }
}
