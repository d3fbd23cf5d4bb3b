//! The registry protocol (SPEC §5) over [`Api`]: the latest receipt of each
//! product, submissions and server-side validation, each retried by the
//! rules of [`super::retry`].
//!
//! Every request carries the token in its `Authorization` header and
//! nowhere else; no message built here holds it.
//!
//! What the registry says is data: every message, detail and header it
//! sends reaches the user through [`crate::text::printable`], one line each,
//! and with the token masked should the registry echo it.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::credentials::Token;
use super::document::Submission;
use super::retry::{classify, parse_retry_after, Backoff, Verdict};
use crate::net::{Answer, Api, Call, CallError, Method, Url};
use crate::text::printable;

/// What the registry answers for an accepted submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    /// sha256 of the document's canonical JSON.
    pub digest: String,
    /// The organization's SIREN.
    pub organization: String,
    /// The product, or `None` for the commitments.
    pub product: Option<String>,
    /// RFC 3339, when the registry first accepted the document.
    pub received_at: String,
    /// The document withdrew the product (SPEC §5); absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// Where the registry's transparency log holds the submission (SPEC
    /// §8); absent from a registry without a log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<super::log::Logged>,
}

/// One entry of the registry's `latest` list: a product's newest receipt,
/// and the counts its document declared (none for a withdrawal, or from a
/// registry that does not say).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Head {
    #[serde(flatten)]
    pub receipt: Receipt,
    #[serde(default)]
    pub counts: Option<serde_json::Value>,
}

/// The receipt id's prefix; 32 lowercase hex digits follow it.
pub const RECEIPT_ID_PREFIX: &str = "sub_";

impl Receipt {
    /// What puts this receipt out of the protocol's form (SPEC §5), naming
    /// the field; `None` when each field has its form. A receipt is checked
    /// before it is stored or shown, for its fields go into tables and
    /// public statements as they are.
    pub fn fault(&self) -> Option<String> {
        let lower_hex = |s: &str, n: usize| {
            s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        let wrong = |field: &str, value: &str, form: &str| {
            Some(format!("its `{field}` {} is not {form}", shown(value)))
        };
        let id_ok = self
            .id
            .strip_prefix(RECEIPT_ID_PREFIX)
            .is_some_and(|hex| lower_hex(hex, 32));
        if !id_ok {
            return wrong("id", &self.id, "`sub_` and 32 lowercase hex digits");
        }
        if !lower_hex(&self.digest, 64) {
            return wrong(
                "digest",
                &self.digest,
                "a sha256 in 64 lowercase hex digits",
            );
        }
        if !(self.organization.len() == 9 && self.organization.bytes().all(|b| b.is_ascii_digit()))
        {
            return wrong("organization", &self.organization, "a SIREN of 9 digits");
        }
        if let Some(product) = &self.product {
            if !crate::manifest::is_id(product) {
                return wrong(
                    "product",
                    product,
                    "a product id (lowercase letters, digits and dashes)",
                );
            }
        }
        if !is_rfc3339(&self.received_at) {
            return wrong(
                "received_at",
                &self.received_at,
                "an RFC 3339 date and time (like 2026-11-23T10:00:00Z)",
            );
        }
        None
    }
}

/// A value from elsewhere quoted in a message: printable, and cut short.
fn shown(value: &str) -> String {
    const LONGEST: usize = 48;
    let mut cut: String = value.chars().take(LONGEST).collect();
    if cut.len() < value.len() {
        cut.push('…');
    }
    format!("`{}`", printable(&cut))
}

/// An RFC 3339 date-time (§5.6): `YYYY-MM-DDTHH:MM:SS`, optional fraction,
/// then `Z` or an offset `±HH:MM`; `T` and `Z` in either case.
fn is_rfc3339(s: &str) -> bool {
    fn number(s: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
        let n = s.parse().ok().filter(|n| range.contains(n))?;
        s.bytes().all(|b| b.is_ascii_digit()).then_some(n)
    }
    let b = s.as_bytes();
    if b.len() < 20
        || !s.is_ascii()
        || b[4] != b'-'
        || b[7] != b'-'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't') {
        return false;
    }
    let date = (|| {
        crate::date::Date::from_ymd(
            number(&s[0..4], 0..=9999)? as i32,
            number(&s[5..7], 1..=12)?,
            number(&s[8..10], 1..=31)?,
        )
    })();
    let time = number(&s[11..13], 0..=23).is_some()
        && number(&s[14..16], 0..=59).is_some()
        && number(&s[17..19], 0..=60).is_some();
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    let zone = match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => {
            number(&rest[1..3], 0..=23).is_some() && number(&rest[4..6], 0..=59).is_some()
        }
        _ => false,
    };
    date.is_some() && time && zone
}

/// How the registry took a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// 201: stored now.
    Created,
    /// 200: it already held this very document (sent before, perhaps by an
    /// attempt whose answer was lost); its receipt is the first one.
    Replayed,
}

/// A submission the registry took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub receipt: Receipt,
    pub how: Accepted,
    /// Requests sent, the first included.
    pub attempts: u32,
}

/// The registry's verdict on a document it was asked to validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Validation {
    Valid,
    /// 422, with the registry's message and its problems.
    Invalid {
        message: String,
        details: Vec<Detail>,
    },
}

/// One problem the registry found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Detail {
    /// JSON Pointer into the document (may be empty).
    #[serde(default)]
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A request that did not succeed, after the retries it was allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The last status, or `None` when no answer came back.
    pub status: Option<u16>,
    /// What went wrong, in a sentence (never the token).
    pub message: String,
    pub details: Vec<Detail>,
    /// Requests sent.
    pub attempts: u32,
}

impl Failure {
    /// The status and message, with the details on following lines.
    pub fn describe(&self) -> String {
        let mut text = match self.status {
            Some(status) => format!("{status}: {}", self.message),
            None => self.message.clone(),
        };
        for d in &self.details {
            text.push_str(&format!("\n    {d}"));
        }
        text
    }

    /// The failure as it may be shown: each text on one printable line
    /// (what charte wrote itself is already so), the token masked.
    fn scrubbed(self, token: &Token) -> Failure {
        // Masked before, and again once escape sequences no longer split it.
        let clean = |s: &str| mask(&printable(&mask(s, token)), token);
        Failure {
            message: clean(&self.message),
            details: self
                .details
                .iter()
                .map(|d| Detail {
                    path: clean(&d.path),
                    message: clean(&d.message),
                })
                .collect(),
            ..self
        }
    }
}

/// What stands for the token in a registry's words that repeat it.
const MASKED_TOKEN: &str = "[token]";

/// `text` with every occurrence of the token masked.
fn mask(text: &str, token: &Token) -> String {
    text.replace(token.expose(), MASKED_TOKEN)
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A wait before a retry, told to whoever watches.
#[derive(Debug)]
pub struct Retrying<'a> {
    /// What is being sent: a product id, `(organization)`, or a path.
    pub what: &'a str,
    /// The request that failed, counting from 1.
    pub attempt: u32,
    pub wait: Duration,
    pub why: String,
}

/// A registry at one address, opened with one token.
pub struct Registry<'a> {
    api: &'a Api,
    /// The base URL as a string, without a trailing slash.
    base: String,
    token: &'a Token,
    backoff: Backoff,
    jitter: Jitter,
    on_retry: Option<&'a (dyn Fn(&Retrying<'_>) + Sync)>,
}

impl<'a> Registry<'a> {
    pub fn new(api: &'a Api, base: &Url, token: &'a Token) -> Registry<'a> {
        Registry {
            api,
            base: base.as_str().trim_end_matches('/').to_string(),
            token,
            backoff: Backoff::default(),
            jitter: Jitter::seeded(),
            on_retry: None,
        }
    }

    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Calls `watch` before each wait for a retry.
    pub fn on_retry(mut self, watch: &'a (dyn Fn(&Retrying<'_>) + Sync)) -> Self {
        self.on_retry = Some(watch);
        self
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("{}{path}", self.base)).expect("a valid base URL and path")
    }

    /// A failure for an answer that came back but could not be used.
    fn unreadable(&self, status: u16, attempts: u32, message: String) -> Failure {
        Failure {
            status: Some(status),
            message,
            details: Vec::new(),
            attempts,
        }
        .scrubbed(self.token)
    }

    /// The newest accepted submission of each product of the organization,
    /// and of its commitments.
    pub fn latest(&self, siren: &str) -> Result<Vec<Head>, Failure> {
        let url = self.url(&format!("/v1/organizations/{siren}/submissions/latest"));
        let (answer, attempts) = self.call("latest receipts", Method::Get, &url, &[], None)?;
        let fail = |message: String| self.unreadable(answer.status, attempts, message);
        let list: Vec<Head> = serde_json::from_slice(&answer.body).map_err(|e| {
            fail(format!(
                "{url} answered with something that is not a list of receipts ({e})"
            ))
        })?;
        for Head { receipt, .. } in &list {
            let fault = receipt.fault().or_else(|| {
                (receipt.organization != siren).then(|| {
                    format!(
                        "its `organization` {} is not {siren}",
                        shown(&receipt.organization)
                    )
                })
            });
            if let Some(fault) = fault {
                return Err(fail(self.refused_receipt(&fault)));
            }
        }
        Ok(list)
    }

    /// One receipt of the organization, by its id, with its log proof
    /// (which the `latest` list leaves out).
    pub fn receipt(&self, id: &str, siren: &str) -> Result<Receipt, Failure> {
        let url = self.url(&format!("/v1/submissions/{id}"));
        let (answer, attempts) = self.call("receipt", Method::Get, &url, &[], None)?;
        let fail = |message: String| self.unreadable(answer.status, attempts, message);
        let receipt: Receipt = serde_json::from_slice(&answer.body).map_err(|e| {
            fail(format!(
                "{url} answered with something that is not a receipt ({e})"
            ))
        })?;
        let fault = receipt.fault().or_else(|| {
            (receipt.organization != siren || receipt.id != id)
                .then(|| format!("it is not the receipt {} of {siren}", shown(id)))
        });
        if let Some(fault) = fault {
            return Err(fail(self.refused_receipt(&fault)));
        }
        Ok(receipt)
    }

    /// Why a receipt is refused, naming the registry.
    fn refused_receipt(&self, fault: &str) -> String {
        format!(
            "{} answered with a receipt out of the registry protocol's form: {fault}; nothing was stored",
            self.base
        )
    }

    /// Submits one document, its digest as the `Idempotency-Key`.
    pub fn submit(&self, submission: &Submission, siren: &str) -> Result<Sent, Failure> {
        let url = self.url("/v1/submissions");
        let headers = [("idempotency-key", submission.digest.as_str())];
        let (answer, attempts) = self.call(
            submission.label(),
            Method::Post,
            &url,
            &headers,
            Some(submission.body.as_bytes()),
        )?;
        let fail = |message: String| self.unreadable(answer.status, attempts, message);
        let receipt: Receipt = serde_json::from_slice(&answer.body)
            .map_err(|e| fail(format!("the registry's receipt does not read ({e})")))?;
        if let Some(fault) = receipt.fault() {
            return Err(fail(self.refused_receipt(&fault)));
        }
        // A receipt for another document would be a false proof.
        if receipt.digest != submission.digest
            || receipt.organization != siren
            || receipt.product != submission.product
        {
            return Err(fail(format!(
                "the registry answered with the receipt {} of another document (digest {}, product {}): nothing was recorded here",
                receipt.id,
                receipt.digest,
                receipt.product.as_deref().unwrap_or("none")
            )));
        }
        Ok(Sent {
            receipt,
            how: if answer.status == 201 {
                Accepted::Created
            } else {
                Accepted::Replayed
            },
            attempts,
        })
    }

    /// Asks the registry to validate a document without storing it.
    pub fn validate(&self, submission: &Submission) -> Result<Validation, Failure> {
        let url = self.url("/v1/submissions/validate");
        match self.call(
            submission.label(),
            Method::Post,
            &url,
            &[],
            Some(submission.body.as_bytes()),
        ) {
            Ok(_) => Ok(Validation::Valid),
            Err(f) if f.status == Some(422) => Ok(Validation::Invalid {
                message: f.message,
                details: f.details,
            }),
            Err(f) => Err(f),
        }
    }

    /// Sends a request until it succeeds, fails for good, or runs out of
    /// attempts. A success is a 2xx answer.
    fn call(
        &self,
        what: &str,
        method: Method,
        url: &Url,
        headers: &[(&'static str, &str)],
        json: Option<&[u8]>,
    ) -> Result<(Answer, u32), Failure> {
        let call = Call {
            method,
            url,
            bearer: Some(self.token.expose()),
            headers,
            json,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (failure, retry_after) = match self.api.send(&call) {
                Ok(answer) => match classify(Some(answer.status)) {
                    Verdict::Done => return Ok((answer, attempt)),
                    verdict => {
                        let failure = refused(url, &answer, attempt);
                        if verdict == Verdict::Fail {
                            return Err(failure.scrubbed(self.token));
                        }
                        let retry_after = answer
                            .header("retry-after")
                            .and_then(|v| parse_retry_after(v, unix_now()));
                        (failure, retry_after)
                    }
                },
                Err(e @ (CallError::Refused(_) | CallError::Oversized(_))) => {
                    return Err(Failure {
                        status: None,
                        message: e.to_string(),
                        details: Vec::new(),
                        attempts: attempt,
                    }
                    .scrubbed(self.token))
                }
                Err(CallError::NoAnswer(why)) => (
                    Failure {
                        status: None,
                        message: why,
                        details: Vec::new(),
                        attempts: attempt,
                    },
                    None,
                ),
            };
            let failure = failure.scrubbed(self.token);
            if attempt >= self.backoff.attempts {
                return Err(Failure {
                    message: format!(
                        "{} (gave up after {attempt} attempt{})",
                        failure.message,
                        crate::text::plural_s(attempt as usize)
                    ),
                    ..failure
                });
            }
            let wait = self.backoff.delay(attempt, self.jitter.unit(), retry_after);
            if let Some(watch) = self.on_retry {
                watch(&Retrying {
                    what,
                    attempt,
                    wait,
                    why: failure.describe(),
                });
            }
            std::thread::sleep(wait);
        }
    }
}

/// The failure an unsuccessful answer stands for: the registry's own error
/// message and details when it sent them.
fn refused(url: &Url, answer: &Answer, attempts: u32) -> Failure {
    #[derive(Deserialize)]
    struct Body {
        error: ErrorBody,
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        message: String,
        #[serde(default)]
        details: Vec<Detail>,
    }
    let status = answer.status;
    if (300..400).contains(&status) {
        let to = answer.header("location").unwrap_or("nowhere said");
        return Failure {
            status: Some(status),
            message: format!(
                "{url} redirects to {to}: charte sends no token to another address than the registry's; \
                 if the registry moved, use its new address"
            ),
            details: Vec::new(),
            attempts,
        };
    }
    let (message, details) = match serde_json::from_slice::<Body>(&answer.body) {
        Ok(b) => (b.error.message, b.error.details),
        Err(_) => (
            format!("{url} answered {status} without the registry's error form"),
            Vec::new(),
        ),
    };
    Failure {
        status: Some(status),
        message,
        details,
        attempts,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Randomness for the jitter of retries: xorshift64*, seeded from the
/// clock and the process id so that clients retrying together spread out.
struct Jitter(Mutex<u64>);

impl Jitter {
    fn seeded() -> Jitter {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let seed = nanos ^ (u64::from(std::process::id()) << 32) ^ 0x9E37_79B9_7F4A_7C15;
        Jitter(Mutex::new(seed.max(1)))
    }

    /// Uniform in [0, 1).
    fn unit(&self) -> f64 {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut x = *state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *state = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        let j = Jitter::seeded();
        let draws: Vec<f64> = (0..1000).map(|_| j.unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        // Not stuck on one value.
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
        Answer {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn failures_carry_the_registrys_words() {
        let url = Url::parse("http://127.0.0.1:1/v1/submissions").unwrap();
        let f = refused(
            &url,
            &answer(
                422,
                &[],
                r#"{"error":{"code":"invalid_document","message":"the document is invalid","details":[{"path":"/declarations/0/due","message":"not a date"}]}}"#,
            ),
            1,
        );
        assert_eq!(
            f.describe(),
            "422: the document is invalid\n    /declarations/0/due: not a date"
        );
        let f = refused(&url, &answer(502, &[], "<html>bad gateway</html>"), 2);
        assert_eq!(
            f.message,
            "http://127.0.0.1:1/v1/submissions answered 502 without the registry's error form"
        );
        let f = refused(
            &url,
            &answer(307, &[("location", "https://elsewhere.example/v1")], ""),
            1,
        );
        assert!(
            f.message
                .contains("redirects to https://elsewhere.example/v1"),
            "{}",
            f.message
        );
    }

    fn receipt() -> Receipt {
        Receipt {
            id: format!("sub_{}", "0123456789abcdef".repeat(2)),
            digest: "ab".repeat(32),
            organization: "732829320".into(),
            product: Some("exemple-lgc".into()),
            received_at: "2026-11-23T10:00:00Z".into(),
            withdrawn: false,
            log: None,
        }
    }

    #[test]
    fn a_receipt_has_the_forms_of_the_protocol() {
        assert_eq!(receipt().fault(), None);
        let with = |change: fn(&mut Receipt)| {
            let mut r = receipt();
            change(&mut r);
            r.fault().unwrap_or_default()
        };
        assert_eq!(
            with(|r| r.id = "sub_1\n## Injected\n<script>".into()),
            "its `id` `sub_1\u{fffd}## Injected\u{fffd}<script>` is not `sub_` and 32 lowercase hex digits"
        );
        assert!(with(|r| r.id = r.id.to_uppercase()).starts_with("its `id`"));
        assert!(with(|r| r.id.push('0')).starts_with("its `id`"));
        assert!(with(|r| r.digest = format!("sha256:{}", r.digest)).starts_with("its `digest`"));
        assert!(
            with(|r| r.organization = "73282932\u{1b}".into()).starts_with("its `organization`")
        );
        assert!(with(|r| r.product = Some("Exemple LGC".into())).starts_with("its `product`"));
        assert!(with(|r| r.product = None).is_empty());
        assert!(with(|r| r.received_at = "2026-11-23\r\u{1b}[2J".into())
            .starts_with("its `received_at` `2026-11-23\u{fffd}`"));
        let long = with(|r| r.id = "x".repeat(100));
        assert!(long.contains(&format!("`{}…`", "x".repeat(48))), "{long}");
    }

    #[test]
    fn received_at_is_rfc_3339() {
        for good in [
            "2026-11-23T10:00:00Z",
            "2026-11-23t10:00:00z",
            "2026-11-23T10:00:00.123456Z",
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T23:59:60-09:30",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "",
            "2026-11-23",
            "2026-11-23 10:00:00Z",
            "2026-11-23T10:00:00",
            "2026-02-30T10:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T10:00:00.Z",
            "2026-11-23T10:00:00+0100",
            "+026-11-23T10:00:00Z",
            "2026-11-23T10:00:00Z\n# x",
            "2026-11-23T10:00:00Ž",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn a_failure_shows_no_control_and_no_token() {
        let token = Token::new("chr_secret0123456789").unwrap();
        let f = Failure {
            status: Some(400),
            message: "\u{1b}[2Jbad token chr_secret0123456789\r\nX".into(),
            details: vec![Detail {
                path: "/a\u{1b}]0;t\u{7}".into(),
                message: "chr_secret\u{1b}[0m0123456789".into(),
            }],
            attempts: 1,
        }
        .scrubbed(&token);
        assert_eq!(
            f.describe(),
            "400: bad token [token]\u{fffd}\u{fffd}X\n    /a: [token]"
        );
    }
}
