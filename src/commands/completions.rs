//! `charte completions`: shell completions, generated from the command
//! line's definition (the files under `completions/` are its output).

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::context::Context;
use crate::error::exit;

/// Print shell completions for charte.
///
/// Load them in your shell's start-up file, or install the file under your
/// shell's completion folder. The repository keeps the output for each shell
/// under completions/.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte completions bash > ~/.local/share/bash-completion/completions/charte
  charte completions zsh > ~/.zfunc/_charte
  charte completions fish > ~/.config/fish/completions/charte.fish
  charte completions powershell >> $PROFILE
  eval (charte completions elvish | slurp)")]
pub struct Args {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The name completions are registered for.
pub const BIN: &str = "charte";

pub fn run(args: &Args, _ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    // clap_complete panics on a write error; a closed pipe is not one here.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), BIN, &mut script);
    out.write_all(&script)?;
    Ok(exit::SUCCESS)
}
