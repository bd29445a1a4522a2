//! The `run`, `validate` and `init` commands.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use wfcast_core::error::did_you_mean;
use wfcast_core::scenario::{DEFAULT_RUN, STARTER, load_shipped};
use wfcast_core::summary::{RegionFilter, SummaryRow, summarise};
use wfcast_core::taxonomy::{ALL, REGIONS, region_index};
use wfcast_core::{Baseline, Error, Method, Scenario};
use wfcast_report::Staging;
use wfcast_report::provenance::{InputHash, RunInfo, timestamp};
use wfcast_report::tidy::summary_csv;

use crate::cli::{InitArgs, RunArgs, ValidateArgs};
use crate::error::CliError;

fn load_baseline(dir: Option<&Path>) -> Result<Baseline, CliError> {
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

fn parse_region(region: Option<&str>) -> Result<RegionFilter, CliError> {
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

/// `wfcast run`.
pub(crate) fn run(args: &RunArgs) -> Result<(), CliError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let filter = parse_region(args.region.as_deref())?;
    let baseline = load_baseline(args.data.as_deref())?;
    let mut scenarios = load_scenarios(&args.scenarios, &baseline)?;
    for s in &mut scenarios {
        if let Some(d) = args.draws {
            s.draws = d;
        }
        if let Some(seed) = args.seed {
            s.seed = seed;
        }
    }
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
    let threads = args.threads.map_or_else(
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
    crate::preflight::check(args, &scenarios, &baseline)?;
    let mut cleanup = crate::interrupt::Cleanup::new(&args.out);
    let staging = Staging::new(&args.out).map_err(|e| {
        CliError::usage(
            "--out",
            format!("cannot write results to {}: {e}", args.out.display()),
            Some("choose a folder you can write to, e.g. --out results".into()),
        )
    })?;

    let method = Method::from(args.method);
    if method == Method::Expected {
        for s in &mut scenarios {
            s.draws = 1;
        }
    }
    let total: u64 = scenarios.iter().map(|s| s.draws).sum();
    let bar = progress_bar(total, args.quiet);
    cleanup.release();
    let tick = || bar.inc(1);
    let results: Vec<(wfcast_core::Projection, f64)> = pool.install(|| {
        scenarios
            .par_iter()
            .map(|s| {
                let t = Instant::now();
                let p = wfcast_core::run(s, &baseline, method, &tick);
                (p, t.elapsed().as_secs_f64())
            })
            .collect()
    });
    bar.finish_and_clear();
    cleanup.hold();

    let mut national = Vec::new();
    for (s, (projection, engine_seconds)) in scenarios.iter().zip(&results) {
        let rows = pool.install(|| summarise(projection, filter));
        staging.write(&s.name, "summary.csv", &summary_csv(&rows)?)?;
        staging.write(&s.name, "resolved.toml", s.to_toml().as_bytes())?;
        let mut inputs: Vec<InputHash> = s
            .sources
            .iter()
            .map(|(p, t)| InputHash::of(p.display().to_string(), t))
            .collect();
        inputs.extend(
            baseline
                .files
                .iter()
                .map(|f| InputHash::of(f.origin.display().to_string(), &f.text)),
        );
        let info = RunInfo {
            wfcast_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: s.name.clone(),
            seed: s.seed,
            draws: s.draws,
            threads,
            method: method.name().to_owned(),
            years: [s.base_year, s.horizon],
            region: args.region.clone(),
            started: timestamp(started),
            finished: timestamp(SystemTime::now()),
            engine_seconds: *engine_seconds,
            wall_seconds: clock.elapsed().as_secs_f64(),
            inputs,
        };
        let json = serde_json::to_vec_pretty(&info).map_err(|e| wfcast_report::Error::Json {
            path: "run.json".into(),
            source: e,
        })?;
        staging.write(&s.name, "run.json", &json)?;
        national.push(headline(s, &rows, filter));
    }
    let published = staging.commit()?;
    print_headlines(&national, filter);
    for p in published {
        println!("wrote {}", p.display());
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

/// The numbers a CIO reads first: headcount, demand and gap in the horizon year.
struct Headline {
    scenario: String,
    year: i32,
    cells: Vec<(&'static str, [f64; 3])>,
}

fn headline(s: &Scenario, rows: &[SummaryRow], filter: RegionFilter) -> Headline {
    let region = match filter {
        RegionFilter::All => ALL,
        RegionFilter::Only(r) => REGIONS[r].0,
    };
    let cells = ["headcount", "demand_wte", "gap_wte"]
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
    }
}

fn print_headlines(lines: &[Headline], filter: RegionFilter) {
    let Some(first) = lines.first() else { return };
    let place = match filter {
        RegionFilter::All => "England".to_owned(),
        RegionFilter::Only(r) => REGIONS[r].1.to_owned(),
    };
    println!("{place}, {}: mean (P10 to P90)", first.year);
    println!(
        "{:<24} {:>26} {:>26} {:>26}",
        "scenario", "headcount", "demand WTE", "gap WTE"
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
            cell("headcount"),
            cell("demand_wte"),
            cell("gap_wte")
        );
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
