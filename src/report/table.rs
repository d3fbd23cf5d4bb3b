//! The table report for people: a summary row per product, then the
//! findings grouped by product.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{modifiers::UTF8_ROUND_CORNERS, CellAlignment, ContentArrangement};

use super::{percent, FindingInfo, Report, Reporter};
use crate::engine::{Counts, Severity};
use crate::style::Style;

pub struct Table {
    pub style: Style,
}

fn new_table(header: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .apply_modifier(UTF8_ROUND_CORNERS)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    t
}

fn counts_row(label: String, version: &str, kind: &str, c: &Counts) -> Vec<String> {
    vec![
        label,
        version.to_string(),
        kind.to_string(),
        c.applicable.to_string(),
        c.conform.to_string(),
        c.partial.to_string(),
        c.non_conform.to_string(),
        c.planned.to_string(),
        c.not_applicable.to_string(),
        c.missing.to_string(),
        percent(c.conformity),
    ]
}

impl Table {
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.style.error("error"),
            Severity::Warning => self.style.warning("warning"),
            Severity::Info => self.style.info("info"),
        }
    }

    fn findings(
        &self,
        title: &str,
        findings: &[&FindingInfo],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "\n{}", self.style.bold(title))?;
        let mut t = new_table(&["severity", "code", "requirement", "location", "message"]);
        for f in findings {
            t.add_row(vec![
                self.severity(f.severity),
                f.code.as_str().to_string(),
                f.requirement.clone().unwrap_or_default(),
                f.location
                    .as_ref()
                    .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
                    .unwrap_or_default(),
                f.message.clone(),
            ]);
        }
        writeln!(out, "{t}")
    }
}

impl Reporter for Table {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        if let Some(org) = &r.organization {
            writeln!(
                out,
                "{} (SIREN {}), evaluated on {}",
                self.style.bold(&org.name),
                org.siren,
                r.today
            )?;
        }
        if !r.referentials.is_empty() {
            let refs: Vec<String> = r
                .referentials
                .iter()
                .map(|x| format!("{} {}", x.id, x.version))
                .collect();
            writeln!(out, "référentiels: {}", refs.join(", "))?;
        }
        let mut t = new_table(&[
            "product",
            "version",
            "kind",
            "applicable",
            "conform",
            "partial",
            "non-conform",
            "planned",
            "n/a",
            "missing",
            "conformity",
        ]);
        if let Some(c) = &r.organization_counts {
            t.add_row(counts_row("(organization)".to_string(), "", "", c));
        }
        for p in &r.products {
            t.add_row(counts_row(p.id.clone(), &p.version, &p.kind, &p.counts));
        }
        for i in 3..11 {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        if r.organization_counts.is_some() {
            writeln!(out, "{t}")?;
        }

        let org: Vec<&FindingInfo> = r.findings.iter().filter(|f| f.product.is_none()).collect();
        if !org.is_empty() {
            self.findings("organization", &org, out)?;
        }
        for p in &r.products {
            let mine: Vec<&FindingInfo> = r
                .findings
                .iter()
                .filter(|f| f.product.as_deref() == Some(p.id.as_str()))
                .collect();
            if !mine.is_empty() {
                let title = format!("{} ({} {})", p.id, p.name, p.version);
                self.findings(&title, &mine, out)?;
            }
        }
        let known = |id: &str| r.products.iter().any(|p| p.id == id);
        let orphans: Vec<&FindingInfo> = r
            .findings
            .iter()
            .filter(|f| f.product.as_deref().is_some_and(|id| !known(id)))
            .collect();
        if !orphans.is_empty() {
            self.findings("declarations for unknown products", &orphans, out)?;
        }

        let s = &r.summary;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let verdict = if s.passed {
            self.style.good("passed")
        } else {
            self.style.error("failed")
        };
        writeln!(
            out,
            "\n{verdict}: {}, {}, {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        )
    }
}
