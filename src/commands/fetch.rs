//! `charte fetch`: resolve `use`, download what the cache lacks, verify
//! every document, then write `charte.lock`.

use std::io::Write;

use crate::catalogue::lock;
use crate::catalogue::resolve::{self, Catalogues, Upgrade};
use crate::context::Context;
use crate::error::{exit, Error};

/// Resolve the référentiels in use, download them, and write charte.lock.
///
/// Each `use` entry is resolved against the catalogue offering it among
/// those [referentials] index names (or the catalogue embedded in charte;
/// an id two catalogues offer needs `from`): a version already locked
/// stays while the entry accepts it; otherwise the newest version that is not
/// yanked is chosen. Missing documents are downloaded into the cache and
/// checked against their sha256; charte.lock is written only once every
/// document is verified, and is left untouched when nothing changed. A
/// remote index is revalidated (a 304 answer downloads nothing).
///
/// Commit charte.lock: `charte check --frozen` then checks exactly those
/// versions, with no network.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte fetch\n  charte fetch --locked      # fail if charte.lock would change\n  charte fetch --offline     # only the cache and the embedded catalogue"
)]
pub struct Args {}

pub fn run(_args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = ctx.manifest.load()?;
    let (_, lock_name) = lock::lock_path(&loaded);
    let _guard = (!ctx.locked)
        .then(|| lock::hold_lock(&loaded))
        .transpose()?;
    let old = lock::read_lock(&loaded)?;
    let catalogues = Catalogues::for_manifest(&ctx.resolver(), &loaded)?;
    let plan = resolve::plan(
        &catalogues,
        &loaded.manifest.uses,
        old.as_ref(),
        Upgrade::None,
    )
    .map_err(|d| loaded.error(d))?;
    let new = catalogues.lockfile(plan.clone());
    // A catalogue that only raised its serial leaves a locked lock valid.
    if ctx.locked && old.as_ref().map(|o| &o.referentials) != Some(&new.referentials) {
        return Err(Error::Unavailable(match old {
            None => format!(
                "{lock_name} is missing, and --locked forbids writing it: run `charte fetch` without --locked and commit {lock_name}"
            ),
            Some(_) => format!(
                "{lock_name} does not match [referentials] use, and --locked forbids changing it: \
                 run `charte fetch` without --locked and commit {lock_name}"
            ),
        })
        .into());
    }
    let obtained = resolve::obtain_all(&ctx.resolver().at(loaded.folder()), &plan)?;
    let wrote = if ctx.locked {
        false
    } else {
        lock::write_lock(&loaded, &new)?
    };
    if ctx.quiet {
        return Ok(exit::SUCCESS);
    }
    let style = ctx.stdout_style;
    for (resolved, how) in &obtained {
        let id = &resolved.doc.id;
        let version = &resolved.doc.version;
        let was = old
            .as_ref()
            .and_then(|l| l.get(id))
            .filter(|l| l.version != *version)
            .map(|l| format!(" (was {})", l.version))
            .unwrap_or_default();
        // Locked before it was yanked: still usable, but say so.
        let yanked = new
            .get(id)
            .and_then(|l| catalogues.of(l))
            .and_then(|c| c.index.entry(id))
            .and_then(|e| e.versions.iter().find(|v| v.version == *version))
            .filter(|v| v.yanked)
            .map(|_| {
                format!(
                    " {}",
                    style.warning(&format!("(yanked: `charte update {id}` moves off it)"))
                )
            })
            .unwrap_or_default();
        writeln!(
            out,
            "{} {id} {version}{was}{yanked}",
            style.good(&format!("{:>10}", how.as_str())),
        )?;
    }
    for gone in old.iter().flat_map(|l| &l.referentials) {
        if new.get(&gone.id).is_none() {
            writeln!(
                out,
                "{} {} {} (no longer in use)",
                style.warning(&format!("{:>10}", "unlocked")),
                gone.id,
                gone.version
            )?;
        }
    }
    let source = catalogues.name();
    writeln!(
        out,
        "{} {} referential{} from {source}",
        if wrote {
            format!("wrote {lock_name}:")
        } else {
            format!("{lock_name} is up to date:")
        },
        obtained.len(),
        crate::text::plural_s(obtained.len()),
    )?;
    Ok(exit::SUCCESS)
}
