//! The JSONL dump of submissions (`charte-registry dump`) and its restore
//! into an empty database (`charte-registry load`; into PostgreSQL by
//! `PgStore::load`, from the same checked lines).
//!
//! One line per submission, in the log's order (so that a dump loaded
//! into an empty database rebuilds the same tree), then those the log
//! lacks, if any (a database not served since it was made by a version
//! without the log), in the order stored:
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
use crate::store::{head_of, stored_receipt, Receipt};
use crate::time::now_rfc3339;

/// The label of the revoked tokens that restored submissions belong to.
pub const RESTORED_LABEL: &str = "restored from a dump";

/// The dump's columns, for a submission `s` and its head `h`.
const COLUMNS: &str = "s.id, s.digest, s.siren, s.product, s.received_at, s.document,
     h.submission IS NOT NULL AS head";

/// The dump's two queries, on both engines: the logged submissions after
/// index `$1`, in the log's order; then those the log lacks after row
/// `$2`, in the order stored.
pub(crate) fn queries() -> [String; 2] {
    [
        format!(
            "SELECT {COLUMNS} FROM log_entries e JOIN submissions s ON s.seq = e.submission
             LEFT JOIN heads h ON h.submission = s.seq
             WHERE e.idx > $1 ORDER BY e.idx"
        ),
        format!(
            "SELECT {COLUMNS} FROM submissions s LEFT JOIN heads h ON h.submission = s.seq
             WHERE s.seq > $1
               AND NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.submission = s.seq)
             ORDER BY s.seq"
        ),
    ]
}

/// The query that finds where a dump `--since` a receipt id resumes.
pub(crate) const SINCE: &str = "SELECT e.idx, s.seq FROM submissions s
     LEFT JOIN log_entries e ON e.submission = s.seq WHERE s.id = $1";

/// Where the dump's two [`queries`] start: after everything when
/// `since` is not given; after a logged receipt, the entries after its own,
/// then everything the log lacks; after a receipt the log lacks, the rows
/// after its own among those.
pub(crate) fn resume(since: Option<(Option<i64>, i64)>) -> [i64; 2] {
    match since {
        None => [-1, 0],
        Some((Some(index), _)) => [index, 0],
        Some((None, seq)) => [i64::MAX, seq],
    }
}

/// Writes every submission stored after the one whose receipt id is
/// `since` (all of them without it) to `out`, one JSON line each, as they
/// are read. Returns how many.
pub fn dump(conn: &Connection, db: &Path, since: Option<&str>, out: &mut dyn Write) -> Result<u64> {
    // One transaction: one consistent snapshot, even while the server writes.
    let tx = conn.unchecked_transaction()?;
    let since = match since {
        None => None,
        Some(id) => Some(
            tx.query_row(SINCE, [id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?
                .with_context(|| unknown_since(id, &db.display().to_string()))?,
        ),
    };
    let mut count = 0;
    for (query, after) in queries().iter().zip(resume(since)) {
        let mut statement = tx.prepare(query)?;
        let mut rows = statement.query([after])?;
        while let Some(row) = rows.next()? {
            let receipt = stored_receipt(row)?;
            let document: String = row.get("document")?;
            write_line(out, receipt, row.get::<_, bool>("head")?, &document)?;
            count += 1;
        }
    }
    tx.commit()?;
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

/// One line of a dump, checked: the canonical text of its document hashes
/// to its digest.
pub(crate) struct Restored {
    pub receipt: Receipt,
    pub head: bool,
    /// The canonical JSON to store.
    pub document: String,
    /// `FILE line N`, for messages.
    pub at: String,
}

/// The checked lines of a dump read from `input` (named `source` in
/// messages), blank lines skipped; the first bad line is an error.
pub(crate) struct Lines<'a> {
    input: &'a mut dyn BufRead,
    source: &'a Path,
    number: usize,
    text: String,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(source: &'a Path, input: &'a mut dyn BufRead) -> Lines<'a> {
        Lines {
            input,
            source,
            number: 0,
            text: String::new(),
        }
    }

    fn next_line(&mut self) -> Result<Option<Restored>> {
        loop {
            self.text.clear();
            self.number += 1;
            if self.input.read_line(&mut self.text)? == 0 {
                return Ok(None);
            }
            if !self.text.trim().is_empty() {
                break;
            }
        }
        let at = format!("{} line {}", self.source.display(), self.number);
        let line: Line = serde_json::from_str(&self.text)
            .with_context(|| format!("{at}: not a line of charte-registry dump"))?;
        let computed = digest(&line.document);
        if computed != line.digest || computed != line.receipt.digest {
            bail!(
                "{at}: the document's digest is {computed}, the line says {}: the dump was \
                 altered; restore from an intact copy",
                line.digest
            );
        }
        Ok(Some(Restored {
            receipt: line.receipt,
            head: line.head,
            document: to_canonical_json(&line.document),
            at,
        }))
    }
}

impl Iterator for Lines<'_> {
    type Item = Result<Restored>;

    fn next(&mut self) -> Option<Result<Restored>> {
        self.next_line().transpose()
    }
}

/// The heads a restore rebuilds: for each organization and product, the
/// line marked `head`, or else its last line.
#[derive(Default)]
pub(crate) struct Heads(BTreeMap<(String, String), (i64, Option<i64>)>);

impl Heads {
    /// Counts the line `restored`, stored as row `seq`.
    pub(crate) fn record(&mut self, restored: &Restored, seq: i64) {
        let receipt = &restored.receipt;
        let key = (receipt.organization.clone(), receipt.head_key().to_owned());
        let entry = self.0.entry(key).or_insert((seq, None));
        entry.0 = seq;
        if restored.head {
            entry.1 = Some(seq);
        }
    }

    /// `(siren, product, seq)` of every head.
    pub(crate) fn rows(self) -> impl Iterator<Item = (String, String, i64)> {
        self.0
            .into_iter()
            .map(|((siren, product), (last, marked))| (siren, product, marked.unwrap_or(last)))
    }
}

/// The refusal to load into database `db`, which holds `stored`
/// submissions; `fix` says where to load instead.
pub(crate) fn not_empty(db: &str, stored: i64, fix: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{db} already holds {stored} submissions: load restores a dump into an empty \
         database ({fix})"
    )
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
        return Err(not_empty(
            &db.display().to_string(),
            stored,
            "give a new --db path",
        ));
    }
    let mut tokens: BTreeMap<String, i64> = BTreeMap::new();
    let mut heads = Heads::default();
    let mut count = 0;
    for line in Lines::new(source, input) {
        let line = line?;
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
                line.document
            ],
        )
        .with_context(|| format!("{}: cannot store submission {}", line.at, receipt.id))?;
        heads.record(&line, tx.last_insert_rowid());
        count += 1;
    }
    // The log's entries, in the dump's order: the tree has the same roots
    // as the dumped registry's (checkpoints are signed when it next serves).
    crate::log::sqlite::append_missing(&tx)?;
    for (siren, product, seq) in heads.rows() {
        tx.execute(
            "INSERT INTO heads (siren, product, submission) VALUES (?1, ?2, ?3)",
            params![siren, product, seq],
        )?;
    }
    tx.commit()?;
    Ok(count)
}
