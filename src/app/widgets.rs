//! Small pieces the panels share: kind colours and badges, quote cards, date helpers.

use eframe::egui::{self, Color32, RichText, Sense, Ui};

use crate::model::{ActorKind, Span};
use crate::store::QuoteRow;

use super::{Action, Curating};

/// The colour of an actor kind, readable on both dark and light backgrounds.
pub fn kind_color(kind: ActorKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (ActorKind::Person, true) => Color32::from_rgb(110, 170, 255),
        (ActorKind::Person, false) => Color32::from_rgb(20, 90, 200),
        (ActorKind::Org, true) => Color32::from_rgb(240, 160, 80),
        (ActorKind::Org, false) => Color32::from_rgb(180, 90, 0),
        (ActorKind::Gpe, true) => Color32::from_rgb(110, 210, 130),
        (ActorKind::Gpe, false) => Color32::from_rgb(20, 130, 50),
        (ActorKind::Loc, true) => Color32::from_rgb(200, 150, 240),
        (ActorKind::Loc, false) => Color32::from_rgb(120, 60, 170),
    }
}

/// One letter that stands for a kind inside its badge.
pub fn kind_letter(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "P",
        ActorKind::Org => "O",
        ActorKind::Gpe => "C",
        ActorKind::Loc => "L",
    }
}

/// A kind's name in the UI ("Person", "Organisation", ...).
pub fn kind_title(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        ActorKind::Org => "Organisation",
        ActorKind::Gpe => "Country or city",
        ActorKind::Loc => "Other place",
    }
}

/// What a kind covers, for tooltips.
pub fn kind_hint(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "People, named or described by their role",
        ActorKind::Org => {
            "Organisations: governments' bodies, parties, armed groups, companies, agencies"
        }
        ActorKind::Gpe => "Countries, states, cities and towns: places with a government",
        ActorKind::Loc => "Other places: regions, rivers, mountains, borders, neighbourhoods",
    }
}

/// A small coloured badge with the kind's letter (an icon drawn with shapes, so it needs no
/// emoji font); the tooltip names the kind.
pub fn kind_badge(ui: &mut Ui, kind: ActorKind) -> egui::Response {
    let size = egui::vec2(18.0, 18.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    if ui.is_rect_visible(rect) {
        paint_badge(ui, rect, kind);
    }
    response.on_hover_text(format!("{}: {}", kind_title(kind), kind_hint(kind)))
}

/// A badge and a link that wrap as one unit in a `horizontal_wrapped` ui: when both do not fit
/// on the current row, the row ends first, so a name never lands on a line without its badge.
pub fn actor_chip(ui: &mut Ui, kind: ActorKind, name: &str) -> egui::Response {
    let text_width = ui
        .painter()
        .layout_no_wrap(
            name.to_owned(),
            egui::TextStyle::Body.resolve(ui.style()),
            Color32::WHITE,
        )
        .size()
        .x;
    let needed = 18.0 + ui.spacing().item_spacing.x + text_width;
    let left = ui.max_rect().left();
    let x = ui.cursor().min.x;
    if x > left + 1.0 && x + needed > ui.max_rect().right() {
        ui.end_row();
    }
    kind_badge(ui, kind);
    // The name itself must not wrap either.
    let wrap = ui.style().wrap_mode;
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    let response = ui.link(name);
    ui.style_mut().wrap_mode = wrap;
    response
}

/// Lays out `add` top-down and left-aligned. `ui.columns` hands out justified columns, in which
/// wrapped text is stretched to both edges; prose reads better ragged.
pub fn left_aligned<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), add)
        .inner
}

/// Paints a kind badge into `rect` (for rows drawn by hand).
pub fn paint_badge(ui: &Ui, rect: egui::Rect, kind: ActorKind) {
    let dark = ui.visuals().dark_mode;
    ui.painter()
        .rect_filled(rect.shrink(1.0), 4.0, kind_color(kind, dark));
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        kind_letter(kind),
        egui::FontId::proportional(11.0),
        if dark { Color32::BLACK } else { Color32::WHITE },
    );
}

/// How many quote cards a list shows before "Show more".
pub const QUOTE_PAGE: usize = 10;

/// How many article links a list shows before "Show more".
pub const ARTICLE_PAGE: usize = 30;

/// Roles shown at first in a profile; more on request.
pub const ROLE_PAGE: usize = 20;

/// Draws the first `page` items, and a "Show more" button that adds a page each click. Long
/// lists cost layout time every frame even when scrolled out of view, so they grow on demand.
/// A list that has just appeared (a profile or a search that arrived) is laid out over a few
/// frames, a third of a page at a time, so no single frame pays for every new line of text.
/// `key` must differ per list and per owner (actor, topic, article).
pub fn paged<T>(
    ui: &mut Ui,
    key: impl std::hash::Hash + std::fmt::Debug,
    items: &[T],
    page: usize,
    mut item_ui: impl FnMut(&mut Ui, &T),
) {
    let id = egui::Id::unique(key);
    let shown_id = id.with("shown");
    let limit = ui.data(|d| d.get_temp::<usize>(id)).unwrap_or(page);
    let wanted = limit.min(items.len());
    let before = ui.data(|d| d.get_temp::<usize>(shown_id)).unwrap_or(0);
    let shown = reveal_step(before, wanted, page);
    if shown != before {
        ui.data_mut(|d| d.insert_temp(shown_id, shown));
    }
    if shown < wanted {
        ui.ctx().request_repaint();
    }
    for item in items.iter().take(shown) {
        item_ui(ui, item);
    }
    if items.len() > limit && shown == wanted {
        let more = (items.len() - limit).min(page);
        if ui
            .button(format!(
                "Show {more} more (of {} left)",
                items.len() - limit
            ))
            .clicked()
        {
            ui.data_mut(|d| d.insert_temp(id, limit + page));
        }
    }
}

/// How many of `wanted` items to lay out this frame when `before` were laid out last frame:
/// at most a third of a page (and at least 4) more each frame, and never more than wanted.
pub fn reveal_step(before: usize, wanted: usize, page: usize) -> usize {
    let step = (page / 3).max(4);
    wanted.min(before.saturating_add(step))
}

/// Background tint for quotes in the article text.
pub fn quote_bg(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(90, 90, 40, 110)
    } else {
        Color32::from_rgb(255, 246, 200)
    }
}

/// Background for the sentence the reader jumped to.
pub fn focus_bg(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(120, 80, 20)
    } else {
        Color32::from_rgb(255, 214, 120)
    }
}

/// Draws one quote with its speaker, date and article; clicking the text or "Show in article"
/// asks to open the article at the quote's sentence; right-clicking the text corrects it.
pub fn quote_card(ui: &mut Ui, quote: &QuoteRow, actions: &mut Vec<Action>, cur: &mut Curating) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = if quote.direct {
                RichText::new(&quote.text)
            } else {
                RichText::new(&quote.text).italics()
            };
            let response = ui
                .add(egui::Label::new(text).sense(Sense::click()))
                .on_hover_text(
                    "Click to read this quote in its article; right-click to correct it",
                );
            cur.ui.quote_menu(&response, quote, cur.out);
            let clicked = response.clicked();
            ui.horizontal_wrapped(|ui| {
                let speaker = quote.speaker.as_deref().unwrap_or("unknown speaker");
                if let Some(id) = quote.speaker_id {
                    if ui
                        .link(speaker)
                        .on_hover_text("Show this speaker's profile")
                        .clicked()
                    {
                        actions.push(Action::SelectActor(id));
                    }
                } else {
                    ui.label(RichText::new(speaker).strong());
                }
                if let Some(cue) = &quote.cue {
                    ui.weak(cue);
                }
                ui.weak(if quote.direct {
                    "(direct)"
                } else {
                    "(reported)"
                });
                ui.weak("·");
                ui.weak(quote.date.as_deref().unwrap_or("undated"));
                ui.weak("·");
                ui.weak(&quote.article_title);
            });
            // Why Dossier believes it: the rule that found the quote, or your correction.
            if let Some(why) = quote.why() {
                ui.label(RichText::new(why).small().weak());
            }
            let show = ui
                .small_button("Show in article")
                .on_hover_text("Open the article and highlight the sentence this quote comes from")
                .clicked();
            if clicked || show {
                actions.push(Action::OpenArticle {
                    id: quote.article_id,
                    focus: Some(Span::new(quote.sentence_start, quote.sentence_end)),
                });
            }
        });
}

/// Days since 1970-01-01 of an ISO `YYYY-MM-DD` date (proleptic Gregorian), `None` when it is
/// not one.
pub fn days_from_iso(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The ISO date of a day count from [`days_from_iso`].
pub fn iso_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// "1 article", "2 articles": a count with its noun.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A file size for people: "850 KB", "12.3 MB", "4.2 GB".
pub fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} KB", (b / 1e3).max(1.0))
    }
}

/// "first – last" for a pair of optional dates.
pub fn date_range(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_owned(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) | (None, Some(a)) => a.to_owned(),
        (None, None) => "undated".to_owned(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn lists_grow_over_a_few_frames_and_stop_at_what_is_wanted() {
        // A page of 30 appears as 10, 20, 30.
        assert_eq!(reveal_step(0, 30, 30), 10);
        assert_eq!(reveal_step(10, 30, 30), 20);
        assert_eq!(reveal_step(20, 30, 30), 30);
        assert_eq!(reveal_step(30, 30, 30), 30);
        // Small pages still grow by at least 4; short lists stop at their length.
        assert_eq!(reveal_step(0, 10, 10), 4);
        assert_eq!(reveal_step(0, 2, 10), 2);
        // A list that became shorter (an item was removed) shrinks at once.
        assert_eq!(reveal_step(30, 12, 30), 12);
    }

    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(days_from_iso("2000-03-01"), Some(11_017));
        for date in ["2021-11-08", "2024-02-29", "1999-12-31", "2100-01-01"] {
            let days = days_from_iso(date).expect("a date");
            assert_eq!(iso_from_days(days), date);
        }
        assert_eq!(days_from_iso("2021-13-01"), None);
        assert_eq!(days_from_iso("soon"), None);
        assert_eq!(days_from_iso("2021-1"), None);
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "article"), "1 article");
        assert_eq!(count(0, "quote"), "0 quotes");
        assert_eq!(count(12, "topic"), "12 topics");
    }

    #[test]
    fn date_ranges_read_naturally() {
        assert_eq!(
            date_range(Some("2021-01-01"), Some("2021-01-01")),
            "2021-01-01"
        );
        assert_eq!(
            date_range(Some("2021-01-01"), Some("2021-02-01")),
            "2021-01-01 – 2021-02-01"
        );
        assert_eq!(date_range(None, None), "undated");
    }
}
