//! `charte-registry log verify`: rebuilds the tree from the stored entries
//! and checks it against everything else the database holds: each entry
//! against the submission it logs (digest, receipt id, the document's
//! SHA-256), every submission logged, the stored hashes, and every
//! checkpoint's root (and signature, given the public key).

use std::collections::HashMap;

use super::merkle::{Hash, Node, Tree};
use super::{entry_leaf, hex, Checkpoint, Verifier};

/// One stored entry and what it points at.
#[derive(Debug, Default)]
pub struct StoredEntry {
    pub index: u64,
    pub digest: String,
    pub id: String,
    /// The digest and id of the submission row it points at, if any.
    pub submission: Option<(String, String)>,
    /// SHA-256 of that submission's stored document.
    pub document_digest: Option<String>,
}

/// What a database holds of the log, read in one snapshot.
#[derive(Debug, Default)]
pub struct Contents {
    /// In index order.
    pub entries: Vec<StoredEntry>,
    /// Receipt ids of submissions with no entry.
    pub unlogged: Vec<String>,
    /// (size, note), in the order they were signed.
    pub checkpoints: Vec<(u64, String)>,
    pub hashes: Vec<(Node, Vec<u8>)>,
}

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Report {
    pub entries: u64,
    pub checkpoints: u64,
    /// One line per difference.
    pub problems: Vec<String>,
}

/// Checks `contents`; signatures too when `keys` is not empty (a
/// checkpoint must verify with one of them).
pub fn verify(contents: &Contents, keys: &[Verifier]) -> Report {
    let mut problems = Vec::new();
    let mut tree = Tree::new();
    let mut roots: Vec<Hash> = vec![tree.root()];
    let mut expected = 0;
    for entry in &contents.entries {
        if entry.index == expected + 1 {
            problems.push(format!(
                "entry {expected} is missing: the next stored entry is {}",
                entry.index
            ));
        } else if entry.index != expected {
            problems.push(format!(
                "entries {expected} to {} are missing: the next stored entry is {}",
                entry.index.saturating_sub(1),
                entry.index
            ));
        }
        expected = entry.index + 1;
        match (&entry.submission, &entry.document_digest) {
            (Some((digest, id)), Some(document)) => {
                if digest != &entry.digest || id != &entry.id {
                    problems.push(format!(
                        "entry {} logs {} {}, but its submission is {id} {digest}",
                        entry.index, entry.id, entry.digest
                    ));
                }
                if document != &entry.digest {
                    problems.push(format!(
                        "entry {} ({}): the stored document's SHA-256 is {document}, the log \
                         says {}: the document was altered in the database",
                        entry.index, entry.id, entry.digest
                    ));
                }
            }
            _ => problems.push(format!(
                "entry {} ({}) points at no stored submission",
                entry.index, entry.id
            )),
        }
        tree.push(entry_leaf(&entry.digest, &entry.id));
        roots.push(tree.root());
    }
    for id in &contents.unlogged {
        problems.push(format!("submission {id} has no entry in the log"));
    }
    let mut stored: HashMap<Node, &[u8]> = HashMap::new();
    for (node, hash) in &contents.hashes {
        stored.insert(*node, hash);
        if tree.node(*node).as_ref().map(|h| &h[..]) != Some(&hash[..]) {
            problems.push(format!(
                "the stored hash of level {} index {} is not the one of the entries",
                node.level, node.index
            ));
        }
    }
    for leaf in 0..tree.size() {
        let node = Node {
            level: 0,
            index: leaf,
        };
        if !stored.contains_key(&node) {
            problems.push(format!("the stored hash of entry {leaf} is missing"));
        }
    }
    for (size, note) in &contents.checkpoints {
        // The root is checked whether or not the signature is.
        let body = note.rfind("\n\n").map(|split| &note[..=split]);
        if !keys.is_empty() {
            let opened = keys.iter().find_map(|key| key.open(note).ok());
            if opened.is_none() {
                problems.push(format!(
                    "the checkpoint of size {size} is not signed by {}",
                    keys.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        let Some(checkpoint) = body.and_then(|body| Checkpoint::parse(body).ok()) else {
            problems.push(format!("the checkpoint of size {size} is malformed"));
            continue;
        };
        if checkpoint.size != *size {
            problems.push(format!(
                "the checkpoint stored for size {size} is of size {}",
                checkpoint.size
            ));
        }
        match roots.get(checkpoint.size as usize) {
            None => problems.push(format!(
                "the checkpoint of size {} is larger than the log ({} entries)",
                checkpoint.size,
                tree.size()
            )),
            Some(root) if *root != checkpoint.root => problems.push(format!(
                "the checkpoint of size {} has root {}, the entries give {}",
                checkpoint.size,
                hex(&checkpoint.root),
                hex(root)
            )),
            Some(_) => {}
        }
    }
    Report {
        entries: tree.size(),
        checkpoints: contents.checkpoints.len() as u64,
        problems,
    }
}
