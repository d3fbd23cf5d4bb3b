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
/// The badge reads « e-santé · Exemple Cabinet 5.2.0 | 96 % conforme ·
/// auto-déclaré »: the product and its version, and the share of the
/// mandatory requirements in force that the product is declared conform to
/// with its proofs (substantiated), as `check` computes it. It is the
/// publisher's own declaration, not a label: it says so, and its title gives
/// the figures the rate is computed from. Its colour goes from green (100 %) through olive
/// (90 % or more), amber (75 %) and orange (50 %) to red. With
/// --organization it names the organization and shows its charter
/// commitments instead.
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
    let self_declared = lang.text(Text::BadgeSelfDeclared);
    let badge = match product {
        Some(i) => {
            let p = &m.products[i];
            let name = format!("{} {}", p.name, p.version);
            let counts = evaluation
                .products
                .iter()
                .find(|(j, _)| *j == i)
                .map(|(_, c)| c.clone());
            let rate = counts.as_ref().map_or(1.0, |c| c.conformity);
            let exigences = counts.map(|c| c.exigences()).unwrap_or_default();
            let percent = lang.percent(rate);
            Badge {
                label: lang.fill(Text::BadgeProduct, &[("product", &name)]),
                message: lang.fill(
                    Text::BadgeMessage,
                    &[("rate", &percent), ("self", self_declared)],
                ),
                color: color_for(rate),
                title: lang.fill(
                    Text::BadgeTitleProduct,
                    &[
                        ("product", &name),
                        ("basis", &lang.rate_basis(rate, exigences)),
                        ("date", &date),
                    ],
                ),
            }
        }
        None => {
            let c = &evaluation.organization;
            let rate = c.conformity;
            let percent = lang.percent(rate);
            Badge {
                label: lang.fill(Text::BadgeOrganization, &[("org", &m.organization.name)]),
                message: lang.fill(
                    Text::BadgeOrganizationMessage,
                    &[("rate", &percent), ("self", self_declared)],
                ),
                color: color_for(rate),
                title: lang.fill(
                    Text::BadgeTitleOrganization,
                    &[
                        ("org", &m.organization.name),
                        ("basis", &lang.rate_basis(rate, c.exigences())),
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
