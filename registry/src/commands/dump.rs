//! `charte-registry dump` and `load`: submissions to JSON lines and back.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};

use anyhow::{bail, Context, Result};

use crate::cli::{DumpArgs, LoadArgs};
use crate::postgres::PgStore;
use crate::storage::Db;
use crate::store;

/// The lines on stdout, written as they are read from the database.
pub fn dump(args: DumpArgs, stdout: &mut dyn Write) -> Result<()> {
    let mut out = BufWriter::new(stdout);
    if let Db::Postgres(url) = Db::parse(&args.db) {
        let (store, _) = PgStore::open(&url, 1)?;
        store.dump(args.since.as_deref(), &mut out)?;
        return Ok(());
    }
    if !args.db.is_file() {
        bail!("no database at {}", args.db.display());
    }
    let conn = store::open(&args.db)?;
    crate::dump::dump(&conn, &args.db, args.since.as_deref(), &mut out)?;
    Ok(())
}

/// Restores into an empty database: a new SQLite file, or a PostgreSQL
/// database migrated (created and empty) beforehand.
pub fn load(args: LoadArgs, stdout: &mut dyn Write) -> Result<()> {
    let file = File::open(&args.file)
        .with_context(|| format!("cannot read the dump {}", args.file.display()))?;
    let mut input = BufReader::new(file);
    let db = Db::parse(&args.db);
    let count = match &db {
        Db::Postgres(url) => PgStore::open(url, 1)?.0.load(&args.file, &mut input)?,
        Db::Sqlite(path) => {
            let mut conn = store::open(path)?;
            crate::dump::load(&mut conn, path, &args.file, &mut input)?
        }
    };
    writeln!(stdout, "restored {count} submissions into {}", db.name())?;
    Ok(())
}
