//! End to end: `wfcast calibrate` on the shipped synthetic history with a backtest, then a
//! scenario that extends the calibrated fragment validates and runs to a forecast.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::fs;

use common::{repo, text, wfcast};

#[test]
fn calibrated_fragment_validates_and_a_scenario_extending_it_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let history = repo("data/esr_history_2014_2019.csv");
    let out = wfcast(
        &[
            "calibrate",
            &history,
            "--backtest",
            "--draws",
            "200",
            "--out",
            "res",
        ],
        tmp.path(),
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", text(&out.stderr));
    assert!(stdout.contains("flows of 2015 to 2017"), "{stdout}");
    assert!(stdout.contains("leaving.multiplier"), "{stdout}");
    assert!(
        stdout.contains("Backtest: fitted to 2017, forecast 2018 to 2019"),
        "{stdout}"
    );
    let dir = tmp.path().join("res/calibrate");

    // backtest.csv: summary rows per metric and level, then one row per comparison
    let csv = fs::read_to_string(dir.join("backtest.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "coverage_p10_p90",
        "coverage_p05_p95",
        "mdape_p50",
        "bias_p50",
        "crps,crps_naive_last,crps_naive_drift,skill_last,skill_drift",
    ] {
        assert!(header.contains(col), "{header}");
    }
    assert!(stdout.contains("skill last"), "{stdout}");
    let national = csv
        .lines()
        .find(|l| l.starts_with("headcount,national,ALL,ALL,2019,"))
        .expect("a national headcount comparison for 2019");
    let fields: Vec<&str> = national.split(',').collect();
    let (actual, p10, p90): (f64, f64, f64) = (
        fields[6].parse().unwrap(),
        fields[8].parse().unwrap(),
        fields[10].parse().unwrap(),
    );
    assert!(
        (40_000.0..50_000.0).contains(&actual) && p10 < p90,
        "{national}"
    );
    // the forecast median is within 5% of what happened two years on
    let p50: f64 = fields[9].parse().unwrap();
    assert!((p50 - actual).abs() / actual < 0.05, "{national}");
    let svg = fs::read_to_string(dir.join("backtest.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Actual (history)") && svg.contains("skill"),
        "svg"
    );

    // the rolling origin: a backtest fitted up to each of 2016, 2017 and 2018, by horizon
    assert!(
        stdout.contains("Rolling-origin backtest: fitted up to each of 2016 to 2018 (3 origins"),
        "{stdout}"
    );
    let by_horizon = fs::read_to_string(dir.join("backtest_by_horizon.csv")).unwrap();
    assert!(
        by_horizon.starts_with("origin,metric,level,horizon,n,coverage_p10_p90,"),
        "{by_horizon}"
    );
    let rows: Vec<Vec<&str>> = by_horizon
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let n_of = |origin: &str, horizon: &str| -> usize {
        rows.iter()
            .find(|r| {
                r[0] == origin && r[1] == "headcount" && r[2] == "national" && r[3] == horizon
            })
            .map_or(0, |r| r[4].parse().unwrap())
    };
    // the earliest origin reaches three years ahead, the latest one; one national
    // comparison each; and the pooled rows count every origin's
    for (horizon, origins) in [("1", 3), ("2", 2), ("3", 1)] {
        let per: usize = ["2016", "2017", "2018"]
            .iter()
            .map(|o| n_of(o, horizon))
            .sum();
        assert_eq!(per, origins, "horizon {horizon}");
        assert_eq!(n_of("ALL", horizon), origins, "horizon {horizon}");
    }
    assert_eq!(n_of("2018", "2"), 0);
    // the origin of backtest.csv gives the same verdict as its own comparison there
    let covered_2018 = fields[12];
    let from_2017 = rows
        .iter()
        .find(|r| r[0] == "2017" && r[1] == "headcount" && r[2] == "national" && r[3] == "2")
        .unwrap();
    assert_eq!(
        from_2017[5].parse::<f64>().unwrap(),
        covered_2018.parse::<f64>().unwrap()
    );

    // estimates.csv: one row per entry of the fragment, beside it in the same folder
    let estimates = fs::read_to_string(dir.join("estimates.csv")).unwrap();
    assert!(
        estimates.starts_with("parameter,entry,kind,estimate,lo80,hi80,lo90,hi90,"),
        "{estimates}"
    );
    let leaving = estimates
        .lines()
        .find(|l| l.starts_with("leaving.multiplier,all,multiplier,"))
        .expect("the national leaving multiplier");
    // the console prints the same estimate
    let estimate = leaving.split(',').nth(3).unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().take(2).eq(["all", estimate])),
        "{leaving}\n{stdout}"
    );
    let fragment_text = fs::read_to_string(dir.join("calibrated.toml")).unwrap();
    let entries = fragment_text
        .lines()
        .filter(|l| l.starts_with("all = ") || l.starts_with("role."))
        .count();
    assert_eq!(estimates.lines().count() - 1, entries, "{estimates}");

    // the fragment validates on its own
    let fragment = dir.join("calibrated.toml");
    let v = wfcast(&["validate", fragment.to_str().unwrap()], tmp.path());
    assert!(v.status.success(), "{}", text(&v.stderr));

    // a scenario extending it runs and forecasts growth from the 2024 baseline
    fs::write(
        tmp.path().join("from-history.toml"),
        "extends = \"res/calibrate/calibrated.toml\"\n\n[scenario]\nname = \"from-history\"\nhorizon = 2027\n",
    )
    .unwrap();
    let run = wfcast(
        &[
            "run",
            "from-history.toml",
            "--draws",
            "40",
            "--format",
            "csv",
            "--out",
            "forecast",
            "-q",
        ],
        tmp.path(),
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = fs::read_to_string(tmp.path().join("forecast/from-history/summary.csv")).unwrap();
    let header: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let p50_of = |year: &str| -> f64 {
        summary
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|f| {
                f[col("year")] == year
                    && f[col("role")] == "ALL"
                    && f[col("region")] == "ALL"
                    && f[col("metric")] == "headcount"
            })
            .map(|f| f[col("p50")].parse().unwrap())
            .unwrap()
    };
    let (start, end) = (p50_of("2024"), p50_of("2027"));
    // the history's establishment grew about 2.8% a year: the forecast grows, not wildly
    assert!(end > start * 1.02 && end < start * 1.2, "{start} -> {end}");
    let resolved =
        fs::read_to_string(tmp.path().join("forecast/from-history/resolved.toml")).unwrap();
    assert!(resolved.contains("fill_elasticity = 0.0"), "{resolved}");
}

/// A history of one cell: too little to estimate most rates (no retirements are expected
/// at all), which once made `calibrate` write a 300-digit number that `validate` refused.
fn one_cell_history(years: &[(i32, u32, u32, u32)]) -> String {
    let mut h = String::from(
        "year,role,region,band,age_band,headcount,fte,leavers,retirements,promotions_out,\
         joiners_domestic,joiners_international,joiners_returners,vacancies_wte\n",
    );
    for (year, staff, leavers, joiners) in years {
        h.push_str(&format!(
            "{year},architect,london,6,25-29,{staff},{staff}.0,{leavers},0,0,{joiners},0,0,0.1\n"
        ));
    }
    h
}

#[test]
fn every_fragment_calibrate_writes_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let short = [
        (2014, 2, 0, 0),
        (2015, 2, 1, 1),
        (2016, 2, 0, 0),
        (2017, 3, 0, 1),
    ];
    let long = [short.as_slice(), &[(2018, 3, 0, 0), (2019, 3, 0, 0)]].concat();
    fs::write(tmp.path().join("short.csv"), one_cell_history(&short)).unwrap();
    fs::write(tmp.path().join("long.csv"), one_cell_history(&long)).unwrap();
    let mut histories = vec![
        repo("data/esr_history_2014_2019.csv"),
        tmp.path().join("short.csv").display().to_string(),
        tmp.path().join("long.csv").display().to_string(),
    ];
    // the corpus's histories are bad input, but any that calibrate accepts must give a
    // fragment that validates
    for case in fs::read_dir(repo("tests/bad_inputs")).unwrap() {
        let path = case.unwrap().path().join("history.csv");
        if path.is_file() {
            histories.push(path.display().to_string());
        }
    }
    let mut calibrated = 0;
    for (i, history) in histories.iter().enumerate() {
        let out_dir = format!("res{i}");
        let out = wfcast(&["calibrate", history, "--out", &out_dir], tmp.path());
        if !out.status.success() {
            assert_eq!(
                out.status.code(),
                Some(2),
                "{history}: {}",
                text(&out.stderr)
            );
            continue;
        }
        calibrated += 1;
        let fragment = format!("{out_dir}/calibrate/calibrated.toml");
        let check = wfcast(&["validate", &fragment], tmp.path());
        assert!(
            check.status.success(),
            "{history}: {}\n{}",
            text(&check.stderr),
            fs::read_to_string(tmp.path().join(&fragment)).unwrap()
        );
    }
    assert!(calibrated >= 3, "only {calibrated} histories calibrated");
    let written = fs::read_to_string(tmp.path().join("res1/calibrate/calibrated.toml")).unwrap();
    assert!(
        written.contains("# all: not estimable from this history"),
        "{written}"
    );

    // a backtest fits the same short history, so it must run too (it ended in a model
    // failure when the fragment's numbers were out of range)
    let out = wfcast(
        &[
            "calibrate",
            &histories[2],
            "--backtest",
            "--draws",
            "20",
            "--out",
            "bt",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// The shipped calibrated fragment is exactly what `calibrate` writes for the shipped
/// history today, so it cannot drift from the estimator; and the future that extends it
/// runs, its establishment growing as the fragment's national growth says (between the
/// growth's P10 and P90 a year, compounded over the six projected years).
#[test]
fn the_shipped_calibrated_future_is_current_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tmp.path().join("cal").display().to_string();
    let out = wfcast(
        &[
            "calibrate",
            "data/esr_history_2014_2019.csv",
            "--out",
            &out_dir,
        ],
        root,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = fs::read_to_string(tmp.path().join("cal/calibrate/calibrated.toml")).unwrap();
    let shipped = fs::read_to_string(repo("scenarios/calibrated-esr-2014-2019.toml")).unwrap();
    assert!(
        written == shipped,
        "scenarios/calibrated-esr-2014-2019.toml is stale: rewrite it with `wfcast calibrate data/esr_history_2014_2019.csv` and copy out/calibrate/calibrated.toml over it"
    );

    let runs = tmp.path().join("run").display().to_string();
    let future = repo("scenarios/history-continues.toml");
    let args = [
        "run", &future, "--draws", "30", "--format", "csv", "--quiet",
    ];
    let out = wfcast(&[&args[..], &["--out", &runs]].concat(), tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = fs::read_to_string(tmp.path().join("run/history-continues/summary.csv")).unwrap();
    let mean = |year: &str| -> f64 {
        let row = summary
            .lines()
            .find(|l| l.starts_with(&format!("history-continues,{year},ALL,ALL,demand_wte,")))
            .unwrap();
        row.split(',').nth(5).unwrap().parse().unwrap()
    };
    let growth = mean("2030") / mean("2024");
    // the national entry, `all = { p10 = x, p90 = y }` under [demand.growth]
    let fragment: toml::Table = shipped.parse().unwrap();
    let national = &fragment["demand"]["growth"]["all"];
    let (p10, p90) = (
        national["p10"].as_float().unwrap(),
        national["p90"].as_float().unwrap(),
    );
    assert!(
        ((1.0 + p10).powi(6)..=(1.0 + p90).powi(6)).contains(&growth),
        "establishment 2024 to 2030: x{growth:.3}, growth P10 {p10} P90 {p90}"
    );
}
