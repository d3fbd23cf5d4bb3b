//! Receipts of accepted submissions, kept beside the manifest under
//! `.charte/receipts/` (SPEC §1): one file per product, `<product>.json`, and
//! one for the commitments, `_organization.json` (a product id cannot start
//! with `_`, so the names never clash). Each holds the registry's address
//! and its receipt, as the registry wrote it.
//!
//! They are written by `charte submit` and read by `charte report`, which
//! shows them in the public statement: a receipt whose fields break the
//! protocol's forms ([`Receipt::fault`]) is neither written nor read, for a
//! file edited by hand is no more trusted than the registry.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::client::Receipt;
use crate::store::{self, Mode, TOOL_DIR};

/// The folder, inside `.charte/`.
pub const DIR: &str = "receipts";
/// The file of the commitments' receipt.
pub const ORGANIZATION_FILE: &str = "_organization.json";

/// Largest receipt file charte reads: a receipt is a few hundred bytes.
const MAX_BYTES: u64 = 1 << 20;

/// One receipt file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stored {
    /// The registry that issued it.
    pub registry: String,
    pub receipt: Receipt,
}

/// `.charte/receipts/` of the manifest's folder.
pub fn dir(folder: &Path) -> PathBuf {
    folder.join(TOOL_DIR).join(DIR)
}

/// The file of a product's receipt, or the commitments' (`None`).
pub fn path(folder: &Path, product: Option<&str>) -> PathBuf {
    dir(folder).join(match product {
        Some(id) => format!("{id}.json"),
        None => ORGANIZATION_FILE.to_string(),
    })
}

/// Saves a receipt (atomically; untouched when it already holds it).
/// Returns whether the file changed.
pub fn save(folder: &Path, registry: &str, receipt: &Receipt) -> anyhow::Result<bool> {
    if let Some(fault) = receipt.fault() {
        anyhow::bail!("the receipt from {registry} was not saved: {fault}");
    }
    let path = path(folder, receipt.product.as_deref());
    // One lock for the folder, `.charte/receipts.lock`: writers of the same
    // receipt (concurrent runs) take turns.
    let _lock = store::lock_for(&folder.join(DIR))
        .with_context(|| format!("cannot lock {}", dir(folder).display()))?;
    store::create_dir(&dir(folder))
        .with_context(|| format!("cannot create {}", dir(folder).display()))?;
    let mut receipt = receipt.clone();
    // The registry's `latest` list carries no log proof: a receipt it lists
    // again keeps the proof saved with it when it was first accepted.
    if receipt.log.is_none() {
        if let Ok(kept) = read(&path) {
            if kept.receipt.id == receipt.id && kept.receipt.digest == receipt.digest {
                receipt.log = kept.receipt.log;
            }
        }
    }
    let stored = Stored {
        registry: registry.to_string(),
        receipt,
    };
    let mut text = serde_json::to_string_pretty(&stored).expect("receipts serialise");
    text.push('\n');
    store::write_if_changed(&path, text.as_bytes(), Mode::Keep)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Every receipt saved beside the manifest, the commitments' first, then by
/// product id. None when the folder does not exist.
pub fn load(folder: &Path) -> anyhow::Result<Vec<Stored>> {
    let mut found = files(folder)?
        .iter()
        .map(|path| read(path))
        .collect::<anyhow::Result<Vec<Stored>>>()?;
    found.sort_by(|a, b| a.receipt.product.cmp(&b.receipt.product));
    Ok(found)
}

/// The receipt files beside the manifest, by name. None when the folder
/// does not exist.
pub fn files(folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let dir = dir(folder);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        // Temporaries of an interrupted write start with a dot.
        if name.is_some_and(|n| n.ends_with(".json") && !n.starts_with('.')) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// One receipt file, refused when it is not one charte wrote or its
/// fields break the protocol's forms.
pub fn read(path: &Path) -> anyhow::Result<Stored> {
    let text = store::read_bounded(path, &path.display().to_string(), MAX_BYTES)?;
    let stored: Stored = serde_json::from_slice(&text).with_context(|| {
        format!(
            "{} is not a receipt charte wrote; remove it (`charte submit` writes it again)",
            path.display()
        )
    })?;
    if let Some(fault) = stored.receipt.fault() {
        anyhow::bail!(
            "{} holds no receipt of the registry's form: {fault}; remove it (`charte submit` writes it again)",
            path.display()
        );
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(product: Option<&str>) -> Receipt {
        Receipt {
            id: format!("sub_{:032x}", product.map_or(0, str::len)),
            digest: "ab".repeat(32),
            organization: "732829320".into(),
            product: product.map(str::to_string),
            received_at: "2026-11-23T10:00:00Z".into(),
            withdrawn: false,
            log: None,
        }
    }

    #[test]
    fn saved_receipts_read_back_commitments_first() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().is_empty());
        let url = "https://registre.example.org";
        assert!(save(dir.path(), url, &receipt(Some("b-lgc"))).unwrap());
        assert!(save(dir.path(), url, &receipt(None)).unwrap());
        assert!(save(dir.path(), url, &receipt(Some("a-dpi"))).unwrap());
        // The same receipt again changes nothing.
        assert!(!save(dir.path(), url, &receipt(Some("a-dpi"))).unwrap());
        let products: Vec<Option<String>> = load(dir.path())
            .unwrap()
            .into_iter()
            .map(|s| s.receipt.product)
            .collect();
        assert_eq!(products, [None, Some("a-dpi".into()), Some("b-lgc".into())]);
        assert!(path(dir.path(), None).ends_with(".charte/receipts/_organization.json"));
        std::fs::write(path(dir.path(), Some("c")), "{}").unwrap();
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.contains("c.json is not a receipt charte wrote"),
            "{err}"
        );
    }

    #[test]
    fn a_receipt_out_of_form_is_neither_saved_nor_read() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://registre.example.org";
        let mut bad = receipt(Some("a-dpi"));
        bad.id = "sub_0\n## Injected\n<script>x</script>".into();
        let err = format!("{:#}", save(dir.path(), url, &bad).unwrap_err());
        assert!(err.contains("its `id` `sub_0"), "{err}");
        assert!(!dir.path().join(".charte").exists());

        assert!(save(dir.path(), url, &receipt(Some("a-dpi"))).unwrap());
        let file = path(dir.path(), Some("a-dpi"));
        let text = std::fs::read_to_string(&file).unwrap();
        let good = receipt(Some("a-dpi")).id;
        std::fs::write(&file, text.replace(&good, "sub_0\\n## Injected")).unwrap();
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.contains("a-dpi.json holds no receipt of the registry's form: its `id` `sub_0\u{fffd}## Injected` is not `sub_` and 32 lowercase hex digits"),
            "{err}"
        );
    }
}
