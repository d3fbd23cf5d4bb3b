//! All HTTP goes through here: the one client charte downloads referential
//! indexes and documents with (SPEC §4).
//!
//! The client has a connect timeout and a deadline for each whole request,
//! fixed when it starts and holding however slowly the bytes come, a
//! User-Agent `charte/<version>`, and a size cap enforced while the body
//! streams in. It speaks HTTPS, and plain HTTP only to loopback hosts
//! (127.0.0.0/8, ::1, `localhost`); any other address is refused before a
//! connection is opened, and so is a redirect to one. Under `--offline`
//! there is no client at all: [`crate::context::Context`] then holds no
//! [`Network`], so code that would download has nothing to call.
//!
//! The registry (SPEC §5) has a client of its own, [`Api`]: the same
//! timeouts, User-Agent and loopback rule, but it follows no redirect at all,
//! so that a bearer token is only ever sent to the address it was given for.
//! It hands back every answer, whatever its status, for the caller to judge.
//!
//! Both take a proxy from the environment for HTTPS to other machines only,
//! and then only as a CONNECT tunnel: TLS runs end to end through it, so the
//! proxy sees a host name and a port, never a path nor a token. Plain HTTP
//! (loopback only) and any loopback address are always reached directly.

use std::io::Read;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub use reqwest::Url;

use crate::error::Error;
use crate::text::hex;

/// Time to open a connection (TCP and TLS).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for a whole request, from connecting to the last byte of the body,
/// however steadily the bytes come.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;
pub const USER_AGENT: &str = concat!("charte/", env!("CARGO_PKG_VERSION"));

/// Whether a URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // The URL parser has normalised IP addresses; IPv6 ones keep brackets.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why charte will not connect to a URL, if it will not: anything but
/// HTTPS, except plain HTTP to a loopback host.
pub fn refusal(url: &Url) -> Option<String> {
    match url.scheme() {
        "https" => None,
        "http" if is_loopback(url) => None,
        "http" => Some(format!(
            "{url} uses plain http: charte downloads over https only (plain http is allowed for 127.0.0.1, ::1 and localhost)"
        )),
        other => Some(format!(
            "{url} is a `{other}:` address: charte downloads over https only"
        )),
    }
}

/// Environment variable: the time for one whole request, in seconds (60
/// by default). For tests, which cannot wait a minute.
pub const TIMEOUT_VAR: &str = "CHARTE_HTTP_TIMEOUT";

/// What the environment says about reaching the network, read once when
/// the first client is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Time for one whole request: [`TOTAL_TIMEOUT`], or [`TIMEOUT_VAR`].
    pub total: Duration,
    /// The proxy for HTTPS to other machines: the variable it was found in
    /// and its value (which may hold a password: never shown).
    pub https_proxy: Option<(&'static str, String)>,
    /// `NO_PROXY`: hosts reached directly whatever the proxy.
    pub no_proxy: String,
}

/// Hosts never reached through a proxy: this machine's.
const LOOPBACK_HOSTS: &str = "localhost, 127.0.0.0/8, ::1";

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            total: TOTAL_TIMEOUT,
            https_proxy: None,
            no_proxy: String::new(),
        }
    }
}

impl Settings {
    pub fn from_env() -> Result<Settings, Error> {
        Settings::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings from variables looked up by `var`. An HTTPS request
    /// takes `HTTPS_PROXY`, else `ALL_PROXY` (either case, the upper
    /// first, as curl does). `HTTP_PROXY` is never read: plain HTTP goes
    /// only to this machine, and a proxy would see its requests in clear.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Settings, Error> {
        let first = |names: &[&'static str]| {
            names
                .iter()
                .find_map(|&name| Some((name, var(name).filter(|v| !v.trim().is_empty())?)))
        };
        let total = match var(TIMEOUT_VAR).filter(|v| !v.is_empty()) {
            None => TOTAL_TIMEOUT,
            Some(v) => match v.trim().parse::<u64>() {
                Ok(secs) if secs > 0 => Duration::from_secs(secs),
                _ => {
                    return Err(Error::Usage(format!(
                        "{TIMEOUT_VAR} must be a whole number of seconds, like 60"
                    )))
                }
            },
        };
        Ok(Settings {
            total,
            https_proxy: first(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
            no_proxy: first(&["NO_PROXY", "no_proxy"])
                .map(|(_, v)| v)
                .unwrap_or_default(),
        })
    }

    /// The proxy rule for reqwest: HTTPS requests only, never to a host of
    /// `NO_PROXY` nor to this machine; `None` for no proxy at all.
    fn proxy(&self) -> Result<Option<reqwest::Proxy>, Error> {
        let Some((name, value)) = &self.https_proxy else {
            return Ok(None);
        };
        let unusable = |why: &str| {
            Error::Network(format!(
                "{name} names {why}: set it to an http:// or https:// proxy, like http://proxy.example.org:3128, or unset it"
            ))
        };
        let value = value.trim();
        let url = if value.contains("://") {
            Url::parse(value)
        } else {
            Url::parse(&format!("http://{value}"))
        }
        .map_err(|_| unusable("something that is not a proxy address"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(unusable(&format!(
                "a `{}:` proxy, which charte cannot use",
                url.scheme()
            )));
        }
        let bypass = if self.no_proxy.trim().is_empty() {
            LOOPBACK_HOSTS.to_string()
        } else {
            format!("{}, {LOOPBACK_HOSTS}", self.no_proxy)
        };
        let proxy = reqwest::Proxy::https(url)
            .map_err(|_| unusable("something that is not a proxy address"))?
            .no_proxy(reqwest::NoProxy::from_string(&bypass));
        Ok(Some(proxy))
    }
}

/// A client builder with what both clients share: User-Agent, timeouts,
/// no Referer, and the proxy rule of [`Settings::proxy`].
fn builder(settings: &Settings) -> Result<reqwest::blocking::ClientBuilder, Error> {
    // rustls takes its cryptography from a process-wide provider; ring is
    // the one compiled in. An error means one is already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = reqwest::blocking::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(settings.total)
        .referer(false);
    // Either proxy replaces reqwest's own reading of the environment, which
    // would send plain HTTP to HTTP_PROXY, loopback included.
    Ok(match settings.proxy()? {
        Some(proxy) => builder.proxy(proxy),
        None => builder.no_proxy(),
    })
}

/// When a request must be over: fixed as it starts, so that connecting,
/// sending, the answer's head and every byte of its body count against it.
#[derive(Clone, Copy, Debug)]
struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    fn start(total: Duration) -> Deadline {
        Deadline {
            at: Instant::now() + total,
            total,
        }
    }

    fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// The total, in whole seconds, for messages.
    fn seconds(&self) -> u64 {
        self.total.as_secs()
    }
}

/// Why a body was not read whole.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// The deadline passed before its end.
    Late,
    /// More than the cap.
    TooLarge,
    /// The connection failed after `after` bytes.
    Cut { after: usize, why: String },
}

/// Reads a whole body of at most `cap` bytes before `deadline`.
///
/// The deadline is checked between reads; a read that waits is ended at the
/// deadline by reqwest, whose timeout for the request is the same total,
/// started with it (see [`Client::get`]): a server that sends one byte a
/// second never extends it.
fn read_body(body: &mut impl Read, cap: u64, deadline: &Deadline) -> Result<Vec<u8>, Unread> {
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if deadline.passed() {
            return Err(Unread::Late);
        }
        let n = match body.read(&mut buf) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut || deadline.passed() => {
                return Err(Unread::Late)
            }
            Err(e) => {
                return Err(Unread::Cut {
                    after: bytes.len(),
                    why: io_chain(&e),
                })
            }
        };
        if (bytes.len() + n) as u64 > cap {
            return Err(Unread::TooLarge);
        }
        bytes.extend_from_slice(&buf[..n]);
    }
}

/// Validators of a cached copy, sent to ask "has it changed?".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a GET brought back.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the cached copy is current; nothing was downloaded.
    NotModified,
    Body {
        bytes: Vec<u8>,
        /// Lowercase hex sha256 of `bytes`.
        sha256: String,
        validators: Validators,
    },
}

/// The network, for a run that may use it. The client is built on first
/// use, so commands that end up needing nothing pay nothing.
#[derive(Default)]
pub struct Network {
    settings: OnceLock<Result<Settings, String>>,
    client: OnceLock<Result<Client, String>>,
    api: OnceLock<Result<Api, String>>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Network")
    }
}

impl Network {
    /// The settings, read from the environment on first use.
    fn settings(&self) -> Result<&Settings, Error> {
        self.settings
            .get_or_init(|| Settings::from_env().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Usage(e.clone()))
    }

    pub fn client(&self) -> Result<&Client, Error> {
        let settings = self.settings()?;
        self.client
            .get_or_init(|| Client::with(settings).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Network(e.clone()))
    }

    /// The registry's client.
    pub fn api(&self) -> Result<&Api, Error> {
        let settings = self.settings()?;
        self.api
            .get_or_init(|| Api::with(settings).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Network(e.clone()))
    }
}

/// The HTTP client.
pub struct Client {
    inner: reqwest::blocking::Client,
    total: Duration,
}

impl Client {
    /// A client set up from the environment.
    pub fn new() -> Result<Client, Error> {
        Client::with(&Settings::from_env()?)
    }

    pub fn with(settings: &Settings) -> Result<Client, Error> {
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
            } else if let Some(why) = refusal(attempt.url()) {
                attempt.error(format!("refused a redirect: {why}"))
            } else {
                attempt.follow()
            }
        });
        let inner = builder(settings)?
            .redirect(redirects)
            .build()
            .map_err(|e| Error::Network(format!("cannot set up HTTPS: {}", chain(&e))))?;
        Ok(Client {
            inner,
            total: settings.total,
        })
    }

    /// GETs `url`, reading at most `cap` bytes of body. With `cached`, asks
    /// the server to answer 304 when its copy has not changed.
    ///
    /// Refused addresses, unreachable servers, timeouts and HTTP errors are
    /// [`Error::Network`]; a body that is cut short or larger than `cap` is
    /// [`Error::Unavailable`]: something arrived, and it is not usable.
    pub fn get(&self, url: &Url, cached: Option<&Validators>, cap: u64) -> Result<Fetched, Error> {
        if let Some(why) = refusal(url) {
            return Err(Error::Network(format!("refused to connect: {why}")));
        }
        let deadline = Deadline::start(self.total);
        let late = || {
            Error::Network(format!(
                "downloading {url} took longer than {} s, the most charte waits for one download: try again later",
                deadline.seconds()
            ))
        };
        // reqwest's own timeout, set on the request rather than the client,
        // runs to the last byte of the body; the client's restarts at each read.
        let mut request = self.inner.get(url.clone()).timeout(self.total);
        if let Some(v) = cached {
            if let Some(etag) = &v.etag {
                request = request.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(reqwest::header::IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request.send().map_err(|e| {
            if e.is_timeout() || deadline.passed() {
                late()
            } else {
                Error::Network(format!("could not download {url}: {}", chain(&e)))
            }
        })?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED && cached.is_some() {
            return Ok(Fetched::NotModified);
        }
        if status != reqwest::StatusCode::OK {
            return Err(Error::Network(format!(
                "{url} answered {status}{}",
                if status == reqwest::StatusCode::NOT_FOUND {
                    ": check the address"
                } else {
                    ""
                }
            )));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header(reqwest::header::ETAG),
            last_modified: header(reqwest::header::LAST_MODIFIED),
        };
        let too_large = || {
            Error::Unavailable(format!(
                "{url} is larger than {} MiB, the most charte reads: refused",
                cap >> 20
            ))
        };
        if response.content_length().is_some_and(|n| n > cap) {
            return Err(too_large());
        }
        let bytes = read_body(&mut response, cap, &deadline).map_err(|unread| match unread {
            Unread::Late => late(),
            Unread::TooLarge => too_large(),
            Unread::Cut { after, why } => Error::Unavailable(format!(
                "the download of {url} was cut short after {after} bytes ({why}): nothing was kept"
            )),
        })?;
        let sha256 = hex(&Sha256::digest(&bytes));
        Ok(Fetched::Body {
            bytes,
            sha256,
            validators,
        })
    }
}

/// Largest registry answer read: receipts and error details are small.
pub const MAX_ANSWER_BYTES: u64 = 1 << 20;

/// A request to the registry.
#[derive(Clone, Copy, Debug)]
pub enum Method {
    Get,
    Post,
}

/// One call to the registry. The bearer token goes in the `Authorization`
/// header only, marked sensitive.
pub struct Call<'a> {
    pub method: Method,
    pub url: &'a Url,
    pub bearer: Option<&'a str>,
    pub headers: &'a [(&'static str, &'a str)],
    /// A JSON body (`Content-Type: application/json`).
    pub json: Option<&'a [u8]>,
}

/// The registry's answer, whatever its status.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    /// Names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// A header's value, by its lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a call brought back no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    /// The address is refused (see [`refusal`]); nothing was sent.
    Refused(String),
    /// No whole answer came back: the connection could not be opened, was
    /// cut, or timed out. The request may or may not have been processed.
    NoAnswer(String),
    /// An answer larger than [`MAX_ANSWER_BYTES`]: not a registry's.
    Oversized(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused(why) | CallError::NoAnswer(why) | CallError::Oversized(why) => {
                f.write_str(why)
            }
        }
    }
}

/// The registry's HTTP client: no redirects, every status handed back.
pub struct Api {
    inner: reqwest::blocking::Client,
    total: Duration,
}

impl Api {
    /// A client set up from the environment.
    pub fn new() -> Result<Api, Error> {
        Api::with(&Settings::from_env()?)
    }

    pub fn with(settings: &Settings) -> Result<Api, Error> {
        let inner = builder(settings)?
            // A redirect comes back as the 3xx it is: the token stays here.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Network(format!("cannot set up HTTPS: {}", chain(&e))))?;
        Ok(Api {
            inner,
            total: settings.total,
        })
    }

    /// Sends one request and reads the whole answer (at most
    /// [`MAX_ANSWER_BYTES`]).
    pub fn send(&self, call: &Call<'_>) -> Result<Answer, CallError> {
        let url = call.url;
        if let Some(why) = refusal(url) {
            return Err(CallError::Refused(format!("refused to connect: {why}")));
        }
        let deadline = Deadline::start(self.total);
        let late = || {
            CallError::NoAnswer(format!(
                "{url} did not answer in full within {} s, the most charte waits for one answer",
                deadline.seconds()
            ))
        };
        let mut request = match call.method {
            Method::Get => self.inner.get(url.clone()),
            Method::Post => self.inner.post(url.clone()),
        }
        // As for downloads: to the last byte of the answer.
        .timeout(self.total);
        if let Some(token) = call.bearer {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| {
                    CallError::Refused("the token holds characters a header cannot carry".into())
                })?;
            value.set_sensitive(true);
            request = request.header(reqwest::header::AUTHORIZATION, value);
        }
        for (name, value) in call.headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = call.json {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let mut response = request.send().map_err(|e| {
            if e.is_timeout() || deadline.passed() {
                late()
            } else {
                CallError::NoAnswer(format!("no answer from {url}: {}", chain(&e)))
            }
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
            })
            .collect();
        let oversized = || {
            CallError::Oversized(format!(
                "{url} answered {status} with more than {} KiB: not a registry's answer",
                MAX_ANSWER_BYTES >> 10
            ))
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_ANSWER_BYTES)
        {
            return Err(oversized());
        }
        let body =
            read_body(&mut response, MAX_ANSWER_BYTES, &deadline).map_err(
                |unread| match unread {
                    Unread::Late => late(),
                    Unread::TooLarge => oversized(),
                    Unread::Cut { why, .. } => {
                        CallError::NoAnswer(format!("the answer of {url} was cut short ({why})"))
                    }
                },
            )?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// An error's causes on one line. reqwest's own message repeats the URL and
/// says little ("error sending request for url"); its causes say why
/// ("tcp connect error: Connection refused").
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        // hyper-util's wrapper, "client error (Connect)", adds nothing.
        if !text.starts_with("client error (") && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
}

fn io_chain(e: &std::io::Error) -> String {
    match e.get_ref() {
        Some(inner) => chain(inner),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn https_anywhere_plain_http_only_on_loopback() {
        assert!(refusal(&url("https://referentiels.example.org/v1/index.json")).is_none());
        for ok in [
            "http://127.0.0.1:8000/index.json",
            "http://127.3.2.1/index.json",
            "http://[::1]:8000/index.json",
            "http://localhost:8000/index.json",
            "http://LOCALHOST/index.json",
        ] {
            assert!(refusal(&url(ok)).is_none(), "{ok}");
        }
        for refused in [
            "http://referentiels.example.org/index.json",
            "http://203.0.113.7/index.json",
            "http://10.0.0.1/index.json",
            "http://[2001:db8::1]/index.json",
            "http://localhost.example.org/index.json",
            "ftp://127.0.0.1/index.json",
            "file:///etc/passwd",
        ] {
            assert!(refusal(&url(refused)).is_some(), "{refused}");
        }
    }

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn https_takes_https_proxy_else_all_proxy_and_never_http_proxy() {
        let proxy = |pairs: &[(&str, &str)]| Settings::from_vars(vars(pairs)).unwrap().https_proxy;
        let http = [("http_proxy", "http://a:1"), ("HTTP_PROXY", "http://a:1")];
        assert_eq!(proxy(&http), None);
        assert_eq!(
            proxy(&[("https_proxy", "http://b:2"), ("all_proxy", "http://c:3")]),
            Some(("https_proxy", "http://b:2".to_string()))
        );
        assert_eq!(
            proxy(&[("HTTPS_PROXY", "http://B:2"), ("https_proxy", "http://b:2")]),
            Some(("HTTPS_PROXY", "http://B:2".to_string()))
        );
        assert_eq!(
            proxy(&[("HTTPS_PROXY", " "), ("ALL_PROXY", "http://c:3")]),
            Some(("ALL_PROXY", "http://c:3".to_string()))
        );
        let s = Settings::from_vars(vars(&[("no_proxy", "intranet.example")])).unwrap();
        assert_eq!(s.no_proxy, "intranet.example");
        assert!(s.proxy().unwrap().is_none());
    }

    #[test]
    fn a_proxy_charte_cannot_tunnel_through_is_refused_without_its_password() {
        for value in ["socks5://user:s3cret@proxy:1080", "ftp://user:s3cret@proxy"] {
            let settings = Settings {
                https_proxy: Some(("ALL_PROXY", value.to_string())),
                ..Settings::default()
            };
            let err = Api::with(&settings).err().unwrap().to_string();
            assert!(err.starts_with("ALL_PROXY names a `"), "{err}");
            assert!(!err.contains("s3cret"), "{err}");
        }
        for value in [
            "proxy.example.org:3128",
            "https://user:pw@proxy.example.org",
        ] {
            let settings = Settings {
                https_proxy: Some(("HTTPS_PROXY", value.to_string())),
                no_proxy: "intranet.example".to_string(),
                ..Settings::default()
            };
            assert!(Client::with(&settings).is_ok(), "{value}");
        }
    }

    /// One byte per read, each after `every`, without end.
    struct Dripping {
        every: Duration,
    }

    impl Read for Dripping {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            std::thread::sleep(self.every);
            buf[0] = b' ';
            Ok(1)
        }
    }

    #[test]
    fn a_body_that_keeps_coming_ends_at_the_deadline() {
        let deadline = Deadline::start(Duration::from_millis(300));
        let mut body = Dripping {
            every: Duration::from_millis(20),
        };
        assert_eq!(read_body(&mut body, 1 << 20, &deadline), Err(Unread::Late));
        assert!(deadline.passed());
        // The cap still comes first when it is reached first.
        let deadline = Deadline::start(Duration::from_secs(60));
        assert_eq!(read_body(&mut body, 3, &deadline), Err(Unread::TooLarge));
        let mut whole: &[u8] = b"{}";
        assert_eq!(read_body(&mut whole, 2, &deadline), Ok(b"{}".to_vec()));
    }

    #[test]
    fn the_deadline_is_whole_seconds_from_charte_http_timeout() {
        let total = |pairs: &[(&str, &str)]| Settings::from_vars(vars(pairs)).map(|s| s.total);
        assert_eq!(total(&[]).unwrap(), TOTAL_TIMEOUT);
        assert_eq!(
            total(&[(TIMEOUT_VAR, "3")]).unwrap(),
            Duration::from_secs(3)
        );
        for bad in ["0", "1.5", "soon", "-1"] {
            let err = total(&[(TIMEOUT_VAR, bad)]).unwrap_err();
            assert_eq!(
                err.to_string(),
                "CHARTE_HTTP_TIMEOUT must be a whole number of seconds, like 60"
            );
        }
    }

    #[test]
    fn the_registry_client_refuses_the_same_addresses() {
        let api = Api::new().unwrap();
        let err = api
            .send(&Call {
                method: Method::Post,
                url: &url("http://registre.example.org/v1/submissions"),
                bearer: Some("chr_secret"),
                headers: &[],
                json: Some(b"{}"),
            })
            .unwrap_err();
        assert!(matches!(err, CallError::Refused(_)), "{err:?}");
        assert!(!err.to_string().contains("chr_secret"), "{err}");
    }

    #[test]
    fn a_refused_address_is_never_connected_to() {
        // A documentation address (TEST-NET-3), refused before reqwest is
        // even asked.
        let client = Client::new().unwrap();
        let err = client
            .get(&url("http://203.0.113.7/index.json"), None, 1 << 20)
            .unwrap_err();
        assert!(matches!(err, Error::Network(_)), "{err:?}");
        assert!(err.to_string().contains("refused to connect"), "{err}");
    }
}
