//! Server configuration: what `serve` validates from its flags, and what an
//! in-process test builds directly, including where request logs go.

use std::fmt;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{ensure, Result};

use crate::log::Signer;

/// Default `--listen` of the binary.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default `--max-body`: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// Default `--header-timeout`: 10 s.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Default `--request-timeout`: 30 s.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default `--idle-timeout`: 60 s.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default `--max-connections`.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Default `--max-buffered-bodies`: 64 MiB.
pub const DEFAULT_MAX_BUFFERED_BODIES: usize = 64 * 1024 * 1024;
/// Default `--max-header-bytes`: 16 KiB.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 * 1024;
/// The smallest `--max-header-bytes` the HTTP library accepts.
pub const MIN_HEADER_BYTES: usize = 8 * 1024;
/// Default PostgreSQL connections per `serve` process.
pub const DEFAULT_POOL_SIZE: usize = 16;

/// Everything a running registry needs.
pub struct Config {
    /// The SQLite database; created (with its schema) when missing.
    pub db: PathBuf,
    /// Where to listen. [`Config::new`] uses `127.0.0.1:0`: an ephemeral
    /// port, read back from [`crate::ServerHandle::addr`].
    pub listen: SocketAddr,
    /// A catalogue folder (`index.json` and documents) served under
    /// `/v1/referentials/`; `None` serves nothing there.
    pub catalogue: Option<PathBuf>,
    /// Largest accepted request body in bytes; larger is 413.
    pub max_body: usize,
    /// Submissions and validations accepted per token and minute; more is 429
    /// with `Retry-After`. `None`: no limit.
    pub rate_limit: Option<u32>,
    /// How long a client may take to send a request's head (request line
    /// and headers), counted from the connection's opening or from the first
    /// byte of a later request; then 408 and the connection is closed.
    pub header_timeout: Duration,
    /// How long a request may take from its head to its answer, body
    /// included: 408 when its body had not all arrived, 503 `busy` when the
    /// registry was still working on it.
    pub request_timeout: Duration,
    /// How long a kept-alive connection may wait for its next request, or a
    /// client stop reading an answer, before the connection is closed.
    pub idle_timeout: Duration,
    /// Open connections served at once; more are answered 503 at once and
    /// closed.
    pub max_connections: usize,
    /// Request-body bytes held in memory across all requests at once (each
    /// body counted at its declared length); a body that does not fit is 503.
    pub max_buffered_bodies: usize,
    /// Largest request head (request line and headers) in bytes; larger is
    /// 431. Also the largest read buffer of a connection.
    pub max_header_bytes: usize,
    /// Largest size of the database in bytes; a submission that would grow
    /// it further is 503 `storage_full`, as on a full disk. `None`: no limit.
    pub max_db_size: Option<u64>,
    /// PostgreSQL: connections in the pool of this process (0: the
    /// default, [`DEFAULT_POOL_SIZE`]).
    pub pool_size: usize,
    /// Where the one line per request goes (stderr by default).
    pub log: Box<dyn Write + Send>,
    /// The private key that signs the transparency log's checkpoints
    /// (`serve --log-key FILE`); the server does not start without one.
    pub log_key: Option<Arc<Signer>>,
}

impl Config {
    /// A configuration with the defaults: ephemeral loopback port, no
    /// catalogue, 1 MiB bodies, no rate limit, the `DEFAULT_*` limits,
    /// logs to stderr.
    // The request log's default writer: the one stream a server's operator
    // reads; embedders and tests give their own with `Config::log`.
    #[allow(clippy::disallowed_methods)]
    pub fn new(db: impl AsRef<Path>) -> Self {
        Config {
            db: db.as_ref().to_path_buf(),
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            catalogue: None,
            max_body: DEFAULT_MAX_BODY,
            rate_limit: None,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_buffered_bodies: DEFAULT_MAX_BUFFERED_BODIES,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_db_size: None,
            pool_size: 0,
            log: Box::new(io::stderr()),
            log_key: None,
        }
    }

    /// Refuses limits the server cannot work with, naming the setting (and
    /// the `serve` flag that sets it).
    pub fn check(&self) -> Result<()> {
        for (name, value) in [
            ("header timeout (--header-timeout)", self.header_timeout),
            ("request timeout (--request-timeout)", self.request_timeout),
            ("idle timeout (--idle-timeout)", self.idle_timeout),
        ] {
            ensure!(!value.is_zero(), "the {name} must be longer than 0 s");
        }
        ensure!(
            self.max_connections > 0,
            "the connection limit (--max-connections) must be at least 1"
        );
        ensure!(
            self.max_buffered_bodies >= self.max_body,
            "the limit of buffered bodies (--max-buffered-bodies, {} bytes) is under the body \
             limit (--max-body, {} bytes): a body of the largest size would never be accepted",
            self.max_buffered_bodies,
            self.max_body
        );
        ensure!(
            self.max_header_bytes >= MIN_HEADER_BYTES,
            "the request head limit (--max-header-bytes, {} bytes) must be at least {MIN_HEADER_BYTES} bytes",
            self.max_header_bytes
        );
        Ok(())
    }

    /// Sets [`Config::listen`].
    pub fn listen(mut self, listen: SocketAddr) -> Self {
        self.listen = listen;
        self
    }

    /// Sets [`Config::catalogue`].
    pub fn catalogue(mut self, dir: impl AsRef<Path>) -> Self {
        self.catalogue = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Sets [`Config::max_body`].
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Sets [`Config::rate_limit`].
    pub fn rate_limit(mut self, per_minute: u32) -> Self {
        self.rate_limit = Some(per_minute);
        self
    }

    /// Sets [`Config::header_timeout`].
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// Sets [`Config::request_timeout`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets [`Config::idle_timeout`].
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Sets [`Config::max_connections`].
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// Sets [`Config::max_buffered_bodies`].
    pub fn max_buffered_bodies(mut self, bytes: usize) -> Self {
        self.max_buffered_bodies = bytes;
        self
    }

    /// Sets [`Config::max_header_bytes`].
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes;
        self
    }

    /// Sets [`Config::pool_size`].
    pub fn pool_size(mut self, connections: usize) -> Self {
        self.pool_size = connections;
        self
    }

    /// Sets [`Config::max_db_size`].
    pub fn max_db_size(mut self, bytes: u64) -> Self {
        self.max_db_size = Some(bytes);
        self
    }

    /// Sets [`Config::log_key`].
    pub fn log_key(mut self, signer: Signer) -> Self {
        self.log_key = Some(Arc::new(signer));
        self
    }

    /// Sends the request log to `writer` (e.g. a [`LogBuffer`] in tests, or
    /// [`std::io::sink`] to silence it).
    pub fn log_to(mut self, writer: impl Write + Send + 'static) -> Self {
        self.log = Box::new(writer);
        self
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db)
            .field("listen", &self.listen)
            .field("catalogue", &self.catalogue)
            .field("max_body", &self.max_body)
            .field("rate_limit", &self.rate_limit)
            .field("header_timeout", &self.header_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .field("max_buffered_bodies", &self.max_buffered_bodies)
            .field("max_header_bytes", &self.max_header_bytes)
            .field("max_db_size", &self.max_db_size)
            .field("pool_size", &self.pool_size)
            .field("log_key", &self.log_key)
            .finish_non_exhaustive()
    }
}

/// A cloneable in-memory log writer, to read what the server logged.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        LogBuffer::default()
    }

    /// Everything written so far.
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
