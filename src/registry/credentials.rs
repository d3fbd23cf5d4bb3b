//! Registry tokens: `CHARTE_TOKEN`, else the credentials file
//! (`<config dir>/charte/credentials.toml`, or `$CHARTE_CONFIG_DIR/credentials.toml`),
//! one token per registry URL, readable by its owner only (mode 0600).
//!
//! A [`Token`] never prints: it has no `Display`, and its `Debug` is redacted,
//! so it cannot end up in a message or a log by accident.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

use crate::error::Error;
use crate::store::{self, Mode};
use crate::text;

pub const FILE_NAME: &str = "credentials.toml";

/// A registry token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A token as typed or read; surrounding white space is dropped.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| Token(t.to_string()))
    }

    /// The secret, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    registry: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    token: String,
}

/// The credentials file.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub path: PathBuf,
}

/// Registries are keyed by their URL without a trailing slash.
pub fn registry_key(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

impl Credentials {
    /// The credentials file in `dir`.
    pub fn in_dir(dir: &Path) -> Credentials {
        Credentials {
            path: dir.join(FILE_NAME),
        }
    }

    /// `$CHARTE_CONFIG_DIR`, else the user's configuration folder + `charte`.
    pub fn default_location() -> anyhow::Result<Credentials> {
        if let Some(dir) = std::env::var_os("CHARTE_CONFIG_DIR").filter(|d| !d.is_empty()) {
            return Ok(Credentials::in_dir(Path::new(&dir)));
        }
        let base = directories::BaseDirs::new()
            .context("no home folder to keep credentials in; set CHARTE_CONFIG_DIR")?;
        Ok(Credentials::in_dir(&base.config_dir().join("charte")))
    }

    fn read(&self) -> anyhow::Result<File> {
        let name = self.path.display().to_string();
        check_private(&self.path, &name)?;
        let Some(bytes) = store::read_bounded_if_any(&self.path, &name, MAX_BYTES)? else {
            return Ok(File::default());
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{name} is not a valid credentials file (not UTF-8); remove it and log in again"
            )
        })?;
        toml::from_str(&text).map_err(|e| {
            // The parser's message may quote the file; it holds secrets.
            anyhow::anyhow!(
                "{name} is not a valid credentials file (line {}); remove it and log in again",
                e.span()
                    .map_or(0, |s| text[..s.start].lines().count().max(1))
            )
        })
    }

    /// The token stored for a registry.
    pub fn get(&self, registry: &str) -> anyhow::Result<Option<Token>> {
        let file = self.read()?;
        Ok(file
            .registry
            .get(&registry_key(registry))
            .and_then(|e| Token::new(&e.token)))
    }

    /// Stores a registry's token (replacing any), under the file's lock.
    pub fn set(&self, registry: &str, token: &Token) -> anyhow::Result<()> {
        self.update(|tokens| {
            tokens.insert(registry_key(registry), token.expose().to_string());
            true
        })
        .map(|_| ())
    }

    /// Removes a registry's token; whether there was one.
    pub fn remove(&self, registry: &str) -> anyhow::Result<bool> {
        self.update(|tokens| tokens.remove(&registry_key(registry)).is_some())
    }

    fn update(
        &self,
        change: impl FnOnce(&mut BTreeMap<String, String>) -> bool,
    ) -> anyhow::Result<bool> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let _lock = store::lock_for(&self.path)
            .with_context(|| format!("cannot lock {}", self.path.display()))?;
        let mut tokens: BTreeMap<String, String> = self
            .read()?
            .registry
            .into_iter()
            .map(|(k, v)| (k, v.token))
            .collect();
        if !change(&mut tokens) {
            return Ok(false);
        }
        store::write_if_changed(&self.path, render(&tokens).as_bytes(), Mode::Exactly(0o600))
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(true)
    }
}

/// Largest credentials file charte reads: tokens for many registries fit
/// in a fraction of it.
const MAX_BYTES: u64 = 1 << 20;

/// Refuses a credentials file that others may read or change: a token
/// another user can read is no longer a secret, and one they can write
/// sends this user's submissions under someone else's name.
#[cfg(unix)]
fn check_private(path: &Path, name: &str) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions().mode() & 0o777,
        Err(_) => return Ok(()), // missing, or the read says why
    };
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{name} is {} by other users (mode {mode:o}), and it holds registry tokens; \
         charte uses it only when private\n  help: run `chmod 600 {}`, and log in again \
         if others may have read it",
        if mode & 0o022 != 0 {
            "writable"
        } else {
            "readable"
        },
        path.display(),
    )))
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _name: &str) -> Result<(), Error> {
    Ok(())
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

/// The file's one canonical form.
fn render(tokens: &BTreeMap<String, String>) -> String {
    let mut out =
        String::from("# Registry tokens, written by `charte login`. Keep this file private.\n");
    for (registry, token) in tokens {
        out.push_str(&format!(
            "\n[registry.{}]\ntoken = {}\n",
            text::toml_string(registry),
            text::toml_string(token)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_per_registry() {
        let dir = tempfile::tempdir().unwrap();
        let creds = Credentials::in_dir(&dir.path().join("charte"));
        assert_eq!(creds.get("https://r.example").unwrap(), None);
        let a = Token::new(" chr_aaa \n").unwrap();
        creds.set("https://r.example/", &a).unwrap();
        creds
            .set("http://127.0.0.1:8080", &Token::new("chr_b\"\\").unwrap())
            .unwrap();
        assert_eq!(creds.get("https://r.example").unwrap(), Some(a));
        assert_eq!(
            creds
                .get("http://127.0.0.1:8080")
                .unwrap()
                .unwrap()
                .expose(),
            "chr_b\"\\"
        );
        assert!(creds.remove("https://r.example").unwrap());
        assert!(!creds.remove("https://r.example").unwrap());
        assert_eq!(creds.get("https://r.example").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let creds = Credentials::in_dir(dir.path());
        creds
            .set("https://r.example", &Token::new("chr_x").unwrap())
            .unwrap();
        let mode = std::fs::metadata(&creds.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_token_never_prints() {
        let t = Token::new("chr_secret").unwrap();
        assert!(!format!("{t:?}").contains("secret"));
        assert!(Token::new("two words").is_none());
        assert!(Token::new("  ").is_none());
    }
}
