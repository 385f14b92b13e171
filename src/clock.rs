//! Time, injectable: every `exp`/`nbf`/`iat` check, `--now`, cache expiry
//! and polling wait goes through a [`Clock`], so tests fix the time instead
//! of waiting for it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// The source of "now" and of waiting.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
    /// Wait for `d`.
    fn sleep(&self, d: Duration);
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d)
    }
}

/// A clock stopped at one instant (`--now`, tests). Sleeping advances nothing.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0
    }
    fn sleep(&self, _d: Duration) {}
}

/// Parse a point in time as given on the command line: Unix seconds or
/// RFC 3339 (`2026-01-02T03:04:05Z`).
pub fn parse_instant(s: &str) -> Result<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Ok(n);
    }
    let t = humantime::parse_rfc3339_weak(s).map_err(|e| {
        Error::usage(format!(
            "'{s}' is not a time: give Unix seconds or RFC 3339 such as 2026-01-02T03:04:05Z ({e})"
        ))
    })?;
    Ok(match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    })
}

/// Parse a time relative to `now` for `encode`: `now`, a duration (`15m`,
/// `+1h` in the future, `-5m` in the past), Unix seconds or RFC 3339.
pub fn parse_relative(s: &str, now: i64) -> Result<i64> {
    let s = s.trim();
    if s == "now" {
        return Ok(now);
    }
    if let Ok(t) = parse_instant(s) {
        return Ok(t);
    }
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let d = humantime::parse_duration(rest).map_err(|e| {
        Error::usage(format!(
            "'{s}' is not a duration such as 15m, 1h or -5m, Unix seconds, or an RFC 3339 time ({e})"
        ))
    })?;
    Ok(now + sign * d.as_secs() as i64)
}

/// An RFC 3339 rendering of Unix seconds, in UTC.
pub fn format_instant(t: i64) -> String {
    if t < 0 {
        return format!("{t} (before 1970)");
    }
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(t as u64)).to_string()
}

/// "in 14 min", "2 h ago": a time relative to now, for people.
pub fn relative(t: i64, now: i64) -> String {
    let d = t - now;
    if d.abs() < 2 {
        return "just now".into();
    }
    let span = human_span(d.unsigned_abs());
    if d >= 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

fn human_span(s: u64) -> String {
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => {
            let (h, m) = (s / 3600, (s % 3600) / 60);
            if m == 0 {
                format!("{h} h")
            } else {
                format!("{h} h {m} min")
            }
        }
        86_400..31_536_000 => format!("{} d", s / 86_400),
        _ => format!("{} y", s / 31_536_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_parse_from_seconds_and_rfc3339() {
        assert_eq!(parse_instant("1700000000").unwrap(), 1_700_000_000);
        assert_eq!(
            parse_instant("2023-11-14T22:13:20Z").unwrap(),
            1_700_000_000
        );
        assert!(parse_instant("yesterday").is_err());
    }

    #[test]
    fn relative_times() {
        assert_eq!(parse_relative("15m", 1000).unwrap(), 1900);
        assert_eq!(parse_relative("-5m", 1000).unwrap(), 700);
        assert_eq!(parse_relative("now", 1000).unwrap(), 1000);
        assert_eq!(parse_relative("1700000000", 1).unwrap(), 1_700_000_000);
        assert!(parse_relative("15 parsecs", 1).is_err());
        assert_eq!(
            parse_relative("2023-11-14T22:13:20Z", 1).unwrap(),
            1_700_000_000
        );
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(1000 + 14 * 60, 1000), "in 14 min");
        assert_eq!(relative(1000 - 7200, 1000), "2 h ago");
        assert_eq!(relative(1000 - 5400, 1000), "1 h 30 min ago");
        assert_eq!(relative(1030, 1000), "in 30 s");
        assert_eq!(relative(1000 - 3 * 86_400, 1000), "3 d ago");
    }

    #[test]
    fn formats_utc() {
        assert_eq!(format_instant(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
