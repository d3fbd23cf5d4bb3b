//! The manifest as a file: where it is (the path given, else `charte.toml`
//! in the working folder or one of its parents), its bytes read and decoded
//! as text, and the validated [`Manifest`] with that text for locations.

use std::path::{Path, PathBuf};

use super::{parse, Manifest, MAX_MANIFEST_BYTES};
use crate::diag::{Diagnostic, Source, Span};
use crate::error::Error;

/// The manifest's file name.
pub const MANIFEST_NAME: &str = "charte.toml";

/// Where to find the manifest: the path the user gave (`--manifest`,
/// `CHARTE_MANIFEST`), else the folder to search upward from.
#[derive(Clone, Debug)]
pub enum Whereabouts {
    Given(PathBuf),
    Search(PathBuf),
}

impl Whereabouts {
    /// Whether the user named the manifest.
    pub fn is_given(&self) -> bool {
        matches!(self, Whereabouts::Given(_))
    }

    /// The manifest's path and the name to show for it.
    pub fn find(&self) -> Result<(PathBuf, String), Error> {
        let cwd = match self {
            Whereabouts::Given(path) => return Ok((path.clone(), path.display().to_string())),
            Whereabouts::Search(cwd) => cwd,
        };
        let mut dir = cwd.as_path();
        let mut up = 0;
        loop {
            let candidate = dir.join(MANIFEST_NAME);
            if candidate.is_file() {
                return Ok((candidate, format!("{}{MANIFEST_NAME}", "../".repeat(up))));
            }
            match dir.parent() {
                Some(parent) => {
                    dir = parent;
                    up += 1;
                }
                None => {
                    return Err(Error::Usage(format!(
                        "could not find {MANIFEST_NAME} in {} or any parent folder\n\
                         \n  create one with `charte init`,\n  \
                         or point at it with --manifest PATH or CHARTE_MANIFEST",
                        cwd.display()
                    )))
                }
            }
        }
    }

    /// Finds, reads and validates the manifest.
    pub fn load(&self) -> Result<Loaded, Error> {
        let (path, name) = self.find()?;
        let source = read_source(&path, &name)?;
        match parse(&source) {
            Ok(manifest) => Ok(Loaded {
                path,
                source,
                manifest,
            }),
            Err(diags) => Err(Error::Invalid {
                file: Box::new(source),
                diags,
            }),
        }
    }

    /// The manifest, when there is one to load: a manifest the user named
    /// must load; none found by the search is `None`.
    pub fn load_if_any(&self) -> Result<Option<Loaded>, Error> {
        if !self.is_given() && self.find().is_err() {
            return Ok(None);
        }
        self.load().map(Some)
    }
}

/// A manifest read and validated, with its text for locations.
pub struct Loaded {
    pub path: PathBuf,
    pub source: Source,
    pub manifest: Manifest,
}

impl Loaded {
    /// The folder evidence paths are relative to.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Diagnostics on this manifest as an error.
    pub fn error(&self, diags: Vec<Diagnostic>) -> Error {
        Error::Invalid {
            file: Box::new(Source::new(
                self.source.name.clone(),
                self.source.text.clone(),
            )),
            diags,
        }
    }
}

/// Reads a manifest's text, refusing what cannot be one.
pub fn read_source(path: &Path, name: &str) -> Result<Source, Error> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::Usage(if e.kind() == std::io::ErrorKind::NotFound {
            format!("{name} does not exist")
        } else {
            crate::store::failure(&format!("read {name}"), &e)
        })
    })?;
    if meta.is_dir() {
        return Err(Error::Usage(format!(
            "{name} is a folder, not a manifest: point --manifest at the charte.toml inside it"
        )));
    }
    if meta.len() > MAX_MANIFEST_BYTES as u64 {
        return Err(Error::Usage(format!(
            "{name} is {} MiB; charte reads manifests of up to {} MiB",
            meta.len() >> 20,
            MAX_MANIFEST_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Usage(crate::store::failure(&format!("read {name}"), &e)))?;
    source_from_bytes(name, bytes)
}

/// A manifest's bytes as text: invalid UTF-8 is a diagnostic at the first
/// bad byte, over the text read lossily.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source, Error> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = Source::new(name, text);
            let diag = Diagnostic::new("the manifest is not valid UTF-8", Span::from(at..at + 1))
                .label("invalid byte")
                .help("save the file as UTF-8 (TOML files are always UTF-8)");
            Err(Error::Invalid {
                file: Box::new(source),
                diags: vec![diag],
            })
        }
    }
}
