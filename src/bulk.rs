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

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diag::{Diagnostic, Source, Span};
use crate::manifest::{
    french_status, is_id, keys, url_refusal, EvidenceItem, Record, RequirementRef, Status,
    EVIDENCE_KINDS, MAX_MANIFEST_BYTES,
};
use crate::suggest;

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
        Format::Csv => parse_csv(bytes, &source.text, &lines, &mut parsed),
        Format::Jsonl => {
            parse_jsonl(bytes, &lines, &mut parsed);
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

/// A row's fields as text, before validation.
#[derive(Default)]
struct RawRow {
    product: Option<String>,
    requirement: String,
    status: String,
    justification: Option<String>,
    due: Option<String>,
    declared: Option<String>,
    evidence: RawEvidence,
}

enum RawEvidence {
    Cell(String),
    Items(Vec<JsonEvidence>),
}

impl Default for RawEvidence {
    fn default() -> RawEvidence {
        RawEvidence::Cell(String::new())
    }
}

/// A problem of a row: its message, the column, how to fix it.
struct FieldProblem {
    column: usize,
    message: String,
    help: String,
}

fn problem(column: usize, message: impl Into<String>, help: impl Into<String>) -> FieldProblem {
    FieldProblem {
        column,
        message: message.into(),
        help: help.into(),
    }
}

/// Reads the rows; whether the file has a header.
fn parse_csv(bytes: &[u8], text: &str, lines: &Lines<'_>, parsed: &mut Parsed) -> bool {
    // A header without commas but with semicolons is a French spreadsheet's CSV.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut columns: Vec<usize> = Vec::new();
    let mut header_line = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                parsed.problems.push(
                    Diagnostic::new(format!("cannot read the CSV: {e}"), lines.span(line))
                        .help("save the file as CSV, UTF-8"),
                );
                return header_line != 0;
            }
        }
        let line = record.position().map_or(1, |p| p.line() as usize);
        if header_line == 0 {
            header_line = line;
            match header(&record, line, delimiter, lines) {
                Ok(c) => columns = c,
                Err(diags) => {
                    parsed.problems.extend(diags);
                    return true;
                }
            }
            continue;
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let spans = lines.fields(line, delimiter, record.len());
        if record.len() != columns.len() {
            parsed.problems.push(
                Diagnostic::new(
                    format!(
                        "this row has {} fields, and the header {}",
                        record.len(),
                        columns.len()
                    ),
                    lines.span(line),
                )
                .label("this row")
                .help(format!(
                    "give every row the columns of line {header_line}, leaving unknown values empty; quote values that contain `{}`",
                    delimiter as char
                )),
            );
            continue;
        }
        let mut raw = RawRow::default();
        let mut bad_utf8 = false;
        let mut field_spans = [lines.span(line); 7];
        for (i, (&column, field)) in columns.iter().zip(record.iter()).enumerate() {
            field_spans[column] = spans[i];
            let Ok(value) = std::str::from_utf8(field) else {
                parsed.problems.push(
                    Diagnostic::new(
                        format!("column `{}` is not valid UTF-8", COLUMNS[column]),
                        spans[i],
                    )
                    .label("invalid bytes")
                    .help("save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"),
                );
                bad_utf8 = true;
                continue;
            };
            let optional = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
            match column {
                0 => raw.product = optional(value),
                1 => raw.requirement = value.to_string(),
                2 => raw.status = value.to_string(),
                3 => raw.justification = optional(value),
                4 => raw.due = optional(value),
                5 => raw.declared = optional(value),
                _ => raw.evidence = RawEvidence::Cell(value.to_string()),
            }
        }
        if bad_utf8 {
            continue;
        }
        push_row(raw, lines.span(line), &field_spans, parsed);
    }
    header_line != 0
}

/// The column of each header cell; every problem of the header.
fn header(
    record: &csv::ByteRecord,
    line: usize,
    delimiter: u8,
    lines: &Lines<'_>,
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let spans = lines.fields(line, delimiter, record.len());
    let mut columns = Vec::new();
    let mut diags = Vec::new();
    let help_all = format!(
        "the first line names the columns: {}",
        COLUMNS.join(&(delimiter as char).to_string())
    );
    for (i, cell) in record.iter().enumerate() {
        let name = String::from_utf8_lossy(cell).trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if columns.contains(&c) => diags.push(
                Diagnostic::new(format!("column `{name}` appears twice"), spans[i])
                    .label("repeated")
                    .help("keep one column of each name"),
            ),
            Some(c) => columns.push(c),
            None => {
                let help = match suggest::closest(&name, COLUMNS) {
                    Some(near) => format!("did you mean `{near}`? {help_all}"),
                    None => help_all.clone(),
                };
                diags.push(
                    Diagnostic::new(format!("unknown column `{name}`"), spans[i])
                        .label("unknown column")
                        .help(help),
                );
            }
        }
    }
    for required in [1, 2] {
        if !columns.contains(&required) && diags.is_empty() {
            diags.push(
                Diagnostic::new(
                    format!("the header has no `{}` column", COLUMNS[required]),
                    lines.span(line),
                )
                .help(help_all.clone()),
            );
        }
    }
    if diags.is_empty() {
        Ok(columns)
    } else {
        Err(diags)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    product: Option<String>,
    requirement: String,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declared: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<JsonEvidence>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEvidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proof: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

fn parse_jsonl(bytes: &[u8], lines: &Lines<'_>, parsed: &mut Parsed) {
    for (i, line_bytes) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let span = lines.span(line);
        if line_bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(line_bytes) else {
            parsed.problems.push(
                Diagnostic::new("this line is not valid UTF-8", span)
                    .label("invalid bytes")
                    .help("save the file as UTF-8"),
            );
            continue;
        };
        let row: JsonRow = match serde_json::from_str(text) {
            Ok(row) => row,
            Err(e) => {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                let at = span.start() + e.column().saturating_sub(1).min(span.end() - span.start());
                parsed.problems.push(
                    Diagnostic::new(format!("not a declaration: {message}"), Span::from(at..at + 1))
                        .help("write one JSON object per line with the manifest's field names: product, requirement, status, justification, due, declared, evidence"),
                );
                continue;
            }
        };
        let raw = RawRow {
            product: row.product.filter(|p| !p.trim().is_empty()),
            requirement: row.requirement,
            status: row.status,
            justification: row.justification.filter(|j| !j.trim().is_empty()),
            due: row.due,
            declared: row.declared,
            evidence: RawEvidence::Items(row.evidence),
        };
        push_row(raw, span, &[span; 7], parsed);
    }
}

fn push_row(raw: RawRow, span: Span, fields: &[Span; 7], parsed: &mut Parsed) {
    match validate(raw) {
        Ok(record) => parsed.rows.push(Row { record, span }),
        Err(problems) => parsed.problems.extend(problems.into_iter().map(|p| {
            Diagnostic::new(
                format!("{} (column `{}`)", p.message, COLUMNS[p.column]),
                fields[p.column],
            )
            .help(p.help)
        })),
    }
}

/// Turns a row's text into a record, or says everything wrong with it.
fn validate(raw: RawRow) -> Result<Record, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let product = raw.product.map(|p| p.trim().to_string());
    if let Some(p) = &product {
        if !is_id(p) {
            problems.push(problem(
                0,
                format!("`{p}` is not a product id"),
                "product ids are lowercase letters, digits and dashes, as `exemple-lgc`; leave it empty for a commitment",
            ));
        }
    }
    let requirement = raw.requirement.trim();
    let reference = RequirementRef::parse(requirement);
    if reference.is_none() {
        problems.push(problem(
            1,
            if requirement.is_empty() {
                "the requirement is empty".to_string()
            } else {
                format!("`{requirement}` is not a requirement reference")
            },
            "write `<referential>:<requirement>`, as `ins:INS.01`",
        ));
    }
    let status_text = raw.status.trim();
    let status = Status::parse(status_text);
    if status.is_none() {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let help = match french_status(status_text)
            .or_else(|| suggest::closest(status_text, all.iter().copied()))
        {
            Some(near) => format!(
                "did you mean `{near}`? statuses are {}",
                suggest::list(&all)
            ),
            None => format!("statuses are {}", suggest::list(&all)),
        };
        problems.push(problem(
            2,
            if status_text.is_empty() {
                "the status is empty".to_string()
            } else {
                format!("unknown status `{status_text}`")
            },
            help,
        ));
    }
    let mut date = |column: usize, value: Option<String>| -> Option<Date> {
        let v = value?;
        let v = v.trim();
        match v.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(problem(
                    column,
                    format!("`{v}` is not a date"),
                    "write dates as YYYY-MM-DD, as 2027-03-31",
                ));
                None
            }
        }
    };
    let due = date(4, raw.due);
    let declared = date(5, raw.declared);
    let evidence = match raw.evidence {
        RawEvidence::Cell(cell) => parse_evidence(&cell),
        RawEvidence::Items(items) => items
            .into_iter()
            .map(|j| {
                let parse_date = |d: Option<String>| match d {
                    None => Ok(None),
                    Some(d) => d.trim().parse::<Date>().map(Some).map_err(|_| {
                        format!("evidence date `{d}` is not a date: write YYYY-MM-DD")
                    }),
                };
                let item = EvidenceItem {
                    date: parse_date(j.date)?,
                    proof: j.proof,
                    kind: j.kind,
                    reference: j.reference,
                    url: j.url,
                    path: j.path,
                    sha256: j.sha256.map(|s| s.to_ascii_lowercase()),
                };
                check_evidence_item(&item)?;
                Ok(item)
            })
            .collect(),
    };
    let mut evidence = evidence.unwrap_or_else(|e| {
        problems.push(problem(
            6,
            e,
            "write items as `url:https://…`, `path:preuves/a.pdf`, `ref:RUN-42` or `proof:ID=REF`, separated by `;`; join the attributes of one item with `|`, as `proof:ID|url:https://…|date:2026-03-02`",
        ));
        Vec::new()
    });
    // Collected without knowing how many: room for four items, and a file
    // holds tens of thousands of rows.
    evidence.shrink_to_fit();
    match (reference, status) {
        (Some(requirement), Some(status)) if problems.is_empty() => Ok(Record {
            product,
            requirement,
            status,
            justification: raw.justification,
            due,
            declared,
            evidence,
        }),
        _ => Err(problems),
    }
}

/// The rules of the manifest for one evidence item.
pub fn check_evidence_item(e: &EvidenceItem) -> Result<(), String> {
    for (key, value) in e.text_fields() {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(format!("evidence `{key}` is empty"));
        }
    }
    if e.reference.is_none() && e.url.is_none() && e.path.is_none() {
        return Err(
            "an evidence item needs `ref`, `url` or `path`: something to find the proof by"
                .to_string(),
        );
    }
    if let Some(url) = &e.url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("evidence url `{url}` is not an http(s) URL"));
        }
        // The manifest would refuse it.
        if let Some(why) = url_refusal(url) {
            return Err(format!("evidence url `{url}` cannot be used: {why}"));
        }
    }
    if let Some(kind) = &e.kind {
        if !EVIDENCE_KINDS.contains(&kind.as_str()) {
            return Err(format!(
                "unknown evidence kind `{kind}`: kinds are {}",
                suggest::list(EVIDENCE_KINDS)
            ));
        }
    }
    if let Some(sha) = &e.sha256 {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "evidence sha256 `{sha}` is not 64 hexadecimal digits"
            ));
        }
    }
    Ok(())
}

const ITEM_SEPARATOR: char = ';';
const ATTRIBUTE_SEPARATOR: char = '|';

/// Characters that stand for themselves only when escaped, and their escapes.
const ESCAPES: &[(char, &str)] = &[(';', "%3B"), ('|', "%7C")];
/// In a proof id, `=` also separates the id from its reference.
const PROOF_ESCAPES: &[(char, &str)] = &[(';', "%3B"), ('|', "%7C"), ('=', "%3D")];

/// Escapes the separators; a `%` is escaped only where it would otherwise
/// read as an escape, so that URLs keep their own `%20`.
fn escape(value: &str, escapes: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        if let Some((_, code)) = escapes.iter().find(|(e, _)| *e == c) {
            out.push_str(code);
        } else if c == '%' && starts_escape(&value[i..], escapes) {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    out
}

fn starts_escape(s: &str, escapes: &[(char, &str)]) -> bool {
    let head = s.get(..3).unwrap_or("");
    head.eq_ignore_ascii_case("%25")
        || escapes
            .iter()
            .any(|(_, code)| head.eq_ignore_ascii_case(code))
}

fn unescape(value: &str, escapes: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let head = rest[i..].get(..3).unwrap_or("");
        if head.eq_ignore_ascii_case("%25") {
            out.push('%');
            rest = &rest[i + 3..];
        } else if let Some((c, _)) = escapes
            .iter()
            .find(|(_, code)| head.eq_ignore_ascii_case(code))
        {
            out.push(*c);
            rest = &rest[i + 3..];
        } else {
            out.push('%');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The `evidence` cell of a CSV row.
pub fn format_evidence(items: &[EvidenceItem]) -> String {
    let mut out = String::new();
    for (n, e) in items.iter().enumerate() {
        if n > 0 {
            out.push(ITEM_SEPARATOR);
        }
        let mut attrs: Vec<String> = Vec::new();
        let mut reference = e.reference.as_deref();
        if let Some(proof) = &e.proof {
            let id = escape(proof, PROOF_ESCAPES);
            match reference.take() {
                Some(r) => attrs.push(format!("proof:{id}={}", escape(r, ESCAPES))),
                None => attrs.push(format!("proof:{id}")),
            }
        }
        let rest = [
            ("kind", e.kind.as_deref()),
            ("ref", reference),
            ("url", e.url.as_deref()),
            ("path", e.path.as_deref()),
            ("sha256", e.sha256.as_deref()),
        ];
        for (key, value) in rest {
            if let Some(v) = value {
                attrs.push(format!("{key}:{}", escape(v, ESCAPES)));
            }
        }
        if let Some(d) = e.date {
            attrs.push(format!("date:{d}"));
        }
        out.push_str(&attrs.join(&ATTRIBUTE_SEPARATOR.to_string()));
    }
    out
}

/// Reads an `evidence` cell (empty: no evidence).
pub fn parse_evidence(cell: &str) -> Result<Vec<EvidenceItem>, String> {
    cell.split(ITEM_SEPARATOR)
        .filter(|item| !item.trim().is_empty())
        .map(parse_evidence_item)
        .collect()
}

/// Reads one evidence item: `url:https://…`, `proof:ID=REF|date:2026-03-02`…
pub fn parse_evidence_item(item: &str) -> Result<EvidenceItem, String> {
    let mut e = EvidenceItem::default();
    for attr in item.split(ATTRIBUTE_SEPARATOR) {
        let attr = attr.trim_start();
        let Some((key, value)) = attr.split_once(':') else {
            return Err(format!(
                "`{attr}` is not `key:value` (keys: proof, ref, url, path, kind, date, sha256)"
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        // References are kept exactly; other values never end in spaces.
        let text = |v: &str| {
            if key == "ref" {
                unescape(v, ESCAPES)
            } else {
                unescape(v.trim_end(), ESCAPES)
            }
        };
        let slot = match key.as_str() {
            "proof" => {
                let (id, reference) = match value.split_once('=') {
                    Some((id, r)) => (id, Some(r)),
                    None => (value, None),
                };
                if let Some(r) = reference {
                    set(&mut e.reference, "ref", unescape(r, ESCAPES))?;
                }
                set(&mut e.proof, "proof", unescape(id.trim(), PROOF_ESCAPES))?;
                continue;
            }
            "ref" => &mut e.reference,
            "url" => &mut e.url,
            "path" => &mut e.path,
            "kind" => &mut e.kind,
            "sha256" => {
                set(&mut e.sha256, "sha256", text(value).to_ascii_lowercase())?;
                continue;
            }
            "date" => {
                let d = value.trim();
                let date = d
                    .parse::<Date>()
                    .map_err(|_| format!("evidence date `{d}` is not a date: write YYYY-MM-DD"))?;
                if e.date.replace(date).is_some() {
                    return Err("`date` given twice in one item".to_string());
                }
                continue;
            }
            other => {
                let keys = ["proof", "ref", "url", "path", "kind", "date", "sha256"];
                let near = suggest::closest(other, keys)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown evidence attribute `{other}`: {near}attributes are {}",
                    suggest::list(&keys)
                ));
            }
        };
        set(slot, &key, text(value))?;
    }
    check_evidence_item(&e)?;
    Ok(e)
}

fn set(slot: &mut Option<String>, key: &str, value: String) -> Result<(), String> {
    match slot.replace(value) {
        Some(_) => Err(format!("`{key}` given twice in one item")),
        None => Ok(()),
    }
}

/// Writes declarations and commitments in an import format.
pub fn write(records: &[Record], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
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
