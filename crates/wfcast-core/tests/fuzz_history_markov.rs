//! Property tests of the history and Markov readers, and of what calibrate writes: whatever
//! bytes a history or Markov file holds, the reader answers with a value or a located input
//! error, never a panic; and every history calibrate accepts gives a fragment that loads as
//! a scenario (it once wrote a 300-digit number that wfcast itself refused).
//!
//! Like `robustness.rs`, these are the fuzz targets (see fuzz/README.md): the case counts
//! are fixed so `cargo test` takes seconds; `PROPTEST_CASES` asks for more.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::path::Path;
use std::sync::LazyLock;

use common::edits::{apply, edit};
use common::{assert_clean, cases};
use proptest::prelude::*;
use wfcast_core::calibrate::calibrate;
use wfcast_core::input::History;
use wfcast_core::markov::MarkovModel;
use wfcast_core::{Baseline, Scenario};

static BASELINE: LazyLock<Baseline> = LazyLock::new(|| Baseline::embedded().unwrap());

const HEADER: &str = "year,role,region,band,age_band,headcount,fte,leavers,retirements,\
                      promotions_out,joiners_domestic,joiners_international,\
                      joiners_returners,vacancies_wte\n";

const MARKOV: &str = "states = [\"Analyst\", \"Senior analyst\", \"Lead\"]\n\
                      stock = [8, 10, 4]\n\
                      transitions = [[0.5, 0.5, 0.0], [0.1, 0.7, 0.1], [0.0, 0.25, 0.5]]\n\
                      recruits = [4, 5, 0]\nperiods = 1\ntarget = [10, 10, 5]\n";

/// A small history: a few cells over a few years, with random but plausible counts.
fn history() -> impl Strategy<Value = String> {
    let cell = prop::sample::select(vec![
        "architect,london,6,25-29",
        "data_analyst,midlands,5,30-34",
        "service_desk,north_west,3,55-59",
    ]);
    let row = (
        0u32..40,
        0u32..5,
        0u32..3,
        0u32..3,
        0u32..6,
        0u32..2,
        0u32..2,
    );
    (
        proptest::collection::btree_set(cell, 1..3),
        3i32..7,
        proptest::collection::vec(row, 18),
    )
        .prop_map(|(cells, years, rows)| {
            let mut text = HEADER.to_owned();
            let mut it = rows.into_iter().cycle();
            for y in 0..years {
                for cell in &cells {
                    let (staff, leave, retire, promote, dom, intl, ret) = it.next().unwrap();
                    text.push_str(&format!(
                        "{},{cell},{staff},{staff}.0,{leave},{retire},{promote},{dom},{intl},{ret},0.5\n",
                        2014 + y
                    ));
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn any_bytes_as_a_history_give_a_value_or_a_clean_error(
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = History::parse(Path::new("h.csv"), &format!("{HEADER}{text}"), &BASELINE) {
            assert_clean(&e, "h.csv");
        }
    }

    #[test]
    fn edited_histories_give_a_value_or_a_clean_error(
        text in history(),
        edits in proptest::collection::vec(edit(), 1..4)
    ) {
        let mut bytes = text.into_bytes();
        apply(&mut bytes, &edits);
        if let Err(e) = History::parse(Path::new("h.csv"), &String::from_utf8_lossy(&bytes), &BASELINE) {
            assert_clean(&e, "h.csv");
        }
    }

    #[test]
    fn every_fragment_calibrate_writes_loads_as_a_scenario(text in history()) {
        let Ok(h) = History::parse(Path::new("h.csv"), &text, &BASELINE) else {
            return Ok(());
        };
        let (first, last) = h.span();
        if last < first + 2 {
            return Ok(());
        }
        let Ok(c) = calibrate(&h, &BASELINE, last) else {
            return Ok(());
        };
        let scenario = format!("[scenario]\nname = \"fuzzed\"\n{}", c.fragment());
        if let Err(e) = Scenario::from_str(Path::new("calibrated.toml"), &scenario, &BASELINE) {
            panic!("{e}\n{scenario}");
        }
    }

    #[test]
    fn edited_markov_models_give_a_value_or_a_clean_error(
        edits in proptest::collection::vec(edit(), 1..5)
    ) {
        let mut bytes = MARKOV.as_bytes().to_vec();
        apply(&mut bytes, &edits);
        if let Err(e) = MarkovModel::from_toml(Path::new("m.toml"), &String::from_utf8_lossy(&bytes)) {
            assert_clean(&e, "m.toml");
        }
    }
}
