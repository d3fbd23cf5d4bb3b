//! Versioned schema migrations: the ordered lists (SQLite, and the same
//! versions in PostgreSQL's dialect), the `schema_migrations` table that
//! records which were applied (with the checksum of their SQL), and the
//! refusal of a database newer than this binary. This module applies the
//! SQLite ones; [`crate::postgres`] applies its own with [`pending`].
//!
//! A migration is applied once, in the same `BEGIN IMMEDIATE` transaction
//! as its record, so that two processes opening one file at once apply it
//! once. Migrations are never edited once released: a recorded checksum
//! that differs from the binary's is refused, as is a recorded version the
//! binary does not know.

use std::path::Path;

use anyhow::{bail, Result};
use rusqlite::{params, Connection, TransactionBehavior};

use crate::canonical::sha256_hex;
use crate::time::now_rfc3339;

/// One schema change: its version (1, 2, … with no gap), a name, its SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

impl Migration {
    /// Lowercase hex SHA-256 of the SQL, as recorded when applied.
    pub fn checksum(&self) -> String {
        sha256_hex(self.sql.as_bytes())
    }
}

/// Every migration of the SQLite store, in order.
pub const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "schema",
        sql: include_str!("../migrations/sqlite/0001_schema.sql"),
    },
    Migration {
        version: 2,
        name: "append-only submissions",
        sql: include_str!("../migrations/sqlite/0002_append_only.sql"),
    },
    Migration {
        version: 3,
        name: "transparency log",
        sql: include_str!("../migrations/sqlite/0003_log.sql"),
    },
    Migration {
        version: 4,
        name: "public directory",
        sql: include_str!("../migrations/sqlite/0004_directory.sql"),
    },
    Migration {
        version: 5,
        name: "log end",
        sql: include_str!("../migrations/sqlite/0005_log_end.sql"),
    },
    Migration {
        version: 6,
        name: "log plans",
        sql: include_str!("../migrations/sqlite/0006_log_plans.sql"),
    },
];

/// Every migration of the PostgreSQL store, in order: the same versions as
/// [`SQLITE`].
pub const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "schema",
        sql: include_str!("../migrations/postgres/0001_schema.sql"),
    },
    Migration {
        version: 2,
        name: "append-only submissions",
        sql: include_str!("../migrations/postgres/0002_append_only.sql"),
    },
    Migration {
        version: 3,
        name: "transparency log",
        sql: include_str!("../migrations/postgres/0003_log.sql"),
    },
    Migration {
        version: 4,
        name: "public directory",
        sql: include_str!("../migrations/postgres/0004_directory.sql"),
    },
    Migration {
        version: 5,
        name: "log end",
        sql: include_str!("../migrations/postgres/0005_log_end.sql"),
    },
    Migration {
        version: 6,
        name: "log plans",
        sql: include_str!("../migrations/postgres/0006_log_plans.sql"),
    },
];

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    SQLITE.last().map_or(0, |m| m.version)
}

const LEDGER: &str = "
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,             -- lowercase hex sha256 of the SQL
    applied_at TEXT NOT NULL            -- RFC 3339 UTC
) STRICT;
";

/// The migrations of `list` that `recorded` (version and checksum of each
/// applied one) lacks, in order; an error when the database (named `db`)
/// records a version `list` does not have, or a checksum other than its.
pub fn pending(
    list: &'static [Migration],
    recorded: &[(i64, String)],
    db: &str,
) -> Result<Vec<&'static Migration>> {
    let known = list.last().map_or(0, |m| m.version);
    if let Some(newest) = recorded
        .iter()
        .map(|(v, _)| *v)
        .filter(|&v| v > known)
        .max()
    {
        bail!(
            "{db} is at schema version {newest}, newer than this charte-registry \
             (schema version {known}): run the charte-registry that wrote it, or a newer one"
        );
    }
    let mut missing = Vec::new();
    for migration in list {
        match recorded.iter().find(|(v, _)| *v == migration.version) {
            Some((_, checksum)) if *checksum == migration.checksum() => {}
            Some((_, checksum)) => bail!(
                "{db}: migration {} ({}) was applied with checksum {checksum}, \
                 this charte-registry's is {}: the database was migrated by a \
                 different build; run that build, or restore a backup",
                migration.version,
                migration.name,
                migration.checksum()
            ),
            None => missing.push(migration),
        }
    }
    Ok(missing)
}

/// A migration applied by [`migrate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: i64,
    pub name: &'static str,
}

/// Brings the database of `conn` (at `path`, for messages) to
/// [`latest_version`], returning the migrations it applied (none when it
/// was up to date). Refuses a database that records a version this binary
/// does not know, or a migration whose SQL differs from this binary's.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<Vec<Applied>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(LEDGER)?;
    let mut statement = tx.prepare("SELECT version, checksum FROM schema_migrations")?;
    let recorded = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(i64, String)>>>()?;
    drop(statement);
    let mut applied = Vec::new();
    for migration in pending(SQLITE, &recorded, &path.display().to_string())? {
        tx.execute_batch(migration.sql).map_err(|err| {
            anyhow::anyhow!(
                "{}: migration {} ({}) failed: {err}",
                path.display(),
                migration.version,
                migration.name
            )
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                migration.version,
                migration.name,
                migration.checksum(),
                now_rfc3339()
            ],
        )?;
        applied.push(Applied {
            version: migration.version,
            name: migration.name,
        });
    }
    // For tools that look at the header only (`sqlite3`, `PRAGMA user_version`).
    tx.execute_batch(&format!("PRAGMA user_version = {}", latest_version()))?;
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_one_another_from_one() {
        for (index, migration) in SQLITE.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1, "{}", migration.name);
        }
    }

    #[test]
    fn both_engines_have_the_same_versions() {
        let names = |list: &[Migration]| -> Vec<(i64, &str)> {
            list.iter().map(|m| (m.version, m.name)).collect()
        };
        assert_eq!(names(SQLITE), names(POSTGRES));
    }

    #[test]
    fn a_second_run_applies_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(migrate(&mut conn, &path).unwrap().len(), SQLITE.len());
        assert_eq!(migrate(&mut conn, &path).unwrap(), []);
    }
}
