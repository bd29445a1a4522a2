//! What a run's draws say: summaries with roll-ups (exact, or running summaries for runs
//! too large to keep), what drives the uncertainty, the paired comparison of two futures,
//! and [`summarise_run`], which runs a scenario and summarises it within a memory budget.

mod compare;
mod cost;
mod results;
mod running;
mod sensitivity;
mod summary;

pub use compare::{CompareRow, Comparison, compare};
pub use cost::{CostDrift, cost_drift};
pub use results::{Keep, Quantiles, Results, summarise_run};
pub use running::{BLOCK_DRAWS, RunningSummary};
pub use sensitivity::{
    Driver, Effect, HEADLINE_OUTPUTS, Influence, MIN_SENSITIVITY_DRAWS, RESAMPLES, Z95, bins,
    drivers, drivers_of, effects, horizon_outputs, influence, noise_z,
};
pub use summary::{
    Column, Group, QUANTILE_COLUMNS, QUANTILES, RegionFilter, Stats, SummaryRow, columns, groups,
    measures, summarise,
};
