//! Versioned migrations on the real binary: a database written before them
//! is upgraded in place, row for row, and one from a newer binary is refused.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::support::{registry_command, Registry, SIREN_A, SIREN_B};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/registry-v1.sqlite3"
);

/// A copy of the fixture in a temporary folder.
fn fixture_copy(dir: &Path) -> PathBuf {
    let db = dir.join("registry.sqlite3");
    std::fs::copy(FIXTURE, &db).unwrap();
    db
}

fn migrate(db: &Path) -> (bool, String, String) {
    let output = registry_command()
        .args(["migrate", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Every row of the tables of the first schema, as text.
fn rows(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut all = Vec::new();
    for query in [
        "SELECT id, hash, siren, label, created, revoked FROM tokens ORDER BY id",
        "SELECT seq, id, digest, siren, product, received_at, token_id, document FROM submissions ORDER BY seq",
        "SELECT siren, product, submission FROM heads ORDER BY siren, product",
    ] {
        let mut statement = conn.prepare(query).unwrap();
        let columns = statement.column_count();
        let mut found = statement.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            all.push(values.join("|"));
        }
    }
    all
}

fn applied_versions(db: &Path) -> Vec<(i64, String)> {
    let conn = Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT version, checksum FROM schema_migrations ORDER BY version")
        .unwrap();
    let found = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap();
    found.map(Result::unwrap).collect()
}

#[test]
fn a_database_written_before_migrations_is_upgraded_in_place_keeping_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_copy(dir.path());
    let before = rows(&db);
    assert_eq!(before.len(), 3 + 7 + 5);

    let (ok, stdout, stderr) = migrate(&db);
    assert!(ok, "{stderr}");
    let mut expected = String::new();
    for migration in charte_registry::migrate::SQLITE {
        expected.push_str(&format!(
            "applied migration {} ({})\n",
            migration.version, migration.name
        ));
    }
    let latest = charte_registry::migrate::latest_version();
    expected.push_str(&format!("{} is at schema version {latest}\n", db.display()));
    assert_eq!(stdout, expected);
    assert_eq!(rows(&db), before);
    let recorded = applied_versions(&db);
    assert_eq!(recorded.len() as i64, latest);
    for ((version, checksum), migration) in recorded.iter().zip(charte_registry::migrate::SQLITE) {
        assert_eq!(
            (*version, checksum),
            (migration.version, &migration.checksum())
        );
    }

    // Upgraded, its submissions are append-only like a new database's.
    let refused = Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM submissions", [])
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    assert_eq!(rows(&db), before);

    // A second run has nothing to do.
    let (ok, stdout, _) = migrate(&db);
    assert!(ok);
    assert_eq!(
        stdout,
        format!("{} is at schema version {latest}\n", db.display())
    );
}

#[test]
fn serve_upgrades_on_start_and_answers_every_receipt_as_before() {
    let receipts: Vec<(String, String, String, Option<String>, String)> = {
        let conn = Connection::open(FIXTURE).unwrap();
        let mut statement = conn
            .prepare("SELECT id, digest, siren, product, received_at FROM submissions ORDER BY seq")
            .unwrap();
        let found = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .unwrap();
        found.map(Result::unwrap).collect()
    };
    let registry = Registry::start_in(|dir, config| {
        fixture_copy(dir);
        config
    });
    for siren in [SIREN_A, SIREN_B] {
        let client = registry.client(Some(&registry.token(siren)));
        for (id, digest, owner, product, received_at) in &receipts {
            let answer = client.get(&format!("/v1/submissions/{id}"));
            if owner != siren {
                assert_eq!(answer.status, 404, "{id}");
                continue;
            }
            assert_eq!(answer.status, 200, "{id}");
            let receipt = answer.json();
            assert_eq!(receipt["digest"], digest.as_str());
            assert_eq!(receipt["organization"], owner.as_str());
            assert_eq!(receipt["product"].as_str(), product.as_deref());
            assert_eq!(receipt["received_at"], received_at.as_str());
        }
    }
    assert_eq!(
        applied_versions(&registry.db).len() as i64,
        charte_registry::migrate::latest_version()
    );
}

#[test]
fn a_database_from_a_newer_registry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_copy(dir.path());
    assert!(migrate(&db).0);
    let newer = charte_registry::migrate::latest_version() + 1;
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO schema_migrations VALUES (?1, 'later', 'x', '2030-01-01T00:00:00Z')",
            [newer],
        )
        .unwrap();
    let before = rows(&db);
    let (ok, stdout, stderr) = migrate(&db);
    assert!(!ok);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "error: {} is at schema version {newer}, newer than this charte-registry \
             (schema version {}): run the charte-registry that wrote it, or a newer one\n",
            db.display(),
            newer - 1
        )
    );
    assert_eq!(rows(&db), before);
    // So is every other command that opens it.
    let output = registry_command()
        .args(["token", "list", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("newer than this charte-registry"),
        "{output:?}"
    );
}

#[test]
fn a_migration_recorded_with_another_checksum_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_copy(dir.path());
    assert!(migrate(&db).0);
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1",
            [],
        )
        .unwrap();
    let (ok, _, stderr) = migrate(&db);
    assert!(!ok);
    assert!(
        stderr.contains("migration 1 (schema) was applied with checksum edited"),
        "{stderr}"
    );
}
