//! Cutting a manifest at its `[[declaration]]` tables, so that a large file
//! is parsed piece by piece: the TOML tree of a whole manifest takes about
//! twelve times the size of the text, the tree of a piece only a few
//! hundred kilobytes, and the typed declarations kept are far smaller.
//!
//! The cut is exact for valid TOML: a light lexer follows strings,
//! comments and brackets to find the table headers, and every declaration
//! table goes to a piece while the rest of the document is parsed as one,
//! with the declarations blanked out so that every offset stays the same.
//! Whatever the lexer is not sure of (a header that names `declaration`
//! otherwise than as `[[declaration]]`, an unterminated string) makes it
//! give up, and the caller parses the whole document as usual.

use std::ops::Range;

/// Declaration pieces are cut at table boundaries near this size.
pub(super) const PIECE_BYTES: usize = 64 << 10;

/// A manifest cut at its declarations.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Split {
    /// The document without its declaration tables: each of their bytes
    /// is a space (newlines kept), so offsets are those of the file; it
    /// ends after the last part that is not a declaration.
    pub rest: String,
    /// Runs of whole `[[declaration]]` tables, in document order.
    pub pieces: Vec<Range<usize>>,
    /// How many `[[declaration]]` tables there are.
    pub declarations: usize,
}

/// Cuts `text` at its `[[declaration]]` tables; `None` when it has none or
/// when the cut could differ from a parse of the whole.
pub(super) fn split(text: &str) -> Option<Split> {
    let segments = segments(text)?;
    if !segments.iter().any(|s| s.declaration) {
        return None;
    }
    let end_of = |i: usize| segments.get(i + 1).map_or(text.len(), |s| s.start);

    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut rest_end = 0;
    let mut declarations = 0;
    for (i, s) in segments.iter().enumerate() {
        let end = end_of(i);
        if !s.declaration {
            rest_end = end;
            continue;
        }
        declarations += 1;
        match pieces.last_mut() {
            Some(last) if last.end == s.start && end - last.start <= PIECE_BYTES => last.end = end,
            _ => pieces.push(s.start..end),
        }
    }

    let mut rest = String::with_capacity(rest_end);
    for (i, s) in segments.iter().enumerate() {
        if s.start >= rest_end {
            break;
        }
        let part = &text[s.start..end_of(i).min(rest_end)];
        if s.declaration {
            rest.extend(part.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        } else {
            rest.push_str(part);
        }
    }
    Some(Split {
        rest,
        pieces,
        declarations,
    })
}

/// A part of the document from one table header to the next (the first
/// starts at the top of the file).
#[derive(Debug)]
pub(super) struct Segment {
    pub start: usize,
    /// It is a `[[declaration]]` table.
    pub declaration: bool,
}

/// The table headers of `text`, found by following strings, comments and
/// brackets; `None` where the lexer cannot be sure.
pub(super) fn segments(text: &str) -> Option<Vec<Segment>> {
    let b = text.as_bytes();
    let mut segments = vec![Segment {
        start: 0,
        declaration: false,
    }];
    let mut i = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let mut j = i;
            while j < b.len() && matches!(b[j], b' ' | b'\t') {
                j += 1;
            }
            if depth == 0 && b.get(j) == Some(&b'[') {
                let end = line_end(b, j);
                let declaration = match header(&text[j..end]) {
                    Header::Declaration => true,
                    Header::Other => false,
                    Header::Unsure => return None,
                };
                segments.push(Segment {
                    start: i,
                    declaration,
                });
                i = end;
                continue;
            }
            i = j;
            continue;
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'#' => i = line_end(b, i),
            b'"' => i = basic_string(b, i)?,
            b'\'' => i = literal_string(b, i)?,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(segments)
}

enum Header {
    /// `[[declaration]]`, spaces and a comment allowed.
    Declaration,
    /// Any table that is not about declarations.
    Other,
    /// A header that names `declaration` in another way: a sub-table of
    /// the last declaration, a quoted key, a typo, a comment…
    Unsure,
}

fn header(line: &str) -> Header {
    let plain = line
        .strip_prefix("[[")
        .and_then(|s| s.split_once("]]"))
        .filter(|(name, after)| {
            name.trim_matches([' ', '\t']) == "declaration" && {
                let after = after.trim_start_matches([' ', '\t']);
                after.is_empty() || after == "\r" || after.starts_with('#')
            }
        });
    if plain.is_some() {
        Header::Declaration
    } else if line.contains("declaration") {
        Header::Unsure
    } else {
        Header::Other
    }
}

/// The index of the newline ending the line that `i` is on (or the end).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// Past the basic string (`"…"` or `"""…"""`) opening at `i`.
fn basic_string(b: &[u8], i: usize) -> Option<usize> {
    if b[i..].starts_with(b"\"\"\"") {
        let mut j = i + 3;
        loop {
            match *b.get(j)? {
                b'\\' => j += 2,
                b'"' if b[j..].starts_with(b"\"\"\"") => return Some(closing_quotes(b, j, b'"')),
                _ => j += 1,
            }
        }
    }
    let mut j = i + 1;
    loop {
        match *b.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            b'\n' => return None,
            _ => j += 1,
        }
    }
}

/// Past the literal string (`'…'` or `'''…'''`) opening at `i`.
fn literal_string(b: &[u8], i: usize) -> Option<usize> {
    if b[i..].starts_with(b"'''") {
        let n = b[i + 3..].windows(3).position(|w| w == b"'''")?;
        return Some(closing_quotes(b, i + 3 + n, b'\''));
    }
    let n = b[i + 1..].iter().position(|&c| c == b'\'' || c == b'\n')?;
    (b[i + 1 + n] == b'\'').then_some(i + 2 + n)
}

/// Past a closing triple quote at `j`: up to two more quotes belong to the
/// string's content (`"""a""""` is `a"`).
fn closing_quotes(b: &[u8], j: usize, quote: u8) -> usize {
    let extra = b[j + 3..]
        .iter()
        .take(2)
        .take_while(|&&c| c == quote)
        .count();
    j + 3 + extra
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let s = split(text).expect("splits");
        s.pieces.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn cuts_at_declarations_and_keeps_offsets() {
        let text = "schema = 1\n[organization]\nname = \"x\"\n\n[[declaration]]\nproduct = \"a\"\n# note\n[[product]]\nid = \"a\"\n[[declaration]] # second\nproduct = \"b\"\n";
        let s = split(text).unwrap();
        assert_eq!(s.rest.len(), "schema = 1\n[organization]\nname = \"x\"\n\n[[declaration]]\nproduct = \"a\"\n# note\n[[product]]\nid = \"a\"\n".len());
        assert!(s
            .rest
            .starts_with("schema = 1\n[organization]\nname = \"x\"\n\n"));
        assert!(s.rest.ends_with("\n[[product]]\nid = \"a\"\n"));
        assert!(!s.rest.contains("declaration"));
        assert_eq!(
            pieces(text),
            [
                "[[declaration]]\nproduct = \"a\"\n# note\n",
                "[[declaration]] # second\nproduct = \"b\"\n"
            ]
        );
    }

    #[test]
    fn adjacent_declarations_share_a_piece() {
        let text = "schema = 1\n[[declaration]]\na = 1\n  [[ declaration ]]\r\nb = 2\r\n";
        assert_eq!(
            pieces(text),
            ["[[declaration]]\na = 1\n  [[ declaration ]]\r\nb = 2\r\n"]
        );
    }

    #[test]
    fn headers_inside_values_are_not_headers() {
        let text = concat!(
            "a = \"\"\"\n[[declaration]]\n\"\"\"\"\n",
            "b = '''\n[x]\n'''\n",
            "c = [\n  [1],\n[\"[[declaration]]\"],\n]\n",
            "d = \"# [[declaration]]\" # [y]\n",
            "e = 'it''s'\n",
            "[[declaration]]\nf = \"\\\"]\"\n",
        );
        assert_eq!(pieces(text), ["[[declaration]]\nf = \"\\\"]\"\n"]);
    }

    #[test]
    fn gives_up_when_unsure() {
        for text in [
            "[[declaration]]\n[declaration.evidence]\n",
            "[[\"declaration\"]]\n",
            "[[declarations]]\n",
            "[[product]] # the declaration comes next\n[[declaration]]\n",
            "[[declaration]]\na = \"unterminated\n",
            "[[declaration]]\na = '''never closed\n",
            "a = ]\n[[declaration]]\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }

    #[test]
    fn nothing_to_cut() {
        assert_eq!(split("schema = 1\n[organization]\n"), None);
        assert_eq!(split(""), None);
    }

    #[test]
    fn large_runs_are_cut_at_table_boundaries() {
        let table = "[[declaration]]\nproduct = \"p\"\nrequirement = \"ins:INS.01\"\n";
        let text = format!("schema = 1\n{}", table.repeat(20_000));
        let s = split(&text).unwrap();
        assert_eq!(s.declarations, 20_000);
        assert!(s.pieces.len() > 1);
        assert_eq!(s.pieces[0].start, "schema = 1\n".len());
        assert_eq!(s.pieces.last().unwrap().end, text.len());
        for w in s.pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for p in &s.pieces {
            assert!(text[p.clone()].starts_with("[[declaration]]"));
            assert!(p.len() <= PIECE_BYTES);
        }
        assert_eq!(s.rest, "schema = 1\n");
    }

    /// The manifest read in pieces is the manifest read whole, spans and
    /// problems included.
    #[test]
    fn pieces_read_as_the_whole() {
        use crate::diag::Source;
        use crate::manifest::load::{parse, parse_whole};

        let docs = crate::synth::newest_embedded();
        let mut texts = vec![
            include_str!("../../examples/groupe/charte.toml").to_string(),
            include_str!("../../examples/solo/charte.toml").to_string(),
            crate::synth::manifest(40, 60, &docs),
        ];
        let big = texts[2].clone();
        // Problems inside declarations far into the file, and in the rest.
        texts.push(
            big.replacen("status = \"conform\"", "status = \"conforme\"", 3)
                .replacen("declared = ", "declard = ", 2)
                .replace("requirement = \"ins:INS.03\"", "requirement = \"ins\"")
                .replacen("kind = ", "kind = \"x\"\nkinds = ", 1),
        );
        texts.push(big.replacen("[[declaration]]", "[[declaration]]\nextra = 1", 500));
        texts.push(format!("{big}\n[[product]]\nid = \"late\"\n"));
        // The rest may not declare too: the whole read refuses this.
        texts.push(big.replacen("schema = 1\n", "schema = 1\ndeclaration = []\n", 1));
        for (i, text) in texts.into_iter().enumerate() {
            assert!(split(&text).is_some());
            let source = Source::new("t", text);
            let read = parse(&source);
            // The examples and the synthetic manifest are valid; the
            // altered copies are not.
            assert_eq!(read.is_ok(), i < 3, "text {i}");
            let pieces = format!("{read:?}");
            let whole = format!("{:?}", parse_whole(&source));
            assert!(pieces == whole, "the two reads differ");
        }
    }

    /// Lines that matter to the cut: headers in every spelling, strings,
    /// comments and arrays holding header-like text.
    const FRAGMENTS: &[&str] = &[
        "[[declaration]]\n",
        "[[ declaration ]] # next\n",
        "  [[declaration]]\r\n",
        "product = \"p1\"\n",
        "product = \"p2\"\r\n",
        "requirement = \"ins:INS.01\"\n",
        "requirement = \"ins:INS.02\"\n",
        "status = \"conform\"\n",
        "status = \"conforme\"\n",
        "status = \"partial\"\njustification = \"\"\"\n[[declaration]]\n\"\"\"\"\n",
        "justification = '''\n[product]\n'''\n",
        "evidence = [\n  { ref = \"R]1\", date = 2026-01-01 },\n  # [x]\n]\n",
        "evidence = [\n[ \"x\" ],\n]\n",
        "due = 2027-01-01\n",
        "# [[declaration]] in a comment\n",
        "[[product]]\nid = \"p1\"\nname = \"P\"\nversion = \"1\"\nkind = \"lgc\"\n",
        "[[product]]\nid = \"p2\"\nname = \"Q\"\nversion = \"2\"\nkind = \"dpi\"\n",
        "[organization]\nname = \"O\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n",
        "[referentials]\nuse = [\"ins\"]\n",
        "[[commitment]]\nrequirement = \"charte-engagements:IV.1\"\nstatus = \"conform\"\n",
        "\n",
        "\r\n",
        "é = 1\n",
    ];

    /// What makes the cut give up, rarer so that most texts are cut:
    /// headers the lexer is unsure of, sub-tables of a declaration, broken
    /// lines.
    const ODD: &[&str] = &[
        "[[\"declaration\"]]\n",
        "[declaration.evidence]\nref = \"x\"\n",
        "[[declaration.evidence]]\nref = \"x\"\n",
        "declaration = []\n",
        "x = \"unterminated\n",
        "a = ]\n",
        "b = [\n",
        "c = 'it''s'\n",
    ];

    proptest::proptest! {
        // Cheap cases: enough of them that rare mixes come up every run.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Whatever the text, the read in pieces gives what the whole
        /// read gives: the same manifest or the same problems.
        #[test]
        fn pieces_agree_with_the_whole(
            picks in proptest::collection::vec((0..20usize, 0..64usize), 0..40)
        ) {
            use crate::diag::Source;
            use crate::manifest::load::{parse, parse_whole};
            let mut text = String::from("schema = 1\n");
            for (odd, i) in picks {
                text.push_str(if odd == 0 {
                    ODD[i % ODD.len()]
                } else {
                    FRAGMENTS[i % FRAGMENTS.len()]
                });
            }
            let source = Source::new("t", text);
            proptest::prop_assert_eq!(
                format!("{:?}", parse(&source)),
                format!("{:?}", parse_whole(&source))
            );
        }
    }
}
