//! Serving a catalogue folder (`index.json` and referential documents)
//! under `/v1/referentials/`, as any static server would, with `ETag` and
//! `Last-Modified` revalidation. Paths are checked segment by segment and
//! the resolved file must stay inside the folder (symlinks included).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::canonical::sha256_hex;
use crate::error::ApiError;
use crate::time::http_date;

/// Largest catalogue file served.
const MAX_FILE: u64 = 16 * 1024 * 1024;

pub(crate) struct Catalogue {
    root: PathBuf,
}

/// A file read from the catalogue, with its validators.
pub(crate) struct CatalogueFile {
    contents: Vec<u8>,
    etag: String,
    last_modified: Option<String>,
    content_type: &'static str,
}

impl Catalogue {
    pub fn open(dir: &Path) -> Result<Catalogue> {
        let root = dir
            .canonicalize()
            .with_context(|| format!("cannot open catalogue folder {}", dir.display()))?;
        anyhow::ensure!(root.is_dir(), "catalogue {} is not a folder", dir.display());
        Ok(Catalogue { root })
    }

    /// The file at `relative` (the URL path after `/v1/referentials/`, not
    /// decoded). Segments may hold only `A-Z a-z 0-9 . _ - @ +` and may not
    /// start with a dot, so `..`, `%2e%2e`, `\` and hidden files are refused.
    pub fn read(&self, relative: &str) -> Result<CatalogueFile, ApiError> {
        let allowed =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@' | b'+');
        for segment in relative.split('/') {
            if segment.is_empty() || segment.starts_with('.') || !segment.bytes().all(allowed) {
                return Err(ApiError::invalid_path(
                    "catalogue paths are plain relative names: no `..`, hidden, empty or encoded segments",
                ));
            }
        }
        let not_found = || ApiError::not_found(format!("no catalogue file {relative}"));
        let path = self
            .root
            .join(relative)
            .canonicalize()
            .map_err(|_| not_found())?;
        if !path.starts_with(&self.root) {
            return Err(not_found());
        }
        let metadata = fs::metadata(&path).map_err(|_| not_found())?;
        if !metadata.is_file() {
            return Err(not_found());
        }
        if metadata.len() > MAX_FILE {
            return Err(ApiError::internal(format!(
                "{} is over {MAX_FILE} bytes",
                path.display()
            )));
        }
        let contents = fs::read(&path)
            .map_err(|err| ApiError::internal(format!("{}: {err}", path.display())))?;
        let content_type = match path.extension().and_then(|ext| ext.to_str()) {
            Some("json") => "application/json",
            Some("toml") => "application/toml",
            Some("txt" | "md") => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        Ok(CatalogueFile {
            etag: format!("\"{}\"", &sha256_hex(&contents)[..32]),
            last_modified: metadata.modified().ok().map(http_date),
            contents,
            content_type,
        })
    }
}

impl CatalogueFile {
    /// 200 with the file, or 304 when the request's validators still match.
    pub fn respond(self, request: &HeaderMap) -> Response {
        let header_text = |name| {
            request
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
        };
        let fresh = match header_text(header::IF_NONE_MATCH) {
            Some(tags) => tags
                .split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == "*" || tag == self.etag),
            None => header_text(header::IF_MODIFIED_SINCE)
                .is_some_and(|since| Some(since) == self.last_modified.as_deref()),
        };
        let mut response = if fresh {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = self.contents.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
            response
        };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        if let Some(Ok(date)) = self.last_modified.as_deref().map(HeaderValue::from_str) {
            headers.insert(header::LAST_MODIFIED, date);
        }
        response
    }
}
