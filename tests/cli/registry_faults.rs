//! `charte submit` under faults, through a misbehaving proxy in front of the
//! reference registry: lost answers, 5xx, 4xx, 429, concurrent runs, reused
//! keys, a registry that stops mid-run. A submission is never lost nor
//! recorded twice.

use std::time::Duration;

use crate::proxy::{Action, Proxy};
use crate::registry::{results, Env};
use crate::support::{stderr, stdout};

/// The submissions the proxy saw.
fn posts(proxy: &Proxy) -> Vec<crate::proxy::Seen> {
    proxy
        .seen("/v1/submissions")
        .into_iter()
        .filter(|s| s.method == "POST")
        .collect()
}

/// `submit --product exemple-lgc` through the proxy, token from the environment.
fn submit_one(env: &Env, proxy: &Proxy) -> assert_cmd::assert::Assert {
    env.with_token(&[
        "submit",
        "--product",
        "exemple-lgc",
        "--registry",
        &proxy.url(),
    ])
}

#[test]
fn a_lost_answer_is_retried_and_the_submission_stored_once() {
    let env = Env::start();
    // The latest receipts, then the submission: processed, answer lost.
    let proxy = Proxy::start(env.addr(), vec![Action::Forward, Action::ForwardThenDrop]);
    let a = submit_one(&env, &proxy).success();
    let rows = results(&stdout(&a));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "replayed", "{}", stdout(&a));
    assert_eq!(posts(&proxy).len(), 2);
    assert_eq!(env.stored(), 1);
    assert_eq!(env.logged("POST /v1/submissions 201"), 1);
    assert_eq!(env.logged("POST /v1/submissions 200"), 1);
    // The receipt of the replay is the one stored the first time.
    let saved = env.receipt(Some("exemple-lgc")).unwrap();
    assert_eq!(saved["receipt"]["id"].as_str().unwrap(), rows[0].2);
}

#[test]
fn server_errors_are_retried_until_accepted() {
    let env = Env::start();
    let proxy = Proxy::start(
        env.addr(),
        vec![Action::Forward, Action::status(503), Action::status(503)],
    );
    let a = submit_one(&env, &proxy).success();
    let out = stdout(&a);
    assert_eq!(results(&out)[0].1, "accepted", "{out}");
    assert!(out.contains("after 3 attempts"), "{out}");
    assert_eq!(posts(&proxy).len(), 3);
    assert_eq!(env.stored(), 1);
}

#[test]
fn retries_are_told_with_verbose() {
    let env = Env::start();
    let proxy = Proxy::start(env.addr(), vec![Action::Forward, Action::status(503)]);
    let a = env
        .with_token(&[
            "-v",
            "submit",
            "--product",
            "exemple-lgc",
            "--registry",
            &proxy.url(),
        ])
        .success();
    let err = stderr(&a);
    assert!(
        err.contains("retrying exemple-lgc in ")
            && err.contains("(attempt 1 failed: 503: injected 503)"),
        "{err}"
    );
}

#[test]
fn a_client_error_is_not_retried() {
    let env = Env::start();
    let proxy = Proxy::start(env.addr(), vec![Action::Forward, Action::status(400)]);
    let a = submit_one(&env, &proxy).code(4);
    assert_eq!(posts(&proxy).len(), 1);
    assert_eq!(results(&stdout(&a))[0].1, "failed");
    let err = stderr(&a);
    assert!(
        err.contains("1 of 1 submission failed:\n  exemple-lgc: 400: injected 400"),
        "{err}"
    );
    assert_eq!(env.stored(), 0);
}

#[test]
fn retry_after_is_honoured() {
    let env = Env::start();
    let proxy = Proxy::start(
        env.addr(),
        vec![
            Action::Forward,
            Action::Respond {
                status: 429,
                headers: vec![("retry-after", "1".to_string())],
                body: r#"{"error":{"code":"rate_limited","message":"slow down","details":[]}}"#
                    .to_string(),
            },
        ],
    );
    submit_one(&env, &proxy).success();
    let posts = posts(&proxy);
    assert_eq!(posts.len(), 2);
    // The protocol's floor: not before the second the registry asked for.
    assert!(
        posts[1].at.duration_since(posts[0].at) >= Duration::from_secs(1),
        "{:?}",
        posts[1].at.duration_since(posts[0].at)
    );
    assert_eq!(env.stored(), 1);
}

#[test]
fn twenty_concurrent_runs_store_each_document_once() {
    let env = Env::start();
    let runs: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..20)
            .map(|_| {
                scope.spawn(|| {
                    let a = env
                        .with_token(&["submit", "--registry", env.url()])
                        .success();
                    results(&stdout(&a))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(env.stored(), 4);
    assert_eq!(env.logged("POST /v1/submissions 201"), 4);
    // Every run got the same receipt for each document.
    for rows in &runs[1..] {
        let ids = |rows: &Vec<(String, String, String)>| -> Vec<(String, String)> {
            rows.iter().map(|r| (r.0.clone(), r.2.clone())).collect()
        };
        assert_eq!(ids(rows), ids(&runs[0]));
    }
    let accepted: usize = runs.iter().flatten().filter(|r| r.1 == "accepted").count();
    assert_eq!(accepted, 4);
}

#[test]
fn a_key_reused_with_another_body_is_refused_once() {
    use charte::registry::client::Registry;
    use charte::registry::credentials::Token;
    use charte::registry::document::Submission;

    let env = Env::start();
    let out = stdout(
        &env.charte()
            .args(["--offline", "submit", "--dry-run"])
            .assert()
            .success(),
    );
    let docs: Vec<Submission> = out
        .lines()
        .map(|line| {
            let document: serde_json::Value = serde_json::from_str(line).unwrap();
            Submission {
                product: document["product"]["id"].as_str().map(str::to_string),
                digest: charte_registry::digest(&document),
                body: line.to_string(),
                document,
            }
        })
        .collect();
    let proxy = Proxy::start(env.addr(), vec![]);
    let api = charte::net::Api::new().unwrap();
    let token = Token::new(&env.token).unwrap();
    let url = charte::net::Url::parse(&proxy.url()).unwrap();
    let registry = Registry::new(&api, &url, &token);
    registry.submit(&docs[1], crate::registry::SIREN).unwrap();
    // The key of one document on the body of another.
    let forged = Submission {
        digest: docs[1].digest.clone(),
        ..docs[2].clone()
    };
    let failure = registry
        .submit(&forged, crate::registry::SIREN)
        .unwrap_err();
    assert_eq!(failure.status, Some(422), "{failure}");
    assert_eq!(failure.attempts, 1);
    assert_eq!(posts(&proxy).len(), 2);
    assert_eq!(env.stored(), 1);
}

#[test]
fn a_registry_that_stops_mid_run_fails_the_rest_and_a_rerun_completes() {
    let mut env = Env::start();
    // The latest receipts and two submissions get through; then the
    // registry is gone: every further connection is closed unanswered
    // (two documents, six attempts each).
    let mut plan = vec![Action::Forward, Action::Forward, Action::Forward];
    plan.extend(std::iter::repeat_n(Action::Drop, 12));
    let proxy = Proxy::start(env.addr(), plan);
    let a = env
        .with_token(&["submit", "--registry", &proxy.url()])
        .code(4);
    let out = stdout(&a);
    let err = stderr(&a);
    let rows = results(&out);
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| r.1 == "failed")
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(failed.len(), 2, "{out}");
    assert!(err.contains("2 of 4 submissions failed:"), "{err}");
    for product in &failed {
        assert!(
            err.contains(&format!("\n  {product}: ")),
            "{product} in {err}"
        );
    }
    assert!(err.contains("gave up after 6 attempts"), "{err}");
    assert!(
        err.contains("run `charte submit` again to send what failed"),
        "{err}"
    );
    assert_eq!(env.stored(), 2);
    // What the registry holds is what was reported accepted, receipts saved.
    let held: Vec<String> = env
        .latest()
        .into_iter()
        .map(|(p, _)| p.unwrap_or_else(|| "(organization)".into()))
        .collect();
    for r in &rows {
        assert_eq!(held.contains(&r.0), r.1 == "accepted", "{}", r.0);
        let product = (r.0 != "(organization)").then_some(r.0.as_str());
        assert_eq!(env.receipt(product).is_some(), r.1 == "accepted", "{}", r.0);
    }

    // The registry comes back (same database, new address): a re-run sends
    // only what it lacks.
    env.restart();
    let a = env
        .with_token(&["submit", "--registry", env.url()])
        .success();
    let rows = results(&stdout(&a));
    for r in &rows {
        let expected = if failed.contains(&r.0.as_str()) {
            "accepted"
        } else {
            "already held"
        };
        assert_eq!(r.1, expected, "{}", r.0);
    }
    assert_eq!(env.stored(), 4);
}
