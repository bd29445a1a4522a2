//! Running summaries: a run's summary folded in block by block of draws, so memory stays
//! bounded however many draws a run makes.
//!
//! Means are the same sums in the same draw order as [`summarise`](super::summarise)
//! (bit for bit), standard deviations are combined block by block (Chan et al.), and
//! quantiles are t-digest estimates instead of exact order statistics. A run switches to
//! running summaries only when keeping every draw would exceed its memory budget.

use std::sync::Arc;

use rayon::prelude::*;
use tdigest::TDigest;

use super::sensitivity::{Driver, drivers_of, horizon_outputs};
use super::summary::{Group, QUANTILES, RegionFilter, Stats, SummaryRow, columns, groups};
use crate::geography::Geography;
use crate::input::Baseline;
use crate::model::{Measure, Metric};
use crate::run::Projection;

/// Draws a run folds in at a time: memory holds one block of records per scenario. Fixed,
/// not tuned to the machine, because t-digest estimates depend on where blocks start.
pub const BLOCK_DRAWS: usize = 512;

/// Centroids each t-digest keeps. 200 keeps the rank error of P05 and P95 far below the
/// Monte Carlo error of those quantiles at any draw count, at about 3 KB per series.
const DIGEST_SIZE: usize = 200;

/// One metric of one group, folded draw by draw.
#[derive(Debug, Clone)]
struct Series {
    metric: Measure,
    n: u64,
    /// Sum in draw order, so the mean is the exact summary's mean to the bit.
    sum: f64,
    mean: f64,
    /// Sum of squared deviations from the mean.
    m2: f64,
    digest: TDigest,
}

impl Series {
    fn new(metric: Measure) -> Self {
        Self {
            metric,
            n: 0,
            // what `Iterator::sum` starts from, so sums agree bit for bit
            sum: -0.0,
            mean: 0.0,
            m2: 0.0,
            digest: TDigest::new_with_size(DIGEST_SIZE),
        }
    }

    fn add(&mut self, mut values: Vec<f64>) {
        if values.is_empty() {
            return;
        }
        let nb = values.len() as f64;
        self.sum = values.iter().fold(self.sum, |a, v| a + v);
        let mean_b = values.iter().sum::<f64>() / nb;
        let m2_b = values.iter().map(|v| (v - mean_b).powi(2)).sum::<f64>();
        let na = self.n as f64;
        let n = na + nb;
        let delta = mean_b - self.mean;
        self.mean += delta * nb / n;
        self.m2 += m2_b + delta * delta * na * nb / n;
        self.n += values.len() as u64;
        values.sort_unstable_by(f64::total_cmp);
        self.digest = self.digest.merge_sorted(values);
    }

    fn stats(&self) -> Stats {
        if self.n == 0 {
            return Stats::of(&mut []);
        }
        let n = self.n as f64;
        let sd = if self.n > 1 {
            (self.m2.max(0.0) / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Stats {
            mean: self.sum / n,
            sd,
            q: QUANTILES.map(|q| self.digest.estimate_quantile(q).unwrap_or(f64::NAN)),
        }
    }
}

/// The summary of a run built up block by block of draws, in draw order: what a run keeps
/// instead of every draw when every draw would not fit in its memory budget.
#[derive(Debug, Clone)]
pub struct RunningSummary {
    scenario: String,
    years: Vec<i32>,
    roles: Vec<String>,
    geography: Arc<Geography>,
    filter: RegionFilter,
    groups: Vec<Group>,
    /// Per group, its metrics (empty until the first block).
    series: Vec<Vec<Series>>,
    parameter_names: Vec<String>,
    /// Every draw's parameter values and headline outputs in the horizon year, kept exactly
    /// for the sensitivity analysis (a few hundred bytes a draw).
    sampled: Vec<f64>,
    outputs: Vec<(Metric, Vec<f64>)>,
    draws: u64,
}

impl RunningSummary {
    /// An empty summary of the projection `like` (its scenario, years, roles and
    /// parameters; its draws are not added), reporting the region(s) of `filter`.
    pub fn new(like: &Projection, filter: RegionFilter) -> Self {
        let groups = groups(like.years.len(), like.roles.len(), filter, &like.geography);
        Self {
            geography: like.geography.clone(),
            scenario: like.scenario.clone(),
            years: like.years.clone(),
            roles: like.roles.clone(),
            filter,
            series: vec![Vec::new(); groups.len()],
            groups,
            parameter_names: like.parameter_names.clone(),
            sampled: Vec::new(),
            outputs: Vec::new(),
            draws: 0,
        }
    }

    /// Folds in the draws of `block`, which must follow the draws added so far (draw order).
    pub fn add(&mut self, block: &Projection) {
        let groups = &self.groups;
        self.series
            .par_iter_mut()
            .zip(groups.par_iter())
            .for_each(|(series, &group)| {
                let cols = columns(block, group);
                if series.is_empty() {
                    series.extend(cols.iter().map(|c| Series::new(c.metric.clone())));
                }
                for (s, c) in series.iter_mut().zip(cols) {
                    s.add(c.values);
                }
            });
        self.sampled.extend_from_slice(&block.sampled);
        for (metric, values) in horizon_outputs(block, self.filter) {
            match self.outputs.iter_mut().find(|(m, _)| *m == metric) {
                Some((_, kept)) => kept.extend(values),
                None => self.outputs.push((metric, values)),
            }
        }
        self.draws += block.draws;
    }

    /// Draws folded in so far.
    pub fn draws(&self) -> u64 {
        self.draws
    }

    /// The summary rows, in the order and form of [`summarise`](super::summarise).
    pub fn rows(&self) -> Vec<SummaryRow> {
        self.groups
            .iter()
            .zip(&self.series)
            .flat_map(|(group, series)| {
                let role = group.role_label(&self.roles);
                let region = group.region_label(&self.geography);
                series.iter().map(move |s| SummaryRow {
                    scenario: self.scenario.clone(),
                    year: self.years[group.year],
                    role: role.clone(),
                    region: region.clone(),
                    metric: s.metric.clone(),
                    stats: s.stats(),
                })
            })
            .collect()
    }

    /// What drives the headline outputs in the horizon year, as
    /// [`drivers`](super::drivers) finds it from every draw (labels from `baseline`).
    pub fn drivers(&self, baseline: &Baseline) -> Vec<Driver> {
        drivers_of(
            &self.parameter_names,
            &self.sampled,
            &self.outputs,
            baseline,
        )
    }
}
