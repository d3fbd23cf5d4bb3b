//! `charte logout`: remove a registry token from the credentials file.

use std::io::Write;

use super::remote::{self, TOKEN_VAR};
use crate::context::Context;
use crate::error::exit;
use crate::net::Url;
use crate::registry::credentials::Credentials;

/// Remove the stored token of a registry.
///
/// Nothing is sent to the registry: to revoke the token itself, ask its
/// administrator (`charte-registry token revoke` on the reference registry).
/// Removing a token that is not there is not an error.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte logout --registry https://registre.example.org
  charte logout            # the registry named by [registry] url in charte.toml")]
pub struct Args {
    /// The registry's address [default: [registry] url of charte.toml]
    #[arg(long, value_name = "URL", value_parser = remote::parse_url)]
    pub registry: Option<Url>,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let target = remote::target_of(ctx, args.registry.as_ref())?;
    let credentials = Credentials::default_location()?;
    let removed = credentials.remove(&target.name)?;
    if !ctx.quiet {
        if removed {
            writeln!(
                out,
                "removed the token for {} from {}",
                target.name,
                credentials.path.display()
            )?;
        } else {
            writeln!(
                out,
                "no token was stored for {} in {}",
                target.name,
                credentials.path.display()
            )?;
        }
        if std::env::var_os(TOKEN_VAR).is_some_and(|v| !v.is_empty()) {
            writeln!(
                out,
                "note: {TOKEN_VAR} is still set in this environment, and charte uses it"
            )?;
        }
    }
    Ok(exit::SUCCESS)
}
