//! Deterministic text measurement, shared by the layout (box sizes) and the renderer (font).
//!
//! Widths come from the advance-width table of DejaVu Sans (`font.rs`), the first font of the
//! diagram's font stack; characters outside the table are estimated (wide East Asian characters
//! and emoji take one em, combining marks none, anything else 0.7 em, a little wider than most
//! glyphs so boxes err on the roomy side). No font file is read at run time, so the same text
//! always measures the same on every machine.

use super::font;

/// The font stack the renderer writes; the first entry is the font the widths are taken from.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/// A text style: size in CSS pixels and weight.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct TextStyle {
    /// Font size in pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
}

impl TextStyle {
    /// A regular style of `size` pixels.
    #[must_use]
    pub const fn regular(size: f64) -> TextStyle {
        TextStyle { size, bold: false }
    }

    /// A bold style of `size` pixels.
    #[must_use]
    pub const fn bold(size: f64) -> TextStyle {
        TextStyle { size, bold: true }
    }

    /// Height of one line of text (ascent + descent).
    #[must_use]
    pub fn line_height(self) -> f64 {
        self.size * (font::ASCENT + font::DESCENT) / font::UNITS_PER_EM
    }

    /// Distance from the top of a line box to the text baseline.
    #[must_use]
    pub fn ascent(self) -> f64 {
        self.size * font::ASCENT / font::UNITS_PER_EM
    }

    /// Width of one line of text (no line breaks expected; a `\n` measures as nothing).
    #[must_use]
    pub fn width(self, text: &str) -> f64 {
        let table: &[u16] = if self.bold { &font::BOLD } else { &font::REGULAR };
        let units: f64 = text.chars().map(|c| char_units(table, c)).sum();
        units * self.size / font::UNITS_PER_EM
    }

    /// Width and height of a possibly multi-line text (`\n` separates lines).
    #[must_use]
    pub fn measure(self, text: &str) -> (f64, f64) {
        let mut width: f64 = 0.0;
        let mut lines = 0usize;
        for line in text.split('\n') {
            width = width.max(self.width(line));
            lines += 1;
        }
        (width, lines as f64 * self.line_height())
    }
}

fn char_units(table: &[u16], c: char) -> f64 {
    let code = c as u32;
    for &(first, last, offset) in font::RANGES {
        if (first..=last).contains(&code) {
            let w = table[offset + (code - first) as usize];
            if w > 0 || is_zero_width(code) {
                return f64::from(w);
            }
            break;
        }
    }
    if is_zero_width(code) || c.is_control() {
        0.0
    } else if is_wide(code) {
        font::UNITS_PER_EM
    } else {
        0.7 * font::UNITS_PER_EM
    }
}

fn is_zero_width(code: u32) -> bool {
    matches!(code, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200B..=0x200F | 0xFE00..=0xFE0F)
}

fn is_wide(code: u32) -> bool {
    matches!(
        code,
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1FAFF
            | 0x20000..=0x3FFFD
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_table() {
        let s = TextStyle::regular(2048.0);
        // DejaVu Sans: space 651, `a` 1255, `W` 2025 font units.
        assert!((s.width(" ") - 651.0).abs() < 1e-9);
        assert!((s.width("a") - 1255.0).abs() < 1e-9);
        assert!(s.width("W") > s.width("i"));
        assert!(TextStyle::bold(12.0).width("model") > TextStyle::regular(12.0).width("model"));
    }

    #[test]
    fn fallbacks_and_lines() {
        let s = TextStyle::regular(10.0);
        assert!((s.width("漢") - 10.0).abs() < 1e-9);
        assert!((s.width("e\u{301}") - s.width("e")).abs() < 1e-9);
        let (w, h) = s.measure("ab\nabcd");
        assert!((w - s.width("abcd")).abs() < 1e-9);
        assert!((h - 2.0 * s.line_height()).abs() < 1e-9);
    }
}
