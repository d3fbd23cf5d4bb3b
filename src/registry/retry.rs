//! When and how long to wait before sending a submission again (SPEC §5):
//! connection failures, timeouts, 5xx and 429 are retried with capped
//! exponential backoff and jitter, honouring `Retry-After`; other 4xx never,
//! except 409: the registry's "this same document is being stored right now"
//! (it comes with `Retry-After`), after which the same request is a replay.
//! Pure: the caller supplies the randomness and does the sleeping.

use std::time::Duration;

use crate::date::Date;

/// What to do after an answer (or its absence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Done,
    Retry,
    Fail,
}

/// An HTTP status seen by the client, or `None` when no answer came back
/// (connection refused or reset, timeout).
pub fn classify(status: Option<u16>) -> Verdict {
    match status {
        None => Verdict::Retry,
        Some(200..=299) => Verdict::Done,
        // 409: the same Idempotency-Key is in flight; sent again once it
        // is stored, the request is answered with its receipt.
        Some(409) | Some(429) | Some(500..=599) => Verdict::Retry,
        Some(_) => Verdict::Fail,
    }
}

/// Capped exponential backoff with full jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// First delay ceiling.
    pub base: Duration,
    /// Longest wait, whatever the attempt or `Retry-After` says.
    pub cap: Duration,
    /// Sends in all, the first included.
    pub attempts: u32,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            base: Duration::from_millis(250),
            cap: Duration::from_secs(30),
            attempts: 6,
        }
    }
}

impl Backoff {
    /// The wait before send number `attempt + 1` (attempt counts from 1),
    /// given a uniform random `unit` in [0, 1) and the server's `Retry-After`.
    /// A `Retry-After` is a floor: the server knows when it will be ready.
    pub fn delay(&self, attempt: u32, unit: f64, retry_after: Option<Duration>) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.cap);
        let jittered = ceiling.mul_f64(unit.clamp(0.0, 1.0));
        match retry_after {
            Some(wait) => wait.min(self.cap).max(jittered),
            None => jittered,
        }
    }
}

/// `Retry-After` as seconds or as an HTTP date (IMF-fixdate), relative to
/// `now_unix` (seconds since the epoch).
pub fn parse_retry_after(value: &str, now_unix: u64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // Sun, 06 Nov 1994 08:49:37 GMT
    let rest = value.split_once(", ")?.1;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts[..] else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let date = Date::from_ymd(year.parse().ok()?, month, day.parse().ok()?)?;
    let hms: Vec<u64> = time
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms[..] else { return None };
    let epoch = Date::from_ymd(1970, 1, 1)?;
    let at = u64::try_from(epoch.days_until(date)).ok()? * 86_400 + h * 3600 + m * 60 + s;
    Some(Duration::from_secs(at.saturating_sub(now_unix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_retried() {
        assert_eq!(classify(None), Verdict::Retry);
        assert_eq!(classify(Some(503)), Verdict::Retry);
        assert_eq!(classify(Some(429)), Verdict::Retry);
        assert_eq!(classify(Some(409)), Verdict::Retry);
        assert_eq!(classify(Some(201)), Verdict::Done);
        assert_eq!(classify(Some(200)), Verdict::Done);
        for status in [301, 302, 400, 401, 403, 404, 413, 422] {
            assert_eq!(classify(Some(status)), Verdict::Fail, "{status}");
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let b = Backoff::default();
        assert_eq!(b.delay(1, 0.999_999, None).as_millis(), 249);
        assert_eq!(b.delay(3, 0.5, None), Duration::from_millis(500));
        assert_eq!(b.delay(30, 1.0, None), b.cap);
        assert_eq!(b.delay(1, 0.0, None), Duration::ZERO);
        let floor = Some(Duration::from_secs(1));
        assert_eq!(b.delay(1, 0.0, floor), Duration::from_secs(1));
        assert_eq!(b.delay(1, 0.0, Some(Duration::from_secs(3600))), b.cap);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("1", 0), Some(Duration::from_secs(1)));
        let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
