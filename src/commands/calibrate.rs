//! The `calibrate` command: rates estimated from an ESR-style history, written as a scenario
//! fragment, and optionally a backtest of forecasts made with them, from `--fit-until` and
//! from every other origin the history allows (the rolling origin, by horizon).

use wfcast_core::Metric;
use wfcast_core::analysis::Stats;
use wfcast_core::calibrate::calibrate as fit;
use wfcast_core::calibrate::{Backtest, Rolling, backtest, backtest_scenario};
use wfcast_core::input::History;
use wfcast_core::run::bytes_per_draw;
use wfcast_report::charts::{Chart, Panel, Series, SmallMultiples};

use crate::cli::CalibrateArgs;
use crate::error::CliError;
use crate::session::{commit, fits_in_memory, folder, load_baseline, staging};

/// The folder under `--out` that holds the results.
const FOLDER: &str = "calibrate";

/// `wfcast calibrate`.
pub(crate) fn calibrate(args: &CalibrateArgs) -> Result<(), CliError> {
    folder("--out", &args.out)?;
    let baseline = load_baseline(args.data.as_deref())?;
    let history = History::read(&args.history, &baseline)?;
    let (first, last) = history.span();
    let fit_until = match args.fit_until {
        Some(y) => y,
        None if args.backtest => last - 2,
        None => last,
    };
    let latest = if args.backtest { last - 1 } else { last };
    if first + 2 > latest {
        let need = if args.backtest {
            "a backtest needs three years to fit (the first year's stock and two years of flows) and at least one more year to forecast"
        } else {
            "a fit needs at least three years (the first year's stock and two years of flows)"
        };
        return Err(wfcast_core::Error::input(
            wfcast_core::Location::file(&args.history),
            format!("the history covers only {first} to {last}: {need}"),
        )
        .with_help("give a longer history")
        .into());
    }
    if fit_until < first + 2 || fit_until > latest {
        let why = if args.backtest && fit_until >= last {
            ", leaving at least one year after it to backtest"
        } else {
            ""
        };
        return Err(CliError::usage(
            "--fit-until",
            format!(
                "{fit_until} cannot be fitted: the history covers {first} to {last}, and a fit needs the first year's stock and two years of flows{why}"
            ),
            Some(if first + 2 == latest {
                format!(
                    "this history can only be fitted up to {latest}: give --fit-until {latest} or leave it out"
                )
            } else {
                format!("give a year from {} to {latest}", first + 2)
            }),
        ));
    }
    let calibration = fit(&history, &baseline, fit_until)?;
    // a backtest from every origin the history allows (the rolling origin), each fitted
    // only on the years up to it; backtest.csv and the chart are the one from `fit_until`
    let origins: Vec<i32> = if args.backtest {
        (first + 2..=last - 1).collect()
    } else {
        Vec::new()
    };
    let mut prepared = Vec::new();
    for &origin in &origins {
        let refitted;
        let fitted = if origin == fit_until {
            &calibration
        } else {
            refitted = fit(&history, &baseline, origin)?;
            &refitted
        };
        // each backtest keeps every draw's records: refuse one the machine cannot hold
        let (scenario, start) =
            backtest_scenario(&history, &baseline, fitted, origin, args.draws, args.seed)?;
        let per_draw = bytes_per_draw(&scenario, &start);
        fits_in_memory(
            "--draws",
            1,
            args.draws,
            per_draw.saturating_mul(args.draws),
            per_draw,
        )?;
        prepared.push((scenario, start));
    }
    print!("{}", calibration.summary());
    let backtests = prepared
        .iter()
        .map(|(scenario, start)| backtest(&history, scenario, start))
        .collect::<Result<Vec<Backtest>, _>>()?;
    let bt = backtests.iter().find(|b| b.fit_until == fit_until);
    let rolling = (!backtests.is_empty()).then(|| Rolling::of(&backtests));
    let mut cleanup = crate::interrupt::Cleanup::new(&args.out);
    cleanup.hold();
    let staging = staging(&args.out)?;
    staging.write(FOLDER, "calibrated.toml", calibration.fragment().as_bytes())?;
    staging.write(
        FOLDER,
        "estimates.csv",
        calibration.estimates_csv().as_bytes(),
    )?;
    if let Some(bt) = bt {
        staging.write(FOLDER, "backtest.csv", bt.to_csv().as_bytes())?;
        staging.write(FOLDER, "backtest.svg", chart(bt).svg()?.as_bytes())?;
    }
    if let Some(rolling) = &rolling {
        staging.write(
            FOLDER,
            "backtest_by_horizon.csv",
            rolling.to_csv().as_bytes(),
        )?;
    }
    let published = commit(staging)?;
    drop(cleanup);
    if let Some(bt) = bt {
        print!("\n{}", bt.summary());
    }
    if let Some(rolling) = &rolling {
        print!("\n{}", rolling.summary());
    }
    for dir in published {
        let files = if bt.is_some() {
            "calibrated.toml, estimates.csv, backtest.csv, backtest.svg, backtest_by_horizon.csv"
        } else {
            "calibrated.toml, estimates.csv"
        };
        say!("\nwrote {} ({files})", dir.display());
        say!(
            "next: a scenario with `extends = \"{}\"` uses these rates",
            dir.join("calibrated.toml").display()
        );
    }
    Ok(())
}

/// One panel per metric: the forecast's bands over the backtest years and the history's
/// actual values (drawn as a series whose quantiles all equal the actual value), titled
/// with the national CRPS skill against the two naive forecasts.
fn chart(bt: &Backtest) -> Chart {
    let panel = |metric: Metric, title: &str| {
        let skill = bt
            .coverage
            .iter()
            .find(|c| c.metric == metric && c.level == "national")
            .map_or(String::new(), |c| {
                format!(
                    " - skill {} / {}",
                    signed(c.skill_last),
                    signed(c.skill_drift)
                )
            });
        let mut forecast: Vec<(i32, Stats)> = bt
            .national
            .iter()
            .filter(|r| r.metric == metric)
            .map(|r| (r.year, r.stats))
            .collect();
        forecast.sort_by_key(|p| p.0);
        let actual = bt
            .actual
            .iter()
            .filter(|(m, _, _)| *m == metric)
            .map(|&(_, year, v)| {
                (
                    year,
                    Stats {
                        mean: v,
                        sd: 0.0,
                        q: [v; 7],
                    },
                )
            })
            .collect();
        Panel {
            title: format!("{title}{skill}"),
            series: vec![
                Series::new("Forecast (P50, P25-P75, P10-P90)", forecast),
                Series::new("Actual (history)", actual),
            ],
        }
    };
    SmallMultiples {
        title: format!(
            "Backtest: forecast from {} against the history (England)",
            bt.fit_until
        ),
        subtitle: format!(
            "{} draws; rates fitted up to {}. Skill = 1 - CRPS / CRPS of a naive forecast: last value / drift (above 0 beats it)",
            bt.draws, bt.fit_until
        ),
        y_label: "people (WTE for staff WTE)".to_owned(),
        panels: vec![
            panel(Metric::Headcount, "Staff in post (headcount)"),
            panel(Metric::Wte, "Staff in post (WTE)"),
            panel(Metric::Leavers, "Leavers (not retirement)"),
            panel(Metric::Joiners, "Joiners, all routes"),
        ],
        zero_line: false,
        shared_scale: false,
    }
    .into()
}

/// A skill score for a chart title: signed with 2 decimals, `n/a` when undefined.
fn signed(x: f64) -> String {
    if x.is_finite() {
        format!("{x:+.2}")
    } else {
        "n/a".to_owned()
    }
}
