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

/// The earliest instant an option may name: 0001-01-01T00:00:00Z, the
/// first that RFC 3339 can write.
pub const MIN_INSTANT: i64 = -62_135_596_800;
/// The latest instant an option may name: 9999-12-31T23:59:59Z, the last
/// that RFC 3339 can write. Bounding `--now`, `--exp` and the like here
/// keeps every sum of an instant and a leeway or a lifetime far from
/// `i64` overflow.
pub const MAX_INSTANT: i64 = 253_402_300_799;

/// Parse a point in time as given on the command line: Unix seconds or
/// RFC 3339 (`2026-01-02T03:04:05Z`), between years 1 and 9999.
pub fn parse_instant(s: &str) -> Result<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i128>() {
        return in_range(s, n);
    }
    let t = humantime::parse_rfc3339_weak(s).map_err(|e| {
        Error::usage(format!(
            "'{s}' is not a time: give Unix seconds or RFC 3339 such as 2026-01-02T03:04:05Z ({e})"
        ))
    })?;
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::from(d.as_secs()),
        Err(e) => -i128::from(e.duration().as_secs()),
    };
    in_range(s, secs)
}

/// An instant from an option, or a usage error when it is outside years
/// 1 to 9999 (a wrapped or absurd time is never used).
fn in_range(s: &str, t: i128) -> Result<i64> {
    if (i128::from(MIN_INSTANT)..=i128::from(MAX_INSTANT)).contains(&t) {
        // In range, so it fits.
        Ok(t as i64)
    } else {
        Err(Error::usage(format!(
            "'{s}' is outside the times oauthctl accepts (years 1 to 9999: \
             Unix seconds {MIN_INSTANT} to {MAX_INSTANT})"
        )))
    }
}

/// Parse a time relative to `now` for `encode`: `now`, a duration (`15m`,
/// `+1h` in the future, `-5m` in the past), Unix seconds or RFC 3339. The
/// result is within years 1 to 9999, or a usage error.
pub fn parse_relative(s: &str, now: i64) -> Result<i64> {
    let s = s.trim();
    if s == "now" {
        return Ok(now);
    }
    if s.parse::<i128>().is_ok() || humantime::parse_rfc3339_weak(s).is_ok() {
        return parse_instant(s);
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
    in_range(s, i128::from(now) + sign * i128::from(d.as_secs()))
}

/// An RFC 3339 rendering of Unix seconds, in UTC. Any `i64` renders:
/// years after 9999 (which RFC 3339 cannot write, and which a token or a
/// server may claim) in ISO 8601's expanded form, `+10000-01-01T00:00:00Z`;
/// instants before 1970 as the number, said so.
pub fn format_instant(t: i64) -> String {
    if t < 0 {
        return format!("{t} (before 1970)");
    }
    let (days, secs) = (t / 86_400, t % 86_400);
    let (y, m, d) = civil_from_days(days);
    let year = if y > 9999 {
        format!("+{y}")
    } else {
        format!("{y:04}")
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01, for
/// `days >= 0` (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // days <= i64::MAX / 86_400, so none of this overflows.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `t`, clamped to what RFC 3339 can write, for consumers that parse it
/// strictly (kubectl reads `expirationTimestamp` with Go's `time.Parse`).
pub fn format_rfc3339_clamped(t: i64) -> String {
    format_instant(t.clamp(0, MAX_INSTANT))
}

/// "in 14 min", "2 h ago": a time relative to now, for people.
pub fn relative(t: i64, now: i64) -> String {
    let d = t.saturating_sub(now);
    if d.unsigned_abs() < 2 {
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
        assert_eq!(format_instant(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_instant(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_instant(MAX_INSTANT), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn any_instant_formats_without_panicking() {
        // humantime's Display fails from year 10000 on (and `to_string`
        // panicked): a token's exp or a server's expires_in got there.
        assert_eq!(format_instant(MAX_INSTANT + 1), "+10000-01-01T00:00:00Z");
        assert!(format_instant(i64::MAX).starts_with("+292277026596-"));
        assert_eq!(format_instant(-1), "-1 (before 1970)");
        assert_eq!(format_rfc3339_clamped(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(
            relative(i64::MAX, i64::MIN),
            format!("in {} y", u64::MAX / 31_536_000 / 2)
        );
        assert!(relative(i64::MIN, i64::MAX).ends_with(" y ago"));
    }

    #[test]
    fn times_outside_years_1_to_9999_are_usage_errors() {
        for s in [
            "253402300800",
            "9223372036854775807",
            "99999999999999999999999",
            "-62135596801",
        ] {
            let e = parse_instant(s).unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{s}");
            assert!(e.to_string().contains("years 1 to 9999"), "{e}");
        }
        assert_eq!(parse_instant("253402300799").unwrap(), MAX_INSTANT);
        // A duration that would wrap an i64 (or pass year 9999).
        for s in [
            "600000000000y",
            "+300000y",
            "-300000y",
            "18446744073709551615s",
        ] {
            let e = parse_relative(s, 1_700_000_000).unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{s}");
        }
    }
}
