//! The SQLite store: connection settings, schema, tokens, submissions and
//! the per-product heads that `latest` lists.
//!
//! Every connection runs in WAL mode with `synchronous=FULL`, a busy timeout
//! and foreign keys on; the schema is the migrations of [`crate::migrate`],
//! applied when the database is opened. Every write is one `BEGIN
//! IMMEDIATE` transaction. A submission row carries its digest, which is the
//! idempotency key, under a unique index: the key is recorded in the same
//! transaction as the document.
//!
//! `heads` points, for each organization and product (`''` for the
//! commitments document), at the last submission accepted for it. Re-sending
//! an older document (a replay) makes it the head again, so `latest` always
//! lists what the publisher last declared.
//!
//! A directory choice (`charte submit --public` / `--private`) is a
//! submission too: its head, under the reserved key [`DIRECTORY_HEAD`]
//! (never a product id), is the organization's current choice; `latest`
//! leaves it out.
//!
//! A withdrawal is a submission like any other (a new row, never an update
//! or a deletion): as the head of its product, it makes `latest` report the
//! product as withdrawn, until the product is submitted again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::auth::TokenInfo;
use crate::canonical::hex;
use crate::group::{self, GroupCommit};
use crate::log::{self, LogProof, Signed, Signer};
use crate::migrate::{migrate, Applied};
use crate::storage::{Canonical, Storage};
use crate::time::now_rfc3339;

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle read connections kept open by a [`Store`].
const IDLE_READERS: usize = 8;

/// What the registry answers for an accepted submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Opaque id: `sub_` and 32 hex digits.
    pub id: String,
    /// Lowercase hex sha256 of the document's canonical JSON.
    pub digest: String,
    /// The organization's SIREN.
    pub organization: String,
    /// The product id; `None` (JSON null) for the commitments document.
    pub product: Option<String>,
    /// RFC 3339 UTC, when the registry first accepted the document.
    pub received_at: String,
    /// The document withdrew the product; absent (false) for declarations.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// A directory choice: `public` or `private`; absent for other documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    /// The submission's place in the transparency log (SPEC §8); absent
    /// from `latest` and from dumps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogProof>,
}

/// The key in `heads` of an organization's directory choice: `#` never
/// starts a product id, and `latest` leaves it out.
pub const DIRECTORY_HEAD: &str = "#directory";

impl Receipt {
    /// Its key in `heads`: the product id, `''` for the commitments,
    /// [`DIRECTORY_HEAD`] for a directory choice.
    pub fn head_key(&self) -> &str {
        match (&self.directory, &self.product) {
            (Some(_), _) => DIRECTORY_HEAD,
            (None, product) => product.as_deref().unwrap_or(""),
        }
    }
}

/// One entry of `latest`: the receipt of a product's newest submission and
/// the counts that document declared (none for a withdrawal), so that a
/// client can tell documents that differ only by their counts (evaluated at
/// another date) from documents whose declarations changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    #[serde(flatten)]
    pub receipt: Receipt,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<serde_json::Value>,
}

/// What `latest` reads from a stored document besides its receipt.
#[derive(Deserialize)]
struct Stored {
    #[serde(default)]
    withdrawn: bool,
    #[serde(default)]
    counts: Option<serde_json::Value>,
    #[serde(default)]
    directory: Option<String>,
}

impl Stored {
    /// The stored canonical JSON, read for these members only.
    fn of(document: &str) -> Stored {
        serde_json::from_str(document).unwrap_or(Stored {
            withdrawn: false,
            counts: None,
            directory: None,
        })
    }
}

/// The organization a valid, unrevoked token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub token_id: i64,
    pub siren: String,
}

/// A validated document to store.
#[derive(Debug)]
pub struct NewSubmission<'a> {
    pub digest: &'a str,
    pub siren: &'a str,
    pub product: Option<&'a str>,
    pub token_id: i64,
    /// Given up to the database by the insert (see [`Canonical`]).
    pub canonical: Canonical,
    /// A withdrawal: refused unless the product has submissions.
    pub withdrawn: bool,
    /// A directory choice: `Some(true)` public, `Some(false)` private.
    pub directory: Option<bool>,
}

impl NewSubmission<'_> {
    /// The receipt of this submission stored under `id` now.
    pub fn receipt(&self, id: &str) -> Receipt {
        Receipt {
            id: id.to_owned(),
            digest: self.digest.to_owned(),
            organization: self.siren.to_owned(),
            product: self.product.map(str::to_owned),
            received_at: now_rfc3339(),
            withdrawn: self.withdrawn,
            directory: self
                .directory
                .map(|public| if public { "public" } else { "private" }.to_owned()),
            log: None,
        }
    }

    /// What a withdrawal of a product never submitted answers: no receipt
    /// is stored, and this one is never shown as one.
    pub fn nothing_to_withdraw(&self) -> Receipt {
        Receipt {
            id: String::new(),
            digest: self.digest.to_owned(),
            organization: self.siren.to_owned(),
            product: self.product.map(str::to_owned),
            received_at: String::new(),
            withdrawn: true,
            directory: None,
            log: None,
        }
    }
}

/// Whether [`submit`] stored a new row or found the digest already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Replayed,
    /// A withdrawal of a product the organization never submitted: nothing
    /// was stored.
    NothingToWithdraw,
}

/// The connection settings in force, as `PRAGMA` reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragmas {
    pub journal_mode: String,
    /// 2 is FULL.
    pub synchronous: i64,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
}

/// Opens (creating if needed) the database with the registry's settings,
/// applying the migrations it lacks (see [`crate::migrate`]).
pub fn open(path: &Path) -> Result<Connection> {
    Ok(open_migrated(path)?.0)
}

/// [`open`], also returning the migrations it applied.
pub fn open_migrated(path: &Path) -> Result<(Connection, Vec<Applied>)> {
    let mut conn = connect(path)?;
    let applied = migrate(&mut conn, path)?;
    Ok((conn, applied))
}

/// A connection with the settings of every connection: WAL,
/// `synchronous=FULL`, busy timeout, foreign keys.
fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    anyhow::ensure!(
        mode.eq_ignore_ascii_case("wal"),
        "{} cannot use WAL mode (journal_mode is {mode})",
        path.display()
    );
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

/// The settings of a connection opened the way the server opens them.
pub fn pragmas(path: &Path) -> Result<Pragmas> {
    let conn = open(path)?;
    Ok(Pragmas {
        journal_mode: conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?,
        synchronous: conn.query_row("PRAGMA synchronous", [], |row| row.get(0))?,
        foreign_keys: conn.query_row("PRAGMA foreign_keys", [], |row| row.get(0))?,
        busy_timeout_ms: conn.query_row("PRAGMA busy_timeout", [], |row| row.get(0))?,
    })
}

/// The server's handle on the database: one writer connection, so that the
/// server's own writes queue in-process instead of contending in SQLite, and
/// a small pool of readers (WAL readers never wait for the writer).
pub struct Store {
    path: PathBuf,
    writer: Mutex<Writer>,
    readers: Mutex<Vec<Connection>>,
    /// Submissions share the writer's transactions ([`crate::group`]).
    group: GroupCommit<Option<Arc<Signed>>>,
}

/// The writer connection, and the log's end as it last committed it.
struct Writer {
    conn: Connection,
    log: log::sqlite::Tail,
}

impl group::Writer for Writer {
    /// The group's log entries and their checkpoint, if it stored any.
    type Ended = Option<Arc<Signed>>;

    fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn finish(&mut self) -> rusqlite::Result<Self::Ended> {
        Ok(self.log.store(&self.conn)?.map(Arc::new))
    }

    fn ended(&mut self, committed: bool) {
        self.log.ended(committed);
    }
}

impl Store {
    /// Opens the database, creating it and its schema if needed. With
    /// `max_size`, the writer may grow the file to at most that many bytes
    /// (rounded down to whole pages): past it SQLite reports `SQLITE_FULL`,
    /// as on a full disk.
    pub fn open(path: &Path, max_size: Option<u64>) -> Result<Store> {
        Ok(Store::open_migrated(path, max_size)?.0)
    }

    /// [`Store::open`], also returning the migrations it applied.
    pub fn open_migrated(path: &Path, max_size: Option<u64>) -> Result<(Store, Vec<Applied>)> {
        let (writer, applied) = open_migrated(path)?;
        if let Some(bytes) = max_size {
            let page_size: u64 = writer.query_row("PRAGMA page_size", [], |row| row.get(0))?;
            // SQLite keeps the limit at the current size when asked for less.
            let pages = (bytes / page_size.max(1)).clamp(1, i64::MAX as u64);
            writer
                .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
                .with_context(|| format!("cannot limit the size of {}", path.display()))?;
        }
        let store = Store {
            path: path.to_path_buf(),
            writer: Mutex::new(Writer {
                conn: writer,
                log: log::sqlite::Tail::default(),
            }),
            readers: Mutex::new(Vec::new()),
            group: GroupCommit::default(),
        };
        Ok((store, applied))
    }

    /// Runs `work` with the writer connection. Blocking: call it off the
    /// async executor.
    pub fn write<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.group.write(&self.writer, |writer| {
            // It may append to the log (at start): the log's end is read
            // again after it.
            writer.log.forget();
            work(&mut writer.conn)
        })
    }

    /// Runs `work` with a reader connection. Blocking: call it off the async
    /// executor.
    pub fn read<T>(&self, work: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let idle = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(conn) => conn,
            None => connect(&self.path)?,
        };
        let result = work(&conn);
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < IDLE_READERS {
            readers.push(conn);
        }
        Ok(result?)
    }
}

impl Storage for Store {
    fn principal(&self, hash: &str) -> Result<Option<Principal>> {
        self.read(|conn| principal(conn, hash))
    }

    fn submit(
        &self,
        submission: &NewSubmission<'_>,
        new_id: &str,
        signer: &Signer,
    ) -> Result<(Receipt, Outcome)> {
        let (answer, signed) = self.group.submit(&self.writer, |writer| {
            let savepoint = writer.conn.savepoint()?;
            submit_in(savepoint, &mut writer.log, submission, new_id, signer)
        })?;
        answer.with(signed.as_deref())
    }

    fn submitted(&self, siren: &str, product: Option<&str>) -> Result<bool> {
        self.read(|conn| submitted(conn, siren, product))
    }

    fn receipt_of(&self, id: &str, siren: &str) -> Result<Option<Receipt>> {
        self.read(|conn| receipt_of(conn, id, siren))
    }

    fn latest(&self, siren: &str) -> Result<Vec<Head>> {
        self.read(|conn| latest(conn, siren))
    }

    fn insert_token(&self, hash: &str, siren: &str, label: &str) -> Result<i64> {
        Ok(self.write(|conn| insert_token(conn, hash, siren, label))?)
    }

    fn list_tokens(&self) -> Result<Vec<TokenInfo>> {
        self.read(list_tokens)
    }

    fn revoke_token(&self, id: i64) -> Result<bool> {
        Ok(self.write(|conn| revoke_token(conn, id))?)
    }

    fn directory(&self) -> &dyn crate::directory::Reads {
        self
    }

    fn log_start(&self, signer: &Signer) -> Result<()> {
        Ok(self.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            log::sqlite::start(&tx, signer)?;
            tx.commit()
        })?)
    }

    fn log_checkpoint(&self) -> Result<Option<String>> {
        self.read(log::sqlite::latest_checkpoint)
    }

    fn log_size(&self) -> Result<u64> {
        self.read(log::sqlite::size)
    }

    fn log_nodes(&self, nodes: &[log::Node]) -> Result<HashMap<log::Node, log::Hash>> {
        self.read(|conn| log::sqlite::nodes(conn, nodes))
    }

    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<log::Entry>> {
        self.read(|conn| log::sqlite::entries(conn, start, end))
    }

    fn log_contents(&self) -> Result<log::audit::Contents> {
        Ok(self.write(log::sqlite::contents)?)
    }
}

pub(crate) fn insert_token(
    conn: &mut Connection,
    hash: &str,
    siren: &str,
    label: &str,
) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO tokens (hash, siren, label, created) VALUES (?1, ?2, ?3, ?4)",
        params![hash, siren, label, now_rfc3339()],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(id)
}

pub(crate) fn list_tokens(conn: &Connection) -> rusqlite::Result<Vec<TokenInfo>> {
    let mut statement =
        conn.prepare("SELECT id, siren, label, created, revoked FROM tokens ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(TokenInfo {
            id: row.get(0)?,
            siren: row.get(1)?,
            label: row.get(2)?,
            created: row.get(3)?,
            revoked: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// `false` when there is no token `id`.
pub(crate) fn revoke_token(conn: &mut Connection, id: i64) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE tokens SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL",
        params![id, now_rfc3339()],
    )?;
    let exists = tx
        .query_row("SELECT 1 FROM tokens WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some();
    tx.commit()?;
    Ok(exists)
}

/// The owner of the unrevoked token whose hash is `hash`.
pub fn principal(conn: &Connection, hash: &str) -> rusqlite::Result<Option<Principal>> {
    conn.query_row(
        "SELECT id, siren FROM tokens WHERE hash = ?1 AND revoked IS NULL",
        [hash],
        |row| {
            Ok(Principal {
                token_id: row.get(0)?,
                siren: row.get(1)?,
            })
        },
    )
    .optional()
}

/// The receipt of a row selected with its `document`.
fn receipt(row: &rusqlite::Row<'_>) -> rusqlite::Result<Receipt> {
    Ok(head(row)?.receipt)
}

/// The head of a row selected with its `document`.
fn head(row: &rusqlite::Row<'_>) -> rusqlite::Result<Head> {
    Ok(head_of(
        stored_receipt(row)?,
        &row.get::<_, String>("document")?,
    ))
}

/// The receipt fields of a stored row, as stored (what its document says
/// of it is read by [`head_of`]).
pub(crate) fn stored_receipt(row: &rusqlite::Row<'_>) -> rusqlite::Result<Receipt> {
    Ok(Receipt {
        id: row.get("id")?,
        digest: row.get("digest")?,
        organization: row.get("siren")?,
        product: row.get("product")?,
        received_at: row.get("received_at")?,
        withdrawn: false,
        directory: None,
        log: None,
    })
}

/// The head of a stored row: its receipt (`withdrawn` read from the
/// `document`) and the counts the document declared.
pub(crate) fn head_of(mut receipt: Receipt, document: &str) -> Head {
    let stored = Stored::of(document);
    receipt.withdrawn = stored.withdrawn;
    receipt.directory = stored.directory;
    Head {
        receipt,
        counts: stored.counts.filter(|_| !stored.withdrawn),
    }
}

/// What a submission came to in its group's transaction (on both
/// engines).
pub(crate) enum Answer {
    /// Complete.
    Done(Receipt, Outcome),
    /// Its proof is that of entry `.2` of the group's log entries, known
    /// once the group is stored.
    Logged(Receipt, Outcome, usize),
}

impl Answer {
    /// The receipt, once the group stored its entries, `signed`.
    pub(crate) fn with(self, signed: Option<&Signed>) -> Result<(Receipt, Outcome)> {
        match self {
            Answer::Done(receipt, outcome) => Ok((receipt, outcome)),
            Answer::Logged(mut receipt, outcome, position) => {
                let signed = signed.context("the group stored no log entry")?;
                receipt.log = Some(signed.proof(position)?);
                Ok((receipt, outcome))
            }
        }
    }
}

/// Stores `submission` unless its digest is already stored, appends it to
/// the log (checkpoint signed by `signer`), and makes it the head of its
/// product, in a `BEGIN IMMEDIATE` transaction of its own: one submission
/// as the server's writer stores a group of them ([`crate::group`]).
pub fn submit(
    conn: &mut Connection,
    submission: &NewSubmission<'_>,
    new_id: &str,
    signer: &Signer,
) -> Result<(Receipt, Outcome)> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut log = log::sqlite::Tail::default();
    let answer = submit_in(tx.savepoint()?, &mut log, submission, new_id, signer)?;
    let signed = log.store(&tx)?;
    tx.commit()?;
    answer.with(signed.as_ref())
}

/// [`submit`] in savepoint `tx` of the writer's transaction, released
/// when it succeeds and rolled back otherwise (the rest of the transaction
/// is kept). Its log entry is appended to `log`, the group's, to be stored
/// with the group's; appended last, so that a submission rolled back
/// leaves none there.
fn submit_in(
    tx: rusqlite::Savepoint<'_>,
    log: &mut log::sqlite::Tail,
    submission: &NewSubmission<'_>,
    new_id: &str,
    signer: &Signer,
) -> rusqlite::Result<Answer> {
    let existing = tx
        .query_row(
            "SELECT seq, id, digest, siren, product, received_at, document FROM submissions WHERE digest = ?1",
            [submission.digest],
            |row| Ok((row.get::<_, i64>("seq")?, receipt(row)?)),
        )
        .optional()?;
    let (seq, mut receipt, outcome) = match existing {
        Some((seq, receipt)) => (seq, receipt, Outcome::Replayed),
        None if submission.withdrawn && !has_submissions(&tx, submission)? => {
            let receipt = submission.nothing_to_withdraw();
            return Ok(Answer::Done(receipt, Outcome::NothingToWithdraw));
        }
        None => {
            log.open(&tx, signer)?;
            let receipt = submission.receipt(new_id);
            tx.execute(
                "INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    receipt.id,
                    receipt.digest,
                    receipt.organization,
                    receipt.product,
                    receipt.received_at,
                    submission.token_id,
                    submission.canonical
                ],
            )?;
            (tx.last_insert_rowid(), receipt, Outcome::Created)
        }
    };
    // A replay of a submission stored in this very group has its proof
    // once the group is.
    let stored_here = log.position(seq);
    if outcome == Outcome::Replayed && stored_here.is_none() {
        receipt.log = log::sqlite::proof_of(&tx, seq)?;
    }
    tx.execute(
        "INSERT INTO heads (siren, product, submission) VALUES (?1, ?2, ?3)
         ON CONFLICT (siren, product) DO UPDATE SET submission = excluded.submission
         WHERE submission != excluded.submission",
        params![receipt.organization, receipt.head_key(), seq],
    )?;
    tx.commit()?;
    Ok(match (outcome, stored_here) {
        (Outcome::Created, _) => {
            let position = log.push(seq, &receipt.digest, &receipt.id);
            Answer::Logged(receipt, outcome, position)
        }
        (_, Some(position)) => Answer::Logged(receipt, outcome, position),
        (_, None) => Answer::Done(receipt, outcome),
    })
}

/// Whether the organization ever submitted the product of `submission`.
fn has_submissions(conn: &Connection, submission: &NewSubmission<'_>) -> rusqlite::Result<bool> {
    submitted(conn, submission.siren, submission.product)
}

/// Whether `siren` ever submitted a document for `product` (what a
/// withdrawal needs).
pub fn submitted(conn: &Connection, siren: &str, product: Option<&str>) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM submissions WHERE siren = ?1 AND product IS ?2 LIMIT 1",
            params![siren, product],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// A new receipt id: `sub_` and 16 random bytes in hex.
pub fn new_submission_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("OS random source failed: {err}"))?;
    Ok(format!("sub_{}", hex(&bytes)))
}

/// The receipt `id`, if it belongs to `siren`.
pub fn receipt_of(conn: &Connection, id: &str, siren: &str) -> rusqlite::Result<Option<Receipt>> {
    let found = conn
        .query_row(
            "SELECT seq, id, digest, siren, product, received_at, document FROM submissions WHERE id = ?1 AND siren = ?2",
            [id, siren],
            |row| Ok((row.get::<_, i64>("seq")?, receipt(row)?)),
        )
        .optional()?;
    let Some((seq, mut receipt)) = found else {
        return Ok(None);
    };
    receipt.log = log::sqlite::proof_of(conn, seq)?;
    Ok(Some(receipt))
}

/// The head of every product of `siren`, the commitments document first,
/// then by product id; a withdrawn product's head is its withdrawal.
pub fn latest(conn: &Connection, siren: &str) -> rusqlite::Result<Vec<Head>> {
    let mut statement = conn.prepare(
        "SELECT s.id, s.digest, s.siren, s.product, s.received_at, s.document
         FROM heads h JOIN submissions s ON s.seq = h.submission
         WHERE h.siren = ?1 AND h.product <> '#directory' ORDER BY h.product",
    )?;
    let rows = statement.query_map([siren], head)?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission<'a>(
        digest: &'a str,
        product: Option<&'a str>,
        token_id: i64,
    ) -> NewSubmission<'a> {
        NewSubmission {
            digest,
            siren: "732829320",
            product,
            token_id,
            canonical: Canonical::new("{}"),
            withdrawn: false,
            directory: None,
        }
    }

    fn signer() -> Signer {
        Signer::generate("registry.test/charte").unwrap()
    }

    /// A receipt as `latest` lists it: without its log proof.
    fn bare(receipt: &Receipt) -> Receipt {
        Receipt {
            log: None,
            ..receipt.clone()
        }
    }

    fn receipts(heads: Vec<Head>) -> Vec<Receipt> {
        heads.into_iter().map(|h| h.receipt).collect()
    }

    #[test]
    fn replays_and_heads() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("db")).unwrap();
        let token = insert_token(&mut conn, "h", "732829320", "").unwrap();
        let (a, outcome) = submit(
            &mut conn,
            &submission("aa", Some("p"), token),
            "sub_1",
            &signer(),
        )
        .unwrap();
        assert_eq!(outcome, Outcome::Created);
        let (b, _) = submit(
            &mut conn,
            &submission("bb", Some("p"), token),
            "sub_2",
            &signer(),
        )
        .unwrap();
        let (c, _) = submit(
            &mut conn,
            &submission("cc", None, token),
            "sub_3",
            &signer(),
        )
        .unwrap();
        assert_eq!(
            receipts(latest(&conn, "732829320").unwrap()),
            [bare(&c), bare(&b)]
        );
        let (again, outcome) = submit(
            &mut conn,
            &submission("aa", Some("p"), token),
            "sub_4",
            &signer(),
        )
        .unwrap();
        assert_eq!((&again, outcome), (&a, Outcome::Replayed));
        assert_eq!(
            receipts(latest(&conn, "732829320").unwrap()),
            [bare(&c), bare(&a)]
        );
        assert_eq!(latest(&conn, "404833048").unwrap(), []);
        assert!(receipt_of(&conn, "sub_1", "404833048").unwrap().is_none());
    }

    #[test]
    fn a_withdrawal_is_a_new_row_that_heads_its_product_until_it_is_submitted_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("db")).unwrap();
        let token = insert_token(&mut conn, "h", "732829320", "").unwrap();
        let rows = |conn: &Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))
                .unwrap()
        };
        let declared = r#"{"counts":{"applicable":1,"conformity":1.0},"schema":1}"#;
        let withdrawal = r#"{"product":{"id":"p"},"schema":2,"withdrawn":true}"#;
        let mut withdraw = submission("ww", Some("q"), token);
        withdraw.canonical = Canonical::new(withdrawal);
        withdraw.withdrawn = true;
        // Nothing was ever submitted for q: nothing is stored.
        let (_, outcome) = submit(&mut conn, &withdraw, "sub_0", &signer()).unwrap();
        assert_eq!(outcome, Outcome::NothingToWithdraw);
        assert_eq!(rows(&conn), 0);

        let mut first = submission("aa", Some("q"), token);
        first.canonical = Canonical::new(declared);
        let (a, _) = submit(&mut conn, &first, "sub_1", &signer()).unwrap();
        let heads = latest(&conn, "732829320").unwrap();
        assert_eq!(heads[0].receipt, bare(&a));
        assert_eq!(
            heads[0].counts,
            Some(serde_json::json!({ "applicable": 1, "conformity": 1.0 }))
        );

        let (w, outcome) = submit(&mut conn, &withdraw, "sub_2", &signer()).unwrap();
        assert_eq!(outcome, Outcome::Created);
        assert!(w.withdrawn);
        assert_eq!(rows(&conn), 2);
        let heads = latest(&conn, "732829320").unwrap();
        assert_eq!(heads.len(), 1);
        assert!(heads[0].receipt.withdrawn);
        assert_eq!(heads[0].counts, None);
        assert_eq!(
            receipt_of(&conn, "sub_2", "732829320").unwrap(),
            Some(w.clone())
        );
        // The first document is still there, untouched.
        assert_eq!(
            receipt_of(&conn, "sub_1", "732829320").unwrap(),
            Some(a.clone())
        );

        // Submitted again, the product is listed again; the withdrawal stays.
        let (again, outcome) = submit(&mut conn, &first, "sub_3", &signer()).unwrap();
        assert_eq!((&again, outcome), (&a, Outcome::Replayed));
        assert!(!latest(&conn, "732829320").unwrap()[0].receipt.withdrawn);
        assert_eq!(rows(&conn), 2);
        // Withdrawn again: the same document, the same receipt.
        let (again, outcome) = submit(&mut conn, &withdraw, "sub_4", &signer()).unwrap();
        assert_eq!((&again, outcome), (&w, Outcome::Replayed));
        assert!(latest(&conn, "732829320").unwrap()[0].receipt.withdrawn);
    }

    #[test]
    fn the_database_refuses_to_update_or_delete_a_submission() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("db")).unwrap();
        let token = insert_token(&mut conn, "h", "732829320", "").unwrap();
        submit(
            &mut conn,
            &submission("aa", Some("p"), token),
            "sub_1",
            &signer(),
        )
        .unwrap();
        let mut withdraw = submission("ww", Some("p"), token);
        withdraw.withdrawn = true;
        submit(&mut conn, &withdraw, "sub_2", &signer()).unwrap();
        let refused = |sql: &str| conn.execute(sql, []).unwrap_err().to_string();
        assert_eq!(
            refused("UPDATE submissions SET document = '{}', digest = 'bb' WHERE id = 'sub_1'"),
            "submissions are append-only: a stored submission is never updated"
        );
        assert_eq!(
            refused("DELETE FROM submissions WHERE id = 'sub_2'"),
            "submissions are append-only: a stored submission is never deleted"
        );
        assert_eq!(
            refused("DELETE FROM submissions"),
            "submissions are append-only: a stored submission is never deleted"
        );
        let stored: i64 = conn
            .query_row(
                "SELECT count(*) FROM submissions WHERE digest IN ('aa', 'ww')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 2);
    }

    #[test]
    fn tokens_are_revocable() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("db")).unwrap();
        let id = insert_token(&mut conn, "h", "732829320", "ci").unwrap();
        assert_eq!(principal(&conn, "h").unwrap().unwrap().siren, "732829320");
        assert!(revoke_token(&mut conn, id).unwrap());
        assert!(revoke_token(&mut conn, id).unwrap());
        assert!(!revoke_token(&mut conn, id + 1).unwrap());
        assert!(principal(&conn, "h").unwrap().is_none());
        assert!(list_tokens(&conn).unwrap()[0].revoked.is_some());
    }
}
