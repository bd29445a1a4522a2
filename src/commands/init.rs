//! `wfcast init`: a commented starter scenario listing every parameter.

use wfcast_core::scenario::STARTER;

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
    std::fs::write(&path, STARTER).map_err(|e| {
        CliError::usage("DIR", format!("cannot write {}: {e}", path.display()), None)
    })?;
    println!(
        "wrote {}\nnext: wfcast validate {0} && wfcast run {0}",
        path.display()
    );
    Ok(())
}
