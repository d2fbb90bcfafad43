//! The import window: progress (files done of total, current file), Cancel, and the report at
//! the end (imported, duplicates, failed with reasons).

use std::path::PathBuf;

use eframe::egui::{self, RichText, Ui};

use super::widgets::count;
use crate::pipeline::{FileReport, FileStatus, ImportSummary};

/// An import the window follows, fed by worker events.
#[derive(Debug, Default)]
pub struct ImportView {
    pub done: usize,
    pub total: usize,
    pub current: Option<PathBuf>,
    /// Files finished so far (all of them, for the report).
    pub reports: Vec<FileReport>,
    pub cancelling: bool,
    /// Set when the import ended: the summary, or why it stopped.
    pub finished: Option<Result<ImportSummary, String>>,
    /// True when the window follows a compaction rather than an import (its progress is in
    /// thousandths, `current` names the step, and it closes when the work ends).
    pub compacting: bool,
}

impl ImportView {
    /// True while the worker is importing.
    pub fn running(&self) -> bool {
        self.finished.is_none()
    }

    /// Fraction done, 0..=1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.done as f32 / self.total as f32
        }
    }
}

/// What the person asked for in the import window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    Cancel,
    Close,
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Files the import never reached (it was cancelled or stopped first).
pub fn not_reached(view: &ImportView, summary: &ImportSummary) -> usize {
    summary.files.saturating_sub(view.reports.len())
}

/// A one-line summary of a finished import.
pub fn summary_line(summary: &ImportSummary) -> String {
    let mut line = format!(
        "{}, {} already in the dossier, {} failed",
        count(summary.articles as u64, "new article"),
        summary.duplicates,
        summary.failed.len()
    );
    if summary.cancelled {
        line.push_str(" (cancelled: the remaining files were not imported)");
    }
    line
}

/// The window title: what is happening, or how it ended.
pub fn title(view: &ImportView) -> &'static str {
    if view.compacting {
        return if view.cancelling {
            "Cancelling the compaction"
        } else {
            "Compacting the dossier"
        };
    }
    match &view.finished {
        None if view.cancelling => "Cancelling the import",
        None => "Importing",
        Some(Err(_)) => "Import stopped",
        Some(Ok(s)) if s.cancelled => "Import cancelled",
        Some(Ok(_)) => "Import finished",
    }
}

/// The failed files with their reasons, one a line (for the clipboard).
pub fn failures_text(view: &ImportView) -> String {
    view.reports
        .iter()
        .filter_map(|r| match &r.status {
            FileStatus::Failed(reason) => Some(format!("{}: {reason}", r.path.display())),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The contents of the import window. Every line keeps its height (long names are cut, not
/// wrapped), so the window and its Cancel button stay where they are.
pub fn import_ui(ui: &mut Ui, view: &ImportView) -> Option<ImportAction> {
    let mut action = None;
    match &view.finished {
        None if view.compacting => {
            ui.add(
                egui::ProgressBar::new(view.fraction())
                    .show_percentage()
                    .desired_width(ui.available_width()),
            );
            let step = view
                .current
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string());
            ui.add(egui::Label::new(RichText::new(step).weak()).truncate());
            ui.add_enabled_ui(!view.cancelling, |ui| {
                if ui
                    .button(if view.cancelling {
                        "Cancelling…"
                    } else {
                        "Cancel"
                    })
                    .on_hover_text("Stop compacting (Esc); the dossier stays as it was")
                    .clicked()
                {
                    action = Some(ImportAction::Cancel);
                }
            });
        }
        None => {
            ui.label(format!(
                "{} of {} done",
                view.done,
                count(view.total as u64, "file")
            ));
            ui.add(
                egui::ProgressBar::new(view.fraction())
                    .show_percentage()
                    .desired_width(ui.available_width()),
            );
            let reading = view
                .current
                .as_ref()
                .map_or_else(String::new, |p| format!("Reading {}", file_name(p)));
            ui.add(egui::Label::new(RichText::new(reading).weak()).truncate());
            ui.add_enabled_ui(!view.cancelling, |ui| {
                if ui
                    .button(if view.cancelling {
                        "Cancelling…"
                    } else {
                        "Cancel import"
                    })
                    .on_hover_text("Stop after the current file (Esc); what was imported stays")
                    .clicked()
                {
                    action = Some(ImportAction::Cancel);
                }
            });
        }
        Some(result) => {
            match result {
                Err(reason) => {
                    ui.label(
                        RichText::new(format!("The import stopped: {reason}"))
                            .color(ui.visuals().error_fg_color),
                    );
                }
                Ok(summary) => {
                    let failed = summary.failed.len();
                    let mut parts = vec![
                        format!("{} imported", count(summary.articles as u64, "new article")),
                        format!("{} already in the dossier", summary.duplicates),
                        format!("{} failed", count(failed as u64, "file")),
                    ];
                    if summary.cancelled {
                        parts.push(format!(
                            "{} not reached",
                            count(not_reached(view, summary) as u64, "file")
                        ));
                        ui.strong("You cancelled the import. What was imported before stays.");
                    }
                    ui.label(parts.join(" · "));
                }
            }
            let failures = failures_text(view);
            ui.horizontal(|ui| {
                if ui.button("Close").clicked() {
                    action = Some(ImportAction::Close);
                }
                if !failures.is_empty()
                    && ui
                        .button("Copy the failures")
                        .on_hover_text("Copy the failed files and their reasons, one a line")
                        .clicked()
                {
                    ui.ctx().copy_text(failures.clone());
                }
            });
            ui.separator();
            report_ui(ui, view);
        }
    }
    action
}

fn report_ui(ui: &mut Ui, view: &ImportView) {
    egui::ScrollArea::vertical()
        .id_salt("import-report")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for report in &view.reports {
                let name = file_name(&report.path);
                match &report.status {
                    FileStatus::Imported {
                        articles,
                        duplicates,
                    } => {
                        let mut text =
                            format!("{name}: imported {}", count(*articles as u64, "article"));
                        if *duplicates > 0 {
                            text.push_str(&format!(", {duplicates} already there"));
                        }
                        ui.label(text);
                    }
                    FileStatus::Duplicate => {
                        ui.weak(format!("{name}: already in the dossier"));
                    }
                    FileStatus::Failed(reason) => {
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("{name}: not imported: {reason}"))
                                    .color(ui.visuals().warn_fg_color),
                            )
                            .selectable(true),
                        )
                        .on_hover_text(report.path.display().to_string());
                    }
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compaction_has_its_own_title() {
        let mut view = ImportView {
            compacting: true,
            ..ImportView::default()
        };
        assert_eq!(title(&view), "Compacting the dossier");
        view.cancelling = true;
        assert_eq!(title(&view), "Cancelling the compaction");
    }

    #[test]
    fn the_summary_line_counts_and_mentions_cancel() {
        let summary = ImportSummary {
            files: 3,
            articles: 2,
            duplicates: 1,
            failed: Vec::new(),
            cancelled: true,
        };
        let line = summary_line(&summary);
        assert!(line.starts_with("2 new articles, 1 already in the dossier, 0 failed"));
        let one = ImportSummary {
            articles: 1,
            ..summary.clone()
        };
        assert!(summary_line(&one).starts_with("1 new article,"));
        assert!(line.contains("cancelled"));
        let view = ImportView {
            done: 1,
            total: 4,
            ..ImportView::default()
        };
        assert!(view.running());
        assert_eq!(view.fraction(), 0.25);
        assert_eq!(title(&view), "Importing");
        let done = ImportView {
            finished: Some(Ok(summary.clone())),
            ..view
        };
        assert_eq!(title(&done), "Import cancelled");
        assert_eq!(not_reached(&done, &summary), 3);
    }
}
