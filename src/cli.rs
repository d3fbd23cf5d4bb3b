//! The command line: the single source of `--help` and of shell completions.

use clap::{Parser, Subcommand};

use crate::commands;
use crate::context::GlobalArgs;

/// Declare, check and submit your conformity to the référentiels of French
/// e-santé (charter « Engagé pour la e-santé »).
///
/// charte reads charte.toml (your organization, products, commitments and
/// one declaration per product and requirement) and checks it against the
/// référentiels it uses: INS, Pro Santé Connect, MSSanté, DMP, e-prescription,
/// security, ethics, Ségur REMs…
#[derive(Debug, Parser)]
#[command(
    name = "charte",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 findings at or above --fail-on, 2 invalid input, \
3 referentials unavailable, 4 network or registry failure."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(commands::check::Args),
    Fetch(commands::fetch::Args),
    Update(commands::update::Args),
    Referentials(commands::referentials::Args),
    Init(commands::init::Args),
    Product(commands::product::Args),
    Declare(commands::declare::Args),
    Commit(commands::commit::Args),
    Import(commands::import::Args),
    Export(commands::export::Args),
    Upcoming(commands::upcoming::Args),
    Report(commands::report::Args),
    Badge(commands::badge::Args),
}
