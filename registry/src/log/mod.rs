//! The transparency log (SPEC §8): every accepted submission and withdrawal
//! appended as a leaf of an RFC 9162 Merkle tree, in the transaction that
//! stores it, and a checkpoint signed for the tree size each transaction
//! makes: one per group of submissions committed together, on both
//! engines.
//!
//! - [`merkle`]: hashing, roots and proofs over stored subtree hashes;
//! - [`note`]: the signed-note keys and checkpoints;
//! - [`sqlite`] and [`postgres`]: the tables of migration 3, on each engine;
//! - [`audit`]: `charte-registry log verify`.
//!
//! The wire format is shared with the client (`charte verify`): the entry
//! text, the checkpoint note, the `log` member of a receipt, and the
//! `/v1/log/` endpoints of the server.

pub mod audit;
pub mod merkle;
pub mod note;
pub mod postgres;
pub mod sqlite;

use std::collections::HashMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

pub use merkle::{Hash, Node};
pub use note::{Checkpoint, Signer, Verifier};

/// The origin (and key name) of a log made without `--name`.
pub const DEFAULT_ORIGIN: &str = "charte-registry";
/// Most entries one `GET /v1/log/entries` answers.
pub const MAX_ENTRIES: u64 = 1000;
/// Most entries the log's rebuilding stores at once (at start, after
/// `load`): what it keeps in memory is in proportion.
const REBUILD_CHUNK: usize = 10_000;

/// The text of the entry of a stored submission.
pub fn entry_text(digest: &str, id: &str) -> String {
    format!("charte-log-entry/1\n{digest}\n{id}\n")
}

/// The leaf hash of that entry.
pub fn entry_leaf(digest: &str, id: &str) -> Hash {
    merkle::leaf_hash(entry_text(digest, id).as_bytes())
}

/// Lowercase hex.
pub fn hex(hash: &Hash) -> String {
    crate::canonical::hex(hash)
}

/// What a receipt carries of the log: its leaf, a checkpoint whose tree
/// holds it, and its audit path in that tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogProof {
    pub index: u64,
    /// The signed note.
    pub checkpoint: String,
    /// Lowercase hex hashes, leaf to root.
    pub inclusion: Vec<String>,
}

impl LogProof {
    fn new(index: u64, checkpoint: String, inclusion: &[Hash]) -> LogProof {
        LogProof {
            index,
            checkpoint,
            inclusion: inclusion.iter().map(hex).collect(),
        }
    }
}

/// One entry as `GET /v1/log/entries` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub index: u64,
    pub digest: String,
    pub id: String,
}

/// Entries appended in memory to a tree whose end was read once (by a
/// group of submissions stored in one transaction, or by the log's
/// rebuilding): each leaf extends the frontier, and the nodes it completes
/// are kept, to be stored and to prove inclusion in the tree they make.
pub struct Pending {
    /// The log's size when the appends began.
    start: u64,
    /// The frontier's hashes of the tree with the leaves so far.
    frontier: Vec<Hash>,
    /// The complete nodes an inclusion proof in that tree may need: the
    /// frontier at `start` and the nodes the leaves add.
    known: HashMap<Node, Hash>,
    /// The entries, in order: submission `seq`, digest, id.
    entries: Vec<(i64, String, String)>,
    /// The nodes the entries add, to store.
    stored: Vec<(Node, Hash)>,
}

impl Pending {
    /// Appends to the tree of `start` leaves whose frontier's hashes are
    /// `frontier`.
    pub fn new(start: u64, frontier: Vec<Hash>) -> Pending {
        let known = merkle::frontier(start)
            .into_iter()
            .zip(frontier.iter().copied())
            .collect();
        Pending {
            start,
            frontier,
            known,
            entries: Vec::new(),
            stored: Vec::new(),
        }
    }

    /// Appends the entry of submission `seq`: its position among these.
    pub fn push(&mut self, seq: i64, digest: &str, id: &str) -> usize {
        let appended = merkle::append(self.size(), &self.frontier, entry_leaf(digest, id));
        let merged = appended.stored.len() - 1;
        self.frontier.truncate(self.frontier.len() - merged);
        self.frontier
            .push(appended.stored.last().expect("the leaf").1);
        self.known.extend(appended.stored.iter().copied());
        self.stored.extend(appended.stored);
        self.entries.push((seq, digest.to_owned(), id.to_owned()));
        self.entries.len() - 1
    }

    /// The position among these of the entry of submission `seq`, if
    /// appended here.
    pub fn position(&self, seq: i64) -> Option<usize> {
        self.entries.iter().position(|(entry, _, _)| *entry == seq)
    }

    /// The size of the tree with these entries.
    pub fn size(&self) -> u64 {
        self.start + self.entries.len() as u64
    }

    /// The index of the first entry.
    pub fn start(&self) -> u64 {
        self.start
    }

    /// The frontier's hashes of the tree with these entries.
    pub fn frontier(&self) -> &[Hash] {
        &self.frontier
    }

    /// The entries, from index [`Pending::start`]: submission `seq`,
    /// digest, id.
    pub fn entries(&self) -> &[(i64, String, String)] {
        &self.entries
    }

    /// The nodes the entries add.
    pub fn stored(&self) -> &[(Node, Hash)] {
        &self.stored
    }

    /// Signs the checkpoint of [`Pending::size`].
    pub fn sign(self, signer: &Signer) -> Signed {
        let note = sign_size(signer, self.size(), &self.frontier);
        Signed {
            pending: self,
            note,
        }
    }
}

/// Appended entries and the checkpoint signed for the tree they make: what
/// each entry's proof is computed from, by its own submitter once they are
/// stored (not while the log waits).
pub struct Signed {
    pub pending: Pending,
    /// The checkpoint's note.
    pub note: String,
}

impl Signed {
    /// The proof of the entry at `position` among the appended ones.
    pub fn proof(&self, position: usize) -> Result<LogProof> {
        let pending = &self.pending;
        let index = pending.start + position as u64;
        anyhow::ensure!(
            index < pending.size(),
            "the group stored fewer log entries than it appended"
        );
        let path = merkle::inclusion(index, pending.size(), &mut merkle::from_map(&pending.known))?;
        Ok(LogProof::new(index, self.note.clone(), &path))
    }
}

/// The signed checkpoint of a tree of `size` leaves whose frontier hashes
/// are `frontier`.
pub fn sign_size(signer: &Signer, size: u64, frontier: &[Hash]) -> String {
    signer.sign(
        &Checkpoint {
            origin: signer.name().to_owned(),
            size,
            root: merkle::fold(frontier),
        }
        .body(),
    )
}

/// Whether `note` is a checkpoint of `size` leaves signed by `signer` (a
/// store signs a new one at start when not).
pub fn signed_by(note: &str, signer: &Signer, size: u64) -> bool {
    signer
        .verifier()
        .open(note)
        .ok()
        .and_then(|body| Checkpoint::parse(body).ok())
        .is_some_and(|checkpoint| checkpoint.size == size && checkpoint.origin == signer.name())
}

/// Reads a private key file, naming it in errors.
pub fn read_signer(path: &std::path::Path) -> Result<Signer> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the log key {}: create one with `charte-registry log init --key {}`",
            path.display(),
            path.display()
        )
    })?;
    Signer::parse(&text).with_context(|| format!("{}", path.display()))
}
