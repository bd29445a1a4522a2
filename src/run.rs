//! The `run`, `validate` and `init` commands.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use wfcast_core::engine::{DrawSet, Runner};
use wfcast_core::error::did_you_mean;
use wfcast_core::running::{BLOCK_DRAWS, RunningSummary};
use wfcast_core::scenario::{DEFAULT_RUN, STARTER, load_shipped};
use wfcast_core::sensitivity::{Influence, gap_drivers};
use wfcast_core::summary::{RegionFilter, SummaryRow, summarise};
use wfcast_core::taxonomy::{ALL, REGIONS, region_index};
use wfcast_core::{Baseline, Error, Method, Projection, Scenario};
use wfcast_report::Staging;
use wfcast_report::provenance::{DIGEST_QUANTILES, EXACT_QUANTILES, InputHash, RunInfo, timestamp};

use crate::preflight::Keep;

use crate::cli::{CommonArgs, InitArgs, RunArgs, ValidateArgs};
use crate::error::CliError;
use crate::outputs::{Formats, ScenarioOutput, input_hashes, place, place_label, role_names};

pub(crate) fn load_baseline(dir: Option<&Path>) -> Result<Baseline, CliError> {
    Ok(match dir {
        Some(dir) => Baseline::from_dir(dir)?,
        None => Baseline::embedded()?,
    })
}

/// Loads every scenario, reporting the problems of all files together.
fn load_scenarios(files: &[PathBuf], baseline: &Baseline) -> Result<Vec<Scenario>, CliError> {
    let loaded: Vec<Result<Scenario, Error>> = if files.is_empty() {
        DEFAULT_RUN
            .iter()
            .map(|name| load_shipped(name, baseline))
            .collect()
    } else {
        files.iter().map(|f| Scenario::load(f, baseline)).collect()
    };
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for r in loaded {
        match r {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    Ok(scenarios)
}

pub(crate) fn parse_region(region: Option<&str>) -> Result<RegionFilter, CliError> {
    let Some(region) = region else {
        return Ok(RegionFilter::All);
    };
    region_index(region).map(RegionFilter::Only).ok_or_else(|| {
        let ids: Vec<&str> = REGIONS.iter().map(|r| r.0).collect();
        let help = match did_you_mean(region, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("regions are: {}", ids.join(", ")),
        };
        CliError::usage("--region", format!("unknown region `{region}`"), Some(help))
    })
}

/// The staging folder for results under `--out`, or a message saying how to fix `--out`.
pub(crate) fn staging(out: &Path) -> Result<Staging, CliError> {
    Staging::new(out).map_err(|e| {
        CliError::usage(
            "--out",
            format!("cannot write results to {}: {e}", out.display()),
            Some("choose a folder you can write to, e.g. --out results".into()),
        )
    })
}

/// The worker pool of `--threads` (default: every core), with its size.
pub(crate) fn worker_pool(threads: Option<u16>) -> Result<(usize, rayon::ThreadPool), CliError> {
    let threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| {
            CliError::Core(Error::Model(format!(
                "cannot start {threads} worker threads: {e}"
            )))
        })?;
    Ok((threads, pool))
}

/// What `run` and `compare` share: the data, the scenarios with the flags applied, the
/// worker pool and the staging folder.
pub(crate) struct Prepared {
    pub(crate) baseline: Baseline,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) filter: RegionFilter,
    pub(crate) threads: usize,
    pub(crate) pool: rayon::ThreadPool,
    /// Declared before `cleanup`, so it is dropped (removing its folder) first.
    pub(crate) staging: Staging,
    cleanup: crate::interrupt::Cleanup,
    pub(crate) started: SystemTime,
    pub(crate) clock: Instant,
    /// Whether the run keeps every draw or running summaries.
    pub(crate) keep: Keep,
}

impl Prepared {
    /// Loads and checks everything a run needs before any work starts.
    ///
    /// `paired` (for `compare`) runs every scenario with the first one's seed and draws, so
    /// draw i of each shares its random streams (common random numbers). A run keeps every
    /// draw while that fits in `budget` bytes (always, when `budget` is `None`).
    pub(crate) fn new(
        files: &[PathBuf],
        common: &CommonArgs,
        method: Method,
        paired: bool,
        budget: Option<u64>,
    ) -> Result<Self, CliError> {
        let started = SystemTime::now();
        let clock = Instant::now();
        let filter = parse_region(common.region.as_deref())?;
        let baseline = load_baseline(common.data.as_deref())?;
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
        unique_names(&scenarios)?;
        let (threads, pool) = worker_pool(common.threads)?;
        let keep = crate::preflight::check(common, method, &scenarios, &baseline, budget)?;
        let cleanup = crate::interrupt::Cleanup::new(&common.out);
        let staging = staging(&common.out)?;
        Ok(Self {
            baseline,
            scenarios,
            filter,
            threads,
            pool,
            staging,
            cleanup,
            started,
            clock,
            keep,
        })
    }

    /// Runs `work` on every scenario (in parallel, each on all threads) with a progress bar
    /// that `work` ticks once per draw; returns each result with the seconds it took.
    pub(crate) fn each<T: Send>(
        &mut self,
        quiet: bool,
        work: impl Fn(&Scenario, &Baseline, &(dyn Fn() + Sync)) -> T + Sync,
    ) -> Vec<(T, f64)> {
        let total: u64 = self.scenarios.iter().map(|s| s.draws).sum();
        let bar = progress_bar(total, quiet);
        self.cleanup.release();
        let tick = || bar.inc(1);
        let results = self.pool.install(|| {
            self.scenarios
                .par_iter()
                .map(|s| {
                    let t = Instant::now();
                    let out = work(s, &self.baseline, &tick);
                    (out, t.elapsed().as_secs_f64())
                })
                .collect()
        });
        bar.finish_and_clear();
        self.cleanup.hold();
        results
    }

    /// Runs every scenario, keeping every draw; returns each projection with the seconds
    /// its engine took.
    pub(crate) fn project(&mut self, method: Method, quiet: bool) -> Vec<(Projection, f64)> {
        self.each(quiet, |s, b, tick| wfcast_core::run(s, b, method, tick))
    }

    /// What `run.json` records for `s` (or for a comparison named `name`).
    pub(crate) fn info(
        &self,
        name: &str,
        s: &Scenario,
        method: Method,
        region: Option<&str>,
        engine_seconds: f64,
        inputs: Vec<InputHash>,
    ) -> RunInfo {
        RunInfo {
            wfcast_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: name.to_owned(),
            seed: s.seed,
            draws: s.draws,
            threads: self.threads,
            method: method.name().to_owned(),
            years: [s.base_year, s.horizon],
            region: region.map(str::to_owned),
            quantiles: EXACT_QUANTILES.to_owned(),
            started: timestamp(self.started),
            finished: timestamp(SystemTime::now()),
            engine_seconds,
            wall_seconds: self.clock.elapsed().as_secs_f64(),
            inputs,
        }
    }
}

/// A scenario's results as the outputs need them.
pub(crate) struct Kept {
    pub(crate) rows: Vec<SummaryRow>,
    pub(crate) drivers: Vec<Influence>,
    /// Every draw, when draws.parquet is to be written.
    pub(crate) draws: Option<Projection>,
    pub(crate) engine_seconds: f64,
    /// How its quantiles were computed (for run.json and the About sheet).
    pub(crate) quantiles: &'static str,
}

impl Kept {
    /// Summarises a projection that holds every draw (exact quantiles).
    pub(crate) fn every(
        p: Projection,
        filter: RegionFilter,
        keep_draws: bool,
        engine_seconds: f64,
    ) -> Self {
        Self {
            rows: summarise(&p, filter),
            drivers: gap_drivers(&p, filter),
            draws: keep_draws.then_some(p),
            engine_seconds,
            quantiles: EXACT_QUANTILES,
        }
    }

    /// The results of a run folded into running summaries.
    pub(crate) fn running(r: &RunningSummary, engine_seconds: f64) -> Self {
        Self {
            rows: r.rows(),
            drivers: r.drivers(),
            draws: None,
            engine_seconds,
            quantiles: DIGEST_QUANTILES,
        }
    }
}

/// `wfcast run`.
pub(crate) fn run(args: &RunArgs) -> Result<(), CliError> {
    let method = Method::from(args.method);
    let budget = if args.shard.is_some() {
        // a shard streams its draws to disk: it never keeps them all
        Some(0)
    } else {
        Some(args.common.memory_budget)
    };
    let mut prep = Prepared::new(&args.scenarios, &args.common, method, false, budget)?;
    if method == Method::Expected {
        if args.shard.is_some() {
            return Err(CliError::usage(
                "--shard",
                "the expected-value method makes no draws to share out",
                Some("drop --shard, or use --method monte-carlo".into()),
            ));
        }
        for s in &mut prep.scenarios {
            s.draws = 1;
        }
    }
    if let Some(shard) = args.shard {
        return crate::merge_cmd::run_shard(prep, args, shard);
    }
    if args.keep_draws && prep.keep == Keep::Running {
        return Err(CliError::usage(
            "--keep-draws",
            format!(
                "draws.parquet needs every draw in memory, more than --memory-budget {} allows for these draws",
                crate::preflight::bytes(args.common.memory_budget)
            ),
            Some(
                "raise --memory-budget, use fewer --draws, or run shards (--shard K/N) whose files hold every draw"
                    .into(),
            ),
        ));
    }
    let (filter, keep_draws, quiet) = (prep.filter, args.keep_draws, args.common.quiet);
    let kept: Vec<Kept> = match prep.keep {
        Keep::Every => prep
            .project(method, quiet)
            .into_iter()
            .map(|(p, secs)| Kept::every(p, filter, keep_draws, secs))
            .collect(),
        Keep::Running => prep
            .each(quiet, |s, b, tick| {
                let runner = Runner::new(s, b);
                let mut summary = RunningSummary::new(&runner.projection(0), filter);
                let Ok(()) = runner.in_blocks::<std::convert::Infallible>(
                    DrawSet::all(s.draws),
                    BLOCK_DRAWS,
                    tick,
                    |_, block| {
                        summary.add(block);
                        Ok(())
                    },
                );
                summary
            })
            .into_iter()
            .map(|(summary, secs)| Kept::running(&summary, secs))
            .collect(),
    };
    let infos: Vec<RunInfo> = prep
        .scenarios
        .iter()
        .zip(&kept)
        .map(|(s, k)| RunInfo {
            quantiles: k.quantiles.to_owned(),
            ..prep.info(
                &s.name,
                s,
                method,
                args.common.region.as_deref(),
                k.engine_seconds,
                input_hashes(s, &prep.baseline),
            )
        })
        .collect();
    publish(
        prep.staging,
        &prep.pool,
        &Publish {
            scenarios: &prep.scenarios,
            kept: &kept,
            infos: &infos,
            filter,
            formats: Formats::from_flags(&args.common.format),
            roles: &role_names(&prep.baseline),
        },
    )
}

/// Everything `publish` writes: each scenario with its results and run record.
pub(crate) struct Publish<'a> {
    pub(crate) scenarios: &'a [Scenario],
    pub(crate) kept: &'a [Kept],
    pub(crate) infos: &'a [RunInfo],
    pub(crate) filter: RegionFilter,
    pub(crate) formats: Formats,
    pub(crate) roles: &'a [(String, String)],
}

/// Writes every scenario's outputs, publishes them, and prints the headline table and the
/// files written (what `run` and `merge` end with).
pub(crate) fn publish(
    staging: Staging,
    pool: &rayon::ThreadPool,
    what: &Publish,
) -> Result<(), CliError> {
    let mut national = Vec::new();
    for ((s, k), info) in what.scenarios.iter().zip(what.kept).zip(what.infos) {
        let output = ScenarioOutput {
            scenario: s,
            rows: &k.rows,
            drivers: &k.drivers,
            draws: k.draws.as_ref(),
            filter: what.filter,
            info,
            roles: what.roles,
        };
        pool.install(|| output.write(&staging, what.formats))?;
        national.push(headline(s, &k.rows, what.filter, &k.drivers));
    }
    let published = staging.commit()?;
    print_headlines(&national, what.filter);
    for p in published {
        println!("wrote {}", p.display());
    }
    Ok(())
}

/// Two scenarios of one name would write to the same folder: refuse before any work.
fn unique_names(scenarios: &[Scenario]) -> Result<(), CliError> {
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(j) = scenarios[..i].iter().position(|o| o.name == s.name) {
            return Err(CliError::usage(
                "SCENARIO",
                format!(
                    "two scenarios are both named `{}` ({} and {}); their results would overwrite each other",
                    s.name,
                    scenarios[j].sources[0].0.display(),
                    s.sources[0].0.display()
                ),
                Some("give each a different [scenario] name".into()),
            ));
        }
    }
    Ok(())
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} draws {pos}/{len} [{bar:30}] {elapsed} (ETA {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The numbers a CIO reads first: staff in post, demand and gap (WTE) in the horizon year.
struct Headline {
    scenario: String,
    year: i32,
    cells: Vec<(&'static str, [f64; 3])>,
    /// The parameter that moves the horizon-year gap most, with its PRCC.
    driver: Option<(String, f64)>,
}

fn headline(
    s: &Scenario,
    rows: &[SummaryRow],
    filter: RegionFilter,
    drivers: &[Influence],
) -> Headline {
    let region = place(filter);
    let cells = ["wte", "demand_wte", "gap_wte"]
        .into_iter()
        .filter_map(|metric| {
            rows.iter()
                .find(|r| {
                    r.year == s.horizon && r.role == ALL && r.region == region && r.metric == metric
                })
                .map(|r| (metric, [r.stats.mean, r.stats.q[1], r.stats.q[5]]))
        })
        .collect();
    Headline {
        scenario: s.name.clone(),
        year: s.horizon,
        cells,
        driver: drivers
            .first()
            .filter(|d| d.prcc.is_finite())
            .map(|d| (d.parameter.clone(), d.prcc)),
    }
}

fn print_headlines(lines: &[Headline], filter: RegionFilter) {
    let Some(first) = lines.first() else { return };
    println!("{}, {}: mean (P10 to P90)", place_label(filter), first.year);
    println!(
        "{:<24} {:>26} {:>26} {:>26}",
        "scenario", "staff in post WTE", "demand WTE", "gap WTE"
    );
    for line in lines {
        let cell = |m: &str| {
            line.cells
                .iter()
                .find(|(k, _)| *k == m)
                .map_or(String::new(), |(_, v)| {
                    format!(
                        "{} ({} to {})",
                        thousands(v[0]),
                        thousands(v[1]),
                        thousands(v[2])
                    )
                })
        };
        println!(
            "{:<24} {:>26} {:>26} {:>26}",
            line.scenario,
            cell("wte"),
            cell("demand_wte"),
            cell("gap_wte")
        );
    }
    for line in lines {
        if let Some((parameter, prcc)) = &line.driver {
            println!(
                "{}: the {} gap is most sensitive to {parameter} (partial rank correlation {prcc:.2}; see sensitivity.csv)",
                line.scenario, line.year
            );
        }
    }
}

/// A whole number with thousands separators, e.g. 52,013 (for people to read, not files).
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

/// `wfcast validate`.
pub(crate) fn validate(args: &ValidateArgs) -> Result<(), CliError> {
    let baseline = load_baseline(args.data.as_deref())?;
    let scenarios = load_scenarios(&args.scenarios, &baseline)?;
    for (s, f) in scenarios.iter().zip(&args.scenarios) {
        println!(
            "ok: {} (scenario `{}`, {}-{}, {} draws)",
            f.display(),
            s.name,
            s.base_year,
            s.horizon,
            s.draws
        );
    }
    Ok(())
}

/// `wfcast init`.
pub(crate) fn init(args: &InitArgs) -> Result<(), CliError> {
    crate::preflight::folder("DIR", &args.dir)?;
    let path = args.dir.join("scenario.toml");
    if path.exists() && !args.force {
        return Err(CliError::usage(
            "DIR",
            format!("{} already exists", path.display()),
            Some("pass --force to overwrite it, or choose another folder".into()),
        ));
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        CliError::usage(
            "DIR",
            format!("cannot create {}: {e}", args.dir.display()),
            None,
        )
    })?;
    std::fs::write(&path, STARTER).map_err(|e| {
        CliError::usage("DIR", format!("cannot write {}: {e}", path.display()), None)
    })?;
    println!(
        "wrote {}\nnext: wfcast validate {0} && wfcast run {0}",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(52_013.4), "52,013");
        assert_eq!(thousands(-1234.0), "-1,234");
        assert_eq!(thousands(999.0), "999");
    }
}
