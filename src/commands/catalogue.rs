//! `charte catalogue sign`: signs a catalogue folder's `index.json` with a
//! minisign secret key, writing `index.json.minisig` beside it (SPEC §8).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::catalogue::model::Index;
use crate::context::Context;
use crate::error::{exit, Error};
use crate::store;

/// Work on a catalogue folder you publish.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Sign(SignArgs),
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
        Command::Sign(sign) => run_sign(sign, ctx, out),
    }
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
