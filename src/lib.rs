//! charte: declare, check and submit a health-software publisher's
//! conformity to the référentiels of French e-santé.
//!
//! ```text
//!              cli ─▶ context (validated settings, shell, deferred writes)
//!                          │
//!   manifest ─▶ catalogue ─▶ engine ─▶ report          read side: check, report, badge…
//!   (load)      (resolve)    (evaluate) (render)
//!      │            │           │
//!      └──▶ edit ◀──┘           └──▶ registry           write side: declare, import…; submit
//!           (session, rules, bulk)   (documents, client)
//!
//!   findings: the finding vocabulary every stage above speaks
//! ```
//!
//! Each folder is one stage:
//! - [`manifest`] finds, reads and validates `charte.toml` into a typed
//!   model with spans, and edits it format-preservingly;
//! - [`catalogue`] resolves the referentials it uses through `charte.lock`,
//!   from the embedded catalogue, the cache or an index;
//! - [`engine`] evaluates: a pure function to counts and findings;
//! - [`findings`] names the codes, severities and levels, and explains them;
//! - [`report`] renders an evaluation in every output format;
//! - [`edit`] is the write branch: the locked read-modify-write session,
//!   what may be written, and the bulk CSV and JSONL files;
//! - [`registry`] builds submission documents and speaks to a registry;
//! - [`commands`] holds one module per subcommand, over [`context`].
//!
//! The files at the top are the entry ([`cli`], [`context`], [`error`]) and
//! the edges every stage shares: the disk ([`store`], [`evidence`]), the
//! network ([`net`]), messages ([`shell`], [`diag`], [`style`],
//! [`suggest`], [`text`]) and dates ([`date`]).

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod context;
pub mod date;
pub mod diag;
pub mod edit;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod findings;
pub mod manifest;
pub mod net;
pub mod registry;
pub mod report;
pub mod shell;
pub mod store;
pub mod style;
pub mod suggest;
/// Synthetic manifests and referentials for benchmarks, fuzzing and scale
/// tests: not part of the library's interface.
#[doc(hidden)]
pub mod synth;
pub mod text;

pub use error::Error;
