//! The table report for people: a summary row per product, then the
//! findings grouped by product. Tables fit the terminal's width when there
//! is one; colours come from the caller's choice, not from comfy-table's own
//! terminal detection, so that a file gets the same table as a pipe.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    modifiers::UTF8_ROUND_CORNERS, Attribute, Cell, CellAlignment, Color, ColumnConstraint,
    ContentArrangement,
};

use super::{percent, FindingInfo, Options, Report, Reporter, UNKNOWN_PRODUCTS};
use crate::engine::Counts;
use crate::findings::{Code, Severity};
use crate::style::{wrap, Style};

pub struct Table {
    pub options: Options,
}

const COUNTS: [&str; 12] = [
    "product",
    "version",
    "kind",
    "applicable",
    "conform",
    "unsubstantiated",
    "partial",
    "non-conform",
    "planned",
    "n/a",
    "missing",
    "conformity",
];

const COUNTS_SHORT: [&str; 10] = [
    "product", "appl", "conf", "unsub", "part", "nc", "plan", "n/a", "miss", "rate",
];

const COUNTS_LEGEND: &str = "appl applicable, conf conform, unsub unsubstantiated (declared \
conform, proof missing or out of date), part partial, nc non-conform, plan planned, \
n/a not applicable, miss missing, rate conformity";

fn counts_row(label: String, version: &str, kind: &str, c: &Counts) -> Vec<String> {
    let mut row = vec![label, version.to_string(), kind.to_string()];
    row.extend(c.figures().map(|n| n.to_string()));
    row.push(percent(c.conformity));
    row
}

/// A table as every command draws one: rounded borders, columns that wrap to
/// `width` (the terminal's, when stdout is one; none when writing a file),
/// and colours applied by comfy-table itself when `style` has them.
pub fn new(header: &[&str], style: Style, width: Option<u16>) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .apply_modifier(UTF8_ROUND_CORNERS)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied())
        .force_no_tty();
    if style.enabled() {
        // comfy-table measures its own styling; escape codes written into
        // the text would count as width and break the columns.
        t.enforce_styling().style_text_only();
    }
    if let Some(width) = width {
        t.set_width(width);
    }
    t
}

impl Table {
    fn new_table(&self, header: &[&str]) -> comfy_table::Table {
        new(header, self.options.style, self.options.width)
    }

    fn severity(&self, s: Severity) -> Cell {
        let color = match s {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
            Severity::Info => Color::Cyan,
        };
        Cell::new(s.as_str())
            .fg(color)
            .add_attribute(Attribute::Bold)
    }

    fn findings(
        &self,
        title: &str,
        product: Option<&str>,
        findings: &[&FindingInfo],
        first: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        // Under --quiet nothing comes before the first heading.
        let gap = if first && self.options.quiet {
            ""
        } else {
            "\n"
        };
        writeln!(out, "{gap}{}", self.options.style.bold(title))?;
        let grouped;
        let findings = match product {
            Some(product) if !self.options.every_finding => {
                grouped = group_missing(product, findings);
                grouped.iter().collect::<Vec<_>>()
            }
            _ => findings.to_vec(),
        };
        let findings = &findings[..];
        let location = |f: &FindingInfo| {
            f.location
                .as_ref()
                .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
                .unwrap_or_default()
        };
        let mut t = self.new_table(&["severity", "code", "requirement", "location", "message"]);
        for f in findings {
            t.add_row(vec![
                self.severity(f.severity),
                Cell::new(f.code.as_str()),
                Cell::new(f.requirement.as_deref().unwrap_or_default()),
                Cell::new(location(f)),
                Cell::new(&f.message),
            ]);
        }
        if self.fits(&t) {
            return writeln!(out, "{t}");
        }
        // Too narrow for five columns: the code, requirement and location
        // go above the message, in one column that wraps.
        let mut t = self.new_table(&["severity", "finding"]);
        for f in findings {
            let head = [
                f.code.as_str(),
                f.requirement.as_deref().unwrap_or_default(),
            ];
            t.add_row(vec![
                self.severity(f.severity),
                Cell::new(format!(
                    "{}\n{}\n{}",
                    head.join(" ").trim_end(),
                    location(f),
                    f.message
                )),
            ]);
        }
        if let Some(col) = t.column_mut(0) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
        writeln!(out, "{t}")
    }

    /// Whether a table's columns fit the width without being squeezed.
    fn fits(&self, t: &comfy_table::Table) -> bool {
        let Some(width) = self.options.width else {
            return true;
        };
        let mut natural = t.clone();
        natural.set_content_arrangement(ContentArrangement::Disabled);
        let fits = natural
            .lines()
            .next()
            .is_none_or(|line| line.chars().count() <= usize::from(width));
        fits
    }
}

impl Reporter for Table {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        if !self.options.quiet {
            self.summary(r, out)?;
        }
        self.all_findings(r, out)?;
        let s = &r.summary;
        if self.options.quiet && s.passed {
            return Ok(());
        }
        let style = &self.options.style;
        let verdict = if s.passed {
            style.good("passed")
        } else {
            style.error("failed")
        };
        writeln!(
            out,
            "\n{verdict}: {}, {}, {}",
            crate::text::plural(s.errors, "error"),
            crate::text::plural(s.warnings, "warning"),
            crate::text::plural(s.infos, "info")
        )
    }
}

impl Table {
    /// Who, against what, and the counts of each product.
    fn summary(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        if let Some(org) = &r.organization {
            self.paragraph(
                &format!(
                    "{} (SIREN {}), evaluated on {}",
                    self.options.style.bold(&org.name),
                    org.siren,
                    r.today
                ),
                out,
            )?;
        }
        if !r.referentials.is_empty() {
            let refs: Vec<String> = r
                .referentials
                .iter()
                .map(|x| format!("{} {}", x.id, x.version))
                .collect();
            self.paragraph(&format!("référentiels: {}", refs.join(", ")), out)?;
        }
        let Some(org_counts) = &r.organization_counts else {
            return Ok(());
        };
        let mut rows = vec![counts_row("(organization)".to_string(), "", "", org_counts)];
        for p in &r.products {
            rows.push(counts_row(p.id.clone(), &p.version, &p.kind, &p.counts));
        }
        let t = self.counts_table(&COUNTS, rows.clone());
        if self.fits(&t) {
            return writeln!(out, "{t}");
        }
        // Too narrow: abbreviated headers, and no version or kind (the
        // findings' titles carry the version).
        for row in &mut rows {
            row.drain(1..3);
        }
        let t = self.counts_table(&COUNTS_SHORT, rows);
        writeln!(out, "{t}")?;
        self.paragraph(COUNTS_LEGEND, out)
    }

    /// A line of text, wrapped to the terminal's width when there is one.
    fn paragraph(&self, text: &str, out: &mut dyn Write) -> io::Result<()> {
        match self.options.width {
            Some(width) => out.write_all(wrap(text, usize::from(width), "").as_bytes()),
            None => writeln!(out, "{text}"),
        }
    }

    fn counts_table(&self, header: &[&str], rows: Vec<Vec<String>>) -> comfy_table::Table {
        let mut t = self.new_table(header);
        for row in rows {
            t.add_row(row);
        }
        if let Some(col) = t.column_mut(0) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
        let numbers = header.len() - 9..header.len();
        for i in numbers {
            if let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        t
    }

    /// The findings, grouped by whom they concern.
    fn all_findings(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut first = true;
        let org: Vec<&FindingInfo> = r.findings.iter().filter(|f| f.product.is_none()).collect();
        if !org.is_empty() {
            self.findings("organization", None, &org, first, out)?;
            first = false;
        }
        for p in &r.products {
            let mine: Vec<&FindingInfo> = r
                .findings
                .iter()
                .filter(|f| f.product.as_deref() == Some(p.id.as_str()))
                .collect();
            if !mine.is_empty() {
                let title = format!("{} ({} {})", p.id, p.name, p.version);
                self.findings(&title, Some(&p.id), &mine, first, out)?;
                first = false;
            }
        }
        let orphans = r.findings_on_unknown_products();
        if !orphans.is_empty() {
            self.findings(UNKNOWN_PRODUCTS, None, &orphans, first, out)?;
        }
        Ok(())
    }
}

/// More `missing-declaration` findings than this for one product and one
/// referential are shown as one line (all of them with `--verbose`).
pub const MISSING_SHOWN: usize = 10;

/// A product's findings, with its `missing-declaration` findings for each
/// referential that has more than [`MISSING_SHOWN`] of them replaced by one,
/// where the first of them was, that counts them and says how to list them.
fn group_missing(product: &str, findings: &[&FindingInfo]) -> Vec<FindingInfo> {
    let referential = |f: &FindingInfo| {
        (f.code == Code::MissingDeclaration)
            .then(|| {
                f.requirement
                    .as_deref()?
                    .split_once(':')
                    .map(|(r, _)| r.to_string())
            })
            .flatten()
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in findings {
        if let Some(r) = referential(f) {
            match counts.iter_mut().find(|(id, _)| *id == r) {
                Some((_, n)) => *n += 1,
                None => counts.push((r, 1)),
            }
        }
    }
    let mut shown: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let Some((r, n)) = referential(f)
            .and_then(|r| counts.iter().find(|(id, _)| *id == r))
            .filter(|(_, n)| *n > MISSING_SHOWN)
        else {
            out.push((*f).clone());
            continue;
        };
        if shown.contains(r) {
            continue;
        }
        shown.push(r.clone());
        out.push(FindingInfo {
            requirement: Some(format!("{r}:*")),
            message: format!(
                "{n} requirements of {r} have no declaration: list them with `charte export --missing --product {product}` (or here with --verbose; --format json lists each)"
            ),
            ..(*f).clone()
        });
    }
    out
}
