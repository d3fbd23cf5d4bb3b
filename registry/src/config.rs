//! Server configuration: what `serve` validates from its flags, and what an
//! in-process test builds directly, including where request logs go.

use std::fmt;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Default `--listen` of the binary.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default `--max-body`: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

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
    /// Largest size of the database in bytes; a submission that would grow
    /// it further is 503 `storage_full`, as on a full disk. `None`: no limit.
    pub max_db_size: Option<u64>,
    /// Where the one line per request goes (stderr by default).
    pub log: Box<dyn Write + Send>,
}

impl Config {
    /// A configuration with the defaults: ephemeral loopback port, no
    /// catalogue, 1 MiB bodies, no rate limit, logs to stderr.
    pub fn new(db: impl AsRef<Path>) -> Self {
        Config {
            db: db.as_ref().to_path_buf(),
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            catalogue: None,
            max_body: DEFAULT_MAX_BODY,
            rate_limit: None,
            max_db_size: None,
            log: Box::new(io::stderr()),
        }
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

    /// Sets [`Config::max_db_size`].
    pub fn max_db_size(mut self, bytes: u64) -> Self {
        self.max_db_size = Some(bytes);
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
            .field("max_db_size", &self.max_db_size)
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
