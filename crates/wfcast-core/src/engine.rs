//! Runs a scenario's draws in parallel and keeps the per-draw records for summaries.

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::cohort::{CohortModel, N_BASE};
use crate::draws::DrawPlan;
use crate::rng::draw_stream;
use crate::scenario::Scenario;

/// The result of running a scenario: every draw's record per year and role x region.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The scenario's name.
    pub scenario: String,
    /// Years covered, base year first.
    pub years: Vec<i32>,
    /// Role ids in order.
    pub roles: Vec<String>,
    /// Number of draws.
    pub draws: u64,
    /// Names of the uncertain parameter entries, matching `sampled`.
    pub parameter_names: Vec<String>,
    /// Per draw, the value of each uncertain parameter entry (draw-major).
    pub sampled: Vec<f64>,
    /// Per draw x year x role-region x base metric (see [`crate::cohort::BASE_METRICS`]).
    pub records: Vec<f64>,
}

impl Projection {
    /// Number of role x region pairs.
    pub fn n_role_regions(&self) -> usize {
        self.roles.len() * crate::taxonomy::N_REGIONS
    }

    /// Values per draw.
    pub fn per_draw(&self) -> usize {
        self.years.len() * self.n_role_regions() * N_BASE
    }

    /// The record of one draw.
    pub fn draw(&self, d: usize) -> &[f64] {
        let n = self.per_draw();
        &self.records[d * n..(d + 1) * n]
    }

    /// Base metric `metric` of draw `d`, year index `y`, role-region `rr`.
    pub fn value(&self, d: usize, y: usize, rr: usize, metric: usize) -> f64 {
        self.draw(d)[(y * self.n_role_regions() + rr) * N_BASE + metric]
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
    let model = CohortModel::new(baseline);
    let plan = DrawPlan::new(scenario, baseline);
    let years = scenario.years();
    let n_rr = model.n_role_regions();
    let per_draw = (years + 1) * n_rr * N_BASE;
    let draws = scenario.draws as usize;
    let names: Vec<String> = plan
        .uncertain_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let n_params = names.len();
    let mut records = vec![0.0; per_draw * draws];
    let mut sampled = vec![0.0; n_params.max(1) * draws];
    records
        .par_chunks_mut(per_draw)
        .zip(sampled.par_chunks_mut(n_params.max(1)))
        .enumerate()
        .for_each_init(Vec::new, |state, (d, (out, params_out))| {
            let params = plan.sample(d as u64);
            if n_params > 0 {
                params_out.copy_from_slice(&params.sampled);
            }
            let mut rng = draw_stream(scenario.seed, d as u64);
            model.run_draw(&params, years, &mut rng, state, out);
            progress();
        });
    sampled.truncate(n_params * draws);
    Projection {
        scenario: scenario.name.clone(),
        years: (scenario.base_year..=scenario.horizon).collect(),
        roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
        draws: scenario.draws,
        parameter_names: names,
        sampled,
        records,
    }
}
