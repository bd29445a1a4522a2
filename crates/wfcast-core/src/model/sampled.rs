//! The year step realised by Monte Carlo: every flow an integer draw (process noise), from
//! one random stream per draw. docs/model.md, "Monte Carlo", says why each shortcut here
//! leaves the distribution unchanged.

use rand::Rng;
use rand_distr::Distribution;

use super::CohortModel;
use super::draws::DrawParams;
use super::metrics::{Metric, RouteMetric};
use super::routes::pick;
use super::step::{Flows, Realise, Record, State, project};
use crate::rng::{SMALL_N, below, binomial, multinomial};
use crate::scenario::ParamId;
use crate::taxonomy::{AGEING_RATE, CELLS, Cell, N_AGES, N_BANDS, RoleRegion};

/// One draw's role and region move probabilities per role x region: the segment
/// `start[rr]..start[rr + 1]` of `probs` holds each target role's probability, then the
/// region move's, then staying's; `to` holds the target of each (the last two are unused).
/// Empty when nobody moves out of `rr`.
#[derive(Debug, Default)]
struct MoveTable {
    start: Vec<usize>,
    to: Vec<RoleRegion>,
    probs: Vec<f64>,
    /// One role x region's draw, as long as the longest segment.
    out: Vec<u64>,
}

impl MoveTable {
    /// Lays out the move probabilities of one draw (they do not change between years), so
    /// the year loop neither recomputes nor allocates them.
    fn fill(&mut self, model: &CohortModel<'_>, params: &DrawParams) {
        self.start.clear();
        self.to.clear();
        self.probs.clear();
        for rr in model.pairs() {
            self.start.push(self.probs.len());
            let (targets, rho) = model.moves.probabilities(rr, params);
            if targets.is_empty() && rho <= 0.0 {
                continue;
            }
            let moving: f64 = targets.iter().map(|t| t.1).sum::<f64>() + rho;
            for (to, p) in targets {
                self.to.push(to);
                self.probs.push(p);
            }
            self.to.extend([rr, rr]);
            self.probs.extend([rho, (1.0 - moving).max(0.0)]);
        }
        self.start.push(self.probs.len());
        let longest = self
            .start
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0);
        self.out.clear();
        self.out.resize(longest, 0);
    }
}

/// Buffers a thread reuses from draw to draw, so that stepping a draw allocates nothing:
/// make one per thread and pass it to every [`CohortModel::run_draw`] that thread makes.
#[derive(Debug, Default)]
pub struct DrawBuffers {
    state: State<u64, Vec<u32>>,
    incoming: Vec<u32>,
    joined: Vec<u32>,
    row_totals: Vec<u64>,
    moves: MoveTable,
}

/// The Monte Carlo realisation: the random stream and the buffers of one draw.
struct Sampled<'s, R> {
    rng: &'s mut R,
    incoming: &'s mut Vec<u32>,
    /// Who joined this year, per role x region x cell.
    joined: &'s mut Vec<u32>,
    row_totals: &'s mut Vec<u64>,
    moves: &'s mut MoveTable,
}

impl CohortModel<'_> {
    /// Runs one Monte Carlo draw with parameter values `params` and random stream `rng`,
    /// writing [`CohortModel::values_per_draw`] values into `out`: per year (the base year
    /// first), role x region and measure of [`CohortModel::layout`]. `scratch` is reused
    /// between draws.
    pub fn run_draw<R: Rng>(
        &self,
        params: &DrawParams,
        rng: &mut R,
        scratch: &mut DrawBuffers,
        out: &mut [f64],
    ) {
        let DrawBuffers {
            state,
            incoming,
            joined,
            row_totals,
            moves,
        } = scratch;
        let mut real = Sampled {
            rng,
            incoming,
            joined,
            row_totals,
            moves,
        };
        project(self, params, &mut real, state, out);
    }
}

/// A probability as a threshold on 32 random bits.
fn threshold(p: f64) -> u64 {
    const HALF: f64 = 4_294_967_296.0;
    (p.clamp(0.0, 1.0) * HALF) as u64
}

impl<R: Rng> Realise for Sampled<'_, R> {
    type Count = u64;
    type Staff = Vec<u32>;

    /// Each cell's `n x stock` people rounded at random to a whole number, up with
    /// probability its fraction, so the expected count is exactly `n x stock` and its
    /// variance at most a quarter per cell. A role x region counted as in the data
    /// (`stock` = 1) draws nothing from the stream.
    fn init_staff(&mut self, model: &CohortModel<'_>, params: &DrawParams, staff: &mut Vec<u32>) {
        staff.clear();
        staff.extend_from_slice(&model.baseline.headcount);
        for rr in model.pairs() {
            let stock = params.get(ParamId::BaseStock, rr);
            if stock == 1.0 {
                continue;
            }
            for n in &mut staff[rr.cells()] {
                let x = f64::from(*n) * stock;
                let whole = x.floor();
                let up = (self.rng.next_u64() >> 32) < threshold(x - whole);
                *n = whole as u32 + u32::from(up);
            }
        }
    }

    fn begin_draw(&mut self, model: &CohortModel<'_>, params: &DrawParams) {
        self.moves.fill(model, params);
    }

    fn count(staff: &Vec<u32>, rr: RoleRegion, cell: Cell) -> f64 {
        f64::from(staff[rr.cell(cell)])
    }

    /// Leavers and retirements as competing risks, band moves of those who stay, and ageing
    /// of everyone who stays. Small cells are drawn person by person, one `u64` each: its
    /// high half picks the fate (leave, retire, move to a band, stay) and its low half
    /// whether the person ages, which is independent of the fate. Large cells draw
    /// binomials (and a multinomial for several band destinations). Ageing is drawn here
    /// rather than after role and region moves because those do not depend on band or age,
    /// so the order does not change the distribution. Everyone who stays lands in
    /// `incoming` and the cells are replaced by it, so nobody moves twice in a year.
    fn survive(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        staff: &mut Vec<u32>,
    ) -> Flows<u64> {
        let rng = &mut *self.rng;
        let cells = &mut staff[rr.cells()];
        let mut flows = Flows::none();
        let mut incoming = [0u32; CELLS];
        let mut probs = [0.0; N_BANDS + 1];
        let mut counts = [0u64; N_BANDS + 1];
        let mut cuts = [0u64; N_BANDS + 2];
        for band in 0..N_BANDS {
            let moves = model.rates.band_moves(rr, band, params);
            let (to, len) = (&moves.to[..moves.len], moves.len);
            if len > 1 {
                probs[..len].copy_from_slice(&moves.p[..len]);
                probs[len] = (1.0 - moves.total()).max(0.0);
            }
            for (age, &ageing) in AGEING_RATE.iter().enumerate() {
                let cell = Cell::new(band, age);
                let (i, older) = (cell.index(), cell.older().index());
                let n = u64::from(cells[i]);
                if n == 0 {
                    continue;
                }
                let (pl, pr) =
                    model
                        .rates
                        .leave_probabilities(model.baseline, rr, cell, params, leaving);
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
                                flows.promotions += u64::from(t > band);
                                flows.demotions += u64::from(t <= band);
                                break;
                            }
                        }
                        let landing = if aged { cell.older() } else { cell };
                        incoming[landing.in_band(dest).index()] += 1;
                    }
                    flows.leavers += u64::from(left);
                    flows.retirements += u64::from(retired);
                    incoming[i] += same;
                    incoming[older] += same_aged;
                    continue;
                }
                let leavers = binomial(rng, n, pl);
                let retirements = if pl < 1.0 {
                    binomial(rng, n - leavers, pr / (1.0 - pl))
                } else {
                    0
                };
                let stay = n - leavers - retirements;
                flows.leavers += leavers;
                flows.retirements += retirements;
                match len {
                    0 => {}
                    1 => counts[0] = binomial(rng, stay, moves.p[0]),
                    _ => multinomial(rng, stay, &probs[..=len], &mut counts[..=len]),
                }
                let mut moved = 0;
                for (k, &t) in to.iter().enumerate() {
                    let c = counts[k];
                    moved += c;
                    if t > band {
                        flows.promotions += c;
                    } else {
                        flows.demotions += c;
                    }
                    let aged = binomial(rng, c, ageing);
                    incoming[cell.older().in_band(t).index()] += aged as u32;
                    incoming[cell.in_band(t).index()] += (c - aged) as u32;
                }
                let c = stay - moved;
                let aged = binomial(rng, c, ageing);
                incoming[older] += aged as u32;
                incoming[i] += (c - aged) as u32;
            }
        }
        cells.copy_from_slice(&incoming);
        flows
    }

    /// Every person of a role x region moves with the same probabilities whatever their band
    /// and age, so the number moving to each target (each target role, another region) is
    /// one multinomial draw over the role x region's staff, and the movers are then chosen
    /// uniformly without replacement (band by band, then age by age); that is the same
    /// distribution as drawing each person's move on its own, for a draw per mover instead
    /// of per person. Movers are added after every role x region is drawn, so nobody moves
    /// twice in a year.
    fn move_staff(
        &mut self,
        model: &CohortModel<'_>,
        _params: &DrawParams,
        staff: &mut Vec<u32>,
        rec: &mut Record<'_>,
    ) {
        let rng = &mut *self.rng;
        let incoming = &mut *self.incoming;
        incoming.clear();
        incoming.resize(staff.len(), 0);
        let MoveTable {
            start: starts,
            to,
            probs: all_probs,
            out,
        } = &mut *self.moves;
        for rr in model.pairs() {
            let (start, end) = (starts[rr.index()], starts[rr.index() + 1]);
            if start == end {
                continue;
            }
            let probs = &all_probs[start..end];
            let targets = &to[start..end - 2];
            let cells = &mut staff[rr.cells()];
            let mut band_total = [0u64; N_BANDS];
            for (t, row) in band_total.iter_mut().zip(cells.chunks_exact(N_AGES)) {
                *t = row.iter().map(|&n| u64::from(n)).sum();
            }
            let mut left: u64 = band_total.iter().sum();
            multinomial(rng, left, probs, out);
            let movers = &out[..=targets.len()];
            let moved_out: u64 = movers.iter().sum();
            for (j, &k) in movers.iter().enumerate() {
                for _ in 0..k {
                    let mut x = below(rng, left);
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
                        None => rr.in_region(pick(
                            model.moves.region_thresholds(rr.region()),
                            rng.next_u64(),
                        )),
                    };
                    incoming[dest.cell(Cell::from_index(i))] += 1;
                    rec.add(dest, Metric::MovesIn.slot(), 1.0);
                }
            }
            rec.set(rr, Metric::MovesOut.slot(), moved_out as f64);
        }
        for (s, inc) in staff.iter_mut().zip(incoming.iter()) {
            *s += inc;
        }
    }

    /// Ageing was drawn with leaving (see [`Realise::survive`] above).
    fn age(&mut self, _staff: &mut Vec<u32>) {}

    fn split(&mut self, national: f64, share: &[f64]) -> Vec<u64> {
        let mut by_region = vec![0u64; share.len()];
        multinomial(self.rng, national as u64, share, &mut by_region);
        by_region
    }

    fn thin(&mut self, n: u64, p: f64) -> u64 {
        binomial(self.rng, n, p)
    }

    fn join(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        joining: u64,
        staff: &mut Vec<u32>,
        rec: &mut Record<'_>,
    ) {
        let route = &model.routes[k];
        let slot = model.layout.route_slot(RouteMetric::Joiners, k);
        for _ in 0..joining {
            let rr = RoleRegion::new(
                pick(&route.role_thresholds, self.rng.next_u64()),
                g,
                model.n_places(),
            );
            staff[rr.cell(route.entry)] += 1;
            self.joined[rr.cell(route.entry)] += 1;
            rec.add(rr, slot, 1.0);
        }
    }

    fn begin_upskilling(&mut self, staff: &Vec<u32>) {
        self.incoming.clear();
        self.incoming.resize(staff.len(), 0);
    }

    /// `completers`, chosen at random without replacement among the eligible staff in post
    /// of region `g`, leave their cell and land (in `incoming`, added once the route is
    /// done) in the band above and/or the role drawn from the route's role mix, at the same
    /// age. Role changes count as moves.
    fn upskill(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        completers: u64,
        staff: &mut Vec<u32>,
        rec: &mut Record<'_>,
    ) {
        let u = &model.upskilling[k];
        let metric = model.layout.route_slot(RouteMetric::Upskilled, k);
        let totals = &mut *self.row_totals;
        totals.clear();
        totals.extend(u.rows.iter().map(|&(role, band)| {
            let start = RoleRegion::new(role, g, model.n_places()).cell(Cell::new(band, 0));
            staff[start..start + N_AGES]
                .iter()
                .map(|&n| u64::from(n))
                .sum::<u64>()
        }));
        let mut left: u64 = totals.iter().sum();
        for _ in 0..completers.min(left) {
            // person number x among the eligible, found row by row, then age by age
            let mut x = below(self.rng, left);
            let mut j = 0;
            while x >= totals[j] {
                x -= totals[j];
                j += 1;
            }
            let (role, band) = u.rows[j];
            let rr = RoleRegion::new(role, g, model.n_places());
            let start = rr.cell(Cell::new(band, 0));
            let mut a = 0;
            while x >= u64::from(staff[start + a]) {
                x -= u64::from(staff[start + a]);
                a += 1;
            }
            staff[start + a] -= 1;
            totals[j] -= 1;
            left -= 1;
            let to = match u.to_roles {
                Some(_) => rr.in_role(pick(&u.to_thresholds, self.rng.next_u64())),
                None => rr,
            };
            self.incoming[to.cell(Cell::new(u.destination_band(band), a))] += 1;
            rec.add(to, metric, 1.0);
            if to != rr {
                rec.add(rr, Metric::MovesOut.slot(), 1.0);
                rec.add(to, Metric::MovesIn.slot(), 1.0);
            }
        }
    }

    fn end_upskilling(&mut self, staff: &mut Vec<u32>) {
        for (s, inc) in staff.iter_mut().zip(self.incoming.iter()) {
            *s += inc;
        }
    }

    /// New staff join at the role's band mix and the hire age mix, one by one.
    fn hire(&mut self, model: &CohortModel<'_>, rr: RoleRegion, n: u64, staff: &mut Vec<u32>) {
        // always built: the baseline's band mixes and hire ages each sum to 1
        let Some(alias) = &model.hire_alias[rr.role()] else {
            return;
        };
        let cells = &mut staff[rr.cells()];
        let joined = &mut self.joined[rr.cells()];
        for _ in 0..n {
            let c = alias.sample(self.rng);
            cells[c] += 1;
            joined[c] += 1;
        }
    }

    fn begin_joining(&mut self, staff: &Vec<u32>) {
        self.joined.clear();
        self.joined.resize(staff.len(), 0);
    }

    fn joiners_leave(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        exposure: f64,
        staff: &mut Vec<u32>,
    ) -> u64 {
        let mut left = 0;
        for cell in Cell::all() {
            let i = rr.cell(cell);
            // a route's completers may since have left the cell on an upskilling course
            let n = u64::from(self.joined[i].min(staff[i]));
            if n == 0 {
                continue;
            }
            let (pl, _) =
                model
                    .rates
                    .leave_probabilities(model.baseline, rr, cell, params, leaving);
            let k = binomial(self.rng, n, exposure * pl);
            staff[i] -= k as u32;
            left += k;
        }
        left
    }
}
