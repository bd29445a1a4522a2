//! What the commands share before they publish anything: loading and checking the inputs,
//! the checks made before a run starts (output folder, memory), the worker pool, the
//! staging folder, and running every scenario with a progress bar.

mod cost;
mod inputs;
mod preflight;
mod workers;

use std::io::IsTerminal;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use rayon::prelude::*;
use wfcast_core::analysis::RegionFilter;
use wfcast_core::{Baseline, Keep, Method, Scenario};
use wfcast_report::Staging;

pub(crate) use cost::check as check_cost;
pub(crate) use inputs::{load_baseline, load_scenarios, parse_region};
pub(crate) use preflight::{fits_in_memory, folder};
pub(crate) use workers::worker_pool;

use crate::cli::CommonArgs;
use crate::error::CliError;
use crate::interrupt::Cleanup;

/// When a command started and on how many threads it runs: what `run.json` records of the
/// run as a whole, beside each scenario's own facts.
pub(crate) struct RunStart {
    /// The wall-clock start, for `started`.
    pub(crate) started: SystemTime,
    /// The monotonic start, for the timings.
    pub(crate) clock: Instant,
    /// When the draws started and ended, in seconds from `clock`.
    pub(crate) draws: Option<(f64, f64)>,
    /// Worker threads.
    pub(crate) threads: usize,
}

/// The staging folder for results under `--out`. A folder that cannot be written is a
/// runtime failure (exit 1), as docs/errors.md says, like the other failures to write.
pub(crate) fn staging(out: &Path) -> Result<Staging, CliError> {
    Ok(Staging::new(out)?)
}

/// Publishes the staged results and returns their folders; from here on a signal no
/// longer turns the run into an interrupted one (call with the [`Cleanup`] held).
pub(crate) fn commit(staging: Staging) -> Result<Vec<PathBuf>, CliError> {
    let published = staging.commit()?;
    crate::interrupt::published();
    Ok(published)
}

/// What `run` and `compare` share: the data, the scenarios with the flags applied, the
/// worker pool and the staging folder.
pub(crate) struct Prepared {
    /// The baseline data.
    pub(crate) baseline: Baseline,
    /// The scenarios with `--draws` and `--seed` applied.
    pub(crate) scenarios: Vec<Scenario>,
    /// The `--region` the outputs are for.
    pub(crate) filter: RegionFilter,
    /// When the command started, and its threads.
    pub(crate) start: RunStart,
    /// The worker pool every scenario runs on.
    pub(crate) pool: rayon::ThreadPool,
    /// Declared before `cleanup`, so it is dropped (removing its folder) first.
    pub(crate) staging: Staging,
    /// Holds back a Ctrl-C while files are written; released while the engine runs.
    cleanup: Cleanup,
    /// Whether the run keeps every draw or running summaries.
    pub(crate) keep: Keep,
}

impl Prepared {
    /// Loads and checks everything a run needs before any work starts.
    ///
    /// `paired` (for `compare`) runs every scenario with the first one's seed and draws, so
    /// draw i of each shares its random streams (common random numbers). A run keeps every
    /// draw while that fits in `budget` bytes (always, when `budget` is `None`). `shards`
    /// is the number of shards the draws are split into (1 for a whole run): a shard's work
    /// is its share of the draws.
    pub(crate) fn new(
        files: &[PathBuf],
        common: &CommonArgs,
        method: Method,
        paired: bool,
        budget: Option<u64>,
        shards: u64,
    ) -> Result<Self, CliError> {
        let started = SystemTime::now();
        let clock = Instant::now();
        let baseline = load_baseline(common.data.as_deref())?;
        let filter = parse_region(common.region.as_deref(), &baseline)?;
        let mut scenarios = load_scenarios(files, &baseline)?;
        for s in &mut scenarios {
            if let Some(d) = common.draws {
                s.draws = d;
            }
            if let Some(seed) = common.seed {
                s.seed = seed;
            }
        }
        if paired && let Some((draws, seed)) = scenarios.first().map(|s| (s.draws, s.seed)) {
            for s in &mut scenarios {
                s.draws = draws;
                s.seed = seed;
            }
        }
        inputs::unique_names(&scenarios)?;
        let (threads, pool) = worker_pool(common.threads)?;
        let keep = preflight::check(common, method, &scenarios, &baseline, budget, shards)?;
        let cleanup = Cleanup::new(&common.out);
        let staging = staging(&common.out)?;
        Ok(Self {
            baseline,
            scenarios,
            filter,
            start: RunStart {
                started,
                clock,
                threads,
                draws: None,
            },
            pool,
            staging,
            cleanup,
            keep,
        })
    }

    /// Runs `work` on every scenario (in parallel, each on all threads) with a progress bar
    /// per scenario that `work` ticks once per draw; returns each result with the seconds it
    /// took. Where the bars are shown, a line then says the files are being written.
    pub(crate) fn each<T: Send>(
        &mut self,
        quiet: bool,
        work: impl Fn(&Scenario, &Baseline, &(dyn Fn() + Sync)) -> T + Sync,
    ) -> Vec<(T, f64)> {
        let shown = !quiet && std::io::stderr().is_terminal();
        let bars = MultiProgress::with_draw_target(if shown {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        });
        let width = self
            .scenarios
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(0);
        let each: Vec<ProgressBar> = self
            .scenarios
            .iter()
            .map(|s| bars.add(progress_bar(&s.name, width, s.draws)))
            .collect();
        self.cleanup.release();
        let from = self.start.clock.elapsed().as_secs_f64();
        let results = self.pool.install(|| {
            self.scenarios
                .par_iter()
                .zip(&each)
                .map(|(s, bar)| {
                    let t = Instant::now();
                    let out = work(s, &self.baseline, &|| bar.inc(1));
                    bar.finish_with_message("done");
                    (out, t.elapsed().as_secs_f64())
                })
                .collect()
        });
        self.cleanup.hold();
        self.start.draws = Some((from, self.start.clock.elapsed().as_secs_f64()));
        let _ = bars.clear();
        if shown {
            // written directly: eprintln! panics when stderr is gone
            let _ = writeln!(std::io::stderr(), "writing the files...");
        }
        results
    }
}

/// One scenario's bar of draws made, with the time left at the average pace so far.
fn progress_bar(name: &str, width: usize, draws: u64) -> ProgressBar {
    let bar = ProgressBar::new(draws);
    let template = format!(
        "{{spinner}} {{prefix:<{width}}} draws {{pos}}/{{len}} [{{bar:30}}] {{elapsed}} {{left}} {{msg}}"
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        let left = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            if let Some(left) = time_left(state.pos(), state.len().unwrap_or(0), state.elapsed()) {
                let _ = std::fmt::Write::write_fmt(w, format_args!("({}s left)", left.as_secs()));
            }
        };
        bar.set_style(style.progress_chars("=> ").with_key("left", left));
    }
    bar.set_prefix(name.to_owned());
    bar
}

/// The time left to make `len` draws, `pos` of them made in `elapsed`, at the pace so far:
/// the whole run's average, which the first slow draws do not throw off for long the way a
/// recent-rate estimate does. `None` before the first draw and once all are made.
fn time_left(pos: u64, len: u64, elapsed: Duration) -> Option<Duration> {
    (pos > 0 && pos < len).then(|| elapsed.mul_f64((len - pos) as f64 / pos as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_is_the_average_pace_so_far() {
        let left = time_left(250, 1000, Duration::from_secs(5)).unwrap();
        assert_eq!(left, Duration::from_secs(15));
        assert_eq!(time_left(0, 1000, Duration::from_secs(1)), None);
        assert_eq!(time_left(1000, 1000, Duration::from_secs(9)), None);
    }
}
