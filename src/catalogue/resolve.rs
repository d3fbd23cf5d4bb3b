//! Resolution: from the manifest's `use` entries to exact, verified
//! documents, through `charte.lock` (SPEC §1.4, §4).
//!
//! Every command that needs referentials goes through [`for_manifest`]:
//! with a lock that matches `use`, the locked documents are taken from the
//! embedded catalogue or the cache (downloaded from their locked URL if
//! missing and the network is allowed), each checked against its sha256. A
//! missing lock is resolved and written; a lock out of date with `use` is a
//! finding, or exit 3 under `--locked`.
//!
//! The choice of versions ([`plan`]) and the comparison of a lock with `use`
//! ([`drift`]) are pure; the rest reaches the disk and the network.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::cache::{CachedDocument, CachedIndex};
use super::lock::{hold_lock_at, lock_path, read_lock, read_lock_at, write_lock_at};
use super::lock::{Locked, LockedCatalogue, Lockfile, EMBEDDED, LOCK_NAME};
use super::model::{Index, IndexEntry, IndexVersion};
use super::Cache;
use super::{select, sha256_hex, Embedded, Referential, Resolved};
use crate::diag::{Diagnostic, Span};
use crate::error::Error;
use crate::manifest::UseEntry;
use crate::manifest::{IndexLocation, Loaded};
use crate::net::{Fetched, Network, Url};
use crate::store::Deferred;

/// Largest index charte reads.
pub const MAX_INDEX_BYTES: u64 = 8 << 20;
/// Largest referential document charte reads.
pub const MAX_DOCUMENT_BYTES: u64 = 8 << 20;

/// What resolution may do, from the validated settings: download (when
/// there is a network), keep documents in the cache, change `charte.lock`.
#[derive(Clone, Copy, Debug)]
pub struct Resolver<'a> {
    /// `None` under `--offline`.
    pub network: Option<&'a Network>,
    /// `None` when the system has no cache folder and none was set.
    pub cache_dir: Option<&'a Path>,
    /// `--locked`: `charte.lock` must not be written or changed.
    pub locked: bool,
    /// Where a missing `charte.lock` is written once the command succeeds.
    pub deferred: &'a Deferred,
    /// The manifest's folder, which the `source` of a document of a local
    /// catalogue is relative to; `None` before a manifest is read.
    pub folder: Option<&'a Path>,
}

impl<'a> Resolver<'a> {
    /// The same permissions, for the documents of `catalogue`.
    pub fn for_catalogue<'b>(self, catalogue: &'b Catalogue) -> Resolver<'b>
    where
        'a: 'b,
    {
        match &catalogue.origin {
            Origin::Local { base, .. } => self.at(base),
            _ => self,
        }
    }

    /// The same permissions, for the manifest in `folder`.
    pub fn at<'b>(self, folder: &'b Path) -> Resolver<'b>
    where
        'a: 'b,
    {
        Resolver {
            folder: Some(folder),
            ..self
        }
    }

    /// The cache of downloaded referentials.
    pub fn cache(&self) -> Result<Cache, Error> {
        match self.cache_dir {
            Some(dir) => Ok(Cache::new(dir.to_path_buf())),
            None => Err(Error::Usage(
                "no cache folder: this system has no home folder; set CHARTE_CACHE_DIR to a folder charte may write to".to_string(),
            )),
        }
    }
}

/// Where a catalogue comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The catalogue built into the binary.
    Embedded,
    /// An index served over HTTP(S).
    Remote(Url),
    /// A catalogue folder beside the manifest: `written` is its path
    /// relative to the manifest, with `/` separators and no trailing one
    /// (`.` for the manifest's own folder); `folder` is where it is.
    /// `base` is the manifest's folder.
    Local {
        written: String,
        folder: PathBuf,
        base: PathBuf,
    },
}

/// What kind of catalogue a lock entry's `source` or an `index` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Embedded,
    Remote,
    Local,
}

impl Kind {
    /// The kind of a lock `source` or of `[referentials] index` (`None`:
    /// the embedded catalogue).
    pub fn of(location: Option<&str>) -> Kind {
        match location {
            None => Kind::Embedded,
            Some(EMBEDDED) => Kind::Embedded,
            Some(s) if s.starts_with("https://") || s.starts_with("http://") => Kind::Remote,
            Some(_) => Kind::Local,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Embedded => "the embedded catalogue",
            Kind::Remote => "a remote index",
            Kind::Local => "a local catalogue folder",
        }
    }
}

/// A local `index` as written (a folder, or its `index.json`) as the
/// folder's path relative to the manifest, `/`-separated.
fn local_folder(written: &str) -> String {
    let written = written.replace('\\', "/");
    let dir = match written.strip_suffix(super::folder::INDEX) {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => &written,
    }
    .trim_end_matches('/');
    let dir = dir.strip_prefix("./").unwrap_or(dir);
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}

/// How a location of `[referentials] index` is named in `from` and in
/// `charte.lock`: `embedded`, the URL of a remote index, or the folder of a
/// local one relative to the manifest (`cat`, not `./cat/index.json`).
pub fn location_of(written: &str) -> String {
    match Kind::of(Some(written)) {
        Kind::Embedded => EMBEDDED.to_string(),
        Kind::Remote => Url::parse(written).map_or_else(|_| written.to_string(), |u| u.to_string()),
        Kind::Local => local_folder(written),
    }
}

/// An index and where it lives.
#[derive(Clone, Debug)]
pub struct Catalogue {
    pub origin: Origin,
    pub index: Index,
    /// The sha256 of the index as read (none for the embedded catalogue).
    pub sha256: Option<String>,
}

/// The catalogues a manifest names, in the order of `[referentials] index`:
/// one (the embedded catalogue when there is no `index`), or several.
#[derive(Clone, Debug)]
pub struct Catalogues {
    pub list: Vec<Catalogue>,
}

impl Catalogues {
    /// Reads every catalogue of the manifest's `[referentials] index`, each
    /// as [`Catalogue::for_location`] does.
    pub fn for_manifest(res: &Resolver<'_>, loaded: &Loaded) -> Result<Catalogues, Error> {
        let locations = &loaded.manifest.index;
        if locations.is_empty() {
            return Ok(Catalogues {
                list: vec![Catalogue::embedded()?],
            });
        }
        let mut lock = None;
        let mut list = Vec::with_capacity(locations.len());
        for location in locations {
            if Kind::of(Some(&location.at.value)) == Kind::Remote && lock.is_none() {
                lock = Some(read_lock(loaded)?);
            }
            list.push(Catalogue::for_location(
                res,
                loaded,
                location,
                locations.len() > 1,
                lock.as_ref().and_then(Option::as_ref),
            )?);
        }
        Ok(Catalogues { list })
    }

    /// The one catalogue, for code and tests that have only one.
    pub fn one(catalogue: Catalogue) -> Catalogues {
        Catalogues {
            list: vec![catalogue],
        }
    }

    pub fn several(&self) -> bool {
        self.list.len() > 1
    }

    /// How to name them in a message: the catalogue, or each.
    pub fn name(&self) -> String {
        match self.list.as_slice() {
            [one] => one.name(),
            several => {
                let names: Vec<String> = several.iter().map(Catalogue::location).collect();
                format!("the catalogues {}", crate::suggest::list(&names))
            }
        }
    }

    /// The catalogue a lock entry comes from, if it is one of these.
    pub fn of(&self, locked: &Locked) -> Option<&Catalogue> {
        match (&locked.catalogue, self.list.as_slice()) {
            (Some(at), _) => self.list.iter().find(|c| c.location() == *at),
            (None, [one]) => Some(one),
            (None, _) => None,
        }
    }

    /// Every catalogue offering the referential `id`, with its entry.
    pub fn offering(&self, id: &str) -> Vec<(&Catalogue, &IndexEntry)> {
        self.list
            .iter()
            .filter_map(|c| c.index.entry(id).map(|e| (c, e)))
            .collect()
    }

    /// The lock of a plan resolved from these catalogues: the serial of
    /// the one, or each catalogue with its sha256 and serial.
    pub fn lockfile(&self, plan: Vec<Locked>) -> Lockfile {
        match self.list.as_slice() {
            [one] => Lockfile::new(plan).with_serial(one.index.serial),
            several => Lockfile::new(plan).with_catalogues(
                several
                    .iter()
                    .map(|c| LockedCatalogue {
                        at: c.location(),
                        sha256: c.sha256.clone(),
                        serial: c.index.serial,
                    })
                    .collect(),
            ),
        }
    }
}

impl Catalogue {
    pub fn embedded() -> Result<Catalogue, Error> {
        Ok(Catalogue {
            origin: Origin::Embedded,
            index: Embedded::index().map_err(Error::Unavailable)?,
            sha256: None,
        })
    }

    /// One catalogue of the manifest's `[referentials] index`, one of
    /// `several` or not. A remote index whose `serial` is lower than the one
    /// `charte.lock` was resolved from is refused as a rollback (SPEC §8):
    /// the serial the lock keeps for this catalogue, or, in a lock of a
    /// single catalogue, the lock's serial.
    pub fn for_location(
        res: &Resolver<'_>,
        loaded: &Loaded,
        location: &IndexLocation,
        several: bool,
        lock: Option<&Lockfile>,
    ) -> Result<Catalogue, Error> {
        let written = &location.at.value;
        let kind = Kind::of(Some(written));
        if kind != Kind::Remote {
            if location.key.is_some() {
                let what = match kind {
                    Kind::Embedded => {
                        "`embedded` is the catalogue built into charte, which needs none".to_string()
                    }
                    _ => format!(
                        "`{written}` is a local catalogue folder, trusted as the project's own files"
                    ),
                };
                return Err(Error::Usage(format!(
                    "{}:{}: a `key` signs a remote index, and {what}: \
                     remove its `key`, or name the signed https index",
                    loaded.source.name,
                    loaded.source.line_col(location.at.span.start()).line
                )));
            }
            return match kind {
                Kind::Embedded => Catalogue::embedded(),
                _ => Catalogue::local(loaded.folder(), written),
            };
        }
        let key = location.key.as_ref().map(|k| k.value.trim());
        let (_, lock_name) = lock_path(loaded);
        let serial = lock.and_then(|lock| match lock.catalogues.is_empty() {
            true if !several => lock.serial,
            // A lock of one catalogue, now one of several: its serial is
            // this index's when its documents came from beside it.
            true => {
                let name = location.name();
                let base = name.rsplit_once('/').map_or(name.as_str(), |(b, _)| b);
                let beside = |l: &Locked| l.source.starts_with(&format!("{base}/"));
                lock.referentials
                    .iter()
                    .any(beside)
                    .then_some(lock.serial)?
            }
            false => lock.catalogue(&location.name()).and_then(|c| c.serial),
        });
        let floor = serial.map(|serial| Floor {
            serial,
            lock_name: &lock_name,
        });
        Catalogue::remote(res, written, key, floor)
    }

    /// A catalogue folder, `written` relative to the manifest in `base`:
    /// its `index.json` as it is on disk.
    pub fn local(base: &Path, written: &str) -> Result<Catalogue, Error> {
        let written = local_folder(written);
        let folder = base.join(&written);
        let base = base.to_path_buf();
        let path = folder.join(super::folder::INDEX);
        let bytes = read_capped(&path, MAX_INDEX_BYTES).map_err(|e| {
            Error::Unavailable(format!(
                "{e}\n  [referentials] index names a catalogue folder: write its path relative \
                 to the manifest, a folder holding index.json (`charte referentials import --into`)"
            ))
        })?;
        let index = Index::parse(&bytes).map_err(|e| {
            Error::Unavailable(format!(
                "{} is not a referential index: {e}",
                path.display()
            ))
        })?;
        Ok(Catalogue {
            origin: Origin::Local {
                written,
                folder,
                base,
            },
            index,
            sha256: Some(sha256_hex(&bytes)),
        })
    }

    /// A remote index: revalidated against the cached copy when the network
    /// is allowed (a 304 downloads nothing), the cached copy as is under
    /// `--offline`. With a `key`, the index must carry a good signature by
    /// it in `index.json.minisig` beside it (SPEC §8): the signature is
    /// downloaded each time and cached with the index, and an index that
    /// fails is neither used nor cached.
    pub fn remote(
        res: &Resolver<'_>,
        address: &str,
        key: Option<&str>,
        floor: Option<Floor<'_>>,
    ) -> Result<Catalogue, Error> {
        // Never echoed, never a cache name or a lock source: it may hold a password.
        if crate::manifest::has_credentials(address) {
            return Err(Error::Usage(
                "the index URL holds a user name or password: remove them from [referentials] index"
                    .to_string(),
            ));
        }
        let url = Url::parse(address)
            .map_err(|e| Error::Usage(format!("the index `{address}` is not a URL: {e}")))?;
        let signature_url = signature_url(&url)?;
        let cache = res.cache()?;
        let cached = cache.index(url.as_str()).and_then(|c| {
            let index = Index::parse(c.body.as_bytes()).ok()?;
            Some((c, index))
        });
        let Some(network) = res.network else {
            return match cached {
                Some((cached, index)) => {
                    if let Some(key) = key {
                        let signature = cache
                            .index(signature_url.as_str())
                            .map(|s| s.body)
                            .unwrap_or_default();
                        verify_signature(&url, key, cached.body.as_bytes(), &signature)?;
                    }
                    check_serial(&url, &index, floor)?;
                    Ok(Catalogue {
                        origin: Origin::Remote(url),
                        index,
                        sha256: Some(sha256_hex(cached.body.as_bytes())),
                    })
                }
                None => Err(Error::Unavailable(format!(
                    "the index {url} has never been downloaded, and --offline forbids it: \
                     run `charte fetch` once with network access"
                ))),
            };
        };
        let validators = cached.as_ref().map(|(c, _)| c.validators());
        let fetched = network
            .client()
            .and_then(|client| client.get(&url, validators.as_ref(), MAX_INDEX_BYTES))
            .map_err(|e| match e {
                Error::Network(why) => Error::Network(format!(
                    "{why}\n  {}",
                    if cached.is_some() {
                        "a copy of this index downloaded earlier is in the cache: add --offline to use it"
                    } else {
                        "check [referentials] index and your network; once charte.lock and the cache are \
                         filled (`charte fetch`), `charte check --frozen` needs no network"
                    }
                )),
                other => other,
            })?;
        let signature = match key {
            None => None,
            Some(key) => {
                let signature = match network
                    .client()
                    .and_then(|client| client.get(&signature_url, None, MAX_SIGNATURE_BYTES))
                {
                    Ok(Fetched::Body { bytes, .. }) => String::from_utf8(bytes).unwrap_or_default(),
                    Ok(Fetched::NotModified) => String::new(),
                    Err(e) => return Err(refusal(&url, &format!("it is not signed: {e}"))),
                };
                Some((key, signature))
            }
        };
        let (index, sha256) = match (fetched, cached) {
            (Fetched::NotModified, Some((cached, index))) => {
                check_serial(&url, &index, floor)?;
                if let Some((key, signature)) = &signature {
                    verify_signature(&url, key, cached.body.as_bytes(), signature)?;
                    store_signature(&cache, &signature_url, signature)?;
                }
                (index, sha256_hex(cached.body.as_bytes()))
            }
            (Fetched::NotModified, None) => {
                return Err(Error::Network(format!(
                    "{url} answered 304 Not Modified to a request that had no cached copy"
                )))
            }
            (
                Fetched::Body {
                    bytes, validators, ..
                },
                _,
            ) => {
                if let Some((key, signature)) = &signature {
                    verify_signature(&url, key, &bytes, signature)?;
                }
                let index = Index::parse(&bytes).map_err(|e| {
                    Error::Unavailable(format!("{url} is not a referential index: {e}"))
                })?;
                check_serial(&url, &index, floor)?;
                let sha256 = sha256_hex(&bytes);
                let body = String::from_utf8(bytes).map_err(|_| {
                    Error::Unavailable(format!("{url} is not a referential index: not UTF-8"))
                })?;
                cache.store_index(&CachedIndex::new(url.as_str(), validators, body))?;
                if let Some((_, signature)) = &signature {
                    store_signature(&cache, &signature_url, signature)?;
                }
                (index, sha256)
            }
        };
        Ok(Catalogue {
            origin: Origin::Remote(url),
            index,
            sha256: Some(sha256),
        })
    }

    /// `embedded`, or the index's URL.
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Embedded => "the embedded catalogue".to_string(),
            Origin::Remote(url) => url.to_string(),
            Origin::Local { folder, .. } => folder.display().to_string(),
        }
    }

    /// How `from` and `charte.lock` name it: see [`location_of`].
    pub fn location(&self) -> String {
        match &self.origin {
            Origin::Embedded => EMBEDDED.to_string(),
            Origin::Remote(url) => url.to_string(),
            Origin::Local { written, .. } => written.clone(),
        }
    }

    /// The lock entry for a version of the index.
    pub fn lock_entry(&self, id: &str, v: &IndexVersion) -> Result<Locked, String> {
        let source = match &self.origin {
            Origin::Embedded => EMBEDDED.to_string(),
            Origin::Remote(index) => index
                .join(&v.url)
                .map_err(|e| format!("`{id}` {}: bad URL `{}`: {e}", v.version, v.url))?
                .to_string(),
            Origin::Local { written, .. } => {
                if v.url.contains("://") || v.url.starts_with('/') || v.url.contains('\\') {
                    return Err(format!(
                        "`{id}` {}: a local catalogue names its documents by a path relative to \
                         its index.json, not `{}`",
                        v.version, v.url
                    ));
                }
                if written == "." {
                    v.url.clone()
                } else {
                    format!("{written}/{}", v.url)
                }
            }
        };
        Ok(Locked {
            id: id.to_string(),
            version: v.version.clone(),
            source,
            sha256: v.sha256.clone(),
            catalogue: None,
        })
    }

    fn kind(&self) -> Kind {
        match self.origin {
            Origin::Embedded => Kind::Embedded,
            Origin::Remote(_) => Kind::Remote,
            Origin::Local { .. } => Kind::Local,
        }
    }
}

/// The serial `charte.lock` was resolved from: an index must not go below.
#[derive(Clone, Copy, Debug)]
pub struct Floor<'a> {
    pub serial: u64,
    /// How to name the lock in a message.
    pub lock_name: &'a str,
}

/// Refuses an index whose serial is below the lock's, as a rollback.
fn check_serial(url: &Url, index: &Index, floor: Option<Floor<'_>>) -> Result<(), Error> {
    let Some(Floor {
        serial: locked,
        lock_name,
    }) = floor
    else {
        return Ok(());
    };
    let serial = index.serial.unwrap_or(0);
    if serial < locked {
        return Err(Error::Unavailable(format!(
            "{url} has serial {serial}, lower than the serial {locked} {lock_name} was resolved from: \
             refused as a rollback to an older catalogue\n  \
             if the catalogue's publisher really went back, delete {lock_name} and run `charte fetch`"
        )));
    }
    Ok(())
}

/// Largest signature charte reads.
const MAX_SIGNATURE_BYTES: u64 = 64 << 10;

/// `index.json.minisig` beside the index: its URL with `.minisig` added.
fn signature_url(index: &Url) -> Result<Url, Error> {
    Url::parse(&format!(
        "{}.minisig",
        index.as_str().split(['?', '#']).next().unwrap_or_default()
    ))
    .map_err(|e| Error::Usage(format!("the index `{index}` has no signature URL: {e}")))
}

/// Checks that `signature` (the text of a `.minisig`, empty when there is
/// none) signs `body` with the minisign public `key`.
fn verify_signature(url: &Url, key: &str, body: &[u8], signature: &str) -> Result<(), Error> {
    let refused = |why: String| refusal(url, &why);
    let key = minisign_verify::PublicKey::from_base64(key)
        .map_err(|e| refused(format!("the key is not a minisign public key ({e})")))?;
    if signature.trim().is_empty() {
        return Err(refused("it is not signed".to_string()));
    }
    let signature = minisign_verify::Signature::decode(signature)
        .map_err(|e| refused(format!("its signature is not a minisign signature ({e})")))?;
    key.verify(body, &signature, false).map_err(|e| {
        refused(format!(
            "its signature does not verify with [referentials] key ({e})"
        ))
    })
}

/// The error refusing an index for its signature (exit 3).
fn refusal(url: &Url, why: &str) -> Error {
    Error::Unavailable(format!(
        "{url} is refused: {why}\n  [referentials] key asks for an index signed by that key \
         in {url}.minisig: ask the catalogue's publisher to sign it (`charte catalogue sign`), \
         or check the key"
    ))
}

/// Keeps a verified signature beside its index in the cache, for
/// `--offline` to check the cached index again.
fn store_signature(cache: &Cache, url: &Url, signature: &str) -> Result<(), Error> {
    cache.store_index(&CachedIndex::new(
        url.as_str(),
        Default::default(),
        signature.to_string(),
    ))
}

/// Which `use` entries move to their newest matching version.
#[derive(Clone, Copy, Debug)]
pub enum Upgrade<'a> {
    /// None: keep every locked version that still matches (`fetch`, `check`).
    None,
    /// These ids (`update ID…`).
    Only(&'a [String]),
    /// Every one (`update`).
    All,
}

impl Upgrade<'_> {
    fn moves(&self, id: &str) -> bool {
        match self {
            Upgrade::None => false,
            Upgrade::Only(ids) => ids.iter().any(|i| i == id),
            Upgrade::All => true,
        }
    }
}

/// Whether a locked entry can serve a `use` entry from `catalogue`: same
/// id, a version the requirement accepts, and from that catalogue: the one
/// the lock names, or, in a lock that names none, the same kind of
/// catalogue when it is the only one, else the very document the
/// catalogue's index lists for that version.
fn usable(locked: &Locked, entry: &UseEntry, catalogue: &Catalogue, several: bool) -> bool {
    locked.id == entry.id
        && entry
            .req
            .as_ref()
            .is_none_or(|r| r.matches(&locked.version))
        && match &locked.catalogue {
            Some(at) => *at == catalogue.location(),
            None if !several => Kind::of(Some(&locked.source)) == catalogue.kind(),
            None => catalogue
                .index
                .entry(&locked.id)
                .and_then(|e| e.versions.iter().find(|v| v.version == locked.version))
                .and_then(|v| catalogue.lock_entry(&locked.id, v).ok())
                .is_some_and(|l| l.source == locked.source && l.sha256 == locked.sha256),
        }
}

/// The catalogue serving a `use` entry: the only one; the one its `from`
/// names, which must offer it; else the one catalogue offering it (or, when
/// none does any more, the one it is locked from). A referential offered by
/// several catalogues is never taken from one of them silently.
fn pick<'c>(
    catalogues: &'c Catalogues,
    entry: &UseEntry,
    lock: Option<&Lockfile>,
) -> Result<&'c Catalogue, Diagnostic> {
    if let [one] = catalogues.list.as_slice() {
        return Ok(one);
    }
    let offering = catalogues.offering(&entry.id);
    let names = |list: &[(&Catalogue, &IndexEntry)]| -> Vec<String> {
        list.iter()
            .map(|(c, _)| format!("`{}`", c.location()))
            .collect()
    };
    if let Some(from) = &entry.from {
        let Some(catalogue) = catalogues.list.iter().find(|c| c.location() == from.value) else {
            return Err(Diagnostic::new(
                format!(
                    "`from` names `{}`, which is not a catalogue of [referentials] index",
                    from.value
                ),
                from.span,
            ));
        };
        if catalogue.index.entry(&entry.id).is_some() {
            return Ok(catalogue);
        }
        let help = match offering.as_slice() {
            [] => "no catalogue of [referentials] index offers it: `charte referentials list` shows what they offer".to_string(),
            [(other, _)] => format!(
                "it is offered by `{}`: write `{{ id = \"{}\", from = \"{}\" }}`",
                other.location(),
                entry,
                other.location()
            ),
            several => format!("it is offered by {}", names(several).join(" and ")),
        };
        return Err(Diagnostic::new(
            format!(
                "the catalogue `{}` does not offer `{}`",
                from.value, entry.id
            ),
            from.span,
        )
        .label("not offered there")
        .help(help));
    }
    match offering.as_slice() {
        [(one, _)] => Ok(one),
        [] => {
            let locked = lock
                .and_then(|l| l.get(&entry.id))
                .and_then(|l| catalogues.of(l));
            if let Some(catalogue) = locked {
                return Ok(catalogue);
            }
            let ids: Vec<&str> = catalogues
                .list
                .iter()
                .flat_map(|c| c.index.referentials.iter().map(|r| r.id.as_str()))
                .collect();
            let help = match crate::suggest::closest(&entry.id, ids.iter().copied()) {
                Some(near) => {
                    format!("did you mean `{near}`? `charte referentials list` shows them all")
                }
                None => "`charte referentials list` shows what they offer".to_string(),
            };
            Err(Diagnostic::new(
                format!("no catalogue of [referentials] index offers `{}`", entry.id),
                entry.span,
            )
            .label("unknown referential")
            .help(help))
        }
        several => {
            let first = several[0].0.location();
            let others: Vec<String> = several[1..]
                .iter()
                .map(|(c, _)| format!("`from = \"{}\"`", c.location()))
                .collect();
            Err(Diagnostic::new(
                format!(
                    "`{}` is offered by {} catalogues of [referentials] index: {}",
                    entry.id,
                    several.len(),
                    names(several).join(" and ")
                ),
                entry.span,
            )
            .label("which catalogue?")
            .help(format!(
                "say which in `use`: write `{{ id = \"{entry}\", from = \"{first}\" }}` (or {})",
                others.join(", or ")
            )))
        }
    }
}

/// Chooses one version per `use` entry, in `use` order, from the catalogue
/// serving it: the locked one when it still matches and is not asked to
/// move (even if it was yanked since: a yanked version stays usable once
/// locked), else the newest non-yanked match in that catalogue's index.
/// With several catalogues, each entry says which catalogue it comes from.
pub fn plan(
    catalogues: &Catalogues,
    uses: &[UseEntry],
    lock: Option<&Lockfile>,
    upgrade: Upgrade<'_>,
) -> Result<Vec<Locked>, Vec<Diagnostic>> {
    let several = catalogues.several();
    let mut chosen = Vec::new();
    let mut diags = Vec::new();
    for entry in uses {
        let catalogue = match pick(catalogues, entry, lock) {
            Ok(c) => c,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let from = |mut l: Locked| {
            l.catalogue = several.then(|| catalogue.location());
            l
        };
        let locked = lock
            .and_then(|l| l.get(&entry.id))
            .filter(|l| usable(l, entry, catalogue, several));
        if let (Some(locked), false) = (locked, upgrade.moves(&entry.id)) {
            chosen.push(from(locked.clone()));
            continue;
        }
        match select(&catalogue.index, entry) {
            Ok(v) => match catalogue.lock_entry(&entry.id, v) {
                Ok(l) => chosen.push(from(l)),
                Err(why) => diags.push(Diagnostic::new(why, entry.span)),
            },
            // Nothing newer to move to: what is locked stays.
            Err(_) if locked.is_some() => chosen.extend(locked.cloned().map(from)),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok(chosen)
    } else {
        Err(diags)
    }
}

/// One way a lock differs from `use`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub message: String,
    /// The `use` entry concerned, if any.
    pub span: Option<Span>,
}

/// The names of the catalogues a manifest's `[referentials] index` lists
/// ([`location_of`]): `embedded` alone when it has no `index`.
pub fn catalogue_names(index: &[IndexLocation]) -> Vec<String> {
    if index.is_empty() {
        return vec![EMBEDDED.to_string()];
    }
    index.iter().map(IndexLocation::name).collect()
}

/// How `lock` differs from `use` and from the catalogues named `names`
/// ([`catalogue_names`]); empty when it serves them exactly. Read without
/// the catalogues themselves: a lock of several catalogues must have been
/// resolved from the same ones, so that what one offers never hides
/// another's.
pub fn drift(lock: &Lockfile, uses: &[UseEntry], names: &[String]) -> Vec<Drift> {
    let mut out = Vec::new();
    let several = names.len() > 1;
    let kind = Kind::of(names.first().map(String::as_str));
    if several {
        let locked: Vec<&str> = lock.catalogues.iter().map(|c| c.at.as_str()).collect();
        let same =
            locked.len() == names.len() && names.iter().all(|n| locked.contains(&n.as_str()));
        if !same {
            out.push(Drift {
                message: match locked.is_empty() {
                    true => "the lock was resolved from one catalogue, and [referentials] index lists several".to_string(),
                    false => format!(
                        "the lock was resolved from the catalogues {}, and [referentials] index lists {}",
                        crate::suggest::list(&locked),
                        crate::suggest::list(names)
                    ),
                },
                span: None,
            });
        }
    }
    for entry in uses {
        let message = match lock.get(&entry.id) {
            None => format!("`{entry}` is in use but not locked"),
            Some(l) if entry.req.as_ref().is_some_and(|r| !r.matches(&l.version)) => format!(
                "`{entry}` is locked at {}, which it does not accept",
                l.version
            ),
            Some(l) => match (&l.catalogue, &entry.from) {
                (Some(at), Some(from)) if *at != from.value => format!(
                    "`{}` is locked from `{at}`, and its `use` entry says `from = \"{}\"`",
                    entry.id, from.value
                ),
                (Some(at), _) if !names.contains(at) => format!(
                    "`{}` is locked from `{at}`, which [referentials] index no longer lists",
                    entry.id
                ),
                (Some(_), _) => continue,
                (None, _) if several => continue,
                (None, _) => {
                    let locked_kind = Kind::of(Some(&l.source));
                    if locked_kind == kind {
                        continue;
                    }
                    format!(
                        "`{}` is locked from {}, and the manifest uses {}",
                        entry.id,
                        locked_kind.name(),
                        if kind == Kind::Embedded {
                            "the embedded catalogue"
                        } else {
                            "[referentials] index"
                        }
                    )
                }
            },
        };
        out.push(Drift {
            message,
            span: Some(entry.span),
        });
    }
    let used: HashSet<&str> = uses.iter().map(|u| u.id.as_str()).collect();
    for l in &lock.referentials {
        if !used.contains(l.id.as_str()) {
            out.push(Drift {
                message: format!("`{}` {} is locked but no longer in use", l.id, l.version),
                span: None,
            });
        }
    }
    out
}

/// How a document was had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obtained {
    Embedded,
    Cached,
    Downloaded,
    /// Read from a local catalogue folder.
    Local,
}

impl Obtained {
    pub fn as_str(self) -> &'static str {
        match self {
            Obtained::Embedded => "embedded",
            Obtained::Cached => "cached",
            Obtained::Downloaded => "downloaded",
            Obtained::Local => "local",
        }
    }
}

/// The document a lock entry pins, verified against its sha256: from the
/// embedded catalogue, the cache, or (network allowed) its URL, in which
/// case it is cached once verified. Nothing that fails verification is
/// kept or used.
pub fn obtain(res: &Resolver<'_>, locked: &Locked) -> Result<(Resolved, Obtained), Error> {
    if locked.is_embedded() {
        return Ok((embedded_document(locked)?, Obtained::Embedded));
    }
    let what = format!("`{}` {}", locked.id, locked.version);
    if Kind::of(Some(&locked.source)) == Kind::Local {
        return Ok((local_document(res, locked, &what)?, Obtained::Local));
    }
    let cache = res.cache()?;
    let removed = match cache.verified_document(&locked.sha256)? {
        CachedDocument::Verified(bytes) => {
            let path = cache.document_path(&locked.sha256);
            let doc = parse_document(&bytes, locked, &path.display().to_string())?;
            return Ok((resolved(doc, locked), Obtained::Cached));
        }
        CachedDocument::Removed(path) => Some(path),
        CachedDocument::Absent => None,
    };
    let Some(network) = res.network else {
        return Err(Error::Unavailable(match removed {
            Some(path) => format!(
                "the cached copy of {what} ({}) failed its sha256 check and was removed, \
                 and --offline forbids downloading it again: run `charte fetch` once with network access",
                path.display()
            ),
            None => format!(
                "{what} is not in the cache ({}), and --offline forbids downloading it: \
                 run `charte fetch` once with network access",
                cache.root().display()
            ),
        }));
    };
    let url = Url::parse(&locked.source)
        .map_err(|e| Error::Unavailable(format!("{what}: bad URL `{}`: {e}", locked.source)))?;
    let bytes = match network.client()?.get(&url, None, MAX_DOCUMENT_BYTES)? {
        Fetched::Body { bytes, sha256, .. } if sha256 == locked.sha256 => bytes,
        Fetched::Body { sha256, .. } => {
            return Err(Error::Unavailable(format!(
                "{url} has sha256 {sha256}, not the {} that pins {what}: \
                 the document was changed or damaged on the server; nothing was kept",
                locked.sha256
            )))
        }
        Fetched::NotModified => {
            return Err(Error::Network(format!(
                "{url} answered 304 Not Modified to a plain request"
            )))
        }
    };
    let doc = parse_document(&bytes, locked, url.as_str())?;
    cache.store_document(&locked.sha256, &bytes)?;
    Ok((resolved(doc, locked), Obtained::Downloaded))
}

/// A document of a local catalogue folder, verified against its lock
/// entry: a document changed since it was locked is refused (exit 3).
fn local_document(res: &Resolver<'_>, locked: &Locked, what: &str) -> Result<Resolved, Error> {
    let folder = res.folder.ok_or_else(|| {
        Error::Unavailable(format!(
            "{what} comes from the local catalogue file `{}`, and there is no manifest it is relative to",
            locked.source
        ))
    })?;
    let path = folder.join(&locked.source);
    let bytes = read_capped(&path, MAX_DOCUMENT_BYTES).map_err(|e| {
        Error::Unavailable(format!(
            "{e}\n  {LOCK_NAME} pins {what} from this file of a local catalogue: \
             restore it, or run `charte update {}` to lock what the catalogue offers now",
            locked.id
        ))
    })?;
    let digest = sha256_hex(&bytes);
    if digest != locked.sha256 {
        return Err(Error::Unavailable(format!(
            "{} has sha256 {digest}, not the {} that pins {what} in {LOCK_NAME}: \
             the document changed since it was locked; nothing of it was used\n  \
             if the change is meant, run `charte update {}` and commit {LOCK_NAME}",
            path.display(),
            locked.sha256,
            locked.id
        )));
    }
    let doc = parse_document(&bytes, locked, &path.display().to_string())?;
    // Kept by sha256, so that `update` can still compare with this version
    // once the folder has moved on; the folder stays what is checked.
    if let Ok(cache) = res.cache() {
        if !matches!(
            cache.verified_document(&locked.sha256),
            Ok(CachedDocument::Verified(_))
        ) {
            cache.store_document(&locked.sha256, &bytes)?;
        }
    }
    Ok(resolved(doc, locked))
}

/// The document a lock entry pinned before an update: as [`obtain`], but a
/// document of a local catalogue that has changed since is taken from the
/// copy kept in the cache when it was last read, verified by sha256.
pub fn obtain_previous(res: &Resolver<'_>, locked: &Locked) -> Result<Resolved, Error> {
    if Kind::of(Some(&locked.source)) == Kind::Local {
        if let Ok(cache) = res.cache() {
            if let CachedDocument::Verified(bytes) = cache.verified_document(&locked.sha256)? {
                let path = cache.document_path(&locked.sha256);
                let doc = parse_document(&bytes, locked, &path.display().to_string())?;
                return Ok(resolved(doc, locked));
            }
        }
    }
    Ok(obtain(res, locked)?.0)
}

/// Reads a file of at most `cap` bytes; the error says why not, naming
/// the file.
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    crate::store::try_read_bounded(path, cap).map_err(|e| {
        match e.into_error(&path.display().to_string(), cap) {
            Error::Usage(why) => why,
            other => other.to_string(),
        }
    })
}

/// A document of the embedded catalogue, verified against its lock entry.
pub fn embedded_document(locked: &Locked) -> Result<Resolved, Error> {
    static INDEX: OnceLock<Result<Index, String>> = OnceLock::new();
    let what = format!("`{}` {}", locked.id, locked.version);
    let index = INDEX
        .get_or_init(Embedded::index)
        .as_ref()
        .map_err(|e| Error::Unavailable(e.clone()))?;
    let bytes = index
        .entry(&locked.id)
        .and_then(|e| e.versions.iter().find(|v| v.version == locked.version))
        .and_then(|v| Embedded::file(&v.url))
        .ok_or_else(|| {
            Error::Unavailable(format!(
                "{LOCK_NAME} pins {what} from the embedded catalogue, which this charte does not have \
                 (it was written by another version of charte): run `charte update {}`",
                locked.id
            ))
        })?;
    let digest = sha256_hex(bytes);
    if digest != locked.sha256 {
        return Err(Error::Unavailable(format!(
            "{LOCK_NAME} pins {what} with sha256 {}, but this charte's embedded copy has {digest}: \
             run `charte update {}` to lock the embedded version",
            locked.sha256, locked.id
        )));
    }
    let doc = parse_document(bytes, locked, EMBEDDED)?;
    Ok(resolved(doc, locked))
}

fn resolved(doc: Referential, locked: &Locked) -> Resolved {
    Resolved {
        doc,
        sha256: locked.sha256.clone(),
        source: locked.source.clone(),
    }
}

/// Parses a verified document and checks it is the one the lock names.
fn parse_document(bytes: &[u8], locked: &Locked, from: &str) -> Result<Referential, Error> {
    let bad = |why: String| {
        Error::Unavailable(format!(
            "`{}` {} ({from}) is not a usable referential document: {why}",
            locked.id, locked.version
        ))
    };
    let text = std::str::from_utf8(bytes).map_err(|e| bad(e.to_string()))?;
    let doc = Referential::parse(text).map_err(bad)?;
    if doc.id != locked.id || doc.version != locked.version {
        return Err(bad(format!("it says it is `{}` {}", doc.id, doc.version)));
    }
    Ok(doc)
}

/// What the manifest's catalogue offers, as far as it is at hand without a
/// network: the newest non-yanked version of each referential, from the
/// embedded catalogue, or from the cached copy of a remote index and the
/// cached documents. Only advisory checks (the vocabulary of services, the
/// referentials a product may fall under) read it, so nothing is downloaded
/// for it and what is missing or fails its sha256 is left out.
pub fn offered(res: &Resolver<'_>, loaded: &Loaded) -> Vec<Referential> {
    if loaded.manifest.index.is_empty() {
        return offered_embedded();
    }
    loaded
        .manifest
        .index
        .iter()
        .flat_map(|location| offered_by(res, loaded, &location.at.value))
        .collect()
}

/// What one catalogue of `index` offers, as [`offered`] reads it.
fn offered_by(res: &Resolver<'_>, loaded: &Loaded, address: &str) -> Vec<Referential> {
    let (index, cache) = match Kind::of(Some(address)) {
        Kind::Embedded => return offered_embedded(),
        Kind::Local => {
            let Ok(catalogue) = Catalogue::local(loaded.folder(), address) else {
                return Vec::new();
            };
            let Origin::Local { folder, .. } = &catalogue.origin else {
                return Vec::new();
            };
            return newest_with(&catalogue.index, &|v: &IndexVersion| {
                read_capped(&folder.join(&v.url), MAX_DOCUMENT_BYTES).ok()
            });
        }
        Kind::Remote => {
            let cache = res.cache().ok();
            let index = Url::parse(address).ok().and_then(|url| {
                let cached = cache.as_ref()?.index(url.as_str())?;
                Index::parse(cached.body.as_bytes()).ok()
            });
            (index, cache)
        }
    };
    match index {
        Some(index) => newest(&index, cache.as_ref()),
        None => Vec::new(),
    }
}

/// What the embedded catalogue offers: the newest version of each
/// referential.
pub fn offered_embedded() -> Vec<Referential> {
    Embedded::index()
        .map(|index| newest(&index, None))
        .unwrap_or_default()
}

/// The newest non-yanked document of each referential of an index, from
/// the embedded files (no cache) or the cache, verified by sha256.
fn newest(index: &Index, cache: Option<&Cache>) -> Vec<Referential> {
    newest_with(index, &|v: &IndexVersion| match cache {
        None => Embedded::file(&v.url).map(<[u8]>::to_vec),
        Some(cache) => cache.document(&v.sha256).ok().flatten(),
    })
}

/// The newest non-yanked document of each referential of an index, each
/// read by `read` and kept only when its sha256 is the index's.
fn newest_with(index: &Index, read: &dyn Fn(&IndexVersion) -> Option<Vec<u8>>) -> Vec<Referential> {
    let mut out = Vec::new();
    for entry in &index.referentials {
        let Some(v) = entry
            .versions
            .iter()
            .filter(|v| !v.yanked)
            .max_by(|a, b| a.version.cmp(&b.version))
        else {
            continue;
        };
        let bytes = read(v).filter(|b| sha256_hex(b) == v.sha256);
        let doc = bytes
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| Referential::parse(t).ok());
        if let Some(doc) = doc.filter(|d| d.id == entry.id) {
            out.push(doc);
        }
    }
    out
}

/// Obtains every document of a plan, in order.
pub fn obtain_all(res: &Resolver<'_>, plan: &[Locked]) -> Result<Vec<(Resolved, Obtained)>, Error> {
    plan.iter().map(|l| obtain(res, l)).collect()
}

/// The referentials a command works with, and how the lock differs from
/// `use` when it does (a `lock-out-of-date` finding for `check`).
#[derive(Debug)]
pub struct Resolution {
    pub referentials: Vec<Resolved>,
    pub drift: Vec<Drift>,
}

/// Resolves the manifest's referentials through its lock (see the module
/// documentation).
pub fn for_manifest(res: &Resolver<'_>, loaded: &Loaded) -> Result<Resolution, Error> {
    let res = &res.at(loaded.folder());
    let m = &loaded.manifest;
    let (_, lock_name) = lock_path(loaded);
    let names = catalogue_names(&m.index);
    let lock = read_lock(loaded)?;
    if let Some(lock) = &lock {
        let drift = drift(lock, &m.uses, &names);
        if drift.is_empty() {
            let mut referentials = Vec::with_capacity(m.uses.len());
            for entry in &m.uses {
                let locked = lock.get(&entry.id).expect("no drift: every use is locked");
                referentials.push(obtain(res, locked)?.0);
            }
            return Ok(Resolution {
                referentials,
                drift,
            });
        }
        if res.locked {
            let lines: Vec<String> = drift
                .iter()
                .map(|d| match d.span {
                    Some(span) => format!(
                        "  {}:{}: {}",
                        loaded.source.name,
                        loaded.source.line_col(span.start()).line,
                        d.message
                    ),
                    None => format!("  {}", d.message),
                })
                .collect();
            return Err(Error::Unavailable(format!(
                "{lock_name} is out of date with [referentials] use, and --locked forbids updating it:\n{}\n  \
                 run `charte fetch` and commit {lock_name}",
                lines.join("\n")
            )));
        }
        // Check against what `charte fetch` would lock, and say so.
        let catalogues = Catalogues::for_manifest(res, loaded)?;
        let plan =
            plan(&catalogues, &m.uses, Some(lock), Upgrade::None).map_err(|d| loaded.error(d))?;
        let referentials = obtain_all(res, &plan)?
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        return Ok(Resolution {
            referentials,
            drift,
        });
    }
    if res.locked {
        return Err(Error::Unavailable(format!(
            "{lock_name} is missing, and --locked forbids writing it: \
             run `charte fetch` and commit {lock_name}"
        )));
    }
    let catalogues = Catalogues::for_manifest(res, loaded)?;
    let plan = plan(&catalogues, &m.uses, None, Upgrade::None).map_err(|d| loaded.error(d))?;
    let referentials: Vec<Resolved> = obtain_all(res, &plan)?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let new = catalogues.lockfile(plan);
    // Written once the command succeeds; another run may have written it
    // meanwhile, and then theirs stands.
    let (path, name) = lock_path(loaded);
    res.deferred.push(move || {
        let _guard = hold_lock_at(&path, &name)?;
        if read_lock_at(&path, &name)?.is_none() {
            write_lock_at(&path, &name, &new)?;
        }
        Ok(())
    });
    Ok(Resolution {
        referentials,
        drift: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::IndexEntry;

    fn v(version: &str, yanked: bool) -> IndexVersion {
        IndexVersion {
            version: version.parse().unwrap(),
            url: format!("x/{version}.toml"),
            sha256: sha256_hex(version.as_bytes()),
            published: None,
            yanked,
        }
    }

    fn catalogue(versions: Vec<IndexVersion>, origin: Origin) -> Catalogues {
        Catalogues::one(Catalogue {
            sha256: None,
            origin,
            index: Index {
                schema: 1,
                serial: None,
                referentials: vec![IndexEntry {
                    id: "x".to_string(),
                    title: String::new(),
                    versions,
                }],
            },
        })
    }

    fn uses(text: &str) -> Vec<UseEntry> {
        text.split(',')
            .map(|s| {
                let (id, req) = match s.split_once('@') {
                    Some((id, req)) => (id, Some(req.parse().unwrap())),
                    None => (s, None),
                };
                UseEntry {
                    id: id.to_string(),
                    req,
                    from: None,
                    span: Span::default(),
                }
            })
            .collect()
    }

    fn locked(version: &str, source: &str) -> Lockfile {
        Lockfile::new(vec![Locked {
            id: "x".to_string(),
            version: version.parse().unwrap(),
            source: source.to_string(),
            sha256: sha256_hex(version.as_bytes()),
            catalogue: None,
        }])
    }

    fn versions(plan: &[Locked]) -> Vec<String> {
        plan.iter().map(|l| l.version.to_string()).collect()
    }

    #[test]
    fn newest_non_yanked_match_without_a_lock() {
        let c = catalogue(
            vec![
                v("1.0.0", false),
                v("1.2.0", false),
                v("1.3.0", true),
                v("2.0.0", false),
            ],
            Origin::Embedded,
        );
        let p = plan(&c, &uses("x@1"), None, Upgrade::None).unwrap();
        assert_eq!(versions(&p), ["1.2.0"]);
        assert_eq!(p[0].source, EMBEDDED);
        let p = plan(&c, &uses("x"), None, Upgrade::None).unwrap();
        assert_eq!(versions(&p), ["2.0.0"]);
        let diags = plan(&c, &uses("x@3"), None, Upgrade::None).unwrap_err();
        assert!(diags[0].message.contains("no version"), "{diags:?}");
    }

    #[test]
    fn a_locked_version_stays_even_yanked_until_updated() {
        let c = catalogue(vec![v("1.0.0", true), v("1.1.0", false)], Origin::Embedded);
        let lock = locked("1.0.0", EMBEDDED);
        let p = plan(&c, &uses("x@1"), Some(&lock), Upgrade::None).unwrap();
        assert_eq!(versions(&p), ["1.0.0"]);
        let p = plan(&c, &uses("x@1"), Some(&lock), Upgrade::All).unwrap();
        assert_eq!(versions(&p), ["1.1.0"]);
        let ids = ["x".to_string()];
        let p = plan(&c, &uses("x@1"), Some(&lock), Upgrade::Only(&ids)).unwrap();
        assert_eq!(versions(&p), ["1.1.0"]);
        // Not locked, a yanked version is never chosen.
        let diags = plan(&c, &uses("x@=1.0.0"), None, Upgrade::None).unwrap_err();
        assert_eq!(diags.len(), 1);
        // Locked and the only match: updating keeps it.
        let p = plan(&c, &uses("x@=1.0.0"), Some(&lock), Upgrade::All).unwrap();
        assert_eq!(versions(&p), ["1.0.0"]);
    }

    #[test]
    fn remote_sources_are_absolute() {
        let url = Url::parse("http://127.0.0.1:8000/v1/index.json").unwrap();
        let c = catalogue(vec![v("1.0.0", false)], Origin::Remote(url));
        let p = plan(&c, &uses("x"), None, Upgrade::None).unwrap();
        assert_eq!(p[0].source, "http://127.0.0.1:8000/v1/x/1.0.0.toml");
        // A lock from the embedded catalogue does not serve a remote index.
        let lock = locked("1.0.0", EMBEDDED);
        let p = plan(&c, &uses("x"), Some(&lock), Upgrade::None).unwrap();
        assert_eq!(p[0].source, "http://127.0.0.1:8000/v1/x/1.0.0.toml");
    }

    #[test]
    fn local_sources_are_relative_to_the_manifest() {
        assert_eq!(local_folder("cat"), "cat");
        assert_eq!(local_folder("./cat/"), "cat");
        assert_eq!(local_folder("cat/index.json"), "cat");
        assert_eq!(local_folder("index.json"), ".");
        assert_eq!(local_folder("my-index.json"), "my-index.json");
        assert_eq!(local_folder("../shared\\cat"), "../shared/cat");
        let origin = |written: &str| Origin::Local {
            written: written.to_string(),
            folder: PathBuf::from(written),
            base: PathBuf::from("."),
        };
        let p = plan(
            &catalogue(vec![v("1.0.0", false)], origin("cat")),
            &uses("x"),
            None,
            Upgrade::None,
        )
        .unwrap();
        assert_eq!(p[0].source, "cat/x/1.0.0.toml");
        assert_eq!(Kind::of(Some(&p[0].source)), Kind::Local);
        let p = plan(
            &catalogue(vec![v("1.0.0", false)], origin(".")),
            &uses("x"),
            None,
            Upgrade::None,
        )
        .unwrap();
        assert_eq!(p[0].source, "x/1.0.0.toml");
        // A lock from a remote index does not serve a local folder.
        let lock = locked("1.0.0", "https://example.org/x/1.0.0.toml");
        let d = drift(&lock, &uses("x"), &["cat".to_string()]);
        assert_eq!(
            d[0].message,
            "`x` is locked from a remote index, and the manifest uses [referentials] index"
        );
    }

    #[test]
    fn several_catalogues_serve_each_entry_from_one() {
        let local = Origin::Local {
            written: "cat".to_string(),
            folder: PathBuf::from("cat"),
            base: PathBuf::from("."),
        };
        let both = Catalogues {
            list: vec![
                catalogue(vec![v("1.0.0", false)], Origin::Embedded)
                    .list
                    .remove(0),
                catalogue(vec![v("1.0.0", false)], local).list.remove(0),
            ],
        };
        let diags = plan(&both, &uses("x"), None, Upgrade::None).unwrap_err();
        assert_eq!(
            diags[0].message,
            "`x` is offered by 2 catalogues of [referentials] index: `embedded` and `cat`"
        );
        let mut entry = uses("x");
        entry[0].from = Some(crate::manifest::Spanned::new(
            "cat".to_string(),
            Span::default(),
        ));
        let p = plan(&both, &entry, None, Upgrade::None).unwrap();
        assert_eq!(p[0].source, "cat/x/1.0.0.toml");
        assert_eq!(p[0].catalogue.as_deref(), Some("cat"));
        // A lock of one catalogue is kept where it names the very document.
        let lock = Lockfile::new(vec![Locked {
            catalogue: None,
            ..p[0].clone()
        }]);
        let again = plan(&both, &entry, Some(&lock), Upgrade::None).unwrap();
        assert_eq!(again, p);
        let lockfile = both.lockfile(again);
        assert_eq!(lockfile.catalogues.len(), 2);
        let names = ["embedded".to_string(), "cat".to_string()];
        assert!(drift(&lockfile, &entry, &names).is_empty());
        let d = drift(&lock, &entry, &names);
        assert_eq!(
            d[0].message,
            "the lock was resolved from one catalogue, and [referentials] index lists several"
        );
    }

    #[test]
    fn drift_names_every_difference() {
        let lock = locked("0.1.0", EMBEDDED);
        assert!(drift(&lock, &uses("x"), &["embedded".to_string()]).is_empty());
        assert!(drift(&lock, &uses("x@0.1"), &["embedded".to_string()]).is_empty());
        let d = drift(&lock, &uses("x@1"), &["embedded".to_string()]);
        assert_eq!(
            d[0].message,
            "`x@^1` is locked at 0.1.0, which it does not accept"
        );
        let d = drift(&lock, &uses("x"), &["https://h/index.json".to_string()]);
        assert!(d[0].message.contains("embedded catalogue"), "{d:?}");
        let d = drift(&lock, &uses("x,y"), &["embedded".to_string()]);
        assert_eq!(d[0].message, "`y` is in use but not locked");
        let d = drift(&Lockfile::default(), &uses("x"), &["embedded".to_string()]);
        assert_eq!(d.len(), 1);
        let d = drift(&lock, &[], &["embedded".to_string()]);
        assert_eq!(d[0].message, "`x` 0.1.0 is locked but no longer in use");
        assert_eq!(d[0].span, None);
    }
}
