//! Runs a scenario — every Monte Carlo draw in parallel, or the expected-value projection —
//! and keeps the per-draw records for summaries.

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::cohort::{CohortModel, Scratch};
use crate::draws::DrawPlan;
use crate::rng::draw_stream;
use crate::scenario::Scenario;

/// How a scenario is projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Monte Carlo draws with parameter uncertainty and process noise.
    #[default]
    MonteCarlo,
    /// One deterministic projection of expected values at central parameters (matrix algebra).
    Expected,
}

impl Method {
    /// The name used on the command line and in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Self::MonteCarlo => "monte-carlo",
            Self::Expected => "expected",
        }
    }
}

/// The result of running a scenario: every draw's record per year and role x region.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The scenario's name.
    pub scenario: String,
    /// How it was projected.
    pub method: Method,
    /// Years covered, base year first.
    pub years: Vec<i32>,
    /// Role ids in order.
    pub roles: Vec<String>,
    /// Metrics recorded per role x region and year, in record order.
    pub metrics: Vec<String>,
    /// Number of draws (1 for the expected-value method).
    pub draws: u64,
    /// Names of the uncertain parameter entries, matching `sampled`.
    pub parameter_names: Vec<String>,
    /// Per draw, the value of each uncertain parameter entry (draw-major).
    pub sampled: Vec<f64>,
    /// Per draw x year x role-region x metric.
    pub records: Vec<f64>,
}

impl Projection {
    /// Number of role x region pairs.
    pub fn n_role_regions(&self) -> usize {
        self.roles.len() * crate::taxonomy::N_REGIONS
    }

    /// Values per draw.
    pub fn per_draw(&self) -> usize {
        self.years.len() * self.n_role_regions() * self.metrics.len()
    }

    /// The record of one draw.
    pub fn draw(&self, d: usize) -> &[f64] {
        let n = self.per_draw();
        &self.records[d * n..(d + 1) * n]
    }

    /// Metric `metric` (index into `metrics`) of draw `d`, year index `y`, role-region `rr`.
    pub fn value(&self, d: usize, y: usize, rr: usize, metric: usize) -> f64 {
        self.draw(d)[(y * self.n_role_regions() + rr) * self.metrics.len() + metric]
    }

    /// Index of a metric by name.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m == name)
    }
}

/// Runs every draw of `scenario` on `baseline` in the current rayon pool. `progress` is
/// called once per finished draw (from any thread). The result does not depend on the
/// number of threads: draw i always uses the streams derived from (seed, i).
pub fn run_monte_carlo(
    scenario: &Scenario,
    baseline: &Baseline,
    progress: &(dyn Fn() + Sync),
) -> Projection {
    let model = CohortModel::new(baseline, scenario);
    let plan = DrawPlan::new(scenario, baseline);
    let per_draw = (model.years() + 1) * model.n_role_regions() * model.stride();
    let draws = scenario.draws as usize;
    let names: Vec<String> = plan
        .uncertain_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let n_params = names.len();
    let mut records = vec![0.0; per_draw * draws];
    // one slot per draw even without uncertain parameters, so the zip below sees every draw
    let mut sampled = vec![0.0; n_params.max(1) * draws];
    records
        .par_chunks_mut(per_draw)
        .zip(sampled.par_chunks_mut(n_params.max(1)))
        .enumerate()
        .for_each_init(Scratch::default, |scratch, (d, (out, params_out))| {
            let params = plan.sample(d as u64);
            params_out[..n_params].copy_from_slice(&params.sampled);
            let mut rng = draw_stream(scenario.seed, d as u64);
            model.run_draw(&params, &mut rng, scratch, out);
            progress();
        });
    sampled.truncate(n_params * draws);
    Projection {
        scenario: scenario.name.clone(),
        method: Method::MonteCarlo,
        years: (scenario.base_year..=scenario.horizon).collect(),
        roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
        metrics: model.metric_names(),
        draws: scenario.draws,
        parameter_names: names,
        sampled,
        records,
    }
}

/// Runs `scenario` by `method`.
pub fn run(
    scenario: &Scenario,
    baseline: &Baseline,
    method: Method,
    progress: &(dyn Fn() + Sync),
) -> Projection {
    match method {
        Method::MonteCarlo => run_monte_carlo(scenario, baseline, progress),
        Method::Expected => {
            let p = crate::expected::run_expected(scenario, baseline);
            progress();
            p
        }
    }
}

/// Bytes of memory a Monte Carlo run of `scenario` keeps for each draw until it is
/// summarised (its records and sampled parameters), so a run too large for the machine can
/// be refused before it starts.
pub fn bytes_per_draw(scenario: &Scenario, baseline: &Baseline) -> u64 {
    let model = CohortModel::new(baseline, scenario);
    let plan = DrawPlan::new(scenario, baseline);
    let records = (model.years() + 1) * model.n_role_regions() * model.stride();
    let sampled = plan.uncertain_names().len().max(1);
    ((records + sampled) * std::mem::size_of::<f64>()) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_per_draw_is_what_a_run_keeps() {
        let baseline = Baseline::embedded().unwrap();
        let mut s = crate::scenario::load_shipped("grow-our-own.toml", &baseline).unwrap();
        s.draws = 3;
        let p = run_monte_carlo(&s, &baseline, &|| {});
        let kept = (p.records.len() + p.sampled.len().max(3)) * std::mem::size_of::<f64>();
        assert_eq!(3 * bytes_per_draw(&s, &baseline), kept as u64);
    }
}
