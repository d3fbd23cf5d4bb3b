//! Referentials: their model, the catalogue embedded in the binary, the
//! lockfile, the cache of downloaded documents, the resolution of the
//! manifest's `use` entries to exact, verified documents, what changes
//! between two versions of a referential, and the catalogue folders that
//! `referentials import` fills from official files.

pub mod cache;
pub mod diff;
pub mod folder;
pub mod import;
pub mod lock;
pub mod model;
pub mod resolve;

use sha2::{Digest, Sha256};

pub use cache::Cache;
pub use lock::{Locked, Lockfile, LOCK_NAME};
pub use model::{AppliesTo, Criticality, Index, Nature, Proof, Referential, Requirement, Scope};
pub use resolve::{offered, offered_embedded, Catalogue, Resolution, Resolver};

use crate::diag::Diagnostic;
use crate::manifest::UseEntry;
use crate::suggest;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_catalogue.rs"));
}

/// The catalogue built into the binary.
pub struct Embedded;

impl Embedded {
    /// Every file, by path relative to the catalogue folder.
    pub fn files() -> &'static [(&'static str, &'static [u8])] {
        embedded::FILES
    }

    pub fn file(path: &str) -> Option<&'static [u8]> {
        embedded::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, bytes)| *bytes)
    }

    pub fn index() -> Result<Index, String> {
        let bytes =
            Embedded::file("index.json").ok_or("the embedded catalogue has no index.json")?;
        Index::parse(bytes).map_err(|e| format!("embedded index.json: {e}"))
    }
}

/// A referential document chosen for a `use` entry, verified against its
/// sha256.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub doc: Referential,
    pub sha256: String,
    /// Where it came from: a URL, or `embedded`.
    pub source: String,
}

/// The services and profiles a product may name: those the requirements of
/// some referentials mention in `applies-to`, and the manifest format's own
/// list (SPEC §1.1). A value outside it switches no requirement on.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub services: Vec<String>,
    pub profiles: Vec<String>,
}

impl Vocabulary {
    pub fn new<'a>(docs: impl IntoIterator<Item = &'a Referential>) -> Vocabulary {
        let mut v = Vocabulary {
            services: crate::manifest::SERVICES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            profiles: crate::manifest::PROFILES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        for doc in docs {
            for req in &doc.requirements {
                for (into, from) in [
                    (&mut v.services, &req.applies_to.services),
                    (&mut v.profiles, &req.applies_to.profiles),
                ] {
                    for value in from {
                        if !into.contains(value) {
                            into.push(value.clone());
                        }
                    }
                }
            }
        }
        v
    }

    /// `None` when `value` is a known service (`profile` false) or profile;
    /// else the message saying so, with the closest known value.
    pub fn unknown(&self, value: &str, profile: bool) -> Option<String> {
        let (what, known) = if profile {
            ("profile", &self.profiles)
        } else {
            ("service", &self.services)
        };
        if known.iter().any(|k| k == value) {
            return None;
        }
        let hint = match suggest::closest(value, known.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known {what}s are {}", suggest::list(known)),
        };
        Some(format!(
            "no referential knows the {what} `{value}`, so it switches no requirement on; {hint}"
        ))
    }
}

/// Lowercase hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::text::hex(&Sha256::digest(bytes))
}

/// The newest non-yanked version of the index matching a `use` entry, or a
/// diagnostic pointing at the entry.
pub fn select<'a>(
    index: &'a Index,
    entry: &UseEntry,
) -> Result<&'a model::IndexVersion, Diagnostic> {
    let Some(found) = index.entry(&entry.id) else {
        let ids: Vec<&str> = index.referentials.iter().map(|r| r.id.as_str()).collect();
        let help = match suggest::closest(&entry.id, ids.iter().copied()) {
            Some(near) => {
                format!("did you mean `{near}`? `charte referentials list` shows them all")
            }
            None => format!("the catalogue offers {}", suggest::list(&ids)),
        };
        return Err(Diagnostic::new(
            format!("the catalogue has no referential `{}`", entry.id),
            entry.span,
        )
        .label("unknown referential")
        .help(help));
    };
    found
        .versions
        .iter()
        .filter(|v| !v.yanked && entry.req.as_ref().is_none_or(|r| r.matches(&v.version)))
        .max_by(|a, b| a.version.cmp(&b.version))
        .ok_or_else(|| {
            let versions: Vec<String> = found
                .versions
                .iter()
                .filter(|v| !v.yanked)
                .map(|v| v.version.to_string())
                .collect();
            Diagnostic::new(
                format!("no version of `{}` matches `{entry}`", entry.id),
                entry.span,
            )
            .label("no matching version")
            .help(format!("available versions: {}", versions.join(", ")))
        })
}
