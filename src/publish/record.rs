//! `run.json`: the record of what was run, built here for every command that writes one.

use std::path::Path;

use wfcast_core::run::Runner;
use wfcast_core::{Baseline, Method, Scenario};
use wfcast_report::store::provenance::{EXACT_QUANTILES, InputHash, RunInfo, Timings, timestamp};
use wfcast_report::store::shard::{FORMAT, ShardHeader};

use crate::session::RunStart;

/// The header of shard `k` of `n` of scenario `s` (run by `runner`) for `--region`
/// `region`: built in one place, so `merge` can check a shard's header against the header
/// the scenario it carries gives.
pub(crate) fn shard_header(
    s: &Scenario,
    b: &Baseline,
    runner: &Runner,
    (k, n): (u64, u64),
    region: Option<String>,
) -> ShardHeader {
    let like = runner.projection(0);
    ShardHeader {
        format: FORMAT.to_owned(),
        wfcast_version: env!("CARGO_PKG_VERSION").to_owned(),
        resolved: s.to_toml(),
        inputs: input_hashes(s, b),
        scenario: like.scenario,
        seed: s.seed,
        draws: s.draws,
        shard: k,
        shards: n,
        region,
        years: like.years,
        roles: like.roles,
        places: b.geography.place_ids().map(str::to_owned).collect(),
        metrics: like.metrics.iter().map(ToString::to_string).collect(),
        parameter_names: like.parameter_names,
    }
}

/// What `run.json` records for scenario `s` run as `name` (its own name, or a comparison's):
/// quantiles are exact unless the caller says otherwise. `finished` and `timings` are left
/// empty: [`super::write_run_json`] fills them in when it writes the file, last.
pub(crate) fn run_info(
    start: &RunStart,
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
        threads: start.threads,
        method: method.name().to_owned(),
        years: [s.base_year, s.horizon],
        region: region.map(str::to_owned),
        quantiles: EXACT_QUANTILES.to_owned(),
        started: timestamp(start.started),
        finished: String::new(),
        engine_thread_seconds: engine_seconds,
        timings: Timings::default(),
        inputs,
    }
}

/// The hashes of every input of a scenario: its file chain and the baseline data files.
pub(crate) fn input_hashes(s: &Scenario, baseline: &Baseline) -> Vec<InputHash> {
    s.sources
        .iter()
        .map(|(p, t)| InputHash::of(p.display().to_string(), t))
        .chain(data_hashes(baseline).map(|(_, hash)| hash))
        .collect()
}

/// Each baseline data file with its hash, as [`input_hashes`] records it (so `merge` can
/// check its data against what the shards recorded).
pub(crate) fn data_hashes(baseline: &Baseline) -> impl Iterator<Item = (&Path, InputHash)> {
    baseline.files.iter().map(|f| {
        (
            f.origin.as_path(),
            InputHash::of(f.origin.display().to_string(), &f.text),
        )
    })
}
