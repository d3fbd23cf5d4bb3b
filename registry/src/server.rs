//! The HTTP server of protocol v1: routes, handlers, authentication,
//! idempotency, rate limiting, the request log, and the two ways to run it
//! (the binary until a signal; [`spawn`] on a background thread for tests).
//!
//! Request bodies: at most [`Config::max_body`] bytes (413
//! `payload_too_large` past it, the rest of the body drained so that the
//! client reads the answer), and at most [`Config::max_buffered_bodies`]
//! bytes across all requests at once (503 `overloaded` past it, drained the
//! same way). A `Content-Type` other than JSON is 415
//! `unsupported_media_type` (a missing one is taken as JSON); a body that is
//! not JSON is 422 `malformed_json`; JSON that breaks its schema, repeats a
//! key or holds a negative zero is 422 `invalid_document` with one
//! `{path, message}` detail per problem.
//!
//! Every request is answered within [`Config::request_timeout`]: 408 when
//! its body had not all arrived, 503 `busy` when the registry was late.
//! Connections and their other timers are in `connection.rs`.

use std::collections::{HashMap, HashSet};
use std::future::{poll_fn, Future};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context as TaskContext, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body::{Frame, SizeHint};
use serde::Serialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};

use crate::auth::{bearer, hash_token};
use crate::canonical::sha256_hex;
use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::connection::{self, log_line, Limits, Log};
use crate::document::{self, Summary};
use crate::error::{ApiError, LogNote};
use crate::log::{self, merkle, Signer};
use crate::storage::{self, Options, Storage};
use crate::store::{self, NewSubmission, Outcome, Principal};
use crate::time::now_rfc3339;

/// How long open connections may take to finish after a shutdown request.
const GRACE: Duration = Duration::from_secs(5);
/// How much of an oversized body is read and dropped before answering 413.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;
/// Longest request path written to the log.
const LOGGED_PATH: usize = 200;

struct AppState {
    store: Arc<dyn Storage>,
    /// Signs the log's checkpoints.
    signer: Arc<Signer>,
    catalogue: Option<Catalogue>,
    max_body: usize,
    request_timeout: Duration,
    /// One permit per byte of request body the registry may hold at once.
    bodies: Arc<Semaphore>,
    limiter: Option<RateLimiter>,
    in_flight: Mutex<HashSet<String>>,
    log: Log,
}

type Shared = Arc<AppState>;

/// A registry bound to its address, ready to [`Server::run`].
pub struct Server {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    limits: Limits,
    log: Log,
}

impl Server {
    /// Checks the limits, opens the database (creating it), the catalogue
    /// folder, and binds.
    pub async fn bind(config: Config) -> Result<Server> {
        config.check()?;
        let signer = config.log_key.clone().context(
            "serve needs --log-key FILE, the key that signs the transparency log's \
             checkpoints: create one with `charte-registry log init --key FILE` \
             (registry/README.md, \"Running the log\")",
        )?;
        let options = Options {
            max_db_size: config.max_db_size,
            pool_size: config.pool_size,
        };
        // Opening blocks (and migrates): off the executor.
        let db = config.db.clone();
        let start_signer = signer.clone();
        let (store, _) = tokio::task::spawn_blocking(move || {
            let (store, applied) = storage::open(&db, options)?;
            store
                .log_start(&start_signer)
                .context("cannot bring the transparency log up to date")?;
            anyhow::Ok((store, applied))
        })
        .await
        .context("opening the database stopped")??;
        let catalogue = config
            .catalogue
            .as_deref()
            .map(Catalogue::open)
            .transpose()?;
        let sources = crate::directory::Sources::load(config.catalogue.as_deref());
        let log: Log = Arc::new(Mutex::new(config.log));
        let directory = crate::directory::router(store.clone(), sources);
        let state = Arc::new(AppState {
            store,
            signer,
            catalogue,
            max_body: config.max_body,
            request_timeout: config.request_timeout,
            bodies: Arc::new(Semaphore::new(
                config.max_buffered_bodies.min(Semaphore::MAX_PERMITS),
            )),
            limiter: config.rate_limit.map(RateLimiter::new),
            in_flight: Mutex::new(HashSet::new()),
            log: log.clone(),
        });
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            router: router(state, directory),
            addr,
            limits: Limits {
                header_timeout: config.header_timeout,
                idle_timeout: config.idle_timeout,
                max_connections: config.max_connections,
                max_header_bytes: config.max_header_bytes,
            },
            log,
        })
    }

    /// The bound address (the real port when `listen` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, then lets open requests finish
    /// (for at most a few seconds).
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let (stop, stopped) = watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let serve = connection::serve(
            self.listener,
            self.router,
            self.limits,
            self.log,
            stopped.clone(),
        );
        let mut deadline = stopped;
        let deadline = async move {
            let _ = deadline.wait_for(|stop| *stop).await;
            tokio::time::sleep(GRACE).await;
        };
        tokio::select! {
            () = serve => Ok(()),
            () = deadline => Ok(()),
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("charte-registry")
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs a registry on the current thread until SIGINT or SIGTERM, calling
/// `ready` with the bound address once it accepts connections.
pub fn serve_until_signal(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    runtime()?.block_on(async move {
        let server = Server::bind(config).await?;
        ready(server.local_addr());
        server.run(shutdown_signal()).await
    })
}

/// A registry running on a background thread with its own runtime. Dropping
/// it stops the server and waits for it.
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<()>>>,
}

/// Starts a registry on a background thread and returns once it accepts
/// connections. Usable from plain blocking code (`#[test]`).
pub fn spawn(config: Config) -> Result<ServerHandle> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("charte-registry".into())
        .spawn(move || -> Result<()> {
            let runtime = match runtime() {
                Ok(runtime) => runtime,
                Err(err) => {
                    let _ = ready_tx.send(Err(err));
                    return Ok(());
                }
            };
            runtime.block_on(async move {
                let server = match Server::bind(config).await {
                    Ok(server) => server,
                    Err(err) => {
                        let _ = ready_tx.send(Err(err));
                        return Ok(());
                    }
                };
                let _ = ready_tx.send(Ok(server.local_addr()));
                server
                    .run(async move {
                        let _ = stopped.await;
                    })
                    .await
            })
        })
        .context("cannot start the server thread")?;
    let addr = ready_rx
        .recv()
        .map_err(|_| anyhow!("the server thread stopped before it was ready"))??;
    Ok(ServerHandle {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl ServerHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, the base URL of the registry.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server, waits for it, and returns how it ended.
    pub fn shutdown(mut self) -> Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .map_err(|_| anyhow!("the server thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}

/// The protocol's routes and the public directory's pages.
fn router(state: Shared, directory: Router) -> Router {
    Router::new()
        .route("/v1/submissions", post(submit))
        .route("/v1/submissions/validate", post(validate))
        .route("/v1/submissions/{id}", get(receipt))
        .route("/v1/organizations/{siren}/submissions/latest", get(latest))
        .route("/v1/referentials/{*path}", get(catalogue_file))
        .route("/v1/log/checkpoint", get(log_checkpoint))
        .route("/v1/log/proof/inclusion", get(log_inclusion))
        .route("/v1/log/proof/consistency", get(log_consistency))
        .route("/v1/log/entries", get(log_entries))
        .with_state(state.clone())
        .merge(directory)
        .fallback(|| async { ApiError::not_found("no such endpoint") })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn_with_state(state, log_request))
}

/// A JSON answer.
pub(crate) fn json_response(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut response = (status, body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(err) => ApiError::internal(err).into_response(),
    }
}

/// One line per request: time, method, path, status, duration, and the
/// cause of a 5xx. Never headers, so never the token.
async fn log_request(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(LOGGED_PATH).collect();
    let response = next.run(request).await;
    let mut line = format!(
        "{} {method} {path} {} {:.1}ms",
        now_rfc3339(),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    if let Some(LogNote(note)) = response.extensions().get::<LogNote>() {
        line.push_str(&format!(" error={note:?}"));
    }
    line.push('\n');
    log_line(&state.log, &line);
    response
}

/// Answers in place of a request not answered within the request timeout:
/// 408 `request_timeout` (and the connection closed) when its body had not
/// all arrived, else 503 `busy`. A store write already under way still
/// completes; the client's retry is then a replay.
async fn deadline(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let arrived = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        Body::new(Arrival {
            body,
            arrived: arrived.clone(),
        })
    });
    match tokio::time::timeout(state.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) if arrived.load(Ordering::Acquire) => {
            ApiError::too_slow(state.request_timeout).into_response()
        }
        Err(_) => {
            let mut response = ApiError::request_timeout(state.request_timeout).into_response();
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// A request body that records when it has all arrived.
struct Arrival {
    body: Body,
    arrived: Arc<AtomicBool>,
}

impl HttpBody for Arrival {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let frame = Pin::new(&mut this.body).poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) || this.body.is_end_stream() {
            this.arrived.store(true, Ordering::Release);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Runs blocking store work off the async executor.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)?
}

async fn authenticate(state: &Shared, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer)
        .ok_or_else(ApiError::unauthorized)?;
    let hash = hash_token(token);
    let state = state.clone();
    blocking(move || Ok(state.store.principal(&hash)?))
        .await?
        .ok_or_else(ApiError::unauthorized)
}

/// Authenticates a submission or validation, and counts it against the rate limit.
async fn authenticate_post(state: &Shared, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let principal = authenticate(state, headers).await?;
    if let Some(limiter) = &state.limiter {
        limiter
            .take(principal.token_id)
            .map_err(ApiError::rate_limited)?;
    }
    Ok(principal)
}

/// The body as JSON: content type, size limits, syntax, and the forms of
/// JSON the registry refuses (duplicate keys, negative zero), read one
/// declaration at a time ([`document::read`]); the body's bytes are dropped
/// before this returns. The [`Reservation`] holds their size against the
/// budget of buffered bodies until the caller drops it, which covers the
/// canonical text of about the same size.
async fn json_body(
    state: &Shared,
    headers: &HeaderMap,
    body: Body,
) -> Result<(document::Read, Reservation), ApiError> {
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        let essence = content_type
            .to_str()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(ApiError::unsupported_media_type());
        }
    }
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let (bytes, reservation) = read_body(state, body, declared_length).await?;
    let read = document::read(&bytes).map_err(|err| ApiError::malformed_json(&err))?;
    document::check_text(&bytes).map_err(ApiError::invalid_document)?;
    drop(bytes);
    Ok((read, reservation))
}

/// Bytes of request body held against [`AppState::bodies`]; released when dropped.
#[derive(Default)]
struct Reservation(Option<OwnedSemaphorePermit>);

impl Reservation {
    fn bytes(&self) -> usize {
        self.0.as_ref().map_or(0, OwnedSemaphorePermit::num_permits)
    }

    /// Holds `bytes` in all, or `false` when the budget has not that many left.
    fn grow_to(&mut self, budget: &Arc<Semaphore>, bytes: usize) -> bool {
        let Some(more) = bytes.checked_sub(self.bytes()) else {
            return true;
        };
        let Ok(more) = u32::try_from(more) else {
            return false;
        };
        match (budget.clone().try_acquire_many_owned(more), &mut self.0) {
            (Err(_), _) => false,
            (Ok(permit), Some(held)) => {
                held.merge(permit);
                true
            }
            (Ok(permit), held @ None) => {
                *held = Some(permit);
                true
            }
        }
    }
}

/// Reads at most [`AppState::max_body`] bytes, holding them (or the declared
/// length, at once) against the budget of buffered bodies. A body over the
/// limit (413) or over the budget (503) is read on and dropped, up to
/// [`DRAIN_LIMIT`], so that the client is not reset before it reads the
/// answer.
async fn read_body(
    state: &Shared,
    mut body: Body,
    declared_length: Option<u64>,
) -> Result<(Vec<u8>, Reservation), ApiError> {
    let limit = state.max_body;
    let mut reservation = Reservation::default();
    let mut refusal = match declared_length {
        Some(length) if length > limit as u64 => Some(ApiError::payload_too_large(limit)),
        Some(length) if !reservation.grow_to(&state.bodies, length as usize) => {
            Some(ApiError::too_many_bodies())
        }
        _ => None,
    };
    let mut bytes = Vec::with_capacity(reservation.bytes());
    let mut dropped = 0usize;
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(data) = frame.map_err(|_| ApiError::body_read_failed())?.into_data() else {
            continue;
        };
        if refusal.is_none() {
            let total = bytes.len() + data.len();
            if total > limit {
                refusal = Some(ApiError::payload_too_large(limit));
            } else if !reservation.grow_to(&state.bodies, total) {
                refusal = Some(ApiError::too_many_bodies());
            }
            if refusal.is_some() {
                dropped = bytes.len();
                bytes = Vec::new();
                reservation = Reservation::default();
            }
        }
        if refusal.is_some() {
            dropped += data.len();
            if dropped > DRAIN_LIMIT {
                break;
            }
        } else {
            bytes.extend_from_slice(&data);
        }
    }
    match refusal {
        Some(refusal) => Err(refusal),
        None => Ok((bytes, reservation)),
    }
}

/// 403 when the document names another organization, else 422 with every
/// problem, else what the store indexes.
fn check_document(
    document: &mut document::Read,
    principal: &Principal,
) -> Result<Summary, ApiError> {
    if let Some(siren) = document::organization_siren(&document.document) {
        if siren != principal.siren {
            return Err(ApiError::forbidden(siren));
        }
    }
    let summary = document.validate().map_err(ApiError::invalid_document)?;
    if summary.siren != principal.siren {
        return Err(ApiError::forbidden(&summary.siren));
    }
    Ok(summary)
}

/// `POST /v1/submissions`.
async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let principal = authenticate_post(&state, &headers).await?;
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .ok_or_else(ApiError::missing_idempotency_key)?
        .to_owned();
    let (mut document, _reservation) = json_body(&state, &headers, body).await?;
    let digest = sha256_hex(document.canonical.as_bytes());
    if key != digest {
        return Err(ApiError::idempotency_key_mismatch(&digest));
    }
    let summary = check_document(&mut document, &principal)?;
    let canonical = document.canonical;
    let claim = InFlight::claim(&state, digest)?;
    let store_state = state.clone();
    let (receipt, outcome) = blocking(move || {
        let claim = claim;
        let id = store::new_submission_id()?;
        let submission = NewSubmission {
            digest: &claim.key,
            siren: &summary.siren,
            product: summary.product.as_deref(),
            token_id: principal.token_id,
            canonical: &canonical,
            withdrawn: summary.withdrawn,
            directory: summary.directory,
        };
        Ok(store_state
            .store
            .submit(&submission, &id, &store_state.signer)?)
    })
    .await?;
    let status = match outcome {
        Outcome::Created => StatusCode::CREATED,
        Outcome::Replayed => StatusCode::OK,
        Outcome::NothingToWithdraw => {
            return Err(ApiError::nothing_to_withdraw(
                receipt.product.as_deref().unwrap_or_default(),
            ))
        }
    };
    let mut response = json_response(status, &receipt);
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/submissions/{}", receipt.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `POST /v1/submissions/validate`: the same checks, nothing stored. The
/// answer also carries the digest the registry computed.
async fn validate(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let principal = authenticate_post(&state, &headers).await?;
    let (mut document, _reservation) = json_body(&state, &headers, body).await?;
    let summary = check_document(&mut document, &principal)?;
    if summary.withdrawn {
        let store_state = state.clone();
        let (siren, product) = (summary.siren.clone(), summary.product.clone());
        let submitted =
            blocking(move || Ok(store_state.store.submitted(&siren, product.as_deref())?)).await?;
        if !submitted {
            return Err(ApiError::nothing_to_withdraw(
                summary.product.as_deref().unwrap_or_default(),
            ));
        }
    }
    let digest = sha256_hex(document.canonical.as_bytes());
    Ok(json_response(
        StatusCode::OK,
        &json!({ "valid": true, "digest": digest }),
    ))
}

/// `GET /v1/submissions/{id}`: 404 also for another organization's id.
async fn receipt(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Option<Path<String>>,
) -> Result<Response, ApiError> {
    let principal = authenticate(&state, &headers).await?;
    let Some(Path(id)) = id else {
        return Err(ApiError::not_found("no such submission"));
    };
    let store_state = state.clone();
    let found = blocking(move || Ok(store_state.store.receipt_of(&id, &principal.siren)?)).await?;
    match found {
        Some(receipt) => Ok(json_response(StatusCode::OK, &receipt)),
        None => Err(ApiError::not_found("no such submission")),
    }
}

/// `GET /v1/organizations/{siren}/submissions/latest`.
async fn latest(
    State(state): State<Shared>,
    headers: HeaderMap,
    siren: Option<Path<String>>,
) -> Result<Response, ApiError> {
    let principal = authenticate(&state, &headers).await?;
    let siren = siren.map(|Path(siren)| siren).unwrap_or_default();
    if siren != principal.siren {
        return Err(ApiError::forbidden(&siren));
    }
    let store_state = state.clone();
    let receipts = blocking(move || Ok(store_state.store.latest(&siren)?)).await?;
    Ok(json_response(StatusCode::OK, &receipts))
}

/// `GET /v1/referentials/...`: the catalogue folder, when configured. No token needed.
async fn catalogue_file(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    if state.catalogue.is_none() {
        return Err(ApiError::not_found("this registry serves no catalogue"));
    }
    let relative = uri
        .path()
        .strip_prefix("/v1/referentials/")
        .unwrap_or_default()
        .to_owned();
    let file = blocking(move || match &state.catalogue {
        Some(catalogue) => catalogue.read(&relative),
        None => Err(ApiError::not_found("this registry serves no catalogue")),
    })
    .await?;
    Ok(file.respond(&headers))
}

/// `GET /v1/log/checkpoint`: the latest signed checkpoint, as text.
async fn log_checkpoint(State(state): State<Shared>) -> Result<Response, ApiError> {
    let note = blocking(move || Ok(state.store.log_checkpoint()?)).await?;
    let Some(note) = note else {
        return Err(ApiError::not_found("the log has no checkpoint yet"));
    };
    let mut response = (StatusCode::OK, note).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(response)
}

/// The `name=value` pairs of a query string (the log's parameters are
/// numbers: nothing to decode).
fn query_pairs(uri: &Uri) -> HashMap<String, String> {
    uri.query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

/// The unsigned integer query parameter `name`, or 400 naming it.
fn number(query: &HashMap<String, String>, name: &str) -> Result<u64, ApiError> {
    let value = query
        .get(name)
        .ok_or_else(|| ApiError::bad_query(&format!("the query parameter {name} is missing")))?;
    value.parse().map_err(|_| {
        ApiError::bad_query(&format!(
            "the query parameter {name} must be a whole number, not {value:?}"
        ))
    })
}

/// Runs a proof computation on the stored hashes it reads.
fn stored_proof(
    state: &Shared,
    compute: impl Fn(&mut merkle::Reader<'_>) -> anyhow::Result<Vec<merkle::Hash>>,
) -> anyhow::Result<Vec<String>> {
    let found = state.store.log_nodes(&merkle::needed(&compute)?)?;
    let proof = compute(&mut merkle::from_map(&found))?;
    Ok(proof.iter().map(log::hex).collect())
}

/// `GET /v1/log/proof/inclusion?index=N&size=S`.
async fn log_inclusion(State(state): State<Shared>, uri: Uri) -> Result<Response, ApiError> {
    let query = query_pairs(&uri);
    let (index, size) = (number(&query, "index")?, number(&query, "size")?);
    let proof = blocking(move || {
        let tree = state.store.log_size()?;
        if index >= size || size > tree {
            return Err(ApiError::bad_query(&format!(
                "no leaf {index} in a tree of size {size}: the index must be under the size, \
                 and the size at most the log's ({tree})"
            )));
        }
        Ok(stored_proof(&state, |read| {
            merkle::inclusion(index, size, read)
        })?)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "index": index, "size": size, "inclusion": proof }),
    ))
}

/// `GET /v1/log/proof/consistency?from=A&to=B`.
async fn log_consistency(State(state): State<Shared>, uri: Uri) -> Result<Response, ApiError> {
    let query = query_pairs(&uri);
    let (from, to) = (number(&query, "from")?, number(&query, "to")?);
    let proof = blocking(move || {
        let tree = state.store.log_size()?;
        if from > to || to > tree {
            return Err(ApiError::bad_query(&format!(
                "no consistency proof from size {from} to {to}: from must be at most to, \
                 and to at most the log's size ({tree})"
            )));
        }
        Ok(stored_proof(&state, |read| {
            merkle::consistency(from, to, read)
        })?)
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "from": from, "to": to, "consistency": proof }),
    ))
}

/// `GET /v1/log/entries?start=N&end=M`: at most 1,000.
async fn log_entries(State(state): State<Shared>, uri: Uri) -> Result<Response, ApiError> {
    let query = query_pairs(&uri);
    let (start, end) = (number(&query, "start")?, number(&query, "end")?);
    if start > end {
        return Err(ApiError::bad_query(&format!(
            "no entries from {start} to {end}: start must be at most end"
        )));
    }
    let entries = blocking(move || Ok(state.store.log_entries(start, end)?)).await?;
    Ok(json_response(StatusCode::OK, &entries))
}

/// An `Idempotency-Key` being processed; released when dropped, whether
/// the request succeeded or not.
struct InFlight {
    state: Shared,
    key: String,
}

impl InFlight {
    fn claim(state: &Shared, key: String) -> Result<InFlight, ApiError> {
        let mut keys = state
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !keys.insert(key.clone()) {
            return Err(ApiError::in_flight());
        }
        Ok(InFlight {
            state: state.clone(),
            key,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.state
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

/// A token bucket per token: `per_minute` requests, refilled continuously.
struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<i64, (f64, Instant)>>,
}

impl RateLimiter {
    fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request, or says in how many seconds one will be available.
    fn take(&self, token_id: i64) -> Result<(), u64> {
        let per_second = self.per_minute / 60.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let (level, updated) = buckets.entry(token_id).or_insert((self.per_minute, now));
        *level =
            (*level + now.duration_since(*updated).as_secs_f64() * per_second).min(self.per_minute);
        *updated = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *level) / per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limiter_counts_per_token() {
        let limiter = RateLimiter::new(2);
        assert_eq!(limiter.take(1), Ok(()));
        assert_eq!(limiter.take(1), Ok(()));
        let retry = limiter.take(1).unwrap_err();
        assert!((1..=30).contains(&retry), "{retry}");
        assert_eq!(limiter.take(2), Ok(()));
    }
}
