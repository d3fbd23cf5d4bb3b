//! The steps every evaluating command (`check`, `report`, `badge`,
//! `upcoming`, `submit`, `status`) shares: load the manifest, resolve its
//! referentials through charte.lock, evaluate; and writing output to stdout
//! or to a file.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::catalogue::resolve::Drift;
use crate::catalogue::{self, Referential, Resolved};
use crate::context::Context;
use crate::engine::Input;
use crate::error::Error;
use crate::evidence::Disk;
use crate::findings::Levels;
use crate::manifest::Loaded;
use crate::store::{self, Mode};
use crate::suggest;

/// A loaded manifest with its referentials, ready to evaluate.
pub struct Prepared {
    pub loaded: Loaded,
    pub referentials: Vec<Resolved>,
    /// How charte.lock differs from `use` (the referentials are then what
    /// `charte fetch` would lock).
    pub drift: Vec<Drift>,
    /// The manifest's `[check] levels`; a command adds its flags' overrides.
    pub levels: Levels,
    /// What the catalogue offers beyond `use`, at hand without a network.
    pub offered: Vec<Referential>,
    files: Disk,
}

impl Prepared {
    /// The engine's input at the evaluation date; `only` restricts the
    /// products (empty: all).
    pub fn input<'a>(&'a self, ctx: &Context, only: &'a [String]) -> Input<'a> {
        self.input_with(ctx, only, &self.levels)
    }

    /// The same, at other severities than the manifest's.
    pub fn input_with<'a>(
        &'a self,
        ctx: &Context,
        only: &'a [String],
        levels: &'a Levels,
    ) -> Input<'a> {
        Input {
            manifest: &self.loaded.manifest,
            source: &self.loaded.source,
            referentials: &self.referentials,
            today: ctx.today,
            files: &self.files,
            levels,
            only,
            offered: &self.offered,
        }
    }

    /// The index of the product `id`, or a usage error listing the others.
    pub fn product(&self, id: &str) -> Result<usize, Error> {
        product(&self.loaded, id)
    }
}

/// The index of the product `id` in a manifest, or a usage error listing
/// the others.
pub fn product(loaded: &Loaded, id: &str) -> Result<usize, Error> {
    let m = &loaded.manifest;
    if let Some(i) = m.products.iter().position(|p| p.id.value == id) {
        return Ok(i);
    }
    let ids: Vec<&str> = m.products.iter().map(|p| p.id.value.as_str()).collect();
    let near = suggest::closest(id, ids.iter().copied())
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "--product {id}: {} has no such product; {near}it has {}",
        loaded.source.name,
        if ids.is_empty() {
            "none".to_string()
        } else {
            suggest::list(&ids)
        }
    )))
}

/// Loads the manifest and resolves the referentials it uses.
pub fn prepare(ctx: &Context) -> anyhow::Result<Prepared> {
    prepare_loaded(ctx, ctx.manifest.load()?)
}

/// Resolves the referentials of a manifest already loaded.
pub fn prepare_loaded(ctx: &Context, loaded: Loaded) -> anyhow::Result<Prepared> {
    // Through charte.lock, as `check` does.
    let resolution = catalogue::resolve::for_manifest(&ctx.resolver(), &loaded)?;
    let offered = catalogue::offered(&ctx.resolver(), &loaded);
    let levels = Levels::new(loaded.manifest.levels.clone());
    let files = Disk::new(loaded.folder());
    Ok(Prepared {
        loaded,
        referentials: resolution.referentials,
        drift: resolution.drift,
        levels,
        offered,
        files,
    })
}

/// Writes a rendered document to `path` (atomically, and only when it
/// changed), or to `out` when there is no path.
pub fn emit(bytes: &[u8], path: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            store::write_if_changed(path, bytes, Mode::Keep)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(())
        }
        None => Ok(out.write_all(bytes)?),
    }
}
