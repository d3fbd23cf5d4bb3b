//! The real binary killed with SIGKILL while clients submit, and restarted
//! on the same file: every submission it acknowledged is still there, with
//! the same receipt, and the file is sound. (`registry/scripts/crash.sh`
//! does the same at length: 20 kills under a heavier load.)

use std::fs::File;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{product_document, serve_binary, Client, SIREN_A};

const ROUNDS: usize = 3;
const CLIENTS: usize = 2;

/// The server process, killed with SIGKILL when dropped: on purpose, or
/// when a failed assertion unwinds the test.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn acknowledged_submissions_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    let log_path = dir.path().join("registry.log");
    let token = charte_registry::add_token(&db, SIREN_A, "crash").unwrap();
    // (digest, receipt) of every 201 a client read in full.
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, Value)>::new()));
    let next = Arc::new(AtomicUsize::new(0));

    for round in 0..ROUNDS {
        let log = File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap();
        let (child, addr) = serve_binary(&db, Stdio::from(log));
        let server = Killed(child);
        let client = Client {
            addr,
            token: Some(token.clone()),
        };
        // What the previous server acknowledged is answered as a replay,
        // with the same receipt.
        let before: Vec<(String, Value)> = acknowledged.lock().unwrap().clone();
        for (digest, receipt) in before.iter().rev().take(5) {
            let product = receipt["product"].as_str().unwrap();
            let replay = client.submit(&product_document(SIREN_A, product));
            assert_eq!(replay.status, 200, "replay of {digest} after a kill");
            assert_eq!(&replay.json(), receipt);
        }

        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (client, stop, next, acknowledged) = (
                    client.clone(),
                    stop.clone(),
                    next.clone(),
                    acknowledged.clone(),
                );
                thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let document = product_document(SIREN_A, &format!("produit-{n:05}"));
                        // The server is gone once a request fails.
                        let Ok(answer) = client.try_submit(&document) else {
                            return;
                        };
                        assert_eq!(answer.status, 201, "{:?}", answer.json());
                        let digest = charte_registry::digest(&document);
                        acknowledged.lock().unwrap().push((digest, answer.json()));
                    }
                })
            })
            .collect();
        // Under load: some acknowledgements, then a moment that differs by round.
        let target = before.len() + 50;
        let deadline = Instant::now() + Duration::from_secs(10);
        while acknowledged.lock().unwrap().len() < target && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(2));
        }
        thread::sleep(Duration::from_millis(7 * round as u64));
        drop(server); // SIGKILL, under load
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
        assert!(
            acknowledged.lock().unwrap().len() >= target,
            "round {round}: too few submissions acknowledged before the kill"
        );
    }

    // After the last kill: every receipt through the protocol…
    let acknowledged = acknowledged.lock().unwrap().clone();
    let (child, addr) = serve_binary(&db, Stdio::null());
    let server = Killed(child);
    let client = Client {
        addr,
        token: Some(token.clone()),
    };
    for (digest, receipt) in &acknowledged {
        let id = receipt["id"].as_str().unwrap();
        let answer = client.get(&format!("/v1/submissions/{id}"));
        assert_eq!(answer.status, 200, "{digest} acknowledged, then lost");
        assert_eq!(&answer.json(), receipt);
    }
    drop(server);

    // …and in the file, which is sound.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(violations, 0);
    for (digest, receipt) in &acknowledged {
        let (id, document): (String, String) = conn
            .query_row(
                "SELECT id, document FROM submissions WHERE digest = ?1",
                [digest],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(id, receipt["id"].as_str().unwrap());
        assert_eq!(
            &charte_registry::canonical::sha256_hex(document.as_bytes()),
            digest
        );
    }
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        !log.lines().any(|line| line
            .split(' ')
            .nth(3)
            .is_some_and(|status| status.starts_with('5'))),
        "{log}"
    );
}
