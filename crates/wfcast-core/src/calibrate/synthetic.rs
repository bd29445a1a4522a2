//! Synthetic ESR-style histories generated from known parameters: the truth a calibration
//! should recover, for tests and the shipped example history.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rand::Rng;
use rand_distr::weighted::WeightedAliasIndex;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::input::{Baseline, CellYear, History, HistoryYear};
use crate::model::competing;
use crate::rng::{WfRng, binomial, param_stream};
use crate::taxonomy::{AGEING_RATE, CELLS, N_AGES, N_BANDS};

/// The parameters a synthetic history is generated from: the truth a calibration should
/// recover. Rates are multipliers on the baseline data's rate tables, as in scenario files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrueParams {
    /// First year written to the history.
    pub first_year: i32,
    /// Last year written.
    pub last_year: i32,
    /// Staff in post two years before the first year, as a share of the baseline's
    /// (each person of the baseline kept with this probability).
    pub start_scale: f64,
    /// Multiplier on the data's leaver rates, per role (`leaving.multiplier`).
    pub leaving: BTreeMap<String, f64>,
    /// Multiplier on the data's retirement rates, the same for every role.
    pub retirement: f64,
    /// Multiplier on the data's promotion rates, per role.
    pub promotion: BTreeMap<String, f64>,
    /// Share of open posts filled from the domestic market in a year, per role.
    pub fill_rate: BTreeMap<String, f64>,
    /// Share of the posts still open after domestic hiring filled from abroad.
    pub international_fill: f64,
    /// Share of last year's leavers who come back.
    pub return_rate: f64,
    /// Mean annual growth of the funded establishment, per role.
    pub growth: BTreeMap<String, f64>,
    /// How much each year differs from the mean: standard deviations of the year effects.
    pub year_effects: YearEffects,
}

/// Standard deviations of the random year effects of a synthetic history. Rates are
/// multiplied by `exp(e - sd^2 / 2)` with `e ~ Normal(0, sd)` drawn once per year for the
/// whole country (so the mean multiplier is 1); growth gets a national and a per-role shock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEffects {
    /// Log-scale sd of the national leaving effect.
    pub leaving: f64,
    /// Log-scale sd of the national retirement effect.
    pub retirement: f64,
    /// Log-scale sd of the national promotion effect.
    pub promotion: f64,
    /// Log-scale sd of the national domestic fill effect.
    pub fill_rate: f64,
    /// Log-scale sd of the national international fill effect.
    pub international_fill: f64,
    /// Log-scale sd of the national return effect.
    pub return_rate: f64,
    /// sd of the national shock added to every role's growth in a year.
    pub growth_national: f64,
    /// sd of each role's own shock added to its growth in a year.
    pub growth_role: f64,
}

impl TrueParams {
    /// The parameters of the shipped synthetic history (`data/esr_history_2014_2019.csv`):
    /// per-role values drawn once from `seed` around the data's rates, plausible for the
    /// NHS DDaT workforce of the late 2010s (invented, not estimated from any real data).
    pub fn synthetic(baseline: &Baseline, seed: u64) -> Self {
        let mut rng = param_stream(seed, 0, "history.truth");
        let mut per_role = |f: &mut dyn FnMut(&mut WfRng, usize) -> f64| -> BTreeMap<String, f64> {
            baseline
                .roles
                .iter()
                .enumerate()
                .map(|(r, role)| (role.id.clone(), round4(f(&mut rng, r))))
                .collect()
        };
        let lognormal = |rng: &mut WfRng, sd: f64| (sd * standard_normal(rng)).exp();
        let leaving = per_role(&mut |rng, _| 0.95 * lognormal(rng, 0.12));
        let promotion = per_role(&mut |rng, _| lognormal(rng, 0.15));
        let fill_rate = per_role(&mut |rng, _| (0.7 * lognormal(rng, 0.1)).min(0.95));
        let growth = per_role(&mut |rng, _| 0.025 + 0.012 * standard_normal(rng));
        Self {
            first_year: 2014,
            last_year: 2019,
            start_scale: 0.75,
            leaving,
            retirement: 1.1,
            promotion,
            fill_rate,
            international_fill: 0.06,
            return_rate: 0.03,
            growth,
            year_effects: YearEffects {
                leaving: 0.06,
                retirement: 0.05,
                promotion: 0.08,
                fill_rate: 0.06,
                international_fill: 0.15,
                return_rate: 0.15,
                growth_national: 0.008,
                growth_role: 0.006,
            },
        }
    }

    /// The parameters as TOML, with a header saying what they are.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_else(|e| format!("# cannot write: {e}\n"));
        format!(
            "# The true parameters of the synthetic history written next to this file.\n\
             # Multipliers are on the rates of data/roles.csv, bands.csv and ages.csv, as in\n\
             # scenario files; year_effects are the standard deviations of the random year\n\
             # effects (see crates/wfcast-core/src/history.rs, TrueParams and simulate).\n\n{body}"
        )
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // Normal::new(0, 1) cannot fail; the fallback keeps this panic-free
    Normal::new(0.0, 1.0).map_or(0.0, |n| n.sample(rng))
}

/// A year's multiplicative effect with mean 1: `exp(e - sd^2/2)`, `e ~ Normal(0, sd)`.
fn year_effect<R: Rng + ?Sized>(rng: &mut R, sd: f64) -> f64 {
    (sd * standard_normal(rng) - 0.5 * sd * sd).exp()
}

/// Generates a synthetic history from `truth` on `baseline`'s roles and rate tables, with
/// the same year step as the cohort model (leaving and retirement as competing risks,
/// promotion of those who stay, ageing, returners, demand growth, recruitment to the gap)
/// but written independently of it, and with random year effects on every rate. The same
/// `seed` gives the same history.
///
/// The stock two years before `truth.first_year` is the baseline's staff thinned to
/// `truth.start_scale`; the year before the first is simulated but not written, so the
/// first year's returners have leavers to come from.
pub fn simulate(truth: &TrueParams, baseline: &Baseline, seed: u64) -> History {
    let mut rng = param_stream(seed, 1, "history.simulate");
    let n_roles = baseline.roles.len();
    let n_rr = baseline.n_role_regions();
    let by_role = |m: &BTreeMap<String, f64>, default: f64| -> Vec<f64> {
        baseline
            .roles
            .iter()
            .map(|r| m.get(&r.id).copied().unwrap_or(default))
            .collect()
    };
    let leaving = by_role(&truth.leaving, 1.0);
    let promotion = by_role(&truth.promotion, 1.0);
    let fill = by_role(&truth.fill_rate, 0.7);
    let growth = by_role(&truth.growth, 0.0);
    let hire_alias: Vec<Option<WeightedAliasIndex<f64>>> = (0..n_roles)
        .map(|r| {
            let mix = baseline.band_mix(r);
            let w: Vec<f64> = (0..CELLS)
                .map(|i| mix[i / N_AGES] * baseline.hire_age_share[i % N_AGES])
                .collect();
            WeightedAliasIndex::new(w).ok()
        })
        .collect();
    let mut stock: Vec<u32> = baseline
        .headcount
        .iter()
        .map(|&n| binomial(&mut rng, u64::from(n), truth.start_scale) as u32)
        .collect();
    let wte_of = |stock: &[u32], rr: usize| -> f64 {
        (rr * CELLS..(rr + 1) * CELLS)
            .map(|c| f64::from(stock[c]) * baseline.fte[c])
            .sum()
    };
    let mut demand: Vec<f64> = (0..n_rr)
        .map(|rr| wte_of(&stock, rr) + baseline.vacancies_wte[rr] * truth.start_scale)
        .collect();
    let mut last_leavers = vec![0u64; n_rr];
    let ye = &truth.year_effects;
    let mut years = Vec::new();
    for year in truth.first_year - 1..=truth.last_year {
        let e_leave = year_effect(&mut rng, ye.leaving);
        let e_retire = year_effect(&mut rng, ye.retirement);
        let e_promote = year_effect(&mut rng, ye.promotion);
        let e_fill = year_effect(&mut rng, ye.fill_rate);
        let e_intl = year_effect(&mut rng, ye.international_fill);
        let e_return = year_effect(&mut rng, ye.return_rate);
        let g_national = ye.growth_national * standard_normal(&mut rng);
        let g_role: Vec<f64> = (0..n_roles)
            .map(|_| ye.growth_role * standard_normal(&mut rng))
            .collect();
        let mut cells = vec![CellYear::default(); stock.len()];
        let mut next = vec![0u32; stock.len()];
        for rr in 0..n_rr {
            let role = rr / baseline.n_places();
            let r = &baseline.roles[role];
            let mut leavers_rr = 0;
            for band in 0..N_BANDS {
                for age in 0..N_AGES {
                    let c = rr * CELLS + band * N_AGES + age;
                    let n = u64::from(stock[c]);
                    if n == 0 {
                        continue;
                    }
                    let p_leave =
                        baseline.leaver_probability(role, band, age) * leaving[role] * e_leave;
                    let p_retire = baseline.retirement_rate[age] * truth.retirement * e_retire;
                    let (pl, pr) = competing(p_leave, p_retire);
                    let left = binomial(&mut rng, n, pl);
                    let retired = if pl < 1.0 {
                        binomial(&mut rng, n - left, pr / (1.0 - pl))
                    } else {
                        0
                    };
                    let stay = n - left - retired;
                    let promoted = if band + 1 < N_BANDS {
                        let p = baseline.band_promotion_rate[band]
                            * r.promotion_multiplier
                            * promotion[role]
                            * e_promote;
                        binomial(&mut rng, stay, p.min(1.0))
                    } else {
                        0
                    };
                    let older = (age + 1).min(N_AGES - 1);
                    for (to_band, k) in [(band, stay - promoted), (band + 1, promoted)] {
                        if k == 0 {
                            continue;
                        }
                        let aged = binomial(&mut rng, k, AGEING_RATE[age]);
                        let base = rr * CELLS + to_band * N_AGES;
                        next[base + older] += aged as u32;
                        next[base + age] += (k - aged) as u32;
                    }
                    leavers_rr += left;
                    let cy = &mut cells[c];
                    cy.leavers = left as u32;
                    cy.retirements = retired as u32;
                    cy.promotions_out = promoted as u32;
                }
            }
            let alias = hire_alias[role].as_ref();
            let returners = binomial(
                &mut rng,
                last_leavers[rr],
                (truth.return_rate * e_return).min(1.0),
            );
            place(alias, returners, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_returners
            });
            last_leavers[rr] = leavers_rr;
            demand[rr] *= (1.0 + growth[role] + g_national + g_role[role]).max(0.0);
            let supply = wte_of(&next, rr);
            let posts = ((demand[rr] - supply).max(0.0) / r.fte_ratio).round() as u64;
            let hired = binomial(&mut rng, posts, (fill[role] * e_fill).min(1.0));
            let abroad = binomial(
                &mut rng,
                posts - hired,
                (truth.international_fill * e_intl).min(1.0),
            );
            place(alias, hired, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_domestic
            });
            place(alias, abroad, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_international
            });
        }
        stock = next;
        for (c, cy) in cells.iter_mut().enumerate() {
            cy.headcount = stock[c];
            cy.fte = (f64::from(stock[c]) * baseline.fte[c] * 10.0).round() / 10.0;
        }
        for (rr, d) in demand.iter().enumerate() {
            let wte: f64 = cells[rr * CELLS..(rr + 1) * CELLS]
                .iter()
                .map(|c| c.fte)
                .sum();
            spread_vacancies(&mut cells[rr * CELLS..(rr + 1) * CELLS], (d - wte).max(0.0));
        }
        if year >= truth.first_year {
            years.push(HistoryYear { year, cells });
        }
    }
    History {
        file: PathBuf::from(format!("synthetic history (seed {seed})")),
        roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
        places: baseline.geography.place_ids().map(str::to_owned).collect(),
        years,
    }
}

/// Places `n` joiners of role x region `rr` into its cells by the hire mix `alias`,
/// counting them in `next` (the year-end stock) and in the route's column of `cells`.
fn place(
    alias: Option<&WeightedAliasIndex<f64>>,
    n: u64,
    rr: usize,
    rng: &mut WfRng,
    next: &mut [u32],
    cells: &mut [CellYear],
    route: fn(&mut CellYear) -> &mut u32,
) {
    let Some(alias) = alias else {
        return;
    };
    for _ in 0..n {
        let c = rr * CELLS + alias.sample(rng);
        next[c] += 1;
        *route(&mut cells[c]) += 1;
    }
}

/// Spreads `vacant` WTE (rounded to 0.1) over a role and region's rows in proportion to
/// their FTE, by largest remainder in tenths, so the rows add up to the total exactly.
fn spread_vacancies(cells: &mut [CellYear], vacant: f64) {
    let tenths = (vacant * 10.0).round() as u64;
    let total_fte: f64 = cells.iter().map(|c| c.fte).sum();
    if tenths == 0 || total_fte <= 0.0 {
        return;
    }
    let shares: Vec<f64> = cells
        .iter()
        .map(|c| tenths as f64 * c.fte / total_fte)
        .collect();
    let mut given: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let mut left = tenths - given.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor()))
    });
    for i in order {
        if left == 0 {
            break;
        }
        if cells[i].fte > 0.0 {
            given[i] += 1;
            left -= 1;
        }
    }
    for (c, g) in cells.iter_mut().zip(given) {
        c.vacancies_wte = g as f64 / 10.0;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::History;

    fn baseline() -> Baseline {
        Baseline::embedded().unwrap()
    }

    #[test]
    fn a_generated_history_reads_back_identically() {
        let b = baseline();
        let truth = TrueParams::synthetic(&b, 1);
        let h = simulate(&truth, &b, 3);
        let text = h.to_csv();
        let back = History::parse(Path::new("h.csv"), &text, &b).unwrap();
        assert_eq!(back.years.len(), 6);
        for (a, b) in h.years.iter().zip(&back.years) {
            assert_eq!(a.year, b.year);
            assert_eq!(a.cells, b.cells);
        }
    }

    /// Stock conservation: end = start - leavers - retirements + joiners, nationally, every year.
    #[test]
    fn generated_stock_is_conserved() {
        let b = baseline();
        let h = simulate(&TrueParams::synthetic(&b, 1), &b, 9);
        for w in h.years.windows(2) {
            let start: u64 = w[0].cells.iter().map(|c| u64::from(c.headcount)).sum();
            let end: u64 = w[1].cells.iter().map(|c| u64::from(c.headcount)).sum();
            let flows: i64 = w[1]
                .cells
                .iter()
                .map(|c| {
                    i64::from(c.joiners_domestic + c.joiners_international + c.joiners_returners)
                        - i64::from(c.leavers + c.retirements)
                })
                .sum();
            assert_eq!(end as i64, start as i64 + flows, "year {}", w[1].year);
        }
        let first: u32 = h.years[0].cells.iter().map(|c| c.headcount).sum();
        assert!((38_000..=42_000).contains(&first), "2014 headcount {first}");
    }
}
