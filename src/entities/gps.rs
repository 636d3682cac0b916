//! GPS positions: decimal `lat, lon` and degrees-minutes-seconds with hemispheres.

use std::sync::OnceLock;

use regex::Regex;

use super::bytes::{digit_at, is_alnum};
use super::{EntityKind, Out};

pub(super) fn latlon(lat: f64, lon: f64) -> String {
    fn five(x: f64) -> f64 {
        let r = (x * 1e5).round() / 1e5;
        if r == 0.0 { 0.0 } else { r }
    }
    format!("{:.5},{:.5}", five(lat), five(lon))
}

pub(super) fn gps_decimal(out: &mut Out) {
    let b = out.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if (b[i].is_ascii_digit() || b[i] == b'-' || b[i] == b'+')
            && let Some((lat, lon, end)) = gps_at(b, i)
            && out.push(EntityKind::Gps, latlon(lat, lon), i..end)
        {
            i = end;
            continue;
        }
        i += 1;
    }
}

/// A signed decimal with 1..=`max_int` integer digits and at least 3 decimals: (value,
/// decimals, end).
fn coord_at(b: &[u8], mut i: usize, max_int: usize) -> Option<(f64, usize, usize)> {
    let start = i;
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_start = i;
    while digit_at(b, i) {
        i += 1;
    }
    if i == int_start || i - int_start > max_int || b.get(i) != Some(&b'.') {
        return None;
    }
    i += 1;
    let frac_start = i;
    while digit_at(b, i) {
        i += 1;
    }
    let decimals = i - frac_start;
    if !(3..=12).contains(&decimals) {
        return None;
    }
    let v: f64 = std::str::from_utf8(&b[start..i]).ok()?.parse().ok()?;
    Some((v, decimals, i))
}

fn gps_at(b: &[u8], start: usize) -> Option<(f64, f64, usize)> {
    if start > 0 {
        let p = b[start - 1];
        if is_alnum(p)
            || p == b'.'
            || p == b'-'
            || p == b'+'
            || (p == b',' && start >= 2 && b[start - 2].is_ascii_digit())
        {
            return None;
        }
    }
    let (lat, lat_dec, mut i) = coord_at(b, start, 2)?;
    let sep_start = i;
    let mut spaces = 0;
    while b.get(i) == Some(&b' ') && spaces < 2 {
        i += 1;
        spaces += 1;
    }
    if matches!(b.get(i), Some(b',' | b';' | b'/')) {
        i += 1;
        spaces = 0;
        while b.get(i) == Some(&b' ') && spaces < 2 {
            i += 1;
            spaces += 1;
        }
    }
    if i == sep_start {
        return None;
    }
    let (lon, lon_dec, end) = coord_at(b, i, 3)?;
    if lat_dec.max(lon_dec) < 4 || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    if b.get(end).is_some_and(|&c| is_alnum(c)) || (b.get(end) == Some(&b'.') && digit_at(b, end + 1)) {
        return None;
    }
    Some((lat, lon, end))
}

fn dms_regexes() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        // Degrees, then optional minutes, then optional seconds; no trailing space consumed.
        let deg = r#"([0-9]{1,3}(?:[.,][0-9]+)?)\s*°(?:\s*([0-9]{1,2}(?:[.,][0-9]+)?)\s*['′’](?:\s*([0-9]{1,2}(?:[.,][0-9]+)?)\s*(?:"|″|''|”)?)?)?"#;
        let prefix = format!(r"(?i)\b([NS])\s*{deg}\s*[,;]?\s*([EWO])\s*{deg}");
        let suffix = format!(r"(?i){deg}\s*([NS])\b\s*[,;]?\s*{deg}\s*([EWO])\b");
        [Regex::new(&prefix).expect("valid regex"), Regex::new(&suffix).expect("valid regex")]
    })
}

pub(super) fn gps_dms(out: &mut Out) {
    let text = out.text;
    let [prefix, suffix] = dms_regexes();
    let mut found = Vec::new();
    for caps in prefix.captures_iter(text) {
        let g = |i: usize| caps.get(i).map(|m| m.as_str());
        let lat = dms(g(2), g(3), g(4), g(1), 90.0);
        let lon = dms(g(6), g(7), g(8), g(5), 180.0);
        if let (Some(lat), Some(lon), Some(m)) = (lat, lon, caps.get(0)) {
            found.push((lat, lon, m.range()));
        }
    }
    for caps in suffix.captures_iter(text) {
        let g = |i: usize| caps.get(i).map(|m| m.as_str());
        let lat = dms(g(1), g(2), g(3), g(4), 90.0);
        let lon = dms(g(5), g(6), g(7), g(8), 180.0);
        if let (Some(lat), Some(lon), Some(m)) = (lat, lon, caps.get(0)) {
            found.push((lat, lon, m.range()));
        }
    }
    for (lat, lon, span) in found {
        out.push(EntityKind::Gps, latlon(lat, lon), span);
    }
}

/// Degrees, minutes, seconds and hemisphere to signed decimal degrees, within `limit`.
fn dms(d: Option<&str>, m: Option<&str>, s: Option<&str>, hemi: Option<&str>, limit: f64) -> Option<f64> {
    let num = |x: &str| x.replace(',', ".").parse::<f64>().ok();
    let d = num(d?)?;
    let m = match m {
        Some(m) => num(m)?,
        None => 0.0,
    };
    let s = match s {
        Some(s) => num(s)?,
        None => 0.0,
    };
    if m >= 60.0 || s >= 60.0 || (d.fract() != 0.0 && m != 0.0) {
        return None;
    }
    let v = d + m / 60.0 + s / 3600.0;
    if v > limit {
        return None;
    }
    let neg = matches!(hemi?.as_bytes().first()?.to_ascii_uppercase(), b'S' | b'W' | b'O');
    Some(if neg { -v } else { v })
}
