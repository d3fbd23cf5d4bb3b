//! Small text forms every stage writes the same way: TOML basic strings,
//! XML and HTML escapes, plurals of English counts, lowercase hex.

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
    fn plurals_and_hex() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
    }
}
