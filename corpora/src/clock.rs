//! Corpus time: the interception window, quiet nights, and calendar dates for file names.

/// 2020-03-01T00:00:00Z, where the synthetic interception starts.
pub(crate) const T0: u64 = 1_583_020_800_000;
pub(crate) const SECOND: u64 = 1_000;
pub(crate) const HOUR: u64 = 3_600_000;
pub(crate) const DAY: u64 = 86_400_000;
/// Length of the interception window.
pub(crate) const PERIOD: u64 = 150 * DAY;

/// Phones of the corpus live on Central European Summer Time.
const LOCAL_OFFSET: u64 = 2 * HOUR;

/// Maps a uniformly spread "virtual" time to wall-clock time with quiet nights.
///
/// Within each local day, virtual 01:00–01:30 is stretched over 01:00–07:00 and the rest of
/// the day is squeezed to fit, so few messages fall at night. The map is monotone, so a
/// sorted stream of virtual times stays sorted.
pub(crate) fn quiet_nights(virtual_ms: u64) -> u64 {
    let local = virtual_ms + LOCAL_OFFSET;
    let tod = local % DAY;
    let day_start = local - tod;
    let warped = if tod < HOUR {
        tod
    } else if tod < HOUR * 3 / 2 {
        HOUR + (tod - HOUR) * 12
    } else {
        // 22.5 virtual hours onto 17 real hours: factor 34/45.
        7 * HOUR + (tod - HOUR * 3 / 2) * 34 / 45
    };
    day_start + warped - LOCAL_OFFSET
}

/// UTC calendar fields of a time: (year, month, day, hour, minute, second).
pub(crate) fn civil(ms: u64) -> (u64, u64, u64, u64, u64, u64) {
    let secs = ms / 1000;
    let days = secs / 86_400;
    let sod = secs % 86_400;
    // Howard Hinnant's civil_from_days, for days since 1970-01-01 (never negative here).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day, sod / 3600, sod % 3600 / 60, sod % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t0_is_march_first_2020() {
        assert_eq!(civil(T0), (2020, 3, 1, 0, 0, 0));
        assert_eq!(civil(T0 + 31 * DAY + 13 * HOUR + 61_000), (2020, 4, 1, 13, 1, 1));
    }

    #[test]
    fn quiet_nights_is_monotone_and_keeps_days() {
        let mut last = 0;
        let mut t = T0;
        while t < T0 + 3 * DAY {
            let w = quiet_nights(t);
            assert!(w >= last);
            assert_eq!((w + LOCAL_OFFSET) / DAY, (t + LOCAL_OFFSET) / DAY);
            last = w;
            t += 60_000 + 7;
        }
        // Local 01:30 virtual lands at local 07:00.
        let v = T0 - LOCAL_OFFSET + DAY + HOUR * 3 / 2;
        assert_eq!(quiet_nights(v), T0 - LOCAL_OFFSET + DAY + 7 * HOUR);
    }
}
