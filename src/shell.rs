//! The shell: where a command's messages to people go (notes, warnings,
//! retries, progress, prompts), apart from its output. Commands get it
//! through the context and never reach for stderr themselves, so that every
//! message can be captured in-process and asserted.

use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};

use crate::style::Style;

/// Messages to people, on one writer: the process's stderr for the
/// binary, a buffer in tests.
pub struct Shell {
    err: Mutex<Box<dyn Write + Send>>,
    /// Whether the writer is a terminal (progress bars and prompts are only
    /// drawn on one).
    terminal: bool,
    style: Style,
    quiet: bool,
    verbose: u8,
}

impl std::fmt::Debug for Shell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("terminal", &self.terminal)
            .field("quiet", &self.quiet)
            .field("verbose", &self.verbose)
            .finish_non_exhaustive()
    }
}

impl Shell {
    pub fn new(
        err: Box<dyn Write + Send>,
        terminal: bool,
        style: Style,
        quiet: bool,
        verbose: u8,
    ) -> Shell {
        Shell {
            err: Mutex::new(err),
            terminal,
            style,
            quiet,
            verbose,
        }
    }

    /// A shell writing into a buffer, plain, for tests.
    pub fn captured(buffer: impl Write + Send + 'static) -> Shell {
        Shell::new(Box::new(buffer), false, Style::plain(), false, 0)
    }

    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    pub fn style(&self) -> Style {
        self.style
    }

    /// `--verbose` was given (as many times as this says).
    pub fn verbosity(&self) -> u8 {
        self.verbose
    }

    /// A line as it is, unless `--quiet`.
    pub fn say(&self, line: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(self.err(), "{line}")
    }

    /// A line that only `--verbose` shows.
    pub fn verbose(&self, line: &str) -> io::Result<()> {
        if self.verbose == 0 {
            return Ok(());
        }
        writeln!(self.err(), "{line}")
    }

    /// The writer itself, for prompts and for what must be said even under
    /// `--quiet`.
    pub fn err(&self) -> MutexGuard<'_, Box<dyn Write + Send>> {
        // A writer left by a panic mid-line still takes the next line.
        self.err.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn messages_are_captured_and_verbose_ones_only_when_asked() {
        let buffer = Buffer::default();
        let shell = Shell::captured(buffer.clone());
        shell.say("one").unwrap();
        shell.verbose("hidden").unwrap();
        let loud = Shell::new(Box::new(buffer.clone()), false, Style::plain(), false, 1);
        loud.verbose("shown").unwrap();
        let quiet = Shell::new(Box::new(buffer.clone()), false, Style::plain(), true, 0);
        quiet.say("silenced").unwrap();
        assert_eq!(
            String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap(),
            "one\nshown\n"
        );
    }
}
