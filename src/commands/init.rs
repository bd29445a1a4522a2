//! `wfcast init`: a commented starter scenario listing every parameter, or a short file that
//! extends a shipped future, so that changing one line compares like with like.

use wfcast_core::Baseline;
use wfcast_core::scenario::{SHIPPED_PREFIX, STARTER, load_shipped, shipped_names};

use crate::cli::InitArgs;
use crate::error::CliError;
use crate::session::folder;

/// `wfcast init`.
pub(crate) fn init(args: &InitArgs) -> Result<(), CliError> {
    folder("DIR", &args.dir)?;
    let path = args.dir.join("scenario.toml");
    if path.exists() && !args.force {
        return Err(CliError::usage(
            "DIR",
            format!("{} already exists", path.display()),
            Some("pass --force to overwrite it, or choose another folder".into()),
        ));
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        CliError::usage(
            "DIR",
            format!("cannot create {}: {e}", args.dir.display()),
            None,
        )
    })?;
    let text = match &args.from {
        Some(name) => from_shipped(name)?,
        None => STARTER.to_owned(),
    };
    std::fs::write(&path, text).map_err(|e| {
        CliError::usage("DIR", format!("cannot write {}: {e}", path.display()), None)
    })?;
    match &args.from {
        Some(name) => say!(
            "wrote {}\nnext: change an assumption in it, then wfcast compare {SHIPPED_PREFIX}{} {0}",
            path.display(),
            name.trim_end_matches(".toml")
        ),
        None => say!(
            "wrote {}\nnext: wfcast validate {0} && wfcast run {0}",
            path.display()
        ),
    }
    Ok(())
}

/// A scenario that extends the shipped `name` under its own name, with the commonest
/// changes written out as comments.
fn from_shipped(name: &str) -> Result<String, CliError> {
    let name = name.strip_prefix(SHIPPED_PREFIX).unwrap_or(name);
    let name = name.trim_end_matches(".toml");
    let shipped = load_shipped(name, &Baseline::embedded()?).map_err(|_| {
        CliError::usage(
            "--from",
            format!("no shipped scenario is called `{name}`"),
            Some(format!("choose one of {}", shipped_names())),
        )
    })?;
    Ok(format!(
        "# A variant of the shipped `{name}` future: everything not set here is inherited.
# Change one assumption, then compare it with the original:
#   wfcast compare {SHIPPED_PREFIX}{name} scenario.toml
# Every parameter, its range and meaning: `wfcast list params`; role ids: `wfcast list
# roles`; region ids: `wfcast list regions`. `wfcast init` (without --from) writes a file
# that explains every section.

extends = \"{SHIPPED_PREFIX}{name}\"

[scenario]
name = \"my-{name}\"        # its own name, so its results never replace {name}'s
description = \"{description} With my change.\"

# For example, faster establishment growth for data scientists:
# [demand.growth]
# role.data_scientist = 0.12
#
# or a bigger graduate intake from 2026:
# [[policy.intake]]
# route = \"graduate_scheme\"
# multiplier = 1.5
# from = 2026
",
        description = shipped.description.replace('"', "'"),
    ))
}
