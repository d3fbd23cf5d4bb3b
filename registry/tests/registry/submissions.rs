//! Submitting, replaying, listing the latest and reading receipts;
//! validation without storage; request shapes the registry refuses.

use serde_json::{json, Value};

use crate::support::{commitments_document, product_document, Registry, SIREN_A, SIREN_B};

/// An entry of `latest`: the receipt with the counts its document declared.
/// A receipt as `latest` lists it: with the document's counts, without
/// the receipt's log proof.
fn head(receipt: &Value, document: &Value) -> Value {
    let mut head = without_log(receipt);
    head["counts"] = document["counts"].clone();
    head
}

fn without_log(receipt: &Value) -> Value {
    let mut receipt = receipt.clone();
    receipt.as_object_mut().unwrap().remove("log");
    receipt
}

#[test]
fn submit_replay_latest_and_get() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");

    let created = client.submit(&document);
    assert_eq!(created.status, 201, "{:?}", created.json());
    let receipt = created.json();
    let id = receipt["id"].as_str().unwrap();
    assert!(id.starts_with("sub_"), "{id}");
    assert_eq!(
        receipt["digest"],
        charte_registry::digest(&document).as_str()
    );
    assert_eq!(receipt["organization"], SIREN_A);
    assert_eq!(receipt["product"], "exemple-lgc");
    let received_at = receipt["received_at"].as_str().unwrap();
    assert!(
        received_at.len() == 20 && received_at.ends_with('Z') && received_at.as_bytes()[10] == b'T'
    );
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/submissions/{id}").as_str())
    );

    let replayed = client.submit(&document);
    assert_eq!(replayed.status, 200);
    assert_eq!(replayed.json(), receipt);

    let commitments = client.submit(&commitments_document(SIREN_A));
    assert_eq!(commitments.status, 201);
    assert_eq!(commitments.json()["product"], Value::Null);

    let latest = client.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"));
    assert_eq!(latest.status, 200);
    assert_eq!(
        latest.json(),
        json!([
            head(&commitments.json(), &commitments_document(SIREN_A)),
            head(&receipt, &document)
        ])
    );

    let fetched = client.get(&format!("/v1/submissions/{id}"));
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.json(), receipt);
    assert_eq!(
        client.get("/v1/submissions/sub_unknown").error_code(),
        "not_found"
    );
    assert_eq!(registry.stored_submissions(), 2);
}

#[test]
fn latest_is_the_last_accepted_document_of_each_product() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let first = product_document(SIREN_A, "exemple-lgc");
    let mut second = first.clone();
    second["product"]["version"] = json!("5.3.0");
    let latest = || {
        client
            .get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"))
            .json()
    };

    assert_eq!(latest(), json!([]));
    let first_receipt = client.submit(&first).json();
    let second_receipt = client.submit(&second).json();
    assert_eq!(latest(), json!([head(&second_receipt, &second)]));
    // Going back to the first document: a replay, which is current again.
    let again = client.submit(&first);
    assert_eq!((again.status, again.json()), (200, first_receipt.clone()));
    assert_eq!(latest(), json!([head(&first_receipt, &first)]));
    assert_eq!(registry.stored_submissions(), 2);
}

#[test]
fn a_withdrawal_is_recorded_and_heads_its_product_until_submitted_again() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let withdrawal = |siren: &str| {
        json!({
            "schema": 2,
            "organization": { "siren": siren, "name": "Exemple Santé SAS" },
            "product": { "id": "exemple-lgc" },
            "withdrawn": true
        })
    };
    let latest = || {
        client
            .get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"))
            .json()
    };
    // Nothing submitted yet: nothing to withdraw, nothing stored.
    let refused = client.submit(&withdrawal(SIREN_A));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.error_code(), "nothing_to_withdraw");
    assert_eq!(
        client.validate(&withdrawal(SIREN_A)).error_code(),
        "nothing_to_withdraw"
    );
    assert_eq!(registry.stored_submissions(), 0);

    let document = product_document(SIREN_A, "exemple-lgc");
    let declared = client.submit(&document).json();
    assert_eq!(client.validate(&withdrawal(SIREN_A)).status, 200);
    // Another organization's product is not this token's to withdraw.
    let other = client.submit(&withdrawal(SIREN_B));
    assert_eq!(other.status, 403);
    assert_eq!(registry.stored_submissions(), 1);

    let withdrawn = client.submit(&withdrawal(SIREN_A));
    assert_eq!(withdrawn.status, 201, "{:?}", withdrawn.json());
    let receipt = withdrawn.json();
    assert_eq!(receipt["withdrawn"], true);
    assert_eq!(receipt["product"], "exemple-lgc");
    assert_eq!(
        receipt["digest"],
        charte_registry::digest(&withdrawal(SIREN_A)).as_str()
    );
    assert_eq!(registry.stored_submissions(), 2);
    assert_eq!(latest(), json!([without_log(&receipt)]));
    let id = receipt["id"].as_str().unwrap();
    assert_eq!(client.get(&format!("/v1/submissions/{id}")).json(), receipt);
    // The same withdrawal again is a replay.
    let again = client.submit(&withdrawal(SIREN_A));
    assert_eq!((again.status, again.json()), (200, receipt.clone()));

    // Submitted again, the product is listed again; nothing was removed.
    let back = client.submit(&document);
    assert_eq!((back.status, back.json()), (200, declared.clone()));
    assert_eq!(latest(), json!([head(&declared, &document)]));
    assert_eq!(registry.stored_submissions(), 2);
}

#[test]
fn validate_stores_nothing() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");

    let valid = client.validate(&document);
    assert_eq!(valid.status, 200);
    assert_eq!(
        valid.json(),
        json!({ "valid": true, "digest": charte_registry::digest(&document) })
    );

    let mut invalid = document.clone();
    invalid["declarations"][1]["due"] = json!("2027-02-30");
    invalid["declarations"][0]["status"] = json!("partial");
    invalid["counts"]["conformity"] = json!(2.0);
    let answer = client.validate(&invalid);
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (422, "invalid_document")
    );
    let paths: Vec<Value> = answer.json()["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|detail| {
            assert!(detail["message"].is_string());
            detail["path"].clone()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "/declarations/0/justification",
            "/declarations/1/due",
            "/counts/conformity"
        ]
    );
    // Submitting the invalid document is refused the same way.
    assert_eq!(client.submit(&invalid).error_code(), "invalid_document");

    assert_eq!(registry.stored_submissions(), 0);
    assert_eq!(
        client
            .get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"))
            .json(),
        json!([])
    );
}

#[test]
fn unknown_fields_are_kept_in_the_digest() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let mut document = product_document(SIREN_A, "exemple-lgc");
    document["from-the-future"] = json!({ "b": 1, "a": [true, null] });
    let answer = client.submit(&document);
    assert_eq!(answer.status, 201);
    assert_eq!(
        answer.json()["digest"],
        charte_registry::digest(&document).as_str()
    );
}

#[test]
fn refused_request_shapes() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");
    let body = serde_json::to_vec(&document).unwrap();
    let key = charte_registry::digest(&document);

    let missing_key = client.post("/v1/submissions", &body, &[]);
    assert_eq!(
        (missing_key.status, missing_key.error_code().as_str()),
        (400, "missing_idempotency_key")
    );

    let malformed = client.post(
        "/v1/submissions",
        b"{\"schema\": 1,",
        &[("Idempotency-Key", &key)],
    );
    assert_eq!(
        (malformed.status, malformed.error_code().as_str()),
        (422, "malformed_json")
    );

    let auth = format!("Bearer {}", client.token.as_deref().unwrap());
    let text = crate::support::request(
        registry.addr(),
        "POST",
        "/v1/submissions/validate",
        &[("Authorization", &auth), ("Content-Type", "text/plain")],
        Some(&body),
    );
    assert_eq!(
        (text.status, text.error_code().as_str()),
        (415, "unsupported_media_type")
    );

    let nowhere = client.get("/v1/nowhere");
    assert_eq!(
        (nowhere.status, nowhere.error_code().as_str()),
        (404, "not_found")
    );
    let wrong_method = client.get("/v1/submissions");
    assert_eq!(
        (wrong_method.status, wrong_method.error_code().as_str()),
        (405, "method_not_allowed")
    );
    assert_eq!(registry.stored_submissions(), 0);
}

#[test]
fn duplicate_keys_and_negative_zero_are_refused() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let document = product_document(SIREN_A, "exemple-lgc");
    let text = serde_json::to_string(&document).unwrap();
    let refused = |body: String, paths: &[&str]| {
        let answer = client.post("/v1/submissions/validate", body.as_bytes(), &[]);
        assert_eq!(
            (answer.status, answer.error_code().as_str()),
            (422, "invalid_document"),
            "{body}"
        );
        let details = answer.json()["error"]["details"].clone();
        let found: Vec<&str> = details
            .as_array()
            .unwrap()
            .iter()
            .map(|detail| detail["path"].as_str().unwrap())
            .collect();
        assert_eq!(found, paths, "{details}");
        details
    };

    let twice = |from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    };
    let details = refused(
        twice(r#""schema":1"#, r#""schema":1,"schema":1"#),
        &["/schema"],
    );
    assert!(
        details[0]["message"]
            .as_str()
            .unwrap()
            .contains("duplicate key `schema`"),
        "{details}"
    );
    refused(
        twice(r#""kind":"lgc""#, r#""kind":"lgc","kind":"lgc""#),
        &["/product/kind"],
    );
    // Deep, with the second spelling escaped: still the same key.
    refused(
        twice(
            r#""ref":"MSS-LPS-SEGUR-GEN#48213""#,
            r#""ref":"MSS-LPS-SEGUR-GEN#48213","\u0072ef":"x""#,
        ),
        &["/declarations/0/evidence/0/ref"],
    );

    let details = refused(
        twice(r#""conformity":0.5"#, r#""conformity":-0.0"#),
        &["/counts/conformity"],
    );
    assert!(
        details[0]["message"]
            .as_str()
            .unwrap()
            .contains("negative zero"),
        "{details}"
    );
    refused(
        twice(r#""schema":1"#, r#""schema":1,"future":[1,-0,-0e3]"#),
        &["/future/1", "/future/2"],
    );

    // Submitting is refused the same way, before the key is compared.
    let body = twice(r#""schema":1"#, r#""schema":1,"schema":1"#);
    let answer = client.post(
        "/v1/submissions",
        body.as_bytes(),
        &[("Idempotency-Key", &charte_registry::digest(&document))],
    );
    assert_eq!(answer.error_code(), "invalid_document");

    // Zero, a negative number and "-0" in a string are fine.
    let fine = twice(
        r#""schema":1"#,
        r#""schema":1,"future":[0,0.0,-1,-0.5,"-0"]"#,
    );
    let answer = client.post("/v1/submissions/validate", fine.as_bytes(), &[]);
    assert_eq!(answer.status, 200, "{:?}", answer.json());
    assert_eq!(registry.stored_submissions(), 0);
}
