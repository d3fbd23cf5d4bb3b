//! The cache of downloaded referentials, under the platform's cache folder
//! (or `CHARTE_CACHE_DIR`):
//!
//! ```text
//! documents/<sha256>.toml     referential documents, named by the sha256 of their bytes
//! indexes/<sha256 of URL>.json  an index with the ETag/Last-Modified it came with
//! .charte/cache.lock          held while writing
//! ```
//!
//! Documents are content-addressed and re-hashed every time they are read: a
//! file whose bytes no longer match its name is removed, never used. Writes
//! are atomic and made under the cache's lock.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::is_sha256;
use super::resolve::{MAX_DOCUMENT_BYTES, MAX_INDEX_BYTES};
use super::sha256_hex;
use crate::error::Error;
use crate::net::Validators;
use crate::store::{self, Mode, Unreadable};

/// Largest cached index file: the index as JSON text, escaped, with its
/// URL and validators.
const MAX_CACHED_INDEX_BYTES: u64 = 2 * MAX_INDEX_BYTES + (64 << 10);

/// Version of the cache's own files; another version is ignored, not misread.
const CACHE_SCHEMA: u32 = 1;

/// What the cache holds for a sha256.
#[derive(Debug, PartialEq, Eq)]
pub enum CachedDocument {
    Absent,
    /// Bytes whose sha256 was checked.
    Verified(Vec<u8>),
    /// A copy at this path failed its sha256 check and was removed.
    Removed(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Cache {
    root: PathBuf,
}

/// An index as last downloaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedIndex {
    pub schema: u32,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The index's JSON text, as served.
    pub body: String,
}

impl CachedIndex {
    pub fn new(url: &str, validators: Validators, body: String) -> CachedIndex {
        CachedIndex {
            schema: CACHE_SCHEMA,
            url: url.to_string(),
            etag: validators.etag,
            last_modified: validators.last_modified,
            body,
        }
    }

    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

impl Cache {
    pub fn new(root: PathBuf) -> Cache {
        Cache { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn document_path(&self, sha256: &str) -> PathBuf {
        self.root.join("documents").join(format!("{sha256}.toml"))
    }

    fn index_path(&self, url: &str) -> PathBuf {
        self.root
            .join("indexes")
            .join(format!("{}.json", sha256_hex(url.as_bytes())))
    }

    /// The cached document with this sha256, re-hashed. A file that does not
    /// match is removed and reported absent.
    pub fn document(&self, sha256: &str) -> Result<Option<Vec<u8>>, Error> {
        Ok(match self.verified_document(sha256)? {
            CachedDocument::Verified(bytes) => Some(bytes),
            CachedDocument::Absent | CachedDocument::Removed(_) => None,
        })
    }

    /// The cached document with this sha256, re-hashed, saying whether a
    /// copy that failed the check was removed.
    pub fn verified_document(&self, sha256: &str) -> Result<CachedDocument, Error> {
        if !is_sha256(sha256) {
            return Ok(CachedDocument::Absent);
        }
        let path = self.document_path(sha256);
        let bytes = match store::try_read_bounded(&path, MAX_DOCUMENT_BYTES) {
            Ok(bytes) => bytes,
            Err(Unreadable::Missing) => return Ok(CachedDocument::Absent),
            Err(Unreadable::Io(e)) => return Err(self.failed("read", &path, &e)),
            // Not a document charte stored: dropped as a corrupted one.
            Err(_) => return self.drop_corrupt(path),
        };
        if sha256_hex(&bytes) == sha256 {
            Ok(CachedDocument::Verified(bytes))
        } else {
            self.drop_corrupt(path)
        }
    }

    /// Removes a cached document that is not what its name says.
    fn drop_corrupt(&self, path: PathBuf) -> Result<CachedDocument, Error> {
        // Corrupted on disk: never use it, and make room for a good copy.
        let _lock = self.lock()?;
        let _ = fs::remove_file(&path);
        Ok(CachedDocument::Removed(path))
    }

    /// Stores a document under its sha256, which the caller has verified.
    pub fn store_document(&self, sha256: &str, bytes: &[u8]) -> Result<(), Error> {
        debug_assert_eq!(sha256_hex(bytes), sha256);
        let path = self.document_path(sha256);
        self.write(&path, bytes)
    }

    /// The cached copy of the index at `url`, if there is a readable one.
    pub fn index(&self, url: &str) -> Option<CachedIndex> {
        let bytes = store::try_read_bounded(&self.index_path(url), MAX_CACHED_INDEX_BYTES).ok()?;
        let cached: CachedIndex = serde_json::from_slice(&bytes).ok()?;
        (cached.schema == CACHE_SCHEMA && cached.url == url).then_some(cached)
    }

    pub fn store_index(&self, cached: &CachedIndex) -> Result<(), Error> {
        let path = self.index_path(&cached.url);
        let bytes = serde_json::to_vec(cached).map_err(|e| Error::Unavailable(e.to_string()))?;
        self.write(&path, &bytes)
    }

    /// The exclusive lock on the cache, held while writing into it.
    fn lock(&self) -> Result<store::FileLock, Error> {
        store::create_dir(&self.root).map_err(|e| self.failed("create", &self.root, &e))?;
        store::lock_for(&self.root.join("cache")).map_err(|e| self.failed("lock", &self.root, &e))
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), Error> {
        let _lock = self.lock()?;
        if let Some(dir) = path.parent() {
            store::create_dir(dir).map_err(|e| self.failed("create", dir, &e))?;
        }
        store::write_if_changed(path, bytes, Mode::Keep)
            .map(|_| ())
            .map_err(|e| self.failed("write", path, &e))
    }

    fn failed(&self, what: &str, path: &Path, e: &io::Error) -> Error {
        let failure = store::failure(
            &format!("{what} {} in the referential cache", path.display()),
            e,
        );
        Error::Unavailable(format!(
            "{failure}; CHARTE_CACHE_DIR names another folder to use"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_rehashed_and_a_corrupt_one_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let bytes = b"schema = 1\n";
        let sha = sha256_hex(bytes);
        assert_eq!(cache.document(&sha).unwrap(), None);
        cache.store_document(&sha, bytes).unwrap();
        assert_eq!(cache.document(&sha).unwrap().as_deref(), Some(&bytes[..]));
        fs::write(cache.document_path(&sha), b"schema = 2\n").unwrap();
        assert_eq!(cache.document(&sha).unwrap(), None);
        assert!(!cache.document_path(&sha).exists());
        // Not a digest: never turned into a path.
        assert_eq!(cache.document("../../etc/passwd").unwrap(), None);
    }

    #[test]
    fn indexes_keep_their_validators() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let url = "https://referentiels.example.org/v1/index.json";
        assert!(cache.index(url).is_none());
        let v = Validators {
            etag: Some("\"abc\"".to_string()),
            last_modified: Some("Mon, 23 Nov 2026 00:00:00 GMT".to_string()),
        };
        let cached = CachedIndex::new(url, v.clone(), "{}".to_string());
        cache.store_index(&cached).unwrap();
        assert_eq!(cache.index(url), Some(cached));
        assert_eq!(cache.index(url).unwrap().validators(), v);
        assert!(cache
            .index("https://other.example.org/index.json")
            .is_none());
    }
}
