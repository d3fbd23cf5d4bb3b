//! The log's tables in the SQLite store (migration 3): appending an entry
//! inside the caller's transaction, reading stored hashes, checkpoints and
//! entries, and the proof a receipt carries.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::merkle::{self, Hash, Node};
use super::{Entry, LogProof, Signer};

fn hash_of(bytes: Vec<u8>) -> rusqlite::Result<Hash> {
    Hash::try_from(bytes).map_err(|bytes| {
        rusqlite::Error::FromSqlConversionFailure(
            bytes.len(),
            rusqlite::types::Type::Blob,
            "a stored log hash is not 32 bytes".into(),
        )
    })
}

/// The number of entries.
pub fn size(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT coalesce(max(idx) + 1, 0) FROM log_entries",
        [],
        |row| row.get::<_, i64>(0),
    )
    .map(|n| n as u64)
}

/// The stored hashes of `nodes` (those stored: a missing one is absent).
pub fn nodes(conn: &Connection, nodes: &[Node]) -> rusqlite::Result<HashMap<Node, Hash>> {
    let mut found = HashMap::with_capacity(nodes.len());
    if nodes.is_empty() {
        return Ok(found);
    }
    let mut statement =
        conn.prepare_cached("SELECT hash FROM log_hashes WHERE level = ?1 AND idx = ?2")?;
    for node in nodes {
        let hash = statement
            .query_row(params![node.level, node.index as i64], |row| row.get(0))
            .optional()?;
        if let Some(hash) = hash {
            found.insert(*node, hash_of(hash)?);
        }
    }
    Ok(found)
}

fn frontier(conn: &Connection, size: u64) -> rusqlite::Result<Vec<Hash>> {
    let wanted = merkle::frontier(size);
    let found = nodes(conn, &wanted)?;
    wanted
        .iter()
        .map(|node| {
            found.get(node).copied().ok_or_else(|| {
                rusqlite::Error::InvalidParameterName(format!(
                    "the log's stored hash of level {} index {} is missing",
                    node.level, node.index
                ))
            })
        })
        .collect()
}

/// Appends the entry of submission `seq` (`digest`, receipt `id`) in the
/// caller's transaction, stores its hashes and the signed checkpoint of
/// the new size; returns the receipt's proof.
pub fn append(
    conn: &Connection,
    signer: &Signer,
    seq: i64,
    digest: &str,
    id: &str,
) -> rusqlite::Result<LogProof> {
    let size = size(conn)?;
    let frontier = frontier(conn, size)?;
    let append = super::append(signer, size, &frontier, digest, id);
    conn.prepare_cached(
        "INSERT INTO log_entries (idx, submission, digest, id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![size as i64, seq, digest, id])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO log_hashes (level, idx, hash) VALUES (?1, ?2, ?3)")?;
    for (node, hash) in &append.appended.stored {
        insert.execute(params![node.level, node.index as i64, &hash[..]])?;
    }
    conn.prepare_cached("INSERT INTO log_checkpoints (size, note) VALUES (?1, ?2)")?
        .execute(params![(size + 1) as i64, append.note])?;
    Ok(LogProof::new(size, append.note, &append.appended.inclusion))
}

/// Appends, without checkpoints, every submission the log lacks, in the
/// order they were stored (a database from before the log, or restored by
/// `load`); returns how many.
pub fn append_missing(conn: &Connection) -> rusqlite::Result<u64> {
    let mut statement = conn.prepare(
        "SELECT s.seq, s.digest, s.id FROM submissions s
         WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
         ORDER BY s.seq",
    )?;
    let missing = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let start = size(conn)?;
    let mut frontier = frontier(conn, start)?;
    for (size, (seq, digest, id)) in (start..).zip(&missing) {
        let appended = merkle::append(size, &frontier, super::entry_leaf(digest, id));
        conn.execute(
            "INSERT INTO log_entries (idx, submission, digest, id) VALUES (?1, ?2, ?3, ?4)",
            params![size as i64, seq, digest, id],
        )?;
        for (node, hash) in &appended.stored {
            conn.execute(
                "INSERT INTO log_hashes (level, idx, hash) VALUES (?1, ?2, ?3)",
                params![node.level, node.index as i64, &hash[..]],
            )?;
        }
        // The new frontier: the old one with the nodes the leaf completed
        // folded into the last stored node.
        let merged = appended.stored.len() - 1;
        frontier.truncate(frontier.len() - merged);
        frontier.push(appended.stored.last().expect("the leaf").1);
    }
    Ok(missing.len() as u64)
}

/// Appends what the log lacks and, unless the latest checkpoint is of the
/// current size and signed by `signer`, signs one: what a server does when
/// it starts.
pub fn start(conn: &Connection, signer: &Signer) -> rusqlite::Result<()> {
    append_missing(conn)?;
    let size = size(conn)?;
    let current =
        latest_checkpoint(conn)?.is_some_and(|note| super::signed_by(&note, signer, size));
    if !current {
        let note = super::sign_size(signer, size, &frontier(conn, size)?);
        conn.execute(
            "INSERT INTO log_checkpoints (size, note) VALUES (?1, ?2)",
            params![size as i64, note],
        )?;
    }
    Ok(())
}

/// The latest checkpoint signed.
pub fn latest_checkpoint(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT note FROM log_checkpoints ORDER BY seq DESC LIMIT 1",
        [],
        |row| row.get(0),
    )
    .optional()
}

/// The proof of submission `seq` for its receipt: the first checkpoint
/// signed whose tree holds it (the one of its append, normally), and its
/// audit path there. `None` when it has no entry or no checkpoint holds it
/// yet.
pub fn proof_of(conn: &Connection, seq: i64) -> rusqlite::Result<Option<LogProof>> {
    let Some(index) = conn
        .query_row(
            "SELECT idx FROM log_entries WHERE submission = ?1",
            [seq],
            |row| row.get::<_, i64>(0),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let Some((size, note)) = conn
        .query_row(
            "SELECT size, note FROM log_checkpoints WHERE size > ?1 ORDER BY size, seq LIMIT 1",
            [index],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let (index, size) = (index as u64, size as u64);
    let path = read_proof(conn, |read| merkle::inclusion(index, size, read))?;
    Ok(Some(LogProof::new(index, note, &path)))
}

/// Runs a proof computation on the stored hashes it reads, fetched at once.
pub fn read_proof<T>(
    conn: &Connection,
    compute: impl Fn(&mut merkle::Reader<'_>) -> anyhow::Result<T>,
) -> rusqlite::Result<T> {
    let failed = |err: anyhow::Error| rusqlite::Error::InvalidParameterName(format!("{err:#}"));
    let wanted = merkle::needed(&compute).map_err(failed)?;
    let found = nodes(conn, &wanted)?;
    let result = compute(&mut merkle::from_map(&found));
    result.map_err(failed)
}

/// Entries `start..end`, at most [`super::MAX_ENTRIES`].
pub fn entries(conn: &Connection, start: u64, end: u64) -> rusqlite::Result<Vec<Entry>> {
    let end = end.min(start.saturating_add(super::MAX_ENTRIES));
    let mut statement = conn.prepare_cached(
        "SELECT idx, digest, id FROM log_entries WHERE idx >= ?1 AND idx < ?2 ORDER BY idx",
    )?;
    let rows = statement.query_map(params![start as i64, end as i64], |row| {
        Ok(Entry {
            index: row.get::<_, i64>(0)? as u64,
            digest: row.get(1)?,
            id: row.get(2)?,
        })
    })?;
    rows.collect()
}

/// Everything `log verify` checks, read in one snapshot.
pub fn contents(conn: &mut Connection) -> rusqlite::Result<super::audit::Contents> {
    let tx = conn.transaction()?;
    let mut contents = super::audit::Contents::default();
    {
        let mut statement = tx.prepare(
            "SELECT e.idx, e.digest, e.id, s.digest, s.id, s.document
             FROM log_entries e LEFT JOIN submissions s ON s.seq = e.submission
             ORDER BY e.idx",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let document: Option<String> = row.get(5)?;
            contents.entries.push(super::audit::StoredEntry {
                index: row.get::<_, i64>(0)? as u64,
                digest: row.get(1)?,
                id: row.get(2)?,
                submission: match (row.get::<_, Option<String>>(3)?, row.get(4)?) {
                    (Some(digest), Some(id)) => Some((digest, id)),
                    _ => None,
                },
                document_digest: document
                    .map(|document| crate::canonical::sha256_hex(document.as_bytes())),
            });
        }
        let mut statement = tx.prepare(
            "SELECT s.id FROM submissions s
             WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
             ORDER BY s.seq",
        )?;
        contents.unlogged = statement
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = tx.prepare("SELECT size, note FROM log_checkpoints ORDER BY seq")?;
        contents.checkpoints = statement
            .query_map([], |row| Ok((row.get::<_, i64>(0)? as u64, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = tx.prepare("SELECT level, idx, hash FROM log_hashes")?;
        contents.hashes = statement
            .query_map([], |row| {
                Ok((
                    Node {
                        level: row.get(0)?,
                        index: row.get::<_, i64>(1)? as u64,
                    },
                    row.get::<_, Vec<u8>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    tx.commit()?;
    Ok(contents)
}
