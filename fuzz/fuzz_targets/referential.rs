//! Documents that come from a catalogue, embedded or remote: referential
//! documents and `charte.lock` (TOML), and the index (JSON). A referential
//! that parses is diffed against the embedded version of the same id and
//! the example manifests are evaluated against it.

#![no_main]

use charte::catalogue::{diff, Index, Lockfile, Referential, Resolved};
use charte::diag::Source;
use charte_fuzz::{evaluate_and_render, example, render_diagnostics};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Index::parse(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lock = Source::new("charte.lock", text.to_string());
    match Lockfile::parse(&lock) {
        Ok(lockfile) => {
            let again = Source::new("charte.lock", lockfile.render());
            let reread = Lockfile::parse(&again).expect("a rendered lock reads back");
            assert_eq!(reread.render(), again.text, "a lock renders the same twice");
        }
        Err(diags) => render_diagnostics(&lock, &diags),
    }
    let Ok(doc) = Referential::parse(text) else {
        return;
    };
    let example = example();
    let mut resolved = example.referentials.clone();
    let fuzzed = Resolved {
        doc,
        sha256: "0".repeat(64),
        source: "fuzz".to_string(),
    };
    match resolved.iter_mut().find(|r| r.doc.id == fuzzed.doc.id) {
        Some(r) => {
            let _ = diff::diff(&r.doc, &fuzzed.doc);
            let _ = diff::diff(&fuzzed.doc, &r.doc);
            *r = fuzzed;
        }
        None => resolved.push(fuzzed),
    }
    evaluate_and_render(&example.manifest, &example.source, &resolved);
});
