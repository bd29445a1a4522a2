//! How the outputs name places and roles.

use wfcast_core::Baseline;
use wfcast_core::analysis::RegionFilter;
use wfcast_core::taxonomy::{ALL, REGIONS};
use wfcast_report::pages::place_name;

/// The `--region` filter as the label used in the tables: `ALL` or a region id.
pub(crate) fn place(filter: RegionFilter) -> &'static str {
    match filter {
        RegionFilter::All => ALL,
        RegionFilter::Only(r) => REGIONS[r].0,
    }
}

/// The folder under `--out` that `name`'s results go to: `<name>`, or `<name>-<region>` for
/// a run of one region, so that a regional run never replaces the national results.
pub(crate) fn result_folder(name: &str, filter: RegionFilter) -> String {
    match filter {
        RegionFilter::All => name.to_owned(),
        RegionFilter::Only(r) => format!("{name}-{}", REGIONS[r].0),
    }
}

/// The `--region` filter as people read it: England, or the region's name.
pub(crate) fn place_label(filter: RegionFilter) -> &'static str {
    place_name(place(filter))
}

/// Role ids with their display names, in baseline order.
pub(crate) fn role_names(baseline: &Baseline) -> Vec<(String, String)> {
    baseline
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}
