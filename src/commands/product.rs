//! `charte product`: add, list, change and remove the manifest's products.

use std::io::Write;

use clap::{Subcommand, ValueEnum};

use crate::catalogue::{self, Vocabulary};
use crate::context::Context;
use crate::edit::session::Session;
use crate::error::{exit, Error};
use crate::manifest::{is_id, Change, Loaded, Product, ProductRecord, Record, KINDS};
use crate::suggest;

/// Add, list, change or remove products.
///
/// A requirement applies to a product when the product's kind, services and
/// profiles match what the requirement concerns.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Add a product
    #[command(
        disable_version_flag = true,
        after_help = "Example:
  charte product add exemple-lgc --name \"Exemple Cabinet\" --version 5.2.0 --kind lgc \\
      --service dmp --service mssante --service insi --profile centres-de-sante"
    )]
    Add(AddArgs),
    /// List the products and how many declarations each has
    List(ListArgs),
    /// Change a product's name, version, kind, services or profiles
    #[command(
        disable_version_flag = true,
        after_help = "Examples:
  charte product set exemple-lgc --version 5.3.0
  charte product set exemple-lgc --add-service apcv --remove-profile centres-de-sante"
    )]
    Set(SetArgs),
    /// Remove a product
    #[command(
        after_help = "A product that still has declarations is kept unless --with-declarations is given;\n`charte export` first keeps a copy of them."
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Its id: lowercase letters, digits and dashes (exemple-lgc)
    #[arg(value_name = "ID", value_parser = parse_id)]
    pub id: String,

    /// Its name, as customers know it
    #[arg(long, value_parser = non_blank)]
    pub name: String,

    /// The version the declarations are about
    #[arg(long, value_parser = non_blank)]
    pub version: String,

    /// dpi, pfi, lgc, sgl, ris, drimbox, lgo, dui, mes-app or other
    #[arg(long, value_parser = parse_kind)]
    pub kind: String,

    /// A service it uses (dmp, mssante, insi, pro-sante-connect, e-prescription, apcv…); repeatable
    #[arg(long = "service", value_name = "SERVICE", value_parser = parse_id)]
    pub services: Vec<String>,

    /// A profile that switches on conditional requirements (centres-de-sante…); repeatable
    #[arg(long = "profile", value_name = "PROFILE", value_parser = parse_id)]
    pub profiles: Vec<String>,

    /// Keep a service or profile that no referential knows
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The product's id
    #[arg(value_name = "ID")]
    pub id: String,

    /// A new name
    #[arg(long, value_parser = non_blank)]
    pub name: Option<String>,

    /// A new version
    #[arg(long, value_parser = non_blank)]
    pub version: Option<String>,

    /// A new kind
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<String>,

    /// The services, replacing the current ones; repeatable
    #[arg(long = "service", value_name = "SERVICE", value_parser = parse_id)]
    pub services: Vec<String>,

    /// Add a service; repeatable
    #[arg(long, value_name = "SERVICE", value_parser = parse_id)]
    pub add_service: Vec<String>,

    /// Remove a service; repeatable
    #[arg(long, value_name = "SERVICE")]
    pub remove_service: Vec<String>,

    /// The profiles, replacing the current ones; repeatable
    #[arg(long = "profile", value_name = "PROFILE", value_parser = parse_id)]
    pub profiles: Vec<String>,

    /// Add a profile; repeatable
    #[arg(long, value_name = "PROFILE", value_parser = parse_id)]
    pub add_profile: Vec<String>,

    /// Remove a profile; repeatable
    #[arg(long, value_name = "PROFILE")]
    pub remove_profile: Vec<String>,

    /// Attest the product's declarations again: set their `declared` date to
    /// the evaluation date (with --version, once the new version is checked)
    #[arg(long)]
    pub reattest: bool,

    /// Keep a service or profile that no referential knows
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The product's id
    #[arg(value_name = "ID")]
    pub id: String,

    /// Remove its declarations too
    #[arg(long)]
    pub with_declarations: bool,
}

fn parse_id(s: &str) -> Result<String, String> {
    if is_id(s) {
        Ok(s.to_string())
    } else {
        Err("use lowercase letters, digits and dashes, starting with a letter or digit (as exemple-lgc)".to_string())
    }
}

fn non_blank(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("it cannot be empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

fn parse_kind(s: &str) -> Result<String, String> {
    if KINDS.contains(&s) {
        return Ok(s.to_string());
    }
    Err(match suggest::closest(s, KINDS.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? kinds are {}", KINDS.join(", ")),
        None => format!("kinds are {}", KINDS.join(", ")),
    })
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    match &args.action {
        Action::Add(a) => add(a, ctx, out),
        Action::List(a) => list(a, ctx, out),
        Action::Set(a) => set(a, ctx, out),
        Action::Remove(a) => remove(a, ctx, out),
    }
}

/// Refuses services and profiles that no referential at hand knows (they
/// would switch no requirement on, silently), unless `force`; with it, a
/// warning says so.
fn check_traits(
    ctx: &Context,
    loaded: &Loaded,
    services: &[String],
    profiles: &[String],
    force: bool,
) -> anyhow::Result<()> {
    let offered = catalogue::offered(&ctx.resolver(), loaded);
    let vocabulary = Vocabulary::new(&offered);
    let unknown: Vec<String> = services
        .iter()
        .map(|v| (v, false))
        .chain(profiles.iter().map(|v| (v, true)))
        .filter_map(|(v, profile)| vocabulary.unknown(v, profile))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(Error::Usage(format!(
            "{}\n  help: correct it, or give --force to keep it as written; nothing was written",
            unknown.join("\n")
        ))
        .into());
    }
    for message in unknown {
        writeln!(ctx.shell.err(), "warning: {message}")?;
    }
    Ok(())
}

fn find<'m>(products: &'m [Product], id: &str) -> Result<&'m Product, Error> {
    products.iter().find(|p| p.id.value == id).ok_or_else(|| {
        let ids: Vec<&str> = products.iter().map(|p| p.id.value.as_str()).collect();
        let help = match suggest::closest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if ids.is_empty() => "the manifest has no product yet".to_string(),
            None => format!("its products are {}", suggest::list(&ids)),
        };
        Error::Usage(format!("no product has the id `{id}`\n  help: {help}"))
    })
}

fn add(a: &AddArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut session = Session::open(&ctx.manifest)?;
    let products = &session.loaded.manifest.products;
    if let Some(p) = products.iter().find(|p| p.id.value == a.id) {
        return Err(Error::Usage(format!(
            "product `{}` already exists (line {} of {})\n  help: change it with `charte product set {} …`",
            a.id,
            session.loaded.source.line_col(p.span.start()).line,
            session.name(),
            a.id
        ))
        .into());
    }
    let mut services = Vec::new();
    let mut profiles = Vec::new();
    for (into, from) in [(&mut services, &a.services), (&mut profiles, &a.profiles)] {
        for v in from {
            if !into.contains(v) {
                into.push(v.clone());
            }
        }
    }
    check_traits(ctx, &session.loaded, &services, &profiles, a.force)?;
    let record = ProductRecord {
        id: a.id.clone(),
        name: a.name.clone(),
        version: a.version.clone(),
        kind: a.kind.clone(),
        services,
        profiles,
    };
    session.editor.add_product(&record);
    session.save()?;
    if !ctx.quiet {
        writeln!(
            out,
            "added product {} ({} {}, {})",
            record.id, record.name, record.version, record.kind
        )?;
        writeln!(
            out,
            "next: `charte check --product {}` lists the requirements that apply to it; declare them with `charte declare {} REQUIREMENT --status …`",
            record.id, record.id
        )?;
    }
    Ok(exit::SUCCESS)
}

fn list(a: &ListArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = ctx.manifest.load()?;
    let m = &loaded.manifest;
    let count = |id: &str| {
        m.declarations
            .iter()
            .filter(|d| d.product.as_ref().is_some_and(|p| p.value == id))
            .count()
    };
    match a.format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = m
                .products
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id.value,
                        "name": p.name,
                        "version": p.version,
                        "kind": p.kind,
                        "services": p.services,
                        "profiles": p.profiles,
                        "declarations": count(&p.id.value),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Table if m.products.is_empty() => {
            writeln!(
                out,
                "{} has no product yet: add one with `charte product add ID --name NAME --version VERSION --kind KIND`",
                loaded.source.name
            )?;
        }
        ListFormat::Table => {
            let mut t = crate::report::table::new(
                &[
                    "product",
                    "name",
                    "version",
                    "kind",
                    "services",
                    "profiles",
                    "declarations",
                ],
                crate::style::Style::plain(),
                ctx.stdout_width,
            );
            for p in &m.products {
                t.add_row(vec![
                    p.id.value.clone(),
                    p.name.clone(),
                    p.version.clone(),
                    p.kind.clone(),
                    p.services.join(", "),
                    p.profiles.join(", "),
                    count(&p.id.value).to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
        }
    }
    Ok(exit::SUCCESS)
}

/// `list` with `add` and `remove` applied, in that order.
fn edit_list(
    current: &[String],
    replace: &[String],
    add: &[String],
    remove: &[String],
) -> Vec<String> {
    let mut out: Vec<String> = if replace.is_empty() {
        current.to_vec()
    } else {
        Vec::new()
    };
    for v in replace.iter().chain(add) {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out.retain(|v| !remove.contains(v));
    out
}

fn set(a: &SetArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let nothing = a.name.is_none()
        && !a.reattest
        && a.version.is_none()
        && a.kind.is_none()
        && a.services.is_empty()
        && a.add_service.is_empty()
        && a.remove_service.is_empty()
        && a.profiles.is_empty()
        && a.add_profile.is_empty()
        && a.remove_profile.is_empty();
    if nothing {
        return Err(Error::Usage(
            "nothing to change\n  help: give --name, --version, --kind, --service, --add-service, --remove-service, --profile, --add-profile, --remove-profile or --reattest".to_string(),
        )
        .into());
    }
    let mut session = Session::open(&ctx.manifest)?;
    let product = find(&session.loaded.manifest.products, &a.id)?;
    let old = ProductRecord::from(product);
    for (what, removed, current) in [
        ("service", &a.remove_service, &old.services),
        ("profile", &a.remove_profile, &old.profiles),
    ] {
        if let Some(v) = removed.iter().find(|v| !current.contains(v)) {
            return Err(Error::Usage(format!(
                "product `{}` has no {what} `{v}` to remove (it has {})",
                a.id,
                if current.is_empty() {
                    "none".to_string()
                } else {
                    suggest::list(current)
                }
            ))
            .into());
        }
    }
    let new = ProductRecord {
        id: old.id.clone(),
        name: a.name.clone().unwrap_or_else(|| old.name.clone()),
        version: a.version.clone().unwrap_or_else(|| old.version.clone()),
        kind: a.kind.clone().unwrap_or_else(|| old.kind.clone()),
        services: edit_list(
            &old.services,
            &a.services,
            &a.add_service,
            &a.remove_service,
        ),
        profiles: edit_list(
            &old.profiles,
            &a.profiles,
            &a.add_profile,
            &a.remove_profile,
        ),
    };
    let added = |replace: &[String], add: &[String]| -> Vec<String> {
        replace.iter().chain(add).cloned().collect()
    };
    check_traits(
        ctx,
        &session.loaded,
        &added(&a.services, &a.add_service),
        &added(&a.profiles, &a.add_profile),
        a.force,
    )?;
    let change = session.editor.set_product(&new);
    // The declarations name the product, not a version: they carry over.
    let declarations: Vec<Record> = session
        .loaded
        .manifest
        .declarations
        .iter()
        .filter(|d| d.product.as_ref().is_some_and(|p| p.value == new.id))
        .map(Record::from)
        .collect();
    let mut reattested = 0;
    if a.reattest {
        for mut record in declarations.iter().cloned() {
            if record.declared != Some(ctx.today) {
                record.declared = Some(ctx.today);
                session.editor.upsert(&record.key(), &record);
                reattested += 1;
            }
        }
    }
    session.save()?;
    if old.version != new.version {
        let n = declarations.len();
        let carried = match n {
            0 => format!("{} {} has no declaration yet", new.id, new.version),
            1 => format!(
                "the 1 declaration of {} carries over to version {} as it is",
                new.id, new.version
            ),
            _ => format!(
                "the {n} declarations of {} carry over to version {} as they are",
                new.id, new.version
            ),
        };
        let hint = if a.reattest || n == 0 {
            String::new()
        } else {
            format!(
                "; once the new version is checked, `charte product set {} --reattest` dates them {}",
                new.id, ctx.today
            )
        };
        ctx.shell.say(&format!("note: {carried}{hint}"))?;
    }
    if a.reattest {
        ctx.shell.say(&format!(
            "note: {} of {} re-attested on {}",
            crate::text::plural(reattested, "declaration"),
            new.id,
            ctx.today
        ))?;
    }
    if !ctx.quiet {
        let mut changes = Vec::new();
        for (what, before, after) in [
            ("name", &old.name, &new.name),
            ("version", &old.version, &new.version),
            ("kind", &old.kind, &new.kind),
        ] {
            if before != after {
                changes.push(format!("{what} {before} → {after}"));
            }
        }
        for (what, before, after) in [
            ("services", &old.services, &new.services),
            ("profiles", &old.profiles, &new.profiles),
        ] {
            if before != after {
                changes.push(format!(
                    "{what} [{}] → [{}]",
                    before.join(", "),
                    after.join(", ")
                ));
            }
        }
        match change {
            Change::Unchanged if a.reattest => {}
            Change::Unchanged => writeln!(out, "unchanged product {}", new.id)?,
            _ => writeln!(out, "updated product {}: {}", new.id, changes.join(", "))?,
        }
        if old.kind != new.kind || old.services != new.services || old.profiles != new.profiles {
            writeln!(
                out,
                "note: what applies to {} may have changed: `charte check --product {}` shows it",
                new.id, new.id
            )?;
        }
    }
    Ok(exit::SUCCESS)
}

fn remove(a: &RemoveArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut session = Session::open(&ctx.manifest)?;
    find(&session.loaded.manifest.products, &a.id)?;
    let declared = session
        .loaded
        .manifest
        .declarations
        .iter()
        .filter(|d| d.product.as_ref().is_some_and(|p| p.value == a.id))
        .count();
    if declared > 0 && !a.with_declarations {
        return Err(Error::Usage(format!(
            "product `{}` has {declared} declaration{}; nothing was removed\n  help: --with-declarations removes them too (`charte export` first keeps a copy)",
            a.id,
            crate::text::plural_s(declared)
        ))
        .into());
    }
    let removed = session.editor.remove_declarations_of(&a.id);
    session.editor.remove_product(&a.id);
    session.save()?;
    if !ctx.quiet {
        match removed {
            0 => writeln!(out, "removed product {}", a.id)?,
            n => writeln!(
                out,
                "removed product {} and its {n} declaration{}",
                a.id,
                crate::text::plural_s(n)
            )?,
        }
    }
    Ok(exit::SUCCESS)
}
