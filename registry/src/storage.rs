//! The storage the registry runs on, chosen by `--db`: a path or a
//! `sqlite:` URL is the embedded SQLite store ([`crate::store`]), a
//! `postgres://` (or `postgresql://`) URL is a PostgreSQL database
//! ([`crate::postgres`]) that several `serve` processes may share.
//!
//! Both implement [`Storage`]; its methods block (the server calls them off
//! the async executor) and each write is one transaction, with the same
//! guarantees: one stored document per digest (a unique constraint), heads
//! as `latest` lists them, append-only submissions enforced by the
//! database, tokens stored as hashes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;

use crate::auth::TokenInfo;
use crate::log::audit::Contents;
use crate::log::{Entry, Hash, Node, Signer};
use crate::migrate::Applied;
use crate::store::{Head, NewSubmission, Outcome, Principal, Receipt};

/// What the server and the administration commands need of a database.
pub trait Storage: Send + Sync {
    /// The owner of the unrevoked token whose hash is `hash`.
    fn principal(&self, hash: &str) -> Result<Option<Principal>>;
    /// Stores `submission` unless its digest is stored, and makes it the
    /// head of its product, in one transaction.
    /// Appends it to the log in the same transaction, with a checkpoint
    /// signed by `signer` for the new tree size.
    fn submit(
        &self,
        submission: &NewSubmission<'_>,
        new_id: &str,
        signer: &Signer,
    ) -> Result<(Receipt, Outcome)>;
    /// Whether `siren` ever submitted a document for `product`.
    fn submitted(&self, siren: &str, product: Option<&str>) -> Result<bool>;
    /// The receipt `id`, if it belongs to `siren`.
    fn receipt_of(&self, id: &str, siren: &str) -> Result<Option<Receipt>>;
    /// The head of every product of `siren`, commitments first.
    fn latest(&self, siren: &str) -> Result<Vec<Head>>;
    /// Stores a token's hash; returns its id.
    fn insert_token(&self, hash: &str, siren: &str, label: &str) -> Result<i64>;
    /// Every token, oldest first.
    fn list_tokens(&self) -> Result<Vec<TokenInfo>>;
    /// `false` when there is no token `id`.
    fn revoke_token(&self, id: i64) -> Result<bool>;
    /// The public directory's queries on this database.
    fn directory(&self) -> &dyn crate::directory::Reads;
    /// What a server does as it starts: appends to the log the submissions
    /// it lacks (stored before the log, or restored by `load`), and signs a
    /// checkpoint of the current size unless the latest one is, by `signer`.
    fn log_start(&self, signer: &Signer) -> Result<()>;
    /// The latest signed checkpoint.
    fn log_checkpoint(&self) -> Result<Option<String>>;
    /// The number of entries.
    fn log_size(&self) -> Result<u64>;
    /// The stored hashes of `nodes` (a missing one is absent).
    fn log_nodes(&self, nodes: &[Node]) -> Result<HashMap<Node, Hash>>;
    /// Entries `start..end`, at most [`crate::log::MAX_ENTRIES`].
    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<Entry>>;
    /// Everything `log verify` checks, in one snapshot.
    fn log_contents(&self) -> Result<Contents>;
}

/// Where `--db` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Db {
    Sqlite(PathBuf),
    /// The connection URL, as given.
    Postgres(String),
}

impl Db {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite:PATH`
    /// (or `sqlite://PATH`) and anything else a SQLite file.
    pub fn parse(arg: &Path) -> Db {
        let Some(text) = arg.to_str() else {
            return Db::Sqlite(arg.to_path_buf());
        };
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Db::Postgres(text.to_owned());
        }
        match text.strip_prefix("sqlite:") {
            Some(rest) => Db::Sqlite(PathBuf::from(rest.strip_prefix("//").unwrap_or(rest))),
            None => Db::Sqlite(arg.to_path_buf()),
        }
    }

    /// How messages name it: the path, or the URL without its password.
    pub fn name(&self) -> String {
        match self {
            Db::Sqlite(path) => path.display().to_string(),
            Db::Postgres(url) => crate::postgres::redacted(url),
        }
    }
}

/// Settings of [`open`] that only one engine uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// SQLite: the largest file size in bytes.
    pub max_db_size: Option<u64>,
    /// PostgreSQL: connections in this process's pool (0: the default).
    pub pool_size: usize,
}

/// Opens the database `--db` names, applying the migrations it lacks, and
/// returns it with the migrations applied.
pub fn open(arg: &Path, options: Options) -> Result<(Arc<dyn Storage>, Vec<Applied>)> {
    match Db::parse(arg) {
        Db::Sqlite(path) => {
            let (store, applied) = crate::store::Store::open_migrated(&path, options.max_db_size)?;
            Ok((Arc::new(store), applied))
        }
        Db::Postgres(url) => {
            let (store, applied) = crate::postgres::PgStore::open(&url, options.pool_size)?;
            Ok((Arc::new(store), applied))
        }
    }
}

/// Whether `arg` names a database that exists: a SQLite file that is
/// there, or any PostgreSQL URL (its server says the rest).
pub fn exists(arg: &Path) -> bool {
    match Db::parse(arg) {
        Db::Sqlite(path) => path.is_file(),
        Db::Postgres(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_urls_choose_the_engine() {
        let parse = |text: &str| Db::parse(Path::new(text));
        assert_eq!(parse("registry.db"), Db::Sqlite("registry.db".into()));
        assert_eq!(
            parse("sqlite:registry.db"),
            Db::Sqlite("registry.db".into())
        );
        assert_eq!(parse("sqlite:///var/r.db"), Db::Sqlite("/var/r.db".into()));
        assert_eq!(
            parse("postgres://u@h/db"),
            Db::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(
            parse("postgresql://u@h/db"),
            Db::Postgres("postgresql://u@h/db".into())
        );
    }
}
