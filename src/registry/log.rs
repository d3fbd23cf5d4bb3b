//! The registry's transparency log, as a client checks it (SPEC §8): the
//! entries' leaf hashes, RFC 9162 inclusion (§2.1.3.2) and consistency
//! (§2.1.4.2) proofs, and the checkpoints, C2SP signed notes verified
//! against the log's public key pinned in `[registry] log-key`.
//!
//! Pure: no disk, no network. Every failure says what failed, so that a
//! message can name the receipt and the reason.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// A receipt's place in the log: its leaf, the checkpoint of the tree that
/// holds it, and the audit path from the leaf to that tree's root (hex,
/// RFC 9162 §2.1.3 order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub index: u64,
    /// The signed note, as the registry wrote it.
    pub checkpoint: String,
    pub inclusion: Vec<String>,
}

/// A node or leaf hash.
pub type Hash = [u8; 32];

/// The first line of every log entry.
pub const ENTRY_HEADER: &str = "charte-log-entry/1";

/// The dash and space that open a signature line of a signed note.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// The only signature algorithm of the log's keys: ed25519.
const ALGORITHM_ED25519: u8 = 0x01;

/// Why a proof, a key or a checkpoint does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    /// The checkpoint is not a signed note of the log's form.
    #[error("the checkpoint is not a signed note of the log's form: {0}")]
    MalformedNote(String),
    /// No signature line by the pinned key's name.
    #[error("the checkpoint is not signed by `{expected}`, the log-key's name: its signatures are by {found}")]
    UnknownSigner { expected: String, found: String },
    /// A signature by the key's name, but under another key id.
    #[error("the checkpoint is signed by `{name}` with the unknown key id {found}, where log-key has {expected}: the log signs with another key than the one pinned")]
    UnknownKeyId {
        name: String,
        expected: String,
        found: String,
    },
    /// The signature does not verify with the pinned key.
    #[error("the checkpoint's signature by `{name}` (key id {id}) does not verify: the note was altered after it was signed")]
    BadSignature { name: String, id: String },
    /// The note's origin line is not the key's name.
    #[error("the checkpoint's origin `{origin}` differs from the log-key's name `{name}`: it is another log's")]
    OriginDiffers { origin: String, name: String },
    /// A hash of a proof is not 64 hex digits.
    #[error("the {proof} proof's hash {position} is not a sha256 in 64 hex digits")]
    MalformedHash {
        proof: &'static str,
        position: usize,
    },
    /// The leaf index is not in the tree.
    #[error("the leaf index {index} is outside the checkpoint's tree of {size} entries")]
    IndexOutOfRange { index: u64, size: u64 },
    /// The proof has more or fewer hashes than the sizes call for.
    #[error("the {proof} proof holds {got} hash{}, where {want} {} needed for {what}", plural_es(*.got), if *.want == 1 { "is" } else { "are" })]
    WrongProofLength {
        proof: &'static str,
        got: usize,
        want: usize,
        what: String,
    },
    /// The proof, followed to the end, does not give the expected root.
    #[error("{0}")]
    RootMismatch(String),
    /// A receipt without a log proof.
    #[error("the receipt carries no log proof: the registry that issued it keeps no transparency log, or issued it before it had one; nothing shows the registry logged it")]
    NotLogged,
    /// A later tree smaller than an earlier one.
    #[error("the log shrank: its tree of {to} entries is smaller than the earlier tree of {from}; a log only grows, so this one rewrote its history")]
    Shrank { from: u64, to: u64 },
}

fn plural_es(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "es"
    }
}

/// The text of a log entry: `charte-log-entry/1\n<digest>\n<receipt id>\n`.
pub fn entry(digest: &str, id: &str) -> String {
    format!("{ENTRY_HEADER}\n{digest}\n{id}\n")
}

/// The leaf hash of the entry of a receipt: `SHA-256(0x00 ‖ entry)`.
pub fn leaf_hash(digest: &str, id: &str) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(entry(digest, id).as_bytes());
    h.finalize().into()
}

/// An inner node: `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: the hash of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Lowercase hex of a hash.
pub fn hex(hash: &[u8]) -> String {
    use std::fmt::Write as _;
    hash.iter()
        .fold(String::with_capacity(hash.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Reads the hex hashes of a proof.
pub fn parse_hashes(proof: &'static str, hashes: &[String]) -> Result<Vec<Hash>, Fault> {
    hashes
        .iter()
        .enumerate()
        .map(|(i, h)| {
            parse_hex32(h).ok_or(Fault::MalformedHash {
                proof,
                position: i + 1,
            })
        })
        .collect()
}

fn parse_hex32(s: &str) -> Option<Hash> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// How many hashes the inclusion proof of leaf `index` in a tree of `size`
/// holds (RFC 9162 §2.1.3.2, the path's walk without its hashes).
fn inclusion_length(index: u64, size: u64) -> usize {
    walk_length(index, size - 1)
}

/// The steps of RFC 9162's proof walk from node `f` of last node `s` up to
/// the root, each taking one hash of the proof.
fn walk_length(mut f: u64, mut s: u64) -> usize {
    let mut n = 0;
    while s != 0 {
        if f == s {
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        }
        f >>= 1;
        s >>= 1;
        n += 1;
    }
    n
}

/// Checks that `leaf` is entry `index` of the tree of `size` entries whose
/// root is `root`, by its audit path (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), Fault> {
    if index >= size {
        return Err(Fault::IndexOutOfRange { index, size });
    }
    let want = inclusion_length(index, size);
    if proof.len() != want {
        return Err(Fault::WrongProofLength {
            proof: "inclusion",
            got: proof.len(),
            want,
            what: format!("leaf {index} of a tree of {size}"),
        });
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
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
    debug_assert_eq!(s, 0);
    if &r != root {
        return Err(Fault::RootMismatch(format!(
            "the inclusion proof of leaf {index} does not lead to the checkpoint's root: \
             the receipt's digest and id are not that leaf of the tree of {size} (the receipt \
             was altered, or the proof is another leaf's)"
        )));
    }
    Ok(())
}

/// How many hashes the consistency proof from `first` to `second` holds
/// (RFC 9162 §2.1.4.2 with the walk only; 0 < first < second).
fn consistency_length(first: u64, second: u64) -> usize {
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    // The first hash seeds the walk (it is the old root itself, left out
    // of the proof, when `first` is a power of two).
    usize::from(!first.is_power_of_two()) + walk_length(f, s)
}

/// Checks that the tree of `second` entries with root `second_root` extends
/// the tree of `first` entries with root `first_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> Result<(), Fault> {
    if first > second {
        return Err(Fault::Shrank {
            from: first,
            to: second,
        });
    }
    let want = if first == 0 || first == second {
        0
    } else {
        consistency_length(first, second)
    };
    if proof.len() != want {
        return Err(Fault::WrongProofLength {
            proof: "consistency",
            got: proof.len(),
            want,
            what: format!("a tree of {first} grown to {second}"),
        });
    }
    let mismatch = || {
        Fault::RootMismatch(format!(
            "the tree of {second} entries is not consistent with the earlier tree of {first}: \
             the log rewrote its history (a fork, or entries removed or changed)"
        ))
    };
    if first == 0 {
        return Ok(());
    }
    if first == second {
        return if first_root == second_root {
            Ok(())
        } else {
            Err(mismatch())
        };
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
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
    if &fr == first_root && &sr == second_root && s == 0 {
        Ok(())
    } else {
        Err(mismatch())
    }
}

/// The log's public key: `<name>+<key id hex>+<base64(0x01 ‖ key)>`.
#[derive(Clone, Debug)]
pub struct VerifierKey {
    pub name: String,
    pub id: [u8; 4],
    key: VerifyingKey,
}

/// The key id of a signer: the first 4 bytes of
/// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)`.
pub fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALGORITHM_ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// A signer's name: not empty, no white space, no `+`.
fn is_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

impl VerifierKey {
    /// Reads a verifier key string; the error says which part is wrong.
    pub fn parse(text: &str) -> Result<VerifierKey, String> {
        let parts: Vec<&str> = text.split('+').collect();
        let [name, id, key] = parts[..] else {
            return Err("it is not `<name>+<key id>+<key>`, three parts joined by `+`".to_string());
        };
        if !is_name(name) {
            return Err(format!("its name `{name}` is empty or holds white space"));
        }
        let id_ok = id.len() == 8 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !id_ok {
            return Err(format!("its key id `{id}` is not 8 lowercase hex digits"));
        }
        let bytes = BASE64
            .decode(key)
            .map_err(|_| "its key is not standard base64".to_string())?;
        let [ALGORITHM_ED25519, public @ ..] = bytes.as_slice() else {
            return Err("its key is not an ed25519 key (its first byte is not 0x01)".to_string());
        };
        let public: [u8; 32] = public.try_into().map_err(|_| {
            format!(
                "its key holds {} bytes, not the 32 of an ed25519 key",
                public.len()
            )
        })?;
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| "its key is not a valid ed25519 public key".to_string())?;
        let computed = key_id(name, &public);
        if hex(&computed) != id {
            return Err(format!(
                "its key id {id} is not the one of its name and key ({}): the string was altered",
                hex(&computed)
            ));
        }
        Ok(VerifierKey {
            name: name.to_string(),
            id: computed,
            key,
        })
    }

    /// `<name>+<key id>`: how the key is named in messages.
    pub fn label(&self) -> String {
        format!("{}+{}", self.name, hex(&self.id))
    }
}

/// A checkpoint whose signature verified: the tree it commits to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// The signed note, as it came.
    pub text: String,
}

/// Opens a signed note (C2SP signed-note): verifies that one of its
/// signatures is by `key` (its name, its key id, a valid signature over the
/// text); the text, with its final newline.
pub fn open_note<'t>(text: &'t str, key: &VerifierKey) -> Result<&'t str, Fault> {
    let malformed = |why: &str| Fault::MalformedNote(why.to_string());
    if !text.ends_with('\n') {
        return Err(malformed("it does not end with a newline"));
    }
    let split = text
        .rfind("\n\n")
        .ok_or_else(|| malformed("no empty line separates the body from the signatures"))?;
    let body = &text[..split + 1];
    let signatures = &text[split + 2..];
    let mut found: Vec<String> = Vec::new();
    let mut same_name_ids: Vec<String> = Vec::new();
    let mut verified = false;
    for line in signatures.split_terminator('\n') {
        let rest = line.strip_prefix(SIGNATURE_PREFIX).ok_or_else(|| {
            malformed("a line after the empty line is not a signature (`— <name> <signature>`)")
        })?;
        let (name, signature) = rest
            .split_once(' ')
            .ok_or_else(|| malformed("a signature line has no space between name and signature"))?;
        if !is_name(name) {
            return Err(malformed(
                "a signature line's name is empty or holds white space",
            ));
        }
        let bytes = BASE64
            .decode(signature)
            .ok()
            .filter(|b| b.len() > 4)
            .ok_or_else(|| {
                malformed("a signature is not a key id and signature in standard base64")
            })?;
        let (id, signature) = bytes.split_at(4);
        found.push(format!("`{name}` (key id {})", hex(id)));
        if name != key.name {
            continue;
        }
        if id != key.id {
            same_name_ids.push(hex(id));
            continue;
        }
        let bad = || Fault::BadSignature {
            name: key.name.clone(),
            id: hex(&key.id),
        };
        let signature = Signature::from_slice(signature).map_err(|_| bad())?;
        key.key
            .verify_strict(body.as_bytes(), &signature)
            .map_err(|_| bad())?;
        verified = true;
    }
    if found.is_empty() {
        return Err(malformed("it carries no signature line"));
    }
    if !verified {
        return Err(match same_name_ids.into_iter().next() {
            Some(other) => Fault::UnknownKeyId {
                name: key.name.clone(),
                expected: hex(&key.id),
                found: other,
            },
            None => Fault::UnknownSigner {
                expected: key.name.clone(),
                found: found.join(", "),
            },
        });
    }
    Ok(body)
}

impl Checkpoint {
    /// Reads a signed note and verifies its signature by `key`; the origin
    /// must be the key's name.
    pub fn open(text: &str, key: &VerifierKey) -> Result<Checkpoint, Fault> {
        let malformed = |why: &str| Fault::MalformedNote(why.to_string());
        let body = open_note(text, key)?;
        let lines: Vec<&str> = body[..body.len() - 1].split('\n').collect();
        let [origin, size, root] = lines[..] else {
            return Err(Fault::MalformedNote(format!(
                "its body holds {} line{}, not the three of a checkpoint (origin, tree size, root hash)",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            )));
        };
        if origin.is_empty() || origin.chars().any(char::is_control) {
            return Err(malformed(
                "its origin line is empty or holds control characters",
            ));
        }
        if origin != key.name {
            return Err(Fault::OriginDiffers {
                origin: origin.to_string(),
                name: key.name.clone(),
            });
        }
        let size_ok = !size.is_empty()
            && size.bytes().all(|b| b.is_ascii_digit())
            && (size == "0" || !size.starts_with('0'));
        let size: u64 = size
            .parse()
            .ok()
            .filter(|_| size_ok)
            .ok_or_else(|| malformed("its second line is not a tree size in decimal"))?;
        let root: Hash = BASE64
            .decode(root)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                malformed("its third line is not a root hash of 32 bytes in standard base64")
            })?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            text: text.to_string(),
        })
    }

    /// The root hash in standard base64, as the note writes it.
    pub fn root_base64(&self) -> String {
        BASE64.encode(self.root)
    }
}

/// Checks receipts offline against the pinned key, opening each distinct
/// checkpoint once (receipts of one run share theirs).
pub struct Verifier {
    pub key: VerifierKey,
    opened: std::collections::HashMap<String, Result<Checkpoint, Fault>>,
}

impl Verifier {
    pub fn new(key: VerifierKey) -> Verifier {
        Verifier {
            key,
            opened: std::collections::HashMap::new(),
        }
    }

    /// A verifier for `[registry] log-key`, already checked by the loader;
    /// `None` when the manifest pins no key.
    pub fn pinned(manifest: &crate::manifest::Manifest) -> Option<Verifier> {
        let key = manifest.log_key.as_ref()?;
        VerifierKey::parse(&key.value).ok().map(Verifier::new)
    }

    /// Checks a receipt: its checkpoint is signed by the key, and its leaf,
    /// recomputed from its own digest and id, is in that checkpoint's tree.
    /// The leaf's index and the checkpoint.
    pub fn receipt(
        &mut self,
        receipt: &crate::registry::client::Receipt,
    ) -> Result<(u64, Checkpoint), Fault> {
        let logged = receipt.log.as_ref().ok_or(Fault::NotLogged)?;
        let key = &self.key;
        let checkpoint = self
            .opened
            .entry(logged.checkpoint.clone())
            .or_insert_with(|| Checkpoint::open(&logged.checkpoint, key))
            .clone()?;
        let proof = parse_hashes("inclusion", &logged.inclusion)?;
        let leaf = leaf_hash(&receipt.digest, &receipt.id);
        verify_inclusion(
            logged.index,
            checkpoint.size,
            &leaf,
            &proof,
            &checkpoint.root,
        )?;
        Ok((logged.index, checkpoint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer as _, SigningKey};

    /// The root of a list of leaves (RFC 9162 §2.1.1).
    fn root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n);
                node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
            }
        }
    }

    fn split(n: usize) -> usize {
        let mut k = 1;
        while k * 2 < n {
            k *= 2;
        }
        k
    }

    fn path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
        let n = leaves.len();
        if n <= 1 {
            return Vec::new();
        }
        let k = split(n);
        if m < k {
            let mut p = path(m, &leaves[..k]);
            p.push(root(&leaves[k..]));
            p
        } else {
            let mut p = path(m - k, &leaves[k..]);
            p.push(root(&leaves[..k]));
            p
        }
    }

    fn subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
        let n = leaves.len();
        if m == n {
            return if whole {
                Vec::new()
            } else {
                vec![root(leaves)]
            };
        }
        let k = split(n);
        if m <= k {
            let mut p = subproof(m, &leaves[..k], whole);
            p.push(root(&leaves[k..]));
            p
        } else {
            let mut p = subproof(m - k, &leaves[k..], false);
            p.push(root(&leaves[..k]));
            p
        }
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(&format!("{i:064x}"), &format!("sub_{i:032x}")))
            .collect()
    }

    #[test]
    fn inclusion_proofs_verify_for_every_leaf_and_fail_for_another() {
        for n in 1..40usize {
            let l = leaves(n);
            let r = root(&l);
            for m in 0..n {
                let p = path(m, &l);
                assert_eq!(inclusion_length(m as u64, n as u64), p.len());
                verify_inclusion(m as u64, n as u64, &l[m], &p, &r).unwrap();
                if n > 1 {
                    let other = (m + 1) % n;
                    assert!(verify_inclusion(other as u64, n as u64, &l[m], &p, &r).is_err());
                }
            }
        }
        let l = leaves(5);
        assert_eq!(
            verify_inclusion(5, 5, &l[0], &[], &root(&l)),
            Err(Fault::IndexOutOfRange { index: 5, size: 5 })
        );
        let err = verify_inclusion(0, 5, &l[0], &[], &root(&l)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the inclusion proof holds 0 hashes, where 3 are needed for leaf 0 of a tree of 5"
        );
    }

    #[test]
    fn consistency_proofs_verify_and_a_changed_leaf_fails() {
        for n in 1..40usize {
            let l = leaves(n);
            for m in 0..=n {
                let p = if m == 0 {
                    Vec::new()
                } else {
                    subproof(m, &l, true)
                };
                let (a, b) = (root(&l[..m]), root(&l));
                if m > 0 && m < n {
                    assert_eq!(consistency_length(m as u64, n as u64), p.len(), "{m} {n}");
                }
                verify_consistency(m as u64, n as u64, &a, &b, &p).unwrap();
                if m > 0 {
                    let mut forked = l.clone();
                    forked[m - 1] = leaf_hash("ff", "sub_x");
                    let c = root(&forked);
                    assert!(verify_consistency(m as u64, n as u64, &a, &c, &p).is_err());
                }
            }
        }
        assert_eq!(
            verify_consistency(5, 3, &empty_root(), &empty_root(), &[]),
            Err(Fault::Shrank { from: 5, to: 3 })
        );
    }

    fn signer(name: &str, seed: u8) -> (SigningKey, String) {
        let sk = SigningKey::from_bytes(&[seed; 32]);
        let public = sk.verifying_key().to_bytes();
        let mut key = vec![ALGORITHM_ED25519];
        key.extend_from_slice(&public);
        let vkey = format!(
            "{name}+{}+{}",
            hex(&key_id(name, &public)),
            BASE64.encode(key)
        );
        (sk, vkey)
    }

    fn note(sk: &SigningKey, name: &str, body: &str) -> String {
        let public = sk.verifying_key().to_bytes();
        let mut sig = key_id(name, &public).to_vec();
        sig.extend_from_slice(&sk.sign(body.as_bytes()).to_bytes());
        format!("{body}\n\u{2014} {name} {}\n", BASE64.encode(sig))
    }

    #[test]
    fn a_note_signed_by_the_reference_implementation_opens() {
        // tests/data/signed-note: Go's golang.org/x/mod/sumdb/note example.
        let vkey = include_str!("../../tests/data/signed-note/peter.vkey").trim_end();
        let note = include_str!("../../tests/data/signed-note/peter.note");
        let key = VerifierKey::parse(vkey).unwrap();
        assert_eq!(key.label(), "PeterNeumann+c74f20a3");
        assert_eq!(
            open_note(note, &key).unwrap(),
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        );
        let altered = note.replacen("answer", "Answer", 1);
        assert!(matches!(
            open_note(&altered, &key),
            Err(Fault::BadSignature { .. })
        ));
        // Not a checkpoint: two lines, and an origin that is not the name.
        assert!(matches!(
            Checkpoint::open(note, &key),
            Err(Fault::MalformedNote(_))
        ));
    }

    #[test]
    fn checkpoints_verify_with_the_pinned_key_only() {
        let name = "registre.example.org/log";
        let (sk, vkey) = signer(name, 7);
        let key = VerifierKey::parse(&vkey).unwrap();
        let r = BASE64.encode(empty_root());
        let body = format!("{name}\n0\n{r}\n");
        let cp = Checkpoint::open(&note(&sk, name, &body), &key).unwrap();
        assert_eq!((cp.size, cp.root), (0, empty_root()));

        let (other, _) = signer(name, 8);
        let err = Checkpoint::open(&note(&other, name, &body), &key).unwrap_err();
        assert!(matches!(err, Fault::UnknownKeyId { .. }), "{err}");
        let altered = note(&sk, name, &body).replacen("\n0\n", "\n1\n", 1);
        assert!(matches!(
            Checkpoint::open(&altered, &key).unwrap_err(),
            Fault::BadSignature { .. }
        ));
        let elsewhere = format!("elsewhere\n0\n{r}\n");
        assert!(matches!(
            Checkpoint::open(&note(&sk, name, &elsewhere), &key).unwrap_err(),
            Fault::OriginDiffers { .. }
        ));
        assert!(matches!(
            Checkpoint::open(&note(&sk, "other", &body), &key).unwrap_err(),
            Fault::UnknownSigner { .. }
        ));
        let leading_zero = note(&sk, name, &format!("{name}\n01\n{r}\n"));
        for bad in ["", "x\n", "x\n\n— a\n", &leading_zero] {
            assert!(matches!(
                Checkpoint::open(bad, &key).unwrap_err(),
                Fault::MalformedNote(_)
            ));
        }
        assert!(VerifierKey::parse(&vkey.replacen('+', "x+", 1))
            .unwrap_err()
            .contains("the string was altered"));
        assert!(VerifierKey::parse("a+b").is_err());
    }
}
