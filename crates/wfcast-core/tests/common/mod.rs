//! What the model tests share: scenarios from text, national totals and standard errors.

#![allow(dead_code)] // each test binary uses its own subset of these helpers
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::{Baseline, Projection, Scenario};

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
    let k = p.metric_index(metric).unwrap();
    (0..p.draws as usize)
        .map(|d| (0..p.n_role_regions()).map(|rr| p.value(d, y, rr, k)).sum())
        .collect()
}

/// Sample mean and its standard error.
pub(crate) fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}
