//! The read-modify-write of `charte.toml` by the commands that edit it
//! (SPEC §2): an exclusive lock taken before reading and held until the
//! write, the text validated and opened for format-preserving edits, and the
//! result validated again before an atomic replace that happens only when
//! something changed.

use std::path::PathBuf;

use crate::diag::Source;
use crate::error::Error;
use crate::manifest::{self, edit::Editor, MAX_MANIFEST_BYTES};
use crate::manifest::{read_source, Loaded, Whereabouts};
use crate::store::{self, FileLock, Mode};

/// A manifest locked for editing.
pub struct Session {
    _lock: FileLock,
    pub loaded: Loaded,
    pub editor: Editor,
    /// The file written: the manifest, or the file its symlink points at.
    target: PathBuf,
}

impl Session {
    /// Finds the manifest, takes its lock (waiting for other writers),
    /// removes what a killed writer left behind, then reads and validates
    /// it. A manifest with problems is not edited: they are reported.
    pub fn open(manifest: &Whereabouts) -> anyhow::Result<Session> {
        let (path, name) = manifest.find()?;
        // Through a symlink, the target is locked and edited; the link stays.
        let target = store::link_target(&path)
            .map_err(|e| Error::Usage(store::failure(&format!("read {name}"), &e)))?;
        let lock = store::lock_for(&target)
            .map_err(|e| Error::Usage(format!("{e}; {name} was not changed")))?;
        store::clean_temporaries(&target);
        let source = read_source(&target, &name)?;
        // Validation and the editable parse are independent: run them side by side.
        let (parsed, editor) = std::thread::scope(|s| {
            let editor = s.spawn(|| Editor::parse(&source.text));
            let parsed = manifest::parse(&source);
            let editor = editor
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (parsed, editor)
        });
        let manifest = match parsed {
            Ok(m) => m,
            Err(diags) => {
                return Err(Error::NotWritten {
                    file: Box::new(source),
                    diags,
                }
                .into())
            }
        };
        let editor = editor.map_err(|e| anyhow::anyhow!("cannot edit {name}: {e}"))?;
        Ok(Session {
            _lock: lock,
            loaded: Loaded {
                path,
                source,
                manifest,
            },
            editor,
            target,
        })
    }

    /// The manifest's name as the user sees it.
    pub fn name(&self) -> &str {
        &self.loaded.source.name
    }

    /// Writes the edited manifest, if it changed; whether it wrote. The new
    /// text is validated first: charte never writes a manifest it would
    /// refuse to read. What was read goes before the new text is
    /// validated, so that the two are never in memory at once; the lock is
    /// held until the write is done.
    pub fn save(self) -> anyhow::Result<bool> {
        let Session {
            _lock,
            loaded,
            editor,
            target,
        } = self;
        let text = editor.render();
        drop(editor);
        let Loaded {
            source, manifest, ..
        } = loaded;
        drop(manifest);
        if text == source.text {
            return Ok(false);
        }
        let Source { name, .. } = source;
        // Renaming over a read-only file would succeed: the mode is the
        // user's word that it must not change.
        if store::is_read_only(&target) {
            return Err(Error::Usage(format!(
                "{name} is read-only: charte does not change a file protected against writing; nothing was written\n  \
                 help: make it writable (`chmod u+w {name}`) to edit it"
            ))
            .into());
        }
        if text.len() > MAX_MANIFEST_BYTES {
            return Err(Error::Usage(format!(
                "{name} would grow to {} MiB, and charte reads manifests of up to {} MiB; nothing was written",
                text.len() >> 20,
                MAX_MANIFEST_BYTES >> 20
            ))
            .into());
        }
        let check = Source::new(&name, text);
        if let Err(diags) = manifest::parse(&check) {
            let first = &diags[0];
            let line = first.span.map_or(0, |s| check.line_col(s.start()).line);
            anyhow::bail!(
                "the edit would leave {name} invalid ({} on line {line} of the result); nothing was written. This is a bug in charte: please report it with the command you ran",
                first.message
            );
        }
        store::write_if_changed(&target, check.text.as_bytes(), Mode::Keep).map_err(|e| {
            Error::Usage(format!(
                "{}; it was left as it was",
                store::failure(&format!("write {name}"), &e)
            ))
            .into()
        })
    }
}
