//! `charte status`: what the registry holds for each product and for the
//! commitments, and whether the local declarations differ from it.

use std::io::Write;

use clap::ValueEnum;
use comfy_table::{Cell, Color};
use serde::Serialize;

use super::remote;
use crate::context::Context;
use crate::error::exit;
use crate::net::Url;
use crate::registry::client::{Head, Receipt, Retrying};
use crate::registry::document::{digest_as, Submission, SCHEMA};

/// Show what the registry holds, and whether your declarations changed since.
///
/// For the organization's commitments and each product of charte.toml, the
/// registry's latest receipt and the state of the local declarations:
/// `up to date` (the registry holds exactly the document `charte submit`
/// would send), `changed locally` (the declarations, the product or the
/// référentiel versions changed: submit would send a new document),
/// `re-evaluated` (nothing changed but the counts, because the evaluation
/// date moved: evidence expired, due dates passed; submit would send the new
/// counts), `withdrawn` (`charte submit --withdraw`; submitting the product
/// again lists it again), or `never submitted`. Products the registry holds
/// that charte.toml no longer has are listed as `not in charte.toml`.
///
/// Documents are compared by their sha256, which covers the declarations,
/// the products' descriptions, the référentiel versions of charte.lock and
/// the counts at the evaluation date; the local document with the counts
/// the registry holds tells a re-evaluation from a change.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte status
  charte status --format json
  charte status --registry https://registre.example.org")]
pub struct Args {
    /// The registry's address [default: [registry] url of charte.toml]
    #[arg(long, value_name = "URL", value_parser = remote::parse_url)]
    pub registry: Option<Url>,

    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

/// How the local declarations compare with the registry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    UpToDate,
    ChangedLocally,
    /// Only the counts differ, the evaluation date having moved.
    ReEvaluated,
    Withdrawn,
    NeverSubmitted,
    /// The registry holds a product the manifest no longer has.
    NotInManifest,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::UpToDate => "up to date",
            State::ChangedLocally => "changed locally",
            State::ReEvaluated => "re-evaluated",
            State::Withdrawn => "withdrawn",
            State::NeverSubmitted => "never submitted",
            State::NotInManifest => "not in charte.toml",
        }
    }
}

#[derive(Debug, Serialize)]
struct Status<'a> {
    schema: u32,
    registry: &'a str,
    organization: Organization<'a>,
    products: Vec<Entry>,
    /// The receipts kept beside the manifest, checked offline against the
    /// log (SPEC §8); absent without `[registry] log-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    log: Option<InLog>,
}

/// How many receipts are kept, and how many verify in the log.
#[derive(Debug, Serialize)]
struct InLog {
    receipts: usize,
    verified: usize,
}

/// The receipts under `.charte/receipts/` verified offline (signature,
/// leaf, inclusion), when the manifest pins the log's key.
fn in_log(loaded: &crate::manifest::Loaded) -> anyhow::Result<Option<InLog>> {
    let Some(mut verifier) = crate::registry::log::Verifier::pinned(&loaded.manifest) else {
        return Ok(None);
    };
    let files = crate::registry::receipts::files(loaded.folder())?;
    let verified = files
        .iter()
        .filter(|path| {
            crate::registry::receipts::read(path)
                .is_ok_and(|stored| verifier.receipt(&stored.receipt).is_ok())
        })
        .count();
    Ok(Some(InLog {
        receipts: files.len(),
        verified,
    }))
}

#[derive(Debug, Serialize)]
struct Organization<'a> {
    siren: &'a str,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct Entry {
    /// `None` for the commitments.
    product: Option<String>,
    state: State,
    /// The digest of the local document; `None` when not in the manifest.
    digest: Option<String>,
    /// The registry's latest receipt.
    receipt: Option<Receipt>,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let api = remote::api(ctx, "`charte status` asks the registry")?;
    let local = remote::local(ctx, &[])?;
    let target = remote::target(args.registry.as_ref(), Some(&local.loaded))?;
    let (token, source) = remote::token(&target)?;
    let verbose = ctx.verbose > 0;
    let watch = |r: &Retrying<'_>| {
        if verbose {
            let _ = writeln!(
                ctx.shell.err(),
                "retrying in {:.1} s (attempt {} failed: {})",
                r.wait.as_secs_f64(),
                r.attempt,
                r.why.replace('\n', " ")
            );
        }
    };
    let registry = remote::registry(api, &target, &token, &watch)?;
    let m = &local.loaded.manifest;
    let name = &local.loaded.source.name;
    let held = registry
        .latest(&m.organization.siren)
        .map_err(|f| remote::failure(&f, &target, &source, &m.organization.siren, name))?;
    let mut products: Vec<Entry> = local
        .submissions
        .iter()
        .map(|s| {
            let head = held.iter().find(|h| h.receipt.product == s.product);
            Entry {
                product: s.product.clone(),
                state: state(s, head),
                digest: Some(s.digest.clone()),
                receipt: head.map(|h| h.receipt.clone()),
            }
        })
        .collect();
    products.extend(
        held.iter()
            .filter(|h| {
                !local
                    .submissions
                    .iter()
                    .any(|s| s.product == h.receipt.product)
            })
            .map(|h| Entry {
                product: h.receipt.product.clone(),
                state: if h.receipt.withdrawn {
                    State::Withdrawn
                } else {
                    State::NotInManifest
                },
                digest: None,
                receipt: Some(h.receipt.clone()),
            }),
    );
    let warning = ctx.stderr_style.warning("warning");
    let n = local.invalid.len();
    if n > 0 {
        let _ = writeln!(
            ctx.shell.err(),
            "{warning}: {name} has {n} error{} of validity: `charte submit` refuses to send until {} fixed (`charte check` shows {})",
            crate::text::plural_s(n),
            if n == 1 { "it is" } else { "they are" },
            if n == 1 { "it" } else { "them" },
        );
    }
    if !local.drift.is_empty() {
        let _ = writeln!(
            ctx.shell.err(),
            "{warning}: charte.lock is out of date with [referentials] use: `charte submit` refuses to send until `charte fetch` updates it"
        );
    }
    let status = Status {
        schema: 1,
        registry: &target.name,
        organization: Organization {
            siren: &m.organization.siren,
            name: &m.organization.name,
        },
        products,
        log: in_log(&local.loaded)?,
    };
    match args.format {
        StatusFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &status)?;
            writeln!(out)?;
        }
        StatusFormat::Table => table(ctx, &status, out)?,
    }
    Ok(exit::SUCCESS)
}

/// How the local document compares with the registry's newest one.
fn state(local: &Submission, head: Option<&Head>) -> State {
    let Some(head) = head else {
        return State::NeverSubmitted;
    };
    if head.receipt.withdrawn {
        State::Withdrawn
    } else if head.receipt.digest == local.digest
        || head.receipt.digest == digest_as(&local.document, 1, None)
    {
        // The same declarations, submitted by a charte that wrote schema 1.
        State::UpToDate
    } else if head.counts.as_ref().is_some_and(|counts| {
        [u64::from(SCHEMA), 1]
            .into_iter()
            .any(|schema| digest_as(&local.document, schema, Some(counts)) == head.receipt.digest)
    }) {
        State::ReEvaluated
    } else {
        State::ChangedLocally
    }
}

fn table(ctx: &Context, status: &Status<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}",
        ctx.stdout_style.bold(&format!(
            "{} for {} ({})",
            status.registry, status.organization.name, status.organization.siren
        ))
    )?;
    let mut t = remote::table(ctx, &["product", "state", "receipt", "received"]);
    for e in &status.products {
        let state = Cell::new(e.state.as_str());
        let state = match e.state {
            State::UpToDate => state.fg(Color::Green),
            State::ChangedLocally | State::ReEvaluated | State::NeverSubmitted => {
                state.fg(Color::Yellow)
            }
            State::Withdrawn | State::NotInManifest => state,
        };
        t.add_row(vec![
            Cell::new(e.product.as_deref().unwrap_or("(organization)")),
            state,
            Cell::new(e.receipt.as_ref().map_or("", |r| r.id.as_str())),
            Cell::new(e.receipt.as_ref().map_or("", |r| r.received_at.as_str())),
        ]);
    }
    writeln!(out, "{t}")?;
    let to_send = status
        .products
        .iter()
        .filter(|e| {
            matches!(
                e.state,
                State::ChangedLocally | State::ReEvaluated | State::NeverSubmitted
            )
        })
        .count();
    let withdrawn = status
        .products
        .iter()
        .filter(|e| e.state == State::Withdrawn && e.digest.is_some())
        .count();
    if withdrawn > 0 {
        writeln!(
            out,
            "{withdrawn} withdrawn product{} still in charte.toml: `charte submit` would list {} again",
            crate::text::plural_s(withdrawn),
            if withdrawn == 1 { "it" } else { "them" }
        )?;
    }
    if let Some(log) = &status.log {
        let n = log.receipts;
        writeln!(
            out,
            "{n} receipt{}, {} verified in the log{}",
            crate::text::plural_s(n),
            log.verified,
            if log.verified < n {
                ": `charte verify` says why the others are not"
            } else {
                ""
            }
        )?;
    }
    if to_send > 0 {
        writeln!(
            out,
            "{to_send} document{} to send: run `charte submit`",
            crate::text::plural_s(to_send)
        )?;
    } else if withdrawn == 0 {
        writeln!(out, "the registry holds every declaration of charte.toml")?;
    }
    Ok(())
}
