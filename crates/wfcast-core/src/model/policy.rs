//! Policy levers laid out per year and role x region: recruitment and retention premiums,
//! retention initiatives, international drives, and demand programmes. See docs/model.md,
//! "Policy levers".

use crate::scenario::{DemandProgramme, Lever, Levers};
use crate::taxonomy::RoleRegion;

/// The levers in force in one year and role x region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct InForce {
    /// Premium, as a share of basic pay (premiums in force add up).
    pub(crate) premium: f64,
    /// Multiplier on leaving (initiatives in force multiply).
    pub(crate) retention: f64,
    /// Extra share of remaining vacancies filled from abroad (drives in force add up).
    pub(crate) international: f64,
}

/// Per year index x role x region, the levers in force; and each programme's start.
#[derive(Debug, Clone)]
pub(crate) struct PolicyTables {
    n_rr: usize,
    in_force: Vec<InForce>,
    /// Per programme: the year index its posts are added in, and its share of the WTE per
    /// role x region.
    programmes: Vec<(usize, Vec<f64>)>,
}

fn active<'a>(
    levers: &'a [Lever],
    year: i32,
    rr: RoleRegion,
) -> impl Iterator<Item = &'a Lever> + 'a {
    levers
        .iter()
        .filter(move |l| year >= l.from && l.scope.covers(rr.role(), rr.region()))
}

impl PolicyTables {
    /// Lays out `levers` and `programmes` for `years` projected years after `base_year`;
    /// `demand0` (the base establishment per role x region) shares a programme's WTE.
    pub(crate) fn new(
        levers: &Levers,
        programmes: &[DemandProgramme],
        base_year: i32,
        years: usize,
        demand0: &[f64],
        n_places: usize,
    ) -> Self {
        let n_rr = demand0.len();
        let pairs = || RoleRegion::all(n_rr / n_places, n_places);
        let mut in_force = Vec::with_capacity((years + 1) * n_rr);
        for t in 0..=years {
            let year = base_year + t as i32;
            for rr in pairs() {
                let mut x = InForce {
                    premium: 0.0,
                    retention: 1.0,
                    international: 0.0,
                };
                for l in active(&levers.premium, year, rr) {
                    x.premium += l.value;
                }
                for l in active(&levers.retention, year, rr) {
                    x.retention *= l.value;
                }
                for l in active(&levers.international, year, rr) {
                    x.international += l.value;
                }
                in_force.push(x);
            }
        }
        let programmes = programmes
            .iter()
            .map(|p| {
                let from =
                    (i64::from(p.from) - i64::from(base_year)).clamp(1, years as i64 + 1) as usize;
                let weights: Vec<f64> = pairs()
                    .map(|rr| {
                        if p.scope.covers(rr.role(), rr.region()) {
                            demand0[rr.index()]
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
        Self {
            n_rr,
            in_force,
            programmes,
        }
    }

    /// The levers in force in year index `t` in `rr`.
    pub(crate) fn at(&self, t: usize, rr: RoleRegion) -> InForce {
        self.in_force[t * self.n_rr + rr.index()]
    }

    /// Per programme: the year index its posts are added in and its share per role x region.
    pub(crate) fn programmes(&self) -> &[(usize, Vec<f64>)] {
        &self.programmes
    }
}
