//! `charte import`: create or update many declarations and commitments at
//! once, all or nothing.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use crate::catalogue::Resolved;
use crate::context::Context;
use crate::date::Date;
use crate::diag::{Diagnostic, Source};
use crate::edit::bulk::{self, Format, Row, MAX_IMPORT_BYTES};
use crate::edit::rules::{self, Mismatch, Problem, Rules};
use crate::edit::session::Session;
use crate::engine::EvidenceFiles;
use crate::error::{exit, Error};
use crate::evidence::Disk;
use crate::manifest::{Change, DeclKey, Declaration, EvidenceItem, Manifest, Record, Tally};
use crate::store::{self, Unreadable};

/// Create or update many declarations and commitments from a CSV or JSONL
/// file, all or nothing.
///
/// Every row is checked first, as `charte declare` would check it; if any
/// row is wrong, every problem is reported with its line and nothing is
/// written. Otherwise the manifest is written once. A row merges into the
/// declaration it names: only the columns of the file (the keys of a JSONL
/// object) change; an empty cell or `null` clears `justification`, `due` or
/// `evidence`; a column the file lacks leaves that field as it is. With
/// --replace a row is the whole declaration instead. A row without
/// `declared` that changes a declaration is dated with the evaluation date.
/// The `title` and `proofs` columns of `charte export --missing` are read
/// and ignored.
///
/// CSV columns: product (empty for a commitment), requirement, status,
/// justification, due, declared, evidence (only requirement is required;
/// a file without status updates declarations and creates none). Evidence items are separated by `;`, the attributes of one
/// item by `|`: `proof:ID=REF|date:2026-03-02;url:https://…`. JSONL: one
/// object per line with the manifest's field names.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte import declarations.csv --dry-run
  charte import declarations.csv --dry-run --output-format json
  charte import declarations.jsonl
  charte import statuses.csv            # a product,requirement,status file keeps the evidence
  charte import whole-rows.csv --replace
  charte export --missing > todo.csv    # fill the status column, then: charte import todo.csv
  charte export | charte import -")]
pub struct Args {
    /// The file to read, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: String,

    /// The file's format [default: jsonl for .jsonl and .ndjson files, csv otherwise]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Check every row and say, field by field, what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// How --dry-run says what would change
    #[arg(long, value_enum, default_value_t = DryRunFormat::Table, value_name = "FORMAT", requires = "dry_run")]
    pub output_format: DryRunFormat,

    /// Make each row the whole declaration: fields without a column are cleared
    #[arg(long)]
    pub replace: bool,

    /// Accept rows for requirements that do not apply to their product
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DryRunFormat {
    Table,
    Json,
}

/// Reads the input, refusing more than any manifest could hold.
fn read_input(file: &str) -> anyhow::Result<(String, Vec<u8>)> {
    let too_large = |name: &str, size: u64| {
        Error::Usage(format!(
            "{name} is {} MiB; charte imports at most {} MiB at once (the largest manifest it reads)\n  help: split the file and import the parts one after the other",
            size >> 20,
            MAX_IMPORT_BYTES >> 20
        ))
    };
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_IMPORT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(too_large("standard input", bytes.len() as u64).into());
        }
        return Ok(("<stdin>".to_string(), bytes));
    }
    let limit = MAX_IMPORT_BYTES as u64;
    let bytes = store::try_read_bounded(Path::new(file), limit).map_err(|e| match e {
        Unreadable::Folder => Error::Usage(format!("{file} is a folder, not a file to import")),
        Unreadable::TooLarge(size) => too_large(file, size),
        other => other.into_error(file, limit),
    })?;
    Ok((file.to_string(), bytes))
}

/// What an import works on.
pub struct Input<'a> {
    pub manifest: &'a Manifest,
    pub source: &'a Source,
    pub referentials: &'a [Resolved],
    pub files: &'a dyn EvidenceFiles,
    pub today: Date,
    /// Accept rows for requirements that do not apply.
    pub force: bool,
    /// Rows are whole declarations, not merged into the manifest's.
    pub replace: bool,
    /// The import file, when each row's changes are to be said field by
    /// field (with the row's line).
    pub explain: Option<&'a Source>,
}

/// What one row would change.
#[derive(Debug, serde::Serialize)]
pub struct RowChange {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    pub requirement: String,
    /// `created` or `updated`.
    pub change: &'static str,
    pub fields: Vec<FieldChange>,
    /// Evidence items of the manifest the row drops, as the evidence column writes them.
    pub evidence_dropped: Vec<String>,
    /// Evidence items the row adds.
    pub evidence_added: Vec<String>,
}

/// One field that changes, its old and new values as the CSV writes them
/// (`None`: absent).
#[derive(Debug, serde::Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl RowChange {
    fn new(line: usize, old: Option<&Record>, new: &Record) -> RowChange {
        let date = |d: Option<Date>| d.map(|d| d.to_string());
        let mut fields = Vec::new();
        let mut field = |field: &'static str, old: Option<String>, new: Option<String>| {
            if old != new {
                fields.push(FieldChange { field, old, new });
            }
        };
        field(
            "status",
            old.map(|o| o.status.as_str().to_string()),
            Some(new.status.as_str().to_string()),
        );
        field(
            "justification",
            old.and_then(|o| o.justification.clone()),
            new.justification.clone(),
        );
        field("due", old.and_then(|o| date(o.due)), date(new.due));
        field(
            "declared",
            old.and_then(|o| date(o.declared)),
            date(new.declared),
        );
        let was: &[EvidenceItem] = old.map_or(&[], |o| &o.evidence);
        let item = |e: &EvidenceItem| bulk::format_evidence(std::slice::from_ref(e));
        RowChange {
            line,
            product: new.product.clone(),
            requirement: new.requirement.to_string(),
            change: if old.is_some() { "updated" } else { "created" },
            fields,
            evidence_dropped: was
                .iter()
                .filter(|e| !new.evidence.contains(e))
                .map(item)
                .collect(),
            evidence_added: new
                .evidence
                .iter()
                .filter(|e| !was.contains(e))
                .map(item)
                .collect(),
        }
    }
}

/// What an import does.
pub struct Plan {
    /// What becomes of the rows.
    pub tally: Tally,
    /// The records to write, each with the key of the declaration it replaces.
    pub writes: Vec<(DeclKey, Record)>,
    /// What each row changes, when asked for.
    pub changes: Vec<RowChange>,
}

/// Checks every row against the manifest and its referentials: what to
/// write, or a diagnostic for every problem. The rows' records become the
/// records to write, so that a large file is not held twice.
pub fn plan(rows: Vec<Row>, input: &Input<'_>) -> Result<Plan, Vec<Diagnostic>> {
    let rules = Rules::new(input.manifest, input.referentials);
    let mut existing: HashMap<DeclKey, Vec<&Declaration>> = HashMap::new();
    for d in input
        .manifest
        .commitments
        .iter()
        .chain(&input.manifest.declarations)
    {
        let key = (
            d.product.as_ref().map(|p| p.value.clone()),
            d.requirement.value.to_string(),
        );
        existing.entry(key).or_default().push(d);
    }
    let mut problems = Vec::new();
    let mut tally = Tally::default();
    let mut plan: Vec<(DeclKey, Record)> = Vec::with_capacity(rows.len());
    let mut changes = Vec::new();
    let evidence = bulk::column("evidence");
    for row in rows {
        let span = row.span;
        let given = row.given;
        let report = |p: Problem| {
            let d = Diagnostic::new(p.message, span).label("this row");
            match p.help {
                Some(help) => d.help(help),
                None => d,
            }
        };
        let owner = match rules.owner(row.record.product.as_deref()) {
            Ok(owner) => owner,
            Err(p) => {
                problems.push(report(p));
                continue;
            }
        };
        let key = row.record.key();
        let found = existing.get(&key).map_or(&[][..], Vec::as_slice);
        if found.len() > 1 {
            let lines: Vec<String> = found
                .iter()
                .map(|d| input.source.line_col(d.span.start()).line.to_string())
                .collect();
            problems.push(report(
                Problem::new(format!(
                    "{} declares {} for {} {} times (lines {})",
                    input.source.name,
                    key.1,
                    owner.describe(),
                    found.len(),
                    lines.join(", ")
                ))
                .help("remove all but one from the manifest, then import again"),
            ));
            continue;
        }
        let old = found.first().map(|d| Record::from(*d));
        let mut record = row.record;
        if !given[bulk::column("status")] {
            match &old {
                Some(o) => record.status = o.status,
                None => {
                    problems.push(report(
                        Problem::new(format!(
                            "{} has no declaration of {} yet, and the file has no `status` column to make one",
                            owner.describe(),
                            key.1
                        ))
                        .help("add a `status` column (the file updates the declarations it names, and creates the others)"),
                    ));
                    continue;
                }
            }
        }
        // A field the row does not give stays as the manifest has it.
        if let (Some(o), false) = (&old, input.replace) {
            if !given[bulk::column("justification")] {
                record.justification.clone_from(&o.justification);
            }
            if !given[bulk::column("due")] {
                record.due = o.due;
            }
            if !given[evidence] {
                record.evidence.clone_from(&o.evidence);
            }
        }
        // Evidence kept from the manifest stays exactly as it is.
        let hashed = match old.is_none() || input.replace || given[evidence] {
            true => rules::hash_evidence(input.files, &mut record.evidence),
            false => Ok(()),
        };
        if record.declared.is_none() {
            // Undated rows that change nothing keep the declaration's date.
            record.declared = match &old {
                Some(o)
                    if *o
                        == (Record {
                            declared: o.declared,
                            ..record.clone()
                        }) =>
                {
                    o.declared
                }
                _ => Some(input.today),
            };
        }
        if old.as_ref() == Some(&record) {
            tally.add(Change::Unchanged);
            continue;
        }
        let mut row_problems = Vec::new();
        if let Err(p) = hashed {
            row_problems.push(p);
        }
        match rules.find(&record.requirement) {
            Err(p) => row_problems.push(p),
            Ok(t) => {
                match rules.mismatch(t, owner) {
                    Some(Mismatch::Level(p)) => row_problems.push(p),
                    Some(Mismatch::NotApplicable(why)) if !input.force => row_problems.push(
                        Problem::new(format!(
                            "{} does not apply to {}: {why}",
                            record.requirement,
                            owner.describe()
                        ))
                        .help("import with --force to declare it anyway, or fix the product's kind, services or profiles"),
                    ),
                    _ => {}
                }
                row_problems.extend(rules.check_record(t, &record));
            }
        }
        if !row_problems.is_empty() {
            problems.extend(row_problems.into_iter().map(report));
            continue;
        }
        tally.add(if old.is_some() {
            Change::Updated
        } else {
            Change::Created
        });
        if let Some(file) = input.explain {
            let line = file.line_col(span.start()).line;
            changes.push(RowChange::new(line, old.as_ref(), &record));
        }
        plan.push((key, record));
    }
    if problems.is_empty() {
        Ok(Plan {
            tally,
            writes: plan,
            changes,
        })
    } else {
        Err(problems)
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let format = args
        .format
        .unwrap_or_else(|| Format::of_path(Path::new(&args.file)));
    let (name, bytes) = read_input(&args.file)?;
    // Reading the rows and opening the manifest are independent.
    let (parsed, session) = std::thread::scope(|s| {
        let parsed = s.spawn(|| bulk::parse(&name, &bytes, format));
        let session = Session::open(&ctx.manifest);
        let parsed = parsed
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (parsed, session)
    });
    drop(bytes);
    let mut session = session?;
    let mut problems = parsed.problems;
    problems.extend(bulk::repeats(&parsed.rows, &parsed.source));
    let referentials = rules::referentials_in_use(&ctx.resolver(), &session.loaded)?;
    let disk = Disk::new(session.loaded.folder());
    let input = Input {
        manifest: &session.loaded.manifest,
        source: &session.loaded.source,
        referentials: &referentials,
        files: &disk,
        today: ctx.today,
        force: args.force,
        replace: args.replace,
        explain: args.dry_run.then_some(&parsed.source),
    };
    let planned = plan(parsed.rows, &input).map_err(|more| problems.extend(more));
    let Plan {
        tally,
        writes,
        changes,
    } = match planned {
        Ok(planned) if problems.is_empty() => planned,
        _ => {
            problems.sort_by_key(|d| d.span.map(|s| s.start()));
            return Err(Error::NotWritten {
                file: Box::new(parsed.source),
                diags: problems,
            }
            .into());
        }
    };
    if args.dry_run {
        dry_run(&name, &tally, &changes, args.output_format, ctx, out)?;
        return Ok(exit::SUCCESS);
    }
    // What was read for the rows is no longer needed: let it go before
    // the manifest grows.
    drop(parsed.source);
    drop(referentials);
    for (key, record) in writes {
        session.editor.upsert(&key, &record);
    }
    session.save()?;
    if !ctx.quiet {
        writeln!(out, "imported {name}: {tally}")?;
    }
    Ok(exit::SUCCESS)
}

/// Says what the import would do, row by row and field by field.
fn dry_run(
    name: &str,
    tally: &Tally,
    changes: &[RowChange],
    format: DryRunFormat,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let summary = format!(
        "{name}: {} row{}; would create {}, update {}, leave {} unchanged (--dry-run: nothing was written)",
        tally.total(),
        crate::text::plural_s(tally.total()),
        tally.created,
        tally.updated,
        tally.unchanged
    );
    match format {
        DryRunFormat::Json => {
            let doc = serde_json::json!({
                "schema": 1,
                "file": name,
                "created": tally.created,
                "updated": tally.updated,
                "unchanged": tally.unchanged,
                "rows": changes,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        DryRunFormat::Table => {
            if ctx.quiet {
                return Ok(());
            }
            writeln!(out, "{summary}")?;
            if changes.is_empty() {
                return Ok(());
            }
            let mut t = crate::report::table::new(
                &["line", "product", "requirement", "field", "old", "new"],
                crate::style::Style::plain(),
                ctx.stdout_width,
            );
            let none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
            for c in changes {
                let mut first = true;
                let mut row = |field: &str, old: String, new: String| {
                    let (line, product, requirement) = match first {
                        true => (
                            c.line.to_string(),
                            c.product
                                .clone()
                                .unwrap_or_else(|| "(organization)".to_string()),
                            c.requirement.clone(),
                        ),
                        false => Default::default(),
                    };
                    first = false;
                    t.add_row(vec![
                        line,
                        product,
                        requirement,
                        field.to_string(),
                        old,
                        new,
                    ]);
                };
                for f in &c.fields {
                    row(f.field, none(&f.old), none(&f.new));
                }
                for e in &c.evidence_dropped {
                    row("evidence", e.clone(), "(dropped)".to_string());
                }
                for e in &c.evidence_added {
                    row("evidence", "-".to_string(), e.clone());
                }
            }
            writeln!(out, "{t}")?;
        }
    }
    Ok(())
}
