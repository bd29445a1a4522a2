//! The target a plan must meet: a metric for a place and role, at most or at least a
//! threshold, in one year or in every year from one, and how sure the plan must be of it.

use crate::input::Baseline;
use crate::model::{Measure, Metric};
use crate::run::Projection;
use crate::taxonomy::RoleRegion;

/// Which side of the threshold meets the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The metric must be at most the threshold (a vacancy rate, a gap).
    AtMost,
    /// The metric must be at least the threshold (staff in post).
    AtLeast,
}

/// The years the target must hold in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Years {
    /// One calendar year.
    In(i32),
    /// Every year from this one to the horizon.
    From(i32),
}

/// What a plan must achieve, with what probability.
///
/// ```
/// use wfcast_core::Metric;
/// use wfcast_core::plan::{Bound, Target, Years};
/// let t = Target {
///     metric: Metric::VacancyRate.into(),
///     bound: Bound::AtMost,
///     threshold: 0.2,
///     years: Years::In(2030),
///     role: None,
///     region: None,
///     probability: 0.8,
/// };
/// assert_eq!(t.margin_of(0.25), 0.25 - 0.2);
/// assert!(t.margin_of(0.15) <= 0.0, "a rate of 15% meets it");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The measure judged: a metric, or a route's (e.g. `joiners_apprenticeships`).
    pub metric: Measure,
    /// Whether it must be at most or at least the threshold.
    pub bound: Bound,
    /// The threshold, in the metric's unit (a share for rates).
    pub threshold: f64,
    /// The year or years it must hold in.
    pub years: Years,
    /// One role (index), or every role.
    pub role: Option<usize>,
    /// One place at any level (a node of the geography), or England (every place).
    pub region: Option<usize>,
    /// The probability with which it must hold, e.g. 0.8.
    pub probability: f64,
}

impl Target {
    /// By how much `value` misses the threshold: positive misses, zero or less meets it.
    pub fn margin_of(&self, value: f64) -> f64 {
        match self.bound {
            Bound::AtMost => value - self.threshold,
            Bound::AtLeast => self.threshold - value,
        }
    }

    /// The years judged, as indices into `p.years`.
    fn year_indices(&self, p: &Projection) -> Vec<usize> {
        p.years
            .iter()
            .enumerate()
            .filter(|&(_, &y)| match self.years {
                Years::In(t) => y == t,
                Years::From(t) => y >= t,
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The metric's value for the target's role and place in draw `d` (index into the
    /// projection's draws) and year index `y`: recorded metrics summed over the covered role
    /// x region pairs, the gap and vacancy rate derived from the sums as the summaries do.
    pub fn value(&self, p: &Projection, d: usize, y: usize) -> f64 {
        let sum = |m: Measure| -> f64 {
            let Some(slot) = p.slot(&m) else {
                return f64::NAN;
            };
            p.role_regions()
                .filter(|rr| self.covers(*rr, p))
                .map(|rr| p.value(d, y, rr, slot))
                .sum()
        };
        match self.metric.metric() {
            Some(Metric::GapWte) => sum(Metric::DemandWte.into()) - sum(Metric::Wte.into()),
            Some(Metric::VacancyRate) => {
                let demand = sum(Metric::DemandWte.into());
                if demand > 0.0 {
                    sum(Metric::Vacancies.into()) / demand
                } else {
                    0.0
                }
            }
            _ => sum(self.metric.clone()),
        }
    }

    fn covers(&self, rr: RoleRegion, p: &Projection) -> bool {
        self.role.is_none_or(|r| r == rr.role())
            && self
                .region
                .is_none_or(|node| p.geography.members(node).contains(&rr.region()))
    }

    /// Draw `d`'s margin: its largest miss over the target's years (zero or less: the draw
    /// meets the target in every one of them).
    pub fn margin(&self, p: &Projection, d: usize) -> f64 {
        self.year_indices(p)
            .into_iter()
            .map(|y| self.margin_of(self.value(p, d, y)))
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The target in words, e.g. "England vacancy rate at most 20% in 2030".
    pub fn describe(&self, baseline: &Baseline) -> String {
        let geography = &baseline.geography;
        let place = self
            .region
            .map_or(geography.nodes()[0].name.as_str(), |node| {
                geography.nodes()[node].name.as_str()
            });
        let role = self
            .role
            .map(|r| format!(" for {}", baseline.roles[r].name.to_lowercase()))
            .unwrap_or_default();
        let side = match self.bound {
            Bound::AtMost => "at most",
            Bound::AtLeast => "at least",
        };
        // shortest form at a precision a reader uses: 28%, not 28.000000000000004%
        let short = |x: f64| {
            let s = format!("{x:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        };
        let threshold = if self.metric == Metric::VacancyRate {
            format!("{}%", short(self.threshold * 100.0))
        } else {
            short(self.threshold)
        };
        let when = match self.years {
            Years::In(y) => format!("in {y}"),
            Years::From(y) => format!("in every year from {y}"),
        };
        format!(
            "{place} {}{role} {side} {threshold} {when}, with probability {}",
            self.metric.to_string().replace('_', " "),
            self.probability
        )
    }
}
