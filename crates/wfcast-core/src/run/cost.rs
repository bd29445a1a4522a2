//! What a run will cost, estimated from the scenario before it starts, and the bounds past
//! which a run is refused rather than left to run for hours or days.
//!
//! A valid-looking scenario can ask for unbounded work: demand growing 30% to 100% a year to
//! a horizon 50 years on multiplies the establishment by 10^5 to 10^15, and the model hires
//! into shares of the open posts each year. The estimate follows each role and region's
//! posts (staff plus vacancies, at high draws of the base-year multipliers) at a high draw
//! of its demand growth (the P90 of a normal, the top of a bounded distribution).

use crate::input::Baseline;
use crate::scenario::{ParamId, RULES, Scenario, Uncertain};
use crate::taxonomy::CELLS;

/// Most posts (staff plus vacancies) a draw may reach in any year: 2,000 times today's NHS
/// digital establishment (about 55,000), far beyond any plan; runs near it still take
/// seconds a draw.
pub const MAX_POSTS: f64 = 100_000_000.0;

/// Most post-years one process may project over all its draws (posts in each projected
/// year, summed over years and draws): 30,000 times the default run (1,000 draws of
/// about 330,000 post-years), days on two cores. A sharded run counts the draws of its shard.
pub const MAX_POST_YEARS: f64 = 1e13;

/// Most routes (pipelines plus upskilling routes) a scenario may have: each adds a metric
/// and a pass over every role and region to every year of every draw, and their cost grows
/// faster than their number (2,000 took 14 s a draw). The shipped scenarios have up to 6.
pub const MAX_ROUTES: usize = 200;

/// The estimated size of one draw of a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Posts in the base year: the data's staff plus vacancies.
    pub start_posts: f64,
    /// The most posts in any year, the base year included, at high draws of the base-year
    /// multipliers (`baseline.stock`, `baseline.vacancies`) and of demand growth.
    pub peak_posts: f64,
    /// The year of that peak.
    pub peak_year: i32,
    /// Posts summed over the projected years.
    pub post_years: f64,
    /// The highest annual demand growth the estimate assumed for a role and region.
    pub top_growth: f64,
    /// Pipelines plus upskilling routes.
    pub routes: usize,
}

/// A high draw of `u`: the P90 of a normal, the top of any other distribution, within
/// `[lo, hi]` (draws are clamped to the parameter's range).
fn high(u: &Uncertain, lo: f64, hi: f64) -> f64 {
    u.p10_p90()
        .map_or(u.support().1, |(_, p90)| p90)
        .clamp(lo, hi)
}

/// The cost of one draw of `scenario` on `baseline`.
pub fn estimate(scenario: &Scenario, baseline: &Baseline) -> Cost {
    let rule = |id: ParamId| &RULES[id as usize];
    // a high draw of parameter `id` for a role and region
    let top = |id: ParamId, role: &str, chain: &[&str]| {
        let r = rule(id);
        scenario
            .params
            .get(id)
            .lookup_within(role, chain)
            .map_or(r.default, |(_, u)| high(&u, r.lo, r.hi))
    };
    let years = (scenario.horizon - scenario.base_year).max(0);
    // posts per role and region now (as the data count them, and at high draws of the
    // base-year multipliers), and the growth each is projected with
    let mut pairs = Vec::new();
    let mut start_posts = 0.0;
    let mut top_growth = f64::NEG_INFINITY;
    let chains = baseline.geography.chains();
    for (r, role) in baseline.roles.iter().enumerate() {
        for (g, chain) in chains.iter().enumerate() {
            let region = &chain[..];
            let rr = baseline.role_region(r, g);
            let staff: f64 = baseline.headcount[rr * CELLS..(rr + 1) * CELLS]
                .iter()
                .map(|&n| f64::from(n))
                .sum();
            let vacancies = baseline.vacancies_wte[rr];
            start_posts += staff + vacancies;
            let counted = (staff + vacancies * top(ParamId::BaseVacancies, &role.id, region))
                * top(ParamId::BaseStock, &role.id, region);
            let rate = top(ParamId::Growth, &role.id, region);
            top_growth = top_growth.max(rate);
            pairs.push((counted, rate));
        }
    }
    let mut cost = Cost {
        start_posts,
        peak_posts: pairs.iter().map(|p| p.0).sum(),
        peak_year: scenario.base_year,
        post_years: 0.0,
        top_growth,
        routes: scenario.spec.routes.len() + scenario.spec.upskilling.len(),
    };
    for t in 1..=years {
        let posts: f64 = pairs
            .iter()
            .map(|&(posts, rate)| posts * (1.0 + rate).powi(t))
            .sum();
        cost.post_years += posts;
        if posts > cost.peak_posts {
            cost.peak_posts = posts;
            cost.peak_year = scenario.base_year + t;
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_scenarios_are_far_inside_the_bounds() {
        let baseline = Baseline::embedded().unwrap();
        for name in ["base", "data-driven", "investment-stalls", "grow-our-own"] {
            let s = crate::scenario::load_shipped(name, &baseline).unwrap();
            let c = estimate(&s, &baseline);
            assert!(c.peak_posts < MAX_POSTS / 50.0, "{name}: {c:?}");
            assert!(
                c.post_years * s.draws as f64 * 100.0 < MAX_POST_YEARS,
                "{name}: {c:?}"
            );
        }
    }

    #[test]
    fn explosive_growth_to_a_far_horizon_is_estimated_as_such() {
        let baseline = Baseline::embedded().unwrap();
        let s = Scenario::from_str(
            std::path::Path::new("s.toml"),
            "[scenario]\nname = \"boom\"\nhorizon = 2074\n[demand.growth]\nall = { uniform = [0.3, 1.0] }\n",
            &baseline,
        )
        .unwrap();
        let c = estimate(&s, &baseline);
        assert_eq!(c.top_growth, 1.0);
        assert_eq!(c.peak_year, 2074);
        // 2^50 times today's ~55,000 posts
        assert!(c.peak_posts > 1e19, "{c:?}");
    }
}
