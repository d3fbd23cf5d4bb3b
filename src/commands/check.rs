//! `charte check`: evaluate the manifest against its referentials.

use std::io::Write;

use clap::ValueEnum;

use crate::catalogue::{self, LOCK_NAME};
use crate::context::Context;
use crate::engine::{self, Code, FailOn, Finding, Level, Levels, Severity};
use crate::error::{exit, Error};
use crate::evidence::Disk;
use crate::report::{Format, Report};
use crate::suggest;

/// Check the declarations against the référentiels in use.
///
/// Prints a summary per product (its conformity rate over the mandatory
/// requirements) and the findings, each with a stable code. Exits 1 when a
/// finding is at or above --fail-on.
///
/// The référentiels are those pinned by charte.lock, beside charte.toml; a
/// missing lock is resolved and written first. In a pipeline, `--frozen`
/// checks exactly what the committed lock pins, with no network.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte check\n  charte check --product exemple-lgc --format json\n  charte check --fail-on warning --allow partial\n  charte check --frozen --format json   # in CI: exactly the committed charte.lock, no network"
)]
pub struct Args {
    /// Only this product (repeatable); the organization's commitments are always checked
    #[arg(long = "product", short = 'p', value_name = "ID")]
    pub products: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Which findings fail the run
    #[arg(long, value_enum, default_value_t = FailOnArg::Error, value_name = "SEVERITY")]
    pub fail_on: FailOnArg,

    /// Make findings of CODE errors (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub deny: Vec<Code>,

    /// Make findings of CODE warnings (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub warn: Vec<Code>,

    /// Drop findings of CODE (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,
}

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

fn parse_code(s: &str) -> Result<Code, String> {
    match s.parse::<Code>() {
        Ok(Code::InvalidManifest) => Err("`invalid-manifest` cannot be overridden".to_string()),
        Ok(code) => Ok(code),
        Err(_) => {
            let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let near = suggest::closest(s, all.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            Err(format!(
                "unknown finding code; {near}codes are: {}",
                all.join(", ")
            ))
        }
    }
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = match ctx.load() {
        Ok(loaded) => loaded,
        Err(Error::Invalid {
            file: source,
            diags,
        }) if args.format == Format::Json => {
            // Scripts still get a report; people get the diagnostics on stderr.
            let report = Report::invalid(&source, &diags, ctx.today);
            args.format
                .reporter(ctx.stdout_style)
                .render(&report, out)?;
            return Err(Error::Invalid {
                file: source,
                diags,
            }
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let m = &loaded.manifest;
    for wanted in &args.products {
        if !m.products.iter().any(|p| p.id.value == *wanted) {
            let ids: Vec<&str> = m.products.iter().map(|p| p.id.value.as_str()).collect();
            return Err(Error::Usage(format!(
                "--product {wanted}: {} has no such product (it has {})",
                loaded.source.name,
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    suggest::list(&ids)
                }
            ))
            .into());
        }
    }
    let resolution = catalogue::resolve::for_manifest(ctx, &loaded)?;
    let referentials = resolution.referentials;

    let mut overrides = m.levels.clone();
    overrides.extend(args.allow.iter().map(|&c| (c, Level::Allow)));
    overrides.extend(args.warn.iter().map(|&c| (c, Level::Is(Severity::Warning))));
    overrides.extend(args.deny.iter().map(|&c| (c, Level::Is(Severity::Error))));
    let levels = Levels::new(overrides);
    let files = Disk::new(loaded.folder());
    let input = engine::Input {
        manifest: m,
        source: &loaded.source,
        referentials: &referentials,
        today: ctx.today,
        files: &files,
        levels: &levels,
        only: &args.products,
    };
    let mut evaluation = engine::evaluate(&input);
    // The lock's findings come first: they say what the rest was checked against.
    let lock_findings = resolution.drift.iter().filter_map(|d| {
        let severity = levels.apply(Code::LockOutOfDate, Severity::Error)?;
        Some(Finding {
            code: Code::LockOutOfDate,
            severity,
            product: None,
            requirement: None,
            message: format!(
                "{}; checked against what `charte fetch` would lock: run it and commit {LOCK_NAME}",
                d.message
            ),
            span: d.span,
        })
    });
    evaluation.findings.splice(0..0, lock_findings);
    let fail_on = FailOn::from(args.fail_on);
    let mut report = Report::new(
        m,
        &loaded.source,
        &referentials,
        &evaluation,
        ctx.today,
        fail_on,
    );
    if ctx.quiet && args.format == Format::Table {
        report.findings.retain(|f| f.severity == Severity::Error);
    }
    args.format
        .reporter(ctx.stdout_style)
        .render(&report, out)?;
    Ok(if report.summary.passed {
        exit::SUCCESS
    } else {
        exit::FINDINGS
    })
}
