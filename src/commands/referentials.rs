//! `charte referentials list|show|import`: what the catalogue offers, what
//! the manifest uses and locks, a referential's requirements, and turning
//! the user's copy of an official file into referential documents.

use std::io::Write;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalogue::lock;
use crate::catalogue::model::IndexEntry;
use crate::catalogue::resolve::{self, Catalogue, Catalogues};
use crate::catalogue::{Lockfile, Nature, Referential, Requirement, Resolved};
use crate::context::Context;
use crate::edit::session::Session;
use crate::error::{exit, Error};
use crate::manifest::{is_id, UseEntry};
use crate::style::Style;
use crate::suggest;

/// List the référentiels of the catalogue, show one's requirements, or
/// import an official file into a catalogue folder.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    List(ListArgs),
    Show(ShowArgs),
    Import(ImportArgs),
}

/// Turn your copy of an official requirement file into référentiel
/// documents.
///
/// Reads a Squash export, a REM annex, a Convergence export, an iteration
/// sheet (.xlsx), a CISO Assistant library (YAML), an OSCAL catalog (JSON)
/// or charte's own CSV layout, and writes one document per project, REM or
/// framework. With --into, writes DIR/<id>/<version>.toml and DIR/index.json,
/// and, inside a project, offers to add DIR to [referentials] index (--yes
/// adds it without asking); without, prints the document. docs/import.md
/// describes the mapping.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "Examples:\n  charte referentials import export_full.xlsx --into referentiels --project sc-mss-va2\n  charte referentials import hds.yaml --format ciso-assistant --into referentiels\n  charte referentials import exigences.csv --dry-run"
)]
pub struct ImportArgs {
    /// The official file (.xlsx, .csv, .yaml, .json)
    pub file: std::path::PathBuf,

    /// The file's format; guessed from its sheets, header or keys when absent
    #[arg(long, value_enum)]
    pub format: Option<crate::catalogue::import::Format>,

    /// A catalogue folder to write the documents and index.json into
    #[arg(long, value_name = "DIR")]
    pub into: Option<std::path::PathBuf>,

    /// The référentiel id to give the document (one referential only)
    #[arg(long)]
    pub id: Option<String>,

    /// The version to give the document (one referential only)
    #[arg(long)]
    pub version: Option<semver::Version>,

    /// Import only this project, REM or framework (name or id; repeatable)
    #[arg(long = "project", value_name = "NAME")]
    pub projects: Vec<String>,

    /// Keep requirements of this status (repeatable; default: approved only;
    /// obsolete ones never)
    #[arg(long = "status", value_name = "S")]
    pub statuses: Vec<String>,

    /// Say what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Inside a project, add the --into folder to [referentials] index
    /// without asking
    #[arg(long)]
    pub yes: bool,
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
    if let Sub::Import(a) = &args.command {
        return import(a, ctx, out);
    }
    // These commands also work outside a project, on the embedded catalogue.
    let loaded = ctx.manifest.load_if_any()?;
    let catalogues = match &loaded {
        Some(l) => Catalogues::for_manifest(&ctx.resolver(), l)?,
        None => Catalogues::one(Catalogue::embedded()?),
    };
    let lock = match &loaded {
        Some(l) => lock::read_lock(l)?,
        None => None,
    };
    let uses: &[UseEntry] = loaded.as_ref().map_or(&[], |l| &l.manifest.uses);
    match &args.command {
        Sub::List(a) => list(
            a,
            &catalogues,
            uses,
            lock.as_ref(),
            (ctx.stdout_style, ctx.stdout_width),
            out,
        ),
        Sub::Show(a) => {
            let id = a.referential.split([':', '@']).next().unwrap_or_default();
            let catalogue = shown_from(&catalogues, id, uses, lock.as_ref(), ctx)?;
            show(a, ctx, catalogue, lock.as_ref(), out)
        }
        Sub::Import(a) => import(a, ctx, out),
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
    /// The catalogue offering it, when the manifest names several.
    #[serde(skip_serializing_if = "Option::is_none")]
    catalogue: Option<String>,
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
        catalogue: None,
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
    catalogues: &Catalogues,
    uses: &[UseEntry],
    lock: Option<&Lockfile>,
    (style, width): (Style, Option<u16>),
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let several = catalogues.several();
    let names: Vec<String> = catalogues.list.iter().map(Catalogue::location).collect();
    let listing = Listing {
        schema: 1,
        catalogue: names.join(", "),
        referentials: catalogues
            .list
            .iter()
            .flat_map(|c| {
                c.index.referentials.iter().map(move |e| {
                    let mut l = listed(e, uses, lock);
                    if several {
                        // In use and locked from this catalogue only.
                        let at = c.location();
                        let locked = lock
                            .and_then(|l| l.get(&e.id))
                            .is_some_and(|l| l.catalogue.as_deref() == Some(at.as_str()));
                        let from = uses
                            .iter()
                            .find(|u| u.id == e.id)
                            .and_then(|u| u.from.as_ref());
                        let here = match from {
                            Some(from) => from.value == at,
                            None => locked || catalogues.offering(&e.id).len() == 1,
                        };
                        if !here {
                            l.in_use = None;
                        }
                        if !locked {
                            l.locked = None;
                        }
                        l.catalogue = Some(at);
                    }
                    l
                })
            })
            .collect(),
    };
    if args.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &listing)?;
        writeln!(out)?;
        return Ok(exit::SUCCESS);
    }
    for (i, catalogue) in catalogues.list.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let at = catalogue.location();
        let rows = listing
            .referentials
            .iter()
            .filter(|r| !several || r.catalogue.as_deref() == Some(at.as_str()));
        list_table(&catalogue.name(), rows, (style, width), out)?;
    }
    Ok(exit::SUCCESS)
}

/// The table of one catalogue's référentiels.
fn list_table<'a>(
    name: &str,
    rows: impl Iterator<Item = &'a Listed>,
    (style, width): (Style, Option<u16>),
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    writeln!(out, "{}", style.bold(&format!("référentiels of {name}")))?;
    let mut t = crate::report::table::new(
        &["id", "versions", "in use", "locked", "title"],
        Style::plain(),
        width,
    );
    for r in rows {
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
    Ok(())
}

/// The catalogue `referentials show ID` reads: the one the lock or the
/// `use` entry names, else the one offering it; when several offer it and
/// nothing says which, the first, with a note naming the others.
fn shown_from<'c>(
    catalogues: &'c Catalogues,
    id: &str,
    uses: &[UseEntry],
    lock: Option<&Lockfile>,
    ctx: &Context,
) -> anyhow::Result<&'c Catalogue> {
    let first = &catalogues.list[0];
    if !catalogues.several() {
        return Ok(first);
    }
    if let Some(c) = lock.and_then(|l| l.get(id)).and_then(|l| catalogues.of(l)) {
        return Ok(c);
    }
    let from = uses
        .iter()
        .find(|u| u.id == id)
        .and_then(|u| u.from.as_ref());
    if let Some(c) = from.and_then(|f| catalogues.list.iter().find(|c| c.location() == f.value)) {
        return Ok(c);
    }
    let offering = catalogues.offering(id);
    match offering.as_slice() {
        [] => Ok(first),
        [(one, _)] => Ok(one),
        [(one, _), others @ ..] => {
            let others: Vec<String> = others
                .iter()
                .map(|(c, _)| format!("`{}`", c.location()))
                .collect();
            ctx.shell.say(&format!(
                "note: `{id}` is offered by `{}` and by {}: showing the one of `{}`",
                one.location(),
                others.join(" and "),
                one.location()
            ))?;
            Ok(one)
        }
    }
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
            Some(l) => resolve::obtain(&ctx.resolver().for_catalogue(catalogue), l)?.0,
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
    Ok(resolve::obtain(&ctx.resolver().for_catalogue(catalogue), &locked)?.0)
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
    if let Some(p) = &d.provenance {
        writeln!(
            out,
            "imported from {} ({}, sha256 {}) by {}",
            p.file, p.format, p.sha256, p.importer
        )?;
        for w in &p.warnings {
            writeln!(out, "{}", style.warning(&format!("warning: {w}")))?;
        }
    }
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
    // Profiles by the label the official text gives them, when it does.
    for slug in &q.applies_to.profiles {
        if let Some(label) = d.profiles.get(slug) {
            writeln!(out, "  profile {slug}: {label}")?;
        }
    }
    if let Some(e) = q.effective {
        writeln!(out, "  effective: {e}")?;
    }
    if let Some(rev) = q.revised {
        writeln!(out, "  revised: {rev}")?;
    }
    if !q.replaces.is_empty() {
        writeln!(out, "  replaces: {}", q.replaces.join(", "))?;
    }
    if !q.derived_from.is_empty() {
        writeln!(out, "  derived from: {}", q.derived_from.join(", "))?;
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

/// `referentials import`: read the whole file, map it, check every
/// document parses, and only then write them (or print the one).
fn import(args: &ImportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    use crate::catalogue::import::{self, Source, MAX_SOURCE_BYTES};
    use crate::catalogue::{folder, sha256_hex};
    use crate::store::{self, Mode};

    use std::io::Read as _;

    let shown = args.file.display().to_string();
    let unreadable = |e: std::io::Error| Error::Usage(format!("{shown}: cannot read it ({e})"));
    let too_large = |size: u64| {
        Error::Usage(format!(
            "{shown} is larger than the {} MiB charte reads as a source ({size} bytes): refused",
            MAX_SOURCE_BYTES >> 20
        ))
    };
    // The size is checked before reading, and the read itself stops past
    // the limit in case the file grows meanwhile.
    let file = std::fs::File::open(&args.file).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(too_large(size).into());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(bytes.len() as u64).into());
    }
    let source = Source {
        name: args
            .file
            .file_name()
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned()),
        sha256: sha256_hex(&bytes),
        bytes,
    };
    let format = match args.format {
        Some(f) => f,
        None => import::detect(&source).map_err(|e| Error::Usage(format!("{shown}: {e}")))?,
    };
    if let Some(s) = args
        .statuses
        .iter()
        .find(|s| matches!(s.trim().to_lowercase().as_str(), "obsolete" | "obsolète"))
    {
        return Err(Error::Usage(format!(
            "--status {s}: obsolete requirements are never imported"
        ))
        .into());
    }
    let options = import::Options {
        statuses: args
            .statuses
            .iter()
            .map(|s| s.trim().to_lowercase().replace(['_', ' '], "-"))
            .collect(),
    };
    let mut drafts = import::read(format, &source, &options).map_err(|e| {
        let seen = match (args.format, import::detect(&source)) {
            (Some(_), Ok(other)) if other != format => {
                format!(" (it looks like a {} file)", other.as_str())
            }
            _ => String::new(),
        };
        Error::Usage(format!(
            "{shown} cannot be read as {}{seen}: {e}; nothing was written",
            format.as_str()
        ))
    })?;
    if !args.projects.is_empty() {
        let names: Vec<String> = drafts
            .iter()
            .map(|d| format!("`{}` ({})", d.name, d.id))
            .collect();
        for p in &args.projects {
            let p = p.to_lowercase();
            if !drafts
                .iter()
                .any(|d| d.name.to_lowercase() == p || d.id == p)
            {
                return Err(Error::Usage(format!(
                    "{shown} has no project `{p}`: it holds {}",
                    names.join(", ")
                ))
                .into());
            }
        }
        drafts.retain(|d| {
            args.projects
                .iter()
                .any(|p| d.name.to_lowercase() == p.to_lowercase() || d.id == p.to_lowercase())
        });
    }
    if drafts.is_empty() {
        return Err(Error::Usage(format!(
            "{shown} holds no requirement to import with the statuses asked (default: approved; --status names others)"
        ))
        .into());
    }
    if (args.id.is_some() || args.version.is_some()) && drafts.len() > 1 {
        let ids: Vec<&str> = drafts.iter().map(|d| d.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "--id and --version name one referential, and {shown} holds {} ({}): pick one with --project",
            drafts.len(),
            ids.join(", ")
        ))
        .into());
    }
    if let Some(id) = &args.id {
        if !is_id(id) {
            return Err(Error::Usage(format!(
                "--id `{id}` is not a referential id: lowercase letters, digits and `-`, starting with a letter or digit"
            ))
            .into());
        }
        drafts[0].id = id.clone();
    }
    if let Some(v) = &args.version {
        drafts[0].version = v.clone();
    }
    if let Some(bad) = drafts.iter().find(|d| !is_id(&d.id)) {
        return Err(Error::Usage(format!(
            "{shown}: `{}` is not a referential id (lowercase letters, digits and `-`): correct it in the file or give --id",
            bad.id
        ))
        .into());
    }
    let mut documents = Vec::new();
    for draft in &drafts {
        let text = import::render(draft, &source, format);
        let doc = Referential::parse(&text).map_err(|e| {
            anyhow::anyhow!(
                "the document charte made for `{}` does not parse ({e}); please report it",
                draft.id
            )
        })?;
        for w in &draft.warnings {
            writeln!(ctx.shell.err(), "warning: {shown}: {}: {w}", draft.id)?;
        }
        documents.push((draft, text, doc.requirements.len()));
    }
    let Some(dir) = &args.into else {
        if documents.len() > 1 {
            let ids: Vec<&str> = documents.iter().map(|d| d.0.id.as_str()).collect();
            return Err(Error::Usage(format!(
                "{shown} holds {} referentials ({}): write them into a catalogue folder with --into DIR, or pick one with --project",
                documents.len(),
                ids.join(", ")
            ))
            .into());
        }
        if args.dry_run {
            let (d, _, n) = &documents[0];
            writeln!(
                out,
                "would print {} {} ({})",
                d.id,
                d.version,
                crate::text::plural(*n, "requirement")
            )?;
        } else {
            out.write_all(documents[0].1.as_bytes())?;
        }
        return Ok(exit::SUCCESS);
    };
    let index_path = dir.join(folder::INDEX);
    let old_index = match std::fs::read(&index_path) {
        Ok(b) => Some(crate::catalogue::Index::parse(&b).map_err(|e| {
            Error::Usage(format!(
                "{}: {e}; fix or remove it first",
                index_path.display()
            ))
        })?),
        Err(_) => None,
    };
    let say = |verb: &str| -> std::io::Result<()> {
        for (d, _, n) in &documents {
            let path = dir.join(&d.id).join(format!("{}.toml", d.version));
            ctx.shell.say(&format!(
                "{verb} {} ({})",
                path.display(),
                crate::text::plural(*n, "requirement")
            ))?;
        }
        Ok(())
    };
    if args.dry_run {
        say("would write")?;
        writeln!(out, "would write {}", index_path.display())?;
        return Ok(exit::SUCCESS);
    }
    // The documents already there must index before anything is written.
    if dir.exists() {
        folder::build_index(dir, old_index.as_ref()).map_err(|e| {
            Error::Usage(format!(
                "the catalogue folder has a problem: {e}; nothing was written"
            ))
        })?;
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Usage(format!("{}: cannot create it ({e})", dir.display())))?;
    let _lock = store::lock_for(&index_path)?;
    // A document that cannot be written stops the import before the index
    // is: the folder's index.json still lists what it listed.
    for (d, text, _) in &documents {
        let folder_path = dir.join(&d.id);
        let path = folder_path.join(format!("{}.toml", d.version));
        std::fs::create_dir_all(&folder_path)
            .and_then(|()| store::write_if_changed(&path, text.as_bytes(), Mode::Keep))
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}; {} was not written",
                    store::failure(&format!("write {}", path.display()), &e),
                    index_path.display()
                )
            })?;
    }
    let index = folder::build_index(dir, old_index.as_ref()).map_err(Error::Usage)?;
    store::write_if_changed(&index_path, &index, Mode::Keep)?;
    say("wrote")?;
    writeln!(out, "{}", index_path.display())?;
    let ids: Vec<&str> = documents.iter().map(|(d, _, _)| d.id.as_str()).collect();
    offer_index(args, ctx, dir, &ids)?;
    Ok(exit::SUCCESS)
}

/// Inside a project, after `import --into DIR`: adds DIR to
/// `[referentials] index` (asked on a terminal, at once with --yes; else
/// only the line to write is shown), then says how to use what was
/// imported.
fn offer_index(
    args: &ImportArgs,
    ctx: &Context,
    dir: &std::path::Path,
    ids: &[&str],
) -> anyhow::Result<()> {
    use std::io::{BufRead as _, IsTerminal as _};

    // A manifest that does not read is left for `charte check` to report.
    let Ok(Some(loaded)) = ctx.manifest.load_if_any() else {
        return Ok(());
    };
    let name = loaded.source.name.clone();
    let Some(location) = relative_to(dir, loaded.folder()) else {
        return Ok(());
    };
    let location = resolve::location_of(&location);
    let listed: Vec<String> = resolve::catalogue_names(&loaded.manifest.index);
    let known = !loaded.manifest.index.is_empty() && listed.contains(&location);
    let mut several = listed.len() > 1;
    let lock = lock::read_lock(&loaded).ok().flatten();
    if !known {
        let mut lines: Vec<String> = listed.iter().map(|l| crate::text::toml_string(l)).collect();
        lines.push(crate::text::toml_string(&location));
        let line = format!("index = [{}]", lines.join(", "));
        let stdin = std::io::stdin();
        let add = if args.yes {
            true
        } else if stdin.is_terminal() && ctx.shell.is_terminal() {
            {
                let mut err = ctx.shell.err();
                write!(
                    err,
                    "add {location} to [referentials] index of {name} (`{line}`)? [Y/n] "
                )?;
                err.flush()?;
            }
            let mut answer = String::new();
            stdin.lock().read_line(&mut answer)?;
            matches!(answer.trim(), "" | "y" | "Y" | "yes" | "oui")
        } else {
            false
        };
        if add {
            let mut session = Session::open(&ctx.manifest)?;
            session.editor.add_index(&location);
            session.save()?;
            ctx.shell.say(&format!(
                "added {location} to [referentials] index of {name}"
            ))?;
        } else {
            ctx.shell.say(&format!(
                "to use it, write in [referentials] of {name} (or run this again with --yes):\n  {line}"
            ))?;
        }
        several = true;
    }
    for id in ids {
        let used = loaded.manifest.uses.iter().find(|u| u.id == *id);
        let locked_here = lock.as_ref().and_then(|l| l.get(id)).is_some_and(|l| {
            l.catalogue.as_deref() == Some(location.as_str())
                || l.source.starts_with(&format!("{location}/"))
        });
        let from_here = used.is_some_and(|u| match &u.from {
            Some(from) => from.value == location,
            None => locked_here || (known && !several),
        });
        let line = match (from_here, several) {
            (true, _) => format!("charte update {id}"),
            (false, true) => format!("charte use add {id} --from {location}"),
            (false, false) => format!("charte use add {id}"),
        };
        ctx.shell.say(&format!("then: {line}"))?;
    }
    Ok(())
}

/// `path` relative to `base`, `/`-separated; `None` when one of them
/// cannot be resolved.
fn relative_to(path: &std::path::Path, base: &std::path::Path) -> Option<String> {
    use std::path::Component;
    let path = std::fs::canonicalize(path).ok()?;
    let base = std::fs::canonicalize(if base.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        base
    })
    .ok()?;
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}
