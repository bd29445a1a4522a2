//! Parameter uncertainty: the values of every uncertain number in one draw.
//!
//! Each entry of a parameter (e.g. `demand.growth.role.data_scientist`), each pipeline
//! number and each programme size is drawn once per draw from its own random stream, so
//! its value does not depend on what else the scenario contains (common random numbers
//! across scenarios); draw 0 uses every central value (the principal projection).

use crate::input::Baseline;
use rand_distr::{Distribution, StandardNormal};

use crate::rng::param_stream;
use crate::scenario::limits::{INTAKE, Limit, PLACES, PROGRAMME_WTE, SHARE};
use crate::scenario::{Copula, Param, ParamId, RULES, Scenario, Uncertain};
use crate::taxonomy::RoleRegion;

/// One uncertain number of a scenario with the stream it is drawn from.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    value: Uncertain,
    lo: f64,
    hi: f64,
}

impl Entry {
    fn draw(&self, seed: u64, draw: u64) -> f64 {
        if draw == 0 {
            self.value.central().clamp(self.lo, self.hi)
        } else {
            self.value
                .sample(&mut param_stream(seed, draw, &self.name), self.lo, self.hi)
        }
    }
}

/// How one parameter maps onto role x region: its distinct entries and which entry covers
/// each role x region.
#[derive(Debug, Clone)]
struct Plan {
    entries: Vec<Entry>,
    cover: Vec<usize>,
}

impl Plan {
    fn new(path: &str, param: &Param, default: f64, lo: f64, hi: f64, baseline: &Baseline) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        let mut cover = Vec::with_capacity(baseline.n_role_regions());
        let chains = baseline.geography.chains();
        for role in &baseline.roles {
            for chain in &chains {
                let (key, value) = param
                    .lookup_within(&role.id, chain)
                    .unwrap_or_else(|| ("all".into(), Uncertain::Fixed(default)));
                let name = format!("{path}.{key}");
                let idx = entries
                    .iter()
                    .position(|e| e.name == name)
                    .unwrap_or_else(|| {
                        entries.push(Entry {
                            name,
                            value,
                            lo,
                            hi,
                        });
                        entries.len() - 1
                    });
                cover.push(idx);
            }
        }
        Self { entries, cover }
    }
}

/// The sampling plan of a scenario: built once, then used for every draw.
#[derive(Debug, Clone)]
pub struct DrawPlan {
    seed: u64,
    plans: Vec<Plan>,
    /// Per pipeline route (in name order): intake, completion, retention.
    routes: Vec<[Entry; 3]>,
    programmes: Vec<Entry>,
    role_moves: Vec<Entry>,
    /// Per upskilling route (in name order): places, completion.
    upskilling: Vec<[Entry; 2]>,
    /// The calendar years projected, whose year-to-year effects a draw takes.
    years: std::ops::RangeInclusive<i32>,
    /// Role ids, for the roles' own year-to-year effects.
    roles: Vec<String>,
    /// The Gaussian copula of the correlated entries, if the scenario has any, with those
    /// entries in the copula's order.
    copula: Option<(Copula, Vec<Entry>)>,
}

/// A draw's year-to-year effects in one year: standard normal shocks, shared by every role
/// and region, that the scenario's `*_year_sd` parameters scale. Zero in draw 0 and in the
/// expected-value projection (their central value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearEffect {
    /// The national shock to demand growth (times `demand.growth_year_sd`).
    pub growth: f64,
    /// Each role's own shock to its demand growth (times `demand.growth_role_year_sd`), by
    /// role index.
    pub growth_role: Vec<f64>,
    /// The shock to leaving (times `leaving.year_sd`, on the log scale).
    pub leaving: f64,
    /// The shock to the matching of candidates to posts (times `recruitment.fill_year_sd`,
    /// on the log scale).
    pub fill: f64,
}

impl YearEffect {
    /// The effects of `year` in `draw`: each drawn from its own stream, named by what it
    /// moves and the calendar year, so two scenarios share them draw by draw (common random
    /// numbers) and adding a year or a scenario entry changes no other value.
    fn draw(seed: u64, draw: u64, year: i32, roles: &[String]) -> Self {
        if draw == 0 {
            return Self {
                growth_role: vec![0.0; roles.len()],
                ..Self::default()
            };
        }
        let z = |what: &str| {
            StandardNormal.sample(&mut param_stream(
                seed,
                draw,
                &format!("year_effect.{what}.{year}"),
            ))
        };
        Self {
            growth: z("demand.growth"),
            growth_role: roles
                .iter()
                .map(|r| z(&format!("demand.growth.{r}")))
                .collect(),
            leaving: z("leaving"),
            fill: z("recruitment.fill"),
        }
    }
}

/// Every uncertain number's value in one draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawParams {
    /// Per parameter (in [`RULES`] order), the value per role x region.
    pub values: Vec<Vec<f64>>,
    /// Per pipeline route (in name order): national intake, completion, retention.
    pub routes: Vec<[f64; 3]>,
    /// Per programme (in file order): WTE added.
    pub programmes: Vec<f64>,
    /// Per role move (in file order): annual probability.
    pub role_moves: Vec<f64>,
    /// Per upskilling route (in name order): national places, completion.
    pub upskilling: Vec<[f64; 2]>,
    /// The value of each uncertain entry in this draw, in [`DrawPlan::uncertain_names`] order.
    pub sampled: Vec<f64>,
    /// Per year index (0 = the base year, no effect), the year-to-year effects.
    pub year_effects: Vec<YearEffect>,
}

impl DrawParams {
    /// The value of parameter `id` for role x region `rr`.
    pub fn get(&self, id: ParamId, rr: RoleRegion) -> f64 {
        self.values[id as usize][rr.index()]
    }
}

impl DrawPlan {
    /// Builds the plan for `scenario` on `baseline`'s roles.
    pub fn new(scenario: &Scenario, baseline: &Baseline) -> Self {
        let plans = RULES
            .iter()
            .zip(&scenario.params.values)
            .map(|(r, p)| Plan::new(r.path, p, r.default, r.lo, r.hi, baseline))
            .collect();
        let entry = |name: String, value: Uncertain, Limit { lo, hi }: Limit| Entry {
            name,
            value,
            lo,
            hi,
        };
        let spec = &scenario.spec;
        let routes = spec
            .routes
            .iter()
            .map(|r| {
                let name = |what: &str| format!("pipelines.{}.{what}", r.name);
                [
                    entry(name("intake"), r.intake, INTAKE),
                    entry(name("completion"), r.completion, SHARE),
                    entry(name("retention"), r.retention, SHARE),
                ]
            })
            .collect();
        let programmes = spec
            .programmes
            .iter()
            .map(|p| entry(format!("demand.programme.{}", p.name), p.wte, PROGRAMME_WTE))
            .collect();
        let role_moves = spec
            .role_moves
            .iter()
            .map(|m| entry(m.name.clone(), m.rate, SHARE))
            .collect();
        let upskilling = spec
            .upskilling
            .iter()
            .map(|u| {
                let name = |what: &str| format!("upskilling.{}.{what}", u.name);
                [
                    entry(name("places"), u.places, PLACES),
                    entry(name("completion"), u.completion, SHARE),
                ]
            })
            .collect();
        let mut plan = Self {
            seed: scenario.seed,
            copula: None,
            years: scenario.base_year..=scenario.horizon,
            roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
            plans,
            routes,
            programmes,
            role_moves,
            upskilling,
        };
        // checked when the scenario was read, so it always factorises here
        plan.copula = Copula::new(&spec.correlations).ok().flatten().map(|c| {
            let entries = c
                .names
                .iter()
                .filter_map(|n| plan.all_entries().find(|e| e.name == *n).cloned())
                .collect();
            (c, entries)
        });
        plan
    }

    fn all_entries(&self) -> impl Iterator<Item = &Entry> {
        self.plans
            .iter()
            .flat_map(|p| p.entries.iter())
            .chain(self.routes.iter().flatten())
            .chain(&self.programmes)
            .chain(&self.role_moves)
            .chain(self.upskilling.iter().flatten())
    }

    /// Names of the entries that are uncertain (not fixed), in a stable order.
    pub fn uncertain_names(&self) -> Vec<&str> {
        self.all_entries()
            .filter(|e| !e.value.is_fixed())
            .map(|e| e.name.as_str())
            .collect()
    }

    /// The correlated entries' values in `draw` (none in draw 0, where each is central):
    /// each entry's own stream gives a standard normal, the copula correlates them, and each
    /// entry takes its distribution's quantile at the normal cdf of its score.
    fn correlated(&self, draw: u64) -> Vec<(&str, f64)> {
        let Some((copula, entries)) = self.copula.as_ref().filter(|_| draw > 0) else {
            return Vec::new();
        };
        let e: Vec<f64> = entries
            .iter()
            .map(|x| StandardNormal.sample(&mut param_stream(self.seed, draw, &x.name)))
            .collect();
        let normal = statrs::distribution::Normal::standard();
        copula
            .correlate(&e)
            .into_iter()
            .zip(entries)
            .map(|(z, x)| {
                let u = statrs::distribution::ContinuousCDF::cdf(&normal, z);
                (x.name.as_str(), x.value.quantile(u, x.lo, x.hi))
            })
            .collect()
    }

    /// The values of draw `draw` (draw 0: every central value). Each entry is drawn once;
    /// `sampled` collects the uncertain ones in [`DrawPlan::uncertain_names`] order.
    pub fn sample(&self, draw: u64) -> DrawParams {
        let correlated = self.correlated(draw);
        let mut sampled = Vec::new();
        let mut take = |e: &Entry| {
            let v = correlated
                .iter()
                .find(|(name, _)| *name == e.name)
                .map_or_else(|| e.draw(self.seed, draw), |(_, v)| *v);
            if !e.value.is_fixed() {
                sampled.push(v);
            }
            v
        };
        let values = self
            .plans
            .iter()
            .map(|plan| {
                let v: Vec<f64> = plan.entries.iter().map(&mut take).collect();
                plan.cover.iter().map(|&i| v[i]).collect()
            })
            .collect();
        let routes = self
            .routes
            .iter()
            .map(|r| r.each_ref().map(&mut take))
            .collect();
        let programmes = self.programmes.iter().map(&mut take).collect();
        let role_moves = self.role_moves.iter().map(&mut take).collect();
        let upskilling = self
            .upskilling
            .iter()
            .map(|u| u.each_ref().map(&mut take))
            .collect();
        let year_effects = self
            .years
            .clone()
            .enumerate()
            .map(|(t, year)| {
                // the base year is the data: no effect
                YearEffect::draw(self.seed, if t == 0 { 0 } else { draw }, year, &self.roles)
            })
            .collect();
        DrawParams {
            values,
            routes,
            programmes,
            role_moves,
            upskilling,
            sampled,
            year_effects,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

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
        assert_eq!(
            d.get(ParamId::Growth, RoleRegion::new(ds, 0, b.n_places())),
            0.1
        );
        assert_eq!(
            d.get(ParamId::Growth, RoleRegion::new(0, 0, b.n_places())),
            0.05
        );
        assert_eq!(
            d.get(ParamId::Leaving, RoleRegion::new(0, 0, b.n_places())),
            1.0,
            "default"
        );
    }

    #[test]
    fn a_national_entry_is_one_value_shared_by_all_cells() {
        let (s, b) = scenario("[demand]\ngrowth = { uniform = [0.0, 0.1] }\n");
        let d = DrawPlan::new(&s, &b).sample(7);
        let g = &d.values[ParamId::Growth as usize];
        assert!(g.iter().all(|&x| x == g[0]));
        assert_eq!(d.sampled.len(), 1);
        assert_ne!(g[0], 0.05);
    }

    /// Common random numbers: a parameter shared by two scenarios gets the same value in the
    /// same draw, even when the other parameters differ.
    #[test]
    fn shared_parameters_draw_the_same_value_across_scenarios() {
        let (a, b) = scenario(
            "[demand]\ngrowth = { normal = [0.05, 0.01] }\n[leaving]\nmultiplier = { uniform = [0.9, 1.1] }\n",
        );
        let (c, _) = scenario(
            "[demand]\ngrowth = { normal = [0.01, 0.01] }\n[leaving]\nmultiplier = { uniform = [0.9, 1.1] }\n[recruitment]\nreturn_rate = { beta = [2, 50] }\n",
        );
        for draw in 1..5 {
            let (x, y) = (
                DrawPlan::new(&a, &b).sample(draw),
                DrawPlan::new(&c, &b).sample(draw),
            );
            assert_eq!(
                x.values[ParamId::Leaving as usize],
                y.values[ParamId::Leaving as usize]
            );
            assert!(
                (x.get(ParamId::Growth, RoleRegion::new(0, 0, b.n_places()))
                    - y.get(ParamId::Growth, RoleRegion::new(0, 0, b.n_places()))
                    - 0.04)
                    .abs()
                    < 1e-12
            );
        }
    }

    /// The scenario names its uncertain entries (to check `[[correlation]]`) exactly as the
    /// sampling plan does.
    #[test]
    fn the_scenario_and_the_plan_name_the_same_entries() {
        let b = Baseline::embedded().unwrap();
        for name in ["data-driven", "investment-stalls", "grow-our-own"] {
            let s = crate::scenario::load_shipped(name, &b).unwrap();
            let plan = DrawPlan::new(&s, &b);
            assert_eq!(
                crate::scenario::uncertain_names(&s.params, &s.spec, &b),
                plan.uncertain_names(),
                "{name}"
            );
        }
    }
}
