//! Full-text search: the query box (left panel) and the results with snippets (main area).

use std::time::Duration;

use eframe::egui::{self, Color32, FontId, TextFormat, Ui, text::LayoutJob};

use crate::store::SearchHit;

use super::Action;
use super::widgets::paged;

/// The latest results the worker sent.
#[derive(Debug, Default)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub took: Duration,
}

/// Id of the search box, so Ctrl+F can focus it.
pub fn search_box_id() -> egui::Id {
    egui::Id::unique("search-box")
}

/// The search box. Returns true when the query changed (the caller sends it to the worker).
pub fn search_box_ui(ui: &mut Ui, query: &mut String) -> bool {
    let response = ui
        .add(
            egui::TextEdit::singleline(query)
                .id(search_box_id())
                .hint_text("Search articles (Ctrl+F)")
                .desired_width(f32::INFINITY),
        )
        .on_hover_text("Words must all appear; put a phrase in \"double quotes\"");
    ui.weak("All words must appear. Use \"double quotes\" for a phrase.");
    response.changed()
}

/// Splits a store snippet (matches between `[` and `]`) into plain and matched pieces.
pub fn snippet_pieces(snippet: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = snippet;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        if !before.is_empty() {
            out.push((false, before));
        }
        let inner = after.get(1..).unwrap_or("");
        match inner.find(']') {
            Some(close) => {
                out.push((true, inner.get(..close).unwrap_or("")));
                rest = inner.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push((false, after));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// "1 result for ...", "12 results for ...", or, when the list stops at the limit, "The best 200
/// results for ...".
fn results_heading(hits: usize, query: &str) -> String {
    match hits {
        1 => format!("1 result for “{query}”"),
        n if n >= super::worker::SEARCH_LIMIT => format!("The best {n} results for “{query}”"),
        n => format!("{n} results for “{query}”"),
    }
}

/// The results list with highlighted snippets.
pub fn results_ui(
    ui: &mut Ui,
    results: &SearchResults,
    current_query: &str,
    actions: &mut Vec<Action>,
) {
    if current_query.trim().is_empty() {
        ui.heading("Search");
        ui.label("Type in the search box on the left to search every article's title and text.");
        return;
    }
    if results.query != current_query {
        ui.weak("Searching…");
    }
    ui.heading(results_heading(results.hits.len(), &results.query));
    ui.weak(format!("found in {} ms", results.took.as_millis()));
    ui.separator();
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let strong_color = ui.visuals().strong_text_color();
    egui::ScrollArea::vertical()
        .id_salt("search-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            paged(
                ui,
                ("search-results", &results.query),
                &results.hits,
                40,
                |ui, hit| {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(hit.article.date.as_deref().unwrap_or("undated"));
                        if ui
                            .link(hit.article.display_title())
                            .on_hover_text("Open this article")
                            .clicked()
                        {
                            actions.push(Action::OpenArticle {
                                id: hit.article.id,
                                focus: None,
                            });
                        }
                    });
                    let mut job = LayoutJob::default();
                    job.wrap.max_width = ui.available_width();
                    for (matched, piece) in snippet_pieces(&hit.snippet) {
                        let mut format = TextFormat::simple(FontId::proportional(13.0), text_color);
                        if matched {
                            format.color = strong_color;
                            format.background = if dark {
                                Color32::from_rgb(90, 70, 10)
                            } else {
                                Color32::from_rgb(255, 230, 150)
                            };
                        }
                        job.append(piece, 0.0, format);
                    }
                    ui.label(job);
                    ui.add_space(6.0);
                },
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_count_results_in_words() {
        assert_eq!(results_heading(1, "docks"), "1 result for “docks”");
        assert_eq!(results_heading(0, "docks"), "0 results for “docks”");
        assert_eq!(
            results_heading(super::super::worker::SEARCH_LIMIT, "docks"),
            "The best 200 results for “docks”"
        );
    }

    #[test]
    fn snippets_split_into_matched_and_plain_pieces() {
        assert_eq!(
            snippet_pieces("the [harbour] talks [resumed]."),
            vec![
                (false, "the "),
                (true, "harbour"),
                (false, " talks "),
                (true, "resumed"),
                (false, ".")
            ]
        );
        assert_eq!(
            snippet_pieces("open [bracket"),
            vec![(false, "open "), (false, "[bracket")]
        );
        assert_eq!(snippet_pieces(""), Vec::<(bool, &str)>::new());
    }
}
