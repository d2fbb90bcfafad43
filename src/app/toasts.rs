//! The one notification area: short-lived toasts in the bottom-right corner, drawn over the
//! window so they never move the layout, each with an optional action button (Undo, Open, ...),
//! and the history of every notice, opened from the status bar.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

/// How long an information toast stays; errors stay until dismissed.
const SHOW_FOR: Duration = Duration::from_secs(8);
/// How many toasts are on screen at once (the oldest go first).
const MAX_SHOWN: usize = 3;
/// How many notices the history keeps.
const MAX_HISTORY: usize = 200;

/// What a toast's button does.
#[derive(Debug, Clone, PartialEq)]
pub enum ToastAction {
    Undo,
    Redo,
    /// Open a file with the desktop's default program.
    Open(PathBuf),
    /// Open the folder that holds a file.
    ShowInFolder(PathBuf),
    /// Start the background worker again and reopen the dossier.
    RestartWorker,
    /// Compact the dossier (File > Compact dossier).
    Compact,
}

impl ToastAction {
    fn label(&self) -> &'static str {
        match self {
            ToastAction::Undo => "Undo",
            ToastAction::Redo => "Redo",
            ToastAction::Open(_) => "Open",
            ToastAction::ShowInFolder(_) => "Show in folder",
            ToastAction::RestartWorker => "Restart and reopen",
            ToastAction::Compact => "Compact now",
        }
    }
}

/// One notice.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub actions: Vec<ToastAction>,
    /// When it was posted (toasts fade after [`SHOW_FOR`]; errors stay).
    at: Instant,
    /// Still on screen.
    shown: bool,
}

/// Every notice of this session, newest last.
#[derive(Debug, Default)]
pub struct Toasts {
    notices: Vec<Notice>,
    pub history_open: bool,
}

impl Toasts {
    /// Posts a notice. The same text posted again replaces the older one.
    pub fn post(&mut self, text: String, error: bool, actions: Vec<ToastAction>) {
        self.notices.retain(|n| n.text != text);
        self.notices.push(Notice {
            text,
            error,
            actions,
            at: Instant::now(),
            shown: true,
        });
        let shown = self.notices.iter().filter(|n| n.shown).count();
        for n in self
            .notices
            .iter_mut()
            .filter(|n| n.shown)
            .take(shown.saturating_sub(MAX_SHOWN))
        {
            n.shown = false;
        }
        if self.notices.len() > MAX_HISTORY {
            self.notices.remove(0);
        }
    }

    /// Takes `action` away from every notice (an Undo button after the undo happened).
    pub fn retire(&mut self, action: &ToastAction) {
        for n in &mut self.notices {
            n.actions.retain(|a| a != action);
        }
    }

    /// The toasts on screen.
    pub fn shown(&self) -> impl Iterator<Item = &Notice> {
        self.notices.iter().filter(|n| n.shown)
    }

    /// Every notice, oldest first.
    pub fn all(&self) -> &[Notice] {
        &self.notices
    }

    /// Hides information toasts older than [`SHOW_FOR`] and asks for a repaint when the next
    /// one is due to go.
    fn expire(&mut self, ctx: &egui::Context) {
        let mut next: Option<Duration> = None;
        for n in self.notices.iter_mut().filter(|n| n.shown && !n.error) {
            let age = n.at.elapsed();
            if age >= SHOW_FOR && n.actions.is_empty() {
                n.shown = false;
            } else if age >= SHOW_FOR * 2 {
                // A toast with a button stays twice as long.
                n.shown = false;
            } else {
                let left = if n.actions.is_empty() {
                    SHOW_FOR - age
                } else {
                    SHOW_FOR * 2 - age
                };
                next = Some(next.map_or(left, |d| d.min(left)));
            }
        }
        if let Some(after) = next {
            ctx.request_repaint_after(after);
        }
    }

    /// Draws the toasts over the bottom-right corner of the window, above the status bar.
    /// Returns the button pressed, if any.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<ToastAction> {
        self.expire(ctx);
        self.shown().next()?;
        let mut pressed = None;
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .order(egui::Order::Foreground)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
            .interactable(true)
            .show(ctx, |ui| {
                let width = (ctx.content_rect().width() - 24.0).clamp(200.0, 420.0);
                ui.set_max_width(width);
                for (i, n) in self.notices.iter().enumerate().filter(|(_, n)| n.shown) {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_width(width - 20.0);
                        let color = if n.error {
                            ui.visuals().error_fg_color
                        } else {
                            ui.visuals().text_color()
                        };
                        ui.label(RichText::new(&n.text).color(color));
                        ui.horizontal(|ui| {
                            for action in &n.actions {
                                if ui.button(action.label()).clicked() {
                                    pressed = Some(action.clone());
                                }
                            }
                            if ui
                                .small_button("Dismiss")
                                .on_hover_text("Hide this notice (it stays in the notices history)")
                                .clicked()
                            {
                                dismiss = Some(i);
                            }
                        });
                    });
                    ui.add_space(4.0);
                }
            });
        if let Some(n) = dismiss.and_then(|i| self.notices.get_mut(i)) {
            n.shown = false;
        }
        pressed
    }

    /// The history window: every notice of this session, newest first.
    pub fn history_ui(&mut self, ctx: &egui::Context) -> Option<ToastAction> {
        let mut open = self.history_open;
        let mut pressed = None;
        egui::Window::new("Notices")
            .open(&mut open)
            .default_width(460.0)
            .default_height(320.0)
            .show(ctx, |ui| {
                if self.notices.is_empty() {
                    ui.weak("No notices yet.");
                }
                egui::ScrollArea::vertical()
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for n in self.notices.iter().rev() {
                            ui.horizontal_wrapped(|ui| {
                                let text = RichText::new(&n.text);
                                ui.label(if n.error {
                                    text.color(ui.visuals().error_fg_color)
                                } else {
                                    text
                                });
                                for action in &n.actions {
                                    if ui.small_button(action.label()).clicked() {
                                        pressed = Some(action.clone());
                                    }
                                }
                            });
                            ui.separator();
                        }
                    });
            });
        self.history_open = open;
        pressed
    }
}

/// Opens `path` (a file or a folder) with the desktop's default program, on a thread of its own
/// so the window never waits for it.
pub fn open_with_desktop(path: PathBuf) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::thread::Builder::new()
        .name("dossier-open".into())
        .spawn(move || {
            let _ = std::process::Command::new(program)
                .arg(&path)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
        })
        .map(|_| ())
        .map_err(|e| format!("the file could not be opened ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_three_toasts_show_and_the_history_keeps_all() {
        let mut t = Toasts::default();
        for i in 0..5 {
            t.post(format!("notice {i}"), false, Vec::new());
        }
        let shown: Vec<&str> = t.shown().map(|n| n.text.as_str()).collect();
        assert_eq!(shown, vec!["notice 2", "notice 3", "notice 4"]);
        assert_eq!(t.all().len(), 5);
        t.post("notice 3".into(), true, vec![ToastAction::Undo]);
        assert_eq!(t.all().len(), 5);
        assert!(t.shown().any(|n| n.error));
        t.retire(&ToastAction::Undo);
        assert!(t.all().iter().all(|n| n.actions.is_empty()));
    }
}
