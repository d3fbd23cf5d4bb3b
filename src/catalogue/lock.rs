//! `charte.lock` (SPEC §1.4): the exact referential versions a manifest is
//! checked against, with the sha256 of each document. Tool-owned: read
//! strictly, written in one canonical form (sorted by id), so that the same
//! resolution always gives the same bytes and an unchanged lock is not
//! rewritten. Where it lives (beside the manifest), how it is read, and
//! how it is written: under its file lock, only when it changes.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::is_sha256;
use crate::diag::{Diagnostic, Source, Span};
use crate::error::Error;
use crate::manifest::{is_id, Loaded};
use crate::store;
use crate::text;

pub const LOCK_NAME: &str = "charte.lock";

/// Largest lock charte reads: some 300,000 entries, far more than any
/// catalogue offers.
pub const MAX_LOCK_BYTES: u64 = 64 << 20;

/// `source` of a document of the catalogue built into the binary.
pub const EMBEDDED: &str = "embedded";

const HEADER: &str = "# This file is written by charte. Do not edit it by hand.\n";

/// A whole lockfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// The `serial` of the index the lock was resolved from (SPEC §8), when
    /// it has one. Locks written before it existed have none.
    pub serial: Option<u64>,
    /// The catalogues the lock was resolved from, in the order of
    /// `[referentials] index`, when it names several; empty for a single
    /// catalogue, whose origin each `source` says.
    pub catalogues: Vec<LockedCatalogue>,
    /// Sorted by id, one entry per id.
    pub referentials: Vec<Locked>,
}

/// One catalogue a lock of several was resolved from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedCatalogue {
    /// As `[referentials] index` names it: `embedded`, a folder relative
    /// to the manifest, or the index's URL.
    pub at: String,
    /// The sha256 of its `index.json` (none for the embedded catalogue).
    pub sha256: Option<String>,
    /// Its index's `serial`, when it has one (SPEC §8).
    pub serial: Option<u64>,
}

/// One pinned referential document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locked {
    pub id: String,
    pub version: semver::Version,
    /// The document's absolute URL, its path relative to the manifest in a
    /// local catalogue folder, or [`EMBEDDED`].
    pub source: String,
    pub sha256: String,
    /// The catalogue it comes from ([`LockedCatalogue::at`]), in a lock of
    /// several catalogues.
    pub catalogue: Option<String>,
}

impl Locked {
    pub fn is_embedded(&self) -> bool {
        self.source == EMBEDDED
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: toml::Spanned<u32>,
    #[serde(default)]
    serial: Option<u64>,
    #[serde(default)]
    catalogue: Vec<RawCatalogue>,
    #[serde(default)]
    referential: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    at: toml::Spanned<String>,
    #[serde(default)]
    sha256: Option<toml::Spanned<String>>,
    #[serde(default)]
    serial: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: toml::Spanned<String>,
    version: toml::Spanned<String>,
    #[serde(default)]
    catalogue: Option<toml::Spanned<String>>,
    source: toml::Spanned<String>,
    sha256: toml::Spanned<String>,
}

fn span<T>(s: &toml::Spanned<T>) -> Span {
    Span::from(s.span())
}

const REGENERATE: &str =
    "charte.lock is written by charte: delete it and run `charte fetch` to write it again";

impl Lockfile {
    pub fn new(mut referentials: Vec<Locked>) -> Lockfile {
        referentials.sort_by(|a, b| a.id.cmp(&b.id));
        Lockfile {
            serial: None,
            catalogues: Vec::new(),
            referentials,
        }
    }

    /// The same lock, resolved from these catalogues (several of them).
    pub fn with_catalogues(mut self, catalogues: Vec<LockedCatalogue>) -> Lockfile {
        self.catalogues = catalogues;
        self
    }

    /// The catalogue `at` of a lock of several.
    pub fn catalogue(&self, at: &str) -> Option<&LockedCatalogue> {
        self.catalogues.iter().find(|c| c.at == at)
    }

    /// The same lock, resolved from an index of this `serial`.
    pub fn with_serial(mut self, serial: Option<u64>) -> Lockfile {
        self.serial = serial;
        self
    }

    /// Reads a lockfile, reporting every problem.
    pub fn parse(source: &Source) -> Result<Lockfile, Vec<Diagnostic>> {
        let raw: Raw = toml::from_str(&source.text).map_err(|e| {
            vec![Diagnostic::new(
                format!("{} is not a valid lockfile: {}", source.name, e.message()),
                e.span().map(Span::from),
            )
            .help(REGENERATE)]
        })?;
        let mut diags = Vec::new();
        if *raw.version.get_ref() != 1 {
            diags.push(
                Diagnostic::new(
                    format!(
                        "lockfile version {} is not supported (this charte reads version 1)",
                        raw.version.get_ref()
                    ),
                    span(&raw.version),
                )
                .help("it was written by another version of charte; use that one, or delete charte.lock and run `charte fetch`"),
            );
        }
        let mut catalogues: Vec<LockedCatalogue> = Vec::with_capacity(raw.catalogue.len());
        for c in raw.catalogue {
            if catalogues.iter().any(|k| k.at == *c.at.get_ref()) {
                diags.push(
                    Diagnostic::new(
                        format!("the catalogue `{}` is listed twice", c.at.get_ref()),
                        span(&c.at),
                    )
                    .help(REGENERATE),
                );
                continue;
            }
            if let Some(sha) = c.sha256.as_ref().filter(|s| !is_sha256(s.get_ref())) {
                diags.push(
                    Diagnostic::new("`sha256` must be 64 lowercase hex digits", span(sha))
                        .help(REGENERATE),
                );
            }
            catalogues.push(LockedCatalogue {
                at: c.at.into_inner(),
                sha256: c.sha256.map(toml::Spanned::into_inner),
                serial: c.serial,
            });
        }
        let mut referentials: Vec<Locked> = Vec::with_capacity(raw.referential.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(raw.referential.len());
        for e in raw.referential {
            let before = diags.len();
            if !is_id(e.id.get_ref()) {
                diags.push(
                    Diagnostic::new(
                        format!("`{}` is not a referential id", e.id.get_ref()),
                        span(&e.id),
                    )
                    .help(REGENERATE),
                );
            } else if !seen.insert(e.id.get_ref().clone()) {
                diags.push(
                    Diagnostic::new(format!("`{}` is locked twice", e.id.get_ref()), span(&e.id))
                        .help(REGENERATE),
                );
            }
            let version = semver::Version::parse(e.version.get_ref());
            if let Err(err) = &version {
                diags.push(
                    Diagnostic::new(
                        format!("`{}` is not a version: {err}", e.version.get_ref()),
                        span(&e.version),
                    )
                    .help(REGENERATE),
                );
            }
            let src = e.source.get_ref();
            let local = !src.is_empty()
                && !src.contains("://")
                && !src.starts_with('/')
                && !src.contains('\\');
            if src != EMBEDDED
                && !src.starts_with("https://")
                && !src.starts_with("http://")
                && !local
            {
                diags.push(
                    Diagnostic::new(
                        format!(
                            "`source` must be an http(s) URL, a path relative to the manifest, or \"{EMBEDDED}\""
                        ),
                        span(&e.source),
                    )
                    .help(REGENERATE),
                );
            }
            if !is_sha256(e.sha256.get_ref()) {
                diags.push(
                    Diagnostic::new("`sha256` must be 64 lowercase hex digits", span(&e.sha256))
                        .help(REGENERATE),
                );
            }
            match &e.catalogue {
                Some(c) if !catalogues.iter().any(|k| k.at == *c.get_ref()) => diags.push(
                    Diagnostic::new(
                        format!("`{}` is not a catalogue of this lock", c.get_ref()),
                        span(c),
                    )
                    .help(REGENERATE),
                ),
                None if !catalogues.is_empty() => diags.push(
                    Diagnostic::new(
                        format!(
                            "`{}` does not say which catalogue it comes from",
                            e.id.get_ref()
                        ),
                        span(&e.id),
                    )
                    .help(REGENERATE),
                ),
                _ => {}
            }
            if let (Ok(version), true) = (version, diags.len() == before) {
                referentials.push(Locked {
                    id: e.id.into_inner(),
                    version,
                    source: e.source.into_inner(),
                    sha256: e.sha256.into_inner(),
                    catalogue: e.catalogue.map(toml::Spanned::into_inner),
                });
            }
        }
        if diags.is_empty() {
            Ok(Lockfile::new(referentials)
                .with_serial(raw.serial)
                .with_catalogues(catalogues))
        } else {
            Err(diags)
        }
    }

    /// The entry locking `id`: a binary search, the entries being sorted.
    pub fn get(&self, id: &str) -> Option<&Locked> {
        self.referentials
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.referentials[i])
    }

    /// The canonical text.
    pub fn render(&self) -> String {
        let mut s = String::from(HEADER);
        s.push_str("version = 1\n");
        if let Some(serial) = self.serial {
            let _ = writeln!(s, "serial = {serial}");
        }
        for c in &self.catalogues {
            let _ = writeln!(s, "\n[[catalogue]]\nat = {}", text::toml_string(&c.at));
            if let Some(sha256) = &c.sha256 {
                let _ = writeln!(s, "sha256 = {}", text::toml_string(sha256));
            }
            if let Some(serial) = c.serial {
                let _ = writeln!(s, "serial = {serial}");
            }
        }
        for r in &self.referentials {
            let _ = write!(
                s,
                "\n[[referential]]\nid = {}\nversion = {}\n",
                text::toml_string(&r.id),
                text::toml_string(&r.version.to_string()),
            );
            if let Some(catalogue) = &r.catalogue {
                let _ = writeln!(s, "catalogue = {}", text::toml_string(catalogue));
            }
            let _ = write!(
                s,
                "source = {}\nsha256 = {}\n",
                text::toml_string(&r.source),
                text::toml_string(&r.sha256)
            );
        }
        s
    }
}

/// `charte.lock` beside a manifest, and the name to show for it.
pub fn lock_path(loaded: &Loaded) -> (PathBuf, String) {
    let path = loaded.folder().join(LOCK_NAME);
    let name = match loaded.source.name.rsplit_once(['/', '\\']) {
        Some((dir, _)) => format!("{dir}/{LOCK_NAME}"),
        None => LOCK_NAME.to_string(),
    };
    (path, name)
}

/// Reads the manifest's lock, if it has one.
pub fn read_lock(loaded: &Loaded) -> Result<Option<Lockfile>, Error> {
    let (path, name) = lock_path(loaded);
    read_lock_at(&path, &name)
}

/// Reads the lock at `path`, shown as `name`, if there is one.
pub fn read_lock_at(path: &Path, name: &str) -> Result<Option<Lockfile>, Error> {
    let Some(bytes) = store::read_bounded_if_any(path, name, MAX_LOCK_BYTES)? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Usage(format!("{name} is not UTF-8 text: {REGENERATE}")))?;
    let source = Source::new(name, text);
    Lockfile::parse(&source)
        .map(Some)
        .map_err(|diags| Error::Invalid {
            file: Box::new(source),
            diags,
        })
}

/// Takes the exclusive lock guarding writes to `charte.lock`.
pub fn hold_lock(loaded: &Loaded) -> Result<store::FileLock, Error> {
    let (path, name) = lock_path(loaded);
    hold_lock_at(&path, &name)
}

/// The same for the lock at `path`, shown as `name`.
pub fn hold_lock_at(path: &Path, name: &str) -> Result<store::FileLock, Error> {
    store::lock_for(path).map_err(|e| Error::Usage(format!("{e}; {name} was not changed")))
}

/// Writes `charte.lock` unless it already holds exactly this. The caller
/// holds [`hold_lock`] and has verified every document.
pub fn write_lock(loaded: &Loaded, lock: &Lockfile) -> Result<bool, Error> {
    let (path, name) = lock_path(loaded);
    write_lock_at(&path, &name, lock)
}

/// The same for the lock at `path`, shown as `name`.
pub fn write_lock_at(path: &Path, name: &str, lock: &Lockfile) -> Result<bool, Error> {
    store::write_if_changed(path, lock.render().as_bytes(), store::Mode::Keep).map_err(|e| {
        Error::Usage(format!(
            "{}; it was left as it was",
            store::failure(&format!("write {name}"), &e)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(id: &str, version: &str, source: &str) -> Locked {
        Locked {
            id: id.to_string(),
            version: version.parse().unwrap(),
            source: source.to_string(),
            sha256: "ab".repeat(32),
            catalogue: None,
        }
    }

    #[test]
    fn renders_canonically_and_reads_back() {
        let lock = Lockfile::new(vec![
            locked("ssi", "2.0.0", EMBEDDED),
            locked(
                "mssante-clients",
                "1.0.0",
                "https://referentiels.example.org/v1/mssante-clients/1.0.0.toml",
            ),
        ]);
        let text = lock.render();
        assert!(text.starts_with("# This file is written by charte. Do not edit it by hand.\nversion = 1\n\n[[referential]]\nid = \"mssante-clients\"\n"));
        let back = Lockfile::parse(&Source::new("charte.lock", text.clone())).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.render(), text);
    }

    #[test]
    fn the_serial_is_kept_and_may_be_absent() {
        let lock =
            Lockfile::new(vec![locked("x", "1.0.0", "https://h/x.toml")]).with_serial(Some(7));
        let text = lock.render();
        assert!(text.contains("version = 1\nserial = 7\n"), "{text}");
        assert_eq!(
            Lockfile::parse(&Source::new("charte.lock", text)).unwrap(),
            lock
        );
        let old = "version = 1\n";
        assert_eq!(
            Lockfile::parse(&Source::new("charte.lock", old.to_string()))
                .unwrap()
                .serial,
            None
        );
    }

    #[test]
    fn a_lock_of_several_catalogues_names_each_and_where_each_entry_comes_from() {
        let mut local = locked("dossier", "2.0.0", "referentiels/dossier/2.0.0.toml");
        local.catalogue = Some("referentiels".to_string());
        let mut embedded = locked("ssi", "2.0.0", EMBEDDED);
        embedded.catalogue = Some(EMBEDDED.to_string());
        let lock = Lockfile::new(vec![embedded, local]).with_catalogues(vec![
            LockedCatalogue {
                at: EMBEDDED.to_string(),
                sha256: None,
                serial: None,
            },
            LockedCatalogue {
                at: "referentiels".to_string(),
                sha256: Some("cd".repeat(32)),
                serial: Some(4),
            },
        ]);
        let text = lock.render();
        assert!(
            text.contains("\n[[catalogue]]\nat = \"referentiels\"\nsha256 = \"cdcd"),
            "{text}"
        );
        assert!(
            text.contains("version = \"2.0.0\"\ncatalogue = \"referentiels\"\nsource = "),
            "{text}"
        );
        let back = Lockfile::parse(&Source::new("charte.lock", text.clone())).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.catalogue("referentiels").unwrap().serial, Some(4));
        // An entry must name one of the lock's catalogues.
        let wrong = text.replace("catalogue = \"referentiels\"", "catalogue = \"ailleurs\"");
        let diags = Lockfile::parse(&Source::new("charte.lock", wrong)).unwrap_err();
        assert_eq!(
            diags[0].message,
            "`ailleurs` is not a catalogue of this lock"
        );
        let none = text.replace("catalogue = \"referentiels\"\n", "");
        let diags = Lockfile::parse(&Source::new("charte.lock", none)).unwrap_err();
        assert_eq!(
            diags[0].message,
            "`dossier` does not say which catalogue it comes from"
        );
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(text::toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        let lock = Lockfile::new(vec![locked("x", "1.0.0", "https://h/a\"b")]);
        let back = Lockfile::parse(&Source::new("charte.lock", lock.render())).unwrap();
        assert_eq!(back, lock);
    }

    #[test]
    fn a_long_lock_is_read_and_searched() {
        let entries: Vec<Locked> = (0..20_000)
            .rev()
            .map(|i| locked(&format!("r{i:05}"), "1.0.0", EMBEDDED))
            .collect();
        let text = Lockfile::new(entries).render();
        let lock = Lockfile::parse(&Source::new("charte.lock", text.clone())).unwrap();
        assert_eq!(lock.referentials.len(), 20_000);
        assert_eq!(lock.get("r00000").unwrap().id, "r00000");
        assert_eq!(lock.get("r19999").unwrap().id, "r19999");
        assert!(lock.get("r20000").is_none());
        // The same id twice, far apart.
        let twice = format!(
            "{text}\n[[referential]]\nid = \"r00001\"\nversion = \"1.0.0\"\nsource = \"embedded\"\nsha256 = \"{}\"\n",
            "ab".repeat(32)
        );
        let diags = Lockfile::parse(&Source::new("charte.lock", twice)).unwrap_err();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "`r00001` is locked twice");
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = "version = 1\n\n[[referential]]\nid = \"Bad\"\nversion = \"1\"\nsource = \"ftp://x\"\nsha256 = \"00\"\n";
        let diags = Lockfile::parse(&Source::new("charte.lock", text.to_string())).unwrap_err();
        assert_eq!(diags.len(), 4, "{diags:?}");
        let unknown = "version = 1\nextra = true\n";
        let diags = Lockfile::parse(&Source::new("charte.lock", unknown.to_string())).unwrap_err();
        assert!(diags[0].message.contains("unknown field"), "{diags:?}");
        assert!(diags[0].span.is_some());
    }
}
