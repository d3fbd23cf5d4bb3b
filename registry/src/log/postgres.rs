//! The log's tables in PostgreSQL (migration 3), as [`super::sqlite`] for
//! SQLite. Appends are serialized across every `serve` process on the
//! database by a transaction-level advisory lock ([`LOG_LOCK`]), taken by a
//! group of submissions once its rows are written, and held to its commit:
//! indexes are gap-free, and a later index is committed after an earlier
//! one, so that the log's order is the order submissions became durable.

use std::collections::HashMap;

use anyhow::{Context, Result};
use deadpool_postgres::GenericClient;
use tokio_postgres::SimpleQueryMessage;

use super::merkle::{self, Hash, Node};
use super::{Entry, LogProof, Pending, Signed, Signer};
use crate::postgres::classify;

/// The advisory lock appends take ("chartelog" in ASCII, cut to 8 bytes).
pub const LOG_LOCK: i64 = 0x63_68_61_72_74_65_6c_6f;

/// The statement that takes [`LOG_LOCK`] until the end of the transaction.
const TAKE_LOCK: &str = "SELECT pg_advisory_xact_lock($1)";

/// `sql` prepared once per connection: the statements of an append run
/// while every other append waits, one round trip each.
pub(crate) async fn prepared(
    client: &impl GenericClient,
    sql: &str,
) -> Result<tokio_postgres::Statement> {
    client.prepare_cached(sql).await.map_err(classify)
}

/// Takes the log's lock until the end of the transaction.
pub async fn lock(client: &impl GenericClient) -> Result<()> {
    let statement = prepared(client, TAKE_LOCK).await?;
    client
        .execute(&statement, &[&LOG_LOCK])
        .await
        .map_err(classify)?;
    Ok(())
}

/// The number of entries. Like every query of the log whose cost would
/// follow the log's size under a bad plan, it is sent as text, planned
/// each time on the tables as they are: a plan kept by a connection is
/// often made while the log is still empty, and would read every entry.
pub async fn size(client: &tokio_postgres::Client) -> Result<u64> {
    let messages = client
        .simple_query("SELECT coalesce(max(idx) + 1, 0) FROM log_entries")
        .await
        .map_err(classify)?;
    let size = rows(&messages, 1)
        .next()
        .and_then(|row| row.get(0)?.parse().ok());
    size.context("the log's size was not read as expected")
}

/// The stored hashes of `nodes`, in one query (sent as text: see
/// [`size`]).
pub async fn nodes(client: &tokio_postgres::Client, nodes: &[Node]) -> Result<HashMap<Node, Hash>> {
    let mut found = HashMap::with_capacity(nodes.len());
    if nodes.is_empty() {
        return Ok(found);
    }
    let wanted: Vec<String> = nodes
        .iter()
        .map(|node| format!("({}, {})", node.level, node.index))
        .collect();
    let messages = client
        .simple_query(&format!(
            "SELECT level, idx, hash FROM log_hashes WHERE (level, idx) IN (VALUES {})",
            wanted.join(", ")
        ))
        .await
        .map_err(classify)?;
    let malformed = || anyhow::anyhow!("the log's stored hashes were not read as expected");
    for row in rows(&messages, 3) {
        let node = Node {
            level: row
                .get(0)
                .and_then(|n| n.parse().ok())
                .ok_or_else(malformed)?,
            index: row
                .get(1)
                .and_then(|n| n.parse().ok())
                .ok_or_else(malformed)?,
        };
        let hash = Hash::try_from(bytea(row.get(2).ok_or_else(malformed)?)?)
            .map_err(|_| anyhow::anyhow!("a stored log hash is not 32 bytes"))?;
        found.insert(node, hash);
    }
    Ok(found)
}

/// The query of the tree's size and its frontier's hashes, left to right:
/// the frontier node of level `l` is there when bit `l` of the size is
/// set, at index `(size >> l) − 1`. Sent as text, not prepared, so that it
/// is planned each time on the tables as they are: a prepared statement's
/// plan is made once per connection, often while the log is still empty,
/// and would then read every stored hash at each group.
const SIZE_AND_FRONTIER: &str =
    "WITH tree AS (SELECT coalesce(max(idx) + 1, 0) AS size FROM log_entries)
     SELECT tree.size, h.level, h.hash
     FROM tree LEFT JOIN LATERAL (
         SELECT h.level, h.hash
         FROM generate_series(0, 62) AS l
         JOIN log_hashes h ON h.level = l AND h.idx = (tree.size >> l) - 1
         WHERE (tree.size >> l) & 1 = 1
     ) h ON true
     ORDER BY h.level DESC";

/// The value of a `bytea` column in a simple query's answer (hex text).
fn bytea(text: &str) -> Result<Vec<u8>> {
    let malformed = || anyhow::anyhow!("a stored log hash was not read as bytes");
    let hex = text.strip_prefix("\\x").ok_or_else(malformed)?;
    (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex.get(at..at + 2).unwrap_or("-"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| malformed())
}

/// `bytes` as the hashes of a frontier of `size` leaves.
fn frontier_of(size: u64, bytes: &[u8]) -> Option<Vec<Hash>> {
    if bytes.len() != 32 * size.count_ones() as usize {
        return None;
    }
    bytes
        .chunks(32)
        .map(|chunk| Hash::try_from(chunk).ok())
        .collect()
}

/// The rows of `messages` (the answer to a simple query) that have
/// `columns` columns.
fn rows(
    messages: &[SimpleQueryMessage],
    columns: usize,
) -> impl Iterator<Item = &tokio_postgres::SimpleQueryRow> {
    messages.iter().filter_map(move |message| match message {
        SimpleQueryMessage::Row(row) if row.len() == columns => Some(row),
        _ => None,
    })
}

/// The log's end, from the rows of [`SIZE_AND_FRONTIER`].
fn end_of(messages: &[SimpleQueryMessage]) -> Result<Pending> {
    let malformed = || anyhow::anyhow!("the log's end was not read as expected");
    let mut size = None;
    let mut hashes = Vec::new();
    for row in rows(messages, 3) {
        size = Some(
            row.get(0)
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(malformed)?,
        );
        if let Some(text) = row.get(2) {
            hashes.extend(bytea(text)?);
        }
    }
    let size = size.ok_or_else(malformed)?;
    let frontier = frontier_of(size, &hashes).with_context(|| {
        format!("the log's stored hashes of the tree of size {size} are missing")
    })?;
    Ok(Pending::new(size, frontier))
}

/// The log's end, to append to, once the caller's transaction holds
/// [`lock`]: read from the stored hashes.
pub async fn read_end(tx: &tokio_postgres::Transaction<'_>) -> Result<Pending> {
    end_of(&tx.simple_query(SIZE_AND_FRONTIER).await.map_err(classify)?)
}

/// Takes the log's lock, then reads its end as the last append kept it
/// (the `log_end` row of migration 5), with the size of the stored entries
/// and the latest checkpoint (migration 6's `log_end_read`): two prepared
/// statements sent behind `before` (a write of the caller's, run first),
/// one round trip. The read's snapshot is taken once the lock is held, so
/// it sees what the group that held it last stored. The kept end is used
/// only when it is that of the stored entries and of the latest
/// checkpoint, signed by `signer` (not verified again when it is that of
/// `last`, what the caller stored last); otherwise (the tables were
/// written by something else) the end is read from the stored hashes, in
/// another round trip.
pub async fn lock_and_read_end(
    client: &deadpool_postgres::Object,
    signer: &Signer,
    last: Option<&Signed>,
    before: impl std::future::Future<Output = Result<()>>,
) -> Result<Pending> {
    let lock = prepared(client, TAKE_LOCK).await?;
    let read = prepared(
        client,
        "SELECT stored, size, frontier, note FROM log_end_read()",
    )
    .await?;
    let (before, locked, row) = tokio::join!(
        before,
        client.execute(&lock, &[&LOG_LOCK]),
        client.query_one(&read, &[]),
    );
    before?;
    locked.map_err(classify)?;
    let row = row.map_err(classify)?;
    match kept_end(&row, signer, last) {
        Some(end) => Ok(end),
        None => end_of(
            &client
                .simple_query(SIZE_AND_FRONTIER)
                .await
                .map_err(classify)?,
        ),
    }
}

/// The log's end that `row` (of `log_end_read`) kept, when it is that of
/// the stored entries and of the latest checkpoint, signed by `signer`
/// (not verified again when it is that of `last`).
fn kept_end(row: &tokio_postgres::Row, signer: &Signer, last: Option<&Signed>) -> Option<Pending> {
    let stored = row.get::<_, i64>(0) as u64;
    let size = row.get::<_, Option<i64>>(1)? as u64;
    let frontier = frontier_of(size, row.get::<_, Option<&[u8]>>(2)?)?;
    let note: &str = row.get::<_, Option<&str>>(3)?;
    let signed = match last.filter(|last| last.note == note) {
        Some(last) => last.pending.size() == size && last.pending.frontier() == frontier,
        None => {
            let body = signer.verifier().open(note).ok()?;
            let checkpoint = super::Checkpoint::parse(body).ok()?;
            checkpoint.origin == signer.name()
                && checkpoint.size == size
                && checkpoint.root == merkle::fold(&frontier)
        }
    };
    (size == stored && signed).then(|| Pending::new(size, frontier))
}

/// The statement that stores the entries of a [`Pending`], the nodes they
/// add, the log's end they make (size `$10`, frontier `$11`) and, when `$8`
/// is not null, the checkpoint of size `$8`, note `$9`.
const INSERT_PENDING: &str = "WITH entries AS (
         INSERT INTO log_entries (idx, submission, digest, id)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
             AS e (idx, submission, digest, id)
         ORDER BY idx
     ), hashes AS (
         INSERT INTO log_hashes (level, idx, hash)
         SELECT * FROM unnest($5::smallint[], $6::bigint[], $7::bytea[])
     ), end_kept AS (
         INSERT INTO log_end (single, size, frontier) VALUES (true, $10, $11)
         ON CONFLICT (single) DO UPDATE SET size = excluded.size, frontier = excluded.frontier
     )
     INSERT INTO log_checkpoints (size, note)
     SELECT $8::bigint, $9::text WHERE $8::bigint IS NOT NULL";

/// Runs [`INSERT_PENDING`] for `pending` and `checkpoint`, together with
/// `after` (a statement of the caller's sent behind it, in the same round
/// trip: the `COMMIT`).
async fn insert_pending(
    client: &impl GenericClient,
    pending: &Pending,
    checkpoint: Option<&str>,
    after: impl std::future::Future<Output = Result<()>>,
) -> Result<()> {
    let indexes: Vec<i64> = (pending.start()..pending.size())
        .map(|index| index as i64)
        .collect();
    let entries = pending.entries();
    let seqs: Vec<i64> = entries.iter().map(|(seq, _, _)| *seq).collect();
    let digests: Vec<&str> = entries.iter().map(|(_, d, _)| d.as_str()).collect();
    let ids: Vec<&str> = entries.iter().map(|(_, _, id)| id.as_str()).collect();
    let stored = pending.stored();
    let levels: Vec<i16> = stored
        .iter()
        .map(|(node, _)| i16::from(node.level))
        .collect();
    let nodes: Vec<i64> = stored.iter().map(|(node, _)| node.index as i64).collect();
    let hashes: Vec<&[u8]> = stored.iter().map(|(_, hash)| &hash[..]).collect();
    let size = checkpoint.map(|_| pending.size() as i64);
    let end = pending.size() as i64;
    let frontier: Vec<u8> = pending.frontier().concat();
    // Prepared first: the insert must reach the server before `after`.
    let statement = prepared(client, INSERT_PENDING).await?;
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 11] = [
        &indexes,
        &seqs,
        &digests,
        &ids,
        &levels,
        &nodes,
        &hashes,
        &size,
        &checkpoint,
        &end,
        &frontier,
    ];
    let (inserted, after) = tokio::join!(client.execute(&statement, &params), after);
    // A failed insert makes a `COMMIT` behind it a rollback: its error is
    // the one.
    inserted.map_err(classify)?;
    after
}

/// Signs the checkpoint of `pending`'s size and stores its entries, the
/// hashes they add and that checkpoint, then commits the caller's
/// transaction, which holds [`lock`]: the statement and the `COMMIT` sent
/// together, one round trip.
pub async fn store_and_commit(
    client: &impl GenericClient,
    pending: Pending,
    signer: &Signer,
) -> Result<Signed> {
    let signed = pending.sign(signer);
    insert_pending(client, &signed.pending, Some(&signed.note), async {
        client.batch_execute("COMMIT").await.map_err(classify)
    })
    .await?;
    Ok(signed)
}

async fn insert_checkpoint(client: &impl GenericClient, size: u64, note: &str) -> Result<()> {
    client
        .execute(
            "INSERT INTO log_checkpoints (size, note) VALUES ($1, $2)",
            &[&(size as i64), &note],
        )
        .await
        .map_err(classify)?;
    Ok(())
}

/// [`super::sqlite::start`]: appends the submissions the log lacks, then
/// signs a checkpoint of the current size unless the latest one is, by
/// `signer`. The caller's transaction holds [`lock`].
pub async fn start(client: &deadpool_postgres::Transaction<'_>, signer: &Signer) -> Result<()> {
    let appended = append_missing(client).await?;
    let size = appended.size();
    let current = latest_checkpoint(client)
        .await?
        .is_some_and(|note| super::signed_by(&note, signer, size));
    if !current {
        let note = super::sign_size(signer, size, appended.frontier());
        insert_checkpoint(client, size, &note).await?;
    }
    Ok(())
}

/// Appends, without checkpoints, every submission the log lacks, in the
/// order they were stored (a database from before the log, or restored by
/// `load`); returns what it appended, to the log's end. The caller's
/// transaction holds [`lock`].
pub async fn append_missing(client: &deadpool_postgres::Transaction<'_>) -> Result<Pending> {
    let missing = client
        .query(
            "SELECT s.seq, s.digest, s.id FROM submissions s
             WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
             ORDER BY s.seq",
            &[],
        )
        .await
        .map_err(classify)?;
    let mut pending = read_end(client).await?;
    for chunk in missing.chunks(super::REBUILD_CHUNK) {
        // What a chunk kept to prove inclusion is not needed after it.
        pending = Pending::new(pending.size(), pending.frontier().to_vec());
        for row in chunk {
            pending.push(row.get(0), row.get(1), row.get(2));
        }
        insert_pending(client, &pending, None, async { Ok(()) }).await?;
    }
    Ok(pending)
}

/// The latest checkpoint signed.
pub async fn latest_checkpoint(client: &impl GenericClient) -> Result<Option<String>> {
    Ok(client
        .query_opt(
            "SELECT note FROM log_checkpoints ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .await
        .map_err(classify)?
        .map(|row| row.get(0)))
}

/// [`super::sqlite::proof_of`].
pub async fn proof_of(client: &tokio_postgres::Client, seq: i64) -> Result<Option<LogProof>> {
    let Some(row) = client
        .query_opt(
            "SELECT e.idx, c.size, c.note FROM log_entries e
             JOIN LATERAL (SELECT size, note FROM log_checkpoints
                           WHERE size > e.idx ORDER BY size, seq LIMIT 1) c ON true
             WHERE e.submission = $1",
            &[&seq],
        )
        .await
        .map_err(classify)?
    else {
        return Ok(None);
    };
    let (index, size, note): (i64, i64, String) = (row.get(0), row.get(1), row.get(2));
    let (index, size) = (index as u64, size as u64);
    let compute = |read: &mut merkle::Reader<'_>| merkle::inclusion(index, size, read);
    let found = nodes(client, &merkle::needed(compute)?).await?;
    let path = compute(&mut merkle::from_map(&found))?;
    Ok(Some(LogProof::new(index, note, &path)))
}

/// Entries `start..end`, at most [`super::MAX_ENTRIES`].
pub async fn entries(client: &impl GenericClient, start: u64, end: u64) -> Result<Vec<Entry>> {
    let end = end.min(start.saturating_add(super::MAX_ENTRIES));
    let rows = client
        .query(
            "SELECT idx, digest, id FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
            &[&(start as i64), &(end as i64)],
        )
        .await
        .map_err(classify)?;
    Ok(rows
        .iter()
        .map(|row| Entry {
            index: row.get::<_, i64>(0) as u64,
            digest: row.get(1),
            id: row.get(2),
        })
        .collect())
}

/// Everything `log verify` checks; the caller runs it in one snapshot.
pub async fn contents(client: &impl GenericClient) -> Result<super::audit::Contents> {
    let mut contents = super::audit::Contents::default();
    let rows = client
        .query(
            "SELECT e.idx, e.digest, e.id, s.digest, s.id, s.document
             FROM log_entries e LEFT JOIN submissions s ON s.seq = e.submission
             ORDER BY e.idx",
            &[],
        )
        .await
        .map_err(classify)?;
    for row in &rows {
        let submission = match (row.get::<_, Option<String>>(3), row.get(4)) {
            (Some(digest), Some(id)) => Some((digest, id)),
            _ => None,
        };
        contents.entries.push(super::audit::StoredEntry {
            index: row.get::<_, i64>(0) as u64,
            digest: row.get(1),
            id: row.get(2),
            submission,
            document_digest: row
                .get::<_, Option<&str>>(5)
                .map(|document| crate::canonical::sha256_hex(document.as_bytes())),
        });
    }
    contents.unlogged = client
        .query(
            "SELECT s.id FROM submissions s
             WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
             ORDER BY s.seq",
            &[],
        )
        .await
        .map_err(classify)?
        .iter()
        .map(|row| row.get(0))
        .collect();
    contents.checkpoints = client
        .query("SELECT size, note FROM log_checkpoints ORDER BY seq", &[])
        .await
        .map_err(classify)?
        .iter()
        .map(|row| (row.get::<_, i64>(0) as u64, row.get(1)))
        .collect();
    contents.hashes = client
        .query("SELECT level, idx, hash FROM log_hashes", &[])
        .await
        .map_err(classify)?
        .iter()
        .map(|row| {
            (
                Node {
                    level: row.get::<_, i16>(0) as u8,
                    index: row.get::<_, i64>(1) as u64,
                },
                row.get(2),
            )
        })
        .collect();
    Ok(contents)
}
