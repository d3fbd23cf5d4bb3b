//! What `charte upcoming` shows: the dated obligations of an evaluation
//! ([`crate::engine::agenda`]) with the names people and calendars need, as a
//! table, as JSON, or as an iCalendar file ([`super::ics`]).

use std::io::{self, Write};

use serde::Serialize;

use super::{OrganizationInfo, Tool};
use crate::catalogue::Nature;
use crate::date::Date;
use crate::engine::{Input, Obligation, ObligationKind};
use crate::style::Style;

/// The obligations of one organization between two dates.
#[derive(Clone, Debug, Serialize)]
pub struct Agenda {
    pub schema: u32,
    pub tool: Tool,
    pub today: Date,
    /// The last day of the window; overdue obligations are listed whatever
    /// their date.
    pub until: Date,
    pub organization: OrganizationInfo,
    pub obligations: Vec<Entry>,
}

/// One dated obligation.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub date: Date,
    /// Days from the evaluation date; negative when overdue.
    pub days: i64,
    pub overdue: bool,
    pub kind: ObligationKind,
    /// `None` for the organization's commitments.
    pub product: Option<ProductRef>,
    /// `<referential>:<requirement>`.
    pub requirement: String,
    pub referential_version: String,
    pub title: String,
    pub nature: Nature,
    /// The declared status, `None` when not declared.
    pub status: Option<&'static str>,
    /// For `evidence-expiry`: the proof and the evidence's date.
    pub proof: Option<String>,
    pub evidence_date: Option<Date>,
    /// For `evidence-expiry`: the proof's `max-age-days`.
    pub max_age_days: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProductRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

impl Serialize for ObligationKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Agenda {
    /// Names the obligations `obligations` found in the evaluation of `input`.
    pub fn new(input: &Input<'_>, obligations: &[Obligation], until: Date) -> Agenda {
        let m = input.manifest;
        let today = input.today;
        let entries = obligations
            .iter()
            .map(|o| {
                let doc = &input.referentials[o.referential].doc;
                let req = &doc.requirements[o.requirement];
                let declaration = o.declaration.map(|i| input.declaration(o.owner, i));
                let (proof, evidence_date) = match &o.evidence {
                    Some((proof, date)) => (Some(proof.clone()), Some(*date)),
                    None => (None, None),
                };
                Entry {
                    date: o.date,
                    days: today.days_until(o.date),
                    overdue: o.overdue(today),
                    kind: o.kind,
                    product: o.owner.map(|i| {
                        let p = &m.products[i];
                        ProductRef {
                            id: p.id.value.clone(),
                            name: p.name.clone(),
                            version: p.version.clone(),
                        }
                    }),
                    requirement: format!("{}:{}", doc.id, req.id),
                    referential_version: doc.version.to_string(),
                    title: req.title.clone(),
                    nature: req.nature,
                    status: declaration.map(|d| d.status.value.as_str()),
                    max_age_days: proof
                        .as_deref()
                        .and_then(|p| req.proof(p))
                        .and_then(|p| p.max_age_days),
                    proof,
                    evidence_date,
                }
            })
            .collect();
        Agenda {
            schema: 1,
            tool: Tool::this(),
            today,
            until,
            organization: OrganizationInfo {
                name: m.organization.name.clone(),
                siren: m.organization.siren.clone(),
            },
            obligations: entries,
        }
    }

    pub fn overdue(&self) -> usize {
        self.obligations.iter().filter(|e| e.overdue).count()
    }
}

impl Entry {
    /// What falls due, in a few words.
    pub fn what(&self) -> String {
        match self.kind {
            ObligationKind::Effective => "requirement becomes effective".to_string(),
            ObligationKind::Due => "planned work due".to_string(),
            ObligationKind::EvidenceExpiry => format!(
                "evidence for proof {} expires",
                self.proof.as_deref().unwrap_or_default()
            ),
        }
    }

    /// `hexa-dpi`, or `organization` for the commitments.
    pub fn owner(&self) -> &str {
        self.product
            .as_ref()
            .map_or("organization", |p| p.id.as_str())
    }
}

/// How far a date is from the evaluation date.
fn when(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "1 day overdue".to_string(),
        d if d < 0 => format!("{} days overdue", -d),
        d => format!("in {d} days"),
    }
}

/// Writes the obligations as a table for people.
pub fn table(
    agenda: &Agenda,
    style: Style,
    width: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let span = agenda.today.days_until(agenda.until);
    writeln!(
        out,
        "{}: dated obligations up to {} ({span} days from {})",
        style.bold(&agenda.organization.name),
        agenda.until,
        agenda.today
    )?;
    if agenda.obligations.is_empty() {
        return writeln!(out, "\nnothing falls due up to {}", agenda.until);
    }
    // The escape codes of `when` are in its text: comfy-table is not asked to style.
    let mut t = super::table::new(
        &["date", "when", "for", "what", "requirement", "title"],
        Style::plain(),
        width,
    );
    for e in &agenda.obligations {
        let when = when(e.days);
        let when = if e.overdue {
            style.error(&when)
        } else if e.days <= crate::engine::DUE_SOON_DAYS {
            style.warning(&when)
        } else {
            when
        };
        t.add_row(vec![
            e.date.to_string(),
            when,
            e.owner().to_string(),
            e.what(),
            e.requirement.clone(),
            e.title.clone(),
        ]);
    }
    writeln!(out, "{t}")?;
    let n = agenda.obligations.len();
    writeln!(
        out,
        "\n{n} obligation{}, {} overdue",
        crate::text::plural_s(n),
        agenda.overdue()
    )
}

/// Writes the obligations as JSON.
pub fn json(agenda: &Agenda, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, agenda)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_naturally() {
        assert_eq!(when(0), "today");
        assert_eq!(when(1), "tomorrow");
        assert_eq!(when(12), "in 12 days");
        assert_eq!(when(-1), "1 day overdue");
        assert_eq!(when(-54), "54 days overdue");
    }
}
