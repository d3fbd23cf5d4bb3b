//! Terminal styling: ANSI colours when the stream is a terminal and the user
//! did not say otherwise (`--color`, `NO_COLOR`), plain text everywhere else;
//! and text wrapped to a width.

use std::fmt::Write as _;

/// Whether to colour a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    color: bool,
}

impl Style {
    pub fn new(color: bool) -> Style {
        Style { color }
    }

    pub fn plain() -> Style {
        Style { color: false }
    }

    pub fn enabled(&self) -> bool {
        self.color
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn error(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn warning(&self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn info(&self, text: &str) -> String {
        self.paint("1;36", text)
    }

    pub fn good(&self, text: &str) -> String {
        self.paint("1;32", text)
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn blue(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
pub fn wrap(paragraph: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("aa bb cc dd", 5, "> "), "> aa bb\n> cc dd\n");
        assert_eq!(wrap("abcdefgh ij", 5, ""), "abcdefgh\nij\n");
    }
}
