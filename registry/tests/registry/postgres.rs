//! What only PostgreSQL adds: several `serve` processes on one database,
//! its migrations and append-only triggers, and a database that goes away.
//! Each test needs `CHARTE_REGISTRY_POSTGRES` (set by `.ci/run`, which
//! starts a throwaway cluster) and is skipped, saying so, without it.

use std::process::Stdio;

use serde_json::Value;

use crate::support::{
    postgres_database, postgres_query, postgres_try, product_document, registry_command,
    serve_binary, Client, Registry, SIREN_A,
};

/// A new database, or `None` (after a notice) without a server to make it on.
fn database(test: &str) -> Option<String> {
    let url = postgres_database();
    if url.is_none() {
        notice(test);
    }
    url
}

#[allow(clippy::disallowed_methods)]
fn notice(test: &str) {
    use std::io::Write;
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: CI runs the PostgreSQL tests, and CHARTE_REGISTRY_POSTGRES is not set: .ci/run starts the cluster"
    );
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped, CHARTE_REGISTRY_POSTGRES is not set (.ci/run sets it)"
    );
}

/// The protocol's and the directory's tests once more, every registry on PostgreSQL: this test
/// binary runs itself again with `CHARTE_REGISTRY_ENGINE=postgres`, so that
/// `cargo test --workspace` covers both engines. The modules about SQLite
/// files (crash, durability, migrations, dump) stay on SQLite.
#[test]
fn the_protocol_suite_passes_on_postgres_too() {
    if crate::support::on_postgres() {
        return; // This is the second pass.
    }
    if database("the_protocol_suite_passes_on_postgres_too").is_none() {
        return;
    }
    let me = std::env::current_exe().unwrap();
    let out = std::process::Command::new(me)
        .args([
            "submissions::",
            "idempotency::",
            "security::",
            "limits::",
            "catalogue::",
            "log::",
            "directory::",
        ])
        .env("CHARTE_REGISTRY_ENGINE", "postgres")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the protocol suite failed on PostgreSQL:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn three_serve_processes_store_one_row_for_thirty_identical_submissions() {
    let Some(url) = database("three_serve_processes") else {
        return;
    };
    let token = charte_registry::add_token(&url, SIREN_A, "test").unwrap();
    let servers: Vec<_> = (0..3)
        .map(|_| serve_binary(std::path::Path::new(&url), Stdio::null()))
        .collect();
    let document = product_document(SIREN_A, "exemple-lgc");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(30));
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..30)
            .map(|i| {
                let client = Client {
                    addr: servers[i % 3].1,
                    token: Some(token.clone()),
                };
                let (document, barrier) = (&document, barrier.clone());
                scope.spawn(move || {
                    barrier.wait();
                    let answer = client.submit(document);
                    (answer.status, answer.json())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let created = answers.iter().filter(|(status, _)| *status == 201).count();
    assert_eq!(created, 1, "{answers:?}");
    let receipts: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| matches!(status, 200 | 201))
        .map(|(_, body)| &body["id"])
        .collect();
    assert!(receipts.iter().all(|id| *id == receipts[0]), "{answers:?}");
    for (status, body) in &answers {
        assert!(matches!(status, 200 | 201 | 409), "{status} {body}");
    }
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        ["1"]
    );
    // Every process answers the stored receipt, a replay, from then on.
    for (_, addr) in &servers {
        let client = Client {
            addr: *addr,
            token: Some(token.clone()),
        };
        let again = client.submit(&document);
        assert_eq!((again.status, &again.json()["id"]), (200, receipts[0]));
    }
    for (mut child, _) in servers {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn the_database_refuses_to_update_or_delete_a_submission() {
    let Some(url) = database("append_only") else {
        return;
    };
    let registry =
        Registry::start_with(|_| charte_registry::Config::new(&url).log_to(std::io::sink()));
    let client = registry.client(Some(
        &charte_registry::add_token(&url, SIREN_A, "t").unwrap(),
    ));
    assert_eq!(client.submit(&product_document(SIREN_A, "p")).status, 201);
    for (sql, verb) in [
        ("UPDATE submissions SET document = '{}'", "updated"),
        ("DELETE FROM submissions", "deleted"),
        ("TRUNCATE submissions CASCADE", "deleted"),
    ] {
        assert_eq!(
            postgres_try(&url, sql),
            Err(format!(
                "submissions are append-only: a stored submission is never {verb}"
            )),
            "{sql}"
        );
    }
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        ["1"]
    );
}

#[test]
fn migrate_records_each_version_and_refuses_a_newer_database() {
    let Some(url) = database("migrate") else {
        return;
    };
    let run = || {
        registry_command()
            .args(["migrate", "--db", &url])
            .output()
            .unwrap()
    };
    let output = run();
    assert!(output.status.success(), "{output:?}");
    let latest = charte_registry::migrate::latest_version();
    let mut expected = String::new();
    for migration in charte_registry::migrate::POSTGRES {
        expected.push_str(&format!(
            "applied migration {} ({})\n",
            migration.version, migration.name
        ));
    }
    expected.push_str(&format!("{url} is at schema version {latest}\n"));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
    let checksums = postgres_query(
        &url,
        "SELECT checksum FROM schema_migrations ORDER BY version",
    );
    let expected: Vec<String> = charte_registry::migrate::POSTGRES
        .iter()
        .map(|m| m.checksum())
        .collect();
    assert_eq!(checksums, expected);

    postgres_query(
        &url,
        &format!(
            "INSERT INTO schema_migrations VALUES ({}, 'later', 'x', '2030-01-01T00:00:00Z')",
            latest + 1
        ),
    );
    let output = run();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{url} is at schema version {}, newer than this charte-registry (schema version {latest})",
            latest + 1
        )),
        "{stderr}"
    );
}

#[test]
fn a_database_that_cannot_be_reached_is_503_with_retry_after() {
    let Some(url) = database("unreachable") else {
        return;
    };
    let name = url.rsplit_once('/').unwrap().1.to_owned();
    let admin = std::env::var("CHARTE_REGISTRY_POSTGRES").unwrap();
    let registry =
        Registry::start_with(|_| charte_registry::Config::new(&url).log_to(std::io::sink()));
    let client = registry.client(Some(
        &charte_registry::add_token(&url, SIREN_A, "t").unwrap(),
    ));
    let latest = format!("/v1/organizations/{SIREN_A}/submissions/latest");
    assert_eq!(client.get(&latest).status, 200);

    postgres_query(
        &admin,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
    );
    postgres_query(
        &admin,
        &format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    );
    for answer in [
        client.get(&latest),
        client.submit(&product_document(SIREN_A, "p")),
    ] {
        assert_eq!(answer.status, 503, "{:?}", answer.json());
        assert_eq!(answer.error_code(), "unavailable");
        assert_eq!(answer.header("retry-after"), Some("5"));
    }

    postgres_query(
        &admin,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    );
    assert_eq!(client.get(&latest).status, 200);
    assert_eq!(client.submit(&product_document(SIREN_A, "p")).status, 201);
}

#[test]
fn a_postgresql_dump_loads_into_sqlite_and_dumps_the_same() {
    let Some(url) = database("dump") else {
        return;
    };
    let registry =
        Registry::start_with(|_| charte_registry::Config::new(&url).log_to(std::io::sink()));
    let client = registry.client(Some(
        &charte_registry::add_token(&url, SIREN_A, "t").unwrap(),
    ));
    let first = product_document(SIREN_A, "exemple-lgc");
    let mut second = first.clone();
    second["product"]["version"] = serde_json::json!("5.3.0");
    assert_eq!(client.submit(&first).status, 201);
    assert_eq!(client.submit(&second).status, 201);
    assert_eq!(client.submit(&first).status, 200); // the first heads again

    let dump = |db: &str, since: Option<&str>| {
        let mut args = vec!["dump", "--db", db];
        args.extend(since.map(|id| ["--since", id]).into_iter().flatten());
        let output = registry_command().args(&args).output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let original = dump(&url, None);
    let lines: Vec<Value> = original
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["head"], true);
    assert_eq!(lines[1].get("head"), None);
    for line in &lines {
        assert_eq!(
            charte_registry::digest(&line["document"]),
            line["digest"].as_str().unwrap()
        );
    }
    let first_id = lines[0]["receipt"]["id"].as_str().unwrap();
    assert_eq!(
        dump(&url, Some(first_id)),
        original.lines().nth(1).unwrap().to_owned() + "\n"
    );

    let file = registry.dir.path().join("dump.jsonl");
    std::fs::write(&file, &original).unwrap();
    let sqlite = registry.dir.path().join("restored.sqlite3");
    let output = registry_command()
        .args([
            "load",
            "--db",
            sqlite.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(dump(sqlite.to_str().unwrap(), None), original);
}

/// A cluster of its own (`postgres.sh`), stopped while clients submit: every
/// answer is a 201 or a 503 `unavailable` with `Retry-After`, never a 500,
/// and submissions succeed again once it is back.
#[test]
fn postgresql_stopped_mid_run_is_503_then_success_once_it_is_back() {
    if database("stopped_mid_run").is_none() {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres.sh");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(script)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "postgres.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let exports = run(&["start"]);
    let value = |name: &str| {
        exports
            .lines()
            .find_map(|line| line.strip_prefix(&format!("export {name}=")))
            .unwrap()
            .to_owned()
    };
    let (dir, url) = (value("CHARTE_PG_DIR"), value("CHARTE_REGISTRY_POSTGRES"));
    let cluster = scopeguard(dir.clone(), move |dir| {
        let _ = std::process::Command::new(script)
            .args(["stop", dir])
            .output();
    });
    let registry =
        Registry::start_with(|_| charte_registry::Config::new(&url).log_to(std::io::sink()));
    let token = charte_registry::add_token(&url, SIREN_A, "t").unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let answers: Vec<(u16, Option<String>, String)> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..4)
            .map(|thread| {
                let (registry, token, stop) = (&registry, &token, &stop);
                scope.spawn(move || {
                    let client = registry.client(Some(token));
                    let mut answers = Vec::new();
                    for n in 0..10_000 {
                        if stop.load(std::sync::atomic::Ordering::Relaxed) {
                            break;
                        }
                        let answer =
                            client.submit(&product_document(SIREN_A, &format!("p-{thread}-{n}")));
                        let code = if answer.status == 201 {
                            String::new()
                        } else {
                            answer.error_code()
                        };
                        answers.push((
                            answer.status,
                            answer.header("retry-after").map(str::to_owned),
                            code,
                        ));
                    }
                    answers
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(500));
        run(&["pause", &dir]);
        std::thread::sleep(std::time::Duration::from_millis(500));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    });
    assert!(
        answers.iter().any(|(status, ..)| *status == 201),
        "none stored before the stop"
    );
    assert!(
        answers.iter().any(|(status, ..)| *status == 503),
        "no 503 once stopped"
    );
    for (status, retry_after, code) in &answers {
        match status {
            201 => {}
            503 => {
                assert_eq!(code, "unavailable");
                assert!(retry_after.is_some(), "503 without Retry-After");
            }
            other => panic!("answer {other} ({code}) while PostgreSQL stopped"),
        }
    }
    run(&["resume", &dir]);
    let client = registry.client(Some(&token));
    assert_eq!(
        client.submit(&product_document(SIREN_A, "after")).status,
        201
    );
    drop(registry);
    drop(cluster);
}

/// Runs `finish` on `value` when dropped, so that the cluster is removed
/// even when an assertion fails.
fn scopeguard<T, F: FnMut(&T)>(value: T, finish: F) -> impl Drop {
    struct Guard<T, F: FnMut(&T)>(T, F);
    impl<T, F: FnMut(&T)> Drop for Guard<T, F> {
        fn drop(&mut self) {
            (self.1)(&self.0);
        }
    }
    Guard(value, finish)
}

#[test]
fn three_serve_processes_append_thirty_submissions_to_one_gap_free_log() {
    let Some(url) = database("one_gap_free_log") else {
        return;
    };
    let token = charte_registry::add_token(&url, SIREN_A, "test").unwrap();
    let servers: Vec<_> = (0..3)
        .map(|_| serve_binary(std::path::Path::new(&url), Stdio::null()))
        .collect();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(30));
    let receipts: Vec<Value> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..30)
            .map(|i| {
                let client = Client {
                    addr: servers[i % 3].1,
                    token: Some(token.clone()),
                };
                let barrier = barrier.clone();
                scope.spawn(move || {
                    let document = product_document(SIREN_A, &format!("produit-{i}"));
                    barrier.wait();
                    let answer = client.submit(&document);
                    assert_eq!(answer.status, 201, "{:?}", answer.json());
                    answer.json()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let mut indexes: Vec<u64> = receipts
        .iter()
        .map(|receipt| receipt["log"]["index"].as_u64().unwrap())
        .collect();
    indexes.sort_unstable();
    assert_eq!(indexes, (0..30).collect::<Vec<_>>());
    // Each receipt's checkpoint is the tree just after its append.
    let verifier = crate::support::test_verifier();
    for receipt in &receipts {
        let note = receipt["log"]["checkpoint"].as_str().unwrap();
        let checkpoint =
            charte_registry::log::Checkpoint::parse(verifier.open(note).unwrap()).unwrap();
        assert_eq!(
            checkpoint.size,
            receipt["log"]["index"].as_u64().unwrap() + 1
        );
    }
    // The log's order is the order of the submissions' rows.
    let order = postgres_query(
        &url,
        "SELECT count(*) FROM log_entries a JOIN log_entries b ON b.idx = a.idx + 1
         WHERE b.submission < a.submission",
    );
    assert_eq!(order, ["0"]);
    let key = verifier.to_string();
    let out = registry_command()
        .args(["log", "verify", "--db", &url, "--key", &key])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("verifies: 30 entries, 31 checkpoints"),
        "{stdout}"
    );
    for (mut child, _) in servers {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
