//! `charte report`: the organization's public conformity statement.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::pipeline;
use crate::context::Context;
use crate::engine;
use crate::error::exit;
use crate::report::lang::Lang;
use crate::report::statement::{self, Statement};

/// Write the organization's public conformity statement.
///
/// The charter « Engagé pour la e-santé » commits its signatories to
/// communicate on what they do (commitment IV.6). This writes one page to
/// publish: the organization's commitments and their status, each product
/// with its version and conformity rate per référentiel, the planned work
/// and its due dates, the référentiels' versions, the evaluation date and the
/// version of charte. The HTML page is self-contained (styles inline, no
/// script, nothing loaded from elsewhere), accessible and printable.
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
    let statement = Statement::new(&input, &evaluation, args.lang);
    let mut page = Vec::new();
    match args.format {
        StatementFormat::Html => statement::html(&statement, &mut page)?,
        StatementFormat::Markdown => statement::markdown(&statement, &mut page)?,
    }
    pipeline::emit(&page, args.output.as_deref(), out)?;
    Ok(exit::SUCCESS)
}
