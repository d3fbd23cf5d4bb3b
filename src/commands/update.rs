//! `charte update`: move the lock to the newest matching versions, and show
//! what each move changes for this manifest.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::catalogue::diff::{self, Change, Touches};
use crate::catalogue::lock;
use crate::catalogue::resolve::{self, Catalogues, Upgrade};
use crate::catalogue::Resolved;
use crate::context::Context;
use crate::error::{exit, Error};
use crate::manifest::Loaded;
use crate::style::Style;
use crate::suggest;

/// Move charte.lock to the newest versions `use` accepts, and show the impact.
///
/// For each référentiel that moves, lists the requirements added, removed,
/// renumbered (`replaces`), revised (their text changed: re-attest), whose
/// nature changed (préconisation ↔ exigence) or whose effective date
/// changed, and, for each, the products it applies to and the declarations
/// of this manifest that name it. Versions outside a `use` requirement
/// (`ins@2` stays on 2.x) are never chosen: widen the requirement in
/// charte.toml first.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte update --dry-run                  # what would change, nothing written\n  charte update mssante-clients\n  charte update --format json | jq '.referentials[].changes[]'"
)]
pub struct Args {
    /// Only these référentiels (ids of [referentials] use); all by default
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Show the impact, but leave charte.lock as it is
    #[arg(long)]
    pub dry_run: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = UpdateFormat::Table)]
    pub format: UpdateFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UpdateFormat {
    Table,
    Json,
}

/// The impact of an update, as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct Impact {
    pub schema: u32,
    pub dry_run: bool,
    /// Whether charte.lock was written.
    pub written: bool,
    /// Every référentiel considered, moving or not.
    pub referentials: Vec<Move>,
}

#[derive(Debug, Serialize)]
pub struct Move {
    pub id: String,
    /// The locked version; `None` when it was not locked.
    pub from: Option<String>,
    pub to: String,
    pub source: String,
    pub changes: Vec<Impacted>,
}

#[derive(Debug, Serialize)]
pub struct Impacted {
    #[serde(flatten)]
    pub change: Change,
    #[serde(flatten)]
    pub touches: Touches,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = ctx.manifest.load()?;
    let m = &loaded.manifest;
    for id in &args.ids {
        if !m.uses.iter().any(|u| u.id == *id) {
            let ids: Vec<&str> = m.uses.iter().map(|u| u.id.as_str()).collect();
            let hint = match suggest::closest(id, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("it uses {}", suggest::list(&ids)),
            };
            return Err(Error::Usage(format!(
                "`{id}` is not in [referentials] use of {}: {hint}",
                loaded.source.name
            ))
            .into());
        }
    }
    let (_, lock_name) = lock::lock_path(&loaded);
    let writes = !args.dry_run && !ctx.locked;
    let _guard = writes.then(|| lock::hold_lock(&loaded)).transpose()?;
    let old = lock::read_lock(&loaded)?;
    let catalogues = Catalogues::for_manifest(&ctx.resolver(), &loaded)?;
    let upgrade = if args.ids.is_empty() {
        Upgrade::All
    } else {
        Upgrade::Only(&args.ids)
    };
    let plan =
        resolve::plan(&catalogues, &m.uses, old.as_ref(), upgrade).map_err(|d| loaded.error(d))?;
    let new = catalogues.lockfile(plan.clone());
    let changes_lock = old.as_ref() != Some(&new);
    if ctx.locked && changes_lock && !args.dry_run {
        return Err(Error::Unavailable(format!(
            "--locked forbids changing {lock_name}: run `charte update --dry-run` to see the impact, \
             then `charte update` without --locked"
        ))
        .into());
    }
    // Every new document is verified before the lock moves.
    let obtained = resolve::obtain_all(&ctx.resolver().at(loaded.folder()), &plan)?;
    let mut referentials = Vec::new();
    for (resolved, _) in &obtained {
        let selected = args.ids.is_empty() || args.ids.contains(&resolved.doc.id);
        let before = old.as_ref().and_then(|l| l.get(&resolved.doc.id));
        if !selected && before.is_some_and(|b| b.sha256 == resolved.sha256) {
            continue;
        }
        let changes = match before {
            Some(b) if b.sha256 != resolved.sha256 => {
                let previous = resolve::obtain_previous(&ctx.resolver().at(loaded.folder()), b)?;
                impact(&previous, resolved, &loaded)
            }
            _ => Vec::new(),
        };
        referentials.push(Move {
            id: resolved.doc.id.clone(),
            from: before.map(|b| b.version.to_string()),
            to: resolved.doc.version.to_string(),
            source: resolved.source.clone(),
            changes,
        });
    }
    let written = writes && lock::write_lock(&loaded, &new)?;
    let report = Impact {
        schema: 1,
        dry_run: args.dry_run,
        written,
        referentials,
    };
    match args.format {
        UpdateFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        UpdateFormat::Table => {
            render_table(
                &report,
                &lock_name,
                changes_lock,
                (ctx.stdout_style, ctx.stdout_width),
                out,
            )?;
        }
    }
    Ok(exit::SUCCESS)
}

fn impact(old: &Resolved, new: &Resolved, loaded: &Loaded) -> Vec<Impacted> {
    diff::diff(&old.doc, &new.doc)
        .into_iter()
        .map(|change| {
            let touches = diff::touches(
                &change,
                &old.doc,
                &new.doc,
                &loaded.manifest,
                &loaded.source,
            );
            Impacted { change, touches }
        })
        .collect()
}

fn what(c: &Change) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
    let detail = match c.kind {
        diff::ChangeKind::Renumbered => {
            format!("was {}", c.previous.as_deref().unwrap_or_default())
        }
        diff::ChangeKind::Revised => {
            format!("revised {} (was {})", value(&c.after), value(&c.before))
        }
        diff::ChangeKind::Nature => format!("{} → {}", value(&c.before), value(&c.after)),
        diff::ChangeKind::Effective => {
            format!("effective {} (was {})", value(&c.after), value(&c.before))
        }
        diff::ChangeKind::Added | diff::ChangeKind::Removed => String::new(),
    };
    if detail.is_empty() {
        c.title.clone()
    } else {
        format!("{detail}\n{}", c.title)
    }
}

fn touched(t: &Touches, manifest_name: &str) -> String {
    let mut lines = Vec::new();
    for d in &t.declarations {
        let id = d
            .requirement
            .split_once(':')
            .map_or(d.requirement.as_str(), |(_, id)| id);
        lines.push(match &d.product {
            Some(p) => format!("{p} declares {id} ({manifest_name}:{})", d.line),
            None => format!("commitment to {id} ({manifest_name}:{})", d.line),
        });
    }
    if !t.products.is_empty() {
        lines.push(format!("applies to {}", t.products.join(", ")));
    }
    if t.organization {
        lines.push("applies to the organization".to_string());
    }
    lines.join("\n")
}

fn render_table(
    report: &Impact,
    lock_name: &str,
    changes_lock: bool,
    (style, width): (Style, Option<u16>),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let manifest_name = lock_name
        .strip_suffix("charte.lock")
        .map(|dir| format!("{dir}charte.toml"))
        .unwrap_or_else(|| "charte.toml".to_string());
    let mut unchanged = Vec::new();
    for m in &report.referentials {
        let from = m.from.as_deref();
        if from == Some(m.to.as_str()) {
            unchanged.push(format!("{} {}", m.id, m.to));
            continue;
        }
        let title = match from {
            Some(from) => format!("{} {from} → {}", m.id, m.to),
            None => format!("{} {} (newly locked)", m.id, m.to),
        };
        writeln!(out, "{}", style.bold(&title))?;
        if m.changes.is_empty() {
            if from.is_some() {
                writeln!(out, "no requirement changes\n")?;
            } else {
                writeln!(out)?;
            }
            continue;
        }
        let mut t = crate::report::table::new(
            &["change", "requirement", "what", "touches"],
            Style::plain(),
            width,
        );
        for c in &m.changes {
            t.add_row(vec![
                c.change.kind.as_str().to_string(),
                c.change.requirement.clone(),
                what(&c.change),
                touched(&c.touches, &manifest_name),
            ]);
        }
        writeln!(out, "{t}\n")?;
    }
    if !unchanged.is_empty() {
        writeln!(
            out,
            "already at the newest matching version: {}",
            unchanged.join(", ")
        )?;
    }
    let last = if report.written {
        format!("wrote {lock_name}")
    } else if !changes_lock {
        format!("{lock_name} is up to date")
    } else if report.dry_run {
        format!("dry run: {lock_name} was not changed")
    } else {
        format!("{lock_name} was not changed")
    };
    writeln!(out, "{last}")
}
