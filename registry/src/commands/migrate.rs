//! `charte-registry migrate`: apply the migrations a database lacks and say
//! which, one line each.

use std::io::Write;

use anyhow::Result;

use crate::cli::MigrateArgs;
use crate::migrate::latest_version;
use crate::store::open_migrated;

pub fn run(args: MigrateArgs, stdout: &mut dyn Write) -> Result<()> {
    let (_, applied) = open_migrated(&args.db)?;
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
        args.db.display(),
        latest_version()
    )?;
    Ok(())
}
