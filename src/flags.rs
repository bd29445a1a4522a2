//! Parsers for numeric flags whose mistakes (a negative number, a word) deserve a message
//! saying what is expected rather than "invalid digit found in string".

use wfcast_core::scenario::MAX_DRAWS;

/// `--draws`: a whole number from 1 to [`MAX_DRAWS`].
pub(crate) fn draws(s: &str) -> Result<u64, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if (1..=i128::from(MAX_DRAWS)).contains(&n) => Ok(n as u64),
        _ => Err(format!(
            "expected a whole number of draws from 1 to {MAX_DRAWS} (1,000 give stable P10/P90)"
        )),
    }
}

/// `--seed`: a whole number from 0 to 2^63 - 1, the range a scenario file (TOML) can hold,
/// so the `resolved.toml` written with the results can be run again.
pub(crate) fn seed(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| format!("expected a whole number from 0 to {}", i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_range_pass_and_others_say_what_is_expected() {
        assert_eq!(draws("25"), Ok(25));
        for bad in ["0", "-5", "many", "1e3", "10000001"] {
            assert!(
                draws(bad).unwrap_err().contains("from 1 to 10000000"),
                "{bad}"
            );
        }
        assert_eq!(seed("0"), Ok(0));
        assert_eq!(seed("9223372036854775807"), Ok(i64::MAX as u64));
        for bad in ["-1", "9223372036854775808", "x"] {
            assert!(
                seed(bad)
                    .unwrap_err()
                    .contains("from 0 to 9223372036854775807")
            );
        }
    }
}
