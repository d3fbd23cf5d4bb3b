//! Conformity badges: an SVG in the familiar flat style of project badges
//! (`e-santé · Exemple Cabinet 5.2.0 | 94 % conforme · auto-déclaré`), coloured by the rate, readable by screen
//! readers (`role="img"`, `aria-label`, `<title>`).
//!
//! An SVG cannot measure its own text, so widths come from a table of
//! Verdana's advance widths; `textLength` then fits whatever font the viewer
//! has into the computed box.

use crate::text::{escape_markup, Markup};
use std::io::{self, Write};

/// A two-part badge.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub label: String,
    pub message: String,
    /// The message side's background, `#rrggbb`.
    pub color: &'static str,
    /// The accessible description.
    pub title: String,
}

/// Font size of the text, in pixels.
const FONT_PX: f64 = 11.0;
/// Space on each side of a text, in pixels.
const PADDING: f64 = 5.0;
const HEIGHT: u32 = 20;
/// The label side's background (contrast with white text: 7.5:1).
const LABEL_COLOR: &str = "#555";

/// The colour for a conformity rate. Every one keeps white text above the
/// 4.5:1 contrast ratio of WCAG AA.
pub fn color_for(rate: f64) -> &'static str {
    // Rates are rounded to hundredths; compare in whole percents.
    let percent = (rate * 100.0).round();
    if percent >= 100.0 {
        "#15803d"
    } else if percent >= 90.0 {
        "#3d7a0a"
    } else if percent >= 75.0 {
        "#a16207"
    } else if percent >= 50.0 {
        "#c2410c"
    } else {
        "#b91c1c"
    }
}

/// Advance width of a character in Verdana, in thousandths of an em.
/// Accented letters take the width of their base letter; characters the
/// table does not know take the width of `m`'s neighbours, a wide guess.
fn advance(c: char) -> u32 {
    let base = match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'À' | 'Â' => 'A',
        'É' | 'È' | 'Ê' => 'E',
        'Ç' => 'C',
        '\u{a0}' | '\u{202f}' => ' ',
        '’' => '\'',
        _ => c,
    };
    match base {
        ' ' => 352,
        '!' => 394,
        '"' => 459,
        '#' => 818,
        '$' => 636,
        '%' => 1076,
        '&' => 727,
        '\'' => 269,
        '(' | ')' => 454,
        '*' => 636,
        '+' => 818,
        ',' | '.' => 364,
        '-' => 431,
        '/' | '\\' => 454,
        '0'..='9' => 636,
        ':' | ';' => 454,
        '<' | '=' | '>' => 818,
        '?' => 545,
        '@' => 1000,
        'A' => 684,
        'B' => 686,
        'C' => 698,
        'D' => 771,
        'E' => 632,
        'F' => 575,
        'G' => 775,
        'H' => 751,
        'I' => 421,
        'J' => 455,
        'K' => 693,
        'L' => 557,
        'M' => 843,
        'N' => 748,
        'O' => 787,
        'P' => 603,
        'Q' => 787,
        'R' => 695,
        'S' => 684,
        'T' => 616,
        'U' => 732,
        'V' => 684,
        'W' => 989,
        'X' => 685,
        'Y' => 615,
        'Z' => 685,
        '[' | ']' => 454,
        '_' => 636,
        'a' => 601,
        'b' | 'd' | 'g' | 'p' | 'q' => 623,
        'c' => 521,
        'e' => 596,
        'f' => 352,
        'h' | 'n' | 'u' => 633,
        'i' | 'l' => 274,
        'j' => 344,
        'k' | 'v' | 'x' | 'y' => 592,
        'm' => 973,
        'o' => 607,
        'r' => 427,
        's' => 521,
        't' => 394,
        'w' => 818,
        'z' => 525,
        '«' | '»' => 644,
        '·' => 364,
        _ => 800,
    }
}

/// Width of a text at the badge's font size, in pixels.
fn text_width(text: &str) -> f64 {
    let thousandths: u32 = text.chars().map(advance).sum();
    f64::from(thousandths) * FONT_PX / 1000.0
}

fn esc(s: &str) -> String {
    escape_markup(s, Markup::Attribute)
}

impl Badge {
    /// Writes the badge as a standalone SVG document.
    pub fn render(&self, out: &mut dyn Write) -> io::Result<()> {
        let label_text = text_width(&self.label).round();
        let message_text = text_width(&self.message).round();
        let label_w = label_text + 2.0 * PADDING;
        let message_w = message_text + 2.0 * PADDING;
        let width = label_w + message_w;
        // Text is drawn at ten times the size and scaled down, which places
        // it on a tenth-of-a-pixel grid.
        let label_x = (label_w / 2.0 * 10.0).round();
        let message_x = ((label_w + message_w / 2.0) * 10.0).round();
        let aria = esc(&format!("{}: {}", self.label, self.message));
        let label = esc(&self.label);
        let message = esc(&self.message);
        writeln!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" role="img" aria-label="{aria}">"##
        )?;
        writeln!(out, "  <title>{}</title>", esc(&self.title))?;
        writeln!(
            out,
            r##"  <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##
        )?;
        writeln!(
            out,
            r##"  <clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>"##
        )?;
        writeln!(out, r##"  <g clip-path="url(#r)">"##)?;
        writeln!(
            out,
            r##"    <rect width="{label_w}" height="{HEIGHT}" fill="{LABEL_COLOR}"/>"##
        )?;
        writeln!(
            out,
            r##"    <rect x="{label_w}" width="{message_w}" height="{HEIGHT}" fill="{}"/>"##,
            self.color
        )?;
        writeln!(
            out,
            r##"    <rect width="{width}" height="{HEIGHT}" fill="url(#s)"/>"##
        )?;
        writeln!(out, "  </g>")?;
        writeln!(
            out,
            r##"  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">"##
        )?;
        for (x, len, text) in [
            (label_x, label_text, &label),
            (message_x, message_text, &message),
        ] {
            let len = len * 10.0;
            writeln!(
                out,
                r##"    <text aria-hidden="true" x="{x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{len}">{text}</text>"##
            )?;
            writeln!(
                out,
                r##"    <text x="{x}" y="140" transform="scale(.1)" textLength="{len}">{text}</text>"##
            )?;
        }
        writeln!(out, "  </g>")?;
        writeln!(out, "</svg>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_rate() {
        assert_eq!(color_for(1.0), "#15803d");
        assert_eq!(color_for(0.96), "#3d7a0a");
        assert_eq!(color_for(0.9), "#3d7a0a");
        assert_eq!(color_for(0.89), "#a16207");
        assert_eq!(color_for(0.5), "#c2410c");
        assert_eq!(color_for(0.0), "#b91c1c");
    }

    #[test]
    fn wider_text_makes_a_wider_badge() {
        assert!(text_width("e-santé") > 35.0 && text_width("e-santé") < 50.0);
        assert_eq!(text_width("é"), text_width("e"));
        assert!(text_width("100 % conforme") > text_width("96 % conforme"));
        let mut narrow = Vec::new();
        let mut wide = Vec::new();
        let badge = |message: &str| Badge {
            label: "e-santé".into(),
            message: message.into(),
            color: color_for(1.0),
            title: "t".into(),
        };
        badge("9 %").render(&mut narrow).unwrap();
        badge("100 % conforme").render(&mut wide).unwrap();
        let width = |svg: &[u8]| -> f64 {
            let svg = std::str::from_utf8(svg).unwrap();
            let at = svg.find("width=\"").unwrap() + 7;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        assert!(width(&wide) > width(&narrow) + 50.0);
    }

    #[test]
    fn text_is_escaped() {
        let mut out = Vec::new();
        Badge {
            label: "a<b".into(),
            message: "c&d".into(),
            color: color_for(1.0),
            title: "\"t\"".into(),
        }
        .render(&mut out)
        .unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert!(svg.contains("a&lt;b") && svg.contains("c&amp;d") && svg.contains("&quot;t&quot;"));
    }
}
