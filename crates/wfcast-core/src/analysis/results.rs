//! A scenario's results as a program wants them: the summary rows and what drives the
//! horizon-year headline outputs, with every draw kept while that fits in a memory budget, or folded into
//! running summaries block by block beyond it (bounded memory, t-digest quantiles).

use super::running::{BLOCK_DRAWS, RunningSummary};
use super::sensitivity::{Driver, drivers};
use super::summary::{RegionFilter, Stats, SummaryRow, summarise};
use crate::input::Baseline;
use crate::model::{Measure, Metric};
use crate::run::{DrawSet, Method, Projection, Runner, bytes_per_draw, run};
use crate::scenario::Scenario;
use crate::taxonomy::ALL;

/// How a run keeps its draws for its summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every draw in memory: exact quantiles, and the draws themselves for export or
    /// comparison.
    Every,
    /// Running summaries folded in block by block: memory bounded however many draws,
    /// means exact to the bit, quantiles t-digest estimates.
    Running,
}

impl Keep {
    /// Every draw while the draws of all `scenarios` fit in `budget` bytes (always when
    /// `budget` is `None`), else running summaries. Also returns the bytes every draw needs.
    pub fn within<'a>(
        budget: Option<u64>,
        scenarios: impl IntoIterator<Item = &'a Scenario>,
        baseline: &Baseline,
    ) -> (Self, u64) {
        let needed = scenarios
            .into_iter()
            .map(|s| s.draws.saturating_mul(bytes_per_draw(s, baseline)))
            .fold(0, u64::saturating_add);
        let keep = match budget {
            Some(budget) if needed > budget => Self::Running,
            _ => Self::Every,
        };
        (keep, needed)
    }
}

/// How a result's quantiles were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantiles {
    /// From every draw, as Excel's PERCENTILE.INC.
    Exact,
    /// t-digest estimates from running summaries.
    Digest,
}

/// A scenario's summary rows and the drivers of its headline outputs.
#[derive(Debug, Clone)]
pub struct Results {
    /// The tidy summary (`summary.csv`).
    pub rows: Vec<SummaryRow>,
    /// What drives the horizon-year headline outputs (`sensitivity.csv`).
    pub drivers: Vec<Driver>,
    /// Every draw, when they were kept ([`Keep::Every`]).
    pub draws: Option<Projection>,
    /// How the quantiles were computed.
    pub quantiles: Quantiles,
}

impl Results {
    /// Summarises a projection that holds every draw (parameter labels from `baseline`).
    pub fn every(p: Projection, filter: RegionFilter, baseline: &Baseline) -> Self {
        Self {
            rows: summarise(&p, filter),
            drivers: drivers(&p, filter, baseline),
            draws: Some(p),
            quantiles: Quantiles::Exact,
        }
    }

    /// The results of draws folded into running summaries (parameter labels from
    /// `baseline`).
    pub fn running(summary: &RunningSummary, baseline: &Baseline) -> Self {
        Self {
            rows: summary.rows(),
            drivers: summary.drivers(baseline),
            draws: None,
            quantiles: Quantiles::Digest,
        }
    }

    /// The distribution of `metric` over all roles and regions (or the one region of a
    /// filtered run) in `year`.
    pub fn national(&self, year: i32, metric: Metric) -> Option<&Stats> {
        let metric = Measure::from(metric);
        self.rows
            .iter()
            .find(|r| r.year == year && r.role == ALL && r.metric == metric)
            .map(|r| &r.stats)
    }
}

/// Runs `scenario` by `method` in the current rayon pool and summarises it, keeping every
/// draw or folding them into running summaries as `keep` says ([`Keep::within`] chooses by
/// a memory budget). `progress` is called once per finished draw. The rows are the same
/// whichever way, but for the quantiles' method.
pub fn summarise_run(
    scenario: &Scenario,
    baseline: &Baseline,
    method: Method,
    keep: Keep,
    filter: RegionFilter,
    progress: &(dyn Fn() + Sync),
) -> Results {
    match (keep, method) {
        (Keep::Every, _) | (_, Method::Expected) => {
            Results::every(run(scenario, baseline, method, progress), filter, baseline)
        }
        (Keep::Running, Method::MonteCarlo) => {
            let runner = Runner::new(scenario, baseline);
            let mut summary = RunningSummary::new(&runner.projection(0), filter);
            let Ok(()) = runner.in_blocks::<std::convert::Infallible>(
                DrawSet::all(scenario.draws),
                BLOCK_DRAWS,
                progress,
                |_, block| {
                    summary.add(block);
                    Ok(())
                },
            );
            Results::running(&summary, baseline)
        }
    }
}
