//! Numbers, sizes and durations as the console prints them for people (never in files).
//!
//! Console text uses the ASCII hyphen-minus, unlike the charts and pages (which use the
//! true minus sign of `wfcast_report::format`): it is what terminals, logs and the tests
//! that pin the console's text expect.

/// A whole number with thousands separators, e.g. 52,013 or -1,234, rounded half away from
/// zero. Counts (draws, bytes) are passed `as f64`, which is exact below 2^53.
/// A count for a message: with thousands separators up to a trillion, beyond that with an
/// exponent (`6.2e19`), which `thousands` cannot hold.
pub(crate) fn count(x: f64) -> String {
    if x.abs() < 1e12 {
        thousands(x)
    } else {
        format!("{x:.1e}")
    }
}

pub(crate) fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Bytes for people: 1.6 TB, 512.0 MB.
pub(crate) fn bytes(n: u64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// Seconds for people: 3 h 20 min, 12 min.
pub(crate) fn duration(seconds: f64) -> String {
    let minutes = (seconds / 60.0).round() as u64;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The line `say!` prints; write errors are ignored (see `say!`).
pub(crate) fn say_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(52_013.4), "52,013");
        assert_eq!(thousands(-1234.0), "-1,234");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(10_000_000.0), "10,000,000");
    }

    #[test]
    fn sizes_and_durations_read_as_people_write_them() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(1_640_000_000_000), "1.6 TB");
        assert_eq!(duration(200.0 * 60.0), "3 h 20 min");
        assert_eq!(duration(12.2 * 60.0), "12 min");
        assert_eq!(duration(7200.0), "2 h");
    }
}
