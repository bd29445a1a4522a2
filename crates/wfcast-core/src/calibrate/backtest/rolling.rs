//! The rolling-origin backtest: backtests from several last fitted years (origins), each
//! fitted only on the years up to its origin, pooled by how far ahead they forecast. One
//! origin says little (two forecast years here); several say how coverage and skill fall
//! with the horizon.

use std::fmt::Write as _;

use super::{Backtest, Comparison, Coverage, LEVELS, METRICS};
use crate::model::Metric;

/// Coverage and skill of one metric at one level and horizon, from one origin or pooled
/// over every origin.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonRow {
    /// The origin (last fitted year), or `None` for every origin together.
    pub origin: Option<i32>,
    /// Years after the origin (1 = the first forecast year).
    pub horizon: i32,
    /// The comparisons' coverage, CRPS and skill (`level` as in [`Coverage`]).
    pub coverage: Coverage,
}

/// Backtests from several origins and their coverage and skill by horizon.
#[derive(Debug, Clone)]
pub struct Rolling {
    /// The origins, earliest first.
    pub origins: Vec<i32>,
    /// Draws of each backtest.
    pub draws: u64,
    /// Per origin, then pooled (`origin` = `None`): per metric, level (and `all`) and horizon.
    pub rows: Vec<HorizonRow>,
}

impl Rolling {
    /// Pools `backtests` (one per origin, any order) by metric, level and horizon.
    pub fn of(backtests: &[Backtest]) -> Self {
        let mut sorted: Vec<&Backtest> = backtests.iter().collect();
        sorted.sort_by_key(|b| b.fit_until);
        let origins: Vec<i32> = sorted.iter().map(|b| b.fit_until).collect();
        let longest = sorted
            .iter()
            .map(|b| b.last_year - b.fit_until)
            .max()
            .unwrap_or(0);
        let mut rows = Vec::new();
        let groups = sorted
            .iter()
            .map(|b| (Some(b.fit_until), vec![*b]))
            .chain(std::iter::once((None, sorted.clone())));
        for (origin, from) in groups {
            for metric in METRICS {
                for level in LEVELS.into_iter().chain(["all"]) {
                    for horizon in 1..=longest {
                        let picked: Vec<&Comparison> = from
                            .iter()
                            .flat_map(|b| &b.comparisons)
                            .filter(|c| {
                                c.metric == metric
                                    && (level == "all" || c.level == level)
                                    && c.horizon == horizon
                            })
                            .collect();
                        if !picked.is_empty() {
                            rows.push(HorizonRow {
                                origin,
                                horizon,
                                coverage: Coverage::of(metric, level, &picked),
                            });
                        }
                    }
                }
            }
        }
        Self {
            origins,
            draws: sorted.first().map_or(0, |b| b.draws),
            rows,
        }
    }

    /// `backtest_by_horizon.csv`: one row per origin (`ALL` for every origin together),
    /// metric, level and horizon, with the columns of `backtest.csv`'s summary rows.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "origin,metric,level,horizon,n,coverage_p10_p90,coverage_p05_p95,mdape_p50,bias_p50,crps,crps_naive_last,crps_naive_drift,skill_last,skill_drift\n",
        );
        for r in &self.rows {
            let c = &r.coverage;
            let origin = r.origin.map_or("ALL".to_owned(), |o| o.to_string());
            let _ = writeln!(
                out,
                "{origin},{},{},{},{},{}",
                c.metric,
                c.level,
                r.horizon,
                c.n,
                super::table::coverage_columns(c)
            );
        }
        out
    }

    /// Every origin together, every level together: coverage and skill of each metric by
    /// horizon, as a table to read.
    pub fn summary(&self) -> String {
        let span = match (self.origins.first(), self.origins.last()) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "none".to_owned(),
        };
        let mut out = format!(
            "Rolling-origin backtest: fitted up to each of {span} ({} origins, {} draws each), every level\n  {:<12} {:>7} {:>5} {:>9} {:>9} {:>10} {:>10} {:>11}\n",
            self.origins.len(),
            self.draws,
            "metric",
            "horizon",
            "n",
            "P10-P90",
            "P05-P95",
            "CRPS",
            "skill last",
            "skill drift"
        );
        for r in self
            .rows
            .iter()
            .filter(|r| r.origin.is_none() && r.coverage.level == "all")
        {
            let c = &r.coverage;
            let _ = writeln!(
                out,
                "  {:<12} {:>7} {:>5} {:>8.0}% {:>8.0}% {:>10.1} {:>10} {:>11}",
                c.metric,
                r.horizon,
                c.n,
                100.0 * c.p10_p90,
                100.0 * c.p05_p95,
                c.crps,
                super::table::signed(c.skill_last),
                super::table::signed(c.skill_drift)
            );
        }
        out
    }

    /// The pooled row of `metric` at `level` and `horizon`, if any origin reached it.
    pub fn pooled(&self, metric: Metric, level: &str, horizon: i32) -> Option<&Coverage> {
        self.rows
            .iter()
            .find(|r| {
                r.origin.is_none()
                    && r.horizon == horizon
                    && r.coverage.metric == metric
                    && r.coverage.level == level
            })
            .map(|r| &r.coverage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Stats;
    use crate::calibrate::backtest::Naive;

    /// A national headcount forecast `horizon` years after `origin` whose P10-P90 band is
    /// 90 to 110, against `actual`.
    fn point(origin: i32, horizon: i32, level: &'static str, actual: f64) -> Comparison {
        Comparison {
            metric: Metric::Headcount,
            level,
            role: "ALL".into(),
            region: "ALL".into(),
            year: origin + horizon,
            actual,
            forecast: Stats {
                mean: 100.0,
                sd: 10.0,
                q: [85.0, 90.0, 95.0, 100.0, 105.0, 110.0, 115.0],
            },
            crps: (actual - 100.0).abs(),
            naive: Naive {
                last: 100.0,
                drift: 0.0,
            },
            horizon,
        }
    }

    fn backtest(origin: i32, last_year: i32, comparisons: Vec<Comparison>) -> Backtest {
        Backtest {
            fit_until: origin,
            last_year,
            draws: 10,
            comparisons,
            coverage: Vec::new(),
            national: Vec::new(),
            actual: Vec::new(),
        }
    }

    /// Pooled by horizon: the first year ahead from both origins, the second only from the
    /// earlier one; each origin's own rows; and `all` over every level.
    #[test]
    fn origins_pool_by_horizon() {
        let early = backtest(
            2016,
            2018,
            vec![
                point(2016, 1, "national", 100.0),
                point(2016, 2, "national", 120.0),
                point(2016, 1, "region", 95.0),
            ],
        );
        let late = backtest(2017, 2018, vec![point(2017, 1, "national", 80.0)]);
        // given in any order, the origins come out earliest first
        let r = Rolling::of(&[late, early]);
        assert_eq!(r.origins, [2016, 2017]);
        let first = r.pooled(Metric::Headcount, "national", 1).unwrap();
        assert_eq!((first.n, first.p10_p90), (2, 0.5));
        assert_eq!(first.crps, 10.0);
        let second = r.pooled(Metric::Headcount, "national", 2).unwrap();
        assert_eq!((second.n, second.p10_p90), (1, 0.0));
        assert!(r.pooled(Metric::Headcount, "national", 3).is_none());
        let all = r.pooled(Metric::Headcount, "all", 1).unwrap();
        assert_eq!((all.n, all.p10_p90), (3, 2.0 / 3.0));
        let own = r
            .rows
            .iter()
            .find(|x| x.origin == Some(2017) && x.horizon == 1 && x.coverage.level == "national")
            .unwrap();
        assert_eq!((own.coverage.n, own.coverage.p10_p90), (1, 0.0));
        let csv = r.to_csv();
        assert!(
            csv.contains("\n2016,headcount,national,2,1,0.0000,"),
            "{csv}"
        );
        assert!(csv.contains("\nALL,headcount,all,1,3,0.6667,"), "{csv}");
    }
}
