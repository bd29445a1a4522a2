//! How the outputs name places and roles.

use wfcast_core::Baseline;
use wfcast_core::analysis::RegionFilter;
use wfcast_core::geography::Geography;

/// The `--region` filter as the label used in the tables: `ALL` or a place id.
pub(crate) fn place(filter: RegionFilter, geography: &Geography) -> &str {
    geography.label(filter.node())
}

/// The folder under `--out` that `name`'s results go to: `<name>`, or `<name>-<place>` for
/// a run of one place, so that a run of one place never replaces the national results.
pub(crate) fn result_folder(name: &str, filter: RegionFilter, geography: &Geography) -> String {
    match filter {
        RegionFilter::All => name.to_owned(),
        RegionFilter::Only(node) => format!("{name}-{}", geography.label(node)),
    }
}

/// The `--region` filter as people read it: the top place's name (England), or the place's.
pub(crate) fn place_label(filter: RegionFilter, geography: &Geography) -> &str {
    &geography.nodes()[filter.node()].name
}

/// Role ids with their display names, in baseline order.
pub(crate) fn role_names(baseline: &Baseline) -> Vec<(String, String)> {
    baseline
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
}
