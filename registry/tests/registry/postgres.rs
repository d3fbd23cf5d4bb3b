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

/// A registry serving the database at `url`, and a client with a token of
/// organization A.
fn registry_on(url: &str) -> (Registry, Client) {
    let registry =
        Registry::start_with(|_| charte_registry::Config::new(url).log_to(std::io::sink()));
    let client = registry.client(Some(
        &charte_registry::add_token(url, SIREN_A, "t").unwrap(),
    ));
    (registry, client)
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

/// SPEC §5: a submission whose `Idempotency-Key` is in flight is 409, in
/// whichever process it arrives. The first process is held mid-transaction
/// (the test locks `heads`, which its submission then waits for, holding
/// its digest's advisory lock); the same document sent to the second
/// process is 409 `in_flight` at once, and a replay once the first commits.
#[test]
fn a_submission_in_flight_in_one_process_is_409_in_another() {
    let Some(url) = database("in_flight_across_processes") else {
        return;
    };
    let token = charte_registry::add_token(&url, SIREN_A, "test").unwrap();
    let servers: Vec<_> = (0..2)
        .map(|_| serve_binary(std::path::Path::new(&url), Stdio::null()))
        .collect();
    let client = |i: usize| Client {
        addr: servers[i].1,
        token: Some(token.clone()),
    };
    let document = product_document(SIREN_A, "exemple-lgc");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let holder = runtime.block_on(async {
        let (holder, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        holder
            .batch_execute("BEGIN; LOCK TABLE heads IN EXCLUSIVE MODE")
            .await
            .unwrap();
        holder
    });
    let held_locks = || {
        postgres_query(
            &url,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )[0]
        .parse::<u32>()
        .unwrap()
    };
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| client(0).submit(&document));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while held_locks() == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the first submission never took its lock"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let second = client(1).submit(&document);
        assert_eq!(second.status, 409, "{:?}", second.json());
        assert_eq!(second.error_code(), "in_flight");
        assert_eq!(second.header("retry-after"), Some("1"));
        // The first process answers 409 too, by its own bookkeeping.
        assert_eq!(client(0).submit(&document).status, 409);
        runtime.block_on(holder.batch_execute("COMMIT")).unwrap();
        (first.join().unwrap(), second)
    });
    assert_eq!(first.status, 201, "{:?}", first.json());
    assert_eq!(second.status, 409);
    let replay = client(1).submit(&document);
    assert_eq!(replay.status, 200);
    assert_eq!(replay.json(), first.json());
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        ["1"]
    );
    for (mut child, _) in servers {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Three `serve` processes on one database under a bounded load, one of
/// them killed with SIGKILL mid-run: clients retry on the others, as a
/// load balancer and `charte submit` do, and in the end every acknowledged
/// submission is stored exactly once, under its digest and with the
/// receipt first acknowledged, and nothing half-written is left (every row
/// heads its product and hashes to its digest).
#[test]
fn one_of_three_replicas_killed_under_load_loses_nothing_acknowledged() {
    const CLIENTS: usize = 4;
    const DOCUMENTS: usize = 75;
    let Some(url) = database("replica_killed") else {
        return;
    };
    let token = charte_registry::add_token(&url, SIREN_A, "test").unwrap();
    let mut servers: Vec<Option<Replica>> = (0..3)
        .map(|_| {
            Some(Replica(serve_binary(
                std::path::Path::new(&url),
                Stdio::null(),
            )))
        })
        .collect();
    let addrs: Vec<std::net::SocketAddr> = servers
        .iter()
        .map(|server| server.as_ref().unwrap().0 .1)
        .collect();
    let victim = 1;
    // (digest, receipt, replica that answered) of every 200 or 201 read in full.
    let acknowledged = std::sync::Mutex::new(Vec::<(String, Value, usize)>::new());
    let replays = std::sync::atomic::AtomicUsize::new(0);
    let acked_at_kill = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|thread| {
                let (addrs, token, acknowledged, replays) =
                    (&addrs, &token, &acknowledged, &replays);
                scope.spawn(move || {
                    let mut mine: Vec<(Value, Value)> = Vec::new();
                    for n in 0..DOCUMENTS {
                        let document = product_document(SIREN_A, &format!("p-{thread}-{n:03}"));
                        let (receipt, replica) =
                            submit_with_retries(addrs, token, thread + n, &document);
                        let digest = charte_registry::digest(&document);
                        acknowledged
                            .lock()
                            .unwrap()
                            .push((digest, receipt.clone(), replica));
                        mine.push((document, receipt));
                        // A replay of an earlier one now and then: the same receipt.
                        if n % 7 == 6 {
                            let (document, receipt) = &mine[n / 2];
                            let (again, _) = submit_with_retries(addrs, token, n, document);
                            assert_eq!(&again, receipt, "a replay answered another receipt");
                            replays.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        // Mid-run: once about a third is acknowledged, the victim among them.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let acked = acknowledged.lock().unwrap();
            let by_victim = acked.iter().filter(|(.., r)| *r == victim).count();
            if acked.len() >= CLIENTS * DOCUMENTS / 3 && by_victim > 0 {
                break;
            }
            drop(acked);
            assert!(
                std::time::Instant::now() < deadline,
                "too slow to kill mid-run"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        servers[victim] = None; // SIGKILL
        let at_kill = acknowledged.lock().unwrap().len();
        for client in clients {
            client.join().unwrap();
        }
        at_kill
    });
    let acknowledged = acknowledged.into_inner().unwrap();
    assert_eq!(acknowledged.len(), CLIENTS * DOCUMENTS);
    assert!(
        acked_at_kill < acknowledged.len(),
        "the kill came after the load"
    );
    assert!(replays.into_inner() > 0);

    // Every acknowledged submission, once, with its receipt.
    let survivor = Client {
        addr: addrs[0],
        token: Some(token.clone()),
    };
    for (digest, receipt, _) in &acknowledged {
        let stored = postgres_query(
            &url,
            &format!("SELECT id FROM submissions WHERE digest = '{digest}'"),
        );
        assert_eq!(stored, [receipt["id"].as_str().unwrap()], "{digest}");
        let id = receipt["id"].as_str().unwrap();
        let answer = survivor.get(&format!("/v1/submissions/{id}"));
        assert_eq!((answer.status, &answer.json()), (200, receipt));
    }
    // Nothing else, and nothing half-written: each row hashes to its digest
    // and heads its product (one document per product here).
    let count = |sql: &str| postgres_query(&url, sql)[0].parse::<usize>().unwrap();
    assert_eq!(
        count("SELECT count(*) FROM submissions"),
        acknowledged.len()
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM submissions
             WHERE encode(sha256(convert_to(document, 'UTF8')), 'hex') <> digest"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM submissions s LEFT JOIN heads h ON h.submission = s.seq
             WHERE h.submission IS NULL"
        ),
        0
    );
    assert_eq!(count("SELECT count(*) FROM heads"), acknowledged.len());
}

/// A `serve` process, killed with SIGKILL when dropped.
struct Replica((std::process::Child, std::net::SocketAddr));

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.0 .0.kill();
        let _ = self.0 .0.wait();
    }
}

/// Submits `document` to the replicas in turn from `start`, moving to the
/// next on a refused or broken connection, 409 or 503, for at most 30 s:
/// the receipt (of a 200 or a 201) and the replica that gave it.
fn submit_with_retries(
    addrs: &[std::net::SocketAddr],
    token: &str,
    start: usize,
    document: &Value,
) -> (Value, usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    for attempt in 0.. {
        let replica = (start + attempt) % addrs.len();
        let client = Client {
            addr: addrs[replica],
            token: Some(token.to_owned()),
        };
        match client.try_submit(document) {
            Ok(answer) if matches!(answer.status, 200 | 201) => return (answer.json(), replica),
            Ok(answer) if matches!(answer.status, 409 | 503) => {}
            Ok(answer) => panic!("answer {}: {:?}", answer.status, answer.json()),
            Err(_) => {}
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no replica stored {document}"
        );
        std::thread::sleep(std::time::Duration::from_millis(5 * (attempt as u64 % 4)));
    }
    unreachable!()
}

#[test]
fn the_database_refuses_to_update_or_delete_a_submission() {
    let Some(url) = database("append_only") else {
        return;
    };
    let (_registry, client) = registry_on(&url);
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

/// The log's entries take the next indexes, checked by the database for
/// each statement's entries together: a gap, inside a statement or after
/// the stored entries, is refused, as is an entry of no stored
/// submission, and the next indexes are taken.
#[test]
fn the_database_refuses_an_entry_out_of_turn() {
    let Some(url) = database("gap_free") else {
        return;
    };
    let (_registry, client) = registry_on(&url);
    assert_eq!(client.submit(&product_document(SIREN_A, "p")).status, 201);
    // Three rows the log lacks, to point entries at.
    let seqs = unlogged_submissions(&url, 3);
    let entry = |index: u64, seq: &str| format!("({index}, {seq}, 'd', 'i')");
    let insert = |rows: &[String]| {
        postgres_try(
            &url,
            &format!(
                "INSERT INTO log_entries (idx, submission, digest, id) VALUES {}",
                rows.join(", ")
            ),
        )
    };
    let refused = Err("the log is gap-free: an entry takes the next index".to_owned());
    assert_eq!(insert(&[entry(2, &seqs[0])]), refused, "after a gap");
    assert_eq!(
        insert(&[entry(1, "999999")]),
        Err("a log entry is of a stored submission".to_owned()),
        "of no stored submission"
    );
    assert_eq!(
        insert(&[entry(1, &seqs[0]), entry(3, &seqs[1])]),
        refused,
        "a gap inside the statement"
    );
    assert!(insert(&[entry(0, &seqs[0])]).is_err(), "a taken index");
    assert_eq!(
        insert(&[entry(2, &seqs[1]), entry(1, &seqs[0])]),
        Ok(vec![]),
        "the next two, in any order"
    );
    assert_eq!(
        postgres_query(&url, "SELECT count(*) || ' ' || max(idx) FROM log_entries"),
        ["3 2"]
    );
}

/// The log's reads and checks at each append keep plans that read the
/// primary keys' indexes, even when made on an empty log whose statistics
/// say so: a sequential scan, the planner's choice then, would read every
/// entry and checkpoint at each append once the log has grown.
#[test]
fn the_log_is_read_through_its_indexes_whatever_its_size_when_planned() {
    let Some(url) = database("log_plans") else {
        return;
    };
    charte_registry::add_token(&url, SIREN_A, "t").unwrap();
    // Seven submissions for entries to be of, then statistics of an empty
    // log.
    let seqs = unlogged_submissions(&url, 7);
    postgres_query(&url, "ANALYZE");
    // Each plan run (auto_explain, sent to this session as a notice): the
    // log's end read, then an entry appended, seven times, more than the
    // five after which a session may keep a generic plan.
    let appends: String = seqs
        .iter()
        .enumerate()
        .map(|(index, seq)| {
            format!(
                "SELECT * FROM log_end_read();
                 INSERT INTO log_entries (idx, submission, digest, id)
                 VALUES ({index}, {seq}, 'd', 'i');"
            )
        })
        .collect();
    let plans = postgres_notices(
        &url,
        &format!(
            "LOAD 'auto_explain';
             SET auto_explain.log_min_duration = 0;
             SET auto_explain.log_nested_statements = on;
             SET auto_explain.log_level = notice;
             BEGIN; {appends} ROLLBACK;"
        ),
    );
    let reads = |relation: &str| {
        plans
            .iter()
            .filter(|plan| {
                let words: Vec<&str> = plan.split_whitespace().collect();
                words.windows(2).any(|w| w == ["on", relation])
            })
            .count()
    };
    // Each read plans the log's entries, its end and its checkpoints; each
    // append's check, the entries and the submissions.
    for (relation, at_least) in [
        ("log_entries", 14),
        ("log_end", 7),
        ("log_checkpoints", 7),
        ("submissions", 7),
    ] {
        assert!(reads(relation) >= at_least, "{relation}: {plans:#?}");
    }
    for plan in &plans {
        assert!(!plan.contains("Seq Scan"), "{plan}");
    }
}

/// The `seq` of `count` new submissions of organization A, stored
/// directly (the log lacks them), of the database's first token.
fn unlogged_submissions(url: &str, count: u32) -> Vec<String> {
    let token = &postgres_query(url, "SELECT min(id) FROM tokens")[0];
    postgres_query(
        url,
        &format!(
            "INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document)
             SELECT 'x' || n, 'x' || n, '{SIREN_A}', 'x', '2026-01-01T00:00:00Z', {token}, '{{}}'
             FROM generate_series(1, {count}) n RETURNING seq"
        ),
    )
}

/// The notices the server sends while running `sql` (simple query).
fn postgres_notices(url: &str, sql: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, mut connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let notices = tokio::spawn(async move {
            let mut notices = Vec::new();
            while let Some(message) =
                std::future::poll_fn(|context| connection.poll_message(context)).await
            {
                if let tokio_postgres::AsyncMessage::Notice(notice) = message.unwrap() {
                    notices.push(notice.message().to_owned());
                }
            }
            notices
        });
        client.simple_query(sql).await.unwrap();
        drop(client);
        notices.await.unwrap()
    })
}

/// Each append keeps the log's end in one row, which the next reads
/// instead of the stored hashes; a row another writer left behind or
/// altered is not trusted (it must be the end of the stored entries and of
/// the latest checkpoint signed): the end is read again from the stored
/// hashes.
#[test]
fn the_log_end_kept_is_read_again_when_it_is_not_the_stored_one() {
    let Some(url) = database("log_end") else {
        return;
    };
    let (_registry, client) = registry_on(&url);
    let kept = || postgres_query(&url, "SELECT size || ' ' || length(frontier) FROM log_end");
    for (n, product) in ["a", "b", "c"].iter().enumerate() {
        let answer = client.submit(&product_document(SIREN_A, product));
        assert_eq!(answer.status, 201);
        assert_proves_its_entry(&answer.json());
        let size = n + 1;
        assert_eq!(kept(), [format!("{size} {}", 32 * size.count_ones())]);
    }
    for stale in [
        // Behind the entries.
        "UPDATE log_end SET size = 1, frontier = substr(frontier, 1, 32)",
        // The right size, other hashes (the tree of 4 has one).
        "UPDATE log_end SET frontier = decode(repeat('00', 32), 'hex')",
    ] {
        postgres_query(&url, stale);
        let answer = client.submit(&product_document(SIREN_A, &format!("p{}", stale.len())));
        assert_eq!(answer.status, 201);
        assert_proves_its_entry(&answer.json());
    }
    let stdout = assert_groups_in_row_order_and_verified(&url);
    assert!(stdout.contains("verifies: 5 entries"), "{stdout}");
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
    let (_registry, client) = registry_on(&url);
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
    let (registry, client) = registry_on(&url);
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

/// `load` into PostgreSQL: the fixture's dump (a withdrawal, and a replay
/// that made an older document head again) restored into an empty
/// database dumps byte for byte the same; a database that holds
/// submissions is refused, and an altered dump stores nothing.
#[test]
fn a_dump_loads_into_postgresql_and_dumps_the_same() {
    let Some(url) = database("load") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("registry.sqlite3");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/registry-v1.sqlite3"
        ),
        &sqlite,
    )
    .unwrap();
    let run = |args: &[&str]| registry_command().args(args).output().unwrap();
    let dump = |db: &str| {
        let output = run(&["dump", "--db", db]);
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let original = dump(sqlite.to_str().unwrap());
    assert_eq!(original.lines().count(), 7);
    let file = dir.path().join("dump.jsonl");
    std::fs::write(&file, &original).unwrap();
    let file = file.to_str().unwrap();

    let output = run(&["load", "--db", &url, file]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("restored 7 submissions into {url}\n")
    );
    assert_eq!(dump(&url), original);
    assert_eq!(
        postgres_query(
            &url,
            "SELECT count(*) FROM tokens WHERE revoked IS NULL OR label <> 'restored from a dump'"
        ),
        ["0"]
    );
    // The log is rebuilt from the dump, entry for entry and hash for hash
    // as `load` rebuilds it into SQLite.
    let restored = dir.path().join("restored.sqlite3");
    let output = run(&["load", "--db", restored.to_str().unwrap(), file]);
    assert!(output.status.success(), "{output:?}");
    let sqlite_rows = |sql: &str| -> Vec<String> {
        let conn = rusqlite::Connection::open(&restored).unwrap();
        let mut statement = conn.prepare(sql).unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let entries = "SELECT idx || ' ' || digest || ' ' || id FROM log_entries ORDER BY idx";
    assert_eq!(postgres_query(&url, entries).len(), 7);
    assert_eq!(postgres_query(&url, entries), sqlite_rows(entries));
    assert_eq!(
        postgres_query(
            &url,
            "SELECT level || ' ' || idx || ' ' || encode(hash, 'hex') FROM log_hashes ORDER BY level, idx"
        ),
        sqlite_rows(
            "SELECT level || ' ' || idx || ' ' || lower(hex(hash)) FROM log_hashes ORDER BY level, idx"
        )
    );

    let output = run(&["load", "--db", &url, file]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: {url} already holds 7 submissions: load restores a dump into an empty \
             database (create an empty database and give its URL)\n"
        )
    );
    assert_eq!(dump(&url), original);

    let Some(other) = database("load") else {
        return;
    };
    let altered = dir.path().join("altered.jsonl");
    std::fs::write(&altered, original.replacen("5.3.0", "5.3.1", 1)).unwrap();
    let output = run(&["load", "--db", &other, altered.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: {} line 4: the document's digest is ",
            altered.display()
        )),
        "{stderr}"
    );
    assert_eq!(dump(&other), "");
    assert_eq!(postgres_query(&other, "SELECT count(*) FROM tokens"), ["0"]);
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

/// Three `serve` processes on `url`, and `clients` clients spread over
/// them, released together, client `i` submitting one new product
/// document for each id `products(i)` gives, in turn: the processes and
/// every receipt (each submission answered 201).
fn submit_across_three_processes(
    url: &str,
    clients: usize,
    products: impl Fn(usize) -> Vec<String> + Sync,
) -> (Vec<(std::process::Child, std::net::SocketAddr)>, Vec<Value>) {
    let token = charte_registry::add_token(url, SIREN_A, "test").unwrap();
    let servers: Vec<_> = (0..3)
        .map(|_| serve_binary(std::path::Path::new(url), Stdio::null()))
        .collect();
    let barrier = std::sync::Barrier::new(clients);
    let receipts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|i| {
                let client = Client {
                    addr: servers[i % 3].1,
                    token: Some(token.clone()),
                };
                let (barrier, products) = (&barrier, &products);
                scope.spawn(move || {
                    let documents: Vec<_> = products(i)
                        .iter()
                        .map(|product| product_document(SIREN_A, product))
                        .collect();
                    barrier.wait();
                    documents
                        .iter()
                        .map(|document| {
                            let answer = client.submit(document);
                            assert_eq!(answer.status, 201, "{:?}", answer.json());
                            answer.json()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    (servers, receipts)
}

/// That the entries of each group of submissions (a checkpoint ends each)
/// are in the order of their rows, and that `log verify` passes on `url`;
/// what it printed. Groups of different processes are in the order of
/// their commits, not of their rows.
fn assert_groups_in_row_order_and_verified(url: &str) -> String {
    let order = postgres_query(
        url,
        "SELECT count(*) FROM log_entries a JOIN log_entries b ON b.idx = a.idx + 1
         WHERE b.submission < a.submission
           AND NOT EXISTS (SELECT 1 FROM log_checkpoints c WHERE c.size = b.idx)",
    );
    assert_eq!(order, ["0"]);
    let key = crate::support::test_verifier().to_string();
    let out = registry_command()
        .args(["log", "verify", "--db", url, "--key", &key])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}");
    stdout
}

#[test]
fn three_serve_processes_append_thirty_submissions_to_one_gap_free_log() {
    let Some(url) = database("one_gap_free_log") else {
        return;
    };
    let (servers, receipts) =
        submit_across_three_processes(&url, 30, |i| vec![format!("produit-{i}")]);
    let mut indexes: Vec<u64> = receipts
        .iter()
        .map(|receipt| receipt["log"]["index"].as_u64().unwrap())
        .collect();
    indexes.sort_unstable();
    assert_eq!(indexes, (0..30).collect::<Vec<_>>());
    // Each receipt proves its entry in the checkpoint it carries, that of
    // the tree its group of submissions ended.
    for receipt in &receipts {
        assert_proves_its_entry(receipt);
    }
    let stdout = assert_groups_in_row_order_and_verified(&url);
    // One checkpoint at start, then one per group of submissions.
    let checkpoints = postgres_query(&url, "SELECT count(*) FROM log_checkpoints");
    assert!(
        stdout.contains(&format!(
            "verifies: 30 entries, {} checkpoints",
            checkpoints[0]
        )),
        "{stdout}"
    );
    for (mut child, _) in servers {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// That `receipt`'s log proof verifies: its entry (digest and id), at its
/// index, under the root of the checkpoint it carries, signed by the test
/// key.
fn assert_proves_its_entry(receipt: &Value) {
    let checkpoint = crate::log::verify_receipt(receipt);
    assert!(
        receipt["log"]["index"].as_u64().unwrap() < checkpoint.size,
        "{receipt}"
    );
}

/// Ninety distinct submissions at once across three processes, whose
/// concurrent submissions share transactions: every one stored once, one
/// leaf each, every receipt's proof verifies against its checkpoint, and
/// `log verify` agrees.
#[test]
fn three_serve_processes_group_ninety_concurrent_submissions_into_one_log() {
    let Some(url) = database("group_ninety") else {
        return;
    };
    let (servers, receipts) = submit_across_three_processes(&url, 45, |i| {
        (0..2).map(|n| format!("produit-{i}-{n}")).collect()
    });
    let mut indexes: Vec<u64> = receipts
        .iter()
        .map(|receipt| receipt["log"]["index"].as_u64().unwrap())
        .collect();
    indexes.sort_unstable();
    assert_eq!(indexes, (0..90).collect::<Vec<_>>());
    for receipt in &receipts {
        assert_proves_its_entry(receipt);
    }
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        ["90"]
    );
    assert_eq!(
        postgres_query(&url, "SELECT count(DISTINCT digest) FROM submissions"),
        ["90"]
    );
    assert_eq!(
        postgres_query(
            &url,
            "SELECT count(*) FROM log_entries e JOIN submissions s ON s.seq = e.submission"
        ),
        ["90"]
    );
    let stdout = assert_groups_in_row_order_and_verified(&url);
    assert!(stdout.contains("verifies: 90 entries"), "{stdout}");
    // The dump is in the log's order, not the rows': loaded into an empty
    // database, it rebuilds the same log, entry for entry.
    let dir = tempfile::tempdir().unwrap();
    let (file, sqlite) = (dir.path().join("dump.jsonl"), dir.path().join("db"));
    let output = registry_command()
        .args(["dump", "--db", &url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::fs::write(&file, &output.stdout).unwrap();
    let output = registry_command()
        .args(["load", "--db", sqlite.to_str().unwrap()])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let entries = "SELECT idx || ' ' || digest || ' ' || id FROM log_entries ORDER BY idx";
    let restored: Vec<String> = {
        let conn = rusqlite::Connection::open(&sqlite).unwrap();
        let mut statement = conn.prepare(entries).unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    assert_eq!(restored.len(), 90);
    assert_eq!(restored, postgres_query(&url, entries));
    for (mut child, _) in servers {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Submissions the database refuses (an unknown token) among concurrent
/// ones in one process, and digests repeated by other threads: each
/// refused one is answered with its error and stores nothing, every other
/// one is stored once with its leaf, repeats are answered as replays, and
/// every proof verifies.
#[test]
fn refused_members_of_a_postgresql_group_lose_none_of_the_others() {
    use charte_registry::storage::{Canonical, Storage};
    use charte_registry::store::{NewSubmission, Outcome};
    let Some(url) = database("group_refused") else {
        return;
    };
    let (store, _) = charte_registry::postgres::PgStore::open(&url, 8).unwrap();
    let token = store.insert_token("h", SIREN_A, "").unwrap();
    let signer = crate::support::test_signer();
    store.log_start(&signer).unwrap();
    let refused = std::sync::atomic::AtomicUsize::new(0);
    let receipts = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let (store, refused, signer, receipts) = (&store, &refused, &signer, &receipts);
            scope.spawn(move || {
                for n in 0..30 {
                    let bad = n % 7 == 3;
                    // Every tenth one repeats a digest of every thread.
                    let digest = if n % 10 == 9 {
                        format!("{:064x}", n)
                    } else {
                        format!("{:032x}{:032x}", thread + 1, n)
                    };
                    let product = format!("p-{thread}-{n}");
                    let submission = NewSubmission {
                        digest: &digest,
                        siren: SIREN_A,
                        product: Some(&product),
                        token_id: if bad { token + 1000 } else { token },
                        canonical: Canonical::new("{}"),
                        withdrawn: false,
                        directory: None,
                    };
                    let result = store.submit(&submission, &format!("sub_{thread}_{n}"), signer);
                    if bad {
                        let err = result.expect_err("a submission of an unknown token");
                        assert!(format!("{err:#}").contains("foreign key"), "{err:#}");
                        refused.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        continue;
                    }
                    let (receipt, outcome) = result.unwrap();
                    if n % 10 == 9 {
                        assert!(matches!(outcome, Outcome::Created | Outcome::Replayed));
                    } else {
                        assert_eq!(outcome, Outcome::Created);
                    }
                    receipts
                        .lock()
                        .unwrap()
                        .push(serde_json::to_value(&receipt).unwrap());
                }
            });
        }
    });
    assert_eq!(refused.load(std::sync::atomic::Ordering::SeqCst), 8 * 4);
    // 30 a thread, 4 refused, 3 shared among the threads.
    let stored = 8 * (30 - 4 - 3) + 3;
    assert_eq!(
        postgres_query(&url, "SELECT count(DISTINCT digest) FROM submissions"),
        [stored.to_string()]
    );
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        [stored.to_string()]
    );
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM log_entries"),
        [stored.to_string()]
    );
    let receipts = receipts.into_inner().unwrap();
    assert_eq!(receipts.len(), 8 * 26);
    for receipt in &receipts {
        assert_proves_its_entry(receipt);
    }
    let report =
        charte_registry::log::audit::verify(&store.log_contents().unwrap(), &[signer.verifier()]);
    assert_eq!(report.entries, stored as u64);
    // The documents here are not those of their digests: that is the only
    // problem the audit may find.
    let others: Vec<_> = report
        .problems
        .iter()
        .filter(|problem| !problem.ends_with("the document was altered in the database"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
}

/// A group whose connection is lost while a member is stored: the member
/// already done, waiting for the group's commit, is answered with an error
/// too, and nothing of the group is stored; the next group stores.
#[test]
fn a_group_that_loses_its_connection_stores_none_of_its_members() {
    use charte_registry::storage::{Canonical, Storage};
    use charte_registry::store::NewSubmission;
    let Some(url) = database("group_lost") else {
        return;
    };
    let (store, _) = charte_registry::postgres::PgStore::open(&url, 8).unwrap();
    let token = store.insert_token("h", SIREN_A, "").unwrap();
    let signer = crate::support::test_signer();
    store.log_start(&signer).unwrap();
    let submit = |digest: &str, product: &str| {
        store.submit(
            &NewSubmission {
                digest,
                siren: SIREN_A,
                product: Some(product),
                token_id: token,
                canonical: Canonical::new("{}"),
                withdrawn: false,
                directory: None,
            },
            &format!("sub_{digest}"),
            &signer,
        )
    };
    submit(&format!("{:064x}", 1), "a").unwrap();
    submit(&format!("{:064x}", 2), "b").unwrap();
    // Another connection holds uncommitted rows of the digests the two
    // members will store (12, then 11 in a savepoint): each member's insert
    // waits for that connection, on the digests' unique index.
    let held = |digest: u32| {
        format!(
            "INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document)
             VALUES ('held_{digest}', '{digest:064x}', '{SIREN_A}', 'held', '2026-01-01T00:00:00Z', {token}, '{{}}')"
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let holder = runtime.block_on(async {
        let (holder, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        holder
            .batch_execute(&format!("BEGIN; {}; SAVEPOINT a; {}", held(12), held(11)))
            .await
            .unwrap();
        holder
    });
    let waiting = || {
        postgres_query(
            &url,
            "SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE NOT l.granted AND a.datname = current_database()",
        )
    };
    let until_waiting = || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let pids = waiting();
            if let Some(pid) = pids.first() {
                return pid.clone();
            }
            assert!(std::time::Instant::now() < deadline, "no member waits");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    let (first, second) = std::thread::scope(|scope| {
        // The first member waits for the row of 11, holding the group.
        let first = scope.spawn(|| submit(&format!("{:064x}", 11), "a"));
        until_waiting();
        // The second waits for the group meanwhile.
        let second = scope.spawn(|| submit(&format!("{:064x}", 12), "b"));
        std::thread::sleep(std::time::Duration::from_millis(1000));
        // The first is stored in the group, which stays open for the
        // second; the second waits for the row of 12: its connection lost.
        runtime
            .block_on(holder.batch_execute("ROLLBACK TO SAVEPOINT a"))
            .unwrap();
        let pid = until_waiting();
        postgres_query(&url, &format!("SELECT pg_terminate_backend({pid})"));
        (first.join().unwrap(), second.join().unwrap())
    });
    let first = first.expect_err("the first member's group was lost");
    assert!(
        format!("{first:#}").contains("the transaction of this submission failed"),
        "{first:#}"
    );
    second.expect_err("the second member's connection was lost");
    runtime.block_on(holder.batch_execute("ROLLBACK")).unwrap();
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM submissions"),
        ["2"]
    );
    assert_eq!(
        postgres_query(&url, "SELECT count(*) FROM log_entries"),
        ["2"]
    );
    let (receipt, _) = submit(&format!("{:064x}", 11), "a").unwrap();
    assert_eq!(receipt.log.unwrap().index, 2);
}
