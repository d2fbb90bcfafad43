//! File dialogs behind a trait, so the GUI tests can replace the native dialog with fixed paths.
//! Dialogs run on their own thread (`dossier-dialog`) and report through the worker's event
//! channel: a blocking dialog on the UI thread would stop the window from repainting.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::export_file::ExportFormat;
use eframe::egui;

/// Which dialog to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    /// Article files to import (several).
    ImportFiles,
    /// A folder to import.
    ImportFolder,
    /// An existing dossier to open.
    OpenDossier,
    /// Where to create a new dossier.
    NewDossier,
    /// Where to write an exported summary in this format.
    Export(ExportFormat),
    /// A damaged dossier to recover from.
    RecoverFrom,
    /// Where to create the recovered dossier.
    RecoverTo,
}

/// Something that asks the person for paths.
pub trait FilePicker: Send + Sync {
    /// Shows the dialog for `kind` and blocks until it closes. Returns the chosen paths, empty
    /// when the person cancelled or no dialog could be shown.
    fn pick(&self, kind: PickKind) -> Vec<PathBuf>;
}

/// The native dialogs (rfd: the desktop portal, else zenity).
#[derive(Debug, Default)]
pub struct NativePicker;

/// Extensions the importer reads.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "json"];

impl FilePicker for NativePicker {
    fn pick(&self, kind: PickKind) -> Vec<PathBuf> {
        let dialog = rfd::FileDialog::new();
        match kind {
            PickKind::ImportFiles => dialog
                .set_title("Import articles")
                .add_filter("Articles", ARTICLE_EXTENSIONS)
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default(),
            PickKind::ImportFolder => dialog
                .set_title("Import a folder of articles")
                .pick_folder()
                .into_iter()
                .collect(),
            PickKind::OpenDossier => dialog
                .set_title("Open a dossier")
                .add_filter("Dossiers", &["dossier"])
                .add_filter("All files", &["*"])
                .pick_file()
                .into_iter()
                .collect(),
            PickKind::NewDossier => dialog
                .set_title("Create a new dossier")
                .set_file_name("new.dossier")
                .save_file()
                .map(with_dossier_extension)
                .into_iter()
                .collect(),
            PickKind::RecoverFrom => dialog
                .set_title("Choose the damaged dossier")
                .add_filter("Dossiers", &["dossier"])
                .add_filter("All files", &["*"])
                .pick_file()
                .into_iter()
                .collect(),
            PickKind::RecoverTo => dialog
                .set_title("Save the recovered dossier as")
                .set_file_name("recovered.dossier")
                .save_file()
                .map(with_dossier_extension)
                .into_iter()
                .collect(),
            PickKind::Export(format) => dialog
                .set_title("Export a summary")
                .add_filter(format.label(), &[format.extension()])
                .set_file_name(format!("dossier-summary.{}", format.extension()))
                .save_file()
                .into_iter()
                .collect(),
        }
    }
}

/// Adds `.dossier` to a new dossier's file name when it has no extension.
pub fn with_dossier_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension("dossier")
    } else {
        path
    }
}

/// Splits returned paths into those that exist and those that do not. A new dossier need not
/// exist yet, but its folder must (and dialogs return absolute paths).
fn check_paths(kind: PickKind, paths: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    paths.into_iter().partition(|p| match kind {
        PickKind::NewDossier | PickKind::RecoverTo | PickKind::Export(_) => {
            p.is_absolute() && p.parent().is_some_and(Path::is_dir)
        }
        _ => Path::exists(p),
    })
}

/// A file dialog closed. `paths` are the chosen paths that exist; `rejected` are returned paths
/// that do not (a crashed dialog can return its error text as a "path").
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub kind: PickKind,
    pub paths: Vec<PathBuf>,
    pub rejected: Vec<PathBuf>,
}

/// The app's file dialogs: at most one open at a time, each on a `dossier-dialog` thread, the
/// answer arriving on this struct's own channel.
pub struct Dialogs {
    picker: Arc<dyn FilePicker>,
    sender: Sender<Picked>,
    answers: Receiver<Picked>,
    open: bool,
}

impl Dialogs {
    pub fn new(picker: Arc<dyn FilePicker>) -> Self {
        let (sender, answers) = mpsc::channel();
        Self {
            picker,
            sender,
            answers,
            open: false,
        }
    }

    /// True while a dialog is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the dialog for `kind` unless one is already open; `ctx` repaints when it closes.
    pub fn open(&mut self, kind: PickKind, ctx: &egui::Context) -> Result<(), String> {
        if self.open {
            return Ok(());
        }
        let (picker, sender, ctx) = (Arc::clone(&self.picker), self.sender.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("dossier-dialog".into())
            .spawn(move || {
                let (paths, rejected) = check_paths(kind, picker.pick(kind));
                let _ = sender.send(Picked {
                    kind,
                    paths,
                    rejected,
                });
                ctx.request_repaint();
            })
            .map_err(|e| format!("the file window could not be opened ({e})"))?;
        self.open = true;
        Ok(())
    }

    /// The dialogs that closed since the last call.
    pub fn closed(&mut self) -> Vec<Picked> {
        let picked: Vec<Picked> = self.answers.try_iter().collect();
        if !picked.is_empty() {
            self.open = false;
        }
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_dossiers_get_an_extension() {
        assert_eq!(
            with_dossier_extension(PathBuf::from("/tmp/cases")),
            PathBuf::from("/tmp/cases.dossier")
        );
        assert_eq!(
            with_dossier_extension(PathBuf::from("/tmp/cases.db")),
            PathBuf::from("/tmp/cases.db")
        );
    }

    #[test]
    fn paths_that_do_not_exist_are_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("a.txt");
        std::fs::write(&real, "x").expect("write");
        let fake = PathBuf::from("zenity: cannot open display");
        let (ok, rejected) = check_paths(PickKind::ImportFiles, vec![real.clone(), fake.clone()]);
        assert_eq!(ok, vec![real]);
        assert_eq!(rejected, vec![fake]);
        let (ok, _) = check_paths(PickKind::NewDossier, vec![dir.path().join("new.dossier")]);
        assert_eq!(ok.len(), 1);
    }
}
