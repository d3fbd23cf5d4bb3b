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

/// The largest file imported: no manifest can hold more.
pub const MAX_IMPORT_BYTES: usize = MAX_MANIFEST_BYTES;

/// One valid row.
#[derive(Clone, Debug)]
pub struct Row {
    pub record: Record,
    /// The row's first line.
    pub span: Span,
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
    let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
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
            jsonl::parse_jsonl(bytes, &lines, &mut parsed);
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

    /// Spans of the fields of a one-line, unquoted CSV row; otherwise the
    /// whole line for each.
    fn fields(&self, line: usize, delimiter: u8, count: usize) -> Vec<Span> {
        let whole = self.span(line);
        let text = &self.text[whole.start()..whole.end()];
        if text.contains('"') || text.bytes().filter(|&b| b == delimiter).count() + 1 != count {
            return vec![whole; count];
        }
        let mut spans = Vec::with_capacity(count);
        let mut at = whole.start();
        for field in text.split(delimiter as char) {
            let end = at + field.len();
            // An empty field is pointed at by its delimiter.
            spans.push(Span::from(at..end.max(at + 1)));
            at = end + 1;
        }
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

/// Rows that name the same declaration twice: each repeat, with the line
/// of the first.
pub fn repeats(rows: &[Row], source: &Source) -> Vec<Diagnostic> {
    let mut first: HashMap<(Option<&str>, String), Span> = HashMap::new();
    let mut diags = Vec::new();
    for row in rows {
        let key = (
            row.record.product.as_deref(),
            row.record.requirement.to_string(),
        );
        match first.get(&key) {
            Some(span) => diags.push(
                Diagnostic::new(
                    format!(
                        "{} is declared again for {}",
                        key.1,
                        key.0.unwrap_or("the organization")
                    ),
                    row.span,
                )
                .label("repeated row")
                .help(format!(
                    "keep one row per product and requirement (the first is on line {})",
                    source.line_col(span.start()).line
                )),
            ),
            None => {
                first.insert(key, row.span);
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests;
