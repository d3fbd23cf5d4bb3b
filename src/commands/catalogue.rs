//! `charte catalogue index|verify`: keep a catalogue folder's index.json in
//! step with its documents, and check a catalogue, local or served.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::catalogue::folder::{self, INDEX};
use crate::catalogue::resolve::{MAX_DOCUMENT_BYTES, MAX_INDEX_BYTES};
use crate::catalogue::Index;
use crate::context::Context;
use crate::error::{exit, Error};
use crate::net::{Fetched, Url};
use crate::store::{self, Mode};

/// Maintain a catalogue folder: its index, and checks of every document.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    Index(IndexArgs),
    Verify(VerifyArgs),
}

/// (Re)write DIR/index.json from the documents DIR/<id>/<version>.toml,
/// with their sha256.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  charte catalogue index referentiels")]
pub struct IndexArgs {
    /// The catalogue folder
    pub dir: PathBuf,
}

/// Check that every entry of a catalogue's index is there, parses and
/// matches its sha256.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  charte catalogue verify referentiels\n  charte catalogue verify https://referentiels.example.org/v1/index.json"
)]
pub struct VerifyArgs {
    /// A catalogue folder, its index.json, or the index's https URL
    #[arg(value_name = "DIR|URL")]
    pub location: String,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    match &args.command {
        Sub::Index(a) => index(a, out),
        Sub::Verify(a) => verify(a, ctx, out),
    }
}

fn index(args: &IndexArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(Error::Usage(format!("{} is not a folder", dir.display())).into());
    }
    let path = dir.join(INDEX);
    let _lock = store::lock_for(&path)?;
    let old = match std::fs::read(&path) {
        Ok(bytes) => Index::parse(&bytes).ok(),
        Err(_) => None,
    };
    let json = folder::build_index(dir, old.as_ref()).map_err(Error::Usage)?;
    store::write_if_changed(&path, &json, Mode::Keep)?;
    writeln!(out, "{}", path.display())?;
    Ok(exit::SUCCESS)
}

fn verify(args: &VerifyArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let location = args.location.as_str();
    let (index, checked, problems) = if location.starts_with("https://")
        || location.starts_with("http://")
    {
        let base = Url::parse(location)
            .map_err(|e| Error::Usage(format!("`{location}` is not a URL ({e})")))?;
        let network = ctx.network.as_ref().ok_or_else(|| {
            Error::Unavailable(format!("{location} cannot be checked with --offline"))
        })?;
        let client = network.client()?;
        let body = |url: &Url, cap| -> Result<Vec<u8>, Error> {
            match client.get(url, None, cap)? {
                Fetched::Body { bytes, .. } => Ok(bytes),
                Fetched::NotModified => Err(Error::Network(format!("{url} answered 304 unasked"))),
            }
        };
        let bytes = body(&base, MAX_INDEX_BYTES)?;
        let index =
            Index::parse(&bytes).map_err(|e| Error::Unavailable(format!("{location}: {e}")))?;
        let (checked, problems) = folder::verify(&index, |url| {
            let target = base.join(url).map_err(|e| format!("not a URL ({e})"))?;
            body(&target, MAX_DOCUMENT_BYTES).map_err(|e| e.to_string())
        });
        (location.to_string(), checked, problems)
    } else {
        let given = Path::new(location);
        let (dir, path) = if given.is_dir() {
            (given.to_path_buf(), given.join(INDEX))
        } else {
            (
                given.parent().unwrap_or(Path::new(".")).to_path_buf(),
                given.to_path_buf(),
            )
        };
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::Unavailable(format!("{}: cannot read it ({e})", path.display())))?;
        let index = Index::parse(&bytes)
            .map_err(|e| Error::Unavailable(format!("{}: {e}", path.display())))?;
        let (checked, problems) = folder::verify(&index, |url| {
            if url.contains("://") || url.starts_with('/') || url.split('/').any(|s| s == "..") {
                return Err("a local catalogue's URLs stay inside its folder".to_string());
            }
            std::fs::read(dir.join(url)).map_err(|e| format!("missing ({e})"))
        });
        (path.display().to_string(), checked, problems)
    };
    if !problems.is_empty() {
        let mut err = ctx.shell.err();
        for p in &problems {
            writeln!(err, "error: {p}")?;
        }
        drop(err);
        return Err(Error::Unavailable(format!(
            "{index}: {} of {} failed",
            crate::text::plural(problems.len(), "document"),
            checked
        ))
        .into());
    }
    writeln!(
        out,
        "{index}: {} verified",
        crate::text::plural(checked, "document")
    )?;
    Ok(exit::SUCCESS)
}
