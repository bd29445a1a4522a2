//! The labour market the NHS recruits from. Each role x region has a pool of candidates a
//! year (the wider market's job movers, `data/labour_pool_2024.csv`), and the share of open
//! posts the domestic market fills falls as posts rise relative to that pool: an urn-ball
//! matching function, `filled = posts x (1 - exp(-A x pool / posts))`, with the efficiency
//! `A` set so that the base year's posts fill at the base year's observed rate. See
//! docs/model.md, "The labour market".

use super::CohortModel;
use super::draws::DrawParams;
use crate::input::Baseline;
use crate::scenario::ParamId;
use crate::taxonomy::{Cell, RoleRegion};

/// The pool of candidates per role x region, as the data give it.
#[derive(Debug, Clone)]
pub(crate) struct Labour {
    /// Candidates a year in the base year.
    pool0: Vec<f64>,
}

/// What the base year's flows were, at one draw's rates: what the matching step is fitted
/// to and where the first year's returners come from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct BaseYear {
    /// Posts open to recruitment in the base year (heads): its vacancies and the posts its
    /// leavers and retirements vacated.
    pub(crate) posts: f64,
    /// Its leavers (not retirements), rounded: the first projected year's possible returners.
    pub(crate) leavers: f64,
    /// The draw's `baseline.stock` multiplier: a workforce counted larger than the data
    /// recruits from a candidate pool counted larger in proportion.
    pub(crate) scale: f64,
}

impl Labour {
    /// The data's candidate pools.
    pub(crate) fn new(baseline: &Baseline) -> Self {
        Self {
            pool0: baseline.labour_pool.clone(),
        }
    }

    /// The base year's flows in `rr` under the draw's `params` and its base-year leaving
    /// multiplier `leaving`: the expected leavers and retirements of the base year's staff
    /// (`staff` people in each cell), and its posts open to recruitment, with the vacancies
    /// and the candidate pool as the draw counts them (`baseline.stock`, `baseline.vacancies`).
    pub(crate) fn base_year(
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        staff: impl Fn(Cell) -> f64,
    ) -> BaseYear {
        let (mut leavers, mut retirements) = (0.0, 0.0);
        for cell in Cell::all() {
            let n = staff(cell);
            let (pl, pr) =
                model
                    .rates
                    .leave_probabilities(model.baseline, rr, cell, params, leaving);
            leavers += n * pl;
            retirements += n * pr;
        }
        let fte_ratio = model.baseline.roles[rr.role()].fte_ratio;
        BaseYear {
            posts: model.base_vacancies(rr, params) / fte_ratio + leavers + retirements,
            leavers: leavers.round(),
            scale: params.get(ParamId::BaseStock, rr),
        }
    }

    /// Share of `posts` open posts in `rr` the domestic market fills, when `base.posts`
    /// filled at `fill0` in the base year and the pool is `pool` times the base year's:
    /// `1 - (1 - fill0)^((pool x base.posts / posts)^matching)`, and never more hires than
    /// candidates.
    ///
    /// With `matching` = 1 the exponent is `A x pool / posts`, with `A` fitted to the base
    /// year (urn-ball matching): the share is `fill0` when posts and pool stand as in the
    /// base year, falls as posts outgrow the pool, and rises as the pool grows. With
    /// `matching` = 0 the share is `fill0` whatever the posts.
    pub(crate) fn fill_share(
        &self,
        rr: RoleRegion,
        base: BaseYear,
        [fill0, pool, matching]: [f64; 3],
        posts: f64,
    ) -> f64 {
        if posts <= 0.0 {
            return 0.0;
        }
        let tightness = pool * base.posts.max(1.0) / posts;
        let share = 1.0 - (1.0 - fill0).powf(tightness.powf(matching));
        share
            .min(self.pool0[rr.index()] * base.scale * pool / posts)
            .clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labour(pool: f64) -> Labour {
        Labour { pool0: vec![pool] }
    }

    const BASE: BaseYear = BaseYear {
        posts: 100.0,
        leavers: 0.0,
        scale: 1.0,
    };

    /// At the base year's posts and pool the share is the base year's fill; twice the posts
    /// fill a smaller share (but more posts in all); a pool twice as large fills more.
    #[test]
    fn the_share_filled_falls_as_posts_outgrow_the_pool() {
        let l = labour(1_000.0);
        let rr = RoleRegion::from_index(0, 1);
        let f0 = 0.68;
        assert!((l.fill_share(rr, BASE, [f0, 1.0, 1.0], 100.0) - f0).abs() < 1e-12);
        let doubled = l.fill_share(rr, BASE, [f0, 1.0, 1.0], 200.0);
        assert!((doubled - (1.0 - 0.32f64.sqrt())).abs() < 1e-12);
        assert!(doubled < f0 && 200.0 * doubled > 100.0 * f0);
        assert!(l.fill_share(rr, BASE, [f0, 2.0, 1.0], 100.0) > f0);
        assert_eq!(l.fill_share(rr, BASE, [f0, 1.0, 1.0], 0.0), 0.0);
        // with no matching response the share is the base year's whatever the posts
        assert!((l.fill_share(rr, BASE, [f0, 1.0, 0.0], 200.0) - f0).abs() < 1e-12);
    }

    /// Nobody is hired beyond the candidates there are.
    #[test]
    fn hires_never_exceed_the_pool() {
        let l = labour(50.0);
        let rr = RoleRegion::from_index(0, 1);
        assert_eq!(l.fill_share(rr, BASE, [0.9, 1.0, 1.0], 400.0), 50.0 / 400.0);
        // a market counted twice as large has twice the candidates
        let wider = BaseYear { scale: 2.0, ..BASE };
        assert_eq!(
            l.fill_share(rr, wider, [0.9, 1.0, 1.0], 400.0),
            100.0 / 400.0
        );
    }
}
