//! The database settings the protocol promises, a sound file after use,
//! tokens stored only as hashes, and a clean shutdown.

use std::net::TcpStream;

use charte_registry::store;

use crate::support::{commitments_document, product_document, Registry, SIREN_A};

#[test]
fn database_is_wal_full_sync_and_sound() {
    let mut registry = Registry::start();
    let token = registry.token(SIREN_A);
    let client = registry.client(Some(&token));
    assert_eq!(
        client
            .submit(&product_document(SIREN_A, "exemple-lgc"))
            .status,
        201
    );
    assert_eq!(client.submit(&commitments_document(SIREN_A)).status, 201);

    let pragmas = store::pragmas(&registry.db).unwrap();
    assert_eq!(pragmas.journal_mode, "wal");
    assert_eq!(pragmas.synchronous, 2, "synchronous=FULL");
    assert!(pragmas.foreign_keys);
    assert!(pragmas.busy_timeout_ms >= 1000);

    let addr = registry.addr();
    registry.server.take().unwrap().shutdown().unwrap();
    assert!(
        TcpStream::connect(addr).is_err(),
        "the port is closed after shutdown"
    );

    let conn = rusqlite::Connection::open(&registry.db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL is recorded in the file");
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
    let (hash, keys): (String, i64) = conn
        .query_row(
            "SELECT (SELECT hash FROM tokens), (SELECT count(DISTINCT digest) FROM submissions)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(hash, charte_registry::auth::hash_token(&token));
    assert_eq!(keys, 2);
    drop(conn);

    for file in std::fs::read_dir(registry.dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(token.len())
                .any(|window| window == token.as_bytes()),
            "plain token on disk"
        );
    }
}

#[test]
fn dropping_the_handle_stops_the_server() {
    let registry = Registry::start();
    let addr = registry.addr();
    drop(registry);
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn a_full_database_answers_503_and_keeps_serving_reads() {
    // A database limited to a few pages fills up as a disk would: SQLite
    // reports SQLITE_FULL, which the registry answers 503, not 500.
    let registry = Registry::start_with(|config| config.max_db_size(64 * 1024));
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let mut full = None;
    for version in 0..200 {
        let mut document = product_document(SIREN_A, "exemple-lgc");
        document["product"]["version"] = format!("5.2.{version}").into();
        document["notes"] = "n".repeat(2000).into();
        let answer = client.submit(&document);
        if answer.status != 201 {
            full = Some(answer);
            break;
        }
    }
    let full = full.expect("the database never filled up");
    assert_eq!(
        (full.status, full.error_code().as_str()),
        (503, "storage_full"),
        "{:?}",
        full.json()
    );
    assert_eq!(full.header("retry-after"), Some("30"));
    assert!(
        registry.log.contents().contains("error=") && registry.log.contents().contains("full"),
        "{}",
        registry.log.contents()
    );
    let latest = client.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"));
    assert_eq!(latest.status, 200);
    assert!(registry.stored_submissions() > 0);
}
