//! RFC 9162 Merkle trees over stored subtree hashes: leaf and node hashing,
//! the root of any size, inclusion and consistency proofs, and their
//! verification.
//!
//! The registry stores, for each appended leaf, the leaf hash and the hash
//! of every complete subtree the leaf completes (the "stored hashes" of Go's
//! `golang.org/x/mod/sumdb/tlog`): [`Node`] `{level, index}` covers leaves
//! `index·2^level … (index+1)·2^level − 1`. Any subtree a root or a proof
//! needs is either such a complete node, or the right edge of a tree of
//! size `n`, which is the right fold of at most log₂ n complete nodes
//! ([`range_nodes`]). An append reads the frontier of the tree (its
//! `popcount(n)` complete nodes), a proof reads O(log n) nodes: nothing is
//! ever rebuilt.
//!
//! The proof functions take a reader of stored nodes. What they read does
//! not depend on the hashes read, so [`needed`] runs a computation once
//! with dummy hashes to learn which nodes it reads; the store then fetches
//! them in one query and runs it again on them ([`from_map`]).

use std::collections::HashMap;

use anyhow::{bail, Result};
use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 ‖ data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(data);
    hasher.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([1u8]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// A complete subtree: `2^level` leaves from `index << level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    pub level: u8,
    pub index: u64,
}

/// Reads stored node hashes.
pub type Reader<'a> = dyn FnMut(Node) -> Result<Hash> + 'a;

/// The complete nodes whose right fold is the hash of leaves `lo..hi`
/// (`lo < hi`, `lo` a multiple of a power of two at least `hi − lo`, as
/// every subtree of an RFC 9162 tree is): largest first.
pub fn range_nodes(lo: u64, hi: u64) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut at = lo;
    while at < hi {
        let mut level = (hi - at).ilog2() as u8;
        while at & ((1u64 << level) - 1) != 0 {
            level -= 1;
        }
        nodes.push(Node {
            level,
            index: at >> level,
        });
        at += 1u64 << level;
    }
    nodes
}

/// The frontier of a tree of `size` leaves: its complete nodes, left to
/// right (what an append reads).
pub fn frontier(size: u64) -> Vec<Node> {
    if size == 0 {
        return Vec::new();
    }
    range_nodes(0, size)
}

/// The right fold of `hashes` (the hashes of [`range_nodes`], in order).
pub fn fold(hashes: &[Hash]) -> Hash {
    let mut iter = hashes.iter().rev();
    let Some(last) = iter.next() else {
        return empty_root();
    };
    iter.fold(*last, |right, left| node_hash(left, &right))
}

/// The hash of leaves `lo..hi`.
fn range_hash(lo: u64, hi: u64, read: &mut Reader<'_>) -> Result<Hash> {
    let hashes = range_nodes(lo, hi)
        .into_iter()
        .map(&mut *read)
        .collect::<Result<Vec<_>>>()?;
    Ok(fold(&hashes))
}

/// The root of the tree of `size` leaves.
pub fn root(size: u64, read: &mut Reader<'_>) -> Result<Hash> {
    if size == 0 {
        return Ok(empty_root());
    }
    range_hash(0, size, read)
}

/// The largest power of two smaller than `n` (`n > 1`).
fn split(n: u64) -> u64 {
    1u64 << (n - 1).ilog2()
}

/// The audit path of leaf `index` in the tree of `size` leaves, leaf to
/// root (RFC 9162 §2.1.3.1).
pub fn inclusion(index: u64, size: u64, read: &mut Reader<'_>) -> Result<Vec<Hash>> {
    if index >= size {
        bail!("leaf {index} is not in a tree of {size} leaves");
    }
    let (mut lo, mut hi) = (0, size);
    let mut path = Vec::new();
    while hi - lo > 1 {
        let k = split(hi - lo);
        if index < lo + k {
            path.push(range_hash(lo + k, hi, read)?);
            hi = lo + k;
        } else {
            path.push(range_hash(lo, lo + k, read)?);
            lo += k;
        }
    }
    path.reverse();
    Ok(path)
}

/// The consistency proof from the tree of `from` leaves to the tree of `to`
/// (RFC 9162 §2.1.4.1): empty when `from` is 0 or `to`.
pub fn consistency(from: u64, to: u64, read: &mut Reader<'_>) -> Result<Vec<Hash>> {
    if from > to {
        bail!("a tree of {from} leaves cannot grow into one of {to}");
    }
    if from == 0 || from == to {
        return Ok(Vec::new());
    }
    let (mut lo, mut hi, mut m) = (0, to, from);
    let mut whole = true;
    let mut path = Vec::new();
    let first = loop {
        let n = hi - lo;
        if m == n {
            break if whole {
                None
            } else {
                Some(range_hash(lo, hi, read)?)
            };
        }
        let k = split(n);
        if m <= k {
            path.push(range_hash(lo + k, hi, read)?);
            hi = lo + k;
        } else {
            path.push(range_hash(lo, lo + k, read)?);
            lo += k;
            m -= k;
            whole = false;
        }
    };
    path.reverse();
    Ok(first.into_iter().chain(path).collect())
}

/// The nodes `compute` reads (it is run once on dummy hashes).
pub fn needed<T>(compute: impl FnOnce(&mut Reader<'_>) -> Result<T>) -> Result<Vec<Node>> {
    let mut nodes = Vec::new();
    compute(&mut |node| {
        nodes.push(node);
        Ok([0; 32])
    })?;
    nodes.sort_unstable();
    nodes.dedup();
    Ok(nodes)
}

/// A reader of the nodes in `hashes`; a missing one is an error naming it
/// (a log whose stored hashes were removed).
pub fn from_map(hashes: &HashMap<Node, Hash>) -> impl FnMut(Node) -> Result<Hash> + '_ {
    move |node| match hashes.get(&node) {
        Some(hash) => Ok(*hash),
        None => bail!(
            "the log's stored hash of level {} index {} is missing",
            node.level,
            node.index
        ),
    }
}

/// What appending a leaf to a tree changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The nodes to store: the leaf, and each subtree it completes.
    pub stored: Vec<(Node, Hash)>,
    /// The root of the tree with the leaf.
    pub root: Hash,
    /// The leaf's audit path in that tree.
    pub inclusion: Vec<Hash>,
}

/// Appends the leaf `leaf` as leaf `size` of a tree whose [`frontier`]
/// hashes are `frontier` (left to right).
pub fn append(size: u64, frontier: &[Hash], leaf: Hash) -> Appended {
    // The leaf's audit path in the new tree is the old frontier, right to left.
    let inclusion: Vec<Hash> = frontier.iter().rev().copied().collect();
    let mut stored = vec![(
        Node {
            level: 0,
            index: size,
        },
        leaf,
    )];
    let mut remaining = frontier.to_vec();
    let (mut hash, mut level, mut index) = (leaf, 0u8, size);
    while index & 1 == 1 {
        let left = remaining
            .pop()
            .expect("a frontier has a node for each set bit of the size");
        hash = node_hash(&left, &hash);
        level += 1;
        index >>= 1;
        stored.push((Node { level, index }, hash));
    }
    remaining.push(hash);
    Appended {
        stored,
        root: fold(&remaining),
        inclusion,
    }
}

/// Whether `path` proves leaf `index` (hash `leaf`) in the tree of `size`
/// leaves whose root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, path: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in path {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Whether `path` proves the tree of `from` leaves (root `from_root`) a
/// prefix of the tree of `to` leaves (root `to_root`) (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    from: u64,
    to: u64,
    from_root: &Hash,
    to_root: &Hash,
    path: &[Hash],
) -> bool {
    if from > to {
        return false;
    }
    if from == to {
        return path.is_empty() && from_root == to_root;
    }
    if from == 0 {
        return path.is_empty();
    }
    let mut path = path.to_vec();
    if from.is_power_of_two() {
        path.insert(0, *from_root);
    }
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (from - 1, to - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *from_root && sr == *to_root && s == 0
}

/// A whole tree in memory, built leaf by leaf: what `log verify` rebuilds
/// from the entries, and what tests compare the stored tree with.
#[derive(Debug, Default)]
pub struct Tree {
    size: u64,
    frontier: Vec<Hash>,
    nodes: HashMap<Node, Hash>,
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf; returns what [`append`] computed.
    pub fn push(&mut self, leaf: Hash) -> Appended {
        let appended = append(self.size, &self.frontier, leaf);
        self.nodes.extend(appended.stored.iter().copied());
        self.size += 1;
        self.frontier = frontier(self.size)
            .into_iter()
            .map(|node| self.nodes[&node])
            .collect();
        appended
    }

    pub fn root(&self) -> Hash {
        fold(&self.frontier)
    }

    /// The hash of a complete node, if the tree has it.
    pub fn node(&self, node: Node) -> Option<Hash> {
        self.nodes.get(&node).copied()
    }

    /// A reader of this tree's nodes.
    pub fn reader(&self) -> impl FnMut(Node) -> Result<Hash> + '_ {
        from_map(&self.nodes)
    }

    /// The root of the tree of its first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash> {
        root(size, &mut self.reader())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn hash(text: &str) -> Hash {
        unhex(text).try_into().unwrap()
    }

    fn vectors() -> serde_json::Value {
        let text = include_str!("../../../tests/data/merkle/rfc6962-vectors.json");
        serde_json::from_str(text).unwrap()
    }

    fn strings(value: &serde_json::Value) -> Vec<&str> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect()
    }

    fn tree(vectors: &serde_json::Value) -> Tree {
        let mut tree = Tree::new();
        for leaf in strings(&vectors["leaves"]) {
            tree.push(leaf_hash(&unhex(leaf)));
        }
        tree
    }

    #[test]
    fn roots_and_subtree_hashes_match_the_published_vectors() {
        let vectors = vectors();
        let mut tree = Tree::new();
        let roots = strings(&vectors["roots"]);
        assert_eq!(tree.root(), hash(roots[0]));
        for (size, leaf) in strings(&vectors["leaves"]).into_iter().enumerate() {
            tree.push(leaf_hash(&unhex(leaf)));
            assert_eq!(tree.root(), hash(roots[size + 1]), "size {}", size + 1);
        }
        for (size, expected) in roots.iter().enumerate() {
            assert_eq!(tree.root_at(size as u64).unwrap(), hash(expected));
        }
        for (level, hashes) in vectors["nodes"].as_array().unwrap().iter().enumerate() {
            for (index, expected) in strings(hashes).into_iter().enumerate() {
                let node = Node {
                    level: level as u8,
                    index: index as u64,
                };
                assert_eq!(tree.node(node), Some(hash(expected)), "{node:?}");
            }
        }
    }

    #[test]
    fn proofs_match_the_published_vectors_and_verify() {
        let vectors = vectors();
        let tree = tree(&vectors);
        let roots: Vec<Hash> = strings(&vectors["roots"]).into_iter().map(hash).collect();
        let leaves: Vec<Hash> = strings(&vectors["leaves"])
            .into_iter()
            .map(|leaf| leaf_hash(&unhex(leaf)))
            .collect();
        for case in vectors["inclusion"].as_array().unwrap() {
            let (index, size) = (
                case["index"].as_u64().unwrap(),
                case["size"].as_u64().unwrap(),
            );
            let expected: Vec<Hash> = strings(&case["proof"]).into_iter().map(hash).collect();
            let path = inclusion(index, size, &mut tree.reader()).unwrap();
            assert_eq!(path, expected, "inclusion of {index} in {size}");
            let (leaf, root) = (&leaves[index as usize], &roots[size as usize]);
            assert!(verify_inclusion(index, size, leaf, &path, root));
            assert!(!verify_inclusion(index + 1, size, leaf, &path, root));
            assert!(!verify_inclusion(index, size * 2, leaf, &path, root));
            assert!(!verify_inclusion(index, size, leaf, &path, &roots[0]));
            for i in 0..path.len() {
                let mut wrong = path.clone();
                wrong[i][0] ^= 8;
                assert!(!verify_inclusion(index, size, leaf, &wrong, root));
            }
            let mut longer = path.clone();
            longer.push(*root);
            assert!(!verify_inclusion(index, size, leaf, &longer, root));
        }
        for case in vectors["consistency"].as_array().unwrap() {
            let (from, to) = (case["from"].as_u64().unwrap(), case["to"].as_u64().unwrap());
            let expected: Vec<Hash> = strings(&case["proof"]).into_iter().map(hash).collect();
            let path = consistency(from, to, &mut tree.reader()).unwrap();
            assert_eq!(path, expected, "consistency of {from} and {to}");
            let (a, b) = (&roots[from as usize], &roots[to as usize]);
            assert!(verify_consistency(from, to, a, b, &path));
            if !path.is_empty() {
                assert!(!verify_consistency(from, to, b, a, &path));
                assert!(!verify_consistency(from + 1, to, a, b, &path));
                assert!(!verify_consistency(from, to, a, b, &path[1..]));
                for i in 0..path.len() {
                    let mut wrong = path.clone();
                    wrong[i][0] ^= 16;
                    assert!(!verify_consistency(from, to, a, b, &wrong));
                }
            }
        }
    }

    #[test]
    fn every_proof_of_a_larger_tree_verifies_against_its_roots() {
        let mut tree = Tree::new();
        let mut roots = vec![tree.root()];
        let mut leaves = Vec::new();
        for i in 0..70u32 {
            let leaf = leaf_hash(&i.to_be_bytes());
            let appended = tree.push(leaf);
            // The path computed at append is the one read from stored nodes.
            let size = tree.size();
            assert_eq!(
                appended.inclusion,
                inclusion(size - 1, size, &mut tree.reader()).unwrap()
            );
            assert_eq!(appended.root, tree.root());
            leaves.push(leaf);
            roots.push(tree.root());
        }
        for size in 1..=tree.size() {
            for index in 0..size {
                let path = inclusion(index, size, &mut tree.reader()).unwrap();
                let root = &roots[size as usize];
                assert!(verify_inclusion(
                    index,
                    size,
                    &leaves[index as usize],
                    &path,
                    root
                ));
            }
            for from in 0..=size {
                let path = consistency(from, size, &mut tree.reader()).unwrap();
                let (a, b) = (&roots[from as usize], &roots[size as usize]);
                assert!(verify_consistency(from, size, a, b, &path), "{from} {size}");
            }
        }
    }

    #[test]
    fn proofs_read_few_stored_nodes() {
        for size in [1u64, 2, 3, 1000, 1 << 20, (1 << 40) + 12345] {
            let bound = 2 * (64 - size.leading_zeros()) as usize + 2;
            for index in [0, size / 3, size - 1] {
                let nodes = needed(|read| inclusion(index, size, read)).unwrap();
                assert!(nodes.len() <= bound, "{size} {index}: {}", nodes.len());
            }
            let nodes = needed(|read| consistency(size / 2, size, read)).unwrap();
            assert!(nodes.len() <= bound, "{size}: {}", nodes.len());
            assert_eq!(frontier(size).len(), size.count_ones() as usize);
        }
    }
}
