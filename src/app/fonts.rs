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

/// The letters most news text is made of: printable ASCII, the Latin-1 letters and the common
/// typographic quotes and dashes.
fn common_letters() -> String {
    let mut s: String = (' '..='~').collect();
    s.extend(('\u{a0}'..='\u{ff}').filter(|c| !c.is_control()));
    s.push_str("\u{2018}\u{2019}\u{201c}\u{201d}\u{2013}\u{2014}\u{2026}\u{20ac}");
    s
}

/// Draws the common letters once at the font sizes in `queue`, one size per call, so the first
/// article or profile shown does not pay for rasterising its letters (which made that one frame
/// twice as slow as the next). The app calls this on frames where nothing else is happening;
/// it returns whether sizes are left.
pub fn warm_up(ctx: &egui::Context, queue: &mut Vec<f32>) -> bool {
    if let Some(size) = queue.pop() {
        let letters = common_letters();
        ctx.fonts_mut(|f| {
            f.layout_no_wrap(
                letters,
                egui::FontId::proportional(size),
                egui::Color32::WHITE,
            )
        });
    }
    !queue.is_empty()
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

    #[test]
    fn warming_up_takes_one_size_per_call_and_covers_latin_1() {
        let letters = common_letters();
        for c in ['a', 'Z', '0', 'é', 'ß', 'ñ', '“', '—'] {
            assert!(letters.contains(c), "{c} missing");
        }
        assert!(!letters.chars().any(char::is_control));
        let ctx = egui::Context::default();
        install(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        // The font atlas was uploaded nowhere; say so, as a renderer would by applying it.
        output.textures_delta.clear();
        // Drawn letters land in the font atlas: count its inked texels before and after.
        let inked = || ctx.fonts(|f| f.image().pixels.iter().filter(|p| p.a() > 0).count());
        let before = inked();
        let mut queue = vec![15.0, 22.0];
        assert!(warm_up(&ctx, &mut queue));
        assert!(inked() > before, "the letters at 22 points were not drawn");
        assert_eq!(queue, vec![15.0]);
        assert!(!warm_up(&ctx, &mut queue));
        assert!(queue.is_empty());
        assert!(!warm_up(&ctx, &mut queue));
    }
}
