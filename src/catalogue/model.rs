//! Referential documents and the index that lists them (SPEC §1.2, §1.3).
//!
//! These come from elsewhere (the embedded catalogue or a remote index), so
//! they are read tolerantly: unknown fields are ignored, the `schema` number
//! says whether this version of charte can read them.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The index of a catalogue: which referentials exist, in which versions.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Index {
    pub schema: u32,
    /// Raised by the publisher at each change (SPEC §8): `charte.lock`
    /// keeps it, and an index with a lower one is refused as a rollback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<u64>,
    pub referentials: Vec<IndexEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct IndexEntry {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub versions: Vec<IndexVersion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct IndexVersion {
    pub version: semver::Version,
    pub url: String,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub yanked: bool,
}

impl Index {
    pub fn parse(bytes: &[u8]) -> Result<Index, String> {
        let index: Index = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if index.schema != 1 {
            return Err(format!(
                "index schema {} is not supported (this charte reads schema 1)",
                index.schema
            ));
        }
        let mut ids = std::collections::HashSet::new();
        for entry in &index.referentials {
            if !crate::manifest::is_id(&entry.id) {
                return Err(format!("`{}` is not a referential id", entry.id));
            }
            if !ids.insert(entry.id.as_str()) {
                return Err(format!("referential `{}` is listed twice", entry.id));
            }
            let mut versions = std::collections::HashSet::new();
            for v in &entry.versions {
                if !versions.insert(&v.version) {
                    return Err(format!("`{}` {} is listed twice", entry.id, v.version));
                }
                if !is_sha256(&v.sha256) {
                    return Err(format!(
                        "`{}` {}: `{}` is not a sha256 (64 lowercase hex digits)",
                        entry.id, v.version, v.sha256
                    ));
                }
            }
        }
        Ok(index)
    }

    pub fn entry(&self, id: &str) -> Option<&IndexEntry> {
        self.referentials.iter().find(|r| r.id == id)
    }
}

/// Whether `s` is a lowercase hex sha256, as indexes and charte.lock write them.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Who a referential's requirements are declared by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Product,
    Organization,
}

/// A requirement is mandatory (`exigence`, DOIT) or recommended
/// (`preconisation`, PEUT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nature {
    Exigence,
    Preconisation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criticality {
    Mineure,
    Majeure,
    Critique,
}

/// One version of a referential.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Referential {
    pub schema: u32,
    pub id: String,
    pub version: semver::Version,
    pub label: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub published: Option<Date>,
    pub scope: Scope,
    #[serde(default)]
    pub source: Option<String>,
    /// The profiles the requirements name, slug → the source's own label
    /// (`bal-per-org = "Profil BAL PER/ORG"`), for people to read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, String>,
    /// Where an imported document came from (SPEC §6); absent from
    /// documents written by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default, rename = "requirement")]
    pub requirements: Vec<Requirement>,
    #[serde(skip)]
    by_id: HashMap<String, usize>,
    #[serde(skip)]
    replaced: HashMap<String, usize>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Requirement {
    pub id: String,
    #[serde(default)]
    pub section: Option<String>,
    pub title: String,
    pub nature: Nature,
    #[serde(default)]
    pub criticality: Option<Criticality>,
    #[serde(default)]
    pub applies_to: AppliesTo,
    #[serde(default)]
    pub effective: Option<Date>,
    #[serde(default)]
    pub revised: Option<Date>,
    #[serde(default)]
    pub replaces: Vec<String>,
    #[serde(default)]
    pub text: Option<String>,
    /// Requirements of other referentials this one derives from
    /// (`referential:requirement`), as the source links them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    #[serde(default, rename = "proof")]
    pub proofs: Vec<Proof>,
}

/// The `[provenance]` of an imported document: the user's file it was
/// read from and what the importer had to say about it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Provenance {
    /// The source file's name (not its path).
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub sha256: String,
    /// The import format (`squash`, `rem`, …).
    #[serde(default)]
    pub format: String,
    /// The sheet, project or framework the document was read from.
    #[serde(default)]
    pub part: Option<String>,
    /// `charte <version>`.
    #[serde(default)]
    pub importer: String,
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// Conditions under which a requirement applies: each non-empty list must
/// share a value with the product.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct AppliesTo {
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub profiles: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Proof {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub max_age_days: Option<u32>,
}

impl Referential {
    /// Parses a document and checks what the engine relies on: the schema,
    /// unique requirement ids, and `replaces` naming no current requirement.
    pub fn parse(text: &str) -> Result<Referential, String> {
        let mut doc: Referential = toml::from_str(text).map_err(|e| e.to_string())?;
        if doc.schema != 1 {
            return Err(format!(
                "referential schema {} is not supported (this charte reads schema 1)",
                doc.schema
            ));
        }
        for (i, req) in doc.requirements.iter().enumerate() {
            if doc.by_id.insert(req.id.clone(), i).is_some() {
                return Err(format!("requirement `{}` is defined twice", req.id));
            }
        }
        for (i, req) in doc.requirements.iter().enumerate() {
            for old in &req.replaces {
                if doc.by_id.contains_key(old) {
                    return Err(format!(
                        "`{}` replaces `{old}`, which is still a requirement of this version",
                        req.id
                    ));
                }
                doc.replaced.insert(old.clone(), i);
            }
        }
        Ok(doc)
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.position(id).map(|i| &self.requirements[i])
    }

    /// How many requirements would apply to products of these kinds and
    /// services (and profiles), counting only those whose `applies-to`
    /// names a kind or a service: one that names neither says nothing of
    /// whom the referential is for.
    pub fn applying_to(&self, kinds: &[String], services: &[String], profiles: &[String]) -> usize {
        self.requirements
            .iter()
            .filter(|r| {
                let a = &r.applies_to;
                (!a.kinds.is_empty() || !a.services.is_empty())
                    && a.mismatch_any(kinds, services, profiles).is_none()
            })
            .count()
    }

    /// The index of a requirement in `requirements`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The index of the requirement that renumbers `old_id`, if any.
    pub fn replacement_of(&self, old_id: &str) -> Option<usize> {
        self.replaced.get(old_id).copied()
    }
}

impl Requirement {
    pub fn proof(&self, id: &str) -> Option<&Proof> {
        self.proofs.iter().find(|p| p.id == id)
    }
}

impl AppliesTo {
    /// Why the requirement does not apply to a product with these traits, if
    /// it does not.
    pub fn mismatch(&self, kind: &str, services: &[String], profiles: &[String]) -> Option<String> {
        let any = |wanted: &[String], have: &[String]| {
            wanted.is_empty() || wanted.iter().any(|w| have.contains(w))
        };
        if !self.kinds.is_empty() && !self.kinds.iter().any(|k| k == kind) {
            return Some(format!(
                "it concerns products of kind {}",
                self.kinds.join(", ")
            ));
        }
        if !any(&self.services, services) {
            return Some(format!(
                "it concerns products offering {}",
                self.services.join(", ")
            ));
        }
        if !any(&self.profiles, profiles) {
            return Some(format!(
                "it concerns products with the profile {}",
                self.profiles.join(", ")
            ));
        }
        None
    }

    /// Like `mismatch`, for the organization: whether any of its products
    /// has each wanted trait.
    pub fn mismatch_any(
        &self,
        kinds: &[String],
        services: &[String],
        profiles: &[String],
    ) -> Option<String> {
        let hit = |wanted: &[String], have: &[String]| {
            wanted.is_empty() || wanted.iter().any(|w| have.contains(w))
        };
        if hit(&self.kinds, kinds) && hit(&self.services, services) && hit(&self.profiles, profiles)
        {
            None
        } else {
            Some("none of the organization's products is concerned".to_string())
        }
    }
}
