//! The PostgreSQL store (`--db postgres://…`): the [`Storage`] several
//! `serve` processes share. Same tables as the SQLite store (migrations in
//! `migrations/postgres/`), same guarantees, each held by the database
//! across processes:
//!
//! - one stored document per digest: a unique index, and `INSERT … ON
//!   CONFLICT (digest) DO NOTHING`; the loser of a race waits for the
//!   winner's commit, then reads its row and answers it as a replay;
//! - submissions append-only: a plpgsql trigger raises on UPDATE, DELETE
//!   and TRUNCATE;
//! - a submission in flight in one process is in flight for all: each
//!   submission's transaction first takes a transaction-scoped advisory
//!   lock keyed by its digest, without waiting; a second process that
//!   cannot take it answers 409 `in_flight`, as one process does for its
//!   own requests;
//! - migrations applied once, under a transaction-scoped advisory lock, by
//!   whichever process starts first.
//!
//! The client is async (tokio-postgres, pooled by deadpool-postgres); the
//! [`Storage`] methods block on a small runtime of this module's own, so
//! that the administration commands and tests, which have no runtime, use
//! the same code as the server (which calls them off its executor). A
//! database that cannot be reached is reported as [`Unavailable`], which
//! the server answers 503 with `Retry-After`.

mod group;

use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::{Context, Result};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{NoTls, Row};

use crate::auth::TokenInfo;
use crate::config::DEFAULT_POOL_SIZE;
use crate::log::audit::Contents;
use crate::log::postgres::prepared;
use crate::log::{self, Entry, Hash, Node, Signer};
use crate::migrate::{pending, Applied, POSTGRES};
use crate::storage::Storage;
use crate::store::{head_of, Head, NewSubmission, Outcome, Principal, Receipt};
use crate::time::now_rfc3339;

/// How long to wait for a connection, new or from the pool.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Rows `dump` reads at a time.
const DUMP_BATCH: i32 = 500;
/// The advisory lock migrations run under ("charte" in ASCII).
const MIGRATION_LOCK: i64 = 0x63_68_61_72_74_65;

/// The database could not be reached (refused, down, pool exhausted for
/// too long): worth retrying, unlike an error of the request.
#[derive(Debug, thiserror::Error)]
#[error("the database is unavailable: {0}")]
pub struct Unavailable(pub String);

/// Another process (or connection) is storing a submission of the same
/// digest: answered 409 `in_flight`, as a request in flight in this process.
#[derive(Debug, thiserror::Error)]
#[error("a submission of digest {0} is in flight in another process")]
pub struct InFlightElsewhere(pub String);

/// The key of the advisory lock a submission of `digest` holds while it is
/// stored: the first 64 bits of the digest (the lock of migrations, one
/// value among 2^64, is never a digest's in practice).
pub fn digest_lock_key(digest: &str) -> i64 {
    let bits = match digest
        .get(..16)
        .map(|prefix| u64::from_str_radix(prefix, 16))
    {
        Some(Ok(bits)) => bits,
        // Not a digest (the server only stores checked ones): any stable key.
        _ => {
            use sha2::Digest;
            let hash = sha2::Sha256::digest(digest.as_bytes());
            u64::from_be_bytes(hash[..8].try_into().unwrap_or_default())
        }
    };
    bits as i64
}

/// The runtime the PostgreSQL client and its pool run on.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("charte-registry-postgres")
            .enable_all()
            .build()
            .expect("cannot start the PostgreSQL client's runtime")
    })
}

pub(crate) fn block_on<T>(work: impl Future<Output = Result<T>>) -> Result<T> {
    runtime().block_on(work)
}

/// `url` without its password, for messages and logs.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// What connection-level failures become: [`Unavailable`].
pub(crate) fn classify(err: tokio_postgres::Error) -> anyhow::Error {
    let connection_lost = match err.code() {
        None => true,
        Some(code) => {
            let code = code.code();
            code.starts_with("08") || code.starts_with("57P") || code == "53300"
        }
    };
    if connection_lost {
        anyhow::Error::new(Unavailable(err.to_string()))
    } else {
        anyhow::Error::new(err)
    }
}

/// The PostgreSQL store: a pool of connections to one database.
pub struct PgStore {
    pool: Pool,
    name: String,
    /// The submissions being stored together ([`group`]).
    group: group::GroupCommit,
}

impl PgStore {
    /// Connects to `url` and applies the migrations the database lacks;
    /// `pool_size` 0 is [`DEFAULT_POOL_SIZE`].
    pub fn open(url: &str, pool_size: usize) -> Result<(PgStore, Vec<Applied>)> {
        let name = redacted(url);
        let mut config: tokio_postgres::Config = url
            .parse()
            .with_context(|| format!("{name} is not a PostgreSQL URL"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let size = if pool_size == 0 {
            DEFAULT_POOL_SIZE
        } else {
            pool_size
        };
        let pool = Pool::builder(manager)
            .max_size(size)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(CONNECT_TIMEOUT * 2))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .with_context(|| format!("cannot make a connection pool for {name}"))?;
        let store = PgStore {
            pool,
            name,
            group: group::GroupCommit::default(),
        };
        let applied =
            block_on(store.migrate()).with_context(|| format!("cannot open {}", store.name))?;
        Ok((store, applied))
    }

    pub(crate) async fn client(&self) -> Result<deadpool_postgres::Object> {
        // Whatever keeps a connection from being made (refused, down, a
        // database closed to connections, the pool exhausted) is worth a retry.
        self.pool
            .get()
            .await
            .map_err(|err| anyhow::Error::new(Unavailable(err.to_string())))
    }

    /// `charte-registry dump` of this database: the lines of
    /// [`crate::dump`], read in batches from one snapshot (a read-only,
    /// repeatable-read transaction), each batch written before the next is
    /// read. Returns how many.
    pub fn dump(&self, since: Option<&str>, out: &mut dyn Write) -> Result<u64> {
        block_on(async {
            let mut client = self.client().await?;
            let tx = client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(classify)?;
            let since = match since {
                None => None,
                Some(id) => Some(
                    tx.query_opt(crate::dump::SINCE, &[&id])
                        .await
                        .map_err(classify)?
                        .map(|row| (row.get(0), row.get(1)))
                        .with_context(|| crate::dump::unknown_since(id, &self.name))?,
                ),
            };
            let mut count = 0;
            let queries = crate::dump::queries();
            for (query, after) in queries.iter().zip(crate::dump::resume(since)) {
                let statement = tx.prepare(query).await.map_err(classify)?;
                let portal = tx.bind(&statement, &[&after]).await.map_err(classify)?;
                loop {
                    let rows = tx
                        .query_portal(&portal, DUMP_BATCH)
                        .await
                        .map_err(classify)?;
                    for row in &rows {
                        let receipt = head(row).receipt;
                        crate::dump::write_line(
                            out,
                            receipt,
                            row.get("head"),
                            row.get("document"),
                        )?;
                        count += 1;
                    }
                    if rows.len() < DUMP_BATCH as usize {
                        break;
                    }
                }
            }
            out.flush()?;
            Ok(count)
        })
    }

    /// `charte-registry load` into this database, which must hold no
    /// submission: the checked lines of [`crate::dump::Lines`] stored in
    /// one transaction (nothing unless every line is), the tables locked
    /// against writers meanwhile, then the heads and the log's entries
    /// rebuilt as on SQLite.
    /// Returns how many submissions were restored.
    pub fn load(&self, source: &std::path::Path, input: &mut dyn std::io::BufRead) -> Result<u64> {
        use crate::auth::{generate_token, hash_token};
        use crate::dump::{not_empty, Heads, Lines, RESTORED_LABEL};
        block_on(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(classify)?;
            tx.batch_execute("LOCK TABLE tokens, submissions, heads IN EXCLUSIVE MODE")
                .await
                .map_err(classify)?;
            let stored: i64 = tx
                .query_one("SELECT count(*) FROM submissions", &[])
                .await
                .map_err(classify)?
                .get(0);
            if stored > 0 {
                return Err(not_empty(
                    &self.name,
                    stored,
                    "create an empty database and give its URL",
                ));
            }
            let insert_token = tx
                .prepare(
                    "INSERT INTO tokens (hash, siren, label, created, revoked)
                     VALUES ($1, $2, $3, $4, $4) RETURNING id",
                )
                .await
                .map_err(classify)?;
            let insert = tx
                .prepare(
                    "INSERT INTO submissions
                         (id, digest, siren, product, received_at, token_id, document)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq",
                )
                .await
                .map_err(classify)?;
            let mut tokens: std::collections::BTreeMap<String, i64> = Default::default();
            let mut heads = Heads::default();
            let mut count = 0;
            for line in Lines::new(source, input) {
                let line = line?;
                let receipt = &line.receipt;
                let token = match tokens.get(&receipt.organization) {
                    Some(&id) => id,
                    None => {
                        let hash = hash_token(&generate_token()?);
                        let now = now_rfc3339();
                        let id: i64 = tx
                            .query_one(
                                &insert_token,
                                &[&hash, &receipt.organization, &RESTORED_LABEL, &now],
                            )
                            .await
                            .map_err(classify)?
                            .get(0);
                        tokens.insert(receipt.organization.clone(), id);
                        id
                    }
                };
                let seq: i64 = tx
                    .query_one(
                        &insert,
                        &[
                            &receipt.id,
                            &receipt.digest,
                            &receipt.organization,
                            &receipt.product,
                            &receipt.received_at,
                            &token,
                            &line.document,
                        ],
                    )
                    .await
                    .map_err(classify)
                    .with_context(|| {
                        format!("{}: cannot store submission {}", line.at, receipt.id)
                    })?
                    .get(0);
                heads.record(&line, seq);
                count += 1;
            }
            for (siren, product, seq) in heads.rows() {
                tx.execute(
                    "INSERT INTO heads (siren, product, submission) VALUES ($1, $2, $3)",
                    &[&siren, &product, &seq],
                )
                .await
                .map_err(classify)?;
            }
            // The log's entries, in the dump's order, as on SQLite: the
            // tree has the same roots as the dumped registry's (checkpoints
            // are signed when it next serves).
            log::postgres::lock(&tx).await?;
            log::postgres::append_missing(&tx).await?;
            tx.commit().await.map_err(classify)?;
            Ok(count)
        })
    }

    async fn migrate(&self) -> Result<Vec<Applied>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(classify)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(classify)?;
        // Created only when missing: a role that may not create tables
        // (the one `serve` runs as) can open a database that is up to date.
        let ledger: Option<String> = tx
            .query_one("SELECT to_regclass('schema_migrations')::text", &[])
            .await
            .map_err(classify)?
            .get(0);
        if ledger.is_none() {
            tx.batch_execute(
                "CREATE TABLE schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )",
            )
            .await
            .map_err(classify)?;
        }
        let recorded: Vec<(i64, String)> = tx
            .query("SELECT version, checksum FROM schema_migrations", &[])
            .await
            .map_err(classify)?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let mut applied = Vec::new();
        for migration in pending(POSTGRES, &recorded, &self.name)? {
            tx.batch_execute(migration.sql).await.with_context(|| {
                format!(
                    "{}: migration {} ({}) failed",
                    self.name, migration.version, migration.name
                )
            })?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at)
                 VALUES ($1, $2, $3, $4)",
                &[
                    &migration.version,
                    &migration.name,
                    &migration.checksum(),
                    &now_rfc3339(),
                ],
            )
            .await
            .map_err(classify)?;
            applied.push(Applied {
                version: migration.version,
                name: migration.name,
            });
        }
        tx.commit().await.map_err(classify)?;
        Ok(applied)
    }
}

const RECEIPT_COLUMNS: &str = "seq, id, digest, siren, product, received_at, document";

fn head(row: &Row) -> Head {
    head_of(
        Receipt {
            id: row.get("id"),
            digest: row.get("digest"),
            organization: row.get("siren"),
            product: row.get("product"),
            received_at: row.get("received_at"),
            withdrawn: false,
            directory: None,
            log: None,
        },
        row.get::<_, &str>("document"),
    )
}

async fn by_digest(client: &impl GenericClient, digest: &str) -> Result<Option<(i64, Receipt)>> {
    let row = client
        .query_opt(
            &prepared(
                client,
                &format!("SELECT {RECEIPT_COLUMNS} FROM submissions WHERE digest = $1"),
            )
            .await?,
            &[&digest],
        )
        .await
        .map_err(classify)?;
    Ok(row.map(|row| (row.get("seq"), head(&row).receipt)))
}

async fn submitted(
    client: &impl GenericClient,
    siren: &str,
    product: Option<&str>,
) -> Result<bool> {
    Ok(client
        .query_opt(
            &prepared(client, "SELECT 1 FROM submissions WHERE siren = $1 AND product IS NOT DISTINCT FROM $2 LIMIT 1").await?,
            &[&siren, &product],
        )
        .await
        .map_err(classify)?
        .is_some())
}

impl Storage for PgStore {
    fn principal(&self, hash: &str) -> Result<Option<Principal>> {
        block_on(async {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    &prepared(
                        &client,
                        "SELECT id, siren FROM tokens WHERE hash = $1 AND revoked IS NULL",
                    )
                    .await?,
                    &[&hash],
                )
                .await
                .map_err(classify)?;
            Ok(row.map(|row| Principal {
                token_id: row.get(0),
                siren: row.get(1),
            }))
        })
    }

    fn submit(
        &self,
        submission: &NewSubmission<'_>,
        new_id: &str,
        signer: &Signer,
    ) -> Result<(Receipt, Outcome)> {
        self.group.submit(self, submission, new_id, signer)
    }

    fn submitted(&self, siren: &str, product: Option<&str>) -> Result<bool> {
        block_on(async { submitted(&self.client().await?, siren, product).await })
    }

    fn receipt_of(&self, id: &str, siren: &str) -> Result<Option<Receipt>> {
        block_on(async {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    &format!(
                        "SELECT {RECEIPT_COLUMNS} FROM submissions WHERE id = $1 AND siren = $2"
                    ),
                    &[&id, &siren],
                )
                .await
                .map_err(classify)?;
            let Some(row) = row else {
                return Ok(None);
            };
            let mut receipt = head(&row).receipt;
            receipt.log = log::postgres::proof_of(&client, row.get("seq")).await?;
            Ok(Some(receipt))
        })
    }

    fn latest(&self, siren: &str) -> Result<Vec<Head>> {
        block_on(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT s.id, s.digest, s.siren, s.product, s.received_at, s.document
                     FROM heads h JOIN submissions s ON s.seq = h.submission
                     WHERE h.siren = $1 AND h.product <> '#directory' ORDER BY h.product COLLATE \"C\"",
                    &[&siren],
                )
                .await
                .map_err(classify)?;
            Ok(rows.iter().map(head).collect())
        })
    }

    fn insert_token(&self, hash: &str, siren: &str, label: &str) -> Result<i64> {
        block_on(async {
            let client = self.client().await?;
            let row = client
                .query_one(
                    "INSERT INTO tokens (hash, siren, label, created) VALUES ($1, $2, $3, $4)
                     RETURNING id",
                    &[&hash, &siren, &label, &now_rfc3339()],
                )
                .await
                .map_err(classify)?;
            Ok(row.get(0))
        })
    }

    fn list_tokens(&self) -> Result<Vec<TokenInfo>> {
        block_on(async {
            let client = self.client().await?;
            let rows = client
                .query(
                    "SELECT id, siren, label, created, revoked FROM tokens ORDER BY id",
                    &[],
                )
                .await
                .map_err(classify)?;
            Ok(rows
                .iter()
                .map(|row| TokenInfo {
                    id: row.get(0),
                    siren: row.get(1),
                    label: row.get(2),
                    created: row.get(3),
                    revoked: row.get(4),
                })
                .collect())
        })
    }

    fn revoke_token(&self, id: i64) -> Result<bool> {
        block_on(async {
            let client = self.client().await?;
            client
                .execute(
                    "UPDATE tokens SET revoked = $2 WHERE id = $1 AND revoked IS NULL",
                    &[&id, &now_rfc3339()],
                )
                .await
                .map_err(classify)?;
            Ok(client
                .query_opt("SELECT 1 FROM tokens WHERE id = $1", &[&id])
                .await
                .map_err(classify)?
                .is_some())
        })
    }

    fn directory(&self) -> &dyn crate::directory::Reads {
        self
    }

    fn log_start(&self, signer: &Signer) -> Result<()> {
        block_on(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await.map_err(classify)?;
            log::postgres::lock(&tx).await?;
            log::postgres::start(&tx, signer).await?;
            tx.commit().await.map_err(classify)?;
            Ok(())
        })
    }

    fn log_checkpoint(&self) -> Result<Option<String>> {
        block_on(async { log::postgres::latest_checkpoint(&self.client().await?).await })
    }

    fn log_size(&self) -> Result<u64> {
        block_on(async { log::postgres::size(&*self.client().await?).await })
    }

    fn log_nodes(&self, nodes: &[Node]) -> Result<HashMap<Node, Hash>> {
        block_on(async { log::postgres::nodes(&*self.client().await?, nodes).await })
    }

    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<Entry>> {
        block_on(async { log::postgres::entries(&self.client().await?, start, end).await })
    }

    fn log_contents(&self) -> Result<Contents> {
        block_on(async {
            let mut client = self.client().await?;
            let tx = client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(classify)?;
            let contents = log::postgres::contents(&tx).await?;
            tx.commit().await.map_err(classify)?;
            Ok(contents)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(
            redacted("postgres://registry:s3cret@db.example:5432/charte"),
            "postgres://registry:***@db.example:5432/charte"
        );
        for url in [
            "postgres://db.example/charte",
            "postgres://registry@db.example/charte",
        ] {
            assert_eq!(redacted(url), url);
        }
    }
}
