//! `charte-registry migrate`: apply the migrations a database lacks and say
//! which, one line each.

use std::io::Write;

use anyhow::Result;

use crate::cli::MigrateArgs;
use crate::migrate::latest_version;
use crate::storage::{self, Db, Options};

pub fn run(args: MigrateArgs, stdout: &mut dyn Write) -> Result<()> {
    let (_, applied) = storage::open(&args.db, Options::default())?;
    for migration in &applied {
        writeln!(
            stdout,
            "applied migration {} ({})",
            migration.version, migration.name
        )?;
    }
    writeln!(
        stdout,
        "{} is at schema version {}",
        Db::parse(&args.db).name(),
        latest_version()
    )?;
    Ok(())
}
