//! Parameter uncertainty: the values of every uncertain parameter in one draw.
//!
//! Each entry of a parameter (e.g. `demand.growth.role.data_scientist`) is drawn once per
//! draw from its own random stream, so its value does not depend on what other parameters
//! exist; draw 0 uses every central value (the principal projection).

use crate::baseline::Baseline;
use crate::param::Param;
use crate::rng::param_stream;
use crate::scenario::{Parameters, Scenario};
use crate::taxonomy::{N_REGIONS, REGIONS};
use crate::uncertain::Uncertain;

/// How one parameter maps onto role x region: its distinct entries and which entry covers
/// each role x region.
#[derive(Debug, Clone)]
struct Plan {
    /// Stream names, e.g. `demand.growth.role.data_scientist`, with the entry's value.
    entries: Vec<(String, Uncertain)>,
    /// For each role x region, the index into `entries`.
    cover: Vec<usize>,
    lo: f64,
    hi: f64,
}

impl Plan {
    fn new(path: &str, param: &Param, baseline: &Baseline) -> Self {
        let (lo, hi) = Parameters::range(path);
        let mut entries: Vec<(String, Uncertain)> = Vec::new();
        let mut cover = Vec::with_capacity(baseline.roles.len() * N_REGIONS);
        for role in &baseline.roles {
            for (region, _) in REGIONS {
                let (key, value) = param
                    .lookup(&role.id, region)
                    .unwrap_or_else(|| ("all".into(), Uncertain::Fixed(0.0)));
                let name = format!("{path}.{key}");
                let idx = entries
                    .iter()
                    .position(|(n, _)| *n == name)
                    .unwrap_or_else(|| {
                        entries.push((name, value));
                        entries.len() - 1
                    });
                cover.push(idx);
            }
        }
        Self {
            entries,
            cover,
            lo,
            hi,
        }
    }
}

/// The sampling plan of a scenario: built once, then used for every draw.
#[derive(Debug, Clone)]
pub struct DrawPlan {
    seed: u64,
    plans: [Plan; 6],
}

/// Every parameter's value in one draw, per role x region.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawParams {
    /// Annual growth of the funded establishment.
    pub growth: Vec<f64>,
    /// Annual share of demand removed by automation.
    pub automation: Vec<f64>,
    /// Multiplier on leaver rates.
    pub leaving: Vec<f64>,
    /// Multiplier on retirement rates.
    pub retirement: Vec<f64>,
    /// Multiplier on promotion rates.
    pub promotion: Vec<f64>,
    /// Share of vacancies filled from outside in a year.
    pub fill_rate: Vec<f64>,
    /// The value of each uncertain entry in this draw, in [`DrawPlan::uncertain_names`] order.
    pub sampled: Vec<f64>,
}

impl DrawPlan {
    /// Builds the plan for `scenario` on `baseline`'s roles.
    pub fn new(scenario: &Scenario, baseline: &Baseline) -> Self {
        let named = scenario.params.named();
        let plans = named.map(|(path, param)| Plan::new(path, param, baseline));
        Self {
            seed: scenario.seed,
            plans,
        }
    }

    /// Names of the entries that are uncertain (not fixed), in a stable order.
    pub fn uncertain_names(&self) -> Vec<&str> {
        self.plans
            .iter()
            .flat_map(|p| {
                p.entries
                    .iter()
                    .filter(|(_, u)| !u.is_fixed())
                    .map(|(n, _)| n.as_str())
            })
            .collect()
    }

    /// The parameter values of draw `draw` (draw 0: every central value).
    pub fn sample(&self, draw: u64) -> DrawParams {
        let mut sampled = Vec::new();
        let values = self.plans.each_ref().map(|plan| {
            let entry_values: Vec<f64> = plan
                .entries
                .iter()
                .map(|(name, u)| {
                    let v = if draw == 0 {
                        u.central().clamp(plan.lo, plan.hi)
                    } else {
                        u.sample(&mut param_stream(self.seed, draw, name), plan.lo, plan.hi)
                    };
                    if !u.is_fixed() {
                        sampled.push(v);
                    }
                    v
                })
                .collect();
            plan.cover
                .iter()
                .map(|&i| entry_values[i])
                .collect::<Vec<f64>>()
        });
        let [
            growth,
            automation,
            leaving,
            retirement,
            promotion,
            fill_rate,
        ] = values;
        DrawParams {
            growth,
            automation,
            leaving,
            retirement,
            promotion,
            fill_rate,
            sampled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn scenario(text: &str) -> (Scenario, Baseline) {
        let b = Baseline::embedded().unwrap();
        (
            Scenario::from_str(Path::new("t.toml"), text, &b).unwrap(),
            b,
        )
    }

    #[test]
    fn draw_zero_is_central_and_overrides_apply() {
        let (s, b) = scenario(
            "[demand.growth]\nall = { normal = [0.05, 0.01] }\nrole.data_scientist = 0.1\n",
        );
        let d = DrawPlan::new(&s, &b).sample(0);
        let ds = b.role_index("data_scientist").unwrap();
        assert_eq!(d.growth[b.role_region(ds, 0)], 0.1);
        assert_eq!(d.growth[b.role_region(0, 0)], 0.05);
    }

    #[test]
    fn a_national_entry_is_one_value_shared_by_all_cells() {
        let (s, b) = scenario("[demand]\ngrowth = { uniform = [0.0, 0.1] }\n");
        let d = DrawPlan::new(&s, &b).sample(7);
        assert!(d.growth.iter().all(|&g| g == d.growth[0]));
        assert_eq!(d.sampled.len(), 1);
        assert_ne!(d.growth[0], 0.05);
    }

    /// Common random numbers: a parameter shared by two scenarios gets the same value in the
    /// same draw, even when the other parameters differ.
    #[test]
    fn shared_parameters_draw_the_same_value_across_scenarios() {
        let (a, b) = scenario(
            "[demand]\ngrowth = { normal = [0.05, 0.01] }\n[leaving]\nmultiplier = { uniform = [0.9, 1.1] }\n",
        );
        let (c, _) = scenario(
            "[demand]\ngrowth = { normal = [0.01, 0.01] }\n[leaving]\nmultiplier = { uniform = [0.9, 1.1] }\n",
        );
        for draw in 1..5 {
            let (x, y) = (
                DrawPlan::new(&a, &b).sample(draw),
                DrawPlan::new(&c, &b).sample(draw),
            );
            assert_eq!(x.leaving, y.leaving);
            assert!((x.growth[0] - y.growth[0] - 0.04).abs() < 1e-12);
        }
    }
}
