//! The cost preflight: a run whose estimated work is beyond the bounds of
//! [`wfcast_core::run::cost`] is refused before it starts (exit 2), with the estimate and
//! what to change, instead of running for hours or days.

use wfcast_core::run::cost::{MAX_POST_YEARS, MAX_POSTS, MAX_ROUTES, estimate};
use wfcast_core::{Baseline, Error, Location, Scenario};

use crate::error::CliError;
use crate::human::count;

/// Refuses data that start beyond [`MAX_POSTS`], the first scenario with more than
/// [`MAX_ROUTES`] routes or whose draws would grow the establishment beyond [`MAX_POSTS`],
/// then the run whose draws (a shard's share of them, `shards` > 1) would project more
/// than [`MAX_POST_YEARS`] in all. `flag` is how the user set the draws (`--draws`, or
/// `draws` in the file).
pub(crate) fn check(
    flag: &str,
    scenarios: &[Scenario],
    baseline: &Baseline,
    shards: u64,
) -> Result<(), CliError> {
    let mut post_years = 0.0;
    for s in scenarios {
        let file = s
            .sources
            .first()
            .map_or_else(|| s.name.clone().into(), |(p, _)| p.clone());
        let c = estimate(s, baseline);
        if c.start_posts > MAX_POSTS {
            // the data, not the scenario, is too large: every vacancy at its row's maximum
            return Err(CliError::usage(
                "--data",
                format!(
                    "the data start from about {} posts (staff plus vacancies_wte), more than the {} a run may project",
                    count(c.start_posts),
                    count(MAX_POSTS)
                ),
                Some("check vacancies_wte in the vacancies file: the shipped data have about 55,000 posts".into()),
            ));
        }
        if c.routes > MAX_ROUTES {
            return Err(Error::input(
                Location::file(&file),
                format!(
                    "scenario `{}` has {} pipelines and upskilling routes, more than the {MAX_ROUTES} a run may project",
                    s.name, c.routes
                ),
            )
            .with_help("merge routes that train for the same roles (a route's `roles` may share its completers among several)")
            .into());
        }
        if c.peak_posts > MAX_POSTS {
            return Err(Error::input(
                Location::file(file),
                format!(
                    "scenario `{}` would grow to about {} posts by {} (demand growing up to {}% a year), more than the {} a run may project",
                    s.name,
                    count(c.peak_posts),
                    c.peak_year,
                    count(c.top_growth * 100.0),
                    count(MAX_POSTS)
                ),
            )
            .with_help("lower demand.growth or bring the horizon nearer: the estimate takes a high draw of each role's growth (its P90, or the top of a bounded distribution)")
            .into());
        }
        post_years += c.post_years * s.draws.div_ceil(shards.max(1)) as f64;
    }
    if post_years > MAX_POST_YEARS {
        return Err(CliError::usage(
            flag,
            format!(
                "the run would project about {} post-years over its draws, more than the {} one run may (days of work)",
                count(post_years),
                count(MAX_POST_YEARS)
            ),
            Some(
                "use fewer --draws (1,000 give stable P10/P90; 10,000 for publication), a nearer horizon, or split the draws into shards (--shard K/N) run on several machines"
                    .into(),
            ),
        ));
    }
    Ok(())
}
