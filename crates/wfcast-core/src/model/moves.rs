//! Moves between roles and regions of the staff who stay: the scenario's role moves and
//! the region move, with region movers spread over the other regions by their share of the
//! workforce. See docs/model.md, "Role and region moves".

use super::draws::DrawParams;
use super::routes::thresholds;
use crate::scenario::{ParamId, RoleMove};
use crate::taxonomy::RoleRegion;

/// Where staff may move, laid out once per scenario.
#[derive(Debug, Clone)]
pub(crate) struct Moves {
    /// Per role: the role moves out of it, as (index into the scenario's moves, target role).
    from: Vec<Vec<(usize, usize)>>,
    /// Per region: where region movers go (the workforce share of the other regions).
    region_dest: Vec<Vec<f64>>,
    region_thresholds: Vec<Vec<u64>>,
}

impl Moves {
    /// The moves of `role_moves` among `n_roles` roles, with region movers spread by
    /// `workforce` (each region's share of the workforce).
    pub(crate) fn new(role_moves: &[RoleMove], n_roles: usize, workforce: &[f64]) -> Self {
        let mut from = vec![Vec::new(); n_roles];
        for (j, mv) in role_moves.iter().enumerate() {
            from[mv.from].push((j, mv.to));
        }
        let n = workforce.len();
        let region_dest: Vec<Vec<f64>> = (0..n)
            .map(|g| {
                let others: f64 = (0..n).filter(|&h| h != g).map(|h| workforce[h]).sum();
                (0..n)
                    .map(|h| {
                        if h == g || others <= 0.0 {
                            0.0
                        } else {
                            workforce[h] / others
                        }
                    })
                    .collect()
            })
            .collect();
        Self {
            from,
            region_thresholds: region_dest.iter().map(|d| thresholds(d)).collect(),
            region_dest,
        }
    }

    /// Where the staff of `rr` who stay may move in a year: per target role x region the
    /// probability, then the probability of a region move (spread by
    /// [`Moves::region_destinations`]). Scaled down together if they exceed 1.
    pub(crate) fn probabilities(
        &self,
        rr: RoleRegion,
        params: &DrawParams,
    ) -> (Vec<(RoleRegion, f64)>, f64) {
        let mut targets: Vec<(RoleRegion, f64)> = self.from[rr.role()]
            .iter()
            .map(|&(j, to)| (rr.in_role(to), params.role_moves[j]))
            .collect();
        let mut rho = params.get(ParamId::RegionMove, rr);
        let total: f64 = targets.iter().map(|t| t.1).sum::<f64>() + rho;
        if total > 1.0 {
            targets.iter_mut().for_each(|t| t.1 /= total);
            rho /= total;
        }
        (targets, rho)
    }

    /// Share of `region`'s movers going to each other region.
    pub(crate) fn region_destinations(&self, region: usize) -> &[f64] {
        &self.region_dest[region]
    }

    /// [`Moves::region_destinations`] as thresholds for one uniform draw.
    pub(crate) fn region_thresholds(&self, region: usize) -> &[u64] {
        &self.region_thresholds[region]
    }
}
