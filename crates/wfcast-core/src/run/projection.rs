//! A projection: every draw's record per year and role x region, as a run produces it.

use crate::model::Measure;
use std::sync::Arc;

use crate::geography::Geography;
use crate::taxonomy::RoleRegion;

/// How a scenario is projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Monte Carlo draws with parameter uncertainty and process noise.
    #[default]
    MonteCarlo,
    /// One deterministic projection of expected values at central parameters (matrix algebra).
    Expected,
}

impl Method {
    /// The name used on the command line and in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Self::MonteCarlo => "monte-carlo",
            Self::Expected => "expected",
        }
    }
}

/// The result of running a scenario: every draw's record per year and role x region.
#[derive(Debug, Clone)]
pub struct Projection {
    /// The scenario's name.
    pub scenario: String,
    /// How it was projected.
    pub method: Method,
    /// Years covered, base year first.
    pub years: Vec<i32>,
    /// Role ids in order.
    pub roles: Vec<String>,
    /// The places projected (the geography's finest level) and what they roll up into.
    pub geography: Arc<Geography>,
    /// Measures recorded per role x region and year, in record order.
    pub metrics: Vec<Measure>,
    /// Number of draws (1 for the expected-value method).
    pub draws: u64,
    /// Names of the uncertain parameter entries, matching `sampled`.
    pub parameter_names: Vec<String>,
    /// Per draw, the value of each uncertain parameter entry (draw-major).
    pub sampled: Vec<f64>,
    /// Per draw x year x role-region x metric.
    pub records: Vec<f64>,
}

impl Projection {
    /// Number of role x region pairs.
    pub fn n_role_regions(&self) -> usize {
        self.roles.len() * self.n_places()
    }

    /// Number of places projected.
    pub fn n_places(&self) -> usize {
        self.geography.n_places()
    }

    /// The pair of role `role` and place `g`.
    pub fn pair(&self, role: usize, g: usize) -> RoleRegion {
        RoleRegion::new(role, g, self.n_places())
    }

    /// Every role x region pair, in record order.
    pub fn role_regions(&self) -> impl Iterator<Item = RoleRegion> + use<> {
        RoleRegion::all(self.roles.len(), self.n_places())
    }

    /// Values per draw.
    pub fn per_draw(&self) -> usize {
        self.years.len() * self.n_role_regions() * self.metrics.len()
    }

    /// The record of one draw.
    pub fn draw(&self, d: usize) -> &[f64] {
        let n = self.per_draw();
        &self.records[d * n..(d + 1) * n]
    }

    /// The value at record position `slot` (see [`Projection::slot`]) of draw `d`, year
    /// index `y` and role x region `rr`.
    pub fn value(&self, d: usize, y: usize, rr: RoleRegion, slot: usize) -> f64 {
        self.draw(d)[(y * self.n_role_regions() + rr.index()) * self.metrics.len() + slot]
    }

    /// Empties it of draws, keeping its shape and its buffers' room for the next draws.
    pub fn clear(&mut self) {
        self.records.clear();
        self.sampled.clear();
        self.draws = 0;
    }

    /// The record position of `measure`, if this projection records it.
    pub fn slot(&self, measure: &Measure) -> Option<usize> {
        self.metrics.iter().position(|m| m == measure)
    }
}
