//! `charte referentials list|show`: what the catalogue offers, what the
//! manifest uses and locks, and a referential's requirements.

use std::io::Write;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalogue::lock;
use crate::catalogue::model::IndexEntry;
use crate::catalogue::resolve::{self, Catalogue};
use crate::catalogue::{Lockfile, Nature, Referential, Requirement, Resolved};
use crate::context::Context;
use crate::error::{exit, Error};
use crate::manifest::{is_id, UseEntry};
use crate::style::Style;
use crate::suggest;

/// List the référentiels of the catalogue, or show one's requirements.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    List(ListArgs),
    Show(ShowArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// For people
    Table,
    /// The document as charte reads it, with its sha256 and origin
    Json,
    /// An OSCAL 1.1.2 catalog: a group per section, a control per requirement
    Oscal,
}

/// List the référentiels the catalogue offers, which are in use, and which
/// version charte.lock pins.
///
/// The catalogue is the index named by [referentials] index in charte.toml,
/// else the one embedded in charte (also outside any project).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte referentials list\n  charte referentials list --format json"
)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Show a référentiel's requirements, with their proofs and conditions.
///
/// Without a version, shows the version charte.lock pins, else the newest.
/// VERSION is a version or a requirement, as in [referentials] use.
/// `ID:REQUIREMENT` shows that one requirement.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte referentials show ssi\n  charte referentials show mssante-clients@0.1\n  charte referentials show ins:INS.01\n  charte referentials show mssante-clients@=1.0.0 --format json\n  charte referentials show ins --format oscal > ins.oscal.json"
)]
pub struct ShowArgs {
    /// The référentiel, as `ID` or `ID@VERSION`; `ID:REQUIREMENT` (or `ID@VERSION:REQUIREMENT`) for one requirement
    #[arg(value_name = "ID[@VERSION][:REQUIREMENT]")]
    pub referential: String,

    /// Output format
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    // These commands also work outside a project, on the embedded catalogue.
    let loaded = ctx.manifest.load_if_any()?;
    let catalogue = match &loaded {
        Some(l) => Catalogue::for_manifest(&ctx.resolver(), l)?,
        None => Catalogue::embedded()?,
    };
    let lock = match &loaded {
        Some(l) => lock::read_lock(l)?,
        None => None,
    };
    let uses: &[UseEntry] = loaded.as_ref().map_or(&[], |l| &l.manifest.uses);
    match &args.command {
        Sub::List(a) => list(
            a,
            &catalogue,
            uses,
            lock.as_ref(),
            (ctx.stdout_style, ctx.stdout_width),
            out,
        ),
        Sub::Show(a) => show(a, ctx, &catalogue, lock.as_ref(), out),
    }
}

#[derive(Debug, Serialize)]
struct Listing {
    schema: u32,
    catalogue: String,
    referentials: Vec<Listed>,
}

#[derive(Debug, Serialize)]
struct Listed {
    id: String,
    title: String,
    versions: Vec<ListedVersion>,
    /// The `use` entry, as written.
    #[serde(rename = "use")]
    in_use: Option<String>,
    locked: Option<String>,
}

#[derive(Debug, Serialize)]
struct ListedVersion {
    version: String,
    published: Option<String>,
    yanked: bool,
}

fn listed(entry: &IndexEntry, uses: &[UseEntry], lock: Option<&Lockfile>) -> Listed {
    let mut versions: Vec<ListedVersion> = entry
        .versions
        .iter()
        .map(|v| ListedVersion {
            version: v.version.to_string(),
            published: v.published.map(|d| d.to_string()),
            yanked: v.yanked,
        })
        .collect();
    versions.sort_by(|a, b| {
        let parse = |s: &str| semver::Version::parse(s).ok();
        parse(&a.version).cmp(&parse(&b.version))
    });
    Listed {
        id: entry.id.clone(),
        title: entry.title.clone(),
        versions,
        in_use: uses
            .iter()
            .find(|u| u.id == entry.id)
            .map(|u| u.to_string()),
        locked: lock
            .and_then(|l| l.get(&entry.id))
            .map(|l| l.version.to_string()),
    }
}

fn list(
    args: &ListArgs,
    catalogue: &Catalogue,
    uses: &[UseEntry],
    lock: Option<&Lockfile>,
    (style, width): (Style, Option<u16>),
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let listing = Listing {
        schema: 1,
        catalogue: match &catalogue.origin {
            resolve::Origin::Embedded => "embedded".to_string(),
            resolve::Origin::Remote(url) => url.to_string(),
        },
        referentials: catalogue
            .index
            .referentials
            .iter()
            .map(|e| listed(e, uses, lock))
            .collect(),
    };
    if args.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &listing)?;
        writeln!(out)?;
        return Ok(exit::SUCCESS);
    }
    writeln!(
        out,
        "{}",
        style.bold(&format!("référentiels of {}", catalogue.name()))
    )?;
    let mut t = crate::report::table::new(
        &["id", "versions", "in use", "locked", "title"],
        Style::plain(),
        width,
    );
    for r in &listing.referentials {
        let versions: Vec<String> = r
            .versions
            .iter()
            .map(|v| {
                if v.yanked {
                    format!("{} (yanked)", v.version)
                } else {
                    v.version.clone()
                }
            })
            .collect();
        t.add_row(vec![
            r.id.clone(),
            versions.join(", "),
            r.in_use.clone().unwrap_or_default(),
            r.locked.clone().unwrap_or_default(),
            r.title.clone(),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(exit::SUCCESS)
}

fn show(
    args: &ShowArgs,
    ctx: &Context,
    catalogue: &Catalogue,
    lock: Option<&Lockfile>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    // `ins:INS.01`: one requirement of the référentiel.
    let (referential, requirement) = match args.referential.split_once(':') {
        Some((r, q)) => (r, Some(q)),
        None => (args.referential.as_str(), None),
    };
    let (id, wanted) = match referential.split_once('@') {
        Some((id, v)) => (id, Some(v)),
        None => (referential, None),
    };
    let ids: Vec<&str> = catalogue
        .index
        .referentials
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let Some(entry) = catalogue.index.entry(id).filter(|_| is_id(id)) else {
        let hint = match suggest::closest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("it offers {}", suggest::list(&ids)),
        };
        return Err(Error::Usage(format!(
            "{} has no référentiel `{id}`: {hint}",
            catalogue.name()
        ))
        .into());
    };
    let available = || {
        let v: Vec<String> = entry
            .versions
            .iter()
            .map(|v| v.version.to_string())
            .collect();
        v.join(", ")
    };
    let locked = lock.and_then(|l| l.get(id));
    let resolved = match wanted {
        None => match locked {
            // What this project checks against, when it locks it.
            Some(l) => resolve::obtain(&ctx.resolver(), l)?.0,
            None => {
                let newest = entry
                    .versions
                    .iter()
                    .filter(|v| !v.yanked)
                    .max_by(|a, b| a.version.cmp(&b.version))
                    .ok_or_else(|| {
                        Error::Unavailable(format!("every version of `{id}` is yanked"))
                    })?;
                obtain_version(ctx, catalogue, id, newest)?
            }
        },
        Some(v) => {
            let req = semver::VersionReq::parse(v).map_err(|e| {
                Error::Usage(format!(
                    "`{v}` is not a version or a version requirement ({e}); {id} has {}",
                    available()
                ))
            })?;
            // An exact version may be shown even when yanked.
            let exact = semver::Version::parse(v).ok();
            let found = entry
                .versions
                .iter()
                .filter(|iv| {
                    exact.as_ref() == Some(&iv.version) || (!iv.yanked && req.matches(&iv.version))
                })
                .max_by(|a, b| a.version.cmp(&b.version))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "no version of `{id}` matches `{v}`; it has {}",
                        available()
                    ))
                })?;
            obtain_version(ctx, catalogue, id, found)?
        }
    };
    if let Some(requirement) = requirement {
        return show_requirement(&resolved, requirement, args.format, ctx.stdout_style, out);
    }
    if args.format == ShowFormat::Oscal {
        let doc =
            crate::report::oscal::catalog::catalog(&resolved.doc, &resolved.sha256, ctx.today);
        crate::report::oscal::write(&doc, out)?;
    } else if args.format == ShowFormat::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            sha256: &'a str,
            /// Where charte had it: `embedded` or a URL (the document's own
            /// `source` is where its official text is published).
            origin: &'a str,
            #[serde(flatten)]
            document: &'a Referential,
        }
        serde_json::to_writer_pretty(
            &mut *out,
            &Shown {
                sha256: &resolved.sha256,
                origin: &resolved.source,
                document: &resolved.doc,
            },
        )?;
        writeln!(out)?;
    } else {
        render(&resolved, ctx.stdout_style, out)?;
    }
    Ok(exit::SUCCESS)
}

/// One requirement of a référentiel: `referentials show ins:INS.01`.
fn show_requirement(
    resolved: &Resolved,
    wanted: &str,
    format: ShowFormat,
    style: Style,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let d = &resolved.doc;
    let Some(q) = d.requirements.iter().find(|q| q.id == wanted) else {
        let ids = d.requirements.iter().map(|q| q.id.as_str());
        let hint = match suggest::closest(wanted, ids) {
            Some(near) => format!("did you mean `{}:{near}`?", d.id),
            None => format!("`charte referentials show {}` lists them", d.id),
        };
        return Err(Error::Usage(format!(
            "{} {} has no requirement `{wanted}`: {hint}",
            d.id, d.version
        ))
        .into());
    };
    match format {
        ShowFormat::Oscal => {
            return Err(Error::Usage(format!(
                "--format oscal shows a whole référentiel: `charte referentials show {} --format oscal`",
                d.id
            ))
            .into())
        }
        ShowFormat::Json => {
            #[derive(Serialize)]
            struct Shown<'a> {
                referential: &'a str,
                version: String,
                sha256: &'a str,
                origin: &'a str,
                requirement: &'a Requirement,
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Shown {
                    referential: &d.id,
                    version: d.version.to_string(),
                    sha256: &resolved.sha256,
                    origin: &resolved.source,
                    requirement: q,
                },
            )?;
            writeln!(out)?;
        }
        ShowFormat::Table => {
            writeln!(out, "{}", style.bold(&format!("{} {}: {}", d.id, d.version, d.label)))?;
            render_requirement(d, q, style, out)?;
        }
    }
    Ok(exit::SUCCESS)
}

fn obtain_version(
    ctx: &Context,
    catalogue: &Catalogue,
    id: &str,
    v: &crate::catalogue::model::IndexVersion,
) -> Result<Resolved, Error> {
    let locked = catalogue.lock_entry(id, v).map_err(Error::Unavailable)?;
    Ok(resolve::obtain(&ctx.resolver(), &locked)?.0)
}

fn conditions(r: &Requirement) -> Option<String> {
    let a = &r.applies_to;
    let mut parts = Vec::new();
    if !a.kinds.is_empty() {
        parts.push(format!("kinds {}", a.kinds.join(", ")));
    }
    if !a.services.is_empty() {
        parts.push(format!("services {}", a.services.join(", ")));
    }
    if !a.profiles.is_empty() {
        parts.push(format!("profiles {}", a.profiles.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn render(r: &Resolved, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let d = &r.doc;
    writeln!(out, "{}", style.bold(&format!("{} {}", d.id, d.version)))?;
    writeln!(out, "{}", d.label)?;
    let mut facts = Vec::new();
    if let Some(p) = &d.publisher {
        facts.push(format!("publisher {p}"));
    }
    if let Some(p) = d.published {
        facts.push(format!("published {p}"));
    }
    facts.push(format!(
        "scope {}",
        match d.scope {
            crate::catalogue::Scope::Product => "product",
            crate::catalogue::Scope::Organization => "organization",
        }
    ));
    facts.push(format!("{} requirements", d.requirements.len()));
    writeln!(out, "{}", facts.join(", "))?;
    if let Some(s) = &d.source {
        writeln!(out, "official text: {s}")?;
    }
    writeln!(out, "sha256 {} ({})", r.sha256, r.source)?;
    for q in &d.requirements {
        render_requirement(d, q, style, out)?;
    }
    Ok(())
}

/// A requirement for people: title, conditions, dates, text and proofs.
fn render_requirement(
    d: &Referential,
    q: &Requirement,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let nature = match q.nature {
        Nature::Exigence => style.error("exigence"),
        Nature::Preconisation => style.warning("préconisation"),
    };
    let criticality = q
        .criticality
        .map(|c| match c {
            crate::catalogue::Criticality::Mineure => ", mineure",
            crate::catalogue::Criticality::Majeure => ", majeure",
            crate::catalogue::Criticality::Critique => ", critique",
        })
        .unwrap_or_default();
    writeln!(out, "\n{} ({nature}{criticality})", style.bold(&q.id))?;
    writeln!(out, "  {}", q.title)?;
    if let Some(section) = &q.section {
        writeln!(out, "  section: {section}")?;
    }
    let everyone = match d.scope {
        crate::catalogue::Scope::Product => "every product",
        crate::catalogue::Scope::Organization => "the organization",
    };
    writeln!(
        out,
        "  applies to: {}",
        conditions(q).unwrap_or_else(|| everyone.to_string())
    )?;
    if let Some(e) = q.effective {
        writeln!(out, "  effective: {e}")?;
    }
    if let Some(rev) = q.revised {
        writeln!(out, "  revised: {rev}")?;
    }
    if !q.replaces.is_empty() {
        writeln!(out, "  replaces: {}", q.replaces.join(", "))?;
    }
    if let Some(text) = &q.text {
        writeln!(out, "  {text}")?;
    }
    for p in &q.proofs {
        let mut tags = vec![p.kind.clone()];
        tags.push(if p.required { "required" } else { "optional" }.to_string());
        if let Some(days) = p.max_age_days {
            tags.push(format!("valid {days} days"));
        }
        writeln!(
            out,
            "  proof {} ({}){}",
            p.id,
            tags.join(", "),
            p.label
                .as_deref()
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}
