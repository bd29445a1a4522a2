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

/// `--memory-budget`: a size such as `768MiB`, `2GiB`, `500MB` or a number of bytes.
pub(crate) fn bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => 0,
    };
    match number.parse::<f64>() {
        Ok(n) if scale > 0 && n.is_finite() && n * scale as f64 >= (1 << 20) as f64 => {
            Ok((n * scale as f64).min(u64::MAX as f64) as u64)
        }
        _ => Err("expected a size of at least 1MiB, e.g. 768MiB, 2GiB or 500MB".into()),
    }
}

/// A `--shard` value: shard K (counted from 0) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    /// This shard, from 0 to N - 1.
    pub(crate) k: u64,
    /// Number of shards.
    pub(crate) n: u64,
}

/// `--shard K/N`: K from 0 to N - 1, N from 1 to 100,000.
pub(crate) fn shard(s: &str) -> Result<Shard, String> {
    let help = "expected K/N with N from 1 to 100000 shards and K from 0 to N-1, e.g. 0/4 \
                (Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT, Kubernetes: \
                $JOB_COMPLETION_INDEX/<completions>)";
    let (k, n) = s.trim().split_once('/').ok_or(help)?;
    match (k.trim().parse::<u64>(), n.trim().parse::<u64>()) {
        (Ok(k), Ok(n)) if (1..=100_000).contains(&n) && k < n => Ok(Shard { k, n }),
        _ => Err(help.into()),
    }
}

/// `--census-date`: a day written 2024-03-31 or 31/03/2024.
pub(crate) fn date(s: &str) -> Result<wfcast_core::import::Date, String> {
    wfcast_core::import::Date::parse(s)
        .ok_or_else(|| "expected a date such as 2024-03-31 (or 31/03/2024)".into())
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

    #[test]
    fn sizes_and_shards_parse_or_say_what_is_expected() {
        assert_eq!(bytes("768MiB"), Ok(768 << 20));
        assert_eq!(bytes("2 GiB"), Ok(2 << 30));
        assert_eq!(bytes("1.5GB"), Ok(1_500_000_000));
        assert_eq!(bytes("1048576"), Ok(1 << 20));
        for bad in ["", "lots", "-1GiB", "12", "5 parsecs"] {
            assert!(bytes(bad).unwrap_err().contains("768MiB"), "{bad}");
        }
        assert_eq!(shard("3/4"), Ok(Shard { k: 3, n: 4 }));
        assert_eq!(shard(" 0 / 1 "), Ok(Shard { k: 0, n: 1 }));
        for bad in ["4/4", "1/0", "-1/4", "2", "a/b", "1/100001"] {
            assert!(shard(bad).unwrap_err().contains("K/N"), "{bad}");
        }
    }
}
