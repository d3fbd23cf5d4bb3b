//! The JUnit XML report, for CI test reports: one test suite for the
//! organization and one per product, one test case per applicable
//! requirement in force. A case fails when a finding on it fails the run
//! (every error; warnings too with `--fail-on warning`), and is skipped when
//! declared not-applicable. Failing findings that concern no applicable
//! requirement (an unknown requirement, a broken manifest) get a case of
//! their own, so that a failed run always shows a failure; other findings
//! go to the suite's output.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FindingInfo, Location, Report, Reporter, RequirementInfo, UNKNOWN_PRODUCTS};
use crate::manifest::Status;
use crate::text::{escape_markup, Markup};

pub struct Junit;

struct Suite<'a> {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case<'a>>,
    /// Findings that concern no case and do not fail.
    output: Vec<&'a FindingInfo>,
}

struct Case<'a> {
    name: String,
    classname: String,
    skipped: bool,
    failures: Vec<&'a FindingInfo>,
    /// Findings on this case that do not fail the run.
    output: Vec<&'a FindingInfo>,
}

impl<'a> Case<'a> {
    fn new(name: String, classname: &str) -> Case<'a> {
        Case {
            name,
            classname: classname.to_string(),
            skipped: false,
            failures: Vec::new(),
            output: Vec::new(),
        }
    }

    fn failed(&self) -> bool {
        !self.failures.is_empty()
    }

    fn is_skipped(&self) -> bool {
        self.skipped && !self.failed()
    }
}

impl<'a> Suite<'a> {
    fn new(name: &str, requirements: &[RequirementInfo]) -> Suite<'a> {
        let cases = requirements
            .iter()
            .map(|q| {
                let mut case = Case::new(q.id.clone(), name);
                case.skipped = q.status == Some(Status::NotApplicable);
                case
            })
            .collect();
        Suite {
            name: name.to_string(),
            properties: Vec::new(),
            cases,
            output: Vec::new(),
        }
    }

    fn add(&mut self, report: &Report, f: &'a FindingInfo) {
        let fails = report.fails(f);
        let case = f
            .requirement
            .as_deref()
            .and_then(|r| self.cases.iter_mut().find(|c| c.name == r));
        match (case, fails) {
            (Some(case), true) => case.failures.push(f),
            (Some(case), false) => case.output.push(f),
            (None, true) => {
                let name = match (&f.requirement, &f.location) {
                    (Some(r), _) => format!("{r} ({})", f.code),
                    (None, Some(l)) => format!("{} {}:{}:{}", f.code, l.file, l.line, l.column),
                    (None, None) => f.code.to_string(),
                };
                let mut case = Case::new(name, &self.name);
                case.failures.push(f);
                self.cases.push(case);
            }
            (None, false) => self.output.push(f),
        }
    }

    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| c.failed()).count()
    }

    fn skipped(&self) -> usize {
        self.cases.iter().filter(|c| c.is_skipped()).count()
    }
}

/// The suites of a report, with every finding placed.
fn suites(r: &Report) -> Vec<Suite<'_>> {
    let mut org = Suite::new("organization", &r.organization_requirements);
    if let (Some(o), Some(c)) = (&r.organization, &r.organization_counts) {
        org.properties = vec![
            ("organization", o.name.clone()),
            ("siren", o.siren.clone()),
            ("conformity", c.conformity.to_string()),
            ("unsubstantiated", c.unsubstantiated.to_string()),
        ];
    }
    let mut suites = vec![org];
    for p in &r.products {
        let mut suite = Suite::new(&p.id, &p.requirements);
        suite.properties = vec![
            ("name", p.name.clone()),
            ("version", p.version.clone()),
            ("kind", p.kind.clone()),
            ("conformity", p.counts.conformity.to_string()),
            ("unsubstantiated", p.counts.unsubstantiated.to_string()),
        ];
        suites.push(suite);
    }
    let mut unknown = Suite::new(UNKNOWN_PRODUCTS, &[]);
    for f in &r.findings {
        let at = match f.product.as_deref() {
            None => Some(0),
            Some(id) => r.product_position(id).map(|i| i + 1),
        };
        match at {
            Some(i) => suites[i].add(r, f),
            None => unknown.add(r, f),
        }
    }
    if !unknown.cases.is_empty() || !unknown.output.is_empty() {
        suites.push(unknown);
    }
    suites
}

/// Escapes text for XML content. Characters XML 1.0 cannot carry at all
/// become U+FFFD.
fn text(s: &str) -> String {
    escape_markup(s, Markup::Text)
}

/// Escapes text for a quoted attribute, where line breaks and tabs must be
/// character references or a parser folds them to spaces.
fn attr(s: &str) -> String {
    escape_markup(s, Markup::Attribute)
}

fn located(f: &FindingInfo) -> String {
    let at = |l: &Location| format!(" ({}:{}:{})", l.file, l.line, l.column);
    format!(
        "{} {}: {}{}",
        f.severity,
        f.code,
        f.message,
        f.location.as_ref().map(at).unwrap_or_default()
    )
}

fn system_out(x: &mut String, indent: &str, findings: &[&FindingInfo]) {
    if findings.is_empty() {
        return;
    }
    let lines: Vec<String> = findings.iter().map(|f| located(f)).collect();
    let _ = writeln!(
        x,
        "{indent}<system-out>{}</system-out>",
        text(&lines.join("\n"))
    );
}

impl Reporter for Junit {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let suites = suites(r);
        let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
        let failures: usize = suites.iter().map(Suite::failures).sum();
        let skipped: usize = suites.iter().map(Suite::skipped).sum();
        let mut x = String::with_capacity(256 * tests + 1024);
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<testsuites name=\"charte check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
        );
        for s in &suites {
            let _ = writeln!(
                x,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
                attr(&s.name),
                s.cases.len(),
                s.failures(),
                s.skipped()
            );
            if !s.properties.is_empty() {
                x.push_str("    <properties>\n");
                for (name, value) in &s.properties {
                    let _ = writeln!(
                        x,
                        "      <property name=\"{name}\" value=\"{}\"/>",
                        attr(value)
                    );
                }
                x.push_str("    </properties>\n");
            }
            for c in &s.cases {
                let open = format!(
                    "    <testcase name=\"{}\" classname=\"{}\"",
                    attr(&c.name),
                    attr(&c.classname)
                );
                if !c.failed() && !c.is_skipped() && c.output.is_empty() {
                    let _ = writeln!(x, "{open}/>");
                    continue;
                }
                let _ = writeln!(x, "{open}>");
                if let Some(first) = c.failures.first() {
                    let details: Vec<String> = c.failures.iter().map(|f| located(f)).collect();
                    let _ = writeln!(
                        x,
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                        attr(&first.message),
                        first.code,
                        text(&details.join("\n"))
                    );
                } else if c.is_skipped() {
                    x.push_str("      <skipped message=\"declared not-applicable\"/>\n");
                }
                system_out(&mut x, "      ", &c.output);
                x.push_str("    </testcase>\n");
            }
            system_out(&mut x, "    ", &s.output);
            x.push_str("  </testsuite>\n");
        }
        x.push_str("</testsuites>\n");
        out.write_all(x.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_xml_cannot_hold() {
        assert_eq!(
            attr("a<b & \"c\" 'd'>\n\u{7}"),
            "a&lt;b &amp; &quot;c&quot; 'd'&gt;&#10;\u{fffd}"
        );
        assert_eq!(text("\"a\" <b>\n\r"), "\"a\" &lt;b&gt;\n&#13;");
    }
}
