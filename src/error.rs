//! Operational failures and the exit codes they map to (SPEC §3.4).
//! Check results are findings, not errors.

use crate::diag::{Diagnostic, Source};

/// A failure with a meaning for the exit code. Anything else that goes
/// wrong is an `anyhow::Error` and exits 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or input the user must fix (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A file the user wrote that breaks its format; every problem (exit 2).
    #[error("{} has {} problem{}", .file.name, .diags.len(), crate::text::plural_s(.diags.len()))]
    Invalid {
        file: Box<Source>,
        diags: Vec<Diagnostic>,
    },
    /// A file that breaks its format, found by a command that writes: every
    /// problem, and nothing was written (exit 2).
    #[error("{} has {} problem{}", .file.name, .diags.len(), crate::text::plural_s(.diags.len()))]
    NotWritten {
        file: Box<Source>,
        diags: Vec<Diagnostic>,
    },
    /// Referentials that cannot be had (exit 3).
    #[error("{0}")]
    Unavailable(String),
    /// The network, a server or the registry failed us (exit 4).
    #[error("{0}")]
    Network(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Invalid { .. } | Error::NotWritten { .. } => exit::INVALID,
            Error::Unavailable(_) => exit::UNAVAILABLE,
            Error::Network(_) => exit::NETWORK,
        }
    }
}

/// Exit codes of every command.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const INVALID: u8 = 2;
    pub const UNAVAILABLE: u8 = 3;
    pub const NETWORK: u8 = 4;
    /// SIGINT or SIGTERM (SPEC §3.4).
    pub const INTERRUPTED: u8 = 130;
}
