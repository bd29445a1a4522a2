//! `wfcast validate`: scenario files loaded and checked as a run would, without running them.

use crate::cli::ValidateArgs;
use crate::error::CliError;
use crate::session::{load_baseline, load_scenarios};

/// `wfcast validate`.
pub(crate) fn validate(args: &ValidateArgs) -> Result<(), CliError> {
    let baseline = load_baseline(args.data.as_deref())?;
    let scenarios = load_scenarios(&args.scenarios, &baseline)?;
    for (s, f) in scenarios.iter().zip(&args.scenarios) {
        say!(
            "ok: {} (scenario `{}`, {}-{}, {} draws)",
            f.display(),
            s.name,
            s.base_year,
            s.horizon,
            s.draws
        );
    }
    Ok(())
}
