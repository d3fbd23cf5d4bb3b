//! In-process benchmarks of the check pipeline on a synthetic manifest of
//! 20 products × 200 declarations (about 1 MB) against a generated
//! referential of 200 requirements: the `toml` crate's own parse as the
//! baseline, then charte's parse and validation (both also at 100 and 400
//! products, about 6 and 24 MB), evaluation, and rendering.
//! Then the edits: one `declare` on that manifest, and an import of 50,000
//! CSV rows into a manifest of 250 products (file I/O left out). And a
//! `charte.lock` of 100,000 entries read and compared with `use`.
//!
//! `cargo bench --bench check`

use charte::catalogue::{resolve, Lockfile, Referential, Resolved};
use charte::commands::import::{plan, Input};
use charte::diag::Source;
use charte::edit::bulk;
use charte::engine::{self, EvidenceFiles, FileCheck};
use charte::findings::{self, Levels};
use charte::manifest::{edit::Editor, Record, Status};
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
    fixture_of(20)
}

fn fixture_of(products: usize) -> (Source, charte::manifest::Manifest, Vec<Resolved>) {
    let doc = Referential::parse(&charte::synth::referential(200)).expect("valid referential");
    let text = charte::synth::manifest(products, 200, std::slice::from_ref(&doc));
    let source = Source::new("charte.toml", text);
    let manifest = charte::manifest::parse(&source).expect("valid synthetic manifest");
    let referentials = vec![Resolved {
        doc,
        sha256: "0".repeat(64),
        source: "synthetic".to_string(),
    }];
    (source, manifest, referentials)
}

/// Manifest sizes, in products of 200 declarations: about 1.2, 6 and 24 MB.
const PRODUCTS: [usize; 3] = [20, 100, 400];

#[divan::bench(args = PRODUCTS, sample_count = 20)]
fn toml_crate_parse(bencher: divan::Bencher, products: usize) {
    let (source, _, _) = fixture_of(products);
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| toml::from_str::<toml::Table>(divan::black_box(&source.text)).unwrap());
}

#[divan::bench(args = PRODUCTS, sample_count = 20)]
fn parse_and_validate(bencher: divan::Bencher, products: usize) {
    let (source, _, _) = fixture_of(products);
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| charte::manifest::parse(divan::black_box(&source)).unwrap());
}

/// What `check` does with a lock and the embedded catalogue: each locked
/// document found, verified against its sha256 and parsed.
#[divan::bench]
fn resolve_embedded_catalogue(bencher: divan::Bencher) {
    let text = std::fs::read_to_string("examples/groupe/charte.lock").unwrap();
    let lock = Lockfile::parse(&Source::new("charte.lock", text)).unwrap();
    bencher.bench(|| {
        divan::black_box(&lock)
            .referentials
            .iter()
            .map(|l| resolve::embedded_document(l).unwrap())
            .collect::<Vec<_>>()
    });
}

/// A `charte.lock` of 100,000 entries (15 MB) against a manifest that uses
/// six of them: parsed and validated, then compared with `use` (99,994
/// entries locked but no longer in use).
#[divan::bench(sample_count = 5)]
fn lock_100k_entries(bencher: divan::Bencher) {
    let text = std::fs::read_to_string("examples/solo/charte.lock").unwrap();
    let small = Lockfile::parse(&Source::new("charte.lock", text)).unwrap();
    let mut entries = small.referentials.clone();
    for i in 0..100_000 - entries.len() {
        let mut extra = entries[0].clone();
        extra.id = format!("zz-extra-{i:06}");
        entries.push(extra);
    }
    let text = Lockfile::new(entries).render();
    let manifest = std::fs::read_to_string("examples/solo/charte.toml").unwrap();
    let manifest = charte::manifest::parse(&Source::new("charte.toml", manifest)).unwrap();
    let names = resolve::catalogue_names(&manifest.index);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let source = Source::new("charte.lock", text.clone());
            let lock = Lockfile::parse(&source).unwrap();
            resolve::drift(&lock, &manifest.uses, &names).len()
        });
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
        offered: &[],
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
        let report = Report::new(
            &manifest,
            &source,
            &refs,
            &ev,
            today,
            findings::FailOn::Error,
        );
        let mut out = Vec::with_capacity(1 << 20);
        format
            .reporter(Options::plain())
            .render(&report, &mut out)
            .unwrap();
        out
    });
}

/// What `charte declare` does to the manifest between reading and writing
/// it: validate, open for editing, update one declaration, render, validate
/// the result.
#[divan::bench]
fn declare_on_1mb(bencher: divan::Bencher) {
    let (source, manifest, _) = fixture();
    let mut record = Record::from(&manifest.declarations[1234]);
    record.status = Status::NonConform;
    record.justification = Some("Écart constaté en recette".to_string());
    bencher
        .counter(divan::counter::BytesCount::new(source.text.len()))
        .bench(|| {
            charte::manifest::parse(&source).unwrap();
            let mut editor = Editor::parse(&source.text).unwrap();
            editor.upsert(&record.key(), &record);
            let text = editor.render();
            charte::manifest::parse(&Source::new("charte.toml", text)).unwrap()
        });
}

/// `charte import` of 50,000 CSV rows (250 products × 200 requirements)
/// into a manifest that lists the products: read the rows, check them,
/// create the declarations, render and validate the 12 MB result.
#[divan::bench(sample_count = 5)]
fn import_50k_rows(bencher: divan::Bencher) {
    let doc = Referential::parse(&charte::synth::referential(200)).expect("valid referential");
    let docs = std::slice::from_ref(&doc);
    let full = charte::synth::manifest(250, 200, docs);
    let full = charte::manifest::parse(&Source::new("full.toml", full)).unwrap();
    let records: Vec<Record> = full.declarations.iter().map(Record::from).collect();
    assert_eq!(records.len(), 50_000);
    let mut csv = Vec::new();
    bulk::write(&records, bulk::Format::Csv, &mut csv).unwrap();
    let source = Source::new("charte.toml", charte::synth::manifest(250, 0, docs));
    let manifest = charte::manifest::parse(&source).unwrap();
    let referentials = vec![Resolved {
        doc: doc.clone(),
        sha256: "0".repeat(64),
        source: "synthetic".to_string(),
    }];
    bencher
        .counter(divan::counter::ItemsCount::new(records.len()))
        .bench(|| {
            let input = Input {
                manifest: &manifest,
                source: &source,
                referentials: &referentials,
                files: &NoFiles,
                today: "2026-11-23".parse().unwrap(),
                force: false,
                replace: false,
                explain: None,
            };
            let parsed = bulk::parse("rows.csv", &csv, bulk::Format::Csv);
            let planned = plan(parsed.rows, &input).unwrap();
            let mut editor = Editor::parse(&source.text).unwrap();
            for (key, record) in &planned.writes {
                editor.upsert(key, record);
            }
            let text = editor.render();
            charte::manifest::parse(&Source::new("charte.toml", text)).unwrap()
        });
}
