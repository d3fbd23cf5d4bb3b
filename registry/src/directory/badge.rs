//! The product badge of the directory (`…/badge.svg`): the rules of
//! `charte badge` (label, message, colour by rate, accessible title), drawn
//! again here because the registry does not depend on the client; a test
//! of the client's suite checks that both draw the same label, message and
//! colour for the same product.

use maud::{html, Markup, PreEscaped};

use super::model::Row;
use super::text::Lang;

/// Font size of the text, in pixels.
const FONT_PX: f64 = 11.0;
/// Space on each side of a text, in pixels.
const PADDING: f64 = 5.0;
const HEIGHT: u32 = 20;
/// The label side's background (contrast with white text: 7.5:1).
const LABEL_COLOR: &str = "#555";
/// A withdrawn product's message side (white text: 7:1).
const WITHDRAWN_COLOR: &str = "#595959";

/// The colour for a conformity rate, as `charte badge` chooses it.
pub fn color_for(rate: f64) -> &'static str {
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

/// The badge of a product's head.
pub fn svg(lang: Lang, row: &Row) -> String {
    let product = row.title();
    let label = lang.fill(lang.t("e-santé · {}", "e-health · {}"), &product);
    let self_declared = lang.t("auto-déclaré", "self-declared");
    let (message, color, title) = match (&row.counts, row.withdrawn) {
        (Some(counts), false) => {
            let rate = lang.percent(counts.conformity);
            let message = match lang {
                Lang::Fr => format!("{rate} conforme · {self_declared}"),
                Lang::En => format!("{rate} conform · {self_declared}"),
            };
            let title = match lang {
                Lang::Fr => format!(
                    "{product} : {}. Déclaration de l'éditeur du {}, auto-déclarée : ni certification, ni label, ni référencement.",
                    lang.basis(counts),
                    lang.date(&row.received_at)
                ),
                Lang::En => format!(
                    "{product}: {}. The publisher's own declaration of {}, self-declared: neither a certification, nor a label, nor a referencing.",
                    lang.basis(counts),
                    lang.date(&row.received_at)
                ),
            };
            (message, color_for(counts.conformity), title)
        }
        _ => {
            let on = lang.date(&row.received_at);
            let message = lang.fill(lang.t("retiré le {}", "withdrawn on {}"), &on);
            let title = format!("{product} : {message}");
            (message, WITHDRAWN_COLOR, title)
        }
    };
    render(&label, &message, color, &title).into_string()
}

fn render(label: &str, message: &str, color: &str, title: &str) -> Markup {
    let label_text = text_width(label).round();
    let message_text = text_width(message).round();
    let label_w = label_text + 2.0 * PADDING;
    let message_w = message_text + 2.0 * PADDING;
    let width = label_w + message_w;
    let label_x = (label_w / 2.0 * 10.0).round();
    let message_x = ((label_w + message_w / 2.0) * 10.0).round();
    let aria = format!("{label}: {message}");
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(HEIGHT) role="img" aria-label=(aria) {
            title { (title) }
            (PreEscaped(r##"<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##))
            clipPath id="r" { rect width=(width) height=(HEIGHT) rx="3" fill="#fff" {} }
            g clip-path="url(#r)" {
                rect width=(label_w) height=(HEIGHT) fill=(LABEL_COLOR) {}
                rect x=(label_w) width=(message_w) height=(HEIGHT) fill=(color) {}
                rect width=(width) height=(HEIGHT) fill="url(#s)" {}
            }
            g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110" {
                @for (x, len, text) in [(label_x, label_text * 10.0, label), (message_x, message_text * 10.0, message)] {
                    text aria-hidden="true" x=(x) y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength=(len) { (text) }
                    text x=(x) y="140" transform="scale(.1)" textLength=(len) { (text) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_rate_as_charte_badge_does() {
        assert_eq!(color_for(1.0), "#15803d");
        assert_eq!(color_for(0.9), "#3d7a0a");
        assert_eq!(color_for(0.75), "#a16207");
        assert_eq!(color_for(0.5), "#c2410c");
        assert_eq!(color_for(0.49), "#b91c1c");
    }
}
