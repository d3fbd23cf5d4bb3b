//! C2SP signed notes and checkpoints: the log's ed25519 keys in the
//! `golang.org/x/mod/sumdb/note` text formats, signing a note, verifying
//! one, and the checkpoint body (origin, tree size, root hash).
//!
//! - verifier key: `<name>+<key id hex>+<base64(0x01 ‖ public key)>`;
//! - private key file: `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 ‖ seed)>`;
//! - key id: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key);
//! - a signed note: the text (ending in a newline), an empty line, then one
//!   line `— <name> <base64(key id ‖ signature)>` per signature, the
//!   signature being over the text.

use anyhow::{bail, ensure, Context, Result};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// The algorithm byte of ed25519 keys.
const ED25519: u8 = 1;
/// What opens a signature line: an em dash and a space.
const SIGNATURE_PREFIX: &str = "\u{2014} ";
/// What opens a private key.
const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// Whether `name` can name a key: not empty, no `+`, no white space.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('+') && !name.chars().any(char::is_whitespace)
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', ED25519]);
    hasher.update(public);
    let digest = hasher.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

fn hex4(id: [u8; 4]) -> String {
    crate::canonical::hex(&id)
}

/// The name, key id and key bytes of `<name>+<hex>+<base64(0x01 ‖ key)>`.
fn split_key(text: &str) -> Option<(&str, [u8; 4], [u8; 32])> {
    let mut parts = text.splitn(3, '+');
    let (name, id, key) = (parts.next()?, parts.next()?, parts.next()?);
    if !valid_name(name) || id.len() != 8 || id.bytes().any(|b| !b.is_ascii_hexdigit()) {
        return None;
    }
    if id.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let id = u32::from_str_radix(id, 16).ok()?.to_be_bytes();
    let bytes = base64_decode(key)?;
    let (&algorithm, key) = bytes.split_first()?;
    if algorithm != ED25519 {
        return None;
    }
    Some((name, id, key.try_into().ok()?))
}

/// The private key that signs the log's checkpoints.
#[derive(Clone)]
pub struct Signer {
    name: String,
    id: [u8; 4],
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({}+{})", self.name, hex4(self.id))
    }
}

impl Signer {
    /// A new key named `name`, from the OS random source.
    pub fn generate(name: &str) -> Result<Signer> {
        ensure!(
            valid_name(name),
            "{name:?} cannot name a log: it must be non-empty, without '+' or spaces"
        );
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|err| anyhow::anyhow!("OS random source failed: {err}"))?;
        Ok(Signer::from_seed(name, seed))
    }

    fn from_seed(name: &str, seed: [u8; 32]) -> Signer {
        let key = SigningKey::from_bytes(&seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        Signer {
            name: name.to_owned(),
            id,
            key,
        }
    }

    /// Reads `PRIVATE+KEY+<name>+<id>+<key>` (surrounding white space allowed).
    pub fn parse(text: &str) -> Result<Signer> {
        let parsed = text
            .trim()
            .strip_prefix(PRIVATE_PREFIX)
            .and_then(split_key)
            .context("not a log private key (PRIVATE+KEY+<name>+<key id>+<key>)")?;
        let (name, id, seed) = parsed;
        let signer = Signer::from_seed(name, seed);
        ensure!(
            signer.id == id,
            "the private key's id {} is not the one of its key ({})",
            hex4(id),
            hex4(signer.id)
        );
        Ok(signer)
    }

    /// The private key file's content (with a final newline).
    pub fn to_private_text(&self) -> String {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(&self.key.to_bytes());
        format!(
            "{PRIVATE_PREFIX}{}+{}+{}\n",
            self.name,
            hex4(self.id),
            base64_encode(&bytes)
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public half.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// The signed note of `text` (which ends with a newline): the text, an
    /// empty line, and this key's signature line.
    pub fn sign(&self, text: &str) -> String {
        debug_assert!(text.ends_with('\n'));
        let signature = self.key.sign(text.as_bytes());
        let mut bytes = self.id.to_vec();
        bytes.extend_from_slice(&signature.to_bytes());
        format!(
            "{text}\n{SIGNATURE_PREFIX}{} {}\n",
            self.name,
            base64_encode(&bytes)
        )
    }
}

/// A public key that verifies notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl Verifier {
    /// Reads `<name>+<key id hex>+<base64(0x01 ‖ key)>`.
    pub fn parse(text: &str) -> Result<Verifier> {
        let (name, id, key) = split_key(text.trim())
            .context("not a log public key (<name>+<key id>+<key>, as `log init` prints it)")?;
        ensure!(
            key_id(name, &key) == id,
            "the public key's id {} is not the one of its key",
            hex4(id)
        );
        let key = VerifyingKey::from_bytes(&key).context("not an ed25519 public key")?;
        Ok(Verifier {
            name: name.to_owned(),
            id,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text of a note this key signed, or why not.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str> {
        let Some(split) = note.rfind("\n\n") else {
            bail!("malformed note: no empty line before its signatures");
        };
        let (text, signatures) = (&note[..=split], &note[split + 2..]);
        ensure!(
            !signatures.is_empty() && signatures.ends_with('\n'),
            "malformed note: no signature line"
        );
        for line in signatures.lines() {
            let Some((name, encoded)) = line
                .strip_prefix(SIGNATURE_PREFIX)
                .and_then(|rest| rest.split_once(' '))
            else {
                bail!("malformed note: {line:?} is not a signature line");
            };
            let bytes = base64_decode(encoded)
                .with_context(|| format!("malformed note: bad base64 in {line:?}"))?;
            if name != self.name || bytes.len() != 68 || bytes[..4] != self.id {
                continue;
            }
            let signature =
                ed25519_dalek::Signature::from_bytes(bytes[4..].try_into().expect("68 − 4 bytes"));
            return match self.key.verify_strict(text.as_bytes(), &signature) {
                Ok(()) => Ok(text),
                Err(_) => bail!("invalid signature for key {self}"),
            };
        }
        bail!("the note has no signature by key {self}")
    }
}

impl std::fmt::Display for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex4(self.id),
            base64_encode(&bytes)
        )
    }
}

/// The body of a checkpoint (C2SP tlog-checkpoint): origin, size, root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The three lines, each ending with a newline.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            base64_encode(&self.root)
        )
    }

    /// Reads a checkpoint's body (extension lines after the third are
    /// allowed and ignored).
    pub fn parse(body: &str) -> Result<Checkpoint> {
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            bail!("malformed checkpoint: fewer than three lines");
        };
        ensure!(!origin.is_empty(), "malformed checkpoint: no origin");
        let size_ok = !size.is_empty()
            && size.bytes().all(|b| b.is_ascii_digit())
            && (size == "0" || !size.starts_with('0'));
        ensure!(size_ok, "malformed checkpoint: tree size {size:?}");
        let root = base64_decode(root)
            .and_then(|bytes| Hash::try_from(bytes).ok())
            .with_context(|| format!("malformed checkpoint: root hash {root:?}"))?;
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size: size.parse().context("malformed checkpoint: tree size")?,
            root,
        })
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64, padded.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padded; `None` for anything else (unpadded, other
/// alphabets, bits set in the padding).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let last = i == bytes.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - pad] {
            let value = ALPHABET.iter().position(|&a| a == b)? as u32;
            n = n << 6 | value;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        if decoded[keep..].iter().any(|&b| b != 0) {
            return None;
        }
        out.extend_from_slice(&decoded[..keep]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> serde_json::Value {
        let text = include_str!("../../../tests/data/merkle/note-vectors.json");
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn signs_and_verifies_the_published_note() {
        let v = vectors();
        let text = v["text"].as_str().unwrap();
        let signer = Signer::parse(v["signer"].as_str().unwrap()).unwrap();
        assert_eq!(
            signer.verifier().to_string(),
            v["verifier"].as_str().unwrap()
        );
        assert_eq!(signer.sign(text), v["signed"].as_str().unwrap());
        assert_eq!(
            signer.to_private_text().trim_end(),
            v["signer"].as_str().unwrap()
        );
        let verifier = Verifier::parse(v["verifier"].as_str().unwrap()).unwrap();
        let signed = v["signed"].as_str().unwrap();
        assert_eq!(verifier.open(signed).unwrap(), text);
        // Another key's signature beside it is skipped.
        let both = format!("{signed}{}", v["other_signature"].as_str().unwrap());
        assert_eq!(verifier.open(&both).unwrap(), text);
        let other = Verifier::parse(v["other_verifier"].as_str().unwrap()).unwrap();
        assert_eq!(other.open(&both).unwrap(), text);
        assert_eq!(
            other.open(signed).unwrap_err().to_string(),
            "the note has no signature by key EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
        );
        // An altered text, or signature, fails.
        let altered = signed.replacen("cryptography", "cryptographY", 1);
        assert!(verifier
            .open(&altered)
            .unwrap_err()
            .to_string()
            .starts_with("invalid signature"));
        let altered = signed.replacen("x08go", "x08gp", 1);
        assert!(verifier.open(&altered).is_err());
    }

    #[test]
    fn mangled_keys_are_refused() {
        let v = vectors();
        let key = v["verifier"].as_str().unwrap();
        for end in 1..key.len() {
            assert!(Verifier::parse(&key[..end]).is_err(), "{}", &key[..end]);
        }
        let bytes = key.as_bytes();
        for i in 0..bytes.len() {
            let mut mangled = bytes.to_vec();
            mangled[i] = mangled[i].wrapping_add(1);
            if let Ok(text) = std::str::from_utf8(&mangled) {
                assert!(Verifier::parse(text).is_err(), "{text}");
            }
        }
        let private = v["signer"].as_str().unwrap();
        for end in 1..private.len() {
            assert!(Signer::parse(&private[..end]).is_err());
        }
    }

    #[test]
    fn checkpoints_round_trip() {
        let checkpoint = Checkpoint {
            origin: "registre.example/charte".into(),
            size: 12,
            root: [7; 32],
        };
        let body = checkpoint.body();
        assert_eq!(
            body,
            "registre.example/charte\n12\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"
        );
        assert_eq!(Checkpoint::parse(&body).unwrap(), checkpoint);
        assert!(
            Checkpoint::parse("o\n012\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n").is_err()
        );
        let signer = Signer::generate("registre.example/charte").unwrap();
        let note = signer.sign(&body);
        assert_eq!(signer.verifier().open(&note).unwrap(), body);
        assert!(Verifier::parse(&signer.verifier().to_string()).is_ok());
    }

    #[test]
    fn base64_is_standard_and_strict() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xfb\xff", "+/8="),
        ] {
            assert_eq!(base64_encode(bytes), text);
            assert_eq!(base64_decode(text).as_deref(), Some(bytes));
        }
        for bad in ["Zg", "Zh==", "Zg=a", "Z===", "-_8="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }
}
