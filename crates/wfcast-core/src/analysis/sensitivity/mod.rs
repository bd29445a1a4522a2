//! What drives the uncertainty: for each headline output of the horizon year (staff in
//! post, gap, vacancies, pay cost) in the run's place, how much each sampled uncertain input
//! moves it, in the output's own units, and its share of the output's variance, with a
//! standard error and an interval that say when an input cannot be told from noise
//! (`swing.rs`); the rank correlations are given beside them (`rank.rs`). Every estimate is
//! made from the draws the run already has; draw 0 (every central value) is left out.

mod rank;
mod swing;

pub use rank::{Influence, MIN_SENSITIVITY_DRAWS, influence};
pub use swing::{Effect, RESAMPLES, Z95, bins, effects, noise_z};

use super::summary::{Group, RegionFilter, columns};
use crate::input::Baseline;
use crate::model::Metric;
use crate::run::Projection;
use crate::scenario::parameter_label;

/// The outputs whose drivers a run reports, in the order `sensitivity.csv` lists them.
pub const HEADLINE_OUTPUTS: [Metric; 4] = [
    Metric::Wte,
    Metric::GapWte,
    Metric::Vacancies,
    Metric::PayCost,
];

/// What one uncertain input does to one headline output.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// The output, one of [`HEADLINE_OUTPUTS`].
    pub output: Metric,
    /// The parameter entry, e.g. `demand.growth.all`.
    pub parameter: String,
    /// Its name for people, e.g. "Demand growth, all roles" ([`parameter_label`]).
    pub label: String,
    /// Output mean at the input's P90 less at its P10, in the output's unit (WTE or GBP).
    pub swing: f64,
    /// The swing's standard error.
    pub swing_se: f64,
    /// The input's first-order share of the output's variance.
    pub variance_share: f64,
    /// The lower end of the share's 95% interval.
    pub variance_share_lo: f64,
    /// The upper end of the share's 95% interval.
    pub variance_share_hi: f64,
    /// Whether neither the swing's nor the share's 95% interval excludes 0
    /// ([`Effect::within_noise`]).
    pub within_noise: bool,
    /// Partial rank correlation with the output (NaN with too few draws).
    pub prcc: f64,
    /// Spearman rank correlation with the output.
    pub spearman: f64,
}

/// Each draw's value of every headline output in the horizon year, for all roles,
/// nationally or in the region of `filter`; empty for a projection without years.
pub fn horizon_outputs(p: &Projection, filter: RegionFilter) -> Vec<(Metric, Vec<f64>)> {
    let Some(last) = p.years.len().checked_sub(1) else {
        return Vec::new();
    };
    let total = Group {
        year: last,
        role: None,
        place: filter.node(),
    };
    let mut cols = columns(p, total);
    HEADLINE_OUTPUTS
        .iter()
        .filter_map(|&m| {
            let i = cols.iter().position(|c| c.metric == m)?;
            Some((m, std::mem::take(&mut cols[i].values)))
        })
        .collect()
}

/// The drivers of `outputs` (each draw's value, draws 0, 1, 2, ... in order) among the
/// parameters `names`, whose values `sampled` holds draw by draw; labels name roles from
/// `baseline`. Draw 0 is left out, and so are parameters that do not vary. Sorted by output
/// (in the order given), then by the size of the swing, largest first. Empty with fewer
/// than [`MIN_SENSITIVITY_DRAWS`] draws.
pub fn drivers_of(
    names: &[String],
    sampled: &[f64],
    outputs: &[(Metric, Vec<f64>)],
    baseline: &Baseline,
) -> Vec<Driver> {
    let k = names.len();
    let draws = outputs.first().map_or(0, |(_, y)| y.len());
    if k == 0 || (draws as u64) < MIN_SENSITIVITY_DRAWS || sampled.len() != k * draws {
        return Vec::new();
    }
    let sampled = &sampled[k..];
    let column = |j: usize| -> Vec<f64> { sampled.iter().skip(j).step_by(k).copied().collect() };
    let varying: Vec<(usize, Vec<f64>)> = (0..k)
        .map(|j| (j, column(j)))
        .filter(|(_, x)| x.iter().any(|v| *v != x[0]))
        .collect();
    let ys: Vec<Vec<f64>> = outputs.iter().map(|(_, y)| y[1..].to_vec()).collect();
    let xs: Vec<Vec<f64>> = varying.iter().map(|(_, x)| x.clone()).collect();
    let found = effects(&xs, &ys);
    let mut out = Vec::new();
    for (o, (metric, _)) in outputs.iter().enumerate() {
        let ranked = influence(names, sampled, &ys[o]);
        let mut these: Vec<Driver> = varying
            .iter()
            .zip(&found)
            .map(|((j, _), e)| {
                let e = e[o];
                let r = ranked.iter().find(|i| i.parameter == names[*j]);
                Driver {
                    output: *metric,
                    parameter: names[*j].clone(),
                    label: parameter_label(&names[*j], baseline),
                    swing: e.swing,
                    swing_se: e.swing_se,
                    variance_share: e.share,
                    variance_share_lo: e.share_lo,
                    variance_share_hi: e.share_hi,
                    within_noise: e.within_noise(varying.len()),
                    prcc: r.map_or(f64::NAN, |r| r.prcc),
                    spearman: r.map_or(f64::NAN, |r| r.spearman),
                }
            })
            .collect();
        these.sort_by(|a, b| {
            let key = |d: &Driver| (d.swing.is_finite(), d.swing.abs());
            let (ka, kb) = (key(a), key(b));
            kb.0.cmp(&ka.0)
                .then(kb.1.total_cmp(&ka.1))
                .then_with(|| a.parameter.cmp(&b.parameter))
        });
        out.extend(these);
    }
    out
}

/// The drivers of every headline output of `p` in the horizon year, nationally or in the
/// region of `filter` (see [`drivers_of`]).
pub fn drivers(p: &Projection, filter: RegionFilter, baseline: &Baseline) -> Vec<Driver> {
    drivers_of(
        &p.parameter_names,
        &p.sampled,
        &horizon_outputs(p, filter),
        baseline,
    )
}
