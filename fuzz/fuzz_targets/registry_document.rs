//! What a registry receives: any JSON, validated against schema 1, and its
//! canonical JSON and digest, which charte computes on its side too and
//! must compute identically.

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
    assert_eq!(
        canonical::digest(&value),
        canonical::sha256_hex(text.as_bytes())
    );
});
