//! The real binary: token administration and `serve` until SIGTERM.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{commitments_document, registry_command, serve_binary, Client, SIREN_A};

fn run(args: &[&str]) -> (bool, String, String) {
    let output = registry_command().args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn token_administration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    let db = db.to_str().unwrap();

    let (ok, stdout, _) = run(&[
        "token",
        "add",
        "--db",
        db,
        "--siren",
        SIREN_A,
        "--name",
        "ci pipeline",
    ]);
    assert!(ok);
    let token = stdout.trim_end();
    assert!(
        token.starts_with("chr_") && token.len() == 68 && !token.contains('\n'),
        "{stdout:?}"
    );

    let (ok, listing, _) = run(&["token", "list", "--db", db]);
    assert!(ok);
    assert!(
        listing.contains(SIREN_A) && listing.contains("ci pipeline") && listing.contains("active"),
        "{listing}"
    );
    assert!(!listing.contains(token));

    let (ok, stdout, _) = run(&["token", "revoke", "--db", db, "1"]);
    assert!(ok, "{stdout}");
    let (_, listing, _) = run(&["token", "list", "--db", db, "--json"]);
    let tokens: serde_json::Value = serde_json::from_str(&listing).unwrap();
    assert_eq!(tokens[0]["id"], 1);
    assert!(tokens[0]["revoked"].is_string(), "{listing}");
    assert!(!listing.contains(token));

    let (ok, _, stderr) = run(&["token", "revoke", "--db", db, "7"]);
    assert!(!ok && stderr.contains("no token with id 7"), "{stderr}");
    let missing = dir.path().join("missing.sqlite3");
    let (ok, _, stderr) = run(&["token", "list", "--db", missing.to_str().unwrap()]);
    assert!(!ok && stderr.contains("no database at"), "{stderr}");
    assert!(!missing.exists());
    let (ok, _, stderr) = run(&["token", "add", "--db", db, "--siren", "123456789"]);
    assert!(!ok && stderr.contains("not a SIREN"), "{stderr}");
}

#[test]
fn help_lists_the_commands() {
    let (ok, stdout, _) = run(&["--help"]);
    assert!(ok);
    for word in ["serve", "token", "migrate", "dump", "load"] {
        assert!(stdout.contains(word), "{stdout}");
    }
    let (ok, stdout, _) = run(&["serve", "--help"]);
    assert!(ok);
    for flag in [
        "--db",
        "--listen",
        "--catalogue",
        "--max-body",
        "127.0.0.1:8080",
        "1048576",
        "--header-timeout",
        "--request-timeout",
        "--idle-timeout",
        "--max-connections",
        "--max-buffered-bodies",
        "--max-header-bytes",
        "--max-db-size",
        "67108864",
    ] {
        assert!(stdout.contains(flag), "{flag} in {stdout}");
    }
}

#[test]
fn serve_refuses_limits_it_cannot_work_with() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    let db = db.to_str().unwrap();
    let (ok, _, stderr) = run(&[
        "serve",
        "--db",
        db,
        "--max-body",
        "2000",
        "--max-buffered-bodies",
        "1000",
    ]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: the limit of buffered bodies (--max-buffered-bodies, 1000 bytes) is under the \
         body limit (--max-body, 2000 bytes): a body of the largest size would never be accepted\n"
    );
    for (flag, value) in [
        ("--header-timeout", "0"),
        ("--max-connections", "0"),
        ("--max-header-bytes", "4096"),
    ] {
        let (ok, _, stderr) = run(&["serve", "--db", db, flag, value]);
        assert!(!ok && stderr.contains(flag), "{flag}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn serve_prints_its_address_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.sqlite3");
    let token = charte_registry::add_token(&db, SIREN_A, "").unwrap();
    let (mut child, addr) = serve_binary(&db, Stdio::piped());

    let client = Client {
        addr,
        token: Some(token.clone()),
    };
    assert_eq!(client.submit(&commitments_document(SIREN_A)).status, 201);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains(" POST /v1/submissions 201 "), "{stderr}");
    assert!(!stderr.contains(&token));
}
