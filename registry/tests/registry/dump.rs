//! `charte-registry dump` and `load` on the real binary: a dump restored
//! into an empty database dumps the same, digests and heads included.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::{product_document, registry_command, Registry, SIREN_A};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/registry-v1.sqlite3"
);

fn run(args: &[&str]) -> Output {
    registry_command().args(args).output().unwrap()
}

fn dump(db: &Path, since: Option<&str>) -> String {
    let mut args = vec!["dump", "--db", db.to_str().unwrap()];
    args.extend(since.map(|id| ["--since", id]).into_iter().flatten());
    let output = run(&args);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn lines(dump: &str) -> Vec<Value> {
    dump.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn a_dump_loaded_into_an_empty_database_dumps_the_same() {
    // The fixture, served, and an older document sent again: it heads its
    // product again, which the dump must carry.
    let registry = Registry::start_in(|dir, config| {
        std::fs::copy(FIXTURE, dir.join("registry.sqlite3")).unwrap();
        config
    });
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let replay = client.submit(&product_document(SIREN_A, "exemple-lgc"));
    assert_eq!(replay.status, 200);
    let replayed = replay.json()["id"].as_str().unwrap().to_owned();

    let original = dump(&registry.db, None);
    let entries = lines(&original);
    assert_eq!(entries.len(), 7);
    for entry in &entries {
        // The document is the stored canonical JSON: its digest is the line's.
        let document = charte_registry::to_canonical_json(&entry["document"]);
        assert_eq!(
            charte_registry::canonical::sha256_hex(document.as_bytes()),
            entry["digest"].as_str().unwrap()
        );
        assert_eq!(entry["digest"], entry["receipt"]["digest"]);
        assert!(original.contains(&document));
    }
    let heads: Vec<&str> = entries
        .iter()
        .filter(|entry| entry["head"] == true)
        .map(|entry| entry["receipt"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(heads.len(), 5);
    assert!(heads.contains(&replayed.as_str()));
    assert_eq!(entries[4]["receipt"]["withdrawn"], true);

    let file = registry.dir.path().join("dump.jsonl");
    std::fs::write(&file, &original).unwrap();
    let restored = registry.dir.path().join("restored.sqlite3");
    let output = run(&[
        "load",
        "--db",
        restored.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("restored 7 submissions into {}\n", restored.display())
    );
    assert_eq!(dump(&restored, None), original);

    // Restored submissions belong to revoked tokens: none can submit.
    let listing = run(&[
        "token",
        "list",
        "--db",
        restored.to_str().unwrap(),
        "--json",
    ]);
    let tokens: Value = serde_json::from_slice(&listing.stdout).unwrap();
    let tokens = tokens.as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens
        .iter()
        .all(|t| t["revoked"].is_string() && t["label"] == charte_registry::dump::RESTORED_LABEL));

    // Loading again into the same database is refused, and stores nothing.
    let output = run(&[
        "load",
        "--db",
        restored.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: {} already holds 7 submissions: load restores a dump into an empty \
             database (give a new --db path)\n",
            restored.display()
        )
    );
    assert_eq!(dump(&restored, None), original);
}

#[test]
fn since_dumps_what_was_stored_after_a_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    std::fs::copy(FIXTURE, &db).unwrap();
    let all = dump(&db, None);
    let entries: Vec<&str> = all.lines().collect();
    let fourth = lines(entries[3])[0]["receipt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rest = dump(&db, Some(&fourth));
    assert_eq!(rest.lines().collect::<Vec<_>>(), entries[4..]);
    let last = lines(entries[6])[0]["receipt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(dump(&db, Some(&last)), "");

    let output = run(&["dump", "--db", db.to_str().unwrap(), "--since", "sub_0"]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: no submission sub_0 in {}: --since takes a receipt id from an earlier dump\n",
            db.display()
        )
    );
}

#[test]
fn an_altered_dump_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    std::fs::copy(FIXTURE, &db).unwrap();
    let all = dump(&db, None);
    let altered = all.replacen("5.3.0", "5.3.1", 1);
    assert_ne!(altered, all);
    let file = dir.path().join("dump.jsonl");
    std::fs::write(&file, &altered).unwrap();
    let restored = dir.path().join("restored.sqlite3");
    let output = run(&[
        "load",
        "--db",
        restored.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: {} line 4: the document's digest is ",
            file.display()
        )) && stderr.ends_with(": the dump was altered; restore from an intact copy\n"),
        "{stderr}"
    );
    assert_eq!(dump(&restored, None), "");
}
