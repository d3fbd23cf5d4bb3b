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
use crate::manifest::{Change, DeclKey, Declaration, Manifest, Record, Tally};
use crate::store::{self, Unreadable};

/// Create or update many declarations and commitments from a CSV or JSONL
/// file, all or nothing.
///
/// Every row is checked first, as `charte declare` would check it; if any
/// row is wrong, every problem is reported with its line and nothing is
/// written. Otherwise the manifest is written once. A row is the whole
/// declaration: its status, justification, due date and evidence replace
/// the manifest's. A row without `declared` that changes a declaration is
/// dated with the evaluation date.
///
/// CSV columns: product (empty for a commitment), requirement, status,
/// justification, due, declared, evidence (only requirement and status are
/// required). Evidence items are separated by `;`, the attributes of one
/// item by `|`: `proof:ID=REF|date:2026-03-02;url:https://…`. JSONL: one
/// object per line with the manifest's field names.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte import declarations.csv --dry-run
  charte import declarations.jsonl
  charte export | charte import -")]
pub struct Args {
    /// The file to read, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: String,

    /// The file's format [default: jsonl for .jsonl and .ndjson files, csv otherwise]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Check every row and say what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Accept rows for requirements that do not apply to their product
    #[arg(long)]
    pub force: bool,
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
}

/// What an import does.
pub struct Plan {
    /// What becomes of the rows.
    pub tally: Tally,
    /// The records to write, each with the key of the declaration it replaces.
    pub writes: Vec<(DeclKey, Record)>,
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
    for row in rows {
        let span = row.span;
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
        let hashed = rules::hash_evidence(input.files, &mut record.evidence);
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
        plan.push((key, record));
    }
    if problems.is_empty() {
        Ok(Plan {
            tally,
            writes: plan,
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
    };
    let planned = plan(parsed.rows, &input).map_err(|more| problems.extend(more));
    let Plan { tally, writes } = match planned {
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
        if !ctx.quiet {
            writeln!(
                out,
                "{name}: {} row{}; would create {}, update {}, leave {} unchanged (--dry-run: nothing was written)",
                tally.total(),
                crate::text::plural_s(tally.total()),
                tally.created,
                tally.updated,
                tally.unchanged
            )?;
        }
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
