//! Diagnostics that point into a file: a message, the file:line:col, the
//! offending text underlined, and a sentence saying how to fix it.
//!
//! Used for everything the user wrote (the manifest, import files). Rendering
//! is plain text; colour is added by the caller's `Style`.

use std::fmt::Write as _;
use std::ops::Range;

/// A byte range in a source text, in 8 bytes: a large manifest keeps
/// hundreds of thousands of them, and the texts read are far below 4 GiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Span {
            start: at(r.start),
            end: at(r.end),
        }
    }
}

/// A text with its name (the path as the user sees it) and its line starts.
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Byte offsets of the lines; 4 bytes each, as the texts read are far
    /// below 4 GiB (the table takes a fifth of a manifest's size).
    line_starts: Vec<u32>,
}

/// A position for humans: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Source {
    pub fn new(name: impl Into<String>, text: String) -> Source {
        // Counted first: a growing vector would copy itself and keep up to
        // twice the room.
        let lines = 1 + text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(lines);
        line_starts.push(0);
        line_starts.extend(
            text.match_indices('\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        Source {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1] as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next as usize - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in a source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub span: Option<Span>,
    /// Short text printed under the underline.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>, span: impl Into<Option<Span>>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span: span.into(),
            label: None,
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Longest stretch of a line shown; longer lines are cut around the problem.
const WINDOW: usize = 100;

/// Renders a diagnostic as rustc and cargo do:
///
/// ```text
/// error: `siren` fails the Luhn check
///  --> charte.toml:5:9
///   |
/// 5 | siren = "732829321"
///   |         ^^^^^^^^^^^ not a valid SIREN
///   |
///   = help: copy the 9 digits from the company's Kbis
/// ```
pub fn render(source: &Source, diag: &Diagnostic, style: &crate::style::Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        style.error("error"),
        style.bold(&diag.message)
    );
    let Some(span) = diag.span else {
        let _ = writeln!(out, "  --> {}", source.name);
        if let Some(help) = &diag.help {
            let _ = writeln!(out, "   = {}: {help}", style.bold("help"));
        }
        return out;
    };
    let at = source.line_col(span.start());
    let gutter = at.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.blue("-->"),
        source.name,
        at.line,
        at.column
    );
    let _ = writeln!(out, "{pad} {}", style.blue("|"));

    let line: Vec<char> = source.line_text(at.line).chars().collect();
    let end = source.line_col(span.end().max(span.start()));
    // A span may start on the line ending, which the shown line leaves out
    // (the `\n` of a `\r\n`): underline just past the line's end.
    let first = (at.column - 1).min(line.len());
    // Underline to the end of the span, or of the line when it runs on.
    let last = if end.line == at.line {
        end.column - 1
    } else {
        line.len()
    }
    .max(first + 1);
    let (from, to) = window(line.len(), first, last);
    let mut shown: String = line[from..to]
        .iter()
        .map(|&c| if c == '\t' { ' ' } else { c })
        .collect();
    if from > 0 {
        shown.insert(0, '…');
    }
    if to < line.len() {
        shown.push('…');
    }
    let lead = first - from + usize::from(from > 0);
    let width = (last.min(to) - first).max(1);
    let _ = writeln!(
        out,
        "{} {} {shown}",
        style.blue(&at.line.to_string()),
        style.blue("|")
    );
    let marks = format!("{}{}", " ".repeat(lead), "^".repeat(width));
    let label = diag
        .label
        .as_deref()
        .map(|l| format!(" {l}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{pad} {} {}",
        style.blue("|"),
        style.error(&format!("{marks}{label}"))
    );
    if let Some(help) = &diag.help {
        let _ = writeln!(out, "{pad} {}", style.blue("|"));
        let _ = writeln!(
            out,
            "{pad} {} {}: {help}",
            style.blue("="),
            style.bold("help")
        );
    }
    out
}

/// The part of a long line to show so that `first..last` stays visible.
fn window(len: usize, first: usize, last: usize) -> (usize, usize) {
    if len <= WINDOW {
        return (0, len);
    }
    let from = first.saturating_sub(20).min(len.saturating_sub(WINDOW));
    let to = (from + WINDOW).max(last.min(first + WINDOW)).min(len);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = Source::new("f", "a = 1\r\nnom = \"Société\" x\n".into());
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        let x = src.text.find(" x").unwrap() + 1;
        assert_eq!(
            src.line_col(x),
            LineCol {
                line: 2,
                column: 17
            }
        );
        assert_eq!(src.line_text(1), "a = 1");
    }

    #[test]
    fn renders_an_underline_under_the_offending_text() {
        let src = Source::new("charte.toml", "schema = 1\nsiren = \"123\"\n".into());
        let start = src.text.find("\"123\"").unwrap();
        let d = Diagnostic::new("bad SIREN", Span::from(start..start + 5))
            .label("9 digits expected")
            .help("copy it from the Kbis");
        let text = render(&src, &d, &crate::style::Style::plain());
        assert_eq!(
            text,
            "error: bad SIREN\n --> charte.toml:2:9\n  |\n2 | siren = \"123\"\n  |         ^^^^^ 9 digits expected\n  |\n  = help: copy it from the Kbis\n"
        );
    }

    #[test]
    fn a_span_on_a_line_ending_is_underlined_past_the_line() {
        // An unterminated string before a CRLF: TOML points at the `\n`,
        // one column past the line shown without its `\r`.
        let src = Source::new("charte.toml", "a = 1\r\nb = \"x\r\nc = 2\r\n".into());
        let diags = crate::manifest::parse(&src).unwrap_err();
        for d in &diags {
            render(&src, d, &crate::style::Style::plain());
        }
        let nl = src.text.find("x\r\n").unwrap() + 2;
        for (start, end) in [(nl, nl + 1), (nl - 1, nl + 1), (nl, nl)] {
            let d = Diagnostic::new("m", Span::from(start..end));
            let text = render(&src, &d, &crate::style::Style::plain());
            assert!(text.contains("2 | b = \"x\n  |       ^\n"), "{text}");
        }
        let long = format!("a = \"{}\r\n", "x".repeat(300));
        let src = Source::new("f", long);
        let at = src.text.len() - 1;
        let d = Diagnostic::new("m", Span::from(at..at + 1));
        assert!(render(&src, &d, &crate::style::Style::plain()).contains('^'));
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let line = format!("a = \"{}\" b", "x".repeat(500));
        let src = Source::new("f", line.clone());
        let start = line.len() - 1;
        let d = Diagnostic::new("m", Span::from(start..start + 1));
        let text = render(&src, &d, &crate::style::Style::plain());
        assert!(text.lines().all(|l| l.chars().count() < 130), "{text}");
        assert!(text.contains("…"));
    }
}
