//! The registry's one integration-test binary: real HTTP on loopback
//! against an in-process server (or the real binary) with a temporary
//! SQLite file.

mod support;

mod catalogue;
mod cli;
#[cfg(unix)]
mod crash;
mod directory;
mod directory_browser;
mod dump;
mod durability;
mod idempotency;
mod limits;
mod log;
mod migrations;
mod postgres;
mod security;
mod submissions;
