//! The official texts the product pages link to: for each referential and
//! version of the catalogue folder the registry serves (`--catalogue`), its
//! title (from `index.json`) and its `source` URL (the top-level `source`
//! of the referential document), read once when the server starts.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub title: Option<String>,
    pub url: String,
}

#[derive(Debug, Default)]
pub struct Sources(HashMap<(String, String), Source>);

#[derive(Deserialize)]
struct Index {
    referentials: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: String,
    #[serde(default)]
    title: Option<String>,
    versions: Vec<Version>,
}

#[derive(Deserialize)]
struct Version {
    version: String,
    url: String,
}

impl Sources {
    /// What the catalogue folder says; nothing when there is none or it
    /// cannot be read (the pages then name referentials without a link).
    pub fn load(folder: Option<&Path>) -> Sources {
        let Some(folder) = folder else {
            return Sources::default();
        };
        let Ok(text) = std::fs::read_to_string(folder.join("index.json")) else {
            return Sources::default();
        };
        let Ok(index) = serde_json::from_str::<Index>(&text) else {
            return Sources::default();
        };
        let mut map = HashMap::new();
        for entry in index.referentials {
            for version in entry.versions {
                if version.url.contains("..") {
                    continue;
                }
                let Ok(document) = std::fs::read_to_string(folder.join(&version.url)) else {
                    continue;
                };
                if let Some(url) = source_of(&document) {
                    map.insert(
                        (entry.id.clone(), version.version),
                        Source {
                            title: entry.title.clone(),
                            url,
                        },
                    );
                }
            }
        }
        Sources(map)
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Source> {
        self.0.get(&(id.to_owned(), version.to_owned()))
    }
}

/// The top-level `source = "https://…"` of a referential document (before
/// its first table), when it is an http(s) URL.
fn source_of(toml: &str) -> Option<String> {
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix("source") else {
            continue;
        };
        let value = rest.trim_start().strip_prefix('=')?.trim();
        let url = value.strip_prefix('"')?.split('"').next()?;
        if (url.starts_with("https://") || url.starts_with("http://")) && !url.contains('\\') {
            return Some(url.to_owned());
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_top_level_source() {
        let doc = "# x\nid = \"ins\"\nsource = \"https://esante.gouv.fr/ins\"\n[[requirement]]\nsource = \"https://no\"\n";
        assert_eq!(
            source_of(doc).as_deref(),
            Some("https://esante.gouv.fr/ins")
        );
        assert_eq!(
            source_of("[[requirement]]\nsource = \"https://no\"\n"),
            None
        );
        assert_eq!(source_of("source = \"javascript:alert(1)\"\n"), None);
    }

    #[test]
    fn the_embedded_catalogue_gives_sources() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
        let sources = Sources::load(Some(&folder));
        assert!(sources.get("ins", "2.0.0").is_some());
    }
}
