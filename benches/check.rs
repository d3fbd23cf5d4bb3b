//! In-process benchmarks of the check pipeline on a synthetic manifest of
//! 20 products × 200 declarations (about 1 MB) against a generated
//! referential of 200 requirements: the `toml` crate's own parse as the
//! baseline, then charte's parse and validation, evaluation, and rendering.
//!
//! `cargo bench --bench check`

use charte::catalogue::{Referential, Resolved};
use charte::diag::Source;
use charte::engine::{self, EvidenceFiles, FileCheck, Levels};
use charte::report::{Format, Options, Report};

fn main() {
    divan::main();
}

struct NoFiles;

impl EvidenceFiles for NoFiles {
    fn check(&self, _path: &str, _digest: bool) -> FileCheck {
        FileCheck::Missing
    }
}

fn fixture() -> (Source, charte::manifest::Manifest, Vec<Resolved>) {
    let doc = Referential::parse(&charte::synth::referential(200)).expect("valid referential");
    let text = charte::synth::manifest(20, 200, std::slice::from_ref(&doc));
    let source = Source::new("charte.toml", text);
    let manifest = charte::manifest::parse(&source).expect("valid synthetic manifest");
    let referentials = vec![Resolved {
        doc,
        sha256: "0".repeat(64),
        source: "synthetic".to_string(),
    }];
    (source, manifest, referentials)
}

#[divan::bench]
fn toml_crate_parse(bencher: divan::Bencher) {
    let (source, _, _) = fixture();
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| toml::from_str::<toml::Table>(divan::black_box(&source.text)).unwrap());
}

#[divan::bench]
fn parse_and_validate(bencher: divan::Bencher) {
    let (source, _, _) = fixture();
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| charte::manifest::parse(divan::black_box(&source)).unwrap());
}

#[divan::bench]
fn resolve_embedded_catalogue(bencher: divan::Bencher) {
    let text = std::fs::read_to_string("examples/groupe/charte.toml").unwrap();
    let manifest = charte::manifest::parse(&Source::new("charte.toml", text)).unwrap();
    bencher
        .bench(|| charte::catalogue::resolve_embedded(divan::black_box(&manifest.uses)).unwrap());
}

fn evaluation(
    source: &Source,
    manifest: &charte::manifest::Manifest,
    refs: &[Resolved],
) -> engine::Evaluation {
    let levels = Levels::default();
    engine::evaluate(&engine::Input {
        manifest,
        source,
        referentials: refs,
        today: "2026-11-23".parse().unwrap(),
        files: &NoFiles,
        levels: &levels,
        only: &[],
    })
}

#[divan::bench]
fn evaluate(bencher: divan::Bencher) {
    let (source, manifest, refs) = fixture();
    bencher.bench(|| evaluation(&source, &manifest, &refs));
}

#[divan::bench(args = [Format::Table, Format::Json, Format::Sarif, Format::Junit, Format::Markdown])]
fn render(bencher: divan::Bencher, format: Format) {
    let (source, manifest, refs) = fixture();
    let today = "2026-11-23".parse().unwrap();
    let ev = evaluation(&source, &manifest, &refs);
    bencher.bench(|| {
        let report = Report::new(&manifest, &source, &refs, &ev, today, engine::FailOn::Error);
        let mut out = Vec::with_capacity(1 << 20);
        format
            .reporter(Options::plain())
            .render(&report, &mut out)
            .unwrap();
        out
    });
}
