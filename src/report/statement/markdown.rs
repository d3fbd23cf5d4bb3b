//! The statement as Markdown, with GitHub-flavoured tables.

use std::io::{self, Write};

use super::{Statement, Text};
use crate::text::printable;

/// Text on one line: a line break would end a table row or a paragraph and
/// let what follows start a heading, a list or raw HTML. Line breaks (and tabs)
/// become spaces, and other control characters and escape sequences go as
/// [`printable`] says.
fn one_line(s: &str) -> String {
    printable(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

/// Escapes text for Markdown paragraphs and table cells.
fn md(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len());
    if s.starts_with('#') {
        out.push('\\');
    }
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span for a table cell, on one line: ids never hold a backtick, a
/// pipe must still be escaped inside a table.
fn md_code(s: &str) -> String {
    format!("`{}`", one_line(s).replace('`', "'").replace('|', "\\|"))
}

fn md_table(
    out: &mut dyn Write,
    caption: &str,
    header: &[(&str, bool)],
    rows: &[Vec<String>],
) -> io::Result<()> {
    writeln!(out, "*{}*\n", md(caption))?;
    let cells: Vec<String> = header.iter().map(|(h, _)| md(h)).collect();
    writeln!(out, "| {} |", cells.join(" | "))?;
    let rule: Vec<&str> = header
        .iter()
        .map(|(_, right)| if *right { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for row in rows {
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    writeln!(out)
}

/// Writes the statement as Markdown (GitHub-flavoured tables).
pub fn markdown(s: &Statement, out: &mut dyn Write) -> io::Result<()> {
    let lang = s.lang;
    let o = &s.organization;
    writeln!(out, "# {}\n", md(&s.title()))?;
    writeln!(out, "{}\n", md(&s.intro()))?;
    let mut facts = Vec::new();
    if let Some(f) = &o.federation {
        facts.push(md(&s.fill(Text::Federation, &[("federation", f)])));
    }
    facts.push(md(&s.fill(Text::Contact, &[("contact", &o.contact)])));
    writeln!(out, "{}\n", facts.join(" "))?;
    writeln!(out, "> {}\n", md(&s.self_assessed()))?;

    writeln!(out, "## {}\n", md(s.t(Text::SummaryHeading)))?;
    let summary_row = |head: String, version: String, c| {
        let mut row = vec![head, version];
        row.extend(s.summary_cells(c));
        row
    };
    let mut rows = vec![summary_row(
        md(s.t(Text::CharterCommitments)),
        String::new(),
        &s.commitments.counts,
    )];
    for p in &s.products {
        rows.push(summary_row(md(&p.name), md(&p.version), &p.counts));
    }
    let mut header = vec![(s.t(Text::Unit), false), (s.t(Text::VersionCol), false)];
    header.extend(s.summary_headers().into_iter().map(|h| (h, true)));
    md_table(out, s.t(Text::SummaryCaption), &header, &rows)?;
    writeln!(out, "{}\n", md(s.t(Text::Method)))?;

    writeln!(out, "## {}\n", md(s.t(Text::CommitmentsHeading)))?;
    writeln!(out, "{}\n", md(&s.commitments_rate()))?;
    let rows: Vec<Vec<String>> = s
        .commitments
        .rows
        .iter()
        .map(|r| {
            vec![
                md(&r.id),
                md(&r.title),
                md(s.commitment_status(r)),
                md(&s.commitment_dates(r)),
            ]
        })
        .collect();
    md_table(
        out,
        s.t(Text::CommitmentsCaption),
        &[
            (s.t(Text::CommitmentCol), false),
            (s.t(Text::TitleCol), false),
            (s.t(Text::StatusCol), false),
            (s.t(Text::DateCol), false),
        ],
        &rows,
    )?;

    writeln!(out, "## {}\n", md(s.t(Text::ProductsHeading)))?;
    if s.products.is_empty() {
        writeln!(out, "{}\n", md(s.t(Text::NoProducts)))?;
    }
    let mut header = vec![
        (s.t(Text::ReferentialCol), false),
        (s.t(Text::VersionCol), false),
    ];
    header.extend(s.count_headers().into_iter().map(|h| (h, true)));
    for p in &s.products {
        let full = format!("{} {}", p.name, p.version);
        writeln!(out, "### {}\n", md(&full))?;
        writeln!(out, "{}\n", md(&s.product_facts(p)))?;
        if p.by_referential.is_empty() {
            writeln!(out, "{}\n", md(s.t(Text::NothingInForce)))?;
            continue;
        }
        writeln!(out, "{}\n", md(&s.product_rate(p)))?;
        let mut rows: Vec<Vec<String>> = p
            .by_referential
            .iter()
            .map(|r| {
                let mut row = vec![md_code(&r.id), md(&r.version)];
                row.extend(s.count_cells(&r.counts));
                row
            })
            .collect();
        let mut total = vec![format!("**{}**", md(s.t(Text::Total))), String::new()];
        total.extend(s.count_cells(&p.counts).map(|c| format!("**{c}**")));
        rows.push(total);
        md_table(
            out,
            &s.fill(Text::ByReferentialCaption, &[("product", &full)]),
            &header,
            &rows,
        )?;
    }
    writeln!(out, "## {}\n", md(s.t(Text::GapsHeading)))?;
    if s.gaps.is_empty() {
        writeln!(out, "{}\n", md(s.t(Text::NoGaps)))?;
    } else {
        let rows: Vec<Vec<String>> = s
            .gaps
            .iter()
            .map(|g| {
                vec![
                    md_code(&g.requirement),
                    md(g.product.as_deref().unwrap_or(s.t(Text::Organization))),
                    md(&g.title),
                    md(&s.gap_status(g)),
                    md(&s.gap_detail(g)),
                ]
            })
            .collect();
        md_table(
            out,
            s.t(Text::GapsCaption),
            &[
                (s.t(Text::RequirementCol), false),
                (s.t(Text::ForCol), false),
                (s.t(Text::TitleCol), false),
                (s.t(Text::StatusCol), false),
                (s.t(Text::DetailCol), false),
            ],
            &rows,
        )?;
    }

    writeln!(out, "## {}\n", md(s.t(Text::PlannedHeading)))?;
    if s.planned.is_empty() {
        writeln!(out, "{}\n", md(s.t(Text::NoPlanned)))?;
    } else {
        let rows: Vec<Vec<String>> = s
            .planned
            .iter()
            .map(|w| {
                vec![
                    md(&lang.date(w.due)),
                    md(w.product.as_deref().unwrap_or(s.t(Text::Organization))),
                    md_code(&w.requirement),
                    md(&w.title),
                    md(s.t(if w.overdue {
                        Text::Overdue
                    } else {
                        Text::Scheduled
                    })),
                ]
            })
            .collect();
        md_table(
            out,
            s.t(Text::PlannedCaption),
            &[
                (s.t(Text::DueCol), false),
                (s.t(Text::ForCol), false),
                (s.t(Text::RequirementCol), false),
                (s.t(Text::TitleCol), false),
                (s.t(Text::StateCol), false),
            ],
            &rows,
        )?;
    }

    if !s.receipts.is_empty() {
        writeln!(out, "## {}\n", md(s.t(Text::ReceiptsHeading)))?;
        let rows: Vec<Vec<String>> = s
            .receipts
            .iter()
            .map(|r| {
                vec![
                    md(r.product
                        .as_deref()
                        .unwrap_or(s.t(Text::CharterCommitments))),
                    md_code(&r.id),
                    md(&r.received_at),
                    md_code(&r.digest),
                ]
            })
            .collect();
        md_table(
            out,
            s.t(Text::ReceiptsCaption),
            &[
                (s.t(Text::ForCol), false),
                (s.t(Text::ReceiptCol), false),
                (s.t(Text::ReceivedCol), false),
                (s.t(Text::DigestCol), false),
            ],
            &rows,
        )?;
        if let Some(verified) = s.receipts_verified() {
            writeln!(out, "{}\n", md(&verified))?;
        }
    }

    writeln!(out, "## {}\n", md(s.t(Text::ReferentialsHeading)))?;
    let rows: Vec<Vec<String>> = s
        .referentials
        .iter()
        .map(|r| {
            let linkable = |src: &&str| {
                let u = src.to_ascii_lowercase();
                (u.starts_with("https://") || u.starts_with("http://"))
                    && !src.contains(|c: char| {
                        c.is_whitespace() || c.is_control() || "<>|()[]\\`".contains(c)
                    })
            };
            // The title, linked to the official text when the document says
            // where it is.
            let mut label = match r.source.as_deref().filter(linkable) {
                Some(src) => format!("[{}]({src})", md(&r.label)),
                None => md(&r.label),
            };
            if let Some(p) = &r.publisher {
                label.push_str(&format!(" ({})", md(p)));
            }
            if let Some(src) = r.source.as_deref().filter(|u| !linkable(u)) {
                // A private-use character holds the place of the address through `md`.
                let note = md(&s.fill(Text::SourceLabel, &[("source", "\u{e000}")]));
                label.push_str(&format!("; {}", note.replace('\u{e000}', &md(src))));
            }
            vec![
                label,
                md(&r.version),
                md_code(&r.id),
                r.published.map(|d| md(&lang.date(d))).unwrap_or_default(),
                md_code(&r.sha256),
            ]
        })
        .collect();
    md_table(
        out,
        s.t(Text::ReferentialsCaption),
        &[
            (s.t(Text::LabelCol), false),
            (s.t(Text::VersionCol), false),
            (s.t(Text::ReferentialCol), false),
            (s.t(Text::PublishedCol), false),
            (s.t(Text::Sha256Col), false),
        ],
        &rows,
    )?;

    writeln!(out, "---\n")?;
    writeln!(out, "{}", md(&s.footer()))
}
