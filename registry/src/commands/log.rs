//! `charte-registry log init` and `log verify`.

use std::fs::OpenOptions;
use std::io::Write;

use anyhow::{bail, Context, Result};

use crate::cli::{LogInitArgs, LogVerifyArgs};
use crate::log::{audit, Signer, Verifier};
use crate::storage::{self, Db, Options};

/// Writes a new private key to `--key` (created, never overwritten, 0600)
/// and prints the public key alone on stdout.
pub fn init(args: LogInitArgs, stdout: &mut dyn Write) -> Result<()> {
    let signer = Signer::generate(&args.name)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&args.key).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "{} already exists: a log key is never overwritten (its checkpoints \
                 would no longer verify); give another path, or remove it knowingly",
                args.key.display()
            )
        } else {
            anyhow::Error::new(err).context(format!("cannot create {}", args.key.display()))
        }
    })?;
    file.write_all(signer.to_private_text().as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", args.key.display()))?;
    writeln!(stdout, "{}", signer.verifier())?;
    Ok(())
}

/// Checks the log of `--db`; one line per difference, and an error naming
/// how many.
pub fn verify(args: LogVerifyArgs, stdout: &mut dyn Write) -> Result<()> {
    let keys = args
        .key
        .iter()
        .map(|key| Verifier::parse(key).with_context(|| format!("--key {key}")))
        .collect::<Result<Vec<_>>>()?;
    if !storage::exists(&args.db) {
        bail!("no database at {}", args.db.display());
    }
    let (store, _) = storage::open(&args.db, Options::default())?;
    let report = audit::verify(&store.log_contents()?, &keys);
    for problem in &report.problems {
        writeln!(stdout, "{problem}")?;
    }
    let name = Db::parse(&args.db).name();
    if !report.problems.is_empty() {
        bail!(
            "the log of {name} does not verify: {} difference{} (above)",
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" }
        );
    }
    let signatures = if keys.is_empty() {
        " (signatures not checked: give --key)"
    } else {
        ""
    };
    writeln!(
        stdout,
        "the log of {name} verifies: {} entries, {} checkpoints{signatures}",
        report.entries, report.checkpoints
    )?;
    Ok(())
}
