//! `charte export`: the declarations and commitments, in the format
//! `charte import` reads.

use std::io::Write;

use crate::context::Context;
use crate::edit::bulk;
use crate::error::exit;
use crate::manifest::Record;

/// Write the commitments and declarations as CSV or JSONL, in the format
/// `charte import` reads: `charte export | charte import -` changes nothing.
///
/// CSV columns: product (empty for a commitment), requirement, status,
/// justification, due, declared, evidence. Evidence items are separated by
/// `;`, the attributes of one item by `|`: `proof:ID=REF|date:2026-03-02`,
/// `url:https://…`, `path:FILE|sha256:…`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte export > declarations.csv
  charte export --format jsonl | jq -c 'select(.status == \"planned\")'
  charte export --format oscal > declarations.oscal.json")]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values, with a header line
    Csv,
    /// One JSON object per line
    Jsonl,
    /// An OSCAL 1.1.2 component definition, for GRC tools (not read by import)
    Oscal,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = ctx.manifest.load()?;
    let m = &loaded.manifest;
    let format = match args.format {
        Format::Csv => bulk::Format::Csv,
        Format::Jsonl => bulk::Format::Jsonl,
        Format::Oscal => {
            let doc = crate::report::oscal::component::component_definition(m, ctx.today);
            crate::report::oscal::write(&doc, out)?;
            return Ok(exit::SUCCESS);
        }
    };
    let records: Vec<Record> = m
        .commitments
        .iter()
        .chain(&m.declarations)
        .map(Record::from)
        .collect();
    bulk::write(&records, format, out)?;
    Ok(exit::SUCCESS)
}
