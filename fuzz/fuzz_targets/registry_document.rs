//! What a registry receives: any JSON, validated against its schema, and
//! its canonical JSON (the rule of schema 1 and RFC 8785) and digest, which
//! charte computes on its side too and must compute identically.

#![no_main]

use charte_registry::{canonical, document};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let _ = document::validate(&value);
    let _ = document::organization_siren(&value);
    let text = canonical::to_canonical_json(&value);
    assert_eq!(
        text,
        charte::registry::document::canonical_json(&value),
        "charte and the registry disagree on the canonical JSON"
    );
    let reread: Value = serde_json::from_str(&text).expect("canonical JSON is JSON");
    assert_eq!(
        canonical::to_canonical_json(&reread),
        text,
        "canonical JSON is a fixed point"
    );
    let jcs = canonical::to_jcs(&value);
    assert_eq!(
        jcs,
        charte::registry::document::jcs(&value),
        "charte and the registry disagree on the RFC 8785 text"
    );
    let reread: Value = serde_json::from_str(&jcs).expect("RFC 8785 text is JSON");
    assert_eq!(canonical::to_jcs(&reread), jcs, "RFC 8785 is a fixed point");
    assert_eq!(
        canonical::digest(&value),
        canonical::sha256_hex(canonical::document_text(&value).as_bytes())
    );
});
