//! What the registry commands (`login`, `logout`, `submit`, `status`) share:
//! which registry, which token, the client, and the documents of the
//! manifest as they would be submitted.

use std::path::PathBuf;
use std::time::Duration;

use super::pipeline;
use crate::context::Context;
use crate::engine::{self};
use crate::error::Error;
use crate::findings::Levels;
use crate::manifest::Loaded;
use crate::net::{self, Api, Url};
use crate::registry::client::{Failure, Registry, Retrying};
use crate::registry::credentials::{registry_key, Credentials, Token};
use crate::registry::document::{submissions, Submission};
use crate::registry::retry::Backoff;

/// Environment variable: the registry token, instead of the credentials file.
pub const TOKEN_VAR: &str = "CHARTE_TOKEN";
/// Environment variable: the first retry's longest wait, in milliseconds.
pub const RETRY_BASE_VAR: &str = "CHARTE_RETRY_BASE_MS";

/// Parses `--registry URL`: http(s), and plain http only to this machine.
pub fn parse_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s)
        .map_err(|e| format!("not a URL ({e}); for example https://registre.example.org"))?;
    if let Some(why) = net::refusal(&url) {
        return Err(format!("{why}; the token would cross the network in clear"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("give the registry's base address, without `?` or `#`".to_string());
    }
    Ok(url)
}

/// A registry: its address, and the name it is shown and stored under
/// (the address without a trailing slash).
#[derive(Clone, Debug)]
pub struct Target {
    pub url: Url,
    pub name: String,
}

impl Target {
    fn new(url: Url) -> Target {
        let name = registry_key(url.as_str());
        Target { url, name }
    }
}

/// `--registry`, else `[registry] url` of the manifest.
pub fn target(flag: Option<&Url>, loaded: Option<&Loaded>) -> Result<Target, Error> {
    if let Some(url) = flag {
        return Ok(Target::new(url.clone()));
    }
    let configured = loaded.and_then(|l| l.manifest.registry.as_ref());
    match configured {
        // The manifest's loader has refused what net refuses.
        Some(url) => Url::parse(&url.value)
            .map(Target::new)
            .map_err(|e| Error::Usage(format!("[registry] url `{}` is not a URL: {e}", url.value))),
        None => Err(Error::Usage(format!(
            "which registry? Give --registry URL, or name it once in {}:\n\n  [registry]\n  url = \"https://registre.example.org\"",
            loaded.map_or("charte.toml", |l| l.source.name.as_str())
        ))),
    }
}

/// The registry `--registry` names, else the manifest's `[registry] url`:
/// for the commands that need a manifest only to learn where to go.
pub fn target_of(ctx: &Context, flag: Option<&Url>) -> Result<Target, Error> {
    let loaded = match flag {
        Some(_) => None,
        None => ctx.manifest.load_if_any()?,
    };
    target(flag, loaded.as_ref())
}

/// Where the token came from, for advice when it is refused.
#[derive(Clone, Debug)]
pub enum TokenSource {
    Environment,
    File(PathBuf),
}

/// `CHARTE_TOKEN`, else the token stored for the registry by `charte login`.
pub fn token(target: &Target) -> anyhow::Result<(Token, TokenSource)> {
    if let Some(value) = std::env::var_os(TOKEN_VAR).filter(|v| !v.is_empty()) {
        let token = value.to_str().and_then(Token::new).ok_or_else(|| {
            Error::Usage(format!(
                "{TOKEN_VAR} is set but is not a token (it is empty or holds white space): set it to the token the registry issued"
            ))
        })?;
        return Ok((token, TokenSource::Environment));
    }
    let credentials = Credentials::default_location()?;
    match credentials.get(&target.name)? {
        Some(token) => Ok((token, TokenSource::File(credentials.path))),
        None => Err(Error::Network(format!(
            "no token for the registry {name}: run `charte login --registry {name}` (or set {TOKEN_VAR})",
            name = target.name
        ))
        .into()),
    }
}

/// The registry client, unless `--offline` forbids the network.
pub fn api<'a>(ctx: &'a Context, why: &str) -> Result<&'a Api, Error> {
    match &ctx.network {
        Some(network) => network.api(),
        None => Err(Error::Usage(format!(
            "{why}, and --offline forbids the network; run it without --offline"
        ))),
    }
}

/// The backoff of retries: the protocol's, with `CHARTE_RETRY_BASE_MS` as
/// the first wait's ceiling when it is set.
pub fn backoff() -> Result<Backoff, Error> {
    let mut backoff = Backoff::default();
    if let Some(value) = std::env::var_os(RETRY_BASE_VAR).filter(|v| !v.is_empty()) {
        let ms: u64 = value.to_str().and_then(|v| v.parse().ok()).ok_or_else(|| {
            Error::Usage(format!(
                "{RETRY_BASE_VAR} must be a number of milliseconds, like 250"
            ))
        })?;
        backoff.base = Duration::from_millis(ms);
    }
    Ok(backoff)
}

/// A client for `target`, with the token and the retry rules, telling
/// `watch` about each retry.
pub fn registry<'a>(
    api: &'a Api,
    target: &Target,
    token: &'a Token,
    watch: &'a (dyn Fn(&Retrying<'_>) + Sync),
) -> Result<Registry<'a>, Error> {
    Ok(Registry::new(api, &target.url, token)
        .backoff(backoff()?)
        .on_retry(watch))
}

/// A failure of the registry as an error (exit 4), with what to do about
/// a refused token.
pub fn failure(
    failure: &Failure,
    target: &Target,
    source: &TokenSource,
    siren: &str,
    file: &str,
) -> Error {
    let name = &target.name;
    Error::Network(match failure.status {
        Some(401) => match source {
            TokenSource::Environment => format!(
                "{name} refused the token in {TOKEN_VAR} (401: {}): set {TOKEN_VAR} to a valid token, \
                 or unset it and run `charte login --registry {name}`",
                failure.message
            ),
            TokenSource::File(path) => format!(
                "{name} refused the token stored in {} (401: {}): run `charte login --registry {name}` \
                 with a valid token",
                path.display(),
                failure.message
            ),
        },
        Some(403) => format!(
            "the token for {name} belongs to another organization than {siren}, the [organization] siren \
             of {file} (403: {}): log in with a token issued for {siren}: `charte login --registry {name}`",
            failure.message
        ),
        Some(_) => format!("the registry {name} answered {}", failure.describe()),
        None => format!(
            "{}\n  is the registry up? Check its address (--registry or [registry] url) and the network, then run the command again",
            failure.describe()
        ),
    })
}

/// The manifest's submission documents, as `submit` sends them.
pub struct Local {
    pub loaded: Loaded,
    /// The commitments' first (when `only` is empty), then each product.
    pub submissions: Vec<Submission>,
    /// Validity errors (SPEC §5), one line each with its location.
    pub invalid: Vec<String>,
    /// How charte.lock differs from `use`, one line each.
    pub drift: Vec<String>,
}

/// Loads the manifest, resolves its referentials through charte.lock,
/// evaluates the products of `only` (all when empty) at the default
/// severities (a manifest's overrides cannot hide a validity error), and
/// builds the documents.
pub fn local(ctx: &Context, only: &[String]) -> anyhow::Result<Local> {
    let loaded = ctx.manifest.load()?;
    for id in only {
        pipeline::product(&loaded, id)?;
    }
    let prepared = pipeline::prepare_loaded(ctx, loaded)?;
    let defaults = Levels::default();
    let evaluation = engine::evaluate(&prepared.input_with(ctx, only, &defaults));
    let source = &prepared.loaded.source;
    let at = |span: Option<crate::diag::Span>| match span {
        Some(span) => {
            let lc = source.line_col(span.start());
            format!("{}:{}:{}", source.name, lc.line, lc.column)
        }
        None => source.name.clone(),
    };
    let invalid = evaluation
        .findings
        .iter()
        .filter(|f| f.code.is_validity())
        .map(|f| format!("{}: {}: {}", at(f.span), f.code, f.message))
        .collect();
    let drift = prepared
        .drift
        .iter()
        .map(|d| format!("{}: {}", at(d.span), d.message))
        .collect();
    let mut documents = submissions(
        &prepared.loaded.manifest,
        &prepared.referentials,
        &evaluation,
    );
    if !only.is_empty() {
        // `--product` sends those products only; the commitments go with a
        // run over the whole manifest.
        documents.retain(|s| s.product.is_some());
    }
    Ok(Local {
        loaded: prepared.loaded,
        submissions: documents,
        invalid,
        drift,
    })
}

/// A table for stdout, as `check` draws them.
pub fn table(ctx: &Context, header: &[&str]) -> comfy_table::Table {
    crate::report::table::new(header, ctx.stdout_style, ctx.stdout_width)
}
