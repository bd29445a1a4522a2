//! The interactive report in a real browser: headless Chromium, driven by Selenium through
//! `tests/readers/browser.py`, picks a region and a role on report.html and compare.html
//! and checks that every number the page then shows is the one summary.csv or compare.csv
//! holds for that place and role.
//!
//! Needs Debian's `chromium` and `chromium-driver` and Python's `selenium` (`.ci/run`
//! installs them). Where one is missing the test says so and passes, unless
//! `WFCAST_REQUIRE_BROWSER=1` (set by CI) makes a missing browser a failure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::path::Path;
use std::process::Command;

use common::{ok, repo, text};

/// Exit code of browser.py when its tools are missing.
const SKIPPED: i32 = 77;

/// Runs browser.py on `page` (`report` or `compare`) of the results in `dir`; false when
/// it skipped for want of a browser.
fn check_in_browser(page: &str, dir: &Path) -> bool {
    let out = Command::new("python3")
        .arg(repo("tests/readers/browser.py"))
        .arg(page)
        .arg(dir)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => return skipped(&format!("python3 cannot be run: {e}")),
    };
    if out.status.code() == Some(SKIPPED) {
        return skipped(text(&out.stdout).trim());
    }
    assert!(
        out.status.success(),
        "browser check of {page}.html failed:\n{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    println!("{}", text(&out.stdout));
    true
}

fn skipped(why: &str) -> bool {
    assert!(
        std::env::var_os("WFCAST_REQUIRE_BROWSER").is_none(),
        "WFCAST_REQUIRE_BROWSER is set but the browser test cannot run: {why}"
    );
    eprintln!(
        "skipped: the interactive report is not checked in a browser here ({why}); install Debian's chromium and chromium-driver and `pip install selenium`"
    );
    false
}

#[test]
fn a_region_and_role_picked_in_the_browser_show_the_numbers_of_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let common = [
        "--draws", "40", "--format", "csv,html", "--out", "out", "-q",
    ];
    let mut run = vec!["run", "scenarios/data-driven.toml"];
    run.extend(common);
    let scenario = repo("scenarios/data-driven.toml");
    run[1] = &scenario;
    ok(&run, dir.path());
    if !check_in_browser("report", &dir.path().join("out/data-driven")) {
        return;
    }
    let b = repo("scenarios/investment-stalls.toml");
    let mut compare = vec!["compare", &scenario, &b];
    compare.extend(common);
    ok(&compare, dir.path());
    check_in_browser(
        "compare",
        &dir.path()
            .join("out/compare-data-driven-vs-investment-stalls"),
    );
}
