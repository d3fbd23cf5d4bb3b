//! `charte badge`: an SVG badge with a conformity rate.

use std::io::Write;
use std::path::PathBuf;

use super::pipeline;
use crate::context::Context;
use crate::engine;
use crate::error::exit;
use crate::report::badge::{color_for, Badge};
use crate::report::lang::{Lang, Text};

/// Write an SVG badge with a product's conformity rate.
///
/// The badge reads « e-santé | 96 % conforme »: the share of the mandatory
/// requirements in force that the product is declared conform to, as
/// `check` computes it. Its colour goes from green (100 %) through olive
/// (90 % or more), amber (75 %) and orange (50 %) to red. With
/// --organization it shows the charter commitments instead.
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("subject").required(true).args(["product", "organization"])),
    after_help = "Examples:\n  charte badge --product exemple-lgc --output docs/conformite.svg\n  charte badge --organization --lang en > badge.svg"
)]
pub struct Args {
    /// The product whose rate the badge shows
    #[arg(long, short = 'p', value_name = "ID")]
    pub product: Option<String>,

    /// Show the organization's charter commitments instead of a product
    #[arg(long)]
    pub organization: bool,

    /// Write to this file instead of stdout (replaced atomically, untouched when unchanged)
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the badge's text
    #[arg(long, value_enum, default_value_t)]
    pub lang: Lang,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prepared = pipeline::prepare(ctx)?;
    let only: Vec<String> = args.product.iter().cloned().collect();
    let product = match &args.product {
        Some(id) => Some(prepared.product(id)?),
        None => None,
    };
    let input = prepared.input(ctx, &only);
    let evaluation = engine::evaluate(&input);
    let lang = args.lang;
    let m = &prepared.loaded.manifest;
    let date = lang.date(ctx.today);
    let badge = match product {
        Some(i) => {
            let p = &m.products[i];
            let rate = evaluation
                .products
                .iter()
                .find(|(j, _)| *j == i)
                .map_or(1.0, |(_, c)| c.conformity);
            let percent = lang.percent(rate);
            Badge {
                label: lang.text(Text::BadgeProduct).to_string(),
                message: lang.fill(Text::BadgeMessage, &[("rate", &percent)]),
                color: color_for(rate),
                title: lang.fill(
                    Text::BadgeTitleProduct,
                    &[
                        ("product", &format!("{} {}", p.name, p.version)),
                        ("rate", &percent),
                        ("date", &date),
                    ],
                ),
            }
        }
        None => {
            let rate = evaluation.organization.conformity;
            let percent = lang.percent(rate);
            Badge {
                label: lang.text(Text::BadgeOrganization).to_string(),
                message: lang.fill(Text::BadgeMessage, &[("rate", &percent)]),
                color: color_for(rate),
                title: lang.fill(
                    Text::BadgeTitleOrganization,
                    &[
                        ("org", &m.organization.name),
                        ("rate", &percent),
                        ("date", &date),
                    ],
                ),
            }
        }
    };
    let mut svg = Vec::new();
    badge.render(&mut svg)?;
    pipeline::emit(&svg, args.output.as_deref(), out)?;
    Ok(exit::SUCCESS)
}
