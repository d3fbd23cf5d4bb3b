//! `charte use add` / `charte use remove`: edit `[referentials] use` and
//! bring `charte.lock` along in the same command.

use std::io::Write;

use clap::Subcommand;

use crate::catalogue::lock;
use crate::catalogue::resolve::{self, Catalogues, Upgrade};
use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::edit::session::Session;
use crate::error::{exit, Error};
use crate::manifest::{is_id, Change, UseEntry};
use crate::suggest;
use crate::text::plural_s;

/// Add or remove référentiels of [referentials] use, and update charte.lock.
///
/// The manifest is edited in place: its comments and layout stay. The
/// référentiels are resolved as `charte fetch` resolves them (a version
/// already locked stays while the entry accepts it), downloaded and
/// verified; nothing is written unless all of that succeeds. With --locked
/// the command refuses, since it would change charte.lock.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo's)
    #[command(
        after_help = "`ID@REQ` has cargo's meaning: `ins@2` is 2.x, `mssante-clients@1.0` is 1.x from
1.0, `ins@=2.0.0` exactly that version. An entry of a référentiel already in use is
rewritten in place. With several catalogues in [referentials] index, --from says
which one a référentiel comes from (written `{ id = \"hds\", from = \"referentiels\" }`).

Examples:
  charte use add ssi
  charte use add ins@2 mssante-clients@1.0
  charte use add hds --from referentiels
  charte referentials list      # what the catalogue offers"
    )]
    Add(AddArgs),
    /// Stop using référentiels
    #[command(
        after_help = "A référentiel that declarations or commitments still name is kept unless --force
is given; they then name a référentiel not in use, which `charte check` reports.

Examples:
  charte use remove segur-lgc
  charte use remove ssi --force"
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The référentiels, as `ID` or `ID@REQ`
    #[arg(value_name = "ID[@REQ]", required = true)]
    pub entries: Vec<String>,

    /// The catalogue of [referentials] index they come from, as written there
    /// (`embedded`, a folder, an index URL): needed when several offer one
    #[arg(long, value_name = "CATALOGUE")]
    pub from: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The ids of the référentiels
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// Remove them even though declarations or commitments still name them
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut session = Session::open(&ctx.manifest)?;
    let mut uses = session.loaded.manifest.uses.clone();
    let mut said = Vec::new();
    match &args.action {
        Action::Add(a) => {
            let from = a
                .from
                .as_deref()
                .map(|from| catalogue_named(&session.loaded, from))
                .transpose()?;
            for text in &a.entries {
                let mut entry = parse_entry(text)?;
                // Rewriting an entry keeps the catalogue it names.
                entry.from = from.clone().or_else(|| {
                    uses.iter()
                        .find(|u| u.id == entry.id)
                        .and_then(|u| u.from.clone())
                });
                let written = entry.from.as_ref().map(|f| f.value.as_str());
                let change = session.editor.set_use_from(&entry.id, text, written);
                match uses.iter_mut().find(|u| u.id == entry.id) {
                    Some(u) => *u = entry.clone(),
                    None => uses.push(entry.clone()),
                }
                said.push((entry.id.clone(), text.clone(), change));
            }
        }
        Action::Remove(r) => {
            let m = &session.loaded.manifest;
            for id in &r.ids {
                if !uses.iter().any(|u| u.id == *id) {
                    let ids: Vec<&str> = m.uses.iter().map(|u| u.id.as_str()).collect();
                    let near = suggest::closest(id, ids.iter().copied())
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    return Err(Error::Usage(format!(
                        "`{id}` is not in [referentials] use of {}; {near}it uses {}",
                        session.name(),
                        if ids.is_empty() {
                            "none".to_string()
                        } else {
                            suggest::list(&ids)
                        }
                    ))
                    .into());
                }
                let names =
                    |d: &&crate::manifest::Declaration| d.requirement.value.referential == *id;
                let declarations = m.declarations.iter().filter(names).count();
                let commitments = m.commitments.iter().filter(names).count();
                if declarations + commitments > 0 && !r.force {
                    let mut counted = Vec::new();
                    if declarations > 0 {
                        counted.push(format!(
                            "{declarations} declaration{}",
                            plural_s(declarations)
                        ));
                    }
                    if commitments > 0 {
                        counted.push(format!("{commitments} commitment{}", plural_s(commitments)));
                    }
                    return Err(Error::Usage(format!(
                        "{} still names `{id}` in {}; nothing was changed\n  help: --force removes it anyway (`charte check` then reports them as unknown-referential); `charte export` keeps a copy of them",
                        session.name(),
                        counted.join(" and ")
                    ))
                    .into());
                }
                session.editor.remove_use(id);
                uses.retain(|u| u.id != *id);
                said.push((id.clone(), id.clone(), Change::Unchanged));
            }
        }
    }

    // charte.lock follows, resolved as `charte fetch` does; everything is
    // obtained and verified before either file is written.
    let loaded = &session.loaded;
    let (lock_path, lock_name) = lock::lock_path(loaded);
    let _guard = (!ctx.locked).then(|| lock::hold_lock(loaded)).transpose()?;
    let old = lock::read_lock(loaded)?;
    let catalogues = Catalogues::for_manifest(&ctx.resolver(), loaded)?;
    if let Action::Add(_) = &args.action {
        for (id, _, _) in &said {
            if catalogues.offering(id).is_empty() {
                let ids: Vec<&str> = catalogues
                    .list
                    .iter()
                    .flat_map(|c| c.index.referentials.iter().map(|e| e.id.as_str()))
                    .collect();
                let near = suggest::closest(id, ids.iter().copied())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(Error::Usage(format!(
                    "{} has no référentiel `{id}`; {near}nothing was changed\n  help: `charte referentials list` shows what it offers",
                    catalogues.name()
                ))
                .into());
            }
        }
    }
    let plan = resolve::plan(&catalogues, &uses, old.as_ref(), Upgrade::None)
        .map_err(|diags| unresolved(&diags))?;
    let new = catalogues.lockfile(plan.clone());
    if ctx.locked && old.as_ref() != Some(&new) {
        return Err(Error::Unavailable(format!(
            "--locked forbids changing {lock_name}, and this edit of [referentials] use changes it; nothing was changed\n  help: run it without --locked and commit {lock_name}"
        ))
        .into());
    }
    let obtained = resolve::obtain_all(&ctx.resolver().at(loaded.folder()), &plan)?;
    let name = session.name().to_string();
    let edited = session.save()?;
    let wrote = match ctx.locked {
        true => false,
        false => lock::write_lock_at(&lock_path, &lock_name, &new)?,
    };
    if ctx.quiet {
        return Ok(exit::SUCCESS);
    }
    for (id, entry, change) in &said {
        let version = obtained
            .iter()
            .find(|(r, _)| r.doc.id == *id)
            .map(|(r, _)| r.doc.version.to_string());
        match (&args.action, version) {
            (Action::Add(_), Some(version)) => {
                let what = match change {
                    Change::Created => "added",
                    Change::Updated => "changed to",
                    Change::Unchanged => "already uses",
                };
                writeln!(out, "{what} `{entry}`: {id} {version}")?;
            }
            _ => writeln!(out, "removed `{id}`")?,
        }
    }
    let mut files = Vec::new();
    if edited {
        files.push(name);
    }
    if wrote {
        files.push(lock_name);
    }
    match files.is_empty() {
        true => writeln!(out, "nothing to change")?,
        false => writeln!(out, "wrote {}", files.join(" and "))?,
    }
    Ok(exit::SUCCESS)
}

/// `id` or `id@REQ`, as the manifest reads a `use` entry.
fn parse_entry(text: &str) -> Result<UseEntry, Error> {
    let (id, req) = match text.split_once('@') {
        Some((id, req)) => (id, Some(req)),
        None => (text, None),
    };
    if !is_id(id) {
        return Err(Error::Usage(format!(
            "`{text}` is not a référentiel id\n  help: ids are lowercase letters, digits and dashes, as `mssante-clients` or `mssante-clients@1.0`; `charte referentials list` shows them"
        )));
    }
    let req = match req.map(semver::VersionReq::parse) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            return Err(Error::Usage(format!(
                "bad version requirement in `{text}`: {e}\n  help: use cargo's syntax: `ins@2` (2.x), `mssante-clients@1.0` (1.x from 1.0), `ins@=2.0.0` (exactly)"
            )))
        }
    };
    Ok(UseEntry {
        id: id.to_string(),
        req,
        from: None,
        span: Span::default(),
    })
}

/// `--from`: a catalogue of the manifest's `[referentials] index`, named
/// as `from` names it.
fn catalogue_named(
    loaded: &crate::manifest::Loaded,
    from: &str,
) -> Result<crate::manifest::Spanned<String>, Error> {
    let names: Vec<String> = loaded.manifest.index.iter().map(|l| l.name()).collect();
    let name = resolve::location_of(from);
    if names.contains(&name) {
        return Ok(crate::manifest::Spanned::new(name, Span::default()));
    }
    Err(Error::Usage(match names.is_empty() {
        true => format!(
            "--from {from}: {} has no [referentials] index, so the embedded catalogue is the only one; nothing was changed\n  \
             help: add the catalogue to `index` first, as `index = [\"embedded\", \"{from}\"]`",
            loaded.source.name
        ),
        false => format!(
            "--from {from}: [referentials] index of {} does not list it; nothing was changed\n  \
             help: it lists {}: name one of them, or add the catalogue to `index`",
            loaded.source.name,
            suggest::list(&names)
        ),
    }))
}

/// What the catalogue cannot serve, as a usage error.
fn unresolved(diags: &[Diagnostic]) -> Error {
    let lines: Vec<String> = diags
        .iter()
        .map(|d| match &d.help {
            Some(help) => format!("{}; nothing was changed\n  help: {help}", d.message),
            None => format!("{}; nothing was changed", d.message),
        })
        .collect();
    Error::Usage(lines.join("\n"))
}
