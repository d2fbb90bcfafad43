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

/// Leaves out a plain-text article's date header (` date YYYY-MM-DD`) at the start of a
/// snippet: it is metadata, shown apart, not part of the text.
pub fn without_date_header(snippet: &str) -> &str {
    let rest = snippet.trim_start();
    if let Some(after) = rest.strip_prefix("date ")
        && let Some(date) = after.get(..10)
        && super::widgets::days_from_iso(date).is_some()
    {
        return after.get(10..).unwrap_or_default().trim_start();
    }
    snippet
}

/// Joins matched pieces separated only by spaces, so a phrase is highlighted as one.
pub fn join_phrases(pieces: &[(bool, &str)]) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut i = 0;
    while let Some(&(matched, text)) = pieces.get(i) {
        let gap_then_match = matched
            && matches!(pieces.get(i + 1), Some((false, gap)) if !gap.is_empty() && gap.chars().all(char::is_whitespace))
            && matches!(pieces.get(i + 2), Some((true, _)));
        match out.last_mut() {
            Some((true, last)) if matched && last.ends_with(' ') => last.push_str(text),
            _ => out.push((matched, text.to_owned())),
        }
        if gap_then_match && let Some((true, last)) = out.last_mut() {
            last.push(' ');
            i += 2;
            continue;
        }
        i += 1;
    }
    out
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
    // A phrase search already has its quotes: no second pair around it.
    let query = query.trim();
    let query = if query.starts_with('"') && query.ends_with('"') && query.len() > 1 {
        query.get(1..query.len() - 1).unwrap_or(query)
    } else {
        query
    };
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
    ui.horizontal(|ui| {
        ui.weak(format!("found in {} ms", results.took.as_millis()));
        if !results.hits.is_empty()
            && ui
                .small_button("Export a summary of these articles…")
                .on_hover_text("A briefing of just the articles found (File > Export summary)")
                .clicked()
        {
            actions.push(Action::ExportArticles(
                results.hits.iter().map(|h| h.article.id).collect(),
            ));
        }
    });
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
                            .on_hover_text(
                                "Open this article with the words found highlighted (F3: next)",
                            )
                            .clicked()
                        {
                            actions.push(Action::OpenSearchHit {
                                id: hit.article.id,
                                query: results.query.clone(),
                            });
                        }
                    });
                    let mut job = LayoutJob::default();
                    job.wrap.max_width = ui.available_width();
                    let pieces = snippet_pieces(without_date_header(&hit.snippet));
                    // A phrase search highlights the phrase, not its words one by one.
                    let phrase = results.query.contains('"');
                    let pieces: Vec<(bool, String)> = if phrase {
                        join_phrases(&pieces)
                    } else {
                        pieces.iter().map(|(m, p)| (*m, (*p).to_owned())).collect()
                    };
                    for (matched, piece) in pieces {
                        let mut format = TextFormat::simple(FontId::proportional(13.0), text_color);
                        if matched {
                            format.color = strong_color;
                            format.background = if dark {
                                Color32::from_rgb(90, 70, 10)
                            } else {
                                Color32::from_rgb(255, 230, 150)
                            };
                        }
                        job.append(&piece, 0.0, format);
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
    fn phrases_are_one_highlight_and_headers_are_left_out() {
        assert_eq!(
            results_heading(2, "\"harbour talks\""),
            "2 results for “harbour talks”"
        );
        let pieces = snippet_pieces("the [harbour] [talks] and [harbour] docks");
        let joined = join_phrases(&pieces);
        assert_eq!(
            joined,
            vec![
                (false, "the ".to_owned()),
                (true, "harbour talks".to_owned()),
                (false, " and ".to_owned()),
                (true, "harbour".to_owned()),
                (false, " docks".to_owned()),
            ]
        );
        assert_eq!(
            without_date_header("date 2025-04-01 Harbour talks resume"),
            "Harbour talks resume"
        );
        assert_eq!(
            without_date_header("date night in the harbour"),
            "date night in the harbour"
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
