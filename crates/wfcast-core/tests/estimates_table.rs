//! `estimates.csv` against what `calibrate` also writes: every row is an entry of the
//! fragment with the same numbers, and the same numbers as the console summary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::Baseline;
use wfcast_core::calibrate::{Calibration, calibrate};
use wfcast_core::input::History;

/// The CSV's rows as maps from column name to cell.
fn rows(csv: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{l}");
            header
                .iter()
                .zip(cells)
                .map(|(h, c)| ((*h).to_owned(), c.to_owned()))
                .collect()
        })
        .collect()
}

/// A TOML number as written (`num` writes 1.0 as `1`, an integer).
fn number(v: &toml::Value) -> f64 {
    v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap()
}

/// Checks every row against the fragment and the summary; returns the `fragment` column.
fn agree(cal: &Calibration) -> Vec<String> {
    let csv = cal.estimates_csv();
    let fragment: toml::Table = toml::from_str(&cal.fragment()).unwrap();
    let summary = cal.summary();
    let rows = rows(&csv);
    let num = |s: &str| -> f64 { s.parse().unwrap() };
    for r in &rows {
        let (table, key) = r["parameter"].split_once('.').unwrap();
        let mut v = &fragment[table][key];
        for part in r["entry"].split('.') {
            v = &v[part];
        }
        let (p10, p90) = (num(&r["predictive_p10"]), num(&r["predictive_p90"]));
        match v {
            toml::Value::Table(t) if t.contains_key("beta") => {
                let ab = t["beta"].as_array().unwrap();
                let (a, b) = (number(&ab[0]), number(&ab[1]));
                assert_eq!(r["kind"], "probability");
                // the Beta's mean is the estimate (both written to 4 decimals)
                assert!(
                    (a / (a + b) - num(&r["estimate"])).abs() < 2e-4,
                    "{r:?} {t:?}"
                );
            }
            toml::Value::Table(t) => {
                assert_eq!(number(&t["p10"]), p10, "{r:?}");
                assert_eq!(number(&t["p90"]), p90, "{r:?}");
            }
            other => {
                let x = number(other);
                assert_eq!((x, x), (p10, p90), "{r:?}");
                assert_eq!(r["fragment"], "default (not estimable)", "{r:?}");
            }
        }
        // the summary's line for the entry, in the parameter's block
        let block = summary
            .split("\n\n")
            .find(|b| b.starts_with(&format!("{} (", r["parameter"])))
            .unwrap();
        let line: Vec<&str> = block
            .lines()
            .find(|l| l.split_whitespace().next() == Some(r["entry"].as_str()))
            .unwrap()
            .split_whitespace()
            .collect();
        let printed = [
            "estimate", "lo80", "", "hi80", "lo90", "", "hi90", "observed",
        ];
        for (cell, col) in line[1..].iter().zip(printed) {
            if !col.is_empty() {
                assert_eq!(*cell, r[col], "{col} of {r:?}");
            }
        }
    }
    // every entry of the fragment's calibrated tables is a row
    for p in &cal.params {
        let n = rows.iter().filter(|r| r["parameter"] == p.path).count();
        assert_eq!(n, 1 + p.roles.len(), "{}", p.path);
    }
    rows.iter().map(|r| r["fragment"].clone()).collect()
}

#[test]
fn estimates_csv_has_the_fragments_and_the_summarys_numbers() {
    let b = Baseline::embedded().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/esr_history_2014_2019.csv");
    let h = History::read(&path, &b).unwrap();
    let cal = calibrate(&h, &b, 2019).unwrap();
    let written = agree(&cal);
    // 7 parameters nationally, per role where the history holds enough events
    assert!(written.len() > 7 + 19 * 4, "{}", written.len());
    assert!(written.iter().all(|w| w == "estimate"), "{written:?}");
}

/// A history of one cell with no one of retirement age: the fragment writes defaults,
/// and the table says so.
#[test]
fn estimates_csv_marks_the_defaults_of_a_sparse_history() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "year,role,region,band,age_band,headcount,fte,leavers,retirements,promotions_out,\
         joiners_domestic,joiners_international,joiners_returners,vacancies_wte\n",
    );
    for (year, staff, leavers, joiners) in [(2014, 2, 0, 0), (2015, 2, 1, 1), (2016, 2, 0, 0)] {
        text.push_str(&format!(
            "{year},architect,london,6,25-29,{staff},{staff}.0,{leavers},0,0,{joiners},0,0,0.1\n"
        ));
    }
    let path = tmp.path().join("h.csv");
    std::fs::write(&path, text).unwrap();
    let b = Baseline::embedded().unwrap();
    let h = History::read(&path, &b).unwrap();
    let cal = calibrate(&h, &b, 2016).unwrap();
    let written = agree(&cal);
    assert!(
        written.iter().any(|w| w == "default (not estimable)"),
        "{written:?}"
    );
}
