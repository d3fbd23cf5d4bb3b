//! A static HTTP/1.1 file server on loopback, for the tests of downloads:
//! it serves a catalogue folder with an ETag and a Last-Modified date,
//! answers 304 to a matching `If-None-Match` or `If-Modified-Since`, logs
//! every request, and can misbehave on purpose for one path. Pages are
//! served with their content type, for the browser tests (support/web.rs).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use charte::catalogue::sha256_hex;

/// The Last-Modified date of every file.
pub const LAST_MODIFIED: &str = "Mon, 02 Nov 2026 10:00:00 GMT";
/// The most an endless body sends before the server gives up by itself.
const ENDLESS_LIMIT: usize = 64 << 20;

/// A way to serve one path wrongly.
#[derive(Clone, Debug)]
pub enum Fault {
    /// The document with one word changed.
    Tamper,
    /// Announces the whole length, sends half, closes.
    Truncate,
    /// A body that never ends (until the client hangs up).
    Endless,
    /// A 200 with something else entirely: a captive portal's HTML page.
    Wrong,
    /// A 302 to this address.
    Redirect(String),
}

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
}

struct State {
    root: PathBuf,
    log: Mutex<Vec<Logged>>,
    faults: Mutex<HashMap<String, Fault>>,
}

pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `root` on 127.0.0.1, on a free port.
    pub fn start(root: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State {
            root: root.to_path_buf(),
            log: Mutex::new(Vec::new()),
            faults: Mutex::new(HashMap::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let state = state.clone();
                    std::thread::spawn(move || serve(stream, &state));
                }
            })
        };
        Server {
            addr,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/<path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    pub fn fault(&self, path: &str, fault: Fault) {
        self.state
            .faults
            .lock()
            .unwrap()
            .insert(format!("/{path}"), fault);
    }

    /// Every request so far, in order.
    pub fn log(&self) -> Vec<Logged> {
        self.state.log.lock().unwrap().clone()
    }

    pub fn clear_log(&self) {
        self.state.log.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag and closes the port.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return; // the wake-up connection of Drop
    }
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let fault = state.faults.lock().unwrap().get(&path).cloned();
    if let Some(Fault::Redirect(to)) = fault {
        log(state, &path, &headers, 302);
        let _ = write!(
            &stream,
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return;
    }
    let file = (!path.contains(".."))
        .then(|| std::fs::read(state.root.join(path.trim_start_matches('/'))).ok())
        .flatten();
    let etag = file
        .as_ref()
        .map(|bytes| format!("\"{}\"", &sha256_hex(bytes)[..16]));
    let fresh = match (&etag, headers.get("if-none-match")) {
        (Some(etag), Some(sent)) => sent == etag,
        (Some(_), None) => {
            headers.get("if-modified-since").map(String::as_str) == Some(LAST_MODIFIED)
        }
        _ => false,
    };
    let status = match (&file, fresh) {
        (None, _) => 404,
        (Some(_), true) if fault.is_none() => 304,
        _ => 200,
    };
    log(state, &path, &headers, status);
    let mut out = &stream;
    let _ = match (status, file, fault) {
        (404, _, _) => out.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ),
        (304, _, _) => write!(
            out,
            "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nLast-Modified: {LAST_MODIFIED}\r\nConnection: close\r\n\r\n",
            etag.unwrap_or_default()
        ),
        (_, Some(body), fault) => respond(
            out,
            &body,
            content_type(&path),
            etag.as_deref().unwrap_or(""),
            fault,
        ),
        _ => Ok(()),
    };
    let _ = out.flush();
}

fn log(state: &State, path: &str, headers: &HashMap<String, String>, status: u16) {
    state.log.lock().unwrap().push(Logged {
        path: path.to_string(),
        if_none_match: headers.get("if-none-match").cloned(),
        if_modified_since: headers.get("if-modified-since").cloned(),
        user_agent: headers.get("user-agent").cloned(),
        status,
    });
}

/// What a browser needs to render a page and its parts; anything else is
/// bytes.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn respond(
    mut out: &TcpStream,
    body: &[u8],
    kind: &str,
    etag: &str,
    fault: Option<Fault>,
) -> std::io::Result<()> {
    let head = |len: Option<usize>, kind: &str| {
        let length = len
            .map(|n| format!("Content-Length: {n}\r\n"))
            .unwrap_or_default();
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n{length}ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\nConnection: close\r\n\r\n"
        )
    };
    match fault {
        None => {
            out.write_all(head(Some(body.len()), kind).as_bytes())?;
            out.write_all(body)
        }
        Some(Fault::Tamper) => {
            let text = String::from_utf8_lossy(body).replacen("DOIT", "PEUT", 1);
            out.write_all(head(Some(text.len()), "application/toml").as_bytes())?;
            out.write_all(text.as_bytes())
        }
        Some(Fault::Truncate) => {
            out.write_all(head(Some(body.len()), "application/toml").as_bytes())?;
            out.write_all(&body[..body.len() / 2])
        }
        Some(Fault::Endless) => {
            out.write_all(head(None, "application/toml").as_bytes())?;
            out.write_all(body)?;
            let padding = "# …\n".repeat(16 * 1024);
            let mut sent = body.len();
            while sent < ENDLESS_LIMIT {
                out.write_all(padding.as_bytes())?;
                sent += padding.len();
            }
            Ok(())
        }
        Some(Fault::Wrong) => {
            let page =
                b"<!doctype html><html><body>Portail captif : identifiez-vous</body></html>\n";
            out.write_all(head(Some(page.len()), "text/html").as_bytes())?;
            out.write_all(page)
        }
        Some(Fault::Redirect(_)) => unreachable!("answered before"),
    }
}
