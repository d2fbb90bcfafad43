//! Fonts: Noto Sans for body text (Latin with diacritics, Greek, Cyrillic, Vietnamese) and Noto
//! Sans Arabic as a fallback, so names in Arabic script are drawn instead of empty boxes. Both are
//! compiled into the binary (OFL, see `assets/fonts/LICENSE-OFL.txt`).

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_SANS_ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

/// The font set the app uses: egui's defaults with Noto Sans first for proportional text and
/// Noto Sans Arabic as a fallback for both families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "noto-sans-arabic".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS_ARABIC)),
    );
    if let Some(prop) = fonts.families.get_mut(&FontFamily::Proportional) {
        prop.insert(0, "noto-sans".to_owned());
        prop.push("noto-sans-arabic".to_owned());
    }
    if let Some(mono) = fonts.families.get_mut(&FontFamily::Monospace) {
        // Monospace keeps Hack first; Noto covers the letters Hack lacks.
        mono.push("noto-sans".to_owned());
        mono.push("noto-sans-arabic".to_owned());
    }
    fonts
}

/// Installs [`definitions`] in `ctx` (the app and the GUI tests call this).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noto_comes_first_and_arabic_is_a_fallback() {
        let fonts = definitions();
        let prop = &fonts.families[&FontFamily::Proportional];
        assert_eq!(prop.first().map(String::as_str), Some("noto-sans"));
        assert_eq!(prop.last().map(String::as_str), Some("noto-sans-arabic"));
        assert!(fonts.font_data.contains_key("noto-sans-arabic"));
    }
}
