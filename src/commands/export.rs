//! `charte export`: the declarations and commitments, in the format
//! `charte import` reads (or as an OSCAL component definition); with
//! `--missing`, the to-do list of applicable requirements without a
//! declaration.

use std::io::Write;

use crate::commands::pipeline;
use crate::context::Context;
use crate::edit::bulk::{self, Missing};
use crate::engine;
use crate::error::{exit, Error};
use crate::manifest::Record;

/// Write the commitments and declarations as CSV or JSONL, in the format
/// `charte import` reads: `charte export | charte import -` changes nothing.
///
/// CSV columns: product (empty for a commitment), requirement, status,
/// justification, due, declared, evidence. Evidence items are separated by
/// `;`, the attributes of one item by `|`: `proof:ID=REF|date:2026-03-02`,
/// `url:https://…`, `path:FILE|sha256:…`.
///
/// With --missing, write instead one row per applicable requirement that
/// has no declaration yet (commitments of the organization included unless
/// --product is given), its status empty, with two more columns that
/// `charte import` ignores: `title` and `proofs` (the ids of the proofs it
/// requires). Fill in the status (and what it asks for) in a spreadsheet,
/// then import the file back.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte export > declarations.csv
  charte export --product exemple-lgc --format jsonl
  charte export --format jsonl | jq -c 'select(.status == \"planned\")'
  charte export --format oscal > declarations.oscal.json
  charte export --missing > todo.csv
  charte export --missing --product exemple-lgc > todo.csv
  charte import todo.csv --dry-run      # once the status column is filled in")]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    /// Only this product's declarations (no commitments); repeatable
    #[arg(long = "product", value_name = "PRODUCT")]
    pub products: Vec<String>,

    /// The applicable requirements without a declaration, to fill in and import
    #[arg(long)]
    pub missing: bool,
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

impl Format {
    /// The import format it is, when it is one.
    fn bulk(self) -> Option<bulk::Format> {
        match self {
            Format::Csv => Some(bulk::Format::Csv),
            Format::Jsonl => Some(bulk::Format::Jsonl),
            Format::Oscal => None,
        }
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    if args.missing {
        let Some(format) = args.format.bulk() else {
            return Err(Error::Usage(
                "--missing writes a file to fill in and import: give --format csv or jsonl"
                    .to_string(),
            )
            .into());
        };
        return missing(args, format, ctx, out);
    }
    let loaded = ctx.manifest.load()?;
    for p in &args.products {
        pipeline::product(&loaded, p)?;
    }
    let m = &loaded.manifest;
    let Some(format) = args.format.bulk() else {
        if !args.products.is_empty() {
            return Err(Error::Usage(
                "--format oscal describes every product: leave out --product".to_string(),
            )
            .into());
        }
        let doc = crate::report::oscal::component::component_definition(m, ctx.today);
        crate::report::oscal::write(&doc, out)?;
        return Ok(exit::SUCCESS);
    };
    let wanted = |product: Option<&str>| match product {
        Some(p) => args.products.is_empty() || args.products.iter().any(|w| w == p),
        None => args.products.is_empty(),
    };
    let records: Vec<Record> = m
        .commitments
        .iter()
        .chain(&m.declarations)
        .filter(|d| wanted(d.product.as_ref().map(|p| p.value.as_str())))
        .map(Record::from)
        .collect();
    bulk::write(&records, format, out)?;
    Ok(exit::SUCCESS)
}

/// The to-do list: what `check` finds applicable and undeclared, effective
/// or not yet.
fn missing(
    args: &Args,
    format: bulk::Format,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let prepared = pipeline::prepare(ctx)?;
    for p in &args.products {
        prepared.product(p)?;
    }
    let input = prepared.input(ctx, &args.products);
    let evaluation = engine::evaluate(&input);
    let m = &prepared.loaded.manifest;
    let rows: Vec<Missing> = evaluation
        .applicable
        .iter()
        .filter(|a| a.declaration.is_none())
        .filter(|a| a.owner.is_some() || args.products.is_empty())
        .map(|a| {
            let doc = &prepared.referentials[a.referential].doc;
            let req = &doc.requirements[a.requirement];
            Missing {
                product: a.owner.map(|i| m.products[i].id.value.clone()),
                requirement: format!("{}:{}", doc.id, req.id),
                title: req.title.clone(),
                proofs: req
                    .proofs
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.id.clone())
                    .collect(),
            }
        })
        .collect();
    bulk::write_missing(&rows, format, out)?;
    Ok(exit::SUCCESS)
}
