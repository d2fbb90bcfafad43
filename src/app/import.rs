//! The import window: progress (files done of total, current file), Cancel, and the report at
//! the end (imported, duplicates, failed with reasons).

use std::path::PathBuf;

use eframe::egui::{self, RichText, Ui};

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

/// A one-line summary of a finished import.
pub fn summary_line(summary: &ImportSummary) -> String {
    let mut line = format!(
        "{} new articles, {} already in the dossier, {} failed",
        summary.articles,
        summary.duplicates,
        summary.failed.len()
    );
    if summary.cancelled {
        line.push_str(" (cancelled: the remaining files were not imported)");
    }
    line
}

/// The contents of the import window.
pub fn import_ui(ui: &mut Ui, view: &ImportView) -> Option<ImportAction> {
    let mut action = None;
    match &view.finished {
        None => {
            ui.label(format!("Imported {} of {} files", view.done, view.total));
            ui.add(
                egui::ProgressBar::new(view.fraction())
                    .show_percentage()
                    .desired_width(360.0),
            );
            if let Some(current) = &view.current {
                ui.weak(format!("Reading {}", file_name(current)))
                    .on_hover_text(current.display().to_string());
            }
            ui.add_enabled_ui(!view.cancelling, |ui| {
                if ui
                    .button(if view.cancelling {
                        "Cancelling…"
                    } else {
                        "Cancel import"
                    })
                    .on_hover_text("Stop after the current file; what was imported stays")
                    .clicked()
                {
                    action = Some(ImportAction::Cancel);
                }
            });
        }
        Some(Err(reason)) => {
            ui.label(
                RichText::new(format!("The import stopped: {reason}"))
                    .color(ui.visuals().error_fg_color),
            );
            report_ui(ui, view);
            if ui.button("Close").clicked() {
                action = Some(ImportAction::Close);
            }
        }
        Some(Ok(summary)) => {
            ui.strong("Import finished");
            ui.label(summary_line(summary));
            report_ui(ui, view);
            if ui.button("Close").clicked() {
                action = Some(ImportAction::Close);
            }
        }
    }
    action
}

fn report_ui(ui: &mut Ui, view: &ImportView) {
    egui::ScrollArea::vertical()
        .id_salt("import-report")
        .max_height(260.0)
        .show(ui, |ui| {
            for report in &view.reports {
                let name = file_name(&report.path);
                match &report.status {
                    FileStatus::Imported {
                        articles,
                        duplicates,
                    } => {
                        let mut text = format!("{name}: imported {articles}");
                        if *duplicates > 0 {
                            text.push_str(&format!(", {duplicates} already there"));
                        }
                        ui.label(text);
                    }
                    FileStatus::Duplicate => {
                        ui.weak(format!("{name}: already in the dossier"));
                    }
                    FileStatus::Failed(reason) => {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("{name}: not imported: {reason}"),
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
        assert!(line.contains("cancelled"));
        let view = ImportView {
            done: 1,
            total: 4,
            ..ImportView::default()
        };
        assert!(view.running());
        assert_eq!(view.fraction(), 0.25);
    }
}
