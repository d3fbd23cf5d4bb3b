//! `charte check`: evaluate the manifest against its referentials, and
//! write the report in one format to stdout and in others to files.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;

use crate::cli::CodeParser;
use crate::context::Context;
use crate::diag::{Diagnostic, Source};
use crate::engine::{self};
use crate::error::{exit, Error};
use crate::findings::{Code, FailOn, Level, Severity};
use crate::manifest::{Loaded, Whereabouts, MANIFEST_NAME};
use crate::report::{Format, Options, Report};
use crate::store;
use crate::suggest;

/// Check the declarations against the référentiels in use.
///
/// Prints a summary per product (its conformity rate over the mandatory
/// requirements) and the findings, each with a stable code (`charte explain
/// CODE` tells what it means and how to fix it). Exits 1 when a finding is at
/// or above --fail-on.
///
/// The référentiels are those pinned by charte.lock, beside charte.toml; a
/// missing lock is resolved and written first. In a pipeline, `--frozen`
/// checks exactly what the committed lock pins, with no network.
///
/// --report writes further formats from the same run, for CI: SARIF for code
/// scanning, JUnit for test reports, Markdown for a job summary, OSCAL
/// assessment results for auditors and GRC tools. They are
/// written even when the manifest is invalid (its problems are then
/// `invalid-manifest` findings).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte check
  charte check --product exemple-lgc --format json
  charte check --fail-on warning --allow partial
  charte check --frozen --format markdown --report sarif=charte.sarif --report junit=charte.xml

In CI, --frozen checks exactly the committed charte.lock, with no network.
Severity overrides also live in the manifest: [check] levels = { partial = \"error\" }.
The command line wins over the manifest; among flags, --deny wins over --warn over --allow.")]
pub struct Args {
    /// Only this product (repeatable); the organization's commitments are always checked
    #[arg(long = "product", short = 'p', value_name = "ID")]
    pub products: Vec<String>,

    /// Output format on stdout
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Also write the report as FORMAT to PATH (repeatable), e.g. sarif=charte.sarif
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_target)]
    pub reports: Vec<Target>,

    /// Which findings fail the run
    #[arg(long, value_enum, default_value_t = FailOnArg::Error, value_name = "SEVERITY")]
    pub fail_on: FailOnArg,

    /// Make findings of CODE errors (repeatable)
    #[arg(long, value_name = "CODE", value_parser = CODES, hide_possible_values = true)]
    pub deny: Vec<Code>,

    /// Make findings of CODE warnings (repeatable)
    #[arg(long, value_name = "CODE", value_parser = CODES, hide_possible_values = true)]
    pub warn: Vec<Code>,

    /// Drop findings of CODE (repeatable)
    #[arg(long, value_name = "CODE", value_parser = CODES, hide_possible_values = true)]
    pub allow: Vec<Code>,
}

/// A report to write to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub format: Format,
    pub path: PathBuf,
}

fn format_names() -> String {
    let names: Vec<&str> = Format::value_variants()
        .iter()
        .map(|f| f.as_str())
        .collect();
    names.join(", ")
}

fn parse_target(s: &str) -> Result<Target, String> {
    let Some((format, path)) = s.split_once('=') else {
        return Err(format!(
            "expected FORMAT=PATH, for example sarif=charte.sarif (formats: {})",
            format_names()
        ));
    };
    let format = Format::from_str(format, false).map_err(|_| {
        let names: Vec<&str> = Format::value_variants()
            .iter()
            .map(|f| f.as_str())
            .collect();
        let near = suggest::closest(format, names.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        format!(
            "unknown report format `{format}`; {near}formats are {}",
            format_names()
        )
    })?;
    if path.is_empty() {
        return Err(format!("no path after `{}=`", format.as_str()));
    }
    Ok(Target {
        format,
        path: PathBuf::from(path),
    })
}

/// Codes a severity override accepts.
const CODES: CodeParser = CodeParser { overridable: true };

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(a: FailOnArg) -> FailOn {
        match a {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    refuse_clashing_paths(&args.reports)?;
    let loaded = match ctx.manifest.load() {
        Ok(loaded) => loaded,
        Err(Error::Invalid { file, diags }) => return Err(invalid(args, ctx, *file, diags, out)),
        Err(e @ Error::Usage(_)) => {
            // No manifest to read: tools still get a report saying so.
            let name = match &ctx.manifest {
                Whereabouts::Given(path) => path.display().to_string(),
                Whereabouts::Search(_) => MANIFEST_NAME.to_string(),
            };
            let report = Report::stopped(Code::InvalidManifest, &name, &e.to_string(), ctx.today);
            return Err(failed(args, report, e.into(), out));
        }
        Err(e) => return Err(e.into()),
    };
    let name = loaded.source.name.clone();
    let report = match evaluate(args, ctx, loaded) {
        Ok(report) => report,
        Err(Failure::Invalid(source, diags)) => return Err(invalid(args, ctx, source, diags, out)),
        Err(Failure::Other(e)) => {
            return Err(match e.downcast_ref::<Error>() {
                Some(Error::Unavailable(why)) => {
                    let report =
                        Report::stopped(Code::ReferentialsUnavailable, &name, why, ctx.today);
                    failed(args, report, e, out)
                }
                _ => e,
            })
        }
    };
    emit(args, ctx, report, out)
}

/// A run that stopped before evaluating: the reports asked for still get
/// written, holding what stopped it, and the error stands.
fn failed(args: &Args, report: Report, error: anyhow::Error, out: &mut dyn Write) -> anyhow::Error {
    let written = write_reports(&args.reports, &report).and_then(|()| {
        if args.format != Format::Table {
            args.format
                .reporter(Options::plain())
                .render(&report, out)?;
        }
        Ok(())
    });
    match written {
        Ok(()) => error,
        Err(e) => e,
    }
}

/// Why the evaluation did not happen.
enum Failure {
    /// The manifest's `use` cannot be resolved: its problems, located.
    Invalid(Source, Vec<Diagnostic>),
    Other(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Other(e.into())
    }
}

/// Two reports to one file would leave only the last.
fn refuse_clashing_paths(targets: &[Target]) -> Result<(), Error> {
    for (i, a) in targets.iter().enumerate() {
        if let Some(b) = targets[..i].iter().find(|b| b.path == a.path) {
            return Err(Error::Usage(format!(
                "--report {}={} and --report {}={} write the same file: give each report its own path",
                b.format.as_str(),
                b.path.display(),
                a.format.as_str(),
                a.path.display()
            )));
        }
    }
    Ok(())
}

/// A manifest that could not be evaluated: the formats for tools still get
/// a report of its problems (as `invalid-manifest` findings), people get the
/// diagnostics on stderr, and the run exits 2.
fn invalid(
    args: &Args,
    ctx: &Context,
    source: Source,
    diags: Vec<Diagnostic>,
    out: &mut dyn Write,
) -> anyhow::Error {
    let report = Report::invalid(&source, &diags, ctx.today);
    let error = Error::Invalid {
        file: Box::new(source),
        diags,
    };
    failed(args, report, error.into(), out)
}

/// Each `--report`, from the one report of this run, written to its file as
/// it is rendered (an OSCAL document runs to tens of megabytes).
fn write_reports(targets: &[Target], report: &Report) -> anyhow::Result<()> {
    for t in targets {
        let reporter = t.format.reporter(Options::plain());
        write_file(&t.path, |out| reporter.render(report, out)).with_context(|| {
            format!(
                "cannot write the {} report to {}",
                t.format.as_str(),
                t.path.display()
            )
        })?;
    }
    Ok(())
}

fn write_file(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    store::write_streamed_if_changed(path, store::Mode::Keep, render).map(drop)
}

/// Writes the reports, then stdout, and says whether the run passed.
fn emit(args: &Args, ctx: &Context, mut report: Report, out: &mut dyn Write) -> anyhow::Result<u8> {
    write_reports(&args.reports, &report)?;
    let passed = report.summary.passed;
    // For people, --quiet keeps what fails the run; tools get everything.
    if ctx.quiet && matches!(args.format, Format::Table | Format::Markdown) {
        report.keep_failures();
    }
    let options = Options {
        style: ctx.stdout_style,
        width: ctx.stdout_width,
        quiet: ctx.quiet,
        every_finding: ctx.verbose > 0,
    };
    args.format.reporter(options).render(&report, out)?;
    Ok(if passed {
        exit::SUCCESS
    } else {
        exit::FINDINGS
    })
}

fn evaluate(args: &Args, ctx: &Context, loaded: Loaded) -> Result<Report, Failure> {
    for wanted in &args.products {
        super::pipeline::product(&loaded, wanted)?;
    }
    let mut prepared = match super::pipeline::prepare_loaded(ctx, loaded) {
        Ok(p) => p,
        Err(e) => match e.downcast::<Error>() {
            Ok(Error::Invalid { file, diags }) => return Err(Failure::Invalid(*file, diags)),
            Ok(other) => return Err(other.into()),
            Err(e) => return Err(e.into()),
        },
    };
    let overrides = args
        .allow
        .iter()
        .map(|&c| (c, Level::Allow))
        .chain(args.warn.iter().map(|&c| (c, Level::Is(Severity::Warning))))
        .chain(args.deny.iter().map(|&c| (c, Level::Is(Severity::Error))));
    prepared.levels.extend(overrides);
    let m = &prepared.loaded.manifest;
    let input = prepared.input(ctx, &args.products);
    let mut evaluation = engine::evaluate(&input);
    // The lock's findings come first: they say what the rest was checked against.
    evaluation
        .findings
        .splice(0..0, engine::lock_findings(&prepared.drift, input.levels));
    let report = Report::new(
        m,
        &prepared.loaded.source,
        &prepared.referentials,
        &evaluation,
        ctx.today,
        FailOn::from(args.fail_on),
    );
    Ok(report)
}
