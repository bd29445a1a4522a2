//! Writing what a run or a comparison leaves on disk — each scenario's files, chosen with
//! `--format`, and its `run.json` (built in one place, [`run_info`]) — into the staging
//! folder, publishing them, and saying what was written.

mod files;
mod headline;
mod labels;
mod record;

use rayon::prelude::*;
use wfcast_core::analysis::{Quantiles, RegionFilter, Results};
use wfcast_core::{Method, Scenario};
use wfcast_report::Staging;
use wfcast_report::store::provenance::{DIGEST_QUANTILES, EXACT_QUANTILES, InputHash, RunInfo};
use wfcast_report::tidy::Labels;

pub(crate) use files::{ComparisonOutput, Formats, write_comparison, write_run_json};
pub(crate) use labels::{place, place_label, result_folder, role_names};
pub(crate) use record::{data_hashes, input_hashes, run_info, shard_header};

use crate::error::CliError;
use crate::session::{RunStart, commit};
use files::ScenarioOutput;
use headline::{headline, print_headlines};

/// A scenario's results as the outputs need them, with the seconds its engine took.
pub(crate) struct Kept {
    /// The summary rows, the gap's drivers, and every draw when draws.parquet is to be
    /// written.
    pub(crate) results: Results,
    /// Seconds the engine took (for run.json).
    pub(crate) engine_seconds: f64,
}

impl Kept {
    /// What the outputs need of `results`, which took `engine_seconds`; the draws are kept
    /// only when draws.parquet is to be written.
    pub(crate) fn new(mut results: Results, keep_draws: bool, engine_seconds: f64) -> Self {
        if !keep_draws {
            results.draws = None;
        }
        Self {
            results,
            engine_seconds,
        }
    }

    /// What `run.json` records for the run of `s` that gave these results.
    pub(crate) fn info(
        &self,
        start: &RunStart,
        s: &Scenario,
        method: Method,
        region: Option<&str>,
        inputs: Vec<InputHash>,
    ) -> RunInfo {
        RunInfo {
            quantiles: match self.results.quantiles {
                Quantiles::Exact => EXACT_QUANTILES,
                Quantiles::Digest => DIGEST_QUANTILES,
            }
            .to_owned(),
            ..run_info(
                start,
                &s.name,
                s,
                method,
                region,
                self.engine_seconds,
                inputs,
            )
        }
    }
}

/// Everything `publish` writes: each scenario with its results and run record.
pub(crate) struct Publish<'a> {
    /// The scenarios as run.
    pub(crate) scenarios: &'a [Scenario],
    /// Each scenario's results.
    pub(crate) kept: &'a [Kept],
    /// Each scenario's `run.json`.
    pub(crate) infos: &'a [RunInfo],
    /// When and how the command started, for `run.json`'s timings.
    pub(crate) start: &'a RunStart,
    /// The `--region` the results are for.
    pub(crate) filter: RegionFilter,
    /// The files to write.
    pub(crate) formats: Formats,
    /// The names and codes of roles and places.
    pub(crate) labels: Labels<'a>,
}

/// Writes every scenario's outputs, publishes them, and prints the headline table and the
/// files written (what `run` and `merge` end with).
pub(crate) fn publish(
    staging: Staging,
    pool: &rayon::ThreadPool,
    what: &Publish,
) -> Result<(), CliError> {
    // each scenario's files at once: the workbook is most of the writing and is one thread's
    // work, so two scenarios take the time of one on two cores
    let jobs: Vec<_> = what
        .scenarios
        .iter()
        .zip(what.kept)
        .zip(what.infos)
        .collect();
    pool.install(|| {
        jobs.par_iter().try_for_each(|((s, k), info)| {
            ScenarioOutput {
                scenario: s,
                rows: &k.results.rows,
                drivers: &k.results.drivers,
                draws: k.results.draws.as_ref(),
                filter: what.filter,
                info,
                start: what.start,
                labels: what.labels,
            }
            .write(&staging, what.formats)
        })
    })?;
    let national: Vec<_> = jobs
        .iter()
        .map(|((s, k), _)| {
            headline(
                s,
                &k.results.rows,
                what.filter,
                what.labels.geography(),
                &k.results.drivers,
            )
        })
        .collect();
    let published = commit(staging)?;
    print_headlines(&national, place_label(what.filter, what.labels.geography()));
    for p in published {
        say!("wrote {}", p.display());
        if p.join("report.html").is_file() {
            say!("  open {}", p.join("report.html").display());
        }
    }
    Ok(())
}
