//! The JSONL dump of submissions (`charte-registry dump`) and its restore
//! into an empty database (`charte-registry load`).
//!
//! One line per submission, in the order the registry stored them:
//! `{"digest":…,"receipt":{…},"head":true,"document":{…}}`, the document
//! being the stored canonical JSON, verbatim, so that its SHA-256 is the
//! digest. `head` is present on the submissions `latest` lists (a replay
//! can make an older document the head of its product again). Tokens are
//! not dumped: restored submissions are attributed to one revoked token
//! per organization, labelled [`RESTORED_LABEL`].

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Deserialize;

use crate::auth::{generate_token, hash_token};
use crate::canonical::{digest, to_canonical_json};
use crate::store::{head_of, Receipt};
use crate::time::now_rfc3339;

/// The label of the revoked tokens that restored submissions belong to.
pub const RESTORED_LABEL: &str = "restored from a dump";

/// Writes every submission stored after the one whose receipt id is
/// `since` (all of them without it) to `out`, one JSON line each, as they
/// are read. Returns how many.
pub fn dump(conn: &Connection, db: &Path, since: Option<&str>, out: &mut dyn Write) -> Result<u64> {
    let after = match since {
        None => 0,
        Some(id) => conn
            .query_row("SELECT seq FROM submissions WHERE id = ?1", [id], |row| {
                row.get::<_, i64>(0)
            })
            .optional()?
            .with_context(|| unknown_since(id, &db.display().to_string()))?,
    };
    // One statement: one consistent snapshot, even while the server writes.
    let mut statement = conn.prepare(
        "SELECT s.id, s.digest, s.siren, s.product, s.received_at, s.document,
                h.submission IS NOT NULL AS head
         FROM submissions s
         LEFT JOIN heads h ON h.submission = s.seq
         WHERE s.seq > ?1 ORDER BY s.seq",
    )?;
    let mut rows = statement.query([after])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let receipt = Receipt {
            id: row.get("id")?,
            digest: row.get("digest")?,
            organization: row.get("siren")?,
            product: row.get("product")?,
            received_at: row.get("received_at")?,
            withdrawn: false,
            directory: None,
            log: None,
        };
        let document: String = row.get("document")?;
        write_line(out, receipt, row.get::<_, bool>("head")?, &document)?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

/// Writes the line of one stored submission: `receipt` (its `withdrawn`
/// read from the `document`), whether it heads its product, and the stored
/// canonical `document`, verbatim.
pub(crate) fn write_line(
    out: &mut dyn Write,
    receipt: Receipt,
    head: bool,
    document: &str,
) -> Result<()> {
    let receipt = head_of(receipt, document).receipt;
    let head = if head { ",\"head\":true" } else { "" };
    writeln!(
        out,
        "{{\"digest\":{},\"receipt\":{}{head},\"document\":{document}}}",
        serde_json::to_string(&receipt.digest)?,
        serde_json::to_string(&receipt)?,
    )?;
    Ok(())
}

/// The message for a `--since` receipt that is not stored.
pub(crate) fn unknown_since(id: &str, db: &str) -> String {
    format!("no submission {id} in {db}: --since takes a receipt id from an earlier dump")
}

#[derive(Deserialize)]
struct Line {
    digest: String,
    receipt: Receipt,
    #[serde(default)]
    head: bool,
    document: serde_json::Value,
}

/// Restores a dump read from `input` (named `source` in messages) into the
/// database of `conn`, which must hold no submission, in one transaction:
/// nothing is stored unless every line is. Each document's digest is
/// computed again and must match its line's. Returns how many submissions
/// were restored.
pub fn load(
    conn: &mut Connection,
    db: &Path,
    source: &Path,
    input: &mut dyn BufRead,
) -> Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored: i64 = tx.query_row("SELECT count(*) FROM submissions", [], |row| row.get(0))?;
    if stored > 0 {
        bail!(
            "{} already holds {stored} submissions: load restores a dump into an empty \
             database (give a new --db path)",
            db.display()
        );
    }
    let mut tokens: BTreeMap<String, i64> = BTreeMap::new();
    // (siren, product) → (seq of its last submission, seq of a marked head)
    let mut heads: BTreeMap<(String, String), (i64, Option<i64>)> = BTreeMap::new();
    let mut count = 0;
    let mut text = String::new();
    for number in 1.. {
        text.clear();
        if input.read_line(&mut text)? == 0 {
            break;
        }
        if text.trim().is_empty() {
            continue;
        }
        let at = || format!("{} line {number}", source.display());
        let line: Line = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a line of charte-registry dump", at()))?;
        let computed = digest(&line.document);
        if computed != line.digest || computed != line.receipt.digest {
            bail!(
                "{}: the document's digest is {computed}, the line says {}: the dump was \
                 altered; restore from an intact copy",
                at(),
                line.digest
            );
        }
        let receipt = &line.receipt;
        let token = match tokens.get(&receipt.organization) {
            Some(&id) => id,
            None => {
                let now = now_rfc3339();
                tx.execute(
                    "INSERT INTO tokens (hash, siren, label, created, revoked)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![
                        hash_token(&generate_token()?),
                        receipt.organization,
                        RESTORED_LABEL,
                        now
                    ],
                )?;
                let id = tx.last_insert_rowid();
                tokens.insert(receipt.organization.clone(), id);
                id
            }
        };
        tx.execute(
            "INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                receipt.id,
                receipt.digest,
                receipt.organization,
                receipt.product,
                receipt.received_at,
                token,
                to_canonical_json(&line.document)
            ],
        )
        .with_context(|| format!("{}: cannot store submission {}", at(), receipt.id))?;
        let seq = tx.last_insert_rowid();
        let key = (receipt.organization.clone(), receipt.head_key().to_owned());
        let entry = heads.entry(key).or_insert((seq, None));
        entry.0 = seq;
        if line.head {
            entry.1 = Some(seq);
        }
        count += 1;
    }
    // The log's entries, in the dump's order: the tree has the same roots
    // as the dumped registry's (checkpoints are signed when it next serves).
    crate::log::sqlite::append_missing(&tx)?;
    for ((siren, product), (last, marked)) in heads {
        tx.execute(
            "INSERT INTO heads (siren, product, submission) VALUES (?1, ?2, ?3)",
            params![siren, product, marked.unwrap_or(last)],
        )?;
    }
    tx.commit()?;
    Ok(count)
}
