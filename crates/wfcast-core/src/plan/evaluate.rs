//! Judging one package of lever settings: run its draws, count those that meet the target,
//! and cost it.

use std::path::Path;

use super::file::Plan;
use super::levers::{LeverKind, PlanLever, package_text};
use crate::error::{Error, Location, Result};
use crate::input::Baseline;
use crate::model::{Measure, Metric};
use crate::run::{DrawSet, Projection, Runner};
use crate::scenario::{Chain, Scenario, Scope};

/// The normal quantile of the one-sided 95% bound a package must clear: a plan is called
/// feasible only when the lower bound of its probability is at least the required one.
pub const Z_ONE_SIDED_95: f64 = 1.644_853_626_951_472_2;

/// Draws made at a time: a block's records are all a candidate's run keeps. Large, so the
/// threads share out a search's few hundred draws in one go rather than wait on a last block.
const BLOCK: usize = 1024;

/// What one package of settings achieved on a set of draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Each lever's setting, in the plan's lever order.
    pub settings: Vec<f64>,
    /// Each lever's cost (GBP over the years to the horizon, discounted).
    pub lever_costs: Vec<f64>,
    /// The package's total cost.
    pub cost: f64,
    /// Draws judged: every draw but draw 0, which holds each assumption at its central
    /// value and so is no sample of the uncertainty.
    pub draws: u64,
    /// Of those, the draws meeting the target.
    pub met: u64,
    /// `met / draws`.
    pub probability: f64,
    /// Its Monte Carlo standard error, `sqrt(p (1 - p) / draws)`.
    pub se: f64,
    /// The one-sided 95% Wilson lower bound of the probability.
    pub lower: f64,
    /// How far the target is missed at the required probability: the empirical quantile of
    /// the draws' margins at it (zero or less: met in that share of draws). The search's
    /// measure of progress where no package yet meets the target.
    pub shortfall: f64,
    /// Whether the cost is within the plan's budget (always, without one).
    pub within_budget: bool,
}

impl Evaluation {
    /// Whether the package meets the target with the required probability, sure at 95%
    /// (its lower bound at least `probability`), within the budget.
    pub fn feasible(&self, probability: f64) -> bool {
        self.within_budget && self.lower >= probability
    }
}

/// The one-sided lower bound of a binomial proportion `k / n` at normal quantile `z`
/// (Wilson's score interval, which stays inside 0..1 and is sound at `k = n`).
///
/// ```
/// use wfcast_core::plan::wilson_lower;
/// let lo = wilson_lower(90, 100, 1.96);
/// assert!((lo - 0.8256).abs() < 1e-4, "{lo}");
/// assert!(wilson_lower(100, 100, 1.645) < 1.0);
/// ```
pub fn wilson_lower(k: u64, n: u64, z: f64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - spread) / (1.0 + z2 / n)).max(0.0)
}

/// Per draw, what the costing and the target read from a candidate's run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcomes {
    /// Each draw's margin on the target (zero or less meets it), draw 0 first.
    pub margins: Vec<f64>,
    /// Per lever, per draw: for a premium lever, the pay above the base year's pay rules
    /// (`pay_cost - pay_cost_base_rules`, discounted) of the staff it covers in the years it
    /// is in force; empty for other levers.
    pub rule_pay: Vec<Vec<f64>>,
}

/// Runs and judges candidate packages of one plan.
pub struct Evaluator<'a> {
    /// The plan.
    pub plan: &'a Plan,
    chain: &'a Chain,
    /// The scenario planned for.
    pub planned: &'a Scenario,
    baseline: &'a Baseline,
    extends: String,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `plan`'s packages on `planned` (read as `chain`); the packages'
    /// files extend `extends`. Refuses a plan whose levers at their highest settings make a
    /// scenario the model does not accept.
    pub fn new(
        plan: &'a Plan,
        chain: &'a Chain,
        planned: &'a Scenario,
        baseline: &'a Baseline,
        extends: String,
    ) -> Result<Self> {
        let e = Self {
            plan,
            chain,
            planned,
            baseline,
            extends,
        };
        let top: Vec<f64> = plan
            .levers
            .iter()
            .map(|l| l.settings.last().copied().unwrap_or(0.0))
            .collect();
        e.scenario(&top).map_err(|err| {
            Error::input(
                Location::file(&plan.path),
                format!(
                    "the levers at their highest settings make a scenario wfcast refuses:\n{err}"
                ),
            )
            .with_help("narrow the levers' ranges")
        })?;
        Ok(e)
    }

    /// The baseline data the packages run on.
    pub fn baseline(&self) -> &'a Baseline {
        self.baseline
    }

    /// The yearly discount factor of `year`: 1 in the first projected year.
    pub fn discount(&self, year: i32) -> f64 {
        let t = year - self.planned.base_year - 1;
        (1.0 + self.plan.discount_rate).powi(-t)
    }

    /// The package file's text at `settings`, with `header` as comments, running the
    /// planned scenario's draws and seed.
    pub fn package(&self, settings: &[f64], header: &str) -> String {
        package_text(
            self.planned,
            &self.plan.levers,
            settings,
            &self.extends,
            &self.package_name(),
            &format!(
                "{} with the package of levers `wfcast plan` chose for: {}",
                self.planned.name,
                self.plan.target.describe(self.baseline)
            ),
            (self.planned.draws, self.planned.seed),
            header,
        )
    }

    /// The package scenario's name: the planned one's with the plan's.
    pub fn package_name(&self) -> String {
        format!("{}-plan-{}", self.planned.name, self.plan.name)
    }

    /// The scenario of the package at `settings`, resolved as `wfcast run` resolves its file.
    pub fn scenario(&self, settings: &[f64]) -> Result<Scenario> {
        let text = self.package(settings, "");
        let path = Path::new("package.toml");
        self.chain.extended_by(path, &text, self.baseline)
    }

    /// Appends the per-draw outcomes of `p`'s draws to `out`.
    fn outcomes_of(&self, p: &Projection, out: &mut Outcomes) {
        let slots = (
            p.slot(&Measure::Metric(Metric::PayCost)),
            p.slot(&Measure::Metric(Metric::PayCostBaseRules)),
        );
        // each premium's staff, worked out once for the block
        let scopes: Vec<Option<Scope>> = self
            .plan
            .levers
            .iter()
            .map(|l| (l.kind == LeverKind::Premium).then(|| scope(l, self.baseline)))
            .collect();
        for d in 0..p.draws as usize {
            out.margins.push(self.plan.target.margin(p, d));
            for ((lever, scope), pay) in self.plan.levers.iter().zip(&scopes).zip(&mut out.rule_pay)
            {
                let Some(scope) = scope else {
                    continue;
                };
                let (Some(cost), Some(base)) = slots else {
                    pay.push(0.0);
                    continue;
                };
                let mut sum = 0.0;
                for (y, &year) in p
                    .years
                    .iter()
                    .enumerate()
                    .filter(|(_, y)| **y >= lever.from)
                {
                    let f = self.discount(year);
                    for rr in p
                        .role_regions()
                        .filter(|rr| scope.covers(rr.role(), rr.region()))
                    {
                        sum += f * (p.value(d, y, rr, cost) - p.value(d, y, rr, base));
                    }
                }
                pay.push(sum);
            }
        }
    }

    /// Runs the package at `settings` for `draws` draws from `seed` (in blocks, so memory
    /// stays at one block) and returns its per-draw outcomes. `progress` is called per draw.
    pub fn run(
        &self,
        settings: &[f64],
        draws: u64,
        seed: u64,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Outcomes> {
        let mut s = self.scenario(settings)?;
        s.draws = draws;
        s.seed = seed;
        let runner = Runner::new(&s, self.baseline);
        let mut out = self.empty_outcomes();
        runner.in_blocks(DrawSet::all(draws), BLOCK, progress, |_, block| {
            self.outcomes_of(block, &mut out);
            Ok::<(), Error>(())
        })?;
        Ok(out)
    }

    /// The per-draw outcomes of a whole projection of a package (the final check's).
    pub fn outcomes(&self, p: &Projection) -> Outcomes {
        let mut out = self.empty_outcomes();
        self.outcomes_of(p, &mut out);
        out
    }

    fn empty_outcomes(&self) -> Outcomes {
        Outcomes {
            margins: Vec::new(),
            rule_pay: vec![Vec::new(); self.plan.levers.len()],
        }
    }

    /// Judges the package at `settings` from its `outcomes`, costing each premium against
    /// the planned scenario's `reference` outcomes on the same draws (common random
    /// numbers): its cost is the pay above the base-year rules it adds on its cells.
    pub fn evaluate(
        &self,
        settings: &[f64],
        outcomes: &Outcomes,
        reference: &Outcomes,
    ) -> Evaluation {
        let horizon = self.planned.horizon;
        let counted = outcomes.margins.len().saturating_sub(1);
        let lever_costs: Vec<f64> = self
            .plan
            .levers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let fixed = l.fixed_cost(settings[i], horizon, &|y| self.discount(y));
                if l.kind != LeverKind::Premium || settings[i] == 0.0 || counted == 0 {
                    return fixed;
                }
                let extra: f64 = outcomes.rule_pay[i][1..]
                    .iter()
                    .zip(&reference.rule_pay[i][1..])
                    .map(|(a, b)| a - b)
                    .sum::<f64>()
                    / counted as f64;
                fixed + extra
            })
            .collect();
        let margins = &outcomes.margins[1.min(outcomes.margins.len())..];
        Evaluation::new(
            settings.to_vec(),
            lever_costs,
            margins,
            self.plan.target.probability,
            self.plan.budget,
        )
    }
}

impl Evaluation {
    /// Judges a package from the margins of its draws (zero or less meets the target; draw
    /// 0 already left out) and its costs, against the required `probability` and `budget`.
    ///
    /// ```
    /// use wfcast_core::plan::Evaluation;
    /// let e = Evaluation::new(vec![1.0], vec![5.0], &[-1.0, 2.0, -0.5, 0.0], 0.5, None);
    /// assert_eq!((e.met, e.draws, e.probability), (3, 4, 0.75));
    /// assert_eq!(e.shortfall, -0.5, "the second smallest of four margins");
    /// ```
    pub fn new(
        settings: Vec<f64>,
        lever_costs: Vec<f64>,
        margins: &[f64],
        probability: f64,
        budget: Option<f64>,
    ) -> Self {
        let cost: f64 = lever_costs.iter().sum();
        let met = margins.iter().filter(|m| **m <= 0.0).count() as u64;
        let n = margins.len() as u64;
        let p = if n == 0 { 0.0 } else { met as f64 / n as f64 };
        let mut sorted = margins.to_vec();
        sorted.sort_by(f64::total_cmp);
        let k = ((probability * n as f64).ceil() as usize).clamp(1, n.max(1) as usize);
        Self {
            settings,
            lever_costs,
            cost,
            draws: n,
            met,
            probability: p,
            se: if n == 0 {
                0.0
            } else {
                (p * (1.0 - p) / n as f64).sqrt()
            },
            lower: wilson_lower(met, n, Z_ONE_SIDED_95),
            shortfall: sorted.get(k - 1).copied().unwrap_or(f64::INFINITY),
            within_budget: budget.is_none_or(|b| cost <= b),
        }
    }
}

/// The roles and regions `lever` covers, as the scenario's levers give them (`None`: all).
fn scope(lever: &PlanLever, baseline: &Baseline) -> Scope {
    let some = |v: Vec<usize>| (!v.is_empty()).then_some(v);
    Scope {
        roles: some(
            lever
                .roles
                .iter()
                .filter_map(|r| baseline.role_index(r))
                .collect(),
        ),
        regions: some(
            lever
                .regions
                .iter()
                .filter_map(|r| baseline.geography.find(r))
                .flat_map(|node| baseline.geography.members(node).iter().copied())
                .collect(),
        ),
    }
}
