//! Reports: one model ([`Report`], the JSON contract of SPEC §3.3) built once
//! per run, and one reporter per output format behind [`Reporter`].

pub mod agenda;
pub mod badge;
pub mod ics;
mod json;
mod junit;
pub mod lang;
mod markdown;
pub mod oscal;
mod sarif;
pub mod statement;
pub mod table;

use std::io::{self, Write};

use serde::Serialize;

use crate::catalogue::Resolved;
use crate::date::Date;
use crate::diag::{Diagnostic, Source};
use crate::engine::{Counts, Evaluation};
use crate::findings::{Code, FailOn, Severity};
use crate::manifest::{Declaration, Manifest, Status};
use crate::style::Style;

/// The outcome of a check, as every format shows it. Fields marked
/// `serde(skip)` feed the other formats and are not part of the JSON report.
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
    /// The manifest, as locations name it.
    #[serde(skip)]
    pub manifest: String,
    /// Which findings fail the run.
    #[serde(skip)]
    pub fail_on: FailOn,
    /// The requirements behind `organization_counts`.
    #[serde(skip)]
    pub organization_requirements: Vec<RequirementInfo>,
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
    /// The requirements behind `counts`.
    #[serde(skip)]
    pub requirements: Vec<RequirementInfo>,
}

/// An applicable requirement in force, and what is declared for it.
#[derive(Clone, Debug)]
pub struct RequirementInfo {
    /// `<referential>:<requirement>`.
    pub id: String,
    /// `None` when nothing is declared.
    pub status: Option<Status>,
    /// The requirement's title, for formats that name it.
    pub title: String,
    /// What is declared, for formats that show the justification and
    /// evidence.
    pub declaration: Option<Declaration>,
    /// Declared conform, with an error on its evidence: counted apart.
    pub unsubstantiated: bool,
}

impl RequirementInfo {
    /// The requirements in force behind one owner's counts.
    fn of(
        manifest: &Manifest,
        referentials: &[Resolved],
        evaluation: &Evaluation,
        owner: Option<usize>,
    ) -> Vec<RequirementInfo> {
        evaluation
            .applicable
            .iter()
            .filter(|a| a.owner == owner && a.effective)
            .map(|a| {
                let doc = &referentials[a.referential].doc;
                let req = &doc.requirements[a.requirement];
                let declarations = match owner {
                    None => &manifest.commitments,
                    Some(_) => &manifest.declarations,
                };
                let declaration = a.declaration.map(|i| declarations[i].clone());
                RequirementInfo {
                    id: format!("{}:{}", doc.id, req.id),
                    status: declaration.as_ref().map(|d| d.status.value),
                    title: req.title.clone(),
                    declaration,
                    unsubstantiated: a.unsubstantiated,
                }
            })
            .collect()
    }
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

/// The heading of the findings on products the manifest does not have.
pub const UNKNOWN_PRODUCTS: &str = "declarations for unknown products";

impl Report {
    /// Where the product `id` is in [`Report::products`], if it is there.
    pub fn product_position(&self, id: &str) -> Option<usize> {
        self.products.iter().position(|p| p.id == id)
    }

    /// The findings on declarations for products the manifest does not have.
    pub fn findings_on_unknown_products(&self) -> Vec<&FindingInfo> {
        self.findings
            .iter()
            .filter(|f| {
                f.product
                    .as_deref()
                    .is_some_and(|id| self.product_position(id).is_none())
            })
            .collect()
    }

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
                location: f.span.map(|s| location(source, s.start())),
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
                        requirements: RequirementInfo::of(
                            manifest,
                            referentials,
                            evaluation,
                            Some(*i),
                        ),
                    }
                })
                .collect(),
            findings,
            manifest: source.name.clone(),
            fail_on,
            organization_requirements: RequirementInfo::of(
                manifest,
                referentials,
                evaluation,
                None,
            ),
        }
    }

    /// Whether a finding fails this run: an error always shows as a failure
    /// in formats that have failures; `--fail-on warning` adds warnings.
    pub fn fails(&self, f: &FindingInfo) -> bool {
        fails(self.fail_on, f.severity)
    }

    /// Keeps only the findings that [`fails`](Report::fails) (`--quiet`).
    pub fn keep_failures(&mut self) {
        let fail_on = self.fail_on;
        self.findings.retain(|f| fails(fail_on, f.severity));
    }

    /// The report of a manifest that could not be evaluated: its problems as
    /// `invalid-manifest` findings.
    pub fn invalid(source: &Source, diags: &[Diagnostic], today: Date) -> Report {
        let findings = diags
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
                location: Some(location(source, d.span.map_or(0, |s| s.start()))),
            })
            .collect();
        Report::failed(&source.name, findings, today)
    }

    /// The report of a run stopped before any evaluation, by what `code`
    /// names (`invalid-manifest` when there was no manifest to read,
    /// `referentials-unavailable`): that one finding, with the reason.
    pub fn stopped(code: Code, manifest: &str, why: &str, today: Date) -> Report {
        let finding = FindingInfo {
            code,
            severity: Severity::Error,
            product: None,
            requirement: None,
            message: one_line(why),
            location: None,
        };
        Report::failed(manifest, vec![finding], today)
    }

    /// A report of errors that stopped the evaluation.
    fn failed(manifest: &str, findings: Vec<FindingInfo>, today: Date) -> Report {
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
            manifest: manifest.to_string(),
            fail_on: FailOn::Error,
            organization_requirements: Vec::new(),
        }
    }
}

/// A message of several lines (a reason, then advice) as one line.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn fails(fail_on: FailOn, severity: Severity) -> bool {
    severity == Severity::Error || fail_on.fails(severity)
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

/// How a report meant for people is laid out. Files get [`Options::plain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub style: Style,
    /// The terminal's width in columns, to fit tables in; `None`: no limit.
    pub width: Option<u16>,
    /// Only what fails the run (`--quiet`): no header, no counts.
    pub quiet: bool,
    /// Every finding on its own line (`--verbose`): no grouping of many
    /// `missing-declaration` findings into one line.
    pub every_finding: bool,
}

impl Options {
    /// No colour, no width limit.
    pub fn plain() -> Options {
        Options {
            style: Style::plain(),
            width: None,
            quiet: false,
            every_finding: false,
        }
    }
}

/// The formats `check` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people (the default)
    Table,
    /// The JSON report of the contract, for scripts
    Json,
    /// SARIF 2.1.0, for code scanning (findings located in charte.toml)
    Sarif,
    /// JUnit XML, for test reports: one suite per product, one case per requirement
    Junit,
    /// Markdown, for a pull-request comment or a CI job summary
    Markdown,
    /// OSCAL 1.1.2 assessment results, for auditors and GRC tools
    Oscal,
}

impl Format {
    pub fn reporter(self, options: Options) -> Box<dyn Reporter> {
        match self {
            Format::Table => Box::new(table::Table { options }),
            Format::Json => Box::new(json::Json),
            Format::Sarif => Box::new(sarif::Sarif),
            Format::Junit => Box::new(junit::Junit),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Oscal => Box::new(oscal::assessment::AssessmentResults),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Oscal => "oscal",
        }
    }
}

/// `0.83` as `83 %`.
pub fn percent(rate: f64) -> String {
    format!("{:.0} %", rate * 100.0)
}
