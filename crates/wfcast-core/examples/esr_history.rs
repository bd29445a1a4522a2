//! Writes the shipped synthetic history `data/esr_history_2014_2019.csv` and the true
//! parameters it was generated from, `data/esr_history_2014_2019.truth.toml`.
//!
//! ```text
//! cargo run -p wfcast-core --example esr_history
//! ```
//!
//! Run it from the repository root; it rewrites both files byte for byte the same.

use std::process::ExitCode;

use wfcast_core::Baseline;
use wfcast_core::calibrate::{TrueParams, simulate};

/// Seed of the per-role true parameters.
const TRUTH_SEED: u64 = 2014;
/// Seed of the simulated flows.
const HISTORY_SEED: u64 = 2019;

fn main() -> ExitCode {
    let baseline = match Baseline::embedded() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let truth = TrueParams::synthetic(&baseline, TRUTH_SEED);
    let history = simulate(&truth, &baseline, HISTORY_SEED);
    let files = [
        ("data/esr_history_2014_2019.csv", history.to_csv()),
        ("data/esr_history_2014_2019.truth.toml", truth.to_toml()),
    ];
    for (path, text) in files {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: {path}: {e} (run from the repository root)");
            return ExitCode::FAILURE;
        }
    }
    for y in &history.years {
        let hc: u64 = y.cells.iter().map(|c| u64::from(c.headcount)).sum();
        let fte: f64 = y.cells.iter().map(|c| c.fte).sum();
        let vac: f64 = y.cells.iter().map(|c| c.vacancies_wte).sum();
        let leavers: u64 = y
            .cells
            .iter()
            .map(|c| u64::from(c.leavers + c.retirements))
            .sum();
        println!(
            "{}: headcount {hc}, FTE {fte:.0}, vacancies {vac:.0} WTE, leavers incl. retirements {leavers}",
            y.year
        );
    }
    ExitCode::SUCCESS
}
