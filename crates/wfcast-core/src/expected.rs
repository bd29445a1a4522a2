//! The expected-value engine: the cohort model without sampling. Staff in post move as
//! `n(t+1) = n(t) P + r(t)` per role x region, with `P` the band x age transition matrix
//! (leaving, retirement, promotion, ageing) built from the same rates the Monte Carlo
//! engine draws from, and `r(t)` the expected joiners from pipelines, returners and
//! recruitment. Every parameter is at its central value; the result is one "draw" whose
//! quantiles equal its mean.

use nalgebra::{DMatrix, RowDVector};

use crate::baseline::Baseline;
use crate::cohort::{CELLS, CohortModel, FIXED_METRICS, course_offsets, m, route_offsets};
use crate::draws::{DrawParams, DrawPlan};
use crate::engine::{Method, Projection};
use crate::markov::step;
use crate::scenario::{ParamId, Scenario};
use crate::taxonomy::{AGEING_RATE, N_AGES, N_BANDS, N_REGIONS};

/// The band x age transition matrix of leaving, retirement and band moves (promotion or a
/// band transition matrix's rows) for one role x region and year, and the expected leavers,
/// retirements, promotions and demotions per person in each cell. Ageing is a second matrix
/// ([`ageing`]), applied after moves between roles and regions.
fn transition(
    model: &CohortModel<'_>,
    rr: usize,
    params: &DrawParams,
    leaving: f64,
) -> (DMatrix<f64>, Vec<[f64; 4]>) {
    let mut flows = vec![[0.0; 4]; CELLS];
    let mut l = DMatrix::<f64>::zeros(CELLS, CELLS);
    for band in 0..N_BANDS {
        let moves = model.band_moves(rr, band, params);
        for age in 0..N_AGES {
            let i = band * N_AGES + age;
            let (pl, pr) = model.leave_probabilities(rr, band, age, params, leaving);
            let stay = 1.0 - pl - pr;
            l[(i, i)] = stay * (1.0 - moves.total());
            let (mut up, mut down) = (0.0, 0.0);
            for (to, p) in moves.iter() {
                l[(i, to * N_AGES + age)] += stay * p;
                if to > band {
                    up += stay * p;
                } else {
                    down += stay * p;
                }
            }
            flows[i] = [pl, pr, up, down];
        }
    }
    (l, flows)
}

/// The ageing matrix: a share of each age band moves up one band a year.
fn ageing() -> DMatrix<f64> {
    let mut a = DMatrix::<f64>::zeros(CELLS, CELLS);
    for band in 0..N_BANDS {
        for (age, rate) in AGEING_RATE.iter().enumerate() {
            let i = band * N_AGES + age;
            a[(i, i)] = 1.0 - rate;
            if age + 1 < N_AGES {
                a[(i, i + 1)] = *rate;
            }
        }
    }
    a
}

/// Expected role and region moves of the staff who stayed (the same probabilities the Monte
/// Carlo engine draws from), applied to every role x region at once.
fn apply_moves(
    model: &CohortModel<'_>,
    params: &DrawParams,
    stock: &mut [RowDVector<f64>],
    rec: &mut [f64],
    stride: usize,
) {
    let before: Vec<RowDVector<f64>> = stock.to_vec();
    for (rr, n) in before.iter().enumerate() {
        let (targets, rho) = model.move_probabilities(rr, params);
        if targets.is_empty() && rho <= 0.0 {
            continue;
        }
        let (role, region) = (rr / N_REGIONS, rr % N_REGIONS);
        let out_share = targets.iter().map(|t| t.1).sum::<f64>() + rho;
        stock[rr] -= n * out_share;
        rec[rr * stride + m::MOVES_OUT] += n.sum() * out_share;
        for &(to, p) in &targets {
            stock[to] += n * p;
            rec[to * stride + m::MOVES_IN] += n.sum() * p;
        }
        for (h, share) in model.region_destinations(region).iter().enumerate() {
            let to = role * N_REGIONS + h;
            stock[to] += n * (rho * share);
            rec[to * stride + m::MOVES_IN] += n.sum() * rho * share;
        }
    }
}

/// Expected upskilling in region `g`: `completers` (capped at the eligible staff) taken from
/// every eligible cell in proportion to its stock, landing in the band above and/or the
/// route's role mix. Amounts are taken from the stock before any lands, as in the Monte
/// Carlo engine.
fn apply_upskilling(
    model: &CohortModel<'_>,
    k: usize,
    g: usize,
    completers: f64,
    stock: &mut [RowDVector<f64>],
    rec: &mut [f64],
) {
    let u = &model.upskilling[k];
    let stride = model.stride();
    let metric = model.upskilled_metric(k);
    let eligible: f64 = u
        .rows
        .iter()
        .map(|&(role, band)| {
            let n = &stock[role * N_REGIONS + g];
            (0..N_AGES).map(|a| n[band * N_AGES + a]).sum::<f64>()
        })
        .sum();
    if eligible <= 0.0 {
        return;
    }
    let share = (completers / eligible).min(1.0);
    let mut landing = Vec::new();
    for &(role, band) in &u.rows {
        let rr = role * N_REGIONS + g;
        for a in 0..N_AGES {
            let i = band * N_AGES + a;
            let moved = stock[rr][i] * share;
            stock[rr][i] -= moved;
            let to_cell = u.destination_band(band) * N_AGES + a;
            match &u.to_roles {
                Some(mix) => landing.extend(
                    mix.iter()
                        .enumerate()
                        .map(|(to_role, w)| (rr, to_role * N_REGIONS + g, to_cell, moved * w)),
                ),
                None => landing.push((rr, rr, to_cell, moved)),
            }
        }
    }
    for (from, to, cell, x) in landing {
        stock[to][cell] += x;
        rec[to * stride + metric] += x;
        if to != from {
            rec[from * stride + m::MOVES_OUT] += x;
            rec[to * stride + m::MOVES_IN] += x;
        }
    }
}

/// Projects `scenario` by expected values at central parameters.
pub fn run_expected(scenario: &Scenario, baseline: &Baseline) -> Projection {
    let model = CohortModel::new(baseline, scenario);
    let params = DrawPlan::new(scenario, baseline).sample(0);
    let a = ageing();
    let n_rr = model.n_role_regions();
    let stride = model.stride();
    let per_year = n_rr * stride;
    let n_fixed = FIXED_METRICS.len();
    let years = model.years();
    let mut records = vec![0.0; (years + 1) * per_year];
    let mut stock: Vec<RowDVector<f64>> = (0..n_rr)
        .map(|rr| {
            RowDVector::from_iterator(
                CELLS,
                baseline.headcount[rr * CELLS..(rr + 1) * CELLS]
                    .iter()
                    .map(|&n| f64::from(n)),
            )
        })
        .collect();
    let offsets = route_offsets(&model.routes);
    let mut trainees: Vec<f64> = Vec::new();
    for (route, r) in model.routes.iter().zip(&params.routes) {
        for g in 0..N_REGIONS {
            let start = (r[0] * route.intake_multiplier[0] * route.region_share[g]).round();
            trainees.extend(std::iter::repeat_n(start, route.course_years));
        }
    }
    let trainee_total = |trainees: &[f64], k: usize, g: usize| -> f64 {
        let start = offsets[k] + g * model.routes[k].course_years;
        trainees[start..start + model.routes[k].course_years]
            .iter()
            .sum()
    };
    let upskill_offsets = course_offsets(model.upskilling.iter().map(|u| u.course_years));
    let mut in_course: Vec<f64> = Vec::new();
    for (u, [places, _]) in model.upskilling.iter().zip(&params.upskilling) {
        for g in 0..N_REGIONS {
            let start = (places * u.intake_multiplier[0] * u.region_share[g]).round();
            in_course.extend(std::iter::repeat_n(start, u.course_years));
        }
    }
    let mut demand = model.base_demand().to_vec();
    let mut last_leavers = vec![0.0; n_rr];
    let rates0 = model.year_rates(&params, 0);
    {
        let flat: Vec<f64> = stock.iter().flat_map(|s| s.iter().copied()).collect();
        model.record_stock(
            |i| flat[i],
            |k, g| trainee_total(&trainees, k, g),
            &demand,
            &rates0.premium,
            &mut records[..per_year],
        );
    }
    for t in 1..=years {
        let rates = model.year_rates(&params, t);
        let rec = &mut records[t * per_year..(t + 1) * per_year];
        for (rr, n) in stock.iter_mut().enumerate() {
            let (p, flows) = transition(&model, rr, &params, rates.leaving[rr]);
            let r = &mut rec[rr * stride..(rr + 1) * stride];
            for (count, f) in n.iter().zip(&flows) {
                r[m::LEAVERS] += count * f[0];
                r[m::RETIREMENTS] += count * f[1];
                r[m::PROMOTIONS] += count * f[2];
                r[m::DEMOTIONS] += count * f[3];
            }
            *n = step(n, &p, None);
        }
        apply_moves(&model, &params, &mut stock, rec, stride);
        for n in stock.iter_mut() {
            *n = step(n, &a, None);
        }
        for (k, route) in model.routes.iter().enumerate() {
            let [intake, completion, retention] = params.routes[k];
            let national = (intake * route.intake_multiplier[t]).round();
            for g in 0..N_REGIONS {
                let course = &mut trainees[offsets[k] + g * route.course_years
                    ..offsets[k] + (g + 1) * route.course_years];
                let finishing = course[route.course_years - 1];
                course.copy_within(..route.course_years - 1, 1);
                course[0] = national * route.region_share[g];
                let joining = finishing * completion * retention;
                for (role, share) in route.role_mix.iter().enumerate() {
                    let rr = role * N_REGIONS + g;
                    stock[rr][route.entry_band * N_AGES + route.entry_age] += joining * share;
                    rec[rr * stride + n_fixed + k] += joining * share;
                }
            }
        }
        for (k, u) in model.upskilling.iter().enumerate() {
            let [places, completion] = params.upskilling[k];
            let national = (places * u.intake_multiplier[t]).round();
            for g in 0..N_REGIONS {
                let start = upskill_offsets[k] + g * u.course_years;
                let course = &mut in_course[start..start + u.course_years];
                let finishing = course[u.course_years - 1];
                course.copy_within(..u.course_years - 1, 1);
                course[0] = national * u.region_share[g];
                apply_upskilling(&model, k, g, finishing * completion, &mut stock, rec);
            }
        }
        for (rr, n) in stock.iter_mut().enumerate() {
            let mix = RowDVector::from_row_slice(model.hire_mix(rr / N_REGIONS));
            let returners = last_leavers[rr] * params.get(ParamId::ReturnRate, rr);
            *n += &mix * returners;
            demand[rr] = model.next_demand(demand[rr], rr, t, &params);
            let fte = &baseline.fte[rr * CELLS..(rr + 1) * CELLS];
            let supply: f64 = n.iter().zip(fte).map(|(c, f)| c * f).sum();
            let posts = model.vacant_posts(rr, demand[rr], supply);
            let hires = posts * rates.fill[rr];
            let international = (posts - hires) * rates.international[rr];
            *n += &mix * (hires + international);
            let r = &mut rec[rr * stride..(rr + 1) * stride];
            last_leavers[rr] = r[m::LEAVERS];
            r[m::REQUIRED] = posts;
            r[m::EXTERNAL] = hires;
            r[m::INTERNATIONAL] = international;
            r[m::RETURNERS] = returners;
            let route_joiners: f64 = r[n_fixed..n_fixed + model.routes.len()].iter().sum();
            r[m::JOINERS] = hires + international + returners + route_joiners;
        }
        let flat: Vec<f64> = stock.iter().flat_map(|s| s.iter().copied()).collect();
        model.record_stock(
            |i| flat[i],
            |k, g| trainee_total(&trainees, k, g),
            &demand,
            &rates.premium,
            rec,
        );
    }
    Projection {
        scenario: scenario.name.clone(),
        method: Method::Expected,
        years: (scenario.base_year..=scenario.horizon).collect(),
        roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
        metrics: model.metric_names(),
        draws: 1,
        parameter_names: Vec::new(),
        sampled: Vec::new(),
        records,
    }
}
