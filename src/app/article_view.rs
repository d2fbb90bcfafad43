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

/// Per-article view state: the highlighted span, the search hits, and whether to scroll.
#[derive(Debug, Default)]
pub struct ArticleViewState {
    pub focus: Option<Span>,
    pub scroll_pending: bool,
    /// The actor whose correction menu was opened on a mention in the text.
    pub menu_actor: Option<ActorId>,
    /// The search the article was opened from, if any.
    pub search: Option<String>,
    /// Where the search's words (or phrases) occur in the text, in order.
    pub hits: Vec<Span>,
    /// The hit F3 went to last.
    pub hit: Option<usize>,
}

impl ArticleViewState {
    /// Finds the hits of the search in `text` (after the header, which is not shown) and goes
    /// to the first.
    pub fn find_hits(&mut self, text: &str, body_start: usize) {
        self.hits = self
            .search
            .as_deref()
            .map(|q| search_hits(text, q))
            .unwrap_or_default()
            .into_iter()
            .filter(|h| h.start >= shown_from(text, body_start, None))
            .collect();
        self.hit = (!self.hits.is_empty()).then_some(0);
        self.scroll_pending = self.hit.is_some();
    }

    /// Goes `delta` hits forward (or back), wrapping around.
    pub fn step_hit(&mut self, delta: isize) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        let at = self
            .hit
            .map_or(0, |h| (h as isize + delta).rem_euclid(n as isize) as usize);
        self.hit = Some(at);
        self.scroll_pending = true;
    }

    /// Where to scroll: the current search hit, else the highlighted span.
    fn scroll_target(&self) -> Option<Span> {
        self.hit
            .and_then(|h| self.hits.get(h).copied())
            .or(self.focus)
    }
}

/// Byte ranges of the runs of letters and digits in `text`.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Where the words and phrases of the search `query` occur in `text`, matched as the search
/// matches them (case and accents do not count; a phrase's words follow each other).
pub fn search_hits(text: &str, query: &str) -> Vec<Span> {
    let Some(query) = crate::query::SearchQuery::parse(query) else {
        return Vec::new();
    };
    let words: Vec<(usize, usize, String)> = word_ranges(text)
        .into_iter()
        .filter_map(|(s, e)| {
            let folded = crate::query::tokens(text.get(s..e)?).next()?;
            Some((s, e, folded))
        })
        .collect();
    let mut hits = Vec::new();
    for group in &query.groups {
        let n = group.len();
        if n == 0 || words.len() < n {
            continue;
        }
        for i in 0..=words.len() - n {
            let run = words.get(i..i + n).unwrap_or_default();
            if run.iter().zip(group).all(|(w, g)| &w.2 == g)
                && let (Some(first), Some(last)) = (run.first(), run.last())
            {
                hits.push(Span::new(first.0, last.1));
            }
        }
    }
    hits.sort_by_key(|h| (h.start, h.end));
    hits.dedup();
    hits
}

/// Where the shown text starts: after the header lines (a ` date ...` line, a headline), which
/// the article header shows instead, unless `focus` starts before that. Offsets into the text
/// are unchanged: the view draws `text[from..]` and adds `from` back.
pub fn shown_from(text: &str, body_start: usize, focus: Option<Span>) -> usize {
    let mut from = body_start.min(text.len());
    if let Some(f) = focus {
        from = from.min(f.start);
    }
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    from
}

/// What a byte of the text belongs to, for styling.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    mention: Option<usize>,
    quote: bool,
    focus: bool,
    /// 1 for a search hit, 2 for the current one.
    hit: u8,
}

/// The highlights laid over the text: the focused sentence and the search hits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks<'a> {
    pub focus: Option<Span>,
    pub hits: &'a [Span],
    pub current: Option<usize>,
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
/// Only `text[from..]` is laid out (the header before it is shown apart); byte offsets into
/// the job are offsets into `text` minus `from`.
pub fn layout_job(
    text: &str,
    from: usize,
    mentions: &[MentionRow],
    quotes: &[QuoteRow],
    marks: &Marks,
    look: &Look,
) -> LayoutJob {
    let focus = marks.focus;
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
            .chain(focus)
            .chain(marks.hits.iter().copied())
            .chain([Span::new(from, from)]),
    );
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    for pair in cuts.windows(2) {
        let (start, end) = match pair {
            [a, b] if a < b && *a >= from => (*a, *b),
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
            hit: match marks.hits.iter().position(|h| h.contains(&here)) {
                Some(i) if Some(i) == marks.current => 2,
                Some(_) => 1,
                None => 0,
            },
        };
        let mut format = TextFormat::simple(font.clone(), base);
        if style.quote {
            format.background = quote_bg(dark);
        }
        if style.focus {
            format.background = focus_bg(dark);
        }
        match style.hit {
            2 => format.background = hit_bg(dark, true),
            1 => format.background = hit_bg(dark, false),
            _ => {}
        }
        if let Some(m) = style.mention.and_then(|i| mentions.get(i)) {
            format.color = kind_color(m.kind, dark);
            format.underline = Stroke::new(1.0, kind_color(m.kind, dark));
        }
        job.append(piece, 0.0, format);
    }
    job
}

/// Background of a search hit in the text (stronger for the current one).
fn hit_bg(dark: bool, current: bool) -> Color32 {
    match (dark, current) {
        (true, true) => Color32::from_rgb(160, 110, 0),
        (true, false) => Color32::from_rgb(90, 70, 10),
        (false, true) => Color32::from_rgb(255, 170, 40),
        (false, false) => Color32::from_rgb(255, 230, 150),
    }
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
        if let Some(query) = view.search.clone() {
            ui.separator();
            let n = view.hits.len();
            let at = view.hit.map_or(0, |h| h + 1);
            ui.label(match n {
                0 => format!("No hits for “{}” in the text", query.trim_matches('"')),
                _ => format!("Hit {at} of {n}"),
            });
            if ui
                .add_enabled(n > 0, egui::Button::new("Previous"))
                .on_hover_text("Previous search hit (Shift+F3)")
                .clicked()
            {
                view.step_hit(-1);
            }
            if ui
                .add_enabled(n > 0, egui::Button::new("Next"))
                .on_hover_text("Next search hit (F3)")
                .clicked()
            {
                view.step_hit(1);
            }
        }
    });
    // The stored headline and metadata make the header; the text below starts after them.
    ui.heading(article.display_title());
    let mut meta = Vec::new();
    meta.push(article.date.clone().unwrap_or_else(|| "undated".into()));
    if let Some(author) = article.author.as_deref().filter(|a| !a.trim().is_empty()) {
        meta.push(format!("by {author}"));
    }
    if let Some(source) = article.source.as_deref().filter(|s| !s.trim().is_empty()) {
        meta.push(source.to_owned());
    }
    if let Some(language) = article.language.as_deref().filter(|l| !l.trim().is_empty()) {
        meta.push(format!("language: {language}"));
    }
    ui.label(meta.join(" · "));
    ui.horizontal(|ui| {
        if let Some(url) = article.url.as_deref().filter(|u| !u.trim().is_empty()) {
            ui.add(egui::Hyperlink::from_label_and_url(url, url).open_in_new_tab(true))
                .on_hover_text("Open the original page in the web browser");
            ui.weak("·");
        }
        ui.weak(&article.file_name)
            .on_hover_text("The file this article was imported from");
    });
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
            let from = shown_from(&detail.text, detail.body_start, view.focus);
            let shown = detail.text.get(from..).unwrap_or_default();
            let job = layout_job(
                &detail.text,
                from,
                &detail.mentions,
                &detail.quotes,
                &Marks {
                    focus: view.focus,
                    hits: &view.hits,
                    current: view.hit,
                },
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
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, shown));
            let at_pointer = |p: egui::Pos2| {
                let cursor = galley.cursor_from_pos(p - pos);
                from + byte_of_char(shown, cursor.index.0)
            };
            if let Some(p) = response.hover_pos() {
                let at = at_pointer(p);
                if let Some(m) = mention_at(&detail.mentions, at) {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                    let mut hover = format!(
                        "{} ({}): click to open the profile",
                        m.actor_name,
                        m.kind.label()
                    );
                    if let Some(why) = m.why() {
                        hover.push('\n');
                        hover.push_str(&why);
                    }
                    response.clone().on_hover_text_at_pointer(hover);
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
                if let Some(target) = view
                    .scroll_target()
                    .filter(|f| valid(&detail.text, *f) && f.start >= from)
                {
                    let chars = detail
                        .text
                        .get(from..target.start)
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
            rule: None,
            corrected: false,
        }
    }

    #[test]
    fn the_layout_keeps_the_text_and_cuts_at_spans() {
        let text = "Zoë said: “fine”. Later.";
        let zoe = mention(0, "Zoë".len());
        let job = layout_job(
            text,
            0,
            &[zoe],
            &[],
            &Marks {
                focus: Some(Span::new(0, text.find('.').unwrap_or(0) + "”.".len())),
                ..Marks::default()
            },
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
            0,
            &[mention(3, 99), mention(0, 3)],
            &[],
            &Marks::default(),
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
    fn the_header_line_is_left_out_and_offsets_stay() {
        let text = " date 2025-04-01\nHarbour talks\nZoë said the talks resume.";
        let body = text.find("Zoë").unwrap_or(0);
        let zoe = mention(body, body + "Zoë".len());
        let job = layout_job(
            text,
            shown_from(text, body, None),
            &[zoe],
            &[],
            &Marks::default(),
            &Look {
                font: FontId::proportional(14.0),
                base: Color32::WHITE,
                dark: false,
                wrap_width: 300.0,
            },
        );
        assert_eq!(job.text, "Zoë said the talks resume.");
        // A highlight that starts in the header shows the header too.
        assert_eq!(shown_from(text, body, Some(Span::new(1, 5))), 1);
    }

    #[test]
    fn search_hits_follow_words_and_phrases() {
        let text = "The Harbour talks. Talks on the harbour; harbour-talks resumed.";
        let hits = search_hits(text, "talks");
        assert_eq!(hits.len(), 3);
        let phrase = search_hits(text, "\"harbour talks\"");
        let found: Vec<&str> = phrase.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, vec!["Harbour talks", "harbour-talks"]);
        let mut view = ArticleViewState {
            search: Some("talks".into()),
            ..ArticleViewState::default()
        };
        view.find_hits(text, 0);
        assert_eq!(view.hit, Some(0));
        view.step_hit(-1);
        assert_eq!(view.hit, Some(2));
        view.step_hit(1);
        assert_eq!(view.hit, Some(0));
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
