//! The cohort model: staff in post by role, region, band and age, plus trainees on each
//! supply route's course, stepped one year at a time. docs/model.md describes it, formulas
//! included; this module is its code, split by phase:
//! - [`rates`](self) leaving, retirement and band moves, and the labour market's year rates;
//! - `pay`: basic pay, employer cost and market pressure;
//! - `policy`: premiums, retention, international drives and programmes per year;
//! - `routes`: supply and upskilling routes and the course shift register;
//! - `moves`: role and region moves;
//! - `labour`: the candidate pool and the matching step that fills open posts;
//! - `step`: one year's step, in order, written once for both realisations;
//! - `sampled` and `expected`: the step realised as integer draws (Monte Carlo) or as
//!   expected values (the matrix engine);
//! - `draws`: the values of every uncertain number in one draw;
//! - `metrics`: what is recorded.
//!
//! [`CohortModel`] holds what does not change between draws.

mod count;
mod draws;
mod expected;
mod labour;
mod metrics;
mod moves;
mod pay;
mod policy;
mod rates;
mod routes;
mod sampled;
mod step;

use rand_distr::weighted::WeightedAliasIndex;

use crate::input::Baseline;
use crate::scenario::Scenario;
use crate::taxonomy::{CELLS, Cell, N_SKILL_LEVELS, RoleRegion};

pub use draws::{DrawParams, DrawPlan, YearEffect};
pub(crate) use expected::run_expected;
pub use metrics::{Kind, Layout, Measure, Metric, RouteMetric, SkillMetric, Unit};
pub use pay::{PENSION, employer_cost, hcas, national_insurance};
pub use rates::competing;
pub use sampled::DrawBuffers;

use labour::Labour;
use moves::Moves;
use pay::Pay;
use policy::PolicyTables;
use rates::Rates;
use routes::{Route, Upskill};

/// Everything about a scenario on a baseline that does not change between draws, laid out
/// once for fast stepping.
#[derive(Debug, Clone)]
pub struct CohortModel<'a> {
    baseline: &'a Baseline,
    base_year: i32,
    years: usize,
    rates: Rates,
    labour: Labour,
    /// Share of a role's hires joining each band x age cell.
    hire_mix: Vec<[f64; CELLS]>,
    /// Per role: the same shares as an alias table, to place each hire with O(1) work.
    hire_alias: Vec<Option<WeightedAliasIndex<f64>>>,
    /// Establishment (WTE) per role x region in the base year as the data count it (each
    /// draw counts its own with its `[baseline]` multipliers, `step::project`); it sizes
    /// the model and shares programmes between pairs.
    demand0: Vec<f64>,
    pay: Pay,
    policy: PolicyTables,
    /// Supply routes in name order.
    routes: Vec<Route>,
    /// Upskilling routes in name order.
    upskilling: Vec<Upskill>,
    moves: Moves,
    layout: Layout,
    /// Per role x region, with skill levels: the base year's share of its WTE at each level,
    /// which splits its establishment by level in every year.
    skill_share: Vec<[f64; N_SKILL_LEVELS]>,
}

impl<'a> CohortModel<'a> {
    /// Lays out the baseline's rates and the scenario's routes and levers.
    pub fn new(baseline: &'a Baseline, scenario: &Scenario) -> Self {
        let n_roles = baseline.roles.len();
        let years = scenario.years();
        let spec = &scenario.spec;
        let hire_mix: Vec<[f64; CELLS]> =
            (0..n_roles).map(|r| rates::hire_mix(baseline, r)).collect();
        let hire_alias = hire_mix
            .iter()
            .map(|mix| WeightedAliasIndex::new(mix.to_vec()).ok())
            .collect();
        let wte = baseline.wte_by_role_region();
        let demand0: Vec<f64> = wte
            .iter()
            .zip(&baseline.vacancies_wte)
            .map(|(w, v)| w + v)
            .collect();
        let total_wte: f64 = wte.iter().sum();
        let n_places = baseline.n_places();
        let workforce: Vec<f64> = (0..n_places)
            .map(|g| {
                let hc: f64 = (0..n_roles)
                    .map(|r| wte[RoleRegion::new(r, g, n_places).index()])
                    .sum();
                hc / total_wte.max(1.0)
            })
            .collect();
        let changes = &spec.levers.intake;
        let routes: Vec<Route> = spec
            .routes
            .iter()
            .map(|r| Route::new(r, n_roles, &workforce, changes, scenario.base_year, years))
            .collect();
        let upskilling: Vec<Upskill> = spec
            .upskilling
            .iter()
            .map(|u| Upskill::new(u, n_roles, &workforce, changes, scenario.base_year, years))
            .collect();
        let layout = Layout::new(
            routes.iter().map(|r| r.name.clone()).collect(),
            upskilling.iter().map(|u| u.name.clone()).collect(),
            scenario.skill_levels,
        );
        let rates = Rates::new(baseline, &spec.band_rows);
        let skill_share = if scenario.skill_levels {
            skill_shares(baseline)
        } else {
            Vec::new()
        };
        Self {
            baseline,
            base_year: scenario.base_year,
            years,
            labour: Labour::new(baseline),
            rates,
            hire_mix,
            hire_alias,
            pay: Pay::new(baseline, &wte),
            policy: PolicyTables::new(
                &spec.levers,
                &spec.programmes,
                scenario.base_year,
                years,
                &demand0,
                n_places,
            ),
            demand0,
            routes,
            upskilling,
            moves: Moves::new(&spec.role_moves, n_roles, &workforce),
            layout,
            skill_share,
        }
    }

    /// The baseline this model steps.
    pub fn baseline(&self) -> &Baseline {
        self.baseline
    }

    /// Number of role x region pairs.
    pub fn n_role_regions(&self) -> usize {
        self.demand0.len()
    }

    /// Number of places the model projects.
    pub fn n_places(&self) -> usize {
        self.baseline.n_places()
    }

    /// Every role x place pair, in array order.
    pub fn pairs(&self) -> impl Iterator<Item = RoleRegion> + Clone + use<> {
        RoleRegion::all(self.baseline.roles.len(), self.n_places())
    }

    /// Years projected after the base year.
    pub fn years(&self) -> usize {
        self.years
    }

    /// Where each measure sits in a role x region's record.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Values one draw records: years (base year included) x role-regions x measures.
    pub fn values_per_draw(&self) -> usize {
        (self.years + 1) * self.n_role_regions() * self.layout.stride()
    }
}

/// Per role x place, the base year's share of its WTE at each skill level. A pair with no
/// staff takes its role's national shares, and a role with none the level of band 5 (the
/// band most roles' posts start at), so every pair's shares sum to 1.
fn skill_shares(baseline: &Baseline) -> Vec<[f64; N_SKILL_LEVELS]> {
    let n_places = baseline.n_places();
    let mut pair = vec![[0.0; N_SKILL_LEVELS]; baseline.n_role_regions()];
    for rr in RoleRegion::all(baseline.roles.len(), n_places) {
        let levels = &baseline.skill_level[rr.role()];
        for cell in Cell::all() {
            let i = rr.cell(cell);
            pair[rr.index()][levels[cell.band()]] +=
                f64::from(baseline.headcount[i]) * baseline.fte[i];
        }
    }
    let normalised = |w: [f64; N_SKILL_LEVELS]| {
        let total: f64 = w.iter().sum();
        (total > 0.0).then(|| w.map(|x| x / total))
    };
    let national: Vec<Option<[f64; N_SKILL_LEVELS]>> = (0..baseline.roles.len())
        .map(|r| {
            let mut sum = [0.0; N_SKILL_LEVELS];
            for g in 0..n_places {
                for (s, x) in sum
                    .iter_mut()
                    .zip(pair[RoleRegion::new(r, g, n_places).index()])
                {
                    *s += x;
                }
            }
            normalised(sum)
        })
        .collect();
    let band5 = crate::taxonomy::band_index("5").unwrap_or(0);
    pair.iter()
        .enumerate()
        .map(|(i, &w)| {
            let role = RoleRegion::from_index(i, n_places).role();
            normalised(w).or(national[role]).unwrap_or_else(|| {
                let mut one = [0.0; N_SKILL_LEVELS];
                one[baseline.skill_level[role][band5]] = 1.0;
                one
            })
        })
        .collect()
}
