//! Calibration against known truth: histories generated from known parameters, estimated
//! back; and a backtest of the shipped synthetic history.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::Baseline;
use wfcast_core::calibrate::{Estimate, calibrate};
use wfcast_core::calibrate::{TrueParams, simulate};
use wfcast_core::calibrate::{backtest, backtest_scenario};
use wfcast_core::input::History;

/// Seed of the shipped truth (crates/wfcast-core/examples/esr_history.rs).
const TRUTH_SEED: u64 = 2014;

/// The shipped baseline and the shipped synthetic history read on it.
fn shipped_history() -> (Baseline, History) {
    let b = Baseline::embedded().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/esr_history_2014_2019.csv");
    let h = History::read(&path, &b).unwrap();
    (b, h)
}

/// Every (family, estimate, true value) of one calibration whose truth is a single number:
/// the per-role entries, and the national entries of parameters the truth holds nationally.
fn checks(
    truth: &TrueParams,
    history: &History,
    b: &Baseline,
    fit_until: i32,
) -> Vec<(&'static str, Estimate, f64)> {
    let cal = calibrate(history, b, fit_until).unwrap();
    let mut out = Vec::new();
    for p in &cal.params {
        let role_truth: Option<&std::collections::BTreeMap<String, f64>> = match p.path {
            "leaving.multiplier" => Some(&truth.leaving),
            "promotion.multiplier" => Some(&truth.promotion),
            "recruitment.fill_rate" => Some(&truth.fill_rate),
            "demand.growth" => Some(&truth.growth),
            _ => None,
        };
        let national = match p.path {
            "retirement.multiplier" => Some(truth.retirement),
            "recruitment.international_fill" => Some(truth.international_fill),
            "recruitment.return_rate" => Some(truth.return_rate),
            _ => None,
        };
        if let Some(t) = national {
            out.push((p.path, p.national, t));
            // retirement is national in the truth, so every role entry estimates it too
            for (_, e) in &p.roles {
                out.push((p.path, *e, t));
            }
        }
        if let Some(map) = role_truth {
            for (role, e) in &p.roles {
                out.push((p.path, *e, map[role]));
            }
        }
    }
    out
}

/// Parameter recovery: over repeated synthetic histories from the shipped truth, the 80%
/// and 90% intervals contain the true values at about their nominal rates.
///
/// Intervals within one history share its year effects, so they are not independent: the
/// tolerance is three cluster-robust standard errors of the coverage: the spread of the
/// per-history coverage across histories, over the square root of their number (never
/// below the binomial standard error of the pooled share).
#[test]
fn intervals_cover_the_true_parameters_at_their_nominal_rate() {
    recovery(2019);
}

/// The same with the backtest's default fit (2015-2017): three years of flows, so the year
/// variance rests on two degrees of freedom and the t intervals are wide.
#[test]
fn intervals_from_three_years_still_cover_at_their_nominal_rate() {
    recovery(2017);
}

fn recovery(fit_until: i32) {
    let b = Baseline::embedded().unwrap();
    let truth = TrueParams::synthetic(&b, TRUTH_SEED);
    let histories = 40;
    let mut per_history: Vec<Vec<(&'static str, bool, bool)>> = Vec::new();
    for seed in 1..=histories {
        let h = simulate(&truth, &b, 1000 + seed);
        per_history.push(
            checks(&truth, &h, &b, fit_until)
                .into_iter()
                .map(|(f, e, t)| {
                    (
                        f,
                        (e.p80.0..=e.p80.1).contains(&t),
                        (e.p90.0..=e.p90.1).contains(&t),
                    )
                })
                .collect(),
        );
    }
    let mut report = String::new();
    let mut failures = Vec::new();
    let families: Vec<&str> = {
        let mut f: Vec<&str> = per_history[0].iter().map(|c| c.0).collect();
        f.dedup();
        f
    };
    for family in families.iter().copied().chain(["every parameter"]) {
        for (nominal, pick) in [(0.8, 0usize), (0.9, 1)] {
            let shares: Vec<f64> = per_history
                .iter()
                .map(|checks| {
                    let mine: Vec<bool> = checks
                        .iter()
                        .filter(|c| family == "every parameter" || c.0 == family)
                        .map(|c| if pick == 0 { c.1 } else { c.2 })
                        .collect();
                    mine.iter().filter(|&&x| x).count() as f64 / mine.len() as f64
                })
                .collect();
            let n = shares.len() as f64;
            let mean = shares.iter().sum::<f64>() / n;
            let sd = (shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            // a share from few intervals per history can have a zero spread by chance; the
            // binomial standard error of the pooled share is the floor
            let per = per_history[0]
                .iter()
                .filter(|c| family == "every parameter" || c.0 == family)
                .count() as f64;
            let se = (sd / n.sqrt()).max((nominal * (1.0 - nominal) / (n * per)).sqrt());
            let tolerance = 3.0 * se;
            report.push_str(&format!(
                "{family:<32} nominal {nominal}: coverage {mean:.3} (se {se:.3}, tolerance {tolerance:.3})\n"
            ));
            if (mean - nominal).abs() > tolerance {
                failures.push(format!("{family} at {nominal}: {mean:.3}"));
            }
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{failures:?}\n{report}");
}

/// Backtest of the shipped history: fitted to 2017, forecast 2018-2019. The P10-P90 bands
/// of every metric and level together must cover about 80% of what happened.
///
/// Acceptance band: the comparisons share the two forecast years' national effects, and
/// the five metrics move together, so they are far from 270 independent trials. Counting
/// one metric's 38 role-year comparisons as the independent ones (n = 38), the binomial
/// standard error of an 80% coverage is sqrt(0.8 * 0.2 / 38) = 0.065, and of a 90%
/// coverage 0.049; the bands are three standard errors either side, capped below 1 so a
/// band that always covers fails.
#[test]
fn backtest_of_the_shipped_history_covers_near_nominal() {
    let (b, h) = shipped_history();
    let cal = calibrate(&h, &b, 2017).unwrap();
    let (scenario, start) = backtest_scenario(&h, &b, &cal, 2017, 300, 7).unwrap();
    let bt = backtest(&h, &scenario, &start).unwrap();
    let n = bt.comparisons.len() as f64;
    let in80 = bt.comparisons.iter().filter(|c| c.in_p10_p90()).count() as f64 / n;
    let in90 = bt.comparisons.iter().filter(|c| c.in_p05_p95()).count() as f64 / n;
    println!("{}", bt.summary());
    let se80 = (0.8f64 * 0.2 / 38.0).sqrt();
    let se90 = (0.9f64 * 0.1 / 38.0).sqrt();
    assert!(
        (0.8 - 3.0 * se80..=(0.8 + 3.0 * se80).min(0.99)).contains(&in80),
        "P10-P90 coverage {in80:.3}"
    );
    assert!(
        (0.9 - 3.0 * se90..=0.995).contains(&in90),
        "P05-P95 coverage {in90:.3}"
    );
    assert_eq!(bt.comparisons.len(), 5 * 2 * (1 + 19 + 7));
}

/// The naive forecasts of the backtest against the shipped history's national totals
/// (data/esr_history_2014_2019.csv: headcount 40,145 in 2014 and 43,395 in 2017, 46,059 in
/// 2019; leavers 3,231 in 2015, 3,178 in 2017 and 3,477 in 2018), and each summary's skill
/// against its own mean scores.
#[test]
fn backtest_skill_compares_with_the_last_value_and_drift() {
    let (b, h) = shipped_history();
    let cal = calibrate(&h, &b, 2017).unwrap();
    let (scenario, start) = backtest_scenario(&h, &b, &cal, 2017, 100, 7).unwrap();
    let bt = backtest(&h, &scenario, &start).unwrap();
    let national = |metric: &str, year: i32| {
        bt.comparisons
            .iter()
            .find(|c| c.level == "national" && c.metric.to_string() == metric && c.year == year)
            .unwrap()
    };
    // a stock's fitted years start with the first year's stock
    let hc = national("headcount", 2019);
    assert_eq!((hc.actual, hc.horizon), (46_059.0, 2));
    assert_eq!(hc.crps_naive_last(), 46_059.0 - 43_395.0);
    let drift = 43_395.0 + 2.0 * (43_395.0 - 40_145.0) / 3.0;
    assert!((hc.crps_naive_drift() - (46_059.0 - drift)).abs() < 1e-9);
    // a flow's start with the second year's flows (the first year's have no stock before)
    let leavers = national("leavers", 2018);
    let drift = 3_178.0 + (3_178.0 - 3_231.0) / 2.0;
    assert!((leavers.crps_naive_drift() - (3_477.0 - drift)).abs() < 1e-9);
    assert_eq!(leavers.crps_naive_last(), 3_477.0 - 3_178.0);
    for c in &bt.comparisons {
        assert!(c.crps >= 0.0 && c.crps.is_finite(), "{c:?}");
    }
    for cov in &bt.coverage {
        let rows: Vec<_> = bt
            .comparisons
            .iter()
            .filter(|c| c.metric == cov.metric && (cov.level == "all" || c.level == cov.level))
            .collect();
        let n = rows.len() as f64;
        let crps = rows.iter().map(|c| c.crps).sum::<f64>() / n;
        let last = rows.iter().map(|c| c.crps_naive_last()).sum::<f64>() / n;
        assert!((cov.crps - crps).abs() <= 1e-9 * crps, "{cov:?}");
        assert!(
            (cov.skill_last - (1.0 - crps / last)).abs() < 1e-12,
            "{cov:?}"
        );
    }
    println!("{}", bt.summary());
    // the history grows about 2.8% a year, so carrying the last stock forward is far off:
    // the calibrated forecast, which grows, must beat it nationally
    let stocks = bt.coverage.iter().filter(|c| {
        c.level == "national" && ["headcount", "wte"].contains(&c.metric.to_string().as_str())
    });
    for c in stocks {
        assert!(c.skill_last > 0.5, "{c:?}");
    }
}

/// The fragment fixes what its estimates already hold, so a scenario extending it does not
/// count it twice: new joiners' first-year leaving (the multiplier counts every leaver
/// against the start-of-year stock; leaving it at its default 0.5 made the backtest's
/// leavers run 14-20% high), automation (growth is net of it), the market-pay elasticity of
/// filling and the matching response.
#[test]
fn the_fragment_fixes_what_its_estimates_already_hold() {
    use wfcast_core::scenario::{ParamId, Scenario};
    let (b, h) = shipped_history();
    let fragment = calibrate(&h, &b, 2017).unwrap().fragment();
    let text = format!("[scenario]\nname = \"fragment\"\n{fragment}");
    let s = Scenario::from_str(Path::new("calibrated.toml"), &text, &b).unwrap();
    for id in [
        ParamId::JoinerExposure,
        ParamId::Automation,
        ParamId::FillElasticity,
        ParamId::Matching,
    ] {
        let (key, value) = s.params.get(id).lookup("data_scientist", "london").unwrap();
        assert_eq!(value.central(), 0.0, "{id:?} ({key:?})");
        assert!(value.is_fixed(), "{id:?}");
    }
}

/// Leaving's year-to-year spread goes to the engine's yearly shock (`leaving.year_sd`, the
/// estimated national year effect), and the multiplier then spans the estimate's own 80%
/// interval, narrower than one year's; the other parameters keep one year's interval.
#[test]
fn leaving_varies_year_by_year_and_its_level_spans_the_estimate() {
    use wfcast_core::scenario::{ParamId, Scenario, Uncertain};
    let (b, h) = shipped_history();
    let cal = calibrate(&h, &b, 2019).unwrap();
    let text = format!("[scenario]\nname = \"fragment\"\n{}", cal.fragment());
    let s = Scenario::from_str(Path::new("calibrated.toml"), &text, &b).unwrap();
    let fit = |path: &str| cal.params.iter().find(|p| p.path == path).unwrap();
    let written = |id: ParamId| s.params.get(id).lookup("architect", "london").unwrap().1;
    let leaving = fit("leaving.multiplier");
    assert!(leaving.year_sd > 0.0);
    let year_sd = written(ParamId::LeavingYearSd).central();
    assert!((year_sd - leaving.year_sd).abs() < 1e-4, "{year_sd}");
    let national = |u: Uncertain| u.p10_p90().unwrap();
    let (lo, hi) = national(s.params.get(ParamId::Leaving).lookup("x", "y").unwrap().1);
    let (p10, p90) = leaving.national.p80;
    assert!(
        (lo - p10).abs() < 1e-4 && (hi - p90).abs() < 1e-4,
        "{lo} {hi}"
    );
    let (w10, w90) = leaving.national.predictive80;
    assert!(
        hi - lo < w90 - w10,
        "the level is narrower than one year's spread"
    );
    // growth keeps one year's spread
    let growth = fit("demand.growth");
    let (g10, g90) = national(s.params.get(ParamId::Growth).lookup("x", "y").unwrap().1);
    let (e10, e90) = growth.national.predictive80;
    assert!((g10 - e10).abs() < 1e-4 && (g90 - e90).abs() < 1e-4);
}
