//! The log's tables in PostgreSQL (migration 3), as [`super::sqlite`] for
//! SQLite. Appends are serialized across every `serve` process on the
//! database by a transaction-level advisory lock ([`LOG_LOCK`]), taken
//! before the submission's row is inserted: indexes are gap-free, and in
//! the order of the submissions' `seq`, so that a dump reloaded rebuilds
//! the same tree.

use std::collections::HashMap;

use anyhow::Result;
use deadpool_postgres::GenericClient;

use super::merkle::{self, Hash, Node};
use super::{Entry, LogProof, Signer};
use crate::postgres::classify;

/// The advisory lock appends take ("chartelog" in ASCII, cut to 8 bytes).
pub const LOG_LOCK: i64 = 0x63_68_61_72_74_65_6c_6f;

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
    let statement = prepared(client, "SELECT pg_advisory_xact_lock($1)").await?;
    client
        .execute(&statement, &[&LOG_LOCK])
        .await
        .map_err(classify)?;
    Ok(())
}

/// The number of entries.
pub async fn size(client: &impl GenericClient) -> Result<u64> {
    let statement = prepared(client, "SELECT coalesce(max(idx) + 1, 0) FROM log_entries").await?;
    let row = client.query_one(&statement, &[]).await.map_err(classify)?;
    Ok(row.get::<_, i64>(0) as u64)
}

/// The stored hashes of `nodes`, in one query.
pub async fn nodes(client: &impl GenericClient, nodes: &[Node]) -> Result<HashMap<Node, Hash>> {
    let mut found = HashMap::with_capacity(nodes.len());
    if nodes.is_empty() {
        return Ok(found);
    }
    let levels: Vec<i16> = nodes.iter().map(|node| i16::from(node.level)).collect();
    let indexes: Vec<i64> = nodes.iter().map(|node| node.index as i64).collect();
    let statement = prepared(
        client,
        "SELECT h.level, h.idx, h.hash FROM log_hashes h
         JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx)
           ON h.level = w.level AND h.idx = w.idx",
    )
    .await?;
    let rows = client
        .query(&statement, &[&levels, &indexes])
        .await
        .map_err(classify)?;
    for row in rows {
        let hash: Vec<u8> = row.get(2);
        let hash = Hash::try_from(hash)
            .map_err(|_| anyhow::anyhow!("a stored log hash is not 32 bytes"))?;
        let node = Node {
            level: row.get::<_, i16>(0) as u8,
            index: row.get::<_, i64>(1) as u64,
        };
        found.insert(node, hash);
    }
    Ok(found)
}

/// The tree's size and its frontier's hashes, left to right, in one round
/// trip: the frontier node of level `l` is there when bit `l` of the size
/// is set, at index `(size >> l) − 1`.
async fn size_and_frontier(client: &impl GenericClient) -> Result<(u64, Vec<Hash>)> {
    let statement = prepared(
        client,
        "WITH tree AS (SELECT coalesce(max(idx) + 1, 0) AS size FROM log_entries)
         SELECT tree.size, h.level, h.hash
         FROM tree LEFT JOIN LATERAL (
             SELECT h.level, h.hash
             FROM generate_series(0, 62) AS l
             JOIN log_hashes h ON h.level = l AND h.idx = (tree.size >> l) - 1
             WHERE (tree.size >> l) & 1 = 1
         ) h ON true
         ORDER BY h.level DESC",
    )
    .await?;
    let rows = client.query(&statement, &[]).await.map_err(classify)?;
    let size = rows.first().map_or(0, |row| row.get::<_, i64>(0) as u64);
    let mut hashes = Vec::new();
    for row in &rows {
        if let Some(hash) = row.get::<_, Option<Vec<u8>>>(2) {
            hashes.push(
                Hash::try_from(hash)
                    .map_err(|_| anyhow::anyhow!("a stored log hash is not 32 bytes"))?,
            );
        }
    }
    anyhow::ensure!(
        hashes.len() == size.count_ones() as usize,
        "the log's stored hashes of the tree of size {size} are missing"
    );
    Ok((size, hashes))
}

async fn frontier(client: &impl GenericClient, size: u64) -> Result<Vec<Hash>> {
    let wanted = merkle::frontier(size);
    let found = nodes(client, &wanted).await?;
    wanted
        .iter()
        .map(|node| merkle::from_map(&found)(*node))
        .collect()
}

/// Stores entry `index` (of submission `seq`), the hashes it adds, and,
/// with `checkpoint`, the note of a new size: one statement.
async fn insert(
    client: &impl GenericClient,
    index: u64,
    seq: i64,
    digest: &str,
    id: &str,
    stored: &[(Node, Hash)],
    checkpoint: Option<(u64, &str)>,
) -> Result<()> {
    let levels: Vec<i16> = stored
        .iter()
        .map(|(node, _)| i16::from(node.level))
        .collect();
    let indexes: Vec<i64> = stored.iter().map(|(node, _)| node.index as i64).collect();
    let hashes: Vec<&[u8]> = stored.iter().map(|(_, hash)| &hash[..]).collect();
    let (size, note) = match checkpoint {
        Some((size, note)) => (Some(size as i64), Some(note)),
        None => (None, None),
    };
    let statement = prepared(
        client,
        "WITH entry AS (
             INSERT INTO log_entries (idx, submission, digest, id) VALUES ($1, $2, $3, $4)
         ), hashes AS (
             INSERT INTO log_hashes (level, idx, hash)
             SELECT * FROM unnest($5::smallint[], $6::bigint[], $7::bytea[])
         )
         INSERT INTO log_checkpoints (size, note)
         SELECT $8::bigint, $9::text WHERE $8::bigint IS NOT NULL",
    )
    .await?;
    client
        .execute(
            &statement,
            &[
                &(index as i64),
                &seq,
                &digest,
                &id,
                &levels,
                &indexes,
                &hashes,
                &size,
                &note,
            ],
        )
        .await
        .map_err(classify)?;
    Ok(())
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

/// Appends the entry of submission `seq` in the caller's transaction,
/// which holds [`lock`]; stores its hashes and the signed checkpoint of the
/// new size; returns the receipt's proof.
pub async fn append(
    client: &impl GenericClient,
    signer: &Signer,
    seq: i64,
    digest: &str,
    id: &str,
) -> Result<LogProof> {
    let (size, frontier) = size_and_frontier(client).await?;
    let append = super::append(signer, size, &frontier, digest, id);
    let checkpoint = Some((size + 1, append.note.as_str()));
    insert(
        client,
        size,
        seq,
        digest,
        id,
        &append.appended.stored,
        checkpoint,
    )
    .await?;
    Ok(LogProof::new(size, append.note, &append.appended.inclusion))
}

/// The appends of a group of submissions stored in one transaction, which
/// holds [`lock`]: the log's end is read once, when the group stores its
/// first submission, then extended in memory by each of its leaves;
/// [`Pending::store_and_commit`] stores them all, their hashes and one
/// checkpoint of the new size in one statement.
pub struct Pending {
    /// The log's size when the group began appending.
    start: u64,
    /// The frontier's hashes of the tree with the group's leaves so far.
    frontier: Vec<Hash>,
    /// The complete nodes an inclusion proof in that tree may need: the
    /// frontier at `start` (what the group reads) and the nodes it adds.
    known: HashMap<Node, Hash>,
    /// The group's entries, in order: submission `seq`, digest, id.
    entries: Vec<(i64, String, String)>,
    /// The nodes the group adds, to store.
    stored: Vec<(Node, Hash)>,
}

impl Pending {
    /// Reads the log's end, once the caller's transaction holds [`lock`].
    pub async fn read(client: &impl GenericClient) -> Result<Pending> {
        let (start, frontier) = size_and_frontier(client).await?;
        let known = merkle::frontier(start)
            .into_iter()
            .zip(frontier.iter().copied())
            .collect();
        Ok(Pending {
            start,
            frontier,
            known,
            entries: Vec::new(),
            stored: Vec::new(),
        })
    }

    /// Appends the entry of submission `seq` (stored after every entry
    /// before it): its position in the group.
    pub fn push(&mut self, seq: i64, digest: &str, id: &str) -> usize {
        let size = self.start + self.entries.len() as u64;
        let appended = merkle::append(size, &self.frontier, super::entry_leaf(digest, id));
        let merged = appended.stored.len() - 1;
        self.frontier.truncate(self.frontier.len() - merged);
        self.frontier
            .push(appended.stored.last().expect("the leaf").1);
        self.known.extend(appended.stored.iter().copied());
        self.stored.extend(appended.stored);
        self.entries.push((seq, digest.to_owned(), id.to_owned()));
        self.entries.len() - 1
    }

    /// The position in the group of the entry of submission `seq`, if the
    /// group appended it.
    pub fn position(&self, seq: i64) -> Option<usize> {
        self.entries.iter().position(|(entry, _, _)| *entry == seq)
    }

    /// Stores the group's entries, the hashes they add and the signed
    /// checkpoint of the new size, then commits the caller's transaction:
    /// the statement and the `COMMIT` sent together, one round trip.
    /// Answers each entry's proof in the order of [`Pending::push`], all
    /// against that checkpoint.
    pub async fn store_and_commit(
        &self,
        client: &impl GenericClient,
        signer: &Signer,
    ) -> Result<Vec<LogProof>> {
        let size = self.start + self.entries.len() as u64;
        let note = super::sign_size(signer, size, &self.frontier);
        let proofs = (self.start..size)
            .map(|index| {
                let path = merkle::inclusion(index, size, &mut merkle::from_map(&self.known))?;
                Ok(LogProof::new(index, note.clone(), &path))
            })
            .collect::<Result<Vec<_>>>()?;
        let indexes: Vec<i64> = (self.start..size).map(|index| index as i64).collect();
        let seqs: Vec<i64> = self.entries.iter().map(|(seq, _, _)| *seq).collect();
        let digests: Vec<&str> = self.entries.iter().map(|(_, d, _)| d.as_str()).collect();
        let ids: Vec<&str> = self.entries.iter().map(|(_, _, id)| id.as_str()).collect();
        let levels: Vec<i16> = self
            .stored
            .iter()
            .map(|(node, _)| i16::from(node.level))
            .collect();
        let nodes: Vec<i64> = self
            .stored
            .iter()
            .map(|(node, _)| node.index as i64)
            .collect();
        let hashes: Vec<&[u8]> = self.stored.iter().map(|(_, hash)| &hash[..]).collect();
        // Prepared first: the insert must reach the server before the
        // `COMMIT` sent with it.
        let statement = prepared(
            client,
            "WITH entries AS (
                 INSERT INTO log_entries (idx, submission, digest, id)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
                     AS e (idx, submission, digest, id)
                 ORDER BY idx
             ), hashes AS (
                 INSERT INTO log_hashes (level, idx, hash)
                 SELECT * FROM unnest($5::smallint[], $6::bigint[], $7::bytea[])
             )
             INSERT INTO log_checkpoints (size, note) VALUES ($8, $9)",
        )
        .await?;
        let size = size as i64;
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 9] = [
            &indexes, &seqs, &digests, &ids, &levels, &nodes, &hashes, &size, &note,
        ];
        let (inserted, committed) = tokio::join!(
            client.execute(&statement, &params),
            client.batch_execute("COMMIT"),
        );
        // A failed insert makes the `COMMIT` a rollback: its error is the one.
        inserted.map_err(classify)?;
        committed.map_err(classify)?;
        Ok(proofs)
    }
}

/// [`super::sqlite::start`]: appends the submissions the log lacks, then
/// signs a checkpoint of the current size unless the latest one is, by
/// `signer`. The caller's transaction holds [`lock`].
pub async fn start(client: &impl GenericClient, signer: &Signer) -> Result<()> {
    let (size, tree_frontier) = append_missing(client).await?;
    let current = latest_checkpoint(client)
        .await?
        .is_some_and(|note| super::signed_by(&note, signer, size));
    if !current {
        let note = super::sign_size(signer, size, &tree_frontier);
        insert_checkpoint(client, size, &note).await?;
    }
    Ok(())
}

/// Appends, without checkpoints, every submission the log lacks, in the
/// order they were stored (a database from before the log, or restored by
/// `load`); returns the log's size and frontier then. The caller's
/// transaction holds [`lock`].
pub async fn append_missing(client: &impl GenericClient) -> Result<(u64, Vec<Hash>)> {
    let missing = client
        .query(
            "SELECT s.seq, s.digest, s.id FROM submissions s
             WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
             ORDER BY s.seq",
            &[],
        )
        .await
        .map_err(classify)?;
    let mut size = size(client).await?;
    let mut tree_frontier = frontier(client, size).await?;
    for row in &missing {
        let (seq, digest, id): (i64, &str, &str) = (row.get(0), row.get(1), row.get(2));
        let appended = merkle::append(size, &tree_frontier, super::entry_leaf(digest, id));
        insert(client, size, seq, digest, id, &appended.stored, None).await?;
        size += 1;
        let merged = appended.stored.len() - 1;
        tree_frontier.truncate(tree_frontier.len() - merged);
        tree_frontier.push(appended.stored.last().expect("the leaf").1);
    }
    Ok((size, tree_frontier))
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
pub async fn proof_of(client: &impl GenericClient, seq: i64) -> Result<Option<LogProof>> {
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
