//! Text that a spreadsheet would run as a formula (CSV injection).
//!
//! Excel, LibreOffice and Google Sheets read a CSV cell that starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return as a formula, so a scenario or Markov state named
//! `=HYPERLINK(...)` could run when an analyst opens the file. Every CSV wfcast writes passes
//! the text that comes from users (scenario names, Markov state names, names from data)
//! through [`safe_text`]. Numbers are never passed through it, and text that is a number
//! (a scenario named `-1`) is left alone: a spreadsheet reads it as that number, no formula.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell a spreadsheet shows as text: prefixed with a single quote (as OWASP
/// recommends) when it would otherwise be read as a formula.
///
/// ```
/// use wfcast_core::spreadsheet::safe_text;
/// assert_eq!(safe_text("=1+1"), "'=1+1");
/// assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(safe_text("-3.5"), "-3.5");
/// assert_eq!(safe_text("data_analyst"), "data_analyst");
/// ```
pub fn safe_text(text: &str) -> Cow<'_, str> {
    let is_number = || text.parse::<f64>().is_ok_and(f64::is_finite);
    if text.starts_with(FORMULA_START) && !is_number() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::safe_text;

    #[test]
    fn only_text_that_would_be_a_formula_is_escaped() {
        for (given, written) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tname", "'\tname"),
            ("\rname", "'\rname"),
            ("-inf", "'-inf"),
            ("-1", "-1"),
            ("+2.5e3", "+2.5e3"),
            ("Lead", "Lead"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(safe_text(given), written, "{given:?}");
        }
    }
}
