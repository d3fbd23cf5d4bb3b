//! `charte login`: store a registry token in the credentials file.

use std::io::{IsTerminal, Read, Write};

use super::remote::{self, TOKEN_VAR};
use crate::context::Context;
use crate::error::{exit, Error};
use crate::net::Url;
use crate::registry::credentials::{Credentials, Token};

/// Longest token read from standard input.
const MAX_TOKEN_BYTES: u64 = 4096;

/// Store the token of a registry, for `charte submit` and `charte status`.
///
/// The token is the one the registry issued to your organization (on the
/// reference registry: `charte-registry token add`). It is read from
/// standard input when that is not a terminal, else typed at a prompt that
/// does not echo it. It is stored under the registry's address in
/// credentials.toml of the configuration folder (CHARTE_CONFIG_DIR, else the
/// platform's, + charte), a file only you can read (mode 0600), replacing
/// any token stored for that registry. It is not sent anywhere here.
///
/// CHARTE_TOKEN, when set, is used instead of the stored token: the way to
/// give one to a pipeline.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte login --registry https://registre.example.org
  printf '%s' \"$REGISTRY_TOKEN\" | charte login --registry https://registre.example.org
  charte login             # the registry named by [registry] url in charte.toml")]
pub struct Args {
    /// The registry's address [default: [registry] url of charte.toml]
    #[arg(long, value_name = "URL", value_parser = remote::parse_url)]
    pub registry: Option<Url>,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let target = remote::target_of(ctx, args.registry.as_ref())?;
    let stdin = std::io::stdin();
    let token = if stdin.is_terminal() {
        let typed = rpassword::prompt_password(format!("token for {}: ", target.name))?;
        Token::new(&typed).ok_or_else(|| {
            Error::Usage("that is not a token: it is empty or holds white space".to_string())
        })?
    } else {
        let mut text = String::new();
        stdin
            .lock()
            .take(MAX_TOKEN_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| Error::Usage(format!("cannot read the token from standard input: {e}")))?;
        Token::new(&text).ok_or_else(|| {
            Error::Usage(
                "standard input holds no token: pipe the token alone, as in \
                 `printf '%s' \"$TOKEN\" | charte login --registry URL`"
                    .to_string(),
            )
        })?
    };
    let credentials = Credentials::default_location()?;
    credentials.set(&target.name, &token)?;
    if !ctx.quiet {
        writeln!(
            out,
            "stored the token for {} in {}",
            target.name,
            credentials.path.display()
        )?;
        if std::env::var_os(TOKEN_VAR).is_some_and(|v| !v.is_empty()) {
            writeln!(
                out,
                "note: {TOKEN_VAR} is set in this environment, and is used instead of the stored token"
            )?;
        }
    }
    Ok(exit::SUCCESS)
}
