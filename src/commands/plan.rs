//! `wfcast plan PLAN.toml`: the least-cost package of levers that meets a target with a
//! stated probability, written to `out/plan-<name>/` with the package as a scenario file.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::plan::{Evaluation, Evaluator, load_plan, search};
use wfcast_core::scenario::SHIPPED_PREFIX;
use wfcast_core::taxonomy::ALL;
use wfcast_report::format::{NumberFormat, format};
use wfcast_report::pages::SHIPPED_DATA;
use wfcast_report::plan::{PlanView, plan_charts, plan_csv, plan_html, plan_workbook};

use crate::cli::{OutputFormat, PlanArgs};
use crate::error::CliError;
use crate::interrupt::Cleanup;
use crate::publish::Formats;
use crate::session::{check_cost, commit, load_baseline, staging, worker_pool};

/// Most memory the final check may keep: it holds every draw of the planned scenario and of
/// the package at once.
const CHECK_MEMORY: u64 = 4 << 30;

/// `wfcast plan`.
pub(crate) fn plan(args: &PlanArgs) -> Result<(), CliError> {
    let baseline = load_baseline(args.data.as_deref())?;
    let (mut plan, chain, mut planned) = load_plan(&args.plan, &baseline)?;
    if let Some(d) = args.draws {
        planned.draws = d;
    }
    if let Some(s) = args.seed {
        planned.seed = s;
    }
    if let Some(d) = args.search_draws {
        if d < wfcast_core::plan::MIN_SEARCH_DRAWS {
            return Err(CliError::usage(
                "--search-draws",
                format!("{d} draws a package are too few to judge a probability by",),
                Some(format!(
                    "give at least {}",
                    wfcast_core::plan::MIN_SEARCH_DRAWS
                )),
            ));
        }
        plan.search_draws = d;
    }
    if planned.draws < 2 {
        return Err(CliError::usage(
            "--draws",
            "the check needs at least 2 draws (draw 0 is the central projection, not a sample)",
            Some("e.g. --draws 1000".into()),
        ));
    }
    let per_draw = wfcast_core::run::bytes_per_draw(&planned, &baseline);
    if per_draw.saturating_mul(planned.draws).saturating_mul(2) > CHECK_MEMORY {
        return Err(CliError::usage(
            "--draws",
            format!(
                "{} draws would need more than {} GiB to check the package",
                planned.draws,
                CHECK_MEMORY >> 30
            ),
            Some("use fewer draws for the check, e.g. --draws 2000".into()),
        ));
    }
    let mut work = planned.clone();
    work.draws = wfcast_core::plan::most_draws(&plan, planned.draws);
    check_cost("--search-draws", std::slice::from_ref(&work), &baseline, 1)?;
    let (_, pool) = worker_pool(args.threads)?;
    let mut cleanup = Cleanup::new(&args.out);
    let staging = staging(&args.out)?;
    let folder = format!("plan-{}", plan.name);
    let extends = extends(&plan.scenario, &plan.scenario_path, &args.out.join(&folder));
    let evaluator = Evaluator::new(&plan, &chain, &planned, &baseline, extends)?;
    let target = plan.target.describe(&baseline);
    let bar = progress_bar(args.quiet);
    let report = |e: &Evaluation, best: Option<&Evaluation>| {
        bar.set_message(format!(
            "package {}: {}, probability {:.0}% (lower bound {:.0}%); cheapest meeting the target: {}",
            bar.position() + 1,
            format(e.cost, NumberFormat::GbpMillions),
            e.probability * 100.0,
            e.lower * 100.0,
            best.map_or("none yet".into(), |b| format(b.cost, NumberFormat::GbpMillions)),
        ));
        bar.inc(1);
    };
    cleanup.release();
    let outcome = pool.install(|| search(&evaluator, &report, &|| bar.tick()))?;
    cleanup.hold();
    bar.finish_and_clear();
    let chosen = &outcome.check.settings;
    let package = evaluator.scenario(chosen)?;
    let header = format!(
        "Written by `wfcast plan {}`: {}\nTarget: {target}.\nRun it: wfcast run {}/package.toml",
        args.plan.display(),
        verdict_line(&outcome.check, outcome.feasible),
        args.out.join(&folder).display()
    );
    let text = evaluator.package(chosen, &header);
    let (rows_without, rows_with) = pool.install(|| {
        (
            summarise(&outcome.projections.0, RegionFilter::All),
            summarise(&outcome.projections.1, RegionFilter::All),
        )
    });
    let role = plan
        .target
        .role
        .map_or(ALL, |r| baseline.roles[r].id.as_str());
    let geography = &baseline.geography;
    let node = plan.target.region.unwrap_or(0);
    let region = geography.label(node);
    let place = format!(
        "{}{}",
        geography.nodes()[node].name,
        plan.target
            .role
            .map(|r| format!(", {}", baseline.roles[r].name.to_lowercase()))
            .unwrap_or_default()
    );
    let data = args
        .data
        .as_ref()
        .map_or(SHIPPED_DATA.to_owned(), |d| d.display().to_string());
    let view = PlanView {
        plan: &plan,
        outcome: &outcome,
        target: &target,
        planned: &planned.name,
        package: &package.name,
        rows: (&rows_without, &rows_with),
        series: (role, region),
        place: &place,
        check: (planned.draws, planned.seed),
        data: &data,
    };
    staging.dir(&folder)?;
    staging.write(&folder, "package.toml", text.as_bytes())?;
    staging.write(&folder, "resolved.toml", package.to_toml().as_bytes())?;
    staging.write(&folder, "plan.csv", &plan_csv(&view)?)?;
    let formats = Formats::from_flags(&args.format);
    let charts = plan_charts(&view);
    for (name, chart) in &charts {
        if formats.has(OutputFormat::Svg) {
            staging.write(&folder, &format!("{name}.svg"), chart.svg()?.as_bytes())?;
        }
        if formats.has(OutputFormat::Png) {
            staging.write(&folder, &format!("{name}.png"), &chart.png()?)?;
        }
    }
    if formats.has(OutputFormat::Html) {
        staging.write(&folder, "plan.html", plan_html(&view, &charts)?.as_bytes())?;
    }
    if formats.has(OutputFormat::Xlsx) {
        staging.write(&folder, "plan.xlsx", &plan_workbook(&view)?)?;
    }
    let published = commit(staging)?;
    drop(cleanup);
    say!("Plan {}: {target}", plan.name);
    say!("{}", view.verdict());
    for line in view.package_lines() {
        say!("  {line}");
    }
    for p in published {
        say!("wrote {}", p.display());
        say!(
            "  run the package: wfcast run {}",
            p.join("package.toml").display()
        );
    }
    Ok(())
}

/// The package's verdict for its file's header.
fn verdict_line(e: &Evaluation, feasible: bool) -> String {
    format!(
        "{} package, {} to the horizon, probability {:.1}% (SE {:.1} points) on {} draws",
        if feasible {
            "the least-cost"
        } else {
            "NO FEASIBLE PACKAGE FOUND; the best"
        },
        format(e.cost, NumberFormat::GbpMillions),
        e.probability * 100.0,
        e.se * 100.0,
        e.draws
    )
}

/// What the package file's `extends` says: the shipped name, or the planned file's path
/// relative to the folder the package is written in (absolute where there is none).
fn extends(named: &str, path: &Path, folder: &Path) -> String {
    if named.starts_with(SHIPPED_PREFIX) {
        return named.to_owned();
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let file = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
    let folder = std::fs::canonicalize(folder.parent().unwrap_or(folder))
        .map(|out| out.join(folder.file_name().unwrap_or_default()))
        .unwrap_or_else(|_| absolute(folder));
    pathdiff::diff_paths(&file, &folder)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A spinner on stderr that says which package is being judged, when stderr is a terminal.
fn progress_bar(quiet: bool) -> ProgressBar {
    let shown = !quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(
        None,
        if shown {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
        bar.set_style(style);
    }
    bar.set_message("judging the scenario as it is");
    bar
}
