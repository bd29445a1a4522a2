//! The inputs of a command: the baseline data, the scenario files and the `--region`, each
//! checked so that a mistake is reported before any work starts.

use std::path::{Path, PathBuf};

use wfcast_core::analysis::RegionFilter;
use wfcast_core::did_you_mean;
use wfcast_core::scenario::{DEFAULT_RUN, load_shipped};
use wfcast_core::{Baseline, Error, Scenario};

use crate::error::CliError;

/// The baseline data of `--data DIR`, or the shipped synthetic data.
pub(crate) fn load_baseline(dir: Option<&Path>) -> Result<Baseline, CliError> {
    Ok(match dir {
        Some(dir) => Baseline::from_dir(dir)?,
        None => Baseline::embedded()?,
    })
}

/// Loads every scenario, reporting the problems of all files together.
pub(crate) fn load_scenarios(
    files: &[PathBuf],
    baseline: &Baseline,
) -> Result<Vec<Scenario>, CliError> {
    let loaded: Vec<Result<Scenario, Error>> = if files.is_empty() {
        DEFAULT_RUN
            .iter()
            .map(|name| load_shipped(name, baseline))
            .collect()
    } else {
        files.iter().map(|f| Scenario::load(f, baseline)).collect()
    };
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for r in loaded {
        match r {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    Ok(scenarios)
}

/// The `--region` filter: a place of the data's geography at any level, by id
/// (`north_west`) or by name (`North West`, in any case); the top place (England) is the
/// same as no filter. Otherwise a usage error suggesting the nearest place id.
pub(crate) fn parse_region(
    region: Option<&str>,
    baseline: &Baseline,
) -> Result<RegionFilter, CliError> {
    let Some(region) = region else {
        return Ok(RegionFilter::All);
    };
    let geography = &baseline.geography;
    match geography.lookup(region) {
        Some(0) => Ok(RegionFilter::All),
        Some(node) => Ok(RegionFilter::Only(node)),
        None => {
            let ids: Vec<&str> = geography.nodes()[1..]
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            let help = match did_you_mean(region, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "places are: {} (`wfcast list regions` shows them with their levels)",
                    ids.join(", ")
                ),
            };
            Err(CliError::usage(
                "--place (--region)",
                format!("unknown place `{region}`"),
                Some(help),
            ))
        }
    }
}

/// Two scenarios of one name would write to the same folder: refuse before any work.
pub(crate) fn unique_names(scenarios: &[Scenario]) -> Result<(), CliError> {
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(j) = scenarios[..i].iter().position(|o| o.name == s.name) {
            return Err(CliError::usage(
                "SCENARIO",
                format!(
                    "two scenarios are both named `{}` ({} and {}); their results would overwrite each other",
                    s.name,
                    scenarios[j].sources[0].0.display(),
                    s.sources[0].0.display()
                ),
                Some("give each a different [scenario] name".into()),
            ));
        }
    }
    Ok(())
}
