//! Declarations, commitments, evidence and products as plain data, without
//! locations: what `declare`, `commit`, `import` and `export` exchange and
//! the editor writes; and what an edit did (a [`Change`], a [`Tally`]).

use super::{Declaration, Evidence, Product, RequirementRef, Status};
use crate::date::Date;

/// A declaration or a commitment as plain data, without locations: what
/// `declare`, `commit`, `import` and `export` exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The product; `None` for a commitment (organization level).
    pub product: Option<String>,
    pub requirement: RequirementRef,
    pub status: Status,
    pub justification: Option<String>,
    pub due: Option<Date>,
    pub declared: Option<Date>,
    pub evidence: Vec<EvidenceItem>,
}

/// One item of `evidence`, as plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvidenceItem {
    pub proof: Option<String>,
    pub kind: Option<String>,
    pub reference: Option<String>,
    pub url: Option<String>,
    pub path: Option<String>,
    pub sha256: Option<String>,
    pub date: Option<Date>,
}

impl From<&Declaration> for Record {
    fn from(d: &Declaration) -> Record {
        Record {
            product: d.product.as_ref().map(|p| p.value.clone()),
            requirement: d.requirement.value.clone(),
            status: d.status.value,
            justification: d.justification.clone(),
            due: d.due.as_ref().map(|d| d.value),
            declared: d.declared.as_ref().map(|d| d.value),
            evidence: d.evidence.iter().map(EvidenceItem::from).collect(),
        }
    }
}

impl From<&Evidence> for EvidenceItem {
    fn from(e: &Evidence) -> EvidenceItem {
        EvidenceItem {
            proof: e.proof.clone(),
            kind: e.kind.clone(),
            reference: e.reference.clone(),
            url: e.url.clone(),
            path: e.path.as_ref().map(|p| p.value.clone()),
            sha256: e.sha256.clone(),
            date: e.date.as_ref().map(|d| d.value),
        }
    }
}

impl EvidenceItem {
    /// Its text keys with their values, in the order charte writes them
    /// (`date` aside).
    pub fn text_fields(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("proof", &self.proof),
            ("kind", &self.kind),
            ("ref", &self.reference),
            ("url", &self.url),
            ("path", &self.path),
            ("sha256", &self.sha256),
        ]
    }
}

impl Record {
    /// Who it is for and what it is about: one declaration per key.
    pub fn key(&self) -> DeclKey {
        (self.product.clone(), self.requirement.to_string())
    }
}

/// A product as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRecord {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: String,
    pub services: Vec<String>,
    pub profiles: Vec<String>,
}

impl From<&Product> for ProductRecord {
    fn from(p: &Product) -> ProductRecord {
        ProductRecord {
            id: p.id.value.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
            kind: p.kind.clone(),
            services: p.services.clone(),
            profiles: p.profiles.clone(),
        }
    }
}

/// The product (none for a commitment) and the requirement as written.
pub type DeclKey = (Option<String>, String);

/// What an edit did to one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// How many entries an edit created, updated and left as they were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Tally {
    pub fn add(&mut self, change: Change) {
        match change {
            Change::Created => self.created += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )
    }
}
