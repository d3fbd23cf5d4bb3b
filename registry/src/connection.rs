//! Connections: the accept loop and what one client may hold of the server.
//! At most `max_connections` are served at once, and one more is answered
//! 503 `overloaded` at once and closed instead of waiting in the backlog.
//! On each connection, a request's head must arrive within `header_timeout`
//! (counted from the connection's opening, or from the first byte of a later
//! request), a kept-alive connection may wait `idle_timeout` for its next
//! request, and a client may stop reading an answer for `idle_timeout`.
//! The HTTP library's own answers to requests it cannot parse (400, 414,
//! 431) are replaced by the registry's JSON errors on their way out.
//!
//! The timers live in [`Guarded`], the socket as the HTTP library sees it:
//! a read that waits past its deadline ends the connection, a write stalled
//! past its deadline fails. What it waits for (a head, the next request, or
//! nothing while a handler works: the request deadline of the router covers
//! that) is told by the [`Phase`] that [`Exchange`] moves along as requests
//! come and go.

use std::convert::Infallible;
use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Router;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::time::{Instant, Sleep};

use crate::error::ApiError;
use crate::time::now_rfc3339;

/// How long a refused connection is kept to read what the client sends
/// after its 503, so that closing does not reset the connection before the
/// client has read the answer.
const REFUSAL_LINGER: Duration = Duration::from_secs(1);
/// At most this many bytes are read (and dropped) from a refused connection.
const REFUSAL_DRAIN: usize = 64 * 1024;
/// Refused connections lingering at once; past it they are closed right
/// after their 503 is written.
const LINGERING_REFUSALS: usize = 256;
/// The pause after the operating system refused to accept a connection
/// (out of file descriptors or memory), before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// At most one line a second about refused connections in the request log.
const REFUSAL_LOG_INTERVAL: Duration = Duration::from_secs(1);

/// The connection limits of [`crate::Config`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub max_header_bytes: usize,
}

/// The request log, shared by the router and the accept loop.
pub(crate) type Log = Arc<Mutex<Box<dyn Write + Send>>>;

/// Writes one line to the log (the line ends with `\n`).
pub(crate) fn log_line(log: &Log, line: &str) {
    let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = log.write_all(line.as_bytes()).and_then(|()| log.flush());
}

/// Accepts connections until `stop` turns true, then waits for the open
/// ones to finish their requests (they are told to close once idle).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    log: Log,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let lingering = Arc::new(Semaphore::new(LINGERING_REFUSALS));
    let refusal: Arc<[u8]> = ApiError::too_many_connections(limits.max_connections)
        .into_http1()
        .into();
    let mut refusals = RefusalLog::default();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) if is_per_connection(&err) => continue,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let _ = stream.set_nodelay(true);
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                let router = router.clone();
                let stop = stop.clone();
                tokio::spawn(async move {
                    serve_connection(stream, router, limits, stop).await;
                    drop(slot);
                });
            }
            Err(_) => {
                refuse(stream, refusal.clone(), &lingering);
                refusals.refused(&log, limits.max_connections);
            }
        }
    }
    drop(listener);
    let _ = slots
        .acquire_many_owned(permits(limits.max_connections))
        .await;
}

fn permits(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Accept errors that concern one connection only (it was reset before it
/// was accepted): the next one can be accepted at once.
fn is_per_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

/// Answers a connection over the limit with `answer` (a whole 503) and
/// closes it, after reading for a moment what the client sent meanwhile.
fn refuse(stream: TcpStream, answer: Arc<[u8]>, lingering: &Arc<Semaphore>) {
    let Ok(permit) = lingering.clone().try_acquire_owned() else {
        // Too many refusals lingering already: write and close at once.
        let _ = stream.try_write(&answer);
        return;
    };
    tokio::spawn(async move {
        let mut stream = stream;
        let _ = tokio::time::timeout(REFUSAL_LINGER, async {
            stream.write_all(&answer).await?;
            stream.shutdown().await?;
            let mut sink = [0u8; 4096];
            let mut drained = 0;
            while drained < REFUSAL_DRAIN {
                match stream.read(&mut sink).await? {
                    0 => break,
                    read => drained += read,
                }
            }
            io::Result::Ok(())
        })
        .await;
        drop(permit);
    });
}

/// Counts refused connections for the log: a line on the first refusal,
/// then at most one a second with the number refused since the last line.
#[derive(Default)]
struct RefusalLog {
    last: Option<Instant>,
    unlogged: usize,
}

impl RefusalLog {
    fn refused(&mut self, log: &Log, limit: usize) {
        self.unlogged += 1;
        let now = Instant::now();
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < REFUSAL_LOG_INTERVAL)
        {
            return;
        }
        log_line(
            log,
            &format!(
                "{} - - 503 {} connection(s) refused over the limit of {limit}\n",
                now_rfc3339(),
                self.unlogged
            ),
        );
        self.last = Some(now);
        self.unlogged = 0;
    }
}

/// Serves one connection until it closes, or until `stop` and its open
/// request is answered.
async fn serve_connection(
    stream: TcpStream,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let phase = Shared::new(Phase::Waiting {
        since: Instant::now(),
        fresh: true,
    });
    let io = TokioIo::new(Guarded::new(stream, phase.clone(), limits));
    let service = Exchange {
        router: TowerToHyperService::new(router),
        phase,
    };
    let mut builder = http1::Builder::new();
    builder.max_buf_size(limits.max_header_bytes);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stop.wait_for(|stop| *stop) => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}

/// Where a connection is between requests, which decides what it may wait for.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// No byte of the next request yet: since the connection opened
    /// (`fresh`, the header timeout runs) or since the last answer was sent
    /// (the idle timeout runs).
    Waiting { since: Instant, fresh: bool },
    /// The head of a request is arriving (header timeout since `since`).
    Head { since: Instant },
    /// The router has the request (the request deadline runs there).
    Handling,
    /// The answer is being written.
    Sending,
    /// The answer's body has been taken; its last bytes are being flushed.
    Flushing,
}

impl Phase {
    /// Whether no request of this connection is in the router or being
    /// answered, so that what is written can only be the HTTP library's own
    /// answer to a request it could not parse.
    fn between_requests(self) -> bool {
        matches!(self, Phase::Waiting { .. } | Phase::Head { .. })
    }
}

/// The [`Phase`] of one connection, moved by [`Exchange`] and read by [`Guarded`].
#[derive(Clone)]
struct Shared(Arc<Mutex<Phase>>);

impl Shared {
    fn new(phase: Phase) -> Self {
        Shared(Arc::new(Mutex::new(phase)))
    }

    fn get(&self) -> Phase {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, phase: Phase) {
        self.update(|_| Some(phase));
    }

    /// Moves to the phase `change` gives for the current one, if any.
    fn update(&self, change: impl FnOnce(Phase) -> Option<Phase>) {
        let mut phase = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(next) = change(*phase) {
            *phase = next;
        }
    }
}

/// The router as the HTTP library calls it, moving the connection's phase:
/// handling from the call, sending once the answer is ready, flushing once
/// its body has been taken.
struct Exchange {
    router: TowerToHyperService<Router>,
    phase: Shared,
}

impl hyper::service::Service<hyper::Request<Incoming>> for Exchange {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        self.phase.set(Phase::Handling);
        let answered = Answered(self.phase.clone());
        let phase = self.phase.clone();
        let routed = self.router.call(request.map(Body::new));
        Box::pin(async move {
            let response = routed.await?;
            phase.update(|phase| matches!(phase, Phase::Handling).then_some(Phase::Sending));
            Ok(response.map(|body| {
                Body::new(Tracked {
                    body,
                    _answered: answered,
                })
            }))
        })
    }
}

/// Dropped with the answer's body (or with the request, if the connection
/// closed first): the answer is out of the router's hands.
struct Answered(Shared);

impl Drop for Answered {
    fn drop(&mut self) {
        self.0.update(|phase| {
            matches!(phase, Phase::Handling | Phase::Sending).then_some(Phase::Flushing)
        });
    }
}

/// An answer's body, carrying the [`Answered`] mark.
struct Tracked {
    body: Body,
    _answered: Answered,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket with the connection's timers (see the module documentation).
struct Guarded {
    stream: TcpStream,
    phase: Shared,
    limits: Limits,
    read_timer: Pin<Box<Sleep>>,
    write_timer: Pin<Box<Sleep>>,
    /// Since when a write or flush has been waiting for the client.
    stalled_since: Option<Instant>,
    /// The registry's answer in place of the HTTP library's, and how much
    /// of it is written; once set, what the library writes is dropped.
    replacement: Option<(Vec<u8>, usize)>,
}

impl Guarded {
    fn new(stream: TcpStream, phase: Shared, limits: Limits) -> Self {
        let now = Instant::now();
        Guarded {
            stream,
            phase,
            limits,
            read_timer: Box::pin(tokio::time::sleep_until(now)),
            write_timer: Box::pin(tokio::time::sleep_until(now)),
            stalled_since: None,
            replacement: None,
        }
    }

    /// The deadline of a pending read, and whether passing it interrupts a
    /// request (a head partly received) rather than ends an idle wait.
    fn read_deadline(&self) -> Option<(Instant, bool)> {
        match self.phase.get() {
            Phase::Waiting { since, fresh: true } => {
                Some((since + self.limits.header_timeout, false))
            }
            Phase::Waiting {
                since,
                fresh: false,
            } => Some((since + self.limits.idle_timeout, false)),
            Phase::Head { since } => Some((since + self.limits.header_timeout, true)),
            Phase::Handling | Phase::Sending | Phase::Flushing => None,
        }
    }

    fn bytes_read(&self) {
        self.phase.update(|phase| match phase {
            // A fresh connection's head is late from its opening.
            Phase::Waiting { since, fresh: true } => Some(Phase::Head { since }),
            Phase::Waiting { fresh: false, .. } => Some(Phase::Head {
                since: Instant::now(),
            }),
            _ => None,
        });
    }

    /// `Ready` once `deadline` has passed (registering the wake-up otherwise).
    fn passed(timer: &mut Pin<Box<Sleep>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
        if Instant::now() >= deadline {
            return true;
        }
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        timer.as_mut().poll(cx).is_ready()
    }

    /// A write or flush waits for the client: an error once it has waited
    /// `idle_timeout` in all.
    fn stalled(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let since = *self.stalled_since.get_or_insert_with(Instant::now);
        if Self::passed(&mut self.write_timer, since + self.limits.idle_timeout, cx) {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the answer",
            )));
        }
        Poll::Pending
    }

    fn progressed(&mut self) {
        self.stalled_since = None;
    }

    /// Writes what is left of the replacement answer.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.replacement {
            if *written == bytes.len() {
                return Poll::Ready(Ok(()));
            }
            match Pin::new(&mut self.stream).poll_write(cx, &bytes[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(count)) => {
                    *written += count;
                    self.progressed();
                }
                Poll::Ready(Err(err)) => return Poll::Ready(Err(err)),
                Poll::Pending => return self.stalled(cx),
            }
        }
        Poll::Ready(Ok(()))
    }

    /// The registry's JSON answer for the HTTP library's own answer that
    /// begins `written`, if it is one of those the registry words itself.
    fn replace(&self, written: &[u8]) -> Option<Vec<u8>> {
        let head_end = written.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&written[..head_end]).ok()?;
        // The library's answer has no body, so no content type; every
        // answer of the router has one.
        if head
            .lines()
            .any(|line| line.to_ascii_lowercase().starts_with("content-type:"))
        {
            return None;
        }
        let status = head.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()?;
        let status = StatusCode::from_u16(status).ok()?;
        ApiError::unparsable_request(status, self.limits.max_header_bytes).map(ApiError::into_http1)
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.bytes_read();
                }
                return Poll::Ready(Ok(()));
            }
            Poll::Ready(Err(err)) => return Poll::Ready(Err(err)),
            Poll::Pending => {}
        }
        let Some((deadline, interrupts)) = this.read_deadline() else {
            return Poll::Pending;
        };
        if !Self::passed(&mut this.read_timer, deadline, cx) {
            return Poll::Pending;
        }
        if !interrupts {
            // Nothing of a request yet: end the connection as if the client
            // had closed it.
            return Poll::Ready(Ok(()));
        }
        // Best effort: the send buffer of a connection that is still
        // receiving its head is empty.
        let late = ApiError::request_timeout(this.limits.header_timeout).into_http1();
        let _ = this.stream.try_write(&late);
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the request head did not arrive in time",
        )))
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacement.is_none() && this.phase.get().between_requests() {
            if let Some(answer) = this.replace(buf) {
                this.replacement = Some((answer, 0));
            }
        }
        if this.replacement.is_some() {
            // Written on the next flush at the latest; the library's
            // bytes are taken and dropped.
            if let Poll::Ready(Err(err)) = this.poll_replacement(cx) {
                return Poll::Ready(Err(err));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        match Pin::new(&mut this.stream).poll_write(cx, buf) {
            Poll::Ready(Ok(count)) => {
                if count > 0 {
                    this.progressed();
                }
                Poll::Ready(Ok(count))
            }
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            Poll::Pending => {
                ready!(this.stalled(cx))?;
                Poll::Pending
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        match Pin::new(&mut this.stream).poll_flush(cx) {
            Poll::Ready(Ok(())) => {
                if matches!(this.phase.get(), Phase::Flushing) {
                    this.phase.set(Phase::Waiting {
                        since: Instant::now(),
                        fresh: false,
                    });
                    // The library may have polled its read already, when
                    // there was no deadline to wait for: poll it again.
                    cx.waker().wake_by_ref();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            Poll::Pending => {
                ready!(this.stalled(cx))?;
                Poll::Pending
            }
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.stream).poll_shutdown(cx)
    }
}
