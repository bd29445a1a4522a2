//! wfcast-core: the projection engine of wfcast, which forecasts the NHS digital, data and
//! technology (DDaT) and informatics workforce by role and region under alternative
//! scenarios, with Monte Carlo cohort models. docs/model.md describes the model.
//!
//! The pieces, in the order a run uses them:
//! - [`input`]: the baseline (staff in post and the rates people move at; the default data
//!   is compiled in) and ESR-style histories;
//! - [`scenario`]: scenario files with inheritance and located errors, resolved to plain
//!   values;
//! - [`model`]: the cohort model, one year's step realised by Monte Carlo or by expected
//!   values, and what it records ([`Metric`]);
//! - [`run`](mod@run): every draw in parallel, block by block for large runs;
//! - [`analysis`]: summaries with roll-ups, running summaries, sensitivity, comparisons,
//!   and [`analysis::summarise_run`], which chooses between keeping every draw and running
//!   summaries by a memory budget;
//! - [`calibrate`]: rates estimated from a history, synthetic histories, backtests;
//! - [`markov`]: classic Markov manpower-planning analysis;
//! - [`plan`]: the least-cost package of levers that meets a target with a stated probability;
//! - [`spreadsheet`]: user text made safe for the CSV files spreadsheets open.
//!
//! A projection in a few lines: load the shipped data and a shipped future, run it, and read
//! the national staff in post in the horizon year.
//!
//! ```
//! use wfcast_core::{Baseline, Keep, Method, Metric, RegionFilter, load_shipped, summarise_run};
//!
//! let baseline = Baseline::embedded()?;
//! let mut scenario = load_shipped("data-driven.toml", &baseline)?;
//! scenario.draws = 20;
//! let results = summarise_run(&scenario, &baseline, Method::MonteCarlo, Keep::Every,
//!                             RegionFilter::All, &|| {});
//! let wte = results.national(scenario.horizon, Metric::Wte).expect("a national row");
//! println!("{} WTE in post in {} (P10 {:.0}, P90 {:.0})",
//!          wte.mean.round(), scenario.horizon, wte.q[1], wte.q[5]);
//! assert!(wte.q[1] <= wte.mean && wte.mean <= wte.q[5]);
//! # Ok::<(), wfcast_core::Error>(())
//! ```

pub mod analysis;
pub mod calibrate;
mod error;
pub mod geography;
pub mod import;
pub mod input;
pub mod markov;
pub mod model;
pub mod plan;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod spreadsheet;
pub mod taxonomy;
mod toml_all;

pub use analysis::{Keep, RegionFilter, Results, Stats, SummaryRow, summarise, summarise_run};
pub use error::{Error, Location, Result, did_you_mean};
pub use input::Baseline;
pub use model::{Measure, Metric};
pub use run::{Method, Projection, run};
pub use scenario::{Scenario, load_shipped};
