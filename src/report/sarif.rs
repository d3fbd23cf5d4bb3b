//! The SARIF 2.1.0 report, for code scanning: one rule per finding code,
//! with its help from the finding reference, and one result per finding,
//! located in the manifest. Allowed findings never reach the report, so they
//! are not results.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Reporter};
use crate::findings::explain::{self, Explanation};
use crate::findings::{Code, Severity};

pub struct Sarif;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    /// Locations count columns in characters, as charte does.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties {
    default_severity: &'static str,
    tags: [&'static str; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [ResultLocation; 1],
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirement: Option<&'a str>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `missing-declaration` as `MissingDeclaration`: SARIF's name for a rule.
fn pascal_case(code: Code) -> String {
    code.as_str()
        .split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

fn rule(e: &Explanation) -> Rule {
    let default = e.default.describe();
    Rule {
        id: e.code.as_str(),
        name: pascal_case(e.code),
        short_description: Text { text: e.title() },
        full_description: Text {
            text: e.meaning.to_string(),
        },
        help: Help {
            text: format!(
                "{}\n\nDefault severity: {default}.\n\nHow to fix: {}",
                e.meaning, e.fix
            ),
            markdown: format!(
                "{}\n\n**Default severity:** {default}.\n\n**How to fix.** {}",
                e.meaning, e.fix
            ),
        },
        help_uri: explain::reference_url(e.code),
        default_configuration: Configuration {
            level: level(e.default.highest()),
        },
        properties: RuleProperties {
            default_severity: default,
            tags: ["conformity", "e-santé"],
        },
    }
}

/// A manifest path as a URI reference: relative paths stay relative (to
/// the folder the check ran in, the repository root in CI), absolute ones
/// become `file://` URIs; anything outside the unreserved set is
/// percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/');
    let windows_drive = path.as_bytes().get(1) == Some(&b':');
    if absolute {
        out.push_str("file://");
    } else if windows_drive {
        out.push_str("file:///");
    }
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if windows_drive && i == 1 => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Reporter for Sarif {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Rule> = explain::REFERENCE.iter().map(rule).collect();
        let manifest_uri = uri(&r.manifest);
        let results = r
            .findings
            .iter()
            .map(|f| {
                // Code scanning wants a location for every result; a finding
                // about the whole manifest points at its first line.
                let (file, line, column) = match &f.location {
                    Some(l) => (uri(&l.file), l.line, l.column),
                    None => (manifest_uri.clone(), 1, 1),
                };
                SarifResult {
                    rule_id: f.code.as_str(),
                    // Rules follow Code::ALL, the order of the enum.
                    rule_index: f.code as usize,
                    level: level(f.severity),
                    message: Text {
                        text: f.message.clone(),
                    },
                    locations: [ResultLocation {
                        physical_location: PhysicalLocation {
                            artifact_location: ArtifactLocation { uri: file },
                            region: Region {
                                start_line: line,
                                start_column: column,
                            },
                        },
                    }],
                    properties: ResultProperties {
                        severity: f.severity,
                        product: f.product.as_deref(),
                        requirement: f.requirement.as_deref(),
                    },
                }
            })
            .collect();
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: r.tool.name,
                        version: r.tool.version,
                        semantic_version: r.tool.version,
                        information_uri: explain::REPOSITORY.to_string(),
                        rules,
                    },
                },
                invocations: [Invocation {
                    execution_successful: true,
                }],
                column_kind: "unicodeCodePoints",
                results,
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal_case(Code::MissingDeclaration), "MissingDeclaration");
        assert_eq!(
            uri("examples/groupe/charte.toml"),
            "examples/groupe/charte.toml"
        );
        assert_eq!(uri("../charte.toml"), "../charte.toml");
        assert_eq!(
            uri("/srv/dépôt/charte.toml"),
            "file:///srv/d%C3%A9p%C3%B4t/charte.toml"
        );
        assert_eq!(
            uri("C:\\dépôts\\charte.toml"),
            "file:///C:/d%C3%A9p%C3%B4ts/charte.toml"
        );
        assert_eq!(uri("a b#c.toml"), "a%20b%23c.toml");
    }
}
