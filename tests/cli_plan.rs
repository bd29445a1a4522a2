//! End-to-end tests of `wfcast plan`: the shipped example plan's files, the package it
//! writes run by `wfcast run`, an infeasible plan stated plainly, and a bad plan refused with
//! its place.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

mod common;

use common::{repo, text, wfcast};

use std::fs;

/// The shipped example plan with few draws, so the test runs in seconds.
fn small_plan(dir: &std::path::Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let shipped = fs::read_to_string(repo("plans/data-driven.toml")).unwrap();
    let path = dir.join("plan.toml");
    fs::write(&path, edit(shipped.replace("draws = 200 ", "draws = 30 "))).unwrap();
    path
}

#[test]
fn plan_writes_its_files_and_a_package_wfcast_run_takes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |s| s);
    let out = wfcast(
        &["plan", plan.to_str().unwrap(), "--draws", "40", "--quiet"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("meets the target with probability"),
        "{stdout}"
    );
    let folder = dir.path().join("out/plan-data-engineers");
    for file in [
        "plan.csv",
        "package.toml",
        "resolved.toml",
        "frontier.svg",
        "frontier.png",
        "fan_target.svg",
        "plan.html",
        "plan.xlsx",
    ] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    let csv = fs::read_to_string(folder.join("plan.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for column in [
        "academy",
        "premium",
        "cost_gbp",
        "probability",
        "se",
        "lower_95",
        "chosen",
    ] {
        assert!(header.contains(&column), "{column} in {header:?}");
    }
    let chosen: Vec<&str> = csv.lines().filter(|l| l.ends_with(",true")).collect();
    assert_eq!(
        chosen.len(),
        2,
        "the chosen package, in the search and in the check"
    );
    let html = fs::read_to_string(folder.join("plan.html")).unwrap();
    assert!(
        html.contains("<svg") && html.contains("The package"),
        "plan.html"
    );
    let run = wfcast(
        &[
            "run",
            folder.join("package.toml").to_str().unwrap(),
            "--format",
            "csv",
            "--quiet",
            "--out",
            "rerun",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        dir.path()
            .join("rerun/data-driven-plan-data-engineers/summary.csv")
            .is_file()
    );
}

#[test]
fn an_unreachable_target_is_stated_plainly_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |s| {
        s.replace("at_most = 0.28", "at_most = 0.01")
    });
    let out = wfcast(
        &["plan", plan.to_str().unwrap(), "--draws", "20", "--quiet"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("No package found meets the target") && stdout.contains("infeasible"),
        "{stdout}"
    );
    let package =
        fs::read_to_string(dir.path().join("out/plan-data-engineers/package.toml")).unwrap();
    assert!(package.contains("NO FEASIBLE PACKAGE FOUND"), "{package}");
}

#[test]
fn a_bad_plan_is_refused_with_its_place_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |s| s.replace("at_most = 0.28", "at_most = 28"));
    let out = wfcast(&["plan", plan.to_str().unwrap(), "--quiet"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let line = fs::read_to_string(&plan)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("at_most = 28"))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("plan.toml:{line}:")), "{stderr}");
    assert!(stderr.contains("write 10% as 0.1"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}
