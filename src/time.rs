//! Times: ECD stores milliseconds since the Unix epoch, UTC; reports use RFC 3339.

use time::OffsetDateTime;
use time::macros::format_description;

/// `2020-05-01T12:34:56.789Z`. Milliseconds are always written: evidence keeps them.
/// A value outside years 0..=9999 cannot be RFC 3339; it is written as its raw number.
pub fn rfc3339_ms(ms: u64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .filter(|t| (0..=9999).contains(&t.year()))
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("{ms}ms-since-epoch"))
}

/// Serialises epoch milliseconds as [`rfc3339_ms`] (`#[serde(serialize_with = ...)]`): the
/// times of tapir's JSON are RFC 3339 strings.
pub fn serialize_rfc3339_ms<S: serde::Serializer>(ms: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339_ms(*ms))
}

/// Now, in milliseconds since the Unix epoch (0 before it).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Parses RFC 3339 (or a bare `YYYY-MM-DD`, taken as midnight UTC) into epoch milliseconds.
pub fn parse_time(s: &str) -> Option<u64> {
    use time::format_description::well_known::Rfc3339;
    let t = OffsetDateTime::parse(s, &Rfc3339).ok().or_else(|| {
        let date = time::Date::parse(s, format_description!("[year]-[month]-[day]")).ok()?;
        Some(date.midnight().assume_utc())
    })?;
    u64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc3339_ms(1_588_291_200_123), "2020-05-01T00:00:00.123Z");
        assert_eq!(parse_time("2020-05-01T00:00:00.123Z"), Some(1_588_291_200_123));
        assert_eq!(parse_time("2020-05-01"), Some(1_588_291_200_000));
        assert_eq!(rfc3339_ms(u64::MAX), format!("{}ms-since-epoch", u64::MAX));
        assert_eq!(parse_time("yesterday"), None);
    }
}
