//! Comparing two futures: the paired difference B - A of every metric, draw by draw.
//!
//! Both scenarios are run with common random numbers (draw i of A and of B use the same
//! seed streams, and the parameters they share take the same values), so the difference
//! carries only the uncertainty that the scenarios' differences create. That is what a CIO
//! asks: "how much more will the data-driven future need, and how sure are we?".

use rayon::prelude::*;

use super::summary::{Column, RegionFilter, Stats, columns, groups};
use crate::error::{Error, Result};
use crate::model::{Measure, Metric};
use crate::run::Projection;

/// One row of `compare.csv`: a metric of one year, role and region in both futures.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// Calendar year.
    pub year: i32,
    /// Role id or `ALL`.
    pub role: String,
    /// Region id or `ALL`.
    pub region: String,
    /// Metric name.
    pub metric: Measure,
    /// Mean over draws in scenario A.
    pub mean_a: f64,
    /// Mean over draws in scenario B.
    pub mean_b: f64,
    /// The paired difference B - A across draws.
    pub diff: Stats,
    /// Share of draws in which B is strictly greater than A.
    pub p_b_greater: f64,
}

/// A comparison of scenario B against scenario A.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Name of scenario A (the reference).
    pub a: String,
    /// Name of scenario B.
    pub b: String,
    /// Number of paired draws.
    pub draws: u64,
    /// Every row, in `summary.csv` group order.
    pub rows: Vec<CompareRow>,
}

impl Comparison {
    /// The row of `metric` for `year`, `role` and `region` (ids or `ALL`).
    pub fn find(&self, year: i32, role: &str, region: &str, metric: Metric) -> Option<&CompareRow> {
        self.rows
            .iter()
            .find(|r| r.year == year && r.role == role && r.region == region && r.metric == metric)
    }
}

/// Pairs two projections draw by draw. A metric that only one scenario has (a supply route
/// the other does not run) counts as zero in the other: no route, no joiners.
///
/// ```
/// # use wfcast_core::{Baseline, Method, run, scenario::load_shipped};
/// # use wfcast_core::analysis::{RegionFilter, compare};
/// let baseline = Baseline::embedded().unwrap();
/// let mut a = load_shipped("data-driven.toml", &baseline).unwrap();
/// a.draws = 3;
/// let p = run(&a, &baseline, Method::MonteCarlo, &|| ());
/// let same = compare(&p, &p, RegionFilter::All).unwrap();
/// assert!(same.rows.iter().all(|r| r.diff.mean == 0.0 && r.p_b_greater == 0.0));
/// ```
pub fn compare(a: &Projection, b: &Projection, filter: RegionFilter) -> Result<Comparison> {
    if a.draws != b.draws || a.years != b.years || a.roles != b.roles || a.geography != b.geography
    {
        return Err(Error::Model(format!(
            "cannot pair `{}` ({} draws, {}-{}) with `{}` ({} draws, {}-{}): compare needs the \
             same draws, years, roles and places in both",
            a.scenario,
            a.draws,
            a.years.first().copied().unwrap_or_default(),
            a.years.last().copied().unwrap_or_default(),
            b.scenario,
            b.draws,
            b.years.first().copied().unwrap_or_default(),
            b.years.last().copied().unwrap_or_default(),
        )));
    }
    let rows = groups(a.years.len(), a.roles.len(), filter, &a.geography)
        .par_iter()
        .flat_map_iter(|&group| {
            let (ca, cb) = (columns(a, group), columns(b, group));
            let role = group.role_label(&a.roles);
            let region = group.region_label(&a.geography);
            let year = a.years[group.year];
            paired(ca, cb).map(move |(metric, xa, xb)| {
                let mut diff: Vec<f64> = xb.iter().zip(&xa).map(|(y, x)| y - x).collect();
                let greater = xb.iter().zip(&xa).filter(|(y, x)| y > x).count();
                CompareRow {
                    year,
                    role: role.clone(),
                    region: region.clone(),
                    metric,
                    mean_a: mean(&xa),
                    mean_b: mean(&xb),
                    diff: Stats::of(&mut diff),
                    p_b_greater: greater as f64 / xa.len().max(1) as f64,
                }
            })
        })
        .collect();
    Ok(Comparison {
        a: a.scenario.clone(),
        b: b.scenario.clone(),
        draws: a.draws,
        rows,
    })
}

/// Matches the columns of A and B by metric: A's order first, then B's extra metrics; a
/// metric missing on one side is zero there.
fn paired(ca: Vec<Column>, cb: Vec<Column>) -> impl Iterator<Item = (Measure, Vec<f64>, Vec<f64>)> {
    let draws = ca.first().or(cb.first()).map_or(0, |c| c.values.len());
    let mut cb: Vec<Option<Column>> = cb.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(ca.len());
    for a in ca {
        let b = cb
            .iter_mut()
            .find(|c| c.as_ref().is_some_and(|c| c.metric == a.metric))
            .and_then(Option::take)
            .map_or_else(|| vec![0.0; draws], |c| c.values);
        out.push((a.metric, a.values, b));
    }
    out.extend(
        cb.into_iter()
            .flatten()
            .map(|b| (b.metric, vec![0.0; draws], b.values)),
    );
    out.into_iter()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(metric: &str, values: &[f64]) -> Column {
        Column {
            metric: Measure::parse(metric).unwrap(),
            values: values.to_vec(),
        }
    }

    /// Four draws of one role's 2025 WTE in London: A = [10, 20, 30, 40], B = [40, 10, 35, 20].
    /// Paired differences [30, -10, 5, -20]: P(B > A) = 1/2 and the median difference is -2.5,
    /// while the difference of the medians is +2.5: only draw-by-draw pairing gives the former.
    #[test]
    fn differences_are_paired_draw_by_draw() {
        let projection = |name: &str, wte: [f64; 4]| {
            let geography = crate::Baseline::embedded().unwrap().geography;
            let (years, regions, metrics) = (2, geography.n_places(), 3);
            let mut records = vec![0.0; 4 * years * regions * metrics];
            for (d, w) in wte.iter().enumerate() {
                // draw d, year index 1, role-region 0 (london), metric 1 (wte)
                records[((d * years + 1) * regions) * metrics + 1] = *w;
            }
            Projection {
                scenario: name.into(),
                method: crate::Method::MonteCarlo,
                years: vec![2024, 2025],
                roles: vec!["data_analyst".into()],
                geography,
                metrics: [Metric::Headcount, Metric::Wte, Metric::DemandWte]
                    .map(Measure::Metric)
                    .to_vec(),
                draws: 4,
                parameter_names: Vec::new(),
                sampled: Vec::new(),
                records,
            }
        };
        let a = projection("a", [10.0, 20.0, 30.0, 40.0]);
        let b = projection("b", [40.0, 10.0, 35.0, 20.0]);
        let london = a.geography.find("london").unwrap();
        let c = compare(&a, &b, RegionFilter::Only(london)).unwrap();
        let r = c.find(2025, "data_analyst", "london", Metric::Wte).unwrap();
        assert_eq!((r.mean_a, r.mean_b), (25.0, 26.25));
        assert_eq!(r.diff.mean, 1.25);
        assert_eq!(r.diff.q[3], -2.5);
        assert_eq!(r.p_b_greater, 0.5);
        let gap = c.find(2025, "ALL", "london", Metric::GapWte).unwrap();
        assert_eq!(gap.diff.mean, -1.25, "gap = demand - wte, demand 0 in both");
    }

    #[test]
    fn a_metric_on_one_side_only_is_zero_on_the_other() {
        let a = vec![column("wte", &[1.0, 2.0]), column("joiners_x", &[3.0, 4.0])];
        let b = vec![column("wte", &[2.0, 2.0]), column("joiners_y", &[5.0, 6.0])];
        let got: Vec<_> = paired(a, b).collect();
        assert_eq!(
            got,
            vec![
                (Metric::Wte.into(), vec![1.0, 2.0], vec![2.0, 2.0]),
                (
                    column("joiners_x", &[]).metric,
                    vec![3.0, 4.0],
                    vec![0.0, 0.0]
                ),
                (
                    column("joiners_y", &[]).metric,
                    vec![0.0, 0.0],
                    vec![5.0, 6.0]
                ),
            ]
        );
    }
}
