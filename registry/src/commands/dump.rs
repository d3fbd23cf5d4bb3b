//! `charte-registry dump` and `load`: submissions to JSON lines and back.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};

use anyhow::{bail, Context, Result};

use crate::cli::{DumpArgs, LoadArgs};
use crate::postgres::PgStore;
use crate::storage::Db;
use crate::store;

/// `load` writes SQLite: a PostgreSQL database is restored with its own
/// tools.
fn sqlite_only(db: &std::path::Path) -> Result<()> {
    if let Db::Postgres(_) = Db::parse(db) {
        bail!(
            "{}: load restores into a SQLite file; restore PostgreSQL with pg_restore \
             (registry/README.md, \"Backups\")",
            Db::parse(db).name()
        );
    }
    Ok(())
}

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

pub fn load(args: LoadArgs, stdout: &mut dyn Write) -> Result<()> {
    sqlite_only(&args.db)?;
    let file = File::open(&args.file)
        .with_context(|| format!("cannot read the dump {}", args.file.display()))?;
    let mut conn = store::open(&args.db)?;
    let count = crate::dump::load(&mut conn, &args.db, &args.file, &mut BufReader::new(file))?;
    writeln!(
        stdout,
        "restored {count} submissions into {}",
        args.db.display()
    )?;
    Ok(())
}
