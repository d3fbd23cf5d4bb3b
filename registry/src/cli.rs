//! Command-line definitions (clap): the single source of the binary's help.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand};

use crate::config::{
    DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_LISTEN, DEFAULT_MAX_BODY,
    DEFAULT_MAX_BUFFERED_BODIES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES,
    DEFAULT_POOL_SIZE, DEFAULT_REQUEST_TIMEOUT, MIN_HEADER_BYTES,
};

/// Reference registry for `charte` submissions (protocol v1): stores
/// conformity declarations in SQLite and serves an optional referential
/// catalogue.
#[derive(Debug, Parser)]
#[command(name = "charte-registry", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the registry until SIGINT or SIGTERM.
    Serve(ServeArgs),
    /// Administer the tokens that publishers submit with.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Bring a database's schema to this version (`serve` does it too);
    /// refuses a database written by a newer charte-registry.
    Migrate(MigrateArgs),
    /// Write every submission as JSON lines (digest, receipt, document), for
    /// backups and public re-use.
    Dump(DumpArgs),
    /// Restore a dump into an empty database (digests checked).
    Load(LoadArgs),
    /// The transparency log: its signing key, and an audit of a database.
    #[command(subcommand)]
    Log(LogCommand),
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Create the key that signs the log's checkpoints: writes the private
    /// key to FILE (mode 0600, never overwritten) and prints the public key
    /// that publishers pin as `[registry] log-key`.
    Init(LogInitArgs),
    /// Rebuild the log from a database's entries and check it against the
    /// stored documents, hashes and every checkpoint; exits 1 naming what
    /// differs.
    Verify(LogVerifyArgs),
}

#[derive(Debug, Args)]
pub struct LogInitArgs {
    /// The log's origin, which also names the key (no spaces, no '+'): e.g.
    /// the registry's host and path, `registre.example/charte`.
    #[arg(long, value_name = "ORIGIN", default_value = crate::log::DEFAULT_ORIGIN)]
    pub name: String,
    /// Where to write the private key.
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
}

#[derive(Debug, Args)]
pub struct LogVerifyArgs {
    /// SQLite database file or `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// The log's public key, as `log init` printed it: every checkpoint
    /// must be signed by it (repeat for the keys of a rotation). Without
    /// it, signatures are not checked.
    #[arg(long, value_name = "PUBLIC")]
    pub key: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// SQLite database file.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Only the submissions stored after this one (a receipt id, such as the
    /// last one of an earlier dump).
    #[arg(long, value_name = "ID")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// SQLite database file: new, or holding no submission.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// The dump to restore (`/dev/stdin` to read a pipe).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// SQLite database file (created with its schema when missing) or
    /// `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database: a SQLite file (or `sqlite:PATH`), created with its
    /// schema when missing, or a `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// Address and port to listen on (port 0: any free port; the bound
    /// address is printed on startup).
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Folder served under /v1/referentials/ (index.json and documents).
    #[arg(long, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// Largest accepted request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// Submissions and validations accepted per token and minute (429 past it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Seconds a client may take to send a request's head, from the
    /// connection's opening or the first byte of a later request (408 and
    /// closed past it).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_HEADER_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds from a request's head to its answer, body included (408 when
    /// the body is late, 503 when the registry is).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_REQUEST_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Seconds a kept-alive connection may wait for its next request, or a
    /// client stop reading an answer, before it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_IDLE_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Connections served at once (more are answered 503 and closed).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    pub max_connections: usize,
    /// Request-body bytes held in memory across all requests (503 past it);
    /// at least --max-body.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BUFFERED_BODIES)]
    pub max_buffered_bodies: usize,
    /// Largest request head, request line and headers, in bytes (431 past it).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_HEADER_BYTES,
          value_parser = clap::value_parser!(u32).range(MIN_HEADER_BYTES as i64..).map(|n| n as usize))]
    pub max_header_bytes: usize,
    /// Largest database size in bytes: submissions that would grow it
    /// further are answered 503, as on a full disk (no limit by default).
    #[arg(long, value_name = "BYTES")]
    pub max_db_size: Option<u64>,
    /// The private key that signs the transparency log's checkpoints (made
    /// by `charte-registry log init --key FILE`). Required.
    #[arg(long, value_name = "FILE")]
    pub log_key: Option<PathBuf>,
    /// PostgreSQL connections this process keeps open at most.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_POOL_SIZE,
          value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    pub pool_size: usize,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for an organization and print it (the only time it is shown).
    Add(TokenAddArgs),
    /// List tokens: id, SIREN, creation date, status and label (never the token).
    List(TokenListArgs),
    /// Revoke a token by id: requests with it are refused from then on.
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenAddArgs {
    /// SQLite database file (created when missing) or `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// The organization's SIREN (9 digits, Luhn-valid).
    #[arg(long)]
    pub siren: String,
    /// A label to recognise the token by (who or what uses it).
    #[arg(long, value_name = "LABEL", default_value = "")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct TokenListArgs {
    /// SQLite database file or `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// SQLite database file or `postgres://` URL.
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// Id of the token, as `token list` shows it.
    pub id: i64,
}
