//! End-to-end tests of the `wfcast` binary: what a planner types, what an analyst opens.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

mod common;

use common::{repo, text, wfcast};

use std::fs;
use std::path::{Path, PathBuf};

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn default_run_writes_both_futures_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(&["run", "--draws", "30", "--quiet"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("data-driven")
            && stdout.contains("investment-stalls")
            && stdout.contains("P10 to P90"),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "results never go to stderr: {}",
        text(&out.stderr)
    );
    for name in ["data-driven", "investment-stalls"] {
        let folder = dir.path().join("out").join(name);
        for file in ["summary.csv", "resolved.toml", "run.json"] {
            assert!(folder.join(file).is_file(), "{name}/{file}");
        }
        let rows = read_csv(&folder.join("summary.csv"));
        assert_eq!(
            rows[0].join(","),
            "scenario,year,role,region,metric,mean,sd,p05,p10,p25,p50,p75,p90,p95,level,unit,role_name,region_name,region_code"
        );
        let years: std::collections::BTreeSet<&str> =
            rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            years.into_iter().collect::<Vec<_>>(),
            ["2024", "2025", "2026", "2027", "2028", "2029", "2030"]
        );
        let roles: std::collections::BTreeSet<&str> =
            rows[1..].iter().map(|r| r[2].as_str()).collect();
        assert_eq!(roles.len(), 20, "19 roles + ALL");
        let regions: std::collections::BTreeSet<&str> =
            rows[1..].iter().map(|r| r[3].as_str()).collect();
        assert_eq!(regions.len(), 8, "7 regions + ALL");
        for r in &rows[1..] {
            let q: Vec<f64> = r[7..14].iter().map(|v| v.parse().unwrap()).collect();
            assert!(
                q.windows(2).all(|w| w[0] <= w[1]),
                "quantiles ordered: {r:?}"
            );
            assert!(r[0] == name);
        }
        let run: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(folder.join("run.json")).unwrap()).unwrap();
        assert_eq!(run["draws"], 30);
        assert_eq!(
            run["inputs"].as_array().unwrap().len(),
            2 + 11,
            "scenario chain + data files"
        );
        // the command's wall time in its phases, adding up, up to this run.json
        let t = &run["timings"];
        let phase = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("timings.{k}: {t}"));
        let parts = phase("prepare_seconds") + phase("draws_seconds") + phase("write_seconds");
        assert!((parts - phase("wall_seconds")).abs() < 1e-9, "{t}");
        assert!(
            phase("draws_seconds") > 0.0 && phase("write_seconds") > 0.0,
            "{t}"
        );
        assert!(run["engine_thread_seconds"].as_f64().unwrap() > 0.0);
    }
    let demand_2030 = |name: &str| -> f64 {
        let rows = read_csv(&dir.path().join("out").join(name).join("summary.csv"));
        rows.iter()
            .find(|r| r[1] == "2030" && r[2] == "ALL" && r[3] == "ALL" && r[4] == "demand_wte")
            .unwrap()[5]
            .parse()
            .unwrap()
    };
    assert!(demand_2030("data-driven") > 1.15 * demand_2030("investment-stalls"));
    let leftovers: Vec<PathBuf> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(leftovers.len(), 2, "no staging folder left: {leftovers:?}");
}

#[test]
fn same_seed_gives_identical_bytes_for_any_thread_count_and_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        repo("scenarios/data-driven.toml"),
        repo("scenarios/investment-stalls.toml"),
    );
    let runs = [
        vec![
            "run",
            a.as_str(),
            b.as_str(),
            "--draws",
            "25",
            "--threads",
            "1",
            "--out",
            "t1",
            "-q",
        ],
        vec![
            "run",
            b.as_str(),
            a.as_str(),
            "--draws",
            "25",
            "--threads",
            "2",
            "--out",
            "t2",
            "-q",
        ],
    ];
    for args in &runs {
        let out = wfcast(args, dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    for name in ["data-driven", "investment-stalls"] {
        let one = fs::read(dir.path().join("t1").join(name).join("summary.csv")).unwrap();
        let two = fs::read(dir.path().join("t2").join(name).join("summary.csv")).unwrap();
        assert!(
            one == two,
            "{name}: summary.csv differs between 1 and 2 threads / file orders"
        );
    }
}

#[test]
fn a_typo_exits_2_with_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("typo.toml"),
        "[scenario]\nname = \"typo\"\n\n[leaving]\nmultiplyer = 1.1\n",
    )
    .unwrap();
    for cmd in ["run", "validate"] {
        let out = wfcast(&[cmd, "typo.toml"], dir.path());
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("typo.toml:5:1") && err.contains("did you mean `multiplier`?"),
            "{err}"
        );
    }
    assert!(
        !dir.path().join("out").exists(),
        "nothing written for a failed run"
    );
}

#[test]
fn validate_accepts_the_shipped_scenarios_and_init_writes_one_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &[
            "validate",
            &repo("scenarios/data-driven.toml"),
            &repo("scenarios/investment-stalls.toml"),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).matches("ok:").count(), 2);
    let out = wfcast(&["init", "new"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = wfcast(&["validate", "new/scenario.toml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = wfcast(&["init", "new"], dir.path());
    assert_eq!(
        again.status.code(),
        Some(2),
        "init does not overwrite without --force"
    );
}

#[test]
fn region_filter_limits_outputs_and_bad_flags_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &["run", "--draws", "5", "--region", "north_west", "-q"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // a run of one region has its own folder, named for it, and never replaces the nation's
    let folder = dir.path().join("out/data-driven-north_west");
    let rows = read_csv(&folder.join("summary.csv"));
    assert!(rows[1..].iter().all(|r| r[3] == "north_west"));
    assert!(text(&out.stdout).contains("North West"));
    assert!(!dir.path().join("out/data-driven").exists());
    assert!(folder.join("fan_region.svg").is_file() && !folder.join("fan_national.svg").exists());
    let report = fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(report.contains("North West: staff in post vs establishment"));
    let out = wfcast(
        &[
            "run",
            "--draws",
            "3",
            "--region",
            "North West",
            "-q",
            "--format",
            "csv",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "a region by its name: {}",
        text(&out.stderr)
    );

    let out = wfcast(&["run", "--region", "north-west"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `north_west`?"));
    let out = wfcast(&["run", "--draws", "0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--draws"));
    fs::write(dir.path().join("a-file"), "").unwrap();
    let out = wfcast(&["run", "--draws", "2", "--out", "a-file"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--out"), "{}", text(&out.stderr));
}

/// A planner adds a band transition matrix and a Digital Academy route to a scenario: the
/// run writes `demotions` and `upskilled_<route>`; 100 places at 90% completion move about 90
/// people a year nationally (each year a Binomial(100, 0.9): over 30 draws the mean has
/// standard error sqrt(9 / 30) = 0.55, so 4 standard errors is 2.2). A bad matrix row exits 2
/// with its line.
#[test]
fn band_matrix_and_academy_run_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("academy.toml"),
        "[scenario]\nname = \"academy\"\ndraws = 30\n[promotion.matrix.all]\n6 = { 7 = 0.05, 5 = 0.01 }\n[upskilling.digital_academy]\nplaces = 100\ncourse_years = 2\ncompletion = 0.9\nfrom_roles = [\"data_analyst\"]\nto_roles = { data_scientist = 1 }\n",
    )
    .unwrap();
    let out = wfcast(&["run", "academy.toml", "--quiet"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = read_csv(&dir.path().join("out/academy/summary.csv"));
    let national = |year: &str, metric: &str| -> f64 {
        rows.iter()
            .find(|r| r[1] == year && r[2] == "ALL" && r[3] == "ALL" && r[4] == metric)
            .unwrap()[5]
            .parse()
            .unwrap()
    };
    for year in ["2025", "2028", "2030"] {
        let moved = national(year, "upskilled_digital_academy");
        assert!((moved - 90.0).abs() < 2.2, "{year}: {moved}");
        assert!(national(year, "demotions") > 0.0);
    }
    fs::write(
        dir.path().join("bad.toml"),
        "[promotion.matrix.all]\n6 = { 7 = 0.05 }\n7 = { 8a = 0.9, 6 = 0.2 }\n",
    )
    .unwrap();
    let out = wfcast(&["validate", "bad.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:3:1") && err.contains("sums to 1.1"),
        "{err}"
    );
}

/// `wfcast run | head`: a reader that stops reading is no failure (the results are already
/// written): no panic, exit 0, every file in place.
#[test]
fn a_closed_stdout_is_no_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args(["run", "--draws", "3", "--format", "csv", "--quiet"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        dir.path()
            .join("out/investment-stalls/summary.csv")
            .is_file()
    );
}

/// With fewer than 3 draws nothing can be ranked: sensitivity.csv and its chart are left
/// out, and the run says so instead of leaving a planner to look for them.
#[test]
fn too_few_draws_for_a_sensitivity_ranking_are_noted() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &["run", "shipped:base", "--draws", "2", "--quiet"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "note: base: no sensitivity.csv or sensitivity chart: ranking the uncertain parameters needs at least 3 draws, and this run made 2"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("out/base/sensitivity.csv").exists());
    assert!(dir.path().join("out/base/summary.csv").exists());
}
