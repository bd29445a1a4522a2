//! The cohort model: staff in post by role, region, band and age, plus trainees in each
//! pipeline, stepped one year at a time in the order of DESIGN.md — leaving and
//! retirement, band moves, role and region moves, ageing, pipelines, upskilling, returners,
//! demand, recruitment — with every flow an integer draw (process noise). Ageing is drawn
//! together with leaving and band moves (person by person in small cells): role and region
//! moves do not depend on band or age, so drawing it before them leaves the distribution as
//! DESIGN.md's order gives it, for one random number per person instead of several.
//!
//! [`CohortModel`] holds what does not change between draws; [`YearRates`] what a draw's
//! parameters and the policy levers give for one year. The expected-value engine
//! (`crate::expected`) uses the same two, so both engines run the same model.

use rand::Rng;
use rand_distr::Distribution;
use rand_distr::weighted::WeightedAliasIndex;

use crate::band_matrix::row_moves;
use crate::baseline::Baseline;
use crate::draws::DrawParams;
use crate::levers::covers;
use crate::rng::{SMALL_N, binomial};
use crate::scenario::{ParamId, Scenario};
use crate::taxonomy::{
    AGEING_RATE, BANDS, HCAS, N_AGES, N_BANDS, N_REGIONS, REGIONS, age_index, band_index,
};

/// Cells per role x region (band x age).
pub const CELLS: usize = N_BANDS * N_AGES;

/// Metrics recorded per role x region and year before any supply route's own metrics.
pub const FIXED_METRICS: [&str; 15] = [
    "headcount",
    "wte",
    "demand_wte",
    "leavers",
    "retirements",
    "joiners",
    "promotions",
    "pay_cost",
    "required_recruitment",
    "joiners_external",
    "joiners_international",
    "joiners_returners",
    "moves_in",
    "moves_out",
    "demotions",
];

/// Position of each fixed metric in a record.
pub mod m {
    /// Staff in post at the end of the year.
    pub const HEADCOUNT: usize = 0;
    /// Whole-time equivalent of the staff in post.
    pub const WTE: usize = 1;
    /// Funded establishment (WTE).
    pub const DEMAND: usize = 2;
    /// Leavers (not retirement) over the year.
    pub const LEAVERS: usize = 3;
    /// Retirements over the year.
    pub const RETIREMENTS: usize = 4;
    /// Joiners from every route over the year.
    pub const JOINERS: usize = 5;
    /// Promotions over the year.
    pub const PROMOTIONS: usize = 6;
    /// Employer pay cost (GBP, 2024/25 prices) of the staff in post at the end of the year.
    pub const PAY_COST: usize = 7;
    /// External hires needed to close the gap to demand after the other flows.
    pub const REQUIRED: usize = 8;
    /// Hires from the domestic labour market.
    pub const EXTERNAL: usize = 9;
    /// Hires from abroad.
    pub const INTERNATIONAL: usize = 10;
    /// Former staff who came back.
    pub const RETURNERS: usize = 11;
    /// Staff who moved in from another role or region.
    pub const MOVES_IN: usize = 12;
    /// Staff who moved out to another role or region.
    pub const MOVES_OUT: usize = 13;
    /// Moves down a band (given by an explicit band transition matrix) over the year.
    pub const DEMOTIONS: usize = 14;
}

/// Employer pension contribution (NHS Pension Scheme, 20.68% of pay).
const PENSION: f64 = 0.2068;
/// Employer National Insurance: 15% of pay above the secondary threshold of £5,000 (2025/26).
const NI_RATE: f64 = 0.15;
const NI_THRESHOLD: f64 = 5_000.0;

/// Employer cost of one WTE paid `basic` a year: basic pay + pension + National Insurance.
pub fn employer_cost(basic: f64) -> f64 {
    basic * (1.0 + PENSION) + NI_RATE * (basic - NI_THRESHOLD).max(0.0)
}

/// A supply route laid out for stepping.
#[derive(Debug, Clone)]
pub struct Route {
    /// Route name, e.g. `graduate_scheme`.
    pub name: String,
    /// Years in training.
    pub course_years: usize,
    /// Share of completers joining each role.
    pub role_mix: Vec<f64>,
    role_thresholds: Vec<u64>,
    /// Share of the intake in each region.
    pub region_share: [f64; N_REGIONS],
    /// Entry band index.
    pub entry_band: usize,
    /// Entry age band index.
    pub entry_age: usize,
    /// Intake multiplier per year index (policy intake changes).
    pub intake_multiplier: Vec<f64>,
}

/// An upskilling route laid out for stepping.
#[derive(Debug, Clone)]
pub struct Upskill {
    /// Route name, e.g. `data_academy`.
    pub name: String,
    /// Years on the course.
    pub course_years: usize,
    /// Share of the places in each region.
    pub region_share: [f64; N_REGIONS],
    /// The (role, band) pairs the course recruits from, role-major.
    pub rows: Vec<(usize, usize)>,
    /// Bands a completer moves up.
    pub band_step: usize,
    /// Share of completers going into each role; `None`: they keep their role.
    pub to_roles: Option<Vec<f64>>,
    to_thresholds: Vec<u64>,
    /// Places multiplier per year index (policy intake changes).
    pub intake_multiplier: Vec<f64>,
}

impl Upskill {
    /// The band a completer from `band` moves to.
    pub fn destination_band(&self, band: usize) -> usize {
        (band + self.band_step).min(N_BANDS - 1)
    }
}

/// Rates that do not change between draws, laid out once per scenario.
#[derive(Debug, Clone)]
pub struct CohortModel<'a> {
    baseline: &'a Baseline,
    years: usize,
    base_year: i32,
    /// Leaver probability per cell before multipliers.
    leave: Vec<f64>,
    /// Band moves per (role, band) before the promotion multiplier: destination band and
    /// probability (the data's next-band rate, or a row of a band transition matrix).
    band_moves: Vec<Vec<(usize, f64)>>,
    /// Share of a role's hires joining each band x age cell.
    hire_mix: Vec<[f64; CELLS]>,
    /// Per role: the same shares as an alias table, to place each hire with O(1) work.
    hire_alias: Vec<Option<WeightedAliasIndex<f64>>>,
    /// Establishment (WTE) per role x region in the base year.
    demand0: Vec<f64>,
    /// Basic pay per WTE per role x region x band, before premiums.
    basic: Vec<f64>,
    /// Market pay / NHS pay per role x region in the base year, and its national mean.
    pressure0: Vec<f64>,
    mean_pressure: f64,
    /// Per year index x role x region: premium (share of pay), retention multiplier,
    /// extra international fill.
    premium: Vec<f64>,
    retention: Vec<f64>,
    intl_extra: Vec<f64>,
    /// Per programme: first year index, and share of its WTE per role x region.
    programmes: Vec<(usize, Vec<f64>)>,
    /// Supply routes in name order.
    pub routes: Vec<Route>,
    /// Upskilling routes in name order.
    pub upskilling: Vec<Upskill>,
    /// Per role: the role moves out of it, as (index into the scenario's moves, target role).
    moves_from: Vec<Vec<(usize, usize)>>,
    /// Per region: where region movers go (the workforce share of the other regions).
    region_dest: [[f64; N_REGIONS]; N_REGIONS],
    region_thresholds: Vec<Vec<u64>>,
}

/// Cumulative probabilities as u64 thresholds, so one `next_u64` picks a category.
fn thresholds(probs: &[f64]) -> Vec<u64> {
    let mut acc = 0.0;
    let mut out: Vec<u64> = probs
        .iter()
        .map(|p| {
            acc += p;
            if acc >= 1.0 {
                u64::MAX
            } else {
                (acc * 18_446_744_073_709_551_616.0) as u64
            }
        })
        .collect();
    if let Some(last) = out.last_mut() {
        *last = u64::MAX;
    }
    out
}

fn pick(thresholds: &[u64], u: u64) -> usize {
    thresholds
        .iter()
        .position(|&t| u < t)
        .unwrap_or(thresholds.len() - 1)
}

/// The band moves out of one band for one role x region and draw: up to `len` destination
/// bands with their annual probabilities (the rest of the band stays).
#[derive(Debug, Clone, Copy)]
pub struct BandMoves {
    to: [usize; N_BANDS],
    p: [f64; N_BANDS],
    len: usize,
}

impl BandMoves {
    /// Destination band index and probability of each move.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.to[..self.len]
            .iter()
            .copied()
            .zip(self.p[..self.len].iter().copied())
    }

    /// Probability of moving out of the band at all.
    pub fn total(&self) -> f64 {
        self.p[..self.len].iter().sum()
    }
}

/// What one draw's parameters and the policy levers give for one year.
#[derive(Debug, Clone, Default)]
pub struct YearRates {
    /// Leaving multiplier per role x region (scenario x labour market x retention policy).
    pub leaving: Vec<f64>,
    /// Domestic fill rate per role x region.
    pub fill: Vec<f64>,
    /// International fill rate per role x region.
    pub international: Vec<f64>,
    /// Premium (share of basic pay) per role x region.
    pub premium: Vec<f64>,
}

impl<'a> CohortModel<'a> {
    /// Lays out the baseline's rates and the scenario's levers for fast stepping.
    pub fn new(baseline: &'a Baseline, scenario: &Scenario) -> Self {
        let n_roles = baseline.roles.len();
        let n_rr = n_roles * N_REGIONS;
        let years = scenario.years();
        let mut leave = vec![0.0; baseline.n_cells()];
        let mut band_moves = vec![Vec::new(); n_roles * N_BANDS];
        for (r, role) in baseline.roles.iter().enumerate() {
            for g in 0..N_REGIONS {
                for b in 0..N_BANDS {
                    for a in 0..N_AGES {
                        leave[baseline.cell(r, g, b, a)] = role.leaver_rate
                            * baseline.band_leaver_multiplier[b]
                            * baseline.age_leaver_multiplier[a];
                    }
                }
            }
            for b in 0..N_BANDS {
                band_moves[r * N_BANDS + b] = match scenario.band_matrix.row(&role.id, BANDS[b]) {
                    Some((row, true)) => row_moves(row, 1.0),
                    Some((row, false)) => row_moves(row, role.promotion_multiplier),
                    None if b + 1 < N_BANDS => {
                        let p = baseline.band_promotion_rate[b] * role.promotion_multiplier;
                        if p > 0.0 {
                            vec![(b + 1, p)]
                        } else {
                            Vec::new()
                        }
                    }
                    None => Vec::new(),
                };
            }
        }
        let band_mix: Vec<[f64; N_BANDS]> = (0..n_roles).map(|r| baseline.band_mix(r)).collect();
        let hire_mix: Vec<[f64; CELLS]> = band_mix
            .iter()
            .map(|mix| {
                std::array::from_fn(|i| mix[i / N_AGES] * baseline.hire_age_share[i % N_AGES])
            })
            .collect();
        let hire_alias = hire_mix
            .iter()
            .map(|mix: &[f64; CELLS]| WeightedAliasIndex::new(mix.to_vec()).ok())
            .collect();
        let wte = baseline.wte_by_role_region();
        let demand0: Vec<f64> = wte
            .iter()
            .zip(&baseline.vacancies_wte)
            .map(|(w, v)| w + v)
            .collect();
        let mut basic = vec![0.0; n_rr * N_BANDS];
        let mut pressure0 = vec![0.0; n_rr];
        for rr in 0..n_rr {
            let (role, region) = (rr / N_REGIONS, rr % N_REGIONS);
            for b in 0..N_BANDS {
                basic[rr * N_BANDS + b] = baseline.pay_mid[b] * (1.0 + HCAS[region]);
            }
            let nhs_pay: f64 = (0..N_BANDS)
                .map(|b| band_mix[role][b] * basic[rr * N_BANDS + b])
                .sum();
            pressure0[rr] = baseline.market_salary[rr] / nhs_pay;
        }
        let total_wte: f64 = wte.iter().sum();
        let mean_pressure =
            pressure0.iter().zip(&wte).map(|(p, w)| p * w).sum::<f64>() / total_wte.max(1.0);

        let year_of = |t: usize| scenario.base_year + t as i32;
        let ids: Vec<(&str, &str)> = (0..n_rr)
            .map(|rr| {
                (
                    baseline.roles[rr / N_REGIONS].id.as_str(),
                    REGIONS[rr % N_REGIONS].0,
                )
            })
            .collect();
        let mut premium = vec![0.0; (years + 1) * n_rr];
        let mut retention = vec![1.0; (years + 1) * n_rr];
        let mut intl_extra = vec![0.0; (years + 1) * n_rr];
        for t in 0..=years {
            for (rr, (role, region)) in ids.iter().enumerate() {
                let i = t * n_rr + rr;
                let active = |from: i64| i64::from(year_of(t)) >= from;
                for p in scenario.policy.premium.iter().flatten() {
                    if active(*p.from.get_ref()) && covers(&p.roles, &p.regions, role, region) {
                        premium[i] += p.percent.get_ref() / 100.0;
                    }
                }
                for p in scenario.policy.retention.iter().flatten() {
                    if active(*p.from.get_ref()) && covers(&p.roles, &p.regions, role, region) {
                        retention[i] *= p.multiplier.get_ref();
                    }
                }
                for p in scenario.policy.international.iter().flatten() {
                    if active(*p.from.get_ref()) && covers(&p.roles, &p.regions, role, region) {
                        intl_extra[i] += p.extra_fill.get_ref();
                    }
                }
            }
        }
        let programmes = scenario
            .programmes
            .iter()
            .map(|p| {
                let from = (*p.from.get_ref() - i64::from(scenario.base_year))
                    .clamp(1, years as i64 + 1) as usize;
                let weights: Vec<f64> = ids
                    .iter()
                    .enumerate()
                    .map(|(rr, (role, region))| {
                        if covers(&p.roles, &p.regions, role, region) {
                            demand0[rr]
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let total: f64 = weights.iter().sum();
                (
                    from,
                    weights
                        .iter()
                        .map(|w| if total > 0.0 { w / total } else { 0.0 })
                        .collect(),
                )
            })
            .collect();
        let workforce_share: [f64; N_REGIONS] = std::array::from_fn(|g| {
            let hc: f64 = (0..n_roles).map(|r| wte[r * N_REGIONS + g]).sum();
            hc / total_wte.max(1.0)
        });
        let region_share =
            |regions: &Option<std::collections::BTreeMap<_, toml::Spanned<f64>>>| match regions {
                Some(weights) => {
                    let mut share = [0.0; N_REGIONS];
                    for (region, w) in weights {
                        let region: &toml::Spanned<String> = region;
                        if let Some(g) = crate::taxonomy::region_index(region.get_ref()) {
                            share[g] += w.get_ref();
                        }
                    }
                    let total: f64 = share.iter().sum();
                    share.map(|s| s / total.max(f64::MIN_POSITIVE))
                }
                None => workforce_share,
            };
        // a route's intake (or places) multiplier per year index, from policy.intake
        let intake_multiplier = |name: &str| -> Vec<f64> {
            (0..=years)
                .map(|t| {
                    scenario
                        .policy
                        .intake
                        .iter()
                        .flatten()
                        .filter(|c| {
                            c.route.get_ref() == name && i64::from(year_of(t)) >= *c.from.get_ref()
                        })
                        .map(|c| *c.multiplier.get_ref())
                        .product()
                })
                .collect()
        };
        let routes = scenario
            .pipelines
            .iter()
            .map(|(name, p)| {
                let mut role_mix = vec![0.0; n_roles];
                for (role, w) in &p.roles {
                    if let Some(r) = baseline.role_index(role.get_ref()) {
                        role_mix[r] += w.get_ref();
                    }
                }
                let total: f64 = role_mix.iter().sum();
                role_mix
                    .iter_mut()
                    .for_each(|w| *w /= total.max(f64::MIN_POSITIVE));
                Route {
                    name: name.clone(),
                    course_years: (*p.course_years.get_ref()).clamp(1, 10) as usize,
                    role_thresholds: thresholds(&role_mix),
                    role_mix,
                    region_share: region_share(&p.regions),
                    entry_band: band_index(p.entry_band.get_ref()).unwrap_or(0),
                    entry_age: age_index(p.entry_age.get_ref()).unwrap_or(0),
                    intake_multiplier: intake_multiplier(name),
                }
            })
            .collect();
        let upskilling = scenario
            .upskilling
            .iter()
            .map(|(name, u)| {
                let step = u.step();
                let roles: Vec<usize> = if u.from_roles.is_empty() {
                    (0..n_roles).collect()
                } else {
                    u.from_roles
                        .iter()
                        .filter_map(|r| baseline.role_index(r.get_ref()))
                        .collect()
                };
                let bands: Vec<usize> = if u.from_bands.is_empty() {
                    (0..N_BANDS).filter(|b| b + step < N_BANDS).collect()
                } else {
                    u.from_bands
                        .iter()
                        .filter_map(|b| band_index(b.get_ref()))
                        .collect()
                };
                let to_roles = u.to_roles.as_ref().map(|mix| {
                    let mut w = vec![0.0; n_roles];
                    for (role, x) in mix {
                        if let Some(r) = baseline.role_index(role.get_ref()) {
                            w[r] += x.get_ref();
                        }
                    }
                    let total: f64 = w.iter().sum();
                    w.iter()
                        .map(|x| x / total.max(f64::MIN_POSITIVE))
                        .collect::<Vec<f64>>()
                });
                Upskill {
                    name: name.clone(),
                    course_years: (*u.course_years.get_ref()).clamp(1, 5) as usize,
                    region_share: region_share(&u.regions),
                    rows: roles
                        .iter()
                        .flat_map(|&r| bands.iter().map(move |&b| (r, b)))
                        .collect(),
                    band_step: step,
                    to_thresholds: to_roles.as_deref().map(thresholds).unwrap_or_default(),
                    to_roles,
                    intake_multiplier: intake_multiplier(name),
                }
            })
            .collect();
        let mut moves_from = vec![Vec::new(); n_roles];
        for (j, mv) in scenario.role_moves.iter().enumerate() {
            if let (Some(from), Some(to)) = (
                baseline.role_index(mv.from.get_ref()),
                baseline.role_index(mv.to.get_ref()),
            ) {
                moves_from[from].push((j, to));
            }
        }
        let region_dest = std::array::from_fn(|g| {
            let others: f64 = (0..N_REGIONS)
                .filter(|&h| h != g)
                .map(|h| workforce_share[h])
                .sum();
            std::array::from_fn(|h| {
                if h == g || others <= 0.0 {
                    0.0
                } else {
                    workforce_share[h] / others
                }
            })
        });
        Self {
            baseline,
            years,
            base_year: scenario.base_year,
            leave,
            band_moves,
            hire_mix,
            hire_alias,
            demand0,
            basic,
            pressure0,
            mean_pressure,
            premium,
            retention,
            intl_extra,
            programmes,
            routes,
            upskilling,
            moves_from,
            region_thresholds: region_dest.iter().map(|d| thresholds(d)).collect(),
            region_dest,
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

    /// Years projected after the base year.
    pub fn years(&self) -> usize {
        self.years
    }

    /// Metric names recorded per role x region and year: the fixed ones, then per route
    /// `joiners_<route>` and `pipeline_<route>`, then per upskilling route `upskilled_<route>`.
    pub fn metric_names(&self) -> Vec<String> {
        let mut names: Vec<String> = FIXED_METRICS.iter().map(|s| (*s).to_owned()).collect();
        for r in &self.routes {
            names.push(format!("joiners_{}", r.name));
        }
        for r in &self.routes {
            names.push(format!("pipeline_{}", r.name));
        }
        for u in &self.upskilling {
            names.push(format!("upskilled_{}", u.name));
        }
        names
    }

    /// Values recorded per role x region and year.
    pub fn stride(&self) -> usize {
        FIXED_METRICS.len() + 2 * self.routes.len() + self.upskilling.len()
    }

    /// Position in a record of upskilling route `k`'s `upskilled_<route>` metric.
    pub fn upskilled_metric(&self, k: usize) -> usize {
        FIXED_METRICS.len() + 2 * self.routes.len() + k
    }

    /// Establishment (WTE) per role x region in the base year.
    pub fn base_demand(&self) -> &[f64] {
        &self.demand0
    }

    /// Share of a role's external hires, returners and international recruits joining each
    /// band x age cell.
    pub fn hire_mix(&self, role: usize) -> &[f64; CELLS] {
        &self.hire_mix[role]
    }

    /// Rates for year index `t` (1 = the first projected year) under `params`.
    pub fn year_rates(&self, params: &DrawParams, t: usize) -> YearRates {
        let mut out = YearRates::default();
        self.fill_year_rates(params, t, &mut out);
        out
    }

    /// [`CohortModel::year_rates`] written into `out`, reusing its buffers.
    pub fn fill_year_rates(&self, params: &DrawParams, t: usize, out: &mut YearRates) {
        let n_rr = self.n_role_regions();
        for v in [
            &mut out.leaving,
            &mut out.fill,
            &mut out.international,
            &mut out.premium,
        ] {
            v.clear();
            v.resize(n_rr, 0.0);
        }
        for rr in 0..n_rr {
            let i = t * n_rr + rr;
            let premium = self.premium[i];
            let market = (1.0 + params.get(ParamId::MarketPayGrowth, rr)).powi(t as i32);
            // Market pay over NHS pay: relative to the base year for leaving (the data's
            // leaver rates already reflect today's market), relative to the national mean
            // for filling (scarce, well-paid-outside roles fill less often).
            let pressure = self.pressure0[rr] * market / (1.0 + premium);
            let leave_push =
                (pressure / self.pressure0[rr]).powf(params.get(ParamId::LeavingElasticity, rr));
            let fill_pull =
                (pressure / self.mean_pressure).powf(-params.get(ParamId::FillElasticity, rr));
            out.leaving[rr] = params.get(ParamId::Leaving, rr) * leave_push * self.retention[i];
            out.fill[rr] = (params.get(ParamId::FillRate, rr) * fill_pull).clamp(0.0, 1.0);
            out.international[rr] =
                (params.get(ParamId::InternationalFill, rr) + self.intl_extra[i]).clamp(0.0, 1.0);
            out.premium[rr] = premium;
        }
    }

    /// Leaving and retirement probabilities of a cell, as competing risks.
    pub fn leave_probabilities(
        &self,
        rr: usize,
        band: usize,
        age: usize,
        params: &DrawParams,
        leaving: f64,
    ) -> (f64, f64) {
        competing(
            self.leave[rr * CELLS + band * N_AGES + age] * leaving,
            self.baseline.retirement_rate[age] * params.get(ParamId::Retirement, rr),
        )
    }

    /// Where staff of `band` in role x region `rr` who stay move in a year: the data's
    /// next-band rate or the band transition matrix's row, times the promotion multiplier,
    /// scaled down in proportion if the row would exceed 1.
    pub fn band_moves(&self, rr: usize, band: usize, params: &DrawParams) -> BandMoves {
        let base = &self.band_moves[(rr / N_REGIONS) * N_BANDS + band];
        let mult = params.get(ParamId::Promotion, rr);
        let mut out = BandMoves {
            to: [0; N_BANDS],
            p: [0.0; N_BANDS],
            len: base.len(),
        };
        let mut total = 0.0;
        for (k, &(to, p)) in base.iter().enumerate() {
            out.to[k] = to;
            out.p[k] = p * mult;
            total += p * mult;
        }
        if total > 1.0 {
            out.p[..out.len].iter_mut().for_each(|p| *p /= total);
        }
        out
    }

    /// Where the staff of role x region `rr` who stay may move in a year: per target role x
    /// region the probability, then the probability of a region move (spread by
    /// [`CohortModel::region_destinations`]). Scaled down together if they exceed 1.
    pub fn move_probabilities(&self, rr: usize, params: &DrawParams) -> (Vec<(usize, f64)>, f64) {
        let (role, region) = (rr / N_REGIONS, rr % N_REGIONS);
        let mut targets: Vec<(usize, f64)> = self.moves_from[role]
            .iter()
            .map(|&(j, to)| (to * N_REGIONS + region, params.role_moves[j]))
            .collect();
        let mut rho = params.get(ParamId::RegionMove, rr);
        let total: f64 = targets.iter().map(|t| t.1).sum::<f64>() + rho;
        if total > 1.0 {
            targets.iter_mut().for_each(|t| t.1 /= total);
            rho /= total;
        }
        (targets, rho)
    }

    /// Share of a region's movers going to each other region.
    pub fn region_destinations(&self, region: usize) -> &[f64; N_REGIONS] {
        &self.region_dest[region]
    }

    /// Step 2b: role and region moves. Every person of a role x region moves with the same
    /// probabilities whatever their band and age, so the number moving to each target (each
    /// target role, another region) is one multinomial draw over the role x region's staff,
    /// and the movers are then chosen uniformly without replacement (band by band, then age
    /// by age); that is the same distribution as drawing each person's move on its own, for
    /// a draw per mover instead of per person. Movers are added after every role x region is
    /// drawn, so nobody moves twice in a year.
    fn move_staff<R: Rng>(
        &self,
        table: &mut MoveTable,
        state: &mut [u32],
        incoming: &mut Vec<u32>,
        rec: &mut [f64],
        rng: &mut R,
    ) {
        let stride = self.stride();
        incoming.clear();
        incoming.resize(state.len(), 0);
        let MoveTable {
            start: starts,
            to,
            probs: all_probs,
            out,
        } = table;
        for rr in 0..self.n_role_regions() {
            let (start, end) = (starts[rr], starts[rr + 1]);
            if start == end {
                continue;
            }
            let probs = &all_probs[start..end];
            let targets = &to[start..end - 2];
            let (role, region) = (rr / N_REGIONS, rr % N_REGIONS);
            let cells = &mut state[rr * CELLS..(rr + 1) * CELLS];
            let mut band_total = [0u64; N_BANDS];
            for (t, row) in band_total.iter_mut().zip(cells.chunks_exact(N_AGES)) {
                *t = row.iter().map(|&n| u64::from(n)).sum();
            }
            let mut left: u64 = band_total.iter().sum();
            crate::rng::multinomial(rng, left, probs, out);
            let movers = &out[..=targets.len()];
            let moved_out: u64 = movers.iter().sum();
            for (j, &k) in movers.iter().enumerate() {
                for _ in 0..k {
                    let mut x = crate::rng::below(rng, left);
                    let mut band = 0;
                    while x >= band_total[band] {
                        x -= band_total[band];
                        band += 1;
                    }
                    let mut i = band * N_AGES;
                    while x >= u64::from(cells[i]) {
                        x -= u64::from(cells[i]);
                        i += 1;
                    }
                    cells[i] -= 1;
                    band_total[band] -= 1;
                    left -= 1;
                    let dest = match targets.get(j) {
                        Some(&t) => t,
                        None => {
                            role * N_REGIONS + pick(&self.region_thresholds[region], rng.next_u64())
                        }
                    };
                    incoming[dest * CELLS + i] += 1;
                    rec[dest * stride + m::MOVES_IN] += 1.0;
                }
            }
            rec[rr * stride + m::MOVES_OUT] = moved_out as f64;
        }
        for (s, inc) in state.iter_mut().zip(incoming.iter()) {
            *s += inc;
        }
    }

    /// Lays out the role and region move probabilities of one draw (they do not change
    /// between years), so the year loop neither recomputes nor allocates them.
    fn fill_move_table(&self, params: &DrawParams, table: &mut MoveTable) {
        table.start.clear();
        table.to.clear();
        table.probs.clear();
        for rr in 0..self.n_role_regions() {
            table.start.push(table.probs.len());
            let (targets, rho) = self.move_probabilities(rr, params);
            if targets.is_empty() && rho <= 0.0 {
                continue;
            }
            let moving: f64 = targets.iter().map(|t| t.1).sum::<f64>() + rho;
            for (to, p) in targets {
                table.to.push(to);
                table.probs.push(p);
            }
            table.to.extend([rr, rr]);
            table.probs.extend([rho, (1.0 - moving).max(0.0)]);
        }
        table.start.push(table.probs.len());
        let longest = table
            .start
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0);
        table.out.clear();
        table.out.resize(longest, 0);
    }

    /// Demand in role x region `rr` at year index `t` given last year's: growth less
    /// automation, plus programmes starting this year.
    pub fn next_demand(&self, previous: f64, rr: usize, t: usize, params: &DrawParams) -> f64 {
        let mut d = previous
            * (1.0 + params.get(ParamId::Growth, rr) - params.get(ParamId::Automation, rr))
                .max(0.0);
        for ((from, share), wte) in self.programmes.iter().zip(&params.programmes) {
            if *from == t {
                d += wte * share[rr];
            }
        }
        d.max(0.0)
    }

    /// Vacant posts (heads) against `demand` given staff `supply` (WTE): the external
    /// recruitment needed to close the gap.
    pub fn vacant_posts(&self, rr: usize, demand: f64, supply: f64) -> f64 {
        ((demand - supply).max(0.0) / self.baseline.roles[rr / N_REGIONS].fte_ratio).round()
    }

    /// Writes the stock metrics of one year: headcount, WTE, demand, pay cost, and the
    /// pipeline stock spread over roles by each route's role mix.
    pub fn record_stock(
        &self,
        count: impl Fn(usize) -> f64,
        trainees: impl Fn(usize, usize) -> f64,
        demand: &[f64],
        premium: &[f64],
        rec: &mut [f64],
    ) {
        let stride = self.stride();
        let n_routes = self.routes.len();
        for (rr, r) in rec.chunks_exact_mut(stride).enumerate() {
            let fte = &self.baseline.fte[rr * CELLS..(rr + 1) * CELLS];
            let (mut hc, mut wte, mut cost) = (0.0, 0.0, 0.0);
            for (band, fte) in fte.chunks_exact(N_AGES).enumerate() {
                let (mut band_hc, mut band_wte) = (0.0, 0.0);
                for (a, f) in fte.iter().enumerate() {
                    let n = count(rr * CELLS + band * N_AGES + a);
                    band_hc += n;
                    band_wte += n * f;
                }
                if band_hc != 0.0 {
                    hc += band_hc;
                    wte += band_wte;
                    cost += band_wte
                        * employer_cost(self.basic[rr * N_BANDS + band] * (1.0 + premium[rr]));
                }
            }
            r[m::HEADCOUNT] = hc;
            r[m::WTE] = wte;
            r[m::DEMAND] = demand[rr];
            r[m::PAY_COST] = cost;
            for (k, route) in self.routes.iter().enumerate() {
                r[FIXED_METRICS.len() + n_routes + k] =
                    trainees(k, rr % N_REGIONS) * route.role_mix[rr / N_REGIONS];
            }
        }
    }

    /// Runs one draw for all years, writing `(years + 1) x role-region x stride` values
    /// into `out` (year 0 = the baseline as read). `scratch` is reused between draws.
    pub fn run_draw<R: Rng>(
        &self,
        params: &DrawParams,
        rng: &mut R,
        scratch: &mut Scratch,
        out: &mut [f64],
    ) {
        let b = self.baseline;
        let n_rr = self.n_role_regions();
        let stride = self.stride();
        let per_year = n_rr * stride;
        let n_fixed = FIXED_METRICS.len();
        debug_assert_eq!(out.len(), (self.years + 1) * per_year);
        out.fill(0.0);
        let state = &mut scratch.state;
        state.clear();
        state.extend_from_slice(&b.headcount);
        let trainees = &mut scratch.trainees;
        trainees.clear();
        for (route, r) in self.routes.iter().zip(&params.routes) {
            for g in 0..N_REGIONS {
                let start =
                    (r[0] * route.intake_multiplier[0] * route.region_share[g]).round() as u32;
                trainees.extend(std::iter::repeat_n(start, route.course_years));
            }
        }
        self.fill_move_table(params, &mut scratch.moves);
        let in_course = &mut scratch.in_course;
        in_course.clear();
        for (u, [places, _]) in self.upskilling.iter().zip(&params.upskilling) {
            for g in 0..N_REGIONS {
                let start = (places * u.intake_multiplier[0] * u.region_share[g]).round() as u32;
                in_course.extend(std::iter::repeat_n(start, u.course_years));
            }
        }
        let course_offsets = course_offsets(self.upskilling.iter().map(|u| u.course_years));
        let mut demand = self.demand0.clone();
        let mut last_leavers = vec![0u64; n_rr];
        let offsets = route_offsets(&self.routes);
        let rates = &mut scratch.rates;
        self.fill_year_rates(params, 0, rates);
        self.record_stock(
            |i| f64::from(state[i]),
            |k, g| trainee_total(trainees, &offsets, &self.routes, k, g),
            &demand,
            &rates.premium,
            &mut out[..per_year],
        );
        for t in 1..=self.years {
            self.fill_year_rates(params, t, rates);
            let rec = &mut out[t * per_year..(t + 1) * per_year];
            for rr in 0..n_rr {
                let cells = &mut state[rr * CELLS..(rr + 1) * CELLS];
                let flows = self.leave_band_and_age(rr, params, rates.leaving[rr], cells, rng);
                let r = &mut rec[rr * stride..(rr + 1) * stride];
                r[m::LEAVERS] = flows[0] as f64;
                r[m::RETIREMENTS] = flows[1] as f64;
                r[m::PROMOTIONS] = flows[2] as f64;
                r[m::DEMOTIONS] = flows[3] as f64;
            }
            self.move_staff(&mut scratch.moves, state, &mut scratch.incoming, rec, rng);
            for (k, route) in self.routes.iter().enumerate() {
                let [intake, completion, retention] = params.routes[k];
                let national = (intake * route.intake_multiplier[t]).round() as u64;
                let mut by_region = [0u64; N_REGIONS];
                crate::rng::multinomial(rng, national, &route.region_share, &mut by_region);
                for (g, &new) in by_region.iter().enumerate() {
                    let course = &mut trainees[offsets[k] + g * route.course_years
                        ..offsets[k] + (g + 1) * route.course_years];
                    let finishing = u64::from(course[route.course_years - 1]);
                    course.copy_within(..route.course_years - 1, 1);
                    course[0] = new as u32;
                    let completers = binomial(rng, finishing, completion);
                    let joining = binomial(rng, completers, retention);
                    for _ in 0..joining {
                        let role = pick(&route.role_thresholds, rng.next_u64());
                        let rr = role * N_REGIONS + g;
                        state[rr * CELLS + route.entry_band * N_AGES + route.entry_age] += 1;
                        rec[rr * stride + n_fixed + k] += 1.0;
                    }
                }
            }
            for (k, u) in self.upskilling.iter().enumerate() {
                let [places, completion] = params.upskilling[k];
                let national = (places * u.intake_multiplier[t]).round() as u64;
                let mut by_region = [0u64; N_REGIONS];
                crate::rng::multinomial(rng, national, &u.region_share, &mut by_region);
                let incoming = &mut scratch.incoming;
                incoming.clear();
                incoming.resize(state.len(), 0);
                for (g, &new) in by_region.iter().enumerate() {
                    let start = course_offsets[k] + g * u.course_years;
                    let course = &mut in_course[start..start + u.course_years];
                    let finishing = u64::from(course[u.course_years - 1]);
                    course.copy_within(..u.course_years - 1, 1);
                    course[0] = new as u32;
                    let completers = binomial(rng, finishing, completion);
                    self.upskill(
                        k,
                        g,
                        completers,
                        state,
                        incoming,
                        &mut scratch.row_totals,
                        rec,
                        rng,
                    );
                }
                for (s, inc) in state.iter_mut().zip(incoming.iter()) {
                    *s += inc;
                }
            }
            for rr in 0..n_rr {
                let role = rr / N_REGIONS;
                let cells = &mut state[rr * CELLS..(rr + 1) * CELLS];
                let returners =
                    binomial(rng, last_leavers[rr], params.get(ParamId::ReturnRate, rr));
                self.place_hires(role, returners, cells, rng);
                demand[rr] = self.next_demand(demand[rr], rr, t, params);
                let fte = &b.fte[rr * CELLS..(rr + 1) * CELLS];
                let supply: f64 = cells.iter().zip(fte).map(|(&n, &f)| f64::from(n) * f).sum();
                let posts = self.vacant_posts(rr, demand[rr], supply) as u64;
                let hires = binomial(rng, posts, rates.fill[rr]);
                let international = binomial(rng, posts - hires, rates.international[rr]);
                self.place_hires(role, hires + international, cells, rng);
                let r = &mut rec[rr * stride..(rr + 1) * stride];
                last_leavers[rr] = r[m::LEAVERS] as u64;
                r[m::REQUIRED] = posts as f64;
                r[m::EXTERNAL] = hires as f64;
                r[m::INTERNATIONAL] = international as f64;
                r[m::RETURNERS] = returners as f64;
                let route_joiners: f64 = r[n_fixed..n_fixed + self.routes.len()].iter().sum();
                r[m::JOINERS] = (hires + international + returners) as f64 + route_joiners;
            }
            self.record_stock(
                |i| f64::from(state[i]),
                |k, g| trainee_total(trainees, &offsets, &self.routes, k, g),
                &demand,
                &rates.premium,
                rec,
            );
        }
    }

    /// Steps 1, 2 (band moves) and 3 for one role x region: leavers and retirements as
    /// competing risks, band moves (promotion, or a band transition matrix's row) of those
    /// who stay, and ageing of everyone who stays. Small cells are drawn person by person,
    /// one `u64` each: its high half picks the fate (leave, retire, move to a band, stay)
    /// and its low half whether the person ages, which is independent of the fate. Large
    /// cells draw binomials (and a multinomial for several band destinations). Ageing is
    /// drawn here rather than after role and region moves because those do not depend on
    /// band or age, so the order does not change the distribution. Everyone who stays lands
    /// in `incoming` and the cells are replaced by it, so nobody moves twice in a year.
    /// Returns (leavers, retirements, promotions, demotions).
    fn leave_band_and_age<R: Rng>(
        &self,
        rr: usize,
        params: &DrawParams,
        leaving: f64,
        cells: &mut [u32],
        rng: &mut R,
    ) -> [u64; 4] {
        const HALF: f64 = 4_294_967_296.0;
        let threshold = |p: f64| (p.clamp(0.0, 1.0) * HALF) as u64;
        let mut flows = [0u64; 4];
        let mut incoming = [0u32; CELLS];
        let mut probs = [0.0; N_BANDS + 1];
        let mut counts = [0u64; N_BANDS + 1];
        let mut cuts = [0u64; N_BANDS + 2];
        for band in 0..N_BANDS {
            let moves = self.band_moves(rr, band, params);
            let (to, len) = (&moves.to[..moves.len], moves.len);
            if len > 1 {
                probs[..len].copy_from_slice(&moves.p[..len]);
                probs[len] = (1.0 - moves.total()).max(0.0);
            }
            for age in 0..N_AGES {
                let i = band * N_AGES + age;
                let n = u64::from(cells[i]);
                if n == 0 {
                    continue;
                }
                let older = (age + 1).min(N_AGES - 1);
                let ageing = AGEING_RATE[age];
                let (pl, pr) = self.leave_probabilities(rr, band, age, params, leaving);
                if n < SMALL_N {
                    // cumulative cut points: leave, retire, each band destination; above: stay
                    let stay = 1.0 - pl - pr;
                    let mut acc = pl + pr;
                    cuts[0] = threshold(pl);
                    cuts[1] = threshold(acc);
                    for (k, p) in moves.p[..len].iter().enumerate() {
                        acc += stay * p;
                        cuts[k + 2] = threshold(acc);
                    }
                    let ages = threshold(ageing);
                    let stays = cuts[len + 1];
                    // tallies kept in locals rather than added to `incoming` person by
                    // person: those read-modify-writes of one memory cell chained every
                    // person's step to the last and cost more than the draw itself
                    let (mut left, mut retired, mut same, mut same_aged) = (0u32, 0u32, 0u32, 0u32);
                    for _ in 0..n {
                        let u = rng.next_u64();
                        let (fate, low) = (u >> 32, u & 0xFFFF_FFFF);
                        let aged = low < ages;
                        if fate >= stays {
                            same += u32::from(!aged);
                            same_aged += u32::from(aged);
                            continue;
                        }
                        if fate < cuts[1] {
                            left += u32::from(fate < cuts[0]);
                            retired += u32::from(fate >= cuts[0]);
                            continue;
                        }
                        let mut dest = band;
                        for (k, &t) in to.iter().enumerate() {
                            if fate < cuts[k + 2] {
                                dest = t;
                                flows[if t > band { 2 } else { 3 }] += 1;
                                break;
                            }
                        }
                        let a = if aged { older } else { age };
                        incoming[dest * N_AGES + a] += 1;
                    }
                    flows[0] += u64::from(left);
                    flows[1] += u64::from(retired);
                    incoming[i] += same;
                    incoming[i - age + older] += same_aged;
                    continue;
                }
                let leavers = binomial(rng, n, pl);
                let retirements = if pl < 1.0 {
                    binomial(rng, n - leavers, pr / (1.0 - pl))
                } else {
                    0
                };
                let stay = n - leavers - retirements;
                flows[0] += leavers;
                flows[1] += retirements;
                match len {
                    0 => {}
                    1 => counts[0] = binomial(rng, stay, moves.p[0]),
                    _ => crate::rng::multinomial(rng, stay, &probs[..=len], &mut counts[..=len]),
                }
                let mut moved = 0;
                for (k, &t) in to.iter().enumerate() {
                    let c = counts[k];
                    moved += c;
                    flows[if t > band { 2 } else { 3 }] += c;
                    let aged = binomial(rng, c, ageing);
                    incoming[t * N_AGES + older] += aged as u32;
                    incoming[t * N_AGES + age] += (c - aged) as u32;
                }
                let c = stay - moved;
                let aged = binomial(rng, c, ageing);
                incoming[i - age + older] += aged as u32;
                incoming[i] += (c - aged) as u32;
            }
        }
        cells.copy_from_slice(&incoming);
        flows
    }

    /// Step 4b: `completers` of upskilling route `k` in region `g`, chosen at random without
    /// replacement among the eligible staff in post, leave their cell and land (in
    /// `incoming`, added after the route is done) in the band above and/or the role drawn
    /// from the route's role mix, at the same age. Role changes count as moves.
    #[allow(clippy::too_many_arguments)] // the step's buffers, passed to avoid allocating per year
    fn upskill<R: Rng>(
        &self,
        k: usize,
        g: usize,
        completers: u64,
        state: &mut [u32],
        incoming: &mut [u32],
        totals: &mut Vec<u64>,
        rec: &mut [f64],
        rng: &mut R,
    ) {
        let u = &self.upskilling[k];
        let stride = self.stride();
        let metric = self.upskilled_metric(k);
        totals.clear();
        totals.extend(u.rows.iter().map(|&(role, band)| {
            let start = (role * N_REGIONS + g) * CELLS + band * N_AGES;
            state[start..start + N_AGES]
                .iter()
                .map(|&n| u64::from(n))
                .sum::<u64>()
        }));
        let mut left: u64 = totals.iter().sum();
        for _ in 0..completers.min(left) {
            // person number x among the eligible, found row by row, then age by age
            let mut x = crate::rng::below(rng, left);
            let mut j = 0;
            while x >= totals[j] {
                x -= totals[j];
                j += 1;
            }
            let (role, band) = u.rows[j];
            let rr = role * N_REGIONS + g;
            let start = rr * CELLS + band * N_AGES;
            let mut a = 0;
            while x >= u64::from(state[start + a]) {
                x -= u64::from(state[start + a]);
                a += 1;
            }
            state[start + a] -= 1;
            totals[j] -= 1;
            left -= 1;
            let to_role = match u.to_roles {
                Some(_) => pick(&u.to_thresholds, rng.next_u64()),
                None => role,
            };
            let to = to_role * N_REGIONS + g;
            incoming[to * CELLS + u.destination_band(band) * N_AGES + a] += 1;
            rec[to * stride + metric] += 1.0;
            if to != rr {
                rec[rr * stride + m::MOVES_OUT] += 1.0;
                rec[to * stride + m::MOVES_IN] += 1.0;
            }
        }
    }

    /// New staff join at the role's band mix and the hire age mix, one by one.
    fn place_hires<R: Rng>(&self, role: usize, n: u64, cells: &mut [u32], rng: &mut R) {
        // always built: the baseline's band mixes and hire ages each sum to 1
        let Some(alias) = &self.hire_alias[role] else {
            return;
        };
        for _ in 0..n {
            cells[alias.sample(rng)] += 1;
        }
    }

    /// The calendar year of year index `t`.
    pub fn calendar_year(&self, t: usize) -> i32 {
        self.base_year + t as i32
    }
}

/// Start of each route's trainee block (route-major, then region, then course year).
pub fn route_offsets(routes: &[Route]) -> Vec<usize> {
    course_offsets(routes.iter().map(|r| r.course_years))
}

/// Start of each course's block of starters (route-major, then region, then course year),
/// given each route's course length.
pub fn course_offsets(course_years: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut acc = 0;
    course_years
        .into_iter()
        .map(|years| {
            let o = acc;
            acc += years * N_REGIONS;
            o
        })
        .collect()
}

fn trainee_total<T: Copy + Into<f64>>(
    trainees: &[T],
    offsets: &[usize],
    routes: &[Route],
    k: usize,
    g: usize,
) -> f64 {
    let start = offsets[k] + g * routes[k].course_years;
    trainees[start..start + routes[k].course_years]
        .iter()
        .map(|&x| x.into())
        .sum()
}

/// One draw's role and region move probabilities per role x region: the segment
/// `start[rr]..start[rr + 1]` of `probs` holds each target role's probability, then the
/// region move's, then staying's; `to` holds the target role x region of each (the last two
/// are unused). Empty when nobody moves out of `rr`.
#[derive(Debug, Default)]
struct MoveTable {
    start: Vec<usize>,
    to: Vec<usize>,
    probs: Vec<f64>,
    /// One role x region's draw, as long as the longest segment.
    out: Vec<u64>,
}

/// Buffers a thread reuses from draw to draw.
#[derive(Debug, Default)]
pub struct Scratch {
    state: Vec<u32>,
    trainees: Vec<u32>,
    incoming: Vec<u32>,
    in_course: Vec<u32>,
    row_totals: Vec<u64>,
    moves: MoveTable,
    rates: YearRates,
}

/// Leaving and retirement probabilities as competing risks: when together they exceed 1
/// they are scaled down in proportion, so everyone has exactly one fate.
pub fn competing(leave: f64, retire: f64) -> (f64, f64) {
    let (l, r) = (leave.clamp(0.0, 1.0), retire.clamp(0.0, 1.0));
    if l + r > 1.0 {
        (l / (l + r), r / (l + r))
    } else {
        (l, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competing_risks_never_exceed_one() {
        assert_eq!(competing(0.1, 0.2), (0.1, 0.2));
        let (l, r) = competing(0.9, 0.6);
        assert!((l + r - 1.0).abs() < 1e-12 && l > r);
    }

    #[test]
    fn thresholds_pick_every_category_in_proportion() {
        let t = thresholds(&[0.25, 0.0, 0.75]);
        assert_eq!(pick(&t, 0), 0);
        assert_eq!(pick(&t, u64::MAX / 4 + 10), 2);
        assert_eq!(pick(&t, u64::MAX), 2);
    }

    /// Band 7 mid-point (£49,161): pension 20.68% = £10,166.5; NI 15% of (49,161 - 5,000) = £6,624.2.
    #[test]
    fn employer_cost_adds_pension_and_national_insurance() {
        let basic = (46_148.0 + 48_526.0 + 52_809.0) / 3.0;
        let expected = basic + 0.2068 * basic + 0.15 * (basic - 5000.0);
        assert!((employer_cost(basic) - expected).abs() < 1e-9);
        assert!((employer_cost(basic) - 65_951.7).abs() < 1.0);
    }
}
