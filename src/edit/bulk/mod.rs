//! Bulk declarations (SPEC §2): the CSV and JSONL files that `charte import`
//! reads and `charte export` writes, one declaration or commitment per row.
//!
//! CSV columns are `product,requirement,status,justification,due,declared,evidence`
//! (`product` empty for a commitment). `evidence` holds `;`-separated items,
//! each a `|`-separated list of `key:value` attributes: `url:https://…`,
//! `path:preuves/a.pdf`, `ref:RUN-42`, `proof:ID=REF` (a proof and its
//! reference), `proof:ID`, `kind:video`, `date:2026-03-02`, `sha256:…`.
//! In values, `%3B` stands for `;`, `%7C` for `|` and `%25` for `%`.
//! JSONL has one object per line with the manifest's field names.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use crate::date::Date;
use crate::diag::{Diagnostic, Source, Span};
use crate::manifest::{keys, Record, MAX_MANIFEST_BYTES};

mod csv;
mod evidence_cell;
mod jsonl;
mod rows;

use jsonl::{JsonEvidence, JsonRow};

pub use evidence_cell::{format_evidence, parse_evidence, parse_evidence_item};
pub use rows::check_evidence_item;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values, with a header line
    Csv,
    /// One JSON object per line
    Jsonl,
}

impl Format {
    /// JSONL for `.jsonl` and `.ndjson` files, CSV otherwise.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson") => {
                Format::Jsonl
            }
            _ => Format::Csv,
        }
    }
}

/// The CSV columns, in the order `export` writes them.
pub const COLUMNS: [&str; 7] = keys::DECLARATION;

/// The columns `export --missing` adds for people filling the file in
/// (the requirement's title, its required proofs): `import` ignores them.
pub const READ_ONLY: [&str; 2] = ["title", "proofs"];

/// The largest file imported: no manifest can hold more.
pub const MAX_IMPORT_BYTES: usize = MAX_MANIFEST_BYTES;

/// Which of the [`COLUMNS`] a row gives (CSV: the header's columns; JSONL:
/// the object's keys). An import changes only these fields of a declaration
/// that exists; an empty cell or `null` given clears the field.
pub type Given = [bool; 7];

/// The index of a column in [`COLUMNS`].
pub fn column(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("`{name}` is not an import column"))
}

/// One valid row.
#[derive(Clone, Debug)]
pub struct Row {
    pub record: Record,
    /// The row's first line.
    pub span: Span,
    /// The fields the row gives.
    pub given: Given,
}

/// A file read: its text (for locations), its valid rows and a diagnostic
/// for every problem of every other row.
pub struct Parsed {
    pub source: Source,
    pub rows: Vec<Row>,
    pub problems: Vec<Diagnostic>,
}

/// Reads a whole import file.
pub fn parse(name: &str, bytes: &[u8], format: Format) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // Lines are counted on the text with every line break a `\n`; the CSV
    // reader reads the bytes as they are (a quoted cell keeps its CR), at
    // the same offsets.
    let lf = lone_cr_to_lf(bytes);
    let source = Source::new(name, same_length_text(&lf));
    let lines = Lines::new(&source.text);
    let mut parsed = Parsed {
        rows: Vec::new(),
        problems: Vec::new(),
        source: Source::new(name, String::new()),
    };
    // A CSV header without rows is what `export` writes for a manifest
    // without declarations: an import of nothing.
    let header = match format {
        Format::Csv => csv::parse_csv(bytes, &source.text, &lines, &mut parsed),
        Format::Jsonl => {
            jsonl::parse_jsonl(&lf, &lines, &mut parsed);
            false
        }
    };
    if parsed.rows.is_empty() && parsed.problems.is_empty() && !header {
        parsed.problems.push(
            Diagnostic::new("the file has no rows", Span::default()).help(match format {
                Format::Csv => format!("write a header line `{}`, then one row per declaration", COLUMNS.join(",")),
                Format::Jsonl => "write one JSON object per line, as `{\"product\": \"exemple-lgc\", \"requirement\": \"ins:INS.01\", \"status\": \"conform\"}`".to_string(),
            }),
        );
    }
    parsed.source = source;
    parsed
}

/// A lone CR ends a line as LF does (spreadsheets of old Macs write them):
/// made LF, byte for byte, so that every offset holds and lines are counted
/// one way. CRLF stays.
fn lone_cr_to_lf(bytes: &[u8]) -> Cow<'_, [u8]> {
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(bytes);
    }
    Cow::Owned(
        (0..bytes.len())
            .map(|i| if lone(i) { b'\n' } else { bytes[i] })
            .collect(),
    )
}

/// The text of the file, each byte that is not UTF-8 shown as `?`: one byte
/// for one, so that the readers' byte offsets point into it.
fn same_length_text(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    text
}

/// Where lines start, to point at rows by their line number.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The span of a 1-based line, without its line ending.
    fn span(&self, line: usize) -> Span {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return Span::from(self.text.len()..self.text.len());
        };
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Span::from(start..end.max(start))
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Spans of the fields of the CSV record that starts at byte `start`,
    /// each on the line where the field starts: quoted cells may hold the
    /// delimiter and line breaks. A field that spans lines is pointed at on
    /// its first line; an empty one by the delimiter before it.
    fn fields(&self, start: usize, delimiter: u8, count: usize) -> Vec<Span> {
        let b = self.text.as_bytes();
        let line_end = |from: usize, to: usize| {
            self.text[from..to]
                .find(['\r', '\n'])
                .map_or(to, |i| from + i)
        };
        let mut spans = Vec::with_capacity(count);
        let mut at = start.min(b.len());
        loop {
            let from = at;
            if b.get(at) == Some(&b'"') {
                at += 1;
                while let Some(&c) = b.get(at) {
                    at += 1;
                    if c == b'"' {
                        if b.get(at) == Some(&b'"') {
                            at += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            while let Some(&c) = b.get(at) {
                if c == delimiter || c == b'\n' || c == b'\r' {
                    break;
                }
                at += 1;
            }
            let end = line_end(from, at);
            spans.push(match (end > from, from > start) {
                (true, _) => Span::from(from..end),
                (false, true) => Span::from(from - 1..from),
                (false, false) => Span::from(from..from),
            });
            if spans.len() == count || b.get(at) != Some(&delimiter) {
                break;
            }
            at += 1;
        }
        let whole = self.span(self.line_of(start));
        spans.resize(count, whole);
        spans
    }
}

/// Writes declarations and commitments in an import format.
pub fn write(records: &[Record], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(out);
            w.write_record(COLUMNS)?;
            for r in records {
                let dates = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
                w.write_record([
                    r.product.as_deref().unwrap_or(""),
                    &r.requirement.to_string(),
                    r.status.as_str(),
                    r.justification.as_deref().unwrap_or(""),
                    &dates(r.due),
                    &dates(r.declared),
                    &format_evidence(&r.evidence),
                ])?;
            }
            w.flush()
        }
        Format::Jsonl => {
            for r in records {
                let row = JsonRow {
                    product: r.product.clone(),
                    requirement: r.requirement.to_string(),
                    status: r.status.as_str().to_string(),
                    justification: r.justification.clone(),
                    due: r.due.map(|d| d.to_string()),
                    declared: r.declared.map(|d| d.to_string()),
                    evidence: r
                        .evidence
                        .iter()
                        .map(|e| JsonEvidence {
                            proof: e.proof.clone(),
                            kind: e.kind.clone(),
                            reference: e.reference.clone(),
                            url: e.url.clone(),
                            path: e.path.clone(),
                            sha256: e.sha256.clone(),
                            date: e.date.map(|d| d.to_string()),
                        })
                        .collect(),
                };
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// An applicable requirement without a declaration: a row of the to-do
/// list that `export --missing` writes.
#[derive(Clone, Debug)]
pub struct Missing {
    /// The product; `None` for a commitment of the organization.
    pub product: Option<String>,
    pub requirement: String,
    pub title: String,
    /// The ids of the proofs the requirement requires.
    pub proofs: Vec<String>,
}

/// Writes the to-do list in an import format: the columns of [`write`]
/// with an empty status, then the read-only [`READ_ONLY`] columns.
pub fn write_missing(rows: &[Missing], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(out);
            w.write_record(COLUMNS.iter().chain(&READ_ONLY))?;
            for r in rows {
                let proofs = r.proofs.join(";");
                w.write_record([
                    r.product.as_deref().unwrap_or(""),
                    &r.requirement,
                    "",
                    "",
                    "",
                    "",
                    "",
                    &r.title,
                    &proofs,
                ])?;
            }
            w.flush()
        }
        Format::Jsonl => {
            for r in rows {
                let mut row = serde_json::Map::new();
                if let Some(p) = &r.product {
                    row.insert("product".into(), p.clone().into());
                }
                row.insert("requirement".into(), r.requirement.clone().into());
                row.insert("status".into(), "".into());
                row.insert("title".into(), r.title.clone().into());
                row.insert("proofs".into(), r.proofs.clone().into());
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// Rows that name the same declaration twice: each repeat, with the lines
/// of both rows.
pub fn repeats(rows: &[Row], source: &Source) -> Vec<Diagnostic> {
    let mut first: HashMap<(Option<&str>, String), Span> = HashMap::new();
    let mut diags = Vec::new();
    for row in rows {
        let key = (
            row.record.product.as_deref(),
            row.record.requirement.to_string(),
        );
        match first.get(&key) {
            Some(span) => {
                let line = |s: Span| source.line_col(s.start()).line;
                diags.push(
                    Diagnostic::new(
                        format!(
                            "{} for {} is on line {} and again on line {}",
                            key.1,
                            key.0.unwrap_or("the organization"),
                            line(*span),
                            line(row.span)
                        ),
                        row.span,
                    )
                    .label("repeated row")
                    .help(format!(
                        "keep one row per product and requirement: remove line {} or line {}",
                        line(*span),
                        line(row.span)
                    )),
                )
            }
            None => {
                first.insert(key, row.span);
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests;
