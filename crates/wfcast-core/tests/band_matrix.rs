//! Explicit band transition matrices (`[promotion.matrix]`): a hand-worked closed form for
//! the first year, the Monte Carlo mean against the expected-value engine, and located errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::{mean_se, national, scenario};

use std::path::Path;

use wfcast_core::taxonomy::{N_AGES, band_index};
use wfcast_core::{Baseline, Method, Scenario, run};

/// Nobody leaves or retires and only band 5 moves: nationally 5 -> 6 at 0.10, 5 -> 7 at 0.05
/// and 5 -> 4 at 0.02 (times each role's promotion multiplier from data/roles.csv, as the
/// national matrix replaces data/bands.csv); data scientists have their own row 5 -> 6 at
/// 0.30 (taken as written). Every other band is an empty row, so it does not move.
const ONE_BAND: &str = r#"
[scenario]
draws = 400
[leaving]
multiplier = 0.0
[retirement]
multiplier = 0.0
[recruitment]
fill_rate = 0.0
[promotion.matrix.all]
2 = {}
3 = {}
4 = {}
5 = { 6 = 0.10, 7 = 0.05, 4 = 0.02 }
6 = {}
7 = {}
8a = {}
8b = {}
8c = {}
8d = {}
[promotion.matrix.role.data_scientist]
5 = { 6 = 0.30 }
"#;

/// First-year promotions and demotions in closed form: each band-5 person of role r moves up
/// with probability q_up(r) and down with q_down(r), independently, so the national counts
/// have mean sum n q and variance sum n q (1 - q) over the band-5 cells.
#[test]
fn first_year_band_moves_match_the_hand_worked_closed_form() {
    let (s, b) = scenario(ONE_BAND);
    let five = band_index("5").unwrap();
    let ds = b.role_index("data_scientist").unwrap();
    let (mut up, mut up_var, mut down, mut down_var) = (0.0, 0.0, 0.0, 0.0);
    for (r, role) in b.roles.iter().enumerate() {
        let (q_up, q_down) = if r == ds {
            (0.30, 0.0)
        } else {
            let m = role.promotion_multiplier;
            ((0.10 + 0.05) * m, 0.02 * m)
        };
        for g in 0..b.n_places() {
            for a in 0..N_AGES {
                let n = f64::from(b.headcount[b.cell(r, g, five, a)]);
                up += n * q_up;
                up_var += n * q_up * (1.0 - q_up);
                down += n * q_down;
                down_var += n * q_down * (1.0 - q_down);
            }
        }
    }
    assert!(
        up > 100.0 && down > 10.0,
        "the fixture moves people: {up} {down}"
    );
    let ev = run(&s, &b, Method::Expected, &|| {});
    let ev_up = national(&ev, "promotions", 1)[0];
    assert!((ev_up - up).abs() < 1e-9 * up, "EV {ev_up} vs {up}");
    assert!((national(&ev, "demotions", 1)[0] - down).abs() < 1e-9 * down);
    let mc = run(&s, &b, Method::MonteCarlo, &|| {});
    let draws = mc.draws as f64;
    for (metric, expected, var) in [("promotions", up, up_var), ("demotions", down, down_var)] {
        let (mean, _) = mean_se(&national(&mc, metric, 1));
        let se = (var / draws).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "{metric}: MC {mean} vs closed form {expected} (se {se})"
        );
    }
}

/// A matrix with jumps and demotions, on a model whose flows are linear in the stock: the
/// Monte Carlo mean of each national metric sits within 4 standard errors of the
/// expected-value engine every year. Pay cost depends on the band of every person, so it
/// checks where the movers land.
#[test]
fn monte_carlo_with_a_matrix_converges_to_the_expected_value_engine() {
    let (s, b) = scenario(
        r#"
[scenario]
draws = 200
[recruitment]
fill_rate = 0.0
return_rate = 0.05
[promotion]
multiplier = 1.2
[promotion.matrix.all]
4 = { 5 = 0.10, 6 = 0.03 }
5 = { 6 = 0.08, 7 = 0.04, 4 = 0.01 }
6 = { 7 = 0.06, 8a = 0.02, 5 = 0.01 }
7 = { 8a = 0.05, 6 = 0.02 }
[promotion.matrix.role.data_engineer]
6 = { 7 = 0.2, 8b = 0.05 }
[mobility]
region_move = 0.01
"#,
    );
    let mc = run(&s, &b, Method::MonteCarlo, &|| {});
    let ev = run(&s, &b, Method::Expected, &|| {});
    for metric in [
        "headcount",
        "leavers",
        "promotions",
        "demotions",
        "pay_cost",
    ] {
        for y in 1..mc.years.len() {
            let (mean, se) = mean_se(&national(&mc, metric, y));
            let expected = national(&ev, metric, y)[0];
            assert!(
                (mean - expected).abs() <= 4.0 * se + 1e-9 * expected.abs(),
                "{metric} {}: MC {mean} +- {se} vs EV {expected}",
                mc.years[y]
            );
        }
    }
    assert!(national(&ev, "demotions", 1)[0] > 10.0);
}

fn load_err(text: &str) -> String {
    let b = Baseline::embedded().unwrap();
    Scenario::from_str(Path::new("s.toml"), text, &b)
        .unwrap_err()
        .to_string()
}

#[test]
fn invalid_matrices_are_located_and_explained() {
    let msg = load_err("[promotion.matrix.all]\n5 = { 6 = 0.7, 7 = 0.5 }\n");
    assert!(msg.contains("s.toml:2:1"), "{msg}");
    assert!(msg.contains("sums to 1.2"), "{msg}");
    let msg = load_err("[promotion.matrix.all]\n5 = { 6 = -0.1 }\n");
    assert!(
        msg.contains("s.toml:2:11") && msg.contains("out of range"),
        "{msg}"
    );
    let msg = load_err("[promotion.matrix.all]\n5 = { 5 = 0.1 }\n");
    assert!(
        msg.contains("s.toml:2:7") && msg.contains("moves to itself"),
        "{msg}"
    );
    let msg = load_err("[promotion.matrix.all]\n8e = { 9 = 0.1 }\n");
    assert!(
        msg.contains("s.toml:2:1") && msg.contains("unknown band `8e`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `8"), "{msg}");
    let msg = load_err("[promotion.matrix.role.data_scientits]\n5 = { 6 = 0.1 }\n");
    assert!(msg.contains("did you mean `data_scientist`?"), "{msg}");
    let msg = load_err("[promotion.matrix]\nal = { 5 = { 6 = 0.1 } }\n");
    assert!(
        msg.contains("s.toml:2:1") && msg.contains("did you mean `all`?"),
        "{msg}"
    );
}

/// Problems from different tables come back in file order.
#[test]
fn problems_are_reported_in_file_order() {
    let msg = load_err(
        "[promotion.matrix.all]\n5 = { 6 = 1.5 }\n[upskilling.a]\nplaces = 10\ncourse_years = 9\ncompletion = 0.8\n",
    );
    let (first, second) = (
        msg.find("s.toml:2:").unwrap(),
        msg.find("s.toml:5:").unwrap(),
    );
    assert!(first < second, "{msg}");
}
