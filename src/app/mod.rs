//! The desktop app: the only module that uses egui, eframe or rfd. (The desktop-app issue builds it.)

pub mod curation;

use std::path::PathBuf;

/// Opens the main window on the dossier at `db` and returns when it closes.
pub fn run(db: PathBuf) -> Result<(), String> {
    let _ = db;
    Err("the desktop app is not built yet".into())
}
