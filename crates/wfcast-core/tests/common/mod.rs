//! What the model tests share: scenarios from text, national totals and standard errors.

#![allow(dead_code)] // each test binary uses its own subset of these helpers
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

pub(crate) mod edits;

use std::path::Path;

use proptest::test_runner::Config;
use wfcast_core::Measure;
use wfcast_core::{Baseline, Error, Projection, Scenario};

/// A scenario parsed from `text` on the shipped baseline.
pub(crate) fn scenario(text: &str) -> (Scenario, Baseline) {
    let b = Baseline::embedded().unwrap();
    (
        Scenario::from_str(Path::new("t.toml"), text, &b).unwrap(),
        b,
    )
}

/// National total of `metric` in year index `y`, per draw.
pub(crate) fn national(p: &Projection, metric: &str, y: usize) -> Vec<f64> {
    let k = p.slot(&Measure::parse(metric).unwrap()).unwrap();
    (0..p.draws as usize)
        .map(|d| p.role_regions().map(|rr| p.value(d, y, rr, k)).sum())
        .collect()
}

/// Sample mean and its standard error.
pub(crate) fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

fn metric(p: &Projection, name: &str) -> usize {
    p.slot(&Measure::parse(name).unwrap()).unwrap()
}

/// stock(t+1) = stock(t) + joiners - leavers - retirements + moves in - moves out in every
/// role x region, every draw and year, and moves sum to zero nationally.
pub(crate) fn assert_conserved(p: &Projection) {
    let [hc, j, l, r, mi, mo] = [
        "headcount",
        "joiners",
        "leavers",
        "retirements",
        "moves_in",
        "moves_out",
    ]
    .map(|m| metric(p, m));
    for d in 0..p.draws as usize {
        for y in 1..p.years.len() {
            let (mut all_in, mut all_out) = (0.0, 0.0);
            for rr in p.role_regions() {
                let v = |m| p.value(d, y, rr, m);
                let before = p.value(d, y - 1, rr, hc);
                assert_eq!(
                    v(hc),
                    before + v(j) - v(l) - v(r) + v(mi) - v(mo),
                    "draw {d} year {} rr {rr:?}",
                    p.years[y]
                );
                all_in += v(mi);
                all_out += v(mo);
            }
            assert_eq!(all_in, all_out, "moves sum to zero nationally");
        }
    }
}

/// Cases per property: fixed (so CI time is bounded) unless PROPTEST_CASES asks for more.
pub(crate) fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// An error must be the user's to fix, name the file and render without panicking.
pub(crate) fn assert_clean(e: &Error, file: &str) {
    assert!(e.is_user_error(), "not an input error: {e:?}");
    let shown = e.to_string();
    assert!(shown.contains(file), "the message names the file: {shown}");
    assert!(shown.starts_with("error: "), "{shown}");
}
