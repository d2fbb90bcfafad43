//! The article view: the text with actor mentions (coloured by kind) and quotes (tinted)
//! highlighted through one `LayoutJob` whose sections follow the stored byte spans. Clicking a
//! mention opens that actor's profile; clicking a quote highlights its sentence; a jump from
//! elsewhere scrolls to the sentence once.

use eframe::egui::{self, Color32, FontId, Stroke, TextFormat, Ui, text::LayoutJob};

use crate::model::Span;
use std::collections::HashMap;

use crate::store::{ActorId, ActorRow, ArticleDetail, MentionRow, QuoteRow};

use super::widgets::{QUOTE_PAGE, actor_chip, focus_bg, kind_color, paged, quote_bg, quote_card};
use super::{Action, Curating};

/// Per-article view state: the highlighted span and whether to scroll to it.
#[derive(Debug, Default)]
pub struct ArticleViewState {
    pub focus: Option<Span>,
    pub scroll_pending: bool,
    /// The actor whose correction menu was opened on a mention in the text.
    pub menu_actor: Option<ActorId>,
}

/// What a byte of the text belongs to, for styling.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    mention: Option<usize>,
    quote: bool,
    focus: bool,
}

/// Cut points where the style can change: starts and ends of every span that fits the text, on
/// char boundaries, sorted and unique, including 0 and the text length.
fn boundaries(text: &str, spans: impl Iterator<Item = Span>) -> Vec<usize> {
    let mut cuts = vec![0, text.len()];
    for span in spans {
        for at in [span.start, span.end] {
            if at <= text.len() && text.is_char_boundary(at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

fn valid(text: &str, span: Span) -> bool {
    span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// How the text is drawn: font, base colour, theme and wrap width.
#[derive(Debug, Clone)]
pub struct Look {
    pub font: FontId,
    pub base: Color32,
    pub dark: bool,
    pub wrap_width: f32,
}

/// Builds the highlighted layout of `text`. The job's text is exactly `text`, so byte offsets
/// into one are byte offsets into the other.
pub fn layout_job(
    text: &str,
    mentions: &[MentionRow],
    quotes: &[QuoteRow],
    focus: Option<Span>,
    look: &Look,
) -> LayoutJob {
    let Look {
        font,
        base,
        dark,
        wrap_width,
    } = look.clone();
    let mention_spans: Vec<Span> = mentions.iter().map(|m| Span::new(m.start, m.end)).collect();
    let quote_spans: Vec<Span> = quotes.iter().map(|q| Span::new(q.start, q.end)).collect();
    let cuts = boundaries(
        text,
        mention_spans
            .iter()
            .chain(quote_spans.iter())
            .copied()
            .chain(focus),
    );
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    for pair in cuts.windows(2) {
        let (start, end) = match pair {
            [a, b] if a < b => (*a, *b),
            _ => continue,
        };
        let Some(piece) = text.get(start..end) else {
            continue;
        };
        let here = Span::new(start, end);
        let style = Style {
            mention: mention_spans
                .iter()
                .position(|m| valid(text, *m) && m.contains(&here)),
            quote: quote_spans
                .iter()
                .any(|q| valid(text, *q) && q.contains(&here)),
            focus: focus.is_some_and(|f| valid(text, f) && f.contains(&here)),
        };
        let mut format = TextFormat::simple(font.clone(), base);
        if style.quote {
            format.background = quote_bg(dark);
        }
        if style.focus {
            format.background = focus_bg(dark);
        }
        if let Some(m) = style.mention.and_then(|i| mentions.get(i)) {
            format.color = kind_color(m.kind, dark);
            format.underline = Stroke::new(1.0, kind_color(m.kind, dark));
        }
        job.append(piece, 0.0, format);
    }
    job
}

/// Byte offset of the `chars`-th char of `text` (the text length past the end).
pub fn byte_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// The mention under byte offset `at`, if any.
fn mention_at(mentions: &[MentionRow], at: usize) -> Option<&MentionRow> {
    mentions.iter().find(|m| m.start <= at && at < m.end)
}

/// The quote under byte offset `at`, if any.
fn quote_at(quotes: &[QuoteRow], at: usize) -> Option<&QuoteRow> {
    quotes.iter().find(|q| q.start <= at && at < q.end)
}

/// The cached actor rows with an index by id, for the correction menus on mentions.
pub struct Actors<'a> {
    pub rows: &'a [ActorRow],
    pub index: &'a HashMap<ActorId, usize>,
}

impl Actors<'_> {
    /// The row of actor `id`, if it is listed.
    pub fn get(&self, id: ActorId) -> Option<&ActorRow> {
        self.index.get(&id).and_then(|&i| self.rows.get(i))
    }
}

/// Draws the article: header, highlighted text, then the quotes and the actors named in it.
pub fn article_ui(
    ui: &mut Ui,
    detail: &ArticleDetail,
    view: &mut ArticleViewState,
    text_size: f32,
    actors: &Actors,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    let article = &detail.article;
    ui.horizontal(|ui| {
        if ui
            .button("Close article")
            .on_hover_text("Hide the article view")
            .clicked()
        {
            actions.push(Action::CloseArticle);
        }
    });
    ui.heading(article.display_title());
    let mut meta = Vec::new();
    meta.push(article.date.clone().unwrap_or_else(|| "undated".into()));
    if let Some(source) = &article.source {
        meta.push(source.clone());
    }
    if let Some(author) = &article.author {
        meta.push(format!("by {author}"));
    }
    meta.push(article.file_name.clone());
    ui.weak(meta.join(" · "));
    ui.horizontal_wrapped(|ui| {
        ui.label("Topics:");
        for topic in &detail.topics {
            let response = ui.link(&topic.label).on_hover_text(format!(
                "because of: {}\nRight-click to remove it from this article",
                topic.evidence.join(", ")
            ));
            cur.ui
                .article_topic_menu(&response, article.id, &topic.key, cur.out);
            if response.clicked() {
                actions.push(Action::SelectTopic(topic.topic_id));
            }
        }
        cur.ui.add_topic_button(ui, article.id);
    });
    ui.weak("Coloured words are actors (click to see their profile); tinted passages are quotes.");
    ui.separator();

    egui::ScrollArea::vertical()
        .id_salt(("article-text", article.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let dark = ui.visuals().dark_mode;
            let job = layout_job(
                &detail.text,
                &detail.mentions,
                &detail.quotes,
                view.focus,
                &Look {
                    font: FontId::proportional(text_size),
                    base: ui.visuals().text_color(),
                    dark,
                    wrap_width: ui.available_width(),
                },
            );
            let (pos, galley, response) = egui::Label::new(job)
                .sense(egui::Sense::click())
                .selectable(false)
                .layout_in_ui(ui);
            ui.painter()
                .galley(pos, galley.clone(), ui.visuals().text_color());
            let at_pointer = |p: egui::Pos2| {
                let cursor = galley.cursor_from_pos(p - pos);
                byte_of_char(&detail.text, cursor.index.0)
            };
            if let Some(p) = response.hover_pos() {
                let at = at_pointer(p);
                if let Some(m) = mention_at(&detail.mentions, at) {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                    response.clone().on_hover_text_at_pointer(format!(
                        "{} ({}): click to open the profile",
                        m.actor_name,
                        m.kind.label()
                    ));
                } else if let Some(q) = quote_at(&detail.quotes, at) {
                    response.clone().on_hover_text_at_pointer(format!(
                        "Quote by {}",
                        q.speaker.as_deref().unwrap_or("an unknown speaker")
                    ));
                }
            }
            if response.secondary_clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                view.menu_actor = mention_at(&detail.mentions, at_pointer(p)).map(|m| m.actor_id);
            }
            if let Some(row) = view.menu_actor.and_then(|id| actors.get(id)) {
                cur.ui.actor_menu(&response, row, &[], cur.out);
            }
            if response.clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                let at = at_pointer(p);
                if let Some(m) = mention_at(&detail.mentions, at) {
                    actions.push(Action::SelectActor(m.actor_id));
                } else if let Some(q) = quote_at(&detail.quotes, at) {
                    view.focus = Some(Span::new(q.sentence_start, q.sentence_end));
                }
            }
            if view.scroll_pending {
                view.scroll_pending = false;
                if let Some(focus) = view.focus.filter(|f| valid(&detail.text, *f)) {
                    let chars = detail
                        .text
                        .get(..focus.start)
                        .map_or(0, |s| s.chars().count());
                    let rect = galley
                        .pos_from_cursor(egui::text::CCursor::new(chars))
                        .translate(pos.to_vec2());
                    ui.scroll_to_rect(rect, Some(egui::Align::Center));
                }
            }

            ui.add_space(12.0);
            ui.separator();
            ui.strong(format!("Quotes in this article ({})", detail.quotes.len()));
            paged(
                ui,
                ("article-quotes", article.id),
                &detail.quotes,
                QUOTE_PAGE,
                |ui, quote| quote_card(ui, quote, actions, cur),
            );
            ui.add_space(8.0);
            ui.strong("Named in this article");
            let mut seen = std::collections::BTreeSet::new();
            ui.horizontal_wrapped(|ui| {
                for m in &detail.mentions {
                    if !seen.insert(m.actor_id) {
                        continue;
                    }
                    let response = actor_chip(ui, m.kind, &m.actor_name)
                        .on_hover_text("Open this actor's profile; right-click to correct it");
                    if let Some(row) = actors.get(m.actor_id) {
                        cur.ui.actor_menu(&response, row, &[], cur.out);
                    }
                    if response.clicked() {
                        actions.push(Action::SelectActor(m.actor_id));
                    }
                }
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;

    fn mention(start: usize, end: usize) -> MentionRow {
        MentionRow {
            actor_id: 7,
            actor_name: "Zoë".into(),
            kind: ActorKind::Person,
            start,
            end,
        }
    }

    #[test]
    fn the_layout_keeps_the_text_and_cuts_at_spans() {
        let text = "Zoë said: “fine”. Later.";
        let zoe = mention(0, "Zoë".len());
        let job = layout_job(
            text,
            &[zoe],
            &[],
            Some(Span::new(0, text.find('.').unwrap_or(0) + "”.".len())),
            &Look {
                font: FontId::proportional(14.0),
                base: Color32::WHITE,
                dark: true,
                wrap_width: 300.0,
            },
        );
        assert_eq!(job.text, text);
        assert!(job.sections.len() >= 3, "{:?}", job.sections.len());
    }

    #[test]
    fn spans_off_char_boundaries_or_past_the_end_are_ignored() {
        let text = "Zoë";
        // 3 is inside the two-byte 'ë'; 99 is past the end.
        let job = layout_job(
            text,
            &[mention(3, 99), mention(0, 3)],
            &[],
            None,
            &Look {
                font: FontId::proportional(14.0),
                base: Color32::WHITE,
                dark: false,
                wrap_width: 300.0,
            },
        );
        assert_eq!(job.text, text);
    }

    #[test]
    fn char_positions_map_to_byte_offsets() {
        assert_eq!(byte_of_char("aëb", 0), 0);
        assert_eq!(byte_of_char("aëb", 2), 3);
        assert_eq!(byte_of_char("aëb", 9), 4);
        let ms = [mention(0, 3)];
        assert!(mention_at(&ms, 2).is_some());
        assert!(mention_at(&ms, 3).is_none());
    }
}
