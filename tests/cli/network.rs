//! What charte's HTTP clients make of the environment's proxies, and how
//! long they wait: a loopback registry or index is reached directly whatever
//! the proxy variables say, HTTPS goes through a proxy only as a CONNECT
//! tunnel, and a server that drips its answer is left at the deadline.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

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
