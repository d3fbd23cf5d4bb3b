//! Tokens: generation from the OS random source, hashing, the
//! `Authorization: Bearer` header, and the administration functions behind
//! `charte-registry token`. Only SHA-256 hashes of tokens are stored; a token
//! is shown once, when created, and never logged.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;

use crate::canonical::{hex, sha256_hex};
use crate::document::is_valid_siren;
use crate::storage::{self, Db, Options};

/// Every token starts with this, so that a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "chr_";

/// A token as listed by `token list`: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub siren: String,
    pub label: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// RFC 3339 UTC, when revoked.
    pub revoked: Option<String>,
}

/// `chr_` followed by 64 hex digits: 32 bytes from the OS random source.
pub fn generate_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("OS random source failed: {err}"))?;
    Ok(format!("{TOKEN_PREFIX}{}", hex(&bytes)))
}

/// What the store keeps of a token: lowercase hex SHA-256 of its UTF-8 text.
pub fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The token of an `Authorization: Bearer <token>` header value.
pub(crate) fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Creates a token for `siren` in the database at `db` (created if missing)
/// and returns it: the only time it is ever visible.
pub fn add_token(db: impl AsRef<Path>, siren: &str, label: &str) -> Result<String> {
    Ok(add_token_with_id(db.as_ref(), siren, label)?.1)
}

/// [`add_token`], also returning the token's id (for `token revoke`).
pub fn add_token_with_id(db: &Path, siren: &str, label: &str) -> Result<(i64, String)> {
    if !is_valid_siren(siren) {
        bail!("`{siren}` is not a SIREN: 9 digits passing the Luhn check");
    }
    let token = generate_token()?;
    let (store, _) = storage::open(db, Options::default())?;
    let id = store
        .insert_token(&hash_token(&token), siren, label)
        .with_context(|| format!("cannot store the token in {}", Db::parse(db).name()))?;
    Ok((id, token))
}

/// Every token of the database, oldest first.
pub fn list_tokens(db: impl AsRef<Path>) -> Result<Vec<TokenInfo>> {
    let db = db.as_ref();
    let (store, _) = storage::open(existing(db)?, Options::default())?;
    store
        .list_tokens()
        .with_context(|| format!("cannot read tokens from {}", Db::parse(db).name()))
}

/// Revokes token `id`; requests with it are 401 from then on. Fails when
/// there is no such token; revoking twice keeps the first date.
pub fn revoke_token(db: impl AsRef<Path>, id: i64) -> Result<()> {
    let db = db.as_ref();
    let (store, _) = storage::open(existing(db)?, Options::default())?;
    let name = Db::parse(db).name();
    if !store
        .revoke_token(id)
        .with_context(|| format!("cannot revoke in {name}"))?
    {
        bail!("no token with id {id} in {name}");
    }
    Ok(())
}

/// `db`, if it exists: listing or revoking never creates a database.
fn existing(db: &Path) -> Result<&Path> {
    if !storage::exists(db) {
        bail!("no database at {}", db.display());
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hashed() {
        let a = generate_token().unwrap();
        let b = generate_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == TOKEN_PREFIX.len() + 64);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[test]
    fn parses_bearer_headers() {
        assert_eq!(bearer("Bearer chr_x"), Some("chr_x"));
        assert_eq!(bearer("bearer   chr_x "), Some("chr_x"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("chr_x"), None);
    }
}
