//! `charte verify` on receipts of a log built by the tests' own fixture
//! (`log_fixture`), served on loopback: each way a log or a receipt can
//! lie is caught with its message, and `.charte/checkpoint` moves only
//! forward, after a proof.

use std::path::Path;

use crate::log_fixture::{write_receipt, Entry, Log, LogServer, Signer, ORIGIN};
use crate::support::{charte, stderr, stdout, MINIMAL};

/// A project whose manifest names the registry and pins the log's key.
fn project(registry: &str, key: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut text = MINIMAL.replace(
        "[referentials]",
        &format!("[registry]\nurl = \"{registry}\"\n[referentials]"),
    );
    if let Some(key) = key {
        text = text.replace(
            "[referentials]",
            &format!("log-key = \"{key}\"\n\n[referentials]"),
        );
    }
    std::fs::write(dir.path().join("charte.toml"), text).unwrap();
    dir
}

fn verify(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .env("CHARTE_RETRY_BASE_MS", "1")
        .arg("verify")
        .args(args)
        .assert()
}

fn kept(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(".charte/checkpoint")).ok()
}

/// A log of 5 entries whose receipts 0, 2 and 4 are kept, the tree of 5
/// kept in .charte/checkpoint, and a server whose log has grown to `grown`.
fn setup(grown: usize) -> (tempfile::TempDir, Log, LogServer) {
    let log = Log::new(grown.max(5));
    let server = LogServer::start(log.clone(), grown);
    let dir = project(&server.url(), Some(&log.signer.verifier()));
    for i in [0, 2, 4] {
        log.write_receipt(dir.path(), &server.url(), i, 5);
    }
    std::fs::write(dir.path().join(".charte/checkpoint"), log.checkpoint(5)).unwrap();
    (dir, log, server)
}

/// The output with the server's port replaced, for snapshots.
fn portless(text: &str, server: &LogServer) -> String {
    text.replace(&server.addr.port().to_string(), "PORT")
}

#[test]
fn receipts_in_a_growing_log_are_verified_and_the_new_checkpoint_kept() {
    let (dir, log, server) = setup(9);
    let a = verify(dir.path(), &[]).code(0);
    assert_eq!(stderr(&a), "");
    insta::assert_snapshot!("verify_human", portless(&stdout(&a), &server));
    assert_eq!(kept(dir.path()).unwrap(), log.checkpoint(9));
    // Its lock beside it, as every lock of charte's files.
    assert!(dir.path().join(".charte/checkpoint.lock").exists());
    assert!(!dir.path().join(".charte/.charte").exists());
    // One proof serves the three receipts of the same tree.
    server.requests.lock().unwrap().clear();
    verify(dir.path(), &["--format", "json"]).code(0);
    assert_eq!(
        server.requests(),
        [
            "/v1/log/checkpoint",
            "/v1/log/proof/consistency?from=5&to=9",
            "/v1/log/entries?start=0&end=9"
        ]
    );
}

#[test]
fn both_outputs_name_each_receipt_and_why() {
    let (dir, log, server) = setup(9);
    // One receipt altered, one without a log proof.
    let mut altered = log.receipt(&server.url(), 2, 5);
    altered["receipt"]["digest"] = serde_json::json!("ab".repeat(32));
    write_receipt(dir.path(), "produit-2", &altered);
    let mut unlogged = log.receipt(&server.url(), 1, 5);
    unlogged["receipt"].as_object_mut().unwrap().remove("log");
    write_receipt(dir.path(), "produit-1", &unlogged);
    let before = kept(dir.path());
    let a = verify(dir.path(), &["--format", "json"]).code(3);
    insta::assert_snapshot!("verify_json", portless(&stdout(&a), &server));
    let a = verify(dir.path(), &[]).code(3);
    insta::assert_snapshot!("verify_human_failures", portless(&stdout(&a), &server));
    assert_eq!(
        stderr(&a),
        "error: .charte/receipts/produit-1.json: the receipt carries no log proof: the registry that issued it keeps no transparency log, or issued it before it had one; nothing shows the registry logged it\n\
         error: .charte/receipts/produit-2.json: the inclusion proof of leaf 2 does not lead to the checkpoint's root: the receipt's digest and id are not that leaf of the tree of 5 (the receipt was altered, or the proof is another leaf's)\n"
    );
    assert_eq!(kept(dir.path()), before);
}

/// Runs verify, expecting exit 3 with `message` on stderr and the kept
/// checkpoint untouched.
fn fails(dir: &Path, args: &[&str], message: &str) {
    let before = kept(dir);
    let a = verify(dir, args).code(3);
    assert!(stderr(&a).contains(message), "{}", stderr(&a));
    assert_eq!(
        kept(dir),
        before,
        ".charte/checkpoint changed after a failure"
    );
}

#[test]
fn a_checkpoint_signed_with_another_key_fails() {
    let (dir, log, server) = setup(5);
    let mut r = log.receipt(&server.url(), 2, 5);
    let other = Signer::new(ORIGIN, 8);
    r["receipt"]["log"]["checkpoint"] = log.checkpoint_by(5, &other).into();
    write_receipt(dir.path(), "produit-2", &r);
    fails(
        dir.path(),
        &["--offline"],
        &format!(
            "error: .charte/receipts/produit-2.json: the checkpoint is signed by `{ORIGIN}` with the unknown key id"
        ),
    );
}

#[test]
fn an_inclusion_proof_for_another_index_fails() {
    let (dir, log, server) = setup(5);
    let mut r = log.receipt(&server.url(), 2, 5);
    r["receipt"]["log"]["index"] = 3.into();
    write_receipt(dir.path(), "produit-2", &r);
    fails(
        dir.path(),
        &["--offline"],
        "produit-2.json: the inclusion proof of leaf 3 does not lead to the checkpoint's root",
    );
    r["receipt"]["log"]["index"] = 7.into();
    write_receipt(dir.path(), "produit-2", &r);
    fails(
        dir.path(),
        &["--offline"],
        "produit-2.json: the leaf index 7 is outside the checkpoint's tree of 5 entries",
    );
    r["receipt"]["log"]["index"] = 2.into();
    r["receipt"]["log"]["inclusion"]
        .as_array_mut()
        .unwrap()
        .pop();
    write_receipt(dir.path(), "produit-2", &r);
    fails(
        dir.path(),
        &["--offline"],
        "produit-2.json: the inclusion proof holds 2 hashes, where 3 are needed for leaf 2 of a tree of 5",
    );
}

#[test]
fn an_altered_document_digest_fails() {
    let (dir, log, server) = setup(5);
    let mut r = log.receipt(&server.url(), 4, 5);
    r["receipt"]["digest"] = Entry::nth(40).digest.into();
    write_receipt(dir.path(), "produit-4", &r);
    fails(
        dir.path(),
        &[],
        "produit-4.json: the inclusion proof of leaf 4 does not lead to the checkpoint's root",
    );
}

#[test]
fn a_log_that_removed_a_leaf_is_caught_against_the_kept_checkpoint() {
    let (dir, log, server) = setup(5);
    let mut shorter = log.clone();
    shorter.entries.remove(3);
    shorter.entries.extend((10..14).map(Entry::nth));
    server.served.lock().unwrap().log = shorter;
    server.served.lock().unwrap().size = 8;
    fails(
        dir.path(),
        &[],
        "error: the registry's tree of 8 is not the continuation of the tree of 5 kept in .charte/checkpoint: the tree of 8 entries is not consistent with the earlier tree of 5: the log rewrote its history (a fork, or entries removed or changed)\n",
    );
}

#[test]
fn a_forked_log_is_caught_and_the_kept_checkpoint_untouched() {
    let (dir, log, server) = setup(5);
    let mut fork = log.clone();
    fork.entries[1] = Entry::nth(99);
    fork.entries.extend((5..9).map(Entry::nth));
    server.served.lock().unwrap().log = fork;
    server.served.lock().unwrap().size = 9;
    fails(
        dir.path(),
        &["--format", "json"],
        "error: the registry's tree of 9 is not the continuation of the tree of 5 kept in .charte/checkpoint",
    );
    // Each receipt's checkpoint is checked too, with none kept.
    std::fs::remove_file(dir.path().join(".charte/checkpoint")).unwrap();
    fails(
        dir.path(),
        &[],
        "error: .charte/receipts/produit-0.json: its checkpoint (a tree of 5) is not part of the registry's current log of 9",
    );
    assert_eq!(kept(dir.path()), None);
}

#[test]
fn an_entry_listed_otherwise_than_proven_fails() {
    let (dir, log, server) = setup(9);
    // The proofs still hold the old leaves; the list says otherwise.
    let mut listing = log.entries.clone();
    listing[2] = Entry::nth(77);
    server.served.lock().unwrap().listing = Some(listing.clone());
    fails(
        dir.path(),
        &[],
        &format!(
            "error: .charte/receipts/produit-2.json: the registry's log lists at index 2 the digest {} of {}, where it proved this receipt's digest {} of {}: the registry changed what it stored\n",
            listing[2].digest, listing[2].id, log.entries[2].digest, log.entries[2].id
        ),
    );
    let mut listing = log.entries.clone();
    listing.truncate(4);
    server.served.lock().unwrap().listing = Some(listing);
    let a = verify(dir.path(), &[]).code(3);
    assert_eq!(
        stderr(&a),
        "error: .charte/receipts/produit-4.json: the registry's log lists no entry at index 4, where it proved this receipt's: the registry removed the entry\n"
    );
}

#[test]
fn a_log_smaller_than_the_kept_one_fails() {
    let (dir, _log, server) = setup(5);
    server.served.lock().unwrap().size = 3;
    fails(
        dir.path(),
        &[],
        "error: the registry's tree of 3 is not the continuation of the tree of 5 kept in .charte/checkpoint: the log shrank: its tree of 3 entries is smaller than the earlier tree of 5",
    );
}

#[test]
fn a_registry_down_is_exit_4_and_offline_never_asks() {
    let (dir, log, server) = setup(5);
    let url = server.url();
    // A port with nothing behind it.
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let before = kept(dir.path());
    let a = verify(dir.path(), &["--registry", &down]).code(4);
    assert!(stderr(&a).contains("is the registry up?"), "{}", stderr(&a));
    assert_eq!(kept(dir.path()), before);
    let a = verify(dir.path(), &["--offline"]).code(0);
    assert!(server.requests().is_empty());
    assert!(stdout(&a).contains("3 receipts, 3 verified in the log"));
    assert!(stdout(&a).contains("not asked (--offline)"));
    let _ = (log, url);
}

#[test]
fn without_log_key_the_fix_is_named() {
    let dir = project("https://registre.example.org", None);
    let a = verify(dir.path(), &["--offline"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: charte.toml pins no key for the registry's log: add the key the registry publishes for it, as\n\n  [registry]\n  log-key = \"registre.example.org/log+1a2b3c4d+AQ…\"\n"
    );
}

#[test]
fn a_log_key_that_does_not_read_names_its_line() {
    let key = Log::new(1).signer.verifier().replacen("+", "+0", 1);
    let dir = project("https://registre.example.org", Some(&key));
    let a = verify(dir.path(), &["--offline"]).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("error: `log-key` is not the log's public key: its key id `0"),
        "{err}"
    );
    assert!(err.contains("--> charte.toml:10:11"), "{err}");
}

#[test]
fn status_and_the_statement_count_the_receipts_verified_in_the_log() {
    let env = crate::registry::Env::start();
    env.login().success();
    env.charte().arg("submit").assert().success();
    // Without log-key, neither says a word of the log.
    let a = env.charte().arg("status").assert().success();
    assert!(!stdout(&a).contains("in the log"), "{}", stdout(&a));

    // One receipt placed in a log of the test's own, the others not.
    let mut log = Log::new(4);
    let stored = env.receipt(Some("exemple-dpi")).unwrap();
    log.entries[2] = Entry {
        digest: stored["receipt"]["digest"].as_str().unwrap().to_string(),
        id: stored["receipt"]["id"].as_str().unwrap().to_string(),
    };
    let mut logged = stored.clone();
    logged["receipt"]["log"] = log.receipt(env.url(), 2, 4)["receipt"]["log"].clone();
    write_receipt(env.project.path(), "exemple-dpi", &logged);
    env.edit(
        "[referentials]",
        &format!("log-key = \"{}\"\n\n[referentials]", log.signer.verifier()),
    );
    let a = env.charte().arg("status").assert().success();
    assert!(
        stdout(&a).contains(
            "4 receipts, 1 verified in the log: `charte verify` says why the others are not\n"
        ),
        "{}",
        stdout(&a)
    );
    let a = env
        .charte()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(
        json["log"],
        serde_json::json!({"receipts": 4, "verified": 1})
    );
    for (lang, sentence) in [
        (
            "fr",
            "Accusés vérifiés dans le journal de transparence du registre : 1 sur 4.",
        ),
        (
            "en",
            "Receipts verified in the registry's transparency log: 1 of 4.",
        ),
    ] {
        for format in ["markdown", "html"] {
            let a = env
                .charte()
                .args(["report", "--format", format, "--lang", lang])
                .assert()
                .success();
            let shown = match format {
                "html" => sentence.replace('\'', "&#39;"),
                _ => sentence.to_string(),
            };
            assert!(stdout(&a).contains(&shown), "{format} {lang}");
        }
    }
}

/// A little xorshift: the same "random" receipts on every run.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// 1,000 receipts of a log of 1,000 entries, in trees of a few sizes,
/// about one in eight broken in a way inclusion shows.
fn many_receipts(dir: &Path, registry: &str, log: &Log) -> usize {
    let trees: Vec<_> = [137usize, 512, 731, 1000]
        .into_iter()
        .map(|size| (size, log.tree(size)))
        .collect();
    let mut draw = Draw(0x2545_f491_4f6c_dd1d);
    let mut broken = 0;
    for n in 0..1000 {
        let (size, tree) = &trees[draw.below(4) as usize];
        let index = draw.below(*size as u64) as usize;
        let mut r = tree.receipt(registry, index);
        r["receipt"]["product"] = format!("produit-{n}").into();
        let breaking = draw.below(32);
        match breaking {
            0 => r["receipt"]["digest"] = Entry::nth(5000 + n).digest.into(),
            1 => r["receipt"]["log"]["index"] = ((index + 1) % size).into(),
            2 => {
                let proof = r["receipt"]["log"]["inclusion"].as_array_mut().unwrap();
                proof[0] = crate::log_fixture::hex(&[0x5a; 32]).into();
            }
            3 => {
                r["receipt"]["log"]["inclusion"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            }
            _ => {}
        }
        broken += usize::from(breaking < 4);
        write_receipt(dir, &format!("produit-{n}"), &r);
    }
    broken
}

#[test]
fn an_independent_verifier_agrees_receipt_by_receipt() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        // A test's own output: the skip must be seen in the test log.
        #[allow(clippy::disallowed_macros)]
        {
            eprintln!("skipped: python3 is not installed, the independent verifier cannot run");
        }
        return;
    }
    let log = Log::new(1000);
    let url = "https://registre.example.org";
    let dir = project(url, Some(&log.signer.verifier()));
    let broken = many_receipts(dir.path(), url, &log);
    assert!((80..200).contains(&broken), "{broken} broken");

    let a = verify(dir.path(), &["--offline", "--format", "json"]).code(3);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let ours: Vec<(String, bool)> = report["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["state"] == "verified",
            )
        })
        .collect();
    assert_eq!(ours.len(), 1000);
    assert_eq!(ours.iter().filter(|(_, ok)| !ok).count(), broken);

    let script = crate::support::root().join("tests/cli/verify_inclusion.py");
    let files: Vec<&str> = ours.iter().map(|(f, _)| f.as_str()).collect();
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(&files)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: std::collections::HashMap<String, bool> =
        serde_json::from_slice(&out.stdout).unwrap();
    for (file, ok) in &ours {
        assert_eq!(
            theirs[file], *ok,
            "{file}: charte and the independent verifier disagree"
        );
    }
}
