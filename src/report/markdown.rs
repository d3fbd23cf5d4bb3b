//! The Markdown report (GitHub-flavoured), for a pull-request comment or a
//! CI job summary: the verdict, a table of counts, then the findings of each
//! product in a foldable section, open when it holds an error.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{percent, FindingInfo, Report, Reporter, UNKNOWN_PRODUCTS};
use crate::engine::Counts;
use crate::findings::explain;
use crate::findings::{Code, Severity};
use crate::text::{escape_markup, plural, Markup};

pub struct Markdown;

/// Escapes text for a table cell. Outside code spans, characters Markdown
/// would read as emphasis, links or HTML are escaped; inside them only the
/// pipe, which GitHub's tables split on before anything else.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '\\' | '*' | '_' | '<' | '>' | '[' | ']' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML (the `<summary>` of a foldable section).
fn html(s: &str) -> String {
    escape_markup(s, Markup::Text)
}

fn counts_row(x: &mut String, label: &str, version: &str, kind: &str, c: &Counts) {
    let _ = writeln!(
        x,
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        cell(version),
        cell(kind),
        c.applicable,
        c.conform,
        c.unsubstantiated,
        c.partial,
        c.non_conform,
        c.planned,
        c.not_applicable,
        c.missing,
        percent(c.conformity)
    );
}

fn group(x: &mut String, title: &str, findings: &[&FindingInfo]) {
    if findings.is_empty() {
        return;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut tally = Vec::new();
    for (n, word) in [(errors, "error"), (warnings, "warning"), (infos, "info")] {
        if n > 0 {
            tally.push(plural(n, word));
        }
    }
    let _ = writeln!(
        x,
        "<details{}>\n<summary>{}: {}</summary>\n",
        if errors > 0 { " open" } else { "" },
        title,
        tally.join(", ")
    );
    x.push_str("| severity | code | requirement | location | message |\n");
    x.push_str("|---|---|---|---|---|\n");
    for f in findings {
        let severity = match f.severity {
            Severity::Error => "**error**",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let requirement = f
            .requirement
            .as_deref()
            .map(|r| format!("`{}`", cell(r)))
            .unwrap_or_default();
        let location = f
            .location
            .as_ref()
            .map(|l| format!("`{}:{}:{}`", cell(&l.file), l.line, l.column))
            .unwrap_or_default();
        // A reference link: its target is defined once, at the end.
        let _ = writeln!(
            x,
            "| {severity} | [`{code}`][{code}] | {requirement} | {location} | {} |",
            cell(&f.message),
            code = f.code,
        );
    }
    x.push_str("\n</details>\n\n");
}

impl Reporter for Markdown {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut x = String::with_capacity(4096 + 256 * r.findings.len());
        let s = &r.summary;
        let _ = writeln!(
            x,
            "## charte check {}: {}, {}, {}\n",
            if s.passed { "passed" } else { "failed" },
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        );
        match &r.organization {
            Some(org) => {
                let refs: Vec<String> = r
                    .referentials
                    .iter()
                    .map(|x| format!("{} {}", x.id, x.version))
                    .collect();
                let _ = writeln!(
                    x,
                    "**{}** (SIREN {}), evaluated on {} against {}.\n",
                    cell(&org.name),
                    org.siren,
                    r.today,
                    cell(&refs.join(", "))
                );
            }
            None if r
                .findings
                .iter()
                .any(|f| f.code == Code::ReferentialsUnavailable) =>
            {
                let _ = writeln!(
                    x,
                    "The referentials of `{}` could not be resolved: nothing was checked.\n",
                    cell(&r.manifest)
                );
            }
            None => {
                let _ = writeln!(
                    x,
                    "`{}` is not a valid manifest: nothing was checked.\n",
                    cell(&r.manifest)
                );
            }
        }
        if let Some(c) = &r.organization_counts {
            x.push_str("| product | version | kind | applicable | conform | unsubstantiated | partial | non-conform | planned | n/a | missing | conformity |\n");
            x.push_str("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            counts_row(&mut x, "*organization*", "", "", c);
            for p in &r.products {
                let label = format!("`{}` {}", cell(&p.id), cell(&p.name));
                counts_row(&mut x, &label, &p.version, &p.kind, &p.counts);
            }
            x.push('\n');
        }

        let mine = |id: Option<&str>| -> Vec<&FindingInfo> {
            r.findings
                .iter()
                .filter(|f| f.product.as_deref() == id)
                .collect()
        };
        let title = if r.organization.is_some() {
            "<b>organization</b>".to_string()
        } else {
            format!("<code>{}</code>", html(&r.manifest))
        };
        group(&mut x, &title, &mine(None));
        for p in &r.products {
            let title = format!(
                "<b>{}</b> {} {}",
                html(&p.id),
                html(&p.name),
                html(&p.version)
            );
            group(&mut x, &title, &mine(Some(&p.id)));
        }
        let orphans = r.findings_on_unknown_products();
        group(&mut x, UNKNOWN_PRODUCTS, &orphans);
        for code in Code::ALL {
            if r.findings.iter().any(|f| f.code == *code) {
                let _ = writeln!(x, "[{code}]: {}", explain::reference_url(*code));
            }
        }
        if !r.findings.is_empty() {
            x.push('\n');
        }
        let _ = write!(x, "<sub>{} {}", r.tool.name, r.tool.version);
        if !r.findings.is_empty() {
            x.push_str(" · each code links to its entry in the finding reference, also shown by `charte explain CODE`");
        }
        x.push_str("</sub>\n");
        out.write_all(x.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_outside_code_only() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("x_y *z* <b>"), "x\\_y \\*z\\* \\<b\\>");
        assert_eq!(cell("add `{ a = \"<b>|c\" }`"), "add `{ a = \"<b>\\|c\" }`");
        assert_eq!(cell("two\nlines"), "two<br>lines");
        assert_eq!(html("A & B <c>"), "A &amp; B &lt;c&gt;");
    }
}
