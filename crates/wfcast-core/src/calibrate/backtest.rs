//! Backtest: fit on the years up to a cut-off, forecast the remaining years of the history
//! with the Monte Carlo engine from the history's own stock at the cut-off, and compare the
//! forecast's bands with what happened. It tells a planner whether a P10-P90 band covers
//! what happens about 80% of the time.

use std::fmt::Write as _;
use std::path::Path;

use super::Calibration;
use crate::analysis::{RegionFilter, Stats, SummaryRow, summarise};
use crate::error::{Error, Result};
use crate::input::{Baseline, History};
use crate::model::Metric;
use crate::run::run_monte_carlo;
use crate::scenario::Scenario;
use crate::spreadsheet::safe_text;
use crate::taxonomy::{ALL, CELLS, N_REGIONS, REGIONS, RoleRegion};

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
}

impl Coverage {
    fn of(metric: Metric, level: &'static str, rows: &[&Comparison]) -> Self {
        let n = rows.len();
        let share = |f: &dyn Fn(&Comparison) -> bool| {
            rows.iter().filter(|c| f(c)).count() as f64 / n.max(1) as f64
        };
        let mut ape: Vec<f64> = rows.iter().map(|c| c.relative_error().abs()).collect();
        Self {
            metric,
            level,
            n,
            p10_p90: share(&Comparison::in_p10_p90),
            p05_p95: share(&Comparison::in_p05_p95),
            mdape: Stats::of(&mut ape).q[3],
            bias: rows.iter().map(|c| c.relative_error()).sum::<f64>() / n.max(1) as f64,
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
            let rr = RoleRegion::from_index(c / CELLS);
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

/// Runs the backtest `scenario` from `start` (both from [`backtest_scenario`], which a
/// caller also needs for its memory estimate) and compares its forecast of the years after
/// the scenario's base year (the last year fitted) with what the history says happened.
pub fn backtest(history: &History, scenario: &Scenario, start: &Baseline) -> Result<Backtest> {
    let (first, last) = history.span();
    let (fit_until, draws) = (scenario.base_year, scenario.draws);
    let projection = run_monte_carlo(scenario, start, &|| {});
    let rows = summarise(&projection, RegionFilter::All);
    let mut comparisons = Vec::new();
    let places: Vec<(&'static str, Option<usize>, Option<usize>)> =
        std::iter::once(("national", None, None))
            .chain((0..start.roles.len()).map(|r| ("role", Some(r), None)))
            .chain((0..N_REGIONS).map(|g| ("region", None, Some(g))))
            .collect();
    for row in &rows {
        let Some(&metric) = METRICS.iter().find(|m| row.metric == **m) else {
            continue;
        };
        if row.year <= fit_until {
            continue;
        }
        let role = start.role_index(&row.role);
        let region = REGIONS.iter().position(|r| r.0 == row.region);
        let Some(&(level, _, _)) = places
            .iter()
            .find(|(_, r, g)| *r == role && *g == region && (role.is_none() || region.is_none()))
        else {
            continue;
        };
        comparisons.push(Comparison {
            metric,
            level,
            role: row.role.clone(),
            region: row.region.clone(),
            year: row.year,
            actual: actual(history, row.year, metric, role, region),
            forecast: row.stats,
        });
    }
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
    let national = rows
        .into_iter()
        .filter(|r| {
            r.role == ALL
                && r.region == ALL
                && r.metric.metric().is_some_and(|m| METRICS.contains(&m))
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

impl Backtest {
    /// `backtest.csv`: first one row per metric and level over every place and year
    /// (`year` = `ALL`), then one row per metric, level, place and year. Coverage columns
    /// are shares (0 or 1 on a single comparison), `mdape_p50` the median absolute
    /// percentage error of the P50 as a share, `bias_p50` the mean of (P50 - actual) / actual.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "metric,level,role,region,year,n,actual,p05,p10,p50,p90,p95,coverage_p10_p90,coverage_p05_p95,mdape_p50,bias_p50\n",
        );
        for c in &self.coverage {
            let _ = writeln!(
                out,
                "{},{},ALL,ALL,ALL,{},,,,,,,{:.4},{:.4},{:.4},{:.4}",
                c.metric, c.level, c.n, c.p10_p90, c.p05_p95, c.mdape, c.bias
            );
        }
        for c in &self.comparisons {
            let q = c.forecast.q;
            let _ = writeln!(
                out,
                "{},{},{},{},{},1,{},{:.1},{:.1},{:.1},{:.1},{:.1},{},{},{:.4},{:.4}",
                c.metric,
                c.level,
                // ids checked against the data, escaped anyway like every CSV text cell
                safe_text(&c.role),
                safe_text(&c.region),
                c.year,
                c.actual,
                q[0],
                q[1],
                q[3],
                q[5],
                q[6],
                u8::from(c.in_p10_p90()),
                u8::from(c.in_p05_p95()),
                c.relative_error().abs(),
                c.relative_error()
            );
        }
        out
    }

    /// Coverage of every metric at every level as a table to read.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Backtest: fitted to {}, forecast {} to {} ({} draws) against the history\n  {:<12} {:<9} {:>4} {:>9} {:>9} {:>8} {:>8}\n",
            self.fit_until,
            self.fit_until + 1,
            self.last_year,
            self.draws,
            "metric",
            "level",
            "n",
            "P10-P90",
            "P05-P95",
            "MdAPE",
            "bias"
        );
        for c in &self.coverage {
            let _ = writeln!(
                out,
                "  {:<12} {:<9} {:>4} {:>8.0}% {:>8.0}% {:>7.1}% {:>7.1}%",
                c.metric,
                c.level,
                c.n,
                100.0 * c.p10_p90,
                100.0 * c.p05_p95,
                100.0 * c.mdape,
                100.0 * c.bias
            );
        }
        out.push_str("  (nominal coverage: 80% within P10-P90, 90% within P05-P95)\n");
        out
    }
}
