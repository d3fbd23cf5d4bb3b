//! CSV import files: the header (any order of the known columns), the
//! delimiter (`,` or `;`, as spreadsheets write them), and each row's cells.

use super::rows::{push_row, RawEvidence, RawRow};
use super::{Lines, Parsed, COLUMNS, READ_ONLY};
use crate::diag::Diagnostic;
use crate::suggest;

/// Reads the rows; whether the file has a header.
pub(super) fn parse_csv(bytes: &[u8], text: &str, lines: &Lines<'_>, parsed: &mut Parsed) -> bool {
    // A header without commas but with semicolons is a French spreadsheet's CSV.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = ::csv::ByteRecord::new();
    // The column of each cell; `None` for the read-only ones.
    let mut columns: Vec<Option<usize>> = Vec::new();
    let mut given = [false; 7];
    let mut header_line = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.line_of(p.byte() as usize));
                parsed.problems.push(
                    Diagnostic::new(format!("cannot read the CSV: {e}"), lines.span(line))
                        .help("save the file as CSV, UTF-8"),
                );
                return header_line != 0;
            }
        }
        // The reader places a record after the line break before it (the
        // `\n` of a CRLF, blank lines): its text starts after them.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = lines.line_of(start);
        if header_line == 0 {
            header_line = line;
            match header(&record, start, delimiter, lines) {
                Ok(c) => {
                    for &c in c.iter().flatten() {
                        given[c] = true;
                    }
                    columns = c;
                }
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
        let spans = lines.fields(start, delimiter, record.len());
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
        let mut raw = RawRow {
            given,
            ..RawRow::default()
        };
        let mut bad_utf8 = false;
        let mut field_spans = [lines.span(line); 7];
        for (i, (&column, field)) in columns.iter().zip(record.iter()).enumerate() {
            let Some(column) = column else { continue };
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
pub(super) fn header(
    record: &::csv::ByteRecord,
    start: usize,
    delimiter: u8,
    lines: &Lines<'_>,
) -> Result<Vec<Option<usize>>, Vec<Diagnostic>> {
    let line = lines.line_of(start);
    let spans = lines.fields(start, delimiter, record.len());
    let mut columns = Vec::new();
    let mut diags = Vec::new();
    let help_all = format!(
        "the first line names the columns: {}",
        COLUMNS.join(&(delimiter as char).to_string())
    );
    for (i, cell) in record.iter().enumerate() {
        let name = String::from_utf8_lossy(cell).trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            None if READ_ONLY.contains(&name.as_str()) => columns.push(None),
            Some(c) if columns.contains(&Some(c)) => diags.push(
                Diagnostic::new(format!("column `{name}` appears twice"), spans[i])
                    .label("repeated")
                    .help("keep one column of each name"),
            ),
            Some(c) => columns.push(Some(c)),
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
    for required in [1] {
        if !columns.contains(&Some(required)) && diags.is_empty() {
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
