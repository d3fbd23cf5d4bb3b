//! Authentication and authorization, secrets kept out of the log, body and
//! rate limits.

use crate::support::{commitments_document, product_document, request, Registry, SIREN_A, SIREN_B};

#[test]
fn requests_without_a_valid_token_are_401() {
    let registry = Registry::start();
    let document = product_document(SIREN_A, "exemple-lgc");
    let latest = format!("/v1/organizations/{SIREN_A}/submissions/latest");
    for client in [
        registry.client(None),
        registry.client(Some(
            "chr_0000000000000000000000000000000000000000000000000000000000000000",
        )),
        registry.client(Some("")),
    ] {
        for answer in [
            client.submit(&document),
            client.validate(&document),
            client.get(&latest),
            client.get("/v1/submissions/sub_x"),
        ] {
            assert_eq!(
                (answer.status, answer.error_code().as_str()),
                (401, "unauthorized")
            );
            assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
        }
    }
    let token = registry.token(SIREN_A);
    let basic = request(
        registry.addr(),
        "GET",
        &latest,
        &[("Authorization", &format!("Basic {token}"))],
        None,
    );
    assert_eq!(basic.status, 401);
    assert_eq!(registry.stored_submissions(), 0);
}

#[test]
fn organizations_are_kept_apart() {
    let registry = Registry::start();
    let a = registry.client(Some(&registry.token(SIREN_A)));
    let b = registry.client(Some(&registry.token(SIREN_B)));

    let foreign = a.submit(&product_document(SIREN_B, "produit-b"));
    assert_eq!(
        (foreign.status, foreign.error_code().as_str()),
        (403, "forbidden")
    );
    assert_eq!(a.validate(&commitments_document(SIREN_B)).status, 403);
    assert_eq!(registry.stored_submissions(), 0);

    let b_receipt = b.submit(&product_document(SIREN_B, "produit-b"));
    assert_eq!(b_receipt.status, 201);
    let b_id = b_receipt.json()["id"].as_str().unwrap().to_owned();

    let b_latest = format!("/v1/organizations/{SIREN_B}/submissions/latest");
    let read = a.get(&b_latest);
    assert_eq!(
        (read.status, read.error_code().as_str()),
        (403, "forbidden")
    );
    assert_eq!(
        a.get("/v1/organizations/not-a-siren/submissions/latest")
            .status,
        403
    );
    assert_eq!(b.get(&b_latest).status, 200);

    let receipt = a.get(&format!("/v1/submissions/{b_id}"));
    assert_eq!(
        (receipt.status, receipt.error_code().as_str()),
        (404, "not_found")
    );
    assert_eq!(b.get(&format!("/v1/submissions/{b_id}")).status, 200);
}

#[test]
fn revoked_tokens_are_refused_at_once() {
    let registry = Registry::start();
    let token = registry.token(SIREN_A);
    let client = registry.client(Some(&token));
    assert_eq!(client.validate(&commitments_document(SIREN_A)).status, 200);
    let id = charte_registry::list_tokens(&registry.db).unwrap()[0].id;
    charte_registry::revoke_token(&registry.db, id).unwrap();
    assert_eq!(
        client.validate(&commitments_document(SIREN_A)).error_code(),
        "unauthorized"
    );
    assert!(charte_registry::revoke_token(&registry.db, id + 100).is_err());
}

#[test]
fn tokens_never_reach_the_log() {
    let registry = Registry::start();
    let token = registry.token(SIREN_A);
    let canary = "chr_canary5e1f0c7d2b9a4e8f6c3d1b0a9e8f7c6d5b4a3f2e1d0c9b8a7f6e5d4c3b2a";
    let client = registry.client(Some(&token));
    let stranger = registry.client(Some(canary));
    let document = product_document(SIREN_A, "exemple-lgc");
    assert_eq!(client.submit(&document).status, 201);
    assert_eq!(client.submit(&document).status, 200);
    assert_eq!(stranger.submit(&document).status, 401);
    assert_eq!(
        stranger
            .get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"))
            .status,
        401
    );
    let unauthenticated = stranger.get("/v1/submissions/sub_x");
    assert!(!String::from_utf8_lossy(&unauthenticated.body).contains(canary));

    let log = registry.log.contents();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 5, "one line per request:\n{log}");
    assert!(
        lines[0].contains(" POST /v1/submissions 201 ") && lines[0].ends_with("ms"),
        "{log}"
    );
    assert!(
        lines[3].contains(&format!(
            " GET /v1/organizations/{SIREN_A}/submissions/latest 401 "
        )),
        "{log}"
    );
    for secret in [canary, token.as_str(), "Bearer", "chr_"] {
        assert!(
            !log.contains(secret),
            "{secret:?} leaked into the log:\n{log}"
        );
    }
}

#[test]
fn bodies_over_the_limit_are_413() {
    let registry = Registry::start_with(|config| config.max_body(2048));
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let mut document = product_document(SIREN_A, "exemple-lgc");
    assert_eq!(client.submit(&document).status, 201);
    document["padding"] = "x".repeat(3000).into();
    let answer = client.submit(&document);
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (413, "payload_too_large")
    );
    // Large enough that the server must drain it to answer cleanly.
    let huge = vec![b' '; 3 * 1024 * 1024];
    let answer = client.post("/v1/submissions/validate", &huge, &[]);
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (413, "payload_too_large")
    );
    assert_eq!(registry.stored_submissions(), 1);
}

#[test]
fn the_default_limit_is_one_mebibyte() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let mut document = commitments_document(SIREN_A);
    document["padding"] = serde_json::Value::Array(vec!["y".repeat(1000).into(); 1100]);
    assert_eq!(client.validate(&document).status, 413);
    document["padding"] = serde_json::Value::Array(vec!["y".repeat(1000).into(); 1000]);
    assert_eq!(client.validate(&document).status, 200);
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let registry = Registry::start_with(|config| config.rate_limit(2));
    let a = registry.client(Some(&registry.token(SIREN_A)));
    let b = registry.client(Some(&registry.token(SIREN_B)));
    let document = commitments_document(SIREN_A);
    assert_eq!(a.validate(&document).status, 200);
    assert_eq!(a.validate(&document).status, 200);
    let limited = a.validate(&document);
    assert_eq!(
        (limited.status, limited.error_code().as_str()),
        (429, "rate_limited")
    );
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry_after));
    // Per token; reads are not limited.
    assert_eq!(b.validate(&commitments_document(SIREN_B)).status, 200);
    assert_eq!(
        a.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"))
            .status,
        200
    );
}
