//! Small text forms every stage writes the same way: TOML basic strings,
//! XML and HTML escapes, text from elsewhere made printable, plurals of
//! English counts, lowercase hex.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A TOML basic string on one line, `"…"`: quotes and backslashes escaped,
/// newline, return and tab as `\n`, `\r`, `\t`, other control characters
/// TOML forbids as `\uXXXX`. The one quoter for every TOML charte writes
/// (the manifest's edits, `charte.lock`, the credentials file).
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where escaped text goes in a markup document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// XML element content: `&`, `<`, `>`.
    Text,
    /// A double-quoted XML attribute: also `"`, and newline and tab as
    /// character references, which a parser would otherwise fold to spaces.
    Attribute,
    /// HTML content or attribute, either quote: also `"` and `'`.
    Html,
}

/// Escapes text for XML or HTML. Control characters XML 1.0 cannot hold
/// (and U+FFFE, U+FFFF) become U+FFFD; a carriage return, which parsers
/// fold away, is kept as `&#13;`.
pub fn escape_markup(s: &str, markup: Markup) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if markup != Markup::Text => out.push_str("&quot;"),
            '\'' if markup == Markup::Html => out.push_str("&#39;"),
            '\n' if markup == Markup::Attribute => out.push_str("&#10;"),
            '\t' if markup == Markup::Attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// What stands for a character [`printable`] will not show.
pub const REPLACEMENT: char = '\u{fffd}';

/// Text that charte did not write (a registry's message, a receipt's field)
/// made safe to show on one line of a terminal or of a report: it is data,
/// and must not move the cursor, clear the screen, retitle the window, hide
/// what precedes it or start a line of its own.
///
/// Escape sequences are removed whole: CSI (`ESC [` or U+009B, parameters,
/// a final byte), the strings OSC, DCS, SOS, PM and APC up to their
/// terminator (BEL or ST), and the two-character escapes. Every other
/// control character — C0 with newline, carriage return and tab, DEL, C1 —
/// and the characters that break or reorder a line as it is shown (U+2028,
/// U+2029, the bidirectional embeddings, overrides and isolates) become
/// U+FFFD. Borrowed when there is nothing to change.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unprintable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                // nF escapes: intermediates, then one final byte.
                Some(' '..='/') => {
                    while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
                    chars.next_if(|c| matches!(c, '0'..='~'));
                }
                Some('0'..='~') => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if unprintable(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The rest of a control sequence: parameter and intermediate bytes, then
/// the final byte. Anything else ends it early and is read as text.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// The rest of a control string, up to BEL or ST (`ESC \\` or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// `1 error`, `2 errors`: a count and an English noun that takes `s`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", plural_s(n))
}

/// The `s` of an English plural, for a noun written apart from its count.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_read_back_as_written() {
        for s in [
            "plain",
            "a \"q\" \\ b",
            "l1\nl2\r\tt",
            "\u{0}\u{1f}\u{7f}",
            "é ✓ 𝄞",
        ] {
            let doc: toml::Table = toml::from_str(&format!("k = {}", toml_string(s))).unwrap();
            assert_eq!(doc["k"].as_str(), Some(s));
        }
    }

    #[test]
    fn escapes_what_each_markup_needs() {
        let s = "a<b & \"c\" 'd'>\n\r\t\u{1}";
        assert_eq!(
            escape_markup(s, Markup::Text),
            "a&lt;b &amp; \"c\" 'd'&gt;\n&#13;\t\u{fffd}"
        );
        assert_eq!(
            escape_markup(s, Markup::Attribute),
            "a&lt;b &amp; &quot;c&quot; 'd'&gt;&#10;&#13;&#9;\u{fffd}"
        );
        assert_eq!(
            escape_markup(s, Markup::Html),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\n&#13;\t\u{fffd}"
        );
    }

    #[test]
    fn printable_text_holds_no_control_and_no_escape_sequence() {
        assert!(matches!(printable("plain é ✓ 𝄞"), Cow::Borrowed(_)));
        for (from, to) in [
            ("\u{1b}[2Jcleared", "cleared"),
            ("\u{1b}[1;31mred\u{1b}[0m", "red"),
            ("a\rb\nc\td", "a\u{fffd}b\u{fffd}c\u{fffd}d"),
            ("\u{1b}]0;title\u{7}text", "text"),
            (
                "\u{1b}]8;;https://x.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
                "link",
            ),
            ("\u{9b}2Jc1", "c1"),
            ("\u{1b}(Bx\u{1b}7y", "xy"),
            ("\u{0}\u{7f}\u{85}", "\u{fffd}\u{fffd}\u{fffd}"),
            ("\u{202e}txt.exe", "\u{fffd}txt.exe"),
            ("line\u{2028}break", "line\u{fffd}break"),
            // A sequence cut short leaves what follows as text.
            ("\u{1b}[12\nx", "\u{fffd}x"),
            ("end\u{1b}", "end"),
        ] {
            assert_eq!(printable(from), to, "{from:?}");
        }
    }

    #[test]
    fn plurals_and_hex() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
    }
}
