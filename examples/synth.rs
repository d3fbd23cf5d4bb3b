//! Writes a synthetic manifest for the benchmarks and scale tests: products
//! of several kinds, each declaring every requirement that applies to it (up
//! to the given number), with a realistic mix of statuses and evidence.
//!
//! Against the embedded catalogue:
//!
//! `cargo run --release --example synth -- PRODUCTS [DECLARATIONS_PER_PRODUCT] > charte.toml`
//!
//! Or against a generated catalogue of any size, written to DIR (an
//! `index.json` and the referential `synthese` 1.0.0 with REQUIREMENTS
//! requirements) for a server to publish at INDEX_URL:
//!
//! `cargo run --release --example synth -- PRODUCTS [DECLARATIONS_PER_PRODUCT] --requirements N --catalogue DIR --index INDEX_URL > charte.toml`

// A program of its own: it writes what it makes to stdout.
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;

const USAGE: &str = "usage: synth PRODUCTS [DECLARATIONS_PER_PRODUCT] [--requirements N --catalogue DIR --index URL]";

fn main() {
    let mut counts: Vec<usize> = Vec::new();
    let mut requirements: Option<usize> = None;
    let mut catalogue: Option<PathBuf> = None;
    let mut index: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect(USAGE);
        match a.as_str() {
            "--requirements" => requirements = Some(value().parse().expect(USAGE)),
            "--catalogue" => catalogue = Some(value().into()),
            "--index" => index = Some(value()),
            _ => counts.push(a.parse().expect(USAGE)),
        }
    }
    let products = counts.first().copied().unwrap_or(20);
    let per_product = counts.get(1).copied().unwrap_or(usize::MAX);
    match (requirements, catalogue, index) {
        (None, None, None) => {
            let docs = charte::synth::newest_embedded();
            print!("{}", charte::synth::manifest(products, per_product, &docs));
        }
        (Some(n), Some(dir), Some(url)) => {
            let text = charte::synth::referential(n);
            let doc = charte::catalogue::Referential::parse(&text).expect("valid referential");
            std::fs::create_dir_all(dir.join("synthese")).expect("catalogue folder");
            std::fs::write(dir.join("synthese/1.0.0.toml"), &text).expect("referential written");
            let index = format!(
                "{{\n  \"schema\": 1,\n  \"referentials\": [\n    {{\n      \"id\": \"synthese\",\n      \"title\": \"Référentiel synthétique\",\n      \"versions\": [\n        {{ \"version\": \"1.0.0\", \"url\": \"synthese/1.0.0.toml\", \"sha256\": \"{}\", \"published\": \"2026-01-05\" }}\n      ]\n    }}\n  ]\n}}\n",
                charte::catalogue::sha256_hex(text.as_bytes())
            );
            std::fs::write(dir.join("index.json"), index).expect("index written");
            let manifest = charte::synth::manifest(products, per_product, &[doc]).replacen(
                "[referentials]\n",
                &format!("[referentials]\nindex = \"{url}\"\n"),
                1,
            );
            print!("{manifest}");
        }
        _ => panic!("--requirements, --catalogue and --index go together\n{USAGE}"),
    }
}
