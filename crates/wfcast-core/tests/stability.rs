//! Value stability: pins seeded numbers of the random streams (binomial and multinomial
//! flows, each kind of uncertain number, a scenario's sampled parameters), so that a change
//! of generator, of rand/rand_distr's algorithms or of the order of draws is caught. The
//! engine's own seeded output is pinned in tests/model.rs. If a change is deliberate, update
//! the numbers and say why in the commit message.
//!
//! Floating-point values are compared to 1e-12 relative: a changed stream moves them by far
//! more, while a platform's last-bit difference in `ln`/`exp` does not fail the test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::path::Path;

use wfcast_core::model::DrawPlan;
use wfcast_core::rng::{binomial, draw_stream, multinomial, param_stream};
use wfcast_core::scenario::Uncertain;
use wfcast_core::{Baseline, Scenario};

fn close(got: &[f64], pinned: &[f64]) {
    assert_eq!(got.len(), pinned.len(), "{got:?}");
    for (g, p) in got.iter().zip(pinned) {
        assert!(
            (g - p).abs() <= 1e-12 * p.abs().max(1.0),
            "got {got:?}, pinned {pinned:?}"
        );
    }
}

#[test]
fn binomial_draws_are_pinned() {
    let mut rng = draw_stream(2024, 7);
    let got: Vec<u64> = [
        (9, 0.3),
        (15, 0.5),
        (40, 0.2),
        (1000, 0.07),
        (250_000, 0.11),
    ]
    .iter()
    .flat_map(|&(n, p)| [binomial(&mut rng, n, p), binomial(&mut rng, n, p)])
    .collect();
    assert_eq!(got, PINNED_BINOMIAL, "{got:?}");
}

#[test]
fn multinomial_draws_are_pinned() {
    let mut rng = draw_stream(2024, 8);
    let mut out = [0u64; 4];
    let mut got = Vec::new();
    for n in [7, 120, 5000] {
        multinomial(&mut rng, n, &[0.85, 0.08, 0.05, 0.02], &mut out);
        got.extend(out);
    }
    assert_eq!(got, PINNED_MULTINOMIAL, "{got:?}");
}

#[test]
fn each_kind_of_uncertain_number_is_pinned() {
    let kinds = [
        Uncertain::Normal {
            mean: 0.05,
            sd: 0.01,
        },
        Uncertain::Triangular {
            min: 0.8,
            mode: 1.0,
            max: 1.3,
        },
        Uncertain::Uniform { lo: 20.0, hi: 40.0 },
        Uncertain::Beta { a: 34.0, b: 16.0 },
        Uncertain::Quantiles {
            p10: 0.6,
            p90: 0.75,
        },
    ];
    let got: Vec<f64> = kinds
        .iter()
        .enumerate()
        .flat_map(|(i, u)| {
            let mut rng = param_stream(20_300_101, i as u64, "pinned");
            [
                u.sample(&mut rng, f64::NEG_INFINITY, f64::INFINITY),
                u.sample(&mut rng, f64::NEG_INFINITY, f64::INFINITY),
            ]
        })
        .collect();
    close(&got, &PINNED_UNCERTAIN);
}

#[test]
fn a_scenarios_sampled_parameters_are_pinned() {
    let b = Baseline::embedded().unwrap();
    let text = r#"[scenario]
name = "pinned"
seed = 42
[demand]
growth = { normal = [0.03, 0.01] }
[recruitment]
fill_rate = { beta = [34, 16] }
[leaving]
multiplier = { triangular = [0.9, 1.0, 1.2] }
"#;
    let s = Scenario::from_str(Path::new("pinned.toml"), text, &b).unwrap();
    let plan = DrawPlan::new(&s, &b);
    let names = plan.uncertain_names();
    let mut got = Vec::new();
    for draw in 0..3 {
        let p = plan.sample(draw);
        for name in [
            "demand.growth.all",
            "recruitment.fill_rate.all",
            "leaving.multiplier.all",
        ] {
            let i = names.iter().position(|n| *n == name).expect(name);
            got.push(p.sampled[i]);
        }
    }
    close(&got, &PINNED_SAMPLED);
}

const PINNED_BINOMIAL: [u64; 10] = [1, 4, 8, 6, 3, 4, 60, 75, 27792, 27641];
const PINNED_MULTINOMIAL: [u64; 12] = [7, 0, 0, 0, 106, 11, 2, 1, 4232, 389, 284, 95];
const PINNED_UNCERTAIN: [f64; 10] = [
    0.04426465018462736,
    0.038199613187734655,
    1.0139819838057464,
    1.0290616301573254,
    22.508946935338223,
    31.184604131364786,
    0.6832272957769298,
    0.7182337386929335,
    0.6534520401423228,
    0.7478592879864675,
];
/// Draw 0 is the central projection: mean, beta mean 34/50, triangular mean (0.9+1+1.2)/3.
const PINNED_SAMPLED: [f64; 9] = [
    0.03,
    0.68,
    1.0333333333333332,
    0.028610389340513267,
    0.6065863670981855,
    1.0060788687183504,
    0.04135135477124309,
    0.7214266672534323,
    0.9926929793128242,
];
