//! wfcast-report: turns projections into the files analysts open — the tidy
//! `summary.csv`, `resolved.toml` and `run.json` — written atomically so a failed run
//! leaves nothing half-written.

pub mod charts;
mod error;
pub mod format;
mod glyphs;
pub mod provenance;
pub mod staging;
pub mod tidy;

pub use error::{Error, Result};
pub use staging::Staging;
