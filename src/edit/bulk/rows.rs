//! A row of an import file, from its text to a [`Record`]: every rule of
//! the manifest checked, every problem of the row said with its column.

use super::evidence_cell::parse_evidence;
use super::jsonl::JsonEvidence;
use super::{Given, Parsed, Row, COLUMNS};
use crate::date::Date;
use crate::diag::{Diagnostic, Span};
use crate::manifest::{
    french_status, is_id, url_refusal, EvidenceItem, Record, RequirementRef, Status, EVIDENCE_KINDS,
};
use crate::suggest;

/// A row's fields as text, before validation.
#[derive(Default)]
pub(super) struct RawRow {
    pub(super) product: Option<String>,
    pub(super) requirement: String,
    pub(super) status: String,
    pub(super) justification: Option<String>,
    pub(super) due: Option<String>,
    pub(super) declared: Option<String>,
    pub(super) evidence: RawEvidence,
    /// The fields the file gives for this row.
    pub(super) given: Given,
}

pub(super) enum RawEvidence {
    Cell(String),
    Items(Vec<JsonEvidence>),
}

impl Default for RawEvidence {
    fn default() -> RawEvidence {
        RawEvidence::Cell(String::new())
    }
}

/// A problem of a row: its message, the column, how to fix it.
pub(super) struct FieldProblem {
    pub(super) column: usize,
    pub(super) message: String,
    pub(super) help: String,
}

pub(super) fn problem(
    column: usize,
    message: impl Into<String>,
    help: impl Into<String>,
) -> FieldProblem {
    FieldProblem {
        column,
        message: message.into(),
        help: help.into(),
    }
}

pub(super) fn push_row(raw: RawRow, span: Span, fields: &[Span; 7], parsed: &mut Parsed) {
    let given = raw.given;
    match validate(raw) {
        Ok(record) => parsed.rows.push(Row {
            record,
            span,
            given,
        }),
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
pub(super) fn validate(raw: RawRow) -> Result<Record, Vec<FieldProblem>> {
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
    // Without a status column, the row keeps the declaration's status
    // (the import says so when there is no declaration): any stands here.
    let status = match raw.given[2] {
        true => Status::parse(status_text),
        false => Some(Status::Conform),
    };
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
