//! Backtest: fit on the years up to a cut-off, forecast the remaining years of the history
//! with the Monte Carlo engine from the history's own stock at the cut-off, and compare the
//! forecast with what happened: whether a P10-P90 band covers what happens about 80% of
//! the time, and how the forecast's CRPS compares with two naive forecasts' (skill).

use std::path::Path;

use rayon::prelude::*;

use super::Calibration;
use crate::analysis::{Group, Stats, SummaryRow, columns};
use crate::error::{Error, Result};
use crate::input::{Baseline, History};
use crate::model::{Kind, Metric};
use crate::run::run_monte_carlo;
use crate::scenario::Scenario;
use crate::taxonomy::{ALL, CELLS, RoleRegion};

mod rolling;
mod skill;
mod table;

pub use rolling::{HorizonRow, Rolling};
pub use skill::{Naive, crps, skill};

/// The metrics compared with the history, as named in `summary.csv`.
pub const METRICS: [Metric; 5] = [
    Metric::Headcount,
    Metric::Wte,
    Metric::Leavers,
    Metric::Retirements,
    Metric::Joiners,
];

/// The levels compared: the country, each role (all regions), each region (all roles).
pub const LEVELS: [&str; 3] = ["national", "role", "region"];

/// One forecast value set against what the history shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Metric name, e.g. `headcount`.
    pub metric: Metric,
    /// `national`, `role` or `region`.
    pub level: &'static str,
    /// Role id or `ALL`.
    pub role: String,
    /// Region id or `ALL`.
    pub region: String,
    /// Calendar year.
    pub year: i32,
    /// What the history shows.
    pub actual: f64,
    /// The forecast's distribution across draws.
    pub forecast: Stats,
    /// CRPS of the forecast's draws against `actual` (see [`crps`]).
    pub crps: f64,
    /// The naive forecasts from the same place's history up to the last fitted year.
    pub naive: Naive,
    /// Years after the last fitted year (1 for the first forecast year).
    pub horizon: i32,
}

impl Comparison {
    /// True when the actual value lies within the forecast's P10-P90 band.
    pub fn in_p10_p90(&self) -> bool {
        (self.forecast.q[1]..=self.forecast.q[5]).contains(&self.actual)
    }

    /// True when the actual value lies within the forecast's P05-P95 band.
    pub fn in_p05_p95(&self) -> bool {
        (self.forecast.q[0]..=self.forecast.q[6]).contains(&self.actual)
    }

    /// CRPS of the last value carried forward: a point forecast's CRPS is its absolute error.
    pub fn crps_naive_last(&self) -> f64 {
        (self.naive.last - self.actual).abs()
    }

    /// CRPS of the drift forecast (last value plus the average yearly change).
    pub fn crps_naive_drift(&self) -> f64 {
        (self.naive.with_drift(self.horizon) - self.actual).abs()
    }

    /// (P50 - actual) / actual: positive when the forecast's median was too high.
    pub fn relative_error(&self) -> f64 {
        if self.actual != 0.0 {
            (self.forecast.q[3] - self.actual) / self.actual
        } else {
            0.0
        }
    }
}

/// How well the bands covered one metric at one level, over every place and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Metric name.
    pub metric: Metric,
    /// `national`, `role`, `region`, or `all` for every level together.
    pub level: &'static str,
    /// Number of comparisons.
    pub n: usize,
    /// Share of actual values within P10-P90 (nominal 0.8).
    pub p10_p90: f64,
    /// Share of actual values within P05-P95 (nominal 0.9).
    pub p05_p95: f64,
    /// Median absolute percentage error of the P50, as a share (0.02 = 2%).
    pub mdape: f64,
    /// Mean of (P50 - actual) / actual, as a share: positive means forecasts ran high.
    pub bias: f64,
    /// Mean CRPS of the forecasts, in the metric's units.
    pub crps: f64,
    /// Mean CRPS (absolute error) of the last value carried forward.
    pub crps_naive_last: f64,
    /// Mean CRPS (absolute error) of the drift forecast.
    pub crps_naive_drift: f64,
    /// `1 - crps / crps_naive_last`: above 0 when the forecast beats the last value.
    pub skill_last: f64,
    /// `1 - crps / crps_naive_drift`: above 0 when the forecast beats drift.
    pub skill_drift: f64,
}

impl Coverage {
    fn of(metric: Metric, level: &'static str, rows: &[&Comparison]) -> Self {
        let n = rows.len();
        let share = |f: &dyn Fn(&Comparison) -> bool| {
            rows.iter().filter(|c| f(c)).count() as f64 / n.max(1) as f64
        };
        let mut ape: Vec<f64> = rows.iter().map(|c| c.relative_error().abs()).collect();
        let mean = |f: &dyn Fn(&Comparison) -> f64| {
            rows.iter().map(|c| f(c)).sum::<f64>() / n.max(1) as f64
        };
        let crps = mean(&|c| c.crps);
        let (last, drift) = (
            mean(&Comparison::crps_naive_last),
            mean(&Comparison::crps_naive_drift),
        );
        Self {
            metric,
            level,
            n,
            p10_p90: share(&Comparison::in_p10_p90),
            p05_p95: share(&Comparison::in_p05_p95),
            mdape: Stats::of(&mut ape).q[3],
            bias: mean(&Comparison::relative_error),
            crps,
            crps_naive_last: last,
            crps_naive_drift: drift,
            skill_last: skill(crps, last),
            skill_drift: skill(crps, drift),
        }
    }
}

/// The result of a backtest.
#[derive(Debug, Clone)]
pub struct Backtest {
    /// Last fitted year: the forecast starts from its stock.
    pub fit_until: i32,
    /// Last year of the history.
    pub last_year: i32,
    /// Monte Carlo draws.
    pub draws: u64,
    /// Every comparison, by metric, level, place and year.
    pub comparisons: Vec<Comparison>,
    /// Coverage per metric and level, then per metric over all levels.
    pub coverage: Vec<Coverage>,
    /// The forecast's national summary rows (for charts).
    pub national: Vec<SummaryRow>,
    /// What the history shows nationally: `(metric, year, value)` for every year.
    pub actual: Vec<(Metric, i32, f64)>,
}

/// The actual value of `metric` in `year` for a role (or all) and a region (or all).
fn actual(
    history: &History,
    year: i32,
    metric: Metric,
    role: Option<usize>,
    region: Option<usize>,
) -> f64 {
    let Some(y) = history.year(year) else {
        return f64::NAN;
    };
    y.cells
        .iter()
        .enumerate()
        .filter(|(c, _)| {
            let rr = RoleRegion::from_index(c / CELLS, history.places.len());
            role.is_none_or(|r| r == rr.role()) && region.is_none_or(|g| g == rr.region())
        })
        .map(|(_, c)| match metric {
            Metric::Headcount => f64::from(c.headcount),
            Metric::Wte => c.fte,
            Metric::Leavers => f64::from(c.leavers),
            Metric::Retirements => f64::from(c.retirements),
            _ => f64::from(c.joiners_domestic + c.joiners_international + c.joiners_returners),
        })
        .sum()
}

/// The baseline a backtest starts from: `data`'s rate tables, pay and roles, with the staff
/// in post, FTE and vacancies of `year` taken from the history.
pub fn start_baseline(history: &History, data: &Baseline, year: i32) -> Result<Baseline> {
    let y = history
        .year(year)
        .ok_or_else(|| Error::Model(format!("the history has no year {year}")))?;
    let mut b = data.clone();
    b.base_year = year;
    b.vacancies_wte = vec![0.0; data.vacancies_wte.len()];
    for (c, cy) in y.cells.iter().enumerate() {
        b.headcount[c] = cy.headcount;
        if cy.headcount > 0 {
            b.fte[c] = cy.fte / f64::from(cy.headcount);
        }
        b.vacancies_wte[c / CELLS] += cy.vacancies_wte;
    }
    Ok(b)
}

/// The scenario a backtest runs (the calibrated fragment from `fit_until` to the history's
/// last year, `draws` draws from `seed`) and the baseline it starts from (the history's
/// stock in `fit_until`): what [`backtest`] forecasts, and what a memory estimate needs.
pub fn backtest_scenario(
    history: &History,
    data: &Baseline,
    calibration: &Calibration,
    fit_until: i32,
    draws: u64,
    seed: u64,
) -> Result<(Scenario, Baseline)> {
    let (_, last) = history.span();
    let start = start_baseline(history, data, fit_until)?;
    let text = format!(
        "[scenario]\nname = \"backtest\"\nbase_year = {fit_until}\nhorizon = {last}\ndraws = {draws}\nseed = {seed}\n\n{}",
        calibration.fragment()
    );
    let scenario = Scenario::from_str(Path::new("backtest.toml"), &text, &start).map_err(|e| {
        Error::Model(format!(
            "the calibrated backtest scenario does not load: {e}"
        ))
    })?;
    Ok((scenario, start))
}

/// The years of `history` up to `fit_until` that hold a value of `metric`: every year for
/// a stock, every year but the first for a flow (the first year's flows have no
/// start-of-year stock in the file and are not fitted).
fn fitted_years(
    history: &History,
    metric: Metric,
    fit_until: i32,
) -> std::ops::RangeInclusive<i32> {
    let (first, _) = history.span();
    let from = if metric.kind() == Kind::Stock {
        first
    } else {
        first + 1
    };
    from..=fit_until
}

/// Runs the backtest `scenario` from `start` (both from [`backtest_scenario`], which a
/// caller also needs for its memory estimate) and compares its forecast of the years after
/// the scenario's base year (the last year fitted) with what the history says happened:
/// bands, CRPS, and the naive forecasts from the same place's fitted years.
pub fn backtest(history: &History, scenario: &Scenario, start: &Baseline) -> Result<Backtest> {
    let (first, last) = history.span();
    let (fit_until, draws) = (scenario.base_year, scenario.draws);
    let projection = &run_monte_carlo(scenario, start, &|| {});
    let places: Vec<(&'static str, Option<usize>, Option<usize>)> =
        std::iter::once(("national", None, None))
            .chain((0..start.roles.len()).map(|r| ("role", Some(r), None)))
            .chain((0..start.n_places()).map(|g| ("region", None, Some(g))))
            .collect();
    let geography = &projection.geography;
    let node = |region: Option<usize>| region.map_or(0, |g| geography.node_of(g));
    let label = |role: Option<usize>, region: Option<usize>| Group {
        year: 0,
        role,
        place: node(region),
    };
    // every forecast year x place, in parallel; collected in order, so the result does not
    // depend on the number of threads
    let cases: Vec<(usize, usize)> = (0..projection.years.len())
        .filter(|&y| projection.years[y] > fit_until)
        .flat_map(|y| (0..places.len()).map(move |p| (y, p)))
        .collect();
    let mut comparisons: Vec<Comparison> = cases
        .par_iter()
        .flat_map_iter(|&(y, p)| {
            let (level, role, region) = places[p];
            let year = projection.years[y];
            let group = Group {
                year: y,
                role,
                place: node(region),
            };
            columns(projection, group)
                .into_iter()
                .filter_map(move |mut c| {
                    let metric = METRICS.into_iter().find(|m| c.metric == *m)?;
                    let observed = actual(history, year, metric, role, region);
                    let fitted: Vec<(i32, f64)> = fitted_years(history, metric, fit_until)
                        .map(|t| (t, actual(history, t, metric, role, region)))
                        .collect();
                    let forecast = Stats::of(&mut c.values);
                    Some(Comparison {
                        metric,
                        level,
                        role: label(role, region).role_label(&projection.roles),
                        region: label(role, region).region_label(geography),
                        year,
                        actual: observed,
                        forecast,
                        crps: crps(&mut c.values, observed),
                        naive: Naive::of(&fitted)?,
                        horizon: year - fit_until,
                    })
                })
        })
        .collect();
    let order = |c: &Comparison| {
        (
            METRICS.iter().position(|m| *m == c.metric),
            LEVELS.iter().position(|l| *l == c.level),
            c.role.clone(),
            c.region.clone(),
            c.year,
        )
    };
    comparisons.sort_by_key(order);
    let mut coverage = Vec::new();
    for metric in METRICS {
        for level in LEVELS {
            let rows: Vec<&Comparison> = comparisons
                .iter()
                .filter(|c| c.metric == metric && c.level == level)
                .collect();
            coverage.push(Coverage::of(metric, level, &rows));
        }
        let rows: Vec<&Comparison> = comparisons.iter().filter(|c| c.metric == metric).collect();
        coverage.push(Coverage::of(metric, "all", &rows));
    }
    let national = (0..projection.years.len())
        .flat_map(|y| {
            let group = Group {
                year: y,
                role: None,
                place: 0,
            };
            let year = projection.years[y];
            columns(projection, group)
                .into_iter()
                .filter(|c| c.metric.metric().is_some_and(|m| METRICS.contains(&m)))
                .map(move |mut c| SummaryRow {
                    scenario: projection.scenario.clone(),
                    year,
                    role: ALL.to_owned(),
                    region: ALL.to_owned(),
                    stats: Stats::of(&mut c.values),
                    metric: c.metric,
                })
        })
        .collect();
    let actual = METRICS
        .iter()
        .flat_map(|&m| (first..=last).map(move |y| (m, y)))
        .map(|(m, y)| (m, y, actual(history, y, m, None, None)))
        .collect();
    Ok(Backtest {
        fit_until,
        last_year: last,
        draws,
        comparisons,
        coverage,
        national,
        actual,
    })
}
