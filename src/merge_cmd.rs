//! Sharded runs: `wfcast run --shard K/N` writes the raw draws K, K+N, ... of each scenario,
//! and `wfcast merge` interleaves the shards back into the draws of one whole run, so its
//! outputs are those of a single run (byte for byte while every draw fits in the memory
//! budget; running summaries over the same draws in the same order otherwise).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use wfcast_core::engine::{DrawSet, Runner};
use wfcast_core::running::{BLOCK_DRAWS, RunningSummary};
use wfcast_core::{Baseline, Scenario};
use wfcast_report::provenance::{RunInfo, timestamp};
use wfcast_report::shard::{EXTENSION, ShardHeader, ShardReader, ShardWriter, file_name};

use crate::cli::{MergeArgs, RunArgs};
use crate::error::CliError;
use crate::flags::Shard;
use crate::outputs::{Formats, input_hashes, role_names, write_run_json};
use crate::run::{Kept, Prepared, Publish, load_baseline, parse_region, publish, worker_pool};

/// A shard file's problem, as the user's to fix (exit 2), naming the file.
fn input(e: wfcast_report::Error) -> CliError {
    if e.is_user_error() {
        let help = e.help().map(str::to_owned);
        CliError::usage("DIR", e.to_string(), help)
    } else {
        CliError::Report(e)
    }
}

/// The folder a shard's files are published in: one per shard, so shards sharing an output
/// folder never replace each other's files.
fn shard_folder(scenario: &str, shard: Shard) -> String {
    format!("{scenario}.shard-{}-of-{}", shard.k, shard.n)
}

/// `wfcast run --shard K/N`: makes this shard's draws of every scenario and writes them,
/// block by block, to `out/<scenario>.shard-K-of-N/shard-K-of-N.wfshard`.
pub(crate) fn run_shard(mut prep: Prepared, args: &RunArgs, shard: Shard) -> Result<(), CliError> {
    let mut paths = BTreeMap::new();
    for s in &prep.scenarios {
        let dir = prep.staging.dir(&shard_folder(&s.name, shard))?;
        paths.insert(s.name.clone(), dir.join(file_name(shard.k, shard.n)));
    }
    let written = prep.each(args.common.quiet, |s, b, tick| {
        let clock = Instant::now();
        let runner = Runner::new(s, b);
        let like = runner.projection(0);
        let header = ShardHeader {
            format: wfcast_report::shard::FORMAT.to_owned(),
            wfcast_version: env!("CARGO_PKG_VERSION").to_owned(),
            resolved: s.to_toml(),
            inputs: input_hashes(s, b),
            scenario: like.scenario,
            seed: s.seed,
            draws: s.draws,
            shard: shard.k,
            shards: shard.n,
            region: args.common.region.clone(),
            years: like.years,
            roles: like.roles,
            metrics: like.metrics,
            parameter_names: like.parameter_names,
        };
        let mut writer = ShardWriter::create(&paths[&s.name], &header)?;
        runner.in_blocks(
            DrawSet::shard(s.draws, shard.k, shard.n),
            BLOCK_DRAWS,
            tick,
            |indices, block| writer.append(indices, block),
        )?;
        writer.finish(clock.elapsed().as_secs_f64())
    });
    for (s, (result, seconds)) in prep.scenarios.iter().zip(written) {
        result?;
        let mut info = prep.info(
            &s.name,
            s,
            wfcast_core::Method::MonteCarlo,
            args.common.region.as_deref(),
            seconds,
            input_hashes(s, &prep.baseline),
        );
        info.draws = DrawSet::shard(s.draws, shard.k, shard.n).len();
        "none: a shard keeps its raw draws for `wfcast merge`".clone_into(&mut info.quantiles);
        write_run_json(&prep.staging, &shard_folder(&s.name, shard), &info)?;
    }
    let out = args.common.out.display().to_string();
    for p in prep.staging.commit()? {
        println!("wrote {}", p.display());
    }
    println!(
        "shard {}/{} done; when every shard has run: wfcast merge {out} --out <folder>",
        shard.k, shard.n
    );
    Ok(())
}

/// Every shard file under `paths` (files, or folders searched two levels deep).
fn find_shards(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
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
    for f in &baseline.files {
        let hash =
            wfcast_report::provenance::InputHash::of(f.origin.display().to_string(), &f.text);
        if !h.inputs.contains(&hash) {
            return Err(CliError::usage(
                "--data",
                format!(
                    "the shards of `{}` were not run with the data file {} given here (its content or path differs)",
                    h.scenario,
                    f.origin.display()
                ),
                Some(
                    "pass the --data folder the shards were run with (none for the shipped data)"
                        .into(),
                ),
            ));
        }
    }
    let name = PathBuf::from(format!("{} (resolved scenario)", first.path.display()));
    Ok(Scenario::from_str(&name, &h.resolved, baseline)?)
}

/// Reads every draw of a run from its shards, in draw order, into every-draw results or
/// running summaries; returns them with the shards' engine seconds.
fn read_run(
    mut readers: Vec<ShardReader>,
    keep_every: bool,
    filter: wfcast_core::summary::RegionFilter,
) -> Result<Kept, CliError> {
    let header = readers[0].header.clone();
    let n = header.shards as usize;
    let mut target = header.projection();
    let mut summary = (!keep_every).then(|| RunningSummary::new(&target, filter));
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
    Ok(match summary {
        Some(summary) => Kept::running(&summary, seconds),
        None => Kept::every(target, filter, false, seconds),
    })
}

/// `wfcast merge`.
pub(crate) fn merge(args: &MergeArgs) -> Result<(), CliError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    crate::preflight::folder("--out", &args.out)?;
    let baseline = load_baseline(args.data.as_deref())?;
    let mut runs: BTreeMap<String, Vec<ShardReader>> = BTreeMap::new();
    for path in find_shards(&args.shards)? {
        let r = ShardReader::open(&path).map_err(input)?;
        runs.entry(r.header.scenario.clone()).or_default().push(r);
    }
    let (threads, pool) = worker_pool(args.threads)?;
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
    let filter = parse_region(region.as_deref())?;
    let needed: u64 = checked
        .iter()
        .map(|(s, _)| {
            s.draws
                .saturating_mul(wfcast_core::engine::bytes_per_draw(s, &baseline))
        })
        .fold(0, u64::saturating_add);
    let keep_every = needed <= args.memory_budget;
    let _cleanup = crate::interrupt::Cleanup::new(&args.out);
    let staging = crate::run::staging(&args.out)?;
    let mut scenarios = Vec::new();
    let mut kept = Vec::new();
    let mut infos = Vec::new();
    for (s, readers) in checked {
        let inputs = readers[0].header.inputs.clone();
        let k = pool.install(|| read_run(readers, keep_every, filter))?;
        infos.push(RunInfo {
            wfcast_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: s.name.clone(),
            seed: s.seed,
            draws: s.draws,
            threads,
            method: wfcast_core::Method::MonteCarlo.name().to_owned(),
            years: [s.base_year, s.horizon],
            region: region.clone(),
            quantiles: k.quantiles.to_owned(),
            started: timestamp(started),
            finished: timestamp(SystemTime::now()),
            engine_seconds: k.engine_seconds,
            wall_seconds: clock.elapsed().as_secs_f64(),
            inputs,
        });
        kept.push(k);
        scenarios.push(s);
    }
    publish(
        staging,
        &pool,
        &Publish {
            scenarios: &scenarios,
            kept: &kept,
            infos: &infos,
            filter,
            formats: Formats::from_flags(&args.format),
            roles: &role_names(&baseline),
        },
    )
}
