//! The cohort model: staff in post by role, region, band and age, stepped one year at a
//! time in the order of DESIGN.md — leaving and retirement, promotion, ageing, demand,
//! recruitment — with every flow an integer draw (process noise).

use rand::Rng;

use crate::baseline::Baseline;
use crate::draws::DrawParams;
use crate::rng::binomial;
use crate::taxonomy::{AGEING_RATE, N_AGES, N_BANDS, N_REGIONS};

/// What the model records per role x region each year, in this order.
pub const BASE_METRICS: [&str; 7] = [
    "headcount",
    "wte",
    "demand_wte",
    "leavers",
    "retirements",
    "joiners",
    "promotions",
];
/// Number of [`BASE_METRICS`].
pub const N_BASE: usize = BASE_METRICS.len();
/// Position of each base metric in a record.
pub(crate) mod m {
    pub(crate) const HEADCOUNT: usize = 0;
    pub(crate) const WTE: usize = 1;
    pub(crate) const DEMAND: usize = 2;
    pub(crate) const LEAVERS: usize = 3;
    pub(crate) const RETIREMENTS: usize = 4;
    pub(crate) const JOINERS: usize = 5;
    pub(crate) const PROMOTIONS: usize = 6;
}

/// Rates that do not change between draws, laid out per cell once per scenario.
#[derive(Debug, Clone)]
pub struct CohortModel<'a> {
    baseline: &'a Baseline,
    /// Leaver probability per cell before the draw's multiplier.
    leave: Vec<f64>,
    /// Promotion probability per (role, band) before the draw's multiplier.
    promote: Vec<f64>,
    /// Cumulative thresholds (as u64) of each role's hire band mix.
    hire_band: Vec<[u64; N_BANDS]>,
    /// Cumulative thresholds of the hire age distribution.
    hire_age: [u64; N_AGES],
    /// Establishment (WTE) per role x region in the base year.
    demand0: Vec<f64>,
}

/// Cumulative probabilities as u64 thresholds, so one `next_u64` picks a category.
fn thresholds<const N: usize>(probs: &[f64; N]) -> [u64; N] {
    let mut out = [u64::MAX; N];
    let mut acc = 0.0;
    for (slot, p) in out.iter_mut().zip(probs) {
        acc += p;
        *slot = if acc >= 1.0 {
            u64::MAX
        } else {
            (acc * 18_446_744_073_709_551_616.0) as u64
        };
    }
    out[N - 1] = u64::MAX;
    out
}

fn pick(thresholds: &[u64], u: u64) -> usize {
    thresholds
        .iter()
        .position(|&t| u < t)
        .unwrap_or(thresholds.len() - 1)
}

impl<'a> CohortModel<'a> {
    /// Lays out the baseline's rates for fast stepping.
    pub fn new(baseline: &'a Baseline) -> Self {
        let n_roles = baseline.roles.len();
        let mut leave = vec![0.0; baseline.n_cells()];
        let mut promote = vec![0.0; n_roles * N_BANDS];
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
            for b in 0..N_BANDS - 1 {
                promote[r * N_BANDS + b] =
                    baseline.band_promotion_rate[b] * role.promotion_multiplier;
            }
        }
        let hire_band = (0..n_roles)
            .map(|r| thresholds(&baseline.band_mix(r)))
            .collect();
        let wte = baseline.wte_by_role_region();
        let demand0 = wte
            .iter()
            .zip(&baseline.vacancies_wte)
            .map(|(w, v)| w + v)
            .collect();
        Self {
            baseline,
            leave,
            promote,
            hire_band,
            hire_age: thresholds(&baseline.hire_age_share),
            demand0,
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

    /// Runs one draw for `years` years, writing `(years + 1) x role-region x N_BASE` values
    /// into `out` (year 0 = the baseline as read). `state` is scratch space, reused.
    pub fn run_draw<R: Rng>(
        &self,
        params: &DrawParams,
        years: usize,
        rng: &mut R,
        state: &mut Vec<u32>,
        out: &mut [f64],
    ) {
        let b = self.baseline;
        let n_rr = self.n_role_regions();
        let per_year = n_rr * N_BASE;
        debug_assert_eq!(out.len(), (years + 1) * per_year);
        state.clear();
        state.extend_from_slice(&b.headcount);
        out.fill(0.0);
        let mut demand = self.demand0.clone();
        self.record_stock(state, &demand, &mut out[..per_year]);
        let cells_per_rr = N_BANDS * N_AGES;
        for year in 1..=years {
            let rec = &mut out[year * per_year..(year + 1) * per_year];
            for rr in 0..n_rr {
                let role = rr / N_REGIONS;
                let cells = &mut state[rr * cells_per_rr..(rr + 1) * cells_per_rr];
                let flows = self.leave_and_promote(rr, role, params, cells, rng);
                age(cells, rng);
                demand[rr] *= (1.0 + params.growth[rr] - params.automation[rr]).max(0.0);
                let hires = self.recruit(rr, role, params.fill_rate[rr], demand[rr], cells, rng);
                let r = &mut rec[rr * N_BASE..(rr + 1) * N_BASE];
                r[m::LEAVERS] = flows[0] as f64;
                r[m::RETIREMENTS] = flows[1] as f64;
                r[m::PROMOTIONS] = flows[2] as f64;
                r[m::JOINERS] = hires as f64;
            }
            self.record_stock(state, &demand, rec);
        }
    }

    /// Step 1 and 2 for one role x region: leavers and retirements as competing risks, then
    /// promotion of those who stay. Bands are walked from the top so that people promoted
    /// into a band are not moved again in the same year. Returns (leavers, retirements, promotions).
    fn leave_and_promote<R: Rng>(
        &self,
        rr: usize,
        role: usize,
        params: &DrawParams,
        cells: &mut [u32],
        rng: &mut R,
    ) -> [u64; 3] {
        let b = self.baseline;
        let (lm, rm, pm) = (
            params.leaving[rr],
            params.retirement[rr],
            params.promotion[rr],
        );
        let base = rr * N_BANDS * N_AGES;
        let mut flows = [0u64; 3];
        for band in (0..N_BANDS).rev() {
            let p_promote = (self.promote[role * N_BANDS + band] * pm).min(1.0);
            for age in 0..N_AGES {
                let i = band * N_AGES + age;
                let n = u64::from(cells[i]);
                if n == 0 {
                    continue;
                }
                let (pl, pr) = competing(self.leave[base + i] * lm, b.retirement_rate[age] * rm);
                let leavers = binomial(rng, n, pl);
                let retirements = if pl < 1.0 {
                    binomial(rng, n - leavers, pr / (1.0 - pl))
                } else {
                    0
                };
                let stay = n - leavers - retirements;
                let promoted = binomial(rng, stay, p_promote);
                cells[i] = (stay - promoted) as u32;
                if promoted > 0 {
                    cells[i + N_AGES] += promoted as u32;
                }
                flows[0] += leavers;
                flows[1] += retirements;
                flows[2] += promoted;
            }
        }
        flows
    }

    /// Step 6 for one role x region: vacancies against this year's demand, filled from
    /// outside with the fill rate; hires join at the role's band mix and the hire age mix.
    fn recruit<R: Rng>(
        &self,
        rr: usize,
        role: usize,
        fill_rate: f64,
        demand: f64,
        cells: &mut [u32],
        rng: &mut R,
    ) -> u64 {
        let b = self.baseline;
        let fte = &b.fte[rr * N_BANDS * N_AGES..(rr + 1) * N_BANDS * N_AGES];
        let supply: f64 = cells.iter().zip(fte).map(|(&n, &f)| f64::from(n) * f).sum();
        let vacant_wte = (demand - supply).max(0.0);
        let vacant_posts = (vacant_wte / b.roles[role].fte_ratio).round() as u64;
        let hires = binomial(rng, vacant_posts, fill_rate);
        for _ in 0..hires {
            let band = pick(&self.hire_band[role], rng.next_u64());
            let age = pick(&self.hire_age, rng.next_u64());
            cells[band * N_AGES + age] += 1;
        }
        hires
    }

    fn record_stock(&self, state: &[u32], demand: &[f64], rec: &mut [f64]) {
        let cells_per_rr = N_BANDS * N_AGES;
        for (rr, r) in rec.chunks_exact_mut(N_BASE).enumerate() {
            let cells = &state[rr * cells_per_rr..(rr + 1) * cells_per_rr];
            let fte = &self.baseline.fte[rr * cells_per_rr..(rr + 1) * cells_per_rr];
            r[m::HEADCOUNT] = cells.iter().map(|&n| f64::from(n)).sum();
            r[m::WTE] = cells.iter().zip(fte).map(|(&n, &f)| f64::from(n) * f).sum();
            r[m::DEMAND] = demand[rr];
        }
    }
}

/// Leaving and retirement probabilities as competing risks: when together they exceed 1
/// they are scaled down in proportion, so everyone has exactly one fate.
fn competing(leave: f64, retire: f64) -> (f64, f64) {
    let (l, r) = (leave.clamp(0.0, 1.0), retire.clamp(0.0, 1.0));
    if l + r > 1.0 {
        (l / (l + r), r / (l + r))
    } else {
        (l, r)
    }
}

/// Step 3: a share of each age band moves up one band, walked from the oldest so nobody
/// ages twice in a year.
fn age<R: Rng>(cells: &mut [u32], rng: &mut R) {
    for band in 0..N_BANDS {
        let row = &mut cells[band * N_AGES..(band + 1) * N_AGES];
        for a in (0..N_AGES - 1).rev() {
            let moving = binomial(rng, u64::from(row[a]), AGEING_RATE[a]) as u32;
            row[a] -= moving;
            row[a + 1] += moving;
        }
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
}
