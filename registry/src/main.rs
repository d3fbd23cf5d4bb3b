//! `charte-registry`: parse arguments, run the library, map the result to an
//! exit code (0 success, 1 failure, 2 usage error from clap).

// The entry point is where the process's streams are opened and handed on.
#![allow(clippy::disallowed_methods)]

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = charte_registry::cli::Cli::parse();
    let mut stdout = io::stdout().lock();
    match charte_registry::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = stdout.flush();
            let _ = writeln!(io::stderr(), "error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
