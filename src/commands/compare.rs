//! `wfcast compare A.toml B.toml [...]`: both futures with common random numbers, the paired
//! difference B - A, and a short table of the horizon-year differences a CIO can read.

use wfcast_core::Method;
use wfcast_core::Metric;
use wfcast_core::analysis::Comparison;
use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::geography::Geography;
use wfcast_report::tidy::Labels;

use crate::cli::CompareArgs;
use crate::error::CliError;
use crate::human::thousands;
use crate::publish::{
    ComparisonOutput, Formats, input_hashes, place, place_label, result_folder, role_names,
    run_info, write_comparison,
};
use crate::session::{Prepared, commit};

/// `wfcast compare`.
pub(crate) fn compare(args: &CompareArgs) -> Result<(), CliError> {
    let mut prep = Prepared::new(
        &args.scenarios,
        &args.common,
        Method::MonteCarlo,
        true,
        None,
        1,
    )?;
    let a = &prep.scenarios[0];
    if let Some(b) = prep.scenarios[1..]
        .iter()
        .find(|b| b.base_year != a.base_year || b.horizon != a.horizon)
    {
        return Err(CliError::usage(
            "SCENARIO",
            format!(
                "`{}` runs {}-{} but `{}` runs {}-{}; a comparison needs the same years",
                a.name, a.base_year, a.horizon, b.name, b.base_year, b.horizon
            ),
            Some("set the same base_year and horizon in both files".into()),
        ));
    }
    let results = prep.each(args.common.quiet, |s, b, tick| {
        wfcast_core::run(s, b, Method::MonteCarlo, tick)
    });
    let a = &prep.scenarios[0];
    let formats = Formats::from_flags(&args.common.format);
    let (pa, seconds_a) = &results[0];
    let roles = role_names(&prep.baseline);
    let rows_a = prep.pool.install(|| summarise(pa, prep.filter));
    let mut comparisons = Vec::new();
    for (b, (pb, seconds_b)) in prep.scenarios.iter().zip(&results).skip(1) {
        let c = prep
            .pool
            .install(|| wfcast_core::analysis::compare(pa, pb, prep.filter))?;
        let dir = result_folder(
            &format!("compare-{}-vs-{}", a.name, b.name),
            prep.filter,
            &prep.baseline.geography,
        );
        let mut inputs = input_hashes(a, &prep.baseline);
        inputs.extend(input_hashes(b, &prep.baseline));
        inputs.sort_by(|x, y| x.path.cmp(&y.path));
        inputs.dedup_by(|x, y| x.path == y.path);
        let name = format!("{} vs {}", a.name, b.name);
        let info = run_info(
            &prep.start,
            &name,
            a,
            Method::MonteCarlo,
            args.common.region.as_deref(),
            seconds_a + seconds_b,
            inputs,
        );
        let rows_b = prep.pool.install(|| summarise(pb, prep.filter));
        let out = ComparisonOutput {
            comparison: &c,
            scenarios: [a, b],
            rows_a: &rows_a,
            rows_b: &rows_b,
            info: &info,
            start: &prep.start,
            filter: prep.filter,
            labels: Labels::new(&roles, &prep.baseline.geography),
        };
        prep.pool
            .install(|| write_comparison(&prep.staging, &dir, &out, formats))?;
        comparisons.push(c);
    }
    let published = commit(prep.staging)?;
    for c in &comparisons {
        print_differences(c, a.horizon, prep.filter, &prep.baseline.geography);
    }
    for p in published {
        say!("wrote {}", p.display());
    }
    Ok(())
}

/// The horizon-year differences, nationally (or for the `--region`), as a CIO reads them.
fn print_differences(c: &Comparison, year: i32, filter: RegionFilter, geography: &Geography) {
    say!(
        "{}, {year}: {} minus {} ({} paired draws, common random numbers)",
        place_label(filter, geography),
        c.b,
        c.a,
        c.draws
    );
    say!(
        "{:<22}  {:>14}  {:>14}  {:>36}  {:>9}",
        "metric",
        c.a.as_str(),
        c.b.as_str(),
        "B - A: mean (P10 to P90)",
        "P(B > A)"
    );
    for metric in [
        Metric::Headcount,
        Metric::Wte,
        Metric::DemandWte,
        Metric::GapWte,
        Metric::Joiners,
        Metric::Leavers,
        Metric::PayCost,
    ] {
        let Some(r) = c.find(
            year,
            wfcast_core::taxonomy::ALL,
            place(filter, geography),
            metric,
        ) else {
            continue;
        };
        let scale = |x: f64| {
            if metric == Metric::PayCost {
                let sign = if x.round() < 0.0 && (x / 1e6).round() != 0.0 {
                    "-"
                } else {
                    ""
                };
                format!("{sign}£{}m", thousands((x / 1e6).abs()))
            } else {
                thousands(x)
            }
        };
        let diff = format!(
            "{} ({} to {})",
            scale(r.diff.mean),
            scale(r.diff.q[1]),
            scale(r.diff.q[5])
        );
        say!(
            "{:<22}  {:>14}  {:>14}  {:>36}  {:>8.0}%",
            metric,
            scale(r.mean_a),
            scale(r.mean_b),
            diff,
            r.p_b_greater * 100.0
        );
    }
    say!("");
}
