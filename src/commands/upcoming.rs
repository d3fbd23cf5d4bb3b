//! `charte upcoming`: the dated obligations ahead, as a table, JSON or a
//! calendar.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::pipeline;
use crate::context::Context;
use crate::engine;
use crate::error::exit;
use crate::report::agenda::{self, Agenda};
use crate::report::ics;

/// The longest window `--within` accepts, in days (about 30 years).
const MAX_DAYS: u32 = 11_000;

/// List the dated obligations ahead: what becomes effective, what falls due.
///
/// Three kinds of date: a requirement that applies to a product (or to the
/// organization) comes into force, unless it is already declared conform or
/// not applicable; planned work reaches its due date; evidence reaches the
/// end of its proof's max-age-days. Sorted by date, so overdue obligations
/// (planned work past due, expired evidence) come first, however old.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte upcoming\n  charte upcoming --within 26w --product exemple-lgc\n  charte upcoming --within 365d --format ics --output conformite.ics"
)]
pub struct Args {
    /// How far ahead to look: days (180d) or weeks (26w); months and years vary in length, so give them in days
    #[arg(long, value_name = "SPAN", default_value = "180d", value_parser = parse_within)]
    pub within: u32,

    /// Only this product's obligations (repeatable); without it, the organization's and every product's
    #[arg(long = "product", short = 'p', value_name = "ID")]
    pub products: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = UpcomingFormat::Table)]
    pub format: UpcomingFormat,

    /// Write to this file instead of stdout (replaced atomically, untouched when unchanged)
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UpcomingFormat {
    /// A table for people (the default)
    Table,
    /// JSON, for scripts
    Json,
    /// An iCalendar file (RFC 5545): one all-day event per obligation
    Ics,
}

/// `180d` or `26w`, as a number of days.
fn parse_within(s: &str) -> Result<u32, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let days_per = match unit {
        "d" => 1,
        "w" => 7,
        "" => return Err(format!("give a unit: `{s}d` for days or `{s}w` for weeks")),
        "m" | "mo" | "y" => {
            return Err(
                "months and years vary in length: give days (180d) or weeks (26w)".to_string(),
            )
        }
        _ => return Err("expected days (180d) or weeks (26w)".to_string()),
    };
    let n: u32 = number
        .parse()
        .map_err(|_| "expected a whole number of days (180d) or weeks (26w)".to_string())?;
    match n.checked_mul(days_per) {
        Some(days) if days <= MAX_DAYS => Ok(days),
        _ => Err(format!("look at most {MAX_DAYS} days ahead")),
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prepared = pipeline::prepare(ctx)?;
    for id in &args.products {
        prepared.product(id)?;
    }
    let input = prepared.input(ctx, &args.products);
    let evaluation = engine::evaluate(&input);
    let until = ctx.today.add_days(i64::from(args.within));
    let mut obligations = engine::agenda(&input, &evaluation, until);
    if !args.products.is_empty() {
        // The organization's commitments are nobody's product.
        obligations.retain(|o| o.owner.is_some());
    }
    let agenda = Agenda::new(&input, &obligations, until);
    let mut text = Vec::new();
    match args.format {
        UpcomingFormat::Table => {
            let (style, width) = if args.output.is_some() {
                (crate::style::Style::plain(), None)
            } else {
                (ctx.stdout_style, ctx.stdout_width)
            };
            agenda::table(&agenda, style, width, &mut text)?
        }
        UpcomingFormat::Json => agenda::json(&agenda, &mut text)?,
        UpcomingFormat::Ics => ics::calendar(&agenda, &mut text)?,
    }
    pipeline::emit(&text, args.output.as_deref(), out)?;
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_days_or_weeks() {
        assert_eq!(parse_within("180d"), Ok(180));
        assert_eq!(parse_within("26w"), Ok(182));
        assert_eq!(parse_within("0d"), Ok(0));
        assert!(parse_within("180").unwrap_err().contains("180d"));
        assert!(parse_within("6m").unwrap_err().contains("vary"));
        assert!(parse_within("d").is_err());
        assert!(parse_within("-3d").is_err());
        assert!(parse_within("99999999999d").is_err());
        assert!(parse_within("2000w").is_err());
    }
}
