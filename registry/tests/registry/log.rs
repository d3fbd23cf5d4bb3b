//! The transparency log (SPEC §8): receipts carry a proof that verifies
//! against a signed checkpoint, the `/v1/log/` endpoints, `log init`, and
//! `log verify` finding what was altered in the database.

use charte_registry::log::{self, merkle, Checkpoint, Signer};
use serde_json::Value;

use crate::support::{
    on_postgres, postgres_query, product_document, registry_command, test_log_key_file,
    test_verifier, Client, Registry, SIREN_A,
};

fn unhex(text: &str) -> merkle::Hash {
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

fn hashes(value: &Value) -> Vec<merkle::Hash> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list of hashes: {value}"))
        .iter()
        .map(|hash| unhex(hash.as_str().unwrap()))
        .collect()
}

/// The checkpoint of a note signed by the test key.
fn checkpoint(note: &str) -> Checkpoint {
    Checkpoint::parse(test_verifier().open(note).unwrap()).unwrap()
}

/// Checks a receipt's `log` as a client does; returns its checkpoint.
pub(crate) fn verify_receipt(receipt: &Value) -> Checkpoint {
    let log = &receipt["log"];
    let checkpoint = checkpoint(log["checkpoint"].as_str().expect("a signed checkpoint"));
    let index = log["index"].as_u64().unwrap();
    let leaf = log::entry_leaf(
        receipt["digest"].as_str().unwrap(),
        receipt["id"].as_str().unwrap(),
    );
    assert!(
        merkle::verify_inclusion(
            index,
            checkpoint.size,
            &leaf,
            &hashes(&log["inclusion"]),
            &checkpoint.root
        ),
        "{receipt}"
    );
    checkpoint
}

/// `n` distinct product documents, submitted; their receipts.
fn submit_many(client: &Client, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let answer = client.submit(&product_document(SIREN_A, &format!("produit-{i}")));
            assert_eq!(answer.status, 201, "{:?}", answer.json());
            answer.json()
        })
        .collect()
}

#[test]
fn every_receipt_proves_its_submission_in_a_signed_checkpoint_and_a_replay_returns_it_unchanged() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = submit_many(&client, 5);
    for (i, receipt) in receipts.iter().enumerate() {
        assert_eq!(receipt["log"]["index"], i);
        let checkpoint = verify_receipt(receipt);
        assert_eq!(checkpoint.size, i as u64 + 1);
        assert_eq!(checkpoint.origin, crate::support::LOG_NAME);
    }
    // Later submissions do not change an earlier receipt: a replay, and the
    // receipt endpoint, answer it byte for byte.
    let first = client.submit(&product_document(SIREN_A, "produit-0"));
    assert_eq!(first.status, 200);
    assert_eq!(first.json(), receipts[0]);
    let id = receipts[2]["id"].as_str().unwrap();
    assert_eq!(
        client.get(&format!("/v1/submissions/{id}")).json(),
        receipts[2]
    );
    // A withdrawal is an entry too.
    let withdrawal = serde_json::json!({
        "schema": 2, "organization": { "siren": SIREN_A, "name": "Exemple Santé SAS" },
        "product": { "id": "produit-1" }, "withdrawn": true
    });
    let answer = client.submit(&withdrawal);
    assert_eq!(answer.status, 201, "{:?}", answer.json());
    assert_eq!(answer.json()["log"]["index"], 5);
    verify_receipt(&answer.json());
    // `latest` lists heads without proofs.
    let latest = client.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"));
    assert!(latest.json()[0].get("log").is_none(), "{:?}", latest.json());
}

#[test]
fn the_log_endpoints_answer_without_a_token_and_their_proofs_verify() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = submit_many(&client, 6);
    let anonymous = registry.client(None);

    let answer = anonymous.get("/v1/log/checkpoint");
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let latest = checkpoint(std::str::from_utf8(&answer.body).unwrap());
    assert_eq!(latest.size, 6);

    let roots: Vec<Checkpoint> = receipts
        .iter()
        .map(|receipt| checkpoint(receipt["log"]["checkpoint"].as_str().unwrap()))
        .collect();
    for (index, receipt) in receipts.iter().enumerate() {
        let leaf = log::entry_leaf(
            receipt["digest"].as_str().unwrap(),
            receipt["id"].as_str().unwrap(),
        );
        for size in index + 1..=6 {
            let answer = anonymous.get(&format!(
                "/v1/log/proof/inclusion?index={index}&size={size}"
            ));
            assert_eq!(answer.status, 200);
            let body = answer.json();
            assert_eq!(
                (&body["index"], &body["size"]),
                (&index.into(), &size.into())
            );
            let root = if size == 6 {
                latest.root
            } else {
                roots[size - 1].root
            };
            let path = hashes(&body["inclusion"]);
            assert!(merkle::verify_inclusion(
                index as u64,
                size as u64,
                &leaf,
                &path,
                &root
            ));
        }
    }
    for from in 0..=6usize {
        let answer = anonymous.get(&format!("/v1/log/proof/consistency?from={from}&to=6"));
        assert_eq!(answer.status, 200);
        let body = answer.json();
        assert_eq!((&body["from"], &body["to"]), (&from.into(), &6.into()));
        let old = match from {
            0 => merkle::empty_root(),
            _ => roots[from - 1].root,
        };
        let path = hashes(&body["consistency"]);
        assert!(merkle::verify_consistency(
            from as u64,
            6,
            &old,
            &latest.root,
            &path
        ));
    }

    let entries = anonymous.get("/v1/log/entries?start=1&end=10").json();
    let expected: Vec<Value> = receipts[1..]
        .iter()
        .enumerate()
        .map(|(i, receipt)| {
            serde_json::json!({ "index": i + 1, "digest": receipt["digest"], "id": receipt["id"] })
        })
        .collect();
    assert_eq!(entries, Value::Array(expected));
    assert_eq!(
        anonymous.get("/v1/log/entries?start=6&end=6").json(),
        serde_json::json!([])
    );

    for path in [
        "/v1/log/proof/inclusion?index=6&size=6",
        "/v1/log/proof/inclusion?index=0&size=7",
        "/v1/log/proof/inclusion?index=0",
        "/v1/log/proof/inclusion?index=x&size=2",
        "/v1/log/proof/consistency?from=3&to=2",
        "/v1/log/proof/consistency?from=1&to=7",
        "/v1/log/entries?start=3&end=2",
    ] {
        let answer = anonymous.get(path);
        assert_eq!(answer.status, 400, "{path}");
        assert_eq!(answer.error_code(), "invalid_query", "{path}");
    }
}

/// `charte-registry ARGS…`: success, stdout, stderr.
fn run(args: &[&str]) -> (bool, String, String) {
    let output = registry_command().args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `log verify` of the registry's database with the test key.
fn log_verify(registry: &Registry) -> (bool, String, String) {
    let key = test_verifier().to_string();
    run(&[
        "log",
        "verify",
        "--db",
        registry.db.to_str().unwrap(),
        "--key",
        &key,
    ])
}

/// Runs `sqlite` (or `postgres`, on that engine) as the database's owner.
fn alter(registry: &Registry, sqlite: &str, postgres: &str) {
    if on_postgres() {
        postgres_query(registry.db.to_str().unwrap(), postgres);
    } else {
        let conn = rusqlite::Connection::open(&registry.db).unwrap();
        conn.execute_batch(sqlite).unwrap();
    }
}

#[test]
fn log_verify_passes_on_an_intact_log_and_names_an_altered_document() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = submit_many(&client, 3);
    let (ok, stdout, stderr) = log_verify(&registry);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("verifies: 3 entries, 4 checkpoints\n"),
        "{stdout}"
    );

    alter(
        &registry,
        "DROP TRIGGER submissions_never_updated;
         UPDATE submissions SET document = replace(document, 'conform', 'non_conform') WHERE seq = 2;",
        "DROP TRIGGER submissions_never_updated_or_deleted ON submissions;
         UPDATE submissions SET document = replace(document, 'conform', 'non_conform')
         WHERE id = (SELECT id FROM submissions ORDER BY seq OFFSET 1 LIMIT 1);",
    );
    let (ok, stdout, stderr) = log_verify(&registry);
    assert!(!ok);
    let id = receipts[1]["id"].as_str().unwrap();
    assert!(
        stdout.starts_with(&format!(
            "entry 1 ({id}): the stored document's SHA-256 is "
        )),
        "{stdout}"
    );
    assert!(
        stderr.ends_with("does not verify: 1 difference (above)\n"),
        "{stderr}"
    );
}

#[test]
fn log_verify_names_a_removed_entry() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = submit_many(&client, 4);
    alter(
        &registry,
        "DROP TRIGGER log_entries_never_deleted; DELETE FROM log_entries WHERE idx = 1;",
        "DROP TRIGGER log_entries_append_only ON log_entries; DELETE FROM log_entries WHERE idx = 1;",
    );
    let (ok, stdout, _) = log_verify(&registry);
    assert!(!ok);
    let id = receipts[1]["id"].as_str().unwrap();
    assert!(
        stdout.contains("entry 1 is missing: the next stored entry is 2\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("submission {id} has no entry in the log\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("the checkpoint of size 2 has root "),
        "{stdout}"
    );
}

/// The last submission hidden without a trace in the tables: its row, its
/// head, its entry and the hashes its leaf completed, every append-only
/// trigger dropped. The remaining tables agree with one another; only the
/// signed checkpoint of the larger tree gives it away.
#[test]
fn log_verify_names_a_leaf_removed_with_its_submission_and_hashes() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    submit_many(&client, 4);
    // Leaf 3 completed the subtrees (level 1, index 1) and (level 2, index 0).
    let hide = "CREATE TEMP TABLE hidden AS SELECT submission FROM log_entries WHERE idx = 3;
         DELETE FROM log_hashes
         WHERE (level = 0 AND idx = 3) OR (level = 1 AND idx = 1) OR (level = 2 AND idx = 0);
         DELETE FROM log_entries WHERE idx = 3;
         DELETE FROM heads WHERE submission IN (SELECT submission FROM hidden);
         DELETE FROM directory_products WHERE submission IN (SELECT submission FROM hidden);
         DELETE FROM submissions WHERE seq IN (SELECT submission FROM hidden);";
    alter(
        &registry,
        &format!(
            "DROP TRIGGER log_hashes_never_deleted; DROP TRIGGER log_entries_never_deleted;
             DROP TRIGGER submissions_never_deleted; {hide}"
        ),
        &format!(
            "DROP TRIGGER log_hashes_append_only ON log_hashes;
             DROP TRIGGER log_entries_append_only ON log_entries;
             DROP TRIGGER submissions_never_updated_or_deleted ON submissions; {hide}"
        ),
    );
    let (ok, stdout, stderr) = log_verify(&registry);
    assert!(!ok);
    assert_eq!(
        stdout,
        "the checkpoint of size 4 is larger than the log (3 entries)\n"
    );
    assert!(
        stderr.ends_with("does not verify: 1 difference (above)\n"),
        "{stderr}"
    );
}

#[test]
fn log_verify_names_a_checkpoint_signed_with_another_key() {
    let mut registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    submit_many(&client, 2);
    // The same database served with another key: it signs the current size.
    registry.server.take().unwrap().shutdown().unwrap();
    let other = Signer::generate(crate::support::LOG_NAME).unwrap();
    let server = charte_registry::spawn(
        charte_registry::Config::new(&registry.db)
            .log_to(std::io::sink())
            .log_key(other),
    )
    .unwrap();
    drop(server);
    let (ok, stdout, _) = log_verify(&registry);
    assert!(!ok);
    assert_eq!(
        stdout,
        format!(
            "the checkpoint of size 2 is not signed by {}\n",
            test_verifier()
        )
    );
}

#[test]
fn serve_refuses_to_start_without_a_log_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    let (ok, _, stderr) = run(&["serve", "--db", db.to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: serve needs --log-key FILE, the key that signs the transparency log's \
         checkpoints: create one with `charte-registry log init --key FILE` \
         (registry/README.md, \"Running the log\")\n"
    );
    let Err(err) = charte_registry::spawn(charte_registry::Config::new(&db)) else {
        panic!("a registry started without a log key");
    };
    assert!(
        err.to_string().starts_with("serve needs --log-key FILE"),
        "{err}"
    );
}

#[test]
fn log_init_writes_a_private_key_once_and_prints_its_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("log.key");
    let key_arg = key.to_str().unwrap();
    let (ok, stdout, stderr) = run(&[
        "log",
        "init",
        "--name",
        "registre.example/charte",
        "--key",
        key_arg,
    ]);
    assert!(ok, "{stderr}");
    let verifier = log::Verifier::parse(stdout.trim_end()).unwrap();
    assert!(stdout.starts_with("registre.example/charte+"), "{stdout}");
    let signer = log::read_signer(&key).unwrap();
    assert_eq!(signer.verifier(), verifier);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let before = std::fs::read(&key).unwrap();
    let (ok, _, stderr) = run(&["log", "init", "--key", key_arg]);
    assert!(!ok);
    assert_eq!(
        stderr,
        format!(
            "error: {key_arg} already exists: a log key is never overwritten (its checkpoints \
             would no longer verify); give another path, or remove it knowingly\n"
        )
    );
    assert_eq!(std::fs::read(&key).unwrap(), before);
    // The test suite's own key file is one `serve` reads.
    assert!(log::read_signer(test_log_key_file()).is_ok());
}

#[test]
fn a_database_from_before_the_log_is_logged_in_the_order_of_its_submissions() {
    if on_postgres() {
        return; // The fixture is a SQLite file.
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/registry-v1.sqlite3"
        ),
        &db,
    )
    .unwrap();
    let ids: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut statement = conn
            .prepare("SELECT id FROM submissions ORDER BY seq")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(!ids.is_empty());
    let server = charte_registry::spawn(
        charte_registry::Config::new(&db)
            .log_to(std::io::sink())
            .log_key(crate::support::test_signer()),
    )
    .unwrap();
    let anonymous = Client {
        addr: server.addr(),
        token: None,
    };
    let entries = anonymous.get("/v1/log/entries?start=0&end=1000").json();
    let logged: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["id"].as_str().unwrap())
        .collect();
    assert_eq!(logged, ids);
    let note = anonymous.get("/v1/log/checkpoint");
    assert_eq!(
        checkpoint(std::str::from_utf8(&note.body).unwrap()).size,
        ids.len() as u64
    );
    drop(server);
    let key = test_verifier().to_string();
    let (ok, stdout, stderr) = run(&["log", "verify", "--db", db.to_str().unwrap(), "--key", &key]);
    assert!(ok, "{stdout}{stderr}");
}

#[test]
fn a_dump_loaded_into_a_new_database_rebuilds_a_log_with_the_same_roots() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    submit_many(&client, 5);
    let anonymous = registry.client(None);
    let original = anonymous.get("/v1/log/checkpoint");
    let original = checkpoint(std::str::from_utf8(&original.body).unwrap());
    let original_entries = anonymous.get("/v1/log/entries?start=0&end=5").json();

    let dump = registry.dir.path().join("dump.jsonl");
    let output = registry_command()
        .args(["dump", "--db", registry.db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    std::fs::write(&dump, &output.stdout).unwrap();
    let restored = registry.dir.path().join("restored.sqlite3");
    let (ok, _, stderr) = run(&[
        "load",
        "--db",
        restored.to_str().unwrap(),
        dump.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let server = charte_registry::spawn(
        charte_registry::Config::new(&restored)
            .log_to(std::io::sink())
            .log_key(crate::support::test_signer()),
    )
    .unwrap();
    let anonymous = Client {
        addr: server.addr(),
        token: None,
    };
    let rebuilt = anonymous.get("/v1/log/checkpoint");
    assert_eq!(
        checkpoint(std::str::from_utf8(&rebuilt.body).unwrap()),
        original
    );
    assert_eq!(
        anonymous.get("/v1/log/entries?start=0&end=5").json(),
        original_entries
    );
}
