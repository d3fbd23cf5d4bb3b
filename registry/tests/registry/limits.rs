//! What one client may hold of the server: time to send a head, a request,
//! an idle kept-alive connection; connections at once; bodies in memory at
//! once; and the JSON answers to requests the HTTP parser refuses. Each test
//! uses small limits and finishes in a few seconds.

use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::{commitments_document, Raw, Registry, Response, SIREN_A};

/// A whole GET with the token, kept alive.
fn get(path: &str, token: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: registry\r\nAuthorization: Bearer {token}\r\n\r\n")
        .into_bytes()
}

/// The head of a validation of `length` bytes.
fn validation_head(token: &str, length: usize) -> Vec<u8> {
    format!(
        "POST /v1/submissions/validate HTTP/1.1\r\nHost: registry\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n"
    )
    .into_bytes()
}

/// The commitments document padded with spaces to `length` bytes.
fn padded_document(length: usize) -> Vec<u8> {
    let mut body = serde_json::to_vec(&commitments_document(SIREN_A)).unwrap();
    assert!(body.len() <= length);
    body.resize(length, b' ');
    body
}

fn assert_error(answer: &Response, status: u16, code: &str) {
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (status, code),
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
}

#[test]
fn a_head_sent_slowly_is_cut_at_the_header_timeout() {
    let timeout = Duration::from_millis(500);
    let registry = Registry::start_with(|config| config.header_timeout(timeout));

    // One byte of header every 100 ms: never a whole head.
    let started = Instant::now();
    let mut dripping = Raw::open(registry.addr());
    dripping
        .send(b"GET /v1/submissions/sub_x HTTP/1.1\r\nX-Slow: ")
        .unwrap();
    let mut seen = None;
    for _ in 0..30 {
        let _ = dripping.send(b"a");
        let read = dripping.read_for(Duration::from_millis(100));
        if read.closed {
            seen = Some(read);
            break;
        }
    }
    let elapsed = started.elapsed();
    let seen = seen.unwrap_or_else(|| panic!("still open after {elapsed:?}"));
    assert!(
        elapsed >= timeout && elapsed < timeout + Duration::from_millis(1500),
        "{elapsed:?}"
    );
    if let Some(answer) = seen.answer() {
        assert_error(&answer, 408, "request_timeout");
    }

    // A head that stops half-way is answered 408 before the close.
    let started = Instant::now();
    let mut stalled = Raw::open(registry.addr());
    stalled
        .send(b"GET /v1/submissions/sub_x HTTP/1.1\r\nHost:")
        .unwrap();
    let seen = stalled.read_for(Duration::from_secs(3));
    assert!(seen.closed && started.elapsed() < Duration::from_secs(2));
    let answer = seen.answer().expect("an answer before the close");
    assert_error(&answer, 408, "request_timeout");
    assert_eq!(answer.header("connection"), Some("close"));
}

#[test]
fn idle_connections_are_closed() {
    let header = Duration::from_millis(1500);
    let idle = Duration::from_millis(400);
    let registry = Registry::start_with(|config| config.header_timeout(header).idle_timeout(idle));
    let token = registry.token(SIREN_A);

    // Opened and silent: closed without a word at the header timeout.
    let started = Instant::now();
    let mut silent = Raw::open(registry.addr());
    let seen = silent.read_for(Duration::from_secs(3));
    let elapsed = started.elapsed();
    assert!(seen.closed && seen.bytes.is_empty(), "{seen:?}");
    assert!(
        elapsed >= header && elapsed < header + Duration::from_millis(1500),
        "{elapsed:?}"
    );

    // Kept alive: requests follow each other, then the idle timeout closes it.
    let mut kept = Raw::open(registry.addr());
    for _ in 0..2 {
        kept.send(&get("/v1/submissions/sub_x", &token)).unwrap();
        assert_error(&kept.answer(Duration::from_secs(2)), 404, "not_found");
        sleep(idle / 2);
    }
    let started = Instant::now();
    let seen = kept.read_for(Duration::from_secs(3));
    let elapsed = started.elapsed();
    assert!(seen.closed && seen.bytes.is_empty(), "{seen:?}");
    assert!(elapsed < idle + Duration::from_millis(1500), "{elapsed:?}");
}

#[test]
fn a_client_that_stops_reading_is_cut_at_the_idle_timeout() {
    const SIZE: usize = 16 * 1024 * 1024;
    let registry = Registry::start_in(|dir, config| {
        let catalogue = dir.join("catalogue");
        std::fs::create_dir_all(&catalogue).unwrap();
        std::fs::write(catalogue.join("large.txt"), vec![b'x'; SIZE]).unwrap();
        config
            .catalogue(catalogue)
            .idle_timeout(Duration::from_millis(300))
    });
    let mut reader = Raw::open(registry.addr());
    reader
        .send(b"GET /v1/referentials/large.txt HTTP/1.1\r\nHost: registry\r\n\r\n")
        .unwrap();
    // More than the socket buffers hold stays to be written while the
    // client does not read.
    sleep(Duration::from_millis(1500));
    let seen = reader.read_for(Duration::from_secs(5));
    assert!(seen.closed);
    assert!(
        seen.bytes.len() < SIZE,
        "{} bytes: the whole file",
        seen.bytes.len()
    );
}

#[test]
fn a_body_that_drips_is_answered_408_at_the_request_deadline() {
    let deadline = Duration::from_millis(700);
    let registry = Registry::start_with(|config| config.request_timeout(deadline));
    let token = registry.token(SIREN_A);
    let body = padded_document(4000);

    let started = Instant::now();
    let mut dripping = Raw::open(registry.addr());
    dripping.send(&validation_head(&token, body.len())).unwrap();
    dripping.send(&body[..1000]).unwrap();
    let mut seen = None;
    for byte in &body[1000..1030] {
        let _ = dripping.send(std::slice::from_ref(byte));
        let read = dripping.read_for(Duration::from_millis(100));
        if read.closed || read.answer().is_some() {
            seen = Some(read);
            break;
        }
    }
    let elapsed = started.elapsed();
    let seen = seen.unwrap_or_else(|| panic!("no answer after {elapsed:?}"));
    assert!(
        elapsed >= deadline && elapsed < deadline + Duration::from_millis(1500),
        "{elapsed:?}"
    );
    let answer = seen.answer().expect("an answer");
    assert_error(&answer, 408, "request_timeout");
    assert_eq!(answer.header("connection"), Some("close"));
    assert!(
        registry
            .log
            .contents()
            .contains(" POST /v1/submissions/validate 408 "),
        "{}",
        registry.log.contents()
    );
}

#[test]
fn connections_over_the_limit_are_answered_503_at_once() {
    let registry = Registry::start_with(|config| config.max_connections(2));
    let token = registry.token(SIREN_A);
    let mut first = Raw::open(registry.addr());
    let second = Raw::open(registry.addr());

    let mut third = Raw::open(registry.addr());
    third.send(&get("/v1/submissions/sub_x", &token)).unwrap();
    let seen = third.read_for(Duration::from_secs(3));
    assert!(seen.closed, "{seen:?}");
    let refused = seen.answer().expect("an answer");
    assert_error(&refused, 503, "overloaded");
    assert_eq!(refused.header("retry-after"), Some("1"));

    // The connections under the limit are served.
    first.send(&get("/v1/submissions/sub_x", &token)).unwrap();
    assert_error(&first.answer(Duration::from_secs(2)), 404, "not_found");

    // Once they close, new connections are served again.
    drop(first);
    drop(second);
    let client = registry.client(Some(&token));
    let mut status = 0;
    for _ in 0..20 {
        status = client.get("/v1/submissions/sub_x").status;
        if status == 404 {
            break;
        }
        sleep(Duration::from_millis(100));
    }
    assert_eq!(status, 404);
    assert!(
        registry
            .log
            .contents()
            .contains(" 503 1 connection(s) refused over the limit of 2"),
        "{}",
        registry.log.contents()
    );
}

#[test]
fn bodies_over_the_memory_budget_are_answered_503() {
    let registry =
        Registry::start_with(|config| config.max_body(64 * 1024).max_buffered_bodies(100 * 1024));
    let token = registry.token(SIREN_A);
    let body = padded_document(60_000);

    // A half-sent body holds 60,000 bytes of the 100 KiB, and another one
    // does not fit beside it. (Tried again when the other one came first.)
    let mut attempt = None;
    for _ in 0..10 {
        let mut holding = Raw::open(registry.addr());
        holding.send(&validation_head(&token, body.len())).unwrap();
        holding.send(&body[..1000]).unwrap();
        sleep(Duration::from_millis(100));
        let mut other = Raw::open(registry.addr());
        other.send(&validation_head(&token, body.len())).unwrap();
        other.send(&body).unwrap();
        let answer = other.answer(Duration::from_secs(2));
        if answer.status != 200 {
            attempt = Some((holding, answer));
            break;
        }
    }
    let (mut holding, refused) = attempt.expect("a body over the budget");
    assert_error(&refused, 503, "overloaded");
    assert_eq!(refused.header("retry-after"), Some("1"));

    // The first one completes, and frees its share.
    holding.send(&body[1000..]).unwrap();
    assert_eq!(holding.answer(Duration::from_secs(2)).status, 200);
    let mut again = Raw::open(registry.addr());
    again.send(&validation_head(&token, body.len())).unwrap();
    again.send(&body).unwrap();
    assert_eq!(again.answer(Duration::from_secs(2)).status, 200);
}

#[test]
fn requests_the_parser_refuses_get_json_errors() {
    let registry = Registry::start_with(|config| config.max_header_bytes(16 * 1024));

    let mut garbage = Raw::open(registry.addr());
    garbage.send(b"NOT AN HTTP REQUEST\r\n\r\n").unwrap();
    let seen = garbage.read_for(Duration::from_secs(3));
    let answer = seen.answer().expect("an answer");
    assert_error(&answer, 400, "bad_request");
    assert!(seen.closed);

    let mut bad_header = Raw::open(registry.addr());
    bad_header
        .send(b"GET /v1/submissions/sub_x HTTP/1.1\r\nHost registry\r\n\r\n")
        .unwrap();
    assert_error(
        &bad_header.answer(Duration::from_secs(2)),
        400,
        "bad_request",
    );

    let mut too_large = Raw::open(registry.addr());
    let head = format!(
        "GET /v1/submissions/sub_x HTTP/1.1\r\nHost: registry\r\nX-Padding: {}\r\n\r\n",
        "p".repeat(20 * 1024)
    );
    let _ = too_large.send(head.as_bytes());
    let answer = too_large.answer(Duration::from_secs(2));
    assert_error(&answer, 431, "headers_too_large");
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("16384 bytes"),
        "{:?}",
        answer.json()
    );
}
