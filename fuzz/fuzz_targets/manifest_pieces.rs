//! Large manifests are read in pieces cut at their `[[declaration]]` tables
//! (src/manifest/split.rs): whatever the text, that read must give exactly
//! what reading it as one TOML tree gives, the manifest with every span or
//! every problem.

#![no_main]

use charte::diag::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::new("charte.toml", text.to_string());
    let pieces = format!("{:?}", charte::manifest::parse(&source));
    let whole = format!("{:?}", charte::manifest::parse_whole(&source));
    assert!(pieces == whole, "the read in pieces differs:\n{pieces}\n{whole}");
});
