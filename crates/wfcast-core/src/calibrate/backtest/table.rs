//! The backtest as a table (`backtest.csv`) and as text to read.

use std::fmt::Write as _;

use super::{Backtest, Coverage};
use crate::spreadsheet::safe_text;

/// A score or skill with 4 decimals, empty when undefined (a naive forecast that was exact).
fn score(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        String::new()
    }
}

/// A skill in the console: signed, 2 decimals, `-` when undefined.
pub(super) fn signed(x: f64) -> String {
    if x.is_finite() {
        format!("{x:+.2}")
    } else {
        "-".to_owned()
    }
}

/// A coverage row's scores, as `backtest.csv`'s summary rows and `backtest_by_horizon.csv`
/// write them: the two coverages, MdAPE and bias with 4 decimals, then the CRPS, naive CRPS
/// and skill scores (empty where undefined).
pub(super) fn coverage_columns(c: &Coverage) -> String {
    format!(
        "{:.4},{:.4},{:.4},{:.4},{},{},{},{},{}",
        c.p10_p90,
        c.p05_p95,
        c.mdape,
        c.bias,
        score(c.crps),
        score(c.crps_naive_last),
        score(c.crps_naive_drift),
        score(c.skill_last),
        score(c.skill_drift)
    )
}

impl Backtest {
    /// `backtest.csv`: first one row per metric and level over every place and year
    /// (`year` = `ALL`), then one row per metric, level, place and year. Coverage columns
    /// are shares (0 or 1 on a single comparison), `mdape_p50` the median absolute
    /// percentage error of the P50 as a share, `bias_p50` the mean of (P50 - actual) / actual.
    /// `crps` is the forecast's CRPS in the metric's units, `crps_naive_last` and
    /// `crps_naive_drift` the naive forecasts' (their absolute errors), all means on the
    /// `ALL` rows; `skill_last` and `skill_drift` are `1 - crps / crps_naive_*` (of the
    /// means on the `ALL` rows), empty where the naive forecast was exact.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "metric,level,role,region,year,n,actual,p05,p10,p50,p90,p95,coverage_p10_p90,coverage_p05_p95,mdape_p50,bias_p50,crps,crps_naive_last,crps_naive_drift,skill_last,skill_drift\n",
        );
        for c in &self.coverage {
            // the summary rows leave the per-comparison columns (actual, quantiles) empty
            let _ = writeln!(
                out,
                "{},{},ALL,ALL,ALL,{},,,,,,,{}",
                c.metric,
                c.level,
                c.n,
                coverage_columns(c)
            );
        }
        for c in &self.comparisons {
            let q = c.forecast.q;
            let _ = writeln!(
                out,
                "{},{},{},{},{},1,{},{:.1},{:.1},{:.1},{:.1},{:.1},{},{},{:.4},{:.4},{},{},{},{},{}",
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
                c.relative_error(),
                score(c.crps),
                score(c.crps_naive_last()),
                score(c.crps_naive_drift()),
                score(super::skill(c.crps, c.crps_naive_last())),
                score(super::skill(c.crps, c.crps_naive_drift()))
            );
        }
        out
    }

    /// Coverage and skill of every metric at every level as a table to read.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Backtest: fitted to {}, forecast {} to {} ({} draws) against the history\n  {:<12} {:<9} {:>4} {:>9} {:>9} {:>8} {:>8} {:>10} {:>10} {:>11}\n",
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
            "bias",
            "CRPS",
            "skill last",
            "skill drift"
        );
        for c in &self.coverage {
            let _ = writeln!(
                out,
                "  {:<12} {:<9} {:>4} {:>8.0}% {:>8.0}% {:>7.1}% {:>7.1}% {:>10.1} {:>10} {:>11}",
                c.metric,
                c.level,
                c.n,
                100.0 * c.p10_p90,
                100.0 * c.p05_p95,
                100.0 * c.mdape,
                100.0 * c.bias,
                c.crps,
                signed(c.skill_last),
                signed(c.skill_drift)
            );
        }
        out.push_str(
            "  (nominal coverage: 80% within P10-P90, 90% within P05-P95; CRPS: mean, in the metric's units;\n   skill = 1 - CRPS / CRPS of a naive forecast (last value carried forward; drift): above 0 beats it)\n",
        );
        out
    }
}
