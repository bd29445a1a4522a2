//! `wfcast list`: what a scenario file can name, from the binary itself, so a user without
//! the repository's files can write one.

use wfcast_core::scenario::{RULES, SHIPPED, SHIPPED_PREFIX, load_shipped};

use crate::cli::{ListArgs, ListWhat};
use crate::error::CliError;
use crate::session::load_baseline;

/// `wfcast list`.
pub(crate) fn list(args: &ListArgs) -> Result<(), CliError> {
    let baseline = load_baseline(args.data.as_deref())?;
    match args.what {
        ListWhat::Scenarios => {
            say!("{:<28} description", "name (for run, compare and extends)");
            for (file, _) in SHIPPED {
                let name = file.trim_end_matches(".toml");
                let s = load_shipped(name, &baseline)?;
                say!(
                    "{:<28} {}",
                    format!("{SHIPPED_PREFIX}{name}"),
                    s.description
                );
            }
            say!(
                "\nstart from one with `wfcast init --from <name>`; `wfcast run` with no file \
                 runs data-driven and investment-stalls"
            );
        }
        ListWhat::Roles => {
            say!("{:<24} {:<44} family", "id", "name");
            for r in &baseline.roles {
                say!("{:<24} {:<44} {}", r.id, r.name, r.family);
            }
        }
        ListWhat::Regions => {
            let geography = &baseline.geography;
            // columns as wide as their widest entry: a trust's name is long
            let width = |f: &dyn Fn(&wfcast_core::geography::Place) -> usize, min: usize| {
                geography.nodes().iter().map(f).max().unwrap_or(0).max(min)
            };
            let (wi, wn, wl) = (
                width(&|p| p.id.chars().count(), 2),
                width(&|p| p.name.chars().count(), 4),
                width(&|p| p.level.chars().count(), 5),
            );
            say!(
                "{:<wi$}  {:<wn$}  {:<wl$}  {:<10}  in",
                "id",
                "name",
                "level",
                "code"
            );
            for (node, p) in geography.nodes().iter().enumerate() {
                let parent = geography
                    .parent(node)
                    .map_or("", |k| geography.nodes()[k].id.as_str());
                say!(
                    "{:<wi$}  {:<wn$}  {:<wl$}  {:<10}  {parent}",
                    p.id,
                    p.name,
                    p.level,
                    p.code
                );
            }
        }
        ListWhat::Params => {
            say!(
                "{:<34} {:>16} {:>9}  meaning",
                "parameter",
                "valid range",
                "default"
            );
            for rule in &RULES {
                say!(
                    "{:<34} {:>16} {:>9}  {}",
                    rule.path,
                    format!("{}..{}", rule.lo, rule.hi),
                    rule.default,
                    rule.meaning
                );
            }
        }
    }
    Ok(())
}
