//! The log's tables in the SQLite store (migration 3): the writer's
//! appends ([`Tail`]: a group's entries, their hashes and one checkpoint
//! stored in its transaction), reading stored hashes, checkpoints and
//! entries, and the proof a receipt carries.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::merkle::{self, Hash, Node};
use super::{Entry, LogProof, Pending, Signed, Signer};

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

/// The log's end as the writer connection last committed it, and the
/// appends of the group of submissions its open transaction holds: the
/// end is read once per group at most, not at each append, and the
/// group's entries, their hashes and one signed checkpoint are stored at
/// its end.
#[derive(Default)]
pub struct Tail {
    /// The size and frontier after the writer's last commit, when known.
    committed: Option<(u64, Vec<Hash>)>,
    /// The open group's appends, and the key that signs their checkpoint.
    pending: Option<(Pending, Signer)>,
    /// The log's end once the open group's entries are stored, until its
    /// transaction ends.
    stored: Option<(u64, Vec<Hash>)>,
}

impl Tail {
    /// Readies the open group's appends, signed by `signer`: the log's end
    /// the writer committed last, if the database still ends there, or
    /// the one read. Called before a submission's writes, so that
    /// [`Tail::push`] cannot fail after them.
    pub fn open(&mut self, conn: &Connection, signer: &Signer) -> rusqlite::Result<()> {
        if self.pending.is_some() {
            return Ok(());
        }
        let size = size(conn)?;
        let frontier = match self.committed.take() {
            Some((known, kept)) if known == size && still_ends(conn, size, &kept)? => kept,
            _ => frontier(conn, size)?,
        };
        self.pending = Some((Pending::new(size, frontier), signer.clone()));
        Ok(())
    }

    /// Appends the entry of submission `seq` to the open group's, once
    /// [`Tail::open`]: its position among them.
    pub fn push(&mut self, seq: i64, digest: &str, id: &str) -> usize {
        let (pending, _) = self
            .pending
            .as_mut()
            .expect("the group's appends are opened before its writes");
        pending.push(seq, digest, id)
    }

    /// The position among the open group's entries of that of `seq`, if
    /// the group appended it.
    pub fn position(&self, seq: i64) -> Option<usize> {
        self.pending
            .as_ref()
            .and_then(|(pending, _)| pending.position(seq))
    }

    /// Stores the open group's entries, their hashes and the signed
    /// checkpoint of the new size, in its transaction: what each entry's
    /// proof is computed from. `None` when the group appended nothing.
    pub fn store(&mut self, conn: &Connection) -> rusqlite::Result<Option<Signed>> {
        let Some((pending, signer)) = self.pending.take() else {
            return Ok(None);
        };
        if pending.entries().is_empty() {
            self.stored = Some((pending.size(), pending.frontier().to_vec()));
            return Ok(None);
        }
        let signed = pending.sign(&signer);
        insert_pending(conn, &signed.pending)?;
        conn.prepare_cached("INSERT INTO log_checkpoints (size, note) VALUES (?1, ?2)")?
            .execute(params![signed.pending.size() as i64, signed.note])?;
        self.stored = Some((signed.pending.size(), signed.pending.frontier().to_vec()));
        Ok(Some(signed))
    }

    /// The open group's transaction ended: committed, the end it stored is
    /// the log's end (the one kept, when it appended nothing); otherwise
    /// the log's end is read again.
    pub fn ended(&mut self, committed: bool) {
        let stored = self.stored.take();
        self.pending = None;
        if !committed {
            self.committed = None;
        } else if stored.is_some() {
            self.committed = stored;
        }
    }

    /// Another write ran: the log's end is read again.
    pub fn forget(&mut self) {
        *self = Tail::default();
    }
}

/// Whether the stored tree of `size` leaves ends with the last hash of
/// `frontier`: the tree kept in memory is still the stored one.
fn still_ends(conn: &Connection, size: u64, frontier: &[Hash]) -> rusqlite::Result<bool> {
    let (Some(node), Some(kept)) = (merkle::frontier(size).last().copied(), frontier.last()) else {
        return Ok(size == 0);
    };
    Ok(nodes(conn, &[node])?.get(&node) == Some(kept))
}

/// Stores the entries of `pending` and the nodes they add.
fn insert_pending(conn: &Connection, pending: &Pending) -> rusqlite::Result<()> {
    let mut entry = conn.prepare_cached(
        "INSERT INTO log_entries (idx, submission, digest, id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (index, (seq, digest, id)) in (pending.start()..).zip(pending.entries()) {
        entry.execute(params![index as i64, seq, digest, id])?;
    }
    let mut hash =
        conn.prepare_cached("INSERT INTO log_hashes (level, idx, hash) VALUES (?1, ?2, ?3)")?;
    for (node, value) in pending.stored() {
        hash.execute(params![node.level, node.index as i64, &value[..]])?;
    }
    Ok(())
}

/// Appends, without checkpoints, every submission the log lacks, in the
/// order they were stored (a database from before the log, or restored by
/// `load`); returns what it appended, to the log's end.
pub fn append_missing(conn: &Connection) -> rusqlite::Result<Pending> {
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
    let mut pending = Pending::new(start, frontier(conn, start)?);
    for chunk in missing.chunks(super::REBUILD_CHUNK) {
        // What a chunk kept to prove inclusion is not needed after it.
        pending = Pending::new(pending.size(), pending.frontier().to_vec());
        for (seq, digest, id) in chunk {
            pending.push(*seq, digest, id);
        }
        insert_pending(conn, &pending)?;
    }
    Ok(pending)
}

/// Appends what the log lacks and, unless the latest checkpoint is of the
/// current size and signed by `signer`, signs one: what a server does when
/// it starts.
pub fn start(conn: &Connection, signer: &Signer) -> rusqlite::Result<()> {
    let appended = append_missing(conn)?;
    let size = appended.size();
    let current =
        latest_checkpoint(conn)?.is_some_and(|note| super::signed_by(&note, signer, size));
    if !current {
        let note = super::sign_size(signer, size, appended.frontier());
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
