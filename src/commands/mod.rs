//! One module per subcommand, each with its `Args` and a `run` function that
//! returns the exit code.

pub mod badge;
pub mod catalogue;
pub mod check;
pub mod commit;
pub mod completions;
pub mod declare;
pub mod explain;
pub mod export;
pub mod fetch;
pub mod import;
pub mod init;
pub mod login;
pub mod logout;
mod pipeline;
pub mod product;
pub mod referentials;
mod remote;
pub mod report;
pub mod status;
pub mod submit;
pub mod upcoming;
pub mod update;
pub mod uses;
pub mod verify;

use std::io::Write;

use crate::cli::Command;
use crate::context::Context;

/// Runs a command, writing its output to `out`; the writes it deferred
/// are done only when it succeeded.
pub fn run(command: &Command, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let code = dispatch(command, ctx, out)?;
    ctx.deferred.commit()?;
    Ok(code)
}

fn dispatch(command: &Command, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => check::run(args, ctx, out),
        Command::Init(args) => init::run(args, ctx, out),
        Command::Product(args) => product::run(args, ctx, out),
        Command::Declare(args) => declare::run(args, ctx, out),
        Command::Commit(args) => commit::run(args, ctx, out),
        Command::Import(args) => import::run(args, ctx, out),
        Command::Export(args) => export::run(args, ctx, out),
        Command::Upcoming(args) => upcoming::run(args, ctx, out),
        Command::Report(args) => report::run(args, ctx, out),
        Command::Badge(args) => badge::run(args, ctx, out),
        Command::Login(args) => login::run(args, ctx, out),
        Command::Logout(args) => logout::run(args, ctx, out),
        Command::Submit(args) => submit::run(args, ctx, out),
        Command::Status(args) => status::run(args, ctx, out),
        Command::Fetch(args) => fetch::run(args, ctx, out),
        Command::Update(args) => update::run(args, ctx, out),
        Command::Referentials(args) => referentials::run(args, ctx, out),
        Command::Catalogue(args) => catalogue::run(args, ctx, out),
        Command::Explain(args) => explain::run(args, ctx, out),
        Command::Completions(args) => completions::run(args, ctx, out),
        Command::Use(args) => uses::run(args, ctx, out),
        Command::Verify(args) => verify::run(args, ctx, out),
    }
}
