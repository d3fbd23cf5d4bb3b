//! The `Idempotency-Key` is the document's digest: mismatches are refused,
//! concurrent identical submissions store one row.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};

use serde_json::json;

use crate::support::{product_document, Registry, SIREN_A};

#[test]
fn key_must_be_the_digest() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");

    let wrong = client.submit_with_key(&document, &"0".repeat(64));
    assert_eq!(
        (wrong.status, wrong.error_code().as_str()),
        (422, "idempotency_key_mismatch")
    );
    let uppercase = client.submit_with_key(
        &document,
        &charte_registry::digest(&document).to_uppercase(),
    );
    assert_eq!(uppercase.error_code(), "idempotency_key_mismatch");

    // A key reused with another body is a key that is not that body's digest.
    let first = client.submit(&document);
    assert_eq!(first.status, 201);
    let mut changed = document.clone();
    changed["product"]["version"] = json!("6.0.0");
    let reused = client.submit_with_key(&changed, &charte_registry::digest(&document));
    assert_eq!(
        (reused.status, reused.error_code().as_str()),
        (422, "idempotency_key_mismatch")
    );
    assert_eq!(registry.stored_submissions(), 1);
}

#[test]
fn key_is_the_sha256_of_the_canonical_json() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");
    let canonical = charte_registry::to_canonical_json(&document);
    assert!(
        canonical.starts_with(r#"{"counts":{"applicable":2,"conform":1,"conformity":0.5,"#),
        "{canonical}"
    );
    // Whitespace and key order of the body do not matter: the registry hashes the canonical form.
    let pretty = serde_json::to_vec_pretty(&document).unwrap();
    let key = charte_registry::canonical::sha256_hex(canonical.as_bytes());
    let answer = client.post("/v1/submissions", &pretty, &[("Idempotency-Key", &key)]);
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["digest"], key.as_str());
}

#[test]
fn concurrent_identical_submissions_store_one_row() {
    const CLIENTS: usize = 20;
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = Arc::new(product_document(SIREN_A, "exemple-lgc"));
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let answers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, document, barrier) = (client.clone(), document.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                client.submit(&document)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|thread| thread.join().unwrap())
        .collect();

    let mut ids = HashSet::new();
    let mut created = 0;
    for answer in &answers {
        match answer.status {
            200 | 201 => {
                created += usize::from(answer.status == 201);
                ids.insert(answer.json()["id"].as_str().unwrap().to_owned());
            }
            409 => {
                assert_eq!(answer.error_code(), "in_flight");
                assert_eq!(answer.header("retry-after"), Some("1"));
            }
            other => panic!("unexpected {other}: {:?}", answer.json()),
        }
    }
    assert_eq!(created, 1, "exactly one answer creates the submission");
    assert_eq!(ids.len(), 1, "every 2xx carries the same receipt: {ids:?}");
    assert_eq!(registry.stored_submissions(), 1);
    // After the storm, a retry is a plain replay.
    let retry = client.submit(&document);
    assert_eq!(retry.status, 200);
    assert!(ids.contains(retry.json()["id"].as_str().unwrap()));
}
