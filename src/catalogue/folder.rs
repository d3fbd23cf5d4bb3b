//! A catalogue folder (SPEC §1.2, §6): `<id>/<version>.toml` documents and
//! the `index.json` that lists them with their sha256, rebuilt from the
//! documents themselves, and checked entry by entry.

use std::path::Path;

use super::model::{Index, IndexEntry, IndexVersion};
use super::{sha256_hex, Referential};

/// The index file's name in a catalogue folder.
pub const INDEX: &str = "index.json";

/// The index of the documents under `dir`, as JSON: referentials by id,
/// versions oldest first; `yanked` flags of `old` are kept.
pub fn build_index(dir: &Path, old: Option<&Index>) -> Result<Vec<u8>, String> {
    let mut ids: Vec<String> = Vec::new();
    for entry in read_dir(dir)? {
        if entry.1 {
            ids.push(entry.0);
        }
    }
    ids.sort();
    let mut referentials = Vec::new();
    for id in ids {
        let folder = dir.join(&id);
        let mut versions: Vec<(IndexVersion, String)> = Vec::new();
        for (name, is_dir) in read_dir(&folder)? {
            let Some(stem) = name.strip_suffix(".toml") else {
                continue;
            };
            if is_dir || name.starts_with('.') {
                continue;
            }
            let path = folder.join(&name);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let text = String::from_utf8(bytes.clone())
                .map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
            let doc = Referential::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            if doc.id != id || doc.version.to_string() != stem {
                return Err(format!(
                    "{}: the document is `{}` {}, so it belongs in {}/{}.toml",
                    path.display(),
                    doc.id,
                    doc.version,
                    doc.id,
                    doc.version
                ));
            }
            let yanked = old
                .and_then(|o| o.entry(&id))
                .and_then(|e| e.versions.iter().find(|v| v.version == doc.version))
                .is_some_and(|v| v.yanked);
            versions.push((
                IndexVersion {
                    version: doc.version.clone(),
                    url: format!("{id}/{name}"),
                    sha256: sha256_hex(&bytes),
                    published: doc.published,
                    yanked,
                },
                doc.label.clone(),
            ));
        }
        if versions.is_empty() {
            continue;
        }
        versions.sort_by(|a, b| a.0.version.cmp(&b.0.version));
        let title = versions.last().map(|v| v.1.clone()).unwrap_or_default();
        referentials.push(IndexEntry {
            id,
            title,
            versions: versions.into_iter().map(|v| v.0).collect(),
        });
    }
    // The serial a signed catalogue carries goes up with each change, so
    // that manifests can refuse an older copy; an index without one gets none.
    let serial = old.and_then(|o| {
        let serial = o.serial?;
        Some(if o.referentials == referentials {
            serial
        } else {
            serial + 1
        })
    });
    let index = Index {
        schema: 1,
        serial,
        referentials,
    };
    let mut json = serde_json::to_vec_pretty(&index).map_err(|e| e.to_string())?;
    json.push(b'\n');
    Ok(json)
}

/// Names in a folder and whether each is a folder, sorted; hidden ones
/// (the tool's own `.charte`, temporaries) left out.
fn read_dir(dir: &Path) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .is_dir();
        out.push((name, is_dir));
    }
    out.sort();
    Ok(out)
}

/// Checks each entry of an index: `get` brings a document's bytes by its
/// URL as the index writes it. Returns how many documents were checked,
/// and every problem.
pub fn verify(
    index: &Index,
    mut get: impl FnMut(&str) -> Result<Vec<u8>, String>,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in &index.referentials {
        for v in &entry.versions {
            checked += 1;
            let what = format!("`{}` {} ({})", entry.id, v.version, v.url);
            let bytes = match get(&v.url) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(format!("{what}: {e}"));
                    continue;
                }
            };
            let sha = sha256_hex(&bytes);
            if sha != v.sha256 {
                problems.push(format!(
                    "{what}: its sha256 is {sha}, the index says {}",
                    v.sha256
                ));
                continue;
            }
            let parsed = std::str::from_utf8(&bytes)
                .map_err(|_| "not UTF-8 text".to_string())
                .and_then(Referential::parse);
            match parsed {
                Err(e) => problems.push(format!("{what}: does not parse: {e}")),
                Ok(doc) if doc.id != entry.id || doc.version != v.version => problems.push(
                    format!("{what}: the document is `{}` {}", doc.id, doc.version),
                ),
                Ok(_) => {}
            }
        }
    }
    (checked, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding the embedded `ins` document.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/ins/2.0.0.toml");
        std::fs::create_dir(dir.path().join("ins")).unwrap();
        std::fs::copy(root, dir.path().join("ins/2.0.0.toml")).unwrap();
        dir
    }

    fn serial_after(dir: &Path, old: Option<&Index>) -> Option<u64> {
        Index::parse(&build_index(dir, old).unwrap())
            .unwrap()
            .serial
    }

    #[test]
    fn the_serial_stays_while_the_entries_do_and_goes_up_when_they_change() {
        let dir = folder();
        let first = Index::parse(&build_index(dir.path(), None).unwrap()).unwrap();
        assert_eq!(first.serial, None, "an index without a serial gets none");
        let signed = Index {
            serial: Some(3),
            ..first.clone()
        };
        assert_eq!(serial_after(dir.path(), Some(&signed)), Some(3));
        let older = Index {
            serial: Some(3),
            referentials: Vec::new(),
            ..first
        };
        assert_eq!(serial_after(dir.path(), Some(&older)), Some(4));
    }
}
