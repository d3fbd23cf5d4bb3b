//! `charte-registry`: the reference registry of the `charte` submission
//! protocol (SPEC §5, protocol v1).
//!
//! The crate is a library plus a thin binary. The library owns everything:
//! the HTTP server ([`server`]), the storage it runs on ([`storage`]: the
//! SQLite store, [`store`], or PostgreSQL, [`postgres`]), their versioned
//! migrations ([`migrate`]), the JSONL dump ([`dump`]), document
//! validation ([`document`]), the public directory's pages ([`directory`]), the canonical JSON both sides hash
//! ([`canonical`]) and token administration ([`auth`], [`store`]).
//!
//! Other crates start a registry in-process from a plain blocking test:
//!
//! ```no_run
//! let dir = tempfile::tempdir().unwrap();
//! let db = dir.path().join("registry.sqlite3");
//! let token = charte_registry::add_token(&db, "732829320", "ci").unwrap();
//! let server = charte_registry::spawn(charte_registry::Config::new(&db)).unwrap();
//! let base = server.url(); // "http://127.0.0.1:<port>"
//! # let _ = (token, base);
//! server.shutdown().unwrap(); // or just drop it
//! ```

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod auth;
pub mod canonical;
mod catalogue;
pub mod cli;
mod commands;
pub mod config;
mod connection;
pub mod directory;
pub mod document;
pub mod dump;
mod error;
pub mod log;
pub mod migrate;
pub mod postgres;
pub mod server;
pub mod storage;
pub mod store;
pub mod time;

pub use auth::{add_token, list_tokens, revoke_token, TokenInfo};
pub use canonical::{digest, document_text, to_canonical_json, to_jcs};
pub use commands::run;
pub use config::{
    Config, LogBuffer, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_LISTEN,
    DEFAULT_MAX_BODY, DEFAULT_MAX_BUFFERED_BODIES, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_HEADER_BYTES, DEFAULT_REQUEST_TIMEOUT,
};
pub use server::{spawn, ServerHandle};
pub use store::{Head, Receipt};
