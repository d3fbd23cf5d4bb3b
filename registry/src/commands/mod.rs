//! One module per subcommand, each with a `run` function writing to an
//! injected stdout.

mod dump;
mod log;
mod migrate;
mod serve;
mod token;

use std::io::Write;

use anyhow::Result;

use crate::cli::{Cli, Command, LogCommand, TokenCommand};

/// Runs the parsed command line; machine output goes to `stdout`.
pub fn run(cli: Cli, stdout: &mut dyn Write) -> Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(args, stdout),
        Command::Migrate(args) => migrate::run(args, stdout),
        Command::Dump(args) => dump::dump(args, stdout),
        Command::Load(args) => dump::load(args, stdout),
        Command::Log(LogCommand::Init(args)) => log::init(args, stdout),
        Command::Log(LogCommand::Verify(args)) => log::verify(args, stdout),
        Command::Token(TokenCommand::Add(args)) => token::add(args, stdout),
        Command::Token(TokenCommand::List(args)) => token::list(args, stdout),
        Command::Token(TokenCommand::Revoke(args)) => token::revoke(args, stdout),
    }
}
