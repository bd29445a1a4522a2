//! Numbers as people read them in charts and reports: thousands separators, pounds,
//! percentages and signed differences. Written here because the rules are a few lines and
//! the formatting crates either pull in locale data or do not round the way tables need.

/// How a number is shown to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    /// A whole count with thousands separators: `52,013`.
    Count,
    /// A number with this many decimals and thousands separators: `1,234.5`.
    Decimal(u8),
    /// A difference with its sign always shown: `+1,234`, `−56`, `0`.
    SignedCount,
    /// Pounds sterling, whole pounds: `£1,234,567`.
    Gbp,
    /// A difference in pounds, whole pounds, sign always shown: `+£1,234`, `−£56`.
    SignedGbp,
    /// Pounds sterling in millions with one decimal: `£123.4m`.
    GbpMillions,
    /// A difference in pounds, in millions with one decimal, sign always shown:
    /// `+£12.3m`, `−£4.0m`, `£0.0m`.
    SignedGbpMillions,
    /// A share shown as a percentage with this many decimals: `0.123` -> `12.3%`.
    Percent(u8),
    /// A change in a share, in percentage points, sign always shown: `0.012` -> `+1.2 pp`.
    SignedPercentPoints(u8),
}

/// What a missing or undefined number (NaN, infinite) is shown as.
pub const MISSING: &str = "–";

/// Formats `x` as `format` says.
///
/// ```
/// use wfcast_report::format::{NumberFormat, format};
/// assert_eq!(format(52_013.4, NumberFormat::Count), "52,013");
/// assert_eq!(format(-1_234.0, NumberFormat::SignedCount), "−1,234");
/// assert_eq!(format(123_456_789.0, NumberFormat::GbpMillions), "£123.5m");
/// assert_eq!(format(0.1234, NumberFormat::Percent(1)), "12.3%");
/// ```
pub fn format(x: f64, format: NumberFormat) -> String {
    if !x.is_finite() {
        return MISSING.to_owned();
    }
    match format {
        NumberFormat::Count => thousands(x, 0),
        NumberFormat::Decimal(d) => thousands(x, d.into()),
        NumberFormat::SignedCount => signed(thousands(x, 0)),
        NumberFormat::Gbp => pounds(thousands(x, 0)),
        NumberFormat::SignedGbp => signed_pounds(thousands(x, 0)),
        NumberFormat::GbpMillions => pounds(format!("{}m", thousands(x / 1e6, 1))),
        NumberFormat::SignedGbpMillions => {
            format!("{}m", signed_pounds(thousands(x / 1e6, 1)))
        }
        NumberFormat::Percent(d) => format!("{}%", thousands(x * 100.0, d.into())),
        NumberFormat::SignedPercentPoints(d) => {
            format!("{} pp", signed(thousands(x * 100.0, d.into())))
        }
    }
}

/// `x` rounded to `decimals` places with a comma every three digits and a true minus sign
/// (U+2212, the same width as `+` so signed columns line up); never `-0`.
///
/// ```
/// assert_eq!(wfcast_report::format::thousands(1_234_567.891, 2), "1,234,567.89");
/// assert_eq!(wfcast_report::format::thousands(-0.004, 2), "0.00");
/// ```
pub fn thousands(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return MISSING.to_owned();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(text.len() + text.len() / 3 + 1);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if !frac.is_empty() {
        grouped.push('.');
        grouped.push_str(frac);
    }
    let is_zero = grouped.chars().all(|c| matches!(c, '0' | ',' | '.'));
    if x < 0.0 && !is_zero {
        format!("\u{2212}{grouped}")
    } else {
        grouped
    }
}

/// Adds `+` in front of a positive formatted number.
fn signed(text: String) -> String {
    if text.starts_with('\u{2212}') || text.chars().all(|c| matches!(c, '0' | ',' | '.')) {
        text
    } else {
        format!("+{text}")
    }
}

/// Puts the pound sign after any minus sign: `−£5`, not `£−5`.
fn pounds(text: String) -> String {
    match text.strip_prefix('\u{2212}') {
        Some(rest) => format!("\u{2212}£{rest}"),
        None => format!("£{text}"),
    }
}

/// Pounds with the sign always shown: `+£5`, `−£5`, `£0`.
fn signed_pounds(text: String) -> String {
    let text = signed(text);
    match text.strip_prefix('+') {
        Some(rest) => format!("+£{rest}"),
        None => pounds(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_fall_every_three_digits() {
        assert_eq!(thousands(0.0, 0), "0");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1_000.0, 0), "1,000");
        assert_eq!(thousands(999_999.6, 0), "1,000,000");
        assert_eq!(thousands(-12_345.678, 1), "\u{2212}12,345.7");
        assert_eq!(thousands(-0.4, 0), "0");
        assert_eq!(thousands(f64::NAN, 0), MISSING);
    }

    #[test]
    fn every_format_reads_as_a_person_expects() {
        use NumberFormat::*;
        assert_eq!(format(1_234.5, Decimal(1)), "1,234.5");
        assert_eq!(format(1_234.0, SignedCount), "+1,234");
        assert_eq!(format(0.2, SignedCount), "0");
        assert_eq!(format(-3_456_789.0, Gbp), "\u{2212}£3,456,789");
        assert_eq!(format(1_234.4, SignedGbp), "+£1,234");
        assert_eq!(format(-56.0, SignedGbp), "\u{2212}£56");
        assert_eq!(format(0.3, SignedGbp), "£0");
        assert_eq!(format(2_345_678_901.0, GbpMillions), "£2,345.7m");
        assert_eq!(format(12_340_000.0, SignedGbpMillions), "+£12.3m");
        assert_eq!(format(-4_000_000.0, SignedGbpMillions), "\u{2212}£4.0m");
        assert_eq!(format(20_000.0, SignedGbpMillions), "£0.0m");
        assert_eq!(format(0.5, Percent(0)), "50%");
        assert_eq!(format(-0.0123, SignedPercentPoints(1)), "\u{2212}1.2 pp");
        assert_eq!(format(f64::INFINITY, Percent(1)), MISSING);
    }
}
