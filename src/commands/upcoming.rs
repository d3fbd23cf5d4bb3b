//! `charte upcoming`: the dated obligations ahead, as a table, JSON or a
//! calendar.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::pipeline;
use crate::context::Context;
use crate::date::Date;
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
    /// How far ahead to look: days (180d), weeks (26w), calendar months (6m) or years (1y)
    #[arg(long, value_name = "SPAN", default_value = "180d", value_parser = parse_within)]
    pub within: Window,

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

/// How far ahead `--within` looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Days(u32),
    /// Calendar months (a year is 12): from 01-31, one month reaches the
    /// end of February.
    Months(u32),
}

impl Window {
    /// The last day the window covers, from `today`.
    pub fn until(self, today: Date) -> Date {
        match self {
            Window::Days(days) => today.add_days(i64::from(days)),
            Window::Months(months) => today.add_months(months),
        }
    }
}

/// The longest window in months (30 years).
const MAX_MONTHS: u32 = 360;

/// `180d`, `26w`, `6m` or `1y`.
fn parse_within(s: &str) -> Result<Window, String> {
    const EXPECTED: &str = "days (180d), weeks (26w), months (6m) or years (1y)";
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let (per, days) = match unit {
        "d" => (1, true),
        "w" => (7, true),
        "m" | "mo" => (1, false),
        "y" => (12, false),
        "" => {
            return Err(format!(
            "give a unit: `{s}d` for days, `{s}w` for weeks, `{s}m` for months or `{s}y` for years"
        ))
        }
        _ => return Err(format!("expected {EXPECTED}")),
    };
    let n: u32 = number
        .parse()
        .map_err(|_| format!("expected a whole number of {EXPECTED}"))?;
    match (n.checked_mul(per), days) {
        (Some(d), true) if d <= MAX_DAYS => Ok(Window::Days(d)),
        (Some(m), false) if m <= MAX_MONTHS => Ok(Window::Months(m)),
        _ => Err(format!(
            "look at most {MAX_DAYS} days ({} years) ahead",
            MAX_MONTHS / 12
        )),
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let prepared = pipeline::prepare(ctx)?;
    for id in &args.products {
        prepared.product(id)?;
    }
    let input = prepared.input(ctx, &args.products);
    let evaluation = engine::evaluate(&input);
    let until = args.within.until(ctx.today);
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
    fn windows_are_days_weeks_months_or_years() {
        assert_eq!(parse_within("180d"), Ok(Window::Days(180)));
        assert_eq!(parse_within("26w"), Ok(Window::Days(182)));
        assert_eq!(parse_within("0d"), Ok(Window::Days(0)));
        assert_eq!(parse_within("6m"), Ok(Window::Months(6)));
        assert_eq!(parse_within("2y"), Ok(Window::Months(24)));
        assert!(parse_within("180").unwrap_err().contains("180d"));
        assert!(parse_within("d").is_err());
        assert!(parse_within("-3d").is_err());
        assert!(parse_within("99999999999d").is_err());
        assert!(parse_within("2000w").is_err());
        assert!(parse_within("31y").is_err());
    }

    #[test]
    fn months_end_on_the_same_day_or_the_month_end() {
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            Window::Months(6).until(day("2026-11-23")),
            day("2027-05-23")
        );
        assert_eq!(
            Window::Months(1).until(day("2027-01-31")),
            day("2027-02-28")
        );
        assert_eq!(
            Window::Months(1).until(day("2028-01-31")),
            day("2028-02-29")
        );
        assert_eq!(
            Window::Months(12).until(day("2026-12-31")),
            day("2027-12-31")
        );
        assert_eq!(Window::Months(360).until(day("9990-01-01")), Date::MAX);
    }
}
