//! The search for the least-cost package on the model: every candidate judged on the same
//! draws (common random numbers), then a check of the chosen package on the scenario's own
//! draws. docs/model.md ("Planning") gives the method and its limits.

use super::evaluate::{Evaluation, Evaluator, Outcomes};
use super::file::Plan;
use super::pattern::{Judge, Memo, pattern_search};
use crate::error::Result;
use crate::run::{Projection, run_monte_carlo};

/// How many times a package that fails its check is strengthened by one more step and
/// checked again before the plan is reported as not confirmed.
const CHECK_ATTEMPTS: usize = 4;

/// What a search found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Every candidate evaluated on the search's draws, in the order evaluated; the first
    /// is the planned scenario as it is (every lever at its lowest setting).
    pub candidates: Vec<Evaluation>,
    /// The candidate chosen (an index into `candidates`): the cheapest feasible one, or,
    /// where none is, the one with the highest probability.
    pub chosen: usize,
    /// The chosen package judged on the scenario's own draws and seed, the draws
    /// `wfcast run` of the package file makes.
    pub check: Evaluation,
    /// The planned scenario judged on those same draws.
    pub check_reference: Evaluation,
    /// Whether the check found the chosen package feasible.
    pub feasible: bool,
    /// The projections of the check: the planned scenario, then the package.
    pub projections: (Projection, Projection),
}

/// The model as the search's judge: each package run on the search's draws and judged
/// against the planned scenario on the same draws.
struct ModelJudge<'e, 'a> {
    evaluator: &'e Evaluator<'a>,
    reference: Outcomes,
    best: Option<Evaluation>,
    progress: &'e (dyn Fn(&Evaluation, Option<&Evaluation>) + Sync),
    tick: &'e (dyn Fn() + Sync),
}

impl ModelJudge<'_, '_> {
    fn settings(&self, levels: &[usize]) -> Vec<f64> {
        settings_of(self.evaluator.plan, levels)
    }
}

/// The settings of `plan`'s levers at the indices `levels`.
fn settings_of(plan: &Plan, levels: &[usize]) -> Vec<f64> {
    plan.levers
        .iter()
        .zip(levels)
        .map(|(l, &i)| l.settings[i])
        .collect()
}

impl Judge for ModelJudge<'_, '_> {
    fn tops(&self) -> Vec<usize> {
        self.evaluator
            .plan
            .levers
            .iter()
            .map(|l| l.settings.len() - 1)
            .collect()
    }

    fn fixed_cost(&self, levels: &[usize]) -> f64 {
        let e = self.evaluator;
        e.plan
            .levers
            .iter()
            .zip(self.settings(levels))
            .map(|(l, v)| l.fixed_cost(v, e.planned.horizon, &|y| e.discount(y)))
            .sum()
    }

    fn judge(&mut self, levels: &[usize]) -> Result<Evaluation> {
        let plan = self.evaluator.plan;
        let settings = self.settings(levels);
        // the planned scenario as it is was run on these draws already, as the reference
        let e = if settings.iter().all(|&v| v == 0.0) {
            self.evaluator
                .evaluate(&settings, &self.reference, &self.reference)
        } else {
            let outcomes =
                self.evaluator
                    .run(&settings, plan.search_draws, plan.search_seed, self.tick)?;
            self.evaluator
                .evaluate(&settings, &outcomes, &self.reference)
        };
        if e.feasible(plan.target.probability) && self.best.as_ref().is_none_or(|b| e.cost < b.cost)
        {
            self.best = Some(e.clone());
        }
        (self.progress)(&e, self.best.as_ref());
        Ok(e)
    }
}

/// The most draws of the planned scenario (or a package of it) a search of `plan` projects:
/// the planned scenario and at most `max_candidates` packages on the search's draws, then
/// the planned scenario and up to four packages on the check's `draws`. What the cost
/// preflight weighs before a plan starts.
pub fn most_draws(plan: &Plan, draws: u64) -> u64 {
    (plan.max_candidates + 1)
        .saturating_mul(plan.search_draws)
        .saturating_add((1 + CHECK_ATTEMPTS as u64).saturating_mul(draws))
}

/// Finds the least-cost package of `evaluator`'s plan. `progress` is told of each
/// candidate evaluated and of the cheapest feasible one so far; `tick` is called per draw.
pub fn search(
    evaluator: &Evaluator<'_>,
    progress: &(dyn Fn(&Evaluation, Option<&Evaluation>) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Result<Outcome> {
    let plan = evaluator.plan;
    let need = plan.target.probability;
    let zero = vec![0.0; plan.levers.len()];
    let reference = evaluator.run(&zero, plan.search_draws, plan.search_seed, tick)?;
    let mut judge = ModelJudge {
        evaluator,
        reference,
        best: None,
        progress,
        tick,
    };
    let mut memo = Memo::new(&mut judge, need, plan.max_candidates);
    pattern_search(&mut memo)?;
    // the check: the planned scenario and the package on the scenario's own draws
    let planned = run_monte_carlo(&evaluator.scenario(&zero)?, evaluator.baseline(), tick);
    let reference = evaluator.outcomes(&planned);
    let check = |levels: &[usize]| -> Result<(Evaluation, Projection)> {
        let settings = settings_of(plan, levels);
        let p = run_monte_carlo(&evaluator.scenario(&settings)?, evaluator.baseline(), tick);
        Ok((
            evaluator.evaluate(&settings, &evaluator.outcomes(&p), &reference),
            p,
        ))
    };
    let found = memo.found();
    let mut chosen = found.levels[found.chosen].clone();
    let searched_feasible = found.candidates[found.chosen].feasible(need);
    let (mut evaluation, mut package) = check(&chosen)?;
    // a package chosen on the search's draws may fall short on fresh ones: strengthen it
    // by the best single step and check again
    let mut attempts = 1;
    while !evaluation.feasible(need) && searched_feasible && attempts < CHECK_ATTEMPTS {
        let Some(m) = memo.strengthen(&chosen)? else {
            break;
        };
        (evaluation, package) = check(&m)?;
        chosen = m;
        attempts += 1;
    }
    let found = memo.found();
    let index = found
        .levels
        .iter()
        .position(|l| *l == chosen)
        .unwrap_or(found.chosen);
    let check_reference = evaluator.evaluate(&zero, &reference, &reference);
    Ok(Outcome {
        candidates: found.candidates,
        chosen: index,
        feasible: evaluation.feasible(need),
        check: evaluation,
        check_reference,
        projections: (planned, package),
    })
}
