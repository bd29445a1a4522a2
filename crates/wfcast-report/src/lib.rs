//! wfcast-report: turns projections into the files analysts open — the tidy
//! `summary.csv` and `summary.parquet`, `workbook.xlsx`, `compare.csv` and `compare.xlsx`,
//! `sensitivity.csv`, `draws.parquet`, `resolved.toml` and `run.json` — written atomically
//! so a failed run leaves nothing half-written; and into what CIOs look at: fan charts,
//! tornado and bar charts ([`charts`], SVG and PNG) and a self-contained HTML page ([`html`]).

pub mod charts;
mod error;
pub mod format;
mod glyphs;
pub mod html;
pub mod pages;
pub mod parquet;
pub mod provenance;
pub mod shard;
pub mod staging;
pub mod tidy;
pub mod workbook;

pub use error::{Error, Result};
pub use staging::Staging;
