//! Checks made before a run starts, so that a run which cannot succeed fails at once with
//! a clear message and writes nothing: the output folder must be a folder, and the run must
//! fit in the machine's memory. A run that would take very long is announced.

use std::path::Path;
use std::time::Instant;

use wfcast_core::run::bytes_per_draw;
use wfcast_core::{Baseline, Keep, Method, Scenario};

use super::cost;
use super::workers::thread_count;
use crate::cli::CommonArgs;
use crate::error::CliError;
use crate::human::{bytes, duration, thousands};

/// Memory assumed free when the system does not say (no `/proc/meminfo`).
const FALLBACK_AVAILABLE: u64 = 8 << 30;
/// Runs with more draws than this (over all scenarios) time one draw to estimate how long
/// they will take; smaller runs take seconds and are not delayed by the estimate.
const TIME_ONE_DRAW_ABOVE: u64 = 20_000;
/// Runs estimated to take longer than this get a note on stderr before they start.
const LONG_RUN_SECONDS: f64 = 600.0;

/// Refuses a run whose output folder is unusable, whose results would not fit in memory or
/// whose work is beyond the bounds of [`wfcast_core::run::cost`] (`shards`: the number of
/// shards the draws are split into, 1 for a whole run), warns about one that would take
/// long, and says how the run keeps its draws: every draw while that fits in `budget`
/// (always, when `budget` is `None`), else running summaries.
pub(crate) fn check(
    args: &CommonArgs,
    method: Method,
    scenarios: &[Scenario],
    baseline: &Baseline,
    budget: Option<u64>,
    shards: u64,
) -> Result<Keep, CliError> {
    folder("--out", &args.out)?;
    if method == Method::Expected {
        return Ok(Keep::Every);
    }
    let (keep, needed) = Keep::within(budget, scenarios, baseline);
    let flag = if args.draws.is_some() {
        "--draws"
    } else {
        "draws"
    };
    if keep == Keep::Every {
        let per_round: u64 = scenarios.iter().map(|s| bytes_per_draw(s, baseline)).sum();
        let draws = scenarios.iter().map(|s| s.draws).max().unwrap_or(0);
        fits_in_memory(flag, scenarios.len(), draws, needed, per_round)?;
    }
    cost::check(flag, scenarios, baseline, shards)?;
    let total: u64 = scenarios.iter().map(|s| s.draws).sum();
    if total > TIME_ONE_DRAW_ABOVE
        && let Some(first) = scenarios.first()
    {
        let mut one = first.clone();
        one.draws = 1;
        let clock = Instant::now();
        wfcast_core::run::run_monte_carlo(&one, baseline, &|| {});
        let threads = thread_count(args.threads);
        let seconds = clock.elapsed().as_secs_f64() * total as f64 / threads as f64;
        if seconds > LONG_RUN_SECONDS {
            eprintln!(
                "note: {} draws will take about {} on {threads} thread(s) (estimated from one draw); Ctrl-C stops the run and writes nothing",
                thousands(total as f64),
                duration(seconds)
            );
        }
    }
    Ok(keep)
}

/// Refuses `scenarios` scenario(s) of `draws` draws whose kept results need `needed` bytes
/// (`per_round` for one draw of each) when the machine has less memory available.
pub(crate) fn fits_in_memory(
    flag: &str,
    scenarios: usize,
    draws: u64,
    needed: u64,
    per_round: u64,
) -> Result<(), CliError> {
    let available = available_memory();
    if needed <= available {
        return Ok(());
    }
    let fits = available / per_round.max(1);
    Err(CliError::usage(
        flag,
        format!(
            "{scenarios} scenario(s) x {} draws need about {} of memory for their results, but this machine has {} available",
            thousands(draws as f64),
            bytes(needed),
            bytes(available)
        ),
        Some(if fits >= 1 {
            format!(
                "use --draws {} or fewer (1,000 draws give stable P10/P90; 10,000 for publication), or run fewer scenarios at once",
                thousands(fits as f64)
            )
        } else {
            "run one scenario at a time on a machine with more memory".to_owned()
        }),
    ))
}

/// `dir`, given to `flag`, must be a folder or a path where one can be created: neither
/// it nor any folder above it may be a file.
pub(crate) fn folder(flag: &str, dir: &Path) -> Result<(), CliError> {
    let example = if flag.starts_with("--") {
        format!("{flag} results")
    } else {
        "results".to_owned()
    };
    let help = Some(format!("choose a folder, e.g. {example}"));
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::usage(
            flag,
            format!("{} is a file, not a folder", dir.display()),
            help,
        ));
    }
    if let Some(file) = dir.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(CliError::usage(
            flag,
            format!(
                "cannot create the folder {}: {} is a file",
                dir.display(),
                file.display()
            ),
            help,
        ));
    }
    Ok(())
}

/// Memory this process may still use: the kernel's estimate of what is available, capped
/// by the cgroup limit of a container; a fixed guess where neither can be read.
fn available_memory() -> u64 {
    read_available_memory().unwrap_or(FALLBACK_AVAILABLE)
}

/// The memory the system says is available, the smaller of `/proc/meminfo`'s
/// `MemAvailable` and the cgroup's limit less its use; `None` when it says neither.
fn read_available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemAvailable:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kb| kb.saturating_mul(1024));
    let cgroup = || -> Option<u64> {
        let read = |f: &str| std::fs::read_to_string(f).ok()?.trim().parse::<u64>().ok();
        let max = read("/sys/fs/cgroup/memory.max")?;
        Some(max.saturating_sub(read("/sys/fs/cgroup/memory.current").unwrap_or(0)))
    };
    match (meminfo, cgroup()) {
        (Some(m), Some(c)) => Some(m.min(c)),
        (m, c) => m.or(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On Linux the system says how much memory is available: reading it must not fall
    /// back to the assumed value.
    #[cfg(target_os = "linux")]
    #[test]
    fn available_memory_is_read_from_the_system() {
        let m =
            read_available_memory().expect("/proc/meminfo or the cgroup gives available memory");
        assert!(m > 1 << 20, "{m}");
    }

    #[test]
    fn an_output_folder_inside_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.csv");
        std::fs::write(&file, "x").unwrap();
        assert!(folder("--out", &file).is_err());
        assert!(folder("--out", &file.join("sub/deeper")).is_err());
        assert!(folder("--out", &dir.path().join("new/folder")).is_ok());
    }
}
