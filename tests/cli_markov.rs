//! End-to-end tests of `wfcast markov`: the numbers an analyst reads, imports and parses,
//! and the exit code and located message of a mistake.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

mod common;

use common::{text, wfcast};

use std::fs;
use std::path::Path;

/// The example of `wfcast markov --help`; its hand-worked numbers are in the comments below.
const EXAMPLE: &str = r#"states = ["Analyst", "Senior analyst", "Lead"]
stock = [8, 10, 4]                         # people in each state now
transitions = [[0.5, 0.5, 0.0],            # row = from, column = to, per period;
               [0.1, 0.7, 0.1],            # 1 - row sum = probability of leaving
               [0.0, 0.25, 0.5]]
recruits = [4, 5, 0]                       # optional, added at the end of every period
periods = 1                                # optional, default 1 (CLI flag overrides)
target = [10, 10, 5]                       # optional: a structure to hold
"#;

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 1e-9, "{actual:?} vs {expected:?}");
    }
}

fn with_model(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("team.toml"), text).unwrap();
    dir
}

#[test]
fn json_has_the_hand_worked_numbers() {
    let dir = with_model(EXAMPLE);
    let out = wfcast(&["markov", "team.toml", "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["states"],
        serde_json::json!(["Analyst", "Senior analyst", "Lead"])
    );
    let projection = v["projection"].as_array().unwrap();
    assert_eq!(
        projection.len(),
        2,
        "stock now and after the file's 1 period"
    );
    close(&numbers(&projection[0]), &[8.0, 10.0, 4.0]);
    // stock P + recruits = [8*0.5+10*0.1+4, 8*0.5+10*0.7+4*0.25+5, 10*0.1+4*0.5] = [9, 17, 3]
    close(&numbers(&projection[1]), &[9.0, 17.0, 3.0]);
    // target - stock P = [10-5, 10-12, 5-3]
    close(&numbers(&v["required_recruitment"]), &[5.0, -2.0, 2.0]);
    assert_eq!(v["maintainable"], serde_json::json!(false));
    // (I - Q)^-1 row sums, solved by hand in crates/wfcast-core/tests/markov.rs.
    close(
        &numbers(&v["expected_periods"]),
        &[34.0 / 3.0, 28.0 / 3.0, 20.0 / 3.0],
    );
    // Leavers in period 1 = [8*0, 10*0.1, 4*0.25].
    close(&numbers(&v["leavers"][0]), &[0.0, 1.0, 1.0]);
}

#[test]
fn periods_flag_overrides_the_file() {
    let dir = with_model(EXAMPLE);
    let out = wfcast(
        &["markov", "team.toml", "--format", "json", "--periods", "3"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["projection"].as_array().unwrap().len(), 4);
    assert_eq!(v["leavers"].as_array().unwrap().len(), 3);
    // Period 2 by hand from [9, 17, 3]: [4.5+1.7+4, 4.5+11.9+0.75+5, 1.7+1.5].
    close(&numbers(&v["projection"][2]), &[10.2, 22.15, 3.2]);
}

#[test]
fn table_is_for_reading() {
    let dir = with_model(EXAMPLE);
    let out = wfcast(&["markov", "team.toml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for words in [
        "Analyst",
        "Senior analyst",
        "Lead",
        "expected periods",
        "11.33",
        "17.00",
        "-2.00",
        "maintainable: no",
        "A negative number means",
        "Over target: Senior analyst by 2.00.",
    ] {
        assert!(table.contains(words), "`{words}` missing from:\n{table}");
    }
    // The projection's columns line up: every row of the first table is as wide as its header.
    let lines: Vec<&str> = table.lines().collect();
    let header = lines.iter().position(|l| l.starts_with("period")).unwrap();
    assert_eq!(lines[header].len(), lines[header + 2].len(), "{table}");

    let fine = EXAMPLE.replace("target = [10, 10, 5]", "target = [10, 12, 5]");
    fs::write(dir.path().join("fine.toml"), fine).unwrap();
    let out = wfcast(&["markov", "fine.toml"], dir.path());
    assert!(
        text(&out.stdout).contains("maintainable: yes"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn csv_is_tidy_and_parses() {
    let dir = with_model(EXAMPLE);
    let out = wfcast(
        &["markov", "team.toml", "--format", "csv", "--periods", "2"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("metric,period,state,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 4), "{csv}");
    let value = |metric: &str, period: &str, state: &str| -> f64 {
        let hits: Vec<&Vec<&str>> = rows
            .iter()
            .filter(|r| r[0] == metric && r[1] == period && r[2] == state)
            .collect();
        assert_eq!(hits.len(), 1, "{metric},{period},{state} in\n{csv}");
        hits[0][3].parse().unwrap()
    };
    assert_eq!(value("stock", "0", "Analyst"), 8.0);
    assert_eq!(value("stock", "1", "Senior analyst"), 17.0);
    assert!((value("stock", "2", "Senior analyst") - 22.15).abs() < 1e-9);
    assert_eq!(value("leavers", "1", "Lead"), 1.0);
    assert_eq!(value("required_recruitment", "", "Senior analyst"), -2.0);
    assert!((value("expected_periods", "", "Lead") - 20.0 / 3.0).abs() < 1e-9);
    // 3 periods of stock (0..=2) x 3 states, 2 periods of leavers and recruits, 5 one-off metrics.
    assert_eq!(rows.len(), 9 + 6 + 6 + 3 * 5);
}

#[test]
fn a_bad_file_exits_2_with_its_place() {
    let dir = with_model(&EXAMPLE.replace("[0.1, 0.7, 0.1]", "[0.1, 0.8, 0.2]"));
    let out = wfcast(&["markov", "team.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("team.toml:4:16"), "{err}");
    assert!(
        err.contains("Senior analyst") && err.contains("help:"),
        "{err}"
    );

    let dir = with_model(&EXAMPLE.replace("recruits =", "recruit ="));
    let out = wfcast(&["markov", "team.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("team.toml:6:1") && err.contains("did you mean `recruits`?"),
        "{err}"
    );

    let out = wfcast(&["markov", "missing.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn periods_out_of_range_exit_2() {
    let dir = with_model(EXAMPLE);
    for bad in ["0", "10001", "-1", "many"] {
        let flag = format!("--periods={bad}");
        let out = wfcast(&["markov", "team.toml", &flag], dir.path());
        assert_eq!(out.status.code(), Some(2), "--periods {bad}");
        assert!(out.stdout.is_empty());
        assert!(
            text(&out.stderr).contains("--periods"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn help_documents_the_file_and_the_csv_columns() {
    let out = wfcast(&["markov", "--help"], Path::new("."));
    assert!(out.status.success());
    let help = text(&out.stdout);
    for words in [
        "transitions",
        "metric,period,state,value",
        "required_recruitment",
        "--periods",
    ] {
        assert!(help.contains(words), "`{words}` missing from:\n{help}");
    }
}

/// State names are the user's text: in the CSV, names a spreadsheet would run as formulas
/// (`=1+1`, `@SUM(A1)`) start with a single quote; the numbers, negative ones included, do
/// not change.
#[test]
fn csv_state_names_are_never_formulas() {
    let model = EXAMPLE
        .replace("\"Analyst\"", "\"=1+1\"")
        .replace("\"Lead\"", "\"@SUM(A1)\"");
    let dir = with_model(&model);
    let out = wfcast(&["markov", "team.toml", "--format", "csv"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    assert!(csv.contains("\nstock,0,'=1+1,8\n"), "{csv}");
    assert!(csv.contains("\nstock,0,'@SUM(A1),4\n"), "{csv}");
    assert!(
        csv.contains("\nrequired_recruitment,,Senior analyst,-2\n"),
        "{csv}"
    );
    let cells_starting_a_formula = csv
        .lines()
        .flat_map(|l| l.split(','))
        .filter(|c| c.starts_with(['=', '+', '@']))
        .count();
    assert_eq!(cells_starting_a_formula, 0, "{csv}");
}
