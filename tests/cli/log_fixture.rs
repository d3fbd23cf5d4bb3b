//! A transparency log built for the tests from the wire format alone (it
//! shares no code with charte): RFC 9162 trees, C2SP signed checkpoints
//! with a test key, receipt files, and a loopback HTTP server of the log's
//! endpoints.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey};
use sha2::{Digest as _, Sha256};

pub type Hash = [u8; 32];

pub const SIREN: &str = "732829320";

fn sha(parts: &[&[u8]]) -> Hash {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn leaf(digest: &str, id: &str) -> Hash {
    sha(&[
        &[0],
        format!("charte-log-entry/1\n{digest}\n{id}\n").as_bytes(),
    ])
}

fn node(l: &Hash, r: &Hash) -> Hash {
    sha(&[&[1], l, r])
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

fn root_of(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => sha(&[]),
        1 => leaves[0],
        n => {
            let k = split(n);
            node(&root_of(&leaves[..k]), &root_of(&leaves[k..]))
        }
    }
}

fn path_of(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    if leaves.len() <= 1 {
        return Vec::new();
    }
    let k = split(leaves.len());
    let (mut p, other) = if m < k {
        (path_of(m, &leaves[..k]), root_of(&leaves[k..]))
    } else {
        (path_of(m - k, &leaves[k..]), root_of(&leaves[..k]))
    };
    p.push(other);
    p
}

fn subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if whole {
            Vec::new()
        } else {
            vec![root_of(leaves)]
        };
    }
    let k = split(n);
    let (mut p, other) = if m <= k {
        (subproof(m, &leaves[..k], whole), root_of(&leaves[k..]))
    } else {
        (subproof(m - k, &leaves[k..], false), root_of(&leaves[..k]))
    };
    p.push(other);
    p
}

/// A signer: the name and its ed25519 key.
#[derive(Clone)]
pub struct Signer {
    pub name: String,
    key: SigningKey,
}

impl Signer {
    pub fn new(name: &str, seed: u8) -> Signer {
        Signer {
            name: name.to_string(),
            key: SigningKey::from_bytes(&[seed; 32]),
        }
    }

    fn key_id(&self) -> [u8; 4] {
        let public = self.key.verifying_key().to_bytes();
        let d = sha(&[self.name.as_bytes(), b"\n\x01", &public]);
        [d[0], d[1], d[2], d[3]]
    }

    /// `<name>+<key id>+<base64(0x01 ‖ key)>`.
    pub fn verifier(&self) -> String {
        let mut key = vec![1u8];
        key.extend_from_slice(&self.key.verifying_key().to_bytes());
        format!("{}+{}+{}", self.name, hex(&self.key_id()), B64.encode(key))
    }

    /// The body, an empty line, one signature line.
    pub fn sign(&self, body: &str) -> String {
        let mut sig = self.key_id().to_vec();
        sig.extend_from_slice(&self.key.sign(body.as_bytes()).to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.name, B64.encode(sig))
    }
}

/// One entry: a receipt's digest and id.
#[derive(Clone, Debug)]
pub struct Entry {
    pub digest: String,
    pub id: String,
}

impl Entry {
    /// The `n`th entry of a test log, the same in every log.
    pub fn nth(n: usize) -> Entry {
        Entry {
            digest: hex(&sha(&[format!("document {n}").as_bytes()])),
            id: format!("sub_{:032x}", n + 1),
        }
    }
}

/// A log: its entries, signed by `signer`, whose origin is the signer's name.
#[derive(Clone)]
pub struct Log {
    pub signer: Signer,
    pub entries: Vec<Entry>,
}

pub const ORIGIN: &str = "registre.example.org/log";

impl Log {
    /// A log of `n` entries, `Entry::nth(0..n)`.
    pub fn new(n: usize) -> Log {
        Log {
            signer: Signer::new(ORIGIN, 7),
            entries: (0..n).map(Entry::nth).collect(),
        }
    }

    pub fn leaves(&self, size: usize) -> Vec<Hash> {
        self.entries[..size]
            .iter()
            .map(|e| leaf(&e.digest, &e.id))
            .collect()
    }

    pub fn root(&self, size: usize) -> Hash {
        root_of(&self.leaves(size))
    }

    pub fn checkpoint(&self, size: usize) -> String {
        self.checkpoint_by(size, &self.signer)
    }

    pub fn checkpoint_by(&self, size: usize, signer: &Signer) -> String {
        let body = format!("{ORIGIN}\n{size}\n{}\n", B64.encode(self.root(size)));
        signer.sign(&body)
    }

    pub fn inclusion(&self, index: usize, size: usize) -> Vec<String> {
        path_of(index, &self.leaves(size))
            .iter()
            .map(|h| hex(h))
            .collect()
    }

    pub fn consistency(&self, from: usize, to: usize) -> Vec<String> {
        if from == 0 || from == to {
            return Vec::new();
        }
        subproof(from, &self.leaves(to), true)
            .iter()
            .map(|h| hex(h))
            .collect()
    }

    /// Receipts of many entries in one tree: its checkpoint signed once,
    /// its leaves hashed once.
    pub fn tree(&self, size: usize) -> Tree<'_> {
        Tree {
            log: self,
            checkpoint: self.checkpoint(size),
            leaves: self.leaves(size),
        }
    }

    /// The receipt file of entry `index`, logged in the tree of `size`.
    pub fn receipt(&self, registry: &str, index: usize, size: usize) -> serde_json::Value {
        self.tree(size).receipt(registry, index)
    }

    /// Writes the receipt of entry `index` (tree of `size`) under
    /// `.charte/receipts/` of `folder`.
    pub fn write_receipt(&self, folder: &Path, registry: &str, index: usize, size: usize) {
        write_receipt(
            folder,
            &format!("produit-{index}"),
            &self.receipt(registry, index, size),
        );
    }
}

/// One tree of a log, ready to issue receipts.
pub struct Tree<'a> {
    log: &'a Log,
    pub checkpoint: String,
    leaves: Vec<Hash>,
}

impl Tree<'_> {
    /// The receipt file of entry `index`, logged in this tree.
    pub fn receipt(&self, registry: &str, index: usize) -> serde_json::Value {
        let e = &self.log.entries[index];
        let inclusion: Vec<String> = path_of(index, &self.leaves)
            .iter()
            .map(|h| hex(h))
            .collect();
        serde_json::json!({
            "registry": registry,
            "receipt": {
                "id": e.id,
                "digest": e.digest,
                "organization": SIREN,
                "product": format!("produit-{index}"),
                "received_at": "2026-11-23T10:00:00Z",
                "log": {
                    "index": index,
                    "checkpoint": self.checkpoint,
                    "inclusion": inclusion,
                }
            }
        })
    }
}

pub fn write_receipt(folder: &Path, product: &str, receipt: &serde_json::Value) {
    let dir = folder.join(".charte/receipts");
    std::fs::create_dir_all(&dir).unwrap();
    let text = serde_json::to_string_pretty(receipt).unwrap() + "\n";
    std::fs::write(dir.join(format!("{product}.json")), text).unwrap();
}

/// What the server answers for the log: the log and its current size.
pub struct Served {
    pub log: Log,
    pub size: usize,
    /// A checkpoint served instead of the log's own.
    pub checkpoint: Option<String>,
    /// Entries listed instead of the log's own (the proofs stay the log's).
    pub listing: Option<Vec<Entry>>,
}

/// The log's endpoints on 127.0.0.1; every request is counted.
pub struct LogServer {
    pub addr: SocketAddr,
    pub served: Arc<Mutex<Served>>,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl LogServer {
    pub fn start(log: Log, size: usize) -> LogServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let served = Arc::new(Mutex::new(Served {
            log,
            size,
            checkpoint: None,
            listing: None,
        }));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (served.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (s, r) = (s.clone(), r.clone());
                std::thread::spawn(move || answer(stream, &s, &r));
            }
        });
        LogServer {
            addr,
            served,
            requests,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn answer(mut stream: TcpStream, served: &Mutex<Served>, requests: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
    }
    let target = line.split(' ').nth(1).unwrap_or("").to_string();
    requests.lock().unwrap().push(target.clone());
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let params: HashMap<&str, usize> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
        .collect();
    let s = served.lock().unwrap();
    let (status, kind, body) = match path {
        "/v1/log/checkpoint" => (
            200,
            "text/plain; charset=utf-8",
            s.checkpoint
                .clone()
                .unwrap_or_else(|| s.log.checkpoint(s.size)),
        ),
        "/v1/log/proof/consistency" => {
            let (from, to) = (params["from"], params["to"]);
            if from > to || to > s.size {
                (
                    400,
                    "application/json",
                    r#"{"error":{"code":"bad_request","message":"no such trees","details":[]}}"#
                        .to_string(),
                )
            } else {
                (
                    200,
                    "application/json",
                    serde_json::json!({
                        "from": from, "to": to, "consistency": s.log.consistency(from, to)
                    })
                    .to_string(),
                )
            }
        }
        "/v1/log/entries" => {
            let entries = s.listing.as_ref().unwrap_or(&s.log.entries);
            let (start, end) = (params["start"], params["end"].min(s.size));
            let listed: Vec<serde_json::Value> = (start..end.max(start))
                .take(1000)
                .filter_map(|i| Some((i, entries.get(i)?)))
                .map(|(i, e)| serde_json::json!({ "index": i, "digest": e.digest, "id": e.id }))
                .collect();
            (
                200,
                "application/json",
                serde_json::Value::from(listed).to_string(),
            )
        }
        _ => (404, "text/plain", "not found".to_string()),
    };
    drop(s);
    let reason = if status == 200 { "OK" } else { "Error" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}
