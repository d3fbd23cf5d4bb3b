//! Test support: a registry on a temporary database, a tiny HTTP/1.1
//! client over `TcpStream`, and submission documents.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use charte_registry::{Config, LogBuffer, ServerHandle};
use serde_json::{json, Value};
use tempfile::TempDir;

/// Web pages checked in Chromium (axe-core) and by the Nu HTML checker: the
/// harness the client's tests use too.
#[path = "../../../tests/cli/support/web.rs"]
pub mod web;

/// The workspace's root folder (the web harness finds `tests/web/` there).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Luhn-valid SIRENs of two organizations.
pub const SIREN_A: &str = "732829320";
pub const SIREN_B: &str = "404833048";

/// A running registry, its database, and what it logged.
pub struct Registry {
    pub dir: TempDir,
    pub db: PathBuf,
    pub log: LogBuffer,
    pub server: Option<ServerHandle>,
}

impl Registry {
    pub fn start() -> Registry {
        Registry::start_with(|config| config)
    }

    pub fn start_with(configure: impl FnOnce(Config) -> Config) -> Registry {
        Registry::start_in(|_, config| configure(config))
    }

    /// Starts a registry configured by `configure`, which may also prepare
    /// files in the registry's temporary folder.
    pub fn start_in(configure: impl FnOnce(&Path, Config) -> Config) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let db = if on_postgres() {
            PathBuf::from(postgres_database().expect(
                "CHARTE_REGISTRY_ENGINE=postgres needs CHARTE_REGISTRY_POSTGRES (.ci/run sets both)",
            ))
        } else {
            dir.path().join("registry.sqlite3")
        };
        let log = LogBuffer::new();
        let mut config = configure(dir.path(), Config::new(&db).log_to(log.clone()));
        if config.log_key.is_none() {
            config = config.log_key(test_signer());
        }
        let server = charte_registry::spawn(config).unwrap();
        Registry {
            dir,
            db,
            log,
            server: Some(server),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    pub fn token(&self, siren: &str) -> String {
        charte_registry::add_token(&self.db, siren, "test").unwrap()
    }

    pub fn client(&self, token: Option<&str>) -> Client {
        Client {
            addr: self.addr(),
            token: token.map(str::to_owned),
        }
    }

    /// Rows in the submissions table, read directly from the database.
    pub fn stored_submissions(&self) -> i64 {
        if on_postgres() {
            let count = postgres_query(
                self.db.to_str().unwrap(),
                "SELECT count(*) FROM submissions",
            );
            return count[0].parse().unwrap();
        }
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row("SELECT count(*) FROM submissions", [], |row| row.get(0))
            .unwrap()
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `error.code` of an error answer, checking its shape.
    pub fn error_code(&self) -> String {
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        let error = body["error"]
            .as_object()
            .unwrap_or_else(|| panic!("not an error: {body}"));
        assert!(
            error["message"].is_string() && error["details"].is_array(),
            "{body}"
        );
        error["code"].as_str().unwrap().to_owned()
    }
}

/// Sends one request on a new connection and reads the whole answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Response {
    try_request(addr, method, path, headers, body)
        .unwrap_or_else(|err| panic!("{method} {path}: {err}"))
}

/// [`request`], with a refused or broken connection, or an answer cut short,
/// as an error: what a client sees of a server that was killed.
pub fn try_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> io::Result<Response> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    // The server may answer (413) before reading everything: keep reading.
    let _ = stream.write_all(&bytes);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    if !is_complete(&raw) {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("answer cut short after {} bytes", raw.len()),
        ));
    }
    Ok(parse_response(&raw))
}

/// A connection driven byte by byte: for requests sent in pieces, slowly,
/// or never finished, and connections held open.
pub struct Raw {
    pub stream: TcpStream,
}

/// What a [`Raw`] connection saw within a time limit.
#[derive(Debug)]
pub struct Seen {
    /// Everything the server sent.
    pub bytes: Vec<u8>,
    /// Whether the server closed (or reset) the connection.
    pub closed: bool,
}

impl Seen {
    /// The server's answer, if a whole one arrived.
    pub fn answer(&self) -> Option<Response> {
        is_complete(&self.bytes).then(|| parse_response(&self.bytes))
    }
}

impl Raw {
    pub fn open(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        Raw { stream }
    }

    /// Sends `bytes`; an error when the server has closed the connection.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Reads what arrives within `within`, stopping early once the server
    /// closes the connection.
    pub fn read_for(&mut self, within: Duration) -> Seen {
        let deadline = std::time::Instant::now() + within;
        let mut bytes = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Seen {
                    bytes,
                    closed: false,
                };
            }
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut chunk = [0u8; 8192];
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    return Seen {
                        bytes,
                        closed: true,
                    }
                }
                Ok(read) => bytes.extend_from_slice(&chunk[..read]),
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => {
                    return Seen {
                        bytes,
                        closed: true,
                    }
                }
            }
        }
    }

    /// Reads one whole answer, waiting at most `within`.
    pub fn answer(&mut self, within: Duration) -> Response {
        let deadline = std::time::Instant::now() + within;
        let mut bytes = Vec::new();
        while !is_complete(&bytes) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(
                !left.is_zero(),
                "no whole answer within {within:?}: {:?}",
                String::from_utf8_lossy(&bytes)
            );
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut chunk = [0u8; 8192];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!(
                    "closed before a whole answer: {:?}",
                    String::from_utf8_lossy(&bytes)
                ),
                Ok(read) => bytes.extend_from_slice(&chunk[..read]),
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(err) => panic!("{err} after {:?}", String::from_utf8_lossy(&bytes)),
            }
        }
        parse_response(&bytes)
    }
}

/// Whether `raw` holds a whole head and, when it declares a
/// `Content-Length`, that many bytes of body.
fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") else {
        return false;
    };
    let Ok(head) = std::str::from_utf8(&raw[..split]) else {
        return false;
    };
    let length = head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            value.trim().parse::<usize>().ok()
        } else {
            None
        }
    });
    length.is_none_or(|length| raw.len() - split - 4 == length)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_owned(), value.trim().to_owned())
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[line_end + 2..line_end + 2 + size]);
        raw = &raw[line_end + 2 + size + 2..];
    }
}

/// Whether this run of the suite is its PostgreSQL pass
/// (`CHARTE_REGISTRY_ENGINE=postgres`, set by the test that runs the suite
/// again on PostgreSQL): registries then
/// run on a new database of the server `CHARTE_REGISTRY_POSTGRES` names.
pub fn on_postgres() -> bool {
    std::env::var("CHARTE_REGISTRY_ENGINE").as_deref() == Ok("postgres")
}

/// A new, empty database on the server `CHARTE_REGISTRY_POSTGRES` names
/// (a URL whose user may create databases): its URL. `None` without it.
pub fn postgres_database() -> Option<String> {
    let admin = std::env::var("CHARTE_REGISTRY_POSTGRES").ok()?;
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("charte_test_{name}");
    postgres_query(&admin, &format!("CREATE DATABASE {name}"));
    let (server, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{server}/{name}"))
}

/// Runs `sql` (simple query protocol) on the database at `url`; the values
/// of the first column of its rows, as text.
pub fn postgres_query(url: &str, sql: &str) -> Vec<String> {
    postgres_try(url, sql).unwrap_or_else(|err| panic!("{sql}: {err}"))
}

/// [`postgres_query`], with the server's refusal as an error: its message.
pub fn postgres_try(url: &str, sql: &str) -> Result<Vec<String>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|err| panic!("{url}: {err}"));
        tokio::spawn(connection);
        let messages = client.simple_query(sql).await.map_err(|err| {
            err.as_db_error()
                .map_or_else(|| err.to_string(), |db| db.message().to_owned())
        })?;
        Ok(messages
            .iter()
            .filter_map(|message| match message {
                tokio_postgres::SimpleQueryMessage::Row(row) => {
                    Some(row.get(0).unwrap_or_default().to_owned())
                }
                _ => None,
            })
            .collect())
    })
}

/// The name of the test logs' key.
pub const LOG_NAME: &str = "registry.test/charte";

/// The seed of the test logs' key: fixed, so that every registry of a test
/// run, in-process or not, signs with the same key.
const TEST_LOG_KEY: &str =
    "PRIVATE+KEY+registry.test/charte+77e198c1+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB";

/// The test logs' signing key.
pub fn test_signer() -> charte_registry::log::Signer {
    charte_registry::log::Signer::parse(TEST_LOG_KEY).unwrap()
}

/// The test logs' public key.
pub fn test_verifier() -> charte_registry::log::Verifier {
    test_signer().verifier()
}

/// A file holding the test logs' private key, for `serve --log-key`.
pub fn test_log_key_file() -> &'static Path {
    static FILE: std::sync::OnceLock<(TempDir, PathBuf)> = std::sync::OnceLock::new();
    &FILE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("log.key");
            std::fs::write(&path, TEST_LOG_KEY).unwrap();
            (dir, path)
        })
        .1
}

/// The real binary.
pub fn registry_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_charte-registry"))
}

/// `charte-registry serve` on `db` and an ephemeral loopback port, its
/// request log to `log`; returns once it prints the address it listens on.
pub fn serve_binary(db: &Path, log: Stdio) -> (Child, SocketAddr) {
    let mut child = registry_command()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
            "--log-key",
            test_log_key_file().to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let addr = first_line
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("{first_line:?}"))
        .parse()
        .unwrap();
    (child, addr)
}

/// Requests with an optional bearer token.
#[derive(Clone)]
pub struct Client {
    pub addr: SocketAddr,
    pub token: Option<String>,
}

impl Client {
    fn auth(&self) -> Option<String> {
        self.token.as_ref().map(|token| format!("Bearer {token}"))
    }

    pub fn get(&self, path: &str) -> Response {
        let auth = self.auth();
        let headers: Vec<(&str, &str)> = auth
            .iter()
            .map(|value| ("Authorization", value.as_str()))
            .collect();
        request(self.addr, "GET", path, &headers, None)
    }

    /// `POST /v1/submissions` with the right `Idempotency-Key`.
    pub fn submit(&self, document: &Value) -> Response {
        let key = charte_registry::digest(document);
        self.submit_with_key(document, &key)
    }

    pub fn submit_with_key(&self, document: &Value, key: &str) -> Response {
        self.post(
            "/v1/submissions",
            &serde_json::to_vec(document).unwrap(),
            &[("Idempotency-Key", key)],
        )
    }

    /// [`Client::submit`], with a refused or broken connection as an error.
    pub fn try_submit(&self, document: &Value) -> io::Result<Response> {
        let key = charte_registry::digest(document);
        let auth = self.auth();
        let mut headers = vec![
            ("Content-Type", "application/json"),
            ("Idempotency-Key", key.as_str()),
        ];
        headers.extend(auth.iter().map(|value| ("Authorization", value.as_str())));
        let body = serde_json::to_vec(document).unwrap();
        try_request(self.addr, "POST", "/v1/submissions", &headers, Some(&body))
    }

    pub fn validate(&self, document: &Value) -> Response {
        self.post(
            "/v1/submissions/validate",
            &serde_json::to_vec(document).unwrap(),
            &[],
        )
    }

    pub fn post(&self, path: &str, body: &[u8], extra: &[(&str, &str)]) -> Response {
        let auth = self.auth();
        let mut headers = vec![("Content-Type", "application/json")];
        headers.extend(auth.iter().map(|value| ("Authorization", value.as_str())));
        headers.extend_from_slice(extra);
        request(self.addr, "POST", path, &headers, Some(body))
    }
}

/// A valid product document of organization `siren`.
pub fn product_document(siren: &str, product: &str) -> Value {
    json!({
        "schema": 1,
        "organization": { "siren": siren, "name": "Exemple Santé SAS" },
        "product": { "id": product, "name": "Exemple Cabinet", "version": "5.2.0", "kind": "lgc",
                     "services": ["dmp", "mssante"], "profiles": [] },
        "referentials": [ { "id": "mssante-clients", "version": "1.0.0", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" } ],
        "declarations": [
            { "requirement": "mssante-clients:SC.MSS/CONF.01", "status": "conform", "declared": "2026-11-01",
              "evidence": [ { "proof": "MSS/CONF.01.01.01", "ref": "MSS-LPS-SEGUR-GEN#48213", "date": "2026-03-02" } ] },
            { "requirement": "mssante-clients:SC.MSS/CONF.02", "status": "planned", "due": "2027-03-31",
              "declared": "2026-11-01", "evidence": [] }
        ],
        "counts": { "applicable": 2, "conform": 1, "partial": 0, "non_conform": 0, "planned": 1,
                    "not_applicable": 0, "missing": 0, "conformity": 0.5 }
    })
}

/// A valid commitments document (`"product": null`) of organization `siren`.
pub fn commitments_document(siren: &str) -> Value {
    json!({
        "schema": 1,
        "organization": { "siren": siren, "name": "Exemple Santé SAS" },
        "product": null,
        "referentials": [ { "id": "charte-engagements", "version": "1.0.0", "sha256": "a".repeat(64) } ],
        "declarations": [
            { "requirement": "charte-engagements:IV.2", "status": "conform", "declared": "2026-02-10",
              "evidence": [ { "url": "https://convergence.example/evaluations/4821", "date": "2026-02-10" } ] }
        ],
        "counts": { "applicable": 1, "conform": 1, "partial": 0, "non_conform": 0, "planned": 0,
                    "not_applicable": 0, "missing": 0, "conformity": 1.0 }
    })
}
