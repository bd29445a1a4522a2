//! `wfcast data`: a data folder from a planner's own staff list (`import`), and the starter
//! mapping that says how to read it (`mapping`).

use std::fmt::Write as _;
use std::path::Path;

use wfcast_core::import::{Imported, Mapping, Options, STARTER, import};
use wfcast_core::{Error, Location};

use crate::cli::{DataArgs, DataCommand, ImportArgs, MappingArgs};
use crate::error::CliError;
use crate::session::{commit, folder, load_baseline, staging};

/// Refused rows listed on the console (all of them go into `--strict`'s error).
const SHOWN: usize = 20;

/// `wfcast data`.
pub(crate) fn data(args: &DataArgs) -> Result<(), CliError> {
    match &args.command {
        DataCommand::Import(a) => import_folder(a),
        DataCommand::Mapping(a) => mapping(a),
    }
}

/// `wfcast data import`.
fn import_folder(args: &ImportArgs) -> Result<(), CliError> {
    folder("--out", &args.out)?;
    let name = args
        .out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            CliError::usage(
                "--out",
                "the folder needs a name",
                Some("e.g. --out my-data".into()),
            )
        })?
        .to_owned();
    if args.out.exists() && !args.force {
        return Err(CliError::usage(
            "--out",
            format!("{} already exists", args.out.display()),
            Some("choose a new folder, or pass --force to replace it".into()),
        ));
    }
    let template = load_baseline(args.template.as_deref())?;
    let mapping = Mapping::load(&args.mapping, &template.roles)?;
    let imported = import(&Options {
        staff: &args.staff,
        mapping: &mapping,
        template: &template,
        census: args.census_date,
        establishment: args.establishment.as_deref(),
        suppress_below: args.suppress_below,
    })?;
    let r = &imported.report;
    if args.strict && !r.refused.is_empty() {
        let errors = r
            .refused
            .iter()
            .map(|x| Error::input(Location::csv(&args.staff, x.line, None), x.reason.clone()))
            .collect();
        return Err(Error::collect(errors)
            .err()
            .map(|e| e.with_help("--strict refuses the list when any row cannot be used: mend these rows or the mapping, or drop --strict to import the rest"))
            .map_or_else(|| CliError::usage("--strict", "rows refused", None), CliError::from));
    }
    write(&args.out, &name, &imported)?;
    report(args, &imported);
    if args.census_date.year != template.base_year {
        eprintln!(
            "warning: the census date is in {} but wfcast's data describe {}: the outputs label the base year {1} and project from there",
            args.census_date.year, template.base_year
        );
    }
    Ok(())
}

/// Writes the folder through a staging folder beside it, so a failure leaves the earlier
/// folder (with --force) as it was.
fn write(out: &Path, name: &str, imported: &Imported) -> Result<(), CliError> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = staging(parent)?;
    for (file, text) in &imported.files {
        let (sub, leaf) = match file.rsplit_once('/') {
            Some((sub, leaf)) => (format!("{name}/{sub}"), leaf),
            None => (name.to_owned(), file.as_str()),
        };
        staging.write(&sub, leaf, text.as_bytes())?;
    }
    commit(staging)?;
    Ok(())
}

/// The console report: what was counted, what was refused and why, what to do next.
fn report(args: &ImportArgs, imported: &Imported) {
    let r = &imported.report;
    say!(
        "{}: {} rows; {} in post at {} ({} staff, {:.1} WTE), {} left in the year before, {} left earlier (not counted), {} refused",
        args.staff.display(),
        r.rows,
        r.in_post,
        args.census_date,
        r.headcount,
        r.wte,
        r.leavers,
        r.left_earlier,
        r.refused.len()
    );
    say!(
        "  roles found by occupation code: {}, by job title: {}",
        r.by_code,
        r.by_title
    );
    if r.merged > 0 {
        say!(
            "  {} assignments folded into the same person's main one (headcount counts people)",
            r.merged
        );
    }
    say!(
        "  vacancies: {:.1} WTE ({})",
        r.vacancies_wte,
        r.vacancies_from
    );
    if !r.refused.is_empty() {
        let mut text = String::new();
        for x in r.refused.iter().take(SHOWN) {
            let _ = writeln!(text, "  {}:{}: {}", args.staff.display(), x.line, x.reason);
        }
        if r.refused.len() > SHOWN {
            let _ = writeln!(
                text,
                "  ... and {} more (--strict lists them all)",
                r.refused.len() - SHOWN
            );
        }
        eprint!(
            "warning: {} rows of the staff list were not used:\n{text}",
            r.refused.len()
        );
    }
    if !r.unmapped_titles.is_empty() {
        say!(
            "  job titles with no role (add a [[roles.titles]] pattern or an occupation code to the mapping):"
        );
        for (title, n) in r.unmapped_titles.iter().take(10) {
            say!("    {n:>5}  {title}");
        }
    }
    if !r.unmapped_organisations.is_empty() {
        say!("  organisations in no place (add them to a place's `organisations`):");
        for (org, n) in r.unmapped_organisations.iter().take(10) {
            say!("    {n:>5}  {org}");
        }
    }
    if let Some(leaving) = &r.leaving {
        let shown: Vec<String> = leaving
            .iter()
            .filter(|l| l.leavers > 0 || l.expected > 0.0)
            .map(|l| format!("{} x{:.2}", l.role, l.multiplier))
            .collect();
        say!(
            "  leaving fitted to the list's leavers (factor on the template's rate): {}",
            shown.join(", ")
        );
    }
    if let Some(hidden) = r.suppressed {
        say!(
            "  published/headcount_by_place_role.csv: {hidden} counts hidden (below {} and their complements)",
            args.suppress_below.unwrap_or(0)
        );
    }
    say!(
        "wrote {} ({} places, {} roles)\nnext: wfcast init my-plan && wfcast run my-plan/scenario.toml --data {}",
        args.out.display(),
        imported.baseline.n_places(),
        imported.baseline.roles.len(),
        args.out.display()
    );
}

/// `wfcast data mapping`.
fn mapping(args: &MappingArgs) -> Result<(), CliError> {
    let text = starter_mapping();
    match &args.out {
        None => say!("{text}"),
        Some(path) => {
            if path.exists() && !args.force {
                return Err(CliError::usage(
                    "--out",
                    format!("{} already exists", path.display()),
                    Some("pass --force to overwrite it, or choose another file".into()),
                ));
            }
            std::fs::write(path, text).map_err(|e| {
                CliError::usage(
                    "--out",
                    format!("cannot write {}: {e}", path.display()),
                    None,
                )
            })?;
            say!(
                "wrote {}\nnext: edit [columns] and [[places]], then wfcast data import STAFF.csv --mapping {0} --census-date 2024-03-31 --out my-data",
                path.display()
            );
        }
    }
    Ok(())
}

/// The starter mapping: columns and places to edit, then every shipped title pattern.
fn starter_mapping() -> String {
    format!(
        r#"# Mapping for `wfcast data import`: how to read your staff list.

# The staff list's column names (its header row). `age` is used when present, else
# `date_of_birth` (age at --census-date); `occupation_code` is tried before `job_title`;
# `leaving_date` (optional) marks assignments that ended: those in the year before the
# census date count as leavers, to fit each role's leaving rate.
[columns]
occupation_code = "occupation_code"
job_title = "job_title"
band = "band"
age = "age"
date_of_birth = "date_of_birth"
fte = "fte"
organisation = "organisation"
leaving_date = "leaving_date"
# a person with several assignments counts once when the list has a person id column
person = "person"

# The places you plan for: one top place, every other naming its parent; organisations
# (the staff list's codes) go on the places with none under them. `like` names the
# template region whose labour market, pay market and cost of living a place shares
# (`wfcast list regions`); a place without one takes its parent's.
[[places]]
id = "my_system"
name = "My integrated care system"
level = "ics"
like = "midlands"

[[places]]
id = "trust_a"
name = "Trust A"
level = "trust"
parent = "my_system"
organisations = ["AAA"]

[[places]]
id = "trust_b"
name = "Trust B"
level = "trust"
parent = "my_system"
organisations = ["BBB"]

# Vacancy rates (share of funded posts vacant) when no --establishment file is given;
# without them each role takes its national rate in the template data.
# [vacancies]
# rate = 0.07
# roles = {{ data_engineer = 0.12 }}

# Roles: occupation codes first, then title patterns in order. The shipped patterns
# are written out below so you can edit them; `use_starter = false` stops them being
# added a second time.
[roles]
use_starter = false
# [roles.occupation_codes]
# "ABC" = "data_analyst"

{}"#,
        STARTER
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .trim_start()
    )
}
