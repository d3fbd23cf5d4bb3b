//! `charte.toml` as the command line reads it: bytes that may not be UTF-8,
//! validation, then (when valid) resolution against the embedded catalogue,
//! evaluation and every rendering. Problems are rendered as diagnostics and
//! as `invalid-manifest` reports.

#![no_main]

use charte::manifest::source_from_bytes;
use charte::error::Error;
use charte::manifest::MAX_MANIFEST_BYTES;
use charte_fuzz::{evaluate_and_render, referentials, render_diagnostics};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_MANIFEST_BYTES {
        return;
    }
    let source = match source_from_bytes("charte.toml", data.to_vec()) {
        Ok(source) => source,
        Err(Error::Invalid { file, diags }) => {
            render_diagnostics(&file, &diags);
            return;
        }
        Err(e) => panic!("reading bytes fails only on invalid UTF-8: {e}"),
    };
    let manifest = match charte::manifest::parse(&source) {
        Ok(manifest) => manifest,
        Err(diags) => {
            assert!(!diags.is_empty(), "a refused manifest says why");
            render_diagnostics(&source, &diags);
            return;
        }
    };
    match referentials(&manifest) {
        None => {}
        Some(Err(diags)) => render_diagnostics(&source, &diags),
        Some(Ok(resolved)) => evaluate_and_render(&manifest, &source, &resolved),
    }
});
