//! `wfcast merge`: `wfcast run --shard K/N` writes the raw draws K, K+N, ... of each
//! scenario, and merge interleaves the shards back into the draws of one whole run, so its
//! outputs are those of a single run (byte for byte while every draw fits in the memory
//! budget; running summaries over the same draws in the same order otherwise).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use wfcast_core::analysis::{BLOCK_DRAWS, RunningSummary};
use wfcast_core::analysis::{RegionFilter, Results};
use wfcast_core::run::Runner;
use wfcast_core::{Baseline, Keep, Method, Scenario};
use wfcast_report::store::shard::{EXTENSION, ShardHeader, ShardReader};
use wfcast_report::tidy::Labels;

use crate::cli::MergeArgs;
use crate::error::CliError;
use crate::publish::{Formats, Kept, Publish, data_hashes, publish, role_names, shard_header};
use crate::session::{RunStart, folder, load_baseline, parse_region, staging, worker_pool};

/// A shard file's problem, as the user's to fix (exit 2), naming the file.
fn input(e: wfcast_report::Error) -> CliError {
    if e.is_user_error() {
        let help = e.help().map(str::to_owned);
        CliError::usage("DIR", e.to_string(), help)
    } else {
        CliError::Report(e)
    }
}

/// Every shard file under `paths` (files, or folders searched two levels deep).
fn find_shards(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    /// Collects the shard files in `dir` and in folders `depth` levels below it.
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            // hidden entries are not results: the staging folders of runs in progress or
            // killed (a partial shard file in one would look like a second copy of it)
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let p = e.path();
            if p.is_dir() && depth > 0 {
                walk(&p, depth - 1, out);
            } else if p.extension().is_some_and(|x| x == EXTENSION) {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
        } else if p.is_dir() {
            let before = files.len();
            walk(p, 2, &mut files);
            if files.len() == before {
                return Err(CliError::usage(
                    "DIR",
                    format!("{} holds no shard files (*.{EXTENSION})", p.display()),
                    Some("give the --out folders of `wfcast run --shard K/N`".into()),
                ));
            }
        } else {
            return Err(CliError::usage(
                "DIR",
                format!("{} does not exist", p.display()),
                Some("give the --out folders of `wfcast run --shard K/N`".into()),
            ));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// The shards of one scenario, checked to be every shard of one run, in shard order.
fn complete_run(name: &str, mut readers: Vec<ShardReader>) -> Result<Vec<ShardReader>, CliError> {
    readers.sort_by_key(|r| r.header.shard);
    let first = &readers[0];
    let same = |h: &ShardHeader| {
        ShardHeader {
            shard: first.header.shard,
            ..h.clone()
        } == first.header
    };
    if let Some(other) = readers.iter().find(|r| !same(&r.header)) {
        return Err(CliError::usage(
            "DIR",
            format!(
                "{} and {} are shards of different runs of `{name}` (scenario, seed, draws, shard count, region, data or version differ)",
                first.path.display(),
                other.path.display()
            ),
            Some("merge only the shards of one run, all made with the same command".into()),
        ));
    }
    let n = first.header.shards;
    for pair in readers.windows(2) {
        if pair[0].header.shard == pair[1].header.shard {
            return Err(CliError::usage(
                "DIR",
                format!(
                    "shard {}/{n} of `{name}` is given twice: {} and {}",
                    pair[0].header.shard,
                    pair[0].path.display(),
                    pair[1].path.display()
                ),
                Some("give each shard once".into()),
            ));
        }
    }
    let missing: Vec<String> = (0..n)
        .filter(|k| !readers.iter().any(|r| r.header.shard == *k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(CliError::usage(
            "DIR",
            format!("`{name}` is missing shard(s) {}", missing.join(", ")),
            Some(
                "run the missing shards with the same command and --shard K/N, then merge again"
                    .into(),
            ),
        ));
    }
    Ok(readers)
}

/// The scenario a shard ran, checked against the data files given to `merge`.
fn scenario_of(first: &ShardReader, baseline: &Baseline) -> Result<Scenario, CliError> {
    let h = &first.header;
    for (origin, hash) in data_hashes(baseline) {
        if !h.inputs.contains(&hash) {
            return Err(CliError::usage(
                "--data",
                format!(
                    "the shards of `{}` were not run with the data file {} given here (its content or path differs)",
                    h.scenario,
                    origin.display()
                ),
                Some(
                    "pass the --data folder the shards were run with (none for the shipped data)"
                        .into(),
                ),
            ));
        }
    }
    let name = PathBuf::from(format!("{} (resolved scenario)", first.path.display()));
    let s = Scenario::from_str(&name, &h.resolved, baseline)?;
    // the header describes the draws' layout; it must be the one the scenario gives, or
    // the draws would be read into the wrong years, roles or metrics
    let expected = shard_header(
        &s,
        baseline,
        &Runner::new(&s, baseline),
        (h.shard, h.shards),
        h.region.clone(),
    );
    let differ = h.differences(&expected);
    if !differ.is_empty() {
        return Err(CliError::usage(
            "DIR",
            format!(
                "{}: its header's {} differ from those of the scenario it carries",
                first.path.display(),
                differ.join(", ")
            ),
            Some("rerun this shard: its file was altered or damaged".into()),
        ));
    }
    Ok(s)
}

/// Reads every draw of a run from its shards, in draw order, into every-draw results or
/// running summaries; returns them with the shards' engine seconds.
fn read_run(
    mut readers: Vec<ShardReader>,
    keep: Keep,
    filter: RegionFilter,
    baseline: &Baseline,
) -> Result<Kept, CliError> {
    let header = readers[0].header.clone();
    let n = header.shards as usize;
    let mut target = header.projection(baseline.geography.clone());
    let mut summary = (keep == Keep::Running).then(|| RunningSummary::new(&target, filter));
    for d in 0..header.draws {
        readers[d as usize % n]
            .read_draw(d, &mut target)
            .map_err(input)?;
        if let Some(summary) = summary.as_mut()
            && (target.draws as usize == BLOCK_DRAWS || d + 1 == header.draws)
        {
            summary.add(&target);
            target.clear();
        }
    }
    let mut seconds = 0.0;
    for r in readers {
        seconds += r.finish().map_err(input)?;
    }
    let results = match summary {
        Some(summary) => Results::running(&summary, baseline),
        None => Results::every(target, filter, baseline),
    };
    Ok(Kept::new(results, false, seconds))
}

/// `wfcast merge`.
pub(crate) fn merge(args: &MergeArgs) -> Result<(), CliError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    folder("--out", &args.out)?;
    let baseline = load_baseline(args.data.as_deref())?;
    let mut runs: BTreeMap<String, Vec<ShardReader>> = BTreeMap::new();
    for path in find_shards(&args.shards)? {
        let r = ShardReader::open(&path).map_err(input)?;
        runs.entry(r.header.scenario.clone()).or_default().push(r);
    }
    let (threads, pool) = worker_pool(args.threads)?;
    let mut start = RunStart {
        started,
        clock,
        threads,
        draws: None,
    };
    let mut checked = Vec::new();
    for (name, readers) in runs {
        let readers = complete_run(&name, readers)?;
        let scenario = scenario_of(&readers[0], &baseline)?;
        checked.push((scenario, readers));
    }
    let regions: Vec<Option<String>> = checked
        .iter()
        .map(|(_, r)| r[0].header.region.clone())
        .collect();
    if regions.windows(2).any(|w| w[0] != w[1]) {
        return Err(CliError::usage(
            "DIR",
            "the shards were run for different --region values",
            Some("merge the runs of each region separately".into()),
        ));
    }
    let region = regions.into_iter().next().flatten();
    let filter = parse_region(region.as_deref(), &baseline)?;
    let (keep, _) = Keep::within(
        Some(args.memory_budget),
        checked.iter().map(|(s, _)| s),
        &baseline,
    );
    let _cleanup = crate::interrupt::Cleanup::new(&args.out);
    let staging = staging(&args.out)?;
    let mut scenarios = Vec::new();
    let mut kept = Vec::new();
    let mut infos = Vec::new();
    let from = clock.elapsed().as_secs_f64();
    for (s, readers) in checked {
        let inputs = readers[0].header.inputs.clone();
        let k = pool.install(|| read_run(readers, keep, filter, &baseline))?;
        infos.push(k.info(&start, &s, Method::MonteCarlo, region.as_deref(), inputs));
        kept.push(k);
        scenarios.push(s);
    }
    start.draws = Some((from, clock.elapsed().as_secs_f64()));
    publish(
        staging,
        &pool,
        &Publish {
            start: &start,
            scenarios: &scenarios,
            kept: &kept,
            infos: &infos,
            filter,
            formats: Formats::from_flags(&args.format),
            labels: Labels::new(&role_names(&baseline), &baseline.geography),
        },
    )
}
