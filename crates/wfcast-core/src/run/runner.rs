//! Making draws: every Monte Carlo draw in parallel, block by block when a run is too large
//! to keep, or the expected-value projection.

use rayon::prelude::*;

use super::projection::{Method, Projection};
use crate::input::Baseline;
use crate::model::{CohortModel, DrawBuffers, DrawPlan, run_expected};
use crate::rng::draw_stream;
use crate::scenario::Scenario;

/// Which draws a run makes: `first`, `first + step`, `first + 2 step`, ... below `total`.
///
/// A whole run is `DrawSet::all(draws)`; shard K of N (`--shard K/N`) is
/// `DrawSet::shard(draws, K, N)`. Draw i always uses the random streams of (seed, i), so a
/// draw's values do not depend on which shard runs it.
///
/// ```
/// use wfcast_core::run::DrawSet;
/// let shard = DrawSet::shard(10, 1, 4);
/// assert_eq!(shard.indices().collect::<Vec<_>>(), vec![1, 5, 9]);
/// assert_eq!(DrawSet::all(3).len(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawSet {
    /// The first draw.
    pub first: u64,
    /// The distance between draws (the number of shards).
    pub step: u64,
    /// The number of draws of the whole run.
    pub total: u64,
}

impl DrawSet {
    /// Every draw of a run of `total` draws.
    pub fn all(total: u64) -> Self {
        Self {
            first: 0,
            step: 1,
            total,
        }
    }

    /// Shard `k` (counted from 0) of `n`: draws k, k + n, k + 2n, ...
    pub fn shard(total: u64, k: u64, n: u64) -> Self {
        Self {
            first: k,
            step: n.max(1),
            total,
        }
    }

    /// How many draws the set holds.
    pub fn len(&self) -> u64 {
        self.total.saturating_sub(self.first).div_ceil(self.step)
    }

    /// Whether the set holds no draw.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The draw indices, in order.
    pub fn indices(&self) -> impl Iterator<Item = u64> + use<> {
        (self.first..self.total).step_by(self.step as usize)
    }
}

/// A run's engine, ready to make draws: the cohort model and the parameter plan.
pub struct Runner<'a> {
    scenario: &'a Scenario,
    model: CohortModel<'a>,
    plan: DrawPlan,
}

impl<'a> Runner<'a> {
    /// Prepares `scenario` on `baseline`.
    pub fn new(scenario: &'a Scenario, baseline: &'a Baseline) -> Self {
        Self {
            scenario,
            model: CohortModel::new(baseline, scenario),
            plan: DrawPlan::new(scenario, baseline),
        }
    }

    /// Values one draw records (years x role-regions x metrics).
    pub fn per_draw(&self) -> usize {
        self.model.values_per_draw()
    }

    /// Names of the uncertain parameter entries, in the order draws sample them.
    pub fn parameter_names(&self) -> Vec<String> {
        self.plan
            .uncertain_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// An empty projection of this scenario with room for `draws` draws: what a run's
    /// records are appended to.
    pub fn projection(&self, draws: u64) -> Projection {
        let s = self.scenario;
        Projection {
            scenario: s.name.clone(),
            method: Method::MonteCarlo,
            years: (s.base_year..=s.horizon).collect(),
            roles: self
                .model
                .baseline()
                .roles
                .iter()
                .map(|r| r.id.clone())
                .collect(),
            geography: self.model.baseline().geography.clone(),
            metrics: self.model.layout().measures(),
            draws: 0,
            parameter_names: self.parameter_names(),
            sampled: Vec::new(),
            records: Vec::with_capacity(self.per_draw() * draws as usize),
        }
    }

    /// Makes the draws `indices` in parallel (in the current rayon pool) and appends them,
    /// in the order given, to `out`. `progress` is called once per finished draw.
    pub fn append(&self, indices: &[u64], out: &mut Projection, progress: &(dyn Fn() + Sync)) {
        let per_draw = self.per_draw();
        let n_params = out.parameter_names.len();
        let start = out.records.len();
        out.records.resize(start + per_draw * indices.len(), 0.0);
        // one slot per draw even without uncertain parameters, so the zip sees every draw
        let slots = n_params.max(1);
        let mut sampled = vec![0.0; slots * indices.len()];
        let seed = self.scenario.seed;
        out.records[start..]
            .par_chunks_mut(per_draw)
            .zip(sampled.par_chunks_mut(slots))
            .zip(indices.par_iter())
            .for_each_init(
                DrawBuffers::default,
                |scratch, ((record, params_out), &d)| {
                    let params = self.plan.sample(d);
                    params_out[..n_params].copy_from_slice(&params.sampled);
                    let mut rng = draw_stream(seed, d);
                    self.model.run_draw(&params, &mut rng, scratch, record);
                    progress();
                },
            );
        out.sampled
            .extend(sampled.chunks_exact(slots).flat_map(|c| &c[..n_params]));
        out.draws += indices.len() as u64;
    }

    /// Makes the draws of `set` block by block, in order, handing each block (a projection
    /// of at most `block` consecutive draws of the set) to `sink`. Memory stays at one
    /// block however many draws are made; results do not depend on `block` or the thread
    /// count.
    pub fn in_blocks<E>(
        &self,
        set: DrawSet,
        block: usize,
        progress: &(dyn Fn() + Sync),
        mut sink: impl FnMut(&[u64], &Projection) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let indices: Vec<u64> = set.indices().collect();
        let mut buffer = self.projection(block.min(indices.len()) as u64);
        for chunk in indices.chunks(block.max(1)) {
            buffer.clear();
            self.append(chunk, &mut buffer, progress);
            sink(chunk, &buffer)?;
        }
        Ok(())
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
    let runner = Runner::new(scenario, baseline);
    let mut p = runner.projection(scenario.draws);
    let indices: Vec<u64> = DrawSet::all(scenario.draws).indices().collect();
    runner.append(&indices, &mut p, progress);
    p
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
            let runner = Runner::new(scenario, baseline);
            let records = run_expected(&runner.model, &runner.plan);
            progress();
            Projection {
                method: Method::Expected,
                draws: 1,
                parameter_names: Vec::new(),
                records,
                ..runner.projection(0)
            }
        }
    }
}

/// Bytes of memory a Monte Carlo run of `scenario` keeps for each draw until it is
/// summarised (its records and sampled parameters), so a run too large for the machine can
/// be refused before it starts.
pub fn bytes_per_draw(scenario: &Scenario, baseline: &Baseline) -> u64 {
    let runner = Runner::new(scenario, baseline);
    let sampled = runner.parameter_names().len();
    ((runner.per_draw() + sampled) * std::mem::size_of::<f64>()) as u64
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
        let kept = (p.records.len() + p.sampled.len()) * std::mem::size_of::<f64>();
        assert_eq!(3 * bytes_per_draw(&s, &baseline), kept as u64);
    }
}
