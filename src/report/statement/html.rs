//! The statement as one self-contained HTML page: semantic sections and
//! headings in order, tables with captions and header cells, inline styles
//! with a print stylesheet, no script and nothing loaded from elsewhere.

use std::io::{self, Write};

use super::{Statement, Text};
use crate::date::Date;
use crate::manifest::Status;
use crate::report::lang::Lang;
use crate::text::{escape_markup, Markup};

/// Escapes text for HTML content and quoted attribute values.
fn esc(s: &str) -> String {
    escape_markup(s, Markup::Html)
}

fn time(lang: Lang, date: Date) -> String {
    format!("<time datetime=\"{date}\">{}</time>", esc(&lang.date(date)))
}

/// A fragment id from a product id (already `[a-z0-9-]`).
fn anchor(product: &str) -> String {
    format!("p-{product}")
}

/// A column's name before its value, where a narrow screen shows a table's
/// rows as blocks: `Pour : `, `For: `.
fn label(lang: Lang, column: &str) -> String {
    match lang {
        Lang::Fr => format!("{column}\u{a0}: "),
        Lang::En => format!("{column}: "),
    }
}

/// A data cell that names its column, for narrow screens where a table's
/// rows show as blocks; `content` is markup already escaped.
fn td(lang: Lang, column: &str, class: &str, content: &str) -> String {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    if content.is_empty() {
        format!("<td{class}></td>")
    } else {
        format!(
            "<td{class} data-label=\"{}\">{content}</td>",
            esc(&label(lang, column))
        )
    }
}

/// A link to how the rate is computed, after a sentence that gives one.
fn method_link(s: &Statement) -> String {
    format!(
        "<small>(<a href=\"#methode\">{}</a>)</small>",
        esc(s.t(Text::MethodLink))
    )
}

/// An address a browser opens as a web page: the only sources linked.
fn is_web(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}

/// Opens a table and its caption (`caption` already escaped) inside the box
/// that scrolls it sideways when it is wider than the page: a region named
/// by the caption that the keyboard can reach, to scroll it without a mouse.
fn open_table(out: &mut dyn Write, class: &str, caption: &str) -> io::Result<()> {
    writeln!(
        out,
        "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{caption}\"><table class=\"{class}\">"
    )?;
    writeln!(out, "<caption>{caption}</caption>")
}

const STYLE: &str = r#"
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1a1a1a; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; overflow-wrap: break-word; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 2rem; padding-bottom: 1rem; border-bottom: 4px solid #000091; }
h1 { margin: 0 0 .75rem; font-size: 1.9rem; line-height: 1.25; color: #000091; }
h2 { margin: 2.5rem 0 .75rem; padding-bottom: .25rem; font-size: 1.45rem; border-bottom: 1px solid #bbb; }
h3 { margin: 2rem 0 .4rem; font-size: 1.15rem; }
p { margin: .5rem 0; max-width: 48rem; }
.notice { padding: .6rem .9rem; border-left: 4px solid #000091; background: #f2f2f9; }
.facts { color: #3a3a3a; }
.scroll { max-width: 100%; overflow-x: auto; }
.scroll:focus-visible { outline: 2px solid #000091; outline-offset: 2px; }
table { width: 100%; margin: .5rem 0 1.25rem; border-collapse: collapse; font-size: .93rem; }
caption { padding: .35rem 0; font-weight: 600; text-align: left; }
th, td { padding: .35rem .55rem; border: 1px solid #bbb; text-align: left; vertical-align: top; }
thead th { background: #e8edf5; vertical-align: bottom; }
tfoot th, tfoot td { background: #f4f4f4; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, .nowrap { white-space: nowrap; }
.counts { font-size: .88rem; }
.status { font-weight: 600; }
.conform { color: #14622f; }
.partial, .planned { color: #7a4600; }
.non-conform, .missing, .overdue { color: #a4161a; }
.not-applicable, .scheduled { color: #3a3a3a; }
code { font: .85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.digest { overflow-wrap: anywhere; }
a { color: #000091; }
@media (max-width: 40rem) {
  header, main, footer { padding-left: .75rem; padding-right: .75rem; }
  h1 { font-size: 1.45rem; }
  h2 { font-size: 1.25rem; }
  table.reflow, .reflow caption, .reflow tbody, .reflow tfoot, .reflow tr, .reflow th, .reflow td { display: block; width: auto; }
  .reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .reflow tr { margin: 0 0 .6rem; border: 1px solid #bbb; }
  .reflow th, .reflow td { border: 0; padding: .2rem .55rem; text-align: left; white-space: normal; }
  .reflow tbody th, .reflow tfoot th { background: #f4f4f4; }
  .reflow td:empty { display: none; }
  .reflow td[data-label]::before { content: attr(data-label); font-weight: 600; }
}
footer { margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid #bbb; color: #3a3a3a; font-size: .9rem; }
@media print {
  @page { margin: 1.5cm; }
  body { font-size: 10pt; color: #000; }
  header, main, footer { max-width: none; padding-left: 0; padding-right: 0; }
  header { border-bottom: 2px solid #000; }
  h1, a { color: #000; }
  .notice { background: none; border-left-color: #000; }
  h2, h3, caption { break-after: avoid; }
  tr, section section { break-inside: avoid; }
  thead { display: table-header-group; }
  thead th, tfoot th, tfoot td { background: none; }
  .scroll { overflow: visible; }
  .conform, .partial, .planned, .non-conform, .missing, .overdue, .not-applicable, .scheduled { color: #000; }
}
"#;

fn status_class(status: Option<Status>) -> &'static str {
    match status {
        Some(s) => s.as_str(),
        None => "missing",
    }
}

/// Writes the statement as one self-contained HTML page.
pub fn html(s: &Statement, out: &mut dyn Write) -> io::Result<()> {
    let lang = s.lang;
    let o = &s.organization;
    let title = s.title();
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"{}\">", lang.tag())?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    // Light whatever the reader's system prefers: the colours below are
    // chosen for a white page.
    writeln!(out, "<meta name=\"color-scheme\" content=\"light\">")?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"charte {}\">",
        s.tool.version
    )?;
    writeln!(out, "<title>{}</title>", esc(&title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;

    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", esc(&title))?;
    writeln!(out, "<p>{}</p>", esc(&s.intro()))?;
    let mut facts = Vec::new();
    if let Some(f) = &o.federation {
        facts.push(esc(&s.fill(Text::Federation, &[("federation", f)])));
    }
    let contact = if o.contact.contains('@') && !o.contact.contains(char::is_whitespace) {
        format!(
            "<a href=\"mailto:{}\">{}</a>",
            esc(&o.contact),
            esc(&o.contact)
        )
    } else {
        esc(&o.contact)
    };
    // A private-use character holds the place of the contact through `esc`.
    facts.push(
        esc(&s.fill(Text::Contact, &[("contact", "\u{e000}")])).replace('\u{e000}', &contact),
    );
    writeln!(out, "<p>{}</p>", facts.join(" "))?;
    writeln!(out, "<p class=\"notice\">{}</p>", esc(&s.self_assessed()))?;
    writeln!(out, "</header>")?;
    writeln!(out, "<main>")?;

    // Summary.
    writeln!(out, "<section aria-labelledby=\"synthese\">")?;
    writeln!(
        out,
        "<h2 id=\"synthese\">{}</h2>",
        esc(s.t(Text::SummaryHeading))
    )?;
    open_table(out, "reflow", &esc(s.t(Text::SummaryCaption)))?;
    write!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        esc(s.t(Text::Unit)),
        esc(s.t(Text::VersionCol))
    )?;
    for h in s.summary_headers() {
        write!(out, "<th scope=\"col\" class=\"num\">{}</th>", esc(h))?;
    }
    writeln!(out, "</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    let summary_row = |out: &mut dyn Write, head: String, version: &str, c| -> io::Result<()> {
        write!(
            out,
            "<tr><th scope=\"row\">{head}</th>{}",
            td(lang, s.t(Text::VersionCol), "", &esc(version))
        )?;
        for (h, cell) in s.summary_headers().into_iter().zip(s.summary_cells(c)) {
            write!(out, "{}", td(lang, h, "num", &esc(&cell)))?;
        }
        writeln!(out, "</tr>")
    };
    summary_row(
        out,
        format!(
            "<a href=\"#engagements\">{}</a>",
            esc(s.t(Text::CharterCommitments))
        ),
        "",
        &s.commitments.counts,
    )?;
    for p in &s.products {
        summary_row(
            out,
            format!("<a href=\"#{}\">{}</a>", anchor(&p.id), esc(&p.name)),
            &p.version,
            &p.counts,
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(
        out,
        "<p id=\"methode\" class=\"facts\">{}</p>",
        esc(s.t(Text::Method))
    )?;
    writeln!(out, "</section>")?;

    // Commitments.
    writeln!(out, "<section aria-labelledby=\"engagements\">")?;
    writeln!(
        out,
        "<h2 id=\"engagements\">{}</h2>",
        esc(s.t(Text::CommitmentsHeading))
    )?;
    writeln!(
        out,
        "<p>{} {}</p>",
        esc(&s.commitments_rate()),
        method_link(s)
    )?;
    open_table(out, "reflow", &esc(s.t(Text::CommitmentsCaption)))?;
    writeln!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
        esc(s.t(Text::CommitmentCol)),
        esc(s.t(Text::TitleCol)),
        esc(s.t(Text::StatusCol)),
        esc(s.t(Text::DateCol))
    )?;
    writeln!(out, "<tbody>")?;
    for row in &s.commitments.rows {
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th>{}{}{}</tr>",
            esc(&row.id),
            td(lang, s.t(Text::TitleCol), "", &esc(&row.title)),
            td(
                lang,
                s.t(Text::StatusCol),
                &format!(
                    "status {}",
                    if row.unsubstantiated {
                        "unsubstantiated"
                    } else {
                        status_class(row.status)
                    }
                ),
                &esc(s.commitment_status(row))
            ),
            td(lang, s.t(Text::DateCol), "", &esc(&s.commitment_dates(row)))
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, "</section>")?;

    // Products.
    writeln!(out, "<section aria-labelledby=\"produits\">")?;
    writeln!(
        out,
        "<h2 id=\"produits\">{}</h2>",
        esc(s.t(Text::ProductsHeading))
    )?;
    if s.products.is_empty() {
        writeln!(out, "<p>{}</p>", esc(s.t(Text::NoProducts)))?;
    }
    let headers = s.count_headers();
    for p in &s.products {
        let full = format!("{} {}", p.name, p.version);
        writeln!(out, "<section aria-labelledby=\"{}\">", anchor(&p.id))?;
        writeln!(out, "<h3 id=\"{}\">{}</h3>", anchor(&p.id), esc(&full))?;
        writeln!(out, "<p class=\"facts\">{}</p>", esc(&s.product_facts(p)))?;
        if p.by_referential.is_empty() {
            writeln!(out, "<p>{}</p>", esc(s.t(Text::NothingInForce)))?;
            writeln!(out, "</section>")?;
            continue;
        }
        writeln!(out, "<p>{} {}</p>", esc(&s.product_rate(p)), method_link(s))?;
        open_table(
            out,
            "counts reflow",
            &esc(&s.fill(Text::ByReferentialCaption, &[("product", &full)])),
        )?;
        write!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
            esc(s.t(Text::ReferentialCol)),
            esc(s.t(Text::VersionCol))
        )?;
        for h in headers {
            write!(out, "<th scope=\"col\" class=\"num\">{}</th>", esc(h))?;
        }
        writeln!(out, "</tr></thead>")?;
        writeln!(out, "<tbody>")?;
        for r in &p.by_referential {
            write!(
                out,
                "<tr><th scope=\"row\" class=\"nowrap\"><code>{}</code></th>{}",
                esc(&r.id),
                td(lang, s.t(Text::VersionCol), "", &esc(&r.version))
            )?;
            for (h, cell) in headers.into_iter().zip(s.count_cells(&r.counts)) {
                write!(out, "{}", td(lang, h, "num", &esc(&cell)))?;
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody>")?;
        write!(
            out,
            "<tfoot><tr><th scope=\"row\" colspan=\"2\">{}</th>",
            esc(s.t(Text::Total))
        )?;
        for (h, cell) in headers.into_iter().zip(s.count_cells(&p.counts)) {
            write!(out, "{}", td(lang, h, "num", &esc(&cell)))?;
        }
        writeln!(out, "</tr></tfoot>")?;
        writeln!(out, "</table></div>")?;
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</section>")?;

    // Gaps.
    writeln!(out, "<section aria-labelledby=\"ecarts\">")?;
    writeln!(
        out,
        "<h2 id=\"ecarts\">{}</h2>",
        esc(s.t(Text::GapsHeading))
    )?;
    if s.gaps.is_empty() {
        writeln!(out, "<p>{}</p>", esc(s.t(Text::NoGaps)))?;
    } else {
        open_table(out, "reflow", &esc(s.t(Text::GapsCaption)))?;
        writeln!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
            esc(s.t(Text::RequirementCol)),
            esc(s.t(Text::ForCol)),
            esc(s.t(Text::TitleCol)),
            esc(s.t(Text::StatusCol)),
            esc(s.t(Text::DetailCol))
        )?;
        writeln!(out, "<tbody>")?;
        for g in &s.gaps {
            let class = if g.unsubstantiated {
                "unsubstantiated"
            } else {
                status_class(g.status)
            };
            writeln!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th>{}{}{}{}</tr>",
                esc(&g.requirement),
                td(
                    lang,
                    s.t(Text::ForCol),
                    "",
                    &esc(g.product.as_deref().unwrap_or(s.t(Text::Organization)))
                ),
                td(lang, s.t(Text::TitleCol), "", &esc(&g.title)),
                td(
                    lang,
                    s.t(Text::StatusCol),
                    &format!("status {class}"),
                    &esc(&s.gap_status(g))
                ),
                td(lang, s.t(Text::DetailCol), "", &esc(&s.gap_detail(g)))
            )?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table></div>")?;
    }
    writeln!(out, "</section>")?;

    // Planned work.
    writeln!(out, "<section aria-labelledby=\"travaux\">")?;
    writeln!(
        out,
        "<h2 id=\"travaux\">{}</h2>",
        esc(s.t(Text::PlannedHeading))
    )?;
    if s.planned.is_empty() {
        writeln!(out, "<p>{}</p>", esc(s.t(Text::NoPlanned)))?;
    } else {
        open_table(out, "reflow", &esc(s.t(Text::PlannedCaption)))?;
        writeln!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
            esc(s.t(Text::DueCol)),
            esc(s.t(Text::ForCol)),
            esc(s.t(Text::RequirementCol)),
            esc(s.t(Text::TitleCol)),
            esc(s.t(Text::StateCol))
        )?;
        writeln!(out, "<tbody>")?;
        for w in &s.planned {
            let (class, state) = if w.overdue {
                ("overdue", s.t(Text::Overdue))
            } else {
                ("scheduled", s.t(Text::Scheduled))
            };
            writeln!(
                out,
                "<tr><th scope=\"row\" class=\"nowrap\">{}</th>{}{}{}{}</tr>",
                time(lang, w.due),
                td(
                    lang,
                    s.t(Text::ForCol),
                    "",
                    &esc(w.product.as_deref().unwrap_or(s.t(Text::Organization)))
                ),
                td(
                    lang,
                    s.t(Text::RequirementCol),
                    "nowrap",
                    &format!("<code>{}</code>", esc(&w.requirement))
                ),
                td(lang, s.t(Text::TitleCol), "", &esc(&w.title)),
                td(
                    lang,
                    s.t(Text::StateCol),
                    &format!("status {class}"),
                    &esc(state)
                )
            )?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table></div>")?;
    }
    writeln!(out, "</section>")?;

    // Registry receipts, when the registry has accepted submissions.
    if !s.receipts.is_empty() {
        writeln!(out, "<section aria-labelledby=\"registre\">")?;
        writeln!(
            out,
            "<h2 id=\"registre\">{}</h2>",
            esc(s.t(Text::ReceiptsHeading))
        )?;
        open_table(out, "reflow", &esc(s.t(Text::ReceiptsCaption)))?;
        writeln!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
            esc(s.t(Text::ForCol)),
            esc(s.t(Text::ReceiptCol)),
            esc(s.t(Text::ReceivedCol)),
            esc(s.t(Text::DigestCol))
        )?;
        writeln!(out, "<tbody>")?;
        for r in &s.receipts {
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th>{}{}{}</tr>",
                esc(r
                    .product
                    .as_deref()
                    .unwrap_or(s.t(Text::CharterCommitments))),
                td(
                    lang,
                    s.t(Text::ReceiptCol),
                    "",
                    &format!("<code>{}</code>", esc(&r.id))
                ),
                td(
                    lang,
                    s.t(Text::ReceivedCol),
                    "",
                    &format!(
                        "<time datetime=\"{}\">{}</time>",
                        esc(&r.received_at),
                        esc(&r.received_at)
                    )
                ),
                td(
                    lang,
                    s.t(Text::DigestCol),
                    "",
                    &format!("<code class=\"digest\">{}</code>", esc(&r.digest))
                )
            )?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table></div>")?;
        if let Some(verified) = s.receipts_verified() {
            writeln!(out, "<p>{}</p>", esc(&verified))?;
        }
        writeln!(out, "</section>")?;
    }

    // Référentiels.
    writeln!(out, "<section aria-labelledby=\"referentiels\">")?;
    writeln!(
        out,
        "<h2 id=\"referentiels\">{}</h2>",
        esc(s.t(Text::ReferentialsHeading))
    )?;
    open_table(out, "reflow", &esc(s.t(Text::ReferentialsCaption)))?;
    writeln!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
        esc(s.t(Text::LabelCol)),
        esc(s.t(Text::VersionCol)),
        esc(s.t(Text::ReferentialCol)),
        esc(s.t(Text::PublishedCol)),
        esc(s.t(Text::Sha256Col))
    )?;
    writeln!(out, "<tbody>")?;
    for r in &s.referentials {
        // Linked to the official text when the document says where it is.
        let mut label = match r.source.as_deref().filter(|u| is_web(u)) {
            Some(src) => format!("<a href=\"{}\">{}</a>", esc(src), esc(&r.label)),
            None => esc(&r.label),
        };
        if let Some(p) = &r.publisher {
            label.push_str(&format!(" ({})", esc(p)));
        }
        if let Some(src) = r.source.as_deref().filter(|u| !is_web(u)) {
            let note = s.fill(Text::SourceLabel, &[("source", "\u{e000}")]);
            let note = esc(&note).replace(
                '\u{e000}',
                &format!("<code class=\"digest\">{}</code>", esc(src)),
            );
            label.push_str(&format!("<br><small>{note}</small>"));
        }
        writeln!(
            out,
            "<tr><th scope=\"row\">{label}</th>{}{}{}{}</tr>",
            td(lang, s.t(Text::VersionCol), "nowrap", &esc(&r.version)),
            td(
                lang,
                s.t(Text::ReferentialCol),
                "",
                &format!("<code>{}</code>", esc(&r.id))
            ),
            td(
                lang,
                s.t(Text::PublishedCol),
                "nowrap",
                &r.published.map(|d| time(lang, d)).unwrap_or_default()
            ),
            td(
                lang,
                s.t(Text::Sha256Col),
                "",
                &format!("<code class=\"digest\">{}</code>", esc(&r.sha256))
            )
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, "</section>")?;
    writeln!(out, "</main>")?;

    writeln!(out, "<footer>")?;
    writeln!(out, "<p>{}</p>", esc(&s.footer()))?;
    writeln!(out, "</footer>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}
