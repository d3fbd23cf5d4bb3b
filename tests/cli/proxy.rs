//! A small HTTP/1.1 proxy on loopback that stands between the client and the
//! reference registry and misbehaves on cue: it answers with canned statuses,
//! or forwards a request and then drops the connection before the client
//! hears the answer. Every request it sees is logged with its arrival time.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the proxy does with the next request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Pass it to the registry and its answer back.
    Forward,
    /// Pass it to the registry, then close the client's connection without
    /// an answer (the request was processed; the client cannot know).
    ForwardThenDrop,
    /// Close the connection without forwarding or answering: what a client
    /// sees of a registry that has stopped.
    Drop,
    /// Answer without asking the registry.
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
}

impl Action {
    pub fn status(status: u16) -> Action {
        Action::Respond {
            status,
            headers: Vec::new(),
            body: format!(
                "{{\"error\":{{\"code\":\"injected\",\"message\":\"injected {status}\"}}}}"
            ),
        }
    }
}

/// One request seen by the proxy.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub at: Instant,
    /// Every header line, as received (for secrecy checks).
    pub head: String,
}

#[derive(Default)]
struct State {
    plan: VecDeque<Action>,
    seen: Vec<Seen>,
}

pub struct Proxy {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Proxy {
    /// A proxy in front of `upstream`, with the given actions for the first
    /// requests, then `Forward`.
    pub fn start(upstream: SocketAddr, plan: Vec<Action>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            plan: plan.into(),
            seen: Vec::new(),
        }));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = serve(stream, upstream, &state);
                });
            }
        });
        Proxy { addr, state }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests seen so far whose path starts with `prefix`.
    pub fn seen(&self, prefix: &str) -> Vec<Seen> {
        let state = self.state.lock().unwrap();
        state
            .seen
            .iter()
            .filter(|s| s.path.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// Reads one request: the head and a body of Content-Length bytes.
fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some((head, body)))
}

fn serve(client: TcpStream, upstream: SocketAddr, state: &Mutex<State>) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut client = client;
    // One request per connection: every answer closes it.
    let Some((head, body)) = read_request(&mut reader)? else {
        return Ok(());
    };
    let mut words = head.split(' ');
    let method = words.next().unwrap_or_default().to_string();
    let path = words.next().unwrap_or_default().to_string();
    let action = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            method,
            path,
            at: Instant::now(),
            head: head.clone(),
        });
        s.plan.pop_front().unwrap_or(Action::Forward)
    };
    match action {
        Action::Drop => {}
        Action::Respond {
            status,
            headers,
            body,
        } => {
            let mut answer = format!(
                "HTTP/1.1 {status} Injected\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                answer.push_str(&format!("{name}: {value}\r\n"));
            }
            answer.push_str("\r\n");
            answer.push_str(&body);
            client.write_all(answer.as_bytes())?;
        }
        Action::Forward | Action::ForwardThenDrop => {
            let answer = forward(upstream, &head, &body)?;
            if matches!(action, Action::Forward) {
                client.write_all(&answer)?;
            }
        }
    }
    client.flush()?;
    client.shutdown(std::net::Shutdown::Both)
}

/// Sends the request to the registry with `connection: close` and returns
/// its whole answer, marked `connection: close` too.
fn forward(upstream: SocketAddr, head: &str, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut server = TcpStream::connect(upstream)?;
    let mut request = String::new();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            request.push_str(line);
            request.push_str("\r\n");
        }
    }
    request.push_str("connection: close\r\n\r\n");
    server.write_all(request.as_bytes())?;
    server.write_all(body)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..split]);
    let mut out = String::new();
    for line in head.split("\r\n") {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("connection: close\r\n");
    let mut bytes = out.into_bytes();
    // The blank line that ends the head, then the body.
    bytes.extend_from_slice(&answer[(split + 2).min(answer.len())..]);
    Ok(bytes)
}
