//! What charte's HTTP clients make of the environment's proxies, and how
//! long they wait: a loopback registry or index is reached directly whatever
//! the proxy variables say, HTTPS goes through a proxy only as a CONNECT
//! tunnel, and a server that drips its answer is left at the deadline
//! (`CHARTE_HTTP_TIMEOUT`), however steadily the bytes come.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::fetch::{manifest, Remote};
use crate::registry::Env;
use crate::support::{charte, stderr, TODAY};

/// Every variable a proxy can be named in.
const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// Clears every proxy variable, then sets `vars` to `proxy`.
fn proxied<'a>(
    cmd: &'a mut assert_cmd::Command,
    vars: &[&str],
    proxy: &str,
) -> &'a mut assert_cmd::Command {
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    for var in vars {
        cmd.env(var, proxy);
    }
    cmd
}

/// A listener on loopback that keeps every byte sent to it and answers
/// each request 502: a proxy that must not be used, or that may only be
/// asked to open a tunnel.
struct Trap {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Trap {
    fn start() -> Trap {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (received, stop) = (received.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let received = received.clone();
                    std::thread::spawn(move || take(stream, &received));
                }
            })
        };
        Trap {
            addr,
            received,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything received so far, on every connection.
    fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().unwrap()).into_owned()
    }
}

impl Drop for Trap {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Keeps what a connection sends: its head, answered 502, then whatever
/// follows until it goes quiet.
fn take(mut stream: TcpStream, received: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 4096];
    let mut mine = Vec::new();
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    while !mine.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                mine.extend_from_slice(&buf[..n]);
                received.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        }
    }
    let _ = stream
        .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    while let Ok(n @ 1..) = stream.read(&mut buf) {
        received.lock().unwrap().extend_from_slice(&buf[..n]);
    }
}

#[test]
fn a_loopback_registry_is_reached_directly_whatever_the_proxy_variables() {
    let env = Env::start();
    let trap = Trap::start();
    for command in ["submit", "status"] {
        let a = proxied(&mut env.charte(), &PROXY_VARS[..6], &trap.url())
            .env("CHARTE_TOKEN", &env.token)
            .arg(command)
            .assert();
        // Not a byte to the proxy: neither the token nor anything else.
        assert_eq!(trap.received(), "", "{command}");
        a.success();
    }
    assert_eq!(env.stored(), 4);
}

#[test]
fn a_loopback_index_is_fetched_directly_whatever_the_proxy_variables() {
    let r = Remote::new(r#""ins", "mssante-clients""#);
    let trap = Trap::start();
    let a = proxied(&mut r.charte(), &PROXY_VARS[..6], &trap.url())
        .arg("fetch")
        .assert();
    assert_eq!(trap.received(), "");
    a.success();
    assert!(r.lock().is_some());
    let served: Vec<String> = r.requested().into_iter().map(|(path, _)| path).collect();
    assert_eq!(
        served,
        [
            "/index.json",
            "/ins/2.0.0.toml",
            "/mssante-clients/1.0.0.toml"
        ]
    );
}

/// The request lines a proxy received.
fn request_lines(received: &str) -> Vec<&str> {
    received
        .split("\r\n\r\n")
        .filter_map(|head| head.lines().next())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn https_goes_through_a_proxy_only_as_a_connect_tunnel() {
    const CANARY: &str = "chr_canary0123456789abcdef";
    let env = Env::start();
    let trap = Trap::start();
    for var in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        let a = proxied(&mut env.charte(), &[var], &trap.url())
            .env("CHARTE_TOKEN", CANARY)
            .args(["status", "--registry", "https://registre.example.org"])
            .assert()
            .code(4);
        assert!(!stderr(&a).contains(CANARY), "{}", stderr(&a));
    }
    let received = trap.received();
    assert!(!received.contains(CANARY), "{received}");
    assert!(!received.contains("chr_"), "{received}");
    let lines = request_lines(&received);
    assert!(!lines.is_empty());
    for line in lines {
        assert_eq!(line, "CONNECT registre.example.org:443 HTTP/1.1");
    }

    // Downloads too: the index is asked for inside the tunnel.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("charte.toml"),
        manifest("https://referentiels.example.org/v1/index.json", r#""ins""#),
    )
    .unwrap();
    let trap = Trap::start();
    proxied(&mut charte(), &["HTTPS_PROXY"], &trap.url())
        .current_dir(project.path())
        .env("CHARTE_CACHE_DIR", project.path().join("cache"))
        .args(["--today", TODAY, "fetch"])
        .assert()
        .code(4);
    let received = trap.received();
    assert_eq!(
        request_lines(&received),
        ["CONNECT referentiels.example.org:443 HTTP/1.1"],
        "{received}"
    );
    assert!(!received.contains("index.json"), "{received}");
}

/// A server on loopback that answers every request with a 200 head at once,
/// then one byte of body every `every`, without end: until the client hangs
/// up, the server is dropped, or 60 bytes have gone.
struct Drip {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drip {
    fn start(every: Duration) -> Drip {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let stop = stop.clone();
                    std::thread::spawn(move || drip(stream, every, &stop));
                }
            })
        };
        Drip {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Drip {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn drip(mut stream: TcpStream, every: Duration, stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    if stream.write_all(answer).is_err() {
        return;
    }
    for _ in 0..60 {
        if stop.load(Ordering::SeqCst) || stream.write_all(b" ").is_err() {
            return;
        }
        std::thread::sleep(every);
    }
}

#[test]
fn a_dripping_index_is_left_at_the_deadline() {
    let drip = Drip::start(Duration::from_secs(1));
    let index = format!("{}/index.json", drip.url());
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("charte.toml"),
        manifest(&index, r#""ins""#),
    )
    .unwrap();
    let started = Instant::now();
    let a = charte()
        .current_dir(project.path())
        .env("CHARTE_CACHE_DIR", project.path().join("cache"))
        .env("CHARTE_HTTP_TIMEOUT", "3")
        .args(["--today", TODAY, "fetch"])
        .assert()
        .code(4);
    let elapsed = started.elapsed();
    // An upper bound only, with room for a loaded machine.
    assert!(elapsed < Duration::from_secs(3 + 2), "{elapsed:?}");
    assert!(elapsed >= Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(
        stderr(&a),
        format!(
            "error: downloading {index} took longer than 3 s, the most charte waits for one download: try again later\n  \
             check [referentials] index and your network; once charte.lock and the cache are filled (`charte fetch`), \
             `charte check --frozen` needs no network\n"
        )
    );
}

#[test]
fn a_dripping_registry_is_left_at_the_deadline_of_each_attempt() {
    let env = Env::start();
    // Bytes come well within any read timeout: only a deadline for the
    // whole answer ends the wait.
    let drip = Drip::start(Duration::from_millis(250));
    let latest = format!(
        "{}/v1/organizations/{}/submissions/latest",
        drip.url(),
        crate::registry::SIREN
    );
    for command in ["submit", "status"] {
        let started = Instant::now();
        let a = env
            .charte()
            .env("CHARTE_TOKEN", &env.token)
            .env("CHARTE_HTTP_TIMEOUT", "1")
            .args([command, "--registry", &drip.url()])
            .assert()
            .code(4);
        let elapsed = started.elapsed();
        // Six attempts of a second each (timeouts are retried), waits of
        // milliseconds between them; an upper bound only.
        assert!(
            elapsed < Duration::from_secs(6 + 2),
            "{command}: {elapsed:?}"
        );
        let err = stderr(&a);
        assert!(
            err.starts_with(&format!(
                "error: {latest} did not answer in full within 1 s, the most charte waits for one answer (gave up after 6 attempts)\n"
            )),
            "{command}: {err}"
        );
        assert!(!err.contains(&env.token), "{err}");
    }
}
