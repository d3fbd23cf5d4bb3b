//! The transparency log (SPEC §8): every accepted submission and withdrawal
//! appended as a leaf of an RFC 9162 Merkle tree, in the transaction that
//! stores it, and a checkpoint signed for the tree size each transaction
//! makes (one per submission on SQLite, one per group of submissions on
//! PostgreSQL).
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

use anyhow::Result;
use serde::{Deserialize, Serialize};

pub use merkle::{Hash, Node};
pub use note::{Checkpoint, Signer, Verifier};

/// The origin (and key name) of a log made without `--name`.
pub const DEFAULT_ORIGIN: &str = "charte-registry";
/// Most entries one `GET /v1/log/entries` answers.
pub const MAX_ENTRIES: u64 = 1000;

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

/// What an append stores besides the entry: the hashes and the checkpoint
/// for the new size, signed.
pub struct Append {
    pub appended: merkle::Appended,
    pub note: String,
}

/// Appends leaf `size` (the entry of `digest` and `id`) to the tree whose
/// frontier hashes are `frontier`, and signs the checkpoint of the new size.
pub fn append(signer: &Signer, size: u64, frontier: &[Hash], digest: &str, id: &str) -> Append {
    let appended = merkle::append(size, frontier, entry_leaf(digest, id));
    let note = signer.sign(
        &Checkpoint {
            origin: signer.name().to_owned(),
            size: size + 1,
            root: appended.root,
        }
        .body(),
    );
    Append { appended, note }
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
