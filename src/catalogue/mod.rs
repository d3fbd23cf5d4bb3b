//! Referentials: their model, the catalogue embedded in the binary, and the
//! resolution of the manifest's `use` entries to exact, verified documents.

pub mod model;

use sha2::{Digest, Sha256};

pub use model::{AppliesTo, Criticality, Index, Nature, Proof, Referential, Requirement, Scope};

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

/// A referential document chosen for a `use` entry, verified against the
/// index's digest.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub doc: Referential,
    pub sha256: String,
    /// Where it came from: a URL, or `embedded`.
    pub source: String,
}

/// Lowercase hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
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

/// Why the referentials of a manifest could not be had.
#[derive(Debug)]
pub enum ResolveError {
    /// `use` entries the catalogue cannot satisfy (the user's to fix).
    Manifest(Vec<Diagnostic>),
    /// A document that is missing, corrupt or does not match its digest.
    Unavailable(String),
}

/// Resolves every `use` entry against the embedded catalogue.
pub fn resolve_embedded(uses: &[UseEntry]) -> Result<Vec<Resolved>, ResolveError> {
    let index = Embedded::index().map_err(ResolveError::Unavailable)?;
    let mut diags = Vec::new();
    let mut chosen = Vec::new();
    for entry in uses {
        match select(&index, entry) {
            Ok(v) => chosen.push(v),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(ResolveError::Manifest(diags));
    }
    chosen
        .into_iter()
        .map(|v| {
            let bytes = Embedded::file(&v.url).ok_or_else(|| {
                ResolveError::Unavailable(format!("the embedded catalogue has no {}", v.url))
            })?;
            let digest = sha256_hex(bytes);
            if digest != v.sha256 {
                return Err(ResolveError::Unavailable(format!(
                    "embedded {}: sha256 {digest} does not match the index ({})",
                    v.url, v.sha256
                )));
            }
            let text = std::str::from_utf8(bytes)
                .map_err(|e| ResolveError::Unavailable(format!("embedded {}: {e}", v.url)))?;
            let doc = Referential::parse(text)
                .map_err(|e| ResolveError::Unavailable(format!("embedded {}: {e}", v.url)))?;
            Ok(Resolved {
                doc,
                sha256: digest,
                source: "embedded".to_string(),
            })
        })
        .collect()
}
