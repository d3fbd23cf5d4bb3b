//! The public directory (SPEC §9): read-only HTML pages of the
//! organizations whose latest directory choice (`charte submit --public`)
//! is public, their commitments, products, counts, gaps, submission
//! history and badges. No token, no script; French by default, English
//! with `?lang=en` or `Accept-Language`.
//!
//! Every page has an `ETag` (a digest of its bytes) and a `Last-Modified`
//! (when the organizations it shows last changed) and is answered 304 when
//! the reader's copy is current. A private or unknown organization, and
//! any of its products, is a 404 on every page, search and badge.
//!
//! Layout: `model.rs` the queries' values and the [`Reads`] trait, `sqlite.rs`
//! and `postgres.rs` the queries, `pages.rs` the HTML, `badge.rs` the SVG,
//! `text.rs` the two languages, `sources.rs` the links to official texts.

mod badge;
pub mod model;
mod pages;
mod postgres;
mod sources;
mod sqlite;
mod text;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use model::Reads;
pub use sources::Sources;

use crate::canonical::sha256_hex;
use crate::document::{is_product_id, is_valid_siren};
use crate::error::ApiError;
use crate::storage::Storage;
use crate::time::{http_date, parse_http_date, parse_rfc3339};
use pages::Ctx;
use text::Lang;

/// The stylesheet of every page.
const STYLESHEET: &str = include_str!("directory.css");
/// Longest search kept, in characters.
const MAX_SEARCH: usize = 200;

struct Directory {
    store: Arc<dyn Storage>,
    sources: Sources,
}

type Shared = Arc<Directory>;

/// The directory's routes, on `store`, linking to the texts of `sources`.
pub fn router(store: Arc<dyn Storage>, sources: Sources) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/directory.css", get(stylesheet))
        .route("/organizations/{siren}", get(organization))
        .route("/organizations/{siren}/products/{id}", get(product))
        .route("/organizations/{siren}/products/{id}/badge.svg", get(badge))
        .with_state(Arc::new(Directory { store, sources }))
}

/// The query string's `key`, decoded (`+` as a space).
fn param(uri: &Uri, key: &str) -> Option<String> {
    uri.query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k) == key).then(|| decode(v))
    })
}

fn decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(high), Some(low)) if hex(high).is_some() && hex(low).is_some() => {
                out.push((hex(high).unwrap_or(0) * 16 + hex(low).unwrap_or(0)) as u8);
                i += 2;
            }
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How the page links: the language of the answer (`?lang=`, else
/// `Accept-Language`), whether the reader chose it in the query, its path.
fn page_ctx<'a>(uri: &'a Uri, headers: &HeaderMap) -> Ctx<'a> {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let (lang, explicit) = Lang::negotiate(param(uri, "lang").as_deref(), accept);
    Ctx {
        lang,
        explicit,
        path: uri.path(),
    }
}

/// Runs the store's blocking work off the executor.
async fn read<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::from)
}

/// An answer with its validators: 304 when `If-None-Match` names its ETag
/// or, without it, `If-Modified-Since` is not before `changed`.
fn answer(
    request: &HeaderMap,
    status: StatusCode,
    content_type: &'static str,
    cache: &'static str,
    lang: Option<Lang>,
    changed: Option<&str>,
    body: String,
) -> Response {
    let etag = format!("\"{}\"", &sha256_hex(body.as_bytes())[..32]);
    let modified = changed.and_then(parse_rfc3339);
    let text = |name| {
        request
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fresh = status == StatusCode::OK
        && match text(header::IF_NONE_MATCH) {
            Some(tags) => tags
                .split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == "*" || tag == etag),
            None => match (
                text(header::IF_MODIFIED_SINCE).and_then(parse_http_date),
                modified,
            ) {
                (Some(since), Some(modified)) => modified <= since,
                _ => false,
            },
        };
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Some(value) = modified.and_then(|at| HeaderValue::from_str(&http_date(at)).ok()) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(lang) = lang {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

const HTML: &str = "text/html; charset=utf-8";
/// Pages are revalidated on every view: an organization that leaves the
/// directory leaves it at once.
const PAGE_CACHE: &str = "no-cache";

fn html(request: &HeaderMap, ctx: Ctx<'_>, changed: Option<&str>, body: String) -> Response {
    answer(
        request,
        StatusCode::OK,
        HTML,
        PAGE_CACHE,
        Some(ctx.lang),
        changed,
        body,
    )
}

fn not_found(request: &HeaderMap, ctx: Ctx<'_>) -> Response {
    answer(
        request,
        StatusCode::NOT_FOUND,
        HTML,
        "no-store",
        Some(ctx.lang),
        None,
        pages::not_found(ctx),
    )
}

/// `GET /`: the search (`q`) and page `page` (from 1) of the listing.
async fn index(
    State(dir): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let ctx = page_ctx(&uri, &headers);
    let search: String = param(&uri, "q")
        .unwrap_or_default()
        .trim()
        .chars()
        .take(MAX_SEARCH)
        .collect();
    let page = param(&uri, "page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000)
        - 1;
    let query = search.clone();
    let store = dir.store.clone();
    let listing = read(move || store.directory().listing(&query, page)).await?;
    let body = pages::index(ctx, &search, page, &listing);
    Ok(html(&headers, ctx, listing.changed.as_deref(), body))
}

/// `GET /organizations/{siren}`.
async fn organization(
    State(dir): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path(siren): Path<String>,
) -> Result<Response, ApiError> {
    let ctx = page_ctx(&uri, &headers);
    if !is_valid_siren(&siren) {
        return Ok(not_found(&headers, ctx));
    }
    let store = dir.store.clone();
    let found = read(move || store.directory().organization(&siren)).await?;
    Ok(match found {
        Some(org) => html(
            &headers,
            ctx,
            Some(&org.changed),
            pages::organization(ctx, &org),
        ),
        None => not_found(&headers, ctx),
    })
}

/// A product of a public organization, or `None`.
async fn find_product(
    dir: &Shared,
    siren: String,
    id: String,
) -> Result<Option<model::Product>, ApiError> {
    if !is_valid_siren(&siren) || !is_product_id(&id) {
        return Ok(None);
    }
    let store = dir.store.clone();
    read(move || store.directory().product(&siren, &id)).await
}

/// `GET /organizations/{siren}/products/{id}`.
async fn product(
    State(dir): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path((siren, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let ctx = page_ctx(&uri, &headers);
    Ok(match find_product(&dir, siren, id).await? {
        Some(product) => html(
            &headers,
            ctx,
            Some(&product.changed),
            pages::product(ctx, &product, &dir.sources),
        ),
        None => not_found(&headers, ctx),
    })
}

/// `GET /organizations/{siren}/products/{id}/badge.svg`: the badge of
/// `charte badge` for the product's head, in the negotiated language.
async fn badge(
    State(dir): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    Path((siren, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let ctx = page_ctx(&uri, &headers);
    Ok(match find_product(&dir, siren, id).await? {
        Some(product) => answer(
            &headers,
            StatusCode::OK,
            "image/svg+xml; charset=utf-8",
            "public, max-age=60",
            Some(ctx.lang),
            Some(&product.changed),
            badge::svg(ctx.lang, &product.row),
        ),
        None => not_found(&headers, ctx),
    })
}

/// `GET /directory.css`.
async fn stylesheet(headers: HeaderMap) -> Response {
    answer(
        &headers,
        StatusCode::OK,
        "text/css; charset=utf-8",
        "public, max-age=86400",
        None,
        None,
        STYLESHEET.to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_decoded() {
        let uri: Uri = "/?q=%3Cscript%3E+x&lang=en&page=2&bad=%zz".parse().unwrap();
        assert_eq!(param(&uri, "q").as_deref(), Some("<script> x"));
        assert_eq!(param(&uri, "lang").as_deref(), Some("en"));
        assert_eq!(param(&uri, "bad").as_deref(), Some("%zz"));
        assert_eq!(param(&uri, "none"), None);
        assert_eq!(decode("%E2%80%AE%"), "\u{202e}%");
    }
}
