//! Submission documents: built from the examples, accepted by the reference
//! registry's validation, and hashed to the same digest on both sides.

use charte::registry::document::{jcs, submissions, Submission};

fn documents(example: &str) -> Vec<Submission> {
    let e = crate::support::evaluate_example(example, "charte.toml");
    submissions(&e.manifest, &e.referentials, &e.evaluation)
}

#[test]
fn one_document_per_product_and_one_for_the_commitments() {
    let docs = documents("groupe");
    let labels: Vec<&str> = docs.iter().map(|d| d.label()).collect();
    assert_eq!(
        labels,
        [
            "(organization)",
            "hexa-dpi",
            "hexa-cabinet",
            "hexa-imagerie",
            "hexa-app"
        ]
    );
    assert!(docs[0].document["product"].is_null());
    assert_eq!(
        docs[0].document["declarations"].as_array().unwrap().len(),
        6
    );
    assert_eq!(docs[1].document["product"]["kind"], "dpi");
    assert!(docs[1].document["counts"]["conformity"].is_f64());
    assert!(docs.iter().all(|d| d.document.get("received_at").is_none()));
}

#[test]
fn the_registry_accepts_them_and_computes_the_same_digest() {
    for example in ["solo", "groupe"] {
        for doc in documents(example) {
            charte_registry::document::validate(&doc.document)
                .unwrap_or_else(|p| panic!("{example} {}: {p:?}", doc.label()));
            assert_eq!(
                charte_registry::digest(&doc.document),
                doc.digest,
                "{}",
                doc.label()
            );
            assert_eq!(doc.document["schema"], 2);
            assert_eq!(charte_registry::document_text(&doc.document), doc.body);
            assert_eq!(charte_registry::to_jcs(&doc.document), doc.body);
            assert_eq!(jcs(&doc.document), doc.body);
        }
    }
}

/// `status` recognises declarations an earlier charte submitted as
/// schema 1: the digest of the same document as schema 1 is the one the
/// registry gave it.
#[test]
fn the_schema_1_digest_of_a_document_is_the_registrys() {
    for doc in documents("groupe") {
        let mut old = doc.document.clone();
        old["schema"] = serde_json::json!(1);
        assert_eq!(
            charte::registry::document::digest_as(&doc.document, 1, None),
            charte_registry::digest(&old),
            "{}",
            doc.label()
        );
        assert_ne!(charte_registry::digest(&old), doc.digest);
    }
}

#[test]
fn an_unchanged_manifest_gives_the_same_digests() {
    let a: Vec<String> = documents("groupe").into_iter().map(|d| d.digest).collect();
    let b: Vec<String> = documents("groupe").into_iter().map(|d| d.digest).collect();
    assert_eq!(a, b);
}
