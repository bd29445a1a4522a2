//! Model invariants on the shipped scenarios: conservation of people, no negative counts,
//! determinism, and the central draw's expectations.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

mod common;

use std::path::Path;

use common::assert_conserved;

use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::run::run_monte_carlo;
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Scenario};
use wfcast_core::{Measure, Metric};

fn metric(name: &str) -> usize {
    Metric::RECORDED
        .iter()
        .position(|m| m.name() == name)
        .unwrap()
}

fn shipped(name: &str, draws: u64) -> (Scenario, Baseline) {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped(name, &b).unwrap();
    s.draws = draws;
    (s, b)
}

/// stock(t+1) = stock(t) + joiners - leavers - retirements + moves in - moves out, for every
/// draw, year and role x region; moves between roles and regions (including the Digital
/// Academy's role changes, which run every year here) sum to zero nationally.
#[test]
fn people_are_conserved_every_year() {
    let (s, b) = shipped("grow-our-own.toml", 40);
    let p = run_monte_carlo(&s, &b, &|| {});
    assert_conserved(&p);
    let mi = metric("moves_in");
    for d in 0..p.draws as usize {
        for y in 1..p.years.len() {
            let all_in: f64 = p.role_regions().map(|rr| p.value(d, y, rr, mi)).sum();
            assert!(
                all_in > 0.0,
                "the shipped scenarios move people between roles and regions"
            );
            for route in ["upskilled_data_academy", "upskilled_digital_leadership"] {
                let k = p.slot(&Measure::parse(route).unwrap()).unwrap();
                let moved: f64 = p.role_regions().map(|rr| p.value(d, y, rr, k)).sum();
                assert!(moved > 0.0, "{route} moves people in draw {d} year {y}");
            }
        }
    }
}

#[test]
fn no_count_is_negative_and_the_base_year_is_the_data_on_average() {
    let (s, b) = shipped("investment-stalls.toml", 30);
    let p = run_monte_carlo(&s, &b, &|| {});
    // every count is a number of people or WTE, except the recruitment need, which is
    // negative in a year the establishment is cut below the staff and posts already there
    let need = p.slot(&Metric::RecruitmentNeed.into()).unwrap();
    let k = p.metrics.len();
    assert!(p.records.iter().all(|v| v.is_finite()));
    assert!(
        p.records
            .iter()
            .enumerate()
            .all(|(i, &v)| v >= 0.0 || i % k == need)
    );
    let rows = summarise(&p, RegionFilter::All);
    let national_2024 = rows
        .iter()
        .find(|r| {
            r.year == 2024 && r.role == "ALL" && r.region == "ALL" && r.metric == Metric::Headcount
        })
        .unwrap();
    // the shipped futures count the base year with an uncertain multiplier of mean 1
    // (`[baseline] stock`): draw 0 is the data, and the draws' mean is the data's count
    // within four standard errors of the mean
    let data = b.total_headcount() as f64;
    let hc = p.slot(&Metric::Headcount.into()).unwrap();
    let draw0: f64 = p.role_regions().map(|rr| p.value(0, 0, rr, hc)).sum();
    assert_eq!(draw0, data);
    let (mean, sd) = (national_2024.stats.mean, national_2024.stats.sd);
    assert!(sd > 0.0);
    assert!(
        (mean - data).abs() <= 4.0 * sd / (p.draws as f64).sqrt(),
        "{mean} (sd {sd}) vs {data}"
    );
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let (s, b) = shipped("data-driven.toml", 24);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run_monte_carlo(&s, &b, &|| {}));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| run_monte_carlo(&s, &b, &|| {}));
    assert_eq!(one.records, two.records);
    assert_eq!(one.sampled, two.sampled);
}

/// Rolled-up quantiles are computed from per-draw sums: the national P90 is the P90 of the
/// draws' national totals (recomputed here from the raw records), and the national mean is
/// the sum of the regional means.
#[test]
fn roll_ups_sum_per_draw() {
    let (s, b) = shipped("data-driven.toml", 50);
    let p = run_monte_carlo(&s, &b, &|| {});
    let rows = summarise(&p, RegionFilter::All);
    let pick = |region: &str| {
        rows.iter()
            .find(|r| {
                r.year == 2030 && r.role == "ALL" && r.region == region && r.metric == Metric::Wte
            })
            .unwrap()
            .stats
    };
    let national = pick("ALL");
    let regions: Vec<_> = p.geography.place_ids().map(pick).collect();
    let sum_means: f64 = regions.iter().map(|s| s.mean).sum();
    assert!((national.mean - sum_means).abs() < 1e-6 * national.mean);
    let wte = metric("wte");
    let last = p.years.len() - 1;
    let mut totals: Vec<f64> = (0..p.draws as usize)
        .map(|d| p.role_regions().map(|rr| p.value(d, last, rr, wte)).sum())
        .collect();
    let direct = wfcast_core::analysis::Stats::of(&mut totals);
    for (a, b) in national.q.iter().zip(direct.q) {
        assert!(
            (a - b).abs() < 1e-9 * b,
            "rolled-up quantile {a} vs quantile of per-draw totals {b}"
        );
    }
    for r in &rows {
        assert!(
            r.stats.q.windows(2).all(|w| w[0] <= w[1]),
            "quantiles out of order in {r:?}"
        );
    }
}

/// With every parameter fixed, no growth and recruitment off, the expected number of
/// leavers in the first year is known in closed form from the data: sum over cells of
/// n * p_leave. The mean over draws must sit within 4 standard errors of it.
#[test]
fn first_year_leavers_match_their_expectation() {
    let b = Baseline::embedded().unwrap();
    let text = "[scenario]\ndraws = 400\n[leaving]\nmultiplier = 1.0\n[retirement]\nmultiplier = 0.0\n[promotion]\nmultiplier = 0.0\n[recruitment]\nfill_rate = 0.0\n";
    let s = Scenario::from_str(Path::new("fixed.toml"), text, &b).unwrap();
    let p = run_monte_carlo(&s, &b, &|| {});
    let mut expected = 0.0;
    let mut variance = 0.0;
    for (r, role) in b.roles.iter().enumerate() {
        for g in 0..7 {
            for band in 0..11 {
                for age in 0..11 {
                    let n = f64::from(b.headcount[b.cell(r, g, band, age)]);
                    let q = (role.leaver_rate
                        * b.band_leaver_multiplier[band]
                        * b.age_leaver_multiplier[age])
                        .min(1.0);
                    expected += n * q;
                    variance += n * q * (1.0 - q);
                }
            }
        }
    }
    let l = metric("leavers");
    let totals: Vec<f64> = (0..p.draws as usize)
        .map(|d| p.role_regions().map(|rr| p.value(d, 1, rr, l)).sum())
        .collect();
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    let se = (variance / totals.len() as f64).sqrt();
    assert!(
        (mean - expected).abs() < 4.0 * se,
        "mean leavers {mean} vs expected {expected} (se {se})"
    );
}
