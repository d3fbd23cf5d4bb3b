//! `charte commit`: create or update a commitment, the organization's
//! declaration of a charter-level requirement.

use std::io::Write;

use super::declare::{state, Statement};
use crate::context::Context;

/// Create or update a commitment: the organization's declaration of an
/// organization-level requirement (the charter's engagements).
///
/// The same statement as `charte declare`, without a product. REQUIREMENT
/// may be a glob (`charte-engagements:*`).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte commit charte-engagements:IV.2 --status conform \\
      --proof IV.2.01=url:https://convergence.example/evaluations/4821 --date 2026-02-10
  charte commit charte-engagements:IV.6 --status planned --due 2027-06-30 \\
      --justification \"Page de communication en préparation\"")]
pub struct Args {
    /// REFERENTIAL:ID, or a glob of ids (charte-engagements:*)
    #[arg(value_name = "REQUIREMENT")]
    pub requirement: String,

    #[command(flatten)]
    pub statement: Statement,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    state(None, &args.requirement, &args.statement, ctx, out)
}
