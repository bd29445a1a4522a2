//! wfcast-core: the projection engine of wfcast, which forecasts the NHS digital, data and
//! technology (DDaT) and informatics workforce by role and region under alternative
//! scenarios, with Monte Carlo cohort models.
//!
//! The pieces, in the order a run uses them:
//! - [`baseline`]: staff in post and the rates people move at (the default data is compiled in);
//! - [`scenario`]: scenario files with inheritance and located errors;
//! - [`draws`]: the parameter values of one draw (parameter uncertainty);
//! - [`cohort`]: one draw stepped year by year (process noise);
//! - [`engine`]: all draws in parallel;
//! - [`summary`]: means and quantiles with roll-ups ([`running`]: the same, folded in
//!   block by block when a run is too large to keep every draw);
//! - [`compare`]: the paired difference of two futures;
//! - [`sensitivity`]: which uncertain assumptions drive the 2030 gap;
//! - [`history`], [`calibrate`], [`backtest`]: rates estimated from an ESR-style history,
//!   and how well forecasts made that way covered what happened.

pub mod backtest;
pub mod band_matrix;
pub mod baseline;
pub mod calibrate;
pub mod cohort;
pub mod compare;
pub mod draws;
pub mod engine;
pub mod error;
pub mod expected;
pub mod history;
pub mod levers;
pub mod markov;
pub mod param;
pub mod rng;
pub mod running;
pub mod scenario;
pub mod sensitivity;
pub mod summary;
mod table;
pub mod taxonomy;
pub mod uncertain;
pub mod upskilling;

pub use baseline::Baseline;
pub use engine::{Method, Projection, run, run_monte_carlo};
pub use error::{Error, Location, Result};
pub use scenario::Scenario;
pub use uncertain::Uncertain;
