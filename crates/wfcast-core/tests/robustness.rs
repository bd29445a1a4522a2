//! Property tests: whatever bytes a planner's editor or a spreadsheet export produces, the
//! scenario parser and the data readers answer with a value or a located input error, never
//! a panic; and random valid scenarios never give negative counts and always conserve people.
//!
//! These double as the fuzz targets (only stable Rust is available, so no cargo-fuzz): the
//! case counts are fixed so CI time stays bounded; `PROPTEST_CASES=100000 cargo test
//! --release -p wfcast-core --test robustness` runs a long fuzz (see fuzz/README.md). A
//! failure found that way becomes a case in `tests/bad_inputs/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use wfcast_core::scenario::SHIPPED;
mod common;

use common::assert_conserved;
use common::edits::{apply, edit};
use common::{assert_clean, cases};
use wfcast_core::run::run_monte_carlo;
use wfcast_core::{Baseline, Error, Scenario};

static BASELINE: LazyLock<Baseline> = LazyLock::new(|| Baseline::embedded().unwrap());

fn shipped(name: &str) -> &'static str {
    SHIPPED.iter().find(|(n, _)| *n == name).unwrap().1
}

/// Loads scenario `bytes` from a file on disk (the path planners use, BOM and UTF-8
/// checks included) next to the shipped base.toml it may extend.
fn load_bytes(bytes: &[u8]) -> Result<Scenario, Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.toml"), shipped("base.toml")).unwrap();
    let path = dir.path().join("fuzzed.toml");
    std::fs::write(&path, bytes).unwrap();
    Scenario::load(&path, &BASELINE)
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_bytes_as_a_scenario_give_a_value_or_a_clean_error(
        bytes in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        if let Err(e) = load_bytes(&bytes) {
            assert_clean(&e, "fuzzed.toml");
        }
    }

    #[test]
    fn any_text_as_a_scenario_gives_a_value_or_a_clean_error(text in "\\PC{0,300}") {
        if let Err(e) = Scenario::from_str(Path::new("s.toml"), &text, &BASELINE) {
            assert_clean(&e, "s.toml");
        }
    }

    #[test]
    fn edited_shipped_scenarios_give_a_value_or_a_clean_error(
        which in 0..SHIPPED.len(),
        edits in proptest::collection::vec(edit(), 1..5)
    ) {
        let mut bytes = SHIPPED[which].1.as_bytes().to_vec();
        apply(&mut bytes, &edits);
        match load_bytes(&bytes) {
            Ok(s) => {
                prop_assert!(s.horizon > s.base_year);
                prop_assert!(s.draws >= 1);
            }
            Err(e) => assert_clean(&e, ".toml"),
        }
    }
}

/// Writes the shipped data files into a folder, with `file` replaced by `bytes`.
fn data_dir_with(file: usize, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, f) in BASELINE.files.iter().enumerate() {
        let path = dir.path().join(f.name);
        if i == file {
            std::fs::write(path, bytes).unwrap();
        } else {
            std::fs::write(path, &f.text).unwrap();
        }
    }
    dir
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn any_bytes_as_a_data_file_give_a_value_or_a_clean_error(
        file in 0..8usize,
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let dir = data_dir_with(file, &bytes);
        if let Err(e) = Baseline::from_dir(dir.path()) {
            assert_clean(&e, BASELINE.files[file].name);
        }
    }

    #[test]
    fn edited_data_files_give_a_value_or_a_clean_error(
        file in prop_oneof![0..3usize, 4..8usize, Just(3usize)],
        edits in proptest::collection::vec(edit(), 1..5)
    ) {
        let mut bytes = BASELINE.files[file].text.as_bytes().to_vec();
        apply(&mut bytes, &edits);
        let dir = data_dir_with(file, &bytes);
        match Baseline::from_dir(dir.path()) {
            Ok(b) => prop_assert!(b.total_headcount() > 0),
            Err(e) => assert_clean(&e, ".csv"),
        }
    }
}

/// A small valid scenario from random but legal assumptions.
#[allow(clippy::too_many_arguments)]
fn scenario_text(
    horizon: i32,
    draws: u64,
    seed: u64,
    growth: (f64, f64),
    leaving: f64,
    fill: f64,
    region_move: f64,
    intake: f64,
    course_years: u8,
) -> String {
    format!(
        r#"[scenario]
name = "random"
horizon = {horizon}
draws = {draws}
seed = {seed}

[demand]
growth = {{ normal = [{g}, {sd}] }}

[leaving]
multiplier = {{ uniform = [{leaving}, {leaving_hi}] }}

[recruitment]
fill_rate = {fill}
return_rate = {{ beta = [3, 97] }}

[mobility]
region_move = {region_move}

[[mobility.role_move]]
from = "data_analyst"
to = "data_scientist"
rate = 0.05

[pipelines.academy]
intake = {intake}
course_years = {course_years}
completion = 0.8
retention = {{ beta = [15, 5] }}
roles = {{ data_analyst = 2, cyber_security = 1 }}
entry_band = "5"
entry_age = "20-24"
"#,
        g = growth.0,
        sd = growth.1,
        leaving_hi = leaving * 1.2,
    )
}

fn valid_scenario() -> impl Strategy<Value = Scenario> {
    (
        (2025..=2028i32, 1..=3u64, 0..=i64::MAX as u64),
        ((-0.1..0.2f64), (0.0..0.05f64)),
        (0.2..2.0f64, 0.0..=1.0f64, 0.0..0.05f64),
        (0.0..800.0f64, 1..=3u8),
    )
        .prop_map(|((h, d, seed), g, (l, f, m), (intake, years))| {
            let text = scenario_text(h, d, seed, g, l, f, m, intake, years);
            Scenario::from_str(Path::new("random.toml"), &text, &BASELINE)
                .unwrap_or_else(|e| panic!("a valid scenario was refused: {e}\n{text}"))
        })
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn random_valid_scenarios_conserve_people_and_never_go_negative(s in valid_scenario()) {
        let p = run_monte_carlo(&s, &BASELINE, &|| {});
        prop_assert_eq!(p.records.len(), p.per_draw() * s.draws as usize);
        for (i, v) in p.records.iter().enumerate() {
            let name = &p.metrics[i % p.metrics.len()];
            // the recruitment need is negative in a year establishment is cut
            let signed = *name == wfcast_core::Metric::RecruitmentNeed;
            prop_assert!(v.is_finite() && (*v >= 0.0 || signed), "{} = {}", name, v);
        }
        assert_conserved(&p);
    }
}
