//! Reports: one model ([`Report`], the JSON contract of SPEC §3.3) built once
//! per run, and one reporter per output format behind [`Reporter`].

pub mod agenda;
pub mod badge;
pub mod ics;
mod json;
pub mod lang;
pub mod statement;
mod table;

use std::io::{self, Write};

use serde::Serialize;

use crate::catalogue::Resolved;
use crate::date::Date;
use crate::diag::{Diagnostic, Source};
use crate::engine::{Code, Counts, Evaluation, FailOn, Severity};
use crate::manifest::Manifest;
use crate::style::Style;

/// The outcome of a check, as every format shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub schema: u32,
    pub tool: Tool,
    pub today: Date,
    pub organization: Option<OrganizationInfo>,
    pub referentials: Vec<ReferentialInfo>,
    pub summary: Summary,
    pub organization_counts: Option<Counts>,
    pub products: Vec<ProductInfo>,
    pub findings: Vec<FindingInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub fn this() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct OrganizationInfo {
    pub name: String,
    pub siren: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReferentialInfo {
    pub id: String,
    pub version: String,
    pub sha256: String,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub passed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProductInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingInfo {
    pub code: Code,
    pub severity: Severity,
    pub product: Option<String>,
    pub requirement: Option<String>,
    pub message: String,
    pub location: Option<Location>,
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Report {
    /// The report of an evaluation.
    pub fn new(
        manifest: &Manifest,
        source: &Source,
        referentials: &[Resolved],
        evaluation: &Evaluation,
        today: Date,
        fail_on: FailOn,
    ) -> Report {
        let findings = evaluation
            .findings
            .iter()
            .map(|f| FindingInfo {
                code: f.code,
                severity: f.severity,
                product: f.product.clone(),
                requirement: f.requirement.clone(),
                message: f.message.clone(),
                location: f.span.map(|s| location(source, s.start)),
            })
            .collect();
        Report {
            schema: 1,
            tool: Tool::this(),
            today,
            organization: Some(OrganizationInfo {
                name: manifest.organization.name.clone(),
                siren: manifest.organization.siren.clone(),
            }),
            referentials: referentials
                .iter()
                .map(|r| ReferentialInfo {
                    id: r.doc.id.clone(),
                    version: r.doc.version.to_string(),
                    sha256: r.sha256.clone(),
                    source: r.source.clone(),
                })
                .collect(),
            summary: Summary {
                errors: evaluation.count(Severity::Error),
                warnings: evaluation.count(Severity::Warning),
                infos: evaluation.count(Severity::Info),
                passed: evaluation.passed(fail_on),
            },
            organization_counts: Some(evaluation.organization.clone()),
            products: evaluation
                .products
                .iter()
                .map(|(i, counts)| {
                    let p = &manifest.products[*i];
                    ProductInfo {
                        id: p.id.value.clone(),
                        name: p.name.clone(),
                        version: p.version.clone(),
                        kind: p.kind.clone(),
                        counts: counts.clone(),
                    }
                })
                .collect(),
            findings,
        }
    }

    /// The report of a manifest that could not be evaluated: its problems as
    /// `invalid-manifest` findings.
    pub fn invalid(source: &Source, diags: &[Diagnostic], today: Date) -> Report {
        let findings: Vec<FindingInfo> = diags
            .iter()
            .map(|d| FindingInfo {
                code: Code::InvalidManifest,
                severity: Severity::Error,
                product: None,
                requirement: None,
                message: match &d.help {
                    Some(help) => format!("{} ({help})", d.message),
                    None => d.message.clone(),
                },
                location: Some(location(source, d.span.map_or(0, |s| s.start))),
            })
            .collect();
        Report {
            schema: 1,
            tool: Tool::this(),
            today,
            organization: None,
            referentials: Vec::new(),
            summary: Summary {
                errors: findings.len(),
                warnings: 0,
                infos: 0,
                passed: false,
            },
            organization_counts: None,
            products: Vec::new(),
            findings,
        }
    }
}

fn location(source: &Source, offset: usize) -> Location {
    let at = source.line_col(offset);
    Location {
        file: source.name.clone(),
        line: at.line,
        column: at.column,
    }
}

/// Writes a report in one format.
pub trait Reporter {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// The formats `check` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people (the default)
    Table,
    /// The JSON report of the contract, for scripts
    Json,
}

impl Format {
    pub fn reporter(self, style: Style) -> Box<dyn Reporter> {
        match self {
            Format::Table => Box::new(table::Table { style }),
            Format::Json => Box::new(json::Json),
        }
    }
}

/// `0.83` as `83 %`.
pub fn percent(rate: f64) -> String {
    format!("{:.0} %", rate * 100.0)
}
