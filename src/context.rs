//! Global options, validated once before any work: where the manifest is,
//! the evaluation date, network and output settings.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::catalogue::Cache;
use crate::date::Date;
use crate::diag::{Diagnostic, Source, Span};
use crate::error::Error;
use crate::manifest::{self, Manifest, MAX_MANIFEST_BYTES};
use crate::net::Network;
use crate::style::Style;

pub const MANIFEST_NAME: &str = "charte.toml";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

/// Options every command takes.
#[derive(Clone, Debug, clap::Args)]
pub struct GlobalArgs {
    /// Path to charte.toml [default: searched in the current folder and its parents]
    #[arg(long, global = true, value_name = "PATH", env = "CHARTE_MANIFEST")]
    pub manifest: Option<PathBuf>,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more about what is done (on stderr)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colours
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never use the network: referentials come from the embedded catalogue and the cache
    #[arg(long, global = true)]
    pub offline: bool,

    /// Fail instead of writing or changing charte.lock
    #[arg(long, global = true)]
    pub locked: bool,

    /// Both --locked and --offline: check exactly what charte.lock pins, with no network
    #[arg(long, global = true)]
    pub frozen: bool,

    /// Evaluation date, YYYY-MM-DD [default: today, UTC]
    #[arg(long, global = true, value_name = "DATE", env = "CHARTE_TODAY", value_parser = parse_date)]
    pub today: Option<Date>,
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("{e} (for example 2026-11-23)"))
}

/// Validated global settings.
#[derive(Debug)]
pub struct Context {
    pub manifest: Option<PathBuf>,
    pub today: Date,
    /// The network, unless `--offline` (or `--frozen`): then there is none.
    pub network: Option<Network>,
    /// `--locked` (or `--frozen`): charte.lock must not be written or changed.
    pub locked: bool,
    /// Where downloaded referentials are kept: `CHARTE_CACHE_DIR`, else the
    /// platform's cache folder; `None` when neither exists.
    pub cache_dir: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: u8,
    pub stdout_style: Style,
    pub stderr_style: Style,
    /// The terminal's width when stdout is one: tables fit in it.
    pub stdout_width: Option<u16>,
    pub cwd: PathBuf,
}

/// `CHARTE_CACHE_DIR`, else the platform's cache folder for charte.
fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("CHARTE_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "charte").map(|d| d.cache_dir().to_path_buf()),
    }
}

/// Whether to colour a stream: `--color`, else only a terminal, and never
/// when NO_COLOR is set to anything but the empty string.
fn use_color(choice: ColorChoice, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// A manifest read and validated, with its text for locations.
pub struct Loaded {
    pub path: PathBuf,
    pub source: Source,
    pub manifest: Manifest,
}

impl Loaded {
    /// The folder evidence paths are relative to.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

impl Context {
    pub fn new(args: &GlobalArgs) -> anyhow::Result<Context> {
        let no_color = std::env::var_os("NO_COLOR");
        let stdout = std::io::stdout();
        let stdout_terminal = stdout.is_terminal();
        let color = |terminal| Style::new(use_color(args.color, terminal, no_color.as_deref()));
        Ok(Context {
            manifest: args.manifest.clone(),
            today: args.today.unwrap_or_else(Date::today_utc),
            network: (!args.offline && !args.frozen).then(Network::default),
            locked: args.locked || args.frozen,
            cache_dir: cache_dir(),
            quiet: args.quiet,
            verbose: args.verbose,
            stdout_style: color(stdout_terminal),
            stderr_style: color(std::io::stderr().is_terminal()),
            stdout_width: if stdout_terminal {
                terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0)
            } else {
                None
            },
            cwd: std::env::current_dir()?,
        })
    }

    /// The cache of downloaded referentials.
    pub fn cache(&self) -> Result<Cache, Error> {
        match &self.cache_dir {
            Some(dir) => Ok(Cache::new(dir.clone())),
            None => Err(Error::Usage(
                "no cache folder: this system has no home folder; set CHARTE_CACHE_DIR to a folder charte may write to".to_string(),
            )),
        }
    }

    /// The manifest's path and the name to show for it.
    pub fn manifest_path(&self) -> Result<(PathBuf, String), Error> {
        if let Some(path) = &self.manifest {
            return Ok((path.clone(), path.display().to_string()));
        }
        let mut dir = self.cwd.as_path();
        let mut up = 0;
        loop {
            let candidate = dir.join(MANIFEST_NAME);
            if candidate.is_file() {
                return Ok((candidate, format!("{}{MANIFEST_NAME}", "../".repeat(up))));
            }
            match dir.parent() {
                Some(parent) => {
                    dir = parent;
                    up += 1;
                }
                None => {
                    return Err(Error::Usage(format!(
                        "could not find {MANIFEST_NAME} in {} or any parent folder\n\
                         \n  write one (see examples/solo/charte.toml in the charte repository for a start),\n  \
                         or point at it with --manifest PATH or CHARTE_MANIFEST",
                        self.cwd.display()
                    )))
                }
            }
        }
    }

    /// Finds, reads and validates the manifest.
    pub fn load(&self) -> Result<Loaded, Error> {
        let (path, name) = self.manifest_path()?;
        let source = read_source(&path, &name)?;
        match manifest::parse(&source) {
            Ok(manifest) => Ok(Loaded {
                path,
                source,
                manifest,
            }),
            Err(diags) => Err(Error::Invalid {
                file: Box::new(source),
                diags,
            }),
        }
    }
}

/// Reads a manifest's text, refusing what cannot be one.
pub(crate) fn read_source(path: &Path, name: &str) -> Result<Source, Error> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::Usage(if e.kind() == std::io::ErrorKind::NotFound {
            format!("{name} does not exist")
        } else {
            format!("cannot read {name}: {e}")
        })
    })?;
    if meta.is_dir() {
        return Err(Error::Usage(format!(
            "{name} is a folder, not a manifest: point --manifest at the charte.toml inside it"
        )));
    }
    if meta.len() > MAX_MANIFEST_BYTES as u64 {
        return Err(Error::Usage(format!(
            "{name} is {} MiB; charte reads manifests of up to {} MiB",
            meta.len() >> 20,
            MAX_MANIFEST_BYTES >> 20
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Error::Usage(format!("cannot read {name}: {e}")))?;
    source_from_bytes(name, bytes)
}

/// A manifest's bytes as text: invalid UTF-8 is a diagnostic at the first
/// bad byte, over the text read lossily.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Source, Error> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = Source::new(name, text);
            let diag = Diagnostic::new("the manifest is not valid UTF-8", Span::from(at..at + 1))
                .label("invalid byte")
                .help("save the file as UTF-8 (TOML files are always UTF-8)");
            Err(Error::Invalid {
                file: Box::new(source),
                diags: vec![diag],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use ColorChoice::*;
        assert!(use_color(Auto, true, None));
        assert!(!use_color(Auto, false, None));
        assert!(!use_color(Auto, true, Some(OsStr::new("1"))));
        assert!(use_color(Auto, true, Some(OsStr::new(""))));
        assert!(use_color(Always, false, Some(OsStr::new("1"))));
        assert!(!use_color(Never, true, None));
    }
}
