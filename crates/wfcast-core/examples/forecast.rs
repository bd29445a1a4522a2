//! A projection from a program: the shipped data-driven future, 200 draws, and the national
//! staff in post, establishment and gap in 2030 with their P10-P90 ranges.
//!
//! ```sh
//! cargo run --release -p wfcast-core --example forecast
//! ```

use wfcast_core::{Baseline, Keep, Method, Metric, RegionFilter, load_shipped, summarise_run};

fn main() -> Result<(), wfcast_core::Error> {
    let baseline = Baseline::embedded()?;
    let mut scenario = load_shipped("data-driven.toml", &baseline)?;
    scenario.draws = 200;
    // bounded memory however many draws: every draw kept while they fit in 256 MiB
    let (keep, _) = Keep::within(Some(256 << 20), [&scenario], &baseline);
    let results = summarise_run(
        &scenario,
        &baseline,
        Method::MonteCarlo,
        keep,
        RegionFilter::All,
        &|| {},
    );
    for metric in [Metric::Wte, Metric::DemandWte, Metric::GapWte] {
        if let Some(s) = results.national(scenario.horizon, metric) {
            println!(
                "{metric} {}: mean {:.0} (P10 {:.0} - P90 {:.0})",
                scenario.horizon, s.mean, s.q[1], s.q[5]
            );
        }
    }
    Ok(())
}
