//! The table `run` and `merge` print when their files are published: the horizon-year
//! numbers a CIO reads first, and the input that moves the gap most, in WTE.

use wfcast_core::Metric;
use wfcast_core::Scenario;
use wfcast_core::analysis::Driver;
use wfcast_core::analysis::{RegionFilter, SummaryRow};
use wfcast_core::taxonomy::ALL;

use wfcast_core::geography::Geography;

use super::labels::place;
use crate::human::thousands;

/// The numbers a CIO reads first: staff in post, demand and gap (WTE) in the horizon year.
pub(super) struct Headline {
    /// The scenario's name.
    scenario: String,
    /// The horizon year.
    year: i32,
    /// Each metric's mean, P10 and P90.
    cells: Vec<(Metric, [f64; 3])>,
    /// The input that moves the horizon-year gap most (its label) and its swing in WTE,
    /// when that is more than noise.
    driver: Option<(String, f64)>,
}

/// The headline of scenario `s` from its summary rows and the drivers of its outputs.
pub(super) fn headline(
    s: &Scenario,
    rows: &[SummaryRow],
    filter: RegionFilter,
    geography: &Geography,
    drivers: &[Driver],
) -> Headline {
    let region = place(filter, geography);
    let cells = [Metric::Wte, Metric::DemandWte, Metric::GapWte]
        .into_iter()
        .filter_map(|metric| {
            rows.iter()
                .find(|r| {
                    r.year == s.horizon && r.role == ALL && r.region == region && r.metric == metric
                })
                .map(|r| (metric, [r.stats.mean, r.stats.q[1], r.stats.q[5]]))
        })
        .collect();
    Headline {
        scenario: s.name.clone(),
        year: s.horizon,
        cells,
        driver: drivers
            .iter()
            .find(|d| d.output == Metric::GapWte)
            .filter(|d| d.swing.is_finite() && !d.within_noise)
            .map(|d| (d.label.clone(), d.swing)),
    }
}

/// Prints one line per scenario (mean, P10 to P90), then each one's main driver of the gap.
/// `place` names where they are for, e.g. `England`.
pub(super) fn print_headlines(lines: &[Headline], place: &str) {
    let Some(first) = lines.first() else { return };
    say!("{place}, {}: mean (P10 to P90)", first.year);
    say!(
        "{:<24} {:>26} {:>26} {:>26}",
        "scenario",
        "staff in post WTE",
        "demand WTE",
        "gap WTE"
    );
    for line in lines {
        let cell = |m: Metric| {
            line.cells
                .iter()
                .find(|(k, _)| *k == m)
                .map_or(String::new(), |(_, v)| {
                    format!(
                        "{} ({} to {})",
                        thousands(v[0]),
                        thousands(v[1]),
                        thousands(v[2])
                    )
                })
        };
        say!(
            "{:<24} {:>26} {:>26} {:>26}",
            line.scenario,
            cell(Metric::Wte),
            cell(Metric::DemandWte),
            cell(Metric::GapWte)
        );
    }
    for line in lines {
        if let Some((label, swing)) = &line.driver {
            let sign = if *swing > 0.0 { "+" } else { "" };
            say!(
                "{}: the input that moves the {} gap most is {label}: {sign}{} WTE from its P10 to its P90 (see sensitivity.csv)",
                line.scenario,
                line.year,
                thousands(*swing)
            );
        }
    }
}
