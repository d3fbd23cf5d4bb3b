//! Dated obligations: what falls due for the organization and each product
//! from an evaluation, for `charte upcoming` and the public statement.
//!
//! Three kinds of date: a requirement that applies and becomes effective
//! (unless already declared conform or not applicable), planned work falling
//! due, and evidence reaching the end of its proof's `max-age-days`. The
//! dates mean what `check` means by them: a requirement is effective on its
//! `effective` day, planned work is overdue the day after `due`, evidence is
//! valid up to and including its last day.

use super::{Evaluation, Input};
use crate::date::Date;
use crate::manifest::Status;

/// What falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObligationKind {
    /// An applicable requirement comes into force.
    Effective,
    /// Planned work (`status = "planned"`) reaches its `due` date.
    Due,
    /// Evidence for a proof with `max-age-days` reaches its last valid day.
    EvidenceExpiry,
}

impl ObligationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObligationKind::Effective => "effective",
            ObligationKind::Due => "due",
            ObligationKind::EvidenceExpiry => "evidence-expiry",
        }
    }
}

/// One dated obligation. Indices are those of [`super::Applicable`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    pub date: Date,
    pub kind: ObligationKind,
    /// The product (index into `manifest.products`), `None` for the organization.
    pub owner: Option<usize>,
    pub referential: usize,
    pub requirement: usize,
    /// The declaration concerned, if any (see [`Input::declaration`]).
    pub declaration: Option<usize>,
    /// For evidence: the proof id and the evidence's date.
    pub evidence: Option<(String, Date)>,
}

impl Obligation {
    /// Past its date at `today`: planned work not delivered, evidence expired.
    pub fn overdue(&self, today: Date) -> bool {
        self.date < today
    }
}

/// Every obligation dated up to `until` (inclusive), overdue ones included
/// however old, sorted by date: overdue ones come first. Ties are ordered
/// by kind, then the organization before products in manifest order, then
/// referential and requirement order.
pub fn agenda(input: &Input<'_>, evaluation: &Evaluation, until: Date) -> Vec<Obligation> {
    let mut found = Vec::new();
    for a in &evaluation.applicable {
        let req = &input.referentials[a.referential].doc.requirements[a.requirement];
        let declaration = a.declaration.map(|i| input.declaration(a.owner, i));
        let status = declaration.map(|d| d.status.value);
        let obligation = |date: Date, kind, evidence| Obligation {
            date,
            kind,
            owner: a.owner,
            referential: a.referential,
            requirement: a.requirement,
            declaration: a.declaration,
            evidence,
        };
        if let Some(effective) = req.effective {
            let settled = matches!(status, Some(Status::Conform | Status::NotApplicable));
            if effective > input.today && !settled {
                found.push(obligation(effective, ObligationKind::Effective, None));
            }
        }
        let Some(d) = declaration else { continue };
        match d.status.value {
            Status::Planned => {
                if let Some(due) = &d.due {
                    found.push(obligation(due.value, ObligationKind::Due, None));
                }
            }
            Status::Conform | Status::Partial => {
                for e in &d.evidence {
                    let (Some(proof), Some(date)) = (&e.proof, &e.date) else {
                        continue;
                    };
                    let Some(max_age) = req.proof(proof).and_then(|p| p.max_age_days) else {
                        continue;
                    };
                    let last_day = date.value.add_days(i64::from(max_age));
                    found.push(obligation(
                        last_day,
                        ObligationKind::EvidenceExpiry,
                        Some((proof.clone(), date.value)),
                    ));
                }
            }
            _ => {}
        }
    }
    found.retain(|o| o.date <= until);
    found.sort_by(|a, b| {
        (a.date, a.kind, a.owner.map_or(0, |i| i + 1))
            .cmp(&(b.date, b.kind, b.owner.map_or(0, |i| i + 1)))
            .then((a.referential, a.requirement).cmp(&(b.referential, b.requirement)))
            .then(a.evidence.cmp(&b.evidence))
    });
    // The same proof cited twice with the same date is one obligation.
    found.dedup();
    found
}
