//! The topic list (left panel) and a topic's articles, actors and quotes (main area).

use eframe::egui::{self, Ui};

use crate::store::{TopicDetail, TopicId, TopicRow};

use super::timeline;
use super::widgets::{
    ARTICLE_PAGE, QUOTE_PAGE, actor_chip, count, date_range, left_aligned, paged, quote_card,
};
use super::{Action, Curating};

/// The left panel's topic list.
pub fn list_ui(
    ui: &mut Ui,
    topics: &[TopicRow],
    selected: Option<TopicId>,
    actions: &mut Vec<Action>,
) {
    ui.weak(count(topics.len() as u64, "topic"));
    ui.separator();
    if topics.is_empty() {
        ui.label("No topics yet. Topics appear when imported articles are about something Dossier knows (talks, ceasefires, elections, ...).");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("topic-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for topic in topics {
                ui.horizontal(|ui| {
                    let response = ui
                        .selectable_label(selected == Some(topic.id), &topic.label)
                        .on_hover_text(format!(
                            "{}, {}",
                            count(topic.articles, "article"),
                            date_range(topic.first_seen.as_deref(), topic.last_seen.as_deref())
                        ));
                    if response.clicked() {
                        actions.push(Action::SelectTopic(topic.id));
                    }
                    ui.weak(topic.articles.to_string());
                });
            }
        });
}

/// A topic's timeline, articles and actors next to its quotes.
pub fn detail_ui(
    ui: &mut Ui,
    detail: &TopicDetail,
    timeline: &timeline::Chart,
    actions: &mut Vec<Action>,
    cur: &mut Curating,
) {
    let topic = &detail.topic;
    ui.heading(&topic.label);
    ui.label(format!(
        "Topic · {} · {}",
        count(topic.articles, "article"),
        date_range(topic.first_seen.as_deref(), topic.last_seen.as_deref())
    ));
    ui.separator();
    ui.columns(2, |cols| {
        if let [left, right] = cols {
            egui::ScrollArea::vertical()
                .id_salt("topic-facts")
                .auto_shrink([false, false])
                .show(left, |ui| {
                    left_aligned(ui, |ui| {
                        ui.strong("Articles over time");
                        timeline::timeline_ui(ui, "topic-timeline", timeline);
                        ui.add_space(6.0);
                        ui.strong("Actors in these articles");
                        ui.horizontal_wrapped(|ui| {
                            for actor in &detail.actors {
                                if actor_chip(ui, actor.kind, &actor.name)
                                    .on_hover_text(format!(
                                        "in {} of these",
                                        count(actor.shared_articles, "article")
                                    ))
                                    .clicked()
                                {
                                    actions.push(Action::SelectActor(actor.id));
                                }
                            }
                        });
                        ui.add_space(6.0);
                        ui.strong(super::actors_panel::articles_heading(
                            detail.articles.len(),
                            topic.articles,
                            detail.windowed,
                        ));
                        paged(
                            ui,
                            ("topic-articles", topic.id),
                            &detail.articles,
                            ARTICLE_PAGE,
                            |ui, ta| {
                                ui.horizontal_wrapped(|ui| {
                                    ui.weak(ta.article.date.as_deref().unwrap_or("undated"));
                                    if ui
                                        .link(ta.article.display_title())
                                        .on_hover_text(format!(
                                            "because of: {}",
                                            ta.evidence.join(", ")
                                        ))
                                        .clicked()
                                    {
                                        actions.push(Action::OpenArticle {
                                            id: ta.article.id,
                                            focus: None,
                                        });
                                    }
                                });
                            },
                        );
                    })
                });
            egui::ScrollArea::vertical()
                .id_salt("topic-quotes")
                .auto_shrink([false, false])
                .show(right, |ui| {
                    left_aligned(ui, |ui| {
                        ui.strong(format!("Quotes ({})", detail.quotes.len()));
                        if detail.quotes.is_empty() {
                            ui.weak("No quotes found.");
                        }
                        paged(
                            ui,
                            ("topic-quotes", topic.id),
                            &detail.quotes,
                            QUOTE_PAGE,
                            |ui, quote| quote_card(ui, quote, actions, cur),
                        );
                    })
                });
        }
    });
}
