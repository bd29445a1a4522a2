//! `run.json`: exactly what was run — version, seed, draws, threads, method, timings and
//! a SHA-256 of every input file — so a result can be traced and replicated.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One input file and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputHash {
    /// Path as given, or `embedded:...` for compiled-in defaults.
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

impl InputHash {
    /// Hashes `text` read from `path`.
    pub fn of(path: impl Into<String>, text: &str) -> Self {
        let digest = Sha256::digest(text.as_bytes());
        Self {
            path: path.into(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

/// What `run.json` holds for one scenario's run.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// wfcast version.
    pub wfcast_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Number of draws.
    pub draws: u64,
    /// Worker threads used.
    pub threads: usize,
    /// `monte-carlo` or `expected`.
    pub method: String,
    /// Base year and horizon.
    pub years: [i32; 2],
    /// Region filter applied to the outputs, if any.
    pub region: Option<String>,
    /// How the quantiles were computed: [`EXACT_QUANTILES`] or [`DIGEST_QUANTILES`].
    pub quantiles: String,
    /// Start of the run, RFC 3339 (UTC).
    pub started: String,
    /// End of the run, RFC 3339 (UTC).
    pub finished: String,
    /// Seconds this scenario's draws took on the threads that made them (a comparison's:
    /// both scenarios'; a merge's: its shards'), summed: above the wall time when several
    /// threads or scenarios ran at once.
    pub engine_thread_seconds: f64,
    /// Where the command's wall-clock time went, up to the writing of this file.
    pub timings: Timings,
    /// Every input file: the scenario chain and the data files.
    pub inputs: Vec<InputHash>,
}

/// A command's wall-clock time in its three phases, which add up to `wall_seconds`: reading
/// and checking the inputs, making (or, for `merge`, reading) the draws, and writing the
/// files, `run.json` last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// From the start to the first draw: reading data and scenarios, the preflight checks.
    pub prepare_seconds: f64,
    /// Making the draws and summarising them (for `merge`, reading the shards).
    pub draws_seconds: f64,
    /// Writing the output files.
    pub write_seconds: f64,
    /// The whole command, start to this `run.json`.
    pub wall_seconds: f64,
}

impl Timings {
    /// The timings of a command `wall` seconds in whose draws ran from `draws.0` to
    /// `draws.1` seconds after its start (no draws: both at `wall`).
    ///
    /// ```
    /// let t = wfcast_report::store::provenance::Timings::of(10.0, Some((1.0, 7.5)));
    /// assert_eq!((t.prepare_seconds, t.draws_seconds, t.write_seconds), (1.0, 6.5, 2.5));
    /// assert_eq!(t.prepare_seconds + t.draws_seconds + t.write_seconds, t.wall_seconds);
    /// ```
    pub fn of(wall: f64, draws: Option<(f64, f64)>) -> Self {
        let (from, to) = draws.unwrap_or((wall, wall));
        let to = to.min(wall);
        let from = from.min(to);
        Self {
            prepare_seconds: from,
            draws_seconds: to - from,
            write_seconds: wall - to,
            wall_seconds: wall,
        }
    }
}

/// Quantiles from every draw: type 7 order statistics, as Excel's PERCENTILE.INC.
pub const EXACT_QUANTILES: &str = "exact (every draw kept; PERCENTILE.INC)";
/// Quantiles estimated from running summaries, for runs beyond their memory budget.
pub const DIGEST_QUANTILES: &str =
    "t-digest estimates (running summaries: the draws exceeded --memory-budget)";

/// Formats a time as RFC 3339 in UTC, to the second.
pub fn timestamp(t: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of "abc" from FIPS 180-2, appendix B.1.
    #[test]
    fn hash_matches_the_published_test_vector() {
        assert_eq!(
            InputHash::of("x", "abc").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
