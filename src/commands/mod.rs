//! One module per subcommand, each with its `Args` and a `run` function that
//! returns the exit code.

pub mod badge;
pub mod check;
pub mod completions;
pub mod explain;
mod pipeline;
pub mod report;
pub mod upcoming;

use std::io::Write;

use crate::cli::Command;
use crate::context::Context;

/// Runs a command, writing its output to `out`.
pub fn run(command: &Command, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => check::run(args, ctx, out),
        Command::Upcoming(args) => upcoming::run(args, ctx, out),
        Command::Report(args) => report::run(args, ctx, out),
        Command::Badge(args) => badge::run(args, ctx, out),
        Command::Explain(args) => explain::run(args, ctx, out),
        Command::Completions(args) => completions::run(args, ctx, out),
    }
}
