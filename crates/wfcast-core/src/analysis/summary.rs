//! Summaries across draws: mean, standard deviation and quantiles of every metric, per
//! year, role and region, with `ALL` roll-ups summed per draw before summarising.

use rayon::prelude::*;

use crate::geography::Geography;
use crate::model::{Kind, Measure, Metric, RouteMetric, SkillMetric};
use crate::run::Projection;
use crate::taxonomy::{ALL, N_SKILL_LEVELS, RoleRegion};

/// How an output metric is computed from a draw's rolled-up record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A recorded metric, by index.
    Recorded(usize),
    /// `demand_wte - wte`, from the record positions of the two.
    Gap { wte: usize, demand: usize },
    /// `vacancies / demand_wte`, both summed over the group first.
    VacancyRate { vacancies: usize, demand: usize },
}

/// The measures `summary.csv` holds for a projection, in its order, with how each is
/// computed: staff, demand, the gap and the vacancy stocks, the flows in record order, the
/// pipelines, the skill levels (when asked for), then the pay cost.
fn output_metrics(p: &Projection) -> Vec<(Measure, Source)> {
    let slot = |m: Metric| p.slot(&m.into());
    let recorded = |m: &Measure| p.slot(m).map(|i| (m.clone(), Source::Recorded(i)));
    let mut out: Vec<(Measure, Source)> = [Metric::Headcount, Metric::Wte, Metric::DemandWte]
        .into_iter()
        .filter_map(|m| recorded(&m.into()))
        .collect();
    if let (Some(wte), Some(demand)) = (slot(Metric::Wte), slot(Metric::DemandWte)) {
        out.push((Metric::GapWte.into(), Source::Gap { wte, demand }));
    }
    out.extend(recorded(&Metric::Vacancies.into()));
    if let (Some(vacancies), Some(demand)) = (slot(Metric::Vacancies), slot(Metric::DemandWte)) {
        out.push((
            Metric::VacancyRate.into(),
            Source::VacancyRate { vacancies, demand },
        ));
    }
    for m in [Metric::SurplusWte, Metric::OpenPosts] {
        out.extend(recorded(&m.into()));
    }
    out.extend(
        p.metrics
            .iter()
            .filter(|m| m.kind() == Kind::Flow)
            .filter_map(recorded),
    );
    out.extend(
        p.metrics
            .iter()
            .filter(|m| matches!(m, Measure::Route(RouteMetric::Pipeline, _)))
            .filter_map(recorded),
    );
    for level in 0..N_SKILL_LEVELS {
        let wte = Measure::Skill(SkillMetric::Wte, level);
        let demand = Measure::Skill(SkillMetric::DemandWte, level);
        if let (Some((_, Source::Recorded(w))), Some((_, Source::Recorded(d)))) =
            (recorded(&wte), recorded(&demand))
        {
            out.push((wte, Source::Recorded(w)));
            out.push((demand, Source::Recorded(d)));
            out.push((
                Measure::Skill(SkillMetric::GapWte, level),
                Source::Gap { wte: w, demand: d },
            ));
        }
    }
    for m in [
        Metric::PayCost,
        Metric::PayCostBaseRules,
        Metric::PayCostBasePoints,
    ] {
        out.extend(recorded(&m.into()));
    }
    out
}

/// Every measure `summary.csv` holds for a projection, in order.
pub fn measures(p: &Projection) -> Vec<Measure> {
    output_metrics(p).into_iter().map(|(m, _)| m).collect()
}

/// The quantiles reported, as probabilities.
pub const QUANTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// Column names of the quantiles, matching [`QUANTILES`].
pub const QUANTILE_COLUMNS: [&str; 7] = ["p05", "p10", "p25", "p50", "p75", "p90", "p95"];

/// The distribution of one metric across draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Mean over draws.
    pub mean: f64,
    /// Standard deviation over draws (0 for a single draw).
    pub sd: f64,
    /// Quantiles in [`QUANTILES`] order.
    pub q: [f64; 7],
}

impl Stats {
    /// Summarises `values` (reordered in place).
    ///
    /// Quantiles use linear interpolation between order statistics (Hyndman & Fan type 7),
    /// the definition of Excel's PERCENTILE.INC and numpy's default, so analysts can
    /// reproduce them from `draws` exports. Written here because it is five lines and the
    /// crates that offer it use other definitions.
    ///
    /// ```
    /// let s = wfcast_core::Stats::of(&mut [4.0, 1.0, 3.0, 2.0, 5.0]);
    /// assert_eq!(s.mean, 3.0);
    /// assert_eq!(s.q[3], 3.0); // median
    /// assert_eq!(s.q[1], 1.4); // P10 = 1 + 0.4 * (2 - 1)
    /// ```
    pub fn of(values: &mut [f64]) -> Self {
        let n = values.len();
        if n == 0 {
            return Self {
                mean: f64::NAN,
                sd: f64::NAN,
                q: [f64::NAN; 7],
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        values.sort_unstable_by(f64::total_cmp);
        let q = QUANTILES.map(|p| {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        });
        Self { mean, sd, q }
    }
}

/// One row of the tidy summary table.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Scenario name.
    pub scenario: String,
    /// Calendar year (end of year for stocks, the year's total for flows).
    pub year: i32,
    /// Role id or `ALL`.
    pub role: String,
    /// Region id or `ALL`.
    pub region: String,
    /// What is measured, e.g. `wte` or `joiners_graduate_scheme`.
    pub metric: Measure,
    /// Its distribution across draws.
    pub stats: Stats,
}

/// Which slice of the workforce to summarise: every place, or one place (at any level of
/// the geography) and the places under it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RegionFilter {
    /// Every place at every level, the national roll-up first.
    #[default]
    All,
    /// One place (a node of [`Geography::nodes`], not the top) and every place under it;
    /// no national rows.
    Only(usize),
}

impl RegionFilter {
    /// The place the summary is for: the top (node 0) when unfiltered.
    pub fn node(self) -> usize {
        match self {
            Self::All => 0,
            Self::Only(node) => node,
        }
    }
}

/// One group of the summary: a year, a role (or `ALL`) and a place at any level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// Index into the projection's years.
    pub year: usize,
    /// Role index, or `None` for the `ALL` roll-up.
    pub role: Option<usize>,
    /// The place: a node of the geography, node 0 (every place, `ALL`) first.
    pub place: usize,
}

impl Group {
    /// The role label: a role id or `ALL`.
    pub fn role_label(&self, roles: &[String]) -> String {
        self.role.map_or(ALL.to_owned(), |r| roles[r].clone())
    }

    /// The place label: a place id or `ALL`.
    pub fn region_label(&self, geography: &Geography) -> String {
        geography.label(self.place).to_owned()
    }
}

/// Every group a summary reports, in `summary.csv` order: for each year, role (`ALL` first)
/// and place (`ALL` first, then level by level; or the filtered place and those under it).
pub fn groups(
    years: usize,
    roles: usize,
    filter: RegionFilter,
    geography: &Geography,
) -> Vec<Group> {
    let role_groups: Vec<Option<usize>> =
        std::iter::once(None).chain((0..roles).map(Some)).collect();
    let place_groups = geography.subtree(filter.node());
    let mut out = Vec::with_capacity(years * role_groups.len() * place_groups.len());
    for year in 0..years {
        for &role in &role_groups {
            for &place in &place_groups {
                out.push(Group { year, role, place });
            }
        }
    }
    out
}

/// One output metric of a group, per draw: `values[d]` is draw `d`'s rolled-up value.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// What is measured, e.g. `gap_wte`.
    pub metric: Measure,
    /// Per draw.
    pub values: Vec<f64>,
}

/// The per-draw values of every output metric of one group: the members' records are
/// summed per draw first (vacancies and surpluses are each role x region's positive part,
/// so they add up without netting), and `gap_wte` and `vacancy_rate` are recomputed from
/// the sums.
/// Flows are left out of the base year, which is not simulated.
pub fn columns(p: &Projection, group: Group) -> Vec<Column> {
    let n_roles = p.roles.len();
    let places = p.geography.members(group.place);
    let members: Vec<RoleRegion> = (0..n_roles)
        .filter(|&r| group.role.is_none_or(|x| x == r))
        .flat_map(|r| places.iter().map(move |&g| p.pair(r, g)))
        .collect();
    let draws = p.draws as usize;
    let k = p.metrics.len();
    let y = group.year;
    // each member's record is `k` contiguous values of the year's block: add whole slices,
    // with the offsets worked out once per group rather than per value
    let year_start = y * p.n_role_regions() * k;
    let offsets: Vec<usize> = members
        .iter()
        .map(|rr| year_start + rr.index() * k)
        .collect();
    let mut sums = vec![0.0f64; draws * k];
    for (d, sum) in sums.chunks_exact_mut(k).enumerate() {
        let record = p.draw(d);
        for &at in &offsets {
            for (s, v) in sum.iter_mut().zip(&record[at..at + k]) {
                *s += v;
            }
        }
    }
    output_metrics(p)
        .into_iter()
        .filter(|(metric, _)| y > 0 || metric.kind() == Kind::Stock)
        .map(|(metric, source)| {
            let values = sums
                .chunks_exact(k)
                .map(|s| match source {
                    Source::Recorded(i) => s[i],
                    Source::Gap { wte, demand } => s[demand] - s[wte],
                    Source::VacancyRate { vacancies, demand } => {
                        if s[demand] > 0.0 {
                            s[vacancies] / s[demand]
                        } else {
                            0.0
                        }
                    }
                })
                .collect();
            Column { metric, values }
        })
        .collect()
}

/// Summarises a projection into tidy rows: for each year, role (`ALL` first) and region
/// (`ALL` first), every metric. Roll-ups sum the base metrics per draw, then summarise;
/// `gap_wte` and `vacancy_rate` are recomputed from the rolled-up parts per draw.
pub fn summarise(p: &Projection, filter: RegionFilter) -> Vec<SummaryRow> {
    groups(p.years.len(), p.roles.len(), filter, &p.geography)
        .par_iter()
        .flat_map_iter(|&group| {
            let role = group.role_label(&p.roles);
            let region = group.region_label(&p.geography);
            columns(p, group).into_iter().map(move |mut c| SummaryRow {
                scenario: p.scenario.clone(),
                year: p.years[group.year],
                role: role.clone(),
                region: region.clone(),
                metric: c.metric,
                stats: Stats::of(&mut c.values),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type 7 quantiles against numpy.percentile([1..10], [5, 10, 25, 50, 75, 90, 95]).
    #[test]
    fn quantiles_match_numpy_default() {
        let mut v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let s = Stats::of(&mut v);
        let numpy = [1.45, 1.9, 3.25, 5.5, 7.75, 9.1, 9.55];
        assert!(
            s.q.iter().zip(numpy).all(|(a, b)| (a - b).abs() < 1e-12),
            "{:?}",
            s.q
        );
        assert!((s.sd - 3.0276503540974917).abs() < 1e-12);
    }

    #[test]
    fn a_single_draw_has_zero_spread() {
        let s = Stats::of(&mut [42.0]);
        assert_eq!((s.mean, s.sd, s.q), (42.0, 0.0, [42.0; 7]));
    }
}
