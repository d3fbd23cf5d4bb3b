//! What the fuzz targets share: the embedded catalogue resolved once,
//! evidence files without a disk, and one pass through everything charte
//! does with a valid manifest (evaluate, render every format, build the
//! registry documents).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use charte::edit::bulk::{self, Format as BulkFormat, Row};
use charte::catalogue::resolve::{self, Catalogue, Catalogues, Upgrade};
use charte::catalogue::{Locked, Resolved};
use charte::commands::import::{self, Input as ImportInput};
use charte::date::Date;
use charte::diag::{self, Diagnostic, Source};
use charte::findings::{FailOn, Levels};
use charte::engine::{self, EvidenceFiles, FileCheck, Input};
use charte::manifest::edit::Editor;
use charte::manifest::{Manifest, Record};
use charte::report::agenda::{self, Agenda};
use charte::report::badge::{color_for, Badge};
use charte::report::lang::Lang;
use charte::report::statement::{self, Statement};
use charte::report::{ics, Format, Options, Report};
use charte::style::Style;

/// The evaluation date of every target: the one the examples are written for.
pub fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a real date")
}

/// Evidence files without a disk: absolute paths and `..` leave the
/// manifest's folder, paths naming `missing` do not exist, every other one
/// exists with the sha256 of its own name.
pub struct Files;

impl EvidenceFiles for Files {
    fn check(&self, path: &str, digest: bool) -> FileCheck {
        if path.starts_with(['/', '\\']) || path.split(['/', '\\']).any(|c| c == "..") {
            FileCheck::Outside
        } else if path.contains("missing") {
            FileCheck::Missing
        } else {
            FileCheck::Present {
                sha256: digest.then(|| charte::catalogue::sha256_hex(path.as_bytes())),
            }
        }
    }
}

fn catalogue() -> &'static Catalogues {
    static CATALOGUE: OnceLock<Catalogues> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogues::one(Catalogue::embedded().expect("the embedded catalogue reads"))
    })
}

/// A document of the embedded catalogue, parsed once.
fn document(locked: &Locked) -> Resolved {
    static DOCUMENTS: OnceLock<Mutex<HashMap<(String, String), Resolved>>> = OnceLock::new();
    let key = (locked.id.clone(), locked.version.to_string());
    let mut documents = DOCUMENTS.get_or_init(Default::default).lock().unwrap();
    documents
        .entry(key)
        .or_insert_with(|| {
            resolve::embedded_document(locked)
                .expect("every version the embedded index lists is embedded and verifies")
        })
        .clone()
}

/// The referentials a manifest uses, as `charte fetch` would lock them from
/// the embedded catalogue; `None` when it names a remote index. A `use`
/// entry the catalogue cannot serve is a diagnostic.
pub fn referentials(manifest: &Manifest) -> Option<Result<Vec<Resolved>, Vec<Diagnostic>>> {
    if !manifest.index.is_empty() {
        return None;
    }
    Some(
        resolve::plan(catalogue(), &manifest.uses, None, Upgrade::None)
            .map(|plan| plan.iter().map(document).collect()),
    )
}

/// Renders diagnostics as the command line does, and as the reports for
/// tools do (`invalid-manifest` findings in every format).
pub fn render_diagnostics(source: &Source, diags: &[Diagnostic]) {
    for d in diags {
        let _ = diag::render(source, d, &Style::plain());
        let _ = diag::render(source, d, &Style::new(true));
    }
    let report = Report::invalid(source, diags, today());
    render_report(&report);
}

fn render_report(report: &Report) {
    for format in [Format::Json, Format::Sarif, Format::Junit, Format::Markdown] {
        let mut out = Vec::new();
        format
            .reporter(Options::plain())
            .render(report, &mut out)
            .expect("rendering to memory does not fail");
        if format == Format::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("the JSON report is JSON");
        }
    }
    // The table for people, in colour, fitted to a narrow terminal.
    let narrow = Options {
        style: Style::new(true),
        width: Some(40),
        quiet: false,
    };
    let mut out = Vec::new();
    Format::Table
        .reporter(narrow)
        .render(report, &mut out)
        .expect("rendering to memory does not fail");
}

/// Everything charte does with a valid manifest and its referentials:
/// `check` in every format, `upcoming`, `report`, `badge`, and the
/// documents `submit` sends, which the registry must hash identically.
pub fn evaluate_and_render(manifest: &Manifest, source: &Source, referentials: &[Resolved]) {
    let levels = Levels::new(manifest.levels.clone());
    let input = Input {
        manifest,
        source,
        referentials,
        today: today(),
        files: &Files,
        levels: &levels,
        only: &[],
        offered: &[],
    };
    let evaluation = engine::evaluate(&input);
    let report = Report::new(
        manifest,
        source,
        referentials,
        &evaluation,
        today(),
        FailOn::Error,
    );
    render_report(&report);

    let until = today().add_days(90);
    let obligations = engine::agenda(&input, &evaluation, until);
    let agenda = Agenda::new(&input, &obligations, until);
    let mut out = Vec::new();
    agenda::table(&agenda, Style::plain(), Some(60), &mut out).expect("in memory");
    agenda::json(&agenda, &mut out).expect("in memory");
    ics::calendar(&agenda, &mut out).expect("in memory");

    for lang in [Lang::Fr, Lang::En] {
        let statement = Statement::new(&input, &evaluation, lang);
        statement::html(&statement, &mut out).expect("in memory");
        statement::markdown(&statement, &mut out).expect("in memory");
        let rate = evaluation.organization.conformity;
        Badge {
            label: manifest.organization.name.clone(),
            message: lang.percent(rate),
            color: color_for(rate),
            title: lang.date(today()),
        }
        .render(&mut out)
        .expect("in memory");
    }

    for submission in charte::registry::document::submissions(manifest, referentials, &evaluation) {
        assert_eq!(
            submission.body,
            charte_registry::to_canonical_json(&submission.document),
            "charte and the registry disagree on the canonical JSON"
        );
        assert_eq!(
            submission.digest,
            charte_registry::digest(&submission.document)
        );
    }
}

/// The `groupe` example (four products, ten referentials), parsed once,
/// with its referentials.
pub struct Example {
    pub source: Source,
    pub manifest: Manifest,
    pub referentials: Vec<Resolved>,
}

pub fn example() -> &'static Example {
    static EXAMPLE: OnceLock<Example> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let source = Source::new(
            "charte.toml",
            include_str!("../../examples/groupe/charte.toml").to_string(),
        );
        let manifest = charte::manifest::parse(&source).expect("the example is valid");
        let referentials = referentials(&manifest)
            .expect("the example uses the embedded catalogue")
            .expect("the example resolves");
        Example {
            source,
            manifest,
            referentials,
        }
    })
}

/// `charte import` of a file into a manifest: the rows read, every problem
/// rendered, and what the rows that read say when exported again; then the
/// plan, which, when it holds, is written into the manifest, and the result
/// must read back as a valid manifest.
pub fn import(name: &str, data: &[u8], format: BulkFormat) {
    let parsed = bulk::parse(name, data, format);
    let mut problems = parsed.problems.clone();
    problems.extend(bulk::repeats(&parsed.rows, &parsed.source));
    for d in &problems {
        let _ = diag::render(&parsed.source, d, &Style::plain());
    }
    let records: Vec<Record> = parsed.rows.iter().map(|r| r.record.clone()).collect();
    for format in [BulkFormat::Csv, BulkFormat::Jsonl] {
        let mut out = Vec::new();
        bulk::write(&records, format, &mut out).expect("in memory");
        if records.is_empty() {
            continue;
        }
        let again = bulk::parse("export", &out, format);
        assert!(
            again.problems.is_empty(),
            "charte import refuses what charte export wrote: {:?}\n{}",
            again.problems,
            String::from_utf8_lossy(&out)
        );
        let reread: Vec<Record> = again.rows.into_iter().map(|r| r.record).collect();
        assert_eq!(reread, records, "export then import changes the rows");
    }
    let example = example();
    plan_and_write(
        &example.manifest,
        &example.source,
        &example.referentials,
        &parsed.rows,
    );
}

/// Plans an import of `rows` into a manifest, with and without `--force`;
/// a plan that holds is written with the editor, and charte never writes a
/// manifest it would refuse to read.
pub fn plan_and_write(
    manifest: &Manifest,
    source: &Source,
    referentials: &[Resolved],
    rows: &[Row],
) {
    for force in [false, true] {
        let input = ImportInput {
            manifest,
            source,
            referentials,
            files: &Files,
            today: today(),
            force,
            replace: false,
            explain: None,
        };
        let writes = match import::plan(rows.to_vec(), &input) {
            Ok(plan) => plan.writes,
            Err(diags) => {
                for d in &diags {
                    let _ = diag::render(source, d, &Style::plain());
                }
                continue;
            }
        };
        if writes.is_empty() {
            continue;
        }
        let mut editor = Editor::parse(&source.text).expect("a valid manifest is TOML");
        let mut whole = Editor::parse_whole(&source.text).expect("a valid manifest is TOML");
        for (key, record) in &writes {
            assert_eq!(editor.upsert(key, record), whole.upsert(key, record));
        }
        let text = editor.render();
        assert_eq!(
            text,
            whole.render(),
            "edited table by table, the manifest reads otherwise than edited whole"
        );
        let written = Source::new("charte.toml", text);
        if let Err(diags) = charte::manifest::parse(&written) {
            panic!(
                "the import leaves an invalid manifest: {:?}\n{}",
                diags, written.text
            );
        }
    }
}
