//! Calendar dates (proleptic Gregorian, no time zone): evaluation dates,
//! effective dates, due dates, evidence dates.
//!
//! Everything the tool compares is a whole day, so a small exact type is all
//! it needs: days since 1970-01-01 inside, `YYYY-MM-DD` outside.

use std::fmt;
use std::str::FromStr;

/// A calendar day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

impl Date {
    /// The last day a `Date` can hold, 9999-12-31.
    pub const MAX: Date = Date { days: 2_932_896 };

    /// The date for a year, month (1–12) and day (1–31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// Today in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date {
            days: secs.div_euclid(86_400) as i32,
        }
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// This date moved by `days` (negative moves back).
    pub fn add_days(self, days: i64) -> Date {
        let moved = (self.days as i64 + days).clamp(
            days_from_civil(1, 1, 1) as i64,
            days_from_civil(9999, 12, 31) as i64,
        );
        Date { days: moved as i32 }
    }

    /// This date `months` calendar months later, on the same day of the
    /// month or the month's last day when it is shorter (01-31 + 1 month is
    /// 02-28 or 02-29); 9999-12-31 at the latest.
    pub fn add_months(self, months: u32) -> Date {
        let (year, month, day) = self.ymd();
        let index = i64::from(year) * 12 + i64::from(month - 1) + i64::from(months);
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        if year > 9999 {
            return Date::MAX;
        }
        let year = year as i32;
        Date {
            days: days_from_civil(year, month, day.min(days_in_month(year, month))),
        }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days as i64 - self.days as i64
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

// Howard Hinnant's algorithms, public domain: exact for every Gregorian date.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date written YYYY-MM-DD")]
    Shape,
    #[error("there is no such day in the calendar")]
    NoSuchDay,
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
            return Err(DateError::Shape);
        }
        if !digits(5..7) || !digits(8..10) {
            return Err(DateError::Shape);
        }
        let year = s[0..4].parse().map_err(|_| DateError::Shape)?;
        let month = s[5..7].parse().map_err(|_| DateError::Shape)?;
        let day = s[8..10].parse().map_err(|_| DateError::Shape)?;
        Date::from_ymd(year, month, day).ok_or(DateError::NoSuchDay)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    /// Accepts a TOML local date (`2026-02-10`) or a string in that form.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Toml(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            Raw::Toml(dt) => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date without a time, found {dt}"
                )))
            }
            Raw::Text(text) => text,
        };
        text.parse()
            .map_err(|e| serde::de::Error::custom(format!("{e}: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap();
        for n in 0..146_097 {
            let d = start.add_days(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
            assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        }
    }

    #[test]
    fn known_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days, 0);
        assert_eq!(Date::from_ymd(9999, 12, 31), Some(Date::MAX));
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.add_days(366).to_string(), "2025-03-01");
        assert_eq!("2023-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2023-2-01".parse::<Date>(), Err(DateError::Shape));
        assert_eq!("2023-02-011".parse::<Date>(), Err(DateError::Shape));
        let a: Date = "2026-11-23".parse().unwrap();
        assert_eq!(a.days_until("2026-12-23".parse().unwrap()), 30);
    }
}
