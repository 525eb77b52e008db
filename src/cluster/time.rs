//! Virtual time. The simulation never reads the wall clock: the caller moves
//! the clock, and every timestamp is derived from it.

use std::fmt;

use crate::cluster::codec::{Decode, DecodeError, Encode};

/// An instant, in milliseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

/// Where every simulated cluster's clock starts: Monday 2 March 2026, 09:00 UTC.
pub const START: Time = Time(1_772_442_000_000);

/// The last instant RFC 3339's four-digit years can write: 9999-12-31T23:59:59Z.
pub const END: Time = Time(253_402_300_799_000);

impl Time {
    pub const fn from_secs(secs: i64) -> Time {
        Time(secs * 1000)
    }
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }
    /// Later (or earlier) by `ms`, never past [`END`]: the clock saturates
    /// instead of wrapping, whatever a learner asks (`sleep 1e19`).
    pub fn plus_millis(self, ms: i64) -> Time {
        Time(self.0.saturating_add(ms).min(END.0))
    }
    pub fn plus_secs(self, secs: f64) -> Time {
        // `as` saturates a float (NaN gives 0), so this cannot overflow either.
        self.plus_millis((secs * 1000.0).round() as i64)
    }
    /// Milliseconds from `earlier` to `self`.
    pub fn since(self, earlier: Time) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Calendar fields in UTC: (year, month 1-12, day 1-31, hour, minute, second, weekday 0=Sunday).
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let secs = self.secs();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let weekday = (days + 4).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
        (year, month, day, (rem / 3600) as u32, (rem % 3600 / 60) as u32, (rem % 60) as u32, weekday)
    }

    /// RFC 3339 at second precision, as the API server serializes `metav1.Time`:
    /// `2026-03-02T09:00:00Z`.
    pub fn rfc3339(self) -> String {
        let (y, mo, d, h, mi, s, _) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// RFC 3339 with the fraction Go's `RFC3339Nano` prints (trailing zeros
    /// dropped): the timestamps of container logs, `2026-03-02T09:00:00.41Z`.
    pub fn rfc3339_nano(self) -> String {
        let (y, mo, d, h, mi, s, _) = self.civil();
        let ms = self.0.rem_euclid(1000);
        let fraction = if ms == 0 { String::new() } else { format!(".{ms:03}").trim_end_matches('0').to_string() };
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z")
    }

    /// RFC 1123 with numeric zone, as `kubectl describe` prints times:
    /// `Mon, 02 Mar 2026 09:00:00 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let (y, mo, d, h, mi, s, wd) = self.civil();
        format!("{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0000", DAYS[wd as usize], MONTHS[mo as usize - 1])
    }

    /// Parses the RFC 3339 forms found in manifests (`2026-03-02T09:00:00Z`,
    /// with optional fraction and `+hh:mm` offset).
    pub fn parse_rfc3339(text: &str) -> Option<Time> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let mut rest = text.get(19..)?;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                let oh: i64 = rest.get(1..3)?.parse().ok()?;
                let om: i64 = rest.get(4..6)?.parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
            _ => return None,
        };
        // Days from civil (inverse of the algorithm above).
        let y2 = if mo <= 2 { y - 1 } else { y };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let mp = if mo > 2 { mo - 3 } else { mo + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(Time::from_secs(days * 86_400 + h * 3600 + mi * 60 + s - offset))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Encode for Time {
    fn encode(&self) -> serde_json::Value {
        serde_json::Value::String(self.rfc3339())
    }
}

impl Decode for Time {
    fn decode(value: serde_json::Value) -> Result<Self, DecodeError> {
        let text = String::decode(value)?;
        Time::parse_rfc3339(&text).ok_or_else(|| {
            // Go's %q, quoted by hand: the page's build formats no `Debug`.
            let quoted = serde_json::Value::from(text.as_str());
            DecodeError::custom(format!("parsing time {quoted} as \"2006-01-02T15:04:05Z07:00\": cannot parse"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_start_of_the_simulation() {
        assert_eq!(START.rfc3339(), "2026-03-02T09:00:00Z");
        assert_eq!(START.rfc1123z(), "Mon, 02 Mar 2026 09:00:00 +0000");
        assert_eq!(Time(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Time::from_secs(951_782_400).rfc1123z(), "Tue, 29 Feb 2000 00:00:00 +0000");
    }

    #[test]
    fn parses_what_it_prints_and_common_variants() {
        for t in [START, Time(0), Time::from_secs(951_782_400), START.plus_secs(86_399.0)] {
            assert_eq!(Time::parse_rfc3339(&t.rfc3339()), Some(t));
        }
        assert_eq!(Time::parse_rfc3339("2026-03-02T10:00:00.123+01:00"), Some(START));
        assert_eq!(Time::parse_rfc3339("2026-13-02T10:00:00Z"), None);
        assert_eq!(Time::parse_rfc3339("yesterday"), None);
        assert_eq!(Time::parse_rfc3339("2026-03-02T10:00:0é+01:00"), None);
    }
}
