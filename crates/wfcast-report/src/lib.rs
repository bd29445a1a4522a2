//! wfcast-report: turns projections into the files analysts open — the tidy
//! `summary.csv` and `summary.parquet`, `workbook.xlsx`, `compare.csv` and `compare.xlsx`,
//! `sensitivity.csv`, `draws.parquet`, `resolved.toml` and `run.json` — written atomically
//! so a failed run leaves nothing half-written; and into what CIOs look at: fan charts,
//! tornado and bar charts ([`charts`], SVG and PNG) and a self-contained HTML page ([`html`]).
//!
//! Layout:
//! - the report writers, one module per kind of file: [`tidy`] (CSV), [`parquet`],
//!   [`workbook`] (XLSX), [`charts`] (SVG and PNG; a folder, one file per kind of chart),
//!   [`html`] (the page builder) and [`pages`] (what the pages and their charts show), with
//!   [`format`](mod@format) for numbers as people read them;
//! - the run store, [`store`]: the atomic staging of output folders, the `run.json` record
//!   and the shard files of a sharded run. It uses none of the report writers.

pub mod charts;
mod error;
pub mod explore;
pub mod format;
pub mod html;
pub mod pages;
pub mod parquet;
pub mod plan;
pub mod store;
pub mod tidy;
pub mod workbook;

pub use error::{Error, Result};
pub use store::staging::Staging;
