//! The public conformity statement (charter commitment IV.6): what the
//! organization commits to, how each product conforms per referential, the
//! work it has planned, the référentiels it was measured against. One model,
//! built from an evaluation, and two renderings: a self-contained HTML page
//! (inline styles, no script, nothing loaded from elsewhere, printable) and
//! Markdown.

mod html;
mod markdown;

pub use html::html;
pub use markdown::markdown;

use super::lang::{Lang, Text};
use super::Tool;
use crate::catalogue::{Nature, Scope};
use crate::date::Date;
use crate::engine::{self, Counts, Evaluation, Input, ObligationKind};
use crate::manifest::Status;

/// Everything the statement says, in the order it says it.
#[derive(Clone, Debug)]
pub struct Statement {
    pub lang: Lang,
    pub today: Date,
    pub tool: Tool,
    pub organization: Organization,
    pub commitments: Commitments,
    pub products: Vec<ProductPart>,
    pub planned: Vec<Planned>,
    /// Every requirement in force not declared conform with its proofs.
    pub gaps: Vec<Gap>,
    /// The registry's latest receipt per product and for the commitments.
    /// Shown when there are any; the statement itself never invents one.
    pub receipts: Vec<RegistryReceipt>,
    pub referentials: Vec<ReferentialUsed>,
}

#[derive(Clone, Debug)]
pub struct Organization {
    pub name: String,
    pub siren: String,
    pub federation: Option<String>,
    pub charter_signed: Option<Date>,
    pub contact: String,
}

/// The organization's commitments: requirements of scope `organization`.
#[derive(Clone, Debug)]
pub struct Commitments {
    pub counts: Counts,
    pub rows: Vec<Commitment>,
}

#[derive(Clone, Debug)]
pub struct Commitment {
    /// The requirement id, prefixed with its referential when the
    /// organization answers to more than one.
    pub id: String,
    pub title: String,
    pub status: Option<Status>,
    /// Declared conform, but a proof is missing, expired or wrong.
    pub unsubstantiated: bool,
    pub declared: Option<Date>,
    pub due: Option<Date>,
    /// When it is not yet in force: the day it will be.
    pub upcoming: Option<Date>,
}

#[derive(Clone, Debug)]
pub struct ProductPart {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: String,
    pub services: Vec<String>,
    pub counts: Counts,
    pub by_referential: Vec<ReferentialCounts>,
}

#[derive(Clone, Debug)]
pub struct ReferentialCounts {
    pub id: String,
    pub version: String,
    pub counts: Counts,
}

/// Planned work (`status = "planned"`) and its due date.
#[derive(Clone, Debug)]
pub struct Planned {
    pub due: Date,
    pub overdue: bool,
    /// `Name version` of the product, `None` for the organization.
    pub product: Option<String>,
    pub requirement: String,
    pub title: String,
}

/// A requirement in force that is not declared conform with its proofs:
/// what a reader of the rate wants to know next.
#[derive(Clone, Debug)]
pub struct Gap {
    /// `Name version` of the product, `None` for the organization.
    pub product: Option<String>,
    pub requirement: String,
    pub title: String,
    /// A recommendation (`preconisation`), outside the rate.
    pub recommendation: bool,
    /// `None`: not declared.
    pub status: Option<Status>,
    /// Declared conform, but a proof is missing, expired or wrong.
    pub unsubstantiated: bool,
    pub due: Option<Date>,
    pub overdue: bool,
    pub justification: Option<String>,
}

/// A submission the registry accepted (SPEC §5), as its receipt says.
#[derive(Clone, Debug)]
pub struct RegistryReceipt {
    /// `Name version` of the product, `None` for the commitments.
    pub product: Option<String>,
    pub id: String,
    /// RFC 3339, as the registry wrote it.
    pub received_at: String,
    pub digest: String,
    /// Verified in the registry's transparency log (offline: signature,
    /// leaf, inclusion); `None` when the manifest pins no log key.
    pub logged: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct ReferentialUsed {
    pub id: String,
    pub version: String,
    pub label: String,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub source: Option<String>,
    pub sha256: String,
}

impl Statement {
    /// The statement of an evaluation of every product.
    pub fn new(input: &Input<'_>, evaluation: &Evaluation, lang: Lang) -> Statement {
        let m = input.manifest;
        let refs = input.referentials;
        let org_referentials = refs
            .iter()
            .filter(|r| r.doc.scope == Scope::Organization)
            .count();
        let commitments = evaluation
            .applicable
            .iter()
            .filter(|a| a.owner.is_none())
            .map(|a| {
                let doc = &refs[a.referential].doc;
                let req = &doc.requirements[a.requirement];
                let d = a.declaration.map(|i| input.declaration(None, i));
                Commitment {
                    id: if org_referentials > 1 {
                        format!("{}:{}", doc.id, req.id)
                    } else {
                        req.id.clone()
                    },
                    title: req.title.clone(),
                    status: d.map(|d| d.status.value),
                    unsubstantiated: a.unsubstantiated,
                    declared: d.and_then(|d| d.declared.as_ref().map(|x| x.value)),
                    due: d.and_then(|d| d.due.as_ref().map(|x| x.value)),
                    upcoming: req.effective.filter(|e| !a.effective && *e > input.today),
                }
            })
            .collect();
        let products = evaluation
            .products
            .iter()
            .map(|(i, counts)| {
                let p = &m.products[*i];
                ProductPart {
                    id: p.id.value.clone(),
                    name: p.name.clone(),
                    version: p.version.clone(),
                    kind: p.kind.clone(),
                    services: p.services.clone(),
                    counts: counts.clone(),
                    by_referential: evaluation
                        .by_referential(input, Some(*i))
                        .into_iter()
                        .map(|(r, counts)| ReferentialCounts {
                            id: refs[r].doc.id.clone(),
                            version: refs[r].doc.version.to_string(),
                            counts,
                        })
                        .collect(),
                }
            })
            .collect();
        let planned = engine::agenda(input, evaluation, Date::MAX)
            .into_iter()
            .filter(|o| o.kind == ObligationKind::Due)
            .map(|o| {
                let doc = &refs[o.referential].doc;
                let req = &doc.requirements[o.requirement];
                Planned {
                    due: o.date,
                    overdue: o.overdue(input.today),
                    product: o.owner.map(|i| {
                        let p = &m.products[i];
                        format!("{} {}", p.name, p.version)
                    }),
                    requirement: format!("{}:{}", doc.id, req.id),
                    title: req.title.clone(),
                }
            })
            .collect();
        let gaps = evaluation
            .applicable
            .iter()
            .filter(|a| a.effective)
            .filter_map(|a| {
                let doc = &refs[a.referential].doc;
                let req = &doc.requirements[a.requirement];
                let d = a.declaration.map(|i| input.declaration(a.owner, i));
                let status = d.map(|d| d.status.value);
                if status == Some(Status::Conform) && !a.unsubstantiated {
                    return None;
                }
                let due = d.and_then(|d| d.due.as_ref().map(|x| x.value));
                Some(Gap {
                    product: a.owner.map(|i| {
                        let p = &m.products[i];
                        format!("{} {}", p.name, p.version)
                    }),
                    requirement: format!("{}:{}", doc.id, req.id),
                    title: req.title.clone(),
                    recommendation: req.nature == Nature::Preconisation,
                    status,
                    unsubstantiated: a.unsubstantiated,
                    due: due.filter(|_| status == Some(Status::Planned)),
                    overdue: status == Some(Status::Planned)
                        && due.is_some_and(|due| due < input.today),
                    justification: d.and_then(|d| d.justification.clone()),
                })
            })
            .collect();
        Statement {
            lang,
            today: input.today,
            tool: Tool::this(),
            organization: Organization {
                name: m.organization.name.clone(),
                siren: m.organization.siren.clone(),
                federation: m.organization.federation.clone(),
                charter_signed: m.organization.charter_signed,
                contact: m.organization.contact.clone(),
            },
            commitments: Commitments {
                counts: evaluation.organization.clone(),
                rows: commitments,
            },
            products,
            planned,
            gaps,
            receipts: Vec::new(),
            referentials: refs
                .iter()
                .map(|r| ReferentialUsed {
                    id: r.doc.id.clone(),
                    version: r.doc.version.to_string(),
                    label: r.doc.label.clone(),
                    publisher: r.doc.publisher.clone(),
                    published: r.doc.published,
                    source: r.doc.source.clone(),
                    sha256: r.sha256.clone(),
                })
                .collect(),
        }
    }

    /// "Receipts verified in the log: N of M", when the log was checked.
    fn receipts_verified(&self) -> Option<String> {
        let checked: Vec<bool> = self.receipts.iter().filter_map(|r| r.logged).collect();
        if checked.is_empty() {
            return None;
        }
        let verified = checked.iter().filter(|v| **v).count().to_string();
        let count = checked.len().to_string();
        Some(self.lang.fill(
            Text::ReceiptsVerified,
            &[("verified", &verified), ("count", &count)],
        ))
    }

    fn t(&self, text: Text) -> &'static str {
        self.lang.text(text)
    }

    fn fill(&self, text: Text, values: &[(&str, &str)]) -> String {
        self.lang.fill(text, values)
    }

    fn date(&self, date: Date) -> String {
        self.lang.date(date)
    }

    fn title(&self) -> String {
        self.fill(
            Text::Title,
            &[("of_org", &self.lang.of(&self.organization.name))],
        )
    }

    fn intro(&self) -> String {
        let o = &self.organization;
        match o.charter_signed {
            Some(signed) => self.fill(
                Text::IntroSigned,
                &[
                    ("org", &o.name),
                    ("siren", &o.siren),
                    ("date", &self.date(signed)),
                ],
            ),
            None => self.fill(Text::Intro, &[("org", &o.name), ("siren", &o.siren)]),
        }
    }

    fn self_assessed(&self) -> String {
        self.fill(Text::SelfAssessed, &[("date", &self.date(self.today))])
    }

    fn footer(&self) -> String {
        self.fill(
            Text::Footer,
            &[
                ("date", &self.date(self.today)),
                ("version", self.tool.version),
            ],
        )
    }

    fn commitments_rate(&self) -> String {
        let c = &self.commitments.counts;
        self.fill(
            Text::CommitmentsRate,
            &[("basis", &self.lang.rate_basis(c.conformity, c.exigences()))],
        )
    }

    fn product_facts(&self, p: &ProductPart) -> String {
        let services = if p.services.is_empty() {
            self.t(Text::None).to_string()
        } else {
            p.services.join(", ")
        };
        self.fill(
            Text::ProductFacts,
            &[("kind", &self.lang.kind(&p.kind)), ("services", &services)],
        )
    }

    fn product_rate(&self, p: &ProductPart) -> String {
        let c = &p.counts;
        self.fill(
            Text::ProductRate,
            &[("basis", &self.lang.rate_basis(c.conformity, c.exigences()))],
        )
    }

    /// The summary's columns: the rate, then what it is computed from.
    fn summary_headers(&self) -> [&'static str; 5] {
        [
            self.t(Text::RateCol),
            self.t(Text::ConformExigencesCol),
            self.t(Text::ApplicableExigencesCol),
            self.t(Text::NotApplicableExigencesCol),
            self.t(Text::UnsubstantiatedExigencesCol),
        ]
    }

    fn summary_cells(&self, c: &Counts) -> [String; 5] {
        let e = c.exigences();
        [
            self.lang.percent(c.conformity),
            e.conform.to_string(),
            e.applicable.to_string(),
            e.not_applicable.to_string(),
            e.unsubstantiated.to_string(),
        ]
    }

    /// A gap's status as the statement words it.
    fn gap_status(&self, g: &Gap) -> String {
        let status = if g.unsubstantiated {
            self.t(Text::Unsubstantiated)
        } else {
            self.lang.status(g.status)
        };
        if g.recommendation {
            format!("{status} ({})", self.t(Text::Recommendation))
        } else {
            status.to_string()
        }
    }

    /// A gap's due date or justification, as one cell.
    fn gap_detail(&self, g: &Gap) -> String {
        let mut parts = Vec::new();
        if let Some(due) = g.due {
            let mut due = self.fill(Text::DueOn, &[("date", &self.date(due))]);
            if g.overdue {
                due = format!("{due} ({})", self.t(Text::Overdue).to_lowercase());
            }
            parts.push(due);
        }
        if let Some(j) = &g.justification {
            parts.push(j.clone());
        }
        parts.join(" ; ")
    }

    /// The dates of a commitment, as one cell.
    fn commitment_dates(&self, c: &Commitment) -> String {
        let mut parts = Vec::new();
        if let Some(e) = c.upcoming {
            parts.push(self.fill(Text::EffectiveOn, &[("date", &self.date(e))]));
        }
        if let (Some(Status::Planned), Some(due)) = (c.status, c.due) {
            parts.push(self.fill(Text::DueOn, &[("date", &self.date(due))]));
        } else if let Some(declared) = c.declared {
            parts.push(self.fill(Text::DeclaredOn, &[("date", &self.date(declared))]));
        }
        parts.join(" ; ")
    }

    /// A commitment's status as the statement words it.
    fn commitment_status(&self, c: &Commitment) -> &'static str {
        if c.unsubstantiated {
            self.t(Text::Unsubstantiated)
        } else {
            self.lang.status(c.status)
        }
    }

    fn count_headers(&self) -> [&'static str; 9] {
        [
            self.t(Text::ApplicableShort),
            self.t(Text::ConformCol),
            self.t(Text::UnsubstantiatedCol),
            self.t(Text::PartialCol),
            self.t(Text::NonConformCol),
            self.t(Text::PlannedCol),
            self.t(Text::NotApplicableCol),
            self.t(Text::MissingCol),
            self.t(Text::RateShort),
        ]
    }

    fn count_cells(&self, c: &Counts) -> [String; 9] {
        let [a, b, u, c2, d, e, f, g] = c.figures().map(|n| n.to_string());
        let (conform, counted) = c.conformity_basis();
        let rate = format!("{} ({conform}/{counted})", self.lang.percent(c.conformity));
        [a, b, u, c2, d, e, f, g, rate]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(lang: Lang) -> Statement {
        Statement {
            lang,
            today: "2026-11-23".parse().unwrap(),
            tool: Tool::this(),
            organization: Organization {
                name: "Dupont & Fils <SA> | *Santé*".into(),
                siren: "732829320".into(),
                federation: None,
                charter_signed: None,
                contact: "Service conformité".into(),
            },
            commitments: Commitments {
                counts: Counts::default(),
                rows: Vec::new(),
            },
            products: Vec::new(),
            planned: Vec::new(),
            gaps: Vec::new(),
            receipts: vec![RegistryReceipt {
                product: None,
                id: "sub-42".into(),
                received_at: "2026-11-20T10:00:00Z".into(),
                digest: "ab".repeat(32),
                logged: None,
            }],
            referentials: Vec::new(),
        }
    }

    fn render(
        f: fn(&Statement, &mut dyn std::io::Write) -> std::io::Result<()>,
        s: &Statement,
    ) -> String {
        let mut out = Vec::new();
        f(s, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn registry_receipts_are_shown_when_there_are_some() {
        let s = statement(Lang::Fr);
        let page = render(html, &s);
        assert!(page.contains("<h2 id=\"registre\">Dépôts au registre</h2>"));
        assert!(page.contains("<code>sub-42</code>"));
        let text = render(markdown, &s);
        assert!(text.contains("## Dépôts au registre"));
        assert!(text.contains("| Engagements de la charte | `sub-42` | 2026-11-20T10:00:00Z |"));
    }

    #[test]
    fn names_are_escaped_in_both_renderings() {
        let s = statement(Lang::En);
        let page = render(html, &s);
        assert!(page.contains("Dupont &amp; Fils &lt;SA&gt; | *Santé*"));
        assert!(!page.contains("<SA>"));
        assert!(
            !page.contains("mailto:"),
            "a contact that is no address is no link"
        );
        let text = render(markdown, &s);
        assert!(text.starts_with(
            "# E-health conformity statement of Dupont & Fils \\<SA\\> \\| \\*Santé\\*\n"
        ));
    }

    #[test]
    fn receipt_fields_are_escaped_whatever_they_hold() {
        let mut s = statement(Lang::En);
        s.receipts[0] = RegistryReceipt {
            product: Some("Exemple\n# Cabinet".into()),
            id: "sub_1\n\n## Injected\n\n<img src=x onerror=alert(1)>\r\n| a | b |".into(),
            received_at: "2026-11-20\u{1b}[2J\n<script>x</script>".into(),
            digest: "ab`\n<b>d</b>|\u{1b}]0;t\u{7}".into(),
            logged: None,
        };
        let text = render(markdown, &s);
        let receipts = text
            .split("## Registry submissions")
            .nth(1)
            .and_then(|t| t.split("\n## ").next())
            .unwrap();
        // Nothing starts a line of its own: no heading, no HTML block.
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("## Injected") || l.starts_with('<')),
            "{receipts}"
        );
        assert!(!text.contains(['\u{1b}', '\r', '\u{7}']), "{receipts}");
        let row = receipts
            .lines()
            .find(|l| l.starts_with("| Exemple"))
            .unwrap();
        assert_eq!(
            row,
            "| Exemple # Cabinet | `sub_1  ## Injected  <img src=x onerror=alert(1)>  \\| a \\| b \\|` \
             | 2026-11-20 \\<script\\>x\\</script\\> | `ab' <b>d</b>\\|` |"
        );
        let page = render(html, &s);
        assert!(!page.contains("<img") && !page.contains("<script") && !page.contains("<b>"));
        assert!(!page.contains(['\u{1b}', '\u{7}']));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }
}
