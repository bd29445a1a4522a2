//! The year step realised by expected values: staff in post move as `n(t+1) = n(t) P + r(t)`
//! per role x region, with `P` the band x age transition matrix (leaving, retirement, band
//! moves, then ageing) built from the same rates the Monte Carlo engine draws from, and
//! `r(t)` the expected joiners. Every parameter is at its central value; the result is one
//! "draw" whose quantiles equal its mean.

use nalgebra::{DMatrix, RowDVector};

use super::CohortModel;
use super::draws::{DrawParams, DrawPlan};
use super::metrics::{Metric, RouteMetric};
use super::step::{Flows, Realise, Record, State, project};
use crate::markov::step;
use crate::scenario::ParamId;
use crate::taxonomy::{AGEING_RATE, CELLS, Cell, N_AGES, N_BANDS, RoleRegion};

/// The expected-value realisation; it holds the ageing matrix, the same every year.
struct Expected {
    ageing: DMatrix<f64>,
    /// Who joined this year, per role x region x cell.
    joined: Vec<f64>,
}

/// The ageing matrix: a share of each age band moves up one band a year.
fn ageing() -> DMatrix<f64> {
    let mut a = DMatrix::<f64>::zeros(CELLS, CELLS);
    for cell in Cell::all() {
        let (i, rate) = (cell.index(), AGEING_RATE[cell.age()]);
        a[(i, i)] = 1.0 - rate;
        if cell.age() + 1 < N_AGES {
            a[(i, cell.older().index())] = rate;
        }
    }
    a
}

impl Expected {
    /// The band x age transition matrix of leaving, retirement and band moves (promotion or
    /// a band transition matrix's rows) for `rr` and the year, and the expected leavers,
    /// retirements, promotions and demotions per person in each cell.
    fn transition(
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
    ) -> (DMatrix<f64>, Vec<Flows<f64>>) {
        let none = Flows::none();
        let mut flows = vec![none; CELLS];
        let mut l = DMatrix::<f64>::zeros(CELLS, CELLS);
        for band in 0..N_BANDS {
            let moves = model.rates.band_moves(rr, band, params);
            for age in 0..N_AGES {
                let cell = Cell::new(band, age);
                let i = cell.index();
                let (pl, pr) =
                    model
                        .rates
                        .leave_probabilities(model.baseline, rr, cell, params, leaving);
                let stay = 1.0 - pl - pr;
                l[(i, i)] = stay * (1.0 - moves.total());
                let (mut up, mut down) = (0.0, 0.0);
                for (to, p) in moves.iter() {
                    l[(i, cell.in_band(to).index())] += stay * p;
                    if to > band {
                        up += stay * p;
                    } else {
                        down += stay * p;
                    }
                }
                flows[i] = Flows {
                    leavers: pl,
                    retirements: pr,
                    promotions: up,
                    demotions: down,
                };
            }
        }
        (l, flows)
    }
}

impl Realise for Expected {
    type Count = f64;
    type Staff = Vec<RowDVector<f64>>;

    fn init_staff(
        &mut self,
        model: &CohortModel<'_>,
        params: &DrawParams,
        staff: &mut Self::Staff,
    ) {
        let headcount = &model.baseline.headcount;
        *staff = model
            .pairs()
            .map(|rr| {
                let stock = params.get(ParamId::BaseStock, rr);
                RowDVector::from_iterator(
                    CELLS,
                    headcount[rr.cells()].iter().map(|&n| f64::from(n) * stock),
                )
            })
            .collect();
    }

    fn begin_draw(&mut self, _model: &CohortModel<'_>, _params: &DrawParams) {}

    fn count(staff: &Self::Staff, rr: RoleRegion, cell: Cell) -> f64 {
        staff[rr.index()][cell.index()]
    }

    fn survive(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        staff: &mut Self::Staff,
    ) -> Flows<f64> {
        let (p, per_person) = Self::transition(model, rr, params, leaving);
        let n = &mut staff[rr.index()];
        let mut flows = Flows::none();
        for (count, f) in n.iter().zip(&per_person) {
            flows.leavers += count * f.leavers;
            flows.retirements += count * f.retirements;
            flows.promotions += count * f.promotions;
            flows.demotions += count * f.demotions;
        }
        *n = step(n, &p, None);
        flows
    }

    /// Expected role and region moves of the staff who stayed (the same probabilities the
    /// Monte Carlo engine draws from), applied to every role x region at once.
    fn move_staff(
        &mut self,
        model: &CohortModel<'_>,
        params: &DrawParams,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    ) {
        let before: Vec<RowDVector<f64>> = staff.to_vec();
        for (i, n) in before.iter().enumerate() {
            let rr = RoleRegion::from_index(i, model.n_places());
            let (targets, rho) = model.moves.probabilities(rr, params);
            if targets.is_empty() && rho <= 0.0 {
                continue;
            }
            let out_share = targets.iter().map(|t| t.1).sum::<f64>() + rho;
            staff[i] -= n * out_share;
            rec.add(rr, Metric::MovesOut.slot(), n.sum() * out_share);
            for &(to, p) in &targets {
                staff[to.index()] += n * p;
                rec.add(to, Metric::MovesIn.slot(), n.sum() * p);
            }
            for (h, share) in model
                .moves
                .region_destinations(rr.region())
                .iter()
                .enumerate()
            {
                let to = rr.in_region(h);
                staff[to.index()] += n * (rho * share);
                rec.add(to, Metric::MovesIn.slot(), n.sum() * rho * share);
            }
        }
    }

    fn age(&mut self, staff: &mut Self::Staff) {
        for n in staff.iter_mut() {
            *n = step(n, &self.ageing, None);
        }
    }

    fn split(&mut self, national: f64, share: &[f64]) -> Vec<f64> {
        share.iter().map(|s| national * s).collect()
    }

    fn thin(&mut self, n: f64, p: f64) -> f64 {
        n * p
    }

    fn join(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        joining: f64,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    ) {
        let route = &model.routes[k];
        let slot = model.layout.route_slot(RouteMetric::Joiners, k);
        for (role, share) in route.role_mix.iter().enumerate() {
            let rr = RoleRegion::new(role, g, model.n_places());
            staff[rr.index()][route.entry.index()] += joining * share;
            self.joined[rr.cell(route.entry)] += joining * share;
            rec.add(rr, slot, joining * share);
        }
    }

    fn begin_upskilling(&mut self, _staff: &Self::Staff) {}

    /// `completers` (capped at the eligible staff) taken from every eligible cell of region
    /// `g` in proportion to its stock, landing in the band above and/or the route's role
    /// mix. Amounts are taken from the stock before any lands, as in the Monte Carlo engine.
    fn upskill(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        completers: f64,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    ) {
        let u = &model.upskilling[k];
        let metric = model.layout.route_slot(RouteMetric::Upskilled, k);
        let eligible: f64 = u
            .rows
            .iter()
            .map(|&(role, band)| {
                let n = &staff[RoleRegion::new(role, g, model.n_places()).index()];
                (0..N_AGES)
                    .map(|a| n[Cell::new(band, a).index()])
                    .sum::<f64>()
            })
            .sum();
        if eligible <= 0.0 {
            return;
        }
        let share = (completers / eligible).min(1.0);
        let mut landing = Vec::new();
        for &(role, band) in &u.rows {
            let rr = RoleRegion::new(role, g, model.n_places());
            for a in 0..N_AGES {
                let i = Cell::new(band, a).index();
                let moved = staff[rr.index()][i] * share;
                staff[rr.index()][i] -= moved;
                let to_cell = Cell::new(u.destination_band(band), a);
                match &u.to_roles {
                    Some(mix) => landing.extend(mix.iter().enumerate().map(|(to_role, w)| {
                        (
                            rr,
                            RoleRegion::new(to_role, g, model.n_places()),
                            to_cell,
                            moved * w,
                        )
                    })),
                    None => landing.push((rr, rr, to_cell, moved)),
                }
            }
        }
        for (from, to, cell, x) in landing {
            staff[to.index()][cell.index()] += x;
            rec.add(to, metric, x);
            if to != from {
                rec.add(from, Metric::MovesOut.slot(), x);
                rec.add(to, Metric::MovesIn.slot(), x);
            }
        }
    }

    fn end_upskilling(&mut self, _staff: &mut Self::Staff) {}

    fn hire(&mut self, model: &CohortModel<'_>, rr: RoleRegion, n: f64, staff: &mut Self::Staff) {
        let mix = RowDVector::from_row_slice(&model.hire_mix[rr.role()]);
        staff[rr.index()] += &mix * n;
        for (j, m) in self.joined[rr.cells()].iter_mut().zip(mix.iter()) {
            *j += m * n;
        }
    }

    fn begin_joining(&mut self, staff: &Self::Staff) {
        self.joined.clear();
        self.joined.resize(staff.len() * CELLS, 0.0);
    }

    fn joiners_leave(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        exposure: f64,
        staff: &mut Self::Staff,
    ) -> f64 {
        let mut left = 0.0;
        for cell in Cell::all() {
            // a route's completers may since have left the cell on an upskilling course
            let n = self.joined[rr.cell(cell)].min(staff[rr.index()][cell.index()]);
            if n <= 0.0 {
                continue;
            }
            let (pl, _) =
                model
                    .rates
                    .leave_probabilities(model.baseline, rr, cell, params, leaving);
            let k = n * exposure * pl;
            staff[rr.index()][cell.index()] -= k;
            left += k;
        }
        left
    }
}

/// Projects `model` by expected values at `plan`'s central parameters: one record of
/// `(years + 1) x role-regions x stride` values.
pub(crate) fn run_expected(model: &CohortModel<'_>, plan: &DrawPlan) -> Vec<f64> {
    let params = plan.sample(0);
    let mut real = Expected {
        ageing: ageing(),
        joined: Vec::new(),
    };
    let mut state = State::default();
    let mut records = vec![0.0; model.values_per_draw()];
    project(model, &params, &mut real, &mut state, &mut records);
    records
}
