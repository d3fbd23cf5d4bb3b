//! `charte catalogue index|verify|sign`: keep a catalogue folder's
//! index.json in step with its documents, check a catalogue, local or
//! served, and sign its index with a minisign key (`index.json.minisig`).

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
    Sign(SignArgs),
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

/// Sign a catalogue's index.json, for manifests that name its key.
///
/// Writes DIR/index.json.minisig, a minisign signature of DIR/index.json
/// by the secret key FILE (as `minisign -G` writes it; a key protected by
/// a password asks for it, or takes it from CHARTE_KEY_PASSWORD). The
/// index must carry an integer `serial`, raised at each change: charte.lock
/// keeps it, and `fetch` refuses an index whose serial went down. Manifests
/// that set `[referentials] key` to the public key (the `RW…` line of
/// minisign.pub) then refuse an index that is unsigned or badly signed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  charte catalogue sign public/v1 --key ~/.minisign/catalogue.key"
)]
pub struct SignArgs {
    /// The catalogue folder holding index.json
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The minisign secret key
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    match &args.command {
        Sub::Index(a) => index(a, out),
        Sub::Verify(a) => verify(a, ctx, out),
        Sub::Sign(a) => run_sign(a, ctx, out),
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

fn run_sign(args: &SignArgs, ctx: &Context, _out: &mut dyn Write) -> anyhow::Result<u8> {
    let index_path = args.dir.join("index.json");
    let index_name = index_path.display().to_string();
    let body = std::fs::read(&index_path)
        .map_err(|e| Error::Usage(format!("cannot read {index_name}: {e}")))?;
    let index = Index::parse(&body)
        .map_err(|e| Error::Usage(format!("{index_name} is not a referential index: {e}")))?;
    let Some(serial) = index.serial else {
        return Err(Error::Usage(format!(
            "{index_name} has no `serial`: add `\"serial\": 1` to it (and raise it at each change), \
             so that manifests can refuse an older copy of the catalogue"
        ))
        .into());
    };
    let signature = sign(&body, &args.key, serial)?;
    let signature_path = args.dir.join("index.json.minisig");
    store::write_atomic(&signature_path, signature.as_bytes(), store::Mode::Keep)
        .map_err(|e| Error::Usage(format!("cannot write {}: {e}", signature_path.display())))?;
    ctx.shell.say(&format!(
        "signed {index_name} (serial {serial}) into {}",
        signature_path.display()
    ))?;
    Ok(exit::SUCCESS)
}

/// The text of a minisign signature of `body` by the secret key at `path`.
fn sign(body: &[u8], path: &Path, serial: u64) -> Result<String, Error> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read the secret key {name}: {e}")))?;
    let not_a_key = |e: minisign::PError| {
        Error::Usage(format!(
            "{name} is not a minisign secret key ({e}): give the file `minisign -G` wrote (minisign.key)"
        ))
    };
    let boxed = || minisign::SecretKeyBox::from_string(&text).map_err(not_a_key);
    // A key without a password reads as is; any other is decrypted, with
    // the password of CHARTE_KEY_PASSWORD or one typed on the terminal.
    // Read without a password, an encrypted key fails its checksum.
    let secret = match boxed()?.into_unencrypted_secret_key() {
        Ok(secret) => secret,
        Err(e) if !matches!(e.kind(), minisign::ErrorKind::Verify) => return Err(not_a_key(e)),
        Err(_) => {
            let password = match std::env::var("CHARTE_KEY_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    rpassword::prompt_password(format!("Password of {name}: ")).map_err(|e| {
                        Error::Usage(format!(
                            "{name} is protected by a password and none could be read ({e}): \
                             set CHARTE_KEY_PASSWORD"
                        ))
                    })?
                }
            };
            boxed()?.into_secret_key(Some(password)).map_err(|e| {
                Error::Usage(format!(
                    "cannot open the secret key {name}: {e}; check its password"
                ))
            })?
        }
    };
    let trusted = format!("charte catalogue index.json serial {serial}");
    let signature = minisign::sign(None, &secret, body, Some(&trusted), None)
        .map_err(|e| Error::Usage(format!("cannot sign with {name}: {e}")))?;
    Ok(signature.into_string())
}
