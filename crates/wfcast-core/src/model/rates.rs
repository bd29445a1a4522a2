//! The rates people move at: leaving and retirement per cell (competing risks), band moves
//! per role and band, and what a draw's parameters and the labour-market levers make of
//! them in one year ([`YearRates`]). See docs/model.md, "Leaving, retirement and band moves"
//! and "The labour market".

use super::draws::DrawParams;
use super::pay::Pay;
use super::policy::PolicyTables;
use crate::input::Baseline;
use crate::scenario::{BandRows, ParamId};
use crate::taxonomy::{BANDS, CELLS, Cell, N_AGES, N_BANDS, RoleRegion};

/// Leaving and retirement probabilities as competing risks: when together they exceed 1
/// they are scaled down in proportion, so everyone has exactly one fate.
///
/// ```
/// use wfcast_core::model::competing;
/// assert_eq!(competing(0.1, 0.2), (0.1, 0.2));
/// let (l, r) = competing(0.9, 0.6);
/// assert!((l + r - 1.0).abs() < 1e-12);
/// ```
pub fn competing(leave: f64, retire: f64) -> (f64, f64) {
    let (l, r) = (leave.clamp(0.0, 1.0), retire.clamp(0.0, 1.0));
    if l + r > 1.0 {
        (l / (l + r), r / (l + r))
    } else {
        (l, r)
    }
}

/// The band moves out of one band for one role x region and draw: up to `len` destination
/// bands with their annual probabilities (the rest of the band stays).
#[derive(Debug, Clone, Copy)]
pub(crate) struct BandMoves {
    pub(crate) to: [usize; N_BANDS],
    pub(crate) p: [f64; N_BANDS],
    pub(crate) len: usize,
}

impl BandMoves {
    /// Destination band index and probability of each move.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.to[..self.len]
            .iter()
            .copied()
            .zip(self.p[..self.len].iter().copied())
    }

    /// Probability of moving out of the band at all.
    pub(crate) fn total(&self) -> f64 {
        self.p[..self.len].iter().sum()
    }
}

/// The band moves of `rows`' row with every probability times `scale`, keeping only moves
/// that happen.
fn scaled(row: &[(usize, f64)], scale: f64) -> Vec<(usize, f64)> {
    row.iter()
        .map(|&(to, p)| (to, p * scale))
        .filter(|&(_, p)| p > 0.0)
        .collect()
}

/// Rates that do not change between draws.
#[derive(Debug, Clone)]
pub(crate) struct Rates {
    /// Leaver probability per cell (role x region x band x age) before multipliers.
    leave: Vec<f64>,
    /// Band moves per (role, band) before the promotion multiplier: destination band and
    /// probability (the data's next-band rate, or a row of a band transition matrix).
    band_moves: Vec<Vec<(usize, f64)>>,
}

impl Rates {
    /// The data's leaver and promotion rates, with the scenario's band transition rows in
    /// place of the promotion rate where given. A role's own row already holds the role's
    /// rates; a national row is scaled by the role's promotion multiplier from the data.
    pub(crate) fn new(baseline: &Baseline, rows: &BandRows) -> Self {
        let n_roles = baseline.roles.len();
        let mut leave = vec![0.0; baseline.n_cells()];
        let mut band_moves = vec![Vec::new(); n_roles * N_BANDS];
        for (r, role) in baseline.roles.iter().enumerate() {
            for rr in RoleRegion::all(n_roles, baseline.n_places()).filter(|rr| rr.role() == r) {
                for cell in Cell::all() {
                    leave[rr.cell(cell)] = baseline.leaver_probability(r, cell.band(), cell.age());
                }
            }
            for b in 0..BANDS.len() {
                band_moves[r * N_BANDS + b] = match rows.row(r, b) {
                    Some((row, true)) => scaled(row, 1.0),
                    Some((row, false)) => scaled(row, role.promotion_multiplier),
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
        Self { leave, band_moves }
    }

    /// Leaving and retirement probabilities of `cell` of `rr`, as competing risks, under the
    /// year's leaving multiplier `leaving`.
    pub(crate) fn leave_probabilities(
        &self,
        baseline: &Baseline,
        rr: RoleRegion,
        cell: Cell,
        params: &DrawParams,
        leaving: f64,
    ) -> (f64, f64) {
        competing(
            self.leave[rr.cell(cell)] * leaving,
            baseline.retirement_rate[cell.age()] * params.get(ParamId::Retirement, rr),
        )
    }

    /// Where staff of `band` in `rr` who stay move in a year: the data's next-band rate or
    /// the band transition matrix's row, times the promotion multiplier, scaled down in
    /// proportion if the row would exceed 1.
    pub(crate) fn band_moves(&self, rr: RoleRegion, band: usize, params: &DrawParams) -> BandMoves {
        let base = &self.band_moves[rr.role() * N_BANDS + band];
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
}

/// What one draw's parameters and the policy levers give for one year, per role x region.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearRates {
    /// Leaving multiplier (scenario x labour market x retention policy).
    pub(crate) leaving: Vec<f64>,
    /// Share of posts the domestic market filled in the base year, where this role x region
    /// stands against the national market (see [`super::labour`]).
    pub(crate) fill: Vec<f64>,
    /// The candidate pool relative to the base year's.
    pub(crate) pool: Vec<f64>,
    /// International fill rate.
    pub(crate) international: Vec<f64>,
    /// Premium (share of basic pay).
    pub(crate) premium: Vec<f64>,
}

impl YearRates {
    /// The rates of year index `t` (0 = the base year) under `params`, written into `self`
    /// (its buffers are reused from year to year).
    pub(crate) fn fill(&mut self, pay: &Pay, policy: &PolicyTables, params: &DrawParams, t: usize) {
        let n_rr = pay.n_role_regions();
        let n_places = pay.n_places();
        for v in [
            &mut self.leaving,
            &mut self.fill,
            &mut self.pool,
            &mut self.international,
            &mut self.premium,
        ] {
            v.clear();
            v.resize(n_rr, 0.0);
        }
        for rr in RoleRegion::all(n_rr / n_places, n_places) {
            let i = rr.index();
            let lever = policy.at(t, rr);
            let market = (1.0 + params.get(ParamId::MarketPayGrowth, rr)).powi(t as i32);
            // Market pay over NHS pay: relative to the base year for leaving and for the
            // candidate pool (the data's rates already reflect today's market), relative
            // to the national mean for the base year's fill (scarce, well-paid-outside
            // roles fill less often).
            let pressure0 = pay.pressure0(rr);
            let pressure = pressure0 * market / (1.0 + lever.premium);
            let fill_elasticity = params.get(ParamId::FillElasticity, rr);
            let leave_push =
                (pressure / pressure0).powf(params.get(ParamId::LeavingElasticity, rr));
            let fill_pull = (pressure0 / pay.mean_pressure()).powf(-fill_elasticity);
            let pool_growth = (1.0 + params.get(ParamId::PoolGrowth, rr)).powi(t as i32);
            let year_effect =
                (params.year_effects[t].leaving * params.get(ParamId::LeavingYearSd, rr)).exp();
            self.leaving[i] =
                params.get(ParamId::Leaving, rr) * leave_push * lever.retention * year_effect;
            self.fill[i] = (params.get(ParamId::FillRate, rr) * fill_pull).clamp(0.0, 1.0);
            self.pool[i] = pool_growth * (pressure / pressure0).powf(-fill_elasticity);
            self.international[i] =
                (params.get(ParamId::InternationalFill, rr) + lever.international).clamp(0.0, 1.0);
            self.premium[i] = lever.premium;
        }
    }
}

/// Share of a role's hires joining each band x age cell. Hires join at the role's band mix;
/// within a band their age follows the hire age mix weighted by how likely staff of each
/// age are to be in that band (`P(age | band) ∝ hire_age_share[age] x P(band | age)` from
/// the role's national staff in post), so senior bands recruit older people. A band with no
/// staff takes the hire age mix as it is. Used as probabilities by the Monte Carlo engine
/// and as shares by the expected-value engine.
pub(crate) fn hire_mix(baseline: &Baseline, role: usize) -> [f64; CELLS] {
    let band_mix = baseline.band_mix(role);
    let mut stock = [0.0; CELLS];
    for rr in
        RoleRegion::all(baseline.roles.len(), baseline.n_places()).filter(|rr| rr.role() == role)
    {
        for (s, &n) in stock.iter_mut().zip(&baseline.headcount[rr.cells()]) {
            *s += f64::from(n);
        }
    }
    let by_age: [f64; N_AGES] =
        std::array::from_fn(|a| (0..N_BANDS).map(|b| stock[Cell::new(b, a).index()]).sum());
    let mut mix = [0.0; CELLS];
    for (b, &share) in band_mix.iter().enumerate() {
        let weight: [f64; N_AGES] = std::array::from_fn(|a| {
            let in_band = if by_age[a] > 0.0 {
                stock[Cell::new(b, a).index()] / by_age[a]
            } else {
                0.0
            };
            baseline.hire_age_share[a] * in_band
        });
        let total: f64 = weight.iter().sum();
        for a in 0..N_AGES {
            let p = if total > 0.0 {
                weight[a] / total
            } else {
                baseline.hire_age_share[a]
            };
            mix[Cell::new(b, a).index()] = share * p;
        }
    }
    mix
}
