//! Running a scenario: every Monte Carlo draw in parallel (block by block for runs too
//! large to keep), or the expected-value projection; the per-draw records are what the
//! summaries in [`crate::analysis`] read.

pub mod cost;
mod projection;
mod runner;

pub use projection::{Method, Projection};
pub use runner::{DrawSet, Runner, bytes_per_draw, run, run_monte_carlo};
