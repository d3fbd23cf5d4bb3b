//! The `charte` binary: parse arguments, run the command, map the outcome to
//! an exit code (SPEC §3.4).

// The entry point is where the process's streams are opened and handed on.
#![allow(clippy::disallowed_methods)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use charte::cli::Cli;
use charte::context::{Context, Streams};
use charte::diag;
use charte::error::exit;
use charte::store;
use charte::style::Style;
use charte::Error;

/// Parsing allocates many small values; mimalloc reuses freed memory
/// instead of returning it to the system and faulting it in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: how long freed memory stays
/// resident in case it is needed again (10 ms unless told). The bindings
/// do not name it; this is its place in `mi_option_t`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Diagnostics shown for one file before the rest are only counted.
const MAX_SHOWN: usize = 50;

fn main() -> ExitCode {
    let cli = Cli::parse();
    on_signal_exit_or_let_the_write_finish();
    if cli.command.edits_manifest() {
        // An edit frees what it read (rows, the manifest as read) before the
        // manifest it writes grows and is validated again. Kept resident
        // for 10 ms, what was freed would add up with what comes next over
        // a command that runs for a second.
        // SAFETY: sets one of mimalloc's options, which it reads on use.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    let stdout = std::io::stdout();
    let stdout_terminal = stdout.is_terminal();
    let streams = Streams {
        stdout_terminal,
        stdout_width: stdout_terminal
            .then(|| terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0))
            .flatten(),
        stderr_terminal: std::io::stderr().is_terminal(),
        stderr: Box::new(std::io::stderr()),
    };
    let ctx = match Context::new(&cli.global, streams) {
        Ok(ctx) => ctx,
        Err(e) => return report_error(&e, Style::plain()),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = charte::commands::run(&cli.command, &ctx, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    if !store::interruption::interrupted().is_empty() {
        let _ = out.flush();
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: {}",
            ctx.stderr_style.error("interrupted"),
            store::interruption::outcome()
        );
        return ExitCode::from(exit::INTERRUPTED);
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = out.flush();
            report_error(&e, ctx.stderr_style)
        }
    }
}

/// SIGINT and SIGTERM (SPEC §3.4). Outside a write the process exits at
/// once; during one, the write either finishes or stops before replacing
/// the file, and the command ends saying which (see `main`).
fn on_signal_exit_or_let_the_write_finish() {
    let installed = ctrlc::set_handler(|| {
        if store::interruption::signal() == store::interruption::Signalled::ExitNow {
            let _ = writeln!(
                std::io::stderr().lock(),
                "interrupted: {}",
                store::interruption::outcome()
            );
            std::process::exit(exit::INTERRUPTED.into());
        }
    });
    // Without the handler a signal ends the process as it always did;
    // writes stay atomic either way.
    drop(installed);
}

/// An I/O error for a closed pipe, also when a writer (CSV, JSON) wraps it.
fn is_broken_pipe(cause: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if let Some(io) = cause.downcast_ref::<std::io::Error>() {
        // A writer's own error may travel inside an io::Error.
        return io.kind() == BrokenPipe || io.get_ref().is_some_and(|inner| is_broken_pipe(inner));
    }
    if let Some(csv) = cause.downcast_ref::<csv::Error>() {
        return matches!(csv.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
    }
    if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
        return json.io_error_kind() == Some(BrokenPipe);
    }
    false
}

fn report_error(e: &anyhow::Error, style: Style) -> ExitCode {
    // A closed pipe (`charte export | head`) is not a failure.
    if e.chain().any(is_broken_pipe) {
        return ExitCode::from(exit::SUCCESS);
    }
    let mut err = std::io::stderr().lock();
    let code = match e.downcast_ref::<Error>() {
        Some(
            known @ (Error::Invalid {
                file: source,
                diags,
            }
            | Error::NotWritten {
                file: source,
                diags,
            }),
        ) => {
            for d in diags.iter().take(MAX_SHOWN) {
                let _ = writeln!(err, "{}", diag::render(source, d, &style));
            }
            if diags.len() > MAX_SHOWN {
                let _ = writeln!(err, "… and {} more\n", diags.len() - MAX_SHOWN);
            }
            let outcome = match known {
                Error::NotWritten { .. } => "nothing was written",
                _ => "nothing was checked",
            };
            let _ = writeln!(err, "{}: {e}; {outcome}", style.error("error"));
            exit::INVALID
        }
        Some(known) => {
            let _ = writeln!(err, "{}: {known}", style.error("error"));
            known.exit_code()
        }
        None => {
            let _ = write!(err, "{}: {e}", style.error("error"));
            for cause in e.chain().skip(1) {
                let _ = write!(err, "\n  caused by: {cause}");
            }
            let _ = writeln!(err);
            exit::INVALID
        }
    };
    ExitCode::from(code)
}
