//! `charte report`: the organization's public conformity statement.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::pipeline;
use crate::context::Context;
use crate::engine;
use crate::error::exit;
use crate::manifest::Loaded;
use crate::registry::receipts;
use crate::report::lang::Lang;
use crate::report::statement::{self, RegistryReceipt, Statement};

/// Write the organization's public conformity statement.
///
/// The charter « Engagé pour la e-santé » commits its signatories to
/// communicate on what they do (commitment IV.6). This writes one page to
/// publish: the organization's commitments and their status, each product
/// with its version and conformity rate per référentiel, every rate next to
/// the figures it is computed from and the formula, every gap (non-conform,
/// partial, declared conform without valid proof, planned with its due
/// date, not applicable with its justification), the référentiels by title
/// and version with a link to their official text, the evaluation date and
/// the version of charte; and, once `charte submit` has saved receipts in
/// .charte/receipts/, the registry's receipt for the commitments and each
/// product. The HTML page is self-contained (styles inline, no script,
/// nothing loaded from elsewhere), accessible, printable and readable on a
/// phone.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte report --format html --output public/conformite.html\n  charte report --format markdown --lang en > STATEMENT.md"
)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum)]
    pub format: StatementFormat,

    /// Write to this file instead of stdout (replaced atomically, untouched when unchanged)
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the statement
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatementFormat {
    /// One self-contained page, to publish on a website
    Html,
    /// Markdown, for a repository or a wiki
    Markdown,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prepared = pipeline::prepare(ctx)?;
    let input = prepared.input(ctx, &[]);
    let evaluation = engine::evaluate(&input);
    let mut statement = Statement::new(&input, &evaluation, args.lang);
    statement.receipts = registry_receipts(&prepared.loaded)?;
    let mut page = Vec::new();
    match args.format {
        StatementFormat::Html => statement::html(&statement, &mut page)?,
        StatementFormat::Markdown => statement::markdown(&statement, &mut page)?,
    }
    pipeline::emit(&page, args.output.as_deref(), out)?;
    Ok(exit::SUCCESS)
}

/// The receipts `charte submit` saved, for the commitments first and then
/// the products in manifest order; receipts of products the manifest no
/// longer has, or of another organization, are left out.
fn registry_receipts(loaded: &Loaded) -> anyhow::Result<Vec<RegistryReceipt>> {
    let m = &loaded.manifest;
    let mut verifier = crate::registry::log::Verifier::pinned(m);
    let mut shown: Vec<(usize, RegistryReceipt)> = receipts::load(loaded.folder())?
        .into_iter()
        .filter(|s| s.receipt.organization == m.organization.siren)
        // A withdrawal declares nothing to show.
        .filter(|s| !s.receipt.withdrawn)
        .filter_map(|s| {
            let r = s.receipt;
            let logged = verifier.as_mut().map(|v| v.receipt(&r).is_ok());
            let (rank, product) = match &r.product {
                None => (0, None),
                Some(id) => {
                    let i = m.products.iter().position(|p| p.id.value == *id)?;
                    let p = &m.products[i];
                    (i + 1, Some(format!("{} {}", p.name, p.version)))
                }
            };
            Some((
                rank,
                RegistryReceipt {
                    product,
                    id: r.id,
                    received_at: r.received_at,
                    digest: r.digest,
                    logged,
                },
            ))
        })
        .collect();
    shown.sort_by_key(|(rank, _)| *rank);
    Ok(shown.into_iter().map(|(_, r)| r).collect())
}
