//! Global options, validated once before any work: where the manifest is,
//! the evaluation date, network and output settings.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::catalogue::Resolver;
use crate::date::Date;
use crate::manifest::Whereabouts;
use crate::net::Network;
use crate::shell::Shell;
use crate::store::Deferred;
use crate::style::Style;

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
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "PATH",
        env = "CHARTE_MANIFEST"
    )]
    pub manifest: Option<PathBuf>,

    /// Print only errors
    #[arg(
        short,
        long,
        global = true,
        help_heading = "Global options",
        conflicts_with = "verbose"
    )]
    pub quiet: bool,

    /// Say more about what is done (on stderr)
    #[arg(short, long, global = true, help_heading = "Global options", action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colours
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never use the network: referentials come from the embedded catalogue and the cache
    #[arg(long, global = true, help_heading = "Global options")]
    pub offline: bool,

    /// Fail instead of writing or changing charte.lock
    #[arg(long, global = true, help_heading = "Global options")]
    pub locked: bool,

    /// Both --locked and --offline: check exactly what charte.lock pins, with no network
    #[arg(long, global = true, help_heading = "Global options")]
    pub frozen: bool,

    /// Evaluation date, YYYY-MM-DD [default: today, UTC]
    #[arg(long, global = true, help_heading = "Global options", value_name = "DATE", env = "CHARTE_TODAY", value_parser = parse_date)]
    pub today: Option<Date>,
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("{e} (for example 2026-11-23)"))
}

/// Validated global settings.
#[derive(Debug)]
pub struct Context {
    /// The manifest the user named, or the folder to search upward from.
    pub manifest: Whereabouts,
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
    /// Where messages to people go.
    pub shell: Shell,
    /// Files written only if the command succeeds.
    pub deferred: Deferred,
}

/// The process's standard streams as `main` sees them: the library never
/// opens them itself.
pub struct Streams {
    pub stdout_terminal: bool,
    /// The terminal's width, when stdout is one.
    pub stdout_width: Option<u16>,
    pub stderr_terminal: bool,
    pub stderr: Box<dyn Write + Send>,
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

impl Context {
    pub fn new(args: &GlobalArgs, streams: Streams) -> anyhow::Result<Context> {
        let no_color = std::env::var_os("NO_COLOR");
        let color = |terminal| Style::new(use_color(args.color, terminal, no_color.as_deref()));
        let stderr_style = color(streams.stderr_terminal);
        Ok(Context {
            manifest: match &args.manifest {
                Some(path) => Whereabouts::Given(path.clone()),
                None => Whereabouts::Search(std::env::current_dir()?),
            },
            today: args.today.unwrap_or_else(Date::today_utc),
            network: (!args.offline && !args.frozen).then(Network::default),
            locked: args.locked || args.frozen,
            cache_dir: cache_dir(),
            quiet: args.quiet,
            verbose: args.verbose,
            stdout_style: color(streams.stdout_terminal),
            stderr_style,
            stdout_width: streams.stdout_width,
            deferred: Deferred::default(),
            shell: Shell::new(
                streams.stderr,
                streams.stderr_terminal,
                stderr_style,
                args.quiet,
                args.verbose,
            ),
        })
    }

    /// What resolving referentials may do: use the network, the cache,
    /// change `charte.lock`.
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver {
            network: self.network.as_ref(),
            cache_dir: self.cache_dir.as_deref(),
            locked: self.locked,
            deferred: &self.deferred,
            folder: None,
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
