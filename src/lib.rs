//! charte: declare, check and submit a health-software publisher's
//! conformity to the référentiels of French e-santé.
//!
//! The pipeline reads *load → resolve → evaluate → render*: [`manifest`]
//! loads and validates `charte.toml`, [`catalogue`] resolves the referentials
//! it uses through `charte.lock` (downloading with [`net`] when allowed),
//! [`engine`] evaluates (pure), [`report`] renders. The binary is a
//! thin layer over [`cli`] and [`commands`].

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
pub mod synth;
pub mod text;

pub use error::Error;
