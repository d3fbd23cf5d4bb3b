//! `charte-registry token add|list|revoke`.

use std::io::Write;

use anyhow::Result;

use crate::auth::{add_token_with_id, list_tokens, revoke_token};
use crate::cli::{TokenAddArgs, TokenListArgs, TokenRevokeArgs};

/// Prints the new token alone on stdout, so that `$(charte-registry token add …)` captures it.
pub fn add(args: TokenAddArgs, stdout: &mut dyn Write) -> Result<()> {
    let (_, token) = add_token_with_id(&args.db, &args.siren, &args.name)?;
    writeln!(stdout, "{token}")?;
    Ok(())
}

pub fn list(args: TokenListArgs, stdout: &mut dyn Write) -> Result<()> {
    let tokens = list_tokens(&args.db)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *stdout, &tokens)?;
        writeln!(stdout)?;
        return Ok(());
    }
    writeln!(
        stdout,
        "{:>4}  {:<9}  {:<20}  {:<7}  LABEL",
        "ID", "SIREN", "CREATED", "STATUS"
    )?;
    for token in tokens {
        let status = if token.revoked.is_some() {
            "revoked"
        } else {
            "active"
        };
        writeln!(
            stdout,
            "{:>4}  {:<9}  {:<20}  {:<7}  {}",
            token.id, token.siren, token.created, status, token.label
        )?;
    }
    Ok(())
}

pub fn revoke(args: TokenRevokeArgs, stdout: &mut dyn Write) -> Result<()> {
    revoke_token(&args.db, args.id)?;
    writeln!(stdout, "revoked token {}", args.id)?;
    Ok(())
}
