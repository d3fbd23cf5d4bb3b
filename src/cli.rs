//! The command line: the single source of `--help` and of shell completions.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

use crate::commands;
use crate::context::GlobalArgs;
use crate::findings::{explain, Code};
use crate::suggest;

/// Declare, check and submit your conformity to the référentiels of French
/// e-santé (charter « Engagé pour la e-santé »).
///
/// charte reads charte.toml (your organization, products, commitments and
/// one declaration per product and requirement) and checks it against the
/// référentiels it uses: INS, Pro Santé Connect, MSSanté, DMP, e-prescription,
/// security, ethics, Ségur REMs…
#[derive(Debug, Parser)]
#[command(
    name = "charte",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 findings at or above --fail-on, 2 invalid input, \
3 referentials unavailable, 4 network or registry failure."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::Args),
    Product(commands::product::Args),
    Declare(commands::declare::Args),
    Commit(commands::commit::Args),
    Import(commands::import::Args),
    Export(commands::export::Args),
    Referentials(commands::referentials::Args),
    Catalogue(commands::catalogue::Args),
    Fetch(commands::fetch::Args),
    Update(commands::update::Args),
    Use(commands::uses::Args),
    Check(commands::check::Args),
    Upcoming(commands::upcoming::Args),
    Report(commands::report::Args),
    Badge(commands::badge::Args),
    Login(commands::login::Args),
    Logout(commands::logout::Args),
    Submit(commands::submit::Args),
    Status(commands::status::Args),
    Verify(commands::verify::Args),
    Explain(commands::explain::Args),
    Completions(commands::completions::Args),
}

impl Command {
    /// Whether the command rewrites the manifest.
    pub fn edits_manifest(&self) -> bool {
        matches!(
            self,
            Command::Product(_)
                | Command::Declare(_)
                | Command::Commit(_)
                | Command::Import(_)
                | Command::Use(_)
        )
    }
}

/// Parses a finding code, and offers every code to shell completions
/// (their list stays out of `--help`: see `hide_possible_values`).
#[derive(Clone, Copy, Debug)]
pub struct CodeParser {
    /// Only the codes whose severity can be overridden.
    pub overridable: bool,
}

impl CodeParser {
    fn codes(self) -> impl Iterator<Item = Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(move |c| !self.overridable || c.overridable())
    }

    fn code(self, s: &str) -> Result<Code, String> {
        match s.parse::<Code>() {
            Ok(code) if self.codes().any(|c| c == code) => Ok(code),
            Ok(code) => Err(format!(
                "`{code}` cannot be overridden: a manifest that does not parse is always an error"
            )),
            Err(_) => {
                let names: Vec<&str> = self.codes().map(Code::as_str).collect();
                let near = suggest::closest(s, names.iter().copied())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                Err(format!(
                    "unknown finding code; {near}codes are {} (`charte explain` tells what each means)",
                    names.join(", ")
                ))
            }
        }
    }
}

impl TypedValueParser for CodeParser {
    type Value = Code;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Code, clap::Error> {
        let s = value.to_string_lossy();
        self.code(&s).map_err(|why| {
            let arg = arg.map_or_else(|| "CODE".to_string(), ToString::to_string);
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!("invalid value '{s}' for '{arg}': {why}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.codes().map(|c| {
            PossibleValue::new(c.as_str()).help(explain::explain(c).summary)
        })))
    }
}
